"""Offline gazetteer: ranking, aliases, scripts, demonyms, hints, regions, landmarks, index."""

from __future__ import annotations

import csv
import math
import sqlite3
from pathlib import Path

import pytest

from geo.errors import InputError, PlaceNotFound
from geo.places import gazetteer as gzmod
from geo.places.gazetteer import Gazetteer
from geo.places.geocoders import Geocoder, GeopyGeocoder, OfflineGeocoder
from geo.places.normalize import normalize, split_region_suffix
from geo.resources import cache_dir, data_path

MOSCOW = (55.7558, 37.6173)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (a test helper, independent of the code under test)."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


KREMLIN = (55.7520, 37.6175)


@pytest.fixture(scope="session")
def cache(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INCIDENT_MAP_CACHE", str(folder))
        gzmod.default_gazetteer.cache_clear()
        yield folder
        gzmod.default_gazetteer.cache_clear()


@pytest.fixture(scope="session")
def gz(cache: Path) -> Gazetteer:
    assert cache_dir() == cache
    assert not list(cache.glob("*.sqlite"))  # starts missing: open() must build it
    g = Gazetteer.open()
    assert g.path.parent == cache and g.path.is_file()
    return g


def near(place, lat: float, lon: float, tol: float = 0.1) -> bool:
    return abs(place.lat - lat) <= tol and abs(place.lon - lon) <= tol


# ------------------------------------------------------------------ normalisation


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("MOSCOW", "moscow"),
        ("  The  Kremlin", "kremlin"),
        ("Luhans'k", "luhansk"),
        ("Luhans’k", "luhansk"),
        ("Ivano-Frankivsk", "ivano frankivsk"),
        ("Élysée", "elysee"),
        ("Москва", "москва"),
    ],
)
def test_normalize(raw: str, key: str) -> None:
    assert normalize(raw) == key


def test_split_region_suffix() -> None:
    assert split_region_suffix("bryansk oblast") == "bryansk"
    assert split_region_suffix("republic of crimea") == "crimea"
    assert split_region_suffix("oblast") is None
    assert split_region_suffix("moscow") is None


# ------------------------------------------------------------------ ranking


def test_moscow_russia_first_idaho_among(gz: Gazetteer) -> None:
    got = gz.geocode("Moscow")
    assert got[0].place.country == "RU" and got[0].place.kind == "city"
    assert near(got[0].place, *MOSCOW)
    idaho = [c for c in got if c.place.country == "US" and c.place.admin1 == "Idaho"]
    assert idaho and near(idaho[0].place, 46.73, -117.00)
    assert got[0].score > idaho[0].score


@pytest.mark.parametrize("query", ["Moskva", "Москва", "moscow", "MOSCOW", "the Moscow"])
def test_moscow_variants(gz: Gazetteer, query: str) -> None:
    top = gz.geocode(query)[0].place
    assert (top.country, top.kind) == ("RU", "city") and near(top, *MOSCOW)


def test_country_hint_gives_idaho(gz: Gazetteer) -> None:
    top = gz.geocode("Moscow", country="US")[0].place
    assert top.admin1 == "Idaho" and near(top, 46.73, -117.00)
    assert gz.geocode("Moscow", country="United States")[0].place == top


def test_unknown_country_hint_names_field(gz: Gazetteer) -> None:
    with pytest.raises(InputError) as err:
        gz.geocode("Moscow", country="Atlantis")
    assert err.value.field == "country" and "Atlantis" in str(err.value)


def test_near_hint_favours_close_candidate(gz: Gazetteer) -> None:
    boise = (43.615, -116.202)
    top = gz.geocode("Moscow", near=boise)[0].place
    assert top.country == "US" and top.admin1 == "Idaho"


def test_bad_near_rejected(gz: Gazetteer) -> None:
    with pytest.raises(InputError) as err:
        gz.geocode("Moscow", near=(200.0, 10.0))
    assert err.value.field == "near"


def test_score_prefers_name_over_alias_at_equal_population() -> None:
    assert gzmod.MATCH_WEIGHT["name"] > gzmod.MATCH_WEIGHT["alias"] > gzmod.MATCH_WEIGHT["demonym"]


