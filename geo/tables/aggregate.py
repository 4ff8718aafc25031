"""Aggregates of a geoparsed corpus (:mod:`geo.tables.corpus` rows) for the scale renderer.

Every function is vectorised (pandas group-bys,
:func:`geo.geometry.distances.distances_to_border_km`) and works on one partition as well
as on the whole: counts of partitions add up, so the Dask engine maps
:func:`incidents_per_place` / :func:`incidents_per_day` over partitions and sums the parts
with :func:`combine`; :func:`border_km` is row-wise.

>>> rows = pd.DataFrame({"record": ["incident", "incident", "mention"],
...     "place": ["Moscow", "Moscow", "Kyiv"], "country": ["RU", "RU", "UA"],
...     "precision": ["city"] * 3, "lat": [55.75, 55.75, 50.45], "lon": [37.62, 37.62, 30.52],
...     "count": pd.array([2, None, None], dtype="Int64"),
...     "date": pd.to_datetime(["2023-05-03", "2023-05-04", None])})
>>> incidents_per_place(rows)[["place", "incidents", "count"]].values.tolist()
[['Moscow', 2, 2]]
>>> incidents_per_day(rows)["incidents"].tolist()
[1, 1]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["PLACE_KEYS", "border_km", "combine", "incidents_per_day", "incidents_per_place"]

PLACE_KEYS = ["place", "country", "precision", "lat", "lon"]


def _incidents(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[(frame["record"] == "incident").to_numpy(bool)]


def incidents_per_place(frame: pd.DataFrame) -> pd.DataFrame:
    """Incidents per place: ``PLACE_KEYS`` + ``incidents`` (rows) + ``count`` (summed counts),
    most incidents first; unplaced incidents are left out."""
    inc = _incidents(frame)
    inc = inc[inc["lat"].notna().to_numpy(bool)]
    out = (
        inc.assign(incidents=1, count=inc["count"].astype("Int64").fillna(0))
        .groupby(PLACE_KEYS, dropna=False, sort=False)[["incidents", "count"]]
        .sum()
        .reset_index()
    )
    return _order_places(out)


def incidents_per_day(frame: pd.DataFrame) -> pd.DataFrame:
    """Incidents per day (their first day): ``date``, ``incidents``; undated ones left out."""
    inc = _incidents(frame)
    day = pd.to_datetime(inc["date"]).dt.normalize()
    out = day[day.notna()].value_counts().rename("incidents").rename_axis("date").reset_index()
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def combine(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Per-partition results of one of the two functions above, added up.

    >>> a = pd.DataFrame({"date": pd.to_datetime(["2023-05-03"]), "incidents": [1]})
    >>> combine([a, a])["incidents"].tolist()
    [2]
    """
    parts = [p for p in parts if len(p)] or parts[:1]
    if not parts:
        return pd.DataFrame()
    whole = pd.concat(parts, ignore_index=True)
    keys = ["date"] if "date" in whole.columns else PLACE_KEYS
    out = whole.groupby(keys, dropna=False, sort=False).sum(numeric_only=True).reset_index()
    if keys == ["date"]:
        return out.sort_values("date", kind="stable").reset_index(drop=True)
    return _order_places(out)


def _order_places(out: pd.DataFrame) -> pd.DataFrame:
    out = out.astype({"incidents": "int64", "count": "int64"})
    return out.sort_values(
        ["incidents", "place", "country", "lat", "lon"],
        ascending=[False, True, True, True, True],
        kind="stable",
    ).reset_index(drop=True)


def border_km(frame: pd.DataFrame, iso_a2: str, view: str = "recognised") -> pd.Series:
    """Geodesic km from each placed incident to ``iso_a2``'s border; NaN on other rows.

    >>> rows = pd.DataFrame({"record": ["incident", "mention"], "lat": [55.752, 55.752],
    ...                      "lon": [37.6175, 37.6175]})
    >>> border_km(rows, "UA").round().tolist()
    [453.0, nan]
    """
    from geo.geometry.distances import distances_to_border_km

    out = np.full(len(frame), np.nan)
    lat, lon = frame["lat"].to_numpy(float), frame["lon"].to_numpy(float)
    ok = (frame["record"] == "incident").to_numpy(bool) & ~np.isnan(lat) & ~np.isnan(lon)
    if ok.any():
        out[ok] = distances_to_border_km(lat[ok], lon[ok], iso_a2, view=view)
    return pd.Series(out, index=frame.index, name="border_km")
