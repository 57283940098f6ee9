"""Comparison keys for names: the one place that says when two spellings are "the same".

The evaluation must not punish the extractor for typography the reader does not notice
(curly vs straight quotes, "I. I." vs "I.I.", a leading "the", letter case) nor for the
transliteration variants the site itself mixes (Sergey/Sergei, Yevdokimov/Evdokimov): the
issue asks for those to be *linked*, and the test of linking is that the output names the
person or organisation once — which the list metrics check by counting a second spelling
of the same key as a false positive.
"""

from __future__ import annotations

import re
import unicodedata

_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_YE = re.compile(r"\bye")  # Yevdokimov -> evdokimov, Yerevan -> erevan (both sides alike)


def text_key(text: str) -> str:
    """Case-folded, whitespace-collapsed: the key for scalar strings and roles."""
    return _SPACE.sub(" ", text).strip().casefold()


def name_key(name: str) -> str:
    """Key of a person's or organisation's name, tolerant of typography and transliteration.

    Steps: Unicode compatibility form without accents (Stradiņš = Stradins), case-fold,
    punctuation to spaces (quotes, dashes, the dots of initials), spaces collapsed, a
    leading "the" dropped, then a small transliteration fold: a word-initial "ye" becomes
    "e" and every "y" becomes "i" ("sergey" = "sergei", "yevdokimov" = "evdokimov").
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    key = _PUNCT.sub(" ", stripped.casefold())
    key = _SPACE.sub(" ", key).strip()
    if key.startswith("the "):
        key = key[4:]
    key = _YE.sub("e", key)
    return key.replace("y", "i")


def tokens(text: str) -> list[str]:
    """Words of a body text for the bag-of-words score (case-folded, punctuation dropped)."""
    return re.findall(r"\w+", text.casefold())
