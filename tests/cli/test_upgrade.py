"""``lws upgrade`` through the real entry point, on the 0.1 strategy kept as a fixture."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lws.core.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from lws.model.structure import BEFORE_0_3
from lws.model.versions import CURRENT, shown
from tests.cli.run import lws

ROOT = Path(__file__).resolve().parents[2]
V0_1 = ROOT / "tests" / "fixtures" / "v0_1" / "strategy"
TODAY = "2026-11-24"
NEW = f"schema_version: '{shown(CURRENT)}'"


@pytest.fixture
def old(tmp_path: Path) -> Path:
    """A copy of the 0.1 strategy (its manifest has no schema_version)."""
    shutil.copytree(V0_1, tmp_path / "trust" / "strategy")
    return tmp_path / "trust"


def contents(project: Path) -> dict[str, bytes]:
    """Every file under the project, by relative path (temporary files included)."""
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in sorted(project.rglob("*"))
        if p.is_file()
    }


def problems(report: str) -> list[str]:
    """The first line of each problem in ``lws check``'s text report."""
    return [line for line in report.splitlines() if ": warning: " in line or ": error: " in line]


def test_a_0_1_strategy_is_upgraded_and_every_byte_outside_the_changed_lines_is_kept(
    old: Path,
) -> None:
    before = contents(old)
    assert b"schema_version" not in before["strategy/manifest.yaml"]
    warned = lws("check", "--today", TODAY, cwd=old)
    assert "written for data model 0.1" in warned.stderr + warned.stdout

    done = lws("upgrade", cwd=old)

    assert done.returncode == EXIT_OK, done.stderr
    assert done.stderr == (
        f"lws upgrade: upgraded from data model 0.1 to {shown(CURRENT)}: "
        "wrote strategy/manifest.yaml, strategy/publication.yaml\n"
    )
    after = contents(old)
    assert set(after) == set(before)  # no temporary file left behind
    assert {k for k in after if after[k] != before[k]} == {
        "strategy/manifest.yaml",
        "strategy/publication.yaml",
    }
    old_lines = before["strategy/manifest.yaml"].decode().splitlines(keepends=True)
    new_lines = after["strategy/manifest.yaml"].decode().splitlines(keepends=True)
    first_key = next(i for i, line in enumerate(old_lines) if line.startswith("trust:"))
    assert new_lines == [*old_lines[:first_key], f"{NEW}\n", *old_lines[first_key:]]
    # publication.yaml: only the structure list's lines, replaced by what a 0.2 build printed
    old_lines = before["strategy/publication.yaml"].decode().splitlines(keepends=True)
    new_lines = after["strategy/publication.yaml"].decode().splitlines(keepends=True)
    start = old_lines.index("structure:\n") + 1
    end = old_lines.index("brand:\n") - 1  # the blank line after the list
    listed = old_lines[start:end]
    assert new_lines[:start] == old_lines[:start]
    assert new_lines[-len(old_lines[end:]) :] == old_lines[end:]
    region = new_lines[start : len(new_lines) - len(old_lines[end:])]
    assert [line for line in region if line.startswith("  - ")] == [
        f"  - {part}\n" for part in BEFORE_0_3
    ]
    assert [line for line in region if line.startswith("  #   ")] == [
        f"  #   {line.strip()}\n" for line in listed
    ]  # the list written before, kept as a comment
    checked = lws("check", "--today", TODAY, cwd=old)
    assert checked.returncode == EXIT_OK, checked.stdout + checked.stderr
    # the version and structure warnings are gone, and nothing else the check says has changed
    assert problems(checked.stdout) == [p for p in problems(warned.stdout) if "data model" not in p]
    assert len(problems(warned.stdout)) == len(problems(checked.stdout)) + 2


def test_upgrading_twice_changes_nothing(old: Path) -> None:
    assert lws("upgrade", cwd=old).returncode == EXIT_OK
    upgraded = contents(old)
    again = lws("upgrade", str(old), cwd=old.parent)
    assert again.returncode == EXIT_OK, again.stderr
    assert again.stderr == (
        f"lws upgrade: the strategy is written for data model {shown(CURRENT)}; nothing to do\n"
    )
    assert contents(old) == upgraded
    checked = lws("upgrade", "--check", "--project", str(old), cwd=old.parent)
    assert (checked.returncode, checked.stdout) == (EXIT_OK, "")


