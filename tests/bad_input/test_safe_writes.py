"""Outputs are written whole or not at all, never over an input, and killed writers leave
no visible debris (see ``geo.files.atomic`` for the rules)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.files.atomic import clean_stale_temps, write_atomic
from tests.bad_input.helpers import assert_bad_input, run

REPO = Path(__file__).resolve().parents[2]
STORY = """\
title: Coordinates only
places:
  - id: k
    name: Kremlin
    lat: 55.752
    lon: 37.6175
    country: RU
incidents:
  - type: drone-strike
    summary: Two drones downed
    place: k
distances:
  - from: k
    to: border:UA
rings:
  - around: k
    radius_km: 500
"""


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.yaml"
    path.write_text(STORY, encoding="utf-8")
    return path


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_render_never_writes_over_its_story(story: Path, capsys, force: list[str]):
    # Refused as the input, or first for its suffix (a map is .html, GeoJSON .geojson).
    for out in (story, story.parent / "." / "story.yaml"):
        code, text = run(capsys, "render", story, "-o", out, *force)
        assert_bad_input(code, text, "story.yaml")
        assert "is also the input file" in text or "not .yaml" in text, text
    code, text = run(
        capsys, "render", story, "-o", story.parent / "m.html", "--geojson", story, *force
    )
    assert_bad_input(code, text, "story.yaml")
    assert "is also the input file" in text or "not .yaml" in text, text
    assert story.read_text(encoding="utf-8") == STORY
    assert sorted(p.name for p in story.parent.iterdir()) == ["story.yaml"]


def test_render_refuses_a_hard_link_to_its_story(story: Path, capsys):
    link = story.parent / "alias.html"  # a map's name, the story's bytes
    os.link(story, link)
    code, text = run(capsys, "render", story, "-o", link, "--force")
    assert_bad_input(code, text, "alias.html", "is also the input file")
    assert story.read_text(encoding="utf-8") == STORY


def test_existing_geojson_stops_render_before_anything_is_written(story: Path, capsys):
    html, geojson = story.parent / "m.html", story.parent / "m.geojson"
    geojson.write_text("{}", encoding="utf-8")
    code, text = run(capsys, "render", story, "-o", html, "--geojson", geojson, "--tiles", "none")
    assert_bad_input(code, text, "m.geojson", "already exists", "--force")
    assert not html.exists()  # checked first: no map half of the outputs
    assert geojson.read_text(encoding="utf-8") == "{}"


def test_outputs_are_readable_and_complete(story: Path, capsys):
    html, geojson = story.parent / "m.html", story.parent / "m.geojson"
    code, text = run(capsys, "render", story, "-o", html, "--geojson", geojson, "--tiles", "none")
    assert code == 0, text
    assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert json.loads(geojson.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert html.stat().st_mode & 0o644 == 0o644 and geojson.stat().st_mode & 0o644 == 0o644
    assert not [p for p in story.parent.iterdir() if p.name.startswith(".")]


def test_write_atomic_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new", force=True)
    assert target.read_text() == "new" and target.stat().st_mode & 0o777 == 0o640


def test_write_atomic_reports_an_unwritable_target_as_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "a.txt", "x")
    with pytest.raises(InputError, match="is a folder"):
        write_atomic(tmp_path, "x", force=True)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_disk_full_is_input_error_and_leaves_no_temp(tmp_path: Path):
    # A folder on a full disk is hard to make; a write error through the same path is not.
    target = tmp_path / "a.txt"
    original = os.fdopen

    def full(fd, *a, **k):
        os.close(fd)
        return original(os.open("/dev/full", os.O_WRONLY), *a, **k)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "fdopen", full)
        with pytest.raises(InputError, match="disk has space"):
            write_atomic(target, "x" * 100_000)
    assert list(tmp_path.iterdir()) == []


def test_stale_temps_of_dead_writers_are_cleaned(tmp_path: Path):
    target = tmp_path / "m.html"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".m.html.{dead.pid}.abc123.tmp"
    alive = tmp_path / f".m.html.{os.getpid()}.def456.tmp"
    other = tmp_path / ".n.html.1.x.tmp"
    for p in (stale, alive, other):
        p.write_text("half")
    assert clean_stale_temps(target) == 1
    assert not stale.exists() and alive.exists() and other.exists()


# --- killed mid-write ---------------------------------------------------------------------

_WRITER = """
import sys
from geo.files.atomic import write_atomic
target, n = sys.argv[1], 0
while True:  # alternate two complete, self-describing payloads, 8 MB each
    n += 1
    body = (f"{n % 2}" * 1023 + "\\n") * 8192
    write_atomic(target, body + f"END {len(body)}\\n", force=True)
"""


def _complete(text: str) -> bool:
    body, _, tail = text.rpartition("END ")
    return tail == f"{len(body)}\n" and len(set(body.replace("\n", ""))) == 1


def test_sigkill_during_writes_leaves_old_or_new_file_only(tmp_path: Path):
    target = tmp_path / "out.txt"
    target.write_text("x" * 10 + "END 10\n")
    rng = random.Random(20230503)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for _ in range(30):
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(target)], env=env)
        time.sleep(rng.uniform(0.05, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _complete(target.read_text()), "a killed write left a partial file"
        visible = [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")]
        assert visible == ["out.txt"]
    # Hidden temp files of killed writers are removed by the next write to the name.
    write_atomic(target, "done", force=True)
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_sigkill_during_render_leaves_whole_outputs(story: Path):
    html, geojson = story.parent / "m.html", story.parent / "m.geojson"
    args = [sys.executable, "-m", "maps.cli", "render", str(story), "-o", str(html),
            "--geojson", str(geojson), "--tiles", "none", "--force"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    assert subprocess.run(args, env=env, capture_output=True, timeout=120).returncode == 0
    rng = random.Random(9)
    for _ in range(5):
        proc = subprocess.Popen(args, env=env, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 4.0))  # start-up takes ~2 s; writing comes at the end
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")
        assert json.loads(geojson.read_text(encoding="utf-8"))["features"]
    visible = sorted(p.name for p in story.parent.iterdir() if not p.name.startswith("."))
    assert visible == ["m.geojson", "m.html", "story.yaml"]
