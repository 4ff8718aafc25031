"""Counts of things (drones, trains) and casualty notes in a sentence.

>>> parse_count("Two Ukrainian drones aimed at the Kremlin", "air-defence")
2
"""

from __future__ import annotations

import re

__all__ = ["NUMBER_WORDS", "find_casualties", "parse_count", "parse_counted"]

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
