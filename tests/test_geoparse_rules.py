"""Geoparsing rules of issue 21, each on short texts written for these tests: physical
features, curated facilities, qualified names, multi-word and local names, region points
and ambiguity settled by the article."""

from __future__ import annotations

import math

import pytest

from geo.places.features import generic_words, physical_names
from geo.places.gazetteer import geocode
from geo.text.geoparse import geoparse


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (a test helper, independent of the code under test)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _places(text: str, **kw) -> dict[str, object]:
    """Mention text -> its place (the last mention of each text wins)."""
    return {m.text: m.place for m in geoparse(text, **kw)}


# ------------------------------------------------------------------ physical features

DNIPRO_CITY = (48.47, 35.04)


def test_a_river_named_like_a_city_is_the_river_with_its_generic_word() -> None:
    text = (
        "Ukrainian forces crossed the Dnipro River near Kherson. "
        "Russian shelling hit Dnipro and Zaporizhzhia overnight."
    )
    found = _places(text)
    river, city = found["Dnipro River"], found["Dnipro"]
    assert river.source == "physical" and river.country == "UA"
    assert city.kind == "city" and _km(city.lat, city.lon, *DNIPRO_CITY) < 10
    assert _km(river.lat, river.lon, city.lat, city.lon) > 100


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Troops dug in on the east bank of the river Dnipro, opposite Kherson.", "river Dnipro"),
        ("Boats ferried troops across the Dnipro river at night near Kherson.", "Dnipro river"),
    ],
)
def test_a_lower_case_river_word_joins_the_name(text: str, span: str) -> None:
    place = _places(text)[span]
    assert place.source == "physical" and place.name == "Dnipro River"


def test_the_bare_river_name_stays_the_city() -> None:
    (m,) = geoparse("Shelling hit Dnipro on Tuesday, the governor said.")
    assert m.place.kind == "city" and _km(m.place.lat, m.place.lon, *DNIPRO_CITY) < 10


def test_the_black_sea_is_the_sea_not_a_town() -> None:
    found = _places("A Russian warship sank in the Black Sea off Odesa.")
    sea = found["Black Sea"]
    assert sea.source == "physical" and sea.country is None
    assert 40 < sea.lat < 47 and 28 < sea.lon < 41  # the sea's middle, not a shore town


def test_a_lake_and_an_island_are_found_and_placed() -> None:
    found = _places("Fishermen on Lake Erie near Cleveland reported high waves.")
    assert found["Lake Erie"].source == "physical"
    assert _km(found["Lake Erie"].lat, found["Lake Erie"].lon, 42.2, -81.2) < 150
    sumatra = _places("An earthquake struck off Sumatra, the agency said.")["Sumatra"]
    assert sumatra.country == "ID" and sumatra.source == "physical"


def test_a_feature_name_before_a_capitalised_word_is_no_place() -> None:
    # a road, a book or a brand named after a range is not the range
    assert "Alps" not in _places("He worked nights at the store on Alps Road in Athens, Georgia.")


def test_physical_names_index_a_river_only_with_its_generic_word() -> None:
    assert physical_names("Dnipro", ["Dnieper", "the Dnipro"], "river", 4) == [
        "Dnipro River",
        "River Dnipro",
        "Dnieper River",
        "River Dnieper",
    ]
    # a small atoll's bare name would turn words and towns into islands; a big island's not
    assert physical_names("Mili", [], "island", 5) == []
    assert physical_names("Sumatra", [], "island", 1) == ["Sumatra"]
    assert physical_names("Lake Saimaa", [], "lake", 7) == ["Lake Saimaa"]


def test_generic_words_are_read_from_the_names_not_listed() -> None:
    assert generic_words("Kerem Shalom crossing") == (set(), {"crossing"})
    assert generic_words("Red Sea") == (set(), {"sea"})
    assert generic_words("Moscow City") == (set(), set())  # "Moscow city" stays Moscow


# ------------------------------------------------------------------ facilities


@pytest.mark.parametrize(
    ("text", "span", "country"),
    [
        ("Drones struck Engels air base overnight, the ministry said.", "Engels air base", "RU"),
        ("The Kerem Shalom crossing was closed on Sunday.", "Kerem Shalom crossing", "IL"),
        ("Tankers waited at the Bosphorus on Monday.", "Bosphorus", "TR"),
    ],
)
def test_facilities_are_found_whole_and_placed(text: str, span: str, country: str) -> None:
    place = _places(text)[span]
    assert place.kind == "landmark" and place.country == country


def test_landmark_duplicates_are_gone() -> None:
    names = [c.place.name for c in geocode("Sheremetyevo", limit=10)]
    assert names.count("Sheremetyevo International Airport") == 1
