"""data/facilities.csv: the curated facilities of current conflicts (air bases, plants, ports,
bridges, crossings, straits...) are well formed, do not clash with landmarks.csv, and every
point lies in the country its row names."""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"

KINDS = {
    "air_base", "naval_base", "military_base", "nuclear_plant", "power_plant", "hydro_plant",
    "dam", "port", "oil_terminal", "refinery", "bridge", "border_crossing", "strait", "canal",
    "airport", "prison", "other",
}  # fmt: skip
# Rows that may sit on water or on a frontier: their point may lie up to COAST_KM outside the
# country polygon (Natural Earth's coastline and borders are generalised, and a strait, a
# port's anchorage or a crossing is on the edge by nature). Other rows must lie inside, give or
# take INLAND_KM for the 0.003° simplification of the polygons.
EDGE_KINDS = {"port", "naval_base", "oil_terminal", "strait", "canal", "bridge", "border_crossing"}
EDGE_WORDS = ("border", "coast", "island", "shore")
COAST_KM = 25.0
INLAND_KM = 1.0
MIN_ROWS = 160


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


@cache
def facilities() -> tuple[list[str], list[dict[str, str]]]:
    return _read("facilities.csv")


def _key(name: str) -> str:
    """Casefolded, accents and punctuation variants folded, as the gazetteer compares names."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[\s\-‐‑‒–—_/]+", " ", text.replace("’", "'")).strip()
    return re.sub(r"^the ", "", text)


def _names(row: dict[str, str]) -> list[str]:
    return [row["name"], *filter(None, row["aliases"].split("|"))]


def _label(row: dict[str, str]) -> str:
    return f"{row['name']} ({row['lat']}, {row['lon']}, {row['country'] or 'no country'})"


def test_columns_are_those_of_landmarks() -> None:
    columns, rows = facilities()
    assert columns == _read("landmarks.csv")[0]
    assert len(rows) >= MIN_ROWS


def _problems(row: dict[str, str]) -> list[str]:
    lat, lon = float(row["lat"]), float(row["lon"])
    checks = {
        f"kind {row['kind']!r} not in the vocabulary": row["kind"] not in KINDS,
        "coordinates out of range": not (-90 <= lat <= 90 and -180 <= lon <= 180),
        "lat/lon not written with 4 decimals": not all(
            re.fullmatch(r"-?\d+\.\d{4}", row[c]) for c in ("lat", "lon")
        ),
        "no name": not row["name"].strip(),
        "no source": not row["source"].strip(),
        "empty or padded alias": bool(row["aliases"])
        and any(a != a.strip() or not a for a in row["aliases"].split("|")),
        "country is not an ISO 3166 alpha-2 code": bool(row["country"])
        and not re.fullmatch(r"[A-Z]{2}", row["country"]),
        "blank country without a note saying why ('no country: ...')": not row["country"]
        and "no country" not in row["note"],
    }
    return [problem for problem, failed in checks.items() if failed]


def test_every_row_is_well_formed() -> None:
    bad = [f"{_label(row)}: {p}" for row in facilities()[1] for p in _problems(row)]
    assert not bad, "\n".join(bad)


def test_no_name_or_alias_is_shared() -> None:
    owner: dict[str, str] = {}
    for row in _read("landmarks.csv")[1]:
        for text in _names(row):
            owner.setdefault(_key(text), f"landmarks.csv: {row['name']}")
    clashes = []
    for row in facilities()[1]:
        for key in {_key(text) for text in _names(row)}:
            if key in owner:
                clashes.append(f"{row['name']!r} and {owner[key]!r} both answer to {key!r}")
            else:
                owner[key] = f"facilities.csv: {row['name']}"
    assert not clashes, "\n".join(clashes)


def test_points_lie_in_their_country() -> None:
    gpd = pytest.importorskip("geopandas")
    from pyproj import Geod
    from shapely.geometry import Point
    from shapely.ops import nearest_points, unary_union

    countries = gpd.read_file(DATA / "countries-10m.fgb")
    # Either view will do: Crimea is UA in the recognised view and RU in the de facto one.
    shapes = {
        iso: unary_union(list(group.geometry))
        for iso, group in countries[countries["iso_a2"] != ""].groupby("iso_a2")
    }
    geod = Geod(ellps="WGS84")
    bad = []
    for row in facilities()[1]:
        if not row["country"]:
            continue
        if row["country"] not in shapes:
            bad.append(f"{_label(row)}: no polygon with iso_a2 {row['country']}")
            continue
        point = Point(float(row["lon"]), float(row["lat"]))
        shape = shapes[row["country"]]
        if shape.contains(point):
            continue
        near = nearest_points(point, shape)[1]
        km = geod.inv(point.x, point.y, near.x, near.y)[2] / 1000
        edge = row["kind"] in EDGE_KINDS or any(w in row["note"].lower() for w in EDGE_WORDS)
        limit = COAST_KM if edge else INLAND_KM
        if km > limit:
            bad.append(f"{_label(row)}: {km:.1f} km outside {row['country']} (limit {limit} km)")
    assert not bad, "\n".join(bad)
