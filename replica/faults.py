"""A hostile network and hostile pages, on purpose and by seed.

The real site is an old CMS on a university server, reached over a network that fails at
night. ``FaultPlan`` makes the replica misbehave the same way, deterministically: a seed
picks which article pages (and one listing page) get which fault, and the plan itself
says which of them a crawler can still archive (a retry helps against a 503 on the first
try, nothing helps against a page that never stops stalling). Tests compute what must be
in the archive from the plan, never from a list typed into the test.

``ReplicaServer(site, faults=plan)`` consults the plan before answering; a fault either
answers in its own (broken) way or lets the normal answer through. Faults never point
anywhere but loopback: the offsite redirect goes to ``offsite_base``, which the test sets
to another loopback host (e.g. ``http://127.0.0.2:PORT``) that it watches.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from replica.pages import Response

if TYPE_CHECKING:
    from replica.site import Site

#: Network faults: the answer (or its absence) is broken, not the page.
NETWORK_KINDS = (
    "http_5xx", "reset", "stall", "truncated", "redirect_loop", "redirect_chain",
    "offsite_redirect", "huge", "huge_streamed",
)
#: Content faults: a complete 200 answer whose bytes are hostile.
CONTENT_KINDS = (
    "wrong_charset", "invalid_bytes", "deep_nesting", "empty_200", "binary_html",
)
FaultKind = Literal[
    "http_5xx", "reset", "stall", "truncated", "redirect_loop", "redirect_chain",
    "offsite_redirect", "huge", "huge_streamed",
    "wrong_charset", "invalid_bytes", "deep_nesting", "empty_200", "binary_html",
]
#: Kinds that may be transient (only the first ``tries`` requests fail): the ones a retry
#: can cure. The others are a property of the page and happen every time.
TRANSIENT_KINDS = ("http_5xx", "reset", "stall", "truncated")

#: Size of the "huge" responses: far past any sane cap, never built in memory.
HUGE_SIZE = 50 * 1024 * 1024
#: Depth of the "deep_nesting" page.
NESTING_DEPTH = 10_000
_CHUNK = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"


@dataclass(frozen=True, slots=True)
class Fault:
    """One fault on one path. ``tries``: how many requests fail (None: all of them)."""

    kind: FaultKind
    tries: int | None = None

    @property
    def label(self) -> str:
        """The kind, with ``_first`` when only the first tries fail (``reset_first``)."""
        return self.kind if self.tries is None else f"{self.kind}_first"

    def fetchable(self, retry_times: int) -> bool:
        """Whether a crawler that retries ``retry_times`` times ends with a 200 answer.

        Network faults are cured only by retries, and only when transient; content
        faults are answered with a complete 200 every time.
        """
        if self.kind in CONTENT_KINDS:
            return True
        return self.tries is not None and self.tries <= retry_times


@dataclass
class FaultPlan:
    """Which path gets which fault, plus the timing of the slow ones.

    Build with :meth:`for_site`. ``stall_seconds`` must exceed the crawl's
    DOWNLOAD_TIMEOUT; ``offsite_base`` is the loopback origin the offsite redirect
    points at. The plan counts the requests per path (its only state) so that transient
    faults end after their ``tries``.
    """

    faults: dict[str, Fault]
    seed: int = 0
    stall_seconds: float = 3.0
    offsite_base: str = "http://127.0.0.2:9"
    _counts: Counter[str] = field(default_factory=Counter, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    #: Bytes the server managed to write of each huge answer before the client hung up.
    huge_bytes_sent: dict[str, int] = field(default_factory=dict, repr=False)

    @classmethod
    def for_site(
        cls,
        site: Site,
        seed: int,
        *,
        per_kind: int = 2,
        kinds: Iterable[FaultKind] = (*NETWORK_KINDS, *CONTENT_KINDS),
        transient_tries: int = 1,
        listing_5xx: bool = True,
        stall_seconds: float = 3.0,
        offsite_base: str = "http://127.0.0.2:9",
    ) -> FaultPlan:
        """A plan over ``site``'s servable articles, chosen by ``seed``.

        Each kind gets ``per_kind`` articles; a transient kind gets one of them with
        ``transient_tries`` failing tries and the others failing for ever, so the plan
        holds both what a retry cures and what it cannot. With ``listing_5xx`` the
        second listing page answers 503 once, so a lost listing would lose articles.
        """
        rng = random.Random(f"faults:{seed}")
        candidates = sorted(
            t["canonical_path"] for t in site.truth if not t.get("expected_failure")
        )
        kinds = list(kinds)
        needed = per_kind * len(kinds)
        if needed > len(candidates):
            raise ValueError(f"{needed} faulty pages asked of a site with {len(candidates)}")
        chosen = rng.sample(candidates, needed)
        faults: dict[str, Fault] = {}
        for i, kind in enumerate(kinds):
            for j, path in enumerate(chosen[i * per_kind:(i + 1) * per_kind]):
                transient = kind in TRANSIENT_KINDS and j % 2 == 0
                faults[path] = Fault(kind, transient_tries if transient else None)
        if listing_5xx and len(site.listing_paths) > 1:
            faults[site.listing_paths[1]] = Fault("http_5xx", 1)
        return cls(faults, seed, stall_seconds, offsite_base)

    # --- what the plan implies -------------------------------------------------------

    def by_label(self) -> Counter[str]:
        """How many paths got each fault (``reset_first`` apart from ``reset``)."""
        return Counter(f.label for f in self.faults.values())

    def unfetchable(self, retry_times: int) -> dict[str, Fault]:
        """Paths no crawler retrying ``retry_times`` times can fetch, with their fault."""
        return {p: f for p, f in self.faults.items() if not f.fetchable(retry_times)}

    def servable_articles(self, truth: Iterable[Mapping[str, Any]], retry_times: int) -> set[str]:
        """Canonical paths of the articles that can be served at all: every article of
        the truth but those whose fault no retry cures."""
        lost = self.unfetchable(retry_times)
        return {t["canonical_path"] for t in truth if t["canonical_path"] not in lost}

    def of_kind(self, *kinds: str) -> dict[str, Fault]:
        return {p: f for p, f in self.faults.items() if f.kind in kinds}

    def requests_seen(self) -> dict[str, int]:
        """Requests per faulty path (query ignored) counted as they arrived, so a request
        still stalling, or reset before any answer, is counted too."""
        with self._lock:
            return dict(self._counts)

    def reset_counts(self) -> None:
        """Forget the requests seen, so transient faults strike again (a second crawl)."""
        with self._lock:
            self._counts.clear()

    # --- serving ---------------------------------------------------------------------

    def fault_for(self, path: str) -> tuple[Fault, int] | None:
        """The fault to apply to this request and its 1-based try, or None to answer
        normally. The query string is ignored (loop hops carry one)."""
        bare = path.split("?", 1)[0]
        fault = self.faults.get(bare)
        if fault is None:
            return None
        with self._lock:
            self._counts[bare] += 1
            attempt = self._counts[bare]
        if fault.tries is not None and attempt > fault.tries:
            return None
        return fault, attempt

    def serve(self, handler: Any, normal: Response, send_body: bool) -> int | None:
        """Answer ``handler``'s request with the fault, if its path has one that is due.

        ``normal`` is the page the server would send. Returns the status logged for the
        request (0 when no HTTP answer was given: reset, stall), or None when no fault
        applies and the normal answer should go out.
        """
        due = self.fault_for(handler.path)
        if due is None:
            return None
        fault, _attempt = due
        return _SERVERS[fault.kind](self, handler, normal, send_body)


# --- the faults themselves (each: plan, handler, normal response, send_body -> status) ---


def _send(handler: Any, status: int, headers: Mapping[str, str], body: bytes, send_body: bool) -> int:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    if send_body and body:
        handler.wfile.write(body)
    return status


def _http_5xx(plan: FaultPlan, handler: Any, normal: Response, send_body: bool) -> int:
    body = b"<html><body><h1>503 Service Unavailable</h1></body></html>"
    return _send(handler, 503, {"Content-Type": "text/html", "Content-Length": str(len(body))},
                 body, send_body)


def _reset(plan: FaultPlan, handler: Any, normal: Response, send_body: bool) -> int:
    """Close with a TCP RST (SO_LINGER 0) without a byte of answer."""
    handler.close_connection = True
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    return 0


def _stall(plan: FaultPlan, handler: Any, normal: Response, send_body: bool) -> int:
    """Say nothing past the client's timeout, then hang up."""
    time.sleep(plan.stall_seconds)
    handler.close_connection = True
    return 0


