"""``lws check`` notices editor JSON Schemas (schema/json/) that the schemas in force made stale.

Real projects on disk: the example and the partly-met fixture, their schema/json/ written by
``lws schema --json-schema`` (the real command), then a trust's override of a schema.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lws.authoring.editor_schemas import REGENERATE, stale_editor_schemas
from lws.authoring.jsonschema import JSON_DIR
from lws.cli.main import main
from lws.core.diagnostics import Severity
from lws.core.resources import packaged
from lws.model.schema import load_schemas

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-24"
#: A trust allows more stages of implementation than lws does (actions.yaml: stage max 12).
WIDER_STAGES = (
    "stage: {type: integer, min: 0, max: 12,",
    "stage: {type: integer, min: 0, max: 20,",
)


@pytest.fixture(params=["example", "partly"])
def trust(
    request: pytest.FixtureRequest, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A trust's repository with the editor schemas lws schema wrote for it."""
    project = tmp_path / "trust"
    if request.param == "example":
        shutil.copytree(ROOT / "strategy", project / "strategy")
    else:
        shutil.copytree(ROOT / "tests" / "fixtures" / "partly", project)
    assert main(["schema", str(project), "--json-schema"]) == 0
    capsys.readouterr()
    return project


def _override_actions(project: Path) -> None:
    text = (packaged("schema") / "actions.yaml").read_text(encoding="utf-8")
    assert WIDER_STAGES[0] in text
    (project / "schema").mkdir(exist_ok=True)
    (project / "schema" / "actions.yaml").write_text(text.replace(*WIDER_STAGES), "utf-8")


def _check(project: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["check", str(project), "--today", TODAY, *extra])
    return code, capsys.readouterr().out


def test_fresh_editor_schemas_give_no_warning(trust: Path) -> None:
    assert stale_editor_schemas(trust, load_schemas(trust)) == []


def test_no_schema_json_directory_is_not_a_problem(trust: Path) -> None:
    shutil.rmtree(trust / JSON_DIR)
    _override_actions(trust)
    assert stale_editor_schemas(trust, load_schemas(trust)) == []


def test_an_override_makes_its_editor_schema_stale_located_with_the_command(trust: Path) -> None:
    _override_actions(trust)
    found = stale_editor_schemas(trust, load_schemas(trust))
    assert [(d.file, d.line, d.col, d.severity) for d in found] == [
        ("schema/json/actions.json", 1, 1, Severity.WARNING)
    ]
    assert found[0].message == (
        "the editor schema schema/json/actions.json is out of date: it was made from other "
        "schemas than those in force (schema/actions.yaml), so an editor checks "
        "strategy/actions.yaml against rules lws check does not apply"
    )
    assert REGENERATE in found[0].hint and REGENERATE == "lws schema --json-schema"


def test_a_missing_editor_schema_is_named(trust: Path) -> None:
    (trust / JSON_DIR / "vision.json").unlink()
    found = stale_editor_schemas(trust, load_schemas(trust))
    assert [d.file for d in found] == ["schema/json/vision.json"]
    assert "is missing, so an editor cannot check strategy/vision.yaml" in found[0].message


def test_an_edited_editor_schema_is_stale_even_without_an_override(trust: Path) -> None:
    path = trust / JSON_DIR / "risks.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["description"] = "edited by hand"
    path.write_text(json.dumps(data), encoding="utf-8")
    found = stale_editor_schemas(trust, load_schemas(trust))
    assert [d.file for d in found] == ["schema/json/risks.json"]
    assert "other schemas than this lws's" in found[0].message


def test_the_answer_is_cached_per_inputs_and_a_changed_schema_is_seen(trust: Path) -> None:
    """The second look reuses the cached digests; an override is a new key, judged afresh."""
    assert stale_editor_schemas(trust, load_schemas(trust)) == []
    _override_actions(trust)
    assert len(stale_editor_schemas(trust, load_schemas(trust))) == 1
    again = (packaged("schema") / "actions.yaml").read_text(encoding="utf-8")
    (trust / "schema" / "actions.yaml").write_text(again, "utf-8")  # the override undone
    assert stale_editor_schemas(trust, load_schemas(trust)) == []


def test_lws_check_warns_strict_fails_and_lws_schema_fixes_it(
    trust: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The partly-met fixture has warnings of its own: only the editor schema's come and go."""
    clean, before = _check(trust, capsys, "--strict")
    _override_actions(trust)
    code, out = _check(trust, capsys)
    assert code == 0
    stale = [line for line in out.splitlines() if line.startswith("schema/json/")]
    assert stale == [
        "schema/json/actions.json:1:1: warning: the editor schema schema/json/actions.json is "
        "out of date: it was made from other schemas than those in force (schema/actions.yaml), "
        "so an editor checks strategy/actions.yaml against rules lws check does not apply"
    ]
    assert "  hint: run lws schema --json-schema to write schema/json/ again, and commit it" in out
    assert _check(trust, capsys, "--strict")[0] == 1
    assert main(["schema", str(trust), "--json-schema"]) == 0
    capsys.readouterr()
    assert _check(trust, capsys, "--strict") == (clean, before)
