"""``incident-map geoparse CORPUS --out mentions.parquet``: geoparse a corpus, locally or on Dask.

The corpus (JSON Lines, CSV or Parquet, see :mod:`geo.tables.corpus`) is cut into partitions of
consecutive articles; each partition goes through :func:`geo.tables.corpus.geoparse_frame` (and,
with ``--border XX``, :func:`geo.tables.aggregate.border_km`), and the parts are put back in corpus
order by :func:`geo.tables.corpus.finish`, so both engines give the same rows:

- ``--engine local`` (default): one process, partition after partition;
- ``--engine dask``: a ``dask.dataframe`` of the articles, one task per partition, on a
  ``LocalCluster`` (one single-threaded worker process per core: geoparsing is pure Python)
  or on the scheduler given by ``--scheduler tcp://host:8786``. A worker plugin opens the
  gazetteer index once per worker when it joins; tasks never carry it.

The result is GeoParquet (points in EPSG:4326), written atomically; an existing output is
replaced only with ``--force`` and never when it is the corpus itself.

One bad article never stops the batch: an article that cannot be read (broken JSON line,
not an object, over-long text, empty id, lone surrogate, bad date) or geoparsed is left out,
named on stderr by file, line and field, and answered on stdout with the error object of
``geoparse --jsonl`` (``{"id", "error", "mentions": []}``, one JSON line each); the others
are geoparsed and written, and the command exits 2 to say some failed.

>>> geoparse_corpus(Path("news.jsonl"), Path("mentions.parquet"), engine="dask")  # doctest: +SKIP
"""

from __future__ import annotations

import io
import itertools
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geo.errors import InputError
from geo.tables.aggregate import combine, incidents_per_day, incidents_per_place
from geo.tables.corpus import (
    BadArticle,
    empty_frame,
    finish,
    geoparse_frame,
    read_corpus,
    split_errors,
    to_geo,
)

__all__ = [
    "ENGINES",
    "Result",
    "default_partitions",
    "geoparse_corpus",
    "run_dask",
    "run_local",
    "split",
]

ENGINES = ("local", "dask")
OUT_SUFFIXES = (".parquet", ".geoparquet")

Tick = Callable[[], None]  # called once per partition done


@dataclass(frozen=True)
class Result:
    """What a run gives: the rows in corpus order and the aggregates for the scale renderer.

    ``per_place`` and ``per_day`` are computed on each partition where it was geoparsed and
    added up (:func:`geo.tables.aggregate.combine`): only these small tables travel back.
    """

    rows: pd.DataFrame
    per_place: pd.DataFrame
    per_day: pd.DataFrame


def default_partitions(n_articles: int, workers: int = 1) -> int:
    """Enough partitions to keep every worker busy and show progress, ~2,000 articles each.

    >>> default_partitions(60, 2), default_partitions(100_000, 2)
    (8, 50)
    """
    return max(1, min(n_articles, max(4 * workers, math.ceil(n_articles / 2000))))


def split(articles: pd.DataFrame, partitions: int) -> list[pd.DataFrame]:
    """``articles`` cut into ``partitions`` runs of consecutive rows (none empty).

    >>> [len(p) for p in split(pd.DataFrame({"a": range(5)}), 2)]
    [2, 3]
    """
    n = max(1, min(partitions, len(articles)))
    bounds = np.linspace(0, len(articles), n + 1).round().astype(int)
    return [articles.iloc[a:b] for a, b in itertools.pairwise(bounds)]


def _partition(articles: pd.DataFrame, border: str | None, view: str) -> pd.DataFrame:
    """The work of one partition, the same on both engines."""
    rows = geoparse_frame(articles)
    if border:
        from geo.tables.aggregate import border_km

        rows["border_km"] = border_km(rows, border, view).to_numpy()
    return rows


def _meta(border: str | None) -> pd.DataFrame:
    meta = empty_frame()
    if border:
        meta["border_km"] = pd.Series(dtype="float64")
    return meta


def run_local(
    articles: pd.DataFrame,
    partitions: int,
    *,
    border: str | None = None,
    view: str = "recognised",
    tick: Tick | None = None,
) -> pd.DataFrame:
    """All partitions in this process, one after the other."""
    parts = []
    for chunk in split(articles, partitions):
        parts.append(_partition(chunk, border, view))
        if tick:
            tick()
    return _result(
        parts,
        [incidents_per_place(p) for p in parts],
        [incidents_per_day(p) for p in parts],
        border,
    )


def _result(parts: list, places: list, days: list, border: str | None) -> Result:
    empty = _meta(border)
    rows = finish(pd.concat(parts or [empty], ignore_index=True))
    return Result(
        rows,
        combine(places) if places else incidents_per_place(empty),
        combine(days) if days else incidents_per_day(empty),
    )


class GazetteerPlugin:
    """Opens (building if needed) the gazetteer index once in each worker as it joins.

    Subclassed from ``distributed.WorkerPlugin`` on first use so that this module imports
    without Dask.
    """

    name = "incident-map-gazetteer"

    def setup(self, worker=None) -> None:
        from geo.text.geoparse import _default

        _default()


