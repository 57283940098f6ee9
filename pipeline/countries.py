"""Countries: one name per country, from the text and from the partners' countries.

The data (``pipeline/data/countries.toml``) keeps three kinds of words apart, because only
one of them names a country:

* names and variants ("People's Republic of China", "PRC", "Китай") are mentions;
* adjectives ("Chinese") are not: "Chinese students" does not make China a subject of the
  article. They only place an organisation whose name carries one ("Chinese Academy of
  Medical Sciences" is in China);
* cities likewise only place an organisation named after its city ("Nanjing Medical
  University") and tell a place ("... University in Szczecin") from a location ("... in
  Minsk").

Belarus is where every article happens, so naming it says nothing: it is listed only when
a partner is Belarusian (the Ministry of Health, another Belarusian university). "Republic
of Belarus" in an embassy's name or a person's title is not a partner.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.entities import Mention, PhraseIndex, fold, fold_key, load_toml

if TYPE_CHECKING:
    from pipeline.organisations import FoundPartners

HOME = "Belarus"


@dataclass(frozen=True, slots=True)
class Countries:
    """The indexes built from countries.toml."""

    mentions: PhraseIndex[str]  # names, variants, Russian names -> country
    places: PhraseIndex[tuple[str, str]]  # adjectives and cities -> (country, "adjective"|"city")
    names: frozenset[str]  # canonical names
    by_key: dict[str, str]  # folded name or variant -> country
    words: frozenset[str]  # every single word of a name, adjective or city (folded)


def _exact(phrase: str) -> bool:
    """Phrases with an abbreviation in them (PRC, "the US", США) match only as written."""
    return any(sum(c.isupper() for c in word) >= 2 for word in phrase.split())


@lru_cache(maxsize=1)
def countries() -> Countries:
    """Load countries.toml once per process."""
    data = load_toml("countries.toml")["country"]
    mention_phrases: list[tuple[str, str, bool]] = []
    place_phrases: list[tuple[str, tuple[str, str], bool]] = []
    by_key: dict[str, str] = {}
    words: set[str] = set()
    for entry in data:
        name = entry["name"]
        for phrase in [name, *entry.get("variants", ()), *entry.get("ru", ())]:
            mention_phrases.append((phrase, name, _exact(phrase)))
            by_key[fold_key(phrase.removeprefix("the "))] = name
            words.update(fold_key(phrase).split())
        for adjective in entry.get("adjectives", ()):
            place_phrases.append((adjective, (name, "adjective"), False))
            words.update(fold_key(adjective).split())
        for city in entry.get("cities", ()):
            place_phrases.append((city, (name, "city"), False))
            words.update(fold_key(city).split())
    words -= {"of", "the", "and", "republic", "state", "kingdom", "people's", "united", "new", "city", "de"}
    return Countries(
        PhraseIndex(mention_phrases),
        PhraseIndex(place_phrases),
        frozenset(e["name"] for e in data),
        by_key,
        frozenset(words),
    )


def _capitalised_as_written(surface: str, text: str) -> bool:
    """A country is a proper noun: "Turkey", not "turkey"; "China", not "china"."""
    first = next((c for c in surface if c.isalpha()), "")
    return not first or first.isupper() or not first.isalpha() or surface.startswith("the ")


def country_mentions(
    text: str, padded_text: str | None = None, matches: list[Mention[str]] | None = None
) -> list[Mention[str]]:
    """Countries the text names, with offsets (adjectives and cities are not mentions).

    ``matches`` are the mentions index's matches when the caller searched already.
    """
    found = countries().mentions.find(text, padded_text=padded_text) if matches is None else matches
    return [m for m in found if _capitalised_as_written(m.surface, text)]


@lru_cache(maxsize=8192)
def country_of_phrase(phrase: str) -> str | None:
    """The country a phrase *is* ("Republic of Poland", "PRC", "Japan"), else None."""
    return countries().by_key.get(fold_key(phrase.strip().removeprefix("the ")))


@lru_cache(maxsize=8192)
def country_in_name(name: str) -> str | None:
    """The country an organisation's name places it in, if any.

    A country named in it wins over an adjective, an adjective over a city; Belarus only
    when nothing else is named ("Embassy of India in Belarus" is India's).
    """
    c = countries()
    named = [m.value for m in country_mentions(name)]
    foreign = [n for n in named if n != HOME]
    if foreign:
        return foreign[0]
    places = c.places.find(name)
    for kind in ("adjective", "city"):
        hits = [m.value[0] for m in places if m.value[1] == kind]
        foreign_hits = [h for h in hits if h != HOME]
        if foreign_hits:
            return foreign_hits[0]
        if hits and not named:
            return hits[0]
    return named[0] if named else None


@lru_cache(maxsize=8192)
def place_of(phrase: str) -> tuple[str, str] | None:
    """(country, "country"|"city"|"adjective") when ``phrase`` is exactly a known place."""
    country = country_of_phrase(phrase)
    if country:
        return country, "country"
    return countries().places.lookup(phrase)


def is_place_word(word: str) -> bool:
    """Whether a single word belongs to a country's name, adjective or a city."""
    return fold(word) in countries().words


def article_countries(
    text: str, padded_text: str, found: FoundPartners, matches: list[Mention[str]] | None = None
) -> tuple[str, ...]:
    """Countries of the article in first-mention order.

    Mentions inside an organisation's name do not count on their own (the partner's
    country is what that name implies); the partners' countries count at the partner's
    first mention. ``matches`` are the mentions index's matches when the caller searched
    already.
    """
    blocked = found.org_spans
    first: dict[str, int] = {}
    for m in country_mentions(text, padded_text, matches):
        if any(s <= m.start and m.end <= e for s, e in blocked):
            continue
        first.setdefault(m.value, m.start)
    for partner, position in zip(found.partners, found.positions, strict=True):
        if partner.country and (partner.country not in first or position < first[partner.country]):
            first[partner.country] = position
    belarusian_partner = any(p.country == HOME for p in found.partners)
    if not belarusian_partner:
        first.pop(HOME, None)
    return tuple(sorted(first, key=lambda name: first[name]))
