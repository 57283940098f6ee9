"""Credit lines: who wrote, photographed and translated an article.

Credit lines follow the body with no separator. They are recognised by their labels
(kept here as data, English and Russian) and by the shape of what follows a label: person
names, optionally with the position they hold. A line whose "names" are not name-shaped
(``Photo: participants of the meeting``) is a caption, not a credit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.record import Person

# label pattern -> the roles it credits. Order matters: longer labels first.
CREDIT_LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"(?:author|text)s?\s+and\s+photos?(?:\s+by)?", ("author", "photographer")),
    (r"(?:автор|текст)\s+и\s+фото", ("author", "photographer")),
    (r"photos?\s+by\s+the\s+author", ("photo_by_author",)),
    (r"фото\s+автора", ("photo_by_author",)),
    (r"authors?(?:\s+by)?|text(?:\s+by)?|written\s+by|автор[ыа]?|текст", ("author",)),
    (r"photos?(?:\s+by)?|photographs?(?:\s+by)?|photographer|фото(?:графии)?", ("photographer",)),
    (r"translat(?:ion|ed)(?:\s+by)?|translator|перевод(?:чик)?", ("translator",)),
)

# Words that mark a position rather than a name after a credited person.
ROLE_WORDS = frozenset(
    "spokesperson spokeswoman spokesman press secretary journalist correspondent student "
    "students department faculty bsmu service editor staff office head specialist employee "
    "пресс-секретарь пресс-служба корреспондент студент студентка кафедра факультет бгму".split()
)

_LABEL_ALT = "|".join(f"(?:{pattern})" for pattern, _ in CREDIT_LABELS)
# A label at the start of a segment, followed by ':' or (for "... by") by a space.
_LABELLED = re.compile(rf"^\s*(?P<label>{_LABEL_ALT})\s*(?::|\s-\s|–|—|(?<=by)\s|(?<=author)$)\s*(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_LABEL_START = re.compile(rf"^\s*(?:{_LABEL_ALT})", re.IGNORECASE)
_LABEL_ROLES = [(re.compile(rf"^(?:{pattern})$", re.IGNORECASE), roles) for pattern, roles in CREDIT_LABELS]
# Where one credit ends and the next begins inside one block.
_SEGMENT_SPLIT = re.compile(
    rf"\s*;\s*|(?<=[.;])\s+(?=(?:{_LABEL_ALT})\b)|,\s+(?=(?:{_LABEL_ALT})\s*:)", re.IGNORECASE
)
_NAME_SPLIT = re.compile(r"\s*,\s*|\s+(?:and|и|&)\s+", re.IGNORECASE)
_INITIAL_GLUE = re.compile(r"\b([A-ZА-ЯЁ])\.(?=[A-ZА-ЯЁ][a-zа-яё])")
_NAME_TOKEN = re.compile(r"^(?:[A-ZА-ЯЁ]\.(?:[A-ZА-ЯЁ]\.)*|[A-ZА-ЯЁ][a-zа-яё'’]+(?:-[A-ZА-ЯЁ]?[a-zа-яё'’]+)*)$")


@dataclass(slots=True)
class Credits:
    authors: list[Person] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    photo_by_author: bool = False

    def finish(self) -> Credits:
        """Resolve "photo by the author" and drop repeats, keeping first-seen order."""
        if self.photo_by_author:
            self.photographers.extend(p.name for p in self.authors)
        self.photographers = _unique(self.photographers)
        self.translators = _unique(self.translators)
        seen: set[str] = set()
        authors = []
        for person in self.authors:
            if person.name not in seen:
                seen.add(person.name)
                authors.append(person)
        self.authors = authors
        return self


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def normalise_name(name: str) -> str:
    """``A.Surname`` → ``A. Surname``; spacing collapsed; trailing punctuation dropped."""
    name = _INITIAL_GLUE.sub(r"\1. ", name.strip().strip(".,;:").strip())
    return re.sub(r"\s+", " ", name)


def is_person_name(text: str) -> bool:
    """Shape of a person's name: 2–4 capitalised words or initials, one of them a word."""
    tokens = normalise_name(text).split(" ")
    if not 2 <= len(tokens) <= 4:
        return False
    if not all(_NAME_TOKEN.match(t) for t in tokens):
        return False
    return any(len(t) > 2 and not t.endswith(".") for t in tokens)


