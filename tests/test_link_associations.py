"""Linking mechanisms on short invented mentions (Event objects built directly, no extraction).

Employer associations and several employers in one round, names that say nothing
("the district") or are cut short, parties named on one side only, estimated and
planned dates, vote outcomes, and events of one dispute that only the dispute links.
"""

from __future__ import annotations

import json
import random

import pytest

from strikewatch.link import Linked, link_mentions
from strikewatch.link.events import LinkedEvent, MentionRef, events_compatible, finish, link_events
from strikewatch.link.orgs import employer_norm, is_generic, named_employers, same_employer, same_union
from strikewatch.model import Event, Location, Organization, VoteResult

UNION = "Harbor Nurses Guild"


def mention(
    article: str,
    published: str,
    etype: str,
    status: str,
    start: str | None = None,
    *,
    unions: tuple[str, ...] = (UNION,),
    employers: tuple[str, ...] = (),
    basis: str | None = "stated",
    end: str | None = None,
    idx: int = 0,
    approved: bool | None = None,
    city: str | None = None,
) -> MentionRef:
    ev = Event(
        type=etype,
        status=status,
        start_date=start,
        end_date=end,
        date_basis=basis if start else None,
        unions=[Organization(u) for u in unions],
        employers=[Organization(e) for e in employers],
        result=VoteResult(approved) if approved is not None else None,
        location=Location(city=city, state=None, country="US") if city else None,
    )
    return MentionRef(article, published, idx, ev)


def _events(linked: Linked, etype: str) -> list:
    return [e for e in linked.events if e.type == etype]


def _dispute_of(linked: Linked, article: str) -> set[str]:
    return {e.dispute_id for e in linked.events if article in e.articles() and e.dispute_id}


def _same_output(ms: list[MentionRef]) -> None:
    """The links are a function of the set of mentions: any order gives the same output."""
    expected = json.dumps([e.to_dict() for e in link_mentions(list(ms)).events], sort_keys=True)
    rng = random.Random(5)
    for _ in range(4):
        shuffled = list(ms)
        rng.shuffle(shuffled)
        assert json.dumps([e.to_dict() for e in link_mentions(shuffled).events], sort_keys=True) == expected


# --- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["district", "the District", "Hospital", "the government", "school district", "the union", "Management"],
)
def test_generic_names_name_no_party(name: str) -> None:
    assert is_generic(Organization(name))


@pytest.mark.parametrize(
    "name",
    [
        "Chicago Public Schools",
        "Government of Quebec",
        "Kaiser Permanente",
        "Minnesota Nurses Association",
        "Waste Management",
    ],
)
def test_real_names_are_not_generic(name: str) -> None:
    assert not is_generic(Organization(name))


@pytest.mark.parametrize(
    "a, b",
    [
        ("Deere and Co.", "Deere"),
        ("NJ Transit President and CEO Kris Kolluri", "New Jersey Transit"),
        ("NJ TRANSIT", "NJ Transit"),
        ("File - Kaiser Permanente", "Kaiser Permanente"),
        ("Boeing's CEO", "Boeing Co."),
    ],
)
def test_employer_names_with_debris_fold_to_the_employer(a: str, b: str) -> None:
    assert same_employer(Organization(a), Organization(b)), (employer_norm(a), employer_norm(b))


def test_a_list_taken_for_one_employer_is_split_but_a_company_name_is_not() -> None:
    assert [o.name for o in named_employers([Organization("Allina Health, M Health Fairview")])] == [
        "Allina Health",
        "M Health Fairview",
    ]
    assert [o.name for o in named_employers([Organization("M Health Fairview and North Memorial")])] == [
        "M Health Fairview",
        "North Memorial",
    ]
    assert [o.name for o in named_employers([Organization("Deere and Co.")])] == ["Deere and Co."]
    assert named_employers([Organization("Hospital")]) == []


def test_a_union_name_cut_short_is_the_union() -> None:
    assert same_union(Organization("Minnesota"), Organization("Minnesota Nurses Association"))
    assert same_union(Organization("CHICAGO"), Organization("Chicago Teachers Union"))
    assert not same_union(
        Organization("Minnesota Nurses Association"), Organization("Minnesota Education Association")
    )


