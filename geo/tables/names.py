"""Place names in a table's location column, geocoded once per distinct (name, country).

>>> lat, lon, why = geocode_names(pd.Series(["Kyiv", "Kyiv"]), None,
...                               lambda name, country: (50.45, 30.52))
>>> lat.tolist(), why.tolist()
([50.45, 50.45], ['', ''])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from geo.errors import InputError, PlaceNotFound

__all__ = ["Geocoder", "geocode_names"]

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
