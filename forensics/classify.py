"""What a panel shows: image data (continuous tone) or graphics (flat fills, strokes).

A sleuth tells a micrograph from a chart at a glance by its tone: image data varies
a little everywhere (grain, shading, texture, the soft edge of a band), graphics are
flat fills bounded by sharp strokes, with variation only along their edges. This
module measures that cue and nothing else:

- :func:`tone_mask`: pixels of continuous tone, not page white: varying by a few grey
  levels within their 3 x 3 neighbourhood (at least :data:`GRAIN`, at most
  :data:`SHARP` levels) and not within two pixels of a sharp edge (anti-aliasing
  and JPEG ringing vary softly too, but only there); or, fine texture, with no flat
  area (range at most :data:`FLAT`) within two pixels;
- :func:`tone_share`: the share of a region's pixels that are continuous tone;
- :func:`classify_panel`: ``"image"`` when continuous tone covers at least
  :data:`MIN_TONE_AREA` square points of the panel (a small thumbnail of a blot or
  micrograph holds that much), else ``"graphics"``.

Images are ``(rows, cols, 3)`` uint8 arrays; print over them should be painted out
first (:mod:`forensics.overlay`).
"""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["tone_mask", "tone_share", "classify_panel", "GRAIN", "SHARP", "MIN_TONE_AREA"]

#: Least and most grey-level range in a 3 x 3 neighbourhood of continuous tone.
GRAIN, SHARP = 2, 50
#: Continuous tone (square points) that makes a panel image data.
MIN_TONE_AREA = 60.0
#: Grey-level range of a flat fill's 3 x 3 neighbourhood (JPEG noise included).
FLAT = 8
#: Page white: every channel at least this.
WHITE = 235


def tone_mask(image: np.ndarray) -> np.ndarray:
    """Pixels of continuous tone (see the module docstring).

    Parameters
    ----------
    image : (rows, cols, 3) uint8 ndarray

    Returns
    -------
    (rows, cols) bool ndarray
    """
    grey = image.astype(np.float32).mean(axis=2)
    k, k5 = np.ones((3, 3), np.uint8), np.ones((5, 5), np.uint8)
    spread = cv2.dilate(grey, k) - cv2.erode(grey, k)
    inked = image.min(axis=2) < WHITE
    sharp = cv2.dilate((spread > SHARP).astype(np.uint8), k5).astype(bool)
    soft = (spread >= GRAIN) & (spread <= SHARP) & ~sharp
    # Fine texture (cells, tissue at print scale) is sharp everywhere; what sets it apart
    # from strokes is that no flat area lies beside it.
    flat = cv2.morphologyEx((spread <= FLAT).astype(np.uint8), cv2.MORPH_OPEN, k5)
    textured = ~cv2.dilate(flat, k5).astype(bool)
    return (soft | textured) & inked


def tone_share(image: np.ndarray) -> float:
    """Share of an image's pixels that are continuous tone (0 for an empty image)."""
    return float(tone_mask(image).mean()) if image.size else 0.0


def classify_panel(image: np.ndarray, scale: float) -> str:
    """``"image"`` or ``"graphics"``: whether continuous tone covers
    :data:`MIN_TONE_AREA` square points of the panel.

    Parameters
    ----------
    image : (rows, cols, 3) uint8 ndarray
        The panel, print painted out.
    scale : float
        Pixels per point.
    """
    if image.size == 0:
        return "graphics"
    area = float(tone_mask(image).sum()) / (scale * scale)
    return "image" if area >= MIN_TONE_AREA else "graphics"
