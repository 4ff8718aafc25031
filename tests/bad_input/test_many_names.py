"""Table names are geocoded with an index of close spellings, not a scan per miss
(issue 18, item 2): thousands of distinct misspelt names in a table take seconds, and a
near miss still gets its suggestion."""

from __future__ import annotations

import random
import time
from pathlib import Path

from tests.bad_input.helpers import run


def test_thousands_of_misspelt_names_are_reported_quickly(tmp_path: Path, capsys):
    rng = random.Random(18)
    names = ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(4))
             + f"x{i}" for i in range(3000)]  # fmt: skip
    table = tmp_path / "t.csv"
    table.write_text("place,event_date\nMoscw,2024-01-02\n"
                     + "".join(f"{n},2024-01-02\n" for n in names), encoding="utf-8")  # fmt: skip
    report = tmp_path / "bad.csv"
    start = time.monotonic()
    code, text = run(capsys, "render", table, "-o", tmp_path / "m.html", "--report", report,
                     "--tiles", "none")  # fmt: skip
    took = time.monotonic() - start
    assert code in (0, 2) and "internal error" not in text, text  # 2: nothing could be placed
    assert "3001 rows, 0 placed" in text
    assert "'Moscw'" in text and "did you mean: Moscow" in text
    assert took < 60, took  # ~330 s before (0.11 s a miss on a loaded 2-core box)
    assert report.read_text(encoding="utf-8").count("no place called") == 3001
