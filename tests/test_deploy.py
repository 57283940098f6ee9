"""The deployment files stay in step with the code: every command they run parses.

systemd and cron are not run here; what can break silently is a unit or a crontab line
naming an option the CLI no longer has, or a timer pointing at a unit that is not there.
"""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from archive.cli import build_parser

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


def cli_args(command: str) -> list[str]:
    """The arguments after the ``bsmu-archive`` executable in a shell command."""
    words = shlex.split(command.split("&&")[-1])
    at = next(i for i, w in enumerate(words) if w.endswith("/bsmu-archive"))
    return words[at + 1 :]


@pytest.mark.parametrize(
    "service, expected",
    [("bsmu-archive-crawl.service", ["crawl"]), ("bsmu-archive-crawl-full.service", ["crawl", "--full"])],
)
def test_services_run_a_crawl_the_cli_accepts(service: str, expected: list[str]) -> None:
    section = unit(service)["Service"]
    args = cli_args(section["ExecStart"])
    assert args == expected
    parsed = build_parser().parse_args(args)
    assert parsed.command == "crawl" and parsed.full == ("--full" in expected)
    assert section["Type"] == "oneshot" and section["User"] != "root"
    assert section["ReadWritePaths"] in section["Environment"], "the archive must be writable"


@pytest.mark.parametrize("timer", ["bsmu-archive-crawl.timer", "bsmu-archive-crawl-full.timer"])
def test_timers_start_units_that_exist(timer: str) -> None:
    section = unit(timer)["Timer"]
    assert (DEPLOY / section["Unit"]).is_file()
    assert section["Persistent"] == "true" and section["OnCalendar"]
    assert unit(timer)["Install"]["WantedBy"] == "timers.target"


def test_crontab_lines_are_well_formed_and_parse() -> None:
    jobs = [
        line.split(None, 5)
        for line in (DEPLOY / "crontab").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and "=" not in line.split()[0]
    ]
    assert len(jobs) == 2
    for minute, hour, dom, month, dow, command in jobs:
        assert 0 <= int(minute) < 60 and 0 <= int(hour) < 24 and (dom, month) == ("*", "*")
        assert dow in ("1-6", "0")
        args = cli_args(command)
        assert build_parser().parse_args(args).command == "crawl"


def test_scrapy_cfg_is_ready_for_scrapyd() -> None:
    cfg = configparser.ConfigParser()
    cfg.read(DEPLOY.parent / "scrapy.cfg", encoding="utf-8")
    assert cfg["settings"]["default"] == "scraper.settings"
    assert cfg["deploy"]["project"] == "bsmu_news_archive"
    assert cfg["deploy"]["url"].startswith("http://127.0.0.1:")
