"""What a crawler hands to the archive: one HTTP response, exactly as it arrived."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """One response as fetched; stored raw before anything is extracted from it."""

    url: str  # the URL the body was served from (after redirects)
    status: int
    body: bytes
    fetched_at: dt.datetime  # timezone-aware, UTC
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names; repeated values joined by ", "
    requested_url: str | None = None  # the URL asked for, when it differs from ``url``
