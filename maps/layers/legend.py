"""Map furniture as real HTML: the legend, the title box and the credit line, plus their CSS.

Each box is rendered into the page as ordinary HTML (readable without JavaScript, found by
search engines and screen readers) and then handed to Leaflet as a control, so it sits in a
map corner and stacks with the other controls. Labels are escaped on the way in (:func:`text`).

>>> items = legend_items(["arrests", "air_drone_strike"], distances=True)
>>> [i["label"] for i in items]
['Air or drone strike', 'Arrests', 'Geodesic distance']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import markupsafe
from branca.element import MacroElement, Template

from geo.story.model import INCIDENT_TYPES
from geo.story.vocabulary import EVENT_TYPES, canonical_type, event_type_of
from maps.layers import fmt as layers
from maps.layers import style

GENERATOR = "incident-map"  # <meta name="generator">: how export recognises its own maps
NARROW = "(max-width: 600px)"  # phones: legend and layer control start collapsed

# Shared script: take the box rendered in the page and make it a Leaflet control.
_AS_CONTROL = """
        {% macro script(this, kwargs) %}
        (function () {
            var box = document.getElementById({{ this.get_name()|tojson }});
            if (!box) { return; }
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            var Box = L.Control.extend({ onAdd: function () { return box; } });
            new Box({ position: {{ this.position|tojson }} }).addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
"""


def text(value: Any) -> str:
    """Story text for these templates: escaped like Jinja's ``|e``, and ``{`` ``}`` too,
    because branca compiles each rendered macro as a Jinja template again.

    >>> text("{{7*7}} <b>")
    '&#123;&#123;7*7&#125;&#125; &lt;b&gt;'
    """
    escaped = str(markupsafe.escape(layers.plain(value)))
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


class _Box(MacroElement):
    def __init__(self, position: str) -> None:
        super().__init__()
        self.position = position


def legend_items(
    types: Iterable[str | tuple[str, str | None]],
    *,
    places: bool = False,
    distances: bool = False,
    rings: bool = False,
    occupied: bool | str = False,
    countries: bool = False,
    regions: bool = False,
) -> list[dict[str, Any]]:
    """What the legend lists: the incident types present (in vocabulary order), then lines.

    A type may come as ``(type, event type)``: an event type other than the type's own
    (ACLED's strategic "Other") is a row of its own, in that event type's colour, as the
    markers draw it. ``occupied`` may be the legend's words for the occupied areas (whose
    line, as of when).

    >>> [i["label"] for i in legend_items([("other", "strategic_developments"), "other"])]
    ['Other', 'Other (strategic developments)']
    """
    # Old type names and ACLED's labels count as the type they stand for: one row each.
    present: dict[tuple[str, str | None], None] = {}
    for given in types:
        kind, event = given if isinstance(given, tuple) else (given, None)
        known = canonical_type(kind)
        if known is not None:
            kind, event = known[0], event or known[1]
        if event is not None and (event not in EVENT_TYPES or event == event_type_of(kind)):
            event = None  # the type's own event type: the same row
        present[(kind, event)] = None
    rank = {t: i for i, t in enumerate(INCIDENT_TYPES)}
    order = sorted(present, key=lambda p: (rank.get(p[0], len(rank)), p[0], p[1] or ""))
    items: list[dict[str, Any]] = []
    for kind, event in order:
        st = style.incident_style(kind, event)
        label = style.type_label(kind)
        if event is not None:
            label += f" ({EVENT_TYPES[event].lower()})"
        items.append({"kind": "marker", "icon": st.icon, "color": st.hex, "label": label})
    extras = [
        (places, "place", "Place named in the story"),
        (distances, "line", "Geodesic distance"),
        (rings, "ring", "Radius ring"),
        (countries, "country", "Country border"),
        (regions, "region", "Country or province named in the story"),
        (occupied, "occupied", occupied if isinstance(occupied, str) else "Occupied territory"),
    ]
    items += [{"kind": kind, "label": label} for on, kind, label in extras if on]
    return items


def _svg(body: str) -> str:
    return f'<span class="im-sw"><svg width="22" height="14" aria-hidden="true">{body}</svg></span>'


# Swatches drawn like the map draws them (constants only: no story text goes in here).
_SWATCHES = {
    "place": _svg(
        f'<circle cx="11" cy="7" r="4" fill="#fff" stroke="{style.PLACE_COLOR}" '
        'stroke-width="1.5"/>'
    ),
    "line": _svg(
        f'<line x1="1" y1="7" x2="21" y2="7" stroke="{style.DISTANCE_COLOR}" stroke-width="3"/>'
    ),
    "ring": _svg(
        f'<circle cx="11" cy="7" r="6" fill="none" stroke="{style.RING_COLOR}" '
        'stroke-width="2" stroke-dasharray="4 3"/>'
    ),
    "country": _svg(
        f'<rect x="1" y="1" width="20" height="12" fill="none" stroke="{style.COUNTRY_COLOR}" '
        'stroke-width="1.2"/>'
    ),
    "region": _svg(
        f'<rect x="1" y="1" width="20" height="12" fill="{style.REGION_COLOR}" fill-opacity="0.12" '
        f'stroke="{style.REGION_COLOR}" stroke-width="1.5"/>'
    ),
    "occupied": '<span class="im-sw im-sw-occupied"></span>',
}


class Legend(_Box):
    """The legend box; ``items`` come from :func:`legend_items`.

    A ``<details>`` element: open on wide screens, a one-line "Legend" button on narrow
    ones (under 600 px), so it never hides a phone-sized map; keyboard and screen readers
    handle it natively.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <details id="{{ this.get_name() }}" class="im-box im-legend" open>
          <summary class="im-legend-title">Legend</summary>
          <ul aria-label="Legend">
          {% for item in this.items %}
            <li>
            {%- if item.kind == "marker" -%}
              <span class="im-sw im-sw-marker" style="background:{{ item.color }}">
                <i class="fa fa-{{ item.icon }}" aria-hidden="true"></i></span>
            {%- else -%}
              {{ this.swatches[item.kind] }}
            {%- endif -%}
              <span class="im-legend-label">{{ item.label }}</span></li>
          {% endfor %}
          </ul>
        </details>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var box = document.getElementById({{ this.get_name()|tojson }});
            if (!box) { return; }
            if (window.matchMedia && window.matchMedia({{ this.narrow|tojson }}).matches) {
                box.removeAttribute("open");
            }
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            var Box = L.Control.extend({ onAdd: function () { return box; } });
            new Box({ position: {{ this.position|tojson }} }).addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, items: list[dict[str, Any]], position: str = "bottomright") -> None:
        super().__init__(position)
        self._name = "Legend"
        self.items = [{**item, "label": text(item["label"])} for item in items]
        self.swatches = _SWATCHES
        self.narrow = NARROW


class TitleBox(_Box):
    """Headline, caption (dek) and date, top left."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="im-box im-title">
          <h1>{{ this.title }}</h1>
          {% if this.dek %}<p class="im-dek">{{ this.dek }}</p>{% endif %}
          {% if this.when %}<p class="im-date">{{ this.when }}</p>{% endif %}
        </div>
        {% endmacro %}
        """
        + _AS_CONTROL
    )

    def __init__(self, title: str, dek: str = "", when: str = "", position: str = "topleft"):
        super().__init__(position)
        self._name = "TitleBox"
        self.title, self.dek, self.when = text(title), text(dek), text(when)


