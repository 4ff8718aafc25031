"""Incident types of a sentence, from a lexicon of trigger words: ACLED's sub-event types.

A sentence is read against the rules below in order; the first rule whose trigger matches
(and whose condition holds) gives the type. Each rule is a general one about words, never about
one article.

===================================  ===============================================================
type                                 trigger (examples)
===================================  ===============================================================
suicide_bomb                         "suicide bombing", "blew himself up"
disrupted_weapons_use                "shot down", "intercepted", "downed", "air defences" + a craft
territory (see below)                "took control of", "seized X", "captured X", "capture of X",
                                     "fell to", "overran", "swept into" (X a name or a position)
air_drone_strike                     "air strike", "air raid", "drone attack", "sea drones", "drones
                                     hit", "jets struck", "unmanned surface vessels"
shelling_artillery_missile_attack    "shelling", "artillery", "missile strike", "missiles hit",
                                     "fired ... missiles", "rocket struck", "bombarded"
remote_explosive_landmine_ied        "car bomb", "IED", "landmine", "explosive device", "pagers
                                     exploded", "explosive-laden"
grenade                              "grenade"
other (not conflict)                 "collapse", "flood", "fire swept", "blaze", "landslide",
                                     "earthquake", "stampede"
attack (on civilians)                "opened fire on", "gunmen", "massacre", "attack on tourists"
abduction_forced_disappearance       "kidnapped", "abducted", "hostages", "holding ... crew"
armed_clash                          "clashes", "fighting", "battle", "stormed", "offensive",
                                     "incursion", "crossed into", "advance", "troops attacked"
headquarters_or_base_established     "office was set up", "established a base"
arrests                              "arrested", "detained"
looting_property_destruction         "sabotage", "derailed", "arson", "looted", "torched"
protests / riots                     "protest", "demonstrators", "rally"; "riot", "mob"
agreement                            "ceasefire", "truce", "signed an agreement"
other (strategic development)        "ban", "curfew", "state of emergency"
change_to_group_activity             "parade", "military exercises", "drills" (not cancelled)
remote_explosive_landmine_ied        a bare "explosion", "blast", "exploded"
by instrument                        "attack", "strike", "struck", "hit" with drones or aircraft
                                     (air_drone_strike) or missiles, rockets (shelling)
===================================  ===============================================================

Territory: ``non_state_actor_overtakes_territory`` when a non-state actor stands before the
trigger (rebels, insurgents, militants, fighters, militia, paramilitary, an armed group, a
known group such as M23, RSF, the Houthis), else ``government_regains_territory`` (a state's
forces, as ACLED codes a state taking a town).

>>> classify("Two drones were disabled by electronic warfare.")
('disrupted_weapons_use', 16)
>>> classify("M23 rebels said they had taken control of Goma.")[0]
'non_state_actor_overtakes_territory'
>>> classify("Several parades were cancelled.") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ATTACK_TYPES", "Trigger", "classify", "find_trigger", "find_triggers"]

_I = re.IGNORECASE
_W = r"(?:[\w’'-]+\s+)"  # one word and its space


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts), _I)


_CRAFT = re.compile(
    r"\b(?:drones?|uavs?|missiles?|rockets?|projectiles?|craft|aircraft|shaheds?|jets?"
    r"|planes?|helicopters?)\b",
    _I,
)
_CANCELLED = re.compile(r"\b(?:cancell?ed|called off|call off|postponed|scrapped)\b", _I)

_NON_STATE = re.compile(
    r"\b(?:rebels?|insurgents?|militants?|jihadists?|fighters|militia\w*|paramilitar\w*"
    r"|armed groups?|gunmen|guerrillas?|separatists?"
    # well-known non-state armed groups (a lexicon of the field, as ACLED lists actors)
    r"|M23|RSF|Rapid Support Forces|HTS|Hayat Tahrir al-Sham|Houthis?|Hamas|Hezbollah"
    r"|Taliban|TTP|Islamic State|ISIS\S*|al[- ]Shabaab|JNIM|Boko Haram|Fano|MNDAA|PKK)\b",
    _I,
)

_TERRITORY = re.compile(
    r"\b(?:took|taken|take|takes|taking|seized?|seizes|seizing|captured?|captures|capturing"
    r"|recaptured?|retook|retaken|overr[au]n|overrunning|swept into|sweep into|sweeping into)"
    r"\s+(?:(?:full|complete|total)\s+)?(?:control\s+of\b"
    r"|(?:most of |much of |parts? of |all of )?(?:the\s+)?(?:[\w’'-]+\s+){0,3}?"
    r"(?:town|city|village|base|headquarters|airport|palace|positions?|buildings?|district"
    r"|capital|outskirts|stronghold|command|garrison)\b"
    r"|(?:most of |much of |parts? of |all of )?[A-Z][\w’'-]+)"
    r"|\b(?:capture|fall)\s+of\s+(?:the\s+)?[A-Z]|\bfell\s+to\b",
)


@dataclass(frozen=True, slots=True)
class Trigger:
    """The trigger a sentence holds: type, event type when not the type's own, the word."""

    kind: str
    start: int
    word: str
    event_type: str | None = None


