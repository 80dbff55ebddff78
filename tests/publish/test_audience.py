"""Audience rules: which variants exist, for whom, and what each audience may see."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from lws.core.errors import LwsError
from lws.model.project import load_strategy
from lws.publish.audience import Variant, load_variants, sections_for, visible_to

EXAMPLE = Path(__file__).resolve().parents[2] / "strategy"
OWN_VARIANTS = """variants:
  poster:
    title: Poster
    template: poster.md.j2
    formats: [pdf]
  board:
    title: Board pack
    description: For the board.
    template: board.md.j2
    formats: [html, docx]
    max_pages: 1
  unused:
    title: Nobody asks for this
    template: unused.md.j2
    formats: [html]
"""


def publication(*pairs: tuple[Any, Any]) -> dict[str, Any]:
    return {"audiences": [{"id": i, "variant": v} for i, v in pairs]}


@pytest.fixture
def own(tmp_path: Path) -> Path:
    """A project whose templates/variants.yaml is its own."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "variants.yaml").write_text(OWN_VARIANTS)
    return tmp_path


# -- visible_to ------------------------------------------------------------------------------


def test_an_item_restricted_to_other_audiences_is_left_out() -> None:
    data = {"kpis": [{"id": "K1"}, {"id": "K2", "audiences": ["board"]}]}
    assert visible_to(data, ["staff"]) == {"kpis": [{"id": "K1"}]}
    assert visible_to(data, ["board"]) == data
    assert visible_to(data, []) == {"kpis": [{"id": "K1"}]}


def test_one_shared_audience_is_enough() -> None:
    item = {"id": "R1", "audiences": ["board", "leaders"]}
    assert visible_to([item], {"staff", "leaders"}) == [item]
    assert visible_to([item], ("staff", "partners")) == []


def test_an_empty_or_malformed_restriction_restricts_nothing() -> None:
    items = [{"id": 1, "audiences": []}, {"id": 2, "audiences": None}, {"id": 3}]
    assert visible_to(items, ["staff"]) == items
    # the schema requires a list; a malformed value must not make lws hide or crash
    assert visible_to([{"id": 4, "audiences": "board"}], ["staff"]) == [
        {"id": 4, "audiences": "board"}
    ]


def test_audience_ids_are_compared_as_text() -> None:
    assert visible_to([{"audiences": [2026]}], ["2026"]) == [{"audiences": [2026]}]


def test_restrictions_apply_at_every_depth_and_to_mappings_inside_kept_items() -> None:
    data = {
        "themes": [
            {
                "id": "t1",
                "actions": [{"id": "A1", "audiences": ["board"]}, {"id": "A2"}],
                "notes": {"list": [{"x": 1, "audiences": ["board"]}, "plain", 3]},
            },
            {"id": "t2", "audiences": ["board"], "actions": [{"id": "A3"}]},
        ]
    }
    assert visible_to(data, ["staff"]) == {
        "themes": [{"id": "t1", "actions": [{"id": "A2"}], "notes": {"list": ["plain", 3]}}]
    }


def test_visible_to_leaves_its_input_alone_and_passes_scalars() -> None:
    data = {"kpis": [{"id": "K1", "audiences": ["board"]}]}
    visible_to(data, ["staff"])
    assert data == {"kpis": [{"id": "K1", "audiences": ["board"]}]}
    assert visible_to("text", ["staff"]) == "text"
    assert visible_to(None, []) is None


# -- load_variants ---------------------------------------------------------------------------


def test_packaged_variants_exist_only_when_an_audience_names_them(tmp_path: Path) -> None:
    variants = load_variants(
        tmp_path, publication(("staff", "leaflet"), ("board", "board"), ("leaders", "board"))
    )
    assert [v.name for v in variants] == ["leaflet", "board"]
    leaflet, board = variants
    assert leaflet == Variant(
        name="leaflet",
        title="Staff leaflet",
        template="leaflet.md.j2",
        formats=("html", "docx", "pdf"),
        audiences=frozenset({"staff"}),
        description="At most two A4 pages in plain English for frontline and support staff.",
        max_pages=2,
    )
    assert board.audiences == frozenset({"board", "leaders"})
    assert board.max_pages is None


def test_variants_come_in_the_order_they_are_defined(own: Path) -> None:
    variants = load_variants(own, publication(("b", "board"), ("p", "poster")))
    assert [(v.name, v.title, v.formats) for v in variants] == [
        ("poster", "Poster", ("pdf",)),
        ("board", "Board pack", ("html", "docx")),
    ]
    assert variants[0].description == ""
    assert variants[1].description == "For the board."
    assert variants[1].max_pages == 1


def test_a_variant_shows_the_score_only_when_it_says_true(own: Path) -> None:
    variants = own / "templates" / "variants.yaml"
    text = variants.read_text().replace(
        "    max_pages: 1\n", "    max_pages: 1\n    show_score: true\n"
    )
    variants.write_text(text)
    poster, board = load_variants(own, publication(("b", "board"), ("p", "poster")))
    assert (poster.show_score, board.show_score) == (False, True)
    assert board.as_context() == {
        "name": "board",
        "title": "Board pack",
        "show_score": True,
        "guide_references": False,
    }
    assert poster.as_context() == {
        "name": "poster",
        "title": "Poster",
        "show_score": False,
        "guide_references": False,
    }


