"""Reading a user's text file: every way it can fail is an ``InputError`` that says what to do.

Story files and articles are read whole, so they are capped at ``MAX_TEXT_BYTES`` (2 MB):
the bundled story is 6 KB and a long article 100 KB, while PyYAML reads about 1 MB a second.
A larger file (a log, a database dump, a 100 MB line) fails at once, before it is read into
memory, with a message that says so.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
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
        size = path.stat().st_size
    except OSError:
        size = 0  # the open below says why
    if limit is not None and size > limit:  # refused by its size, before a byte is read
        raise _too_large(name, what, limit, size)
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
    if limit is not None and len(raw) > limit:  # grown since, or a file with no size (/proc)
        raise _too_large(name, what, limit, None)
    return raw


def _too_large(name: str, what: str, limit: int, size: int | None) -> InputError:
    # "is 5.2 MB:": the size from the file system; without it (a file of /proc), only the limit
    is_ = f"is {size / 1e6:,.1f} MB: " if size else "is "
    return InputError(
        f"the file {is_}larger than {limit / 1e6:g} MB, the limit for a {what}",
        file=name,
        hint=f"check that this is the right file; a {what} is text of a few kilobytes",
    )


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


def check_text_head(raw: bytes, name: str) -> None:
    """``InputError`` when the first bytes of a file show it is not UTF-8 text at all: an
    image, an archive, a binary file, UTF-16. A streaming reader checks the head only.

    >>> check_text_head(b"\\x89PNG\\r\\n", "a.jsonl")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: a.jsonl:1: this is a PNG image, not a text file ...
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


def decode_utf8(raw: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped); UTF-16, binary or another encoding -> ``InputError``.

    >>> decode_utf8("Москва".encode("cp1251"), "a.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: a.txt:1: the file is not UTF-8 (byte 0xcc cannot be read; ...
    """
    check_text_head(raw, name)
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


# ----------------------------------------------------------------------------- any encoding

# Readable names for the encodings a newsroom's files come in (codecs' canonical names).
_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252",
    "cp1250": "Windows-1250",
    "cp1251": "Windows-1251",
    "latin-1": "Latin-1",
    "iso8859-1": "Latin-1",
    "iso8859-15": "Latin-9",
    "mac-roman": "Mac Roman",
}
# Code pages charset-normalizer may pick for Latin text. On a short spreadsheet they decode
# the same bytes to the same accented letters more often than not (cp1250 and cp1252 agree
# on á, é, ü), and it cannot tell them apart; Windows-1252 is what Excel writes in western
# Europe and the Americas, so it wins unless the text says otherwise.
_LATIN_FAMILY = {"cp1250", "cp1252", "cp1257", "latin_1", "iso8859_15", "mac_roman", "cp850"}
# The encodings worth considering at all (charset-normalizer tries ~100 without a list, and
# on short text lands on DOS code pages nobody saves a spreadsheet in).
_CANDIDATES = [
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "latin_1", "iso8859_15", "mac_roman", "koi8_r", "shift_jis", "euc_jp", "gb18030",
    "big5", "euc_kr",
]  # fmt: skip


def encoding_label(encoding: str) -> str:
    """A person's name for a codec.

    >>> encoding_label("cp1252"), encoding_label("utf_8")
    ('Windows-1252', 'UTF-8')
    """
    import codecs

    try:
        canonical = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    return _ENCODING_NAMES.get(canonical, canonical)


@dataclass(frozen=True)
class Decoded:
    """Text read from bytes, with the encoding used and whether it was guessed.

    >>> d = decode_any("Bogotá;3\\n".encode("cp1252"), "a.csv")
    >>> d.text, d.label, d.guessed
    ('Bogotá;3\\n', 'Windows-1252', True)
    """

    text: str
    encoding: str  # a codec name Python knows
    guessed: bool = False  # True when it was not UTF-8 (with or without BOM) nor given

    @property
    def label(self) -> str:
        return encoding_label(self.encoding)


def _line_of(raw: bytes, offset: int, encoding: str) -> int:
    """The 1-based line of byte ``offset`` (a UTF-16 newline is two bytes)."""
    return raw[:offset].decode(encoding, "replace").count("\n") + 1


def _decode_as(raw: bytes, encoding: str, name: str, field: str | None) -> str:
    import codecs

    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"unknown encoding {encoding!r}",
            field=field,
            hint="use e.g. utf-8, utf-16, cp1252 (Windows-1252) or latin-1",
        ) from None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as e:
        byte = raw[e.start : e.start + 1].hex()
        raise InputError(
            f"byte 0x{byte} cannot be read as {encoding_label(encoding)}",
            file=name,
            line=_line_of(raw, e.start, encoding),
            hint="give the file's encoding with --encoding, e.g. --encoding cp1252",
        ) from None
    return text.removeprefix("\ufeff")


def _guess_single_byte(raw: bytes) -> str:
    """The likeliest single- or multi-byte code page of text that is not UTF-8."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it comes with requests, pandas' friends
        best = None
    else:
        best = from_bytes(raw[:200_000], cp_isolation=_CANDIDATES).best()
    if best is None or best.encoding in _LATIN_FAMILY:
        try:
            raw.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:  # cp1252 leaves five bytes undefined; Latin-1 reads all
            return "latin_1" if best is None else best.encoding
    return best.encoding


def decode_any(raw: bytes, name: str, encoding: str | None = None, *,
               field: str | None = "--encoding") -> Decoded:  # fmt: skip
    """Text in whatever encoding a spreadsheet or text tool saved it.

    ``encoding`` (the user's ``--encoding``) is used as given, and a byte it cannot read is
    an ``InputError`` naming the line. Otherwise: a BOM says UTF-8 or UTF-16; UTF-16 without
    a BOM is recognised by its NUL bytes; valid UTF-8 is UTF-8; anything else is guessed
    with charset-normalizer, Windows-1252 for Latin text (see ``_LATIN_FAMILY``).

    >>> decode_any("a;b\\n".encode("utf-16"), "t.csv").label
    'UTF-16'
    >>> decode_any(b"a\\nb\\xff\\n", "t.csv", "utf-8")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.InputError: t.csv:2: byte 0xff cannot be read as UTF-8 (give the file's ...
    """
    if encoding:
        return Decoded(_decode_as(raw, encoding, name, field), encoding)
    if raw.startswith(b"\xef\xbb\xbf"):
        return Decoded(_decode_as(raw, "utf-8-sig", name, field), "utf-8-sig")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(_decode_as(raw, "utf-16", name, field), "utf-16")
    if _utf16_without_bom(raw):
        zeros_first = raw[0:4096:2].count(0) > raw[1:4096:2].count(0)
        codec = "utf-16-be" if zeros_first else "utf-16-le"
        return Decoded(_decode_as(raw, codec, name, field), codec)
    kind = _magic_kind(raw)
    if kind is not None or b"\x00" in raw[:8192]:
        raise InputError(
            f"this is {kind or 'a binary file'}, not a text file",
            file=name,
            line=1,
            hint="give the path of the text file",
        )
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    codec = _guess_single_byte(raw)
    return Decoded(_decode_as(raw, codec, name, field), codec, guessed=True)
