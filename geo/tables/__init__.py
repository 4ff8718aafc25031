"""Tables: incident tables (ACLED exports, CSV, GeoJSON, GeoPackage, Parquet), corpora of
articles, per-place and per-day aggregates.
"""
