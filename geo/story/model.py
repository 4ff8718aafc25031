"""The story: what a journalist reviews before rendering, as frozen dataclasses.

A story names places and incidents by reference; nothing here is geocoded yet. Reading and
writing the YAML file lives in ``geo.story.read``; turning references into coordinates lives
in ``geo.story.resolve``.

Endpoint references (``Incident.place``, ``Distance.start``/``end``, ``Ring.around``) are
strings in one grammar:

- an id from the story's ``places`` list (``kremlin``),
- a gazetteer name (``Bryansk``; ``Moscow, RU`` narrows to a country),
- ``border:UA``: the nearest point of that country's border (distances only),
- ``55.7520,37.6175``: a latitude, longitude pair in decimal degrees,
- ``unfixed:the front line``: an end with no fixed point (distances only): the claim is kept
  for the record, is not drawn and cannot be checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from geo.story.vocabulary import INCIDENT_TYPES, LEGACY_TYPES, LEGACY_UNITS, event_type_of

# ACLED's sub-event types (``geo.story.vocabulary``): keys are what a story file says in
# ``type:``; the map colours each event type and gives each sub-event type its own icon.
__all__ = [
    "INCIDENT_TYPES",
    "Distance",
    "Incident",
    "PlaceSpec",
    "Ring",
    "Source",
    "Story",
    "event_type_of",
]

Status = Literal["claimed", "confirmed", "reported"]
View = Literal["recognised", "de-facto"]
Units = Literal["km", "mi"]


@dataclass(frozen=True, slots=True)
class Source:
    """Who said it. ``url`` is http(s) only."""

    id: str
    name: str
    url: str | None = None
    # where it stands in the story file, for error messages; not part of equality
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class PlaceSpec:
    """A place the story names. Coordinates given here win over the gazetteer."""

    id: str
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO alpha-2 hint for the gazetteer
    kind: str | None = None  # landmark, city, region, country
    note: str | None = None
    line: int | None = field(default=None, compare=False)
    region: str | None = None  # first-level region (a US state...): "Idaho", "TX"


@dataclass(frozen=True, slots=True)
class Incident:
    """One event: what, where, when, how many, who said it, how many killed and injured.

    ``killed``/``injured`` are ACLED's fatalities and the injured, apart from ``count`` (the
    drones or missiles): ``*_at_least`` for "at least 44", "more than 70"; ``*_vague`` for
    "dozens", "a dozen", "hundreds" (then the figure is the least the words say).
    """

    id: str
    type: str  # a key of INCIDENT_TYPES: an ACLED sub-event type
    summary: str
    place: str  # endpoint reference (place id, gazetteer name or "lat,lon")
    date_start: date | None = None
    date_end: date | None = None  # None for a single day
    count: int | None = None  # how many drones, trains, ...
    unit: str | None = None  # what ``count`` counts, plural: "drones"; else the type's noun
    source: str | None = None  # a Source id
    status: Status = "reported"
    precision: str | None = None  # overrides the place's own precision class
    sentence: str | None = None  # the text it was extracted from, for review
    killed: int | None = None
    injured: int | None = None
    killed_at_least: bool = False
    injured_at_least: bool = False
    killed_vague: bool = False
    injured_vague: bool = False
    event_type: str | None = None  # only where it is not the sub-event type's own
    line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # A type of the older vocabulary ("drone-strike") becomes ACLED's, so a story built
        # in code equals the same story read back from its file.
        if self.type in LEGACY_TYPES and self.type != "other":
            kind, event = LEGACY_TYPES[self.type]
            if self.count is not None and self.unit is None:
                object.__setattr__(self, "unit", LEGACY_UNITS[self.type])
            object.__setattr__(self, "type", kind)
            if self.event_type is None and event is not None:
                object.__setattr__(self, "event_type", event)

    @property
    def event(self) -> str:
        """ACLED's event type: ``Incident("a", "armed_clash", "", "x").event == "battles"``."""
        return event_type_of(self.type, self.event_type)


@dataclass(frozen=True, slots=True)
class Distance:
    """A geodesic line to draw and, when the text claims a figure, to check.

    ``qualifier`` says how the text bounds its figure (a key of
    ``geo.geometry.distances.QUALIFIERS``: "about", "more_than", "less_than"...; None reads as
    "about"); ``claimed`` is the figure in its own unit as the text gives it ("68 nautical
    miles"); ``direction`` the compass point the text names ("south-east": where ``start``
    lies seen from ``end``). ``category`` "uncheckable" keeps a claim unchecked (``note``
    says why); any other value is measured again when the story is resolved.

    >>> Distance("d", "kremlin", "border:UA", claimed_km=500, qualifier="more_than").qualifier
    'more_than'
    """

    id: str
    start: str  # endpoint reference
    end: str  # endpoint reference, may be ``border:XX`` or ``unfixed:...``
    claimed_km: float | None = None
    label: str | None = None
    sentence: str | None = None
    qualifier: str | None = None
    claimed: str | None = None
    direction: str | None = None
    category: str | None = None
    note: str | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Ring:
    """A true geodesic circle of ``radius_km`` around a place."""

    id: str
    around: str  # endpoint reference
    radius_km: float
    label: str | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Story:
    """Everything a map needs, as the journalist reviewed it."""

    title: str
    dek: str = ""  # the caption under the title
    date: date | None = None
    credit: str = ""  # "Map: Newsroom name"; sources are credited separately
    view: View = "recognised"
    sources: tuple[Source, ...] = ()
    places: tuple[PlaceSpec, ...] = ()
    incidents: tuple[Incident, ...] = ()
    distances: tuple[Distance, ...] = ()
    rings: tuple[Ring, ...] = ()
    path: str | None = field(default=None, compare=False)  # file it was read from
    units: Units | None = None  # what the labels on the map say; None: km
    show_title: bool = True  # False: the article around an embed has the headline and dek
    areas: str | None = None  # GeoJSON of dated controlled areas, as written (see areas_path)

    def areas_path(self) -> Path | None:
        """The ``areas`` file: relative to the story file's folder (to the working folder for
        a story not read from a file).

        >>> Story("t", areas="lines.geojson", path="/news/kremlin.yaml").areas_path()
        PosixPath('/news/lines.geojson')
        """
        if self.areas is None:
            return None
        given = Path(self.areas).expanduser()
        return given if given.is_absolute() or not self.path else Path(self.path).parent / given

    def __repr__(self) -> str:
        """One line, not every field of every item (a notebook shows it as the cell's value).

        >>> Story("Drones over Moscow", places=(PlaceSpec("m", "Moscow"),))
        <Story 'Drones over Moscow': 1 place, 0 incidents, 0 distances, 0 rings>
        """
        when = f" {self.date.isoformat()}" if self.date else ""
        return f"<Story {self.title!r}{when}: {_counts(self)}>"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _counts(story: Story) -> str:
    """ "4 places, 2 incidents, 2 distances, 0 rings"."""
    return ", ".join(
        _count(len(items), word)
        for items, word in (
            (story.places, "place"),
            (story.incidents, "incident"),
            (story.distances, "distance"),
            (story.rings, "ring"),
        )
    )
