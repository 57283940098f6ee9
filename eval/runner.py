"""Run the pipeline over the datasets and score every field.

Fields and what is compared (keys from ``eval.normalise``):

========================  =====================================================
dates                     ``published`` as an ISO date, exact
title, announcement       case-folded, whitespace-collapsed string, exact
body                      bag-of-words F1 per article, averaged (``MeanScore``)
authors                   (name, role) pairs
translators, photographers names
credits                   the three lists above pooled, each entry tagged with its role
organisations             canonical names (registry canonical where registered)
organisations_not_in_registry  the same, only organisations the registry does not know
people                    names (titles are not scored)
countries                 names
========================  =====================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from eval.datasets import Case, Expected
from eval.metrics import Counts, Keyed, MeanScore, Score
from eval.normalise import name_key, text_key, tokens
from eval.registry import Registry, load_registry
from pipeline import ArticleRecord

FIELDS: tuple[str, ...] = (
    "dates", "title", "announcement", "body", "authors", "translators", "photographers",
    "credits", "organisations", "organisations_not_in_registry", "people", "countries",
)
#: Fields the entity extractor produces; the gate treats their floors apart while it is written.
ENTITY_FIELDS: frozenset[str] = frozenset({"organisations", "organisations_not_in_registry", "people", "countries"})


@dataclass
class DatasetResult:
    """Scores of one dataset, and how many of its cases did not extract at all."""

    name: str
    cases: int = 0
    not_extracted: list[str] = field(default_factory=list)
    scores: dict[str, Score] = field(default_factory=dict)


@dataclass
class Report:
    """Every dataset's result, in the order they were run."""

    datasets: dict[str, DatasetResult]
    registry: Registry

    def f1(self, dataset: str, field_name: str) -> float | None:
        return self.datasets[dataset].scores[field_name].f1

    def to_dict(self) -> dict[str, object]:
        """JSON-ready numbers (what ``--json`` writes)."""
        out: dict[str, object] = {
            "registry": {"path": str(self.registry.path) if self.registry.path else None,
                         "entries": len(self.registry)},
        }
        for name, result in self.datasets.items():
            out[name] = {
                "cases": result.cases,
                "not_extracted": result.not_extracted,
                "fields": {
                    f: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "support": s.support}
                    | ({"tp": s.tp, "fp": s.fp, "fn": s.fn} if isinstance(s, Counts) else {})
                    for f, s in result.scores.items()
                },
            }
        return out


def _keyed(key: Callable[[str], str], names: Iterable[str]) -> list[Keyed]:
    return [(key(n), n) for n in names]


def _authors(authors: Iterable[tuple[str, str | None]]) -> list[Keyed]:
    return [(f"{name_key(n)}|{text_key(r or '')}", f"{n}, {r}" if r else n) for n, r in authors]


def _credits(authors: Iterable[tuple[str, str | None]], translators: Iterable[str],
             photographers: Iterable[str]) -> list[Keyed]:
    """The three credit lists pooled, each entry tagged with its role."""
    pooled = [(f"author:{k}", f"author {label}") for k, label in _authors(authors)]
    pooled += [(f"translator:{k}", f"translator {label}") for k, label in _keyed(name_key, translators)]
    pooled += [(f"photographer:{k}", f"photographer {label}") for k, label in _keyed(name_key, photographers)]
    return pooled


def score_case(case: Case, scores: Mapping[str, Score], registry: Registry) -> bool:
    """Run one case and add it to ``scores``; False when the pipeline gave no record."""
    extraction = case.extract()
    record: ArticleRecord | None = extraction.record if extraction.ok else None
    exp: Expected = case.expected
    cid = case.id

    def counts(name: str) -> Counts:
        score = scores[name]
        assert isinstance(score, Counts)
        return score

    counts("dates").add_scalar(cid, exp.published, record.published.isoformat() if record else None)
    counts("title").add_scalar(cid, text_key(exp.title), text_key(record.title) if record else None)
    counts("announcement").add_scalar(
        cid, text_key(exp.announcement) if exp.announcement else None,
        text_key(record.announcement) if record and record.announcement else None)
    body = scores["body"]
    assert isinstance(body, MeanScore)
    body.add_tokens(cid, tokens(exp.body), tokens(record.body) if record else [])

    r_authors = [(p.name, p.role) for p in record.authors] if record else []
    r_translators = list(record.translators) if record else []
    r_photographers = list(record.photographers) if record else []
    counts("authors").add_list(cid, _authors(exp.authors), _authors(r_authors))
    counts("translators").add_list(cid, _keyed(name_key, exp.translators), _keyed(name_key, r_translators))
    counts("photographers").add_list(cid, _keyed(name_key, exp.photographers), _keyed(name_key, r_photographers))
    counts("credits").add_list(cid, _credits(exp.authors, exp.translators, exp.photographers),
                               _credits(r_authors, r_translators, r_photographers))

    partners = [p.name for p in record.partners] if record else []
    truth_orgs = [o.name for o in exp.organisations]
    counts("organisations").add_list(cid, _keyed(registry.resolve, truth_orgs), _keyed(registry.resolve, partners))
    counts("organisations_not_in_registry").add_list(
        cid, _keyed(registry.resolve, [n for n in truth_orgs if not registry.contains(n)]),
        _keyed(registry.resolve, [n for n in partners if not registry.contains(n)]))
    counts("people").add_list(cid, _keyed(name_key, exp.people),
                              _keyed(name_key, [p.name for p in record.people] if record else []))
    counts("countries").add_list(cid, _keyed(name_key, exp.countries),
                                 _keyed(name_key, record.countries if record else []))
    return record is not None


def new_scores() -> dict[str, Score]:
    return {f: (MeanScore() if f == "body" else Counts()) for f in FIELDS}


def evaluate(datasets: Mapping[str, Sequence[Case]], registry: Registry | None = None) -> Report:
    """Score every dataset; the registry defaults to the pipeline's registry file."""
    registry = registry if registry is not None else load_registry()
    results: dict[str, DatasetResult] = {}
    for name, cases in datasets.items():
        result = DatasetResult(name, cases=len(cases), scores=new_scores())
        for case in cases:
            if not score_case(case, result.scores, registry):
                result.not_extracted.append(case.id)
        results[name] = result
    return Report(results, registry)
