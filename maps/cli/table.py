"""``incident-map render TABLE`` for incident tables (.csv .tsv .xlsx .ods .geojson .gpkg .parquet).

Reads and validates the table (``geo.tables.reader``), says how it was read (encoding,
separator, sheet, date order) and what could not be read or placed (every problem goes to
``--report`` as CSV), and draws all placed rows with ``maps.layers.scale.IncidentLayer``.
``--geojson`` writes the placed rows as points and ``--png`` a snapshot, as for a story.

>>> render_table(Path("acled.csv"), targets, TableOptions())   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import InputError
from geo.tables.reader import ColumnMap, ReadOptions, problems_text, read_table, write_problems
from maps.cli import publish


@dataclass(frozen=True)
class TableOptions:
    """How to read the table: the column roles and the file's reading options."""

    mapping: ColumnMap | None = None
    read: ReadOptions = field(default_factory=ReadOptions)

    @classmethod
    def of(
        cls,
        columns: str | None,
        sep: str | None,
        encoding: str | None,
        sheet: str | None,
        dayfirst: bool,
        monthfirst: bool,
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
        return cls(
            ColumnMap.parse(columns) if columns else None,
            ReadOptions(parse_separator(sep), encoding, sheet, order),  # type: ignore[arg-type]
        )


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
) -> None:
    """Read ``path``, say its problems, write the map and the extras ``targets`` ask for."""
    from maps.page.table import build_table_map

    if report is not None:
        from geo.files.atomic import check_target
        from maps.cli.outputs import REPORT, Output

        Output.parse(report, None, REPORT, "--report")
        check_target(report, force=force)  # before the work, not after it
    table = read_table(path, mapping=options.mapping, options=options.read)
    say(problems_text(table))
    if report is not None:
        write_problems(table, report, force=force)
        say(f"wrote {report}: {len(table.problems)} problems")

    def build(inline: bool):
        return build_table_map(
            table,
            tiles=tiles,
            tiles_key=tiles_key,
            self_contained=inline,
            play=play,
            aggregate=True if aggregate else None,
        )

    publish.write_map(
        build,
        lambda: publish.table_geojson(table),
        targets,
        self_contained=self_contained,
        force=force,
        say=say,
    )
