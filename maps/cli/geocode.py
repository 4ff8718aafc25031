"""``incident-map geocode``: ranked offline candidates for place names."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from maps.cli.console import FIRST_RUN, out, parse_near, steps


def geocode(
    names: Annotated[list[str], typer.Argument(help="Place names to look up.")],
    country: Annotated[str | None, typer.Option(help="ISO country code hint, e.g. RU.")] = None,
    near: Annotated[str | None, typer.Option(help="'lat,lon' to favour places near it.")] = None,
    limit: Annotated[int, typer.Option(help="Candidates to show per name.")] = 5,
) -> None:
    """Look names up in the offline gazetteer and show the ranked candidates."""
    from geo.places.gazetteer import geocode as lookup

    latlon = parse_near(near)
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
        with steps() as step:
            step(f"looking up {escape(name)}{FIRST_RUN}")
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
