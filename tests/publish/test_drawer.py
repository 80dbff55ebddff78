"""Charts drawn off the planning thread: in a worker process, each once, waited for by the
conversions that show them and by no other."""

from __future__ import annotations

import errno
import html
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from pathlib import Path

import pytest

from lws.publish.build import build
from lws.publish.charts import CHARTS, ThemeRag
from lws.publish.drawer import ChartError, Drawer, warm
from lws.publish.figures import CHART_DIR, described
from lws.publish.schedule import LongestFirst
from tests.publish.test_build import copy_project

THEMES = [ThemeRag("Recruiting", red=1, green=2)]
PATH = (CHART_DIR / "rag_by_theme-test.svg").as_posix()


@pytest.mark.parametrize("processes", [0, 1])
def test_a_chart_is_drawn_once_with_the_same_bytes_here_or_in_a_worker(
    tmp_path: Path, processes: int
) -> None:
    with Drawer(tmp_path, processes) as drawer:
        drawer.start()
        drawer.draw(PATH, "rag_by_theme", (THEMES,), {})
        drawer.draw(PATH, "rag_by_theme", (THEMES,), {})  # asked twice: drawn once
        drawer.wait([PATH])
        assert drawer.pending([PATH]) == []
    assert (tmp_path / PATH).read_bytes() == CHARTS["rag_by_theme"](THEMES).svg


def test_a_chart_already_drawn_is_not_drawn_again(tmp_path: Path) -> None:
    (tmp_path / PATH).parent.mkdir(parents=True)
    (tmp_path / PATH).write_bytes(b"<svg/>")
    with Drawer(tmp_path, 1) as drawer:
        drawer.draw(PATH, "rag_by_theme", (THEMES,), {})
        assert drawer.pending([PATH]) == []
    assert (tmp_path / PATH).read_bytes() == b"<svg/>"


@pytest.mark.parametrize("processes", [0, 1])
def test_a_failed_drawing_is_raised_where_the_chart_is_waited_for(
    tmp_path: Path, processes: int
) -> None:
    with Drawer(tmp_path, processes) as drawer:
        drawer.draw(PATH, "rag_by_theme", ([ThemeRag("t", red=-1)],), {})
        with pytest.raises((ValueError, ChartError), match="counts cannot be negative"):
            drawer.wait([PATH])
        drawer.wait(["another/chart.svg"])  # not asked for: nothing to wait for
    assert not (tmp_path / PATH).exists()  # nothing half-written


def test_if_the_worker_dies_its_charts_are_drawn_here(tmp_path: Path) -> None:
    with Drawer(tmp_path, 1) as drawer:
        drawer.start()
        worker = drawer._worker
        assert worker is not None and worker._process is not None
        worker._process.kill()
        worker._process.wait()
        drawer.draw(PATH, "rag_by_theme", (THEMES,), {})
        drawer.wait([PATH])
    assert (tmp_path / PATH).read_bytes() == CHARTS["rag_by_theme"](THEMES).svg


def test_the_markdown_knows_a_chart_before_it_is_drawn(tmp_path: Path) -> None:
    chart = described("rag_by_theme", "rag_by_theme", (THEMES,), {})
    drawn = CHARTS["rag_by_theme"](THEMES)
    assert (chart["alt"], chart["caption"]) == (drawn.alt, drawn.caption)
    assert chart["path"].startswith(CHART_DIR.as_posix() + "/rag_by_theme-")
    assert not (tmp_path / CHART_DIR).exists()


def test_a_job_waiting_for_its_chart_holds_no_worker() -> None:
    """With one worker, a job whose chart is still being drawn lets the others run first,
    and runs as soon as its chart is drawn."""
    started: list[str] = []
    chart: Future[None] = Future()

    def run(job: str) -> str:
        started.append(job)
        return job

    pool: LongestFirst[str, str] = LongestFirst(run, workers=1)
    pool.submit("shows the chart", 9.0, [chart])
    pool.submit("no chart", 1.0)
    time.sleep(0.1)
    assert started == ["no chart"]
    threading.Timer(0.05, chart.set_result, [None]).start()
    assert sorted(o.job for o in pool.outcomes()) == ["no chart", "shows the chart"]
    assert started == ["no chart", "shows the chart"]


def test_a_clean_build_draws_its_charts_in_another_process(tmp_path: Path) -> None:
    """The build's own process never imports matplotlib: every chart is drawn in the worker,
    and each chart file says what the Markdown said of it (alt text, caption). The caller's
    script has no ``__main__`` guard: the worker must not run it again."""
    project = copy_project(tmp_path / "trust")
    script = tmp_path / "build_it.py"
    script.write_text(
        "import sys\nfrom pathlib import Path\nfrom lws.publish.build import build\n"
        f"result = build(Path({str(project)!r}), ['board', 'full'], ['html'], "
        "progress=lambda line: None)\n"
        "assert not result.problems, result.problems\n"
        "print('matplotlib' in sys.modules)\n",
        encoding="utf-8",
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # printed once: the script ran once
    svgs = sorted((project / CHART_DIR).glob("*.svg"))
    assert len(svgs) >= 6
    pages = " ".join(
        html.unescape((project / "build" / f"{name}.html").read_text("utf-8"))
        for name in ("board", "full")
    )
    pages = " ".join(pages.split())
    for svg in svgs:
        text = svg.read_text("utf-8")
        desc = html.unescape(re.search("<desc>(.*?)</desc>", text, re.S)[1])  # type: ignore[index]
        assert " ".join(desc.split()) in pages, svg.name


def test_a_build_after_a_chart_file_is_lost_draws_it_again(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "trust")
    assert not build(project, ["board"], ["html"], progress=lambda line: None).problems
    lost = sorted((project / CHART_DIR).glob("*.svg"))[0]
    before = lost.read_bytes()
    lost.unlink()
    result = build(project, ["board"], ["html"], force=True, progress=lambda line: None)
    assert not result.problems and lost.is_file()
    assert lost.read_bytes() == before  # the same chart key draws the same bytes


def test_warming_a_worker_imports_what_drawing_needs_and_not_matplotlib() -> None:
    code = (
        "import sys\n"
        "from lws.publish.drawer import warm\n"
        "warm()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'numpy')))\n"
        "print('lws.publish.charts.draw' in sys.modules, 'fontTools.ttLib' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\nTrue True\n"
    warm()  # and here, for coverage


@pytest.mark.parametrize("processes", [0, 1])
def test_the_machine_refusing_a_chart_file_is_an_os_error_here_too(
    tmp_path: Path, processes: int
) -> None:
    """A full disk or a file-size limit met in the worker is raised here as the OSError it
    was, so the command line says what failed and what to do (not "could not build")."""
    (tmp_path / "build").write_text("a file where build/ should be", "utf-8")
    with Drawer(tmp_path, processes) as drawer:
        drawer.draw(PATH, "rag_by_theme", (THEMES,), {})
        with pytest.raises(OSError) as raised:
            drawer.wait([PATH])
        assert raised.value.errno == errno.ENOTDIR
        assert drawer.machine_fault() is not None
