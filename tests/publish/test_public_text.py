"""Public outputs say it as a person would: none of the machinery's names reach a reader.

No file names, no ``yaml``, no guide exercise or template numbers, no format names, no ISO
dates and no ids in prose, in the text of every public output (HTML, PDF, DOCX) of the
example and of a new trust's sparse strategy.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lws.publish.state import BUILD_DIR
from tests.publish.test_build import docx_text


class _Visible(HTMLParser):
    """The text a reader sees (and a screen reader reads): no style, no script."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("style", "script")
        self.parts += [v or "" for k, v in attrs if k in ("alt", "aria-label", "title")]

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(path: Path) -> str:
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


INTERNAL = re.compile(
    r"[\w-]+\.ya?ml\b|\byaml\b|\b(?:exercise|template|appendix) \d|\b(?:html|docx|pptx)\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b(?:action|risk|kpi) [A-Z]{1,3}\d+\b|\bmodule \d+\b",
    re.IGNORECASE,
)


def _texts(project: Path, variant: str) -> dict[str, str]:
    out = BUILD_DIR
    pdf = subprocess.run(
        ["pdftotext", str(project / out / f"{variant}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        "html": visible_text(project / out / f"{variant}.html"),
        "pdf": pdf,
        "docx": docx_text(project / out / f"{variant}.docx"),
    }


@pytest.mark.parametrize("variant", ["leaflet", "board", "full"])
def test_no_internal_name_reaches_a_public_output(
    example: Path, sparse: Path, variant: str
) -> None:
    for project in (example, sparse):
        for fmt, text in _texts(project, variant).items():
            found = sorted({m.group(0) for m in INTERNAL.finditer(" ".join(text.split()))})
            assert found == [], f"{project.name}: {variant}.{fmt}"


def test_the_check_catches_what_it_should() -> None:
    samples = [
        "see priorities.yaml",
        "From the plan (exercise 1.1)",
        "template 11 progress report",
        "Html; Pdf",
        "on 2025-07-08",
        "Action A3 is red",
        "module 9 100%",
    ]
    assert all(INTERNAL.search(s) for s in samples)
    assert not INTERNAL.search("Risk heat map: 8 risks, 1 July 2025, a web page and slides")


def test_the_board_is_asked_to_agree_recommendations(example: Path) -> None:
    text = visible_text(example / BUILD_DIR / "board.html")
    assert "The board is asked to:" in " ".join(text.split())
    assert "Agree the response to the risk" in text
