"""Partners, people and countries named in an article: the entry point and shared machinery.

``find_entities`` reads an article's title, announcement and body and returns the external
organisations it names (:class:`~pipeline.record.Partner`), the officials it names with
their titles (:class:`~pipeline.record.NamedPerson`) and the countries it mentions or
implies, each normalised to one canonical name.

The pieces below (text folding, a word-bounded Aho-Corasick phrase index, a tokenizer) are
shared by :mod:`pipeline.organisations`, :mod:`pipeline.people` and
:mod:`pipeline.countries`; those modules import them from here, and ``find_entities``
imports them lazily, so there is no import cycle.

Everything is pure and deterministic: text in, tuples out; the registries are read once per
process (``functools.lru_cache``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

import ahocorasick

from pipeline.record import NamedPerson, Partner

DATA_DIR = Path(__file__).with_name("data")

T = TypeVar("T")

# Typographic variants the site mixes freely ("Japan – Republic of Belarus" and
# "Japan - Republic of Belarus"). The table maps one character to one character, so offsets
# in the folded text are offsets in the original.
_FOLD_TABLE = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‟": '"',
        "’": "'", "‘": "'", "`": "'", "´": "'",
        "–": "-", "—": "-", "‑": "-", "‐": "-", "−": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ",
        "ё": "е", "Ё": "Е",
    }
)
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


_FOLD_CHARS = re.compile("[" + "".join(chr(c) for c in _FOLD_TABLE) + "]")


def _fold_char(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """Case- and typography-folded text of the same length as ``text``.

    Same length matters: matches found in the folded text are sliced from the original, so
    the surfaces reported are the spellings the article used. (A regex touches only the few
    typographic characters; ``str.translate`` with a table looks up every character.)
    """
    return _fold_word(text) if len(text) <= 64 else _fold(text)


def _fold(text: str) -> str:
    folded = _FOLD_CHARS.sub(_fold_char, text).lower()
    if len(folded) != len(text):  # a few characters lower-case to two ("İ")
        folded = "".join(c if len(c.lower()) != 1 else c.lower() for c in text.translate(_FOLD_TABLE))
    return folded


#: Words and names are folded again and again, article after article: remember them.
_fold_word = lru_cache(maxsize=65536)(_fold)


@lru_cache(maxsize=65536)
def fold_key(phrase: str) -> str:
    """Lookup key of a name: folded, single-spaced, stripped."""
    return _SPACES.sub(" ", fold(phrase)).strip()


def load_toml(name: str) -> dict[str, Any]:
    """Read one of the data files shipped in ``pipeline/data``."""
    with (DATA_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The word lists of ``data/vocabulary.toml``, folded, as sets."""

    generic: frozenset[str]
    supranational: frozenset[str]
    units: frozenset[str]
    stop_left: frozenset[str]
    title_heads: frozenset[str]
    title_lower: frozenset[str]
    before_object: frozenset[str]
    particles: frozenset[str]
    calendar: frozenset[str]
    company_suffixes: frozenset[str]
    honorific: frozenset[str]
    title_modifiers: frozenset[str]


