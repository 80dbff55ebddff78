"""``lws build`` end to end: real Pandoc and Typst, outputs read back per audience."""

from __future__ import annotations

import hashlib
import io
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document as DocxDocument
from pptx import Presentation
from pypdf import PdfReader

from lws.publish.build import build
from lws.publish.jobs import plan
from lws.publish.state import BUILD_DIR
from tests.conftest import Golden

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = {
    str(t["term"]): " ".join(str(t["meaning"]).split())
    for t in yaml.safe_load((ROOT / "strategy" / "glossary.yaml").read_text())["terms"]
}
EPOCH = "1795478400"  # 2026-11-24, so the example's dates read as they do today


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def copy_project(target: Path) -> Path:
    shutil.copytree(ROOT / "strategy", target / "strategy")
    shutil.copytree(ROOT / "templates" / "assets", target / "templates" / "assets")
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example, built once in every variant and format."""
    project = copy_project(tmp_path_factory.mktemp("built"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(project, progress=lambda line: None)
    assert not result.problems, [p.format() for p in result.problems]
    return project


def markdown_of(project: Path) -> dict[str, str]:
    jobs, _, _ = plan(project)
    return {job.variant.name: job.markdown for job in jobs}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    doc = DocxDocument(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def pptx_text(path: Path) -> str:
    return "\n".join(
        shape.text_frame.text
        for slide in Presentation(str(path)).slides
        for shape in slide.shapes
        if shape.has_text_frame
    )


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("variant", ["leaflet", "board", "full", "slides"])
def test_golden_markdown(variant: str, tmp_path: Path, golden: Golden) -> None:
    golden(f"{variant}.md", markdown_of(copy_project(tmp_path))[variant])


def test_every_variant_in_every_format(built: Path) -> None:
    names = sorted(p.name for p in (built / BUILD_DIR).iterdir() if not p.name.startswith("."))
    assert names == [
        "board.docx",
        "board.html",
        "board.pdf",
        "full.docx",
        "full.html",
        "full.pdf",
        "leaflet.docx",
        "leaflet.html",
        "leaflet.pdf",
        "slides.pptx",
    ]


def test_leaflet_fits_two_pages_and_has_no_board_only_item(built: Path) -> None:
    pdf = built / BUILD_DIR / "leaflet.pdf"
    assert len(PdfReader(pdf).pages) <= 2
    texts = [
        squash(pdf_text(pdf)),
        squash(docx_text(built / BUILD_DIR / "leaflet.docx")),
        squash(" ".join(html_text(built / BUILD_DIR / "leaflet.html").parts)),
    ]
    for text in texts:
        assert "Our vision" in text and "Who to talk to" in text
        assert "Neighbouring councils raise social worker pay" not in text  # R8: board only


def test_board_only_risk_reaches_the_board_and_nobody_else(built: Path) -> None:
    board = squash(pdf_text(built / BUILD_DIR / "board.pdf"))
    full = squash(pdf_text(built / BUILD_DIR / "full.pdf"))
    assert "Neighbouring councils raise social worker pay" in board
    assert "Neighbouring councils raise social worker pay" not in full


def _unspelt(text: str) -> str:
    """``text`` without the glossary's first-use expansions ("Common Assessment Frameworks
    (CAFs)" → "CAFs"), which fall in different places in different outputs."""
    for term, meaning in GLOSSARY.items():
        text = text.replace(f"{meaning}s ({term}s)", f"{term}s")
        text = text.replace(f"{meaning} ({term})", term)
    return text


def _kpi_rows(path: Path) -> dict[str, dict[str, str]]:
    """The KPI table of a DOCX: title → {column: text} (the full document's has the baseline,
    the board's each KPI's trend)."""
    for table in DocxDocument(str(path)).tables:
        rows = [[c.text.strip() for c in row.cells] for row in table.rows]
        if rows and rows[0][0] == "KPI" and "Target" in rows[0] and "Latest" in rows[0]:
            return {
                _unspelt(row[0]): dict(zip(rows[0][1:], row[1:], strict=True)) for row in rows[1:]
            }
    raise AssertionError(f"no KPI table in {path}")


def test_board_figures_equal_the_full_documents(built: Path) -> None:
    board = _kpi_rows(built / BUILD_DIR / "board.docx")
    full = _kpi_rows(built / BUILD_DIR / "full.docx")
    shared = set(board) & set(full)
    assert len(shared) >= 8
    columns = ["Target", "Latest", "Progress", "Status"]
    for title in shared:
        assert [board[title][c] for c in columns] == [full[title][c] for c in columns], title
    assert set(board) - set(full) == {"Management vacancies filled by internal candidates"}


