"""Compose the publishable map from a ``ResolvedStory``.

>>> m = build_map(resolved, tiles="none")            # doctest: +SKIP
>>> maps.export.save.save_html(m, "story.html")           # doctest: +SKIP
"""

from __future__ import annotations

import re

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import xyzservices
from branca.element import MacroElement, Template

from geo.errors import InputError
from geo.story.resolved import ResolvedStory
from maps import layers
from maps.export.literal import seal
from maps.export.save import stable_ids
from maps.layers import basemap, coast, labels, legend, style
from maps.layers.inset import Inset
from maps.page import assets, dated_areas, named, occupied
from maps.page.behaviour import PageBehaviour
from maps.page.framing import FitView, content_bounds
from maps.page.summary import TextVersion

# Esri's light grey canvas needs no key (CARTO now does) and has no names of its own: the
# page writes English names over it from the basemap data. OpenStreetMap's names are in the
# local script (Москва, Київ), which an English-language reader cannot read.
DEFAULT_TILES = "Esri.WorldGrayCanvas"
LABEL_FREE_TILES = {"Esri.WorldGrayCanvas", "Esri.WorldShadedRelief", "Esri.WorldTerrain"}

NO_TILES = {"none", ""}
# Whoever gave the story's places is credited: GeoNames' data are CC BY 4.0 (the city
# band's towns credit it in the basemap's own line), OpenStreetMap's (Nominatim) ODbL.
GEONAMES_CREDIT = "GeoNames (CC BY 4.0)"
GEOCODER_CREDITS = {"nominatim": "© OpenStreetMap contributors (ODbL)"}
_TOKEN_PLACEHOLDER = "<insert your"  # how xyzservices marks a missing key
# A key goes into the tile URL of every request: URL-safe characters only (RFC 3986's
# unreserved set), so it can neither break out of the URL nor carry markup or template code.
_KEY_CHARS = re.compile(r"[A-Za-z0-9._~-]{1,256}")


def tile_provider(tiles: str, key: str | None = None) -> xyzservices.TileProvider | None:
    """The xyzservices provider named ``tiles`` ("none" -> None), with ``key`` filled in.

    >>> tile_provider("OpenStreetMap.Mapnik").name
    'OpenStreetMap.Mapnik'
    >>> tile_provider("none") is None
    True
    """
    if key is not None and not _KEY_CHARS.fullmatch(key):
        raise InputError(
            "an API key holds only letters, digits and . _ ~ - (at most 256)",
            field="--tiles-key",
            hint="copy the key exactly as the tile provider gave it",
        )
    if tiles.strip().lower() in NO_TILES:
        return None
    try:
        provider = xyzservices.providers.query_name(tiles)
    except ValueError:
        raise InputError(
            f"unknown tile provider {tiles!r}",
            field="tiles",
            hint="use an xyzservices name such as OpenStreetMap.Mapnik or OpenTopoMap, "
            "or none for a plain background",
        ) from None
    slots = [k for k, v in provider.items() if isinstance(v, str) and _TOKEN_PLACEHOLDER in v]
    if slots:
        if not key:
            raise InputError(
                f"tiles {provider.name} need an API key",
                field="tiles",
                hint="pass the provider's key (tiles_key), or choose OpenStreetMap.Mapnik or none",
            )
        provider = provider(**dict.fromkeys(slots, key))
    return provider


def place_credits(places: pd.DataFrame | None) -> list[str]:
    """Credits owed for the places' coordinates: GeoNames, and each online geocoder used.

    >>> place_credits(pd.DataFrame({"source": ["landmarks", "geonames", "geopy"],
    ...                             "source_id": ["", "524901", "nominatim:123"]}))
    ['GeoNames (CC BY 4.0)', '© OpenStreetMap contributors (ODbL)']
    """
    if places is None or places.empty or "source" not in places:
        return []
    out = [GEONAMES_CREDIT] if (places["source"] == "geonames").any() else []
    online = places.loc[places["source"] == "geopy"].reindex(columns=["source_id"])
    for service in sorted({str(v).split(":")[0] for v in online["source_id"].dropna()}):
        out.append(GEOCODER_CREDITS.get(service, f"{service} geocoder"))
    return out


