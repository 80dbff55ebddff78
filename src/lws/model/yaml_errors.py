"""The YAML reader's problems, each located, with a hint an author can act on.

:mod:`lws.model.yaml_tree` decides *when* something is wrong; this module says *what* to
tell the author (the YAML 1.1 surprises are worded with the scalars they concern, in
:mod:`lws.model.yaml_scalars`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from lws.core.diagnostics import DataPath, Diagnostic, Severity
from lws.core.errors import Location, LwsError
from lws.core.quantities import format_number
from lws.model.document import Mark

STD = "tag:yaml.org,2002:"


def located_error(file: str, mark: Mark, message: str, hint: str) -> LwsError:
    return LwsError(message, location=Location(file, mark.line, mark.col), hint=hint)


def problem_at(file: str, mark: Mark, path: DataPath, message: str, hint: str) -> Diagnostic:
    return Diagnostic(file, mark.line, mark.col, Severity.ERROR, path, message, hint)


# -- problems reported together at the end (the reader carries on past them) ---------------


def bad_tag(file: str, tag: str, mark: Mark) -> Diagnostic:
    return problem_at(
        file,
        mark,
        (),
        f"tag {tag.replace(STD, '!!')} is not allowed",
        "lws reads plain data only; remove the tag (quote the value if it is text)",
    )


def merge_key(file: str, path: DataPath, mark: Mark) -> Diagnostic:
    return problem_at(
        file, mark, path, "merge keys (<<) are not supported", "write the keys out in full"
    )


def duplicate_key(file: str, path: DataPath, mark: Mark, first: Mark) -> Diagnostic:
    return problem_at(
        file,
        mark,
        path,
        f"duplicate key '{path[-1]}' (first given at line {first.line})",
        "each key may appear once in a mapping; remove or rename one of them",
    )


# -- problems that stop the reader ---------------------------------------------------------


def second_document(file: str, mark: Mark) -> LwsError:
    return located_error(
        file,
        mark,
        "file holds more than one YAML document (a second '---')",
        "keep one document per file; remove the extra '---' line",
    )


def unknown_alias(file: str, mark: Mark, name: str | None) -> LwsError:
    return located_error(
        file,
        mark,
        f"alias *{name} refers to no complete anchor &{name}",
        "define the anchor before using it, or write the value out",
    )


def too_many_values(file: str, mark: Mark, limit: int, *, aliased: bool) -> LwsError:
    if not aliased:
        return located_error(
            file,
            mark,
            f"file holds more than {format_number(limit)} values",
            "split the section into smaller files, or remove pasted data",
        )
    return located_error(
        file,
        mark,
        f"file expands to more than {format_number(limit)} values through aliases",
        "this looks like an alias bomb; write values out instead of using & and *",
    )


def too_deep(file: str, mark: Mark, limit: int) -> LwsError:
    return located_error(
        file,
        mark,
        f"data is nested more than {limit} levels deep",
        "lws sections are at most a few levels deep; check the indentation",
    )


def collection_key(file: str, mark: Mark) -> LwsError:
    return located_error(
        file,
        mark,
        "a mapping key must be plain text, not a list or mapping",
        "write the key as a word followed by a colon, e.g. title:",
    )


def alias_key(file: str, mark: Mark) -> LwsError:
    return located_error(
        file, mark, "an alias cannot be used as a mapping key", "write the key out as plain text"
    )


def unreadable_character(file: str, before: str, character: int | str) -> LwsError:
    """A character YAML refuses; ``before`` is the text before it (for its position)."""
    where = Mark(before.count("\n") + 1, len(before) - before.rfind("\n"))
    return located_error(
        file,
        where,
        f"character U+{codepoint(character):04X} is not allowed in YAML",
        "remove invisible control characters (often pasted from another program)",
    )


def syntax_error(
    file: str, exc: yaml.MarkedYAMLError, depth_limit: int, text: str = ""
) -> LwsError:
    """PyYAML's (or libyaml's) syntax error in an author's words, at its position.

    ``text`` is the source, to see the character the error stands at (libyaml does not
    name a tab it refuses).
    """
    mark: Any = exc.problem_mark or exc.context_mark
    where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
    problem = (exc.problem or "invalid YAML").strip()
    if "'\\t'" in problem or "found a tab" in problem or _character_at(text, where) == "\t":
        return located_error(
            file,
            where,
            "tab character used for indentation",
            "YAML indents with spaces only; replace the tab with spaces",
        )
    if "maximum nesting depth" in problem:
        return too_deep(file, where, depth_limit)
    context = (
        f" ({exc.context.strip()} at line {exc.context_mark.line + 1})"
        if (exc.context and exc.context_mark)
        else ""
    )
    return located_error(
        file,
        where,
        f"YAML syntax error: {problem}{context}",
        syntax_hint(problem, exc.context or ""),
    )


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
    if "anchor" in context or "alias" in context:
        return "a name must follow & or * directly; quote text that starts with & or *"
    if "did not find expected" in problem or "expected <block end>" in problem:
        return "check the indentation: items of one list or mapping must line up"
    return "check the quoting and indentation near this position"


def _character_at(text: str, where: Mark) -> str:
    """The character at a 1-based line and column of ``text`` ('' past its end)."""
    lines = text.split("\n")
    line = lines[where.line - 1] if where.line <= len(lines) else ""
    return line[where.col - 1 : where.col]


def codepoint(character: int | str) -> int:
    # libyaml reports the code point, the pure-Python reader the character itself.
    return character if isinstance(character, int) else ord(character)


#: Characters YAML reads as line breaks that most editors do not show as one, so that every
#: line number after them would drift: the author's line 30 would be YAML's line 31.
_HIDDEN_BREAKS = {
    "\u2028": ("U+2028 LINE SEPARATOR", "replace it with a space, or a new line"),
    "\u2029": ("U+2029 PARAGRAPH SEPARATOR", "replace it with a space, or a new line"),
    "\u0085": ("U+0085 NEXT LINE", "replace it with a space, or a new line"),
    "\r": (
        "a carriage return without a line feed (an old Mac line ending)",
        "save the file with LF (or CRLF) line endings",
    ),
}
_HIDDEN = re.compile("[\u2028\u2029\u0085]|\r(?!\n)")


def hidden_line_breaks(file: str, text: str) -> list[Diagnostic]:
    """Each character YAML takes as a line break but an editor may not, located as editors
    count lines (at line feeds only), so nothing after it is misplaced."""
    found = []
    for hit in _HIDDEN.finditer(text):
        before = text[: hit.start()]
        where = Mark(before.count("\n") + 1, len(before) - before.rfind("\n"))
        name, fix = _HIDDEN_BREAKS[hit.group()]
        message = f"{name}: YAML reads it as a line break, which most editors do not show"
        found.append(Diagnostic(file, where.line, where.col, Severity.ERROR, (), message, fix))
        if len(found) == 20:
            break
    return found
