"""Flesch reading ease: scores pinned on sentences whose counts are checked by hand."""

from __future__ import annotations

import pytest

from lws.diagnose import readability as r


def test_a_simple_sentence_has_the_score_worked_out_by_hand() -> None:
    # 6 words, 6 syllables: 206.835 - 1.015 * 6 - 84.6 * 1
    s = r.sentence("The cat sat on the mat.")
    assert (s.words, s.syllables, s.long_words) == (6, 6, ())
    assert s.ease == pytest.approx(116.145)


def test_a_jargon_sentence_is_hard_and_names_its_long_words() -> None:
    # practitioners 4, participated 5, in 1, the 1, safeguarding 4, conference 3 = 18 syllables
    s = r.sentence("Practitioners participated in the safeguarding conference.")
    assert (s.words, s.syllables) == (6, 18)
    assert s.ease == pytest.approx(206.835 - 1.015 * 6 - 84.6 * 3)
    assert s.long_words == ("Practitioners", "participated", "safeguarding", "conference")
    assert r.why(s) == (
        "6 words, 4 long words ('Practitioners', 'participated', 'safeguarding', 'conference')"
    )


def test_a_paragraph_scores_as_one_body_of_text() -> None:
    text = "We will help you. The cat sat on the mat. Training is for everyone here."
    sentences = [r.sentence(p) for p in r.split_sentences(text)]
    whole = r.score(sentences)
    # words 4 + 6 + 5 = 15; syllables 4 + 6 + (2 + 1 + 1 + 3 + 1) = 18
    assert (whole.sentences, whole.words, whole.syllables) == (3, 15, 18)
    assert whole.ease == pytest.approx(206.835 - 1.015 * 5 - 84.6 * 18 / 15)


def test_the_counter_is_the_pinned_one() -> None:
    """If these move, the pin on syllapy moved: every trust's figure would change."""
    counts = {w: r.syllables(w) for w in ("workforce", "families", "apprenticeship", "area")}
    assert counts == {"workforce": 2, "families": 3, "apprenticeship": 5, "area": 3}


@pytest.mark.parametrize(
    ("word", "expected"),
    [("2026", 1), ("8am", 1), ("self-care", 2), ("children’s", 2), ("CAF", 1)],
)
def test_numbers_hyphens_and_curly_apostrophes(word: str, expected: int) -> None:
    assert r.syllables(word) == expected


def test_sentences_split_at_full_stops_but_not_after_abbreviations() -> None:
    text = "Ask Dr. Khan, e.g. at the hub. Then we left! Is it open? (23 April 2026.) Yes."
    assert r.split_sentences(text) == [
        "Ask Dr. Khan, e.g. at the hub.",
        "Then we left!",
        "Is it open?",
        "(23 April 2026.)",
        "Yes.",
    ]


def test_email_and_web_addresses_are_not_words() -> None:
    assert r.words("Write to tom.adeyemi@northbridge.example or see www.nb.example/help now") == [
        "Write",
        "to",
        "or",
        "see",
        "now",
    ]


def test_no_text_scores_as_easy_rather_than_dividing_by_zero() -> None:
    assert r.score([]).ease == 100.0
    assert r.split_sentences("  ...  ") == []


def test_the_hardest_sentences_are_those_that_pull_the_whole_down_most() -> None:
    easy = r.sentence("We will help you.")
    short_hard = r.sentence("Safeguarding practitioners.")
    long_hard = r.sentence(
        "Practitioners participated in the multi-agency safeguarding conference and the "
        "organisational development programme for qualification and retention."
    )
    assert r.hardest([easy, short_hard, long_hard], 60, 5) == [long_hard, short_hard]
    assert r.hardest([easy], 60, 5) == []
    assert r.advice(long_hard).startswith("use shorter, everyday words")
    rambling = r.sentence(" ".join(["we will help you"] * 7) + ".")
    assert rambling.words == 28 and r.advice(rambling).startswith("split it")


def test_a_sentence_hard_because_of_names_and_titles_gets_advice_about_roles() -> None:
    title = r.sentence("Tom Adeyemi, Children's Workforce Development Lead.")
    assert r.advice(title).startswith("its long words are names and titles")
    jargon = r.sentence("We facilitate integrated multidisciplinary practice.")
    assert r.advice(jargon).startswith("use shorter, everyday words")
