"""Hamming-space search: neighbours and close pairs exact, bad input refused."""

import numpy as np
import pytest

from forensics.hamming import close_pairs, nearest_neighbours, ratio_matches


def _bits(seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 256, (23, 32), dtype=np.uint8)
    b = rng.integers(0, 256, (41, 32), dtype=np.uint8)
    b[0] = ~a[0]  # all 256 bits differ: more than a byte holds
    b[1] = a[1]
    b[2] = a[2]
    b[2, :5] ^= 0xFF  # exactly 40 bits differ
    b[3] = a[2]
    b[3, :5] ^= 0xFF
    b[3, 5] ^= 1  # 41 bits
    distances = np.unpackbits(a[:, None, :] ^ b[None, :, :], axis=2).sum(axis=2)
    return a, b, distances


def test_nearest_neighbours_are_the_closest_rows():
    a, b, distances = _bits(4)
    got_distance, got_index = nearest_neighbours(a, b, 3)
    assert got_distance.shape == got_index.shape == (23, 3)
    np.testing.assert_array_equal(got_distance, np.sort(distances, axis=1)[:, :3])
    np.testing.assert_array_equal(np.take_along_axis(distances, got_index, axis=1),
                                  got_distance)
    assert got_index[1, 0] == 1 and got_distance[1, 0] == 0
    assert nearest_neighbours(a, b, 41)[0][0, -1] == 256


def test_close_pairs_are_every_pair_within_the_distance():
    a, b, distances = _bits(5)
    rows, cols = close_pairs(a, b, 40)
    expected = set(zip(*np.nonzero(distances <= 40)))
    assert set(zip(rows.tolist(), cols.tolist())) == expected
    assert (2, 2) in expected and (2, 3) not in expected  # 40 bits in, 41 out
    assert list(rows) == sorted(rows)


def test_hamming_search_refuses_bad_input():
    rows = np.zeros((3, 32), np.uint8)
    assert [len(x) for x in close_pairs(rows[:0], rows, 10)] == [0, 0]
    assert [len(x) for x in close_pairs(rows, rows[:0], 10)] == [0, 0]
    with pytest.raises(ValueError, match="bit widths differ"):
        close_pairs(rows, np.zeros((3, 16), np.uint8), 10)
    with pytest.raises(ValueError, match="multiple of 8"):
        nearest_neighbours(np.zeros((3, 5), np.uint8), rows, 1)
    with pytest.raises(ValueError, match="k must be"):
        nearest_neighbours(rows, rows, 4)


def test_ratio_matches_keep_clear_winners_and_skip_a_row_itself():
    a, b, distances = _bits(6)
    rows, cols = ratio_matches(a, b, 0.8)
    ordered = np.sort(distances, axis=1)
    clear = np.flatnonzero(ordered[:, 0] < 0.8 * ordered[:, 1])
    np.testing.assert_array_equal(rows, clear)
    np.testing.assert_array_equal(cols, distances[clear].argmin(axis=1))
    assert 1 in rows and cols[list(rows).index(1)] == 1  # b[1] is a[1] exactly

    # Against itself, a row's own copy does not count: a[1] duplicated matches its twin.
    own = np.vstack([a, a[1]])
    rows, cols = ratio_matches(own, own, 0.8, same=True)
    assert dict(zip(rows.tolist(), cols.tolist()))[1] == len(a)
    assert all(r != c for r, c in zip(rows, cols))
