"""Close spellings of a misspelt place name by symmetric deletion, for tables of thousands.

The SymSpell idea: two words within ``d`` edits share a string obtained by deleting at most
``d`` letters from each. Every suggestible key of the gazetteer (~150,000) is indexed under
the deletions (up to :data:`MAX_EDITS`) of its first :data:`PREFIX` letters; a name probes the
index with its own deletions (a few dozen), and the few keys found are checked with
rapidfuzz's optimal-string-alignment distance (a swap of two letters is one edit), so the
work per name no longer depends on the gazetteer's size.

The index is stored beside the gazetteer's SQLite file as two NumPy arrays (32-bit hashes of
the deletions, sorted, and the key each belongs to: ~30 MB), built once (half a second:
hashed a column of code points at a time, see :func:`_build`) and then read in a fraction
of a second. A hash shared by two deletions only adds a candidate that the distance check
drops. symspellpy does the same in Python dictionaries: its index took 10 to 20 s to
build, 350 MB of memory and 7.5 s to load from its pickle, longer than a 1,000-name table
takes in all.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
import zlib  # the keys' checksum
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from geo.errors import InputError

__all__ = ["MAX_EDITS", "PREFIX", "SuggestIndex", "max_edits"]

PREFIX = 7  # letters of a key that are indexed (SymSpell's usual prefix length)
MAX_EDITS = 2  # the most edits a suggestion may be from the name
_FORMAT = 2  # bump when the stored arrays change meaning (2: FNV-style hashes, not CRCs)


def max_edits(key: str) -> int:
    """Edits allowed from a normalised name: two letters of a short name are half of it.

    >>> max_edits("kyiw"), max_edits("kharkow")
    (1, 2)
    """
    return 1 if len(key) < 6 else MAX_EDITS


def _deletions(word: str, depth: int) -> set[str]:
    """``word`` and every string made by deleting up to ``depth`` of its letters.

    >>> sorted(_deletions("abc", 1))
    ['ab', 'abc', 'ac', 'bc']
    """
    found = {word}
    layer = {word}
    for _ in range(depth):
        layer = {w[:i] + w[i + 1 :] for w in layer for i in range(len(w))}
        found |= layer
    return found


_MULT = 0x100000001B3  # FNV-1's 64-bit prime
_MASK = (1 << 64) - 1


def _hash(text: str) -> int:
    """A 32-bit hash of a short string, the same as :func:`_hash_columns` gives in bulk:
    stable across processes (Python's ``hash()`` is salted).

    >>> _hash("kyiv") == int(_hash_columns(np.array([[107, 121, 105, 118]], np.uint64))[0])
    True
    """
    h = len(text) + 1
    for c in text:
        h = (h * _MULT + ord(c) + 1) & _MASK
    return (h ^ (h >> 32)) & 0xFFFFFFFF


def _hash_many(strings: list[str]) -> np.ndarray:
    """:func:`_hash` of each string, a NumPy pass per length (one by one in Python, the
    half-million deletions of a 20,000-name table cost a second).

    >>> _hash_many(["kyiv", "", "lviv"]).tolist() == [_hash("kyiv"), _hash(""), _hash("lviv")]
    True
    """
    out = np.zeros(len(strings), dtype=np.uint32)
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    for size in np.unique(lengths).tolist():
        ids = np.flatnonzero(lengths == size)
        text = "".join(strings[i] for i in ids.tolist())
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        out[ids] = _hash_columns(codes.astype(np.uint64).reshape(len(ids), size))
    return out


def _hash_columns(codes: np.ndarray) -> np.ndarray:
    """:func:`_hash` of each row of ``codes`` (code points, one string a row), vectorised."""
    h = np.full(len(codes), codes.shape[1] + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):  # the arithmetic is modulo 2**64 on purpose
        for j in range(codes.shape[1]):
            h = h * np.uint64(_MULT) + codes[:, j] + np.uint64(1)
    return ((h ^ (h >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


@dataclass
class SuggestIndex:
    """The suggestible keys with their weights and display names, and the deletion index."""

    keys: list[str]
    weights: np.ndarray
    displays: list[str]
    hashes: np.ndarray  # sorted hashes of deletions
    owners: np.ndarray  # the key (its position in ``keys``) of each hash
    lengths: np.ndarray  # of each key

    @classmethod
    def load(cls, con: sqlite3.Connection, gazetteer_path: Path) -> SuggestIndex:
        """The index of ``con``'s suggest table, from beside ``gazetteer_path`` or built now.

        The stored arrays carry a checksum of the keys they were built from: a gazetteer
        rebuilt in place is never served an old index.
        """
        rows = con.execute("SELECT key, weight, display FROM suggest ORDER BY key").fetchall()
        keys = [r[0] for r in rows]
        stamp = zlib.crc32("\n".join(keys).encode("utf-8", "surrogatepass")) | (_FORMAT << 32)
        side = gazetteer_path.with_name(f"{gazetteer_path.stem}.suggest.npz")
        hashes = owners = None
        try:
            with np.load(side) as stored:
                if int(stored["stamp"]) == stamp:
                    hashes, owners = stored["hashes"], stored["owners"]
        except (OSError, ValueError, KeyError):  # missing, half-written, another format
            pass
        if hashes is None or owners is None:
            hashes, owners = _build(keys)
            _store(side, stamp, hashes, owners)
        weights = np.asarray([r[1] for r in rows], dtype=np.float64)
        lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
        return cls(keys, weights, [r[2] for r in rows], hashes, owners, lengths)

    def suggest(self, key: str, n: int = 5) -> list[str]:
        """Display names of keys within :func:`max_edits` of ``key``, nearest first; among
        equally near ones, the most similar and most important (the gazetteer's weight)."""
        return self.suggest_many([key], n).get(key, []) if key else []

    def suggest_many(self, keys: list[str], n: int = 5) -> dict[str, list[str]]:
        """:meth:`suggest` for many keys at once: the index is searched for all of them in
        one NumPy pass per block of :data:`_BLOCK` keys (per key, the calls cost more than
        the search), then each key's few candidates are checked in rapidfuzz's C loop.

        >>> ix = SuggestIndex.from_keys(["kharkiv", "kherson", "kyiv"])
        >>> ix.suggest_many(["kharkov", "kyjv", "zzz"])
        {'kharkov': ['Kharkiv'], 'kyjv': ['Kyiv'], 'zzz': []}
        """
        wanted = list(dict.fromkeys(k for k in keys if k))
        out: dict[str, list[str]] = {}
        for start in range(0, len(wanted), _BLOCK):
            block = wanted[start : start + _BLOCK]
            for qi, found in _candidates(self, block):
                out[block[qi]] = self._rank(block[qi], found, n)
        return {k: out.get(k, []) for k in wanted}

    def _rank(self, key: str, found: list[int], n: int) -> list[str]:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA, Indel

        limit = max_edits(key)
        near = process.extract(
            key, [self.keys[i] for i in found], scorer=OSA.distance, score_cutoff=limit,
            limit=None,
        )  # C loop: (key, edits, position) of the keys within the limit  # fmt: skip
        scored = sorted(
            (edits, -(Indel.normalized_similarity(key, other) * 10 + self.weights[found[j]]),
             found[j])
            for other, edits, j in near
            if other != key
        )  # fmt: skip
        out: list[str] = []
        for _, _, i in scored:
            if self.displays[i] not in out:
                out.append(self.displays[i])
            if len(out) == n:
                break
        return out

    @classmethod
    def from_keys(cls, keys: list[str]) -> SuggestIndex:
        """An index of ``keys`` (weight 1, the key title-cased as its display), for tests."""
        hashes, owners = _build(keys)
        lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
        return cls(list(keys), np.ones(len(keys)), [k.title() for k in keys], hashes, owners,
                   lengths)  # fmt: skip


# Keys searched together: ~30 probes and ~70 candidates each, so a block's arrays stay a few
# megabytes however many distinct names a table holds.
_BLOCK = 4096


def _candidates(index: SuggestIndex, block: list[str]):
    """``(position in block, [key ids])`` for each key of ``block`` with candidates: keys
    sharing a deletion hash with it and no further in length than its edits allow."""
    strings: list[str] = []
    asked: list[int] = []
    for qi, key in enumerate(block):
        found = _deletions(key[:PREFIX], max_edits(key))
        strings.extend(found)
        asked.extend([qi] * len(found))
    probes = _hash_many(strings)
    # sorted needles: numpy's binary searches then walk the 15 MB of hashes in order (in
    # random order every probe misses the cache: 2 s of 4.6 at 20,000 names)
    order = np.argsort(probes, kind="stable")
    p = probes[order]
    q = np.asarray(asked, dtype=np.int64)[order]
    lo = np.searchsorted(index.hashes, p, "left")
    counts = np.searchsorted(index.hashes, p, "right") - lo
    # every (asking key, indexed key) pair of the ranges found, without a Python loop
    q, lo, counts = q[counts > 0], lo[counts > 0], counts[counts > 0]
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    pos = np.arange(int(counts.sum())) - starts + np.repeat(lo, counts)
    cand_q, cand_k = np.repeat(q, counts), index.owners[pos].astype(np.int64)
    qlen = np.fromiter(map(len, block), dtype=np.int64, count=len(block))
    qlim = np.where(qlen < 6, 1, MAX_EDITS)  # max_edits, for the whole block at once
    close = np.abs(index.lengths[cand_k] - qlen[cand_q]) <= qlim[cand_q]
    pairs = _sorted_unique(cand_q[close] * len(index.keys) + cand_k[close])  # by asker
    cand_q, cand_k = np.divmod(pairs, len(index.keys))
    bounds = np.flatnonzero(np.diff(cand_q)) + 1
    for qs, ks in zip(np.split(cand_q, bounds), np.split(cand_k, bounds), strict=True):
        if len(qs):
            yield int(qs[0]), ks.tolist()


def _build(keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of every key's prefix deletions, sorted, and the key each came from.

    Built a column at a time: prefixes of one length are an array of code points, and each
    way of deleting up to :data:`MAX_EDITS` letters is a choice of columns (29 for seven
    letters), hashed for all keys at once; 3.7 million deletions one by one took 6 s.

    >>> h, o = _build(["ab", "b"])
    >>> sorted(zip(o.tolist(), h.tolist())) == sorted(
    ...     (i, _hash(d)) for i, k in enumerate(["ab", "b"]) for d in _deletions(k, 2))
    True
    """
    from itertools import combinations

    prefixes = [k[:PREFIX] for k in keys]
    lengths = np.fromiter(map(len, prefixes), dtype=np.int64, count=len(prefixes))
    parts: list[np.ndarray] = []
    for size in np.unique(lengths).tolist():
        ids = np.flatnonzero(lengths == size)
        text = "".join(prefixes[i] for i in ids.tolist())
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        codes = codes.astype(np.uint64).reshape(len(ids), size)
        for dropped in range(min(MAX_EDITS, size) + 1):
            for kept in combinations(range(size), size - dropped):
                hashes = _hash_columns(codes[:, list(kept)])
                parts.append((hashes.astype(np.uint64) << np.uint64(32)) | ids.astype(np.uint64))
    # one entry per (hash, key): a doubled letter gives the same deletion twice
    both = _sorted_unique(np.concatenate(parts)) if parts else np.zeros(0, np.uint64)
    return (both >> np.uint64(32)).astype(np.uint32), (both & np.uint64(0xFFFFFFFF)).astype(
        np.int32
    )


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting: numpy 2's hash-based unique took 6 s on 3.7 million
    integers that a sort dedupes in a fraction of a second.

    >>> _sorted_unique(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    values = np.sort(values)
    keep = np.ones(len(values), dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def _store(side: Path, stamp: int, hashes: np.ndarray, owners: np.ndarray) -> None:
    """Save the arrays beside the gazetteer; a read-only cache only costs a rebuild."""
    from geo.files.atomic import write_atomic

    buf = io.BytesIO()
    np.savez(buf, stamp=np.int64(stamp), hashes=hashes, owners=owners)
    with contextlib.suppress(OSError, InputError):  # a cache we cannot write: rebuilt
        write_atomic(side, buf.getvalue(), force=True)
