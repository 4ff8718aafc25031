"""An inset locator: a small overview of the region, with a box where the main view lies.

Drawn as inline SVG from the packaged country outlines (no tiles, no request): the land of
an area about eight times the view's span around its centre, simplified to the inset's
pixels, in a plain equirectangular projection scaled by the cosine of the latitude. The red
box follows the main map as the reader pans and zooms. Shown on wide screens only (a phone
needs its few hundred pixels for the map itself), as a Leaflet control, so labels keep off it.

>>> frame = inset_frame([[51.4, 31.3], [57.2, 39.7]])
>>> [round(v) for v in frame]
[-4, 37, 75, 71]
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement, Template

from maps.layers.legend import NARROW

WIDTH, HEIGHT = 150, 110  # px
SPAN_FACTOR = 8.0  # the inset spans this many times the view
MIN_SPAN, MAX_SPAN = 30.0, 120.0  # degrees of longitude
LAND, SEA, LINE, BOX = "#e4e1d8", "#dbe6ee", "#ffffff", "#c0392b"


def inset_frame(bounds: list[list[float]]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the inset around ``bounds``."""
    (south, west), (north, east) = bounds
    cy, cx = (south + north) / 2, (west + east) / 2
    k = math.cos(math.radians(max(min(cy, 70.0), -70.0)))
    span = min(max((east - west) * SPAN_FACTOR, (north - south) / k * SPAN_FACTOR, MIN_SPAN),
               MAX_SPAN)  # fmt: skip
    half_lon = span / 2
    half_lat = half_lon * HEIGHT / WIDTH * k
    south_i, north_i = max(cy - half_lat, -85.0), min(cy + half_lat, 85.0)
    return (cx - half_lon, south_i, cx + half_lon, north_i)


def _path(geom: shapely.Geometry, frame: tuple[float, float, float, float]) -> str:
    west, south, east, north = frame
    sx, sy = WIDTH / (east - west), HEIGHT / (north - south)
    out = []
    for poly in shapely.get_parts(geom):
        if poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            px = np.round((xy[:, 0] - west) * sx, 1)
            py = np.round((north - xy[:, 1]) * sy, 1)
            pts = " ".join(f"{x:g},{y:g}" for x, y in zip(px, py, strict=True))
            out.append(f"M{pts}Z")
    return "".join(out)


def inset_svg(countries: gpd.GeoDataFrame, frame: tuple[float, float, float, float]) -> str:
    """The land of ``frame`` as one SVG path (constants and numbers only: no story text)."""
    west, south, east, north = frame
    tol = (east - west) / WIDTH  # one pixel
    clipped = shapely.clip_by_rect(countries.geometry.to_numpy(), west, south, east, north)
    shapes = [g for g in shapely.simplify(clipped, tol, preserve_topology=True) if not g.is_empty]
    return "".join(_path(g, frame) for g in shapes)


class Inset(MacroElement):
    """The locator as a Leaflet control (bottom left by default, above the credit)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .im-inset { padding: 0; line-height: 0; border: 1px solid #bbb;
                      box-shadow: 0 1px 4px rgba(0,0,0,0.3); background: {{ this.sea }}; }
          @media {{ this.narrow }} { .im-inset { display: none; } }
        </style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="im-inset" aria-hidden="true">
          <svg width="{{ this.width }}" height="{{ this.height }}"
               viewBox="0 0 {{ this.width }} {{ this.height }}">
            <path d="{{ this.d }}" fill="{{ this.land }}" stroke="{{ this.line }}"
                  stroke-width="0.6"></path>
            <rect class="im-inset-view" fill="none" stroke="{{ this.box }}"
                  stroke-width="1.6" x="0" y="0" width="0" height="0"></rect>
          </svg>
        </div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map, frame) {
            var box = document.getElementById({{ this.get_name()|tojson }});
            if (!box) { return; }
            var Box = L.Control.extend({ onAdd: function () { return box; } });
            new Box({ position: {{ this.position|tojson }} }).addTo(map);
            var rect = box.querySelector(".im-inset-view");
            var w = {{ this.width }}, h = {{ this.height }};
            function px(lon, lat) {
                return [(lon - frame[0]) / (frame[2] - frame[0]) * w,
                        (frame[3] - lat) / (frame[3] - frame[1]) * h];
            }
            function follow() {
                var b = map.getBounds();
                var a = px(b.getWest(), b.getNorth()), c = px(b.getEast(), b.getSouth());
                var x = Math.max(a[0], 1), y = Math.max(a[1], 1);
                var x2 = Math.min(c[0], w - 1), y2 = Math.min(c[1], h - 1);
                rect.setAttribute("x", x);
                rect.setAttribute("y", y);
                rect.setAttribute("width", Math.max(x2 - x, 3));
                rect.setAttribute("height", Math.max(y2 - y, 3));
            }
            map.on("moveend zoomend resize", follow);
            follow();
        })({{ this._parent.get_name() }}, {{ this.frame }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        countries: gpd.GeoDataFrame,
        bounds: list[list[float]],
        position: str = "bottomleft",
    ) -> None:
        super().__init__()
        self._name = "Inset"
        frame = inset_frame(bounds)
        self.frame = [round(v, 4) for v in frame]
        self.d = inset_svg(countries, frame)
        self.width, self.height = WIDTH, HEIGHT
        self.land, self.sea, self.line, self.box = LAND, SEA, LINE, BOX
        self.narrow = NARROW
        self.position = position
