"""A story with every reference placed: the GeoDataFrames the map layers are drawn from.

Column contract (all frames EPSG:4326, one row per item, in story order; text columns are
plain text, never HTML: the map escapes them):

places     id, name, label, kind, precision, country, source, source_id, geometry (Point)
incidents  id, type (ACLED sub-event type), type_label, event_type (ACLED's), killed,
           killed_at_least, killed_vague, injured, injured_at_least, injured_vague (Int64
           figures, null when the text gives none; bool flags), date_start, date_end (ISO
           "YYYY-MM-DD" or ""), count (Int64: drones, missiles; never casualties),
           unit (what count counts, "" for the type's own noun), summary, status,
           place_id, place_label, precision, source_name, source_url, sentence,
           geometry (Point)
distances  id, from_label, to_label, km (NaN when an end has no fixed point), miles,
           claimed_km (float, NaN when none), claimed (the figure in its own unit),
           qualifier, direction, direction_ok (None when none), bearing, diff_km, category
           (consistent, overstated, understated, uncheckable; "" without a claim),
           verdict (the sentence), tolerance, label, from_lat, from_lon, to_lat, to_lon,
           geometry (LineString along the geodesic; None when not drawn)
rings      id, around_label, radius_km, label, geometry (Polygon, a geodesic circle)
borders    iso_a2, name, status ("country" or "occupied"), note, geometry (Multi)Polygon:
           the countries the story touches, then occupied areas
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd

from geo.story.model import Story


@dataclass(frozen=True)
class ResolvedStory:
    """Output of ``geo.story.resolve.resolve_story``; input of ``maps.page.compose.build_map``."""

    story: Story
    places: gpd.GeoDataFrame
    incidents: gpd.GeoDataFrame
    distances: gpd.GeoDataFrame
    rings: gpd.GeoDataFrame
    borders: gpd.GeoDataFrame
    boundaries_attribution: str  # names the Natural Earth edition and the view
    warnings: tuple[str, ...] = ()  # e.g. an ambiguous name taken as its most likely place

    def __repr__(self) -> str:
        """One line: the story, what was placed and measured, and the claims' categories
        (not the GeoDataFrames: ``.places``, ``.distances``... show those)."""
        from geo.story.model import _counts

        parts = [_counts(self.story)]
        frame = self.distances
        if frame is not None and len(frame):
            kms = ", ".join(f"{km:,.0f} km" for km in frame["km"])
            column = "category" if "category" in frame.columns else "verdict"
            found = [str(v).split(":", 1)[0] for v in frame[column] if isinstance(v, str) and v]
            checks = ", ".join(f"{found.count(c)} {c}" for c in dict.fromkeys(found))
            parts.append(f"measured {kms}" + (f" ({checks})" if checks else ""))
        if self.warnings:
            parts.append(f"{len(self.warnings)} warning{'s' * (len(self.warnings) != 1)}")
        return f"<ResolvedStory {self.story.title!r}: {'; '.join(parts)}>"

    def _repr_html_(self) -> str:
        """In a notebook: the summary line, the warnings and the distances table."""
        import html

        cols = [c for c in ("label", "km", "claimed_km", "category", "verdict")
                if c in self.distances.columns]  # fmt: skip
        table = self.distances[cols].to_html(index=False) if len(self.distances) else ""
        warn = "".join(f"<p>warning: {html.escape(w)}</p>" for w in self.warnings)
        return f"<p>{html.escape(repr(self))}</p>{warn}{table}"
