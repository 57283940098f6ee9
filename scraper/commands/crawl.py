"""``scrapy crawl``, with an exit status that tells whether the archive run succeeded.

Scrapy's own command exits 0 whenever the crawler started, even when the run the archive
recorded failed (site unreachable, nothing found). Cron and systemd judge a job by its
exit status, so this command exits 1 in that case, as ``bsmu-archive crawl`` does.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from scraper.runs import RUN_STATUS_KEY


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name, e.g. `scrapy crawl news`")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        status = crawler.stats.get_value(RUN_STATUS_KEY) if crawler.stats else None
        if self.crawler_process.bootstrap_failed or status in ("failed", "interrupted"):
            self.exitcode = 1
