"""Open a map in Debian's headless Chromium with the network closed.

Folium's default page loads Leaflet and friends from CDNs. The browser here has no network,
so CDN requests are answered from the ``xstatic-*`` packages (the same files, same
versions); assets no installed package carries are answered empty, and every other request
is refused and recorded. Tests then assert on the live DOM and on JavaScript errors.

``open_map(..., serve_cdn=False)`` answers nothing: every request that leaves the page
(``requests``) is refused, for self-contained pages. ``dialogs`` records alert/confirm/prompt
(dismissed), for the XSS tests.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from maps.export.snapshot import CHROMIUM_ARGS  # one list for tests and for render --png


def _xstatic(module: str) -> Path:
    import importlib

    return Path(importlib.import_module(f"xstatic.pkg.{module}").BASE_DIR)


def local_asset(url: str) -> Path | str | None:
    """The local file that stands for a CDN url; "" when it is to be answered empty."""
    if "leaflet@" in url and "/dist/" in url:
        return _xstatic("leaflet") / url.split("/dist/", 1)[1]
    if "leaflet-gesture-handling@" in url and "/dist/" in url:
        return _xstatic("leaflet_gesturehandling") / url.split("/dist/", 1)[1]
    if "jquery-" in url:
        return _xstatic("jquery") / "jquery.min.js"
    if "fontawesome-free@" in url:
        return _xstatic("font_awesome") / url.split("fontawesome-free@", 1)[1].split("/", 1)[1]
    if any(s in url for s in ("bootstrap", "awesome-markers", "awesome.rotate")):
        return ""  # styling only; the map does not depend on them
    return None


@dataclass
class Visit:
    page: object
    errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every non-file request, in order
    dialogs: list[str] = field(default_factory=list)


_SHARED: dict[str, object] = {}  # one Chromium for every test module that imports the fixture


@pytest.fixture(scope="session")
def browser():
    # Each module importing this fixture gets its own session fixture; playwright's sync API
    # cannot start twice in one thread, so they share one browser, closed by the last user.
    if "browser" not in _SHARED:
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if exe is None:
            pytest.skip("Debian's chromium is not installed (./setup.sh installs it as root)")
        sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
        try:
            pw = sync_api.sync_playwright().start()
            b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        except Exception as e:  # pragma: no cover - depends on the machine
            pytest.skip(f"headless Chromium cannot start here: {e}")
        _SHARED.update(pw=pw, browser=b, users=0)
    _SHARED["users"] += 1
    yield _SHARED["browser"]
    _SHARED["users"] -= 1
    if _SHARED["users"] == 0:
        _SHARED["browser"].close()
        _SHARED["pw"].stop()
        _SHARED.clear()


def _dialog(visit: Visit, dialog) -> None:
    visit.dialogs.append(f"{dialog.type}: {dialog.message}")
    dialog.dismiss()


def open_map(
    browser,
    html_path: Path,
    *,
    width: int = 1200,
    height: int = 800,
    serve_cdn: bool = True,
    init_script: str | None = None,
) -> Visit:
    page = browser.new_page(viewport={"width": width, "height": height})
    visit = Visit(page)
    page.on("pageerror", lambda e: visit.errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: m.type == "error" and visit.errors.append(m.text))
    page.on("dialog", lambda d: _dialog(visit, d))
    if init_script:
        page.add_init_script(init_script)

    def handle(route):
        url = route.request.url
        if url.startswith("file://"):
            return route.continue_()
        visit.requests.append(url)
        if not serve_cdn:
            visit.refused.append(url)
            return route.abort()
        asset = local_asset(url)
        if asset == "":
            return route.fulfill(status=200, body="")
        if isinstance(asset, Path) and asset.is_file():
            return route.fulfill(path=str(asset))
        visit.refused.append(url)
        return route.abort()

    page.route("**/*", handle)
    page.goto(html_path.resolve().as_uri())
    page.wait_for_load_state("load")
    return visit