def _sources(resolved: ResolvedStory) -> list[tuple[str, str | None]]:
    """Source names (with a URL only when it is http(s)), story list first, deduplicated."""
    pairs: list[tuple[str, str | None]] = [(s.name, s.url) for s in resolved.story.sources]
    if not pairs and resolved.incidents is not None and not resolved.incidents.empty:
        frame = resolved.incidents.reindex(columns=["source_name", "source_url"])
        pairs = list(frame.itertuples(index=False, name=None))
    seen: dict[str, str | None] = {}
    for name, url in pairs:
        name_text = layers.plain(name)
        if name_text and name_text not in seen:
            seen[name_text] = layers.plain(url) if layers.is_web_url(url) else None
    return list(seen.items())


def _present_types(incidents: gpd.GeoDataFrame | None) -> list[tuple[str, str | None]]:
    """The (type, event type) pairs of the incidents: the event type sets the colour."""
    if incidents is None or incidents.empty:
        return []
    events = incidents["event_type"] if "event_type" in incidents else [None] * len(incidents)
    pairs = zip(incidents["type"], events, strict=True)
    return list(dict.fromkeys((str(t), layers.plain(e) or None) for t, e in pairs if t == t))


def _has_status(borders: gpd.GeoDataFrame | None, status: str) -> bool:
    return borders is not None and not borders.empty and bool((borders["status"] == status).any())


def _world_countries(resolved: ResolvedStory) -> gpd.GeoDataFrame | None:
    """All countries from ``geo.geometry.borders``; the story's own countries until that module
    lands."""
    try:
        from geo.geometry import borders
    except ImportError:
        frame = resolved.borders
        if frame is None or frame.empty:
            return None
        return frame[frame["status"] == "country"]
    return borders.countries(view=resolved.story.view)


def land_shape(
    countries: gpd.GeoDataFrame | None, bounds: list[list[float]] | None
) -> shapely.Geometry | None:
    """Country polygons merged into one light land shape around ``bounds``, simplified.

    Clipped to the view plus a margin (panning a little still shows coast), simplified to
    about 1/400 of the view's span: a background needs no more detail.

    >>> land_shape(None, None) is None
    True
    """
    if countries is None or countries.empty:
        return None
    geoms = countries.geometry.to_numpy()
    if bounds:
        (south, west), (north, east) = bounds
        span = max(north - south, east - west, 2.0)
        pad = max(span * 1.5, 10.0)
        box = (max(west - pad, -180), max(south - pad, -85), min(east + pad, 180),
               min(north + pad, 85))  # fmt: skip
        geoms = shapely.clip_by_rect(geoms, *box)
    else:
        span = 360.0
    land = shapely.simplify(shapely.union_all(geoms), span / 400, preserve_topology=True)
    return None if land.is_empty else land


def add_background(
    m: folium.Map,
    provider: xyzservices.TileProvider | None,
    base: basemap.Basemap | None,
    after: dict[str, str] | None = None,
) -> bool:
    """The page's ground: its colour, then the tiles or the offline basemap with its switch
    of zoom bands; False when neither is there (the caller draws plain land).

    The story map and the table map share it; ``after`` holds the basemap back until the
    page's own layer has drawn (:class:`maps.layers.basemap.BandSwitch`).
    """
    background = None if provider else basemap.SEA if base else style.BACKGROUND
    m.add_child(legend.MapStyle(background=background))
    if provider is not None:
        folium.TileLayer(provider, name="Base map", control=False).add_to(m)
    elif base is not None:
        for _, group in base.groups:
            if after:
                group.show = False  # not on the map until the switch adds it
            group.add_to(m)
        m.add_child(basemap.BandSwitch(base.groups, [b for b, _ in base.groups], after))
    else:
        return False
    return True