def _plugin():
    from distributed import WorkerPlugin

    return type("IncidentMapGazetteer", (GazetteerPlugin, WorkerPlugin), {})()


def run_dask(
    articles: pd.DataFrame,
    client,
    partitions: int,
    *,
    border: str | None = None,
    view: str = "recognised",
    tick: Tick | None = None,
) -> pd.DataFrame:
    """The partitions as tasks of a ``dask.dataframe`` on ``client``'s cluster.

    Only the articles travel to the workers; each worker's gazetteer is its own, opened by
    :class:`GazetteerPlugin`.
    """
    import dask
    import dask.dataframe as dd
    from distributed import as_completed

    client.register_plugin(_plugin())
    # the partitions go straight to the workers (scatter), not inside the task graph: a
    # graph holding the articles would pass through the scheduler (37 MiB at 100,000)
    chunks = client.scatter(split(articles, partitions), hash=False)  # fresh keys each run
    with dask.config.set({"dataframe.convert-string": False}):  # keep our dtypes as they are
        ddf = dd.from_delayed(chunks, meta=articles.iloc[:0], verify_meta=False)
        rows = ddf.map_partitions(_partition, border, view, meta=_meta(border))
        futures = client.compute(rows.to_delayed())
    # the aggregates run where each partition's rows are; only the small tables come back
    places = client.map(incidents_per_place, futures)
    days = client.map(incidents_per_day, futures)
    for _ in as_completed(futures):
        if tick:
            tick()
    return _result(client.gather(futures), client.gather(places), client.gather(days), border)


def _client(scheduler: str | None, workers: int | None):
    """``(client, cluster)``: on ``scheduler``, or on a new ``LocalCluster`` (else None)."""
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as e:
            raise InputError(
                f"cannot reach the Dask scheduler: {e}",
                field="--scheduler",
                hint="give its address as tcp://host:8786 and check that it is running",
            ) from None
    cluster = LocalCluster(
        n_workers=workers or max(1, os.cpu_count() or 1),
        threads_per_worker=1,  # pure-Python work: processes, not threads, run in parallel
        processes=True,
        dashboard_address=None,
        # a worker's heartbeat that meets a closing scheduler logs an ERROR; real failures
        # reach the client as exceptions
        silence_logs=logging.CRITICAL,
    )
    return Client(cluster), cluster


def _write(gdf, out: Path, force: bool) -> Path:
    from geo.files.atomic import write_atomic

    buf = io.BytesIO()
    gdf.to_parquet(buf, index=False)
    return write_atomic(out, buf.getvalue(), force=force)


def geoparse_corpus(
    corpus: Path,
    out: Path,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    partitions: int | None = None,
    workers: int | None = None,
    border: str | None = None,
    view: str = "recognised",
    per_place: Path | None = None,
    per_day: Path | None = None,
    force: bool = False,
    progress: bool = True,
    say: Callable[[str], None] | None = None,
    errors: list[dict] | None = None,
):
    """Geoparse ``corpus`` into the GeoParquet file ``out``; returns the GeoDataFrame written.

    ``per_place`` / ``per_day``: CSV files for incidents per place (``render`` maps it, one
    row per place) and per day. Bad input (corpus, output names, engine, border code,
    scheduler) is an ``InputError`` before any work starts. An article that cannot be read
    or geoparsed is left out and the rest written: ``errors`` receives one error object
    (``{"id", "error", "mentions": []}``) per such article, in corpus order; without the
    list, an ``InputError`` after the writing says how many failed.
    """
    from geo.files.atomic import check_target, refuse_inputs

    if engine not in ENGINES:
        raise InputError(
            f"unknown engine {engine!r}", field="--engine", hint="use 'local' or 'dask'"
        )
    if scheduler and engine != "dask":
        raise InputError("needs --engine dask", field="--scheduler", hint="add --engine dask")
    if Path(out).suffix.lower() not in OUT_SUFFIXES:
        raise InputError(
            "the output is GeoParquet", file=str(out), hint="name it with .parquet at the end"
        )
    extras = [p for p in (per_place, per_day) if p is not None]
    for p, field in ((per_place, "--per-place"), (per_day, "--per-day")):
        if p is not None and Path(p).suffix.lower() != ".csv":
            raise InputError("is written as CSV", field=field, hint="name it with .csv at the end")
    refuse_inputs([out, *extras], [corpus])
    for p in (out, *extras):
        check_target(p, force=force)
    if border:
        from geo.geometry.borders import country_geometry

        border = border.strip().upper()
        try:
            country_geometry(border, view)
        except InputError as e:
            raise InputError(e.message, field="--border", hint=e.hint) from None
    bad: list[BadArticle] = []
    articles = read_corpus(corpus, bad)
    from geo.text.geoparse import _default

    _default()  # build the index here once, before any worker looks for it
    t0 = time.perf_counter()
    if engine == "local":
        n = partitions or default_partitions(len(articles), 1)
        with _bar(progress, n) as tick:
            result = run_local(articles, n, border=border, view=view, tick=tick)
    else:
        client, cluster = _client(scheduler, workers)
        try:
            nworkers = max(1, len(client.scheduler_info().get("workers", {})))
            n = partitions or default_partitions(len(articles), nworkers)
            with _bar(progress, n) as tick:
                result = run_dask(articles, client, n, border=border, view=view, tick=tick)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    seconds = time.perf_counter() - t0
    frame, failed = split_errors(result.rows)
    found = _error_objects(bad, failed, str(corpus))
    done = len(articles) - len(failed)
    gdf = to_geo(frame)
    written = _write(gdf, Path(out), force)
    from geo.files.atomic import write_atomic
    from geo.files.csvout import csv_text

    for path, table in ((per_place, result.per_place), (per_day, result.per_day)):
        if path is not None:  # place names come from articles: no formulas in spreadsheets
            write_atomic(path, csv_text(table, date_format="%Y-%m-%d"), force=force)
    if say:
        kinds = frame["record"].value_counts()
        rate = len(articles) / seconds if seconds > 0 else float("inf")
        say(
            f"wrote {written}: {kinds.get('mention', 0)} mentions, "
            f"{kinds.get('incident', 0)} incidents from {done} articles "
            f"({rate:.0f} articles/s, engine {engine})"
        )
    gdf.attrs["articles"] = done  # geoparsed and written
    if errors is not None:
        errors.extend(found)
    elif found:
        raise failed_error(len(found), len(found) + done, corpus, written)
    return gdf


