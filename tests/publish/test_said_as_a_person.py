"""Issue 10, "say it as a person would": on the example and the fixtures shaped like real,
imperfect strategies (sparse, historical, partly), no slide or line stands over nothing, a
speaker note is a sentence a presenter could say and claims only what is true, the top risks
are the rated ones, a table has no column of dashes and a caption reads as a phrase, and
counts read as words ("neither of its two questions"), never "0 behind".

Read from each variant's Markdown as ``lws build`` renders it (the slides also from the built
deck, with python-pptx)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from lws.publish.build import build
from lws.publish.jobs import plan
from lws.publish.state import BUILD_DIR

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
#: Each project, where its strategy is and the day it is judged at.
PROJECTS = {
    "example": (ROOT, dt.date(2026, 11, 24)),
    "sparse": (FIXTURES / "sparse", dt.date(2014, 6, 1)),
    "historical": (FIXTURES / "historical", dt.date(2026, 12, 1)),
    "partly": (FIXTURES / "partly", dt.date(2026, 11, 24)),
}
#: partly publishes nothing (it has no publication.yaml): here, one audience per variant.
PUBLICATION = """audiences:
  - {id: staff, name: All staff, uses: To know what changes, interests: [Change],
     detail: headline, formats: [html], variant: leaflet}
  - {id: board, name: The board, uses: To hold us to account, interests: [Progress],
     detail: summary, formats: [html], variant: board}
  - {id: partners, name: Partners, uses: To plan their own work, interests: [All of it],
     detail: full, formats: [html], variant: full}
  - {id: workshop, name: A workshop, uses: To discuss progress, interests: [Progress],
     detail: summary, formats: [pptx], variant: slides}
"""


def _copy(name: str, target: Path) -> Path:
    source, _ = PROJECTS[name]
    shutil.copytree(source / "strategy", target / "strategy")
    if name != "example" and (source / "criteria").is_dir():
        shutil.copytree(source / "criteria", target / "criteria")
    shutil.copytree(ROOT / "templates" / "assets", target / "templates" / "assets")
    if not (target / "strategy" / "publication.yaml").exists():
        (target / "strategy" / "publication.yaml").write_text(PUBLICATION, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {name: _copy(name, tmp_path_factory.mktemp(name)) for name in PROJECTS}


@pytest.fixture(scope="module")
def markdown(projects: dict[str, Path]) -> dict[str, dict[str, str]]:
    """Each project's Markdown, by variant."""
    out = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795478400")
        for name, root in projects.items():
            jobs, _, _ = plan(root, today=PROJECTS[name][1], draft=True)
            out[name] = {job.variant.name: job.markdown for job in jobs}
    return out


@pytest.fixture(scope="module")
def decks(projects: dict[str, Path]) -> dict[str, list[tuple[str, str, str]]]:
    """Each project's slides as built: (title, body, notes) of every slide."""
    out = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795478400")
        for name, root in projects.items():
            result = build(
                root, ["slides"], progress=lambda line: None, today=PROJECTS[name][1], draft=True
            )
            assert not [p for p in result.problems if p.severity.value == "error"]
            deck = Presentation(str(root / BUILD_DIR / "slides.pptx"))
            out[name] = [
                (
                    slide.shapes.title.text if slide.shapes.title is not None else "",
                    "\n".join(
                        shape.text_frame.text
                        for shape in slide.shapes
                        if shape.has_text_frame and shape != slide.shapes.title
                    )
                    + "".join("table" for shape in slide.shapes if shape.has_table),
                    slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "",
                )
                for slide in deck.slides
            ]
    return out


def _plain(text: str) -> str:
    """Markdown as read: escapes and emphasis gone, spaces squashed."""
    return " ".join(re.sub(r"\\(.)", r"\1", text).replace("**", "").split())


def _slides(text: str) -> list[tuple[str, str, str]]:
    """The slides' Markdown: (title, body, notes) of each ``# `` slide."""
    out = []
    for part in re.split(r"^# ", text, flags=re.M)[1:]:
        title, _, rest = part.partition("\n")
        body, _, notes = rest.partition("::: notes")
        out.append((title, body.strip(), notes.split("\n:::")[0].strip()))
    return out


