"""A theme's status rolled up from its actions (core/rag.theme_status), on a strategy partly
done: the board summary and the workshop slides, built and read back, say the same."""

from __future__ import annotations

import datetime as dt
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pptx import Presentation

from lws.publish.build import build
from lws.publish.state import BUILD_DIR

PARTLY = Path(__file__).resolve().parents[1] / "fixtures" / "partly"
TODAY = dt.date(2026, 11, 24)

#: Five more actions for the theme "Working together across services": with A5 made
#: complete and A6 complete already, 4 of its 7 actions are complete and 3 not yet started.
MORE = "".join(
    f"""  - id: A{n}
    title: {title}
    theme: together
    responsible: wd-manager
    accountable: dcs
    due: 2027-12-31
    rag: {rag}
"""
    for n, title, rag in [
        (7, "Joint supervision for early help practitioners", "complete"),
        (8, "A shared directory of services for families", "complete"),
        (9, "Cross-agency practice weeks", "not_yet_started"),
        (10, "A joint workforce survey", "not_yet_started"),
        (11, "Shared learning reviews", "not_yet_started"),
    ]
)

#: The fixture publishes nothing: a board summary and workshop slides for this test.
PUBLICATION = """audiences:
  - {id: board, name: The board, uses: To hold us to account, interests: [Progress],
     detail: summary, formats: [html], variant: board}
  - {id: workshop, name: A workshop, uses: To discuss progress, interests: [Progress],
     detail: summary, formats: [pptx], variant: slides}
"""

#: The partly fixture's themes as they roll up, after the actions above are added.
EXPECTED = {
    "Recruiting and keeping social workers": "Amber",  # amber and green
    "A qualified early years workforce": "Red",  # red and not yet started
    "Working together across services": "Green",  # 4 of 7 complete, 3 not yet started
}


class _Rows(HTMLParser):
    """Every table row's cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _overall(rows: list[list[str]]) -> dict[str, str]:
    """Theme → its Overall cell, from the progress table among ``rows``."""
    header = next(r for r in rows if "Overall" in r and "Not yet started" in r)
    at = header.index("Overall")
    return {r[0]: r[at] for r in rows if r and r[0] in EXPECTED and len(r) == len(header)}


@pytest.fixture(scope="module")
def partly_done(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("partly-done")
    shutil.copytree(PARTLY / "strategy", root / "strategy")
    shutil.copytree(PARTLY / "criteria", root / "criteria")
    actions = root / "strategy" / "actions.yaml"
    text = actions.read_text()
    a5 = text.index("  - id: A5")
    text = text[:a5] + text[a5:].replace("rag: amber", "rag: complete", 1)
    actions.write_text(text.rstrip("\n") + "\n" + MORE)
    (root / "strategy" / "publication.yaml").write_text(PUBLICATION)
    result = build(root, progress=lambda line: None, today=TODAY, draft=True)
    assert not [p for p in result.problems if p.severity.value == "error"]
    return root


def test_the_board_rolls_each_theme_up_by_the_one_rule(partly_done: Path) -> None:
    page = _Rows()
    page.feed((partly_done / BUILD_DIR / "board.html").read_text())
    assert _overall(page.rows) == EXPECTED


def test_the_slides_say_what_the_board_says(partly_done: Path) -> None:
    deck = Presentation(str(partly_done / BUILD_DIR / "slides.pptx"))
    rows = [
        [" ".join(cell.text.split()) for cell in row.cells]
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
    ]
    assert _overall(rows) == EXPECTED
