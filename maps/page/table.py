"""The map of an incident table: every placed row drawn on canvas, with tiles, layer control
and the view fitted to the incidents.

>>> m = build_table_map(read_table("acled.csv"), tiles="none")   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement, Template

from geo.files.memory import give_back
from geo.tables.reader import IncidentTable
from maps.export.literal import seal
from maps.export.save import stable_ids
from maps.layers import basemap, coast, labels, legend
from maps.layers.scale import DRAWN, IncidentLayer, table_bounds
from maps.page import assets
from maps.page.behaviour import PageBehaviour
from maps.page.compose import (
    GEONAMES_CREDIT,
    LABEL_FREE_TILES,
    _CollapseOnNarrow,
    _ZoomControl,
    add_background,
    tile_provider,
)
from maps.page.framing import FitView


def build_table_map(
    table: IncidentTable,
    *,
    tiles: str = "OpenStreetMap.Mapnik",
    tiles_key: str | None = None,
    self_contained: bool = False,
    play: bool = False,
    aggregate: bool | None = None,
    title: str | None = None,
    dek: str = "",
    credit: str = "",
    sources: list[tuple[str, str | None]] | None = None,
    keep: str | Sequence[str] | None = None,
    popup: str | Sequence[str] | None = None,
) -> folium.Map:
    """A map of every placed row of ``table`` (points, or a density grid past the threshold),
    with a title box, credit line, country lines and, without tiles, the offline basemap.

    ``title``, ``dek``, ``credit`` and ``sources`` come from the command's options or the
    table's sidecar file (:mod:`maps.page.sidecar`); ``keep`` says which columns travel to
    the page, for the search and the export (``maps.layers.scale.popup_columns``), ``popup``
    which fields the popups show (``maps.layers.table_popup.popup_fields``).

    >>> m = build_table_map(read_table("acled.csv"), tiles="none")   # doctest: +SKIP
    """
    provider = tile_provider(tiles, tiles_key)
    bounds = table_bounds(table)
    base = None
    label_free = provider is None or provider.name in LABEL_FREE_TILES
    if bounds and basemap.available() and label_free:
        # Before the incidents' payload: the two builds' working memory never adds up.
        base = basemap.build(bounds, "recognised", draw=provider is None, late=True)
        give_back()
    layer = IncidentLayer(table, play=play, aggregate=aggregate, keep=keep, popup=popup)
    give_back()
    m = folium.Map(
        location=[30.0, 0.0],
        zoom_start=2,
        tiles=None,
        control_scale=True,
        zoom_control=False,  # re-added below the title box
        zoom_snap=0.25,
    )
    assets.use_assets(m, self_contained=self_contained)
    m.get_root().title = legend.text(title or Path(table.source).name) or "Map"
    add_background(m, provider, base, after=DRAWN)  # the incidents drawn first
    layer.add_to(m)
    control = folium.LayerControl(collapsed=False, position="topright").add_to(m)
    m.add_child(_CollapseOnNarrow(control))
    m.add_child(_PhoneFit())
    if title:
        m.add_child(legend.TitleBox(title, dek, "", position="topleft"))
    m.add_child(_ZoomControl("topleft"))
    m.add_child(legend.CreditLine(credit, sources or [], "", position="bottomleft"))
    if base is not None:
        m.add_child(legend.Attribution(base.attribution))
    if placed_by_name(table) and "GeoNames" not in (base.attribution if base else ""):
        m.add_child(legend.Attribution("Places: " + GEONAMES_CREDIT))
    m.add_child(PageBehaviour())
    if base is not None:
        m.add_child(labels.LabelLayer(base.labels, after=DRAWN))
    if bounds:
        # Tiles open no closer than zoom 11. The offline basemap's coast is ~1 km true
        # (maps/layers/coast.py): a table's many points are not checked against it one by
        # one, so its page opens no closer than 10.
        drawn = base is not None and provider is None
        m.add_child(FitView(bounds, max_zoom=coast.COAST_ZOOM if drawn else 11))
    if base is not None:
        m.add_child(basemap.DataTail(base))  # after the map's script, before the notes
    m.add_child(layer.details_tail())  # last: the parser reaches the map before the notes
    stable_ids(seal(m).get_root())  # rendered text is never template source
    return m


class _PhoneFit(MacroElement):
    """On a phone the table's legend and time filter share the bottom edge side by side:
    narrower boxes, so neither covers the other (their look is ``scale.js``'s)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          @media {{ this.narrow }} {
            .leaflet-container .im-scale-legend { max-width: 165px !important;
                      font-size: 11px !important; padding: 4px 6px !important; }
            .leaflet-container .im-scale-legend .im-scale-type { gap: 3px !important; }
            .leaflet-container .im-scale-time { max-width: 160px !important;
                      font-size: 11px !important; padding: 4px 6px !important; }
            .leaflet-container .im-scale-time input { width: 140px !important; }
            .leaflet-container .im-credit { max-width: calc(100vw - 200px); }
          }
        </style>
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "PhoneFit"
        self.narrow = legend.NARROW


def placed_by_name(table: IncidentTable) -> bool:
    """Whether the gazetteer (GeoNames) placed a row by its place name: the table has a
    place column and a placed row has no coordinates of its own. (A GIS file's frame keeps
    no geometry: with a place column, its rows count as named; a credit owed at most once
    too often.)

    >>> import pandas as pd
    >>> from geo.tables.reader import ColumnMap
    >>> frame = pd.DataFrame({"lat": ["50.4", ""], "_lat": [50.4, 49.8]})
    >>> t = IncidentTable(frame, ColumnMap(lat="lat", lon="lon", place="town"), pd.DataFrame())
    >>> placed_by_name(t)
    True
    """
    if not table.mapping.place or table.frame.empty:
        return False
    placed = table.frame["_lat"].notna().to_numpy()
    if not table.mapping.lat or table.mapping.lat not in table.frame:
        return bool(placed.any())
    own = pd.to_numeric(table.frame[table.mapping.lat], errors="coerce").notna().to_numpy()
    return bool(np.any(placed & ~own))
