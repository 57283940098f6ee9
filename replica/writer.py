"""Writes one generated news article from the templates in ``prose``.

The writer keeps the facts (which partner is named how, who is mentioned with which
title) as it writes, so the truth is a by-product of writing rather than a reading of
the result. Everything random comes from the ``random.Random`` it is given, which is
what makes a site reproducible byte for byte.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from replica.content import Article, Block, OrgTruth, Segment, normalise
from replica.credits import Recipe, make_credits
from replica.prose import (
    ACADEMIC_PARAGRAPHS,
    DATE_PARAGRAPHS,
    GENERIC_PARAGRAPHS,
    HEAD_TITLES,
    HOW_SIGNED,
    THEMES,
    Theme,
)
from replica.vocab import (
    BSMU_STAFF,
    BSMU_UNITS,
    CAPTIONS_EN,
    CAPTIONS_RU,
    COUNTRIES,
    FIELDS,
    INTERNATIONAL_PEOPLE,
    MONTHS,
    ORGANISATIONS,
    RECTORS,
    VICE_RECTOR_NAME,
    VICE_RECTOR_TITLES,
    Country,
    Organisation,
)

_TOKEN = re.compile(r"\{([A-Za-z0-9_]+)\}")
_THEMES = {t.name: t for t in THEMES}
_DANGLING = frozenset(("a", "an", "the", "of", "and", "with", "in", "on", "at", "to", "for",
                       "by", "from", "\u2013", "-"))


@dataclass(frozen=True, slots=True)
class Plan:
    """Choices made for an article by the site builder rather than left to chance.

    The builder hands out plans so that every variant the extractor must handle occurs on
    any site of reasonable size; None means "let the article's own dice decide".
    """

    recipe: Recipe
    theme: str | None = None
    caption: str | None = None  # "ru", "en"
    list_style: str | None = None  # "ul", "dash"
    date_distractor: bool | None = None
    title_stop: bool | None = None
    announcement: str | None = None  # "equal", "prefix", "none"
    two_partners: bool | None = None


@dataclass(slots=True)
class _Person:
    name: str
    title: str  # may contain {p} and {CF}


def format_date(d: dt.date) -> str:
    """``3 June 2022``: the date format of the site, also used in running text."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _at_sentence_start(prev: str) -> bool:
    stripped = prev.rstrip()
    return not stripped or (stripped.endswith((".", "!", "?")) and prev.endswith(" "))


def _cap(text: str, prev: str) -> str:
    return text[:1].upper() + text[1:] if _at_sentence_start(prev) else text


