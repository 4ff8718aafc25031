"""Table maps as first-class maps: title, dek, credit and sources from a sidecar or options."""

from __future__ import annotations

import pytest

from geo.errors import InputError
from maps.cli import main
from maps.page.sidecar import read_sidecar

CSV = (
    "lat,lon,event_type,event_date\n50.45,30.52,Battles,2024-05-03\n49.99,36.23,Riots,2024-05-04\n"
)


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_sidecar_gives_title_dek_credit_and_sources_escaped(table, tmp_path):
    (tmp_path / "events.map.yaml").write_text(
        "title: Strikes <b>{{7*7}}</b>\ndek: Two days of events.\ncredit: 'Map: Desk'\n"
        "sources:\n  - name: ACLED\n    url: https://acleddata.com\n  - Local media\n",
        encoding="utf-8",
    )
    out = tmp_path / "events.html"
    assert main(["render", str(table), "-o", str(out), "--tiles", "none"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<h1>Strikes &lt;b&gt;&#123;&#123;7*7&#125;&#125;&lt;/b&gt;</h1>" in page
    assert "Two days of events." in page and "Map: Desk" in page
    assert '<a href="https://acleddata.com" target="_blank"' in page and "Local media" in page


def test_options_win_over_the_sidecar(table, tmp_path):
    (tmp_path / "events.map.yaml").write_text("title: From the file\n", encoding="utf-8")
    out = tmp_path / "events.html"
    code = main(["render", str(table), "-o", str(out), "--tiles", "none", "--title", "Given"])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert "<h1>Given</h1>" in page and "From the file" not in page


def test_a_bad_sidecar_is_an_input_error_naming_the_key(table, tmp_path):
    (tmp_path / "events.map.yaml").write_text("title: x\ncolour: red\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown keys \\['colour'\\]"):
        read_sidecar(table)


def test_story_options_are_refused_for_tables(table, tmp_path):
    out = tmp_path / "events.html"
    assert main(["render", str(table), "-o", str(out), "--no-title"]) == 2


def test_a_table_placed_by_names_credits_geonames(tmp_path):
    from geo.tables.reader import read_table
    from maps.page.table import build_table_map

    named = tmp_path / "named.csv"
    named.write_text("event_date,location,country\n2024-03-01,Kharkiv,Ukraine\n"
                     "2024-03-02,Lviv,Ukraine\n", encoding="utf-8")  # fmt: skip
    page = build_table_map(read_table(named), tiles="none").get_root().render()
    assert "Places: GeoNames (CC BY 4.0)" in page
    placed = tmp_path / "placed.csv"
    placed.write_text("event_date,location,latitude,longitude\n"
                      "2024-03-01,Kharkiv,49.99,36.23\n", encoding="utf-8")  # fmt: skip
    page = build_table_map(read_table(placed), tiles="none").get_root().render()
    assert "Places: GeoNames" not in page  # (a city-scale page's towns credit it themselves)
