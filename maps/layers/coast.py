"""How close an offline page may open on events by the sea.

Natural Earth's 1:10m coast is about 1 km true. At zoom 11 a kilometre is 15 to 20 px at
mid-latitudes, more than a pin's half-width (13 px): a quay or a beachfront hotel can be
drawn in the sea, or a pier's end on land (Odesa's Quarantine Pier sits ~7 px inside NE's
land at zoom 11). At zoom 10 the same error is 8 to 10 px, under the pin. So a page whose
incidents lie within ``COAST_KM`` of the city band's coast opens no closer than
``COAST_ZOOM``; inland stories (Aleppo) keep zoom 11.

>>> land = shapely.box(30.0, 46.0, 30.75, 47.0)  # sea east of 30.75°E
>>> box = (29.5, 45.5, 31.5, 47.5)
>>> max_zoom([(46.5, 30.745)], land, box, 11), max_zoom([(46.5, 30.5)], land, box, 11)
(10, 11)
"""

from __future__ import annotations

import math

import shapely

COAST_KM = 1.5  # NE 1:10m's ~1 km, and a margin
COAST_ZOOM = 10


def coastline(land: shapely.Geometry, box: tuple) -> shapely.Geometry:
    """The edge of ``land`` (clipped to ``box``) that is coast: the box's own edges are
    not."""
    edge = shapely.boundary(land)
    return shapely.difference(edge, shapely.buffer(shapely.boundary(shapely.box(*box)), 1e-6))


def max_zoom(
    points: list[tuple[float, float]],
    land: shapely.Geometry | None,
    box: tuple | None,
    top: float,
) -> float:
    """``top``, or ``COAST_ZOOM`` when one of ``points`` (lat, lon) lies within
    ``COAST_KM`` of the coast of ``land`` (the city band's, drawn in ``box``)."""
    if land is None or box is None or land.is_empty or not points or top <= COAST_ZOOM:
        return top
    coast = coastline(land, box)
    if coast.is_empty:
        return top
    for lat, lon in points:
        # degrees of latitude; a degree of longitude counts cos(lat) of one
        k = math.cos(math.radians(lat))
        near = shapely.box(lon - 0.02 / k, lat - 0.02, lon + 0.02 / k, lat + 0.02)
        piece = shapely.clip_by_rect(coast, *near.bounds)
        if piece.is_empty:
            continue
        scaled = shapely.transform(piece, lambda xy, k=k: xy * [k, 1.0])
        km = shapely.distance(scaled, shapely.Point(lon * k, lat)) * 111.2
        if km <= COAST_KM:
            return min(top, COAST_ZOOM)
    return top
