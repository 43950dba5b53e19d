"""A fresh PostgreSQL schema for a test, or a skip (a failure in CI) when no server is reachable."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

PG_URL = os.environ.get("STRIKEWATCH_TEST_PG", "postgresql:///strikewatch_test")
REQUIRE_PG = os.environ.get("STRIKEWATCH_REQUIRE_PG") == "1"  # CI: a missing server fails


def _pg_available() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when they can."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except Exception as e:
        return f"no PostgreSQL server at {PG_URL} ({type(e).__name__}); set STRIKEWATCH_TEST_PG"
    return None


PG_SKIP = _pg_available()


@contextmanager
def pg_schema() -> Iterator[str]:
    """The URL of a new, empty schema on the test server; dropped afterwards."""
    if PG_SKIP:
        if REQUIRE_PG:
            pytest.fail(PG_SKIP)
        pytest.skip(PG_SKIP)
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
