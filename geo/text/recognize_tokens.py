"""Words of an article with their capitalisation, the gap before them and whether they
open a sentence: what the recogniser reads.

>>> [t.text for t in tokenize("Russia's capital, St. Petersburg.")]
['Russia', 'capital', 'St', 'Petersburg']
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import NamedTuple

from geo.text.recognize_words import CONNECTORS, NAME_ABBREV

__all__ = ["CONTRACTION", "POSSESSIVE", "Token", "elided", "joins", "plain_gap", "scan", "tokenize"]

# Words, dotted abbreviations ("U.S.", "D.C.", "W.Va."); apostrophes inside.
# A hyphen splits words ("Texas-based", "Egyptian-US"); joins puts "Winston-Salem" back.
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]\.[A-Z][a-z]{1,3}\.|[^\W\d_](?:[\w'’]*[^\W_])?")
POSSESSIVE = ("'s", "’s")
CONTRACTION = re.compile(r"['’](?:ve|ll|re|d|m|t)$")  # "I've", "We'll": not "O'Fallon"
_SENTENCE_END = re.compile(r"[.!?\n]|[\"”]\s")


class Token(NamedTuple):
    """A word of the text; a tuple because articles have thousands of them."""

    start: int
    end: int
    text: str
    cap: bool  # starts with an upper-case letter
    upper: bool  # all capitals, two letters or more
    sent_start: bool  # first word of a sentence (or of the text)
    gap: str  # text between the previous token and this one


# Each token with the text before it, in one C-level findall (no Match objects per word).
# Every token starts with a letter and every letter starts a token: the gap is the run of
# non-letters before it.
_GAP_TOKEN = re.compile(r"([\W\d_]*+)(" + _TOKEN.pattern + ")")
_new_token = tuple.__new__


def tokenize(text: str) -> list[Token]:
    """Word tokens with their capitalisation and whether they open a sentence.

    >>> [t.text for t in tokenize("Russia's capital, St. Petersburg.")]
    ['Russia', 'capital', 'St', 'Petersburg']
    """
    pairs = _GAP_TOKEN.findall(text)
    ends = list(accumulate([len(g) + len(w) for g, w in pairs]))
    return [_token_at(text, pairs, ends, i) for i in range(len(pairs))]


def scan(text: str) -> tuple[list[Token | None], list[int], set[str]]:
    """What :func:`recognize` reads of the text, built only where a name can be.

    Returns the token list (a :func:`tokenize` token at each capitalised word, at its two
    neighbours and after each connector among them, ``None`` elsewhere: recognition never
    looks further), the capitalised words' indices, and the lower-case words. Most words
    of an article are lower-case filler that only the last of these needs, and building
    a token for each was a quarter of a cold scan.
    """
    pairs = _GAP_TOKEN.findall(text)
    n = len(pairs)
    caps = [i for i, (_, w) in enumerate(pairs) if w[0].isupper()]
    lower = {
        w[:-2] if w[-1] == "s" and w.endswith(POSSESSIVE) else w
        for _, w in pairs
        if not w[0].isupper()
    }
    ends = list(accumulate([len(g) + len(w) for g, w in pairs]))
    need = set()
    for c in caps:
        need.update((c - 1, c, c + 1))
    for i, (_, w) in enumerate(pairs):  # "Côte d'Ivoire" ends on a lower-case word
        if ("'" in w or "’" in w) and _ELIDED.match(w):
            need.update((i, i + 1))
    todo = [i for i in need if 0 <= i < n and pairs[i][1] in CONNECTORS]
    while todo:  # a run goes on over "of", "de la": the word after a connector too
        i = todo.pop() + 1
        if i < n and i not in need:
            need.add(i)
            if pairs[i][1] in CONNECTORS:
                todo.append(i)
    toks: list[Token | None] = [None] * n
    for i in need:
        if 0 <= i < n:
            toks[i] = _token_at(text, pairs, ends, i)
    return toks, caps, lower


def _token_at(text: str, pairs: list[tuple[str, str]], ends: list[int], i: int) -> Token:
    """tokenize()'s token ``i``, from findall's (gap, word) pairs and their end offsets."""
    gap, word = pairs[i]
    e = ends[i]
    s = e - len(word)
    prev_word = ""
    if i > 0:
        prev_word = pairs[i - 1][1]
        if prev_word[-1] == "s" and prev_word.endswith(POSSESSIVE):
            # the previous word's "'s" belongs to this gap
            gap = text[ends[i - 1] - 2 : ends[i - 1]] + gap
            prev_word = prev_word[:-2]
    if word[-1] == "s" and word.endswith(POSSESSIVE):
        e -= 2
        word = word[:-2]
    if gap == " ":
        sent = False
    else:
        sent = i == 0 or (bool(_SENTENCE_END.search(gap)) and prev_word.lower() not in NAME_ABBREV)
    if word[0].isupper():
        return _new_token(Token, (s, e, word, True, len(word) > 1 and word.isupper(), sent, gap))
    return _new_token(Token, (s, e, word, False, False, sent, gap))


def plain_gap(gap: str) -> bool:
    return gap == " " or (gap.isspace() and "\n" not in gap)


def joins(a: Token, b: Token | None) -> bool:
    """Whether ``b`` continues the capitalised name ending with ``a``."""
    if b is None:  # (a word recognition never reads: see scan)
        return False
    if not (b.cap or b.text in CONNECTORS):  # most words: cheaply
        # "Port-au-Prince", "Côte d'Ivoire", "Republic of the Congo"
        hyphened = b.gap == "-" and len(b.text) <= 4 and b.text.islower()
        return hyphened or elided(b.text) or (b.text == "the" and a.text == "of")
    gap = b.gap
    return plain_gap(gap) or gap == "-" or (gap == ". " and a.text.lower() in NAME_ABBREV)


_ELIDED = re.compile(r"^[dlDL]['’][A-Z]")


def elided(word: str) -> bool:
    """Whether ``word`` is a name with an elided article ("d'Ivoire", "l'Aquila")."""
    return _ELIDED.match(word) is not None
