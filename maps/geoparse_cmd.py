"""``incident-map geoparse``: geoparse articles streamed as JSON Lines.

Reads ``{"id", "text", "spans"?}`` per line on stdin and writes ``{"id", "mentions": [...]}``
per line on stdout (the contract of the team's geoparse scorer). With "spans" it places
exactly those spans. A bad line is reported on stderr with its number, answered with an
empty record, and the command exits 2 at the end.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer


def _mention_record(m) -> dict:
    p = m.place
    rec = {"start": m.start, "end": m.end, "text": m.text, "role": m.role}
    rec["lat"] = round(p.lat, 5) if p else None
    rec["lon"] = round(p.lon, 5) if p else None
    if p is not None:
        rec.update(name=p.name, kind=p.kind, country=p.country, score=round(m.score, 3))
    return rec


def geoparse_command(
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Read JSON Lines articles on stdin (required).")
    ] = False,
    country: Annotated[
        str | None, typer.Option(help="Country the articles are about, e.g. US.")
    ] = None,
    near: Annotated[str | None, typer.Option(help="'lat,lon' the articles are about.")] = None,
    demonyms: Annotated[
        bool, typer.Option(help="Also report adjectives such as 'Ukrainian'.")
    ] = True,
) -> None:
    """Find and place the toponyms of articles given as JSON Lines on stdin."""
    from rich.console import Console

    from geo.errors import InputError
    from geo.geoparse import _default, geoparse, resolve_spans

    err = Console(stderr=True)
    if not jsonl:
        raise InputError("only JSON Lines input is supported", field="--jsonl", hint="add --jsonl")
    latlon = None
    if near is not None:
        from maps.cli import _parse_near  # imported late: maps.cli imports this module

        latlon = _parse_near(near)
    gz = _default()
    if country:
        gz._country_code(country)  # fail early, naming --country
    bad = 0
    write = sys.stdout.write
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        rid = None
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError("a line must be a JSON object")
            rid = rec.get("id")
            text = rec["text"]
            if not isinstance(text, str):
                raise ValueError('"text" must be a string')
            spans = rec.get("spans")
            if spans is not None:
                pairs = [(int(s), int(e)) for s, e in spans]
                ms = resolve_spans(text, pairs, country=country, near=latlon, gazetteer=gz)
            else:
                ms = geoparse(text, country=country, near=latlon, gazetteer=gz, demonyms=demonyms)
            out = {"id": rid, "mentions": [_mention_record(m) for m in ms]}
        except (ValueError, KeyError, TypeError) as exc:
            bad += 1
            what = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            err.print(f"error: stdin line {n}: {what}", highlight=False, markup=False)
            out = {"id": rid, "mentions": []}
        write(json.dumps(out, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    if bad:  # every good line is answered; the exit code (2) says some were not
        raise InputError(
            f"{bad} line(s) could not be read (see above)",
            file="stdin",
            hint='each line must be a JSON object with "id" and "text"',
        )
