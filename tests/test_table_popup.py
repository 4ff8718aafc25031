"""Table popups: the chosen fields, in order, under readable headings, numbers formatted;
the default (type, date, place, fatalities, notes, source); unknown names are an error."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.errors import InputError
from geo.tables.reader import detect_mapping, read_table
from maps.export.save import save_html
from maps.layers.scale import IncidentLayer
from maps.layers.table_popup import field_labels, popup_fields
from maps.page.table import build_table_map
from tests.browser import browser, open_map  # noqa: F401  (browser is a fixture)

ACLED = ["event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1",
         "actor2", "country", "admin1", "location", "latitude", "longitude", "source",
         "notes", "fatalities", "timestamp"]  # fmt: skip


def test_the_default_is_type_date_place_fatalities_notes_source():
    mapping = detect_mapping(ACLED)
    shown = popup_fields(ACLED, mapping)
    assert shown == ["event_type", "event_date", "location", "fatalities", "notes", "source"]
    assert field_labels(shown, mapping) == ["Type", "Date", "Place", "Fatalities", "Notes",
                                            "Source"]  # fmt: skip
    assert popup_fields(ACLED, mapping, "notes, actor1,fatalities") == [
        "notes", "actor1", "fatalities"
    ]  # fmt: skip
    assert "latitude" not in popup_fields(ACLED, mapping, "all")
    # a table with none of the usual columns shows its first ones, not an empty popup
    bare = ["lat", "lon", "what", "who"]
    assert popup_fields(bare, detect_mapping(bare)) == ["what", "who"]


def test_an_unknown_name_says_which_and_lists_the_columns():
    mapping = detect_mapping(ACLED)
    with pytest.raises(InputError) as caught:
        popup_fields(ACLED, mapping, "notes,actor,fatalities")
    text = str(caught.value)
    assert "--popup" in text and "no column 'actor'" in text and "'actor1'" in text
    assert "event_id_cnty, event_date" in text and text.endswith("fatalities, timestamp")
    with pytest.raises(InputError, match="no column named"):
        popup_fields(ACLED, mapping, " , ")


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    path = tmp_path_factory.mktemp("popup") / "events.csv"
    pd.DataFrame(
        {
            "event_date": ["2024-03-02", "2024-03-03"],
            "event_type": ["Battles", "Protests"],
            "location": ["Kharkiv", "Kyiv"],
            "latitude": [49.99396174484498, 50.4501],
            "longitude": [36.23, 30.5234],
            "actor1": ["Military Forces of Ukraine", "Protesters"],
            "notes": ["Shelling of the northern district.", "A rally."],
            "fatalities": [12345, 0],
            "displaced": [1234567.891, 0.0123456],
            "year": [2024, 2024],
            "source": ["Kyiv Independent", "Ukrainska Pravda"],
        }
    ).to_csv(path, index=False)
    return read_table(path)


def test_the_page_carries_the_chosen_fields_and_their_headings(table):
    head = IncidentLayer(table, popup=["notes", "actor1", "fatalities"]).payload.head
    assert head["popup"] == ["notes", "actor1", "fatalities"]
    assert head["labels"] == ["Notes", "Actor 1", "Fatalities"]
    assert head["title"] is None  # the type is not among them: no heading
    with pytest.raises(InputError, match="no column 'nope'"):
        IncidentLayer(table, popup=["nope"])


def _click(visit, index: int) -> str:
    """Centre incident ``index`` (payload order), click it, return the popup's text."""
    page = visit.page
    page.wait_for_function("() => window.incidentCanvasDrawn !== undefined", timeout=20000)
    xy = page.evaluate(
        """i => { const l = IncidentCanvas.layers[0], d = l.data, m = l._map;
            m.closePopup(); m.setView([d.lat[i], d.lon[i]], 12, {animate: false});
            const p = m.latLngToContainerPoint([d.lat[i], d.lon[i]]); return [p.x, p.y]; }""",
        index,
    )
    # the canvas redraws on moveend, asynchronously: wait until the point can be picked
    page.wait_for_function(
        "i => IncidentCanvas.layers[0].data.visible[i] === 1", arg=index, timeout=5000
    )
    box = page.locator(".leaflet-container").bounding_box()
    popup = page.locator(".im-scale-popup")
    for _ in range(20):  # a click before the redraw finds nothing: click again
        page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
        try:
            popup.wait_for(timeout=500)
            break
        except Exception:
            continue
    return popup.inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1200, 800), (375, 667)])
