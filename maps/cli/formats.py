"""Results for people and for programs: a table on a terminal, tab-separated text in a pipe,
``--json`` or ``--csv`` when asked.

A pipe or a file never gets Rich's box table (it folds long names into pieces); it gets one
header line and one line per row, tab-separated, values never wrapped or truncated, so
``cut -f``, ``awk -F'\\t'`` and spreadsheets read it.

>>> rows_text([{"name": "Kyiv", "lat": 50.45}], "tsv").splitlines()
['name\\tlat', 'Kyiv\\t50.45']
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from geo.errors import InputError

__all__ = ["CsvOpt", "JsonOpt", "choose", "rows_text"]

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (for programs).")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV with a header line.")]


def choose(as_json: bool, as_csv: bool) -> str:
    """``"json"``, ``"csv"``, ``"table"`` (stdout is a terminal) or ``"tsv"`` (a pipe, a file).

    >>> choose(True, False), choose(False, True)
    ('json', 'csv')
    """
    if as_json and as_csv:
        raise InputError("--json and --csv were both given", field="--json", hint="give one")
    if as_json:
        return "json"
    if as_csv:
        return "csv"
    return "table" if sys.stdout.isatty() else "tsv"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    # a tab or a line break inside a value would break the row apart
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def rows_text(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] = ()) -> str:
    """``rows`` as tab-separated (``tsv``) or comma-separated (``csv``) text with a header.

    >>> print(rows_text([{"a": "x,y", "b": 1}], "csv"), end="")
    a,b
    "x,y",1
    """
    columns = list(columns) or (list(rows[0]) if rows else [])
    if fmt == "csv":
        from geo.files.csvout import neutralise  # a name like "=1+1" is not run as a formula

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow(["" if r.get(c) is None else neutralise(r.get(c)) for c in columns])
        return buf.getvalue()
    lines = ["\t".join(columns)]
    lines += ["\t".join(_cell(r.get(c)) for c in columns) for r in rows]
    return "\n".join(lines) + "\n"


def json_text(value: Any) -> str:
    """Indented UTF-8 JSON, one document, with a final newline."""
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
