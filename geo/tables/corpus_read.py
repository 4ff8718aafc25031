"""Reading a news corpus article by article: one bad article is set aside, never the end.

A corpus is JSON Lines (``.jsonl``/``.ndjson``), CSV or Parquet with one article per row:
``id`` and ``text`` are required, ``date`` (YYYY-MM-DD) and ``url`` are optional, other
columns are ignored. Or a folder of articles, one ``.txt`` file each (the id is the file's
path in the folder). :func:`read_corpus` returns the articles with a ``row`` column (their
0-based position among the corpus's records, bad ones counted), the key that orders every
result.

A problem of the whole file (not a corpus, no ``text`` column, not UTF-8 text at all) is an
``InputError``. A problem of one article (a line that is not JSON or not an object, a missing
or empty id, a text that is not a string or is over the 200 kB of an article, a lone
surrogate, a bad date) is a :class:`BadArticle` when the caller passes a list to collect
them, so a batch of 100,000 articles is not lost to one; without the list the first one is
raised. JSON Lines are read line by line, each at most :data:`MAX_LINE_BYTES` (a longer line
is read past in blocks, never held whole), so one 1 GB line costs no memory.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geo.errors import InputError
from geo.files.textfile import check_input, check_text_head

__all__ = [
    "CORPUS_SUFFIXES",
    "MAX_ARTICLE_CHARS",
    "MAX_CORPUS_BYTES",
    "MAX_LINE_BYTES",
    "BadArticle",
    "read_corpus",
]

CORPUS_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet")
FOLDER_SUFFIXES = (".txt", ".md")  # a folder as a corpus: one article a file
# The cap of one article, as for ``extract`` (200 kB): README, "Bad input".
MAX_ARTICLE_CHARS = 200_000
# A JSON line holds one article: JSON escapes can take six bytes a character (and an id, a
# date and a URL ride along), so the line is capped at eight times the article, as for
# ``geoparse --jsonl``.
MAX_LINE_BYTES = 8 * MAX_ARTICLE_CHARS
# A corpus is read whole on the client (README), at about five times its size in memory
# (a 300 MB JSON Lines file took 1.4 GB): 500 MB keeps the reading under 2.5 GB.
MAX_CORPUS_BYTES = 500_000_000
_HINT_COLUMNS = "a corpus needs an 'id' and a 'text' column ('date' and 'url' are optional)"
_HINT_LINE = 'write one JSON object per line: {"id": "a1", "text": "..."}'
_SURROGATE = re.compile("[\ud800-\udfff]")
# The id of a line that cannot be parsed, when its start shows one (a string or a number).
_ID_IN_HEAD = re.compile(rb'"id"\s*:\s*("(?:[^"\\]|\\.){0,200}"|-?\d{1,30})')


@dataclass(frozen=True)
class BadArticle:
    """One article that cannot be geoparsed: where it is, its id if known, and why.

    ``position`` counts the corpus's records from 0 (as the ``row`` of good articles), so
    bad and good articles sort together in file order.
    """

    position: int
    id: object
    error: InputError


def read_corpus(path: str | Path, bad: list[BadArticle] | None = None) -> pd.DataFrame:
    """Articles of a corpus file: columns ``row``, ``id``, ``text``, ``date``, ``url``.

    ``bad``: a list that receives each article that cannot be read (named by line for JSON
    Lines and CSV, by row for Parquet, and by field); those are left out. Without it, the
    first such article is raised as an ``InputError``.

    >>> read_corpus("news.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: news.txt: cannot read .txt as a corpus (use .jsonl ...)
    """
    p = Path(path)
    found: list[BadArticle] = []
    if p.is_dir():
        frame, lines, positions = _read_folder(p, found)
        return _finish(_check(frame, p, lines, positions, found), found, bad)
    suffix = check_input(
        p, CORPUS_SUFFIXES, "a corpus", "use .jsonl (one JSON object per line), .csv, "
        ".parquet or a folder of .txt articles"
    )  # fmt: skip
    _check_size(p, suffix)
    if suffix in (".jsonl", ".ndjson"):
        frame, lines, positions = _read_jsonl(p, found)
    elif suffix == ".csv":
        frame, lines, positions = _read_csv(p, found)
    else:
        frame, lines = _read_parquet(p), None
        positions = np.arange(len(frame), dtype=np.int64)
    return _finish(_check(frame, p, lines, positions, found), found, bad)


def _finish(
    articles: pd.DataFrame, found: list[BadArticle], bad: list[BadArticle] | None
) -> pd.DataFrame:
    found.sort(key=lambda b: b.position)
    if bad is None and found:
        raise found[0].error
    if bad is not None:
        bad.extend(found)
    return articles


def _check_size(p: Path, suffix: str) -> None:
    """Refuse a corpus over :data:`MAX_CORPUS_BYTES` (on disk, or uncompressed for Parquet,
    from its footer) before reading it: it is read into memory on one machine."""
    size = p.stat().st_size
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            meta = pq.ParquetFile(p).metadata
            size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        except Exception:  # an unreadable footer: the reader names the file
            return
    _refuse_over_limit(size, p, "the corpus is", "files")


def _refuse_over_limit(size: int, p: Path, what: str, parts: str) -> None:
    if size > MAX_CORPUS_BYTES:
        raise InputError(
            f"{what} {size / 1e6:,.0f} MB, over the limit of "
            f"{MAX_CORPUS_BYTES / 1e6:,.0f} MB read at once",
            file=str(p),
            hint=f"split it into several {parts} and geoparse each",
        )


# ------------------------------------------------------------------------- JSON Lines


def _skip_rest(fh) -> int:
    """Read past the rest of the current line in blocks; how many bytes it held."""
    size = 0
    while True:
        block = fh.readline(1 << 20)
        size += len(block)
        if not block or block.endswith(b"\n"):
            return size


def _id_from(head: bytes) -> object:
    found = _ID_IN_HEAD.search(head)
    try:
        return json.loads(found.group(1)) if found else None
    except ValueError:
        return None


def _read_jsonl(p: Path, bad: list[BadArticle]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    name = str(p)
    records: list[dict] = []
    numbers: list[int] = []
    positions: list[int] = []

    def fail(n: int, pos: int, rid: object, message: str, field: str | None = None,
             hint: str | None = _HINT_LINE) -> None:  # fmt: skip
        bad.append(BadArticle(pos, rid, InputError(message, file=name, line=n, field=field,
                                                    hint=hint)))  # fmt: skip

    with p.open("rb") as fh:
        check_text_head(fh.read(8192), name)  # an image or UTF-16 file: the whole file
        fh.seek(0)
        n = pos = 0
        while raw := fh.readline(MAX_LINE_BYTES + 1):
            n += 1
            if n == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                size = len(raw) + _skip_rest(fh)
                fail(n, pos, _id_from(raw[:4096]), f"the line is {size:,} bytes, over the "
                     f"{MAX_LINE_BYTES:,} of one article; split it")  # fmt: skip
                pos += 1
                continue
            if not raw.strip():
                continue
            pos += 1
            try:
                rec = json.loads(raw.rstrip(b"\r\n").decode("utf-8"))  # columns of this line
            except UnicodeDecodeError as e:
                fail(n, pos - 1, _id_from(raw[:4096]), f"not UTF-8 (byte {e.start + 1} of the "
                     "line cannot be read)")  # fmt: skip
                continue
            except json.JSONDecodeError as e:
                fail(n, pos - 1, _id_from(raw[:4096]), f"not valid JSON: {e.msg} (column "
                     f"{e.colno})")  # fmt: skip
                continue
            if not isinstance(rec, dict):
                fail(n, pos - 1, None, f"a line must be a JSON object, not {type(rec).__name__}")
                continue
            rid = rec.get("id")
            missing = next((k for k in ("id", "text") if k not in rec), None)
            if missing:
                fail(n, pos - 1, rid, f"missing '{missing}'", missing, _HINT_COLUMNS)
                continue
            # Arrow strings cannot hold half a character, nor can a page or a terminal.
            half = next(
                (k for k in ("id", "text", "date", "url")
                 if isinstance(rec.get(k), str) and _SURROGATE.search(rec[k])),
                None,
            )  # fmt: skip
            if half:
                fail(n, pos - 1, rid, "holds an escape for half a character (a lone surrogate "
                     "such as \\ud800)", half, "remove the \\u escape, or write the whole "
                     "character")  # fmt: skip
                continue
            records.append(rec)
            numbers.append(n)
            positions.append(pos - 1)
    frame = pd.DataFrame.from_records(records, columns=["id", "text", "date", "url"])
    return frame, np.asarray(numbers, dtype=np.int64), np.asarray(positions, dtype=np.int64)


# ------------------------------------------------------------------------------ folder


def _read_folder(p: Path, bad: list[BadArticle]) -> tuple[pd.DataFrame, None, np.ndarray]:
    """A folder of articles, one ``.txt`` (or ``.md``) file each, in its sub-folders too:
    the id is the file's path in the folder without its suffix. Hidden files and folders
    (``.git``) are left out; an unreadable, empty or over-long file is that article's
    problem, named by its own path."""
    from geo.files.textfile import read_text

    files = sorted(
        f
        for f in p.rglob("*")
        if f.suffix.lower() in FOLDER_SUFFIXES
        and not any(part.startswith(".") for part in f.relative_to(p).parts)
        and f.is_file()
    )
    if not files:
        raise InputError(
            "the folder holds no .txt articles",
            file=str(p),
            hint="put one article in each .txt file, or give a .jsonl, .csv or .parquet corpus",
        )
    total = sum(f.stat().st_size for f in files)
    _refuse_over_limit(total, p, "the folder's articles are", "folders")
    records, positions = [], []
    for pos, f in enumerate(files):
        rid = f.relative_to(p).with_suffix("").as_posix()
        try:
            # UTF-8 up to 4 bytes a character: the character cap is checked after decoding
            text = read_text(f, "article", limit=4 * MAX_ARTICLE_CHARS)
        except InputError as e:
            bad.append(BadArticle(pos, rid, e))
            continue
        if not text.strip():
            problem = ("the article is empty", "put the article's text in, or remove the file")
        elif len(text) > MAX_ARTICLE_CHARS:
            problem = (f"the text is {len(text):,} characters, over the {MAX_ARTICLE_CHARS:,} "
                       "of an article", "split it into articles, one a file")  # fmt: skip
        else:
            problem = None
        if problem:
            bad.append(BadArticle(pos, rid, InputError(problem[0], file=str(f), hint=problem[1])))
            continue
        records.append({"id": rid, "text": text.removeprefix("\ufeff")})
        positions.append(pos)
    frame = pd.DataFrame.from_records(records, columns=["id", "text", "date", "url"])
    return frame, None, np.asarray(positions, dtype=np.int64)


# ------------------------------------------------------------------------- CSV, Parquet


def _read_csv(p: Path, bad: list[BadArticle]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The records of a CSV corpus, read with the csv module: a quoted text may span lines
    and each record keeps the line it starts on; a record with more or fewer cells than the
    header, or a byte that is not UTF-8, is that article's problem, not the file's."""
    import csv

    from geo.files.textfile import check_text_head

    name = str(p)
    raw = p.read_bytes()  # at most MAX_CORPUS_BYTES, checked before
    check_text_head(raw[:8192], name)
    # undecodable bytes become lone surrogates (U+DC80..U+DCFF), found per record below
    text = raw.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    del raw
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))  # a long text is its own problem
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    positions: list[int] = []
    pos, before = 0, 0
    try:
        for rec in reader:
            line, before = before + 1, reader.line_num
            if not rec or (len(rec) == 1 and not rec[0].strip()):
                continue  # a blank line, as pandas skips it
            if header is None:
                header = rec
                continue
            pos += 1
            problem = _record_problem(rec, header)
            if problem:
                rid = _cell(rec, header, "id")
                err = InputError(problem[0], file=name, line=line, hint=problem[1])
                bad.append(BadArticle(pos - 1, rid, err))
                continue
            rows.append(rec)
            lines.append(line)
            positions.append(pos - 1)
    except csv.Error as e:  # the rest of the file cannot be cut into records
        raise InputError(f"cannot read the CSV: {e}", file=name, line=before + 1,
                         hint="check for an unclosed quote") from None  # fmt: skip
    if header is None:
        raise InputError("the corpus is empty", file=name, hint="save it with a header line")
    if len(set(header)) != len(header):
        twice = next(c for c in header if header.count(c) > 1)
        raise InputError(f"the column {twice!r} is given twice", file=name, line=1,
                         hint="rename or delete one of the two columns")  # fmt: skip
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    return frame, np.asarray(lines, dtype=np.int64), np.asarray(positions, dtype=np.int64)


