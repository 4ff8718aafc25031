"""Qualified place names: "Moscow, Idaho", "Kyiv, Ukraine", "Paris, TX", "Bakhmut
(Donetsk Oblast)", "Springfield, Clark County, Ohio". The qualifiers narrow the head's
candidates to those in that country or first-level region.

>>> split_qualified("Moscow, Idaho"), split_qualified("Bakhmut (Donetsk Oblast)")
(('Moscow', ['Idaho']), ('Bakhmut', ['Donetsk Oblast']))
>>> split_qualified("Moscow") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.places.place import Place
from geo.places.us_states import STATE_ABBREVIATIONS

__all__ = ["Within", "split_qualified", "state_of", "within"]

_PAREN = re.compile(r"^(?P<head>[^()]+?)\s*\((?P<qual>[^()]+)\)\s*$")


def split_qualified(name: str) -> tuple[str, list[str]] | None:
    """(head, qualifiers, most specific first) of "Head, Q1, Q2" or "Head (Q)"; None when
    the name has neither form."""
    m = _PAREN.match(name.strip())
    if m:
        return m["head"].strip(), [q.strip() for q in m["qual"].split(",") if q.strip()]
    parts = [p.strip() for p in name.split(",")]
    if len(parts) < 2 or not all(parts):
        return None
    return parts[0], parts[1:]


def state_of(text: str) -> str | None:
    """The US state a USPS or AP abbreviation stands for ("TX", "Ida.", "D.C.").

    >>> state_of("TX"), state_of("Ida."), state_of("Idaho")
    ('Texas', 'Idaho', None)
    """
    bare = text.strip().rstrip(".").replace(".", "")
    if bare.isupper() or text.strip().endswith("."):
        return STATE_ABBREVIATIONS.get(bare)
    return None


@dataclass(frozen=True, slots=True)
class Within:
    """One reading of a qualifier: a country, or a first-level region of a country.

    >>> Within("US", "Idaho").holds(Place("Moscow", 46.7, -117.0, "US", "city", admin1="Idaho"))
    True
    """

    country: str
    region: str | None = None

    def holds(self, p: Place) -> bool:
        if p.country != self.country:
            return False
        if self.region is None:
            return p.kind != "country"
        return p.admin1 == self.region or (p.kind == "region" and p.name == self.region)


def within(p: Place, senses: list[Within]) -> bool:
    """Whether ``p`` lies in any of the qualifier's readings."""
    return any(s.holds(p) for s in senses)
