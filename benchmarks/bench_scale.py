"""Incident tables on one map: incident-map against explore(), FastMarkerCluster and lonboard.

The table is the realistic SYNTHETIC ACLED-like export of ``synth_acled.py`` (31 columns,
~6,000 real towns with a Zipf-like frequency, a unique note of ~210 characters on every row),
written once per size as CSV; every tool reads that CSV and writes one self-contained-as-it-
can-be HTML page with tiles off:

- ``incident-map``: the command line, ``incident-map render TABLE.csv -o OUT.html
  --self-contained --tiles none --force``.
- ``explore()``: ``GeoDataFrame.explore(column="event_type", tiles=None)`` (every column
  travels as GeoJSON properties for its tooltips).
- ``FastMarkerCluster``: folium's plugin, coordinates only, Leaflet's default marker.
- ``lonboard``: ``ScatterplotLayer.from_geopandas`` on the whole GeoDataFrame (every column,
  Parquet in the page, WebGL); used when importable, never installed by this project.

For each size, one table: build time (median of ``--repeat`` runs, each a separate process:
the wall time of the build process from its start to its exit, interpreter start and
imports included), HTML bytes and bytes per incident, the build's peak RSS (``ru_maxrss`` of
``RUSAGE_CHILDREN`` in a small runner process whose only child is the build), and the time
until drawn in Debian's headless Chromium (playwright, ``/usr/bin/chromium``), from the start
of the navigation until the page signals drawn (the page polled every 25 ms with
``page.evaluate``, not ``wait_for_function``, which starts polling only once the whole
document is parsed):

- incident-map: ``window.incidentCanvasDrawn`` set by the layer after its first draw;
- explore(): the load event and one SVG/canvas path per incident added;
- FastMarkerCluster: the load event and its cluster icons shown;
- lonboard: the points on screen (screenshots polled until the layer's colour shows; WebGL
  leaves no DOM trace), so its figure is rounded up to the polling interval.

explore() and lonboard are drawn in a child process with a browser of its own, given
``--draw-limit`` seconds (default 180): past that it is killed and the row says "not drawn
within N s" (explore() at 100,000 rows kept the renderer busy for over 20 minutes, past the
browser's own timeouts), so one command always completes.

Requests leaving the page are answered locally: CDN scripts from the ``xstatic-*`` packages
(Leaflet, markercluster), tiles and styling-only CSS empty, lonboard's basemap with an empty
MapLibre style (the other pages have no basemap either). lonboard's page loads require.js,
the Jupyter widget manager, anywidget and parquet-wasm from CDNs: ``--fetch-lonboard-assets``
gets those once with ``npm pack`` into ``--lonboard-assets`` (without them lonboard's row
says it cannot draw offline); its page is opened with the SRI ``integrity`` attributes
removed (the npm require.js is not byte-identical to cdnjs's minified copy). lonboard 0.17
loads parquet-wasm 0.9.0, which the npm registry here does not have (it cannot draw
offline); 0.16.0 loads 0.7.1 and draws (``pip install lonboard==0.16.0``).

    .venv/bin/pip install -e '.[bench]'                         # explore() and markercluster
    .venv/bin/python benchmarks/bench_scale.py                   # 10k and 100k rows
    .venv/bin/pip install lonboard && \
        .venv/bin/python benchmarks/bench_scale.py --fetch-lonboard-assets   # optional
    .venv/bin/python benchmarks/bench_scale.py --sizes 10000 --repeat 3
    .venv/bin/python benchmarks/bench_scale.py --sizes 10000 100000 1000000
    # lonboard in another venv, incident-map from this checkout:
    /tmp/bench-venv/bin/python benchmarks/bench_scale.py --incident-map .venv/bin/incident-map

The page signals ``window.incidentCanvasDrawn`` after its first draw of the points; its
``performance`` marks (``incident-map: decode``, ``project``, ``points ready``, ``first
draw``) break the time down.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TOOLS = ["incident-map", "explore", "fastcluster", "lonboard"]
LABEL = {
    "incident-map": "incident-map",
    "explore": "explore()",
    "fastcluster": "FastMarkerCluster",
    "lonboard": "lonboard",
}
EXPLORE_MAX = 200_000  # past this explore() takes many minutes to draw: skipped
LONBOARD_RGB = (230, 0, 0)  # lonboard's fill colour, looked for in the screenshots
UNFETCHED = "unfetched.txt"  # in --lonboard-assets: the packages npm could not give, and why
# Not under incident-map's own cache folder, which holds its index alone.
ASSETS = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "incident-map-bench"


INCIDENT_MAP: list[str] = []  # --incident-map: the command to measure, if given


def incident_map_command() -> list[str]:
    """The ``incident-map`` command line: ``--incident-map``, beside this Python, in the
    repository's .venv, or on PATH."""
    if INCIDENT_MAP:
        return INCIDENT_MAP
    for candidate in (Path(sys.executable).parent / "incident-map",
                      REPO / ".venv" / "bin" / "incident-map"):  # fmt: skip
        if candidate.is_file():
            return [str(candidate)]
    found = shutil.which("incident-map")
    if found:
        return [found]
    raise SystemExit("bench_scale: no incident-map command (run ./setup.sh)")


