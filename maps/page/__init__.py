"""Composition: the page around the map (title, dek, credit, summary) and the assets it
inlines.
"""
