"""Colour: the hue of a region, and whether two matched regions differ in it.

A copy keeps every pixel's hue, whatever its tone, contrast or compression. Two
channels of one field of view (nuclei in blue, a marker in green) and a channel
beside its merge agree on shapes but not on hue: they are one experiment shown
twice on purpose, not a duplication.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from forensics.fingerprint import Fingerprint
from forensics.model import Panel
from forensics.pairs import panel_order, pixel_matrix, swap, warp_onto
from forensics.verify import Correspondence

__all__ = ["hue_mismatch", "other_channel", "region_hue"]


def region_hue(image: np.ndarray, region: tuple[float, float, float, float]) -> float | None:
    """Hue (degrees) of a pixel region of an RGB image, or None when it is grey.

    The hue is that of the summed opponent-colour vectors of the pixels, so white
    rules, grey text and black background add nothing and a fluorescence channel
    gives its dye's colour; a region whose colour is weak next to its brightness
    (blots, gels, grey micrographs) has no hue.
    """
    if image.ndim != 3:
        return None
    x0, y0, x1, y1 = (int(round(v)) for v in region)
    crop = image[max(0, y0):y1, max(0, x0):x1].reshape(-1, 3).astype(np.float64)
    if not len(crop):
        return None
    r, g, b = crop.T
    # Opponent axes: red-green and yellow-blue.
    rg, yb = r - g, (r + g) / 2.0 - b
    if np.hypot(rg, yb).sum() < 0.08 * crop.max(axis=1).sum():
        return None
    return math.degrees(math.atan2(yb.sum(), rg.sum()))


def other_channel(image_a: np.ndarray, region_a, image_b: np.ndarray, region_b,
                  min_hue: float) -> bool:
    """Whether two matched regions are differently coloured channels of one field."""
    if min_hue <= 0:
        return False
    hue_a, hue_b = region_hue(image_a, region_a), region_hue(image_b, region_b)
    if hue_a is None or hue_b is None:
        return False
    return abs((hue_a - hue_b + 180.0) % 360.0 - 180.0) >= min_hue


def _opponent(image: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Red-green and yellow-blue opponent axes of an RGB float image, and its brightness."""
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    return r - g, (r + g) / 2.0 - b, image.max(axis=2)


def hue_mismatch(panel_a: Panel, fp_a: Fingerprint, panel_b: Panel, fp_b: Fingerprint,
                 found: Correspondence, turned: bool = False) -> float:
    """Share of the bright, coloured pixels of a matched region whose hue differs by
    more than 45 degrees between the two panels, b mapped onto a (0 for grey images).

    A copy keeps each pixel's hue (re-toned, re-compressed or not). A channel and the
    merge it is part of agree on the channel's shapes while the merge adds the other
    channels' colours in places: green in one, white and magenta spots in the other.

    Judged in the frame of the copy with fewer pixels, whichever panel is given first:
    enlarged onto a copy five times its size, a small copy's JPEG colour blocks
    outgrow the blur and turn the hue of whole areas. Copies of one size are judged
    in the frame of the first panel by :func:`forensics.pairs.panel_order`; the
    frame is chosen once (``turned``: already chosen), since at one size the scale
    read back from the inverse map may fall a rounding error either side of 1.
    """
    if panel_a.image.ndim != 3 or panel_b.image.ndim != 3:
        return 0.0
    matrix = pixel_matrix(found, fp_a, fp_b)
    scale = math.sqrt(abs(float(np.linalg.det(matrix[:, :2]))))  # b pixels per a pixel
    one_size = abs(scale - 1.0) <= 1e-6
    if not turned and ((scale < 1.0 and not one_size) or (
            one_size and panel_order(panel_b, fp_b) < panel_order(panel_a, fp_a))):
        return hue_mismatch(panel_b, fp_b, panel_a, fp_a, swap(found), turned=True)
    warped, valid = warp_onto(panel_b.image, matrix, panel_a.image.shape[:2])
    x0, y0, x1, y1 = (int(round(v)) for v in found.region_a)
    x0, y0 = max(0, x0), max(0, y0)
    # Blur: resampling and JPEG chroma blocks shift hue along edges, not over areas.
    a = cv2.GaussianBlur(panel_a.image.astype(np.float32), (0, 0), 1.5)[y0:y1, x0:x1]
    b = cv2.GaussianBlur(warped, (0, 0), 1.5)[y0:y1, x0:x1]
    inside = cv2.erode(valid[y0:y1, x0:x1].astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    rg_a, yb_a, bright_a = _opponent(a)
    rg_b, yb_b, bright_b = _opponent(b)
    coloured = (inside & (np.hypot(rg_a, yb_a) > 0.3 * np.maximum(bright_a, 1.0))
                & (np.hypot(rg_b, yb_b) > 0.3 * np.maximum(bright_b, 1.0))
                & (bright_a > 50) & (bright_b > 50))
    if coloured.sum() < 50:
        return 0.0
    turn = np.degrees(np.arctan2(yb_a, rg_a) - np.arctan2(yb_b, rg_b))
    turn = np.abs((turn + 180.0) % 360.0 - 180.0)
    return float((turn[coloured] > 45.0).mean())
