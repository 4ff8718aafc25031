"""What the article's words became: spans of toponyms, incident triggers, dates, counts and
distance claims, each tied to the draft items it fed.

The spans come from the same functions extraction uses (the geoparser's mentions,
``classify``, ``find_dates``, ``parse_counted``, ``find_distance_claims``), run once on the
article; the links to items are made against the current story, so a dropped item loses
its links and an added one gains them.

>>> text = "Moscow, 3 May 2023. Two drones were shot down over Moscow on Tuesday."
>>> spans = find_spans(text, date(2023, 5, 3))
>>> [(s.kind, text[s.start:s.end]) for s in spans if s.kind != "place"]
[('count', 'Two drones'), ('trigger', 'shot down'), ('date', 'on Tuesday')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from geo.story.model import Story
from geo.text.dates import find_dates
from geo.text.extract import NUMBER_WORDS, classify, find_distance_claims, parse_counted
from geo.text.sentences import Sentence, split_sentences

__all__ = ["Span", "find_spans", "link"]


@dataclass(frozen=True, slots=True)
class Span:
    """A highlighted stretch of the article (offsets in the text, end exclusive)."""

    start: int
    end: int
    kind: str  # place, trigger, date, count, distance
    sentence: int  # index of its sentence; -1 before the first
    name: str = ""  # places: the gazetteer's name it was placed at
    country: str = ""


_TRIGGER_TAIL = re.compile(r"[\w-]+(?:\s+down\b)?")


def _sentence_of(sentences: list[Sentence], start: int) -> int:
    for i, s in enumerate(sentences):
        if s.start <= start < s.end:
            return i
    return -1


def _count_span(s: Sentence, unit: str) -> tuple[int, int] | None:
    noun = unit[:-1] if unit.endswith("s") and unit != "aircraft" else unit
    number = "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
    m = re.search(
        rf"\b(?:{number}|\d{{1,4}})\s+(?:[\w-]+\s+){{0,2}}?{re.escape(noun)}s?\b", s.text, re.I
    )
    return (s.start + m.start(), s.start + m.end()) if m else None


def find_spans(text: str, article_date: date | None, mentions: list | None = None) -> list[Span]:
    """Every highlight in ``text``, in text order; ``mentions`` default to ``geo.geoparse``'s."""
    from geo.api import geoparse

    sentences = split_sentences(text)
    spans: list[Span] = []
    for m in geoparse(text) if mentions is None else mentions:
        if m.place is not None and m.role != "demonym":
            spans.append(
                Span(
                    m.start,
                    m.end,
                    "place",
                    _sentence_of(sentences, m.start),
                    m.place.name,
                    m.place.country or "",
                )
            )
    for i, s in enumerate(sentences):
        found = classify(s.text)
        if found:
            _kind, at = found
            word = _TRIGGER_TAIL.match(s.text, at)
            end = word.end() if word else at + 1
            spans.append(Span(s.start + at, s.start + end, "trigger", i))
        for d in find_dates(s.text, article_date):
            at = s.text.find(d.text) if d.text else -1
            if at >= 0:
                spans.append(Span(s.start + at, s.start + at + len(d.text), "date", i))
        counted = parse_counted(s.text, found[0] if found else None)
        if counted and (where := _count_span(s, counted[1])):
            spans.append(Span(*where, "count", i))
        for claim in find_distance_claims(s.text, lambda _word: None):
            end = claim.target_start + len(claim.target_text) + 1
            spans.append(
                Span(s.start + claim.start, s.start + min(end, len(s.text)), "distance", i)
            )
    spans.sort(key=lambda sp: (sp.start, -sp.end))
    kept: list[Span] = []
    for sp in spans:  # overlapping spans cannot both be marked: the first, longest wins
        if not kept or sp.start >= kept[-1].end:
            kept.append(sp)
    return kept


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def link(spans: list[Span], text: str, story: Story) -> list[list[str]]:
    """For each span, the keys (``"incidents/ID"``) of the items it fed in ``story``.

    A place span links the places of that name (and country); the other spans link the
    incidents or distances whose ``sentence`` holds the span's sentence.
    """
    sentences = split_sentences(text)
    out: list[list[str]] = []
    for sp in spans:
        keys: list[str] = []
        if sp.kind == "place":
            word = _norm(text[sp.start : sp.end]).lower()
            for p in story.places:
                same = p.name == sp.name and (p.country or "") in ("", sp.country)
                if same or p.name.lower() == word:
                    keys.append(f"places/{p.id}")
        if 0 <= sp.sentence < len(sentences):
            said = _norm(sentences[sp.sentence].text)
            if sp.kind in ("trigger", "date", "count", "place"):
                keys += [f"incidents/{i.id}" for i in story.incidents if said in _norm(i.sentence)]
            if sp.kind in ("distance", "place"):
                keys += [f"distances/{d.id}" for d in story.distances if said in _norm(d.sentence)]
        out.append(keys)
    return out
