"""schemathesis against the OpenAPI schema: generated requests to every API operation, no server error."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("fastapi")
from hypothesis import HealthCheck, settings  # noqa: E402
from test_link import OTHER_EMPLOYER, PLANNED_ON_ENDED, THREE_OUTLETS, _articles  # noqa: E402

from strikewatch.ingest import ingest_items  # noqa: E402
from strikewatch.store import open_store  # noqa: E402
from strikewatch.web import create_app  # noqa: E402

_DB = Path(tempfile.mkdtemp(prefix="strikewatch-fuzz-")) / "sw.db"
with open_store(_DB) as _s:
    ingest_items(_articles(THREE_OUTLETS + PLANNED_ON_ENDED + [OTHER_EMPLOYER]), _s)
APP = create_app(_DB, token="fuzz-token-not-sent")  # writing is on, but the fuzzer has no token
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: object) -> None:
    response = case.call()  # type: ignore[attr-defined]
    assert response.status_code < 500, (case, response.status_code, response.text[:300])  # type: ignore[attr-defined]
