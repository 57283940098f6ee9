"""Running the web app under uvicorn on a socket we bind ourselves.

Binding before uvicorn starts lets ``--port 0`` pick a free port and still print the real
address (the tests and a person running two archives side by side both need that), and
turns "address in use" into one clear line instead of a server log.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn

from archive.query import refresh_statistics
from archive.storage import Archive
from archive.web.app import create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: any free port); OSError if taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def make_server(archive: Archive, *, log_level: str = "info") -> uvicorn.Server:
    config = uvicorn.Config(create_app(archive), log_level=log_level, access_log=False)
    return uvicorn.Server(config)


def serve(archive: Archive, sock: socket.socket, on_ready: Callable[[str], None]) -> None:
    """Serve until interrupted (Ctrl-C / SIGTERM); ``on_ready`` gets the base URL first."""
    refresh_statistics(archive)
    server = make_server(archive)
    on_ready(base_url(sock))
    server.run(sockets=[sock])


@contextmanager
def running_in_thread(archive: Archive, host: str = DEFAULT_HOST) -> Iterator[str]:
    """A real server on a free port in a background thread, for tests; yields its base URL."""
    sock = bind(host, 0)
    server = make_server(archive, log_level="warning")
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(500):
            if server.started:
                break
            threading.Event().wait(0.01)
        else:
            raise RuntimeError("the web server did not start")
        yield base_url(sock)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
