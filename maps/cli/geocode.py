"""``incident-map geocode``: ranked offline candidates for place names.

Every name is answered, in order; a name the gazetteer does not know is reported on stderr
(with suggestions) and the command exits 2 once all are answered. A terminal gets a table
per name; a pipe gets tab-separated lines; ``--json`` and ``--csv`` are for programs.

    $ incident-map geocode Kyiv "Moscow, Idaho" --limit 1 | cut -f1,3,5
    name	place	country
    Kyiv	Kyiv	UA
    Moscow, Idaho	Moscow, Idaho	US
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from geo.errors import PlaceNotFound
from maps.cli.console import FIRST_RUN, err, out, parse_near, steps
from maps.cli.formats import CsvOpt, JsonOpt, choose, json_text, rows_text

COLUMNS = ("name", "rank", "place", "admin1", "country", "kind", "lat", "lon", "population",
           "source", "score")  # fmt: skip


def candidate_row(name: str, rank: int, c) -> dict[str, Any]:
    """One candidate as a flat record (the JSON, CSV and TSV outputs share it)."""
    p = c.place
    return {
        "name": name,
        "rank": rank,
        "place": p.name,
        "admin1": p.admin1 or "",
        "country": p.country or "",
        "kind": p.kind,
        "lat": round(p.lat, 5),
        "lon": round(p.lon, 5),
        "population": p.population or None,
        "source": f"{p.source}:{p.source_id}",
        "score": round(c.score, 3),
    }


def _table(name: str, rows: list[dict[str, Any]]) -> Table:
    table = Table(title=escape(name), title_justify="left")
    for col in ("#", "place", "country", "kind", "lat", "lon", "population", "source", "score"):
        numeric = col in ("lat", "lon", "population", "score")
        table.add_column(
            col,
            justify="right" if numeric else "left",
            overflow="fold",
            no_wrap=col not in ("place", "source"),
        )
    for r in rows:
        table.add_row(
            str(r["rank"]),
            escape(", ".join(x for x in (r["place"], r["admin1"]) if x)),
            r["country"],
            r["kind"],
            f"{r['lat']:.4f}",
            f"{r['lon']:.4f}",
            f"{r['population']:,}" if r["population"] else "",
            r["source"],
            f"{r['score']:.2f}",
        )
    return table


def geocode(
    names: Annotated[list[str], typer.Argument(help="Place names, e.g. Kyiv 'Paris, Texas'.")],
    country: Annotated[str | None, typer.Option(help="ISO country code hint, e.g. RU.")] = None,
    near: Annotated[str | None, typer.Option(help="'lat,lon' to favour places near it.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Candidates to show per name.")] = 5,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Look names up in the offline gazetteer and show the ranked candidates."""
    from geo.places.gazetteer import geocode as lookup

    fmt = choose(as_json, as_csv)
    latlon = parse_near(near)
    answers: list[dict[str, Any]] = []
    missed = 0
    for name in names:
        with steps() as step:
            step(f"looking up {escape(name)}{FIRST_RUN}")
            try:
                found, error = lookup(name, country=country, near=latlon, limit=limit), None
            except PlaceNotFound as e:  # the next names are still answered
                found, error = [], str(e)
        rows = [candidate_row(name, i, c) for i, c in enumerate(found, 1)]
        if error:
            missed += 1
            err.print(f"error: {error}", highlight=False, markup=False)
        answers.append({"name": name, "candidates": rows, "error": error})
        if fmt == "table" and rows:
            out.print(_table(name, rows))
    if fmt == "json":
        out.file.write(json_text(answers))
    elif fmt in ("csv", "tsv"):
        out.file.write(rows_text([r for a in answers for r in a["candidates"]], fmt, COLUMNS))
    if missed:
        err.print(f"{missed} of {len(names)} names not found", highlight=False, markup=False)
        raise typer.Exit(2)
