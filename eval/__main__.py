"""``python -m eval`` (``make eval``): how well the pipeline reads articles, field by field.

What it runs
    * ``eval-set`` — the hand-labelled article texts in ``tests/eval_set/`` through
      ``pipeline.extract_text`` (see that folder's README for what is annotated and how);
    * ``replica-modern`` and ``replica-legacy`` — every article page of the replica
      (``replica.build_site(variant=...)``, articles with ``expected_failure`` skipped)
      through ``pipeline.extract_page``, scored against the replica's own truth. The
      replica's truth has no country list: its countries are its organisations' countries.

What it measures (precision, recall, F1 and support per field and dataset)
    * dates, title, announcement: one value per article, exact after case-folding and
      collapsing whitespace. Right = TP; wrong = FP + FN; missing = FN; a value where the
      truth has none = FP. Support = articles whose truth has a value.
    * body: bag-of-words precision/recall/F1 per article, averaged over articles (a
      missing body scores 0). Support = articles.
    * authors (name + role), translators, photographers, credits (the three pooled),
      organisations, organisations_not_in_registry, people (names), countries: sets of
      keys per article, micro-averaged over the dataset. Names are compared by a key that
      ignores case, accents, punctuation, a leading "the" and the transliteration variants
      y/i and ye/e (Sergey = Sergei, Yevdokimov = Evdokimov); organisations are first
      mapped to their registry entry when the registry knows the name or an alias, so an
      abbreviation or alias resolved to the canonical name matches. An output that names
      the same key twice (two spellings of one person not linked) counts a false positive.
    * organisations_not_in_registry: only the organisations whose name (and no alias) is
      in ``pipeline/data/organisations.toml`` — the discovery side. Without that file
      every organisation counts as not in the registry.
    * A field with neither truth nor output has no score ("-") and passes its floor.

Floors
    ``eval/floors.toml`` pins the minimum F1 per dataset and field (``[eval-set]``,
    ``[replica-modern]``, ``[replica-legacy]``). The command exits 1 and lists every field
    under its floor, 0 otherwise; ``tests/test_eval_gate.py`` asserts the same in CI. To
    change a floor, edit the number in that file in the same commit as the change that
    justifies it, and say why in the commit message: a floor is raised when the pipeline
    gets better (keep a small margin under the measured value for fields that are not
    exact), and lowered only when the labelled set or the replica changes what is asked.
    Use ``--errors FIELD`` to see which articles miss what.

Options
    ``--dataset NAME`` (repeatable; default all), ``--json PATH`` (write the numbers),
    ``--errors FIELD`` (print each article's missed and spurious values for a field),
    ``--registry PATH`` and ``--floors PATH`` (use other files).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from eval.datasets import DATASETS, load_dataset
from eval.floors import FLOORS_FILE, failures, load_floors
from eval.metrics import Counts
from eval.registry import DEFAULT_REGISTRY, load_registry
from eval.runner import FIELDS, Report, evaluate


def _num(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.3f}"


def format_table(report: Report) -> str:
    """The per-field table: one row per field, P / R / F1 / n for each dataset."""
    names = list(report.datasets)
    head = f"{'field':<30}" + "".join(f" | {n:^26}" for n in names)
    sub = f"{'':<30}" + "".join(f" | {'P':>5} {'R':>5} {'F1':>5} {'n':>8}" for _ in names)
    rule = "-" * len(head)
    lines = [head, sub, rule]
    for field_name in FIELDS:
        row = f"{field_name:<30}"
        for n in names:
            s = report.datasets[n].scores[field_name]
            row += f" | {_num(s.precision)} {_num(s.recall)} {_num(s.f1)} {s.support:>8}"
        lines.append(row)
    lines.append(rule)
    lines.append(f"{'articles (not extracted)':<30}" + "".join(
        f" | {f'{report.datasets[n].cases} ({len(report.datasets[n].not_extracted)})':>26}" for n in names))
    reg = report.registry
    lines.append(f"registry: {reg.path} ({len(reg)} entries)" if reg.exists
                 else f"registry: {DEFAULT_REGISTRY} not found - every organisation counts as not in the registry")
    return "\n".join(lines)


def format_errors(report: Report, field_name: str) -> str:
    """Each article's missed (truth not output) and spurious (output not truth) values."""
    lines = []
    for name, result in report.datasets.items():
        score = result.scores[field_name]
        kind = "" if isinstance(score, Counts) else " (words)"
        lines.append(f"== {field_name} on {name}: {len(score.errors)} articles with errors{kind}")
        for case_id, missed, spurious in score.errors:
            lines.append(f"  {case_id}: missed {missed} spurious {spurious}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", action="append", choices=DATASETS,
                        help="dataset to run (repeatable; default: all)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the numbers as JSON")
    parser.add_argument("--errors", choices=FIELDS, metavar="FIELD",
                        help="list each article's misses for FIELD")
    parser.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY, help="partner registry TOML")
    parser.add_argument("--floors", type=Path, default=FLOORS_FILE, help="floors TOML")
    args = parser.parse_args(argv)

    floors = load_floors(args.floors)
    names = list(dict.fromkeys(args.dataset or DATASETS))
    report = evaluate({n: load_dataset(n) for n in names}, load_registry(args.registry))
    print(format_table(report))
    if args.errors:
        print()
        print(format_errors(report, args.errors))
    under = failures(report, floors)
    if args.json:
        data = report.to_dict() | {"floors": floors, "failures": under}
        args.json.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if under:
        print("\nFields under their floor:", file=sys.stderr)
        for line in under:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("\nEvery field is at or above its floor.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
