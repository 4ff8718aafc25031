"""``geoparse --jsonl`` answers line by line with a per-line cap, and one bad record does not
stop the batch (issue 18, items 2 and 8)."""

from __future__ import annotations

import json
import os
import resource
import selectors
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CMD = [sys.executable, "-m", "maps.cli", "geoparse", "--jsonl"]


def _limit_memory() -> None:  # in the child: 2 GB of address space
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def _start(**kw) -> subprocess.Popen:
    return subprocess.Popen(CMD, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=REPO, env=os.environ.copy(),
                            preexec_fn=_limit_memory, **kw)  # fmt: skip


def test_each_line_is_answered_before_the_input_ends():
    proc = _start()
    try:
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        for i, place in enumerate(["Kyiv", "Lviv", "Odesa"]):
            proc.stdin.write(json.dumps({"id": i, "text": f"Drones hit {place}."}).encode() + b"\n")
            proc.stdin.flush()
            assert sel.select(timeout=90), f"no answer to line {i + 1} while stdin is open"
            answer = json.loads(proc.stdout.readline())
            assert answer["id"] == i and answer["mentions"][0]["text"] == place
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    assert proc.returncode == 0, proc.stderr.read()


def _batch(lines: list[bytes]) -> tuple[int, list[dict], str]:
    proc = _start()
    out, err = proc.communicate(b"".join(line + b"\n" for line in lines), timeout=120)
    return proc.returncode, [json.loads(x) for x in out.splitlines()], err.decode()


def test_an_over_long_line_gets_an_error_object_and_the_rest_are_answered():
    huge = b'{"id": "big", "text": "' + b"Moscow. " * 1_000_000 + b'"}'  # 8 MB
    start = time.monotonic()
    code, recs, err = _batch([b'{"id": "a", "text": "In Kyiv."}', huge,
                              b'{"id": "c", "text": "In Lviv."}'])  # fmt: skip
    assert time.monotonic() - start < 60
    assert code == 2, err
    assert [r["id"] for r in recs] == ["a", "big", "c"]
    assert "over" in recs[1]["error"] and recs[1]["mentions"] == []
    assert recs[0]["mentions"] and recs[2]["mentions"]
    assert "stdin line 2" in err and "1 line(s) could not be answered" in err


def test_a_text_over_the_article_cap_is_an_error_object():
    text = "Moscow. " * 30_000  # 240 kB: over the 200 kB of an article
    code, recs, err = _batch([json.dumps({"id": "long", "text": text}).encode(),
                              b'{"id": "ok", "text": "In Kyiv."}'])  # fmt: skip
    assert code == 2, err
    assert recs[0]["id"] == "long" and "200 kB" in recs[0]["error"]
    assert recs[1]["mentions"]


def test_a_lone_surrogate_id_is_answered_and_the_batch_goes_on():
    lines = [b'{"id": "\\ud800", "text": "In Kyiv."}', b'{"id": "b", "text": "In Lviv."}',
             b"\xff\xfe not utf-8"]  # fmt: skip
    code, recs, err = _batch(lines)
    assert code == 2, err  # the third line is not UTF-8
    assert recs[0]["id"] == "\ud800" and recs[0]["mentions"]
    assert recs[1]["id"] == "b" and recs[1]["mentions"]
    assert "UTF-8" in recs[2]["error"]
    assert "internal error" not in err and "Traceback" not in err
