"""``lws init``: a new trust's repository that checks, builds and has working CI files."""

from __future__ import annotations

import datetime as dt
import shlex
from pathlib import Path

import pytest
import yaml

from lws.cli.main import build_parser, main
from lws.core.diagnostics import errors
from lws.diagnose.check import check_project
from lws.diagnose.diagnostic import diagnose, load_criteria
from lws.diagnose.evidence import Status
from lws.model.project import load_strategy
from lws.publish.build import build
from lws.publish.state import BUILD_DIR

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def trust(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("new") / "testshire"
    assert main(["init", str(target), "--trust", "Testshire Children's Trust"]) == 0
    return target


def test_every_section_has_a_file_with_guidance(trust: Path) -> None:
    schemas = {p.stem for p in (ROOT / "schema").glob("*.yaml")} - {"_rules"}
    files = {p.stem for p in (trust / "strategy").glob("*.yaml")}
    # foreword.yaml has no list to start from: an empty one would only warn; added when wanted;
    # national.yaml is written by lws import --national, not by hand
    assert files == schemas - {"foreword", "national"}
    risks = (trust / "strategy" / "risks.yaml").read_text()
    assert risks.startswith("# yaml-language-server: $schema=../schema/json/risks.json\n")
    assert "template 12, exercise 11.2" in risks


def test_new_repository_passes_check(trust: Path) -> None:
    assert errors(check_project(trust, dt.date(2026, 11, 24))) == []
    assert main(["check", str(trust), "--strict"]) == 0


def test_diagnostic_rightly_shows_it_incomplete(trust: Path) -> None:
    strategy = load_strategy(trust)
    report = diagnose(strategy.documents, load_criteria(trust), dt.date(2026, 11, 24))
    assert sum(r.status is Status.NOT_MET for r in report.results) > 50


def test_new_repository_builds(trust: Path) -> None:
    result = build(trust, ["leaflet", "board"], ["html", "pdf"], progress=lambda line: None)
    assert not result.problems
    assert (trust / BUILD_DIR / "leaflet.pdf").stat().st_size > 1000


def test_ci_workflows_parse_and_name_real_commands(trust: Path) -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert isinstance(commands, dict)
    github = yaml.safe_load((trust / ".github/workflows/strategy.yml").read_text())
    steps = [s["run"] for s in github["jobs"]["check"]["steps"] if "run" in s]
    gitlab = yaml.safe_load((trust / ".gitlab-ci.yml").read_text())
    scripts = [line for job in ("check", "build") for line in gitlab[job]["script"]]
    pre_commit = yaml.safe_load((trust / ".pre-commit-config.yaml").read_text())
    entries = [h["entry"] for r in pre_commit["repos"] for h in r["hooks"]]
    lines = [
        line.strip()
        for block in steps + scripts + entries
        for line in block.replace("\\\n", " ").splitlines()
    ]
    used = [line for line in lines if line.startswith("lws ")]
    assert {shlex.split(line)[1] for line in used} >= {"check", "build", "diagnose", "diff"}
    for line in used:
        words = shlex.split(line.replace("$LWS_TODAY", "2026-11-24"))
        ends = [i for i, w in enumerate(words) if w in (">", ">>", "||")]
        words = words[: ends[0]] if ends else words  # the command, without the shell's part
        assert words[1] in commands, line
        build_parser().parse_args(words[1:])  # every option is real (exits on an unknown one)


def test_lws_repository_offers_pre_commit_hooks() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"lws-check", "lws-diagnose"}
    assert all(h["entry"].split()[0] == "lws" for h in hooks)


def test_init_refuses_a_directory_with_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    assert main(["init", str(tmp_path)]) == 2
    assert "exists and is not an empty directory" in capsys.readouterr().err
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_init_seeds_the_glossary_with_the_usual_terms_of_childrens_services(
    tmp_path: Path,
) -> None:
    assert main(["init", str(tmp_path / "new"), "--trust", "Test Trust"]) == 0
    text = (tmp_path / "new" / "strategy" / "glossary.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    terms = {t["term"]: t["meaning"] for t in data["terms"]}
    assert {"CAF", "CYPP", "DCS", "KPI", "LSCB", "RAG", "CPD"} <= set(terms)
    assert terms["CAF"] == "Common Assessment Framework"
    assert data["plain_words"]["check"] is True


def test_the_starter_files_invent_no_names(trust: Path) -> None:
    """No placeholder person ("To be named") that the build would print as the owner."""
    people = yaml.safe_load((trust / "strategy" / "people.yaml").read_text())
    manifest = yaml.safe_load((trust / "strategy" / "manifest.yaml").read_text())
    assert people["people"] == []
    assert not {"owner", "sponsor", "contacts"} & set(manifest)
    for path in (trust / "strategy").glob("*.yaml"):
        assert "To be named" not in path.read_text(), path.name
