"""A news corpus: read it, and geoparse it one partition (a DataFrame of articles) at a time.

A corpus is JSON Lines (``.jsonl``/``.ndjson``), CSV or Parquet with one article per row:
``id`` and ``text`` are required, ``date`` (YYYY-MM-DD) and ``url`` are optional, other
columns are ignored. :func:`read_corpus` returns the articles with a ``row`` column (their
0-based position in the file), the key that orders every result.

:func:`geoparse_frame` is the pure per-partition step that both engines of ``incident-map
geoparse CORPUS`` run: articles in, one row per mention and per extracted incident out,
ordered by article, then mentions before incidents, then span. It opens nothing itself:
the gazetteer is the process-wide one (``geo.text.geoparse._default``), opened on first use in
each process (a Dask worker opens it once, never receives it pickled).

Mentions are the toponyms :func:`geo.text.extract.extract` works from (geoparsed with the
dateline's country as a preference when the article has one), so each article is
geoparsed once. An incident's span runs from the start of its first sentence to the end
of its last; its place is resolved as ``render`` would resolve the drafted story.

>>> arts = pd.DataFrame({"row": [0], "id": ["a1"], "date": [pd.NaT], "url": [None],
...     "text": ["Two drones were shot down over Moscow on 3 May 2023."]})
>>> out = geoparse_frame(arts)
>>> out[["record", "start", "place", "type"]].values.tolist()
[['mention', 31, 'Moscow', 'location'], ['incident', 0, 'Moscow', 'disrupted_weapons_use']]
"""

from __future__ import annotations

import json
import os
import re
from bisect import bisect_right
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from geo.errors import InputError
from geo.files.textfile import check_input

__all__ = [
    "CORPUS_SUFFIXES",
    "SCHEMA",
    "empty_frame",
    "finish",
    "geoparse_frame",
    "read_corpus",
    "to_geo",
]

CORPUS_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet")
# The cap of one article, as for ``extract`` (200 kB): README, "Bad input".
MAX_ARTICLE_CHARS = 200_000
_HINT_COLUMNS = "a corpus needs an 'id' and a 'text' column ('date' and 'url' are optional)"

# Output columns and their dtypes, the same in every partition and on every engine.
SCHEMA: dict[str, str] = {
    "row": "int64",  # position of the article in the corpus
    "id": "string",  # the article's id
    "record": "string",  # "mention" or "incident"
    "start": "int64",  # span in the article's text, end exclusive
    "end": "int64",
    "text": "string",  # the span's text
    "type": "string",  # mention: location/metonym/demonym; incident: geo.story.model type
    "place": "string",  # place name; <NA> when it could not be placed
    "kind": "string",  # landmark/city/region/country/point
    "precision": "string",  # point/city/region/country
    "country": "string",  # ISO alpha-2
    "admin1": "string",
    "lat": "float64",
    "lon": "float64",
    "score": "float64",  # mention: resolution confidence 0..1; incident: NaN
    "count": "Int64",  # incident: how many (drones, trains...)
    "date": "datetime64[s]",  # incident: its first day; mention: the article's date
    "date_end": "datetime64[s]",  # incident: its last day when it spans several
    "sentence": "string",  # the sentence(s) the row comes from
    "url": "string",
}
_RECORD_ORDER = {"mention": 0, "incident": 1}
_URL = re.compile(r"https?://\S+$")


def empty_frame() -> pd.DataFrame:
    """A frame with no rows and :data:`SCHEMA`'s columns: Dask's ``meta``.

    >>> list(empty_frame().columns)[:4]
    ['row', 'id', 'record', 'start']
    """
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SCHEMA.items()})


# ------------------------------------------------------------------------------- reading


