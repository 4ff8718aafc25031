"""``incident-map render TABLE`` for incident tables (.csv, .geojson, .gpkg, .parquet).

Reads and validates the table (``geo.tables.reader``), prints what could not be read or placed
(and writes every problem to ``--report`` as CSV), and draws all placed rows with
``maps.layers.scale.IncidentLayer`` on a map that has the usual tiles, layer control and export.

>>> render_table(Path("acled.csv"), Path("acled.html"), play=True)   # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import folium
from branca.element import MacroElement, Template
from rich.console import Console

from geo.tables.reader import ColumnMap, IncidentTable, problems_text, read_table, write_problems
from maps.export.save import save_html, stable_ids
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
) -> folium.Map:
    """A map of every placed row of ``table`` (points, or a density grid past the threshold).

    >>> m = build_table_map(read_table("acled.csv"), tiles="none")   # doctest: +SKIP
    """
    provider = tile_provider(tiles, tiles_key)
    layer = IncidentLayer(table, play=play, aggregate=aggregate)
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
    stable_ids(m.get_root())
    return m


def render_table(
    path: Path,
    output: Path,
    *,
    tiles: str = "OpenStreetMap.Mapnik",
    tiles_key: str | None = None,
    self_contained: bool = False,
    force: bool = False,
    play: bool = False,
    aggregate: bool = False,
    columns: str | None = None,
    report: Path | None = None,
    console: Console | None = None,
) -> Path:
    """Read ``path``, report its problems on ``console`` (stderr), write the map to ``output``."""
    err = console or Console(stderr=True)
    if report is not None:
        from geo.files.atomic import check_target

        check_target(report, force=force)  # before the work, not after it
    mapping = ColumnMap.parse(columns) if columns else None
    table = read_table(path, mapping=mapping)
    err.print(problems_text(table), highlight=False, markup=False)
    if report is not None:
        write_problems(table, report, force=force)
        err.print(
            f"wrote {len(table.problems)} problems to {report}", highlight=False, markup=False
        )
    m = build_table_map(
        table,
        tiles=tiles,
        tiles_key=tiles_key,
        self_contained=self_contained,
        play=play,
        aggregate=True if aggregate else None,
    )
    written = save_html(m, output, force=force)
    err.print(f"wrote {written}", highlight=False, markup=False)
    return written


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
