"""Parquet output: the flat record export and the tables of the dataset mode.

Parquet is what pandas, R (arrow), DuckDB and Spark read fastest and with types intact,
so lists stay lists (``authors`` is a list of ``{name, role}`` structs, ``translators``
a list of strings), dates are dates and timestamps are UTC timestamps.

Memory stays flat: :data:`BATCH_ROWS` rows are gathered, turned column by column into
one Arrow record batch, written as one row group by
``pyarrow.parquet.ParquetWriter`` and dropped. The schema is explicit, never inferred from
the first rows, so an export whose first batch has no photographer still types the column.

Encoding and compressing a row group (pyarrow, in C++, without the GIL) runs on a writer
thread while the next batch is read and converted, one batch at a time and in order: the
two halves of the work overlap on two cores, and memory grows by one batch at most.

Bytes are deterministic: row groups have a fixed size, the footer holds only the schema
and pyarrow's own ``created_by`` string (no time), so the same rows written by the same
pyarrow give the same file.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

#: Rows per record batch and row group: large enough for good compression and speed,
#: small enough that one batch of full article texts stays a few tens of megabytes.
BATCH_ROWS = 4096
COMPRESSION = "zstd"
#: Columns whose values rarely repeat: dictionary encoding only costs time there (Parquet
#: falls back to plain encoding once the dictionary page is full), so it is off for them.
UNIQUE_TEXT = frozenset({"url", "title", "announcement", "body", "content_hash", "capture_sha256"})

_AUTHOR = pa.struct([("name", pa.string()), ("role", pa.string())])
_PARTNER = pa.struct(
    [("name", pa.string()), ("country", pa.string()), ("kind", pa.string()), ("matched", pa.string())]
)
_NAMED = pa.struct([("name", pa.string()), ("title", pa.string())])
#: Parquet stores no second-resolution timestamps: milliseconds is what reads back.
TIMESTAMP = pa.timestamp("ms", tz="UTC")


def list_of(item: pa.DataType) -> pa.DataType:
    """A list type as Parquet's nested-type rules name it (``element``), so the schema
    read back equals the schema written."""
    return pa.list_(pa.field("element", item))


#: The flat export's schema, field for field ``archive.records.RECORD_FIELDS``.
RECORD_SCHEMA = pa.schema(
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("announcement", pa.string()),
        pa.field("published", pa.date32()),
        pa.field("authors", list_of(_AUTHOR)),
        pa.field("translators", list_of(pa.string())),
        pa.field("photographers", list_of(pa.string())),
        pa.field("partners", list_of(_PARTNER)),
        pa.field("people", list_of(_NAMED)),
        pa.field("countries", list_of(pa.string())),
        pa.field("body", pa.string()),
        pa.field("language", pa.string()),
        pa.field("fetched_at", TIMESTAMP),
        pa.field("article_id", pa.int64()),
        pa.field("rubric", pa.int64()),
        pa.field("revision", pa.int64()),
        pa.field("extractor_version", pa.string()),
    ]
)


class ParquetTable:
    """Rows (dicts) in, a Parquet file out, :data:`BATCH_ROWS` rows at a time.

    Values are given as the record dicts hold them: dates and timestamps may be ISO
    strings (``2024-03-01``, ``2024-03-01T08:15:00Z``) and are converted per column.
    """

    def __init__(self, out: BinaryIO | str, schema: pa.Schema) -> None:
        self.schema = schema
        self.rows = 0
        self._pending: list[dict[str, Any]] = []
        dictionary = [name for name in schema.names if name not in UNIQUE_TEXT]
        self._writer = pq.ParquetWriter(
            out, schema, compression=COMPRESSION, use_dictionary=dictionary
        )
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parquet-writer")
        self._writing: Future[None] | None = None

    def write(self, row: dict[str, Any]) -> None:
        self._pending.append(row)
        if len(self._pending) >= BATCH_ROWS:
            self._flush()

    def write_all(self, rows: Iterable[dict[str, Any]]) -> int:
        for row in rows:
            self.write(row)
        return self.rows

    def close(self) -> None:
        """Write the last batch and the footer (an empty export still gets its schema)."""
        try:
            self._flush()
            self._wait()
        finally:
            self._thread.shutdown(wait=True)
            self._writer.close()

    def __enter__(self) -> ParquetTable:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _flush(self) -> None:
        rows, self._pending = self._pending, []
        if not rows:
            return
        arrays = [_column([row.get(field.name) for row in rows], field.type) for field in self.schema]
        batch = pa.RecordBatch.from_arrays(arrays, schema=self.schema)
        self._wait()  # the previous row group is written before this one: order is kept
        self._writing = self._thread.submit(self._writer.write_batch, batch)
        self.rows += batch.num_rows

    def _wait(self) -> None:
        if self._writing is not None:
            writing, self._writing = self._writing, None
            writing.result()  # a write error surfaces here, in the exporting thread


def write_parquet(records: Iterable[dict[str, Any]], out: BinaryIO | str) -> int:
    """Write current records as Parquet with :data:`RECORD_SCHEMA`; returns the count."""
    table = ParquetTable(out, RECORD_SCHEMA)
    with table:
        table.write_all(records)
    return table.rows


def _column(values: list[Any], arrow_type: pa.DataType) -> pa.Array:
    """One column as an Arrow array; ISO date and time strings are parsed by Arrow's cast
    (in C++, a whole column at once) instead of one Python call per value."""
    temporal = pa.types.is_date32(arrow_type) or pa.types.is_timestamp(arrow_type)
    if temporal and all(v is None or isinstance(v, str) for v in values):
        return pa.array(values, type=pa.string()).cast(arrow_type)
    return pa.array(values, type=arrow_type)
