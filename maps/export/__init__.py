"""Export: HTML and GeoJSON files, PNG snapshots in headless Chromium, the embed snippet."""