def missing(tool: str) -> str | None:
    """Why ``tool`` cannot be built here (a missing package), or None."""
    need = {
        "explore": ["geopandas", "folium", "matplotlib", "mapclassify"],
        "fastcluster": ["folium"],
        "lonboard": ["lonboard", "geopandas"],
    }.get(tool, [])
    gone = [m for m in need if importlib.util.find_spec(m) is None]
    if not gone:
        return None
    if tool == "lonboard" and "lonboard" in gone:
        return "not installed"
    return f"not installed ({', '.join(gone)}: pip install -e '.[bench]')"


# ---------------------------------------------------------------------------- build (child)


def build(kind: str, csv: Path, html: Path) -> None:
    """Runs in its own process: read the CSV, build the page, write it."""
    import pandas as pd

    if kind == "explore":
        import geopandas as gpd

        frame = pd.read_csv(csv, keep_default_na=False)
        gdf = gpd.GeoDataFrame(
            frame, geometry=gpd.points_from_xy(frame.longitude, frame.latitude), crs=4326
        )
        gdf.explore(column="event_type", tiles=None).save(str(html))
    elif kind == "fastcluster":
        import folium
        from folium.plugins import FastMarkerCluster

        frame = pd.read_csv(csv, usecols=["latitude", "longitude"])
        m = folium.Map(location=[frame.latitude.mean(), frame.longitude.mean()], zoom_start=3,
                       tiles=None)  # fmt: skip
        m.options["maxZoom"] = 18  # clustering needs it; without tiles folium sets none
        # Leaflet's default marker: the default callback needs awesome-markers (no xstatic).
        plain = "function (row) { return L.marker(new L.LatLng(row[0], row[1])); }"
        points = frame[["latitude", "longitude"]].to_numpy().tolist()
        FastMarkerCluster(points, callback=plain).add_to(m)
        m.save(str(html))
    elif kind == "lonboard":
        import geopandas as gpd
        from lonboard import Map, ScatterplotLayer

        frame = pd.read_csv(csv, keep_default_na=False)
        gdf = gpd.GeoDataFrame(
            frame, geometry=gpd.points_from_xy(frame.longitude, frame.latitude), crs=4326
        )
        layer = ScatterplotLayer.from_geopandas(
            gdf, get_fill_color=list(LONBOARD_RGB), radius_min_pixels=2, radius_units="pixels"
        )
        Map(layer).to_html(str(html))
    else:
        raise SystemExit(f"unknown tool {kind!r}")


def build_command(kind: str, csv: Path, html: Path) -> list[str]:
    if kind == "incident-map":
        return [*incident_map_command(), "render", str(csv), "-o", str(html),
                "--self-contained", "--tiles", "none", "--force"]  # fmt: skip
    return [sys.executable, str(Path(__file__).resolve()), "--build", kind, str(csv), str(html)]