def _is_role(text: str) -> bool:
    words = re.findall(r"[\w-]+", text.casefold())
    return bool(words) and any(w in ROLE_WORDS for w in words)


def _people(rest: str) -> list[Person] | None:
    """Names (each with an optional position) from what follows a label; None if not names."""
    rest = rest.strip().rstrip(".;,").strip()
    if not rest:
        return None
    people: list[Person] = []
    for part in _NAME_SPLIT.split(rest):
        part = part.strip()
        if not part:
            continue
        if is_person_name(part):
            people.append(Person(normalise_name(part)))
        elif people:
            # A position printed after the name it belongs to (it may hold commas itself).
            last = people[-1]
            role = part.rstrip(".;, ") if last.role is None else f"{last.role}, {part.rstrip('.;, ')}"
            people[-1] = Person(last.name, role)
        else:
            return None
    return people or None


def _roles_for(label: str) -> tuple[str, ...]:
    label = re.sub(r"\s+", " ", label.strip())
    for pattern, roles in _LABEL_ROLES:
        if pattern.match(label):
            return roles
    return ()


def parse_credit_segment(segment: str, credits: Credits) -> bool:
    """Add one credit (``Translation: X``) to ``credits``; False if it is not a credit."""
    m = _LABELLED.match(segment.strip().rstrip(" .;"))
    if not m:
        return False
    roles = _roles_for(m["label"])
    if roles == ("photo_by_author",):
        if m["rest"].strip(" .;"):
            return False
        credits.photo_by_author = True
        return True
    people = _people(m["rest"])
    if not people:
        return False
    for role in roles:
        if role == "author":
            credits.authors.extend(people)
        elif role == "photographer":
            credits.photographers.extend(p.name for p in people)
        elif role == "translator":
            credits.translators.extend(p.name for p in people)
    return True


def _split_segments(text: str) -> list[str]:
    return [s for s in _SEGMENT_SPLIT.split(text) if s and s.strip(" .;")]


def parse_credit_block(text: str, credits: Credits) -> bool:
    """Parse a whole block as credit lines; False (and ``credits`` untouched) if any part is not one."""
    parsed = _parsed_block(text)
    if parsed is None:
        return False
    authors, translators, photographers, photo_by_author = parsed
    credits.authors.extend(authors)
    credits.translators.extend(translators)
    credits.photographers.extend(photographers)
    credits.photo_by_author |= photo_by_author
    return True


@lru_cache(maxsize=4096)
def _parsed_block(text: str) -> tuple[tuple[Person, ...], tuple[str, ...], tuple[str, ...], bool] | None:
    """A block's credits, cached: the same few credit lines recur on page after page."""
    if len(text) >= 300 or not _LABEL_START.match(text):
        return None
    trial = Credits()
    segments = _split_segments(text)
    if not segments or not all(parse_credit_segment(s, trial) for s in segments):
        return None
    return tuple(trial.authors), tuple(trial.translators), tuple(trial.photographers), trial.photo_by_author


def is_credit_block(text: str) -> bool:
    return _parsed_block(text) is not None


#: Capitalised words that begin sentences, not names ("In November, teachers of ...").
NOT_NAME_WORDS = frozenset(
    "in on at the from for during after before since by with this that these those a an "
    "january february march april may june july august september october november december".split()
)
#: An unlabelled credit's position is a short phrase, not a clause.
MAX_ROLE_WORDS = 8


def parse_unlabelled_author(text: str) -> Person | None:
    """``Oksana Kurbeko, BSMU spokesperson;`` — an author line printed without a label."""
    if len(text) > 120:
        return None
    text = text.strip().rstrip(";.").strip()
    name, sep, role = text.partition(",")
    if not sep or not is_person_name(name) or not _is_role(role):
        return None
    if any(word.casefold() in NOT_NAME_WORDS for word in name.split()):
        return None
    if len(role.split()) > MAX_ROLE_WORDS:
        return None
    return Person(normalise_name(name), role.strip().rstrip(".;, "))
