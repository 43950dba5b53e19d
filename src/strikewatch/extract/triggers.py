"""Event words and their senses: the cue patterns the candidate stage reads.

A *trigger* is a word or phrase in a sentence that names a labor event ("went on
strike", "voted to authorize a strike", "tentative agreement"). ``PATTERNS`` are the
strong cues of each type (cheap regular expressions, run on every sentence);
:func:`strike_sense_ok` is the mechanism that tells the work-stoppage sense of
"strike" and "walk out" from air strikes, lightning strikes, "strike a deal", a
football striker or students walking out of class. Whether a cue is a labor event,
and of which type, is decided by the detector (``extract/decide/detect.py``),
trained on the gold.
"""

from __future__ import annotations

import re

IC = re.IGNORECASE


def _rx(*parts: str, flags: int = IC) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), flags)


# Order matters: longer, more specific patterns claim their span first, so the
# "strike" inside "strike vote" is not also a strike.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "strike_vote",
        _rx(
            r"\bstrike[- ](?:authori[sz]ation[- ])?(?:vote|ballot|mandate)s?\b",
            r"\bstrike[- ]authori[sz]ation\b",
            r"\b(?:vot\w*|ballot\w*)\b(?:\s+\S+){0,6}?\s+(?:to|for)\s+(?:authori[sz]e|approve|allow|sanction|permit|call)\s+(?:a\s+|the\s+|an?\s+\w+\s+)?(?:strike|walkout|work stoppage)s?\b",
            r"\b(?:vot\w*)\s+(?:\w+\s+){0,3}?to\s+(?:go\s+on\s+)?strike\b",
            # "voted by an overwhelming majority—96%—to strike"
            r"\bvot(?:e|ed|es|ing)\b[^.;:!?]{0,60}?\bto\s+(?:go\s+on\s+)?strike\b",
            r"\bvot\w*\s+in\s+favou?r\s+of\s+(?:a\s+|the\s+)?(?:strike|industrial action)\b",
            r"\b(?:authori[sz]\w*)\s+(?:a\s+|the\s+|an?\s+\w+\s+)?(?:strike|walkout|work stoppage)s?\b",
            r"\bto\s+authori[sz]e\s+(?:a\s+|the\s+)?(?:strike|walkout)\b",
            r"\bvoted\s+(?:\w+\s+)?to\s+authori[sz]e\s+(?:it|one)\b",
            r"\b(?:strike|walkout|work\s+stoppage)\s+(?:was|were|had\s+been|has\s+been)\s+(?:\w+\s+)?authori[sz]ed\b",
        ),
    ),
    (
        "ratification",
        _rx(
            r"\bratif(?:y|ied|ies|ying|ication)\b",
            r"\bvot\w*\s+(?:\w+\s+){0,2}?(?:to\s+)?(?:accept|approve|reject)\w*\s+(?:the|a|an|their|its)\s+(?:\w+\s+){0,4}?(?:contract|agreement|deal|offer|proposal)\b",
            r"\bvot\w*\s+down\b",
            r"\b(?:reject\w*|approv\w*|accept\w*|defeat\w*)\s+(?:the|a|an|their|its)\s+(?:[\w’'-]+\s+){0,4}?(?:contract|agreement|deal|offer|proposal)\b",
            r"\b(?:contract|agreement|deal|offer|proposal)\b(?:\s+\S+){0,6}?\s+(?:was|were|had been|has been)\s+(?:\w+\s+)?(?:rejected|approved|defeated|accepted)\b",
            r"\bvot\w*\s+on\s+(?:the|a)\s+(?:\w+\s+){0,3}?(?:contract|agreement|deal|offer)\b",
        ),
    ),
    (
        "agreement",
        _rx(
            r"\btentative(?:ly)?\s+(?:\w+\s+){0,2}?(?:agreement|deal|contract|accord|pact)s?\b",
            r"\btentatively\s+agreed\b",
            r"\b(?:reach\w*|struck|strike|agreed\s+to|signed|came\s+to|come\s+to|announced)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:agreement|deal|contract|accord|pact)s?\b",
            r"\b(?:agreement|deal)\s+(?:was|has\s+been|had\s+been)\s+(?:reached|struck)\b",
            r"\breached\s+(?:contracts|agreements|deals)\b",
        ),
    ),
    (
        "lockout",
        _rx(r"\block[- ]?outs?\b", r"\block(?:ed|s|ing)\s+out\b", r"\block(?:ed|s|ing)?\s+(?:\w+\s+){1,6}?out\b"),
    ),
    (
        "impasse",
        _rx(
            r"\bimpasse\b",
            r"\bfact[- ]finding\b",
            r"\b(?:talks|negotiations|bargaining)\s+(?:have\s+|had\s+)?(?:broke|broken|collapsed|stalled)\s*(?:down)?\b",
            r"\b(?:head\w*|go\w*|went|move\w*|call\w*\s+for|enter\w*|request\w*)\s+(?:to\s+|into\s+)?(?:state\s+|federal\s+)?mediation\b",
            r"\bdeadlock\w*\b",
        ),
    ),
    (
        "contract_expiration",
        _rx(
            r"\b(?:contracts?|agreements?|deals?|pacts?)\b(?:\s+[\w’'-]+){0,4}?\s+(?:expir\w*|lapsed?|ran\s+out|runs?\s+out|ended)\b",
            r"\bexpir(?:ed|ing|es|ation\s+of)\s+(?:\w+\s+){0,3}?(?:contracts?|agreements?)\b",
            r"\bwithout\s+(?:a\s+|an?\s+\w+\s+)?(?:contracts?|collective\s+agreement|collective\s+bargaining\s+agreement)\b",
            r"\bno\s+contract\b",
            r"\bextension\b(?:\s+\S+){0,4}?\s+(?:run|runs|ran)\s+out\b",
        ),
    ),
    (
        "strike",
        _rx(
            r"\b(?:strik(?:e|es|ing)|struck)\b",
            r"\bstrikers?\b",
            r"\bwalk(?:ed|ing|s)?[- ]?(?:out|off)\b",
            r"\bwalkouts?\b",
            r"\bwork\s+stoppages?\b",
            r"\bindustrial\s+action\b",
        ),
    ),
    # "march" only in lower case: "March" is a month
    (
        "protest",
        re.compile(
            r"(?i:\brall(?:y|ies|ied|ying)\b|\bpicket(?:s|ed|ing|ers)?\b|\bprotest(?:s|ed|ing|ers)?\b"
            r"|\bdemonstrat(?:ion|ions|ed|ing|ors)\b|\bsit-ins?\b)|\bmarch(?:ed|es|ing)\b|\bmarch\b(?=\s+(?:through|to|from|down)\b)"
        ),
    ),
]

