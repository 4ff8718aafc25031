"""Which sentences continue an incident already drafted: the same event told again (a town
in the region named first, "The strike ..."), a later day's toll, or an earlier event told
in passing; and where an incident that names no place happened.

Used by ``geo.text.extract``, which drafts the incidents sentence by sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from geo.text.dates import find_dates
from geo.text.draft_places import KIND_RANK as _KIND_RANK
from geo.text.draft_places import Loc as _Loc
from geo.text.draft_places import gazetteer as _gazetteer
from geo.text.draft_places import km_from as _km
from geo.text.draft_places import place_key as _place_key
from geo.text.sentences import Dateline, Sentence
from geo.text.triggers import ATTACK_TYPES


@dataclass
class _Draft:
    kind: str
    sentences: list[Sentence]
    index: int  # of the last sentence in it
    place: _Loc | None
    trigger: int


def _other_day(s: Sentence, d: _Draft, article_date: date | None) -> bool:
    """Whether sentence ``s`` dates its event before every date of ``d``: "a day after Russia
    launched ... killing dozens on Friday" tells an earlier event's toll. (Later dates are
    reports on the same event: the rescue, the updated toll.)"""
    own = [sp for sp in find_dates(s.text, article_date) if not sp.statement]
    theirs = [sp for x in d.sentences for sp in find_dates(x.text, article_date)]
    theirs = [sp for sp in theirs if not sp.statement]
    if not own or not theirs:
        return False
    return max(a.end or a.start for a in own) < min(b.start for b in theirs)


def _same_event_place(a: _Loc | None, b: _Loc | None) -> bool:
    """Whether two mentions can be one event's place: either unnamed, the same place, or one
    coarser than the other (a region, then a town in it: the same event told closer)."""
    if a is None or b is None or _place_key(a.place) == _place_key(b.place):
        return True
    ra, rb = _KIND_RANK[a.place.kind], _KIND_RANK[b.place.kind]
    if ra == rb:
        return False
    coarse = a.place if ra > rb else b.place
    fine = b.place if ra > rb else a.place
    if coarse.kind == "country":
        return fine.country == coarse.country
    return coarse.country == fine.country and _km(fine, coarse.lat, coarse.lon) <= 250


_DAY_AFTER = re.compile(r"\b(?:a|one|the) day after\b", re.IGNORECASE)
_THE_TOWN = re.compile(r"\bthe (?:city|town|village)$", re.IGNORECASE)
_ANAPHORA = re.compile(
    r"\s*(?:The|This|That|Its)\s+(?:\w+\s+)?(strike|attack|raid|blast|explosion|bombing|missile"
    r"|rocket|drone|shelling|collapse|fire|flood|bomber|attacker)s?\b"
)
# Incidents a toll belongs to: violence and disasters; an interception or an arrest has none.
_TOLL_TYPES = ATTACK_TYPES - {"disrupted_weapons_use", "abduction_forced_disappearance"}
_NOT_CONFLICT_NOUNS = frozenset({"collapse", "fire", "flood"})


def _refers_to(noun: str, kind: str) -> bool:
    """Whether "the <noun>" can name an incident of ``kind``: "the strike" a strike or an
    attack, "the collapse" a non-conflict event; never an interception or an arrest."""
    if noun.lower() in _NOT_CONFLICT_NOUNS:
        return kind == "other"
    return kind in _STRIKES


_STRIKES = frozenset(
    {
        "air_drone_strike",
        "shelling_artillery_missile_attack",
        "remote_explosive_landmine_ied",
        "suicide_bomb",
        "grenade",
        "attack",
        "chemical_weapon",
    }
)


def _fallback_place(
    d: _Draft,
    sentences: list[Sentence],
    in_sentence: list[list[_Loc]],
    index_of: dict[int, int],
    usable: list[_Loc],
    dateline: Dateline | None,
) -> _Loc | None:
    """Where an incident whose sentences name no place happened: the last place named
    before it in its paragraph, else the place the article names most, else the dateline's
    (a wire bureau is the last resort: it is often far from the events)."""
    first = index_of[id(d.sentences[0])]
    para = sentences[first].paragraph
    for k in range(first - 1, -1, -1):
        if sentences[k].paragraph != para:
            break
        here = [loc for loc in in_sentence[k] if loc.role == "location"]
        if here:
            return min(here, key=lambda loc: _KIND_RANK[loc.place.kind])
    body = [loc for loc in usable if loc.place.kind != "country"]
    if body:
        # Counted by name: "Odesa" the city and "Odesa" the port are one name the article
        # keeps coming back to; a town outranks a region named as often.
        counts = Counter(loc.place.name for loc in body)
        return max(
            body,
            key=lambda loc: (counts[loc.place.name], -_KIND_RANK[loc.place.kind], -loc.start),
        )
    if dateline is None:
        return None
    cands = _gazetteer().lookup(dateline.place)
    if not cands:
        return None
    best = max(cands, key=lambda c: c.score).place
    return _Loc(0, 0, dateline.place, best, 1.0, "location")
