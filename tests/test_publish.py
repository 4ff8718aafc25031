"""Publishing: self-contained pages, embedding, accessibility, PNG, GeoJSON, determinism.

Pages are built from the hand-made story in tests/fixtures_maps.py; browser tests open them
in headless Chromium with the network closed (tests/browser.py).
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from geo.errors import InputError
from maps.export.embed import embed_snippet, parse_aspect
from maps.export.save import geojson_text, save_html, to_geojson
from maps.layers import style
from maps.page import assets
from maps.page.compose import build_map
from maps.page.summary import incident_items
from tests.browser import browser, open_map  # noqa: F401  (browser is a fixture)
from tests.fixtures_maps import KREMLIN, make_story

REPO = Path(__file__).resolve().parents[1]
TILE_HOST = "tile.openstreetmap.org"


@pytest.fixture(scope="module")
def resolved():
    return make_story()


@pytest.fixture(scope="module")
def pages(resolved, tmp_path_factory) -> dict[str, Path]:
    """The same story as a CDN page, self-contained with no tiles, and with OSM tiles."""
    folder = tmp_path_factory.mktemp("publish")
    variants = {
        "cdn": {"tiles": "none"},
        "inline": {"tiles": "none", "self_contained": True},
        "inline_osm": {"tiles": "OpenStreetMap.Mapnik", "self_contained": True},
    }
    return {
        k: save_html(build_map(resolved, **kw), folder / f"{k}.html") for k, kw in variants.items()
    }


def _external_urls(page: str) -> list[str]:
    """URLs the page itself loads: <script src>, <link href>, CSS url() other than data:."""
    found = re.findall(r'<script[^>]+src="([^"]+)"', page)
    found += re.findall(r'<link[^>]+href="([^"]+)"', page)
    found += [u for u in re.findall(r"url\(([^)]+)\)", page) if not u.startswith(("data:", "#"))]
    return found


# --- assets -------------------------------------------------------------------------------


def test_self_contained_page_loads_nothing(pages):
    page = pages["inline"].read_text(encoding="utf-8")
    assert _external_urls(page) == []
    assert "L.map(" in page and "L.Map.addInitHook" in page  # Leaflet and the gesture plugin
    assert "src:url(data:font/woff2;base64,d09GMg" in page  # "wOF2" magic: a real woff2


def test_cdn_page_loads_only_what_the_map_uses(pages):
    urls = _external_urls(pages["cdn"].read_text(encoding="utf-8"))
    assert urls == [a.cdn for a in (*assets.SCRIPTS, *assets.STYLESHEETS)]
    for unused in ("jquery", "bootstrap", "glyphicons", "awesome-markers", "awesome.rotate"):
        assert not [u for u in urls if unused in u], unused


def test_inline_css_has_only_the_style_icons(pages):
    page = pages["inline"].read_text(encoding="utf-8")
    rules = re.findall(r'\.fa-([a-z0-9-]+):before\{content:"\\([0-9a-f]+)"\}', page)
    assert sorted(name for name, _ in rules) == sorted(
        s.icon for s in style.INCIDENT_STYLES.values()
    )
    assert ("plane", "f072") in rules
    assert "fa-brands" not in page and "fa-regular-400" not in page


def test_gesture_handling_is_a_map_option(pages):
    assert '"gestureHandling": true' in pages["cdn"].read_text(encoding="utf-8")


def test_no_tiles_draws_a_land_fill_outside_the_layer_control(resolved):
    m = build_map(resolved, tiles="none")
    page = m.get_root().render()
    assert "L.tileLayer" not in page
    assert '"fillColor": "#ffffff"' in page and '"interactive": false' in page
    overlays = [c for c in m._children.values() if c.__class__.__name__ == "LayerControl"]
    assert "Land" not in overlays[0].overlays


# --- determinism --------------------------------------------------------------------------

_RENDER = """
import sys
from tests.fixtures_maps import make_story
from maps.page.compose import build_map
m = build_map(make_story(), tiles={tiles!r}, self_contained={inline})
sys.stdout.write(m.get_root().render())
"""


@pytest.mark.parametrize(("tiles", "inline"), [("none", True), ("OpenStreetMap.Mapnik", False)])
def test_same_story_same_bytes_in_two_processes(tiles, inline):
    code = _RENDER.format(tiles=tiles, inline=inline)
    runs = [
        subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout
    assert len(runs[0].stdout) > 10_000
    assert not re.search(rb"[0-9a-f]{32}", runs[0].stdout)  # no random branca ids left


# --- GeoJSON ------------------------------------------------------------------------------


def test_geojson_carries_story_properties_in_fixed_order(resolved):
    fc = json.loads(geojson_text(resolved))
    first = fc["features"][0]["properties"]
    assert list(first)[:3] == ["layer", "id", "type"]
    assert first["summary"] == "Two drones hit the Senate dome"
    assert first["source_url"] == "https://tass.com/x" and first["count"] == 2
    by_layer = {f["properties"]["layer"]: f["properties"] for f in fc["features"]}
    assert by_layer["Places"]["label"] == "Bryansk Oblast, RU"  # the last place
    assert round(by_layer["Distances"]["km"]) == 349 and by_layer["Distances"]["claimed_km"] is None
    assert by_layer["Rings"]["radius_km"] == 500.0
    assert fc["story"]["title"] == "Drones over Moscow"
    assert fc["story"]["sources"][0] == {"id": "tass", "name": "TASS", "url": "https://tass.com/x"}
    assert geojson_text(resolved) == geojson_text(make_story())
    assert list(to_geojson(resolved)["features"][0]["geometry"]["coordinates"]) == [
        KREMLIN[1],
        KREMLIN[0],
    ]


# --- accessibility ------------------------------------------------------------------------


def _contrast(a: str, b: str) -> float:
    def lum(h: str) -> float:
        c = [int(h.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        c = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted([lum(a), lum(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_helper_matches_wcag_examples():
    assert _contrast("#ffffff", "#000000") == pytest.approx(21.0)
    assert _contrast("#ffffff", "#767676") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("kind", sorted(style.INCIDENT_STYLES))
def test_white_icon_on_each_pin_colour_is_at_least_3_to_1(kind):
    assert _contrast("#ffffff", style.INCIDENT_STYLES[kind].hex) >= 3.0


@pytest.mark.parametrize(
    ("fg", "bg"),
    [
        ("#222222", "#ffffff"),  # box text
        ("#333333", "#ffffff"),  # dek
        ("#555555", "#ffffff"),  # popup facts
        ("#666666", "#f0f0f0"),  # date and note on the box over a grey map (0.94 white)
        (style.DISTANCE_COLOR, "#ffffff"),  # km labels
        (style.RING_COLOR, "#ffffff"),  # ring labels
    ],
)
def test_text_colours_are_at_least_4_5_to_1(fg, bg):
    assert _contrast(fg, bg) >= 4.5


def test_icons_differ_so_colour_is_not_the_only_cue():
    assert len({s.icon for s in style.INCIDENT_STYLES.values()}) == len(style.INCIDENT_STYLES)


def test_text_version_lists_date_type_place_count_summary_source_in_order(resolved, pages):
    first = incident_items(resolved.incidents)[0]
    facts = ["3–5 May 2024", "Drone strike", "Kremlin, Moscow, RU", "2 drones"]
    facts += ["Two drones hit the Senate dome", 'Source: <a href="https://tass.com/x"']
    positions = [first.index(f) for f in facts]
    assert positions == sorted(positions)
    page = pages["inline"].read_text(encoding="utf-8")
    assert 'class="im-text-version im-sr-only"' in page and first in page
    assert "453 km (282 mi), claimed ~500 km — overstated by about 10%" in page
    assert "500 km (311 mi) radius around Kremlin" in page


# --- embedding ----------------------------------------------------------------------------


def test_embed_snippet_is_a_titled_lazy_responsive_iframe():
    snippet = embed_snippet(
        "https://news.example/maps/kremlin.html",
        title='Drones over "Moscow"',
        aspect="16:9",
        fallback_image="https://news.example/maps/kremlin.png",
    )
    assert re.search(
        r'<iframe src="https://news.example/maps/kremlin.html" title="Drones over &quot;Moscow'
        r'&quot;" loading="lazy"',
        snippet,
    )
    assert "aspect-ratio:16 / 9" in snippet
    assert (
        '<noscript><a href="https://news.example/maps/kremlin.html">'
        '<img src="https://news.example/maps/kremlin.png" alt="Drones over &quot;Moscow&quot;"'
        in snippet
    )
    assert "<figcaption><a href=" in snippet


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil/x", "x y"])
def test_embed_refuses_non_http_urls(url):
    with pytest.raises(InputError, match=r"MAP_URL: .* is not an http"):
        embed_snippet(url)


def test_embed_aspect_parsing():
    assert parse_aspect("4:3") == (4.0, 3.0) and parse_aspect("1.91/1") == (1.91, 1.0)
    with pytest.raises(InputError, match="--aspect"):
        parse_aspect("wide")


def test_embed_command_prints_the_snippet(capsys):
    from maps.cli import main

    assert main(["embed", "https://n.example/m.html", "--title", "T", "--aspect", "1:1"]) == 0
    out = capsys.readouterr().out
    assert 'title="T"' in out and "aspect-ratio:1 / 1" in out
    assert main(["embed", "javascript:x"]) == 2


# --- PNG ----------------------------------------------------------------------------------


def test_snapshot_without_chromium_is_an_input_error(monkeypatch, tmp_path, pages):
    from maps.export import snapshot

    monkeypatch.setattr(snapshot.shutil, "which", lambda _name: None)
    with pytest.raises(InputError, match=r"--png: Chromium is not installed.*apt-get install"):
        snapshot.snapshot(pages["inline"], tmp_path / "m.png")


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.browser
def test_png_is_a_real_png_of_the_requested_size(pages, tmp_path, browser):  # noqa: F811
    # Its own process: playwright's sync API cannot nest inside the session's browser.
    out = tmp_path / "map.png"
    args = f"{str(pages['inline'])!r}, {str(out)!r}, 640, 480"
    code = f"from maps.export.snapshot import snapshot; snapshot({args})"
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=120)
    assert _png_size(out) == (640, 480)
    assert out.stat().st_size > 20_000  # a drawn map, not a blank page


# --- in the browser -----------------------------------------------------------------------


def _map_js(name: str) -> str:
    return f"window[document.querySelector('.folium-map').id].{name}"


@pytest.mark.browser
def test_self_contained_no_tiles_makes_no_request_at_all(browser, pages):  # noqa: F811
    visit = open_map(browser, pages["inline"], serve_cdn=False)
    page = visit.page
    page.wait_for_selector(".leaflet-marker-icon")
    page.evaluate("document.fonts.ready")
    assert visit.requests == []
    assert visit.errors == []
    assert page.evaluate("""document.fonts.check('900 13px "Font Awesome 6 Free"')""")
    assert page.locator(".leaflet-marker-icon").count() == 3
    page.close()


@pytest.mark.browser
def test_self_contained_with_tiles_requests_only_tiles(browser, pages):  # noqa: F811
    visit = open_map(browser, pages["inline_osm"], serve_cdn=False)
    visit.page.wait_for_selector(".leaflet-tile", state="attached")
    assert visit.requests, "tiles were requested"
    assert all(TILE_HOST in u for u in visit.requests), visit.requests
    visit.page.close()


@pytest.mark.browser
def test_layers_toggle_in_self_contained_page(browser, pages):  # noqa: F811
    page = open_map(browser, pages["inline"], serve_cdn=False).page
    page.wait_for_selector(".leaflet-control-layers")
    before = page.locator("path.leaflet-interactive").count()
    page.get_by_label("Rings").uncheck()
    assert page.locator("path.leaflet-interactive").count() < before
    page.get_by_label("Rings").check()
    assert page.locator("path.leaflet-interactive").count() == before
    page.close()


@pytest.mark.browser
def test_popup_opens_from_the_keyboard(browser, pages):  # noqa: F811
    page = open_map(browser, pages["inline"], serve_cdn=False).page
    marker = page.locator(".leaflet-marker-icon").first
    assert marker.get_attribute("tabindex") == "0" and marker.get_attribute("role") == "button"
    # Its accessible name: the hidden label inside the pin.
    assert marker.text_content().strip() == "Drone strike · 2 drones · Kremlin, Moscow, RU"
    assert page.locator(".leaflet-popup").count() == 0
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    assert "Two drones hit the Senate dome" in popup.inner_text()
    page.close()


def _overlap(a: dict, b: dict) -> float:
    w = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return max(w, 0) * max(h, 0)


@pytest.mark.browser
def test_phone_width_keeps_legend_and_layer_control_usable(browser, pages):  # noqa: F811
    page = open_map(browser, pages["inline"], width=360, height=640, serve_cdn=False).page
    page.wait_for_selector(".leaflet-control-layers")
    boxes = {
        name: page.locator(sel).bounding_box()
        for name, sel in {
            "legend": ".im-legend",
            "layers": ".leaflet-control-layers",
            "title": ".im-title",
            "credit": ".im-credit",
        }.items()
    }
    for name, box in boxes.items():
        assert box["x"] >= 0 and box["y"] >= 0, name
        assert box["x"] + box["width"] <= 360 and box["y"] + box["height"] <= 640, name
    assert page.locator(".im-legend").get_attribute("open") is None  # collapsed to a button
    assert "leaflet-control-layers-expanded" not in page.locator(
        ".leaflet-control-layers"
    ).get_attribute("class")
    names = list(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert _overlap(boxes[a], boxes[b]) == 0, (a, b)
    # Still usable: the legend opens and lists the types.
    page.locator(".im-legend summary").click()
    assert page.locator(".im-legend li").first.is_visible()
    page.close()


@pytest.mark.browser
def test_scroll_over_the_map_does_not_zoom_but_ctrl_scroll_does(browser, pages):  # noqa: F811
    page = open_map(browser, pages["inline"], serve_cdn=False).page
    page.wait_for_selector(".leaflet-marker-icon")
    zoom = _map_js("getZoom()")
    before = page.evaluate(zoom)
    page.mouse.move(600, 450)
    page.mouse.wheel(0, -600)
    page.wait_for_timeout(600)
    assert page.evaluate(zoom) == before
    assert page.locator(".leaflet-gesture-handling-scroll-warning").count() == 1
    # Ctrl + wheel (how a reader engages) does zoom, so the check above can fail. The
    # plugin turns wheel zoom on during the first such event; the next one zooms.
    page.evaluate(
        """() => { for (let i = 0; i < 2; i++) {
            document.querySelector('.folium-map').dispatchEvent(new WheelEvent('wheel',
                {deltaY: -600, ctrlKey: true, bubbles: true, cancelable: true,
                 clientX: 600, clientY: 450}));
        } }"""
    )
    page.wait_for_function(f"{zoom} !== {before}", timeout=5000)
    page.close()