def failed_error(n_bad: int, n_all: int, corpus: Path, written: Path) -> InputError:
    """The closing error of a run that left ``n_bad`` of ``n_all`` articles out."""
    return InputError(
        f"{n_bad:,} of {n_all:,} articles could not be geoparsed (see above); "
        f"{written} holds the rest ({n_all - n_bad:,})",
        file=str(corpus),
        hint="fix or remove those articles, then run again with --force",
    )


def _error_objects(bad: list[BadArticle], failed: pd.DataFrame, corpus: str) -> list[dict]:
    """One ``{"id", "error", "mentions": []}`` per article left out, in corpus order.

    ``bad``: articles that could not be read (their message names file, line and field);
    ``failed``: ``"error"`` rows of articles whose geoparsing failed.
    """
    found = [(b.position, b.id, str(b.error)) for b in bad]
    for row in failed.itertuples(index=False):
        where = InputError(str(row.sentence), file=f"{corpus} (article {row.row + 1})")
        found.append((int(row.row), row.id, str(where)))
    found.sort(key=lambda f: f[0])
    return [
        {"id": rid if isinstance(rid, str | int | float) else None, "error": msg, "mentions": []}
        for _, rid, msg in found
    ]


class _bar:
    """A rich progress bar of partitions done, on stderr; ``tick()`` advances it."""

    def __init__(self, show: bool, total: int) -> None:
        self.show, self.total, self.progress = show, total, None

    def __enter__(self) -> Tick | None:
        if not self.show:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.progress = Progress(
            "partitions",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.progress.start()
        task = self.progress.add_task("geoparse", total=self.total)
        return lambda: self.progress.advance(task)

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()


def corpus_command(
    corpus: Path,
    out: Path | None,
    engine: str,
    scheduler: str | None,
    partitions: int | None,
    workers: int | None,
    border: str | None,
    force: bool,
    say: Callable[[str], None],
    extra: Sequence[str] = (),
    per_place: Path | None = None,
    per_day: Path | None = None,
) -> None:
    """What ``geoparse CORPUS`` runs; ``extra``: options of the JSON Lines mode given too."""
    if extra:
        raise InputError(
            f"{', '.join(extra)} only apply to geoparse --jsonl (stdin)",
            field=extra[0],
            hint="leave it out when geoparsing a corpus file",
        )
    if out is None:
        raise InputError(
            "where to write the result?", field="--out", hint="add --out mentions.parquet"
        )
    import sys

    from maps.cli.geoparse import _dumps

    errors: list[dict] = []
    gdf = geoparse_corpus(
        corpus,
        out,
        engine=engine,
        scheduler=scheduler,
        partitions=partitions,
        workers=workers,
        border=border,
        per_place=per_place,
        per_day=per_day,
        force=force,
        say=say,
        errors=errors,
    )
    if not errors:
        return
    # every error object goes to stdout (a pipeline keeps them); the terminal gets the first
    # few messages, not 100,000 of them
    sys.stdout.write("".join(_dumps(e) for e in errors))
    sys.stdout.flush()
    for e in errors[:_SHOWN]:
        say(f"error: {e['error']}")
    if len(errors) > _SHOWN:
        say(f"... and {len(errors) - _SHOWN:,} more (every one is on standard output)")
    raise failed_error(len(errors), len(errors) + gdf.attrs["articles"], corpus, out)


# Messages shown on the terminal for the articles left out; all are on stdout.
_SHOWN = 20