def _record_problem(rec: list[str], header: list[str]) -> tuple[str, str] | None:
    """What is wrong with one CSV record as a whole (message, hint), or None."""
    if len(rec) != len(header):
        return (f"this row has {len(rec)} cells but the header has {len(header)}",
                "check the row for a stray comma or an unclosed quote")  # fmt: skip
    if any(_SURROGATE.search(cell) for cell in rec):
        return "a byte here is not UTF-8", "save the file as UTF-8"
    return None


def _cell(rec: list[str], header: list[str], column: str) -> str | None:
    """The record's cell of ``column`` when it has one that can be echoed."""
    lowered = [h.strip().lower() for h in header]
    i = lowered.index(column) if column in lowered else len(rec)
    value = rec[i].strip() if i < len(rec) else ""
    return value if value and not _SURROGATE.search(value) else None


def _read_parquet(p: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(p)
    except (ValueError, OSError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise InputError(
            f"cannot read the Parquet file: {first}", file=str(p), hint="check the file"
        ) from None


# --------------------------------------------------------------------------- checking


def _check(
    frame: pd.DataFrame,
    p: Path,
    lines: np.ndarray | None,
    positions: np.ndarray,
    bad: list[BadArticle],
) -> pd.DataFrame:
    """The good articles of ``frame``; each bad one (its first problem) goes to ``bad``."""
    name = str(p)
    lower = {str(c).lower(): c for c in frame.columns}
    for need in ("id", "text"):
        if need not in lower:
            found = ", ".join(map(str, frame.columns)) or "none"
            raise InputError(
                f"no '{need}' column (columns: {found})", file=name, field=need, hint=_HINT_COLUMNS
            )

    def col(key: str) -> pd.Series:
        series = frame[lower[key]] if key in lower else pd.Series([None] * len(frame))
        return series.reset_index(drop=True)

    def where(i: int) -> dict:
        # JSON Lines and CSV: the line the record starts on; Parquet: the 1-based row
        if lines is not None:
            return {"file": name, "line": int(lines[i])}
        return {"file": f"{name} (row {i + 1})"}

    ids = col("id").map(lambda v: "" if v is None or v != v else str(v).strip())
    taken = np.zeros(len(frame), dtype=bool)

    def report(mask: np.ndarray, message, field: str, hint: str) -> None:
        for i in np.flatnonzero(mask & ~taken):
            err = InputError(message(int(i)), **where(int(i)), field=field, hint=hint)
            bad.append(BadArticle(int(positions[i]), ids[i] or None, err))
        taken[mask] = True

    text = col("text")
    is_text = text.map(lambda v: isinstance(v, str)).to_numpy(bool)
    report(~is_text, lambda i: "the text is not a string", "text",
           "give each article its text as a string")  # fmt: skip
    # An article of a corpus is capped like a single one (extract's 200 kB): a longer text
    # is a dump, not an article, and the recogniser's time grows with it.
    sizes = text.map(lambda v: len(v) if isinstance(v, str) else 0).to_numpy(np.int64)
    report(sizes > MAX_ARTICLE_CHARS,
           lambda i: f"the text is {sizes[i]:,} characters, over the {MAX_ARTICLE_CHARS:,} "
           "of an article", "text", "split it into articles, one a line or row")  # fmt: skip
    report((ids == "").to_numpy(bool), lambda i: "the id is empty", "id",
           "give every article an id")  # fmt: skip
    raw_date = col("date")
    dates = _parse_dates(raw_date)
    not_date = (dates.isna() & raw_date.map(_given)).to_numpy(bool)
    report(not_date, lambda i: f"'{raw_date[i]}' is not a date", "date",
           "write it as YYYY-MM-DD, e.g. 2023-05-03")  # fmt: skip
    keep = ~taken
    url = col("url").map(lambda v: str(v).strip() if _given(v) else None)
    return pd.DataFrame(
        {
            "row": positions[keep],
            "id": ids[keep].astype("string").reset_index(drop=True),
            "text": text[keep].astype("string").reset_index(drop=True),
            "date": dates[keep].reset_index(drop=True),
            "url": url[keep].astype("string").reset_index(drop=True),
        }
    )


def _given(v) -> bool:
    return v is not None and v is not pd.NA and v is not pd.NaT and v == v and str(v).strip() != ""


def _parse_dates(raw: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(raw):
        return raw.astype("datetime64[s]")
    text = raw.map(lambda v: str(v).strip()[:10] if _given(v) else None)
    # vectorised: strict ISO dates; anything else is NaT and reported by the caller
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    return parsed.astype("datetime64[s]")
