"""What the desk's JSON calls do: the state of the story, candidates, edits, save, publish.

Each takes the :class:`~maps.desk.session.Desk` and the request's JSON object and returns
a JSON-ready dict; a bad value raises ``InputError`` (the app answers 400 with its message,
403 for a path outside the folder). A dict with ``ask`` means "this would replace a file
the desk did not open or write: ask the journalist" (the app answers 409).
"""

from __future__ import annotations

import html
import math
import re
import statistics
from datetime import date
from typing import Any, get_args

from geo.errors import InputError
from geo.story.model import INCIDENT_TYPES, Status
from geo.story.vocabulary import EVENT_TYPES, event_type_of
from maps.desk import document
from maps.desk.paths import inside
from maps.desk.session import STORY_SUFFIXES, Desk

__all__ = [
    "accept",
    "add_incident",
    "candidates",
    "edit",
    "map_html",
    "map_key",
    "publish",
    "save",
    "state",
]


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    return value


def _date_text(start: date | None, end: date | None) -> str:
    if start is None:
        return ""
    return start.isoformat() + (f"/{end.isoformat()}" if end else "")


def _resolved_view(desk: Desk) -> dict[str, Any]:
    """Coordinates, measured distances and warnings, or the message that stops resolving."""
    try:
        r = desk.resolved()
    except InputError as e:
        return {"error": str(e), "places": {}, "distances": {}, "warnings": []}
    places = {}
    if r.places is not None:
        for row in r.places.itertuples():
            places[row.id] = {"lat": row.geometry.y, "lon": row.geometry.x, "label": row.label}
    distances = {}
    if r.distances is not None:
        for row in r.distances.itertuples():
            distances[row.id] = {"km": _plain(row.km), "verdict": _plain(row.verdict) or ""}
    return {"places": places, "distances": distances, "warnings": list(r.warnings)}


def centre(desk: Desk) -> tuple[float, float] | None:
    """The story's centre: the median of its placed places, for candidates' distances."""
    try:
        places = desk.resolved().places
    except InputError:
        return None
    if places is None or places.empty:
        return None
    return (statistics.median(places.geometry.y), statistics.median(places.geometry.x))


def state(desk: Desk) -> dict[str, Any]:
    """Everything the page draws: the story's items, the article and its highlights."""
    with desk.lock:
        s = desk.story
        items = {
            "places": [
                {
                    "id": p.id,
                    "name": p.name,
                    "country": p.country or "",
                    "kind": p.kind or "",
                    "lat": p.lat,
                    "lon": p.lon,
                    "note": p.note or "",
                }
                for p in s.places
            ],
            "incidents": [
                {
                    "id": i.id,
                    "type": i.type,
                    "date": _date_text(i.date_start, i.date_end),
                    "place": i.place,
                    "count": i.count,
                    "unit": i.unit or "",
                    "status": i.status,
                    "source": i.source or "",
                    "summary": i.summary,
                    "sentence": i.sentence or "",
                    "killed": i.killed,
                    "injured": i.injured,
                    "killed_at_least": i.killed_at_least,
                    "injured_at_least": i.injured_at_least,
                    "event_type": i.event_type or "",
                    "own_event_type": event_type_of(i.type),
                }
                for i in s.incidents
            ],
            "distances": [
                {
                    "id": d.id,
                    "from": d.start,
                    "to": d.end,
                    "claimed_km": d.claimed_km,
                    "label": d.label or "",
                    "sentence": d.sentence or "",
                }
                for d in s.distances
            ],
        }
        return {
            "version": desk.version,
            "map": map_key(desk),
            "title": s.title,
            "file": desk.name,
            "opened": desk.opened,
            "dirty": desk.text != desk.saved,
            "saved_once": bool(desk.written),
            "items": items,
            "sources": [{"id": x.id, "name": x.name} for x in s.sources],
            "types": INCIDENT_TYPES,
            "event_types": EVENT_TYPES,
            "statuses": list(get_args(Status)),
            "accepted": sorted(desk.accepted),
            "article": desk.article,
            "spans": [
                {"start": sp.start, "end": sp.end, "kind": sp.kind, "items": keys}
                for sp, keys in zip(desk.spans, desk.links(), strict=True)
            ],
            "resolved": _resolved_view(desk),
        }


