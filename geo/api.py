"""The verbs of ``geo``: geocode, geoparse, extract, load, resolve, read and measure.

Each takes what a user has at hand: a file, or the object in memory (article text, a
``Story``, a pandas DataFrame or GeoDataFrame of incidents). The stages behind them live in
the rooms ``geo.places``, ``geo.text``, ``geo.story``, ``geo.geometry`` and ``geo.tables``;
``import geo`` loads none of them until a verb is called.

>>> import geo
>>> geo.geocode("Bryansk", country="RU")[0].place.name
'Bryansk'
>>> round(geo.distance("Moscow", "border:UA").km)
453
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from geo.places.gazetteer import Candidate
    from geo.places.place import Place
    from geo.story.model import Story
    from geo.story.resolved import ResolvedStory
    from geo.tables.reader import IncidentTable
    from geo.text.mentions import Mention

__all__ = [
    "Measure",
    "distance",
    "extract",
    "geocode",
    "geoparse",
    "load_story",
    "read_table",
    "resolve_story",
]


def geocode(
    name: str,
    *,
    country: str | None = None,
    near: tuple[float, float] | None = None,
    limit: int = 10,
) -> list[Candidate]:
    """Ranked offline candidates for a place name (GeoNames, Natural Earth, landmarks).

    >>> [c.place.admin1 for c in geocode("Moscow", country="US", limit=1)]
    ['Idaho']
    """
    from geo.places.gazetteer import geocode as lookup

    return lookup(name, country=country, near=near, limit=limit)


def geoparse(text: str, **options: Any) -> list[Mention]:
    """Toponyms found in ``text`` and placed offline, in text order.

    >>> [m.text for m in geoparse("Drones fell on Moscow and Bryansk.")]
    ['Moscow', 'Bryansk']
    """
    from geo.text.geoparse import geoparse as parse

    return parse(text, **options)


def extract(
    article: str | os.PathLike[str],
    *,
    article_date: date | None = None,
    title: str | None = None,
    source_name: str | None = None,
    source_url: str | None = None,
) -> Story:
    """A draft story from an article: its text as a ``str``, or a ``Path`` to a text file.

    >>> from geo.resources import data_path
    >>> s = extract(data_path("stories/kremlin-2023-05-03.txt"), article_date=date(2023, 5, 3))
    >>> any(d.end == "border:UA" for d in s.distances)
    True
    """
    from geo.text.extract import extract as draft

    if isinstance(article, os.PathLike):
        from geo.files.textfile import read_text

        article = read_text(Path(article), what="article")
    return draft(
        article,
        article_date=article_date,
        title=title,
        source_name=source_name,
        source_url=source_url,
    )


def load_story(source: str | os.PathLike[str] | Story | Mapping[str, Any]) -> Story:
    """A checked ``Story`` from a story file, its YAML text, a mapping shaped like one, or a
    ``Story``. A ``str`` holding a line break is YAML text; a ``Path`` is always a file.

    >>> load_story({"title": "Drones over Moscow", "date": "2023-05-03"}).date.isoformat()
    '2023-05-03'
    >>> load_story("title: Drones over Moscow\\nplaces: []\\n").title
    'Drones over Moscow'
    """
    from geo.story.model import Story

    if isinstance(source, Story):
        return source
    if isinstance(source, str) and "\n" in source:
        from geo.story.read import parse_story

        return parse_story(source, "<text>")
    if isinstance(source, Mapping):
        import yaml

        from geo.story.read import parse_story

        return parse_story(yaml.safe_dump(dict(source), sort_keys=False), "<dict>")
    from geo.story.read import load_story as load

    return load(source)


def resolve_story(source: str | os.PathLike[str] | Story | Mapping[str, Any]) -> ResolvedStory:
    """A story placed and measured: GeoDataFrames of places, incidents, distances, rings.

    >>> from geo.resources import data_path
    >>> r = resolve_story(data_path("stories/kremlin-2023-05-03.yaml"))
    >>> sorted(round(km) for km in r.distances["km"])
    [349, 453]
    """
    from geo.story.resolve import resolve_story as resolve

    return resolve(load_story(source))


def read_table(
    source: str | os.PathLike[str] | pd.DataFrame,
    *,
    columns: str | None = None,
    dates: str | None = None,
    sep: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> IncidentTable:
    """An incident table read, validated and placed: a file (CSV, TSV, Excel, ODS, GIS
    files), a DataFrame or a GeoDataFrame.

    ``columns`` says which column plays which role when the names do not tell
    (``"lat=y,lon=x,date=day"``); ``dates`` reads numeric dates ``"dayfirst"`` or
    ``"monthfirst"`` (else the values decide, see ``geo.tables.days``); ``sep``,
    ``encoding`` and ``sheet`` override what is detected in a file.

    >>> import pandas as pd
    >>> t = read_table(pd.DataFrame({"y": ["50.45"], "x": ["30.52"]}), columns="lat=y,lon=x")
    >>> int(t.placed.sum())
    1
    >>> t
    <IncidentTable <DataFrame>: 1 row, 1 placed, 0 problems>
    """
    from geo.errors import InputError
    from geo.tables.reader import ColumnMap, ReadOptions
    from geo.tables.reader import read_table as read

    if dates not in (None, "dayfirst", "monthfirst"):
        raise InputError(
            f"unknown date order {dates!r}", field="dates", hint="use 'dayfirst' or 'monthfirst'"
        )
    options = ReadOptions(sep=sep, encoding=encoding, sheet=sheet, order=dates)  # type: ignore[arg-type]
    return read(source, mapping=ColumnMap.parse(columns) if columns else None, options=options)


@dataclass(frozen=True)
class Measure:
    """A geodesic distance from one place to another place or to a country's border."""

    km: float
    start: Place
    end: str  # the end's label
    nearest: tuple[float, float] | None = None  # the border's nearest point (lat, lon)
    warnings: tuple[str, ...] = ()  # what the lookups were unsure of

    @property
    def miles(self) -> float:
        from geo.geometry.distances import km_to_miles

        return km_to_miles(self.km)


def distance(a: str, b: str, *, view: str = "recognised") -> Measure:
    """Geodesic distance (WGS84) from place ``a`` to place ``b``, or to ``border:XX``.

    Both are names (looked up offline), landmark names or ``"lat,lon"``.

    >>> round(distance("Moscow Kremlin", "Bryansk").km)
    349
    """
    from geo.geometry import distances
    from geo.story.model import Story
    from geo.story.resolve import Resolver, Where

    resolver = Resolver(Story(title="", view=view))  # type: ignore[arg-type]
    pa = resolver.place(a, Where(None, None, "A"))
    if b.lower().startswith("border:"):
        iso = b.split(":", 1)[1].upper()
        near = distances.distance_to_border(pa.lat, pa.lon, iso, view=view)
        return Measure(near.km, pa, b, (near.lat, near.lon), tuple(resolver.warnings))
    pb = resolver.place(b, Where(None, None, "B"))
    km = float(distances.geodesic_km(pa.lat, pa.lon, pb.lat, pb.lon))
    return Measure(km, pa, pb.label, None, tuple(resolver.warnings))