# --- events --------------------------------------------------------------------------


def test_a_generic_employer_does_not_split_an_event() -> None:
    ms = [
        mention(
            "a", "2026-03-11", "strike", "ongoing", "2026-03-10", employers=("Bayline General Hospital",)
        ),
        mention("b", "2026-03-12", "strike", "occurred", "2026-03-10", employers=("hospital",)),
    ]
    events = link_events(ms)
    assert len(events) == 1 and len(events[0].mentions) == 2


def test_one_outlet_naming_the_union_and_another_the_employer_link_through_a_third() -> None:
    ms = [
        mention("a", "2026-03-11", "strike", "occurred", "2026-03-10", employers=("Port of Bayline",)),
        mention("b", "2026-03-12", "strike", "occurred", "2026-03-10", unions=()),
        mention(
            "c", "2026-03-13", "strike", "occurred", "2026-03-10", unions=(), employers=("Port of Bayline",)
        ),
        mention("d", "2026-03-14", "strike", "occurred", "2026-03-10"),
    ]
    ms[1].event.employers = [Organization("Port of Bayline")]
    ms[1].event.unions = []
    events = link_events(ms)
    # "d" names only the union, "c" only the employer: "a" names both, so all are one strike
    assert len(events) == 1 and sorted(events[0].articles()) == ["a", "b", "c", "d"]


def test_a_name_given_in_the_wrong_role_still_links() -> None:
    ms = [
        mention(
            "a",
            "2026-08-19",
            "agreement",
            "occurred",
            "2026-08-19",
            unions=("Cabin Crew Union", "Air Bayline"),
        ),
        mention(
            "b", "2026-09-07", "agreement", "occurred", "2026-08-19", unions=(), employers=("Air Bayline",)
        ),
    ]
    assert len(link_events(ms)) == 1


def test_an_estimated_date_does_not_split_an_event_within_its_window() -> None:
    ms = [
        mention("a", "2026-01-06", "strike", "occurred", "2026-01-05", employers=("Port of Bayline",)),
        mention(
            "b",
            "2026-02-10",
            "strike",
            "occurred",
            "2026-02-09",
            employers=("Port of Bayline",),
            basis="estimated",
        ),
    ]
    events = link_events(ms)
    assert len(events) == 1 and events[0].start_date == "2026-01-05"  # the stated date wins


def test_planned_then_under_way_is_one_event() -> None:
    ms = [
        mention("plan", "2026-05-04", "strike", "planned", "2026-05-11", employers=("Riverbend Metro",)),
        # a strike under way, dated the day of the story: it began on or before that day
        mention("on", "2026-05-13", "strike", "ongoing", "2026-05-13", employers=("Riverbend Metro",)),
        mention("over", "2026-05-20", "strike", "occurred", "2026-05-11", employers=("Riverbend Metro",)),
    ]
    events = link_events(ms)
    assert len(events) == 1
    assert events[0].status == "occurred" and events[0].start_date == "2026-05-11"
    _same_output(ms)


def test_two_strikes_announced_for_different_days_are_two_events() -> None:
    ms = [
        mention("a", "2026-03-04", "strike", "planned", "2026-03-06", employers=("Bayline Rail",)),
        mention("b", "2026-03-10", "strike", "planned", "2026-03-11", employers=("Bayline Rail",)),
    ]
    assert len(link_events(ms)) == 2
    # and they stay two inside their (common) dispute
    linked = link_mentions(ms)
    assert len(_events(linked, "strike")) == 2 and len(linked.disputes) == 1


def test_a_vote_that_approved_and_one_that_rejected_are_two_votes() -> None:
    ms = [
        mention(
            "a",
            "2026-10-24",
            "ratification",
            "occurred",
            "2026-10-23",
            employers=("Bayline Aero",),
            approved=False,
        ),
        mention(
            "b",
            "2026-11-05",
            "ratification",
            "occurred",
            "2026-10-25",
            employers=("Bayline Aero",),
            approved=True,
            basis="estimated",
        ),
    ]
    linked = link_mentions(ms)
    assert len(_events(linked, "ratification")) == 2