#: The lists of vocabulary.toml (the field names; ``__slots__`` is not readable once compiled).
_VOCABULARY_LISTS = tuple(f.name for f in fields(Vocabulary))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Load vocabulary.toml once per process."""
    data = load_toml("vocabulary.toml")
    return Vocabulary(**{name: frozenset(fold(w) for w in data[name]) for name in _VOCABULARY_LISTS})


# --- the phrase index ---------------------------------------------------------------------


class Mention(NamedTuple, Generic[T]):
    """One occurrence of an indexed phrase: ``text[start:end]`` is the surface.

    A tuple, not a frozen dataclass: every search makes a few, and a frozen dataclass sets
    each field through ``object.__setattr__`` (ten times slower to build).
    """

    start: int
    end: int
    surface: str
    value: T


@dataclass(slots=True)
class _Entry:  # not Generic: mypyc cannot compile a slotted generic dataclass
    length: int  # of the padded key: " nanjing medical university "
    # (exact spelling or None, value): exact spellings must match letter case too
    values: list[tuple[str | None, Any]] = field(default_factory=list)


_PAD_CHARS = re.compile(r"[^\w ]")


def padded(folded: str) -> str:
    """The folded text with every punctuation mark a space, and a space at either end.

    Keys are padded the same way (" who "), so the automaton itself only reports matches
    that start and end at word boundaries, in any script: "who" inside "whole" or "un"
    inside "university" never reach Python. The mapping is one character to one, so an
    offset in the padded text is the original offset plus one.
    """
    return " " + _PAD_CHARS.sub(" ", folded).replace("ё", "е") + " "


#: ``padded`` for ASCII text, as a translation table: word characters kept, the rest spaces.
_ASCII_PAD = {i: chr(i) if chr(i).isalnum() or chr(i) in " _" else " " for i in range(128)}
#: Non-ASCII punctuation English articles use; all of it is padding to :func:`padded`.
_TYPOGRAPHIC = "–—’‘“”«»…\u00a0"


def padded_text(text: str) -> str:
    """``padded(fold(text))``, without folding first when that changes nothing padding keeps.

    Folding maps punctuation to punctuation (which padding turns into spaces anyway) and "ё"
    to "е" (which padding does too), so only lower-casing matters: one ``str.lower`` instead
    of a substitution that calls back into Python for every typographic character. When
    lower-casing changes the length (a rare "İ"), :func:`fold`'s own handling is needed.
    """
    if not text.isascii():
        # Most English articles are ASCII but for a few dashes and quotes: with those made
        # spaces first (as padding would make them; they have no case) the text is ASCII,
        # which lower-cases and translates on the fast ASCII paths, a fraction of the cost
        # of lower-casing character by character and then substituting.
        plain = text
        for mark in _TYPOGRAPHIC:
            if mark in plain:
                plain = plain.replace(mark, " ")
        if not plain.isascii():
            low = text.lower()
            if len(low) != len(text):
                return padded(fold(text))
            return padded(low)
        text = plain
    return " " + text.lower().translate(_ASCII_PAD) + " "


class PhraseIndex(Generic[T]):
    """Aho-Corasick over folded text; whole words only, in any script; longest match wins.

    One automaton holds every name, so the cost of a search grows with the length of the
    text, not with the number of names: the registry can hold thousands. A phrase added with
    ``exact=True`` (an acronym: "WHO", "AMU") matches only when the text writes it in the
    same letter case, so the pronoun "who" is not the World Health Organization.
    """

    def __init__(self, phrases: Iterable[tuple[str, T, bool]]) -> None:
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, _Entry] = {}
        for phrase, value, exact in phrases:
            key = fold_key(phrase)
            if not key:
                continue
            key = padded(key)
            entry = entries.setdefault(key, _Entry(len(key)))
            spelling = _SPACES.sub(" ", phrase.translate(_FOLD_TABLE)).strip() if exact else None
            if (spelling, value) not in entry.values:
                entry.values.append((spelling, value))
        for key, entry in entries.items():
            self._automaton.add_word(key, entry)
        self.entries = entries  # padded key -> entry, for :class:`JointIndex`
        self.size = len(entries)
        if entries:
            self._automaton.make_automaton()

    def find(self, text: str, folded: str | None = None, padded_text: str | None = None) -> list[Mention[T]]:
        """Non-overlapping whole-word matches, longest first, returned in text order.

        ``folded`` and ``padded_text`` may be passed when the caller has them already
        (several indexes search one article).
        """
        if not self.size:
            return []
        if padded_text is None:
            padded_text = padded(fold(text) if folded is None else folded)
        raw: list[tuple[int, int, T]] = []
        for last, entry in self._automaton.iter(padded_text):
            _collect(text, last, entry, raw)
        return _resolve(text, raw)

    def lookup(self, phrase: str) -> T | None:
        """The value of a phrase that is exactly an indexed name, else None."""
        entry = self._automaton.get(padded(fold_key(phrase)), None)
        if entry is None:
            return None
        for spelling, value in entry.values:
            if spelling is None or _SPACES.sub(" ", phrase.translate(_FOLD_TABLE)).strip() == spelling:
                return value
        return None


def _collect(text: str, last: int, entry: _Entry, raw: list[tuple[int, int, T]]) -> None:
    """Add the match of ``entry`` ending at ``last`` in the padded text, if its spelling fits."""
    start = last - entry.length + 1  # the key's leading space is the character before
    end = last - 1
    for spelling, value in entry.values:
        if spelling is not None:
            surface = text[start:end]
            # a spelling is stored folded, so an equal surface folds to it too: skip the fold
            if surface != spelling and surface.translate(_FOLD_TABLE) != spelling:
                continue
        raw.append((start, end, value))
        break


def _resolve(text: str, raw: list[tuple[int, int, T]]) -> list[Mention[T]]:
    """Non-overlapping matches of ``raw``, longest first, returned in text order."""
    if not raw:
        return []
    # The automaton reports matches in the order they end; when no two neighbours overlap,
    # none do, and that order is already the answer (the common case: no sort needed).
    if any(raw[i][1] > raw[i + 1][0] for i in range(len(raw) - 1)):
        raw.sort(key=lambda m: (m[0] - m[1], m[0]))  # longest first, then leftmost
        taken: list[tuple[int, int, T]] = []
        for start, end, value in raw:
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, value))
        taken.sort(key=lambda m: m[0])
        raw = taken
    make = tuple.__new__  # skips NamedTuple's keyword handling
    return [make(Mention, (s, e, text[s:e], v)) for s, e, v in raw]


class JointIndex:
    """Several phrase indexes searched in one pass over an article.

    Every article is searched for the registry's names, the countries' names and the head
    words of organisation names; one automaton holding every key walks the text once
    instead of three times. Each index keeps its own matches and its own longest-match
    resolution, so the answers are those of one :meth:`PhraseIndex.find` per index.
    """

    def __init__(self, *indexes: PhraseIndex[Any]) -> None:
        self._automaton = ahocorasick.Automaton()
        self._count = len(indexes)
        keys = dict.fromkeys(key for index in indexes for key in index.entries)
        for key in keys:
            # (which index, its entry) for the indexes holding the key: most keys are in one
            pairs = tuple((i, index.entries[key]) for i, index in enumerate(indexes) if key in index.entries)
            self._automaton.add_word(key, pairs)
        self._empty = not keys
        if keys:
            self._automaton.make_automaton()

    def find(self, text: str, padded_text: str) -> list[list[Mention[Any]]]:
        """The matches of each index in ``text`` (``padded_text`` is ``padded(fold(text))``)."""
        raws: list[list[tuple[int, int, Any]]] = [[] for _ in range(self._count)]
        if not self._empty:  # (an automaton with no keys cannot be searched)
            for last, found in self._automaton.iter(padded_text):
                pairs: tuple[tuple[int, _Entry], ...] = found
                for i, entry in pairs:
                    _collect(text, last, entry, raws[i])
        return [_resolve(text, raw) for raw in raws]


def overlaps(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans``.

    A plain loop, not ``any()`` over a generator: it is asked for every token of every window
    and the loop is twice as fast.
    """
    for s, e in spans:  # noqa: SIM110 (see the docstring)
        if start < e and s < end:
            return True
    return False


