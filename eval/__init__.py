"""Evaluation harness: field-by-field precision, recall and F1 of the pipeline, with floors.

Run it as ``python -m eval`` (``make eval``); ``tests/test_eval_gate.py`` runs it in-process
as the CI gate. See ``eval/__main__.py`` for the metrics and how to change a floor.
"""

from eval.datasets import DATASETS, Case, load_dataset, load_eval_set, replica_cases
from eval.floors import FLOORS_FILE, failures, load_floors
from eval.registry import Registry, load_registry
from eval.runner import ENTITY_FIELDS, FIELDS, Report, evaluate

__all__ = [
    "DATASETS",
    "ENTITY_FIELDS",
    "FIELDS",
    "FLOORS_FILE",
    "Case",
    "Registry",
    "Report",
    "evaluate",
    "failures",
    "load_dataset",
    "load_eval_set",
    "load_floors",
    "load_registry",
    "replica_cases",
]
