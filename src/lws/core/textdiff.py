"""The unified diff that ``--dry-run`` and ``--check`` print for a file lws would rewrite."""

from __future__ import annotations

import difflib


def file_diff(display: str, old: bytes, new: bytes) -> str:
    """A unified diff from ``old`` (the file on disk) to ``new`` ('' if they are the same)."""
    lines = difflib.unified_diff(
        old.decode("utf-8", "replace").splitlines(),
        new.decode("utf-8", "replace").splitlines(),
        f"a/{display}",
        f"b/{display}",
        lineterm="",
    )
    return "".join(f"{line}\n" for line in lines)
