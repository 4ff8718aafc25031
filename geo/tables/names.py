"""Place names in a table's location column, geocoded once per distinct (name, country).

Names are taken as people write them ("Odesa, Ukraine", "Moscow, Idaho", "Paris, TX"): the
gazetteer reads the qualifiers. A name whose likeliest places lie far apart with nearly the
same score ("Springfield") is not guessed: the row goes to the bad-rows report with the
candidates, so the desk writes "Springfield, Illinois" or adds a country column.

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

__all__ = ["AmbiguousName", "Geocoder", "geocode_names"]

# Two places more than 100 miles apart whose scores differ by less than half a point are two
# readings of the name, not a clear first: Springfield (Missouri 5.62, Massachusetts 5.59),
# Tripoli (Libya 6.06, Lebanon 5.68). Paris (France 6.17, Texas 5.20), Odesa (6.00, Texas
# 5.03) and Donetsk (Ukraine 5.98, Rostov 5.35) have a clear first. The story resolver warns
# at a whole point, but a story is reviewed place by place; a table's rows are not.
AMBIGUOUS_KM = 161.0
AMBIGUOUS_SCORE_GAP = 0.5
SHOWN_CANDIDATES = 4


class AmbiguousName(Exception):
    """A name with several likely places far apart; ``candidates`` are their labels."""

    def __init__(self, name: str, candidates: list[str], country: str | None = None) -> None:
        super().__init__(name)
        self.name = name
        self.candidates = candidates
        self.country = country  # the row's country hint, when it had one

    @property
    def message(self) -> str:
        """What the bad-rows report says.

        >>> AmbiguousName("Springfield", ["Springfield, Missouri, US",
        ...                               "Springfield, Illinois, US"]).message
        "is ambiguous: Springfield, Missouri, US or Springfield, Illinois, US; write e.g. 'Springfield, Missouri, US', or add a country column"
        """  # noqa: E501
        more = "" if self.country else ", or add a country column"
        return (
            f"is ambiguous: {' or '.join(self.candidates)}; write e.g. '{self.candidates[0]}'{more}"
        )


def _ambiguous(candidates) -> list[str]:
    """Labels of the readings that compete with the first (with it first); [] if it leads."""
    from geo.geometry.distances import geodesic_km

    best = candidates[0]
    rivals = [
        c
        for c in candidates[1:]
        if best.score - c.score < AMBIGUOUS_SCORE_GAP
        and geodesic_km(best.place.lat, best.place.lon, c.place.lat, c.place.lon) > AMBIGUOUS_KM
    ]
    if not rivals:
        return []
    labels: list[str] = []
    for c in [best, *rivals]:
        if c.place.label not in labels:
            labels.append(c.place.label)
    return labels[:SHOWN_CANDIDATES]


Geocoder = Callable[[str, str | None], tuple[float, float]]


def _gazetteer_geocoder(names: list[str] | None = None) -> Geocoder:
    """The offline gazetteer as a geocoder; the suggestions for those of ``names`` that
    have no exact match are worked out together, ahead (one index pass, not one each)."""
    from geo.places.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    if names:
        found = gaz.lookup_many(names)
        gaz.prepare_suggestions([n for n, rows in found.items() if not rows])

    def place(name: str, country: str | None) -> tuple[float, float]:
        # quick suggestions: a symmetric-deletion index, not a scan per miss (20,000
        # misspelt names in a table took minutes)
        try:
            found = gaz.geocode(name, country=country, limit=8, quick_suggestions=True)
        except PlaceNotFound:
            raise
        except InputError:  # an unknown country hint: geocode without it
            found = gaz.geocode(name, limit=8, quick_suggestions=True)
        if len(labels := _ambiguous(found)) > 1:
            raise AmbiguousName(name, labels, country)
        return found[0].place.lat, found[0].place.lon

    return place


def geocode_names(
    names: pd.Series, countries: pd.Series | None, geocoder: Geocoder | None = None
) -> tuple[np.ndarray, np.ndarray, pd.Series]:
    """(lat, lon, problem) per row: each distinct (name, country) is geocoded once.

    ``problem`` is "" for placed rows, else the gazetteer's message (with suggestions) or
    the candidates of an ambiguous name. ``geocoder`` may raise ``PlaceNotFound`` or
    ``AmbiguousName``.
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
        # opened only when a name needs it
        geocoder = geocoder or _gazetteer_geocoder(distinct["name"].tolist())
        try:
            lat[i], lon[i] = geocoder(name, country or None)
        except PlaceNotFound as e:
            why[i] = e.message + (
                f"; did you mean: {', '.join(e.suggestions)}?" if e.suggestions else ""
            )
        except AmbiguousName as e:
            why[i] = e.message
    distinct["_lat"], distinct["_lon"], distinct["_why"] = lat, lon, why
    joined = keys.merge(distinct, on=["name", "country"], how="left", sort=False)
    return joined["_lat"].to_numpy(), joined["_lon"].to_numpy(), joined["_why"]
