"""Size limits of an incident table, checked from the file's metadata before it is loaded.

A 34 KB Parquet file can hold one 1 GB string (8.6 GB of memory, a 1 GB page) and a 350 KB
one 30 million rows (10.6 GB, 96 s): the bytes on disk say nothing. So before reading:

- Parquet: the row count and the uncompressed size from the footer;
- GeoPackage, GeoJSON: the feature count GDAL reports (and the file's size);
- CSV: the file's size (every byte is read).

Above ``MAX_TABLE_ROWS`` rows or ``MAX_TABLE_BYTES`` bytes the table is refused with exit 2
naming the file, the figure and the option that raises the limit (``--max-rows``); a map of
two million incidents is already a density grid, and the page must load in a reader's browser.
"""

from __future__ import annotations

import os
from pathlib import Path

from geo.errors import InputError

__all__ = ["MAX_TABLE_BYTES", "MAX_TABLE_ROWS", "check_table_size"]

MAX_TABLE_ROWS = 2_000_000
MAX_TABLE_BYTES = 1_000_000_000  # on disk (CSV, GeoJSON) or uncompressed (Parquet)


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
