"""What ``lws check`` imports: the publishing stack only when an audience's words are checked."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from lws.authoring.editor_schemas import editor_schema_check
from lws.core.report import as_json
from lws.diagnose.check import check_project
from lws.publish.words import words_check
from tests.publish.test_words import COUNCIL_VISION, TODAY, with_council_vision

ROOT = Path(__file__).resolve().parents[2]
PUBLISHING = {"jinja2", "markdown_it", "lws.publish.context", "lws.publish.render"}


def copy_example(target: Path) -> Path:
    shutil.copytree(ROOT / "strategy", target / "strategy")
    return target


def no_words_targets(root: Path) -> None:
    """Every audience of the example says it sets no reading-ease target and no plain English."""
    path = root / "strategy" / "publication.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("\n    variant: ") >= 4
    quiet = "\n    plain_english: false\n    reading_ease: null\n    variant: "
    path.write_text(text.replace("\n    variant: ", quiet), encoding="utf-8")


def check_imports(root: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """``lws check --format json`` in a fresh process, and every module it imported."""
    argv = [sys.executable, "-X", "importtime", "-m", "lws", "check", str(root)]
    done = subprocess.run(
        [*argv, "--format", "json", "--today", TODAY.isoformat()],
        capture_output=True,
        text=True,
        timeout=300,
    )
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert {"lws.diagnose.check", "lws.publish.words", "yaml"} <= imported  # the listing is real
    return done, imported


def in_process(root: Path) -> str:
    """What the command reports, worked out here with every later check."""
    found = check_project(root, TODAY, later=(words_check, editor_schema_check))
    return as_json(found)


def test_a_check_whose_audiences_set_no_words_target_imports_no_publishing(
    tmp_path: Path,
) -> None:
    project = copy_example(tmp_path / "trust")
    no_words_targets(project)
    done, imported = check_imports(project)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert not PUBLISHING & imported, sorted(PUBLISHING & imported)
    assert done.stdout == in_process(project)


def test_a_check_whose_audiences_need_plain_words_renders_and_reports_the_same(
    tmp_path: Path,
) -> None:
    project = copy_example(tmp_path / "trust")
    with_council_vision(project, COUNCIL_VISION)
    done, imported = check_imports(project)
    assert imported >= PUBLISHING  # the leaflet was rendered to read its words
    assert "reading ease of" in done.stdout and "strategy/vision.yaml" in done.stdout
    assert done.stdout == in_process(project)


def test_the_example_checks_its_leaflet_words_and_passes() -> None:
    done, imported = check_imports(ROOT)
    assert done.returncode == 0, done.stdout
    assert imported >= PUBLISHING
    assert done.stdout == in_process(ROOT)
