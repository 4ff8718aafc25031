"""The ``incident-map`` command line: a group of small commands, like rasterio's ``rio``.

Exit codes: 0 ok, 2 bad input (the message names the file, line and field), 1 internal
error. Bad input never prints a traceback; set ``INCIDENT_MAP_DEBUG=1`` to see one for an
internal error.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from geo.errors import InputError
from maps.cli import desk, distance, embed, extract, geocode, render
from maps.cli.console import err
from maps.cli.geoparse import geoparse_command

app = typer.Typer(
    name="incident-map",
    help="Turn a news story or an incident table into a map a journalist can publish.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("incident-map")
        except PackageNotFoundError:  # run from a source tree that was never installed
            number = "unknown (not installed)"
        typer.echo(f"incident-map {number}")
        raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn a news story or an incident table into a map a journalist can publish."""


app.command()(render.render)
app.command()(embed.embed)
app.command()(geocode.geocode)
app.command()(distance.distance)
app.command(name="geoparse")(geoparse_command)
app.command(name="extract")(extract.extract_command)
app.command(name="build")(extract.build_command)
app.command(name="desk")(desk.desk_command)


def run(argv: list[str] | None = None) -> int:
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
