"""The recogniser's span (a toponym with its candidates and clues) and its gazetteer
lookups, memoised per phrase because articles repeat names.

>>> from geo.places.gazetteer import default_gazetteer
>>> sorted({c.place.kind for c in cached_lookup(default_gazetteer(), "Bryansk")})
['city', 'region']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.places.gazetteer import Candidate, Gazetteer
from geo.places.normalize import normalize, split_region_suffix
from geo.text.recognize_tokens import Token, elided, joins

__all__ = ["Span", "cached_lookup", "prefetch", "region_candidates"]


@dataclass(slots=True)
class Span:
    """A recognised toponym: where, what it matched, and the clues for resolving it."""

    start: int
    end: int
    text: str
    key: str  # normalised lookup key
    cands: list[Candidate]
    role: str = "location"
    region: bool = False  # "X province", "X County": a first-level or county region
    county: bool = False  # "X County" / "X Parish" (the gazetteer may not know it)
    qualifier: Span | None = None  # "Paris, Texas": the span of "Texas"
    state: str | None = None  # this span is a US state abbreviation for that state
    state_country: str = "US"  # (or a Canadian province's: "Ont." is Ontario, CA)
    evidence: float = 0.0
    tokens: tuple[int, int] = (0, 0)  # token index range, end exclusive
    extra: dict = field(default_factory=dict)


_LOOKUPS: dict[tuple[int, str], list[Candidate]] = {}


def cached_lookup(gz: Gazetteer, phrase: str) -> list[Candidate]:
    """``gz.lookup`` memoised per phrase and per normalised key (articles repeat names)."""
    raw = (id(gz), phrase)
    found = _LOOKUPS.get(raw)  # the phrase as written: no need to normalise it again
    if found is not None:
        return found
    key = (id(gz), normalize(phrase))
    found = _LOOKUPS.get(key)
    if found is None:
        if len(_LOOKUPS) > 200_000:
            _LOOKUPS.clear()
        found = _LOOKUPS[key] = gz.lookup(phrase) if key[1] else []
    _LOOKUPS[raw] = found
    return found


def prefetch(
    gz: Gazetteer, text: str, toks: list[Token], caps: list[int], person: list[bool]
) -> dict[int, int]:
    """Look up every phrase the scan may probe in one batch (see Gazetteer.lookup_many).

    Returns where the capitalised run from each probed token ends (at most 6 tokens).
    """
    gid, n = id(gz), len(toks)
    todo = set()
    runs = {}
    for i in caps:
        if person[i]:
            continue
        t = toks[i]
        j = i + 1
        while j < n and j < i + 6 and joins(toks[j - 1], toks[j]):
            j += 1
        runs[i] = j
        for k in range(i + 1, j + 1):
            if toks[k - 1].cap or elided(toks[k - 1].text):
                phrase = text[t.start : toks[k - 1].end]
                if (gid, phrase) not in _LOOKUPS:
                    todo.add(phrase)
    if not todo:
        return runs
    if len(_LOOKUPS) > 200_000:
        _LOOKUPS.clear()
    for phrase, found in gz.lookup_many(todo).items():
        _LOOKUPS[(gid, phrase)] = _LOOKUPS.setdefault((gid, normalize(phrase)), found)
    return runs


def region_candidates(gz: Gazetteer, phrase: str) -> list[Candidate]:
    """Regions a suffixed phrase names ("Bryansk province" -> Bryansk Oblast)."""
    key = normalize(phrase)
    base = split_region_suffix(key)
    found = [c for c in cached_lookup(gz, key) if c.place.kind == "region"]
    if base:
        found += [c for c in cached_lookup(gz, base) if c.place.kind == "region"]
    return found
