"""The words check: reading ease of what each variant publishes, located at its source."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from lws.cli.main import main
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.resources import Resources
from lws.diagnose.check import check_project
from lws.diagnose.diagnostic import diagnose, load_criteria
from lws.model.project import load_strategy
from lws.publish import prose
from lws.publish.audience import load_variants
from lws.publish.render import environment
from lws.publish.words import needs_by_variant, published_blocks, words_check

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 24)

# A vision as many councils write one: true, worthy and hard to read.
COUNCIL_VISION = """\
statement: >-
  Our vision is that by 2029 the children's workforce in Northbridge will be
  appropriately skilled and supported. The strategy will facilitate the continued
  development of integrated multi-agency working arrangements across the partnership,
  ensuring that practitioners are enabled to deliver evidence-based interventions that
  demonstrably improve outcomes for children, young people and their families.
"""


def words(root: Path) -> list[Diagnostic]:
    strategy = load_strategy(root)
    report = diagnose(strategy.documents, load_criteria(root), TODAY)
    return words_check(strategy, report, TODAY)


def replace_section(root: Path, name: str, old: str, new: str) -> None:
    path = root / "strategy" / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name}.yaml no longer has {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def with_council_vision(root: Path, vision: str = COUNCIL_VISION) -> None:
    path = root / "strategy" / "vision.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("statement:"), text.index("\nprinciples:")
    path.write_text(text[:start] + vision + text[end:], encoding="utf-8")


def test_the_example_leaflet_meets_its_target_and_the_check_finds_nothing() -> None:
    assert words(ROOT) == []


def test_the_example_leaflet_scores_at_least_60_as_published() -> None:
    from lws.diagnose import readability

    strategy = load_strategy(ROOT)
    publication = strategy.documents["publication"]
    report = diagnose(strategy.documents, load_criteria(ROOT), TODAY)
    (leaflet,) = [
        v for v in load_variants(ROOT, publication.data, publication.values) if v.name == "leaflet"
    ]
    published = published_blocks(
        strategy, leaflet, environment(Resources(ROOT).dirs("templates")), report, TODAY
    )
    sentences = [
        readability.sentence(s)
        for b in published
        if not b.heading
        for s in readability.split_sentences(b.text)
    ]
    assert max(s.words for s in sentences) <= 25
    assert 60 <= readability.score(sentences).ease < 75


def test_a_hard_vision_is_reported_at_the_audience_and_at_each_hard_sentence(
    project: Path,
) -> None:
    with_council_vision(project)
    found = words(project)
    summary = [d for d in found if d.file == "strategy/publication.yaml"]
    assert len(summary) == 1
    assert (summary[0].line, summary[0].col, summary[0].path) == (9, 5, ("audiences", 0))
    assert summary[0].message.startswith(
        "the staff leaflet (staff, children-families) has a reading ease of "
    )
    assert "below its target of 60" in summary[0].message
    vision = [d for d in found if d.file == "strategy/vision.yaml"]
    # The second sentence starts on the second line of the folded paragraph, after "supported. "
    lines = (project / "strategy" / "vision.yaml").read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines, 1) if "supported. The strategy" in line)
    col = lines[row - 1].index("The strategy") + 1
    assert any((d.line, d.col) == (row, col) for d in vision), [d.format() for d in vision]
    hardest = next(d for d in vision if (d.line, d.col) == (row, col))
    assert hardest.severity is Severity.WARNING and hardest.path == ("statement",)
    assert "35 words" in hardest.message and "'facilitate'" in hardest.message
    assert hardest.hint.startswith("split it into sentences")


def test_the_board_has_no_target_unless_the_trust_sets_one(project: Path) -> None:
    publication = yaml.safe_load((project / "strategy" / "publication.yaml").read_text())
    needs = needs_by_variant(publication)
    assert needs["board"].target is None and not needs["board"].plain
    assert needs["leaflet"].target == 60 and needs["leaflet"].plain
    assert needs["leaflet"].audiences == ("staff", "children-families")
    replace_section(
        project, "publication", "    variant: board\n", "    variant: board\n    reading_ease: 95\n"
    )
    found = words(project)
    assert [(d.file, d.path) for d in found if d.file.endswith("publication.yaml")] == [
        ("strategy/publication.yaml", ("audiences", 1, "reading_ease"))
    ]
    assert "board summary (board)" in found[0].message or any(
        "board summary (board)" in d.message for d in found
    )


def test_the_highest_target_among_a_variants_audiences_binds(project: Path) -> None:
    replace_section(
        project,
        "publication",
        "    variant: leaflet\n    how_we_meet_needs: >-\n      A leaflet version",
        "    variant: leaflet\n    reading_ease: 99\n    how_we_meet_needs: >-\n"
        "      A leaflet version",
    )
    found = [d for d in words(project) if d.file.endswith("publication.yaml")]
    assert [d.path for d in found] == [("audiences", 4, "reading_ease")]
    assert "target of 99" in found[0].message


def test_a_trust_can_switch_the_target_off(project: Path) -> None:
    with_council_vision(project)
    for variant in ("leaflet\n    how_we_meet_needs: >-\n      A two", "leaflet\n    how_we"):
        replace_section(
            project,
            "publication",
            f"    variant: {variant}",
            f"    reading_ease: null\n    variant: {variant}",
        )
    assert words(project) == []


def test_the_gate_can_make_words_findings_errors(project: Path) -> None:
    with_council_vision(project)
    path = project / "strategy" / "diagnostic.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\ngate:\n" in text
    path.write_text(text.replace("\ngate:\n", "\ngate:\n  plain_english: true\n"), "utf-8")
    found = words(project)
    assert found and {d.severity for d in found} == {Severity.ERROR}
    every = check_project(project, TODAY, later=(words_check,))
    assert every == sorted(found)  # the gate's key is valid, and the findings are the errors


def test_a_variant_too_short_to_score_is_not_judged(project: Path) -> None:
    """A new strategy's skeleton: a few words of hard text are no basis for a figure."""
    shutil.copytree(ROOT / "templates", project / "templates")
    (project / "templates" / "leaflet.md.j2").write_text(
        "{{ sections.vision.statement | block }}\n", encoding="utf-8"
    )
    with_council_vision(project, "statement: Organisational multidisciplinary considerations.\n")
    assert words(project) == []


