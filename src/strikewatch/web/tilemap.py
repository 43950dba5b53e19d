"""A tile-grid map of the US states (one square per state), shaded by a count.

Drawn on the server as SVG: no map data and nothing fetched when the page loads.
Each tile links to the events of its state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: (column, row) of each state's tile
GRID: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (11, 0),
    "VT": (10, 1), "NH": (11, 1),
    "WA": (1, 2), "ID": (2, 2), "MT": (3, 2), "ND": (4, 2), "MN": (5, 2), "IL": (6, 2), "WI": (7, 2),
    "MI": (8, 2), "NY": (9, 2), "RI": (10, 2), "MA": (11, 2),
    "OR": (1, 3), "NV": (2, 3), "WY": (3, 3), "SD": (4, 3), "IA": (5, 3), "IN": (6, 3), "OH": (7, 3),
    "PA": (8, 3), "NJ": (9, 3), "CT": (10, 3),
    "CA": (1, 4), "UT": (2, 4), "CO": (3, 4), "NE": (4, 4), "MO": (5, 4), "KY": (6, 4), "WV": (7, 4),
    "VA": (8, 4), "MD": (9, 4), "DE": (10, 4),
    "AZ": (2, 5), "NM": (3, 5), "KS": (4, 5), "AR": (5, 5), "TN": (6, 5), "NC": (7, 5), "SC": (8, 5),
    "DC": (9, 5),
    "OK": (4, 6), "LA": (5, 6), "MS": (6, 6), "AL": (7, 6), "GA": (8, 6),
    "HI": (0, 7), "TX": (4, 7), "FL": (9, 7),
}


@dataclass(frozen=True)
class Tile:
    state: str
    x: int
    y: int
    count: int
    fill: str
    text_fill: str


def _shade(t: float) -> str:
    """White to deep blue; t in [0, 1]."""
    lo, hi = (239, 243, 255), (8, 48, 107)
    r, g, b = (round(a + (b_ - a) * t) for a, b_ in zip(lo, hi, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def tiles(counts: dict[str, int], size: int = 44, gap: int = 4) -> list[Tile]:
    """One tile per state, shaded on a log scale of ``counts`` (states without events are grey)."""
    top = max(counts.values(), default=0)
    out = []
    for st, (col, row) in GRID.items():
        n = counts.get(st, 0)
        if n == 0:
            fill, text = "#e5e7eb", "#6b7280"
        else:
            t = 0.15 + 0.85 * (math.log1p(n) / math.log1p(top) if top > 1 else 1.0)
            fill, text = _shade(t), ("#ffffff" if t > 0.55 else "#111827")
        out.append(Tile(st, col * (size + gap), row * (size + gap), n, fill, text))
    return out
