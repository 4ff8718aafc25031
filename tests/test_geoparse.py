"""Geoparser: recognition and resolution on short texts written for these tests."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from geo.resources import data_path
from geo.text.geoparse import geoparse, resolve_spans


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _by_text(mentions):
    return {m.text: m for m in mentions}


def test_kremlin_story_places_moscow_russia_and_its_landmarks() -> None:
    text = data_path("stories/kremlin-2023-05-03.txt").read_text(encoding="utf-8")
    ms = geoparse(text)
    found = _by_text(ms)
    for m in ms:  # spans are exact slices of the text
        assert text[m.start : m.end] == m.text
    moscow = [m for m in ms if m.text == "Moscow"]
    assert len(moscow) >= 3
    assert all(_km(m.place.lat, m.place.lon, 55.7558, 37.6173) < 30 for m in moscow)
    assert found["Kremlin"].place.country == "RU"
    assert found["Red Square"].place.kind == "landmark"
    assert found["Bryansk province"].place.kind == "region"
    assert (
        _km(found["Bryansk province"].place.lat, found["Bryansk province"].place.lon, 53.0, 33.5)
        < 200
    )
    assert found["Ukraine"].place.country == "UA"
    assert not any(m.place and m.place.admin1 == "Idaho" for m in ms)
    assert found["Ukrainian"].role == "demonym"
    assert "Vladimir" not in found and "Putin" not in found


def test_moscow_idaho_in_an_idaho_story() -> None:
    text = (
        "The University of Idaho in Moscow reopened its campus on Monday. Students "
        "drove up from Boise and Lewiston, and the state's governor visited Moscow."
    )
    found = _by_text(geoparse(text))
    assert found["Moscow"].place.country == "US"
    assert found["Moscow"].place.admin1 == "Idaho"
    assert found["Boise"].place.admin1 == "Idaho"


def test_georgia_country_and_georgia_state() -> None:
    country = _by_text(geoparse("Talks in Tbilisi, Georgia, turned to South Ossetia."))
    assert country["Georgia"].place.country == "GE"
    state = _by_text(geoparse("The storm reached Atlanta, Georgia, late on Sunday."))
    assert state["Georgia"].place.country == "US"
    assert state["Atlanta"].place.admin1 == "Georgia"


def test_a_neighbouring_country_is_evidence() -> None:
    # Gaza is also a province of Mozambique, whose region outranks a city on its prior
    found = _by_text(geoparse("Israel said rockets were fired from Gaza overnight."))
    assert found["Gaza"].place.country == "PS"


def test_uk_nations_and_first_level_regions_of_other_levels() -> None:
    found = _by_text(geoparse("Police in Derry, Northern Ireland, and in Glasgow, Scotland."))
    assert found["Northern Ireland"].place.kind == "region"
    assert found["Northern Ireland"].place.country == "GB"
    assert found["Derry"].place.admin1 == "Northern Ireland"
    assert found["Scotland"].place.country == "GB"


def test_a_world_city_outranks_the_region_of_its_name() -> None:
    city = _by_text(geoparse("Stocks fell in New York on Monday."))["New York"].place
    assert (city.kind, city.admin1) == ("city", "New York")
    assert _km(city.lat, city.lon, 40.71, -74.01) < 30
    state = _by_text(geoparse("Floods closed roads across New York state."))
    assert state["New York state"].place.kind == "region"


def test_a_name_shown_to_be_a_place_once_is_a_place_throughout() -> None:
    text = "Decatur weighs new budget. City officials in Decatur, Ala., met on Monday."
    found = geoparse(text)
    assert [m.start for m in found if m.text == "Decatur"] == [0, text.rindex("Decatur")]
    assert {m.place.admin1 for m in found if m.text == "Decatur"} == {"Alabama"}
    # without the second mention, the headline's first word alone is too weak
    assert geoparse("Decatur weighs new budget.") == []


def test_a_place_named_in_an_institution_is_a_place() -> None:
    # "Paris" and "Georgia" are also first names, but not before "High School" or "Bureau"
    found = _by_text(geoparse("Tuition to Paris High School in Tennessee rose."))
    assert found["Paris"].place.admin1 == "Tennessee"
    found = _by_text(geoparse("The Florida Highway Patrol closed the road."))
    assert found["Florida"].place.kind == "region"
    assert geoparse("Paris Hilton and Georgia Smith arrived.") == []


def test_acronyms_are_not_the_words_they_spell() -> None:
    # "US" is the country even where "us" is a pronoun; "NATO" is not Nato in Luzon
    found = geoparse("Tell us what the US plans, NATO officials said.")
    assert [(m.text, m.place.country) for m in found] == [("US", "US")]
    assert [m.place.country for m in geoparse("ROME (AP) - The pope spoke.")] == ["IT"]


def test_saint_places_and_royal_titles() -> None:
    # "Saint" is a title before a saint's name, and part of a place's name
    found = _by_text(geoparse("Flights to Saint Petersburg and Saint Lucia resumed."))
    assert found["Saint Petersburg"].place.country == "RU"
    assert found["Saint Lucia"].place.country == "LC"
    assert geoparse("He prayed to Saint Anthony for help.") == []
    # a title is no place (King, Ontario), so London is not London, Ontario
    royal = geoparse("The prince visited King Charles in London.")
    assert [(m.text, m.place.country) for m in royal] == [("London", "GB")]


def test_a_micro_states_parish_ranks_like_a_village() -> None:
    # Saint Paul is a parish of Antigua (and of Dominica); the city has 300,000 people
    found = _by_text(geoparse("Snow fell on Saint Paul overnight."))
    assert found["Saint Paul"].place.country == "US"


def test_saint_spelled_short_is_saint() -> None:
    found = _by_text(geoparse("The consulate in St. Petersburg, Russia, will close."))
    assert found["St. Petersburg"].place.country == "RU"


def test_ap_state_abbreviation_qualifies_the_city() -> None:
    found = _by_text(geoparse("A fire broke out in Moscow, Ida., on Tuesday."))
    assert found["Moscow"].place.admin1 == "Idaho"
    assert found["Ida."].place.name == "Idaho"


def test_people_are_not_places() -> None:
    assert geoparse("Paris Hilton arrived late to the party.") == []
    ms = geoparse("Andrew Jackson spoke first. Later Jackson said the vote was close.")
    assert ms == []


@pytest.mark.parametrize(
    "text",
    [
        "Shoppers lined up at the Wal-Mart before dawn.",  # "Wal" is an alias of Waal
        "Crowds marked St. Patrick's Day with a parade.",  # a saint's day, not a parish
    ],
)
def test_brands_and_holidays_are_not_places(text: str) -> None:
    assert geoparse(text) == []


def test_a_hyphenated_pair_of_towns_is_two_places() -> None:
    found = _by_text(geoparse("Fans packed the Fargo-Moorhead arena."))
    assert found["Fargo"].place.admin1 == "North Dakota"
    assert found["Moorhead"].place.admin1 == "Minnesota"


def test_washington_said_is_a_metonym() -> None:
    (m,) = geoparse("Washington said the sanctions would stay.")
    assert m.role == "metonym"
    assert m.place is not None and m.place.country == "US"


def test_sentence_without_places() -> None:
    assert geoparse("We hope the best is yet to come, she said.") == []


def test_resolve_spans_keeps_the_given_spans_in_order() -> None:
    text = "Austin, Texas is far from Paris."
    ms = resolve_spans(text, [(26, 31), (0, 6), (8, 13)])
    assert [(m.start, m.end) for m in ms] == [(26, 31), (0, 6), (8, 13)]
    assert ms[1].place.admin1 == "Texas"
    assert ms[2].place.kind == "region"


def test_country_hint_changes_the_answer() -> None:
    (m,) = geoparse("Officials met in Moscow.", country="US")
    assert m.place.country == "US"


def _run(lines: list[str]) -> subprocess.CompletedProcess:
    code = "import sys; from maps.cli import main; sys.exit(main(['geoparse', '--jsonl']))"
    return subprocess.run(
        [sys.executable, "-c", code],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=120,
    )


def test_jsonl_command_with_and_without_spans() -> None:
    text = "Drones flew over Kyiv and Lviv."
    proc = _run(
        [
            json.dumps({"id": "a", "text": text}),
            json.dumps({"id": "b", "text": text, "spans": [[17, 21]]}),
        ]
    )
    assert proc.returncode == 0, proc.stderr
    recs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in recs] == ["a", "b"]
    assert [(m["start"], m["end"]) for m in recs[0]["mentions"]] == [(17, 21), (26, 30)]
    (kyiv,) = recs[1]["mentions"]
    assert _km(kyiv["lat"], kyiv["lon"], 50.45, 30.52) < 20


def test_jsonl_command_survives_a_bad_line() -> None:
    proc = _run(['{"id": "x", "text": "In Paris."}', "{not json", '{"id": "z"}'])
    assert proc.returncode == 2
    recs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(recs) == 3
    assert recs[0]["mentions"] and recs[1]["mentions"] == [] and recs[2]["id"] == "z"
    assert "line 2" in proc.stderr and "line 3" in proc.stderr


@pytest.mark.parametrize("text", ["", "   ", "1234 5678"])
def test_empty_and_placeless_inputs(text: str) -> None:
    assert geoparse(text) == []


# ------------------------------------------------------------------ second iteration


def test_a_county_of_the_article_picks_the_state_of_an_ambiguous_town() -> None:
    # "Lamar County" exists in four states; only Texas also has a Paris, so the county is
    # evidence for Paris, Texas, which alone would read as Paris, France.
    alone = _by_text(geoparse("Paris police arrested two men on Friday."))
    assert alone["Paris"].place.country == "FR"
    text = "Paris police arrested two men on Friday. The Lamar County sheriff said they fled."
    found = _by_text(geoparse(text))
    paris, county = found["Paris"].place, found["Lamar County"].place
    assert paris.country == "US" and paris.admin1 == "Texas"
    assert county.admin1 == "Texas"
    assert _km(county.lat, county.lon, 33.66, -95.56) < 100  # placed with its towns


def test_a_county_is_placed_at_its_own_point_not_its_states_middle() -> None:
    # Orange County, California lies between Anaheim (33.84 N, 117.91 W) and Irvine; its
    # state's middle is ~350 km north. With San Francisco in the article too, the county
    # must still be placed in itself (derived from ZIP code points, not from the article).
    text = "Fires spread in Orange County on Monday, officials in San Francisco said."
    county = _by_text(geoparse(text))["Orange County"].place
    assert county.admin1 == "California" and county.kind == "region"
    assert _km(county.lat, county.lon, 33.84, -117.91) < 30
    # an Orange County of another state when the article is there
    text = "Orlando police said the crash in Orange County closed Interstate 4."
    fl = _by_text(geoparse(text))["Orange County"].place
    assert fl.admin1 == "Florida" and _km(fl.lat, fl.lon, 28.54, -81.38) < 40


def test_an_ocean_or_world_region_beats_a_small_town_of_the_articles_country() -> None:
    # Atlantic, Iowa and Middle East, Maryland are real towns; an American article's other
    # places support them, the ocean and the region get no such support.
    text = (
        "Boston and New York braced as the storm crossed the Atlantic. "
        "Oil traders in Houston watched the Middle East and the Mediterranean."
    )
    found = _by_text(geoparse(text))
    atlantic, me = found["Atlantic"].place, found["Middle East"].place
    assert atlantic.name == "Atlantic Ocean" and atlantic.country is None
    assert me.country is None and found["Mediterranean"].place.country is None
    assert found["Houston"].place.admin1 == "Texas"


def test_two_ambiguous_names_find_their_common_state() -> None:
    # Paris alone would be Paris, Texas (or France); Henry County is in ten states; the
    # only state with both, a county seat inside its county, is Tennessee
    found = _by_text(geoparse("Paris and Henry County are rich in history and art."))
    assert found["Paris"].place.admin1 == "Tennessee"
    assert found["Henry County"].place.admin1 == "Tennessee"


def test_a_named_state_outweighs_two_ambiguous_towns_that_agree_elsewhere() -> None:
    # Franklin and Lafayette both exist in Tennessee (and many states); the article
    # names Louisiana, where both also exist, and that is the firmer evidence.
    text = (
        "The house in Louisiana was built by a Lafayette merchant. "
        "He later moved to Franklin. Franklin grew around his store."
    )
    found = _by_text(geoparse(text))
    assert found["Lafayette"].place.admin1 == "Louisiana"
    assert found["Franklin"].place.admin1 == "Louisiana"


def test_former_states_and_common_abbreviations() -> None:
    found = _by_text(geoparse("Veterans of the Soviet Union army moved to Trinidad in 1992."))
    su = found["Soviet Union"].place
    assert su.country is None and _km(su.lat, su.lon, 60.0, 100.0) < 1000
    text = "Flights to T&T resume on Monday."
    (tt,) = resolve_spans(text, [(text.index("T&T"), text.index("T&T") + 3)])
    assert tt.place.country == "TT"


def test_an_unknown_street_takes_the_town_just_named_not_the_articles_focus() -> None:
    # Three Texas cities make Texas the article's focus; the street follows Boise.
    text = (
        "Storms hit Houston, Dallas and Austin on Monday. "
        "In Boise, crews closed Quxbrindle Street after a tree fell."
    )
    names = ["Houston", "Dallas", "Austin", "Boise", "Quxbrindle Street"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    found = _by_text(resolve_spans(text, spans))
    street = found["Quxbrindle Street"]
    assert street.place is not None and street.score < 0.5  # placed, flagged as a guess
    assert _km(street.place.lat, street.place.lon, 43.61, -116.20) < 30
    assert found["Houston"].place.admin1 == "Texas"


def test_hyphenated_compounds_and_contractions() -> None:
    found = _by_text(geoparse("He works for a Texas-based firm. I've never seen Moscow."))
    assert found["Texas"].place.country == "US"
    assert "I've" not in found and found["Moscow"].place.country == "RU"
    whole = _by_text(geoparse("Rain fell on Winston-Salem overnight."))
    assert whole["Winston-Salem"].place.admin1 == "North Carolina"


def test_continents_and_the_eu_are_places() -> None:
    found = _by_text(geoparse("The EU and leaders across Africa met European envoys."))
    eu, africa = found["EU"].place, found["Africa"].place
    assert eu.name == "European Union" and eu.country is None
    assert _km(africa.lat, africa.lon, 7.19, 21.09) < 50  # GeoNames' point for Africa
    assert found["European"].role == "demonym" and found["European"].place.name == "Europe"


def test_gold_span_unknown_to_the_gazetteer_lands_at_the_story_focus() -> None:
    text = "The parade left Frenchmen Street in New Orleans."
    street = text.index("Frenchmen Street")
    city = text.index("New Orleans")
    m, _ = resolve_spans(text, [(street, street + 16), (city, city + 11)])
    assert m.place is not None and m.score < 0.5  # a guess, and it says so
    assert _km(m.place.lat, m.place.lon, 29.95, -90.07) < 30
    assert m.place.population is None  # the focus city's population is not the street's


def test_the_texts_other_places_guide_the_given_spans() -> None:
    # only the street is given; Boise, Idaho is in the text and is evidence all the same
    text = "Crews repaved Glimmerbrook Lane in Boise, Idaho, overnight."
    start = text.index("Glimmerbrook Lane")
    (m,) = resolve_spans(text, [(start, start + 17)])
    assert m.text == "Glimmerbrook Lane" and m.place is not None
    assert _km(m.place.lat, m.place.lon, 43.61, -116.20) < 50


def test_a_part_of_an_unknown_span_names_the_place() -> None:
    text = "She studied at Colorado State University before moving on."
    start = text.index("Colorado")
    (m,) = resolve_spans(text, [(start, start + len("Colorado State University"))])
    assert m.place.name == "Colorado" and m.place.kind == "region"


def _spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    return [(text.index(n), text.index(n) + len(n)) for n in names]


def test_an_unknown_name_is_in_the_place_named_right_after_it() -> None:
    # Three Portuguese cities are the focus; "in Geneva" and ", Kent" say where the others are
    text = "Talks moved from Lisbon to Porto and Coimbra. Envoys met at Quorvane Palace in Geneva."
    names = ["Lisbon", "Porto", "Coimbra", "Quorvane Palace", "Geneva"]
    palace = _by_text(resolve_spans(text, _spans(text, names)))["Quorvane Palace"].place
    assert _km(palace.lat, palace.lon, 46.20, 6.15) < 30
    text = "Talks moved from Lisbon to Porto and Coimbra. The race is at Wexmoor Park, Kent."
    names = ["Lisbon", "Porto", "Coimbra", "Wexmoor Park", "Kent"]
    park = _by_text(resolve_spans(text, _spans(text, names)))["Wexmoor Park"].place
    assert park.country == "GB"


def test_the_town_just_named_is_found_whatever_order_the_spans_come_in() -> None:
    text = "Storms hit Houston, Dallas and Austin. In Boise, crews closed Quxbrindle Street."
    spans = _spans(text, ["Quxbrindle Street", "Houston", "Dallas", "Boise", "Austin"])
    found = _by_text(resolve_spans(text, spans))
    street = found["Quxbrindle Street"].place
    assert _km(street.lat, street.lon, 43.61, -116.20) < 30


@pytest.mark.parametrize(
    ("name", "country"),
    [("US Federal Reserve", "US"), ("Mexican Senate", "MX"), ("UK Treasury", "GB")],
)
def test_a_country_acronym_or_a_demonym_before_an_institution(name: str, country: str) -> None:
    text = f"Markets in Paris and Lyon fell after the {name} spoke."
    (m,) = resolve_spans(text, _spans(text, [name]))
    assert m.place.kind == "country" and m.place.country == country


def test_a_demonym_alone_does_not_make_a_quarter_foreign() -> None:
    text = "Jazz played in the French Quarter of New Orleans all night."
    found = _by_text(resolve_spans(text, _spans(text, ["French Quarter", "New Orleans"])))
    quarter = found["French Quarter"].place
    assert quarter.country == "US" and _km(quarter.lat, quarter.lon, 29.95, -90.07) < 30


def test_a_world_city_named_in_an_unknown_name_places_it() -> None:
    text = "Trade with Brazil grew, said a diplomat at the Ruritanian Legation Tokyo."
    (m,) = resolve_spans(text, _spans(text, ["Ruritanian Legation Tokyo"]))
    assert _km(m.place.lat, m.place.lon, 35.69, 139.69) < 30


def test_a_peoples_word_before_a_noun_is_the_people_not_a_town() -> None:
    # Arab, Alabama shares the word; "Arab leaders" is an adjective, with US places beside it
    text = "In Washington and New York, Arab leaders met US officials."
    (m,) = resolve_spans(text, _spans(text, ["Arab"]))
    assert m.place.country != "US" and m.place.name == "Arab world"


def test_english_ceremonial_counties_are_regions_of_the_uk() -> None:
    found = _by_text(geoparse("Rain fell across Cheshire, Berkshire and West Yorkshire."))
    for name, (lat, lon) in {
        "Cheshire": (53.2, -2.5),
        "Berkshire": (51.45, -1.0),
        "West Yorkshire": (53.75, -1.7),
    }.items():
        p = found[name].place
        assert (p.country, p.kind) == ("GB", "region")
        assert _km(p.lat, p.lon, lat, lon) < 40


def test_small_states_peoples_and_breakaway_regions() -> None:
    found = _by_text(geoparse("A Saint Lucian envoy and Manx officials spoke of Nagorno-Karabakh."))
    assert found["Saint Lucian"].place.country == "LC"
    assert found["Manx"].place.country == "IM"
    karabakh = found["Nagorno-Karabakh"].place
    assert karabakh.country == "AZ" and _km(karabakh.lat, karabakh.lon, 39.8, 46.8) < 50


def test_a_lone_village_abroad_is_taken_for_a_local_name() -> None:
    # the gazetteer's only Glenrock is in Wyoming; the story is in New South Wales
    text = "Walkers from Newcastle, Sydney and Wollongong love Glenrock in spring."
    names = ["Newcastle", "Sydney", "Wollongong", "Glenrock"]
    found = _by_text(resolve_spans(text, _spans(text, names)))
    glenrock = found["Glenrock"]
    assert glenrock.place.country == "AU" and glenrock.score < 0.5
    # one foreign city with a story of its own stays where it is
    text = "Fans in Sydney and Melbourne watched the final in Lyon."
    found = _by_text(resolve_spans(text, _spans(text, ["Sydney", "Melbourne", "Lyon"])))
    assert found["Lyon"].place.country == "FR"


def test_arab_town_names_without_their_article() -> None:
    # GeoNames writes "Al Qāmishlī" and "Ar Raqqah"; reports write "Qamishli", "Raqqa"
    found = _by_text(geoparse("Shelling hit Qamishli and Raqqa in Syria on Tuesday."))
    assert found["Qamishli"].place.country == "SY"
    assert _km(found["Qamishli"].place.lat, found["Qamishli"].place.lon, 37.05, 41.23) < 20
    assert found["Raqqa"].place.country == "SY"


def test_major_airports_are_landmarks() -> None:
    found = _by_text(geoparse("Flights from Heathrow and Sheremetyevo were cancelled."))
    heathrow, moscow = found["Heathrow"].place, found["Sheremetyevo"].place
    assert heathrow.kind == "landmark" and _km(heathrow.lat, heathrow.lon, 51.47, -0.45) < 5
    assert moscow.country == "RU" and _km(moscow.lat, moscow.lon, 55.97, 37.41) < 5


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Mines in Johannesburg and Pretoria show that SA still digs platinum.", "ZA"),
        ("Voters in Adelaide and Port Augusta said SA needs more water.", "AU"),
    ],
)
def test_sa_is_chosen_by_the_storys_other_places(text: str, country: str) -> None:
    (sa,) = resolve_spans(text, _spans(text, ["SA"]))
    assert sa.place.country == country and sa.place.kind in ("country", "region")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The team flew from Lima to Cairo.", {"Lima": "PE", "Cairo": "EG"}),
        ("Officials from Toledo and Valencia met on Monday.", {"Toledo": "ES", "Valencia": "ES"}),
        ("He moved from Kent to Durham.", {"Kent": "GB", "Durham": "GB"}),
        ("Voters in Delaware and Maryland went to the polls.", {"Delaware": "US"}),
    ],
)
def test_two_unlikely_senses_that_happen_to_agree_do_not_win(text: str, expected) -> None:
    # Lima and Cairo, Ohio are 300 km apart; that is no reason to leave Peru and Egypt
    found = _by_text(geoparse(text))
    for name, country in expected.items():
        assert found[name].place.country == country, found[name].place.label
    if "Delaware" in expected:
        assert found["Delaware"].place.kind == "region"
        assert found["Maryland"].place.kind == "region"


def test_trinidad_is_the_island_state_unless_the_story_is_in_cuba() -> None:
    (alone,) = geoparse("Carnival season in Trinidad drew crowds.")
    assert alone.place.country == "TT"
    found = _by_text(geoparse("Tourists in Havana and Trinidad enjoyed the sun."))
    assert found["Trinidad"].place.country == "CU"


def test_a_world_regions_word_is_not_a_small_town() -> None:
    found = _by_text(geoparse("In Chicago and Denver, talk was of the Arab Spring."))
    assert found["Arab"].place.name == "Arab world"


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Tech workers left states such as California or Washington.", "Washington", "region"),
        ("Police in England and Wales lost officers.", "Wales", "region"),
        ("Trips to Alaska, Hawaii, Florida and Washington, D.C. followed.", "Washington", "city"),
        ("Fans in Paris and London cheered.", "London", "city"),
    ],
)
def test_a_list_names_things_of_one_kind(text: str, name: str, kind: str) -> None:
    m = _by_text(geoparse(text))[name]
    assert m.place.kind == kind, m.place.label
    if name == "Washington" and kind == "city":
        assert m.place.admin1 == "District of Columbia"


def test_the_place_named_after_an_embassy_is_where_it_is() -> None:
    # "of Armenia" names whose embassy; "in Rome" where it stands
    text = "A prize was given at the Embassy of Armenia in Rome on Friday."
    names = ["Embassy of Armenia", "Rome"]
    embassy = _by_text(resolve_spans(text, _spans(text, names)))["Embassy of Armenia"].place
    assert embassy.country == "IT" and _km(embassy.lat, embassy.lon, 41.89, 12.48) < 30


def test_the_islamic_republic_is_iran_unless_named_otherwise() -> None:
    found = _by_text(geoparse("Exports from the Islamic Republic fell, Tehran said."))
    assert found["Islamic Republic"].place.country == "IR"
    found = _by_text(geoparse("The Islamic Republic of Pakistan signed the deal."))
    assert found["Islamic Republic of Pakistan"].place.country == "PK"


def test_a_township_is_not_in_the_state_it_shares_a_name_with() -> None:
    text = "Paramus and Hackensack residents met in Washington Township on Monday."
    names = ["Paramus", "Hackensack", "Washington Township"]
    township = _by_text(resolve_spans(text, _spans(text, names)))["Washington Township"].place
    assert township.kind != "region" and _km(township.lat, township.lon, 40.95, -74.07) < 161


def test_fast_path_leaves_other_calls_to_typer() -> None:
    from maps.cli.geoparse import fast_main

    assert fast_main(["render", "story.yaml"]) is None
    assert fast_main(["geoparse", "--help"]) is None
    assert fast_main(["geoparse", "--jsonl", "--bogus"]) is None


def test_jsonl_split_across_processes_gives_the_same_lines():
    # 60 articles pass the batch size at which geoparse forks a helper process.
    import json
    import subprocess
    import sys

    texts = [
        "Officials in Moscow said drones fell near Bryansk.",
        "Flooding closed roads in Boise, Idaho, and in Moscow, Idaho.",
        "The talks in Tbilisi, Georgia, ended without a deal.",
    ]
    lines = "".join(json.dumps({"id": str(i), "text": texts[i % 3]}) + "\n" for i in range(60))

    def run(jobs: str) -> list[str]:
        proc = subprocess.run(
            [sys.executable, "-m", "maps.cli", "geoparse", "--jsonl", "--jobs", jobs],
            input=lines,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.splitlines()

    one, two = run("1"), run("2")
    assert len(one) == 60
    assert one == two
    assert [json.loads(line)["id"] for line in two] == [str(i) for i in range(60)]
