"""Find toponyms in running text: gazetteer names weighed against their context.

A span becomes a toponym when the gazetteer knows its name and the evidence around it
says "place": capitalisation, a preposition such as "in", a qualifier ("Paris, Texas"),
size of the place. Evidence against: a sentence start, a given name before it ("Paris
Hilton"), a title ("Gov. Jackson"), the same word in lower case elsewhere in the text
("Hope" / "hope"), a stoplist of English words that GeoNames also lists as villages.

>>> from geo.places.gazetteer import default_gazetteer
>>> [s.text for s in recognize("Drones hit Moscow, officials said.", default_gazetteer())]
['Moscow']
"""

from __future__ import annotations

import math
import re

from geo.places.gazetteer import Candidate, Gazetteer, small_country_region
from geo.places.normalize import normalize
from geo.text.recognize_qualifiers import attach_qualifiers, is_list
from geo.text.recognize_spans import Span, cached_lookup, prefetch
from geo.text.recognize_tokens import (
    CONTRACTION,
    Token,
    elided,
    plain_gap,
    scan,
    tokenize,
)
from geo.text.recognize_words import (
    ARTICLES,
    DOTTED_STATES,
    INSTITUTION_WORDS,
    LOCATIVE,
    ORG_WORDS,
    REGION_WORDS,
    SPEECH,
    STATE_ABBREVIATIONS,
    TITLES,
    wordlist,
)

__all__ = ["STATE_ABBREVIATIONS", "Span", "is_list", "recognize", "tokenize"]

# "the Ohio Department of Development", "Paris High School": news annotators (and readers)
# take the place inside an organisation's name as a reference to the place.
ORG_PENALTY = 1.0
# evidence below which a mention stays out even when the name is a place elsewhere in the
# article: only mildly weak mentions join (a headline's first word: -1 against ~0.5);
# chosen from -2.5/-1.5/-0.5 on the two corpora (F1 within 0.003 of each other)
PROPAGATE_FLOOR = -0.5
# evidence above which a region's or a country's name that is no mention (inside an
# institution's name, a headline's first word) still tells the resolver where the story is
CONTEXT_FLOOR = -1.0
# a city big enough to be what "Saint Paul" or a dateline's "ROME" means (not "Saint
# Anthony" the saint, not "NATO" for Nato, Luzon)
KNOWN_CITY_POP = 100_000
CAPITALISED_REGION_WORDS = frozenset({"province", "oblast", "region", "governorate", "krai"})


def _max_log_pop(cands: list[Candidate]) -> float:
    best = 0.0
    for c in cands:
        p = c.place
        if p.kind in ("country", "region", "landmark"):
            best = max(best, 6.0 if p.kind != "region" else 5.5)
        elif p.population:
            best = max(best, math.log10(p.population))
    return best


