"""The machine's faults as user errors: a failed read or write, a malformed environment.

A full disk, a read-only checkout, a file-size limit, a path through a file: none is a bug in
lws, and none should end in a traceback. :func:`os_fault` turns an :class:`OSError` into an
:class:`~lws.core.errors.LwsError` naming the file, what went wrong and what to do about it;
the command line's error boundary uses it for every ``OSError`` that escapes a command.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping

from lws.core.errors import LwsError, UsageError

#: What to do about each kind of failure, by errno.
_HINTS: Mapping[int, str] = {
    errno.ENOSPC: "the disk is full: free some space, then run the command again",
    errno.EDQUOT: "your disk quota is used up: free some space, then run the command again",
    errno.EFBIG: "the file is larger than this session may write (see `ulimit -f`)",
    errno.EROFS: "the file system is read-only: work in a writable copy of the repository",
    errno.EACCES: "you may not read or write it: check its permissions and its directory's",
    errno.EPERM: "you may not read or write it: check its permissions and its directory's",
    errno.ENOTDIR: "a part of this path is a file, not a directory: move or rename that file",
    errno.EISDIR: "this is a directory where lws expects a file: move or rename it",
    errno.EEXIST: "something is already there: move or rename it",
    errno.ENOENT: "check that the path exists and is spelt as intended",
    errno.ENAMETOOLONG: "use a shorter path",
    errno.EMFILE: "too many files are open: close some programs and try again",
    errno.EOVERFLOW: "a value is too large for the file system (a timestamp or a size)",
    errno.ELOOP: "a symbolic link in this path points back at itself",
}

#: The build's timestamp lies between 1970 and the end of 9999 (zip files, which start at
#: 1980, clamp earlier times themselves).
EPOCH_MIN, EPOCH_MAX = 0, 253_402_300_799


class MachineError(LwsError):
    """Reading or writing a file failed for a reason outside lws (exit status 1)."""


def os_fault(exc: OSError) -> MachineError:
    """The user error an ``OSError`` means: what failed, on which file, and what to do."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    reason = reason[:1].lower() + reason[1:]
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    where = f"{' -> '.join(names)}: " if names else ""
    hint = _HINTS.get(exc.errno or 0, "")
    return MachineError(f"{where}{reason}", hint=hint)


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> int | None:
    """``SOURCE_DATE_EPOCH`` as seconds since 1970, or None when it is unset or empty.

    Raises :class:`~lws.core.errors.UsageError` when it is not a whole number of seconds
    from 1970-01-01 to the end of 9999-12-31 (UTC).
    """
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    hint = (
        "set it to a whole number of seconds since 1970-01-01 UTC between "
        f"{EPOCH_MIN} and {EPOCH_MAX} (9999-12-31), e.g. "
        "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it"
    )
    if not raw.isascii() or not raw.isdigit() or len(raw) > 20:
        raise UsageError(f"SOURCE_DATE_EPOCH is not a number of seconds: {raw[:40]!r}", hint=hint)
    value = int(raw)
    if not EPOCH_MIN <= value <= EPOCH_MAX:
        raise UsageError(f"SOURCE_DATE_EPOCH is out of range: {value}", hint=hint)
    return value
