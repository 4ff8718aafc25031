"""Dates in a table column: one reading for the whole column, decided from all its values.

``05/03/2023`` is 5 March in most of the world and May 3 in the United States. A column is
read one way only:

- a value whose first number is over 12 (``13/05/2023``) says day first, one whose second
  number is over 12 (``05/13/2023``) says month first; the column follows what its values say;
- a column where nothing settles it is read day first, with a warning that names the column
  and the reading (``--monthfirst`` reads it the other way);
- ``order`` (the user's ``--dayfirst`` / ``--monthfirst``) decides outright;
- values that do not fit the column's reading (a column that mixes both) are bad rows, never
  read the other way.

ISO dates (ACLED's ``2024-05-03``) parse in one vectorised pass, and so do numeric dates;
dates with month names (``3 May 2024``, ``May 3, 2024``) go through pandas' parser.

>>> r = read_days(pd.Series(["05/03/2023", "05/13/2023", ""]), "date")
>>> r.order, r.warning, r.days.astype(str).tolist()
('monthfirst', None, ['2023-05-03T00:00:00', '2023-05-13T00:00:00', 'NaT'])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

__all__ = ["BAD_DATE", "ORDERS", "DayReading", "read_days"]

Order = Literal["dayfirst", "monthfirst"]
ORDERS: dict[str, str] = {"dayfirst": "day/month/year", "monthfirst": "month/day/year"}
BAD_DATE = "is not a date; write 2024-05-03"
_OTHER = {"dayfirst": "--monthfirst", "monthfirst": "--dayfirst"}
# 05/03/2023, 5.3.23, 05-03-2023, optionally followed by a time of day
_NUMERIC = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"


@dataclass(frozen=True)
class DayReading:
    """How a column's dates were read: the days (``datetime64[s]``, NaT where blank or
    unreadable), ``bad`` (non-blank values that are not dates), ``misread`` (the numeric
    ones among them: dates in the other order, or no date in any), the ``order`` of numeric
    dates (``None`` when the column has none), a ``warning`` when the order was not settled
    by the values nor chosen by the user, and the ``problem`` to report for ``misread``."""

    days: np.ndarray
    bad: np.ndarray
    misread: np.ndarray
    order: Order | None
    warning: str | None = None
    problem: str = BAD_DATE


def _example(value: str, order: Order) -> str:
    """'05/03/2023' read day first -> '5 March 2023'."""
    first, second, year = pd.Series([value]).str.extract(_NUMERIC).iloc[0]
    day, month = (first, second) if order == "dayfirst" else (second, first)
    try:
        when = pd.Timestamp(year=_year(int(year)), month=int(month), day=int(day))
    except ValueError:
        return value
    return f"{when.day} {when.month_name()} {when.year}"


def _year(y):
    # strptime's %y: 00-68 are 2000-2068, 69-99 are 1969-1999
    return np.where(y < 100, np.where(y < 69, 2000 + y, 1900 + y), y)


def read_days(text: pd.Series, column: str, order: Order | None = None) -> DayReading:
    """Read a column of dates; see the module docstring.

    >>> r = read_days(pd.Series(["01/02/2024", "03/04/2024"]), "day")
    >>> r.order, r.days.astype(str).tolist()[0]
    ('dayfirst', '2024-02-01T00:00:00')
    >>> print(r.warning.replace("; ", ";\\n"))
    day: no date in the column has a day over 12 to tell the order;
    read as day/month/year ('01/02/2024' is 1 February 2024);
    pass --monthfirst if they are month/day/year
    """
    stripped = text.astype(str).str.strip().reset_index(drop=True)
    blank = stripped.eq("").to_numpy()
    days = pd.to_datetime(stripped, format="ISO8601", errors="coerce")
    parts = stripped.str.extract(_NUMERIC)
    numeric = parts[0].notna().to_numpy() & days.isna().to_numpy()
    a = pd.to_numeric(parts[0], errors="coerce").to_numpy()
    b = pd.to_numeric(parts[1], errors="coerce").to_numpy()
    says_day = numeric & (a > 12) & (b <= 12)
    says_month = numeric & (b > 12) & (a <= 12)
    warning = None
    problem = BAD_DATE
    chosen: Order | None = order
    if numeric.any() and chosen is None:
        n_day, n_month = int(says_day.sum()), int(says_month.sum())
        if n_day or n_month:
            chosen = "dayfirst" if n_day >= n_month else "monthfirst"
            if n_day and n_month:
                against = says_month if chosen == "dayfirst" else says_day
                sample = stripped[np.flatnonzero(against)[0]]
                warning = (
                    f"{column}: the column mixes both orders: {n_day} dates are day/month/year "
                    f"and {n_month} month/day/year; read as {ORDERS[chosen]}, the other "
                    f"{int(against.sum())} (such as {sample!r}) are reported as bad rows; "
                    f"pass {_OTHER[chosen]} to read the column the other way"
                )
        else:
            chosen = "dayfirst"
            unclear = numeric & (a != b)
            if unclear.any():
                sample = stripped[np.flatnonzero(unclear)[0]]
                warning = (
                    f"{column}: no date in the column has a day over 12 to tell the order; "
                    f"read as {ORDERS[chosen]} ({sample!r} is {_example(sample, chosen)}); "
                    f"pass --monthfirst if they are month/day/year"
                )
    if chosen is not None:
        problem = (
            f"is not a date read as {ORDERS[chosen]}, the column's reading "
            f"(write 2024-05-03, or pass {_OTHER[chosen]})"
        )
    if numeric.any():
        day, month = (a, b) if chosen == "dayfirst" else (b, a)
        year = _year(pd.to_numeric(parts[2], errors="coerce").to_numpy())
        parsed = pd.to_datetime(
            pd.DataFrame({"year": year[numeric], "month": month[numeric], "day": day[numeric]}),
            errors="coerce",
        )
        days[numeric] = parsed.to_numpy()
    rest = days.isna().to_numpy() & ~blank & ~numeric
    if rest.any():
        days[rest] = pd.to_datetime(
            stripped[rest], format="mixed", dayfirst=chosen != "monthfirst", errors="coerce"
        ).to_numpy()
    out = days.dt.floor("D").to_numpy(dtype="datetime64[s]")
    bad = np.isnat(out) & ~blank
    return DayReading(out, bad, bad & numeric, chosen if numeric.any() else None, warning, problem)
