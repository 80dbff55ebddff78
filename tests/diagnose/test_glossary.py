"""The glossary: acronyms found in text, first uses spelt out, plurals and possessives."""

from __future__ import annotations

from pathlib import Path

from lws.diagnose import glossary as g
from lws.model.load import load_file

MEANINGS = {"CAF": "Common Assessment Framework", "KPI": "key performance indicator"}


def test_acronyms_are_runs_of_capitals_with_plurals_and_possessives() -> None:
    found = list(g.acronyms("The C&YP team, NHS, OK, A1, KPIs and the DCS's view; RAG."))
    assert [(a.written, a.term) for a in found] == [
        ("C&YP", "C&YP"),
        ("NHS", "NHS"),
        ("KPIs", "KPI"),
        ("DCS's", "DCS"),
        ("RAG", "RAG"),
    ]


def test_the_first_use_in_reading_order_is_spelt_out_once() -> None:
    texts = ["Our vision.", "Call the CAF line.", "The CAF and KPIs; a KPI.", "CAF again."]
    assert g.spell_out_first(texts, MEANINGS) == [
        "Our vision.",
        "Call the Common Assessment Framework (CAF) line.",
        "The CAF and key performance indicators (KPIs); a KPI.",
        "CAF again.",
    ]


def test_a_possessive_keeps_its_ending_after_the_acronym() -> None:
    assert g.spell_out_first(["The CAF's team."], MEANINGS) == [
        "The Common Assessment Framework (CAF)'s team."
    ]


def test_terms_read_from_the_glossary_section(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(
        "terms:\n"
        "  - {term: CAF, meaning: Common   Assessment Framework}\n"
        "  - {term: NHS, meaning: National Health Service, spell_out: false}\n"
        "  - {term: looked-after child, meaning: a child in the council's care}\n"
        "  - {term: CAF, meaning: a second entry is ignored}\n",
        encoding="utf-8",
    )
    terms = g.terms({"glossary": load_file(path, tmp_path, "strategy/glossary.yaml")})
    assert terms["CAF"] == g.Term("CAF", "Common Assessment Framework")
    assert not terms["NHS"].spell_out
    assert g.spelt_out(terms) == {"CAF": "Common Assessment Framework"}
    assert g.known(next(g.acronyms("NHS")), terms)
    assert not g.known(next(g.acronyms("LSCB")), terms)


def test_no_glossary_means_no_terms() -> None:
    assert g.terms({}) == {}
