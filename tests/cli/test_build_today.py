"""``lws build --today``, through the real entry point: the date a build is judged and stamped
as at, and a superseded strategy judged and rendered as at its own end."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from lws.core.errors import EXIT_OK
from tests.cli.run import lws

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def board(fixture: str, project: Path, *options: str) -> str:
    """The board summary's HTML built from a copy of ``fixture`` with ``options``."""
    if not project.exists():
        shutil.copytree(FIXTURES / fixture / "strategy", project / "strategy")
    done = lws("build", "board", "--format", "html", "--force", *options, cwd=project)
    assert done.returncode == EXIT_OK, done.stderr
    return (project / "build" / "board.html").read_text()


def stamp(html: str) -> str:
    found = re.search(r"as at\s+(\d{1,2}\s+\w+\s+\d{4}|the end of \d{4})", html)
    assert found, "no 'as at' stamp in the board summary"
    return " ".join(found[1].split())


def test_a_live_strategy_is_judged_as_at_the_day_given(tmp_path: Path) -> None:
    early = board("sparse", tmp_path / "sparse", "--today", "2015-03-01")
    later = board("sparse", tmp_path / "sparse", "--today", "2016-09-30")
    assert (stamp(early), stamp(later)) == ("1 March 2015", "30 September 2016")


def test_a_superseded_strategy_is_judged_and_rendered_as_at_its_own_end(
    tmp_path: Path,
) -> None:
    project = tmp_path / "historical"
    today = board("historical", project, "--today", "2026-12-01")
    # judged at the last day its period (2010–13) can mean, printed as its author wrote it
    assert stamp(today) == "the end of 2013"
    assert "2026" not in today and "31 December 2013" not in today
    years_later = board("historical", project, "--today", "2031-06-30")
    assert years_later == today  # any day after its end judges and renders the same
    default = board("historical", project)  # no --today: the source date, long after 2013
    assert default == today


def test_a_day_within_a_superseded_strategys_period_is_honoured(tmp_path: Path) -> None:
    project = tmp_path / "historical"
    midway = board("historical", project, "--today", "2012-06-30")
    assert stamp(midway) == "30 June 2012"
    assert midway != board("historical", project, "--today", "2026-12-01")
    checked = lws("check", "--today", "2012-06-30", cwd=project)
    ended = lws("check", "--today", "2026-12-01", cwd=project)
    assert checked.returncode == ended.returncode == EXIT_OK, checked.stdout + ended.stdout
