"""Re-run extraction over stored captures, with no network.

When the pipeline or its organisation registry changes, the archive already holds every
response it ever fetched (raw first): the body in ``capture_bodies``, the headers on the
capture. Reprocessing feeds them to the pipeline again and stores the outcome through
:meth:`archive.storage.Archive.store_extraction`, so the archive's usual rules apply:

* a record whose content changed becomes a new revision, stamped with the new extractor
  version; an unchanged one adds nothing (the content hash leaves the version out), but
  the capture is marked as read by the new version, so running again is a no-op;
* a capture whose extraction failed is tried again and may now give an article;
* only the newest readable capture of an article can make a revision: captures are read
  newest first within each article, and an older capture's record only links the capture
  to its article (storage refuses to make older content current, whatever the order).

Each capture is its own transaction, so a reprocess can be killed at any moment and
simply run again: what was done stays done and is not selected a second time.

The logic lives here, not in the CLI, so the web UI and the tests call the same thing;
the CLI adds only the progress bar and the summary line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.storage import Archive
    from pipeline.record import Extraction

#: The pipeline's entry point: (body, url, headers) -> Extraction; never raises.
Extractor = Callable[[bytes, str, Mapping[str, str]], "Extraction"]


@dataclass(slots=True)
class ReprocessSummary:
    """What a reprocess did, capture by capture.

    ``changed`` counts captures that gave a new revision of a known article, ``new`` those
    that gave an article the archive did not have (a capture that failed before),
    ``unchanged`` readable captures that added nothing, ``failed`` and ``not_articles``
    the other outcomes.
    """

    captures: int = 0
    changed: int = 0
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    not_articles: int = 0

    def add(self, outcome: str) -> None:
        """Count one capture's outcome (an ``archive.storage.Outcome``)."""
        self.captures += 1
        if outcome == "changed":
            self.changed += 1
        elif outcome == "new":
            self.new += 1
        elif outcome == "unchanged":
            self.unchanged += 1
        elif outcome == "failed":
            self.failed += 1
        else:
            self.not_articles += 1

    def line(self) -> str:
        """One line for people and logs: ``reprocessed 320 captures: 12 changed, ...``."""
        noun = "capture" if self.captures == 1 else "captures"
        parts = [f"{self.changed} changed"]
        if self.new:
            parts.append(f"{self.new} new")
        parts += [f"{self.unchanged} unchanged", f"{self.failed} failed"]
        if self.not_articles:
            parts.append(f"{self.not_articles} not articles")
        return f"reprocessed {self.captures} {noun}: " + ", ".join(parts)


def reprocess(
    archive: Archive,
    *,
    only_failed: bool = False,
    every: bool = False,
    extract: Extractor | None = None,
    extractor_version: str | None = None,
    on_start: Callable[[int], None] | None = None,
    on_capture: Callable[[int, str], None] | None = None,
) -> ReprocessSummary:
    """Extract the selected captures again and store what the pipeline now makes of them.

    Selection (see :meth:`Archive.captures_to_reprocess`): captures not yet read by
    ``extractor_version``; ``only_failed`` retries failed captures whatever version read
    them; ``every`` re-reads all (after a registry edit that kept the version). ``extract``
    and ``extractor_version`` default to the pipeline's, imported only here so the
    archive loads without the extractor. ``on_start(total)`` is called once the selection
    is known and ``on_capture(capture_id, outcome)`` after each capture (progress bars).
    """
    if extract is None or extractor_version is None:
        from pipeline import EXTRACTOR_VERSION, extract_page

        extract = extract or extract_page
        extractor_version = extractor_version or EXTRACTOR_VERSION
    selected = archive.captures_to_reprocess(
        extractor_version, only_failed=only_failed, every=every
    )
    if on_start is not None:
        on_start(len(selected))
    summary = ReprocessSummary()
    for capture_id, _article_key in selected:
        stored = archive.capture_input(capture_id)
        extraction = extract(stored.body, stored.url, stored.headers)
        outcome = archive.store_extraction(capture_id, extraction)
        summary.add(outcome)
        if on_capture is not None:
            on_capture(capture_id, outcome)
    return summary
