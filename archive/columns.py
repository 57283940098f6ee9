"""Column types that behave the same on SQLite and PostgreSQL.

SQLite has no time zones and no JSON column type; PostgreSQL has both. These types keep
what Python code sees identical on either: timestamps are always timezone-aware UTC
``datetime`` objects, and JSON columns are ``JSONB`` on PostgreSQL (indexable, compact)
and JSON text elsewhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

#: JSON documents: JSONB on PostgreSQL, JSON text on SQLite.
JsonDocument = JSON().with_variant(JSONB(), "postgresql")


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as UTC and always read back timezone-aware.

    Naive datetimes are refused on write: a crawler clock without a zone is a bug that
    would silently shift history by the local offset.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the archive stores timezone-aware UTC")
        value = value.astimezone(dt.UTC)
        # SQLite keeps text without an offset; store naive UTC there so it sorts correctly.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utc_now() -> dt.datetime:
    """The current time, timezone-aware UTC (the one clock the archive reads)."""
    return dt.datetime.now(dt.UTC)
