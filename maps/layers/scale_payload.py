"""The payload of the incident layer: typed, chunked, deflate-compressed columns.

A page carries three things (``maps/layers/scale.py`` puts them in):

- ``head``: a small JSON object (types, colours, the first day, the columns and where each
  chunk of them lies);
- ``draw``: one block, base64 but not compressed (the page decodes it at once, without
  waiting for an asynchronous inflate that the HTML parser would hold back), with what
  drawing and filtering need and nothing else: the quantised positions along a Morton
  curve, each once with the run of incidents there (int32 deltas, uint32 run lengths), and
  per incident the day (uint16 offset from ``day0``, 0 = undated) and the type (uint8 index
  into ``head["types"]``);
- ``details``: base64 blocks, each deflate-raw: the dictionaries (when a column has one),
  then chunks of :data:`CHUNK` rows, each holding those rows' table row numbers and popup
  columns. The page inflates a chunk only when a popup, a search or an export needs it;
  each block is its own ``<script>`` element (Chromium appends a script's text piece by
  piece as it parses: one huge element costs time quadratic in its size).

Columns are typed: whole numbers as int32 (:data:`BLANK` for an empty cell); the date
column, when it is plain ISO text, is not stored again (the popup shows it from the day);
the type column likewise; strings with few distinct values as a dictionary and a code per
row; other strings (notes, ids) as UTF-8 text with per-row lengths in UTF-16 code units,
so the page decodes a chunk's text once and slices it. Rows go in Morton order: the notes
of one town follow each other, and deflate finds their shared phrases (a third smaller).

Nothing here loops over rows in Python: per column and per chunk, Arrow and numpy do the work.
"""

from __future__ import annotations

import base64
import os
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

FORMAT = 2
QUANTUM = 1e-4  # degrees per coordinate unit (about 11 m)
LEVEL = 6
CHUNK = 8192  # rows per details chunk: one popup inflates ~2 MB at most
BLANK = -(2**31)  # an empty cell of an int column
DICT_SAMPLE = 20_000  # rows looked at before a column is dictionary-encoded
_INT = r"^(0|-?[1-9][0-9]{0,9})$"  # whole numbers written as int() would write them back
_ISO_DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@dataclass
class Payload:
    """``head`` (JSON-able), ``draw`` (base64) and ``details`` (base64 blocks, in order)."""

    head: dict[str, Any]
    draw: str
    details: list[str] = field(default_factory=list)


def deflate(data: bytes) -> bytes:
    """Raw deflate (no zlib header): what the browser's ``DecompressionStream('deflate-raw')``
    inflates. Level 6: level 9 takes 2.5x the time for 2% fewer bytes on these columns."""
    c = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 8)
    return c.compress(data) + c.flush()


def deflate_all(blocks: Iterable[bytes]) -> Iterator[bytes]:
    """:func:`deflate` of each block, in order, on a thread per core (zlib lets go of the
    GIL); at most one block more than threads waits at any time: memory stays flat."""
    workers = max(1, min(2, os.cpu_count() or 1))
    with ThreadPoolExecutor(workers) as pool:
        waiting: deque[Future[bytes]] = deque()
        for block in blocks:
            waiting.append(pool.submit(deflate, block))
            if len(waiting) > workers:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()


def inflate(data: bytes) -> bytes:
    """Inverse of :func:`deflate`."""
    return zlib.decompress(data, -15)


def frame_segments(segments: list[bytes]) -> bytes:
    """``[uint32 count][uint32 length x count][segments, each padded to 4 bytes]``: the page
    views each segment as a typed array in place (offsets stay 4-aligned).

    >>> list(split_segments(frame_segments([b"ab", b"", b"xyz"])))
    [b'ab', b'', b'xyz']
    """
    sizes = np.array([len(s) for s in segments], dtype="<u4")
    parts = [np.array([len(segments)], dtype="<u4").tobytes(), sizes.tobytes()]
    for s in segments:
        parts.append(s)
        parts.append(b"\0" * (-len(s) % 4))
    return b"".join(parts)


def split_segments(data: bytes) -> Iterator[bytes]:
    """Inverse of :func:`frame_segments`."""
    count = int(np.frombuffer(data, "<u4", 1)[0])
    sizes = np.frombuffer(data, "<u4", count, 4)
    at = 4 + 4 * count
    for size in sizes.tolist():
        yield data[at : at + size]
        at += size + (-size % 4)


