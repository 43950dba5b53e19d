"""strikewatch: labor-dispute news in, linked, evidence-backed labor-event records out."""

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


def extract(article: Article | dict | str) -> Record:
    """Extract the labor events of one article (an Article, a spec dict, or plain text)."""
    from strikewatch.extract.pipeline import extract_article

    return extract_article(article)
