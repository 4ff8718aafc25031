"""Cartographic generalisation: geometry as detailed as the map can show, and no more.

Natural Earth 1:10m outlines carry far more vertices than a web map at story scale draws:
Russia alone would put a megabyte into the page. Outlines keep 500 m detail near the
story (where readers zoom in) and 10 km detail far from it (dropping islets too small to
see there), and every coordinate is written with four decimals (about 10 m). A city-scale
map (opening at zoom 9 to 11) also gets a ``fine`` box, its view, where outlines keep
Natural Earth's own detail like the basemap's z9-11 land: at 500 m the coast line drawn
over that land ran up to 7 px off it at zoom 11.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely

NEAR_TOLERANCE_DEG = 0.005  # ~500 m: crisp up to zoom 10 around the story
FAR_TOLERANCE_DEG = 0.1  # ~10 km: outlines far away only give context
FINE_TOLERANCE_DEG = 0.0003  # half a pixel at zoom 11: the basemap's z9-11 tolerance
DECIMALS = 4  # ~10 m


def round_coords(geom: shapely.Geometry, decimals: int = DECIMALS) -> shapely.Geometry:
    """The same geometry with rounded coordinates (short numbers in the page).

    >>> round_coords(shapely.Point(37.61751234, 55.75201234)).wkt
    'POINT (37.6175 55.752)'
    """
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def story_box(bounds: list[list[float]] | None, *, margin_deg: float = 10.0) -> shapely.Polygon:
    """The story's bounds ``[[s, w], [n, e]]`` grown by a margin: the 'near' area."""
    if not bounds:
        return shapely.box(-180, -90, 180, 90)
    (south, west), (north, east) = bounds
    pad = max(margin_deg, north - south, east - west)
    return shapely.box(max(west - pad, -180), max(south - pad, -90), min(east + pad, 180),
                       min(north + pad, 90))  # fmt: skip


# A long-running process (the review desk) draws the same countries around the same box
# after every change of a story: ~0.3 s of simplifying each time, kept here instead.
# Shapely geometries are immutable and hash and compare by their coordinates.
@lru_cache(maxsize=256)
def outline(
    geom: shapely.Geometry, near: shapely.Polygon, fine: shapely.Polygon | None = None
) -> shapely.Geometry:
    """A polygon's boundary as lines: detailed inside ``near``, coarse outside, and at
    ``FINE_TOLERANCE_DEG`` inside ``fine`` (a city-scale view), if given.

    Cutting lines (not polygons) leaves no seam where the two levels of detail meet.

    >>> ring = shapely.Point(0, 0).buffer(20, quad_segs=64)
    >>> out = outline(ring, shapely.box(-5, -25, 5, 25))
    >>> out.geom_type, len(out.geoms)  # two arcs inside the box, two outside
    ('MultiLineString', 4)
    >>> int(shapely.get_num_coordinates(ring)), int(shapely.get_num_coordinates(out))
    (257, 76)
    """
    lines = shapely.boundary(geom)
    fine_parts = np.array([], dtype=object)
    if fine is not None:
        close = shapely.simplify(shapely.intersection(lines, fine), FINE_TOLERANCE_DEG)
        fine_parts = shapely.get_parts(shapely.line_merge(close))
        lines = shapely.difference(lines, fine)
    inside = shapely.simplify(shapely.intersection(lines, near), NEAR_TOLERANCE_DEG)
    outside = shapely.simplify(shapely.difference(lines, near), FAR_TOLERANCE_DEG)
    near_parts = shapely.get_parts(shapely.line_merge(inside))
    far_parts = shapely.get_parts(shapely.line_merge(outside))
    far_parts = far_parts[shapely.length(far_parts) >= 5 * FAR_TOLERANCE_DEG]
    parts = [
        p
        for p in np.concatenate([fine_parts, near_parts, far_parts])
        if p.geom_type == "LineString" and not p.is_empty
    ]
    return round_coords(shapely.MultiLineString(parts))


def area(
    geom: shapely.Geometry, tolerance: float, fine: shapely.Polygon | None = None
) -> shapely.Geometry:
    """A polygon simplified by ``tolerance``, and by ``FINE_TOLERANCE_DEG`` inside ``fine``
    (a city-scale view), if given: the two parts meet on the box's edges, joined again.

    >>> disc = shapely.Point(0, 0).buffer(1, quad_segs=256)
    >>> coarse, mixed = area(disc, 0.05), area(disc, 0.05, shapely.box(0.5, -1.5, 1.5, 1.5))
    >>> n = shapely.get_num_coordinates
    >>> mixed.geom_type, bool(n(mixed) > n(coarse))
    ('Polygon', True)
    """
    if fine is None or not geom.intersects(fine):
        return shapely.simplify(geom, tolerance, preserve_topology=True)
    # simplified first, then cut by the same box: both parts end exactly on its edges
    inner = shapely.intersection(
        shapely.simplify(geom, FINE_TOLERANCE_DEG, preserve_topology=True), fine
    )
    outer = shapely.difference(shapely.simplify(geom, tolerance, preserve_topology=True), fine)
    joined = shapely.union(inner, outer)
    return joined if joined.is_valid else shapely.make_valid(joined)
