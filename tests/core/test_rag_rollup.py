"""The one rule for a theme's status, rolled up from its actions' (core/rag.theme_status)."""

from __future__ import annotations

import pytest

from lws.core.rag import theme_status

C, N, G, A, R = "complete", "not_yet_started", "green", "amber", "red"


@pytest.mark.parametrize(
    ("statuses", "status"),
    [
        ([C, C, C, C, N, N, N], G),  # 4 of 7 complete, the rest not yet started: under way
        ([C, N], G),
        ([G, N], G),
        ([C, G], G),
        ([G, G], G),
        ([C, C], C),  # done only when every action is
        ([N, N, N], N),  # not yet started only when no action has started
        ([C, C, C, A], A),  # a delay anywhere shows
        ([C, G, A, R], R),  # and a call for the sponsor's help shows above it
        ([N, R], R),
        ([G, "blue", None], G),  # what is not a status is not counted
        (["blue"], None),
        ([], None),
    ],
)
def test_a_themes_status_from_its_actions(statuses: list[object], status: str | None) -> None:
    assert theme_status(statuses) == status
    assert theme_status(reversed(statuses)) == status  # the order of the actions is no matter
