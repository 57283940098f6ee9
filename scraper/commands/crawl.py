"""``scrapy crawl``, with an exit status that tells whether the archive run succeeded.

Scrapy's own command exits 0 whenever the crawler started, even when the run the archive
recorded failed (site unreachable, nothing found). Cron and systemd judge a job by its
exit status, so this command exits 1 in that case, as ``bsmu-archive crawl`` does.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from scraper.crawl import crawl_lock
from scraper.lock import EXIT_LOCKED, CrawlLocked
from scraper.runs import RUN_STATUS_KEY


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Crawl under the archive's crawl lock, as ``bsmu-archive crawl`` does."""
        if len(args) != 1:
            raise UsageError("give exactly one spider name, e.g. `scrapy crawl news`")
        assert self.crawler_process and self.settings is not None
        from archive.db import resolve_db_url
        from archive.errors import ArchiveError

        db_url = resolve_db_url(self.settings.get("ARCHIVE_DB_URL") or None)
        try:
            with crawl_lock(self.settings, db_url):
                crawler = self._create_crawler(args[0])
                self.crawler_process.crawl(crawler, **opts.spargs)
                self.crawler_process.start()
        except CrawlLocked as exc:
            print(f"scrapy crawl: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        except ArchiveError as exc:
            print(f"scrapy crawl: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        status = crawler.stats.get_value(RUN_STATUS_KEY) if crawler.stats else None
        if self.crawler_process.bootstrap_failed or status in ("failed", "interrupted"):
            self.exitcode = 1
