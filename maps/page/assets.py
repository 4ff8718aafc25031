"""The scripts, style sheets and fonts a map page needs, as CDN links or inlined.

Folium's default page loads jQuery, Bootstrap 5, Bootstrap 3 glyphicons and awesome-markers
as well as Leaflet. Our maps use Leaflet, Leaflet.GestureHandling and Font Awesome's solid
icons only, so :func:`use_assets` swaps folium's list for that lean one. Folium's Popup template
still calls ``$(`<div>...</div>`)[0]``; a five-line stand-in for that one jQuery call
(:data:`DOLLAR_SHIM`) replaces the 87 kB library.

Self-contained pages take every file from the installed ``xstatic-*`` packages (same versions
as the CDN links): scripts and CSS inline, Leaflet's images and the Font Awesome solid woff2
as ``data:`` URIs, and only the icon rules of the styles in ``maps.layers.style``.

>>> m = folium.Map(tiles=None)                             # doctest: +SKIP
>>> use_assets(m, self_contained=True)                     # doctest: +SKIP
>>> "cdn.jsdelivr" in m.get_root().render()                # doctest: +SKIP
False
"""

from __future__ import annotations

import base64
import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import folium
from branca.element import MacroElement, Template

from geo.errors import InputError
from maps.layers import style

LEAFLET_VERSION = "1.9.3"
GESTURE_VERSION = "1.2.1"
FA_VERSION = "6.2.1"
_JSDELIVR = "https://cdn.jsdelivr.net/npm"


@dataclass(frozen=True)
class Asset:
    """One file: where the CDN has it and where its ``xstatic`` package keeps it."""

    name: str
    cdn: str
    package: str  # xstatic.pkg.<package>
    file: str  # path inside the package's BASE_DIR

    def path(self) -> Path:
        try:
            base = importlib.import_module(f"xstatic.pkg.{self.package}").BASE_DIR
        except ImportError:
            raise InputError(
                f"the xstatic package for {self.name} is not installed",
                field="self_contained",
                hint=f"pip install xstatic-{self.package.replace('_', '-')}",
            ) from None
        return Path(base) / self.file

    def text(self) -> str:
        return self.path().read_text(encoding="utf-8")


LEAFLET_JS = Asset("leaflet", f"{_JSDELIVR}/leaflet@{LEAFLET_VERSION}/dist/leaflet.js", "leaflet",
                   "leaflet.js")  # fmt: skip
LEAFLET_CSS = Asset("leaflet_css", f"{_JSDELIVR}/leaflet@{LEAFLET_VERSION}/dist/leaflet.css",
                    "leaflet", "leaflet.css")  # fmt: skip
_GH = f"{_JSDELIVR}/leaflet-gesture-handling@{GESTURE_VERSION}/dist"
GESTURE_JS = Asset("gesture_handling", f"{_GH}/leaflet-gesture-handling.min.js",
                   "leaflet_gesturehandling", "leaflet-gesture-handling.min.js")  # fmt: skip
GESTURE_CSS = Asset("gesture_handling_css", f"{_GH}/leaflet-gesture-handling.min.css",
                    "leaflet_gesturehandling", "leaflet-gesture-handling.min.css")  # fmt: skip
_FA = f"{_JSDELIVR}/@fortawesome/fontawesome-free@{FA_VERSION}"
FA_CORE_CSS = Asset("fa_css", f"{_FA}/css/fontawesome.min.css", "font_awesome",
                    "css/fontawesome.min.css")  # fmt: skip
FA_SOLID_CSS = Asset("fa_solid_css", f"{_FA}/css/solid.min.css", "font_awesome",
                     "css/solid.min.css")  # fmt: skip
FA_SOLID_WOFF2 = Asset("fa_solid_woff2", f"{_FA}/webfonts/fa-solid-900.woff2", "font_awesome",
                       "webfonts/fa-solid-900.woff2")  # fmt: skip

SCRIPTS = (LEAFLET_JS, GESTURE_JS)
STYLESHEETS = (LEAFLET_CSS, GESTURE_CSS, FA_CORE_CSS, FA_SOLID_CSS)

# Folium's Popup does ``$(`<div ...>...</div>`)[0]``: parse one HTML fragment, return its nodes.
# A <template> parses without running scripts or loading images (and the text is escaped
# before it gets here anyway). jQuery, when a page has it, is left alone.
DOLLAR_SHIM = """window.$ = window.$ || function (html) {
    var t = document.createElement("template");
    t.innerHTML = String(html).trim();
    return Array.prototype.slice.call(t.content.childNodes);
};"""

