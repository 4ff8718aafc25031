"""Occupied areas in the legend: whose line and as of when, and only when the map shows them.

The packaged lines are Natural Earth's (Crimea, and the Donbas line of 2014-2022); the legend
says so, and the attribution's Crimea note appears only when the view reaches Crimea (a
Baltimore map says nothing about it).

>>> occupied_label([{"administered_by": "RU", "since": "2014"}])
'Occupied by Russia (Natural Earth lines, 2014)'
>>> attribution_html("Boundaries: NE, recognised (Crimea shown as part of Ukraine)", False)
'Boundaries: NE, recognised'
"""

from __future__ import annotations

import math
import re
from typing import Any

import geopandas as gpd
import shapely
from branca.element import MacroElement, Template

from maps.layers.fmt import esc, plain

# How far around the events' box the reader's view reaches (the box fills at least half of it).
VIEW_MARGIN = 0.5
HOLDERS = {"RU": "Russia", "UA": "Ukraine", "IL": "Israel", "TR": "Turkey", "AZ": "Azerbaijan",
           "AM": "Armenia"}  # fmt: skip
_CRIMEA_NOTE = re.compile(r"\s*\(Crimea [^)]*\)")


def view_box(bounds: list[list[float]] | None, margin: float = VIEW_MARGIN) -> shapely.Polygon:
    """The part of the world a reader sees around ``bounds`` (the world without bounds)."""
    if bounds is None:
        return shapely.box(-180, -90, 180, 90)
    (south, west), (north, east) = bounds
    dy, dx = (north - south) * margin + 0.5, (east - west) * margin + 0.5
    return shapely.box(west - dx, south - dy, east + dx, north + dy)


def shown(frame: gpd.GeoDataFrame | None, bounds: list[list[float]] | None) -> gpd.GeoDataFrame:
    """The occupied rows of ``frame`` that meet the reader's view."""
    if frame is None or frame.empty:
        return gpd.GeoDataFrame({"name": []}, geometry=[], crs=4326)
    rows = frame[(frame["status"] == "occupied") & ~frame.geometry.isna()]
    return rows[rows.geometry.intersects(view_box(bounds))]


def occupied_label(rows: list[dict[str, Any]]) -> str:
    """``Occupied by Russia (Natural Earth lines, 2014)`` from the areas' holders and dates."""
    holders = sorted({HOLDERS.get(plain(r.get("administered_by")), plain(r.get("administered_by")))
                      for r in rows} - {""})  # fmt: skip
    years = sorted({plain(r.get("since")) for r in rows} - {""})
    who = f"Occupied by {' and '.join(holders)}" if holders else "Occupied territory"
    when = f", {years[0]}" if len(years) == 1 else f", {years[0]}-{years[-1]}" if years else ""
    return f"{who} (Natural Earth lines{when})"


