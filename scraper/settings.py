"""Scrapy settings of the news crawler.

The defaults are for the real site, a small university server that we want to keep
visiting for years: one request at a time or two, at least a second apart, robots.txt
obeyed, and a User-Agent that says who we are and where to complain. Tests and the
local replica lower the delays with ``-s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False``;
every value here can be overridden that way, through ``scrapy crawl news -s`` as well as
``bsmu-archive crawl -s``.
"""

from __future__ import annotations

BOT_NAME = "bsmu_news_archive"
# `scrapy crawl` exits non-zero when the archive run failed (scraper/commands/crawl.py).
COMMANDS_MODULE = "scraper.commands"

SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"

# --- Who we are -------------------------------------------------------------------------
USER_AGENT = "bsmu-news-archive/0.1 (+https://github.com/bsmu-news-archive/bsmu-news-archive)"

# --- Politeness -------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0  # seconds between requests to one host; AutoThrottle never goes below it
# Scrapy varies each delay by ±50% by default, which would let gaps fall to 0.5 s; with
# no jitter the delay (and AutoThrottle, which never goes below DOWNLOAD_DELAY) is a floor.
DOWNLOAD_DELAY_JITTER = 0.0
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# --- Limits: a news page is tens of kilobytes; anything near these is not one --------------
# A page past the cap is abandoned mid-download (recorded as ``size_cap`` in the run).
DOWNLOAD_MAXSIZE = 4 * 1024 * 1024
DOWNLOAD_WARNSIZE = 1 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 3
REDIRECT_MAX_TIMES = 5

# --- Components -------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Right after Scrapy's OffsiteMiddleware (50) and before RobotsTxtMiddleware (100), so
    # an offsite redirect target is dropped before its robots.txt would be fetched.
    "scraper.middlewares.OffsiteRedirectGuard": 55,
    # Above RedirectMiddleware (600), so it sees 3xx answers first: offsite redirects and
    # redirect loops become failures the spider records instead of silent drops.
    "scraper.redirects.RedirectGuard": 650,
}
ITEM_PIPELINES = {
    "scraper.pipelines.ArchivePipeline": 300,
}
EXTENSIONS = {
    "scraper.runlog.RunLogFile": 0,
    # Only active on a shared Redis frontier (bsmu-archive crawl --redis URL).
    "scraper.distributed.SharedFrontier": 10,
}
#: Distributed crawling (scraper/distributed.py): seconds an idle worker waits for work
#: that other workers may add, and how long a job's Redis keys outlive its last worker.
REDIS_IDLE_GRACE = 10.0
REDIS_IDLE_POLL = 0.25  # seconds between an idle worker's looks at the shared queue
REDIS_JOB_TTL = 7 * 24 * 3600

#: Switches the OffsiteRedirectGuard off when False (for experiments only).
OFFSITE_GUARD_ENABLED = True

# --- Archive ----------------------------------------------------------------------------
#: Where captures go. Empty means "ask archive.db.resolve_db_url()", which reads the
#: BSMU_ARCHIVE_DB environment variable or falls back to sqlite:///data/archive.sqlite3.
#: It is resolved when the pipeline opens, not here, so importing the settings never
#: touches the archive package or the environment.
ARCHIVE_DB_URL = None
#: Switches the ArchivePipeline off when False (dry runs, tests of fetching alone).
ARCHIVE_ENABLED = True
#: A run fails when more than this share of the article pages read in it fail extraction:
#: that is how a change of the site's layout shows up the morning after.
ARCHIVE_MAX_FAILED_SHARE = 0.2
#: Folder of the per-run log files; None: ``logs/`` beside a SQLite archive, else
#: ``data/logs``; "" switches them off (stderr only).
RUN_LOG_DIR = None
#: The lock file that keeps two crawls of one archive from overlapping; None:
#: ``crawl.lock`` beside a SQLite archive, else ``data/crawl.lock``.
CRAWL_LOCK_FILE = None

# --- What to crawl ----------------------------------------------------------------------
NEWS_START_URLS = ["https://eng.bsmu.by/allarticles/rubric2/"]
#: Walk every listing page and ask again (conditionally) for every known article: the
#: periodic deep pass that finds edits to old articles and removed ones. Off: incremental.
NEWS_FULL = False
#: Articles published within this many days are asked again (conditionally) every run.
NEWS_RECENT_DAYS = 14
#: An incremental walk stops after this many listing pages in a row with no new article.
NEWS_LISTING_OVERLAP = 1
#: "Today" for the recent-articles window, as YYYY-MM-DD; empty: the current UTC date.
NEWS_TODAY = ""

#: Logs archived pages as "<FetchedPage 200 URL (N bytes)>" instead of their raw bytes.
LOG_FORMATTER = "scraper.logformatter.PageLogFormatter"

# --- Misc -------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
# No back doors into a crawler that runs unattended from cron: the telnet console, and
# the remote-control HTTP server Scrapy 2.19 starts by default (it executes Python code
# sent to it), are both off.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
# REQUEST_FINGERPRINTER_IMPLEMENTATION no longer exists in Scrapy 2.13+: the "2.7"
# fingerprinter is the only one, so nothing needs to be pinned here.
