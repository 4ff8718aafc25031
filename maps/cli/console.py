"""What every command shares: the two consoles, the progress display, option parsers.

Standard output carries results; messages go to standard error, one message a line.
"""

from __future__ import annotations

from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from geo.errors import InputError, safe_lines


class SafeConsole(Console):
    """A rich ``Console`` that prints no raw control character: every text it is given goes
    through ``geo.errors.safe_lines`` (escapes, one bounded line per line), whatever the
    caller forgot. Rich renderables (tables) are printed as they are."""

    def print(self, *objects, **kwargs) -> None:  # type: ignore[no-untyped-def, override]
        super().print(*(safe_lines(o) if isinstance(o, str) else o for o in objects), **kwargs)


out = SafeConsole()
err = SafeConsole(stderr=True, soft_wrap=True)  # one message, one line: easy to grep


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
