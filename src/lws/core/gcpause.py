"""Python's cycle collector paused while lws builds large trees of data that hold no cycles.

Loading and validating a strategy makes hundreds of thousands of small objects (one or more
per YAML node, per Cerberus rule) that reference counting frees on its own; the collector,
which runs every 700 new objects, finds nothing in them and cost a fifth of ``lws check`` at
10,000 items even with loading and validating paused (the trees outlive those steps, so the
collector then walked them again and again, the oldest generation's full walks most of it).
A whole check therefore runs paused; by the time it resumes, the trees have been freed by
reference counting. Pausing changes nothing else: cycles made meanwhile (a few hundred
objects in a check) are collected as soon as it resumes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector for the block (nested pauses are fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
