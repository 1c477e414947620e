"""Multi-index hashing: close pairs among millions of binary codes by sub-block joins.

Brute force compares every code with every other: quadratic, however fast the popcount
kernel. Multi-index hashing (Norouzi, Punjani and Fleet, CVPR 2012) rests on the
pigeonhole principle: cut each code into ``m`` blocks; two codes within ``r`` bits
differ by at most ``r // m`` bits in some block. So a close pair shares a block
exactly, or within a bit or two, and only codes that do are compared in full. Each
join here is a sort of the block values (numpy's vectorised sort, one thread), a scan
for runs of equal values and a gather: the cost grows with the number of codes and
the number of pairs that share a block, not with their product.

Two searches are built on it:

- :func:`hash_pairs`: panels whose 64-bit whole-image hashes lie within a distance in
  some of 8 orientations. Three blocks (21, 21, 22 bits) probed with every one-bit
  change: every pair within 5 bits is found (three blocks each within one bit allow
  at most 5), and farther pairs up to the limit when one of their blocks is within a
  bit (for random bit changes: 87% of the pairs 6 bits apart, 51% at 8, 11% at 12).
  Each probe reads the entries of one 21-bit block value, about ``8 n / 2**21`` of
  them, so this join's cost grows with ``n**2``: 15 CPU s at a million panels, and
  the larger part past a few million, where wider blocks (and a guarantee below 5
  bits) would be needed.
- :func:`shared_block_pairs`: codes (256-bit ORB descriptors) equal in some 32-bit
  block. Every pair within 7 bits is found; farther ones when some block is untouched
  (for random bit changes: 90% at 12 bits, 43% at 20, 11% at 30, 2% at 40). A block
  value shared by more than ``max_run`` codes is a pattern, not a copy, and is skipped.
- :class:`BlockIndex`: the same pairs, but only those of a few given rows (a
  manuscript's descriptors against a stored corpus): each block is sorted once and
  each row's runs are found by binary search, so the cost is the sorts, not a join of
  the whole corpus with itself.
"""

from __future__ import annotations

import numpy as np

__all__ = ["BlockIndex", "distinct", "hash_pairs", "shared_block_pairs"]

#: Block widths of the 64-bit hash: three blocks, each probed within one bit.
HASH_BLOCKS = (21, 21, 22)

#: Queries per step of the hash probe: bounds the memory of one step (about
#: ``QUERY_CHUNK * 22 * 4`` candidate entries for random hashes).
QUERY_CHUNK = 32_768

#: Entries read in one step of the hash probe, at most (unless one query alone reads
#: more): bounds its memory when many hashes share block values.
EXPAND_LIMIT = 8_000_000

_LOW32 = np.uint64(0xFFFFFFFF)


def hash_pairs(phash: np.ndarray, limit: int) -> np.ndarray:
    """Pairs of rows whose identity hash lies within ``limit`` bits of some orientation
    of the other's.

    Parameters
    ----------
    phash : ndarray of uint64, shape (n, o)
        Each row's hash in ``o`` orientations, the identity first
        (:attr:`forensics.fingerprint.Fingerprint.phash`).
    limit : int
        Largest Hamming distance of a pair. Pairs within 5 bits are all found; pairs
        between 6 bits and ``limit`` when one of the three blocks of their difference
        has at most one bit set.

    Returns
    -------
    ndarray of int64, shape (p, 2)
        ``(i, j)``, ``i < j``, unique, sorted.
    """
    phash = np.ascontiguousarray(phash, np.uint64)
    if phash.ndim != 2 or not phash.shape[1]:
        raise ValueError(f"phash must be (n, orientations), got shape {phash.shape}")
    n, orientations = phash.shape
    if n < 2:
        return np.empty((0, 2), np.int64)
    targets = phash.ravel()  # entry e is row e // orientations
    queries = phash[:, 0]
    found = []
    shift = 0
    for bits in HASH_BLOCKS:
        mask = np.uint64((1 << bits) - 1)
        keys = ((targets >> np.uint64(shift)) & mask).astype(np.int64)
        # Counting sort of the entries by block value: runs addressed directly.
        order = _sort_by_key(keys)
        counts = np.bincount(keys, minlength=1 << bits)
        starts = np.cumsum(counts) - counts
        flips = np.concatenate([[0], 1 << np.arange(bits)]).astype(np.int64)
        query_keys = ((queries >> np.uint64(shift)) & mask).astype(np.int64)
        for first in range(0, n, QUERY_CHUNK):
            rows = np.arange(first, min(n, first + QUERY_CHUNK))
            probes = query_keys[rows, None] ^ flips[None, :]
            # Crowded block values (look-alike hashes) can make a step huge: cut it
            # where the entries to read pass EXPAND_LIMIT.
            reads = np.cumsum(counts[probes].sum(axis=1))
            cuts = np.searchsorted(reads, np.arange(EXPAND_LIMIT, reads[-1], EXPAND_LIMIT))
            for part in np.split(np.arange(len(rows)), np.unique(cuts[cuts > 0])):
                found.append(_close_entries(rows[part], probes[part].ravel(), starts,
                                            counts, order, queries, targets, orientations,
                                            limit))
        shift += bits
    return _unique_pairs(np.concatenate(found), n)


