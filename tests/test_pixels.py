"""Pixel statistics: the local variance alone is the one local_stats gives; a copy's
fine detail agrees only where it is aligned, a look-alike's wherever its layout repeats."""

import cv2
import numpy as np

from forensics.pixels import alignment_margin, detail, local_stats, local_variance, straight_edges


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


def _banded(rng: np.random.Generator, grain: float) -> np.ndarray:
    """A blot: eight lanes 16 px apart of one dark band each, in the same rows, soft
    edges, and film grain of its own."""
    image = np.full((80, 150), 200.0, np.float32)
    for lane in range(8):
        image[30:42, 10 + 16 * lane:21 + 16 * lane] = 60.0
    image = cv2.GaussianBlur(image, (0, 0), 1.5)
    return image + rng.normal(0, grain, image.shape).astype(np.float32)


def test_a_copy_agrees_aligned_and_nowhere_else():
    rng = np.random.default_rng(3)
    blot = _banded(rng, 6.0)
    copy = blot + rng.normal(0, 2.0, blot.shape).astype(np.float32)  # recompressed
    margin = alignment_margin(detail(blot), detail(copy))
    assert margin is not None and margin > 0.3


def test_look_alike_blots_agree_as_well_shifted_by_a_lane():
    """Bands in the same rows, each blot with its own grain: the edges agree aligned
    and one lane over alike, and the grain nowhere."""
    rng = np.random.default_rng(3)
    margin = alignment_margin(detail(_banded(rng, 6.0)), detail(_banded(rng, 6.0)))
    assert margin is not None and margin < 0.1


def test_alignment_margin_needs_room_to_shift():
    flat = np.zeros((12, 12), np.float32)
    assert alignment_margin(flat, flat) is None


def test_straight_edges_are_frames_and_rules_not_image_edges():
    image = np.full((100, 100), 40.0, np.float32)
    image[:, 48:51] = 255.0  # a white gutter, the full height
    cv2.circle(image, (20, 30), 12, 200.0, -1)  # a round cell: curved edges
    mask = straight_edges(image, 30, 1)
    assert mask[50, 47] and mask[50, 51]  # both sides of the gutter
    assert not mask[30, 8] and not mask[18, 20]  # the cell's rim
