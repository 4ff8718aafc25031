"""Text in, placed mentions and drafted incidents out: sentences, dates, toponym recognition
and resolution, geoparsing, extraction.
"""
