"""US states with their USPS and AP abbreviations ("ID", "Ida."), for "Moscow, Ida." in
text and "Moscow, ID" in a query; Canadian provinces with the Canadian Press's ("Ont.").

>>> STATE_ABBREVIATIONS["Ida"], STATE_ABBREVIATIONS["TX"], DOTTED_STATES["D.C."]
('Idaho', 'Texas', 'District of Columbia')
"""

from __future__ import annotations

__all__ = ["DOTTED_STATES", "PROVINCE_ABBREVIATIONS", "STATES", "STATE_ABBREVIATIONS"]

# USPS and AP abbreviations of US states (AP's "Ida.", "Calif."), recognised after a comma.
STATES = {
    "Alabama": "AL Ala",
    "Alaska": "AK",
    "Arizona": "AZ Ariz",
    "Arkansas": "AR Ark",
    "California": "CA Calif Cal",
    "Colorado": "CO Colo",
    "Connecticut": "CT Conn",
    "Delaware": "DE Del",
    "District of Columbia": "DC D.C.",
    "Florida": "FL Fla",
    "Georgia": "GA Ga",
    "Hawaii": "HI",
    "Idaho": "ID Ida",
    "Illinois": "IL Ill",
    "Indiana": "IN Ind",
    "Iowa": "IA",
    "Kansas": "KS Kan Kans",
    "Kentucky": "KY Ky",
    "Louisiana": "LA La",
    "Maine": "ME",
    "Maryland": "MD Md",
    "Massachusetts": "MA Mass",
    "Michigan": "MI Mich",
    "Minnesota": "MN Minn",
    "Mississippi": "MS Miss",
    "Missouri": "MO Mo",
    "Montana": "MT Mont",
    "Nebraska": "NE Neb Nebr",
    "Nevada": "NV Nev",
    "New Hampshire": "NH N.H.",
    "New Jersey": "NJ N.J.",
    "New Mexico": "NM N.M.",
    "New York": "NY N.Y.",
    "North Carolina": "NC N.C.",
    "North Dakota": "ND N.D.",
    "Ohio": "OH",
    "Oklahoma": "OK Okla",
    "Oregon": "OR Ore Oreg",
    "Pennsylvania": "PA Pa Penn",
    "Rhode Island": "RI R.I.",
    "South Carolina": "SC S.C.",
    "South Dakota": "SD S.D.",
    "Tennessee": "TN Tenn",
    "Texas": "TX Tex",
    "Utah": "UT",
    "Vermont": "VT Vt",
    "Virginia": "VA Va",
    "Washington": "WA Wash",
    "West Virginia": "WV W.Va. W.V.",
    "Wisconsin": "WI Wis Wisc",
    "Wyoming": "WY Wyo",
}
STATE_ABBREVIATIONS: dict[str, str] = {
    a.rstrip(".").replace(".", ""): name for name, abbrs in STATES.items() for a in abbrs.split()
}
# Dotted forms ("D.C.", "W.Va.") are unambiguous anywhere; bare ones only after a comma.
DOTTED_STATES = {a: name for name, abbrs in STATES.items() for a in abbrs.split() if "." in a}

# The Canadian Press's abbreviations of provinces and territories ("LONDON, Ont."), always
# written with their dots; keys without them.
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "Alta": "Alberta",
    "BC": "British Columbia",
    "Man": "Manitoba",
    "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador",
    "Nfld": "Newfoundland and Labrador",
    "NS": "Nova Scotia",
    "Ont": "Ontario",
    "PEI": "Prince Edward Island",
    "Que": "Québec",
    "Sask": "Saskatchewan",
    "NWT": "Northwest Territories",
    "Nvt": "Nunavut",
    "YT": "Yukon",
}
