"""Recompute every distance of the story set, border distances included, and compare.

    .venv/bin/python tests/stories/recompute.py

Prints one line per claim whose stored ``true_km`` (or ``verdict``) differs from a fresh
computation and exits 1 if there is any. Border distances run to the nearest point of the
country's outline in ``data/countries-10m.fgb`` (views ``both`` and ``recognised``), densified
to about half a kilometre, as README.md says; ``tests/test_story_set.py`` checks the
point-to-point figures on every run, this script the rest when the set or the borders change.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FGB = HERE.parents[1] / "data" / "countries-10m.fgb"


def main() -> int:
    import geopandas as gpd
    import numpy as np
    import shapely
    import yaml
    from pyproj import Geod

    sys.path.insert(0, str(HERE.parent))
    from test_story_set import expected_verdict

    geod = Geod(ellps="WGS84")
    countries = gpd.read_file(FGB)
    countries = countries[countries["view"].isin(["both", "recognised"])]
    outlines: dict[str, object] = {}

    def to_border(lat: float, lon: float, iso: str) -> float:
        if iso not in outlines:
            outlines[iso] = countries[countries.iso_a2 == iso].geometry.union_all().boundary
        outline = outlines[iso]
        # keep the part of the outline near the closest vertices (degrees scaled by latitude),
        # densify it and take the smallest geodesic distance
        xy = shapely.get_coordinates(outline)
        approx = np.hypot((xy[:, 0] - lon) * np.cos(np.radians(lat)), xy[:, 1] - lat)
        close = xy[approx <= approx.min() + 0.5]
        box = shapely.box(*(close.min(axis=0) - 0.2), *(close.max(axis=0) + 0.2))
        dense = shapely.get_coordinates(shapely.segmentize(outline.intersection(box), 0.005))
        lons, lats = np.full(len(dense), lon), np.full(len(dense), lat)
        return float(np.min(geod.inv(lons, lats, dense[:, 0], dense[:, 1])[2])) / 1000

    bad = 0
    for path in sorted(HERE.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, d in enumerate(doc["distances"]):
            frm, to = d["from"], d["to"]
            if "lat" not in frm or not isinstance(to, (dict, str)) or to in ("front", "unknown"):
                continue
            if isinstance(to, dict):
                km = geod.inv(frm["lon"], frm["lat"], to["lon"], to["lat"])[2] / 1000
            else:
                km = to_border(frm["lat"], frm["lon"], to.split(":", 1)[1])
            verdict = expected_verdict(km, d["claimed_km"], d["qualifier"])
            if abs(km - d["true_km"]) > max(0.1, 0.01 * km) or verdict != d["verdict"]:
                bad += 1
                end = to if isinstance(to, str) else to["name"]
                print(
                    f"{path.name}: distances[{i}] {frm['name']} -> {end}: "
                    f"stored {d['true_km']} km {d['verdict']}, measured {km:.1f} km {verdict}"
                )
    print(f"{bad} claim(s) differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
