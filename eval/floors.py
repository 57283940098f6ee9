"""The floors: minimum F1 per field and dataset, pinned in ``eval/floors.toml``.

A floor is a promise about quality that the CI keeps: ``python -m eval`` and the test
gate fail when a field's F1 falls under it. A field with nothing to score (no truth and no
output) has no F1 and passes; a floor for a dataset that was not run is not checked.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from eval.runner import FIELDS, Report

FLOORS_FILE = Path(__file__).resolve().parent / "floors.toml"
#: Rounding slack, so that a floor written as 0.95 holds for an F1 of 0.9499999999.
_EPSILON = 1e-9

Floors = dict[str, dict[str, float]]


def load_floors(path: Path = FLOORS_FILE) -> Floors:
    """Read the floors file and reject fields the harness does not score (a typo is no floor)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    floors: Floors = {}
    for dataset, table in data.items():
        if not isinstance(table, dict):
            raise ValueError(f"{path.name}: [{dataset}] must be a table of field = floor")
        unknown = sorted(set(table) - set(FIELDS))
        if unknown:
            raise ValueError(f"{path.name}: [{dataset}] has unknown fields {', '.join(unknown)}")
        floors[dataset] = {f: float(v) for f, v in table.items()}
    return floors


def failures(report: Report, floors: Floors, fields: frozenset[str] | None = None) -> list[str]:
    """One line per field under its floor, e.g. ``organisations on eval-set: F1 0.42 < floor 0.95``.

    ``fields`` restricts the check (the test gate checks entity fields separately).
    """
    lines = []
    for dataset, table in floors.items():
        result = report.datasets.get(dataset)
        if result is None:
            continue
        for field_name, floor in table.items():
            if fields is not None and field_name not in fields:
                continue
            f1 = result.scores[field_name].f1
            if f1 is not None and f1 < floor - _EPSILON:
                shown = f"{f1:.2f}" if round(f1, 2) < floor else f"{f1:.4f}"  # never "0.99 < 0.99"
                lines.append(f"{field_name} on {dataset}: F1 {shown} < floor {floor:.2f}")
    return lines
