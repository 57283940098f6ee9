"""Alembic environment: runs the archive's migrations on one connection.

The archive calls Alembic in code and hands it an engine through
``config.attributes["engine"]`` (see ``archive.schema``); run by the ``alembic`` command
instead, the database comes from ``-x db=URL``, else ``sqlalchemy.url``, else the same
resolution as the CLI (``$BSMU_ARCHIVE_DB``, then the default file).
"""

from __future__ import annotations

from alembic import context

from archive.db import make_engine, resolve_db_url, writer
from archive.models import Base
from archive.schema import include_object

config = context.config
target_metadata = Base.metadata


def _database_url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option(
        "sqlalchemy.url"
    )
    return resolve_db_url(url or None)


def run_migrations_offline() -> None:
    context.configure(
        url=_database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or writer(make_engine(_database_url()))
    with engine.connect() as connection:
        is_sqlite = connection.dialect.name == "sqlite"
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_object=include_object,
            # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
            render_as_batch=is_sqlite,
            # Our SQLite connections emit BEGIN themselves (archive.db), so DDL is
            # transactional there too: a failed upgrade leaves the old schema intact.
            transactional_ddl=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
