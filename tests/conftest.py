"""Shared fixtures: the repository root, the bundled example, scratch projects, golden files.

``pytest --update-golden`` rewrites the golden files (``tests/golden/``) and the corpus's
``expected.txt`` files from what lws prints now, instead of comparing with them; review
the diff (``git diff tests/``) before committing it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests import mutation_selection
from tests.fuzzing import FUZZ_PROFILE

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "strategy"
GOLDEN = ROOT / "tests" / "golden"

Golden = Callable[[str, str], None]

# Property tests run with hypothesis's usual 100 examples; `nox -s fuzz` chooses the profile
# "fuzz" for the tests marked `fuzz`: LWS_FUZZ_EXAMPLES (default 10,000), of which each test
# takes its share (tests/fuzzing.py).
settings.register_profile(
    FUZZ_PROFILE,
    max_examples=int(os.environ.get("LWS_FUZZ_EXAMPLES", "10000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    print_blob=True,
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ and the corpus's expected.txt from lws's output now",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mutation_selection.select(config, items)  # only under nox -s mutate


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def golden(update_golden: bool) -> Golden:
    """Compare a text with ``tests/golden/NAME`` (or rewrite it under --update-golden)."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update_golden:
            path.write_bytes(text.encode("utf-8"))
            return
        if not path.is_file():
            pytest.fail(f"no golden file {path}: run pytest --update-golden and review it")
        assert text == path.read_bytes().decode("utf-8"), (
            f"{name} differs from its golden file; if the change is intended, run "
            "pytest --update-golden and review the diff"
        )

    return check


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the bundled example project (strategy only) in a temporary directory."""
    shutil.copytree(EXAMPLE, tmp_path / "strategy")
    return tmp_path


@pytest.fixture
def write(project: Path) -> Callable[[str, str], Path]:
    """Write a section file of the scratch project."""

    def _write(name: str, text: str) -> Path:
        path = project / "strategy" / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """lws's user cache (compiled templates, parsed packaged files) lives in the session's
    temporary directory, so tests never read or write the real ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield
