"""Edit a story file's YAML as a journalist wrote it: comments, order and quoting kept.

Each edit takes the YAML text and returns new text (``ruamel.yaml`` round trip), and checks
the result with the story file's own reader (``geo.story.read.parse_story``), so a bad value
is refused with the same message ``render`` would give, and the text before stays as it was.

>>> text = "title: Drones  # the headline\\nplaces:\\n  - id: a\\n    name: Moscow\\n"
>>> print(set_fields(text, "places", "a", {"lat": "55.75", "lon": "37.62"}, "s.yaml"), end="")
title: Drones  # the headline
places:
  - id: a
    name: Moscow
    lat: 55.75
    lon: 37.62
"""

from __future__ import annotations

import io
import re
from datetime import date
from functools import lru_cache
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from geo.errors import InputError
from geo.story.model import Story
from geo.story.read import (
    DISTANCE_KEYS,
    INCIDENT_KEYS,
    PLACE_KEYS,
    RING_KEYS,
    SOURCE_KEYS,
    parse_story,
)
from maps.desk import comments

__all__ = [
    "SECTIONS",
    "add_item",
    "check",
    "drop_item",
    "mark_item",
    "marked",
    "set_field",
    "set_fields",
]

# The key order of each section, as the story file's reader lists them: a new key goes
# after the last one before it in this order, where a reader of the file expects it.
SECTIONS: dict[str, tuple[str, ...]] = {
    "sources": SOURCE_KEYS,
    "places": PLACE_KEYS,
    "incidents": INCIDENT_KEYS,
    "distances": DISTANCE_KEYS,
    "rings": RING_KEYS,
}
_NUMBERS = {"lat", "lon", "count", "claimed_km", "radius_km", "killed", "injured"}
_FLAGS = {"killed_at_least", "killed_vague", "injured_at_least", "injured_vague"}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_NUMBER = re.compile(r"[-+]?\d+(\.\d*)?\Z")


def _yaml() -> YAML:
    y = YAML()  # round trip: comments, key order and quotes survive
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)  # "  - id: x", as the writer lays items out
    y.width = 92
    return y


def _load(text: str) -> CommentedMap:
    doc = _yaml().load(text)
    return doc if isinstance(doc, CommentedMap) else CommentedMap()


