"""The datasets the harness scores: the labelled set and the replica in both markups.

Each dataset is a list of ``Case``: an id, the expected fields in one shape whatever the
source, and a thunk that runs the pipeline on the case's input. The labelled set feeds
visible text to ``extract_text`` (it tests reading, independent of markup); the replica
feeds page bytes to ``extract_page`` (it tests the whole path from HTML, in both markup
variants), with the replica's own truth as the expectation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import Extraction, extract_page, extract_text

#: Where the labelled set lives.
EVAL_SET_DIR = Path(__file__).resolve().parent.parent / "tests" / "eval_set"
ORIGIN = "https://eng.bsmu.by"
EVAL_SET = "eval-set"
REPLICA_VARIANTS = ("modern", "legacy")
DATASETS = (EVAL_SET, *(f"replica-{v}" for v in REPLICA_VARIANTS))

_EXPECTED_KEYS = ("published", "title", "announcement", "body", "authors", "translators",
                  "photographers", "organisations", "people", "countries")


@dataclass(frozen=True)
class Organisation:
    """An expected organisation: the name it is compared by, and what it should carry."""

    name: str
    country: str | None
    kind: str | None


@dataclass(frozen=True)
class Expected:
    """The truth of one article in the harness's shape (both sources map onto it)."""

    published: str
    title: str
    announcement: str | None
    body: str
    authors: tuple[tuple[str, str | None], ...]
    translators: tuple[str, ...]
    photographers: tuple[str, ...]
    organisations: tuple[Organisation, ...]
    people: tuple[str, ...]
    countries: tuple[str, ...]


@dataclass(frozen=True)
class Case:
    """One article to score: where it is from, what is true, how to extract it."""

    dataset: str
    id: str
    expected: Expected
    extract: Callable[[], Extraction]


def _paragraphs(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "\n\n".join(value)


def _organisations(items: Iterable[dict[str, Any]]) -> tuple[Organisation, ...]:
    return tuple(Organisation(o["name"], o.get("country"), o.get("kind")) for o in items)


def _countries_of(orgs: Iterable[Organisation]) -> tuple[str, ...]:
    """The partners' countries, in order, once each: the replica's truth has no list of its own."""
    return tuple(dict.fromkeys(o.country for o in orgs if o.country))


def load_eval_set(directory: Path = EVAL_SET_DIR) -> list[Case]:
    """Read every ``*.json`` item of the labelled set; a malformed item is a loud error."""
    cases = []
    for path in sorted(directory.glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        exp = item.get("expected", {})
        missing = [k for k in ("id", "text", "expected") if k not in item]
        missing += [f"expected.{k}" for k in _EXPECTED_KEYS if k not in exp]
        if missing:
            raise ValueError(f"{path.name}: missing {', '.join(missing)}")
        text = item["text"] if isinstance(item["text"], str) else "\n".join(item["text"])
        expected = Expected(
            published=exp["published"],
            title=exp["title"],
            announcement=exp["announcement"],
            body=_paragraphs(exp["body"]),
            authors=tuple((a["name"], a.get("role")) for a in exp["authors"]),
            translators=tuple(exp["translators"]),
            photographers=tuple(exp["photographers"]),
            organisations=_organisations(exp["organisations"]),
            people=tuple(p["name"] for p in exp["people"]),
            countries=tuple(exp["countries"]),
        )
        cases.append(Case(EVAL_SET, item["id"], expected, _text_thunk(text)))
    if not cases:
        raise ValueError(f"no labelled items in {directory}")
    return cases


def _text_thunk(text: str) -> Callable[[], Extraction]:
    return lambda: extract_text(text)


def replica_cases(variant: str, site: Any | None = None) -> list[Case]:
    """Cases for every article of the replica that is meant to extract (no expected_failure)."""
    if site is None:
        from replica import build_site

        site = build_site(variant=variant)
    cases = []
    for truth in site.truth:
        if truth.get("expected_failure"):
            continue
        path = truth["canonical_path"]
        page = site.pages[path]
        orgs = _organisations(truth.get("organisations", ()))
        expected = Expected(
            published=truth["published"],
            title=truth["title"],
            announcement=truth["announcement"],
            body=truth["body"],
            authors=tuple((a["name"], a.get("role")) for a in truth["authors"]),
            translators=tuple(truth["translators"]),
            photographers=tuple(truth["photographers"]),
            organisations=orgs,
            people=tuple(p["name"] for p in truth.get("people", ())),
            countries=tuple(truth["countries"]) if "countries" in truth else _countries_of(orgs),
        )
        cases.append(Case(f"replica-{variant}", str(truth["article_id"]), expected,
                          _page_thunk(page.body, ORIGIN + path, page.content_type)))
    return cases


def _page_thunk(body: bytes, url: str, content_type: str) -> Callable[[], Extraction]:
    return lambda: extract_page(body, url, {"content-type": content_type})


def load_dataset(name: str) -> list[Case]:
    """The cases of one dataset by its name (``eval-set``, ``replica-modern``, ``replica-legacy``)."""
    if name == EVAL_SET:
        return load_eval_set()
    if name.startswith("replica-") and name.removeprefix("replica-") in REPLICA_VARIANTS:
        return replica_cases(name.removeprefix("replica-"))
    raise ValueError(f"unknown dataset {name!r}; choose from {', '.join(DATASETS)}")
