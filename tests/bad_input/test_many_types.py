"""A table with thousands of distinct event types draws a legend of the most frequent types
and "Other types" (issue 18, item 2): one checkbox per type took 105 s to draw for 100,000."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from maps.layers.legend import MAX_LEGEND_TYPES, OTHER_TYPES
from tests.bad_input.helpers import run


def _page_frame(page: str):
    """The incidents the page carries, decoded from its compressed payload."""
    from maps.layers.scale_decode import decode_payload
    from maps.layers.scale_payload import Payload

    name = re.search(r'type="application/json" id="([^"]+)_data">', page).group(1)
    head = re.search(rf'id="{name}_data">(.*?)</script>', page, re.S).group(1)
    draw = re.search(rf'id="{name}_draw">(.*?)</script>', page, re.S).group(1)
    details = re.findall(rf'id="{name}_d\d+">(.*?)</script>', page, re.S)
    return decode_payload(Payload(json.loads(head), draw, details))


def _payload_types(page: str) -> list[str]:
    found = re.search(r'"types":(\[[^\]]*\])', page)
    assert found, "no types in the page's payload"
    return json.loads(found.group(1))


def test_legend_shows_top_types_and_other(tmp_path: Path, capsys):
    table = tmp_path / "t.csv"
    rows = ["lat,lon,event_date,event_type"]
    rows += [f"50.4,30.5,2024-01-02,Common {i % 3}" for i in range(300)]  # three frequent types
    rows += [f"50.4,30.5,2024-01-02,Rare type {i}" for i in range(20_000)]  # 20,000 rare ones
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "m.html"
    start = time.monotonic()
    code, text = run(capsys, "render", table, "-o", out, "--tiles", "none")
    assert code == 0, text
    assert time.monotonic() - start < 60
    types = _payload_types(out.read_text(encoding="utf-8"))
    assert len(types) == MAX_LEGEND_TYPES
    assert OTHER_TYPES in types and {"Common 0", "Common 1", "Common 2"} <= set(types)
    # still in its row's popup (the page's text is compressed: read from its payload)
    assert "Rare type 19999" in set(_page_frame(out.read_text(encoding="utf-8"))["event_type"])


def test_few_types_are_all_shown(tmp_path: Path, capsys):
    table = tmp_path / "t.csv"
    table.write_text("lat,lon,event_type\n50.4,30.5,Battles\n50.5,30.6,Protests\n", "utf-8")
    out = tmp_path / "m.html"
    code, text = run(capsys, "render", table, "-o", out, "--tiles", "none")
    assert code == 0, text
    assert _payload_types(out.read_text(encoding="utf-8")) == ["Battles", "Protests"]
