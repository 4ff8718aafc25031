"""incident-map's geography: data in, frozen dataclasses and GeoDataFrames out.

The verbs (see ``geo.api``): ``geocode``, ``geoparse``, ``extract``, ``load_story``,
``resolve_story``, ``read_table``, ``distance``. The rooms, by stage: ``geo.places``
(gazetteer, geocoders), ``geo.text`` (sentences to mentions and drafted incidents),
``geo.story`` (story files, resolving a story), ``geo.geometry`` (borders, geodesic
distances), ``geo.tables`` (incident tables, corpora), ``geo.files`` (reading and writing).
No map drawing here: that is ``maps``.

Importing ``geo`` is cheap: each verb loads its room on first use (``geoparse --jsonl``
starts in a pipeline many times a minute).
"""

from __future__ import annotations

# geo.api imports only the standard library; each verb loads its room when called.
from geo import api
from geo.api import *  # noqa: F403
from geo.places.place import Place

__all__ = ["Place", *api.__all__]
