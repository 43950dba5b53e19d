"""Tense and status: is the event past, underway, planned, threatened or called off?

The status of an event is read from the clause around its trigger: the verb's
tense and auxiliaries from spaCy's tagger and parser (``will strike``, ``plan to
strike``, ``walked out``, ``are on strike``), plus cue words for cancellation and
threat, and, last, the event's resolved date against the publication date.
"""

from __future__ import annotations

import re
from typing import Any

from strikewatch.extract.nlp import is_noun, is_verb

IC = re.IGNORECASE

CANCELLED = re.compile(
    r"\b(?:call(?:ed|s|ing)?\s+off|cancel(?:l?ed|s|ing)?|averted|avert|postpone\w*|suspend\w*|"
    r"(?:can\s*not|cannot|won[’']t|will\s+not)\s+go\s+ahead|head(?:ed)?\s+off|avoid(?:ed|ing)?\s+a\s+strike|"
    r"no\s+longer\s+(?:strike|take\s+place|go\s+ahead)|ended\s+plans|scrapped|withdr[ae]w\w*)\b",
    IC,
)
THREAT = re.compile(
    r"\b(?:could|may|might|threat\w*|possib\w+|potential(?:ly)?|consider\w*|would|if|unless|warn\w*|prepar\w*|"
    r"looming|loom|brink|risk|weigh\w*|mull\w*|ready\s+to|vow\w*|authori[sz]e\w*|deadline|"
    r"(?:not|n[’']t|never)\s+(?:\w+\s+)?rul(?:e|ed|ing)\s+out)\b",
    IC,
)
FUTURE = re.compile(
    r"\b(?:will|shall|plan\w*|set\s+to|poised|scheduled|intend\w*|going\s+to|to\s+begin|to\s+start|slated|"
    r"expected\s+to|notice|announc\w+\s+(?:a|plans)|due\s+to|upcoming|next|tomorrow|later\s+this|"
    r"subject\s+to|pending|must|needs?\s+to|ha(?:ve|s)\s+to|fac(?:e|es|ing)|until\s+it\S*\s+ratified)\b|[’']ll\b",
    IC,
)
ONGOING = re.compile(
    r"\b(?:(?:are|is|remain|remains|remained|stay|stays)\s+(?:now\s+|still\s+)?on\s+strike|ongoing|continu\w+|entered\s+(?:its|their|the)|"
    r"(?:have|has)\s+been\s+(?:on\s+strike|striking|locked\s+out|out)|still\s+on|underway|enters|"
    r"(?:are|is)\s+(?:now\s+)?(?:striking|picketing|walking)|day\s+\w+\s+of\s+(?:the|a|their)|"
    r"(?:are|is)\s+(?:now\s+)?locked\s+out|now\s+on\s+strike|on\s+strike\s+since|since)\b"
    r"|(?<!went\s)(?<!go\s)(?<!going\s)(?<!gone\s)(?<!goes\s)\bon\s+strike\b",
    IC,
)
ENDED = re.compile(
    r"\b(?:ended|ends|end(?:ing)?\s+(?:the|their|a)|(?:is|was|are|were)\s+over|returned\s+to\s+work|return\w*\s+to\s+work|back\s+to\s+work|"
    r"resum\w+|concluded|after\s+(?:a|the)\s+(?:\w+[- ])*(?:strike|walkout|lockout)|previous|previously|last\s+(?:strike|walkout)|"
    r"settled|wrapped)\b",
    IC,
)

STRONG_ONGOING = re.compile(
    r"\b(?:continu\w+\s+(?:their|the|its|a|with\s+the)\s+(?:\w+\s+)?(?:strike|walkout|lockout)|(?:remain|remains|still)\s+on\s+strike|"
    r"entered\s+(?:its|their|the)|ongoing|(?:are|is)\s+(?:now\s+|still\s+)?on\s+strike|(?:have|has)\s+been\s+on\s+strike)\b",
    IC,
)
NEGATED = re.compile(r"(?:\bnot|n[’']t|\bnever|\bno|\bwithout|\bfailed\s+to|\bfail\s+to|\bunwilling\s+to|\bunable\s+to)\s+(?:\w+\s+){0,2}$", IC)
FUTURE_NOUN = re.compile(
    r"\b(?:call\w*\s+for|push\w*\s+for|rul(?:e|ed|ing)\s+out|plans?\s+(?:for|to\s+hold)|threat\s+of|possib\w+|potential|looming|prepar\w+\s+for|notice\s+of|"
    r"deadline\s+for|authori[sz]\w*|upcoming|planned|proposed|impending|facing|faces|face)\s+(?:a|an|the|its|their)?\s*(?:[\w’'-]+\s+){0,3}$",
    IC,
)
ONSET_VERBS = {"begin", "began", "begins", "begun", "start", "started", "starts", "take", "took", "takes", "happen",
               "happened", "occur", "occurred", "come", "came", "hit", "hits", "loom", "looms", "set"}

MODALS_FUTURE = {"will", "shall", "'ll", "’ll", "wo", "gon"}
MODALS_THREAT = {"could", "may", "might", "would", "can"}
FUTURE_GOVERNORS = {
    "plan", "plans", "planned", "planning", "set", "poised", "intend", "intends", "prepare", "prepares",
    "preparing", "schedule", "scheduled", "expect", "expected", "aim", "aims", "decide", "decided",
    "going", "ready", "vow", "vowed", "vows", "threaten", "threatened", "threatens", "warn", "warned",
    "consider", "considering", "move", "moving", "vote", "voted", "voting", "want", "wants", "call", "called",
    "announce", "announced", "notify", "notified", "give", "gave", "issue", "issued", "declare", "declared",
}


