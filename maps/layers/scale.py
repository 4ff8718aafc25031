"""Many incidents on one map: a compact columnar payload drawn on a canvas.

``IncidentLayer`` is a folium ``Layer`` (it shows in the LayerControl as an overlay). Its
page carries the incidents once, in one ``<script type="application/json">``:

- coordinates quantised to 1e-4 degrees, rows ordered along a Morton curve so that
  neighbours follow each other, stored as zigzag-varint deltas (base64);
- every table column dictionary-encoded: one shared string table, per column a list of
  string ids and a uint8/16/32 code per row (base64);
- days as uint16 offsets from the first day (0 = undated), the type as a column index.

``maps/scale.js`` decodes that, draws the points on one canvas per view, builds a popup from
the columns only when a point is clicked (a grid index finds the nearest one; text goes in
with ``textContent``), filters by a day range (and plays it with ``play=True``) and keeps a
legend of what is shown per type. Past ``AGGREGATE_ABOVE`` rows (or with ``aggregate=True``)
the page gets a density grid instead: counts per cell at a few cell sizes, counted with numpy.

>>> layer = IncidentLayer(table)                       # doctest: +SKIP
>>> decode_payload(layer.payload)["event_type"][:2]    # doctest: +SKIP
['Battles', 'Explosions/Remote violence']
"""

from __future__ import annotations

import base64
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import folium
import numpy as np
import pandas as pd
from branca.element import Element, Template

from geo.tables.reader import WORK_COLUMNS, IncidentTable
from maps.layers import style

AGGREGATE_ABOVE = 200_000
QUANTUM = 1e-4  # degrees per coordinate unit (about 11 m)
FORMAT = 1
# Colour-blind-safe categorical colours (Okabe-Ito, then Tableau) for types the project's
# own style table does not know (ACLED's "Battles", "Protests", ...).
PALETTE = (
    "#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c564b", "#000000",
    "#7f7f7f", "#bcbd22",
)  # fmt: skip
AGG_LEVELS = (2.0, 0.5, 0.125, 0.03125)  # cell sizes in degrees, coarse to fine
AGG_MAX_CELLS = 200_000  # finer levels stop here: the page stays small


# ----------------------------------------------------------------------------- codec


def _b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode("ascii")


def _unb64(text: str, dtype: Any) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=dtype)


def varint_encode(values: np.ndarray) -> bytes:
    """Signed integers as zigzag LEB128 varints, vectorised.

    >>> varint_encode(np.array([0, -1, 1, 300])).hex()
    '000102d804'
    """
    v = np.asarray(values, dtype=np.int64)
    z = ((v << 1) ^ (v >> 63)).astype(np.uint64)
    nbytes = np.ones(len(z), dtype=np.int64)
    for k in range(1, 10):
        nbytes += z >= (np.uint64(1) << np.uint64(7 * k))
    start = np.concatenate([[0], np.cumsum(nbytes)[:-1]]).astype(np.int64)
    out = np.zeros(int(nbytes.sum()), dtype=np.uint8)
    for k in range(int(nbytes.max(initial=0))):
        has = nbytes > k
        chunk = (z[has] >> np.uint64(7 * k)) & np.uint64(0x7F)
        more = np.where(nbytes[has] > k + 1, 0x80, 0).astype(np.uint64)
        out[start[has] + k] = (chunk | more).astype(np.uint8)
    return out.tobytes()


def varint_decode(data: bytes) -> np.ndarray:
    """Inverse of :func:`varint_encode`.

    >>> varint_decode(bytes.fromhex('000102d804')).tolist()
    [0, -1, 1, 300]
    """
    b = np.frombuffer(data, dtype=np.uint8).astype(np.uint64)
    if not len(b):
        return np.zeros(0, dtype=np.int64)
    last = b < 0x80
    group = np.concatenate([[0], np.cumsum(last)[:-1]])
    first = np.concatenate([[0], np.flatnonzero(last)[:-1] + 1])
    shift = (np.arange(len(b)) - first[group]).astype(np.uint64) * np.uint64(7)
    # Sums stay below 2**53 for the values stored here (deltas, counts, cell keys): exact.
    parts = ((b & np.uint64(0x7F)) << shift).astype(np.float64)
    z = np.bincount(group, weights=parts).astype(np.uint64)
    return ((z >> np.uint64(1)).astype(np.int64)) ^ -((z & np.uint64(1)).astype(np.int64))


def _spread(v: np.ndarray) -> np.ndarray:
    # Interleave with zeros: bit i of a 16-bit value goes to bit 2i (Morton code).
    v = v.astype(np.uint32)
    v = (v | (v << 8)) & 0x00FF00FF
    v = (v | (v << 4)) & 0x0F0F0F0F
    v = (v | (v << 2)) & 0x33333333
    return (v | (v << 1)) & 0x55555555


