"""What a table's reading found, for people: a short report on stderr and every problem as
CSV (row, line, field, value, problem) for the desk to fix.

>>> print(problems_text(t))                                        # doctest: +SKIP
acled.csv: 100000 rows, 99998 placed, 2 not placed, 3 problems
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from geo.tables.reader import IncidentTable


def problems_text(table: IncidentTable, limit: int = 20) -> str:
    """A short human report: how many rows were read, placed, and the first problems.

    >>> print(problems_text(t))                                        # doctest: +SKIP
    acled.csv: 100000 rows, 99998 placed, 2 not placed, 3 problems
    acled.csv:5: latitude: '91.2' is outside -90..90 degrees
    """
    n = len(table.frame)
    placed = int(table.placed.sum())
    head = (
        f"{table.source}: {n} rows, {placed} placed, {n - placed} not placed, "
        f"{len(table.problems)} problems"
    )
    lines = [head, *table.notes, *(f"warning: {w}" for w in table.warnings)]
    for r in table.problems.head(limit).itertuples(index=False):
        where = f":{r.line}" if not pd.isna(r.line) else f" row {r.row}"
        lines.append(f"{table.source}{where}: {r.field}: {r.value!r} {r.problem}")
    if len(table.problems) > limit:
        lines.append(f"... and {len(table.problems) - limit} more (write them all with --report)")
    return "\n".join(lines)


def write_problems(
    table: IncidentTable, path: str | os.PathLike[str], *, force: bool = False
) -> Path:
    """Every problem as CSV (row, line, field, value, problem), for the desk to fix.

    Written atomically; an existing file is replaced only with ``force``. Cells a
    spreadsheet would run as formulas are neutralised (``geo.files.csvout``).
    """
    from geo.files.atomic import write_atomic
    from geo.files.csvout import csv_text

    return write_atomic(path, csv_text(table.problems), force=force)
