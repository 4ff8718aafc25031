"""Many incidents on one map: typed, compressed columns drawn on a canvas.

``IncidentLayer`` is a folium ``Layer`` (it shows in the LayerControl as an overlay). Its
page carries the incidents once (the format is in ``maps/layers/scale_payload.py``):

- a small JSON head, then one deflate-compressed block with what drawing and filtering need
  (quantised coordinates, day, type), before the map's script: the map draws from it;
- the popup columns (notes, actors, ...) in compressed chunks of rows, in one block after the
  map's script, so the HTML parser reaches the map first; the page inflates a chunk only
  when a popup, the search box or the export needs its rows.

Only the columns a popup shows travel: for a wide table (ACLED's 31 columns) the ones a reader
wants (:data:`DETAIL_NAMES`, plus the date, type, place, country and fatalities columns);
``keep="all"`` keeps every column, a list keeps those. Coordinates travel once, quantised.

``maps/layers/scale_data.js`` decodes (``DecompressionStream``) and ``scale.js`` draws: every
point on one canvas per view, filtered by day range and type, or a density grid of the shown
points the reader can switch to; a click opens the exact incident (each of those stacked at
one spot in turn), its text put in with ``textContent`` only.

>>> layer = IncidentLayer(table)                       # doctest: +SKIP
>>> decode_payload(layer.payload)["notes"][:1]         # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import folium
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from branca.element import Element, MacroElement, Template

from geo.tables.reader import WORK_COLUMNS, ColumnMap, IncidentTable
from maps.layers import style
from maps.layers.fmt import Verbatim, after_script
from maps.layers.scale_decode import decode_payload, filter_counts
from maps.layers.scale_payload import Column, Payload, encode, plain_iso_days, type_column
from maps.layers.table_popup import field_labels, named_columns, popup_fields

# Colour-blind-safe categorical colours (Okabe-Ito, then Tableau) for types the project's
# own style table does not know (ACLED's "Battles", "Protests", ...).
PALETTE = (
    "#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c564b", "#000000",
    "#7f7f7f", "#bcbd22",
)  # fmt: skip
WIDE = 12  # a table with more columns than this keeps only the popup's by default
# Columns a reader wants in a popup, when the table has them (ACLED's names first).
DETAIL_NAMES = (
    "sub_event_type", "actor1", "actor2", "location", "admin1", "country", "fatalities",
    "notes", "source", "description", "summary", "title", "name", "url", "source_url",
)  # fmt: skip


def type_colors(types: list[str]) -> list[str]:
    """A colour per type: the story legend's colour for ACLED's types and the project's own,
    the palette for the others.

    A table's dots carry no icon, so a colour two of its types would share (sub-event types
    of one event type: "Armed clash" and "Government regains territory" are both Battles)
    goes to neither; they and the unknown types take palette colours no other type uses.

    >>> type_colors(["Battles", "Protests", "Ceasefire"])
    ['#a23336', '#4d7a1a', '#d55e00']
    >>> type_colors(["Armed clash", "Government regains territory"])
    ['#d55e00', '#0072b2']
    """
    wanted = [style.type_color(t) for t in types]
    shared = {c for c, n in Counter(wanted).items() if c is not None and n > 1}
    taken = {c for c in wanted if c is not None and c not in shared}
    spare = [c for c in PALETTE if c not in taken]
    spare = iter(spare * (len(types) // max(len(spare), 1) + 1))
    return [c if c is not None and c not in shared else next(spare) for c in wanted]


def popup_columns(
    columns: Sequence[str], mapping: ColumnMap, keep: str | Sequence[str] | None = None
) -> list[str]:
    """The table columns that travel to the page, in table order (a given list: its order).

    ``keep``: ``None`` the default (every column of a narrow table; for a wide one the date,
    type, place, country and fatalities columns and :data:`DETAIL_NAMES`), ``"all"``, or
    a list of names. The latitude and longitude columns never travel: the point has them.

    >>> m = ColumnMap(lat="latitude", lon="longitude", date="event_date")
    >>> popup_columns(["event_date", "latitude", "longitude", "notes", "x"], m)
    ['event_date', 'notes', 'x']
    """
    if keep is not None:
        return named_columns(columns, mapping, keep, option="--keep")
    if len(columns) <= WIDE:
        return [c for c in columns if c not in (mapping.lat, mapping.lon)]
    roles = {mapping.date, mapping.type, mapping.place, mapping.country, mapping.fatalities}
    return [c for c in columns if c in roles or c.lower() in DETAIL_NAMES]


def travelling_columns(
    columns: Sequence[str],
    mapping: ColumnMap,
    keep: str | Sequence[str] | None = None,
    popup: str | Sequence[str] | None = None,
) -> list[str]:
    """Every column the page carries: :func:`popup_columns`' choice (``keep``), then the
    popup's fields (``popup``, see :func:`maps.layers.table_popup.popup_fields`) besides.

    >>> m = ColumnMap(lat="latitude", lon="longitude", date="event_date")
    >>> travelling_columns(["event_date", "latitude", "longitude", "notes"], m, "notes")
    ['notes', 'event_date']
    """
    kept = popup_columns(columns, mapping, keep)
    return kept + [c for c in popup_fields(columns, mapping, popup) if c not in kept]


def _arrow(series: pd.Series) -> pa.Array | pa.ChunkedArray:
    """A text column as Arrow strings (pandas' Arrow-backed text: no copy, chunks kept).

    pandas keeps text as ``large_string``: taken as it is (a cast to ``string`` copied every
    column, the notes too, for the whole encoding: ~260 MB more peak at 1,000,000 rows)."""
    arr = pa.array(series, from_pandas=True)
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        return arr
    return pc.cast(arr, pa.large_string())


def encode_table(
    table: IncidentTable,
    keep: str | Sequence[str] | None = None,
    popup: str | Sequence[str] | None = None,
) -> Payload:
    """The payload of every placed row (see ``scale_payload``); ``popup``: the fields a
    popup shows (:func:`maps.layers.table_popup.popup_fields`), which travel too."""
    placed = table.placed
    everything = len(placed) and placed.all()
    frame = table.frame if everything else table.frame[placed]  # no copy when all placed
    rows = (np.flatnonzero(placed) + 1).astype(np.int64)
    days = frame["_day"].to_numpy().astype("datetime64[D]")
    # in Arrow: a million types as Python strings were ~70 MB of the encoding's peak
    kinds = _arrow(frame["_type"].astype(str))
    types = sorted(pc.unique(kinds).to_pylist())
    type_codes = pc.index_in(kinds, value_set=pa.array(types, kinds.type))
    type_codes = type_codes.to_numpy(zero_copy_only=False).astype(np.int32)
    mapping = table.mapping
    shown = popup_fields(table.columns, mapping, popup)
    names = travelling_columns(table.columns, mapping, keep, popup)
    columns: list[Column] = []
    for name in names:
        values = _arrow(frame[name])
        if name == mapping.date and plain_iso_days(values, days):
            columns.append(Column(name, "day", None))  # the day offsets say it all
        elif name == mapping.type and pc.all(pc.equal(pc.fill_null(values, ""), kinds)).as_py():
            # the type codes say it all (not when a cell has spaces around its type, or
            # its type is among those the legend groups as "Other types")
            columns.append(Column(name, "type", None))
        else:
            columns.append(type_column(name, values))
    head = {
        "total": len(table.frame),
        "types": types,
        "colors": type_colors(types),
        # the popup: its heading (the type, when shown), then these fields in this order
        "title": mapping.type if mapping.type in shown else None,
        "popup": shown,
        "labels": field_labels(shown, mapping),
        "date": mapping.date,
    }
    return encode(
        frame["_lat"].to_numpy(), frame["_lon"].to_numpy(), days, type_codes, rows, columns, head
    )


def payload_json(head: dict[str, Any]) -> str:
    r"""JSON safe inside ``<script>``: ``<``, ``>``, ``&``, ``{`` and ``}`` become ``\u``
    escapes (no ``</script>`` can end the element; nothing reads as a Jinja delimiter).

    >>> print(payload_json({"s": ["</script>{{7*7}}"]}))
    {"s":["\u003c/script\u003e\u007b\u007b7*7\u007d\u007d"]}
    """
    import json

    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    # Braces only occur inside strings or as JSON's own: escaping them inside strings only
    # would need a parser; "\u007b" outside a string is invalid, so the head holds none.
    return _escape_braces_in_strings(text)


def _escape_braces_in_strings(text: str) -> str:
    import re

    def fix(match: re.Match[str]) -> str:
        return match.group(0).replace("{", "\\u007b").replace("}", "\\u007d")

    return re.sub(r'"[^"\\]*(?:\\.[^"\\]*)*"', fix, text)


# ----------------------------------------------------------------------------- element


@cache
def script_text() -> str:
    """``scale_data.js`` and ``scale.js``, ready to inline (no ``</script``; no Jinja
    delimiters)."""
    here = Path(__file__).parent
    text = "\n".join((here / f).read_text(encoding="utf-8") for f in ("scale_data.js", "scale.js"))
    assert "</script" not in text.lower() and not any(d in text for d in ("{{", "{%", "{#"))
    return text


# What the page's layer signals after its first draw: the map's event, the window's flag.
DRAWN = {"event": "incidentcanvasdrawn", "flag": "incidentCanvasDrawn"}


class IncidentLayer(folium.map.Layer):
    """All incidents of an :class:`~geo.tables.reader.IncidentTable` as one overlay.

    ``keep``: which columns travel (see :func:`popup_columns`); ``popup``: which the popups
    show (see :mod:`maps.layers.table_popup`). ``aggregate``: open on the
    density view (the reader can switch; a million points draw). ``play`` adds a play button
    to the time filter. Add :meth:`details_tail` to the map last (``build_table_map`` does).

    >>> IncidentLayer(table, play=True).add_to(m)      # doctest: +SKIP
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <script>{{ this.code }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = IncidentCanvas.layer(
            document.getElementById({{ (this.get_name() ~ "_data")|tojson }}),
            {{ this.options|tojson }}
        );
        {% endmacro %}
        """
    )

    def __init__(
        self,
        table: IncidentTable,
        *,
        name: str = "Incidents",
        play: bool = False,
        aggregate: bool | None = None,
        show: bool = True,
        keep: str | Sequence[str] | None = None,
        popup: str | Sequence[str] | None = None,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "IncidentLayer"
        from dataclasses import replace

        from maps.layers.legend import top_types

        # The legend, colours and filter show the most frequent types and "Other types";
        # each row keeps its own type in its popup (the table's type column).
        grouped = top_types(table.frame["_type"])
        if grouped is not table.frame["_type"]:  # a copy of the frame only when grouped
            table = replace(table, frame=table.frame.assign(_type=grouped))
        self.payload = encode_table(table, keep, popup)
        self.aggregated = bool(aggregate)  # points at any size; density a click away
        self.options = {"play": bool(play), "name": name, "density": self.aggregated}
        self.code = script_text()

    def render(self, **kwargs: Any) -> None:
        # The head and the draw block go into the body as they are: wrapped in a branca
        # Element they would be parsed as a Jinja template again.
        self.get_root().html.add_child(
            Verbatim(self.data_element()), name=self.get_name() + "_data"
        )
        super().render(**kwargs)

    def data_element(self) -> str:
        """The head (JSON) and the draw block (base64), before the map's script."""
        name = self.get_name()
        return (
            f'<script type="application/json" id="{name}_data">'
            f"{payload_json(self.payload.head)}</script>\n"
            f'<script type="application/octet-stream" id="{name}_draw">'
            f"{self.payload.draw}</script>"
        )

    def details_tail(self) -> Element:
        """The details block, to come after the map's script: it closes that script, holds
        the base64 text and opens an empty one for whatever the page puts after it."""
        return _DetailsTail(self)


def table_bounds(table: IncidentTable) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of the placed rows of ``table``, or None."""
    placed = table.placed
    if not placed.any():
        return None
    lat = table.frame["_lat"].to_numpy()[placed]
    lon = table.frame["_lon"].to_numpy()[placed]
    return [[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]]


class _DetailsTail(MacroElement):
    """Puts the details block at the very end of the page's script section."""

    def __init__(self, layer: IncidentLayer) -> None:
        super().__init__()
        self._name = "IncidentDetails"
        self.layer = layer

    def render(self, **kwargs: Any) -> None:
        name = self.layer.get_name()
        blocks = (
            f'<script type="application/octet-stream" id="{name}_d{k}">{text}</script>\n'
            for k, text in enumerate(self.layer.payload.details)
        )
        after_script(self, "".join(blocks))


__all__ = [
    "WORK_COLUMNS",
    "IncidentLayer",
    "decode_payload",
    "encode_table",
    "filter_counts",
    "payload_json",
    "popup_columns",
    "table_bounds",
    "travelling_columns",
]
