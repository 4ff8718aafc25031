"""Story files: the bundled Kremlin story, round trips, safe saving and precise errors."""

from __future__ import annotations

import dataclasses
import os
import re
import textwrap
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import InputError
from geo.story.model import INCIDENT_TYPES, Distance, Incident, PlaceSpec, Ring, Source, Story
from geo.story.read import load_story, parse_story
from geo.story.write import dump_story, save_story

ACCOUNT = Path(__file__).resolve().parents[1] / "data" / "stories" / "kremlin-2023-05-03.txt"


@pytest.fixture(scope="module")
def kremlin(kremlin_story_path: Path) -> Story:
    return load_story(kremlin_story_path)


# --- the bundled story ------------------------------------------------------------------


def test_bundled_story_has_the_facts(kremlin: Story, kremlin_story_path: Path) -> None:
    assert kremlin.date == date(2023, 5, 3)
    assert kremlin.view == "recognised"
    assert kremlin.credit == "Map: incident-map example"
    assert kremlin.path == str(kremlin_story_path)

    drones = next(i for i in kremlin.incidents if i.place == "kremlin")
    assert drones.count == 2
    assert drones.status == "claimed"
    assert drones.date_end == date(2023, 5, 3)  # the night of 2 to 3 May
    assert drones.date_start == date(2023, 5, 2)

    by_type = {i.type: i for i in kremlin.incidents}
    assert set(by_type) <= set(INCIDENT_TYPES)
    assert by_type["other"].place == "moscow"  # the drone ban: a strategic development
    assert by_type["other"].event == "strategic_developments"
    assert by_type["change_to_group_activity"].place == "red-square"
    assert by_type["change_to_group_activity"].date_start == date(2023, 5, 9)
    rail = by_type["looting_property_destruction"]
    assert rail.place == "bryansk-oblast" and rail.count == 2 and rail.status == "reported"
    assert rail.date_start < date(2023, 5, 3) == rail.date_end
    assert "recent days" in rail.summary

    border = next(d for d in kremlin.distances if d.end == "border:UA")
    assert (border.start, border.claimed_km) == ("kremlin", 500)
    assert any(d.end == "bryansk" and d.claimed_km is None for d in kremlin.distances)
    assert [(r.around, r.radius_km) for r in kremlin.rings] == [("kremlin", 500)]


def test_bundled_story_references_resolve_within_the_file(kremlin: Story) -> None:
    source_ids = {s.id for s in kremlin.sources}
    assert {i.source for i in kremlin.incidents} <= source_ids
    assert all(s.url and s.url.startswith(("http://", "https://")) for s in kremlin.sources)
    place_ids = {p.id for p in kremlin.places}
    assert place_ids == {"kremlin", "red-square", "moscow", "bryansk", "bryansk-oblast", "ukraine"}
    refs = [i.place for i in kremlin.incidents] + [r.around for r in kremlin.rings]
    refs += [e for d in kremlin.distances for e in (d.start, d.end) if not e.startswith("border:")]
    assert set(refs) <= place_ids
    names = {p.id: (p.name, p.country) for p in kremlin.places}
    assert names["kremlin"][0] == "Moscow Kremlin"
    assert names["moscow"] == ("Moscow", "RU")
    assert names["bryansk-oblast"] == ("Bryansk Oblast", "RU")


def test_bundled_story_keeps_line_numbers(kremlin_story_path: Path, kremlin: Story) -> None:
    lines = kremlin_story_path.read_text(encoding="utf-8").splitlines()
    for item in (*kremlin.sources, *kremlin.places, *kremlin.distances):
        assert lines[item.line - 1].strip() == f"- id: {item.id}"
    # Incidents and rings point at the reference a resolver may fail on.
    for inc in kremlin.incidents:
        assert lines[inc.line - 1].strip() == f"place: {inc.place}"
    for ring in kremlin.rings:
        assert lines[ring.line - 1].strip() == f"around: {ring.around}"


def _words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("‘", "'")
    return re.findall(r"[a-z0-9']+", text)


def test_account_is_plain_prose_of_the_right_length() -> None:
    text = ACCOUNT.read_text(encoding="utf-8")
    assert 150 <= len(_words(text)) <= 250
    for name in ("Bryansk province", "Red Square", "Moscow", "the Kremlin", "Ukraine", "500 km"):
        assert name in text


def test_account_shares_no_eight_words_with_the_article(shared_article: str) -> None:
    def grams(text: str) -> set[tuple[str, ...]]:
        w = _words(text)
        return {tuple(w[i : i + 8]) for i in range(len(w) - 7)}

    common = grams(ACCOUNT.read_text(encoding="utf-8")) & grams(shared_article)
    assert not common, [" ".join(g) for g in common]


