"""Where a build's charts are drawn: in a worker process, while planning and conversions go on.

Drawing is the one part of planning that is all Python: laying out a chart and reading the
font's outlines take CPU that planning needs (with matplotlib, a core for a second or more),
and threads would hold the interpreter lock. So :class:`Drawer` hands each chart to a worker
process and gives back a :class:`~concurrent.futures.Future` per chart file; a conversion that
embeds a chart waits for that chart only. What a chart says (its alt text and caption) is
worked out without drawing (:data:`lws.publish.charts.TEXTS`), so the Markdown is rendered
while the chart is drawn.

The worker is ``python -P -m lws.publish.drawer`` (not :mod:`multiprocessing`, which would
run the caller's main module again in the child: a script calling :func:`lws.publish.build.build`
without a ``__main__`` guard would build twice). It reads requests from its standard input and
answers on its standard output, each a length-prefixed pickle that only lws writes and reads;
if it cannot start or dies, each chart still waited for is drawn here instead.

With ``processes=0`` (planning for ``lws watch``, tests) each chart is drawn at once, here.
This module imports nothing heavy: the worker starts from it.
"""

from __future__ import annotations

import contextlib
import pickle
import subprocess
import sys
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from lws.core.atomic import write_atomically

_Request = tuple[str, str, str, tuple[Any, ...], dict[str, Any]]  # root, path, function, …


class Drawer:
    """Draws chart files under ``root``, each once: in a worker process or (``processes=0``)
    at once, here."""

    def __init__(self, root: Path, processes: int = 0) -> None:
        self._root = root
        self._processes = processes
        self._worker: _Worker | None = None
        self._futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the worker now, reading the font while the strategy is loaded and checked."""
        if self._processes:
            with self._lock:
                self._started()

    def draw(self, path: str, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Draw ``function(*args, **kwargs)`` into ``path`` (relative to the root), unless
        the file is there already or is being drawn."""
        request: _Request = (str(self._root), path, function, args, kwargs)
        with self._lock:
            if path in self._futures or (self._root / path).is_file():
                return
            if self._processes:
                self._futures[path] = self._started().submit(request)
            else:
                self._futures[path] = _here(request)

    def pending(self, paths: Iterable[str]) -> list[Future[None]]:
        """The drawings of ``paths`` not finished yet."""
        with self._lock:
            return [f for p in paths if (f := self._futures.get(p)) is not None and not f.done()]

    def wait(self, paths: Iterable[str]) -> None:
        """Wait until the charts at ``paths`` are drawn; raise the first drawing's error."""
        with self._lock:
            futures = [self._futures[p] for p in paths if p in self._futures]
        for future in futures:
            future.result()

    def machine_fault(self) -> OSError | None:
        """The first drawing the machine refused (a full disk, a file-size limit), if any."""
        with self._lock:
            futures = list(self._futures.values())
        for future in futures:
            if future.done() and isinstance(future.exception(), OSError):
                return future.exception()  # type: ignore[return-value]
        return None

    def close(self) -> None:
        """Stop the worker once the drawings asked for are finished."""
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    def __enter__(self) -> Drawer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _started(self) -> _Worker:
        if self._worker is None:
            self._worker = _Worker()
        return self._worker


class _Worker:
    """One ``python -m lws.publish.drawer`` process and the futures of what it was asked."""

    def __init__(self) -> None:
        self._asked: dict[int, tuple[_Request, Future[None]]] = {}
        self._lock = threading.Lock()
        self._count = 0
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, "-P", "-m", "lws.publish.drawer"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # its failures are answers; nothing else is said
            )
        except OSError:
            self._process = None  # every chart is drawn here instead
            return
        self._reader = threading.Thread(target=self._read, name="lws-charts", daemon=True)
        self._reader.start()

    def submit(self, request: _Request) -> Future[None]:
        future: Future[None] = Future()
        with self._lock:
            self._count += 1
            number = self._count
            self._asked[number] = (request, future)
        try:
            assert self._process is not None and self._process.stdin is not None
            _send(self._process.stdin, (number, request))
        except (AssertionError, OSError):  # no worker, or it has stopped: draw here
            self._finish(number, "")
        return future

    def close(self) -> None:
        if self._process is None or self._process.stdin is None:
            return
        with contextlib.suppress(OSError):  # the worker finishes what it was asked, then stops
            self._process.stdin.close()
        self._reader.join()
        self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()

    def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        while (answer := _receive(self._process.stdout)) is not None:
            number, error = answer
            self._finish(number, error)
        with self._lock:  # the worker stopped: whatever it did not answer is drawn here
            left = list(self._asked)
        for number in left:
            self._finish(number, "")

    def _finish(self, number: int, answer: Any) -> None:
        """Settle one request by the worker's answer (:func:`serve`), or draw it here
        (``""``: the worker never answered)."""
        with self._lock:
            entry = self._asked.pop(number, None)
        if entry is None:
            return
        request, future = entry
        if answer == "":
            drawn = _here(request)
            failure = drawn.exception()
        elif answer is None:
            failure = None
        elif answer[0] == "os":  # the machine's fault (a full disk, a size limit): as here
            failure = OSError(*answer[1:])
        else:
            failure = ChartError(answer[1])
        if failure is None:
            future.set_result(None)
        else:
            future.set_exception(failure)


class ChartError(Exception):
    """A chart could not be drawn (the conversions that show it fail with this message)."""


def _here(request: _Request) -> Future[None]:
    done: Future[None] = Future()
    try:
        draw_file(*request)
        done.set_result(None)
    except Exception as error:  # raised where the chart is waited for
        done.set_exception(error)
    return done


def warm() -> None:
    """Import what drawing needs and read the bundled font's tables (done first in the
    worker, before anything is asked). The build's charts are drawn by lws itself
    (:mod:`lws.publish.charts.draw`): matplotlib is not imported."""
    from lws.publish.charts import CHARTS, draw

    assert CHARTS
    for bold in (False, True):
        draw.bundled(bold).outline(draw.bundled(bold).cmap[ord("0")])


def draw_file(
    root: str, path: str, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    """Draw one chart and write its SVG atomically (a pure chart function, then one write)."""
    from lws.publish.charts import CHARTS

    chart = CHARTS[function](*args, **kwargs)
    write_atomically(Path(root) / path, chart.svg)


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """The worker's loop: draw each request, answer its number and ``None`` (drawn), or
    ``("os", errno, reason, file)`` for the machine's fault, ``("error", message)`` else."""
    warm()
    while (message := _receive(requests)) is not None:
        number, request = message
        try:
            draw_file(*request)
            error: tuple[Any, ...] | None = None
        except OSError as failure:
            error = ("os", failure.errno, failure.strerror, failure.filename)
        except Exception as failure:  # the conversions that show the chart report it
            error = ("error", f"{type(failure).__name__}: {failure}")
        _send(answers, (number, error))


def _send(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(8, "big") + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    """The next message, or ``None`` at the end of the stream."""
    size = stream.read(8)
    if len(size) < 8:
        return None
    data = stream.read(int.from_bytes(size, "big"))
    return pickle.loads(data)  # written by lws itself, in the other process


def _main() -> None:
    """Run as the worker: answers go to the real standard output, anything printed to the
    error stream (discarded); an interrupt is the build's to handle (it closes the requests)."""
    import os
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    _main()
