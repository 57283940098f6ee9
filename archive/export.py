"""Export of the current record of every article, for researchers.

Four formats; the first three write one record per article, fields in
``archive.records.RECORD_FIELDS`` order:

* **JSON Lines** (``jsonl``): one JSON object per line, UTF-8, non-ASCII characters kept
  as they are; ``authors`` is a list of ``{"name", "role"}`` (``role`` is the position
  printed with the name, or null), ``partners`` a list of ``{"name", "country", "kind",
  "matched"}`` (``matched`` is ``registry`` or ``discovered``; the spellings the text used
  are not exported), ``people`` a list of ``{"name", "title"}`` (people named in the text,
  with the title printed before the name, or null), ``countries`` a list of country names;
  ``translators`` and ``photographers`` lists of names.
* **CSV** (``csv``): a header row, then one row per article (RFC 4180 quoting, CRLF line
  ends, UTF-8). List fields are flattened into one cell joined by :data:`LIST_DELIMITER`,
  ``" | "``: authors as ``Name (role)`` or just ``Name``, partners as ``Name (country)``,
  people as ``Name (title)`` (just ``Name`` when there is no role, country or title),
  countries and the other lists as plain names. Kind and ``matched`` of partners are
  only in JSON Lines.
  Empty values (null, empty lists) are empty cells.
* **Parquet** (``parquet``): typed columns, lists as real lists of strings or structs,
  ``published`` a date, ``fetched_at`` a UTC timestamp (``archive.export_parquet``).
* **WARC** (``warc``): not records but the raw captures of the selected articles
  (``archive.export_warc``).

The normalised tables with their ``datapackage.json`` are ``archive.dataset``.

Records stream straight from the database in a stable order (publication date, then
URL) and contain nothing that depends on when the export ran, so exporting the same
archive twice gives byte-identical files. A file export is written beside its target
and renamed into place at the end, so an interrupted export never leaves half a file.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Literal, TextIO

import orjson

from archive.records import RECORD_FIELDS, RecordFilter

ExportFormat = Literal["jsonl", "csv", "parquet", "warc"]
FORMATS: tuple[ExportFormat, ...] = ("jsonl", "csv", "parquet", "warc")
#: Formats written to a byte stream rather than UTF-8 text.
BINARY_FORMATS = frozenset({"parquet", "warc"})

#: Joins the items of a list field in one CSV cell.
LIST_DELIMITER = " | "
STDOUT = "-"


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write ``records`` as JSON Lines; returns how many were written."""
    count = 0
    for line in _jsonl_lines(records):
        out.write(line.decode("utf-8"))
        count += 1
    return count


