"""Write the map: a self-contained HTML page, and the story's geometry as GeoJSON.

>>> path = save_html(build_map(resolved, tiles="none"), "out/story.html")  # doctest: +SKIP
>>> to_geojson(resolved)["features"][0]["properties"]["layer"]              # doctest: +SKIP
'Incidents'
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd

from geo.errors import InputError
from geo.resolved import ResolvedStory
from maps import layers
from maps.legend import GENERATOR

_SNIFF_BYTES = 16_384  # the head of a folium page, where its <meta> and Leaflet links are


def is_html_map(path: Path) -> bool:
    """True when ``path`` looks like a map page this tool (or folium) wrote: safe to replace."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES).decode("utf-8", "replace").lower()
    except OSError:
        return False
    if f'<meta name="generator" content="{GENERATOR}"' in head:
        return True
    return "<html" in head and "leaflet" in head


def save_html(m: folium.Map, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Render ``m`` and write it to ``path`` atomically; returns the resolved path.

    The page goes to a temporary file in the same folder and is moved over ``path`` with
    ``os.replace``, so a reader never sees half a map. An existing file that is not an HTML
    map is left alone unless ``force`` is true.
    """
    target = Path(path).expanduser()
    if target.is_dir():
        raise InputError("is a folder, not a file", file=str(target), hint="give a file name")
    if not target.parent.is_dir():
        raise InputError(
            "its folder does not exist", file=str(target), hint="create the folder first"
        )
    if target.exists() and not force and not is_html_map(target):
        raise InputError(
            "exists and is not an HTML map; refusing to overwrite it",
            file=str(target),
            hint="pass --force to replace it, or choose another output path",
        )
    page = m.get_root().render()
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(page)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp makes 0600; a published page must be readable
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target.resolve()


def _features(frame: gpd.GeoDataFrame | None, layer: str) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    out = frame.to_crs(4326) if frame.crs is not None else frame
    features = out.to_geo_dict(na="null", drop_id=True)["features"]
    for feature in features:
        feature["properties"] = {"layer": layer, **feature["properties"]}
    return features


def to_geojson(resolved: ResolvedStory) -> dict[str, Any]:
    """One FeatureCollection of incidents, places, distances and rings, each feature tagged
    with a ``layer`` property (the map's layer name). Borders are context and left out."""
    parts = [
        (resolved.incidents, layers.INCIDENTS),
        (resolved.places, layers.PLACES),
        (resolved.distances, layers.DISTANCES),
        (resolved.rings, layers.RINGS),
    ]
    features = [f for frame, name in parts for f in _features(frame, name)]
    return {"type": "FeatureCollection", "features": features}
