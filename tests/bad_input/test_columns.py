"""Duplicate column names in a CSV are reported (issue 18, item 9): the reader renamed the
second one and silently used the first."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bad_input.helpers import assert_bad_input, run


@pytest.mark.parametrize(
    "header",
    ["lat,lon,lat,event_date", 'lat,lon,"lat",event_date', "lat;lon;lon;event_date"],
)
def test_a_column_name_given_twice_is_exit_2(tmp_path: Path, capsys, header: str):
    sep = ";" if ";" in header else ","
    table = tmp_path / "t.csv"
    row = sep.join(["50.45", "30.52", "10", "2024-01-02"])
    table.write_text(f"{header}\n{row}\n", encoding="utf-8")
    code, text = run(capsys, "render", table, "-o", tmp_path / "m.html")
    name = "lon" if header.count("lon") == 2 else "lat"
    assert_bad_input(code, text, "t.csv:1", f"'{name}' is given twice", "rename one")
    assert not (tmp_path / "m.html").exists()


def test_distinct_names_that_look_alike_are_fine(tmp_path: Path, capsys):
    table = tmp_path / "t.csv"
    table.write_text("lat,lon,lat.1,Lat\n50.45,30.52,1,2\n", encoding="utf-8")
    code, text = run(capsys, "render", table, "-o", tmp_path / "m.html", "--tiles", "none")
    assert code == 0, text
