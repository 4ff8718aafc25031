"""Suggestions for misspelt names come from a symmetric-deletion index stored beside the
gazetteer (issue 18, item 2): tens of thousands of distinct misspellings are answered in
one pass of lookups, two-edit typos are suggested too, and a stale index is rebuilt."""

from __future__ import annotations

import json
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo.places import suggest_index
from geo.places.suggest_index import SuggestIndex
from geo.tables.names import geocode_names


def test_one_and_two_edit_typos_get_the_right_name_first() -> None:
    names = ["Zaporizzhhia", "Kramatorks", "Mariupl", "Moscw", "Qqqqqqqqqq"]
    _, _, why = geocode_names(pd.Series(names), None)
    firsts = [w.split("did you mean: ")[1].split(",")[0].rstrip("?") if "did you" in w else None
              for w in why]  # fmt: skip
    assert firsts == ["Zaporizhzhia", "Kramatorsk", "Mariupol", "Moscow", None]


def test_a_misspelt_head_of_a_qualified_name_keeps_its_qualifier() -> None:
    _, _, why = geocode_names(pd.Series(["Moscw, Idaho", "Bakhmutt (Donetsk Oblast)"]), None)
    assert "did you mean: Moscow, Idaho," in why[0]  # before: no suggestion at all
    assert why[1].endswith("did you mean: Bakhmut (Donetsk Oblast)?")


def _suggest_table(path: Path, keys: list[str]) -> sqlite3.Connection:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE suggest (head TEXT, len INTEGER, key TEXT, weight REAL, "
                "display TEXT)")  # fmt: skip
    con.executemany("INSERT INTO suggest VALUES (?,?,?,?,?)",
                    [(k[0], len(k), k, 1.0, k.title()) for k in keys])  # fmt: skip
    return con


def test_the_index_is_stored_beside_the_gazetteer_and_rebuilt_when_stale(
    tmp_path: Path, monkeypatch
) -> None:
    gz = tmp_path / "gazetteer-v1-aa.sqlite"
    con = _suggest_table(gz, ["kharkiv", "kherson", "kyiv"])
    assert SuggestIndex.load(con, gz).suggest("kharkov") == ["Kharkiv"]
    side = tmp_path / "gazetteer-v1-aa.suggest.npz"
    assert side.is_file()

    def no_build(keys):
        raise AssertionError("the stored index should have been read")

    monkeypatch.setattr(suggest_index, "_build", no_build)
    assert SuggestIndex.load(con, gz).suggest("khersn") == ["Kherson"]
    monkeypatch.undo()
    con.execute("INSERT INTO suggest VALUES ('l', 4, 'lviv', 1.0, 'Lviv')")  # rebuilt in place
    assert SuggestIndex.load(con, gz).suggest("lvov") == ["Lviv"]
    side.write_bytes(b"half a file")  # a killed writer: rebuilt, not an error
    assert SuggestIndex.load(con, gz).suggest("kyjv") == ["Kyiv"]


_MANY = r"""
import json, random, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
import pandas as pd
from geo.places.gazetteer import default_gazetteer
from geo.places.normalize import normalize
from geo.tables.names import geocode_names

rng = random.Random(18)
rows = default_gazetteer()._con.execute(
    "SELECT key, display FROM suggest WHERE len >= 6 ORDER BY key").fetchall()
known = {k for k, _ in rows}
names, truth = [], []
while len(names) < 20_000:  # distinct one-letter typos of real names, none itself a name
    key, display = rows[rng.randrange(len(rows))]
    i = rng.randrange(1, len(display))
    bad = display[:i] + display[i + 1:] if rng.random() < 0.5 else display[:i] + "q" + display[i:]
    if normalize(bad) in known or bad in names:
        continue
    names.append(bad)
    truth.append(display)
_, _, why = geocode_names(pd.Series(names), None)
said = [w.split("did you mean: ")[1].rstrip("?").split(", ") if "did you" in w else [] for w in why]
print(json.dumps({"rows": len(why), "reported": int((why != "").sum()),
                  "in_five": sum(t in s for t, s in zip(truth, said))}))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
def test_twenty_thousand_distinct_misspellings_under_3_gb() -> None:
    proc = subprocess.run([sys.executable, "-c", _MANY], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.splitlines()[-1])
    assert out["rows"] == 20_000 and out["reported"] >= 19_000
    assert out["in_five"] >= 0.9 * 20_000  # one-edit typos: the name is almost always offered
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 3 << 20  # KB
