"""Issue 20, item 3: names as people write them, in tables, stories and on the command line.

The gazetteer reads "City, State", "City, Region, Country" and "City, CC" (branch geoparse,
``geo.places.qualified``); the tests that need it skip until it is there.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from geo.api import load_story, resolve_story
from geo.story.write import dump_story
from geo.tables.reader import read_table
from maps.cli import main


def needs_qualified_names() -> None:
    pytest.importorskip("geo.places.qualified", reason="the gazetteer's qualified names")


STORY = {
    "title": "Namesakes",
    "places": [{"id": "m", "name": "Moscow", "region": "Idaho"}],
    "incidents": [{"type": "other", "place": "m", "summary": "x"}],
}


def test_story_places_take_region_and_keep_it():
    story = load_story(STORY)
    assert story.places[0].region == "Idaho"
    again = load_story(dump_story(story).replace("\r", ""))  # a file as the writer writes it
    assert again.places[0].region == "Idaho"
    with pytest.raises(Exception, match=r"places\[0\]\.region: must be text"):
        load_story({**STORY, "places": [{"id": "m", "name": "Moscow", "region": 3}]})


def test_story_region_narrows_the_name():
    needs_qualified_names()
    resolved = resolve_story(STORY)
    row = resolved.places.iloc[0]
    assert (row["country"], round(row.geometry.y, 1)) == ("US", 46.7)


@pytest.mark.parametrize(
    ("ref", "country", "lat"),
    [("Paris, Texas", "US", 33.7), ("Moscow, Idaho", "US", 46.7), ("Kyiv, Ukraine", "UA", 50.5),
     ("Paris, TX", "US", 33.7)],
)  # fmt: skip
def test_story_place_values_as_written(ref, country, lat):
    needs_qualified_names()
    story = {"title": "t", "incidents": [{"type": "other", "place": ref, "summary": "x"}]}
    row = resolve_story(story).incidents.iloc[0]
    assert round(row.geometry.y, 1) == lat
    assert row["place_label"].endswith(country) or country == "UA"


def test_story_name_with_country_code_still_works():
    story = {"title": "t", "incidents": [{"type": "other", "place": "Moscow, US", "summary": "x"}]}
    row = resolve_story(story).incidents.iloc[0]
    assert round(row.geometry.y, 1) == 46.7  # Moscow, Idaho: the largest Moscow in the US


def test_ambiguous_table_names_go_to_the_report_with_candidates():
    df = pd.DataFrame({"location": ["Springfield", "Kyiv", "Springfield"],
                       "event_date": ["2024-05-01"] * 3})  # fmt: skip
    t = read_table(df)
    assert t.placed.tolist() == [False, True, False]
    assert t.problems["row"].tolist() == [1, 3]
    problem = t.problems["problem"][0]
    assert "is ambiguous" in problem
    assert "Springfield, Missouri, US" in problem and "Springfield, Illinois, US" in problem
    assert "add a country column" in problem


def test_clear_names_are_placed_without_a_word():
    t = read_table(pd.DataFrame({"location": ["Paris", "Odesa", "Donetsk"]}))
    assert t.placed.all() and len(t.problems) == 0


def test_table_locations_as_written():
    needs_qualified_names()
    df = pd.DataFrame({"location": ["Odesa, Ukraine", "Springfield, Illinois", "Paris, TX",
                                    "Moscow, Idaho, US"]})  # fmt: skip
    t = read_table(df)
    assert len(t.problems) == 0, t.problems.to_dict("records")
    assert t.frame["_lat"].round(1).tolist() == [46.5, 39.8, 33.7, 46.7]


def test_geocode_command_takes_city_state(capsys):
    needs_qualified_names()
    assert main(["geocode", "Moscow, Idaho", "Kyiv, Ukraine", "--json", "--limit", "1"]) == 0
    answers = json.loads(capsys.readouterr().out)
    got = [(a["candidates"][0]["country"], a["candidates"][0]["admin1"]) for a in answers]
    assert got[0] == ("US", "Idaho") and got[1][0] == "UA"


def test_distance_command_takes_city_state(capsys):
    needs_qualified_names()
    assert main(["distance", "Paris, Texas", "Paris, France", "--json"]) == 0
    assert 7_500 < json.loads(capsys.readouterr().out)["km"] < 7_900
