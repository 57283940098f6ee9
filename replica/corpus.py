"""The set of articles a replica site holds, before any markup.

Built once per (seed, size) and shared by both markup variants, so the variants cannot
disagree about content. Also the place where a site changes between crawls (articles
added, edited, removed), because a change is a change of content, not of markup.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import random
from collections.abc import Iterable
from functools import lru_cache

from replica.content import MINSK, Article, Block, Segment, StaticPage
from replica.credits import COVERAGE, random_recipe
from replica.prose import THEMES
from replica.seeds import seed_articles, static_pages
from replica.timeline import MAX_ARTICLES, MIN_ARTICLES, PINNED_ID, SEED_IDS, allocate
from replica.writer import Plan, write_article

#: Suffixes of the pages whose copies have encoding damage (3–6 such pages).
DAMAGED_SUFFIXES = ("\u00e3.", "\u0103.", "", "\u00e3.")
#: Reasons of the deliberately broken pages.
FAILURES = ("no_date", "truncated", "undecodable")


@dataclasses.dataclass(frozen=True, slots=True)
class Corpus:
    """Articles (by ID) and static pages of one site."""

    seed: int
    articles: tuple[Article, ...]
    statics: tuple[StaticPage, ...]


def _digest(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


def has_banner(path: str) -> bool:
    """Whether the page at ``path`` shows the slogan banner (about half of the pages).

    The banner reflects when a copy was fetched, not the article; the replica decides it
    by the canonical path so every URL of one article agrees.
    """
    return _digest(path)[0] % 2 == 0


def header_has_charset(path: str) -> bool:
    """Whether the Content-Type header names the charset (most pages; the rest rely on meta)."""
    return _digest(path)[1] % 8 != 0


def _plans(master: random.Random, slots: list[tuple[int, dt.date]]) -> dict[int, Plan]:
    """Hand out plans so each listed variant occurs at least once, spread over the years.

    Each forced choice goes to a different article, taken in a shuffled order; articles
    left over get only a random credit recipe and decide everything else themselves.
    """
    order = [aid for aid, _ in slots if aid != PINNED_ID]
    master.shuffle(order)
    dates = dict(slots)
    specs: list[dict[str, object]] = [{"recipe": r} for r in COVERAGE]
    specs += [
        {"caption": "ru"}, {"caption": "ru"}, {"caption": "en"}, {"caption": "en"},
        {"list_style": "ul"}, {"list_style": "dash"}, {"list_style": "ul"},
        {"list_style": "dash"},
        {"date_distractor": True}, {"date_distractor": True}, {"date_distractor": True},
        {"announcement": "equal"}, {"announcement": "prefix"}, {"announcement": "none"},
        {"two_partners": True, "theme": "agreement"}, {"two_partners": True, "theme": "meeting"},
    ]
    specs += [{"theme": t.name} for t in THEMES]
    plans: dict[int, Plan] = {}
    for i, aid in enumerate(order):
        spec = dict(specs[i]) if i < len(specs) else {}
        recipe = spec.pop("recipe", None) or random_recipe(master)
        plans[aid] = Plan(recipe, **spec)  # type: ignore[arg-type]
    old = sorted(aid for aid in order if dates[aid].year <= 2019)
    for aid in old[:2]:
        plans[aid] = dataclasses.replace(plans[aid], title_stop=True)
    plans[PINNED_ID] = Plan(random_recipe(master))
    return plans


@lru_cache(maxsize=8)
def generate_corpus(seed: int = 2026, n_articles: int = 320) -> Corpus:
    """Every article and static page of a site of ``n_articles`` articles.

    Cached: both variants and repeated test builds share one corpus (it is immutable).
    """
    if not MIN_ARTICLES <= n_articles <= MAX_ARTICLES:
        raise ValueError(f"n_articles must be between {MIN_ARTICLES} and {MAX_ARTICLES}")
    master = random.Random(seed)
    slots = allocate(master, n_articles - len(SEED_IDS))
    plans = _plans(master, slots)
    taken: set[str] = set()
    articles: dict[int, Article] = {}
    for aid, published in slots:
        rng = random.Random(f"{seed}:{aid}")
        articles[aid] = write_article(rng, aid, published, plans[aid], taken)
    for article in seed_articles(SEED_IDS):
        articles[article.article_id] = article

    # Broken and damaged pages: generated articles, never the newest ones (those fill
    # every sidebar) and never the anchors.
    ids = sorted(articles)
    eligible = [aid for aid in ids[: max(1, len(ids) - 12)]
                if articles[aid].seed is None and aid != PINNED_ID]
    picks = master.sample(eligible, min(len(eligible), len(FAILURES) + len(DAMAGED_SUFFIXES)))
    for aid, reason in zip(picks, FAILURES, strict=False):
        articles[aid] = dataclasses.replace(articles[aid], expected_failure=reason)
    for aid, suffix in zip(picks[len(FAILURES):], DAMAGED_SUFFIXES, strict=False):
        articles[aid] = dataclasses.replace(articles[aid], date_suffix=suffix, encoding="utf-8")

    final = []
    for aid in ids:
        a = articles[aid]
        banner = True if a.seed else has_banner(a.canonical_path)
        charset = a.encoding == "utf-8" or header_has_charset(a.canonical_path)
        final.append(dataclasses.replace(a, banner=banner, header_charset=charset))
    return Corpus(seed, tuple(final), tuple(static_pages()))


def evolve_corpus(
    corpus: Corpus, *, now: dt.datetime, add: int = 0, edit: Iterable[int] = (),
    remove: Iterable[int] = (),
) -> Corpus:
    """A later state of ``corpus``: ``add`` new articles, some edited, some removed.

    New articles get higher IDs and dates after the newest article but not after
    ``now``; edited ones gain a paragraph and a ``modified`` time of ``now``.
    """
    articles = {a.article_id: a for a in corpus.articles}
    last_id = max(articles)  # IDs are never reused, even after a removal
    for aid in remove:
        articles.pop(aid, None)
    for aid in edit:
        a = articles[aid]
        blocks = list(a.blocks)
        note = Block("text", (Segment("The article was updated with comments of the "
                                      "participants of the meeting."),))
        blocks.insert(len(blocks) - 1, note)
        articles[aid] = dataclasses.replace(a, blocks=tuple(blocks), modified=now)
    if add:
        rng = random.Random(f"{corpus.seed}:evolve:{len(articles)}:{last_id}")
        taken = {a.title for a in articles.values()}
        day = max(a.published for a in articles.values())
        for _ in range(add):
            last_id += rng.randint(1, 3)
            day = min(day + dt.timedelta(days=rng.randint(0, 2)), now.astimezone(MINSK).date())
            plan = Plan(random_recipe(rng))
            art = write_article(random.Random(f"{corpus.seed}:{last_id}"), last_id, day, plan,
                                taken)
            art = dataclasses.replace(
                art, banner=has_banner(art.canonical_path),
                header_charset=header_has_charset(art.canonical_path))
            articles[last_id] = art
    return Corpus(corpus.seed, tuple(articles[k] for k in sorted(articles)), corpus.statics)
