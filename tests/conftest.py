"""Shared fixtures: one gazetteer index per test run, the bundled story, a headless browser."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# Build the gazetteer index once per run, in a folder of its own, so tests never touch the
# user's cache and every run checks the build too. Set before geo is imported anywhere.
_CACHE = Path(tempfile.mkdtemp(prefix="incident-map-test-cache-"))
os.environ.setdefault("INCIDENT_MAP_CACHE", str(_CACHE))


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def kremlin_story_path() -> Path:
    from geo.resources import data_path

    return data_path("stories/kremlin-2023-05-03.yaml")


@pytest.fixture(scope="session")
def shared_article() -> str:
    path = SHARED / "stories" / "kremlin-drones-2023-05-03.txt"
    if not path.is_file():
        pytest.skip(f"the original article is not at {path} (it lives in ../shared)")
    return path.read_text(encoding="utf-8")
