"""Export throughput and peak memory on a large archive, every format in one run.

Builds a synthetic archive of ``--articles`` articles (``bench/synthetic_archive.py``;
or reuses ``--db``), then runs ``bsmu-archive export`` as a child process per format,
as a researcher would, and reports for each: records (captures for WARC, articles for
the dataset) per second of the child's wall time — interpreter start-up and the count
query for the progress bar included — the child's peak resident memory (``ru_maxrss``
from ``os.wait4``, so each format is measured alone) and the output size. Targets of
issue 6: at least 20,000 records/s for JSON Lines and Parquet, peak memory under 300 MB
for every format.

    python bench/export_speed.py [--articles 100000] [--db URL] [--formats jsonl parquet ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMATS = ("jsonl", "csv", "parquet", "warc", "dataset")
OUTPUT = {"jsonl": "out.jsonl", "csv": "out.csv", "parquet": "out.parquet", "warc": "out.warc.gz"}
TARGET_PER_SECOND = 20_000
TARGET_MEMORY_MB = 300


def run_export(db_url: str, fmt: str, workdir: Path) -> tuple[int, float, float, float, int, str]:
    """(exit status, wall seconds, CPU seconds, peak RSS in MB, output bytes, stderr)."""
    target = workdir / ("dataset" if fmt == "dataset" else OUTPUT[fmt])
    where = ["--dataset", str(target)] if fmt == "dataset" else ["--format", fmt, "--out", str(target)]
    command = [sys.executable, "-m", "archive.cli", "--db", db_url, "export", *where]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    stderr = child.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    size = 0
    if target.is_dir():
        size = sum(p.stat().st_size for p in target.rglob("*"))
    elif target.exists():
        size = target.stat().st_size
    return child.returncode, elapsed, cpu, usage.ru_maxrss / 1024, size, stderr.strip()


def _remove_output(workdir: Path) -> None:
    """Drop one format's output before the next (the 100k WARC alone is gigabytes)."""
    for path in workdir.iterdir():
        if path.name.startswith("synthetic.sqlite3"):
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def exported_count(stderr: str) -> int:
    """The count the CLI reports: 'exported N records/captures/articles ...'."""
    words = stderr.split()
    return int(words[1]) if len(words) > 1 and words[0] == "exported" else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", help="an existing archive to export (default: build a synthetic one)")
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    args = parser.parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory(prefix="bsmu-export-bench-") as tmp:
        workdir = Path(tmp)
        db_url = args.db
        if db_url is None:
            db_url = f"sqlite:///{workdir / 'synthetic.sqlite3'}"
            # Built by a child process: a child's ru_maxrss starts from the size of the
            # process it was forked from, so this one must stay small.
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, str(HERE / "synthetic_archive.py"), "--db", db_url,
                 "--articles", str(args.articles)],
                check=True, stdout=subprocess.DEVNULL,
            )
            print(f"synthetic archive: {args.articles} articles built in {time.perf_counter() - started:.0f} s")
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
              "(per CPU s is what an idle machine would give as per s)")
        print(f"{'format':>8} {'exported':>9} {'seconds':>8} {'per s':>8} {'CPU s':>6} "
              f"{'per CPU s':>9} {'peak MB':>8} {'output MB':>9}  target")
        for fmt in args.formats:
            code, elapsed, cpu, peak, size, stderr = run_export(db_url, fmt, workdir)
            count = exported_count(stderr)
            rate = count / elapsed if elapsed else 0.0
            checks = [f"memory {'ok' if peak < TARGET_MEMORY_MB else 'MISSED'}"]
            if fmt in ("jsonl", "parquet"):
                checks.append(f"speed {'ok' if rate >= TARGET_PER_SECOND else 'MISSED'}")
            # Only a failed export fails the run: a missed target is a number to read
            # (and on a busy machine the wall clock misses it for reasons of its own).
            failed |= code != 0
            note = ", ".join(checks) + ("" if code == 0 else f", exit {code}: {stderr[-300:]}")
            per_cpu = count / cpu if cpu else 0.0
            print(f"{fmt:>8} {count:>9} {elapsed:>8.1f} {rate:>8.0f} {cpu:>6.1f} {per_cpu:>9.0f} "
                  f"{peak:>8.0f} {size / 2**20:>9.1f}  {note}")
            sys.stdout.flush()
            _remove_output(workdir)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