# --- tokens -----------------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁЎІЄЇҐ"
_TOKEN = re.compile(
    rf"(?P<initials>[{_UPPER}]\.(?:\s?[{_UPPER}]\.)*)(?![^\W\d_])"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*(?:[-‑][^\W\d_]+(?:['’][^\W\d_]+)*)*\+?)"
    r"|(?P<number>\d+)"
    r"|(?P<punct>[^\s\w])"
)


class Token:
    """A word, a run of initials ("I.M."), a number or one punctuation mark, with offsets.

    A plain class with slots: compiled (see :mod:`pipeline.compiled`), its fields are C struct
    members, read without a dictionary lookup, and building one is a C call.
    """

    __slots__ = ("start", "end", "text", "kind", "low")

    def __init__(self, start: int, end: int, text: str, kind: str, low: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.kind = kind  # "word", "initials", "number", "punct"
        self.low = low  # the text lower-cased, typographic apostrophes straightened

    @property
    def is_cap(self) -> bool:
        """A capitalised word ("Nanjing", "BSMU", "Vice-Rector")."""
        return self.kind == "word" and self.text[0].isupper()

    @property
    def is_allcaps(self) -> bool:
        """An abbreviation written in capitals ("BSMU", "LLC"); "BashSMU" counts too."""
        t = self.text
        return self.kind == "word" and len(t) >= 2 and t[0].isupper() and sum(c.isupper() for c in t) >= 2

    @property
    def is_lower(self) -> bool:
        return self.kind == "word" and self.text[0].islower()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    return list(iter_tokens(text, start, end))


def iter_tokens(text: str, start: int = 0, end: int | None = None) -> Iterator[Token]:
    """The tokens of :func:`tokenize`, one at a time, for callers that often stop early.

    The token pattern looks at nothing before a match's start, so a scan resumed where the
    last token ended finds exactly what one scan of the whole stretch finds.
    """
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        first, last = m.span()  # one call, not start() and end(): compiled, each is a method lookup
        word = text[first:last]
        yield Token(first, last, word, m.lastgroup or "", word.lower().replace("’", "'"))


# --- the entry point ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entities:
    """What an article names: partners, people and countries, each in first-mention order."""

    partners: tuple[Partner, ...] = ()
    people: tuple[NamedPerson, ...] = ()
    countries: tuple[str, ...] = ()


_WS_RUN = re.compile(r"[ \t\u00a0\u2009\u202f]{2,}")


def article_text(title: str, announcement: str | None, body: str) -> str:
    """The text entities are read from: title, announcement when it adds words, body.

    The announcement usually repeats the title or a prefix of it; read twice it would only
    repeat first mentions. Runs of spaces are collapsed so a name typed with a double space
    still matches.
    """
    parts = [title]
    if announcement and not title.startswith(announcement.rstrip(". ")):
        parts.append(announcement)
    parts.append(body)
    text = "\n".join(p for p in parts if p)
    return _WS_RUN.sub(" ", text) if "  " in text or "\u00a0" in text or "\t" in text else text


def find_entities(title: str, announcement: str | None, body: str) -> Entities:
    """Partners, people and countries of one article.

    Partners come from the curated registry and from discovery (how organisation names are
    built); BSMU itself and its own units are never partners. People are named officials
    with the title printed before the name. Countries are those named in the text and those
    of the partners; Belarus only when a partner is Belarusian (see
    :func:`pipeline.countries.article_countries`).
    """
    from pipeline.countries import article_countries
    from pipeline.organisations import find_partners
    from pipeline.people import find_people, name_candidates

    text = article_text(title, announcement, body)
    pad = padded_text(text)
    registry_matches, country_matches, head_matches = _article_index().find(text, pad)
    names = name_candidates(text)
    found = find_partners(text, names, registry_matches, head_matches)
    people = find_people(text, names, found.blocked)
    countries = article_countries(text, pad, found, country_matches)
    return Entities(found.partners, people, countries)


@lru_cache(maxsize=1)
def _article_index() -> JointIndex:
    """The registry's names, the countries' names and the head words in one automaton (built once)."""
    from pipeline.countries import countries
    from pipeline.organisations import head_index, registry

    return JointIndex(registry().index, countries().mentions, head_index())


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Build every index now (tests and long runs), not on the first article."""
    find_entities("Warm-up", None, "Nanjing Medical University (China). Professor Ivan Petrov.")
