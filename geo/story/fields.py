"""The field checks every story-file section shares: keys, text, ids, numbers, choices,
coordinates, dates and place references, each failing with an ``InputError`` that names the
file, the line, the field and what to write instead (``geo.story.read`` reads the sections).

>>> from geo.files.yamlfile import read_yaml
>>> FieldReader("a.yaml").whole(read_yaml("count: two", "a.yaml"), "count", "", "count: 2")
Traceback (most recent call last):
...
geo.errors.InputError: a.yaml:1: count: ... (write a whole number of 0 or more, e.g. count: 2)
"""

from __future__ import annotations

import calendar
import difflib
import math
import re
from datetime import date
from typing import Any

from geo.errors import InputError
from geo.files.yamlfile import LineMap, LineSeq, join_path, kind_name

DATE_RANGE_KEYS = ("start", "end")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_LATLON = re.compile(r"\s*([-+]?\d+(?:\.\d*)?)\s*,\s*([-+]?\d+(?:\.\d*)?)\s*\Z")
_ID_HINT = "use letters, digits, '-' or '_' with no spaces, e.g. red-square"
_DATE_HINT = "write the date as YYYY-MM-DD, e.g. 2023-05-03"
_REF_HINT = "write a place id from 'places', a place name such as 'Moscow, RU', or 'lat,lon'"


