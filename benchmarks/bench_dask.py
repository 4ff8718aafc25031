"""Corpus geoparsing on Dask: articles per second with one worker and with two, and the speed-up.

    .venv/bin/python benchmarks/bench_dask.py              # 100,000 generated articles
    .venv/bin/python benchmarks/bench_dask.py --n 20000 --repeats 3

A ``LocalCluster`` of N single-threaded worker processes runs ``maps.cli.corpus.run_dask``
(geoparsing and incident extraction per partition, rows gathered and put in corpus order).
Each figure is the median of ``--repeats`` runs on a warm cluster (gazetteer already open in
each worker). Articles are generated from wire-copy sentences with places and incidents.
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import time

import pandas as pd

PLACES = [
    "Moscow",
    "Bryansk province",
    "Kyiv",
    "Boise, Idaho",
    "the Kremlin",
    "Kursk",
    "Paris",
    "Belgorod",
    "Springfield",
    "London",
    "Texas",
    "Odesa",
]
SENTENCES = [
    "Two drones were shot down over {p} on {d} May 2023, officials said.",
    "An explosion hit a rail depot in {p} on {d} May.",
    "Residents of {p} described loud bangs before dawn.",
    "Artillery shelled the outskirts of {p} overnight.",
    "The governor said nobody was hurt and damage was limited.",
    "A freight train derailed near {p} after a blast.",
    "Authorities in {p} banned fireworks for the holiday.",
]


def generated(n: int, seed: int = 11) -> pd.DataFrame:
    """``n`` articles of six sentences, in the frame ``geo.tables.corpus.read_corpus`` returns."""
    rng = random.Random(seed)
    texts = [
        " ".join(
            rng.choice(SENTENCES).format(p=rng.choice(PLACES), d=rng.randint(1, 28))
            for _ in range(6)
        )
        for _ in range(n)
    ]
    return pd.DataFrame(
        {
            "row": range(n),
            "id": pd.array([f"a{i}" for i in range(n)], dtype="string"),
            "text": pd.array(texts, dtype="string"),
            "date": pd.Series(pd.to_datetime(["2023-05-30"] * n)).astype("datetime64[s]"),
            "url": pd.array([None] * n, dtype="string"),
        }
    )


def rate(articles: pd.DataFrame, workers: int, repeats: int, partitions: int) -> float:
    """Median articles/s of ``repeats`` runs on a warm ``workers``-process LocalCluster."""
    from distributed import Client, LocalCluster

    from maps.cli.corpus import run_dask

    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        run_dask(articles.iloc[: 20 * workers], client, workers)  # warm: open the gazetteers
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            rows = run_dask(articles, client, partitions).rows
            times.append(time.perf_counter() - t0)
        print(
            f"  {workers} worker(s): {len(rows)} rows; runs {', '.join(f'{t:.1f}s' for t in times)}"
        )
    return len(articles) / statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="articles (default 100,000)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--partitions", type=int, default=None, help="default: by size")
    args = ap.parse_args()

    from geo.text.geoparse import _default
    from maps.cli.corpus import default_partitions

    _default()  # build the index once, before any worker opens it
    articles = generated(args.n)
    parts = args.partitions or default_partitions(args.n, 2)
    print(f"{args.n} articles, {parts} partitions, median of {args.repeats}")
    one = rate(articles, 1, args.repeats, parts)
    two = rate(articles, 2, args.repeats, parts)
    print(f"1 worker : {one:8.0f} articles/s")
    print(f"2 workers: {two:8.0f} articles/s")
    print(f"speed-up : {two / one:8.2f}x")


if __name__ == "__main__":
    main()