def test_html_is_one_self_contained_accessible_file(built: Path) -> None:
    page = html_text(built / BUILD_DIR / "full.html")
    tags = dict((t, a) for t, a in page.tags)
    assert "html" in tags and ("lang", "en-GB") in tags["html"]
    images = [dict(a) for t, a in page.tags if t == "img"]
    assert images and all(str(i.get("src", "")).startswith("data:") for i in images)
    # every image described, but the masthead's logo: the trust's name beside it says it
    assert all(
        i.get("alt") or (i.get("class") == "brand-logo" and i.get("alt") == "") for i in images
    )
    assert not any(t in ("script", "iframe", "object") for t, _ in page.tags)


def test_slides_come_from_the_same_data(built: Path) -> None:
    text = pptx_text(built / BUILD_DIR / "slides.pptx")
    assert "Recruiting and retaining" in text
    assert "Workshop questions" in text


def test_two_clean_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    again = copy_project(tmp_path)
    result = build(again, progress=lambda line: None)
    assert not result.problems
    for output in (built / BUILD_DIR).iterdir():
        if output.is_file() and not output.name.startswith("."):
            twin = again / BUILD_DIR / output.name
            assert output.read_bytes() == twin.read_bytes(), output.name


def test_noop_rebuild_rebuilds_nothing(built: Path) -> None:
    result = build(built, progress=lambda line: None)
    assert result.built == [] and len(result.unchanged) == 10


def test_changed_source_rebuilds_only_what_changed(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    build(project, ["board"], ["html"], progress=lambda line: None)
    vision = project / "strategy" / "vision.yaml"
    vision.write_text(
        vision.read_text().replace("Recruiting and retaining", "Recruiting and keeping")
    )
    result = build(project, ["board", "leaflet"], ["html"], progress=lambda line: None)
    assert sorted(p.name for p in result.built) == ["board.html", "leaflet.html"]


def test_a_build_never_modifies_a_source_file(built: Path) -> None:
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "strategy").iterdir()}
    build(built, force=True, progress=lambda line: None)
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "strategy").iterdir()}
    assert before == after


def test_an_interrupted_build_keeps_the_previous_outputs_whole(built: Path) -> None:
    outputs = {
        p.name: p.read_bytes()
        for p in (built / BUILD_DIR).iterdir()
        if p.is_file() and not p.name.startswith(".")
    }
    command = [sys.executable, "-m", "lws", "build", "--project", str(built), "--force"]
    for delay in (0.3, 0.8, 1.5):
        process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for name, data in outputs.items():
            assert (built / BUILD_DIR / name).read_bytes() == data, name  # same input, same bytes
    leftovers = [p for p in (built / BUILD_DIR).iterdir() if p.name.endswith(".tmp")]
    build(built, progress=lambda line: None)
    assert not [p for p in leftovers if p.exists()], "stale temporary files are cleaned up"


HOSTILE = [
    "<script>alert('x')</script>",
    "```{=html}\n<img src=x onerror=alert(1)>\n```",
    "[click]{onclick=alert(1)}",
    "[link](javascript:alert(1))",
    "![secret](/etc/passwd)",
    "`#set page(fill: red)`{=typst}",
    "```{=typst}\n#set page(fill: red)\n```",
    "| a | b |\n|---|---|\n| c | d |",
    "{{ 7*7 }} {% raw %} $x^2$ \\newpage <!-- c -->",
]


def _hostile_project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path)
    payload = " ".join(HOSTILE)
    changes: list[tuple[str, Callable[[Any], None]]] = [
        ("vision", lambda d: d.update(statement=payload + "\n\n" + payload)),
        ("vision", lambda d: d["themes"][0].update(title=payload, description=payload)),
        ("actions", lambda d: d["actions"][0].update(title=payload, comments=payload)),
        ("risks", lambda d: d["risks"][0].update(title=payload)),
        ("manifest", lambda d: d["trust"].update(name="<b onmouseover=alert(1)>Trust</b>")),
    ]
    for section, change in changes:
        path = project / "strategy" / f"{section}.yaml"
        data = yaml.safe_load(path.read_text())
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return project


def _all_outputs(project: Path) -> Iterator[tuple[str, str]]:
    out = project / BUILD_DIR
    for path in sorted(p for p in out.iterdir() if p.is_file() and not p.name.startswith(".")):
        if path.suffix == ".html":
            yield path.name, path.read_text(encoding="utf-8")
        elif path.suffix == ".pdf":
            yield path.name, pdf_text(path)
        elif path.suffix == ".docx":
            yield (
                path.name,
                docx_text(path) + io.BytesIO(path.read_bytes()).read().decode("latin-1"),
            )
        elif path.suffix == ".pptx":
            yield path.name, pptx_text(path) + path.read_bytes().decode("latin-1")


