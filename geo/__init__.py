"""incident-map's geography: gazetteer, geocoding, borders, distances and story files.

Data in, frozen dataclasses and GeoDataFrames out; no map drawing here (that is ``maps``).
"""

from geo.places.place import Place

__all__ = ["Place"]
