"""``incident-map distance``: geodesic distance from a place to a place or a border.

A terminal gets a sentence; a pipe gets a header line and one tab-separated line;
``--json`` and ``--csv`` are for programs. With ``--claimed`` the check's category
(consistent, overstated, understated) is a field of its own.

    $ incident-map distance Kremlin border:UA --claimed 500 --json
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from geo.errors import InputError
from maps.cli.console import FIRST_RUN, err, out, steps
from maps.cli.formats import CsvOpt, JsonOpt, choose, json_text, rows_text

COLUMNS = ("from", "to", "km", "miles", "from_lat", "from_lon", "nearest_lat", "nearest_lon",
           "claimed_km", "category", "verdict")  # fmt: skip


def _category(check) -> str:
    """The claim check's category (newer checks carry one; else from the verdict's words)."""
    category = getattr(check, "category", None)
    if category:
        return str(category)
    word = check.verdict.split(":", 1)[0]
    return "consistent" if word == "roughly right" else word


def measure_row(m, claimed: float | None) -> dict[str, Any]:
    """A measure as a flat record (the JSON, CSV and TSV outputs share it)."""
    from geo.geometry import distances

    row: dict[str, Any] = {
        "from": m.start.label,
        "to": m.end,
        "km": round(m.km, 3),
        "miles": round(distances.km_to_miles(m.km), 3),
        "from_lat": round(m.start.lat, 5),
        "from_lon": round(m.start.lon, 5),
        "nearest_lat": round(m.nearest[0], 5) if m.nearest else None,
        "nearest_lon": round(m.nearest[1], 5) if m.nearest else None,
        "claimed_km": claimed,
        "category": None,
        "verdict": None,
    }
    if claimed is not None:
        check = distances.check_claim(claimed, m.km)
        row["category"], row["verdict"] = _category(check), check.verdict
    return row


def distance(
    a: Annotated[str, typer.Argument(help="A place name or 'lat,lon'.")],
    b: Annotated[str, typer.Argument(help="A place name, 'lat,lon' or 'border:UA'.")],
    view: Annotated[str, typer.Option(help="'recognised' or 'de-facto' borders.")] = ("recognised"),
    claimed: Annotated[float | None, typer.Option(help="A claimed distance in km.")] = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Measure the geodesic distance from A to B (B may be the border of a country)."""
    from geo.api import distance as measure

    fmt = choose(as_json, as_csv)
    if view not in ("recognised", "de-facto"):
        raise InputError(f"unknown view '{view}'", field="--view",
                         hint="use 'recognised' or 'de-facto'")  # fmt: skip
    with steps() as step:
        step(f"placing {a} and {b}{FIRST_RUN}")
        m = measure(a, b, view=view)
    row = measure_row(m, claimed)
    if fmt == "json":
        out.file.write(json_text({**row, "warnings": list(m.warnings)}))
    elif fmt in ("csv", "tsv"):
        out.file.write(rows_text([row], fmt, COLUMNS))
    else:
        label = m.end
        if m.nearest is not None:
            label = f"{m.end} (nearest point {m.nearest[0]:.4f}, {m.nearest[1]:.4f})"
        say = out.print
        say(f"{row['from']} -> {label}: {m.km:.1f} km ({row['miles']:.1f} mi)",
            highlight=False, markup=False)  # fmt: skip
        if row["verdict"]:
            say(row["verdict"], highlight=False, markup=False)
    for warning in m.warnings:
        err.print(f"warning: {warning}", highlight=False, markup=False)
