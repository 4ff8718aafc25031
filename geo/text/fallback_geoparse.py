"""FALLBACK geoparser, used only while ``geo.text.geoparse`` cannot be imported.

Gazetteer lookups of capitalised n-grams, longest first, skipping person names.

>>> [m.text for m in fallback_geoparse("Drones fell on Moscow.")]
['Moscow']
"""

from __future__ import annotations

import re

from geo.text.mentions import Mention

__all__ = ["fallback_geoparse"]


def _gazetteer():
    from geo.places.gazetteer import default_gazetteer

    return default_gazetteer()


# Capitalised words that the gazetteer knows as some small place but news copy uses as words.
_FALLBACK_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "i",
        "it",
        "if",
        "in",
        "on",
        "at",
        "of",
        "by",
        "as",
        "he",
        "she",
        "we",
        "they",
        "this",
        "that",
        "these",
        "those",
        "there",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "victory",
        "day",
        "president",
        "mayor",
        "minister",
        "general",
        "several",
        "many",
        "some",
        "most",
        "all",
        "according",
        "footage",
        "incidents",
        "drones",
        "over",
        "last",
        "next",
        "new",
        "first",
    ]
)
_TITLES = frozenset(
    ["president", "mayor", "minister", "general", "governor", "spokesman", "mr", "mrs", "ms", "dr"]
)
_WORD = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w-]*(?:[’']s)?|[\w-]+|[^\w\s]")


def fallback_geoparse(
    text: str, country: str | None = None, near: tuple[float, float] | None = None
) -> list[Mention]:
    """FALLBACK used only while ``geo.text.geoparse`` cannot be imported: gazetteer lookups of
    capitalised n-grams (longest first), skipping person names ("Vladimir Putin")."""
    gz = _gazetteer()
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        if not tokens[i][2][0].isupper():
            i += 1
            continue
        run = [i]  # consecutive capitalised words, broken after a possessive
        while (
            run[-1] + 1 < len(tokens)
            and tokens[run[-1] + 1][2][0].isupper()
            and not re.search(r"[’']s$", tokens[run[-1]][2])
            and tokens[run[-1] + 1][0] - tokens[run[-1]][1] == 1
        ):
            run.append(run[-1] + 1)
        hit = None
        for n in range(min(4, len(run)), 0, -1):
            start, end = tokens[run[0]][0], tokens[run[n - 1]][1]
            name = re.sub(r"[’']s$", "", text[start:end])
            if n == 1 and name.lower() in _FALLBACK_STOP:
                continue
            if n == 1 and len(run) > 1:
                continue  # "Vladimir Putin": a first name followed by a surname
            prev = tokens[run[0] - 1][2].lower() if run[0] > 0 else ""
            if prev in _TITLES:
                continue
            if gz.lookup(name):
                hit = (start, start + len(name), name, n)
                break
        if hit is None:
            i = run[-1] + 1
            continue
        start, end, name, n = hit
        cands = gz.geocode(name, country=country, near=near)
        best = cands[0]
        role = "demonym" if best.how == "demonym" else "location"
        score = max(0.0, min(1.0, (best.score - 3.5) / 3.0))
        out.append(Mention(start, end, name, best.place, round(score, 3), role))
        i = run[0] + n
    return out
