"""The desk keeps what the journalist wrote in the story file: dropping an item takes only
that item's lines, a key added at an item's end goes above the next heading, and an accept
mark is a comment on the item's first line that is saved and read back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from geo.story.read import parse_story
from maps.desk import document
from maps.desk.app import create_app
from maps.desk.session import Desk

TOKEN = "test-token-0123456789"
AUTH = {"X-Desk-Token": TOKEN}


def _without(text: str, first: str, last: str, blank_before: bool) -> str:
    """``text`` without the lines from ``first`` to ``last`` and one blank line next to them."""
    lines = text.splitlines(keepends=True)
    a = lines.index(first + "\n")
    b = next(i for i in range(a, len(lines)) if lines[i].startswith(last)) + 1
    if blank_before:
        a -= 1
        assert not lines[a].strip()
    else:
        assert not lines[b].strip()
        b += 1
    return "".join(lines[:a] + lines[b:])


@pytest.mark.parametrize(
    ("section", "ident", "first", "last", "blank_before"),
    [
        # the last place: the "# --- Incidents ---" heading below it was filed under it
        ("places", "ukraine", "  - id: ukraine", "    kind: country", True),
        # the last incident: likewise the distances' heading; its own comment goes with it
        (
            "incidents",
            "bryansk-derailments",
            "  - id: bryansk-derailments",
            "      a Russian region that borders Ukraine.",
            False,
        ),
        ("distances", "kremlin-bryansk", "  - id: kremlin-bryansk", "    label: Moscow", False),
    ],
)  # fmt: skip
def test_dropping_an_item_takes_its_lines_only(
    kremlin_story_path: Path, section: str, ident: str, first: str, last: str, blank_before: bool
) -> None:
    text = kremlin_story_path.read_text(encoding="utf-8")
    assert document.drop_item(text, section, ident, "k.yaml") == _without(
        text, first, last, blank_before
    )


def test_dropping_the_first_item_keeps_the_comments_before_the_next() -> None:
    text = (
        "title: T\nplaces:\n  # the first\n  - id: a\n    name: A\n\n"
        "  # check this one (a note)\n  - id: b\n    name: B   # the city\n"
        "# after the places\nincidents: []\n"
    )
    new = document.drop_item(text, "places", "a", "s.yaml")
    assert new.splitlines() == [
        "title: T",
        "places:",
        "  # the first",
        "  # check this one (a note)",
        "  - id: b",
        "    name: B   # the city",
        "# after the places",
        "incidents: []",
    ]


def test_a_key_after_an_items_last_one_stays_above_the_next_heading(kremlin_story_path) -> None:
    text = kremlin_story_path.read_text(encoding="utf-8")
    new = document.set_fields(text, "places", "ukraine", {"note": "the border"}, "k.yaml")
    lines = text.splitlines()
    at = lines.index("    kind: country") + 1
    assert new.splitlines() == [*lines[:at], "    note: the border", *lines[at:]]
    # an incident ends with a block scalar: killed goes after it, before the blank line
    new = document.set_fields(text, "incidents", "victory-day-parade", {"killed": "0"}, "k")
    at = lines.index("      take place on 9 May as planned.") + 1
    assert new.splitlines() == [*lines[:at], "    killed: 0", *lines[at:]]


@pytest.fixture()
def desk(tmp_path: Path, kremlin_story_path: Path) -> Desk:
    shutil.copy(kremlin_story_path, tmp_path / "kremlin.yaml")
    return Desk.open(tmp_path / "kremlin.yaml")


def test_accept_marks_are_saved_in_the_file_and_read_back(desk: Desk) -> None:
    before = desk.text
    c = TestClient(create_app(desk, TOKEN), base_url="http://127.0.0.1")
    state = c.get("/api/state", headers=AUTH).json()
    r = c.post("/api/accept", json={"key": "incidents/kremlin-drones"}, headers=AUTH)
    assert r.status_code == 200 and r.json()["accepted"] == ["incidents/kremlin-drones"]
    assert r.json()["dirty"] and r.json()["map"] == state["map"]  # the map is the same
    r = c.post("/api/accept", json={"key": "places/ukraine"}, headers=AUTH)
    assert c.post("/api/save", json={}, headers=AUTH).status_code == 200
    saved = desk.target.read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(before.splitlines(), saved.splitlines(), strict=True) if a != b
    ]
    assert changed == [
        ("  - id: ukraine", "  - id: ukraine   # checked at the desk"),
        ("  - id: kremlin-drones", "  - id: kremlin-drones   # checked at the desk"),
    ]
    assert parse_story(saved) == parse_story(before)  # a comment: render draws the same
    again = Desk.open(desk.target)
    assert again.accepted == {"incidents/kremlin-drones", "places/ukraine"}
    # taken back: the file is as it was
    for key in ("places/ukraine", "incidents/kremlin-drones"):
        r = c.post("/api/accept", json={"key": key, "accepted": False}, headers=AUTH)
    assert r.json()["accepted"] == [] and desk.text == before


def test_an_accept_mark_after_the_journalists_own_comment() -> None:
    text = "title: T\nplaces:\n  - id: a   # the old town\n    name: A\n"
    marked = document.mark_item(text, "places", "a", True, "s.yaml")
    assert marked.splitlines()[2] == "  - id: a   # the old town; checked at the desk"
    assert document.marked(marked) == {"places/a"}
    assert document.mark_item(marked, "places", "a", False, "s.yaml") == text


def test_accepting_an_unknown_item_is_a_clear_message(desk: Desk) -> None:
    c = TestClient(create_app(desk, TOKEN), base_url="http://127.0.0.1")
    r = c.post("/api/accept", json={"key": "incidents/nope"}, headers=AUTH)
    assert r.status_code == 400 and "no item 'nope' in incidents" in r.json()["error"]
    yes = {"key": "incidents/kremlin-drones", "accepted": "yes"}
    r = c.post("/api/accept", json=yes, headers=AUTH)
    assert r.status_code == 400 and r.json()["field"] == "accepted"
