"""The large-table renderer: payload codec, page, and (in Chromium) filter, popups, density."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.tables.reader import read_table
from maps.export.save import save_html
from maps.layers.scale import (
    IncidentLayer,
    decode_payload,
    filter_counts,
    payload_json,
    popup_columns,
)
from maps.layers.scale_payload import frame_segments, split_segments, text_segments
from maps.page.table import build_table_map
from tests.browser import browser, open_map  # noqa: F401  (browser is a fixture)

HOSTILE = "<img src=x onerror=alert(1)></script>{{7*7}}`${x}`&amp;"
TYPES = ["Battles", "Explosions/Remote violence", "Protests", "Riots <b>"]


def _frame(n: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = np.datetime64("2024-01-01") + rng.integers(0, 120, n).astype("timedelta64[D]")
    frame = pd.DataFrame(
        {
            "event_date": np.datetime_as_string(days, unit="D"),
            "event_type": np.array(TYPES, dtype=object)[rng.integers(0, len(TYPES), n)],
            "location": [f"Place {i % 97}" for i in range(n)],
            "latitude": rng.uniform(44, 56, n).round(4),
            "longitude": rng.uniform(22, 45, n).round(4),
            "notes": [f"note {i}" for i in range(n)],
            "fatalities": rng.integers(0, 5, n),
        }
    )
    frame.loc[3, "notes"] = HOSTILE
    frame.loc[5, "event_date"] = ""  # undated
    frame.loc[8, "latitude"] = np.nan  # cannot be placed
    frame.loc[8, "location"] = ""
    return frame


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    path = tmp_path_factory.mktemp("scale") / "incidents.csv"
    _frame(3000).to_csv(path, index=False)
    return read_table(path)


@given(st.lists(st.binary(max_size=9), max_size=20))
def test_segments_round_trip(parts):
    assert list(split_segments(frame_segments(parts))) == parts


@given(st.lists(st.text(max_size=12), max_size=30))
def test_text_lengths_count_utf16_units(texts):
    import pyarrow as pa

    lengths, utf8 = text_segments(pa.array(texts, pa.string()))
    assert np.frombuffer(lengths, "<u4").tolist() == [
        len(t.encode("utf-16-le")) // 2 for t in texts
    ]
    assert utf8 == "".join(texts).encode("utf-8")


def test_every_placed_incident_is_in_the_payload(table):
    layer = IncidentLayer(table)
    assert not layer.aggregated
    got = decode_payload(layer.payload).sort_values("row", ignore_index=True)
    want = table.frame[table.placed].reset_index(drop=True)
    assert got["row"].tolist() == (np.flatnonzero(table.placed) + 1).tolist()
    assert len(got) == 2999 and layer.payload.head["total"] == 3000
    kinds = {c["name"]: c["kind"] for c in layer.payload.head["columns"]}
    # typed: the ISO date and the type said by the draw block, numbers as numbers
    assert kinds == {"event_date": "day", "event_type": "type", "location": "dict",
                     "notes": "text", "fatalities": "int"}  # fmt: skip
    assert np.abs(got["lat"] - want["_lat"]).max() <= 0.5e-4 + 1e-9
    assert np.abs(got["lon"] - want["_lon"]).max() <= 0.5e-4 + 1e-9
    for column in kinds:  # every attribute but the coordinates, as text
        assert got[column].tolist() == want[column].astype(object).tolist(), column
    assert got["type"].tolist() == want["_type"].tolist()
    days = pd.to_datetime(want["_day"])
    assert (got["day"].isna() == days.isna()).all()
    assert (got["day"][days.notna()] == days[days.notna()]).all()


def test_table_types_take_the_story_legends_colours(table):
    from maps.layers.style import incident_style

    head = IncidentLayer(table).payload.head
    colors = dict(zip(head["types"], head["colors"], strict=True))
    # ACLED's event types: the colour the story maps' legend gives them
    for kind in ("Battles", "Explosions/Remote violence", "Protests"):
        assert colors[kind] == incident_style(kind).hex, kind
    # not ACLED's: a colour of its own, none of the above
    assert colors["Riots <b>"] not in {colors[k] for k in TYPES[:3]}
    assert len(set(colors.values())) == len(colors)


def test_payload_json_cannot_break_out_of_its_script():
    text = payload_json({"types": [HOSTILE]})
    assert "<" not in text and ">" not in text and "{{" not in text
    assert json.loads(text)["types"] == [HOSTILE]


def test_wide_tables_keep_the_popup_columns_unless_told():
    from geo.tables.reader import detect_mapping

    acled = ["event_id_cnty", "event_date", "year", "disorder_type", "event_type",
             "sub_event_type", "actor1", "inter1", "actor2", "inter2", "interaction", "iso",
             "region", "country", "admin1", "admin2", "location", "latitude", "longitude",
             "source", "notes", "fatalities", "tags", "timestamp"]  # fmt: skip
    mapping = detect_mapping(acled)
    assert popup_columns(acled, mapping) == [
        "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country",
        "admin1", "location", "source", "notes", "fatalities",
    ]  # fmt: skip
    assert len(popup_columns(acled, mapping, "all")) == len(acled) - 2  # not lat/lon
    assert popup_columns(acled, mapping, "notes, actor1") == ["notes", "actor1"]
    with pytest.raises(Exception, match="no column 'nope'"):
        popup_columns(acled, mapping, ["nope"])


def test_page_is_compact_deterministic_and_lists_the_overlay(table, tmp_path):
    a = save_html(build_table_map(table, tiles="none"), tmp_path / "a.html")
    b = save_html(build_table_map(table, tiles="none"), tmp_path / "b.html")
    page = a.read_text(encoding="utf-8")
    assert page == b.read_text(encoding="utf-8")
    assert len(re.findall(r'type="application/json" id="incident_layer_\d+_data"', page)) == 1
    assert "<img src=x" not in page and "{{7*7}}" not in page  # compressed, never raw
    # the details come after the map's script: the parser reaches the map first
    assert page.index("IncidentCanvas.layer(") < page.index('_d0"')
    # The overlay is registered with the layer control under its name.
    assert re.search(r'"Incidents"\s*:\s*incident_layer_\d+', page)


def test_offline_basemap_waits_until_the_incidents_are_drawn(table, tmp_path):
    from maps.layers import basemap

    if not basemap.available():
        pytest.skip("no data/basemap.parquet")
    page = save_html(build_table_map(table, tiles="none"), tmp_path / "a.html").read_text()
    script_end = page.index("IncidentCanvas.layer(")
    shapes = [m.start() for m in re.finditer(r'id="late_shapes_\d+_data"', page)]
    assert shapes and min(shapes) > script_end  # its GeoJSON after the map's script
    assert "_add({" not in page  # none inline in the map's script
    assert max(shapes) < page.index('_d0"')  # before the notes
    assert "incidentcanvasdrawn" in page  # the band switch and the labels wait for it


def test_basemap_caches_give_the_files_rows_and_work_without_a_cache(tmp_path, monkeypatch):
    from maps.layers import basemap

    if not basemap.available():
        pytest.skip("no data/basemap.parquet")
    box = (28.0, 44.0, 42.0, 58.0)
    want = basemap.read(box, ["z4-5", "z6-8"])
    for cache in (tmp_path / "cache", tmp_path / "not-a-folder"):
        if cache.name == "not-a-folder":
            cache.write_text("")  # nothing can be written under it
        monkeypatch.setenv("INCIDENT_MAP_CACHE", str(cache))
        got = basemap.read_cached(box, ["z4-5", "z6-8"])
        assert got[["layer", "band", "name"]].equals(want[["layer", "band", "name"]])
        assert (got["rank"].to_numpy() == want["rank"].to_numpy()).all()
        assert got.geometry.geom_equals_exact(want.geometry, 0).all()
    basemap.cached_lines.cache_clear()
    lines = basemap.cached_lines("recognised")  # computed, not written: still given
    assert set(lines) == set(basemap.BANDS) and len(lines["z0-3"][0]) > 200
    basemap.cached_lines.cache_clear()


def test_self_contained_page_needs_no_cdn(table, tmp_path):
    page = save_html(build_table_map(table, tiles="none", self_contained=True), tmp_path / "s.html")
    assert "cdn.jsdelivr" not in page.read_text(encoding="utf-8")


def test_html_stays_under_50_bytes_per_incident(tmp_path):
    # ACLED-shaped: repeated locations, actors and sources; 20,000 rows.
    rng = np.random.default_rng(1)
    n = 20_000
    frame = _frame(n)
    loc = rng.integers(0, 800, n)
    frame["latitude"] = rng.uniform(44, 56, 800).round(4)[loc]
    frame["longitude"] = rng.uniform(22, 45, 800).round(4)[loc]
    frame["notes"] = [f"note {i}" for i in rng.integers(0, 300, n)]
    path = tmp_path / "big.csv"
    frame.to_csv(path, index=False)
    # With tiles: tiles="none" draws the offline basemap (about 1.3 MB over this area, the
    # same for 100 incidents or a million), which is not the incidents' share.
    m = build_table_map(read_table(path), tiles="OpenStreetMap.Mapnik")
    page = save_html(m, tmp_path / "big.html")
    assert page.stat().st_size / n < 50


def test_filter_counts_follow_the_rule(table):
    payload = IncidentLayer(table).payload
    frame = table.frame[table.placed]
    days = pd.to_datetime(frame["_day"])
    start, end = pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-29")
    inside = days.isna() | ((days >= start) & (days <= end))
    counts = filter_counts(payload, "2024-02-01", "2024-02-29", frozenset({"Riots <b>"}))
    for kind in TYPES:
        expected = 0 if kind == "Riots <b>" else int((inside & (frame["_type"] == kind)).sum())
        assert counts[kind] == expected


# ----------------------------------------------------------------------------- Chromium


@pytest.fixture(scope="module")
def page_file(table, tmp_path_factory):
    out = tmp_path_factory.mktemp("scale-page") / "incidents.html"
    return save_html(build_table_map(table, tiles="none", play=True), out)


def _drawn(visit) -> None:
    visit.page.wait_for_function("() => window.incidentCanvasDrawn !== undefined", timeout=20000)


def _legend_counts(page) -> dict[str, int]:
    rows = page.locator(".im-scale-type").all_inner_texts()
    out = {}
    for row in rows:
        name, _, count = row.strip().rpartition("\n")
        out[name.strip()] = int(count.replace(",", ""))
    return out


@pytest.mark.browser
def test_time_and_type_filters_count_in_the_browser(browser, page_file, table):  # noqa: F811
    visit = open_map(browser, page_file)
    _drawn(visit)
    page = visit.page
    payload = IncidentLayer(table).payload
    assert _legend_counts(page) == filter_counts(payload)
    # 1 Feb .. 29 Feb 2024 on the sliders (day 1 is the first day in the data).
    day0 = np.datetime64(payload.head["day0"], "D")
    first = int((np.datetime64("2024-02-01") - day0).astype(int)) + 1
    last = int((np.datetime64("2024-02-29") - day0).astype(int)) + 1
    page.evaluate(
        """([a, b]) => { for (const [sel, v] of [['.im-scale-from', a], ['.im-scale-to', b]]) {
            const el = document.querySelector(sel); el.value = v;
            el.dispatchEvent(new Event('input')); } }""",
        [first, last],
    )
    page.locator(".im-scale-type", has_text="Riots").locator("input").uncheck()
    want = filter_counts(payload, "2024-02-01", "2024-02-29", frozenset({"Riots <b>"}))
    assert _legend_counts(page) == want
    summary = page.locator(".im-scale-summary").inner_text()
    assert summary.startswith(f"{sum(want.values()):,} of 2,999 shown")
    assert "1 Feb 2024 – 29 Feb 2024" in page.locator(".im-scale-range").inner_text()
    assert page.locator(".im-scale-play").count() == 1
    assert visit.errors == []


def _click_incident(visit, index: int) -> str:
    """Zoom to incident ``index`` (payload order), click it, return the popup's text."""
    page = visit.page
    xy = page.evaluate(
        """i => { const l = IncidentCanvas.layers[0], d = l.data, m = l._map;
            m.closePopup(); m.setView([d.lat[i], d.lon[i]], 14, {animate: false});
            const p = m.latLngToContainerPoint([d.lat[i], d.lon[i]]); return [p.x, p.y]; }""",
        index,
    )
    page.wait_for_timeout(300)  # the redraw after setView; a closed popup fades out
    box = page.locator(".leaflet-container").bounding_box()
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
    popup = page.locator(".im-scale-popup")
    popup.wait_for(timeout=5000)
    return popup.text_content()


