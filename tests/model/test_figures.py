"""Figures in the strategy: written as people write them, never silently changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lws.core.diagnostics import Severity
from lws.diagnose.check import check_project
from lws.model.domain import from_documents
from lws.model.project import load_strategy

TODAY = dt.date(2026, 12, 1)


def _target(project: Path, text: str) -> None:
    measures = project / "strategy" / "measures.yaml"
    source = measures.read_text(encoding="utf-8")
    assert "      value: 12\n" in source
    measures.write_text(source.replace("      value: 12\n", f"      value: {text}\n", 1))


@pytest.mark.parametrize("text", ["'80:20'", "'~700'", "'more than 40'", "'not available'"])
def test_a_figure_in_words_passes_and_keeps_its_words(project: Path, text: str) -> None:
    _target(project, text)
    assert [d for d in check_project(project, TODAY) if d.severity is Severity.ERROR] == []
    model = from_documents(load_strategy(project).documents)
    (point,) = [k.target for k in model.kpis if k.target and k.target.value_text]
    assert point.value_text == text.strip("'")


def test_an_unquoted_ratio_is_one_located_error_not_4820(project: Path) -> None:
    _target(project, "80:20")
    errors = [d for d in check_project(project, TODAY) if d.severity is Severity.ERROR]
    assert [(d.file, d.message) for d in errors] == [
        (
            "strategy/measures.yaml",
            "80:20 was read by YAML 1.1 as the base-60 number 4820, not as written",
        )
    ]


def test_words_lws_cannot_read_a_number_from_say_how_to_write_a_figure(project: Path) -> None:
    _target(project, "seven")
    (error,) = [d for d in check_project(project, TODAY) if d.severity is Severity.ERROR]
    assert error.message == 'text "seven" is not a figure lws can read'
    assert "'£950,400', '80:20'" in error.hint and "as_written" in error.hint
