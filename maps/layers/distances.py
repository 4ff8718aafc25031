"""The distances layer: geodesic lines with their km label, claims and verdicts.

>>> distance_label({"km": 453.2, "claimed_km": 500})
'453 km measured · claimed ~500 km'
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
import numpy as np
import shapely

from maps.layers import style
from maps.layers.fmt import esc, fmt_km, fmt_mi, latlon, plain, rows_of

DISTANCES = "Distances"
ENDPOINT_CLASS = "im-endpoint"  # a distance's end off any named place (a border point)


def _line_parts(geom: shapely.Geometry) -> list[list[list[float]]]:
    """Lat/lon vertex lists of a (Multi)LineString: lines split at the antimeridian stay split."""
    parts = shapely.get_parts(geom)
    return [shapely.get_coordinates(p)[:, ::-1].tolist() for p in parts]


def _midpoint(geom: shapely.Geometry) -> list[float]:
    # Half-way along the drawn vertices; the line is already densified along the geodesic.
    parts = shapely.get_parts(geom)
    longest = parts[int(np.argmax(shapely.length(parts)))]
    return latlon(longest.interpolate(0.5, normalized=True))


# How a claim's qualifier reads before its figure on the map ("claimed more than 800 km").
QUALIFIER_WORDS = {
    "about": "~",
    "nearly": "nearly ",
    "exact": "",
    "more_than": "more than ",
    "at_least": "at least ",
    "less_than": "less than ",
    "at_most": "at most ",
    "within": "within ",
}


def claim_text(row: dict[str, Any]) -> str:
    """``claimed ~500 km``, ``claimed more than 800 km``, ``claimed ~126 km (68 nautical
    miles)`` with the figure in its own unit when the text did not use km; "" without a claim.

    >>> claim_text({"claimed_km": 800.0, "qualifier": "more_than"})
    'claimed more than 800 km'
    """
    claimed = row.get("claimed_km")
    if not plain(claimed):
        return ""
    words = QUALIFIER_WORDS.get(plain(row.get("qualifier")) or "about", "~")
    text = f"claimed {words}{fmt_km(float(claimed))}"
    own = plain(row.get("claimed"))
    if own and not own.endswith(" km"):
        text += f" ({esc(own)})"
    return text


def distance_label(row: dict[str, Any]) -> str:
    """``453 km`` or, when the story claims a figure, ``453 km measured · claimed ~500 km``
    and the verdict's category (``: overstated``)."""
    km = float(row["km"])
    claim = claim_text(row)
    if claim:
        category = plain(row.get("category"))
        return f"{fmt_km(km)} measured · {claim}" + (f": {category}" if category else "")
    return fmt_km(km)


def ends_text(row: dict[str, Any]) -> str:
    """``Kremlin → Bryansk``, escaped; one end alone when the other is unnamed."""
    a, b = esc(row.get("from_label")), esc(row.get("to_label"))
    return f"{a} → {b}" if a and b else a or b


def distance_popup(row: dict[str, Any]) -> str:
    km = float(row["km"])
    miles = row.get("miles")
    miles = float(miles) if plain(miles) else None
    title = esc(row.get("label")) or ends_text(row)
    parts = [f'<div class="im-popup-head"><b>{title}</b></div>']
    if title != ends_text(row) and ends_text(row):
        parts.append(f"<div>{ends_text(row)}</div>")
    parts.append(
        f"<div><b>Measured:</b> {fmt_km(km)} ({fmt_mi(km, miles)}), shortest path on the "
        "WGS84 ellipsoid</div>"
    )
    claimed = row.get("claimed_km")
    if plain(claimed):
        claimed = float(claimed)
        diff = claimed - km
        pct = f" ({abs(diff) / km:.0%})" if km > 0 else ""
        side = "more" if diff >= 0 else "less"
        said = claim_text(row).removeprefix("claimed ")
        parts.append(
            f"<div><b>Claimed:</b> {said}, {fmt_km(abs(diff))}{pct} {side} than measured</div>"
        )
    if plain(row.get("verdict")):
        parts.append(f"<div><b>Verdict:</b> {esc(row.get('verdict'))}</div>")
    return '<div class="im-popup">' + "".join(parts) + "</div>"


def _endpoints_off_places(
    distances: gpd.GeoDataFrame, places: gpd.GeoDataFrame | None
) -> list[tuple[float, float, str]]:
    """Distance ends that are not story places (a nearest border point, a bare lat,lon)."""
    ends = np.concatenate(
        [
            distances[["from_lat", "from_lon"]].to_numpy(float),
            distances[["to_lat", "to_lon"]].to_numpy(float),
        ]
    )
    labels = list(distances["from_label"]) + list(distances["to_label"])
    keep = np.isfinite(ends).all(axis=1)
    if places is not None and not places.empty:
        known = shapely.get_coordinates(places.geometry.to_numpy())[:, ::-1]  # lat, lon
        near = np.abs(ends[:, None, :] - known[None, :, :]).max(axis=2) < 1e-5
        keep &= ~near.any(axis=1)
    _, first = np.unique(np.round(ends, 6), axis=0, return_index=True)
    once = np.zeros(len(ends), bool)
    once[first] = True
    return [
        (lat, lon, plain(lbl))
        for (lat, lon), lbl, k in zip(ends, labels, keep & once, strict=True)
        if k
    ]


def distances_layer(
    distances: gpd.GeoDataFrame | None, places: gpd.GeoDataFrame | None = None
) -> folium.FeatureGroup:
    """Geodesic lines, miles on hover, claim and verdict (``labels`` puts the km label on them)."""
    group = folium.FeatureGroup(name=DISTANCES, show=True)
    rows = rows_of(distances)
    for row in rows:
        km = float(row["km"])
        miles = row.get("miles")
        miles = float(miles) if plain(miles) else None
        hover = f"{fmt_km(km)} ({fmt_mi(km, miles)})"
        if claim_text(row):
            hover += f" · {claim_text(row)}"
        if ends_text(row):
            hover += f"<br>{ends_text(row)}"
        folium.PolyLine(
            _line_parts(row["geometry"]),
            color=style.DISTANCE_COLOR,
            weight=3,
            opacity=0.9,
            tooltip=folium.Tooltip(hover, sticky=True),
            popup=folium.Popup(distance_popup(row), max_width=320),
        ).add_to(group)
    if rows:
        for lat, lon, label in _endpoints_off_places(distances, places):
            folium.CircleMarker(
                [lat, lon],
                radius=4,
                color=style.BORDER_POINT_COLOR,
                weight=2,
                fill=True,
                fill_color="#ffffff",
                fill_opacity=1.0,
                className=ENDPOINT_CLASS,  # labels.js keeps its labels off these dots
                tooltip=folium.Tooltip(esc(label) or f"{lat:.4f}, {lon:.4f}"),
            ).add_to(group)
    return group
