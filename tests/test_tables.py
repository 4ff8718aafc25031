"""Incident tables: column mapping, vectorised validation, row numbers, geocoding, formats."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.errors import InputError, PlaceNotFound
from geo.tables.reader import ColumnMap, detect_mapping, read_table
from geo.tables.report import problems_text, write_problems

ACLED_HEADER = (
    "event_date,event_type,sub_event_type,actor1,country,admin1,location,latitude,longitude,"
    "geo_precision,source,notes,fatalities"
)


def _acled_csv(tmp_path, rows: list[str]):
    path = tmp_path / "acled.csv"
    path.write_text("\n".join([ACLED_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


GOOD = "2024-05-03,Battles,Armed clash,Army,Ukraine,Kharkiv,Vovchansk,50.2906,36.9416,1,Src,n,2"


def test_acled_export_is_recognised_and_every_row_kept(tmp_path):
    rows = [
        GOOD,
        "2024-05-04,Battles,Armed clash,Army,Ukraine,Kharkiv,Vovchansk,abc,36.9,1,Src,n,0",
        "not a day,Protests,Peaceful protest,Crowd,Ukraine,Kyiv,Kyiv,50.45,30.52,1,Src,n,0",
        "2024-05-06,Riots,Mob violence,Mob,Russia,Belgorod,Shebekino,95.0,36.9,2,Src,n,-1",
        "06 May 2024,Riots,Mob violence,Mob,Russia,Belgorod,Shebekino,50.4,36.9,2,Src,n,1",
    ]
    table = read_table(_acled_csv(tmp_path, rows), geocode=False)
    m = table.mapping
    assert (m.lat, m.lon, m.date, m.type, m.place) == (
        "latitude",
        "longitude",
        "event_date",
        "event_type",
        "location",
    )
    assert len(table.frame) == 5  # nothing dropped
    assert table.placed.tolist() == [True, False, True, False, True]
    found = {(r.row, r.line, r.field) for r in table.problems.itertuples()}
    assert (2, 3, "latitude") in found  # "abc": data row 2 is line 3 of the file
    assert (3, 4, "event_date") in found
    assert (4, 5, "latitude") in found  # 95 is off the globe
    assert (4, 5, "fatalities") in found  # -1
    # Rows 2 and 4 have no usable coordinates and geocoding is off: each is reported once,
    # by its wrong latitude (not again as "cannot be placed"), and counted as not placed.
    assert not table.problems["problem"].str.contains("cannot be placed").any()
    assert table.problems.groupby(["row", "field"]).size().max() == 1
    assert str(table.frame["_day"].iloc[4])[:10] == "2024-05-06"  # day-first text date
    assert pd.isna(table.frame["_day"].iloc[2])
    assert table.frame["_lat"].iloc[0] == pytest.approx(50.2906)
    text = problems_text(table)
    assert text.splitlines()[0].endswith("5 rows, 3 placed, 2 not placed, 4 problems")
    assert "acled.csv:4: event_date: 'not a day' is not a date" in text


def test_problems_are_written_as_csv(tmp_path):
    table = read_table(_acled_csv(tmp_path, [GOOD, GOOD.replace("50.2906", "north")]))
    out = write_problems(table, tmp_path / "problems.csv")
    written = pd.read_csv(out)
    assert list(written.columns) == ["row", "line", "field", "value", "problem"]
    assert written.loc[0, ["row", "line", "field", "value"]].tolist() == [2, 3, "latitude", "north"]


def test_place_names_are_geocoded_once_per_distinct_name(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text(
        "date,town,country\n"
        + "2024-01-01,Alpha,UA\n" * 50
        + "2024-01-02,Beta,UA\n" * 30
        + "2024-01-03,Nowhere,UA\n" * 3,
        encoding="utf-8",
    )
    calls: list[tuple[str, str | None]] = []
    where = {"Alpha": (50.0, 30.0), "Beta": (49.0, 31.0)}

    def fake(name: str, country: str | None) -> tuple[float, float]:
        calls.append((name, country))
        if name not in where:
            raise PlaceNotFound(f"no place called {name!r}", suggestions=["Alpha"])
        return where[name]

    table = read_table(path, mapping=ColumnMap(place="town"), geocoder=fake)
    assert sorted(calls) == [("Alpha", "UA"), ("Beta", "UA"), ("Nowhere", "UA")]
    assert table.frame["_lat"].iloc[0] == 50.0 and table.frame["_lon"].iloc[79] == 31.0
    bad = table.problems
    assert bad["row"].tolist() == [81, 82, 83] and bad["line"].tolist() == [82, 83, 84]
    assert bad["problem"].str.contains("did you mean: Alpha").all()


def test_offline_gazetteer_places_known_names(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("location,country\nBryansk,RU\nKharkiv,UA\nQwzxv Qwzxv,UA\n", "utf-8")
    table = read_table(path)
    lat, lon = table.frame["_lat"].to_numpy(), table.frame["_lon"].to_numpy()
    assert lat[0] == pytest.approx(53.25, abs=0.1) and lon[0] == pytest.approx(34.37, abs=0.1)
    assert lat[1] == pytest.approx(50.0, abs=0.1) and lon[1] == pytest.approx(36.25, abs=0.1)
    assert np.isnan(lat[2])
    assert table.problems["row"].tolist() == [3]


def test_column_mapping_errors_name_the_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no latitude/longitude columns") as e:
        read_table(path)
    assert e.value.file == str(path)
    with pytest.raises(InputError, match="no column 'y'"):
        detect_mapping(["a", "b"], ColumnMap(lat="y", lon="b"))
    with pytest.raises(InputError, match="--columns"):
        ColumnMap.parse("latitude:y")
    assert ColumnMap.parse("lat=a, lon=b").lon == "b"
    table = read_table(path, mapping=ColumnMap.parse("lat=a,lon=b"))
    assert (table.frame["_lat"].iloc[0], table.frame["_lon"].iloc[0]) == (1.0, 2.0)


def test_unknown_extension_and_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"cannot read \.docx"):
        read_table(tmp_path / "x.docx")
    with pytest.raises(InputError, match="no such file"):
        read_table(tmp_path / "x.csv")


@pytest.fixture
def geo_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "event_date": ["2024-05-03", "2024-05-04", "2024-05-05"],
            "event_type": ["Battles", "Riots", "Battles"],
            "fatalities": [1, 0, 3],
        },
        geometry=[shapely.Point(36.9, 50.3), None, shapely.box(30, 50, 31, 51)],
        crs=4326,
    )


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".parquet"])
def test_gis_formats_take_coordinates_from_geometry(tmp_path, geo_frame, suffix):
    path = tmp_path / f"incidents{suffix}"
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
        geo_frame.to_parquet(path)
    else:
        geo_frame.to_file(path)
    table = read_table(path, geocode=False)
    assert table.placed.tolist() == [True, False, True]
    assert table.frame["_lat"].iloc[0] == pytest.approx(50.3)
    # An area stands for a point inside it.
    assert 50 < table.frame["_lat"].iloc[2] < 51 and 30 < table.frame["_lon"].iloc[2] < 31
    assert table.frame["fatalities"].tolist() == ["1", "0", "3"]  # attributes as text
    assert table.problems["row"].tolist() == [2]
    assert table.problems["line"].isna().all()  # no file lines outside CSV


def test_plain_parquet_with_lat_lon(tmp_path):
    pytest.importorskip("pyarrow")
    path = tmp_path / "plain.parquet"
    pd.DataFrame({"lat": [50.1, 91.0], "lon": [30.2, 30.0], "type": ["a", "b"]}).to_parquet(path)
    table = read_table(path)
    assert table.placed.tolist() == [True, False]
    assert table.problems.loc[0, "field"] == "lat"
