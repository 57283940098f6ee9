"""Command line: ``python -m replica serve|build``.

``serve`` prints the base URL as the first line of stdout (flushed, so a parent process
can read it before the server is done) and serves until SIGTERM or SIGINT. ``build``
writes every page and ``truth.json`` to a directory.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from replica.server import ReplicaServer
from replica.site import VARIANTS, build_site


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m replica",
                                     description="Replica of eng.bsmu.by news (International)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("serve", "build"):
        p = sub.add_parser(name)
        p.add_argument("--variant", choices=VARIANTS, default="modern")
        p.add_argument("--seed", type=int, default=2026)
        p.add_argument("--articles", type=int, default=320)
        p.add_argument("--per-page", type=int, default=15)
    serve = sub.choices["serve"]
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=0)
    build = sub.choices["build"]
    build.add_argument("--out", required=True, help="directory to write the site to")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    site = build_site(args.seed, args.articles, args.variant, args.per_page)
    if args.command == "build":
        root = site.write(args.out)
        print(f"wrote {len(site.pages)} pages and truth.json ({len(site.truth)} articles) to {root}",
              flush=True)
        return 0

    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    with ReplicaServer(site, host=args.host, port=args.port) as server:
        print(server.base_url, flush=True)
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
