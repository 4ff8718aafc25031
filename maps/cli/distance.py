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
    from geo.geometry import distances
    from geo.story.model import Story
    from geo.story.resolve import Resolver, Where

    if view not in ("recognised", "de-facto"):
        raise InputError(f"unknown view '{view}'", field="--view",
                         hint="use 'recognised' or 'de-facto'")  # fmt: skip
    resolver = Resolver(Story(title="", view=view))  # type: ignore[arg-type]
    with steps() as step:
        step(f"placing {a} and {b}{FIRST_RUN}")
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
