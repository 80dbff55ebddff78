"""Typographic quotes for the text lws sets outside the Markdown body.

The body's quotes are made typographic by its converters (pandoc's smart punctuation,
Typst's smart quotes); the title, the variant's name and the trust's name reach the page
as literal metadata, the DOCX header and the slide master, so they are curled here, where
they are made, and a page's header says "Children’s" like the text under it.
"""

from __future__ import annotations

import re

_INSIDE = re.compile(r"(?<=\w)'")  # after a letter: an apostrophe (children's) or a closing quote
_OPENS = re.compile(r"(?:(?<=\s)|^)'(?=\w)")
_DOUBLE_OPENS = re.compile(r'(?:(?<=\s)|(?<=^)|(?<=[(\[]))"(?=\S)')


def curled(text: str) -> str:
    """Metadata as the body reads (pandoc's smart punctuation, Typst's smart quotes):
    typographic apostrophes and quotes, so the title and the trust's name in a page's header
    say "Children’s" like the text under them. Quotes it cannot place are left straight."""
    text = _OPENS.sub("\u2018", _INSIDE.sub("\u2019", text))
    text = _DOUBLE_OPENS.sub("\u201c", text)
    return re.sub(r'(?<=\S)"', "\u201d", text)