def test_a_click_shows_the_chosen_fields_formatted(browser, table, tmp_path, size):  # noqa: F811
    chosen = ["notes", "actor1", "fatalities", "displaced", "latitude", "year"]
    page = save_html(
        build_table_map(table, tiles="none", self_contained=True, popup=chosen),
        tmp_path / "events.html",
    )
    visit = open_map(browser, page, width=size[0], height=size[1], serve_cdn=False)
    rows = visit.page.evaluate("() => Array.from(IncidentCanvas.layers[0].data.lat)")
    kharkiv = min(range(len(rows)), key=lambda i: abs(rows[i] - 49.99))
    text = _click(visit, kharkiv)
    for want in ("Notes", "Shelling of the northern district.", "Actor 1",
                 "Military Forces of Ukraine", "Fatalities", "12,345", "Displaced",
                 "1,234,567.89", "Latitude", "49.994", "Year", "2024"):  # fmt: skip
        assert want in text, want
    for unwanted in ("Battles", "Kharkiv", "Kyiv Independent", "2 Mar 2024", "Row ",
                     "of the table", "49.99396", "2,024", "12345"):  # fmt: skip
        assert unwanted not in text, unwanted
    # in the chosen order
    at = [text.index(w) for w in ("Notes", "Actor 1", "Fatalities", "Displaced", "Latitude")]
    assert at == sorted(at)
    assert visit.errors == [] and visit.refused == []


@pytest.mark.browser
def test_the_default_popup_reads_like_a_caption(browser, table, tmp_path):  # noqa: F811
    page = save_html(build_table_map(table, tiles="none", self_contained=True), tmp_path / "d.html")
    visit = open_map(browser, page, serve_cdn=False)
    rows = visit.page.evaluate("() => Array.from(IncidentCanvas.layers[0].data.lat)")
    text = _click(visit, min(range(len(rows)), key=lambda i: abs(rows[i] - 49.99)))
    assert visit.page.locator(".im-scale-popup strong").inner_text() == "Battles"
    for want in ("Date", "2 Mar 2024", "Place", "Kharkiv", "Fatalities", "12,345", "Notes",
                 "Source", "Kyiv Independent"):  # fmt: skip
        assert want in text, want
    for unwanted in ("Actor", "Displaced", "Latitude", "Row ", "Year"):
        assert unwanted not in text, unwanted
    assert visit.errors == [] and visit.refused == []


@pytest.mark.browser
@pytest.mark.parametrize(("size", "shown"), [((1200, 800), False), ((375, 667), True)])
def test_a_table_map_without_credit_draws_no_empty_credit_box(
    browser,  # noqa: F811
    table,
    tmp_path,
    size,
    shown,
):
    # On a desktop the box had nothing in it (a small white pill); on a phone it holds the
    # attribution, which moves into it.
    page = save_html(build_table_map(table, tiles="none", self_contained=True), tmp_path / "c.html")
    visit = open_map(browser, page, width=size[0], height=size[1], serve_cdn=False)
    box = visit.page.locator(".im-credit")
    assert box.is_visible() is shown
    if shown:
        assert "Natural Earth" in box.inner_text()
    credited = build_table_map(table, tiles="none", credit="Map: Desk").get_root().render()
    assert "im-credit im-credit-empty" not in credited and 'im-credit"' in credited
