"""Broken articles for ``extract``: exit 2, one message naming the file, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bad_input.helpers import assert_bad_input, run

ARTICLE = (
    "MOSCOW, May 3 (AFP) - Two drones were downed over the Kremlin overnight, officials said.\n"
)

CASES = [
    ("empty", b"", ["the article is empty", "paste"]),
    ("blank", b"  \n\n\t\n", ["the article is empty"]),
    ("binary", bytes(range(256)) * 8, [":1:", "binary file"]),
    ("docx", b"PK\x03\x04\x14\x00\x06\x00", [":1:", ".docx"]),
    ("pdf", b"%PDF-1.4\n", [":1:", "PDF document"]),
    ("cp1251", "Москва\nБеспилотники над Кремлём.\n".encode("cp1251"), [":1:", "not UTF-8"]),
    ("cp1252-line-3", ("a\nb\n" + "café").encode("cp1252"), [":3:", "not UTF-8", "Save As"]),
    ("utf16-bom", ARTICLE.encode("utf-16"), [":1:", "UTF-16"]),
    ("utf16-no-bom", ARTICLE.encode("utf-16-le"), [":1:", "UTF-16"]),
    ("utf16-be-no-bom", ARTICLE.encode("utf-16-be"), [":1:", "UTF-16"]),
]


@pytest.mark.parametrize(("content", "needles"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_article_is_refused(tmp_path: Path, capsys, content: bytes, needles: list[str]):
    article, out = tmp_path / "article.txt", tmp_path / "story.yaml"
    article.write_bytes(content)
    code, text = run(capsys, "extract", article, "-o", out)
    assert_bad_input(code, text, str(article), *needles)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt"]


def test_a_100_mb_article_fails_fast(tmp_path: Path, capsys):
    article = tmp_path / "huge.txt"
    with article.open("wb") as fh:
        for _ in range(100):
            fh.write(b"Drones " * 150_000)
    code, text = run(capsys, "extract", article, "-o", tmp_path / "s.yaml")
    assert_bad_input(code, text, "huge.txt", "larger than 0.2 MB")
    code, text = run(capsys, "build", article, "-o", tmp_path / "m.html")
    assert_bad_input(code, text, "huge.txt", "larger than 0.2 MB")


@pytest.mark.parametrize(
    ("date", "needle"),
    [("2023-02-30", "'2023-02-30' is not a date"), ("3 May", "YYYY-MM-DD"), ("", "not a date")],
)
def test_bad_date_option(tmp_path: Path, capsys, date: str, needle: str):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, text = run(capsys, "extract", article, "-o", tmp_path / "s.yaml", "--date", date)
    assert_bad_input(code, text, "--date", needle)
    assert not (tmp_path / "s.yaml").exists()


def test_extract_never_writes_over_its_article(tmp_path: Path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    for extra in ([], ["--force"]):
        code, text = run(capsys, "extract", article, "-o", tmp_path / "." / "a.txt", *extra)
        # refused either as the input or, first, for its suffix (a story is .yaml)
        assert_bad_input(code, text, "a.txt")
        assert "is also the input file" in text or "not .txt" in text, text
    assert article.read_text(encoding="utf-8") == ARTICLE


def test_build_refuses_the_same_file_for_map_and_story(tmp_path: Path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "m.html"
    code, text = run(capsys, "build", article, "-o", out, "--story", out)
    assert_bad_input(code, text, "m.html", "two outputs")
    assert not out.exists()


def test_extract_keeps_an_existing_story_without_force(tmp_path: Path, capsys):
    article, out = tmp_path / "a.txt", tmp_path / "s.yaml"
    article.write_text(ARTICLE, encoding="utf-8")
    out.write_text("title: my reviewed story\n", encoding="utf-8")
    code, text = run(capsys, "extract", article, "-o", out)
    assert_bad_input(code, text, "s.yaml", "already exists", "--force")
    assert out.read_text(encoding="utf-8") == "title: my reviewed story\n"


def test_extract_into_a_missing_folder(tmp_path: Path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, text = run(capsys, "extract", article, "-o", tmp_path / "no" / "s.yaml")
    assert_bad_input(code, text, "s.yaml", "folder does not exist", "first")
