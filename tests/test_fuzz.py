"""A time-boxed, seeded fuzz run of the story and table loaders (random mutations of a
valid file): any bytes give a story or an ``InputError``, never another exception. The
budget is ``INCIDENT_MAP_FUZZ_SECONDS`` (default 20 s, split between the loaders); CI keeps
it at or under 60. ``INCIDENT_MAP_FUZZ_SEED`` varies the inputs.

    INCIDENT_MAP_FUZZ_SECONDS=300 .venv/bin/pytest -q tests/test_fuzz.py -s   # a longer run
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.files.textfile import decode_utf8
from geo.resources import data_path
from geo.story.read import parse_story

BUDGET = float(os.environ.get("INCIDENT_MAP_FUZZ_SECONDS", "20"))
SEED = data_path("stories/kremlin-2023-05-03.yaml").read_bytes()
# Fragments that hit the YAML reader's and our checker's edges.
TOKENS = (
    b"- |: |\n|  |\t|'|\"|[|]|{|}|&a |*a|!!|? |---|#|\xef\xbb\xbf|\x00|\xff|.nan|.inf|-|lat: |"
    b"date: |2023-02-30|border:|id: k|,|%|9999999999999999999999999999"
).split(b"|")


def mutate(rng: random.Random, seed: bytes) -> bytes:
    """``seed`` with 1 to 8 edits: a token inserted, a run deleted, a byte changed or
    random bytes inserted; one input in ten is random bytes alone."""
    if rng.random() < 0.1:
        return rng.randbytes(rng.randint(0, 200))
    data = bytearray(seed)
    for _ in range(rng.randint(1, 8)):
        pos = rng.randint(0, len(data))
        how = rng.randint(0, 3)
        if how == 0:
            data[pos:pos] = rng.choice(TOKENS)
        elif how == 1:
            del data[pos : pos + rng.randint(1, 40)]
        elif how == 2 and pos < len(data):
            data[pos] = rng.randint(0, 255)
        else:
            data[pos:pos] = rng.randbytes(rng.randint(1, 8))
    return bytes(data)


def fuzz(seed: bytes, load, seconds: float, name: str) -> int:
    """Feed mutants of ``seed`` to ``load`` for ``seconds``; anything but ``InputError``
    fails the test with the input that caused it. Returns the number of inputs tried."""
    rng = random.Random(f"{name}-{os.environ.get('INCIDENT_MAP_FUZZ_SEED', '0')}")
    end, runs = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        data = mutate(rng, seed)
        runs += 1
        try:
            load(data)
        except InputError as e:
            assert str(e), "an empty message"
        except Exception as e:  # the finding: keep the input to replay it
            raise AssertionError(f"{name}: {type(e).__name__}: {e} for input {data!r}") from e
    print(f"{name}: {runs} inputs in {seconds:g} s, no failure")
    return runs


def test_fuzz_story_loader():
    def load(data: bytes) -> None:
        parse_story(decode_utf8(data, "fuzz.yaml"), "fuzz.yaml")

    assert fuzz(SEED, load, BUDGET / 2, "story loader") > 0


CSV = (
    b"event_date,event_type,latitude,longitude,location,country,fatalities\n"
    b"2024-05-03,Explosions,50.45,30.52,Kyiv,UA,2\n"
    b"2024-05-04,Battles,48.0,37.8,,UA,0\n"
)


def test_fuzz_table_loader(tmp_path: Path):
    tables = pytest.importorskip(
        "geo.tables.reader", reason="geo.tables.reader (incident tables) not built"
    )
    path = tmp_path / "fuzz.csv"

    def load(data: bytes) -> None:
        path.write_bytes(data)
        tables.read_table(path, geocode=False)

    assert fuzz(CSV, load, BUDGET / 2, "table loader") > 0
