"""Physical features and curated places in the index: which names a feature is indexed
under, how prominent it is, the region it lies in, and the generic words ("river", "air
base", "crossing") the recogniser may read past a capitalised name.

>>> physical_names("Dnipro", ["the Dnipro"], "river", 4)
['Dnipro River', 'River Dnipro']
"""

from __future__ import annotations

import math

from geo.places.normalize import normalize

__all__ = [
    "FEATURE_WORDS",
    "NearestRegion",
    "generic_words",
    "physical_log_pop",
    "physical_names",
]

# Words that make a name a physical feature's own ("Lake Erie", "Black Sea", "Long Island"):
# such a name may be indexed whatever the feature's size.
FEATURE_WORDS = frozenset(
    "ocean sea gulf bay strait straits channel sound lake lakes reservoir river island "
    "islands isle isles archipelago peninsula mountains range desert plain plains valley "
    "plateau highlands heights delta falls cape reef canal firth fjord lagoon basin".split()
)
# A feature with a bare name ("Sumatra", "Alps") is indexed under it only when Natural
# Earth ranks it this prominent or more (scalerank 0 is the most prominent): "Pagan" or
# "Mili" (small atolls) would otherwise turn ordinary words and towns into islands.
BARE_NAME_MAX_SCALERANK = 4


def physical_log_pop(scalerank: int) -> float:
    """The population-like prior of a physical feature: an ocean or a great island ranks
    like a city of three million, a minor bay like a town of 3,000.

    >>> physical_log_pop(0), physical_log_pop(4), physical_log_pop(9)
    (6.5, 5.0, 3.5)
    """
    return min(6.5, max(3.5, 6.5 - 0.375 * scalerank))


def physical_names(name: str, aliases: list[str], kind: str, scalerank: int) -> list[str]:
    """The names a feature is indexed under, its own name first.

    A river is a river only with its generic word ("the Dnipro River", "river Dnipro"):
    its bare name stays the city's. Other features keep a bare name only when prominent.

    >>> physical_names("Dnipro", ["Dnieper", "the Dnipro"], "river", 4)
    ['Dnipro River', 'River Dnipro', 'Dnieper River', 'River Dnieper']
    >>> physical_names("Mili", [], "island", 5), physical_names("Sumatra", [], "island", 1)
    ([], ['Sumatra'])
    """
    out: list[str] = []
    for text in [name, *aliases]:
        words = set(normalize(text).split())
        if kind == "river":
            bare = text.removeprefix("the ").removeprefix("The ")
            forms = [bare] if "river" in words else [f"{bare} River", f"River {bare}"]
        elif words & FEATURE_WORDS or scalerank <= BARE_NAME_MAX_SCALERANK:
            forms = [text]
        else:
            forms = []
        out += [f for f in forms if f not in out]
    return out


class NearestRegion:
    """The first-level region of the nearest town of a country (a 1-degree grid of towns).

    A lake or a river's middle has no region of its own in the data; the region of the
    nearest town is what the resolver needs to weigh it against the article's towns.
    """

    def __init__(self, towns: list[tuple[float, float, str, str | None]]) -> None:
        self.grid: dict[tuple[str, int, int], list[tuple[float, float, str | None]]] = {}
        for lat, lon, cc, a1 in towns:
            if a1 is not None:
                cell = (cc, math.floor(lat), math.floor(lon))
                self.grid.setdefault(cell, []).append((lat, lon, a1))

    def __call__(self, lat: float, lon: float, cc: str) -> str | None:
        y, x = math.floor(lat), math.floor(lon)
        for r in range(3):  # up to ~300 km away
            near = [
                t
                for dy in range(-r, r + 1)
                for dx in range(-r, r + 1)
                for t in self.grid.get((cc, y + dy, x + dx), ())
            ]
            if near:
                scale = math.cos(math.radians(lat)) ** 2
                return min(near, key=lambda t: (t[0] - lat) ** 2 + scale * (t[1] - lon) ** 2)[2]
        return None


# words inside names that the recogniser never needs to read past: connectors and articles
_NOT_GENERIC = frozenset("the of and de del la le du da al el von van der di des on upon".split())


def generic_words(text: str) -> tuple[set[str], set[str]]:
    """(head, tail): lower-case words before the name's first capitalised word and after
    its last one, plus a feature word written capitalised at either end ("Lake Erie",
    "Black Sea"), so that "lake Erie" and "the Black sea" are read whole.

    >>> generic_words("river Dnipro")
    ({'river'}, set())
    >>> sorted(generic_words("Engels air base")[1])
    ['air', 'base']
    >>> generic_words("Moscow City"), generic_words("Lake Erie")
    ((set(), set()), ({'lake'}, set()))
    """
    words = text.split()
    caps = [i for i, w in enumerate(words) if w[:1].isupper()]
    if not caps:
        return set(), set()

    def generic(w: str) -> bool:
        return w.isalpha() and len(w) >= 3 and w.lower() not in _NOT_GENERIC

    head = {w for w in words[: caps[0]] if generic(w) and w.islower()}
    tail = {w for w in words[caps[-1] + 1 :] if generic(w) and w.islower()}
    if len(words) > 1 and words[0].lower() in FEATURE_WORDS:
        head.add(words[0].lower())
    if len(words) > 1 and words[-1].lower() in FEATURE_WORDS:
        tail.add(words[-1].lower())
    return head, tail
