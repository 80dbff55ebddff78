"""The last plan of each request, kept so that a rebuild with nothing changed plans nothing.

A plan is every job a request gives (each output's Markdown, key, look and the text its
audiences may not see): what loading, checking, diagnosing and rendering the strategy made.
With the same inputs it is the same plan, so ``lws build --force`` with nothing changed
converts every output again from the kept plan instead of making it again.

A plan is kept only from a build that succeeded, and used only when

* the inputs' digest is the one it was made from (:func:`lws.publish.state.inputs_digest`:
  the strategy, the trust's templates, schemas and criteria, lws's own code and data, the
  tools' versions and the request, as for the no-op), and
* each repository image it read (a logo or photo may lie outside the digested folders) has
  the bytes it had, and each chart it shows is still drawn.

Anything else (no plan, another digest, an unreadable file) plans afresh: the strategy is
loaded and checked again, so a failing check still stops the build. A plan that is no
longer the plan still says roughly how long each variant's jobs are: a clean build (no
recorded times) renders and starts its variants in that order.

A rebuild from a kept plan imports none of the planning stack (models, schemas, criteria,
Jinja, charts): :class:`~lws.publish.job.Job` and what converting one needs are light.

Plans are pickles, so they are kept in the user's private cache (:mod:`lws.core.cache`),
which only this user can write, never under the repository's ``build/``, which anyone can
commit to: what a repository supplies must not run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lws import __version__
from lws.core.atomic import write_atomically
from lws.core.cache import private_cache
from lws.publish.job import Job
from lws.publish.state import Request, unchanged_files


@dataclass(frozen=True)
class KeptPlan:
    """One request's jobs, with what they were made from."""

    inputs: str  # the inputs' digest
    images: Mapping[str, str]  # each repository image read (relative path) → its SHA-256
    jobs: Sequence[Job]
    draft: bool  # published although the diagnostic gate fails


def last_plan(root: Path, request: Request) -> KeptPlan | None:
    """The plan kept from the last successful build of this request, whatever its inputs
    (a changed strategy still has about the same jobs: a clean build orders its variants by
    them, :func:`lws.publish.build.variant_costs`)."""
    path = _path(root, request)
    if path is None:
        return None
    try:
        with path.open("rb") as file:
            kept = pickle.load(file)
    except Exception:  # no plan, or one this lws cannot read: plan afresh
        return None
    return kept if isinstance(kept, KeptPlan) else None


def still_the_plan(kept: KeptPlan, root: Path, inputs: str) -> bool:
    """Nothing the plan was made from has changed, and every chart it shows is drawn."""
    return (
        kept.inputs == inputs
        and unchanged_files(root, kept.images)
        and all((root / chart).is_file() for job in kept.jobs for chart in job.charts)
    )


def keep_plan(root: Path, request: Request, plan: KeptPlan) -> None:
    """Keep the plan of a build that succeeded, for the next build of the same request."""
    path = _path(root, request)
    if path is not None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            write_atomically(path, pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL))


def _path(root: Path, request: Request) -> Path | None:
    folder = private_cache(f"plans-{__version__}")
    if folder is None:
        return None
    name = hashlib.sha256(f"{sys.version}\0{root}\0{request.key}".encode()).hexdigest()
    return folder / f"{name[:32]}.pickle"