def text_segments(values: pa.Array) -> list[bytes]:
    """Strings as two segments: UTF-16 lengths (uint32) and the UTF-8 text, joined.

    JavaScript strings count UTF-16 code units: a character outside the BMP (4 UTF-8 bytes)
    counts two. Counted with numpy on the array's own buffers.

    >>> [s.hex() for s in text_segments(pa.array(["a", "é😀"]))]
    ['0100000003000000', '61c3a9f09f9880']
    """
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()  # a chunk's rows: small
    values = _filled(values.cast(pa.large_string()))
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int64)[
        values.offset : values.offset + len(values) + 1
    ]
    raw = np.frombuffer(values.buffers()[2] or b"", dtype=np.uint8)[offsets[0] : offsets[-1]]
    lengths = pc.utf8_length(values).to_numpy(zero_copy_only=False).astype(np.int64)
    astral = np.flatnonzero(raw >= 0xF0)
    if len(astral):
        rows = np.searchsorted(offsets, astral + offsets[0], side="right") - 1
        lengths += np.bincount(rows, minlength=len(values))
    return [lengths.astype("<u4").tobytes(), raw.tobytes()]


def take_rows(values: pa.Array | pa.ChunkedArray, rows: np.ndarray) -> pa.Array:
    """``values[rows]`` as one array, taken chunk by chunk.

    Arrow's ``ChunkedArray.take`` joins all the chunks first: a copy of the whole column
    (the notes) for every 8,192 rows, 60 ms and ~120 MB more peak each at 300,000 rows.

    >>> take_rows(pa.chunked_array([["a", "b"], ["c"]]), np.array([2, 0])).to_pylist()
    ['c', 'a']
    """
    if isinstance(values, pa.Array):
        return values.take(pa.array(rows))
    sizes = np.array([len(c) for c in values.chunks], dtype=np.int64)
    ends = np.cumsum(sizes)
    which = np.searchsorted(ends, rows, side="right")  # each row's chunk
    by_chunk = np.argsort(which, kind="stable")
    parts, at = [], 0
    for k, count in zip(*np.unique(which[by_chunk], return_counts=True), strict=True):
        picked = rows[by_chunk[at : at + count]] - (ends[k] - sizes[k])
        parts.append(values.chunk(int(k)).take(pa.array(picked)))
        at += count
    if not parts:
        return pa.array([], values.type)
    joined = pa.concat_arrays(parts)  # in chunk order: put back in the order asked
    back = np.empty_like(by_chunk)
    back[by_chunk] = np.arange(len(by_chunk))
    return joined.take(pa.array(back))


def _code_dtype(k: int) -> np.dtype:
    return np.dtype("u1") if k <= 1 << 8 else np.dtype("<u2") if k <= 1 << 16 else np.dtype("<u4")


@dataclass
class Column:
    """One popup column, typed: ``kind`` is ``int``, ``dict`` or ``text`` (or ``day`` and
    ``type``: the date and type columns, said by the draw block)."""

    name: str
    kind: str
    values: Any  # int: np.ndarray int32; dict: codes np.ndarray; text: pa.Array
    words: pa.Array | None = None  # dict: the distinct strings

    def spec(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.kind == "dict":
            out["w"] = self.values.dtype.itemsize
        return out

    def segments(self, rows: np.ndarray) -> list[bytes]:
        if self.kind in ("day", "type"):  # told by the draw block: nothing stored
            return []
        if self.kind == "text":
            return text_segments(take_rows(self.values, rows))
        return [np.ascontiguousarray(self.values[rows]).tobytes()]


def _filled(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    return pc.fill_null(values, "") if values.null_count else values  # no copy if none


def type_column(name: str, values: pa.Array | pa.ChunkedArray) -> Column:
    """The typed column for a table column of text (see the module docstring). Text stays
    in the table's own buffers (chunks are taken from, never combined: no copy of the
    notes)."""
    values = _filled(values)
    n = len(values)
    filled = pc.not_equal(values, "")
    if n and pc.all(pc.or_(pc.invert(filled), pc.match_substring_regex(values, _INT))).as_py():
        numbers = pc.cast(pc.if_else(filled, values, str(BLANK)), pa.int64()).to_numpy()
        given = numbers[np.asarray(filled)]
        if given.min(initial=0) > BLANK and given.max(initial=0) < 2**31:
            return Column(name, "int", numbers.astype("<i4"))
    sample = values.slice(0, DICT_SAMPLE) if n > DICT_SAMPLE else values
    if len(pc.unique(sample)) * 4 <= max(len(sample), 4):
        encoded = pc.dictionary_encode(values)
        if isinstance(encoded, pa.ChunkedArray):  # chunks share one dictionary once unified
            encoded = encoded.unify_dictionaries()
            parts = encoded.chunks or [pa.array([], pa.string()).dictionary_encode()]
            words = parts[0].dictionary
            codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in parts])
        else:
            words = encoded.dictionary
            codes = encoded.indices.to_numpy(zero_copy_only=False)
        return Column(name, "dict", codes.astype(_code_dtype(len(words))), words)
    return Column(name, "text", values)


