"""Occupied areas in the legend: whose line and as of when, and only when the map shows them.

The packaged lines are Natural Earth's (Crimea, and the Donbas line of 2014-2022); the legend
says so, and the attribution's Crimea note appears only when the view reaches Crimea (a
Baltimore map says nothing about it).

>>> occupied_label([{"administered_by": "RU", "since": "2014"}])
'Occupied by Russia (Natural Earth lines, 2014)'
>>> attribution_text("Boundaries: NE, recognised (Crimea shown as part of Ukraine)", False)
'Boundaries: NE, recognised'
"""

from __future__ import annotations

import re
from typing import Any

import geopandas as gpd
import shapely

from maps.layers.fmt import plain

# How far around the events' box the reader's view reaches (the box fills at least half of it).
VIEW_MARGIN = 0.5
HOLDERS = {"RU": "Russia", "UA": "Ukraine", "IL": "Israel", "TR": "Turkey", "AZ": "Azerbaijan",
           "AM": "Armenia"}  # fmt: skip
_CRIMEA_NOTE = re.compile(r"\s*\(Crimea [^)]*\)")


def view_box(bounds: list[list[float]] | None, margin: float = VIEW_MARGIN) -> shapely.Polygon:
    """The part of the world a reader sees around ``bounds`` (the world without bounds)."""
    if bounds is None:
        return shapely.box(-180, -90, 180, 90)
    (south, west), (north, east) = bounds
    dy, dx = (north - south) * margin + 0.5, (east - west) * margin + 0.5
    return shapely.box(west - dx, south - dy, east + dx, north + dy)


def shown(frame: gpd.GeoDataFrame | None, bounds: list[list[float]] | None) -> gpd.GeoDataFrame:
    """The occupied rows of ``frame`` that meet the reader's view."""
    if frame is None or frame.empty:
        return gpd.GeoDataFrame({"name": []}, geometry=[], crs=4326)
    rows = frame[(frame["status"] == "occupied") & ~frame.geometry.isna()]
    return rows[rows.geometry.intersects(view_box(bounds))]


def occupied_label(rows: list[dict[str, Any]]) -> str:
    """``Occupied by Russia (Natural Earth lines, 2014)`` from the areas' holders and dates."""
    holders = sorted({HOLDERS.get(plain(r.get("administered_by")), plain(r.get("administered_by")))
                      for r in rows} - {""})  # fmt: skip
    years = sorted({plain(r.get("since")) for r in rows} - {""})
    who = f"Occupied by {' and '.join(holders)}" if holders else "Occupied territory"
    when = f", {years[0]}" if len(years) == 1 else f", {years[0]}-{years[-1]}" if years else ""
    return f"{who} (Natural Earth lines{when})"


def details(rows: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """The packaged areas' holder and date for ``rows`` (matched by name)."""
    from geo.geometry import borders

    known = borders.occupied_areas().set_index("name")
    return [
        known.loc[name].to_dict() if name in known.index else {}
        for name in (plain(n) for n in rows["name"])
    ]


def shows_crimea(bounds: list[list[float]] | None) -> bool:
    """Whether the reader's view reaches Crimea (either view of the borders)."""
    from geo.geometry import borders

    areas = borders.occupied_areas()
    crimea = areas[areas["name"].str.startswith("Crimea")]
    return bool(crimea.geometry.intersects(view_box(bounds)).any())


def attribution_text(text: str, crimea: bool) -> str:
    """The boundaries credit, without its Crimea note when the map does not show Crimea."""
    return text if crimea else _CRIMEA_NOTE.sub("", text)
