"""Which fields a table map's popup shows, in which order, under which headings.

A reader clicking an incident wants what happened, when, where, how many died, what the
notes say and who reported it: by default the table's type, date, place and fatalities
columns (found by ``geo.tables.reader``'s column roles), its notes and its source, when it
has them. ``render TABLE --popup notes,actor1,fatalities`` (``table_map(popup=[...])``)
chooses others; ``all`` shows every column but the coordinates. The page formats what it
shows (thousands separators, no 14-digit floats: ``maps/layers/scale.js``).

>>> from geo.tables.reader import ColumnMap
>>> m = ColumnMap(lat="latitude", lon="longitude", date="event_date", type="event_type")
>>> cols = ["event_date", "event_type", "latitude", "longitude", "actor1", "notes", "source"]
>>> popup_fields(cols, m)
['event_type', 'event_date', 'notes', 'source']
>>> popup_fields(cols, m, "notes, actor1")
['notes', 'actor1']
>>> field_labels(["event_date", "actor1", "notes"], m)
['Date', 'Actor 1', 'Notes']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from geo.errors import InputError, safe_text
from geo.tables.reader import ColumnMap

# The first of these a table has is its notes, then its source (ACLED's names first).
NOTE_NAMES = ("notes", "description", "summary", "details", "text", "title", "name")
SOURCE_NAMES = ("source", "sources", "source_url", "url", "link")
_ROLE_LABELS = {"date": "Date", "type": "Type", "place": "Place", "fatalities": "Fatalities",
                "country": "Country"}  # fmt: skip


@dataclass
class UnknownColumn(InputError):
    """A name that is not a column: the message lists every column, however many, on a line
    of its own (a hint is cut at 300 characters; ACLED's 31 names are longer)."""

    columns: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        # on a line of its own: the console bounds each line to 500 characters
        listed = safe_text(", ".join(self.columns), 4000)
        return f"{super().__str__()}\n  the table's columns: {listed}"


def _listed(popup: str | Sequence[str]) -> list[str]:
    if isinstance(popup, str):
        return [p.strip() for p in popup.split(",") if p.strip()]
    return [str(p).strip() for p in popup]


def popup_fields(
    columns: Sequence[str],
    mapping: ColumnMap,
    popup: str | Sequence[str] | None = None,
    *,
    option: str = "--popup",
) -> list[str]:
    """The columns a popup shows, in the order shown.

    ``popup``: ``None`` for the default (type, date, place, fatalities, notes, source, those
    the table has), ``"all"``, or names (a list or ``"a,b"``). An unknown name is an
    ``InputError`` naming it and listing the table's columns (``option`` names the field).
    """
    if popup is None:
        coords = {mapping.lat, mapping.lon}
        lower = {c.lower(): c for c in columns}
        notes = next((lower[n] for n in NOTE_NAMES if n in lower), None)
        source = next((lower[n] for n in SOURCE_NAMES if n in lower), None)
        picks = (mapping.type, mapping.date, mapping.place, mapping.fatalities, notes, source)
        chosen = [c for c in dict.fromkeys(picks) if c in columns and c not in coords]
        # a table with none of those: its first columns, rather than an empty popup
        return chosen or [c for c in columns if c not in coords][:6]
    if popup != "all" and not _listed(popup):
        raise InputError(
            "no column named", field=option, hint="e.g. --popup notes,actor1,fatalities"
        )
    return named_columns(columns, mapping, popup, option=option)


def named_columns(
    columns: Sequence[str], mapping: ColumnMap, chosen: str | Sequence[str], *, option: str
) -> list[str]:
    """The columns ``chosen`` names (a list or ``"a,b"``), in its order, or with ``"all"``
    every column but the coordinates; an unknown name is an :class:`UnknownColumn` naming
    it, its close matches and the table's columns (``option`` names the field).

    >>> from geo.tables.reader import ColumnMap
    >>> named_columns(["a", "lat", "lon"], ColumnMap(lat="lat", lon="lon"), "all", option="-")
    ['a']
    """
    if chosen == "all":
        return [c for c in columns if c not in (mapping.lat, mapping.lon)]
    names = _listed(chosen)
    for name in names:
        if name not in columns:
            import difflib

            lower = {c.lower(): c for c in columns}
            close = [lower[c] for c in difflib.get_close_matches(name.lower(), lower, n=2)]
            guess = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
            raise UnknownColumn(
                f"no column {name!r} in the table",
                field=option,
                hint=f"{guess}give names of the table's columns, or 'all'",
                columns=list(columns),
            )
    return list(dict.fromkeys(names))


def field_labels(names: Sequence[str], mapping: ColumnMap) -> list[str]:
    """Headings for ``names``: the role's word for a role column ("Date"), else the column's
    name with its underscores as spaces and a space before a trailing number ("Actor 1")."""
    roles = {getattr(mapping, role): word for role, word in _ROLE_LABELS.items()}
    out = []
    for name in names:
        if name in roles:
            out.append(roles[name])
            continue
        text = re.sub(r"(?<=[A-Za-z])(\d+)$", r" \1", name.replace("_", " ").strip())
        out.append(text[:1].upper() + text[1:] if text else name)
    return out
