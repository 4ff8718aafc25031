"""The public API as the README shows it: its Python examples run here (from a scratch
folder that sees the repository's data/, where the README's paths point)."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pytest

import geo
import maps

ROOT = Path(__file__).resolve().parents[1]


def test_readme_python_examples_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").symlink_to(ROOT / "data")
    failures, tried = doctest.testfile(
        str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert tried >= 10 and failures == 0
    assert (tmp_path / "kremlin-api.html").stat().st_size > 10_000


def test_verbs_and_maps_are_exported():
    assert set(geo.__all__) >= {
        "geocode", "geoparse", "extract", "load_story", "resolve_story", "read_table", "distance"
    }  # fmt: skip
    assert set(maps.__all__) >= {"story_map", "table_map", "save_html", "save_png", "embed_snippet"}
    with pytest.raises(AttributeError):
        geo.no_such_verb  # noqa: B018


def test_importing_geo_loads_no_room():
    code = "import sys, geo; print(sorted(m for m in sys.modules if m.startswith('geo.')))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "['geo.api', 'geo.places', 'geo.places.place']"


def test_extract_takes_a_path_or_text():
    path = ROOT / "data" / "stories" / "kremlin-2023-05-03.txt"
    from_path = geo.extract(path)
    assert from_path == geo.extract(path.read_text(encoding="utf-8"))
    assert from_path.incidents


def test_read_table_takes_a_geodataframe():
    import geopandas as gpd
    from shapely.geometry import Point

    gdf = gpd.GeoDataFrame({"event_date": ["2024-03-02"]}, geometry=[Point(30.52, 50.45)], crs=4326)
    t = geo.read_table(gdf)
    assert t.frame.loc[0, "_lat"] == pytest.approx(50.45)
    assert t.frame.loc[0, "_lon"] == pytest.approx(30.52)
