"""Areas: country outlines, occupied areas (hatched) and the plain land background.

>>> occupied_tooltip({"name": "Crimea", "note": "occupied by Russia since 2014"})
'Crimea — occupied by Russia since 2014'
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
import shapely
from branca.element import MacroElement, Template

from maps.layers import basemap, generalize, style
from maps.layers.fmt import esc, feature, plain, rows_of

BORDERS = "Borders & regions"


class HatchPattern(MacroElement):
    """An SVG ``<pattern>`` in the page, so Leaflet paths can use ``fillColor: url(#id)``."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <svg width="0" height="0" style="position:absolute" aria-hidden="true" focusable="false">
          <defs>
            <pattern id="{{ this.pattern_id }}" patternUnits="userSpaceOnUse" width="7"
                     height="7" patternTransform="rotate(45)">
              <rect width="7" height="7" fill="{{ this.color }}" fill-opacity="0.10"></rect>
              <line x1="0" y1="0" x2="0" y2="7" stroke="{{ this.color }}"
                    stroke-width="2.2" stroke-opacity="0.75"></line>
            </pattern>
          </defs>
        </svg>
        {% endmacro %}
        """
    )

    def __init__(self, pattern_id: str = style.HATCH_ID, color: str = style.OCCUPIED_COLOR):
        super().__init__()
        self._name = "HatchPattern"
        self.pattern_id = pattern_id
        self.color = color


def occupied_tooltip(row: dict[str, Any]) -> str:
    """``Crimea — occupied by Russia since 2014``, from the name and the note."""
    name, note = plain(row.get("name")), plain(row.get("note"))
    if not note:
        return esc(f"{name} — occupied" if name else "Occupied")
    if not name or note.lower().startswith(name.lower()):
        return esc(note)
    return esc(f"{name} — {note}")


def borders_layer(
    borders: gpd.GeoDataFrame | None, bounds: list[list[float]] | None = None
) -> folium.FeatureGroup:
    """Country outlines (light) and occupied areas (hatched, dashed outline).

    Outlines are generalised for display: detailed around ``bounds`` (the story's view),
    coarse far from it.
    """
    group = folium.FeatureGroup(name=BORDERS, show=True)
    near = generalize.story_box(bounds)
    fine = basemap.city_box(bounds)  # the coast as the basemap's city band draws it
    rows = rows_of(borders)
    if any(plain(r.get("status")) == "occupied" for r in rows):
        group.add_child(HatchPattern())
    for row in rows:
        occupied = plain(row.get("status")) == "occupied"
        if occupied:
            look = {
                "color": style.OCCUPIED_COLOR,
                "weight": 1.5,
                "dashArray": style.OCCUPIED_DASH,
                "fillColor": f"url(#{style.HATCH_ID})",
                "fillOpacity": 1.0,
            }
            tip = occupied_tooltip(row)
        else:
            # Outline only: a filled country would catch the mouse everywhere inside it.
            look = {"color": style.COUNTRY_COLOR, "weight": 1.2, "fill": False}
            tip = esc(row.get("name")) or esc(row.get("iso_a2"))
        geom = row["geometry"] if occupied else generalize.outline(row["geometry"], near, fine)
        folium.GeoJson(
            feature(geom),
            style_function=lambda _f, look=look: look,
            highlight_function=None,
            tooltip=folium.Tooltip(tip, sticky=True),
            smooth_factor=0.5,
        ).add_to(group)
    return group


# --- plain background ---------------------------------------------------------------------

LAND_COLOR = "#ffffff"  # on style.BACKGROUND, the sea of a map without tiles
COAST_COLOR = "#d3cfc6"


def land_layer(land: shapely.Geometry | None) -> folium.GeoJson | None:
    """Land as a light fill under everything: not in the layer control, not interactive.

    >>> land_layer(shapely.box(0, 0, 1, 1)).control
    False
    """
    if land is None or land.is_empty:
        return None
    return folium.GeoJson(
        feature(land),
        name="Land",
        style_function=lambda _f: {
            "color": COAST_COLOR,
            "weight": 0.6,
            "fillColor": LAND_COLOR,
            "fillOpacity": 1.0,
        },
        control=False,
        interactive=False,
        smooth_factor=1.0,
    )


def named_areas(
    group: folium.FeatureGroup,
    areas: gpd.GeoDataFrame | None,
    bounds: list[list[float]] | None = None,
) -> None:
    """Countries and provinces the story names, as light filled outlines, into ``group``.

    ``areas`` has ``name`` and a (Multi)Polygon ``geometry``; the name is on hover and (from
    ``labels``) written on the area, never as a point. Outlines are simplified to 1/800 of
    the view's span (``bounds``): a country at 1:10m would weigh a megabyte.
    """
    span = 360.0
    if bounds:
        (south, west), (north, east) = bounds
        span = max(north - south, east - west)
    tolerance = min(max(span / 800, generalize.NEAR_TOLERANCE_DEG), 0.2)
    fine = basemap.city_box(bounds)  # the coast as the basemap's city band draws it
    for row in rows_of(areas):
        row["geometry"] = generalize.area(row["geometry"], tolerance, fine)
        look = {
            "color": style.REGION_COLOR,
            "weight": 1.5,
            "fillColor": style.REGION_COLOR,
            "fillOpacity": 0.08,
        }
        folium.GeoJson(
            feature(row["geometry"]),
            style_function=lambda _f, look=look: look,
            highlight_function=None,
            tooltip=folium.Tooltip(esc(row.get("name")), sticky=True),
            smooth_factor=0.5,
        ).add_to(group)
