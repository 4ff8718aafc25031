"""The story layers, one module each, and their shared text helpers, under one name.

Layer names are stable: the layer control, the tests and the browser check look for them.
``from maps import layers`` keeps working: the names below are the modules' public ones.

>>> LAYER_NAMES
('Borders & regions', 'Rings', 'Distances', 'Places', 'Incidents')
"""

from __future__ import annotations

from maps.layers.areas import (
    BORDERS,
    HatchPattern,
    borders_layer,
    land_layer,
    named_areas,
    occupied_tooltip,
)
from maps.layers.distances import (
    DISTANCES,
    claim_text,
    distance_label,
    distance_popup,
    distances_layer,
)
from maps.layers.fmt import esc, fmt_dates, fmt_km, fmt_mi, is_web_url, link, plain
from maps.layers.incidents import (
    INCIDENTS,
    incident_popup,
    incident_tooltip,
    incidents_layer,
    marker_icon,
    spread_offsets,
)
from maps.layers.places import PLACES, places_layer
from maps.layers.rings import RINGS, rings_layer

LAYER_NAMES = (BORDERS, RINGS, DISTANCES, PLACES, INCIDENTS)  # drawing order, bottom first

__all__ = [
    "BORDERS",
    "DISTANCES",
    "INCIDENTS",
    "LAYER_NAMES",
    "PLACES",
    "RINGS",
    "HatchPattern",
    "borders_layer",
    "claim_text",
    "distance_label",
    "distance_popup",
    "distances_layer",
    "esc",
    "fmt_dates",
    "fmt_km",
    "fmt_mi",
    "incident_popup",
    "incident_tooltip",
    "incidents_layer",
    "is_web_url",
    "land_layer",
    "link",
    "marker_icon",
    "named_areas",
    "occupied_tooltip",
    "places_layer",
    "plain",
    "rings_layer",
    "spread_offsets",
]
