"""Scores: counts of hits and misses per field, and precision, recall and F1 from them.

Two kinds of score, because two kinds of field:

* ``Counts`` — scalar and list fields, micro-averaged over articles. A scalar that is
  right is a true positive; wrong is a false positive *and* a false negative (the right
  value was missed and a wrong one was asserted); missing is a false negative; a value
  where the truth has none (an announcement that is not there) is a false positive. A list
  is compared as a set of keys per article; an extra entry with the key of one already
  output (the same person under a second spelling) is a false positive, so an extractor
  that does not link variants pays for it.
* ``MeanScore`` — the body text: precision, recall and F1 of its words (bag of words,
  multiset) per article, averaged over articles (macro). Exact match would turn one moved
  caption into a total miss; word overlap says how much of the text came through.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

#: A list entry: the key it is compared by, and the label it is shown by.
Keyed = tuple[str, str]


@dataclass
class Counts:
    """True positives, false positives, false negatives, and the size of the truth."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    support: int = 0
    #: Per-article misses, for ``--errors``: (article id, missed, spurious).
    errors: list[tuple[str, list[str], list[str]]] = field(default_factory=list, repr=False)

    def add_scalar(self, case_id: str, expected: str | None, predicted: str | None) -> None:
        """Score one scalar value (already normalised to comparable keys)."""
        if expected is not None:
            self.support += 1
        if expected is not None and predicted == expected:
            self.tp += 1
            return
        if expected is not None:
            self.fn += 1
        if predicted is not None:
            self.fp += 1
        if expected is not None or predicted is not None:
            self.errors.append((case_id, [expected] if expected is not None else [],
                                [predicted] if predicted is not None else []))

    def add_list(self, case_id: str, expected: Iterable[Keyed], predicted: Iterable[Keyed]) -> None:
        """Score one article's list: truth as a set of keys, output as a list of keys.

        Entries are (key, label) pairs: keys are compared, labels (the names as printed)
        are what ``--errors`` shows.
        """
        truth = dict(expected)
        output = list(predicted)
        output_keys = [k for k, _ in output]
        hits = set(truth) & set(output_keys)
        tp = len(hits)
        fp = len(output) - tp  # wrong entries and repeated keys alike
        fn = len(truth) - tp
        self.tp += tp
        self.fp += fp
        self.fn += fn
        self.support += len(truth)
        if fp or fn:
            seen: set[str] = set()
            spurious = []
            for key, label in output:
                if key not in hits or key in seen:
                    spurious.append(label)
                seen.add(key)
            self.errors.append((case_id, sorted(truth[k] for k in truth if k not in hits), spurious))

    @property
    def precision(self) -> float | None:
        if self.tp + self.fp + self.fn == 0:
            return None
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float | None:
        if self.tp + self.fp + self.fn == 0:
            return None
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class MeanScore:
    """Per-article precision, recall and F1 averaged over articles (the body's score)."""

    precisions: list[float] = field(default_factory=list)
    recalls: list[float] = field(default_factory=list)
    f1s: list[float] = field(default_factory=list)
    errors: list[tuple[str, list[str], list[str]]] = field(default_factory=list, repr=False)

    def add_tokens(self, case_id: str, expected: list[str], predicted: list[str]) -> None:
        """Score one body as bags of words; a missing body scores zero."""
        truth, output = Counter(expected), Counter(predicted)
        overlap = sum((truth & output).values())
        p = overlap / sum(output.values()) if output else 0.0
        r = overlap / sum(truth.values()) if truth else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        self.precisions.append(p)
        self.recalls.append(r)
        self.f1s.append(f)
        if f < 1.0:
            missed = sorted((truth - output).elements())
            spurious = sorted((output - truth).elements())
            self.errors.append((case_id, missed[:20], spurious[:20]))

    @property
    def support(self) -> int:
        return len(self.f1s)

    @property
    def precision(self) -> float | None:
        return sum(self.precisions) / len(self.precisions) if self.precisions else None

    @property
    def recall(self) -> float | None:
        return sum(self.recalls) / len(self.recalls) if self.recalls else None

    @property
    def f1(self) -> float | None:
        return sum(self.f1s) / len(self.f1s) if self.f1s else None


Score = Counts | MeanScore
