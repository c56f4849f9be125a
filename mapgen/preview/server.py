"""The preview: the last good page, the problems of the current data, and the
HTTP server (standard library) that serves them to the browser.

:class:`Preview` rebuilds in-process (boundary files, templates and the page
script stay parsed between builds) and keeps the last page that built; a
broken edit leaves that page in place and sets the problems, as ``mapgen
check`` prints them. Every change bumps ``serial``, which wakes the pages
waiting on ``/_mapgen/state`` (long poll); a new page also gets a new
``version``, on which the page reloads itself.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import secrets
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..errors import DataError, MapgenError
from ..options import BuildOptions
from .page import STATE_PATH, render_preview, render_waiting

__all__ = ["Preview", "PreviewServer", "make_server"]

log = logging.getLogger(__name__)
LONG_POLL = 25.0  # seconds a page's request for news waits before it asks again


class Preview:
    """What the server shows for one data file, rebuilt on :meth:`rebuild`.

    Parameters
    ----------
    data_path : path
        The data file.
    options : BuildOptions
        The build options; the preview always shows the standalone page.
    out : path or None
        With ``--write``: where ``mapgen build`` would write; ``None`` writes nothing.
    report : callable
        Gets one line of news per rebuild (the command echoes it).
    """

    def __init__(self, data_path: str | Path, options: BuildOptions = BuildOptions(),
                 out: str | Path | None = None, report: Callable[[str], None] = log.info):
        self.data_path, self.options, self.out, self.report = Path(data_path), options, out, report
        self._page_options = replace(options, format="page")
        self._boot, self._builds = secrets.token_hex(3), 0
        self._cond = threading.Condition()
        self.version = f"{self._boot}-0"
        self.page = render_waiting(self.version)
        self.heading, self.problems, self.serial = "", (), 0
        self.last_ms: float | None = None
        self.closed = False

    def inputs(self) -> list[Path]:
        """Every file the map is built from: what the watcher polls."""
        paths = [self.data_path]
        if self.options.geodata:
            paths.append(Path(self.options.geodata))
        return paths

    def rebuild(self, changed: list[Path] | None = None) -> bool:
        """Build again; publish the new page, or the problems over the last good one."""
        from ..pipeline import publish, scene

        why = f" ({', '.join(str(p) for p in changed)} changed)" if changed else ""
        started = time.perf_counter()
        try:
            version = f"{self._boot}-{self._builds + 1}"
            page = render_preview(scene(self.data_path, self._page_options), version)
        except DataError as exc:
            n = len(exc.problems)
            return self._fail(f"{n} problem{'s' if n != 1 else ''} in the data; the map shows the last good "
                              "version until it is fixed:", [str(p) for p in exc.problems], why)
        except MapgenError as exc:
            return self._fail("The map cannot be built; it shows the last good version:", [str(exc)], why)
        except Exception as exc:  # noqa: BLE001 - a bug must not end the editor's session: show it, keep serving
            log.exception("rebuild failed")
            return self._fail("mapgen failed (a bug: please report it with the data file):",
                              [f"{type(exc).__name__}: {exc}"], why)
        self.last_ms = (time.perf_counter() - started) * 1000
        self._builds += 1
        self._publish(page=page, version=version, heading="", problems=())
        self.report(f"rebuilt in {self.last_ms:.0f} ms{why}")
        if self.out is not None:
            try:
                done = publish(self.data_path, self.out, self.options)
            except MapgenError as exc:  # the data changed again since, or the folder is read-only
                return self._fail("--write: the output was not updated:", [str(exc)], "")
            # as mapgen build reports it: the file, then what changed since the page it replaced
            self.report("\n".join([f"wrote {done.path} ({done.path.stat().st_size / 1000:.0f} KB)",
                                    *done.changes]))
        return True

    def _fail(self, heading: str, problems: list[str], why: str) -> bool:
        self._publish(heading=heading, problems=tuple(problems))
        self.report("\n".join([f"error{why}: {heading}", *(f"  - {p}" for p in problems)]))
        return False

    def _publish(self, **changes) -> None:
        with self._cond:
            for name, value in changes.items():
                setattr(self, name, value)
            self.serial += 1
            self._cond.notify_all()

    def state(self) -> dict:
        """What a page learns from ``/_mapgen/state``."""
        return {"version": self.version, "serial": self.serial, "heading": self.heading,
                "problems": list(self.problems)}

    def wait(self, version: str, serial: int, timeout: float = LONG_POLL) -> dict:
        """The state, once it differs from what the page has (or after ``timeout`` seconds)."""
        with self._cond:
            self._cond.wait_for(lambda: self.closed or self.version != version or self.serial != serial, timeout)
            return self.state()

    def close(self) -> None:
        """Answer every waiting page now (the server is stopping)."""
        self._publish(closed=True)


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "mapgen-serve"
    timeout = 2 * LONG_POLL  # seconds a request may take to arrive: a client that never finishes one lets go

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        if not self.server.host_allowed(self.headers.get("Host", "")):
            return self._send(403, "text/plain; charset=utf-8", b"mapgen serve: unexpected Host header\n")
        url = urlsplit(self.path)
        preview = self.server.preview
        if url.path in ("/", "/index.html"):
            return self._send(200, "text/html; charset=utf-8", preview.page.encode("utf-8"))
        if url.path == STATE_PATH:
            query = parse_qs(url.query)
            try:
                serial = int(query.get("serial", ["-1"])[0])
            except ValueError:
                serial = -1
            state = preview.wait(query.get("version", [""])[0], serial, self.server.long_poll)
            return self._send(200, "application/json", json.dumps(state, ensure_ascii=False).encode("utf-8"))
        if url.path == "/favicon.ico":
            return self._send(204, "image/x-icon", b"")
        return self._send(404, "text/plain; charset=utf-8", b"mapgen serve: only / is served\n")

    def _send(self, status: int, kind: str, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)
        except ConnectionError:  # the page went away (reloaded, closed) while it waited
            pass

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's signature)
        log.debug("%s " + format, self.address_string(), *args)


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server for one :class:`Preview`; threads do not keep it alive."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: Preview, long_poll: float = LONG_POLL):
        self.preview, self.long_poll = preview, long_poll
        if ":" in address[0]:  # --host ::1
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"

    @property
    def local(self) -> bool:
        """Whether only this computer can reach the server."""
        return _loopback(self.server_address[0])

    def host_allowed(self, header: str) -> bool:
        """On a loopback address, answer only requests for this machine (refuses DNS rebinding)."""
        host = self.server_address[0]
        if not self.local:
            return True
        name = header.rsplit(":", 1)[0] if not header.endswith("]") else header
        return name.strip("[]").lower() in {"localhost", "127.0.0.1", "::1", host}

    def handle_error(self, request, client_address) -> None:
        gone = isinstance(sys.exc_info()[1], ConnectionError)  # a page closed mid-request: not news
        log.log(logging.DEBUG if gone else logging.ERROR, "request from %s failed", client_address, exc_info=True)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def make_server(preview: Preview, host: str = "127.0.0.1", port: int = 8000,
                long_poll: float = LONG_POLL) -> PreviewServer:
    """Bind the preview's server (port 0: any free port); raises OSError if it cannot."""
    return PreviewServer((host, port), preview, long_poll)