# --- disputes ------------------------------------------------------------------------


def test_an_association_round_with_several_member_employers_is_one_dispute() -> None:
    """One union strikes three hospitals of a system on the same days: one dispute, one event per employer."""
    ms = [
        mention(
            "wire", "2026-09-13", "strike", "ongoing", "2026-09-12", employers=("Northstar Health",), idx=0
        ),
        mention(
            "wire",
            "2026-09-13",
            "strike",
            "ongoing",
            "2026-09-12",
            employers=("Lakeside Medical Center",),
            idx=1,
        ),
        mention(
            "wire", "2026-09-13", "strike", "ongoing", "2026-09-12", employers=("St. Brigid Hospital",), idx=2
        ),
        mention(
            "local",
            "2026-09-02",
            "strike_vote",
            "occurred",
            "2026-08-15",
            employers=("Lakeside Medical Center",),
        ),
        mention(
            "later", "2026-12-14", "agreement", "occurred", "2026-12-13", employers=("St. Brigid Hospital",)
        ),
        mention("other", "2026-09-20", "strike", "occurred", "2026-09-12", employers=("Northstar Health",)),
    ]
    linked = link_mentions(ms)
    assert len(linked.disputes) == 1
    strikes = _events(linked, "strike")
    # the strikes stay one a employer; the second report of the Northstar strike joins it
    assert len(strikes) == 3
    assert sorted(len(e.mentions) for e in strikes) == [1, 1, 2]
    _same_output(ms)


def test_a_list_of_members_in_one_name_makes_one_dispute() -> None:
    ms = [
        mention(
            "a",
            "2026-08-17",
            "strike_vote",
            "occurred",
            "2026-08-15",
            employers=("Allina Health, M Health Fairview",),
        ),
        mention(
            "b",
            "2026-12-14",
            "strike",
            "cancelled",
            "2026-12-11",
            employers=("M Health Fairview and North Memorial",),
        ),
        mention("c", "2026-12-07", "ratification", "planned", "2026-12-20", employers=("North Memorial",)),
    ]
    assert len(link_mentions(ms).disputes) == 1


def test_one_union_at_one_table_with_several_employers_is_one_dispute() -> None:
    """A vote naming two hospitals, a deal naming three, a strike at one: the union bargains with all of them
    at one table, so their events are one dispute, whichever employer each report names first."""
    ms = [
        mention("a", "2026-08-17", "strike_vote", "occurred", "2026-08-15",
                employers=("Pinecrest Health", "Lakeside Medical Center")),
        mention("b", "2026-09-14", "strike", "occurred", "2026-09-12", employers=("Harbor Point Hospital",)),
        mention("c", "2026-12-07", "agreement", "occurred", "2026-12-06",
                employers=("Harbor Point Hospital", "Lakeside Medical Center", "St. Brigid Hospital")),
    ]
    linked = link_mentions(ms)
    assert len(linked.disputes) == 1
    _same_output(ms)
    # another union's local at one of those hospitals is a table of its own
    other = mention("d", "2026-10-02", "strike", "occurred", "2026-10-01", unions=("Hospital Clerks Local 7",),
                    employers=("Lakeside Medical Center", "Pinecrest Health"))
    assert len(link_mentions([*ms, other]).disputes) == 2


