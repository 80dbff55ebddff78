"""Headless Chromium driven over the DevTools protocol on a pipe (no extra package).

``--remote-debugging-pipe`` makes Chromium read commands from file descriptor 3 and write
replies and events to 4, each a JSON message ended by a NUL byte. This is enough to open a
page and read its DOM as it changes, as a person watching the page would see it.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
)


def chromium_binary() -> str:
    """Debian's Chromium; skip (fail under CI, where .ci/run installs it) when missing."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (see .ci/run)")
        pytest.skip("chromium is not installed")
    return binary


class Browser:
    """One headless Chromium with one page, attached over the pipe."""

    def __init__(self, url: str) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="lws-cdp-")
        to_chromium_r, self._to_chromium = os.pipe()
        self._from_chromium, from_chromium_w = os.pipe()
        command = (
            f'exec "$0" "$@" 3<&{to_chromium_r} 4>&{from_chromium_w} '
            f"{to_chromium_r}<&- {from_chromium_w}>&-"
        )
        self.process = subprocess.Popen(
            [
                "bash",
                "-c",
                command,
                chromium_binary(),
                *FLAGS,
                f"--user-data-dir={Path(self._profile.name) / 'profile'}",
                "about:blank",
            ],
            pass_fds=(to_chromium_r, from_chromium_w),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chromium_r)
        os.close(from_chromium_w)
        self._buffer = b""
        self._next = 0
        target = self.call("Target.createTarget", url=url)["targetId"]
        self._session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait (at most 30 s) for its reply."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_chromium, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 30
        while True:
            for reply in self._messages(deadline):
                if reply.get("id") == self._next:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    result: dict[str, Any] = reply.get("result", {})
                    return result

    def _messages(self, deadline: float) -> list[dict[str, Any]]:
        wait = deadline - time.monotonic()
        if wait <= 0:
            raise TimeoutError("Chromium did not answer")
        ready, _, _ = select.select([self._from_chromium], [], [], wait)
        if ready:
            chunk = os.read(self._from_chromium, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        *complete, self._buffer = self._buffer.split(b"\0")
        return [json.loads(part) for part in complete if part]

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (``None`` while it is loading)."""
        found = self.call(
            "Runtime.evaluate", self._session, expression=expression, returnByValue=True
        )
        return found.get("result", {}).get("value")

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_chromium)
        os.close(self._from_chromium)
        self._profile.cleanup()