def test_limit(gz: Gazetteer) -> None:
    assert len(gz.geocode("Moscow", limit=2)) == 2


# ------------------------------------------------------------------ regions


def test_bryansk_city_first_region_among(gz: Gazetteer) -> None:
    got = gz.geocode("Bryansk")
    assert got[0].place.kind == "city" and near(got[0].place, 53.27, 34.32)
    regions = [c for c in got if c.place.kind == "region"]
    assert regions and regions[0].place.country == "RU"


@pytest.mark.parametrize(
    "query", ["Bryansk Oblast", "Bryansk oblast", "Bryansk province", "Bryansk region"]
)
def test_region_suffixes(gz: Gazetteer, query: str) -> None:
    top = gz.geocode(query)[0]
    assert top.place.kind == "region" and top.place.name == "Bryansk"
    assert top.place.source == "naturalearth"
    assert near(top.place, 53.0, 33.3, tol=1.0)


@pytest.mark.parametrize("query", ["Moscow Oblast", "Moscow region", "Moscow oblast"])
def test_moscow_oblast_is_not_the_city(gz: Gazetteer, query: str) -> None:
    top = gz.geocode(query)[0].place
    assert top.name == "Moscow Oblast" and top.kind == "region"


@pytest.mark.parametrize("query", ["Crimea", "Sevastopol"])
def test_crimea_and_sevastopol_regions_are_ukraine(gz: Gazetteer, query: str) -> None:
    regions = [c.place for c in gz.geocode(query) if c.place.kind == "region"]
    assert regions[0].country == "UA" and regions[0].country_name == "Ukraine"


def test_regions_csv_recognised_borders() -> None:
    with data_path("regions.csv").open(encoding="utf-8") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    for code in ("RUS-283", "RUS-5482"):
        assert rows[code]["iso_a2"] == "UA" and "recognised" in rows[code]["note"]


def test_city_admin1_from_regions(gz: Gazetteer) -> None:
    kharkiv = gz.geocode("Kharkiv")[0].place
    assert kharkiv.kind == "city" and kharkiv.admin1 == "Kharkiv"
    assert gz.geocode("Podolsk", country="RU")[0].place.admin1 == "Moscow Oblast"


@pytest.mark.parametrize(
    ("town", "country", "region"),
    [
        # Natural Earth draws these regions, but its label points sit far from the towns
        ("Toronto", "CA", "Ontario"),
        ("Sydney", "AU", "New South Wales"),
        ("Suwon", "KR", "Gyeonggi-do"),
        # Natural Earth draws a level below: the first-level region comes from GeoNames
        ("Edinburgh", "GB", "Scotland"),
        ("Belfast", "GB", "Northern Ireland"),
        ("Barcelona", "ES", "Catalonia"),
        ("Palermo", "IT", "Sicily"),
        ("Rennes", "FR", "Brittany"),
    ],
)
def test_town_names_its_first_level_region(
    gz: Gazetteer, town: str, country: str, region: str
) -> None:
    place = gz.geocode(town, country=country)[0].place
    assert (place.kind, place.admin1) == ("city", region)


@pytest.mark.parametrize(
    ("query", "country", "lat", "lon"),
    [
        ("Scotland", "GB", 56.5, -4.0),
        ("Northern Ireland", "GB", 54.6, -6.6),
        ("Wales", "GB", 52.3, -3.6),
        ("Catalonia", "ES", 41.8, 1.6),
        ("Bavaria", "DE", 48.9, 11.4),
        ("Sicily", "IT", 37.6, 14.1),
    ],
)
def test_first_level_regions_found(
    gz: Gazetteer, query: str, country: str, lat: float, lon: float
) -> None:
    top = gz.geocode(query)[0].place
    assert (top.kind, top.country) == ("region", country)
    # within 150 km of the region's middle
    assert (
        math.dist(
            (top.lat, top.lon * math.cos(math.radians(lat))),
            (lat, lon * math.cos(math.radians(lat))),
        )
        < 1.35
    )


