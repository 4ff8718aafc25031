"""One bad article never stops ``geoparse CORPUS``: every other article is geoparsed and
written, the bad one is named on stderr by line (or row) and field and answered on stdout
with the error object of ``geoparse --jsonl``, and the exit status (2) says some failed
(issue 18, item 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from maps.cli import main


def _run(capsys, *args: str | Path) -> tuple[int, list[dict], str]:
    """Exit code, the error objects on stdout, stderr with whitespace collapsed."""
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    objects = [json.loads(line) for line in captured.out.splitlines() if line.strip()]
    return code, objects, " ".join(captured.err.split())


def _ids(path: Path) -> set[str]:
    return set(pd.read_parquet(path)["id"])


def test_bad_json_lines_are_answered_and_the_rest_geoparsed(tmp_path: Path, capsys) -> None:
    long_text = "Kyiv " * 400_000  # a 2 MB line: over the 1.6 MB of one article's line
    lines = [
        json.dumps({"id": "a", "text": "Drones struck Kharkiv on 3 May 2023."}),  # 1
        '{"id": "\\ud800", "text": "In Lviv."}',  # 2: half a character
        "[1, 2]",  # 3: not an object
        '{"id": "c", "text": "In Odesa.',  # 4: broken JSON
        json.dumps({"id": "d", "text": long_text}),  # 5: over-long line
        json.dumps({"id": "e", "text": "Shelling hit Kherson."}),  # 6
        json.dumps({"id": "f"}),  # 7: no text
        "",  # 8: blank, skipped
        json.dumps({"id": "g", "text": "In Dnipro.", "date": "3 May"}),  # 9: bad date
        json.dumps({"id": "h", "text": "Moscow. " * 30_000}),  # 10: over 200,000 characters
    ]
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "m.parquet"
    code, objects, err = _run(capsys, "geoparse", corpus, "--out", out)
    assert code == 2 and "Traceback" not in err and "internal error" not in err
    assert _ids(out) == {"a", "e"}
    assert [o["id"] for o in objects] == ["\ud800", None, "c", "d", "f", "g", "h"]
    assert all(o["mentions"] == [] and set(o) == {"id", "error", "mentions"} for o in objects)
    for line, field in ((2, "id"), (3, None), (4, None), (5, None), (7, "text"), (9, "date"),
                        (10, "text")):  # fmt: skip
        message = next(o["error"] for o in objects if f"news.jsonl:{line}:" in o["error"])
        assert f"news.jsonl:{line}:" in err
        assert field is None or f":{line}: {field}:" in message
    assert "2,000,0" in err and "7 of 9 articles could not be geoparsed" in err
    assert "\x1b" not in err and "\ud800" not in err  # the id is an escape, not raw


def test_a_csv_and_a_parquet_corpus_go_on_past_bad_rows(tmp_path: Path, capsys) -> None:
    frame = pd.DataFrame(
        {
            "id": ["a", " ", "b", "c"],
            "text": ["In Kyiv,\non two lines.", "In Lviv.", "In Odesa.", "In Dnipro."],
            "date": ["2023-05-03", "", "May 4", ""],
        }
    )
    frame.to_csv(tmp_path / "news.csv", index=False)
    code, objects, err = _run(capsys, "geoparse", tmp_path / "news.csv", "--out",
                              tmp_path / "c.parquet")  # fmt: skip
    assert code == 2 and _ids(tmp_path / "c.parquet") == {"a", "c"}
    assert [o["id"] for o in objects] == [None, "b"]
    # the quoted text spans lines 2 and 3: the empty id is on line 4, the bad date on 5
    assert "news.csv:4: id: the id is empty" in err and "news.csv:5: date:" in err

    frame.loc[1, "id"] = "x"
    frame["text"] = frame["text"].astype(object)
    frame.loc[2, "text"] = None
    frame.loc[2, "date"] = ""
    frame.to_parquet(tmp_path / "news.parquet")
    code, objects, err = _run(capsys, "geoparse", tmp_path / "news.parquet", "--out",
                              tmp_path / "p.parquet")  # fmt: skip
    assert code == 2 and _ids(tmp_path / "p.parquet") == {"a", "x", "c"}
    assert [o["id"] for o in objects] == ["b"] and "(row 3): text:" in err


def test_an_article_whose_geoparsing_fails_is_answered_alone(tmp_path: Path, capsys,
                                                              monkeypatch) -> None:  # fmt: skip
    import geo.text.extract

    real = geo.text.extract.extract

    def odd(text: str, **kw):
        if "odd" in text:
            raise RuntimeError("a bug on an odd text")
        return real(text, **kw)

    monkeypatch.setattr(geo.text.extract, "extract", odd)
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "a", "text": "In Kyiv."}, {"id": "b", "text": "An odd one."},
        {"id": "c", "text": "In Lviv."}]), encoding="utf-8")  # fmt: skip
    code, objects, err = _run(capsys, "geoparse", corpus, "--out", tmp_path / "m.parquet")
    assert code == 2 and _ids(tmp_path / "m.parquet") == {"a", "c"}
    assert [o["id"] for o in objects] == ["b"] and "a bug on an odd text" in objects[0]["error"]
    assert "news.jsonl (article 2)" in err and "1 of 3 articles" in err


def test_a_clean_corpus_still_exits_0_with_nothing_on_stdout(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text('{"id": "a", "text": "In Kyiv."}\n', encoding="utf-8")
    code, objects, err = _run(capsys, "geoparse", corpus, "--out", tmp_path / "m.parquet")
    assert (code, objects) == (0, []) and "error" not in err


def test_a_ragged_or_undecodable_csv_record_is_one_article_left_out(tmp_path: Path, capsys):
    corpus = tmp_path / "news.csv"
    corpus.write_bytes(
        b'ID,text\na,In Kyiv.\nb,In Lviv.,extra cell\n\nc,"In\nOdesa."\nd,Caf\xe9 in Dnipro.\n'
        b"e,In Kherson.\n"
    )
    code, objects, err = _run(capsys, "geoparse", corpus, "--out", tmp_path / "m.parquet")
    assert code == 2 and _ids(tmp_path / "m.parquet") == {"a", "c", "e"}
    assert [o["id"] for o in objects] == ["b", "d"]
    assert "news.csv:3: this row has 3 cells but the header has 2" in err
    assert "news.csv:7: a byte here is not UTF-8" in err  # after a blank line and a 2-line text
