"""A published variant: its name, template, formats and audiences (a module of its own, light
to import: each planned job carries its variant, and a kept plan is read without the stages
that made it; :mod:`lws.publish.audience` loads variants)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Variant"]


@dataclass(frozen=True)
class Variant:
    """One published output for one set of audiences."""

    name: str
    title: str
    template: str
    formats: tuple[str, ...]
    audiences: frozenset[str]
    description: str = ""
    max_pages: int | None = None
    #: Print the diagnostic's score (the trust's choice); otherwise only the gaps it finds.
    show_score: bool = False
    #: Show the guide's question and exercise numbers (every audience of it asks for them).
    guide_references: bool = False

    def as_context(self) -> dict[str, Any]:
        """What templates see of the variant (``variant.name``, ``.title``, ``.show_score``,
        ``.guide_references``)."""
        return {
            "name": self.name,
            "title": self.title,
            "show_score": self.show_score,
            "guide_references": self.guide_references,
        }