def test_check_reports_the_change_as_a_diff_and_writes_nothing(old: Path) -> None:
    before = contents(old)
    done = lws("upgrade", "--check", cwd=old)
    assert done.returncode == EXIT_PROBLEMS
    assert done.stdout.startswith("--- a/strategy/manifest.yaml\n+++ b/strategy/manifest.yaml\n")
    manifest, publication = done.stdout.split("--- a/strategy/publication.yaml\n")
    assert [line for line in manifest.splitlines() if line[:1] in "+-"][2:] == [f"+{NEW}"]
    assert "+  - contents\n" in publication and "+  #   - people\n" in publication
    assert "an upgrade is due from data model 0.1" in done.stderr
    assert contents(old) == before
    quiet = lws("upgrade", "--check", "-q", cwd=old)
    assert (quiet.returncode, quiet.stderr) == (EXIT_PROBLEMS, "")


def test_verbose_shows_the_change_and_quiet_says_nothing(old: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(old, other)
    verbose = lws("upgrade", "-v", cwd=old)
    assert f"+{NEW}" in verbose.stderr
    quiet = lws("upgrade", "-q", cwd=other)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (EXIT_OK, "", "")
    assert contents(other) == contents(old)


def test_an_older_version_is_replaced_in_place_keeping_comment_crlf_and_bom(old: Path) -> None:
    manifest = old / "strategy" / "manifest.yaml"
    text = manifest.read_text().replace(
        "\ntrust:", "\nschema_version: 0.1   # as lws 0.1 wrote\ntrust:"
    )
    manifest.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    before = manifest.read_bytes()
    done = lws("upgrade", cwd=old)
    assert done.returncode == EXIT_OK, done.stderr
    assert manifest.read_bytes() == before.replace(
        b"schema_version: 0.1   # as lws 0.1 wrote\r\n",
        f"{NEW}   # as lws 0.1 wrote\r\n".encode(),
    )
    assert manifest.read_bytes() != before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("'9.0'", "this strategy is written for data model 9.0, newer than this lws knows"),
        ("'one'", "'one' is not a schema version"),
    ],
)
def test_a_newer_or_malformed_version_is_refused_at_its_place(
    old: Path, value: str, message: str
) -> None:
    manifest = old / "strategy" / "manifest.yaml"
    manifest.write_text(
        manifest.read_text().replace("\ntrust:", f"\nschema_version: {value}\ntrust:")
    )
    line = manifest.read_text().splitlines().index(f"schema_version: {value}") + 1
    before = contents(old)
    for argv in (["upgrade"], ["upgrade", "--check"]):
        done = lws(*argv, cwd=old)
        assert done.returncode == EXIT_PROBLEMS
        assert done.stderr.startswith(
            f"strategy/manifest.yaml:{line}:17: error: schema_version: {message}"
        ), done.stderr
        assert "hint:" in done.stderr
        assert "Traceback" not in done.stderr
    assert contents(old) == before


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("{trust: {name: X}, title: T}\n", "1:1", "written in flow style"),
        ("- a list\n", "1:1", "not a mapping of keys to values"),
        ("trust: [unclosed\n", "2:1", ""),
        ("schema_version: |\n  0.1\ntrust: {name: X}\n", "1:17", "not written on one line"),
    ],
)
def test_a_manifest_it_cannot_edit_is_a_located_error(
    old: Path, text: str, where: str, message: str
) -> None:
    (old / "strategy" / "manifest.yaml").write_text(text)
    before = contents(old)
    done = lws("upgrade", cwd=old)
    assert done.returncode == EXIT_PROBLEMS
    assert done.stderr.startswith(f"strategy/manifest.yaml:{where}: error: "), done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert contents(old) == before


def test_no_strategy_or_no_manifest(tmp_path: Path) -> None:
    assert lws("upgrade", cwd=tmp_path).returncode == EXIT_USAGE
    (tmp_path / "strategy").mkdir()
    done = lws("upgrade", cwd=tmp_path)
    assert done.returncode == EXIT_PROBLEMS
    assert done.stderr.startswith("strategy/manifest.yaml:1:1: error: there is no manifest")
