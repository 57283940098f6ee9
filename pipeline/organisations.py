"""Partner organisations: registry matches, discovery of the rest, one entry per organisation.

Three sources of mentions, in this order of trust:

1. The curated registry (``data/organisations.toml``), matched with one Aho-Corasick
   automaton over the folded text (:class:`~pipeline.entities.PhraseIndex`). BSMU itself is
   in the registry too, marked ``self``: it is recognised so that nothing is discovered inside
   it, and it is never reported.
2. Discovery from how names are built: a capitalised head word (University, Institute,
   Academy, Society, Association, Ministry, Embassy, Fund, Committee, ...) grows leftwards
   over capitalised modifiers ("Avicenna Tajik State Medical") and rightwards over "of ...",
   "for ...", "named after ...", "in <city>" tails; a bracket after the name may define an
   abbreviation "(KSMA)" or give the country "(Japan)". A discovered name must carry a word
   that is not generic, must not be a unit ("Faculty of ..."), must not belong to BSMU
   ("Student Scientific Society of BSMU") and must not be an honour in a title ("Member of the
   National Academy of Sciences").
3. Abbreviations used alone: those defined in brackets in the article, and the registry's
   abbreviations of organisations the article names in full.

Mentions of one organisation are grouped (same registry entry; same name; an abbreviation
defined for it; a shorter name whose distinctive words are a subset of a longer one's, "Pirogov
University" / "N.I. Pirogov Russian National Research Medical University"; embassies by
country) and reported once, in first-mention order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipeline.countries import HOME, country_in_name, country_of_phrase, place_of
from pipeline.entities import (
    Mention,
    PhraseIndex,
    Token,
    fold,
    fold_key,
    iter_tokens,
    load_toml,
    overlaps,
    tokenize,
    vocabulary,
)
from pipeline.record import Partner

KINDS = ("university", "institute", "academy", "society", "association", "international", "ministry", "embassy", "other")

#: Head words of organisation names, and the kind each one makes. Capitalised only: "the
#: university" in running text is BSMU speaking of itself.
HEAD_KINDS = {
    "University": "university", "Universities": "university",
    "Institute": "institute", "Institutes": "institute", "Institutet": "institute",
    "Academy": "academy", "Academies": "academy",
    "Society": "society", "Association": "association", "Union": "association",
    "Ministry": "ministry", "Embassy": "embassy", "Consulate": "embassy",
    "Fund": "other", "Foundation": "other", "Committee": "other", "Federation": "other",
    "Agency": "other", "Network": "other", "Organization": "other", "Organisation": "other",
    "Alliance": "other", "Council": "other",
}
_PLURAL_HEADS = {"Universities": "University", "Institutes": "Institute", "Academies": "Academy"}
#: What follows a head word that makes it part of a longer token: "University-based",
#: "Academy’s" hold no head word.
_HEAD_JOINERS = "-'’"
_ACADEMIC = ("university", "institute", "academy")
_ABBREVIATION = re.compile(r"^[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё]{1,11}$")
#: What may extend a name already seen into a longer one ("... Institute" + " named after ...").
_CONTINUES_RIGHT = re.compile(r"\s*\(|\s+(?:of|for|on|named|after|in|and)\b|\s+[A-ZА-ЯЁ]")
_CONTINUES_LEFT = re.compile(r"(?:[A-ZА-ЯЁ][\w'’.-]*|[A-Z]\.)\s+$")
_LETTERS = re.compile(r"[^\W\d_]+")
_BRACKET_PARTS = re.compile(r"[,;]")
_NAMED_AFTER = re.compile(r"\s(?:named\s+)?after\s")
_REGIONS = frozenset({"europe", "asia", "africa", "america", "eurasia", "oceania", "scandinavia", "caucasus"})


# --- the registry ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegistryOrg:
    """One organisation of the curated registry."""

    name: str
    kind: str
    country: str | None
    is_self: bool
    abbreviations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Registry:
    """The registry and its phrase index (names, aliases, Russian names, acronyms)."""

    orgs: tuple[RegistryOrg, ...]
    index: PhraseIndex[int]
    self_abbreviations: frozenset[str]


@lru_cache(maxsize=1)
def registry() -> Registry:
    """Load organisations.toml and build its automaton, once per process."""
    entries = load_toml("organisations.toml")["organisation"]
    orgs: list[RegistryOrg] = []
    phrases: list[tuple[str, int, bool]] = []
    self_abbreviations: set[str] = set()
    for i, entry in enumerate(entries):
        kind = entry.get("kind", "other")
        if kind not in KINDS:
            raise ValueError(f"organisations.toml: {entry['name']!r} has unknown kind {kind!r}")
        is_self = bool(entry.get("self", False))
        orgs.append(
            RegistryOrg(entry["name"], kind, entry.get("country"), is_self, tuple(entry.get("abbreviations", ())))
        )
        for phrase in [entry["name"], *entry.get("aliases", ()), *entry.get("ru", ())]:
            phrases.append((phrase, i, False))
        for acronym in entry.get("acronyms", ()):
            phrases.append((acronym, i, True))
            if is_self:
                self_abbreviations.add(acronym)
        if is_self:
            self_abbreviations.update(entry.get("abbreviations", ()))
    return Registry(tuple(orgs), PhraseIndex(phrases), frozenset(self_abbreviations))


@lru_cache(maxsize=1)
def head_index() -> PhraseIndex[str]:
    """The head words as a phrase index, capitalised only ("the university" in running text
    is BSMU speaking of itself). Searched in the same pass over an article as the registry's
    names (:class:`~pipeline.entities.JointIndex`): a head word is a whole word, which is
    what the index's padding finds, and no separate scan of the text is needed."""
    return PhraseIndex((word, word, True) for word in HEAD_KINDS)


