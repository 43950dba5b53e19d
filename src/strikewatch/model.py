"""The data model: articles in, records out (see spec/EVENTS.md).

Every class converts to and from the JSON shape of the spec with ``to_dict`` /
``from_dict``. Extra keys that the spec allows (``evidence_spans`` with character
offsets, ``mentions``) are added on output and ignored on input.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

EVENT_TYPES = (
    "strike",
    "lockout",
    "protest",
    "strike_vote",
    "impasse",
    "agreement",
    "ratification",
    "contract_expiration",
)
STATUSES = ("occurred", "ongoing", "planned", "threatened", "cancelled")
DEMANDS = (
    "pay",
    "benefits",
    "staffing",
    "health_safety",
    "job_security",
    "scheduling",
    "union_recognition",
    "ulp",
    "other",
)
MEASURES = ("raise_pct", "raise_per_hour", "wage_floor_per_hour")


@dataclass(frozen=True)
class Evidence:
    """A verbatim span of the article text: ``text == article.text[start:end]``."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(text=d["text"], start=int(d["start"]), end=int(d["end"]))


@dataclass
class Article:
    """A news article as read from a file (spec: "Article (input)")."""

    id: str
    text: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: str | None = None
    #: where ``published`` came from: "given", "text", "html", or None
    published_from: str | None = None
    #: the file the article was read from, when it was read from one
    path: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = "sha1-" + hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:16]

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        for part in (self.title or "", self.published or "", self.text):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], path: str | None = None) -> Article:
        """Build an article from the spec's JSON shape; other keys (``gold``) are ignored."""
        published = d.get("published") or None
        return cls(
            id=str(d.get("id") or ""),
            text=d["text"],
            url=d.get("url"),
            source=d.get("source"),
            title=d.get("title"),
            published=published,
            published_from="given" if published else None,
            path=path,
        )


@dataclass
class Organization:
    """A union or an employer as named in one article."""

    name: str
    aliases: list[str] = field(default_factory=list)
    #: the role decision's probability that this organization plays its role in the event
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "aliases": list(self.aliases)}
        if self.confidence is not None:
            d["confidence"] = self.confidence
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Organization:
        c = d.get("confidence")
        return cls(name=d["name"], aliases=list(d.get("aliases") or []), confidence=float(c) if c is not None else None)

    def forms(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Location:
    city: str | None = None
    state: str | None = None
    country: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"city": self.city, "state": self.state, "country": self.country}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Location | None:
        if not d:
            return None
        return cls(city=d.get("city"), state=d.get("state"), country=d.get("country"))

    def is_empty(self) -> bool:
        return not (self.city or self.state or self.country)


@dataclass
class VoteResult:
    approved: bool
    pct: float | None = None

    def to_dict(self) -> dict[str, Any]:
        pct: float | int | None = self.pct
        if isinstance(pct, float) and pct.is_integer():
            pct = int(pct)
        return {"approved": self.approved, "pct": pct}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> VoteResult | None:
        if not d:
            return None
        return cls(approved=bool(d.get("approved")), pct=d.get("pct"))


