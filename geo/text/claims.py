"""Distance claims in news text: "some 500 km from the Ukrainian border".

``find_distance_claims(sentence, country_code)`` finds each figure with its unit, qualifier and
the phrase naming its far end; ``geo.text.extract`` places the ends.

>>> cc = {"Ukrainian": "UA"}.get
>>> find_distance_claims("Moscow is some 500 km from the Ukrainian border.", cc)[0].border
'UA'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from geo.geometry.distances import KM_PER_MILE, KM_PER_NAUTICAL_MILE

__all__ = ["ANAPHORS", "DistanceClaim", "find_distance_claims"]

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
_RANGE_BEFORE = re.compile(r"\b(?:between\s+)?\d[\d,.]*\s*(?:km\s*)?(?:and|to|-|–)\s*$", _I)
_ROUTE_BEFORE = re.compile(
    r"\b(?:drive|driving|road|journey|trip|route|ride|rail|railway|train|flight|march|walk"
    r"|trek|pipeline|canal|highway)\b[^.;,]{0,25}$",
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
            if rx is not _NEAREST_POINT:
                return "border", None, m.group(0).strip()  # a border, but whose is not clear
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
        if not link or _RANGE_BEFORE.search(sentence[: m.start()]):
            continue  # no far end; or a range ("between 30 and 40 km"), which no bound fits
        if _ROUTE_BEFORE.search(sentence[max(0, m.start() - 40) : m.start()]):
            continue  # "a 400 km drive from Kyiv": a length by road, not a straight line
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
        if kind == "place" and re.search(r"\s+to\s+(?:the\s+)?[A-Z]", text):
            continue  # "80 km from Kherson to Mykolaiv": a route's length
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
