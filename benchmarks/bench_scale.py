"""100,000 incidents on one map: this renderer against ``explore()`` and FastMarkerCluster.

Builds the same seeded, ACLED-shaped synthetic table through each renderer in its own
subprocess (build seconds, HTML bytes, peak RSS from ru_maxrss) and opens each page in
Debian's headless Chromium through playwright (CDN requests answered from the xstatic
packages, tiles off) to time "drawn": for ours, the flag the layer sets after its first
draw; for explore(), the load event and every circle path added; for FastMarkerCluster,
the load event and its cluster icons shown. Prints medians and ratios.

    .venv/bin/python benchmarks/bench_scale.py            # 1e4, 1e5 and 1e6 rows
    .venv/bin/python benchmarks/bench_scale.py --sizes 10000 --runs 3

Notes of the synthetic table: ~3,000 named locations (ACLED reports events at locations,
so coordinates repeat), a year of days, ACLED's six event types, 40 actors, 200 sources and
400 distinct short notes. Real ACLED notes are unique sentences; they would add their own
length to every renderer's page (ours keeps them once each in the string table).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TYPES = {
    "Battles": ["Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Shelling/artillery/missile attack", "Air/drone strike",
                                   "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Disrupted weapons use", "Arrests", "Looting/property destruction",
                               "Other"],
}  # fmt: skip


def synthetic(n: int, seed: int = 20240503) -> pd.DataFrame:
    """An ACLED-shaped table of ``n`` incidents around Russia and Ukraine (seeded)."""
    rng = np.random.default_rng(seed)
    n_loc = 3000
    loc_lat = rng.uniform(44.5, 56.5, n_loc).round(4)
    loc_lon = rng.uniform(22.5, 45.0, n_loc).round(4)
    loc_name = np.array([f"Settlement {i:04d}" for i in range(n_loc)], dtype=object)
    regions = np.array([f"Oblast {i:02d}" for i in range(40)], dtype=object)
    loc_admin = regions[rng.integers(0, 40, n_loc)]
    loc_country = np.where(loc_lon > 38.0, "Russia", "Ukraine").astype(object)
    loc = rng.integers(0, n_loc, n)
    type_names = np.array(list(TYPES), dtype=object)
    etype = rng.choice(len(TYPES), n, p=[0.25, 0.45, 0.08, 0.1, 0.02, 0.1])
    sub = np.empty(n, dtype=object)
    for k, name in enumerate(type_names):
        mask = etype == k
        sub[mask] = np.array(TYPES[name], dtype=object)[
            rng.integers(0, len(TYPES[name]), mask.sum())
        ]
    days = np.datetime64("2024-01-01") + rng.integers(0, 366, n).astype("timedelta64[D]")
    actors = np.array([f"Military Forces of Party {i}" for i in range(40)], dtype=object)
    sources = np.array([f"Source {i:03d}" for i in range(200)], dtype=object)
    notes = np.array([f"Report {i}: activity recorded in the area; details unconfirmed."
                      for i in range(400)], dtype=object)  # fmt: skip
    return pd.DataFrame(
        {
            "event_date": np.datetime_as_string(days, unit="D"),
            "event_type": type_names[etype],
            "sub_event_type": sub,
            "actor1": actors[rng.integers(0, 40, n)],
            "country": loc_country[loc],
            "admin1": loc_admin[loc],
            "location": loc_name[loc],
            "latitude": loc_lat[loc],
            "longitude": loc_lon[loc],
            "geo_precision": rng.integers(1, 4, n),
            "source": sources[rng.integers(0, 200, n)],
            "notes": notes[rng.integers(0, 400, n)],
            "fatalities": rng.geometric(0.6, n) - 1,
        }
    )


# ---------------------------------------------------------------------------- build (child)


def build(kind: str, csv: Path, html: Path) -> dict:
    """Runs in a fresh subprocess: read the CSV, build the page, write it; measure."""
    t0 = time.perf_counter()
    if kind == "scale" or kind == "scale-agg":
        from geo.tables.reader import read_table
        from maps.export.save import save_html
        from maps.page.table import build_table_map

        table = read_table(csv)
        m = build_table_map(table, tiles="none", aggregate=True if kind == "scale-agg" else None)
        save_html(m, html, force=True)
    elif kind == "explore":
        import geopandas as gpd

        frame = pd.read_csv(csv)
        gdf = gpd.GeoDataFrame(
            frame, geometry=gpd.points_from_xy(frame.longitude, frame.latitude), crs=4326
        )
        gdf.explore(column="event_type", tiles=None).save(str(html))
    elif kind == "fastcluster":
        import folium
        from folium.plugins import FastMarkerCluster

        frame = pd.read_csv(csv)
        m = folium.Map(location=[50.5, 33.75], zoom_start=5, tiles=None)
        m.options["maxZoom"] = 18  # clustering needs it; without tiles folium sets none
        # Leaflet's default marker: the default callback needs awesome-markers (no xstatic).
        plain = "function (row) { return L.marker(new L.LatLng(row[0], row[1])); }"
        points = frame[["latitude", "longitude"]].to_numpy().tolist()
        FastMarkerCluster(points, callback=plain).add_to(m)
        m.save(str(html))
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"build_s": seconds, "bytes": html.stat().st_size, "peak_mb": peak_mb}


# ---------------------------------------------------------------------------- browser

DRAWN = {
    "scale": "() => window.incidentCanvasDrawn !== undefined",
    "scale-agg": "() => window.incidentCanvasDrawn !== undefined",
    # explore(): every feature is an SVG/canvas path once the GeoJSON layer is added.
    "explore": "n => document.readyState === 'complete' && "
    "document.querySelectorAll('path.leaflet-interactive').length >= n",
    "fastcluster": "() => document.readyState === 'complete' && "
    "document.querySelectorAll('.marker-cluster, .leaflet-marker-icon').length > 0",
}


def draw_seconds(browser, kind: str, html: Path, n: int) -> float:
    from tests.browser import local_asset

    page = browser.new_page(viewport={"width": 1200, "height": 800})

    def handle(route):
        url = route.request.url
        if url.startswith("file://"):
            return route.continue_()
        asset = local_asset(url)
        if isinstance(asset, Path) and asset.is_file():
            return route.fulfill(path=str(asset))
        if "markercluster" in url.lower():
            path = _markercluster(url)
            if path is not None:
                return route.fulfill(path=str(path))
        return route.fulfill(status=200, body="")  # tiles, styling-only CSS: empty

    page.route("**/*", handle)
    t0 = time.perf_counter()
    page.goto(html.resolve().as_uri(), wait_until="commit", timeout=300_000)
    page.wait_for_function(DRAWN[kind], arg=n, timeout=300_000, polling=50)
    seconds = time.perf_counter() - t0
    page.close()
    return seconds


def _markercluster(url: str) -> Path | None:
    import importlib

    try:
        base = Path(importlib.import_module("xstatic.pkg.leaflet_markercluster").BASE_DIR)
    except ImportError:
        return None
    name = url.rsplit("/", 1)[1]
    hits = list(base.rglob(name))
    return hits[0] if hits else None


# ---------------------------------------------------------------------------- driver


def measure(kind: str, csv: Path, workdir: Path, n: int, runs: int, browser) -> dict:
    html = workdir / f"{kind}-{n}.html"
    results = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, __file__, "--child", kind, str(csv), str(html)],
            capture_output=True, text=True, check=True, cwd=REPO,
        )  # fmt: skip
        stats = json.loads(proc.stdout.strip().splitlines()[-1])
        stats["draw_s"] = draw_seconds(browser, kind, html, n) if browser else float("nan")
        results.append(stats)
    return {k: statistics.median(r[k] for r in results) for k in results[0]} | {"runs": runs}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=3, help="runs per small case (>= 3)")
    ap.add_argument("--explore-runs-large", type=int, default=1)
    ap.add_argument("--child", nargs=3, metavar=("KIND", "CSV", "HTML"))
    args = ap.parse_args()
    if args.child:
        kind, csv, html = args.child
        print(json.dumps(build(kind, Path(csv), Path(html))))
        return

    from playwright.sync_api import sync_playwright

    from maps.export.snapshot import CHROMIUM_ARGS, find_chromium

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        work = Path(tmp)
        print(f"{'rows':>9} {'renderer':<12} {'build s':>8} {'HTML MB':>8} {'B/row':>6} "
              f"{'peak MB':>8} {'drawn s':>8} {'runs':>4}")  # fmt: skip
        for n in args.sizes:
            csv = work / f"incidents-{n}.csv"
            synthetic(n).to_csv(csv, index=False)
            kinds = (
                ["scale", "explore", "fastcluster"] if n <= 200_000 else ["scale", "fastcluster"]
            )
            rows = {}
            for kind in kinds:
                runs = args.runs if (n <= 10_000 or kind != "explore") else args.explore_runs_large
                if n > 200_000:
                    runs = 1
                rows[kind] = r = measure(kind, csv, work, n, runs, browser)
                print(f"{n:>9} {kind:<12} {r['build_s']:>8.2f} {r['bytes'] / 1e6:>8.2f} "
                      f"{r['bytes'] / n:>6.0f} {r['peak_mb']:>8.0f} {r['draw_s']:>8.2f} "
                      f"{r['runs']:>4}", flush=True)  # fmt: skip
            if "explore" in rows:
                e, s = rows["explore"], rows["scale"]
                print(f"{n:>9} ratios explore/scale: build {e['build_s'] / s['build_s']:.1f}x, "
                      f"HTML {e['bytes'] / s['bytes']:.1f}x, "
                      f"peak {e['peak_mb'] / s['peak_mb']:.1f}x, "
                      f"drawn {e['draw_s'] / s['draw_s']:.0f}x", flush=True)  # fmt: skip
            else:
                print(
                    f"{n:>9} explore() skipped at this size (minutes to draw); "
                    "scale used its density view",
                    flush=True,
                )
        browser.close()


if __name__ == "__main__":
    main()
