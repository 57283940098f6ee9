"""Schema management: the database is always created and changed by Alembic migrations.

Opening an archive checks where its schema stands. An empty database is brought to the
newest revision at once (a new archive needs no ceremony); a database at the newest
revision is used as it is; anything else stops with :class:`SchemaOutOfDate`, because
changing the schema of an archive that holds years of captures must be a deliberate
``bsmu-archive db upgrade``, not a side effect of running a crawl.

Alembic is configured in code, so nothing depends on an ``alembic.ini`` in the current
directory; the migrations ship inside the package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from sqlalchemy import Engine, inspect

from archive.db import writer
from archive.errors import SchemaOutOfDate

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
UPGRADE_HINT = "run `bsmu-archive db upgrade`"
#: Tables that exist only in some databases and are made by hand in migrations (SQLite's
#: FTS5 index and its shadow tables): autogenerate must neither drop nor model them.
UNMANAGED_TABLE_PREFIXES = ("article_search",)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic autogenerate filter: keep away from the hand-made search tables."""
    return not (type_ == "table" and name is not None and name.startswith(UNMANAGED_TABLE_PREFIXES))


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config for our migrations; with ``engine``, bound to it (see env.py)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest migration this code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the archive ships at least one migration"
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at; None when Alembic has never touched it."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Apply the migrations up to ``target``, in one transaction holding the write lock.

    Raises :class:`SchemaOutOfDate` when the database is at a revision this code does not
    know (written by a newer version), instead of Alembic's own error.
    """
    try:
        command.upgrade(alembic_config(writer(engine)), target)
    except CommandError as exc:
        raise SchemaOutOfDate(f"cannot upgrade the database schema: {exc}") from exc


def ensure_schema(engine: Engine) -> None:
    """Create the schema in an empty database; refuse a database that is not at head."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    if current is None:
        if user_tables(engine):
            raise SchemaOutOfDate(
                "the database has tables but no archive schema version; "
                "it does not look like a bsmu-archive database"
            )
        upgrade(engine)
        return
    script = ScriptDirectory.from_config(alembic_config())
    if _known(script, current):
        raise SchemaOutOfDate(
            f"the database schema is at revision {current}, this program needs {head}: {UPGRADE_HINT}"
        )
    raise SchemaOutOfDate(
        f"the database schema is at revision {current}, which this program does not know "
        "(was it written by a newer version of bsmu-news-archive?)"
    )


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except (CommandError, RevisionError):
        return False


def user_tables(engine: Engine) -> list[str]:
    """Tables other than Alembic's own: a database without a version but with these is foreign."""
    return [name for name in inspect(engine).get_table_names() if name != "alembic_version"]
