"""The basemap's rows and country lines kept as numpy arrays in the cache folder
(``geo.resources.cache_dir``): a table page reads them without the Parquet reader or GDAL.
:mod:`maps.layers.basemap` re-exports :func:`read_cached` and :func:`cached_lines`; what they
need of it is imported when they run (it imports this module).
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import numpy as np
import shapely

from geo.resources import data_path

ROWS_VERSION = 1  # bump when read_cached's arrays change


def read_cached(box: tuple, bands: list[str]) -> gpd.GeoDataFrame:
    """:func:`read` from a copy of the basemap's rows kept as numpy arrays in the cache
    folder (made from the Parquet file on first use): the same rows, in the same order,
    without the Parquet reader (~40 MB of a table page's peak: its libraries and the whole
    geometry column decoded for one band's rows)."""
    import shapely as _shapely

    from maps.layers.basemap import BANDS, read

    parts = []
    west, south, east, north = box
    path = _rows_cache()
    if not path.is_file():  # the cache folder cannot be written: the file itself
        return read(box, bands)
    with np.load(path, allow_pickle=False) as found:
        for band in BANDS:
            if band not in bands:
                continue
            boxes = found[f"{band}_box"]
            near = (boxes[:, 0] <= east) & (boxes[:, 2] >= west)
            near &= (boxes[:, 1] <= north) & (boxes[:, 3] >= south)
            wkb = _split(found[f"{band}_wkb"], found[f"{band}_ends"])[near]
            parts.append(
                gpd.GeoDataFrame(
                    {
                        "layer": found[f"{band}_layer"][near].tolist(),
                        "band": band,
                        "name": found[f"{band}_name"][near].tolist(),
                        "rank": found[f"{band}_rank"][near],
                    },
                    geometry=_shapely.from_wkb(wkb),
                    crs=4326,
                )
            )
    frame = parts[0] if len(parts) == 1 else gpd.GeoDataFrame(_concat(parts), crs=4326)
    return frame.reset_index(drop=True)


def _concat(parts: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    import pandas as pd

    return pd.concat(parts, ignore_index=True)


def _rows_cache():
    """The cache file of :func:`read_cached`, written from the Parquet file when missing."""
    from maps.layers.basemap import BANDS, BASEMAP_FILE

    source = data_path(BASEMAP_FILE)
    path = _cache_file("rows", source, str(ROWS_VERSION))
    if path.is_file():
        return path
    frame = gpd.read_parquet(source)
    arrays: dict[str, np.ndarray] = {}
    for band in BANDS:
        rows = frame[frame["band"] == band]
        _pack(arrays, band, shapely.to_wkb(rows.geometry.to_numpy()))
        arrays[f"{band}_box"] = shapely.bounds(rows.geometry.to_numpy())  # the file's bbox
        arrays[f"{band}_layer"] = rows["layer"].to_numpy(dtype=str)
        arrays[f"{band}_name"] = rows["name"].fillna("").to_numpy(dtype=str)
        arrays[f"{band}_rank"] = rows["rank"].to_numpy(dtype=np.int32)
    _save_npz(path, arrays)
    return path


LINES_VERSION = 2  # bump when _outline_lines changes


@cache
def cached_lines(view: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per band, each country's simplified outline as WKB lines and its box (west, south,
    east, north), for a border ``view``; computed from ``geo.geometry.borders`` on first use
    and kept in the cache folder (``geo.resources.cache_dir``) beside the place index.

    A page then needs neither GDAL nor the 10m outlines (~100 MB and 1.5 s at a world view)."""
    from maps.layers.basemap import BANDS, TOLERANCE, _outline_lines

    source = data_path("countries-10m.fgb")
    path = _cache_file("lines", source, f"{view}-{LINES_VERSION}-{sorted(TOLERANCE.items())}")
    try:
        with np.load(path, allow_pickle=False) as found:
            return {
                b: (_split(found[f"{b}_wkb"], found[f"{b}_ends"]), found[f"{b}_box"]) for b in BANDS
            }
    except (OSError, KeyError, ValueError):
        pass  # not there yet (or half-written by an older version): computed below
    from geo.geometry import borders

    outlines = borders.countries(view=view).geometry.to_numpy()
    boxes = shapely.bounds(outlines)
    arrays: dict[str, np.ndarray] = {}
    out = {}
    for band in BANDS:
        wkb = shapely.to_wkb(_outline_lines(outlines, band))
        out[band] = (wkb, boxes)
        _pack(arrays, band, wkb)
        arrays[f"{band}_box"] = boxes
    _save_npz(path, arrays)
    return out


def _pack(arrays: dict[str, np.ndarray], band: str, wkb: np.ndarray) -> None:
    """``band``'s WKB as one byte array and its ends (:func:`_split` undoes it): an npz
    holds no object arrays without pickle."""
    arrays[f"{band}_wkb"] = np.frombuffer(b"".join(wkb), dtype=np.uint8)
    arrays[f"{band}_ends"] = np.cumsum([len(w) for w in wkb], dtype=np.int64)


def _cache_file(kind: str, source, key: str):
    """The cache folder's file for ``kind`` made from ``source``: named by the source's
    size and time and ``key`` (a version), so a changed source or format is a new file."""
    import hashlib

    from geo.resources import cache_dir

    stat = source.stat()
    tag = f"{key}-{stat.st_size}-{stat.st_mtime_ns}"
    return cache_dir() / f"basemap-{kind}-{hashlib.sha1(tag.encode()).hexdigest()[:16]}.npz"


def _split(flat: np.ndarray, ends: np.ndarray) -> np.ndarray:
    data = flat.tobytes()
    starts = np.concatenate([[0], ends[:-1]])
    return np.array([data[a:b] for a, b in zip(starts, ends, strict=True)], dtype=object)


def _save_npz(path, arrays: dict[str, np.ndarray]) -> None:
    """Write through a temporary file in the same folder; a cache that cannot be written
    is computed again next time."""
    import io
    import os
    import tempfile

    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(buffer.getvalue())
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            os.unlink(tmp)