# The runner: a small process whose one child is the build, so that RUSAGE_CHILDREN's
# ru_maxrss is that build's peak alone.
RUNNER = """
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"build_s": seconds, "peak_mb": peak, "rc": proc.returncode,
                  "stderr": proc.stderr[-2000:]}))
"""


def run_build(kind: str, csv: Path, html: Path) -> dict:
    html.unlink(missing_ok=True)
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, *build_command(kind, csv, html)],
        capture_output=True, text=True, check=True, cwd=REPO,
    )  # fmt: skip
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    if stats["rc"] != 0 or not html.is_file():
        raise RuntimeError(f"{kind} build failed: {stats['stderr'].strip()[-600:]}")
    stats["bytes"] = html.stat().st_size
    return stats


# ---------------------------------------------------------------------------- browser

DRAWN = {
    "incident-map": "() => window.incidentCanvasDrawn !== undefined",
    # explore(): every feature is an SVG/canvas path once the GeoJSON layer is added.
    "explore": "n => document.readyState === 'complete' && "
    "document.querySelectorAll('path.leaflet-interactive').length >= n",
    "fastcluster": "() => document.readyState === 'complete' && "
    "document.querySelectorAll('.marker-cluster, .leaflet-marker-icon').length > 0",
}
TIMEOUT_S = 300


def chromium_args() -> list[str]:
    """The flags ``render --png`` and the browser tests use (wherever the package keeps
    them)."""
    for module in ("maps.export.snapshot", "maps.snapshot"):
        try:
            return list(importlib.import_module(module).CHROMIUM_ARGS)
        except (ImportError, AttributeError):
            continue
    return ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


class CannotDraw(Exception):
    pass


def draw_seconds(browser, kind: str, html: Path, n: int, assets: Path) -> float:
    """Seconds from the start of navigation until the page is drawn (see the docstring)."""
    from tests.browser import local_asset

    if kind == "fastcluster" and not _has_module("xstatic.pkg.leaflet_markercluster"):
        raise CannotDraw("cannot draw offline: needs xstatic-leaflet-markercluster "
                         "(pip install -e '.[bench]')")  # fmt: skip
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    wanted: list[str] = []

    def handle(route):
        url = route.request.url
        if url.startswith(("file://", "blob:", "data:")):
            return route.continue_()
        try:
            asset = local_asset(url)
        except ImportError:  # an xstatic package not installed: answered empty below
            asset = None
        if isinstance(asset, Path) and asset.is_file():
            return route.fulfill(path=str(asset))
        if "markercluster" in url.lower():
            path = _markercluster(url)
            if path is not None:
                return route.fulfill(path=str(path))
        npm = _npm_asset(url, assets)
        if npm is not None:
            if npm.is_file():
                kind_ = "application/wasm" if npm.suffix == ".wasm" else "text/javascript"
                return route.fulfill(path=str(npm), content_type=kind_,
                                     headers={"Access-Control-Allow-Origin": "*"})  # fmt: skip
            wanted.append(url)
            return route.fulfill(status=404, body="")
        if url.endswith("style.json"):  # lonboard's basemap: an empty MapLibre style
            return route.fulfill(status=200, content_type="application/json",
                                 body='{"version": 8, "sources": {}, "layers": []}')  # fmt: skip
        return route.fulfill(status=200, body="")  # tiles, styling-only CSS: empty

    page.route("**/*", handle)
    target = html
    if kind == "lonboard":  # npm's require.js is not cdnjs's minified file: drop the SRI
        target = html.with_name(html.stem + "-nosri.html")
        text = html.read_text(encoding="utf-8")
        target.write_text(re.sub(r'\s+integrity="[^"]*"', "", text), encoding="utf-8")
    try:
        t0 = time.perf_counter()
        page.goto(target.resolve().as_uri(), wait_until="commit", timeout=TIMEOUT_S * 1000)
        if kind == "lonboard":
            _wait_for_colour(page, LONBOARD_RGB, t0, wanted, assets)
        else:
            _poll(page, DRAWN[kind], n, t0)
        return time.perf_counter() - t0
    finally:
        page.close()