# (type, trigger, something else the sentence must contain or None); first match wins.
RULES: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    (
        "suicide_bomb",
        _rx(r"\bsuicide[ -](?:bomb\w*|attack\w*|vests?|car)", r"\bblew (?:him|her|them)sel\w+ up"),
        None,
    ),
    (
        "disrupted_weapons_use",
        _rx(
            r"\b(?:sh[oe]o?t(?:ing)? down|downed|brought down|bring down|intercept\w*"
            r"|foiled|thwarted"
            r"|neutrali[sz]ed|repelled|repulsed|jammed|air defen[cs]es?|disabled)\b"
        ),
        _CRAFT,
    ),
    ("territory", _TERRITORY, None),
    (
        "air_drone_strike",
        _rx(
            r"\b(?:air[ -]?strikes?|airstrikes?|air raids?|air attacks?"
            r"|aerial (?:attack|bombardment)s?|drone (?:strike|attack|raid)s?"
            r"|(?:sea|naval|marine|kamikaze|attack|suicide) drones?"
            r"|unmanned (?:surface vessels?|boats?)|drone boats?|bombing raids?|dropped bombs)\b",
            r"\b(?:jets?|warplanes?|aircraft|planes?|helicopters?|gunships?|drones?|uavs?)\s+"
            rf"{_W}{{0,2}}?(?:struck|hit|hits|bombed|attacked|targeted|fired on|dropped|pounded"
            r"|rammed|slammed|crashed into|strike|strikes|attack)\b",
            rf"\b(?:struck|hit|attacked|sank|sunk|sink|targeted|rammed)\s+{_W}{{0,8}}?"
            rf"(?:by|with)\s+{_W}{{0,3}}?(?:drones?|aircraft|jets|warplanes|drone boats?"
            r"|unmanned)\b",
        ),
        None,
    ),
    (
        "shelling_artillery_missile_attack",
        _rx(
            r"\b(?:shell(?:ed|ing|s)|artillery|mortars?|missile (?:strikes?|attacks?)"
            r"|rocket (?:attacks?|fire|strikes?)|bombard\w*|barrages?|pounded|pounding)\b",
            rf"\b(?:missiles?|rockets?|projectiles?|iskanders?)\s+{_W}{{0,3}}?(?:hit|struck|slammed"
            r"|landed|fell|came|exploded|strike)\b",
            rf"\b(?:fired|launched|fire|launch|firing|launching)\s+{_W}{{0,6}}?(?:missiles?|rockets?)\b",
        ),
        None,
    ),
    (
        "remote_explosive_landmine_ied",
        _rx(
            r"\b(?:car|truck|roadside|parcel) bombs?\b|\bIEDs?\b|\bimprovised explosive"
            r"|\bexplosive devices?|\blandmines?\b|\bbooby[- ]trap\w*|\bexplosive-laden\b",
            rf"\b(?:pagers?|devices|walkie-talkies|bombs?)\s+{_W}{{0,4}}?(?:exploded|blew up"
            r"|detonated|went off)\b",
            r"\bexploding (?:pagers|devices|phones)\b",
        ),
        None,
    ),
    ("grenade", _rx(r"\bgrenades?\b"), None),
    (
        "non_conflict",
        _rx(
            r"\b(?:collaps\w+|floods?|flooding|flash floods?|landslides?|mudslides?"
            r"|earthquakes?|quake|blaze|wildfires?|stampede|cyclone|hurricane|tsunami"
            r"|torrential rain|heavy rain|rain fell|downpours?"
            r"|(?:gas|boiler) explosion)\b",
            r"\bfire (?:swept|broke out|tore|gutted|ripped|engulfed|spread)\b",
        ),
        None,
    ),
    (
        "attack",
        _rx(
            r"\b(?:opened fire on|opening fire on|massacr\w+|gunmen|shot dead|executed"
            r"|attacks? on (?:\w+\s+){0,2}?(?:civilians|tourists|worshippers|villagers"
            r"|pilgrims|passengers|students|residents|a village|a market))\b",
            r"\bopened fire\b",
        ),
        None,
    ),
    (
        "abduction_forced_disappearance",
        _rx(
            r"\b(?:kidnap\w*|abduct\w*|hijack\w*|hostages?|holding (?:\w+\s+){0,8}?crew)\b",
            rf"\b(?:seized|seize|seizing)\s+(?:the\s+|an?\s+)?{_W}{{0,3}}?(?:ship|vessel|tanker"
            r"|carrier|boat)s?\b",
        ),
        None,
    ),
    (
        "armed_clash",
        _rx(
            r"\b(?:clash\w*|fighting|fought|battles?|battled|battling|gun ?battles?|firefights?"
            r"|exchanges? of fire|traded fire|stormed|storming|storms|assault|offensive"
            r"|counter-?offensive|incursion|crossed (?:into|the border)|advance[ds]?|advancing"
            r"|pushed (?:in|into)|ambush\w*|gunfire)\b",
            rf"\b(?:forces|troops|army|soldiers|fighters|militants|rebels)\s+{_W}{{0,2}}?attacked\b",
        ),
        None,
    ),
    (
        "headquarters_or_base_established",
        _rx(
            rf"\b(?:office|headquarters|base|outpost)\s+{_W}{{0,3}}?(?:set up|established)\b",
            rf"\b(?:set(?:ting)? up|establish\w*)\s+(?:an?\s+)?{_W}{{0,3}}?(?:base|headquarters"
            r"|office|outpost)\b",
        ),
        None,
    ),
    ("arrests", _rx(r"\b(?:arrest\w*|detain\w*|detention)\b"), None),
    (
        "looting_property_destruction",
        _rx(
            r"\b(?:sabot\w+|arson\w*|loot\w*|torched|set fire to|vandali\w+)\b",
            # "derailed a plan" is no derailment: a train must be in it
            r"\bderail\w*\b(?=.*\b(?:trains?|wagons?|locomotives?|carriages?)\b)"
            r"|\b(?:trains?|wagons?|locomotives?)\b.*\bderail\w*",
        ),
        None,
    ),
    ("excessive_force_against_protesters", _rx(r"\b(?:fired on|killed|shot) protesters\b"), None),
    (
        "protest_with_intervention",
        _rx(r"\b(?:protest\w*|demonstrat\w+)\b.*\b(?:tear gas|dispersed|water cannon|baton)"),
        None,
    ),
    ("violent_demonstration", _rx(r"\b(?:riot\w*)\b"), None),
    ("mob_violence", _rx(r"\bmob\b"), None),
    ("peaceful_protest", _rx(r"\b(?:protest\w*|demonstrators|rall(?:y|ies|ied)|sit-ins?)\b"), None),
    (
        "agreement",
        _rx(
            r"\b(?:ceasefire|cease-fire|truce|peace (?:deal|agreement|accord)"
            r"|prisoner (?:swap|exchange)|signed (?:an? )?(?:\w+\s+)?(?:agreement|deal|accord))\b"
        ),
        None,
    ),
    (
        "restriction",
        _rx(r"\b(?:bans?|banned|banning|prohibit\w*|curfew|state of emergency|martial law)\b"),
        None,
    ),
    (
        "change_to_group_activity",
        _rx(r"\b(?:parades?|military exercises?|drills|manoeuvres|maneuvers)\b"),
        None,
    ),
    ("explosion", _rx(r"\b(?:explosions?|exploded|blasts?|blew up|detonat\w+)\b"), None),
    (
        "by_instrument",
        _rx(r"\b(?:attack(?:s|ed)?|strikes?|struck|hits?|targeted|raids?)\b"),
        None,
    ),
)
_DRONES = re.compile(r"\b(?:drones?|uavs?|shaheds?|aircraft|jets?|warplanes?|air)\b", _I)
_MISSILES = re.compile(r"\b(?:missiles?|rockets?|iskanders?|projectiles?)\b", _I)

