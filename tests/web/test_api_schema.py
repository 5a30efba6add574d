"""The JSON API and feeds against their own description, /openapi.json: schemathesis
generates requests for every operation (valid and invalid parameters) against the app in
process over a crawled simulator store; no answer may be a server error, and every answer
must match the schema (status, content type, body)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from refusenik.web import create_app

# A small number of examples per operation keeps the whole run well under 90 s.
EXAMPLES = 8


# The schema does not depend on the store: the app is made at import (schemathesis reads
# its operations then) and pointed at the crawled store before the first request.
APP = create_app("sqlite://")
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(autouse=True, scope="module")
def _crawled_store(web_app):  # type: ignore[no-untyped-def]
    APP.state.settings = web_app.state.settings


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_request_to_the_api_is_a_server_error_or_breaks_the_schema(case):
    # Every check but "schema-valid data is accepted": some parameters constrain each other
    # (a part must be a part of the article, since ≤ until), which a schema cannot say; such
    # a request is a 422 naming the parameter, which the other checks hold to the schema.
    case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])


def test_the_schema_describes_every_api_endpoint_and_the_feeds(web_app):
    paths = web_app.openapi()["paths"]
    for path in ("/api/cases", "/api/cases/{case_id}", "/api/courts", "/api/courts/{code}",
                 "/api/coverage", "/api/series", "/api/sentences", "/api/headline",
                 "/api/official", "/feeds/cases.atom", "/feeds/decisions.atom"):  # fmt: skip
        assert "get" in paths[path], path
    feed = paths["/feeds/cases.atom"]["get"]["responses"]["200"]["content"]
    assert "application/atom+xml" in feed
    case = paths["/api/cases/{case_id}"]["get"]["responses"]["200"]["content"]
    assert case["application/json"]["schema"] == {"$ref": "#/components/schemas/CaseDetail"}
