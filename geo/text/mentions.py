"""A toponym found in text: the stage between text and places.

``geo.text.geoparse.geoparse(text)`` returns ``Mention`` s; ``geo.text.extract`` turns sentences and
their mentions into incidents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from geo.places.place import Place

# "location": the text means the place itself. "metonym": the place stands for an actor
# ("the Kremlin said", "Washington warned"); resolved all the same, but a map of where
# things happened leaves it out. "demonym": an adjective or people ("Ukrainian drones").
Role = Literal["location", "metonym", "demonym"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text (Python string offsets, end exclusive) and the place it names.

    >>> m = Mention(0, 6, "Moscow", None, 0.0)
    >>> "Moscow is big"[m.start:m.end]
    'Moscow'
    """

    start: int
    end: int
    text: str
    place: Place | None  # None: found, but could not be placed
    score: float  # confidence of the resolution, 0..1
    role: Role = "location"