def read_corpus(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Articles of a corpus file: columns ``row``, ``id``, ``text``, ``date``, ``url``.

    ``InputError`` names the file and the line (JSON Lines, CSV) or row (Parquet) and the
    field of anything unreadable: a missing column, a bad JSON line, an empty id, a text that
    is not a string, a date that is not YYYY-MM-DD.

    >>> read_corpus("news.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: news.txt: cannot read .txt as a corpus (use .jsonl ...)
    """
    p = Path(path)
    suffix = check_input(
        p, CORPUS_SUFFIXES, "a corpus", "use .jsonl (one JSON object per line), .csv or .parquet"
    )
    if suffix in (".jsonl", ".ndjson"):
        frame, lines = _read_jsonl(p)
    elif suffix == ".csv":
        frame, lines = _read_csv(p)
    else:
        frame, lines = _read_parquet(p), None
    return _check(frame, str(p), lines)


def _read_jsonl(p: Path) -> tuple[pd.DataFrame, np.ndarray]:
    from geo.files.textfile import read_text

    records, numbers = [], []
    for n, line in enumerate(read_text(p, "corpus", limit=None).splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(
                f"not valid JSON: {e.msg} (column {e.colno})",
                file=str(p),
                line=n,
                hint='write one JSON object per line: {"id": "a1", "text": "..."}',
            ) from None
        if not isinstance(rec, dict):
            raise InputError(
                f"a line must be a JSON object, not {type(rec).__name__}",
                file=str(p),
                line=n,
                hint='write one JSON object per line: {"id": "a1", "text": "..."}',
            )
        for key in ("id", "text"):
            if key not in rec:
                raise InputError(
                    f"missing '{key}'", file=str(p), line=n, field=key, hint=_HINT_COLUMNS
                )
        for key in ("id", "text", "date", "url"):
            if isinstance(rec.get(key), str) and _has_surrogate(rec[key]):
                raise _surrogate_error(str(p), n, key)  # Arrow strings cannot hold it
        records.append(rec)
        numbers.append(n)
    frame = pd.DataFrame.from_records(records, columns=["id", "text", "date", "url"])
    return frame, np.asarray(numbers, dtype=np.int64)


def _read_csv(p: Path) -> tuple[pd.DataFrame, np.ndarray]:
    try:
        frame = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise InputError(
            f"cannot read the CSV: {first}",
            file=str(p),
            hint="save it as UTF-8 CSV with a header line",
        ) from None
    # data row i is on line i + 2 (the header is line 1) unless a quoted text spans lines
    return frame, np.arange(2, len(frame) + 2, dtype=np.int64)


def _read_parquet(p: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(p)
    except (ValueError, OSError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise InputError(
            f"cannot read the Parquet file: {first}", file=str(p), hint="check the file"
        ) from None


def _check(frame: pd.DataFrame, name: str, lines: np.ndarray | None) -> pd.DataFrame:
    lower = {str(c).lower(): c for c in frame.columns}
    for need in ("id", "text"):
        if need not in lower:
            found = ", ".join(map(str, frame.columns)) or "none"
            raise InputError(
                f"no '{need}' column (columns: {found})", file=name, field=need, hint=_HINT_COLUMNS
            )

    def where(i: int) -> dict:
        # the first bad entry: its line for text formats, its 1-based row for Parquet
        if lines is not None:
            return {"file": name, "line": int(lines[i])}
        return {"file": f"{name} (row {i + 1})"}

    def col(key: str) -> pd.Series:
        return frame[lower[key]] if key in lower else pd.Series([None] * len(frame))

    text = col("text").reset_index(drop=True)
    bad = ~text.map(lambda v: isinstance(v, str)).to_numpy(bool)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(
            "the text is not a string",
            **where(i),
            field="text",
            hint="give each article its text as a string",
        )
    # An article of a corpus is capped like a single one (extract's 200 kB): a longer text
    # is a dump, not an article, and the recogniser's time grows with it.
    long = (text.str.len() > MAX_ARTICLE_CHARS).to_numpy(bool)
    if long.any():
        i = int(np.flatnonzero(long)[0])
        raise InputError(
            f"the text is {len(text[i]):,} characters, over the {MAX_ARTICLE_CHARS:,} of an "
            "article",
            **where(i),
            field="text",
            hint="split it into articles, one a line or row",
        )
    ids = col("id").reset_index(drop=True)
    id_text = ids.map(lambda v: "" if v is None or v != v else str(v).strip())

    empty = (id_text == "").to_numpy(bool)
    if empty.any():
        i = int(np.flatnonzero(empty)[0])
        raise InputError("the id is empty", **where(i), field="id", hint="give every article an id")
    raw_date = col("date").reset_index(drop=True)
    dates = _parse_dates(raw_date)
    bad = (dates.isna() & raw_date.map(_given).to_numpy(bool)).to_numpy(bool)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"'{raw_date[i]}' is not a date",
            **where(i),
            field="date",
            hint="write it as YYYY-MM-DD, e.g. 2023-05-03",
        )
    url = col("url").reset_index(drop=True).map(lambda v: str(v).strip() if _given(v) else None)
    return pd.DataFrame(
        {
            "row": np.arange(len(frame), dtype=np.int64),
            "id": id_text.astype("string"),
            "text": text.astype("string"),
            "date": dates,
            "url": url.astype("string"),
        }
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(value: str) -> bool:
    return bool(_SURROGATE.search(value))


def _surrogate_error(name: str, line: int, key: str) -> InputError:
    # A JSON "\ud800" is half a character: no file, page or terminal can encode it.
    return InputError(
        "holds an escape for half a character (a lone surrogate such as \\ud800)",
        file=name,
        line=line,
        field=key,
        hint="remove the \\u escape, or write the whole character",
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


# ---------------------------------------------------------------------------- geoparsing


def _day(value) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def geoparse_frame(articles: pd.DataFrame) -> pd.DataFrame:
    """Mentions and incidents of ``articles`` (columns as :func:`read_corpus` gives them).

    Deterministic: rows follow article order, mentions (by span) before incidents (in
    text order). Columns and dtypes are :data:`SCHEMA`'s.
    """
    from geo.text.extract import extract
    from geo.text.geoparse import _default, geoparse
    from geo.text.sentences import split_sentences

    gz = _default()  # process-wide: opened once per process, on first use
    cols: dict[str, list] = {c: [] for c in SCHEMA}
    for art in articles.itertuples(index=False):
        text = art.text if isinstance(art.text, str) else ""
        if not text.strip():
            continue
        seen: list = []

        def parse(t: str, country: str | None = None, near=None, _seen=seen) -> list:
            ms = geoparse(t, country=country, near=near, gazetteer=gz)
            _seen.extend(ms)
            return ms

        url = art.url if isinstance(art.url, str) else None
        day = _day(art.date)
        story = extract(
            text,
            article_date=day,
            source_url=url if url and _URL.match(url) else None,
            geoparse=parse,
        )
        sentences = split_sentences(text)
        starts = [s.start for s in sentences]
        base = {"row": art.row, "id": art.id, "url": url}
        for m in sorted(seen, key=lambda m: (m.start, m.end)):
            k = bisect_right(starts, m.start) - 1
            s = sentences[k] if k >= 0 and m.start < sentences[k].end else None
            _add(
                cols,
                base,
                "mention",
                m.start,
                m.end,
                m.text,
                m.role,
                m.place,
                m.score,
                None,
                day,
                None,
                s.text if s else "",
            )
        _add_incidents(cols, base, story, text, sentences)
    return pd.DataFrame({c: pd.Series(v, dtype=_build_dtype(c)) for c, v in cols.items()})


def _build_dtype(column: str) -> str:
    # dates go in as datetime.date objects, converted once in finish()
    return "object" if SCHEMA[column].startswith("datetime") else SCHEMA[column]


def _add(cols, base, record, start, end, text, kind, place, score, count, day, day_end, sent):
    for k, v in base.items():
        cols[k].append(v)
    cols["record"].append(record)
    cols["start"].append(start)
    cols["end"].append(end)
    cols["text"].append(text)
    cols["type"].append(kind)
    cols["place"].append(place.name if place else None)
    cols["kind"].append(place.kind if place else None)
    cols["precision"].append(place.precision if place else None)
    cols["country"].append(place.country if place else None)
    cols["admin1"].append(place.admin1 if place else None)
    cols["lat"].append(place.lat if place else np.nan)
    cols["lon"].append(place.lon if place else np.nan)
    cols["score"].append(score)
    cols["count"].append(count)
    cols["date"].append(day)
    cols["date_end"].append(day_end)
    cols["sentence"].append(sent)


def _add_incidents(cols, base, story, text: str, sentences) -> None:
    from geo.story.resolve import Resolver, Where

    if not story.incidents:
        return
    resolver = Resolver(story)
    cursor = 0
    for inc in story.incidents:
        joined = inc.sentence or ""
        first = next(
            (k for k in range(cursor, len(sentences)) if joined.startswith(sentences[k].text)),
            None,
        )
        if first is None:
            start, end = 0, 0
        else:
            last = next(
                (k for k in range(first, len(sentences)) if joined.endswith(sentences[k].text)),
                first,
            )
            start, end, cursor = sentences[first].start, sentences[last].end, first
        try:
            place = resolver.place(inc.place, Where(None, None, "place"))
        except InputError:  # a drafted name the gazetteer cannot place again: keep the row
            place = None
        _add(
            cols,
            base,
            "incident",
            start,
            end,
            text[start:end],
            inc.type,
            place,
            np.nan,
            inc.count,
            inc.date_start,
            inc.date_end,
            joined,
        )


# ---------------------------------------------------------------------------- finishing


def finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Partitions' rows as one frame in the canonical order and dtypes, fresh 0..n index.

    Both engines end here, so their results compare equal row for row.
    """
    out = frame.copy()
    for c, t in SCHEMA.items():
        if t.startswith("datetime"):
            out[c] = pd.to_datetime(out[c].astype(object), errors="coerce").astype(t)
        else:
            out[c] = out[c].astype(t)
    order = np.lexsort(
        (
            out["end"].to_numpy(),
            out["start"].to_numpy(),
            out["record"].map(_RECORD_ORDER).to_numpy(),
            out["row"].to_numpy(),
        )
    )
    extra = [c for c in out.columns if c not in SCHEMA]  # e.g. border_km, kept after
    return out.iloc[order].reset_index(drop=True)[[*SCHEMA, *extra]]


def to_geo(frame: pd.DataFrame):
    """``frame`` as a GeoDataFrame of points in EPSG:4326 (no geometry where unplaced).

    >>> to_geo(finish(empty_frame())).crs.to_epsg()
    4326
    """
    import geopandas as gpd
    import shapely

    lon, lat = frame["lon"].to_numpy(float), frame["lat"].to_numpy(float)
    points = shapely.points(lon, lat)
    points[np.isnan(lon) | np.isnan(lat)] = None
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")
