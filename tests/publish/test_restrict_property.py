"""No restricted item, nor what refers to one, reaches an output its audiences may not see.

A property over generated restrictions: any few items of the example (actions, KPIs, risks,
gaps, priorities, themes, workforce figures…) restricted to any audiences. Every item that
has a text of its own carries a unique marker; each variant's document, rendered as the
build renders it, must hold no marker of an item withheld from its audiences — the items
restricted directly (decided here, from the drawn restrictions alone) and those withheld
for referring to them — while the markers of the items it shows do appear.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import io
import shutil
from collections.abc import Callable, Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from docx import Document as DocxDocument
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from lws.publish.build import convert_job
from lws.publish.jobs import Plan, prepare
from lws.publish.restrict import withheld_items
from tests.fuzzing import examples

ROOT = Path(__file__).resolve().parents[2]
TEXT_FIELDS = ("title", "name", "measure", "objective", "solution", "description", "what")
#: Lists whose items a trust restricts: (section, key).
RESTRICTABLE = (
    ("actions", "actions"),
    ("measures", "kpis"),
    ("risks", "risks"),
    ("baseline", "gaps"),
    ("baseline", "workforce_data"),
    ("priorities", "priorities"),
    ("vision", "themes"),
    ("innovation", "solutions"),
    ("impact_models", "models"),
)


def marker(n: int) -> str:
    return f"Qzx{n:03d}k"  # a word no template or text of lws writes


def texts(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path of a list item, its text field) for every list item that has one."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from texts(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            here = (*path, index)
            if isinstance(child, dict):
                field = next((f for f in TEXT_FIELDS if isinstance(child.get(f), str)), None)
                if field:
                    yield here, field
            yield from texts(child, here)


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    root = tmp_path_factory.mktemp("restricted")
    shutil.copytree(ROOT / "strategy", root / "strategy")
    shutil.copytree(ROOT / "templates", root / "templates")
    return prepare(root, today=dt.date(2026, 11, 24))


def marked(plan: Plan) -> tuple[dict[str, Any], dict[tuple[str, tuple[Any, ...]], str]]:
    """Every section's data with a marker before each item's text, and the markers."""
    data = {name: copy.deepcopy(doc.data) for name, doc in plan.strategy.documents.items()}
    marks: dict[tuple[str, tuple[Any, ...]], str] = {}
    for name in sorted(data):
        for path, field in list(texts(data[name])):
            item = data[name]
            for part in path:
                item = item[part]
            marks[(name, path)] = marker(len(marks))
            item[field] = f"{marks[(name, path)]} {item[field]}"
    return data, marks


def candidates(plan: Plan) -> list[tuple[str, tuple[Any, ...]]]:
    out = []
    for section, key in RESTRICTABLE:
        doc = plan.strategy.documents.get(section)
        items = doc.data.get(key) if doc is not None and isinstance(doc.data, dict) else None
        out += [(section, (key, i)) for i in range(len(items or []))]
    return out


@dataclasses.dataclass(frozen=True)
class Trial:
    """The plan with some items restricted, and which markers each variant must not show."""

    plan: Plan
    marks: dict[tuple[str, tuple[Any, ...]], str]
    hidden: dict[str, set[str]]  # variant → markers of the items withheld from it
    restriction: dict[tuple[str, tuple[Any, ...]], set[str]]


def restricted(plan: Plan, draw: Callable[..., Any]) -> Trial:
    """Any 1–4 items restricted to any audiences, every item's text marked."""
    audiences = sorted({a for v in plan.variants for a in v.audiences})
    chosen = draw(
        st.lists(st.sampled_from(candidates(plan)), min_size=1, max_size=4, unique=True),
        label="restricted items",
    )
    sections, marks = marked(plan)
    restriction = {}
    for section, path in chosen:
        who = draw(st.lists(st.sampled_from(audiences), min_size=1, unique=True))
        item = sections[section]
        for part in path:
            item = item[part]
        item["audiences"] = who
        restriction[(section, path)] = set(who)
    documents = {
        name: dataclasses.replace(doc, data=sections[name])
        for name, doc in plan.strategy.documents.items()
    }
    strategy = dataclasses.replace(plan.strategy, documents=documents)
    hidden = {}
    for variant in plan.variants:
        # Decided here: the items restricted to other audiences, and what lies inside them.
        direct = [where for where, who in restriction.items() if not who & set(variant.audiences)]
        # And what refers to them, to a fixed point (the build's rule).
        withheld = withheld_items(documents, strategy.schemas, variant.audiences)
        hidden[variant.name] = {
            mark
            for (section, path), mark in marks.items()
            if any(section == s and path[: len(p)] == p for s, p in [*direct, *withheld])
        }
    return Trial(dataclasses.replace(plan, strategy=strategy), marks, hidden, restriction)