def morton_order(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Row order along a Z curve over a 65536x65536 lat/lon grid (stable for ties)."""
    x = np.clip((lon + 180) / 360 * 65535, 0, 65535).astype(np.uint32)
    y = np.clip((lat + 90) / 180 * 65535, 0, 65535).astype(np.uint32)
    return np.argsort(_spread(x) | (_spread(y) << 1), kind="stable")


def _codes(values: pd.Series) -> tuple[list[str], np.ndarray]:
    codes, uniques = pd.factorize(values)  # hashing (Arrow's for Arrow strings): no sort
    return [str(u) for u in uniques], codes


def _width(n: int) -> tuple[int, Any]:
    if n <= 1 << 8:
        return 1, np.uint8
    if n <= 1 << 16:
        return 2, np.dtype("<u2")
    return 4, np.dtype("<u4")


_WIDTHS = {1: np.dtype("u1"), 2: np.dtype("<u2"), 4: np.dtype("<u4")}


def type_colors(types: list[str]) -> list[str]:
    """A colour per type: the project's style for its own types, the palette for others."""
    colors, spare = [], iter(PALETTE * (len(types) // len(PALETTE) + 1))
    for t in types:
        colors.append(style.INCIDENT_STYLES[t].hex if t in style.INCIDENT_STYLES else next(spare))
    return colors


def encode_points(table: IncidentTable) -> dict[str, Any]:
    """The payload of the point view: every placed row, every column (see module doc)."""
    frame = table.frame[table.placed]
    rows = np.flatnonzero(table.placed) + 1
    lat = np.rint(frame["_lat"].to_numpy() / QUANTUM).astype(np.int64)
    lon = np.rint(frame["_lon"].to_numpy() / QUANTUM).astype(np.int64)
    order = morton_order(lat * QUANTUM, lon * QUANTUM)
    lat, lon, rows = lat[order], lon[order], rows[order]
    columns = table.columns
    strings: dict[str, int] = {}
    cols = []
    for name in columns:
        uniques, codes = _codes(frame[name])
        ids = [strings.setdefault(u, len(strings)) for u in uniques]
        size, dtype = _width(len(uniques))
        codes = codes[order].astype(dtype)
        cols.append({"name": name, "dict": ids, "w": size, "codes": _b64(codes)})
    days = frame["_day"].to_numpy()[order].astype("datetime64[D]").astype(np.int64)
    dated = ~np.isnat(frame["_day"].to_numpy()[order])
    day0 = int(days[dated].min()) if dated.any() else 0
    day_codes = np.where(dated, days - day0 + 1, 0)
    if day_codes.max(initial=0) >= 1 << 16:
        raise ValueError("the dates span more than 179 years")
    types = sorted(set(frame["_type"].tolist()))
    type_index = {t: i for i, t in enumerate(types)}
    type_codes = frame["_type"].map(type_index).to_numpy()[order]
    mapping = table.mapping
    return {
        "format": FORMAT,
        "kind": "points",
        "n": len(frame),
        "total": len(table.frame),
        "quantum": QUANTUM,
        "lat": base64.b64encode(varint_encode(np.diff(lat, prepend=0))).decode("ascii"),
        "lon": base64.b64encode(varint_encode(np.diff(lon, prepend=0))).decode("ascii"),
        "row": base64.b64encode(varint_encode(np.diff(rows, prepend=0))).decode("ascii"),
        "day0": day0,
        "days": _b64(day_codes.astype("<u2")),
        "types": types,
        "colors": type_colors(types),
        "type": _b64(type_codes.astype(_width(len(types))[1])),
        "tw": _width(len(types))[0],
        "strings": list(strings),
        "columns": cols,
        "title": mapping.type or (columns[0] if columns else None),
        "date": mapping.date,
    }


def encode_density(table: IncidentTable) -> dict[str, Any]:
    """The payload of the density view: counts per lat/lon cell at :data:`AGG_LEVELS`."""
    placed = table.placed
    lat = table.frame["_lat"].to_numpy()[placed]
    lon = table.frame["_lon"].to_numpy()[placed]
    types = sorted(set(table.frame["_type"].to_numpy()[placed].tolist()))
    type_counts = table.frame.loc[placed, "_type"].value_counts()
    levels = []
    for deg in AGG_LEVELS:
        ncols = round(360 / deg)
        r = np.clip(np.floor((lat + 90) / deg), 0, 180 / deg - 1).astype(np.int64)
        c = np.clip(np.floor((lon + 180) / deg), 0, ncols - 1).astype(np.int64)
        keys, counts = np.unique(r * ncols + c, return_counts=True)
        if levels and len(keys) > AGG_MAX_CELLS:
            break
        levels.append(
            {
                "deg": deg,
                "cols": ncols,
                "keys": base64.b64encode(varint_encode(np.diff(keys, prepend=0))).decode(),
                "counts": base64.b64encode(varint_encode(counts)).decode("ascii"),
            }
        )
    return {
        "format": FORMAT,
        "kind": "density",
        "n": int(placed.sum()),
        "total": len(table.frame),
        "levels": levels,
        "types": types,
        "colors": type_colors(types),
        "typeCounts": [int(type_counts.get(t, 0)) for t in types],
    }


def decode_payload(payload: dict[str, Any]) -> pd.DataFrame:
    """The point payload back as a frame (``row``, ``lat``, ``lon``, ``day``, ``type`` and
    every table column), in payload order: what the page holds, for tests and checks."""
    q = payload["quantum"]
    out: dict[str, Any] = {
        "row": np.cumsum(varint_decode(base64.b64decode(payload["row"]))),
        "lat": np.cumsum(varint_decode(base64.b64decode(payload["lat"]))) * q,
        "lon": np.cumsum(varint_decode(base64.b64decode(payload["lon"]))) * q,
    }
    days = _unb64(payload["days"], "<u2").astype(np.int64)
    day = (days - 1 + payload["day0"]).astype("datetime64[D]")
    out["day"] = np.where(days > 0, day, np.datetime64("NaT"))
    tcodes = _unb64(payload["type"], _WIDTHS[payload["tw"]])
    out["type"] = np.array(payload["types"], dtype=object)[tcodes]
    strings = np.array(payload["strings"], dtype=object)
    for col in payload["columns"]:
        codes = _unb64(col["codes"], _WIDTHS[col["w"]])
        out[col["name"]] = strings[np.asarray(col["dict"], dtype=np.int64)][codes]
    return pd.DataFrame(out)


def filter_counts(
    payload: dict[str, Any],
    start: str | None = None,
    end: str | None = None,
    hidden_types: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """Shown incidents per type for a day range (inclusive) and hidden types: the rule the
    page's filter follows (undated incidents are always shown while their type is)."""
    frame = decode_payload(payload)
    keep = ~frame["type"].isin(hidden_types)
    dated = frame["day"].notna()
    if start:
        keep &= ~dated | (frame["day"] >= pd.Timestamp(start))
    if end:
        keep &= ~dated | (frame["day"] <= pd.Timestamp(end))
    counts = frame.loc[keep, "type"].value_counts()
    return {t: int(counts.get(t, 0)) for t in payload["types"]}


def payload_json(payload: dict[str, Any]) -> str:
    r"""JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` become ``\u`` escapes (no
    ``</script>`` can end the element), and so do ``{`` and ``}`` inside strings, because
    branca compiles rendered output as a Jinja template once more (the JSON structure
    itself never holds ``{{``, ``{%`` or ``{#``).

    >>> print(payload_json({"s": ["</script>{{7*7}}"]}))
    {"s":["\u003c/script\u003e\u007b\u007b7*7\u007d\u007d"]}
    """
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    return _STRING.sub(_escape_braces, text)


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')  # each JSON string literal, in order


def _escape_braces(match: re.Match[str]) -> str:
    if "{" not in match.group(0) and "}" not in match.group(0):
        return match.group(0)
    return match.group(0).replace("{", "\\u007b").replace("}", "\\u007d")


# ----------------------------------------------------------------------------- element


@cache
def script_text() -> str:
    """``maps/scale.js``, ready to inline (no ``</script``; no Jinja delimiters)."""
    text = (Path(__file__).with_name("scale.js")).read_text(encoding="utf-8")
    assert "</script" not in text.lower() and not any(d in text for d in ("{{", "{%", "{#"))
    return text


class _Raw(Element):
    """Text put into the page verbatim (already safe: see :func:`payload_json`)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class IncidentLayer(folium.map.Layer):
    """All incidents of an :class:`~geo.tables.reader.IncidentTable` as one overlay.

    ``aggregate``: ``None`` picks the density view above :data:`AGGREGATE_ABOVE` placed
    rows. ``play`` adds a play button to the time filter.

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
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "IncidentLayer"
        from dataclasses import replace

        from maps.layers.legend import top_types

        # The legend, colours and filter show the most frequent types and "Other types";
        # each row keeps its own type in its popup (the table's type column).
        table = replace(table, frame=table.frame.assign(_type=top_types(table.frame["_type"])))
        n = int(table.placed.sum())
        self.aggregated = n > AGGREGATE_ABOVE if aggregate is None else aggregate
        self.payload = encode_density(table) if self.aggregated else encode_points(table)
        self.options = {"play": bool(play), "name": name}
        self.code = script_text()

    def render(self, **kwargs: Any) -> None:
        # The payload goes into the body as it is: wrapped in a branca Element it would be
        # parsed as a Jinja template again (half a second for a few megabytes).
        self.get_root().html.add_child(_Raw(self.data_element()), name=self.get_name() + "_data")
        super().render(**kwargs)

    def data_element(self) -> str:
        """The ``<script type="application/json">`` element that carries the payload."""
        return (
            f'<script type="application/json" id="{self.get_name()}_data">'
            f"{payload_json(self.payload)}</script>"
        )

    def bounds(self, table: IncidentTable) -> list[list[float]] | None:
        """``[[south, west], [north, east]]`` of the placed rows."""
        placed = table.placed
        if not placed.any():
            return None
        lat = table.frame["_lat"].to_numpy()[placed]
        lon = table.frame["_lon"].to_numpy()[placed]
        return [[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]]


__all__ = [
    "AGGREGATE_ABOVE",
    "WORK_COLUMNS",
    "IncidentLayer",
    "decode_payload",
    "encode_density",
    "encode_points",
    "filter_counts",
    "payload_json",
]
