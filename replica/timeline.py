"""Which article IDs exist and when each was published.

The real CMS numbers articles in order of creation, so IDs rise with publication dates,
with gaps where drafts were deleted or items went to other rubrics. Known anchors: ID 22
is dated 2018-08-31 and IDs in the 600s are from 2023. The replica fixes those anchors
and the two seed articles, then spreads the rest over segments between them.
"""

from __future__ import annotations

import datetime as dt
import random

from replica.seeds import SEED_000, SEED_002

#: The anchor from the site notes: article 22 is dated 31 August 2018.
PINNED_ID = 22
PINNED_DATE = dt.date(2018, 8, 31)

#: IDs given to the two real articles; chosen where the anchors place their dates.
SEED_IDS: dict[str, int] = {SEED_000: 528, SEED_002: 617}

#: (first day, last day, lowest ID, highest ID) of the stretches between anchors.
_SEGMENTS: tuple[tuple[dt.date, dt.date, int, int], ...] = (
    (dt.date(2018, 3, 1), dt.date(2018, 8, 30), 2, 21),
    (dt.date(2018, 9, 1), dt.date(2022, 6, 2), 23, 527),
    (dt.date(2022, 6, 4), dt.date(2022, 12, 30), 529, 599),
    (dt.date(2023, 1, 2), dt.date(2023, 3, 2), 600, 616),
    (dt.date(2023, 3, 4), dt.date(2023, 12, 29), 618, 699),
    (dt.date(2024, 1, 3), dt.date(2024, 11, 29), 700, 799),
)

#: The most articles a site can have without breaking the anchors.
MAX_ARTICLES = 3 + sum(int((hi - lo + 1) * 0.85) for _, _, lo, hi in _SEGMENTS)
MIN_ARTICLES = 12


def _workdays(first: dt.date, last: dt.date) -> list[dt.date]:
    """Days the press office publishes on: every day but Sunday."""
    days = []
    d = first
    while d <= last:
        if d.weekday() != 6:
            days.append(d)
        d += dt.timedelta(days=1)
    return days


def allocate(rng: random.Random, n_generated: int) -> list[tuple[int, dt.date]]:
    """(ID, date) of ``n_generated`` generated articles, the pinned ID 22 included.

    Articles are shared out over the segments in proportion to their length (capped so
    IDs keep gaps), then each segment draws its dates and its IDs independently and pairs
    them in order, which keeps IDs rising with dates.
    """
    rest = n_generated - 1
    caps = [int((hi - lo + 1) * 0.85) for _, _, lo, hi in _SEGMENTS]
    if rest > sum(caps):
        raise ValueError(f"at most {MAX_ARTICLES} articles fit the ID anchors")
    spans = [(last - first).days + 1 for first, last, _, _ in _SEGMENTS]
    counts = [0] * len(_SEGMENTS)
    remaining = rest
    open_segments = set(range(len(_SEGMENTS)))
    while remaining > 0 and open_segments:
        total = sum(spans[i] for i in open_segments)
        shares = {i: remaining * spans[i] / total for i in open_segments}
        floors = {i: int(v) for i, v in shares.items()}
        order = sorted(open_segments, key=lambda i: (-(shares[i] - floors[i]), i))
        extra = remaining - sum(floors.values())
        for i in order[:extra]:
            floors[i] += 1
        for i in sorted(open_segments):
            take = min(floors[i], caps[i] - counts[i])
            counts[i] += take
            remaining -= take
            if counts[i] >= caps[i]:
                open_segments.discard(i)
        if all(floors[i] == 0 for i in order):
            break
    slots: list[tuple[int, dt.date]] = [(PINNED_ID, PINNED_DATE)]
    for (first, last, lo, hi), count in zip(_SEGMENTS, counts, strict=True):
        if not count:
            continue
        dates = sorted(rng.choices(_workdays(first, last), k=count))
        ids = sorted(rng.sample(range(lo, hi + 1), count))
        slots.extend(zip(ids, dates, strict=True))
    return sorted(slots)