@pytest.mark.parametrize(
    ("query", "lat", "lon"),
    [
        # the middle of the area its towns cover, not their mean (Vancouver, Toronto)
        ("British Columbia", 54.0, -125.0),
        ("Oregon", 44.0, -120.5),
        ("Texas", 31.3, -99.3),
    ],
)
def test_region_points_are_central(gz: Gazetteer, query: str, lat: float, lon: float) -> None:
    top = gz.geocode(query, country="CA" if query == "British Columbia" else "US")[0].place
    assert top.kind == "region"
    assert _km((top.lat, top.lon), (lat, lon)) < 160


# ------------------------------------------------------------------ countries, demonyms


@pytest.mark.parametrize(
    ("query", "iso", "how"),
    [
        ("Ukraine", "UA", "name"),
        ("Ukrainian", "UA", "demonym"),
        ("Russian", "RU", "demonym"),
        ("Belarusian", "BY", "demonym"),
        ("American", "US", "demonym"),
        ("British", "GB", "demonym"),
        ("Georgian", "GE", "demonym"),
        ("Russian Federation", "RU", "alias"),
        ("USA", "US", "alias"),
        ("United States", "US", "name"),
        ("UK", "GB", "alias"),
        ("Britain", "GB", "alias"),
    ],
)
def test_countries_and_demonyms(gz: Gazetteer, query: str, iso: str, how: str) -> None:
    top = gz.geocode(query)[0]
    assert (top.place.kind, top.place.country, top.how) == ("country", iso, how)


def test_country_point_inside_country(gz: Gazetteer) -> None:
    ua = gz.geocode("Ukraine")[0].place
    assert 44.0 < ua.lat < 52.5 and 22.0 < ua.lon < 40.5


def test_demonym_list_is_broad() -> None:
    with data_path("demonyms.csv").open(encoding="utf-8") as fh:
        assert sum(1 for _ in csv.DictReader(fh)) >= 150


# ------------------------------------------------------------------ landmarks


@pytest.mark.parametrize("query", ["Kremlin", "the Kremlin", "Moscow Kremlin", "Кремль"])
def test_kremlin(gz: Gazetteer, query: str) -> None:
    top = gz.geocode(query)[0]
    assert top.place.kind == "landmark" and top.place.source == "landmarks"
    assert near(top.place, *KREMLIN, tol=0.005)


def test_red_square_and_others(gz: Gazetteer) -> None:
    assert near(gz.geocode("Красная площадь")[0].place, 55.7539, 37.6208, tol=0.005)
    assert gz.geocode("Kerch Bridge")[0].place.name == "Crimean Bridge"
    znpp = gz.geocode("ZNPP")[0].place
    assert near(znpp, 47.51, 34.585, tol=0.02) and znpp.country == "UA"