def _shown_row(visit) -> int:
    """The table row of the incident the open popup shows (kept in its data-row)."""
    return int(visit.page.locator(".im-scale-popup").get_attribute("data-row"))


@pytest.mark.browser
def test_hostile_text_in_a_popup_stays_text(browser, page_file, table):  # noqa: F811
    visit = open_map(browser, page_file)
    _drawn(visit)
    row = 4  # data row 4 holds the hostile note (frame index 3)
    frame = decode_payload(IncidentLayer(table).payload)
    text = _click_incident(visit, int(np.flatnonzero(frame["row"] == row)[0]))
    assert HOSTILE in text
    assert _shown_row(visit) == row and "of the table" not in text
    assert visit.page.locator(".im-scale-popup img").count() == 0
    assert visit.dialogs == [] and visit.errors == []


@pytest.fixture(scope="module")
def acled(tmp_path_factory):
    """A realistic synthetic ACLED export (31 columns, unique notes, shared places)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "synth_acled.py"
    spec = importlib.util.spec_from_file_location("synth_acled", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    csv = tmp_path_factory.mktemp("acled") / "acled.csv"
    module.make_table(3000, seed=3).to_csv(csv, index=False)
    return read_table(csv)


@pytest.mark.browser
def test_a_click_shows_that_rows_own_notes(browser, acled, tmp_path):  # noqa: F811
    layer = IncidentLayer(acled)
    frame = decode_payload(layer.payload)
    # travels: the popup's columns; stays home: ids, codes, coordinates as text
    kept = [c["name"] for c in layer.payload.head["columns"]]
    assert "notes" in kept and "event_id_cnty" not in kept and "latitude" not in kept
    blocks = len(layer.payload.draw) + sum(map(len, layer.payload.details))
    assert blocks / len(acled.frame) < 80  # 31 columns, unique notes of ~210 characters
    page = save_html(
        build_table_map(acled, tiles="none", self_contained=True), tmp_path / "acled.html"
    )
    visit = open_map(browser, page, serve_cdn=False)
    _drawn(visit)
    notes = acled.frame["notes"].to_numpy()
    # a lone incident, and one of many at a busy place (the popup steps through them)
    spots = frame.groupby(["lat", "lon"])["row"].transform("size").to_numpy()
    lone = int(np.flatnonzero(spots == 1)[0])
    text = _click_incident(visit, lone)
    row = int(frame["row"][lone])
    assert notes[row - 1] in text and _shown_row(visit) == row
    busy = int(np.argmax(spots))
    text = _click_incident(visit, busy)
    shown = _shown_row(visit)
    assert notes[shown - 1] in text
    here = frame.index[(frame["lat"] == frame["lat"][busy]) & (frame["lon"] == frame["lon"][busy])]
    assert f"1 of {len(here):,} incidents here" in text
    visit.page.get_by_label("Next incident here").click()
    visit.page.wait_for_function(
        "r => document.querySelector('.im-scale-popup').dataset.row !== r", arg=str(shown)
    )
    text = visit.page.locator(".im-scale-popup").text_content()
    second = _shown_row(visit)
    assert second in frame["row"][here].tolist() and notes[second - 1] in text
    assert "2 of" in text
    assert visit.errors == [] and visit.refused == []


@pytest.mark.browser
def test_search_shows_only_incidents_whose_text_holds_it(browser, page_file, table):  # noqa: F811
    visit = open_map(browser, page_file)
    _drawn(visit)
    page = visit.page
    placed = table.frame[table.placed]
    for query in ("NOTE 12", "onerror=alert", "place 9"):  # any case; notes and places
        page.get_by_label("Search incidents").fill(query)
        want = sum(
            placed[c].str.contains(query, case=False, regex=False)
            for c in ("notes", "location", "event_type")
        ).gt(0)
        page.wait_for_function(
            "q => document.querySelector('.im-scale-summary').textContent.includes(q)",
            arg=f"matching “{query}”",
        )
        summary = page.locator(".im-scale-summary").inner_text()
        assert summary.startswith(f"{int(want.sum()):,} of 2,999 shown"), (query, summary)
    page.get_by_label("Search incidents").fill("")
    page.wait_for_function(
        "() => document.querySelector('.im-scale-summary').textContent.startsWith('2,999 of')"
    )
    assert visit.errors == [] and visit.dialogs == []


@pytest.mark.browser
def test_overlay_toggles_from_the_layer_control(browser, page_file):  # noqa: F811
    visit = open_map(browser, page_file)
    _drawn(visit)
    page = visit.page
    toggle = page.locator(".leaflet-control-layers-overlays label", has_text="Incidents")
    toggle.locator("input").uncheck()
    assert page.locator("canvas.im-scale-canvas").count() == 0
    assert page.locator(".im-scale-legend").count() == 0
    toggle.locator("input").check()
    assert page.locator("canvas.im-scale-canvas").count() == 1


@pytest.mark.browser
def test_density_view_draws_and_counts_on_hover(browser, table, tmp_path):  # noqa: F811
    out = save_html(build_table_map(table, tiles="none", aggregate=True), tmp_path / "d.html")
    visit = open_map(browser, out)
    _drawn(visit)
    page = visit.page
    assert "2,999 of 2,999 shown" in page.locator(".im-scale-summary").inner_text()
    # Hover the busiest cell in view; the tooltip's count is the number of table rows in the
    # cell under the pointer, counted here with numpy.
    xy = page.evaluate(
        """() => { const l = IncidentCanvas.layers[0], g = l._grid, m = l._map;
            let best = 0; for (let i = 1; i < g.counts.length; i++)
                if (g.counts[i] > g.counts[best]) best = i;
            const r = g.r0 + Math.floor(best / g.cols), c = g.c0 + best % g.cols;
            const p = m.latLngToContainerPoint([r * g.deg - 90 + g.deg / 2,
                                                c * g.deg - 180 + g.deg / 2]);
            return [p.x, p.y]; }"""
    )
    box = page.locator(".leaflet-container").bounding_box()
    page.mouse.move(box["x"] + xy[0], box["y"] + xy[1])
    tip = page.locator(".im-scale-tip").inner_text()
    lat, lng, deg = page.evaluate(
        """([x, y]) => { const l = IncidentCanvas.layers[0];
            const c = l._map.containerPointToLatLng([x, y]);
            return [c.lat, c.lng, l._grid.deg]; }""",
        xy,
    )
    placed = table.frame[table.placed]
    q = np.round(placed[["_lat", "_lon"]].to_numpy() / 1e-4) * 1e-4  # the page's positions
    same = (np.floor((q[:, 0] + 90) / deg) == np.floor((lat + 90) / deg)) & (
        np.floor((q[:, 1] + 180) / deg) == np.floor((lng + 180) / deg)
    )
    assert int(same.sum()) > 0
    assert tip == f"{int(same.sum()):,} incidents in this {deg:g}° cell"
    # the type filter applies to the density view too; back to points, same counts
    page.locator(".im-scale-type", has_text="Riots").locator("input").uncheck()
    want = filter_counts(IncidentLayer(table).payload, hidden_types=frozenset({"Riots <b>"}))
    assert _legend_counts(page) == want
    page.get_by_label("Points").check()
    assert page.evaluate("() => IncidentCanvas.layers[0].mode") == "points"
    assert visit.errors == []


def test_render_dispatches_tables_and_writes_the_report(tmp_path, capsys):
    from maps.cli import main

    frame = _frame(200)
    frame["latitude"] = frame["latitude"].astype(object)
    frame.loc[10, "latitude"] = "north"
    csv = tmp_path / "incidents.csv"
    frame.to_csv(csv, index=False)
    out, report = tmp_path / "map.html", tmp_path / "problems.csv"
    code = main(["render", str(csv), "-o", str(out), "--tiles", "none", "--report", str(report)])
    assert code == 0
    assert "IncidentCanvas.layer(" in out.read_text(encoding="utf-8")
    problems = pd.read_csv(report)
    # Row 9 has neither coordinates nor a name; row 11's "north" sends it to the gazetteer,
    # which does not know "Place 10": both problems of row 11 are listed.
    assert problems[["row", "line", "field"]].values.tolist() == [
        [9, 10, "location"],
        [11, 12, "latitude"],
        [11, 12, "location"],
    ]
    err = capsys.readouterr().err
    assert "200 rows, 198 placed, 2 not placed" in err
    # an existing report is kept unless --force, and that is said before any work
    report.write_text("the desk's notes\n")
    again = ["render", str(csv), "-o", str(tmp_path / "b.html"), "--report", str(report)]
    assert main(again) == 2
    assert "already exists" in capsys.readouterr().err
    assert report.read_text() == "the desk's notes\n" and not (tmp_path / "b.html").exists()
    assert main([*again, "--tiles", "none", "--force"]) == 0
    assert pd.read_csv(report)["row"].tolist() == [9, 11, 11]
    code = main(["render", str(csv), "-o", str(out), "--tiles", "none", "--columns", "lat=nope"])
    assert code == 2
    assert "no column 'nope'" in capsys.readouterr().err
