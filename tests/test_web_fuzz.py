"""Property-based fuzzing of the check API against its own OpenAPI document (schemathesis):
valid and invalid requests alike, no 5xx, and every answer as documented (status code,
content type, body schema). Bounded: about 300 requests in all."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.openapi import from_url
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance
from web_server import server_in_thread

BUDGET = {
    ("POST", "/v1/check"): 150,
    ("POST", "/v1/check/batch"): 30,
    ("POST", "/v1/check/hosts"): 30,
    ("GET", "/v1/address/{address}"): 20,
    ("GET", "/v1/domain/{domain}"): 20,
}
EXCLUDED: dict[str, list[Any]] = {
    # A batch answers 200 even when items break the schema: each bad item gets an ItemError
    # in its place, as documented.
    "/v1/check/batch": [negative_data_rejection],
    # A string can fit the pattern and still be no address or domain the engine recognises:
    # that is a documented 422.
    "/v1/address/{address}": [positive_data_acceptance],
    "/v1/domain/{domain}": [positive_data_acceptance],
}
# A body over its limit is refused with 413 Content Too Large: a refusal like 400 or 422.
REFUSALS = ["400", "401", "404", "413", "415", "422", "429"]
CONFIG = {"checks": {"negative_data_rejection": {"expected-statuses": REFUSALS}}}


@pytest.fixture(scope="module")
def web_schema() -> Iterator[schemathesis.BaseSchema]:
    with server_in_thread() as url:
        yield from_url(f"{url}/openapi.json", config=SchemathesisConfig.from_dict(CONFIG))


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize(("method", "path"), list(BUDGET))
def test_fuzzed_requests_never_fail_and_answers_match_the_document(
    web_schema: schemathesis.BaseSchema, method: str, path: str, mode: GenerationMode
) -> None:
    operation = web_schema[path][method]
    examples = BUDGET[method, path] // (1 if mode == GenerationMode.POSITIVE else 2)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def fuzz(case: schemathesis.Case) -> None:
        case.call_and_validate(excluded_checks=EXCLUDED.get(path, []))

    fuzz()
