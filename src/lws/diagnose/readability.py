"""Flesch reading ease of plain text, and which sentences pull it down.

Pure functions: text in, numbers out. Syllables come from ``syllapy`` (a pinned version in
``pyproject.toml``): a word list shipped inside the package with a rule-based fallback, so the
figure is the same on every machine, offline, and does not move between releases of lws
unless the pin does.

    reading ease = 206.835 - 1.015 × (words / sentences) - 84.6 × (syllables / words)

60 or more is plain English for most adults (GOV.UK aims for a reading age of 9); 30 or
less is hard going even for graduates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

LONG_WORD_SYLLABLES = 3  # a "long word": three syllables or more
MIN_WORDS = 100  # below this a reading-ease figure says little: a text is not judged on it
LONG_SENTENCE_WORDS = 25  # GOV.UK: aim for 15 to 20 words, and never more than 25

_ADDRESS = re.compile(r"\S+@\S+\.[A-Za-z]{2,}|\b(?:https?://|www\.)\S+")
_WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9'’-]*[A-Za-z0-9])?")
# A sentence ends at . ! ? (and closing quotes or brackets) followed by a space and a capital,
# a digit or an opening quote; abbreviations such as "e.g." do not end one.
_END = re.compile(r"[.!?][\"'”’)\]]*(\s+)(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset((
    "e.g", "i.e", "etc", "dr", "mr", "mrs", "ms", "no", "st", "cllr", "vs", "approx", "incl",
    "dept", "govt", "prof",
))  # fmt: skip


@dataclass(frozen=True)
class Sentence:
    """One sentence with its counts."""

    text: str
    words: int
    syllables: int
    long_words: tuple[str, ...]

    @property
    def ease(self) -> float:
        """This sentence's own reading ease."""
        return flesch(1, self.words, self.syllables)


@dataclass(frozen=True)
class Score:
    """The reading ease of a body of text."""

    sentences: int
    words: int
    syllables: int

    @property
    def ease(self) -> float:
        return flesch(self.sentences, self.words, self.syllables)


def flesch(sentences: int, words: int, syllables: int) -> float:
    """The Flesch reading ease for these counts (100 when there are no words)."""
    if not sentences or not words:
        return 100.0
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


@cache
def syllables(word: str) -> int:
    """Syllables in one word; a number counts as one, a hyphenated word as its parts."""
    import syllapy  # its word list loads on first use, not when lws check starts

    plain = word.replace("’", "'").lower()
    if any(c.isdigit() for c in plain):
        return 1
    return max(1, sum(max(1, int(syllapy.count(part))) for part in plain.split("-") if part))


def words(text: str) -> list[str]:
    """The words of ``text``: numbers count, punctuation and email or web addresses do not."""
    return _WORD.findall(_ADDRESS.sub(" ", text))


def split_sentences(text: str) -> list[str]:
    """``text`` (one paragraph or list item) as sentences."""
    flat = " ".join(text.split())
    out: list[str] = []
    start = 0
    for end in _END.finditer(flat):
        candidate = flat[start : end.start(1)]
        last = candidate.rsplit(" ", 1)[-1].rstrip(".").lower()
        if candidate.endswith(".") and last in _ABBREVIATIONS:
            continue
        out.append(candidate)
        start = end.end(1)
    out.append(flat[start:])
    return [s for s in out if words(s)]


def sentence(text: str) -> Sentence:
    """Counts for one sentence."""
    found = words(text)
    counts = [syllables(w) for w in found]
    long_words = tuple(w for w, n in zip(found, counts, strict=True) if n >= LONG_WORD_SYLLABLES)
    return Sentence(text, len(found), sum(counts), long_words)


def score(sentences: Iterable[Sentence]) -> Score:
    """The reading ease of all these sentences together."""
    listed = list(sentences)
    return Score(len(listed), sum(s.words for s in listed), sum(s.syllables for s in listed))


def pull(item: Sentence, target: float) -> float:
    """How far this sentence drags the whole below ``target``: its shortfall times its length.

    The whole's ease is close to the word-weighted mean of its sentences' own eases, so the
    sentences with the largest pull are the ones whose rewriting helps most.
    """
    return item.words * (target - item.ease)


def hardest(sentences: Sequence[Sentence], target: float, limit: int) -> list[Sentence]:
    """The sentences that pull the score down most, hardest first (only those below target)."""
    ranked = sorted(sentences, key=lambda s: -pull(s, target))
    return [s for s in ranked if pull(s, target) > 0][:limit]


def why(item: Sentence) -> str:
    """What makes a sentence hard, in words: its length and its long words."""
    reasons = [f"{item.words} words"]
    if item.long_words:
        shown = ", ".join(f"'{w}'" for w in dict.fromkeys(item.long_words[:4]))
        reasons.append(f"{len(item.long_words)} long words ({shown})")
    return ", ".join(reasons)


def advice(item: Sentence) -> str:
    """The fix for a hard sentence."""
    if item.words > LONG_SENTENCE_WORDS:
        return "split it into sentences of 15 to 20 words, and use shorter words where you can"
    named = [w for w in item.long_words[1:] if w[:1].isupper()]  # past the first word
    if item.long_words and len(named) * 2 >= len(item.long_words):
        return (
            "its long words are names and titles: keep the name, and say what the person or "
            "team does in everyday words (e.g. 'leads training for staff')"
        )
    return "use shorter, everyday words (e.g. 'help' for 'facilitate'), and fewer of them"
