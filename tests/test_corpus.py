"""Corpus geoparsing: readers and their errors, the per-partition function on short texts
written here, aggregates, and the ``geoparse CORPUS --out`` command on the local engine."""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo.errors import InputError
from geo.tables.aggregate import border_km, combine, incidents_per_day, incidents_per_place
from geo.tables.corpus import SCHEMA, finish, geoparse_frame, read_corpus
from maps.cli.corpus import geoparse_corpus, run_local, split

ARTICLES = [
    {
        "id": "a1",
        "text": "Moscow, 3 May 2023. Two drones were shot down over the Kremlin last night, "
        "officials said. Nobody was hurt.",
        "date": "2023-05-03",
        "url": "https://example.com/a1",
    },
    {"id": "a2", "text": "An explosion hit a rail depot in Bryansk province on 2 May 2023."},
    {"id": "a3", "text": "Nothing happened in Boise, Idaho, today."},
]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return finish(geoparse_frame(pd.DataFrame(ARTICLES).pipe(_as_articles)))


def _as_articles(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        row=range(len(frame)), date=pd.to_datetime(frame["date"]).astype("datetime64[s]")
    )


# --------------------------------------------------------------------------- readers


def test_the_three_formats_read_alike(tmp_path: Path) -> None:
    a = read_corpus(_jsonl(tmp_path / "c.jsonl", ARTICLES))
    pd.DataFrame(ARTICLES).to_csv(tmp_path / "c.csv", index=False)
    pd.DataFrame(ARTICLES).to_parquet(tmp_path / "c.parquet")
    for other in ("c.csv", "c.parquet"):
        pd.testing.assert_frame_equal(a, read_corpus(tmp_path / other))
    assert a["row"].tolist() == [0, 1, 2]
    assert a["id"].tolist() == ["a1", "a2", "a3"]
    assert a["date"].iloc[0] == pd.Timestamp("2023-05-03") and pd.isna(a["date"].iloc[1])
    assert a["url"].iloc[0] == "https://example.com/a1" and pd.isna(a["url"].iloc[2])


def test_numeric_ids_become_text_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    p = tmp_path / "c.jsonl"
    p.write_text('{"id": 7, "text": "x"}\n\n{"id": 8, "text": "y"}\n', encoding="utf-8")
    assert read_corpus(p)["id"].tolist() == ["7", "8"]


def test_missing_text_column_is_named(tmp_path: Path) -> None:
    pd.DataFrame({"id": ["a"], "body": ["Moscow"]}).to_csv(tmp_path / "c.csv", index=False)
    with pytest.raises(InputError) as e:
        read_corpus(tmp_path / "c.csv")
    assert e.value.field == "text" and "body" in str(e.value)


def test_missing_id_column_in_parquet_is_named(tmp_path: Path) -> None:
    pd.DataFrame({"text": ["Moscow"]}).to_parquet(tmp_path / "c.parquet")
    with pytest.raises(InputError) as e:
        read_corpus(tmp_path / "c.parquet")
    assert e.value.field == "id"


