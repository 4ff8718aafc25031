"""Geometry: borders (Natural Earth, two views) and geodesic distances and rings."""