def test_landmarks_csv_complete() -> None:
    with data_path("landmarks.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 30
    for row in rows:
        assert row["source"], row["name"]
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180


@pytest.mark.parametrize(
    ("query", "precision", "radius"),
    [
        ("Kremlin", "point", 500.0),
        ("Bryansk", "city", 10_000.0),
        ("Bryansk Oblast", "region", 150_000.0),
        ("Ukraine", "country", 500_000.0),
    ],
)
def test_precision_per_kind(gz: Gazetteer, query: str, precision: str, radius: float) -> None:
    place = gz.geocode(query)[0].place
    assert place.precision == precision and place.uncertainty_m == radius


# ------------------------------------------------------------------ errors, suggest, lookup


def test_not_found_suggests(gz: Gazetteer) -> None:
    with pytest.raises(PlaceNotFound) as err:
        gz.geocode("Moscw")
    assert "Moscow" in err.value.suggestions
    assert "did you mean" in str(err.value) and "Moscw" in str(err.value)
    assert gz.suggest("Bryansq")[0] == "Bryansk"


def test_empty_name_rejected(gz: Gazetteer) -> None:
    with pytest.raises(InputError):
        gz.geocode("  ")


def test_lookup_exact_only(gz: Gazetteer) -> None:
    kinds = {c.place.kind for c in gz.lookup("bryansk")}
    assert {"city", "region"} <= kinds
    assert gz.lookup("Bryansk Oblast") == []
    assert gz.lookup("Moscw") == []


def test_module_level_geocode_uses_cache(cache: Path, gz: Gazetteer) -> None:
    top = gzmod.geocode("Kremlin")[0]
    assert gzmod.default_gazetteer().path == gz.path
    assert near(top.place, *KREMLIN, tol=0.005)


# ------------------------------------------------------------------ index lifecycle


def test_stale_index_is_not_used(gz: Gazetteer, tmp_path: Path) -> None:
    stale = tmp_path / "stale.sqlite"
    con = sqlite3.connect(stale)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    con.execute("CREATE TABLE names (key TEXT)")
    con.execute("INSERT INTO meta VALUES ('inputs', 'from-another-version')")
    con.commit()
    con.close()
    assert Gazetteer._connect(stale, gzmod.inputs_digest()) is None
    assert Gazetteer._connect(gz.path, gzmod.inputs_digest()) is not None


def test_corrupt_index_is_rebuilt(gz: Gazetteer, tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not an sqlite file" * 100)
    rebuilt = Gazetteer.open(broken)
    assert near(rebuilt.geocode("Kremlin")[0].place, *KREMLIN, tol=0.005)
    assert not list(tmp_path.glob("*.tmp"))  # the temp file was renamed into place


# ------------------------------------------------------------------ geocoders


def test_offline_geocoder(gz: Gazetteer) -> None:
    coder = OfflineGeocoder(gz)
    assert isinstance(coder, Geocoder)
    assert coder.geocode("Moscow", country="US")[0].place.admin1 == "Idaho"


class _Loc:
    def __init__(self, address: str, lat: float, lon: float, cc: str) -> None:
        self.address, self.latitude, self.longitude = address, lat, lon
        self.raw = {"osm_id": 42, "address": {"country_code": cc, "country": "X"}}


class _FakeGeopy:
    """Same call shape as geopy's Nominatim.geocode."""

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def geocode(self, query, exactly_one=True, limit=None, country_codes=None):
        self.calls.append({"query": query, "limit": limit, "country_codes": country_codes})
        if query == "nowhere":
            return None
        return [
            _Loc("Moscow, Russia", 55.75, 37.62, "ru"),
            _Loc("Moscow, Idaho", 46.73, -117.0, "us"),
        ]


def test_geopy_adapter() -> None:
    fake = _FakeGeopy()
    coder = GeopyGeocoder(fake)
    got = coder.geocode("Moscow", country="US", limit=5)
    assert fake.calls[0] == {"query": "Moscow", "limit": 5, "country_codes": "us"}
    assert [c.place.country for c in got] == ["RU", "US"] and got[0].score > got[1].score
    assert got[0].place.source == "geopy" and got[0].place.precision == "point"
    boise = coder.geocode("Moscow", near=(43.6, -116.2))
    assert boise[0].place.country == "US"
    assert math.isclose(boise[0].place.lat, 46.73)
    with pytest.raises(PlaceNotFound):
        coder.geocode("nowhere")


def test_regions_and_countries_carry_centre_points(gz: Gazetteer) -> None:
    # Natural Earth's label point for California sits on Long Beach (33.8, -118.2); the
    # index stores the mean of the state's towns instead, inside the Central Valley.
    cal = next(c.place for c in gz.geocode("California") if c.place.kind == "region")
    assert 35.5 < cal.lat < 38.5 and -121.5 < cal.lon < -118.5
    russia = next(c.place for c in gz.geocode("Russia") if c.place.kind == "country")
    assert (russia.lat, russia.lon) == (60.0, 100.0)  # data/country_centres.csv


def test_continents_supranational_names_and_their_adjectives(gz: Gazetteer) -> None:
    europe = gz.geocode("Europe")[0]
    assert europe.place.kind == "region" and europe.place.country is None
    assert gz.geocode("European")[0].how == "demonym"
    assert any(c.place.name == "European Union" for c in gz.geocode("EU"))
    assert gz.geocode("South Ossetia")[0].place.country == "GE"
