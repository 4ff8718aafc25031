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

from geo.geometry.distances import KM_PER_MILE

__all__ = ["DistanceClaim", "find_distance_claims"]

_I = re.IGNORECASE

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