def test_template_text_is_traced_to_the_template(project: Path) -> None:
    shutil.copytree(ROOT / "templates", project / "templates")
    template = project / "templates" / "leaflet.md.j2"
    text = template.read_text(encoding="utf-8")
    hard = (
        "Notwithstanding organisational considerations, practitioners' participation in "
        "multidisciplinary professional development opportunities is unequivocally "
        "anticipated and institutionally encouraged throughout the partnership."
    )
    template.write_text(text.replace("## Our vision\n", f"## Our vision\n\n{hard}\n"), "utf-8")
    found = [d for d in words(project) if d.file == "templates/leaflet.md.j2"]
    heading = text.splitlines().index("## Our vision") + 1
    assert (heading + 2, 1) in [(d.line, d.col) for d in found]  # after the heading and a blank


def test_lws_check_reports_words_in_every_format_and_strict_fails(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_council_vision(project)
    today = ["--today", TODAY.isoformat()]
    assert main(["check", str(project), *today]) == 0  # warnings only
    assert main(["check", str(project), "--strict", *today]) == 1
    capsys.readouterr()
    main(["check", str(project), "--format", "github", *today])
    out = capsys.readouterr().out
    assert "::warning file=strategy/vision.yaml,line=" in out
    assert "::warning file=strategy/publication.yaml,line=9,col=5" in out
    main(["check", str(project), "--format", "json", *today])
    assert '"file": "strategy/vision.yaml"' in capsys.readouterr().out


def test_the_diagnostic_health_section_lists_words_findings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_council_vision(project)
    assert main(["diagnose", str(project), "--today", TODAY.isoformat()]) == 0
    health = capsys.readouterr().out.split("Health checks:", 1)[1]
    assert "strategy/vision.yaml:" in health and "reading ease" in health


def test_a_strategy_with_errors_is_not_rendered_for_the_words_check(project: Path) -> None:
    with_council_vision(project)
    replace_section(project, "vision", "themes:", "themes: 3\nthemez:")
    found = check_project(project, TODAY, later=(lambda s, r, t: pytest.fail("ran"),))
    assert any(d.severity is Severity.ERROR for d in found)


def test_a_sparse_partly_written_strategy_is_checked_on_what_it_has(project: Path) -> None:
    """Real-shaped: no key messages, no staff wording for themes (descriptions are shown),
    contacts without emails, and a vision in council style."""
    with_council_vision(project)
    communications = project / "strategy" / "communications.yaml"
    data = yaml.safe_load(communications.read_text(encoding="utf-8"))
    data.pop("key_messages", None)
    communications.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    vision = project / "strategy" / "vision.yaml"
    text = "\n".join(
        line for line in vision.read_text(encoding="utf-8").splitlines() if "for_staff" not in line
    )
    vision.write_text(text + "\n", encoding="utf-8")
    found = words(project)
    assert any(d.file == "strategy/publication.yaml" for d in found)
    sentence_files = {d.file for d in found} - {"strategy/publication.yaml"}
    assert sentence_files
    assert all(f.startswith(("strategy/", "<lws>/templates/")) for f in sentence_files)


def test_prose_reads_lws_markdown_back_as_plain_text() -> None:
    markdown = (
        "## What we will do {#sec:do}\n\n"
        "**Recruiting\\.** We pay \\£5\\, and\ncall [the CAF line](<https://x.example>)\\.\n\n"
        "- First item\\.\n- Second\n\n"
        "| Action | Due |\n|:-----|:----|\n| Hire \\| train | 1 May |\n\n"
        '![A chart](build/c.svg){#fig:c fig-alt="x"}\n'
    )
    assert prose.blocks(markdown) == [
        prose.Block("What we will do", heading=True),
        prose.Block("Recruiting. We pay £5, and call the CAF line."),
        prose.Block("First item."),
        prose.Block("Second"),
        prose.Block("Action", heading=True),
        prose.Block("Due", heading=True),
        prose.Block("Hire | train"),
        prose.Block("1 May"),
    ]


# -- acronyms and plain words --------------------------------------------------------------


def drop_glossary_term(root: Path, term: str) -> None:
    path = root / "strategy" / "glossary.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["terms"] = [t for t in data["terms"] if t["term"] != term]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_an_acronym_missing_from_the_glossary_is_reported_at_its_first_use(
    project: Path,
) -> None:
    drop_glossary_term(project, "CAF")
    (found,) = words(project)
    lines = (project / "strategy" / "vision.yaml").read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines, 1) if "call the CAF helpline" in line)
    assert (found.file, found.line, found.col) == (
        "strategy/vision.yaml",
        row,
        lines[row - 1].index("CAF") + 1,
    )
    assert found.message == (
        "'CAF' reaches the staff leaflet (staff, children-families) unexplained "
        "(used 5 times): it is not in the glossary"
    )
    assert "strategy/glossary.yaml (term: CAF" in found.hint


