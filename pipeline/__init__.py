"""Pure extraction: page bytes, URL and headers in, an :class:`Extraction` out.

No Scrapy, no database, no clock, no network: the same input always gives the same
output, which is what lets the archive re-run extraction over old captures.
"""

# ruff: noqa: E402 (the compiled-or-source decision must come before the imports)
from pipeline.compiled import prefer_current_sources

prefer_current_sources()  # before the first import of a module that may be compiled

from pipeline.extract import EXTRACTOR_VERSION, extract_page, extract_text
from pipeline.record import ArticleRecord, Extraction, NamedPerson, Partner, Person
from pipeline.urls import UrlInfo, canonical_article_url, classify_url

__all__ = [
    "EXTRACTOR_VERSION",
    "ArticleRecord",
    "Extraction",
    "NamedPerson",
    "Partner",
    "Person",
    "UrlInfo",
    "canonical_article_url",
    "classify_url",
    "extract_page",
    "extract_text",
]
