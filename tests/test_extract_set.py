"""Extraction measured on the test set in tests/stories/ (benchmarks/bench_extract.py's harness).

The floors are what the extraction met when they were set (see the commit that raised them):
a change that loses expectations fails here; one that gains should raise the floor. Every
article's draft must also save and load again as a story file.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from geo.story.read import load_story
from geo.story.write import save_story
from geo.text.extract import extract

ROOT = Path(__file__).resolve().parents[1]
STORIES = ROOT / "tests" / "stories"
ARTICLES = sorted(STORIES.glob("*.txt"))

# Measured with both halves merged: 521 of 548 expectations (95.1%). Each floor is the
# measured figure less one or two, so that a change that loses expectations fails here.
FLOORS = {
    "headline": 39,  # of 39 (measured 39)
    "incident type": 59,  # of 60 (60)
    "date": 57,  # of 60 (58)
    "killed": 29,  # of 30 (30)
    "injured": 17,  # of 18 (18)
    "incident place": 44,  # of 60 (45)
    "not_places": 65,  # of 66 (66)
    "places": 77,  # of 83 (79)
    "distances found": 64,  # of 66 (66)
    "verdicts right": 58,  # of 66 (60)
}


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_extract", ROOT / "benchmarks" / "bench_extract.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tally():
    bench = _bench()
    checks = bench.evaluate_set(STORIES)
    return bench.tally(checks), checks


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_expectations_met_do_not_fall_below_the_floor(tally, kind):
    counts, checks = tally
    met, total = counts[kind]
    misses = [f"{c.article}: {c.detail}" for c in checks if c.kind == kind and not c.met]
    assert total > 0
    assert met >= FLOORS[kind], f"{kind}: {met}/{total}; misses:\n" + "\n".join(misses)


def test_every_kind_of_check_is_counted(tally):
    counts, _ = tally
    # 39 articles: one headline each, and the set's own counts of the rest
    assert counts["headline"][1] == len(ARTICLES) == 39
    assert counts["incident type"][1] == counts["date"][1] == counts["incident place"][1]
    assert counts["distances found"][1] == counts["verdicts right"][1] == 66


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_every_draft_saves_and_loads_again(article, tmp_path):
    day = yaml.safe_load(article.with_suffix(".yaml").read_text(encoding="utf-8"))["date"]
    draft = extract(article.read_text(encoding="utf-8"), article_date=day)
    again = load_story(save_story(draft, tmp_path / "draft.yaml"))
    assert again.incidents == draft.incidents
    assert again.places == draft.places and again.distances == draft.distances
    assert again.title == draft.title
