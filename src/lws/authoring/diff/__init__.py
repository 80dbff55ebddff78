"""What changed in a strategy between two versions, as a board or a reviewer would ask.

Pure: the loaded section documents of both versions and their diagnostic reports in, a
typed :class:`StrategyDiff` out; :func:`as_text`, :func:`as_markdown` and :func:`as_json`
render it. Items (actions, KPIs, risks, themes, diagnostic questions) are matched by id.

The diff covers the diagnostic (questions whose status changed, the overall score and the
gate), the KPIs (new, removed, and baseline, target or latest value moved or re-dated), the
actions (new, removed, newly completed, RAG, stage and due date changed), the risks (new,
closed or removed, reopened, re-rated) and the vision (statement and themes).

Every other field of every section is compared too (:mod:`.fields`): items matched by id
where they have one, each difference reported with its old and new value, unless one of
the areas above already reports it. No edit to a section's content goes unreported.

The package: :mod:`.records` (the typed diff), :mod:`.compare` (building it), :mod:`.fields`
(the field-by-field comparison), :mod:`.words` (shared wording), :mod:`.view` (the layout
both readers get), :mod:`.render` (text and Markdown) and :mod:`.data` (JSON).
"""

from __future__ import annotations

from collections.abc import Callable

from lws.authoring.diff.compare import claimed, diff_strategies, for_audiences
from lws.authoring.diff.data import JSON_VERSION, as_json, to_data
from lws.authoring.diff.fields import ID_KEYS, FieldChange, Key, compare_sections
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
from lws.authoring.diff.render import as_markdown, as_text

RENDERERS: dict[str, Callable[[StrategyDiff], str]] = {
    "text": as_text,
    "markdown": as_markdown,
    "json": as_json,
}

__all__ = [
    "ID_KEYS",
    "JSON_VERSION",
    "RENDERERS",
    "ActionChange",
    "ActionsDiff",
    "ClosedRisk",
    "CriterionChange",
    "DiagnosticDiff",
    "Edit",
    "FieldChange",
    "Key",
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
    "claimed",
    "compare_sections",
    "diff_strategies",
    "for_audiences",
    "to_data",
]
