"""Shared fixtures: the bundled story and the original article (the cache is set up in
../conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


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
