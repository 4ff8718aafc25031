"""The places layer: the places a story names.

>>> places_layer(None).layer_name
'Places'
"""

from __future__ import annotations

import folium
import geopandas as gpd

from maps.layers import style
from maps.layers.fmt import esc, latlon, plain, rows_of

PLACES = "Places"


def places_layer(
    places: gpd.GeoDataFrame | None, as_areas: set[str] | frozenset[str] = frozenset()
) -> folium.FeatureGroup:
    """Small circle markers; places whose id is in ``as_areas`` are drawn as areas instead,
    and a region or country without an outline says its dot is only a label point."""
    group = folium.FeatureGroup(name=PLACES, show=True)
    for row in rows_of(places):
        if plain(row.get("id")) in as_areas:
            continue
        text = esc(row.get("label")) or esc(row.get("name"))
        precision = plain(row.get("precision"))
        if precision in {"region", "country"}:
            text += f" <i>(label point of the {precision})</i>"
        folium.CircleMarker(
            latlon(row["geometry"]),
            radius=4,
            color=style.PLACE_COLOR,
            weight=1.5,
            fill=True,
            fill_color="#ffffff",
            fill_opacity=1.0,
            tooltip=folium.Tooltip(text),
        ).add_to(group)
    return group
