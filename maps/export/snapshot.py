"""A PNG of a map page (legend, title and all) through headless Chromium.

Uses Debian's ``/usr/bin/chromium`` driven by playwright's Python package; nothing is
downloaded. The page is given until its map is drawn: Leaflet's panes exist, the web fonts
(icons) are loaded and every tile image has finished (loaded or failed).

>>> snapshot("story.html", "story.png", 1200, 800)       # doctest: +SKIP
PosixPath('/.../story.png')
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from geo.errors import InputError

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHROMIUM_NAMES = ("chromium", "chromium-browser")

# A picture has nothing to click: no zoom buttons, no layer control, no gesture hint. The
# title, legend, credit, attribution and labels stay.
PRINT_CSS = """
.leaflet-control-zoom, .leaflet-control-layers { display: none !important; }
.leaflet-gesture-handling-touch-warning::after,
.leaflet-gesture-handling-scroll-warning::after { display: none !important; }
"""

_REPLACE_LABELS = """() => document.querySelectorAll('.leaflet-container').forEach(
    function (c) { if (c.imLabels) { c.imLabels.place(); } })"""

# Drawn: map panes exist, fonts loaded, no tile still loading, and Leaflet idle for a frame.
_DRAWN = """() => {
    if (!document.querySelector('.leaflet-map-pane')) { return false; }
    if (document.fonts && document.fonts.status !== 'loaded') { return false; }
    return Array.from(document.querySelectorAll('img.leaflet-tile'))
        .every(function (img) { return img.complete; });
}"""


def find_chromium() -> str:
    """Path of the system Chromium; ``InputError`` saying how to install it when missing."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise InputError(
        "Chromium is not installed, so no PNG can be drawn",
        field="--png",
        hint="install it (Debian/Ubuntu: sudo apt-get install chromium) or leave out --png",
    )


def snapshot(
    html_path: str | os.PathLike[str],
    png_path: str | os.PathLike[str],
    width: int = 1200,
    height: int = 800,
    *,
    timeout_s: float = 30.0,
) -> Path:
    """Open ``html_path`` at ``width`` x ``height`` CSS pixels and save a PNG to ``png_path``.

    Written atomically (a reader never sees half a PNG). Raises ``InputError`` when the
    page does not exist, Chromium or playwright is missing, or the size is not positive.
    """
    source = Path(html_path).expanduser()
    target = Path(png_path).expanduser()
    if not source.is_file():
        raise InputError("no such map page", file=str(source), hint="render the map first")
    if width <= 0 or height <= 0:
        raise InputError(f"size {width}x{height} is not positive", field="--png-size")
    if not target.parent.is_dir():
        raise InputError("its folder does not exist", file=str(target), hint="create it first")
    exe = find_chromium()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise InputError(
            "the playwright package is not installed, so no PNG can be drawn",
            field="--png",
            hint="pip install playwright (the system Chromium is used; no browser download)",
        ) from None

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".png")
    os.close(fd)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(source.resolve().as_uri(), wait_until="load")
                page.add_style_tag(content=PRINT_CSS)
                # Controls gone: let the labels claim the room they leave.
                page.evaluate(_REPLACE_LABELS)
                # Tiles that never answer: draw what is there rather than nothing.
                with contextlib.suppress(PlaywrightError):
                    page.wait_for_function(_DRAWN, timeout=timeout_s * 1000, polling=100)
                page.wait_for_timeout(300)  # let Leaflet's fade-in and fitBounds settle
                page.screenshot(path=tmp, full_page=False)
            finally:
                browser.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target.resolve()
