"""One ``folium.FeatureGroup`` per kind of thing on the map, drawn from a ``ResolvedStory`` frame.

Layer names are stable: the layer control, the tests and the browser check look for them.

Every piece of story text reaches the page through :func:`esc` (HTML-escaped, and safe inside
the JavaScript template literals folium wraps popups and tooltips in); only http(s) URLs become
links (:func:`link`). Frames hold one row per story item (tens of rows), so building one
Leaflet object per row is the natural shape here.

>>> esc("<b>`${x}`</b>")
'&lt;b&gt;&#96;&#36;&#123;x&#125;&#96;&lt;/b&gt;'
>>> link("javascript:alert(1)", "click")
'click'
>>> fmt_km(453.2), fmt_dates("2024-05-03", "2024-05-05")
('453 km', '3–5 May 2024')
"""

from __future__ import annotations

import html
import math
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement, Template

from geo.geometry.distances import KM_PER_MILE
from maps.layers import generalize, style

INCIDENTS = "Incidents"
PLACES = "Places"
DISTANCES = "Distances"
BORDERS = "Borders & regions"
RINGS = "Rings"
LAYER_NAMES = (BORDERS, RINGS, DISTANCES, PLACES, INCIDENTS)  # drawing order, bottom first

_APPROXIMATE = {"city": "city", "region": "region", "country": "country"}


# --- text -------------------------------------------------------------------------------


def plain(value: Any) -> str:
    """A frame cell as plain text: None, NaN and pandas NA become ""."""
    if value is None:
        return ""
    try:
        if value != value:  # NaN, pd.NA raises TypeError on bool()
            return ""
    except TypeError:
        return ""
    return str(value).strip()


def esc(value: Any) -> str:
    """HTML-escape story text; also neutralise `` ` ``, ``$`` and ``\\`` because folium pastes
    popup and tooltip HTML into JavaScript template literals, and ``{`` ``}`` because branca
    compiles every rendered macro as a Jinja template again (``{{7*7}}`` would become 49)."""
    text = html.escape(plain(value), quote=True)
    for raw, entity in _ENTITIES:
        text = text.replace(raw, entity)
    return text


_ENTITIES = (("\\", "&#92;"), ("`", "&#96;"), ("$", "&#36;"), ("{", "&#123;"), ("}", "&#125;"))


def is_web_url(url: Any) -> bool:
    """True for absolute http(s) URLs with a host; everything else stays text."""
    parts = urlsplit(plain(url))
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def link(url: Any, text: Any) -> str:
    """An ``<a>`` for http(s) URLs, opening in a new tab; just the escaped text otherwise."""
    label = esc(text) or esc(url)
    if not is_web_url(url):
        return label
    return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{label}</a>'


def fmt_km(km: float) -> str:
    """Round like a journalist would: whole kilometres, one decimal below 10 km."""
    return f"{km:.1f} km" if km < 10 else f"{km:,.0f} km"


def fmt_mi(km: float, miles: float | None = None) -> str:
    mi = miles if miles is not None and not math.isnan(miles) else km / KM_PER_MILE
    return f"{mi:.1f} mi" if mi < 10 else f"{mi:,.0f} mi"


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def fmt_dates(start: Any, end: Any = "") -> str:
    """``"3 May 2024"``, ``"3–5 May 2024"``, ``"30 Apr – 2 May 2024"``; "" when unknown."""
    s, e = plain(start), plain(end)
    ds, de = _parse_day(s), _parse_day(e)
    if ds is None:
        return s  # not ISO: show what the story says (escaped by the caller)
    if de is None or de == ds:
        return _day(ds)
    if (ds.year, ds.month) == (de.year, de.month):
        return f"{ds.day}–{_day(de)}"
    if ds.year == de.year:
        return f"{ds.day} {ds:%b} – {_day(de)}"
    return f"{_day(ds)} – {_day(de)}"


def _count(value: Any) -> int | None:
    text = plain(value)
    return int(float(text)) if text else None


def _rows(frame: gpd.GeoDataFrame | None) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty)]
    return frame.to_dict("records")


def _latlon(geom: shapely.Geometry) -> list[float]:
    return [geom.y, geom.x]


# --- incidents ----------------------------------------------------------------------------


def incident_popup(row: dict[str, Any]) -> str:
    """Popup HTML of one incident row (all text escaped)."""
    kind = plain(row.get("type"))
    st = style.incident_style(kind)
    label = esc(row.get("type_label")) or esc(style.type_label(kind))
    when = esc(fmt_dates(row.get("date_start"), row.get("date_end"))) or "date not given"
    count = _count(row.get("count"))
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
    count = _count(row.get("count"))
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
    rows = list(_rows(incidents))
    points = [_latlon(row["geometry"]) for row in rows]
    offsets = spread_offsets(np.array([p[0] for p in points]), np.array([p[1] for p in points]))
    for row, point, offset in zip(rows, points, offsets, strict=True):
        st = style.incident_style(plain(row.get("type")))
        folium.Marker(
            point,
            icon=marker_icon(st, incident_tooltip(row), (float(offset[0]), float(offset[1]))),
            popup=folium.Popup(incident_popup(row), max_width=320),
            tooltip=folium.Tooltip(incident_tooltip(row)),
        ).add_to(group)
    return group


# --- places -------------------------------------------------------------------------------


