"""The Folium map: layers, labels, legend, escaping, view, tiles, attribution and export.

Built from a hand-made ``ResolvedStory`` that follows the column contract of geo/resolved.py
(no gazetteer or resolver involved): Kremlin, Red Square, Bryansk, Bryansk Oblast, a line to
the Ukraine border (453 km, claimed 500), a line to Bryansk (349 km), a 500 km ring, RU/UA
outlines and occupied Crimea.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import pytest

from geo.errors import InputError
from geo.story.resolved import ResolvedStory
from geo.story.vocabulary import event_type_of
from maps import layers
from maps.export.save import save_html, to_geojson
from maps.layers import distances, style
from maps.layers.legend import legend_items
from maps.page.compose import build_map, content_bounds, tile_provider
from maps.page.framing import FitView
from tests.fixtures_maps import (
    ATTRIBUTION,
    BRYANSK,
    HOSTILE,
    HOSTILE_ESCAPED,
    KREMLIN,
    RED_SQUARE,
    UA_BORDER,
    make_story,
)


@pytest.fixture(scope="module")
def resolved() -> ResolvedStory:
    return make_story()


@pytest.fixture(scope="module")
def page(resolved) -> str:
    return build_map(resolved, tiles="none").get_root().render()


# --- layers and labels ------------------------------------------------------------------


def test_fixture_distances_are_what_the_labels_should_say(resolved):
    assert resolved.distances["km"].round().tolist() == [453, 349]


def test_the_five_layers_are_named_in_the_page(page):
    for name in ("Incidents", "Places", "Distances", "Borders \\u0026 regions", "Rings"):
        assert name in page, name


def test_layer_control_lists_the_layers_expanded():
    m = build_map(make_story(), tiles="none")
    m.get_root().render()  # the control collects its layers when rendered
    controls = [c for c in m._children.values() if isinstance(c, folium.LayerControl)]
    assert len(controls) == 1
    assert controls[0].options["collapsed"] is False
    assert set(controls[0].overlays) == set(layers.LAYER_NAMES)


def test_labels_in_miles_when_asked(resolved):
    from maps.layers.labels import distance_text

    rows = resolved.distances.to_dict("records")
    assert [distance_text(r, "mi") for r in rows] == ["282 mi (claimed ~311)", "217 mi"]
    page = build_map(resolved, tiles="none", units="mi").get_root().render()
    assert '"311 mi","ring"' in page and '"217 mi","distance"' in page


def test_distance_labels_km_miles_and_claim(page):
    assert '"453 km (claimed ~500)","distance"' in page  # the label on the line
    assert "349 km" in page
    assert "453 km (282 mi)" in page  # hover: 453.06 km = 281.5 mi
    assert "349 km (217 mi)" in page
    assert "overstated by about 10%" in page  # verdict in the popup
    assert "47 km (10%) less than measured" not in page
    assert "47 km (10%) more than measured" in page


def test_incident_popups_show_type_dates_count_status_and_link(page):
    assert "Drone strike" in page and "2 drones" in page and "1 train" in page
    assert "3–5 May 2024" in page and "4 May 2024" in page
    assert "Claimed" in page and "Confirmed" in page
    assert 'href="https://tass.com/x"' in page
    assert "location approximate: region level" in page


def test_each_incident_type_has_its_icon(page):
    for kind in ("drone-strike", "derailment", "air-defence"):
        st = style.incident_style(kind)
        assert f"fa-{st.icon}" in page and f"background:{st.hex}" in page


def test_icons_and_colours_are_distinct_per_type():
    styles = style.INCIDENT_STYLES.values()
    assert len({s.icon for s in styles}) == len(style.INCIDENT_STYLES)
    # one colour per ACLED event type: the sub-event types within it differ by icon
    by_event = {event_type_of(k): s.hex for k, s in style.INCIDENT_STYLES.items()}
    assert len(set(by_event.values())) == len(by_event) == 7
    assert style.incident_style("air_drone_strike").hex == style.incident_style("grenade").hex
    for s in styles:
        assert s.color in folium.Icon.color_options


def test_border_point_gets_a_marker_but_places_do_not_twice(resolved):
    ends = distances._endpoints_off_places(resolved.distances, resolved.places)
    assert [(lat, lon) for lat, lon, _ in ends] == [UA_BORDER]


def test_occupied_area_is_hatched_with_a_tooltip(page):
    assert "Crimea — occupied by Russia since 2014" in page
    assert f'<pattern id="{style.HATCH_ID}"' in page
    assert f"url(#{style.HATCH_ID})" in page


def test_ring_tooltip_gives_radius(page):
    assert "500 km (311 mi) radius around Kremlin" in page


# --- legend, title, credit, attribution ---------------------------------------------------


def _legend_html(page: str) -> str:
    match = re.search(r'class="im-box im-legend".*?</ul>', page, re.S)
    assert match, "no legend in the page"
    return match.group(0)


def test_legend_lists_types_present_and_not_absent(page):
    legend = _legend_html(page)
    # the fixture's older type names drawn under ACLED's labels
    for label in (
        "Air or drone strike",
        "Sabotage, looting or property destruction",
        "Interception (disrupted weapons use)",
    ):
        assert label in legend
    for label in ("Armed clash", "Arrests", "Other", "Shelling"):
        assert label not in legend
    for label in ("Geodesic distance", "Radius ring", "Country border"):
        assert label in legend
    assert "Occupied" not in legend  # Crimea is far outside a Moscow to Bryansk view
    assert "fa-plane" in legend and "fa-house-crack" in legend and "fa-shield" in legend


def test_legend_items_follow_vocabulary_order():
    items = legend_items(["derailment", "drone-strike"], rings=True)
    labels = ["Air or drone strike", "Sabotage, looting or property destruction", "Radius ring"]
    assert [i["label"] for i in items] == labels


def test_every_acled_type_draws_in_its_legend_colour(resolved):
    # One incident of each sub-event type, and ACLED's strategic "Other" (type other, event
    # type strategic_developments), which was drawn grey while its event type is blue.
    from geo.story.vocabulary import EVENT_TYPES, INCIDENT_TYPES

    pairs = [(t, None) for t in INCIDENT_TYPES] + [("other", "strategic_developments")]
    n = len(pairs)
    incidents = resolved.incidents.iloc[[0] * n].reset_index(drop=True)
    incidents["id"] = [f"i{k}" for k in range(n)]
    incidents["type"] = [t for t, _ in pairs]
    incidents["event_type"] = [event_type_of(t, e) for t, e in pairs]
    incidents["type_label"] = [INCIDENT_TYPES[t] for t, _ in pairs]
    incidents["count"] = pd.array([pd.NA] * n, dtype="Int64")
    incidents = incidents.set_geometry(
        gpd.points_from_xy([30 + k * 0.3 for k in range(n)], [50.0] * n, crs=4326)
    )
    page = build_map(replace(resolved, incidents=incidents), tiles="none").get_root().render()
    pins = re.findall(
        r'im-pin\\"\s+style=\\"background:(#\w+)\\"\\u003e\\u003ci class=\\"fa-solid fa-([\w-]+)',
        page,
    )
    assert len(pins) == n
    for (kind, event), (color, icon) in zip(pairs, pins, strict=True):
        assert color == style.EVENT_COLORS[event_type_of(kind, event)][1], (kind, event)
        assert icon == style.INCIDENT_STYLES[kind].icon
    legend = re.findall(r'im-sw-marker" style="background:(#\w+)">\s*<i class="fa fa-([\w-]+)"',
                        _legend_html(page))  # fmt: skip
    assert sorted(legend) == sorted(set(pins))  # every legend row is a marker's look, and back
    assert "Other (strategic developments)" in _legend_html(page)
    assert len(EVENT_TYPES) == len({c for c, _ in pins})  # seven event types, seven colours


def test_title_dek_and_credit_are_text_in_the_page(page):
    assert "<h1>Drones over Moscow</h1>" in page
    assert "Where the week&#39;s incidents happened" in page
    assert "<title>Drones over Moscow</title>" in page
    assert "Map: Test Desk" in page and "TASS" in page


def test_boundaries_attribution_added(page):
    assert "addAttribution" in page and ATTRIBUTION in page


# --- escaping and links -------------------------------------------------------------------


def test_hostile_text_is_escaped_everywhere():
    story = make_story(title=HOSTILE, dek=HOSTILE, summary=HOSTILE, place_label=HOSTILE)
    page = build_map(story, tiles="none").get_root().render()
    assert "<script>alert" not in page
    assert "\\u003cscript\\u003ealert" not in page  # raw markup smuggled through JSON
    assert HOSTILE_ESCAPED in page


def test_template_literal_breakout_is_neutralised():
    page = (
        build_map(make_story(summary="`); alert(1); (`${alert(2)}"), tiles="none")
        .get_root()
        .render()
    )
    assert "${alert(2)}" not in page and "`); alert(1)" not in page
    assert "&#96;); alert(1); (&#96;&#36;&#123;alert(2)&#125;" in page


def test_javascript_urls_never_become_links(page):
    assert "javascript:" not in page
    assert not re.search(r'href="(?!https?://)', page.split("<body>", 1)[1])


def test_link_helper():
    assert layers.link("https://example.org/a?b=1&c=2", "Ex") == (
        '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" '
        'rel="noopener noreferrer">Ex</a>'
    )
    assert layers.link("data:text/html,hi", "Ex") == "Ex"
    assert layers.link("//evil.example/x", "Ex") == "Ex"


# --- view and tiles -----------------------------------------------------------------------


def test_view_fits_the_events_and_distances_not_the_whole_ring(resolved):
    m = build_map(resolved, tiles="none")
    fits = [c for c in m._children.values() if isinstance(c, FitView)]
    assert len(fits) == 1
    (south, west), (north, east) = fits[0].bounds
    for lat, lon in [KREMLIN, RED_SQUARE, BRYANSK, UA_BORDER]:
        assert south <= lat <= north and west <= lon <= east, (lat, lon)
    # The 500 km ring (north to 60.2 N) would shrink the events: the frame stops at twice
    # their span; and Russia's outline never pulls it.
    assert north < 58 and east < 41


def test_far_places_and_countries_do_not_pull_the_view(resolved):
    far = resolved.places.iloc[[0]].copy()
    far["id"], far["precision"], far["label"] = "berlin", "city", "Berlin, DE"
    far["geometry"] = gpd.points_from_xy([13.4], [52.5], crs=4326)
    country = far.copy()
    country["id"], country["precision"] = "russia", "country"
    country["geometry"] = gpd.points_from_xy([100.0], [60.0], crs=4326)
    more = pd.concat([resolved.places, far, country], ignore_index=True)
    assert content_bounds(replace(resolved, places=more)) == content_bounds(resolved)


def test_a_one_city_story_is_not_framed_to_take_in_a_capital_220_km_away(resolved):
    # Beirut's incidents and a 62 km line south: Amman (220 km) is context, not the frame;
    # a valley 30 km away still joins it.
    from shapely.geometry import LineString

    beirut = resolved.incidents.iloc[[0, 1]].copy()
    beirut["geometry"] = gpd.points_from_xy([35.50, 35.51], [33.89, 33.88], crs=4326)
    line = resolved.distances.iloc[[0]].copy()
    line["geometry"] = [LineString([(35.50, 33.89), (35.62, 33.34)])]
    places = resolved.places.iloc[[0, 1]].copy()
    places["id"], places["precision"] = ["amman", "bekaa"], "city"
    places["geometry"] = gpd.points_from_xy([35.93, 35.90], [31.95, 33.85], crs=4326)
    story = replace(resolved, incidents=beirut, distances=line, rings=None, places=places)
    (south, _), (_, east) = content_bounds(story)
    assert south > 33.0 and east >= 35.90  # not Amman at 31.95 N; the valley at 35.90 E


def test_content_bounds_falls_back_to_borders_then_none(resolved):
    empty = resolved.places.iloc[0:0]
    only_borders = replace(resolved, places=empty, incidents=empty, distances=empty, rings=empty)
    assert content_bounds(only_borders) == [[44.4, 22.0], [70.0, 60.0]]
    assert content_bounds(replace(only_borders, borders=empty)) is None
    build_map(replace(only_borders, borders=empty), tiles="none")  # still renders


def test_tiles_none_gives_no_tile_layer(page):
    from maps.layers import basemap

    assert "L.tileLayer" not in page
    # The offline basemap's sea under its land (the plain grey without the basemap data).
    assert f"background: {basemap.SEA if basemap.available() else '#f2f1ee'}" in page


def test_offline_basemap_ships_only_the_view_and_english_names(page):
    from maps.layers import basemap

    if not basemap.available():
        pytest.skip("no data/basemap.parquet")
    assert '"Smolensk","town"' in page and '"Belarus","country"' in page
    assert "Москва" not in page
    assert '"Lisbon"' not in page and '"Vladivostok"' not in page  # far outside the view
    assert "Basemap: Natural Earth" in page


def test_named_tiles_add_layer_and_attribution(resolved):
    page = build_map(resolved, tiles="OpenStreetMap.Mapnik").get_root().render()
    assert page.count("L.tileLayer(") == 1
    assert "tile.openstreetmap.org" in page and "OpenStreetMap" in page
    assert ATTRIBUTION in page


def test_tiles_needing_a_key(resolved):
    with pytest.raises(InputError, match=r"tiles: tiles CartoDB\.Positron need an API key"):
        tile_provider("CartoDB.Positron")
    page = build_map(resolved, tiles="CartoDB.Positron", tiles_key="k123").get_root().render()
    assert "key=k123" in page and "CARTO" in page


def test_unknown_tiles_is_an_input_error():
    with pytest.raises(InputError, match=r"tiles: unknown tile provider 'Nope\.Tiles'"):
        tile_provider("Nope.Tiles")


# --- export -------------------------------------------------------------------------------


def test_save_html_writes_and_replaces_its_own_map(resolved, tmp_path):
    m = build_map(resolved, tiles="none")
    out = save_html(m, tmp_path / "map.html")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Drones over Moscow" in text
    assert oct(out.stat().st_mode & 0o777) == oct(0o644)
    save_html(m, out)  # a map may be replaced without --force
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]  # no temp files left


def test_save_html_refuses_other_files_without_force(resolved, tmp_path):
    notes = tmp_path / "notes.html"
    notes.write_text("my notes, not a map", encoding="utf-8")
    m = build_map(resolved, tiles="none")
    with pytest.raises(InputError, match=r"notes\.html.*refusing to overwrite.*--force"):
        save_html(m, notes)
    assert notes.read_text(encoding="utf-8") == "my notes, not a map"
    save_html(m, notes, force=True)
    assert "Drones over Moscow" in notes.read_text(encoding="utf-8")


def test_save_html_is_atomic_when_rendering_fails(tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("<!DOCTYPE html><html><head><script src='leaflet.js'>", encoding="utf-8")
    before = target.read_text(encoding="utf-8")
    m = build_map(make_story(), tiles="none")

    def boom(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        save_html(m, target, force=True)  # not a signed page: only --force may replace it
    assert target.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_save_html_missing_folder(tmp_path, resolved):
    with pytest.raises(InputError, match="folder does not exist"):
        save_html(build_map(resolved, tiles="none"), tmp_path / "nope" / "map.html")


def test_to_geojson_layers_and_serialisable(resolved):
    fc = to_geojson(resolved)
    json.dumps(fc, allow_nan=False)  # NaN claims and NA counts must come out as null
    layers_seen = [f["properties"]["layer"] for f in fc["features"]]
    assert layers_seen.count("Incidents") == 3 and layers_seen.count("Places") == 4
    assert layers_seen.count("Distances") == 2 and layers_seen.count("Rings") == 1
    bryansk_line = [f for f in fc["features"] if f["properties"].get("to_label") == "Bryansk"]
    assert bryansk_line[0]["properties"]["claimed_km"] is None
    assert fc["features"][2]["properties"]["count"] is None
    assert list(fc["features"][0]["geometry"]["coordinates"]) == [KREMLIN[1], KREMLIN[0]]


def test_rendering_writes_nothing_to_disk(resolved, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    build_map(resolved, tiles="none").get_root().render()
    assert list(Path(tmp_path).iterdir()) == []


# --- areas, occupied lines, title -----------------------------------------------------------


@pytest.fixture(scope="module")
def kremlin() -> ResolvedStory:
    from geo.resources import data_path
    from geo.story.read import load_story
    from geo.story.resolve import resolve_story

    return resolve_story(load_story(data_path("stories/kremlin-2023-05-03.yaml")))


def test_named_country_and_region_are_areas_with_their_name_not_points(kremlin):
    page = build_map(kremlin, tiles="none").get_root().render()
    assert '"Ukraine","area"' in page  # written inside Ukraine's outline
    assert "label point of the country" not in page  # no dot standing for Ukraine
    assert "Country or province named in the story" in page
    from geo.resources import data_path
    from maps.page.named import named_area_frame

    areas = named_area_frame(kremlin)
    assert areas["kind"].tolist()[-1] == "country"
    if data_path("admin1.parquet").is_file():  # the oblast's outline, not a point
        assert '"Bryansk Oblast","area"' in page
        bryansk = areas.set_index("name").loc["Bryansk Oblast", "geometry"]
        assert 30_000 < bryansk.area * 111 * 111 * 0.6 < 40_000  # ~34,900 km²


def test_crimea_note_only_when_the_map_shows_crimea(resolved):
    note = (
        "Boundaries: NE, internationally recognised "
        "(Crimea shown as part of Ukraine, occupied by Russia)"
    )
    resolved = replace(resolved, boundaries_attribution=note)
    far = build_map(resolved, tiles="none").get_root().render()  # Moscow to Bryansk
    assert "Crimea shown as part of Ukraine" not in far
    assert "Boundaries: NE, internationally recognised" in far
    south = resolved.incidents.copy()
    south["geometry"] = gpd.points_from_xy([34.1, 33.5, 36.5], [44.9, 45.2, 45.3], crs=4326)
    near = build_map(replace(resolved, incidents=south), tiles="none").get_root().render()
    assert "Crimea shown as part of Ukraine, occupied by Russia" in near
    assert "Occupied by Russia (Natural Earth lines, 2014)" in _legend_html(near)


def test_no_title_leaves_headline_to_the_article(resolved):
    page = build_map(resolved, tiles="none", show_title=False).get_root().render()
    assert 'class="im-box im-title"' not in page
    assert "<title>Drones over" in page  # the page's own title stays for the browser tab


def _areas_file(tmp_path, props, geometry=None):
    from maps.page.dated_areas import read_areas

    geometry = geometry or {
        "type": "Polygon",
        "coordinates": [[[35.0, 47.0], [39.5, 47.0], [39.5, 49.5], [35.0, 47.0]]],
    }
    path = tmp_path / "areas.geojson"
    feature = {"type": "Feature", "properties": props, "geometry": geometry}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return read_areas(path)


def test_dated_areas_replace_the_packaged_lines_with_whose_and_when(resolved, tmp_path):
    props = {"name": "<b>{{7*7}}</b>", "held_by": "Russia", "as_of": "2023-05", "source": "ISW"}
    areas = _areas_file(tmp_path, props)
    south = resolved.incidents.copy()
    south["geometry"] = gpd.points_from_xy([37.5, 37.0, 38.0], [48.0, 48.3, 47.8], crs=4326)
    page = build_map(replace(resolved, incidents=south), tiles="none", areas=areas)
    html = page.get_root().render()
    assert "Held by Russia, as of May 2023 (ISW)" in _legend_html(html)
    assert "Natural Earth lines" not in html and "since 2014" not in html
    assert "&lt;b&gt;&#123;&#123;7*7&#125;&#125;&lt;/b&gt;" in html and "<b>{{7*7}}" not in html


@pytest.mark.parametrize(
    ("props", "field"),
    [
        ({"held_by": "Russia", "as_of": "2023-05-03"}, "features[0].properties.source"),
        ({"held_by": "Russia", "as_of": "spring", "source": "ISW"}, "properties.as_of"),
    ],
)
def test_dated_areas_errors_name_the_feature_and_field(tmp_path, props, field):
    with pytest.raises(InputError, match=re.escape(field)):
        _areas_file(tmp_path, props)


BASEMAP_BUDGET = 400_000  # bytes the offline basemap may add to a regional story's page


def test_offline_basemap_land_is_one_shape_per_band():
    # The land data comes cut on 90-degree meridians; drawn as separate shapes, their shared
    # edge showed as a hairline across Russia on a map from Ukraine to Irkutsk.
    from maps.layers import basemap

    if not basemap.available():
        pytest.skip("no data/basemap.parquet")
    base = basemap.build([[45.0, 30.0], [69.0, 105.0]], None)
    lands = [
        child.data
        for _, group in base.groups
        for child in group._children.values()
        if isinstance(child, folium.GeoJson) and child.layer_name == "Land"
    ]
    assert lands and all(len(land["features"]) == 1 for land in lands)


def test_offline_basemap_stays_within_its_byte_budget(kremlin, monkeypatch):
    from maps.layers import basemap

    if not basemap.available():
        pytest.skip("no data/basemap.parquet")
    with_basemap = len(build_map(kremlin, tiles="none").get_root().render().encode())
    monkeypatch.setattr(basemap, "available", lambda: False)
    without = len(build_map(kremlin, tiles="none").get_root().render().encode())
    assert 100_000 < with_basemap - without < BASEMAP_BUDGET  # Kremlin: ~340 kB


def test_a_single_spot_story_in_a_named_country_renders(kremlin):
    one = kremlin.incidents.iloc[[0]]
    page = build_map(replace(kremlin, incidents=one, distances=one.iloc[0:0], rings=None),
                     tiles="none").get_root().render()  # fmt: skip
    assert '"Ukraine","area"' in page  # drawn, not an error


def test_the_credit_names_who_gave_the_places(resolved):
    page = build_map(resolved, tiles="none").get_root().render()
    assert "Places: GeoNames (CC BY 4.0)" in page  # Bryansk is a GeoNames city
    landmarks_only = resolved.places.assign(source="landmarks")
    page = build_map(replace(resolved, places=landmarks_only), tiles="none").get_root().render()
    assert "GeoNames" not in page
    online = resolved.places.assign(source="geopy", source_id="nominatim:42")
    page = build_map(replace(resolved, places=online), tiles="none").get_root().render()
    assert "Places: \\u00a9 OpenStreetMap contributors (ODbL)" in page  # © in a JS string
