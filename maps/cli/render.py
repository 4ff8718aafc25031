"""``incident-map render``: draw a story file or an incident table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from geo.errors import InputError
from maps.cli.console import FIRST_RUN, err, steps


def _png_size(text: str) -> tuple[int, int]:
    w, sep, h = text.lower().partition("x")
    if not (sep and w.strip().isdigit() and h.strip().isdigit()) or 0 in (int(w), int(h)):
        raise InputError(
            f"'{text}' is not WIDTHxHEIGHT", field="--png-size", hint="e.g. --png-size 1200x800"
        )
    return int(w), int(h)


def render(
    story: Annotated[Path, typer.Argument(help="Story file (YAML) to draw.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")],
    tiles: Annotated[
        str, typer.Option(help="xyzservices provider name, or 'none' for a plain background.")
    ] = "OpenStreetMap.Mapnik",
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
    png_size: Annotated[str, typer.Option(help="PNG size in pixels, WIDTHxHEIGHT.")] = "1200x800",
    force: Annotated[bool, typer.Option(help="Overwrite an existing output file.")] = False,
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
    keep: Annotated[
        str | None,
        typer.Option(
            help="Tables: the columns popups show, 'all' or NAME,NAME (default: the useful "
            "ones of a wide table, all of a narrow one)."
        ),
    ] = None,
) -> None:
    """Draw a reviewed story file, or an incident table (.csv .geojson .gpkg .parquet)."""
    from geo.files.atomic import check_target, refuse_inputs
    from geo.tables.reader import TABLE_SUFFIXES

    # Never write over the input, even with --force; outputs checked before any work.
    refuse_inputs([output, geojson, png, report], [story])
    if story.suffix.lower() in TABLE_SUFFIXES and story.suffix.lower() != ".json":
        from maps.cli.table import render_table

        render_table(story, output, tiles=tiles, tiles_key=tiles_key, force=force,
                     self_contained=self_contained, play=play, aggregate=aggregate,
                     columns=columns, keep=keep, report=report, console=err)  # fmt: skip
        return
    import dataclasses
    import tempfile

    from geo.files.atomic import write_atomic
    from geo.story.read import load_story
    from geo.story.resolve import resolve_story
    from maps.export.save import check_html_target, geojson_text, save_html
    from maps.page.compose import build_map

    size = _png_size(png_size) if png is not None else None
    check_html_target(output, force=force)
    for extra in (geojson, png):
        if extra is not None:
            check_target(extra, force=force)
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
        m = build_map(resolved, tiles=tiles, tiles_key=tiles_key, self_contained=self_contained)
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
                        resolved, tiles=tiles, tiles_key=tiles_key, self_contained=True
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
