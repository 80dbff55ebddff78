"""Restrictions follow references: what refers to a withheld item is withheld with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document as DocxDocument

from lws.model.project import load_strategy
from lws.publish.audience import sections_for
from lws.publish.build import build
from lws.publish.explain import restricted_items
from lws.publish.restrict import visible_sections, withheld_items, without
from lws.publish.state import BUILD_DIR
from tests.publish.test_build import EPOCH, copy_project
from tests.publish.test_incremental import quiet

SECRET = "Secret board-only action about contract talks"


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def restrict_action(project: Path, action: str, audiences: str) -> None:
    """Give ``action`` a distinctive title and restrict it to ``audiences``."""
    path = project / "strategy" / "actions.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {action}\n")
    end = text.find("\n  - id:", start + 1)
    block = text[start:end]
    block = re.sub(r"\n    title: [^\n]*", f"\n    title: {SECRET}", block, count=1)
    block = re.sub(r"\n    audiences: [^\n]*", "", block)
    text = text[:start] + block + f"\n    audiences: [{audiences}]" + text[end:]
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def secret_a7(tmp_path: Path) -> Path:
    """The example with A7 (named in impact.yaml and a risk) for the board only."""
    project = copy_project(tmp_path / "trust")
    restrict_action(project, "A7", "board")
    return project


def test_rows_that_name_a_withheld_action_are_withheld(secret_a7: Path) -> None:
    strategy = load_strategy(secret_a7)
    withheld = withheld_items(strategy.documents, strategy.schemas, {"partners"})
    own = [w for w in withheld.values() if not w.inherited]
    inherited = [w for w in withheld.values() if w.inherited]
    assert any(w.section == "actions" and w.label == "A7" for w in own)
    impact_rows = [w for w in inherited if w.section == "impact"]
    assert [w.reason for w in impact_rows] == ["refers to action A7, which is withheld"]
    visible = visible_sections(strategy.documents, strategy.schemas, {"partners"})
    assert "A7" not in {row["action"] for row in visible["impact"]["impacts"]}
    assert all("A7" not in (k.get("actions") or []) for k in visible["measures"]["kpis"])
    # the board sees all of it
    assert not withheld_items(strategy.documents, strategy.schemas, {"board"})


def test_one_of_several_references_drops_out_of_its_list() -> None:
    data = {"kpis": [{"id": "K1", "actions": ["A1", "A7"]}, {"id": "K2", "actions": ["A7"]}]}
    assert without(data, {("kpis", 0, "actions", 1), ("kpis", 1)}) == {
        "kpis": [{"id": "K1", "actions": ["A1"]}]
    }


def test_a_kpi_measuring_only_withheld_actions_is_withheld(secret_a7: Path) -> None:
    strategy = load_strategy(secret_a7)
    kpis = strategy.documents["measures"].data["kpis"]
    only_a7 = [k["id"] for k in kpis if k.get("actions") == ["A7"]]
    mixed = [k["id"] for k in kpis if "A7" in (k.get("actions") or []) and len(k["actions"]) > 1]
    visible = visible_sections(strategy.documents, strategy.schemas, {"partners"})
    shown = {k["id"] for k in visible["measures"]["kpis"]}
    assert not set(only_a7) & shown
    assert set(mixed) <= shown


def test_withholding_cascades_through_ids(tmp_path: Path) -> None:
    """A withheld risk's id takes the rows that name it, and so on."""
    project = copy_project(tmp_path / "trust")
    strategy = load_strategy(project)
    risks = strategy.documents["risks"].data["risks"]
    everyone = set(withheld_items(strategy.documents, strategy.schemas, {"partners", "board"}))
    assert everyone == set()
    assert risks  # the example has a register to restrict


def full_text(project: Path) -> str:
    """The full document's words, as HTML and as DOCX, built for its audiences."""
    result = build(project, ["full"], ["html", "docx"], progress=quiet)
    assert not result.problems, [p.format() for p in result.problems]
    html = (project / BUILD_DIR / "full.html").read_text(encoding="utf-8")
    docx = DocxDocument(str(project / BUILD_DIR / "full.docx"))
    cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    return html + "\n".join([p.text for p in docx.paragraphs] + cells)


@pytest.mark.parametrize("audiences", ["partners", "board"])
def test_the_full_document_shows_an_action_only_to_its_audiences(
    tmp_path: Path, audiences: str
) -> None:
    project = copy_project(tmp_path / "trust")
    restrict_action(project, "A7", audiences)
    impact = load_strategy(project).documents["impact"].data["impacts"]
    achieved = next(row["achieved"] for row in impact if row["action"] == "A7")[:40]
    text = full_text(project)
    shown = audiences == "partners"  # the full document is the partners' variant
    assert (SECRET in text) is shown
    assert (achieved in text) is shown  # the impact-achieved row that names A7


def test_explain_shows_the_inherited_restrictions(secret_a7: Path) -> None:
    strategy = load_strategy(secret_a7)
    from lws.publish.audience import load_variants

    publication = strategy.documents["publication"]
    variants = {v.name: v for v in load_variants(secret_a7, publication.data, publication.values)}
    items = restricted_items(strategy, variants["full"])
    inherited = [i for i in items if i.inherited_from]
    assert any(
        i.where.startswith("strategy/impact.yaml:") and "action A7" in i.inherited_from
        for i in inherited
    )
    shown = sections_for(strategy, variants["full"])
    assert "A7" not in {row["action"] for row in shown["impact"]["impacts"]}


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_the_leak_verifier_refuses_an_output_carrying_withheld_text(
    secret_a7: Path, fmt: str
) -> None:
    """A trust's template that prints the secret another way is caught after conversion."""
    packaged = Path(__file__).resolve().parents[2] / "templates" / "full.md.j2"
    ours = secret_a7 / "templates" / "full.md.j2"
    ours.write_text(packaged.read_text(encoding="utf-8") + f"\n\nAlso: {SECRET}.\n", "utf-8")
    result = build(secret_a7, ["full"], [fmt], progress=quiet)
    (problem,) = result.problems
    assert problem.file == f"build/full.{fmt}"
    assert "it shows text of A7 (strategy/actions.yaml:" in problem.message
    assert not (secret_a7 / BUILD_DIR / f"full.{fmt}").exists()


def test_fingerprints_skip_text_an_allowed_item_also_holds(secret_a7: Path) -> None:
    from lws.publish.leaks import fingerprints

    strategy = load_strategy(secret_a7)
    marks = fingerprints(strategy.documents, strategy.schemas, {"partners"})
    texts = {m.text for m in marks}
    assert SECRET in texts
    assert all(len(t) >= 16 for t in texts)
    assert not fingerprints(strategy.documents, strategy.schemas, {"partners", "board"})
