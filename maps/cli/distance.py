"""``incident-map distance``: geodesic distance from a place to a place or a border."""

from __future__ import annotations

from typing import Annotated

import typer

from geo.errors import InputError
from maps.cli.console import FIRST_RUN, err, out, steps


def distance(
    a: Annotated[str, typer.Argument(help="A place name or 'lat,lon'.")],
    b: Annotated[str, typer.Argument(help="A place name, 'lat,lon' or 'border:UA'.")],
    view: Annotated[str, typer.Option(help="'recognised' or 'de-facto' borders.")] = ("recognised"),
    claimed: Annotated[float | None, typer.Option(help="A claimed distance in km.")] = None,
) -> None:
    """Measure the geodesic distance from A to B (B may be the border of a country)."""
    from geo.api import distance as measure
    from geo.geometry import distances

    if view not in ("recognised", "de-facto"):
        raise InputError(f"unknown view '{view}'", field="--view",
                         hint="use 'recognised' or 'de-facto'")  # fmt: skip
    with steps() as step:
        step(f"placing {a} and {b}{FIRST_RUN}")
        m = measure(a, b, view=view)
    km = m.km
    label = (
        m.end
        if m.nearest is None
        else f"{m.end} (nearest point {m.nearest[0]:.4f}, {m.nearest[1]:.4f})"
    )
    out.print(
        f"{m.start.label} -> {label}: {km:.1f} km ({distances.km_to_miles(km):.1f} mi)",
        highlight=False,
        markup=False,
    )
    if claimed is not None:
        out.print(distances.check_claim(claimed, km).verdict, highlight=False, markup=False)
    for warning in m.warnings:
        err.print(f"warning: {warning}", highlight=False, markup=False)
