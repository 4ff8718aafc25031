"""Broken story files: each is refused with exit 2 and one message naming the file, the
line, the field and what to do, and no map is written."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from tests.bad_input.helpers import assert_bad_input, run

GOOD = """\
title: Drones over Moscow
places:
  - id: kremlin
    name: Moscow Kremlin
    lat: 55.752
    lon: 37.6175
    country: RU
incidents:
  - type: drone-strike
    summary: Two drones downed
    place: kremlin
"""


def story(body: str) -> bytes:
    return textwrap.dedent(body).encode("utf-8")


def place(lat: str, lon: str = "37.6175", extra: str = "") -> bytes:
    return story(
        f"title: t\nplaces:\n  - id: k\n    name: K\n    lat: {lat}\n    lon: {lon}\n{extra}"
    )


def incident(field: str) -> bytes:
    """An incident whose line 5 is ``field``; a place is added unless the field gives one."""
    placed = field.startswith(("place:", "lat:"))
    rest = "" if placed else "    place: '1,1'\n"
    return story(f"title: t\nincidents:\n  - type: other\n    summary: s\n    {field}\n{rest}")


def ring(radius: str) -> bytes:
    return story(f"title: t\nrings:\n  - around: '55.75,37.61'\n    radius_km: {radius}\n")


def distance(to: str, extra: str = "") -> bytes:
    return story(f"title: t\ndistances:\n  - from: '55.75,37.61'\n    to: {to}\n{extra}")


# (case id, file bytes, substrings the message must hold: line, field, what, what to do)
CASES = [
    # encodings and non-text
    ("empty", b"", [":1:", "empty", "title:"]),
    ("only-comments", b"# nothing yet\n\n", [":1:", "empty"]),
    ("nul-bytes", b"title: a\x00b\n", [":1:", "binary", "text file"]),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [":1:", "PNG image"]),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", [":1:", "PDF document"]),
    ("cp1251", "title: t\ndek: Москва\n".encode("cp1251"), [":2:", "not UTF-8", "UTF-8"]),
    ("latin1", "title: Zürich\n".encode("latin-1"), [":1:", "not UTF-8", "Save As"]),
    ("utf16-bom", "title: t\n".encode("utf-16"), [":1:", "UTF-16", "Save As"]),
    ("utf16-be-bom", b"\xfe\xff" + "title: t\n".encode("utf-16-be"), [":1:", "UTF-16"]),
    ("utf16-no-bom", "title: t\n".encode("utf-16-le"), [":1:", "UTF-16"]),
    ("control-char", b"title: a\x07b\n", [":1:", "control character", "delete it"]),
    # YAML syntax
    ("unclosed-quote", story('title: "Drones\ndek: x\n'), [":1:", "never closed", "quote"]),
    ("colon-in-text", story("title: t\ndek: Peskov: no\n"), [":2:", "in quotes"]),
    ("tab-indent", b"title: t\nplaces:\n\t- id: k\n", [":3:", "tab", "spaces"]),
    ("bad-indent", story("title: t\n  dek: x\n"), [":2:", "YAML syntax error"]),
    ("two-documents", story("title: t\n---\ntitle: u\n"), [":2:", "'---'"]),
    ("python-tag", story("title: !!python/object:os.system x\n"), [":1:", "tag"]),
    ("list-key", story("title: t\n? [a, b]\n: 1\n"), [":2:", "list or a mapping"]),
    ("deep-nesting", b"title: t\ndek: " + b"[" * 20000, [":2:", "nested too deeply"]),
    ("top-level-list", story("- title: t\n"), [":1:", "not a set of 'key: value' lines"]),
    ("huge-digits", story("title: t\nrings:\n  - radius_km: " + "9" * 5000), [":3:", "digits"]),
    # keys and ids
    ("duplicate-key", story("title: t\ndek: a\ndek: b\n"), [":3:", "dek", "twice", "delete"]),
    (
        "duplicate-place-id",
        story("title: t\nplaces:\n  - id: k\n    name: A\n  - id: k\n    name: B\n"),
        [":5:", "places[1].id", "duplicate id 'k'", "own id"],
    ),
    (
        "duplicate-incident-id",
        story(
            "title: t\nincidents:\n  - id: a\n    type: other\n    summary: s\n    place: '1,1'\n"
            "  - id: a\n    type: other\n    summary: s\n    place: '1,1'\n"
        ),
        [":7:", "incidents[1].id", "duplicate id"],
    ),
    (
        "bad-id",
        story("title: t\nplaces:\n  - id: red square\n    name: A\n"),
        [":3:", "places[0].id"],
    ),
    ("unknown-top-key", story("titel: t\n"), [":1:", "titel", "did you mean 'title'"]),
    ("unknown-incident-key", incident("palce: Moscow"), [":5:", "incidents[0].palce", "'place'"]),
    # missing fields and wrong types
    ("missing-title", story("dek: x\n"), [":1:", "title", "missing", "title:"]),
    ("empty-title", story("title:\n"), [":1:", "title", "empty"]),
    ("title-list", story("title: [a, b]\n"), [":1:", "title", "must be text"]),
    ("title-number", story("title: 2023\n"), [":1:", "title", "in quotes"]),
    ("places-not-list", story("title: t\nplaces: kremlin\n"), [":2:", "places", "must be a list"]),
    ("item-not-mapping", story("title: t\nplaces:\n  - kremlin\n"), [":3:", "places[0]", "'- id:"]),
    (
        "missing-type",
        story("title: t\nincidents:\n  - summary: s\n    place: '1,1'\n"),
        [":3:", "incidents[0].type", "missing", "air_drone_strike"],
    ),
    (
        "missing-summary",
        story("title: t\nincidents:\n  - type: other\n    place: '1,1'\n"),
        [":3:", "incidents[0].summary", "missing"],
    ),
    (
        "unknown-type",
        story("title: t\nincidents:\n  - type: drone-strke\n    summary: s\n    place: '1,1'\n"),
        [":3:", "incidents[0].type", "drone-strke", "did you mean 'drone-strike'"],
    ),
    ("count-word", incident("count: two"), [":5:", "incidents[0].count", "whole number"]),
    ("count-negative", incident("count: -3"), [":5:", "incidents[0].count", "0 or more"]),
    ("count-bool", incident("count: true"), [":5:", "incidents[0].count"]),
    ("unknown-status", incident("status: rumoured"), [":5:", "incidents[0].status", "claimed"]),
    ("unknown-view", story("title: t\nview: de facto\n"), [":2:", "view", "de-facto"]),
    # coordinates
    ("lat-91", place("91"), [":5:", "places[0].lat", "between -90 and 90"]),
    ("lon-181", place("55", "181"), [":6:", "places[0].lon", "between -180 and 180"]),
    ("lat-text", place("'55.75 N'"), [":5:", "places[0].lat", "without units or quotes"]),
    ("lat-nan", place(".nan"), [":5:", "places[0].lat", "out of range"]),
    ("lat-inf", place(".inf"), [":5:", "places[0].lat", "out of range"]),
    ("lon-minus-inf", place("55", "-.inf"), [":6:", "places[0].lon", "out of range"]),
    ("lat-400-digits", place("9" * 400), [":5:", "places[0].lat", "400 digits"]),
    (
        "lat-without-lon",
        story("title: t\nplaces:\n  - id: k\n    name: K\n    lat: 55\n"),
        [":5:", "places[0].lon", "both lat and lon"],
    ),
    (
        "place-and-latlon",
        incident("place: Moscow\n    lat: 55\n    lon: 37"),
        [":6:", "incidents[0].lat", "either place"],
    ),
    (
        "ref-out-of-range",
        incident("place: '95,37'"),
        [":5:", "incidents[0].place", "latitude comes first"],
    ),
    ("ref-a-number", incident("place: 55.75"), [":5:", "incidents[0].place", '"55.752,37.6175"']),
    (
        "country-name",
        place("55", "37", "    country: Russia\n"),
        [":7:", "places[0].country", "RU"],
    ),
    # dates
    (
        "date-feb-30",
        incident("date: 2023-02-30"),
        [":5:", "incidents[0].date", "February 2023 has 28 days"],
    ),
    ("date-month-13", incident("date: 2023-13-01"), [":5:", "incidents[0].date", "no month 13"]),
    ("date-year-0", story("title: t\ndate: 0000-01-01\n"), [":2:", "date", "no year 0"]),
    ("date-words", story("title: t\ndate: yesterday\n"), [":2:", "date", "YYYY-MM-DD"]),
    ("date-us-order", story("title: t\ndate: 05/03/2023\n"), [":2:", "date", "YYYY-MM-DD"]),
    (
        "range-backwards",
        incident("date: 2023-05-03/2023-05-01"),
        [":5:", "incidents[0].date", "ends (2023-05-01) before it starts", "earlier date first"],
    ),
    (
        "range-map-backwards",
        incident("date:\n      start: 2023-05-03\n      end: 2023-05-01"),
        [":7:", "incidents[0].date", "before it starts"],
    ),
    ("range-empty", incident("date: {}"), [":5:", "incidents[0].date", "range is empty"]),
    # rings and distances
    ("ring-zero", ring("0"), [":4:", "rings[0].radius_km", "greater than 0"]),
    ("ring-negative", ring("-50"), [":4:", "rings[0].radius_km", "greater than 0"]),
    ("ring-nan", ring(".nan"), [":4:", "rings[0].radius_km", "out of range"]),
    ("ring-too-big", ring("30000"), [":4:", "rings[0].radius_km", "at most 20000"]),
    (
        "ring-missing",
        story("title: t\nrings:\n  - around: '1,1'\n"),
        [":3:", "rings[0].radius_km", "missing"],
    ),
    (
        "ring-around-border",
        story("title: t\nrings:\n  - around: border:UA\n    radius_km: 5\n"),
        [":3:", "rings[0].around", "border"],
    ),
    (
        "claimed-zero",
        distance("'50,30'", "    claimed_km: 0\n"),
        [":5:", "distances[0].claimed_km", "greater than 0"],
    ),
    (
        "border-three-letters",
        distance("border:UKR"),
        [":4:", "distances[0].to", "two-letter ISO code"],
    ),
    # references that only fail when placed (the gazetteer or the border data)
    (
        "border-no-polygon",
        distance("border:GF"),
        [
            ":3:",
            "distances[0].to",
            "no country polygon",
            "GF (French Guiana) has no border of its own",
        ],
    ),
    ("border-unknown", distance("border:ZZ"), [":3:", "distances[0].to", "ZZ", "ISO"]),
    (
        "place-not-found",
        incident("place: Qwzxkvbnm"),
        [":5:", "incidents[0].place", "no place called 'Qwzxkvbnm'", "spelling"],
    ),
    ("place-typo", incident("place: Bryanks"), [":5:", "incidents[0].place", "Bryansk"]),
    (
        "ref-three-numbers",
        incident("place: '55.75,37.6,1'"),
        [":5:", "incidents[0].place", "'Name, CC'"],
    ),
    ("ref-nan-pair", incident("place: nan,nan"), [":5:", "incidents[0].place", "country"]),
    # lat and lon swapped, or a lost minus sign, for a place with a country
    (
        "latlon-swapped",
        place("37.6175", "55.752", "    country: RU\n"),
        [":3:", "places[k].lat", "did you swap lat and lon?", "write lat: 55.752 and lon: 37.6175"],
    ),
    (
        "lat-sign-lost",
        place("-55.752", "37.6175", "    country: RU\n"),
        [":3:", "in the sea", "sign of lat", "write lat: 55.752"],
    ),
    (
        "lon-sign-lost",
        place("40.71", "74.0", "    country: US\n"),
        [":3:", "sign of lon", "write lat: 40.71 and lon: -74"],
    ),
    # sources
    (
        "source-unknown",
        incident("source: afp"),
        [":5:", "incidents[0].source", "not in the story's sources"],
    ),
    (
        "url-javascript",
        story("title: t\nsources:\n  - id: a\n    name: A\n    url: 'javascript:alert(1)'\n"),
        [":5:", "sources[0].url", "https://"],
    ),
]


@pytest.mark.parametrize(("content", "needles"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_story_is_refused(tmp_path: Path, capsys, content: bytes, needles: list[str]):
    source = tmp_path / "broken.yaml"
    source.write_bytes(content)
    out = tmp_path / "map.html"
    code, text = run(capsys, "render", source, "-o", out, "--tiles", "none")
    assert_bad_input(code, text, str(source), *needles)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml"]  # no temp files


def test_broken_story_leaves_the_previous_map_untouched(tmp_path: Path, capsys):
    good, out = tmp_path / "s.yaml", tmp_path / "map.html"
    good.write_text(GOOD, encoding="utf-8")
    assert run(capsys, "render", good, "-o", out, "--tiles", "none")[0] == 0
    before = out.read_bytes()
    good.write_text(GOOD.replace("lat: 55.752", "lat: 555.752"), encoding="utf-8")
    code, text = run(capsys, "render", good, "-o", out, "--tiles", "none", "--force")
    assert_bad_input(code, text, "s.yaml:5", "places[0].lat")
    assert out.read_bytes() == before


def test_utf8_bom_is_accepted(tmp_path: Path, capsys):
    source, out = tmp_path / "bom.yaml", tmp_path / "map.html"
    source.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    code, text = run(capsys, "render", source, "-o", out, "--tiles", "none")
    assert code == 0, text
    assert "Drones over Moscow" in out.read_text(encoding="utf-8")


def test_a_100_mb_line_fails_fast_without_reading_it(tmp_path: Path, capsys):
    source = tmp_path / "huge.yaml"
    with source.open("wb") as fh:
        fh.write(b"title: ")
        block = b"x" * (1 << 20)
        for _ in range(100):
            fh.write(block)
    code, text = run(capsys, "render", source, "-o", tmp_path / "m.html")
    assert_bad_input(code, text, "huge.yaml", "larger than 2 MB", "right file")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_not_read_at_all(tmp_path: Path, capsys):
    code, text = run(capsys, "render", "/dev/zero", "-o", tmp_path / "m.html")
    assert_bad_input(code, text, "/dev/zero", "a device, not a regular file")


def test_a_folder_and_a_missing_file(tmp_path: Path, capsys):
    code, text = run(capsys, "render", tmp_path, "-o", tmp_path / "m.html")
    assert_bad_input(code, text, str(tmp_path), "folder, not a regular file", "story file")
    code, text = run(capsys, "render", tmp_path / "nope.yaml", "-o", tmp_path / "m.html")
    assert_bad_input(code, text, "nope.yaml", "no such file", "check the path")


def test_aliases_cannot_multiply_a_small_file(tmp_path: Path, capsys):
    # "Billion laughs": each alias level multiplies by ten. Aliases are refused outright
    # (issue 18): nobody writes them by hand, and expanded they are a memory bomb.
    lines = ["title: t", "dek: &a0 lol"]
    for i in range(1, 9):
        lines.append(f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    source = tmp_path / "laughs.yaml"
    source.write_text("\n".join(lines) + "\n")
    code, text = run(capsys, "render", source, "-o", tmp_path / "m.html")
    assert_bad_input(code, text, "laughs.yaml:3", "alias (*name) is not allowed")


def test_sea_point_far_from_its_country_warns(tmp_path: Path, capsys):
    # Mid-Atlantic for a place said to be in Russia, and no swap or sign fixes it: a warning.
    source, out = tmp_path / "sea.yaml", tmp_path / "map.html"
    source.write_bytes(place("10", "-30", "    country: RU\n"))
    code, text = run(capsys, "render", source, "-o", out, "--tiles", "none")
    assert code == 0, text
    assert "warning:" in text and "places[k]" in text and "in the sea" in text
    assert "did you swap lat and lon?" in text
    assert out.exists()


def test_coastal_point_just_offshore_is_not_flagged(tmp_path: Path, capsys):
    # Sevastopol bay, a few km off the 10m coastline of Ukraine (Crimea): no warning.
    source = tmp_path / "coast.yaml"
    source.write_bytes(place("44.62", "33.50", "    country: UA\n"))
    code, text = run(capsys, "render", source, "-o", tmp_path / "m.html", "--tiles", "none")
    assert code == 0, text
    assert "warning" not in text


def test_ambiguous_name_warns_naming_the_alternative(tmp_path: Path, capsys):
    source = tmp_path / "amb.yaml"
    source.write_bytes(incident("place: Springfield"))
    code, text = run(capsys, "render", source, "-o", tmp_path / "m.html", "--tiles", "none")
    assert code == 0, text
    assert "amb.yaml:5" in text and "'Springfield' is ambiguous" in text
    took, other = text.split("took ", 1)[1].split("; add country")[0].split(", not ")
    assert "Springfield" in took and "Springfield" in other and took != other
