"""An invented syndication test set: wire stories, their republications, and near-misses.

Six wire stories (all invented: the employers, unions, people and figures are made
up), each republished two to four times by other outlets with the changes outlets
make: a new headline, a dateline or byline, the last paragraphs cut, a local
paragraph added, a "Related:" line or newsletter boilerplate, smart quotes and
dashes, house-style edits. Five near-misses must stay articles of their own: a
second strike at the same hotel chain in the same wire's words, a follow-up that
repeats two background paragraphs of the first story, a correction (the whole
story sent again with one figure corrected), and two strikes at one employer in
briefs from one template.

``ARTICLES`` lists every article in the order a feed might deliver them; ``STORY``
maps each article id to its wire story (near-misses are stories of their own).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from strikewatch.model import Article


@dataclass(frozen=True)
class Wire:
    """A wire story as the agency sent it."""

    id: str
    outlet: str
    title: str
    published: str
    paragraphs: tuple[str, ...]


Change = Callable[[list[str]], list[str]]


def dateline(prefix: str) -> Change:
    return lambda ps: [prefix + ps[0], *ps[1:]]


def byline(line: str) -> Change:
    return lambda ps: [line, *ps]


def trim(n: int) -> Change:
    return lambda ps: ps[:-n]


def append(text: str) -> Change:
    return lambda ps: [*ps, text]


def insert(i: int, text: str) -> Change:
    return lambda ps: [*ps[:i], text, *ps[i:]]


def edit(old: str, new: str) -> Change:
    def change(ps: list[str]) -> list[str]:
        assert any(old in p for p in ps), old
        return [p.replace(old, new) for p in ps]

    return change


def curly(ps: list[str]) -> list[str]:
    """Smart quotes, apostrophes and dashes, as a CMS sets them."""
    out = []
    for p in ps:
        chars, opened = [], False
        for ch in p:
            if ch == '"':
                chars.append("\u201d" if opened else "\u201c")
                opened = not opened
            else:
                chars.append("\u2019" if ch == "'" else ch)
        out.append("".join(chars).replace(" - ", " \u2014 "))
    return out


NEWSLETTER = ("Get the day's top stories in your inbox every morning. Sign up for our free newsletter, and "
              "follow us on social media for breaking news alerts.")

WIRES = [
    Wire("nws-lakeshore-nurses", "Northern Wire Service", "Nurses strike at Lakeshore Regional Medical Center",
         "2026-03-03", (
             "About 900 nurses at Lakeshore Regional Medical Center in Duluth, Minnesota, walked off the job "
             "Monday, beginning an open-ended strike over staffing levels and pay.",
             "The nurses are represented by the Lakeshore Nurses Council, which said its members had worked "
             "without a contract since December. Talks with hospital management broke down last week after a "
             "14-hour session with a federal mediator.",
             '"We are out here because our patients deserve safe care," said Marisol Okafor, a cardiac nurse '
             'who has worked at the hospital for 11 years. "Management keeps asking us to take six or seven '
             'patients at a time."',
             "The hospital said it had hired replacement nurses through an agency and that its emergency room "
             "and birthing center would stay open during the strike. A spokesperson called the union's wage "
             "demands unaffordable.",
             "The council is asking for raises of 18% over three years and a limit on the number of patients "
             "assigned to each nurse. The hospital's last offer was 9% over three years.",
             "No new talks were scheduled as of Monday evening. The strike is the first at the medical center "
             "since 1998, when nurses stayed out for 19 days.",
         )),
    Wire("pps-valley-transit-vote", "Pacific Press Service", "Valley Transit drivers authorize a strike",
         "2026-04-10", (
             "Bus drivers and mechanics at Valley Metro Transit in Fresno, California, voted overwhelmingly "
             "Thursday to authorize a strike, their union said, raising the prospect of the first shutdown of "
             "the city's buses in two decades.",
             "Of the roughly 480 members of Valley Transit Workers Union Local 44 who cast ballots, 94% voted "
             "in favor, according to the local's president, Gilberto Nakamura. The vote does not set a strike "
             "date.",
             "The drivers' contract expired on March 31. The union wants a 15% raise over three years, "
             "restored pension contributions and protected break time on long routes. The transit agency "
             "has offered 7%.",
             '"Nobody wants to strand riders, but our members cannot keep driving 11-hour shifts without a '
             'bathroom break," Nakamura said at a rally outside the agency\'s downtown depot.',
             "A spokesperson for Valley Metro Transit said the agency remained committed to reaching an "
             "agreement at the bargaining table and noted that talks were scheduled to resume next week.",
             "The agency carries about 38,000 riders on a typical weekday across 19 routes in Fresno and "
             "Clovis.",
         )),
    Wire("nws-northgate-lockout", "Northern Wire Service", "Northgate Paper locks out mill workers",
         "2026-05-02", (
             "Northgate Paper Co. locked out about 620 workers at its pulp and paper mill in Longview, "
             "Washington, early Friday after members rejected what the company called its final contract "
             "offer.",
             "Members of Pulp and Mill Workers Local 310 arrived for the morning shift to find the gates "
             "chained and security guards posted at the entrance, union president Renata Szabo said.",
             '"They locked the doors on people who have kept this mill running through two recessions," '
             "Szabo said. \"We were ready to keep talking.\"",
             "In a statement, Northgate said the lockout would last until the union accepted an agreement "
             "that kept the mill competitive. The company said managers and contractors would run the paper "
             "machines in the meantime.",
             "The rejected offer included raises of 2% a year over four years and moved workers to a "
             "high-deductible health plan. Members voted it down by a margin of 212 to 31 last weekend.",
             "The Longview mill makes packaging board for food and consumer goods and is one of the largest "
             "private employers in Cowlitz County.",
         )),
    Wire("mwn-cedar-falls-teachers", "Midwest News Network", "Cedar Falls teachers reach tentative agreement",
         "2026-06-12", (
             "Teachers in the Cedar Falls Community School District in Iowa reached a tentative agreement "
             "with the school board late Wednesday, ending months of negotiations that had brought "
             "hundreds of educators to board meetings in protest.",
             "The Cedar Falls Education Association, which represents about 420 teachers, counselors and "
             "librarians, said the three-year deal includes raises totaling 11%, smaller class sizes in "
             "kindergarten through third grade and more planning time.",
             "Members will vote on the agreement next week. If they ratify it, the school board is expected "
             "to approve the contract at its June 24 meeting.",
             '"This agreement shows what happens when teachers stand together," association president '
             'Harriet Lindqvist said in a statement. "Our students will have more attention from the '
             'adults in their classrooms."',
             "Superintendent Paul Ferreira thanked both bargaining teams and said the district would pay for "
             "the raises without cutting programs, using money from a state funding increase approved in "
             "the spring.",
             "The previous contract expired at the end of the last school year, and teachers had worked "
             "under its terms since.",
         )),
    Wire("pps-brightline-rally", "Pacific Press Service", "Warehouse workers rally at Brightline Logistics",
         "2026-07-08", (
             "Several hundred warehouse workers and supporters rallied outside a Brightline Logistics "
             "distribution center in Joliet, Illinois, on Tuesday, demanding heat protections after two "
             "workers collapsed during a heat wave last month.",
             "The protest was organized by the Warehouse Workers Alliance, which is trying to organize the "
             "facility's roughly 1,300 employees. Speakers called for air conditioning on the loading "
             "docks, paid cooling breaks and an end to production quotas on hot days.",
             '"We are not machines," said Tyrell Baptiste, a forklift operator who has worked at the '
             'center for four years. "When it is 100 degrees inside the trailers, people get hurt."',
             "Brightline said in a statement that it had installed industrial fans, added water stations "
             "and trained supervisors to spot signs of heat illness. The company said it respected its "
             "employees' right to speak out.",
             "State Rep. Alicia Moreno told the crowd she would introduce a bill requiring heat safety "
             "plans at warehouses with more than 100 workers.",
         )),
    Wire("nws-grand-meridian-reno", "Northern Wire Service", "Housekeepers strike at the Grand Meridian in Reno",
         "2026-08-14", (
             "More than 350 housekeepers, bellhops and laundry workers at the Grand Meridian Hotel and "
             "Casino in Reno, Nevada, went on strike Thursday, forming picket lines on Virginia Street as "
             "guests checked in for a busy weekend.",
             "The workers are members of Hospitality Workers United Local 9, which has been negotiating "
             "with Grand Meridian Resorts since the previous contract expired in May. The union said the "
             "strike would last three days.",
             "Housekeepers say the hotel has cut daily room cleaning and raised the number of rooms each "
             'worker must clean per shift. "We are doing the work of two people for the pay of one," said '
             "housekeeper Lucia Benavides.",
             "Grand Meridian Resorts operates 14 hotels in Nevada and Arizona and employs about 9,000 "
             "people. The company said all of its Reno restaurants and its casino floor would remain open "
             "during the strike.",
             "The union is seeking raises of $4 an hour over four years and a return to daily room "
             "cleaning. The company has offered $2.25 an hour.",
             "Local 9 represents about 4,000 hotel and casino workers in northern Nevada.",
         )),
]

#: each republication: (new id, outlet, published, headline, changes)
REPUBLISHED: list[tuple[str, str, str, str, str, list[Change]]] = [
    ("nws-lakeshore-nurses", "duluth-ledger-nurses", "Duluth Daily Ledger", "2026-03-03",
     "Lakeshore nurses walk out over staffing",
     [dateline("DULUTH, Minn. (NWS) - "), curly]),
    ("nws-lakeshore-nurses", "iron-range-courier-nurses", "Iron Range Courier", "2026-03-04",
     "900 nurses on strike in Duluth",
     [byline("By Northern Wire Service staff"), trim(1), append(NEWSLETTER)]),
    ("nws-lakeshore-nurses", "kdlh-nurses-strike", "KDLH News", "2026-03-03",
     "Nurses picket outside Lakeshore Regional",
     [edit("18%", "18 percent"), edit("9%", "9 percent"), edit("Duluth, Minnesota,", "Duluth,"),
      insert(3, "KDLH's Aaron Whitcomb reported that dozens of nurses were marching in front of the main "
                "entrance on First Street by noon, carrying signs that read \"Safe staffing saves lives.\""),
      append("Related: Hospital workers in Superior plan informational picket")]),
    ("nws-lakeshore-nurses", "greatlakes-health-nurses", "Great Lakes Health Report", "2026-03-05",
     "Minnesota hospital strike: what to know", [trim(2), curly]),
    ("pps-valley-transit-vote", "fresno-tribune-transit", "Fresno Tribune", "2026-04-10",
     "Fresno bus drivers vote to authorize strike",
     [dateline("FRESNO, Calif. (PPS) - "), append(NEWSLETTER)]),
    ("pps-valley-transit-vote", "central-valley-news-transit", "Central Valley News", "2026-04-11",
     "Strike vote at Valley Metro Transit",
     [trim(1), append("Related: Clovis council weighs fare-free summer for students"), curly]),
    ("pps-valley-transit-vote", "calbusiness-transit-vote", "California Business Daily", "2026-04-11",
     "Transit union clears way for a walkout",
     [byline("From Pacific Press Service reports"), edit("15%", "15 percent"), edit("7%", "7 percent"),
      edit("94%", "94 percent"), trim(1)]),
    ("nws-northgate-lockout", "longview-herald-lockout", "Longview Herald", "2026-05-02",
     "Mill workers locked out in Longview",
     [dateline("LONGVIEW, Wash. (NWS) - "), curly, append("Copyright 2026 Northern Wire Service. All "
                                                           "rights reserved.")]),
    ("nws-northgate-lockout", "pnw-business-lockout", "Pacific Northwest Business Journal", "2026-05-03",
     "Northgate Paper lockout: company says managers will run machines",
     [trim(1), append(NEWSLETTER), edit("Co. ", "Company ")]),
    ("mwn-cedar-falls-teachers", "waterloo-courier-teachers", "Waterloo Courier", "2026-06-12",
     "Deal reached in Cedar Falls teacher talks",
     [dateline("CEDAR FALLS, Iowa (MWN) - "), curly]),
    ("mwn-cedar-falls-teachers", "iowa-ed-news-teachers", "Iowa Education News", "2026-06-13",
     "Tentative three-year deal for Cedar Falls teachers",
     [trim(1), edit("11%", "11 percent"), append("Related: Des Moines teachers begin bargaining")]),
    ("mwn-cedar-falls-teachers", "kcrg-teachers", "KCRG", "2026-06-12",
     "Cedar Falls teachers, school board agree",
     [byline("By Midwest News Network"), append(NEWSLETTER), curly]),
    ("pps-brightline-rally", "joliet-patch-rally", "Joliet Patch", "2026-07-08",
     "Brightline workers rally over heat",
     [dateline("JOLIET, Ill. (PPS) - "), append("Related: Will County issues heat advisory through Friday")]),
    ("pps-brightline-rally", "chicago-labor-rally", "Chicago Labor Report", "2026-07-09",
     "Hundreds rally for heat protections at Joliet warehouse",
     [trim(1), curly, append(NEWSLETTER)]),
    ("nws-grand-meridian-reno", "reno-gazette-strike", "Reno Evening Gazette", "2026-08-14",
     "Grand Meridian workers strike for three days",
     [dateline("RENO, Nev. (NWS) - "), curly]),
    ("nws-grand-meridian-reno", "nevada-current-strike", "Nevada Current Affairs", "2026-08-15",
     "Hotel strike hits Reno",
     [trim(1), append(NEWSLETTER)]),
    ("nws-grand-meridian-reno", "kolo-strike", "KOLO 8", "2026-08-14",
     "Picket lines at the Grand Meridian",
     [insert(1, "KOLO 8's crew counted more than 100 picketers at the hotel's main entrance by mid-morning, "
                "with drivers honking in support as they passed."),
      edit("$4 an hour", "$4 per hour"), append("Related: Sparks casino workers ratify contract")]),
    ("nws-grand-meridian-reno", "vegas-business-strike", "Las Vegas Business Press", "2026-08-15",
     "Grand Meridian Resorts faces strike at Reno property",
     [byline("By Northern Wire Service"), trim(2), curly]),
]

#: near-misses: each must stay an article of its own
NEAR_MISSES = [
    # the same hotel chain, a second strike months later, written from the same wire template
    Wire("nws-grand-meridian-lv", "Northern Wire Service", "Cooks strike at the Grand Meridian in Las Vegas",
         "2026-10-20", (
             "More than 600 cooks, dishwashers and servers at the Grand Meridian Hotel and Casino in Las "
             "Vegas went on strike Monday, forming picket lines on the Strip as a trade show opened.",
             "The workers are members of Hospitality Workers United Local 22, whose contract with Grand "
             "Meridian Resorts expired in August. The union said the strike would continue until the "
             "company returned to the table.",
             "Kitchen workers say the hotel has cut staff in its banquet kitchens while adding events. "
             '"We are cooking for a thousand people with half a crew," said line cook Ernesto Villaseñor.',
             "Grand Meridian Resorts operates 14 hotels in Nevada and Arizona and employs about 9,000 "
             "people. The company said all of its Las Vegas restaurants and its casino floor would remain "
             "open during the strike.",
             "The union is seeking raises of $5 an hour over five years and limits on subcontracting. The "
             "company has offered $3 an hour.",
         )),
    # a follow-up of the Lakeshore strike: new news, and two of the first story's background paragraphs
    Wire("nws-lakeshore-deal", "Northern Wire Service", "Lakeshore nurses end strike with tentative deal",
         "2026-03-11", (
             "Nurses at Lakeshore Regional Medical Center in Duluth, Minnesota, returned to work Wednesday "
             "after their union reached a tentative agreement with the hospital, ending a nine-day strike.",
             "The deal includes raises of 14% over three years and a joint committee that will set "
             "staffing levels for each unit, according to a summary the union sent to its members.",
             "The nurses are represented by the Lakeshore Nurses Council, which said its members had worked "
             "without a contract since December. Talks with hospital management broke down last week after a "
             "14-hour session with a federal mediator.",
             "The council is asking for raises of 18% over three years and a limit on the number of patients "
             "assigned to each nurse. The hospital's last offer was 9% over three years.",
             "Members will vote on the agreement over the weekend. Council leaders said they would "
             "recommend approval.",
             '"It took a strike to get here, but we won safe staffing," said cardiac nurse Marisol Okafor.',
         )),
    # a correction of the Northgate story: the whole story sent again, one figure corrected
    Wire("nws-northgate-correction", "Northern Wire Service", "Northgate Paper locks out mill workers (corrected)",
         "2026-05-02", (
             "CORRECTION: An earlier version of this story misstated the number of workers locked out. It "
             "is about 260, not 620.",
             "Northgate Paper Co. locked out about 260 workers at its pulp and paper mill in Longview, "
             "Washington, early Friday after members rejected what the company called its final contract "
             "offer.",
             *WIRES[2].paragraphs[1:],
         )),
    # two briefs from one template: different strikes at the same employer, different figures
    *(Wire(f"tracker-harvest-{city.lower()}", "Strike Tracker", f"Strike at Harvest Valley Foods in {city}", day, (
        f"Workers at the Harvest Valley Foods plant in {city}, Iowa, went on strike on {weekday}, United Food "
        f"Processing Workers Local {local} said in a statement. About {n} production workers are on strike.",
        "The union said the strike was over pay and scheduling, and that picket lines would stay up around "
        "the clock until the company returned to the bargaining table.",
        "Harvest Valley Foods said the plant would keep running with salaried staff and that it had "
        "bargained in good faith.",
        "This report was compiled from the union's statement and the company's response.",
    )) for city, day, weekday, local, n in (("Ames", "2026-09-08", "Tuesday", 431, 420),
                                            ("Dubuque", "2026-09-10", "Thursday", 118, 310))),
]


def _article(aid: str, outlet: str, published: str, title: str, paragraphs: list[str]) -> Article:
    return Article(id=aid, text="\n\n".join(paragraphs), url=f"https://news.example/{aid}", source=outlet,
                   title=title, published=published, published_from="given")


def build() -> tuple[list[Article], dict[str, str]]:
    """Every article (each wire story, then its copies, then the near-misses) and its story."""
    wires = {w.id: w for w in WIRES}
    articles = [_article(w.id, w.outlet, w.published, w.title, list(w.paragraphs)) for w in WIRES]
    story = {w.id: w.id for w in WIRES}
    for wid, aid, outlet, published, title, changes in REPUBLISHED:
        ps = list(wires[wid].paragraphs)
        for change in changes:
            ps = change(ps)
        articles.append(_article(aid, outlet, published, title, ps))
        story[aid] = wid
    for w in NEAR_MISSES:
        articles.append(_article(w.id, w.outlet, w.published, w.title, list(w.paragraphs)))
        story[w.id] = w.id
    return articles, story


ARTICLES, STORY = build()
