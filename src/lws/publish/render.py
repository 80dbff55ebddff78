"""Jinja2 → Pandoc Markdown, pure: data in, Markdown text out.

Author text is data. Every ``{{ value }}`` is escaped for Pandoc Markdown by the
environment's ``finalize`` hook unless the value is already :class:`Markdown` (made by
lws's own filters), so a template cannot forget to escape. The filters build tables,
lists and links from data; templates only loop and branch (``StrictUndefined``: a
missing value fails loudly). Jinja's comment delimiters are moved to ``{##`` ``##}`` so
Pandoc attributes such as ``{#sec:vision}`` pass through.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from lws.core.dates import MONTHS, format_date
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError
from lws.core.quantities import format_number
from lws.publish.escaping import Markdown as Markdown  # defined where a conversion finds it
from lws.publish.escaping import escape as escape

_EMAIL = re.compile(r"^[^@\s<>\"'`\\()\[\]]+@[^@\s<>\"'`\\()\[\]]+\.[A-Za-z]{2,}$")
_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s<>\"'`\\]+$")


def escape_block(value: Any) -> Markdown:
    """Author text as paragraphs: blank lines separate paragraphs, each escaped."""
    if isinstance(value, Markdown):
        return value
    paragraphs = re.split(r"\n\s*\n", "" if value is None else str(value))
    return Markdown("\n\n".join(escape(p) for p in paragraphs if p.strip()))


def link(url: Any, text: Any = None) -> Markdown:
    """A link to an http(s) or mailto address; anything else is shown as plain text."""
    target = str(url or "")
    label = escape(text if text is not None else target)
    if not _SAFE_URL.match(target):
        return label
    return Markdown(f"[{label}](<{target}>)")


def bullets(values: Iterable[Any]) -> Markdown:
    """A bullet list of author text."""
    lines = [f"- {escape(v)}" for v in values]
    return Markdown("\n".join(lines) + "\n" if lines else "")


def sentences(values: Iterable[Any]) -> Markdown:
    """Author texts said one after another, each a sentence with its own full stop (added
    only where the author gave none): ``["We listen.", "We act"]`` → ``We listen. We act.``"""
    said = [" ".join(str(v).split()) for v in values]
    return Markdown(
        " ".join(
            str(escape(s if s.rstrip("\"”’')]")[-1:] in (".", "!", "?", "…") else f"{s}."))
            for s in said
            if s
        )
    )


def listed(values: Iterable[Any]) -> Markdown:
    """Author texts as one list in a sentence: ``a``, ``a and b``, ``a, b and c``."""
    from babel.lists import format_list

    said = [str(escape(v)) for v in values if str(v)]
    return Markdown(format_list(said, locale="en_GB") if said else "")


_ENUM = re.compile(r"^[a-z]+(_[a-z]+)*$")


LABELS = {
    "cpd": "CPD",
    "childrens_plan": "Children's plan",
    "childrens_plan_objectives": "Children's plan objectives",
    "children_and_young_people": "Children and young people",
    "private_community_voluntary_sectors": "Private, community and voluntary sectors",
    # the forms an audience receives, as a reader would name them
    "html": "Web page",
    "pdf": "Printable copy",
    "docx": "Editable document",
    "pptx": "Slides",
}


def label(value: Any) -> str:
    """A schema value such as ``not_yet_started`` as words: ``Not yet started``."""
    text = str(value)
    if text in LABELS:
        return LABELS[text]
    return text.replace("_", " ").capitalize() if _ENUM.match(text) else text


def date_text(value: Any) -> str:
    """A date as authors write it in prose: ``1 April 2026``, ``July 2015``, ``2014–17``."""
    return format_date(value) if value is not None else ""


#: An empty table cell as printed.
EMPTY = "—"


def cell(value: Any) -> Markdown:
    """One table cell: lists joined, dates and yes/no spelt out, schema values as words."""
    if isinstance(value, Markdown):
        return value
    if value is None or value == "" or value == []:
        return Markdown(EMPTY)
    if isinstance(value, bool):
        return Markdown("Yes" if value else "No")
    if isinstance(value, list):
        return Markdown("; ".join(cell(v) for v in value))
    if isinstance(value, dict) and isinstance(value.get("as_written"), str):
        return escape(value["as_written"])  # a figure in words: {as_written: …, value: …}
    if isinstance(value, (dt.date, int, float)):
        return escape(date_text(value) if isinstance(value, dt.date) else format_number(value))
    return escape(label(value))


def mailto(address: Any) -> Markdown:
    """An email address as a mailto link (plain text if it does not look like one)."""
    text = str(address or "")
    return link(f"mailto:{text}", text) if _EMAIL.match(text) else escape(text)


def figure(chart: Any, caption: str | None = None) -> Markdown:
    """A chart made by lws as a Pandoc figure: caption, image path and alt text. ``caption``
    replaces the chart's own where there is less room (a slide); the alt text stays whole."""
    # Pandoc reads entities in an attribute ("&amp;" as "&"): an author's & is written as one
    alt = str(chart["alt"]).replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')
    attributes = f'{{#fig:{chart["name"]} fig-alt="{alt}"}}'
    shown = chart["caption"] if caption is None else caption
    return Markdown(f"![{escape(shown)}]({chart['path']}){attributes}\n\n")


