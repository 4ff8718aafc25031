"""The incidents layer: a round pin per incident, icon and colour by type, popup and tooltip.

>>> incidents_layer(None).layer_name
'Incidents'
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
import numpy as np

from maps.layers import style
from maps.layers.fmt import esc, fmt_dates, latlon, link, plain, rows_of, whole_count

INCIDENTS = "Incidents"

_APPROXIMATE = {"city": "city", "region": "region", "country": "country"}


def incident_popup(row: dict[str, Any]) -> str:
    """Popup HTML of one incident row (all text escaped)."""
    kind = plain(row.get("type"))
    st = style.incident_style(kind, plain(row.get("event_type")) or None)
    label = esc(row.get("type_label")) or esc(style.type_label(kind))
    when = esc(fmt_dates(row.get("date_start"), row.get("date_end"))) or "date not given"
    count = whole_count(row.get("count"))
    unit = plain(row.get("unit")) or None
    facts = [when] + ([esc(style.count_text(kind, count, unit))] if count is not None else [])
    place = esc(row.get("place_label"))
    precision = plain(row.get("precision"))
    if precision in _APPROXIMATE:
        place += f" <i>(location approximate: {_APPROXIMATE[precision]} level)</i>"
    elif precision == "approximate":
        place += " <i>(location approximate: near the place named)</i>"
    status = esc(row.get("status")).capitalize() or "Reported"
    source_name, source_url = row.get("source_name"), row.get("source_url")
    source = link(source_url, source_name) if plain(source_name) or plain(source_url) else ""
    parts = [
        f'<div class="im-popup-head"><i class="fa fa-{st.icon}" style="color:{st.hex}"></i>'
        f" <b>{label}</b></div>",
        f'<div class="im-popup-facts">{" · ".join(facts)}</div>',
    ]
    if plain(row.get("summary")):
        parts.append(f'<p class="im-popup-summary">{esc(row.get("summary"))}</p>')
    if place:
        parts.append(f"<div><b>Where:</b> {place}</div>")
    parts.append(f"<div><b>Status:</b> {status}</div>")
    if source:
        parts.append(f"<div><b>Source:</b> {source}</div>")
    return '<div class="im-popup">' + "".join(parts) + "</div>"


def incident_tooltip(row: dict[str, Any]) -> str:
    """Short hover label: ``Drone strike · 2 drones · Kremlin``."""
    kind = plain(row.get("type"))
    bits = [esc(row.get("type_label")) or esc(style.type_label(kind))]
    count = whole_count(row.get("count"))
    if count is not None:
        bits.append(esc(style.count_text(kind, count, plain(row.get("unit")) or None)))
    if plain(row.get("place_label")):
        bits.append(esc(row.get("place_label")))
    return " · ".join(bits)


def spread_offsets(
    lat: np.ndarray, lon: np.ndarray, *, within_km: float = 3.0, radius_px: float = 15.0
) -> np.ndarray:
    """Pixel offsets that fan out markers standing on (nearly) the same spot.

    Three incidents in central Moscow would otherwise hide each other under one pin at
    the zoom that fits the story. Markers within ``within_km`` of a group's first marker
    are placed on a small circle around it; a pixel offset keeps them apart at every zoom.

    >>> spread_offsets(np.array([55.75, 55.7501, 50.0]), np.array([37.6, 37.6, 30.0])).tolist()
    [[0.0, -15.0], [0.0, 15.0], [0.0, 0.0]]
    """
    n = len(lat)
    offsets = np.zeros((n, 2))
    group = np.full(n, -1)
    for i in range(n):  # story scale: a handful of markers
        if group[i] >= 0:
            continue
        dy = (lat - lat[i]) * 111.0
        dx = (lon - lon[i]) * 111.0 * np.cos(np.radians(lat[i]))
        members = np.flatnonzero((group < 0) & (np.hypot(dx, dy) <= within_km))
        group[members] = i
        if len(members) > 1:
            angles = -np.pi / 2 + 2 * np.pi * np.arange(len(members)) / len(members)
            offsets[members, 0] = np.round(radius_px * np.cos(angles), 1) + 0.0
            offsets[members, 1] = np.round(radius_px * np.sin(angles), 1) + 0.0
    return offsets


def marker_icon(
    st: style.IncidentStyle, label: str = "", offset: tuple[float, float] = (0.0, 0.0)
) -> folium.DivIcon:
    """A round pin in the type's colour with its Font Awesome icon in white.

    A DivIcon needs only Leaflet and Font Awesome (no awesome-markers plugin, which no
    installed package carries), so the same marker works in a self-contained page. Leaflet
    makes the marker a focusable ``role="button"`` (Enter opens its popup); ``label``
    (escaped HTML, the tooltip text) is its accessible name, in a visually hidden span.
    """
    name = f'<span class="im-sr-only">{label}</span>' if label else ""
    return folium.DivIcon(
        html=f'<div class="im-pin" style="background:{st.hex}">'
        f'<i class="fa-solid fa-{st.icon}" aria-hidden="true"></i>{name}</div>',
        icon_size=(26, 26),
        # Leaflet places the anchor on the point: moving it by -offset moves the pin by +offset.
        icon_anchor=(13 - offset[0], 13 - offset[1]),
        popup_anchor=(0, -12),
        class_name="im-marker",
    )


def incidents_layer(incidents: gpd.GeoDataFrame | None) -> folium.FeatureGroup:
    """A marker per incident, icon and colour by type.

    >>> incidents_layer(None).layer_name
    'Incidents'
    """
    group = folium.FeatureGroup(name=INCIDENTS, show=True)
    rows = list(rows_of(incidents))
    points = [latlon(row["geometry"]) for row in rows]
    offsets = spread_offsets(np.array([p[0] for p in points]), np.array([p[1] for p in points]))
    for row, point, offset in zip(rows, points, offsets, strict=True):
        # the event type too: ACLED's strategic "Other" is type other, event type
        # strategic_developments, and takes that colour (the legend's), not grey
        st = style.incident_style(plain(row.get("type")), plain(row.get("event_type")) or None)
        folium.Marker(
            point,
            icon=marker_icon(st, incident_tooltip(row), (float(offset[0]), float(offset[1]))),
            popup=folium.Popup(incident_popup(row), max_width=320),
            tooltip=folium.Tooltip(incident_tooltip(row)),
        ).add_to(group)
    return group
