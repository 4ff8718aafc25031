"""Spreadsheet files as people export them: delimited text in any encoding, Excel, ODS.

- **Delimited text** (``.csv``, ``.tsv``): the encoding is detected (UTF-8 with or without BOM,
  UTF-16, else charset-normalizer's guess, Windows-1252 for Latin text; see
  :func:`geo.files.textfile.decode_any`), the separator sniffed among ``,`` ``;`` tab and
  ``|`` with :class:`csv.Sniffer`, checked against the first records. ``sep`` and
  ``encoding`` override both. Every cell is read as text.
- **Workbooks** (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``): the first sheet (or ``sheet``),
  through pandas with python-calamine.

Line numbers are the file's own: a data row that follows a quoted cell spanning three lines
is reported on the line where it starts, not at "row + 1" (:func:`record_lines`); a byte the
encoding cannot read is reported by line. A workbook's "line" is the sheet's row number.

>>> r = read_delimited("lat;lon\\n50,45;30,52\\n".encode("cp1252"), "t.csv")
>>> r.frame.to_dict("list"), r.notes
({'lat': ['50,45'], 'lon': ['30,52']}, ("t.csv: separated by ';'",))
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo.errors import InputError
from geo.files.textfile import decode_any

# The csv module refuses a cell over 131,072 characters ("field larger than field limit"),
# which read as a broken quote; a long cell is the table's right (it is cut for the page by
# geo.tables.limits.cap_cells), and the table's size is bounded before it is read.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "DELIMITED_SUFFIXES",
    "SEPARATORS",
    "WORKBOOK_SUFFIXES",
    "Sheet",
    "read_delimited",
    "read_delimited_columns",
    "read_workbook",
    "record_lines",
    "sniff_separator",
]

DELIMITED_SUFFIXES = (".csv", ".tsv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SEPARATORS = (",", ";", "\t", "|")
_SEP_NAMES = {",": "','", ";": "';'", "\t": "tabs", "|": "'|'"}
_SNIFF_CHARS = 64_000  # about 500 rows of an ACLED export: plenty to see the pattern
_SNIFF_RECORDS = 50


@dataclass(frozen=True)
class Sheet:
    """A table read as text: ``frame`` (every cell a ``str``), what was decided about the
    file (``notes``: encoding, separator, sheet) and ``lines()``, the file line (or sheet
    row) of each data row, computed only when asked (a report needs it)."""

    frame: pd.DataFrame
    notes: tuple[str, ...] = ()
    lines: Callable[[], np.ndarray] | None = field(default=None, repr=False)


def parse_separator(text: str | None) -> str | None:
    """The user's ``--sep``: one character; ``tab``, ``\\t``, ``semicolon``... by name.

    >>> parse_separator("tab"), parse_separator(";"), parse_separator(None)
    ('\\t', ';', None)
    """
    if text is None:
        return None
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|",
             "space": " "}  # fmt: skip
    sep = named.get(text.strip().lower(), text)
    if len(sep) != 1 or sep in '"\r\n':
        raise InputError(
            f"{text!r} is not a separator",
            field="--sep",
            hint="give one character, e.g. --sep ';' or --sep tab",
        )
    return sep


def _records(text: str, sep: str, limit: int | None = None) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    out = []
    try:
        for rec in reader:
            if rec:
                out.append(rec)
            if limit and len(out) >= limit:
                break
    except csv.Error:
        pass  # a sample cut inside a quoted cell: what was read is enough
    return out


def sniff_separator(text: str) -> str:
    """The separator of delimited ``text``: ``csv.Sniffer``'s pick when the header and the
    first records agree on it, else the candidate on which they agree best.

    >>> sniff_separator("a|b|c\\n1|2|3\\n"), sniff_separator("lat;lon\\n50,45;30,52\\n")
    ('|', ';')
    >>> sniff_separator("place\\nKyiv\\n")
    ','
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]  # whole lines only
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        sniffed = None

    def agreement(sep: str) -> tuple[bool, float, int]:
        recs = _records(sample, sep, _SNIFF_RECORDS)
        if not recs:
            return (False, 0.0, 0)
        width = len(recs[0])
        same = sum(len(r) == width for r in recs) / len(recs)
        return (width > 1 and same >= 0.9, same, width)

    scores = {sep: agreement(sep) for sep in SEPARATORS}
    if sniffed in scores and scores[sniffed][0]:
        return sniffed
    best = max(SEPARATORS, key=lambda s: scores[s])
    return best if scores[best][0] else ","


