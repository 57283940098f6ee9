"""`scrapy crawl news` from the project root: its exit status follows the archive run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from replica import ReplicaServer, build_site

ROOT = Path(__file__).resolve().parents[1]
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0", "-s", "LOG_LEVEL=ERROR"]


def scrapy_crawl(start_url: str, db_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BSMU_ARCHIVE_DB": db_url}
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"start_url={start_url}", *FAST],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.mark.slow
def test_scrapy_crawl_archives_the_replica_and_exits_0(tmp_path):
    with ReplicaServer(build_site(n_articles=20)) as server:
        result = scrapy_crawl(f"{server.base_url}/allarticles/rubric2/", f"sqlite:///{tmp_path / 'a.sqlite3'}")
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.slow
def test_scrapy_crawl_of_an_unreachable_site_exits_1(tmp_path):
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    result = scrapy_crawl("http://127.0.0.1:9/allarticles/rubric2/", f"sqlite:///{tmp_path / 'a.sqlite3'}")
    assert result.returncode == 1
