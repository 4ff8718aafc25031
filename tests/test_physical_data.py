"""data/physical.csv and data/physical.fgb (tools/derive_physical.py): seas, lakes, rivers,
islands and mountain ranges at the points a reader means."""

from __future__ import annotations

import csv
import math
import re

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.resources import data_path

KINDS = {
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
}
COLUMNS = ["id", "name", "aliases", "kind", "lat", "lon", "scalerank", "iso_a2", "note"]

# name -> (kind, reference lat, lon, why that point). Each row's point must lie within
# 150 km of its reference.
REFERENCES = {
    "Black Sea": ("sea", 43.4, 34.3, "the sea's conventional middle, south of Crimea"),
    "Lake Erie": ("lake", 42.2, -81.2, "Wikipedia's coordinates for the lake"),
    "Sumatra": ("island", 0.0, 102.0, "Wikipedia's coordinates for the island (0° N 102° E)"),
    # the Dnipro is ~2,200 km long; its middle (~1,100 km from the mouth) is just above
    # the head of the Kyiv Reservoir, where the Pripyat joins near the Belarus border
    "Dnipro": ("river", 51.3, 30.5, "half way along the river, at the Pripyat's mouth"),
    # the Danube is ~2,850 km long; its middle (river km ~1,425) is just below Mohács
    # (river km 1,447)
    "Danube": ("river", 45.99, 18.68, "half way along the river, at Mohács"),
    "Strait of Hormuz": ("strait", 26.57, 56.25, "the strait between Iran and Musandam"),
    # the Red Sea runs from Bab el-Mandeb (12.6 N) to Ras Muhammad (27.7 N): its middle is
    # on the axis at about 20 N, between Jeddah and Port Sudan
    "Red Sea": ("sea", 20.2, 38.7, "midway along the sea's axis"),
    "Caspian Sea": ("sea", 41.67, 50.67, "Wikipedia's coordinates (41°40' N 50°40' E)"),
}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with data_path("physical.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        return list(reader)


@pytest.fixture(scope="module")
def shapes() -> gpd.GeoDataFrame:
    return gpd.read_file(data_path("physical.fgb"), engine="pyogrio").set_index("id")


def _row(rows: list[dict[str, str]], name: str) -> dict[str, str]:
    found = [r for r in rows if r["name"] == name]
    assert len(found) == 1, f"{name}: {len(found)} rows"
    return found[0]


def test_columns_kinds_names_and_points_are_valid(rows):
    assert len(rows) > 2000
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["kind"] in KINDS, r
        assert r["name"].strip() == r["name"] and r["name"], r
        aliases = r["aliases"].split("|") if r["aliases"] else []
        assert all(a.strip() == a and a for a in aliases), r
        assert r["name"] not in aliases, r
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r
        assert 0 <= int(r["scalerank"]) <= 12, r
        assert re.fullmatch(r"|[A-Z]{2}", r["iso_a2"]), r


def test_every_kind_is_present(rows):
    assert {r["kind"] for r in rows} == KINDS


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_well_known_features_are_where_a_reader_means(rows, name):
    kind, lat, lon, _why = REFERENCES[name]
    r = _row(rows, name)
    assert r["kind"] == kind
    km = _km(float(r["lat"]), float(r["lon"]), lat, lon)
    assert km < 150, f"{name} is {km:.0f} km from {lat}, {lon}"


def test_names_and_aliases_a_reporter_writes(rows):
    dnipro = _row(rows, "Dnipro")
    aliases = dnipro["aliases"].split("|")
    # the README's outdated name is an alias; "the Dnipro River" is the qualified form
    assert {"Dnieper", "Dnipro River", "River Dnipro", "the Dnipro"} <= set(aliases)
    assert "Seversky Donets" in _row(rows, "Siverskyi Donets")["aliases"].split("|")
    assert "Kiev Reservoir" in _row(rows, "Kyiv Reservoir")["aliases"].split("|")
    assert "drained" in _row(rows, "Kakhovka Reservoir")["note"]
    assert "Arabian Gulf" in _row(rows, "Persian Gulf")["aliases"].split("|")
    assert "Azov Sea" in _row(rows, "Sea of Azov")["aliases"].split("|")
    assert "Hormuz Strait" in _row(rows, "Strait of Hormuz")["aliases"].split("|")
    assert "Erie Lake" in _row(rows, "Lake Erie")["aliases"].split("|")
    # Crimea is Ukraine in the recognised view the map draws
    assert _row(rows, "Crimean Peninsula")["iso_a2"] == "UA"
    assert _row(rows, "Lake Erie")["iso_a2"] in {"US", "CA"}
    assert _row(rows, "Black Sea")["iso_a2"] == ""


def test_every_lake_and_sea_point_lies_in_its_own_polygon(rows, shapes):
    assert shapes.index.is_unique
    assert set(shapes.index) <= {r["id"] for r in rows}
    assert shapes.crs.to_epsg() == 4326
    assert shapes.is_valid.all() and not shapes.is_empty.any()
    water = [r for r in rows if r["kind"] in {"lake", "reservoir", "sea", "ocean"}]
    assert len(water) > 800
    for r in water:
        assert r["id"] in shapes.index, f"{r['id']} has no polygon"
    for r in rows:
        if r["id"] not in shapes.index:
            continue
        geom = shapes.loc[r["id"], "geometry"]
        point = Point(float(r["lon"]), float(r["lat"]))
        if geom.geom_type.endswith("Polygon"):
            assert geom.contains(point), f"{r['id']} lies outside its polygon"
        else:  # a river's point is on the river (the drawn line is simplified by 0.01°)
            assert r["kind"] in {"river", "other"}
            assert geom.distance(point) < 0.02, f"{r['id']} lies off its line"


def test_the_geometry_file_stays_small(shapes):
    assert data_path("physical.fgb").stat().st_size < 3_000_000
    assert (shapes.loc[shapes["kind"] == "river", "scalerank"] <= 6).all()
