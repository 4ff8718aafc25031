"""Geoparser throughput, articles per second on one core.

    .venv/bin/python benchmarks/bench_geoparse.py [N]            # N generated articles
    .venv/bin/python benchmarks/bench_geoparse.py --corpus lgl.xml  # a local corpus (not shipped)

Generated articles mix places, people, organisations and filler so that recognition and
resolution both do real work; the corpus mode reads <article><text> elements.
"""

from __future__ import annotations

import argparse
import random
import time
import xml.etree.ElementTree as ET

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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--corpus", help="XML corpus with <article><text> (local only)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    from geo.geoparse import _default, geoparse

    gz = _default()
    startup = time.perf_counter() - t0
    if args.corpus:
        texts = [a.findtext("text") or "" for a in ET.parse(args.corpus).getroot().iter("article")]
    else:
        texts = generated(args.n)
    t1 = time.perf_counter()
    mentions = sum(len(geoparse(t, gazetteer=gz)) for t in texts)
    run = time.perf_counter() - t1
    print(
        f"{len(texts)} articles, {mentions} mentions: start-up {startup:.2f} s, "
        f"{len(texts) / run:.0f} articles/s parsing, "
        f"{len(texts) / (run + startup):.0f} articles/s with start-up"
    )


if __name__ == "__main__":
    main()
