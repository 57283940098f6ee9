"""Entry points of the pipeline (being written; signatures are final)."""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.record import Extraction

EXTRACTOR_VERSION = "0.1.0"


def extract_page(body: bytes, url: str, headers: Mapping[str, str | bytes] | None = None) -> Extraction:
    """Turn one fetched page into an Extraction. Never raises."""
    raise NotImplementedError


def extract_text(text: str, url: str | None = None) -> Extraction:
    """Extract from the visible text of a page (one block per line). Never raises."""
    raise NotImplementedError