def test_hostile_author_text_is_neutralised_in_every_format(tmp_path: Path) -> None:
    project = _hostile_project(tmp_path)
    result = build(project, progress=lambda line: None)
    assert not result.problems, [p.format() for p in result.problems]
    passwd = Path("/etc/passwd").read_text().splitlines()[0]
    for name, text in _all_outputs(project):
        assert passwd not in text, name
        if name.endswith(".html"):
            page = html_text(project / BUILD_DIR / name)
            assert not any(t == "script" for t, _ in page.tags), name
            attributes = [k for _, a in page.tags for k, _ in a]
            assert not any(k.startswith("on") for k in attributes), name
            hrefs = [v or "" for _, a in page.tags for k, v in a if k in ("href", "src")]
            assert not any(h.lower().startswith("javascript:") for h in hrefs), name
            assert "<script>alert" not in text
            assert "&lt;script&gt;alert" in text  # shown as text, not run
    board = squash(pdf_text(project / BUILD_DIR / "full.pdf"))
    assert "#set page(fill: red)" in board  # raw Typst printed as text, not obeyed


def test_brand_font_reaches_html_and_hostile_font_names_are_dropped(tmp_path: Path) -> None:
    from lws.model.project import load_strategy
    from lws.publish.brand import brand

    project = copy_project(tmp_path)
    assert brand(load_strategy(project)).font == "Source Sans 3"
    publication = project / "strategy" / "publication.yaml"
    hostile = "font: 'x\"; } body { color: red'"
    text = publication.read_text().replace("font: Source Sans 3", hostile)
    publication.write_text(text)
    assert brand(load_strategy(project)).font is None


def test_an_audience_asking_for_an_undefined_variant_is_located(tmp_path: Path) -> None:
    from lws.core.errors import LwsError

    project = copy_project(tmp_path)
    publication = project / "strategy" / "publication.yaml"
    publication.write_text(publication.read_text().replace("variant: slides", "variant: poster"))
    with pytest.raises(LwsError) as caught:
        plan(project)
    (problem,) = caught.value.diagnostics
    assert problem.file == "strategy/publication.yaml" and problem.line > 1
    assert "no variant named 'poster'" in problem.message


def test_docx_header_carries_the_trust_name_and_logo(built: Path) -> None:
    header = DocxDocument(str(built / BUILD_DIR / "board.docx")).sections[0].header
    assert "Northbridge Children’s Trust" in " ".join(p.text for p in header.paragraphs)
    assert any(r.reltype.endswith("/image") for r in header.part.rels.values())


def test_image_size_reads_png_and_jpeg_headers() -> None:
    import struct

    from lws.publish.docx_brand import image_size

    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + struct.pack(">II", 240, 64)
    jpeg = b"\xff\xd8" + b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", 50, 120) + b"\x00" * 20
    assert image_size(png) == (240, 64)
    assert image_size(jpeg) == (120, 50)
    assert image_size(b"not an image") == (1, 1)


def test_the_glossary_spells_out_each_acronym_once_per_output(built: Path) -> None:
    """First use spelt out in every output (HTML with <abbr>); sources never changed."""
    spelt = "Common Assessment Framework (CAF)"
    outputs = built / BUILD_DIR
    leaflet_html = html_text(outputs / "leaflet.html")
    assert " ".join("".join(leaflet_html.parts).split()).count(spelt) == 1
    abbrs = [dict(a).get("title") for tag, a in leaflet_html.tags if tag == "abbr"]
    assert abbrs == ["Common Assessment Framework"]
    for text in (
        pdf_text(outputs / "leaflet.pdf"),
        docx_text(outputs / "leaflet.docx"),
        docx_text(outputs / "full.docx"),
    ):
        assert " ".join(text.split()).count(spelt) == 1
    full = html_text(outputs / "full.html")
    assert " ".join("".join(full.parts).split()).count(spelt) == 1  # not again in the glossary
    assert ("div", [("class", "lws-glossary")]) in full.tags
    board = " ".join("".join(html_text(outputs / "board.html").parts).split())
    assert board.count("Director of Children's Services (DCS)") == 1
    glossary = built / "strategy" / "glossary.yaml"
    assert glossary.read_bytes() == (ROOT / "strategy" / "glossary.yaml").read_bytes()