def plain_iso_days(values: pa.Array, days: np.ndarray) -> bool:
    """True when ``values`` are ISO dates (or blank) exactly where ``days`` is (not) NaT:
    the day offsets then say all the column says."""
    values = _filled(values)
    filled = np.asarray(pc.not_equal(values, ""))
    if (filled != ~np.isnat(days)).any():
        return False
    return bool(pc.all(pc.or_(pc.invert(pc.not_equal(values, "")),
                              pc.match_substring_regex(values, _ISO_DAY))).as_py())  # fmt: skip


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


def encode(
    lat: np.ndarray,
    lon: np.ndarray,
    days: np.ndarray,
    type_codes: np.ndarray,
    rows: np.ndarray,
    columns: list[Column],
    head: dict[str, Any],
) -> Payload:
    """The payload of placed incidents (arrays in table order, one entry per incident).

    ``days``: ``datetime64[D]`` (NaT undated); ``rows``: 1-based table rows; ``head``: extra
    fields for the page (types, colours, title...), completed here.
    """
    qlat = np.rint(lat / QUANTUM).astype(np.int32)
    qlon = np.rint(lon / QUANTUM).astype(np.int32)
    order = morton_order(qlat * QUANTUM, qlon * QUANTUM)
    day_num = days.astype("datetime64[D]").astype(np.int64)
    dated = ~np.isnat(days)
    day0 = int(day_num[dated].min()) if dated.any() else 0
    day_codes = np.where(dated, day_num - day0 + 1, 0)
    if day_codes.max(initial=0) >= 1 << 16:
        raise ValueError("the dates span more than 179 years")
    n = len(order)
    tw = 1 if type_codes.max(initial=0) < 256 else 2
    # Incidents share places: one position per run of equal positions along the curve.
    slat, slon = qlat[order], qlon[order]
    starts = np.flatnonzero(np.diff(slat, prepend=np.int32(2**31 - 1)) | np.diff(slon, prepend=0))
    runs = np.diff(starts, append=n)
    draw = frame_segments(
        [
            np.diff(slat[starts], prepend=0).astype("<i4").tobytes(),
            np.diff(slon[starts], prepend=0).astype("<i4").tobytes(),
            runs.astype("<u4").tobytes(),
            day_codes[order].astype("<u2").tobytes(),
            type_codes[order].astype("u1" if tw == 1 else "<u2").tobytes(),
        ]
    )
    del qlat, qlon, slat, slon

    def blocks() -> Iterator[bytes]:
        if dict_cols:
            yield frame_segments([s for c in dict_cols for s in text_segments(c.words)])
        for start in range(0, n, CHUNK):
            take = order[start : start + CHUNK]
            segs = [rows[take].astype("<u4").tobytes()]
            for c in columns:
                segs += c.segments(take)
            yield frame_segments(segs)

    dict_cols = [c for c in columns if c.kind == "dict"]
    pieces = [base64.b64encode(packed).decode("ascii") for packed in deflate_all(blocks())]
    head = {
        **head,
        "format": FORMAT,
        "n": n,
        "quantum": QUANTUM,
        "day0": day0,
        "maxDay": int(day_codes.max(initial=0)),
        "chunk": CHUNK,
        "columns": [c.spec() for c in columns],
        "dicts": bool(dict_cols),
        "chunks": len(pieces) - bool(dict_cols),
        "tw": tw,
    }
    return Payload(head, base64.b64encode(draw).decode("ascii"), pieces)


__all__ = [
    "BLANK",
    "CHUNK",
    "FORMAT",
    "QUANTUM",
    "Column",
    "Payload",
    "deflate",
    "encode",
    "frame_segments",
    "inflate",
    "morton_order",
    "plain_iso_days",
    "split_segments",
    "take_rows",
    "text_segments",
    "type_column",
]
