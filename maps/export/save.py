"""Write the map: a self-contained HTML page, and the story's geometry as GeoJSON.

Output is deterministic: :func:`stable_ids` replaces branca's random element ids with ids
counted in build order, so the same story and options give the same bytes in any process.

>>> path = save_html(build_map(resolved, tiles="none"), "out/story.html")  # doctest: +SKIP
>>> to_geojson(resolved)["features"][0]["properties"]["layer"]              # doctest: +SKIP
'Incidents'
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import re
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

# Proof that a page is one this tool wrote, and has not been edited since: a meta tag right
# after <head> holding the SHA-256 of the page without that tag. A file of the user's that
# merely mentions Leaflet, or a map they edited by hand, is not replaced without --force.
_SIGNATURE = re.compile(
    rb'<meta name="incident-map-signature" content="sha256:([0-9a-f]{64})" />\n'
)
_HEAD = b"<head>\n"
_MAX_SIGNED_BYTES = 512_000_000  # a bigger file is not a page of ours: do not read it all


def sign_page(page: str) -> str:
    """``page`` with its signature tag inserted after ``<head>`` (unchanged without one).

    >>> signed = sign_page("<html>\\n<head>\\n<title>x</title>")
    >>> signed.splitlines()[2][:44]
    '<meta name="incident-map-signature" content='
    >>> is_signed(signed.encode())
    True
    >>> is_signed(signed.replace("x", "y").encode())
    False
    """
    raw = page.encode("utf-8")
    at = raw.find(_HEAD)
    if at < 0:
        return page
    digest = hashlib.sha256(raw).hexdigest()
    tag = f'<meta name="incident-map-signature" content="sha256:{digest}" />\n'
    cut = at + len(_HEAD)
    return (raw[:cut] + tag.encode("ascii") + raw[cut:]).decode("utf-8")


def is_signed(raw: bytes) -> bool:
    """True when ``raw`` holds a signature tag after ``<head>`` that matches the rest."""
    at = raw.find(_HEAD)
    if at < 0:
        return False
    cut = at + len(_HEAD)
    found = _SIGNATURE.match(raw, cut)
    if found is None:
        return False
    rest = raw[:cut] + raw[found.end() :]
    return hmac.compare_digest(hashlib.sha256(rest).hexdigest().encode(), found.group(1))


def is_html_map(path: Path) -> bool:
    """True when ``path`` is a map page this tool wrote and nobody changed since: the only
    file ``save_html`` replaces without ``force``."""
    try:
        if path.stat().st_size > _MAX_SIGNED_BYTES:
            return False
        with path.open("rb") as fh:
            return is_signed(fh.read())
    except OSError:
        return False


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
    is replaced only when it is a map page this tool wrote (signed, unchanged), or with
    ``force``."""
    # Name, folder and kind first (a FIFO must not be opened to look for the signature).
    target = check_target(path, force=True)
    if target.exists() and not force and not is_html_map(target):
        raise InputError(
            "exists and is not a map page incident-map wrote (or was edited since); "
            "refusing to overwrite it",
            file=str(target),
            hint="pass --force to replace it, or choose another output path",
        )
    return target


def save_html(m: folium.Map, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Render ``m`` and write it to ``path`` atomically; returns the resolved path.

    The page goes to a temporary file in the same folder and is moved over ``path`` with
    ``os.replace`` (see ``geo.files.atomic``), so a reader never sees half a map. An existing
    file that is not an HTML map is left alone unless ``force`` is true.
    """
    target = check_html_target(path, force=force)
    with literal_elements():  # any map, even one not built here: text stays text
        page = sign_page(m.get_root().render())
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
