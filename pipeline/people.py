"""People named in an article with their titles: "Vice-Rector ..., Professor Vasili Roudenok".

The site names officials the Russian way: the title and position come first, the name last,
with no comma before it ("Director of Eurasia Consulting LLC Wei Chunlei"). So a person is
found backwards from the name:

1. **Name candidates** are the last two words of a run of capitalised words ("International
   Relations Orkhan Isaev" -> "Orkhan Isaev"; three with a patronymic), unless a word of them
   is generic, a title word, a country, a month, or the run is the object of "of"/"for"
   ("Institute of Materia Medica"). Candidates are found before organisations, so that a
   name ends an organisation that precedes it in a title.
2. **The title** is read backwards from the name, one comma-separated segment at a time:
   "Professor", "Doctor of Medical Sciences", "Corresponding Member of the National Academy
   of Sciences", "Rector of Belarusian State Medical University". A segment is a title when
   it holds a title word (Rector, Head, Professor, ...) followed only by capitalised words and
   connectors; the walk stops at the first segment that is not wholly a title (the head and
   its capitalised modifiers are kept: "by BSMU Vice-Rector ..." -> "BSMU Vice-Rector ...").
   A candidate with no title is not reported: the site introduces people by their titles.
3. **One entry per person**: spelling variants (Sergey/Sergei, Vasili/Vasily, Roudenok/
   Rudenok) are linked by the people registry (``data/people.toml``), its given-name groups
   and a folding of common transliteration differences. The registry's spelling is reported
   when it knows the person, else the first spelling seen; the title is the first one printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.countries import countries
from pipeline.entities import Token, fold, fold_key, load_toml, overlaps, tokenize, vocabulary
from pipeline.record import NamedPerson

_L = "a-zà-öø-ÿā-žа-яёўієїґ"
_U = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁЎІЄЇҐ"
_CAP = rf"[{_U}][{_L}'’]+(?:-[{_U}{_L}][{_L}'’]+)*"
#: A run of two or more capitalised words. The check that no word character, full stop,
#: apostrophe or hyphen comes before it is a look-behind *after* the first capital (over two
#: characters) rather than before it: a pattern that starts with a character class lets the
#: regex engine skip to the next capital instead of trying every position.
#: The first word's letters are taken possessively: giving any back could only leave a letter,
#: apostrophe or hyphen where a space must follow, and the engine no longer tries that after
#: each of the many capitalised words that start no name (a quarter less time). The last
#: word's may not be: a trailing apostrophe given back is what lets a run end before it.
_RUN = re.compile(rf"[{_U}](?<![\w.'’-].)[{_L}'’]++(?:-[{_U}{_L}][{_L}'’]++)*+(?: {_CAP})+(?![\w-])")
_WORD_BEFORE = re.compile(r"(\S+)\s*$")
_PATRONYMIC = re.compile(r"(?:vich|vna|ichna|ovich|evich|ovna|evna)$")
#: What ends a segment of a title: punctuation, a dash between spaces, a sentence end.
#: (Written as one leading character class with the alternatives checked behind it, which is
#: ``[,;:()]|\s[-–—]\s|(?<=[a-zа-я0-9)])[.!?](?=\s)`` match for match: a pattern that starts
#: with a class lets the regex engine skip the characters that cannot start a separator.)
_SEPARATOR = re.compile(r"[,;:()\s.!?](?:(?<=[,;:()])|(?<=\s)[-–—]\s|(?<=[a-zа-я0-9)][.!?])(?=\s))")
_TITLE_HEAD = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(w) for w in load_toml("vocabulary.toml")["title_heads"]), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_COMPATIBLE_PUNCT = frozenset("\"'“”«»-–/&.")
_FOLDS = ((re.compile(r"ou"), "u"), (re.compile(r"y"), "i"), (re.compile(r"ii+"), "i"), (re.compile(r"ei"), "i"), (re.compile(r"kh"), "h"), (re.compile(r"ks"), "x"))


# --- registry of people ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeopleRegistry:
    """Known people by every spelling, and given-name variant groups."""

    canonical: dict[str, str]  # folded spelling -> registry name
    given: dict[str, str]  # folded given name -> group id (the first spelling of its group)


@lru_cache(maxsize=1)
def people_registry() -> PeopleRegistry:
    """Load people.toml once per process."""
    data = load_toml("people.toml")
    canonical: dict[str, str] = {}
    for person in data.get("person", ()):
        for spelling in [person["name"], *person.get("variants", ()), *person.get("ru", ())]:
            canonical[fold_key(spelling)] = person["name"]
    given: dict[str, str] = {}
    for group in data.get("given_names", {}).get("groups", ()):
        for spelling in group:
            given.setdefault(fold(spelling), fold(group[0]))
    return PeopleRegistry(canonical, given)


@lru_cache(maxsize=16384)
def _translit_fold(word: str) -> str:
    """One spelling for common transliteration differences: Roudenok/Rudenok, Sergey/Sergei."""
    w = fold(word)
    for pattern, replacement in _FOLDS:
        w = pattern.sub(replacement, w)
    return w


@lru_cache(maxsize=4096)
def person_key(name: str) -> tuple[str, str]:
    """(given name, surname) folded so that spelling variants of one person compare equal."""
    words = name.split()
    given, surname = (words[0], words[-1]) if len(words) > 1 else ("", words[0])
    reg = people_registry()
    given_id = reg.given.get(fold(given), _translit_fold(given))
    return given_id, _translit_fold(surname)


def canonical_person(name: str) -> str:
    """The registry's spelling of a known person, else ``name`` unchanged."""
    return people_registry().canonical.get(fold_key(name), name)


