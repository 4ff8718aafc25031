"""The publishing options ``render`` and ``build`` share, and writing what they ask for.

One map page (``-o``), and on request its layers as GeoJSON (``--geojson``) and a PNG
(``--png``, drawn by headless Chromium from a self-contained copy), for a story or a table.
Targets are checked before any work (:func:`check_targets`); each file written is reported.

    incident-map render story.yaml -o map.html --self-contained --geojson map.geojson --png m.png
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from geo.errors import InputError
from geo.story.read import MAX_STORY_ITEMS, too_many_items
from maps.cli.outputs import GEOJSON, HTML, PNG, Output, check_stdout, write_stdout

VIEWS = ("recognised", "de-facto")
PNG_SIZE = "1200x800"
# A PNG is for an article or a social card: 8,000 px a side and 32 million pixels cover a
# print page at 300 dpi. Past that Chromium needs gigabytes (20000x20000 took 1.8 GB, and
# 100000x100000 ran 74 s and failed).
PNG_MAX_SIDE = 8000
PNG_MAX_PIXELS = 32_000_000

# Typer options, one definition for both commands
Tiles = Annotated[
    str | None,
    typer.Option(
        help="xyzservices provider name, or 'none' for the offline basemap drawn in the page "
        "(the default with --self-contained; else Esri.WorldGrayCanvas with English names)."
    ),
]
NoTitle = Annotated[
    bool, typer.Option("--no-title", help="Leave the title and dek to the article.")
]
Units = Annotated[
    str | None,
    typer.Option(help="Labels on the map in 'km' or 'mi' (default: the story's, else km)."),
]


def tiles_and_units(tiles: str | None, self_contained: bool, units: str | None) -> str:
    """The tile provider to use: a self-contained page asks for nothing (the offline
    basemap) unless tiles are named; ``units`` checked on the way.

    >>> tiles_and_units(None, True, "km")
    'none'
    """
    from maps.page.compose import DEFAULT_TILES

    if units not in (None, "km", "mi"):
        raise InputError(f"unknown units {units!r}", field="--units", hint="use km or mi")
    if tiles is None:
        return "none" if self_contained else DEFAULT_TILES
    return tiles


TilesKey = Annotated[
    str | None, typer.Option(help="API key for tile providers that need one (CARTO).")
]
ViewOpt = Annotated[
    str | None,
    typer.Option(help="Borders: 'recognised' (default) or 'de-facto'; overrides the story's."),
]
SelfContained = Annotated[
    bool,
    typer.Option(
        "--self-contained", help="Inline scripts, styles and icons: no requests but tiles."
    ),
]
GeojsonOpt = Annotated[
    str | None, typer.Option("--geojson", help="Also write the layers as GeoJSON ('-': stdout).")
]
PngOpt = Annotated[
    str | None, typer.Option("--png", help="Also write a PNG of the map (needs Chromium).")
]
PngSize = Annotated[str, typer.Option(help="PNG size in pixels, WIDTHxHEIGHT.")]
OutputOpt = Annotated[
    str,
    typer.Option(
        "-o",
        "--output",
        help="HTML file to write; 'DIR/' writes DIR/<input name>.html; '-' writes to stdout.",
    ),
]


@dataclass(frozen=True)
class Targets:
    """The checked outputs of one command."""

    html: Output
    geojson: Output | None = None
    png: Output | None = None
    png_size: tuple[int, int] = (1200, 800)


def png_size(text: str) -> tuple[int, int]:
    """``"1200x800"`` -> ``(1200, 800)``.

    >>> png_size("800x600")
    (800, 600)
    """
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


def check_view(view: str | None) -> str | None:
    if view is not None and view not in VIEWS:
        raise InputError(
            f"unknown view '{view}'", field="--view", hint="use 'recognised' or 'de-facto'"
        )
    return view


def check_targets(
    source: Path,
    output: str,
    geojson: str | None,
    png: str | None,
    size: str,
    *,
    force: bool,
    extra: tuple[Path | None, ...] = (),
) -> Targets:
    """Parse and check every output before any work: suffixes, folders, stdout, inputs."""
    from geo.files.atomic import check_target, refuse_inputs
    from maps.export.save import check_html_target

    html = Output.parse(output, source, HTML, "--output")
    assert html is not None
    more = [Output.parse(geojson, source, GEOJSON, "--geojson"), Output.parse(png, source, PNG,
            "--png")]  # fmt: skip
    check_stdout([html, *more])
    files = [o.path for o in (html, *more) if o is not None and o.path is not None]
    refuse_inputs([*files, *extra], [source])
    if html.path is not None:
        check_html_target(html.path, force=force)
    for o in more:
        if o is not None and o.path is not None:
            check_target(o.path, force=force)
    return Targets(html, more[0], more[1], png_size(size) if png is not None else (1200, 800))


def _emit(out: Output, data: str | bytes, force: bool, say: Callable[[str], None]) -> None:
    from geo.files.atomic import write_atomic

    if out.stdout:
        write_stdout(data)
        return
    assert out.path is not None
    write_atomic(out.path, data, force=force)
    say(f"wrote {out.path}")


def write_map(
    build: Callable[[bool], Any],
    geojson_text: Callable[[], str] | None,
    targets: Targets,
    *,
    self_contained: bool,
    force: bool,
    say: Callable[[str], None],
    step: Callable[[str], None] = lambda _: None,
) -> None:
    """Write the page ``build(self_contained)`` makes, and the GeoJSON and PNG asked for."""
    from maps.export.save import save_html

    step("composing the map")
    m = build(self_contained)
    with tempfile.TemporaryDirectory(prefix="incident-map-") as tmp:
        if targets.html.stdout:
            # the page goes through the same writer as a file would, then out
            write_stdout(save_html(m, Path(tmp) / "map.html").read_bytes())
        else:
            assert targets.html.path is not None
            step(f"writing {targets.html.path}")
            say(f"wrote {save_html(m, targets.html.path, force=force)}")
        if targets.geojson is not None:
            if geojson_text is None:  # pragma: no cover - every caller has layers
                raise InputError("this map has no layers to write", field="--geojson")
            _emit(targets.geojson, geojson_text(), force, say)
        if targets.png is not None:
            from maps.export.snapshot import snapshot

            step(f"drawing {targets.png.path}")
            page = save_html(m if self_contained else build(True), Path(tmp) / "inline.html")
            shot = snapshot(page, Path(tmp) / "map.png", *targets.png_size)
            _emit(targets.png, shot.read_bytes(), force, say)


def table_geojson(table) -> str:
    """The placed rows of an incident table as GeoJSON points, with the table's columns.

    >>> import pandas as pd
    >>> from geo.tables.reader import read_table
    >>> t = read_table(pd.DataFrame({"lat": [50.45], "lon": [30.52], "event_date": ["3/5/24"]}))
    >>> json.loads(table_geojson(t))["features"][0]["geometry"]["coordinates"]
    [30.52, 50.45]
    """
    frame = table.frame.loc[table.placed]
    features = []
    for (_, row), lat, lon, day in zip(
        frame[table.columns].iterrows(),
        frame["_lat"],
        frame["_lon"],
        frame["_day"].astype("datetime64[s]").astype(str),
        strict=True,
    ):
        props = {k: v for k, v in row.items()}
        props["day"] = None if day == "NaT" else day[:10]
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False) + (
        "\n"
    )


def with_view(story, view: str | None):
    """The story with ``--view`` applied (the story's own view when not given); a story
    with more than ``MAX_STORY_ITEMS`` places, incidents, distances and rings is refused
    (a story file is counted before it is parsed; this catches stories built in Python)."""
    items = len(story.places) + len(story.incidents) + len(story.distances) + len(story.rings)
    if items > MAX_STORY_ITEMS:
        raise too_many_items(items, story.path)
    return story if view is None else dataclasses.replace(story, view=view)
