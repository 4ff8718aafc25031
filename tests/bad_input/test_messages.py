"""Messages are safe and short (issue 18, items 2 and 3): no raw control character, bidi
override or lone surrogate from the input reaches the terminal, every message is one line of
bounded length, and YAML aliases (the "billion laughs") are refused in story files."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.errors import InputError, safe_text
from tests.bad_input.helpers import assert_bad_input, run

# Raw bytes that must never reach the terminal from input (ESC, BEL, CR, C1 CSI, bidi).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

HOSTILE = "\\e]0;owned\\a\\e[2J\\r\\u202eexe.txt\\u009b31m"


def _story(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "story.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_raw_control_character_reaches_stderr(tmp_path):
    story = _story(tmp_path, f'title: x\nincidents:\n  - type: drone-strike\n'
                             f'    summary: s\n    place: k\n    count: "{HOSTILE}"\n')  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "maps.cli", "render", str(story), "-o", str(tmp_path / "m.html")],
        capture_output=True,
        timeout=120,
    )
    text = done.stderr.decode("utf-8")
    assert done.returncode == 2, text
    assert not RAW.search(text), repr(text)
    assert "\\x1b]0;owned" in text and "\\u202e" in text and "\\x9b" in text
    assert text.count("\n") == 1  # one message, one line


def test_lone_surrogate_escape_is_input_error_not_a_crash(tmp_path, capsys):
    story = _story(tmp_path, 'title: "T \\ud800"\n')
    code, text = run(capsys, "render", story, "-o", tmp_path / "m.html")
    assert_bad_input(code, text, "story.yaml:1", "lone surrogate", "\\ud800")
    assert not (tmp_path / "m.html").exists()


def test_input_error_escapes_and_bounds_every_part():
    e = InputError("bad value '" + "\x1b[2J" * 10 + "x" * 100_000 + "'", file="a\nb.yaml",
                   line=3, field="f\u202e", hint="do \r this")  # fmt: skip
    text = str(e)
    assert not RAW.search(text) and "\n" not in text
    assert len(text) < 1000
    assert text.startswith("a\\nb.yaml:3: f\\u202e: bad value '\\x1b[2J")
    assert text.endswith("more characters) (do \\r this)")


def test_safe_text_keeps_ordinary_text():
    assert safe_text("Москва, Kyiv — 50 km ✓") == "Москва, Kyiv — 50 km ✓"


def test_yaml_aliases_are_refused_before_they_expand(tmp_path, capsys):
    lines = ["title: x", "a: &a [x,x,x,x,x,x,x,x,x]"]
    for prev, name in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("view: *j")
    story = _story(tmp_path, "\n".join(lines) + "\n")
    assert story.stat().st_size < 500
    start = time.monotonic()
    code, text = run(capsys, "render", story, "-o", tmp_path / "m.html")
    assert time.monotonic() - start < 10
    assert_bad_input(code, text, "story.yaml:3", "alias", "not allowed")


@pytest.mark.parametrize("where", ["date: *d", "title: *d"])
def test_a_single_alias_is_refused_with_its_line(tmp_path, capsys, where):
    story = _story(tmp_path, f"anchor: &d 2023-05-03\n{where}\n")
    code, text = run(capsys, "render", story, "-o", tmp_path / "m.html")
    assert_bad_input(code, text, "story.yaml:2", "alias")


def test_long_bad_value_gives_a_short_message(tmp_path, capsys):
    story = _story(tmp_path, "title: x\ndate: " + "9" * 1_500_000 + "\n")
    code, text = run(capsys, "render", story, "-o", tmp_path / "m.html")
    assert code == 2, text[:300]
    assert len(text) < 1500, len(text)