def _poll(page, predicate: str, n: int, t0: float) -> None:
    """Evaluate ``predicate`` in the page every 25 ms until it holds.

    Not ``page.wait_for_function``: its polling only starts once the document is parsed,
    so a page that draws while the rest of its HTML still streams in was timed by its
    length, not its drawing (the 100,000-row page: 1.0 s that way, 0.41 s on the page's
    own clock, 0.44 s polled like this).
    """
    while not page.evaluate(predicate, n):
        if time.perf_counter() - t0 > TIMEOUT_S:
            raise TimeoutError(f"not drawn within {TIMEOUT_S} s")
        time.sleep(0.025)


def _wait_for_colour(
    page, rgb: tuple[int, int, int], t0: float, wanted: list[str], assets: Path
) -> None:
    """Poll screenshots until at least 20 pixels of ``rgb`` show (WebGL: no DOM signal)."""
    import numpy as np

    try:
        from PIL import Image
    except ImportError:
        raise CannotDraw("cannot tell when drawn: needs pillow") from None

    target = np.array(rgb, dtype=np.int16)
    while time.perf_counter() - t0 < TIMEOUT_S:
        shot = Image.open(io.BytesIO(page.screenshot(type="png"))).convert("RGB")
        close = np.abs(np.asarray(shot, dtype=np.int16) - target).max(axis=2) < 40
        if close.sum() >= 20:
            return
        if wanted and time.perf_counter() - t0 > 20:
            failed = assets / UNFETCHED
            why = failed.read_text(encoding="utf-8").strip() if failed.is_file() else ""
            why = f"; npm: {why}" if why else " (run with --fetch-lonboard-assets)"
            raise CannotDraw("cannot draw offline: needs " + ", ".join(sorted(set(wanted))) + why)
        time.sleep(0.05)
    raise TimeoutError(f"not drawn within {TIMEOUT_S} s")


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


def _markercluster(url: str) -> Path | None:
    try:
        import xstatic.pkg.leaflet_markercluster as pkg
    except ImportError:
        return None
    name = url.rsplit("/", 1)[1]
    hits = list(Path(pkg.BASE_DIR).rglob(name))
    return hits[0] if hits else None


# ---------------------------------------------------------------------------- lonboard's CDN

_NPM_URL = re.compile(r"https://cdn\.jsdelivr\.net/npm/((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$")
_REQUIREJS = re.compile(r"https://cdnjs\.cloudflare\.com/ajax/libs/require\.js/([^/]+)/")


def _npm_request(url: str) -> tuple[str, str, str] | None:
    """(package, version or range, path inside the package) for a CDN url lonboard uses."""
    m = _REQUIREJS.match(url)
    if m:
        return "requirejs", m.group(1), "require.js"
    m = _NPM_URL.match(url)
    if m:
        name, spec, path = m.groups()
        return name, urllib.parse.unquote(spec), path
    return None


def _npm_asset(url: str, assets: Path) -> Path | None:
    """The local copy of a CDN file (may not exist), or None if the url is not an npm one."""
    req = _npm_request(url)
    if req is None:
        return None
    name, spec, path = req
    stem = name.replace("/", "+")
    exact = assets / f"{stem}@{spec}" / "package" / path
    if exact.is_file():
        return exact
    if re.fullmatch(r"\d+\.\d+\.\d+", spec):  # an exact version (parquet-wasm): that one
        return exact
    # a range (^1.0.1, ~0.9.*): the newest fetched version whose major.minor fits
    lead = re.match(r"[\^~]?(\d+)\.(\d+)", spec)
    candidates = sorted(assets.glob(f"{stem}@*"), key=lambda p: _version(p.name), reverse=True)
    for cand in candidates:
        v = _version(cand.name)
        if lead and (v[0] != int(lead[1]) or (spec[0] == "~" and v[1] != int(lead[2]))):
            continue
        return cand / "package" / path
    return exact