def registry_size() -> int:
    """How many organisations the registry holds (BSMU itself included)."""
    return len(registry().orgs)


# --- mentions and groups ----------------------------------------------------------------------


# Plain classes with slots, not dataclasses: compiled (pipeline/compiled.py) their
# constructors are C functions, where a dataclass keeps the Python ``__init__`` the
# dataclasses module writes, and an article builds a dozen of these.


class _Mention:
    __slots__ = ("start", "end", "surface", "kind", "registry", "name", "country", "abbreviations", "is_abbreviation")

    def __init__(
        self,
        start: int,
        end: int,
        surface: str,
        kind: str,
        registry: int | None = None,  # index into the registry, None when discovered
        name: str | None = None,  # a name to report other than the surface (coordinated names)
        country: str | None = None,  # from a bracket after the name
        abbreviations: list[str] | None = None,
        is_abbreviation: bool = False,  # an abbreviation used alone ("AMU")
    ) -> None:
        self.start = start
        self.end = end
        self.surface = surface
        self.kind = kind
        self.registry = registry
        self.name = name
        self.country = country
        self.abbreviations: list[str] = [] if abbreviations is None else abbreviations
        self.is_abbreviation = is_abbreviation

    @property
    def label(self) -> str:
        return self.name or self.surface


class _Group:
    __slots__ = ("mentions", "registry", "kind", "core", "keys", "country_hint")

    def __init__(self, registry: int | None, kind: str, core: frozenset[str]) -> None:
        self.mentions: list[_Mention] = []
        self.registry = registry
        self.kind = kind
        self.core = core
        self.keys: set[str] = set()
        self.country_hint: str | None = None


class FoundPartners:
    """The partners of one article and where names stood, for the people and countries finders."""

    __slots__ = ("partners", "positions", "org_spans", "blocked")

    def __init__(
        self,
        partners: tuple[Partner, ...],
        positions: tuple[int, ...],  # first mention of each partner
        org_spans: tuple[tuple[int, int], ...],  # every organisation name, BSMU's included
        blocked: tuple[tuple[int, int], ...],  # org_spans plus honours inside titles
    ) -> None:
        self.partners = partners
        self.positions = positions
        self.org_spans = org_spans
        self.blocked = blocked


@lru_cache(maxsize=4096)
def _core(name: str, kind: str, country: str | None) -> frozenset[str]:
    """The distinctive words of a name: what tells it from other names of its kind."""
    if kind == "embassy":
        return frozenset({"embassy", country or ""})
    v = vocabulary()
    # the eponym is optional in use and spelled many ways ("Tajik State Medical University
    # named after Abuali ibni Sino" is "Avicenna Tajik State Medical University")
    name = _NAMED_AFTER.split(name, maxsplit=1)[0]
    words = {t.low for t in tokenize(name) if t.kind == "word"}
    return frozenset(w for w in words if w not in v.generic and w not in v.title_lower and w not in v.particles)


