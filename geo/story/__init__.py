"""Stories: the story model, reading and writing story files, resolving a story into
GeoDataFrames.
"""
