"""An offline basemap drawn in the page: land, lakes, rivers, country lines and English names.

From ``data/basemap.parquet`` (Natural Earth 1:10m land, lakes, rivers, sea and country
names, populated places; generalised per zoom band ``z0-3``, ``z4-5``, ``z6-8``, and
``z9-11`` at Natural Earth's own detail with the gazetteer's towns) only the rows
whose box meets the view are read, and only the bands the reader's zooms need: the band of the
zoom the story opens at on a desktop and on a phone, one coarser for zooming out. Each band is
its own layer, shown at its zooms (:class:`BandSwitch`); names go to ``labels`` with their
band's zooms, towns by rank after the story's own labels. Country lines come from the
packaged country outlines, simplified like the band.

>>> band_for(5.2), bands_for(7.4, 5.6), band_for(8.5), band_for(10)
('z4-5', ['z4-5', 'z6-8'], 'z6-8', 'z9-11')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement, Template

from geo.resources import data_path
from maps.layers import coast, generalize
from maps.layers.basemap_cache import cached_lines, read_cached
from maps.layers.fmt import after_script, feature, plain
from maps.layers.labels import BASE_COUNTRY, BASE_SEA, BASE_TOWN, Label

BASEMAP_FILE = "basemap.parquet"
ATTRIBUTION = "Basemap: Natural Earth (public domain)"
# the city band's towns come from GeoNames, whose licence asks for credit
CITY_ATTRIBUTION = "Basemap: Natural Earth (public domain), towns: GeoNames (CC BY 4.0)"
# zooms each band draws at (zoom_snap 0.25: 8.75 is still z6-8)
BANDS = {"z0-3": (0, 3.99), "z4-5": (4, 5.99), "z6-8": (6, 8.99), "z9-11": (9, 30)}
# degrees, country lines per band: z9-11 about half a pixel at z11, like its land
TOLERANCE = {"z0-3": 0.1, "z4-5": 0.03, "z6-8": 0.008, "z9-11": 0.0003}
# square degrees: smaller lakes dropped (z9-11: about 3x3 px at z9)
MIN_LAKE = {"z0-3": 0.5, "z4-5": 0.03, "z6-8": 0.004, "z9-11": 0.00003}
# Islands a band's land leaves out (tools/derive_basemap.py's MIN_AREA_KM2) get no country
# line either: drawn, their outlines were grey rings in the sea, and at z0-3 they made a
# third of a world page's lines (44,070 vertices; 27,000 without them).
ISLAND_KM2 = {"z0-3": 2000.0, "z4-5": 100.0, "z6-8": 5.0}
CITY = "z9-11"  # the band of city-scale pages
DECIMALS = {CITY: 4}  # coordinates in the page: 0.001° (~110 m) is ~1.5 px at z11
MAX_DETAIL_ZOOM = 11  # the finest band's detail (NE 1:10m's own): pages open no closer
TOWNS_PER_BAND = 30  # the best-ranked towns in the view; labels.js drops what has no room

SEA = "#dbe6ee"  # sea and lakes
LAND = "#f8f7f3"
RIVER = "#a9c5da"
BORDER = "#a3a3a3"

DESKTOP = (1200, 800)
PHONE = (375, 667)


def band_for(zoom: float) -> str:
    """The band drawn at ``zoom``."""
    return next(b for b, (lo, hi) in BANDS.items() if lo <= zoom <= hi)


def bands_for(desktop_zoom: float, phone_zoom: float) -> list[str]:
    """Bands for the opening zoom on a desktop and on a phone, in band order."""
    wanted = {band_for(desktop_zoom), band_for(phone_zoom)}
    return [b for b in BANDS if b in wanted]


def fit_zoom(bounds: list[list[float]], size: tuple[int, int], pad: int = 120) -> float:
    """The zoom Leaflet's fitBounds picks for ``bounds`` in a ``size`` view (roughly).

    >>> round(fit_zoom([[51.4, 31.3], [57.2, 39.7]], (1200, 800)), 1)
    6.3
    """
    (south, west), (north, east) = bounds

    def merc(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    w, h = max(size[0] - pad, 100), max(size[1] - 2 * pad, 100)
    dx, dy = max(east - west, 1e-3), max(merc(north) - merc(south), 1e-3)
    return min(math.log2(w / 256 * 360 / dx), math.log2(h / 256 * 360 / dy), 11)


def city_box(bounds: list[list[float]] | None) -> shapely.Polygon | None:
    """The box of the city band's data on a page framed on ``bounds`` (what its opening
    view shows, x1.2), or None when the page does not open in that band: story outlines
    keep their detail there (``generalize.FINE_TOLERANCE_DEG``), as the band's land does.

    >>> city_box([[46.3, 30.66], [46.6, 31.02]]).bounds[0] < 30.66
    True
    >>> city_box([[51.4, 31.3], [57.2, 39.7]]) is None
    True
    """
    if not bounds:
        return None
    z_desk, z_phone = fit_zoom(bounds, DESKTOP), fit_zoom(bounds, PHONE)
    if CITY not in bands_for(z_desk, z_phone):
        return None
    return shapely.box(*view_box(bounds, box_zoom(CITY, z_desk, z_phone), DESKTOP))


def box_zoom(band: str, z_desk: float, z_phone: float) -> float:
    """The zoom whose desktop view (x1.2) ``band``'s data cover: the lowest the page opens at
    in the band, and for the city band no closer than ``coast.COAST_ZOOM`` (a page by the
    sea opens there, decided from this very land).

    >>> box_zoom("z6-8", 7.5, 6.5), box_zoom("z9-11", 11, 10.5), box_zoom("z9-11", 9.5, 11)
    (6.5, 10, 9.5)
    """
    lowest = min(z_desk, z_phone, coast.COAST_ZOOM) if band == CITY else min(z_desk, z_phone)
    return max(BANDS[band][0], lowest)


def view_box(bounds: list[list[float]], zoom: float, size: tuple[int, int]) -> tuple:
    """(west, south, east, north) a ``size`` view at ``zoom`` shows around ``bounds``, x1.2."""
    (south, west), (north, east) = bounds
    span_lon = size[0] / 256 * 360 / 2**zoom * 0.6
    span_lat = size[1] / 256 * 360 / 2**zoom * 0.6 * math.cos(math.radians((south + north) / 2))
    cx, cy = (west + east) / 2, (south + north) / 2
    return (max(cx - span_lon, -180), max(cy - span_lat, -85), min(cx + span_lon, 180),
            min(cy + span_lat, 85))  # fmt: skip


@cache
def available() -> bool:
    """Whether the basemap data is packaged."""
    return data_path(BASEMAP_FILE).is_file()


def read(box: tuple, bands: list[str]) -> gpd.GeoDataFrame:
    """Basemap rows of ``bands`` whose box meets ``box`` (west, south, east, north).

    The other bands are left in the file (a world view read them all: 12,949 geometries
    for 344, 40 MB more peak), read on one thread."""
    frame = gpd.read_parquet(
        data_path(BASEMAP_FILE), bbox=box, filters=[("band", "in", bands)], use_threads=False
    )
    return frame.reset_index(drop=True)


@dataclass
class Basemap:
    """What one page draws: a layer per band, and the names as labels. A ``late`` basemap's
    shapes wait in JSON blocks after the map's script (:class:`DataTail`) until its
    :class:`BandSwitch` starts."""

    groups: list[tuple[str, folium.FeatureGroup]]
    labels: list[Label]
    late: bool = False
    land: shapely.Geometry | None = None  # the city band's drawn land and its box (coast.py)
    land_box: tuple | None = None
    bands: tuple[str, ...] = ()

    @property
    def attribution(self) -> str:
        return CITY_ATTRIBUTION if CITY in self.bands else ATTRIBUTION


def _geojson(geoms: list[shapely.Geometry], look: dict[str, Any], name: str) -> folium.GeoJson:
    collection = {"type": "FeatureCollection", "features": [feature(g) for g in geoms]}
    return folium.GeoJson(
        collection,
        name=name,
        style_function=lambda _f, look=look: look,
        control=False,
        interactive=False,
        smooth_factor=1.0,
    )


def _polygons(geom: shapely.Geometry) -> list[shapely.Geometry]:
    """The polygonal part of ``geom`` (a union may add stray lines or points)."""
    parts = shapely.get_parts(shapely.get_parts(geom))  # a collection's multi-parts too
    polys = [g for g in parts if g.geom_type == "Polygon" and not g.is_empty]
    return [shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0]] if polys else []


class LateShapes(MacroElement):
    """Shapes of one look as an empty Leaflet GeoJSON layer in the map's script; their
    GeoJSON (compact, from GEOS) goes in a block after it (:class:`DataTail`), parsed only
    when the :class:`BandSwitch` starts: the page's own layer is drawn before any of it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson(null, {smoothFactor: 1.0, interactive: false,
            style: function () { return {{ this.look|tojson }}; }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, geoms: list[shapely.Geometry], look: dict[str, Any]) -> None:
        super().__init__()
        self._name = "LateShapes"
        self.look = look
        parts = (shapely.to_geojson(generalize.round_coords(g)) for g in geoms)
        features = ",".join(f'{{"type":"Feature","properties":{{}},"geometry":{p}}}' for p in parts)
        # numbers, brackets and keys only: nothing that could end the <script> element
        self.json = f'{{"type":"FeatureCollection","features":[{features}]}}'
        assert "<" not in self.json


