"""What every command shares: the two consoles, the progress display, option parsers.

Standard output carries results; messages go to standard error, one message a line.
"""

from __future__ import annotations

from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from geo.errors import InputError

out = Console()
err = Console(stderr=True, soft_wrap=True)  # one message, one line: easy to grep


@contextmanager
def steps():
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
FIRST_RUN = " (the first run builds the offline gazetteer index: about 30 s)"


def parse_near(near: str | None) -> tuple[float, float] | None:
    if near is None:
        return None
    from geo.story.resolve import parse_latlon

    latlon = parse_latlon(near)
    if latlon is None:
        raise InputError(
            f"'{near}' is not a latitude,longitude pair",
            field="--near",
            hint="write it as --near 46.73,-117.0",
        )
    return latlon
