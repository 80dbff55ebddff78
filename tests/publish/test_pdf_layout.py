"""The PDFs' layout, read back with ``pdftotext -bbox``: no two words ever overlap on a page."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from lws.publish.render import table
from lws.publish.state import BUILD_DIR

Box = tuple[float, float, float, float, str]
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def pages(pdf: Path) -> Iterator[list[Box]]:
    """The word boxes of each page."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for page in out.split("<page ")[1:]:
        yield [
            (float(a), float(b), float(c), float(d), html.unescape(t))
            for a, b, c, d, t in _WORD.findall(page)
        ]


def overlapping(words: list[Box]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes share more than 5% of the smaller one's area."""
    found = []
    ordered = sorted(words)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b[0] >= a[2]:
                break
            across = min(a[2], b[2]) - max(a[0], b[0])
            down = min(a[3], b[3]) - max(a[1], b[1])
            smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
            if across > 0.5 and down > 0.5 and across * down > 0.05 * smaller:
                found.append((a[4], b[4]))
    return found


@pytest.mark.parametrize("variant", ["leaflet", "board", "full"])
def test_no_two_words_overlap_on_any_page(example: Path, sparse: Path, variant: str) -> None:
    for project in (example, sparse):
        for number, words in enumerate(pages(project / BUILD_DIR / f"{variant}.pdf"), 1):
            assert words or number > 1, "the first page has text"
            assert overlapping(words) == [], f"{project.name} {variant}.pdf page {number}"


def test_the_overlap_check_sees_overlapping_words() -> None:
    words: list[Box] = [(10, 10, 60, 20, "ModerateMEDIUM"), (50, 10, 80, 20, "Grace")]
    assert overlapping(words) == [("ModerateMEDIUM", "Grace")]
    assert overlapping([(10, 10, 40, 20, "Tom"), (41, 10, 80, 20, "Grace")]) == []


def test_every_column_has_room_for_its_longest_word() -> None:
    """The widths pandoc reads from the rule line: a long word widens a short column."""
    rows = [{"a": "x" * 60, "b": "catastrophic", "c": "MEDIUM"}] * 3
    rule = table(rows, ["Risk", "Impact", "Rating"], ["a", "b", "c"]).splitlines()[1]
    widths = [len(cell) for cell in rule.strip("|").split("|")]
    assert widths[1] >= len("catastrophic") + 2 and widths[2] >= 1.25 * len("MEDIUM") + 2


def _text_bottom(words: list[Box]) -> float:
    """How far down the page its body text reaches (the running footer excluded)."""
    body = [w for w in words if w[1] < 780]  # A4 is 842 pt tall; the footer sits below 790
    return max((w[3] for w in body), default=0.0)


def test_the_leaflet_fills_one_side_or_two_full_sides(example: Path, sparse: Path) -> None:
    """Never a near-empty page: the last page's text reaches well down it."""
    for project in (example, sparse):
        leaflet = list(pages(project / BUILD_DIR / "leaflet.pdf"))
        assert len(leaflet) <= 2, project.name
        if project is example or len(leaflet) == 2:
            assert _text_bottom(leaflet[-1]) > 0.7 * 842, (project.name, len(leaflet))
