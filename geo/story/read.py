"""Read and check story files: the YAML a journalist edits by hand.

Every problem in a file is reported as an ``InputError`` naming the file, the 1-based line,
the field (``incidents[2].date``) and what to write instead. The ``line`` kept on each item is
where a later error about it should point: the ``- id:`` line for sources, places and
distances, the ``place:`` (or ``lat:``) line for incidents, the ``around:`` line for rings.

Place references are only checked for shape here (``border:XX``, ``lat,lon`` ranges);
resolving them needs the gazetteer and happens in ``geo.story.resolve``.

>>> s = parse_story("title: Drones over Moscow\\ndate: 2023-05-03\\n")
>>> s.title, s.date.isoformat()
('Drones over Moscow', '2023-05-03')
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import get_args
from urllib.parse import urlparse

from geo.errors import InputError
from geo.files.yamlfile import LineMap, count_items, join_path, read_yaml
from geo.geometry.distances import CATEGORIES, QUALIFIERS, compass_azimuth
from geo.places.place import Kind, Precision
from geo.story.fields import FieldReader, _closest
from geo.story.model import (
    INCIDENT_TYPES,
    Distance,
    Incident,
    PlaceSpec,
    Ring,
    Source,
    Story,
)
from geo.story.vocabulary import EVENT_TYPES, LEGACY_TYPES, canonical_type, event_type_of

__all__ = ["MAX_STORY_ITEMS", "load_story", "parse_story", "too_many_items"]

TOP_KEYS = (
    "title",
    "dek",
    "date",
    "credit",
    "view",
    "units",
    "show_title",
    "areas",
    "sources",
    "places",
    "incidents",
    "distances",
    "rings",
)
SOURCE_KEYS = ("id", "name", "url")
PLACE_KEYS = ("id", "name", "lat", "lon", "country", "region", "kind", "note")
INCIDENT_KEYS = (
    "id",
    "type",
    "date",
    "place",
    "lat",
    "lon",
    "precision",
    "count",
    "unit",
    "summary",
    "source",
    "status",
    "sentence",
    "killed",
    "killed_at_least",
    "killed_vague",
    "injured",
    "injured_at_least",
    "injured_vague",
    "event_type",
)
DISTANCE_KEYS = (
    "id",
    "from",
    "to",
    "claimed_km",
    "claimed",
    "qualifier",
    "direction",
    "category",
    "note",
    "label",
    "sentence",
)
RING_KEYS = ("id", "around", "radius_km", "label")
STATUSES = ("claimed", "confirmed", "reported")
VIEWS = ("recognised", "de-facto")
UNITS = ("km", "mi")
AREAS_SUFFIXES = (".geojson", ".json")
KINDS: tuple[str, ...] = get_args(Kind)
PRECISIONS: tuple[str, ...] = get_args(Precision)


# --- reading ------------------------------------------------------------------------------


def load_story(path: str | Path) -> Story:
    """Read and check a story file.

    >>> from geo.resources import data_path
    >>> load_story(data_path("stories/kremlin-2023-05-03.yaml")).incidents[0].count
    2
    """
    from geo.files.textfile import read_text

    name = str(path)
    text = read_text(path, "story file")
    # counted before the slow parse that keeps line numbers: a 2 MB story of 17,000 items
    # took 25 s to parse before it was refused for its size
    items = count_items(text, STORY_LISTS)
    if items is not None and items > MAX_STORY_ITEMS:
        raise too_many_items(items, name)
    return _Reader(name).story(read_yaml(text, name), name)


# A story is drawn as one marker, popup and text-version entry per item (~1.6 kB each of
# page): a 2 MB story of 23,823 incidents made a 38 MB page. Past this many items a story
# is too big to publish well; a table draws any number of rows as one compact layer.
MAX_STORY_ITEMS = 2_000
STORY_LISTS = frozenset({"places", "incidents", "distances", "rings"})


def too_many_items(items: int, name: str | None) -> InputError:
    """The error for a story of ``items`` places, incidents, distances and rings."""
    return InputError(
        f"the story has {items:,} places, incidents, distances and rings, over the "
        f"{MAX_STORY_ITEMS:,} a page can carry well (about {items * 1.6 / 1000:,.0f} MB)",
        file=name,
        hint="keep the story to what the article needs, or put the incidents in a "
        "table (CSV with lat,lon or place columns) and render that",
    )


def parse_story(text: str, filename: str = "<story>") -> Story:
    """Check story YAML given as text; ``filename`` only labels the error messages.

    >>> parse_story("titel: x", "a.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: a.yaml:1: titel: unknown key 'titel' (did you mean 'title'? ...)
    """
    return _parse(text, filename, path=None)


def _parse(text: str, name: str, path: str | None) -> Story:
    return _Reader(name).story(read_yaml(text, name), path)


def _is_web_address(url: str) -> bool:
    try:
        parts = urlparse(url)
    except ValueError:  # e.g. an unclosed "[" read as an IPv6 host
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class _Reader(FieldReader):
    """Turns the checked mapping tree into a Story; the first problem raises InputError."""

    def story(self, top: LineMap, path: str | None) -> Story:
        self.keys(top, TOP_KEYS, "", "a story")
        title = self.text(top, "title", "", required=True, example="Drones over the Kremlin")
        story_date = None
        if top.get("date") is not None:
            story_date = self.date(top["date"], top.value_lines["date"], "date")
        sources = self.sources(top)
        source_ids = {s.id: s for s in sources}
        return Story(
            title=title or "",
            dek=self.text(top, "dek", "", example="One line under the title") or "",
            date=story_date,
            credit=self.text(top, "credit", "", example="Map: Newsroom name") or "",
            view=self.choice(top, "view", "", VIEWS, "recognised"),  # type: ignore[arg-type]
            sources=sources,
            places=self.places(top),
            incidents=self.incidents(top, source_ids),
            distances=self.distances(top),
            rings=self.rings(top),
            path=path,
            units=self.choice(top, "units", "", UNITS, None),  # type: ignore[arg-type]
            show_title=self.flag(top, "show_title", "", True),
            areas=self.areas(top, path),
        )

    def areas(self, top: LineMap, path: str | None) -> str | None:
        """The ``areas`` file as written, checked to be a GeoJSON file that is there
        (relative to the story file's folder); its content is checked when it is drawn
        (``maps.page.dated_areas``)."""
        given = self.text(top, "areas", "", example="front-2023-05-03.geojson")
        if given is None:
            return None
        line, hint = top.value_lines["areas"], "e.g. areas: front-2023-05-03.geojson"
        if not given.strip():
            raise self.fail("is empty", line, "areas", hint + ", or leave it out")
        given = given.strip()
        if not given.lower().endswith(AREAS_SUFFIXES):
            hint = "give a .geojson file of the areas (held_by, as_of, source)"
            raise self.fail(f"'{given}' is not a GeoJSON file", line, "areas", hint)
        # a story read from text (the desk, a notebook) has no folder: drawing it says
        found = Story(title="", areas=given, path=path).areas_path() if path else None
        if found is not None and not found.is_file():
            hint = f"looked for {found}; write its path relative to the story file"
            raise self.fail(f"no file '{given}' next to the story file", line, "areas", hint)
        return given

    def sources(self, top: LineMap) -> tuple[Source, ...]:
        out, rows = [], []
        for i, m, line in self.items(top, "sources"):
            p = f"sources[{i}]"
            self.keys(m, SOURCE_KEYS, p, "a source")
            ident = self.ident(m, p, True, "afp")
            name = self.text(m, "name", p, required=True, example="AFP wire report")
            url = self.text(m, "url", p, example="https://www.afp.com/")
            if url is not None:
                if not _is_web_address(url.strip()):
                    raise self.fail(
                        f"'{url}' is not a web address",
                        m.value_lines["url"],
                        p + ".url",
                        "write a full http:// or https:// address, e.g. https://www.afp.com/",
                    )
                url = url.strip()
            out.append(Source(id=ident or "", name=name or "", url=url, line=line))
            rows.append((ident, i, line))
        self.unique("sources", rows)
        return tuple(out)

    def places(self, top: LineMap) -> tuple[PlaceSpec, ...]:
        out, rows = [], []
        for i, m, line in self.items(top, "places"):
            p = f"places[{i}]"
            self.keys(m, PLACE_KEYS, p, "a place")
            ident = self.ident(m, p, True, "red-square")
            name = self.text(m, "name", p, required=True, example="Red Square")
            lat, lon = self.latlon(m, p, "55.7539,37.6208")
            country = self.text(m, "country", p, example="RU")
            if country is not None:
                if not re.fullmatch(r"[A-Za-z]{2}", country.strip()):
                    raise self.fail(
                        f"'{country}' is not a two-letter country code",
                        m.value_lines["country"],
                        p + ".country",
                        "use the ISO 3166 alpha-2 code, e.g. RU or UA",
                    )
                country = country.strip().upper()
            region = self.text(m, "region", p, example="Idaho")
            if region is not None:
                region = region.strip() or None
            kind = self.choice(m, "kind", p, KINDS, None)
            note = self.text(m, "note", p)
            out.append(
                PlaceSpec(
                    id=ident or "",
                    name=name or "",
                    lat=lat,
                    lon=lon,
                    country=country,
                    kind=kind,
                    note=note,
                    line=line,
                    region=region,
                )
            )
            rows.append((ident, i, line))
        self.unique("places", rows)
        return tuple(out)

    def incidents(self, top: LineMap, sources: dict[str, Source]) -> tuple[Incident, ...]:
        found = []
        for i, m, line in self.items(top, "incidents"):
            p = f"incidents[{i}]"
            self.keys(m, INCIDENT_KEYS, p, "an incident")
            ident = self.ident(m, p, False, "kremlin-drones")
            kind = m.get("type")
            if kind is None:
                raise self.fail(
                    "'type' is missing (required)",
                    line,
                    p + ".type",
                    "add type: one of " + ", ".join(INCIDENT_TYPES),
                )
            # ACLED's sub-event types; the nine older types and ACLED's labels still load.
            known = canonical_type(kind) if isinstance(kind, str) else None
            if known is None:
                self.choice(m, "type", p, (*INCIDENT_TYPES, *LEGACY_TYPES), None)  # raises
                raise AssertionError("unreachable")  # pragma: no cover
            kind, event_type = known
            given_event = self.choice(m, "event_type", p, tuple(EVENT_TYPES), None)
            event_type = given_event or event_type
            if event_type == event_type_of(kind):
                event_type = None  # the sub-event type's own: nothing to keep
            toll = {}
            for what in ("killed", "injured"):
                toll[what] = self.whole(m, what, p, f"{what}: 3")
                for flag in (f"{what}_at_least", f"{what}_vague"):
                    # The loader keeps booleans as text ("country: NO" stays Norway).
                    value = m.get(flag, False)
                    if isinstance(value, str) and value.lower() in ("true", "false"):
                        value = value.lower() == "true"
                    if not isinstance(value, bool):
                        raise self.fail(
                            f"must be true or false, not '{value}'",
                            m.value_lines[flag],
                            p + "." + flag,
                            f"write {flag}: true, or leave it out",
                        )
                    toll[flag] = value
            start, end = self.date_range(m, p)
            lat, lon = self.latlon(m, p, "55.752,37.6175")
            if lat is not None and m.get("place") is not None:
                raise self.fail(
                    "both 'place' and 'lat'/'lon' are given",
                    m.key_lines["lat"],
                    p + ".lat",
                    "keep either place: ... or lat and lon, not both",
                )
            # Coordinates become the endpoint grammar's "lat,lon" reference.
            place = f"{lat!r},{lon!r}" if lat is not None else self.ref(m, "place", p, border=False)
            precision = self.choice(m, "precision", p, PRECISIONS, None)
            count = self.whole(m, "count", p, "count: 2")
            unit = self.text(m, "unit", p, example="drones")
            summary = self.text(m, "summary", p, required=True, example="Two drones downed")
            source = self.text(m, "source", p, example="afp")
            if source is not None and source not in sources:
                known = ", ".join(sources) or "none yet"
                guess = _closest(source, tuple(sources))
                raise self.fail(
                    f"source '{source}' is not in the story's sources",
                    m.value_lines["source"],
                    p + ".source",
                    (f"did you mean '{guess}'? " if guess else "")
                    + f"use an id from 'sources' (known: {known}), or add it there",
                )
            status = self.choice(m, "status", p, STATUSES, "reported")
            found.append(
                (
                    ident,
                    i,
                    line,
                    dict(
                        type=kind,
                        summary=summary,
                        place=place,
                        date_start=start,
                        date_end=end,
                        count=count,
                        unit=unit,
                        source=source,
                        status=status,
                        precision=precision,
                        sentence=self.text(m, "sentence", p),
                        event_type=event_type,
                        **toll,
                        # Later errors are about resolving the place, so point at it.
                        line=m.key_lines.get("place", m.key_lines.get("lat", line)),
                    ),
                )
            )
        ids = self.generated("incident", [f[0] for f in found])
        self.unique("incidents", [(g, f[1], f[2]) for g, f in zip(ids, found, strict=True)])
        return tuple(Incident(id=g, **f[3]) for g, f in zip(ids, found, strict=True))

    def distances(self, top: LineMap) -> tuple[Distance, ...]:
        found = []
        for i, m, line in self.items(top, "distances"):
            p = f"distances[{i}]"
            self.keys(m, DISTANCE_KEYS, p, "a distance")
            ident = self.ident(m, p, False, "kremlin-border")
            start = self.ref(m, "from", p, border=True)
            end = self.ref(m, "to", p, border=True)
            claimed = self.number(m, "claimed_km", p, 0, math.inf, above=True, example="500")
            qualifier = self.choice(m, "qualifier", p, tuple(QUALIFIERS), None)
            category = self.choice(m, "category", p, CATEGORIES, None)
            direction = self.text(m, "direction", p, example="south-east")
            if direction is not None:
                try:
                    compass_azimuth(direction)
                except InputError as err:
                    raise self.fail(
                        err.message, m.value_lines["direction"], p + ".direction", err.hint
                    ) from None
            for key in ("from", "to"):
                if not str(m.get(key, "")).lower().startswith("unfixed:"):
                    continue
                if category not in (None, "uncheckable") or claimed is None:
                    raise self.fail(
                        "an end with no fixed point can only be an uncheckable claim",
                        m.value_lines[key],
                        join_path(p, key),
                        "add claimed_km and category: uncheckable, or name a place",
                    )
                category = "uncheckable"
            found.append(
                (
                    ident,
                    i,
                    line,
                    dict(
                        start=start,
                        end=end,
                        claimed_km=claimed,
                        label=self.text(m, "label", p),
                        sentence=self.text(m, "sentence", p),
                        qualifier=qualifier,
                        claimed=self.text(m, "claimed", p, example="68 nautical miles"),
                        direction=direction,
                        category=category,
                        note=self.text(m, "note", p),
                        line=line,
                    ),
                )
            )
        ids = self.generated("distance", [f[0] for f in found])
        self.unique("distances", [(g, f[1], f[2]) for g, f in zip(ids, found, strict=True)])
        return tuple(Distance(id=g, **f[3]) for g, f in zip(ids, found, strict=True))

    def rings(self, top: LineMap) -> tuple[Ring, ...]:
        found = []
        for i, m, line in self.items(top, "rings"):
            p = f"rings[{i}]"
            self.keys(m, RING_KEYS, p, "a ring")
            ident = self.ident(m, p, False, "range-500")
            around = self.ref(m, "around", p, border=False)
            if m.get("radius_km") is None:
                raise self.fail(
                    "'radius_km' is missing (required)",
                    line,
                    p + ".radius_km",
                    "add the radius in kilometres, e.g. radius_km: 500",
                )
            # Half the Earth's circumference: beyond that a "circle" wraps round.
            radius = self.number(m, "radius_km", p, 0, 20_000, above=True, example="500")
            found.append(
                (
                    ident,
                    i,
                    line,
                    dict(
                        around=around,
                        radius_km=radius,
                        label=self.text(m, "label", p),
                        line=m.key_lines["around"],  # later errors concern resolving it
                    ),
                )
            )
        ids = self.generated("ring", [f[0] for f in found])
        self.unique("rings", [(g, f[1], f[2]) for g, f in zip(ids, found, strict=True)])
        return tuple(Ring(id=g, **f[3]) for g, f in zip(ids, found, strict=True))
