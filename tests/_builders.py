"""Hand-built articles and records for the store, export and CLI tests (no extractor needed)."""

from __future__ import annotations

from strikewatch.model import Article, Claim, Event, Evidence, Location, Organization, Record, VoteResult

NURSES_TEXT = (
    "Nurses at Mercy General Hospital walked off the job on Monday in Sacramento. "
    "The California Nurses Association said about 2,000 members joined the strike. "
    "Last month, 96% of CNA members voted to authorize a strike. "
    "The union is asking for a 25% raise over four years."
)

DRIVERS_TEXT = (
    "Bus drivers in Boston plan to strike next Friday. "
    "Teamsters Local 25 said the walkout by 700 drivers would start at 5 a.m. "
    "The drivers work for Transdev, which runs routes for the city."
)


def ev(text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(sentence, start, start + len(sentence))


def nurses_article(text: str = NURSES_TEXT, title: str | None = "Nurses strike at Mercy General") -> Article:
    return Article(
        id="nurses-2024",
        text=text,
        url="https://example.org/nurses",
        source="Example News",
        title=title,
        published="2024-03-06",
        published_from="given",
    )


def nurses_record(text: str = NURSES_TEXT) -> Record:
    s1 = "Nurses at Mercy General Hospital walked off the job on Monday in Sacramento."
    s2 = "The California Nurses Association said about 2,000 members joined the strike."
    s3 = "Last month, 96% of CNA members voted to authorize a strike."
    s4 = "The union is asking for a 25% raise over four years."
    cna = Organization("California Nurses Association", ["CNA"])
    mercy = Organization("Mercy General Hospital", ["Mercy General"])
    strike = Event(
        type="strike",
        status="ongoing",
        start_date="2024-03-04",
        unions=[cna],
        employers=[mercy],
        location=Location("Sacramento", "CA", "US"),
        participants=2000,
        demands=["pay"],
        evidence=[ev(text, s1), ev(text, s2)],
        field_evidence={"participants": ev(text, s2)},
    )
    vote = Event(
        type="strike_vote",
        status="occurred",
        start_date="2024-02",
        unions=[cna],
        employers=[mercy],
        location=Location("Sacramento", "CA", "US"),
        result=VoteResult(True, 96),
        evidence=[ev(text, s3)],
    )
    claim = Claim("union", "demand", "raise_pct", 25, 4, ev(text, s4))
    return Record(
        id="nurses-2024", published="2024-03-06", is_labor=True, events=[strike, vote], claims=[claim]
    )


def drivers_article() -> Article:
    return Article(
        id="drivers-2025",
        text=DRIVERS_TEXT,
        title="Boston bus drivers set strike date",
        published="2025-11-03",
        published_from="given",
    )


def drivers_record() -> Record:
    s1 = "Bus drivers in Boston plan to strike next Friday."
    s2 = "Teamsters Local 25 said the walkout by 700 drivers would start at 5 a.m."
    strike = Event(
        type="strike",
        status="planned",
        start_date="2025-11-07",
        unions=[Organization("Teamsters Local 25", ["Teamsters"])],
        employers=[Organization("Transdev")],
        location=Location("Boston", "MA", "US"),
        participants=700,
        evidence=[ev(DRIVERS_TEXT, s1), ev(DRIVERS_TEXT, s2)],
    )
    return Record(id="drivers-2025", published="2025-11-03", is_labor=True, events=[strike])


def decoy_article() -> Article:
    return Article(id="bowling", text="She bowled a strike in the tenth frame.", published="2025-01-02")


def decoy_record() -> Record:
    return Record(id="bowling", published="2025-01-02", is_labor=False)


def all_pairs() -> list[tuple[Article, Record]]:
    return [
        (nurses_article(), nurses_record()),
        (drivers_article(), drivers_record()),
        (decoy_article(), decoy_record()),
    ]