def test_bad_json_line_is_reported_with_its_number(tmp_path: Path) -> None:
    p = tmp_path / "c.jsonl"
    p.write_text('{"id": "a", "text": "x"}\n{"id": "b", "text": \n', encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_corpus(p)
    assert e.value.line == 2 and "c.jsonl:2" in str(e.value)


def test_a_json_line_without_text_names_line_and_field(tmp_path: Path) -> None:
    p = _jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": "x"}, {"id": "b"}])
    with pytest.raises(InputError) as e:
        read_corpus(p)
    assert (e.value.line, e.value.field) == (2, "text")


def test_bad_date_names_its_csv_line(tmp_path: Path) -> None:
    frame = pd.DataFrame({"id": ["a", "b"], "text": ["x", "y"], "date": ["2023-05-03", "May 4"]})
    frame.to_csv(tmp_path / "c.csv", index=False)
    with pytest.raises(InputError) as e:
        read_corpus(tmp_path / "c.csv")
    assert (e.value.line, e.value.field) == (3, "date") and "May 4" in str(e.value)


def test_empty_id_and_unknown_extension_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as e:
        read_corpus(_jsonl(tmp_path / "c.jsonl", [{"id": " ", "text": "x"}]))
    assert e.value.field == "id" and e.value.line == 1
    (tmp_path / "c.xml").write_text("<a/>", encoding="utf-8")
    with pytest.raises(InputError, match=r"\.xml"):
        read_corpus(tmp_path / "c.xml")
    with pytest.raises(InputError, match="no such file"):
        read_corpus(tmp_path / "missing.csv")


def test_a_folder_of_text_files_reads_as_the_same_articles(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    (folder / "2023" / "may").mkdir(parents=True)
    (folder / ".git").mkdir()
    for i, rec in enumerate(ARTICLES):  # a1 at the top, the others in a sub-folder
        where = folder if i == 0 else folder / "2023" / "may"
        (where / f"{rec['id']}.txt").write_text(rec["text"], encoding="utf-8")
    (folder / ".git" / "HEAD.txt").write_text("ref: refs/heads/main", encoding="utf-8")
    (folder / "notes.csv").write_text("not,an,article", encoding="utf-8")
    got = read_corpus(folder)
    assert got["id"].tolist() == ["2023/may/a2", "2023/may/a3", "a1"]
    by_id = dict(zip(got["id"], got["text"], strict=True))
    assert by_id["a1"] == ARTICLES[0]["text"] and by_id["2023/may/a3"] == ARTICLES[2]["text"]
    assert got["date"].isna().all() and got["row"].tolist() == [0, 1, 2]


def test_a_bad_file_in_a_folder_is_named_and_the_rest_read(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.txt").write_text("Shelling hit Kharkiv overnight.", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"Caf\xe9 in Lyon")  # Latin-1, not UTF-8
    (folder / "c.txt").write_text("  \n", encoding="utf-8")
    bad: list = []
    got = read_corpus(folder, bad)
    assert got["id"].tolist() == ["a"]
    assert [(b.position, b.id) for b in bad] == [(1, "b"), (2, "c")]
    assert str(folder / "b.txt") in str(bad[0].error) and "UTF-8" in str(bad[0].error)
    assert "empty" in str(bad[1].error)
    with pytest.raises(InputError, match=r"b\.txt"):
        read_corpus(folder)  # without the list: the first bad article
    empty = tmp_path / "nothing"
    empty.mkdir()
    with pytest.raises(InputError, match=r"no \.txt articles"):
        read_corpus(empty)


# --------------------------------------------------------------------- per partition


def test_mentions_are_exact_spans_placed_where_expected(rows: pd.DataFrame) -> None:
    assert list(rows.columns) == list(SCHEMA)
    ment = rows[rows["record"] == "mention"]
    texts = {a["id"]: a["text"] for a in ARTICLES}
    for r in ment.itertuples():
        assert texts[r.id][r.start : r.end] == r.text
    kremlin = ment[ment["text"] == "Kremlin"].iloc[0]
    assert kremlin["precision"] == "point" and kremlin["country"] == "RU"
    assert _km(kremlin["lat"], kremlin["lon"], 55.752, 37.6175) < 2
    boise = ment[ment["text"] == "Boise"].iloc[0]
    assert (boise["country"], boise["admin1"]) == ("US", "Idaho")
    # mentions carry the article's date; a3 has none
    assert ment.loc[ment["id"] == "a1", "date"].eq(pd.Timestamp("2023-05-03")).all()
    assert ment.loc[ment["id"] == "a3", "date"].isna().all()


def test_incidents_have_type_place_date_and_sentence(rows: pd.DataFrame) -> None:
    inc = rows[rows["record"] == "incident"].set_index("id")
    assert inc.loc["a1", "type"] == "disrupted_weapons_use" and inc.loc["a1", "count"] == 2
    assert inc.loc["a1", "precision"] == "point"
    assert inc.loc["a1", "sentence"].startswith("Two drones were shot down")
    assert (
        inc.loc["a1", "text"]
        == ARTICLES[0]["text"][inc.loc["a1", "start"] :][
            : inc.loc["a1", "end"] - inc.loc["a1", "start"]
        ]
    )
    assert (
        inc.loc["a2", "type"] == "remote_explosive_landmine_ied"
        and inc.loc["a2", "precision"] == "region"
    )
    assert inc.loc["a2", "date"] == pd.Timestamp("2023-05-02")
    assert _km(inc.loc["a2", "lat"], inc.loc["a2", "lon"], 53.0, 33.5) < 200
    assert "a3" not in inc.index


def test_order_is_article_then_mentions_then_span(rows: pd.DataFrame) -> None:
    key = list(
        zip(
            rows["row"],
            rows["record"].map({"mention": 0, "incident": 1}),
            rows["start"],
            strict=True,
        )
    )
    assert key == sorted(key)
    assert rows.index.tolist() == list(range(len(rows)))


def test_partitioning_does_not_change_the_result(rows: pd.DataFrame) -> None:
    arts = _as_articles(pd.DataFrame(ARTICLES))
    assert [len(p) for p in split(arts, 2)] == [2, 1]
    three, one = run_local(arts, 3), run_local(arts, 1)
    pd.testing.assert_frame_equal(three.rows, rows)
    pd.testing.assert_frame_equal(one.rows, rows)
    # aggregates made per partition and added up equal those of the whole
    pd.testing.assert_frame_equal(three.per_place, incidents_per_place(rows))
    pd.testing.assert_frame_equal(three.per_day, incidents_per_day(rows))


def test_empty_text_gives_no_rows() -> None:
    arts = pd.DataFrame({"row": [0], "id": ["e"], "text": ["  "], "date": [pd.NaT], "url": [None]})
    assert len(finish(geoparse_frame(arts))) == 0


# ------------------------------------------------------------------------ aggregates


def test_aggregates_count_incidents_and_add_up_over_partitions(rows: pd.DataFrame) -> None:
    places = incidents_per_place(rows)
    assert set(places["place"]) == set(rows.loc[rows["record"] == "incident", "place"])
    assert places["incidents"].sum() == (rows["record"] == "incident").sum()
    doubled = combine([places, places])
    assert doubled["incidents"].tolist() == (2 * places["incidents"]).tolist()
    days = incidents_per_day(rows)
    assert pd.Timestamp("2023-05-02") in set(days["date"])
    assert days["incidents"].sum() == rows.loc[rows["record"] == "incident", "date"].notna().sum()


def test_border_km_only_for_incidents(rows: pd.DataFrame) -> None:
    km = border_km(rows, "UA")
    inc = rows["record"] == "incident"
    assert km[~inc].isna().all()
    kremlin = rows[inc & (rows["id"] == "a1")].index[0]
    assert km[kremlin] == pytest.approx(
        453, abs=2
    )  # Moscow-Ukraine, as geo.geometry.distances says


# ---------------------------------------------------------------------------- command


def test_command_writes_geoparquet_and_guards_its_output(tmp_path: Path) -> None:
    corpus = _jsonl(tmp_path / "c.jsonl", ARTICLES)
    out = tmp_path / "m.parquet"
    said: list[str] = []
    gdf = geoparse_corpus(corpus, out, border="ua", progress=False, say=said.append)
    back = gpd.read_parquet(out)
    assert back.crs.to_epsg() == 4326 and len(back) == len(gdf)
    assert "border_km" in back.columns
    first = back.iloc[0]
    assert first.geometry.x == pytest.approx(first["lon"]) and "mentions" in said[0]
    with pytest.raises(InputError, match="already exists"):
        geoparse_corpus(corpus, out, progress=False)
    geoparse_corpus(corpus, out, progress=False, force=True)
    assert "border_km" not in gpd.read_parquet(out).columns
    with pytest.raises(InputError, match="input file"):
        geoparse_corpus(out, out, progress=False, force=True)  # a Parquet corpus over itself
    with pytest.raises(InputError) as e:
        geoparse_corpus(corpus, tmp_path / "x.parquet", border="ZZ", progress=False)
    assert e.value.field == "--border"
    with pytest.raises(InputError) as e:
        geoparse_corpus(corpus, tmp_path / "x.parquet", engine="spark", progress=False)
    assert e.value.field == "--engine"


def test_cli_routes_a_corpus_to_the_corpus_command(tmp_path: Path) -> None:
    from maps.cli import main
    from maps.cli.geoparse import fast_main

    corpus = _jsonl(tmp_path / "c.jsonl", ARTICLES[2:])
    assert fast_main(["geoparse", str(corpus), "--out", "x.parquet"]) is None
    out = tmp_path / "m.parquet"
    assert main(["geoparse", str(corpus), "--out", str(out)]) == 0
    assert gpd.read_parquet(out)["text"].tolist() == ["Boise", "Idaho"]
    assert main(["geoparse", str(corpus)]) == 2  # no --out
    assert main(["geoparse", str(corpus), "--out", str(out), "--force", "--jsonl"]) == 2


def test_cli_writes_aggregates_and_render_maps_only_the_incidents(tmp_path: Path) -> None:
    from maps.cli import main

    corpus = _jsonl(tmp_path / "c.jsonl", ARTICLES)
    out, places, days = tmp_path / "m.parquet", tmp_path / "p.csv", tmp_path / "d.csv"
    args = ["geoparse", str(corpus), "--out", str(out), "--per-place", str(places)]
    assert main([*args, "--per-day", str(days)]) == 0
    rows = gpd.read_parquet(out)
    incidents = rows[rows["record"] == "incident"]
    per_place = pd.read_csv(places)
    assert per_place["incidents"].sum() == incidents["lat"].notna().sum() > 0
    assert set(per_place["place"]) == set(incidents["place"].dropna())
    assert pd.read_csv(days)["incidents"].sum() == incidents["date"].notna().sum()
    # no silent overwrite, and a wrong suffix is named by its option
    assert main([*args, "--per-day", str(days)]) == 2
    assert main([*args, "--force", "--per-day", str(tmp_path / "d.txt")]) == 2
    # render reads the GeoParquet and maps its incident rows, not the mentions
    from geo.tables.reader import read_table

    table = read_table(out)
    assert len(table.frame) == len(incidents) < len(rows)
    html = tmp_path / "m.html"
    assert main(["render", str(out), "-o", str(html)]) == 0
    # the page's payload (its text compressed) counts the incident rows only
    import json
    import re

    page = html.read_text(encoding="utf-8")
    head = re.search(r'type="application/json" id="[^"]+_data">(.*?)</script>', page)
    assert json.loads(head.group(1))["total"] == len(incidents)
