"""``load_file`` and ``load_bytes``: what a section file may be, and its encoding, pinned
exactly (fast tests, so that ``nox -s mutate`` judges each mutant of ``load.py`` quickly)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lws.core.diagnostics import Severity
from lws.core.errors import LwsError
from lws.model.load import MAX_FILE_BYTES, Mark, load_bytes, load_file

Problem = tuple[str, int, int, str, str]  # file, line, col, message, hint


def refused(call: object, *args: object) -> Problem:
    with pytest.raises(LwsError) as caught:
        call(*args)  # type: ignore[operator]
    (found,) = caught.value.diagnostics
    assert found.severity is Severity.ERROR and found.path == ()
    return (found.file, found.line, found.col, found.message, found.hint)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "strategy").mkdir()
    return tmp_path


def test_a_file_inside_the_project_loads_under_its_display_name(root: Path) -> None:
    path = root / "strategy" / "vision.yaml"
    path.write_text("title: Our plan\n", encoding="utf-8")
    named = load_file(path, root, "strategy/vision.yaml")
    assert (named.file, named.data) == ("strategy/vision.yaml", {"title": "Our plan"})
    assert load_file(path, root).file == path.as_posix()


def test_a_link_inside_the_project_is_followed(root: Path) -> None:
    (root / "strategy" / "real.yaml").write_text("a: 1\n")
    (root / "strategy" / "link.yaml").symlink_to(root / "strategy" / "real.yaml")
    assert load_file(root / "strategy" / "link.yaml", root, "link.yaml").data == {"a": 1}


def test_a_file_outside_the_project_is_refused(tmp_path: Path, root: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    outside = tmp_path / "outside.yaml"
    outside.write_text("a: 1\n")
    (project / "link.yaml").symlink_to(outside)
    assert refused(load_file, project / "link.yaml", project, "link.yaml") == (
        "link.yaml",
        1,
        1,
        f"file resolves to {outside.resolve()}, outside the project",
        "lws reads only files inside the project; replace the link with a real file",
    )


def test_a_symbolic_link_loop_is_refused(root: Path) -> None:
    loop = root / "strategy" / "loop.yaml"
    loop.symlink_to(loop)
    problem = refused(load_file, loop, root, "strategy/loop.yaml")
    assert problem[:3] == ("strategy/loop.yaml", 1, 1)
    # Python 3.13 resolves a loop without complaint, and reading it then fails.
    assert problem[3:] in (
        ("file is a symbolic link that loops", "replace it with a real file"),
        (
            "cannot read file: Too many levels of symbolic links",
            "check that the file exists and is readable (a broken link?)",
        ),
    )


def test_a_directory_is_not_a_section_file(root: Path) -> None:
    (root / "strategy" / "odd.yaml").mkdir()
    assert refused(load_file, root / "strategy" / "odd.yaml", root, "strategy/odd.yaml") == (
        "strategy/odd.yaml",
        1,
        1,
        "not a regular file",
        "a section must be a plain YAML file",
    )


def test_a_broken_link_cannot_be_read(root: Path) -> None:
    (root / "strategy" / "gone.yaml").symlink_to(root / "strategy" / "missing.yaml")
    assert refused(load_file, root / "strategy" / "gone.yaml", root, "strategy/gone.yaml") == (
        "strategy/gone.yaml",
        1,
        1,
        "cannot read file: No such file or directory",
        "check that the file exists and is readable (a broken link?)",
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_cannot_be_read(root: Path) -> None:
    path = root / "strategy" / "secret.yaml"
    path.write_text("a: 1\n")
    path.chmod(0)
    assert refused(load_file, path, root, "s.yaml")[3] == "cannot read file: Permission denied"


def test_the_size_limit_is_exact(root: Path) -> None:
    path = root / "strategy" / "big.yaml"
    with path.open("wb") as out:
        out.write(b"a: 1\n")
        out.truncate(MAX_FILE_BYTES)
    with pytest.raises(LwsError, match="NUL"):  # read: what it holds is the next question
        load_file(path, root, "big.yaml")
    with path.open("r+b") as out:
        out.truncate(MAX_FILE_BYTES + 1)
    assert refused(load_file, path, root, "big.yaml") == (
        "big.yaml",
        1,
        1,
        "file is 8 MiB; lws reads section files up to 8 MiB",
        "split the section into smaller files, or remove pasted data",
    )


def test_an_oversized_file_says_its_size_to_a_tenth(root: Path) -> None:
    path = root / "strategy" / "big.yaml"
    with path.open("wb") as out:
        out.truncate(int(9.052 * 1024 * 1024))  # 9.04 in units of 1,025 × 1,024 bytes
    assert refused(load_file, path, root, "big.yaml")[3].startswith("file is 9.1 MiB;")


# -- encodings --------------------------------------------------------------------------------

SAVE_UTF8 = "save the file as UTF-8 (no BOM)"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfe\x00\x00a\x00\x00\x00", "file is encoded as UTF-32"),
        (b"\x00\x00\xfe\xff\x00\x00\x00a", "file is encoded as UTF-32"),
        (b"\xff\xfea\x00:\x00", "file is encoded as UTF-16"),
        (b"\xfe\xff\x00a\x00:", "file is encoded as UTF-16"),
    ],
)
def test_utf16_and_utf32_are_named(raw: bytes, message: str) -> None:
    assert refused(load_bytes, raw, "f.yaml") == ("f.yaml", 1, 1, message, SAVE_UTF8)


def test_nul_bytes_are_looked_for_in_the_first_64_bytes() -> None:
    hint = "save the file as UTF-8"
    message = "file contains NUL bytes (UTF-16 or UTF-32 without a byte-order mark?)"
    assert refused(load_bytes, b"a" * 63 + b"\x00", "f.yaml") == ("f.yaml", 1, 1, message, hint)
    assert refused(load_bytes, "a: 1\n".encode("utf-32-le"), "f.yaml")[3] == message
    # Past them, a NUL is a character YAML refuses, located where it stands.
    late = refused(load_bytes, b"a: " + b"b" * 61 + b"\x00\n", "f.yaml")
    assert late[1:4] == (1, 65, "character U+0000 is not allowed in YAML")


def test_a_utf8_byte_order_mark_is_a_warning_at_the_start() -> None:
    doc = load_bytes(b"\xef\xbb\xbfa: 1\nb: 80:20\n", "f.yaml")
    assert doc.data == {"a": 1, "b": "80:20"}
    first, second = doc.warnings
    assert (first.file, first.line, first.col, first.severity, first.path) == (
        "f.yaml",
        1,
        1,
        Severity.WARNING,
        (),
    )
    assert (first.message, first.hint) == (
        "file starts with a UTF-8 byte-order mark",
        "save the file as UTF-8 without BOM (most editors call it plain 'UTF-8')",
    )
    assert (second.line, second.col) == (2, 4)  # the mark is not counted as a column


HINT_1252 = "the file was probably saved as Windows-1252 or Latin-1; save it as UTF-8"


@pytest.mark.parametrize(
    ("raw", "line", "col", "byte"),
    [
        (b"caf\xe9\n", 1, 4, "E9"),
        (b"\n\xe9", 2, 1, "E9"),
        (b"a\n\nb: \xe9\nc\n", 3, 4, "E9"),
        (b"a: 1\nb: \xc3\xa9\xc3\xa9 \x96\nc: 2\n\n", 2, 7, "96"),
    ],
)
def test_a_byte_that_is_not_utf8_is_located_in_characters(
    raw: bytes, line: int, col: int, byte: str
) -> None:
    assert refused(load_bytes, raw, "f.yaml") == (
        "f.yaml",
        line,
        col,
        f"byte 0x{byte} is not valid UTF-8",
        HINT_1252,
    )


def test_the_document_keeps_its_file_name() -> None:
    doc = load_bytes(b"a: 1\n", "strategy/x.yaml")
    assert doc.file == "strategy/x.yaml"
    assert doc.position(("a",)) == Mark(1, 4)
