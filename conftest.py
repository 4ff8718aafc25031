"""Test-run set-up shared by the test suite and the doctests in geo/ and maps/."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

# Build the gazetteer index once per run, in a folder of its own, so tests never touch the
# user's cache and every run checks the build too. Set before geo is imported anywhere.
_CACHE = Path(tempfile.mkdtemp(prefix="incident-map-test-cache-"))
os.environ.setdefault("INCIDENT_MAP_CACHE", str(_CACHE))


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_CACHE, ignore_errors=True)
