"""A user's file is replaced without --force only when the tool can prove it wrote it
(issue 18, item 6): a signature tag (SHA-256 of the page) it embeds, not "mentions leaflet"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bad_input.helpers import assert_bad_input, run

STORY = "title: T\nplaces:\n  - id: k\n    name: K\n    lat: 55.75\n    lon: 37.62\n"
USERS_PAGE = (
    '<!DOCTYPE html>\n<html>\n<head>\n<meta name="generator" content="incident-map" />\n'
    '<link rel="stylesheet" href="leaflet.css"></head>\n<body>My notes on Leaflet</body></html>'
)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.yaml"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_a_users_page_that_mentions_leaflet_is_not_replaced(story: Path, capsys):
    out = story.parent / "notes.html"
    out.write_text(USERS_PAGE, encoding="utf-8")
    code, text = run(capsys, "render", story, "-o", out, "--tiles", "none")
    assert_bad_input(code, text, "notes.html", "refusing to overwrite", "--force")
    assert out.read_text(encoding="utf-8") == USERS_PAGE


def test_a_page_the_tool_wrote_is_replaced_without_force(story: Path, capsys):
    out = story.parent / "map.html"
    assert run(capsys, "render", story, "-o", out, "--tiles", "none")[0] == 0
    first = out.read_bytes()
    assert b'<meta name="incident-map-signature" content="sha256:' in first
    story.write_text(STORY.replace("title: T", "title: Changed"), encoding="utf-8")
    code, text = run(capsys, "render", story, "-o", out, "--tiles", "none")
    assert code == 0, text
    assert b"Changed" in out.read_bytes()


def test_a_map_page_edited_by_hand_is_not_replaced(story: Path, capsys):
    out = story.parent / "map.html"
    assert run(capsys, "render", story, "-o", out, "--tiles", "none")[0] == 0
    edited = out.read_text(encoding="utf-8").replace("</body>", "<p>my caption</p></body>")
    out.write_text(edited, encoding="utf-8")
    code, text = run(capsys, "render", story, "-o", out, "--tiles", "none")
    assert_bad_input(code, text, "map.html", "edited since")
    assert out.read_text(encoding="utf-8") == edited
    code, text = run(capsys, "render", story, "-o", out, "--tiles", "none", "--force")
    assert code == 0, text


def test_a_copied_signature_does_not_make_another_page_replaceable(story: Path, capsys):
    out = story.parent / "map.html"
    assert run(capsys, "render", story, "-o", out, "--tiles", "none")[0] == 0
    tag = next(line for line in out.read_text(encoding="utf-8").splitlines() if "signature" in line)
    mine = USERS_PAGE.replace("<head>\n", f"<head>\n{tag}\n")
    out.write_text(mine, encoding="utf-8")
    code, text = run(capsys, "render", story, "-o", out, "--tiles", "none")
    assert_bad_input(code, text, "refusing to overwrite")
    assert out.read_text(encoding="utf-8") == mine