def record_lines(text: str, sep: str) -> np.ndarray:
    """The 1-based line on which each data record starts (the header left out).

    A quoted cell may hold line breaks, and blank lines are skipped (as pandas does), so a
    record's line is not its index plus one.

    >>> record_lines('a,b\\n1,"two\\nlines"\\n\\n3,x\\n', ",").tolist()
    [2, 5]
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    starts: list[int] = []
    before = 0
    try:
        for rec in reader:
            if rec:
                starts.append(before + 1)
            before = reader.line_num
    except csv.Error:
        pass
    return np.asarray(starts[1:], dtype=np.int64)


def _bad_width(text: str, sep: str, name: str) -> InputError | None:
    """An ``InputError`` for the first record whose number of cells differs from the
    header's, on its real line; ``None`` if all agree."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    width = None
    before = 0
    try:
        for rec in reader:
            if rec:
                if width is None:
                    width = len(rec)
                elif len(rec) != width:
                    return InputError(
                        f"this row has {len(rec)} cells but the header has {width}",
                        file=name,
                        line=before + 1,
                        hint="check the row for a stray separator or an unclosed quote; "
                        f"the file is read as separated by {_SEP_NAMES.get(sep, repr(sep))}"
                        " (--sep chooses)",
                    )
            before = reader.line_num
    except csv.Error as e:
        return InputError(
            f"cannot read the row: {e}",
            file=name,
            line=before + 1,
            hint="check for an unclosed quote",
        )
    return None


def read_delimited(
    raw: bytes,
    name: str,
    *,
    sep: str | None = None,
    encoding: str | None = None,
) -> Sheet:
    """Delimited text from ``raw`` bytes; see the module docstring.

    >>> r = read_delimited("a\\tb\\n1\\t2\\n".encode("utf-16"), "t.tsv")
    >>> r.frame.columns.tolist(), r.notes
    (['a', 'b'], ('t.tsv: read as UTF-16, separated by tabs',))
    """
    decoded = decode_any(raw, name, encoding)
    text = decoded.text
    if not text.strip():
        raise InputError("the table is empty", file=name, hint="export the table with its rows")
    if sep is None:
        sep = "\t" if name.lower().endswith(".tsv") and "\t" in text[:_SNIFF_CHARS] else None
        sep = sep or sniff_separator(text)
    said = []
    if decoded.encoding not in ("utf-8", "utf-8-sig") and not encoding:
        said.append(f"read as {decoded.label}")
    if sep != ",":
        said.append(f"separated by {_SEP_NAMES.get(sep, repr(sep))}")
    notes = (f"{name}: {', '.join(said)}",) if said else ()
    try:
        import pyarrow  # noqa: F401

        engine = "pyarrow"  # threaded: 3x faster than pandas' C parser at 100,000 rows
    except ImportError:  # pragma: no cover
        engine = "c"
    raw_text = text.encode("utf-8")
    try:
        try:
            frame = pd.read_csv(io.BytesIO(raw_text), sep=sep, dtype=str,
                                keep_default_na=False, encoding="utf-8", engine=engine)  # fmt: skip
        except (ValueError, pd.errors.ParserError):
            if engine == "c":
                raise
            # pyarrow reads in blocks and refuses a row longer than one (a cell of megabytes):
            # pandas' own parser has no such limit (the cell is cut later, geo.tables.limits)
            frame = pd.read_csv(io.BytesIO(raw_text), sep=sep, dtype=str,
                                keep_default_na=False, encoding="utf-8", engine="c")  # fmt: skip
    except (ValueError, pd.errors.ParserError) as e:
        found = _bad_width(text, sep, name)
        if found is not None:
            raise found from None
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise InputError(
            f"cannot read the table: {first}", file=name, hint="check that it has a header line"
        ) from None
    _check_header(text, sep, name)
    return Sheet(frame.fillna(""), notes, lambda: record_lines(text, sep))


