"""Geodesic distances on the WGS84 ellipsoid (pyproj.Geod), rings, nearest border points,
and a check of a distance someone claimed against the measured one.

>>> round(geodesic_km(55.7520, 37.6175, 53.2521, 34.3717), 1)  # Kremlin to Bryansk
348.7
>>> check_claim(500, 453).verdict
'roughly right: claimed ~500 km, measured 453 km (47 km or 9% less)'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geo.errors import InputError
from geo.geometry import borders

GEOD = Geod(ellps="WGS84")
KM_PER_MILE = 1.609344
# Border vertices are joined by straight lines in lon/lat; split longer edges before
# projecting so their curved image in the azimuthal projection is followed to ~10 m.
_DENSIFY_DEG = 0.02


def _latlon(lat, lon, what: str = "") -> tuple[np.ndarray, np.ndarray]:
    lat_a, lon_a = np.broadcast_arrays(np.asarray(lat, dtype=float), np.asarray(lon, dtype=float))
    if not (np.all(np.isfinite(lat_a)) and np.all(np.isfinite(lon_a))):
        raise InputError("coordinates must be finite numbers", field=f"{what}lat/lon")
    if np.any(np.abs(lat_a) > 90):
        raise InputError(
            "latitude must lie between -90 and 90",
            field=f"{what}lat",
            hint="latitude comes first: write lat, lon such as 55.752, 37.6175",
        )
    return lat_a, lon_a


def geodesic_km(lat1, lon1, lat2, lon2):
    """Geodesic distance in km between points; arrays broadcast against each other.

    >>> round(geodesic_km(0, 179.5, 0, -179.5), 1)
    111.3
    """
    la1, lo1 = _latlon(lat1, lon1, "start ")
    la2, lo2 = _latlon(lat2, lon2, "end ")
    la1, lo1, la2, lo2 = np.broadcast_arrays(la1, lo1, la2, lo2)
    _, _, metres = GEOD.inv(lo1.ravel(), la1.ravel(), lo2.ravel(), la2.ravel())
    km = np.asarray(metres, dtype=float).reshape(la1.shape) / 1000.0
    return float(km) if km.ndim == 0 else km


def geodesic_line(lat1, lon1, lat2, lon2, max_segment_km: float = 10) -> LineString:
    """Points along the geodesic as a (lon, lat) LineString, for drawing the route as a curve.

    Longitudes are unwrapped (they may run past ±180) so a line over the antimeridian
    stays continuous on a web map instead of crossing the whole world.

    >>> line = geodesic_line(0, 179.5, 0, -179.5)
    >>> [round(x, 1) for x in line.xy[0][::len(line.coords) - 1]]
    [179.5, 180.5]
    """
    if not max_segment_km > 0:
        raise InputError("must be a positive number of km", field="max_segment_km")
    _latlon([lat1, lat2], [lon1, lon2])
    km = geodesic_km(lat1, lon1, lat2, lon2)
    between = max(math.ceil(km / max_segment_km) - 1, 0)
    inner = GEOD.npts(lon1, lat1, lon2, lat2, between) if between else []
    lons = np.array([lon1, *(p[0] for p in inner), lon2], dtype=float)
    lats = np.array([lat1, *(p[1] for p in inner), lat2], dtype=float)
    lons = np.unwrap(lons, period=360.0)
    return LineString(np.column_stack([lons, lats]))


def ring(lat: float, lon: float, radius_km: float, n: int = 180) -> Polygon:
    """A true geodesic circle: ``n`` points at ``radius_km`` from the centre (lon, lat).

    Longitudes are unwrapped around the centre; a ring around a pole is not supported
    (it has no inside in lon/lat) and raises InputError.

    >>> r = ring(55.752, 37.6175, 100)
    >>> len(r.exterior.coords)
    181
    """
    if not radius_km > 0:
        raise InputError(f"ring radius must be more than 0 km, got {radius_km}", field="radius_km")
    if n < 3:
        raise InputError(f"a ring needs at least 3 points, got {n}", field="n")
    _latlon(lat, lon)
    # Does the circle reach a pole? Then it cannot be drawn as a lon/lat polygon.
    to_pole = min(geodesic_km(lat, lon, 90, 0), geodesic_km(lat, lon, -90, 0))
    if radius_km >= to_pole:
        raise InputError(
            f"a ring of {radius_km:g} km around {lat}, {lon} reaches a pole",
            field="radius_km",
            hint=f"use a radius under {to_pole:.0f} km",
        )
    azimuths = np.linspace(0.0, 360.0, n, endpoint=False)
    lons, lats, _ = GEOD.fwd(
        np.full(n, lon, dtype=float),
        np.full(n, lat, dtype=float),
        azimuths,
        np.full(n, radius_km * 1000.0),
    )
    # Keep longitudes within 180° of the centre so the polygon does not wrap.
    lons = lon + (np.asarray(lons) - lon + 180.0) % 360.0 - 180.0
    return Polygon(np.column_stack([lons, lats]))


@dataclass(frozen=True, slots=True)
class NearestPoint:
    """The nearest point of a boundary and the geodesic distance to it."""

    lat: float
    lon: float
    km: float
    inside: bool  # the query point lies within the polygon


def _aeqd(lat: float, lon: float) -> Transformer:
    """WGS84 lon/lat -> azimuthal equidistant centred on (lat, lon): there the distance
    from the origin is the geodesic distance."""
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    return Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def _edges(geometry: BaseGeometry) -> BaseGeometry:
    if not isinstance(geometry, BaseGeometry) or geometry.is_empty:
        raise InputError("needs a non-empty shapely geometry", field="geometry")
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry.boundary
    return geometry


def nearest_point(lat: float, lon: float, geometry: BaseGeometry) -> NearestPoint:
    """Nearest point of a (multi)polygon's boundary, or of a line, to (lat, lon).

    Exact up to the densification (~10 m): the geometry is projected into an azimuthal
    equidistant projection centred on the point, the nearest point found there, and its
    distance re-measured on the ellipsoid.

    >>> square = shapely.box(10, 0, 11, 1)
    >>> p = nearest_point(0.5, 12, square)
    >>> round(p.lon, 3), round(p.lat, 3), round(p.km, 1), p.inside
    (11.0, 0.5, 111.3, False)
    """
    _latlon(lat, lon)
    edges = shapely.segmentize(_edges(geometry), _DENSIFY_DEG)
    fwd = _aeqd(lat, lon)
    projected = shapely.transform(edges, lambda xy: np.column_stack(fwd.transform(*xy.T)))
    near = shapely.shortest_line(Point(0, 0), projected).coords[1]
    nlon, nlat = fwd.transform(*near, direction="INVERSE")
    inside = geometry.geom_type in ("Polygon", "MultiPolygon") and geometry.covers(Point(lon, lat))
    return NearestPoint(
        lat=float(nlat),
        lon=float(nlon),
        km=geodesic_km(lat, lon, nlat, nlon),
        inside=bool(inside),
    )


def distance_to_border(
    lat: float, lon: float, iso_a2: str, view: str = "recognised"
) -> NearestPoint:
    """Nearest point of a country's border (land and coast) to (lat, lon).

    >>> p = distance_to_border(55.7520, 37.6175, "UA")
    >>> round(p.km), p.inside
    (453, False)
    """
    return nearest_point(lat, lon, borders.country_geometry(iso_a2, view))


def distances_to_border_km(lats, lons, iso_a2: str, view: str = "recognised") -> np.ndarray:
    """Distance in km from many points to a country's border, vectorised.

    The border is cut into segments in an azimuthal equidistant projection centred on
    the country, the nearest segment found with an STRtree, and the nearest point on it
    re-measured on the ellipsoid. So each result is the exact geodesic length to a real
    border point and never an underestimate; it overestimates only when the projection's
    distortion picks a slightly wrong point. Measured against :func:`distance_to_border`
    the error stays below 0.5 km (0.24 km measured) for points up to 1,500 km from the
    border (see tests); 100,000 points take about 1 s.

    >>> distances_to_border_km([55.7520], [37.6175], "UA").round().tolist()
    [453.0]
    """
    lat_a, lon_a = _latlon(lats, lons)
    geometry = borders.country_geometry(iso_a2, view)
    centre = geometry.centroid
    fwd = _aeqd(centre.y, centre.x)
    edges = shapely.segmentize(_edges(geometry), _DENSIFY_DEG)
    coords = [
        np.column_stack(fwd.transform(*shapely.get_coordinates(part).T))
        for part in shapely.get_parts(edges)
    ]
    segments = shapely.linestrings(
        np.concatenate([np.stack([c[:-1], c[1:]], axis=1) for c in coords])
    )
    tree = shapely.STRtree(segments)
    px, py = fwd.transform(lon_a.ravel(), lat_a.ravel())
    points = shapely.points(px, py)
    which = tree.query_nearest(points, all_matches=False)
    # Each shortest line runs from the point to its nearest border point: keep the end.
    lines = shapely.shortest_line(points[which[0]], segments[which[1]])
    nearest = shapely.get_coordinates(lines)[1::2]
    nlon, nlat = fwd.transform(nearest[:, 0], nearest[:, 1], direction="INVERSE")
    out = np.empty(points.shape)
    out[which[0]] = geodesic_km(lat_a.ravel()[which[0]], lon_a.ravel()[which[0]], nlat, nlon)
    return out.reshape(lat_a.shape)


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """A claimed distance against the measured one. ``diff_km`` = measured - claimed."""

    claimed_km: float
    measured_km: float
    diff_km: float
    diff_pct: float  # of the claimed distance
    verdict: str


def check_claim(claimed_km: float, measured_km: float, tolerance: float = 0.15) -> ClaimCheck:
    """Compare a distance a source claimed with the measured one.

    Within ``tolerance`` (a fraction of the claim) the claim is "roughly right"; beyond it,
    "overstated" (claimed more than measured) or "understated".

    >>> check_claim(800, 453).verdict
    'overstated: claimed ~800 km, measured 453 km (347 km or 43% less)'
    """
    for name, value in (("claimed_km", claimed_km), ("measured_km", measured_km)):
        if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
            raise InputError(f"must be a distance of 0 km or more, got {value!r}", field=name)
    if claimed_km == 0:
        raise InputError("a claimed distance of 0 km cannot be checked", field="claimed_km")
    if not 0 <= tolerance < 1:
        raise InputError(f"must be a fraction such as 0.15, got {tolerance}", field="tolerance")
    diff = float(measured_km - claimed_km)
    pct = 100.0 * diff / claimed_km
    if abs(diff) <= tolerance * claimed_km:
        word = "roughly right"
    else:
        word = "overstated" if diff < 0 else "understated"
    if round(diff) == 0:
        detail = "the same"
    else:
        side = "less" if diff < 0 else "more"
        detail = f"{format_km(abs(diff))} or {abs(pct):.0f}% {side}"
    verdict = (
        f"{word}: claimed ~{format_km(claimed_km)}, measured {format_km(measured_km)} ({detail})"
    )
    return ClaimCheck(float(claimed_km), float(measured_km), diff, pct, verdict)


def format_km(km: float) -> str:
    """Distance for a caption: whole km, one decimal under 10 km.

    >>> format_km(453.06), format_km(4.46), format_km(1234.5)
    ('453 km', '4.5 km', '1,234 km')
    """
    if km < 10:
        return f"{km:.1f} km"
    return f"{round(km):,} km"


def km_to_miles(km):
    """Statute miles. >>> round(km_to_miles(453), 1)
    281.5
    """
    return np.asarray(km, dtype=float) / KM_PER_MILE if np.ndim(km) else km / KM_PER_MILE