def _version(dirname: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", dirname.rsplit("@", 1)[1])[:3])


def lonboard_specs(html: str) -> list[str]:
    """The npm packages a lonboard page loads from CDNs, as ``name@version-or-range``."""
    specs = set()
    for url in re.findall(r"https://[^\"'`\s\\]+", html):
        req = _npm_request(url)
        if req and "${" not in req[1]:
            specs.add(f"{req[0]}@{req[1]}")
    # parquet-wasm's url is built from a version constant in lonboard's bundle
    m = re.search(r'=\\?"(\d+\.\d+\.\d+)\\?",\w+=`https://cdn\.jsdelivr\.net/npm/parquet-wasm@',
                  html)  # fmt: skip
    if m:
        specs.add(f"parquet-wasm@{m.group(1)}")
    # the widget state names anywidget's front-end module and its version range
    m = re.search(r'"_view_module": "anywidget",[^}]*?"_view_module_version": "([^"]+)"', html)
    m = m or re.search(r'"_view_module_version": "([^"]+)",[^}]*?"_view_module": "anywidget"',
                       html)  # fmt: skip
    if m:
        specs.add(f"anywidget@{m.group(1)}")
    return sorted(s for s in specs if not s.startswith("@jupyter-widgets/base"))


def fetch_lonboard_assets(assets: Path) -> None:
    """``npm pack`` the packages lonboard's page loads from CDNs, unpacked into ``assets``."""
    if missing("lonboard"):
        raise SystemExit("bench_scale: lonboard is not installed here")
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("bench_scale: --fetch-lonboard-assets needs npm")
    with tempfile.TemporaryDirectory(prefix="lonboard-assets-") as tmp:
        csv, html = Path(tmp) / "t.csv", Path(tmp) / "t.html"
        csv.write_text("latitude,longitude,event_type\n50,30,Battles\n51,31,Riots\n")
        build("lonboard", csv, html)
        specs = lonboard_specs(html.read_text(encoding="utf-8"))
        assets.mkdir(parents=True, exist_ok=True)
        unfetched = []
        for spec in specs:
            out = subprocess.run([npm, "pack", "--json", spec, "--pack-destination", tmp],
                                 capture_output=True, text=True)  # fmt: skip
            if out.returncode != 0:  # say so and go on: the page's row names what it lacks
                why = re.search(r"npm error notarget (No matching.+)", out.stderr)
                why = why or re.search(r"npm error (.+)", out.stderr)
                unfetched.append(f"{spec}: {why.group(1) if why else 'npm pack failed'}")
                print(f"{unfetched[-1]} (not fetched)")
                continue
            info = json.loads(out.stdout)[0]
            name, version = info["name"], info["version"]
            dest = assets / f"{name.replace('/', '+')}@{version}"
            with tarfile.open(Path(tmp) / info["filename"]) as tar:
                tar.extractall(dest, filter="data")
            print(f"{spec}: {dest}")
        (assets / UNFETCHED).write_text("".join(f"{u}\n" for u in unfetched), encoding="utf-8")


# ---------------------------------------------------------------------------- driver


def make_csv(n: int, seed: int, path: Path) -> str:
    """Write the synthetic table (in a child process, to keep this one small); its summary."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("synth_acled.py")), "--n", str(n),
         "--seed", str(seed), "-o", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = [x for x in proc.stderr.splitlines() if " rows x " in x]
    return lines[-1] if lines else ""


# explore() and lonboard are drawn in a child process with its own browser, killed past the
# limit: a page that keeps the renderer busy (explore() at 100,000 rows: over 20 minutes)
# can hang the browser's own timeouts and closing the page.
LIMITED = ("explore", "lonboard")
DRAW_LIMIT: list[float] = [180.0]  # --draw-limit


def limited_draw_seconds(kind: str, html: Path, n: int, assets: Path) -> float:
    """``draw_seconds`` in a child process, which is killed (with its browser) after
    ``DRAW_LIMIT`` seconds: then ``TimeoutError('not drawn within N s')``."""
    limit = DRAW_LIMIT[0]
    cmd = [sys.executable, str(Path(__file__).resolve()), "--draw", kind, str(html), str(n),
           "--lonboard-assets", str(assets), "--draw-limit", str(limit)]  # fmt: skip
    if INCIDENT_MAP:
        cmd += ["--incident-map", INCIDENT_MAP[0]]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=REPO, start_new_session=True)  # fmt: skip
    try:
        out, err = proc.communicate(timeout=limit + 30)  # + the browser's start
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)  # the child and the browser it started
        proc.communicate()
        raise TimeoutError(f"not drawn within {limit:.0f} s") from None
    lines = out.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise RuntimeError((err.strip().splitlines() or ["draw failed"])[-1])
    found = json.loads(lines[-1])
    if "cannot" in found:
        raise CannotDraw(found["cannot"])
    if "error" in found:
        raise TimeoutError(found["error"])
    return found["draw_s"]


def draw_child(kind: str, html: Path, n: int, assets: Path) -> None:
    """``--draw``: one draw in a browser of this process's own; prints JSON."""
    from playwright.sync_api import sync_playwright

    global TIMEOUT_S
    TIMEOUT_S = int(DRAW_LIMIT[0])
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=chromium_args())
        try:
            print(json.dumps({"draw_s": draw_seconds(browser, kind, html, n, assets)}))
        except CannotDraw as e:
            print(json.dumps({"cannot": str(e)}))
        except Exception as e:
            print(json.dumps({"error": f"not drawn within {TIMEOUT_S} s" if "imeout" in str(e)
                              else str(e).splitlines()[0]}))  # fmt: skip
        sys.stdout.flush()
        os._exit(0)  # never wait for a busy renderer to close


