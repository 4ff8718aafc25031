"""``incident-map geoparse``: geoparse articles streamed as JSON Lines.

Reads ``{"id", "text", "spans"?}`` per line on stdin and writes ``{"id", "mentions": [...]}``
per line on stdout (the contract of the team's geoparse scorer). With "spans" it places
exactly those spans. Lines are answered as they come (what is waiting is answered and
flushed before more is read; at most 1.6 MB a line, 200 kB of text). A bad line is reported
on stderr with its number and answered with an error object ``{"id", "error", "mentions":
[]}``; the others are answered, and the command exits 2 at the end.

Start-up matters when a scorer or a pipeline runs the command once per batch: :func:`fast_main`
serves the plain ``geoparse --jsonl [--country C] [--near LAT,LON] [--no-demonyms] [--jobs N]``
before Typer and Rich are imported (about 0.2 s); anything else goes through Typer.
"""

import json
import re  # json imports it already: no start-up cost
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


# One line holds one article: its text is capped like ``extract``'s articles (200 kB), and
# the line (JSON escapes can take six bytes a character) at eight times that. A longer line
# is answered with an error object, read past in blocks, never held in memory.
MAX_TEXT_BYTES = 200_000
MAX_LINE_BYTES = 8 * MAX_TEXT_BYTES
# Below this many articles waiting, a second process costs more than it saves; a batch
# holds at most this many lines, so memory stays bounded on an endless stream.
_PARALLEL_MIN = 40
_BATCH_LINES = 2000


class _Bad:
    """A line that could not even be read (too long, not UTF-8): its error and any id."""

    def __init__(self, message: str, head: bytes = b"") -> None:
        import re

        self.message = message
        found = re.search(rb'"id"\s*:\s*("(?:[^"\\]|\\.){0,200}"|-?\d{1,30})', head)
        try:
            self.id = json.loads(found.group(1)) if found else None
        except ValueError:
            self.id = None


class _Lines:
    """Lines of a file descriptor, read in blocks, each at most ``cap`` bytes.

    ``waiting()`` says whether a whole line can be had without blocking, so an interactive
    caller that sends one line and waits for its answer gets it at once, while a file piped
    in is answered in batches (in two processes when large).
    """

    def __init__(self, fd: int, cap: int = MAX_LINE_BYTES) -> None:
        self.fd, self.cap = fd, cap
        self.buf = bytearray()
        self.eof = False

    def _fill(self) -> None:
        import os

        block = os.read(self.fd, 1 << 20)
        if block:
            self.buf += block
        else:
            self.eof = True

    def waiting(self) -> bool:
        import select

        if b"\n" in self.buf or self.eof:
            return bool(self.buf) or not self.eof
        try:
            return bool(select.select([self.fd], [], [], 0)[0])
        except (OSError, ValueError):  # not selectable: read as it comes
            return True

    def next(self) -> str | _Bad | None:
        """The next line (without its newline), a ``_Bad``, or None at the end."""
        while b"\n" not in self.buf and not self.eof and len(self.buf) <= self.cap:
            self._fill()
        cut = self.buf.find(b"\n")
        if cut < 0 and len(self.buf) > self.cap:  # too long: skip to its end, keep its head
            head, size = bytes(self.buf[:4096]), len(self.buf)
            self.buf.clear()
            while not self.eof:
                self._fill()
                cut = self.buf.find(b"\n")
                if cut >= 0:
                    size += cut
                    del self.buf[: cut + 1]
                    break
                size += len(self.buf)
                self.buf.clear()
            return _Bad(f"the line is over {self.cap:,} bytes ({size:,} or more)", head)
        if cut < 0:
            if not self.buf:
                return None
            cut = len(self.buf)  # the last line, without a newline
        raw = bytes(self.buf[:cut])
        del self.buf[: cut + 1]
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as e:
            return _Bad(f"not UTF-8 (byte {e.start + 1} of the line)", raw[:4096])


