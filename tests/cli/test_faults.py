"""Every fault of the machine is a message: through ``python -m lws``, exit 1 or 2, no traceback.

Writing an output fails in real ways here, not mocked ones: a file-size limit
(``RLIMIT_FSIZE`` in the child), a full disk and a read-only checkout (small tmpfs mounts,
where the machine lets us mount), ``build/`` that is a file, a ``strategy/`` this user may not
read (as an unprivileged user when the tests run as root). Each ends in ``lws: error: PATH:
reason`` and a hint, and no half-written output is left behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from lws.cli.main import main
from lws.core.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError
from lws.core.faults import os_fault, source_date_epoch
from tests.cli.run import copy_example, lws

NOBODY = 65534


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m lws ARGS`` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "lws", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def assert_message(done: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert "internal error" not in done.stderr
    assert "lws: error: " in done.stderr, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def no_half_written_outputs(root: Path) -> None:
    build = root / "build"
    left = [p.name for p in build.rglob("*.tmp")] if build.is_dir() else []
    assert left == []
    for html in build.glob("*.html") if build.is_dir() else []:
        assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "trust")


@contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at ``where`` (skips the test where the machine forbids mounting)."""
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root in a mount namespace)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


#: ``lws`` under a file-size limit of 20 kB: the soft limit, raised again before exit so
#: that coverage may save its data (a write past the limit fails with EFBIG, not SIGXFSZ).
LIMITED = """
import resource, signal, sys
from lws.cli.main import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, hard))
code = main(sys.argv[1:])
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
sys.exit(code)
"""


def test_a_file_size_limit_is_a_message(example: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LIMITED, "build", "--format", "html", "board"],
        capture_output=True,
        text=True,
        cwd=example,
        timeout=300,
        check=False,
    )
    assert_message(done, EXIT_PROBLEMS, "file too large", "ulimit -f")
    assert str(example / "build") in done.stderr  # the file that could not be written
    no_half_written_outputs(example)


def test_a_full_disk_is_a_message(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "400k") as disk:
        trust = copy_example(disk / "trust")  # the sources fit; the outputs do not
        done = run("build", "--format", "html", cwd=trust)
        assert_message(done, EXIT_PROBLEMS, "no space left on device", "free some space")
        no_half_written_outputs(trust)


def test_a_read_only_checkout_is_a_message(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "20m") as disk:
        trust = copy_example(disk / "trust")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        done = run("build", "--format", "html", "board", cwd=trust)
        assert_message(done, EXIT_PROBLEMS, "read-only file system", "writable copy")
        assert lws("check", cwd=trust).returncode == 0  # reading still works


def test_build_that_is_a_file_is_a_message(example: Path) -> None:
    (example / "build").write_text("not a directory")
    done = run("build", "--format", "html", "board", cwd=example)
    assert_message(done, EXIT_PROBLEMS, "not a directory", "is a file, not a directory")
    assert (example / "build").read_text() == "not a directory"


