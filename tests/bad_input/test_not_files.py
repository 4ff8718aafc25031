"""Only regular files, checked first (issue 18, item 9): FIFOs, devices and folders are
refused as inputs and outputs before any work, with or without --force; every output of a
table is checked before the table is read; options that do not apply are errors; PNG sizes
are bounded; an output name cannot fake a message line."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.bad_input.helpers import assert_bad_input, run

STORY = "title: T\nplaces:\n  - id: k\n    name: K\n    lat: 55.75\n    lon: 37.62\n"


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.yaml"
    path.write_text(STORY, encoding="utf-8")
    return path


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "events.csv"
    path.write_text("lat,lon\n50.45,30.52\n", encoding="utf-8")
    return path


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.fixture
def device(tmp_path: Path) -> Path:
    """A character device like /dev/null, made in the test's folder (never the system's)."""
    path = tmp_path / "null.html"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def test_fifo_as_story_is_refused_without_opening_it(fifo: Path, capsys):
    code, text = run(capsys, "render", fifo, "-o", fifo.parent / "m.html")  # hung for ever
    assert_bad_input(code, text, "pipe.yaml", "FIFO", "not a regular file")


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_fifo_as_output_is_refused(story: Path, tmp_path: Path, capsys, force):
    out = tmp_path / "out.html"
    os.mkfifo(out)
    code, text = run(capsys, "render", story, "-o", out, *force)
    assert_bad_input(code, text, "out.html", "FIFO")
    assert stat.S_ISFIFO(os.stat(out).st_mode)


@pytest.mark.parametrize("flag", ["-o", "--geojson"])
def test_device_as_output_is_never_replaced_even_with_force(story, device, capsys, flag):
    args = ["-o", device] if flag == "-o" else ["-o", story.parent / "m.html", flag, device]
    code, text = run(capsys, "render", story, *args, "--force")
    assert_bad_input(code, text, "null.html", "device")
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert not (story.parent / "m.html").exists()


def test_device_as_table_report_is_refused(table, device, capsys):
    code, text = run(capsys, "render", table, "-o", table.parent / "m.html", "--report",
                     device, "--force")  # fmt: skip
    assert_bad_input(code, text, "device")
    assert stat.S_ISCHR(os.stat(device).st_mode)


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_folder_as_output_is_refused(story: Path, tmp_path: Path, capsys, force):
    (tmp_path / "dir.html").mkdir()
    code, text = run(capsys, "render", story, "-o", tmp_path / "dir.html", *force)
    assert_bad_input(code, text, "dir.html", "folder")


def test_folder_as_input_is_refused(tmp_path: Path, capsys):
    (tmp_path / "in.yaml").mkdir()
    code, text = run(capsys, "render", tmp_path / "in.yaml", "-o", tmp_path / "m.html")
    assert_bad_input(code, text, "in.yaml", "folder")


def test_table_output_is_checked_before_the_table_is_read(tmp_path: Path, capsys):
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))  # reading it would fail
    out = tmp_path / "mine.html"
    out.write_text("<html>mine, mentions leaflet</html>", encoding="utf-8")
    code, text = run(capsys, "render", broken, "-o", out)
    assert_bad_input(code, text, "mine.html", "refusing to overwrite")
    assert out.read_text(encoding="utf-8") == "<html>mine, mentions leaflet</html>"


def test_output_name_with_a_line_break_is_refused(story: Path, capsys):
    out = story.parent / "a\nerror: fake.html"
    code, text = run(capsys, "render", story, "-o", out)
    assert_bad_input(code, text, "control character", "a\\nerror: fake.html")
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [["--view", "de-facto"], ["--png-size", "800x600"]],
)  # --geojson and --png are written for tables too (tests/test_newsroom_cli.py)
def test_story_options_are_errors_for_tables(table: Path, capsys, args):
    code, text = run(capsys, "render", table, "-o", table.parent / "m.html", *args)
    assert_bad_input(code, text, args[0], "cannot be used with tables")
    assert not (table.parent / "m.html").exists()


@pytest.mark.parametrize(
    "args",
    [["--report", "r.csv"], ["--columns", "lat=y"], ["--play"], ["--aggregate"],
     ["--png-size", "800x600"], ["--popup", "notes"]],
)  # fmt: skip
def test_table_options_are_errors_for_stories(story: Path, capsys, args):
    code, text = run(capsys, "render", story, "-o", story.parent / "m.html", *args)
    assert_bad_input(code, text, args[0], "cannot be used with story files")


@pytest.mark.parametrize("extra", [[], ["--geojson", "m.geojson"]])  # the whole table read
def test_an_unknown_popup_field_names_it_and_lists_the_columns(tmp_path: Path, capsys, extra):
    table = tmp_path / "events.csv"
    table.write_text("lat,lon,notes,actor1\n50.45,30.52,a note,someone\n", encoding="utf-8")
    out = tmp_path / "m.html"
    extra = [str(tmp_path / e) if e.endswith(".geojson") else e for e in extra]
    code, text = run(capsys, "render", table, "-o", out, "--popup", "notes,actor", *extra)
    assert_bad_input(code, text, "events.csv", "--popup", "no column 'actor'", "'actor1'",
                     "the table's columns: lat, lon, notes, actor1")  # fmt: skip
    assert not out.exists()


@pytest.mark.parametrize("size", ["100000x100000", "20000x20000", "8001x10", "6000x6000"])
def test_png_size_is_bounded_before_any_work(story: Path, capsys, size):
    out = story.parent / "m.html"
    code, text = run(capsys, "render", story, "-o", out, "--png", story.parent / "m.png",
                     "--png-size", size)  # fmt: skip
    assert_bad_input(code, text, "--png-size", "too large")
    assert not out.exists()