@dataclass
class Filler:
    """Fills templates for one article and records what the filled text names."""

    rng: random.Random
    published: dt.date
    partner: Organisation
    partner2: Organisation | None = None
    surfaces: dict[str, list[str]] = field(default_factory=dict)
    people: list[tuple[str, str | None]] = field(default_factory=list)
    features: set[str] = field(default_factory=set)
    _orgs: dict[str, bool] = field(default_factory=dict)  # name -> abbreviation defined
    _cache: dict[str, str] = field(default_factory=dict)
    _persons: dict[str, _Person] = field(default_factory=dict)

    def __post_init__(self) -> None:
        rng = self.rng
        self.country: Country | None = COUNTRIES.get(self.partner.country or "")
        self.fields = rng.sample(FIELDS, 2)
        self.units = rng.sample(BSMU_UNITS, 2)
        names, titles = next(
            (n, t) for start, n, t in reversed(RECTORS) if dt.date.fromisoformat(start) <= self.published
        )
        self._persons["RECTOR"] = _Person(rng.choice(names), rng.choice(titles))
        self._persons["VR"] = _Person(VICE_RECTOR_NAME, rng.choice(VICE_RECTOR_TITLES))
        staff_title, staff_name = rng.choice(BSMU_STAFF)
        self._persons["STAFF"] = _Person(staff_name, staff_title)
        pool = self.country.people if self.country else INTERNATIONAL_PEOPLE
        self._persons["HEAD"] = _Person(rng.choice(pool), rng.choice(HEAD_TITLES[self.partner.kind]))

    # --- availability -------------------------------------------------------------

    def can(self, template: str) -> bool:
        """Whether every placeholder of ``template`` has a value for this article."""
        return all(self._available(name) for name in _TOKEN.findall(template))

    def _available(self, name: str) -> bool:
        if name in ("C", "CF", "CA"):
            return self.country is not None
        if name == "CITY":
            return bool(self.partner.city or self.country)
        if name == "FOUNDED":
            return self.partner.founded is not None
        if name in ("P2", "p2", "pt2"):
            return self.partner2 is not None
        if name == "HOW":
            return any(self.can(h) for h in HOW_SIGNED)
        if name in ("HEAD", "head"):
            return self.can(self._persons["HEAD"].title)
        return True

    # --- filling ---------------------------------------------------------------------

    def segments(self, template: str, markup: bool = True) -> list[Segment]:
        """Fill ``template`` into styled segments, recording names as they appear."""
        out: list[Segment] = []
        text_so_far = ""
        pos = 0
        for m in _TOKEN.finditer(template):
            literal = template[pos:m.start()]
            if literal:
                out.append(Segment(literal))
                text_so_far += literal
            for seg in self._token(m.group(1), text_so_far, markup):
                out.append(seg)
                text_so_far += seg.text
            pos = m.end()
        if template[pos:]:
            out.append(Segment(template[pos:]))
        return _merge(out)

    def plain(self, template: str) -> str:
        """Fill ``template`` without inline markup (for titles and people's titles)."""
        return "".join(s.text for s in self.segments(template, markup=False))

    def _value(self, key: str, make: Callable[[], str]) -> str:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def _token(self, name: str, prev: str, markup: bool) -> list[Segment]:
        rng = self.rng
        year = self.published.year
        if name in ("P", "p"):
            return self._org(self.partner, prev, markup)
        if name in ("P2", "p2"):
            assert self.partner2 is not None
            return self._org(self.partner2, prev, markup)
        if name == "pt":
            return [Segment(self._title_org(self.partner, prev))]
        if name in ("VR", "vr", "RECTOR", "rector", "HEAD", "head", "STAFF", "staff"):
            return self._person(name.upper(), markup)
        if name in ("FIELD", "FIELD2"):
            text = self.fields[0 if name == "FIELD" else 1]
            if markup and rng.random() < 0.06:
                self.features.add("italic")
                return [Segment(text, "i")]
            return [Segment(text)]
        text = self._plain_token(name, prev, year)
        return [Segment(text)]

    def _plain_token(self, name: str, prev: str, year: int) -> str:
        rng = self.rng
        country = self.country
        if name == "BSMU":
            return "Belarusian State Medical University"
        if name == "bsmu":
            return _cap(rng.choice(("BSMU", "Belarusian State Medical University", "the university")), prev)
        if name == "C":
            assert country
            return country.name
        if name == "CF":
            assert country
            return _cap(country.formal_the, prev)
        if name == "CA":
            assert country
            return country.adjective
        if name == "CITY":
            return self._value("CITY", lambda: self.partner.city or country.cities[0])  # type: ignore[union-attr]
        if name in ("UNIT", "UNIT2"):
            return _cap(self.units[0 if name == "UNIT" else 1], prev)
        if name == "N":
            return self._value(name, lambda: str(rng.randint(3, 40)))
        if name == "NN":
            return str(rng.randrange(50, 600, 10))
        if name == "K":
            return self._value(name, lambda: str(rng.randint(4, 12)))
        if name == "NKT":
            def make() -> str:
                n = rng.randint(3, 25)
                if rng.random() < 0.5:
                    self.features.add("nbsp")
                    return f"{n}\u00a0thousand"
                return f"{n} thousand"
            return self._value(name, make)
        if name == "FOUNDED":
            return str(self.partner.founded)
        if name == "SINCE":
            return self._value(name, lambda: str(rng.randint(max(2005, year - 12), year - 1)))
        if name == "YEAR":
            return str(year)
        if name == "YEAR_PREV":
            return str(year - 1)
        if name == "YEAR_NEXT":
            return str(year + 1)
        if name == "EVT_DATE":
            self.features.add("date-distractor")
            return self._value(name, lambda: format_date(self.published - dt.timedelta(days=rng.randint(2, 40))))
        if name == "PLAN_DATE":
            self.features.add("date-distractor")
            return self._value(name, lambda: format_date(self.published + dt.timedelta(days=rng.randint(5, 60))))
        if name == "HOW":
            return self.plain(rng.choice([h for h in HOW_SIGNED if self.can(h)]))
        raise KeyError(f"unknown placeholder {{{name}}}")

    # --- organisations and people ----------------------------------------------------

    def _record(self, org: Organisation, surface: str) -> None:
        seen = self.surfaces.setdefault(org.name, [])
        if surface not in seen:
            seen.append(surface)

    def _org(self, org: Organisation, prev: str, markup: bool, bare: bool = False) -> list[Segment]:
        """A mention of ``org``: the first one may define an abbreviation or a country.

        ``bare`` is for mentions inside a person's title: a first mention there gets no
        brackets (an abbreviation defined inside a title would be odd).
        """
        rng = self.rng
        article = "the " if org.needs_article else ""
        segs: list[Segment] = []
        if org.name not in self._orgs:
            name = org.name if not org.aliases or rng.random() < 0.65 else rng.choice(org.aliases)
            abbr = False
            suffix = ""
            r = rng.random()
            if not bare and org.abbr and r < 0.6:
                suffix, abbr = f" ({org.abbr})", True
            elif (not bare and self.country and org.kind in ("university", "institute", "academy")
                  and r < 0.85):
                country = COUNTRIES[org.country or ""]
                suffix = f" ({rng.choice((country.name, country.formal))})"
            self._orgs[org.name] = abbr
            if article:
                segs.append(Segment(_cap(article, prev)))
            if markup and org.url and rng.random() < 0.5:
                segs.append(Segment(name, "a", org.url))
                self.features.add("link")
            elif markup and rng.random() < 0.1:
                segs.append(Segment(name, "b"))
                self.features.add("bold")
            else:
                segs.append(Segment(name))
            if suffix:
                segs.append(Segment(suffix))
            self._record(org, name)
            if abbr:
                self._record(org, org.abbr or "")
            return segs
        if self._orgs[org.name] and rng.random() < 0.8:
            name, article = org.abbr or org.name, ""
        elif org.short and rng.random() < 0.5:
            name = rng.choice(org.short)
        else:
            name = org.name
        self._record(org, name)
        if article:
            segs.append(Segment(_cap(article, prev)))
        segs.append(Segment(name))
        return segs

    def _title_org(self, org: Organisation, prev: str) -> str:
        name = org.title_name or org.name
        self._record(org, name)
        return (_cap("the ", prev) if org.needs_article else "") + name

    def _person(self, key: str, markup: bool) -> list[Segment]:
        person = self._persons[key]
        name_seg = Segment(person.name)
        if markup and self.rng.random() < 0.08:
            name_seg = Segment(person.name, "b")
            self.features.add("bold")
        if any(n == person.name for n, _ in self.people):
            return [name_seg]
        title = self._person_title(person.title)
        self.people.append((person.name, normalise(title)))
        return [Segment(title + " "), name_seg]

    def _person_title(self, template: str) -> str:
        out = ""
        pos = 0
        for m in _TOKEN.finditer(template):
            out += template[pos:m.start()]
            if m.group(1) == "p":
                out += "".join(s.text for s in self._org(self.partner, out, False, bare=True))
            else:
                out += self._plain_token(m.group(1), out, self.published.year)
            pos = m.end()
        return out + template[pos:]


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring segments of the same style so markup stays minimal."""
    out: list[Segment] = []
    for seg in segments:
        if not seg.text:
            continue
        if out and out[-1].tag == seg.tag and out[-1].href == seg.href:
            out[-1] = Segment(out[-1].text + seg.text, seg.tag, seg.href)
        else:
            out.append(seg)
    return out


def _choose_theme(rng: random.Random, name: str | None) -> Theme:
    if name:
        return _THEMES[name]
    return rng.choices(THEMES, weights=[t.weight for t in THEMES])[0]


def _first_fillable(rng: random.Random, filler: Filler, templates: tuple[str, ...]) -> str | None:
    options = [t for t in templates if filler.can(t)]
    return rng.choice(options) if options else None


def _announcement(rng: random.Random, title: str, kind: str) -> str | None:
    """Equal to the title, a word-boundary prefix of it (no ellipsis), or absent."""
    if kind == "none":
        return None
    words = title.rstrip(".").split(" ")
    if kind == "prefix" and len(words) >= 5:
        # The CMS cuts anywhere, but editors who shorten by hand stop after a full word.
        cuts = [k for k in range(3, len(words) - 1)
                if words[k - 1].lower() not in _DANGLING and not words[k - 1].endswith((":", ",", ";"))]
        if cuts:
            return " ".join(words[: rng.choice(cuts)])
    return title


def write_article(
    rng: random.Random, article_id: int, published: dt.date, plan: Plan,
    taken_titles: set[str] | None = None,
) -> Article:
    """Write the article ``article_id`` published on ``published`` following ``plan``."""
    taken = taken_titles if taken_titles is not None else set()
    title = ""
    for _attempt in range(12):
        theme = _choose_theme(rng, plan.theme)
        candidates = [o for o in ORGANISATIONS if o.kind in theme.kinds]
        partner = rng.choice(candidates)
        two = plan.two_partners if plan.two_partners is not None else rng.random() < 0.2
        others = [o for o in candidates if o.name != partner.name]
        partner2 = rng.choice(others) if two and others else None
        filler = Filler(rng, published, partner, partner2)
        titles = [t for t in theme.titles if filler.can(t)]
        intro = _first_fillable(rng, filler, theme.intros)
        closing = _first_fillable(rng, filler, theme.closings)
        if not titles or intro is None or closing is None:
            continue
        title = filler.plain(rng.choice(titles))
        if title not in taken:
            break
    else:  # pragma: no cover - only with tiny vocabularies
        if intro is None or closing is None:
            raise RuntimeError(f"no template fits article {article_id}")
        title = f"{title} ({format_date(published)})"
    taken.add(title)
    title_surfaces = {k: list(v) for k, v in filler.surfaces.items()}
    filler.surfaces.clear()

    # --- body plan ---------------------------------------------------------------------
    middles = [t for t in theme.middles if filler.can(t)]
    k = rng.randint(1, min(6, len(middles))) if middles else 0
    chosen = sorted(rng.sample(range(len(middles)), k))
    body: list[str] = [middles[i] for i in chosen]
    if partner2 is not None and not any("2}" in t for t in body):
        two_partner = [t for t in middles if "{P2}" in t or "{p2}" in t]
        if two_partner:
            body.insert(rng.randint(0, len(body)), two_partner[0])
    if plan.date_distractor or (plan.date_distractor is None and rng.random() < 0.3):
        dated = _first_fillable(rng, filler, DATE_PARAGRAPHS)
        if dated:
            body.insert(rng.randint(0, len(body)), dated)
    if rng.random() < 0.2:
        pool = GENERIC_PARAGRAPHS
        if partner.kind in ("university", "institute", "academy"):
            pool += ACADEMIC_PARAGRAPHS
        generic = _first_fillable(rng, filler, pool)
        if generic:
            body.insert(rng.randint(0, len(body)), generic)
    body = body[:6]  # with the intro, the closing and a list's lead-in: 9 paragraphs at most
    texts = [intro, *body, closing]

    blocks: list[Block] = []
    for template in texts:
        segs = filler.segments(template)
        if template.startswith("\u2013") and rng.random() < 0.15:
            segs = [Segment(s.text, "i") if s.tag is None else s for s in segs]
            filler.features.add("italic")
        blocks.append(Block("text", tuple(segs)))

    # A list never ends the body: it goes after a paragraph that is not the last one.
    list_style = plan.list_style
    if list_style is None and theme.list_intro and rng.random() < 0.12:
        list_style = rng.choice(("ul", "dash"))
    if list_style and theme.list_intro:
        n_items = rng.randint(3, len(theme.list_items))
        items = [filler.plain(it) for it in theme.list_items[:n_items]]
        items[-1] = items[-1].rstrip(";.") + "."
        at = rng.randint(1, len(blocks) - 1)
        prefix = "- " if list_style == "dash" else ""
        new = [Block("text", (Segment(theme.list_intro),))]
        new += [Block("item", (Segment(prefix + it),), list_style=list_style) for it in items]
        blocks[at:at] = new
        filler.features.add(f"list-{list_style}")

    caption = plan.caption
    if caption is None and rng.random() < 0.3:
        caption = "ru" if rng.random() < 0.4 else "en"
    if caption or rng.random() < 0.15:
        stamp = f"{published:%Y%m%d}{rng.randint(8, 17):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}"
        slug = (partner.city or "vstrecha").lower().replace(" ", "_")
        img = [Block("image", src=f"/ImgForArticles/m_{stamp}{slug}.jpg")]
        pool = CAPTIONS_RU if caption == "ru" else CAPTIONS_EN
        if theme.name != "agreement":  # a signing photo only where something was signed
            pool = tuple(c for c in pool if "sign" not in c and "Подписание" not in c)
        if caption:
            img.append(Block("caption", (Segment(rng.choice(pool)),),
                             lang="ru" if caption == "ru" else "en"))
        at = 1 if rng.random() < 0.6 else len(blocks) - 1
        blocks[at:at] = img
        filler.features.add(f"caption-{caption}" if caption else "image")

    # --- headline, announcement, credits ----------------------------------------------
    stop = plan.title_stop
    if stop is None:
        stop = published.year <= 2019 and rng.random() < 0.3
    if stop:
        title += "."
        filler.features.add("title-stop")
    anons_kind = plan.announcement or rng.choices(("equal", "prefix", "none"), (45, 35, 20))[0]
    announcement = _announcement(rng, title, anons_kind)
    filler.features.add(f"anons-{anons_kind}")
    credits = make_credits(plan.recipe, rng)

    organisations = []
    for org in (partner, partner2):
        if org is None:
            continue
        surface = list(title_surfaces.get(org.name, []))
        surface += [s for s in filler.surfaces.get(org.name, []) if s not in surface]
        if surface:
            organisations.append(OrgTruth(org.name, org.country, org.kind, tuple(surface)))
    if partner2 is not None and len(organisations) == 2:
        filler.features.add("two-partners")

    return Article(
        article_id=article_id,
        published=published,
        title=title,
        announcement=announcement,
        blocks=tuple(blocks),
        credits=credits,
        organisations=tuple(organisations),
        people=tuple(filler.people),
        theme=theme.name,
        features=tuple(sorted(filler.features)),
    )
