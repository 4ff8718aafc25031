"""Country polygons in the recognised and de facto views, occupied areas, point lookup."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point

from geo.errors import InputError
from geo.geometry import borders

SIMFEROPOL = Point(34.10, 44.95)  # lon, lat
KYIV = Point(30.52, 50.45)
MOSCOW = Point(37.6175, 55.752)


def test_all_countries_have_codes_and_multipolygons():
    frame = borders.countries()
    assert list(frame.columns) == ["iso_a2", "iso_a3", "name", "geometry"]
    assert frame.crs.to_epsg() == 4326
    assert (frame.geom_type == "MultiPolygon").all()
    assert frame.is_valid.all() and not frame.is_empty.any()
    coded = frame.dropna(subset=["iso_a2"])
    assert len(coded) > 230
    assert coded["iso_a2"].is_unique
    assert coded["iso_a2"].str.fullmatch(r"[A-Z]{2}").all()
    assert coded["iso_a3"].str.fullmatch(r"[A-Z]{3}").all()
    # Codes NE leaves as -99 are recovered (France, Norway) and the tiny Vatican survives.
    row = coded.set_index("iso_a2")
    assert row.loc["FR", "iso_a3"] == "FRA" and row.loc["NO", "iso_a3"] == "NOR"
    vatican = row.loc["VA", "geometry"]
    assert vatican.area < 1e-4  # ~0.5 km², from NE 1:50m: the 10m TopoJSON collapses it
    assert not row.loc["IT", "geometry"].contains(vatican.representative_point())
    assert (
        borders.country_at(vatican.representative_point().y, vatican.representative_point().x)
        == "VA"
    )


def test_crimea_is_ukraine_by_default_and_russia_de_facto():
    assert borders.country_geometry("UA").contains(SIMFEROPOL)
    assert not borders.country_geometry("RU").contains(SIMFEROPOL)
    assert borders.country_geometry("RU", view="de-facto").contains(SIMFEROPOL)
    assert not borders.country_geometry("UA", view="de-facto").contains(SIMFEROPOL)
    assert borders.country_at(44.95, 34.10) == "UA"
    assert borders.country_at(44.95, 34.10, view="de-facto") == "RU"


def test_recognised_ukraine_is_one_piece_with_crimea():
    # Crimea joins the mainland at the Perekop isthmus: the union leaves no sliver.
    ua = borders.country_geometry("UA")
    biggest = max(ua.geoms, key=lambda p: p.area)
    assert biggest.contains(SIMFEROPOL) and biggest.contains(KYIV)
    # The two views differ by Crimea only (about 26,000 km², ~3.1 square degrees here).
    extra = ua.area - borders.country_geometry("UA", "de-facto").area
    assert 2.9 < extra < 3.3


def test_views_agree_elsewhere_and_cyprus_somaliland_follow_the_view():
    assert borders.country_geometry("FR").equals(borders.country_geometry("FR", "de-facto"))
    nicosia_north = (35.24, 33.60)  # Kyrenia road, north of the Green Line
    assert borders.country_at(*nicosia_north) == "CY"
    assert borders.country_at(*nicosia_north, view="de-facto") is None
    hargeisa = (9.56, 44.06)
    assert borders.country_at(*hargeisa) == "SO"
    assert borders.country_at(*hargeisa, view="de-facto") is None


def test_subset_read_matches_full_set():
    few = borders.countries(iso_a2=["ua", "RU"])
    assert few["iso_a2"].tolist() == ["RU", "UA"]
    full = borders.countries().set_index("iso_a2")
    assert few.set_index("iso_a2").loc["UA", "geometry"].equals(full.loc["UA", "geometry"])


def test_country_at_vectorised_and_at_sea():
    codes = borders.country_at([55.752, 50.45, 0.0], [37.6175, 30.52, -30.0])
    assert isinstance(codes, np.ndarray)
    assert codes.tolist() == ["RU", "UA", None]
    assert borders.country_at(52.52, 13.40) == "DE"


def test_occupied_areas_say_who_holds_what():
    occ = borders.occupied_areas().set_index("name")
    assert {"administered_by", "de_jure", "since", "note", "geometry"} <= set(occ.columns)
    crimea = occ.loc["Crimea"]
    assert (crimea["administered_by"], crimea["de_jure"], crimea["since"]) == ("RU", "UA", "2014")
    assert crimea["geometry"].contains(SIMFEROPOL)
    donbass = occ.loc[next(n for n in occ.index if n.startswith("Donbass"))]
    assert donbass["geometry"].contains(Point(37.80, 48.00))  # Donetsk
    assert not donbass["geometry"].contains(Point(36.23, 49.99))  # Kharkiv
    # The hatching sits on the de jure country's polygon in the recognised view.
    ua = borders.country_geometry("UA")
    for geom in occ.geometry:
        assert shapely.area(geom.difference(ua.buffer(0.01))) < 1e-3


def test_unknown_code_names_it_and_suggests():
    with pytest.raises(InputError) as err:
        borders.country_geometry("UK")
    msg = str(err.value)
    assert "'UK'" in msg and "iso_a2" in msg and "GB" in msg
    with pytest.raises(InputError, match="Ukraine"):
        borders.country_geometry("Ukrane")
    with pytest.raises(InputError, match="no country polygon"):
        borders.countries(iso_a2=["UA", "ZZ"])


def test_invalid_view_lists_the_two_valid_ones():
    for call in (
        lambda: borders.countries("defacto"),
        lambda: borders.country_geometry("UA", view="official"),
        lambda: borders.attribution("de facto"),
        lambda: borders.country_at(0, 0, view="x"),
    ):
        with pytest.raises(InputError) as err:
            call()
        assert '"recognised"' in str(err.value) and '"de-facto"' in str(err.value)


def test_attribution_names_edition_and_view():
    rec = borders.attribution("recognised")
    assert "Natural Earth" in rec and "4.1.0" in rec and "Ukraine" in rec
    assert "internationally recognised" in rec
    assert "part of Russia" in borders.attribution("de-facto")
    assert borders.EDITION.startswith("Natural Earth 1:10m")


def test_geometries_are_multipolygons_even_for_one_piece_countries():
    assert isinstance(borders.country_geometry("LU"), MultiPolygon)
