"""``lws serve``: a live preview of the HTML variants on 127.0.0.1.

Builds the HTML variants (as drafts: a failing gate does not stop the preview), serves them,
and after each save re-checks and rebuilds; every open page reloads itself, and shows
``lws check``'s problems in a panel at its top. Only this machine can connect (127.0.0.1),
and only files under ``build/`` are served. Stop with Ctrl-C.
"""

from __future__ import annotations

import argparse
import datetime as dt
import threading
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from lws.cli.console import Console
from lws.cli.extras import require_publishing
from lws.cli.options import add_project, add_today, seconds, whole_number
from lws.core.errors import EXIT_OK, UsageError

if TYPE_CHECKING:  # http.server (and email, with it) only when serving
    from http.server import BaseHTTPRequestHandler

HOST = "127.0.0.1"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "serve",
        help="live preview of the HTML variants, rebuilt on save and reloaded in the browser",
        description="Build the HTML variants and serve them on http://127.0.0.1:PORT/; after "
        "each save in strategy/, schema/, criteria/ or templates/, check and rebuild, and "
        "every open page reloads itself, with lws check's problems shown at its top. "
        "Stop with Ctrl-C.",
    )
    parser.add_argument(
        "variants", nargs="*", metavar="VARIANT", help="variants to preview (default: all)"
    )
    add_project(parser, leading="variants")
    parser.add_argument(
        "--port",
        type=whole_number(0, 65535),
        default=8765,
        metavar="N",
        help="the port on 127.0.0.1 (default: %(default)s; 0 picks a free one)",
    )
    parser.add_argument("--open", action="store_true", help="open the preview in the web browser")
    parser.add_argument(
        "--interval",
        type=seconds(0.05, 3600),
        default=0.3,
        metavar="SECONDS",
        help="how often to look for saved files (default: %(default)s)",
    )
    add_today(parser)
    parser.set_defaults(run=run)


class Preview:
    """The state the pages show, rebuilt after each save (thread-safe)."""

    def __init__(self, root: Path, variants: list[str], today: dt.date | None, console: Console):
        from lws.authoring.preview import State

        self.root, self.variants, self.today, self.console = root, variants, today, console
        self.state = State()
        self.lock = threading.Lock()

    def rebuild(self) -> None:
        """Check, then (without errors) build the HTML variants; the pages then reload."""
        from lws.core.diagnostics import errors
        from lws.core.errors import LwsError
        from lws.diagnose.check import check_project
        from lws.publish.build import build
        from lws.publish.words import words_check

        with self.lock:
            self.state.building = True
        try:
            problems = check_project(self.root, self.today, later=(words_check,))
        except LwsError as exc:
            problems = exc.diagnostics
        if not errors(problems):
            try:
                result = build(
                    self.root,
                    self.variants,
                    ["html"],
                    today=self.today,
                    draft=True,
                    progress=self.console.detail,
                )
                problems = [*problems, *result.problems]
            except LwsError as exc:
                problems = [*problems, *exc.diagnostics]
        pages = sorted(p.name for p in (self.root / "build").glob("*.html"))
        if self.variants:
            pages = [p for p in pages if p.removesuffix(".html") in self.variants]
        with self.lock:
            self.state.problems = sorted(problems)
            self.state.pages = pages
            self.state.building = False
            self.state.version += 1
        errors_now = len(errors(problems))
        self.console.info(
            f"lws serve: {len(pages)} page(s) ready, {errors_now} error(s), "
            f"{len(problems) - errors_now} warning(s)"
        )

    def respond(self, path: str) -> tuple[HTTPStatus, str, bytes]:
        """Status, content type and body for a GET of ``path``."""
        from lws.authoring import preview

        with self.lock:
            state = preview.State(
                self.state.version,
                list(self.state.problems),
                self.state.building,
                list(self.state.pages),
            )
        if path == preview.STATE_PATH:
            return HTTPStatus.OK, "application/json", state.as_json().encode()
        if path == preview.LIVE_JS_PATH:
            return HTTPStatus.OK, "text/javascript; charset=utf-8", preview.LIVE_JS.encode()
        if path in ("/", "/index.html") and "index.html" not in state.pages:
            text = preview.page(preview.index(state, f"Preview of {self.root.name}"), state)
            return HTTPStatus.OK, "text/html; charset=utf-8", text.encode()
        build_dir = (self.root / "build").resolve()
        target = (build_dir / unquote(path).lstrip("/")).resolve()
        if not target.is_relative_to(build_dir) or not target.is_file():
            return HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n"
        if target.suffix == ".html":
            text = preview.page(target.read_text(encoding="utf-8"), state)
            return HTTPStatus.OK, "text/html; charset=utf-8", text.encode()
        import mimetypes

        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return HTTPStatus.OK, kind, target.read_bytes()


def handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    from http.server import BaseHTTPRequestHandler

    class Handler(BaseHTTPRequestHandler):
        server_version = "lws-serve"

        def do_GET(self) -> None:
            status, kind, body = preview.respond(urlsplit(self.path).path)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            preview.console.detail("lws serve: " + format % args)

    return Handler


def run(args: argparse.Namespace, stop: threading.Event | None = None) -> int:
    from http.server import ThreadingHTTPServer

    from lws.authoring.watch import snapshot, watch

    console: Console = args.console
    require_publishing("serve")
    root: Path = args.project.absolute()
    if not (root / "strategy").is_dir():
        raise UsageError(
            f"{args.project} has no strategy/ directory; run lws serve in a trust's repository"
        )
    preview = Preview(root, list(args.variants), args.today, console)
    try:
        server = ThreadingHTTPServer((HOST, args.port), handler(preview))
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {HOST}:{args.port}: {exc.strerror}",
            hint="choose another port with --port N (0 picks a free one)",
        ) from None
    server.daemon_threads = True
    url = f"http://{HOST}:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    console.info(f"lws serve: previewing at {url} (Ctrl-C to stop)")
    try:
        before = snapshot(root)
        preview.rebuild()
        if args.open:
            import webbrowser

            webbrowser.open(url)

        def on_change(files: list[str]) -> None:
            console.info(f"lws serve: changed: {', '.join(files)}")
            preview.rebuild()

        watch(root, on_change, interval=args.interval, stop=stop, since=before)
    finally:
        server.shutdown()
        server.server_close()
    return EXIT_OK
