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


# ------------------------------------------------------------------ qualified names


@pytest.mark.parametrize(
    ("query", "country", "admin1"),
    [
        ("Moscow, Idaho", "US", "Idaho"),
        ("Moscow, ID", "US", "Idaho"),
        ("Paris, Texas", "US", "Texas"),
        ("Paris, TX", "US", "Texas"),
        ("Paris, Idaho", "US", "Idaho"),
        ("Kyiv, Ukraine", "UA", None),
        ("Paris, FR", "FR", None),
        ("Bakhmut (Donetsk Oblast)", "UA", None),
    ],
)
def test_a_qualified_query_narrows_the_candidates(query, country, admin1) -> None:
    ranked = geocode(query)
    assert all(c.place.country == country for c in ranked)
    if admin1 is not None:
        assert all(c.place.admin1 == admin1 for c in ranked)


def test_a_qualifier_that_fits_nothing_is_no_guess_elsewhere() -> None:
    from geo.errors import PlaceNotFound

    with pytest.raises(PlaceNotFound):
        geocode("Kyiv, Idaho")


def test_paris_idaho_in_text_is_the_village_not_the_city_of_texas_or_france() -> None:
    paris = _places("He grew up in Paris, Idaho, a village near the Utah line.")["Paris"]
    assert (paris.country, paris.admin1) == ("US", "Idaho")
    assert _km(paris.lat, paris.lon, 42.23, -111.40) < 20


def test_a_town_in_parentheses_takes_its_region() -> None:
    found = _places("Shelling hit Kupiansk (Kharkiv Oblast) and Bakhmut (Donetsk Oblast).")
    assert found["Bakhmut"].admin1 == "Donetsk" and found["Kupiansk"].admin1 == "Kharkiv"
    assert found["Donetsk Oblast"].kind == "region"


def test_a_wire_credit_in_parentheses_is_no_qualifier() -> None:
    m = geoparse("WASHINGTON (AP) - The administration signed off on Thursday.")[0]
    assert m.text == "WASHINGTON" and m.place.admin1 == "District of Columbia"


@pytest.mark.parametrize(
    "text",
    [
        "Storms swept across Oklahoma, Pennsylvania and Ohio on Monday.",
        "Tornadoes hit Oklahoma, Pennsylvania, officials said.",
    ],
)
def test_a_list_of_states_is_a_list_not_a_town_and_its_state(text: str) -> None:
    found = _places(text)
    assert found["Oklahoma"].kind == "region" and found["Oklahoma"].country == "US"
    assert _km(found["Oklahoma"].lat, found["Oklahoma"].lon, 35.5, -97.5) < 300


def test_a_sizeable_town_and_its_state_stay_a_town() -> None:
    delaware = _places("Police in Delaware, Ohio, arrested two men.")["Delaware"]
    assert (delaware.kind, delaware.admin1) == ("city", "Ohio")


# ------------------------------------------------------------------ multi-word and local names


@pytest.mark.parametrize(
    ("text", "span", "country", "kind"),
    [
        ("Aid reached Port-au-Prince on Friday.", "Port-au-Prince", "HT", "city"),
        ("Côte d'Ivoire sent doctors to the north.", "Côte d'Ivoire", "CI", "country"),
        (
            "Rebels advanced in the Democratic Republic of Congo.",
            "Democratic Republic of Congo",
            "CD",
            "country",
        ),
        (
            "Troops entered the Democratic Republic of the Congo.",
            "Democratic Republic of the Congo",
            "CD",
            "country",
        ),
        ("Floods in Sindh killed 20 people, Pakistani officials said.", "Sindh", "PK", "region"),
        ("Volcanic ash fell across East Java province.", "East Java province", "ID", "region"),
        ("Landslides hit West Java after heavy rain.", "West Java", "ID", "region"),
        ("Militants attacked a checkpoint in Nineveh.", "Nineveh", "IQ", "region"),
    ],
)
def test_multi_word_and_local_names_are_kept_whole(text, span, country, kind) -> None:
    place = _places(text)[span]
    assert (place.country, place.kind) == (country, kind)


def test_bare_congo_is_a_country_not_a_town_in_brazil() -> None:
    congo = _places("Fighting in eastern Congo displaced thousands, the UN said.")["Congo"]
    assert congo.kind == "country" and congo.country in ("CD", "CG")


# ------------------------------------------------------------------ ambiguity from the article


def test_a_local_london_in_an_ontario_story_is_london_ontario() -> None:
    text = (
        "Police in London said a man was arrested after a crash on Highway 401. "
        "Ontario Provincial Police said traffic near Woodstock was slowed."
    )
    london = _places(text)["London"]
    assert (london.country, london.admin1) == ("CA", "Ontario")


def test_a_canadian_press_dateline_qualifies_its_city() -> None:
    text = "LONDON, Ont. - A man was arrested on Tuesday. Police in London said so."
    found = geoparse(text)
    assert found[0].text == "LONDON" and found[0].place.country == "CA"
    assert found[1].text == "Ont." and found[1].place.name == "Ontario"
    assert all(m.place.country == "CA" for m in found)


def test_the_article_settles_a_city_against_a_state_of_the_same_name() -> None:
    found = _places("The governor of New York signed the bill in Albany.")
    assert found["New York"].kind == "region"
    found = _places("Protesters marched in New York, Chicago and Los Angeles on Sunday.")
    assert found["New York"].kind == "city"