# --- round trips ------------------------------------------------------------------------


def test_dump_then_parse_gives_the_same_story(kremlin: Story) -> None:
    text = dump_story(kremlin)
    again = parse_story(text)
    assert again == kremlin
    assert dump_story(again) == text  # stable: a second pass changes nothing
    assert text.index("title:") < text.index("sources:") < text.index("incidents:")


def test_round_trip_of_a_story_built_in_code() -> None:
    story = Story(
        title="Ö: a title with a colon",
        dek="'quoted' and #not a comment",
        sources=(Source("s1", "Wire", "https://example.org/a?b=1"),),
        places=(PlaceSpec("no", "Oslo", lat=59.9, lon=10.75, country="NO", kind="city"),),
        incidents=(
            Incident("a", "explosion", "Blast", "55.752,37.6175", count=0, source="s1"),
            Incident(
                "b",
                "other",
                "x",
                "Oslo",
                date_start=date(2023, 1, 1),
                date_end=date(2023, 1, 1),
                status="confirmed",
            ),
            Incident("c", "other", "y", "no", date_end=date(2023, 1, 2)),
        ),
        distances=(Distance("d", "no", "border:SE", claimed_km=412.5, label="yes"),),
        rings=(Ring("r", "59.9,10.75", 0.25, label="null"),),
    )
    assert parse_story(dump_story(story)) == story


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).filter(str.strip),
    summary=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).filter(str.strip),
    count=st.none() | st.integers(0, 10**6),
    lat=st.floats(-90, 90),
    lon=st.floats(-180, 180),
)
def test_round_trip_of_any_text(title: str, summary: str, count, lat, lon) -> None:
    story = Story(
        title=title,
        places=(PlaceSpec("p", summary, lat=lat, lon=lon),),
        incidents=(Incident("i", "other", summary, "p", count=count),),
    )
    assert parse_story(dump_story(story)) == story


def test_missing_ids_are_generated_and_do_not_clash() -> None:
    story = parse_story(
        textwrap.dedent("""\
        title: t
        distances:
          - {from: a, to: b}
          - {id: distance-1, from: a, to: c}
        incidents:
          - {type: other, place: a, summary: s}
          - {type: other, lat: 55.75, lon: 37.5, summary: s}
        rings:
          - {around: a, radius_km: 5}
        """)
    )
    assert [d.id for d in story.distances] == ["distance-1-2", "distance-1"]
    assert [i.id for i in story.incidents] == ["incident-1", "incident-2"]
    assert story.incidents[1].place == "55.75,37.5"
    assert [r.id for r in story.rings] == ["ring-1"]


def test_country_no_stays_norway_and_border_codes_are_upper_case() -> None:
    story = parse_story(
        "title: t\nplaces:\n  - {id: oslo, name: Oslo, country: NO}\n"
        "distances:\n  - {from: oslo, to: border:se}\n"
    )
    assert story.places[0].country == "NO"
    assert story.distances[0].end == "border:SE"


# --- saving -----------------------------------------------------------------------------


def test_save_refuses_to_overwrite_without_force(tmp_path: Path, kremlin: Story) -> None:
    target = tmp_path / "story.yaml"
    target.write_text("title: old\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        save_story(kremlin, target)
    assert "--force" in str(err.value) and err.value.file == str(target)
    assert target.read_text(encoding="utf-8") == "title: old\n"

    assert save_story(kremlin, target, force=True) == target
    assert load_story(target) == kremlin
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.yaml"]  # no temp file left


def test_save_is_atomic_when_the_final_rename_fails(tmp_path, monkeypatch, kremlin) -> None:
    target = tmp_path / "story.yaml"
    target.write_text("title: old\n", encoding="utf-8")

    def broken_replace(src, dst):
        assert Path(src).parent == tmp_path  # the temp file sits beside the target
        assert Path(src).read_text(encoding="utf-8") == dump_story(kremlin)
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_story(kremlin, target, force=True)
    assert target.read_text(encoding="utf-8") == "title: old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.yaml"]


def test_save_refuses_a_story_that_would_not_load(tmp_path: Path) -> None:
    bad = Story(title="t", incidents=(Incident("i", "bombing", "s", "a"),))
    with pytest.raises(InputError) as err:
        save_story(bad, tmp_path / "s.yaml")
    assert err.value.field == "incidents[0].type"
    assert not (tmp_path / "s.yaml").exists()


