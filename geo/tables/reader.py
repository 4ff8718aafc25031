"""Incident tables (ACLED exports and the like): read, map columns, validate, place.

A table is CSV, GeoJSON, GeoPackage or (Geo)Parquet with one incident per row. Every column
is kept as text for the popups; :func:`read_table` adds four working columns:

- ``_lat``/``_lon`` (float64, NaN where the row cannot be placed),
- ``_day`` (``datetime64[s]``, NaT where undated),
- ``_type`` (text, "" where missing).

Validation is vectorised (pandas/numpy, no loop over rows); place names are geocoded with the
offline gazetteer once per distinct (name, country). Nothing is dropped silently: each problem
is a row of :attr:`IncidentTable.problems` with the 1-based data row and, for CSV, the file
line (data row + the header line).

>>> t = read_table("acled.csv")                                  # doctest: +SKIP
>>> t.mapping.lat, len(t.frame), t.placed.sum(), len(t.problems) # doctest: +SKIP
('latitude', 100000, 99998, 3)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np
import pandas as pd

from geo.errors import InputError
from geo.files.textfile import check_input, check_regular, read_bytes
from geo.tables.coords import check_geometry_xy, reproject
from geo.tables.days import BAD_DATE, Order, read_days
from geo.tables.limits import cap_cells, cap_names
from geo.tables.names import Geocoder, geocode_names
from geo.tables.sheets import DELIMITED_SUFFIXES, WORKBOOK_SUFFIXES

GIS_SUFFIXES = (".geojson", ".json", ".gpkg", ".parquet", ".geoparquet")
TABLE_SUFFIXES = DELIMITED_SUFFIXES + WORKBOOK_SUFFIXES + GIS_SUFFIXES
_SUFFIX_HINT = "use .csv, .tsv, .xlsx, .ods, .geojson, .gpkg or .parquet"
PROBLEM_COLUMNS = ["row", "line", "field", "value", "problem"]


@dataclass(frozen=True)
class ColumnMap:
    """Which column of the table holds what (``None``: the table has no such column)."""

    lat: str | None = None
    lon: str | None = None
    place: str | None = None  # a place name to geocode where there are no coordinates
    country: str | None = None  # narrows the geocoding of ``place``
    date: str | None = None
    type: str | None = None
    fatalities: str | None = None

    @classmethod
    def parse(cls, text: str) -> ColumnMap:
        """``"lat=y,lon=x,date=when"`` -> ``ColumnMap(lat="y", lon="x", date="when")``.

        >>> ColumnMap.parse("lat=y, place=town").place
        'town'
        """
        known = {f.name for f in fields(cls)}
        values: dict[str, str] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            key, sep, column = (s.strip() for s in part.partition("="))
            if not sep or key not in known or not column:
                raise InputError(
                    f"cannot read {part!r}",
                    field="--columns",
                    hint=f"write ROLE=COLUMN pairs, roles: {', '.join(sorted(known))}",
                )
            values[key] = column
        return cls(**values)


# Names tried for each role, in order, compared case-insensitively. ACLED's export first.
ALIASES: dict[str, tuple[str, ...]] = {
    "lat": ("latitude", "lat", "y"),
    "lon": ("longitude", "lon", "lng", "long", "x"),
    "place": ("location", "place", "place_name", "name", "town", "city"),
    "country": ("country", "country_code", "iso2"),
    "date": ("event_date", "date", "day", "when"),
    "type": ("event_type", "type", "category", "kind"),
    "fatalities": ("fatalities", "deaths", "killed"),
}


def detect_mapping(
    columns: list[str], given: ColumnMap | None = None, *, has_geometry: bool = False
) -> ColumnMap:
    """Fill the roles ``given`` leaves open from the column names (ACLED's, or plain ones).

    >>> detect_mapping(["event_date", "event_type", "latitude", "longitude"]).date
    'event_date'
    """
    given = given or ColumnMap()
    lower = {c.lower().strip(): c for c in columns}
    found: dict[str, str | None] = {}
    for role, names in ALIASES.items():
        chosen = getattr(given, role)
        if chosen is not None:
            if chosen not in columns:
                raise InputError(
                    f"no column {chosen!r} in the table",
                    field=f"--columns {role}",
                    hint=f"the columns are: {', '.join(columns)}",
                )
            found[role] = chosen
            continue
        found[role] = next((lower[n] for n in names if n in lower), None)
    mapping = ColumnMap(**found)
    if not (mapping.lat and mapping.lon) and not mapping.place and not has_geometry:
        raise InputError(
            "the table has no latitude/longitude columns and no place-name column",
            field="columns",
            hint="name them latitude/longitude or location, or pass --columns lat=COL,lon=COL",
        )
    return mapping


@dataclass
class IncidentTable:
    """A read, validated table: ``frame`` (all rows, text columns + ``_lat`` ``_lon``
    ``_day`` ``_type``), the ``mapping`` used and the ``problems`` found."""

    frame: pd.DataFrame
    mapping: ColumnMap
    problems: pd.DataFrame
    source: str = ""
    # what was decided for the reader (encoding, separator, sheet) and what it was unsure of
    # (a date order no value settled): said on stderr by the command line
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def __repr__(self) -> str:
        """One line, not the frames: ``<IncidentTable acled.csv: 3 rows, 2 placed, 1 problem>``."""
        n, placed, bad = len(self.frame), int(self.placed.sum()), len(self.problems)
        return (
            f"<IncidentTable {self.source or 'table'}: {n} row{'s' * (n != 1)}, {placed} placed, "
            f"{bad} problem{'s' * (bad != 1)}>"
        )

    def _repr_html_(self) -> str:
        """In a notebook: the summary line, then the first rows of the table's own columns."""
        import html

        head = self.frame[self.columns].head(10).to_html(index=False, max_cols=12)
        warn = "".join(f"<p>warning: {html.escape(w)}</p>" for w in self.warnings)
        return f"<p>{html.escape(repr(self))}</p>{warn}{head}"

    @property
    def placed(self) -> np.ndarray:
        """Rows that have coordinates (the ones that reach the map)."""
        return (self.frame["_lat"].notna() & self.frame["_lon"].notna()).to_numpy()

    @property
    def columns(self) -> list[str]:
        """The table's own columns, in order (the working ``_`` columns left out)."""
        return [c for c in self.frame.columns if c not in WORK_COLUMNS]


WORK_COLUMNS = ("_lat", "_lon", "_day", "_type")


# ----------------------------------------------------------------------------- reading


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column as plain text ("" for missing), column by column."""
    out = {}
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_datetime64_any_dtype(col):
            text = col.dt.strftime("%Y-%m-%d")
        else:
            text = col.astype("string")
        out[str(name)] = text.fillna("").astype(object)
    return pd.DataFrame(out, index=frame.index)


def _read_geo(path: Path, crs: str | None = None) -> tuple[pd.DataFrame, np.ndarray | None]:
    """Attributes as text, plus (lon, lat) of each geometry (NaN where missing)."""
    import geopandas as gpd

    if path.suffix.lower() in (".parquet", ".geoparquet"):
        import pyarrow.parquet as pq

        if b"geo" not in (pq.read_schema(path).metadata or {}):
            return _as_text(pd.read_parquet(path)), None
        gdf = gpd.read_parquet(path)
    else:
        import pyogrio

        gdf = pyogrio.read_dataframe(path)
    return _geo_frame(reproject(gdf, path, crs))


def _geo_frame(gdf) -> tuple[pd.DataFrame, np.ndarray]:
    """A GeoDataFrame's attributes as text and (lon, lat) of each geometry, in WGS84."""
    import shapely

    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs(4326)
    geoms = gdf.geometry.to_numpy()
    # Points stay; lines and areas stand for a point inside them.
    not_point = shapely.get_type_id(geoms) != 0
    geoms = np.where(not_point & ~shapely.is_missing(geoms), shapely.point_on_surface(geoms), geoms)
    xy = np.full((len(geoms), 2), np.nan)
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    xy[ok] = shapely.get_coordinates(geoms[ok])
    attrs = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    return _as_text(attrs), xy


@dataclass(frozen=True)
class ReadOptions:
    """How to read a table file: ``sep`` and ``encoding`` of delimited text (detected when
    ``None``), the workbook ``sheet``, and the ``order`` of numeric dates (``"dayfirst"``,
    ``"monthfirst"``; decided from the values when ``None``, see ``geo.tables.days``).

    >>> ReadOptions(sep=";", order="monthfirst").order
    'monthfirst'
    """

    sep: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    order: Order | None = None
    max_rows: int | None = None  # raises the size limit (geo.tables.limits)
    crs: str | None = None  # the coordinate system of a GIS file that does not say it


@dataclass(frozen=True)
class Frame:
    """A table file read as text: the cells, (lon, lat) of geometries or None, the file
    line of each row when the file has lines (``lines()``), and what was decided (notes)."""

    frame: pd.DataFrame
    xy: np.ndarray | None = None
    lines: Callable[[], np.ndarray] | None = None
    notes: tuple[str, ...] = ()


def _chosen(read: Frame, usecols: Callable[[list[str]], list[str]] | None) -> Frame:
    """``read`` with only the columns ``usecols`` picks (all when it is ``None``)."""
    if usecols is None:
        return read
    chosen = set(usecols([str(c) for c in read.frame.columns]))
    frame = read.frame[[c for c in read.frame.columns if c in chosen]]
    return replace(read, frame=frame)


def read_frame(
    path: str | os.PathLike[str],
    options: ReadOptions | None = None,
    usecols: Callable[[list[str]], list[str]] | None = None,
) -> Frame:
    """The table file at ``path`` as text cells; ``InputError`` if unreadable or over the
    size limits (``geo.tables.limits``, checked from the file's metadata before loading).

    ``usecols(header) -> names`` picks the columns to read (plain UTF-8 delimited text: the
    others are never parsed, see ``read_delimited_columns``; otherwise dropped once read)."""
    from geo.tables.limits import check_table_size
    from geo.tables.sheets import read_delimited, read_delimited_columns, read_workbook

    options = options or ReadOptions()
    p = Path(path)
    suffix = check_input(p, TABLE_SUFFIXES, "an incident table", _SUFFIX_HINT)
    check_table_size(p, options.max_rows)
    try:
        if suffix in DELIMITED_SUFFIXES:
            if usecols is not None:
                check_regular(p, "table")
                some = read_delimited_columns(
                    p, usecols, sep=options.sep, encoding=options.encoding
                )
                if some is not None:
                    return Frame(some.frame, None, some.lines, some.notes)
            raw = read_bytes(p, "table", limit=None)
            sheet = read_delimited(raw, str(p), sep=options.sep, encoding=options.encoding)
            return _chosen(Frame(sheet.frame, None, sheet.lines, sheet.notes), usecols)
        if suffix in WORKBOOK_SUFFIXES:
            sheet = read_workbook(p, options.sheet)
            return _chosen(Frame(sheet.frame, None, sheet.lines, sheet.notes), usecols)
        frame, xy = _read_geo(p, options.crs)
        return _chosen(Frame(frame, xy), usecols)
    except InputError:
        raise
    except RecursionError:  # a GeoJSON property nested thousands deep
        raise InputError(
            "the file is nested too deeply to be a table",
            file=str(p),
            hint="check that this is the right file: a table's properties are flat",
        ) from None
    except Exception as e:  # the parsers' own errors (broken WKB, truncated files, GDAL)
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise InputError(
            f"cannot read the table: {first}",
            file=str(p),
            hint="check that it is a CSV with a header line, a workbook or a valid GIS file",
        ) from None


def _incident_records(
    frame: pd.DataFrame, xy: np.ndarray | None
) -> tuple[pd.DataFrame, np.ndarray | None]:
    """Only the incident rows of a ``geoparse CORPUS --out`` file (it holds mentions too).

    >>> f = pd.DataFrame({"record": ["mention", "incident"], "place": ["Kyiv", "Moscow"]})
    >>> _incident_records(f, None)[0]["place"].tolist()
    ['Moscow']
    """
    if "record" not in frame.columns:
        return frame, xy
    record = frame["record"].astype(str)
    if not record.isin(["mention", "incident"]).all():
        return frame, xy  # a column of the user's own that happens to be called "record"
    keep = (record == "incident").to_numpy()
    return frame[keep].reset_index(drop=True), (xy[keep] if xy is not None else None)


# ----------------------------------------------------------------------------- validation


def _problems(mask: np.ndarray, field: str, values: pd.Series, problem: str) -> pd.DataFrame:
    rows = np.flatnonzero(mask)
    return pd.DataFrame(
        {
            "row": rows + 1,
            "field": field,
            "value": values.to_numpy()[rows] if len(rows) else [],
            "problem": problem,
        }
    )


def _coordinate(text: pd.Series, role: str, limit: float) -> tuple[np.ndarray, list[pd.DataFrame]]:
    blank = text.str.strip().eq("").to_numpy()
    value = pd.to_numeric(text.str.strip().str.replace(",", ".", regex=False), errors="coerce")
    value = value.to_numpy(dtype=float, copy=True)
    bad_text = ~blank & np.isnan(value)
    off = ~np.isnan(value) & ((np.abs(value) > limit) | ~np.isfinite(value))
    value[off] = np.nan
    found = [
        _problems(bad_text, role, text, "is not a number; write decimal degrees such as 48.51"),
        _problems(off, role, text, f"is outside -{limit:g}..{limit:g} degrees"),
    ]
    return value, found


# Dates a table of incidents can hold (README): outside, a typo (1024, 2204) or a default.
FIRST_DAY, LAST_DAY = np.datetime64("1800-01-01", "s"), np.datetime64("2100-12-31", "s")


def validate(
    frame: pd.DataFrame,
    mapping: ColumnMap,
    *,
    geometry_xy: np.ndarray | None = None,
    geocoder: Geocoder | None = None,
    geocode: bool = True,
    order: Order | None = None,
    warnings: list[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(frame with _lat _lon _day _type, problems)``; vectorised, rows never dropped.

    ``order`` reads numeric dates day or month first; what the reader was unsure of is
    appended to ``warnings``."""
    n = len(frame)
    found: list[pd.DataFrame] = []
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    if geometry_xy is not None:
        lon, lat = geometry_xy[:, 0].copy(), geometry_xy[:, 1].copy()
        found += check_geometry_xy(lon, lat, _problems)
    if mapping.lat and mapping.lon:
        clat, more = _coordinate(frame[mapping.lat], mapping.lat, 90)
        found += more
        clon, more = _coordinate(frame[mapping.lon], mapping.lon, 180)
        found += more
        use = np.isnan(lat) | np.isnan(lon)
        lat = np.where(use, clat, lat)
        lon = np.where(use, clon, lon)
    # A row with one coordinate but not the other cannot be placed by it.
    half = np.isnan(lat) ^ np.isnan(lon)
    lat[half] = lon[half] = np.nan
    missing = np.isnan(lat)
    if missing.any():
        if mapping.place and geocode:
            sub = frame.loc[missing]
            countries = sub[mapping.country] if mapping.country else None
            glat, glon, why = geocode_names(sub[mapping.place], countries, geocoder)
            lat[missing], lon[missing] = glat, glon
            failed = np.zeros(n, dtype=bool)
            failed[np.flatnonzero(missing)] = why.to_numpy() != ""
            messages = np.full(n, "", dtype=object)
            messages[np.flatnonzero(missing)] = why.to_numpy()
            if failed.any():
                p = _problems(failed, mapping.place, frame[mapping.place], "")
                p["problem"] = "cannot be placed: " + pd.Series(messages[failed]).astype(str)
                found.append(p)
        else:
            # a row whose coordinate was already reported as wrong needs no second line
            reported = np.zeros(n, dtype=bool)
            for p in found:
                reported[p["row"].to_numpy(dtype=int) - 1] = True  # rows count from 1
            column = mapping.lat or "geometry"
            found.append(
                _problems(
                    missing & ~reported,
                    column,
                    frame[mapping.lat] if mapping.lat else pd.Series([""] * n),
                    "no coordinates and no place name: the row cannot be placed",
                )
            )
    out = frame.copy()
    out["_lat"], out["_lon"] = lat, lon
    if mapping.date:
        reading = read_days(frame[mapping.date], mapping.date, order)
        text = frame[mapping.date]
        found.append(_problems(reading.misread, mapping.date, text, reading.problem))
        found.append(_problems(reading.bad & ~reading.misread, mapping.date, text, BAD_DATE))
        if reading.warning and warnings is not None:
            warnings.append(reading.warning)
        days = reading.days.copy()
        early_late = ~np.isnat(days) & ((days < FIRST_DAY) | (days > LAST_DAY))
        found.append(_problems(early_late, mapping.date, text,
                               "is outside 1800-2100; check the year"))  # fmt: skip
        days[early_late] = np.datetime64("NaT")
        out["_day"] = days
    else:
        out["_day"] = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    out["_type"] = frame[mapping.type].str.strip() if mapping.type else ""
    if mapping.fatalities:
        text = frame[mapping.fatalities].str.strip()
        num = pd.to_numeric(text, errors="coerce")
        bad = (text.ne("") & (num.isna() | (num < 0) | (num % 1 != 0))).to_numpy()
        found.append(_problems(bad, mapping.fatalities, text, "is not a whole number of 0 or more"))
    problems = pd.concat([p for p in found if len(p)] or [_empty_problems()], ignore_index=True)
    problems = problems.sort_values(["row", "field"], kind="stable", ignore_index=True)
    return out, problems


def _empty_problems() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in PROBLEM_COLUMNS})


def read_table(
    source: str | os.PathLike[str] | pd.DataFrame,
    *,
    mapping: ColumnMap | None = None,
    geocoder: Geocoder | None = None,
    geocode: bool = True,
    keep: Callable[[list[str], ColumnMap], list[str]] | None = None,
    options: ReadOptions | None = None,
) -> IncidentTable:
    """Read, map, validate and place an incident table; see the module docstring.

    ``source`` is a file (.csv, .tsv, .xlsx, .ods, .geojson, .gpkg, .parquet) or a table in
    memory: a pandas DataFrame (coordinates or place names in its columns) or a GeoDataFrame
    (its geometry). ``mapping`` fixes roles the column names do not tell (the rest are
    detected); ``options`` the separator, encoding, sheet and date order (else detected),
    the size limit (``max_rows``) and a GIS file's coordinate system (``crs``);
    ``geocoder(name, country) -> (lat, lon)`` replaces the offline gazetteer (tests).
    ``keep(columns, mapping) -> names``: the columns to keep besides those the mapping uses
    (a million-row export need not bring its 31 columns into memory); ``None`` keeps all.

    >>> df = pd.DataFrame({"lat": ["50.45"], "lon": ["30.52"], "event_date": ["2024-03-02"]})
    >>> read_table(df).frame[["_lat", "_lon"]].to_numpy().tolist()
    [[50.45, 30.52]]
    """
    options = options or ReadOptions()
    if isinstance(source, pd.DataFrame):
        import geopandas as gpd

        if isinstance(source, gpd.GeoDataFrame):
            frame, xy = _geo_frame(source)
        else:
            frame, xy = _as_text(source.reset_index(drop=True)), None
        if keep is not None:
            header = [str(c) for c in frame.columns]
            found = detect_mapping(header, mapping, has_geometry=xy is not None)
            wanted = set(keep(header, found)) | {getattr(found, f.name) for f in fields(found)}
            frame = frame[[c for c in header if c in wanted]]
        read, name = Frame(frame, xy), "<DataFrame>"
    else:
        chooser = None
        if keep is not None:

            def chooser(header: list[str]) -> list[str]:
                try:
                    found = detect_mapping(header, mapping, has_geometry=True)
                except InputError:
                    return header  # read it all: the full read reports the problem
                roles = [getattr(found, f.name) for f in fields(found)]
                # "record" tells incidents from mentions in geoparse's output: always read
                wanted = set(keep(header, found)) | {r for r in roles if r} | {"record"}
                return [c for c in header if c in wanted]

        read = read_frame(source, options, chooser)
        name = str(source)
    frame, xy = _incident_records(read.frame, read.xy)
    if xy is not None and not frame.columns.size:
        frame = pd.DataFrame(index=range(len(xy)))
    try:
        mapping = detect_mapping(list(frame.columns), mapping, has_geometry=xy is not None)
    except InputError as e:
        raise replace(e, file=name) from None
    warnings: list[str] = []
    frame, said = cap_names(frame)  # a 50 MB cell or column name must not become a 50 MB page
    warnings += said
    frame, cut = cap_cells(frame)
    out, problems = validate(
        frame,
        mapping,
        geometry_xy=xy,
        geocoder=geocoder,
        geocode=geocode,
        order=options.order,
        warnings=warnings,
    )
    if len(cut):
        problems = pd.concat([problems, cut], ignore_index=True).sort_values(
            ["row", "field"], kind="stable", ignore_index=True
        )
    # The file's own line of each row (a quoted cell may span lines): counted only when
    # there is a problem to point at. A geoparse output's incident rows are not its lines.
    problems["line"] = pd.NA
    if len(problems) and read.lines is not None and len(frame) == len(read.frame):
        lines = read.lines()
        if len(lines) == len(frame):
            problems["line"] = lines[problems["row"].to_numpy(dtype=int) - 1]
    return IncidentTable(
        out,
        mapping,
        problems[PROBLEM_COLUMNS],
        source=name,
        notes=read.notes,
        warnings=tuple(warnings),
    )
