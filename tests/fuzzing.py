"""How many examples a property test marked ``fuzz`` tries.

In the normal run, a small fixed number (a smoke test: the harness must keep working);
under ``nox -s fuzz`` (the hypothesis profile "fuzz", ``tests/conftest.py``), its share of
``LWS_FUZZ_EXAMPLES`` (default 10,000).
"""

from __future__ import annotations

from hypothesis import settings

FUZZ_PROFILE = "fuzz"


def examples(smoke: int, share: float = 1.0) -> int:
    """``smoke`` examples normally; ``share`` × the profile's examples when fuzzing."""
    if settings.get_current_profile_name() != FUZZ_PROFILE:
        return smoke
    return max(1, round(settings().max_examples * share))
