"""The loader's problems as located errors, with a hint an author can act on."""

from __future__ import annotations

from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError
from lws.model.document import Mark


def located_error(file: str, mark: Mark, message: str, hint: str) -> LwsError:
    return LwsError([Diagnostic(file, mark.line, mark.col, Severity.ERROR, (), message, hint)])


def syntax_hint(problem: str, context: str = "") -> str:
    if "flow sequence" in context:
        return "a '[' is not closed; add the missing ']' (or quote text that starts with '[')"
    if "flow mapping" in context:
        return "a '{' is not closed; add the missing '}'"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, or the indentation is off"
    if "could not find expected ':'" in problem:
        return "each line of a mapping needs 'key: value'; check for a missing colon"
    if "found character" in problem and "cannot start any token" in problem:
        return "quote values that begin with special characters such as @, ` or %"
    if "did not find expected" in problem or "expected <block end>" in problem:
        return "check the indentation: items of one list or mapping must line up"
    if "found undefined alias" in problem or "anchor" in problem:
        return "anchors (&name) must be defined before aliases (*name) use them"
    if "special characters are not allowed" in problem or "control characters" in problem:
        return "remove invisible control characters (often pasted from another program)"
    return "check the quoting and indentation near this position"


def codepoint(character: int | str) -> int:
    # libyaml reports the code point, the pure-Python reader the character itself.
    return character if isinstance(character, int) else ord(character)
