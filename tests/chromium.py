"""Headless Chromium for the HTML tests: axe-core audits and computed styles at a width.

Chromium (Debian's ``chromium``) runs with ``--dump-dom``; the page under test is loaded in
an iframe exactly ``width`` pixels wide (headless windows are at least 500 px wide), with a
script that posts its findings to the harness, which writes them into the DOM Chromium
dumps. axe-core comes from ``tests/browser/node_modules`` (``npm ci --prefix tests/browser``,
done by ``.ci/run``). Without either the tests skip locally and fail under CI.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-file-access-from-files",
    "--window-size=1400,1000",
    "--virtual-time-budget=60000",
)
_RESULT = re.compile(r'<pre id="lws-result">(.*?)</pre>', re.S)

#: Runs in the page: axe-core's violations and the page's computed facts.
_PROBE = """
(async function () {
  var body = getComputedStyle(document.body);
  await document.fonts.ready;
  var root = document.documentElement;
  var clipped = Array.prototype.filter.call(
    document.querySelectorAll('main *'),
    function (el) {
      for (var up = el; up; up = up.parentElement) {  // visually hidden: not shown, not clipped
        if (getComputedStyle(up).clipPath !== 'none') { return false; }
      }
      var box = el.getBoundingClientRect();
      return box.right > root.clientWidth + 1 || el.scrollWidth > el.clientWidth + 1;
    }).map(function (el) { return el.tagName + ': ' + el.textContent.slice(0, 40); });
  var loaded = Array.from(document.fonts).filter(function (f) { return f.status === 'loaded'; })
    .map(function (f) { return f.family.replace(/"/g, ''); });
  // dates in table cells that a line break splits ('30 September' / '2025')
  var dates = new RegExp(/(?:\\b\\d{1,2}[ \\u00a0])?\\b/.source + '(?:' + ['January', 'February',
    'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November',
    'December'].join('|') + ')' + /[ \\u00a0]\\d{4}\\b/.source, 'g');
  var brokenDates = [];
  document.querySelectorAll('main td, main th').forEach(function (cell) {
    var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      for (var m of node.data.matchAll(dates)) {
        var range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        var lines = new Set(Array.from(range.getClientRects())
          .map(function (r) { return Math.round(r.bottom); }));
        if (lines.size > 1) { brokenDates.push(m[0]); }
      }
    }
  });
  // labelled cells laid out as a grid (a narrow screen's card) whose value is more than
  // one grid item: each piece of its text on a row of its own ('(' / 'CAFs' / ') rated')
  var splitCells = Array.prototype.filter.call(
    document.querySelectorAll('main td[data-label]'),
    function (cell) {
      if (getComputedStyle(cell).display !== 'grid') { return false; }
      var items = Array.prototype.filter.call(cell.childNodes, function (n) {
        return n.nodeType === 1 || (n.nodeType === 3 && n.data.trim() !== '');
      });
      return items.length > 1;
    }).map(function (cell) { return cell.textContent.slice(0, 60); });
  var out = {width: window.innerWidth, font: body.fontFamily, clipped: clipped, loaded: loaded,
             brokenDates: brokenDates, splitCells: splitCells,
             headingColour: getComputedStyle(document.querySelector('h1, h2')).color,
             overflow: root.scrollWidth - root.clientWidth};
  var r = await axe.run(document, {resultTypes: ['violations']});
  out.violations = r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(function (n) { return n.target.join(' '); })};
  });
  parent.postMessage(JSON.stringify(out), '*');
})();
"""

_HARNESS = """<!DOCTYPE html><html lang="en"><head><title>harness</title></head><body>
<iframe src="page.html" style="width:{width}px;height:900px;border:0"></iframe>
<script>
window.addEventListener('message', function (e) {{
  var pre = document.createElement('pre'); pre.id = 'lws-result';
  pre.textContent = e.data; document.body.appendChild(pre);
}});
</script></body></html>"""


def chromium() -> str:
    """The Chromium binary; skip (fail under CI) when it or axe-core is missing."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    missing = [name for name, ok in (("chromium", binary), ("axe-core", AXE.is_file())) if not ok]
    if missing:
        message = f"{' and '.join(missing)} not installed (see .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert binary is not None
    return binary


def probe(page: Path, width: int) -> dict[str, Any]:
    """Load ``page`` at ``width`` CSS pixels; axe-core violations and computed facts."""
    binary = chromium()
    with tempfile.TemporaryDirectory(prefix="lws-chromium-") as scratch:
        work = Path(scratch)
        script = f"<script>{AXE.read_text(encoding='utf-8')}</script><script>{_PROBE}</script>"
        text = page.read_text(encoding="utf-8")
        (work / "page.html").write_text(text.replace("</body>", script + "</body>"), "utf-8")
        (work / "harness.html").write_text(_HARNESS.format(width=width), encoding="utf-8")
        profile = work / "profile"
        done = subprocess.run(
            [
                binary,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--dump-dom",
                (work / "harness.html").as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    found = _RESULT.search(done.stdout)
    assert found, f"Chromium gave no result for {page.name} at {width}px:\n{done.stderr[-2000:]}"
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return result
