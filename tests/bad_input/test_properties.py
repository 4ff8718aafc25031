"""Properties of the geodesic functions and the story loader, on generated input."""

from __future__ import annotations

import math
from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from geo.errors import InputError
from geo.geometry import distances
from geo.geometry.distances import GEOD, geodesic_km, ring
from geo.story.model import INCIDENT_TYPES, Incident, PlaceSpec, Ring, Story
from geo.story.read import parse_story
from geo.story.write import dump_story

LAT = st.floats(-90, 90, allow_nan=False)
LON = st.floats(-180, 180, allow_nan=False)
FAST = settings(max_examples=150, deadline=None)


@FAST
@given(LAT, LON, LAT, LON)
def test_distance_is_symmetric_and_zero_to_itself(a, b, c, d):
    assert math.isclose(geodesic_km(a, b, c, d), geodesic_km(c, d, a, b), abs_tol=1e-6)
    assert geodesic_km(a, b, a, b) == 0
    assert 0 <= geodesic_km(a, b, c, d) <= 20_004  # half the meridian, plus rounding


@FAST
@given(LAT, LON, LAT, LON, LAT, LON)
def test_triangle_inequality(a, b, c, d, e, f):
    ab, bc, ac = geodesic_km(a, b, c, d), geodesic_km(c, d, e, f), geodesic_km(a, b, e, f)
    assert ac <= ab + bc + 1e-6


@FAST
@given(LAT, st.floats(0, 10, allow_nan=False))
def test_antimeridian_is_crossed_the_short_way(lat, d):
    # The ellipsoid is symmetric about its axis: across the antimeridian as across Greenwich.
    across = geodesic_km(lat, 180 - d, lat, -180 + d)
    assert math.isclose(across, geodesic_km(lat, -d, lat, d), rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(geodesic_km(lat, 180, lat, -180), 0, abs_tol=1e-6)


@FAST
@given(LON, LON)
def test_all_longitudes_meet_at_the_poles(a, b):
    assert math.isclose(geodesic_km(90, a, 90, b), 0, abs_tol=1e-6)
    assert math.isclose(geodesic_km(-90, a, 90, b), 20_003.93, abs_tol=0.01)


@settings(max_examples=60, deadline=None)
@given(st.floats(-80, 80), LON, st.floats(0.01, 5000))
def test_ring_points_lie_at_the_radius_within_a_metre(lat, lon, km):
    to_pole = min(geodesic_km(lat, lon, 90, 0), geodesic_km(lat, lon, -90, 0))
    assume(km < to_pole - 1)
    poly = ring(lat, lon, km, n=36)
    xs, ys = poly.exterior.xy
    _, _, metres = GEOD.inv([lon] * len(xs), [lat] * len(xs), list(xs), list(ys))
    assert max(abs(m - km * 1000) for m in metres) <= 1.0


@FAST
@given(st.one_of(st.floats(max_value=0), st.just(math.nan)))
def test_rings_of_no_radius_are_input_errors(km):
    try:
        distances.ring(55.75, 37.6, km)
    except InputError as e:
        assert e.field == "radius_km"
    else:
        raise AssertionError(f"a ring of {km} km was drawn")


# --- the story loader -----------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip() == s and s != ""
)
IDS = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
DAYS = st.dates(date(1900, 1, 1), date(2100, 12, 31))


@st.composite
def stories(draw) -> Story:
    place_ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    places = tuple(
        PlaceSpec(
            id=i,
            name=draw(TEXT),
            lat=draw(st.floats(-90, 90)),
            lon=draw(st.floats(-180, 180)),
        )
        for i in place_ids
    )
    incidents = []
    for k, _ in enumerate(draw(st.lists(st.none(), max_size=4))):
        start = draw(st.one_of(st.none(), DAYS))
        end = draw(st.one_of(st.none(), DAYS)) if start else None
        if start and end and end < start:
            start, end = end, start
        if start == end:
            end = None
        incidents.append(
            Incident(
                id=f"incident-{k + 1}",
                type=draw(st.sampled_from(list(INCIDENT_TYPES))),
                summary=draw(TEXT),
                place=draw(st.sampled_from(place_ids)),
                date_start=start,
                date_end=end,
                count=draw(st.one_of(st.none(), st.integers(0, 10**6))),
                status=draw(st.sampled_from(["claimed", "confirmed", "reported"])),
            )
        )
    rings = tuple(
        Ring(id=f"ring-{k + 1}", around=place_ids[0], radius_km=draw(st.floats(0.001, 20_000)))
        for k, _ in enumerate(draw(st.lists(st.none(), max_size=2)))
    )
    return Story(
        title=draw(TEXT),
        dek=draw(st.one_of(st.just(""), TEXT)),
        date=draw(st.one_of(st.none(), DAYS)),
        places=places,
        incidents=tuple(incidents),
        rings=rings,
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_any_valid_story_round_trips(story: Story):
    assert parse_story(dump_story(story)) == story


@st.composite
def broken_stories(draw) -> str:
    """A valid story's text with one line replaced, deleted, duplicated or mangled."""
    lines = dump_story(draw(stories())).splitlines()
    i = draw(st.integers(0, len(lines) - 1))
    how = draw(st.sampled_from(["replace", "delete", "duplicate", "indent", "truncate"]))
    if how == "replace":
        lines[i] = draw(st.text(max_size=30))
    elif how == "delete":
        del lines[i]
    elif how == "duplicate":
        lines.insert(i, lines[i])
    elif how == "indent":
        lines[i] = " " * draw(st.integers(1, 5)) + lines[i]
    else:
        lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken_stories())
def test_broken_story_gives_input_error_with_line_or_loads(text: str):
    try:
        parse_story(text, "s.yaml")
    except InputError as e:
        assert e.file == "s.yaml"
        assert e.line is not None and 1 <= e.line <= text.count("\n") + 1, str(e)