def candidates(desk: Desk, query: str, place: str | None) -> list[dict[str, Any]]:
    """The gazetteer's ranked answers for ``query`` (else the place's name), with their
    distance from the story's centre."""
    from geo.api import geocode
    from geo.geometry.distances import geodesic_km

    query = (query or "").strip()
    if not query and place:
        query = next((p.name for p in desk.story.places if p.id == place), "")
    if not query:
        raise InputError("nothing to look up", field="q", hint="type a place name")
    if len(query) > 200:
        raise InputError("the name is too long", field="q", hint="type a place name")
    middle = centre(desk)
    out = []
    for c in geocode(query, near=middle, limit=8):
        p = c.place
        km = None if middle is None else float(geodesic_km(middle[0], middle[1], p.lat, p.lon))
        out.append(
            {
                "name": p.name,
                "country": p.country or "",
                "admin1": p.admin1 or "",
                "kind": p.kind,
                "population": p.population,
                "lat": round(p.lat, 5),
                "lon": round(p.lon, 5),
                "km": None if km is None else round(km),
                "label": p.label,
            }
        )
    return out


def edit(desk: Desk, data: dict[str, Any]) -> dict[str, Any]:
    """``{"op": "set", "section", "id", "fields": {...}}`` or ``{"op": "drop", ...}``."""
    op, section, ident = data.get("op"), str(data.get("section")), str(data.get("id"))
    if op == "set":
        fields = data.get("fields")
        if not isinstance(fields, dict) or not fields:
            raise InputError("no fields to set", field="fields", hint="send {'name': value}")
        desk.change(lambda t, n: document.set_fields(t, section, ident, fields, n))
    elif op == "drop":
        desk.change(lambda t, n: document.drop_item(t, section, ident, n))
    else:
        raise InputError(f"unknown operation '{op}'", field="op", hint="use 'set' or 'drop'")
    return state(desk)


def accept(desk: Desk, data: dict[str, Any]) -> dict[str, Any]:
    """Mark an item checked (``{"key": "incidents/ID", "accepted": true}``): a comment on
    the item's first line of the story file (``# checked at the desk``), saved with it."""
    section, _, ident = str(data.get("key")).partition("/")
    on = data.get("accepted", True)
    if not isinstance(on, bool):
        raise InputError("accepted must be true or false", field="accepted", hint="send true")
    desk.change(lambda t, n: document.mark_item(t, section, ident, on, n))
    return state(desk)


def _new_id(taken: set[str], base: str) -> str:
    ident, k = base, 2
    while ident in taken:
        ident, k = f"{base}-{k}", k + 1
    return ident


def add_incident(desk: Desk, data: dict[str, Any]) -> dict[str, Any]:
    """A new incident from the sentence holding the selected text ``{"text": ...}``: its
    type, place, date and count drafted the way extraction drafts them."""
    from geo.text.casualties import parse_counted
    from geo.text.dates import find_dates
    from geo.text.sentences import split_sentences
    from geo.text.triggers import classify

    chosen = re.sub(r"\s+", " ", str(data.get("text") or "")).strip()
    if not chosen:
        raise InputError(
            "nothing is selected",
            field="text",
            hint="select a sentence of the article, then add the incident",
        )
    flat = re.sub(r"\s+", " ", desk.article)
    sentences = split_sentences(desk.article)
    hit = next(
        (
            i
            for i, s in enumerate(sentences)
            if chosen in re.sub(r"\s+", " ", s.text) or re.sub(r"\s+", " ", s.text) in chosen
        ),
        None,
    )
    if hit is None or chosen not in flat:
        raise InputError(
            "the selection is not in the article",
            field="text",
            hint="select words of one sentence of the article",
        )
    s = sentences[hit]
    story = desk.story
    found = classify(s.text)
    kind = (
        found[0]
        if found
        else ("other" if "other" in INCIDENT_TYPES else next(iter(INCIDENT_TYPES)))
    )
    keys = [
        k
        for sp, ks in zip(desk.spans, desk.links(), strict=True)
        if sp.kind == "place" and sp.sentence == hit
        for k in ks
    ]
    place = next((k.split("/", 1)[1] for k in keys if k.startswith("places/")), None)
    if place is None:
        if not story.places:
            raise InputError(
                "the story has no place to put it",
                field="place",
                hint="add a place to the story file first",
            )
        place = story.places[0].id
    days = [d for d in find_dates(s.text, desk.article_date) if not d.statement]
    when = _date_text(days[0].start, days[0].end) if days else ""
    counted = parse_counted(s.text, kind)
    ident = _new_id({i.id for i in story.incidents}, f"{place}-{kind}")
    fields = {
        "id": ident,
        "type": kind,
        "date": when,
        "place": place,
        "status": "reported",
        "count": counted[0] if counted else None,
        "unit": counted[1] if counted else None,
        "summary": re.sub(r"\s+", " ", s.text).strip(),
        "sentence": s.text,
    }
    desk.change(lambda t, n: document.add_item(t, "incidents", fields, n))
    return state(desk) | {"added": ident}


