"""A news corpus: read it, and geoparse it one partition (a DataFrame of articles) at a time.

:func:`read_corpus` (:mod:`geo.tables.corpus_read`) reads JSON Lines, CSV or Parquet with
``id`` and ``text`` (``date`` and ``url`` optional), one article per row, into articles with
a ``row`` column (their 0-based position in the file), the key that orders every result;
an article that cannot be read is set aside, named by its line, and the others go on.

:func:`geoparse_frame` is the pure per-partition step that both engines of ``incident-map
geoparse CORPUS`` run: articles in, one row per mention and per extracted incident out,
ordered by article, then mentions before incidents, then span. It opens nothing itself:
the gazetteer is the process-wide one (``geo.text.geoparse._default``), opened on first use in
each process (a Dask worker opens it once, never receives it pickled). An article whose
geoparsing fails (a bug on an odd text) gives one ``record == "error"`` row with the reason
in ``sentence``, so one article never stops a partition; :func:`split_errors` takes those
rows out.

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

import re
from bisect import bisect_right
from datetime import date

import numpy as np
import pandas as pd

from geo.errors import InputError
from geo.tables.corpus_read import CORPUS_SUFFIXES, MAX_ARTICLE_CHARS, BadArticle, read_corpus

__all__ = [
    "CORPUS_SUFFIXES",
    "MAX_ARTICLE_CHARS",
    "SCHEMA",
    "BadArticle",
    "empty_frame",
    "finish",
    "geoparse_frame",
    "read_corpus",
    "split_errors",
    "to_geo",
]


# Output columns and their dtypes, the same in every partition and on every engine.
SCHEMA: dict[str, str] = {
    "row": "int64",  # position of the article in the corpus
    "id": "string",  # the article's id
    "record": "string",  # "mention" or "incident" ("error": see split_errors)
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
_RECORD_ORDER = {"mention": 0, "incident": 1, "error": 2}
_URL = re.compile(r"https?://\S+$")


def empty_frame() -> pd.DataFrame:
    """A frame with no rows and :data:`SCHEMA`'s columns: Dask's ``meta``.

    >>> list(empty_frame().columns)[:4]
    ['row', 'id', 'record', 'start']
    """
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SCHEMA.items()})


# ---------------------------------------------------------------------------- geoparsing


def _day(value) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def geoparse_frame(articles: pd.DataFrame) -> pd.DataFrame:
    """Mentions and incidents of ``articles`` (columns as :func:`read_corpus` gives them).

    Deterministic: rows follow article order, mentions (by span) before incidents (in
    text order). Columns and dtypes are :data:`SCHEMA`'s. An article that fails gives one
    ``"error"`` row instead (its reason in ``sentence``) and the others go on.
    """
    from geo.text.geoparse import _default

    gz = _default()  # process-wide: opened once per process, on first use
    cols: dict[str, list] = {c: [] for c in SCHEMA}
    for art in articles.itertuples(index=False):
        text = art.text if isinstance(art.text, str) else ""
        if not text.strip():
            continue
        url = art.url if isinstance(art.url, str) else None
        base = {"row": art.row, "id": art.id, "url": url}
        mine: dict[str, list] = {c: [] for c in SCHEMA}  # this article's rows, all or none
        try:
            _article(mine, base, text, _day(art.date), gz)
        except Exception as exc:  # one odd article must not stop a partition of thousands
            mine = {c: [] for c in SCHEMA}
            reason = f"could not be geoparsed ({type(exc).__name__}: {exc})"
            _add(mine, base, "error", 0, 0, "", None, None, np.nan, None, None, None, reason)
        for c, values in mine.items():
            cols[c].extend(values)
    return pd.DataFrame({c: pd.Series(v, dtype=_build_dtype(c)) for c, v in cols.items()})


def _article(cols: dict, base: dict, text: str, day: date | None, gz) -> None:
    """Add one article's mention and incident rows to ``cols``."""
    from geo.text.extract import extract
    from geo.text.geoparse import geoparse
    from geo.text.sentences import split_sentences

    seen: list = []

    def parse(t: str, country: str | None = None, near=None) -> list:
        ms = geoparse(t, country=country, near=near, gazetteer=gz)
        seen.extend(ms)
        return ms

    url = base["url"]
    story = extract(
        text,
        article_date=day,
        source_url=url if url and _URL.match(url) else None,
        geoparse=parse,
    )
    sentences = split_sentences(text)
    starts = [s.start for s in sentences]
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


def split_errors(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``frame`` (from :func:`finish`) without its ``"error"`` rows, and those rows.

    >>> rows, errors = split_errors(finish(empty_frame()))
    >>> len(rows), len(errors)
    (0, 0)
    """
    is_error = (frame["record"] == "error").to_numpy(bool)
    rows = frame[~is_error].reset_index(drop=True)
    return rows, frame[is_error].reset_index(drop=True)


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