def recognize(
    text: str,
    gz: Gazetteer,
    *,
    with_demonyms: bool = True,
    context: list[Span] | None = None,
) -> list[Span]:
    """Toponym spans in ``text`` in order, each with its gazetteer candidates.

    ``context``: if given, receives the names of regions and countries that are no
    mention of their own but still say where the story is ("Ontario" in "Ontario
    Provincial Police"): evidence for resolution, see :func:`geo.text.geoparse.geoparse`.
    """
    toks, caps, lower_words = scan(text)  # only capitalised words can open a name
    n = len(toks)
    given = wordlist("given_names.txt")
    stop = wordlist("not_places.txt")

    # People: runs opened by a title or a given name; their last word is a surname
    # that must not be read as a place elsewhere ("Andrew Jackson ... Jackson said").
    person = [False] * n
    surnames: set[str] = set()
    for c in caps:
        nxt = toks[c]
        if c == 0 or not plain_gap(nxt.gap):  # most words: no name follows, cheaply
            continue
        i = c - 1
        t = toks[i]
        low = t.text.lower()
        titled = low in TITLES
        if titled and low == "saint" and _saint_place(gz, toks, c, n):
            continue  # "Saint Petersburg", "Saint Lucia": a place, not a saint
        following = nxt.text.lower()
        # "Georgia Bureau of Investigation", "Paris High School": a place's name before an
        # institution's word, not a first name
        named = (
            t.cap
            and not t.upper
            and low in given
            and following not in REGION_WORDS
            and following not in ORG_WORDS
            and following not in INSTITUTION_WORDS
        )
        if titled or named:
            j = i + 1
            while j < n and toks[j].cap and plain_gap(toks[j].gap) and j - i <= 3:
                person[j] = True
                j += 1
            # "Charles" is no place, nor is the "King" before him (King, Ontario)
            if named or (titled and t.cap):
                person[i] = True
            surnames.add(toks[j - 1].text)

    runs = prefetch(gz, text, toks, caps, person)
    spans: list[Span] = []
    done = 0  # tokens before this are inside a span already
    for i in caps:
        if i < done:
            continue
        t = toks[i]
        if person[i] or CONTRACTION.search(t.text):
            continue
        # the capitalised run from i (connectors allowed inside, only spaces between)
        found = None
        for k in range(runs[i], i, -1):
            last = toks[k - 1]
            if not (last.cap or elided(last.text)) or any(person[i:k]):
                continue
            phrase = text[t.start : last.end]
            cands = cached_lookup(gz, phrase)
            # "Paris and Henry County" is a town and a county, not one county
            county = (
                k - i >= 2
                and last.text in ("County", "Parish")
                and not any(toks[j].text in ("and", "or") for j in range(i, k))
            )
            if cands or county:
                found = (k, phrase, cands, county)
                break
        if found is None and t.text in DOTTED_STATES:
            found = (i + 1, t.text, [], False)
        if found is None:
            continue
        k, phrase, cands, county = found
        if k - i > 1 and t.text in ("The", "THE"):  # "The Edgar County": the name only
            i += 1
            t = toks[i]
            phrase = text[t.start : toks[k - 1].end]
        span = Span(t.start, toks[k - 1].end, phrase, normalize(phrase), cands, county=county)
        span.tokens = (i, k)
        if t.text in DOTTED_STATES:
            span.state = DOTTED_STATES[t.text]
        _read_generic_words(text, toks, span, gz)
        # "Bryansk province", "Washington state", "Donetsk Oblast": the generic word joins
        # the name (capitalised only where it cannot open an institution's name: "Ohio
        # State", "Kansas City" are not regions)
        nxt_word = toks[k].text if k < n and toks[k] is not None else ""
        generic = nxt_word in REGION_WORDS or (
            nxt_word[:1].isupper() and nxt_word.lower() in CAPITALISED_REGION_WORDS
        )
        if generic and plain_gap(toks[k].gap) and not span.extra.get("generic"):
            span.end = toks[k].end
            span.text = text[span.start : span.end]
            span.region = True
        if county:
            span.region = True
        spans.append(span)
        done = k

    attach_qualifiers(text, toks, spans)
    for sp in spans:
        sp.evidence = _evidence(sp, toks, lower_words, stop, given, surnames, with_demonyms)
    # one name, one reading per article: a name the text shows to be a place once is
    # a place in its weaker mentions too (the headline's "Decatur", "Athens Mayor ...")
    sure = {sp.key for sp in spans if sp.evidence >= 1.0}
    kept = [
        sp
        for sp in spans
        if sp.evidence >= 1.0 or (sp.key in sure and sp.evidence > PROPAGATE_FLOOR)
    ]
    if context is not None and len(kept) < len(spans):
        chosen = {id(sp) for sp in kept}
        context.extend(
            sp
            for sp in spans
            if id(sp) not in chosen
            and sp.evidence > CONTEXT_FLOOR
            and _names_an_institution(sp, toks)
        )
    return kept


def _names_an_institution(sp: Span, toks: list[Token | None]) -> bool:
    """Whether ``sp`` is a region's or a country's own name opening an institution's
    ("Ontario Provincial Police", "Georgia Bureau of Investigation")."""
    k = sp.tokens[1]
    nxt = toks[k] if k < len(toks) else None
    if nxt is None or not nxt.cap or not plain_gap(nxt.gap) or sp.text.isupper():
        return False
    if nxt.text.lower() not in INSTITUTION_WORDS and nxt.text.lower() not in ORG_WORDS:
        return False
    return any(
        c.place.kind in ("region", "country")
        and c.how == "name"
        and c.place.source == "naturalearth"
        for c in sp.cands
    )


_LOWER_WORDS = re.compile(r"(?: [a-z]+){1,3}")
# where a curated or physical place comes from, as opposed to a town or an admin region
_FEATURE_SOURCES = frozenset({"landmarks", "facilities", "physical"})


def _read_generic_words(text: str, toks: list[Token], span: Span, gz: Gazetteer) -> None:
    """Extend ``span`` over the lower-case generic words of a feature's or a facility's
    name: "the river Dnipro", "the Dnipro river", "Engels air base", "Kerem Shalom
    crossing" name the river, the base, the crossing, not the town. Only words that open
    or close such a name in the gazetteer are read, and only when the longer phrase is a
    curated place or a physical feature."""
    m = _LOWER_WORDS.match(text, span.end)
    if m is not None:
        words = m.group().split()
        n = 0
        while n < len(words) and words[n] in gz.tail_words:
            n += 1
        end = span.end
        for j in range(n, 0, -1):
            stop = end + sum(len(w) + 1 for w in words[:j])
            cands = cached_lookup(gz, text[span.start : stop])
            if any(c.place.source in _FEATURE_SOURCES for c in cands):
                _widen(text, span, span.start, stop, cands)
                break
    i = span.tokens[0]
    prev = toks[i - 1] if i > 0 else None
    if prev is not None and not prev.cap and prev.text in gz.head_words and toks[i].gap == " ":
        cands = cached_lookup(gz, text[prev.start : span.end])
        if any(c.place.source in _FEATURE_SOURCES for c in cands):
            _widen(text, span, prev.start, span.end, cands)


def _widen(text: str, span: Span, start: int, end: int, cands: list[Candidate]) -> None:
    span.start, span.end = start, end
    span.text = text[start:end]
    span.key = normalize(span.text)
    span.cands = [c for c in cands if c.place.source in _FEATURE_SOURCES]
    span.extra["generic"] = True