def build_map(
    resolved: ResolvedStory,
    *,
    tiles: str = DEFAULT_TILES,
    tiles_key: str | None = None,
    width: str | int = "100%",
    height: str | int = "100%",
    self_contained: bool = False,
    gesture_handling: bool = True,
    units: str | None = None,
    show_title: bool | None = None,
    areas: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """The whole map: layers, layer control, legend, title, credit, attribution, view,
    and a text version of the incidents for screen readers.

    ``tiles`` is an xyzservices name or "none" (a plain background with a light land fill,
    no tile requests); providers that need a key (CARTO now does) take it from ``tiles_key``.
    ``self_contained`` inlines Leaflet, its plugin and the icon font, so the page requests
    nothing but tiles. ``gesture_handling`` lets scroll and one-finger drag pass to the page
    until the reader engages (Ctrl/Cmd + scroll, two fingers), for maps embedded in articles.
    ``units`` ("km" or "mi") is what the labels on the map say; by default the story's own
    ``units:`` field, else km. ``show_title`` False leaves the headline and dek to the
    article around an embedded map; by default the story's ``show_title:`` field (True).
    ``areas`` (from ``dated_areas.read_areas``) are the story's own dated occupied or
    controlled areas; they replace the packaged ones; by default those of the story's
    ``areas:`` file, if it names one.
    Element ids count in build order: same input, same bytes. Raises ``InputError`` for an
    unknown provider or a missing key.
    """
    provider = tile_provider(tiles, tiles_key)
    units = units or resolved.story.units or "km"
    if show_title is None:
        show_title = resolved.story.show_title
    if areas is None and resolved.story.areas is not None:
        areas = dated_areas.read_areas(resolved.story.areas_path())  # type: ignore[arg-type]
    if areas is not None and not areas.empty:
        resolved = _with_dated_areas(resolved, areas)
    bounds = content_bounds(resolved)
    center = np.mean(bounds, axis=0).tolist() if bounds else [30.0, 0.0]
    m = folium.Map(
        location=center,
        zoom_start=5 if bounds else 2,
        tiles=None,
        width=width,
        height=height,
        control_scale=True,
        zoom_control=False,  # re-added below the title box
        zoom_snap=0.25,  # fit the story snugly instead of jumping a whole zoom level
        gesture_handling=gesture_handling,
    )
    assets.use_assets(m, self_contained=self_contained)
    story = resolved.story
    m.get_root().title = legend.text(story.title) or "Map"
    base = None
    if bounds and basemap.available():
        draw = provider is None
        if draw or provider.name in LABEL_FREE_TILES or "NoLabels" in provider.name:
            skip = {labels.place_name(r) for r in resolved.places.to_dict("records")} if (
                resolved.places is not None) else set()  # fmt: skip
            base = basemap.build(bounds, _world_countries(resolved), draw=draw, skip_names=skip)
    top = basemap.MAX_DETAIL_ZOOM  # the closest the page opens at
    if base is not None and provider is None:
        top = coast.max_zoom(_incident_points(resolved), base.land, base.land_box, top)
    if not add_background(m, provider, base):
        land = layers.land_layer(land_shape(_world_countries(resolved), bounds))
        if land is not None:
            land.add_to(m)

    own_areas, areas = areas, named.named_area_frame(resolved)
    groups = {
        "borders": layers.borders_layer(resolved.borders, bounds),
        "rings": layers.rings_layer(resolved.rings),
        "distances": layers.distances_layer(resolved.distances, resolved.places),
        "places": layers.places_layer(resolved.places, set(areas["place_id"])),
        "incidents": layers.incidents_layer(resolved.incidents),
    }
    layers.named_areas(groups["borders"], areas, bounds)
    for group in groups.values():
        group.add_to(m)
    control = folium.LayerControl(collapsed=False, position="topright").add_to(m)
    m.add_child(_CollapseOnNarrow(control))

    when = layers.fmt_dates(story.date.isoformat()) if story.date else ""
    if show_title:
        m.add_child(legend.TitleBox(story.title, story.dek, when, position="topleft"))
    m.add_child(_ZoomControl("topleft"))
    held = occupied.shown(resolved.borders, bounds)
    items = legend.legend_items(
        _present_types(resolved.incidents),
        places=resolved.places is not None and not resolved.places.empty,
        distances=resolved.distances is not None and not resolved.distances.empty,
        rings=resolved.rings is not None and not resolved.rings.empty,
        countries=_has_status(resolved.borders, "country"),
        regions=not areas.empty,
        occupied=_occupied_label(held, own_areas),
    )
    if items:
        m.add_child(legend.Legend(items, position="bottomright"))
    note = "Distances and rings are geodesic (WGS84 ellipsoid)."
    m.add_child(legend.CreditLine(story.credit, _sources(resolved), note, position="bottomleft"))
    if bounds and max(bounds[1][1] - bounds[0][1], bounds[1][0] - bounds[0][0]) < 40:
        world = _world_countries(resolved)
        if world is not None and not world.empty:  # the map itself locates wider views
            m.add_child(Inset(world, bounds))
    if layers.plain(resolved.boundaries_attribution):
        # a view could reach it (the page decides): the closest the page opens at counts
        crimea = occupied.shows_crimea(bounds, top)
        credit = occupied.attribution_html(resolved.boundaries_attribution, crimea)
        if base is not None:
            credit += " · " + layers.esc(base.attribution)
        given = [c for c in place_credits(resolved.places) if c.split(" (")[0] not in credit]
        if given:
            credit += " · Places: " + layers.esc(", ".join(given))
        m.add_child(legend.Attribution(credit))
        if crimea:
            m.add_child(occupied.CrimeaNote())
    m.add_child(PageBehaviour())

    m.add_child(TextVersion(resolved))

    story_labels = _labels(resolved, groups, units, set(areas["place_id"]))
    area_labels = named.area_labels(areas, bounds, groups["borders"])
    base_labels = base.labels if base is not None else []
    m.add_child(labels.LabelLayer([*story_labels, *area_labels, *base_labels]))
    if bounds:
        # Tiles and the offline basemap alike open no closer than zoom 11 (the basemap's
        # city band, z9-11, is Natural Earth at its own detail; closer, its ~1 km coast
        # shows), the basemap no closer than 10 by the sea (maps/layers/coast.py).
        m.add_child(FitView(bounds, max_zoom=top))
    stable_ids(seal(m).get_root())  # rendered text is never template source
    return m


def _incident_points(resolved: ResolvedStory) -> list[tuple[float, float]]:
    """(lat, lon) of the incidents placed on a point."""
    incidents = resolved.incidents
    if incidents is None or incidents.empty:
        return []
    geoms = incidents.geometry[~(incidents.geometry.isna() | incidents.geometry.is_empty)]
    return [(g.y, g.x) for g in geoms if g.geom_type == "Point"]


def _with_dated_areas(resolved: ResolvedStory, areas: gpd.GeoDataFrame) -> ResolvedStory:
    """The story with its own dated areas in place of the packaged occupied ones."""
    import dataclasses

    borders = resolved.borders
    if borders is not None and not borders.empty:
        borders = borders[borders["status"] != "occupied"]
    rows = dated_areas.as_border_rows(areas)
    frames = [f for f in (borders, rows) if f is not None and not f.empty]
    joined = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326)
    return dataclasses.replace(resolved, borders=joined)


