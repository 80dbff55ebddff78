"""lws.convert.pandoc with the real pandoc: every format read back, sandboxing, hostile input."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import docx
import pptx
import pytest
from docx.shared import Cm
from pptx.shapes.picture import Picture

from lws.convert.pandoc import ConversionError, Format, convert, pandoc_version
from tests.convert.documents import CHART, PASSWD_LINE, PRIORITIES, REPO
from tests.convert.documents import site as chart_site
from tests.pngs import solid_png

TEMPLATES = REPO / "templates"
PHOTO = "build/charts/team.png"

DOCUMENT = f"""\
# Where we are now

Recruitment of social workers is our largest gap.[^source]

[^source]: Workforce survey, March 2026.

{PRIORITIES}
![Our team]({PHOTO})

See [the guide](https://example.org/guide), [write to us](mailto:lws@example.org),
[the plan](#priorities) or [the data](strategy/baseline.yaml).
"""

HOSTILE = """\
# Hostile

<script>alert('script')</script>

```{=html}
<img src=x onerror=alert('rawblock')>
```

[click me]{onclick=alert('span') style="color:red" typst:text:fill="red) + read(\\"/x\\")"}

[run](javascript:alert('link')) [file](file:///etc/passwd) [far](//evil.example)

![passwd](/etc/passwd)

![secret](../../secret.png)

![inline](data:text/html;base64,PHNjcmlwdD4=)

```{=typst}
#set page(width: 5cm)
```

Inline `#set page(height: 5cm)`{=typst} typst.

::: {onmouseover="alert('div')"}
div
:::
"""
HOSTILE_REMOVALS = [
    "attribute onclick=alert('span')",
    "attribute style=color:red",
    "attribute typst:text:fill",
    "link to javascript:alert('link')",
    "link to file:///etc/passwd",
    "link to //evil.example",
    "image /etc/passwd",
    "image ../../secret.png",
    "image data:text/html",
    "attribute onmouseover=alert('div')",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project root with one SVG chart and one PNG image under build/."""
    root = chart_site(tmp_path_factory.mktemp("site"))
    (root / PHOTO).write_bytes(solid_png(40, 20))
    return root


Convert = Callable[..., bytes]


@pytest.fixture(scope="module")
def run(site: Path) -> Convert:
    """``convert`` with the site's root and resources and lws's look and feel."""

    def _run(markdown: str, to: Format, **options: object) -> bytes:
        defaults: dict[str, object] = {
            "root": site,
            "resources": [Path(CHART), site / PHOTO],
            "title": "Workforce strategy",
        }
        if to in ("docx", "pptx"):
            defaults["reference_doc"] = TEMPLATES / f"reference.{to}"
        if to == "typst":
            defaults["template"] = TEMPLATES / "typst" / "template.typ"
        if to == "html":
            defaults["css"] = (TEMPLATES / "html" / "style.css").read_text(encoding="utf-8")
        return convert(markdown, to, **{**defaults, **options})  # type: ignore[arg-type]

    return _run


@pytest.fixture(scope="module")
def outputs(run: Convert) -> dict[str, bytes]:
    """The document in every format, converted once for the module."""
    formats: list[Format] = ["html", "docx", "typst", "pptx"]
    return {to: run(DOCUMENT, to) for to in formats}


def test_pandoc_is_the_pinned_version() -> None:
    assert pandoc_version() == "3.9"


# -- each format read back ------------------------------------------------------------------


class _Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {key: value or "" for key, value in attrs}))


def _tags(html: bytes) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(html.decode("utf-8"))
    return parser.tags


def test_html_is_one_self_contained_file(outputs: dict[str, bytes]) -> None:
    html = outputs["html"].decode("utf-8")
    tags = _tags(outputs["html"])
    sources = [attrs["src"] for tag, attrs in tags if tag == "img"]
    assert [src.split(";")[0] for src in sources] == ["data:image/svg+xml", "data:image/png"]
    assert not [tag for tag, attrs in tags if tag in ("link", "script")]
    assert '<meta name="viewport"' in html
    assert "--brand-primary" in html and "@media print" in html
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="en-GB"' in html
    assert "<title>Workforce strategy</title>" in html
    hrefs = {attrs["href"] for tag, attrs in tags if tag == "a"}
    assert {"https://example.org/guide", "mailto:lws@example.org", "#priorities"} <= hrefs


def test_html_brand_colours_follow_the_stylesheet(run: Convert) -> None:
    html = run("# x\n", "html", variables={"brand-primary": "#5b2a86"}).decode("utf-8")
    assert html.index(":root { --brand-primary: #5b2a86; }") > html.index("--brand-accent: #d9822b")


def test_docx_reads_back_with_the_reference_look(outputs: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(outputs["docx"]))
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 1"]
    assert headings == ["Where we are now"]
    table = document.tables[0]
    assert [cell.text for cell in table.rows[1].cells] == [
        "Joint induction",
        "Workforce lead",
        "Green",
    ]
    images = [
        part.content_type
        for part in document.part.related_parts.values()
        if part.content_type.startswith("image/")
    ]
    assert sorted(images) == ["image/png", "image/png"]  # the SVG arrives rasterised
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (section.page_width.cm, section.page_height.cm) == pytest.approx((21.0, 29.7), abs=0.01)
    assert "Page" in section.footer.paragraphs[0].text


def test_docx_svg_keeps_its_size(run: Convert) -> None:
    document = docx.Document(io.BytesIO(run(f"![chart]({CHART})\n", "docx")))
    (shape,) = document.inline_shapes
    assert shape.width == pytest.approx(Cm(240 / 96 * 2.54), rel=0.01)  # 240 px at 96 px/in


def test_pptx_reads_back(outputs: dict[str, bytes]) -> None:
    deck = pptx.Presentation(io.BytesIO(outputs["pptx"]))
    shapes = [shape for slide in deck.slides for shape in slide.shapes]
    texts = [shape.text_frame.text for shape in shapes if shape.has_text_frame]
    assert "Workforce strategy" in texts
    assert "Where we are now" in texts
    pictures = [shape for shape in shapes if isinstance(shape, Picture)]
    assert [picture.image.content_type for picture in pictures] == ["image/png", "image/png"]


def test_typst_source_uses_the_template_and_plain_image_paths(outputs: dict[str, bytes]) -> None:
    source = outputs["typst"].decode("utf-8")
    assert 'paper: "a4"' in source
    assert f'image("{CHART}", width: 60%, alt: "Staff by activity area")' in source
    assert f'image("{PHOTO}", alt: ' in source  # present.lua adds the alt text
    assert "image.decode" not in source
    assert '#let brand-primary = rgb("#1f3a5f")' in source


# -- reproducibility ------------------------------------------------------------------------


@pytest.mark.parametrize("to", ["html", "docx", "typst", "pptx"])
def test_same_input_gives_the_same_bytes(
    run: Convert, outputs: dict[str, bytes], to: Format
) -> None:
    assert run(DOCUMENT, to) == outputs[to]


@pytest.mark.parametrize("to", ["docx", "pptx"])
def test_packages_carry_the_source_date(run: Convert, to: Format) -> None:
    output = run("# x\n", to, source_date_epoch=1_700_000_000)
    with zipfile.ZipFile(io.BytesIO(output)) as package:
        assert {info.date_time for info in package.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        core = package.read("docProps/core.xml").decode("utf-8")
    assert core.count("2023-11-14T22:13:20Z") == 2


def test_source_date_epoch_comes_from_the_environment(
    run: Convert, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with zipfile.ZipFile(io.BytesIO(run("# x\n", "docx"))) as package:
        assert package.infolist()[0].date_time == (2023, 11, 14, 22, 13, 20)


# -- hostile input --------------------------------------------------------------------------


def test_hostile_markdown_fails_naming_every_removal(run: Convert) -> None:
    with pytest.raises(ConversionError) as caught:
        run(HOSTILE, "html")
    message = str(caught.value)
    assert message.startswith("pandoc: conversion to html failed:")
    for removal in HOSTILE_REMOVALS:
        assert f"sanitize: removed {removal}" in message
    assert "Scripting warning" not in message and "Traceback" not in message


def _package_text(output: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(output)) as package:
        return "\n".join(
            package.read(name).decode("utf-8", "replace") for name in package.namelist()
        )


def _assert_harmless(text: str) -> None:
    """No file content, handler, unsafe target or Typst code; raw blocks may remain as text."""
    assert PASSWD_LINE not in text
    for marker in ("onclick", "onmouseover", "javascript:", "file:", "evil.example"):
        assert marker not in text
    assert "secret.png" not in text and "/etc/passwd" not in text
    assert "read(" not in text and "color:red" not in text


@pytest.fixture(scope="module")
def lenient(run: Convert) -> Iterator[dict[str, bytes]]:
    formats: list[Format] = ["html", "docx", "typst", "pptx"]
    yield {to: run(HOSTILE, to, strict=False) for to in formats}


def test_hostile_html_is_inert(lenient: dict[str, bytes]) -> None:
    html = lenient["html"].decode("utf-8")
    _assert_harmless(html)
    tags = _tags(lenient["html"])
    assert not [tag for tag, _ in tags if tag in ("script", "img", "iframe", "object", "embed")]
    assert not [key for _, attrs in tags for key in attrs if key.startswith("on")]
    assert "&lt;script&gt;" in html  # author text stays text


@pytest.mark.parametrize("to", ["docx", "pptx"])
def test_hostile_packages_are_inert(lenient: dict[str, bytes], to: str) -> None:
    text = _package_text(lenient[to])
    _assert_harmless(text)
    assert 'TargetMode="External"' not in text
    with zipfile.ZipFile(io.BytesIO(lenient[to])) as package:
        assert not [name for name in package.namelist() if "media/" in name]


def test_hostile_typst_is_inert(lenient: dict[str, bytes]) -> None:
    source = lenient["typst"].decode("utf-8")
    _assert_harmless(source)
    body = source.split("= Hostile")[1]
    assert "image(" not in body
    assert not re.search(r"^#(set|show|let|import|include|read)", body, re.M)


# -- sanitising rules -----------------------------------------------------------------------

KEPT = ["https://example.org/a?b=c", "HTTP://EXAMPLE.ORG", "mailto:a@ex.org", "#top", "doc/a.html"]
DROPPED = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java&#9;script:alert(1)",
    "vbscript:x",
    "data:text/html,x",
    "file:///etc/passwd",
    "//evil.example/x",
    "/etc/passwd",
    "../up.html",
    "a/../../up.html",
    "a/b/../c.html",
    "%2e%2e/up.html",
    "C:/Windows/win.ini",
    "ftp://example.org",
]


def test_link_targets_are_allowlisted(run: Convert) -> None:
    markdown = "\n\n".join(f"[link {n}](<{target}>)" for n, target in enumerate(KEPT + DROPPED))
    html = run(markdown, "html", strict=False)
    hrefs = [attrs["href"] for tag, attrs in _tags(html) if tag == "a"]
    assert [href.lower() for href in hrefs] == [target.lower() for target in KEPT]


def test_only_safe_attributes_survive(run: Convert) -> None:
    markdown = '[x]{#ok .cls lang=cy dir=rtl width=3cm data-x=1 custom-style="Strong"}\n'
    html = run(markdown, "html", strict=False).decode("utf-8")
    assert (
        '<span id="ok" class="cls" lang="cy" dir="rtl" width="3cm" data-custom-style="Strong">'
        in html
    )


def test_an_image_that_is_not_a_resource_fails(run: Convert) -> None:
    with pytest.raises(ConversionError, match=r"sanitize: removed image build/charts/other\.png"):
        run("![x](build/charts/other.png)\n", "docx")


def test_resources_outside_the_root_are_refused(run: Convert, tmp_path: Path) -> None:
    outside = tmp_path / "chart.png"
    outside.write_bytes(solid_png(2, 2))
    with pytest.raises(ConversionError, match="outside the project"):
        run("# x\n", "html", resources=[outside])
    with pytest.raises(ConversionError, match="outside the project"):
        run("# x\n", "html", resources=[Path("../chart.png")])


def test_missing_or_unknown_resources_fail(run: Convert, site: Path) -> None:
    with pytest.raises(ConversionError, match="does not exist"):
        run("# x\n", "html", resources=[Path("build/charts/none.png")])
    (site / "build" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ConversionError, match="PNG, JPEG or SVG"):
        run("# x\n", "html", resources=[Path("build/notes.txt")])


@pytest.mark.parametrize(
    "variables",
    [
        {"brand-name": 'Trust"] #read("x")'},
        {"logo": "a\nb"},
        {"brand-primary": "#12345g"},
        {"Bad Key": "x"},
    ],
)
def test_template_variables_are_restricted(run: Convert, variables: dict[str, str]) -> None:
    with pytest.raises(ConversionError, match="template variable"):
        run("# x\n", "typst", variables=variables)


def test_metadata_is_escaped(run: Convert) -> None:
    hostile = {"brand-name": 'Trust"] #read("/x") [x'}
    source = run("# x\n", "typst", metadata=hostile).decode("utf-8")
    # a word with a quote mark is written by typst_text.lua, every symbol escaped
    assert r"#let brand-name = [Trust\"\] \#read\(\"\/x\"\) \[x]" in source
    html = run("# x\n", "html", title="<script>alert(1)</script>").decode("utf-8")
    assert "<script>" not in html
    html = run("# x\n", "html", title="True", metadata={"subtitle": "false"}).decode("utf-8")
    assert "<title>True</title>" in html and '<p class="subtitle">false</p>' in html


def test_stylesheet_cannot_close_its_element(run: Convert) -> None:
    with pytest.raises(ConversionError, match="must not contain"):
        run("# x\n", "html", css="body{}</style><script>alert(1)</script>")


def test_reference_doc_must_exist(run: Convert, tmp_path: Path) -> None:
    with pytest.raises(ConversionError, match="does not exist"):
        run("# x\n", "docx", reference_doc=tmp_path / "none.docx")


def test_a_slow_conversion_times_out(run: Convert) -> None:
    with pytest.raises(ConversionError, match="took longer than"):
        run(DOCUMENT * 50, "docx", timeout=0.001)
