"""Region points audited: every first-level region the gazetteer places lies inside its own
Natural Earth outline (within the outline's convex hull, give or take OUTSIDE_KM: an
island region's middle may be at sea) and, where the outline is one compact piece, near
its middle. The outlines are ``data/admin1.parquet`` (see data/README.md)."""

from __future__ import annotations

import math

import pytest

from geo.places.gazetteer import default_gazetteer
from geo.resources import data_path

OUTSIDE_KM = 10.0
FAR_RADII = 1.5  # how far from the middle a compact region's point may lie, in radii


@pytest.fixture(scope="module")
def outlines():
    path = data_path("admin1.parquet")
    if not path.is_file():
        pytest.skip("data/admin1.parquet (the admin-1 outlines) is not in this checkout")
    gpd = pytest.importorskip("geopandas")
    return gpd.read_parquet(path).set_index("id")["geometry"]


@pytest.fixture(scope="module")
def points() -> dict[str, tuple[str, float, float]]:
    """Region id -> (name, lat, lon) as the gazetteer index stores them."""
    rows = default_gazetteer()._con.execute(
        "SELECT source_id, name, lat, lon FROM places WHERE source = 'naturalearth' "
        "AND kind = 'region'"
    )
    return {rid: (name, lat, lon) for rid, name, lat, lon in rows}


def _km_outside(geom, lat: float, lon: float) -> float:
    from pyproj import Geod
    from shapely import Point

    p = Point(lon, lat)
    if geom.contains(p):
        return 0.0
    edge = geom.boundary.interpolate(geom.boundary.project(p))
    return Geod(ellps="WGS84").inv(lon, lat, edge.x, edge.y)[2] / 1000


def test_every_region_point_lies_in_its_outline(outlines, points) -> None:
    checked, outliers = 0, []
    for rid, (name, lat, lon) in points.items():
        geom = outlines.get(rid)
        if geom is None:
            continue
        checked += 1
        km = _km_outside(geom.convex_hull, lat, lon)
        if km > OUTSIDE_KM:
            outliers.append(f"{rid} {name} ({lat}, {lon}): {km:.0f} km outside")
    assert checked > 4000  # the outlines cover nearly every region
    assert not outliers, "\n".join(outliers)


def test_compact_regions_sit_near_their_middle(outlines, points) -> None:
    """A region drawn as one piece (no islands, no exclaves) has its point within one
    and a half equivalent radii of the piece's centroid: a reader's middle, not a corner."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    outliers = []
    for rid, (name, lat, lon) in points.items():
        geom = outlines.get(rid)
        if geom is None or geom.geom_type != "Polygon" or not geom.contains(geom.centroid):
            continue
        area_km2 = abs(geod.geometry_area_perimeter(geom)[0]) / 1e6
        radius = math.sqrt(area_km2 / math.pi)
        c = geom.centroid
        km = geod.inv(lon, lat, c.x, c.y)[2] / 1000
        if km > max(FAR_RADII * radius, 25.0):
            outliers.append(f"{rid} {name}: {km:.0f} km from the middle (radius {radius:.0f})")
    assert not outliers, "\n".join(outliers)


def test_jiangsu_is_where_the_province_is(points) -> None:
    name, lat, lon = points["CHN-1818"]
    assert name == "Jiangsu" and 31 < lat < 35.5 and 116.5 < lon < 122
