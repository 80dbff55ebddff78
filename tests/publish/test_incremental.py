"""What a rebuild skips and reuses: the no-op check, kept rasterisations and compiled
templates, the longest-first scheduler, and builds run from another directory."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lws.core.cache import private_cache
from lws.core.lock import exclusive
from lws.publish.build import LOCK_FILE, RASTER_DIR, build
from lws.publish.schedule import LongestFirst
from lws.publish.state import (
    BUILD_DIR,
    Request,
    inputs_digest,
    read_state,
    request_for,
    up_to_date,
)
from tests.publish.test_build import EPOCH, copy_project


def quiet(line: str) -> None:
    """Progress lines go nowhere."""


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def lws(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lws", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def leaflet_html(tmp_path: Path) -> Path:
    """The example with its HTML leaflet built once through the command."""
    project = copy_project(tmp_path / "trust")
    done = lws("build", "leaflet", "--format", "html", "--project", str(project), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return project


def test_an_unchanged_rebuild_is_up_to_date_without_building(leaflet_html: Path) -> None:
    project = leaflet_html
    output = project / BUILD_DIR / "leaflet.html"
    before = output.stat().st_mtime_ns
    done = lws("build", "leaflet", "--format", "html", "--project", str(project), cwd=project)
    assert done.returncode == 0, done.stderr
    assert "up to date: 1 output(s)" in done.stderr
    assert output.stat().st_mtime_ns == before


def test_the_no_op_imports_none_of_the_stages_machinery(leaflet_html: Path) -> None:
    """What runs before "up to date" is what an unchanged rebuild costs: no YAML, schemas,
    templates or converters, and none of the other commands' libraries."""
    argv = [sys.executable, "-X", "importtime", "-m", "lws", "build", "leaflet"]
    done = subprocess.run(
        [*argv, "--format", "html", "--project", str(leaflet_html)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "up to date" in done.stderr, done.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "lws.publish.state" in imported  # the listing is real
    # (stdlib helpers such as traceback and tempfile are left out: coverage, when measuring
    # the subprocess, imports them itself)
    heavy = {"yaml", "cerberus", "jinja2", "jsonschema_rs", "lws.model.project", "http.server"}
    heavy |= {"xml.etree.ElementTree", "matplotlib", "pypdf"}
    assert not heavy & imported, sorted(heavy & imported)


@pytest.mark.parametrize(
    "change",
    [
        "edit a section",
        "add a template",
        "touch an output",
        "delete an output",
        "another date",
        "other variants",
    ],
)
def test_anything_that_matters_defeats_the_no_op(leaflet_html: Path, change: str) -> None:
    project = leaflet_html
    request = request_for(project, ["leaflet"], ["html"])
    assert up_to_date(project, request) == ["build/leaflet.html"]
    output = project / BUILD_DIR / "leaflet.html"
    if change == "edit a section":
        vision = project / "strategy" / "vision.yaml"
        vision.write_text(vision.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "add a template":
        (project / "templates" / "leaflet.md.j2").write_text("# Ours\n", encoding="utf-8")
    elif change == "touch an output":
        os.utime(output, ns=(time.time_ns(), time.time_ns()))
    elif change == "delete an output":
        output.unlink()
    elif change == "another date":
        request = Request(("leaflet",), ("html",), request.epoch + 86_400)
    else:
        request = request_for(project, ["board"], ["html"])
    assert up_to_date(project, request) is None


def test_an_output_touched_or_copied_is_trusted_again_after_one_check(leaflet_html: Path) -> None:
    """A copy (``cp -r``) or a touch changes an output's time, not its bytes: the next build
    finds it unchanged by its digest and records it afresh, so the one after is a no-op."""
    project = leaflet_html
    output = project / BUILD_DIR / "leaflet.html"
    os.utime(output, ns=(time.time_ns(), time.time_ns()))
    argv = ("build", "leaflet", "--format", "html", "--project", str(project))
    checked = lws(*argv, cwd=project)
    assert "1 output(s) unchanged" in checked.stderr, checked.stderr
    again = lws(*argv, cwd=project)
    assert "up to date: 1 output(s)" in again.stderr, again.stderr


def test_a_failed_build_is_never_up_to_date(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "trust")
    missing = "# Leaflet\n\n![A chart never drawn](build/.lws/charts/missing.svg)\n"
    (project / "templates" / "leaflet.md.j2").write_text(missing, encoding="utf-8")
    result = build(project, ["leaflet"], ["html"], progress=quiet)
    assert result.problems
    assert up_to_date(project, request_for(project, ["leaflet"], ["html"])) is None


def test_the_inputs_digest_covers_the_trusts_schemas_and_criteria(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "trust")
    request = request_for(project)
    first = inputs_digest(project, request)
    (project / "criteria").mkdir()
    (project / "criteria" / "local.yaml").write_text("criteria: []\n", encoding="utf-8")
    second = inputs_digest(project, request)
    (project / "schema").mkdir()
    (project / "schema" / "vision.yaml").write_text("{}\n", encoding="utf-8")
    assert len({first, second, inputs_digest(project, request)}) == 3


def test_build_from_another_directory_with_a_relative_project(tmp_path: Path) -> None:
    copy_project(tmp_path / "trust")
    done = lws("build", "board", "--format", "docx,pdf", "--project", "trust", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "trust" / BUILD_DIR / "board.docx").stat().st_size > 10_000
    assert (tmp_path / "trust" / BUILD_DIR / "board.pdf").read_bytes().startswith(b"%PDF")


def test_rasterised_charts_are_kept_and_reused(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "trust")
    first = build(project, ["board"], ["docx"], progress=quiet)
    assert not first.problems
    kept = {p.name: p.stat().st_mtime_ns for p in (project / RASTER_DIR).glob("*.png")}
    assert kept  # the board's charts, as PNG for DOCX
    again = build(project, ["board"], ["docx"], force=True, progress=quiet)
    assert again.built and not again.problems
    assert {p.name: p.stat().st_mtime_ns for p in (project / RASTER_DIR).glob("*.png")} == kept


def test_the_build_state_keeps_each_outputs_time(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "trust")
    build(project, ["leaflet"], ["html", "pdf"], progress=quiet)
    outputs = read_state(project)["outputs"]
    assert set(outputs) == {"build/leaflet.html", "build/leaflet.pdf"}
    assert all(record["seconds"] > 0 for record in outputs.values())


def test_compiled_templates_are_cached_and_an_edit_is_seen(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "trust")
    build(project, ["leaflet"], ["html"], progress=quiet)
    cache = tmp_path / "cache" / "lws"
    assert list(cache.rglob("*.cache"))
    packaged = Path(__file__).resolve().parents[2] / "templates" / "leaflet.md.j2"
    text = packaged.read_text(encoding="utf-8")
    ours = project / "templates" / "leaflet.md.j2"
    ours.write_text(text.replace("{", "Our own words, cached or not.\n\n{", 1), encoding="utf-8")
    build(project, ["leaflet"], ["html"], progress=quiet)
    html = (project / BUILD_DIR / "leaflet.html").read_text(encoding="utf-8")
    assert "Our own words, cached or not." in html


def test_a_cache_others_can_write_to_is_not_used(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "lws" / "jinja").mkdir(parents=True)
    assert private_cache("jinja", {"XDG_CACHE_HOME": str(home)}) == home / "lws" / "jinja"
    (home / "lws" / "jinja").chmod(0o777)
    assert private_cache("jinja", {"XDG_CACHE_HOME": str(home)}) is None
    assert private_cache("jinja", {}) is None
    assert private_cache("jinja", {"XDG_CACHE_HOME": "relative/dir"}) is None
    assert private_cache("x", {"HOME": str(tmp_path)}) == tmp_path / ".cache" / "lws" / "x"
    assert stat.S_IMODE((tmp_path / ".cache" / "lws" / "x").stat().st_mode) == 0o700


def test_the_longest_job_waiting_runs_first() -> None:
    started: list[str] = []
    gate = threading.Event()

    def run(job: str) -> str:
        if job == "blocker":
            gate.wait(10)
        started.append(job)
        return job.upper()

    pool: LongestFirst[str, str] = LongestFirst(run, workers=1)
    pool.submit("blocker", 0.0)
    time.sleep(0.05)  # the one worker is now busy; the rest wait in the queue
    for job, seconds in [("short", 0.1), ("longest", 3.0), ("middle", 1.0)]:
        pool.submit(job, seconds)
    gate.set()
    outcomes = list(pool.outcomes())
    assert started == ["blocker", "longest", "middle", "short"]
    assert {o.job: o.result for o in outcomes} == {
        "blocker": "BLOCKER",
        "longest": "LONGEST",
        "middle": "MIDDLE",
        "short": "SHORT",
    }


def test_a_failing_job_is_an_outcome_not_a_crash() -> None:
    def run(job: int) -> int:
        if job == 2:
            raise ValueError("no")
        return job * 10

    pool: LongestFirst[int, int] = LongestFirst(run, workers=2)
    for job in (1, 2, 3):
        pool.submit(job, float(job))
    outcomes = {o.job: o for o in pool.outcomes()}
    assert outcomes[1].result == 10 and outcomes[3].result == 30
    assert isinstance(outcomes[2].error, ValueError) and outcomes[2].result is None


def test_a_second_build_waits_for_the_first_and_spares_its_files(leaflet_html: Path) -> None:
    """The race made deterministic: the test holds the build lock as a running build would."""
    project = leaflet_html
    in_flight = project / BUILD_DIR / ".leaflet.html.another-build.tmp"
    argv = [sys.executable, "-m", "lws", "build", "leaflet", "--format", "html", "--force"]
    with exclusive(project / LOCK_FILE):
        in_flight.write_bytes(b"half of another build's output")
        second = subprocess.Popen(
            [*argv, "--project", str(project)], stderr=subprocess.PIPE, text=True
        )
        assert second.stderr is not None
        line = second.stderr.readline()  # the first thing it says, once it meets the lock
        assert "waiting for another lws build of this project to finish" in line
        time.sleep(0.3)
        assert second.poll() is None and in_flight.exists()
        in_flight.unlink()  # the first build finishes its file
    rest = second.communicate(timeout=300)[1]
    assert second.returncode == 0, rest
    assert "built build/leaflet.html" in rest


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ().__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.system('touch pwned') }}",
        "{% set x = variant.update({'name': 'x'}) %}",
    ],
)
def test_a_trusts_template_cannot_run_code(tmp_path: Path, attack: str) -> None:
    project = copy_project(tmp_path / "trust")
    template = project / "templates" / "leaflet.md.j2"
    template.write_text(f"# Leaflet\n\nSome words.\n\n{attack}\n", encoding="utf-8")
    done = lws("build", "leaflet", "--format", "html", "--project", str(project), cwd=project)
    assert done.returncode == 1, done.stderr
    assert "templates/leaflet.md.j2:5:1: error:" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (project / "pwned").exists() and not (project / BUILD_DIR / "leaflet.html").exists()
