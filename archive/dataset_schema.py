"""The tables of the research dataset (``export --dataset``), described once.

Every consumer of the schema reads it from here: the CSV header, the explicit Arrow
schema of the Parquet twin, the Frictionless Table Schema in ``datapackage.json`` and
the field lists of the data card. Describing a field in one place is what keeps the
documentation true to the files.

Keys are what a researcher joins on and what outlives a re-crawl: an article is its
canonical ``url`` (the archive's row ids are internal), a person, organisation or
country its one display ``name``. Credits and mentions are those of each article's
*current* revision, like the flat export; the text of earlier versions is in
``revisions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pyarrow as pa

from archive.export_parquet import TIMESTAMP

FieldType = Literal["string", "integer", "date", "datetime"]

#: Arrow types of the Frictionless field types used here.
ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "date": pa.date32(),
    "datetime": TIMESTAMP,
}


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: FieldType
    description: str
    required: bool = False


@dataclass(frozen=True, slots=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str
    table_fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def arrow_schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(f.name, ARROW_TYPES[f.type], nullable=not f.required) for f in self.fields]
        )

    def table_schema(self) -> dict[str, Any]:
        """The Frictionless Table Schema of this table."""
        fields = []
        for f in self.fields:
            descriptor: dict[str, Any] = {"name": f.name, "type": f.type, "description": f.description}
            if f.required:
                descriptor["constraints"] = {"required": True}
            fields.append(descriptor)
        schema: dict[str, Any] = {
            "fields": fields,
            "missingValues": [""],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": list(k.fields),
                    "reference": {"resource": k.table, "fields": list(k.table_fields)},
                }
                for k in self.foreign_keys
            ]
        return schema


_URL = Field("url", "string", "Canonical article URL; the article's identity (articles.url).", True)
_TO_ARTICLE = ForeignKey(("url",), "articles", ("url",))
_ORDINAL = Field("ordinal", "integer", "Order within the article, from 1.", True)

ARTICLES = Table(
    "articles",
    "One row per article: its current revision, as the flat export writes it.",
    (
        _URL,
        Field("article_id", "integer", "The CMS article number from the URL."),
        Field("rubric", "integer", "The CMS rubric number from the URL."),
        Field("title", "string", "Title (the CMS name).", True),
        Field("announcement", "string", "The description line under the title; empty when absent."),
        Field("published", "date", "Publication date from the page's date line.", True),
        Field("body", "string", "Article text; paragraphs separated by a blank line.", True),
        Field("language", "string", "Language code of the article (en, ru).", True),
        Field("revision", "integer", "Number of the current revision (1 = first version seen).", True),
        Field("fetched_at", "datetime", "When the capture behind the current revision was fetched (UTC).", True),
        Field("extractor_version", "string", "Pipeline version that produced the record.", True),
    ),
    ("url",),
)

REVISIONS = Table(
    "revisions",
    "Every distinct version of every selected article, oldest first; the last is current.",
    (
        _URL,
        Field("revision", "integer", "1 for the first version seen, +1 for each change.", True),
        Field("title", "string", "Title of this version.", True),
        Field("announcement", "string", "Announcement of this version; empty when absent."),
        Field("published", "date", "Publication date this version gave.", True),
        Field("body", "string", "Text of this version.", True),
        Field("language", "string", "Language code.", True),
        Field("content_hash", "string", "SHA-256 of what the version says (equal hash, same content).", True),
        Field("extractor_version", "string", "Pipeline version that read this version.", True),
        Field("fetched_at", "datetime", "When the capture this version was read from was fetched (UTC).", True),
        Field("capture_sha256", "string", "SHA-256 of the raw page bytes (the WARC export's payload).", True),
    ),
    ("url", "revision"),
    (_TO_ARTICLE,),
)

PEOPLE = Table(
    "people",
    "Everyone credited on or named in a selected article, by display name.",
    (
        Field("name", "string", "The name as the site printed it (whitespace tidied).", True),
        Field("credited_articles", "integer", "Selected articles that credit the person.", True),
        Field("named_articles", "integer", "Selected articles whose text names the person.", True),
    ),
    ("name",),
)

CREDITS = Table(
    "credits",
    "Authors, translators and photographers credited by each article.",
    (
        _URL,
        Field("role", "string", "author, translator or photographer.", True),
        _ORDINAL,
        Field("person", "string", "The person's name (people.name).", True),
        Field("position", "string", "Position printed after an author's name (e.g. BSMU spokesperson)."),
    ),
    ("url", "role", "ordinal"),
    (_TO_ARTICLE, ForeignKey(("person",), "people", ("name",))),
)

COUNTRIES = Table(
    "countries",
    "Countries mentioned by the selected articles or home to their partners.",
    (
        Field("name", "string", "One normalised name per country.", True),
        Field("articles", "integer", "Selected articles that mention the country or imply it through a partner.", True),
    ),
    ("name",),
)

ORGANISATIONS = Table(
    "organisations",
    "External organisations (partners) the selected articles name, by canonical name.",
    (
        Field("name", "string", "Canonical name (the registry's, or as discovered).", True),
        Field("country", "string", "Country of the organisation (countries.name); empty when unknown."),
        Field("kind", "string", "university, institute, academy, society, association, international, ministry, embassy or other."),
        Field("matched", "string", "registry (the curated list) or discovered (found by the shape of the name).", True),
        Field("articles", "integer", "Selected articles that name the organisation.", True),
    ),
    ("name",),
    (ForeignKey(("country",), "countries", ("name",)),),
)

ORGANISATION_MENTIONS = Table(
    "organisation_mentions",
    "Which organisations each article names, in order of first mention.",
    (_URL, _ORDINAL, Field("organisation", "string", "organisations.name", True)),
    ("url", "ordinal"),
    (_TO_ARTICLE, ForeignKey(("organisation",), "organisations", ("name",))),
)

PERSON_MENTIONS = Table(
    "person_mentions",
    "People each article names in its text, with the title printed before the name.",
    (
        _URL,
        _ORDINAL,
        Field("person", "string", "people.name", True),
        Field("title", "string", "Title or position printed before the name; empty when none."),
    ),
    ("url", "ordinal"),
    (_TO_ARTICLE, ForeignKey(("person",), "people", ("name",))),
)

COUNTRY_MENTIONS = Table(
    "country_mentions",
    "Countries each article mentions or implies through its partners.",
    (_URL, _ORDINAL, Field("country", "string", "countries.name", True)),
    ("url", "ordinal"),
    (_TO_ARTICLE, ForeignKey(("country",), "countries", ("name",))),
)

#: Every table, referenced tables before the tables that refer to them.
TABLES: tuple[Table, ...] = (
    ARTICLES,
    REVISIONS,
    PEOPLE,
    CREDITS,
    COUNTRIES,
    ORGANISATIONS,
    ORGANISATION_MENTIONS,
    PERSON_MENTIONS,
    COUNTRY_MENTIONS,
)
