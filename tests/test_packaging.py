"""The wheel carries the data it needs and works away from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("hatchling", reason="hatchling builds the wheel offline")
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    (whl,) = out.glob("incident_map-*.whl")
    return whl


def test_wheel_carries_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "geo/_data/landmarks.csv",
        "geo/_data/stories/kremlin-2023-05-03.yaml",
        "maps/cli/__init__.py",
        "maps/layers/scale.js",
        "geo/places/gazetteer.py",
    ):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "tools/")) for n in names)
    assert not any("shared" in n or n.endswith(".xml") for n in names)


def test_unpacked_wheel_renders_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from geo.resources import data_dir; d = data_dir(); "
        "assert str(d).startswith(sys.argv[1]), d; "
        "from maps.cli import main; "
        "sys.exit(main(['render', str(d / 'stories/kremlin-2023-05-03.yaml'), '-o', 'k.html']))"
    )
    proc = subprocess.run(
        [sys.executable, "-I", "-c", code, str(site)],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "INCIDENT_MAP_CACHE": os.environ["INCIDENT_MAP_CACHE"]},
    )
    assert proc.returncode == 0, proc.stderr
    assert "Incidents" in (work / "k.html").read_text(encoding="utf-8")
