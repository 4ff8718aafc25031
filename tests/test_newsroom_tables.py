"""Issue 20, items 1 and 2: tables as newsrooms export them (encodings, separators, workbooks,
honest line numbers) and one date reading per column."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.errors import InputError
from geo.tables.days import read_days
from geo.tables.reader import ColumnMap, ReadOptions, read_table


def days(table) -> list[str]:
    return [str(d)[:10] for d in table.frame["_day"].to_numpy()]


# ----------------------------------------------------------------------------- files


def test_excel_semicolon_csv_in_windows_1252(tmp_path):
    # What Excel in Spain or France saves: ';' between cells, ',' in decimals, CRLF, cp1252
    text = (
        "fecha;latitud;longitud;lugar;muertos\r\n"
        "03/05/2023;4,711;-74,072;Bogotá;2\r\n"
        "04/05/2023;6,244;-75,581;Medellín – centro;1\r\n"
    )
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1252"))
    roles = ColumnMap.parse("lat=latitud,lon=longitud,date=fecha,place=lugar,fatalities=muertos")
    t = read_table(path, mapping=roles, options=ReadOptions())
    assert t.frame["lugar"].tolist() == ["Bogotá", "Medellín – centro"]
    assert t.frame["_lat"].tolist() == [4.711, 6.244]
    assert t.frame["_lon"].tolist() == [-74.072, -75.581]
    assert t.notes == (f"{path}: read as Windows-1252, separated by ';'",)
    assert len(t.problems) == 0
    assert days(t) == ["2023-05-03", "2023-05-04"]  # nothing says month first: day first
    assert "fecha: " in t.warnings[0]


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("utf-8-sig", None), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("latin-1", "Windows")],
)
def test_encodings_are_detected(tmp_path, encoding, label):
    path = tmp_path / "t.csv"
    path.write_bytes("lat,lon,place\n50.45,30.52,Zürich\n".encode(encoding))
    t = read_table(path)
    assert t.frame["place"].tolist() == ["Zürich"]
    assert list(t.frame.columns[:3]) == ["lat", "lon", "place"]  # no BOM in the first name
    assert (label is None) == (not t.notes)
    if label:
        assert label in t.notes[0]


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_separators_are_sniffed(tmp_path, sep):
    path = tmp_path / "t.csv"
    path.write_text(sep.join(["lat", "lon", "note"]) + "\n" + sep.join(["1.5", "2.5", "a b"]))
    t = read_table(path)
    assert t.frame["_lat"].tolist() == [1.5]
    assert t.frame["note"].tolist() == ["a b"]


def test_tsv_and_sep_override(tmp_path):
    tsv = tmp_path / "t.tsv"
    tsv.write_text("lat\tlon\tnote\n1\t2\tx;y\n")
    assert read_table(tsv).frame["note"].tolist() == ["x;y"]
    # a file the sniffer would read as ';' is read as the user says
    csv = tmp_path / "t.csv"
    csv.write_text("lat,lon,note\n1,2,a;b\n3,4,c;d\n")
    t = read_table(csv, options=ReadOptions(sep=","))
    assert t.frame["note"].tolist() == ["a;b", "c;d"]


def test_given_encoding_that_cannot_read_a_byte_names_the_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("lat,lon,place\n1,2,Kyiv\n3,4,Bogotá\n".encode("cp1252"))
    with pytest.raises(InputError) as e:
        read_table(path, options=ReadOptions(encoding="utf-8"))
    assert (e.value.file, e.value.line) == (str(path), 3)
    assert "0xe1" in e.value.message and "--encoding" in e.value.hint
    with pytest.raises(InputError, match="unknown encoding"):
        read_table(path, options=ReadOptions(encoding="klingon"))


def test_bad_value_after_a_multiline_cell_is_reported_on_its_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "lat,lon,note\n"
        '50.1,30.1,"a note\nover three\nlines"\n'  # lines 2-4
        "\n"  # a blank line (5) pandas skips
        "91,30.2,bad latitude\n"  # line 6, data row 2
    )
    t = read_table(path)
    assert t.problems[["row", "line", "field"]].values.tolist() == [[2, 6, "lat"]]


def test_row_with_too_many_cells_is_reported_on_its_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('lat,lon\n1,2\n"3\n",4\n5,6,7\n')
    with pytest.raises(InputError) as e:
        read_table(path)
    assert e.value.line == 5
    assert "3 cells but the header has 2" in e.value.message


def test_xlsx_first_sheet_dates_and_rows(tmp_path):
    pytest.importorskip("openpyxl")
    path = tmp_path / "events.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        pd.DataFrame(
            {
                "event_date": pd.to_datetime(["2023-05-03", "2023-05-13"]),
                "latitude": [50.45, 95.0],
                "longitude": [30.52, 30.0],
                "fatalities": [2, 0],
            }
        ).to_excel(xl, sheet_name="Events", index=False)
        pd.DataFrame({"x": [1]}).to_excel(xl, sheet_name="Notes", index=False)
    t = read_table(path)
    assert days(t) == ["2023-05-03", "2023-05-13"]
    assert t.frame["fatalities"].tolist() == ["2", "0"]  # whole numbers, no ".0"
    assert t.problems[["row", "line", "field"]].values.tolist() == [[2, 3, "latitude"]]
    assert "read sheet 'Events' of 2" in t.notes[0]
    with pytest.raises(InputError, match="no sheet 'Nope'") as e:
        read_table(path, options=ReadOptions(sheet="Nope"))
    assert "Events, Notes" in e.value.hint
    with pytest.raises(InputError, match="no latitude/longitude"):
        read_table(path, options=ReadOptions(sheet="2"))


def test_a_damaged_workbook_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError, match="cannot read the workbook") as e:
        read_table(path)
    assert "CSV" in e.value.hint


# ----------------------------------------------------------------------------- dates


def test_a_day_over_12_settles_the_order_for_the_whole_column(tmp_path):
    path = tmp_path / "us.csv"
    path.write_text("date,lat,lon\n05/03/2023,1,1\n05/13/2023,1,1\n12/01/2023,1,1\n")
    t = read_table(path)
    assert days(t) == ["2023-05-03", "2023-05-13", "2023-12-01"]  # all month first
    assert t.warnings == () and len(t.problems) == 0
    path.write_text("date,lat,lon\n05/03/2023,1,1\n13/05/2023,1,1\n")
    assert days(read_table(path)) == ["2023-03-05", "2023-05-13"]  # all day first


def test_an_ambiguous_column_is_read_one_way_with_a_warning(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("when,lat,lon\n05/03/2023,1,1\n06/04/2023,1,1\n")
    t = read_table(path)
    assert days(t) == ["2023-03-05", "2023-04-06"]
    (warning,) = t.warnings
    assert warning.startswith("when: ")
    assert "read as day/month/year" in warning and "5 March 2023" in warning
    assert "--monthfirst" in warning
    t = read_table(path, options=ReadOptions(order="monthfirst"))
    assert days(t) == ["2023-05-03", "2023-06-04"]
    assert t.warnings == ()


def test_a_column_never_mixes_two_orders(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("date,lat,lon\n13/05/2023,1,1\n14/05/2023,1,1\n05/13/2023,1,1\n")
    t = read_table(path)
    assert days(t) == ["2023-05-13", "2023-05-14", "NaT"]
    assert t.problems[["row", "line", "field"]].values.tolist() == [[3, 4, "date"]]
    assert "day/month/year" in t.problems["problem"][0]
    assert "mixes both orders" in t.warnings[0]
    # the user's order decides; values that do not fit it are bad rows, not read otherwise
    t = read_table(path, options=ReadOptions(order="monthfirst"))
    assert days(t) == ["NaT", "NaT", "2023-05-13"]
    assert t.problems["row"].tolist() == [1, 2]


def test_iso_and_month_names_are_unaffected():
    r = read_days(pd.Series(["2024-05-03", "4 May 2024", "May 5, 2024", "", "soon"]), "d")
    assert [str(d)[:10] for d in r.days] == ["2024-05-03", "2024-05-04", "2024-05-05", "NaT", "NaT"]
    assert r.bad.tolist() == [False, False, False, False, True]
    assert r.order is None and r.warning is None


def test_two_digit_years_and_dots():
    r = read_days(pd.Series(["3.5.23", "13.5.99"]), "d")
    assert [str(d)[:10] for d in r.days] == ["2023-05-03", "1999-05-13"]


# ----------------------------------------------------------------------------- in memory


def test_dataframe_in_memory_gets_the_same_date_rule():
    df = pd.DataFrame({"lat": [50.45, 46.48], "lon": [30.52, 30.73],
                       "event_date": ["05/03/2023", "05/13/2023"]})  # fmt: skip
    t = read_table(df)
    assert days(t) == ["2023-05-03", "2023-05-13"]
    assert repr(t) == "<IncidentTable <DataFrame>: 2 rows, 2 placed, 0 problems>"
    assert np.isnan(t.problems["line"].astype(float)).all()


def _ods(path, rows: list[list[tuple[str, str]]]) -> None:
    """A minimal OpenDocument spreadsheet (what LibreOffice saves, less its styles): cells
    are (value type, value); no writer library needed."""
    import zipfile

    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )

    def cell(kind: str, value: str) -> str:
        attr = {"float": f' office:value="{value}"', "date": f' office:date-value="{value}"'}
        return (f'<table:table-cell office:value-type="{kind}"{attr.get(kind, "")}>'
                f"<text:p>{value}</text:p></table:table-cell>")  # fmt: skip

    body = "".join(
        "<table:table-row>" + "".join(cell(*c) for c in row) + "</table:table-row>" for row in rows
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="Events">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)


def test_ods_is_read(tmp_path):
    path = tmp_path / "events.ods"
    header = [("string", "latitude"), ("string", "longitude"), ("string", "event_date")]
    _ods(path, [header,
                [("float", "50.45"), ("float", "30.52"), ("date", "2023-05-13")],
                [("float", "91"), ("float", "30.52"), ("string", "14/05/2023")]])  # fmt: skip
    t = read_table(path)
    assert days(t) == ["2023-05-13", "2023-05-14"]
    assert t.frame["_lat"].tolist()[0] == 50.45
    assert t.problems[["row", "line", "field"]].values.tolist() == [[2, 3, "latitude"]]
