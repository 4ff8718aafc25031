"""Drafts always load (issue 18, item 7): ids are unique by construction, so every draft of
the extraction test set, and an article that states one claim twice, renders as written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from geo.story.read import load_story
from geo.story.write import dump_story
from geo.text.extract import extract
from tests.bad_input.helpers import run

REPO = Path(__file__).resolve().parents[2]
ARTICLES = [
    *sorted((REPO / "tests" / "stories").glob("*.txt")),
    REPO / "data" / "stories" / "kremlin-2023-05-03.txt",
]
TWICE = (
    "Moscow, 3 May 2023. Two drones were shot down over the Kremlin, some 500 km from the "
    "Ukrainian border, officials said.\n\nThe Kremlin lies some 500 km from the Ukrainian "
    "border. The Kremlin is about 450 km from the Ukrainian border.\n"
)


def test_every_article_of_the_test_set_drafts_and_loads(tmp_path: Path):
    assert len(ARTICLES) >= 40
    for article in ARTICLES:
        draft = tmp_path / (article.stem + ".yaml")
        draft.write_text(dump_story(extract(article.read_text(encoding="utf-8"))), "utf-8")
        load_story(draft)  # InputError (a duplicate id...) fails the test, naming the file


def test_a_claim_stated_twice_gives_a_draft_that_renders(tmp_path: Path, capsys):
    article = tmp_path / "twice.txt"
    article.write_text(TWICE, encoding="utf-8")
    draft = tmp_path / "twice.yaml"
    code, text = run(capsys, "extract", article, "-o", draft)
    assert code == 0, text
    story = load_story(draft)
    assert {500, 450} <= {d.claimed_km for d in story.distances}
    assert len({d.id for d in story.distances}) == len(story.distances)  # unique ids
    code, text = run(capsys, "render", draft, "-o", tmp_path / "m.html", "--tiles", "none")
    assert code == 0, text


@pytest.mark.parametrize("n", [24_875])  # 199 kB, just under the 200 kB article cap
def test_extract_is_linear_on_a_long_article(tmp_path: Path, capsys, n: int):
    article = tmp_path / "moscow.txt"
    article.write_text("Moscow. " * n, encoding="utf-8")
    start = time.monotonic()
    code, text = run(capsys, "extract", article, "-o", tmp_path / "d.yaml")
    assert code == 0, text
    assert time.monotonic() - start < 60  # 238 s before (quadratic); ~7 s on one core now
