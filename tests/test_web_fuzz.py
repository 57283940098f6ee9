"""The JSON API fuzzed from its own OpenAPI document with schemathesis: no input gets a 500.

The schema is read over HTTP from a real server on 127.0.0.1 (the document a client sees,
not the app object), and schemathesis sends both valid requests and invalid ones (wrong
types, out-of-range numbers, strings full of control and non-Latin characters) to every
operation. Invalid ones must be refused with a 4xx, never answered as if valid, never a
500. The search runs against the press corpus, so the text and facet paths do real work.

``BSMU_SOAK=1`` (``make soak``) raises the number of cases per operation.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from archive.storage import Archive
from archive.web.server import running_in_thread
from tests.press_corpus import build_press_archive

CASES_PER_OPERATION = 2000 if os.environ.get("BSMU_SOAK") else 150
#: requests sent, per operation: the closing note quotes the sum
SENT: dict[str, int] = {}


@pytest.fixture(scope="module")
def api_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("fuzz") / "archive.sqlite3"
    with Archive.open(f"sqlite:///{path}") as archive:
        build_press_archive(archive)
        with running_in_thread(archive) as base:
            yield base


@pytest.fixture(scope="module")
def api_schema(api_base: str) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_url(f"{api_base}/api/openapi.json")
    return schema


OPERATIONS = (
    "GET /api/articles",
    "GET /api/articles/{site_id}",
    "GET /api/facets",
    "GET /api/partners",
    "GET /download/articles.{fmt}",
    "GET /articles/{site_id}/captures/{capture_id}/raw",
)


def test_the_document_lists_the_operations_fuzzed(api_schema: schemathesis.BaseSchema) -> None:
    """A new endpoint must join :data:`OPERATIONS`, or it would escape the fuzzing."""
    assert {op.ok().label for op in api_schema.get_all_operations()} == set(OPERATIONS)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("label", OPERATIONS)
def test_no_input_is_a_server_error(
    api_schema: schemathesis.BaseSchema, api_base: str, label: str, mode: GenerationMode
) -> None:
    # hypothesis drives schemathesis's strategies directly: its pytest plugin does not
    # run under pytest 9 ("'Function' object has no attribute '_nodeid'")
    operation = next(op.ok() for op in api_schema.get_all_operations() if op.ok().label == label)
    statuses: dict[int, int] = {}

    strategy = operation.as_strategy(generation_mode=mode)
    if mode is GenerationMode.POSITIVE and "{site_id}" in label:
        # random ids are all unknown (404): half the cases name a stored article instead
        article = httpx.get(f"{api_base}/api/articles/705").json()
        known = {"site_id": 705, "capture_id": article["revisions"][0]["capture_id"]}
        fixed = {name: known[name] for name in ("site_id", "capture_id") if f"{{{name}}}" in label}
        strategy = strategy | operation.as_strategy(generation_mode=mode, path_parameters=fixed)

    @settings(
        max_examples=CASES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=not os.environ.get("BSMU_SOAK"),
    )
    @given(case=strategy)
    def fuzz(case: schemathesis.Case) -> None:
        response = case.call(base_url=api_base, timeout=30)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        case.validate_response(response, checks=[not_a_server_error])

    fuzz()
    SENT[f"{label} ({mode.value})"] = sum(statuses.values())
    print(f"\n{label} {mode.value}: {sorted(statuses.items())}")
    assert sum(statuses.values()) >= 20, statuses
    if mode is GenerationMode.NEGATIVE:  # invalid input is refused, not answered
        assert statuses.get(200, 0) < sum(statuses.values()), statuses


def test_zz_cases_were_sent() -> None:
    """Runs after the fuzzing (file order): prints the total the closing note quotes."""
    print(f"\nschemathesis: {sum(SENT.values())} requests: {SENT}")
    assert len(SENT) == 2 * len(OPERATIONS)
