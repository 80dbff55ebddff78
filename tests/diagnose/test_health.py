"""Health checks on a sparse, partly kept strategy: each finding located at its item."""

from __future__ import annotations

import datetime as dt

from lws.diagnose.health import health_checks
from lws.model.load import load_bytes

TODAY = dt.date(2026, 11, 24)

ACTIONS = b"""\
actions:
  - id: A1
    title: Careers site
    rag: red
    due: 2026-06-30
  - id: A2
    title: Induction
    responsible: wfd-lead
    accountable: dcs
    rag: complete
    due: 2026-01-31
  - id: A3
    title: Helpline
    responsible: wfd-lead
    accountable: dcs
    rag: red
    comments: Sponsor asked to fund the coordinator post
"""
RISKS = b"""\
risks:
  - id: R1
    title: Pay
    probability: 3
    impact: 5
    next_review: 2026-10-01
  - id: R2
    title: Not yet rated
  - id: R3
    title: Closed high risk
    probability: 5
    impact: 5
    status: closed
    next_review: 2026-01-01
  - id: R4
    title: Mitigated
    probability: 4
    impact: 4
    mitigations: [Phase the caseload limit]
"""
MEASURES = b"""\
kpis:
  - id: K1
    title: Vacancies
    latest: {value: 18.9, date: 2026-09-30}
  - id: K2
    title: Stale
    latest: {value: 3, date: 2025-01-31}
  - id: K3
    title: Never recorded
"""
SCOPE = b"""\
charter:
  milestones:
    - title: Charter agreed
      date: 2025-06-12
      done: true
    - title: Workshops held
      date: 2026-03-01
"""


def test_every_finding_of_a_sparse_strategy_at_its_line() -> None:
    documents = {
        "actions": load_bytes(ACTIONS, "strategy/actions.yaml"),
        "risks": load_bytes(RISKS, "strategy/risks.yaml"),
        "measures": load_bytes(MEASURES, "strategy/measures.yaml"),
        "scope": load_bytes(SCOPE, "strategy/scope.yaml"),
    }
    # sorted as diagnostics sort: file, line, column, then message
    found = [(d.file, d.line, d.dotted_path, d.message) for d in health_checks(documents, TODAY)]
    assert found == [
        ("strategy/actions.yaml", 2, "actions[0]", "action 'A1' has no accountable person"),
        ("strategy/actions.yaml", 2, "actions[0]", "action 'A1' has no responsible person"),
        (
            "strategy/actions.yaml",
            2,
            "actions[0]",
            "action 'A1' is red with no comment on what is being done",
        ),
        (
            "strategy/actions.yaml",
            2,
            "actions[0]",
            "action 'A1' was due on 2026-06-30 and is not complete",
        ),
        (
            "strategy/measures.yaml",
            5,
            "kpis[1]",
            "KPI 'K2' has no value in the last 6 months (last recorded 2025-01-31)",
        ),
        (
            "strategy/measures.yaml",
            8,
            "kpis[2]",
            "KPI 'K3' has no value in the last 6 months (no value recorded)",
        ),
        (
            "strategy/risks.yaml",
            2,
            "risks[0]",
            "high risk 'R1' (score 15) has no mitigating action",
        ),
        ("strategy/risks.yaml", 2, "risks[0]", "risk 'R1' was due for review on 2026-10-01"),
        (
            "strategy/scope.yaml",
            6,
            "charter.milestones[1]",
            "milestone 'Workshops held' was due on 2026-03-01 and is not done",
        ),
    ]


def test_the_stale_limit_comes_from_the_diagnostic_settings() -> None:
    documents = {
        "measures": load_bytes(MEASURES, "strategy/measures.yaml"),
        "diagnostic": load_bytes(b"health:\n  kpi_stale_months: 36\n", "strategy/diagnostic.yaml"),
    }
    messages = [d.message for d in health_checks(documents, TODAY)]
    assert messages == ["KPI 'K3' has no value in the last 36 months (no value recorded)"]
