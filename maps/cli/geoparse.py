"""``incident-map geoparse``: geoparse articles streamed as JSON Lines.

Reads ``{"id", "text", "spans"?}`` per line on stdin and writes ``{"id", "mentions": [...]}``
per line on stdout (the contract of the team's geoparse scorer). With "spans" it places
exactly those spans. A bad line is reported on stderr with its number, answered with an
empty record, and the command exits 2 at the end.

Start-up matters when a scorer or a pipeline runs the command once per batch: :func:`fast_main`
serves the plain ``geoparse --jsonl [--country C] [--near LAT,LON] [--no-demonyms] [--jobs N]``
before Typer and Rich are imported (about 0.2 s); anything else goes through Typer.
"""

import json
import sys

_FLAGS = {"--jsonl", "--demonyms", "--no-demonyms"}
_VALUES = {"--country", "--near", "--jobs"}


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
    jobs: int | None = None,
) -> None:
    """The command's work: stdin JSON Lines in, stdout JSON Lines out; ``warn(msg)`` for errors.

    ``jobs``: processes (None: two for a large batch on a multi-core machine). Output keeps
    the input order. Raises InputError (exit 2) when some lines could not be read, after
    answering the rest.
    """
    import os

    from geo.errors import InputError
    from geo.text.geoparse import _default

    if not jsonl:
        raise InputError("only JSON Lines input is supported", field="--jsonl", hint="add --jsonl")
    gz = _default()
    if country:
        gz._country_code(country)  # fail early, naming --country
    lines = sys.stdin.readlines()
    if jobs is None:
        jobs = 2 if len(lines) >= _PARALLEL_MIN and (os.cpu_count() or 1) > 1 else 1
    opts = (country, near, demonyms, warn)
    if jobs > 1 and hasattr(os, "fork") and len(lines) > 1:
        bad = _run_forked(lines, opts)
    else:
        out, bad = _answer(lines, 1, gz, *opts)
        sys.stdout.write("".join(out))
    sys.stdout.flush()
    if bad:  # every good line is answered; the exit code (2) says some were not
        raise InputError(
            f"{bad} line(s) could not be read (see above)",
            file="stdin",
            hint='each line must be a JSON object with "id" and "text"',
        )


# Below this many articles a second process costs more than it saves.
_PARALLEL_MIN = 40


def _run_forked(lines: list[str], opts: tuple) -> int:
    """Answer the first half of ``lines`` in a forked child, the rest here; in order.

    The child opens its own gazetteer connection (SQLite connections must not cross a
    fork). If the child dies, its half is answered here. Returns the bad-line count.
    """
    import os

    from geo.text.geoparse import _default

    half = len(lines) // 2
    sys.stdout.flush()
    sys.stderr.flush()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer, hand the text over, exit without cleanup
        code = 1
        try:
            os.close(r)
            out, bad = _answer(lines[:half], 1, _default(), *opts)
            with os.fdopen(w, "w", encoding="utf-8") as fh:
                fh.write(f"{bad}\n" + "".join(out))  # the bad-line count first
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    mine, bad = _answer(lines[half:], half + 1, _default(), *opts)
    with os.fdopen(r, encoding="utf-8") as fh:
        theirs = fh.read()
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if code == 0:
        count, _, rest = theirs.partition("\n")
        theirs_out, theirs_bad = [rest], int(count)
    else:  # the child failed: do its half here (an error in it surfaces normally)
        theirs_out, theirs_bad = _answer(lines[:half], 1, _default(), *opts)
    sys.stdout.write("".join(theirs_out))
    sys.stdout.write("".join(mine))
    return bad + theirs_bad


