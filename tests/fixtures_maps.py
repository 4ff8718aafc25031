"""A hand-made ``ResolvedStory`` for map tests, following the column contract of
geo/resolved.py (no gazetteer or resolver involved): Kremlin, Red Square, Bryansk, Bryansk
Oblast, a line to the Ukraine border (453 km, claimed 500), a line to Bryansk (349 km), a
500 km ring, RU/UA outlines and occupied Crimea.

>>> make_story(title="Other").story.title
'Other'
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon

from geo.story.model import Source, Story
from geo.story.resolved import ResolvedStory

GEOD = Geod(ellps="WGS84")
KREMLIN = (55.7520, 37.6175)
RED_SQUARE = (55.7539, 37.6208)
BRYANSK = (53.2521, 34.3717)
BRYANSK_OBLAST = (52.88, 33.42)
UA_BORDER = (52.352, 33.81)  # 453.06 km from the Kremlin on WGS84
ATTRIBUTION = "Boundaries: Natural Earth 5.1.1 (Admin 0, recognised view)"
HOSTILE = "<script>alert(1)</script>"
HOSTILE_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def geodesic_line(a: tuple[float, float], b: tuple[float, float], n: int = 32) -> LineString:
    inner = GEOD.npts(a[1], a[0], b[1], b[0], n)
    return LineString([(a[1], a[0]), *inner, (b[1], b[0])])


def geodesic_ring(center: tuple[float, float], km: float, n: int = 90) -> Polygon:
    az = np.linspace(0, 360, n, endpoint=False)
    lon, lat, _ = GEOD.fwd(np.full(n, center[1]), np.full(n, center[0]), az, np.full(n, km * 1e3))
    return Polygon(zip(lon, lat, strict=True))


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    return GEOD.inv(a[1], a[0], b[1], b[0])[2] / 1000


def make_story(**over) -> ResolvedStory:
    story = Story(
        title=over.pop("title", "Drones over Moscow"),
        dek=over.pop("dek", "Where the week's incidents happened"),
        credit="Map: Test Desk",
        sources=(
            Source("tass", "TASS", "https://tass.com/x"),
            Source("bad", "Bad Source", "javascript:alert(2)"),
        ),
    )
    places = gpd.GeoDataFrame(
        {
            "id": ["kremlin", "red-square", "bryansk", "bryansk-oblast"],
            "name": ["Kremlin", "Red Square", "Bryansk", "Bryansk Oblast"],
            "label": [
                "Kremlin, Moscow, RU",
                over.pop("place_label", "Red Square, Moscow, RU"),
                "Bryansk, RU",
                "Bryansk Oblast, RU",
            ],
            "kind": ["landmark", "landmark", "city", "region"],
            "precision": ["point", "point", "city", "region"],
            "country": ["RU"] * 4,
            "source": ["landmarks", "landmarks", "geonames", "naturalearth"],
            "source_id": ["1", "2", "571476", "RUS-2696"],
        },
        geometry=[Point(p[1], p[0]) for p in (KREMLIN, RED_SQUARE, BRYANSK, BRYANSK_OBLAST)],
        crs=4326,
    )
    incidents = gpd.GeoDataFrame(
        {
            "id": ["i1", "i2", "i3"],
            "type": ["drone-strike", "derailment", "air-defence"],
            "type_label": ["Drone strike", "Derailment", "Air defence interception"],
            "date_start": ["2024-05-03", "2024-05-04", ""],
            "date_end": ["2024-05-05", "", ""],
            "count": pd.array([2, 1, pd.NA], dtype="Int64"),
            "summary": [over.pop("summary", "Two drones hit the Senate dome"), "Freight train", ""],
            "status": ["claimed", "confirmed", "reported"],
            "place_id": ["kremlin", "bryansk", "bryansk-oblast"],
            "place_label": ["Kremlin, Moscow, RU", "Bryansk, RU", "Bryansk Oblast, RU"],
            "precision": ["point", "city", "region"],
            "source_name": ["TASS", "Evil", ""],
            "source_url": ["https://tass.com/x", over.pop("bad_url", "javascript:alert(3)"), ""],
            "sentence": ["", "", ""],
        },
        geometry=[Point(p[1], p[0]) for p in (KREMLIN, BRYANSK, BRYANSK_OBLAST)],
        crs=4326,
    )
    border_km, bryansk_km = km_between(KREMLIN, UA_BORDER), km_between(KREMLIN, BRYANSK)
    distances = gpd.GeoDataFrame(
        {
            "id": ["d1", "d2"],
            "from_label": ["Kremlin", "Kremlin"],
            "to_label": ["Ukraine border (nearest point)", "Bryansk"],
            "km": [border_km, bryansk_km],
            "miles": [border_km / 1.609344, bryansk_km / 1.609344],
            "claimed_km": [500.0, np.nan],
            "diff_km": [500.0 - border_km, np.nan],
            "verdict": ["overstated by about 10%", ""],
            "label": ["", ""],
            "from_lat": [KREMLIN[0]] * 2,
            "from_lon": [KREMLIN[1]] * 2,
            "to_lat": [UA_BORDER[0], BRYANSK[0]],
            "to_lon": [UA_BORDER[1], BRYANSK[1]],
        },
        geometry=[geodesic_line(KREMLIN, UA_BORDER), geodesic_line(KREMLIN, BRYANSK)],
        crs=4326,
    )
    rings = gpd.GeoDataFrame(
        {"id": ["r1"], "around_label": ["Kremlin"], "radius_km": [500.0], "label": [""]},
        geometry=[geodesic_ring(KREMLIN, 500)],
        crs=4326,
    )
    borders = gpd.GeoDataFrame(
        {
            "iso_a2": ["RU", "UA", "UA"],
            "name": ["Russia", "Ukraine", "Crimea"],
            "status": ["country", "country", "occupied"],
            "note": ["", "", "occupied by Russia since 2014"],
        },
        geometry=[
            Polygon([(27, 50), (60, 50), (60, 70), (27, 70)]),
            Polygon([(22, 44.5), (40, 44.5), (40, 52.3), (22, 52.3)]),
            Polygon([(32.5, 44.4), (36.6, 44.4), (36.6, 46.2), (32.5, 46.2)]),
        ],
        crs=4326,
    )
    resolved = ResolvedStory(story, places, incidents, distances, rings, borders, ATTRIBUTION)
    assert not over, f"unused overrides {over}"
    return resolved