def _late_shapes(groups: list[tuple[str, folium.FeatureGroup]]) -> list[LateShapes]:
    """The :class:`LateShapes` of the bands' groups, in page order."""
    return [c for _, g in groups for c in g._children.values() if isinstance(c, LateShapes)]


class DataTail(MacroElement):
    """The late basemap's GeoJSON blocks, at the end of the page's script section: it
    closes that script, holds the blocks and opens an empty one. Add it after the map's
    other elements (before a table's details, which the reader may never open)."""

    def __init__(self, base: Basemap) -> None:
        super().__init__()
        self._name = "BasemapData"
        self.shapes = _late_shapes(base.groups)

    def render(self, **kwargs: Any) -> None:
        blocks = "".join(
            f'<script type="application/json" id="{s.get_name()}_data">{s.json}</script>\n'
            for s in self.shapes
        )
        after_script(self, blocks)


def _clip(geoms: Any, box: tuple, decimals: int = 3) -> list[shapely.Geometry]:
    clipped = shapely.clip_by_rect(np.asarray(geoms), *box)
    out = [generalize.round_coords(g, decimals) for g in clipped if g is not None]
    return [g for g in out if not g.is_empty]


def build(
    bounds: list[list[float]],
    countries: gpd.GeoDataFrame | str | None,
    *,
    draw: bool = True,
    skip_names: set[str] | frozenset[str] = frozenset(),
    late: bool = False,
) -> Basemap:
    """The basemap around ``bounds``: drawn layers (when ``draw``; tiles draw their own) and
    English names. ``countries`` give the country lines: the outlines (iso_a2, geometry),
    or a border view of ``geo.geometry.borders``, and then the lines and the basemap's rows
    come from the cache (:func:`cached_lines`, :func:`read_cached`); ``skip_names`` are
    names the story labels itself; ``late`` shapes wait after the map's script
    (:class:`LateShapes`, :class:`DataTail`)."""
    shapes = (lambda geoms, look, name: LateShapes(geoms, look)) if late else _geojson
    top = MAX_DETAIL_ZOOM  # the page opens no closer (FitView)
    z_desk, z_phone = min(fit_zoom(bounds, DESKTOP), top), min(fit_zoom(bounds, PHONE), top)
    bands = bands_for(z_desk, z_phone)
    # Each band covers what a desktop shows at the lowest zoom the band opens at, x1.2.
    boxes = {b: view_box(bounds, box_zoom(b, z_desk, z_phone), DESKTOP) for b in bands}
    outer = tuple(f(v[i] for v in boxes.values()) for i, f in enumerate((min, min, max, max)))
    frame = read_cached(outer, bands) if isinstance(countries, str) else read(outer, bands)
    groups: list[tuple[str, folium.FeatureGroup]] = []
    out: list[Label] = []
    city_land: tuple = (None, None)
    for band in bands:
        box = boxes[band]
        rows = frame[(frame["band"] == band) & frame.geometry.intersects(shapely.box(*box))]
        zooms = _zooms(band, bands)
        digits = DECIMALS.get(band, 3)
        if draw:
            group = folium.FeatureGroup(name=f"Basemap {band}", control=False)
            layer = rows["layer"]
            land = _clip(rows.geometry[layer == "land"], box, digits)
            if len(land) > 1:
                # The data's land comes in pieces cut on 90-degree meridians; drawn apart,
                # their shared edges showed as hairlines across the land (antialiasing).
                land = _polygons(shapely.union_all(land))
            if land:
                look = {"color": LAND, "weight": 0, "fillColor": LAND, "fillOpacity": 1.0}
                shapes(land, look, "Land").add_to(group)
            if band == CITY:
                city_land = (shapely.union_all(land) if land else shapely.Polygon(), box)
            big = shapely.area(rows.geometry.values) >= MIN_LAKE[band]
            lakes = rows.geometry[(layer == "lake") & big]
            lakes = _clip(lakes, box, digits)
            if lakes:
                look = {"color": RIVER, "weight": 0.5, "fillColor": SEA, "fillOpacity": 1.0}
                shapes(lakes, look, "Lakes").add_to(group)
            rivers = _clip(rows.geometry[layer == "river"], box, digits)
            if rivers:
                shapes(rivers, {"color": RIVER, "weight": 1.0}, "Rivers").add_to(group)
            lines = _country_lines(countries, box, band)
            if lines:
                look = {"color": BORDER, "weight": 0.8}
                shapes(lines, look, "Country lines").add_to(group)
            groups.append((band, group))
        out += _names(rows, zooms, skip_names)
    return Basemap(groups, out, late, *city_land, bands=tuple(bands))


