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

from geo.errors import InputError, PlaceNotFound
from geo.files.textfile import check_input

TABLE_SUFFIXES = (".csv", ".geojson", ".json", ".gpkg", ".parquet", ".geoparquet")
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


def _read_geo(path: Path) -> tuple[pd.DataFrame, np.ndarray | None]:
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
    return _geo_frame(gdf)


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


def _read_csv(path: Path, usecols: Callable[[list[str]], list[str]] | None = None) -> pd.DataFrame:
    # Every cell as text, blanks as "". pyarrow's reader is threaded (3x faster at 1e5 rows).
    try:
        import pyarrow  # noqa: F401

        engine = "pyarrow"
    except ImportError:
        engine = "c"
    if usecols is not None and engine == "pyarrow":  # the header, then the wanted columns
        header = pd.read_csv(path, dtype=str, nrows=0, encoding="utf-8-sig")
        return _read_csv_columns(path, usecols([str(c) for c in header.columns]))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", engine=engine)
    if usecols is not None:
        frame = frame[usecols([str(c) for c in frame.columns])]
    return frame.fillna("")


def _read_csv_columns(path: Path, chosen: list[str]) -> pd.DataFrame:
    """Only ``chosen`` columns, as text, read block by block with pyarrow's streaming
    reader: the other columns are never kept and the file is never whole in memory (pandas'
    reader holds it all: 100 MB more at 100,000 ACLED rows)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    convert = pacsv.ConvertOptions(
        include_columns=chosen,
        column_types=dict.fromkeys(chosen, pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    # Small blocks, one thread: the parse buffers of the unread columns stay small.
    options = pacsv.ReadOptions(block_size=1 << 20, use_threads=False)
    with pacsv.open_csv(path, read_options=options,
                        convert_options=convert) as stream:  # fmt: skip
        table = stream.read_all()
    text = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' own text type
    return table.to_pandas(types_mapper={pa.string(): text}.get).fillna("")


def read_frame(
    path: str | os.PathLike[str], usecols: Callable[[list[str]], list[str]] | None = None
) -> tuple[pd.DataFrame, np.ndarray | None, bool]:
    """``(text frame, lon/lat of geometries or None, is_csv)``; ``InputError`` if unreadable.

    ``usecols(header) -> names`` picks the columns to read (CSV: the others are never
    parsed; other formats: dropped once read)."""
    p = Path(path)
    suffix = check_input(
        p, TABLE_SUFFIXES, "an incident table", "use .csv, .geojson, .gpkg or .parquet"
    )
    try:
        if suffix == ".csv":
            frame = _read_csv(p, usecols)
            return frame.fillna(""), None, True
        frame, xy = _read_geo(p)
        if usecols is not None:
            chosen = set(usecols([str(c) for c in frame.columns]))
            frame = frame[[c for c in frame.columns if c in chosen]]
        return frame, xy, False
    except InputError:
        raise
    except (ValueError, OSError, UnicodeDecodeError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise InputError(
            f"cannot read the table: {first}",
            file=str(p),
            hint="check that it is a UTF-8 CSV with a header line, or a valid GIS file",
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


def parse_days(text: pd.Series) -> np.ndarray:
    """Dates as ``datetime64[s]`` (day precision), NaT where blank or unreadable.

    ISO dates (ACLED's ``2024-05-03``) parse in one vectorised pass; the rest (``03 May
    2024``, ``3/5/2024`` read day first) go through pandas' mixed-format parser.

    >>> parse_days(pd.Series(["2024-05-03", "4 May 2024", "x"])).astype(str).tolist()
    ['2024-05-03T00:00:00', '2024-05-04T00:00:00', 'NaT']
    """
    stripped = text.str.strip()
    days = pd.to_datetime(stripped, format="ISO8601", errors="coerce")
    rest = days.isna() & stripped.ne("")
    if rest.any():
        days[rest] = pd.to_datetime(stripped[rest], format="mixed", dayfirst=True, errors="coerce")
    return days.dt.floor("D").to_numpy(dtype="datetime64[s]")


Geocoder = Callable[[str, str | None], tuple[float, float]]


def _gazetteer_geocoder() -> Geocoder:
    from geo.places.gazetteer import default_gazetteer

    gaz = default_gazetteer()

    def place(name: str, country: str | None) -> tuple[float, float]:
        try:
            best = gaz.geocode(name, country=country, limit=1)[0]
        except PlaceNotFound:
            raise
        except InputError:  # an unknown country hint: geocode without it
            best = gaz.geocode(name, limit=1)[0]
        return best.place.lat, best.place.lon

    return place


def geocode_names(
    names: pd.Series, countries: pd.Series | None, geocoder: Geocoder | None = None
) -> tuple[np.ndarray, np.ndarray, pd.Series]:
    """(lat, lon, problem) per row: each distinct (name, country) is geocoded once.

    ``problem`` is "" for placed rows and the gazetteer's message (with suggestions) otherwise.
    """
    keys = pd.DataFrame(
        {
            "name": names.str.strip(),
            "country": countries.str.strip() if countries is not None else "",
        }
    )
    distinct = keys.drop_duplicates(ignore_index=True)
    lat = np.full(len(distinct), np.nan)
    lon = np.full(len(distinct), np.nan)
    why = np.full(len(distinct), "", dtype=object)
    # One gazetteer query per distinct name (hundreds, not the table's rows).
    for i, (name, country) in enumerate(distinct.itertuples(index=False, name=None)):
        if not name:
            why[i] = "is empty and the row has no coordinates"
            continue
        geocoder = geocoder or _gazetteer_geocoder()  # opened only when a name needs it
        try:
            lat[i], lon[i] = geocoder(name, country or None)
        except PlaceNotFound as e:
            why[i] = e.message + (
                f"; did you mean: {', '.join(e.suggestions)}?" if e.suggestions else ""
            )
    distinct["_lat"], distinct["_lon"], distinct["_why"] = lat, lon, why
    joined = keys.merge(distinct, on=["name", "country"], how="left", sort=False)
    return joined["_lat"].to_numpy(), joined["_lon"].to_numpy(), joined["_why"]


def validate(
    frame: pd.DataFrame,
    mapping: ColumnMap,
    *,
    geometry_xy: np.ndarray | None = None,
    geocoder: Geocoder | None = None,
    geocode: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(frame with _lat _lon _day _type, problems)``; vectorised, rows never dropped."""
    n = len(frame)
    found: list[pd.DataFrame] = []
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    if geometry_xy is not None:
        lon, lat = geometry_xy[:, 0].copy(), geometry_xy[:, 1].copy()
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
        days = parse_days(frame[mapping.date])
        bad = np.isnat(days) & frame[mapping.date].str.strip().ne("").to_numpy()
        found.append(
            _problems(bad, mapping.date, frame[mapping.date], "is not a date; write 2024-05-03")
        )
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
) -> IncidentTable:
    """Read, map, validate and place an incident table; see the module docstring.

    ``source`` is a file (.csv, .geojson, .gpkg, .parquet) or a table in memory: a pandas
    DataFrame (coordinates or place names in its columns) or a GeoDataFrame (its geometry).
    ``mapping`` fixes roles the column names do not tell (the rest are detected);
    ``geocoder(name, country) -> (lat, lon)`` replaces the offline gazetteer (tests).
    ``keep(columns, mapping) -> names``: the columns to keep besides those the mapping uses
    (a million-row export need not bring its 31 columns into memory); ``None`` keeps all.

    >>> df = pd.DataFrame({"lat": ["50.45"], "lon": ["30.52"], "event_date": ["2024-03-02"]})
    >>> read_table(df).frame[["_lat", "_lon"]].to_numpy().tolist()
    [[50.45, 30.52]]
    """
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
        name, is_csv = "<DataFrame>", False
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

        frame, xy, is_csv = read_frame(source, chooser)
        name = str(source)
    frame, xy = _incident_records(frame, xy)
    if xy is not None and not frame.columns.size:
        frame = pd.DataFrame(index=range(len(xy)))
    try:
        mapping = detect_mapping(list(frame.columns), mapping, has_geometry=xy is not None)
    except InputError as e:
        raise replace(e, file=name) from None
    out, problems = validate(frame, mapping, geometry_xy=xy, geocoder=geocoder, geocode=geocode)
    # CSV: line = data row + the header line (no multi-line cells assumed); else no line.
    problems["line"] = problems["row"] + 1 if is_csv else pd.NA
    return IncidentTable(out, mapping, problems[PROBLEM_COLUMNS], source=name)


