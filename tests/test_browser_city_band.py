"""A close, coastal story drawn offline at city zoom: the basemap's z9-11 band.

``tests/maps_input/three-ports.yaml`` (invented incidents at three real ports around Odesa
Bay, 20 to 35 km apart) is drawn self-contained with no tiles and opened in headless
Chromium with the network closed, at 1200x800 and 375x667.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely

from geo.story.read import load_story
from geo.story.resolve import resolve_story
from maps.export.save import save_html
from maps.layers import basemap
from maps.page.compose import build_map
from tests.browser import browser, open_map  # noqa: F401  (the fixture)
from tests.test_browser_labels import _BOXES, _overlap

STORY = Path(__file__).parent / "maps_input" / "three-ports.yaml"
SIZES = [(1200, 800), (375, 667)]


def test_close_events_take_the_city_band():
    bounds = [[46.30, 30.66], [46.60, 31.02]]
    desk, phone = basemap.fit_zoom(bounds, basemap.DESKTOP), basemap.fit_zoom(bounds, basemap.PHONE)
    assert basemap.bands_for(desk, phone) == ["z9-11"]
    # a country-wide story stays in the coarse bands: no city-band bytes on its page
    wide = [[51.4, 31.3], [57.2, 39.7]]
    got = basemap.bands_for(basemap.fit_zoom(wide, basemap.DESKTOP),
                            basemap.fit_zoom(wide, basemap.PHONE))  # fmt: skip
    assert "z9-11" not in got


def test_the_city_band_covers_a_view_at_the_coast_zoom():
    # a page by the sea opens at zoom 10 (maps/layers/coast.py): its land must reach the
    # edges of that view, not only of the zoom-11 view the events alone would get (three
    # spots 3 km apart in Odesa's harbour)
    bounds = [[46.4688, 30.7413], [46.4995, 30.7550]]
    have = basemap.city_box(bounds)
    want = shapely.box(*basemap.view_box(bounds, 10, basemap.DESKTOP))
    assert have.contains(want)


@pytest.fixture(scope="module")
def ports_page(tmp_path_factory) -> Path:
    m = build_map(resolve_story(load_story(STORY)), tiles="none", self_contained=True)
    return save_html(m, tmp_path_factory.mktemp("city") / "ports.html")


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), SIZES, ids=["desktop", "phone"])
def test_close_events_fill_a_third_of_the_view(browser, ports_page, width, height):  # noqa: F811
    visit = open_map(browser, ports_page, width=width, height=height, serve_cdn=False)
    try:
        visit.page.wait_for_timeout(400)
        boxes = visit.page.evaluate(_BOXES)
        zoom = visit.page.evaluate(
            "() => Object.values(window).find(v => v instanceof L.Map).getZoom()"
        )
        credit = visit.page.locator(".leaflet-control-attribution").inner_text()
    finally:
        visit.page.close()
    assert visit.requests == [] and visit.errors == []
    assert zoom >= 9  # framed closer than the old offline cap of 8, in the city band
    pins, size = boxes["pins"], boxes["size"]
    assert len(pins) == 3
    span_x = max(p["x"] + p["w"] for p in pins) - min(p["x"] for p in pins)
    span_y = max(p["y"] + p["h"] for p in pins) - min(p["y"] for p in pins)
    assert span_x >= size["w"] / 3 or span_y >= size["h"] / 3, (span_x, span_y, size)
    labels = boxes["labels"]
    texts = {lb["text"] for lb in labels}
    assert {"Odesa Sea Port", "Chornomorsk Sea Port", "Port Pivdennyi"} <= texts
    assert "GeoNames" in credit  # the city band's towns (CC BY 4.0)
    for i, a in enumerate(labels):
        assert a["x"] >= 0 and a["x"] + a["w"] <= size["w"], a
        for b in labels[i + 1 :]:
            assert not _overlap(a, b), (a, b)
        for control in boxes["controls"]:
            assert not _overlap(a, control), (a, control)


def _fit_zoom_cap(story: Path) -> int:
    from maps.page.framing import FitView

    m = build_map(resolve_story(load_story(story)), tiles="none", self_contained=True)
    return next(c for c in m._children.values() if isinstance(c, FitView)).max_zoom


def test_by_the_sea_the_page_opens_no_closer_than_10(tmp_path):
    # NE's ~1 km coast would put a quay in the sea, or a pier on land, at zoom 11
    assert _fit_zoom_cap(STORY) == 10
    # the same story 25 km inland: zoom 11 (lon shifted west, away from the Black Sea)
    text = STORY.read_text(encoding="utf-8")
    for lon in ("30.7480", "30.6620", "31.0150"):
        text = text.replace(f"lon: {lon}", f"lon: {float(lon) - 0.45:.4f}")
    inland = tmp_path / "inland.yaml"
    inland.write_text(text, encoding="utf-8")
    assert _fit_zoom_cap(inland) == 11