@lru_cache(maxsize=16384)
def same_person(a: str, b: str) -> bool:
    """Whether two spellings name one person (same surname; given names agree or one shortens the other).

    Remembered: every name of an article is compared with every person found before it.
    """
    if canonical_person(a) == canonical_person(b) and canonical_person(a) != a:
        return True
    (ga, sa), (gb, sb) = person_key(a), person_key(b)
    if sa != sb:
        return False
    return ga == gb or (len(ga) >= 3 and len(gb) >= 3 and (ga.startswith(gb) or gb.startswith(ga)))


# --- name candidates --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _not_name_words() -> frozenset[str]:
    v = vocabulary()
    country_words: set[str] = set()
    data = load_toml("countries.toml")["country"]
    for entry in data:
        for phrase in [entry["name"], *entry.get("variants", ()), *entry.get("adjectives", ())]:
            country_words.update(fold(w) for w in phrase.split())
    return frozenset(
        v.generic | v.title_heads | v.stop_left | v.calendar | v.units | v.supranational | v.company_suffixes
        | country_words | {"honorary", "guests", "book", "main", "news", "international"}
    )


@lru_cache(maxsize=16384)
def _not_name_word(word: str) -> bool:
    """Whether a word cannot be part of a name; asked of every capitalised word, so remembered."""
    return fold(word) in _not_name_words()


def name_candidates(text: str) -> list[tuple[int, int]]:
    """Spans of the words that may be a person's name (see the module's docstring)."""
    countries()  # the word lists below are built from the same data; load it once here
    before_object = vocabulary().before_object
    out: list[tuple[int, int]] = []
    for run in _RUN.finditer(text):
        found = _name_ending(run.group())
        if found is None:
            continue
        length, whole_run = found
        if whole_run:
            before = _WORD_BEFORE.search(text, max(0, run.start() - 24), run.start())
            if before and fold(before.group(1)) in before_object:
                continue
        out.append((run.end() - length, run.end()))
    return out


@lru_cache(maxsize=16384)
def _name_ending(run: str) -> tuple[int, bool] | None:
    """The name that ends a run of capitalised words: (its length, whether it is the whole run).

    None when the run ends in no name. Pure in the run's text, and runs recur (names of
    organisations, of the officials who sign agreements), so remembered.
    """
    words = run.split(" ")
    take = 2
    if len(words) >= 3 and _PATRONYMIC.search(words[-2]) and not _not_name_word(words[-3]):
        take = 3
    name_words = words[-take:]
    if any(map(_not_name_word, name_words)):
        return None
    return len(" ".join(name_words)), len(words) == take


# --- titles ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    v = vocabulary()
    return v.title_lower | v.title_heads | v.particles | v.company_suffixes


def _compatible(tokens: list[Token]) -> bool:
    """Whether the words after a title's head can belong to the title."""
    allowed = _title_words()
    for t in tokens:
        if t.kind == "initials" or t.is_cap:
            continue
        if t.kind == "punct" and t.text in _COMPATIBLE_PUNCT:
            continue
        if t.kind == "word" and t.low in allowed:
            continue
        return False
    return True


