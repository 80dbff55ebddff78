"""The words check of ``lws check``: is each variant in words its audiences understand?

Each audience in ``strategy/publication.yaml`` may set ``reading_ease`` (a Flesch target)
and ``plain_english``. By default an audience reading the headline version (``detail:
headline``: staff, families) needs plain English and a reading ease of 60; others (the board,
partners) have no target. A variant serves every audience that names it, so it must meet the
highest target among them.

The check renders each such variant's Markdown exactly as ``lws build`` does (its real
template, its audiences' data) and reads the published prose back. When the variant falls
short of its target it warns at the audience in ``publication.yaml`` and at the source line of
each sentence that pulls the score down most. Findings are warnings (``--strict`` fails on
them); ``gate: {plain_english: true}`` in ``strategy/diagnostic.yaml`` makes them errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lws.core.diagnostics import DataPath, Diagnostic, Severity
from lws.core.errors import LwsError
from lws.core.quantities import format_number
from lws.core.resources import Resources
from lws.diagnose import glossary, plain_words, readability
from lws.diagnose.diagnostic import Report
from lws.model.load import Document
from lws.model.project import Strategy
from lws.publish import prose

if TYPE_CHECKING:
    import jinja2

    from lws.publish.audience import Variant

DEFAULT_READING_EASE = 60.0
HARDEST_SHOWN = 5  # sentences reported per variant that falls short


@dataclass(frozen=True)
class Needs:
    """What a variant's audiences need of its words."""

    audiences: tuple[str, ...]
    target: float | None  # the highest reading-ease target among them
    plain: bool  # some audience needs plain English (plain words, every acronym explained)
    path: DataPath  # the audience (or its reading_ease) that sets the target


def needs_by_variant(publication: Mapping[str, Any]) -> dict[str, Needs]:
    """Each variant's needs, from the audiences that name it."""
    out: dict[str, Needs] = {}
    for index, audience in enumerate(publication.get("audiences") or []):
        if not isinstance(audience, dict) or not isinstance(audience.get("variant"), str):
            continue
        plain = audience.get("plain_english", audience.get("detail") == "headline") is True
        if "reading_ease" in audience:
            given = audience["reading_ease"]
            target = float(given) if isinstance(given, (int, float)) and given > 0 else None
            path: DataPath = ("audiences", index, "reading_ease")
        else:
            target = DEFAULT_READING_EASE if plain else None
            path = ("audiences", index)
        name = str(audience["variant"])
        before = out.get(name)
        if before is None:
            out[name] = Needs((str(audience.get("id")),), target, plain, path)
            continue
        binding = target is not None and (before.target is None or target > before.target)
        out[name] = Needs(
            (*before.audiences, str(audience.get("id"))),
            target if binding else before.target,
            before.plain or plain,
            path if binding else before.path,
        )
    return out


def words_check(strategy: Strategy, report: Report, today: dt.date) -> list[Diagnostic]:
    """Reading ease, acronyms and plain words of every variant whose audiences need them."""
    publication = strategy.documents.get("publication")
    if publication is None or not isinstance(publication.data, dict):
        return []
    needs = needs_by_variant(publication.data)
    if not any(n.target is not None or n.plain for n in needs.values()):
        return []
    # The publishing stack (Jinja, Markdown, the context) only when some audience needs it.
    from lws import __version__
    from lws.core.cache import private_cache
    from lws.publish.audience import load_variants
    from lws.publish.render import environment

    try:
        variants = load_variants(strategy.root, publication.data, publication.values)
        cache = private_cache(f"jinja-{__version__}")  # the compiled templates lws build uses
        env = environment(Resources(strategy.root).dirs("templates"), cache)
        words = Words.of(strategy)
        found: list[Diagnostic] = []
        for variant in variants:
            need = needs.get(variant.name)
            if need is None or (need.target is None and not need.plain):
                continue
            published = published_blocks(strategy, variant, env, report, today)
            check = _VariantCheck(strategy, publication, variant, need, words)
            found += check.reading_ease(published)
            if need.plain:
                found += check.acronyms(published) + check.plain_words(published)
    except LwsError as exc:  # a broken template, variants file or word list: say so, located
        where = exc.location.file if exc.location else publication.file
        unlocated = Diagnostic(where, 1, 1, Severity.ERROR, (), exc.message, exc.hint)
        return list(exc.diagnostics) or [unlocated]
    return sorted(found)


@dataclass(frozen=True)
class Words:
    """What the check knows of a trust's words: glossary, plain-words list, severity."""

    origins: prose.Origins
    glossary: Mapping[str, glossary.Term]
    plain: Sequence[plain_words.PlainWord]
    severity: Severity

    @classmethod
    def of(cls, strategy: Strategy) -> Words:
        documents = strategy.documents
        return cls(
            prose.Origins(documents),
            glossary.terms(documents),
            plain_words.load_list(strategy.root, documents),
            _severity(documents),
        )


