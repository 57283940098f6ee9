"""Each run's log in a file of its own, besides stderr.

An unattended nightly run is read the morning after, often only when something went
wrong: its whole log must still be there, apart from every other night's, and its path is
recorded with the run (``bsmu-archive runs --show N``). Stderr keeps the log too, for
journald or cron's mail.

``RUN_LOG_DIR`` chooses the folder; unset, it is ``logs/`` beside a SQLite archive file,
else ``data/logs``; empty switches the file off. With ``LOG_FILE`` set, Scrapy already
writes to a file and this extension stands aside.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


def log_file_name(now: dt.datetime, pid: int) -> str:
    """``crawl-20261122T031500Z-4242.log``: sorts by time, unique per process."""
    return f"crawl-{now.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}-{pid}.log"


class RunLogFile:
    """Adds a file handler to the root logger for the crawl's lifetime."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        settings = crawler.settings
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handler = logging.FileHandler(path, encoding="utf-8")
        self.handler.setFormatter(
            logging.Formatter(settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT"))
        )
        self.handler.setLevel(settings.get("LOG_LEVEL") or "INFO")
        logging.getLogger().addHandler(self.handler)
        self.path = path
        # Read by the archive pipeline, which records the path with the run.
        crawler.run_log_path = str(path)  # type: ignore[attr-defined]
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLogFile:
        settings = crawler.settings
        if settings.get("LOG_FILE"):
            raise NotConfigured("LOG_FILE is set: Scrapy writes the log file itself")
        chosen = settings.get("RUN_LOG_DIR")
        if chosen == "":
            raise NotConfigured("RUN_LOG_DIR is empty")
        if chosen is None:
            from archive.db import local_dir, resolve_db_url

            directory = local_dir(resolve_db_url(settings.get("ARCHIVE_DB_URL") or None)) / "logs"
        else:
            directory = Path(chosen)
        name = log_file_name(dt.datetime.now(dt.UTC), os.getpid())
        return cls(crawler, directory / name)

    def engine_stopped(self) -> None:
        logging.getLogger().removeHandler(self.handler)
        self.handler.close()
