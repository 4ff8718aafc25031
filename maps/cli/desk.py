"""``incident-map desk``: review a draft (or a story file) in the browser, then publish.

Prints the desk's address (with its secret token) on standard output and opens the
browser; Ctrl+C stops it.

    incident-map desk article.txt --date 2023-05-03
    incident-map desk story.yaml --no-browser --port 8765
"""

from __future__ import annotations

import sys
import time
import webbrowser
from pathlib import Path
from typing import Annotated

import typer

from maps.cli.console import FIRST_RUN, err, steps
from maps.cli.extract import _parse_date

__all__ = ["desk_command"]


def desk_command(
    source: Annotated[
        Path, typer.Argument(help="An article (.txt) to draft from, or a story file (.yaml).")
    ],
    day: Annotated[
        str | None,
        typer.Option("--date", help="The article's date, YYYY-MM-DD (else the dateline's)."),
    ] = None,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0: a free one).")] = 0,
    browser: Annotated[
        bool, typer.Option("--browser/--no-browser", help="Open the browser, or only print.")
    ] = True,
    tiles: Annotated[
        str,
        typer.Option(help="xyzservices provider name, or 'none' for a plain background."),
    ] = "OpenStreetMap.Mapnik",
) -> None:
    """Check the draft beside the article, fix it by choosing, save it and publish the map."""
    from maps.desk.server import bind, start
    from maps.desk.session import Desk

    if port:  # a taken port fails now, not after the slow drafting
        bind(port).close()
    with steps() as step:
        step(f"reading {source}{FIRST_RUN}")
        desk = Desk.open(source, article_date=_parse_date(day))
        step("starting the desk")
        running = start(desk, port=port, tiles=tiles)
    sys.stdout.write(running.url + "\n")
    sys.stdout.flush()
    if browser:
        try:
            opened = webbrowser.open(running.url)
        except webbrowser.Error:
            opened = False
        if not opened:
            err.print(
                "could not start a browser here: open the address above in one yourself",
                highlight=False,
                markup=False,
            )
    err.print(
        f"the desk serves {desk.folder} on 127.0.0.1 only; Ctrl+C stops it",
        highlight=False,
        markup=False,
    )
    try:
        while running.thread.is_alive():
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
        if desk.text != desk.saved:
            err.print("stopped with unsaved changes at the desk", highlight=False, markup=False)
