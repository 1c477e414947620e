"""The grain test: copies repeat the grain of their flat pixels, look-alikes do not."""

from __future__ import annotations

import cv2
import numpy as np

from forensics.pixels import GRAIN_Z, grain_agreement, grain_independent


def _membrane(seed: int, shape=(120, 160), noise: float = 3.0) -> np.ndarray:
    """A light blot membrane: a smooth tone plus film grain."""
    rng = np.random.default_rng(seed)
    smooth = cv2.GaussianBlur(rng.normal(0, 20, shape).astype(np.float32), (0, 0), 15)
    return (200 + smooth + rng.normal(0, noise, shape)).astype(np.float32)


def test_a_copy_repeats_its_grain_through_re_toning_and_jpeg():
    a = _membrane(0, noise=5.0)
    toned = 0.8 * a + 30  # a contrast and brightness change
    ok, buf = cv2.imencode(".jpg", np.clip(toned, 0, 255).astype(np.uint8),
                           [cv2.IMWRITE_JPEG_QUALITY, 60])
    b = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE).astype(np.float32)
    flat = np.ones(a.shape, bool)
    correlation, samples = grain_agreement(a, b, flat, 1.0)
    assert correlation * np.sqrt(samples) > 3 * GRAIN_Z
    assert not grain_independent(correlation, samples)


def test_look_alikes_have_their_own_grain():
    # Two membranes with the same smooth tone (the shared shape) and independent grain.
    a = _membrane(0)
    b = _membrane(0, noise=0.0) + (np.random.default_rng(7).normal(0, 3.0, a.shape))
    correlation, samples = grain_agreement(a, b.astype(np.float32), np.ones(a.shape, bool), 1.0)
    assert abs(correlation) < 0.1
    assert grain_independent(correlation, samples)


def test_too_little_grain_or_too_few_samples_is_no_verdict():
    a = _membrane(0)
    b = _membrane(1)
    small = np.zeros(a.shape, bool)
    small[:10, :10] = True  # 100 pixels: a copy's grain could not show there
    assert not grain_independent(*grain_agreement(a, b, small, 1.0))
    # JPEG at quality 60 leaves grain of 3 grey levels below a grey level: no verdict.
    ok, buf = cv2.imencode(".jpg", np.clip(a, 0, 255).astype(np.uint8),
                           [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert grain_agreement(a, cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE).astype(np.float32),
                           np.ones(a.shape, bool), 1.0) == (0.0, 0.0)
    # Quantised flat fields (page white, a clipped or re-compressed dark ground) hold
    # no grain to compare.
    flat_a, flat_b = np.full(a.shape, 120.0, np.float32), np.full(a.shape, 120.0, np.float32)
    assert grain_agreement(flat_a, flat_b, np.ones(a.shape, bool), 1.0) == (0.0, 0.0)
