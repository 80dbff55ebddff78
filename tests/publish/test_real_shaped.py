"""Strategies shaped like published ones (tests/fixtures/sparse, tests/fixtures/historical):
they pass lws check --strict with nothing invented, build in every variant and format, and
every output, read back, prints each figure and date as the author wrote it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from pptx import Presentation
from pypdf import PdfReader

from lws.diagnose.check import check_project
from lws.model.project import load_strategy
from lws.publish.build import build
from lws.publish.state import BUILD_DIR

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
#: Each fixture, the day it is checked as at, the figures and dates it must print exactly as
#: written, the days it must never print (days the author never wrote), and its ids.
CASES = {
    "sparse": (
        dt.date(2014, 6, 1),
        ["almost 30%", "less than 10%", "~700", "more than 1,500", "not available",
         "more than 40", "March 2014", "2016/17", "2014–17"],
        ["31 December 2017", "31 March 2014", "31 December 2013"],
        ["partnership-board", "workforce-group", "social-work", "early-help"],
    ),
    "historical": (
        dt.date(2026, 12, 1),  # superseded: judged as at the end of its own period
        ["65:35", "80:20", "78:22", "c. 250", "more than 1,100", "March 2011", "autumn 2013"],
        ["31 March 2011", "30 November 2013", "30 September 2013", "31 December 2013"],
        ["workforce-group", "trust-board", "caf-workstream"],
    ),
}  # fmt: skip


def _copy(name: str, tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / name / "strategy", tmp_path / "strategy")
    return tmp_path


@pytest.mark.parametrize("name", sorted(CASES))
def test_passes_strict_with_no_placeholder(name: str, tmp_path: Path) -> None:
    root = _copy(name, tmp_path)
    assert [d.format() for d in check_project(root, CASES[name][0])] == []
    source = "".join(p.read_text() for p in (root / "strategy").glob("*.yaml"))
    assert "To be named" not in source and "TBC" not in source


class _Text(HTMLParser):
    """The text of an HTML page, and each heading with whether anything followed it."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.headings: list[tuple[int, str, int]] = []  # level, text, text length after
        self._in: int | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        if re.fullmatch(r"h[1-6]", tag):
            self._in = int(tag[1])
            self.headings.append((self._in, "", len(" ".join(self.parts))))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1
        if re.fullmatch(r"h[1-6]", tag) and self.headings:
            level, text, _ = self.headings[-1]
            self.headings[-1] = (level, text, len(" ".join(self.parts)))
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.parts.append(data)
        if self._in is not None and self.headings:
            level, text, at = self.headings[-1]
            self.headings[-1] = (level, text + data, at)

    def empty_headings(self) -> list[str]:
        end = len(" ".join(self.parts))
        out = []
        for i, (level, text, at) in enumerate(self.headings):
            following = self.headings[i + 1] if i + 1 < len(self.headings) else None
            stop = following[2] - len(following[1]) if following else end
            body = " ".join(self.parts)[at:stop].strip()
            if not body and (following is None or following[0] <= level):
                out.append(text)
        return out


def _texts(build_dir: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(build_dir.iterdir()):
        if path.suffix == ".html":
            out[path.name] = " ".join(_html(path).parts)
        elif path.suffix == ".docx":
            doc = DocxDocument(str(path))
            cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
            out[path.name] = "\n".join([p.text for p in doc.paragraphs] + cells)
        elif path.suffix == ".pdf":
            out[path.name] = "\n".join(p.extract_text() for p in PdfReader(path).pages)
        elif path.suffix == ".pptx":
            out[path.name] = "\n".join(
                shape.text_frame.text
                for slide in Presentation(str(path)).slides
                for shape in slide.shapes
                if shape.has_text_frame
            )
    return out


def _html(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module", params=sorted(CASES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    name = str(request.param)
    root = _copy(name, tmp_path_factory.mktemp(name))
    result = build(root, progress=lambda line: None, today=CASES[name][0])
    assert not result.problems, [p.format() for p in result.problems]
    return root


def test_every_variant_in_every_format_reads_back_as_written(built: Path) -> None:
    name = next(n for n in CASES if (FIXTURES / n / "strategy" / "manifest.yaml").read_text()
                == (built / "strategy" / "manifest.yaml").read_text())  # fmt: skip
    _, figures, invented, ids = CASES[name]
    texts = _texts(built / BUILD_DIR)
    assert {Path(n).stem for n in texts} == {"leaflet", "board", "full", "slides"}
    full = " ".join(texts["full.html"].split())
    for figure in figures:
        assert figure in full, figure
    for name_, text in texts.items():
        squashed = " ".join(text.split())
        assert "To be named" not in squashed, name_
        assert "No decisions are needed" not in squashed, name_
        for day in invented:
            assert day not in squashed, (name_, day)
        for id_ in ids:
            assert not re.search(rf"(?<![\w/-]){re.escape(id_)}(?![\w-])", squashed), (name_, id_)
    for page in sorted((built / BUILD_DIR).glob("*.html")):
        assert _html(page).empty_headings() == [], page.name


# The sparse strategy's diagnostic, its areas for change in the guide's words:
# tests/diagnose/test_areas.py.


def test_governance_is_printed_from_the_data_in_the_full_document(built: Path) -> None:
    people = load_strategy(built).documents["people"].data
    texts = _texts(built / BUILD_DIR)
    for name_ in ("full.html", "full.docx", "full.pdf"):
        full = " ".join(texts[name_].replace("\u2019", "'").split())  # typographic apostrophes
        assert "How the strategy is governed" in full, name_
        for group in people.get("groups") or []:
            assert group["name"] in full, (name_, group["name"])
            if group.get("meets"):
                assert f"Meets: {group['meets']}" in full, (name_, group["id"])
        for organisation in people.get("organisations") or []:
            assert organisation["name"] in full, (name_, organisation["name"])
    for name_ in ("leaflet.html", "board.html"):  # the full document's, not every variant's
        assert "How the strategy is governed" not in texts[name_]
