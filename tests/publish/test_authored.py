"""The trust's own Markdown reaches the outputs as a safe, printable subset."""

from __future__ import annotations

from lws.publish.authored import authored


def test_paragraphs_emphasis_and_safe_links_are_kept() -> None:
    text = "Hello **world** and *you*:\nsee [our site](https://x.example/a).\n\nSecond."
    assert authored(text) == (
        "Hello **world** and *you*\\: see [our site](<https://x.example/a>)\\.\n\nSecond\\.\n"
    )


def test_subheadings_sit_under_the_heading_lws_gives_the_body() -> None:
    assert authored("# Big\n\n### Small", level=3) == "### Big\n\n#### Small\n"  # none skipped
    assert authored("## Only\n\ntext", level=2) == "## Only\n\ntext\n"
    assert authored("# a\n\n###### deep", level=5).endswith("###### deep\n")  # never past 6


def test_no_heading_skips_a_level_so_an_accessible_pdf_can_be_made() -> None:
    # found by the property test: an appendix body opening deeper than it goes on (level 2 →
    # 4) failed the whole full document's PDF (PDF/UA: heading levels must be consecutive)
    assert authored("## 1/0\n\n# IY", level=3) == "### 1/0\n\n### IY\n"
    assert authored("# a\n\n#### d\n\n## b\n\n###### f", level=2) == (
        "## a\n\n### d\n\n### b\n\n#### f\n"
    )
    assert authored("> ### quoted\n\n# after", level=2) == "> ## quoted\n\n## after\n"


def test_lists_keep_their_shape_and_numbers() -> None:
    assert authored("- one\n- two\n  - nested\n\n3. three\n4. four") == (
        "- one\n- two\n  - nested\n\n3. three\n4. four\n"
    )
    assert authored("1. first\n\n   more\n2. second") == "1. first\n\n   more\n\n2. second\n"


def test_quotes_are_kept_as_quotes() -> None:
    assert authored("> said\n> more") == "> said more\n"


def test_nothing_else_survives_as_markup() -> None:
    hostile = (
        "<script>alert(1)</script>\n\n"
        "![logo](/etc/passwd) [x](javascript:alert(1)) [y](file:///etc/passwd)\n\n"
        "```{=html}\n<b>raw</b>\n```\n\n"
        "`code` {#id .class} $x$ | a | b |"
    )
    out = authored(hostile)
    assert "<" not in out.replace("\\<", "")  # raw HTML only as escaped text
    assert "](" not in out  # no image, no unsafe link
    assert "```" not in out and "{=html}" not in out.replace("\\{\\=html\\}", "")
    assert "\\{\\#id \\.class\\}" in out and "\\$x\\$" in out and "\\| a \\|" in out
    assert "\\!logo" in out  # an image or an unsafe link keeps its words only


def test_an_empty_body_is_empty() -> None:
    assert authored("") == "" and authored(None) == "" and authored("\n\n  \n") == ""