_IMAGE_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*\.(png|svg|jpg|jpeg)$")


def photo(image: Any, kind: str = "photo") -> Markdown:
    """A repository image the strategy names (``path``, ``alt``, optional ``caption``): a
    captioned figure, or without a caption an image described by its alt text. ``kind``:
    ``photo`` (the column's width) or ``signature`` (a line's height)."""
    size = 'height="1.3cm"' if kind == "signature" else 'width="100%"'
    attributes = f".lws-{kind} {size}"
    path = str(image.get("path") or "")
    if not _IMAGE_PATH.match(path) or ".." in path.split("/"):
        return Markdown("")
    alt = str(image.get("alt") or "")
    if image.get("caption"):
        quoted = " ".join(alt.split()).replace("\\", "\\\\").replace('"', '\\"')
        return Markdown(
            f'![{escape(image["caption"])}]({path}){{{attributes} fig-alt="{quoted}"}}\n\n'
        )
    return Markdown(f"![{escape(alt)}]({path}){{{attributes}}}\\ \n\n")


#: Table columns that hold dates: a year there is a date (2015), not a figure (2,015).
DATE_KEYS = frozenset({"date", "due", "start", "end", "next_review", "updated", "review_date"})


def table(
    rows: Sequence[Mapping[str, Any]] | Sequence[Sequence[Any]],
    headers: Sequence[str],
    keys: Sequence[str] | None = None,
    align: str = "",
    caption: str = "",
) -> Markdown:
    """A pipe table of cells (see :func:`cell`); ``align`` has one of l/r/c per column. A
    column empty in every row is left out (and a table of nothing is no table).

    ``caption`` names the table for readers and screen readers (HTML ``<caption>``, a
    numbered table caption in PDF and DOCX).
    """
    if not rows:
        return Markdown("")

    def cells(row: Any) -> list[str]:
        if keys is None:
            return [cell(v) for v in row]
        return [
            escape(date_text(row.get(k))) if k in DATE_KEYS and row.get(k) else cell(row.get(k))
            for k in keys
        ]

    body = [[unbroken_dates(text) for text in cells(row)] for row in rows]
    aligns = (align or "l" * len(headers)).ljust(len(headers), "l")
    # a column with nothing in any row says nothing: it is left out, not printed as dashes
    kept = [i for i in range(len(headers)) if any(r[i] != EMPTY for r in body)]
    if not kept:
        return Markdown("")
    body = [[r[i] for i in kept] for r in body]
    head = [str(escape(headers[i])) for i in kept]
    widths = _widths([head, *body])
    line = [_rule(aligns[i], w) for i, w in zip(kept, widths, strict=True)]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(line) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in body]
    if caption:
        out += ["", f": {escape(caption)}"]
    return Markdown("\n".join(out) + "\n")


_DATE = re.compile(rf"\b(?:\d{{1,2}} )?(?:{'|'.join(MONTHS)}) \d{{4}}\b")


def unbroken_dates(text: str) -> str:
    """A table cell's dates ('30 September 2025', 'July 2015') with non-breaking spaces, so
    that a narrow column never breaks one across lines (HTML, DOCX and PDF all keep them);
    :func:`_widths` gives such a column room for the whole date."""
    return _DATE.sub(lambda found: found[0].replace(" ", "\u00a0"), text)


def _words(text: str) -> list[str]:
    """A cell's words: split at spaces only, so that a date held by non-breaking spaces is
    one word (``str.split`` would split there too)."""
    return [word for word in re.split(r"[ \t\n]+", text) if word]


#: Characters of table text (9.5 pt) that fit across A4's text width: the widths' budget.
TABLE_BUDGET = 86


def _text_width(word: str) -> float:
    """A word's width in average characters: capitals and digits are wider than lower case."""
    shown = re.sub(r"\\(.)", r"\1", word)  # as printed: Markdown's escapes dropped
    return sum(1.25 if c.isupper() or c.isdigit() else 1.0 for c in shown)


