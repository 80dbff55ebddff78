"""lws's own YAML files (its schemas and criteria), parsed once per version and kept.

Every ``lws check`` reads lws's packaged schemas and criteria as well as the trust's files;
parsing them with the positional loader is about a third of the command's time. They are
the same bytes on every run, so the loaded :class:`~lws.model.load.Document` is kept as
JSON in the user's private cache (:func:`lws.core.cache.private_cache`), named by a hash
of the file's bytes and name, and read back in a fraction of the time. Only lws's own files
are cached, only documents that round-trip through JSON exactly, and any problem with the
cache falls back to parsing the file. A file's positions are kept as a JSON text of their
own inside it, decoded only for a caller that asks for them (a schema's are needed only to
place a problem in it). What lws works out from its own files alone (a section schema's
expanded rules and fast-path JSON Schema, :mod:`lws.model.schema`) is kept beside them with
:func:`keep_json`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from lws import __version__
from lws.core.atomic import write_atomically
from lws.core.cache import private_cache
from lws.model.load import Document, Mark, load_file

_FIELDS = ("file", "data", "values", "keys", "plain", "warnings")
_DATE = "\u0000date"


def parsed_cache() -> Path | None:
    """The folder parsed files are kept in (None: keep none); ask once per command."""
    return private_cache(f"parsed-{__version__}")


_UNASKED = Path()


def load_packaged(
    path: Path, display: str, folder: Path | None = _UNASKED, *, positions: bool = True
) -> Document:
    """:func:`~lws.model.load.load_file` for a file shipped with lws, kept between runs in
    ``folder`` (by default :func:`parsed_cache`'s answer). With ``positions=False`` a kept
    file's data comes back without its positions (a caller that reads only the data, such as
    a schema, need not decode thousands of them)."""
    if folder is _UNASKED:
        folder = parsed_cache()
    if folder is None:
        return load_file(path, path.parent, display)
    try:
        raw = path.read_bytes()
    except OSError:
        return load_file(path, path.parent, display)  # which says what is wrong
    key = hashlib.sha256(display.encode() + b"\0" + raw).hexdigest()[:32]
    kept = folder / f"{key}.json"
    try:
        stored = json.loads(kept.read_text(encoding="utf-8"), object_hook=_date_in)
        return _decode(stored, positions=positions)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    doc = load_file(path, path.parent, display)
    encoded = _encode(doc)
    if encoded is not None:
        with contextlib.suppress(OSError):  # a cache that cannot be written is no cache
            write_atomically(kept, encoded.encode("utf-8"))
    return doc


def kept_json(folder: Path, name: str) -> Any:
    """What :func:`keep_json` kept as ``name`` in ``folder``; raise OSError or ValueError when
    nothing is."""
    return json.loads((folder / name).read_text(encoding="utf-8"), object_hook=_date_in)


def keep_json(folder: Path, name: str, value: Any) -> None:
    """Keep ``value`` as ``name`` in ``folder`` if JSON holds it exactly (dates tagged): what
    :func:`kept_json` gives back is always equal to what was kept."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, default=_date_out)
        if json.loads(text, object_hook=_date_in) != value:
            return
    except (TypeError, ValueError, RecursionError):
        return
    with contextlib.suppress(OSError):  # a cache that cannot be written is no cache
        write_atomically(folder / name, text.encode("utf-8"))


def _encode(doc: Document) -> str | None:
    """The document as JSON, or None when JSON cannot hold it exactly. Its positions are
    a JSON text within it, read only when asked for."""
    if tuple(f.name for f in dataclasses.fields(doc)) != _FIELDS or doc.warnings:
        return None
    try:
        where = {
            "values": [[list(p), m.line, m.col] for p, m in doc.values.items()],
            "keys": [[list(p), m.line, m.col] for p, m in doc.keys.items()],
            "plain": [[list(p), text] for p, text in doc.plain.items()],
        }
        text = json.dumps(
            {
                "file": doc.file,
                "data": doc.data,
                "positions": json.dumps(where, ensure_ascii=False, allow_nan=False),
            },
            ensure_ascii=False,
            allow_nan=False,
            default=_date_out,
        )
        same = _decode(json.loads(text, object_hook=_date_in), positions=True) == doc
    except (TypeError, ValueError):
        return None
    return text if same else None


def _date_out(value: object) -> dict[str, str]:
    if type(value) is dt.date:  # a schema's examples and defaults may be dates
        return {_DATE: value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not kept")


def _date_in(value: dict[str, Any]) -> Any:
    if len(value) == 1 and _DATE in value:  # the round trip rejects data that looks like this
        return dt.date.fromisoformat(value[_DATE])
    return value


_new_mark: Any = tuple.__new__  # Mark(line, col) without the named tuple's own __new__


def _decode(data: dict[str, Any], *, positions: bool) -> Document:
    if type(data["file"]) is not str or type(data["positions"]) is not str:
        raise TypeError("not a kept document")
    doc = Document(file=data["file"], data=data["data"])
    if positions:
        where = json.loads(data["positions"])
        doc.values = {tuple(p): _new_mark(Mark, (line, col)) for p, line, col in where["values"]}
        doc.keys = {tuple(p): _new_mark(Mark, (line, col)) for p, line, col in where["keys"]}
        doc.plain = {tuple(p): text for p, text in where["plain"]}
    return doc