def details(rows: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """The packaged areas' holder and date for ``rows`` (matched by name)."""
    from geo.geometry import borders

    known = borders.occupied_areas().set_index("name")
    return [
        known.loc[name].to_dict() if name in known.index else {}
        for name in (plain(n) for n in rows["name"])
    ]


def _crimea() -> shapely.Geometry:
    from geo.geometry import borders

    areas = borders.occupied_areas()
    return shapely.union_all(areas[areas["name"].str.startswith("Crimea")].geometry.to_numpy())


def shows_crimea(bounds: list[list[float]] | None, max_zoom: float | None = None) -> bool:
    """Whether a reader's view could reach Crimea, on a desktop or a phone (either view of
    the borders): the page then carries the note and shows it only while the view meets
    Crimea (:class:`CrimeaNote`). The reach is the events' box grown to a square of its
    longer side (a phone shows a tall view, a desktop a wide one), x1.8, plus half a degree;
    and at least what 1200x800 pixels show at ``max_zoom``, the closest the page opens at (a
    small story's view is wider than its events).

    >>> shows_crimea([[55.5, 34.3], [55.8, 37.7]]), shows_crimea([[46.6, 32.6], [47.8, 35.1]])
    (False, True)
    >>> shows_crimea([[46.3, 30.2], [46.5, 30.8]]), shows_crimea([[46.3, 30.2], [46.5, 30.8]], 8)
    (False, True)
    """
    if bounds is None:
        return True
    (south, west), (north, east) = bounds
    lat, lon = (south + north) / 2, (west + east) / 2
    cos = max(0.2, math.cos(math.radians(lat)))
    half = max(north - south, (east - west) * cos) * 0.9 + 0.5
    half_x = half_y = 0.0
    if max_zoom is not None:
        degrees_per_px = 360 / (256 * 2**max_zoom)  # of longitude, in Web Mercator
        half_x, half_y = 600 * degrees_per_px, 400 * degrees_per_px * cos
    half_x, half_y = max(half / cos, half_x), max(half, half_y)
    reach = shapely.box(lon - half_x, lat - half_y, lon + half_x, lat + half_y)
    return bool(_crimea().intersects(reach))


def attribution_html(text: str, crimea: bool) -> str:
    """The boundaries credit as HTML: its Crimea note in a span the page shows only while
    the view meets Crimea, or left out when no view of the map can reach it.

    >>> attribution_html("Boundaries: NE & co (Crimea shown as part of Ukraine)", True)
    'Boundaries: NE &amp; co<span class="im-crimea-note"> (Crimea shown as part of Ukraine)</span>'
    """
    found = _CRIMEA_NOTE.search(text)
    if found is None:
        return esc(text)
    if not crimea:
        return esc(_CRIMEA_NOTE.sub("", text))
    note = f'<span class="im-crimea-note"> {esc(found.group(0))}</span>'
    return esc(text[: found.start()]) + note + esc(text[found.end() :])


class CrimeaNote(MacroElement):
    """Shows the attribution's Crimea note only while the reader's view meets Crimea (the
    packaged outline, simplified to ~2 km): the class ``im-no-crimea`` on the map's
    container hides it otherwise, on opening, after a pan or zoom, and on any screen size.
    A class, not a style on the span: Leaflet writes the attribution again when it changes.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>.im-no-crimea .im-crimea-note { display: none; }</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map, rings) {
            function inside(p, ring) {  // p: [lat, lon]; ray casting
                var hit = false;
                for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
                    var a = ring[i], b = ring[j];
                    if ((a[0] > p[0]) !== (b[0] > p[0]) &&
                        p[1] < (b[1] - a[1]) * (p[0] - a[0]) / (b[0] - a[0]) + a[1]) {
                        hit = !hit;
                    }
                }
                return hit;
            }
            function cross(p, q, r, s) {  // do segments pq and rs cross?
                function side(a, b, c) {
                    return (b[1] - a[1]) * (c[0] - a[0]) - (b[0] - a[0]) * (c[1] - a[1]);
                }
                return side(p, q, r) * side(p, q, s) < 0 && side(r, s, p) * side(r, s, q) < 0;
            }
            function meets(bounds) {
                var s = bounds.getSouth(), n = bounds.getNorth();
                var w = bounds.getWest(), e = bounds.getEast();
                var box = [[s, w], [s, e], [n, e], [n, w]];
                return rings.some(function (ring) {
                    if (ring.some(function (p) { return bounds.contains(p); })) { return true; }
                    if (box.some(function (p) { return inside(p, ring); })) { return true; }
                    return ring.some(function (p, i) {
                        var q = ring[(i + 1) % ring.length];
                        return box.some(function (r, k) {
                            return cross(p, q, r, box[(k + 1) % 4]);
                        });
                    });
                });
            }
            function update() {
                var c = map.getContainer();
                if (meets(map.getBounds())) { L.DomUtil.removeClass(c, "im-no-crimea"); }
                else { L.DomUtil.addClass(c, "im-no-crimea"); }
            }
            map.on("moveend zoomend resize", update);
            map.whenReady(update);
        })({{ this._parent.get_name() }}, {{ this.rings|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "CrimeaNote"
        outline = shapely.simplify(_crimea(), 0.02)
        parts = getattr(outline, "geoms", [outline])
        self.rings = [
            [[round(y, 3), round(x, 3)] for x, y in part.exterior.coords[:-1]]
            for part in parts
            if part.area > 0.001  # the peninsula, not its islets
        ]
