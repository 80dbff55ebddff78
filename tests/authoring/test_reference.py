"""Generated files kept in step with the schemas, and the ``lws schema`` command."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from lws.authoring.jsonschema import all_json_schemas, dumps
from lws.authoring.reference import fields, reference_markdown, type_phrase, yaml_scalar
from lws.cli import schema as schema_command
from lws.cli.main import main, parse
from lws.core.resources import packaged
from lws.model.schema import GUIDE_ORDER, load_schemas

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = load_schemas(ROOT)
REFERENCE = ROOT / "docs" / "reference.md"
JSON_DIR = ROOT / "schema" / "json"
REGENERATE_JSON = "regenerate them: lws schema --json-schema"
REGENERATE_DOCS = "regenerate it: lws schema --reference --output docs/reference.md"


def namespace(
    project: Path, *, reference: bool = False, output: Path | None = None
) -> argparse.Namespace:
    """``lws schema`` arguments as the real entry point parses them."""
    argv = ["schema", str(project), "--reference" if reference else "--json-schema"]
    return parse(argv + (["--output", str(output)] if output else []))


# -- stale checks ----------------------------------------------------------------------------


def test_reference_docs_are_up_to_date() -> None:
    assert REFERENCE.is_file(), f"docs/reference.md is missing; {REGENERATE_DOCS}"
    assert REFERENCE.read_text(encoding="utf-8") == reference_markdown(SCHEMAS), (
        f"docs/reference.md is stale; {REGENERATE_DOCS}"
    )


def test_json_schemas_are_up_to_date() -> None:
    expected = {f"{name}.json": dumps(s) for name, s in all_json_schemas(SCHEMAS).items()}
    found = {p.name: p.read_text(encoding="utf-8") for p in sorted(JSON_DIR.glob("*.json"))}
    assert sorted(found) == sorted(expected), f"schema/json/ has other files; {REGENERATE_JSON}"
    stale = [name for name in expected if found[name] != expected[name]]
    assert not stale, f"schema/json/ is stale ({', '.join(stale)}); {REGENERATE_JSON}"


def test_json_files_beside_the_schemas_are_not_schemas() -> None:
    """schema/json/ sits inside schema/ (and ships in the wheel); load_schemas reads only
    schema/*.yaml, so neither the JSON files nor their folder become sections."""
    assert (packaged("schema") / "json").is_dir()
    assert not {name for name in SCHEMAS if "json" in name}
    assert set(SCHEMAS) == {p.stem for p in (ROOT / "schema").glob("*.yaml")} - {"_rules"}


# -- the reference ---------------------------------------------------------------------------


REFERENCE_TEXT = reference_markdown(SCHEMAS)


def test_reference_follows_the_guide() -> None:
    headings = [line[3:] for line in REFERENCE_TEXT.splitlines() if line.startswith("## ")]
    order = [*GUIDE_ORDER, *sorted(set(SCHEMAS) - set(GUIDE_ORDER))]  # others follow, sorted
    titles = [SCHEMAS[name].title for name in order if name in SCHEMAS]
    assert headings == ["Sections", *titles, "Ids and references"]


def test_reference_names_every_field() -> None:
    rows = [line for line in REFERENCE_TEXT.splitlines() if line.startswith("| `")]
    for name in SCHEMAS:
        for field in fields(SCHEMAS[name]):
            assert any(row.startswith(f"| `{field.path}` |") for row in rows), field.path


def test_reference_rows_say_type_requirement_and_example() -> None:
    row = next(
        line for line in REFERENCE_TEXT.splitlines() if line.startswith("| `actions[].accountable`")
    )
    assert row == (
        "| `actions[].accountable` | person, group or organisation id (`people.yaml`) | no | "
        "Who is accountable for it: a person, group or organisation id. A person, group or "
        "organisation id from people.yaml. | `accountable: dcs` |"
    )
    probability = next(
        line for line in REFERENCE_TEXT.splitlines() if line.startswith("| `risks[].probability`")
    )
    assert "whole number, 1 to 5 | no" in probability  # optional: the diagnostic asks for it


def test_tables_have_five_cells_per_row() -> None:
    for line in REFERENCE_TEXT.splitlines():
        if line.startswith("| `"):
            cells = line.replace("\\|", "").split("|")
            assert len(cells) in (5, 7), line  # 3 or 5 cells between the outer bars


@pytest.mark.parametrize(
    ("rules", "phrase"),
    [
        ({"type": "integer", "min": 1, "max": 4}, "whole number, 1 to 4"),
        ({"type": "number", "min": 0}, "number, at least 0"),
        ({"type": "date"}, "date YYYY-MM-DD"),
        ({"type": "boolean"}, "yes/no"),
        ({"type": "string", "empty": False, "maxlength": 2000}, "text (1–2,000 characters)"),
        ({"type": "string", "allowed": ["yes", "no"]}, "one of: `'yes'`, `'no'`"),
        ({"type": "list", "schema": {"type": "string"}, "minlength": 1},
         "list of texts (at least 1 item)"),
        ({"type": "list", "schema": {"type": "string", "refers": "person"}},
         "list of person ids (`people.yaml`)"),
        ({"type": "string", "refers": "kpi"}, "KPI id (`measures.yaml`)"),
        ({"type": "dict", "schema": {}}, "mapping: the keys below"),
    ],
)  # fmt: skip
def test_types_in_the_authors_words(rules: dict[str, object], phrase: str) -> None:
    kinds = {"person": "strategy/people.yaml", "kpi": "strategy/measures.yaml"}
    assert type_phrase(rules, kinds) == phrase


@pytest.mark.parametrize(
    ("text", "written"),
    [("high", "high"), ("no", "'no'"), ("1.10", "'1.10'"), ("%", "'%'"), ("a: b", "'a: b'"),
     ("it's", "it's"), ("2026-04-01", "'2026-04-01'"), ("[x]", "'[x]'")],
)  # fmt: skip
def test_example_text_is_quoted_only_when_yaml_would_misread_it(text: str, written: str) -> None:
    assert yaml_scalar(text) == written


# -- the command -----------------------------------------------------------------------------


def test_command_writes_json_schemas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert schema_command.run(namespace(tmp_path)) == 0
    written = sorted(p.name for p in (tmp_path / "schema" / "json").iterdir())
    assert written == sorted(f"{name}.json" for name in SCHEMAS)
    out, err = capsys.readouterr()
    assert out == ""
    count = f"{len(list(SCHEMAS))} JSON Schemas written, 0 unchanged"
    assert err == f"lws schema: {count} in {tmp_path}/schema/json\n"
    packaged = (JSON_DIR / "risks.json").read_text(encoding="utf-8")
    assert (tmp_path / "schema" / "json" / "risks.json").read_text(encoding="utf-8") == packaged
    assert packaged.endswith("}\n") and '\n  "$schema"' in packaged

    assert schema_command.run(namespace(tmp_path)) == 0
    assert f"0 JSON Schemas written, {len(list(SCHEMAS))} unchanged" in capsys.readouterr().err


def test_command_uses_the_projects_own_schemas(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    text = (packaged("schema") / "lessons.yaml").read_text(encoding="utf-8")
    (tmp_path / "schema" / "lessons.yaml").write_text(
        text.replace("title: Lessons learnt", "title: What we learnt"), encoding="utf-8"
    )
    output = tmp_path / "elsewhere"
    assert schema_command.run(namespace(tmp_path, output=output)) == 0
    assert '"title": "What we learnt"' in (output / "lessons.json").read_text(encoding="utf-8")
    assert not (tmp_path / "schema" / "json").exists()
    assert load_schemas(tmp_path)["lessons"].title == "What we learnt"  # json/ beside it: fine
    (tmp_path / "schema" / "json").mkdir()
    (tmp_path / "schema" / "json" / "lessons.json").write_text("{}", encoding="utf-8")
    assert load_schemas(tmp_path)["lessons"].title == "What we learnt"


def test_command_writes_the_reference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "docs" / "reference.md"
    assert schema_command.run(namespace(tmp_path, reference=True, output=target)) == 0
    assert target.read_text(encoding="utf-8") == reference_markdown(load_schemas(tmp_path))
    assert capsys.readouterr().err == f"lws schema: wrote {target}\n"
    assert schema_command.run(namespace(tmp_path, reference=True)) == 0
    assert capsys.readouterr().out == target.read_text(encoding="utf-8")


def test_command_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nope = tmp_path / "nope"
    assert main(["schema", "--reference", "--project", str(nope)]) == 2
    assert capsys.readouterr().err == f"lws: error: {nope} is not a directory\n"
    clash = tmp_path / "file"
    clash.write_text("x")
    assert main(["schema", "--json-schema", "-o", str(clash), "--project", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"lws: error: {clash} is not a directory\n"
    assert main(["schema", "--reference", "-o", str(tmp_path), "--project", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"lws: error: {tmp_path} is a directory; name a file\n"


def test_command_parses_its_arguments() -> None:
    args = parse(["schema", "somewhere", "--reference", "-o", "docs/reference.md"])
    assert (args.project, args.reference, args.json_schema) == (Path("somewhere"), True, False)
    assert args.output == Path("docs/reference.md") and args.run is schema_command.run
    with pytest.raises(SystemExit):
        parse(["schema", "--reference", "--json-schema"])
    with pytest.raises(SystemExit):
        parse(["schema"])


KNOWN_META = {"description", "example", "format", "note"}


def _metas(rules: object) -> list[dict[str, object]]:
    if not isinstance(rules, dict):
        return []
    found = [rules["meta"]] if isinstance(rules.get("meta"), dict) else []
    sub = rules.get("schema")
    if isinstance(sub, dict):
        children = [sub] if rules.get("type") == "list" else list(sub.values())
        for child in children:
            found += _metas(child)
    return found


def test_descriptions_are_not_cut_at_a_comma() -> None:
    stray = [
        (name, sorted(set(meta) - KNOWN_META))
        for name in SCHEMAS
        for meta in _metas({"type": "dict", "schema": dict(SCHEMAS[name].fields)})
        if set(meta) - KNOWN_META
    ]
    assert not stray
