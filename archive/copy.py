"""Moving a whole archive from one database to another (SQLite to PostgreSQL, typically).

An archive outgrows its SQLite file when several people search it at once or several
crawlers write to it; its history must move with it intact: every capture's raw bytes,
every revision, every run. The copy goes table by table in foreign-key order, in batches
streamed by primary key (memory stays flat), keeping every id, so the copy is the same
archive row for row. Afterwards the target's id sequences are moved past the copied ids
(PostgreSQL would otherwise hand out id 1 again), its search index is rebuilt from the
current revisions, and every table's row count is compared with the source's.

The target must be empty: merging two archives is a different operation, with
conflicts to decide, and is refused rather than half done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import Table, func, select, text, update

from archive.errors import ArchiveError
from archive.models import Article, Base
from archive.progress import progress
from archive.storage import Archive

BATCH = 2_000


class CopyError(ArchiveError):
    """The copy cannot start, or its result does not match the source (one line)."""


@dataclass(frozen=True, slots=True)
class TableCopy:
    name: str
    source_rows: int
    target_rows: int


def copy_archive(
    source_url: str,
    target_url: str,
    *,
    on_table: Callable[[TableCopy], None] | None = None,
) -> list[TableCopy]:
    """Copy every table of the archive at ``source_url`` into the empty one at ``target_url``.

    Both are opened as archives (so both schemas must be at this program's revision; an
    empty target gets the schema). Raises :class:`CopyError` when the target holds data or
    a count differs after the copy.
    """
    with Archive.open(source_url) as source, Archive.open(target_url) as target:
        tables = list(Base.metadata.sorted_tables)
        with target.engine.connect() as connection:
            filled = [t.name for t in tables if connection.execute(select(func.count()).select_from(t)).scalar_one()]
        if filled:
            raise CopyError(
                f"the target archive is not empty (rows in {', '.join(filled)}): copy into a new database"
            )
        results = []
        for table in tables:
            total = _count(source, table)
            with progress(f"copying {table.name}", total) as bar:
                for rows in _batches(source, table):
                    if table.name == Article.__tablename__:
                        # The article -> current revision link is written once revisions exist.
                        rows = [{**row, "current_revision_id": None} for row in rows]
                    with target.engine.begin() as connection:
                        connection.execute(table.insert(), rows)
                    bar.advance(len(rows))
            results.append(TableCopy(table.name, total, 0))
        _link_current_revisions(source, target)
        move_sequences(target, tables)
        _rebuild_search_index(target)
        checked = [TableCopy(r.name, r.source_rows, _count(target, _table(r.name))) for r in results]
        for result in checked:
            if on_table is not None:
                on_table(result)
        wrong = [r for r in checked if r.source_rows != r.target_rows]
        if wrong:
            detail = ", ".join(f"{r.name} {r.source_rows} -> {r.target_rows}" for r in wrong)
            raise CopyError(f"row counts differ after the copy: {detail}")
        return checked


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _count(archive: Archive, table: Table) -> int:
    with archive.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _batches(archive: Archive, table: Table) -> Iterator[list[dict[str, object]]]:
    """Rows of ``table`` in primary-key order, ``BATCH`` at a time (keyset pagination)."""
    key = list(table.primary_key.columns)
    if len(key) != 1:
        raise CopyError(f"table {table.name} has no single-column primary key")
    column = key[0]
    last = None
    while True:
        statement = select(table).order_by(column).limit(BATCH)
        if last is not None:
            statement = statement.where(column > last)
        with archive.engine.connect() as connection:
            rows = [dict(row._mapping) for row in connection.execute(statement)]
        if not rows:
            return
        yield rows
        last = rows[-1][column.name]


def _link_current_revisions(source: Archive, target: Archive) -> None:
    with source.engine.connect() as connection:
        links = [
            {"article_id": a, "revision_id": r}
            for a, r in connection.execute(
                select(Article.id, Article.current_revision_id).where(Article.current_revision_id.is_not(None))
            )
        ]
    table = _table(Article.__tablename__)
    for start in range(0, len(links), BATCH):
        with target.engine.begin() as connection:
            for link in links[start : start + BATCH]:
                connection.execute(
                    update(table).where(table.c.id == link["article_id"]).values(current_revision_id=link["revision_id"])
                )


def move_sequences(target: Archive, tables: list[Table]) -> None:
    """PostgreSQL: each serial id's sequence continues after the largest copied id."""
    if target.engine.dialect.name != "postgresql":
        return
    with target.engine.begin() as connection:
        for table in tables:
            key = list(table.primary_key.columns)
            if len(key) != 1 or key[0].type.python_type is not int:
                continue  # capture bodies are keyed by their SHA-256: no sequence
            sequence = connection.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": key[0].name},
            ).scalar_one()
            if sequence is None:
                continue
            connection.execute(
                text(f"SELECT setval(:sequence, (SELECT COALESCE(MAX({key[0].name}), 0) + 1 FROM {table.name}), false)"),
                {"sequence": sequence},
            )


def _rebuild_search_index(target: Archive) -> None:
    """Index the current revision of every article, as storing it would have."""
    with progress("indexing", _count(target, _table(Article.__tablename__))) as bar:
        target.reindex(on_batch=bar.advance)
