"""What a reader sees on a desktop (1200x800) and a phone (375x667): labels, framing, requests.

The bundled Kremlin story is drawn self-contained with no tiles (the offline basemap); the
page is opened in headless Chromium with the network closed, and the live DOM is measured.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from geo.resources import data_path
from geo.story.read import load_story
from geo.story.resolve import resolve_story
from maps.export.embed import embed_snippet
from maps.export.save import save_html
from maps.page.compose import build_map
from tests.browser import browser, open_map  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

SIZES = [(1200, 800), (375, 667)]

# Every visible label's box, every visible control's box, every incident pin's box, every
# dot where a distance ends off a named place.
_BOXES = """() => {
    const box = (e) => { const r = e.getBoundingClientRect();
                         return {x: r.left, y: r.top, w: r.width, h: r.height}; };
    const shown = (e) => e.offsetParent !== null && getComputedStyle(e).display !== 'none'
                         && e.getBoundingClientRect().width > 0;
    return {
        labels: [...document.querySelectorAll('.im-label')].filter(shown)
                    .map(e => ({text: e.textContent, kind: e.className, ...box(e)})),
        controls: [...document.querySelectorAll('.leaflet-control')].filter(shown).map(box),
        pins: [...document.querySelectorAll('.im-marker')].filter(shown).map(box),
        ends: [...document.querySelectorAll('.im-endpoint')].map(box).filter(b => b.w > 0),
        size: {w: window.innerWidth, h: window.innerHeight},
    };
}"""


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


@pytest.fixture(scope="module")
def kremlin():
    return resolve_story(load_story(data_path("stories/kremlin-2023-05-03.yaml")))


@pytest.fixture(scope="module")
def kremlin_page(kremlin, tmp_path_factory) -> Path:
    m = build_map(kremlin, tiles="none", self_contained=True)
    return save_html(m, tmp_path_factory.mktemp("labels") / "kremlin.html")


@pytest.fixture(scope="module", params=SIZES, ids=["desktop", "phone"])
def seen(request, browser, kremlin_page):  # noqa: F811
    width, height = request.param
    visit = open_map(browser, kremlin_page, width=width, height=height, serve_cdn=False)
    visit.page.wait_for_timeout(400)
    boxes = visit.page.evaluate(_BOXES)
    yield visit, boxes
    visit.page.close()


def test_no_request_leaves_the_page_and_no_error(seen):
    visit, _ = seen
    assert visit.requests == [] and visit.errors == []


def test_every_label_inside_the_view_and_clear_of_labels_and_controls(seen):
    _, boxes = seen
    labels, size = boxes["labels"], boxes["size"]
    assert len(labels) >= 6 and boxes["ends"]  # the 453 km line ends on the border
    for lb in labels:
        assert lb["x"] >= 0 and lb["y"] >= 0, lb
        assert lb["x"] + lb["w"] <= size["w"] and lb["y"] + lb["h"] <= size["h"], lb
        for control in boxes["controls"]:
            assert not _overlap(lb, control), (lb, control)
        for pin in boxes["pins"]:
            assert not _overlap(lb, pin), (lb, pin)
        for end in boxes["ends"]:  # a border point's dot
            assert not _overlap(lb, end), (lb, end)
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not _overlap(a, b), (a, b)


def test_the_story_places_are_named_on_the_map(seen):
    _, boxes = seen
    texts = {lb["text"] for lb in boxes["labels"]}
    assert {"Moscow", "Bryansk", "Moscow Kremlin", "Ukraine"} <= texts
    assert any(t.startswith("453 km") for t in texts)  # the claim's distance, on its line


def test_the_events_fill_a_third_of_the_view(seen):
    _, boxes = seen
    pins, size = boxes["pins"], boxes["size"]
    assert len(pins) == 4
    width = max(p["x"] + p["w"] for p in pins) - min(p["x"] for p in pins)
    height = max(p["y"] + p["h"] for p in pins) - min(p["y"] for p in pins)
    assert width >= size["w"] / 3 or height >= size["h"] / 3, (width, height, size)


def test_labels_are_placed_again_after_zooming(browser, kremlin_page):  # noqa: F811
    visit = open_map(browser, kremlin_page, width=375, height=667, serve_cdn=False)
    try:
        page = visit.page
        page.wait_for_timeout(300)
        page.click(".leaflet-control-zoom-in")
        page.wait_for_timeout(700)
        boxes = page.evaluate(_BOXES)
        labels = boxes["labels"]
        assert labels
        for i, a in enumerate(labels):
            assert a["x"] >= 0 and a["x"] + a["w"] <= boxes["size"]["w"], a
            for b in labels[i + 1 :]:
                assert not _overlap(a, b), (a, b)
        # A hidden layer takes its labels with it (the phone's layer control is folded).
        page.evaluate("""() => [...document.querySelectorAll('.leaflet-control-layers label')]
            .find(l => l.textContent.trim() === 'Places').querySelector('input').click()""")
        page.wait_for_timeout(200)
        texts = {lb["text"] for lb in page.evaluate(_BOXES)["labels"]}
        assert "Moscow Kremlin" not in texts
    finally:
        visit.page.close()


def test_popup_is_never_under_the_title_box(browser, kremlin_page):  # noqa: F811
    visit = open_map(browser, kremlin_page, width=375, height=667, serve_cdn=False)
    try:
        page = visit.page
        page.wait_for_timeout(300)
        page.locator(".im-marker").first.click()
        page.wait_for_timeout(500)
        popup = page.locator(".leaflet-popup-content-wrapper").bounding_box()
        title = page.locator(".im-title")
        if title.is_visible():
            box = title.bounding_box()
            assert not _overlap(
                {"x": box["x"], "y": box["y"], "w": box["width"], "h": box["height"]},
                {"x": popup["x"], "y": popup["y"], "w": popup["width"], "h": popup["height"]},
            )
    finally:
        visit.page.close()


def test_credit_and_attribution_both_readable_on_a_phone(seen):
    visit, _ = seen
    page = visit.page
    credit = page.locator(".im-credit").bounding_box()
    attribution = page.locator(".leaflet-control-attribution").bounding_box()
    assert credit and attribution
    inside = (
        credit["y"] <= attribution["y"]
        and attribution["y"] + attribution["height"] <= credit["y"] + credit["height"] + 1
    )
    apart = not _overlap(
        {"x": credit["x"], "y": credit["y"], "w": credit["width"], "h": credit["height"]},
        {"x": attribution["x"], "y": attribution["y"], "w": attribution["width"],
         "h": attribution["height"]},
    )  # fmt: skip
    assert inside or apart


def test_no_title_page_has_no_title_box(browser, kremlin, tmp_path):  # noqa: F811
    page = save_html(build_map(kremlin, tiles="none", self_contained=True, show_title=False),
                     tmp_path / "bare.html")  # fmt: skip
    visit = open_map(browser, page, width=375, height=667, serve_cdn=False)
    try:
        assert visit.page.locator(".im-title").count() == 0
        assert visit.page.locator(".im-label").count() > 0
    finally:
        visit.page.close()


def test_embed_box_is_taller_on_a_phone(browser, tmp_path):  # noqa: F811
    host = tmp_path / "article.html"
    host.write_text(
        "<!doctype html><meta name=viewport content='width=device-width'><body style='margin:0'>"
        + embed_snippet("https://news.example/map.html").replace('loading="lazy"', ""),
        encoding="utf-8",
    )
    heights = {}
    for width, height in SIZES:
        visit = open_map(browser, host, width=width, height=height, serve_cdn=False)
        heights[width] = visit.page.locator(".incident-map-embed > div").bounding_box()["height"]
        visit.page.close()
    assert heights[1200] == pytest.approx(1200 * 3 / 4, abs=2)  # 4:3 on a wide page
    assert heights[375] >= 450  # not the 281 px a 4:3 box would be


def test_distances_labelled_in_miles_when_asked(browser, kremlin, tmp_path):  # noqa: F811
    page = save_html(build_map(replace(kremlin), tiles="none", self_contained=True, units="mi"),
                     tmp_path / "mi.html")  # fmt: skip
    visit = open_map(browser, page, serve_cdn=False)
    try:
        visit.page.wait_for_timeout(300)
        texts = {lb["text"] for lb in visit.page.evaluate(_BOXES)["labels"]}
        assert "217 mi" in texts and "311 mi" in texts
    finally:
        visit.page.close()


# Two towns 25 km apart on a map framed by a line across a whole country: at the zoom that
# fits the story their pins would stand on each other.
_NEAR_TOWNS = """
title: Fighting around Goma and Sake, talks in Kinshasa
places:
  - {id: goma, name: Goma, country: CD}
  - {id: sake, name: Sake, country: CD}
  - {id: kinshasa, name: Kinshasa, country: CD}
