"""Story-file fields for how the map looks: ``units: mi``, ``show_title: false`` and
``areas: FILE.geojson`` (dated controlled areas), checked like the other fields, honoured by
the map unless an option says otherwise (``--units``, ``--no-title``, ``--areas``)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.resources import data_path
from geo.story.read import load_story, parse_story
from geo.story.write import dump_story
from maps.page.compose import build_map
from tests.bad_input.helpers import assert_bad_input, run
from tests.fixtures_maps import make_story

AREA = {
    "type": "Feature",
    "properties": {"held_by": "Russia", "as_of": "2023-05", "source": "ISW"},
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[33.0, 51.0], [36.0, 51.0], [36.0, 53.5], [33.0, 51.0]]],
    },
}


def _areas(folder: Path, name: str = "front.geojson", **props) -> Path:
    feature = {**AREA, "properties": {**AREA["properties"], **props}}
    path = folder / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


def _story_file(folder: Path, extra: str) -> Path:
    text = data_path("stories/kremlin-2023-05-03.yaml").read_text(encoding="utf-8")
    path = folder / "kremlin.yaml"
    path.write_text(text.replace("view: recognised\n", f"view: recognised\n{extra}"))
    return path


def test_the_fields_are_read_and_written_back(tmp_path):
    _areas(tmp_path)
    path = _story_file(tmp_path, "units: mi\nshow_title: false\nareas: front.geojson\n")
    story = load_story(path)
    assert (story.units, story.show_title, story.areas) == ("mi", False, "front.geojson")
    assert story.areas_path() == tmp_path / "front.geojson"  # beside the story file
    text = dump_story(story)
    assert "units: mi\nshow_title: false\nareas: front.geojson\n" in text
    assert parse_story(text, str(path)) == story
    plain = parse_story("title: t\n")
    assert (plain.units, plain.show_title, plain.areas) == (None, True, None)
    fields = [ln for ln in dump_story(plain).splitlines() if not ln.startswith("#")]
    assert not [ln for ln in fields if ln.startswith(("units", "show_title", "areas"))]


@pytest.mark.parametrize(
    ("extra", "needles"),
    [
        (
            "units: miles\n",
            ["kremlin.yaml:", "units", "unknown units 'miles'", "use one of: km, mi"],
        ),
        ("units: 5\n", ["units", "unknown units '5'", "km, mi"]),
        ("show_title: maybe\n", ["show_title", "must be true or false", "show_title: false"]),
        ("areas: missing.geojson\n", ["areas", "no file 'missing.geojson' next to the story"]),
        ("areas: front.txt\n", ["areas", "is not a GeoJSON file"]),
        ("areas: ''\n", ["areas", "is empty"]),
        ("area: front.geojson\n", ["unknown key 'area'", "did you mean 'areas'"]),
    ],
)
def test_bad_values_say_where_and_what_to_write(tmp_path, extra, needles):
    (tmp_path / "front.txt").write_text("x")
    path = _story_file(tmp_path, extra)
    with pytest.raises(InputError) as caught:
        load_story(path)
    text = str(caught.value)
    line = 1 + path.read_text().splitlines().index(extra.strip())
    assert text.startswith(f"{path}:{line}: ")
    for needle in needles:
        assert needle in text, text


def test_the_map_follows_the_story_and_the_options_win(tmp_path):
    resolved = make_story()
    story = replace(resolved.story, units="mi", show_title=False, areas=str(_areas(tmp_path)))
    page = build_map(replace(resolved, story=story), tiles="none").get_root().render()
    assert '"217 mi","distance"' in page and '"349 km","distance"' not in page
    assert 'class="im-box im-title"' not in page
    assert "Held by Russia, as of May 2023 (ISW)" in page
    # options given to build_map (the command line's) win over the story's fields
    other = _areas(tmp_path, "other.geojson", source="DeepState")
    from maps.page.dated_areas import read_areas

    page = build_map(
        replace(resolved, story=story), tiles="none", units="km", show_title=True,
        areas=read_areas(other),
    ).get_root().render()  # fmt: skip
    assert '"349 km","distance"' in page and 'class="im-box im-title"' in page
    assert "(DeepState)" in page and "(ISW)" not in page


def test_render_draws_a_story_with_the_fields(tmp_path, capsys):
    _areas(tmp_path)
    path = _story_file(tmp_path, "units: mi\nshow_title: false\nareas: front.geojson\n")
    out = tmp_path / "map.html"
    code, text = run(capsys, "render", path, "-o", out, "--tiles", "none")
    assert code == 0, text
    page = out.read_text(encoding="utf-8")
    assert '"217 mi","distance"' in page and 'class="im-box im-title"' not in page
    assert "Held by Russia, as of May 2023 (ISW)" in page
    # a broken areas file named by the story is a clear error naming that file, before work
    _areas(tmp_path, as_of="spring")
    code, text = run(capsys, "render", path, "-o", tmp_path / "m2.html", "--force")
    assert_bad_input(code, text, "front.geojson", "as_of 'spring' is not a date")
    assert not (tmp_path / "m2.html").exists()
