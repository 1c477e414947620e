"""Corpus-wide candidate search: which panels of different papers are worth comparing.

A paper's panels are described once, when it is read, by the same keys the candidate
search inside a paper votes with (:mod:`forensics.index`): whole-image hashes in 8
orientations and the ``vote_keypoints`` strongest ORB descriptors, direct and
mirrored. Across a corpus those keys are searched in Hamming space (exactly with
faiss in a small store, by multi-index hashing in a large one: below) and votes are
counted sparsely, so no dense panel-by-panel matrix is ever built and no Python loop
runs over pairs.

Across a corpus, unlike inside one paper, plain vote counts do not tell a copy from a
look-alike: synthetic and real blots share band edges and printed labels with hundreds
of other panels (in a 40-paper generated corpus, 50,000 of 287,000 cross-paper panel
pairs share 40 descriptors or more). So votes are weighted, as a search engine weighs a
word by its rarity: each descriptor looks at its :data:`NEIGHBOURS` nearest descriptors
in the whole corpus, and its one vote is split among the panels of other papers among
them (within ``vote_distance`` bits). A copy's distinctive detail has its copy for
nearest neighbour and votes fully; a pattern every blot has spreads its vote thin.

Even weighted, a panel with many look-alikes collects a few votes from each. What
sets a copy apart is that it stands out from them: each panel's *background* is the
score of its strongest partner after the first :data:`BACKGROUND_RANK` (the level its
look-alikes reach, with room for a panel reused in several papers), and two panels of
different papers are a candidate when their hashes lie within ``phash_distance`` bits
in some orientation, or when their score is at least ``corpus_min_score`` and
``corpus_lift`` times the background of each. A panel with few partners has a
background of 0, so any score of ``corpus_min_score`` counts.

The candidates of each pair of papers are then compared by
:func:`forensics.detect.find_duplicates` (in :mod:`forensics.batch`), the function
``forensics compare`` runs, on those panels' stored pixels.

Two searches give those neighbours, chosen by the number of stored panels ``n``:

- **exact**, up to :data:`EXACT_PANELS` (200) panels: brute force in faiss's popcount
  kernels, every hash against every panel's 8 orientations and every voting
  descriptor's :data:`NEIGHBOURS` nearest among all. Its cost grows with ``n**2``
  (22 CPU s for the 769 panels of the 40-paper corpus of ``bench/audit.py``, so about
  an hour for 10,000 such panels).
- **multi-index hashing** above it (:mod:`forensics.mih`: sorts and joins in numpy,
  one thread, cost growing with ``n log n`` and the pairs found, plus a hash term
  growing with ``n**2 / 2**21``: 15 of about 50 CPU s at a million panels). Hashes:
  every pair within 5 bits is found, farther ones up to ``phash_distance`` only when
  one of three blocks of their difference is within a bit (for random bit changes:
  87% of the pairs 6 bits apart, 51% at 8, 11% at 12). Descriptors: a neighbour is
  seen when it equals the descriptor in one of eight 32-bit blocks (always within 7
  bits; 90% at 12, 43% at 20, 11% at 30, 2% at ``vote_distance``), each descriptor
  keeps the nearest it sees, and a block value shared by more than :data:`MAX_RUN`
  descriptors (a pattern) is not followed. So the rarity weights are estimated from
  the look-alikes found, not all of them. Each panel searches at most
  ``DESCRIPTOR_BUDGET // n`` of its strongest descriptors (all 128 under 125,000
  panels, 16 at a million), which bounds memory and time and, at that size, costs
  recall on crops and partial overlaps that share few strong keypoints.

Measured (``bench/audit.py``): on the 40-paper corpus the multi-index search finds
the same 22 of 23 planted cross-paper copies among its candidates as the exact one,
in 3.6 CPU s instead of 22, with 1,627 candidates instead of 1,983 (16 descriptors
per panel would find 19). On synthetic keys (``--scale``, random bits with 1% planted
near duplicates, :mod:`forensics.fixtures.fingerprints`) it keeps over 99% of the plants
among the candidates up to a million panels, in well under two CPU minutes; see
docs/benchmarks.md for the table.

The weights depend on every panel, so when many papers are added the search is
redone over the whole store. When few are (up to half the panels: a manuscript
checked with ``scan --against``, a small batch added to an audit), only the votes
that reach a new panel are computed (:func:`new_panel_votes`): the same neighbours
and weights as the whole search, at the cost of sorting the store's descriptors once.
A stored panel's background then comes from the last whole search (kept in the
store), raised by its scores with the new panels: close to what a whole search would
give (new papers add partners, which can only raise it, and split some votes further,
which can lower it a little), so a few papers added to a large store are judged as
they would be by a search of everything.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from forensics.detect import MIN_PANEL_PIXELS, is_searched
from forensics.fingerprint import ALGORITHM, fingerprint_panel, keypoints_to_bytes
from forensics.hamming import nearest_neighbours
from forensics.index import hash_distances
from forensics.mih import BlockIndex, distinct, hash_pairs, shared_block_pairs
from forensics.model import Panel
from forensics.settings import IndexConfig, Settings
from forensics.store import PanelKeys

__all__ = ["BACKGROUND_RANK", "candidate_panels", "new_panel_votes", "panel_backgrounds",
           "panel_keys", "scalable_votes", "scale_keypoints", "weighted_votes"]

log = logging.getLogger(__name__)

#: Partners of a panel passed over before its background is read (the score of the
#: next): a panel copied into several papers keeps all its copies above it. With
#: ``corpus_lift`` 1.5, of the true cross-paper findings of the former rule (each
#: panel's 5 strongest partners) 12 keeps 107 of 108 on 4,347 of its 11,358 pairs of
#: papers (seed 7, 300 papers) and 48 of 48 on 1,457 of 3,542 (seed 11, 120 papers);
#: 8 keeps 107 and 47 on a third fewer pairs; see docs/benchmarks.md.
BACKGROUND_RANK = 12

#: Nearest descriptors each descriptor looks at: bench/audit.py (seed 7, 40 papers) kept
#: 22 of 23 planted cross-paper copies with 8, and fewer with 16 or 32 (a copy's votes
#: are diluted among more look-alikes) for 1,959 candidates of 287,000 panel pairs.
NEIGHBOURS = 8

#: Query rows per faiss call and hash rows per distance block: bounds the memory of
#: one step (a block of distances is ``HASH_BLOCK * n`` bytes).
QUERY_BLOCK = 20_000
HASH_BLOCK = 2_048

#: Stored panels up to which the search is exact (brute force over every descriptor of
#: ``vote_keypoints``): its cost grows with the square of the panels (22 CPU s for the
#: 769 panels of the 40-paper corpus of bench/audit.py, against 3.6 s for multi-index
#: hashing with the same planted copies among the candidates), so only where it costs
#: about a second.
EXACT_PANELS = 200

#: Direct descriptors the scalable path searches in all (as many mirrored ones
#: again): each panel keeps ``DESCRIPTOR_BUDGET // panels`` of its strongest, at most
#: ``vote_keypoints`` and at least :data:`MIN_SCALE_KEYPOINTS`. Under 125,000 panels
#: every voting descriptor is searched; at a million, the strongest 16.
DESCRIPTOR_BUDGET = 16_000_000
MIN_SCALE_KEYPOINTS = 16

#: Descriptors sharing one 32-bit block value beyond which the block is skipped
#: (:func:`forensics.mih.shared_block_pairs`).
MAX_RUN = 64


def panel_keys(panels: Sequence[Panel], settings: Settings) -> PanelKeys:
    """The corpus-search keys of a paper's panels.

    Only the panels :func:`forensics.detect.find_duplicates` searches get keys (not
    slivers, not line art), with the same fingerprint settings, so a stored key stands
    for what a comparison of the two papers would see.
    """
    ordinals, hashes, direct, mirror, keypoints = [], [], [], [], []
    keep = settings.index.vote_keypoints
    for ordinal, panel in enumerate(panels):
        if min(panel.image.shape[:2]) < MIN_PANEL_PIXELS or \
                not is_searched(panel, settings.detect):
            continue
        fp = fingerprint_panel(panel, settings.fingerprint)
        ordinals.append(ordinal)
        hashes.append(fp.phash)
        direct.append(np.ascontiguousarray(fp.descriptors[:keep], np.uint8).reshape(-1, 32))
        mirror.append(np.ascontiguousarray(fp.mirror_descriptors[:keep], np.uint8)
                      .reshape(-1, 32))
        keypoints.append(keypoints_to_bytes(fp))
    phash = np.array(hashes, np.uint64).reshape(-1, 8)
    return PanelKeys(np.array(ordinals, np.int64), phash, tuple(direct), tuple(mirror),
                     ALGORITHM, tuple(keypoints))


def _hash_pairs(rows: np.ndarray, phash: np.ndarray, limit: int) -> np.ndarray:
    """``(i, j)`` with ``i`` in ``rows`` whose hashes lie within ``limit`` bits in some
    orientation (either way round, as :func:`forensics.index.candidate_pairs`)."""
    found = [np.empty((0, 2), np.int64)]
    for start in range(0, len(rows), HASH_BLOCK):
        block = rows[start:start + HASH_BLOCK]
        dist = np.minimum(hash_distances(phash[block], phash),
                          hash_distances(phash, phash[block]).T)
        i, j = np.nonzero(dist <= limit)
        found.append(np.stack([block[i], j], axis=1))
    return np.concatenate(found)


def weighted_votes(paper_ids: np.ndarray, direct: Sequence[np.ndarray],
                   mirror: Sequence[np.ndarray], keypoints: int, max_distance: int,
                   neighbours: int = NEIGHBOURS) -> tuple[np.ndarray, np.ndarray]:
    """Rarity-weighted descriptor votes between panels of different papers.

    Each panel's ``keypoints`` strongest direct descriptors look for their
    ``neighbours`` nearest among every panel's direct and mirrored descriptors; the
    neighbours of other papers within ``max_distance`` bits vote, one vote per
    descriptor split evenly among the panels they belong to.

    Returns
    -------
    pairs : ndarray of int64, shape (p, 2)
        Panel rows ``(i, j)``, ``i < j``, of different papers with a vote.
    scores : ndarray of float64, shape (p,)
        Symmetric: the votes of ``i``'s descriptors for ``j`` and of ``j``'s for ``i``.
    """
    n = len(paper_ids)
    sizes = np.array([min(len(direct[t]), len(mirror[t]), keypoints) for t in range(n)],
                     np.int64)
    query_sizes = np.array([min(len(direct[q]), keypoints) for q in range(n)], np.int64)
    if n < 2 or not sizes.sum() or not query_sizes.sum():
        return np.empty((0, 2), np.int64), np.empty(0)
    targets = np.concatenate([direct[t][:k] for t, k in enumerate(sizes)]
                             + [mirror[t][:k] for t, k in enumerate(sizes)])
    target_panel = np.tile(np.repeat(np.arange(n), sizes), 2)
    queries = np.concatenate([direct[q][:k] for q, k in enumerate(query_sizes)])
    query_panel = np.repeat(np.arange(n), query_sizes)
    k = min(neighbours, len(targets))
    codes, weights = [], []
    for start in range(0, len(queries), QUERY_BLOCK):
        distance, nearest = nearest_neighbours(queries[start:start + QUERY_BLOCK], targets, k)
        rows = np.repeat(np.arange(start, start + len(nearest)), k)
        panel = target_panel[nearest.ravel()]
        votes = (distance.ravel() <= max_distance) & \
            (paper_ids[panel] != paper_ids[query_panel[rows]])
        # One vote per descriptor and panel, split among the panels it reaches.
        unique = distinct(rows[votes] * n + panel[votes])
        descriptor, panel = unique // n, unique % n
        shared = np.bincount(descriptor - start, minlength=len(nearest))[descriptor - start]
        a, b = query_panel[descriptor], panel
        codes.append(np.minimum(a, b) * n + np.maximum(a, b))
        weights.append(1.0 / shared)
    code = np.concatenate(codes)
    unique = distinct(code)
    where = np.searchsorted(unique, code)
    scores = np.bincount(where, weights=np.concatenate(weights), minlength=len(unique))
    return np.stack([unique // n, unique % n], axis=1), scores


def scale_keypoints(panels: int, vote_keypoints: int) -> int:
    """Descriptors per panel the scalable path searches among ``panels`` panels
    (:data:`DESCRIPTOR_BUDGET`)."""
    return max(MIN_SCALE_KEYPOINTS, min(vote_keypoints, DESCRIPTOR_BUDGET // max(panels, 1)))


def scalable_votes(paper_ids: np.ndarray, direct: Sequence[np.ndarray],
                   mirror: Sequence[np.ndarray], keypoints: int, max_distance: int,
                   neighbours: int = NEIGHBOURS, max_run: int = MAX_RUN
                   ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`weighted_votes` with the neighbours found by multi-index hashing.

    Each panel's ``keypoints`` strongest direct and mirrored descriptors are joined
    on their eight 32-bit blocks (:func:`forensics.mih.shared_block_pairs`); the pairs
    within ``max_distance`` bits are each descriptor's neighbours, of which it keeps
    the ``neighbours - 1`` nearest (the exact search counts the descriptor itself as
    its first). Votes are then split as in :func:`weighted_votes`. Neighbours that
    share no block exactly are not seen (a pair within 7 bits always is, one 20 bits
    apart 43% of the time for random bit changes), so a copy's votes are a sample of
    its exact votes and a look-alike's weight is estimated from the look-alikes found.

    Returns
    -------
    pairs, scores : as :func:`weighted_votes`.
    """
    n = len(paper_ids)
    codes, owner, queries = _stacked_codes(direct, mirror, keypoints)
    if n < 2 or not queries:
        return np.empty((0, 2), np.int64), np.empty(0)
    a, b = shared_block_pairs(codes, max_run)
    # a < b, so b direct means both are: each is then the other's neighbour.
    both = b < queries
    query = np.concatenate([a[a < queries], b[both]])
    target = np.concatenate([b[a < queries], a[both]])
    return _split_votes(query, target, codes, owner, paper_ids, max_distance, neighbours)


