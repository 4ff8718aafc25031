"""The incident payload read back in Python: what the page holds, for tests and checks.

>>> frame = decode_payload(IncidentLayer(table).payload)     # doctest: +SKIP
>>> frame.columns[:5].tolist()                                # doctest: +SKIP
['row', 'lat', 'lon', 'day', 'type']
"""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd

from maps.layers.scale_payload import BLANK, Payload, inflate, split_segments

SEGMENTS = {"int": 1, "dict": 1, "text": 2, "day": 0, "type": 0}


def _block(payload: Payload, k: int) -> bytes:
    return inflate(base64.b64decode(payload.details[k]))


def _texts(lengths: bytes, utf8: bytes) -> np.ndarray:
    text = utf8.decode("utf-8")
    units = np.frombuffer(lengths, "<u4").astype(np.int64)
    # Python indexes code points, JavaScript UTF-16 units: count in UTF-16 to slice.
    wide = text.encode("utf-16-le")
    ends = np.cumsum(units) * 2
    starts = ends - units * 2
    pairs = zip(starts.tolist(), ends.tolist(), strict=True)
    return np.array([wide[a:b].decode("utf-16-le") for a, b in pairs], dtype=object)


def decode_payload(payload: Payload) -> pd.DataFrame:
    """Every incident of the payload (``row``, ``lat``, ``lon``, ``day``, ``type`` and the
    popup columns as text), in payload order."""
    head = payload.head
    q = head["quantum"]
    dlat, dlon, runs, days, tcodes = split_segments(base64.b64decode(payload.draw))
    runs = np.frombuffer(runs, "<u4").astype(np.int64)
    lat = np.repeat(np.cumsum(np.frombuffer(dlat, "<i4").astype(np.int64)), runs)
    lon = np.repeat(np.cumsum(np.frombuffer(dlon, "<i4").astype(np.int64)), runs)
    days = np.frombuffer(days, "<u2").astype(np.int64)
    tcodes = np.frombuffer(tcodes, "u1" if head["tw"] == 1 else "<u2")
    day = (days - 1 + head["day0"]).astype("datetime64[D]")
    out: dict[str, object] = {"lat": lat * q, "lon": lon * q}
    out["day"] = np.where(days > 0, day, np.datetime64("NaT"))
    types = np.array(head["types"], dtype=object)
    out["type"] = types[tcodes]
    dicts: list[np.ndarray] = []
    if head["dicts"]:
        segs = list(split_segments(_block(payload, 0)))
        dicts = [_texts(segs[i], segs[i + 1]) for i in range(0, len(segs), 2)]
    parts: dict[str, list[np.ndarray]] = {"row": []}
    for c in head["columns"]:
        parts[c["name"]] = []
    for k in range(head["chunks"]):
        segs = list(split_segments(_block(payload, k + head["dicts"])))
        parts["row"].append(np.frombuffer(segs[0], "<u4").astype(np.int64))
        at, k = 1, 0
        for c in head["columns"]:
            kind = c["kind"]
            if kind == "int":
                v = np.frombuffer(segs[at], "<i4").astype(np.int64)
                parts[c["name"]].append(np.where(v == BLANK, "", v.astype(str)).astype(object))
            elif kind == "dict":
                dtype = {1: "u1", 2: "<u2", 4: "<u4"}[c["w"]]
                parts[c["name"]].append(dicts[k][np.frombuffer(segs[at], dtype)])
            elif kind == "text":
                parts[c["name"]].append(_texts(segs[at], segs[at + 1]))
            at += SEGMENTS[kind]
            k += kind == "dict"
    frame = pd.DataFrame(out)
    frame.insert(0, "row", np.concatenate(parts.pop("row")) if head["chunks"] else [])
    for c in head["columns"]:
        name, kind = c["name"], c["kind"]
        if kind == "day":
            text = pd.Series(frame["day"]).dt.strftime("%Y-%m-%d").fillna("")
            frame[name] = text.astype(object).to_numpy()
        elif kind == "type":
            frame[name] = frame["type"].to_numpy()
        else:
            got = parts[name]
            frame[name] = np.concatenate(got) if got else np.array([], dtype=object)
    return frame


def filter_counts(
    payload: Payload,
    start: str | None = None,
    end: str | None = None,
    hidden_types: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """Shown incidents per type for a day range (inclusive) and hidden types: the rule the
    page's filter follows (undated incidents are always shown while their type is)."""
    frame = decode_payload(payload)
    keep = ~frame["type"].isin(hidden_types)
    dated = frame["day"].notna()
    if start:
        keep &= ~dated | (frame["day"] >= pd.Timestamp(start))
    if end:
        keep &= ~dated | (frame["day"] <= pd.Timestamp(end))
    counts = frame.loc[keep, "type"].value_counts()
    return {t: int(counts.get(t, 0)) for t in payload.head["types"]}