# ----------------------------------------------------------------------------- reporting


def problems_text(table: IncidentTable, limit: int = 20) -> str:
    """A short human report: how many rows were read, placed, and the first problems.

    >>> print(problems_text(t))                                        # doctest: +SKIP
    acled.csv: 100000 rows, 99998 placed, 2 not placed, 3 problems
    acled.csv:5: latitude: '91.2' is outside -90..90 degrees
    """
    n = len(table.frame)
    placed = int(table.placed.sum())
    head = (
        f"{table.source}: {n} rows, {placed} placed, {n - placed} not placed, "
        f"{len(table.problems)} problems"
    )
    lines = [head]
    for r in table.problems.head(limit).itertuples(index=False):
        where = f":{r.line}" if not pd.isna(r.line) else f" row {r.row}"
        lines.append(f"{table.source}{where}: {r.field}: {r.value!r} {r.problem}")
    if len(table.problems) > limit:
        lines.append(f"... and {len(table.problems) - limit} more (write them all with --report)")
    return "\n".join(lines)


def write_problems(
    table: IncidentTable, path: str | os.PathLike[str], *, force: bool = False
) -> Path:
    """Every problem as CSV (row, line, field, value, problem), for the desk to fix.

    Written atomically; an existing file is replaced only with ``force``.
    """
    from geo.files.atomic import write_atomic

    return write_atomic(path, table.problems.to_csv(index=False), force=force)