#: Run lws as an unprivileged user: root reads and writes everything. The interpreter lives
#: where that user may not read, so the child imports lws's modules first, by running the
#: same command once on a copy of its own, and then gives up root (its effective ids only).
AS_NOBODY = """
import os, sys
from lws.cli.main import main
warm, *argv = sys.argv[1:]
if os.geteuid() == 0:
    saved = os.dup(2)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    main([*argv, "--project", warm])
    os.dup2(saved, 2)
    os.setegid(65534)
    os.seteuid(65534)
    code = main(argv)
    os.seteuid(0)  # back to root, so that coverage may save its data at exit
    os.setegid(0)
    sys.exit(code)
sys.exit(main(argv))
"""


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A scratch directory every user may reach (pytest's own is private to its user)."""
    where = Path(tempfile.mkdtemp(prefix="lws-faults-"))
    where.chmod(0o755)
    yield where
    shutil.rmtree(where, ignore_errors=True)


def run_as_nobody(trust: Path, deny: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``lws ARGS`` in ``trust`` as an unprivileged user, who may not write (or read) ``deny``."""
    warm = copy_example(trust.parent / "warm")
    for path in [trust, *trust.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    deny.chmod(0o000 if deny.name == "strategy" else 0o555)
    try:
        return subprocess.run(
            [sys.executable, "-c", AS_NOBODY, str(warm), *args],
            capture_output=True,
            text=True,
            cwd=trust,
            timeout=300,
            check=False,
        )
    finally:
        deny.chmod(0o755)


@pytest.mark.parametrize(
    "command", [["check"], ["diagnose"], ["build", "--format", "html", "board"]]
)
def test_an_unreadable_strategy_is_a_message(open_tmp: Path, command: list[str]) -> None:
    trust = copy_example(open_tmp / "trust")
    done = run_as_nobody(trust, trust / "strategy", *command)
    assert_message(done, EXIT_PROBLEMS, "strategy: permission denied", "permissions")


def test_an_unwritable_build_directory_is_a_message(open_tmp: Path) -> None:
    trust = copy_example(open_tmp / "trust")
    (trust / "build").mkdir()
    done = run_as_nobody(trust, trust / "build", "build", "--format", "html", "board")
    assert_message(done, EXIT_PROBLEMS, "build/.lws: permission denied", "permissions")
    assert list((trust / "build").iterdir()) == []


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("abc", "is not a number of seconds: 'abc'"),
        ("-5", "is not a number of seconds: '-5'"),
        ("1.5e9", "is not a number of seconds"),
        ("99999999999999999", "is out of range: 99999999999999999"),
        ("9" * 400, "is not a number of seconds"),
    ],
)
def test_a_malformed_source_date_epoch_is_a_usage_error(
    example: Path, value: str, words: str
) -> None:
    done = lws("build", "--format", "html", "board", cwd=example, env={"SOURCE_DATE_EPOCH": value})
    assert_message(done, EXIT_USAGE, "SOURCE_DATE_EPOCH", words, "git log -1")
    assert not (example / "build" / "board.html").exists()


def test_source_date_epoch_takes_the_whole_range() -> None:
    assert source_date_epoch({}) is None
    assert source_date_epoch({"SOURCE_DATE_EPOCH": ""}) is None
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "0"}) == 0
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "253402300799"}) == 253402300799
    with pytest.raises(UsageError):
        source_date_epoch({"SOURCE_DATE_EPOCH": "253402300800"})
    with pytest.raises(UsageError):
        source_date_epoch({"SOURCE_DATE_EPOCH": "１２３"})  # full-width digits


def test_a_build_with_a_good_source_date_epoch_is_dated_by_it(example: Path) -> None:
    done = lws(
        "build", "--format", "html", "board", cwd=example, env={"SOURCE_DATE_EPOCH": "1700000000"}
    )
    assert done.returncode == 0, done.stderr
    assert "14 November 2023" in (example / "build" / "board.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda t: t.write_text("x"), "exists and is a file, not a directory"),
        (lambda t: (t.mkdir(), (t / "keep.txt").write_text("mine")), "is not an empty directory"),
    ],
)
def test_init_refuses_awkward_targets(
    tmp_path: Path, make: Callable[[Path], object], words: str
) -> None:
    target = tmp_path / "new"
    make(target)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    done = lws("init", str(target), cwd=tmp_path)
    assert_message(done, EXIT_USAGE, words, "choose a new directory")
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_init_under_a_file_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    done = lws("init", str(tmp_path / "afile" / "sub" / "new"), cwd=tmp_path)
    assert_message(done, EXIT_USAGE, "lies under", "which is a file")
    assert (tmp_path / "afile").read_text() == "x"


def test_init_onto_a_full_disk_is_a_message(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "16k") as disk:
        done = lws("init", str(disk / "new"), cwd=tmp_path)
        assert_message(done, EXIT_PROBLEMS, "no space left on device")


def test_an_os_error_without_a_file_still_says_what_failed() -> None:
    fault = os_fault(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert fault.report() == [
        "lws: error: no space left on device\n"
        "  hint: the disk is full: free some space, then run the command again"
    ]
    named = os_fault(NotADirectoryError(errno.ENOTDIR, "Not a directory", "build/.lws"))
    assert named.message == "build/.lws: not a directory"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["diagnose", "--today", "0001-01-01"], "--today: 0001-01-01 is out of range"),
        (["check", "--today", "9999-12-31"], "--today: 9999-12-31 is out of range"),
        (["build", "--jobs", "99999999999999999999", "board"], "--jobs/-j: 99999"),
        (["build", "--jobs", "-3", "board"], "--jobs/-j: not a whole number: '-3'"),
        (["portfolio", "--jobs", "1000"], "--jobs/-j: 1000 is out of range: give 0 to 256"),
        (["watch", "--interval", "1e308"], "--interval: 1e308 is out of range"),
        (["watch", "--interval", "nan"], "--interval: nan is out of range"),
        (["watch", "--interval", "-1"], "--interval: -1 is out of range"),
        (["watch", "--interval", "soon"], "--interval: not a number of seconds: 'soon'"),
        (["serve", "--interval", "inf"], "--interval: inf is out of range"),
        (["serve", "--port", "70000"], "--port: 70000 is out of range: give 0 to 65535"),
    ],
)
def test_options_out_of_range_are_usage_errors(
    example: Path, argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([argv[0], "--project", str(example), *argv[1:]]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert words in err
    assert "Traceback" not in err


def test_a_setting_out_of_range_is_a_located_error(example: Path) -> None:
    path = example / "strategy" / "diagnostic.yaml"
    text = path.read_text(encoding="utf-8")
    assert "kpi_stale_months: 6\n" in text
    path.write_text(text.replace("kpi_stale_months: 6\n", "kpi_stale_months: 999999999\n"))
    line = text[: text.index("kpi_stale_months")].count("\n") + 1
    for command in ("check", "diagnose"):
        done = lws(command, cwd=example)
        assert "Traceback" not in done.stderr
        assert done.returncode in (EXIT_OK, EXIT_PROBLEMS), done.stderr
    done = lws("check", cwd=example)
    assert done.returncode == EXIT_PROBLEMS
    where = f"strategy/diagnostic.yaml:{line}:21: error: health.kpi_stale_months: "
    assert f"{where}999999999 is above the maximum of 120" in done.stdout


@pytest.mark.parametrize("weight", ["2026-02-30", "heavy", "[1, 2]", ".inf", "true"])
def test_a_malformed_module_weight_is_a_located_error_not_a_crash(
    example: Path, weight: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = example / "strategy" / "diagnostic.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    weight: 2\n" in text
    path.write_text(text.replace("    weight: 2\n", f"    weight: {weight}\n", 1))
    for command in ("check", "diagnose"):
        code = main([command, str(example), "--today", "2026-11-20"])
        err = capsys.readouterr().err
        assert code in (EXIT_OK, EXIT_PROBLEMS), err
        assert "internal error" not in err
    assert main(["check", str(example), "--today", "2026-11-20"]) == EXIT_PROBLEMS
    assert "strategy/diagnostic.yaml:" in capsys.readouterr().out