# Types that are violence: a party quoted about one makes it "claimed"; casualties attach.
ATTACK_TYPES = frozenset(
    {
        "armed_clash",
        "government_regains_territory",
        "non_state_actor_overtakes_territory",
        "air_drone_strike",
        "shelling_artillery_missile_attack",
        "remote_explosive_landmine_ied",
        "suicide_bomb",
        "grenade",
        "chemical_weapon",
        "attack",
        "abduction_forced_disappearance",
        "sexual_violence",
        "disrupted_weapons_use",
        "looting_property_destruction",
        "excessive_force_against_protesters",
        "violent_demonstration",
        "mob_violence",
        "other",  # a fire, a flood, a collapse: it has a toll too
    }
)


def _territory_kind(sentence: str, at: int) -> str:
    """Who took it: a non-state actor before the trigger, else a state's forces."""
    if _NON_STATE.search(sentence[:at]):
        return "non_state_actor_overtakes_territory"
    return "government_regains_territory"


_SAME_CRAFT = re.compile(
    r"\b(?:and|but)\s+(?:were|was)\s+(?:\w+\s+)?(?:shot down|intercepted|downed|brought down"
    r"|destroyed|disabled|neutrali[sz]ed)"
    # "foiled a drone attack", "repelled an attack": the attack did not take place as such
    r"|\b(?:foiled|thwarted|repelled|repulsed|prevented)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:attacks?|strikes?|raids?)\b"
    # "shot down two drones trying to attack the Kremlin": the same craft
    r"|\b(?:shot down|intercepted|downed|destroyed|disabled)\s+(?:[\w-]+\s+){0,4}?(?:drones?"
    r"|missiles?|rockets?|craft|aircraft|uavs?)\s+(?:trying|attempting|aimed|heading|flying"
    r"|targeting|that tried)\b",
    _I,
)
_STRIKE_KINDS = frozenset({"air_drone_strike", "shelling_artillery_missile_attack"})
# Rules that name an event only in general words: used when no specific rule matches.
_GENERIC = frozenset({"agreement", "change_to_group_activity", "explosion"})
# "one of the deadliest attacks on civilians", "the worst clashes since": a comparison with
# other events, not an event of its own.
_COMPARISON = re.compile(
    r"(?:\b(?:one of the|the|its|their)\s+(?:\w+est|most \w+|largest|biggest|worst)\s+"
    r"|\bthe first (?:time that|time|such)\s+"
    # "preparations for a spring offensive", "vowed to retaliate": not (yet) an event
    r"|\b(?:preparations? for|plans? for|planned|threat(?:ened|s)? of|vowed to|ready for"
    r"|prepar\w+ for)\s+(?:an?\s+|the\s+)?)"
    r"(?:[\w’'-]+\s+){0,3}$"
    # "tried to hit the Kremlin": an attempt, told by whoever stopped it
    r"|\b(?:tried|attempted|trying|attempting|tries|attempts) to\s+$",
    _I,
)
_LAST = "by_instrument"