_PLAIN_SAMPLE = 1 << 18  # the head read to find the header, separator and encoding
_BLOCK = 1 << 18  # bytes of the file parsed at a time by read_delimited_columns


def read_delimited_columns(
    path: Path,
    choose: Callable[[list[str]], list[str]],
    *,
    sep: str | None = None,
    encoding: str | None = None,
) -> Sheet | None:
    """Only the columns ``choose(header)`` names, as text, read block by block with
    pyarrow's streaming reader: the other columns are never kept and the file is never whole
    in memory (:func:`read_delimited` holds its bytes, its text and the frame: 100 MB more
    at 100,000 ACLED rows).

    The separator is ``sep`` or sniffed from the file's head as :func:`read_delimited` does.
    ``None`` (read the file with :func:`read_delimited`, then drop columns) unless the file is
    plain UTF-8 (``encoding`` none or UTF-8; the head valid UTF-8, a BOM allowed) with a
    header of distinct, non-empty names, and pyarrow reads it without complaint: every
    other case (UTF-16, Windows-1252, a ragged row, an undecodable byte in a chosen column)
    gets read_delimited's reading and its messages.
    """
    import codecs

    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:  # pragma: no cover
        return None
    name = str(path)
    if encoding and codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig"):
        return None
    try:
        with path.open("rb") as fh:
            head = fh.read(_PLAIN_SAMPLE + 1)
    except OSError:
        return None  # read_delimited says why
    whole = len(head) <= _PLAIN_SAMPLE
    if not whole:
        head = head[: head.rfind(b"\n") + 1]  # whole lines only
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not head.strip() or b"\x00" in head[:8192]:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if sep is None:
        sep = "\t" if name.lower().endswith(".tsv") and "\t" in text[:_SNIFF_CHARS] else None
        sep = sep or sniff_separator(text)
    header_records = _records(text, sep, 1)
    if not header_records:
        return None
    header = header_records[0]
    if any(not c for c in header) or len(set(header)) != len(header):
        _check_header(text, sep, name)  # two columns of one name: that error
        return None  # an unnamed column: pandas names it, read_delimited reads it
    chosen = [c for c in header if c in set(choose(list(header)))]
    convert = pacsv.ConvertOptions(
        include_columns=chosen,
        # large_string: pandas' own text storage, so the frame takes the buffers as they are
        column_types=dict.fromkeys(chosen, pa.large_string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    parse = pacsv.ParseOptions(delimiter=sep, newlines_in_values=True)
    # Small blocks, one thread: the parse buffers of the unread columns stay small (256 kB:
    # 100,000 ACLED rows read with ~25 MB less outside the table than with 1 MB blocks; a
    # record longer than a block is an Arrow error, and read_delimited reads the file).
    options = pacsv.ReadOptions(block_size=_BLOCK, use_threads=False)
    try:
        with pacsv.open_csv(path, read_options=options, parse_options=parse,
                            convert_options=convert) as stream:  # fmt: skip
            table = _joined_blocks(stream)
    except (pa.ArrowException, ValueError, OSError):
        return None  # read whole, the problem is reported with its line
    if table.num_columns != len(chosen):
        return None
    text_type = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' own text type
    frame = table.to_pandas(types_mapper={pa.large_string(): text_type}.get).fillna("")
    notes = (f"{name}: separated by {_SEP_NAMES.get(sep, repr(sep))}",) if sep != "," else ()

    def lines() -> np.ndarray:  # only when a problem needs its line: the file read again
        return record_lines(path.read_bytes().decode("utf-8-sig"), sep)

    return Sheet(frame, notes, lines)


_CHUNK_BYTES = 8 << 20  # a column's blocks are joined into chunks of about this size


def _joined_blocks(stream) -> pa.Table:
    """The stream's record batches as a table whose columns come in chunks of about
    ``_CHUNK_BYTES``, joined as they arrive (a small block's arrays are freed once joined).

    Small blocks keep the parser's memory low, but 2,200 chunks a column at 1,000,000 rows
    made every take of rows cost 2,200 calls (the page's details: ~45 s)."""
    import pyarrow as pa

    names = stream.schema.names
    done: list[list[pa.Array]] = [[] for _ in names]
    waiting: list[list[pa.Array]] = [[] for _ in names]
    size = [0] * len(names)

    def join(i: int) -> None:
        if waiting[i]:
            done[i].append(pa.concat_arrays(waiting[i]) if len(waiting[i]) > 1 else waiting[i][0])
            waiting[i], size[i] = [], 0

    for batch in stream:
        for i in range(len(names)):
            column = batch.column(i)
            waiting[i].append(column)
            size[i] += column.nbytes
            if size[i] >= _CHUNK_BYTES:
                join(i)
        del batch
    for i in range(len(names)):
        join(i)
    schema = stream.schema
    return pa.table([pa.chunked_array(done[i], schema.field(i).type) for i in range(len(names))],
                    schema=schema)  # fmt: skip


def _check_header(text: str, sep: str, name: str) -> None:
    """Two columns of one name are an error: the reader renames the second (``lat.1``), so
    the first silently won. The header is read with the csv module (quotes honoured)."""
    import csv

    # the first line, or (quoted names may hold line breaks) the first megabyte
    first = text[: text.find("\n") + 1 or len(text)] if '"' not in text[:4096] else text[: 1 << 20]
    try:
        header = next(csv.reader(io.StringIO(first), delimiter=sep), [])
    except csv.Error:
        return
    seen: dict[str, int] = {}
    for i, column in enumerate(header, 1):
        key = column.strip()
        if key and key in seen:
            raise InputError(
                f"the column name {key!r} is given twice (columns {seen[key]} and {i})",
                file=name,
                line=1,
                hint="rename one of the two columns, or delete the one you do not need",
            )
        seen.setdefault(key, i)


def read_workbook(path: Path, sheet: str | None = None) -> Sheet:
    """The first sheet (or ``sheet``, by name or 1-based number) of an Excel or ODS file.

    Cells keep their value as text; a cell Excel stores as a date becomes ``YYYY-MM-DD``.
    """
    name = str(path)
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        raise InputError(
            f"reading {path.suffix} files needs python-calamine",
            file=name,
            hint="pip install python-calamine, or save the sheet as CSV (File, Save As, CSV)",
        ) from None
    try:
        names = CalamineWorkbook.from_path(str(path)).sheet_names
    except Exception as e:  # calamine's own errors: a damaged or encrypted file
        raise InputError(
            f"cannot read the workbook: {e}",
            file=name,
            hint="open it in a spreadsheet program and save it again, or save the sheet as CSV",
        ) from None
    if not names:
        raise InputError("the workbook has no sheets", file=name, hint="check the file")
    chosen = names[0]
    if sheet is not None:
        if sheet in names:
            chosen = sheet
        elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
            chosen = names[int(sheet) - 1]
        else:
            raise InputError(
                f"no sheet {sheet!r}",
                file=name,
                field="--sheet",
                hint=f"the sheets are: {', '.join(names)}",
            )
    frame = pd.read_excel(path, sheet_name=chosen, engine="calamine")
    notes = ()
    if len(names) > 1:
        notes = (f"{name}: read sheet {chosen!r} of {len(names)} ({', '.join(names)}); "
                 "--sheet chooses another",)  # fmt: skip
    rows = np.arange(len(frame), dtype=np.int64) + 2  # the header is the sheet's row 1
    return Sheet(_text_cells(frame), notes, lambda: rows)


def _text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A workbook's typed cells as the text a person sees: whole numbers without ``.0``,
    dates as ``YYYY-MM-DD``, empty cells as ""."""
    out = {}
    for col in frame.columns:
        values = frame[col]
        if pd.api.types.is_datetime64_any_dtype(values):
            text = values.dt.strftime("%Y-%m-%d")
        else:

            def cell(v):
                if v is None or (isinstance(v, float) and np.isnan(v)):
                    return ""
                if isinstance(v, float) and v.is_integer():
                    return str(int(v))
                if hasattr(v, "strftime"):
                    return v.strftime("%Y-%m-%d")
                return str(v)

            text = values.map(cell)
        out[str(col)] = text.fillna("").astype(object)
    return pd.DataFrame(out, index=frame.index)
