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
    report: Path | None = None,
    console: Console | None = None,
    max_rows: int | None = None,
    crs: str | None = None,
) -> Path:
    """Read ``path``, report its problems on ``console`` (stderr), write the map to ``output``."""
    from geo.files.atomic import check_target
    from maps.export.save import check_html_target

    err = console or Console(stderr=True)
    check_html_target(output, force=force)  # every output before the work, not after it
    if report is not None:
        check_target(report, force=force)
    mapping = ColumnMap.parse(columns) if columns else None
    if max_rows is not None and max_rows < 1:
        from geo.errors import InputError

        raise InputError(f"{max_rows} is not a row count", field="--max-rows",
                         hint="e.g. --max-rows 5000000")  # fmt: skip
    table = read_table(path, mapping=mapping, max_rows=max_rows, crs=crs)
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