def _tables(text: str) -> list[tuple[list[list[str]], str]]:
    """Every pipe table: its rows of cells (header first, rule left out) and its caption."""
    out = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.strip().splitlines()
        if len(lines) > 2 and lines[0].startswith("| ") and lines[1][:2] in ("|:", "|-"):
            rows = [[c.strip() for c in line.strip("|").split(" | ")] for line in lines]
            out.append(([rows[0], *rows[2:]], ""))
        elif lines and lines[0].startswith(": ") and out:
            out[-1] = (out[-1][0], lines[0][2:])
    return out


# -- (a) slides: nothing printed over nothing -------------------------------------------------


@pytest.mark.parametrize("name", PROJECTS)
def test_no_slide_and_no_line_stands_over_nothing(
    name: str, markdown: dict[str, dict[str, str]], decks: dict[str, list[tuple[str, str, str]]]
) -> None:
    for title, body, notes in _slides(markdown[name]["slides"]):
        assert body, f"{name}: slide {title!r} has nothing under its title"
        for line in body.splitlines():
            said = _plain(line.lstrip("- "))
            assert not re.search(r":$|: —$|^—$", said), f"{name}: {title!r}: {line!r}"
        assert notes, f"{name}: slide {title!r} has no speaker note"
    for title, body, _ in decks[name]:
        assert body.strip(), f"{name}: slide {title!r} is blank in the deck"
        assert "—" not in body.split(), f"{name}: {title!r} prints a dash for a missing value"


@pytest.mark.parametrize("name", PROJECTS)
def test_each_speaker_note_is_said_in_sentences(
    name: str, decks: dict[str, list[tuple[str, str, str]]]
) -> None:
    for title, _, notes in decks[name]:
        for paragraph in filter(None, (p.strip() for p in notes.splitlines())):
            assert paragraph[0].isupper() or paragraph[0].isdigit(), (name, title, paragraph)
            assert paragraph[-1] in ".?!", (name, title, paragraph)
            assert not re.search(
                r"[.;,]\s*[.;]|\s[.;,]|; *\w+ \w+ it\b|  |: [^.?!]*: ", paragraph
            ), (
                name,
                title,
                paragraph,
            )


def test_the_thin_strategies_lose_their_empty_slides(
    decks: dict[str, list[tuple[str, str, str]]],
) -> None:
    sparse = {title: body for title, body, _ in decks["sparse"]}
    assert "Progress by theme" not in sparse  # no action, so no progress to show
    assert "Owner" not in sparse["About this workshop"]  # the strategy names no owner
    lessons = [(t, b) for t, b, _ in decks["partly"] if t.startswith("Lessons from the past")]
    assert [t for t, _ in lessons] == ["Lessons from the past: with the strategy itself"]
    assert "Worked ok" not in lessons[0][1]  # the author gave nothing for it


# -- (b) a speaker note claims only what is true ----------------------------------------------


def _progress(text: str) -> list[list[str]]:
    """The progress-by-theme table's rows (theme and its counts, the Lead column aside)."""
    for rows, caption in _tables(text):
        if caption == "Progress by strategic theme":
            keep = [i for i, h in enumerate(rows[0]) if h != "Lead"]
            return [[row[i] for i in keep] for row in rows]
    return []


@pytest.mark.parametrize("name", PROJECTS)
def test_the_slides_say_the_board_sees_the_same_figures_only_when_it_does(
    name: str, markdown: dict[str, dict[str, str]]
) -> None:
    variants = markdown[name]
    notes = " ".join(n for _, _, n in _slides(variants["slides"]))
    same = _progress(variants["slides"]) == _progress(variants["board"])
    if "same figures the board sees" in notes:
        assert same, name
    if not same:
        assert "The board summary's figures are not these" in notes, name


