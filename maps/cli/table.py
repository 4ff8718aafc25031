"""``incident-map render TABLE`` for incident tables (.csv, .geojson, .gpkg, .parquet).

Reads and validates the table (``geo.tables.reader``), prints what could not be read or placed
(and writes every problem to ``--report`` as CSV), and draws all placed rows with
``maps.layers.scale.IncidentLayer`` on a map that has the usual tiles, layer control and export.

>>> render_table(Path("acled.csv"), Path("acled.html"), play=True)   # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from geo.tables.reader import ColumnMap, problems_text, read_table, write_problems
from maps.export.save import save_html
from maps.layers.scale import popup_columns
from maps.page.table import build_table_map


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
    keep: str | None = None,
    report: Path | None = None,
    console: Console | None = None,
) -> Path:
    """Read ``path``, report its problems on ``console`` (stderr), write the map to ``output``."""
    err = console or Console(stderr=True)
    if report is not None:
        from geo.files.atomic import check_target

        check_target(report, force=force)  # before the work, not after it
    mapping = ColumnMap.parse(columns) if columns else None

    def wanted(header: list[str], found: ColumnMap) -> list[str]:
        return popup_columns(header, found, keep)  # only what the page shows is read

    table = read_table(path, mapping=mapping, keep=wanted)
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
        keep=keep,
    )
    written = save_html(m, output, force=force)
    err.print(f"wrote {written}", highlight=False, markup=False)
    return written
