"""The current records of an export, streamed fast and in constant memory.

``Archive.iter_current_records`` is the general reader; an export of 100,000 articles
needs more than 20,000 records a second, and measured on a synthetic archive the
standard ``json`` module alone (decoding the stored record, about 40 µs each) and the
ORM's row handling take most of that budget. So exports read the same statement
(``records.select_current_records``: same filters, same order) through a Core
connection, take the stored record as raw JSON text and decode it with orjson, then
shape it with the one ``records.current_record``. Rows are fetched
:data:`STREAM_ROWS` at a time, so memory does not grow with the archive.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Text, cast

from archive.models import Article, Revision
from archive.records import RecordFilter, current_record, select_current_records
from archive.search import backend_for

STREAM_ROWS = 1000
#: Allocations between young-generation collections while an export runs (CPython's
#: default is 700).
EXPORT_GC_THRESHOLD = 100_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often for the duration of an export.

    An export allocates a dozen dicts and lists per record, none of them in a cycle, so
    reference counting frees them all; but every 700 allocations CPython still scans
    the young objects — measured, 17% of a Parquet export's CPU (more batches of
    records are alive there). Memory does not grow: nothing here needs the collector.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(EXPORT_GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def selected_article_ids(archive: Any, filters: RecordFilter | None) -> Any:
    """A select of the archive ids of the articles ``filters`` selects (as the export does),
    for the exports that follow articles to their captures and revisions."""
    statement = select_current_records(filters, backend_for(archive.engine.dialect.name))
    return statement.with_only_columns(Article.id).order_by(None)


class _StoredRow(NamedTuple):
    """What ``current_record`` reads from a row, with ``record`` already decoded."""

    record: dict[str, Any]
    number: int
    extractor_version: str
    canonical_url: str
    site_article_id: int | None
    rubric: int | None
    fetched_at: Any


def stream_current_records(archive: Any, filters: RecordFilter | None = None) -> Iterator[dict[str, Any]]:
    """The current record of every matching article, by date then URL (as ``export``)."""
    statement = select_current_records(filters, backend_for(archive.engine.dialect.name))
    # CAST to text: SQLite hands back the stored JSON text, and PostgreSQL's driver would
    # otherwise decode JSONB itself with the slow json module.
    raw_record = cast(Revision.record, Text).label("record")
    columns = [raw_record if c.name == "record" else c for c in statement.selected_columns]
    statement = statement.with_only_columns(*columns)
    at = {c.name: i for i, c in enumerate(columns)}
    # Positions, not names, per row: attribute access on a row costs more than the rest
    # of the loop.
    fields = [at[name] for name in _StoredRow._fields]
    record_at = fields[0]
    with archive.engine.connect() as connection:
        result = connection.execution_options(yield_per=STREAM_ROWS).execute(statement)
        for row in result:
            values = [row[i] for i in fields]
            stored = row[record_at]
            # Text on every backend thanks to the CAST; a driver that still hands over a
            # decoded document is taken as it is.
            values[0] = stored if isinstance(stored, dict) else orjson.loads(stored)
            yield current_record(_StoredRow(*values))
