"""Serves a replica site over real HTTP on 127.0.0.1, and records what was asked.

Crawler tests need a server that behaves like the real one where it matters (status
codes, charsets, conditional requests, robots.txt) and that tells them afterwards what
the crawler did (the request log: politeness, user agent, conditional headers).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from replica.faults import FaultPlan
from replica.pages import Response
from replica.site import Site

#: Request headers kept in the log (lower-case names).
LOGGED_HEADERS = (
    "user-agent", "if-none-match", "if-modified-since", "accept", "accept-encoding",
    "accept-language", "referer", "cookie",
)


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One answered request. ``time`` is ``time.monotonic()`` when it was answered."""

    method: str
    path: str  # with the query string, as requested
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    time: float = 0.0

    def __getitem__(self, key: str) -> Any:
        """Dict-style access (``entry["path"]``) for callers that prefer it."""
        return getattr(self, key)


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    tags = [t.strip() for t in header.split(",")]
    return any(t.removeprefix("W/") == etag for t in tags)


def _not_modified(resp: Response, headers: Any) -> bool:
    """RFC 9110 order: If-None-Match decides when present, else If-Modified-Since."""
    if resp.status != 200:
        return False
    inm = headers.get("If-None-Match")
    if inm is not None:
        return _etag_matches(inm, resp.etag)
    ims = headers.get("If-Modified-Since")
    if ims and resp.last_modified is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            return False
        return int(resp.last_modified.timestamp()) <= int(since.timestamp())
    return False


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: with Nagle's algorithm on, the body waits for
    # the client's delayed ACK of the headers, some 40 ms per answer on loopback.
    disable_nagle_algorithm = True

    def version_string(self) -> str:
        """The Server header of an old Apache, like the CMS's host probably sends."""
        return "Apache/2.2.22"

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet: the request log replaces stderr logging."""

    def _answer(self, send_body: bool) -> None:
        owner = self.server.owner
        fault = owner._take_fault(self.path)
        if fault is not None:
            body = f"<html><body><h1>{fault}</h1></body></html>".encode("ascii")
            resp = Response(body, "text/html; charset=windows-1251", fault)
        else:
            resp = owner._respond(self.path)
        if owner.latency:
            time.sleep(owner.latency)
        if fault is None and owner.faults is not None:
            # A hostile network or page (replica/faults.py) answers in its own way.
            faulty = owner.faults.serve(self, resp, send_body)
            if faulty is not None:
                owner._log(LogEntry(self.command, self.path, faulty, {}, time.monotonic()))
                return
        not_modified = fault is None and _not_modified(resp, self.headers)
        # Logged before the answer goes out: a client that has its answer always finds its
        # request in the log, in the order it made its requests.
        owner._log(LogEntry(
            self.command, self.path, 304 if not_modified else resp.status,
            {k: v for k in LOGGED_HEADERS if (v := self.headers.get(k)) is not None},
            time.monotonic()))
        if not_modified:
            self.send_response(304)
            self.send_header("ETag", resp.etag)
            if resp.last_modified_http:
                self.send_header("Last-Modified", resp.last_modified_http)
            self.end_headers()
        else:
            self.send_response(resp.status)
            for name, value in resp.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if send_body:
                self.wfile.write(resp.body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: ReplicaServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client hanging up mid-answer (a crawler abandoning a 50 MB page, a request
        reset by a fault) is what the tests provoke, not a server error to print."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class ReplicaServer:
    """A threaded HTTP server for a replica ``Site``.

    Use as a context manager or call ``start()``/``stop()``. ``base_url`` is
    ``http://127.0.0.1:PORT``. ``latency`` (seconds) delays every answer, for tests of
    timeouts and concurrency; ``fail(path, status, times)`` makes the next answers for a
    path fail, for tests of retries; ``faults`` (a ``replica.faults.FaultPlan``) makes
    the server a hostile one, for tests of what survives it.
    """

    def __init__(self, site: Site, host: str = "127.0.0.1", port: int = 0,
                 latency: float = 0.0, faults: FaultPlan | None = None) -> None:
        self._site = site
        self.faults = faults
        self.host = host
        self.port = port
        self.latency = latency
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._log_entries: list[LogEntry] = []
        self._faults: dict[str, list[int]] = {}
        self._overrides: dict[str, Response] = {}

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> ReplicaServer:
        """Bind and serve in a background thread; returns self."""
        if self._httpd is not None:
            return self
        httpd = _Server((self.host, self.port), _Handler)
        httpd.owner = self
        self.port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"replica-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket (idempotent)."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def serve_forever(self) -> None:
        """Serve in the calling thread until ``stop()`` is called from elsewhere."""
        self.start()
        assert self._thread is not None
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=0.5)

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # --- state -----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` on this server."""
        return self.base_url + path

    @property
    def site(self) -> Site:
        with self._lock:
            return self._site

    def replace_site(self, site: Site) -> None:
        """Serve ``site`` from now on (requests in flight finish with the old one); page
        overrides end with the site they were made for."""
        with self._lock:
            self._site = site
            self._overrides.clear()

    def fail(self, path: str, status: int = 503, times: int = 1) -> None:
        """Answer the next ``times`` requests for ``path`` (query included) with ``status``."""
        with self._lock:
            self._faults.setdefault(path, []).extend([status] * times)

    def override(self, path: str, response: Response) -> None:
        """Serve ``response`` for ``path`` (query string ignored) until the site is replaced,
        e.g. a page of a redesigned layout, for tests of what the crawl makes of it."""
        with self._lock:
            self._overrides[path] = response

    def _respond(self, path: str) -> Response:
        with self._lock:
            hit = self._overrides.get(path.split("?", 1)[0])
            site = self._site
        return hit if hit is not None else site.respond(path)

    def _take_fault(self, path: str) -> int | None:
        with self._lock:
            queue = self._faults.get(path)
            if queue:
                return queue.pop(0)
            return None

    # --- request log -----------------------------------------------------------------

    def _log(self, entry: LogEntry) -> None:
        with self._lock:
            self._log_entries.append(entry)

    @property
    def request_log(self) -> list[LogEntry]:
        """A snapshot of the requests answered so far, oldest first."""
        with self._lock:
            return list(self._log_entries)

    def clear_log(self) -> None:
        with self._lock:
            self._log_entries.clear()

    def requests_for(self, path: str) -> Iterator[LogEntry]:
        """Logged requests whose path (query string ignored) is ``path``."""
        return (e for e in self.request_log if e.path.split("?", 1)[0] == path)
