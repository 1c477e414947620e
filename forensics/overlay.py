"""Printed marks over an image: labels, letters, scale bars and their numbers.

A figure's authors letter their micrographs and blots in the pixels ("10 µm" under a
white scale bar, "DAPI" in a corner, "kDa" markers beside a blot). The same label in
the same place of two different images is the commonest false agreement there is:
its glyphs are all corners, and keypoint matching rewards corners. An analyst reads
such marks as print, not as data, and so does this module, by their form:

- they are set in the extreme tone against their surroundings (white on a dark
  image, black on a light one);
- their strokes are thin: no more than :data:`MAX_STROKE` points from the middle
  of a stroke to its edge (a glyph of a bold 16 pt face), where a band of a blot,
  a nucleus or a cell is thicker;
- they are no taller than a line of large print, or they are a bar (a scale bar:
  long, straight and at most :data:`MAX_BAR` points thick).

:func:`overlay_mask` finds them; :func:`paint_out` fills them from their
surroundings (OpenCV's inpainting), so that neither keypoints, hashes nor the
dense pixel comparison see them. Images are ``(rows, cols, 3)`` uint8 arrays.
"""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["overlay_mask", "paint_out", "MAX_STROKE", "MAX_BAR", "MAX_HEIGHT"]

#: Half the width of a stroke of print, at most (points).
MAX_STROKE = 0.9
#: A scale bar is at most this thick (points) and :data:`BAR_ASPECT` times as long.
MAX_BAR = 3.0
BAR_ASPECT = 5.0
#: Glyphs and words of print are at most this tall (points).
MAX_HEIGHT = 16.0


def overlay_mask(image: np.ndarray, scale: float) -> np.ndarray:
    """Pixels of print set over an image (see the module docstring).

    Parameters
    ----------
    image : (rows, cols, 3) uint8 ndarray
        A panel's pixels.
    scale : float
        Pixels per point.

    Returns
    -------
    (rows, cols) bool ndarray
        True on the print, grown by a pixel to take its anti-aliased edge.
    """
    rows, cols = image.shape[:2]
    out = np.zeros((rows, cols), bool)
    if rows < 3 or cols < 3:
        return out
    lo, hi = image.min(axis=2), image.max(axis=2)
    for extreme in (lo > 200, hi < 60):
        out |= _printed(extreme, image, scale)
    if out.any():
        out = cv2.dilate(out.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    return out


def _printed(extreme: np.ndarray, image: np.ndarray, scale: float) -> np.ndarray:
    """Components of ``extreme`` tone shaped like print, on a contrasting ground."""
    found = np.zeros(extreme.shape, bool)
    if not extreme.any() or extreme.mean() > 0.5:
        return found  # the ground itself (a white page, a black field)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(extreme.astype(np.uint8), connectivity=8)
    dist = cv2.distanceTransform(extreme.astype(np.uint8), cv2.DIST_L2, 3)
    grey = image.mean(axis=2)
    for k in range(1, n):
        x, y, w, h, count = (int(v) for v in stats[k])
        if count < 3:
            continue
        long_side, short_side = max(w, h), min(w, h)
        # A scale bar is a solid, evenly toned rectangle; a blot's band is not.
        bar = (short_side <= MAX_BAR * scale and long_side >= BAR_ASPECT * short_side
               and count >= 0.95 * w * h
               and float(grey[y:y + h, x:x + w].std()) < 20)
        if not bar and h > MAX_HEIGHT * scale:
            continue
        part = labels[y:y + h, x:x + w] == k
        if not bar and float(dist[y:y + h, x:x + w][part].max()) > MAX_STROKE * scale:
            continue
        # Print contrasts with what is around it: the ring's tone is far from its own.
        m = max(2, round(scale))
        y0, x0 = max(0, y - m), max(0, x - m)
        ring = grey[y0:y + h + m, x0:x + w + m]
        inside = np.zeros(ring.shape, bool)
        inside[y - y0:y - y0 + h, x - x0:x - x0 + w] = part
        if abs(float(np.median(ring[~inside])) - float(grey[y:y + h, x:x + w][part].mean())) < 80:
            continue
        found[y:y + h, x:x + w] |= part
    return found


def paint_out(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The image with the masked pixels filled smoothly from their surroundings."""
    if not mask.any():
        return image
    return cv2.inpaint(np.ascontiguousarray(image), mask.astype(np.uint8), 3, cv2.INPAINT_TELEA)