def chromium_path() -> str:
    chromium = "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None
    chromium = chromium or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("bench_scale: Debian's chromium is not installed (./setup.sh)")
    return chromium


def measure(kind, csv, work, n, repeat, browser, assets) -> dict:
    html = work / f"{kind}-{n}.html"
    results = []
    for _ in range(repeat):
        stats = run_build(kind, csv, html)
        try:
            if kind in LIMITED:
                stats["draw_s"] = limited_draw_seconds(kind, html, n, assets)
            else:
                stats["draw_s"] = draw_seconds(browser, kind, html, n, assets)
        except CannotDraw as e:
            stats["draw_s"], stats["note"] = float("nan"), str(e)
        except Exception as e:  # a timeout: say so, keep the other figures
            text = str(e) if str(e).startswith("not drawn") else f"not drawn: {e}"
            stats["draw_s"], stats["note"] = float("nan"), text.splitlines()[0]
        results.append(stats)
    out = {k: statistics.median(r[k] for r in results)
           for k in ("build_s", "peak_mb", "bytes", "draw_s")}  # fmt: skip
    out["runs"] = repeat
    notes = [r["note"] for r in results if "note" in r]
    if notes:
        out["note"] = notes[0]
    return out


def print_table(n: int, summary: str, rows: dict[str, dict | str]) -> None:
    print(f"\n{n:,} incidents. {summary}")
    print(f"{'tool':<20} {'build s':>8} {'HTML MB':>8} {'B/incident':>10} {'peak MB':>8} "
          f"{'drawn s':>8} {'runs':>4}   vs incident-map: build, HTML, peak, drawn")  # fmt: skip
    base = rows.get("incident-map")
    notes = []
    for kind, r in rows.items():
        label = LABEL[kind] + (f" {r.get('version', '')}" if isinstance(r, dict) else "")
        if isinstance(r, str):
            print(f"{label:<20} {r}")
            continue
        line = (f"{label:<20} {r['build_s']:>8.2f} {r['bytes'] / 1e6:>8.2f} "
                f"{r['bytes'] / n:>10,.0f} {r['peak_mb']:>8.0f} {r['draw_s']:>8.2f} "
                f"{r['runs']:>4}")  # fmt: skip
        if isinstance(base, dict) and kind != "incident-map":
            ratios = [r["build_s"] / base["build_s"], r["bytes"] / base["bytes"],
                      r["peak_mb"] / base["peak_mb"], r["draw_s"] / base["draw_s"]]  # fmt: skip
            line += "   " + ", ".join("-" if x != x else f"{x:.2g}x" for x in ratios)
        print(line.replace(" nan", "   -"))
        if "note" in r:
            notes.append(f"  {LABEL[kind]}: {r['note']}")
    for note in notes:
        print(note)
    sys.stdout.flush()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--repeat", "--runs", type=int, default=3,
                    help="builds (and draws) per tool and size; medians are printed")  # fmt: skip
    ap.add_argument("--repeat-large", type=int, default=1,
                    help="runs for explore() and lonboard past 10,000 rows (slow)")  # fmt: skip
    ap.add_argument("--tools", nargs="+", choices=TOOLS, default=TOOLS)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lonboard-assets", type=Path, default=ASSETS / "lonboard",
                    help="npm packages lonboard's page loads from CDNs")  # fmt: skip
    ap.add_argument("--fetch-lonboard-assets", action="store_true",
                    help="npm pack them into --lonboard-assets, then exit")  # fmt: skip
    ap.add_argument("--incident-map", type=Path,
                    help="the incident-map command to measure (another venv's, say lonboard's "
                    "Python runs this script)")  # fmt: skip
    ap.add_argument("--draw-limit", type=float, default=DRAW_LIMIT[0],
                    help="seconds explore() and lonboard get to draw, then 'not drawn within' "
                    "(their browser killed)")  # fmt: skip
    ap.add_argument("--build", nargs=3, metavar=("TOOL", "CSV", "HTML"), help=argparse.SUPPRESS)
    ap.add_argument("--draw", nargs=3, metavar=("TOOL", "HTML", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    DRAW_LIMIT[0] = args.draw_limit
    if args.incident_map:
        INCIDENT_MAP[:] = [str(args.incident_map)]
    if args.draw:
        kind, html, n = args.draw
        draw_child(kind, Path(html), int(n), args.lonboard_assets)
        return
    if args.build:
        kind, csv, html = args.build
        build(kind, Path(csv), Path(html))
        return
    if args.fetch_lonboard_assets:
        fetch_lonboard_assets(args.lonboard_assets)
        return

    from playwright.sync_api import sync_playwright

    chromium = chromium_path()
    versions = {}
    if not missing("lonboard"):
        import importlib.metadata as md

        versions["lonboard"] = md.version("lonboard")

    print("SYNTHETIC data (benchmarks/synth_acled.py); build: wall time of a separate process; "
          "peak: its ru_maxrss; drawn: navigation start to drawn in headless Chromium; "
          f"medians. {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=chromium_args())
        work = Path(tmp)
        for n in args.sizes:
            csv = work / f"incidents-{n}.csv"
            summary = make_csv(n, args.seed, csv)
            summary += f" CSV {csv.stat().st_size / 1e6:.1f} MB."
            rows: dict[str, dict | str] = {}
            for kind in args.tools:
                why = missing(kind)
                if why:
                    rows[kind] = why
                    continue
                if kind == "explore" and n > EXPLORE_MAX:
                    rows[kind] = f"skipped past {EXPLORE_MAX:,} rows (minutes to draw)"
                    continue
                slow = kind in ("explore", "lonboard") and n > 10_000
                repeat = args.repeat_large if slow or n > 200_000 else args.repeat
                try:
                    rows[kind] = measure(kind, csv, work, n, repeat, browser,
                                         args.lonboard_assets)  # fmt: skip
                    rows[kind]["version"] = versions.get(kind, "")
                except Exception as e:
                    rows[kind] = f"failed: {str(e).splitlines()[0][:200]}"
            print_table(n, summary, rows)
            print(f"load average now {os.getloadavg()[0]:.1f}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
