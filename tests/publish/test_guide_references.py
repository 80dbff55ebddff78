"""The guide's question and exercise numbers appear only in the working group's copy: the
variant whose every audience sets guide_references in publication.yaml (off by default)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from lws.diagnose.diagnostic import diagnose, load_criteria
from lws.model.project import load_strategy
from lws.publish.build import build
from lws.publish.guide import guide_references
from lws.publish.state import BUILD_DIR

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 1)


def _project(tmp: Path) -> Path:
    shutil.copytree(ROOT / "strategy", tmp / "strategy")
    shutil.copytree(ROOT / "templates" / "assets", tmp / "templates" / "assets")
    return tmp


def _ask(root: Path, audience: str) -> None:
    path = root / "strategy" / "publication.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index(f"  - id: {audience}\n")
    asked = text[at:].replace("    variant:", "    guide_references: true\n    variant:", 1)
    path.write_text(text[:at] + asked, encoding="utf-8")


def test_each_section_is_referenced_by_the_questions_that_read_it() -> None:
    strategy = load_strategy(ROOT)
    report = diagnose(strategy.documents, load_criteria(ROOT), TODAY)
    found = guide_references(report)
    assert found["publication"].startswith("From the guide: questions ")
    assert "Q38" in found["publication"] and "exercises 7.1 and 7.2" in found["publication"]
    assert re.fullmatch(r"From the guide: questions? Q\d\d.*", found["risks"])


def test_only_the_working_group_s_copy_shows_them(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _ask(root, "partners")  # the full document's only audience: the working group
    _ask(root, "staff")  # one of the leaflet's two audiences: not enough
    result = build(root, ["full", "leaflet", "board"], ["html"], progress=lambda line: None,
                   today=TODAY)  # fmt: skip
    assert not result.problems
    full = (root / BUILD_DIR / "full.html").read_text(encoding="utf-8")
    assert full.count('<div class="lws-guide">') >= 10
    assert re.search(r'<div class="lws-guide">\s*<p>From the guide: questions Q\d\d', full)
    for public in ("leaflet", "board"):
        assert "From the guide" not in (root / BUILD_DIR / f"{public}.html").read_text()


def test_off_by_default(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert not build(root, ["full"], ["html"], progress=lambda line: None, today=TODAY).problems
    assert "From the guide" not in (root / BUILD_DIR / "full.html").read_text()
