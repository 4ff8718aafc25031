"""Errors a user can act on: each names where the problem is and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class InputError(Exception):
    """Bad input from the user: the command line prints it and exits with code 2.

    >>> str(InputError("must be a number", file="story.yaml", line=4,
    ...                 field="incidents[0].lat", hint="write it as 55.75"))
    'story.yaml:4: incidents[0].lat: must be a number (write it as 55.75)'
    """

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        elif self.line:
            where = f"line {self.line}: "
        what = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{what}{self.message}{hint}"


@dataclass
class PlaceNotFound(InputError):
    """A name the gazetteer does not know; carries close suggestions."""

    suggestions: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        base = super().__str__()
        if self.suggestions:
            return f"{base}; did you mean: {', '.join(self.suggestions)}?"
        return base