@dataclass
class Claim:
    """A bargaining position with a number (spec: CLAIM)."""

    party: str
    kind: str
    measure: str
    value: float
    years: float | None = None
    evidence: Evidence | None = None
    #: the claim model's probability of this party and kind for the number (None: not from the model)
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        years: float | int | None = self.years
        if isinstance(years, float) and years.is_integer():
            years = int(years)
        return {
            "party": self.party,
            "kind": self.kind,
            "measure": self.measure,
            "value": value,
            "years": years,
            "evidence": self.evidence.text if self.evidence else None,
            "evidence_span": self.evidence.to_dict() if self.evidence else None,
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        span = d.get("evidence_span")
        ev = Evidence.from_dict(span) if span else None
        if ev is None and d.get("evidence"):
            ev = Evidence(d["evidence"], -1, -1)
        return cls(
            party=d["party"],
            kind=d["kind"],
            measure=d["measure"],
            value=float(d["value"]),
            years=d.get("years"),
            evidence=ev,
            confidence=d.get("confidence"),
        )


def event_fields(e: Any) -> dict[str, Any]:
    """The spec's event fields shared by an article's event and a linked event (all but result/evidence)."""
    return {
        "type": e.type,
        "status": e.status,
        "start_date": e.start_date,
        "end_date": e.end_date,
        "unions": [o.to_dict() for o in e.unions],
        "employers": [o.to_dict() for o in e.employers],
        "location": e.location.to_dict() if e.location and not e.location.is_empty() else None,
        "participants": e.participants,
        "unit_size": e.unit_size,
        "demands": list(e.demands),
    }


@dataclass
class Event:
    """One labor event as reported by one article (an event *mention*)."""

    type: str
    status: str
    start_date: str | None = None
    end_date: str | None = None
    unions: list[Organization] = field(default_factory=list)
    employers: list[Organization] = field(default_factory=list)
    location: Location | None = None
    participants: int | None = None
    unit_size: int | None = None
    demands: list[str] = field(default_factory=list)
    result: VoteResult | None = None
    evidence: list[Evidence] = field(default_factory=list)
    #: fields that the extractor could justify, with the evidence for each
    field_evidence: dict[str, Evidence] = field(default_factory=dict)
    #: where the start comes from: "stated" in the text (``start_date``), "estimated" from the publication
    #: date (the guess is in ``date_estimate``; ``start_date`` is then the month of the report for an
    #: event over or under way, which happened by then, and null for one ahead, as the spec asks of
    #: an unknown date), or None
    date_basis: str | None = None
    #: when the text states no start: the date model's guess from the publication date (the day
    #: before it, the day itself or its month), for linking and sorting only; never the event's date
    date_estimate: str | None = None
    #: the detector's probability that the article reports this event
    confidence: float | None = None
    #: the probability of the chosen value of each decided field ("status", "start_date")
    decision_confidence: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            **event_fields(self),
            "result": self.result.to_dict() if self.result else None,
            "evidence": [e.text for e in self.evidence],
            "evidence_spans": [e.to_dict() for e in self.evidence],
            "field_evidence": {k: v.to_dict() for k, v in self.field_evidence.items()},
            "date_basis": self.date_basis,
            "date_estimate": self.date_estimate,
            "confidence": self.confidence,
            "decision_confidence": dict(self.decision_confidence),
        }

    def likely_start(self) -> str | None:
        """The start to link and sort by: the stated ``start_date``, else the ``date_estimate``."""
        if self.date_basis == "estimated" and self.date_estimate:
            return self.date_estimate
        return self.start_date or self.date_estimate

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        spans = d.get("evidence_spans")
        if spans:
            evidence = [Evidence.from_dict(s) for s in spans]
        else:
            evidence = [Evidence(t, -1, -1) for t in d.get("evidence") or []]
        start, estimate = d.get("start_date"), d.get("date_estimate")
        if "date_estimate" not in d and d.get("date_basis") == "estimated":
            # a record written before estimates had a field of their own: read as one written now
            start, estimate = (start[:7] if start and d.get("status") in ("occurred", "ongoing") else None), start
        return cls(
            type=d["type"],
            status=d["status"],
            start_date=start,
            end_date=d.get("end_date"),
            unions=[Organization.from_dict(o) for o in d.get("unions") or []],
            employers=[Organization.from_dict(o) for o in d.get("employers") or []],
            location=Location.from_dict(d.get("location")),
            participants=d.get("participants"),
            unit_size=d.get("unit_size"),
            demands=list(d.get("demands") or []),
            result=VoteResult.from_dict(d.get("result")),
            evidence=evidence,
            field_evidence={k: Evidence.from_dict(v) for k, v in (d.get("field_evidence") or {}).items()},
            date_basis=d.get("date_basis"),
            date_estimate=estimate,
            confidence=d.get("confidence"),
            decision_confidence=dict(d.get("decision_confidence") or {}),
        )


@dataclass
class Record:
    """What the extractor says about one article (spec: "Record (output)")."""

    id: str
    published: str | None
    is_labor: bool
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "published": self.published,
            "is_labor": self.is_labor,
            "events": [e.to_dict() for e in self.events],
            "claims": [c.to_dict() for c in self.claims],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        return cls(
            id=d["id"],
            published=d.get("published"),
            is_labor=bool(d.get("is_labor")),
            events=[Event.from_dict(e) for e in d.get("events") or []],
            claims=[Claim.from_dict(c) for c in d.get("claims") or []],
        )