def test_one_table_is_one_round_of_bargaining_not_two_years_apart() -> None:
    """A strike that names two employers (one of them only because the story compares it with an
    older strike) does not join the union's dispute with the other employer two years before."""
    older = [
        mention("a", "2024-09-20", "strike", "ongoing", "2024-09-15", unions=("Allied Machinists",),
                employers=("Northfield Motors",)),
        mention("b", "2024-10-28", "ratification", "occurred", "2024-10-25", unions=("Allied Machinists",),
                employers=("Northfield Motors",), approved=True),
    ]
    later = mention("c", "2026-10-16", "strike", "ongoing", "2026-10-14", unions=("Allied Machinists",),
                    employers=("Greenway Tractor", "Northfield Motors"))
    linked = link_mentions([*older, later])
    assert _dispute_of(linked, "c").isdisjoint(_dispute_of(linked, "a"))
    assert len(linked.disputes) == 2
    # the same strike within the year is the same table: one dispute
    soon = mention("c", "2025-03-16", "strike", "ongoing", "2025-03-14", unions=("Allied Machinists",),
                   employers=("Greenway Tractor", "Northfield Motors"))
    assert len(link_mentions([*older, soon]).disputes) == 1


def test_an_event_with_only_unsure_parties_joins_the_nearest_dispute_of_its_likeliest_party() -> None:
    """A report whose only party is below the link confidence (the employer read with 0.27) is placed
    by it when nothing surer places it: in the dispute of that employer the same week, not alone; a
    month and more away, or with another employer, it stays apart."""
    dispute = [
        mention("a", "2026-08-14", "strike_vote", "occurred", "2026-08-05", employers=("Air Bayline",)),
        mention("b", "2026-08-19", "strike", "occurred", "2026-08-16", employers=("Air Bayline",)),
    ]

    def unsure(published: str, start: str, employer: str) -> MentionRef:
        m = mention("c", published, "strike", "occurred", start, unions=(), employers=(employer,))
        m.event.employers[0].confidence = 0.27
        return m

    linked = link_mentions([*dispute, unsure("2026-08-17", "2026-08-16", "Air Bayline")])
    assert _dispute_of(linked, "c") == _dispute_of(linked, "a")
    _same_output([*dispute, unsure("2026-08-17", "2026-08-16", "Air Bayline")])
    for far in (unsure("2026-11-02", "2026-11-01", "Air Bayline"), unsure("2026-08-17", "2026-08-16", "Cascade Air")):
        linked = link_mentions([*dispute, far])
        assert _dispute_of(linked, "c").isdisjoint(_dispute_of(linked, "a"))


def test_one_union_at_two_employers_in_separate_rounds_stays_two_disputes() -> None:
    ms = [
        mention("a", "2026-05-12", "strike", "ongoing", "2026-05-11", employers=("Riverbend Metro",)),
        mention("b", "2026-05-15", "strike", "ongoing", "2026-05-14", employers=("Cascade Coach Lines",)),
        mention(
            "b", "2026-05-15", "impasse", "occurred", "2026-04-01", employers=("Riverbend Metro",), idx=1
        ),
    ]
    linked = link_mentions(ms)
    assert len(linked.disputes) == 2


def test_events_of_one_dispute_that_name_different_sides_are_one_event() -> None:
    """Within a dispute a union-only and an employer-only report of one strike are one strike."""
    ms = [
        mention("a", "2026-08-14", "strike_vote", "occurred", "2026-08-05", employers=("Air Bayline",)),
        mention("a", "2026-08-14", "strike", "planned", "2026-08-16", employers=("Air Bayline",), idx=1),
        mention("b", "2026-08-19", "strike", "occurred", "2026-08-16", employers=()),
        mention("b", "2026-08-19", "agreement", "occurred", "2026-08-19", employers=("Air Bayline",), idx=1),
        mention(
            "c",
            "2026-08-17",
            "strike",
            "ongoing",
            "2026-08-17",
            unions=(),
            employers=("Air Bayline",),
            basis="estimated",
        ),
    ]
    linked = link_mentions(ms)
    strikes = _events(linked, "strike")
    assert len(strikes) == 1 and sorted(strikes[0].articles()) == ["a", "b", "c"]
    assert len(linked.disputes) == 1
    _same_output(ms)


