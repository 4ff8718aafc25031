"""The extraction test set in tests/stories/ is well formed (no extraction is run here).

Every article has its expectations; every expectation file has the fields README.md describes,
with ACLED vocabulary; every point-to-point distance is the geodesic figure it claims to be;
every direction and verdict follows the stated rule.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from pyproj import Geod

STORIES = Path(__file__).resolve().parent / "stories"
COUNTRIES = Path(__file__).resolve().parents[1] / "data" / "countries.csv"
GEOD = Geod(ellps="WGS84")

SUB_EVENT_TYPES = {
    "battles": {
        "armed_clash",
        "government_regains_territory",
        "non_state_actor_overtakes_territory",
    },
    "explosions_remote_violence": {
        "air_drone_strike",
        "shelling_artillery_missile_attack",
        "remote_explosive_landmine_ied",
        "suicide_bomb",
        "grenade",
        "chemical_weapon",
    },
    "violence_against_civilians": {"attack", "abduction_forced_disappearance", "sexual_violence"},
    "strategic_developments": {
        "disrupted_weapons_use",
        "headquarters_or_base_established",
        "looting_property_destruction",
        "arrests",
        "agreement",
        "change_to_group_activity",
        "non_violent_transfer_of_territory",
        "other",
    },
    "protests": {
        "peaceful_protest",
        "protest_with_intervention",
        "excessive_force_against_protesters",
    },
    "riots": {"violent_demonstration", "mob_violence"},
    "other": {"other"},
}
QUALIFIERS = {"about", "more_than", "less_than", "at_least", "at_most", "nearly", "within", "exact"}
VERDICTS = {"consistent", "overstated", "understated", "uncheckable"}
REGIONS = {"russia-ukraine", "middle-east", "africa", "caucasus", "south-asia", "myanmar", "other"}
STYLES = {"wire", "newspaper", "translated-statement"}
UNFIXED_ENDS = {"front", "unknown"}
COMPASS = {
    "north": 0,
    "north-east": 45,
    "east": 90,
    "south-east": 135,
    "south": 180,
    "south-west": 225,
    "west": 270,
    "north-west": 315,
}
UNIT_KM = {"km": 1.0, "miles": 1.609344, "nautical miles": 1.852}
TOP_FIELDS = {
    "date",
    "headline",
    "region",
    "style",
    "places",
    "not_places",
    "incidents",
    "distances",
}
INCIDENT_FIELDS = {
    "types",
    "event_type",
    "date",
    "place",
    "killed",
    "killed_at_least",
    "killed_vague",
    "injured",
    "injured_at_least",
    "injured_vague",
}
DISTANCE_FIELDS = {
    "from",
    "to",
    "claimed_km",
    "claimed",
    "qualifier",
    "direction",
    "true_km",
    "true_bearing",
    "verdict",
    "note",
}

TEXTS = sorted(STORIES.glob("*.txt"))
EXPECTATIONS = sorted(STORIES.glob("*.yaml"))


def expected_verdict(true_km: float, claimed_km: float, qualifier: str) -> str:
    """The rule of README.md: 10% (at least 10 km) for a plain figure, 5% + 5 km for a bound."""
    if qualifier in ("about", "exact", "nearly"):
        if abs(true_km - claimed_km) <= max(0.10 * claimed_km, 10.0):
            return "consistent"
        return "overstated" if claimed_km > true_km else "understated"
    if qualifier in ("more_than", "at_least"):
        return "consistent" if true_km >= claimed_km * 0.95 - 5 else "overstated"
    return "consistent" if true_km <= claimed_km * 1.05 + 5 else "understated"


def geodesic_km(a: dict, b: dict) -> float:
    return GEOD.inv(a["lon"], a["lat"], b["lon"], b["lat"])[2] / 1000


def bearing_of(frm: dict, seen_from: dict) -> float:
    return GEOD.inv(seen_from["lon"], seen_from["lat"], frm["lon"], frm["lat"])[0] % 360


def is_point(value) -> bool:
    return isinstance(value, dict) and "lat" in value and "lon" in value


def load(path: Path) -> dict:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def as_span(value) -> tuple[dt.date, dt.date]:
    if isinstance(value, dt.date):
        return value, value
    assert isinstance(value, str), f"date must be YYYY-MM-DD or a span, not {value!r}"
    parts = value.split("/")
    assert len(parts) == 2, f"a span is YYYY-MM-DD/YYYY-MM-DD, not {value!r}"
    start, end = (dt.date.fromisoformat(p) for p in parts)
    assert start <= end, f"span {value} ends before it starts"
    return start, end


def check_point(p: dict, where: str, radius: bool) -> None:
    assert isinstance(p, dict), f"{where}: must be a mapping"
    assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180, f"{where}: lat/lon out of range"
    assert all(isinstance(p[k], (int, float)) for k in ("lat", "lon")), f"{where}: lat/lon numbers"
    if radius:
        r = p["radius_km"]
        assert isinstance(r, (int, float)) and 0 < r <= 500, f"{where}: radius_km in (0, 500]"


@pytest.fixture(scope="module")
def country_codes() -> set[str]:
    if not COUNTRIES.is_file():
        pytest.skip(f"{COUNTRIES} not found")
    with COUNTRIES.open(encoding="utf-8", newline="") as f:
        return {row["iso_a2"] for row in csv.DictReader(f) if row["iso_a2"]}


def test_every_article_has_expectations_and_back():
    texts = {p.stem for p in TEXTS}
    yamls = {p.stem for p in EXPECTATIONS}
    assert texts - yamls == set(), "articles without a .yaml"
    assert yamls - texts == set(), ".yaml files without an article"


def test_the_set_is_large_and_spread():
    docs = [load(p) for p in EXPECTATIONS]
    assert len(docs) >= 32
    regions = Counter(d["region"] for d in docs)
    assert set(regions) == REGIONS, f"every region present: {regions}"
    assert regions["other"] >= 2 and regions["russia-ukraine"] >= 5 and regions["middle-east"] >= 5
    assert {d["style"] for d in docs} == STYLES
    verdicts = Counter(x["verdict"] for d in docs for x in d["distances"])
    total = sum(verdicts.values())
    wrong = verdicts["overstated"] + verdicts["understated"]
    assert verdicts["overstated"] and verdicts["understated"] and verdicts["uncheckable"]
    assert 0.25 <= wrong / total <= 0.45, (
        f"about a third of the claims are not consistent: {verdicts}"
    )
    units = Counter(x.get("claimed", "0 km").split(" ", 1)[1] for d in docs for x in d["distances"])
    assert units["miles"] and units["nautical miles"], units
    borders = sum(1 for d in docs for x in d["distances"] if str(x["to"]).startswith("border:"))
    assert borders >= 10


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_article_layout(path: Path):
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0].strip() and lines[0] == lines[0].strip(), "headline on the first line"
    assert lines[1] == "", "a blank line after the headline"
    words = len(text.split())
    assert 120 <= words <= 350, f"{words} words: articles have 120 to 350"


@pytest.mark.parametrize("path", EXPECTATIONS, ids=lambda p: p.stem)
def test_expectations(path: Path, country_codes: set[str]):
    doc = load(path)
    assert isinstance(doc, dict), "a mapping at the top"
    assert set(doc) == TOP_FIELDS, f"fields: {sorted(set(doc) ^ TOP_FIELDS)}"
    assert isinstance(doc["date"], dt.date), "date: YYYY-MM-DD, unquoted"
    anchor = doc["date"]
    slug_date = re.search(r"(\d{4}-\d\d-\d\d)$", path.stem)
    if slug_date:
        assert dt.date.fromisoformat(slug_date.group(1)) == anchor, "date matches the file name"
    headline = path.with_suffix(".txt").read_text(encoding="utf-8").split("\n", 1)[0]
    assert doc["headline"] == headline, "headline is the article's first line"
    assert doc["region"] in REGIONS and doc["style"] in STYLES

    assert doc["places"], "at least one place"
    for i, p in enumerate(doc["places"]):
        assert isinstance(p.get("name"), str) and p["name"], f"places[{i}].name"
        check_point(p, f"places[{i}]", radius=True)
    assert isinstance(doc["not_places"], list)
    assert all(isinstance(n, str) and n for n in doc["not_places"])
    names = {p["name"] for p in doc["places"]}
    assert not names & set(doc["not_places"]), "a name is both a place and a not-place"

    assert doc["incidents"], "at least one incident"
    for i, inc in enumerate(doc["incidents"]):
        where = f"incidents[{i}]"
        assert set(inc) <= INCIDENT_FIELDS, f"{where}: unknown fields {set(inc) - INCIDENT_FIELDS}"
        event_types = (
            inc["event_type"] if isinstance(inc["event_type"], list) else [inc["event_type"]]
        )
        assert event_types and all(e in SUB_EVENT_TYPES for e in event_types), f"{where}.event_type"
        allowed = set().union(*(SUB_EVENT_TYPES[e] for e in event_types))
        assert inc["types"] and isinstance(inc["types"], list), f"{where}.types: a list"
        for t in inc["types"]:
            assert t in allowed, f"{where}.types: {t} is not a sub-event type of {event_types}"
        for e in event_types:
            assert SUB_EVENT_TYPES[e] & set(inc["types"]), f"{where}: no type under {e}"
        start, end = as_span(inc["date"])
        assert end <= anchor and (anchor - start).days <= 31, f"{where}.date: before the article"
        check_point(inc["place"], f"{where}.place", radius=True)
        for what in ("killed", "injured"):
            if what in inc:
                n = inc[what]
                assert isinstance(n, int) and not isinstance(n, bool) and n >= 0, f"{where}.{what}"
            if f"{what}_at_least" in inc:
                assert inc[f"{what}_at_least"] is True and what in inc, f"{where}.{what}_at_least"
            if f"{what}_vague" in inc:
                assert inc[f"{what}_vague"] is True, f"{where}.{what}_vague"
        if inc["event_type"] == "other":
            assert inc["types"] == ["other"], f"{where}: non-conflict events are types [other]"

    for i, d in enumerate(doc["distances"]):
        where = f"distances[{i}]"
        assert set(d) <= DISTANCE_FIELDS, f"{where}: unknown fields {set(d) - DISTANCE_FIELDS}"
        assert isinstance(d["from"], dict) and d["from"].get("name"), f"{where}.from: a name"
        if is_point(d["from"]):
            check_point(d["from"], f"{where}.from", radius=False)
        to = d["to"]
        if isinstance(to, str) and to.startswith("border:"):
            assert re.fullmatch(r"border:[A-Z]{2}", to), f"{where}.to: border:XX"
            assert to[7:] in country_codes, f"{where}.to: no country {to[7:]}"
        elif isinstance(to, str):
            assert to in UNFIXED_ENDS, f"{where}.to: a point, border:XX or one of {UNFIXED_ENDS}"
        else:
            assert to.get("name"), f"{where}.to: a name"
            check_point(to, f"{where}.to", radius=False)
        assert isinstance(d["claimed_km"], (int, float)) and d["claimed_km"] > 0
        if "claimed" in d:
            m = re.fullmatch(r"([\d,.]+) (km|miles|nautical miles)", d["claimed"])
            assert m, f"{where}.claimed: a number and km, miles or nautical miles"
            km = float(m.group(1).replace(",", "")) * UNIT_KM[m.group(2)]
            assert abs(km - d["claimed_km"]) <= 0.1, f"{where}: claimed_km is {km:.1f}"
        assert d["qualifier"] in QUALIFIERS, f"{where}.qualifier"
        assert d["verdict"] in VERDICTS, f"{where}.verdict"

        fixed = is_point(d["from"]) and (is_point(to) or str(to).startswith("border:"))
        if not fixed:
            assert d["verdict"] == "uncheckable" and d["true_km"] is None, f"{where}: no fixed end"
            continue
        assert d["verdict"] != "uncheckable", f"{where}: both ends are fixed, so it can be checked"
        true_km = d["true_km"]
        assert isinstance(true_km, (int, float)) and true_km >= 0, f"{where}.true_km"
        if is_point(to):
            measured = geodesic_km(d["from"], to)
            assert abs(measured - true_km) <= 0.01 * measured + 0.05, (
                f"{where}: true_km {true_km} but the geodesic is {measured:.1f} km"
            )
        expected = expected_verdict(true_km, d["claimed_km"], d["qualifier"])
        assert d["verdict"] == expected, (
            f"{where}: verdict {d['verdict']}, the rule says {expected}"
        )

        if "direction" in d and is_point(to):
            assert d["direction"] in COMPASS, f"{where}.direction"
            bearing = bearing_of(d["from"], to)
            off = abs((bearing - COMPASS[d["direction"]] + 180) % 360 - 180)
            assert off <= 45, (
                f"{where}: {d['from']['name']} lies at {bearing:.0f} deg, not {d['direction']}"
            )
            assert abs((d["true_bearing"] - bearing + 180) % 360 - 180) <= 1, (
                f"{where}.true_bearing"
            )
