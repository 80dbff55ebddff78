"""One output to produce, as planned (:mod:`lws.publish.jobs`) and converted
(:mod:`lws.publish.conversion`).

Light to import on purpose: a rebuild from a kept plan (:mod:`lws.publish.plans`) reads its
jobs and converts them without loading the stages that planned them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lws.core.errors import LwsError
from lws.publish.leaks import Fingerprint
from lws.publish.variant import Variant

__all__ = ["EXTENSIONS", "GateError", "Job"]

EXTENSIONS = {"html": "html", "docx": "docx", "pdf": "pdf", "pptx": "pptx"}


@dataclass(frozen=True)
class Job:
    """One output to produce: a variant in a format, from its rendered Markdown."""

    variant: Variant
    fmt: str
    markdown: str
    title: str
    brand: Mapping[str, Any]
    key: str
    output: Path
    glossary: Mapping[str, str] = field(default_factory=dict)  # acronyms spelt out at first use
    fingerprints: tuple[Fingerprint, ...] = ()  # text of the items its audiences may not see
    as_at: str = ""  # the day it is judged as at, as printed: its date (default: the epoch's)
    images: tuple[str, ...] = ()  # the repository images (signature, leaflet) it may show
    charts: tuple[str, ...] = ()  # the chart files it shows (waited for before converting)


class GateError(LwsError):
    """The diagnostic gate fails: nothing is published unless a draft is asked for."""
