"""The ``incident-map`` command line: a group of small commands, like rasterio's ``rio``.

Exit codes: 0 ok, 2 bad input (the message names the file, line and field), 1 internal
error. Bad input never prints a traceback; set ``INCIDENT_MAP_DEBUG=1`` to see one for an
internal error.
"""

from __future__ import annotations

import os
import sys

# `incident-map geoparse` runs once per batch in pipelines: serve it before Typer and Rich
# are imported (~0.2 s of start-up). See maps.geoparse_cmd.fast_main.
if os.path.basename(sys.argv[0]) == "incident-map" and sys.argv[1:2] == ["geoparse"]:
    from maps.geoparse_cmd import fast_main as _fast_main

    if (_code := _fast_main(sys.argv[1:])) is not None:
        sys.exit(_code)

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from geo.errors import InputError

app = typer.Typer(
    name="incident-map",
    help="Turn a news story or an incident table into a map a journalist can publish.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True, soft_wrap=True)  # one message, one line: easy to grep


@contextmanager
def _steps():
    """A progress display on stderr; silent when stderr is not a terminal."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("starting")

        def step(description: str) -> None:
            progress.update(task, description=description)

        yield step


# The first lookup on a machine builds the offline index: say so while the spinner turns.
_FIRST_RUN = " (the first run builds the offline gazetteer index: about 30 s)"


def _parse_near(near: str | None) -> tuple[float, float] | None:
    if near is None:
        return None
    from geo.incidents import parse_latlon

    latlon = parse_latlon(near)
    if latlon is None:
        raise InputError(
            f"'{near}' is not a latitude,longitude pair",
            field="--near",
            hint="write it as --near 46.73,-117.0",
        )
    return latlon


def _png_size(text: str) -> tuple[int, int]:
    w, sep, h = text.lower().partition("x")
    if not (sep and w.strip().isdigit() and h.strip().isdigit()) or 0 in (int(w), int(h)):
        raise InputError(
            f"'{text}' is not WIDTHxHEIGHT", field="--png-size", hint="e.g. --png-size 1200x800"
        )
    return int(w), int(h)


@app.command()
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
) -> None:
    """Draw a reviewed story file, or an incident table (.csv .geojson .gpkg .parquet)."""
    from geo.atomicio import check_target, refuse_inputs
    from geo.tables import TABLE_SUFFIXES

    # Never write over the input, even with --force; outputs checked before any work.
    refuse_inputs([output, geojson, png, report], [story])
    if story.suffix.lower() in TABLE_SUFFIXES and story.suffix.lower() != ".json":
        from maps.table_cmd import render_table

        render_table(story, output, tiles=tiles, tiles_key=tiles_key, force=force,
                     self_contained=self_contained, play=play, aggregate=aggregate,
                     columns=columns, report=report, console=err)  # fmt: skip
        return
    import dataclasses
    import tempfile

    from geo.atomicio import write_atomic
    from geo.incidents import resolve_story
    from geo.storyfile import load_story
    from maps.compose import build_map
    from maps.export import check_html_target, geojson_text, save_html

    size = _png_size(png_size) if png is not None else None
    check_html_target(output, force=force)
    for extra in (geojson, png):
        if extra is not None:
            check_target(extra, force=force)
    with _steps() as step:
        step(f"reading {story}")
        s = load_story(story)
        if view is not None:
            if view not in ("recognised", "de-facto"):
                raise InputError(
                    f"unknown view '{view}'", field="--view", hint="use 'recognised' or 'de-facto'"
                )
            s = dataclasses.replace(s, view=view)
        step(f"placing names and measuring distances{_FIRST_RUN}")
        resolved = resolve_story(s)
        step("composing the map")
        m = build_map(resolved, tiles=tiles, tiles_key=tiles_key, self_contained=self_contained)
        step(f"writing {output}")
        written = save_html(m, output, force=force)
        if geojson is not None:
            write_atomic(geojson, geojson_text(resolved), force=force)
        if png is not None and size is not None:
            from maps.snapshot import snapshot

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


@app.command()
def embed(
    map_url: Annotated[str, typer.Argument(help="Published address of the map page.")],
    title: Annotated[
        str, typer.Option(help="What the map shows (the iframe's title).")
    ] = "Interactive map",
    aspect: Annotated[str, typer.Option(help="Width:height of the embed box.")] = "4:3",
    fallback_image: Annotated[
        str | None, typer.Option(help="URL of a PNG shown without JavaScript (render --png).")
    ] = None,
) -> None:
    """Print the HTML a CMS takes to embed a published map: responsive iframe and fallback."""
    from maps.embed import embed_snippet

    snippet = embed_snippet(map_url, title=title, aspect=aspect, fallback_image=fallback_image)
    sys.stdout.write(snippet)


@app.command()
def geocode(
    names: Annotated[list[str], typer.Argument(help="Place names to look up.")],
    country: Annotated[str | None, typer.Option(help="ISO country code hint, e.g. RU.")] = None,
    near: Annotated[str | None, typer.Option(help="'lat,lon' to favour places near it.")] = None,
    limit: Annotated[int, typer.Option(help="Candidates to show per name.")] = 5,
) -> None:
    """Look names up in the offline gazetteer and show the ranked candidates."""
    from geo.gazetteer import geocode as lookup

    latlon = _parse_near(near)
    for name in names:
        table = Table(title=escape(name), title_justify="left")
        for col in ("#", "place", "country", "kind", "lat", "lon", "population", "source", "score"):
            numeric = col in ("lat", "lon", "population", "score")
            table.add_column(
                col,
                justify="right" if numeric else "left",
                overflow="fold",
                no_wrap=col not in ("place", "source"),
            )
        with _steps() as step:
            step(f"looking up {escape(name)}{_FIRST_RUN}")
            candidates = lookup(name, country=country, near=latlon, limit=limit)
        for i, c in enumerate(candidates, 1):
            p = c.place
            table.add_row(
                str(i),
                escape(", ".join(x for x in (p.name, p.admin1) if x)),
                p.country or "",
                p.kind,
                f"{p.lat:.4f}",
                f"{p.lon:.4f}",
                f"{p.population:,}" if p.population else "",
                f"{p.source}:{p.source_id}",
                f"{c.score:.2f}",
            )
        out.print(table)


@app.command()
def distance(
    a: Annotated[str, typer.Argument(help="A place name or 'lat,lon'.")],
    b: Annotated[str, typer.Argument(help="A place name, 'lat,lon' or 'border:UA'.")],
    view: Annotated[str, typer.Option(help="'recognised' or 'de-facto' borders.")] = ("recognised"),
    claimed: Annotated[float | None, typer.Option(help="A claimed distance in km.")] = None,
) -> None:
    """Measure the geodesic distance from A to B (B may be the border of a country)."""
    from geo import distances
    from geo.incidents import Resolver, Where
    from geo.story import Story

    if view not in ("recognised", "de-facto"):
        raise InputError(f"unknown view '{view}'", field="--view",
                         hint="use 'recognised' or 'de-facto'")  # fmt: skip
    resolver = Resolver(Story(title="", view=view))  # type: ignore[arg-type]
    with _steps() as step:
        step(f"placing {a} and {b}{_FIRST_RUN}")
        pa = resolver.place(a, Where(None, None, "A"))
        if b.lower().startswith("border:"):
            iso = b.split(":", 1)[1].upper()
            near = distances.distance_to_border(pa.lat, pa.lon, iso, view=view)
            km, label = near.km, f"{b} (nearest point {near.lat:.4f}, {near.lon:.4f})"
        else:
            pb = resolver.place(b, Where(None, None, "B"))
            km = float(distances.geodesic_km(pa.lat, pa.lon, pb.lat, pb.lon))
            label = pb.label
    out.print(
        f"{pa.label} -> {label}: {km:.1f} km ({distances.km_to_miles(km):.1f} mi)",
        highlight=False,
        markup=False,
    )
    if claimed is not None:
        out.print(distances.check_claim(claimed, km).verdict, highlight=False, markup=False)
    for warning in resolver.warnings:
        err.print(f"warning: {warning}", highlight=False, markup=False)


from maps.geoparse_cmd import geoparse_command  # noqa: E402

app.command(name="geoparse")(geoparse_command)

from maps.extract_cmd import build_command, extract_command  # noqa: E402

app.command(name="extract")(extract_command)
app.command(name="build")(build_command)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app and map errors to exit codes (0 ok, 2 bad input, 1 bug).

    The app runs in standalone mode, so usage errors and ``--help`` are handled by Typer
    (exit 2 and 0); our own ``InputError`` and bugs come through to here.
    """
    try:
        app(args=argv, prog_name="incident-map")
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except InputError as e:
        err.print(f"error: {e}", highlight=False, markup=False)
        return 2
    except KeyboardInterrupt:
        err.print("interrupted; no output was left half-written", highlight=False)
        return 130
    except Exception as e:
        if os.environ.get("INCIDENT_MAP_DEBUG"):
            raise
        err.print(
            f"internal error: {type(e).__name__}: {e}\n"
            "This is a bug in incident-map; run again with INCIDENT_MAP_DEBUG=1 for the "
            "traceback and report it.",
            highlight=False,
            markup=False,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
