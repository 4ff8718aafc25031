"""ACLED's event vocabulary, shared by story files, drafts, incident tables and the map legend.

Incident ``type`` is an ACLED sub-event type in snake case; each belongs to one event type,
and the map colours by event type (icons tell the sub-event types apart). ``other`` with event
type ``other`` is a non-conflict incident (a collapse, a flood, a fire); ACLED's strategic
"Other" is ``other`` with ``event_type: strategic_developments``.

Story files written before this vocabulary keep loading: their nine types map onto it
(``LEGACY_TYPES``), and ACLED's own labels ("Air/drone strike") are read too.

>>> canonical_type("drone-strike"), canonical_type("Shelling/artillery/missile attack")
(('air_drone_strike', None), ('shelling_artillery_missile_attack', None))
>>> event_type_of("armed_clash"), event_type_of("other", "strategic_developments")
('battles', 'strategic_developments')
"""

from __future__ import annotations

import re

__all__ = [
    "EVENT_TYPES",
    "INCIDENT_TYPES",
    "LEGACY_TYPES",
    "LEGACY_UNITS",
    "SUB_EVENT_TYPES",
    "canonical_type",
    "event_type_of",
]

# Event type -> label, in legend order.
EVENT_TYPES: dict[str, str] = {
    "battles": "Battles",
    "explosions_remote_violence": "Explosions and remote violence",
    "violence_against_civilians": "Violence against civilians",
    "strategic_developments": "Strategic developments",
    "protests": "Protests",
    "riots": "Riots",
    "other": "Other (not conflict)",
}

# Sub-event type -> (event type, friendly label), in legend order.
SUB_EVENT_TYPES: dict[str, tuple[str, str]] = {
    "armed_clash": ("battles", "Armed clash"),
    "government_regains_territory": ("battles", "Government regains territory"),
    "non_state_actor_overtakes_territory": ("battles", "Non-state group takes territory"),
    "air_drone_strike": ("explosions_remote_violence", "Air or drone strike"),
    "shelling_artillery_missile_attack": (
        "explosions_remote_violence",
        "Shelling, artillery or missile attack",
    ),
    "remote_explosive_landmine_ied": (
        "explosions_remote_violence",
        "Remote explosive, landmine or IED",
    ),
    "suicide_bomb": ("explosions_remote_violence", "Suicide bombing"),
    "grenade": ("explosions_remote_violence", "Grenade"),
    "chemical_weapon": ("explosions_remote_violence", "Chemical weapon"),
    "attack": ("violence_against_civilians", "Attack on civilians"),
    "abduction_forced_disappearance": (
        "violence_against_civilians",
        "Abduction or forced disappearance",
    ),
    "sexual_violence": ("violence_against_civilians", "Sexual violence"),
    "disrupted_weapons_use": ("strategic_developments", "Interception (disrupted weapons use)"),
    "headquarters_or_base_established": ("strategic_developments", "Base established"),
    "looting_property_destruction": (
        "strategic_developments",
        "Sabotage, looting or property destruction",
    ),
    "arrests": ("strategic_developments", "Arrests"),
    "agreement": ("strategic_developments", "Agreement"),
    "change_to_group_activity": ("strategic_developments", "Change to group or activity"),
    "non_violent_transfer_of_territory": (
        "strategic_developments",
        "Non-violent transfer of territory",
    ),
    "peaceful_protest": ("protests", "Peaceful protest"),
    "protest_with_intervention": ("protests", "Protest with intervention"),
    "excessive_force_against_protesters": ("protests", "Excessive force against protesters"),
    "violent_demonstration": ("riots", "Violent demonstration"),
    "mob_violence": ("riots", "Mob violence"),
    "other": ("other", "Other"),
}

# Type key -> friendly label: what story files say in ``type:`` and the legend shows.
INCIDENT_TYPES: dict[str, str] = {k: label for k, (_e, label) in SUB_EVENT_TYPES.items()}

# The nine types of story files before ACLED's vocabulary -> (type, event type or None).
LEGACY_TYPES: dict[str, tuple[str, str | None]] = {
    "drone-strike": ("air_drone_strike", None),
    "air-defence": ("disrupted_weapons_use", None),
    "shelling": ("shelling_artillery_missile_attack", None),
    "explosion": ("remote_explosive_landmine_ied", None),
    "sabotage": ("looting_property_destruction", None),
    "derailment": ("looting_property_destruction", None),
    "restriction": ("other", "strategic_developments"),
    "military-event": ("change_to_group_activity", None),
    "other": ("other", None),
}

# What ``count`` counted under the older types, so "count: 2" of a drone-strike still reads
# "2 drones" once the type is ACLED's.
LEGACY_UNITS: dict[str, str] = {
    "drone-strike": "drones",
    "air-defence": "interceptions",
    "shelling": "strikes",
    "explosion": "explosions",
    "sabotage": "incidents",
    "derailment": "trains",
    "restriction": "restrictions",
    "military-event": "events",
}


def _key(text: str) -> str:
    """ "Air/drone strike" -> "air_drone_strike"; "Explosions/Remote violence" likewise."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def canonical_type(text: str) -> tuple[str, str | None] | None:
    """A type as a story file or a table writes it -> ``(type, event type or None)``.

    Snake-case keys, ACLED's labels and the nine old types are understood; None when
    the text is none of them.

    >>> canonical_type("Looting/property destruction"), canonical_type("battle") is None
    (('looting_property_destruction', None), True)
    """
    if text in LEGACY_TYPES:
        return LEGACY_TYPES[text]
    key = _key(text)
    if key in SUB_EVENT_TYPES:
        return key, None
    if key == "air_strike" or key == "drone_strike":
        return "air_drone_strike", None
    return None


def event_type_of(kind: str, event_type: str | None = None) -> str:
    """The ACLED event type of an incident type; an explicit ``event_type`` wins.

    >>> event_type_of("disrupted_weapons_use"), event_type_of("no-such-type")
    ('strategic_developments', 'other')
    """
    if event_type in EVENT_TYPES:
        return event_type
    if kind in LEGACY_TYPES:
        kind, legacy_event = LEGACY_TYPES[kind]
        if legacy_event:
            return legacy_event
    return SUB_EVENT_TYPES.get(kind, ("other", ""))[0]
