"""The shipped outline data: countries-10m.fgb (tools/derive_boundaries.py), admin1.parquet
(tools/derive_admin1.py) and basemap.parquet (tools/derive_basemap.py)."""

from __future__ import annotations

import csv

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point

from geo.resources import data_path

# Longest edge, in degrees of longitude, a flat (Leaflet) map can draw without it being a
# stripe across the map: rings that cross the antimeridian (-180 to +180) are drawn as a
# line right across the world.
MAX_EDGE_LON = 60.0
BRYANSK_CITY = Point(34.37, 53.25)  # lon, lat
# basemap.parquet's city band (z9-11: NE 1:10m at its own detail, ~0.9M vertices, and
# 19,000 gazetteer towns) takes it from 3.3 to 8.9 MB
MAX_FILE_BYTES = 10_000_000


def widest_edges(geoms: np.ndarray) -> np.ndarray:
    """Per geometry, the largest longitude span of one edge of its rings or lines."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    polygonal = np.isin(shapely.get_type_id(parts), [3])  # Polygon
    rings, ring_part = shapely.get_rings(parts[polygonal], return_index=True)
    lines = np.concatenate([rings, parts[~polygonal]])
    line_owner = np.concatenate([owner[polygonal][ring_part], owner[~polygonal]])
    coords, line = shapely.get_coordinates(lines, return_index=True)
    span = np.abs(np.diff(coords[:, 0]))
    same = line[1:] == line[:-1]  # an edge joins two vertices of the same ring or line
    out = np.zeros(len(geoms))
    np.maximum.at(out, line_owner[line[1:][same]], span[same])
    return out


def assert_no_stripes(frame: gpd.GeoDataFrame, label: str) -> None:
    widest = widest_edges(frame.geometry.values)
    bad = frame.assign(widest=widest)[widest > MAX_EDGE_LON]
    assert bad.empty, f"{label}: edges spanning > {MAX_EDGE_LON}° of longitude:\n{bad}"


@pytest.fixture(scope="module")
def countries() -> gpd.GeoDataFrame:
    return gpd.read_file(data_path("countries-10m.fgb"))


@pytest.fixture(scope="module")
def admin1() -> gpd.GeoDataFrame:
    return gpd.read_parquet(data_path("admin1.parquet"))


@pytest.fixture(scope="module")
def basemap() -> gpd.GeoDataFrame:
    return gpd.read_parquet(data_path("basemap.parquet"))


def test_widest_edges_finds_an_antimeridian_jump():
    stripe = shapely.Polygon([(179, 65), (-179, 65), (-179, 66), (179, 66)])
    fine = shapely.Polygon([(170, 65), (180, 65), (180, 66), (170, 66)])
    line = shapely.LineString([(0, 0), (1, 1)])
    assert widest_edges(np.array([stripe, fine, line])).tolist() == [358.0, 10.0, 1.0]


def test_country_outlines_have_no_stripes(countries):
    assert len(countries) > 250
    assert_no_stripes(countries, "countries-10m.fgb")
    # the parts beyond the antimeridian are kept, on their own side of it
    for code in ("RU", "FJ", "US", "AQ"):
        rows = countries[countries["iso_a2"] == code]
        xmin, _, xmax, _ = rows.total_bounds
        assert xmin < -170 and xmax > 170, code
    # Russia's area is not inflated by slivers along the stripes (true: ~17.1M km²)
    russia = countries[(countries["iso_a2"] == "RU") & (countries["view"] == "de-facto")]
    area = russia.to_crs("+proj=cea").area.iloc[0] / 1e6
    assert 16.5e6 < area < 17.5e6


def test_admin1_outlines(admin1):
    assert list(admin1.columns) == ["id", "name", "iso_a2", "iso_3166_2", "adm1_code", "geometry"]
    assert admin1.crs.to_epsg() == 4326
    assert admin1.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert admin1.is_valid.all() and not admin1.is_empty.any()
    assert_no_stripes(admin1, "admin1.parquet")
    ids = admin1.loc[admin1["id"] != "", "id"]
    assert ids.is_unique
    with data_path("regions.csv").open(encoding="utf-8") as fh:
        region_ids = {r["id"] for r in csv.DictReader(fh)}
    assert set(ids) <= region_ids
    assert len(ids) > 4500
    by_id = admin1.set_index("id")
    bryansk = by_id.loc["RUS-2342"]
    assert bryansk["name"] == "Bryansk" and bryansk["iso_a2"] == "RU"
    assert bryansk.geometry.contains(BRYANSK_CITY)
    assert not by_id.loc["RUS-2364"].geometry.contains(BRYANSK_CITY)  # Moscow Oblast
    # recognised borders: Crimea and Sevastopol are Ukraine's
    assert by_id.loc["RUS-283", "iso_a2"] == "UA" and by_id.loc["RUS-5482", "iso_a2"] == "UA"
    # first-level regions regions.csv adds above NE's units, dissolved from them
    assert by_id.loc["GN-GB-ENG"].geometry.contains(Point(-0.13, 51.51))  # London
    assert by_id.loc["GN-ES-56"].geometry.contains(Point(2.17, 41.39))  # Barcelona
    assert by_id.loc["GRP-GB-GreaterManchester"].geometry.contains(Point(-2.24, 53.48))


def test_basemap_layers(basemap):
    assert list(basemap.columns) == [
        "layer", "band", "name", "rank", "pop", "capital", "iso_a2", "geometry"
    ]  # fmt: skip
    assert basemap.crs.to_epsg() == 4326
    assert set(basemap["layer"]) == {"land", "lake", "river", "sea", "country", "place"}
    assert set(basemap["band"]) == {"z0-3", "z4-5", "z6-8", "z9-11"}
    for (band, layer), rows in basemap.groupby(["band", "layer"]):
        assert len(rows), (band, layer)
    assert basemap.is_valid.all() and not basemap.is_empty.any()
    assert_no_stripes(basemap, "basemap.parquet")
    places = basemap[basemap["layer"] == "place"]
    assert "Kiev" not in set(places["name"]) and "Odessa" not in set(places["name"])
    kyiv = places[(places["name"] == "Kyiv") & (places["band"] == "z6-8")]
    assert len(kyiv) == 1
    k = kyiv.iloc[0]
    assert k["iso_a2"] == "UA" and k["capital"] == 1 and k["pop"] > 2_000_000
    assert abs(k.geometry.x - 30.52) < 0.05 and abs(k.geometry.y - 50.45) < 0.05
    rivers = set(basemap.loc[basemap["layer"] == "river", "name"])
    assert {"Dnipro", "Siverskyi Donets"} <= rivers and not {"Dnepr", "Dnieper"} & rivers
    assert "Kakhovka Reservoir" not in set(basemap["name"])  # drained in June 2023
    # one area and band can be read on its own (the file's bbox covering column)
    view = gpd.read_parquet(
        data_path("basemap.parquet"), bbox=(28, 50, 42, 58), filters=[("band", "==", "z6-8")]
    )
    assert set(view["band"]) == {"z6-8"} and "Moscow" in set(view["name"])


def test_basemap_country_lines_skip_the_islands_its_land_skips(basemap):
    from maps.layers.basemap import _country_lines

    malta = (14.1, 35.7, 14.7, 36.2)  # 316 km²: under z0-3's 2,000, over z4-5's 100
    lands = basemap[(basemap["layer"] == "land") & basemap.intersects(shapely.box(*malta))]
    assert set(lands["band"]) >= {"z4-5", "z6-8"} and "z0-3" not in set(lands["band"])
    assert _country_lines("recognised", malta, "z0-3") == []
    assert len(_country_lines("recognised", malta, "z4-5")) == 1
    # Great Britain and Ireland keep theirs at every band
    britain = (-11.0, 49.8, 2.0, 59.0)
    for band in ("z0-3", "z4-5", "z6-8"):
        assert _country_lines("recognised", britain, band), band


@pytest.mark.parametrize(
    "name", ["countries-10m.fgb", "occupied.fgb", "admin1.parquet", "basemap.parquet"]
)
def test_data_files_stay_small(name):
    assert data_path(name).stat().st_size < MAX_FILE_BYTES
