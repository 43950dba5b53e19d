"""What the workers want: demand categories from the words used about the dispute."""

from __future__ import annotations

import re

CATEGORIES: list[tuple[str, re.Pattern[str]]] = [
    ("pay", re.compile(r"\b(?:wages?|pay(?!\s+(?:up|attention|tribute))|salar(?:y|ies)|raises?|compensation|cost[- ]of[- ]living|inflation|living wage|\$\d+\s*(?:an|per)\s+hour)\b", re.I)),
    ("benefits", re.compile(r"\b(?:benefits?|health\s*care|healthcare|health\s+insurance|medical\s+plan|pensions?|retirement|401\(k\)|premiums?)\b", re.I)),
    ("staffing", re.compile(r"\b(?:staffing|understaff\w*|short-?staff\w*|staff(?:ing)?\s+shortages?|class[- ]sizes?|caseloads?|workloads?|ratios?|hiring\s+more)\b", re.I)),
    ("health_safety", re.compile(r"\b(?:safety|safe\s+(?:working|staffing|workplace)|unsafe|injur\w+|heat|protective\s+equipment|ppe|violence)\b", re.I)),
    ("job_security", re.compile(r"\b(?:job\s+security|layoffs?|outsourc\w+|plant\s+closures?|closing\s+plants?|automation|two-tier|tiers?|subcontract\w*|temporary\s+workers|job\s+cuts)\b", re.I)),
    ("scheduling", re.compile(r"\b(?:schedul\w+|overtime|hours|shifts?|time\s+off|paid\s+leave|planning\s+time|mandatory\s+overtime)\b", re.I)),
    ("union_recognition", re.compile(r"\b(?:recogni[sz]\w+\s+(?:the|their|its)\s+union|union\s+recognition|recogni[sz]e\s+the\s+union|refus\w+\s+to\s+(?:bargain|negotiate)|contract\s+talks\s+with\s+their\s+union|first\s+contract)\b", re.I)),
    ("ulp", re.compile(r"\b(?:unfair\s+labou?r\s+practices?|ulp|bargain(?:ed|ing)?\s+in\s+good\s+faith|bad[- ]faith|illegal(?:ly)?\s+(?:fired|retaliat\w+)|retaliat\w+|union[- ]busting)\b", re.I)),
]
DEMAND_CUE = re.compile(
    r"\b(?:demand\w*|call\w*\s+for|ask\w*\s+for|seek\w*|fight\w*\s+for|want\w*|over|protest\w*|push\w*\s+for|"
    r"because|concerns?|issues?|dispute|sticking\s+points?|proposals?|negotiat\w*|better|higher|improv\w+|fair|"
    r"cuts?|accus\w+)\b",
    re.I,
)


def demands_in(sentence: str) -> list[str]:
    """Demand categories a sentence names, when it speaks of what is sought or disputed."""
    if not DEMAND_CUE.search(sentence):
        return []
    return [name for name, rx in CATEGORIES if rx.search(sentence)]
