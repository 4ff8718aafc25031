"""The date of a drafted incident: its own sentences' event dates first.

>>> from datetime import date
>>> from geo.text.sentences import split_sentences
>>> ss = split_sentences("Drones struck a depot on Monday, officials said on Tuesday.")
>>> incident_date("air-defence", ss, ss, 0, date(2023, 5, 3)).start.isoformat()
'2023-05-01'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from geo.text.dates import DateSpan, find_dates
from geo.text.sentences import Sentence

__all__ = ["incident_date"]

_I = re.IGNORECASE
_FUTURE = re.compile(r"\b(?:will|would|is to|are to|is due|planned|scheduled)\b", _I)


def incident_date(
    kind: str,
    own: Sequence[Sentence],
    sentences: Sequence[Sentence],
    first: int,
    article_date: date | None,
) -> DateSpan | None:
    """The date span of an incident told in ``own`` (``first``: index of its first sentence
    in ``sentences``), or None; a statement's date only when nothing else is given."""
    spans = [span for s in own for span in find_dates(s.text, article_date)]
    events = [sp for sp in spans if not sp.statement]
    if events:
        return events[0]
    if kind == "restriction" and article_date is not None and not spans:
        return DateSpan(article_date)  # a ban announced in the article applies from then
    if kind == "military-event" and article_date and _FUTURE.search(own[0].text):
        # "the parade would go ahead as planned": the day was named just before.
        for k in range(first - 1, max(-1, first - 4), -1):
            ahead = [
                sp
                for sp in find_dates(sentences[k].text, article_date)
                if not sp.statement and sp.end is None and sp.start >= article_date
            ]
            if ahead:
                return ahead[0]
    if spans:
        return spans[0]
    return None
