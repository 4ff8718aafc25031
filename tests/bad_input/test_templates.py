"""No user text is ever template source (issue 18, item 1).

Branca re-compiled every rendered macro as a Jinja template, so ``--tiles-key 'k{{7*7}}k'``
put ``apikey=k49k`` in the page and a crafted string ran code. Here template syntax and a
code-execution probe go through every field of a story file, every cell and column name of
a table, and the options that reach the page; the page must hold them as written, and the
probe must not have run.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from tests.bad_input.helpers import assert_bad_input, run

# The probe needs no quotes (those are escaped in HTML): rendered as a template, it makes
# the folder named by $IM_PROBE_DIR.
PROBE = "{{ lipsum.__globals__.os.mkdir(lipsum.__globals__.os.environ.IM_PROBE_DIR) }}"
EXPRESSION = "{{7*7}}"
STATEMENT = "{% for x in range(3) %}X{% endfor %}"
COMMENT = "{# hidden #}"
PAYLOADS = [EXPRESSION, STATEMENT, COMMENT, PROBE]


def _story(text: str) -> str:
    return f"""\
title: "T {text}"
dek: "D {text}"
credit: "C {text}"
sources:
  - id: s
    name: "S {text}"
    url: "https://example.org/?q={text}"
places:
  - id: k
    name: "P {text}"
    lat: 55.752
    lon: 37.6175
    note: "N {text}"
  - id: b
    name: "Q {text}"
    lat: 53.25
    lon: 34.37
incidents:
  - type: drone-strike
    summary: "I {text}"
    unit: "drones {text}"
    place: k
    source: s
    count: 2
    sentence: "Z {text}"
distances:
  - from: k
    to: b
    label: "L {text}"
rings:
  - around: k
    radius_km: 100
    label: "R {text}"
"""


def _as_text(path: Path) -> str:
    """The page with HTML character references and JSON ``\\uXXXX`` escapes decoded: some
    contexts escape braces, which is fine; what matters is that the text is what was written."""
    page = html.unescape(path.read_text(encoding="utf-8"))
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page)


@pytest.fixture
def probe_dir(tmp_path: Path, monkeypatch) -> Path:
    target = tmp_path / "probe-ran"
    monkeypatch.setenv("IM_PROBE_DIR", str(target))
    return target


@pytest.mark.parametrize("payload", PAYLOADS)
def test_story_fields_are_text_not_template(tmp_path: Path, capsys, probe_dir, payload):
    story = tmp_path / "story.yaml"
    story.write_text(_story(payload), encoding="utf-8")
    out = tmp_path / "map.html"
    code, text = run(capsys, "render", story, "-o", out, "--tiles", "none")
    assert code == 0, text
    page = _as_text(out)
    assert not probe_dir.exists(), "the probe ran"
    # title, dek, credit, source, two places, summary, distance and ring labels, at least
    for marker in ("T", "D", "C", "S", "P", "Q", "I", "L", "R"):
        assert f"{marker} {payload}" in page, f"{marker} {payload!r} not literal in the page"
        assert f"{marker} 49" not in page and f"{marker} XXX" not in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_table_cells_and_columns_are_text(tmp_path: Path, capsys, probe_dir, payload):
    table = tmp_path / "events.csv"
    cell = payload.replace('"', '""')
    table.write_text(
        f'latitude,longitude,event_date,event_type,notes,"X {cell}"\n'
        f'50.45,30.52,2024-01-02,"E {cell}","N {cell}",1\n'
        f'50.46,30.53,2024-01-03,Battles,"N {cell}",2\n',
        encoding="utf-8",
    )
    out = tmp_path / "map.html"
    code, text = run(capsys, "render", table, "-o", out, "--tiles", "none")
    assert code == 0, text
    page = _as_text(out)
    assert not probe_dir.exists(), "the probe ran"
    assert f"E {payload}" in page and "E 49" not in page and "E XXX" not in page


@pytest.mark.parametrize("key", ["k{{7*7}}k", "k{%raw%}k", PROBE, 'k"onload=x', "k/../x", ""])
def test_tile_key_is_checked_against_a_strict_charset(tmp_path, capsys, probe_dir, key):
    story = tmp_path / "story.yaml"
    story.write_text(_story("x"), encoding="utf-8")
    out = tmp_path / "map.html"
    code, text = run(
        capsys, "render", story, "-o", out, "--tiles", "CartoDB.Positron", "--tiles-key", key
    )
    assert_bad_input(code, text, "--tiles-key", "letters, digits")
    assert not out.exists() and not probe_dir.exists()


def test_a_good_tile_key_reaches_the_url(tmp_path: Path, capsys):
    story = tmp_path / "story.yaml"
    story.write_text(_story("x"), encoding="utf-8")
    out = tmp_path / "map.html"
    code, text = run(capsys, "render", story, "-o", out, "--tiles", "CartoDB.Positron",
                     "--tiles-key", "Ab-9_x.y~z")  # fmt: skip
    assert code == 0, text
    assert "key=Ab-9_x.y~z" in out.read_text(encoding="utf-8")


def test_probe_is_a_real_probe(tmp_path: Path, probe_dir):
    """The probe does run when given to Jinja as source: the tests above can fail."""
    from jinja2 import Template

    Template(PROBE).render()
    assert probe_dir.is_dir()
    os.rmdir(probe_dir)
