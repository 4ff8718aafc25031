"""A corpus article is capped like a single article, and an id or text that cannot be
written is named by its line; either is one article left out, not the end of the batch
(issue 18, items 2 and 8)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd

from tests.bad_input.helpers import run


def _corpus(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_an_over_long_article_is_left_out_at_once_with_its_line(tmp_path: Path, capsys):
    corpus = _corpus(tmp_path, [{"id": "a", "text": "In Kyiv."},
                                {"id": "b", "text": "Moscow. " * 30_000}])  # fmt: skip
    start = time.monotonic()
    code, text = run(capsys, "geoparse", corpus, "--out", tmp_path / "m.parquet")
    assert time.monotonic() - start < 30  # before: minutes of recognition
    assert code == 2 and "Traceback" not in text
    for needle in ("news.jsonl:2", "text", "240,000 characters", "split it", "1 of 2 articles"):
        assert needle in text, text
    assert set(pd.read_parquet(tmp_path / "m.parquet")["id"]) == {"a"}


def test_a_lone_surrogate_id_is_named_by_its_line(tmp_path: Path, capsys):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text('{"id": "a", "text": "In Kyiv."}\n{"id": "\\ud800", "text": "In Lviv."}\n',
                      encoding="utf-8")  # fmt: skip
    code, text = run(capsys, "geoparse", corpus, "--out", tmp_path / "m.parquet")
    assert code == 2 and "Traceback" not in text
    for needle in ("news.jsonl:2", "id", "lone surrogate", '"id": "\\ud800"'):
        assert needle in text, text
    assert set(pd.read_parquet(tmp_path / "m.parquet")["id"]) == {"a"}
