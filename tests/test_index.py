"""Candidate search: the descriptor votes are the counts their definition gives."""

import numpy as np
import pytest

from forensics import index
from forensics.fingerprint import fingerprint_image
from forensics.index import descriptor_votes


def _textures():
    """Four panels: a texture, a crop of it, its mirror image, and an unrelated one."""
    rng = np.random.default_rng(3)
    base = rng.integers(0, 256, (40, 60), dtype=np.uint8)
    big = np.kron(base, np.ones((5, 5), np.uint8))  # blocks: corners ORB can hold
    other = np.kron(rng.integers(0, 256, (40, 60), dtype=np.uint8), np.ones((5, 5), np.uint8))
    return [big, big[30:170, 40:260].copy(), big[:, ::-1].copy(), other]


def _brute_votes(prints, keypoints, max_distance):
    """``descriptor_votes`` by its docstring, with every distance computed."""
    def within(a, b):
        if not len(a) or not len(b):
            return np.zeros((len(a), len(b)), bool)
        return np.unpackbits(a[:, None, :] ^ b[None, :, :], axis=2).sum(axis=2) <= max_distance

    n = len(prints)
    votes = np.zeros((n, n), np.int64)
    for i, fi in enumerate(prints):
        query = fi.descriptors[:keypoints]
        for j, fj in enumerate(prints):
            k = min(len(fj.descriptors), len(fj.mirror_descriptors), keypoints)
            targets = np.concatenate([fj.descriptors[:k], fj.mirror_descriptors[:k]])
            close = within(query, targets)
            forward = int(close.any(axis=1).sum())
            backward = int((close[:, :k] | close[:, k:]).any(axis=0).sum())
            votes[i, j] = forward + backward
    return votes


@pytest.mark.parametrize("table_cells", [20_000_000, 0], ids=["table", "sort"])
def test_descriptor_votes_count_shared_descriptors_both_ways(monkeypatch, table_cells):
    # Two ways to count each (descriptor, panel) pair once: a table marked in memory,
    # and distinct codes by a sort when the table would be too large (a corpus).
    monkeypatch.setattr(index, "_TABLE_CELLS", table_cells)
    prints = [fingerprint_image(t) for t in _textures()]
    assert all(len(fp.descriptors) > 20 for fp in prints)
    for keypoints, distance in ((256, 40), (32, 20)):
        votes = descriptor_votes(prints, prints, keypoints, distance)
        assert votes.dtype == np.int32
        np.testing.assert_array_equal(votes, _brute_votes(prints, keypoints, distance))
    # Panels with no descriptor at all among the others: their rows and columns are 0.
    blank = fingerprint_image(np.full((120, 160), 128, np.uint8))
    assert not len(blank.descriptors)
    mixed = [blank, *prints[:2], blank, prints[3], blank]
    votes = descriptor_votes(mixed, mixed, 256, 40)
    np.testing.assert_array_equal(votes, _brute_votes(mixed, 256, 40))
    votes = descriptor_votes(prints, prints, 256, 40)
    # The crop and the mirror image share many descriptors with the texture; the
    # unrelated texture shares few.
    assert votes[0, 1] > 5 * max(1, votes[0, 3]) and votes[0, 2] > 5 * max(1, votes[0, 3])
