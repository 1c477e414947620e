"""Hamming-space search: distances exact, whatever the block size."""

import numpy as np
import pytest

from forensics.index import hamming_matrix


@pytest.mark.parametrize("block_rows", [1, 7, 256])
def test_hamming_matrix_counts_every_differing_bit(block_rows):
    rng = np.random.default_rng(4)
    a = rng.integers(0, 256, (23, 32), dtype=np.uint8)
    b = rng.integers(0, 256, (41, 32), dtype=np.uint8)
    b[0] = ~a[0]  # all 256 bits differ: more than a byte holds
    b[1] = a[1]
    expected = np.unpackbits(a[:, None, :] ^ b[None, :, :], axis=2).sum(axis=2)
    got = hamming_matrix(a, b, block_rows=block_rows)
    assert got.dtype == np.uint16 and got.shape == (23, 41)
    np.testing.assert_array_equal(got, expected)
    assert got[0, 0] == 256 and got[1, 1] == 0


def test_hamming_matrix_empty_and_bad_input():
    rows = np.zeros((3, 32), np.uint8)
    assert hamming_matrix(rows[:0], rows).shape == (0, 3)
    assert hamming_matrix(rows, rows[:0]).shape == (3, 0)
    with pytest.raises(ValueError, match="bit widths differ"):
        hamming_matrix(rows, np.zeros((3, 16), np.uint8))
    with pytest.raises(ValueError, match="multiple of 8"):
        hamming_matrix(np.zeros((3, 5), np.uint8), rows)
