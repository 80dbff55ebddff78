"""``lws explain``: what reaches each audience, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from lws.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def explain(capsys: pytest.CaptureFixture[str], variant: str) -> tuple[int, str]:
    code = main(["explain", variant, "--project", str(ROOT)])
    return code, capsys.readouterr().out


def test_leaflet(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = explain(capsys, "leaflet")
    assert code == 0
    assert out.startswith("leaflet: Staff leaflet (html, docx, pdf)\nMade for: children-families")
    assert "  vision           The vision — through leaflet_themes, sections.vision" in out
    assert "  quotes           Quotes — through leaflet_quote" in out  # its quote comes from there
    assert "  risks            Risk register\n" in out  # left out: the template does not use it
    assert "withheld strategy/risks.yaml:88 risks[7] R8: for board; this variant is for" in out


def test_board_shows_its_own_items(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = explain(capsys, "board")
    assert "shown    strategy/risks.yaml:88 risks[7] R8: for board" in out
    assert "  risks            Risk register — through" in out


def test_unknown_variant(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "poster", "--project", str(ROOT)]) == 2
    assert "no variant named 'poster'" in capsys.readouterr().err
