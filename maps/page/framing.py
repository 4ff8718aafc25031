"""Where the map looks: the events first, and padding that keeps the furniture off them.

The view fits the incidents, then the distances and rings; places join only when they are
near those (a town named in passing 2,000 km away, "Russia" as a dot in Siberia or "Europe"
never pull it). Countries and regions are context, never the frame, unless nothing else is
placed. The padding is measured in the reader's browser (:class:`FitView`): the title box,
legend and credit take their real size, on a phone too.

>>> from shapely import Point
>>> frame = gpd.GeoDataFrame({"precision": ["city", "country"]},
...                          geometry=[Point(37.6, 55.7), Point(100, 60)], crs=4326)
>>> near_points(frame, [[55.0, 37.0], [56.0, 38.0]]).tolist()
[True, False]
"""

from __future__ import annotations

import json
import math

import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement, Template

from geo.story.resolved import ResolvedStory

AREA_PRECISIONS = {"region", "country", "continent"}  # a point standing for an area
WIDE_PRECISIONS = {"country", "continent"}  # an incident placed only this roughly
NEAR_KM = 300.0  # a place this close to the events' box joins the frame (at most)
MIN_NEAR_KM = 50.0  # ... and at least: a small story's own span sets the reach in between
MAX_ZOOM = 11
CAP = 1.6  # the frame spans at most this many times the events' span: they fill 60% of it
MIN_SPAN = 0.1  # degrees: events closer than this are one spot, and never capped tighter


def _geoms(frame: gpd.GeoDataFrame | None) -> gpd.GeoSeries:
    if frame is None or frame.empty:
        return gpd.GeoSeries([], crs=4326)
    geoms = frame.geometry
    return geoms[~(geoms.isna() | geoms.is_empty)]


def _box(series: list[gpd.GeoSeries]) -> list[list[float]] | None:
    parts = [s for s in series if len(s)]
    if not parts:
        return None
    west, south, east, north = gpd.GeoSeries(pd.concat(parts, ignore_index=True)).total_bounds
    if not np.isfinite([west, south, east, north]).all():
        return None
    return [[float(south), float(west)], [float(north), float(east)]]


def _points(
    frame: gpd.GeoDataFrame | None, *, areas: bool, wide: set[str] = AREA_PRECISIONS
) -> gpd.GeoSeries:
    """Geometries of rows that stand for a spot (``areas`` False) or for an area (True)."""
    geoms = _geoms(frame)
    if not len(geoms) or "precision" not in frame.columns:
        return geoms if not areas else geoms.iloc[0:0]
    is_area = frame.loc[geoms.index, "precision"].isin(wide)
    return geoms[is_area] if areas else geoms[~is_area]


def _span_km(bounds: list[list[float]]) -> float:
    """The longer side of ``bounds``, roughly, in km.

    >>> round(_span_km([[50.0, 30.0], [51.0, 30.5]]))
    111
    """
    (south, west), (north, east) = bounds
    cos = math.cos(math.radians((south + north) / 2))
    return max(north - south, (east - west) * cos) * 111.0


def near_points(frame: gpd.GeoDataFrame, bounds: list[list[float]], km: float = NEAR_KM):
    """Which rows of ``frame`` are spots (not areas) within ``km`` of ``bounds``."""
    (south, west), (north, east) = bounds
    lat = frame.geometry.y.to_numpy()
    lon = frame.geometry.x.to_numpy()
    dlat = np.maximum(0, np.maximum(south - lat, lat - north)) * 111.0
    mid = np.radians(np.clip(lat, -85, 85))
    dlon = np.maximum(0, np.maximum(west - lon, lon - east)) * 111.0 * np.cos(mid)
    spot = ~frame["precision"].isin(AREA_PRECISIONS) if "precision" in frame else True
    return pd.Series(np.hypot(dlat, dlon) <= km, index=frame.index) & spot


