"""Split news copy into sentences, keeping offsets into the original text.

Rules (wire copy, not literature):

- a paragraph break (a blank line or a line break) always ends a sentence;
- ``.``, ``!``, ``?`` or ``…`` followed by optional closing quotes/brackets, spaces and a
  capital, digit or opening quote ends a sentence, except after a known abbreviation
  ("Mr.", "Gen.", "U.S.", "Jan.") or a single initial ("Vladimir V. Putin");
- a boundary inside a quotation that closes later in the same paragraph is no boundary: a
  quote and its attribution (``“... Two drones. The craft were disabled,” the presidency
  said``) stay one sentence, because the attribution belongs to every part of the quote;
- a leading dateline, ``(Moscow)``, ``MOSCOW (AFP) -`` or ``Moscow, 3 May 2023.``, is split
  off and reported by :func:`find_dateline`.

>>> [s.text for s in split_sentences("(Moscow) Mr. Ivanov left. He said “Go. Now,” twice.")]
['Mr. Ivanov left.', 'He said “Go. Now,” twice.']
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

__all__ = ["Dateline", "Headline", "Sentence", "find_dateline", "find_headline", "split_sentences"]

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "maj",
        "capt",
        "sgt",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "pres",
        "st",
        "mt",
        "ft",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "nos",
        "vs",
        "etc",
        "al",
        "approx",
        "est",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "fig",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "a.m",
        "p.m",
    ]
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_OPEN_Q = "“‘«"
_CLOSE_Q = "”’»"
# End punctuation, closing quotes/brackets, space, then something that can start a sentence.
_BOUNDARY = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s+[\"“‘«(\[]?[A-Z0-9À-ÖØ-ÞА-Я])")
_TOKEN_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_PAREN_DATELINE = re.compile(r"\A\s*\(([A-Z][^()]{1,40})\)\s*[-–—]?\s*")
_CAPS_DATELINE = re.compile(r"\A\s*([A-Z][A-Z .'-]{2,40})(?:\s*\([^()]{1,20}\))?\s*[-–—]+\s*")
# "Moscow, 3 May 2023.", "KHARKIV, May 4 (Reuters) -", "LVIV, Ukraine, March 4, 2024 -",
# "SURFSIDE, Fla., June 25 (Wire) -", "ISLAMABAD/NEW DELHI, May 7 (Wire) -": a place, up to
# two qualifiers (country, state), a date, an optional agency in brackets, then a dash or stop.
_DATE_DATELINE = re.compile(
    rf"\A\s*([A-Z][\w .'’/-]{{1,40}}?)(?:,\s*[A-Z][\w .'’-]{{1,40}}?){{0,2}},\s*"
    rf"((?:\d{{1,2}}\s+(?:{_MONTHS})\.?|(?:{_MONTHS})\.?\s+\d{{1,2}})(?:,?\s+\d{{4}})?)"
    r"\s*(?:\([^()]{1,30}\)\s*)?[.:–—-]\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text and where it stands in the original (end exclusive)."""

    text: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Dateline:
    """The place (and date text, if any) a wire story opens with, and where it ends."""

    place: str
    date_text: str | None
    end: int


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of ``text``, if any.

    >>> find_dateline("(Moscow) Russia said ...")
    Dateline(place='Moscow', date_text=None, end=9)
    >>> find_dateline("Moscow, 3 May 2023. The presidency said ...").date_text
    '3 May 2023'
    >>> find_dateline("LVIV, Ukraine, March 4, 2024 - Drones hit ...")
    Dateline(place='Lviv', date_text='March 4, 2024', end=31)
    >>> find_dateline("Russia said on Wednesday ...") is None
    True
    """
    m = _PAREN_DATELINE.match(text)
    if m:
        return Dateline(m.group(1).strip(), None, m.end())
    m = _DATE_DATELINE.match(text)
    if m:
        place = m.group(1).strip().split("/")[0].strip()
        return Dateline(place.title() if place.isupper() else place, m.group(2).strip(), m.end())
    m = _CAPS_DATELINE.match(text)
    if m and m.group(1).strip().isupper():
        return Dateline(m.group(1).strip().title(), None, m.end())
    return None


@dataclass(frozen=True, slots=True)
class Headline:
    """An article's headline: its text and where the body may start (after the blank line)."""

    text: str
    end: int


