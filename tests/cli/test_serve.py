"""``lws serve`` in headless Chromium: an edit appears without a manual reload, and the
problems ``lws check`` finds are shown on the page."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from lws.authoring.preview import PANEL_ID, State, page, panel
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import EXIT_INTERRUPTED
from tests.cli.cdp import Browser
from tests.cli.run import copy_example, interruptible

OLD, NEW = "Recruiting and retaining", "Recruiting and keeping"


def test_page_gets_the_panel_and_the_script_and_escapes_problems() -> None:
    hostile = Diagnostic(
        "strategy/vision.yaml", 3, 5, Severity.ERROR, ("statement",), "<script>x</script>"
    )
    shown = page("<html><body class='x'><main>hi</main></body></html>", State(7, [hostile]))
    assert shown.index(f'id="{PANEL_ID}"') < shown.index("<main>")
    assert "&lt;script&gt;x&lt;/script&gt;" in shown and "<script>x</script>" not in shown
    assert shown.endswith('data-version="7" defer></script></body></html>')
    assert panel([]) == ""


class Serve:
    """``lws serve`` in a process of its own, its standard error read line by line."""

    def __init__(self, project: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lws", "serve", str(project), "leaflet", "--port", "0",
             "--today", "2026-11-24", "--interval", "0.2"],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1795478400", "NO_COLOR": "1"},
            preexec_fn=interruptible,
        )  # fmt: skip
        self.url = ""
        line = self.wait_for("page(s) ready")
        assert self.url, line

    def wait_for(self, text: str, timeout: float = 120) -> str:
        assert self.process.stderr is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                raise AssertionError(f"lws serve ended (exit {self.process.poll()})")
            found = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if found:
                self.url = found.group(0)
            if text in line:
                return line
        raise AssertionError(f"lws serve never said {text!r}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(30)
        assert self.process.stderr is not None
        self.process.stderr.close()
        return code


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, Serve]]:
    project = copy_example(tmp_path / "trust")
    serve = Serve(project)
    try:
        yield project, serve
    finally:
        if serve.process.poll() is None:
            serve.process.kill()
            serve.process.wait()


def eventually(check: Callable[[], Any], what: str, timeout: float = 90) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not seen in {timeout:.0f} s: {what}")


def test_only_this_machine_and_only_build_files(served: tuple[Path, Serve]) -> None:
    _, serve = served
    assert serve.url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(serve.url + "__lws__/state") as reply:
        assert b'"pages": ["leaflet.html"]' in reply.read()
    for path in ("%2e%2e/strategy/vision.yaml", "../strategy/vision.yaml", "nope.html"):
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(serve.url + path)
        assert caught.value.code == 404
        caught.value.close()
    assert serve.stop() == EXIT_INTERRUPTED


def test_an_edit_appears_in_the_browser_without_a_reload(
    served: tuple[Path, Serve], tmp_path: Path
) -> None:
    project, serve = served
    browser = Browser(serve.url + "leaflet.html")
    try:
        text = "document.body ? document.body.innerText : ''"
        eventually(lambda: OLD in (browser.evaluate(text) or ""), "the leaflet")
        browser.evaluate("window.lwsNotReloaded = true")

        vision = project / "strategy" / "vision.yaml"
        original = vision.read_text(encoding="utf-8")
        vision.write_text(original.replace(OLD, NEW), encoding="utf-8")
        eventually(lambda: NEW in (browser.evaluate(text) or ""), "the edit in the page")
        assert browser.evaluate("window.lwsNotReloaded === true") is False  # the page reloaded
        assert browser.evaluate(f"document.getElementById('{PANEL_ID}') === null") is True

        risks = project / "strategy" / "risks.yaml"
        good = risks.read_text(encoding="utf-8")
        risks.write_text(good + "risks: [1]\n", encoding="utf-8")
        problems = f"(document.getElementById('{PANEL_ID}') || {{innerText: ''}}).innerText"
        shown = eventually(
            lambda: (
                "strategy/risks.yaml" in (browser.evaluate(problems) or "")
                and browser.evaluate(problems)
            ),
            "the problem on the page",
        )
        assert "error" in shown and "duplicate" in shown.lower()
        assert NEW in browser.evaluate(text)  # the last good page stays, under the panel

        risks.write_text(good, encoding="utf-8")
        eventually(
            lambda: browser.evaluate(f"document.getElementById('{PANEL_ID}') === null") is True,
            "the panel gone once the error is fixed",
        )
    finally:
        browser.close()
    assert serve.stop() == EXIT_INTERRUPTED
