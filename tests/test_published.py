"""Tests for publication dates found in article text and URLs (strikewatch.read.published)."""

from __future__ import annotations

import datetime as dt

import pytest

from strikewatch.extract.pipeline import published_date
from strikewatch.model import Article
from strikewatch.read.published import find_published, published_from_url

BODY = "\n\nAbout 300 bus drivers walked off the job on Thursday after talks broke down over wages."


def found(text: str) -> tuple[str | None, str | None]:
    """The date ``find_published`` gives and the text of its evidence span."""
    date, ev = find_published(text)
    if ev is not None:
        assert text[ev.start : ev.end] == ev.text
    return date, ev.text if ev else None


# --- URL --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example.org/2020/10/transit-agency-declares-impasse/", "2020-10"),
        ("https://example.com/2021/11/09/metro/bus-drivers-protest/", "2021-11-09"),
        ("https://example.com/story/2019/11/4/20948587/teachers-ratify", "2019-11-04"),
        ("http://www.example.com/article/20140603/POLITICS/140609964/teachers-vote", "2014-06-03"),
        ("https://www.example.com/business/la-fi-port-talks-20141111-story.html", "2014-11-11"),
        ("http://www.example.com/article/refinery-strike-idUSL2N0WR2U020150325", "2015-03-25"),
        ("https://www.example.org/news/2024-09-09/nurses-to-strike/104329890", "2024-09-09"),
        ("https://radio.example.org/content/2024-11-04-tech-union-strikes", "2024-11-04"),
        ("https://www.example.ie/news/2024/0612/1454258-strike", "2024-06-12"),
        # a date that is a path segment of its own beats one inside a slug
        ("http://articles.example.com/2013-10-20/news/rt-bart-20131010_1_bart-strike", "2013-10-20"),
    ],
)
def test_published_from_url_reads_dates(url: str, expected: str) -> None:
    assert published_from_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "https://flash.example.net/id/ONA/172888",  # article ids are not dates
        "https://www.example.com/news/2408936947828/afscme-talks",
        "https://mobile.example.live/NewsArchive/teacher-unions-declare-strike-1924484",
        "http://www.example.com/news/state-worker/article2603368.html",
        "https://example.com/items/20151399/strike",  # month 13
        "https://example.com/items/19850612/strike",  # before 1990
        "https://example.com/2031/01/05/strike",  # after 2030
        "https://example.com/2015/strike-recap",  # a year alone
        "https://example.com/news/strike?date=20200101",  # query strings are not read
        "https://example.com/e4930c06-f9a0-4524-9e73-6780d71c24ed/late-winner",
    ],
)
def test_published_from_url_refuses_other_numbers(url: str | None) -> None:
    assert published_from_url(url) is None


def test_pipeline_uses_url_when_text_has_no_date() -> None:
    a = Article(id="u1", text="Drivers strike" + BODY, url="https://example.com/2023/10/09/drivers-strike/")
    assert published_date(a) == dt.date(2023, 10, 9)
    assert (a.published, a.published_from) == ("2023-10-09", "url")


def test_pipeline_prefers_text_and_given_dates_over_url() -> None:
    url = "https://example.com/2023/10/09/drivers-strike/"
    from_text = Article(id="u2", text="Drivers strike\n\nBy Jane Roe, October 8, 2023" + BODY, url=url)
    assert published_date(from_text) == dt.date(2023, 10, 8) and from_text.published_from == "text"
    given = Article(
        id="u3", text="Drivers strike" + BODY, url=url, published="2023-10-07", published_from="given"
    )
    assert published_date(given) == dt.date(2023, 10, 7) and given.published_from == "given"


def test_pipeline_ignores_url_month_without_day() -> None:
    a = Article(id="u4", text="Drivers strike" + BODY, url="https://example.com/2020/10/drivers-strike/")
    assert published_date(a) is None
    assert (a.published, a.published_from) == (None, None)


# --- numeric dates in header and byline lines -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [
        ("2/10/2015\nThe union said on Saturday that members voted to strike.", "2015-02-10", "2/10/2015"),
        ("The Worker\n\nWhat next after impasse?\n\n07/10/2014 12:00 AM" + BODY, "2014-07-10", "07/10/2014"),
        ("Drivers strike\n\nBy Jane Roe | 11/06/2025" + BODY, "2025-11-06", "11/06/2025"),
        # the text writes dates day first, so 07/10/2014 is 7 October
        ("Drivers strike\n07/10/2014\nThe strike began on 25/09/2014." + BODY, "2014-10-07", "07/10/2014"),
        (
            "Drivers strike\n07/10/2014\nThe strike began on 25 September 2014." + BODY,
            "2014-10-07",
            "07/10/2014",
        ),
    ],
)
def test_numeric_header_dates_read_month_first(text: str, expected: str, span: str) -> None:
    assert found(text) == (expected, span)