_FA_NOTICE = (
    f"/* Font Awesome Free {FA_VERSION} by @fontawesome - https://fontawesome.com "
    "License - https://fontawesome.com/license/free (Icons: CC BY 4.0, Fonts: SIL OFL 1.1, "
    "Code: MIT License) Copyright 2022 Fonticons, Inc. */"
)
_FA_CORE_RULES = (
    '.fa,.fa-solid,.fas{font-family:"Font Awesome 6 Free";font-weight:900;'
    "-moz-osx-font-smoothing:grayscale;-webkit-font-smoothing:antialiased;display:inline-block;"
    "font-style:normal;font-variant:normal;line-height:1;text-rendering:auto}"
)
_ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"\\([0-9a-f]+)"\}')


def _data_uri(path: Path, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@cache
def icon_codepoints() -> dict[str, str]:
    """Font Awesome icon name -> hex codepoint, read from the packaged CSS.

    >>> icon_codepoints()["plane"]
    'f072'
    """
    points: dict[str, str] = {}
    for selectors, code in _ICON_RULE.findall(FA_CORE_CSS.text()):
        for sel in selectors.split(","):
            if sel:
                points[sel[len(".fa-") : -len(":before")]] = code
    return points


def icon_css(icons: Iterable[str]) -> str:
    """The Font Awesome solid font as a woff2 ``data:`` URI and the rules of ``icons`` only."""
    points = icon_codepoints()
    unknown = sorted(set(icons) - points.keys())
    if unknown:
        raise InputError(f"unknown Font Awesome icons {unknown}", field="icon")
    font = _data_uri(FA_SOLID_WOFF2.path(), "font/woff2")
    rules = "".join(f'.fa-{name}:before{{content:"\\{points[name]}"}}' for name in sorted(icons))
    face = (
        '@font-face{font-family:"Font Awesome 6 Free";font-style:normal;font-weight:900;'
        f'font-display:block;src:url({font}) format("woff2")}}'
    )
    return f"{_FA_NOTICE}\n{face}\n{_FA_CORE_RULES}\n{rules}"


def leaflet_css() -> str:
    """Leaflet's CSS with its images (layer-control icon, default marker) as ``data:`` URIs."""
    base = LEAFLET_CSS.path().parent

    def inline(match: re.Match[str]) -> str:
        return f"url({_data_uri(base / match.group(1), 'image/png')})"

    return re.sub(r"url\((images/[a-z0-9-]+\.png)\)", inline, LEAFLET_CSS.text())


def _inline_script(text: str) -> str:
    # "</script" inside an inline script would end it early; "<\/" means the same in JS.
    return text.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")


@cache
def inline_bundle(icons: tuple[str, ...]) -> tuple[str, str]:
    """``(css, js)`` of a self-contained page: everything from the xstatic packages."""
    css = "\n".join([leaflet_css(), GESTURE_CSS.text(), icon_css(icons)])
    js = "\n".join(_inline_script(a.text()) for a in SCRIPTS)
    return css, js


class InlineAssets(MacroElement):
    """Puts the bundle into ``<head>``: a ``<style>`` and a ``<script>``."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        <script>{{ this.js }}</script>
        {% endmacro %}
        """
    )

    def __init__(self, icons: Iterable[str]) -> None:
        super().__init__()
        self._name = "InlineAssets"
        self.css, self.js = inline_bundle(tuple(sorted(set(icons))))


class DollarShim(MacroElement):
    """The one jQuery call folium's Popup makes, without jQuery (see :data:`DOLLAR_SHIM`)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <script>{{ this.code }}</script>
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "DollarShim"
        self.code = DOLLAR_SHIM


def default_icons() -> tuple[str, ...]:
    """Every icon ``maps.layers.style`` can put on a map (nine rules, a few hundred bytes)."""
    return tuple(sorted({s.icon for s in style.INCIDENT_STYLES.values()}))


def use_assets(m: folium.Map, *, self_contained: bool = False, icons: Iterable[str] = ()) -> None:
    """Load only what our maps use: CDN links, or (``self_contained``) everything inline.

    Call once, right after creating ``m`` (the head keeps the order elements are added in).
    ``icons`` adds Font Awesome names to :func:`default_icons` for self-contained pages.
    """
    # Instance attributes: folium's class-level lists are shared by every map in the process.
    if self_contained:
        m.default_js, m.default_css = [], []
        m.add_child(InlineAssets({*default_icons(), *icons}))
    else:
        m.default_js = [(a.name, a.cdn) for a in SCRIPTS]
        m.default_css = [(a.name, a.cdn) for a in STYLESHEETS]
    m.add_child(DollarShim())