def _honorific(text: str, line_start: int, start: int) -> bool:
    """Whether the name is an honour in a title: "Corresponding Member of the National Academy".

    That is: the name follows "<word> of " or "<word> of the ", and the word, or the two
    words, before "of" are an honour ("Member", "Corresponding Member", "Academician").
    Read backwards from the name with string operations (a pattern anchored at the name
    would be tried at every position before it), over the same 48 characters of the line.
    """
    begin = max(line_start, start - 48)
    if start <= begin or not text[start - 1].isspace():
        return False
    tail = text[begin:start].rstrip()
    if len(tail) > 3 and tail[-4].isspace() and tail[-3:].lower() == "the":
        tail = tail[:-3].rstrip()
    if not (len(tail) > 2 and tail[-3].isspace() and tail[-2:].lower() == "of"):
        return False
    honorific = vocabulary().honorific
    rest = tail[:-2].rstrip()
    word_start = _word_start(text, begin, rest)
    if word_start is None:
        return False
    last = rest[word_start:].lower()
    if last in honorific:
        return True
    before = rest[:word_start]
    if not before or not before[-1].isspace():
        return False
    before = before.rstrip()
    first_start = _word_start(text, begin, before)
    return first_start is not None and f"{before[first_start:].lower()} {last}" in honorific


def _word_start(text: str, begin: int, stretch: str) -> int | None:
    """Where the word that ends ``stretch`` (which is ``text[begin:...]``) starts, or None.

    A word is a run of letters, digits and underscores, and must start a word of ``text``:
    a run cut by ``begin`` continues to the left and is not one.
    """
    i = len(stretch)
    while i > 0 and _is_word_char(stretch[i - 1]):
        i -= 1
    if i == len(stretch):
        return None
    if i == 0 and begin > 0 and _is_word_char(text[begin - 1]):
        return None
    return i


