"""Word lists the recogniser weighs a capitalised name against: locative prepositions,
titles, speech verbs, region and institution words, US state abbreviations.

>>> STATE_ABBREVIATIONS["Ida"], DOTTED_STATES["D.C."]
('Idaho', 'District of Columbia')
"""

from __future__ import annotations

from functools import cache

from geo.places.us_states import DOTTED_STATES, STATE_ABBREVIATIONS
from geo.resources import data_path

__all__ = [
    "ARTICLES",
    "CONNECTORS",
    "DOTTED_STATES",
    "INSTITUTION_WORDS",
    "LOCATIVE",
    "NAME_ABBREV",
    "ORG_WORDS",
    "REGION_WORDS",
    "SPEECH",
    "STATE_ABBREVIATIONS",
    "TITLES",
    "wordlist",
]

# "St. Louis": an abbreviation's dot does not end the sentence and may sit inside a name.
NAME_ABBREV = {"st", "mt", "ft", "pt", "ste"}
CONNECTORS = {"of", "de", "del", "la", "le", "du", "da", "and", "upon", "on", "al", "el"}
LOCATIVE = {
    "in",
    "at",
    "near",
    "from",
    "to",
    "into",
    "outside",
    "across",
    "around",
    "toward",
    "towards",
    "between",
    "through",
    "throughout",
    "via",
    "visit",
    "visited",
    "inside",
    "within",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "downtown",
    "of",
    "against",
    "occupied",
    "neighboring",
    "neighbouring",
    "entire",
}
TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "president",
    "gov",
    "governor",
    "sen",
    "senator",
    "rep",
    "representative",
    "judge",
    "justice",
    "officer",
    "sgt",
    "sergeant",
    "lt",
    "capt",
    "captain",
    "coach",
    "prof",
    "professor",
    "rev",
    "reverend",
    "mayor",
    "chief",
    "sheriff",
    "detective",
    "deputy",
    "minister",
    "secretary",
    "gen",
    "general",
    "col",
    "colonel",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "saint",
    "sir",
    "lord",
    "lady",
    "trooper",
    "cpl",
    "pvt",
    "adm",
    "commissioner",
    "chairman",
    "spokesman",
    "spokeswoman",
    "attorney",
    "superintendent",
    "principal",
    "councilman",
    "father",
}
SPEECH = {
    "said",
    "says",
    "say",
    "told",
    "added",
    "warned",
    "announced",
    "claimed",
    "insisted",
    "denied",
    "accused",
    "demanded",
    "urged",
    "wants",
    "wanted",
    "agreed",
    "responded",
    "refused",
    "rejected",
    "condemned",
    "hopes",
    "believes",
    "threatened",
}
REGION_WORDS = {
    "province",
    "region",
    "oblast",
    "county",
    "parish",
    "state",
    "governorate",
    "district",
    "krai",
    "prefecture",
    "territory",
    "republic",
}
# A capitalised article opens a sentence, not a name ("The Florida Highway Patrol").
ARTICLES = frozenset({"the", "a", "an"})
# Words that make a capitalised run an institution (after a place's name, not a person's).
INSTITUTION_WORDS = frozenset(
    "bureau high state highway patrol library public board boards division commission "
    "assembly general lottery parks regional community county district national federal "
    "supreme superior court fire water electric power health medical memorial airport port "
    "railroad railway transit office agency authority service services schools chamber "
    "senate house legislature republican democratic party symphony opera zoo provincial".split()
)

ORG_WORDS = {
    "university",
    "college",
    "inc",
    "corp",
    "corporation",
    "co",
    "company",
    "fc",
    "ltd",
    "llc",
    "hospital",
    "school",
    "church",
    "bank",
    "airlines",
    "times",
    "post",
    "herald",
    "tribune",
    "journal",
    "gazette",
    "news",
    "press",
    "police",
    "department",
    "council",
    "club",
    "association",
    "foundation",
    "institute",
    "center",
    "centre",
    "museum",
    "team",
    "cowboys",
    "giants",
    "rangers",
    "united",
    "city",
    "group",
    "party",
}


@cache
def wordlist(name: str) -> frozenset[str]:
    words: set[str] = set()
    with data_path(name).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                words.update(line.split())
    return frozenset(words)
