"""The incident half of drafting: ACLED types, triggers, tolls, dates, headline, summary line.

Values are asserted (a toll's figure and bound, a date span, a type), on short invented
sentences, never on the test set's articles (tests/test_extract_set.py measures those).
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from geo.story.model import Incident, Story
from geo.story.read import parse_story
from geo.story.vocabulary import canonical_type, event_type_of
from geo.text.casualties import find_toll, parse_number
from geo.text.dates import find_dates, parse_date_text
from geo.text.extract import extract
from geo.text.report import draft_report
from geo.text.sentences import find_dateline, find_headline
from geo.text.triggers import find_triggers

MONDAY = date(2024, 3, 4)


# --- vocabulary -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new, event",
    [
        ("drone-strike", "air_drone_strike", "explosions_remote_violence"),
        ("air-defence", "disrupted_weapons_use", "strategic_developments"),
        ("shelling", "shelling_artillery_missile_attack", "explosions_remote_violence"),
        ("derailment", "looting_property_destruction", "strategic_developments"),
        ("restriction", "other", "strategic_developments"),
        ("military-event", "change_to_group_activity", "strategic_developments"),
        ("Air/drone strike", "air_drone_strike", "explosions_remote_violence"),
        ("Armed clash", "armed_clash", "battles"),
    ],
)
def test_older_types_and_acled_labels_load_as_acled_types(old, new, event):
    text = f"title: t\nincidents:\n  - type: {old}\n    place: '1,1'\n    summary: s\n"
    (inc,) = parse_story(text).incidents
    assert (inc.type, inc.event) == (new, event)
    assert canonical_type(old)[0] == new


def test_an_older_count_keeps_its_noun():
    inc = Incident("a", "derailment", "s", "x", count=2)
    assert (inc.type, inc.unit) == ("looting_property_destruction", "trains")


def test_non_conflict_other_and_strategic_other_differ():
    assert event_type_of("other") == "other"
    assert event_type_of("other", "strategic_developments") == "strategic_developments"


@pytest.mark.parametrize(
    "field, value, hint",
    [("killed", "'many'", "whole number"), ("killed_at_least", "'yes'", "true or false")],
)
def test_bad_casualty_fields_are_named(field, value, hint):
    from geo.errors import InputError

    text = "title: t\nincidents:\n  - type: other\n    place: '1,1'\n    summary: s\n"
    text += f"    {field}: {value}\n"
    with pytest.raises(InputError) as err:
        parse_story(text, "s.yaml")
    assert f"incidents[0].{field}" in str(err.value) and hint in str(err.value)


# --- triggers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, kinds",
    [
        ("Insurgents took control of the city on Friday.", ["non_state_actor_overtakes_territory"]),
        ("Army troops captured the village of Marinka.", ["government_regains_territory"]),
        ("The army said its forces crossed into the district.", ["armed_clash"]),
        ("Warplanes struck a market, the ministry said.", ["air_drone_strike"]),
        ("Artillery fire hit the suburbs.", ["shelling_artillery_missile_attack"]),
        ("A roadside bomb exploded near the convoy.", ["remote_explosive_landmine_ied"]),
        ("Police arrested four men and detained a fifth.", ["arrests"]),
        (
            "Thousands of protesters marched, and police fired tear gas.",
            ["protest_with_intervention"],
        ),
        ("A fire swept through the market.", ["other"]),
        ("The bridge collapsed during the morning rush.", ["other"]),
        ("It was the deadliest attack on civilians since 2019.", []),
        ("The army was preparing for a spring offensive.", []),
        (
            "Iran fired missiles at Israel, which intercepted most of them.",
            ["shelling_artillery_missile_attack", "disrupted_weapons_use"],
        ),
        ("Two drones attacked the port and were shot down.", ["disrupted_weapons_use"]),
    ],
)
def test_triggers_from_the_lexicon(sentence, kinds):
    assert [t.kind for t in find_triggers(sentence)] == kinds


def test_a_non_conflict_incident_keeps_its_trigger_word():
    s = extract(
        "Fire in the old town\n\nLVIV, March 4, 2024 - A fire swept through a market in Lviv "
        "on Sunday, killing three people.",
        geoparse=lambda text, country=None: [],
    )
    # no place, so no incident is drawn, but the title is the headline
    assert s.title == "Fire in the old town"
    (t,) = find_triggers("A fire swept through a market in Lviv on Sunday.")
    assert (t.kind, t.word, t.event_type) == ("other", "fire swept", "other")


# --- tolls ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, killed, killed_least, injured, injured_least",
    [
        ("Shelling killed three people and wounded 12.", 3, False, 12, False),
        ("At least 44 people were killed and dozens were hurt.", 44, True, None, False),
        ("The toll rose to 17 on Tuesday.", 17, False, None, False),
        (
            "A missile hit the square, killing twenty-six and injuring more than 100.",
            26,
            False,
            100,
            True,
        ),
        ("More than 70 people, including 13 soldiers, were killed.", 70, True, None, False),
        ("A dozen were wounded.", None, False, 12, False),
        ("Two drones were shot down over the city.", None, False, None, False),
        ("Officials put the number of dead at more than 1,200.", 1200, True, None, False),
    ],
)
def test_tolls_as_figures(sentence, killed, killed_least, injured, injured_least):
    t = find_toll(sentence)
    assert (t.killed, t.killed_at_least) == (killed, killed_least)
    assert (t.injured, t.injured_at_least) == (injured, injured_least)


def test_dozens_is_vague_and_no_figure():
    t = find_toll("Dozens of people were killed in the raid.")
    assert (t.killed, t.killed_vague) == (None, True)


def test_numbers_in_words():
    assert [parse_number(w) for w in ("seventy-three", "a dozen", "2,800", "nine")] == [
        73,
        12,
        2800,
        9,
    ]


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase, start, end",
    [
        ("on Saturday", date(2024, 3, 2), None),
        ("late on Sunday", date(2024, 3, 3), None),
        ("on Monday", MONDAY, None),  # the last such day on or before the anchor
        ("Saturday's attack", date(2024, 3, 2), None),
        ("overnight", date(2024, 3, 3), MONDAY),
        ("last week", date(2024, 2, 26), date(2024, 3, 3)),  # Monday to Sunday
        ("on Feb. 29", date(2024, 2, 29), None),
        ("on Dec. 30", date(2023, 12, 30), None),  # a year-less date well ahead: last year's
    ],
)
def test_date_phrases_resolve_against_the_anchor(phrase, start, end):
    (span,) = find_dates(phrase, MONDAY)
    assert (span.start, span.end) == (start, end)


def test_a_statement_date_comes_after_the_event_date():
    spans = find_dates("The army said on Monday that rebels attacked on Saturday.", MONDAY)
    assert [(s.start, s.statement) for s in spans] == [
        (date(2024, 3, 2), False),
        (MONDAY, True),
    ]


@pytest.mark.parametrize(
    "text, place, day",
    [
        ("KHARKIV, May 4 (Reuters) - Drones hit", "Kharkiv", "May 4"),
        ("LVIV, Ukraine, March 4, 2024 - Drones hit", "Lviv", "March 4, 2024"),
        ("Dnipro, 2 January 2024. Drones hit", "Dnipro", "2 January 2024"),
    ],
)
def test_datelines(text, place, day):
    d = find_dateline(text)
    assert (d.place, d.date_text) == (place, day)


def test_dateline_dates_parse_with_dateparser():
    assert parse_date_text("March 4, 2024") == MONDAY
    assert parse_date_text("2 January 2024") == date(2024, 1, 2)


# --- headline and whole drafts ------------------------------------------------------------------


def test_headline_is_the_title_and_not_the_first_sentence():
    assert find_headline("Drones hit Lviv\n\nLVIV - Drones hit a depot.").text == "Drones hit Lviv"
    assert find_headline("One sentence only.\n\nAnother.") is None
    s = extract(
        "Missiles hit Odesa port\n\nODESA, Ukraine, July 23 (Wire) - Russian missiles hit the "
        "port of Odesa overnight, killing two people and wounding at least 22, officials said.",
        article_date=date(2023, 7, 23),
    )
    assert s.title == "Missiles hit Odesa port"
    (inc,) = [i for i in s.incidents if i.type == "shelling_artillery_missile_attack"]
    assert "Missiles hit Odesa port" not in (inc.sentence or "")
    assert (inc.killed, inc.injured, inc.injured_at_least) == (2, 22, True)
    assert (inc.date_start, inc.date_end) == (date(2023, 7, 22), date(2023, 7, 23))


def test_geojson_carries_type_killed_and_injured():
    from geo.story.resolve import resolve_story
    from maps.export.save import geojson_text

    s = extract(
        "ODESA, July 23, 2023 - Russian missiles hit Odesa overnight, killing two people.",
    )
    data = json.loads(geojson_text(resolve_story(s)))
    (props,) = [
        f["properties"] for f in data["features"] if f["properties"].get("killed") is not None
    ]
    assert props["type"] == "shelling_artillery_missile_attack"
    assert props["event_type"] == "explosions_remote_violence"
    assert (props["killed"], props["killed_at_least"], props["injured"]) == (2, False, None)
    assert props["date_start"] == "2023-07-22"


# --- the summary line and --strict ----------------------------------------------------------------


def test_report_counts_and_warns():
    r = draft_report(Story(title="t"))
    assert r.summary == "0 incidents, 0 places, 0 distances"
    assert len(r.warnings) == 2


def test_extract_strict_exits_2_on_a_draft_without_incident(tmp_path, capsys):
    from maps.cli import main

    article = tmp_path / "a.txt"
    article.write_text("Calm day\n\nThe weather was fine and people walked in the park.\n")
    out = tmp_path / "s.yaml"
    assert main(["extract", str(article), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "drafted: 0 incidents" in err and "warning: no incident found" in err
    assert main(["extract", str(article), "-o", str(out), "--force", "--strict"]) == 2
    assert "--strict" in capsys.readouterr().err
    assert out.is_file()  # the draft is still written, for review