def _make(kind: str, m: re.Match[str], sentence: str) -> Trigger | None:
    word = m.group(0)
    if kind == "territory":
        return Trigger(_territory_kind(sentence, m.start()), m.start(), word)
    if kind == "non_conflict":
        return Trigger("other", m.start(), word.lower(), "other")
    if kind == "restriction":
        return Trigger("other", m.start(), word.lower(), "strategic_developments")
    if kind == "change_to_group_activity" and _CANCELLED.search(sentence):
        return None  # a parade that does not take place is no event to map
    if kind == "explosion":
        return Trigger("remote_explosive_landmine_ied", m.start(), word)
    if kind == _LAST:
        if re.search(r"\b(?:the|this|that|its|their)\s+$", sentence[: m.start()], _I):
            return None  # "called the strike an act of terror": an event already told
        if _DRONES.search(sentence):
            return Trigger("air_drone_strike", m.start(), word)
        if _MISSILES.search(sentence):
            return Trigger("shelling_artillery_missile_attack", m.start(), word)
        if re.match(r"(?:strikes?|struck|raids?)$", word, _I):
            return Trigger("air_drone_strike", m.start(), word)  # a strike of no named arm
        return None
    return Trigger(kind, m.start(), word)


def find_triggers(sentence: str) -> list[Trigger]:
    """Every distinct incident type a sentence tells of, the earliest trigger first.

    Specific rules come before general ones (a bare "explosion", "ceasefire", "ban", or an
    "attack" known only by its instrument), which count only when nothing specific matched:
    the main clause's verb usually comes first in news copy.

    >>> [t.kind for t in find_triggers("Iran fired missiles at Israel, which intercepted most.")]
    ['shelling_artillery_missile_attack', 'disrupted_weapons_use']
    """
    specific: list[Trigger] = []
    general: list[Trigger] = []
    for kind, trigger, needs in RULES:
        if needs is not None and not needs.search(sentence):
            continue
        for m in trigger.finditer(sentence):
            if _COMPARISON.search(sentence[max(0, m.start() - 60) : m.start()]):
                continue
            found = _make(kind, m, sentence)
            if found is not None:
                (general if kind in _GENERIC or kind == _LAST else specific).append(found)
                break
    chosen = specific or general[:1]
    # "India struck ... sites, and Pakistan said it shot down five jets": an attack known by
    # its instrument that comes before every specific trigger is the main event.
    if all(t.kind == "disrupted_weapons_use" for t in specific):
        early = [t for t in general if t.start < min((x.start for x in specific), default=-1)]
        chosen += [t for t in early if t.word.lower() not in ("attack", "attacks")][:1]
    # "flooding the engine room" after a strike: a disaster word is the event only in a
    # sentence that tells of no violence
    if any(t.event_type != "other" for t in chosen):
        chosen = [t for t in chosen if not (t.kind == "other" and t.event_type == "other")]
    # "drones attacked the Kremlin and were shot down": the attackers themselves were
    # intercepted, so it is one event, the interception.
    if any(t.kind == "disrupted_weapons_use" for t in chosen) and _SAME_CRAFT.search(sentence):
        chosen = [t for t in chosen if t.kind not in _STRIKE_KINDS]
    # A protest met by force is one protest, told by its most specific type.
    if any(
        t.kind in ("protest_with_intervention", "excessive_force_against_protesters")
        for t in chosen
    ):
        chosen = [t for t in chosen if t.kind != "peaceful_protest"]
    out: list[Trigger] = []
    for t in sorted(chosen, key=lambda t: t.start):
        if all(t.kind != o.kind for o in out):
            out.append(t)
    return out


def find_trigger(sentence: str) -> Trigger | None:
    """The main incident a sentence tells of (its earliest trigger), or None.

    >>> t = find_trigger("Part of the building came down after the collapse of a wall.")
    >>> (t.kind, t.word)
    ('other', 'collapse')
    >>> find_trigger("Mayor Sobyanin banned drone flights.").event_type
    'strategic_developments'
    """
    found = find_triggers(sentence)
    return found[0] if found else None


def classify(sentence: str) -> tuple[str, int] | None:
    """The incident type of a sentence and where its trigger starts, or None.

    >>> classify("Saboteurs derailed a train.")[0], classify("Russian jets struck a depot.")[0]
    ('looting_property_destruction', 'air_drone_strike')
    """
    found = find_trigger(sentence)
    return (found.kind, found.start) if found else None
