"""The Kremlin map in headless Chromium: layers in the DOM, no JavaScript errors."""

from __future__ import annotations

import pytest

from tests.browser import browser, open_map  # noqa: F401  (browser is a fixture)

pytestmark = pytest.mark.browser

# Listed in drawing order, bottom first: borders lie under everything, incidents on top.
LAYERS = ["Borders & regions", "Rings", "Distances", "Places", "Incidents"]


@pytest.fixture(scope="module")
def kremlin_map(tmp_path_factory, kremlin_story_path):
    from geo.story.read import load_story
    from geo.story.resolve import resolve_story
    from maps.export.save import save_html
    from maps.page.compose import build_map

    out = tmp_path_factory.mktemp("browser") / "kremlin.html"
    save_html(build_map(resolve_story(load_story(kremlin_story_path))), out)
    return out


def _real_errors(visit) -> list[str]:
    # A refused tile shows up as a failed resource load; that is the closed network, not us.
    return [e for e in visit.errors if "Failed to load resource" not in e]


def test_layers_are_in_the_dom_without_js_errors(browser, kremlin_map):  # noqa: F811
    visit = open_map(browser, kremlin_map)
    page = visit.page
    page.wait_for_selector(".leaflet-control-layers")
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert [label.strip() for label in labels] == LAYERS
    # Markers and vector shapes were actually drawn by Leaflet.
    assert page.locator(".leaflet-marker-icon").count() >= 4
    assert page.locator("path.leaflet-interactive").count() >= 5
    assert _real_errors(visit) == []
    assert not [u for u in visit.refused if "tile" not in u and "basemaps" not in u]
    page.close()


def test_toggling_a_layer_removes_its_shapes(browser, kremlin_map):  # noqa: F811
    page = open_map(browser, kremlin_map).page
    page.wait_for_selector(".leaflet-control-layers")
    before = page.locator(".leaflet-marker-icon").count()
    page.get_by_label("Incidents").uncheck()
    after = page.locator(".leaflet-marker-icon").count()
    assert after < before
    page.close()
