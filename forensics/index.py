"""Hamming-space candidate search: which panel pairs are worth verifying.

Two kinds of keys vote, both brute force with no Python loop over pairs (hashes by
``np.bitwise_count`` on ``uint64`` words, descriptors by faiss's binary index):

- whole-image perceptual hashes in 8 orientations
  (:attr:`forensics.fingerprint.Fingerprint.phash`): a pair is a candidate when
  the identity hash of one is within ``phash_distance`` bits of any orientation of
  the other. Catches identical, rescaled, recompressed, re-toned, flipped and
  rotated copies, including low-texture ones with few keypoints.
- keypoint descriptors: the ``vote_keypoints`` strongest ORB descriptors of each
  panel are matched against the direct and mirrored descriptors of every other
  panel; a pair collects one vote per descriptor whose nearest neighbour in the
  other panel is within ``vote_distance`` bits. Catches what whole-image hashes
  miss: crops, partial overlaps, small rotations, reused strips.

Each panel keeps at most ``max_candidates`` partners from the vote (its
strongest), so blots whose repeated bands vote for each other do not flood the
verifier.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from forensics.fingerprint import Fingerprint
from forensics.hamming import close_pairs
from forensics.mih import distinct
from forensics.settings import IndexConfig

logger = logging.getLogger(__name__)




def hash_distances(hashes_a: np.ndarray, hashes_b: np.ndarray) -> np.ndarray:
    """Orientation-invariant distance between whole-image hashes.

    Parameters
    ----------
    hashes_a : ndarray of uint64, shape (n, 8)
    hashes_b : ndarray of uint64, shape (m, 8)
        ``Fingerprint.phash`` rows, stacked.

    Returns
    -------
    ndarray of uint8, shape (n, m)
        ``min`` over orientations ``k`` of ``popcount(a[i, 0] ^ b[j, k])``.
    """
    hashes_a = np.asarray(hashes_a, np.uint64)
    hashes_b = np.asarray(hashes_b, np.uint64)
    if hashes_a.ndim != 2 or hashes_b.ndim != 2 or hashes_a.shape[1] != hashes_b.shape[1]:
        raise ValueError(f"hash arrays must be (n, 8), got {hashes_a.shape} and {hashes_b.shape}")
    out = np.full((len(hashes_a), len(hashes_b)), 64, np.uint8)
    for k in range(hashes_b.shape[1]):
        np.minimum(out, np.bitwise_count(hashes_a[:, 0, None] ^ hashes_b[None, :, k]), out=out)
    return out


def descriptor_votes(
    fingerprints: Sequence[Fingerprint],
    others: Sequence[Fingerprint],
    keypoints: int,
    max_distance: int,
) -> np.ndarray:
    """Count, for each panel pair, the strong descriptors they share.

    The ``keypoints`` strongest direct descriptors of each panel of
    ``fingerprints`` are compared with the strongest direct and mirrored
    descriptors of each panel of ``others``, in one range search read both ways:
    ``votes[i, j]`` is the number of descriptors of ``i`` whose nearest neighbour
    in ``j`` lies within ``max_distance`` bits, plus the number of keypoints of
    ``j`` whose direct or mirrored descriptor has a neighbour in ``i`` within it.

    Returns
    -------
    ndarray of int32, shape (len(fingerprints), len(others))
    """
    n, m = len(fingerprints), len(others)
    votes = np.zeros((n, m), np.int32)
    query = [fp.descriptors[:keypoints] for fp in fingerprints]
    sizes = np.array([min(len(fp.descriptors), len(fp.mirror_descriptors), keypoints)
                      for fp in others])
    if not sum(len(d) for d in query) or not sizes.sum():
        return votes
    # Target rows: every panel's direct descriptors, then the same keypoints mirrored
    # in the same order; a row's keypoint is its position modulo the keypoint count.
    targets = np.concatenate([fp.descriptors[:k] for fp, k in zip(others, sizes, strict=True)]
                             + [fp.mirror_descriptors[:k]
                                for fp, k in zip(others, sizes, strict=True)])
    keys = int(sizes.sum())
    key_panel = np.repeat(np.arange(m), sizes)
    query_panel = np.repeat(np.arange(n), [len(d) for d in query])
    rows, cols = close_pairs(np.concatenate(query), targets, max_distance)
    cols = cols % keys
    queries = len(query_panel)
    # Forward: each query descriptor with a neighbour (direct or mirrored) in panel j.
    # Backward: each keypoint of j whose direct or mirrored descriptor has one in i.
    # Each counts a (descriptor, panel) pair once, however many neighbours it has:
    # a paper of blots gives millions of neighbour pairs over a few million such
    # pairs, so marking them in a table and summing it runs in one pass, where
    # distinct codes need a sort (np.unique and np.add.at are slower still).
    if queries * m <= _TABLE_CELLS and n * keys <= _TABLE_CELLS:
        votes += _marked_counts(rows, key_panel[cols], query_panel, n, m)
        votes += _marked_counts(cols, query_panel[rows], key_panel, m, n).T
        return votes
    forward = distinct(rows * m + key_panel[cols])
    votes += _pair_counts(query_panel[forward // m], forward % m, n, m)
    backward = distinct(query_panel[rows] * keys + cols)
    votes += _pair_counts(backward // keys, key_panel[backward % keys], n, m)
    return votes


#: Largest table of (descriptor, panel) cells marked in memory (one byte each); past
#: it (a corpus-sized search) the pairs are made distinct by a sort instead.
_TABLE_CELLS = 20_000_000


def _marked_counts(items: np.ndarray, groups: np.ndarray, owner: np.ndarray,
                   n_owners: int, n_groups: int) -> np.ndarray:
    """For each owner of items and each group, how many of the owner's items are
    paired with the group at least once.

    ``items[k]`` and ``groups[k]`` are the k-th pair; ``owner`` gives each item's
    owner, ascending (the items of one owner are consecutive). Returns an
    ``(n_owners, n_groups)`` int32 table.
    """
    table = np.zeros((len(owner), n_groups), bool)
    table[items, groups] = True
    out = np.zeros((n_owners, n_groups), np.int32)
    starts = np.searchsorted(owner, np.arange(n_owners))
    filled = np.flatnonzero(np.bincount(owner, minlength=n_owners))
    if len(filled):
        # The filled owners' runs tile the items in order: one sum per run.
        out[filled] = np.add.reduceat(table, starts[filled], axis=0, dtype=np.int32)
    return out


def _pair_counts(i: np.ndarray, j: np.ndarray, n: int, m: int) -> np.ndarray:
    """How often each ``(i, j)`` occurs, as an ``(n, m)`` int32 table."""
    return np.bincount(i * m + j, minlength=n * m).reshape(n, m).astype(np.int32)


def candidate_pairs(
    fingerprints: Sequence[Fingerprint],
    others: Sequence[Fingerprint] | None = None,
    config: IndexConfig | None = None,
) -> list[tuple[int, int]]:
    """Panel pairs worth verifying.

    Parameters
    ----------
    fingerprints : sequence of Fingerprint
    others : sequence of Fingerprint, optional
        When given, pairs ``(i, j)`` join ``fingerprints[i]`` with ``others[j]``;
        otherwise ``fingerprints`` is searched against itself and ``i < j``.
    config : IndexConfig, optional

    Returns
    -------
    list of (int, int)
        Sorted, unique. Independent of the argument order: swapping the two
        sequences swaps the pairs.
    """
    config = config or IndexConfig()
    self_search = others is None
    others = fingerprints if others is None else others
    n, m = len(fingerprints), len(others)
    if not n or not m:
        return []
    algorithms = {fp.algorithm for fp in fingerprints} | {fp.algorithm for fp in others}
    if len(algorithms) > 1:
        raise ValueError(f"cannot compare fingerprints of different algorithms: {algorithms}")

    hashes_a = np.stack([fp.phash for fp in fingerprints])
    hashes_b = np.stack([fp.phash for fp in others])
    # Symmetric by construction: a's identity against b's 8 orientations and back.
    hash_dist = np.minimum(hash_distances(hashes_a, hashes_b), hash_distances(hashes_b, hashes_a).T)
    chosen = hash_dist <= config.phash_distance

    if self_search:
        votes = descriptor_votes(fingerprints, others, config.vote_keypoints,
                                 config.vote_distance)
        votes = votes + votes.T  # both halves of the pair, exactly symmetric
    else:
        # Read from both sides so that swapping the two sets swaps the votes exactly.
        votes = descriptor_votes(fingerprints, others, config.vote_keypoints,
                                 config.vote_distance)
        votes = votes + descriptor_votes(others, fingerprints, config.vote_keypoints,
                                         config.vote_distance).T
    if self_search:
        np.fill_diagonal(votes, 0)
        np.fill_diagonal(chosen, False)
    eligible = votes >= config.min_votes
    chosen |= eligible & _top_per_row(votes, config.max_candidates)
    chosen |= eligible & _top_per_row(votes.T, config.max_candidates).T
    if self_search:
        chosen = np.triu(chosen | chosen.T, k=1)
    rows, cols = np.nonzero(chosen)
    logger.debug("candidate search: %d pairs of %d×%d panels", len(rows), n, m)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True)]


def _top_per_row(values: np.ndarray, count: int) -> np.ndarray:
    """Boolean mask of the ``count`` largest entries of each row (ties: lowest column)."""
    mask = np.zeros(values.shape, bool)
    if count <= 0 or values.shape[1] == 0:
        return mask
    count = min(count, values.shape[1])
    top = np.argsort(-values, axis=1, kind="stable")[:, :count]
    np.put_along_axis(mask, top, True, axis=1)
    return mask