class CreditLine(_Box):
    """``Map: Newsroom · Sources: A, B`` with http(s) sources as links."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="im-box im-credit
          {%- if not (this.credit or this.sources or this.note) %} im-credit-empty{% endif %}">
          {% if this.credit %}<span>{{ this.credit }}</span>{% endif %}
          {% if this.sources %}{% if this.credit %} · {% endif %}<span>Sources:
            {% for name, url in this.sources -%}
              {% if url -%}
                <a href="{{ url }}" target="_blank" rel="noopener noreferrer">{{ name }}</a>
              {%- else %}{{ name }}{% endif %}{% if not loop.last %}, {% endif %}
            {%- endfor %}</span>{% endif %}
          {% if this.note %}<div class="im-note">{{ this.note }}</div>{% endif %}
        </div>
        {% endmacro %}
        """
        + _AS_CONTROL
    )

    def __init__(
        self,
        credit: str,
        sources: list[tuple[str, str | None]],
        note: str = "",
        position: str = "bottomleft",
    ) -> None:
        super().__init__(position)
        self._name = "CreditLine"
        self.credit, self.note = text(credit), text(note)
        # Only http(s) URLs become links; everything is escaped here, not in the template.
        self.sources = [
            (text(name), text(url) if layers.is_web_url(url) else None) for name, url in sources
        ]