def joined_on(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` goes on as one token: "University-based", "Academy’s"."""
    return end + 1 < len(text) and text[end] in _HEAD_JOINERS and _is_word_char(text[end + 1])


def _is_word_char(char: str) -> bool:
    """What ``\\w`` matches: a letter, a digit or an underscore."""
    return char.isalnum() or char == "_"


# --- discovery ---------------------------------------------------------------------------------


class _Line:
    """The tokens of a stretch of one line, read from the regex scan only as far as asked.

    A name ends a few tokens after its head word, and most windows hold a dozen tokens more
    that nothing looks at: :meth:`has` pulls tokens on demand. ``partial`` says the stretch
    starts after the window it stands for (see :func:`_near_start`), so a walk leftwards that
    reaches its first token must be redone on the whole window.
    """

    __slots__ = ("tokens", "at", "partial", "_rest")

    def __init__(self, text: str, start: int, end: int, partial: bool = False) -> None:
        self.tokens: list[Token] = []
        self.at: dict[int, int] = {}  # token start -> index, of the tokens read so far
        self.partial = partial
        self._rest: Iterator[Token] | None = iter_tokens(text, start, end)

    def has(self, i: int) -> bool:
        """Whether token ``i`` exists (reading the scan up to it)."""
        tokens = self.tokens
        while i >= len(tokens):
            if self._rest is None:
                return False
            token = next(self._rest, None)
            if token is None:
                self._rest = None
                return False
            self.at[token.start] = len(tokens)
            tokens.append(token)
        return True

    def index_at(self, pos: int) -> int | None:
        """Index of the token starting at ``pos``, None when no token starts there."""
        tokens = self.tokens
        if (not tokens or tokens[-1].start < pos) and self._rest is not None:
            at = self.at
            for token in self._rest:
                at[token.start] = len(tokens)
                tokens.append(token)
                if token.start >= pos:
                    break
            else:
                self._rest = None
        return self.at.get(pos)


_WINDOW_LEFT, _WINDOW_RIGHT = 120, 200


def _window(text: str, line_start: int, line_end: int, at: int, until: int) -> tuple[int, int]:
    """A stretch of the line around a head word, cut at spaces: names are never longer."""
    start = max(line_start, at - _WINDOW_LEFT)
    if start > line_start:
        start = text.find(" ", start, at) + 1 or at
    end = min(line_end, until + _WINDOW_RIGHT)
    if end < line_end:
        cut = text.rfind(" ", until, end)
        end = cut if cut > 0 else end
    return start, end


#: How far before a head word the first try at its name starts reading tokens: a name's
#: modifiers rarely span more, and a walk that reaches that far is redone on the window.
_NEAR_LEFT = 40


def _near_start(text: str, window_start: int, at: int) -> int:
    """Where to start reading tokens for the head word at ``at``: just after a space near it.

    No token runs across a space except a run of initials ("I. M."), so tokens read from
    there are exactly the window's tokens from there on. After "X. " the space may be inside
    initials: then the window's own start is used.
    """
    if at - window_start <= _NEAR_LEFT:
        return window_start
    near = text.find(" ", at - _NEAR_LEFT, at) + 1
    if near <= 0 or text[near - 2] == ".":
        return window_start
    return near


def _is_modifier(token: Token) -> bool:
    """A word that can stand before a head word in a name ("Avicenna", "North-Western")."""
    if token.kind == "initials":
        return True
    return token.kind == "word" and _is_modifier_word(token.text)


@lru_cache(maxsize=16384)
def _is_modifier_word(text: str) -> bool:
    """:func:`_is_modifier` of a word, remembered: the same words stand before heads again and again."""
    token = Token(0, len(text), text, "word", text.lower().replace("’", "'"))
    if not token.is_cap:
        return False
    v = vocabulary()
    word = token.low
    return word not in v.stop_left and word not in v.title_heads and not (token.is_allcaps and len(token.text) > 1)


def _left_edge(line: _Line, h: int, taken: list[tuple[int, int]]) -> int | None:
    """Index of the first token of the name whose head is token ``h``.

    None when ``line`` is partial and the walk came so near its first token that the tokens
    before it could have changed the answer.
    """
    tokens = line.tokens
    i = h
    while i > 0:
        t = tokens[i - 1]
        if overlaps(taken, t.start, t.end):
            break
        if _is_modifier(t) or (t.kind == "word" and t.low in vocabulary().particles and i - 2 >= 0 and tokens[i - 2].is_cap):
            i -= 1
            continue
        if t.text in '"“”«»' and i - 2 >= 0:  # a quoted name before the head: “Prevention” Society
            if line.partial and i < 11:
                return None
            for j in range(i - 2, max(-1, i - 12), -1):
                if tokens[j].text in '"“”«»':
                    if not overlaps(taken, tokens[j].start, t.end):
                        i = j
                    break
        break
    if line.partial and i <= 1:
        return None
    # a name does not start with a particle or a lower-case word
    while i < h and tokens[i].kind == "word" and not tokens[i].is_cap:
        i += 1
    return i


def _cap_run(line: _Line, k: int, taken: list[tuple[int, int]]) -> int:
    """End (exclusive) of the capitalised words from token ``k`` of an "of"/"for" tail.

    "and" joins words inside the tail ("of Science and Technology") unless what follows it is
    another organisation ("of Lodz and Nanjing Medical University").
    """
    tokens = line.tokens
    m = k
    while line.has(m):
        t = tokens[m]
        if overlaps(taken, t.start, t.end):
            break
        if t.is_cap or (t.kind == "word" and t.text in ("People's", "People’s")):
            m += 1
            continue
        if t.text == "and" and line.has(m + 1) and tokens[m + 1].is_cap and m > k:
            nxt = m + 1
            while line.has(nxt) and tokens[nxt].is_cap and not overlaps(taken, tokens[nxt].start, tokens[nxt].end):
                if tokens[nxt].text in HEAD_KINDS:
                    return m
                nxt += 1
            if nxt == m + 1:  # "and BSMU": another organisation
                return m
            m += 1
            continue
        break
    return m


def _place_tail(text: str, line: _Line, k: int, taken: list[tuple[int, int]]) -> tuple[int, tuple[str, str] | None]:
    """The longest place name starting at token ``k`` ("the Republic of Belarus", "Szczecin")."""
    tokens = line.tokens
    if line.has(k) and tokens[k].text == "the":
        k += 1
    best: tuple[int, tuple[str, str] | None] = (k, None)
    end = k
    while end - k < 6 and line.has(end) and (tokens[end].is_cap or tokens[end].text == "of"):
        if overlaps(taken, tokens[end].start, tokens[end].end):
            break
        if tokens[end].is_cap:
            place = place_of(text[tokens[k].start : tokens[end].end])
            if place is not None:
                best = (end + 1, place)
        end += 1
    if best[1] is None and line.has(k) and tokens[k].is_cap and tokens[k].low in _REGIONS:
        return k + 1, ("", "region")
    return best


def _named_after(line: _Line, k: int, taken: list[tuple[int, int]]) -> int:
    """End of a "named after I. I. Mechnikov" / "after Mkhitar Heratsi" tail starting at ``k``."""
    tokens = line.tokens
    m = k
    initials = False
    while line.has(m) and tokens[m].kind == "initials":
        initials = True
        m += 1
    if initials:
        if line.has(m) and tokens[m].is_cap and not overlaps(taken, tokens[m].start, tokens[m].end):
            return m + 1
        return k
    particles = vocabulary().particles
    last_cap = k
    while m - k < 5 and line.has(m):
        t = tokens[m]
        if overlaps(taken, t.start, t.end):
            break
        if t.is_cap:
            m += 1
            last_cap = m
        elif t.kind == "word" and t.low in particles:
            m += 1
        else:
            break
    return last_cap


def _right_edge(
    text: str, line: _Line, first: int, h: int, kind: str, taken: list[tuple[int, int]], self_spans: list[tuple[int, int]]
) -> int | None:
    """Index after the last token of the name whose head is token ``h``; None if BSMU's own."""
    tokens = line.tokens
    end = h + 1
    while line.has(end):
        t = tokens[end]
        word = t.text
        if word in ("of", "for", "on"):
            k = end + 1
            if line.has(k) and tokens[k].text == "the":
                k += 1
            if line.has(k) and overlaps(self_spans, tokens[k].start, tokens[k].end):
                return None  # "Student Scientific Society of BSMU": a unit of BSMU
            m = _cap_run(line, k, taken)
            if m == k:
                break
            end = m
            continue
        if word == "in":
            # a place that is part of the name: "Embassy of India in Belarus", "Pomeranian
            # Medical University in Szczecin"; not a location: "... University in Minsk"
            m, place = _place_tail(text, line, end + 1, taken)
            if place is None:
                break
            country, what = place
            if kind == "embassy" and what in ("country", "city") or what == "region" or (
                what == "city" and country != HOME and end == h + 1
                and country_in_name(text[tokens[first].start : tokens[h].end]) is None
            ):
                end = m
            break
        if word == "named" and line.has(end + 1) and tokens[end + 1].text == "after":
            m = _named_after(line, end + 2, taken)
            if m > end + 2:
                end = m
            break
        if word == "after" and kind in _ACADEMIC:
            m = _named_after(line, end + 1, taken)
            if m > end + 1 and m - (end + 1) <= 3:
                end = m
            break
        break
    return end


def _bracket(text: str, line: _Line, i: int) -> tuple[str | None, list[str], int]:
    """Country and abbreviations in a bracket at token ``i``: "(KSMA)", "(Japan)", "(TSMU, Georgia)"."""
    tokens = line.tokens
    if not line.has(i) or tokens[i].text != "(":
        return None, [], i
    close = next((j for j in range(i + 1, i + 12) if line.has(j) and tokens[j].text == ")"), None)
    if close is None:
        return None, [], i
    inside = text[tokens[i].end : tokens[close].start]
    country, abbreviations = None, []
    for part in _BRACKET_PARTS.split(inside):
        part = part.strip()
        if not part:
            continue
        found = country_of_phrase(part)
        if found:
            country = country or found
        elif _ABBREVIATION.match(part) and sum(c.isupper() for c in part) >= 2:
            abbreviations.append(part)
        else:
            return None, [], i
    return country, abbreviations, close + 1


@lru_cache(maxsize=4096)
def _fits(abbreviation: str, name: str) -> bool:
    """Whether an abbreviation can stand for a name: its letters in order, the first an initial.

    Remembered: an article that defines an abbreviation usually uses the name again.
    """
    letters = fold(abbreviation)
    words = _LETTERS.findall(fold(name))
    if not words or not any(w[0] == letters[0] for w in words):
        return False
    flat = "".join(words)
    pos = flat.find(letters[0])
    for c in letters[1:]:
        pos = flat.find(c, pos + 1)
        if pos < 0:
            return False
    return True


def _acceptable(tokens: list[Token], abbreviation_defined: bool) -> bool:
    """Discovered names must be told apart from generic phrases and BSMU's units."""
    v = vocabulary()
    words = [t.low for t in tokens if t.kind == "word"]
    if not words or words[0] in v.units:
        return False
    if words[0] in v.supranational or abbreviation_defined:
        return True
    return any(
        t.kind == "word" and t.text[0].isupper() and t.low not in v.generic and t.low not in v.title_lower
        for t in tokens
    ) or any(t.text in '"“”«»' for t in tokens)


def _coordinated(text: str, line: _Line, h: int, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Names joined under one plural head: "Belarusian State and Nanjing Medical Universities".

    Returns (start, end, name) for each conjunct that is more than a nationality adjective
    ("Belarusian and Azerbaijani Medical Universities" names no organisation). ``line`` must
    hold the whole window (not partial): the conjuncts reach far to the left.
    """
    tokens = line.tokens
    v = vocabulary()
    head = _PLURAL_HEADS[tokens[h].text]
    first = _left_edge(line, h, taken)
    assert first is not None  # a whole window: never cut short
    words = tokens[first:h]
    shared: list[Token] = []
    while words and words[-1].low in v.generic:
        shared.insert(0, words.pop())
    suffix = " ".join([t.text for t in shared] + [head])
    conjuncts = [(first, words)] if words else []
    i = first
    while i >= 2 and tokens[i - 1].text in ("and", ","):
        j = _left_edge(line, i - 1, taken)
        assert j is not None
        if j == i - 1:
            break
        conjuncts.insert(0, (j, tokens[j : i - 1]))
        i = j
    if len(conjuncts) < 2:
        return []
    out = []
    for _, conjunct in conjuncts:
        if not conjunct:
            continue
        phrase = text[conjunct[0].start : conjunct[-1].end]
        place = place_of(phrase)
        if place is not None and place[1] == "adjective":
            continue
        out.append((conjunct[0].start, conjunct[-1].end, f"{phrase} {suffix}"))
    return out


def _discover(
    text: str,
    heads: list[Mention[str]],
    registry_mentions: list[_Mention],
    person_spans: list[tuple[int, int]],
    self_spans: list[tuple[int, int]],
) -> tuple[list[_Mention], list[tuple[int, int]]]:
    """Organisations named in the text that the registry does not hold, built around ``heads``.

    Returns the mentions and the spans of honours ("Member of the National Academy of
    Sciences"), which are neither partners nor free text.
    """
    reg = registry()
    taken: list[tuple[int, int]] = [(m.start, m.end) for m in registry_mentions] + list(person_spans) + list(self_spans)
    found: list[_Mention] = []
    honours: list[tuple[int, int]] = []
    # one scan for head words over the whole text (they never span a line break); only the
    # lines that hold one are looked at, and only around their heads
    line_start = line_end = -1
    line: _Line | None = None
    window = (0, 0)
    for head in heads:
        head_start, head_end = head.start, head.end
        if joined_on(text, head_end):
            continue
        if overlaps(taken, head_start, head_end):
            continue
        if head_start >= line_end:  # the first head of a line: no name runs across lines
            line_start = text.rfind("\n", 0, head_start) + 1
            line_end = text.find("\n", head_start)
            line_end = len(text) if line_end < 0 else line_end
            line = None
        if line is None or not (window[0] + _WINDOW_LEFT // 2 <= head_start and head_end + _WINDOW_RIGHT // 2 <= window[1]):
            window = _window(text, line_start, line_end, head_start, head_end)
            if window[0] == line_start and window[1] >= line_end - 1:
                window = (line_start, line_end)
            near = _near_start(text, window[0], head_start)
            line = _Line(text, near, window[1], partial=near > window[0])
        h = line.index_at(head_start)
        if h is None:
            continue
        word = line.tokens[h].text
        kind = HEAD_KINDS.get(word)
        if kind is None:  # the tokenizer read the head as part of a longer word
            continue
        first = None if word in _PLURAL_HEADS else _left_edge(line, h, taken)
        if first is None and line.partial:  # the name may reach further left: read the window
            line = _Line(text, *window)
            h = line.index_at(head_start)
            assert h is not None  # the same token starts there, read from further left
            first = None if word in _PLURAL_HEADS else _left_edge(line, h, taken)
        if word in _PLURAL_HEADS:
            parts = _coordinated(text, line, h, taken)
            for start, end, name in parts:
                index = reg.index.lookup(name)
                if index is not None and reg.orgs[index].is_self:
                    continue
                found.append(_Mention(start, end, name, kind, registry=index, name=name if index is None else None))
            if parts:
                taken.append((parts[0][0], line.tokens[h].end))
            continue
        assert first is not None  # read from the window's start: never cut short
        last = _right_edge(text, line, first, h, kind, taken, self_spans)
        if last is None:
            taken.append((line.tokens[first].start, line.tokens[h].end))
            continue
        start, end = line.tokens[first].start, line.tokens[last - 1].end
        country, abbreviations, _ = _bracket(text, line, last)
        surface = text[start:end]
        abbreviations = [a for a in abbreviations if _fits(a, surface)]
        if _honorific(text, line_start, start):
            honours.append((start, end))
            taken.append((start, end))
            continue
        if not _acceptable(line.tokens[first:last], bool(abbreviations)):
            continue
        index = reg.index.lookup(surface)
        if (index is not None and reg.orgs[index].is_self) or country_of_phrase(surface):
            taken.append((start, end))  # BSMU itself; a country ("Russian Federation")
            continue
        found.append(_Mention(start, end, surface, kind, registry=index, country=country, abbreviations=abbreviations))
        taken.append((start, end))
        # the same spelling again later is the same organisation: no need to rebuild it
        at = text.find(surface, end)
        while at >= 0:
            after = at + len(surface)
            if (
                not (at > 0 and text[at - 1].isalnum())
                and not (after < len(text) and text[after].isalnum())
                and not _CONTINUES_RIGHT.match(text, after)
                and not _CONTINUES_LEFT.search(text, max(0, at - 24), at)
                and not overlaps(taken, at, after)
            ):
                found.append(_Mention(at, after, surface, kind, registry=index))
                taken.append((at, after))
            at = text.find(surface, after)
    return found, honours


# --- putting it together -------------------------------------------------------------------------


def _registry_mentions(
    text: str, matches: list[Mention[int]]
) -> tuple[list[_Mention], list[tuple[int, int]], list[tuple[int, int]]]:
    """Registry matches (partners), BSMU's own spans, honours; brackets after them read too."""
    reg = registry()
    mentions: list[_Mention] = []
    self_spans: list[tuple[int, int]] = []
    honours: list[tuple[int, int]] = []
    for m in matches:
        org = reg.orgs[m.value]
        if org.is_self:
            self_spans.append((m.start, m.end))
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        if _honorific(text, line_start, m.start):
            honours.append((m.start, m.end))
            continue
        mention = _Mention(m.start, m.end, m.surface, org.kind, registry=m.value)
        after = text[m.end : m.end + 2]
        if after.startswith(" (") or after.startswith("("):
            # no token runs across the space or bracket after a name, so the line's tokens
            # from here on are those read from here
            line_end = text.find("\n", m.end)
            line = _Line(text, m.end, len(text) if line_end < 0 else line_end)
            country, abbreviations, _ = _bracket(text, line, 0)
            mention.country = country
            mention.abbreviations = [a for a in abbreviations if a not in reg.self_abbreviations]
        mentions.append(mention)
    return mentions, self_spans, honours


def _group(mentions: list[_Mention]) -> list[_Group]:
    """One group per organisation; see the module's docstring for what joins mentions."""
    reg = registry()
    groups: list[_Group] = []
    by_registry: dict[int, _Group] = {}
    by_key: dict[str, _Group] = {}
    # registry mentions first, so that a discovered variant can join a registry organisation
    for m in sorted(mentions, key=lambda m: (m.registry is None, m.start)):
        key = fold_key(m.label)
        if m.registry is not None:
            group = by_registry.get(m.registry)
            if group is None:
                org = reg.orgs[m.registry]
                group = _Group(m.registry, org.kind, _core(org.name, org.kind, org.country))
                by_registry[m.registry] = group
                groups.append(group)
        else:
            group = by_key.get(key)
            if group is None:
                country = m.country or country_in_name(m.label)
                core = _core(m.label, m.kind, country)
                group = next(
                    (g for g in groups if g.kind == m.kind and core and g.core and (core <= g.core or g.core <= core)),
                    None,
                )
                if group is None:
                    group = _Group(None, m.kind, core)
                    groups.append(group)
                elif m.registry is None and group.registry is None and len(core) > len(group.core):
                    group.core = core
        group.mentions.append(m)
        group.keys.add(key)
        by_key[key] = group
        if m.country and not group.country_hint:
            group.country_hint = m.country
    return groups


def _abbreviation_mentions(text: str, groups: list[_Group], taken: list[tuple[int, int]]) -> None:
    """Add the mentions of abbreviations used alone to the groups they stand for."""
    reg = registry()
    meaning: dict[str, _Group] = {}
    for group in groups:  # registry abbreviations of organisations named in full
        if group.registry is not None:
            for abbreviation in reg.orgs[group.registry].abbreviations:
                meaning.setdefault(abbreviation, group)
    for group in groups:  # brackets in the article win over the registry
        for m in group.mentions:
            for abbreviation in m.abbreviations:
                if abbreviation not in reg.self_abbreviations:
                    meaning[abbreviation] = group
    # str.find per abbreviation: a regex of this article's abbreviations would be compiled anew
    # for every article
    n = len(text)
    for abbreviation, group in meaning.items():
        at = text.find(abbreviation)
        while at >= 0:
            end = at + len(abbreviation)
            bounded = (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "-_")) and (
                end == n or not (text[end].isalnum() or text[end] in "-_")
            )
            if bounded and not overlaps(taken, at, end):
                group.mentions.append(
                    _Mention(at, end, abbreviation, group.kind, registry=group.registry, is_abbreviation=True)
                )
            at = text.find(abbreviation, end)


def _partner(group: _Group) -> Partner:
    reg = registry()
    ordered = sorted(group.mentions, key=lambda m: m.start)
    surfaces = tuple(dict.fromkeys(m.surface for m in ordered))
    if group.registry is not None:
        org = reg.orgs[group.registry]
        return Partner(org.name, org.country, org.kind, "registry", surfaces)
    # the fullest spelling the article used, abbreviations aside
    full = [m.label for m in ordered if not m.is_abbreviation]
    name = max(full, key=len)  # the fullest spelling the article used
    country = group.country_hint or country_in_name(name)
    if country is None:
        country = next((c for c in (country_in_name(n) for n in full) if c), None)
    kind = group.kind
    if kind == "other" and fold(name.split()[0]) in vocabulary().supranational:
        kind = "international"
    return Partner(name, country, kind, "discovered", surfaces)


def find_partners(
    text: str, person_spans: list[tuple[int, int]], registry_matches: list[Mention[int]], heads: list[Mention[str]]
) -> FoundPartners:
    """The external organisations ``text`` names, each once, in first-mention order.

    ``person_spans`` are the names of people found beforehand: a name that follows an
    organisation in a title ("of the Institute of Tropical Medicine Antwerp Marie Dubois")
    ends the organisation's name. ``registry_matches`` and ``heads`` are what the registry
    index and :func:`head_index` find in ``text``, searched together for every article by
    :class:`~pipeline.entities.JointIndex`.
    """
    registry_mentions, self_spans, honours = _registry_mentions(text, registry_matches)
    discovered, more_honours = _discover(text, heads, registry_mentions, person_spans, self_spans)
    mentions = registry_mentions + discovered
    groups = _group(mentions)
    spans = [(m.start, m.end) for m in mentions] + self_spans
    blocked = spans + honours + more_honours
    _abbreviation_mentions(text, groups, blocked + list(person_spans))
    firsts = sorted((min([m.start for m in g.mentions]), i) for i, g in enumerate(groups))
    groups = [groups[i] for _, i in firsts]
    partners = tuple(_partner(g) for g in groups)
    positions = tuple(start for start, _ in firsts)
    all_spans = [(m.start, m.end) for g in groups for m in g.mentions] + self_spans
    return FoundPartners(partners, positions, tuple(sorted(all_spans)), tuple(sorted(all_spans + honours + more_honours)))
