"""``incident-map render TABLE`` for incident tables (.csv .tsv .xlsx .ods .geojson .gpkg .parquet).

Reads and validates the table (``geo.tables.reader``), says how it was read (encoding,
separator, sheet, date order) and what could not be read or placed (every problem goes to
``--report`` as CSV), and draws all placed rows with ``maps.layers.scale.IncidentLayer``.
``--geojson`` writes the placed rows as points and ``--png`` a snapshot, as for a story.

>>> render_table(Path("acled.csv"), targets, TableOptions())   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from geo.errors import InputError
from geo.files.memory import give_back, lean_heap
from geo.tables.reader import ColumnMap, ReadOptions, read_table
from geo.tables.report import problems_text, write_problems
from maps.cli import publish


@dataclass(frozen=True)
class TableOptions:
    """How to read the table: the column roles and the file's reading options."""

    mapping: ColumnMap | None = None
    read: ReadOptions = field(default_factory=ReadOptions)
    keep: str | None = None  # the columns that travel (maps.layers.scale.popup_columns)
    popup: str | None = None  # the fields popups show (maps.layers.table_popup)

    @classmethod
    def of(
        cls,
        columns: str | None,
        sep: str | None,
        encoding: str | None,
        sheet: str | None,
        dayfirst: bool,
        monthfirst: bool,
        max_rows: int | None = None,
        crs: str | None = None,
        keep: str | None = None,
        popup: str | None = None,
    ) -> TableOptions:
        """The command line's table options, checked.

        >>> TableOptions.of(None, "tab", None, None, False, True).read.sep
        '\\t'
        """
        from geo.tables.sheets import parse_separator

        if dayfirst and monthfirst:
            raise InputError(
                "--dayfirst and --monthfirst were both given",
                field="--dayfirst",
                hint="give the one that says how the table writes its dates",
            )
        order = "dayfirst" if dayfirst else "monthfirst" if monthfirst else None
        if max_rows is not None and max_rows < 1:
            raise InputError(
                f"{max_rows} is not a row count", field="--max-rows", hint="e.g. --max-rows 5000000"
            )
        return cls(
            ColumnMap.parse(columns) if columns else None,
            ReadOptions(parse_separator(sep), encoding, sheet, order, max_rows, crs),  # type: ignore[arg-type]
            keep,
            popup,
        )


def _page_text(path: Path, options: dict) -> dict:
    """Title, dek, credit and sources: the command's options over the table's sidecar file."""
    from maps.page.sidecar import read_sidecar

    found = read_sidecar(path)
    found.update({k: v for k, v in options.items() if v})
    return found


def lean_arrow_memory() -> None:
    """Arrow's buffers from jemalloc with freed pages handed back at once (decay 0), for
    this process: mimalloc, Arrow's default, keeps what the CSV reader and the payload
    encoder free, ~70 MB more peak at 100,000 ACLED rows. Before the table's first buffer."""
    import pyarrow as pa

    if "jemalloc" in pa.supported_memory_backends():
        pa.set_memory_pool(pa.jemalloc_memory_pool())
        pa.jemalloc_set_decay_ms(0)


def render_table(
    path: Path,
    targets: publish.Targets,
    options: TableOptions = TableOptions(),
    *,
    tiles: str = "OpenStreetMap.Mapnik",
    tiles_key: str | None = None,
    self_contained: bool = False,
    force: bool = False,
    play: bool = False,
    aggregate: bool = False,
    report: Path | None = None,
    say: Callable[[str], None] = print,
    text: dict | None = None,
) -> None:
    """Read ``path``, say its problems, write the map and the extras ``targets`` ask for."""
    from maps.layers.scale import travelling_columns
    from maps.page.table import build_table_map

    lean_arrow_memory()
    lean_heap()
    if report is not None:
        from geo.files.atomic import check_target
        from maps.cli.outputs import REPORT, Output

        Output.parse(report, None, REPORT, "--report")
        check_target(report, force=force)  # before the work, not after it

    def wanted(header: list[str], found: ColumnMap) -> list[str]:
        # only what the page carries is read; an unknown name fails here, before the work
        try:
            return travelling_columns(header, found, options.keep, options.popup)
        except InputError as e:  # an unknown --keep or --popup name: say which table
            raise replace(e, file=str(path)) from None

    # --geojson writes every column of the placed rows: then the whole table is read
    chooser = wanted if targets.geojson is None else None
    table = read_table(path, mapping=options.mapping, options=options.read, keep=chooser)
    if chooser is None:
        wanted(table.columns, table.mapping)  # checked before drawing the whole table
    give_back()  # the reader's working memory, before the map's
    say(problems_text(table))
    if report is not None:
        write_problems(table, report, force=force)
        say(f"wrote {report}: {len(table.problems)} problems")
    if len(table.frame) and not table.placed.any():
        # an empty map published by mistake is worse than no map: say so, exit 2
        raise InputError(
            f"none of the {len(table.frame)} rows could be placed; no map was written",
            file=str(path),
            hint="see the problems above"
            + ("" if report is not None else " (--report bad-rows.csv writes them all)"),
        )

    # The rows again after the page: --geojson, or --png of a page that is not self-contained.
    again = targets.geojson is not None or (targets.png is not None and not self_contained)
    held = [table]
    geojson = (lambda: publish.table_geojson(held[0])) if targets.geojson is not None else None
    del table  # only ``held`` keeps it now

    def build(inline: bool):
        # Without a second use the table goes once its page is built: the page is written
        # without the rows in memory (~50 MB less peak at 100,000 ACLED rows).
        return build_table_map(
            held[0] if again else held.pop(),
            tiles=tiles,
            tiles_key=tiles_key,
            self_contained=inline,
            play=play,
            aggregate=True if aggregate else None,
            keep=options.keep,
            popup=options.popup,
            **_page_text(path, text or {}),
        )

    publish.write_map(
        build,
        geojson,
        targets,
        self_contained=self_contained,
        force=force,
        say=say,
    )