# --- broken files -----------------------------------------------------------------------

HEAD = "title: Drones\nsources:\n  - id: afp\n    name: AFP\n"  # lines 1-4

# (case id, file text, line, field, a word the message or hint must contain)
# fmt: off
BROKEN: list[tuple[str, str, int, str | None, str]] = [
    ("unknown-top-key", "titel: Drones\n", 1, "titel", "did you mean 'title'"),
    ("missing-title", "dek: hello\ndate: 2023-05-03\n", 1, "title", "title:"),
    ("empty-title", "dek: x\ntitle:\n", 2, "title", "title:"),
    ("top-level-list", "- title: x\n", 1, None, "without '- '"),
    ("yaml-unclosed-quote", 'title: "Drones\ndek: x\n', 1, None, "never closed"),
    ("yaml-python-tag", "title: t\ndek: !!python/object/apply:os.system [ls]\n", 2, None, "tag"),
    ("yaml-bad-indent", "title: t\nsources:\n  - id: a\n     name: b\n", 4, None, "line it up"),
    ("yaml-colon-in-value", "title: x\ndek: Peskov: it goes ahead\n", 2, None, "quotes"),
    ("tab-indent", HEAD + "places:\n\t- id: a\n", 6, None, "spaces"),
    ("duplicate-yaml-key", HEAD + "    name: AFP again\n", 5, "sources[0].name", "lines 4 and 5"),
    ("duplicate-top-key", "title: a\ndek: b\ntitle: c\n", 3, "title", "lines 1 and 3"),
    ("unknown-item-key", HEAD + "    adress: x\n", 5, "sources[0].adress", "url"),
    ("missing-source-name", "title: t\nsources:\n  - id: afp\n", 3, "sources[0].name", "name:"),
    ("url-not-http", HEAD + "    url: ftp://afp.com/x\n", 5, "sources[0].url", "https://"),
    ("url-broken-host", HEAD + "    url: http://[afp.com\n", 5, "sources[0].url", "https://"),
    ("control-character", "title: t\ndek: a\x1fb\n", 2, None, "invisible"),
    ("url-no-scheme", HEAD + "    url: www.afp.com\n", 5, "sources[0].url", "https://"),
    ("sources-not-a-list", "title: t\nsources: afp\n", 2, "sources", "- "),
    ("bad-id", "title: t\nplaces:\n  - id: red square\n    name: R\n", 3, "places[0].id", "-"),
    ("duplicate-place-id",
     "title: t\nplaces:\n  - id: a\n    name: A\n  - id: a\n    name: B\n",
     5, "places[1].id", "lines 3 and 5"),
    ("lat-out-of-range", "title: t\nplaces:\n  - id: a\n    name: A\n    lat: 95\n    lon: 1\n",
     5, "places[0].lat", "-90 and 90"),
    ("lon-out-of-range", "title: t\nplaces:\n  - id: a\n    name: A\n    lat: 5\n    lon: 181\n",
     6, "places[0].lon", "-180 and 180"),
    ("lat-without-lon", "title: t\nplaces:\n  - id: a\n    name: A\n    lat: 55.7\n",
     5, "places[0].lon", "both"),
    ("lat-as-text", "title: t\nplaces:\n  - id: a\n    name: A\n    lat: 55.7N\n    lon: 3\n",
     5, "places[0].lat", "plain number"),
    ("country-three-letters", "title: t\nplaces:\n  - id: a\n    name: A\n    country: RUS\n",
     5, "places[0].country", "RU"),
    ("unknown-incident-type",
     HEAD + "incidents:\n  - type: drone-strke\n    place: a\n    summary: s\n",
     6, "incidents[0].type", "drone-strike"),
    ("missing-incident-type", HEAD + "incidents:\n  - place: a\n    summary: s\n",
     6, "incidents[0].type", "air_drone_strike"),
    ("missing-summary", HEAD + "incidents:\n  - type: other\n    place: a\n",
     6, "incidents[0].summary", "summary:"),
    ("missing-place", HEAD + "incidents:\n  - type: other\n    summary: s\n",
     6, "incidents[0].place", "lat,lon"),
    ("unknown-status",
     HEAD + "incidents:\n  - type: other\n    place: a\n    summary: s\n    status: confirm\n",
     9, "incidents[0].status", "confirmed"),
    ("impossible-date",
     HEAD + "incidents:\n  - type: other\n    place: a\n    summary: s\n    date: 2023-02-30\n",
     9, "incidents[0].date", "28 days"),
    ("date-wrong-format", "title: t\ndate: 03/05/2023\n", 2, "date", "YYYY-MM-DD"),
    ("range-ends-before-start",
     HEAD + "incidents:\n  - type: other\n    place: a\n    summary: s\n"
     "    date: 2023-05-03/2023-05-01\n", 9, "incidents[0].date", "earlier date first"),
    ("mapping-range-bad-end",
     HEAD + "incidents:\n  - type: other\n    place: a\n    summary: s\n"
     "    date:\n      start: 2023-05-01\n      end: 2023-13-01\n",
     11, "incidents[0].date.end", "YYYY-MM-DD"),
    ("negative-count",
     HEAD + "incidents:\n  - type: other\n    place: a\n    summary: s\n    count: -1\n",
     9, "incidents[0].count", "whole number"),
    ("fractional-count",
     HEAD + "incidents:\n  - type: other\n    place: a\n    summary: s\n    count: 2.5\n",
     9, "incidents[0].count", "whole number"),
    ("unknown-source",
     HEAD + "incidents:\n  - type: other\n    place: a\n    summary: s\n    source: apf\n",
     9, "incidents[0].source", "did you mean 'afp'"),
    ("border-in-incident", HEAD + "incidents:\n  - type: other\n    place: border:UA\n"
     "    summary: s\n", 7, "incidents[0].place", "distances"),
    ("border-not-two-letters", "title: t\ndistances:\n  - from: a\n    to: border:UKR\n",
     4, "distances[0].to", "border:UA"),
    ("latlon-pair-out-of-range", "title: t\nrings:\n  - around: '95.1,37.6'\n    radius_km: 5\n",
     3, "rings[0].around", "latitude comes first"),
    ("claimed-km-negative", "title: t\ndistances:\n  - from: a\n    to: b\n    claimed_km: -5\n",
     5, "distances[0].claimed_km", "claimed_km: 500"),
    ("radius-zero", "title: t\nrings:\n  - around: a\n    radius_km: 0\n",
     4, "rings[0].radius_km", "radius_km: 500"),
    ("missing-radius", "title: t\nrings:\n  - id: r\n    around: a\n",
     3, "rings[0].radius_km", "radius_km: 500"),
    ("unknown-view", "title: t\nview: recognized\n", 2, "view", "did you mean 'recognised'"),
    ("empty-file", "", 1, None, "title:"),
    ("title-not-text", "title: 1984\n", 1, "title", '"1984"'),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "line", "field", "word"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN]
)
def test_broken_file_is_reported_precisely(tmp_path: Path, text, line, field, word) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_story(path)
    err = caught.value
    assert err.file == str(path)
    assert err.line == line
    assert err.field == field
    assert err.hint
    message = str(err)
    assert message.startswith(f"{path}:{line}: ")
    if field:
        assert f": {field}: " in message
    assert word in message


