"""Resolve the dates news copy gives ("on Wednesday", "last night", "9 May") to calendar dates.

Everything is relative to the article's date ``D``:

=============================================  ==========================================
phrase                                          span
=============================================  ==========================================
"last night", "overnight", "during the night"   D-1 .. D (the night before the article)
"yesterday" / "today", "this morning"           D-1 / D
"on Wednesday", "late on Sunday", "Saturday's"   the last such day on or before D
"overnight into Tuesday"                        the Monday .. Tuesday on or before D
"last week" / "this week"                       Monday .. Sunday of the week before D's /
                                                Monday of D's week .. D
"May 9", "9 May", "Sept. 14, 2022"              that day (``dateparser`` reads it), in D's year
                                                unless one is given, or the year before when
                                                D's year puts it more than 60 days after D
"in October 2017"                               that month, approximate
"By Friday, officials said"                     a statement's date (when a figure stood)
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
from functools import lru_cache

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
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RX})\.?\s+(\d{{4}})\b", re.IGNORECASE)
# "By Friday, officials said ...": when a figure stood, not when the event happened.
_BY_BEFORE = re.compile(r"\b[Bb]y\s*$")
_NIGHT = re.compile(r"\b(?:last night|overnight|during the night|in the night)\b", re.IGNORECASE)
_NIGHT_INTO = re.compile(
    rf"\b(?:overnight|(?:during |in )?the night)\s+(?:into|to)\s+({'|'.join(WEEKDAYS)})\b",
    re.IGNORECASE,
)
_WEEK = re.compile(r"\b(last|this|past|previous)\s+week\b", re.IGNORECASE)
_YESTERDAY = re.compile(r"\byesterday\b", re.IGNORECASE)
_TODAY = re.compile(r"\b(?:today|this morning|this afternoon|this evening)\b", re.IGNORECASE)
# "on Monday", "late on Sunday", "Thursday's bombing", "Saturday morning": a capitalised day.
_WEEKDAY = re.compile(
    rf"\b(?:(?:(?:late|early)\s+)?on\s+|last\s+|this\s+|[Ll]ate\s+|[Ee]arly\s+)?"
    rf"({'|'.join(w.capitalize() for w in WEEKDAYS)})\b"
)
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


@lru_cache(maxsize=4096)
def _dateparser_day(phrase: str) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) of a phrase such as "Sept. 14, 2022", by ``dateparser``.

    Imported here, not at the top: loading it costs a quarter of a second that extraction
    without a date phrase need not pay.
    """
    import dateparser

    settings = {"REQUIRE_PARTS": ["day", "month"], "PREFER_DAY_OF_MONTH": "first"}
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    if parsed is None:
        return None
    has_year = re.search(r"\b\d{4}\b", phrase) is not None
    return parsed.day, parsed.month, parsed.year if has_year else None


def _resolve(phrase: str, anchor: date | None, year: int | None = None) -> date | None:
    found = _dateparser_day(re.sub(r"\s+", " ", phrase.strip()))
    if found is None:
        return None
    day, month, given = found
    if given is not None:
        return _day(given, month, day)
    base = year if year is not None else (anchor.year if anchor else None)
    if base is None:
        return None
    out = _day(base, month, day)
    # A year-less date well after the article's day is last year's ("on Dec. 28" in January).
    if out is not None and anchor is not None and year is None and out > anchor + timedelta(60):
        out = _day(base - 1, month, day)
    return out


def parse_date_text(text: str, year: int | None = None) -> date | None:
    """A calendar date written as "3 May 2023", "May 3, 2023" or "Sept. 14" (year apart).

    >>> parse_date_text("3 May 2023"), parse_date_text("May 9", 2023)
    (datetime.date(2023, 5, 3), datetime.date(2023, 5, 9))
    >>> parse_date_text("Sept. 14, 2022")
    datetime.date(2022, 9, 14)
    """
    for rx in (_DAY_MONTH, _MONTH_DAY):
        m = rx.search(text)
        if m:
            return _resolve(m.group(0), None, year)
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
        before = text[: m.start()]
        statement = bool(_SPEECH_BEFORE.search(before) or _BY_BEFORE.search(before))
        found.append(
            (
                m.start(),
                DateSpan(span.start, span.end, span.approximate, statement, m.group().strip()),
            )
        )

    d = article_date
    for rx in (_DAY_MONTH, _MONTH_DAY):
        # "May" alone is a modal verb far more often than a month: a phrase needs a day.
        for m in rx.finditer(text):
            day = _resolve(m.group(0), d)
            add(m, DateSpan(day) if day else None)
    for m in _MONTH_YEAR.finditer(text):
        # "in October 2017": the whole month, approximate (a background event, usually)
        month, year = MONTHS[m.group(1).lower()], int(m.group(2))
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        add(m, DateSpan(date(year, month, 1), date(year, month, last), True))
    for name, (month, dd) in HOLIDAYS.items():
        for m in re.finditer(rf"\b{name}\b", text, re.IGNORECASE):
            if d:
                add(m, DateSpan(date(d.year, month, dd)))
    if d is not None:
        for m in _NIGHT_INTO.finditer(text):
            back = (d.weekday() - WEEKDAYS.index(m.group(1).lower())) % 7
            add(m, DateSpan(d - timedelta(days=back + 1), d - timedelta(days=back)))
        for m in _WEEK.finditer(text):
            monday = d - timedelta(days=d.weekday())
            if m.group(1).lower() == "this":
                add(m, DateSpan(monday, d if d > monday else None))
            else:
                add(m, DateSpan(monday - timedelta(days=7), monday - timedelta(days=1)))
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
