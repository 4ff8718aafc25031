"""Always-visible labels: places, distances, rings, areas and basemap names, placed in the page.

Python decides what is labelled and in which order (priorities); ``labels.js`` decides where,
in the reader's browser, after every zoom, pan and resize: candidate positions around each
point (right, left, above...), along each distance line, on each ring; a leader line or a
dropped label when there is no room; never over another label, a marker or a map control.

Priorities (lower places first): incident places, then the places distances and rings refer
to, distances, rings, other places, areas, then the basemap (countries, towns by rank, seas).

>>> row = {"km": 348.99, "from_label": "Kremlin", "to_label": "Bryansk"}
>>> distance_text(row), distance_text(row, units="mi")
('349 km', '217 mi')
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement, Template

from maps.layers.distances import QUALIFIER_WORDS
from maps.layers.fmt import fmt_km, fmt_mi, latlon, plain, rows_of

# Priorities: the order in which labels claim room.
INCIDENT_PLACE, MEASURED_PLACE, DISTANCE, RING, OTHER_PLACE, AREA = 0, 10, 20, 30, 40, 50
BASE_COUNTRY, BASE_TOWN, BASE_SEA = 60, 100, 5000

PIN_HALF = 13  # half the incident pin's size (``incidents.marker_icon``): labels go beside it
DOT_HALF = 4  # a place's dot
ZOOMS = (0, 30)  # every zoom


@dataclass(frozen=True)
class Label:
    """One label: its text (plain, set as text in the page), kind, priority and anchors."""

    text: str
    kind: str  # place, town, distance, ring, area, country, sea
    priority: float
    anchors: list[list[float]]  # [lat, lon] candidates, best first
    radius: float = DOT_HALF
    group: folium.FeatureGroup | None = None  # hidden with this layer
    zooms: tuple[float, float] = field(default=ZOOMS)


def with_units(km: float, units: str = "km") -> str:
    """``349 km`` or ``217 mi``."""
    return fmt_mi(km) if units == "mi" else fmt_km(km)


def distance_text(row: dict[str, Any], units: str = "km") -> str:
    """A distance's label: ``453 km`` or, with a claimed figure, ``453 km (claimed ~500)``,
    the text's bound and the verdict's category when known: ``661 km (claimed more than 800:
    overstated)``."""
    text = with_units(float(row["km"]), units)
    claimed = row.get("claimed_km")
    if plain(claimed):
        figure = with_units(float(claimed), units).split(" ")[0]
        words = QUALIFIER_WORDS.get(plain(row.get("qualifier")) or "about", "~")
        category = plain(row.get("category"))
        text += f" (claimed {words}{figure}" + (f": {category})" if category else ")")
    return text


def along(geom: shapely.Geometry, fractions: tuple[float, ...]) -> list[list[float]]:
    """[lat, lon] points at ``fractions`` of the longest part of a (multi)line.

    >>> along(shapely.LineString([(0, 0), (10, 0)]), (0.5, 0.25))
    [[0.0, 5.0], [0.0, 2.5]]
    """
    parts = shapely.get_parts(geom)
    longest = parts[int(np.argmax(shapely.length(parts)))]
    return [latlon(longest.interpolate(f, normalized=True)) for f in fractions]


_ALONG = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)


def distance_labels(
    distances: gpd.GeoDataFrame | None, group: folium.FeatureGroup | None, units: str = "km"
) -> list[Label]:
    """One label per distance, tried at the middle of its line, then either side of it."""
    out = [
        Label(distance_text(row, units), "distance", DISTANCE + i, along(row["geometry"], _ALONG))
        for i, row in enumerate(rows_of(distances))
    ]
    return [replace(lb, group=group) for lb in out]


def ring_labels(
    rings: gpd.GeoDataFrame | None, group: folium.FeatureGroup | None, units: str = "km"
) -> list[Label]:
    """A ring's radius at its top, else its bottom, right or left."""
    out = []
    for i, row in enumerate(rows_of(rings)):
        xy = shapely.get_coordinates(row["geometry"])
        picks = [np.argmax(xy[:, 1]), np.argmin(xy[:, 1]), np.argmax(xy[:, 0]), np.argmin(xy[:, 0])]
        anchors = [[float(xy[k, 1]), float(xy[k, 0])] for k in picks]
        text = with_units(float(row["radius_km"]), units)
        out.append(Label(text, "ring", RING + i, anchors, group=group))
    return out


def place_name(row: dict[str, Any]) -> str:
    """The name a map shows: ``Moscow`` rather than the gazetteer's ``Moscow, RU``."""
    return plain(row.get("name")) or plain(row.get("label")).split(",")[0]


