"""Small text helpers shared by the extractors."""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
# Zero-width and soft-hyphen characters editors leave behind; invisible to a reader.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def clean_text(text: str) -> str:
    """Whitespace collapsed to single spaces (non-breaking spaces included), trimmed."""
    if not text.isascii() and _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


def comparable(text: str) -> str:
    """A form for comparing a title with an announcement: case, spacing, end punctuation."""
    return _SPACE.sub(" ", text).strip().rstrip(".…!?;: ").casefold()