def _zooms(band: str, bands: list[str]) -> tuple[float, float]:
    lo, hi = BANDS[band]
    if band == bands[0]:
        lo = 0
    if band == bands[-1]:
        hi = 30
    return (lo, hi)


def _country_lines(
    countries: gpd.GeoDataFrame | str | None, box: tuple, band: str
) -> list[shapely.Geometry]:
    if isinstance(countries, str):
        wkb, boxes = cached_lines(countries)[band]
        west, south, east, north = box
        near = (boxes[:, 0] <= east) & (boxes[:, 2] >= west) & (boxes[:, 1] <= north)
        lines = shapely.from_wkb(wkb[near & (boxes[:, 3] >= south)])
    else:
        if countries is None or countries.empty:
            return []
        near = countries[countries.geometry.intersects(shapely.box(*box))]
        lines = _outline_lines(near.geometry.to_numpy(), band)
    if not len(lines):
        return []
    # Each shared border twice (once per country): merged into one line set. Lines that
    # miss the box clip to nothing, however they were picked.
    merged = shapely.line_merge(shapely.union_all(_clip(lines, box, DECIMALS.get(band, 3))))
    return [merged] if not merged.is_empty else []


def _outline_lines(outlines: np.ndarray, band: str) -> np.ndarray:
    """Each country's outline simplified for ``band``, as lines, less the islands the
    band's land leaves out (:data:`ISLAND_KM2`; a country of such islands has none)."""
    least = ISLAND_KM2.get(band, 0.0)
    if least:
        parts, owner = shapely.get_parts(outlines, return_index=True)
        lat = np.radians(shapely.get_y(shapely.centroid(parts)))
        keep = shapely.area(parts) * 111.32**2 * np.cos(lat) >= least  # degrees² -> km²
        out = np.array([shapely.MultiPolygon()] * len(outlines), dtype=object)
        outlines = shapely.multipolygons(parts[keep], indices=owner[keep], out=out)
    return shapely.boundary(shapely.simplify(outlines, TOLERANCE[band]))