def test_within_a_dispute_two_unions_on_strike_the_same_days_are_one_joint_strike() -> None:
    """The spec: a joint strike by two unions against one employer on the same days is one strike."""

    def strike(article: str, published: str, status: str, start: str, union: str, employer: str) -> LinkedEvent:
        m = mention(article, published, "strike", status, start, unions=(union,), employers=(employer,))
        ev = LinkedEvent(id=m.article_id, type=m.event.type, mentions=[m])
        finish(ev)
        return ev

    cf = strike("a", "2026-11-22", "ongoing", "2026-11-21", "Common Front", "Government of Bayland")
    btf = strike("b", "2026-11-24", "occurred", "2026-11-21", "Bayland Teachers Federation", "Government of Bayland")
    other_employer = strike("c", "2026-11-24", "occurred", "2026-11-21", "Common Front", "Bayland Hydro")
    weeks_later = strike("d", "2027-01-24", "occurred", "2027-01-20", "Common Front", "Government of Bayland")
    assert events_compatible(cf, btf)
    assert not events_compatible(cf, other_employer)  # each member employer's strike is its own event
    assert not events_compatible(cf, weeks_later)


def test_a_one_sided_event_goes_to_the_dispute_of_its_article() -> None:
    ms = [
        mention("a", "2026-05-12", "strike", "ongoing", "2026-05-11", employers=("Riverbend Metro",)),
        mention("b", "2026-05-15", "strike", "ongoing", "2026-05-14", employers=("Cascade Coach Lines",)),
        mention("c", "2026-05-20", "agreement", "occurred", "2026-05-19", employers=("Riverbend Metro",)),
        mention("c", "2026-05-20", "ratification", "planned", "2026-05", employers=(), idx=1),
    ]
    linked = link_mentions(ms)
    vote = _events(linked, "ratification")[0]
    deal = _events(linked, "agreement")[0]
    assert vote.dispute_id == deal.dispute_id


def test_an_article_naming_no_party_joins_the_dispute_of_the_same_day_and_city() -> None:
    ms = [
        mention(
            "a",
            "2026-11-04",
            "agreement",
            "occurred",
            "2026-10-30",
            unions=("Lakeside Teachers Union",),
            employers=("Lakeside Public Schools",),
            city="Lakeside",
        ),
        mention(
            "b",
            "2026-11-01",
            "agreement",
            "occurred",
            "2026-10-30",
            unions=(),
            employers=("district",),
            city="Lakeside",
        ),
        mention(
            "b",
            "2026-11-01",
            "strike",
            "occurred",
            "2026-10-17",
            unions=(),
            employers=("district",),
            idx=1,
            city="Lakeside",
        ),
    ]
    linked = link_mentions(ms)
    assert len(linked.disputes) == 1
    assert len(_events(linked, "agreement")) == 1


def test_blocking_finds_every_match_the_new_keys_allow(monkeypatch: pytest.MonkeyPatch) -> None:
    ms = [
        mention(
            "a",
            "2026-08-19",
            "agreement",
            "occurred",
            "2026-08-19",
            unions=("Cabin Crew Union", "Air Bayline"),
        ),
        mention(
            "b", "2026-09-07", "agreement", "occurred", "2026-08-19", unions=(), employers=("Air Bayline",)
        ),
        mention("c", "2026-12-01", "strike", "occurred", "2026-09", unions=("Minnesota",)),
        mention(
            "d", "2026-09-01", "strike", "planned", "2026-09-12", unions=("Minnesota Nurses Association",)
        ),
        mention(
            "e",
            "2026-09-13",
            "strike",
            "ongoing",
            "2026-09-12",
            unions=("Minnesota Nurses Association",),
            employers=("Allina Health, M Health Fairview",),
        ),
    ]
    blocked = json.dumps([e.to_dict() for e in link_events(list(ms))], sort_keys=True)
    _compare_everything(monkeypatch)
    brute = json.dumps([e.to_dict() for e in link_events(list(ms))], sort_keys=True)
    assert blocked == brute
    assert len(json.loads(blocked)) == 2