def new_panel_votes(paper_ids: np.ndarray, direct: Sequence[np.ndarray],
                    mirror: Sequence[np.ndarray], new: np.ndarray, keypoints: int,
                    max_distance: int, neighbours: int = NEIGHBOURS, max_run: int = MAX_RUN
                    ) -> tuple[np.ndarray, np.ndarray]:
    """The pairs and scores of :func:`scalable_votes` that involve a new panel.

    The same neighbours, over the whole corpus, for the descriptors whose votes can
    reach a new panel: the new panels' own, and the stored descriptors that share a
    block with one of theirs (:class:`forensics.mih.BlockIndex`). The cost is a sort
    of each block and a binary search per such descriptor, not a join of the corpus
    with itself (``scan --against`` on a 300-paper store: from about 43 CPU s to a few).

    Parameters
    ----------
    new : ndarray of bool, shape (n,)
        The new panels.

    Returns
    -------
    pairs, scores : as :func:`weighted_votes`, each pair with a new panel.
    """
    n = len(paper_ids)
    codes, owner, queries = _stacked_codes(direct, mirror, keypoints)
    new = np.asarray(new, bool)
    if n < 2 or not queries or not new.any():
        return np.empty((0, 2), np.int64), np.empty(0)
    index = BlockIndex(codes)
    row, partner, distance = index.partners(np.flatnonzero(new[owner]), max_run, max_distance)
    # Stored direct descriptors a new one is a close neighbour of: they vote too.
    stored = (partner < queries) & ~new[owner[partner]]
    reached, nearest_new = _nearest_by_row(partner[stored], distance[stored])
    old_row, old_partner, old_distance = index.partners(reached, max_run, max_distance)
    old_row, old_partner = _may_reach_new(old_row, old_partner, old_distance, reached,
                                          nearest_new, neighbours)
    mine = row < queries
    pairs, scores = _split_votes(np.concatenate([row[mine], old_row]),
                                 np.concatenate([partner[mine], old_partner]),
                                 codes, owner, paper_ids, max_distance, neighbours)
    keep = new[pairs[:, 0]] | new[pairs[:, 1]]
    return pairs[keep], scores[keep]


