"""Who a sentence attributes its content to, and how sure the text is of it (status).

>>> find_speaker("Drones fell, the Defence Ministry said.").name
'Defence Ministry'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from geo.text.triggers import ATTACK_TYPES

__all__ = ["Speaker", "find_speaker", "incident_status"]

_I = re.IGNORECASE

_SPEECH = (
    r"said|says|announced|announces|stated|claimed|claims|added|told|declared|confirmed"
    r"|reported|insisted|warned|denied|accuses|accused|described"
)
_SPEECH_RX = re.compile(rf"\b(?:{_SPEECH})\b", _I)
_ACCORDING = re.compile(r"\baccording to\s+([^,“”\"';.]+)", _I)
_INVERTED = re.compile(
    rf"[,”\"]\s*(?:{_SPEECH})\s+((?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){{0,3}})"
)
_BY_AGENT = re.compile(
    r"\b(?:reported|claimed|announced|stated)\s+by\s+((?:the\s+)?[A-Z][\w’'-]*"
    r"(?:\s+[A-Z][\w’'-]*){0,3})"
)
_ADVERBS = frozenset(
    [
        "however",
        "nevertheless",
        "also",
        "meanwhile",
        "then",
        "later",
        "earlier",
        "too",
        "though",
        "still",
        "instead",
        "separately",
    ]
)
_ADVERB_PHRASES = re.compile(r"\b(?:for (?:his|her|its|their) part|in (?:turn|response))\b", _I)
_NOT_SPEAKERS = frozenset({"it", "he", "she", "they", "we", "i", "you", "this", "that", "which"})


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a sentence attributes its content to; ``rank`` orders specificity."""

    name: str
    rank: int  # 2: a named person or body, 1: a bare place name (metonym), 0: generic


def _tidy_speaker(text: str) -> str:
    text = _ADVERB_PHRASES.sub("", text)
    parts = [p.strip() for p in re.split(r"[,“”\"]", text)]
    parts = [p for p in parts if p and p.lower() not in _ADVERBS]
    if not parts:
        return ""
    words = [w for w in parts[-1].split() if w.lower() not in _ADVERBS][-6:]
    # "In its statement the Kremlin" -> "the Kremlin": a subject starts at its article.
    lowered = [w.lower() for w in words]
    if "the" in lowered[1:]:
        words = words[len(lowered) - 1 - lowered[::-1].index("the") :]
    name = " ".join(words).strip(" ,;:")
    return re.sub(r"^(?:the|a|an)\s+", "", name, flags=_I)


def _rank(name: str, is_place: Callable[[str], bool]) -> int:
    if not name or name.lower() in _NOT_SPEAKERS:
        return -1
    if name.lower() in {"officials", "authorities", "sources", "media", "reports"}:
        return 0
    return 1 if is_place(name) else 2


def find_speaker(
    sentence: str, is_place: Callable[[str], bool] = lambda _s: False
) -> Speaker | None:
    """Who the sentence says is speaking, or None.

    >>> find_speaker("“Two drones,” the Russian presidency said in a statement.").name
    'Russian presidency'
    >>> find_speaker("Putin’s spokesman, Dmitry Peskov, however, said the parade goes ahead.").name
    'Dmitry Peskov'
    >>> find_speaker("According to the Russian presidency, “there were no casualties”").name
    'Russian presidency'
    >>> find_speaker("Drones fell.") is None
    True
    """
    found: list[Speaker] = []
    for rx in (_ACCORDING, _INVERTED, _BY_AGENT):
        for m in rx.finditer(sentence):
            name = _tidy_speaker(m.group(1))
            found.append(Speaker(name, _rank(name, is_place)))
    for m in _SPEECH_RX.finditer(sentence):
        if sentence[m.end() :].lstrip().lower().startswith("by "):
            continue  # passive: "reported by X" is _BY_AGENT's
        before = sentence[: m.start()]
        # The subject stands after the last quote, clause word or semicolon.
        cut = max(before.rfind(c) for c in '”";:')
        for word in (" that ", " but ", " while ", " as "):
            cut = max(cut, before.rfind(word) + len(word) - 1 if word in before else -1)
        name = _tidy_speaker(before[cut + 1 :])
        if name and (name[0].isupper() or name.lower() in {"officials", "authorities"}):
            found.append(Speaker(name, _rank(name, is_place)))
    found = [s for s in found if s.rank >= 0]
    return max(found, key=lambda s: s.rank) if found else None


_CLAIM = re.compile(r"\bclaim(?:s|ed|ing)?\b", _I)
_VERIFIED = re.compile(r"\b(?:confirmed|verified)\b", _I)
_NEGATED = re.compile(
    r"\b(?:not|no|never|un\w+|impossible|could ?n[o’']t|cannot|without)\b[^.;]{0,40}$", _I
)


def incident_status(sentences: Sequence[str], kind: str, speaker: Speaker | None) -> str:
    for s in sentences:
        for m in _VERIFIED.finditer(s):
            if not _NEGATED.search(s[: m.start()]):
                return "confirmed"
    if kind in ATTACK_TYPES and speaker is not None and speaker.rank > 0:
        return "claimed"
    if any(_CLAIM.search(s) for s in sentences):
        return "claimed"
    return "reported"
