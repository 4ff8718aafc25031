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


def _page_text(path: Path, options: dict) -> dict:
    """Title, dek, credit and sources: the command's options over the table's sidecar file."""
    from maps.page.sidecar import read_sidecar

    found = read_sidecar(path)
    found.update({k: v for k, v in options.items() if v})
    return found


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
    text: dict | None = None,
) -> Path:
    """Read ``path``, report its problems on ``console`` (stderr), write the map to ``output``."""
    from geo.files.atomic import check_target
    from maps.export.save import check_html_target

    err = console or Console(stderr=True)
    check_html_target(output, force=force)  # every output before the work, not after it
    if report is not None:
        check_target(report, force=force)
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
        **_page_text(path, text or {}),
    )
    written = save_html(m, output, force=force)
    err.print(f"wrote {written}", highlight=False, markup=False)
    return written