def _close_entries(rows: np.ndarray, probes: np.ndarray, starts: np.ndarray,
                   counts: np.ndarray, order: np.ndarray, queries: np.ndarray,
                   targets: np.ndarray, orientations: int, limit: int) -> np.ndarray:
    """``(query row, target row)`` for the probed entries within ``limit`` bits."""
    entry, owner = _expand(starts[probes], counts[probes], order,
                           np.repeat(rows, len(probes) // max(len(rows), 1)))
    row = entry // orientations
    close = (owner != row) & (np.bitwise_count(queries[owner] ^ targets[entry]) <= limit)
    return np.stack([owner[close], row[close]], axis=1)


def shared_block_pairs(codes: np.ndarray, max_run: int,
                       block_bits: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of codes equal in some block of ``block_bits`` bits.

    Parameters
    ----------
    codes : ndarray of uint8, shape (n, bytes)
        Bit rows (ORB descriptors: 32 bytes), ``bytes * 8`` a multiple of
        ``block_bits``.
    max_run : int
        Block values shared by more codes than this are skipped: they tie too many
        codes to single out any pair.
    block_bits : int
        8, 16 or 32.

    Returns
    -------
    a, b : ndarray of int64, shape (p,)
        Rows ``a < b``, each pair once.
    """
    codes = np.ascontiguousarray(codes, np.uint8)
    if codes.ndim != 2 or (codes.shape[1] * 8) % block_bits or block_bits not in (8, 16, 32):
        raise ValueError(f"codes must be (n, bytes) uint8 with whole {block_bits}-bit blocks, "
                         f"got shape {codes.shape}")
    n = len(codes)
    if n < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    if n >= 1 << 32:
        raise ValueError(f"at most 2**32 codes, got {n}")
    # One block per row, contiguous: each join reads its block once.
    blocks = np.ascontiguousarray(codes.view(np.dtype(f"<u{block_bits // 8}")).T)
    index = np.arange(n, dtype=np.uint64)
    found = []
    for block in blocks:
        packed = block.astype(np.uint64)
        packed <<= np.uint64(32)
        packed |= index
        packed.sort()
        key = packed >> np.uint64(32)
        # Runs of one block value, from the (few) places a value repeats.
        repeat = np.flatnonzero(key[1:] == key[:-1])
        del key
        if not len(repeat):
            continue
        breaks = np.flatnonzero(np.diff(repeat) != 1) + 1
        start = repeat[np.concatenate([[0], breaks])]
        end = repeat[np.concatenate([breaks - 1, [len(repeat) - 1]])] + 2
        keep = end - start <= max_run
        start, end = start[keep], end[keep]
        if not len(start):
            continue
        # Every position of a run paired with each later position of it.
        length = end - start
        position = np.repeat(start, length) + _ranks(length)
        later = np.repeat(end, length) - position - 1
        first = np.repeat(position, later)
        second = first + 1 + _ranks(later)
        a = (packed[first] & _LOW32).astype(np.int64)
        b = (packed[second] & _LOW32).astype(np.int64)
        found.append(np.minimum(a, b) * n + np.maximum(a, b))
    if not found:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    code = distinct(np.concatenate(found))
    return code // n, code % n


class BlockIndex:
    """Codes sorted by each of their blocks, to find the partners of a few of them.

    :func:`shared_block_pairs` joins every code with every other; when only the
    partners of a few rows are wanted (a manuscript's descriptors against a stored
    corpus), each block is sorted once here and each row's runs are found by binary
    search, so the cost is the sorts, not a join of the corpus with itself.

    Parameters
    ----------
    codes : ndarray of uint8, shape (n, bytes)
        As :func:`shared_block_pairs`.
    block_bits : int
        8, 16 or 32.
    """

    def __init__(self, codes: np.ndarray, block_bits: int = 32):
        codes = np.ascontiguousarray(codes, np.uint8)
        if codes.ndim != 2 or (codes.shape[1] * 8) % 64 or block_bits not in (8, 16, 32):
            raise ValueError(f"codes must be (n, bytes) uint8 with whole 64-bit words, "
                             f"got shape {codes.shape}")
        if len(codes) >= 1 << 32:
            raise ValueError(f"at most 2**32 codes, got {len(codes)}")
        self.words = codes.view(np.uint64)
        self.blocks = np.ascontiguousarray(codes.view(np.dtype(f"<u{block_bits // 8}")).T)
        index = np.arange(len(codes), dtype=np.uint64)
        # (value, row) packed in one word: a plain sort, far cheaper than an argsort.
        self.sorted = []
        for block in self.blocks:
            packed = (block.astype(np.uint64) << np.uint64(32)) | index
            packed.sort()
            self.sorted.append(packed)

    def partners(self, rows: np.ndarray, max_run: int, max_distance: int | None = None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The pairs of :func:`shared_block_pairs` that involve one of ``rows``.

        Parameters
        ----------
        rows : ndarray of int64
            The rows whose partners are wanted.
        max_run : int
            As :func:`shared_block_pairs`: a block value shared by more than
            ``max_run`` codes (of the whole index, not only ``rows``) ties no pair.
        max_distance : int, optional
            Keep only the pairs within this many bits (filtered block by block,
            before the pairs are made unique).

        Returns
        -------
        row, partner : ndarray of int64, shape (p,)
            Each row of ``rows`` with every other code equal to it in some block, each
            pair once (a pair of two rows appears both ways round).
        distance : ndarray of int64, shape (p,)
            The bits by which each pair differs (computed here anyway, to filter).
        """
        rows = distinct(np.asarray(rows, np.int64))
        n = len(self.words)
        if n < 2 or not len(rows):
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int64)
        if n * n >= (1 << 63) // 257:
            raise ValueError(f"too many codes to pack a pair and its distance: {n}")
        found = [np.empty(0, np.int64)]
        for block, packed in zip(self.blocks, self.sorted):
            # Probes in sorted order: each binary search starts where the last ended
            # (four times faster than in row order on a 300-paper store).
            low = block[rows].astype(np.uint64) << np.uint64(32)
            order = np.argsort(low)
            low, probe = low[order], rows[order]
            start = np.searchsorted(packed, low, side="left")
            length = np.searchsorted(packed, low | _LOW32, side="right") - start
            keep = length <= max_run
            entry, row = _expand(start[keep], length[keep], np.arange(len(packed)), probe[keep])
            partner = (packed[entry] & _LOW32).astype(np.int64)
            other = partner != row
            row, partner = row[other], partner[other]
            distance = np.bitwise_count(self.words[row] ^ self.words[partner]).sum(
                axis=1, dtype=np.int64)
            if max_distance is not None:
                near = distance <= max_distance
                row, partner, distance = row[near], partner[near], distance[near]
            # A pair found in several blocks has one distance: distinct packed codes.
            found.append((row * n + partner) * 257 + distance)
        code = distinct(np.concatenate(found))
        pair = code // 257
        return pair // n, pair % n, code % 257


def distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of an integer array.

    ``np.unique`` gives the same, but numpy 2.4 hashes integer arrays first, which
    measured 20 times slower than a sort on the millions of pair codes here (5.6 s
    against 0.3 s for 4.6 million).
    """
    values = np.sort(np.asarray(values).ravel())
    if not len(values):
        return values
    first = np.empty(len(values), bool)
    first[0] = True
    np.not_equal(values[1:], values[:-1], out=first[1:])
    return values[first]


def _sort_by_key(keys: np.ndarray) -> np.ndarray:
    """Entries ordered by ``keys`` (non-negative, below 2**32), ties by entry."""
    packed = np.sort((keys.astype(np.uint64) << np.uint64(32))
                     | np.arange(len(keys), dtype=np.uint64))
    return (packed & _LOW32).astype(np.int64)


def _ranks(lengths: np.ndarray) -> np.ndarray:
    """``0, 1, ..., l - 1`` for each length ``l``, concatenated."""
    total = int(lengths.sum())
    return np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)


def _expand(starts: np.ndarray, counts: np.ndarray, order: np.ndarray,
            owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The entries of each probed run, with the probe's owner beside each."""
    offsets = np.repeat(starts, counts) + _ranks(counts)
    return order[offsets], np.repeat(owner, counts)


def _unique_pairs(pairs: np.ndarray, n: int) -> np.ndarray:
    low, high = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    code = distinct(low * n + high)
    return np.stack([code // n, code % n], axis=1)