def test_the_examples_note_says_whose_figures_differ(markdown: dict[str, dict[str, str]]) -> None:
    """The example restricts an action and two KPIs to the board (and partners) and a risk to
    the board: the slides' table has 15 actions, the board's 16."""
    notes = " ".join(n for _, _, n in _slides(markdown["example"]["slides"]))
    assert "same figures" not in notes
    assert "a different set of actions, key performance indicators and risks" in notes
    historical = " ".join(n for _, _, n in _slides(markdown["historical"]["slides"]))
    assert "These are the same figures the board sees." in historical  # nothing restricted


def test_the_note_is_the_same_when_only_the_slides_are_built(
    markdown: dict[str, dict[str, str]], decks: dict[str, list[tuple[str, str, str]]]
) -> None:
    """The decks are built alone (``lws build slides``): the board's figures are still read."""
    for name in ("example", "historical"):
        (built,) = [n for t, _, n in decks[name] if t == "Progress by theme"]
        (planned,) = [
            n for t, _, n in _slides(markdown[name]["slides"]) if t == "Progress by theme"
        ]
        assert _plain(built).replace("’", "'") == _plain(planned), name


# -- (c) top risks are rated ones --------------------------------------------------------------


@pytest.mark.parametrize("name", PROJECTS)
def test_the_top_risks_are_rated_highest_first(
    name: str, markdown: dict[str, dict[str, str]]
) -> None:
    for rows, caption in _tables(markdown[name]["board"]):
        if caption == "Top risks":
            scores = [int(row[rows[0].index("Score")]) for row in rows[1:]]
            assert all(score > 0 for score in scores), (name, rows)
            assert scores == sorted(scores, reverse=True), name


def test_an_unscored_risk_is_said_apart(markdown: dict[str, dict[str, str]]) -> None:
    board = _plain(markdown["historical"]["board"])
    assert (
        "Not yet scored, so not ranked: R2 Agency social workers leave mid-year as pay rates "
        "rise (owner: Westvale County Council)." in board
    )
    assert "| R2 |" not in markdown["historical"]["board"]


@pytest.mark.parametrize("name", PROJECTS)
def test_every_heading_stands_on_its_own(name: str, markdown: dict[str, dict[str, str]]) -> None:
    """A heading straight after a paragraph's line is read as that paragraph's text."""
    for variant, text in markdown[name].items():
        lines = text.splitlines()
        for before, line in itertools.pairwise(lines):
            if re.match(r"#{1,6} ", line):
                assert not before.strip() or before.startswith(":::"), (name, variant, before)


# -- (d) tables: no column of dashes, captions as phrases ----------------------------------------


@pytest.mark.parametrize("name", PROJECTS)
def test_no_table_column_is_empty_in_every_row(
    name: str, markdown: dict[str, dict[str, str]]
) -> None:
    for variant, text in markdown[name].items():
        for rows, caption in _tables(text):
            for i, header in enumerate(rows[0]):
                column = [row[i] for row in rows[1:] if i < len(row)]
                assert set(column) != {"—"}, f"{name} {variant}: {caption}: {header}"


@pytest.mark.parametrize("name", PROJECTS)
def test_a_caption_reads_as_a_phrase(name: str, markdown: dict[str, dict[str, str]]) -> None:
    """PDF and DOCX number a caption ("Table 4: …"): a colon of its own would stack a second."""
    for variant, text in markdown[name].items():
        for _, caption in _tables(text):
            assert ":" not in _plain(caption), f"{name} {variant}: {caption}"


@pytest.mark.parametrize("name", PROJECTS)
def test_a_kpi_not_yet_measured_says_so_once(
    name: str, markdown: dict[str, dict[str, str]]
) -> None:
    for variant, text in markdown[name].items():
        assert "not yet recorded" not in text, (name, variant)
        for rows, _ in _tables(text):
            for row in rows:
                if "Not yet measured" in row:
                    assert "not enough readings yet" not in row, (name, variant, row)


