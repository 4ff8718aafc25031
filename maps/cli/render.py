"""``incident-map render``: draw a story file or an incident table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from geo.errors import InputError
from maps.cli.console import FIRST_RUN, err, steps

PNG_SIZE = "1200x800"


def _refuse_options(kind: str, given: dict[str, object]) -> None:
    """An option that does nothing for this input is an error, not silently ignored."""
    wrong = [flag for flag, value in given.items() if value not in (None, False)]
    if wrong:
        raise InputError(
            f"{', '.join(wrong)} cannot be used with {kind}",
            field=wrong[0],
            hint=f"remove {', '.join(wrong)}; see incident-map render --help",
        )


# A PNG is for an article or a social card: 8,000 px a side and 32 million pixels cover a
# print page at 300 dpi. Past that Chromium needs gigabytes (20000x20000 took 1.8 GB, and
# 100000x100000 ran 74 s and failed).
PNG_MAX_SIDE = 8000
PNG_MAX_PIXELS = 32_000_000


def _png_size(text: str) -> tuple[int, int]:
    w, sep, h = text.lower().partition("x")
    if not (sep and w.strip().isdigit() and h.strip().isdigit()) or 0 in (int(w), int(h)):
        raise InputError(
            f"'{text}' is not WIDTHxHEIGHT", field="--png-size", hint="e.g. --png-size 1200x800"
        )
    width, height = int(w), int(h)
    if max(width, height) > PNG_MAX_SIDE or width * height > PNG_MAX_PIXELS:
        raise InputError(
            f"{width}x{height} is too large for a PNG (at most {PNG_MAX_SIDE} pixels a side "
            f"and {PNG_MAX_PIXELS // 1_000_000} million pixels)",
            field="--png-size",
            hint="e.g. --png-size 2400x1600; scale a smaller image up if you need to",
        )
    return width, height


def render(
    story: Annotated[Path, typer.Argument(help="Story file (YAML) to draw.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")],
    tiles: Annotated[
        str | None,
        typer.Option(
            help="xyzservices provider name, or 'none' for the offline basemap drawn in the page "
            "(the default with --self-contained; else Esri.WorldGrayCanvas with English names)."
        ),
    ] = None,
    tiles_key: Annotated[
        str | None, typer.Option(help="API key for tile providers that need one (CARTO).")
    ] = None,
    view: Annotated[
        str | None,
        typer.Option(
            help="Borders: 'recognised' (default) or 'de-facto'; overrides the story's view."
        ),
    ] = None,
    self_contained: Annotated[
        bool,
        typer.Option(
            "--self-contained", help="Inline scripts, styles and icons: no requests but tiles."
        ),
    ] = False,
    geojson: Annotated[Path | None, typer.Option(help="Also write the layers as GeoJSON.")] = None,
    png: Annotated[
        Path | None, typer.Option(help="Also write a PNG of the map (needs Chromium).")
    ] = None,
    png_size: Annotated[str, typer.Option(help="PNG size in pixels, WIDTHxHEIGHT.")] = PNG_SIZE,
    force: Annotated[bool, typer.Option(help="Overwrite an existing output file.")] = False,
    no_title: Annotated[
        bool, typer.Option("--no-title", help="Leave the title and dek to the article.")
    ] = False,
    units: Annotated[
        str | None, typer.Option(help="Labels on the map in 'km' or 'mi' (default km).")
    ] = None,
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
) -> None:
    """Draw a reviewed story file, or an incident table (.csv .geojson .gpkg .parquet)."""
    from geo.files.atomic import check_target, refuse_inputs
    from geo.files.textfile import check_regular
    from geo.tables.reader import TABLE_SUFFIXES
    from maps.page.compose import DEFAULT_TILES

    if tiles is None:  # a self-contained page asks for nothing: the offline basemap
        tiles = "none" if self_contained else DEFAULT_TILES
    if units not in (None, "km", "mi"):
        raise InputError(f"unknown units {units!r}", field="--units", hint="use km or mi")

    # Never write over the input, even with --force; outputs checked before any work.
    refuse_inputs([output, geojson, png, report], [story, *([areas] if areas else [])])
    is_table = story.suffix.lower() in TABLE_SUFFIXES and story.suffix.lower() != ".json"
    check_regular(story, "table" if is_table else "story file")  # a FIFO would hang
    _refuse_options(
        "tables" if is_table else "story files",
        {
            "--geojson": geojson,
            "--png": png,
            "--view": view,
            "--png-size": png_size != PNG_SIZE,
            "--no-title": no_title,
            "--units": units,
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
            "--png-size": png is None and png_size != PNG_SIZE,
        },
    )
    if is_table:
        from maps.cli.table import render_table

        render_table(story, output, tiles=tiles, tiles_key=tiles_key, force=force,
                     self_contained=self_contained, play=play, aggregate=aggregate,
                     columns=columns, report=report, console=err,
                     text={"title": title, "dek": dek, "credit": credit})  # fmt: skip
        return
    import dataclasses
    import tempfile

    from geo.files.atomic import write_atomic
    from geo.story.read import load_story
    from geo.story.resolve import resolve_story
    from maps.export.save import check_html_target, geojson_text, save_html
    from maps.page.compose import build_map

    size = _png_size(png_size) if png is not None else None  # before the work
    check_html_target(output, force=force)
    for extra in (geojson, png):
        if extra is not None:
            check_target(extra, force=force)
    from maps.page.dated_areas import read_areas

    own = read_areas(areas) if areas is not None else None  # checked before the work
    with steps() as step:
        step(f"reading {story}")
        s = load_story(story)
        if view is not None:
            if view not in ("recognised", "de-facto"):
                raise InputError(
                    f"unknown view '{view}'", field="--view", hint="use 'recognised' or 'de-facto'"
                )
            s = dataclasses.replace(s, view=view)
        step(f"placing names and measuring distances{FIRST_RUN}")
        resolved = resolve_story(s)
        step("composing the map")
        look = {"units": units, "show_title": not no_title, "areas": own}
        m = build_map(resolved, tiles=tiles, tiles_key=tiles_key, self_contained=self_contained,
                      **look)  # fmt: skip
        step(f"writing {output}")
        written = save_html(m, output, force=force)
        if geojson is not None:
            write_atomic(geojson, geojson_text(resolved), force=force)
        if png is not None and size is not None:
            from maps.export.snapshot import snapshot

            step(f"drawing {png}")
            page = written
            with tempfile.TemporaryDirectory(prefix="incident-map-") as tmp:
                if not self_contained:  # the browser gets no CDN: draw an inline copy
                    inline = build_map(
                        resolved, tiles=tiles, tiles_key=tiles_key, self_contained=True, **look
                    )
                    page = save_html(inline, Path(tmp) / "map.html")
                # Drawn in the private folder, then moved into place like every output.
                write_atomic(png, snapshot(page, Path(tmp) / "map.png", *size).read_bytes(),
                             force=force)  # fmt: skip
    for warning in resolved.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)
    for row in resolved.distances.itertuples():
        check = f" ({row.verdict})" if row.verdict else ""
        err.print(f"{row.label}: {row.km:.0f} km{check}", highlight=False, markup=False)
    err.print(f"wrote {written}", highlight=False, markup=False)
