"""Leftovers and odd addresses (issue 18, item 9): a killed index build's temporary file is
cleaned at the next start; an unclosed IPv6 bracket in an embed URL is bad input."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from geo.places.gazetteer import default_gazetteer
from tests.bad_input.helpers import assert_bad_input, run


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def test_killed_index_build_leaves_nothing_after_the_next_start():
    index = default_gazetteer().path  # the test run's own cache folder
    killed = index.parent / f"{index.stem}.{_dead_pid()}.k1ll3d.tmp"
    killed.write_bytes(b"\0" * 4096)  # what SIGKILL mid-build leaves (50 MB in real life)
    legacy = index.parent / f"{index.stem}-abc123.tmp"  # the old naming, no process id
    legacy.write_bytes(b"\0" * 4096)
    old = time.time() - 2 * 3600
    os.utime(legacy, (old, old))
    running = index.parent / f"{index.stem}.{os.getpid()}.busy.tmp"  # a build under way
    running.write_bytes(b"\0")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "maps.cli", "geocode", "Moscow"],
            capture_output=True, text=True, timeout=120, env=os.environ.copy(),
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert not killed.exists() and not legacy.exists()
        assert running.exists()
    finally:
        for p in (killed, legacy, running):
            p.unlink(missing_ok=True)


@pytest.mark.parametrize("url", ["https://[::1/m.html", "https://ex.org:99999/m", "http://x:ab/"])
def test_embed_with_a_broken_host_is_bad_input(capsys, url):
    code, text = run(capsys, "embed", url)
    assert_bad_input(code, text, "MAP_URL", "not an http(s) URL")


def test_embed_with_an_ipv6_host_still_works(capsys):
    code, text = run(capsys, "embed", "https://[::1]:8080/m.html")
    assert code == 0, text
    assert 'src="https://[::1]:8080/m.html"' in text
