"""The only YAML reader in lws: safe, strict, and keeping the position of every value.

The loader works on PyYAML's event stream rather than its constructors, so that it can

* reject duplicate keys, unknown tags (``!!python/object``…) and several documents per file;
* bound nesting depth and alias expansion (a "billion laughs" file fails fast);
* keep the 1-based line and column of every value and every mapping key;
* remember the source text of plain scalars that YAML 1.1 turned into something other than
  text (``1.10`` → ``1.1``, ``2025-04-01`` → a date), so validation can explain the surprise
  where the schema wants text;
* report, as a located error, every implicit YAML 1.1 conversion that changes what the author
  wrote (``80:20`` → 4820, ``017`` → 15, ``1_000``, ``0x1F``, ``.inf``, ``no`` → false…),
  keeping the value as written, so nothing downstream ever sees the converted value.

It also reports encoding problems (non-UTF-8 bytes, UTF-16, a byte-order mark) and tab
indentation with a precise position before YAML sees them.

This module reads files and bytes; :mod:`~lws.model.yaml_tree` builds the data from events,
with :mod:`~lws.model.yaml_scalars` (values, and the YAML 1.1 conversions that change them),
:mod:`~lws.model.yaml_positions` (positions) and :mod:`~lws.model.yaml_errors` (the wording
of structural problems); :mod:`~lws.model.document` is what a load returns.
"""

from __future__ import annotations

import stat
from pathlib import Path

from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError
from lws.core.quantities import format_number
from lws.core.realpaths import RealPaths
from lws.model.document import Document, Mark
from lws.model.yaml_errors import hidden_line_breaks, located_error
from lws.model.yaml_tree import MAX_DEPTH, MAX_NODES, TreeBuilder

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "Document",
    "Mark",
    "load_bytes",
    "load_file",
]

MAX_FILE_BYTES = 8 * 1024 * 1024


def load_file(
    path: Path, root: Path, display: str | None = None, real: RealPaths | None = None
) -> Document:
    """Load ``path``, refusing anything that resolves outside ``root`` or is too large
    (``real`` resolves the paths, for a caller that loads many files from one folder)."""
    name = display or path.as_posix()
    real = real or RealPaths()
    try:
        resolved = real.file(path)
        inside = real.folder(root)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on Python < 3.13
        raise located_error(
            name, Mark(1, 1), "file is a symbolic link that loops", "replace it with a real file"
        ) from None
    if not resolved.is_relative_to(inside):
        raise located_error(
            name,
            Mark(1, 1),
            f"file resolves to {resolved}, outside the project",
            "lws reads only files inside the project; replace the link with a real file",
        )
    try:
        info = resolved.stat()
        if not stat.S_ISREG(info.st_mode):
            raise located_error(
                name, Mark(1, 1), "not a regular file", "a section must be a plain YAML file"
            )
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise located_error(
                name,
                Mark(1, 1),
                f"file is {format_number(round(size / 1024 / 1024, 1))} MiB; "
                "lws reads section files up to "
                f"{MAX_FILE_BYTES // 1024 // 1024} MiB",
                "split the section into smaller files, or remove pasted data",
            )
        raw = resolved.read_bytes()
    except OSError as exc:
        raise located_error(
            name,
            Mark(1, 1),
            f"cannot read file: {exc.strerror}",
            "check that the file exists and is readable (a broken link?)",
        ) from None
    return load_bytes(raw, name)


def load_bytes(raw: bytes, file: str) -> Document:
    """Load YAML from bytes; raise ``LwsError`` with located diagnostics on bad input."""
    warnings: list[Diagnostic] = []
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise located_error(
            file, Mark(1, 1), "file is encoded as UTF-32", "save the file as UTF-8 (no BOM)"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise located_error(
            file, Mark(1, 1), "file is encoded as UTF-16", "save the file as UTF-8 (no BOM)"
        )
    if b"\x00" in raw[:64]:
        raise located_error(
            file,
            Mark(1, 1),
            "file contains NUL bytes (UTF-16 or UTF-32 without a byte-order mark?)",
            "save the file as UTF-8",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        warnings.append(
            Diagnostic(
                file,
                1,
                1,
                Severity.WARNING,
                (),
                "file starts with a UTF-8 byte-order mark",
                "save the file as UTF-8 without BOM (most editors call it plain 'UTF-8')",
            )
        )
    text = _decode(raw, file)
    hidden = hidden_line_breaks(file, text)
    if hidden:
        raise LwsError(hidden)
    doc = TreeBuilder(file, text).build()
    doc.warnings[:0] = warnings
    return doc


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        bad = raw[exc.start]
        raise located_error(
            file,
            Mark(line, col),
            f"byte 0x{bad:02X} is not valid UTF-8",
            "the file was probably saved as Windows-1252 or Latin-1; save it as UTF-8",
        ) from None