def test_the_sparse_priorities_are_their_titles_alone(
    markdown: dict[str, dict[str, str]],
) -> None:
    full = markdown["sparse"]["full"]
    assert "From: " not in full
    tables = {caption: rows for rows, caption in _tables(full)}
    assert tables["Priorities from the children and young people's plan"][0] == [
        "Priority area, issue or initiative"
    ]


# -- (e) counts and lists as a person says them -------------------------------------------------


@pytest.mark.parametrize("name", PROJECTS)
def test_counts_read_as_words(name: str, markdown: dict[str, dict[str, str]]) -> None:
    for variant, text in markdown[name].items():
        said = _plain(text)
        assert not re.search(r"(?<![\d,.£])0 (on track|behind|not yet|complete|amber|red|of)", said)
        assert not re.search(r"\b[0-9] (of its|questions|not yet fully)", said), (name, variant)
        assert "None of its two" not in said and "None of its 2 " not in said
        assert not re.search(r"Other questions \d", said), (name, variant)
        assert ".;" not in said and ". ." not in said, (name, variant)


def test_the_glance_leaves_out_what_there_is_none_of(
    markdown: dict[str, dict[str, str]],
) -> None:
    assert "Nine key performance indicators: two on track and seven behind." in _plain(
        markdown["example"]["full"]
    )
    assert "Three key performance indicators, none of them measured yet." in _plain(
        markdown["sparse"]["full"]
    )
    assert "Neither of its two questions is met yet." in _plain(markdown["sparse"]["board"])


@pytest.mark.parametrize("name", PROJECTS)
def test_a_person_is_named_once_in_each_role(
    name: str, markdown: dict[str, dict[str, str]]
) -> None:
    for variant, text in markdown[name].items():
        said = _plain(text)
        for label in ("Sponsor", "Developer", "Owner"):
            # "Sponsor: Andrea Pell, Director of Children's Services (strategy sponsor)"
            pattern = rf"{label}:? \|?[^|\n(]*\([^)]*\b{label.lower()}\b"
            assert not re.search(pattern, said), (name, variant, label)
        for line in text.splitlines():
            found = re.match(r"Chair: ([^,·]+).*· Members: (.+)$", _plain(line))
            if found:  # the chair is named once, as the chair
                assert found[1].strip() not in found[2], (name, variant, line)


@pytest.mark.parametrize("name", PROJECTS)
def test_a_diary_date_comes_first(name: str, markdown: dict[str, dict[str, str]]) -> None:
    leaflet = _plain(markdown[name]["leaflet"])
    assert not re.search(r"\((\d{1,2} )?[A-Z][a-z]+ \d{4}, ", leaflet), name
    if name == "example":
        assert (
            "24 June 2027: Annual celebration of the children's workforce awards. "
            "Awards evening and press." in leaflet
        )


@pytest.mark.parametrize("name", PROJECTS)
def test_a_title_that_gives_its_years_is_not_followed_by_them(
    name: str, markdown: dict[str, dict[str, str]]
) -> None:
    """Sparse's workshop opened on "… Workforce Strategy 2014–17, 2014 to 2017"."""
    (_, body, notes), *_ = _slides(markdown[name]["slides"])
    first = _plain(body.splitlines()[0])
    assert not re.search(r"(\d{4})[–-]\d{2,4}, .*\1", first), (name, first)
    assert re.search(r"The strategy runs [^.]*\d{4}\.", _plain(notes)), name  # said aloud once


def test_one_risk_is_said_as_one(markdown: dict[str, dict[str, str]]) -> None:
    notes = " ".join(n for _, _, n in _slides(markdown["historical"]["slides"]))
    assert "The highest risk and who owns it: Funding for CAF training" in _plain(notes)


@pytest.mark.parametrize("name", PROJECTS)
def test_a_recommendation_names_its_risk_in_a_phrase(
    name: str, markdown: dict[str, dict[str, str]]
) -> None:
    for variant, text in markdown[name].items():
        assert "the risk: " not in _plain(text), (name, variant)  # not "… the risk: Social work …"
    if name == "example":
        assert (
            "Agree the response to the risk “Social work vacancies rise again as referrals grow”"
            in _plain(markdown[name]["board"])
        )
