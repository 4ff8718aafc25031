"""The ``Place``: one resolved location, whatever gazetteer it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["landmark", "city", "region", "country", "point"]
# "approximate": near a named place, or at an offset the text gives ("50 km west of Y").
Precision = Literal["point", "city", "region", "country", "approximate"]

# Radius of uncertainty that goes with each precision class, in metres. A landmark is
# known to a few hundred metres; a city's centre stands for anywhere in it; a region's
# or a country's label point stands for a large area.
UNCERTAINTY_M: dict[str, float] = {
    "point": 500.0,
    "city": 10_000.0,
    "region": 150_000.0,
    "country": 500_000.0,
    "approximate": 50_000.0,
}

PRECISION_OF_KIND: dict[str, Precision] = {
    "landmark": "point",
    "point": "point",
    "city": "city",
    "region": "region",
    "country": "country",
}


@dataclass(frozen=True, slots=True)
class Place:
    """A named location with where it came from and how precisely it is known.

    >>> p = Place("Moscow", 55.75222, 37.61556, "RU", "city", population=10_381_222,
    ...           source="geonames", source_id="524901")
    >>> p.precision, p.uncertainty_m
    ('city', 10000.0)
    """

    name: str
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-2, upper case
    kind: Kind
    population: int | None = None
    source: str = ""  # gazetteer: "geonames", "naturalearth", "landmarks", "story", "geopy"
    source_id: str = ""  # id within that gazetteer
    admin1: str | None = None  # first-level region name, where known
    country_name: str | None = None

    @property
    def precision(self) -> Precision:
        return PRECISION_OF_KIND[self.kind]

    @property
    def uncertainty_m(self) -> float:
        return UNCERTAINTY_M[self.precision]

    @property
    def label(self) -> str:
        """Human label with enough context to tell namesakes apart: 'Moscow, Idaho, US'."""
        parts = [self.name]
        if self.admin1 and self.admin1 != self.name:
            parts.append(self.admin1)
        if self.country and self.kind != "country":
            parts.append(self.country)
        return ", ".join(parts)
