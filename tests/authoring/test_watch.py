"""``lws watch``: a saved file triggers a check and an incremental rebuild."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from lws.authoring.watch import changes, snapshot, watch
from lws.cli import watch as watch_command
from lws.cli.main import parse

ROOT = Path(__file__).resolve().parents[2]


def test_snapshot_and_changes(tmp_path: Path) -> None:
    (tmp_path / "strategy").mkdir()
    path = tmp_path / "strategy" / "risks.yaml"
    path.write_text("risks: []\n")
    before = snapshot(tmp_path)
    path.write_text("risks: []\n# edited\n")
    (tmp_path / "strategy" / "new.yaml").write_text("x: 1\n")
    assert changes(before, snapshot(tmp_path)) == ["strategy/new.yaml", "strategy/risks.yaml"]


def test_watch_calls_back_on_save_and_stops(tmp_path: Path) -> None:
    (tmp_path / "strategy").mkdir()
    seen: list[list[str]] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=watch, args=(tmp_path, seen.append), kwargs={"interval": 0.05, "stop": stop}
    )
    thread.start()
    time.sleep(0.2)
    (tmp_path / "strategy" / "vision.yaml").write_text("statement: x\n")
    deadline = time.monotonic() + 5
    while not seen and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(5)
    assert seen == [["strategy/vision.yaml"]]


def test_watch_command_rebuilds_the_changed_variant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795478400")
    shutil.copytree(ROOT / "strategy", tmp_path / "strategy")
    shutil.copytree(ROOT / "templates" / "assets", tmp_path / "templates" / "assets")
    stop = threading.Event()
    args = parse(["watch", str(tmp_path), "leaflet", "--interval", "0.05", "--today", "2026-11-24"])
    thread = threading.Thread(target=watch_command.run, args=(args, stop))
    thread.start()
    leaflet = tmp_path / "build" / "leaflet.html"
    try:
        deadline = time.monotonic() + 60
        while not leaflet.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        before = leaflet.read_text()
        vision = tmp_path / "strategy" / "vision.yaml"
        text = vision.read_text().replace("Recruiting and retaining", "Recruiting and keeping")
        vision.write_text(text)
        while "Recruiting and keeping" not in leaflet.read_text():
            assert time.monotonic() < deadline, "the leaflet was not rebuilt"
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join(30)
    assert "lws watch: changed: strategy/vision.yaml" in capsys.readouterr().err
    assert before != leaflet.read_text()
