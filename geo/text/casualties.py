"""Counts of things (drones, trains) and casualty notes in a sentence.

>>> parse_count("Two Ukrainian drones aimed at the Kremlin", "disrupted_weapons_use")
2
>>> find_toll("At least 24 people, four of them children, were killed and 100 injured.")
Toll(killed=24, killed_at_least=True, killed_vague=False, injured=100, injured_at_least=False, \
injured_vague=False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.story.vocabulary import canonical_type

__all__ = [
    "NUMBER_WORDS",
    "Toll",
    "find_casualties",
    "find_toll",
    "merge_tolls",
    "parse_count",
    "parse_counted",
    "parse_number",
]

_I = re.IGNORECASE

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
    "disrupted_weapons_use": ("drone", "uav", "missile", "rocket", "aircraft", "craft", "jet"),
    "air_drone_strike": ("drone", "uav", "aircraft", "boat"),
    "looting_property_destruction": ("train", "locomotive", "wagon", "carriage", "act"),
    "shelling_artillery_missile_attack": ("missile", "rocket", "shell", "strike"),
    "remote_explosive_landmine_ied": ("explosion", "blast", "bomb"),
}
_ALL_NOUNS = sorted({n for ns in _COUNT_NOUNS.values() for n in ns} | {"attack"})
_NUM_RX = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_COUNT = re.compile(
    rf"\b({_NUM_RX}|\d{{1,4}})\s+(?:[\w-]+\s+){{0,2}}?({'|'.join(_ALL_NOUNS)})s?\b", _I
)


def parse_counted(sentence: str, kind: str | None = None) -> tuple[int, str] | None:
    """How many of what a sentence counts: ``(2, "drones")``; the type's own noun first.

    >>> parse_counted("Two Ukrainian drones aimed at the Kremlin", "disrupted_weapons_use")
    (2, 'drones')
    """
    found = [(m.group(2).lower(), m.group(1).lower()) for m in _COUNT.finditer(sentence)]
    known = canonical_type(kind) if kind else None  # the older type names count too
    preferred = _COUNT_NOUNS.get(known[0] if known else kind or "", ())
    ordered = sorted(
        (f for f in found if f[0] in preferred), key=lambda f: preferred.index(f[0])
    ) + [f for f in found if f[0] not in preferred]
    for noun, number in ordered:
        plural = "aircraft" if noun in ("aircraft", "craft") else noun + "s"
        return (int(number) if number.isdigit() else NUMBER_WORDS[number]), plural
    return None


def parse_count(sentence: str, kind: str | None = None) -> int | None:
    """How many drones, trains... a sentence counts; the type's own noun first.

    >>> parse_count("Two Ukrainian drones aimed at the Kremlin", "disrupted_weapons_use")
    2
    >>> parse_count("saboteurs derailed 3 trains", "looting_property_destruction")
    3
    >>> parse_count("a drone fell"), parse_count("no number here") is None
    (1, True)
    """
    counted = parse_counted(sentence, kind)
    return counted[0] if counted else None


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


# --- tolls: killed and injured as figures ---------------------------------------------------

_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_UNITS = {w: n for w, n in NUMBER_WORDS.items() if 0 < n < 20 and w not in ("a", "an", "single")}
_SCALE = {"hundred": 100, "thousand": 1000}
_WORD_NUM = (
    rf"(?:(?:(?:{'|'.join(_TENS)})(?:[ -](?:{'|'.join(w for w in _UNITS if _UNITS[w] < 10)}))?"
    rf"|{'|'.join(sorted(_UNITS, key=len, reverse=True))})(?:\s+(?:hundred|thousand))?"
    r"|an?\s+(?:hundred|thousand))"
)
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|a dozen|two dozen|{_WORD_NUM})"
# "dozens", "scores", "hundreds", "thousands": a vague figure, flagged, never a number.
_VAGUE = r"(?:dozens|scores|hundreds|thousands|tens of thousands|several|many|some)"
_LEAST = r"(?:at least|more than|over|upwards of|no fewer than|in excess of)"
_ABOUT = r"(?:about|around|some|nearly|almost|roughly|approximately|an estimated|up to)"
_QUANT = rf"(?:({_LEAST})\s+|{_ABOUT}\s+)?({_NUMBER}|{_VAGUE})"
# Up to eight words naming who ("people", "aid workers with the charity"), never a verb or
# another figure: "26 killed and 46 wounded" gives 46 wounded, not 26.
_PEOPLE = (
    r"(?:\s+(?!(?:were|was|are|and|killed|died|dead|injured|wounded|hurt|\d[\d,]*)\b)"
    r"[\w’'-]+){0,8}?"
)
_KILL = r"(?:killed|dead|died|deaths|perished|lost their lives|were killed)"
_HURT = r"(?:injured|wounded|hurt|injuries|received injuries|treated in hospital|hospitali[sz]ed)"
_APPOSITIVE = r"(?:,[^,.;]{1,60},)?"


def parse_number(text: str) -> int | None:
    """A number in digits or words: ``parse_number("twenty-six") == 26``; None if vague.

    >>> parse_number("2,800"), parse_number("a dozen"), parse_number("seven hundred")
    (2800, 12, 700)
    """
    t = text.lower().strip()
    if re.fullmatch(r"[\d,]+", t):
        return int(t.replace(",", ""))
    if t == "a dozen":
        return 12
    if t == "two dozen":
        return 24
    words = re.split(r"[\s-]+", t)
    total, current = 0, 0
    for w in words:
        if w in ("a", "an", "one"):
            current += 1
        elif w in _UNITS:
            current += NUMBER_WORDS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in _SCALE:
            current = max(current, 1) * _SCALE[w]
            if w == "thousand":
                total, current = total + current, 0
        else:
            return None
    return total + current


@dataclass(frozen=True, slots=True)
class Toll:
    """Killed and injured as a sentence (or an incident's sentences) states them."""

    killed: int | None = None
    killed_at_least: bool = False
    killed_vague: bool = False
    injured: int | None = None
    injured_at_least: bool = False
    injured_vague: bool = False


def _patterns(verb: str) -> list[re.Pattern[str]]:
    ing = {"kill": "killing", "hurt": "(?:wounding|injuring)"}[verb]
    past = _KILL if verb == "kill" else _HURT
    active = "killed" if verb == "kill" else "(?:wounded|injured)"
    toll = (
        r"(?:death toll|toll|number of (?:people |those )?(?:killed|dead))"
        if verb == "kill"
        else r"(?:number of (?:people )?(?:injured|wounded))"
    )
    return [
        # "killing at least 100 people", "wounding dozens"
        re.compile(rf"\b{ing}\s+(?:\w+\s+)?{_QUANT}\b", _I),
        # "the toll rose to 17", "the number of people killed ... rose to 12"
        re.compile(
            rf"\b{toll}\b[^.;]{{0,160}}?\b(?:rose|risen|rises|rising|reached|climbed|passed"
            rf"|passes|stood at|stands at|hit|is|was|of|at)\s+(?:to\s+)?{_QUANT}\b",
            _I,
        ),
        # "24 people, four of them children, were killed", "46 wounded", "117 persons ...
        # received injuries"
        re.compile(
            rf"(?<![\w,.-]){_QUANT}{_PEOPLE}{_APPOSITIVE}\s+(?:(?:have|had)\s+been\s+|were\s+"
            rf"|was\s+|are\s+|have\s+|had\s+|being\s+)?(?:\w+ly\s+)?(?:being\s+)?{past}\b",
            _I,
        ),
        # "killed at least 100 people", "killed four civilians", "killed 26 people"
        re.compile(rf"\b{active}\s+{_QUANT}\b", _I),
    ]


_KILL_RX = _patterns("kill")
_HURT_RX = _patterns("hurt")
_ONE_PERSON = (
    r"(?:a|an|one|their|his|her)\s+(?:[\w-]+\s+){0,3}?(?:man|woman|girl|boy|child|daughter"
    r"|son|person|civilian|soldier|sailor|resident|driver|father|mother)\b"
)
_ONE_KILLED = re.compile(
    rf"\b{_ONE_PERSON}\s+(?:\w+\s+){{0,4}}?(?:was|(?:believed|reported|thought) to have been)"
    r"\s+(?:\w+ly\s+)?(?:killed|shot dead)\b",
    _I,
)
_ONE_HURT = re.compile(
    rf"\b{_ONE_PERSON}\s+(?:\w+\s+){{0,4}}?was\s+(?:\w+ly\s+)?(?:injured|wounded|hurt)\b", _I
)
_COUPLE = re.compile(r"\b(?:a|the)\s+(?:\w+\s+)?couple\b[^.;]{0,60}?\bwere\s+killed\b", _I)


def _best(found: list[tuple[int | None, bool, bool]]) -> tuple[int | None, bool, bool]:
    """The largest figure (a total outranks its parts: "24 killed, four of them children");
    a vague word only when no figure is given."""
    figures = [f for f in found if f[0] is not None]
    if figures:
        return max(figures, key=lambda f: f[0])
    if found:
        return None, False, True
    return None, False, False


def _scan(sentence: str, rxs: list[re.Pattern[str]]) -> list[tuple[int | None, bool, bool]]:
    out = []
    for rx in rxs:
        for m in rx.finditer(sentence):
            least, number = m.group(1), m.group(2)
            if re.fullmatch(_VAGUE, number, _I):
                if number.lower() in ("several", "many", "some"):
                    continue
                out.append((None, False, True))
                continue
            value = parse_number(number)
            if value is None or value > 1_000_000:
                continue
            # "in 2021 killed..." or "1967": a year is no toll
            if number.isdigit() and len(number) == 4 and 1900 <= value <= 2100:
                continue
            out.append((value, bool(least), False))
    return out


def find_toll(sentence: str) -> Toll:
    """Killed and injured in a sentence: figures in digits or words, "at least" kept as a
    bound, "dozens" or "hundreds" flagged as vague (with no figure).

    >>> find_toll("killing 12 people and wounding about 2,800").injured
    2800
    >>> t = find_toll("The toll from the floods rose to 158; dozens were hurt.")
    >>> (t.killed, t.injured, t.injured_vague)
    (158, None, True)
    """
    killed = _scan(sentence, _KILL_RX)
    hurt = _scan(sentence, _HURT_RX)
    if not killed and _COUPLE.search(sentence):
        killed = [(2, False, False)]
    if not killed and _ONE_KILLED.search(sentence):
        killed = [(1, False, False)]
    if not hurt and _ONE_HURT.search(sentence):
        hurt = [(1, False, False)]
    k, h = _best(killed), _best(hurt)
    return Toll(k[0], k[1], k[2], h[0], h[1], h[2])


def merge_tolls(tolls: list[Toll]) -> Toll:
    """One incident's toll from its sentences: the largest figure of each, as :func:`_best`."""
    k = _best(
        [(t.killed, t.killed_at_least, t.killed_vague) for t in tolls if t.killed or t.killed_vague]
    )
    h = _best(
        [
            (t.injured, t.injured_at_least, t.injured_vague)
            for t in tolls
            if t.injured or t.injured_vague
        ]
    )
    return Toll(k[0], k[1], k[2], h[0], h[1], h[2])