_HEADLINE = re.compile(r"\A[ \t]*([^\n]{3,200}?)[ \t]*\r?\n[ \t]*\r?\n")


def find_headline(text: str) -> Headline | None:
    """The first line when a blank line follows it and it reads as a headline: no full stop
    at its end, not a dateline ("Sumy, 14 April 2025."), at most 200 characters.

    >>> find_headline("Drones hit Moscow\\n\\nMOSCOW, May 30 - Drones struck ...").text
    'Drones hit Moscow'
    >>> find_headline("Drones struck Moscow on Tuesday.\\n\\nMore later.") is None
    True
    """
    m = _HEADLINE.match(text)
    if not m:
        return None
    line = m.group(1).strip()
    if re.search(r"[.!…]$", line) and not re.search(r"\b[A-Z][a-z]{0,3}\.$", line):
        return None  # a sentence, not a headline
    if find_dateline(line + " x") is not None and find_dateline(line + " x").end >= len(line):
        return None
    return Headline(line, m.end())


def _is_abbreviation(chunk: str) -> bool:
    m = _TOKEN_BEFORE.search(chunk)
    if not m:
        return False
    token = m.group(1).lower()
    # A single capital initial ("V.") or a known abbreviation does not end a sentence.
    return token in ABBREVIATIONS or (len(token) == 1 and m.group(1).isupper())


class _Quotes:
    """Whether a quotation opened before a position is still open there and closes later.

    Asked at increasing positions of one paragraph, it counts only the text since the last
    question: linear in the paragraph. (Counting the whole prefix at every full stop made
    200 kB of "Moscow. " take minutes.)
    """

    def __init__(self, para: str) -> None:
        self.para, self.pos, self.depth, self.straight = para, 0, 0, 0
        self.last_close = max(para.rfind("”"), para.rfind("»"))
        self.last_straight = para.rfind('"')

    def open_at(self, pos: int) -> bool:
        seen = self.para[self.pos : pos]
        self.depth += sum(seen.count(c) for c in _OPEN_Q) - sum(seen.count(c) for c in "”»")
        self.straight += seen.count('"')
        self.pos = pos
        if self.depth > 0 and self.last_close >= pos:
            return True
        return self.straight % 2 == 1 and self.last_straight >= pos


# An abbreviation is a short token: the one before a full stop is looked for in this many
# characters before it, not in the whole paragraph (which made sentence splitting quadratic).
_TOKEN_WINDOW = 64


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` in order, without the leading dateline.

    >>> [s.text for s in split_sentences("Moscow, 3 May 2023. Drones flew. Gen. Ivanov said so.")]
    ['Drones flew.', 'Gen. Ivanov said so.']
    """
    dl = find_dateline(text)
    offset = dl.end if dl else 0
    out: list[Sentence] = []
    paragraph = 0
    for para_match in re.finditer(r"[^\n]+", text[offset:]):
        para = para_match.group()
        if not para.strip():
            continue
        base = offset + para_match.start()
        cuts = [0]
        quotes = _Quotes(para)
        for m in _BOUNDARY.finditer(para):
            end = m.end()
            before = para[max(0, m.start() + 1 - _TOKEN_WINDOW) : m.start() + 1]
            if m.group().startswith(".") and _is_abbreviation(before):
                continue
            if quotes.open_at(end):
                continue
            cuts.append(end)
        cuts.append(len(para))
        for a, b in itertools.pairwise(cuts):
            chunk = para[a:b]
            # A stray full stop after the real one ("border. .") is a typo: drop it.
            stripped = re.sub(r"(?<=[.!?…\"”])(?:\s+\.)+$", "", chunk.strip())
            # Stray punctuation ("border. .") is no sentence of its own.
            if not re.search(r"\w", stripped):
                continue
            lead = len(chunk) - len(chunk.lstrip())
            out.append(
                Sentence(stripped, base + a + lead, base + a + lead + len(stripped), paragraph)
            )
        paragraph += 1
    return out