def _names(rows: gpd.GeoDataFrame, zooms: tuple[float, float], skip: set[str] | frozenset[str]):
    out = []
    layer = rows["layer"]
    for row in rows[layer == "country"].to_dict("records"):
        name = plain(row["name"])
        if name and name not in skip:
            prio = BASE_COUNTRY + float(row["rank"] or 0) / 1000
            anchor = [[round(row["geometry"].y, 3), round(row["geometry"].x, 3)]]
            out.append(Label(name, "country", prio, anchor, 0, None, zooms))
    towns = rows[layer == "place"].sort_values(["rank", "name"]).head(TOWNS_PER_BAND)
    for row in towns.to_dict("records"):
        name = plain(row["name"])
        if name and name not in skip:
            anchor = [[round(row["geometry"].y, 4), round(row["geometry"].x, 4)]]
            out.append(Label(name, "town", BASE_TOWN + int(row["rank"] or 0), anchor, 3, None,
                             zooms))  # fmt: skip
    for row in rows[layer == "sea"].to_dict("records"):
        name = plain(row["name"])
        if name:
            anchor = [[round(row["geometry"].y, 3), round(row["geometry"].x, 3)]]
            out.append(Label(name, "sea", BASE_SEA + float(row["rank"] or 0), anchor, 0, None,
                             zooms))  # fmt: skip
    return out


