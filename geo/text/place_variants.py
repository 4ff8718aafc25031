"""Names the geoparser misses: curated facilities, and other spellings of a place's name.

``facility_mentions(text)`` finds the air bases, power plants, ports, dams, crossings and
straits of ``data/facilities.csv`` (name and aliases, case and accents folded), longest name
first. ``spellings(name)`` gives the other common romanisations of a name, for a second
lookup when the first finds nothing: ASCII folding, Arabic ("Deir al-Balah" / "Dayr al
Balah", "Hodeidah" / "Hudaydah") and Cyrillic ("Kupiansk" / "Kupyansk", "Hroza" / "Groza")
spellings.

>>> "Dayr al Balah" in spellings("Deir al-Balah")
True
>>> "Kupyansk" in spellings("Kupiansk")
True
"""

from __future__ import annotations

import csv
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from geo.places.place import Place
from geo.resources import data_path

__all__ = [
    "FACILITY_NOUNS",
    "Facility",
    "facility_mentions",
    "facility_short_names",
    "fold",
    "short_name",
    "spellings",
]

# The words a facility's name ends with: "Belaya air base" is also written "Belaya".
_KIND_WORDS = re.compile(
    r"\s+(?:air\s*base|airbase|air\s+force\s+base|airfield|airport|military\s+airport"
    r"|(?:nuclear|thermal|hydroelectric|hydro|coal|gas)?\s*power\s+(?:plant|station)"
    r"|nuclear\s+plant|npp|tpp|hpp|dam|port|sea\s+port|naval\s+base|base|refinery"
    r"|oil\s+depot|depot|terminal|bridge|crossing|border\s+crossing|checkpoint)$",
    re.IGNORECASE,
)


def fold(text: str) -> str:
    """Lower case without accents or marks, for comparing names.

    >>> fold("Dayr al Balaḩ"), fold("Bal‘ā")
    ('dayr al balah', 'bala')
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[‘’'ʼʻ`]", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def short_name(name: str) -> str:
    """A facility's name without its kind: "Belaya air base" -> "Belaya"; else ""."""
    short = _KIND_WORDS.sub("", name).strip()
    return short if short != name else ""


@dataclass(frozen=True, slots=True)
class Facility:
    """A facility found in a text: where its name stands and the place it names."""

    start: int
    end: int
    text: str
    place: Place


# Kinds whose bare short name is used for the facility itself ("drones hit Belaya and
# Olenya"); a plant or a refinery named after a city is not written as the city's name alone.
_SHORT_KINDS = frozenset({"air_base", "military_base", "naval_base", "airport"})
FACILITY_NOUNS = re.compile(
    r"\b(?:air\s*(?:base|field)s?|airbases?|airfields?|airports?|bases?|aerodromes?)\b",
    re.IGNORECASE,
)


@cache
def facility_short_names() -> dict[str, Place]:
    """Air bases and airports by their bare name: {"belaya": <Belaya air base>}."""
    out: dict[str, Place] = {}
    with data_path("facilities.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] not in _SHORT_KINDS:
                continue
            for name in [row["name"], *filter(None, row["aliases"].split("|"))]:
                short = short_name(name)
                if short and len(short) > 3:
                    place = _facility_index()[1][fold(row["name"])]
                    out.setdefault(fold(short), place)
    return out


@cache
def _facility_index() -> tuple[re.Pattern[str], dict[str, Place]]:
    by_name: dict[str, Place] = {}
    with data_path("facilities.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            place = Place(
                row["name"],
                float(row["lat"]),
                float(row["lon"]),
                row["country"] or None,
                "landmark",
                source="facilities",
                source_id=row["name"],
            )
            for name in [row["name"], *filter(None, row["aliases"].split("|"))]:
                by_name.setdefault(fold(name), place)
    names = sorted(by_name, key=len, reverse=True)
    alternation = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?<![\w-])(?:the\s+)?({alternation})(?![\w-])"), by_name


def facility_mentions(text: str) -> list[Facility]:
    """Every curated facility named in ``text`` (offsets into ``text``).

    >>> [f.place.name for f in facility_mentions("Drones hit the Belaya airfield overnight.")]
    ['Belaya air base']
    """
    rx, by_name = _facility_index()
    folded = fold_same_length(text)
    out = []
    for m in rx.finditer(folded):
        out.append(Facility(m.start(1), m.end(1), text[m.start(1) : m.end(1)], by_name[m.group(1)]))
    return out


def fold_same_length(text: str) -> str:
    """Lower case with accents dropped character by character, so offsets still match."""
    out = []
    for c in text:
        base = unicodedata.normalize("NFKD", c)
        base = "".join(b for b in base if not unicodedata.combining(b)) or c
        out.append(base[0].lower() if len(base) >= 1 else c)
    return "".join(out)


# (pattern, replacement): one spelling habit each. Arabic: vowels written e/ei/o or a/ay/u,
# the article as al-, el- or al; Cyrillic: Ukrainian i/h as Russian y/g, -iv as -ov, ia/iu as
# ya/yu; gh and kh written for a plain g/h.
_RULES: tuple[tuple[str, str], ...] = (
    (r"\b[Ee]l[- ]", "al "),
    (r"\b([Aa])l-", r"\1l "),
    (r"Deir\b", "Dayr"),
    (r"ei", "ay"),
    (r"o", "u"),
    (r"e", "a"),
    (r"ah\b", "a"),
    (r"ia", "ya"),
    (r"iu", "yu"),
    (r"iv\b", "ov"),
    (r"^H", "G"),
    (r"gh", "g"),
    (r"kh", "h"),
    (r"i", "y"),
)


def spellings(name: str, limit: int = 64) -> list[str]:
    """Other spellings of ``name`` (itself excluded), the nearest first, at most ``limit``.

    >>> spellings("Hodeidah")[:3]
    ['Hodaydah', 'Hudeidah', 'Hodaidah']
    """
    name = re.sub(r"\s+", " ", name.strip())
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    applicable = [(p, r) for p, r in _RULES if re.search(p, folded)]
    seen = {name}
    out: list[str] = []
    if folded not in seen:
        seen.add(folded)
        out.append(folded)
    for n in range(1, len(applicable) + 1):
        for rules in itertools.combinations(applicable, n):
            variant = folded
            for pattern, repl in rules:
                variant = re.sub(pattern, repl, variant)
            if variant not in seen:
                seen.add(variant)
                out.append(variant)
            if len(out) >= limit:
                return out
    return out
