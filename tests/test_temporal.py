"""Tests for strikewatch.extract.temporal: dates resolved against the publication date.

Every sentence here is written for the test; none comes from a news article.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from strikewatch.extract.temporal import (
    DateMention,
    add_days,
    duration_days,
    find_dates,
    resolve_weekday,
    tense_of,
)

THU = date(2023, 3, 23)  # a Thursday
MON, TUE, WED, FRI, SAT, SUN = 0, 1, 2, 4, 5, 6


def values(text: str, published: date | None = THU, tense: str | None = None) -> list[str]:
    return [m.value for m in find_dates(text, published, tense)]


def spans(text: str, published: date | None = THU, tense: str | None = None) -> list[tuple[str, str | None]]:
    return [(m.value, m.end_value) for m in find_dates(text, published, tense)]


def only(text: str, published: date | None = THU, tense: str | None = None) -> DateMention:
    found = find_dates(text, published, tense)
    assert len(found) == 1, found
    return found[0]


# ----------------------------------------------------------------------------- full dates


@pytest.mark.parametrize(
    "text",
    [
        "The walkout began March 21, 2023, at dawn.",
        "The walkout began Mar. 21, 2023, at dawn.",
        "The walkout began Mar 21 2023 at dawn.",
        "The walkout began March 21st, 2023.",
        "The walkout began 21 March 2023.",
        "The walkout began on the 21st of March, 2023.",
        "The walkout began 2023-03-21.",
        "The walkout began 3/21/2023.",
        "The walkout began 3/21/23.",
        "The walkout began Tuesday, March 21, 2023.",
        "The walkout began Tue., March 21, 2023.",
        "The walkout began MARCH 21, 2023.",
    ],
)
def test_full_dates(text: str) -> None:
    m = only(text, published=date(2024, 6, 1))
    assert m.value == "2023-03-21"
    assert not m.relative
    assert text[m.start : m.end] == m.text


def test_sept_abbreviations() -> None:
    assert values("A vote is set for Sept. 20, 2024.") == ["2024-09-20"]
    assert values("A vote is set for Sept 20, 2024.") == ["2024-09-20"]
    assert values("A vote is set for Sep. 20, 2024.") == ["2024-09-20"]
    assert values("A vote is set for September 20th 2024.") == ["2024-09-20"]


def test_full_date_ignores_tense_and_publication() -> None:
    for tense in ("past", "future", "present", None):
        assert values("The deal was signed June 30, 2019.", date(2025, 1, 1), tense) == ["2019-06-30"]


def test_full_date_without_publication_date() -> None:
    assert values("The deal was signed June 30, 2019.", None) == ["2019-06-30"]
    assert values("The deal was signed in June 2019.", None) == ["2019-06"]
    assert values("The deal was signed in 2019.", None) == ["2019"]


def test_datetime_and_string_publication_dates_are_accepted() -> None:
    assert values("They struck on Tuesday.", datetime(2023, 3, 23, 9, 30), "past") == ["2023-03-21"]


def test_mentions_are_in_text_order_with_exact_offsets() -> None:
    text = "Talks broke down Monday; a strike vote is set for March 30, and a rally for April 2."
    found = find_dates(text, THU, "future")
    assert [m.text for m in found] == ["Monday", "March 30", "April 2"]
    for m in found:
        assert text[m.start : m.end] == m.text
    assert found == sorted(found, key=lambda m: m.start)


# --------------------------------------------------------------------- month and day, no year


def test_month_day_takes_publication_year() -> None:
    m = only("The union went on strike on Jan. 31.", date(2023, 3, 13), "past")
    assert m.value == "2023-01-31"
    assert m.relative


def test_month_day_past_tense_never_in_the_future() -> None:
    # a past "Sept. 20" in an article of Sept. 10 happened the year before
    assert values("Workers walked out Sept. 20.", date(2024, 9, 10), "past") == ["2023-09-20"]
    assert values("Workers walked out Sept. 20.", date(2024, 10, 10), "past") == ["2024-09-20"]


def test_past_dec_28_in_january_article_is_previous_year() -> None:
    assert values("The nurses struck on Dec. 28.", date(2024, 1, 3), "past") == ["2023-12-28"]
    assert values("The nurses struck on Dec. 28.", date(2024, 1, 3), None) == ["2023-12-28"]


def test_future_jan_5_in_december_article_is_next_year() -> None:
    assert values("The nurses will strike on Jan. 5.", date(2023, 12, 20), "future") == ["2024-01-05"]
    assert values("A strike is possible on Jan. 5.", date(2023, 12, 20), None) == ["2024-01-05"]


def test_future_month_day_shortly_before_publication_stays_in_year() -> None:
    # tense guesses are noisy: a "future" date just before publication is not a year ahead
    assert values("The deadline is March 14.", THU, "future") == ["2023-03-14"]
    assert values("The strike is planned for March 30.", THU, "future") == ["2023-03-30"]


def test_month_day_without_tense_prefers_recent_past() -> None:
    assert values("The contract ran out on March 3.", date(2023, 9, 1)) == ["2023-03-03"]
    assert values("The contract ran out on Dec. 3.", date(2023, 6, 1)) == ["2022-12-03"]
    assert values("Bargaining resumes Sept. 28.", date(2023, 9, 1)) == ["2023-09-28"]


def test_month_day_ordinal_and_day_month() -> None:
    assert values("They ratified the March 9th agreement.", date(2023, 3, 13), "past") == ["2023-03-09"]
    assert values("Members walk out on 1 February.", date(2023, 1, 17), "future") == ["2023-02-01"]


def test_weekday_beside_date_fixes_the_year() -> None:
    # Dec. 15, 2025 is a Monday, Dec. 15, 2026 a Tuesday
    assert values("On Monday, December 15, the union declared an impasse.", date(2025, 12, 19)) == [
        "2025-12-15"
    ]
    assert values("Talks resume Monday, December 15.", date(2026, 1, 10), "future") == ["2025-12-15"]
    assert values("Talks resume Tuesday, December 15.", date(2026, 1, 10), "future") == ["2026-12-15"]


def test_weekday_with_explicit_year_keeps_the_date() -> None:
    assert values("They met Friday, March 21, 2023.") == ["2023-03-21"]


def test_february_29() -> None:
    assert values("The strike began Feb. 29.", date(2024, 3, 10), "past") == ["2024-02-29"]
    assert values("The strike began Feb. 29.", date(2025, 3, 10), "past") == ["2024-02-29"]


# ----------------------------------------------------------------------------- month alone


def test_month_and_year() -> None:
    assert values("The contract expired in June 2024.") == ["2024-06"]
    assert values("The contract expired in June of 2024.") == ["2024-06"]
    assert values("The contract expired in Sept. 2024.") == ["2024-09"]
    assert values("A rally was held in March 2022.") == ["2022-03"]


@pytest.mark.parametrize(
    ("text", "published", "tense", "expected"),
    [
        ("The contract expired in June.", date(2023, 10, 20), "past", "2023-06"),
        ("The contract expired in June.", date(2023, 3, 20), "past", "2022-06"),
        ("The contract expired in March.", date(2023, 3, 20), "past", "2023-03"),
        ("The contract will expire in June.", date(2023, 3, 20), "future", "2023-06"),
        ("The contract will expire in June.", date(2023, 10, 20), "future", "2024-06"),
        ("A strike is planned for late January.", date(2023, 12, 26), "future", "2024-01"),
        ("Strikes took place in the first week of December.", date(2023, 12, 26), "past", "2023-12"),
        ("They held a weeklong strike in January.", date(2024, 9, 22), "past", "2024-01"),
        ("Their contract expired in August.", date(2024, 1, 23), "past", "2023-08"),
        ("A jet lost a panel in January.", date(2024, 9, 13), None, "2024-01"),
        ("A vote could come in October.", date(2024, 9, 13), None, "2024-10"),
        ("Mediation began in mid-September.", date(2024, 10, 2), "past", "2024-09"),
    ],
)
def test_month_alone_by_tense(text: str, published: date, tense: str | None, expected: str) -> None:
    assert values(text, published, tense) == [expected]


def test_last_next_this_month_name() -> None:
    pub = date(2025, 3, 10)
    assert values("They have had no contract since last June.", pub) == ["2024-06"]
    assert values("A strike was averted last March.", pub) == ["2024-03"]
    assert values("A strike was averted last February.", pub) == ["2025-02"]
    assert values("Talks resume next June.", pub) == ["2025-06"]
    assert values("Talks resume next March.", pub) == ["2026-03"]
    assert values("Talks resume this June.", pub) == ["2025-06"]
    assert values("A strike was called off last September.", date(2017, 3, 9), "past") == ["2016-09"]


def test_month_alone_needs_a_preposition_or_modifier() -> None:
    assert values("June Lee, a nurse, spoke to reporters.") == []
    assert values("April said she would join the picket.") == []
    assert values("Teachers may strike if talks fail.") == []
    assert values("Teachers To March On City Hall") == []
    assert values("Workers will march to City Hall.") == []
    assert values("Strikes hit in April and May.", date(2024, 6, 1), "past") == ["2024-04", "2024-05"]


def test_relative_months() -> None:
    pub = date(2023, 10, 20)
    assert values("The union declared an impasse last month.", pub) == ["2023-09"]
    assert values("The deal is to be ratified next month.", pub) == ["2023-11"]
    assert values("Talks collapsed earlier this month.", pub) == ["2023-10"]
    assert values("A vote is expected later this month.", pub) == ["2023-10"]
    assert values("A vote is expected by the end of the month.", pub) == ["2023-10"]
    assert values("The deal is to be ratified next month.", date(2023, 12, 5)) == ["2024-01"]
    assert values("The union struck last month.", date(2024, 1, 5)) == ["2023-12"]


def test_last_month_as_a_duration_is_not_a_date() -> None:
    assert values("Customers paid more during the last month.") == []
    assert values("Talks will continue over the next year.") == []


# ----------------------------------------------------------------------------- years


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The last strike was in 2023.", ["2023"]),
        ("The last strike [in 2023] was short.", ["2023"]),
        ("They have bargained since 2019.", ["2019"]),
        ("The 2016 strike lasted weeks.", ["2016"]),
        ("The 2019 collective bargaining agreement expired.", ["2019"]),
        ("In 2021, workers organized.", ["2021"]),
        ("Lockouts have been rare since 1948.", ["1948"]),
        ("The last lockout was in early 2008.", ["2008"]),
    ],
)
def test_year_alone(text: str, expected: list[str]) -> None:
    assert values(text, date(2025, 1, 1)) == expected


def test_year_range() -> None:
    assert spans("The extension runs from 2019 to 2023.", date(2019, 5, 1)) == [("2019", "2023")]
    assert spans("Raises apply in the 2023-24 school year.", date(2023, 5, 1)) == [("2023", "2024")]


@pytest.mark.parametrize(
    "text",
    [
        "SEIU Local 2023 represents bus drivers.",
        "Members of Local 1199 and Local 99 rallied.",
        "About 2000 workers joined the picket line.",
        "Some 1500 nurses walked out.",
        "The union represents 1,500 workers.",
        "Each member got a $2,500 bonus.",
        "Workers marked 1931 days without a contract.",
        "The fund holds $2023 per member.",
        "Turnout was 2010%.",
        "UAW 2024 members voted.",
        "The vote was 2019-204 in favor.",
    ],
)
def test_numbers_that_are_not_years(text: str) -> None:
    assert values(text, date(2025, 1, 1)) == []


def test_years_too_far_ahead_are_not_dates() -> None:
    assert values("The plan targets 2090 as its goal.", date(2025, 1, 1)) == []
    assert values("The contract runs through 2028.", date(2025, 1, 1)) == ["2028"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('The union plans a strike vote "early next year."', "2026"),
        ("The union plans a strike vote next year.", "2026"),
        ("Talks should end later this year.", "2025"),
        ("Talks began earlier this year.", "2025"),
        ("Lockouts were rare last year.", "2024"),
        ("The deal expires at the end of the year.", "2025"),
        ("Nurses struck last summer.", "2025"),
        ("Nurses may strike next spring.", "2026"),
    ],
)
def test_relative_years(text: str, expected: str) -> None:
    assert values(text, date(2025, 12, 19)) == [expected]


def test_seasons_depend_on_the_month() -> None:
    assert values("Nurses struck last summer.", date(2025, 3, 1)) == ["2024"]
    assert values("Nurses may strike next summer.", date(2025, 3, 1)) == ["2025"]
    assert values("Nurses struck this spring.", date(2025, 6, 1)) == ["2025"]


# ------------------------------------------------------------------------------ weekdays


def test_spec_example_tuesday_in_thursday_article() -> None:
    assert values("The walkout began Tuesday.", THU, "past") == ["2023-03-21"]
    assert values("The walkout began Tuesday.", THU) == ["2023-03-21"]


@pytest.mark.parametrize(
    ("weekday", "tense", "expected"),
    [
        (TUE, "past", date(2023, 3, 21)),
        (FRI, "past", date(2023, 3, 17)),
        (3, "past", date(2023, 3, 23)),  # the publication day itself
        (TUE, "future", date(2023, 3, 28)),
        (FRI, "future", date(2023, 3, 24)),
        (3, "future", date(2023, 3, 23)),  # "will vote Thursday" in a Thursday story
        (MON, None, date(2023, 3, 20)),
        (TUE, "present", date(2023, 3, 21)),
        (3, None, date(2023, 3, 23)),
        (FRI, None, date(2023, 3, 24)),
        (SAT, None, date(2023, 3, 25)),
        (SUN, None, date(2023, 3, 26)),
    ],
)
def test_resolve_weekday(weekday: int, tense: str | None, expected: date) -> None:
    assert resolve_weekday(weekday, THU, tense) == expected


def test_weekday_both_tenses_in_text() -> None:
    assert values("The strike began on Tuesday.", THU, "past") == ["2023-03-21"]
    assert values("The strike begins on Tuesday.", THU, "future") == ["2023-03-28"]
    assert values("Classes resume Friday.", THU, "future") == ["2023-03-24"]
    assert values("Classes resumed Friday.", THU, "past") == ["2023-03-17"]


def test_weekday_modifiers() -> None:
    assert values("Service has been halted since last Friday.", date(2025, 5, 20)) == ["2025-05-16"]
    assert values("They met last Thursday.", THU) == ["2023-03-16"]
    assert values("They meet next Thursday.", THU) == ["2023-03-30"]
    assert values("They meet next Friday.", THU) == ["2023-03-24"]
    assert values("They met this past Monday.", THU) == ["2023-03-20"]
    assert values("They meet this coming Monday.", THU) == ["2023-03-27"]
    assert values("The vote is this Friday.", THU, "future") == ["2023-03-24"]


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("The strike ended Sunday night.", "past", "2023-03-19"),
        ("The contract expires at midnight Friday.", "future", "2023-03-24"),
        ("The union called the strike late Wednesday.", "past", "2023-03-22"),
        ("Pickets went up Monday morning.", "past", "2023-03-20"),
        ("The board meets Monday's evening session.", "future", "2023-03-27"),
        ("Teachers have been on strike since Thursday evening.", "present", "2023-03-23"),
    ],
)
def test_weekday_with_time_of_day(text: str, tense: str, expected: str) -> None:
    assert values(text, THU, tense) == [expected]


def test_since_weekday_is_past_whatever_the_tense() -> None:
    m = only("Teachers have been on strike since Thursday evening.", date(2024, 1, 23), "present")
    assert m.value == "2024-01-18"
    assert m.since


def test_words_near_the_weekday_fix_its_tense() -> None:
    text = "The union said Wednesday that its members will strike Friday."
    assert values(text, THU, None) == ["2023-03-22", "2023-03-24"]
    assert values(text, THU, "past") == ["2023-03-22", "2023-03-24"]
    assert values(text, THU, "future") == ["2023-03-22", "2023-03-24"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Members voted to strike Saturday.", "2023-03-25"),
        ("The mayor said classes would be canceled Friday.", "2023-03-24"),
        ("Workers went on strike Tuesday.", "2023-03-21"),
        ("The deal was hammered out Tuesday.", "2023-03-21"),
        ("On Monday, the union held three rallies.", "2023-03-20"),
        ("Talks failed to produce a deal Sunday.", "2023-03-19"),
        ("The council was scheduled to meet in closed session Saturday.", "2023-03-25"),
        ("The judge ruled on the case according to a Monday filing.", "2023-03-20"),
        ("A vote is due by Saturday.", "2023-03-25"),
    ],
)
def test_local_tense_cues(text: str, expected: str) -> None:
    # with the sentence tense unknown (None), the words next to the weekday decide
    assert values(text, THU) == [expected]


def test_weekdays_are_capitalized_and_singular() -> None:
    assert values("They picket on Mondays and Fridays.", THU) == []
    assert values("Black Friday sales fell.", date(2023, 12, 1), "past") == ["2023-11-24"]


# ----------------------------------------------------------------------------- day words


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Workers walked off the job today.", "past", "2023-03-23"),
        ("Workers walked off the job early today.", "past", "2023-03-23"),
        ("Pickets went up this morning.", "past", "2023-03-23"),
        ("Members ratified the deal this evening.", "past", "2023-03-23"),
        ("The rally is tonight.", "future", "2023-03-23"),
        ("The company locked out workers yesterday.", "past", "2023-03-22"),
        ("Stores closed late yesterday.", "past", "2023-03-22"),
        ("Members voted yesterday evening.", "past", "2023-03-22"),
        ("Members rejected the deal last night.", "past", "2023-03-22"),
        ("Workers return tomorrow.", "future", "2023-03-24"),
        ("Eight days ago, the hospital locked out its nurses.", "past", "2023-03-15"),
        ("Three days ago the strike began.", "past", "2023-03-20"),
        ("The contract expired at midnight.", "past", "2023-03-22"),
        ("The contract expires at midnight.", "future", "2023-03-23"),
        ("Just after midnight, workers walked out.", "past", "2023-03-23"),
    ],
)
def test_day_words(text: str, tense: str, expected: str) -> None:
    m = only(text, THU, tense)
    assert m.value == expected
    assert m.relative


def test_newspaper_named_today_is_not_a_date() -> None:
    assert values("According to USA Today, the vote failed.", THU, "past") == []


def test_days_ago_in_other_units() -> None:
    assert values("The union struck two weeks ago.", THU) == ["2023-03"]
    assert values("The union struck three months ago.", THU) == ["2022-12"]
    assert values("The union struck two years ago.", THU) == ["2021"]
    assert values("The union struck a few days ago.", THU) == []


# ----------------------------------------------------------------------------- weeks and weekends


def test_weeks_give_the_month() -> None:
    assert values("Members voted last week.", date(2022, 4, 13)) == ["2022-04"]
    assert values("Members voted this week.", date(2023, 10, 20)) == ["2023-10"]
    assert values("The union declared the impasse late last week.", date(2023, 12, 11)) == ["2023-12"]
    assert values("The extension runs out next week.", date(2021, 11, 9)) == ["2021-11"]
    # a week across two months belongs to the month of its Thursday
    assert values("Members voted last week.", date(2023, 10, 3)) == ["2023-09"]
    assert values("Members voted last week.", date(2023, 10, 9)) == ["2023-10"]


def test_weekends_are_two_day_spans() -> None:
    assert spans("A deal was reached last weekend.", date(2024, 9, 13)) == [("2024-09-07", "2024-09-08")]
    assert spans("The deal was rejected this weekend.", date(2021, 10, 11), "past") == [
        ("2021-10-09", "2021-10-10")
    ]
    assert spans("Pickets are planned this weekend.", date(2021, 10, 13), "future") == [
        ("2021-10-16", "2021-10-17")
    ]
    assert spans("Goals flowed this past weekend.", date(2023, 9, 4)) == [("2023-09-02", "2023-09-03")]


# ----------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The strike runs March 21-23.", ("2023-03-21", "2023-03-23")),
        ("The strike runs March 21–23.", ("2023-03-21", "2023-03-23")),
        ("The strike runs March 21 to 23.", ("2023-03-21", "2023-03-23")),
        ("The strike runs March 21 through March 23.", ("2023-03-21", "2023-03-23")),
        ("The strike runs from March 21 until March 23.", ("2023-03-21", "2023-03-23")),
        ("The strike runs March 30-April 2.", ("2023-03-30", "2023-04-02")),
        ("The strike runs Dec. 5 and 6.", ("2023-12-05", "2023-12-06")),
        ("The strike runs 21-23 March.", ("2023-03-21", "2023-03-23")),
        ("A strike will take place between March 27th, and March 31st.", ("2023-03-27", "2023-03-31")),
        ("A strike will take place between March 27 and March 31.", ("2023-03-27", "2023-03-31")),
        ("The strike runs Jan. 30 to Feb. 2, 2024.", ("2024-01-30", "2024-02-02")),
        ("The strike ran March 21, 2023 to March 23, 2023.", ("2023-03-21", "2023-03-23")),
    ],
)
def test_date_ranges(text: str, expected: tuple[str, str]) -> None:
    assert spans(text, THU, "future") == [expected]


def test_range_across_new_year() -> None:
    assert spans("Workers will strike Dec. 28 to Jan. 3.", date(2023, 12, 1), "future") == [
        ("2023-12-28", "2024-01-03")
    ]


def test_days_joined_by_and_that_are_not_consecutive_are_separate() -> None:
    text = "Members will strike on February 1 and 3."
    found = find_dates(text, date(2023, 1, 17), "future")
    assert [(m.text, m.value, m.end_value) for m in found] == [
        ("February 1", "2023-02-01", None),
        ("3", "2023-02-03", None),
    ]
    assert values("Members will strike on 1 and 3 February.", date(2023, 1, 17), "future") == [
        "2023-02-01",
        "2023-02-03",
    ]


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("They will strike from Tuesday through Thursday.", "future", ("2023-03-28", "2023-03-30")),
        ("They struck from Tuesday through Thursday.", "past", ("2023-03-21", "2023-03-23")),
        ("They struck Monday to Wednesday.", "past", ("2023-03-20", "2023-03-22")),
        ("The union plans to vote Thursday and Friday.", "future", ("2023-03-23", "2023-03-24")),
        ("The union will vote on Friday and Saturday.", "future", ("2023-03-24", "2023-03-25")),
        ("Pickets ran Friday through Sunday.", "past", ("2023-03-17", "2023-03-19")),
    ],
)
def test_weekday_ranges(text: str, tense: str, expected: tuple[str, str]) -> None:
    assert spans(text, THU, tense) == [expected]


def test_separate_weekdays() -> None:
    assert values("Pickets are planned Monday and Wednesday.", THU, "future") == ["2023-03-27", "2023-03-29"]
    assert values("Pickets were held Monday and Wednesday.", THU, "past") == ["2023-03-20", "2023-03-22"]


# ----------------------------------------------------------------------------- since


def test_since_flag() -> None:
    m = only("They have been without a contract since June 30, 2024.", date(2025, 12, 19))
    assert (m.value, m.since, m.relative) == ("2024-06-30", True, False)
    assert m.text == "June 30, 2024"
    m = only("Nurses have been on strike since May 6.", date(2019, 6, 12))
    assert (m.value, m.since) == ("2019-05-06", True)
    m = only("Workers have had no contract since last June.", date(2014, 5, 21), "future")
    assert (m.value, m.since) == ("2013-06", True)
    assert only("They have bargained since 2019.").since
    assert not only("The strike began on March 14.", THU, "past").since


def test_since_makes_month_day_past() -> None:
    # "since Sept. 9" cannot be in the future even if the sentence looks ahead
    assert values("The strike, ongoing since Sept. 9, will continue.", date(2024, 9, 5), "future") == [
        "2023-09-09"
    ]


# ----------------------------------------------------------------------------- holidays


def test_holidays() -> None:
    assert values("Workers walked out on Black Friday.", date(2023, 11, 28), "past") == ["2023-11-24"]
    assert values("They will strike on Thanksgiving.", date(2024, 11, 1), "future") == ["2024-11-28"]
    assert values("The deal must be ratified by Labor Day.", date(2024, 6, 1), "future") == ["2024-09-02"]
    assert values("Ratification came on the eve of Election Day.", date(2024, 11, 5)) == ["2024-11-05"]
    assert values("Stores closed on Christmas Eve.", date(2025, 1, 10), "past") == ["2024-12-24"]


# ----------------------------------------------------------------------------- non-dates


@pytest.mark.parametrize(
    "text",
    [
        "The strike starts at 3 p.m. and ends at 11:59 pm.",
        "Members approved the deal 2-1.",
        "The vote was 344-8.",
        "Nurses work 24/7 in the unit.",
        "Remember 9/11.",
        "Call 555-2023 for details.",
        "Raises total 21% over four years.",
        "Pay rises to $25 per hour.",
        "SEIU Local 99 represents 30,000 workers.",
        "Around 60,000 employees struck.",
        "The union has 12 locals and 3 offices.",
        "Workers may march on City Hall.",
        "The offer is a 3.5 percent raise.",
        "The contract covers 1,931 workers.",
        "Hospitals cut 12 beds.",
    ],
)
def test_non_dates(text: str) -> None:
    assert find_dates(text, THU, "past") == []


def test_day_after_month_is_not_a_count() -> None:
    assert values("In May 2,000 workers walked out.", THU, "past") == ["2022-05"]
    assert values("In March 12 percent of members voted.", THU, "past") == ["2023-03"]


def test_relative_expressions_need_a_publication_date() -> None:
    assert find_dates("The union struck Tuesday, last week and on March 14.", None, "past") == []
    assert find_dates("", THU) == []


def test_unknown_tense_values_are_ignored() -> None:
    assert values("The strike began Tuesday.", THU, "pluperfect") == ["2023-03-21"]


# ----------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a three-day strike", 3),
        ("a 24-hour strike", 1),
        ("a 48-hour walkout", 2),
        ("a 72-hour strike", 3),
        ("a 12-hour strike", 1),
        ("a two-week strike", 14),
        ("a 5-day strike", 5),
        ("a one-day strike", 1),
        ("a ten-day strike", 10),
        ("a twenty-one-day strike", 21),
        ("a weeklong strike", 7),
        ("a week-long strike", 7),
        ("a half-day strike", 1),
        ("stores closed for five days", 5),
        ("the union struck for two weeks", 14),
        ("a three day strike", 3),
    ],
)
def test_duration_days(text: str, expected: int) -> None:
    assert duration_days(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "an indefinite strike",
        "a strike that began three days ago",
        "the union gave a 10-day strike notice",
        "a 10-day notice",
        "workers struck for months",
        "three days before the strike",
        "",
    ],
)
def test_duration_days_none(text: str) -> None:
    assert duration_days(text) is None


def test_duration_days_takes_the_first_duration() -> None:
    assert duration_days("After a two-day strike in May, a five-day strike followed.") == 2


# ----------------------------------------------------------------------------- add_days


def test_add_days() -> None:
    assert add_days("2023-03-21", 2) == "2023-03-23"
    assert add_days("2023-12-31", 1) == "2024-01-01"
    assert add_days("2024-03-01", -1) == "2024-02-29"
    assert add_days("2023-03", 2) is None
    assert add_days("2023", 2) is None
    assert add_days("", 2) is None
    assert add_days("2023-13-40", 1) is None


def test_three_day_strike_end_date() -> None:
    start = only("The three-day strike began Tuesday.", THU, "past").value
    n = duration_days("The three-day strike began Tuesday.")
    assert n == 3
    assert add_days(start, n - 1) == "2023-03-23"


# ----------------------------------------------------------------------------- tense_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Workers will strike Friday.", "future"),
        ("The union plans to strike next month.", "future"),
        ("A strike is set to begin Saturday.", "future"),
        ("A vote is scheduled for Monday.", "future"),
        ("Workers'll walk out at dawn.", "future"),
        ("Nurses are on strike at three hospitals.", "present"),
        ("Teachers have been on strike since Thursday.", "present"),
        ("The ongoing strike shut two plants.", "present"),
        ("Workers walked off the job Tuesday.", "past"),
        ("The union said the vote failed.", "past"),
        ("The strike began two weeks ago.", "past"),
        ("Nurses struck last year.", "past"),
        ("Nurses at the hospital.", None),
    ],
)
def test_tense_of(text: str, expected: str | None) -> None:
    assert tense_of(text) == expected


def test_mention_is_frozen() -> None:
    m = only("The walkout began March 21, 2023.")
    with pytest.raises(AttributeError):
        m.value = "2024-01-01"  # type: ignore[misc]


def test_school_years_and_union_counts() -> None:
    assert values("The 2023 school year ended.", date(2023, 8, 1)) == ["2023"]
    assert values("Some 2000 union members marched.", date(2023, 8, 1)) == []
    assert values("The 2019 union contract expired.", date(2023, 8, 1)) == ["2019"]
