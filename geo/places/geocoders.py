"""Geocoders behind one interface: the offline gazetteer, or any geopy geocoder (online).

geopy-style: one class per service, each with ``geocode(query, *, country, near, limit)``
returning ranked :class:`geo.places.gazetteer.Candidate` objects. geopy is imported lazily, so
the offline path never needs it (``pip install incident-map[online]`` for the rest).

>>> OfflineGeocoder().geocode("Kremlin")[0].place.source
'landmarks'
"""

from __future__ import annotations

import math
from typing import Any, Protocol, runtime_checkable

from geo.errors import PlaceNotFound
from geo.places.gazetteer import Candidate, Gazetteer, default_gazetteer
from geo.places.place import Place

__all__ = ["Geocoder", "GeopyGeocoder", "OfflineGeocoder"]


@runtime_checkable
class Geocoder(Protocol):
    """Anything that turns a place name into ranked candidates."""

    def geocode(
        self,
        query: str,
        *,
        country: str | None = None,
        near: tuple[float, float] | None = None,
        limit: int = 10,
    ) -> list[Candidate]: ...


class OfflineGeocoder:
    """The bundled gazetteer (GeoNames + Natural Earth + landmarks), no network."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    def geocode(
        self,
        query: str,
        *,
        country: str | None = None,
        near: tuple[float, float] | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        gz = self._gazetteer or default_gazetteer()
        return gz.geocode(query, country=country, near=near, limit=limit)


class GeopyGeocoder:
    """Adapts a geopy geocoder instance (Nominatim, Photon, ...) to :class:`Geocoder`.

    The caller builds the geopy object (user agent, API key, rate limiting are theirs)::

        from geopy.geocoders import Nominatim
        coder = GeopyGeocoder(Nominatim(user_agent="incident-map"))

    Results keep geopy's order; ``score`` is ``limit - rank`` so earlier is better.
    ``country`` is passed as ``country_codes`` when the service takes it (Nominatim).
    """

    def __init__(self, geocoder: Any, source: str | None = None) -> None:
        self._geocoder = geocoder
        self.source = source or f"geopy:{type(geocoder).__name__}"

    def geocode(
        self,
        query: str,
        *,
        country: str | None = None,
        near: tuple[float, float] | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        kwargs: dict[str, Any] = {"exactly_one": False}
        try:
            import inspect

            params = inspect.signature(self._geocoder.geocode).parameters
        except (TypeError, ValueError):  # builtins or C callables: pass only the basics
            params = {}
        if "limit" in params:
            kwargs["limit"] = limit
        if country and "country_codes" in params:
            kwargs["country_codes"] = country.lower()
        found = self._geocoder.geocode(query, **kwargs) or []
        if not isinstance(found, list):
            found = [found]
        out = [
            Candidate(self._place(loc, country), float(limit - i), query, "geopy")
            for i, loc in enumerate(found[:limit])
        ]
        if near is not None:
            # geopy services do not rank by distance: re-rank, nearest first.
            out.sort(key=lambda c: _km(near, (c.place.lat, c.place.lon)))
            out = [
                Candidate(c.place, float(limit - i), c.matched, c.how) for i, c in enumerate(out)
            ]
        if not out:
            raise PlaceNotFound(
                f"{self.source} found no place called {query!r}",
                field="place",
                hint="check the spelling or give coordinates as 'lat,lon'",
            )
        return out

    def _place(self, loc: Any, country: str | None) -> Place:
        raw = getattr(loc, "raw", {}) or {}
        address = raw.get("address", {}) if isinstance(raw, dict) else {}
        code = (address.get("country_code") or country or "").upper() or None
        name = str(getattr(loc, "address", "") or "").split(",")[0].strip() or "?"
        ident = (raw.get("osm_id") or raw.get("place_id") or "") if isinstance(raw, dict) else ""
        return Place(
            name,
            float(loc.latitude),
            float(loc.longitude),
            code,
            "point",
            source="geopy",
            source_id=f"{self.source}:{ident}",
            country_name=address.get("country"),
        )


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dl = math.radians(b[1] - a[1])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))