def _ask(paths: list, what: str) -> dict[str, Any]:
    names = ", ".join(p.name for p in paths)
    return {
        "ask": f"{names} already {'exists' if len(paths) == 1 else 'exist'} and {what}. Replace?",
        "files": [p.name for p in paths],
    }


def _on_disk(path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def save(desk: Desk, data: dict[str, Any]) -> dict[str, Any]:
    """Write the story file atomically; over a file the desk did not open or write only when
    the journalist said so (``"replace": true``)."""
    from geo.files.atomic import write_atomic

    name = str(data.get("name") or desk.target.name)
    path = inside(desk.folder, name, STORY_SUFFIXES)
    with desk.lock:
        mine = (path == desk.target and desk.opened) or path in desk.written
        if path.exists() and not mine and not data.get("replace"):
            return _ask([path], "the desk did not open it")
        if mine and path.exists() and not data.get("replace") and _on_disk(path) != desk.saved:
            return _ask([path], "was changed on disk since the desk read or wrote it")
        document.check(desk.text, path.name)
        write_atomic(path, desk.text, force=True)
        desk.written.add(path)
        desk.saved, desk.target = desk.text, path
    return {"saved": path.name}


def map_key(desk: Desk) -> str:
    """What the map is drawn from, as a short key: the page reloads the map when it changes
    (an accept mark or a comment changes the text, not the map)."""
    try:
        return format(hash(desk.story) & 0xFFFFFFFFFFFF, "x")
    except InputError:
        return "error"


def map_html(desk: Desk, tiles: str) -> str:
    """The real map (``maps.page.compose.build_map``, self-contained), cached by the story.

    Drawn outside the desk's lock: edits go on while a map of the story before is drawn.
    """
    from maps.page.compose import build_map

    with desk.lock:
        story = desk.story
    resolved = desk.resolved(story)

    def make() -> str:
        return build_map(resolved, tiles=tiles, self_contained=True).get_root().render()

    return desk._cached(f"map:{tiles}", make, story)


def error_page(message: str) -> str:
    """What the map frame shows when the story cannot be drawn: the message, as text."""
    return (
        "<!doctype html><meta charset=utf-8><body style='font:15px sans-serif;"
        f"padding:1em;color:#7a1f1f'><p>The map cannot be drawn: {html.escape(message)}</p>"
    )


def publish(desk: Desk, data: dict[str, Any], tiles: str) -> dict[str, Any]:
    """The self-contained HTML, a PNG and the GeoJSON, beside the story, and the embed
    snippet for the address the journalist will publish the page at."""
    from geo.files.atomic import write_atomic
    from maps.api import embed_snippet, save_png
    from maps.export.save import geojson_text, save_html
    from maps.page.compose import build_map

    stem = str(data.get("name") or desk.target.stem)
    page = inside(desk.folder, stem + ".html", (".html",))
    png = inside(desk.folder, stem + ".png", (".png",))
    geojson = inside(desk.folder, stem + ".geojson", (".geojson",))
    outputs = [page, png, geojson]
    theirs = [p for p in outputs if p.exists() and p not in desk.written]
    if theirs and not data.get("replace"):
        return _ask(theirs, "the desk did not write it")
    url = str(data.get("url") or f"https://example.org/maps/{page.name}")
    with desk.lock:
        resolved = desk.resolved()
        title = desk.story.title
    snippet = embed_snippet(url, title=title, fallback_image=url.rsplit(".", 1)[0] + ".png")
    m = build_map(resolved, tiles=tiles, self_contained=True)
    save_html(m, page, force=True)
    write_atomic(geojson, geojson_text(resolved), force=True)
    desk.written.update(outputs[::2])
    save_png(page, png, force=True)
    desk.written.add(png)
    return {"written": [p.name for p in outputs], "snippet": snippet}
