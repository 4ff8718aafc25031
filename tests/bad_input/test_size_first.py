"""A file over its documented size is refused by its size, before it is read or parsed
(issue 18, item 2): stories (2 MB), articles (200 kB) and corpora (500 MB). The files are
sparse: a 10 GB story costs no disk, and reading it would take minutes and gigabytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.bad_input.helpers import assert_bad_input, run


def _sparse(path: Path, size: int, head: bytes = b"") -> Path:
    with path.open("wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


@pytest.mark.parametrize(
    ("command", "name", "size", "needles"),
    [
        ("render", "story.yaml", 10 << 30, ["10,737.4 MB", "larger than 2 MB", "story file"]),
        ("desk", "story.yaml", 3_000_000, ["3.0 MB", "larger than 2 MB", "story file"]),
        ("extract", "article.txt", 250_000, ["0.2 MB", "larger than 0.2 MB"]),
    ],
)
def test_an_over_size_file_is_refused_by_its_size(
    tmp_path: Path, capsys, command: str, name: str, size: int, needles: list[str]
):
    source = _sparse(tmp_path / name, size, b"title: x\n")
    args = [command, source] + (["-o", tmp_path / "out.html"] if command == "render" else [])
    args += ["-o", tmp_path / "out.yaml"] if command == "extract" else []
    code, text = run(capsys, *args)
    assert_bad_input(code, text, name, *needles)


@pytest.mark.skipif(os.name != "posix", reason="sparse files")
def test_a_corpus_over_500_mb_is_refused_before_reading(tmp_path: Path, capsys):
    corpus = _sparse(tmp_path / "news.jsonl", 2 << 30, b'{"id": "a", "text": "In Kyiv."}\n')
    code, text = run(capsys, "geoparse", corpus, "--out", tmp_path / "m.parquet")
    assert_bad_input(code, text, "news.jsonl", "2,147 MB", "500 MB", "split it")
    assert not (tmp_path / "m.parquet").exists()
