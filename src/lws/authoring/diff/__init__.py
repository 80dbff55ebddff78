"""What changed in a strategy between two versions, as a board or a reviewer would ask.

Pure: the loaded section documents of both versions and their diagnostic reports in, a
typed :class:`StrategyDiff` out; :func:`as_text`, :func:`as_markdown` and :func:`as_json`
render it. Items (actions, KPIs, risks, themes, diagnostic questions) are matched by id.

The diff covers the diagnostic (questions whose status changed, the overall score and the
gate), the KPIs (new, removed, and baseline, target or latest value moved or re-dated), the
actions (new, removed, newly completed, RAG, stage and due date changed), the risks (new,
closed or removed, reopened, re-rated) and the vision (statement and themes).

The package: :mod:`.records` (the typed diff), :mod:`.compare` (building it),
:mod:`.words` (shared wording) and one module per rendering (:mod:`.text`,
:mod:`.markdown`, :mod:`.data` for JSON).
"""

from __future__ import annotations

from collections.abc import Callable

from lws.authoring.diff.compare import diff_strategies
from lws.authoring.diff.data import JSON_VERSION, as_json, to_data
from lws.authoring.diff.markdown import as_markdown
from lws.authoring.diff.records import (
    ActionChange,
    ActionsDiff,
    ClosedRisk,
    CriterionChange,
    DiagnosticDiff,
    Edit,
    KpiChange,
    KpisDiff,
    Move,
    RiskChange,
    RisksDiff,
    StatementChange,
    StrategyDiff,
    ThemeRename,
    VisionDiff,
)
from lws.authoring.diff.text import as_text

RENDERERS: dict[str, Callable[[StrategyDiff], str]] = {
    "text": as_text,
    "markdown": as_markdown,
    "json": as_json,
}

__all__ = [
    "JSON_VERSION",
    "RENDERERS",
    "ActionChange",
    "ActionsDiff",
    "ClosedRisk",
    "CriterionChange",
    "DiagnosticDiff",
    "Edit",
    "KpiChange",
    "KpisDiff",
    "Move",
    "RiskChange",
    "RisksDiff",
    "StatementChange",
    "StrategyDiff",
    "ThemeRename",
    "VisionDiff",
    "as_json",
    "as_markdown",
    "as_text",
    "diff_strategies",
    "to_data",
]