def place_labels(
    places: gpd.GeoDataFrame | None,
    group: folium.FeatureGroup | None,
    *,
    incident_ids: set[str] | frozenset[str] = frozenset(),
    measured: set[str] | frozenset[str] = frozenset(),
    pinned: set[tuple[float, float]] | frozenset[tuple[float, float]] = frozenset(),
    as_areas: set[str] | frozenset[str] = frozenset(),
) -> list[Label]:
    """Point places: incident places first, then those distances and rings name, then others.

    ``measured`` holds the labels distances and rings use for their ends; ``pinned`` the
    rounded (lat, lon) of incident pins: a place there is labelled beside the pin.
    """
    out = []
    for i, row in enumerate(rows_of(places)):
        if plain(row.get("id")) in as_areas:
            continue  # drawn as an area (``areas.named_areas``), labelled inside it
        pid, label = plain(row.get("id")), plain(row.get("label"))
        prio = (
            INCIDENT_PLACE
            if pid in incident_ids
            else MEASURED_PLACE
            if label in measured
            else OTHER_PLACE
        )
        point = latlon(row["geometry"])
        key = (round(point[0], 4), round(point[1], 4))
        radius = PIN_HALF if key in pinned or pid in incident_ids else DOT_HALF
        out.append(Label(place_name(row), "place", prio + i * 0.01, [point], radius, group))
    return out


@cache
def script_text() -> str:
    """``labels.js``, ready to inline (no ``</script``; no Jinja delimiters)."""
    text = Path(__file__).with_name("labels.js").read_text(encoding="utf-8")
    assert "</script" not in text.lower() and not any(d in text for d in ("{{", "{%", "{#"))
    return text


def labels_json(labels: list[Label], groups: list[folium.FeatureGroup]) -> str:
    """The labels as compact JSON arrays, safe inside ``<script>`` and branca's re-parse.

    >>> labels_json([Label("<b>{{7*7}}</b>", "place", 0, [[1.0, 2.0]])], [])
    '[["\\\\u003cb\\\\u003e\\\\u007b\\\\u007b7*7\\\\u007d\\\\u007d\\\\u003c/b\\\\u003e","place",0,-1,[[1.0,2.0]],4,0,30]]'
    """
    index = {id(g): i for i, g in enumerate(groups)}
    rows = [
        [
            lb.text,
            lb.kind,
            round(lb.priority, 2),
            index.get(id(lb.group), -1),
            [[round(a[0], 5), round(a[1], 5)] for a in lb.anchors],
            lb.radius,
            lb.zooms[0],
            lb.zooms[1],
        ]
        for lb in labels
    ]
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    for raw, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("{", "\\u007b"),
                      ("}", "\\u007d"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(raw, code)
    return text


class LabelLayer(MacroElement):
    """All labels of a map, placed by ``labels.js``; add it after the layers and controls.

    >>> m = folium.Map(tiles=None)
    >>> _ = LabelLayer([Label("Moscow", "place", 0, [[55.75, 37.62]])]).add_to(m)
    >>> "imLabels(" in m.get_root().render()
    True
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <script>{{ this.code }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {%- if this.after %}
        (function (map) {
            // Placed once the page's own layer is on screen (see BandSwitch).
            var started = false;
            function start() {
                if (started) { return; }
                started = true;
                L.Util.requestAnimFrame(function () { setTimeout(function () {
                    imLabels(map, {{ this.data }}, [
                        {%- for g in this.groups %}{{ g.get_name() }}
                        {%- if not loop.last %}, {% endif %}{%- endfor %}]);
                }, 0); });
            }
            if (window[{{ this.after.flag|tojson }}] !== undefined) { start(); }
            else {
                map.once({{ this.after.event|tojson }}, start);
                window.addEventListener("load", start);
            }
        })({{ this._parent.get_name() }});
        {%- else %}
        imLabels({{ this._parent.get_name() }}, {{ this.data }}, [
            {%- for g in this.groups %}{{ g.get_name() }}{% if not loop.last %}, {% endif %}
            {%- endfor %}]);
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self, labels: list[Label], after: dict[str, str] | None = None) -> None:
        """``after``: place the labels once the map fires ``after["event"]`` (or the
        window's ``after["flag"]`` is set, or the page has loaded), else at once."""
        super().__init__()
        self.after = after
        self._name = "LabelLayer"
        self.labels = labels
        seen: dict[int, folium.FeatureGroup] = {}
        for lb in labels:
            if lb.group is not None:
                seen.setdefault(id(lb.group), lb.group)
        self.groups = list(seen.values())
        self.code = script_text()

    def render(self, **kwargs: Any) -> None:
        self.data = labels_json(self.labels, self.groups)
        super().render(**kwargs)
