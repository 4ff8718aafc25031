"""Size limits of an incident table, checked from the file's metadata before it is loaded.

A 34 KB Parquet file can hold one 1 GB string (8.6 GB of memory, a 1 GB page) and a 350 KB
one 30 million rows (10.6 GB, 96 s): the bytes on disk say nothing. So before reading:

- Parquet: the row count and the uncompressed size from the footer;
- GeoPackage, GeoJSON: the feature count GDAL reports (and the file's size);
- CSV: the file's size (every byte is read).

Above ``MAX_TABLE_ROWS`` rows or ``MAX_TABLE_BYTES`` bytes the table is refused with exit 2
naming the file, the figure and the option that raises the limit (``--max-rows``); a map of
two million incidents is already a density grid, and the page must load in a reader's browser.

Within those limits one cell can still hold 50 MB of text, which would travel into every
popup, the page and the bad-rows report. :func:`cap_cells` cuts each text cell at
``MAX_CELL_CHARS`` characters (an ACLED note runs to a few hundred) with an ellipsis, and
reports each cut cell by row and column; the render goes on. A column name is cut the
same way (:func:`cap_names`), with a warning.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from geo.errors import InputError

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_TABLE_BYTES",
    "MAX_TABLE_ROWS",
    "cap_cells",
    "cap_names",
    "check_table_size",
]

MAX_TABLE_ROWS = 2_000_000
MAX_TABLE_BYTES = 1_000_000_000  # on disk (CSV, GeoJSON) or uncompressed (Parquet)
MAX_CELL_CHARS = 10_000  # characters of one text cell that reach the page (README)
_SHOWN_CHARS = 80  # of a cut cell, quoted in the report: enough to find it


def _too_big(path: Path, what: str, limit: str, hint: str) -> InputError:
    return InputError(f"the table has {what}, over the limit of {limit}", file=str(path),
                      hint=hint)  # fmt: skip


def check_table_size(path: str | os.PathLike[str], max_rows: int | None = None) -> None:
    """Raise ``InputError`` when the table at ``path`` is over the limits (see module doc);
    ``max_rows`` replaces ``MAX_TABLE_ROWS`` (the byte limit scales with it)."""
    p = Path(path)
    rows_limit = max_rows or MAX_TABLE_ROWS
    bytes_limit = max(MAX_TABLE_BYTES, rows_limit * 500)  # 500 bytes a row on average
    more = f"pass --max-rows {rows_limit * 2} to raise it, or split the table"
    suffix = p.suffix.lower()
    rows = size = None
    if suffix in (".parquet", ".geoparquet"):
        import pyarrow.parquet as pq

        try:
            meta = pq.ParquetFile(p).metadata
        except Exception:  # an unreadable footer: the reader says so, naming the file
            return
        rows = meta.num_rows
        size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    else:
        size = p.stat().st_size
        if suffix in (".gpkg", ".geojson", ".json"):
            try:
                import pyogrio

                rows = pyogrio.read_info(p).get("features")
            except Exception:  # unreadable: the reader reports it
                rows = None
    if rows is not None and rows > rows_limit:
        raise _too_big(p, f"{rows:,} rows", f"{rows_limit:,}", more)
    if size is not None and size > bytes_limit:
        raise _too_big(p, f"{size / 1e6:,.0f} MB of data", f"{bytes_limit / 1e6:,.0f} MB", more)


def _cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, the last an ellipsis; never between a
    letter and its combining accents (they would be left on nothing or on the ellipsis).

    >>> _cut("abcdef", 4), _cut("abcde\u0301f", 6)
    ('abc…', 'abcd…')
    """
    end = limit - 1
    while end > 0 and unicodedata.combining(text[end]):
        end -= 1
    return text[:end] + "…"


def cap_cells(
    frame: pd.DataFrame, limit: int = MAX_CELL_CHARS
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``frame`` with every text cell over ``limit`` characters cut (see module doc), and
    one problem row (row from 1, field, the cell's start, problem) per cut cell.

    >>> f, p = cap_cells(pd.DataFrame({"notes": ["ok", "x" * 12]}), limit=5)
    >>> f["notes"].tolist(), p[["row", "field", "problem"]].values.tolist()
    (['ok', 'xxxx…'], [[2, 'notes', 'is 12 characters long; the map shows its first 5']])
    """
    out = frame
    found = []
    for name in frame.columns:
        col = frame[name]
        if col.dtype != object and not pd.api.types.is_string_dtype(col):
            continue
        if col.dtype == object:  # any values: only text counts
            sizes = col.map(lambda v: len(v) if isinstance(v, str) else 0).to_numpy(np.int64)
        else:  # pandas' text (Arrow): its lengths in one pass, not a Python call a cell
            sizes = col.str.len().fillna(0).to_numpy(np.int64)
        rows = np.flatnonzero(sizes > limit)
        if not len(rows):
            continue
        if out is frame:
            out = frame.copy()  # the caller's frame is left as it was
        values = col.to_numpy(dtype=object)
        cut = out[name].to_numpy(dtype=object, copy=True)
        for i in rows:
            cut[i] = _cut(values[i], limit)
        out[name] = cut
        found.append(
            pd.DataFrame(
                {
                    "row": rows + 1,
                    "field": str(name),
                    "value": [values[i][:_SHOWN_CHARS] + "…" for i in rows],
                    "problem": [
                        f"is {sizes[i]:,} characters long; the map shows its first {limit:,}"
                        for i in rows
                    ],
                }
            )
        )
    columns = ["row", "field", "value", "problem"]
    problems = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=columns)
    return out, problems


def cap_names(frame: pd.DataFrame, limit: int = MAX_CELL_CHARS) -> tuple[pd.DataFrame, list[str]]:
    """``frame`` with each column name over ``limit`` characters cut like a cell (a name
    travels into every popup too), kept distinct; a warning for each name cut.

    >>> f, said = cap_names(pd.DataFrame({"a" * 8: [1], "a" * 9: [2], "b": [3]}), limit=5)
    >>> list(f.columns), said[0]
    (['aaaa…', 'aaaa… (2)', 'b'], 'column 1: its name is 8 characters long; cut to 5')
    """
    names = [str(c) for c in frame.columns]
    if all(len(n) <= limit for n in names):
        return frame, []
    said, taken, new = [], set(names), []
    for i, name in enumerate(names, 1):
        if len(name) <= limit:
            new.append(name)
            continue
        cut, k = _cut(name, limit), 2
        short = cut
        while short in taken:  # two long names with the same start stay two columns
            short, k = f"{cut} ({k})", k + 1
        taken.add(short)
        new.append(short)
        said.append(f"column {i}: its name is {len(name):,} characters long; cut to {limit:,}")
    out = frame.copy()
    out.columns = new
    return out, said
