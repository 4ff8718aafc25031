"""Coordinates of GIS tables checked before anything is drawn.

A point at longitude 1e19 hung the reader's tab, points at inf called ``fitBounds`` with
Infinity, and Web Mercator metres in a GeoJSON without ``crs`` were drawn as an empty world
map with "0 problems". Here: :func:`reproject` refuses a file whose coordinates are not
degrees unless ``--crs`` says what they are; :func:`check_geometry_xy` turns each point out
of range or not finite into a reported row.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo.errors import InputError

__all__ = ["check_geometry_xy", "reproject"]


def reproject(gdf: Any, path: Path, crs: str | None) -> Any:
    """``gdf`` in the ``crs`` the user gave (``--crs``), or as read; a file whose
    coordinates are mostly far outside degrees while it claims (or, GeoJSON, implies)
    longitude and latitude is refused as projected: Web Mercator metres without a ``crs``
    member were drawn as an empty world map with "0 problems"."""
    if crs is not None:
        try:
            return gdf.set_crs(crs, allow_override=True)
        except Exception:
            raise InputError(f"unknown coordinate system {crs!r}", field="--crs",
                             hint="give an EPSG code such as EPSG:3857") from None  # fmt: skip
    if gdf.crs is None or gdf.crs.is_geographic:
        import shapely

        xy = shapely.get_coordinates(gdf.geometry.to_numpy())
        xy = xy[np.isfinite(xy).all(axis=1)]  # inf and NaN are rows reported later
        if len(xy):
            with np.errstate(invalid="ignore"):
                far = (np.abs(xy[:, 0]) > 360) | (np.abs(xy[:, 1]) > 180)
            if far.mean() > 0.5:
                raise InputError(
                    f"the coordinates are not degrees (e.g. {xy[far][0][0]:g}, "
                    f"{xy[far][0][1]:g}): the file looks projected but does not say how",
                    file=str(path),
                    hint="pass its coordinate system, e.g. --crs EPSG:3857, or save it as "
                    "longitude/latitude (EPSG:4326)",
                )
    return gdf


def check_geometry_xy(
    lon: np.ndarray, lat: np.ndarray, problems: Callable[..., pd.DataFrame]
) -> list[pd.DataFrame]:
    """Geometries outside -180..180, -90..90 or not finite (a point at longitude 1e19 hung
    the reader's tab; inf called fitBounds with Infinity): reported rows, set to NaN here
    so they are never drawn."""
    given = ~(np.isnan(lon) & np.isnan(lat))
    with np.errstate(invalid="ignore"):
        off = given & ~(np.isfinite(lon) & np.isfinite(lat) & (np.abs(lon) <= 180)
                        & (np.abs(lat) <= 90))  # fmt: skip
    if not off.any():
        return []
    shown = pd.Series([f"{x:g}, {y:g}" for x, y in zip(lon, lat, strict=True)])
    lon[off] = lat[off] = np.nan
    return [problems(off, "geometry", shown, "is not a longitude, latitude in degrees "
                      "(-180..180, -90..90)")]  # fmt: skip