def published_blocks(
    strategy: Strategy,
    variant: Variant,
    env: jinja2.Environment,
    report: Report,
    today: dt.date,
) -> list[prose.Block]:
    """The variant's prose as ``lws build`` would publish it (charts aside)."""
    from lws.publish.audience import sections_for
    from lws.publish.context import build_context, diagnostic_context
    from lws.publish.guide import references_for
    from lws.publish.render import render

    context = build_context(sections_for(strategy, variant), today)
    context["charts"] = {}
    context["diagnostic"] = diagnostic_context(report)
    context["variant"] = variant.as_context()
    context["guide"] = references_for(context["variant"], report)
    return prose.blocks(render(env, variant.template, context))


@dataclass(frozen=True)
class _VariantCheck:
    strategy: Strategy
    publication: Document
    variant: Variant
    need: Needs
    words: Words

    @property
    def label(self) -> str:
        return f"the {self.variant.title.lower()} ({', '.join(self.need.audiences)})"

    def _warning(self, at: tuple[str, int, int, DataPath], message: str, hint: str) -> Diagnostic:
        file, line, col, path = at
        return Diagnostic(file, line, col, self.words.severity, path, message, hint)

    def reading_ease(self, published: Sequence[prose.Block]) -> list[Diagnostic]:
        """The score of the text as published (first uses of acronyms spelt out)."""
        target = self.need.target
        if target is None:
            return []
        written = [
            part
            for block in published
            if not block.heading
            for part in readability.split_sentences(block.text)
        ]
        meanings = glossary.spelt_out(self.words.glossary)
        read = glossary.spell_out_first(written, meanings)
        sentences = [readability.sentence(text) for text in read]
        whole = readability.score(sentences)
        if whole.ease >= target or whole.words < readability.MIN_WORDS:
            return []
        mark = self.publication.position(self.need.path)
        source = dict(zip(read, written, strict=True))
        out = [
            self._warning(
                (self.publication.file, mark.line, mark.col, self.need.path),
                f"{self.label} has a reading ease of {format_number(round(whole.ease, 1))}, "
                f"below its target of {format_number(target)} ({whole.sentences} sentences, "
                f"{format_number(round(whole.words / max(whole.sentences, 1), 1))} words each "
                "on average)",
                "rewrite the sentences reported at their lines: shorter sentences and "
                "everyday words raise the score",
            )
        ]
        for item in readability.hardest(sentences, target, HARDEST_SHOWN):
            out.append(
                self._warning(
                    self._where(source[item.text]),
                    f"one of the hardest sentences in {self.label} (reading ease "
                    f"{format_number(round(item.ease))}, target {format_number(target)}): "
                    f"{readability.why(item)}",
                    readability.advice(item),
                )
            )
        return out

    def acronyms(self, published: Sequence[prose.Block]) -> list[Diagnostic]:
        """One warning per acronym the glossary does not explain, at its first use."""
        first: dict[str, tuple[str, str]] = {}
        uses: dict[str, int] = {}
        for text in _sentences(published):
            for found in glossary.acronyms(text):
                if glossary.known(found, self.words.glossary):
                    continue
                first.setdefault(found.term, (text, found.written))
                uses[found.term] = uses.get(found.term, 0) + 1
        out = []
        for term, (sentence, written) in first.items():
            times = f" (used {uses[term]} times)" if uses[term] > 1 else ""
            out.append(
                self._warning(
                    self._where(sentence, written),
                    f"'{term}' reaches {self.label} unexplained{times}: it is not in the glossary",
                    f"add it to strategy/glossary.yaml (term: {term}, meaning: what it stands "
                    "for), so its first use is spelt out, or write the words in full",
                )
            )
        return out

    def plain_words(self, published: Sequence[prose.Block]) -> list[Diagnostic]:
        """Every use of a word on the plain-words list, with the plain alternative."""
        out = []
        for text in _sentences(published):
            for hit in plain_words.hits(text, self.words.plain):
                out.append(
                    self._warning(
                        self._where(text, hit.written),
                        f"'{hit.written}' in {self.label}: use plain words "
                        f"(try: {hit.word.instead})",
                        "rewrite it in everyday words; a trust that accepts the word lists "
                        "it under plain_words: allow: in strategy/glossary.yaml",
                    )
                )
        return out

    def _where(self, text: str, fragment: str | None = None) -> tuple[str, int, int, DataPath]:
        """Where an author changes this published text (or a fragment of it): its source,
        else the template."""
        origin = self.words.origins.find(text)
        if origin is None:
            found = Resources(self.strategy.root).find("templates", self.variant.template)
            root = self.strategy.root.resolve()
            inside = found is not None and found.resolve().is_relative_to(root)
            file = (
                found.resolve().relative_to(root).as_posix()
                if found is not None and inside
                else f"<lws>/templates/{self.variant.template}"
            )
            origin = prose.Origin(file, 1, 1)
        line, col = prose.locate(self.strategy.root, origin, fragment or text)
        return origin.file, line, col, origin.path


def _sentences(published: Sequence[prose.Block]) -> list[str]:
    """Every sentence a reader sees, headings included."""
    return [part for block in published for part in readability.split_sentences(block.text)]


def _severity(documents: Mapping[str, Document]) -> Severity:
    """Errors when the trust's gate requires plain English, else warnings."""
    config = documents.get("diagnostic")
    data = config.data if config is not None and isinstance(config.data, dict) else {}
    gate = data.get("gate")
    if not isinstance(gate, dict):
        return Severity.WARNING
    return Severity.ERROR if gate.get("plain_english") is True else Severity.WARNING
