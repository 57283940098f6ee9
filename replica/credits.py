"""Credit lines (author, photographer, translator) in every form the site is known to use.

A *recipe* names one form for each of the three lines plus a punctuation style; the
printed lines and their meaning are produced together, so the truth never comes from
parsing the lines back.

Author forms: ``role`` ``Author: NAME, ROLE``; ``plain`` ``Author: NAME``; ``unlabeled``
``NAME, ROLE;`` (seed 000; always ends with ';'); ``author_photo`` ``Author and photo:
NAME``; ``multi`` ``Authors: A and B`` / ``Authors: A, B``.
Photo forms: ``by_author`` ``Photo by the author``; ``by`` ``Photo by NAME``; ``colon``
``Photo: NAME``; ``multi`` several names joined by ", " and/or " and ".
Translation forms: ``colon`` ``Translation: NAME``; ``initial`` ``Translation: A.Surname``
(truth: "A. Surname"); ``by`` ``Translated by NAME``; ``multi`` several names.
Punctuation: ``none``; ``semicolon`` (every line ends with ';', the last with '.');
``period`` (every line ends with '.').
"""

from __future__ import annotations

import random
from typing import NamedTuple

from replica.content import Credits
from replica.vocab import AUTHORS, CREDIT_PEOPLE, PHOTOGRAPHERS, TRANSLATORS

AUTHOR_FORMS = ("role", "plain", "unlabeled", "author_photo", "multi")
PHOTO_FORMS = ("by_author", "by", "colon", "multi")
TRANSLATION_FORMS = ("colon", "initial", "by", "multi")
PUNCTUATION = ("none", "semicolon", "period")


class Recipe(NamedTuple):
    """Which form each credit line takes; None leaves the line out."""

    author: str | None
    photo: str | None
    translation: str | None
    punctuation: str = "none"

    def __str__(self) -> str:
        return "/".join(p or "-" for p in self)


#: Recipes used first, so that every form appears on any site of a dozen articles or more.
COVERAGE: tuple[Recipe, ...] = (
    Recipe("role", "by_author", "colon"),
    Recipe("unlabeled", "by", "colon", "semicolon"),
    Recipe("plain", "colon", "by", "period"),
    Recipe("author_photo", None, "initial"),
    Recipe("multi", "multi", "multi"),
    Recipe(None, None, "colon"),
    Recipe(None, None, None),
    Recipe("role", "by", "initial", "semicolon"),
    Recipe("plain", "by_author", "by"),
    Recipe("multi", "colon", None, "period"),
    Recipe("role", "multi", "by"),
    Recipe("unlabeled", "colon", "initial", "semicolon"),
    Recipe(None, "by", "colon", "period"),
)


def random_recipe(rng: random.Random) -> Recipe:
    """A recipe drawn with weights that roughly follow what the real pages show."""
    r = rng.random()
    if r < 0.07:
        return Recipe(None, None, None)
    if r < 0.15:
        return Recipe(None, None, rng.choice(("colon", "colon", "initial", "by")))
    author = rng.choices(AUTHOR_FORMS + (None,), weights=(10, 4, 2, 3, 1, 2))[0]
    photo_forms = list(PHOTO_FORMS)
    weights = [4, 4, 2, 1]
    if author != "role" and author != "plain" and author != "unlabeled":
        photo_forms, weights = photo_forms[1:], weights[1:]  # "by the author" needs one author
    photo = rng.choices([*photo_forms, None], weights=[*weights, 4])[0]
    if author == "author_photo":
        photo = None
    translation = rng.choices((*TRANSLATION_FORMS, None), weights=(10, 2, 3, 1, 2))[0]
    punctuation = rng.choices(PUNCTUATION, weights=(6, 2, 2))[0]
    return Recipe(author, photo, translation, punctuation)


def _initial(name: str) -> tuple[str, str]:
    """``("N.Kolyago", "N. Kolyago")``: the printed form and the truth's form."""
    first, last = name.split(" ", 1)
    return f"{first[0]}.{last}", f"{first[0]}. {last}"


def _join(names: list[str], rng: random.Random) -> str:
    if len(names) == 2:
        return rng.choice((" and ", ", ")).join(names)
    return ", ".join(names[:-1]) + rng.choice((" and ", ", ")) + names[-1]


def _pick(rng: random.Random, pool: tuple[str, ...], k: int, avoid: set[str]) -> list[str]:
    choices = [n for n in dict.fromkeys(pool) if n not in avoid]
    return rng.sample(choices, k)


def make_credits(recipe: Recipe, rng: random.Random) -> Credits:
    """Print the credit lines of ``recipe`` with people from the recurring pool."""
    lines: list[str] = []
    authors: list[tuple[str, str | None]] = []
    photographers: list[str] = []
    translators: list[str] = []
    used: set[str] = set()
    unlabeled_index = -1

    if recipe.author:
        if recipe.author == "multi":
            names = _pick(rng, AUTHORS, rng.choice((2, 2, 3)), used)
            lines.append(f"Authors: {_join(names, rng)}")
            authors = [(n, None) for n in names]
        else:
            name = rng.choice(AUTHORS)
            roles = CREDIT_PEOPLE[name]
            if recipe.author in ("role", "unlabeled") and roles:
                role: str | None = rng.choice(roles)
            else:
                role = None
            if recipe.author == "role" and role:
                lines.append(f"Author: {name}, {role}")
            elif recipe.author == "unlabeled" and role:
                lines.append(f"{name}, {role};")
                unlabeled_index = 0
            elif recipe.author == "author_photo":
                lines.append(f"Author and photo: {name}")
                photographers.append(name)
            else:
                lines.append(f"Author: {name}")
            authors = [(name, role)]
        used.update(n for n, _ in authors)

    if recipe.photo:
        if recipe.photo == "by_author" and len(authors) == 1:
            lines.append("Photo by the author")
            photographers.append(authors[0][0])
        elif recipe.photo == "multi":
            names = _pick(rng, PHOTOGRAPHERS, rng.choice((2, 3)), used)
            label = rng.choice(("Photo: ", "Photo by "))
            lines.append(label + _join(names, rng))
            photographers.extend(names)
        else:
            name = _pick(rng, PHOTOGRAPHERS, 1, used)[0]
            label = "Photo: " if recipe.photo == "colon" else "Photo by "
            lines.append(label + name)
            photographers.append(name)
        used.update(photographers)

    if recipe.translation:
        if recipe.translation == "multi":
            names = _pick(rng, TRANSLATORS, 2, used)
            label = rng.choice(("Translation: ", "Translated by "))
            lines.append(label + _join(names, rng))
            translators.extend(names)
        else:
            name = _pick(rng, TRANSLATORS, 1, used)[0]
            if recipe.translation == "initial":
                printed, name = _initial(name)
                lines.append(f"Translation: {printed}")
            elif recipe.translation == "by":
                lines.append(f"Translated by {name}")
            else:
                lines.append(f"Translation: {name}")
            translators.append(name)

    lines = _punctuate(lines, recipe.punctuation, unlabeled_index)
    return Credits(tuple(lines), tuple(authors), tuple(photographers), tuple(translators),
                   recipe=str(recipe))


def _punctuate(lines: list[str], style: str, keep: int) -> list[str]:
    """Apply the punctuation style; the unlabeled author line keeps its ';' regardless."""
    out = []
    for i, line in enumerate(lines):
        if i == keep:
            out.append(line)
            continue
        last = i == len(lines) - 1
        if style == "semicolon":
            line += "." if last else ";"
        elif style == "period":
            line += "."
        out.append(line)
    return out
