"""Where the archive lives and how to connect to it.

The database URL comes from the command line, else from ``BSMU_ARCHIVE_DB``, else a
SQLite file under ``data/`` in the current directory. Only that default location has its
folder created automatically: an explicit URL with a wrong directory is far more likely a
typo than a wish for a fresh, empty archive somewhere unexpected.

SQLite is tuned per connection (WAL, ``synchronous=NORMAL``, foreign keys, busy timeout)
so that a crawler can write while the CLI or the web UI reads. Its driver's implicit
transaction handling is switched off and ``BEGIN`` is emitted by us, which lets write
transactions start with ``BEGIN IMMEDIATE``: they take the write lock up front and wait
for it (busy timeout) instead of failing half-way when another writer got there first.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from archive.errors import ArchiveUnavailable

DEFAULT_DB_URL = "sqlite:///data/archive.sqlite3"
DB_URL_ENV = "BSMU_ARCHIVE_DB"
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: Execution option naming the SQLite BEGIN mode of a connection's transactions.
BEGIN_MODE_OPTION = "archive_sqlite_begin"
_BEGIN_MODES = frozenset({"DEFERRED", "IMMEDIATE", "EXCLUSIVE"})


def resolve_db_url(cli_value: str | None) -> str:
    """The database URL to use: the CLI value, else ``$BSMU_ARCHIVE_DB``, else the default."""
    if cli_value:
        return cli_value
    env_value = os.environ.get(DB_URL_ENV, "").strip()
    return env_value or DEFAULT_DB_URL


def describe_url(url: str | URL) -> str:
    """The URL as safe to print: passwords hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return str(url)


def make_engine(url: str) -> Engine:
    """An engine for ``url``, tested with one connection.

    Raises :class:`ArchiveUnavailable` with a one-line message when the URL is malformed,
    names an unknown dialect or a driver that is not installed, or the database cannot be
    opened; connecting once here turns those into an early, clear error instead of a
    traceback in the middle of a crawl.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ArchiveUnavailable(f"invalid database URL {url!r}: {exc}") from exc

    kwargs: dict[str, Any] = {}
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite:
        _prepare_sqlite_path(url, parsed)
    elif parsed.get_backend_name() == "postgresql":
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = {"connect_timeout": 10}

    try:
        engine = create_engine(parsed, **kwargs)
    except NoSuchModuleError as exc:
        raise ArchiveUnavailable(
            f"unknown database type in URL {describe_url(parsed)}: {exc}"
        ) from exc
    except ImportError as exc:
        raise ArchiveUnavailable(
            f"the database driver for {describe_url(parsed)} is not installed ({exc})"
        ) from exc
    except ArgumentError as exc:
        raise ArchiveUnavailable(f"invalid database URL {describe_url(parsed)}: {exc}") from exc

    if is_sqlite:
        _tune_sqlite(engine)

    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        engine.dispose()
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        hint = _sqlite_hint(parsed) if is_sqlite else ""
        raise ArchiveUnavailable(
            f"cannot open database {describe_url(parsed)}: {detail}{hint}"
        ) from exc
    return engine


#: Where run logs and the crawl lock live when the archive is not a local SQLite file.
DEFAULT_LOCAL_DIR = Path("data")


def local_dir(url: str) -> Path:
    """The folder for an archive's local companions (run logs, the crawl lock).

    Beside a SQLite archive file, so two archives never share a lock or mix their logs;
    ``data/`` for a server database or a URL that cannot be parsed.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        return DEFAULT_LOCAL_DIR
    database = parsed.database
    if parsed.get_backend_name() == "sqlite" and database and database != ":memory:" and not database.startswith("file:"):
        return Path(database).parent
    return DEFAULT_LOCAL_DIR


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions take the write lock at BEGIN (SQLite).

    Used for every transaction that writes; readers keep deferred transactions so they
    never block the crawler. Other databases ignore the option.
    """
    return engine.execution_options(**{BEGIN_MODE_OPTION: "IMMEDIATE"})


def _prepare_sqlite_path(url: str, parsed: URL) -> None:
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    if url == DEFAULT_DB_URL:
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_hint(parsed: URL) -> str:
    database = parsed.database
    if database and database != ":memory:" and not Path(database).parent.is_dir():
        return f" (directory {str(Path(database).parent)!r} does not exist)"
    return ""


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module (see the module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(BEGIN_MODE_OPTION, "DEFERRED")
        if mode not in _BEGIN_MODES:
            raise ValueError(f"unknown SQLite BEGIN mode {mode!r}")
        connection.exec_driver_sql(f"BEGIN {mode}")