def run(
    jsonl: bool,
    country: str | None,
    near: tuple[float, float] | None,
    demonyms: bool,
    warn,
    jobs: int | None = None,
) -> None:
    """The command's work: stdin JSON Lines in, stdout JSON Lines out; ``warn(msg)`` for errors.

    Answers as it reads: what is waiting on stdin (at most ``_BATCH_LINES`` lines) is
    answered and flushed before more is read, so a pipeline gets each answer as soon as its
    line is in, and memory stays bounded on an endless stream. ``jobs``: processes for a
    batch (None: two when ``_PARALLEL_MIN`` or more lines wait, on a multi-core machine).
    Output keeps the input order. A line that cannot be answered (bad JSON, no text, over
    the caps, anything that fails) gets an error object ``{"id", "error", "mentions": []}``
    and the rest go on; InputError (exit 2) at the end says how many failed.
    """
    import os

    from geo.errors import InputError
    from geo.text.geoparse import _default

    if not jsonl:
        raise InputError("only JSON Lines input is supported", field="--jsonl", hint="add --jsonl")
    gz = _default()
    if country:
        gz._country_code(country)  # fail early, naming --country
    opts = (country, near, demonyms, warn)
    cores = os.cpu_count() or 1
    reader = _Lines(sys.stdin.fileno())
    bad, first_no = 0, 1
    while True:
        batch: list[str | _Bad] = []
        while len(batch) < _BATCH_LINES and (not batch or reader.waiting()):
            line = reader.next()
            if line is None:
                break
            batch.append(line)
        if not batch:
            break
        n_jobs = (
            jobs if jobs is not None else (2 if len(batch) >= _PARALLEL_MIN and cores > 1 else 1)
        )
        if n_jobs > 1 and hasattr(os, "fork") and len(batch) > 1:
            bad += _run_forked(batch, first_no, opts)
        else:
            out, n_bad = _answer(batch, first_no, gz, *opts)
            sys.stdout.write("".join(out))
            bad += n_bad
        sys.stdout.flush()
        first_no += len(batch)
    if bad:  # every good line is answered; the exit code (2) says some were not
        raise InputError(
            f"{bad} line(s) could not be answered (see above)",
            file="stdin",
            hint='each line must be a JSON object with "id" and "text"',
        )


def _run_forked(lines: list, first_no: int, opts: tuple) -> int:
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
            out, bad = _answer(lines[:half], first_no, _default(), *opts)
            with os.fdopen(w, "w", encoding="utf-8") as fh:
                fh.write(f"{bad}\n" + "".join(out))  # the bad-line count first
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    mine, bad = _answer(lines[half:], first_no + half, _default(), *opts)
    with os.fdopen(r, encoding="utf-8") as fh:
        theirs = fh.read()
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if code == 0:
        count, _, rest = theirs.partition("\n")
        theirs_out, theirs_bad = [rest], int(count)
    else:  # the child failed: do its half here (an error in it surfaces normally)
        theirs_out, theirs_bad = _answer(lines[:half], first_no, _default(), *opts)
    sys.stdout.write("".join(theirs_out))
    sys.stdout.write("".join(mine))
    return bad + theirs_bad


# Characters JSON may carry raw that a terminal would act on or reorder (C1 controls, bidi
# overrides and isolates, line and paragraph separators) or that cannot be encoded (lone
# surrogates): written as JSON escapes, which read back as the same string.
_UNSAFE_IN_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)


def _dumps(record: dict) -> str:
    """One output line, UTF-8 and safe on a terminal: a lone surrogate, a C1 control or a
    bidi override in an id or a message is written as a JSON ``\\u`` escape.

    >>> _dumps({"id": "\\ud800\\u202e", "error": "x"})
    '{"id": "\\\\ud800\\\\u202e", "error": "x"}\\n'
    """
    text = json.dumps(record, ensure_ascii=False)
    # outside strings json.dumps writes ASCII only, so every match is inside a string
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def _answer(lines, first_no, gz, country, near, demonyms, warn) -> tuple[list[str], int]:
    """Output lines for ``lines`` (numbered from ``first_no``) and how many were bad.

    Any failure of one line (bad JSON, a bug on an odd text) is that line's error object;
    the others are answered.
    """
    from geo.text.geoparse import geoparse, resolve_spans

    out: list[str] = []
    bad = 0
    for n, line in enumerate(lines, first_no):
        if not isinstance(line, _Bad) and not line.strip():
            continue
        rid = None
        try:
            if isinstance(line, _Bad):
                rid = line.id
                raise ValueError(line.message)
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError("a line must be a JSON object")
            rid = rec.get("id")
            text = rec["text"]
            if not isinstance(text, str):
                raise ValueError('"text" must be a string')
            if len(text) > MAX_TEXT_BYTES // 4 and len(text.encode("utf-8", "replace")) > (
                MAX_TEXT_BYTES
            ):
                raise ValueError(f'"text" is over {MAX_TEXT_BYTES // 1000} kB; split the article')
            spans = rec.get("spans")
            if spans is not None:
                pairs = [(int(s), int(e)) for s, e in spans]
                ms = resolve_spans(text, pairs, country=country, near=near, gazetteer=gz)
            else:
                ms = geoparse(text, country=country, near=near, gazetteer=gz, demonyms=demonyms)
            rec_out = {"id": rid, "mentions": [_mention_record(m) for m in ms]}
        except Exception as exc:  # one article must not stop the batch
            bad += 1
            if isinstance(exc, KeyError):
                what = f"missing field {exc}"
            elif isinstance(exc, ValueError | TypeError):
                what = str(exc)
            else:
                what = f"could not be answered ({type(exc).__name__}: {exc})"
            warn(f"error: stdin line {n}: {what}")
            rec_out = {"id": rid, "error": what, "mentions": []}
        if not isinstance(rid, str | int | float | type(None)):
            rec_out["id"] = None  # an id must be a scalar to be echoed
        out.append(_dumps(rec_out))
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
            typer.Argument(
                help="A corpus file (.jsonl, .csv, .parquet), or a folder of .txt articles, to "
                "geoparse to --out."
            ),
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
