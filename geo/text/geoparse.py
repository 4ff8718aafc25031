"""Geoparsing: find the toponyms of a text and place them, offline and without a model.

``geoparse(text)`` = recognition (:mod:`geo.text.recognize`: gazetteer names weighed against
their context) + resolution (:mod:`geo.text.resolve_toponyms`: qualifiers, hints, the other
places of the article, population). ``resolve_spans`` places spans chosen by someone else
(a human, a gold standard).

>>> [(m.text, m.place.country, m.role) for m in geoparse("The Kremlin said Moscow was hit.")]
[('Kremlin', 'RU', 'metonym'), ('Moscow', 'RU', 'location')]
"""

from __future__ import annotations

import bisect

from geo.places.gazetteer import Gazetteer, default_gazetteer
from geo.places.normalize import normalize
from geo.text.mentions import Mention
from geo.text.recognize import STATE_ABBREVIATIONS, Span, is_list, recognize
from geo.text.resolve_toponyms import resolve

__all__ = ["geoparse", "resolve_spans"]


def geoparse(
    text: str,
    *,
    country: str | None = None,
    near: tuple[float, float] | None = None,
    gazetteer: Gazetteer | None = None,
    demonyms: bool = True,
) -> list[Mention]:
    """Toponyms of ``text`` in order of appearance, each with its place (or None).

    ``country``: ISO code or name of the country the story is about (a preference).
    ``near``: (lat, lon) the story is about; ``demonyms``: also return "Ukrainian" etc.

    >>> [m.place.admin1 for m in geoparse("Moscow, Idaho, is a college town.")][:1]
    ['Idaho']
    """
    gz = gazetteer or _default()
    context: list[Span] = []
    spans = recognize(text, gz, with_demonyms=demonyms, context=context)
    return resolve(text, spans, gz, country=country, near=near, context=context)


def resolve_spans(
    text: str,
    spans: list[tuple[int, int]],
    *,
    country: str | None = None,
    near: tuple[float, float] | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[Mention]:
    """Place exactly the given (start, end) spans of ``text``; one Mention per span, in order.

    The spans are toponyms by fiat; their context (qualifiers, the other spans) is used
    as in :func:`geoparse`.

    >>> [m.place.country for m in resolve_spans("Tbilisi, Georgia", [(0, 7), (9, 16)])]
    ['GE', 'GE']
    """
    gz = gazetteer or _default()
    found = {(s.start, s.end): s for s in recognize(text, gz)}
    chosen: list[Span] = []
    for start, end in spans:
        sp = found.get((start, end))
        if sp is None:
            sp = _forced_span(text, start, end, gz)
        chosen.append(sp)
    for sp in chosen:  # "X, Y" among the given spans
        if sp.qualifier is None:
            after = text[sp.end : sp.end + 2]
            nxt = next((s for s in chosen if s.start in (sp.end + 2, sp.end + 1)), None)
            listed = nxt is not None and is_list(text, sp, nxt)
            if after.startswith(",") and nxt is not None and nxt is not sp and not listed:
                sp.qualifier = nxt
    # the article's other toponyms are evidence too (a dateline's "Wash."), not output
    taken = sorted((s.start, s.end) for s in chosen)
    context = [s for s in found.values() if not _overlaps(s.start, s.end, taken)]
    mentions = resolve(text, chosen, gz, country=country, near=near, forced=True, context=context)
    # resolve() sorts by start; give them back in the caller's order
    by_span = {}
    for m in mentions:
        by_span.setdefault((m.start, m.end), m)
    return [by_span[(s.start, s.end)] for s in chosen]


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_left(taken, (end, end))
    return i > 0 and taken[i - 1][1] > start


def _default() -> Gazetteer:
    gz = default_gazetteer()
    if not getattr(gz, "_geoparse_tuned", False):
        # Scanning text probes the index thousands of times per second: map the file into
        # memory instead of reading pages through SQLite's small default page cache.
        gz._con.execute("PRAGMA mmap_size = 1073741824")
        gz._geoparse_tuned = True  # type: ignore[attr-defined]
    return gz


def _forced_span(text: str, start: int, end: int, gz: Gazetteer) -> Span:
    phrase = text[start:end]
    key = normalize(phrase)
    cands = gz.lookup(phrase) if key else []
    sp = Span(start, end, phrase, key, cands)
    bare = phrase.replace(".", "").strip()
    if bare in STATE_ABBREVIATIONS and (not cands or "." in phrase or bare.isupper()):
        sp.state = STATE_ABBREVIATIONS[bare]
    if not cands and key.endswith("s"):  # "Palestinians"
        cands = [c for c in gz.lookup(key[:-1]) if c.how == "demonym"]
        sp.cands = cands
    if not cands and not sp.state:
        words = key.split()
        if len(words) > 1 and words[-1] in ("county", "parish"):
            sp.county = sp.region = True
        elif words:
            sp.region = True  # "Bryansk province" and other suffixed forms
    if cands and all(c.how == "demonym" for c in cands):
        sp.role = "demonym"
    return sp