@lru_cache(maxsize=1)
def _stop_before_title() -> frozenset[str]:
    """Capitalised words that do not extend a title leftwards (title heads themselves do)."""
    v = vocabulary()
    return v.stop_left - v.title_heads


def _title_start(text: str, start: int, end: int) -> int | None:
    """Where a title begins in ``text[start:end]`` (which ends at a name or a comma), or None.

    The answer depends on the segment's own characters and the one before it (where the
    word-boundary check of the title-head pattern looks), nothing else; the same titles recur from article
    to article ("Rector of Belarusian State Medical University", "Professor"), so the work is
    done once per distinct segment by :func:`_title_start_in`.
    """
    before = 1 if start > 0 else 0
    found = _title_start_in(text[start - before : end], before)
    return None if found is None else start - before + found


@lru_cache(maxsize=8192)
def _title_start_in(text: str, start: int) -> int | None:
    """Where a title begins in ``text[start:]``: see :func:`_title_start`."""
    end = len(text)
    v = vocabulary()
    first_head = _TITLE_HEAD.search(text, start, end)
    if first_head is None:
        return None
    # tokenize from a little before the first head: its capitalised modifiers are near
    begin = max(start, first_head.start() - 48)
    if begin > start:
        begin = text.find(" ", begin, first_head.start()) + 1 or first_head.start()
    tokens = tokenize(text, begin, end)
    stop = _stop_before_title()
    for i, t in enumerate(tokens):
        if t.kind != "word" or t.low not in v.title_heads:
            continue
        if not _compatible(tokens[i + 1 :]):
            continue
        j = i
        while j > 0:
            prev = tokens[j - 1]
            word = prev.low
            if prev.kind == "word" and (
                (prev.text[0].isupper() and word not in stop) or word in v.title_modifiers
            ):
                j -= 1
                continue
            break
        return tokens[j].start
    return None


def _title(
    text: str, line_start: int, name_start: int, floor: int, blocked: tuple[tuple[int, int], ...] | list[tuple[int, int]]
) -> str | None:
    """The title printed before the name starting at ``name_start``, or None.

    Separators inside an organisation's name ("“Japan – Republic of Belarus” Society") do
    not end a segment.
    """
    region_start = max(line_start, floor)
    near = [(s, e) for s, e in blocked if s < name_start and e > region_start]
    separators = list(_SEPARATOR.finditer(text, region_start, name_start))
    if near:
        separators = [m for m in separators if not any(s <= m.start() < e for s, e in near)]
    # segments, last first: segment k runs from the end of separator k - 1 (or the region's
    # start) to the start of separator k (or the name)
    last = len(separators)
    title_start: int | None = None
    for k in range(last, -1, -1):
        s = separators[k - 1].end() if k else region_start
        e = separators[k].start() if k < last else name_start
        sep = separators[k - 1].group().strip() if k else None
        if not text[s:e].strip():
            if k == last and sep == ",":
                continue  # "Rector of BSMU, Sergey Rubnikovich"
            break
        found = _title_start(text, s, e)
        if found is None:
            break
        title_start = found
        if text[s:found].strip() or sep != ",":
            break
    if title_start is None:
        return None
    title = text[title_start:name_start].strip(" ,;:–-")
    return title or None


# --- people of an article ------------------------------------------------------------------------


def find_people(text: str, names: list[tuple[int, int]], blocked: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> tuple[NamedPerson, ...]:
    """Named people with titles, one entry per person, in first-mention order."""
    people: list[list[str | None]] = []  # [reported name, title]
    spellings: list[list[str]] = []
    previous_end = 0
    for start, end in names:
        if overlaps(blocked, start, end):
            continue
        line_start = text.rfind("\n", 0, start) + 1
        title = _title(text, line_start, start, previous_end, blocked)
        previous_end = end
        name = text[start:end]
        known = next((i for i, group in enumerate(spellings) if any(same_person(name, s) for s in group)), None)
        if known is not None:
            spellings[known].append(name)
            if people[known][1] is None and title:
                people[known][1] = title
            continue
        if title is None and canonical_person(name) == name:
            continue  # an unknown name with no title: not introduced as an official
        spellings.append([name])
        people.append([canonical_person(name), title])
    return tuple(NamedPerson(name or "", title) for name, title in people)