def test_a_union_named_by_its_trade_is_the_union_where_the_employer_is_the_same() -> None:
    ms = [
        mention(
            "a",
            "2026-09-14",
            "strike",
            "ongoing",
            "2026-09-13",
            unions=("the Machinists union",),
            employers=("Bayline Aero",),
        ),
        mention(
            "b",
            "2026-09-20",
            "strike",
            "ongoing",
            "2026-09-13",
            unions=("International Association of Machinists and Aerospace Workers",),
            employers=("Bayline Aero Co.",),
        ),
    ]
    linked = link_mentions(ms)
    assert len(linked.events) == 1 and len(linked.disputes) == 1
    # at another employer the shared word proves nothing: two unions, two strikes
    ms[1].event.employers = [Organization("Cascade Motors")]
    assert len(link_mentions(ms).events) == 2


def test_an_old_event_recalled_by_an_article_about_another_dispute_is_background() -> None:
    old = [
        mention(
            f"gm-{i}",
            f"2026-09-{16 + i}",
            "strike",
            "ongoing",
            "2026-09-15",
            unions=("Auto Workers Guild",),
            employers=("Bayline Motors",),
        )
        for i in range(3)
    ]
    recall = [
        mention(
            "farm",
            "2027-10-14",
            "strike",
            "ongoing",
            "2027-10-14",
            unions=("Auto Workers Guild",),
            employers=("Prairie Tractor",),
        ),
        mention(
            "farm",
            "2027-10-14",
            "agreement",
            "occurred",
            "2027-10-10",
            unions=("Auto Workers Guild",),
            employers=("Prairie Tractor",),
            idx=1,
        ),
        # "the union's last strike, against Bayline Motors in 2026"
        mention(
            "farm",
            "2027-10-14",
            "strike",
            "occurred",
            "2026-09-15",
            unions=("Auto Workers Guild",),
            employers=("Bayline Motors",),
            idx=2,
        ),
    ]
    linked = link_mentions(old + recall)
    assert _dispute_of(linked, "farm") == {next(d.id for d in linked.disputes if "farm" in d.articles())}
    gm = next(e for e in linked.events if "gm-0" in e.articles())
    assert sorted(gm.articles()) == ["gm-0", "gm-1", "gm-2"]
    alone = next(
        e
        for e in linked.events
        if e.type == "strike" and e.articles() == ["farm"] and e.start_date == "2026-09-15"
    )
    assert alone.dispute_id is None
    _same_output(old + recall)


def test_within_a_dispute_outlets_dating_one_event_differently_still_link() -> None:
    """A deal "reached March 6" and "announced" March 10; a vote dated by its result, and a later vote."""
    ms = [
        mention("a", "2026-03-10", "agreement", "occurred", "2026-03-10", employers=("Bayline Transit",)),
        mention(
            "a", "2026-03-10", "strike_vote", "occurred", "2026-02-01", employers=("Bayline Transit",), idx=1
        ),
        mention(
            "b",
            "2026-04-15",
            "agreement",
            "occurred",
            "2026-03-06",
            unions=(),
            employers=("Bayline Transit President and CEO Dana Moss",),
        ),
        mention(
            "b", "2026-04-15", "strike_vote", "occurred", "2026-04-14", employers=("Bayline Transit",), idx=1
        ),
        mention(
            "c",
            "2026-02-10",
            "strike_vote",
            "occurred",
            "2026-02-08",
            unions=(),
            employers=("Bayline Transit",),
        ),
    ]
    linked = link_mentions(ms)
    deals = _events(linked, "agreement")
    assert len(deals) == 1 and sorted(deals[0].articles()) == ["a", "b"]
    votes = _events(linked, "strike_vote")
    # the February vote (its days, then the day of its result) is one; the April vote is another
    assert sorted(sorted(v.articles()) for v in votes) == [["a", "c"], ["b"]]


def _compare_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every name meets every other: linking compares each event (and organization) with all."""
    import strikewatch.link.disputes as disputes_mod
    import strikewatch.link.scope as scope_mod

    every = frozenset({("everything", "s")})
    monkeypatch.setattr(scope_mod, "party_keys", lambda e: set(every))
    monkeypatch.setattr(disputes_mod, "party_keys", lambda e: set(every))
    monkeypatch.setattr(scope_mod, "name_keys", lambda org, kind: every)
