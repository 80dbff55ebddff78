"""The kept plan: a forced rebuild with nothing changed converts every output again without
loading, checking or rendering; any change to what the plan was made from plans afresh, so
a failing check still stops the build."""

from __future__ import annotations

import base64
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

import lws.publish.jobs as jobs_module
from lws import __version__
from lws.core.errors import LwsError
from lws.publish.build import build
from lws.publish.state import BUILD_DIR, request_for, up_to_date
from tests.publish.test_build import EPOCH, ROOT, copy_project

ASKED = (["board"], ["html"])


def quiet(line: str) -> None:
    """Progress lines go nowhere."""


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The example with its logo outside the digested folders, its board HTML built once."""
    project = copy_project(tmp_path / "trust")
    (project / "assets").mkdir()
    (project / "templates" / "assets" / "logo.svg").rename(project / "assets" / "logo.svg")
    _edit(project / "strategy" / "publication.yaml", "logo: templates/assets/", "logo: assets/")
    assert not build(project, *ASKED, progress=quiet).problems
    return project


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How often the build plans (loads, checks, diagnoses: ``prepare``) from now on."""
    calls: list[int] = []
    real = jobs_module.prepare

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jobs_module, "prepare", counting)
    return calls


def test_a_forced_rebuild_with_nothing_changed_plans_nothing(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = built / BUILD_DIR / "board.html"
    before, written = output.read_bytes(), output.stat().st_mtime_ns
    calls = _counted(monkeypatch)
    result = build(built, *ASKED, force=True, progress=quiet)
    assert calls == []
    assert result.built == [output] and not result.problems and not result.draft
    assert output.stat().st_mtime_ns != written  # converted and written again
    assert output.read_bytes() == before
    assert up_to_date(built, request_for(built, *ASKED)) == ["build/board.html"]
    assert not list(built.rglob("*.pickle"))  # kept in the user's cache, not the repository


def test_a_rebuild_from_a_kept_plan_imports_none_of_the_planning_stack(built: Path) -> None:
    """What runs before the first conversion is what a forced rebuild costs beyond the
    converters: no YAML, schemas, criteria, templates or charts, nor pypdf or pypandoc."""
    argv = [sys.executable, "-X", "importtime", "-m", "lws", "build", *ASKED[0], "--force"]
    done = subprocess.run(
        [*argv, "--format", "html", "--project", str(built)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "1 built" in done.stderr, done.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert {"lws.publish.plans", "lws.publish.conversion"} <= imported  # the listing is real
    heavy = {"yaml", "cerberus", "jinja2", "jsonschema_rs", "matplotlib", "pypdf", "pypandoc"}
    heavy |= {"lws.model.project", "lws.publish.jobs", "lws.publish.context"}
    assert not heavy & imported, sorted(heavy & imported)


def test_a_lost_output_is_converted_from_the_kept_plan(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = built / BUILD_DIR / "board.html"
    before = output.read_bytes()
    output.unlink()
    calls = _counted(monkeypatch)
    assert build(built, *ASKED, progress=quiet).built == [output]
    assert calls == [] and output.read_bytes() == before


@pytest.mark.parametrize(
    "change",
    [
        "a section",
        "a schema",
        "a criterion",
        "a template",
        "the lws version",
        "the logo, outside the digested folders",
        "a chart lost",
        "another day",
        "a draft",
        "the kept plan unreadable",
    ],
)
def test_any_change_to_what_the_plan_was_made_from_plans_afresh(
    built: Path, monkeypatch: pytest.MonkeyPatch, change: str, tmp_path: Path
) -> None:
    options = _change(built, change, monkeypatch, tmp_path)
    calls = _counted(monkeypatch)
    result = build(built, *ASKED, force=True, progress=quiet, **options)  # type: ignore[arg-type]
    assert calls == [1]
    assert not result.problems
    html = (built / BUILD_DIR / "board.html").read_text(encoding="utf-8")
    if change == "a template":
        assert "Ours." in html
    if change == "the logo, outside the digested folders":
        logo = (built / "assets" / "logo.svg").read_bytes()
        assert base64.b64encode(logo).decode() in html  # the new logo, embedded
    again = _counted(monkeypatch)
    build(built, *ASKED, force=True, progress=quiet, **options)  # type: ignore[arg-type]
    assert again == []  # the new plan was kept


def _change(
    built: Path, change: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> dict[str, object]:
    """Make the change; the build's options it asks for."""
    if change == "a section":
        _edit(built / "strategy" / "vision.yaml", "statement:", "# edited\nstatement:")
    elif change == "a schema":
        (built / "schema").mkdir()
        packaged = (ROOT / "schema" / "vision.yaml").read_bytes()
        (built / "schema" / "vision.yaml").write_bytes(packaged)
    elif change == "a criterion":
        (built / "criteria").mkdir()
        (built / "criteria" / "local.yaml").write_text("criteria: []\n", encoding="utf-8")
    elif change == "a template":
        own = (ROOT / "templates" / "board.md.j2").read_text(encoding="utf-8")
        (built / "templates" / "board.md.j2").write_text(own + "\nOurs.\n", encoding="utf-8")
    elif change == "the lws version":
        monkeypatch.setattr("lws.publish.state.__version__", "99.0")
    elif change == "the logo, outside the digested folders":
        _edit(built / "assets" / "logo.svg", "</svg>", "<!-- redrawn --></svg>")
        assert up_to_date(built, request_for(built, *ASKED)) is None  # nor is it a no-op
    elif change == "a chart lost":
        next((built / BUILD_DIR / ".lws" / "charts").glob("*.svg")).unlink()
    elif change == "another day":
        return {"today": dt.date(2026, 12, 1)}
    elif change == "a draft":
        return {"draft": True}
    else:
        for kept in (tmp_path / "cache").rglob("*.pickle"):
            kept.write_bytes(b"\x80\x05not a plan")
    return {}


def test_a_failing_check_still_stops_a_forced_rebuild(built: Path) -> None:
    """A schema the strategy no longer meets: the plan kept before it is not used."""
    output = built / BUILD_DIR / "board.html"
    before, written = output.read_bytes(), output.stat().st_mtime_ns
    (built / "schema").mkdir()
    vision = (ROOT / "schema" / "vision.yaml").read_text(encoding="utf-8")
    stricter = vision.replace("\nfields:\n", "\nfields:\n  motto: {use: text, required: true}\n")
    (built / "schema" / "vision.yaml").write_text(stricter, encoding="utf-8")
    with pytest.raises(LwsError) as refused:
        build(built, *ASKED, force=True, progress=quiet)
    assert "strategy/vision.yaml" in str(refused.value) and "motto" in str(refused.value)
    assert output.read_bytes() == before and output.stat().st_mtime_ns == written


def test_without_a_private_cache_nothing_is_kept(
    built: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shared = tmp_path / "shared" / "lws" / f"plans-{__version__}"
    shared.mkdir(parents=True)
    shared.chmod(0o777)  # others may write here: not a place to read code from
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "shared"))
    for _ in range(2):
        calls = _counted(monkeypatch)
        assert not build(built, *ASKED, force=True, progress=quiet).problems
        assert calls == [1]
    assert not list(shared.iterdir())


def test_a_new_logo_is_a_new_output(built: Path) -> None:
    """The logo's bytes are part of each output's key, not only its path."""
    _edit(built / "assets" / "logo.svg", "</svg>", "<!-- redrawn --></svg>")
    result = build(built, *ASKED, progress=quiet)
    assert result.built == [built / BUILD_DIR / "board.html"] and not result.unchanged
