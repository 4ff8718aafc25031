"""Write the map: a self-contained HTML page, and the story's geometry as GeoJSON.

Output is deterministic: :func:`stable_ids` replaces branca's random element ids with ids
counted in build order, so the same story and options give the same bytes in any process.

>>> path = save_html(build_map(resolved, tiles="none"), "out/story.html")  # doctest: +SKIP
>>> to_geojson(resolved)["features"][0]["properties"]["layer"]              # doctest: +SKIP
'Incidents'
"""

from __future__ import annotations

import json
import math
import os
from collections import OrderedDict
from itertools import count
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
from branca.element import Element

from geo.errors import InputError
from geo.files.atomic import check_target, write_atomic
from geo.story.resolved import ResolvedStory
from maps import layers
from maps.export.literal import literal_elements
from maps.layers.legend import GENERATOR

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


def stable_ids(root: Element) -> Element:
    """Give ``root`` and everything under it ids counted in tree order (``0001``, ...).

    Branca draws ``_id`` from ``os.urandom``; the JavaScript variable names and DOM ids of a
    map are built from it (``marker_<id>``), and so are the keys its parents file children
    under (folium's Popup template uses those keys as variable names), so both are renamed.
    Call it once, after building and before the first render.

    >>> stable_ids(folium.Map(tiles=None)).get_name()
    'map_0001'
    """
    numbers = count(1)

    def walk(el: Element) -> None:
        el._id = f"{next(numbers):04d}"
        renamed: OrderedDict[str, Element] = OrderedDict()
        for key, child in el._children.items():
            old = child.get_name()
            walk(child)
            renamed[child.get_name() if key == old else key] = child
        el._children = renamed
        # Figure and Popup keep parts outside _children (header, html, script).
        for part in ("header", "html", "script"):
            sub = getattr(el, part, None)
            if isinstance(sub, Element) and sub is not el:
                walk(sub)

    walk(root)
    return root


def check_html_target(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Raise ``InputError`` unless a map page may be written to ``path``: an existing file
    is replaced only when it is a map page already, or with ``force``."""
    target = Path(path).expanduser()
    if target.exists() and not target.is_dir() and not force and not is_html_map(target):
        raise InputError(
            "exists and is not an HTML map; refusing to overwrite it",
            file=str(target),
            hint="pass --force to replace it, or choose another output path",
        )
    return check_target(target, force=True)  # folder checks; replacing was decided above


def save_html(m: folium.Map, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Render ``m`` and write it to ``path`` atomically; returns the resolved path.

    The page goes to a temporary file in the same folder and is moved over ``path`` with
    ``os.replace`` (see ``geo.files.atomic``), so a reader never sees half a map. An existing
    file that is not an HTML map is left alone unless ``force`` is true.
    """
    target = check_html_target(path, force=force)
    with literal_elements():  # any map, even one not built here: text stays text
        page = m.get_root().render()
    return write_atomic(target, page, force=True).resolve()


def _clean(value: Any) -> Any:
    # NaN and infinities are not JSON; numpy scalars become Python numbers.
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _features(frame: gpd.GeoDataFrame | None, layer: str) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    out = frame.to_crs(4326) if frame.crs is not None else frame
    features = out.to_geo_dict(na="null", drop_id=True)["features"]
    for feature in features:
        # Fixed key order: layer first, then the frame's columns as the contract lists them.
        props = {k: _clean(v) for k, v in feature["properties"].items()}
        feature["properties"] = {"layer": layer, **props}
    return features


def to_geojson(resolved: ResolvedStory) -> dict[str, Any]:
    """One FeatureCollection of incidents, places, distances and rings, each feature tagged
    with a ``layer`` property (the map's layer name) and carrying every column of its frame
    (see ``geo.story.resolved``). Borders are context and left out. The story's own fields travel
    as a foreign member ``story`` (RFC 7946 section 6.1)."""
    parts = [
        (resolved.incidents, layers.INCIDENTS),
        (resolved.places, layers.PLACES),
        (resolved.distances, layers.DISTANCES),
        (resolved.rings, layers.RINGS),
    ]
    features = [f for frame, name in parts for f in _features(frame, name)]
    story = resolved.story
    meta = {
        "title": story.title,
        "dek": story.dek,
        "date": story.date.isoformat() if story.date else None,
        "credit": story.credit,
        "view": story.view,
        "sources": [{"id": s.id, "name": s.name, "url": s.url} for s in story.sources],
        "boundaries": resolved.boundaries_attribution,
    }
    return {"type": "FeatureCollection", "story": meta, "features": features}


def geojson_text(resolved: ResolvedStory) -> str:
    """:func:`to_geojson` as text: keys in a fixed order, UTF-8, no NaN, one line."""
    return json.dumps(to_geojson(resolved), ensure_ascii=False, allow_nan=False) + "\n"
