"""Story text and numbers for the page: escaping, links, km, miles and dates; frame rows.

Every piece of story text reaches the page through :func:`esc` (HTML-escaped, and safe inside
the JavaScript template literals folium wraps popups and tooltips in); only http(s) URLs become
links (:func:`link`). Frames hold one row per story item (tens of rows), so building one
Leaflet object per row is the natural shape here.

>>> esc("<b>`${x}`</b>")
'&lt;b&gt;&#96;&#36;&#123;x&#125;&#96;&lt;/b&gt;'
>>> link("javascript:alert(1)", "click")
'click'
>>> fmt_km(453.2), fmt_dates("2024-05-03", "2024-05-05")
('453 km', '3–5 May 2024')
"""

from __future__ import annotations

import html
import math
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import geopandas as gpd
import shapely
from branca.element import Element

from geo.geometry.distances import KM_PER_MILE
from maps.layers import generalize


def plain(value: Any) -> str:
    """A frame cell as plain text: None, NaN and pandas NA become ""."""
    if value is None:
        return ""
    try:
        if value != value:  # NaN, pd.NA raises TypeError on bool()
            return ""
    except TypeError:
        return ""
    return str(value).strip()


def esc(value: Any) -> str:
    """HTML-escape story text; also neutralise `` ` ``, ``$`` and ``\\`` because folium pastes
    popup and tooltip HTML into JavaScript template literals, and ``{`` ``}`` because branca
    compiles every rendered macro as a Jinja template again (``{{7*7}}`` would become 49)."""
    text = html.escape(plain(value), quote=True)
    for raw, entity in _ENTITIES:
        text = text.replace(raw, entity)
    return text


_ENTITIES = (("\\", "&#92;"), ("`", "&#96;"), ("$", "&#36;"), ("{", "&#123;"), ("}", "&#125;"))


def is_web_url(url: Any) -> bool:
    """True for absolute http(s) URLs with a host; everything else stays text."""
    parts = urlsplit(plain(url))
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def link(url: Any, text: Any) -> str:
    """An ``<a>`` for http(s) URLs, opening in a new tab; just the escaped text otherwise."""
    label = esc(text) or esc(url)
    if not is_web_url(url):
        return label
    return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{label}</a>'


def fmt_km(km: float) -> str:
    """Round like a journalist would: whole kilometres, one decimal below 10 km."""
    return f"{km:.1f} km" if km < 10 else f"{km:,.0f} km"


def fmt_mi(km: float, miles: float | None = None) -> str:
    mi = miles if miles is not None and not math.isnan(miles) else km / KM_PER_MILE
    return f"{mi:.1f} mi" if mi < 10 else f"{mi:,.0f} mi"


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def fmt_dates(start: Any, end: Any = "") -> str:
    """``"3 May 2024"``, ``"3–5 May 2024"``, ``"30 Apr – 2 May 2024"``; "" when unknown."""
    s, e = plain(start), plain(end)
    ds, de = parse_day(s), parse_day(e)
    if ds is None:
        return s  # not ISO: show what the story says (escaped by the caller)
    if de is None or de == ds:
        return _day(ds)
    if (ds.year, ds.month) == (de.year, de.month):
        return f"{ds.day}–{_day(de)}"
    if ds.year == de.year:
        return f"{ds.day} {ds:%b} – {_day(de)}"
    return f"{_day(ds)} – {_day(de)}"


def whole_count(value: Any) -> int | None:
    text = plain(value)
    return int(float(text)) if text else None


def rows_of(frame: gpd.GeoDataFrame | None) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty)]
    return frame.to_dict("records")


def latlon(geom: shapely.Geometry) -> list[float]:
    return [geom.y, geom.x]


def feature(geom: shapely.Geometry) -> dict[str, Any]:
    geometry = shapely.geometry.mapping(generalize.round_coords(geom))
    return {"type": "Feature", "properties": {}, "geometry": geometry}


class Verbatim(Element):
    """Text put into the page as it is (already safe: JSON, base64 or escaped HTML); in a
    plain branca ``Element`` it would be parsed as a Jinja template again."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def after_script(element: Element, blocks: str) -> None:
    """Data ``blocks`` (``<script type="application/...">`` elements) placed after the
    page's script section, where the HTML parser reaches them after the map's own code:
    the script is closed, the blocks follow, an empty script is opened again. Called from
    ``element``'s render, filed under its name (same page, same bytes)."""
    root = element.get_root()
    root.script.add_child(Verbatim("</script>\n" + blocks + "<script>"), name=element.get_name())
