"""Reading a user's text file: every way it can fail is an ``InputError`` that says what to do.

Story files and articles are read whole, so they are capped at ``MAX_TEXT_BYTES`` (2 MB):
the bundled story is 6 KB and a long article 100 KB, while PyYAML reads about 1 MB a second.
A larger file (a log, a database dump, a 100 MB line) fails at once, before it is read into
memory, with a message that says so.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from geo.errors import InputError

MAX_TEXT_BYTES = 2_000_000

_SAVE_AS_UTF8 = "save the file as UTF-8 (in your editor: Save As, Encoding: UTF-8)"
# Signatures of files people pick by mistake: the name says what they are.
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive or an Office document (.docx, .xlsx, .odt)",
    b"\xd0\xcf\x11\xe0": "an old Office document (.doc, .xls)",
    b"\x1f\x8b": "a gzip archive",
    b"SQLite format 3": "an SQLite database",
    b"{\\rtf": "an RTF document",
}


def not_regular(mode: int) -> str | None:
    """What a file of ``mode`` is when it is not a regular file ("a folder", "a FIFO"...)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_regular(path: str | Path, what: str = "file") -> Path:
    """``path`` if it is an existing regular file (symbolic links followed), else
    ``InputError``; checked before opening, because opening a FIFO waits for a writer for
    ever and a device never ends.

    >>> check_regular("/dev/null", "story file")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: /dev/null: this is a device, not a regular file; ...
    """
    p = Path(path)
    try:
        mode = os.stat(p).st_mode
    except FileNotFoundError:
        raise InputError(
            "no such file", file=str(p), hint="check the path and the file name"
        ) from None
    except OSError as e:
        raise InputError(
            f"cannot read the file: {e.strerror or e}",
            file=str(p),
            hint="check that it exists and that you may read it",
        ) from None
    kind = not_regular(mode)
    if kind is not None:
        raise InputError(
            f"this is {kind}, not a regular file; refusing to read it",
            file=str(p),
            hint=f"give the path of a {what} saved on disk",
        )
    return p


def check_input(path: str | Path, suffixes: frozenset[str] | set[str], what: str, hint: str) -> str:
    """The lower-case suffix of a file to read as ``what``; ``InputError`` for a suffix not
    in ``suffixes`` (``hint`` says which to use) or a path that is not a file.

    >>> check_input("news.txt", {".jsonl"}, "a corpus", "use .jsonl")
    Traceback (most recent call last):
    ...
    geo.errors.InputError: news.txt: cannot read .txt as a corpus (use .jsonl)
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in suffixes:
        raise InputError(
            f"cannot read {suffix or 'a file without an extension'} as {what}",
            file=str(p),
            hint=hint,
        )
    check_regular(p, what.removeprefix("a ").removeprefix("an "))
    return suffix


def read_bytes(path: str | Path, what: str = "file", limit: int | None = MAX_TEXT_BYTES) -> bytes:
    """The file's bytes; missing, a folder, unreadable or over ``limit`` -> ``InputError``.

    >>> read_bytes("/no/such/story.yaml", "story file")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: /no/such/story.yaml: no such file (check the path and the file name)
    """
    path = check_regular(path, what)
    name = str(path)
    try:
        with path.open("rb") as fh:
            # Read at most one byte past the limit: a device or a pipe has no size to stat.
            raw = fh.read() if limit is None else fh.read(limit + 1)
    except FileNotFoundError:
        raise InputError(
            "no such file", file=name, hint="check the path and the file name"
        ) from None
    except IsADirectoryError:
        raise InputError(
            f"this is a folder, not a {what}", file=name, hint=f"give the path of a {what}"
        ) from None
    except OSError as e:
        raise InputError(
            f"cannot read the file: {e.strerror or e}",
            file=name,
            hint="check that it exists and that you may read it",
        ) from None
    if limit is not None and len(raw) > limit:
        raise InputError(
            f"the file is larger than {limit / 1e6:g} MB, too large for a {what}",
            file=name,
            hint=f"check that this is the right file; a {what} is text of a few kilobytes",
        )
    return raw


def _magic_kind(raw: bytes) -> str | None:
    """What a binary file is, from its first bytes (``None`` when unknown)."""
    return next((kind for magic, kind in _MAGIC.items() if raw.startswith(magic)), None)


def _utf16_without_bom(raw: bytes) -> bool:
    # Latin text in UTF-16 has a NUL byte beside nearly every character.
    head = raw[:4096]
    if len(head) < 4:
        return False
    head = head[: len(head) // 2 * 2]
    zeros = sorted((head[0::2].count(0), head[1::2].count(0)))
    half = len(head) / 2
    if not (zeros[1] >= 0.3 * half and zeros[0] <= 0.02 * half):
        return False
    for codec in ("utf-16-le", "utf-16-be"):
        text = head.decode(codec, "ignore")
        if sum(c.isprintable() or c.isspace() for c in text) >= 0.95 * len(text):
            return True
    return False


def decode_utf8(raw: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped); UTF-16, binary or another encoding -> ``InputError``.

    >>> decode_utf8("Москва".encode("cp1251"), "a.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: a.txt:1: the file is not UTF-8 (byte 0xcc cannot be read; ...
    """
    kind = None if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else _magic_kind(raw)
    if kind is None and (raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(raw)):
        raise InputError(
            "the file is saved as UTF-16, not UTF-8", file=name, line=1, hint=_SAVE_AS_UTF8
        )
    if kind is None and b"\x00" in raw[:8192]:
        kind = "a binary file"
    if kind is not None:
        raise InputError(
            f"this is {kind}, not a text file",
            file=name,
            line=1,
            hint="give the path of the UTF-8 text file",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        bad = raw[e.start : e.start + 1].hex()
        raise InputError(
            f"the file is not UTF-8 (byte 0x{bad} cannot be read; it looks like an older "
            "encoding such as Windows-1251, Windows-1252 or Latin-1)",
            file=name,
            line=line,
            hint=_SAVE_AS_UTF8,
        ) from None


def read_text(path: str | Path, what: str = "file", limit: int | None = MAX_TEXT_BYTES) -> str:
    """The file's text, read as UTF-8 with clear errors; at most ``limit`` bytes."""
    return decode_utf8(read_bytes(path, what, limit), str(path))
