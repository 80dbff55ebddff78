"""``lws build``: the one orchestrator. Gather everything, then write.

1. Load and check the strategy; refuse to publish a strategy with errors.
2. For each variant its audiences ask for: filter the data to what those audiences may
   see, compute the context, draw the charts, render the Markdown (pure).
3. Convert each (variant, format) through Pandoc (and Typst for PDF), in parallel.
4. Write each output atomically under ``build/``; skip outputs whose inputs are unchanged.

Builds are reproducible: the date shown in outputs and embedded by the converters comes
from ``SOURCE_DATE_EPOCH``, defaulting to the time of the last git commit.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lws.audience import Variant
from lws.diagnostics import Diagnostic

BUILD_DIR = "build"
STATE_FILE = ".lws-build.json"
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


@dataclass
class BuildResult:
    built: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def source_date(root: Path, environ: Mapping[str, str] = os.environ) -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's time, else the newest source file."""
    if environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return int(out.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    sources = list((root / "strategy").glob("*.yaml"))
    return int(max((p.stat().st_mtime for p in sources), default=0))
