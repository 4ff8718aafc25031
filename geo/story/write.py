"""Write story files: the YAML ``incident-map extract`` drafts and a journalist then edits.

Block style with list items indented under their key, keys in the order the reader expects,
text quoted only where YAML needs it; ``save_story`` writes atomically.

>>> s = parse_story("title: Drones over Moscow\\ndate: 2023-05-03\\n")
>>> parse_story(dump_story(s)) == s
True
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from geo.files.atomic import write_atomic
from geo.story.model import INCIDENT_TYPES, Story
from geo.story.read import parse_story


class _Dumper(yaml.SafeDumper):
    """Block style with list items indented under their key, as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: object) -> bool:
        # Two incidents sharing one date object must not become "&id001 ... *id001": the
        # reader refuses aliases, and a journalist would not know what they mean.
        return True


def _represent_float(dumper: yaml.SafeDumper, value: float) -> yaml.Node:
    if value.is_integer() and abs(value) < 1e15:  # 500.0 reads better as 500
        return dumper.represent_int(int(value))
    return dumper.represent_float(value)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # NEL and the Unicode line/paragraph separators are line breaks to a YAML reader but
    # PyYAML writes them raw outside double quotes, so they would not survive a round trip.
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(float, _represent_float)
_Dumper.add_representer(str, _represent_str)

_HEADER = """\
# Story file for incident-map. Edit by hand, then: incident-map render <this file> -o map.html
# Sections: sources (who said it), places (names the story uses), incidents (what happened
# where and when), distances (lines to draw and check), rings (circles of a radius).
# Incident types: {types}
# (ACLED's sub-event types; event_type: is needed only for other as a strategic development)
# Casualties: killed, injured, with killed_at_least: true for "at least", killed_vague: true
# for "dozens". Status: claimed | confirmed | reported. Dates: YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD.
# Places, incidents, distances and rings refer to places by id, by name ("Moscow, RU"),
# as "lat,lon", or (distances only) as border:XX, or unfixed:<what> (a front line: not drawn).
# A distance's qualifier: about | nearly | exact | more_than | at_least | less_than | at_most |
# within; category: uncheckable keeps it unchecked, else it is measured when rendered.
# The map: units: mi (distance labels in miles); show_title: false (the article has the
# headline and dek); areas: FILE.geojson (dated controlled areas: held_by, as_of, source).
"""


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def _date_value(start: date | None, end: date | None) -> Any:
    if end is None:
        return start
    if start is None:
        return {"end": end}
    return f"{start.isoformat()}/{end.isoformat()}"


def dump_story(story: Story) -> str:
    """The story as YAML with a fixed key order and a short guide in comments.

    ``parse_story(dump_story(s)) == s`` for any valid story (line numbers are not compared).

    >>> print(dump_story(Story(title="Drones")).split("\\n# Incident types")[-1][-31:])
    title: Drones
    view: recognised
    <BLANKLINE>
    """
    head = _clean(
        {
            "title": story.title,
            "dek": story.dek or None,
            "date": story.date,
            "credit": story.credit or None,
            "view": story.view,
            "units": story.units,
            "show_title": False if not story.show_title else None,
            "areas": story.areas,
        }
    )
    sections: dict[str, list[dict[str, Any]]] = {
        "sources": [_clean({"id": s.id, "name": s.name, "url": s.url}) for s in story.sources],
        "places": [
            _clean(
                {
                    "id": p.id,
                    "name": p.name,
                    "lat": p.lat,
                    "lon": p.lon,
                    "country": p.country,
                    "region": p.region,
                    "kind": p.kind,
                    "note": p.note,
                }
            )
            for p in story.places
        ],
        "incidents": [
            _clean(
                {
                    "id": i.id,
                    "type": i.type,
                    "event_type": i.event_type,
                    "date": _date_value(i.date_start, i.date_end),
                    "place": i.place,
                    "precision": i.precision,
                    "count": i.count,
                    "unit": i.unit,
                    "killed": i.killed,
                    "killed_at_least": i.killed_at_least or None,
                    "killed_vague": i.killed_vague or None,
                    "injured": i.injured,
                    "injured_at_least": i.injured_at_least or None,
                    "injured_vague": i.injured_vague or None,
                    "status": i.status,
                    "source": i.source,
                    "summary": i.summary,
                    "sentence": i.sentence,
                }
            )
            for i in story.incidents
        ],
        "distances": [
            _clean(
                {
                    "id": d.id,
                    "from": d.start,
                    "to": d.end,
                    "claimed_km": d.claimed_km,
                    "claimed": d.claimed,
                    "qualifier": d.qualifier,
                    "direction": d.direction,
                    "category": d.category,
                    "note": d.note,
                    "label": d.label,
                    "sentence": d.sentence,
                }
            )
            for d in story.distances
        ],
        "rings": [
            _clean({"id": r.id, "around": r.around, "radius_km": r.radius_km, "label": r.label})
            for r in story.rings
        ],
    }
    options = dict(
        Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=92
    )
    types = textwrap.fill(", ".join(INCIDENT_TYPES), 88, subsequent_indent="#   ")
    parts = [_HEADER.format(types=types), yaml.dump(head, **options)]
    for key, items in sections.items():
        if not items:
            continue
        text = yaml.dump({key: items}, **options)
        # A blank line between items; "  - " at this depth can only start an item.
        lines = text.splitlines()
        spaced = [lines[0], lines[1]]
        for line in lines[2:]:
            if line.startswith("  - "):
                spaced.append("")
            spaced.append(line)
        parts.append("\n".join(spaced) + "\n")
    return "\n".join(parts)


def save_story(story: Story, path: str | Path, *, force: bool = False) -> Path:
    """Write the story as YAML, atomically; an existing file needs ``force=True``.

    The text is checked with ``parse_story`` first, so a story that would not load again
    is never written.

    >>> import tempfile, pathlib
    >>> from geo.story.read import load_story
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.yaml"
    >>> load_story(save_story(Story(title="Drones"), p)).title
    'Drones'
    """
    path = Path(path)
    text = dump_story(story)
    parse_story(text, str(path))
    return write_atomic(path, text, force=force)
