"""Countries and first-level regions a story names, as areas with a label inside the view.

A region is read from ``data/admin1.parquet`` (Natural Earth admin-1, ids as in
``regions.csv``): only the rows a page names, never the whole file. A country comes from the
packaged country outlines. Each area gets label anchors inside the part of it the view shows,
so "Ukraine" is written on Ukraine even when the gazetteer's point for it is off the map.

>>> box = [[50.0, 30.0], [52.0, 34.0]]
>>> inside_anchors(shapely.box(33, 51, 40, 60), box)[0]  # the corner of it in the view
[51.6, 33.6]
>>> inside_anchors(shapely.box(33, 51, 40, 60), [[51.5, 33.5], [51.5, 33.5]])[0]  # one spot
[51.5, 33.5]
"""

from __future__ import annotations

from functools import cache, lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.ops import polylabel

from geo.resources import data_path
from geo.story.resolved import ResolvedStory
from maps.layers.fmt import plain
from maps.layers.labels import AREA, Label

ADMIN1_FILE = "admin1.parquet"


@cache
def _admin1_ids() -> frozenset[str]:
    path = data_path(ADMIN1_FILE)
    if not path.is_file():
        return frozenset()
    return frozenset(pd.read_parquet(path, columns=["id"])["id"])


def region_outlines(ids: list[str]) -> gpd.GeoDataFrame:
    """The admin-1 outlines of ``ids`` (id, name, geometry); empty without the data file."""
    wanted = tuple(sorted(set(ids) & _admin1_ids()))
    if not wanted:
        return gpd.GeoDataFrame({"id": [], "name": []}, geometry=[], crs=4326)
    return _read_outlines(wanted).copy()  # a copy: the caller may change its frame


@lru_cache(maxsize=32)
def _read_outlines(wanted: tuple[str, ...]) -> gpd.GeoDataFrame:
    # The review desk draws the same regions after every change: ~0.17 s of Parquet each time
    frame = gpd.read_parquet(data_path(ADMIN1_FILE), filters=[("id", "in", list(wanted))])
    return frame[["id", "name", "geometry"]].reset_index(drop=True)


def inside_anchors(geom: shapely.Geometry, box: list[list[float]] | None) -> list[list[float]]:
    """[lat, lon] label points: the pole of inaccessibility of the area's part in ``box``,
    then other points well inside that part (nearest the pole first), then the pole of the
    whole area's largest part (when the box does not meet it)."""
    out = []
    if box is not None:
        (south, west), (north, east) = box
        # The view reaches past the events' box (a single spot's box is a point).
        pad_lat, pad_lon = max((north - south) * 0.1, 0.2), max((east - west) * 0.1, 0.2)
        south, north, west, east = south - pad_lat, north + pad_lat, west - pad_lon, east + pad_lon
        part = shapely.clip_by_rect(geom, west, south, east, north)
        if not part.is_empty and part.area > 0:
            pole = _pole(part)
            out.append(pole)
            out += _spread(part, pole)
    out.append(_pole(geom))
    return out


def _spread(part: shapely.Geometry, pole: list[float], n: int = 12) -> list[list[float]]:
    """Up to ``n`` more points inside ``part`` on a 7x7 grid, nearest ``pole`` first."""
    west, south, east, north = part.bounds
    xs = np.linspace(west, east, 9)[1:-1]
    ys = np.linspace(south, north, 9)[1:-1]
    grid = shapely.points(np.array([[x, y] for y in ys for x in xs]))
    inner = shapely.buffer(part, -0.1 * min(east - west, north - south))
    inside = [g for g in grid if inner.contains(g)]
    inside.sort(key=lambda g: (g.y - pole[0]) ** 2 + (g.x - pole[1]) ** 2)
    return [[round(g.y, 4), round(g.x, 4)] for g in inside[:n]]


def _pole(geom: shapely.Geometry) -> list[float]:
    polys = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
    if not polys:
        point = geom.representative_point()
        return [round(point.y, 4), round(point.x, 4)]
    largest = max(polys, key=lambda p: p.area)
    point = polylabel(largest, tolerance=max(largest.length / 500, 1e-4))
    return [round(point.y, 4), round(point.x, 4)]


def named_area_frame(resolved: ResolvedStory) -> gpd.GeoDataFrame:
    """The regions and countries the story's places name (name, kind, geometry)."""
    places = resolved.places
    cols = {"name": [], "kind": [], "place_id": []}
    if places is None or places.empty:
        return gpd.GeoDataFrame(cols, geometry=[], crs=4326)
    rows = []
    regions = places[places["precision"] == "region"]
    outlines = region_outlines([plain(v) for v in regions["source_id"]]).set_index("id")
    for _, place in regions.iterrows():
        sid = plain(place.get("source_id"))
        if sid in outlines.index:
            name = plain(place.get("name")) or outlines.loc[sid, "name"]
            rows.append((name, "region", plain(place.get("id")), outlines.loc[sid, "geometry"]))
    named = places[places["precision"] == "country"]
    if not named.empty:
        from geo.geometry import borders

        codes = [plain(c) for c in named["country"] if plain(c)]
        shapes = borders.countries(resolved.story.view, codes).set_index("iso_a2")
        for _, place in named.iterrows():
            code = plain(place.get("country"))
            if code in shapes.index:
                name = plain(place.get("name")) or shapes.loc[code, "name"]
                rows.append((name, "country", plain(place.get("id")), shapes.loc[code, "geometry"]))
    if not rows:
        return gpd.GeoDataFrame(cols, geometry=[], crs=4326)
    frame = pd.DataFrame(rows, columns=["name", "kind", "place_id", "geometry"])
    frame = frame.drop_duplicates("name")
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=4326).reset_index(drop=True)


def area_labels(areas: gpd.GeoDataFrame, box: list[list[float]] | None, group) -> list[Label]:
    """A label per named area, written inside the part of it the view shows."""
    return [
        Label(
            plain(row["name"]), "area", AREA + i, inside_anchors(row["geometry"], box), group=group
        )
        for i, row in enumerate(areas.to_dict("records"))
    ]
