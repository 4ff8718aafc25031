"""A story's own occupied or controlled areas, with whose line, as of when, and the source.

``render --areas FILE.geojson`` reads a GeoJSON FeatureCollection of polygons; each feature
says ``held_by`` (who controls it), ``as_of`` (the date of the line, YYYY-MM-DD or YYYY-MM),
``source`` (whose map it is), and optionally ``name``. They are drawn hatched like the packaged
areas, and replace them: Natural Earth's 2014 lines would contradict a 2023 map. The legend
says "Held by Russia, as of 3 May 2023 (ISW)".

>>> legend_label({"held_by": "Russia", "as_of": "2023-05-03", "source": "ISW"})
'Held by Russia, as of 3 May 2023 (ISW)'
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

from geo.errors import InputError
from geo.files.textfile import check_regular, read_text
from maps.layers.fmt import plain

REQUIRED = ("held_by", "as_of", "source")
MAX_BYTES = 20_000_000


def _as_of(text: str) -> str:
    for fmt in ("%Y-%m-%d", "%Y-%m"):
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return f"{day.day} {day:%B %Y}" if fmt == "%Y-%m-%d" else f"{day:%B %Y}"
    raise ValueError(text)


def legend_label(props: dict[str, Any]) -> str:
    """``Held by X, as of D (source)``."""
    return (
        f"Held by {plain(props.get('held_by'))}, as of {_as_of(plain(props.get('as_of')))} "
        f"({plain(props.get('source'))})"
    )


def read_areas(path: str | Path) -> gpd.GeoDataFrame:
    """The areas of ``path`` (name, held_by, as_of, source, label, geometry), checked.

    Raises ``InputError`` naming the feature and the field for anything missing or wrong.
    """
    where = str(path)
    check_regular(path, "areas file")
    try:
        data = json.loads(read_text(path, "areas file", MAX_BYTES))
    except json.JSONDecodeError as e:
        raise InputError(f"not JSON ({e.msg})", file=where, line=e.lineno,
                         hint="give a GeoJSON FeatureCollection") from None  # fmt: skip
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise InputError("no features", file=where, hint="give a GeoJSON FeatureCollection")
    rows = []
    for i, feat in enumerate(features):
        field = f"features[{i}]"
        props = (feat or {}).get("properties") or {}
        for key in REQUIRED:
            if not plain(props.get(key)):
                raise InputError(
                    f"missing {key}",
                    file=where,
                    field=f"{field}.properties.{key}",
                    hint='e.g. "held_by": "Russia", "as_of": "2023-05-03", "source": "ISW"',
                )
        try:
            label = legend_label(props)
        except ValueError:
            raise InputError(
                f"as_of {plain(props.get('as_of'))!r} is not a date",
                file=where,
                field=f"{field}.properties.as_of",
                hint="write YYYY-MM-DD or YYYY-MM",
            ) from None
        try:
            geom = shapely.geometry.shape(feat.get("geometry"))
        except Exception:
            geom = None
        if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon") or geom.is_empty:
            raise InputError("not a polygon", file=where, field=f"{field}.geometry",
                             hint="areas are Polygon or MultiPolygon features")  # fmt: skip
        if not shapely.box(-180, -90, 180, 90).contains(geom):
            raise InputError(
                "coordinates outside -180..180, -90..90",
                file=where,
                field=f"{field}.geometry",
                hint="write longitude, latitude",
            )
        rows.append(
            {
                "name": plain(props.get("name")),
                "held_by": plain(props.get("held_by")),
                "as_of": plain(props.get("as_of")),
                "source": plain(props.get("source")),
                "label": label,
                "geometry": shapely.make_valid(geom),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


def as_border_rows(areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The areas shaped like the story's border rows (status ``occupied``, note, name)."""
    return gpd.GeoDataFrame(
        {
            "iso_a2": "",
            "name": [n or "Area" for n in areas["name"]],
            "status": "occupied",
            "note": [lb.replace("Held", "held", 1) for lb in areas["label"]],
        },
        geometry=areas.geometry.values,
        crs=4326,
    )