def _closest(word: str, choices: tuple[str, ...]) -> str | None:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return found[0] if found else None


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class FieldReader:
    """Checks one field at a time; the first problem raises InputError."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, message: str, line: int | None, field: str, hint: str) -> InputError:
        return InputError(message, file=self.name, line=line, field=field, hint=hint)

    # -- generic checks --

    def keys(self, m: LineMap, allowed: tuple[str, ...], path: str, what: str) -> None:
        for key in m:
            if key in allowed:
                continue
            guess = _closest(str(key), allowed)
            hint = f"did you mean '{guess}'? " if guess else ""
            hint += f"{what} may have: {', '.join(allowed)}"
            raise self.fail(f"unknown key '{key}'", m.key_lines[key], join_path(path, key), hint)

    def present(self, m: LineMap, key: str, path: str, hint: str) -> Any:
        value = m.get(key)
        if value is None or value == "":
            line = m.value_lines.get(key, m.line)
            missing = "is empty" if key in m else f"'{key}' is missing"
            raise self.fail(f"{missing} (required)", line, join_path(path, key), hint)
        return value

    def text(
        self, m: LineMap, key: str, path: str, *, required: bool = False, example: str = "..."
    ) -> str | None:
        hint = f"write it as {key}: {example}"
        if required:
            value = self.present(m, key, path, hint)
        else:
            value = m.get(key)
            if value is None:
                return None
        if not isinstance(value, str):
            raise self.fail(
                f"must be text, not a {kind_name(value)}",
                m.value_lines[key],
                join_path(path, key),
                f'put the text in quotes, e.g. {key}: "{value}"'
                if isinstance(value, int | float)
                else hint,
            )
        return value

    def ident(self, m: LineMap, path: str, required: bool, example: str) -> str | None:
        value = self.text(m, "id", path, required=required, example=example)
        if value is not None and not _ID.match(value):
            raise self.fail(
                f"'{value}' is not a usable id",
                m.value_lines["id"],
                join_path(path, "id"),
                _ID_HINT,
            )
        return value

    def number(
        self,
        m: LineMap,
        key: str,
        path: str,
        lo: float,
        hi: float,
        *,
        above: bool = False,
        example: str,
    ) -> float | None:
        value = m.get(key)
        if value is None:
            return None
        line, field = m.value_lines[key], join_path(path, key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(
                f"must be a number, not a {kind_name(value)}",
                line,
                field,
                f"write a plain number without units or quotes, e.g. {key}: {example}",
            )
        shown = str(value)
        if len(shown) > 24:  # a 400-digit number: say how long it is, not every digit
            shown = f"{shown[:12]}... ({len(shown)} digits)"
        if isinstance(value, int) and abs(value) > 1e300:  # math.isfinite would overflow
            value = math.inf if value > 0 else -math.inf
        if not math.isfinite(value) or value < lo or value > hi or (above and value <= lo):
            bound = f"greater than {lo:g}" if above else f"between {lo:g} and {hi:g}"
            if math.isfinite(hi) and above:
                bound += f" and at most {hi:g}"
            raise self.fail(
                f"{shown} is out of range: must be {bound}", line, field, f"e.g. {key}: {example}"
            )
        return float(value)

    def whole(self, m: LineMap, key: str, path: str, example: str) -> int | None:
        """A whole number of 0 or more (a count, a toll), or None when absent."""
        value = m.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            raise self.fail(
                f"'{value}' is not a count",
                m.value_lines[key],
                join_path(path, key),
                f"write a whole number of 0 or more, e.g. {example}",
            )
        return value

    def choice(
        self, m: LineMap, key: str, path: str, choices: tuple[str, ...], default: str | None
    ) -> str | None:
        value = m.get(key)
        if value is None:
            return default
        if not isinstance(value, str) or value not in choices:
            guess = _closest(str(value), choices)
            hint = (
                (f"did you mean '{guess}'? " if guess else "") + "use one of: " + ", ".join(choices)
            )
            raise self.fail(
                f"unknown {key} '{value}'", m.value_lines[key], join_path(path, key), hint
            )
        return value

    def flag(self, m: LineMap, key: str, path: str, default: bool) -> bool:
        """A true/false field (the loader keeps booleans as text: "true" and "false" count)."""
        value = m.get(key, default)
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            value = value.strip().lower() == "true"
        if not isinstance(value, bool):
            raise self.fail(
                f"must be true or false, not '{value}'",
                m.value_lines[key],
                join_path(path, key),
                f"write {key}: {'false' if default else 'true'}, or leave it out",
            )
        return value

    def latlon(self, m: LineMap, path: str, example: str) -> tuple[float | None, float | None]:
        lat = self.number(m, "lat", path, -90, 90, example=example.split(",")[0])
        lon = self.number(m, "lon", path, -180, 180, example=example.split(",")[1])
        if (lat is None) != (lon is None):
            have, lack = ("lat", "lon") if lon is None else ("lon", "lat")
            raise self.fail(
                f"'{have}' is given without '{lack}'",
                m.key_lines[have],
                join_path(path, lack),
                "give both lat and lon, or neither",
            )
        return lat, lon

    def date(self, value: Any, line: int, field: str) -> date:
        if isinstance(value, date):  # an explicit !!timestamp tag
            return value if type(value) is date else value.date()
        if not isinstance(value, str) or not (found := _ISO_DATE.match(value.strip())):
            raise self.fail(f"'{value}' is not a date", line, field, _DATE_HINT)
        y, mo, d = (int(g) for g in found.groups())
        if not 1 <= mo <= 12:
            raise self.fail(
                f"{value}: there is no month {mo}",
                line,
                field,
                "write the date as YYYY-MM-DD (year-month-day), e.g. 2023-05-03",
            )
        if y < 1:
            raise self.fail(
                f"{value}: there is no year {y}", line, field, "write a year from 0001 on"
            )
        days = calendar.monthrange(y, mo)[1]
        if not 1 <= d <= days:
            month = calendar.month_name[mo]
            raise self.fail(
                f"{value} is not a real date: {month} {y} has {days} days", line, field, _DATE_HINT
            )
        return date(y, mo, d)

    def date_range(self, m: LineMap, path: str) -> tuple[date | None, date | None]:
        value, field = m.get("date"), join_path(path, "date")
        if value is None:
            return None, None
        line = m.value_lines["date"]
        if isinstance(value, LineMap):
            self.keys(value, DATE_RANGE_KEYS, field, "a date range")
            if not value:
                raise self.fail(
                    "the date range is empty",
                    line,
                    field,
                    "write {start: 2023-05-01, end: 2023-05-03}",
                )
            start = end = None
            if value.get("start") is not None:
                start = self.date(value["start"], value.value_lines["start"], field + ".start")
            if value.get("end") is not None:
                end = self.date(value["end"], value.value_lines["end"], field + ".end")
                line = value.value_lines["end"]
        elif isinstance(value, str) and "/" in value:
            first, _, second = value.partition("/")
            start, end = self.date(first, line, field), self.date(second, line, field)
        else:
            return self.date(value, line, field), None
        if start and end and end < start:
            raise self.fail(
                f"the range ends ({end}) before it starts ({start})",
                line,
                field,
                "put the earlier date first: start/end",
            )
        return start, end

    def ref(self, m: LineMap, key: str, path: str, *, border: bool) -> str:
        hint = _REF_HINT + (", or border:XX for a country's border" if border else "")
        value = self.present(m, key, path, hint)
        line, field = m.value_lines[key], join_path(path, key)
        if not isinstance(value, str):
            raise self.fail(
                f"must be text, not a {kind_name(value)}",
                line,
                field,
                hint + '; write coordinates in quotes: "55.752,37.6175"',
            )
        value = value.strip()
        if value.lower().startswith("border:"):
            code = value[len("border:") :].strip()
            if not border:
                raise self.fail(
                    f"'{value}': a border can only be an end of a distance",
                    line,
                    field,
                    _REF_HINT + "; measure to a border in 'distances'",
                )
            if not re.fullmatch(r"[A-Za-z]{2}", code):
                raise self.fail(
                    f"'{value}' does not name a country",
                    line,
                    field,
                    "use the two-letter ISO code, e.g. border:UA",
                )
            return "border:" + code.upper()
        if value.lower().startswith("unfixed:"):
            if not border:
                raise self.fail(
                    f"'{value}': an end with no fixed point can only end a distance",
                    line,
                    field,
                    _REF_HINT,
                )
            return "unfixed:" + value[len("unfixed:") :].strip()
        parts = [s.strip() for s in value.split(",")]
        if len(parts) > 1 and all(_is_float(s) for s in parts) and not _LATLON.match(value):
            # only numbers (or nan/inf): meant as coordinates, never a place name ("Nan")
            raise self.fail(
                f"'{value}' is not a latitude,longitude pair",
                line,
                field,
                "write two finite numbers, latitude first, e.g. '55.752,37.6175', or a place "
                "name with its country, such as 'Name, CC'",
            )
        if found := _LATLON.match(value):
            lat, lon = float(found[1]), float(found[2])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise self.fail(
                    f"'{value}' is not a valid latitude,longitude pair",
                    line,
                    field,
                    "latitude comes first (-90 to 90), then longitude (-180 to 180)",
                )
        return value

    def items(self, top: LineMap, key: str) -> list[tuple[int, LineMap, int]]:
        value = top.get(key)
        if value is None:
            return []
        if not isinstance(value, LineSeq):
            raise self.fail(
                f"must be a list, not a {kind_name(value)}",
                top.value_lines[key],
                key,
                "start each item on its own line with '- ', e.g. '- id: kremlin'",
            )
        out = []
        for i, (item, line) in enumerate(zip(value, value.item_lines, strict=True)):
            if not isinstance(item, LineMap):
                raise self.fail(
                    f"each item must be a set of 'key: value' lines, not a {kind_name(item)}",
                    line,
                    f"{key}[{i}]",
                    "write items as '- id: ...' followed by indented fields",
                )
            out.append((i, item, line))
        return out

    def unique(self, section: str, rows: list[tuple[str, int, int]]) -> None:
        """rows: (id, index, line); a repeated id names both lines."""
        first: dict[str, int] = {}
        for ident, i, line in rows:
            if ident in first:
                raise self.fail(
                    f"duplicate id '{ident}' (lines {first[ident]} and {line})",
                    line,
                    f"{section}[{i}].id",
                    "give each item its own id",
                )
            first[ident] = line

    @staticmethod
    def generated(prefix: str, given: list[str | None]) -> list[str]:
        taken, out = {g for g in given if g}, []
        for i, g in enumerate(given, 1):
            if g is None:
                g, k = f"{prefix}-{i}", 2
                while g in taken:
                    g, k = f"{prefix}-{i}-{k}", k + 1
                taken.add(g)
            out.append(g)
        return out

    # -- sections --
