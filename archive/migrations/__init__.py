"""Alembic migrations of the archive schema (a package so they ship with the wheel)."""