def _answer(lines, first_no, gz, country, near, demonyms, warn) -> tuple[list[str], int]:
    """Output lines for ``lines`` (numbered from ``first_no``) and how many were bad."""
    from geo.text.geoparse import geoparse, resolve_spans

    out: list[str] = []
    bad = 0
    for n, line in enumerate(lines, first_no):
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
            rec_out = {"id": rid, "mentions": [_mention_record(m) for m in ms]}
        except (ValueError, KeyError, TypeError) as exc:
            bad += 1
            what = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            warn(f"error: stdin line {n}: {what}")
            rec_out = {"id": rid, "mentions": []}
        out.append(json.dumps(rec_out, ensure_ascii=False) + "\n")
    return out, bad


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
    from geo.errors import InputError, safe_lines

    def warn(msg: str) -> None:
        sys.stderr.write(safe_lines(msg) + "\n")

    try:
        latlon = None
        if "--near" in opts:
            from geo.story.resolve import parse_latlon

            latlon = parse_latlon(str(opts["--near"]))
            if latlon is None:
                return None  # Typer path words the error
        jobs = None
        if "--jobs" in opts:
            jobs_s = str(opts["--jobs"])
            if not jobs_s.isdigit() or int(jobs_s) < 1:
                return None  # Typer path words the error
            jobs = int(jobs_s)
        run(
            bool(opts.get("--jsonl")),
            opts.get("--country"),  # type: ignore[arg-type]
            latlon,
            "--no-demonyms" not in opts,
            warn,
            jobs,
        )
    except InputError as e:
        warn(f"error: {e}")
        return 2
    except KeyboardInterrupt:
        warn("interrupted; no output was left half-written")
        return 130
    except Exception as e:  # same contract as maps.cli.app.main: no traceback unless asked
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
    from pathlib import Path
    from typing import Annotated

    import typer

    def geoparse_command(
        corpus: Annotated[
            Path | None,
            typer.Argument(help="A corpus file (.jsonl, .csv, .parquet) to geoparse to --out."),
        ] = None,
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
        jobs: Annotated[
            int | None,
            typer.Option(min=1, help="Processes to use (default: 2 for large batches)."),
        ] = None,
        out: Annotated[
            Path | None, typer.Option("--out", help="CORPUS: GeoParquet file to write.")
        ] = None,
        engine: Annotated[
            str, typer.Option(help="CORPUS: 'local' (one process) or 'dask'.")
        ] = "local",
        scheduler: Annotated[
            str | None,
            typer.Option(help="CORPUS: Dask scheduler, tcp://host:8786 (default: a local one)."),
        ] = None,
        partitions: Annotated[
            int | None, typer.Option(min=1, help="CORPUS: partitions (default: by size).")
        ] = None,
        workers: Annotated[
            int | None, typer.Option(min=1, help="CORPUS: local Dask workers (default: cores).")
        ] = None,
        border: Annotated[
            str | None,
            typer.Option(help="CORPUS: add each incident's km to this country's border, e.g. UA."),
        ] = None,
        per_place: Annotated[
            Path | None,
            typer.Option(help="CORPUS: CSV of incidents per place (render maps it)."),
        ] = None,
        per_day: Annotated[
            Path | None, typer.Option(help="CORPUS: CSV of incidents per day.")
        ] = None,
        force: Annotated[bool, typer.Option(help="CORPUS: overwrite existing outputs.")] = False,
    ) -> None:
        """Find and place the toponyms of articles: JSON Lines on stdin (--jsonl), or a
        CORPUS file to GeoParquet (--out), on one process or a Dask cluster (--engine dask)."""
        from maps.cli.console import err

        if corpus is not None:
            from maps.cli.corpus import corpus_command

            given = [
                flag
                for flag, on in (
                    ("--jsonl", jsonl),
                    ("--country", country),
                    ("--near", near),
                    ("--jobs", jobs),
                    ("--no-demonyms", not demonyms),
                )
                if on
            ]

            def say(msg: str) -> None:
                err.print(msg, highlight=False, markup=False)

            corpus_command(
                corpus,
                out,
                engine,
                scheduler,
                partitions,
                workers,
                border,
                force,
                say,
                given,
                per_place=per_place,
                per_day=per_day,
            )
            return
        if out is not None:
            from geo.errors import InputError

            raise InputError(
                "needs a CORPUS file", field="--out", hint="geoparse news.jsonl --out m.parquet"
            )
        latlon = None
        if near is not None:
            from maps.cli.console import parse_near

            latlon = parse_near(near)

        def warn(msg: str) -> None:
            err.print(msg, highlight=False, markup=False)

        run(jsonl, country, latlon, demonyms, warn, jobs)

    globals()["geoparse_command"] = geoparse_command
    return geoparse_command
