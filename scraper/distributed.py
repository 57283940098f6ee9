"""Several crawler processes sharing one frontier in Redis (scrapy-redis).

With ``bsmu-archive crawl --redis URL``, Scrapy's scheduler and duplicate filter are
scrapy-redis's: every request any worker makes goes into one Redis priority queue, and a
URL any worker has seen is never requested again by another. Each worker still reads the
archive's crawl memory at start (so they agree on what is known) and records its own run;
the runs of one job add up to the whole crawl.

A crawl **job** names the shared frontier (``bsmu-archive:<job>:news:requests`` and
``...:dupefilter``). Workers started with the same job share it; a new job starts clean.
The default job is the UTC date (``nightly-2026-11-22``), so the machines of one night
meet without being told. The keys are kept when a worker stops (another may still be
working) and expire ``REDIS_JOB_TTL`` seconds later.

A worker whose queue runs dry waits ``REDIS_IDLE_GRACE`` seconds before it stops: another
worker may be parsing a listing page that is about to add work. While it waits it asks the
shared queue again every ``REDIS_IDLE_POLL`` seconds: left alone, Scrapy's engine asks an
idle scheduler only on its 5-second heartbeat, and a worker whose queue ran dry for a
moment sat out the next five seconds of the crawl.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured

logger = logging.getLogger(__name__)

KEY_PREFIX = "bsmu-archive"


def default_job(now: dt.datetime | None = None) -> str:
    """``nightly-YYYY-MM-DD`` in UTC: what workers started the same night share."""
    return f"nightly-{(now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC):%Y-%m-%d}"


def redis_settings(redis_url: str, job: str) -> dict[str, str]:
    """The settings that put a crawl on the shared frontier of ``job`` at ``redis_url``."""
    if not job or any(c.isspace() or c in "%{}" for c in job):
        raise ValueError(f"a crawl job name must be one word without % or braces: {job!r}")
    prefix = f"{KEY_PREFIX}:{job}:%(spider)s"
    return {
        "REDIS_URL": redis_url,
        "NEWS_CRAWL_JOB": job,
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        # Another worker may still be at work: a stopping worker leaves the frontier alone.
        "SCHEDULER_PERSIST": "True",
    }


def check_redis(redis_url: str) -> None:
    """Reach the Redis server once, so a wrong URL fails in one line before Scrapy starts."""
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except (redis.RedisError, ValueError) as exc:
        raise ValueError(f"cannot reach Redis at {redis_url}: {exc}") from exc


def is_distributed(settings: object) -> bool:
    """Whether these crawl settings use the shared frontier."""
    get = getattr(settings, "get", None)
    return bool(get and get("REDIS_URL") and "scrapy_redis" in str(get("SCHEDULER") or ""))


class SharedFrontier:
    """Keeps an idle worker open for a grace period, and sets the job's keys to expire."""

    def __init__(self, crawler: Crawler, grace: float, ttl: int, poll: float = 0.25) -> None:
        self.crawler = crawler
        self.grace = grace
        self.ttl = ttl
        self.poll = poll
        self._poll_pending = False
        self.idle_since: float | None = None
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedFrontier:
        if not is_distributed(crawler.settings):
            raise NotConfigured("not a distributed crawl")
        return cls(
            crawler,
            crawler.settings.getfloat("REDIS_IDLE_GRACE", 10.0),
            crawler.settings.getint("REDIS_JOB_TTL", 7 * 24 * 3600),
            crawler.settings.getfloat("REDIS_IDLE_POLL", 0.25),
        )

    def request_scheduled(self) -> None:
        self.idle_since = None

    def response_received(self) -> None:
        self.idle_since = None

    def spider_idle(self) -> None:
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.grace:
            self._poll_soon()
            raise DontCloseSpider("the shared frontier may still get work from other workers")

    def _poll_soon(self) -> None:
        """Have the engine ask the shared queue again in ``poll`` seconds, not in five."""
        if self._poll_pending or self.poll <= 0:
            return
        from twisted.internet import reactor

        self._poll_pending = True
        reactor.callLater(self.poll, self._poll)  # type: ignore[attr-defined]

    def _poll(self) -> None:
        self._poll_pending = False
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:  # None once the spider has closed
            slot.nextcall.schedule()

    def spider_closed(self) -> None:
        scheduler = getattr(self.crawler.engine, "_slot", None)
        scheduler = getattr(scheduler, "scheduler", None)
        server = getattr(scheduler, "server", None)
        if server is None:
            return
        keys = [getattr(getattr(scheduler, "queue", None), "key", None), getattr(getattr(scheduler, "df", None), "key", None)]
        for key in filter(None, keys):
            try:
                server.expire(key, self.ttl)
            except Exception:  # the crawl is over; an unreachable Redis must not fail it now
                logger.warning("Could not set the expiry of %s", key, exc_info=True)
