"""How each thing on the map looks: incident type -> icon and colour, and the line palette.

Every ACLED event type gets its own marker colour and every sub-event type its own Font
Awesome icon, so the map never carries information by colour alone. ``hex`` fills the round
pin (``layers.marker_icon``) and the legend swatch; ``color`` is the nearest folium.Icon
colour name, for callers that want folium's own markers.

>>> incident_style("air_drone_strike").icon, incident_style("drone-strike").icon  # old name
('plane', 'plane')
>>> incident_style("no-such-type").icon  # unknown types fall back to "other"
'info'
>>> count_text("air_drone_strike", 2, "drones"), count_text("arrests", 1)
('2 drones', '1 arrest')
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from geo.story.model import INCIDENT_TYPES
from geo.story.vocabulary import EVENT_TYPES, LEGACY_UNITS, canonical_type, event_type_of


@dataclass(frozen=True, slots=True)
class IncidentStyle:
    """Marker look of one incident type."""

    icon: str  # Font Awesome 6 free solid name (folium loads FA 6.2)
    color: str  # awesome-markers colour name
    hex: str  # that marker colour as CSS, for the legend swatch
    noun: tuple[str, str] = ("event", "events")  # what ``count`` counts: singular, plural


# One colour per ACLED event type (folium colour name, CSS): the map's colour key. The
# sub-event types within an event type share it and differ by icon.
EVENT_COLORS: dict[str, tuple[str, str]] = {
    "battles": ("darkred", "#a23336"),
    "explosions_remote_violence": ("red", "#d63e2a"),
    "violence_against_civilians": ("purple", "#d252b9"),
    "strategic_developments": ("darkblue", "#0067a3"),
    "protests": ("green", "#4d7a1a"),
    "riots": ("orange", "#c86400"),
    "other": ("gray", "#575757"),
}
# Sub-event type -> (icon, what ``count`` counts: singular, plural).
_ICONS: dict[str, tuple[str, tuple[str, str]]] = {
    "armed_clash": ("person-rifle", ("clash", "clashes")),
    "government_regains_territory": ("flag", ("event", "events")),
    "non_state_actor_overtakes_territory": ("flag-checkered", ("event", "events")),
    "air_drone_strike": ("plane", ("strike", "strikes")),
    "shelling_artillery_missile_attack": ("crosshairs", ("strike", "strikes")),
    "remote_explosive_landmine_ied": ("burst", ("explosion", "explosions")),
    "suicide_bomb": ("person-burst", ("bombing", "bombings")),
    "grenade": ("bomb", ("grenade", "grenades")),
    "chemical_weapon": ("flask", ("attack", "attacks")),
    "attack": ("skull", ("attack", "attacks")),
    "abduction_forced_disappearance": ("user-slash", ("abduction", "abductions")),
    "sexual_violence": ("person-harassing", ("attack", "attacks")),
    "disrupted_weapons_use": ("shield", ("interception", "interceptions")),
    "headquarters_or_base_established": ("house-flag", ("base", "bases")),
    "looting_property_destruction": ("house-crack", ("incident", "incidents")),
    "arrests": ("handcuffs", ("arrest", "arrests")),
    "agreement": ("handshake", ("agreement", "agreements")),
    "change_to_group_activity": ("arrows-turn-to-dots", ("event", "events")),
    "non_violent_transfer_of_territory": ("right-left", ("event", "events")),
    "peaceful_protest": ("bullhorn", ("protest", "protests")),
    "protest_with_intervention": ("hand-fist", ("protest", "protests")),
    "excessive_force_against_protesters": ("person-falling-burst", ("protest", "protests")),
    "violent_demonstration": ("fire", ("riot", "riots")),
    "mob_violence": ("people-group", ("riot", "riots")),
    "other": ("info", ("event", "events")),
}
INCIDENT_STYLES: dict[str, IncidentStyle] = {
    kind: IncidentStyle(icon, *EVENT_COLORS[event_type_of(kind)], noun)
    for kind, (icon, noun) in _ICONS.items()
}
assert INCIDENT_STYLES.keys() == INCIDENT_TYPES.keys(), "every incident type needs a style"
assert len({s.icon for s in INCIDENT_STYLES.values()}) == len(INCIDENT_STYLES), "one icon each"

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


def _known(kind: str) -> tuple[str, str | None] | None:
    return canonical_type(kind) if isinstance(kind, str) and kind else None


def incident_style(kind: str, event_type: str | None = None) -> IncidentStyle:
    """Style of an incident type (an old type or ACLED's label too); unknown types look
    like "other". An event type alone ("Battles", as a table gives it) has its colour."""
    known = _known(kind)
    if known is None:
        event = _event_key(kind)
        if event is not None:
            return replace(
                INCIDENT_STYLES["other"], color=EVENT_COLORS[event][0], hex=EVENT_COLORS[event][1]
            )
        return INCIDENT_STYLES["other"]
    st = INCIDENT_STYLES[known[0]]
    if kind in LEGACY_UNITS:  # a table or frame with the older names: their own noun
        plural = LEGACY_UNITS[kind]
        st = replace(st, noun=(plural[:-1], plural))
    event = event_type if event_type in EVENT_COLORS else known[1]
    if event and event != event_type_of(known[0]):
        st = replace(st, color=EVENT_COLORS[event][0], hex=EVENT_COLORS[event][1])
    return st


def _event_key(kind: str) -> str | None:
    key = "_".join("".join(c if c.isalnum() else " " for c in kind.lower()).split())
    return key if key in EVENT_TYPES and key != "other" else None


def type_color(kind: str) -> str | None:
    """The colour of a type a table gives (sub-event or event type, ACLED's label or key),
    or None when it is not ACLED's: ``type_color("Explosions/Remote violence")``."""
    if _known(kind) is not None or _event_key(kind) is not None:
        return incident_style(kind).hex
    return None


def type_label(kind: str) -> str:
    """Human label of an incident type (old names and ACLED's labels too).

    >>> type_label("air_drone_strike"), type_label("air-defence")
    ('Air or drone strike', 'Interception (disrupted weapons use)')
    """
    known = _known(kind)
    if known is not None:
        return INCIDENT_TYPES[known[0]]
    return kind.replace("-", " ").replace("_", " ").capitalize() or "Other"


def count_text(kind: str, count: int, unit: str | None = None) -> str:
    """``count`` with what it counts: the story's ``unit`` or the type's noun.

    >>> count_text("disrupted_weapons_use", 2, "drones"), count_text("air-defence", 1, "drones")
    ('2 drones', '1 drone')
    """
    if unit:
        # Units are written in the plural ("drones"); one of them drops a plain final s.
        one = unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit
        return f"{count} {one if count == 1 else unit}"
    singular, plural = incident_style(kind).noun
    return f"{count} {singular if count == 1 else plural}"
