"""The date of a drafted incident: its own sentences' event dates first.

>>> from datetime import date, timedelta
>>> from geo.text.sentences import split_sentences
>>> ss = split_sentences("Drones struck a depot on Monday, officials said on Tuesday.")
>>> incident_date("air_drone_strike", ss, ss, 0, date(2023, 5, 3)).start.isoformat()
'2023-05-01'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from geo.story.vocabulary import event_type_of
from geo.text.dates import DateSpan, find_dates
from geo.text.sentences import Sentence
from geo.text.triggers import find_triggers

__all__ = ["incident_date"]

_I = re.IGNORECASE
# Strategic developments that are events with a time of their own, not announcements.
_EVENTS = frozenset(
    {"change_to_group_activity", "disrupted_weapons_use", "looting_property_destruction"}
)
_FUTURE = re.compile(r"\b(?:will|would|is to|are to|is due|planned|scheduled)\b", _I)


def incident_date(
    kind: str,
    own: Sequence[Sentence],
    sentences: Sequence[Sentence],
    first: int,
    article_date: date | None,
    event_type: str | None = None,
) -> DateSpan | None:
    """The date span of an incident told in ``own`` (``first``: index of its first sentence
    in ``sentences``), or None; a statement's date only when nothing else is given."""
    spans = [span for s in own for span in find_dates(s.text, article_date)]
    events = [sp for sp in spans if not sp.statement]
    if events:
        return _earliest_recent(events, article_date)
    strategic = event_type_of(kind, event_type) == "strategic_developments"
    if strategic and kind not in _EVENTS and article_date and not spans:
        return DateSpan(article_date)  # a ban announced in the article applies from then
    if kind == "change_to_group_activity" and article_date and _FUTURE.search(own[0].text):
        # "the parade would go ahead as planned": the day was named just before.
        for k in range(first - 1, max(-1, first - 4), -1):
            ahead = [
                sp
                for sp in find_dates(sentences[k].text, article_date)
                if not sp.statement and sp.end is None and sp.start >= article_date
            ]
            if ahead:
                return ahead[0]
    # "On Thursday, the villagers gathered ... A missile hit the building.": the scene's date
    # stands in a sentence before (two at most) or between the incident's own, when that
    # sentence tells of no event of its own.
    mine = {id(s) for s in own}
    last = next((k for k in range(len(sentences) - 1, -1, -1) if id(sentences[k]) in mine), first)
    for k in [*range(first - 1, max(-1, first - 3), -1), *range(first + 1, last)]:
        if id(sentences[k]) in mine or find_triggers(sentences[k].text):
            continue
        before = [sp for sp in find_dates(sentences[k].text, article_date) if not sp.statement]
        if before:
            return _earliest_recent(before, article_date)
    if spans:
        return spans[0]  # only a statement's date ("Russia said on Sunday it had taken ...")
    return None


def _earliest_recent(events: list[DateSpan], anchor: date | None) -> DateSpan:
    """Of an incident's event dates, the earliest within the week before the article: the
    event comes before the reports on it ("rose to 12 on Thursday" after "on Tuesday");
    older dates are background ("since it took the town last May")."""
    if anchor is None:
        return events[0]
    recent = [sp for sp in events if anchor - timedelta(days=7) <= sp.start <= anchor]
    return min(recent, key=lambda sp: sp.start) if recent else events[0]
