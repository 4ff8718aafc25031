"""The maps of ``maps``: draw a story or an incident table, save it as HTML or PNG, embed it.

``story_map`` and ``table_map`` take a file or the object in memory (a ``Story``, a resolved
story, a mapping shaped like a story file; an ``IncidentTable``, a DataFrame or a
GeoDataFrame); both return a ``folium.Map``, which a notebook shows inline.

>>> import maps
>>> from geo.resources import data_path
>>> m = maps.story_map(data_path("stories/kremlin-2023-05-03.yaml"), tiles="none")
>>> "Drones over the Kremlin" in m.get_root().render()
True
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import folium
    import pandas as pd

    from geo.story.model import Story
    from geo.story.resolved import ResolvedStory
    from geo.tables.reader import IncidentTable

__all__ = ["embed_snippet", "save_html", "save_png", "story_map", "table_map"]


def story_map(
    story: str | os.PathLike[str] | Story | ResolvedStory | dict[str, Any],
    *,
    tiles: str = "OpenStreetMap.Mapnik",
    tiles_key: str | None = None,
    self_contained: bool = False,
) -> folium.Map:
    """The map of a story: its places, incidents, distances, rings, borders and legend."""
    from geo.api import resolve_story
    from geo.story.resolved import ResolvedStory
    from maps.page.compose import build_map

    resolved = story if isinstance(story, ResolvedStory) else resolve_story(story)
    return build_map(resolved, tiles=tiles, tiles_key=tiles_key, self_contained=self_contained)


def table_map(
    table: str | os.PathLike[str] | IncidentTable | pd.DataFrame,
    *,
    columns: str | None = None,
    tiles: str = "OpenStreetMap.Mapnik",
    tiles_key: str | None = None,
    self_contained: bool = False,
    play: bool = False,
    aggregate: bool | None = None,
    title: str | None = None,
    keep: str | list[str] | None = None,
    popup: str | list[str] | None = None,
) -> folium.Map:
    """The map of an incident table: every placed row, a day filter, per-type counts.

    ``popup``: the fields a click shows, in order (``["notes", "actor1", "fatalities"]``,
    ``"notes,actor1"`` or ``"all"``); by default the type, date, place, fatalities, notes
    and source columns the table has. ``keep``: which columns travel to the page for its
    search and export (by default the useful ones; ``"all"``).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"latitude": [50.45, 49.99], "longitude": [30.52, 36.23],
    ...                    "event_date": ["2024-03-02", "2024-03-03"]})
    >>> "leaflet" in table_map(df, tiles="none").get_root().render()
    True
    """
    from geo.api import read_table
    from geo.tables.reader import IncidentTable
    from maps.page.table import build_table_map

    if not isinstance(table, IncidentTable):
        table = read_table(table, columns=columns)
    return build_table_map(
        table,
        tiles=tiles,
        tiles_key=tiles_key,
        self_contained=self_contained,
        play=play,
        aggregate=aggregate,
        title=title,
        keep=keep,
        popup=popup,
    )


def save_html(m: folium.Map, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write the map's page atomically; an existing file only with ``force`` (or our own map)."""
    from maps.export.save import save_html as save

    return save(m, path, force=force)


def save_png(
    page: folium.Map | str | os.PathLike[str],
    path: str | os.PathLike[str],
    *,
    size: tuple[int, int] = (1200, 800),
    force: bool = False,
) -> Path:
    """A PNG of a map (or of a saved page) drawn by headless Chromium at ``size`` pixels.

    A ``folium.Map`` should be built with ``self_contained=True``: the browser fetches
    nothing but tiles.
    """
    from geo.files.atomic import check_target, write_atomic
    from maps.export.save import save_html as save
    from maps.export.snapshot import snapshot

    check_target(Path(path), force=force)
    with tempfile.TemporaryDirectory(prefix="incident-map-") as tmp:
        html = page if isinstance(page, str | os.PathLike) else save(page, Path(tmp) / "map.html")
        png = snapshot(html, Path(tmp) / "map.png", *size)
        return write_atomic(path, png.read_bytes(), force=force)


def embed_snippet(
    map_url: str,
    *,
    title: str = "Interactive map",
    aspect: str = "4:3",
    fallback_image: str | None = None,
) -> str:
    """The HTML a CMS takes to embed a published map: a responsive iframe and a fallback."""
    from maps.export.embed import embed_snippet as snippet

    return snippet(map_url, title=title, aspect=aspect, fallback_image=fallback_image)
