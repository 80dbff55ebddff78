"""The plain-words list: data a trust can edit, extend or switch off."""

from __future__ import annotations

from pathlib import Path

import pytest

from lws.core.errors import LwsError
from lws.diagnose import plain_words as p
from lws.model.load import Document, load_file


def glossary(root: Path, text: str) -> dict[str, Document]:
    path = root / "strategy" / "glossary.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return {"glossary": load_file(path, root, "strategy/glossary.yaml")}


def test_a_word_matches_with_its_usual_endings_in_any_case() -> None:
    utilise = p.entry("utilise", "use")
    text = "Utilise, utilises, utilised, utilising; not utility or reutilised-ish."
    assert [h.written for h in p.hits(text, [utilise])] == [
        "Utilise",
        "utilises",
        "utilised",
        "utilising",
    ]
    assist = p.entry("assist", "help")
    assert [h.written for h in p.hits("We assisted; assists; assistant.", [assist])] == [
        "assisted",
        "assists",
    ]


def test_a_phrase_matches_across_spaces() -> None:
    phrase = p.entry("in order to", "to")
    assert [(h.written, h.start) for h in p.hits("We met in  order to plan.", [phrase])] == [
        ("in  order to", 7)
    ]


def test_the_packaged_list_is_in_force_by_default(tmp_path: Path) -> None:
    words = {w.avoid: w.instead for w in p.load_list(tmp_path, {})}
    assert words["utilise"] == "use"
    assert words["in order to"] == "to"
    assert len(words) >= 30


def test_a_trust_allows_adds_or_switches_off(tmp_path: Path) -> None:
    docs = glossary(
        tmp_path,
        "plain_words:\n  allow: [Utilise]\n  words:\n    - {avoid: going live, instead: start}\n",
    )
    words = {w.avoid for w in p.load_list(tmp_path, docs)}
    assert "utilise" not in words and "going live" in words and "commence" in words
    off = glossary(tmp_path, "plain_words:\n  check: false\n")
    assert p.load_list(tmp_path, off) == []


def test_a_trusts_own_list_replaces_the_packaged_one(tmp_path: Path) -> None:
    (tmp_path / "criteria").mkdir()
    (tmp_path / "criteria" / "plain_words.yaml").write_text(
        "words:\n  - {avoid: synergy, instead: working together}\n", encoding="utf-8"
    )
    assert [w.avoid for w in p.load_list(tmp_path, {})] == ["synergy"]


def test_a_broken_list_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "criteria").mkdir()
    (tmp_path / "criteria" / "plain_words.yaml").write_text(
        "words:\n  - {avoid: synergy}\n", encoding="utf-8"
    )
    with pytest.raises(LwsError) as caught:
        p.load_list(tmp_path, {})
    (problem,) = caught.value.diagnostics
    assert (problem.file, problem.line, problem.path) == (
        "criteria/plain_words.yaml",
        2,
        ("words", 0),
    )
    assert problem.message == "an entry of the plain-words list is not valid"
    assert "instead: PLAIN WORDS" in problem.hint
