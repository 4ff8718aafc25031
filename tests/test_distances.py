"""Geodesic distances, lines, rings, nearest border points and claim checks."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from geo.errors import InputError
from geo.geometry import borders
from geo.geometry.distances import (
    ClaimCheck,
    NearestPoint,
    check_claim,
    check_direction,
    claim_tolerance,
    compass_azimuth,
    distance_to_border,
    distances_to_border_km,
    format_km,
    geodesic_km,
    geodesic_line,
    km_to_miles,
    nearest_point,
    offset_point,
    ring,
)

KREMLIN = (55.7520, 37.6175)
BRYANSK = (53.2521, 34.3717)
GEOD = Geod(ellps="WGS84")

lats = st.floats(-89.9, 89.9)
lons = st.floats(-180, 180)


def test_kremlin_to_bryansk():
    # Reference 349.0 km; WGS84 geodesic gives 348.7 km.
    assert geodesic_km(*KREMLIN, *BRYANSK) == pytest.approx(349.0, abs=1.0)


def test_kremlin_to_ukraine_border_on_the_russian_border():
    p = distance_to_border(*KREMLIN, "UA")
    assert isinstance(p, NearestPoint)
    assert p.km == pytest.approx(453.0, abs=1.0)  # NE 10m (456 km with NE 50m)
    assert not p.inside
    # The nearest point is on the Russia-Ukraine border (north-east of Chernihiv oblast).
    assert nearest_point(p.lat, p.lon, borders.country_geometry("RU")).km < 3
    assert 51.5 < p.lat < 53 and 33 < p.lon < 35
    # km is the real geodesic length to that point.
    assert p.km == pytest.approx(geodesic_km(*KREMLIN, p.lat, p.lon), abs=1e-6)


def test_nearest_point_is_not_beaten_by_any_border_vertex():
    geom = borders.country_geometry("UA")
    xy = shapely.get_coordinates(geom.boundary)
    vertex_km = geodesic_km(KREMLIN[0], KREMLIN[1], xy[:, 1], xy[:, 0])
    p = distance_to_border(*KREMLIN, "UA")
    assert p.km <= vertex_km.min() + 1e-6
    assert p.km > vertex_km.min() - 0.5  # and the data's vertices are dense enough


def test_inside_points_and_the_two_views():
    simferopol = (44.95, 34.10)
    rec = distance_to_border(*simferopol, "UA")
    assert rec.inside and 0 < rec.km < 100
    assert distance_to_border(*simferopol, "RU", view="de-facto").inside
    assert not distance_to_border(*simferopol, "RU").inside


def test_nearest_point_to_a_line_and_a_square():
    line = shapely.LineString([(10, -1), (10, 1)])
    p = nearest_point(0, 11, line)
    assert (p.lat, p.lon) == pytest.approx((0, 10), abs=1e-4)  # ~10 m: densification
    assert p.km == pytest.approx(GEOD.inv(11, 0, 10, 0)[2] / 1000, abs=0.01)
    assert not p.inside
    inside = nearest_point(0.5, 10.2, shapely.box(10, 0, 11, 1))
    assert inside.inside and inside.lon == pytest.approx(10, abs=1e-6)


def test_vectorised_border_distances_match_the_exact_ones():
    rng = np.random.default_rng(7)
    lat = rng.uniform(40, 62, 200)
    lon = rng.uniform(15, 55, 200)
    fast = distances_to_border_km(lat, lon, "UA")
    exact = np.array([distance_to_border(a, b, "UA").km for a, b in zip(lat, lon, strict=True)])
    assert exact.max() > 1000  # the sample reaches far from the border
    # Never an underestimate; documented bound 0.5 km within 1,500 km of the border.
    assert np.all(fast >= exact - 1e-3)
    assert np.all(fast - exact < 0.5)
    assert fast.shape == (200,)


def test_vectorised_border_distances_keep_shape():
    out = distances_to_border_km(np.full((2, 3), KREMLIN[0]), np.full((2, 3), KREMLIN[1]), "UA")
    assert out.shape == (2, 3)
    assert out == pytest.approx(np.full((2, 3), 453.06), abs=0.5)


@settings(max_examples=60, deadline=None)
@given(lats, lons, lats, lons)
def test_symmetry_and_zero(lat1, lon1, lat2, lon2):
    assert geodesic_km(lat1, lon1, lat2, lon2) == pytest.approx(
        geodesic_km(lat2, lon2, lat1, lon1), abs=1e-6
    )
    assert geodesic_km(lat1, lon1, lat1, lon1) == 0


def test_broadcasting():
    out = geodesic_km(KREMLIN[0], KREMLIN[1], np.array([BRYANSK[0], KREMLIN[0]]), BRYANSK[1])
    assert out.shape == (2,)
    assert out[0] == pytest.approx(348.7, abs=0.1)
    assert isinstance(geodesic_km(0, 0, 0, 1), float)


def test_antimeridian_and_poles():
    assert geodesic_km(0, 179.5, 0, -179.5) == pytest.approx(111.3, abs=0.1)
    # Across the North Pole: 0.5° of latitude each side.
    assert geodesic_km(89.5, 0, 89.5, 180) == pytest.approx(111.7, abs=0.2)
    assert geodesic_km(90, 0, 90, 123) == pytest.approx(0, abs=1e-6)
    line = geodesic_line(0, 179.5, 0, -179.5, max_segment_km=10)
    lons_ = np.array(line.xy[0])
    assert np.all(np.diff(lons_) > 0) and lons_[-1] == pytest.approx(180.5)
    assert line.length < 1.01  # degrees: no detour round the world


def test_geodesic_line_points_lie_on_the_geodesic():
    line = geodesic_line(*KREMLIN, *BRYANSK, max_segment_km=10)
    xy = np.array(line.coords)
    assert (xy[0, 1], xy[0, 0]) == pytest.approx(KREMLIN)
    assert (xy[-1, 1], xy[-1, 0]) == pytest.approx(BRYANSK)
    steps = geodesic_km(xy[:-1, 1], xy[:-1, 0], xy[1:, 1], xy[1:, 0])
    assert steps.max() <= 10.0 + 1e-6
    assert steps.sum() == pytest.approx(geodesic_km(*KREMLIN, *BRYANSK), abs=1e-3)


@pytest.mark.parametrize("centre", [KREMLIN, (0, 179.9), (-70.0, -60.0), (85.0, 20.0)])
def test_ring_points_at_radius(centre):
    poly = ring(*centre, 150, n=90)
    xy = np.array(poly.exterior.coords)[:-1]
    assert len(xy) == 90
    km = geodesic_km(centre[0], centre[1], xy[:, 1], xy[:, 0])
    assert np.abs(km - 150).max() < 0.001  # within 1 m
    assert poly.is_valid
    assert poly.contains(shapely.Point(centre[1], centre[0]))


@pytest.mark.parametrize("radius", [0, -5])
def test_ring_radius_must_be_positive(radius):
    with pytest.raises(InputError, match="radius_km"):
        ring(*KREMLIN, radius)


def test_ring_over_the_pole_is_refused():
    with pytest.raises(InputError, match="pole"):
        ring(89.0, 0, 500)


def test_check_claim_verdicts():
    c = check_claim(500, 453)
    assert isinstance(c, ClaimCheck)
    assert c.diff_km == pytest.approx(-47)
    assert c.diff_pct == pytest.approx(-9.4)
    assert c.category == "consistent" and c.qualifier == "about"
    assert c.verdict.startswith("consistent: claimed about 500 km, measured 453 km")
    assert "47 km or 9% less" in c.verdict and "450 to 550 km" in c.verdict
    over = check_claim(800, 453)
    assert over.category == "overstated" and "43% less" in over.verdict
    under = check_claim(300, 453)
    assert under.category == "understated" and "153 km or 51% more" in under.verdict


# (claimed, qualifier, true km at the edge of consistency): the rule of tests/stories/README.
EDGES = [
    (100, "about", 90.0, 110.0),
    (40, "about", 30.0, 50.0),  # never less than 10 km either side
    (200, "nearly", 180.0, 220.0),
    (15, "exact", 5.0, 25.0),
    (800, "more_than", 755.0, math.inf),
    (1000, "at_least", 945.0, math.inf),
    (30, "less_than", 0.0, 36.5),
    (40, "within", 0.0, 47.0),
    (10, "at_most", 0.0, 15.5),
]


@pytest.mark.parametrize(("claimed", "qualifier", "low", "high"), EDGES)
def test_claim_tolerance_follows_the_rule(claimed, qualifier, low, high):
    assert claim_tolerance(claimed, qualifier) == pytest.approx((low, high))
    assert check_claim(claimed, low + 0.01, qualifier).category == "consistent"
    if low > 0:
        assert check_claim(claimed, low - 0.01, qualifier).category == "overstated"
    if high < math.inf:
        assert check_claim(claimed, high - 0.01, qualifier).category == "consistent"
        assert check_claim(claimed, high + 0.01, qualifier).category == "understated"


def test_bounds_are_not_read_as_about():
    # "less than 25 km" when it is 12 km is true; "about 25 km" would be overstated.
    assert check_claim(25, 12, "less_than").category == "consistent"
    assert check_claim(25, 12, "about").category == "overstated"
    # "more than 300 km" when it is 420 km is true.
    assert check_claim(300, 420, "more_than").category == "consistent"
    assert check_claim(300, 420, "about").category == "understated"


def test_uncheckable_claim_says_why():
    c = check_claim(30, None, "about", why="the front line has no fixed point")
    assert c.category == "uncheckable" and c.measured_km is None and c.diff_km is None
    assert "front line" in c.verdict


def test_unknown_qualifier_is_refused():
    with pytest.raises(InputError, match="qualifier"):
        check_claim(30, 20, "roughly-ish")


@pytest.mark.parametrize(
    ("text", "azimuth"),
    [("south-east", 135), ("southeast", 135), ("SE", 135), ("north", 0), ("WNW", 292.5),
     ("south west", 225)],
)  # fmt: skip
def test_compass_azimuth(text, azimuth):
    assert compass_azimuth(text) == azimuth


def test_compass_azimuth_refuses_other_words():
    with pytest.raises(InputError, match="direction"):
        compass_azimuth("upstream")


def test_check_direction_uses_the_bearing_from_the_reference():
    # Bryansk lies south-west of Moscow: azimuth from Moscow to Bryansk is about 218 degrees.
    expected = GEOD.inv(KREMLIN[1], KREMLIN[0], BRYANSK[1], BRYANSK[0])[0] % 360
    c = check_direction(*BRYANSK, *KREMLIN, "south-west")
    assert c.bearing == pytest.approx(expected, abs=1e-6) and c.ok
    assert c.off_deg == pytest.approx(abs(expected - 225), abs=1e-6)
    assert check_direction(*BRYANSK, *KREMLIN, "south").ok  # 38 degrees off
    assert not check_direction(*BRYANSK, *KREMLIN, "west").ok  # 52 degrees off
    assert not check_direction(*BRYANSK, *KREMLIN, "north-east").ok
    assert not check_direction(*KREMLIN, *BRYANSK, "south-west").ok  # the ends swapped


def test_offset_point_lies_at_the_distance_and_bearing():
    p = offset_point(*KREMLIN, "south-west", 100)
    assert geodesic_km(*KREMLIN, p.lat, p.lon) == pytest.approx(100, abs=0.01)
    assert check_direction(p.lat, p.lon, *KREMLIN, "south-west").off_deg < 0.01
    assert p.precision == "approximate"
    # 10 km along (the plain tolerance) and 100 sin 22.5 = 38 km across
    assert p.uncertainty_km == pytest.approx(math.hypot(10, 38.27), abs=0.1)


@pytest.mark.parametrize(
    ("claimed", "measured", "field"),
    [(0, 10, "claimed_km"), (-5, 10, "claimed_km"), (10, math.nan, "measured_km")],
)
def test_check_claim_rejects_bad_numbers(claimed, measured, field):
    with pytest.raises(InputError, match=field):
        check_claim(claimed, measured)


def test_formatting_and_miles():
    assert format_km(453.06) == "453 km"
    assert format_km(4.46) == "4.5 km"
    assert format_km(12345.6) == "12,346 km"
    assert km_to_miles(1.609344) == pytest.approx(1.0)
    assert km_to_miles(np.array([0, 160.9344])) == pytest.approx([0, 100])


def test_bad_coordinates_name_the_field():
    with pytest.raises(InputError, match="lat"):
        geodesic_km(95, 0, 0, 0)
    with pytest.raises(InputError, match="iso_a2"):
        distance_to_border(*KREMLIN, "XX")