def content_bounds(resolved: ResolvedStory) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` the view fits, events first.

    Incidents placed at a spot, then distances and rings, then the spots near them. With none
    of those: every spot the story names, then its areas' points, then the country outlines.
    """
    incidents = _points(resolved.incidents, areas=False, wide=WIDE_PRECISIONS)
    if not len(incidents):
        incidents = _geoms(resolved.incidents)  # only area-level incidents: still the events
    extra = [_geoms(resolved.distances), _geoms(resolved.rings)]
    core = _box([incidents, *extra])
    if core is not None:
        places = resolved.places
        if places is not None and not places.empty:
            places = places[~(places.geometry.isna() | places.geometry.is_empty)]
            # a place as far from a one-city story as its whole span is context, not news:
            # a 60 km story about Beirut is not framed to take in Amman, 220 km away
            reach = min(NEAR_KM, max(MIN_NEAR_KM, _span_km(core)))
            extra.append(places.geometry[near_points(places, core, reach)])
        return capped(_box([incidents, *extra]), _box([incidents]))
    for fallback in (
        cluster(_points(resolved.places, areas=False)),
        _points(resolved.places, areas=True),
        _geoms(resolved.borders),
    ):
        box = _box([fallback])
        if box is not None:
            return box
    return None


def cluster(points: gpd.GeoSeries, km: float = 2 * NEAR_KM) -> gpd.GeoSeries:
    """The points within ``km`` of the point with the most neighbours (story order on ties):
    a story's places without events, less the far-off mentions.

    >>> from shapely import Point
    >>> s = gpd.GeoSeries([Point(29.2, -1.7), Point(29.1, -1.6), Point(15.3, -4.3)], crs=4326)
    >>> cluster(s).index.tolist()
    [0, 1]
    """
    if len(points) < 3:
        return points
    lat, lon = points.y.to_numpy(), points.x.to_numpy()
    dlat = (lat[:, None] - lat[None, :]) * 111.0
    dlon = (lon[:, None] - lon[None, :]) * 111.0 * np.cos(np.radians(lat))[:, None]
    near = np.hypot(dlat, dlon) <= km
    best = int(np.argmax(near.sum(axis=1)))
    return points[near[best]]


def capped(
    box: list[list[float]] | None, events: list[list[float]] | None, factor: float = CAP
) -> list[list[float]] | None:
    """``box`` cut to ``factor`` times the events' span in each direction, around them.

    So the events fill a good part of the view however far a ring or a distance reaches;
    a single spot (or a tight cluster) is not capped: its distances and rings frame it.

    >>> capped([[40.0, 20.0], [60.0, 50.0]], [[50.0, 30.0], [52.0, 34.0]], factor=2.0)
    [[49.0, 28.0], [53.0, 36.0]]
    """
    if box is None or events is None:
        return box
    (s, w), (n, e) = events
    if max(n - s, e - w) < MIN_SPAN:
        return box
    half_lat = max(n - s, MIN_SPAN) * factor / 2
    half_lon = max(e - w, MIN_SPAN) * factor / 2
    mid_lat, mid_lon = (s + n) / 2, (w + e) / 2
    (bs, bw), (bn, be) = box
    return [
        [max(bs, mid_lat - half_lat), max(bw, mid_lon - half_lon)],
        [min(bn, mid_lat + half_lat), min(be, mid_lon + half_lon)],
    ]


class FitView(MacroElement):
    """Fit ``bounds`` once the controls are on the map, padded by their measured size.

    Each corner's stack of boxes (title and zoom, layer control, legend, credit) pads the top
    or bottom when it is wider than a third of the map (a phone), else its side. Add it after
    every control.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, bounds) {
            function fit() {
                var c = map.getContainer(), size = map.getSize(), pad = {{ this.margin }};
                var top = pad, left = pad, bottom = pad, right = pad;
                var o = c.getBoundingClientRect();
                // Each control pads the side that costs the view least: the title box on a
                // phone pads the top, the legend on a desktop pads the right.
                c.querySelectorAll(".leaflet-control").forEach(function (el) {
                    var r = el.getBoundingClientRect();
                    if (!r.width || !r.height) { return; }
                    var x0 = r.left - o.left, x1 = r.right - o.left;
                    var y0 = r.top - o.top, y1 = r.bottom - o.top;
                    var upper = (y0 + y1) / 2 < size.y / 2, west = (x0 + x1) / 2 < size.x / 2;
                    var vert = upper ? y1 : size.y - y0, side = west ? x1 : size.x - x0;
                    if (vert / size.y <= side / size.x) {
                        if (upper) { top = Math.max(top, vert + pad); }
                        else { bottom = Math.max(bottom, vert + pad); }
                    } else if (west) { left = Math.max(left, side + pad); }
                    else { right = Math.max(right, side + pad); }
                });
                if (top + bottom > size.y * 0.6) {  // tiny map: keep some room for the events
                    var k = size.y * 0.6 / (top + bottom); top *= k; bottom *= k;
                }
                if (left + right > size.x * 0.6) {
                    var q = size.x * 0.6 / (left + right); left *= q; right *= q;
                }
                map.fitBounds(bounds, {paddingTopLeft: [left, top],
                                       paddingBottomRight: [right, bottom],
                                       maxZoom: {{ this.max_zoom }}, animate: false});
            }
            fit();
            if (document.fonts && document.fonts.ready) { document.fonts.ready.then(fit); }
        })({{ this._parent.get_name() }}, {{ this.bounds_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self, bounds: list[list[float]], *, margin: int = 36, max_zoom: int = MAX_ZOOM
    ) -> None:
        super().__init__()
        self._name = "FitView"
        self.bounds = bounds
        self.bounds_json = json.dumps([[round(v, 5) for v in p] for p in bounds])
        self.margin = int(margin)
        self.max_zoom = int(max_zoom)
