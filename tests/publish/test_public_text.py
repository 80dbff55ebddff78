"""Public outputs say it as a person would: none of the machinery's names reach a reader.

No file names, no ``yaml``, no guide exercise or template numbers, no format names, no ISO
dates and no ids in prose, in the text of every public output (HTML, PDF, DOCX) of the
example and of a new trust's sparse strategy. And no id a strategy defines (a source's,
theme's, person's, group's, solution's...: every kind but the labels, see
:mod:`tests.publish.disguise`) in any output of any variant (HTML, PDF, DOCX, PPTX) of the
example and of the sparse and historical fixtures, each built with its ids disguised.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lws.publish.build import build
from lws.publish.state import BUILD_DIR
from tests.html_text import HtmlText
from tests.publish.disguise import TOKEN, disguise_ids
from tests.publish.test_build import EPOCH, ROOT, copy_project, docx_text, pptx_text


def visible_text(path: Path) -> str:
    parser = HtmlText(("alt", "aria-label", "title"))
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


INTERNAL = re.compile(
    r"[\w-]+\.ya?ml\b|\byaml\b|\b(?:exercise|template|appendix) \d|\b(?:html|docx|pptx)\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b(?:action|risk|kpi) [A-Z]{1,3}\d+\b|\bmodule \d+\b",
    re.IGNORECASE,
)


def _texts(project: Path, variant: str) -> dict[str, str]:
    out = BUILD_DIR
    pdf = subprocess.run(
        ["pdftotext", str(project / out / f"{variant}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        "html": visible_text(project / out / f"{variant}.html"),
        "pdf": pdf,
        "docx": docx_text(project / out / f"{variant}.docx"),
    }


@pytest.mark.parametrize("variant", ["leaflet", "board", "full"])
def test_no_internal_name_reaches_a_public_output(
    example: Path, sparse: Path, variant: str
) -> None:
    for project in (example, sparse):
        for fmt, text in _texts(project, variant).items():
            found = sorted({m.group(0) for m in INTERNAL.finditer(" ".join(text.split()))})
            assert found == [], f"{project.name}: {variant}.{fmt}"


def test_the_check_catches_what_it_should() -> None:
    samples = [
        "see priorities.yaml",
        "From the plan (exercise 1.1)",
        "template 11 progress report",
        "Html; Pdf",
        "on 2025-07-08",
        "Action A3 is red",
        "module 9 100%",
    ]
    assert all(INTERNAL.search(s) for s in samples)
    assert not INTERNAL.search("Risk heat map: 8 risks, 1 July 2025, a web page and slides")


def test_the_board_is_asked_to_agree_recommendations(example: Path) -> None:
    text = visible_text(example / BUILD_DIR / "board.html")
    assert "The board is asked to:" in " ".join(text.split())
    assert "Agree the response to the risk" in text


FIXTURES = ROOT / "tests" / "fixtures"
#: Each project's strategy and the date it is judged on.
DISGUISED = {
    "example": (ROOT / "strategy", dt.date(2026, 11, 24)),
    "sparse": (FIXTURES / "sparse" / "strategy", dt.date(2014, 6, 1)),
    "historical": (FIXTURES / "historical" / "strategy", dt.date(2026, 12, 1)),
}


def _disguised(tmp: Path, name: str) -> tuple[Path, dict[str, str]]:
    root = copy_project(tmp)  # the example's strategy and the assets its templates name
    shutil.rmtree(root / "strategy")
    shutil.copytree(DISGUISED[name][0], root / "strategy")
    return root, disguise_ids(root)


def _build(root: Path, name: str, *names: str, formats: tuple[str, ...] = ()) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(root, names, formats, progress=lambda line: None, today=DISGUISED[name][1])
    assert not result.problems, [p.format() for p in result.problems]


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


READERS = {".html": visible_text, ".docx": docx_text, ".pptx": pptx_text, ".pdf": _pdf_text}


def _ids_printed(root: Path, tokens: dict[str, str]) -> dict[str, list[str]]:
    """Each output's disguised ids, as the strategy wrote them."""
    outputs = sorted(p for p in (root / BUILD_DIR).iterdir() if p.suffix in READERS)
    assert outputs
    return {
        path.name: sorted({tokens[m[0]] for m in TOKEN.finditer(READERS[path.suffix](path))})
        for path in outputs
    }


@pytest.mark.parametrize("name", sorted(DISGUISED))
def test_no_id_reaches_any_output(tmp_path: Path, name: str) -> None:
    root, tokens = _disguised(tmp_path, name)
    assert len(tokens) >= 5  # people, groups, sources...: every fixture defines some
    _build(root, name)
    printed = _ids_printed(root, tokens)
    assert len(printed) == 10  # three variants in three formats and the slides
    assert printed == {output: [] for output in printed}


def test_an_id_a_template_prints_is_found(tmp_path: Path) -> None:
    """The check fails when a template prints a workforce figure's source id, as the full
    document's workforce table did before it printed the source's title."""
    root, tokens = _disguised(tmp_path, "example")
    partials = root / "templates" / "partials"
    partials.mkdir(parents=True)
    baseline = (ROOT / "templates" / "partials" / "baseline.md.j2").read_text(encoding="utf-8")
    (partials / "baseline.md.j2").write_text(
        baseline.replace("workforce_rows | table", "b.workforce_data | table"), encoding="utf-8"
    )
    _build(root, "example", "full", formats=("html",))
    assert _ids_printed(root, tokens) == {
        "full.html": [
            "audit-induction-2025 (evidence)",
            "caf-audit-2025 (evidence)",
            "sw-return (evidence)",
            "workforce-dataset (evidence)",
        ]
    }
