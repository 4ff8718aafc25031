"""The review desk without a browser: paths stay in the folder, edits keep the journalist's
comments and are checked by the story file's reader, the token guards every request, and a
file the desk did not open is replaced only when the journalist says so."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from geo.errors import InputError
from geo.story.model import INCIDENT_TYPES
from geo.story.read import parse_story
from maps.desk import document
from maps.desk.app import create_app
from maps.desk.paths import OutsideFolder, inside
from maps.desk.session import Desk

TOKEN = "test-token-0123456789"


@pytest.fixture()
def story_desk(tmp_path: Path, kremlin_story_path: Path) -> Desk:
    """A desk on a copy of the bundled story, with its article beside it."""
    target = tmp_path / "kremlin.yaml"
    shutil.copy(kremlin_story_path, target)
    shutil.copy(kremlin_story_path.with_suffix(".txt"), tmp_path / "kremlin.txt")
    return Desk.open(target)


def client(desk: Desk, host: str = "127.0.0.1") -> TestClient:
    return TestClient(create_app(desk, TOKEN), base_url=f"http://{host}:8000")


def auth() -> dict[str, str]:
    return {"X-Desk-Token": TOKEN}


def set_op(ident: str, **fields: str) -> dict:
    return {"op": "set", "section": "incidents", "id": ident, "fields": fields}


@pytest.mark.parametrize(
    "name", ["../kremlin.yaml", "/etc/passwd.yaml", "sub/x.yaml", ".hidden.yaml", "a\\..\\b.yaml"]
)
def test_names_outside_the_folder_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutsideFolder, match="name"):
        inside(tmp_path.resolve(), name, (".yaml",))


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "out.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    with pytest.raises(OutsideFolder, match="leads outside"):
        inside((tmp_path / "in").resolve(), "out.yaml", (".yaml",))


def test_round_trip_without_changes_is_byte_identical(kremlin_story_path: Path) -> None:
    text = kremlin_story_path.read_text(encoding="utf-8")
    assert document._dump(document._load(text)) == text


def test_an_edit_changes_that_value_only_and_keeps_every_comment(kremlin_story_path) -> None:
    text = kremlin_story_path.read_text(encoding="utf-8")
    first = parse_story(text).incidents[0]
    new_type = next(t for t in INCIDENT_TYPES if t != first.type)
    new = document.set_fields(
        text, "incidents", first.id, {"type": new_type, "date": "2023-05-04"}, "k.yaml"
    )
    before, after = text.splitlines(), new.splitlines()
    assert [line for line in before if line.lstrip().startswith("#")] == [
        line for line in after if line.lstrip().startswith("#")
    ]
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert [b.split("#")[0].strip() for _a, b in changed] == [
        f"type: {new_type}",
        "date: 2023-05-04",
    ]
    assert changed[1][1].endswith("# the night of 2 to 3 May")  # its end-of-line comment too
    story = parse_story(new)
    assert story.incidents[0] == dataclasses.replace(
        first,
        type=new_type,
        date_start=parse_story("date: 2023-05-04\ntitle: x").date,
        date_end=None,
    )


def test_a_bad_value_is_refused_with_the_readers_message_and_nothing_changes(story_desk) -> None:
    before = story_desk.text
    ident = story_desk.story.incidents[0].id
    with pytest.raises(InputError) as e:
        story_desk.change(
            lambda t, n: document.set_fields(t, "incidents", ident, {"date": "2023-02-30"}, n)
        )
    assert e.value.field == "incidents[0].date"
    assert "February 2023 has 28 days" in str(e.value)
    assert story_desk.text == before and story_desk.version == 0


def test_a_place_still_in_use_is_not_dropped(story_desk: Desk) -> None:
    used = story_desk.story.incidents[0].place
    with pytest.raises(InputError, match=r"still named by incidents\[0\]"):
        document.drop_item(story_desk.text, "places", used, "k.yaml")


def test_every_request_needs_the_token_and_the_loopback_host(story_desk: Desk) -> None:
    c = client(story_desk)
    for path in ("/", "/static/desk.js", "/map", "/api/state", "/api/candidates?q=Moscow"):
        assert c.get(path).status_code == 403, path
        assert c.get(path + ("&" if "?" in path else "?") + "token=wrong").status_code == 403
    assert c.post("/api/save", json={}).status_code == 403
    assert c.get("/api/state", headers=auth()).status_code == 200
    assert c.get(f"/?token={TOKEN}").status_code == 200
    # a page on another name that resolves to 127.0.0.1 (DNS rebinding) gets nothing
    assert client(story_desk, "evil.example").get("/api/state", headers=auth()).status_code == 403


def test_the_page_runs_only_its_own_script(story_desk: Desk) -> None:
    r = client(story_desk).get(f"/?token={TOKEN}")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_save_and_publish_outside_the_folder_are_refused(story_desk: Desk, tmp_path) -> None:
    c = client(story_desk)
    r = c.post("/api/save", json={"name": "../escaped.yaml"}, headers=auth())
    assert r.status_code == 403 and "not a file name" in r.json()["error"]
    r = c.post("/api/publish", json={"name": "../escaped"}, headers=auth())
    assert r.status_code == 403
    assert not (tmp_path.parent / "escaped.yaml").exists()
    assert not (tmp_path.parent / "escaped.html").exists()


def test_saving_over_a_file_the_desk_did_not_open_asks_first(story_desk: Desk, tmp_path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("title: Someone else's\n")
    c = client(story_desk)
    r = c.post("/api/save", json={"name": "other.yaml"}, headers=auth())
    assert r.status_code == 409 and "other.yaml already exists" in r.json()["ask"]
    assert other.read_text() == "title: Someone else's\n"
    r = c.post("/api/save", json={"name": "other.yaml", "replace": True}, headers=auth())
    assert r.status_code == 200 and other.read_text() == story_desk.text


def test_the_opened_file_is_saved_without_a_question(story_desk: Desk) -> None:
    c = client(story_desk)
    ident = story_desk.story.incidents[0].id
    r = c.post("/api/edit", headers=auth(), json=set_op(ident, count="3"))
    assert r.status_code == 200 and r.json()["dirty"] is True
    assert c.post("/api/save", json={}, headers=auth()).json() == {"saved": "kremlin.yaml"}
    assert parse_story(story_desk.target.read_text()).incidents[0].count == 3


def test_a_bad_edit_answers_400_with_the_field(story_desk: Desk) -> None:
    ident = story_desk.story.incidents[0].id
    r = client(story_desk).post("/api/edit", headers=auth(), json=set_op(ident, count="two"))
    assert r.status_code == 400
    assert r.json()["field"] == "incidents[0].count"
    assert "whole number" in r.json()["error"]


def test_highlights_link_the_article_to_the_items(story_desk: Desk) -> None:
    state = client(story_desk).get("/api/state", headers=auth()).json()
    text = state["article"]
    by_word = {text[s["start"] : s["end"]]: s for s in state["spans"]}
    assert "places/moscow" in by_word["Moscow"]["items"]
    assert by_word["roughly 500 km from the Ukrainian border"]["kind"] == "distance"
    bryansk = next(s for w, s in by_word.items() if w.startswith("Bryansk"))
    assert "incidents/bryansk-derailments" in bryansk["items"]
    assert "distances/kremlin-border" not in bryansk["items"]
    # the sentence that gave the derailment: its trigger and its count link to it
    triggers = [w for w, s in by_word.items() if s["kind"] == "trigger"]
    assert "incidents/bryansk-derailments" in by_word[triggers[-1]]["items"]
    assert by_word["two trains"]["kind"] == "count"
    kinds = {s["kind"] for s in state["spans"]}
    assert kinds == {"place", "trigger", "date", "count", "distance"}


def test_candidates_carry_what_a_journalist_chooses_by(story_desk: Desk) -> None:
    rows = client(story_desk).get("/api/candidates?q=Bryansk", headers=auth()).json()
    assert {r["kind"] for r in rows} >= {"city", "region"}
    city = next(r for r in rows if r["kind"] == "city" and r["country"] == "RU")
    assert city["population"] > 300_000
    from geo.geometry.distances import geodesic_km
    from maps.desk.actions import centre

    lat, lon = centre(story_desk)  # the median of the story's places
    assert city["km"] == round(float(geodesic_km(lat, lon, city["lat"], city["lon"])))


def test_a_taken_port_is_a_clear_message_before_any_drafting(tmp_path, capsys) -> None:
    from maps.cli.app import run
    from maps.desk.server import bind

    article = tmp_path / "a.txt"
    article.write_text("Drones were shot down over Moscow on Tuesday.\n")
    taken = bind(0)
    port = taken.getsockname()[1]
    try:
        with pytest.raises(InputError, match=f"port {port} is taken"):
            bind(port)
        assert run(["desk", str(article), "--port", str(port), "--no-browser"]) == 2
    finally:
        taken.close()
    said = capsys.readouterr()
    assert said.out == ""
    assert f"--port: port {port} is taken" in said.err and "leave --port out" in said.err


def test_a_missing_file_is_a_clear_message(tmp_path, capsys) -> None:
    from maps.cli.app import run

    assert run(["desk", str(tmp_path / "nope.txt"), "--no-browser"]) == 2
    assert "nope.txt: no such file" in capsys.readouterr().err


def test_an_incident_is_added_from_a_selected_sentence(story_desk: Desk) -> None:
    c = client(story_desk)
    chosen = "saboteurs have also derailed two trains"
    r = c.post("/api/add", json={"text": chosen}, headers=auth())
    assert r.status_code == 200
    added = next(i for i in story_desk.story.incidents if i.id == r.json()["added"])
    from geo.text.triggers import classify

    assert (added.type, added.place, added.count, added.unit) == (
        classify(added.sentence)[0],
        added.place,
        2,
        "trains",
    )
    assert added.place in ("bryansk", "bryansk-oblast")  # where the sentence's Bryansk is
    assert added.sentence.startswith("Over the past few days, saboteurs")
    assert story_desk.text.startswith("# Story file for incident-map: the drones over the Kremlin")
    r = c.post("/api/add", json={"text": "words that are not in the article"}, headers=auth())
    assert r.status_code == 400 and r.json()["field"] == "text"


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten_without_asking(story_desk) -> None:
    c = client(story_desk)
    story_desk.target.write_text(story_desk.text + "# a note added in a text editor\n")
    r = c.post("/api/save", json={}, headers=auth())
    assert r.status_code == 409 and "changed on disk" in r.json()["ask"]
    assert story_desk.target.read_text().endswith("# a note added in a text editor\n")
    assert c.post("/api/save", json={"replace": True}, headers=auth()).status_code == 200
    assert story_desk.target.read_text() == story_desk.text


def test_what_is_being_made_is_made_once_and_only_messages_are_kept(story_desk: Desk) -> None:
    import threading

    calls: list[str] = []
    go = threading.Event()

    def slow() -> str:
        calls.append("slow")
        go.wait(10)
        return "drawn"

    first = threading.Thread(target=story_desk._cached, args=("map", slow, "k"))
    first.start()
    while not calls:  # the first asker is making it
        threading.Event().wait(0.01)
    threading.Timer(0.2, go.set).start()
    assert story_desk._cached("map", lambda: calls.append("again"), "k") == "drawn"
    first.join()
    assert calls == ["slow"]

    def fails(error: Exception):
        def make():
            calls.append(type(error).__name__)
            raise error

        return make

    for _ in range(2):  # a passing failure is tried again; the story's own message is kept
        with pytest.raises(OSError):
            story_desk._cached("map", fails(OSError("disk full")), "o")
        with pytest.raises(InputError):
            story_desk._cached("map", fails(InputError("bad date")), "i")
    assert calls == ["slow", "OSError", "InputError", "OSError"]
