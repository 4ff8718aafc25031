"""The review desk's two waits, as a journalist feels them, in Debian's headless Chromium.

- start-up: from starting ``incident-map desk ARTICLE --no-browser`` (a new process) until
  the address is printed, the page is usable (its script has drawn the draft:
  ``body[data-ready]``) and the map frame shows the draft (``#map[data-ready]``).
- change: from changing an incident's count in the page's form (then Tab) until the map
  frame shows that version of the story.

Each run starts a desk on the Kremlin article and makes ``--changes`` changes in it; the
medians over ``--runs`` runs are printed, with every figure to see the spread. With
``--against DIR`` (a checkout of other code, e.g. ``git worktree add /tmp/old main``) each
run is made with that code too, alternating, so both meet the same load: on 2 shared cores
the machine's load moves every figure, and only paired figures compare two versions.

    .venv/bin/python benchmarks/bench_desk.py [--runs 5] [--changes 6] [--against DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.resources import data_path  # noqa: E402
from maps.export.snapshot import CHROMIUM_ARGS  # noqa: E402

ARTICLE = data_path("stories/kremlin-2023-05-03.txt")
# The code of the checkout it runs in: python -c puts the working folder first on sys.path.
CLI = ["-c", "import sys; from maps.cli import main; sys.exit(main())"]
WAIT = 180_000  # ms: a busy machine


def one_run(browser, code: Path, folder: Path, changes: int) -> tuple[list[float], list[float]]:
    """([address printed, page usable, map shown], [each change until shown on the map])."""
    article = folder / "kremlin.txt"
    shutil.copy(ARTICLE, article)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *CLI, "desk", str(article), "--no-browser"],
        cwd=code,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        url = proc.stdout.readline().strip()
        if not url.startswith("http"):
            raise SystemExit(f"the desk in {code} printed no address")
        start = [time.perf_counter() - t0]
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        local = url.split("/?", 1)[0]
        # tiles and anything else off the desk: refused by the browser itself
        page.route(re.compile("^(?!" + re.escape(local) + "/)"), lambda r: r.abort())
        page.goto(url)
        page.wait_for_selector("body[data-ready='1']", timeout=WAIT)
        start.append(time.perf_counter() - t0)
        page.wait_for_selector("#map[data-ready='0']", state="attached", timeout=WAIT)
        start.append(time.perf_counter() - t0)
        took = []
        for k in range(changes):  # each change is one version more
            box = page.locator('.card[data-key^="incidents/"] input[name=count]').first
            box.fill(str(10 + k))
            t1 = time.perf_counter()
            box.press("Tab")
            page.wait_for_selector(f"#map[data-ready='{k + 1}']", state="attached", timeout=WAIT)
            took.append(time.perf_counter() - t1)
        page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return start, took


def report(label: str, runs: list[tuple[list[float], list[float]]]) -> None:
    def line(what: str, values: list[float]) -> None:
        shown = " ".join(f"{v:.2f}" for v in values)
        print(f"{label}{what}: median {statistics.median(values):.2f} s ({shown})")

    for i, what in enumerate(("address printed", "page usable", "map shown")):
        line(f"start-up until {what}", [r[0][i] for r in runs])
    line("change until shown on the map", [t for r in runs for t in r[1]])


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--changes", type=int, default=6)
    parser.add_argument("--against", type=Path, help="another checkout, run alternately")
    args = parser.parse_args()
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        raise SystemExit("Debian's chromium is needed (./setup.sh installs it)")
    codes = {"": ROOT} if args.against is None else {"this: ": ROOT, "other: ": args.against}
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    results: dict[str, list] = {label: [] for label in codes}
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        for code in codes.values():
            # One run each first, not counted: it warms the disk cache (and builds the
            # gazetteer index if this install has none: ~30 s once).
            one_run(browser, code, Path(tempfile.mkdtemp(dir=tmp)), 1)
        for _ in range(args.runs):
            for label, code in codes.items():
                folder = Path(tempfile.mkdtemp(dir=tmp))
                results[label].append(one_run(browser, code, folder, args.changes))
        browser.close()
    for label, runs in results.items():
        report(label, runs)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