# --- other senses -------------------------------------------------------------

_STRIKE_OTHER_BEFORE = re.compile(
    r"(?:\b(?:air|drone|missile|military|nuclear|pre-?emptive|retaliatory|lightning|bowling|first|second|third|"
    r"precision|rocket|artillery|naval|surgical|counter|hunger|bird|lucky|two|three|called)[- ]?)$",
    IC,
)
_STRIKE_OTHER_AFTER = re.compile(
    r"^(?:s|es|ing|d)?\s*(?:(?:a|the|an)\s+(?:\w+\s+)?(?:deal|balance|chord|tone|note|blow|bargain|pose|compromise|"
    r"match|nerve|fear|agreement|partnership|settlement|truce|accord|figure)|down|out\b|outs|zone|price|force|rate|gold|it\s+rich|"
    r"back|at\s+the\s+heart|fear|a\s+nerve|up\s+a|off\s+the\s+list|through)",
    IC,
)
_WALK_OTHER = re.compile(r"^walk\w*\s*(?:out|off)\s+(?:of\s+)?(?:the\s+)?(?:stage|room|meeting|interview|studio|field|court|class)", IC)


def strike_sense_ok(sentence: str, start: int, end: int) -> bool:
    """False when the word at ``sentence[start:end]`` is "strike" or "walk out" in another sense."""
    before = sentence[max(0, start - 25) : start]
    after = sentence[end : end + 40]
    word = sentence[start:end].lower()
    if word.startswith(("strik", "struck")) and not word.startswith("striker"):
        if _STRIKE_OTHER_BEFORE.search(before):
            return False
        if _STRIKE_OTHER_AFTER.match(sentence[end:end + 40] if word in ("strike", "struck", "strikes", "striking") else after):
            return False
        if word == "striking" and re.match(r"^\s+(?:a|the|an|resemblance|similarit|contrast|image|example|feature)", after, IC):
            return False
    if word.startswith("striker"):
        # a football striker vs "the strikers" on a picket line
        if not re.search(r"\b(?:union|picket|workers|strike)\b", sentence, IC):
            return False
    if word.startswith("walk") and _WALK_OTHER.match(sentence[start:]):
        return False
    if word.startswith("stoppage") and not re.search(r"\b(?:work|workers|union|labou?r)\b", sentence, IC):
        return False
    return True


LABOR_CUES = re.compile(
    r"\b(?:unions?|unioni[sz]\w*|workers?|employees?|staff|nurses?|teachers?|educators?|drivers?|machinists?|"
    r"members|bargain\w*|contracts?|wages?|pay|picket\w*|labou?r|locals?|negotiat\w*|"
    r"baristas?|attendants?|firefighters?|engineers?|faculty|employers?|management|collective)\b",
    IC,
)
