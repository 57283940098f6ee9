"""Site profiles: what we know about one edition of the site, kept as data.

A profile narrows the generic layer with site knowledge — its hosts and language, the text
of its footer, the heading of its sidebar, and optionally an XPath for the content region
of one layout period. Selectors are hints, never the only way in: when a profile's
selector matches nothing, extraction falls back to the generic layer and says so in the
extraction's notes, which is how a change of the site's markup shows up in run reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Lines that belong to a page footer on any edition (address, contacts, copyright).
FOOTER_LINE = re.compile(
    r"(?:^|\s)(?:©|\(c\)\s*\d{4}|copyright\b|all rights reserved|tel\.?:|phone:|fax:|e-mail:|email:"
    r"|телефон|адрес:|address:|220\d{3},?\s+minsk|220\d{3},?\s+минск)",
    re.IGNORECASE,
)
#: A piece of text every footer line holds (lower-cased), one per alternative above.
_FOOTER_HINTS = ("©", "(c)", "copyright", "rights reserved", "tel", "phone:", "fax:", "mail:", "телефон", "адрес:", "address:", "220")


def is_footer_line(text: str) -> bool:
    """Whether ``text`` is a footer line (see :data:`FOOTER_LINE`).

    Asked of every short block of an article: substring tests rule out nearly all of them
    for a third of what the case-blind regex costs, which then decides the rest.
    """
    low = text.lower()
    for hint in _FOOTER_HINTS:  # a loop, not any(): the generator cost as much as the tests
        if hint in low:
            return FOOTER_LINE.search(text) is not None
    return False


@dataclass(frozen=True, slots=True)
class SiteProfile:
    name: str
    version: str  # the layout period this profile describes
    hosts: frozenset[str] = frozenset()
    language: str | None = None  # None: guess from the text
    content_xpath: str | None = None  # optional narrowing of the content region
    sidebar_headings: frozenset[str] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


GENERIC = SiteProfile(
    name="generic",
    version="1",
    sidebar_headings=frozenset({"news", "other news", "latest news", "all news", "новости", "другие новости"}),
)

ENG_BSMU = SiteProfile(
    name="eng.bsmu.by",
    version="2018",
    hosts=frozenset({"eng.bsmu.by"}),
    language="en",
    sidebar_headings=GENERIC.sidebar_headings | {"international", "news international"},
)

WWW_BSMU = SiteProfile(
    name="www.bsmu.by",
    version="2018",
    hosts=frozenset({"www.bsmu.by", "bsmu.by"}),
    language="ru",
    sidebar_headings=GENERIC.sidebar_headings,
)

PROFILES: tuple[SiteProfile, ...] = (ENG_BSMU, WWW_BSMU)


def profile_for_host(host: str | None) -> SiteProfile:
    host = (host or "").lower()
    for profile in PROFILES:
        if host in profile.hosts:
            return profile
    return GENERIC
