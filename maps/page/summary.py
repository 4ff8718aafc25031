"""A text version of the map for screen readers and for readers who cannot use the map.

The same facts as the markers and lines, as an ordered list: for each incident its date,
type, place, count, summary and source; then each measured distance and ring. The section
is visually hidden but in the DOM; it shows as a panel when keyboard focus enters it (its
source links are focusable, and focus must never be invisible).

>>> from geo.story.resolve import resolve_story
>>> from geo.resources import data_path
>>> from geo.story.read import load_story
>>> resolved = resolve_story(load_story(data_path("stories/kremlin-2023-05-03.yaml")))
>>> incident_items(resolved.incidents)[0]  # doctest: +ELLIPSIS
'<time datetime="2023-05-02">2–3 May 2023</time> — Interception (disrupted weapons use) — ...'
"""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
from branca.element import MacroElement, Template

from geo.story.resolved import ResolvedStory
from maps.layers import fmt as layers
from maps.layers import style
from maps.layers.distances import claim_text, ends_text


def _incident_html(row: dict[str, Any]) -> str:
    kind = layers.plain(row.get("type"))
    start, end = layers.plain(row.get("date_start")), layers.plain(row.get("date_end"))
    when = layers.esc(layers.fmt_dates(start, end)) or "Date not given"
    if layers.parse_day(start) is not None:
        when = f'<time datetime="{layers.esc(start)}">{when}</time>'
    parts = [when, layers.esc(row.get("type_label")) or layers.esc(style.type_label(kind))]
    if layers.plain(row.get("place_label")):
        parts.append(layers.esc(row.get("place_label")))
    count = layers.whole_count(row.get("count"))
    if count is not None:
        unit = layers.plain(row.get("unit")) or None
        parts.append(layers.esc(style.count_text(kind, count, unit)))
    if layers.plain(row.get("summary")):
        parts.append(layers.esc(row.get("summary")))
    name, url = row.get("source_name"), row.get("source_url")
    if layers.plain(name) or layers.plain(url):
        parts.append(f"Source: {layers.link(url, name)}")
    return " — ".join(parts)


def incident_items(incidents: gpd.GeoDataFrame | None) -> list[str]:
    """One escaped HTML line per incident, in story order (rows without a place too)."""
    if incidents is None or incidents.empty:
        return []
    return [_incident_html(r) for r in incidents.to_dict("records")]


def distance_items(distances: gpd.GeoDataFrame | None) -> list[str]:
    """``Kremlin → Bryansk: 349 km (217 mi)`` plus the claim check, escaped."""
    if distances is None or distances.empty:
        return []
    out = []
    for row in distances.to_dict("records"):
        km = float(row["km"])
        text = f"{ends_text(row) or layers.esc(row.get('label'))}: "
        if math.isfinite(km):
            text += f"{layers.fmt_km(km)} ({layers.fmt_mi(km, row.get('miles'))})"
        else:
            text += "not measured"  # an end with no fixed point (a front line)
        if claim_text(row):
            text += f", {claim_text(row)}"
        if layers.plain(row.get("verdict")):
            text += f" — {layers.esc(row.get('verdict'))}"
        out.append(text)
    return out


def ring_items(rings: gpd.GeoDataFrame | None) -> list[str]:
    if rings is None or rings.empty:
        return []
    out = []
    for row in rings.to_dict("records"):
        radius = float(row["radius_km"])
        text = f"{layers.fmt_km(radius)} ({layers.fmt_mi(radius)}) radius"
        if layers.plain(row.get("around_label")):
            text += f" around {layers.esc(row.get('around_label'))}"
        if layers.plain(row.get("label")):
            text = f"{layers.esc(row.get('label'))}: {text}"
        out.append(text)
    return out


class TextVersion(MacroElement):
    """The text version as a visually hidden ``<section>`` after the map."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <section class="im-text-version im-sr-only" aria-label="Text version of the map"
                 tabindex="-1">
          <h2>Text version: {{ this.title }}</h2>
          {% if this.incidents %}<h3>Incidents</h3>
          <ol class="im-text-incidents">
          {% for item in this.incidents %}<li>{{ item }}</li>
          {% endfor %}</ol>{% endif %}
          {% if this.distances %}<h3>Distances</h3>
          <ol class="im-text-distances">
          {% for item in this.distances %}<li>{{ item }}</li>
          {% endfor %}</ol>{% endif %}
          {% if this.rings %}<h3>Rings</h3>
          <ol class="im-text-rings">
          {% for item in this.rings %}<li>{{ item }}</li>
          {% endfor %}</ol>{% endif %}
        </section>
        {% endmacro %}
        """
    )

    def __init__(self, resolved: ResolvedStory) -> None:
        super().__init__()
        self._name = "TextVersion"
        self.title = layers.esc(resolved.story.title) or "Map"
        self.incidents = incident_items(resolved.incidents)  # already escaped
        self.distances = distance_items(resolved.distances)
        self.rings = ring_items(resolved.rings)
