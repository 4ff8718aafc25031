"""The command line end to end: the Kremlin story to a map, and clear errors for bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from maps.cli import main

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed console script's code in a fresh process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "maps.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200"},
        timeout=300,
    )


@pytest.fixture(scope="module")
def kremlin_html(tmp_path_factory, kremlin_story_path) -> str:
    out = tmp_path_factory.mktemp("render") / "kremlin.html"
    # From another folder: the package must find its data without the source tree's cwd.
    proc = run_cli("render", str(kremlin_story_path), "-o", str(out), cwd=out.parent)
    assert proc.returncode == 0, proc.stderr
    return out.read_text(encoding="utf-8")


def test_render_holds_the_five_layers(kremlin_html):
    # The layer control lists its overlays as JSON strings ("&" written as \\u0026).
    block = re.search(r"overlays\s*:\s*\{(.*?)\}", kremlin_html, re.S)
    assert block, "no layer control in the page"
    names = [json.loads(n) for n in re.findall(r'("(?:[^"\\]|\\.)*")\s*:', block.group(1))]
    assert names == ["Borders & regions", "Rings", "Distances", "Places", "Incidents"]


def test_render_holds_measured_distances_and_claim_check(kremlin_html):
    assert "349 km" in kremlin_html
    border_km = [int(k) for k in re.findall(r"\b(45\d) km\b", kremlin_html)]
    assert border_km and all(452 <= k <= 454 for k in border_km), border_km
    assert re.search(r"claimed[^<]{0,40}500 km", kremlin_html)


def test_render_stays_small(kremlin_html):
    # Outlines are generalised for display: 10m Russia in full would be over 1 MB.
    assert len(kremlin_html.encode("utf-8")) < 400_000


def test_render_credits_boundaries_edition_and_view(kremlin_html):
    assert "Natural Earth" in kremlin_html
    assert "recognised" in kremlin_html


def test_render_refuses_to_overwrite_without_force(tmp_path, kremlin_story_path):
    out = tmp_path / "map.html"
    out.write_text("my own notes")
    proc = run_cli("render", str(kremlin_story_path), "-o", str(out))
    assert proc.returncode == 2
    assert "--force" in proc.stderr and "Traceback" not in proc.stderr
    assert out.read_text() == "my own notes"


def test_render_bad_story_exits_2_naming_file_line_field(tmp_path):
    story = tmp_path / "broken.yaml"
    story.write_text(
        "title: Test\nincidents:\n  - id: a\n    type: drone-strike\n"
        "    place: Moscow\n    summary: x\n    count: two\n"
    )
    proc = run_cli("render", str(story), "-o", str(tmp_path / "m.html"))
    assert proc.returncode == 2, proc.stderr
    assert "broken.yaml:7" in proc.stderr and "count" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "m.html").exists()


def test_render_unknown_place_suggests(tmp_path):
    story = tmp_path / "typo.yaml"
    story.write_text(
        "title: Test\nincidents:\n  - id: a\n    type: drone-strike\n"
        "    place: Bryanks\n    summary: x\n"
    )
    proc = run_cli("render", str(story), "-o", str(tmp_path / "m.html"))
    assert proc.returncode == 2, proc.stderr
    assert "typo.yaml:5" in proc.stderr and "Bryansk" in proc.stderr


def test_geocode_command_ranks_moscow_russia_first(capsys):
    assert main(["geocode", "Moscow", "--limit", "10"]) == 0
    text = capsys.readouterr().out  # not a terminal: a header, then tab-separated rows
    header, *rows = [line.split("\t") for line in text.splitlines()]
    country = header.index("country")
    assert rows[0][country] == "RU"
    assert any(r[country] == "US" for r in rows[1:])


def test_distance_command_to_border(capsys):
    assert main(["distance", "55.7520,37.6175", "border:UA", "--claimed", "500"]) == 0
    header, row = (line.split("\t") for line in capsys.readouterr().out.splitlines())
    km = float(row[header.index("km")])
    assert abs(km - 453) <= 1.0
    assert "500" in row[header.index("verdict")]


def test_distance_command_point_to_point(capsys):
    assert main(["distance", "55.7520,37.6175", "53.2521,34.3717"]) == 0
    header, row = (line.split("\t") for line in capsys.readouterr().out.splitlines())
    km = float(row[header.index("km")])
    assert abs(km - 349.0) <= 1.0


def test_unknown_border_code_is_bad_input(capsys):
    assert main(["distance", "Moscow", "border:ZZ"]) == 2
    assert "ZZ" in capsys.readouterr().err


def test_missing_story_file_is_bad_input(tmp_path, capsys):
    assert main(["render", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "m.html")]) == 2
    assert "nope.yaml" in capsys.readouterr().err
