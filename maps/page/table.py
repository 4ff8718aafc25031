"""The map of an incident table: every placed row drawn on canvas, with tiles, layer control
and the view fitted to the incidents.

>>> m = build_table_map(read_table("acled.csv"), tiles="none")   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import folium
from branca.element import MacroElement, Template

from geo.tables.reader import IncidentTable
from maps.export.save import stable_ids
from maps.layers import legend, style
from maps.layers.scale import IncidentLayer
from maps.page import assets
from maps.page.compose import tile_provider


def build_table_map(
    table: IncidentTable,
    *,
    tiles: str = "OpenStreetMap.Mapnik",
    tiles_key: str | None = None,
    self_contained: bool = False,
    play: bool = False,
    aggregate: bool | None = None,
    title: str | None = None,
    keep: str | Sequence[str] | None = None,
) -> folium.Map:
    """A map of every placed row of ``table`` (points, or a density grid past the threshold);
    ``keep`` says which columns the popups show (``maps.layers.scale.popup_columns``).

    >>> m = build_table_map(read_table("acled.csv"), tiles="none")   # doctest: +SKIP
    """
    provider = tile_provider(tiles, tiles_key)
    layer = IncidentLayer(table, play=play, aggregate=aggregate, keep=keep)
    bounds = layer.bounds(table)
    m = folium.Map(
        location=[30.0, 0.0],
        zoom_start=2,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
    )
    assets.use_assets(m, self_contained=self_contained)
    m.get_root().title = legend.text(title or Path(table.source).name) or "Map"
    m.add_child(legend.MapStyle(background=None if provider else style.BACKGROUND))
    if provider is not None:
        folium.TileLayer(provider, name="Base map", control=False).add_to(m)
    layer.add_to(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    if bounds:
        m.add_child(_FitNow(bounds))
    m.add_child(layer.details_tail())  # last: the parser reaches the map before the notes
    stable_ids(m.get_root())
    return m


class _FitNow(MacroElement):
    """Fit the view to the incidents without folium's animated zoom: the first frame the
    reader sees is already the final view (no quarter-second zoom from the world view)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }},
            { padding: [20, 20], maxZoom: 11, animate: false });
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "FitNow"
        self.bounds = bounds