def _nearest_by_row(rows: np.ndarray, distance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``rows`` (sorted) and the smallest ``distance`` of each."""
    key = distinct(rows * 257 + distance)  # distances are at most 256 bits
    first = np.r_[True, key[1:] // 257 != key[:-1] // 257]
    return key[first] // 257, key[first] % 257


def _may_reach_new(row: np.ndarray, partner: np.ndarray, distance: np.ndarray,
                   reached: np.ndarray, nearest_new: np.ndarray, neighbours: int
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of the stored descriptors that can vote for a new panel.

    A stored descriptor ``reached[i]`` looks at its ``neighbours - 1`` nearest; when
    that many of its partners are strictly closer than its nearest new descriptor
    (``nearest_new[i]`` bits), no new panel is among them and its votes, which only
    stored panels receive, are not needed. Dropping it before the votes are ranked
    changes no score involving a new panel (on a 300-paper store it leaves a few
    percent of the pairs to sort).
    """
    where = np.searchsorted(reached, row)
    closer = distance < nearest_new[where]
    count = np.bincount(where[closer], minlength=len(reached))
    keep = count[where] < neighbours - 1
    return row[keep], partner[keep]


def _stacked_codes(direct: Sequence[np.ndarray], mirror: Sequence[np.ndarray],
                   keypoints: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Every panel's ``keypoints`` strongest direct descriptors, then its mirrored
    ones, stacked: ``(codes, owner panel of each, number of direct codes)``."""
    n = len(direct)
    sizes = np.array([min(len(d), keypoints) for d in direct], np.int64)
    mirror_sizes = np.array([min(len(m), keypoints) for m in mirror], np.int64)
    if not n or not sizes.sum():
        return np.empty((0, 32), np.uint8), np.empty(0, np.int64), 0
    codes = np.concatenate([d[:k] for d, k in zip(direct, sizes)]
                           + [m[:k] for m, k in zip(mirror, mirror_sizes)])
    owner = np.concatenate([np.repeat(np.arange(n), sizes),
                            np.repeat(np.arange(n), mirror_sizes)])
    return codes, owner, int(sizes.sum())


def _split_votes(query: np.ndarray, target: np.ndarray, codes: np.ndarray,
                 owner: np.ndarray, paper_ids: np.ndarray, max_distance: int,
                 neighbours: int) -> tuple[np.ndarray, np.ndarray]:
    """Votes of each querying descriptor, from its candidate neighbours ``target``:
    the ``neighbours - 1`` nearest within ``max_distance`` bits (ties: the lower
    row), one vote split among the panels of other papers they belong to."""
    n = len(paper_ids)
    words = codes.view(np.uint64)
    distance = np.bitwise_count(words[query] ^ words[target]).sum(axis=1, dtype=np.int64)
    close = distance <= max_distance
    query, target, distance = query[close], target[close], distance[close]
    # Sorted by descriptor, then distance, then row: one packed key, one plain sort.
    rows = np.int64(len(codes))
    key = np.sort((query * 257 + distance) * rows + target)
    query, target = key // (257 * rows), key % rows
    rank = np.arange(len(query)) - np.searchsorted(query, query, side="left")
    near = rank < neighbours - 1
    query, panel = query[near], owner[target[near]]
    votes = paper_ids[panel] != paper_ids[owner[query]]
    # One vote per descriptor and panel, split among the panels it reaches.
    unique = distinct(query[votes] * n + panel[votes])
    descriptor, panel = unique // n, unique % n
    # unique is sorted, so each descriptor's entries are one run.
    where = np.cumsum(np.r_[True, descriptor[1:] != descriptor[:-1]]) - 1
    shared = np.bincount(where)
    low = np.minimum(owner[descriptor], panel)
    high = np.maximum(owner[descriptor], panel)
    pair_code = distinct(low * n + high)
    where_pair = np.searchsorted(pair_code, low * n + high)
    scores = np.bincount(where_pair, weights=1.0 / shared[where], minlength=len(pair_code))
    return np.stack([pair_code // n, pair_code % n], axis=1), scores


def panel_backgrounds(pairs: np.ndarray, scores: np.ndarray, n: int,
                      rank: int = BACKGROUND_RANK) -> np.ndarray:
    """Each panel's background: the score of its strongest partner after the first
    ``rank`` (0 when it has ``rank`` partners or fewer).

    Parameters
    ----------
    pairs : ndarray of int64, shape (p, 2)
        Panel rows with a score, each pair once.
    scores : ndarray of float64, shape (p,)
    n : int
        Number of panels.

    Returns
    -------
    ndarray of float64, shape (n,)
    """
    panel = np.concatenate([pairs[:, 0], pairs[:, 1]])
    score = np.concatenate([scores, scores])
    order = np.lexsort((-score, panel))
    panel, score = panel[order], score[order]
    rank_of = np.arange(len(panel)) - np.searchsorted(panel, panel, side="left")
    background = np.zeros(n)
    at = rank_of == rank
    background[panel[at]] = score[at]
    return background


def candidate_panels(
    paper_ids: np.ndarray,
    phash: np.ndarray,
    direct: Sequence[np.ndarray],
    mirror: Sequence[np.ndarray],
    new_papers: Sequence[int],
    config: IndexConfig,
    stored_background: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of panels of different papers, at least one of them new, worth comparing.

    Parameters
    ----------
    paper_ids : ndarray of int64, shape (n,)
        The paper of each stored panel (rows of the other arguments).
    phash : ndarray of uint64, shape (n, 8)
    direct, mirror : sequence of ndarray of uint8, shape (k, 32)
        Each panel's strongest descriptors, direct and mirrored.
    new_papers : sequence of int
        Papers not yet compared with the corpus.
    config : IndexConfig
    stored_background : ndarray of float64, shape (n,), optional
        Each panel's background from an earlier search (0 for a panel never searched):
        used when only the new panels' votes are computed, which cannot give a stored
        panel's background on their own.

    Returns
    -------
    pairs : ndarray of int64, shape (p, 2)
        Panel rows ``(i, j)``, ``i < j``, sorted.
    background : ndarray of float64, shape (n,)
        Each panel's background (:func:`panel_backgrounds`), for the store.
    """
    paper_ids = np.asarray(paper_ids, np.int64)
    n = len(paper_ids)
    new = np.isin(paper_ids, np.asarray(list(new_papers), np.int64))
    if n < 2 or not new.any():
        empty = np.zeros(n) if stored_background is None else np.asarray(stored_background)
        return np.empty((0, 2), np.int64), empty
    if n <= EXACT_PANELS:
        close = _hash_pairs(np.flatnonzero(new), phash, config.phash_distance)
        pairs, scores = weighted_votes(paper_ids, direct, mirror, config.vote_keypoints,
                                       config.vote_distance)
    elif new.sum() * 2 > n:
        close = hash_pairs(phash, config.phash_distance)
        pairs, scores = scalable_votes(paper_ids, direct, mirror,
                                       scale_keypoints(n, config.vote_keypoints),
                                       config.vote_distance)
    else:
        # A few new papers against a large store: only the new panels' votes (and the
        # votes for them) are computed, on the same neighbours as the whole search.
        close = _hash_pairs(np.flatnonzero(new), phash, config.phash_distance)
        pairs, scores = new_panel_votes(paper_ids, direct, mirror, new,
                                        scale_keypoints(n, config.vote_keypoints),
                                        config.vote_distance)
    background = panel_backgrounds(pairs, scores, n)
    if n > EXACT_PANELS and new.sum() * 2 <= n and stored_background is not None:
        # Only the new panels' partners were scored: a stored panel's own are in the
        # store, from the last whole search.
        background = np.maximum(background, stored_background)
    floor = config.corpus_lift * np.maximum(background[pairs[:, 0]], background[pairs[:, 1]])
    voted = pairs[(scores >= config.corpus_min_score) & (scores >= floor)]
    both = np.concatenate([np.sort(close, axis=1), voted])
    both = both[(paper_ids[both[:, 0]] != paper_ids[both[:, 1]])
                & (new[both[:, 0]] | new[both[:, 1]])]
    found = distinct(both[:, 0] * n + both[:, 1])
    log.info("corpus search: %d panels (%d new), %d scored pairs, %d candidates",
             n, int(new.sum()), len(pairs), len(found))
    return np.stack([found // n, found % n], axis=1), background
