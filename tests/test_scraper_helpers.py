"""Helpers for the scraper's tests: a tiny local site and a crawl run in a subprocess.

The site is a ``http.server`` bound to 127.0.0.1 on a free port, serving canned
responses and logging every request (with its Host header), so a test can assert what
the crawler asked for and, above all, what it never asked for. Crawls run in a
subprocess because Twisted's reactor cannot be restarted within one process.

The module also holds a test of the helpers themselves, so that a broken helper shows
up as its own failure rather than as a puzzling crawl result.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]

#: Settings that make a crawl of a local site fast; politeness is for the real site.
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "RETRY_TIMES": "1",
    "DOWNLOAD_TIMEOUT": "10",
    "LOG_LEVEL": "INFO",
}


@dataclass(frozen=True)
class Reply:
    """A canned response."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(
        default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"}
    )


Route = Reply | Callable[[int], Reply]  # a callable gets the how-many-th request this is (1-based)


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    host: str
    user_agent: str = ""


class LocalSite:
    """Serves ``routes`` (path -> Reply) on 127.0.0.1; unknown paths answer 404.

    Use as a context manager; ``base_url`` is ``http://127.0.0.1:PORT``.
    """

    def __init__(self, routes: Mapping[str, Route]) -> None:
        self.routes = dict(routes)
        self.requests: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def _reply(self, method: str, path: str, host: str, user_agent: str) -> Reply:
        with self._lock:
            self.requests.append(LoggedRequest(method, path, host, user_agent))
            count = sum(1 for r in self.requests if r.path == path)
        route = self.routes.get(path)
        if route is None:
            return Reply(404, b"<html><body>not found</body></html>")
        return route(count) if callable(route) else route

    def __enter__(self) -> LocalSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                reply = site._reply(
                    "GET",
                    self.path,
                    self.headers.get("Host", ""),
                    self.headers.get("User-Agent", ""),
                )
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def html(*links: str, text: str = "") -> bytes:
    """A minimal HTML page with one ``<a>`` per link."""
    anchors = "".join(f'<a href="{link}">link</a>\n' for link in links)
    return f"<html><head><title>t</title></head><body><p>{text}</p>{anchors}</body></html>".encode()


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, b"", {"Location": location, "Content-Type": "text/html"})


ROBOTS_ALLOW_ALL = Reply(200, b"User-agent: *\nDisallow:\n", {"Content-Type": "text/plain"})


@dataclass
class CrawlResult:
    returncode: int
    stdout: str
    stderr: str
    stats: dict[str, Any]


_RUNNER = """
import json, sys
from scraper.crawl import crawl_once
from scraper.runs import json_safe
args = json.loads(sys.argv[1])
outcome = crawl_once(args["start_urls"], args["db_url"], args["overrides"])
print(outcome.summary)
print("STATS-JSON " + json.dumps(json_safe(outcome.stats)))
sys.exit(outcome.exit_code)
"""


def crawl_command(
    start_urls: list[str],
    overrides: Mapping[str, str] | None = None,
    db_url: str | None = None,
) -> tuple[list[str], dict[str, str]]:
    """The argv and environment of a crawl subprocess (see :func:`run_crawl_subprocess`)."""
    settings = dict(FAST)
    if db_url is None:
        settings["ARCHIVE_ENABLED"] = "False"
    settings.update(overrides or {})
    payload = json.dumps({"start_urls": start_urls, "db_url": db_url, "overrides": settings})
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("BSMU_ARCHIVE_DB", None)
    return [sys.executable, "-c", _RUNNER, payload], env


def parse_stats(stdout: str) -> dict[str, Any]:
    for line in stdout.splitlines():
        if line.startswith("STATS-JSON "):
            return json.loads(line[len("STATS-JSON ") :])
    return {}


def run_crawl_subprocess(
    start_urls: list[str],
    overrides: Mapping[str, str] | None = None,
    db_url: str | None = None,
    timeout: float = 120,
) -> CrawlResult:
    """Run ``scraper.crawl.crawl_once`` in a fresh interpreter; return its exit code and stats.

    The archive is switched off unless ``db_url`` is given, so fetching can be tested
    on its own.
    """
    argv, env = crawl_command(start_urls, overrides, db_url)
    proc = subprocess.run(
        argv, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    return CrawlResult(proc.returncode, proc.stdout, proc.stderr, parse_stats(proc.stdout))


def test_local_site_serves_routes_and_logs_requests() -> None:
    with LocalSite({"/a": Reply(200, b"hello"), "/r": redirect("/a")}) as site:
        with urllib.request.urlopen(site.base_url + "/r", timeout=5) as response:
            assert response.read() == b"hello"
        try:
            urllib.request.urlopen(site.base_url + "/missing", timeout=5)
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
        assert site.paths() == ["/r", "/a", "/missing"]
        assert site.requests[0].host == f"127.0.0.1:{site.port}"
