"""Extraction against the test set: expectations met, by kind of check, and the misses.

    .venv/bin/python benchmarks/bench_extract.py                 # every article in tests/stories
    .venv/bin/python benchmarks/bench_extract.py --only avdiivka # articles whose name has this
    .venv/bin/python benchmarks/bench_extract.py --quiet         # the table, not the misses

Each ``tests/stories/<slug>.txt`` is drafted with ``geo.text.extract.extract`` (its ``date:``
as the article date), the draft is resolved (``geo.story.resolve.resolve_story``: places
and distances measured) and compared with ``<slug>.yaml`` as ``tests/stories/README.md``
says. Kinds of check:

==================  ==========================================================================
headline            the draft's title is the article's first line
places              a place of that name (or a gazetteer alternate) within ``radius_km``
not_places          no incident placed at that name
incident type       some incident has one of ``types`` (and its ACLED event type)
date / place        the same incident's date span lies inside ``date``; its point is within
                    ``place.radius_km``
killed / injured    the same incident's figure, with the same "at least" and "vague" flags
distances found     a claim with the same ends (25 km, or the same ``border:XX``) and figure
                    (0.5 km)
verdicts right      a found claim with the expected qualifier (when the draft carries one)
                    and verdict category
==================  ==========================================================================

An expected incident is matched to the drafted incident meeting most of its checks, so each
kind is counted once per expectation. ``evaluate_set`` is what ``tests/test_extract_set.py``
runs to hold the floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

STORIES = Path(__file__).resolve().parents[1] / "tests" / "stories"
KINDS = (
    "headline",
    "places",
    "not_places",
    "incident type",
    "date",
    "killed",
    "injured",
    "incident place",
    "distances found",
    "verdicts right",
)
END_KM = 25.0  # how far a drafted distance end may lie from the expected one


@dataclass(frozen=True, slots=True)
class Check:
    """One expectation: which article, which kind, met or not, and what was found."""

    article: str
    kind: str
    met: bool
    detail: str


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _span(value) -> tuple[dt.date, dt.date]:
    if isinstance(value, dt.date):
        return value, value
    a, _, b = str(value).partition("/")
    return dt.date.fromisoformat(a), dt.date.fromisoformat(b or a)


def _fold(name: str) -> str:
    from geo.places.normalize import normalize

    return normalize(name)


def _same_name(expected: str, drafted: str) -> bool:
    """Equal once folded, or the gazetteer knows ``drafted`` as a name of ``expected``."""
    if _fold(expected) == _fold(drafted):
        return True
    from geo.places.gazetteer import default_gazetteer

    names = {_fold(c.place.name) for c in default_gazetteer().lookup(expected)}
    return _fold(drafted) in names


def _event_type(kind: str) -> str | None:
    try:
        from geo.story.model import event_type_of
    except ImportError:  # the vocabulary before ACLED's: no event types
        return None
    return event_type_of(kind)


def _verdict_category(row) -> str:
    for column in ("category", "verdict_category"):
        value = getattr(row, column, None)
        if isinstance(value, str) and value:
            return value
    text = str(getattr(row, "verdict", "") or "")
    if not text:
        return "uncheckable"
    word = text.split(":")[0].split(",")[0].strip()
    return "consistent" if word in ("roughly right", "consistent") else word


def _incident_checks(exp: dict, inc, row) -> dict[str, bool]:
    """The sub-checks of one expected incident against one drafted incident."""
    out = {}
    events = exp.get("event_type")
    events = [events] if isinstance(events, str) else events
    event = getattr(inc, "event", None) or _event_type(inc.type)
    out["incident type"] = inc.type in exp["types"] and (
        not events or event is None or event in events
    )
    if "date" in exp:
        lo, hi = _span(exp["date"])
        start = inc.date_start
        end = inc.date_end or start
        out["date"] = start is not None and lo <= start and end <= hi
    p = exp["place"]
    out["incident place"] = row is not None and (
        _km(p["lat"], p["lon"], row.geometry.y, row.geometry.x) <= p["radius_km"]
    )
    for what in ("killed", "injured"):
        if what in exp or exp.get(f"{what}_vague"):
            out[what] = (
                getattr(inc, what, None) == exp.get(what)
                and bool(getattr(inc, f"{what}_at_least", False))
                == bool(exp.get(f"{what}_at_least", False))
                and bool(getattr(inc, f"{what}_vague", False))
                == bool(exp.get(f"{what}_vague", False))
            )
    return out


def _describe(inc) -> str:
    bits = [inc.type, inc.place]
    if inc.date_start:
        bits.append(inc.date_start.isoformat() + (f"/{inc.date_end}" if inc.date_end else ""))
    for what in ("killed", "injured"):
        if getattr(inc, what, None) is not None:
            least = "≥" if getattr(inc, f"{what}_at_least", False) else ""
            bits.append(f"{what} {least}{getattr(inc, what)}")
        elif getattr(inc, f"{what}_vague", False):
            bits.append(f"{what} ~")
    return " ".join(str(b) for b in bits)


def evaluate_article(txt: Path) -> list[Check]:
    """Draft one article and check it against its ``.yaml``."""
    from geo.errors import InputError
    from geo.story.resolve import resolve_story
    from geo.text.extract import extract

    slug = txt.stem
    exp = yaml.safe_load(txt.with_suffix(".yaml").read_text(encoding="utf-8"))
    text = txt.read_text(encoding="utf-8")
    checks: list[Check] = []

    def add(kind: str, met: bool, detail: str) -> None:
        checks.append(Check(slug, kind, bool(met), detail))

    story = extract(text, article_date=exp["date"])
    add("headline", story.title.strip() == exp["headline"].strip(), f"title: {story.title!r}")
    try:
        resolved = resolve_story(story)
    except InputError as err:
        resolved = None
        add("headline", False, f"the draft does not resolve: {err}")  # counted as a miss
    places = resolved.places if resolved is not None else None
    for want in exp.get("places", []):
        found = []
        if places is not None:
            for row in places.itertuples():
                near = _km(want["lat"], want["lon"], row.geometry.y, row.geometry.x)
                if near <= want["radius_km"] and _same_name(want["name"], row.name):
                    found.append(row.name)
        names = [] if places is None else list(places.name)
        add("places", bool(found), f"{want['name']}: drafted places {names}")
    spec_name = {p.id: p.name for p in story.places}
    placed_at = {spec_name.get(i.place, i.place) for i in story.incidents}
    for name in exp.get("not_places", []) or []:
        bad = [n for n in placed_at if _same_name(name, n)]
        add("not_places", not bad, f"{name}: an incident is placed at {bad}")

    rows = {} if resolved is None else {r.id: r for r in resolved.incidents.itertuples()}
    for want in exp.get("incidents", []):
        best: dict[str, bool] = {}
        best_inc = None
        for inc in story.incidents:
            got = _incident_checks(want, inc, rows.get(inc.id))
            key = (sum(got.values()), got["incident type"])
            if best_inc is None or key > (sum(best.values()), best["incident type"]):
                best, best_inc = got, inc
        if best_inc is None:
            keys = ["incident type", "incident place"]
            keys += [
                k for k in ("date", "killed", "injured") if k in want or want.get(f"{k}_vague")
            ]
            best = dict.fromkeys(keys, False)
        wanted = f"{want['types']} {want.get('date')} killed {want.get('killed')} "
        wanted += f"injured {want.get('injured')}{'~' if want.get('injured_vague') else ''}"
        seen = _describe(best_inc) if best_inc else "no incident"
        for kind, met in best.items():
            add(kind, met, f"want {wanted}; best draft: {seen}")

    drafted = [] if resolved is None else list(resolved.distances.itertuples())
    by_id = {d.id: d for d in story.distances}
    for want in exp.get("distances", []):
        f, to = want["from"], want["to"]
        hit = None
        for row in drafted:
            d = by_id.get(row.id)
            if d is None or not math.isfinite(row.claimed_km):
                continue
            if abs(row.claimed_km - want["claimed_km"]) > 0.5:
                continue
            # an end known only from the report ("a ship 68 nautical miles south-west of X")
            # has no point: the figure and the other end identify the claim
            if "lat" in f and _km(f["lat"], f["lon"], row.from_lat, row.from_lon) > END_KM:
                continue
            if isinstance(to, dict):
                ok = not d.end.startswith("border:") and (
                    _km(to["lat"], to["lon"], row.to_lat, row.to_lon) <= END_KM
                )
            elif to == "front":
                ok = "front" in d.end.lower()
            else:
                ok = d.end.upper() == to.upper()
            if ok:
                hit = (row, d)
                break
        end = to if isinstance(to, str) else to["name"]
        label = f"{f['name']} -> {end} {want['claimed_km']} km"
        others = [f"{by_id[r.id].start}->{by_id[r.id].end} {r.claimed_km}" for r in drafted]
        add("distances found", hit is not None, f"{label}; drafted {others}")
        if hit is None:
            add("verdicts right", False, f"{label}: not found")
            continue
        row, d = hit
        category = _verdict_category(row)
        qualifier = getattr(d, "qualifier", None)
        right = category == want["verdict"] and (
            qualifier is None or qualifier == want["qualifier"]
        )
        add(
            "verdicts right",
            right,
            f"{label}: want {want['qualifier']} {want['verdict']}, got {qualifier} {category}",
        )
    return checks


def evaluate_set(folder: Path = STORIES, only: str | None = None) -> list[Check]:
    """Every article of ``folder`` (whose name contains ``only``) drafted and checked."""
    checks: list[Check] = []
    for txt in sorted(folder.glob("*.txt")):
        if only and only not in txt.stem:
            continue
        checks += evaluate_article(txt)
    return checks


def tally(checks: list[Check]) -> dict[str, tuple[int, int]]:
    """``{kind: (met, total)}`` in the order of ``KINDS``."""
    out = {}
    for kind in KINDS:
        these = [c for c in checks if c.kind == kind]
        out[kind] = (sum(c.met for c in these), len(these))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="articles whose file name contains this")
    parser.add_argument("--quiet", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    checks = evaluate_set(only=args.only)
    seconds = time.perf_counter() - t0
    met = sum(c.met for c in checks)
    print(f"{'kind':<18}{'met':>5}{'total':>7}{'share':>8}")
    for kind, (m, n) in tally(checks).items():
        share = f"{100 * m / n:.0f}%" if n else "-"
        print(f"{kind:<18}{m:>5}{n:>7}{share:>8}")
    share = 100 * met / len(checks) if checks else 0.0
    print(f"{'all':<18}{met:>5}{len(checks):>7}{share:>7.1f}%   ({seconds:.1f} s)")
    if not args.quiet:
        print("\nmisses:")
        for c in checks:
            if not c.met:
                print(f"  {c.article} [{c.kind}] {c.detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
