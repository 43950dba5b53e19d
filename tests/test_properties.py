"""Property-based tests: the extractor never raises on arbitrary text, and every offset it gives points into the text."""

from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import strikewatch  # noqa: E402

# words that reach the deeper stages: triggers, unions, dates, numbers, places
WORDS = ["strike", "strikes", "walked", "off", "the", "job", "union", "Local", "99", "SEIU", "nurses", "teachers",
         "voted", "to", "authorize", "a", "tentative", "agreement", "ratified", "contract", "expired", "on",
         "Monday", "March", "21", "2023", "Sept.", "20", "last", "year", "next", "week", "in", "Los", "Angeles",
         "Calif.", "Minn.", "Toledo", ",", ".", "!", "?", "\n\n", "(", ")", "“", "”", "—", "3%", "$25", "an",
         "hour", "over", "three", "years", "1,200", "workers", "lockout", "rally", "picket", "impasse",
         "District", "School", "Unified", "Hospital", "said", "will", "could", "not", "after", "months", "of",
         "striking", "UTLA", "(UTLA)", "United", "Teachers", "Association", "Co.", "Inc.", "é", "\u00a0", "\t"]

labor_text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=80).map(" ".join)
any_text = st.text(min_size=0, max_size=400)
dates = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


def _check(text: str, published: str | None) -> None:
    rec = strikewatch.extract({"id": "p", "published": published, "text": text})
    for ev in rec.events:
        assert ev.type and ev.status
        for sp in ev.evidence:
            assert 0 <= sp.start < sp.end <= len(text) and text[sp.start:sp.end] == sp.text
        for sp in ev.field_evidence.values():
            assert 0 <= sp.start < sp.end <= len(text) and text[sp.start:sp.end] == sp.text
    for c in rec.claims:
        if c.evidence is not None:
            assert text[c.evidence.start:c.evidence.end] == c.evidence.text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=labor_text, published=dates)
def test_extractor_never_raises_on_labor_like_text(text: str, published: str | None) -> None:
    _check(text, published)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text, published=dates)
def test_extractor_never_raises_on_any_text(text: str, published: str | None) -> None:
    _check(text, published)
