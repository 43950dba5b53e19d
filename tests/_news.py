"""Invented news pages, feeds and sitemaps for the fetch and watch tests (nothing here is real news)."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from html import escape

from pytest_httpserver import HTTPServer

UNIONS = ["Harbor Nurses Guild", "Lakeside Bus Drivers Union", "Valley Teachers Association",
          "Northside Warehouse Workers United", "Copper Mill Steelworkers Local 12", "Riverbend Hotel Workers Union",
          "Granite County Deputies Association", "Bayview Port Clerks Local 8", "Summit Grocery Workers Union",
          "Eastfield Library Staff Guild", "Pine Ridge Sanitation Workers Union", "Clearwater Airport Ramp Union"]
EMPLOYERS = ["Harbor General Hospital", "Lakeside Transit Authority", "Valley Unified School District",
             "Northside Logistics", "Copper Mill Works", "Grand Riverbend Hotel", "Granite County",
             "Bayview Terminal Company", "Summit Fresh Markets", "Eastfield Public Library",
             "Pine Ridge Waste Services", "Clearwater Aviation Services"]
CITIES = ["Portland", "Tacoma", "Fresno", "Dayton", "Duluth", "Boise", "Spokane", "Toledo", "Tulsa", "Omaha",
          "Reno", "Eugene"]
LEADS = [
    "About {n} members of the {union} walked off the job at {employer} in {city} on Monday, demanding {demand}.",
    "Workers represented by the {union} went on strike Monday at {employer} in {city}, where about {n} people "
    "work, after talks over {demand} broke down.",
    "Roughly {n} employees of {employer} in {city} began a strike on Monday, the {union} said, citing {demand}.",
    "The {union} launched a strike against {employer} in {city} on Monday, with about {n} members on picket "
    "lines over {demand}.",
]
DEMANDS = ["higher pay", "safer staffing", "affordable health coverage", "predictable schedules",
           "a fair wage increase", "job security"]
BACKGROUND = [
    "Negotiators last met on Friday and left without setting a new date.",
    "A federal mediator has been assigned to the dispute, according to both sides.",
    "The previous agreement expired at the end of January after two extensions.",
    "Management said it had offered raises of three percent a year over three years.",
    "Union leaders said members had worked without a raise for almost two years.",
    "Several local officials visited the picket line on the first morning.",
    "The employer said replacement staff would keep most services running.",
    "Members voted to authorize the walkout earlier this month by a wide margin.",
    "Customers were told to expect delays while the strike continues.",
    "The union said it would cover lost wages from its strike fund for the first weeks.",
    "Talks have stalled over the length of the contract and the cost of benefits.",
    "A spokesperson for the employer said the company remains committed to bargaining.",
    "Picketers carried signs calling for respect and a fair deal.",
    "The dispute is the first strike at the site in more than a decade.",
    "Organizers planned a rally outside the main office later in the week.",
    "Both sides said they were willing to return to the table if terms changed.",
    "Residents honked in support as they drove past the entrance.",
    "The company said its latest proposal was fair and in line with the region.",
    "Union stewards said turnover had left many positions unfilled.",
    "Neither side would say when the next bargaining session would take place.",
]


def story(k: int) -> tuple[str, str]:
    """The headline and body of invented article ``k``: a strike, its union, employer and city, and
    background sentences drawn for ``k`` (so that no two articles read like copies of one story)."""
    import random

    rng = random.Random(k)
    union, employer, city = rng.choice(UNIONS), rng.choice(EMPLOYERS), rng.choice(CITIES)
    lead = rng.choice(LEADS).format(n=rng.randint(80, 4000), union=union, employer=employer, city=city,
                                    demand=rng.choice(DEMANDS))
    background = rng.sample(BACKGROUND, 6)
    title = f"{union} strikes at {employer}"
    body = "\n\n".join([lead, " ".join(background[:3]), " ".join(background[3:])])
    return title, body


def page(k: int, published: str = "2026-03-04") -> str:
    """Invented article ``k`` as a news page, its publication date in the metadata."""
    title, body = story(k)
    paras = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta property="article:published_time" content="{published}"></head>'
        f'<body><nav><a href="/">Home</a></nav><article><h1>{escape(title)}</h1>{paras}</article>'
        f"<footer>The Example Ledger</footer></body></html>"
    )


def _rfc822(when: dt.datetime) -> str:
    return format_datetime(when.astimezone(dt.UTC), usegmt=True)


def rss(items: list[tuple[str, str, dt.datetime]], title: str = "Example Ledger: labor") -> str:
    """An RSS 2.0 feed of (link, title, published) items."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
        f"<pubDate>{_rfc822(when)}</pubDate></item>"
        for link, t, when in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://example.invalid/</link><description>labor news</description>{entries}</channel></rss>")


def atom(items: list[tuple[str, str, dt.datetime]]) -> str:
    """An Atom feed of (link, title, published) items."""
    entries = "".join(
        f'<entry><title>{escape(t)}</title><link href="{escape(link)}"/><id>{escape(link)}</id>'
        f"<updated>{when.isoformat()}</updated></entry>"
        for link, t, when in items
    )
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Example Ledger</title><id>urn:example</id><updated>2026-03-04T00:00:00Z</updated>{entries}</feed>")


def news_sitemap(items: list[tuple[str, str, dt.datetime]]) -> str:
    """A news sitemap of (loc, title, publication date) entries."""
    urls = "".join(
        f"<url><loc>{escape(loc)}</loc><news:news><news:publication><news:name>Example Ledger</news:name>"
        f"<news:language>en</news:language></news:publication>"
        f"<news:publication_date>{when.isoformat()}</news:publication_date>"
        f"<news:title>{escape(t)}</news:title></news:news></url>"
        for loc, t, when in items
    )
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')


def allow_all(server: HTTPServer, text: str = "User-agent: *\nAllow: /\n") -> None:
    """Serve a robots.txt (by default one that allows everything)."""
    server.expect_request("/robots.txt").respond_with_data(text, content_type="text/plain")


def requests_to(server: HTTPServer, path: str) -> int:
    """How many requests ``server`` got for ``path``."""
    return sum(1 for req, _ in server.log if req.path == path)


WHEN = dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC)