def places_layer(places: gpd.GeoDataFrame | None) -> folium.FeatureGroup:
    """Small circle markers; regions and countries say their dot is only a label point."""
    group = folium.FeatureGroup(name=PLACES, show=True)
    for row in _rows(places):
        text = esc(row.get("label")) or esc(row.get("name"))
        precision = plain(row.get("precision"))
        if precision in {"region", "country"}:
            text += f" <i>(label point of the {precision})</i>"
        folium.CircleMarker(
            _latlon(row["geometry"]),
            radius=4,
            color=style.PLACE_COLOR,
            weight=1.5,
            fill=True,
            fill_color="#ffffff",
            fill_opacity=1.0,
            tooltip=folium.Tooltip(text),
        ).add_to(group)
    return group


# --- distances ----------------------------------------------------------------------------


def _line_parts(geom: shapely.Geometry) -> list[list[list[float]]]:
    """Lat/lon vertex lists of a (Multi)LineString: lines split at the antimeridian stay split."""
    parts = shapely.get_parts(geom)
    return [shapely.get_coordinates(p)[:, ::-1].tolist() for p in parts]


def _midpoint(geom: shapely.Geometry) -> list[float]:
    # Half-way along the drawn vertices; the line is already densified along the geodesic.
    parts = shapely.get_parts(geom)
    longest = parts[int(np.argmax(shapely.length(parts)))]
    return _latlon(longest.interpolate(0.5, normalized=True))


# How a claim's qualifier reads before its figure on the map ("claimed more than 800 km").
_QUALIFIER_WORDS = {
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
    words = _QUALIFIER_WORDS.get(plain(row.get("qualifier")) or "about", "~")
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


def _ends(row: dict[str, Any]) -> str:
    a, b = esc(row.get("from_label")), esc(row.get("to_label"))
    return f"{a} → {b}" if a and b else a or b


def distance_popup(row: dict[str, Any]) -> str:
    km = float(row["km"])
    miles = row.get("miles")
    miles = float(miles) if plain(miles) else None
    title = esc(row.get("label")) or _ends(row)
    parts = [f'<div class="im-popup-head"><b>{title}</b></div>']
    if title != _ends(row) and _ends(row):
        parts.append(f"<div>{_ends(row)}</div>")
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
    """Geodesic lines with a permanent km label mid-way, miles on hover, claim and verdict."""
    group = folium.FeatureGroup(name=DISTANCES, show=True)
    rows = _rows(distances)
    for row in rows:
        km = float(row["km"])
        miles = row.get("miles")
        miles = float(miles) if plain(miles) else None
        hover = f"{fmt_km(km)} ({fmt_mi(km, miles)})"
        if claim_text(row):
            hover += f" · {claim_text(row)}"
        if _ends(row):
            hover += f"<br>{_ends(row)}"
        folium.PolyLine(
            _line_parts(row["geometry"]),
            color=style.DISTANCE_COLOR,
            weight=3,
            opacity=0.9,
            tooltip=folium.Tooltip(hover, sticky=True),
            popup=folium.Popup(distance_popup(row), max_width=320),
        ).add_to(group)
        # An invisible anchor carrying the always-on label at the middle of the line.
        folium.CircleMarker(
            _midpoint(row["geometry"]),
            radius=0,
            stroke=False,
            fill=False,
            tooltip=folium.Tooltip(
                esc(distance_label(row)),
                permanent=True,
                sticky=False,
                direction="center",
                className="im-distance-label",
                interactive=False,
            ),
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
                tooltip=folium.Tooltip(esc(label) or f"{lat:.4f}, {lon:.4f}"),
            ).add_to(group)
    return group


# --- borders ------------------------------------------------------------------------------


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


def _feature(geom: shapely.Geometry) -> dict[str, Any]:
    geometry = shapely.geometry.mapping(generalize.round_coords(geom))
    return {"type": "Feature", "properties": {}, "geometry": geometry}


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
    rows = _rows(borders)
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
        geom = row["geometry"] if occupied else generalize.outline(row["geometry"], near)
        folium.GeoJson(
            _feature(geom),
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
        _feature(land),
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


# --- rings --------------------------------------------------------------------------------


def rings_layer(rings: gpd.GeoDataFrame | None) -> folium.FeatureGroup:
    """Geodesic circles, dashed with a faint fill, radius on hover and at the top of the ring."""
    group = folium.FeatureGroup(name=RINGS, show=True)
    for row in _rows(rings):
        radius = float(row["radius_km"])
        around = esc(row.get("around_label"))
        text = f"{fmt_km(radius)} ({fmt_mi(radius)}) radius" + (
            f" around {around}" if around else ""
        )
        if plain(row.get("label")):
            text = f"{esc(row.get('label'))}<br>{text}"
        geom = row["geometry"]
        folium.GeoJson(
            _feature(geom),
            style_function=lambda _f: {
                "color": style.RING_COLOR,
                "weight": 2,
                "dashArray": style.RING_DASH,
                "fillColor": style.RING_COLOR,
                "fillOpacity": 0.04,
            },
            tooltip=folium.Tooltip(text, sticky=True),
        ).add_to(group)
        coords = shapely.get_coordinates(geom)
        top = coords[int(np.argmax(coords[:, 1]))]
        folium.CircleMarker(
            [float(top[1]), float(top[0])],
            radius=0,
            stroke=False,
            fill=False,
            tooltip=folium.Tooltip(
                fmt_km(radius),
                permanent=True,
                sticky=False,
                direction="top",
                className="im-ring-label",
                interactive=False,
            ),
        ).add_to(group)
    return group