def _occupied_label(held: gpd.GeoDataFrame, own: gpd.GeoDataFrame | None) -> str | bool:
    """The legend's words for the occupied areas in view (False: none in view)."""
    if held.empty:
        return False
    if own is not None and not own.empty:
        return "; ".join(dict.fromkeys(own["label"]))
    return occupied.occupied_label(occupied.details(held))


def _labels(
    resolved: ResolvedStory,
    groups: dict[str, folium.FeatureGroup],
    units: str,
    as_areas: set[str],
) -> list[labels.Label]:
    """Every label of the story map, with the layer that hides it."""
    incidents = resolved.incidents
    incident_ids: set[str] = set()
    pinned: set[tuple[float, float]] = set()
    if incidents is not None and not incidents.empty:
        incident_ids = {layers.plain(v) for v in incidents["place_id"]} - {""}
        placed = incidents.geometry[~(incidents.geometry.isna() | incidents.geometry.is_empty)]
        pinned = {(round(g.y, 4), round(g.x, 4)) for g in placed}
    measured: set[str] = set()
    if resolved.distances is not None and not resolved.distances.empty:
        measured |= {layers.plain(v) for v in resolved.distances["from_label"]}
        measured |= {layers.plain(v) for v in resolved.distances["to_label"]}
    if resolved.rings is not None and not resolved.rings.empty:
        measured |= {layers.plain(v) for v in resolved.rings["around_label"]}
    return [
        *labels.place_labels(
            resolved.places,
            groups["places"],
            incident_ids=incident_ids,
            measured=measured - {""},
            pinned=pinned,
            as_areas=as_areas,
        ),
        *labels.distance_labels(resolved.distances, groups["distances"], units),
        *labels.ring_labels(resolved.rings, groups["rings"], units),
    ]


class _CollapseOnNarrow(MacroElement):
    """On phones, re-add the layer control collapsed (Leaflet reads the option in onAdd)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.matchMedia && window.matchMedia({{ this.narrow|tojson }}).matches) {
            {{ this.control.get_name() }}.options.collapsed = true;
            {{ this.control.get_name() }}.remove();
            {{ this.control.get_name() }}.addTo({{ this._parent.get_name() }});
        }
        {% endmacro %}
        """
    )

    def __init__(self, control: folium.LayerControl) -> None:
        super().__init__()
        self._name = "CollapseOnNarrow"
        self.control = control
        self.narrow = legend.NARROW


class _ZoomControl(MacroElement):
    """Leaflet's zoom buttons, added after the title so they sit under it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.zoom({ position: {{ this.position|tojson }} })
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, position: str) -> None:
        super().__init__()
        self._name = "ZoomControl"
        self.position = position
