"""Normalise place names so that spelling variants meet on one key.

The gazetteer indexes every name and alias under ``normalize(name)`` and looks queries up
the same way, so "MOSCOW", "Moscow", "the Kremlin" and "Zaporizhzhya" / "Zaporizhzhia"'s
apostrophe-free cousins land on the same key.

>>> normalize("  The Kremlin ")
'kremlin'
>>> normalize("Luhans'k"), normalize("Luhansʼk"), normalize("Ivano-Frankivsk")
('luhansk', 'luhansk', 'ivano frankivsk')
>>> normalize("Élysée Palace"), normalize("Москва")
('elysee palace', 'москва')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["REGION_PREFIXES", "REGION_SUFFIXES", "normalize", "split_region_suffix"]

# Apostrophes and transliteration marks (soft sign "'" in Luhans'k, "ʼ" in Ukrainian Latin)
# carry no meaning for matching: delete them rather than turning them into spaces.
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼʹ`´′ʻ"), None)
# Hyphens, dashes, dots, commas, slashes and brackets separate words.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_.,;:/()\[\]\"“”«»]+")
_LEADING_THE = re.compile(r"^the ")
# Abbreviated generic words: "St. Petersburg" and "Saint Petersburg" are one name, and
# GeoNames spells them either way.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_ABBREVIATION = re.compile(r"\b(?:st|ste|mt|ft)\b")
# Combining marks left by NFKD (accents, the breve of й, the diaeresis of ї). A regex over
# the combining blocks is several times faster than a per-character unicodedata test.
_COMBINING = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


@lru_cache(maxsize=65_536)
def normalize(name: str) -> str:
    """Casefold, strip accents (NFKD), unify apostrophes/hyphens/spaces, spell out "St."
    and "Mt.", drop a leading "the".

    >>> normalize("São  Paulo"), normalize("the Hague"), normalize("St. Petersburg")
    ('sao paulo', 'hague', 'saint petersburg')
    """
    if not name.isascii():
        name = _COMBINING.sub("", unicodedata.normalize("NFKD", name))
    folded = name.casefold().translate(_APOSTROPHES)
    spaced = _SEPARATORS.sub(" ", folded).strip()
    if "t" in spaced:  # all four abbreviations have one; most names skip the regex
        spaced = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group()], spaced)
    return _LEADING_THE.sub("", spaced)


# Generic words that name a first-level region's type. "Bryansk Oblast", "Bryansk region"
# and "Bryansk province" all mean the region called "Bryansk". Normalised forms.
REGION_SUFFIXES: tuple[str, ...] = (
    "autonomous okrug",
    "autonomous oblast",
    "autonomous republic",
    "oblast",
    "oblasts",
    "obl",
    "region",
    "province",
    "krai",
    "kray",
    "state",
    "governorate",
    "prefecture",
    "republic",
    "okrug",
    "voivodeship",
    "county",
    "district",
    "territory",
    "oblasti",
    "область",
    "край",
)
REGION_PREFIXES: tuple[str, ...] = ("republic of ", "province of ", "state of ", "region of ")


def split_region_suffix(key: str) -> str | None:
    """The base name of a normalised region phrase, or None if it has no generic suffix.

    >>> split_region_suffix("bryansk oblast"), split_region_suffix("republic of crimea")
    ('bryansk', 'crimea')
    >>> split_region_suffix("bryansk") is None
    True
    """
    for prefix in REGION_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    for suffix in _SUFFIX_KEYS:
        if key.endswith(" " + suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix) - 1]
    return None


_SUFFIX_KEYS = tuple(normalize(s) for s in REGION_SUFFIXES)