class BandSwitch(MacroElement):
    """Shows each band's layer only at its zooms."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, bands) {
            // The basemap gets a pane of its own between the tiles (200) and the story's
            // overlays (400): drawn in the overlay pane, its land would cover the distance
            // lines, rings and areas added before it.
            var pane = map.getPane("im-basemap") || map.createPane("im-basemap");
            pane.style.zIndex = 350;
            function toPane(layer) {
                if (layer.options) { layer.options.pane = "im-basemap"; }
                if (layer.eachLayer) { layer.eachLayer(toPane); }
            }
            function intoPane() {
                bands.forEach(function (b) {
                    // A band already on the map (folium adds the groups) was drawn in the
                    // overlay pane: off the map, into its pane; show() puts the right ones back.
                    if (map.hasLayer(b[0])) { map.removeLayer(b[0]); }
                    toPane(b[0]);
                });
            }
            {%- if not this.after %}
            intoPane();
            {%- endif %}
            function show() {
                var z = map.getZoom();
                bands.forEach(function (b) {
                    var on = z >= b[1] && z <= b[2];
                    if (on && !map.hasLayer(b[0])) { b[0].addTo(map); b[0].bringToBack(); }
                    if (!on && map.hasLayer(b[0])) { map.removeLayer(b[0]); }
                });
            }
            {%- if this.after %}
            // Drawn once the page's own layer is on screen (the frame with it painted): a
            // world's lines in SVG take the main thread for a while, and the reader came
            // for the incidents.
            var late = [
                {%- for s in this.late %}[{{ s.get_name() }}, {{ (s.get_name() ~ "_data")|tojson }}]
                {%- if not loop.last %}, {% endif %}{% endfor %}];
            var started = false;
            function begin() {
                late.forEach(function (s) {
                    var el = document.getElementById(s[1]);
                    if (el) { s[0].addData(JSON.parse(el.textContent)); }
                });
                intoPane();
                map.on("zoomend", show);
                show();
            }
            function start() {
                if (started) { return; }
                started = true;
                L.Util.requestAnimFrame(function () {
                    setTimeout(function () {
                        var missing = late.some(function (s) {
                            return !document.getElementById(s[1]);
                        });
                        if (missing && document.readyState === "loading") {
                            document.addEventListener("DOMContentLoaded", begin);
                        } else { begin(); }
                    }, 0);
                });
            }
            if (window[{{ this.after.flag|tojson }}] !== undefined) { start(); }
            else {
                map.once({{ this.after.event|tojson }}, start);
                window.addEventListener("load", start);
            }
            {%- else %}
            map.on("zoomend", show);
            show();
            {%- endif %}
        })({{ this._parent.get_name() }}, [
            {%- for g, lo, hi in this.bands %}[{{ g.get_name() }}, {{ lo }}, {{ hi }}]
            {%- if not loop.last %}, {% endif %}{% endfor %}]);
        {% endmacro %}
        """
    )

    def __init__(
        self,
        groups: list[tuple[str, folium.FeatureGroup]],
        bands: list[str],
        after: dict[str, str] | None = None,
    ) -> None:
        """``after``: draw the bands only once the map fires ``after["event"]`` (or the
        window's ``after["flag"]`` is set, or the page has loaded), else at once."""
        super().__init__()
        self._name = "BandSwitch"
        self.bands = [(g, *_zooms(band, bands)) for band, g in groups]
        self.after = after
        self.late = _late_shapes(groups)
        if self.late and not after:  # their data come after the script: never drawn
            raise ValueError("a late basemap needs after= (the event that starts it)")
