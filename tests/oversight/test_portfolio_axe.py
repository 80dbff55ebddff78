"""``lws portfolio``'s HTML report under axe-core in Chromium, at phone and desktop widths.

The same audit as the build's HTML outputs (:mod:`tests.chromium`): no violation of any
impact, and nothing cut off or wider than the screen.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lws.diagnose.diagnostic import load_criteria
from lws.oversight.portfolio import load_portfolio, survey_all
from lws.oversight.portfolio_report import as_html, draw_charts, questions_of
from lws.oversight.region import region
from tests.chromium import probe
from tests.oversight.trusts import make_region

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A region of generated trusts of every kind, one broken and one not cloned."""
    base = tmp_path_factory.mktemp("region")
    path = make_region(base, 5)
    rows = survey_all(load_portfolio(path).trusts, TODAY, jobs=2)
    picture = region("Generated Region", rows, TODAY, questions_of(load_criteria(path)))
    page = base / "portfolio.html"
    page.write_text(as_html(picture, draw_charts(picture), source="portfolio.yaml"), "utf-8")
    return page


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_portfolio_html_has_no_axe_violations_and_nothing_clipped(report: Path, width: int) -> None:
    result = probe(report, width)
    assert result["width"] == width
    assert result["violations"] == []
    assert result["overflow"] <= 0 and result["clipped"] == []