def test_without_any_glossary_every_acronym_in_the_leaflet_is_reported(project: Path) -> None:
    (project / "strategy" / "glossary.yaml").unlink()
    assert [d.message.split("'")[1] for d in words(project)] == ["CAF"]


def test_acronyms_reaching_only_the_board_are_not_warned(project: Path) -> None:
    # The board summary shows DCS, KPI, NHS…; the board is not a plain-English audience.
    (project / "strategy" / "glossary.yaml").unlink()
    assert not [d for d in words(project) if "board" in d.message]


def test_each_plain_word_is_a_warning_with_its_suggestion(project: Path) -> None:
    replace_section(
        project,
        "vision",
        "      Learn online at a time that suits you,",
        "      Utilise online learning in order to learn at a time that suits you,",
    )
    found = [d for d in words(project) if "use plain words" in d.message]
    assert [d.message.split(" in the ")[0] for d in found] == ["'Utilise'", "'in order to'"]
    assert "(try: use)" in found[0].message and "(try: to)" in found[1].message
    lines = (project / "strategy" / "vision.yaml").read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines, 1) if "Utilise online" in line)
    assert [(d.file, d.line) for d in found] == [("strategy/vision.yaml", row)] * 2
    assert [d.col for d in found] == [
        lines[row - 1].index("Utilise") + 1,
        lines[row - 1].index("in order to") + 1,
    ]


def test_the_plain_words_list_can_be_switched_off(project: Path) -> None:
    replace_section(
        project, "vision", "      Learn online at a", "      Utilise online learning at a"
    )
    assert words(project)
    replace_section(project, "glossary", "  check: true", "  check: false")
    assert words(project) == []


def test_spelling_out_acronyms_counts_in_the_score(project: Path) -> None:
    """The leaflet is scored as published: with "Common Assessment Framework (CAF)"."""
    glossary = project / "strategy" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    long = "Comprehensive Multidisciplinary Interprofessional Assessment Framework"
    glossary.write_text(text.replace("Common Assessment Framework", long), encoding="utf-8")
    replace_section(
        project,
        "publication",
        "    variant: leaflet\n    how_we_meet_needs: >-\n      A leaflet version",
        "    variant: leaflet\n    reading_ease: 64.5\n    how_we_meet_needs: >-\n"
        "      A leaflet version",
    )
    found = [d for d in words(project) if d.file.endswith("publication.yaml")]
    assert found and "below its target of 64.5" in found[0].message
    glossary.write_text(text, encoding="utf-8")  # the example's plain meaning: it passes
    assert words(project) == []