def write_jsonl_bytes(records: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    """:func:`write_jsonl` to a byte stream: the same bytes, without a text layer's cost."""
    count = 0
    for line in _jsonl_lines(records):
        out.write(line)
        count += 1
    return count


def _jsonl_lines(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    # orjson writes exactly what json.dumps(ensure_ascii=False, separators=(",", ":"))
    # writes, UTF-8 encoded, several times faster (bench/export_speed.py).
    for record in records:
        yield orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write ``records`` as CSV with a header row; returns how many were written."""
    writer = csv.writer(out)
    writer.writerow(RECORD_FIELDS)
    count = 0
    for record in records:
        writer.writerow([csv_cell(name, record.get(name)) for name in RECORD_FIELDS])
        count += 1
    return count


def csv_cell(field: str, value: Any) -> str:
    """One record field as the text of a CSV cell."""
    if value is None:
        return ""
    if field == "authors":
        return LIST_DELIMITER.join(_labelled(a.get("name"), a.get("role")) for a in value)
    if field == "partners":
        return LIST_DELIMITER.join(_labelled(p.get("name"), p.get("country")) for p in value)
    if field == "people":
        return LIST_DELIMITER.join(_labelled(p.get("name"), p.get("title")) for p in value)
    if isinstance(value, list | tuple):
        return LIST_DELIMITER.join("" if v is None else str(v) for v in value)
    return str(value)


def _labelled(name: Any, label: Any) -> str:
    name = "" if name is None else str(name)
    return f"{name} ({label})" if label else name


WRITERS = {"jsonl": write_jsonl, "csv": write_csv}


def export_records(
    archive: Any, fmt: ExportFormat, out: TextIO, filters: RecordFilter | None = None
) -> int:
    """Stream the archive's matching current records to ``out``; returns the count.

    ``archive`` is an ``archive.storage.Archive`` (anything with ``iter_current_records``).
    """
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r} for a text stream; choose one of {', '.join(WRITERS)}")
    return WRITERS[fmt](archive.iter_current_records(filters), out)


def export_to_path(
    archive: Any,
    fmt: ExportFormat,
    path: str | os.PathLike[str],
    filters: RecordFilter | None = None,
) -> int:
    """Export to a file (``-`` for standard output); returns the number of records.

    A progress bar is drawn on stderr when it is a terminal (``archive.progress``).
    """
    from archive.record_stream import fewer_collections

    with fewer_collections():
        return _export_to_path(archive, fmt, path, filters)


def _export_to_path(
    archive: Any, fmt: ExportFormat, path: str | os.PathLike[str], filters: RecordFilter | None
) -> int:
    from archive.progress import progress
    from archive.record_stream import stream_current_records

    if fmt == "warc":
        from archive.export_warc import count_captures, write_warc

        with progress("captures", count_captures(archive, filters)) as bar, open_binary_output(
            path
        ) as out:
            name = None if str(path) == STDOUT else Path(path).name
            return write_warc(
                archive, out, filters, gzip=str(path).endswith(".gz"), filename=name, progress=bar
            )
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    with progress("records", count_records(archive, filters)) as bar:
        records = bar.track(stream_current_records(archive, filters))
        if fmt == "parquet":
            from archive.export_parquet import write_parquet

            with open_binary_output(path) as binary:
                return write_parquet(records, binary)
        if fmt == "jsonl":
            with open_binary_output(path) as binary:
                return write_jsonl_bytes(records, binary)
        with open_output(path) as out:
            return WRITERS[fmt](records, out)


def count_records(archive: Any, filters: RecordFilter | None = None) -> int:
    """How many records an export with ``filters`` writes (one cheap count query)."""
    from sqlalchemy import func, select

    from archive.records import select_current_records
    from archive.search import backend_for

    statement = select_current_records(filters, backend_for(archive.engine.dialect.name))
    with archive.session() as session:
        return session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0


def package_version(distribution: str) -> str:
    """The installed version of ``distribution`` (named in WARC info and manifests)."""
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def filter_summary(filters: RecordFilter | None) -> dict[str, str]:
    """The conditions of ``filters`` that are set, as text (for data cards and WARC info)."""
    if filters is None:
        return {}
    return {
        field.name: str(value)
        for field in dataclasses.fields(filters)
        if (value := getattr(filters, field.name)) is not None
    }


@contextmanager
def open_output(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A UTF-8 text stream without newline translation, to ``path`` or stdout (``-``).

    A file appears only once fully written (written as ``<name>.part``, then renamed).
    """
    if str(path) == STDOUT:
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            yield stream
        finally:
            stream.flush()
            stream.detach()  # leave sys.stdout open
        return
    with _atomic_file(Path(path), "w", encoding="utf-8", newline="") as stream:
        yield stream


@contextmanager
def open_binary_output(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A byte stream to ``path`` or stdout (``-``); a file appears only once fully written."""
    if str(path) == STDOUT:
        try:
            yield sys.stdout.buffer
        finally:
            sys.stdout.buffer.flush()
        return
    with _atomic_file(Path(path), "wb") as stream:
        yield stream


@contextmanager
def _atomic_file(target: Path, mode: str, **options: Any) -> Iterator[Any]:
    """Open ``<target>.part``, rename it to ``target`` when the block ends without error."""
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open(mode, **options) as stream:
            yield stream
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
