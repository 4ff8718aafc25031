"""Places in drafts: which mentions are incident places, and where they are.

Invented sentences from several regions. Points are checked against GeoNames centres or the
curated facilities list within a stated radius.
"""

from __future__ import annotations

import csv

import pytest
from pyproj import Geod

from geo.resources import data_path
from geo.text.draft_places import geoparser, locate
from geo.text.place_variants import facility_mentions, fold, short_name, spellings

GEOD = Geod(ellps="WGS84")


def km(lat1, lon1, lat2, lon2) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


def locs_of(text: str):
    return locate(text, geoparser(), None)


def find(locs, text: str):
    found = [loc for loc in locs if loc.text == text]
    assert found, [(loc.text, loc.role) for loc in locs]
    return found[0]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ankara apologised for the strike near Qamishli.", "Ankara"),
        ("Rome said the ship had left Lampedusa.", "Rome"),
        ("Beijing warned Manila after the collision near Scarborough Shoal.", "Beijing"),
        ("The Kremlin said the drones were launched from Ukraine.", "Kremlin"),
        ("Tehran has vowed to respond to the strike on Damascus.", "Tehran"),
    ],
)
def test_metonyms_are_never_incident_places(text, name):
    loc = next(loc for loc in locs_of(text) if name in loc.text)
    assert loc.role == "metonym"


def test_a_place_after_a_metonym_is_still_a_place():
    locs = locs_of("Ankara apologised for the strike near Qamishli.")
    assert find(locs, "Qamishli").role == "location"


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("Drones struck Belgorod overnight.", "Belgorod", 50.597, 36.588),
        ("Shelling hit Sumy on Sunday.", "Sumy", 50.921, 34.800),
        ("An explosion shook Mandalay.", "Mandalay", 21.975, 96.083),
        ("Rebels entered Kidal at dawn.", "Kidal", 18.442, 1.407),
    ],
)
def test_a_bare_city_is_the_city_not_its_region(text, name, lat, lon):
    loc = find(locs_of(text), name)
    assert loc.place.kind == "city" and km(loc.place.lat, loc.place.lon, lat, lon) < 10


def test_a_region_is_a_region_when_the_text_says_so():
    loc = next(
        loc for loc in locs_of("Drones fell in the Belgorod region.") if "Belgorod" in loc.text
    )
    assert loc.place.kind == "region"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Drones hit the Morozovsk airfield on Monday.", "Morozovsk airfield"),
        ("Troops left Air Base 201 near Agadez.", "Air Base 201"),
        ("Shells landed near the Zaporizhzhia thermal power plant.", None),
    ],
)
def test_facilities_come_from_the_curated_list(text, name):
    rows = {r["name"]: r for r in csv.DictReader(data_path("facilities.csv").open())}
    locs = [loc for loc in locs_of(text) if loc.place.source == "facilities"]
    assert locs, "no facility found"
    loc = locs[0]
    row = rows[loc.place.name]
    assert km(loc.place.lat, loc.place.lon, float(row["lat"]), float(row["lon"])) < 0.01
    if name:
        assert loc.text == name
    # never a village of the same name abroad
    assert loc.place.country == row["country"]


def test_an_air_base_named_short_in_a_list_of_airfields():
    text = (
        "Drones hit two airfields: Soltsy in the Novgorod region and Shaykovka. "
        "Shaykovka lies far from the border."
    )
    locs = [loc for loc in locs_of(text) if loc.text == "Shaykovka"]
    assert len(locs) == 2 and all(loc.place.source == "facilities" for loc in locs)


def test_near_gives_an_approximate_place():
    loc = find(locs_of("A drone exploded near Kupiansk on Friday."), "Kupiansk")
    assert loc.precision == "approximate" and loc.role == "location"
    assert find(locs_of("A drone exploded in Kupiansk."), "Kupiansk").precision is None


def test_flagged_and_demonyms_are_not_places():
    locs = locs_of("The Panama-flagged tanker was hit by Yemeni forces off Hodeidah.")
    roles = {loc.text: loc.role for loc in locs}
    assert roles.get("Panama") == "demonym" and roles.get("Yemeni") == "demonym"


def test_a_wire_dateline_is_not_an_incident_place():
    text = "Attack in the north\n\nABUJA, Dec 5 (Wire) - A strike hit a village near Kaduna."
    assert find(locs_of(text), "ABUJA").role == "dateline"
    assert find(locs_of(text), "Kaduna").role == "location"


def test_countries_helping_are_actors_not_places():
    locs = locs_of(
        "Iran fired drones at Israel, which intercepted them with help from the United States, "
        "Britain and Jordan."
    )
    roles = {loc.text: loc.role for loc in locs}
    assert roles["United States"] == roles["Britain"] == roles["Jordan"] == "metonym"
    assert roles["Israel"] == "location"


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        (
            "An air strike hit a school in Deir al-Balah, south of Gaza City, medics said.",
            "Deir al-Balah",
            31.417,
            34.350,
        ),
        ("Missiles were fired from Hodeidah in Yemen.", "Hodeidah", 14.798, 42.954),
    ],
)
def test_other_spellings_are_found(text, name, lat, lon):
    loc = find(locs_of(text), name)
    assert loc.role == "location" and km(loc.place.lat, loc.place.lon, lat, lon) < 10
    assert loc.place.name == name  # the article's spelling names it


def test_spellings_cover_arabic_and_cyrillic_habits():
    assert "Dayr al Balah" in spellings("Deir al-Balah")
    assert "Hudaydah" in spellings("Hodeidah")
    assert "Kupyansk" in spellings("Kupiansk")
    assert "Kharkov" in spellings("Kharkiv")
    assert "Groza" in spellings("Hroza")
    assert "Moscow" not in spellings("Moscow")  # itself excluded
    assert len(spellings("Abcdefghijk Lmnopqrs", limit=10)) <= 10


def test_fold_and_short_names():
    assert fold("Şuşa") == "susa" and fold("Bal‘ā") == "bala"
    assert short_name("Belaya air base") == "Belaya"
    assert short_name("Kursk nuclear power plant") == "Kursk"
    assert short_name("Suez Canal") == ""


def test_facility_names_are_matched_whole_words_only():
    assert facility_mentions("The Morozovskaya festival opened.") == []
    assert [f.text for f in facility_mentions("Drones hit Morozovsk airfield.")] == [
        "Morozovsk airfield"
    ]
