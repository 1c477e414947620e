"""Pixel statistics: the local variance alone is the one local_stats gives."""

import numpy as np

from forensics.pixels import local_stats, local_variance


def test_local_variance_is_local_stats_variance_to_the_bit():
    rng = np.random.default_rng(1)
    a = rng.normal(120, 40, (90, 130)).astype(np.float32)
    b = np.roll(a, 3, axis=1) + rng.normal(0, 5, a.shape).astype(np.float32)
    a[:20, :30] = 200.0  # a flat area: variance clipped at 0, not a rounding below it
    for window in (3, 9):
        _, var_a, var_b = local_stats(a, b, window)
        np.testing.assert_array_equal(local_variance(a, window), var_a)
        np.testing.assert_array_equal(local_variance(b, window), var_b)
        assert local_variance(a, window).dtype == np.float32
        assert local_variance(a, window).min() >= 0.0
    # A window over varied pixels has their variance (the window's mean square less
    # its squared mean), up to float32 rounding.
    patch = a[40:49, 60:69].astype(np.float64)
    assert abs(local_variance(a, 9)[44, 64] - patch.var()) < 1e-3 * patch.var()
