"""``incident-map geoparse``: geoparse articles streamed as JSON Lines.

Reads ``{"id", "text", "spans"?}`` per line on stdin and writes ``{"id", "mentions": [...]}``
per line on stdout (the contract of the team's geoparse scorer). With "spans" it places
exactly those spans. A bad line is reported on stderr with its number, answered with an
empty record, and the command exits 2 at the end.

Start-up matters when a scorer or a pipeline runs the command once per batch: :func:`fast_main`
serves the plain ``geoparse --jsonl [--country C] [--near LAT,LON] [--no-demonyms]`` call
before Typer and Rich are imported (about 0.2 s); anything else goes through Typer.
"""

import json
import sys

_FLAGS = {"--jsonl", "--demonyms", "--no-demonyms"}
_VALUES = {"--country", "--near"}


def _mention_record(m) -> dict:
    p = m.place
    rec = {"start": m.start, "end": m.end, "text": m.text, "role": m.role}
    rec["lat"] = round(p.lat, 5) if p else None
    rec["lon"] = round(p.lon, 5) if p else None
    if p is not None:
        rec.update(name=p.name, kind=p.kind, country=p.country, score=round(m.score, 3))
    return rec


def run(
    jsonl: bool,
    country: str | None,
    near: tuple[float, float] | None,
    demonyms: bool,
    warn,
) -> None:
    """The command's work: stdin JSON Lines in, stdout JSON Lines out; ``warn(msg)`` for errors.

    Raises InputError (exit 2) when some lines could not be read, after answering the rest.
    """
    from geo.errors import InputError
    from geo.geoparse import _default, geoparse, resolve_spans

    if not jsonl:
        raise InputError("only JSON Lines input is supported", field="--jsonl", hint="add --jsonl")
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
                ms = resolve_spans(text, pairs, country=country, near=near, gazetteer=gz)
            else:
                ms = geoparse(text, country=country, near=near, gazetteer=gz, demonyms=demonyms)
            out = {"id": rid, "mentions": [_mention_record(m) for m in ms]}
        except (ValueError, KeyError, TypeError) as exc:
            bad += 1
            what = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            warn(f"error: stdin line {n}: {what}")
            out = {"id": rid, "mentions": []}
        write(json.dumps(out, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    if bad:  # every good line is answered; the exit code (2) says some were not
        raise InputError(
            f"{bad} line(s) could not be read (see above)",
            file="stdin",
            hint='each line must be a JSON object with "id" and "text"',
        )


def fast_main(argv: list[str]) -> int | None:
    """Run ``geoparse`` without Typer when ``argv`` is a plain call; None means "use Typer".

    >>> fast_main(["render"]) is None
    True
    """
    if argv[:1] != ["geoparse"]:
        return None
    opts: dict[str, str | bool] = {}
    args = argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        name, eq, value = a.partition("=")
        if a in _FLAGS:
            opts[a] = True
        elif name in _VALUES and eq:
            opts[name] = value
        elif a in _VALUES and i + 1 < len(args):
            opts[a] = args[i + 1]
            i += 1
        else:
            return None  # --help, typos: Typer's messages
        i += 1
    from geo.errors import InputError

    def warn(msg: str) -> None:
        sys.stderr.write(msg + "\n")

    try:
        latlon = None
        if "--near" in opts:
            from geo.incidents import parse_latlon

            latlon = parse_latlon(str(opts["--near"]))
            if latlon is None:
                return None  # Typer path words the error
        run(
            bool(opts.get("--jsonl")),
            opts.get("--country"),  # type: ignore[arg-type]
            latlon,
            "--no-demonyms" not in opts,
            warn,
        )
    except InputError as e:
        warn(f"error: {e}")
        return 2
    except KeyboardInterrupt:
        warn("interrupted; no output was left half-written")
        return 130
    except Exception as e:  # same contract as maps.cli.main: no traceback unless asked
        import os

        if os.environ.get("INCIDENT_MAP_DEBUG"):
            raise
        warn(
            f"internal error: {type(e).__name__}: {e}\nThis is a bug in incident-map; run "
            "again with INCIDENT_MAP_DEBUG=1 for the traceback and report it."
        )
        return 1
    return 0


def __getattr__(name: str):
    # The Typer command is built on first access, so fast_main never imports Typer.
    if name != "geoparse_command":
        raise AttributeError(name)
    from typing import Annotated

    import typer

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

        err = Console(stderr=True)
        latlon = None
        if near is not None:
            from maps.cli import _parse_near  # imported late: maps.cli imports this module

            latlon = _parse_near(near)

        def warn(msg: str) -> None:
            err.print(msg, highlight=False, markup=False)

        run(jsonl, country, latlon, demonyms, warn)

    globals()["geoparse_command"] = geoparse_command
    return geoparse_command
