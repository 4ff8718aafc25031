"""How each thing on the map looks: incident type -> icon and colour, and the line palette.

Every incident type gets its own Font Awesome icon *and* marker colour, so the map never
carries information by colour alone. ``hex`` fills the round pin (``layers.marker_icon``)
and the legend swatch; ``color`` is the nearest folium.Icon colour name, for callers that
want folium's own markers.

>>> incident_style("drone-strike").icon
'plane'
>>> incident_style("no-such-type").icon  # unknown types fall back to "other"
'info'
>>> count_text("drone-strike", 2), count_text("derailment", 1)
('2 drones', '1 train')
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.story.model import INCIDENT_TYPES


@dataclass(frozen=True, slots=True)
class IncidentStyle:
    """Marker look of one incident type."""

    icon: str  # Font Awesome 6 free solid name (folium loads FA 6.2)
    color: str  # awesome-markers colour name
    hex: str  # that marker colour as CSS, for the legend swatch
    noun: tuple[str, str] = ("event", "events")  # what ``count`` counts: singular, plural


INCIDENT_STYLES: dict[str, IncidentStyle] = {
    "drone-strike": IncidentStyle("plane", "red", "#d63e2a", ("drone", "drones")),
    "air-defence": IncidentStyle(
        "shield", "darkblue", "#0067a3", ("interception", "interceptions")
    ),
    "shelling": IncidentStyle("crosshairs", "darkred", "#a23336", ("strike", "strikes")),
    "explosion": IncidentStyle("burst", "orange", "#c86400", ("explosion", "explosions")),
    "sabotage": IncidentStyle("bomb", "black", "#303030", ("incident", "incidents")),
    "derailment": IncidentStyle("train", "cadetblue", "#436978", ("train", "trains")),
    "restriction": IncidentStyle("ban", "purple", "#d252b9", ("restriction", "restrictions")),
    "military-event": IncidentStyle("flag", "darkgreen", "#728224", ("event", "events")),
    "other": IncidentStyle("info", "gray", "#575757", ("event", "events")),
}
assert INCIDENT_STYLES.keys() == INCIDENT_TYPES.keys(), "every incident type needs a style"

# Lines, rings and areas: one hue each, chosen to stay apart from the marker colours.
PLACE_COLOR = "#333333"
DISTANCE_COLOR = "#1f4e9c"
BORDER_POINT_COLOR = "#1f4e9c"
RING_COLOR = "#7b3294"
COUNTRY_COLOR = "#6b6b6b"
REGION_COLOR = "#8c6d1f"  # a province or country the story names, drawn as an area
OCCUPIED_COLOR = "#b2182b"
RING_DASH = "8 6"
OCCUPIED_DASH = "4 4"
HATCH_ID = "im-hatch-occupied"  # id of the SVG pattern that hatches occupied areas
BACKGROUND = "#f2f1ee"  # plain map background when there are no tiles


def incident_style(kind: str) -> IncidentStyle:
    """Style of an incident type; unknown types look like "other"."""
    return INCIDENT_STYLES.get(kind, INCIDENT_STYLES["other"])


def type_label(kind: str) -> str:
    """Human label of an incident type: ``type_label("sabotage") == "Sabotage"``."""
    return INCIDENT_TYPES.get(kind, kind.replace("-", " ").capitalize() or "Other")


def count_text(kind: str, count: int, unit: str | None = None) -> str:
    """``count`` with what it counts: the story's ``unit`` or the type's noun.

    >>> count_text("air-defence", 2, "drones"), count_text("air-defence", 1, "drones")
    ('2 drones', '1 drone')
    """
    if unit:
        # Units are written in the plural ("drones"); one of them drops a plain final s.
        one = unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit
        return f"{count} {one if count == 1 else unit}"
    singular, plural = incident_style(kind).noun
    return f"{count} {singular if count == 1 else plural}"
