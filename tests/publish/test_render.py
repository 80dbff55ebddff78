"""The Markdown layer: author text is escaped, lws's own Markdown passes, filters format data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from lws.core.errors import LwsError
from lws.publish.render import (
    Markdown,
    bullets,
    cell,
    date_text,
    drop_empty_headings,
    environment,
    escape,
    escape_block,
    figure,
    label,
    link,
    mailto,
    render,
    table,
)

SPECIAL = "\\`*_{}[]()#+-.!|<>~^$@&:=%"
PLAIN = "abcXYZ019 ,;?/'\"£é"


# -- escape ----------------------------------------------------------------------------------


@pytest.mark.parametrize("char", list(SPECIAL))
def test_escape_backslashes_each_markdown_special_character(char: str) -> None:
    assert escape(f"a{char}b") == f"a\\{char}b"


def test_escape_leaves_other_characters_alone() -> None:
    assert escape(PLAIN) == PLAIN


def test_escape_joins_lines_and_squeezes_whitespace() -> None:
    assert escape("  one\ntwo\r\n\tthree  ") == "one two three"


def test_escape_of_none_is_empty_and_numbers_are_text() -> None:
    assert escape(None) == ""
    assert escape(0) == "0"
    assert escape(False) == "False"
    assert escape(1.5) == "1\\.5"


def test_escape_returns_markdown_and_passes_markdown_through_untouched() -> None:
    made = Markdown("**bold**\n\n- item")
    assert escape(made) is made
    assert isinstance(escape("*x*"), Markdown)


def test_escape_block_keeps_paragraphs_and_joins_lines_within_them() -> None:
    text = "First line\nsame paragraph.\n\nSecond *one*.\n   \n\n\nThird."
    assert escape_block(text) == "First line same paragraph\\.\n\nSecond \\*one\\*\\.\n\nThird\\."


def test_escape_block_drops_empty_paragraphs_and_none() -> None:
    assert escape_block("\n\n  \n\nonly\n\n") == "only"
    assert escape_block(None) == ""
    assert escape_block("") == ""


def test_escape_block_passes_markdown_through() -> None:
    made = Markdown("# heading\n\ntext")
    assert escape_block(made) is made
    assert isinstance(escape_block("a"), Markdown)


# -- links -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["https://example.org/a?b=c#d", "http://example.org", "mailto:someone@example.org"],
)
def test_link_to_safe_addresses(url: str) -> None:
    assert link(url, "Read *this*") == f"[Read \\*this\\*](<{url}>)"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.org",
        "https://exa mple.org",
        "https://example.org/<script>",
        'https://example.org/"x',
        "https://",
        " https://example.org",
        "data:text/html,x",
        "",
    ],
)
def test_link_to_anything_else_is_plain_text(url: str) -> None:
    assert link(url, "label") == "label"


def test_link_without_text_shows_the_address_escaped() -> None:
    assert (
        link("https://example.org/a_b")
        == "[https\\://example\\.org/a\\_b](<https://example.org/a_b>)"
    )
    assert link(None) == ""
    assert link("javascript:x") == "javascript\\:x"


def test_link_with_empty_text_keeps_it_empty() -> None:
    assert link("https://example.org", "") == "[](<https://example.org>)"


def test_mailto_links_an_address_and_escapes_anything_else() -> None:
    assert mailto("a.b@example.org") == "[a\\.b\\@example\\.org](<mailto:a.b@example.org>)"
    assert mailto("not an address") == "not an address"
    assert mailto("a@b") == "a\\@b"  # no top-level domain
    assert mailto("a@b.c") == "a\\@b\\.c"  # a one-letter domain is not one
    assert mailto("a@b.co") == "[a\\@b\\.co](<mailto:a@b.co>)"
    assert mailto("x@y.org>") == "x\\@y\\.org\\>"
    assert mailto("a b@c.org") == "a b\\@c\\.org"
    assert mailto("a@@c.org") == "a\\@\\@c\\.org"
    assert mailto(None) == ""


# -- lists, labels, dates, cells ---------------------------------------------------------------


def test_bullets() -> None:
    assert bullets(["one", "*two*"]) == "- one\n- \\*two\\*\n"
    assert bullets([]) == ""
    assert bullets(iter(["x"])) == "- x\n"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("not_yet_started", "Not yet started"),
        ("amber", "Amber"),
        ("cpd", "CPD"),
        ("childrens_plan", "Children's plan"),
        ("childrens_plan_objectives", "Children's plan objectives"),
        ("children_and_young_people", "Children and young people"),
        ("private_community_voluntary_sectors", "Private, community and voluntary sectors"),
        # not schema values: left as the author wrote them
        ("Already words", "Already words"),
        ("NHS", "NHS"),
        ("a__b", "a__b"),
        ("_a", "_a"),
        ("a_", "a_"),
        ("band_2b", "band_2b"),
        ("Mixed_case", "Mixed_case"),
        ("", ""),
        (7, "7"),
    ],
)
def test_label(value: object, words: str) -> None:
    assert label(value) == words


def test_date_text() -> None:
    assert date_text(dt.date(2026, 4, 1)) == "1 April 2026"
    assert date_text("2026-12-25") == "25 December 2026"
    assert date_text("soon") == "soon"
    assert date_text(None) == ""
    assert date_text("") == ""


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "—"),
        ("", "—"),
        ([], "—"),
        (True, "Yes"),
        (False, "No"),
        (0, "0"),
        (1234567, "1,234,567"),
        (1234.5, "1,234\\.5"),
        (dt.date(2027, 3, 31), "31 March 2027"),
        ("not_yet_started", "Not yet started"),
        ("a *b*", "a \\*b\\*"),
        (["amber", 3, None, True], "Amber; 3; —; Yes"),
    ],
)
def test_cell(value: object, shown: str) -> None:
    assert cell(value) == shown


def test_cell_passes_markdown_through() -> None:
    made = Markdown("[x](<https://example.org>)")
    assert cell(made) is made


def test_figure_escapes_caption_and_alt_text() -> None:
    chart = {"name": "rag", "alt": 'Say "hi" \\ bye', "caption": "RAG *by* theme", "path": "f.svg"}
    assert figure(chart) == (
        '![RAG \\*by\\* theme](f.svg){#fig:rag fig-alt="Say \\"hi\\" \\\\ bye"}\n\n'
    )
    # Pandoc reads entities in an attribute: an author's "&amp;" must not print as "&"
    chart = {**chart, "alt": "R&D &amp; more"}
    assert 'fig-alt="R&amp;D &amp;amp; more"' in figure(chart)


# -- tables ----------------------------------------------------------------------------------


def test_table_from_mappings_with_keys() -> None:
    rows: list[dict[str, Any]] = [{"id": "A1", "rag": "red"}, {"id": "A2", "rag": None}]
    assert table(rows, ["Id", "RAG"], keys=["id", "rag"]) == (
        "| Id | RAG |\n|:-----|:------|\n| A1 | Red |\n| A2 | — |\n"
    )


def test_table_from_sequences_with_alignment() -> None:
    text = table([["a", 1], ["b", 22]], ["Name", "Count"], align="lr")
    assert text.splitlines()[1] == "|:------|-------:|"  # bold "Count", its capital wider, + 2
    centred = table([["a"]], ["H"], align="c")
    assert centred.splitlines()[1] == "|:----:|"


def test_table_without_rows_is_empty() -> None:
    assert table([], ["A"]) == ""


def test_table_escapes_headers_and_cells() -> None:
    text = table([["x|y"]], ["A|B"])
    assert text.splitlines()[0] == "| A\\|B |"
    assert text.splitlines()[2] == "| x\\|y |"


def test_table_column_widths_follow_the_longest_word_and_typical_length() -> None:
    word = "w" * 20
    prose = " ".join(["word"] * 30)  # 149 characters of short words
    rows = [[word, prose, "x" * 60]]
    rule = table(rows, ["A", "B", "C"]).splitlines()[1]
    widths = [len(part) for part in rule.strip("|").split("|")]
    assert widths == [23, 23, 40]  # longest word ("Www…", a capital) + 2; a long word capped
    small = table([["ab"]], ["H"]).splitlines()[1]
    assert small == "|:-----|"  # never narrower than 6


def test_table_typical_length_is_the_upper_quartile() -> None:
    rows = [["x"], ["x"], ["x " * 30], ["x"]]  # header + 4 rows: index 3 of 5 sorted lengths
    rule = table(rows, ["H"]).splitlines()[1]
    assert len(rule.strip("|")) == 6
    rows = [["x " * 30], ["x " * 30], ["x " * 30], ["x"]]
    rule = table(rows, ["H"]).splitlines()[1]
    assert len(rule.strip("|")) == 19  # 59 characters // 3


# -- the environment -------------------------------------------------------------------------


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    return tmp_path


def rendered(directory: Path, text: str, **context: object) -> str:
    (directory / "t.md.j2").write_text(text, encoding="utf-8")
    return render(environment([directory]), "t.md.j2", context)


def test_every_value_is_escaped_unless_it_is_markdown(templates: Path) -> None:
    out = rendered(templates, "{{ a }} {{ b }} {{ n }}", a="*x*", b=Markdown("*y*"), n=1.5)
    assert out == "\\*x\\* *y* 1\\.5"


def test_filters(templates: Path) -> None:
    text = (
        "{{ url | link('go') }}|{{ rows | table(['H']) }}|{{ xs | bullets }}|{{ v | label }}|"
        "{{ d | date }}|{{ m | mailto }}|{{ p | block }}|{{ s | md }}"
    )
    out = rendered(
        templates,
        text,
        url="https://example.org",
        rows=[["r"]],
        xs=["i"],
        v="worked_well",
        d="2026-04-01",
        m="a@b.org",
        p="one\n\ntwo",
        s="_",
    )
    assert out == (
        "[go](<https://example.org>)|| H |\n|:-----|\n| R |\n|- i\n|Worked well|"
        "1 April 2026|[a\\@b\\.org](<mailto:a@b.org>)|one\n\ntwo|\\_"
    )


def test_pandoc_attributes_pass_and_comments_use_double_hashes(templates: Path) -> None:
    out = rendered(templates, "# Vision {#sec:vision}\n{## a comment ##}\nText.\n")
    assert out == "# Vision {#sec:vision}\nText.\n"


def test_blocks_leave_no_blank_lines_and_the_trailing_newline_is_kept(templates: Path) -> None:
    out = rendered(templates, "a\n  {% if yes %}\nb\n  {% endif %}\nc\n", yes=True)
    assert out == "a\nb\nc\n"


def test_the_trusts_templates_come_first(tmp_path: Path) -> None:
    own, packaged = tmp_path / "own", tmp_path / "packaged"
    own.mkdir()
    packaged.mkdir()
    (own / "t.j2").write_text("own")
    (packaged / "t.j2").write_text("packaged")
    (packaged / "u.j2").write_text("fallback")
    env = environment([own, packaged])
    assert render(env, "t.j2", {}) == "own"
    assert render(env, "u.j2", {}) == "fallback"


def problem(excinfo: pytest.ExceptionInfo[LwsError]) -> str:
    (only,) = excinfo.value.diagnostics
    return only.format()


def test_an_undefined_value_is_a_template_error(templates: Path) -> None:
    with pytest.raises(LwsError) as excinfo:
        rendered(templates, "{{ missing }}")
    assert problem(excinfo) == (
        "t.md.j2:1:1: error: template uses an undefined value: 'missing' is undefined\n"
        "  hint: fix the template, or remove your copy of it"
    )


def test_a_syntax_error_is_located_at_its_line(templates: Path) -> None:
    with pytest.raises(LwsError) as excinfo:
        rendered(templates, "line one\n{% if %}\n")
    text = problem(excinfo)
    assert text.startswith(f"{templates / 't.md.j2'}:2:1: error: ")
    assert text.endswith("\n  hint: fix the template, or remove your copy of it")


def test_a_missing_template_is_named(templates: Path) -> None:
    with pytest.raises(LwsError) as excinfo:
        render(environment([templates]), "absent.j2", {})
    assert problem(excinfo).startswith("absent.j2:1:1: error: template not found: absent.j2\n")
    (templates / "t.j2").write_text("{% include 'gone.j2' %}")
    with pytest.raises(LwsError) as excinfo:
        render(environment([templates]), "t.j2", {})
    assert problem(excinfo).startswith("t.j2:1:1: error: template not found: gone.j2\n")


def test_other_template_errors_are_lws_errors(templates: Path) -> None:
    (templates / "base.j2").write_text("base")
    with pytest.raises(LwsError) as excinfo:
        rendered(templates, "{% extends 'base.j2' %}{% extends 'base.j2' %}")
    assert problem(excinfo).startswith("t.md.j2:1:1: error: template error: ")


def test_a_syntax_error_names_the_problem(templates: Path) -> None:
    with pytest.raises(LwsError) as excinfo:
        rendered(templates, "line one\n{% endif %}\n")
    (only,) = excinfo.value.diagnostics
    assert (only.line, only.col) == (2, 1)
    assert only.message == "Encountered unknown tag 'endif'."


def test_what_a_template_may_not_do_is_located_at_its_line(templates: Path) -> None:
    with pytest.raises(LwsError) as excinfo:
        rendered(templates, "one\ntwo\n{{ items.append(3) }}\n", items=[1, 2])
    (only,) = excinfo.value.diagnostics
    assert (only.file, only.line, only.col) == ("templates/t.md.j2", 3, 1)
    assert only.message.startswith("template does something templates may not: ")
    assert "append" in only.message
    assert only.hint == "fix the template, or remove your copy of it"


def test_python_internals_are_out_of_a_templates_reach(templates: Path) -> None:
    with pytest.raises(LwsError) as excinfo:
        rendered(templates, "{{ ().__class__.__mro__ }}")
    (only,) = excinfo.value.diagnostics
    assert only.message.startswith("template does something templates may not: ")
    assert only.line == 1


def test_table_spells_out_dates_in_date_columns_only() -> None:
    rows: list[dict[str, Any]] = [
        {"due": "2027-03", "title": "2027-03", "start": None},
        {"start": "2026-01"},  # so the Start column is not empty in every row
    ]
    text = table(rows, ["Due", "Title", "Start"], keys=["due", "title", "start"])
    assert text.splitlines()[2] == "| March\u00a02027 | 2027\\-03 | — |"  # one unbreakable date


def test_a_column_empty_in_every_row_is_left_out() -> None:
    rows: list[dict[str, Any]] = [
        {"title": "A stable workforce", "source": None, "importance": ""},
        {"title": "Early help", "source": [], "importance": "high"},
    ]
    text = table(
        rows, ["Source", "Priority", "Importance"], ["source", "title", "importance"], "rlr"
    )
    assert text.splitlines() == [
        "| Priority | Importance |",
        "|:-----------|-------------:|",  # the Priority column kept left, Importance right
        "| A stable workforce | — |",  # a gap in a column that has something elsewhere: a dash
        "| Early help | High |",
    ]
    nothing: list[dict[str, Any]] = [{"a": None}, {"a": ""}]
    assert table(nothing, ["A"], ["a"], caption="Nothing") == ""  # no table


def test_table_caption_follows_the_table() -> None:
    text = table([["a"]], ["H"], caption="Risks *by* band")
    assert text.endswith("| A |\n\n: Risks \\*by\\* band\n")
    assert table([["a"]], ["H"]).endswith("| A |\n")


def test_table_aligns_left_by_default_and_tolerates_short_align() -> None:
    assert table([["a", "b"]], ["H", "I"]).splitlines()[1] == "|:-----|:-----|"
    assert table([["a", "b"]], ["H", "I"], align="r").splitlines()[1] == "|-----:|:-----|"


def test_table_of_empty_cells_keeps_a_minimum_width() -> None:
    assert table([["x"], [""]], [""]).splitlines()[1] == "|:-----|"  # "" and "x": width 6
    rows = [["x"], ["x"], ["x"], ["x " * 9], ["x"], ["x"], ["x " * 30]]
    # 8 lengths (header "H" too): the upper quartile is the 7th shortest, 17 characters
    assert len(table(rows, ["H"]).splitlines()[1].strip("|")) == 6
    rows = [["x " * 30]] * 5 + [["x"]] * 2
    assert len(table(rows, ["H"]).splitlines()[1].strip("|")) == 19


def test_date_text_of_none_is_empty_and_of_zero_is_text() -> None:
    assert date_text(None) == ""
    assert date_text(0) == "0"


def test_the_environment_escapes_values_and_knows_lws_filters(templates: Path) -> None:
    env = environment([templates])
    assert env.autoescape is False
    assert {"md", "block", "link", "bullets", "table", "label", "date", "mailto", "figure"} <= (
        set(env.filters)
    )
    chart = {"name": "c", "alt": "a", "caption": "c", "path": "c.svg"}
    assert rendered(templates, "{{ c | figure }}", c=chart).startswith("![c](c.svg)")


def test_compiled_templates_are_cached_and_an_edit_is_seen(tmp_path: Path) -> None:
    source, cache = tmp_path / "t", tmp_path / "cache"
    source.mkdir()
    cache.mkdir()
    (source / "t.j2").write_text("one {{ x }}")
    assert render(environment([source], cache), "t.j2", {"x": 1}) == "one 1"
    assert list(cache.iterdir()), "the compiled template is kept"
    (source / "t.j2").write_text("two {{ x }}")
    assert render(environment([source], cache), "t.j2", {"x": 2}) == "two 2"


def test_a_heading_with_nothing_under_it_is_dropped_with_its_empty_parents() -> None:
    text = "# A\n\n## Empty\n\n## Kept\n\nText.\n\n# B\n\n### Also empty\n\n# C\nEnd.\n"
    assert drop_empty_headings(text) == "# A\n\n\n## Kept\n\nText.\n\n\n\n# C\nEnd.\n"
    assert drop_empty_headings("## Last\n") == ""
    assert drop_empty_headings("Not #a heading\n#hashtag\n") == "Not #a heading\n#hashtag\n"