def test_no_audience_no_variant(own: Path) -> None:
    assert load_variants(own, {}) == []
    assert load_variants(own, {"audiences": None}) == []
    odd = {"audiences": ["staff", {"id": "x"}, {"id": "y", "variant": 3}, None]}
    assert load_variants(own, odd) == []


def test_an_undefined_variant_is_located_at_the_audience(own: Path) -> None:
    positions: dict[tuple[str | int, ...], Any] = {
        ("audiences", 1, "variant"): SimpleNamespace(line=12, col=14)
    }
    with pytest.raises(LwsError) as excinfo:
        load_variants(own, publication(("a", "poster"), ("b", "leaflet")), positions)
    assert [d.format() for d in excinfo.value.diagnostics] == [
        "strategy/publication.yaml:12:14: error: audiences[1].variant: no variant named "
        "'leaflet' (variants: poster, board, unused)\n"
        "  hint: use a variant defined in templates/variants.yaml, or define it in your own copy"
    ]
    assert excinfo.value.diagnostics[0].path == ()


def test_every_undefined_variant_is_reported_without_positions_at_line_1(own: Path) -> None:
    with pytest.raises(LwsError) as excinfo:
        load_variants(own, publication(("a", "flyer"), ("b", "board"), ("c", "zine")))
    assert [(d.line, d.col, d.message[:25]) for d in excinfo.value.diagnostics] == [
        (1, 1, "audiences[0].variant: no "),
        (1, 1, "audiences[2].variant: no "),
    ]


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        (("max_pages: 1", "max_pages: 0"), False),
        (("formats: [pdf]", "formats: []"), False),
        (("formats: [pdf]", "formats: [epub]"), False),
        (("template: poster.md.j2", "template: ../poster.md.j2"), False),
        (("template: poster.md.j2", "template: poster.md"), False),
        (("title: Poster", "title: ''"), False),
        (("title: Poster", "title: Poster\n    show_score: yes please"), False),
        (("  poster:", "  Poster:"), False),
        (("  poster:", "  2poster:"), False),
        (("    title: Poster\n", ""), False),
        (("title: Poster", "title: Poster\n    colour: red"), False),
        (("formats: [pdf]", "formats: [pptx, html, docx, pdf]"), True),
        (("  poster:", "  a-2:"), True),
    ],
)
def test_the_variants_file_is_validated(own: Path, change: tuple[str, str], valid: bool) -> None:
    path = own / "templates" / "variants.yaml"
    path.write_text(OWN_VARIANTS.replace(*change))
    if valid:
        assert [v.name for v in load_variants(own, publication(("b", "board")))] == ["board"]
        return
    with pytest.raises(LwsError) as excinfo:
        load_variants(own, publication(("b", "board")))
    (problem,) = excinfo.value.diagnostics
    assert (problem.file, problem.line, problem.col) == ("templates/variants.yaml", 1, 1)
    assert problem.message.startswith("variants file is not valid: {")


def test_a_variants_file_that_is_not_a_mapping(own: Path) -> None:
    (own / "templates" / "variants.yaml").write_text("- leaflet\n- board\n")
    with pytest.raises(LwsError) as excinfo:
        load_variants(own, publication(("b", "board")))
    (problem,) = excinfo.value.diagnostics
    assert problem.message == "variants file is not valid: not a mapping"


# -- what a variant's audiences may see ------------------------------------------------------


def test_sections_for_withholds_what_another_audience_is_told(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "strategy")
    strategy = load_strategy(tmp_path)
    restricted = [
        (section, item["id"], item["audiences"])
        for section, key in (("risks", "risks"), ("measures", "kpis"), ("actions", "actions"))
        for item in strategy.documents[section].data[key]
        if item.get("audiences")
    ]
    assert restricted, "the example restricts some items"
    section, item_id, audiences = restricted[0]
    key = {"risks": "risks", "measures": "kpis", "actions": "actions"}[section]
    seen_by = Variant("v", "V", "v.j2", ("html",), frozenset(audiences))
    hidden_from = Variant("w", "W", "w.j2", ("html",), frozenset({"nobody"}))
    shown = sections_for(strategy, seen_by)
    hidden = sections_for(strategy, hidden_from)
    assert item_id in [i["id"] for i in shown[section][key]]
    assert item_id not in [i["id"] for i in hidden[section][key]]
    assert set(shown) == set(strategy.schemas)  # every section, written or not
    assert (
        shown["manifest"]["trust"]["name"] == strategy.documents["manifest"].data["trust"]["name"]
    )


def test_a_broken_variants_file_of_the_trusts_is_located_in_it(own: Path) -> None:
    (own / "templates" / "variants.yaml").write_text("variants:\n  poster: [\n")
    with pytest.raises(LwsError) as excinfo:
        load_variants(own, publication(("b", "board")))
    (problem,) = excinfo.value.diagnostics
    assert problem.file == "templates/variants.yaml"
    assert problem.line > 1
    assert problem.message.startswith("YAML syntax error")


def test_sections_for_gives_every_section_its_keys_even_when_not_written(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "strategy")
    (tmp_path / "strategy" / "lessons.yaml").unlink()
    strategy = load_strategy(tmp_path)
    everyone = Variant("v", "V", "v.j2", ("html",), frozenset({"staff"}))
    shown = sections_for(strategy, everyone)
    assert shown["lessons"] == {"lessons": []}
    assert shown["manifest"]["approval"]["body"]
    assert set(shown["vision"]) == set(strategy.schemas["vision"].fields)