def verb_tense(doc: Any, char_start: int) -> str | None:
    """'past', 'present', 'future', 'threat' or None from the parse around a character offset."""
    tok = None
    for t in doc:
        if t.idx <= char_start < t.idx + len(t.text) or t.idx >= char_start:
            tok = t
            break
    if tok is None:
        return None
    if is_noun(tok) and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.text.lower() not in ONSET_VERBS:
        return "subject"  # "the lockout will be resolved": the event already exists
    verb = tok
    hops = 0
    while not is_verb(verb) and verb.head is not verb and hops < 3:
        verb = verb.head
        hops += 1
    chain = [verb]
    v = verb
    for _ in range(3):
        if v.dep_ == "xcomp" and v.head is not v:
            v = v.head
            chain.append(v)
        else:
            break
    # auxiliaries and governing verbs decide the tense
    for v in chain:
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        for a in auxes:
            low = a.text.lower()
            if low in MODALS_FUTURE:
                return "future"
            if low in MODALS_THREAT:
                return "threat"
        if v is not verb and v.text.lower() in FUTURE_GOVERNORS and v.i < verb.i:
            if v.text.lower() in ("voted", "vote") and v.tag_ == "VBD":
                return "past"  # "members voted to ratify": the vote happened
            return "future"
    tag = verb.tag_
    auxes = {c.text.lower() for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if verb.text.lower() in ("set", "scheduled", "slated", "expected", "poised", "due", "going", "planned", "poised"):
        if any(c.dep_ == "xcomp" for c in verb.children) or auxes & {"is", "are", "be"}:
            return "future"  # "the strike is set to begin Saturday"
    if tag == "VBD":
        return "past"
    if tag == "VBN":
        if auxes & {"has", "have"}:
            return "perfect"
        if auxes & {"had", "was", "were"}:
            return "past"
        return "past"
    if tag == "VBG":
        if auxes & {"is", "are", "am"}:
            return "present"
        if auxes & {"was", "were"}:
            return "past"
    if tag in ("VBZ", "VBP"):
        return "present"
    if tag == "VB" and auxes & {"did", "didn't"}:
        return "past"
    return None


def event_status(
    etype: str,
    clause: str,
    sentence: str,
    tense: str | None,
    date_cmp: int | None,
    has_date: bool,
) -> str:
    """Status of one mention.

    ``clause`` is the text around the trigger; ``date_cmp`` compares the event's
    start date with the publication date (-1 before, 0 same day, 1 after, None
    unknown).
    """
    if etype in ("strike", "lockout", "protest") and CANCELLED.search(clause):
        if not re.search(r"\b(?:can|could|may|might|would)\s+(?:still\s+)?(?:be\s+)?(?:called\s+off|cancel\w*|postpone\w*|averted)", clause, IC):
            return "cancelled"
    if etype in ("strike", "lockout") and STRONG_ONGOING.search(clause):
        return "ongoing"
    if etype in ("strike", "lockout") and re.search(r"\b(?:end|ended|ending|ends)\s+(?:the|their|its|a)\s+(?:[\w-]+\s+){0,2}(?:strike|walkout|lockout)", clause, IC):
        return "occurred"
    if tense == "subject":
        if etype in ("strike", "lockout") and re.search(r"\b(?:planned|scheduled|slated|expected|set\s+to|poised)\b", clause, IC):
            return "planned" if has_date else "threatened"
        if etype in ("strike", "lockout"):
            if ENDED.search(clause) or date_cmp == -1 and not ONGOING.search(clause):
                return "occurred"
            return "ongoing" if date_cmp in (None, 0) else ("planned" if date_cmp == 1 else "occurred")
        tense = None if date_cmp is None else ("future" if date_cmp == 1 else "past")
        if tense is None:
            return "occurred"
    if etype == "contract_expiration":
        if re.search(r"\b(?:without|no)\s+(?:a\s+)?contract", clause, IC):
            return "occurred"
        if re.search(r"\b(?:expires|expire|expiring|runs\s+out|run\s+out|is\s+set\s+to\s+expire)\b", clause, IC) and date_cmp != -1:
            return "planned"
        return "planned" if date_cmp == 1 else "occurred"
    future = tense in ("future", "threat") or (tense is None and bool(FUTURE.search(clause)))
    if tense == "present" and etype not in ("strike", "lockout", "protest") and FUTURE.search(clause):
        future = True
    if date_cmp == 1 and tense not in ("past", "perfect"):
        future = True
    if tense == "present" and etype == "contract_expiration" and date_cmp in (None, 1, 0):
        future = date_cmp != 0 and bool(re.search(r"\bexpires?\b", clause, IC))
    if future:
        if etype in ("strike", "lockout") and (tense == "threat" or THREAT.search(clause)) and not has_date:
            return "threatened"
        if etype in ("strike", "lockout"):
            return "planned" if has_date else "threatened"
        return "planned"
    if etype in ("strike", "lockout"):
        if ENDED.search(clause) and not re.search(r"\b(?:remain|still|continu)", clause, IC):
            return "occurred"
        if date_cmp == 0:
            return "ongoing"
        if etype == "lockout" and date_cmp in (None, -1):
            return "ongoing"  # a lockout goes on until the text says it ended
        if tense in ("present", "perfect") or ONGOING.search(clause):
            return "ongoing"
        return "occurred"
    if etype == "contract_expiration":
        if re.search(r"\b(?:without|no)\s+(?:a\s+)?contract", clause, IC):
            return "occurred"
        return "occurred" if date_cmp in (None, -1, 0) else "planned"
    if etype == "protest" and (tense == "present" and date_cmp in (0, None)):
        return "occurred"
    return "occurred"