incidents:
  - {id: a, type: armed_clash, place: goma, date: 2025-01-26, summary: Fighting near the airport}
  - {id: b, type: non_state_actor_overtakes_territory, place: goma, date: 2025-01-27,
     summary: Rebels say they hold the city}
  - {id: c, type: armed_clash, place: sake, date: 2025-01-23, summary: Clashes on the road west}
  - {id: d, type: peaceful_protest, place: kinshasa, date: 2025-01-28,
     summary: Protesters march on embassies}
"""


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_pins_of_nearby_towns_are_fanned_out_not_stacked(browser, tmp_path, size):  # noqa: F811
    (tmp_path / "near.yaml").write_text(_NEAR_TOWNS, encoding="utf-8")
    story = resolve_story(load_story(tmp_path / "near.yaml"))
    page = save_html(build_map(story, tiles="none", self_contained=True), tmp_path / "near.html")
    visit = open_map(browser, page, width=size[0], height=size[1], serve_cdn=False)
    try:
        visit.page.wait_for_timeout(400)
        boxes = visit.page.evaluate(_BOXES)
        pins = boxes["pins"]
        assert len(pins) == 4
        for i, a in enumerate(pins):  # round pins: their centres a diameter apart
            for b in pins[i + 1 :]:
                gap = math.hypot(a["x"] + a["w"] / 2 - b["x"] - b["w"] / 2,
                                 a["y"] + a["h"] / 2 - b["y"] - b["h"] / 2)  # fmt: skip
                assert gap >= (a["w"] + b["w"]) / 2 - 0.5, (a, b)
        for lb in boxes["labels"]:
            for pin in pins:
                assert not _overlap(lb, pin), (lb, pin)
    finally:
        visit.page.close()
