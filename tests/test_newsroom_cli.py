"""Issue 20, items 3 to 5 on the command line: every name answered, output for people and for
programs, ``-o -`` and ``-o DIR/``, suffixes checked, ``build`` with render's options."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from geo.story.read import parse_story
from maps.cli import main

# A story placed by coordinates only: drawn without the gazetteer, in a second.
TINY = """\
title: Two points
date: 2023-05-03
places:
  - id: a
    name: Point A
    lat: 55.752
    lon: 37.6175
incidents:
  - type: explosion
    place: a
    summary: A bang
distances:
  - from: a
    to: "53.2521,34.3717"
    claimed_km: 350
"""


@pytest.fixture
def tiny(tmp_path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY)
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args])
    got = capsys.readouterr()
    return code, got.out, got.err


# ----------------------------------------------------------------------------- -o


def test_html_to_stdout_writes_no_file(tmp_path, tiny, capsys):
    code, out, err = run(capsys, "render", str(tiny), "-o", "-", "--tiles", "none")
    assert code == 0, err
    assert out.lstrip().lower().startswith("<!doctype html>") and "Point A" in out
    assert not (tmp_path / "-").exists()
    assert "wrote" not in err


def test_geojson_to_stdout_beside_the_page(tmp_path, tiny, capsys):
    page = tmp_path / "m.html"
    code, out, err = run(capsys, "render", str(tiny), "-o", str(page), "--geojson", "-",
                         "--tiles", "none")  # fmt: skip
    assert code == 0, err
    layers = {f["properties"]["layer"] for f in json.loads(out)["features"]}
    assert {"Incidents", "Distances"} <= layers
    assert f"wrote {page}" in err


def test_output_folder_takes_the_input_name(tmp_path, tiny, capsys):
    (tmp_path / "maps").mkdir()
    code, _, err = run(capsys, "render", str(tiny), "-o", f"{tmp_path}/maps/", "--tiles", "none")
    assert code == 0, err
    assert (tmp_path / "maps" / "tiny.html").is_file()
    assert f"wrote {tmp_path / 'maps' / 'tiny.html'}" in err
    code, _, err = run(capsys, "render", str(tiny), "-o", f"{tmp_path}/nope/")
    assert code == 2 and "mkdir -p" in err


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("-o", "map.png", "writes an HTML map, not .png (name it {d}/map.html)"),
        ("-o", "map", "but the name has no suffix (name it {d}/map.html)"),
        ("--geojson", "layers.html", "writes GeoJSON, not .html (name it {d}/layers.geojson)"),
        ("--png", "-", "a PNG image cannot go to standard output"),
    ],
)
def test_wrong_output_suffix_is_refused_naming_the_right_one(
    tmp_path, tiny, capsys, option, value, expected
):
    args = ["render", str(tiny), "-o", str(tmp_path / "ok.html")]
    target = value if value == "-" else str(tmp_path / value)
    code, _, err = run(capsys, *args, option, target)
    assert code == 2
    assert expected.format(d=tmp_path) in err
    assert not list(tmp_path.glob("*.html")) and not list(tmp_path.glob("map*"))


def test_two_outputs_on_stdout_are_refused(tiny, capsys):
    code, out, err = run(capsys, "render", str(tiny), "-o", "-", "--geojson", "-")
    assert code == 2 and out == ""
    assert "only one output can be standard output" in err


def test_render_of_an_article_suggests_build(tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text("Drones were shot down over Bryansk on Tuesday.\n")
    code, _, err = run(capsys, "render", str(article), "-o", str(tmp_path / "a.png"))
    assert code == 2
    assert f"incident-map build {article} -o {tmp_path / 'a.html'}" in err


def test_version(capsys):
    from importlib.metadata import version

    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"incident-map {version('incident-map')}\n")


# ----------------------------------------------------------------------------- extract, build


def test_extract_to_stdout_is_a_story(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Drones were shot down over Bryansk on Tuesday.\n")
    code, out, err = run(capsys, "extract", str(article), "--date", "2023-05-03", "-o", "-")
    assert code == 0, err
    story = parse_story(out)
    assert [p.name for p in story.places] == ["Bryansk"]
    assert f"incident-map extract {article} -o a.yaml" in err
    assert not (tmp_path / "-").exists()


def test_extract_hint_is_a_runnable_render(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Drones were shot down over Bryansk on Tuesday.\n")
    draft = tmp_path / "draft.yaml"
    code, _, err = run(capsys, "extract", str(article), "-o", str(draft))
    assert code == 0, err
    hint = err.split("then: ", 1)[1].splitlines()[0].strip()
    assert hint == f"incident-map render {draft} -o {tmp_path / 'draft.html'}"
    code, _, err = run(capsys, *hint.split()[1:], "--tiles", "none")
    assert code == 0, err
    assert (tmp_path / "draft.html").is_file()


def test_build_takes_the_publishing_options(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Drones were shot down over Bryansk on Tuesday.\n")
    page, layers, story = tmp_path / "b.html", tmp_path / "b.geojson", tmp_path / "b.yaml"
    code, _, err = run(capsys, "build", str(article), "-o", str(page), "--self-contained",
                       "--geojson", str(layers), "--view", "de-facto", "--tiles", "none",
                       "--story", str(story))  # fmt: skip
    assert code == 0, err
    html = page.read_text()
    assert "unpkg.com" not in html and "cdn.jsdelivr" not in html  # inlined
    assert json.loads(layers.read_text())["story"]["view"] == "de-facto"
    for written in (page, layers, story):
        assert f"wrote {written}" in err
    code, _, err = run(capsys, "build", str(article), "-o", str(tmp_path / "x.png"))
    assert code == 2 and "x.html" in err


# ----------------------------------------------------------------------------- tables


def test_render_us_table_in_windows_1252(tmp_path, capsys):
    table = tmp_path / "us.csv"
    table.write_bytes(
        "event_date;latitude;longitude;notes\r\n"
        "05/03/2023;40,71;-74,01;Café\r\n"
        "05/13/2023;34,05;-118,24;\r\n".encode("cp1252")
    )
    page, layers, report = tmp_path / "us.html", tmp_path / "us.geojson", tmp_path / "bad.csv"
    code, _, err = run(capsys, "render", str(table), "-o", str(page), "--geojson", str(layers),
                       "--report", str(report), "--tiles", "none")  # fmt: skip
    assert code == 0, err
    assert "read as Windows-1252, separated by ';'" in err
    features = json.loads(layers.read_text())["features"]
    assert [f["properties"]["day"] for f in features] == ["2023-05-03", "2023-05-13"]
    assert features[0]["properties"]["notes"] == "Café"
    for written in (page, layers, report):
        assert f"wrote {written}" in err


def test_ambiguous_dates_warn_and_options_choose(tmp_path, capsys):
    table = tmp_path / "t.csv"
    table.write_text("date,lat,lon\n05/03/2023,1,1\n")
    code, _, err = run(capsys, "render", str(table), "-o", str(tmp_path / "a.html"),
                       "--tiles", "none")  # fmt: skip
    assert code == 0 and "warning: date: " in err and "day/month/year" in err
    code, _, err = run(capsys, "render", str(table), "-o", str(tmp_path / "b.html"),
                       "--tiles", "none", "--monthfirst", "--geojson", "-")  # fmt: skip
    assert code == 0 and "warning" not in err
    code, _, err = run(capsys, "render", str(table), "-o", str(tmp_path / "c.html"),
                       "--dayfirst", "--monthfirst")  # fmt: skip
    assert code == 2 and "both given" in err


# ----------------------------------------------------------------------------- geocode, distance


def test_geocode_answers_every_name_then_exits_2(capsys):
    code, out, err = run(capsys, "geocode", "Moscow", "xyzzy", "Kyiv", "--limit", "1")
    assert code == 2
    header, *rows = [line.split("\t") for line in out.splitlines()]
    assert header[:3] == ["name", "rank", "place"]
    assert [(r[0], r[header.index("country")]) for r in rows] == [("Moscow", "RU"), ("Kyiv", "UA")]
    assert "xyzzy" in err and "1 of 3 names not found" in err


def test_geocode_json_and_csv(capsys):
    code, out, _ = run(capsys, "geocode", "Kyiv", "qqqzzz", "--json", "--limit", "2")
    assert code == 2
    answers = json.loads(out)
    assert [a["name"] for a in answers] == ["Kyiv", "qqqzzz"]
    assert answers[0]["candidates"][0]["country"] == "UA" and answers[0]["error"] is None
    assert answers[1]["candidates"] == [] and "qqqzzz" in answers[1]["error"]
    code, out, _ = run(capsys, "geocode", "Odesa", "--csv", "--limit", "1")
    assert code == 0
    (row,) = csv.DictReader(io.StringIO(out))
    assert row["place"] == "Odesa" and abs(float(row["lat"]) - 46.48) < 0.1


def test_distance_json_tsv_csv_carry_the_category(capsys):
    args = ("distance", "55.7520,37.6175", "border:UA", "--claimed", "500")
    code, out, _ = run(capsys, *args, "--json")
    assert code == 0
    got = json.loads(out)
    assert abs(got["km"] - 453) < 1 and got["claimed_km"] == 500
    assert got["category"] in ("consistent", "roughly right")
    code, out, _ = run(capsys, *args, "--csv")
    (row,) = csv.DictReader(io.StringIO(out))
    assert row["category"] == got["category"] and row["to"] == "border:UA"
    code, out, _ = run(capsys, *args)  # a pipe: one header and one row, tab-separated
    header, line = (x.split("\t") for x in out.splitlines())
    assert line[header.index("category")] == got["category"]
    code, _, err = run(capsys, *args, "--json", "--csv")
    assert code == 2 and "--json and --csv" in err


def test_yaml_from_stdout_roundtrips(tmp_path, capsys):
    # -o - gives exactly what -o FILE writes
    article = tmp_path / "a.txt"
    article.write_text("Drones were shot down over Bryansk on Tuesday.\n")
    run(capsys, "extract", str(article), "--date", "2023-05-03", "-o", str(tmp_path / "f.yaml"))
    _, out, _ = run(capsys, "extract", str(article), "--date", "2023-05-03", "-o", "-")
    assert yaml.safe_load(out) == yaml.safe_load((tmp_path / "f.yaml").read_text())


def test_a_table_with_no_row_placed_writes_no_map(tmp_path, capsys):
    table = tmp_path / "t.csv"
    table.write_text("location,event_date\nxyzzyqq,2024-05-01\nqqqxyzzy,2024-05-02\n")
    page, report = tmp_path / "t.html", tmp_path / "bad.csv"
    code, _, err = run(capsys, "render", str(table), "-o", str(page), "--report", str(report))
    assert code == 2
    assert "none of the 2 rows could be placed; no map was written" in err
    assert not page.exists() and len(report.read_text().splitlines()) == 3
