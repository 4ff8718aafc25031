"""``incident-map render``: draw a story file or an incident table.

incident-map render story.yaml -o map.html --self-contained --png map.png
incident-map render events.csv -o maps/ --sep ';' --monthfirst --report bad-rows.csv
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from geo.errors import InputError
from maps.cli import publish
from maps.cli.console import FIRST_RUN, err, steps

# Files people pass to render that are not story files: what to run instead.
_ARTICLE_SUFFIXES = (".txt", ".md", ".text")


def _refuse_options(kind: str, given: dict[str, object]) -> None:
    """An option that does nothing for this input is an error, not silently ignored."""
    wrong = [flag for flag, value in given.items() if value not in (None, False)]
    if wrong:
        raise InputError(
            f"{', '.join(wrong)} cannot be used with {kind}",
            field=wrong[0],
            hint=f"remove {', '.join(wrong)}; see incident-map render --help",
        )


def say(message: str) -> None:
    err.print(message, highlight=False, markup=False)


def _not_a_story(path: Path, output: str) -> None:
    """An article given to render: say which commands read it (anything else is read as a
    story file, whose reader says what is wrong with it)."""
    suffix = path.suffix.lower()
    if not output.lower().endswith((".html", ".htm", "/")) and output != "-":
        output = str(Path(output).with_suffix(".html"))  # the hint must run as written
    if suffix in _ARTICLE_SUFFIXES:
        raise InputError(
            "this is an article (text), not a story file",
            file=str(path),
            hint=f"draw it in one go with: incident-map build {path} -o {output}; or draft a "
            f"story to review with: incident-map extract {path} -o {path.stem}.yaml",
        )


def render(
    story: Annotated[Path, typer.Argument(help="Story file (YAML) or incident table to draw.")],
    output: publish.OutputOpt,
    tiles: publish.Tiles = None,
    tiles_key: publish.TilesKey = None,
    view: publish.ViewOpt = None,
    self_contained: publish.SelfContained = False,
    geojson: publish.GeojsonOpt = None,
    png: publish.PngOpt = None,
    png_size: publish.PngSize = publish.PNG_SIZE,
    force: Annotated[bool, typer.Option(help="Overwrite an existing output file.")] = False,
    no_title: publish.NoTitle = False,
    units: publish.Units = None,
    title: Annotated[
        str | None, typer.Option(help="Tables: the map's title (else TABLE.map.yaml's).")
    ] = None,
    dek: Annotated[str | None, typer.Option(help="Tables: the line under the title.")] = None,
    credit: Annotated[str | None, typer.Option(help="Tables: the credit line.")] = None,
    areas: Annotated[
        Path | None,
        typer.Option(
            help="GeoJSON of the story's own occupied or controlled areas (held_by, as_of, "
            "source per feature); they replace the packaged 2014 lines."
        ),
    ] = None,
    play: Annotated[bool, typer.Option(help="Tables: add a play button to the time filter.")] = (
        False
    ),
    aggregate: Annotated[bool, typer.Option(help="Tables: draw a density grid.")] = False,
    columns: Annotated[
        str | None, typer.Option(help="Tables: ROLE=COLUMN pairs, e.g. 'lat=y,lon=x,date=day'.")
    ] = None,
    report: Annotated[
        Path | None, typer.Option(help="Tables: write every bad row to this CSV.")
    ] = None,
    max_rows: Annotated[
        int | None,
        typer.Option(help="Tables: raise the size limit (2,000,000 rows; 1 GB of data)."),
    ] = None,
    crs: Annotated[
        str | None,
        typer.Option(help="Tables: the coordinate system of a GIS file that does not say it."),
    ] = None,
    sep: Annotated[
        str | None, typer.Option(help="Tables: the CSV separator (default: detected), e.g. ';'.")
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Tables: the CSV encoding (default: detected), e.g. cp1252.")
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(help="Tables: the workbook sheet, by name or number.")
    ] = None,
    dayfirst: Annotated[
        bool, typer.Option("--dayfirst", help="Tables: read 05/03/2023 as 5 March.")
    ] = False,
    monthfirst: Annotated[
        bool, typer.Option("--monthfirst", help="Tables: read 05/03/2023 as May 3.")
    ] = False,
    keep: Annotated[
        str | None,
        typer.Option(
            help="Tables: the columns the page carries for its search and export, 'all' or "
            "NAME,NAME (default: the useful ones of a wide table, all of a narrow one)."
        ),
    ] = None,
    popup: Annotated[
        str | None,
        typer.Option(
            help="Tables: the fields a popup shows, in order, e.g. notes,actor1,fatalities, "
            "or 'all' (default: type, date, place, fatalities, notes, source)."
        ),
    ] = None,
) -> None:
    """Draw a reviewed story file, or an incident table (CSV, Excel, ODS, GIS files)."""
    from geo.files.textfile import check_regular
    from geo.tables.reader import TABLE_SUFFIXES

    tiles = publish.tiles_and_units(tiles, self_contained, units)
    suffix = story.suffix.lower()
    is_table = suffix in TABLE_SUFFIXES and suffix != ".json"
    if not is_table:
        _not_a_story(story, output)
    check_regular(story, "table" if is_table else "story file")  # a FIFO would hang
    _refuse_options(
        "tables" if is_table else "story files",
        {
            "--view": view,
            "--png-size": png is None and png_size != publish.PNG_SIZE,
            "--no-title": no_title,
            "--units": units,
            "--areas": areas,
        }
        if is_table
        else {
            "--report": report,
            "--title": title,
            "--dek": dek,
            "--credit": credit,
            "--columns": columns,
            "--play": play,
            "--aggregate": aggregate,
            "--max-rows": max_rows,
            "--crs": crs,
            "--sep": sep,
            "--encoding": encoding,
            "--sheet": sheet,
            "--dayfirst": dayfirst,
            "--monthfirst": monthfirst,
            "--keep": keep,
            "--popup": popup,
            "--png-size": png is None and png_size != publish.PNG_SIZE,
        },
    )
    targets = publish.check_targets(
        story, output, geojson, png, png_size, force=force, extra=(report,)
    )
    publish.check_view(view)
    if is_table:
        from maps.cli.table import TableOptions, render_table

        render_table(
            story,
            targets,
            TableOptions.of(
                columns, sep, encoding, sheet, dayfirst, monthfirst, max_rows, crs, keep, popup
            ),
            tiles=tiles,
            tiles_key=tiles_key,
            force=force,
            self_contained=self_contained,
            play=play,
            aggregate=aggregate,
            report=report,
            say=say,
            text={"title": title, "dek": dek, "credit": credit},
        )
        return
    from geo.story.read import load_story
    from geo.story.resolve import resolve_story
    from maps.page.dated_areas import read_areas

    with steps() as step:
        step(f"reading {story}")
        s = publish.with_view(load_story(story), view)
        # --areas over the story's areas: field; read and checked before the slow work
        areas = areas if areas is not None else s.areas_path()
        own = read_areas(areas) if areas is not None else None
        if areas is not None:
            from geo.files.atomic import refuse_inputs

            outs = (targets.html, targets.geojson, targets.png)
            refuse_inputs([o.path for o in outs if o is not None and o.path is not None], [areas])
        step(f"placing names and measuring distances{FIRST_RUN}")
        resolved = resolve_story(s)
        # the options over the story's units: and show_title: fields (None: the story's)
        look = {"units": units, "show_title": False if no_title else None, "areas": own}
        draw_story(resolved, targets, tiles, tiles_key, self_contained, force, step, look)


def draw_story(resolved, targets, tiles, tiles_key, self_contained, force, step, look=None) -> None:
    """Write a resolved story's page and extras, then say what it found: warnings and
    distances with their checks. ``look``: build_map's units and show_title."""
    from maps.export.save import geojson_text
    from maps.page.compose import build_map

    def build(inline: bool):
        return build_map(
            resolved, tiles=tiles, tiles_key=tiles_key, self_contained=inline, **(look or {})
        )

    written: list[str] = []
    publish.write_map(
        build,
        lambda: geojson_text(resolved),
        targets,
        self_contained=self_contained,
        force=force,
        say=written.append,
        step=step,
    )
    for warning in resolved.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)
    for row in resolved.distances.itertuples():
        check = f" ({row.verdict})" if row.verdict else ""
        say(f"{row.label}: {row.km:.0f} km{check}")
    for line in written:
        say(line)
