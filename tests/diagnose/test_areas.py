"""The diagnostic names what a sparse published strategy should add, in the guide's words, as
areas for change (issue 9: "the diagnostic on fixture (a) names what to add").

The guide's words are its diagnostic's questions (criteria/diagnostic.yaml keeps them exactly
as Appendix 1 of *Building and implementing an effective local workforce strategy* prints
them, with their modules and exercises: checked against the guide's text when this was
written) and its exercises and templates by name.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from lws.diagnose.areas import Area, areas_for_change, step_text
from lws.diagnose.diagnostic import Report, diagnose, load_criteria
from lws.diagnose.evidence import Status
from lws.diagnose.report import render_report
from lws.model.project import load_strategy

ROOT = Path(__file__).resolve().parents[2]
SPARSE = ROOT / "tests" / "fixtures" / "sparse"
TODAY = dt.date(2014, 6, 1)
CRITERIA = yaml.safe_load((ROOT / "criteria" / "diagnostic.yaml").read_text(encoding="utf-8"))
GUIDE = {c["id"]: c for c in CRITERIA["criteria"]}

#: The areas for change of the sparse strategy — a vision paragraph, five priorities, three
#: KPIs with approximate figures, governance groups, no action plan, no risk register — each
#: by the guide's headline question (or a question no headline gathers), with its status and
#: the questions beneath it not met. Only the vision statement (Q23) is met.
EXPECTED = [
    ("Q01", Status.NOT_MET, ["Q02", "Q03"]),
    ("Q04", Status.PARTLY_MET, ["Q05", "Q06", "Q07", "Q08", "Q09", "Q10", "Q11"]),
    ("Q12", Status.NOT_MET, ["Q13", "Q14"]),
    ("Q15", Status.NOT_MET, ["Q16", "Q17", "Q18", "Q19", "Q20", "Q21"]),
    ("Q22", Status.PARTLY_MET, ["Q24", "Q25"]),
    ("Q26", Status.NOT_MET, ["Q27", "Q28", "Q29", "Q30", "Q31", "Q36"]),  # Q36: the action plan
    ("Q32", Status.NOT_MET, ["Q33", "Q34", "Q35"]),
    ("Q37", Status.PARTLY_MET, ["Q38", "Q39", "Q40"]),
    ("Q41", Status.NOT_MET, ["Q42", "Q43", "Q44", "Q45", "Q46"]),
    ("Q47", Status.NOT_MET, ["Q48", "Q49", "Q50", "Q51", "Q52", "Q53", "Q54"]),
    ("Q55", Status.NOT_MET, ["Q56", "Q57"]),
    ("Q58", Status.PARTLY_MET, ["Q58"]),  # KPIs with a baseline and target, none with a latest
    ("Q59", Status.NOT_MET, ["Q59"]),  # the risk register
    ("Q60", Status.NOT_MET, ["Q61", "Q62", "Q63"]),
]
#: Ids, file names and field names: what the guidance must not consist of alone.
_NOT_WORDS = re.compile(r"strategy/[\w.-]+|\([^)]*\)|\bQ\d\d\b|\b\w+_\w+\b|\b\w+\.\w+\b")


def sparse_report(root: Path = SPARSE) -> Report:
    return diagnose(load_strategy(root).documents, load_criteria(root), TODAY)


@pytest.fixture(scope="module")
def areas() -> list[Area]:
    return areas_for_change(sparse_report())


def test_the_areas_are_exactly_the_guides_questions_the_sparse_strategy_does_not_meet(
    areas: list[Area],
) -> None:
    assert [(a.question, a.status, [s.question for s in a.steps]) for a in areas] == [
        (GUIDE[q]["question"], status, [GUIDE[s]["question"] for s in steps])
        for q, status, steps in EXPECTED
    ]
    for area, (q, _, _) in zip(areas, EXPECTED, strict=True):
        assert area.modules == tuple(GUIDE[q]["modules"])


def test_each_step_says_what_to_add_in_words_and_which_exercise_helps(
    areas: list[Area],
) -> None:
    for area, (_, _, ids) in zip(areas, EXPECTED, strict=True):
        for step, q in zip(area.steps, ids, strict=True):
            assert step.add == GUIDE[q]["fix"] and step.help == GUIDE[q]["help"]
            text = step_text(step, area)
            words = _NOT_WORDS.sub(" ", step.add).split()
            assert len(words) >= 4, (q, step.add)  # more than an id or a file name
            assert f"See the guide's {GUIDE[q]['help']}." in text
            assert re.search(r"\b(exercise|module) \d", step.help), (q, step.help)
            if GUIDE[q].get("exercise"):
                assert (
                    f"(exercise {GUIDE[q]['exercise']})" in text or step.question == area.question
                )


def test_the_missing_action_plan_and_risk_register_are_named_as_the_guide_names_them(
    areas: list[Area],
) -> None:
    steps = {s.question: s for a in areas for s in a.steps}
    plan = steps["Do we have a detailed strategy action plan in place – and is it up to date?"]
    assert "action plan" in plan.add and "template 11" in plan.help
    risks = steps[GUIDE["Q59"]["question"]]
    assert "risk register" in risks.add and "template 12 (risk register)" in risks.help


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_readable_report_lists_the_areas_for_change_in_the_guides_words(
    fmt: str,
) -> None:
    report = sparse_report()
    text = render_report(report, [], fmt)
    start = text.index("Areas for change")
    after = {"markdown": "## Questions", "html": "<h2>Questions"}.get(fmt)
    end = text.index(after) if after else len(text)
    section = " ".join(text[start:end].replace("\\", "").split())
    section = re.sub(r"<[^>]+>", " ", section).replace("&#x27;", "'").replace("&amp;", "&")
    section = " ".join(section.split())
    for q, _, steps in EXPECTED:
        assert GUIDE[q]["question"] in section, (fmt, q)
        for s in steps:
            assert " ".join(GUIDE[s]["fix"].split()) in section or GUIDE[s]["fix"][1:] in section
    assert not re.search(r"\bQ\d\d\b", section)  # ids are not the guidance
    assert "found:" not in section and "engagement.stakeholders" not in section


def test_an_area_goes_once_its_gap_is_filled(tmp_path: Path) -> None:
    shutil.copytree(SPARSE / "strategy", tmp_path / "strategy")
    (tmp_path / "strategy" / "risks.yaml").write_text(
        "risks:\n"
        + "".join(
            f"  - id: R{n}\n    title: Risk {n} to the strategy\n    owner: partnership-board\n"
            f"    probability: 2\n    impact: 3\n    mitigations: [Mitigation {n}]\n"
            "    next_review: 2014-09-30\n"
            for n in (1, 2, 3)
        ),
        encoding="utf-8",
    )
    filled = [a.question for a in areas_for_change(sparse_report(tmp_path))]
    assert GUIDE["Q59"]["question"] not in filled
    assert filled == [GUIDE[q]["question"] for q, _, _ in EXPECTED if q != "Q59"]


def test_a_strategy_meeting_every_question_has_no_areas_for_change() -> None:
    report = diagnose(load_strategy(ROOT).documents, load_criteria(ROOT), dt.date(2026, 11, 24))
    assert areas_for_change(report) == []
    assert "Areas for change" not in render_report(report, [], "text")
