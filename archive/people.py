"""How credited names are cleaned for display and keyed for matching.

The display form keeps the site's spelling (only whitespace is tidied), because the
archive never rewrites what the site printed. The key is what filters match on: case,
accents and punctuation spacing differ between articles ("Yelena Ivanova", "YELENA
IVANOVA", "Yeléna  Ivanova") while the person is the same.
"""

from __future__ import annotations

import unicodedata


def display_name(name: str) -> str:
    """``name`` with runs of whitespace collapsed to one space and the ends trimmed."""
    return " ".join(name.split())


def name_key(name: str) -> str:
    """Lower-case, accent-free, whitespace-normalised form of ``name`` for matching."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
