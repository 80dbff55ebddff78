"""The one family of user errors: exit status per kind, located and unlocated reports."""

from __future__ import annotations

import pytest

from lws.authoring.gitrev import RevisionError
from lws.authoring.workforce_import import ImportUsageError
from lws.convert.pandoc import ConversionError
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import EXIT_PROBLEMS, EXIT_USAGE, Location, LwsError, UsageError
from lws.model.project import NotAProjectError


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (LwsError, EXIT_PROBLEMS),
        (ConversionError, EXIT_PROBLEMS),
        (UsageError, EXIT_USAGE),
        (NotAProjectError, EXIT_USAGE),
        (RevisionError, EXIT_USAGE),
        (ImportUsageError, EXIT_USAGE),
    ],
)
def test_every_user_error_is_an_lws_error_with_its_exit_status(
    kind: type[LwsError], status: int
) -> None:
    error = kind("something is wrong")
    assert isinstance(error, LwsError)
    assert error.exit_code == status
    assert str(error) == "something is wrong"
    assert error.report() == ["lws: error: something is wrong"]


def test_the_exit_statuses_are_distinct() -> None:
    from lws.core import errors

    codes = {name: value for name, value in vars(errors).items() if name.startswith("EXIT_")}
    assert codes == {
        "EXIT_OK": 0,
        "EXIT_PROBLEMS": 1,
        "EXIT_USAGE": 2,
        "EXIT_BUG": 3,
        "EXIT_INTERRUPTED": 130,
    }


def test_a_located_message_reports_as_a_diagnostic_with_its_hint() -> None:
    error = UsageError(
        "no variant named 'poster'",
        location=Location("strategy/publication.yaml", 7, 12),
        path=("audiences", 0, "variants", 1),
        hint="variants are: leaflet, board",
    )
    (diagnostic,) = error.diagnostics
    assert diagnostic == Diagnostic(
        "strategy/publication.yaml",
        7,
        12,
        Severity.ERROR,
        ("audiences", 0, "variants", 1),
        "no variant named 'poster'",
        "variants are: leaflet, board",
    )
    assert error.report() == [
        "strategy/publication.yaml:7:12: error: audiences[0].variants[1]: no variant named "
        "'poster'\n  hint: variants are: leaflet, board"
    ]
    assert error.exit_code == EXIT_USAGE


def test_an_unlocated_message_keeps_its_hint() -> None:
    error = LwsError("the file is too big", hint="split it")
    assert error.diagnostics == [] and error.location is None
    assert error.report() == ["lws: error: the file is too big\n  hint: split it"]


def test_many_diagnostics_report_one_line_each_and_the_first_is_the_location() -> None:
    first = Diagnostic("a.yaml", 2, 3, Severity.ERROR, (), "bad", "fix it")
    second = Diagnostic("b.yaml", 4, 1, Severity.ERROR, ("k",), "worse")
    error = LwsError([first, second])
    assert error.report() == [
        "a.yaml:2:3: error: bad\n  hint: fix it",
        "b.yaml:4:1: error: k: worse",
    ]
    assert error.location == Location("a.yaml", 2, 3)
    assert (error.message, error.hint) == ("bad", "fix it")
    assert str(error) == "\n".join(error.report())


def test_context_a_command_adds_follows_the_problems() -> None:
    from lws.core.diagnostics import Diagnostic, Severity

    located = LwsError([Diagnostic("f.yaml", 2, 3, Severity.ERROR, (), "bad", "fix it")])
    located.add_note("not published: the gate fails")
    assert located.report() == [
        "f.yaml:2:3: error: bad\n  hint: fix it",
        "lws: error: not published: the gate fails",
    ]
    plain = LwsError("the file is too big", hint="split it")
    assert plain.context() == []
    plain.add_note("first")
    plain.add_note("second\x1b")
    assert plain.report() == [
        "lws: error: the file is too big\n  hint: split it",
        "lws: error: first",
        "lws: error: second\\x1b",
    ]
