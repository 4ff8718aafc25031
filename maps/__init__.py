"""incident-map's maps: layers, the page around them, export, and the command line.

The maps (see ``maps.api``): ``story_map``, ``table_map``, ``save_html``, ``save_png``,
``embed_snippet``. The rooms: ``maps.layers`` (styles, story layers, legend, the table
layer), ``maps.page`` (composition), ``maps.export`` (HTML, GeoJSON, PNG, embed),
``maps.cli`` (one module per command).
"""

from __future__ import annotations

from typing import Any

_MAPS = ("embed_snippet", "save_html", "save_png", "story_map", "table_map")
__all__ = list(_MAPS)


def __getattr__(name: str) -> Any:
    if name in _MAPS:
        from maps import api

        return getattr(api, name)
    raise AttributeError(f"module 'maps' has no attribute {name!r}")
