"""What a subcommand needs installed beyond lws's light core.

Validating and diagnosing need only the core (``pip install lws-strategy``); publishing
needs Pandoc, Typst, matplotlib and the font, which ``pip install 'lws-strategy[publish]'``
brings. A subcommand that publishes says so plainly when they are missing, before it starts.
"""

from __future__ import annotations

from importlib.util import find_spec

from lws.core.errors import UsageError

#: import name → the distribution that provides it (all in the ``publish`` extra)
PUBLISHING = {
    "matplotlib": "matplotlib",
    "pypandoc": "pypandoc-binary",
    "typst": "typst",
    "pypdf": "pypdf",
    "fontpkg_atkinson_hyperlegible": "fontpkg-atkinson-hyperlegible",
}
INSTALL_PUBLISHING = "python -m pip install 'lws-strategy[publish]'"


class MissingPublishingError(UsageError):
    """A publishing subcommand run where only the light core of lws is installed."""


def missing_publishing() -> list[str]:
    """The distributions of the ``publish`` extra that are not installed."""
    return [dist for module, dist in PUBLISHING.items() if find_spec(module) is None]


def require_publishing(command: str) -> None:
    """Raise :class:`MissingPublishingError` unless everything publishing needs is there."""
    missing = missing_publishing()
    if missing:
        raise MissingPublishingError(
            f"lws {command} publishes the strategy, which needs Pandoc, Typst and "
            f"matplotlib; not installed here: {', '.join(missing)}",
            hint=f"install lws with its publishing tools: {INSTALL_PUBLISHING}",
        )
