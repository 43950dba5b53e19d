"""strikewatch: labor-dispute news in, linked, evidence-backed labor-event records out.

    >>> import strikewatch
    >>> record = strikewatch.extract({"id": "a1", "published": "2026-03-05", "text": "..."})
"""

from strikewatch import extract
from strikewatch.model import Article, Claim, Event, Evidence, Location, Organization, Record, VoteResult

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Claim",
    "Event",
    "Evidence",
    "Location",
    "Organization",
    "Record",
    "VoteResult",
    "extract",
]
