"""The ``incident-map`` command line, one module per command (like rasterio's ``rio``).

``app`` assembles the commands; ``console`` holds what they share. ``main`` is the entry
point: a plain ``geoparse`` call in a pipeline is answered before Typer and Rich are
imported (about 0.2 s of start-up, see ``maps.cli.geoparse.fast_main``).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run ``incident-map`` with ``argv`` (default: the process's arguments); the exit code.

    Exit codes: 0 ok, 2 bad input (the message names the file, line and field), 1 internal
    error.

    >>> main(["--help"]) == 0  # doctest: +SKIP
    True
    """
    if argv is None and sys.argv[1:2] == ["geoparse"]:
        from maps.cli.geoparse import fast_main

        if (code := fast_main(sys.argv[1:])) is not None:
            return code
    from maps.cli.app import run

    return run(argv)
