"""The ends of an article's distance claims: where each runs from and to, or why it cannot
be checked.

``draft_claims(text, sentences, locs, country_code)`` reads every claim
(``geo.text.claims.find_distance_claims``) and places its ends among the article's place
mentions (``geo.text.draft_places.Loc``); ``distances_of`` turns them into the story's
``Distance`` entries.

>>> from geo.text.draft_places import locate, geoparser, country_code
>>> text = "Belgorod lies within 40 km of the Ukrainian border."
>>> c = draft_claims(text, [(0, text)], locate(text, geoparser(), None), country_code)[0]
>>> (c.start.place.name, c.border, c.claim.qualifier, c.uncheckable)
('Belgorod', 'UA', 'within', None)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from geo.errors import InputError
from geo.places.place import Place
from geo.story.model import Distance, PlaceSpec
from geo.text.claims import ANAPHORS, DistanceClaim, find_distance_claims
from geo.text.draft_places import LOW_SCORE, Loc, country_code, gazetteer, place_key, slug

__all__ = ["DraftClaim", "distances_of", "draft_claims"]

_I = re.IGNORECASE

# --- the ends of a claim in an article ------------------------------------------------------

# A verb that makes the claim a predicate of the clause's subject: "Jermuk ... lies 170 km".
_LINKING = re.compile(
    r"\b(?:lies|lie|lay|lying|is|are|was|were|sits|sit|stands|stand|remains|located|situated"
    r"|itself|just|now|still|only)\s*,?\s*$",
    _I,
)
_CLAUSE_START = re.compile(r"[;:]|\b(?:that|but|while|whereas|which|where|who)\s")
# "and about 120 km": a further claim about the same subject.
_AND = re.compile(r"^[^.;:]*?(?:,\s*|\s)(?:and|while)\s+$|^\s*,?\s*(?:and\s+)?$", _I)
_CITY_NOUNS = frozenset({"city", "town", "village", "city centre", "city center", "settlement",
                         "border town", "capital"})  # fmt: skip
_FACILITY_NOUNS = frozenset({"base", "air base", "airbase", "airport", "port", "plant", "camp"})
_SUBJECT_ANAPHOR = re.compile(
    r"^\s*(?:the|this)\s+(?:\w+\s+)?(?:city|town|village|settlement)\b", _I
)


@dataclass(frozen=True, slots=True)
class DraftClaim:
    """A claim of an article with its ends placed (offsets are the article's).

    ``start`` is the place the distance runs from; the far end is ``end`` (a place),
    ``border`` (an ISO code) or, with no fixed point, ``unfixed`` ("the front line").
    ``offset`` is an approximate position the claim itself gives ("a ship 68 nautical miles
    south-west of Hodeidah"): then the claim places the ship and cannot check anything.
    ``uncheckable`` says why the claim will not be checked, when it will not.
    """

    claim: DistanceClaim
    sentence: str
    start: Loc | None
    end: Loc | None
    border: str | None = None
    unfixed: str | None = None
    offset: Loc | None = None
    uncheckable: str | None = None
    inferred: bool = False  # the far end is named only as "the city" or left out


def _usable(loc: Loc) -> bool:
    return loc.role != "demonym" and loc.place.kind != "country"


def _same(a: Loc | None, b: Loc | None) -> bool:
    return a is not None and b is not None and place_key(a.place) == place_key(b.place)


def _recent(locs: Sequence[Loc], before: int, kinds: set[str], other: Loc | None) -> Loc | None:
    """The last mention before ``before`` of one of ``kinds``, not the claim's other end,
    and in the other end's country: "the city" or "to the north" speaks of a place nearby."""
    for loc in reversed([x for x in locs if x.end <= before]):
        if loc.role == "demonym" or loc.place.kind not in kinds or _same(loc, other):
            continue
        if other is not None and other.place.country and loc.place.country != other.place.country:
            continue
        return loc
    return None


def _anaphor(noun: str, locs: Sequence[Loc], before: int, other: Loc | None) -> Loc | None:
    noun = re.sub(r"\s+", " ", noun.lower())
    if noun in _FACILITY_NOUNS:
        return _recent(locs, before, {"landmark", "point"}, other)
    return _recent(locs, before, {"city"}, other)


def _subject(text: str, s_start: int, at: int, locs: Sequence[Loc], used: set[int]) -> Loc | None:
    """The place a claim at ``at`` is about: the clause's subject when a verb links them
    ("Jermuk, a spa town ..., lies 170 km"), else the nearest place before ("Sake, 25 km")."""
    before = [x for x in locs if s_start <= x.start and x.end <= at and _usable(x)]
    before = [x for x in before if id(x) not in used]
    head = text[s_start:at]
    if _LINKING.search(head):
        cut = max((m.end() for m in _CLAUSE_START.finditer(head)), default=0)
        clause = [x for x in before if x.start >= s_start + cut]
        if m := _SUBJECT_ANAPHOR.match(head[cut:]):
            first = clause[0].start if clause else at
            if s_start + cut + m.end() <= first:  # "The village lies...": named before
                return _anaphor("city", locs, s_start, None)
        if clause:
            return clause[0]
    return before[-1] if before else None


_SUBJECT_NAME = re.compile(
    r"^\s*(?:The\s+(?:\w+\s+){0,2}(?:of\s+)?)?(?P<name>[A-Z][\w'’]+(?:[\s-][A-Z][\w'’]+){0,2})"
    r"(?=,|\s+(?:lies|is|sits|stands|was)\b)"
)


_APPOSITION = re.compile(
    r"(?:^|\b(?:at|in|near|of|from|to|on)\s+(?:the\s+)?)"
    r"(?P<name>[A-Z][\w'’]+(?:[\s-][A-Z][\w'’]+){0,4}),\s*$"
)


def _subject_name(head: str) -> str:
    """The name a clause opens with ("Shusha, which ..., is 10 km") or that the claim stands
    beside ("at Modibo Keita International Airport, about 12 km"), or ""."""
    m = _SUBJECT_NAME.match(head) or _APPOSITION.search(head)
    if not m or country_code(m.group("name")):
        return ""  # "Ukrainian-flagged", "Russia": not a place to measure from
    return m.group("name")


def _known_subject(name: str, at: int, end: Loc) -> Loc | None:
    """The clause's subject, when the gazetteer knows a town of that name in the far end's
    country: the geoparser may pass over a name the claim itself makes plain."""
    cands = [
        c
        for c in gazetteer().lookup(name)
        if c.place.kind in ("city", "landmark")
        and c.place.country == end.place.country
        and c.how in ("name", "alias")
    ]
    if not cands:
        return None
    best = max(cands, key=lambda c: c.score).place
    return Loc(at, at, name, best, 0.7, "location")


def _the_border(start: Loc, locs: Sequence[Loc]) -> str | None:
    """ "The border", named no further: the border of a country the article names (other
    than the start's own) when it is plainly the nearest one, at most half as far as the
    next; else None, and the claim is not checked."""
    from geo.geometry.distances import distance_to_border

    named = {loc.place.country for loc in locs if loc.place.kind == "country"}
    named.discard(start.place.country)
    named.discard(None)
    near = []
    for iso in sorted(named):
        try:
            near.append((distance_to_border(start.place.lat, start.place.lon, iso).km, iso))
        except InputError:
            continue  # no outline for that code
    near.sort()
    if not near or (len(near) > 1 and near[0][0] > 0.5 * near[1][0]):
        return None
    return near[0][1]


def draft_claims(
    text: str,
    sentences: Sequence[tuple[int, str]],
    locs: Sequence[Loc],
    country_code: Callable[[str], str | None],
) -> list[DraftClaim]:
    """Every distance claim of an article with its ends placed among ``locs``.

    ``sentences`` are (offset, text) pairs. The start is the subject of the clause, or the
    place the claim stands beside; a further claim joined by "and" has the same start. A
    far end named as "the city" or left out ("55 km to the north") is the last such place
    named before, and is marked ``inferred``: if the text's direction does not fit it, the
    claim is left unchecked. An end placed with low confidence, a region (no single point)
    or an end with no fixed point makes the claim uncheckable, never a guess.
    """
    from geo.geometry.distances import check_direction, offset_point

    out: list[DraftClaim] = []
    for s_start, s_text in sentences:
        used: set[int] = set()  # far ends of earlier claims in this sentence
        previous: DraftClaim | None = None
        here = [x for x in locs if s_start <= x.start < s_start + len(s_text)]
        for c in find_distance_claims(s_text, country_code):
            at = s_start + c.start
            # the start
            start: Loc | None = None
            if previous is not None and previous.start is not None:
                gap = s_text[previous.claim.end : c.start]
                between = [x for x in here if s_start + previous.claim.end <= x.start < at]
                if _AND.search(gap) or all(id(x) in used or not _usable(x) for x in between):
                    start = previous.start
            if start is None:
                start = _subject(text, s_start, at, locs, used)
            end: Loc | None = None
            border, unfixed, inferred = c.border, None, False
            if c.target == "front":
                unfixed = "the front line"
            elif c.target in ("place", "anaphor") and c.target_start is not None:
                t0 = s_start + c.target_start
                inside = [x for x in here if t0 <= x.start < t0 + max(len(c.target_text), 1)]
                inside = [x for x in inside if x.role != "demonym"]
                if inside:
                    end = inside[0]
                elif c.target == "anaphor":
                    noun = ANAPHORS.match(c.target_text)
                    end = _anaphor(noun.group("noun") if noun else "city", locs, at, start)
                    inferred = True
                if end is None and c.target == "place":
                    unfixed = c.target_text or "an unnamed place"
            if c.target == "implicit":
                end, inferred = _recent(locs, at, {"city"}, start), True
            if end is not None and end.place.kind == "country":
                border, end = end.place.country, None  # a country: its nearest border point
            if c.target == "border" and border is None and start is not None:
                border = _the_border(start, locs)
            if c.target == "border" and border is None:
                unfixed = "a border not named"
            if end is not None:
                used.add(id(end))
            why = None
            offset = None
            subject = _subject_name(s_text[: c.start]) if start is None else ""
            if start is None and subject and end is not None:
                start = _known_subject(subject, at, end)
            if start is None:
                if end is None or c.direction is None:
                    continue  # nothing to measure from and nothing to place
                p = offset_point(end.place.lat, end.place.lon, c.direction, c.km)
                name = f"{c.claimed} {c.direction} of {end.place.name}"
                name = subject or name  # "Barsalogho", placed by the claim alone
                place = Place(name, p.lat, p.lon, end.place.country, "point", source="text")
                # The span runs over the whole phrase: the place named in it is a reference
                # point, not where the thing is.
                upto = s_start + (c.target_start or c.end) + len(c.target_text)
                offset = Loc(at, upto, name, place, end.score, "location", "approximate")
                start = offset
                why = (
                    f"the position is known only from this report (within about "
                    f"{p.uncertainty_km:.0f} km)"
                )
            elif _same(start, end):
                continue
            elif start.place.source == "text":  # an offset point: known from a claim itself
                why = f"the position of '{start.text}' is itself known only approximately"
            elif unfixed:
                why = f"{unfixed} has no fixed point"
            elif any(x is not None and x.place.kind == "region" for x in (start, end)):
                why = "a region has no single point to measure from"
            elif any(x is not None and x.score < LOW_SCORE for x in (start, end)):
                low = start if start.score < LOW_SCORE else end
                why = f"'{low.text}' was placed with low confidence"
            elif inferred and (end is None or not c.direction):
                # Without a direction to test the guess against, a guessed end is no ground
                # for a verdict ("some 10 km away": from where?).
                why = f"the text does not say which place '{c.target_text or 'away'}' means"
            elif border is not None and start.place.country == border:
                # "Belgorod lies 40 km from Russia's border": which stretch of its own
                # country's border the text means is not said.
                why = f"'{start.text}' lies in the country whose border is named"
            elif inferred and c.direction and end is not None:
                a, b = start.place, end.place
                if not check_direction(a.lat, a.lon, b.lat, b.lon, c.direction).ok:
                    why = f"it is not clear which place '{c.target_text or 'away'}' means"
            draft = DraftClaim(c, s_text, start, end, border, unfixed, offset, why, inferred)
            out.append(draft)
            previous = draft
    return out


def distances_of(
    claims: Sequence[DraftClaim], spec_for: Callable[[Place], PlaceSpec]
) -> list[Distance]:
    """The story's distances from drafted claims; ``spec_for`` adds a place to the story.

    An end with no fixed point becomes ``unfixed:<what>``; a claim left unchecked carries
    ``category="uncheckable"`` and the reason in ``note``.
    """
    out: list[Distance] = []
    ids: set[str] = set()
    for c in claims:
        if c.start is None:
            continue
        start = spec_for(c.start.place)
        if c.border:
            end_ref = f"border:{c.border}"
        elif c.end is not None:
            end_ref = spec_for(c.end.place).id
        else:
            end_ref = f"unfixed:{c.unfixed or c.claim.target_text or 'not named'}"
        ident = base = slug(f"{start.id}-{end_ref}")
        n = 2
        while ident in ids:
            ident, n = f"{base}-{n}", n + 1
        ids.add(ident)
        target = c.claim.target_text or (c.end.place.name if c.end is not None else "")
        out.append(
            Distance(
                id=ident,
                start=start.id,
                end=end_ref,
                claimed_km=round(c.claim.km, 1),
                label=f"{start.name} to {target}" if target else None,
                sentence=c.sentence,
                qualifier=c.claim.qualifier,
                claimed=c.claim.claimed if c.claim.unit != "km" else None,
                direction=c.claim.direction,
                category="uncheckable" if c.uncheckable else None,
                note=c.uncheckable,
            )
        )
    return out
