"""The output of a story is bounded (issue 18, item 2): a 2 MB story of 23,823 incidents gave
a 38 MB page; past 2,000 items the story is refused, saying why and what to do instead."""

from __future__ import annotations

from pathlib import Path

from tests.bad_input.helpers import assert_bad_input, run


def _story(n: int) -> str:
    places = "places:\n  - id: k\n    name: Kremlin\n    lat: 55.752\n    lon: 37.6175\n"
    incidents = "incidents:\n" + "".join(
        f"  - type: drone-strike\n    summary: Drone {i} downed\n    place: k\n" for i in range(n)
    )
    return "title: Many\n" + places + incidents


def test_a_story_too_big_to_publish_is_refused_before_drawing(tmp_path: Path, capsys):
    story = tmp_path / "big.yaml"
    story.write_text(_story(23_823), encoding="utf-8")
    assert story.stat().st_size < 2_000_000  # under the story file cap
    out = tmp_path / "m.html"
    code, text = run(capsys, "render", story, "-o", out, "--tiles", "none")
    assert_bad_input(code, text, "big.yaml", "23,824 places, incidents", "over the 2,000",
                     "table")  # fmt: skip
    assert not out.exists()


def test_a_story_file_is_counted_before_its_slow_parse(tmp_path: Path, capsys, monkeypatch):
    import geo.story.read

    def no_parse(text: str, name: str):
        raise AssertionError("the line-keeping parse ran (25 s for 2 MB) before the count")

    monkeypatch.setattr(geo.story.read, "read_yaml", no_parse)
    story = tmp_path / "big.yaml"
    story.write_text(_story(5_000).replace("incidents:", "rings: [{around: k, km: 5}]\n"
                                            "incidents:"), encoding="utf-8")  # fmt: skip
    code, text = run(capsys, "render", story, "-o", tmp_path / "m.html", "--tiles", "none")
    assert_bad_input(code, text, "big.yaml", "5,002 places, incidents, distances and rings")


def test_a_story_under_the_bound_is_drawn(tmp_path: Path, capsys):
    story = tmp_path / "ok.yaml"
    story.write_text(_story(50), encoding="utf-8")
    out = tmp_path / "m.html"
    code, text = run(capsys, "render", story, "-o", out, "--tiles", "none")
    assert code == 0, text
    assert out.stat().st_size < 2_000_000
