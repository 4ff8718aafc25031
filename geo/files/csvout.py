"""CSV the tool writes, safe to open in a spreadsheet (OWASP's CSV injection advice).

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``, ``@SUM(...)``), and a
leading tab or carriage return hides such a start. A bad-rows report copies the reader's
cells verbatim, so every text cell (and every column name) that starts with one of these
gets a leading apostrophe, which spreadsheets read as "this is text" and do not show.
Numbers stay numbers: a longitude of -3.5 in a numeric column is written as it is.

>>> import pandas as pd
>>> print(csv_text(pd.DataFrame({"value": ["=1+1", "Kyiv", "-3.5"], "lon": [-3.5, 1, 2]})))
value,lon
'=1+1,-3.5
Kyiv,1.0
'-3.5,2.0
<BLANKLINE>
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["csv_text", "neutralise"]

# OWASP's list; a line feed too, since a carriage return is written as one (see below).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: Any) -> Any:
    """``value`` with a leading apostrophe when it is text a spreadsheet would run.

    A carriage return inside text becomes a line feed: the CSV writer quotes cells holding
    its line terminator (LF) but not a bare CR, which a spreadsheet reads as a row break.
    """
    if not isinstance(value, str):
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame, **to_csv: Any) -> str:
    """``frame.to_csv(index=False, **to_csv)`` with text cells and column names neutralised."""
    out = frame.copy(deep=False)
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out.to_csv(index=False, **to_csv)
