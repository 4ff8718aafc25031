"""The rings layer: geodesic circles with their radius.

>>> rings_layer(None).layer_name
'Rings'
"""

from __future__ import annotations

import folium
import geopandas as gpd

from maps.layers import style
from maps.layers.fmt import esc, feature, fmt_km, fmt_mi, plain, rows_of

RINGS = "Rings"


def rings_layer(rings: gpd.GeoDataFrame | None) -> folium.FeatureGroup:
    """Geodesic circles, dashed, faint fill, radius on hover (``labels`` writes it on the ring)."""
    group = folium.FeatureGroup(name=RINGS, show=True)
    for row in rows_of(rings):
        radius = float(row["radius_km"])
        around = esc(row.get("around_label"))
        text = f"{fmt_km(radius)} ({fmt_mi(radius)}) radius" + (
            f" around {around}" if around else ""
        )
        if plain(row.get("label")):
            text = f"{esc(row.get('label'))}<br>{text}"
        geom = row["geometry"]
        folium.GeoJson(
            feature(geom),
            style_function=lambda _f: {
                "color": style.RING_COLOR,
                "weight": 2,
                "dashArray": style.RING_DASH,
                "fillColor": style.RING_COLOR,
                "fillOpacity": 0.04,
            },
            tooltip=folium.Tooltip(text, sticky=True),
        ).add_to(group)
    return group
