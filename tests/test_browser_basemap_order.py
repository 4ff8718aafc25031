"""The offline basemap lies under the story's lines: read from the pixels a reader sees.

The basemap's land was once painted over the distance lines, rings and area outlines (all
in Leaflet's overlay pane, the land added last). The DOM said nothing was wrong: the lines
were there, under the land. So this test takes a screenshot of the Kremlin map (self-
contained, ``--tiles none``) with labels, pins and controls hidden, and checks the colour
of the pixels where each line is drawn (its vertices projected with
``map.latLngToContainerPoint``). With the basemap's pane above the overlay pane it fails.
"""

from __future__ import annotations

import base64

import pytest

from geo.resources import data_path
from geo.story.read import load_story
from geo.story.resolve import resolve_story
from maps.export.save import save_html
from maps.layers import style
from maps.page.compose import build_map
from tests.browser import browser, open_map  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

# Only the map's own drawing: the furniture and labels could cover a line anywhere.
_HIDE = """.im-label, .im-labels, .leaflet-marker-pane, .leaflet-tooltip-pane,
.leaflet-popup-pane, .leaflet-control-container { visibility: hidden !important; }"""

# Points on every drawn line of the given colours, in container pixels, inside the view.
_POINTS = """(colors) => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const size = map.getSize(), out = {};
    const flat = (ll) => Array.isArray(ll) ? ll.flatMap(flat) : [ll];
    map.eachLayer((layer) => {
        if (!(layer instanceof L.Path) || !layer.getLatLngs) { return; }
        const color = layer.options.color;
        if (!colors.includes(color) || layer.options.pane !== 'overlayPane') { return; }
        const pts = flat(layer.getLatLngs());
        const step = Math.max(1, Math.floor(pts.length / 60));
        for (let i = 0; i < pts.length; i += step) {
            const p = map.latLngToContainerPoint(pts[i]);
            if (p.x < 4 || p.y < 4 || p.x > size.x - 4 || p.y > size.y - 4) { continue; }
            (out[color] = out[color] || []).push([Math.round(p.x), Math.round(p.y)]);
        }
    });
    return out;
}"""

# The colours of a PNG (base64) at points, each the nearest to `target` in a 3x3 box.
_PIXELS = """async ([png, points, target]) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + png;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const data = g.getImageData(0, 0, c.width, c.height).data;
    return points.map(([x, y]) => {
        let best = 1e9;
        for (let dy = -1; dy <= 1; dy++) { for (let dx = -1; dx <= 1; dx++) {
            const k = ((y + dy) * c.width + (x + dx)) * 4;
            const d = Math.max(Math.abs(data[k] - target[0]), Math.abs(data[k + 1] - target[1]),
                               Math.abs(data[k + 2] - target[2]));
            best = Math.min(best, d);
        } }
        return best;
    });
}"""


def _rgb(hex_color: str) -> list[int]:
    return [int(hex_color[i : i + 2], 16) for i in (1, 3, 5)]


@pytest.fixture(scope="module")
def kremlin_page(tmp_path_factory):
    resolved = resolve_story(load_story(data_path("stories/kremlin-2023-05-03.yaml")))
    m = build_map(resolved, tiles="none", self_contained=True)
    return save_html(m, tmp_path_factory.mktemp("basemap-order") / "kremlin.html")


# colour, the share of its points that must show it (the ring is dashed: 8 on, 6 off)
LINES = [
    (style.DISTANCE_COLOR, 0.8),
    (style.RING_COLOR, 0.35),
    (style.REGION_COLOR, 0.5),
]


@pytest.mark.parametrize("size", [(1200, 800), (375, 667)], ids=["desktop", "phone"])
def test_lines_rings_and_outlines_are_drawn_over_the_basemap(browser, kremlin_page, size):  # noqa: F811
    visit = open_map(browser, kremlin_page, width=size[0], height=size[1], serve_cdn=False)
    page = visit.page
    try:
        page.wait_for_function("() => document.querySelector('.leaflet-im-basemap-pane')")
        page.add_style_tag(content=_HIDE)
        points = page.evaluate(_POINTS, [c for c, _ in LINES])
        png = base64.b64encode(page.screenshot(type="png")).decode()
        for color, share in LINES:
            found = points.get(color, [])
            assert len(found) >= 10, (color, found)  # the line is in view, sampled
            diffs = page.evaluate(_PIXELS, [png, found, _rgb(color)])
            shown = sum(d <= 45 for d in diffs) / len(diffs)
            assert shown >= share, (color, shown, diffs)
        assert visit.errors == [] and visit.requests == []
    finally:
        page.close()