def test_not_utf8_names_the_line_and_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("title: t\ndek: ok\ncredit: Caf\u00e9 map\n".encode("cp1252"))
    with pytest.raises(InputError) as caught:
        load_story(path)
    assert (caught.value.file, caught.value.line) == (str(path), 3)
    assert "UTF-8" in caught.value.hint


def test_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "u16.yaml"
    path.write_text("title: t\n", encoding="utf-16")
    with pytest.raises(InputError, match="UTF-16") as caught:
        load_story(path)
    assert "UTF-8" in caught.value.hint


def test_utf8_with_bom_loads(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_text("title: Кремль\n", encoding="utf-8-sig")
    assert load_story(path).title == "Кремль"


def test_missing_file_and_folder_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as caught:
        load_story(tmp_path / "nope.yaml")
    assert caught.value.file == str(tmp_path / "nope.yaml") and caught.value.hint
    with pytest.raises(InputError, match="folder"):
        load_story(tmp_path)


def test_yaml_error_gives_yaml_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        parse_story("title: t\nplaces: [a, b\n", "x.yaml")
    assert caught.value.line == 3 and "column" in caught.value.message


def test_valid_variants_are_accepted() -> None:
    story = parse_story(
        textwrap.dedent("""\
        title: t
        date: 2024-02-29
        sources: []
        incidents:
          - type: drone-strike
            place: "55.75, 37.61"
            summary: s
            date: {start: 2023-05-01, end: 2023-05-03}
            precision: city
            count: 0
        """)
    )
    inc = story.incidents[0]
    assert story.date == date(2024, 2, 29)
    assert (inc.date_start, inc.date_end, inc.count) == (date(2023, 5, 1), date(2023, 5, 3), 0)
    assert dataclasses.replace(inc, line=None) == inc  # line numbers never affect equality
