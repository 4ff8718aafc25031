"""Distance claims in news text: "some 500 km from the Ukrainian border".

``find_distance_claims(sentence, country_code)`` finds each figure with its unit, qualifier and
the phrase naming its far end; ``geo.text.extract`` places the ends.

>>> cc = {"Ukrainian": "UA"}.get
>>> find_distance_claims("Moscow is some 500 km from the Ukrainian border.", cc)[0].border
'UA'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from geo.geometry.distances import KM_PER_MILE, KM_PER_NAUTICAL_MILE
from geo.places.place import Place
from geo.story.model import Distance, PlaceSpec
from geo.text.draft_places import LOW_SCORE, Loc, country_code, gazetteer, place_key, slug

__all__ = [
    "ANAPHORS",
    "DistanceClaim",
    "DraftClaim",
    "distances_of",
    "draft_claims",
    "find_distance_claims",
]

_I = re.IGNORECASE

# Words before a figure that make the claim a bound or an approximation (tests/stories/README:
# "barely 50 km" is an upper bound, "some 500 km" is about). Longest first, so "just over"
# is read before "just".
_QUALIFIER_WORDS: tuple[tuple[str, str], ...] = (
    ("just over|well over|more than|over|upwards of|in excess of|beyond", "more_than"),
    ("at least|no less than|not less than|a minimum of", "at_least"),
    ("at most|no more than|not more than|up to|a maximum of", "at_most"),
    ("just under|less than|fewer than|under|barely|scarcely|hardly|only|just|a mere", "less_than"),
    ("within", "within"),
    ("nearly|almost|close to|just short of", "nearly"),
    (
        "some|about|around|roughly|approximately|an estimated|estimated|circa|an approximate",
        "about",
    ),
)
_QUALIFIER_OF = {w: q for words, q in _QUALIFIER_WORDS for w in words.split("|")}
_QUAL_RX = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_QUALIFIER_OF, key=len, reverse=True)
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "a hundred": 100, "one hundred": 100, "a thousand": 1000,
}  # fmt: skip
_NUM_RX = "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
_UNITS = (
    (r"nautical\s+miles?|nmi|NM", "nautical miles", KM_PER_NAUTICAL_MILE),
    (r"km|kms|kilomet(?:re|er)s?", "km", 1.0),
    (r"miles?|mi", "miles", KM_PER_MILE),
)
_UNIT_RX = "|".join(f"(?:{u})" for u, _, _ in _UNITS)
_POINT_WORDS = [
    a + sep + b
    for a, b in [("north", "east"), ("north", "west"), ("south", "east"), ("south", "west")]
    for sep in ("-", "", " ")
]
_POINT_WORDS += [f"{a}-{b}" for a in ("north", "south", "east", "west") for b in _POINT_WORDS[::3]]
_POINT_WORDS += ["north", "south", "east", "west"]
_POINTS = "|".join(sorted(_POINT_WORDS, key=len, reverse=True))
_FIGURE = re.compile(
    rf"(?:\b(?P<qual>{_QUAL_RX})\s+)?"
    rf"\b(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{_NUM_RX})"
    rf"(?:\s*|\s*-\s*)(?P<unit>{_UNIT_RX})\b\.?"
    r"(?P<conv>\s*\([^)]{0,40}\))?",
    _I,
)
# What follows the figure: a direction, then the word linking it to the far end.
_LINK = re.compile(
    rf"\s*(?:(?:to\s+the\s+)?(?P<dir>{_POINTS})(?:ern)?\b\s*(?P<of>of\b)?"
    r"|(?P<away>away)\b\s*(?P<from_away>from\b)?"
    r"|(?P<from>from\b|outside\b|off\s+the\s+coast\s+of\b|off\b|short\s+of\b)"
    r"|(?P<bare_of>of\b))",
    _I,
)
_FRONT = re.compile(
    r"(?:the\s+)?(?:nearest\s+|closest\s+)?(?:front[\s-]*lines?|frontlines?|front\b|"
    r"(?:line|point)\s+of\s+contact|contact\s+line|fighting\b|combat\s+zone|war\s+zone)",
    _I,
)
_NEAREST_POINT = re.compile(
    r"(?:the\s+)?(?:nearest|closest)\s+(?:point|part|stretch)\s+of\s+(?:the\s+)?", _I
)
_BORDER_WITH = re.compile(
    r"(?:the\s+|its\s+|their\s+)?(?:state\s+|international\s+|national\s+)?"
    r"(?:border|frontier|boundary)\s+with\s+(?:the\s+)?",
    _I,
)
_BORDER_ADJ = re.compile(
    r"(?:the\s+|its\s+)?(?P<adj>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)[\s-]+"
    r"(?:state\s+)?(?:border|frontier|boundary|territory|soil|airspace|side\s+of\s+the\s+border)\b",
)
_BARE_BORDER = re.compile(r"(?:the\s+)?(?:state\s+)?(?:border|frontier)\b(?!\s+(?:with|of)\b)", _I)
_BORDER_OF = re.compile(r"(?:the\s+)?(?:border|frontier)\s+of\s+(?:the\s+)?", _I)
# The far end named only by what it is: "the city", "the base" (extract resolves it).
ANAPHORS = re.compile(
    r"(?:the|this)\s+(?P<noun>city\s+cent(?:re|er)|city|town|village|capital|base|air\s*base"
    r"|airport|port|plant|camp|border\s+town|settlement)\b",
    _I,
)
_CLAUSE_END = re.compile(r"[,;:.()]|\s(?:and|but|where|which|while)\s|—|–")


@dataclass(frozen=True, slots=True)
class DistanceClaim:
    """A distance figure in a sentence, how it is bounded, and what names its far end.

    ``target`` says what kind of far end the text gives: ``place`` (a name starts at
    ``target_start``), ``border`` (``border`` holds the ISO code), ``front`` (a front line:
    no fixed point), ``anaphor`` ("the city": ``target_text`` says which noun), ``implicit``
    ("55 km to the north", "N km away": a place named before), or ``unknown``.
    """

    km: float
    value: float  # the figure as written, in ``unit``
    unit: str  # "km", "miles" or "nautical miles"
    qualifier: str  # a key of geo.geometry.distances.QUALIFIERS
    direction: str | None  # "south-east": where the start lies as seen from the far end
    start: int  # offset of the claim (its qualifier or figure) in the sentence
    end: int  # offset just after the words linking the figure to its far end
    target: str
    target_start: int | None
    target_text: str
    border: str | None  # ISO alpha-2 when the far end is a country's nearest border point

    @property
    def claimed(self) -> str:
        """The figure in its own unit, as a reader would write it: "68 nautical miles".

        >>> find_distance_claims("about 68 nautical miles off Aden", lambda w: None)[0].claimed
        '68 nautical miles'
        """
        return f"{self.value:,g} {self.unit}"


def _number(text: str) -> float:
    text = re.sub(r"\s+", " ", text.lower())
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    return float(text.replace(",", ""))


def _unit(text: str) -> tuple[str, float]:
    for rx, name, factor in _UNITS:
        if re.fullmatch(rx, text, _I):
            return name, factor
    raise ValueError(text)  # unreachable: the figure regex only takes these units


def _direction(text: str) -> str:
    """ "South East", "southeast" -> "south-east"."""
    text = re.sub(r"[\s-]+", "", text.lower())
    return re.sub(r"(north|south|east|west)(?=north|south|east|west)", r"\1-", text)


def _country_words(text: str, country_code: Callable[[str], str | None]) -> tuple[str, int]:
    """The longest run of one to four words at the start of ``text`` that names a country."""
    words = list(re.finditer(r"[\w'’-]+", text[:80]))
    for n in range(min(4, len(words)), 0, -1):
        phrase = text[: words[n - 1].end()]
        if phrase[0].isupper() or n > 1 or phrase.islower():
            code = country_code(phrase)
            if code:
                return code, words[n - 1].end()
    return "", 0


def _target(rest: str, country_code: Callable[[str], str | None]) -> tuple[str, str | None, str]:
    """(kind, border, text) of the far end at the start of ``rest``."""
    if m := _FRONT.match(rest):
        return "front", None, m.group(0).strip()
    for rx in (_NEAREST_POINT, _BORDER_WITH, _BORDER_OF):
        if m := rx.match(rest):
            code, n = _country_words(rest[m.end() :], country_code)
            if code:
                return "border", code, rest[: m.end() + n]
    if m := _BORDER_ADJ.match(rest):
        code = country_code(m.group("adj"))
        if code:
            return "border", code, m.group(0)
    if m := _BARE_BORDER.match(rest):
        return "border", None, m.group(0)
    if m := ANAPHORS.match(rest):
        return "anaphor", None, m.group(0)
    phrase = _CLAUSE_END.split(rest, maxsplit=1)[0].strip()
    if phrase:
        return "place", None, phrase
    return "unknown", None, ""


def find_distance_claims(
    sentence: str, country_code: Callable[[str], str | None]
) -> list[DistanceClaim]:
    """Distance claims in a sentence; ``country_code`` maps "Ukrainian" or "Ukraine" to "UA".

    The general form is [qualifier] N unit [direction] (from | of) X, with "within N km of
    X", "N km away" and "N km to the north" (the far end named before) as variants. A far
    end that is a country's border, "the nearest point of" a country or a country's
    "territory" is that country's nearest border point (``border``). A figure not linked to
    a far end ("a 30 km exclusion zone", "advanced 10 km") is no claim.

    >>> cc = {"Ukrainian": "UA", "Ukraine": "UA", "Moldova": "MD"}.get
    >>> c = find_distance_claims("Moscow is some 500 km from the Ukrainian border.", cc)[0]
    >>> (c.km, c.qualifier, c.border, c.target_text)
    (500.0, 'about', 'UA', 'the Ukrainian border')
    >>> c = find_distance_claims("It lies barely 50 km from the border with Moldova.", cc)[0]
    >>> (c.qualifier, c.border)
    ('less_than', 'MD')
    >>> c = find_distance_claims("Sake, 25 km west of Goma, fell.", cc)[0]
    >>> (c.qualifier, c.direction, c.target, c.target_text)
    ('exact', 'west', 'place', 'Goma')
    >>> round(find_distance_claims("more than 300 miles from Kyiv", cc)[0].km, 1)
    482.8
    """
    out = []
    for m in _FIGURE.finditer(sentence):
        link = _LINK.match(sentence, m.end())
        if not link:
            continue
        qual = _QUALIFIER_OF.get(re.sub(r"\s+", " ", (m.group("qual") or "").lower()), "exact")
        value = _number(m.group("num"))
        unit, factor = _unit(m.group("unit"))
        direction = _direction(link.group("dir")) if link.group("dir") else None
        after = link.end()
        rest = sentence[after:].lstrip()
        offset = len(sentence) - len(rest)
        if link.group("bare_of") and qual != "within":
            continue  # "300 km of front line" is a length, not a distance from somewhere
        if (link.group("away") and not link.group("from_away")) or (
            direction and not link.group("of")
        ):
            kind, border, text = "implicit", None, ""
            if direction is None and (f := _FRONT.match(rest)):
                kind, text = "front", f.group(0)
        else:
            kind, border, text = _target(rest, country_code)
        if kind == "place":
            bare = re.sub(r"^the\s+", "", text, flags=_I)
            code, n = _country_words(bare, country_code)
            if code and n == len(bare):
                kind, border = "border", code  # a country as an end: its nearest border point
        out.append(
            DistanceClaim(
                km=value * factor,
                value=value,
                unit=unit,
                qualifier=qual,
                direction=direction,
                start=m.start(),
                end=after,
                target=kind,
                target_start=offset if kind not in ("implicit", "unknown") else None,
                target_text=text,
                border=border,
            )
        )
    return out


# --- the ends of a claim in an article ------------------------------------------------------

# A verb that makes the claim a predicate of the clause's subject: "Jermuk ... lies 170 km".
_LINKING = re.compile(
    r"\b(?:lies|lie|lay|lying|is|are|was|were|sits|sit|stands|stand|remains|located|situated"
    r"|itself|just|now|still|only)\s*,?\s*$",
    _I,
)
_CLAUSE_START = re.compile(r"[;:]|\b(?:that|but|while|whereas)\s")
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
                offset = Loc(at, at, name, place, end.score, "location", "approximate")
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
            elif inferred and end is None:
                why = f"the text does not say which place '{c.target_text or 'away'}' means"
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
