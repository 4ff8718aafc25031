"""Resolve the dates news copy gives ("on Wednesday", "last night", "9 May") to calendar dates.

Everything is relative to the article's date ``D``:

=============================================  ==========================================
phrase                                          span
=============================================  ==========================================
"last night", "overnight", "during the night"   D-1 .. D (the night before the article)
"yesterday" / "today", "this morning"           D-1 / D
"on Wednesday"                                  the Wednesday on or before D
"May 9", "9 May", "9 May 2023"                  that day, in D's year unless one is given
"in recent days", "over the past few days"      D-2 .. D, approximate
"in recent weeks" / "in recent months"          D-14 .. D / D-90 .. D, approximate
"Victory Day" (a small table of fixed days)     that day in D's year
=============================================  ==========================================

A phrase right after a speech verb ("said on Wednesday") dates the statement, not the event:
it comes back with ``statement=True`` so the caller can prefer an event date.

>>> d = date(2023, 5, 3)  # a Wednesday
>>> find_dates("Russia said on Wednesday it shot down two drones last night", d)[0]
DateSpan(start=datetime.date(2023, 5, 2), end=datetime.date(2023, 5, 3), approximate=False, \
statement=False, text='last night')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DateSpan", "find_dates", "parse_date_text"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# Commemorations with a fixed day that copy names instead of a date.
HOLIDAYS: dict[str, tuple[int, int]] = {
    "victory day": (5, 9),
    "defender of the fatherland day": (2, 23),
    "ukrainian independence day": (8, 24),
    "independence day of ukraine": (8, 24),
    "russia day": (6, 12),
    "unity day": (11, 4),
}

_MONTH_RX = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RX})\.?(?:,?\s+(\d{{4}}))?\b", re.IGNORECASE
)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH_RX})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.IGNORECASE
)
_NIGHT = re.compile(r"\b(?:last night|overnight|during the night|in the night)\b", re.IGNORECASE)
_YESTERDAY = re.compile(r"\byesterday\b", re.IGNORECASE)
_TODAY = re.compile(r"\b(?:today|this morning|this afternoon|this evening)\b", re.IGNORECASE)
_WEEKDAY = re.compile(rf"\b(?:on|last|this)\s+({'|'.join(WEEKDAYS)})\b", re.IGNORECASE)
_RECENT = re.compile(
    r"\b(?:in|over|during)\s+(?:the\s+)?(?:recent|past|last)\s+(?:few\s+|several\s+)?"
    r"(days|weeks|months)\b",
    re.IGNORECASE,
)
_RECENT_DAYS = {"days": 2, "weeks": 14, "months": 90}
# "said on Wednesday", "announced on Monday": the phrase dates the statement.
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|announced|added|stated|reported|told \w+|declared|claimed|confirmed)"
    r"(?:\s+\w+ly)?\s*,?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date or a range of dates a phrase stands for; ``end`` is None for one day."""

    start: date
    end: date | None = None
    approximate: bool = False
    statement: bool = False  # it dates when something was said, not when it happened
    text: str = ""


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date_text(text: str, year: int | None = None) -> date | None:
    """A calendar date written as "3 May 2023" or "May 3, 2023" (year may be given apart).

    >>> parse_date_text("3 May 2023"), parse_date_text("May 9", 2023)
    (datetime.date(2023, 5, 3), datetime.date(2023, 5, 9))
    """
    for rx, d_i, m_i in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        m = rx.search(text)
        if m:
            y = int(m.group(3)) if m.group(3) else year
            if y is None:
                return None
            return _day(y, MONTHS[m.group(m_i).lower()], int(m.group(d_i)))
    return None


def find_dates(text: str, article_date: date | None) -> list[DateSpan]:
    """Date phrases in ``text`` resolved against ``article_date``, event dates first.

    Without an article date only phrases that carry their own year resolve.

    >>> d = date(2023, 5, 3)
    >>> [s.start.isoformat() for s in find_dates("the parade on 9 May", d)]
    ['2023-05-09']
    >>> s = find_dates("Over the past few days, saboteurs derailed two trains", d)[0]
    >>> (s.start.isoformat(), s.end.isoformat(), s.approximate)
    ('2023-05-01', '2023-05-03', True)
    """
    found: list[tuple[int, DateSpan]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, span: DateSpan | None) -> None:
        if span is None or any(a < m.end() and m.start() < b for a, b in taken):
            return
        taken.append((m.start(), m.end()))
        statement = bool(_SPEECH_BEFORE.search(text[: m.start()]))
        found.append(
            (
                m.start(),
                DateSpan(span.start, span.end, span.approximate, statement, m.group().strip()),
            )
        )

    d = article_date
    for rx, d_i, m_i in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        for m in rx.finditer(text):
            year = int(m.group(3)) if m.group(3) else (d.year if d else None)
            if year is None:
                continue
            day = _day(year, MONTHS[m.group(m_i).lower()], int(m.group(d_i)))
            # "May" alone is a modal verb far more often than a month: it needs a day.
            add(m, DateSpan(day) if day else None)
    for name, (month, dd) in HOLIDAYS.items():
        for m in re.finditer(rf"\b{name}\b", text, re.IGNORECASE):
            if d:
                add(m, DateSpan(date(d.year, month, dd)))
    if d is not None:
        for m in _NIGHT.finditer(text):
            add(m, DateSpan(d - timedelta(days=1), d))
        for m in _YESTERDAY.finditer(text):
            add(m, DateSpan(d - timedelta(days=1)))
        for m in _TODAY.finditer(text):
            add(m, DateSpan(d))
        for m in _WEEKDAY.finditer(text):
            back = (d.weekday() - WEEKDAYS.index(m.group(1).lower())) % 7
            add(m, DateSpan(d - timedelta(days=back)))
        for m in _RECENT.finditer(text):
            add(m, DateSpan(d - timedelta(days=_RECENT_DAYS[m.group(1).lower()]), d, True))
    found.sort(key=lambda t: (t[1].statement, t[0]))
    return [span for _, span in found]
