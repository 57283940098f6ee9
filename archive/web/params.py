"""The search parameters of the web page, the API and the downloads, declared once.

Every endpoint that lists articles takes the same query parameters and turns them into
the same :class:`archive.records.RecordFilter`, so a link copied from the page works on
``/api/articles`` and ``/download/articles.csv`` unchanged. Declaring them as typed
FastAPI parameters gives the OpenAPI document its schema and every bad value a 422 that
names the parameter, instead of an error deep in the database layer.

An HTML form without JavaScript submits its empty fields as empty strings (``year=``), so
blank values count as absent rather than as invalid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from pydantic import BeforeValidator, Field

from archive.query import SORT_ORDERS, SortOrder
from archive.records import RecordFilter

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_TEXT = 200


def _blank_is_absent(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


Blank = BeforeValidator(_blank_is_absent)
# Constraints sit on the inner type: a blank value becomes None before they would apply.
Words = Annotated[str, Field(max_length=MAX_TEXT)]
Text = Annotated[Words | None, Blank]
Year = Annotated[int, Field(ge=1900, le=2100)]
Rubric = Annotated[int, Field(ge=1, le=1_000_000)]
LanguageCode = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]


@dataclass(frozen=True, slots=True)
class SearchParams:
    """A validated search: filters, order and page."""

    filters: RecordFilter
    sort: SortOrder
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def items(self, **changes: Any) -> list[tuple[str, str]]:
        """The non-empty parameters as (name, value), with ``changes`` applied (None drops
        one): what a link to this search, another page of it or a narrower one carries."""
        f = self.filters
        values: dict[str, Any] = {
            "q": f.query,
            "from": f.published_from,
            "to": f.published_to,
            "year": f.year,
            "author": f.author,
            "translator": f.translator,
            "photographer": f.photographer,
            "person": f.person,
            "partner": f.partner,
            "country": f.country,
            "rubric": f.rubric,
            "language": f.language,
            "sort": self.sort if self.sort != "relevance" else None,
            "page": self.page if self.page != 1 else None,
            "per_page": self.per_page if self.per_page != DEFAULT_PER_PAGE else None,
        }
        values.update(changes)
        return [(name, str(value)) for name, value in values.items() if value not in (None, "")]

    def query_string(self, **changes: Any) -> str:
        items = self.items(**changes)
        return "?" + urlencode(items) if items else ""

    def active_filters(self) -> list[tuple[str, str]]:
        """The filters in force, as (parameter, value), for "remove this filter" links."""
        return [(n, v) for n, v in self.items() if n not in ("q", "sort", "page", "per_page")]


def search_params(
    q: Annotated[
        Text,
        Query(
            description='Full-text query: words, "quoted phrases", prefix*, -excluded.',
        ),
    ] = None,
    published_from: Annotated[
        dt.date | None,
        Blank,
        Query(alias="from", description="Published on or after (YYYY-MM-DD)."),
    ] = None,
    published_to: Annotated[
        dt.date | None,
        Blank,
        Query(alias="to", description="Published on or before (YYYY-MM-DD)."),
    ] = None,
    year: Annotated[Year | None, Blank, Query(description="Published in this year.")] = None,
    author: Annotated[Text, Query(description="A credited author's name contains this.")] = None,
    translator: Annotated[
        Text, Query(description="A credited translator's name contains this.")
    ] = None,
    photographer: Annotated[
        Text, Query(description="A credited photographer's name contains this.")
    ] = None,
    person: Annotated[
        Text, Query(description="Anyone credited or named in the text; name contains this.")
    ] = None,
    partner: Annotated[
        Text, Query(description="A named partner organisation's name contains this.")
    ] = None,
    country: Annotated[
        Text, Query(description="The article mentions this country (whole name).")
    ] = None,
    rubric: Annotated[Rubric | None, Blank, Query(description="The site's rubric number.")] = None,
    language: Annotated[
        LanguageCode | None, Blank, Query(description="Language code, e.g. en or ru.")
    ] = None,
    sort: Annotated[
        SortOrder,
        Query(description="relevance (needs q; else newest first) or date (newest first)."),
    ] = "relevance",
    page: Annotated[int, Query(ge=1, le=1_000_000, description="1-based page number.")] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Results per page.")] = (
        DEFAULT_PER_PAGE
    ),
) -> SearchParams:
    """FastAPI dependency: the query parameters of a search, validated."""
    if published_from and published_to and published_from > published_to:
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("query", "from"),
                    "msg": f"'from' ({published_from}) is after 'to' ({published_to})",
                    "input": str(published_from),
                }
            ]
        )
    assert sort in SORT_ORDERS
    return SearchParams(
        filters=RecordFilter(
            query=q,
            published_from=published_from,
            published_to=published_to,
            year=year,
            author=author,
            translator=translator,
            photographer=photographer,
            person=person,
            partner=partner,
            country=country,
            rubric=rubric,
            language=language.lower() if language else None,
        ),
        sort=sort,
        page=page,
        per_page=per_page,
    )
