"""Place every reference of a story: places, incidents, distances, rings and borders.

``resolve_story(story)`` is the step between the reviewed story file and the map: it looks
names up in the offline gazetteer (or coordinates given in the file), measures the
distances and checks the claims, and returns a ``ResolvedStory`` of GeoDataFrames.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geo.errors import InputError, PlaceNotFound
from geo.geometry import borders, distances
from geo.places.place import Place
from geo.story.model import INCIDENT_TYPES, Distance, Story
from geo.story.resolved import ResolvedStory

CRS = "EPSG:4326"
# Two candidates for one name that lie this far apart are different places, not one place
# listed twice (GeoNames has near-duplicates a few km apart).
_AMBIGUOUS_KM = 161.0
_AMBIGUOUS_SCORE_GAP = 1.0
_KINDS = ("landmark", "city", "region", "country")
# Coordinates this close to their named country's border count as in it (coasts, piers).
_COAST_KM = 25.0

Geocode = Callable[
    ..., list
]  # geo.places.gazetteer.geocode-like: (name, country=, near=) -> [Candidate]


@dataclass(frozen=True, slots=True)
class Where:
    """Where an item stands in the story file, for error messages."""

    file: str | None
    line: int | None
    field: str

    def error(self, message: str, hint: str | None = None) -> InputError:
        """An ``InputError`` pointing here."""
        return InputError(message, file=self.file, line=self.line, field=self.field, hint=hint)


def parse_latlon(ref: str) -> tuple[float, float] | None:
    """``"55.752,37.6175"`` -> ``(55.752, 37.6175)``; anything else -> None.

    >>> parse_latlon("55.752, 37.6175")
    (55.752, 37.6175)
    >>> parse_latlon("Moscow") is None
    True
    """
    parts = ref.split(",")
    if len(parts) != 2:
        return None
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    return lat, lon


class Resolver:
    """Resolves a story's endpoint references once each, remembering warnings on the way.

    >>> from geo.story.model import Story
    >>> r = Resolver(Story(title=""))
    >>> r.place("55.7520,37.6175", Where(None, None, "A")).country
    'RU'
    """

    def __init__(self, story: Story, geocode: Geocode | None = None) -> None:
        if geocode is None:
            from geo.places.gazetteer import geocode as gazetteer_geocode

            geocode = gazetteer_geocode
        self.story = story
        self.geocode = geocode
        self.specs = {p.id: p for p in story.places}
        self.cache: dict[str, Place] = {}
        self.warnings: list[str] = []

    def place(self, ref: str, where: Where) -> Place:
        if ref not in self.cache:
            self.cache[ref] = self._resolve(ref, where)
        return self.cache[ref]

    def _resolve(self, ref: str, where: Where) -> Place:
        if ref.lower().startswith("border:"):
            raise where.error(
                f"'{ref}' is a border, which can only be the end of a distance",
                hint="name a place id, a place name or 'lat,lon' here",
            )
        latlon = parse_latlon(ref)
        if latlon is not None:
            lat, lon = latlon
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise where.error(
                    f"'{ref}' is not a latitude,longitude pair in range",
                    hint="write latitude first, e.g. 55.7520,37.6175",
                )
            return Place(
                f"{lat:.4f}, {lon:.4f}",
                lat,
                lon,
                borders.country_at(lat, lon),
                "point",
                source="story",
            )
        spec = self.specs.get(ref)
        if spec is not None:
            where = Where(self.story.path, spec.line, f"places[{spec.id}]")
            if spec.lat is not None and spec.lon is not None:
                if spec.country:
                    self._check_country(spec.lat, spec.lon, spec.country, where)
                kind = spec.kind if spec.kind in _KINDS else "point"
                return Place(
                    spec.name,
                    spec.lat,
                    spec.lon,
                    spec.country,
                    kind,
                    source="story",
                    source_id=spec.id,
                )
            name = f"{spec.name}, {spec.region}" if spec.region else spec.name
            return self._lookup(name, spec.country, spec.kind, where)
        # "Moscow, Idaho", "Paris, TX", "Moscow, ID", "Kyiv, UA": the gazetteer reads the
        # qualifiers (a two-letter one may be a country or a US state)
        name, _, country = ref.partition(",")
        try:
            return self._lookup(ref.strip(), None, None, where)
        except PlaceNotFound:
            if not re.fullmatch(r"\s*[A-Za-z]{2}\s*", country):
                raise
        # "Name, CC" read as a name and a country hint, as story files always could
        return self._lookup(name.strip(), country.strip(), None, where)

    def _check_country(self, lat: float, lon: float, country: str, where: Where) -> None:
        """Coordinates given with a country should lie in it: a point in the sea or in
        another hemisphere is most often lat and lon swapped, or a minus sign lost."""
        if country not in borders.known_codes():
            return  # no polygon to check against (e.g. GF, part of France's)
        views = borders.VIEWS

        def inside(la: float, lo: float) -> bool:
            return -90 <= la <= 90 and country in {borders.country_at(la, lo, v) for v in views}

        if inside(lat, lon):
            return
        near = distances.distance_to_border(lat, lon, country).km
        if near <= _COAST_KM:  # a pier, an island or a generalised coastline
            return
        at = borders.country_at(lat, lon)
        there = f"in {borders.country_name(at)}" if at else "in the sea"
        fixes = [
            ((lon, lat), "did you swap lat and lon?"),
            ((-lat, lon), "is the sign of lat wrong?"),
            ((lat, -lon), "is the sign of lon wrong?"),
        ]
        for (la, lo), question in fixes:
            if inside(la, lo):
                raise InputError(
                    f"lat {lat:g}, lon {lon:g} lies {there}, {near:,.0f} km from "
                    f"{borders.country_name(country)} (country: {country}): {question}",
                    file=where.file,
                    line=where.line,
                    field=f"{where.field}.lat",
                    hint=f"write lat: {la:g} and lon: {lo:g}",
                )
        self.warnings.append(
            f"{where.file or '<story>'}:{where.line or '?'}: {where.field}: lat {lat:g}, "
            f"lon {lon:g} lies {there}, {near:,.0f} km from {borders.country_name(country)} "
            f"(country: {country}); check the coordinates (did you swap lat and lon?)"
        )

    def _lookup(self, name: str, country: str | None, kind: str | None, where: Where) -> Place:
        try:
            candidates = self.geocode(name, country=country)
        except PlaceNotFound as err:
            raise PlaceNotFound(
                f"no place called '{name}' in the offline gazetteer",
                file=where.file,
                line=where.line,
                field=where.field,
                hint="check the spelling, or give lat: and lon: for this place",
                suggestions=err.suggestions,
            ) from None
        except InputError as err:  # e.g. an unknown country code after the comma
            raise InputError(
                f"'{name}{', ' + country if country else ''}': {err.message}",
                file=where.file,
                line=where.line,
                field=where.field,
                hint=(err.hint + "; " if err.hint else "")
                + "write a place as 'Name' or 'Name, CC' with a two-letter country code",
            ) from None
        if kind:
            candidates = [c for c in candidates if c.place.kind == kind] or candidates
        best = candidates[0]
        for other in candidates[1:]:
            far = (
                distances.geodesic_km(
                    best.place.lat, best.place.lon, other.place.lat, other.place.lon
                )
                > _AMBIGUOUS_KM
            )
            if far and best.score - other.score < _AMBIGUOUS_SCORE_GAP:
                self.warnings.append(
                    f"{where.file or '<story>'}:{where.line or '?'}: '{name}' is ambiguous: "
                    f"took {best.place.label}, not {other.place.label}; add country: to be sure"
                )
                break
        return best.place


def _frame(rows: list[dict], columns: list[str]) -> gpd.GeoDataFrame:
    if not rows:
        return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=CRS)
    return gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=[*columns, "geometry"]), geometry="geometry", crs=CRS
    )


def resolve_story(story: Story, geocode: Geocode | None = None) -> ResolvedStory:
    """Place every reference of ``story`` and measure its distances.

    >>> from geo.story.read import load_story
    >>> from geo.resources import data_path
    >>> r = resolve_story(load_story(data_path("stories/kremlin-2023-05-03.yaml")))
    >>> round(float(r.distances.loc[r.distances.to_label.str.contains("Bryansk"), "km"].iloc[0]))
    349
    """
    res = Resolver(story, geocode)
    file = story.path
    sources = {s.id: s for s in story.sources}

    place_rows = []
    for i, spec in enumerate(story.places):
        p = res.place(spec.id, Where(file, spec.line, f"places[{i}]"))
        place_rows.append(
            {
                "id": spec.id,
                "name": spec.name,
                "label": p.label,
                "kind": p.kind,
                "precision": p.precision,
                "country": p.country,
                "source": p.source,
                "source_id": p.source_id,
                "geometry": Point(p.lon, p.lat),
            }
        )

    incident_rows = []
    for i, inc in enumerate(story.incidents):
        p = res.place(inc.place, Where(file, inc.line, f"incidents[{i}].place"))
        src = sources.get(inc.source or "")
        incident_rows.append(
            {
                "id": inc.id,
                "type": inc.type,
                "type_label": INCIDENT_TYPES.get(inc.type, inc.type),
                "event_type": inc.event,
                "killed": inc.killed,
                "killed_at_least": inc.killed_at_least,
                "killed_vague": inc.killed_vague,
                "injured": inc.injured,
                "injured_at_least": inc.injured_at_least,
                "injured_vague": inc.injured_vague,
                "date_start": inc.date_start.isoformat() if inc.date_start else "",
                "date_end": inc.date_end.isoformat() if inc.date_end else "",
                "count": inc.count,
                "unit": inc.unit or "",
                "summary": inc.summary,
                "status": inc.status,
                "place_id": inc.place,
                "place_label": p.label,
                "precision": inc.precision or p.precision,
                "source_name": src.name if src else "",
                "source_url": (src.url or "") if src else "",
                "sentence": inc.sentence or "",
                "geometry": Point(p.lon, p.lat),
            }
        )

    touched = {p.country for p in res.cache.values() if p.country}
    distance_rows = []
    for i, d in enumerate(story.distances):
        distance_rows.append(_distance_row(res, story, d, i, touched))

    ring_rows = []
    for i, r in enumerate(story.rings):
        p = res.place(r.around, Where(file, r.line, f"rings[{i}].around"))
        try:
            poly = distances.ring(p.lat, p.lon, r.radius_km)
        except InputError as err:
            raise InputError(
                err.message, file=file, line=r.line, field=f"rings[{i}].radius_km", hint=err.hint
            ) from None
        ring_rows.append(
            {
                "id": r.id,
                "around_label": p.label,
                "radius_km": r.radius_km,
                "label": r.label or f"{r.radius_km:g} km from {p.label}",
                "geometry": poly,
            }
        )

    border_frame = _borders(touched, story.view)
    incidents = _frame(
        incident_rows,
        [
            "id",
            "type",
            "type_label",
            "event_type",
            "killed",
            "killed_at_least",
            "killed_vague",
            "injured",
            "injured_at_least",
            "injured_vague",
            "date_start",
            "date_end",
            "count",
            "unit",
            "summary",
            "status",
            "place_id",
            "place_label",
            "precision",
            "source_name",
            "source_url",
            "sentence",
        ],
    )
    if len(incidents):
        for column in ("count", "killed", "injured"):
            incidents[column] = incidents[column].astype("Int64")
    return ResolvedStory(
        story=story,
        places=_frame(
            place_rows,
            ["id", "name", "label", "kind", "precision", "country", "source", "source_id"],
        ),
        incidents=incidents,
        distances=_frame(
            distance_rows,
            [
                "id",
                "from_label",
                "to_label",
                "km",
                "miles",
                "claimed_km",
                "claimed",
                "qualifier",
                "direction",
                "direction_ok",
                "bearing",
                "diff_km",
                "category",
                "verdict",
                "tolerance",
                "label",
                "from_lat",
                "from_lon",
                "to_lat",
                "to_lon",
            ],
        ),
        rings=_frame(ring_rows, ["id", "around_label", "radius_km", "label"]),
        borders=border_frame,
        boundaries_attribution=borders.attribution(story.view),
        warnings=tuple(res.warnings),
    )


def _distance_row(res: Resolver, story: Story, d: Distance, i: int, touched: set[str]) -> dict:
    """One distance measured, its claim checked as the text bounds it, its direction too."""
    file = story.path
    where = Where(file, d.line, f"distances[{i}]")
    qualifier = d.qualifier or "about"
    unfixed = [ref for ref in (d.start, d.end) if ref.lower().startswith("unfixed:")]
    a = (
        None
        if d.start in unfixed
        else res.place(d.start, replace(where, field=f"distances[{i}].from"))
    )
    blat = blon = km = math.nan
    to_label = ""
    if d.end in unfixed:
        to_label = d.end.split(":", 1)[1].strip()
    elif d.end.lower().startswith("border:"):
        iso = d.end.split(":", 1)[1].strip().upper()
        if a is not None:
            try:
                near = distances.distance_to_border(a.lat, a.lon, iso, view=story.view)
            except InputError as err:
                raise InputError(
                    err.message, file=file, line=d.line, field=f"distances[{i}].to", hint=err.hint
                ) from None
            blat, blon, km = near.lat, near.lon, near.km
        to_label = f"border of {_country_name(iso, story.view)}"
        touched.add(iso)
    else:
        b = res.place(d.end, replace(where, field=f"distances[{i}].to"))
        to_label, blat, blon = b.label, b.lat, b.lon
        if a is not None:
            km = float(distances.geodesic_km(a.lat, a.lon, blat, blon))
    from_label = a.label if a is not None else d.start.split(":", 1)[1].strip()
    claim = None
    if d.claimed_km:
        if d.category == "uncheckable" or not math.isfinite(km):
            why = d.note or "an end has no fixed point"
            claim = distances.check_claim(d.claimed_km, None, qualifier, why=why)
        else:
            claim = distances.check_claim(d.claimed_km, km, qualifier)
    turn = None
    if d.direction and a is not None and math.isfinite(blat) and not d.end.startswith("border:"):
        turn = distances.check_direction(a.lat, a.lon, blat, blon, d.direction)
    verdict = claim.verdict if claim else ""
    if turn is not None and not turn.ok and claim is not None and claim.measured_km is not None:
        verdict += (
            f"; direction wrong: the text says {d.direction}, the bearing is {turn.bearing:.0f}°"
        )
    drawn = a is not None and math.isfinite(blat)
    return {
        "id": d.id,
        "from_label": from_label,
        "to_label": to_label,
        "km": km,
        "miles": distances.km_to_miles(km),
        "claimed_km": d.claimed_km if d.claimed_km else math.nan,
        "claimed": d.claimed or (distances.format_km(d.claimed_km) if d.claimed_km else ""),
        "qualifier": qualifier if d.claimed_km else "",
        "direction": d.direction or "",
        "direction_ok": (turn.ok if turn is not None else None),
        "bearing": turn.bearing if turn is not None else math.nan,
        "diff_km": claim.diff_km if claim and claim.diff_km is not None else math.nan,
        "category": claim.category if claim else "",
        "verdict": verdict,
        "tolerance": claim.tolerance if claim else "",
        "label": d.label or f"{from_label} to {to_label}",
        "from_lat": a.lat if a is not None else math.nan,
        "from_lon": a.lon if a is not None else math.nan,
        "to_lat": blat,
        "to_lon": blon,
        # A claim with an end of no fixed point is kept for the record but not drawn.
        "geometry": distances.geodesic_line(a.lat, a.lon, blat, blon) if drawn else None,
    }


def _country_name(iso: str, view: str) -> str:
    names = borders.countries(view=view, iso_a2=[iso])["name"]
    return str(names.iloc[0]) if len(names) else iso


def _borders(iso_codes: set[str], view: str) -> gpd.GeoDataFrame:
    """Polygons of the countries the story touches, then the occupied areas among them."""
    cols = ["iso_a2", "name", "status", "note", "geometry"]
    frames = []
    if iso_codes:
        c = borders.countries(view=view, iso_a2=sorted(iso_codes)).copy()
        c["status"], c["note"] = "country", ""
        frames.append(c[cols])
    occ = borders.occupied_areas()
    occ = occ[occ["de_jure"].isin(iso_codes) | occ["administered_by"].isin(iso_codes)].copy()
    if len(occ):
        occ["iso_a2"], occ["status"] = occ["de_jure"], "occupied"
        frames.append(occ[cols])
    if not frames:
        return gpd.GeoDataFrame({c: [] for c in cols[:-1]}, geometry=[], crs=CRS)
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=CRS)