def _saint_place(gz: Gazetteer, toks: list[Token], c: int, n: int) -> bool:
    """Whether "Saint X" (X at token ``c``) names a country, a region or a city of 100,000."""
    end = c + 1
    while end < n and toks[end].cap and plain_gap(toks[end].gap) and end - c < 3:
        end += 1
    for k in range(end, c, -1):
        for cand in cached_lookup(gz, f"Saint {' '.join(x.text for x in toks[c:k])}"):
            p = cand.place
            big = p.kind == "country" or (p.population or 0) >= KNOWN_CITY_POP
            if big or (p.kind == "region" and not small_country_region(p)):
                return True
    return False


def _evidence(
    sp: Span,
    toks: list[Token],
    lower_words: set[str],
    stop: frozenset[str],
    given: frozenset[str],
    surnames: set[str],
    with_demonyms: bool,
) -> float:
    """How strongly the context says this span is a place (accepted at >= 1)."""
    if sp.state:
        return 5.0
    i, k = sp.tokens
    first = toks[i]
    words = k - i
    cands = sp.cands
    demonym = bool(cands) and all(c.how == "demonym" for c in cands)
    if demonym:
        sp.role = "demonym"
        return 3.0 if with_demonyms and not first.upper else 0.0
    kinds = {c.place.kind for c in cands}
    ev = _max_log_pop(cands) - 3.0  # 1000 people: 0; a country: 3
    if sp.county or sp.region:
        ev = max(ev, 2.5)
    if words > 1 or sp.extra.get("generic"):
        ev += 1.5
    if sp.qualifier is not None or sp.extra.get("qualifies"):
        ev += 3.0
    prev = toks[i - 1] if i > 0 else None
    if prev is not None and not first.sent_start and prev.text.lower() in LOCATIVE:
        ev += 1.5
    word = first.text
    single = words == 1
    # acronyms: only a country's or region's own ("US", "UAE", "EU", "NSW"); four capitals
    # are a word in a dateline ("ROME", "OHIO") or an acronym ("NATO" is not Nato, Luzon)
    if first.upper and single and len(word) <= 4:
        own = any(c.how == "alias" and c.place.kind in ("country", "region") for c in cands)
        if len(word) == 4:
            own = own or any(
                c.place.kind in ("country", "region") or (c.place.population or 0) >= KNOWN_CITY_POP
                for c in cands
            )
        if not own:
            return 0.0
    acronym = first.upper and single and len(word) <= 4  # and a place's own, by now
    if single:
        low = word.lower()
        # (a place's own acronym is not the word: "US" is not "us")
        if (low in stop and not acronym) or (len(word) <= 2 and not first.upper):
            ev -= 4.0
        if low in lower_words and not first.upper:  # "hope" elsewhere in lower case
            ev -= 3.0
        if word in surnames:
            ev -= 4.0
        if first.sent_start:
            ev -= 1.0
            if low in given:
                ev -= 1.0
    if k < len(toks):
        after = toks[k]
        # the first half of a hyphenated name, known only as a town's alternate name
        # ("Wal-Mart" is not Waal); "Fargo-Moorhead" and "Paris-Henry County" are places
        town_alias = kinds <= {"city"} and all(c.how == "alias" for c in cands)
        if after.gap == "-" and after.cap and town_alias:
            ev -= 3.0
        # a holiday or a saint's day ("St. Patrick's Day", "Columbus Day", "Canada Day")
        if after.text == "Day" and after.gap in (" ", "'s ", "’s "):
            ev -= 4.0
    # the name modifies a following capitalised word ("Boston Globe", "Paris Hilton")
    if k < len(toks) and toks[k].cap and plain_gap(toks[k].gap):
        nxt = toks[k].text.lower()
        institution = nxt in ORG_WORDS or nxt in INSTITUTION_WORDS
        ev -= ORG_PENALTY if institution else (2.5 if first.text.lower() in given else 1.0)
        if kinds == {"region"} and all(c.place.source == "physical" for c in cands):
            ev -= 1.5  # a feature's name on a road, a book, a brand ("Alps Road", "Atlas")
    if (
        prev is not None
        and prev.cap
        and plain_gap(first.gap)
        and not first.sent_start
        and prev.text.lower() not in ARTICLES
    ):
        ev -= 1.0  # a name's tail ("John Washington" missed by the name list; not "The Florida")
    nxt_word = toks[k].text.lower() if k < len(toks) else ""
    if nxt_word in SPEECH and kinds & {"country", "landmark", "city"}:
        big = _max_log_pop(cands) >= 5.5 or kinds & {"country", "landmark"}
        if big:
            sp.role = "metonym"
        else:
            ev -= 2.0
    if (
        "landmark" in kinds
        and any(c.place.kind == "landmark" and c.place.source_id for c in cands)
        and prev is not None
        and prev.text.lower() == "the"
        and nxt_word in SPEECH
    ):
        sp.role = "metonym"
    return ev
