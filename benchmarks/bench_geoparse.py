"""Geoparser throughput, articles per second on one core, as medians.

    .venv/bin/python benchmarks/bench_geoparse.py [N] [--repeat R]  # N generated articles
    .venv/bin/python benchmarks/bench_geoparse.py --corpus lgl.xml # a local corpus (not shipped)

Three figures, each the median of R runs:

* the command as a scorer or a pipeline runs it, start-up included:
  ``incident-map geoparse --jsonl --jobs 1`` on the articles as JSON Lines, and the same
  command on no input (its start-up alone);
* in-process parsing (gazetteer open, the first pass cold), against a peer run in the same
  process on the same texts: a naive geoparser (capitalised words looked up in the same
  gazetteer, the most populous match) - the floor the issue measures accuracy against, so
  the ratio is what recognition and resolution cost over a bare lookup.

Generated articles mix places, people, organisations and filler so that recognition and
resolution both do real work; the corpus mode reads <article><text> elements.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

PLACES = [
    "Moscow",
    "Boise, Idaho",
    "Paris",
    "Kyiv",
    "Bryansk province",
    "Atlanta, Georgia",
    "Springfield",
    "Laurel County",
    "the Kremlin",
    "Ukraine",
    "Texas",
    "London",
]
PEOPLE = ["Paris Hilton", "Mayor Sergei Sobyanin", "Andrew Jackson", "Gov. Brad Little"]
FILLER = [
    "officials",
    "said",
    "the",
    "attack",
    "happened",
    "overnight",
    "and",
    "that",
    "the",
    "damage",
    "was",
    "limited,",
    "while",
    "residents",
    "described",
    "loud",
    "explosions",
    "before",
    "dawn",
]


def generated(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        sents = []
        for _ in range(8):
            words = rng.sample(FILLER, 10)
            words.insert(rng.randrange(10), "in " + rng.choice(PLACES))
            if rng.random() < 0.4:
                words.insert(0, rng.choice(PEOPLE) + " said")
            sentence = " ".join(words)
            sents.append(sentence[0].upper() + sentence[1:] + ".")
        out.append(" ".join(sents))
    return out


def naive(text: str, gz) -> int:
    """The floor: every capitalised word or run, its most populous gazetteer match."""
    found = 0
    for run in _CAPITALISED.findall(text):
        cands = gz.lookup(run)
        if cands:
            max(cands, key=lambda c: c.place.population or 0)
            found += 1
    return found


_CAPITALISED = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)*")


def _median_s(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _command(lines: str, repeat: int) -> float:
    cmd = [str(Path(sys.executable).with_name("incident-map")), "geoparse", "--jsonl"]
    cmd += ["--jobs", "1"]
    return _median_s(
        lambda: subprocess.run(cmd, input=lines, capture_output=True, text=True, check=True),
        repeat,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--corpus", help="XML corpus with <article><text> (local only)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if args.corpus:
        texts = [a.findtext("text") or "" for a in ET.parse(args.corpus).getroot().iter("article")]
    else:
        texts = generated(args.n)
    n = len(texts)
    lines = "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts))

    whole = _command(lines, args.repeat)
    startup = _command("", args.repeat)
    print(
        f"command, {n} articles, start-up included: {n / whole:.0f} articles/s "
        f"(median {whole:.2f} s of {args.repeat}; start-up alone {startup:.2f} s)"
    )

    from geo.text.geoparse import _default, geoparse

    gz = _default()
    t = time.perf_counter()
    mentions = sum(len(geoparse(text, gazetteer=gz)) for text in texts)
    cold = time.perf_counter() - t
    ours = _median_s(lambda: [geoparse(text, gazetteer=gz) for text in texts], args.repeat)
    floor = _median_s(lambda: [naive(text, gz) for text in texts], args.repeat)
    print(
        f"in process, {mentions} mentions: first pass {n / cold:.0f} articles/s, "
        f"warm {n / ours:.0f} articles/s; naive lookup {n / floor:.0f} articles/s; "
        f"ratio (ours / naive time) {ours / floor:.2f}"
    )


if __name__ == "__main__":
    main()