@pytest.mark.fuzz
@settings(
    max_examples=examples(smoke=20, share=1 / 200),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_no_withheld_item_reaches_an_output_of_an_audience_not_entitled(
    plan: Plan, data: st.DataObject
) -> None:
    """In each variant's Markdown (many examples: no conversion)."""
    trial = restricted(plan, data.draw)
    shown = set()
    for variant in plan.variants:
        (job, *_) = trial.plan._jobs_for(variant)
        leaked = sorted(mark for mark in trial.hidden[variant.name] if mark in job.markdown)
        assert not leaked, (variant.name, leaked, trial.restriction)
        shown |= {mark for mark in trial.marks.values() if mark in job.markdown}
    assert shown  # the markers do reach the outputs: the test can see a leak


# -- every output format, read back -------------------------------------------------------


class _HtmlText(HTMLParser):
    """An HTML page's text and its attributes' values (alt text, titles, labels), as parsed."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts += [value for _, value in attrs if value]

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def read_back(fmt: str, output: bytes) -> str:
    """The text of an output as its reader library sees it: the parsed HTML, python-docx's
    paragraphs (body, tables, headers and footers), python-pptx's shapes (text frames,
    tables, groups, notes) and pypdf's extracted text."""
    if fmt == "html":
        parser = _HtmlText()
        parser.feed(output.decode("utf-8"))
        return "\n".join(parser.parts)
    if fmt == "docx":
        doc = DocxDocument(io.BytesIO(output))
        parts = [doc.element.body, *(s.header._element for s in doc.sections)]
        parts += [s.footer._element for s in doc.sections]
        return "\n".join(
            "".join(t.text or "" for t in p.iter(qn("w:t")))
            for part in parts
            for p in part.iter(qn("w:p"))
        )
    if fmt == "pptx":
        deck = Presentation(io.BytesIO(output))
        texts = []
        for slide in deck.slides:
            texts += [_shape_text(shape) for shape in slide.shapes]
            if slide.has_notes_slide:
                texts.append(slide.notes_slide.notes_text_frame.text)
        return "\n".join(texts)
    assert fmt == "pdf", fmt
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(output)).pages)


def _shape_text(shape: Any) -> str:
    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        return "\n".join(_shape_text(child) for child in shape.shapes)
    if shape.has_table:
        return "\n".join(cell.text for row in shape.table.rows for cell in row.cells)
    return str(shape.text_frame.text) if shape.has_text_frame else ""


def converted(trial: Trial, fmt: str) -> dict[str, str]:
    """Each variant made in ``fmt`` by the real converters, read back: variant → text.

    The build's own leak verifier is given nothing to look for, so what is checked here is
    the filtering alone, independently of the verifier."""
    out = {}
    for variant in trial.plan.variants:
        for job in trial.plan._jobs_for(variant):
            if job.fmt == fmt:
                unchecked = dataclasses.replace(job, fingerprints=())
                data = convert_job(unchecked, trial.plan.root, trial.plan.epoch)
                out[variant.name] = read_back(fmt, data)
    assert out, f"no variant is made in {fmt}"
    return out


def leaked(trial: Trial, texts: Mapping[str, str]) -> dict[str, list[str]]:
    """variant → the markers of items withheld from it that its output shows."""
    found = {
        name: sorted(m for m in trial.hidden[name] if m in text) for name, text in texts.items()
    }
    return {name: marks for name, marks in found.items() if marks}


FORMATS = ("html", "docx", "pdf", "pptx")


@pytest.mark.parametrize("fmt", FORMATS)
@settings(
    max_examples=3,
    derandomize=True,  # the same restrictions every run: a budget of conversions, not a search
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_no_withheld_item_reaches_any_output_format(
    plan: Plan, fmt: str, data: st.DataObject
) -> None:
    """HTML, DOCX, PDF and PPTX converted by Pandoc and Typst, then read back."""
    trial = restricted(plan, data.draw)
    texts = converted(trial, fmt)
    assert not leaked(trial, texts), (fmt, trial.restriction)
    shown = {m for text in texts.values() for m in trial.marks.values() if m in text}
    assert len(shown) >= 10, shown  # the markers survive conversion: a leak would be seen


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_check_fails_when_a_withheld_title_reaches_an_output(plan: Plan, fmt: str) -> None:
    """A title withheld from the staff leaflet (or, for PPTX, the slides) copied into the
    vision's statement, which every variant shows, is found in the output read back."""
    (target,) = [v for v in plan.variants if fmt in v.formats][:1]
    sections, marks = marked(plan)
    action = ("actions", ("actions", 0))
    sections["actions"]["actions"][0]["audiences"] = ["nobody"]
    sections["vision"]["statement"] = f"{marks[action]} {sections['vision']['statement']}"
    documents = {
        name: dataclasses.replace(doc, data=sections[name])
        for name, doc in plan.strategy.documents.items()
    }
    strategy = dataclasses.replace(plan.strategy, documents=documents)
    trial = Trial(
        dataclasses.replace(plan, strategy=strategy, variants=[target]),
        marks,
        {target.name: {marks[action]}},
        {action: {"nobody"}},
    )
    assert leaked(trial, converted(trial, fmt)) == {target.name: [marks[action]]}
