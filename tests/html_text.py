"""The text of an HTML output as a reader gets it, for tests that read outputs back."""

from __future__ import annotations

from html.parser import HTMLParser


class HtmlText(HTMLParser):
    """An HTML page's text (not its styles or scripts), and the values of ``attributes``
    (e.g. ``alt``: what a screen reader reads too) where they occur."""

    def __init__(self, attributes: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._attributes = attributes
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("style", "script")
        self.parts += [v or "" for k, v in attrs if k in self._attributes]

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)