def _widths(rows: Sequence[Sequence[str]]) -> list[int]:
    """Relative column widths for Pandoc (it reads them from the dashes of the rule line).

    Every column gets room for its longest word (headers count a little wider, being
    bold) plus cell padding, so no word ever runs into the next cell; what is left of
    :data:`TABLE_BUDGET` goes to the columns whose text is long, so prose gets room and
    short figures do not.
    """
    columns = list(zip(*rows, strict=False))
    minima, wants = [], []
    for column in columns:
        head, *body = column
        words = [1.1 * _text_width(w) for w in _words(head)]
        words += [_text_width(w) for text in body for w in _words(text)]
        minimum = min(40, math.ceil(max(words, default=3)) + 2)  # +2: cell padding
        typical = sorted(len(text) for text in column)[len(column) * 3 // 4]
        minima.append(max(6, minimum))
        wants.append(max(minima[-1], min(40, typical // 3)))
    spare = TABLE_BUDGET - sum(minima)
    extra = sum(wants) - sum(minima)
    if sum(wants) <= TABLE_BUDGET or spare <= 0 or extra <= 0:
        return wants if sum(wants) <= TABLE_BUDGET else minima
    return [m + math.floor((w - m) * spare / extra) for m, w in zip(minima, wants, strict=True)]


def _rule(align: str, width: int) -> str:
    dashes = "-" * width
    if align == "r":
        return dashes[:-1] + ":"
    if align == "c":
        return ":" + dashes[2:] + ":"
    return ":" + dashes[1:]


_HEADING_LINE = re.compile(r"^(#{1,6})(?= )", re.MULTILINE)


def shift_headings(markdown: Any, by: int) -> Markdown:
    """lws's Markdown with every heading ``by`` levels deeper (negative: higher), kept
    between 1 and 6: a partial written for level 2 placed at level 1 (author text cannot
    start a line with ``#``: it is escaped)."""

    def moved(match: re.Match[str]) -> str:
        return "#" * max(1, min(6, len(match[1]) + by))

    return Markdown(_HEADING_LINE.sub(moved, str(markdown)))


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Markdown) else escape(value)


def environment(search_path: Sequence[Path], cache: Path | None = None) -> jinja2.Environment:
    """The one Jinja environment: the trust's templates first, then lws's defaults.

    ``cache`` is a private directory for compiled templates (:func:`lws.core.cache.private_cache`);
    Jinja checks each entry against the template's source, so an edit is never missed.
    """
    # A trust's templates are data, not code: the sandbox refuses attribute tricks that reach
    # Python's internals (``().__class__``…), unsafe callables and changes to lws's values.
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache)) if cache else None,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        comment_start_string="{##",
        comment_end_string="##}",
    )
    from lws.publish.authored import authored

    filters: dict[str, Callable[..., Any]] = {
        "md": escape,
        "authored": authored,
        "headings": shift_headings,
        "block": escape_block,
        "link": link,
        "bullets": bullets,
        "sentences": sentences,
        "listed": listed,
        "table": table,
        "label": label,
        "date": date_text,
        "mailto": mailto,
        "figure": figure,
        "photo": photo,
    }
    env.filters.update(filters)
    return env


_HEADING = re.compile(r"^(#{1,6}) ")


def drop_empty_headings(markdown: str) -> str:
    """Remove every heading with nothing under it before the next heading of its level or
    higher (or the end): an empty section is omitted, never printed as a bare title."""
    lines = markdown.split("\n")
    while True:
        content = [i for i, line in enumerate(lines) if line.strip()]
        empty = set()
        for n, i in enumerate(content):
            m = _HEADING.match(lines[i])
            if not m:
                continue
            after = content[n + 1] if n + 1 < len(content) else None
            following = _HEADING.match(lines[after]) if after is not None else None
            if after is None or (following and len(following[1]) <= len(m[1])):
                empty.add(i)
        if not empty:
            return "\n".join(lines)
        lines = [line for i, line in enumerate(lines) if i not in empty]


def render(env: jinja2.Environment, template: str, context: Mapping[str, Any]) -> str:
    """Render one template; a template error becomes a located lws error."""
    try:
        text = env.get_template(template).render(**context)
        return drop_empty_headings(text) if template.endswith(".md.j2") else text
    except jinja2.TemplateSyntaxError as exc:
        raise LwsError(
            [_problem(exc.filename or template, exc.lineno, exc.message or "")]
        ) from None
    except jinja2.UndefinedError as exc:
        raise LwsError(
            [_problem(template, 1, f"template uses an undefined value: {exc}")]
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise LwsError([_problem(template, 1, f"template not found: {exc.name}")]) from None
    except SecurityError as exc:
        line = _template_line(exc, template)
        message = f"template does something templates may not: {exc}"
        raise LwsError([_problem(_display(env, template), line, message)]) from None
    except jinja2.TemplateError as exc:
        raise LwsError([_problem(template, 1, f"template error: {exc}")]) from None


def _display(env: jinja2.Environment, template: str) -> str:
    """The template's file as the trust sees it: ``templates/…``, or ``<lws>/templates/…``."""
    loader = env.loader
    if not isinstance(loader, jinja2.FileSystemLoader):
        return template
    from lws.core.resources import packaged as packaged_dir

    packaged = packaged_dir("templates").resolve()
    for folder in loader.searchpath:
        if (Path(folder) / template).is_file():
            ours = Path(folder).resolve() == packaged and len(loader.searchpath) > 1
            return f"<lws>/templates/{template}" if ours else f"templates/{template}"
    return template


def _template_line(exc: BaseException, template: str) -> int:
    """The template's line that raised ``exc`` (Jinja maps its frames to template lines)."""
    line = 1
    frame = exc.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename.endswith(template):
            line = frame.tb_lineno
        frame = frame.tb_next
    return line


def _problem(file: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(
        file, line, 1, Severity.ERROR, (), message, "fix the template, or remove your copy of it"
    )
