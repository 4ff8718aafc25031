"""One huge text cell does not make a huge page (issue 18, item 2): every text cell that
travels into the page is cut at MAX_CELL_CHARS characters with an ellipsis, each cut cell is
reported by row and column, and the render goes on. Big inputs are made by the test and
rendered in a child process under a memory limit."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.tables.limits import MAX_CELL_CHARS
from geo.tables.reader import read_table

ROOT = Path(__file__).resolve().parents[2]
_RENDER = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from maps.cli import main
sys.exit(main(sys.argv[1:]))
"""
HUGE = 50_000_000  # characters in one cell


def _render(table: Path, tmp_path: Path) -> tuple[int, str, Path, Path]:
    page, report = tmp_path / "m.html", tmp_path / "bad.csv"
    args = ["render", str(table), "-o", str(page), "--report", str(report), "--tiles", "none"]
    proc = subprocess.run([sys.executable, "-c", _RENDER, *args], cwd=ROOT, capture_output=True,
                          text=True, check=False)  # fmt: skip
    return proc.returncode, proc.stderr, page, report


def _noise(n: int) -> str:
    """``n`` random letters and spaces: text that does not compress away in the page."""
    rng = np.random.default_rng(18)
    return rng.choice(np.frombuffer(b"abcdefghijklmnopqrstuvwxyz ", np.uint8), n).tobytes().decode()


def _rows(report: Path) -> list[dict]:
    with report.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_a_50_mb_cell_is_cut_reported_and_the_map_written(tmp_path: Path, kind: str) -> None:
    frame = pd.DataFrame(
        {
            "latitude": ["50.45", "49.99"],
            "longitude": ["30.52", "36.23"],
            "event_date": ["2024-03-02", "2024-03-03"],
            "notes": ["Shelling.", _noise(HUGE)],
        }
    )
    table = tmp_path / f"t.{kind}"
    if kind == "csv":
        frame.to_csv(table, index=False)
    else:
        frame.to_parquet(table)
    code, err, page, report = _render(table, tmp_path)
    assert code == 0, err[-2000:]
    assert "Traceback" not in err and "characters long; the map shows its first 10,000" in err
    assert page.stat().st_size < 1_000_000  # before: tens of MB (the data is packed)
    rows = _rows(report)
    assert [(r["row"], r["field"]) for r in rows] == [("2", "notes")]
    assert rows[0]["problem"] == "is 50,000,000 characters long; the map shows its first 10,000"
    assert len(rows[0]["value"]) < 100 and (kind == "parquet" or rows[0]["line"] == "3")


def test_cells_under_the_cap_and_other_columns_are_left_alone() -> None:
    frame = pd.DataFrame({"lat": ["50.45", "49.99"], "lon": ["30.52", "36.23"],
                          "notes": ["a" * MAX_CELL_CHARS, "e\u0301" * MAX_CELL_CHARS]})  # fmt: skip
    table = read_table(frame)
    notes = table.frame["notes"].tolist()
    assert notes[0] == "a" * MAX_CELL_CHARS  # at the cap: kept whole
    assert len(notes[1]) < MAX_CELL_CHARS and notes[1].endswith(
        "e\u0301…"
    )  # an accent kept with its e
    assert table.problems[["row", "field"]].values.tolist() == [[2, "notes"]]
    assert table.placed.all()


def test_an_over_long_column_name_is_cut_with_a_warning() -> None:
    long = "n" * (MAX_CELL_CHARS * 100)
    frame = pd.DataFrame({"lat": ["50.45"], "lon": ["30.52"], long: ["a"], long + "x": ["b"]})
    table = read_table(frame)
    cut = "n" * (MAX_CELL_CHARS - 1) + "…"
    assert table.columns == ["lat", "lon", cut, cut + " (2)"]
    assert table.frame[cut + " (2)"].tolist() == ["b"]
    assert table.warnings == (
        "column 3: its name is 1,000,000 characters long; cut to 10,000",
        "column 4: its name is 1,000,001 characters long; cut to 10,000",
    )
