"""Errors a user can act on: each names where the problem is and what to do about it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["MESSAGE_LIMIT", "InputError", "PlaceNotFound", "safe_lines", "safe_text"]

# One message is one line of at most this many characters: a 39 MB value quoted in a
# message (YAML aliases under a date) or a whole CSV row must not flood the terminal.
MESSAGE_LIMIT = 500

# What must never reach a terminal raw: C0 and C1 controls (ESC starts the sequences that
# retitle or clear a terminal, CR overwrites a line, LF fakes another message), DEL, the
# bidirectional overrides and isolates that reorder what is shown (Trojan Source), and lone
# surrogates, which cannot be encoded at all (UnicodeEncodeError on print).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2066-\u2069\ufeff\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return {9: "\\t", 10: "\\n", 13: "\\r"}.get(code) or (
        f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    )


def safe_text(value: object, limit: int | None = MESSAGE_LIMIT) -> str:
    """``value`` as one printable line: control characters, bidi controls and lone
    surrogates written as escapes (``\\x1b``, ``\\u202e``, ``\\n``), cut to ``limit``.

    Every message the tool prints goes through this (``InputError`` for its parts, the
    command line's consoles for whole lines).

    >>> safe_text("Kyiv\\x1b]0;owned\\x07\\nerror: fake")
    'Kyiv\\\\x1b]0;owned\\\\x07\\\\nerror: fake'
    >>> safe_text("\\ud800 \\u202eabc")
    '\\\\ud800 \\\\u202eabc'
    >>> safe_text("x" * 20, limit=10)
    'xxxxxxxxxx... (10 more characters)'
    """
    text = value if isinstance(value, str) else str(value)
    more = ""
    if limit is not None and len(text) > limit:
        more = f"... ({len(text) - limit:,} more characters)"
        text = text[:limit]
    return _UNSAFE.sub(_escape, text) + more


def safe_lines(text: str, limit: int | None = MESSAGE_LIMIT) -> str:
    """Several lines of the tool's own making, each made safe by :func:`safe_text`."""
    return "\n".join(safe_text(line, limit) for line in text.split("\n"))


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
        # Each part may quote the user's input: each is made safe and short on its own, so
        # a long value cannot push the hint (what to do) out of the message.
        where = ""
        if self.file:
            where = safe_text(self.file, 200) + (f":{self.line}" if self.line else "") + ": "
        elif self.line:
            where = f"line {self.line}: "
        what = f"{safe_text(self.field, 100)}: " if self.field else ""
        hint = f" ({safe_text(self.hint, 300)})" if self.hint else ""
        return f"{where}{what}{safe_text(self.message, 300)}{hint}"


@dataclass
class PlaceNotFound(InputError):
    """A name the gazetteer does not know; carries close suggestions."""

    suggestions: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        base = super().__str__()
        if self.suggestions:
            return f"{base}; did you mean: {safe_text(', '.join(self.suggestions), 200)}?"
        return base