def _truncated(plan: FaultPlan, handler: Any, normal: Response, send_body: bool) -> int:
    """Promise more bytes than are sent (the first half of the page), then hang up."""
    headers = dict(normal.headers)
    headers["Content-Length"] = str(len(normal.body) + 4096)
    handler.close_connection = True
    return _send(handler, 200, headers, normal.body[: len(normal.body) // 2], send_body)


def _redirect(handler: Any, location: str) -> int:
    return _send(handler, 302, {"Location": location, "Content-Length": "0"}, b"", False)


def _redirect_loop(plan: FaultPlan, handler: Any, normal: Response, send_body: bool) -> int:
    """A <-> A?moved=1: two URLs sending the client to each other for ever."""
    bare, _, query = handler.path.partition("?")
    return _redirect(handler, bare if query else bare + "?moved=1")


def _redirect_chain(plan: FaultPlan, handler: Any, normal: Response, send_body: bool) -> int:
    """A -> A?hop=1 -> A?hop=2 -> ...: never the same URL twice, never an end."""
    bare, _, query = handler.path.partition("?")
    hop = int(query.removeprefix("hop=")) if query.startswith("hop=") else 0
    return _redirect(handler, f"{bare}?hop={hop + 1}")


def _offsite_redirect(plan: FaultPlan, handler: Any, normal: Response, send_body: bool) -> int:
    return _redirect(handler, plan.offsite_base + handler.path)


def _huge(plan: FaultPlan, handler: Any, normal: Response, send_body: bool,
          declared: bool = True) -> int:
    """50 MB of HTML, written in 64 KiB chunks, with or without a Content-Length."""
    headers = {"Content-Type": "text/html; charset=utf-8"}
    if declared:
        headers["Content-Length"] = str(HUGE_SIZE)
    handler.close_connection = True
    _send(handler, 200, headers, b"", False)
    sent = 0
    if send_body:
        try:
            while sent < HUGE_SIZE:
                chunk = _CHUNK[: HUGE_SIZE - sent]
                handler.wfile.write(chunk)
                sent += len(chunk)
        except OSError:  # the client hung up: the point of the exercise
            pass
    with plan._lock:
        plan.huge_bytes_sent[handler.path] = plan.huge_bytes_sent.get(handler.path, 0) + sent
    return 200


def _huge_streamed(plan: FaultPlan, handler: Any, normal: Response, send_body: bool) -> int:
    return _huge(plan, handler, normal, send_body, declared=False)


def _with_body(normal: Response, body: bytes, content_type: str | None = None) -> Response:
    return Response(body, content_type or normal.content_type, normal.status, normal.last_modified)


def _send_response(handler: Any, resp: Response, send_body: bool) -> int:
    return _send(handler, resp.status, resp.headers, resp.body, send_body)


def wrong_charset(normal: Response) -> Response:
    """The page as it is, declared in the Content-Type as the other of its two charsets."""
    actual = "utf-8" if "utf-8" in normal.content_type.lower() else "windows-1251"
    other = "windows-1251" if actual == "utf-8" else "utf-8"
    return _with_body(normal, normal.body, f"text/html; charset={other}")


def invalid_bytes(normal: Response) -> Response:
    """Bytes no decoder of the declared charset accepts, in the middle of the body text
    (0x98 is unassigned in windows-1251; 0xFF never occurs in UTF-8)."""
    bad = b"\xff\xfe" if "utf-8" in normal.content_type.lower() else b"\x98"
    body = normal.body
    # after the last paragraph opening of the first half: inside text, never inside a tag
    anchor = body.rfind(b"<p", 0, len(body) // 2)
    at = body.find(b">", anchor) + 1 if anchor >= 0 else len(body) // 2
    return _with_body(normal, body[:at] + bad + body[at:])


def deep_nesting(normal: Response) -> Response:
    """The page with ``NESTING_DEPTH`` nested elements around its body."""
    body = normal.body
    start = body.find(b"<body")
    start = body.find(b">", start) + 1 if start >= 0 else 0
    end = body.rfind(b"</body>")
    end = end if end >= start else len(body)
    nested = b"<div>" * NESTING_DEPTH + body[start:end] + b"</div>" * NESTING_DEPTH
    return _with_body(normal, body[:start] + nested + body[end:])


def binary_html(normal: Response) -> Response:
    """A PNG-like binary file (seeded random bytes) served as text/html."""
    rng = random.Random(f"binary:{normal.etag}")
    payload = b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(20_000))
    return _with_body(normal, payload, "text/html; charset=windows-1251")


def _content(transform: Any) -> Any:
    def serve(plan: FaultPlan, handler: Any, normal: Response, send_body: bool) -> int:
        return _send_response(handler, transform(normal), send_body)

    return serve


_SERVERS: dict[str, Any] = {
    "http_5xx": _http_5xx,
    "reset": _reset,
    "stall": _stall,
    "truncated": _truncated,
    "redirect_loop": _redirect_loop,
    "redirect_chain": _redirect_chain,
    "offsite_redirect": _offsite_redirect,
    "huge": _huge,
    "huge_streamed": _huge_streamed,
    "wrong_charset": _content(wrong_charset),
    "invalid_bytes": _content(invalid_bytes),
    "deep_nesting": _content(deep_nesting),
    "empty_200": _content(lambda normal: _with_body(normal, b"")),
    "binary_html": _content(binary_html),
}
assert set(_SERVERS) == {*NETWORK_KINDS, *CONTENT_KINDS}
