"""Incident types of a sentence: which trigger word it holds and where.

>>> classify("Two drones were disabled by electronic warfare.")
('air-defence', 16)
"""

from __future__ import annotations

import re

__all__ = ["ATTACK_TYPES", "TYPE_PATTERNS", "classify"]

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
