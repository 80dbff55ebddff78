"""Patterns (a schema's ``regex`` rules) matched in linear time, against the whole text.

A trust may override lws's schemas, so a pattern is data from the repository: with Python's
backtracking engine a pattern such as ``^(a+)+$`` takes minutes on a short string. Patterns
are compiled by RE2 (``google-re2``), whose matching time grows with the text, never
exponentially; it has no backreferences or lookaround, which a pattern then cannot use.
Every pattern must match the whole value: Python's ``$`` also matches before a final
newline, so ``"A2\\n"`` passed ``^[A-Z][0-9]$``; RE2's full match does not let it.
"""

from __future__ import annotations

import functools
from typing import Any

import re2


class PatternError(ValueError):
    """A pattern RE2 cannot compile (a syntax error, or a feature it does not have)."""


_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would print its own complaint to standard error


@functools.lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> Any:
    """The pattern compiled for :func:`full_match`; :class:`PatternError` if it cannot be."""
    try:
        return re2.compile(pattern, options=_OPTIONS)
    except re2.error as exc:
        detail = str(exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc)
        raise PatternError(
            f"pattern {pattern!r} cannot be used ({detail}); patterns may not use "
            "backreferences or lookaround, which can take unbounded time"
        ) from None


def full_match(pattern: str, text: str) -> bool:
    """True when ``pattern`` matches all of ``text`` (not just up to a final newline)."""
    return compile_pattern(pattern).fullmatch(text) is not None
