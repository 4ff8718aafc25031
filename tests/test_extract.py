"""Incident extraction: sentences, dates, counts, types, speakers, and whole articles."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.story.model import INCIDENT_TYPES, Story
from geo.text.dates import find_dates, parse_date_text
from geo.text.extract import (
    _fallback_geoparse,
    classify,
    extract,
    find_casualties,
    find_distance_claims,
    find_speaker,
    parse_count,
)
from geo.text.sentences import find_dateline, split_sentences

ARTICLE_DATE = date(2023, 5, 3)  # a Wednesday
SHARED_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "stories"
SHARED_ARTICLE /= "kremlin-drones-2023-05-03.txt"
OWN_ARTICLE = Path(__file__).resolve().parents[1] / "data" / "stories" / "kremlin-2023-05-03.txt"
HAS_MEASURE = all(
    importlib.util.find_spec(m) for m in ("geo.geometry.borders", "geo.geometry.distances")
)
needs_measure = pytest.mark.skipif(
    not HAS_MEASURE,
    reason="geo.geometry.borders / geo.geometry.distances (resolve_story's measuring) not present",
)


# --- sentences ------------------------------------------------------------------------------


def test_splitter_keeps_abbreviations_and_initials():
    text = "Gen. Ivanov met Mr. Smith at 5 p.m. in the U.S. embassy. Vladimir V. Putin left."
    assert [s.text for s in split_sentences(text)] == [
        "Gen. Ivanov met Mr. Smith at 5 p.m. in the U.S. embassy.",
        "Vladimir V. Putin left.",
    ]


def test_splitter_keeps_a_quote_with_its_attribution():
    text = "“Two drones. The craft were disabled,” the presidency said. Putin was unhurt."
    got = [s.text for s in split_sentences(text)]
    assert got == [
        "“Two drones. The craft were disabled,” the presidency said.",
        "Putin was unhurt.",
    ]


def test_splitter_strips_datelines_and_keeps_offsets():
    for text in ("(Moscow) Russia said so. Then.", "MOSCOW (AFP) - Russia said so. Then."):
        sents = split_sentences(text)
        assert sents[0].text == "Russia said so."
        assert all(text[s.start : s.end] == s.text for s in sents)
    assert find_dateline("Moscow, 3 May 2023. Drones.").date_text == "3 May 2023"
    assert find_dateline("Russia said on Wednesday.") is None


def test_splitter_breaks_paragraphs_and_drops_stray_dots():
    text = "Moscow is 500 km from the border. .\n\nNext paragraph here"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["Moscow is 500 km from the border.", "Next paragraph here"]
    assert [s.paragraph for s in sents] == [0, 1]


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase, start, end",
    [
        ("on Wednesday", date(2023, 5, 3), None),  # the article's own day
        ("on Monday", date(2023, 5, 1), None),
        ("on Thursday", date(2023, 4, 27), None),  # on or before, never after
        ("last night", date(2023, 5, 2), date(2023, 5, 3)),
        ("overnight", date(2023, 5, 2), date(2023, 5, 3)),
        ("yesterday", date(2023, 5, 2), None),
        ("May 9", date(2023, 5, 9), None),
        ("9 May", date(2023, 5, 9), None),
        ("on 24 February 2022", date(2022, 2, 24), None),
        ("Victory Day", date(2023, 5, 9), None),
    ],
)
def test_date_phrases_resolve_against_the_article_date(phrase, start, end):
    span = find_dates(f"It happened {phrase}.", ARTICLE_DATE)[0]
    assert (span.start, span.end, span.approximate) == (start, end, False)


def test_recent_days_is_an_approximate_range_ending_on_the_article_date():
    span = find_dates("In recent days, two trains derailed.", ARTICLE_DATE)[0]
    assert span.approximate and span.end == ARTICLE_DATE
    assert 1 <= (span.end - span.start).days <= 7


def test_date_after_a_speech_verb_dates_the_statement_and_comes_last():
    spans = find_dates("Russia said on Wednesday it downed two drones last night", ARTICLE_DATE)
    assert [s.statement for s in spans] == [False, True]
    assert spans[0].text == "last night"


def test_may_the_verb_is_no_date_and_relative_phrases_need_an_article_date():
    assert find_dates("Drones may fly again.", ARTICLE_DATE) == []
    assert find_dates("It happened last night.", None) == []
    assert parse_date_text("3 May 2023") == date(2023, 5, 3)


# --- counts, types, speakers, casualties, distances -------------------------------------------


@pytest.mark.parametrize(
    "text, kind, expected",
    [
        ("two drones were downed", "air-defence", 2),
        ("a drone was downed", "air-defence", 1),
        ("twenty Ukrainian drones", None, 20),
        ("seventeen drones", None, 17),
        ("2 trains derailed", "derailment", 2),
        ("14 drones", None, 14),
        ("two acts of sabotage derailed three trains", "derailment", 3),
        ("the drones were downed", "air-defence", None),
    ],
)
def test_count_parser(text, kind, expected):
    assert parse_count(text, kind) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russia said it shot down two drones.", "disrupted_weapons_use"),
        ("The craft were disabled by jamming, and the drones fell.", "disrupted_weapons_use"),
        ("Air defences intercepted a missile.", "disrupted_weapons_use"),
        ("A drone attack hit the refinery.", "air_drone_strike"),
        ("Saboteurs derailed a train.", "looting_property_destruction"),
        ("An act of railway sabotage.", "looting_property_destruction"),
        ("Drone flights over Moscow would be prohibited.", "other"),
        ("The mayor banned fireworks.", "other"),
        ("The parade on Red Square goes ahead.", "change_to_group_activity"),
        ("An explosion rocked the depot.", "remote_explosive_landmine_ied"),
        ("The town was shelled overnight.", "shelling_artillery_missile_attack"),
        ("Rebels took control of the town after clashes.", "non_state_actor_overtakes_territory"),
        ("Government troops recaptured the village.", "government_regains_territory"),
        ("The toll from the building collapse rose to 12.", "other"),
        ("Police detained three men.", "arrests"),
        ("A suicide bomber blew himself up at the gate.", "suicide_bomb"),
        ("Fighting raged for a third day.", "armed_clash"),
        ("Several military parades have been canceled.", None),
        ("Drones have come down near Moscow before.", None),
    ],
)
def test_type_classifier(text, expected):
    found = classify(text)
    assert (found[0] if found else None) == expected
    if found:
        assert found[0] in INCIDENT_TYPES


@pytest.mark.parametrize(
    "text, name",
    [
        ("“Two drones,” the Russian presidency said in a statement.", "Russian presidency"),
        ("According to the Russian presidency, “there were no casualties”", "Russian presidency"),
        ("Kremlin spokesman Dmitry Peskov nevertheless said it goes ahead.", "Dmitry Peskov"),
        ("The mayor of the capital, Sergei Sobyanin, announced a ban.", "Sergei Sobyanin"),
        ("“We consider it terrorism” Vladimir Putin, added the Kremlin.", "Kremlin"),
        ("The attack reported by the Kremlin comes days before.", "Kremlin"),
    ],
)
def test_source_attribution(text, name):
    assert find_speaker(text).name.endswith(name)


def test_a_named_body_outranks_a_bare_place_name():
    place = find_speaker("Russia said it shot down two drones.", lambda s: s == "Russia")
    body = find_speaker("the Russian presidency said it did.", lambda s: s == "Russia")
    assert place.name == "Russia" and body.rank > place.rank
    assert find_speaker("Two drones fell on a field.") is None


def test_casualties():
    assert find_casualties("there were no casualties or damage") == "No casualties reported."
    assert find_casualties("debris caused neither casualties nor damage") is not None
    assert "three people were killed" in find_casualties("Three people were killed.").lower()
    assert find_casualties("The drones fell.") is None


def test_distance_claims_convert_miles_and_find_the_border():
    cc = {"Ukrainian": "UA", "Ukraine": "UA"}.get
    (km,) = find_distance_claims("Moscow, some 500 km from the Ukrainian border.", cc)
    assert (km.km, km.border) == (500.0, "UA")
    (mi,) = find_distance_claims("about 300 miles from Kyiv", cc)
    assert mi.km == pytest.approx(482.8, abs=0.1) and mi.border is None
    assert mi.target_text == "Kyiv"
    (w,) = find_distance_claims("the town lies 40 km from the border with Ukraine", cc)
    assert w.border == "UA"


def test_fallback_geoparser_skips_person_names_and_finds_regions():
    mentions = _fallback_geoparse("Vladimir Putin visited Bryansk and Moscow's Red Square.")
    names = [(m.text, m.place.kind) for m in mentions]
    assert ("Vladimir", "city") not in names
    assert ("Red Square", "landmark") in names
    assert any(m.text == "Bryansk" for m in mentions)


def test_extract_rejects_empty_text_and_bad_urls():
    with pytest.raises(InputError, match="empty"):
        extract("   ")
    with pytest.raises(InputError, match="source_url"):
        extract("Drones fell on Moscow.", source_url="ftp://x")


def test_metonym_is_no_place_but_the_object_of_an_attack_is():
    s = extract(
        "The Kremlin said drones attacked the Kremlin overnight and were shot down.",
        article_date=ARTICLE_DATE,
    )
    (inc,) = s.incidents
    assert inc.place == "moscow-kremlin"
    s2 = extract(
        "The Kremlin said two drones were shot down over Kursk.", article_date=ARTICLE_DATE
    )
    assert s2.incidents[0].place.startswith("kursk")  # city or region: the geoparser's call


# --- whole articles -------------------------------------------------------------------------


def _article(which: str) -> str:
    path = SHARED_ARTICLE if which == "original" else OWN_ARTICLE
    if not path.is_file():
        pytest.skip(f"the {which} article is not at {path}")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=["original", "own", "own-fallback"])
def story(request) -> Story:
    which = request.param
    text = _article("original" if which == "original" else "own")
    geoparse = _fallback_geoparse if which == "own-fallback" else None
    return extract(text, article_date=ARTICLE_DATE, geoparse=geoparse)


def _spec(story: Story, ident: str):
    return next(p for p in story.places if p.id == ident)


def _one(story: Story, types: tuple[str, ...], where: str):
    found = [i for i in story.incidents if i.type in types and where in i.place]
    assert len(found) == 1, [(i.type, i.place) for i in story.incidents]
    return found[0]


def test_kremlin_drones(story):
    inc = _one(story, ("disrupted_weapons_use", "air_drone_strike"), "kremlin")
    assert _spec(story, inc.place).kind == "landmark"
    assert inc.count == 2
    assert (inc.date_start, inc.date_end) == (date(2023, 5, 2), date(2023, 5, 3))
    assert inc.status == "claimed"
    source = next(s for s in story.sources if s.id == inc.source)
    assert "russian presidency" in source.name.lower()
    assert "no casualties" in inc.summary.lower()
    if inc.type == "air_drone_strike":
        assert "disabled" in inc.summary
    assert inc.sentence and "Kremlin" in inc.sentence


def test_bryansk_derailments(story):
    inc = _one(story, ("looting_property_destruction",), "bryansk")
    spec = _spec(story, inc.place)
    assert (spec.kind, spec.country, spec.name) == ("region", "RU", "Bryansk")
    assert inc.count == 2
    assert inc.date_end == ARTICLE_DATE and inc.date_start < ARTICLE_DATE
    assert "approximate" in inc.summary


def test_500_km_claim(story):
    (d,) = [d for d in story.distances if d.end == "border:UA"]
    assert _spec(story, d.start).name in ("Moscow", "Moscow Kremlin")
    assert d.claimed_km == 500
    assert "500 km" in d.sentence


def test_moscow_drone_ban(story):
    inc = _one(story, ("other",), "moscow")
    assert inc.event == "strategic_developments"  # a ban: ACLED's strategic "other"
    assert _spec(story, inc.place).name == "Moscow"
    assert inc.date_start == ARTICLE_DATE


def test_red_square_parade(story):
    inc = _one(story, ("change_to_group_activity",), "red-square")
    assert inc.date_start == date(2023, 5, 9) and inc.date_end is None


def test_no_place_in_idaho_and_places_are_unique(story):
    assert not [p for p in story.places if p.country == "US"]
    ids = [p.id for p in story.places]
    assert len(ids) == len(set(ids))
    referenced = {i.place for i in story.incidents} | {d.start for d in story.distances}
    assert referenced <= set(ids)


def test_story_round_trips_through_the_story_file(story, tmp_path):
    from geo.story.read import load_story
    from geo.story.write import save_story

    again = load_story(save_story(story, tmp_path / "s.yaml"))
    assert again.incidents == story.incidents and again.distances == story.distances


@needs_measure
def test_resolved_claim_is_measured(story):
    from geo.story.resolve import resolve_story

    r = resolve_story(story)
    row = r.distances.loc[r.distances.claimed_km == 500].iloc[0]
    assert 430 <= row.km <= 475  # Moscow to the nearest Ukrainian border: ~453 km
    assert row.verdict


# --- commands -------------------------------------------------------------------------------


def test_extract_command_writes_refuses_and_forces(tmp_path, capsys):
    from maps.cli import main

    out = tmp_path / "story.yaml"
    args = ["extract", str(OWN_ARTICLE), "-o", str(out), "--date", "2023-05-03"]
    assert main(args) == 0
    assert "disrupted_weapons_use" in out.read_text(encoding="utf-8")
    assert "drafted: " in capsys.readouterr().err  # the one-line summary
    assert main(args) == 2
    assert "--force" in capsys.readouterr().err
    assert main([*args, "--force", "--title", "Drones"]) == 0
    assert "title: Drones" in out.read_text(encoding="utf-8")


def test_extract_command_bad_input_exits_2(tmp_path, capsys):
    from maps.cli import main

    assert main(["extract", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "s.yaml")]) == 2
    assert "nope.txt" in capsys.readouterr().err
    args = ["extract", str(OWN_ARTICLE), "-o", str(tmp_path / "s.yaml"), "--date", "3/5/23"]
    assert main(args) == 2
    assert "--date" in capsys.readouterr().err
    assert not (tmp_path / "s.yaml").exists()


def test_build_command_missing_file_exits_2(tmp_path):
    from maps.cli import main

    assert main(["build", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "m.html")]) == 2


@needs_measure
def test_build_command_writes_map_and_story(tmp_path):
    from maps.cli import main

    html, story = tmp_path / "map.html", tmp_path / "story.yaml"
    args = ["build", str(OWN_ARTICLE), "-o", str(html), "--story", str(story), "--tiles", "none"]
    assert main([*args, "--date", "2023-05-03"]) == 0
    assert "Bryansk" in html.read_text(encoding="utf-8")
    assert story.is_file()