class Attribution(MacroElement):
    """Adds plain text (escaped) to the map's attribution control, beside the tiles' credit."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if ({{ this._parent.get_name() }}.attributionControl) {
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.html|tojson }});
        }
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.html = html_text  # already escaped by the caller


# A legend with one checkbox per type took 105 s to draw for 100,000 distinct event types;
# past this many the rarest are grouped, so the legend stays a legend.
MAX_LEGEND_TYPES = 30
OTHER_TYPES = "Other types"


def top_types(types: Any, n: int = MAX_LEGEND_TYPES) -> Any:
    """``types`` (a pandas Series) with all but the ``n - 1`` most frequent replaced by
    :data:`OTHER_TYPES` when there are more than ``n``; unchanged otherwise.

    >>> import pandas as pd
    >>> top_types(pd.Series(["a", "a", "b", "c"]), n=2).tolist()
    ['a', 'a', 'Other types', 'Other types']
    """
    counts = types.value_counts(sort=False)
    if len(counts) <= n:
        return types
    # most frequent first; ties by name, so the same table gives the same legend
    order = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    keep = {t for t, _ in order[: n - 1]}
    return types.where(types.isin(keep), OTHER_TYPES)


class MapStyle(MacroElement):
    """The page's CSS and the generator tag."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <meta name="generator" content="{{ this.generator }}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <style>
          {% if this.background -%}
          .leaflet-container { background: {{ this.background }}; }
          {%- endif %}
          .leaflet-control-layers, .leaflet-control-scale-line { font-size: 13px; }
          .im-box { background: rgba(255,255,255,0.94); border-radius: 4px;
                    box-shadow: 0 1px 4px rgba(0,0,0,0.3); padding: 8px 10px;
                    font: 13px/1.35 "Helvetica Neue", Arial, sans-serif; color: #222; }
          .im-title { max-width: 340px; }
          .im-title h1 { font-size: 17px; line-height: 1.25; margin: 0 0 4px; font-weight: 700; }
          .im-title .im-dek { margin: 0 0 3px; font-size: 13px; color: #333; }
          .im-title .im-date { margin: 0; font-size: 11px; color: #666; }
          .im-legend { max-width: 240px; }
          .im-legend-title { font-weight: 700; margin-bottom: 4px; }
          .im-legend ul { list-style: none; margin: 0; padding: 0; }
          .im-legend li { display: flex; align-items: center; margin: 3px 0; }
          .im-sw { display: inline-flex; width: 22px; height: 18px; margin-right: 6px;
                   align-items: center; justify-content: center; flex: none; }
          .im-sw-marker { width: 18px; height: 18px; border-radius: 50%; color: #fff;
                          font-size: 10px; margin: 0 8px 0 2px; }
          .im-sw-occupied { width: 20px; height: 12px; border: 1.5px dashed {{ this.occupied }};
                            background: repeating-linear-gradient(45deg, {{ this.occupied }} 0 2px,
                                        rgba(255,255,255,0.6) 2px 5px); }
          .im-credit { font-size: 11px; max-width: 420px; padding: 4px 8px; }
          .im-credit .im-note { color: #666; }
          /* nothing to credit: no empty box, unless a phone's attribution moved into it */
          .im-credit-empty { display: none; }
          .im-credit-empty:has(.leaflet-control-attribution) { display: block; }
          .im-marker { background: none; border: none; }
          .im-pin { width: 26px; height: 26px; border-radius: 50%; color: #fff;
                    display: flex; align-items: center; justify-content: center;
                    font-size: 13px; border: 2px solid #fff;
                    box-shadow: 0 1px 4px rgba(0,0,0,0.45); box-sizing: border-box; }
          .im-popup { font: 13px/1.4 "Helvetica Neue", Arial, sans-serif; min-width: 200px; }
          .im-popup-head { font-size: 14px; margin-bottom: 3px; }
          .im-popup-facts { color: #555; margin-bottom: 4px; }
          .im-popup-summary { margin: 4px 0 6px; }
          .leaflet-tooltip.im-distance-label { font-weight: 700; color: {{ this.line }};
                    background: rgba(255,255,255,0.92); border: 1px solid {{ this.line }};
                    padding: 1px 5px; box-shadow: none; }
          .leaflet-tooltip.im-ring-label { color: {{ this.ring }}; font-weight: 700;
                    background: rgba(255,255,255,0.85); border: none; box-shadow: none;
                    padding: 0 4px; }
          .leaflet-tooltip.im-ring-label::before { display: none; }
          .im-label { position: absolute; left: 0; top: 0; white-space: nowrap;
                      font: 600 13px/1.15 "Helvetica Neue", Arial, sans-serif; color: #1a1a1a;
                      text-shadow: -1px -1px 0 #fff, 1px -1px 0 #fff, -1px 1px 0 #fff,
                                   1px 1px 0 #fff, 0 0 3px #fff; }
          .im-label-distance { font-weight: 700; color: {{ this.line }}; padding: 1px 5px;
                      background: rgba(255,255,255,0.92); border: 1px solid {{ this.line }};
                      border-radius: 3px; text-shadow: none; font-size: 12px; }
          .im-label-ring { color: {{ this.ring }}; font-weight: 700; font-size: 12px; }
          .im-label-area { color: #555; font-weight: 600; font-size: 11px; letter-spacing: 0.08em;
                      text-transform: uppercase; }
          .im-label-country { color: #8a8a8a; font-weight: 600; font-size: 11px;
                      letter-spacing: 0.12em; text-transform: uppercase; }
          .im-label-town { color: #444; font-weight: 400; font-size: 12px; }
          .im-label-sea { color: #5b87a8; font-style: italic; font-weight: 400; font-size: 12px; }
          .im-town-dot { position: absolute; left: -2.5px; top: -2.5px; width: 5px; height: 5px;
                      margin: 0; border-radius: 50%; background: #666; }
          .im-leader { position: absolute; left: 0; top: 0; height: 1px; background: #555;
                      transform-origin: 0 0; }
          .im-legend summary { cursor: pointer; }
          .im-legend:not([open]) .im-legend-title { margin-bottom: 0; }
          .im-sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0;
                        margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0);
                        white-space: nowrap; border: 0; }
          /* The text version shows as a panel while keyboard focus is inside it. */
          .im-text-version:focus-within { position: fixed !important; inset: 8px; width: auto;
                    height: auto; margin: 0; padding: 12px 16px; clip: auto; overflow: auto;
                    white-space: normal; z-index: 2000; background: #fff; color: #222;
                    font: 14px/1.45 "Helvetica Neue", Arial, sans-serif;
                    box-shadow: 0 2px 10px rgba(0,0,0,0.4); }
          .im-marker:focus-visible .im-pin, .leaflet-interactive:focus-visible {
                    outline: 3px solid #1a1a1a; outline-offset: 2px; }
          @media {{ this.narrow }} {
            .im-box { padding: 5px 7px; font-size: 12px; }
            .im-title { max-width: calc(100vw - 90px); }
            .im-title h1 { font-size: 14px; }
            .im-title .im-dek { font-size: 12px; }
            .im-legend { max-width: calc(100vw - 24px); }
            .im-credit { max-width: calc(100vw - 140px); font-size: 10px; }
            .im-credit .im-note { display: none; }
            .leaflet-control-scale { display: none; }
          }
        </style>
        {% endmacro %}
        """
    )

    def __init__(self, background: str | None = None) -> None:
        super().__init__()
        self._name = "MapStyle"
        self.generator = GENERATOR
        self.background = background
        self.occupied = style.OCCUPIED_COLOR
        self.line = style.DISTANCE_COLOR
        self.ring = style.RING_COLOR
        self.narrow = NARROW
