"""Vote results: approved or rejected, and the share of the votes (number parsing).

"voted 94% to authorize a strike" -> approved, 94; "rejected the offer 612-388" ->
rejected, 61.2; "voted unanimously" -> 100. The share is of the reported outcome
(the yes share when approved, the no share when rejected).
"""

from __future__ import annotations

import re

from strikewatch.model import VoteResult

PCT_RX = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent|per\s+cent)", re.I)
REJECT_RX = re.compile(r"\b(?:reject\w*|vot\w+\s+down|defeat\w*|turned\s+down|voted\s+against|no\s+vote)\b", re.I)
VOTE_COUNT = re.compile(r"\b(\d{1,5})\s*(?:-|–|to)\s*(\d{1,5})\b")
STRIKE_REJECTED = re.compile(
    r"\b(?:reject\w*|against|down)\s+(?:(?:authoriz|authoris|calling|holding)\w*\s+)?(?:a\s+|the\s+)?strike", re.I)
VOTE_WORDS = re.compile(r"\b(?:vot|approv|authori|ratif|reject|favou?r|yes|support|backed|said\s+yes)", re.I)


def vote_result(sentence: str, etype: str, cue_start: int, cue_end: int, other_cues: list[tuple[int, int]]) -> VoteResult:
    """The result of a strike vote or ratification stated in one sentence.

    ``other_cues``: spans of other vote cues in the sentence; a percentage nearer one
    of them than this cue belongs to that vote.
    """
    approved = True
    if etype == "ratification":
        window = sentence[max(0, cue_start - 40) : cue_end + 40]
        approved = not REJECT_RX.search(window)
    elif STRIKE_REJECTED.search(sentence):
        approved = False
    pct = None
    if re.search(r"\bunanimous\w*", sentence, re.I):
        pct = 100.0
    for m in PCT_RX.finditer(sentence):
        mine = min(abs(m.start() - cue_end), abs(cue_start - m.end()))
        if any(min(abs(m.start() - e), abs(s - m.end())) < mine for s, e in other_cues):
            continue
        ctx = sentence[max(0, m.start() - 40) : m.end() + 40]
        if VOTE_WORDS.search(ctx) and not re.search(r"\bparticipat|turnout", ctx, re.I):
            pct = float(m.group(1))
            break
    if pct is None:
        vc = VOTE_COUNT.search(sentence)
        if vc and re.search(r"\bvot", sentence, re.I):
            a, b = int(vc.group(1)), int(vc.group(2))
            if a + b > 0 and a < 100000:
                pct = round(100 * max(a, b) / (a + b), 1)
                if etype == "ratification" and not REJECT_RX.search(sentence):
                    approved = a > b
    return VoteResult(approved=approved, pct=pct)
