"""Reading a user's text file: every way it can fail is an ``InputError`` that says what to do."""

from __future__ import annotations

from pathlib import Path

from geo.errors import InputError

_SAVE_AS_UTF8 = "save the file as UTF-8 (in your editor: Save As, Encoding: UTF-8)"


def read_bytes(path: str | Path, what: str = "file") -> bytes:
    """The file's bytes; missing, a folder or unreadable -> ``InputError``.

    >>> read_bytes("/no/such/story.yaml", "story file")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: /no/such/story.yaml: no such file (check the path and the file name)
    """
    path = Path(path)
    name = str(path)
    try:
        return path.read_bytes()
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


def decode_utf8(raw: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped); UTF-16 or another encoding -> ``InputError`` with the line.

    >>> decode_utf8("Москва".encode("cp1251"), "a.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: a.txt:1: the file is not UTF-8 (byte 0xcc cannot be read; ...
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            "the file is saved as UTF-16, not UTF-8", file=name, line=1, hint=_SAVE_AS_UTF8
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        bad = raw[e.start : e.start + 1].hex()
        raise InputError(
            f"the file is not UTF-8 (byte 0x{bad} cannot be read; it looks like "
            "Windows-1252 or Latin-1)",
            file=name,
            line=line,
            hint=_SAVE_AS_UTF8,
        ) from None


def read_text(path: str | Path, what: str = "file") -> str:
    """The file's text, read as UTF-8 with clear errors."""
    return decode_utf8(read_bytes(path, what), str(path))