def _dump(doc: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


@lru_cache(maxsize=32)
def check(text: str, name: str) -> Story:
    """The story the text stands for; ``InputError`` with the reader's message if it is bad.

    Kept for the last texts: an edit checks its new text, then the desk reads the same text
    for its state (a Story is frozen: sharing it is safe)."""
    return parse_story(text, name)


def value_of(key: str, raw: Any) -> Any:
    """A form's string as the YAML value a person would write: numbers, one day as a date.

    >>> value_of("count", "3"), value_of("date", "2023-05-02"), value_of("count", "three")
    (3, datetime.date(2023, 5, 2), 'three')
    >>> value_of("killed_at_least", "true"), value_of("killed_at_least", False)
    (True, None)
    """
    if key in _FLAGS and raw in (False, "false", "False"):
        return None  # the reader's default: the key is left out
    if not isinstance(raw, str):
        return raw
    raw = raw.strip()
    if key in _FLAGS and raw.lower() == "true":
        return True
    if key in _NUMBERS and _NUMBER.match(raw):
        return float(raw) if "." in raw else int(raw)
    if key == "date" and _DAY.match(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            return raw  # "2023-02-30": the reader says why it is no date
    return raw


def _item(doc: CommentedMap, section: str, ident: str, text: str = "") -> CommentedMap:
    seq = doc.get(section) or ()
    for item in seq:
        if isinstance(item, CommentedMap) and str(item.get("id")) == ident:
            return item
    if text and section in SECTIONS:
        # An item without an id in the file has one the reader made up ("incident-2"):
        # the reader keeps the file's order, so its place in the story is its place here.
        made = [getattr(x, "id", None) for x in getattr(check(text, "story"), section, ())]
        if ident in made and len(made) == len(seq) and isinstance(seq[made.index(ident)], dict):
            return seq[made.index(ident)]
    raise InputError(
        f"no item '{ident}' in {section}",
        field=section,
        hint="reload the desk: the file may have changed",
    )


def _put(item: CommentedMap, order: tuple[str, ...], key: str, value: Any) -> None:
    if value is None or value == "":
        item.pop(key, None)
        return
    if key in item:
        item[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    pos = len(item)
    for i, k in enumerate(item):
        if k in order and order.index(k) > rank:
            pos = i
            break
    if pos < len(item):
        item.insert(pos, key, value)
        return
    # After the last key: the comment lines ruamel filed under that key (the next item's
    # or the next section's) move down, so they stay after the item
    tail = comments.take_tail(item)
    item.insert(pos, key, value)
    comments.give_tail(item, tail)


def set_fields(text: str, section: str, ident: str, fields: dict[str, Any], name: str) -> str:
    """New text with ``fields`` of item ``ident`` in ``section`` set (empty: removed), checked.

    >>> t = "title: T\\nplaces:\\n  - id: a\\n    name: A\\n"
    >>> set_fields(t, "places", "a", {"lat": "95"}, "s.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: s.yaml:5: places[0].lat: ...
    """
    if section not in SECTIONS:
        raise InputError(
            f"unknown section '{section}'", field="section", hint=f"one of {', '.join(SECTIONS)}"
        )
    doc = _load(text)
    item = _item(doc, section, ident, text)
    for key, raw in fields.items():
        if key == "id":
            raise InputError(
                "an id is not changed at the desk",
                field=f"{section}.id",
                hint="edit the file by hand to rename an item",
            )
        _put(item, SECTIONS[section], key, value_of(key, raw))
    new = _dump(doc)
    check(new, name)
    return new


def set_field(text: str, section: str, ident: str, key: str, raw: Any, name: str = "story") -> str:
    """``set_fields`` for one field."""
    return set_fields(text, section, ident, {key: raw}, name)


def references(text: str, ident: str) -> list[str]:
    """Which incidents, distances and rings name place ``ident``.

    >>> references("incidents:\\n  - id: x\\n    place: a\\n", "a")
    ['incidents[0] (x)']
    """
    doc = _load(text)
    keys = {"incidents": ("place",), "distances": ("from", "to"), "rings": ("around",)}
    found = []
    for section, fields in keys.items():
        for i, item in enumerate(doc.get(section) or ()):
            if any(str(item.get(f)) == ident for f in fields):
                found.append(f"{section}[{i}] ({item.get('id')})")
    return found


def drop_item(text: str, section: str, ident: str, name: str) -> str:
    """New text without item ``ident``; a place still in use is kept, with a message saying
    which items name it."""
    doc = _load(text)
    item = _item(doc, section, ident, text)
    if section == "places" and (users := references(text, ident)):
        raise InputError(
            f"'{ident}' is still named by {', '.join(users)}",
            field=f"places.{ident}",
            hint="drop those items first, or pick another place for them",
        )
    seq: CommentedSeq = doc[section]
    at = next(i for i, x in enumerate(seq) if x is item)
    # The lines after the item (the next item's comments, the next section's heading) are
    # the journalist's and stay, after what now comes before them; the item's own
    # comments (on its lines, between its keys) go with it.
    tail = comments.take_tail(item)
    del seq[at]
    if at > 0:
        comments.give_tail(seq[at - 1], tail)
    elif seq:
        _before_first(seq, tail)
    else:
        keys = list(doc)
        before = keys[keys.index(section) - 1] if keys.index(section) else None
        del doc[section]
        if before is not None:
            _give_after_key(doc, before, tail)
    new = _dump(doc)
    check(new, name)
    return new


def _before_first(seq: CommentedSeq, tail: str) -> None:
    """Comment lines that stood between the dropped first item and the new first one."""
    lines = tail.strip("\n")
    if not lines:
        return
    pre = seq.ca.comment[1] if seq.ca.comment and len(seq.ca.comment) > 1 else None
    token = comments.CommentToken(lines.lstrip(" ") + "\n", comments.CommentMark(0), None)
    column = len(lines) - len(lines.lstrip(" "))
    token.start_mark = comments.CommentMark(column)
    if pre:
        pre.append(token)
    else:
        seq.ca.comment = [None, [token]]


def _give_after_key(doc: CommentedMap, key: str, tail: str) -> None:
    value = doc[key]
    if isinstance(value, CommentedMap | CommentedSeq) and len(value):
        comments.give_tail(value, tail)
    else:
        comments.give_after(doc, key, tail)


# "  - id: kremlin   # checked at the desk": what comments.set_mark writes on an id line
_MARKED = re.compile(
    r"^\s*-\s+id:\s*(['\"]?)([A-Za-z0-9][A-Za-z0-9_.-]*)\1\s+#[^\n]*" + re.escape(comments.MARK),
    re.M,
)
_SECTION = re.compile(r"^([A-Za-z_]+):", re.M)


def marked(text: str) -> set[str]:
    """The items that carry the desk's accept mark, as ``section/id`` keys.

    Read from the lines (a YAML round trip costs ~0.2 s a story, on every change): a mark
    on an item whose first line is not its id is not seen, nor written by the desk there.

    >>> sorted(marked("places:\\n  - id: a   # checked at the desk\\n  - id: b\\n"))
    ['places/a']
    """
    sections = [(m.start(), m.group(1)) for m in _SECTION.finditer(text)]
    out = set()
    for m in _MARKED.finditer(text):
        section = next((name for at, name in reversed(sections) if at < m.start()), None)
        if section in SECTIONS:
            out.add(f"{section}/{m.group(2)}")
    return out


def mark_item(text: str, section: str, ident: str, on: bool, name: str) -> str:
    """New text with the item's accept mark put on (or taken off) its first line."""
    doc = _load(text)
    item = _item(doc, section, ident, text)
    comments.set_mark(item, on)
    new = _dump(doc)
    check(new, name)
    return new


def add_item(text: str, section: str, fields: dict[str, Any], name: str) -> str:
    """New text with an item appended to ``section`` (the section made if missing), checked."""
    doc = _load(text)
    item = CommentedMap()
    for key in SECTIONS[section]:
        if key in fields and fields[key] not in (None, ""):
            item[key] = value_of(key, fields[key])
    if section not in doc or doc[section] is None:
        doc[section] = CommentedSeq()
    doc[section].append(item)
    new = _dump(doc)
    check(new, name)
    return new
