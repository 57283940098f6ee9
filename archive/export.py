"""Export of the current record of every article, for researchers.

Two formats, one record per article, fields in ``archive.records.RECORD_FIELDS`` order:

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

Records stream straight from the database in a stable order (publication date, then
URL) and contain nothing that depends on when the export ran, so exporting the same
archive twice gives byte-identical files. A file export is written beside its target
and renamed into place at the end, so an interrupted export never leaves half a file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TextIO

from archive.records import RECORD_FIELDS, RecordFilter

ExportFormat = Literal["jsonl", "csv"]
FORMATS: tuple[ExportFormat, ...] = ("jsonl", "csv")

#: Joins the items of a list field in one CSV cell.
LIST_DELIMITER = " | "
STDOUT = "-"


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write ``records`` as JSON Lines; returns how many were written."""
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
        count += 1
    return count


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
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return WRITERS[fmt](archive.iter_current_records(filters), out)


def export_to_path(
    archive: Any,
    fmt: ExportFormat,
    path: str | os.PathLike[str],
    filters: RecordFilter | None = None,
) -> int:
    """Export to a file (``-`` for standard output); returns the number of records."""
    with open_output(path) as out:
        return export_records(archive, fmt, out, filters)


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
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