def test_numeric_date_in_narrative_is_not_publication_date() -> None:
    assert found("Drivers strike\nThe union said the strike would begin 2/10/2015 at noon." + BODY) == (
        None,
        None,
    )


# --- bylines, page headers, date-led lines --------------------------------------------------------


def test_byline_beats_page_header_date() -> None:
    text = (
        "Friday, February 6, 2026\nADVT\nNational\n\nFive things to know about the job action\n\n"
        "Metro News Desk The Canadian Press, 03 Sep, 2025 10:43 AM" + BODY
    )
    assert found(text) == ("2025-09-03", "03 Sep, 2025")


def test_page_header_date_kept_when_byline_is_later() -> None:
    # a byline dated after the bare date line does not make the bare line a site's "today"
    text = "March 3, 2024\n\nDrivers strike\n\nBy Jane Roe, March 5, 2024" + BODY
    assert found(text) == ("2024-03-03", "March 3, 2024")


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [
        (
            "Teamsters warn bakery\n\nFebruary 8, 2012: Teamsters are voting to authorize a strike.",
            "2012-02-08",
            "February 8, 2012",
        ),
        (
            "Drivers strike\n\nWednesday, March 5, 2025 — Drivers walked out." + BODY,
            "2025-03-05",
            "March 5, 2025",
        ),
        # a page's date display run into the first sentence by scraping
        (
            "Solidarity with metalworkers\n\n29 January, 2015The federation backs the strike launched today.",
            "2015-01-29",
            "29 January, 2015",
        ),
    ],
)
def test_line_opening_with_a_date(text: str, expected: str, span: str) -> None:
    assert found(text) == (expected, span)


@pytest.mark.parametrize(
    "text",
    [
        # a timeline: several lines open with dates, none is the publication date
        "How the strike unfolded\n\nMarch 3, 2023: members vote to strike.\nMarch 10, 2023: the strike begins.\n",
        "How the strike unfolded\n\nMarch 3, 2023: members vote.\nMarch 10: the strike begins.\n",
        # a line that opens with a date inside a sentence
        "Drivers strike\n\nMarch 21, 2023 was the day the drivers walked out of the depot.",
        # an event date far into the body, even laid out like a header
        "Drivers strike" + BODY * 12 + "\n\n07/10/2014: the first strike began.",
    ],
)
def test_dates_that_open_lines_but_are_not_publication_dates(text: str) -> None:
    assert found(text) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [
        (
            "Airport strike ends\n07/23/2013 04:34 EDT | Updated 09/21/2013 05:12 EDT" + BODY,
            "2013-07-23",
            "07/23/2013",
        ),
        (
            "Cooling-off period\n\nAugust 12, 2013 Updated: July 18, 2015" + BODY,
            "2013-08-12",
            "August 12, 2013",
        ),
        ("Refinery deal\nMarch 25, 2015 / 11:31 PM / 2 years ago" + BODY, "2015-03-25", "March 25, 2015"),
    ],
)
def test_byline_with_updated_date_or_age(text: str, expected: str, span: str) -> None:
    assert found(text) == (expected, span)


# --- datelines without a year ---------------------------------------------------------------------


def test_yearless_dateline_dated_by_the_same_day_elsewhere() -> None:
    text = (
        "Refinery workers ratify contract\n\nHOUSTON, March 25 (Reuters) - Striking workers ratified a contract."
        + BODY
        + "\n\n(Reporting by Jane Roe, March 25, 2015; Editing by Sam Poe)"
    )
    assert found(text) == ("2015-03-25", "March 25")


@pytest.mark.parametrize(
    "text",
    [
        # the year is not stated with that day: "2023" and "2020" are other things
        "July 29 (Reuters) - Flight attendants voted to reject the deal.\n"
        "They filed for mediation in 2023 and have had no raise since 2020.",
        # the same day with two different years
        "HOUSTON, March 25 (Reuters) - Workers ratified.\nThe 2014 deal was signed March 25, 2014,"
        " and the next on March 25, 2015.",
    ],
)
def test_yearless_dateline_refused_when_year_is_ambiguous(text: str) -> None:
    assert found(text) == (None, None)


# --- headers with only a month -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2021-10 A lot of history is being made right now among workers.", "2021-10"),
        ("Date: October 2021\n\nWorkers struck.", "2021-10"),
        (" date 2021-10-05 Workers struck.", "2021-10-05"),
        # a byline's full date in that month makes the month a day; one in another month does not
        (" date 2021-10\n\nBy Jane Roe, October 5, 2021\n\nWorkers struck.", "2021-10-05"),
        (" date 2021-10\n\nBy Jane Roe, September 5, 2021\n\nWorkers struck.", "2021-10"),
    ],
)
def test_header_with_month_only(text: str, expected: str) -> None:
    assert find_published(text)[0] == expected


@pytest.mark.parametrize("text", [" date 2021-13 Workers struck.", " date 2999-01 Workers struck."])
def test_header_with_impossible_month(text: str) -> None:
    assert find_published(text) == (None, None)
