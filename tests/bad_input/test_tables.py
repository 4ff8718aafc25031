"""Broken incident tables: a file that cannot be read is refused (exit 2, one message); a
bad row is reported with its row, line and column, and the map is still drawn."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.bad_input.helpers import assert_bad_input, run

tables = pytest.importorskip(
    "geo.tables.reader", reason="geo.tables.reader (incident tables) not built yet"
)

HEADER = "event_date,event_type,latitude,longitude,location,country,fatalities\n"
ROW = "2024-05-03,Explosions,50.45,30.52,Kyiv,UA,2\n"

CASES = [
    ("empty", b"", ["the table is empty"]),
    ("binary", bytes(range(256)) * 8, ["fuzz.csv"]),
    # UTF-16 is read since tables detect their encoding (tests/test_newsroom_tables.py)
    ("no-coordinates", b"a,b\n1,2\n", ["no latitude/longitude columns", "--columns"]),
]


@pytest.mark.parametrize(("content", "needles"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_unreadable_table_is_refused(tmp_path: Path, capsys, content: bytes, needles: list[str]):
    source, out = tmp_path / "fuzz.csv", tmp_path / "m.html"
    source.write_bytes(content)
    code, text = run(capsys, "render", source, "-o", out, "--tiles", "none")
    assert_bad_input(code, text, *needles)
    assert not out.exists()


@pytest.mark.parametrize(
    ("row", "field", "needle"),
    [
        ("2024-05-03,Explosions,91.5,30.52,Kyiv,UA,2", "latitude", "outside -90..90"),
        ("2024-05-03,Explosions,nan,30.52,,UA,2", "latitude", "not a number"),
        ("2024-02-30,Explosions,50.4,30.52,Kyiv,UA,2", "event_date", "not a date"),
        ("2024-05-03,Explosions,50.4,30.52,Kyiv,UA,-1", "fatalities", "whole number"),
    ],
)
def test_bad_row_is_named_by_line_and_column(tmp_path: Path, capsys, row, field, needle):
    source, out = tmp_path / "t.csv", tmp_path / "m.html"
    source.write_text(HEADER + ROW + row + "\n", encoding="utf-8")
    code, text = run(capsys, "render", source, "-o", out, "--tiles", "none")
    assert code == 0, text
    assert f"t.csv:3: {field}:" in text and needle in text
    assert "Traceback" not in text


def test_render_never_writes_over_its_table(tmp_path: Path, capsys):
    source = tmp_path / "t.csv"
    source.write_text(HEADER + ROW, encoding="utf-8")
    code, text = run(capsys, "render", source, "-o", source, "--force")
    assert_bad_input(code, text, "is also the input file")
    assert source.read_text(encoding="utf-8") == HEADER + ROW


def test_million_rows_with_one_bad_row(tmp_path: Path):
    n, bad = 1_000_000, 654_321
    rng = np.random.default_rng(1)
    lat = np.round(rng.uniform(44, 52, n), 4).astype(str)
    lat[bad] = "95.0"
    lon = np.round(rng.uniform(22, 40, n), 4).astype(str)
    lines = np.char.add(np.char.add(np.char.add("2024-05-03,Explosions,", lat), ","), lon)
    source = tmp_path / "big.csv"
    source.write_text(HEADER.split(",location")[0] + "\n" + "\n".join(lines) + "\n")
    table = tables.read_table(source, geocode=False)
    assert len(table.frame) == n and int(table.placed.sum()) == n - 1
    problems = table.problems
    # Every problem is on that row, and said once.
    assert problems["row"].tolist() == [bad + 1] and problems["line"].tolist() == [bad + 2]
    assert "outside -90..90" in " ".join(problems.loc[problems.field == "latitude", "problem"])
