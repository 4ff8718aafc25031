"""Qualifiers in text: "Paris, Texas", "Moscow, Ida.", "LONDON, Ont.", "Bakhmut (Donetsk
Oblast)" say where a name is; "Oklahoma, Pennsylvania" is a list of states instead.

>>> from geo.places.gazetteer import default_gazetteer
>>> from geo.text.recognize import recognize
>>> [s.qualifier.text for s in recognize("Moscow, Idaho", default_gazetteer()) if s.qualifier]
['Idaho']
"""

from __future__ import annotations

import re

from geo.places.gazetteer import Candidate, small_country_region
from geo.places.normalize import normalize
from geo.places.us_states import PROVINCE_ABBREVIATIONS, STATE_ABBREVIATIONS
from geo.text.recognize_spans import Span
from geo.text.recognize_tokens import Token

__all__ = ["LIST_TOWN_POP", "attach_qualifiers", "is_list"]


def attach_qualifiers(text: str, toks: list[Token | None], spans: list[Span]) -> None:
    """Attach "X, Y" and "X (Y)" qualifiers: Y a state (or its abbreviation), a
    first-level region or a country; but "Oklahoma, Pennsylvania" is a list of states
    (see :func:`is_list`)."""
    by_start = {sp.tokens[0]: sp for sp in spans}
    for sp in list(spans):
        k = sp.tokens[1]
        if k >= len(toks) or toks[k] is None:
            continue
        gap = toks[k].gap
        if gap == " (":  # "Bakhmut (Donetsk Oblast)": the name, then where it is
            nxt = by_start.get(k)
            # (not a wire service's credit: "WASHINGTON (AP)" is no place in Andhra Pradesh)
            acronym = nxt is not None and nxt.text.isupper() and len(nxt.text) <= 4
            credit = acronym and not any(c.place.kind == "country" for c in nxt.cands)
            closed = nxt is not None and text[nxt.end : nxt.end + 1] == ")"
            if closed and not credit and _places_it(nxt):
                sp.qualifier = nxt
                nxt.extra["qualifies"] = True
            continue
        if not gap.startswith(",") or gap.strip() != ",":
            continue
        nxt = by_start.get(k)
        tok = toks[k]
        bare = tok.text.replace(".", "")
        province = PROVINCE_ABBREVIATIONS.get(bare) if text[tok.end : tok.end + 1] == "." else None
        if province is not None and sp.cands:  # "LONDON, Ont.": the province, dot and all
            if nxt is None:
                nxt = Span(tok.start, tok.end + 1, text[tok.start : tok.end + 1], bare.lower(), [])
                nxt.tokens = (k, k + 1)
                spans.append(nxt)
                by_start[k] = nxt
            nxt.state, nxt.state_country, nxt.evidence = province, "CA", 5.0
        elif nxt is None:
            after = text[tok.end : tok.end + 1]
            dotted = after == "." and bare in STATE_ABBREVIATIONS and not tok.upper
            postal = tok.upper and len(bare) == 2 and bare in STATE_ABBREVIATIONS
            if not (dotted or postal) or not sp.cands:
                continue
            end = tok.end + (1 if dotted else 0)
            nxt = Span(tok.start, end, text[tok.start : end], normalize(bare), [])
            nxt.tokens = (k, k + 1)
            nxt.state = STATE_ABBREVIATIONS[bare]
            nxt.evidence = 5.0
            spans.append(nxt)
            by_start[k] = nxt
        elif nxt.text.replace(".", "") in STATE_ABBREVIATIONS and nxt.state is None:
            # "Boise, ID", "Moscow, Ida." found as a gazetteer name: it is the state
            dotted = text[toks[k].end : toks[k].end + 1] == "."
            if toks[k].upper or dotted:
                nxt.state = STATE_ABBREVIATIONS[nxt.text.replace(".", "")]
                if dotted and not nxt.text.endswith("."):
                    nxt.end += 1
                    nxt.text = text[nxt.start : nxt.end]
        if nxt.state or (_places_it(nxt) and not is_list(text, sp, nxt)):
            sp.qualifier = nxt
            nxt.extra["qualifies"] = True
    spans.sort(key=lambda s: s.start)


def _places_it(q: Span) -> bool:
    """Whether ``q`` can say where a place is: a first-level region or a country."""
    return any(c.place.kind in ("country", "region") for c in q.cands)


# "Ohio, Indiana and Illinois": a third name after the pair makes it a list
_LIST_GOES_ON = re.compile(r"(?:,\s*|\s+(?:and|or)\s+)[A-Z]")
# a town named like a region, in a region it qualifies, big enough to be meant by
# "X, Y" rather than a list of two regions ("Delaware, Ohio" is a city of 40,000)
LIST_TOWN_POP = 10_000


def is_list(text: str, sp: Span, nxt: Span) -> bool:
    """Whether "X, Y" lists two first-level regions of one country (or two countries)
    rather than naming a town X in region Y: X is itself such a region or country by
    its own name, of the same kind and country as Y, and either the list goes on
    ("Oklahoma, Pennsylvania and Ohio") or no town X in Y has LIST_TOWN_POP people."""
    if sp.key == nxt.key:  # "New York, New York"
        return False

    def whole(cands: list[Candidate]) -> set[tuple[str, str | None]]:
        return {
            (c.place.kind, c.place.country)
            for c in cands
            if c.place.kind in ("country", "region")
            and c.how in ("name", "alias")
            and c.place.source == "naturalearth"
            and not small_country_region(c.place)
        }

    shared = whole(sp.cands) & whole(nxt.cands)
    if not shared:
        return False
    if _LIST_GOES_ON.match(text, nxt.end):
        return True
    regions = {c.place.name for c in nxt.cands if c.place.kind == "region"}
    return not any(
        c.place.kind == "city"
        and (c.place.population or 0) >= LIST_TOWN_POP
        and c.place.admin1 in regions
        for c in sp.cands
    )
