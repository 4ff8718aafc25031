"""What a draft holds, in one line, and what a reviewer should look at first.

``draft_report(story, resolved)`` counts incidents, places and distances, names the claims that
could not be checked, and warns when the draft has no incident, no place, or places thousands
of kilometres apart (one of them is likely a wrong match: "Fano" in Italy for Ethiopia's Fano
militia). ``extract`` and ``build`` print it; ``--strict`` makes the warnings an exit code.

>>> from geo.story.model import Story
>>> r = draft_report(Story(title="Empty"))
>>> r.summary
'0 incidents, 0 places, 0 distances'
>>> r.warnings
('no incident found: nothing in the text reads as an event', 'no place found in the text')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from geo.story.model import Story

__all__ = ["FAR_APART_KM", "DraftReport", "draft_report"]

FAR_APART_KM = 2500.0  # a place this far from the story's middle is worth a second look


@dataclass(frozen=True, slots=True)
class DraftReport:
    """The summary line and the warnings of a draft."""

    summary: str
    warnings: tuple[str, ...] = ()


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _uncheckable(resolved: Any) -> list[str]:
    """Labels of claimed distances that have no verdict (a front line, an unnamed end)."""
    frame = resolved.distances
    if frame is None or len(frame) == 0:
        return []
    out = []
    for row in frame.itertuples():
        claimed = getattr(row, "claimed_km", math.nan)
        if claimed is None or not math.isfinite(claimed):
            continue
        category = str(getattr(row, "category", "") or getattr(row, "verdict", "") or "")
        if not category or category.startswith("uncheckable"):
            out.append(str(row.label))
    return out


def draft_report(story: Story, resolved: Any = None) -> DraftReport:
    """The report of a drafted story; ``resolved`` (a ``ResolvedStory``) adds the distance
    checks and the places-far-apart warning, which need coordinates."""
    parts = [
        _plural(len(story.incidents), "incident"),
        _plural(len(story.places), "place"),
        _plural(len(story.distances), "distance"),
    ]
    warnings = []
    if not story.incidents:
        warnings.append("no incident found: nothing in the text reads as an event")
    if not story.places:
        warnings.append("no place found in the text")
    if resolved is not None:
        unchecked = _uncheckable(resolved)
        if unchecked:
            parts.append(f"{len(unchecked)} could not be checked ({'; '.join(unchecked)})")
        frame = resolved.places
        if frame is not None and len(frame) >= 2:
            lats = sorted(float(g.y) for g in frame.geometry)
            lons = sorted(float(g.x) for g in frame.geometry)
            mid_lat, mid_lon = lats[len(lats) // 2], lons[len(lons) // 2]
            for row in frame.itertuples():
                far = _km(row.geometry.y, row.geometry.x, mid_lat, mid_lon)
                if far > FAR_APART_KM and row.kind != "country":
                    warnings.append(
                        f"place '{row.name}' ({row.label}) is {far:,.0f} km from the story's "
                        "other places: check that it is the right one"
                    )
    return DraftReport(", ".join(parts), tuple(warnings))
