"""publication.yaml's structure: which parts the full document has, in which order, and the
located problems of a structure the build could not follow."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from lws.diagnose.check import check_strategy
from lws.model.project import load_strategy
from lws.model.structure import BEFORE_0_3, DEFAULT, KNOWN, Part, outline, structure_problems
from lws.model.versions import CHANGES, CURRENT

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXAMPLE = Path(__file__).resolve().parents[2] / "strategy"


def _project(tmp_path: Path, source: Path = EXAMPLE) -> Path:
    shutil.copytree(source, tmp_path / "strategy")
    return tmp_path


def _set_structure(root: Path, entries: list[str]) -> None:
    path = root / "strategy" / "publication.yaml"
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("structure:")]
    tail = text[text.index("brand:") :]
    listed = "".join(f"  - {e}\n" for e in entries)
    path.write_text(f"{head}structure:\n{listed}\n{tail}", encoding="utf-8")


def _problems(root: Path) -> list[str]:
    strategy = load_strategy(root)
    return [d.format() for d in structure_problems(strategy.documents)]


def test_the_example_and_the_historical_fixture_place_everything_they_have() -> None:
    for root in (EXAMPLE.parent, FIXTURES / "historical"):
        strategy = load_strategy(root)
        assert structure_problems(strategy.documents) == []
        assert [d.format() for d in check_strategy(strategy)] == []


def test_an_unknown_entry_is_located_and_names_the_allowed_parts(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _set_structure(root, ["cover", "risk", "northbridge-today", "appendices"])
    [problem] = [p for p in _problems(root) if "risk" in p]
    head, hint = problem.split("\n  hint: ")
    assert head == (
        "strategy/publication.yaml:96:5: error: structure[1]: 'risk' is not a part of the "
        "full document"
    )
    assert hint.startswith("did you mean 'risks'? the parts are: cover, manifest, contents,")
    assert hint.endswith("; your own sections: northbridge-today, how-we-wrote-it")
    assert all(name in hint for name in KNOWN)


def test_an_entry_listed_twice_is_an_error_at_its_second_place(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _set_structure(root, ["summary", "risks", "summary", "northbridge-today"])
    assert _problems(root) == [
        "strategy/publication.yaml:97:5: error: structure[2]: 'summary' is listed twice\n"
        "  hint: list each part of the full document once, where it should go",
        "strategy/own_sections.yaml:24:9: warning: appendices[0].id: publication.yaml's "
        "structure has no appendices, so the full document leaves this appendix out\n"
        "  hint: add appendices to the end of structure in strategy/publication.yaml",
        "strategy/foreword.yaml:5:1: warning: publication.yaml's structure does not list "
        "foreword, so the full document leaves this foreword out\n"
        "  hint: add foreword to structure in strategy/publication.yaml, e.g. after contents",
    ]


def test_an_own_section_the_structure_leaves_out_is_warned_about_at_its_id(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    _set_structure(root, ["foreword", "summary", "appendices"])
    assert _problems(root) == [
        "strategy/own_sections.yaml:6:9: warning: sections[0].id: publication.yaml's structure "
        "does not list 'northbridge-today', so the full document leaves this section out\n"
        "  hint: add northbridge-today to structure in strategy/publication.yaml where it "
        "should go"
    ]


def test_an_own_id_that_is_the_name_of_a_part_is_an_error(tmp_path: Path) -> None:
    root = _project(tmp_path)
    path = root / "strategy" / "own_sections.yaml"
    path.write_text(path.read_text().replace("id: northbridge-today", "id: risks"))
    _set_structure(root, ["risks", "appendices"])
    found = [p for p in _problems(root) if "already the name" in p]
    assert found == [
        "strategy/own_sections.yaml:6:9: error: sections[0].id: 'risks' is already the name of "
        "a part of the full document\n  hint: give your own section another id, e.g. our-risks"
    ]


def test_without_a_structure_the_full_document_follows_the_guide() -> None:
    own = {"sections": [{"id": "local"}], "appendices": [{"id": "terms"}]}
    parts = outline({}, own)
    names = [p.name for p in parts]
    assert names[: len(DEFAULT) - 5] == [n for n in DEFAULT if n != "quotes"][: len(DEFAULT) - 5]
    assert names.index("local") == names.index("quotes") - 1  # own sections before quotes
    assert names[-1] == "terms" and parts[-1] == Part("terms", "own", appendix=True)
    assert not any(p.appendix for p in parts[: names.index("appendices") + 1])


def test_a_given_structure_decides_parts_order_and_appendices() -> None:
    own = {"sections": [{"id": "local"}], "appendices": [{"id": "terms"}, {"id": "minutes"}]}
    structure = {"structure": ["foreword", "local", "risks", "appendices", "minutes", "people"]}
    assert outline(structure, own) == [
        Part("foreword", "front"),
        Part("local", "own"),
        Part("risks", "section"),
        Part("appendices", "appendices"),
        Part("minutes", "own", appendix=True),
        Part("people", "section", appendix=True),
        Part("terms", "own", appendix=True),  # not listed: after the listed appendices
    ]


def test_unknown_and_repeated_entries_are_left_out_of_the_outline() -> None:
    structure = {"structure": ["summary", "risk", "summary", 3, "risks"]}
    assert [p.name for p in outline(structure, None)] == ["summary", "risks"]


def test_the_version_that_adds_them_is_current_and_says_what_changed() -> None:
    assert CURRENT == (0, 3)
    assert any("structure now decides" in change for change in CHANGES[CURRENT])
    schema = yaml.safe_load((EXAMPLE.parent / "schema" / "publication.yaml").read_text())
    assert "allowed" not in schema["fields"]["structure"]["schema"]


def test_an_older_structure_that_leaves_out_what_its_build_printed_is_warned_at_the_list(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path, FIXTURES / "v0_1" / "strategy")  # a 0.1 strategy
    _set_structure(root, ["manifest", "scope", "people"])
    line = (root / "strategy" / "publication.yaml").read_text().splitlines().index("structure:")
    (warning,) = _problems(root)
    assert warning.startswith(f"strategy/publication.yaml:{line + 2}:3: warning: structure: ")
    assert "written for data model 0.1, whose full document printed every part" in warning
    assert "leaves out cover, contents, summary, priorities," in warning
    assert warning.splitlines()[0].endswith("diagnostic, impact_models and glossary")
    assert "hint: run lws upgrade: it lists every part the document had" in warning
    _set_structure(root, list(BEFORE_0_3))
    assert _problems(root) == []  # nothing left out
    _set_structure(root, ["manifest", "scope"])
    manifest = root / "strategy" / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("\ntrust:", "\nschema_version: '0.3'\ntrust:"))
    assert _problems(root) == []  # written for 0.3: the list is what the author wants
