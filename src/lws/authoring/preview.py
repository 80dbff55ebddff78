"""``lws serve``'s pages: the built HTML variants with live reload and ``lws check``'s problems.

Pure functions of text and state: :func:`page` adds to a built page a panel of the current
problems (when there are any) and a script that reloads the page when the preview's version
moves on; :func:`index` lists the variants. The HTTP server and the watching live in
:mod:`lws.cli.serve`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from lws.core.diagnostics import Diagnostic, Severity

PREFIX = "/__lws__/"
LIVE_JS_PATH = PREFIX + "live.js"
STATE_PATH = PREFIX + "state"
PANEL_ID = "lws-serve-problems"

#: Polls the preview's state; reloads the page when its version changes. Served from the
#: preview's own origin, so it runs under a page's ``script-src 'self'`` policy too.
LIVE_JS = """(function () {
  var script = document.currentScript;
  var version = script ? script.getAttribute('data-version') : null;
  function poll() {
    fetch('STATE_PATH', {cache: 'no-store'})
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (version !== null && String(state.version) !== version) {
          window.location.reload();
          return;
        }
        setTimeout(poll, 400);
      })
      .catch(function () { setTimeout(poll, 1000); });  // the preview was restarted
  }
  poll();
})();
""".replace("STATE_PATH", STATE_PATH)

_PANEL_STYLE = (
    "position:sticky;top:0;z-index:2147483647;margin:0;padding:.6rem 1rem;"
    "background:#fff4e5;color:#1b1b1b;border-bottom:3px solid #b3261e;"
    "font:14px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
    "max-height:40vh;overflow:auto;white-space:pre-wrap"
)


@dataclass
class State:
    """What the preview shows: a version that moves on after each rebuild, and the problems."""

    version: int = 0
    problems: list[Diagnostic] = field(default_factory=list)
    building: bool = True
    pages: list[str] = field(default_factory=list)  # built HTML files, e.g. leaflet.html

    def as_json(self) -> str:
        errors = sum(d.severity is Severity.ERROR for d in self.problems)
        return json.dumps(
            {
                "version": self.version,
                "building": self.building,
                "errors": errors,
                "warnings": len(self.problems) - errors,
                "problems": [d.format() for d in self.problems],
                "pages": self.pages,
            }
        )


def panel(problems: Sequence[Diagnostic]) -> str:
    """The problems as an HTML panel (empty when there are none)."""
    if not problems:
        return ""
    errors = sum(d.severity is Severity.ERROR for d in problems)
    warnings = len(problems) - errors
    head = (
        f"lws check: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    )
    if errors:
        head += " — this page is the last one built without errors"
    items = "".join(f"<li>{html.escape(d.format())}</li>" for d in problems)
    return (
        f'<aside id="{PANEL_ID}" role="status" aria-live="polite" aria-label="lws check" '
        f'style="{_PANEL_STYLE}"><strong>{html.escape(head)}</strong>'
        f'<ul style="margin:.4rem 0 0;padding-left:1.2rem">{items}</ul></aside>'
    )


def _script(version: int) -> str:
    return f'<script src="{LIVE_JS_PATH}" data-version="{version}" defer></script>'


def page(text: str, state: State) -> str:
    """A built page with the problems panel after ``<body…>`` and the live-reload script."""
    addition = panel(state.problems)
    body = text.find("<body")
    if body >= 0 and addition:
        end = text.find(">", body)
        text = text[: end + 1] + addition + text[end + 1 :]
    script = _script(state.version)
    close = text.rfind("</body>")
    return text[:close] + script + text[close:] if close >= 0 else text + script


def index(state: State, title: str) -> str:
    """The preview's home page: the variants built, and the problems."""
    links = "".join(
        f'<li><a href="/{html.escape(name)}">{html.escape(name.removesuffix(".html"))}</a></li>'
        for name in state.pages
    )
    if state.building and not state.pages:
        body = "<p>Building the variants…</p>"
    else:
        body = f"<ul>{links}</ul>" if links else "<p>No variant is published as HTML.</p>"
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} — lws serve</title></head><body>"
        f"<main><h1>{html.escape(title)}</h1><p>Live preview: each page is rebuilt when a "
        f"file is saved, and reloads itself.</p>{body}</main></body></html>\n"
    )
