"""The Dask engine against the local one: a two-worker ``LocalCluster`` (separate processes)
geoparses a small generated corpus, and the rows match the local engine's row for row."""

from __future__ import annotations

import importlib.util
import logging
import random

import pandas as pd
import pytest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("dask") is None or importlib.util.find_spec("distributed") is None,
    reason="dask and distributed are not installed (pip install 'incident-map[dask]')",
)

PLACES = ["Moscow", "Bryansk province", "Kyiv", "Boise, Idaho", "the Kremlin", "Kursk"]
EVENTS = [
    "Two drones were shot down over {p} on {d} May 2023.",
    "An explosion hit a rail depot in {p} on {d} May 2023.",
    "Residents of {p} described a quiet day.",
    "Artillery shelled the outskirts of {p} overnight.",
]


def _corpus(n: int, seed: int = 3) -> pd.DataFrame:
    rng = random.Random(seed)
    texts = [
        " ".join(
            rng.choice(EVENTS).format(p=rng.choice(PLACES), d=rng.randint(1, 9)) for _ in range(3)
        )
        for _ in range(n)
    ]
    return pd.DataFrame(
        {
            "row": range(n),
            "id": pd.array([f"g{i}" for i in range(n)], dtype="string"),
            "text": pd.array(texts, dtype="string"),
            "date": pd.Series(pd.to_datetime(["2023-05-10"] * n)).astype("datetime64[s]"),
            "url": pd.array([None] * n, dtype="string"),
        }
    )


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    from geo.text.geoparse import _default

    _default()  # the index is built once, here, before the workers look for it
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_workers_are_two_processes_that_share_the_test_index(client) -> None:
    import os

    from geo.resources import cache_dir

    dirs = client.run(lambda: str(cache_dir()))
    assert len(dirs) == 2 and set(dirs.values()) == {str(cache_dir())}
    pids = client.run(os.getpid)
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()


def test_dask_engine_equals_local_engine_row_for_row(client) -> None:
    from geo.tables.corpus import to_geo
    from maps.cli.corpus import run_dask, run_local

    arts = _corpus(40)
    ticks: list[int] = []
    on_dask = run_dask(arts, client, 6, border="UA", tick=lambda: ticks.append(1))
    local = run_local(arts, 1, border="UA")
    assert len(ticks) == 6  # one tick per partition
    assert (local.rows["record"] == "incident").sum() > 10  # the corpus does exercise extraction
    pd.testing.assert_frame_equal(to_geo(on_dask.rows), to_geo(local.rows))
    # aggregates made on the workers per partition and added up: the same as in one piece
    pd.testing.assert_frame_equal(on_dask.per_place, local.per_place)
    pd.testing.assert_frame_equal(on_dask.per_day, local.per_day)
    assert on_dask.per_place["incidents"].sum() == (local.rows["record"] == "incident").sum()


def test_each_worker_opened_its_own_gazetteer_on_the_same_index(client) -> None:
    from geo.places.gazetteer import default_gazetteer
    from maps.cli.corpus import run_dask

    run_dask(_corpus(12), client, 4)

    def opened() -> tuple[int, str]:
        from geo.places.gazetteer import default_gazetteer

        return default_gazetteer.cache_info().currsize, str(default_gazetteer().path)

    here = str(default_gazetteer().path)
    assert set(client.run(opened).values()) == {(1, here)}


def test_command_with_dask_engine_writes_the_same_file(tmp_path, client) -> None:
    import geopandas as gpd

    from maps.cli.corpus import geoparse_corpus

    corpus = tmp_path / "c.parquet"
    _corpus(16).drop(columns="row").to_parquet(corpus)
    a = geoparse_corpus(corpus, tmp_path / "local.parquet", progress=False)
    address = client.scheduler.address
    b = geoparse_corpus(
        corpus, tmp_path / "dask.parquet", engine="dask", scheduler=address, progress=False
    )
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(
        gpd.read_parquet(tmp_path / "local.parquet"), gpd.read_parquet(tmp_path / "dask.parquet")
    )
