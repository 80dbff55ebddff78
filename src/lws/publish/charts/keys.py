"""Every chart by name, and the key of its inputs that lets the build skip an unchanged chart."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any, Final

from lws.publish.charts.comparison import (
    kpi_trends,
    kpi_trends_text,
    national_comparison,
    national_comparison_text,
)
from lws.publish.charts.diagnostic import diagnostic_by_module, diagnostic_by_module_text
from lws.publish.charts.impact import impact_matrix, impact_matrix_text
from lws.publish.charts.prioritisation import prioritisation_matrix, prioritisation_matrix_text
from lws.publish.charts.rag import rag_by_theme, rag_by_theme_text
from lws.publish.charts.risks import risk_heat_map, risk_heat_map_text
from lws.publish.charts.svg import CHARTS_VERSION, Chart, ChartText
from lws.publish.charts.trend import strategy_trend, strategy_trend_text

# -- caching ----------------------------------------------------------------------------------

#: Every chart by the name the build uses for it.
CHARTS: Final[Mapping[str, Callable[..., Chart]]] = {
    "prioritisation_matrix": prioritisation_matrix,
    "risk_heat_map": risk_heat_map,
    "rag_by_theme": rag_by_theme,
    "impact_matrix": impact_matrix,
    "diagnostic_by_module": diagnostic_by_module,
    "strategy_trend": strategy_trend,
    "national_comparison": national_comparison,
    "kpi_trends": kpi_trends,
}

#: Every chart's alt text and caption by the same name, worked out without drawing: the
#: Markdown that shows a chart can be rendered while the chart is still being drawn.
TEXTS: Final[Mapping[str, Callable[..., ChartText]]] = {
    "prioritisation_matrix": prioritisation_matrix_text,
    "risk_heat_map": risk_heat_map_text,
    "rag_by_theme": rag_by_theme_text,
    "impact_matrix": impact_matrix_text,
    "diagnostic_by_module": diagnostic_by_module_text,
    "strategy_trend": strategy_trend_text,
    "national_comparison": national_comparison_text,
    "kpi_trends": kpi_trends_text,
}


def _canonical(value: object) -> Any:
    """Inputs as JSON-able data with a single spelling, for hashing."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return {"float": repr(value)}
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: _canonical(getattr(value, f.name)) for f in fields(value)}
        return {"type": type(value).__name__, "fields": data}
    if isinstance(value, Mapping):
        items = sorted((str(k), _canonical(v)) for k, v in value.items())
        return {"mapping": items}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    raise TypeError(f"chart_key cannot hash a {type(value).__name__}")


@cache
def _version(package: str) -> str:
    """An installed package's version, read without importing it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "absent"


def chart_key(chart: str, /, *args: object, **kwargs: object) -> str:
    """A stable hash of a chart's inputs: equal keys mean identical SVG bytes.

    Call it with the same arguments as the chart, e.g.
    ``chart_key("risk_heat_map", risks, caption=None)``; it also covers
    :data:`CHARTS_VERSION` and the matplotlib and fontTools versions, and imports nothing
    heavy, so the build can skip an unchanged chart without importing matplotlib.
    """
    if chart not in CHARTS:
        raise ValueError(f"unknown chart {chart!r}; expected one of {sorted(CHARTS)}")
    payload = {
        "chart": chart,
        "version": CHARTS_VERSION,
        "matplotlib": _version("matplotlib"),
        "fonttools": _version("fonttools"),  # the glyph outlines of charts drawn by .draw
        "args": _canonical(list(args)),
        "kwargs": _canonical(dict(kwargs)),
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()
