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
    encode_density,
    filter_counts,
    payload_json,
    varint_decode,
    varint_encode,
)
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


@given(st.lists(st.integers(min_value=-(2**50), max_value=2**50), max_size=200))
def test_varint_round_trip(values):
    assert varint_decode(varint_encode(np.array(values, dtype=np.int64))).tolist() == values


def test_every_placed_incident_is_in_the_payload(table):
    layer = IncidentLayer(table)
    assert not layer.aggregated
    got = decode_payload(layer.payload).sort_values("row", ignore_index=True)
    want = table.frame[table.placed].reset_index(drop=True)
    assert got["row"].tolist() == (np.flatnonzero(table.placed) + 1).tolist()
    assert len(got) == 2999 and layer.payload["total"] == 3000
    assert np.abs(got["lat"] - want["_lat"]).max() <= 0.5e-4 + 1e-9
    assert np.abs(got["lon"] - want["_lon"]).max() <= 0.5e-4 + 1e-9
    for column in table.columns:  # every attribute, as text
        assert got[column].tolist() == want[column].tolist(), column
    assert got["type"].tolist() == want["_type"].tolist()
    days = pd.to_datetime(want["_day"])
    assert (got["day"].isna() == days.isna()).all()
    assert (got["day"][days.notna()] == days[days.notna()]).all()


def test_payload_json_cannot_break_out_of_its_script(table):
    text = payload_json(IncidentLayer(table).payload)
    assert "<" not in text and ">" not in text and "{{" not in text
    assert HOSTILE in json.loads(text)["strings"]


def test_page_is_compact_deterministic_and_lists_the_overlay(table, tmp_path):
    a = save_html(build_table_map(table, tiles="none"), tmp_path / "a.html")
    b = save_html(build_table_map(table, tiles="none"), tmp_path / "b.html")
    page = a.read_text(encoding="utf-8")
    assert page == b.read_text(encoding="utf-8")
    assert page.count('type="application/json"') == 1
    assert "<img src=x" not in page and "{{7*7}}" not in page  # only as \u escapes
    # The overlay is registered with the layer control under its name.
    assert re.search(r'"Incidents"\s*:\s*incident_layer_\d+', page)


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
    page = save_html(build_table_map(read_table(path), tiles="none"), tmp_path / "big.html")
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


def test_density_counts_every_placed_incident(table):
    payload = encode_density(table)
    assert payload["kind"] == "density" and payload["n"] == 2999
    for level in payload["levels"]:
        counts = varint_decode(__import__("base64").b64decode(level["counts"]))
        assert counts.sum() == 2999 and (counts > 0).all()
    assert sum(payload["typeCounts"]) == 2999


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
    day0 = np.datetime64(payload["day0"], "D")
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


@pytest.mark.browser
def test_hostile_text_in_a_popup_stays_text(browser, page_file, table):  # noqa: F811
    visit = open_map(browser, page_file)
    _drawn(visit)
    page = visit.page
    row = 4  # data row 4 holds the hostile note (frame index 3)
    xy = page.evaluate(
        """row => { const l = IncidentCanvas.layers[0], d = l.data;
            const i = d.row.indexOf(row), m = l._map;
            m.setView([d.lat[i], d.lon[i]], 14, {animate: false});
            const p = m.latLngToContainerPoint([d.lat[i], d.lon[i]]); return [p.x, p.y]; }""",
        row,
    )
    page.wait_for_timeout(100)  # the redraw after setView runs on the next frame
    box = page.locator(".leaflet-container").bounding_box()
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
    popup = page.locator(".im-scale-popup")
    popup.wait_for(timeout=5000)
    assert HOSTILE in popup.text_content()
    assert f"Row {row} of the table" in popup.text_content()
    assert popup.locator("img").count() == 0
    assert visit.dialogs == [] and visit.errors == []


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
    assert "2,999 incidents" in page.locator(".im-scale-summary").inner_text()
    # Hover the busiest cell of the level on screen; the tooltip's count is the number of
    # table rows in the cell under the pointer, counted here with numpy.
    xy = page.evaluate(
        """() => { const l = IncidentCanvas.layers[0], lv = l._level, m = l._map;
            let best = 0; for (let i = 1; i < lv.counts.length; i++)
                if (lv.counts[i] > lv.counts[best]) best = i;
            const row = Math.floor(lv.keys[best] / lv.cols), col = lv.keys[best] % lv.cols;
            const c = [row * lv.deg - 90 + lv.deg / 2, col * lv.deg - 180 + lv.deg / 2];
            const p = m.latLngToContainerPoint(c); return [p.x, p.y]; }"""
    )
    box = page.locator(".leaflet-container").bounding_box()
    page.mouse.move(box["x"] + xy[0], box["y"] + xy[1])
    tip = page.locator(".im-scale-tip").inner_text()
    lat, lng, deg = page.evaluate(
        """([x, y]) => { const l = IncidentCanvas.layers[0];
            const c = l._map.containerPointToLatLng([x, y]);
            return [c.lat, c.lng, l._level.deg]; }""",
        xy,
    )
    placed = table.frame[table.placed]
    same = (np.floor((placed["_lat"] + 90) / deg) == np.floor((lat + 90) / deg)) & (
        np.floor((placed["_lon"] + 180) / deg) == np.floor((lng + 180) / deg)
    )
    assert int(same.sum()) > 0
    assert tip == f"{int(same.sum()):,} incidents in this {deg:g}° cell"
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
