"""The two sides of a finding brought into one frame, and their difference image.

Image sleuths check a suspected copy by aligning the two images and subtracting one
from the other: a copy leaves dark, grainless noise (compression, resampling), two
images that only look alike leave their structure in bright lines. The alignment is
the finding's own: a similarity fitted to its matched points (page a → page b), or,
for findings without points (clones, blot strips compared pixel by pixel), the
transform's flip and rotation with the scale and shift that carry region a onto
region b. A sub-pixel phase correlation then removes what the rendering shifted, and a
linear tone fit removes re-toning (brightness, contrast), which a copy may carry and
which is not what the reader is asked to judge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from forensics.geometry import area
from forensics.model import Match
from forensics.report.crops import Crop

__all__ = ["DIFFERENCE_GAIN", "Difference", "difference_image", "page_alignment"]

#: Grey levels of difference are multiplied by this before display: 64 levels of 255
#: show as white. A fixed gain (never stretched to the image) keeps a copy's residual
#: dark and makes cards comparable with each other.
DIFFERENCE_GAIN = 4.0
#: Colour (RGB) of the part of region a that b does not cover.
UNCOVERED = (40, 60, 110)


@dataclass(frozen=True, eq=False)
class Difference:
    """The difference image of a finding's aligned regions.

    ``image`` is RGB: ``|a - b|`` in grey times :data:`DIFFERENCE_GAIN`, and
    :data:`UNCOVERED` where b does not reach. ``mean`` is the mean absolute difference
    over the covered pixels and ``contrast`` the standard deviation of a's grey levels
    there (both in grey levels of 255): a copy's ``mean`` is a small share of its
    ``contrast``.
    """

    image: np.ndarray
    mean: float
    contrast: float


def page_alignment(match: Match) -> np.ndarray | None:
    """The 2 x 3 map from page points of side a to page points of side b; None when
    the finding has neither matched points nor both regions."""
    points = np.asarray(match.points, np.float32).reshape(-1, 4)
    if len(points) >= 3:
        # A similarity has no reflection: a flipped copy is fitted from a's points
        # mirrored, and the mirror put back in front.
        mirror = np.diag([-1.0, 1.0]) if match.transform.flip else np.eye(2)
        source = np.ascontiguousarray(points[:, :2] @ mirror.T.astype(np.float32))
        matrix, _ = cv2.estimateAffinePartial2D(source, np.ascontiguousarray(points[:, 2:]),
                                                method=cv2.LMEDS)
        if matrix is not None:
            return np.hstack([matrix[:, :2] @ mirror, matrix[:, 2:]])
    ra, rb = match.region_a, match.region_b
    if ra is None or rb is None or area(ra) <= 0:
        return None
    # The transform's scale is in panel pixels; the regions give it in page points.
    linear = (math.sqrt(area(rb) / area(ra)) if match.kind != "clone" else 1.0) \
        * match.transform.linear()
    centre_a = np.array([(ra[0] + ra[2]) / 2, (ra[1] + ra[3]) / 2])
    centre_b = np.array([(rb[0] + rb[2]) / 2, (rb[1] + rb[3]) / 2])
    return np.hstack([linear, (centre_b - linear @ centre_a)[:, None]])


def _homogeneous(matrix: np.ndarray) -> np.ndarray:
    return np.vstack([matrix, [0.0, 0.0, 1.0]])


def _grey(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32)


def difference_image(crop_a: Crop, crop_b: Crop, match: Match,
                     longest_px: int = 300) -> Difference | None:
    """Side b brought onto region a of side a, and their difference.

    Parameters
    ----------
    crop_a, crop_b : Crop
        The two sides' pixels (the same crop twice for a clone), without outlines.
    match : Match
        The finding: its region a, matched points or transform give the alignment.
    longest_px : int
        The difference image is reduced to this longest side.

    Returns
    -------
    Difference or None
        None when the finding gives no alignment, or region a is under 8 pixels a side
        in ``crop_a``.
    """
    page_map = page_alignment(match)
    if page_map is None or match.region_a is None:
        return None
    rows, cols = crop_a.image.shape[:2]
    (left, top), (right, bottom) = np.round(crop_a.to_pixels(match.region_a)).astype(int)
    left, top = max(0, int(left)), max(0, int(top))
    right, bottom = min(cols, int(right)), min(rows, int(bottom))
    if right - left < 8 or bottom - top < 8:
        return None
    # Pixels of region a → page a → page b → pixels of b.
    to_page = np.array([[1 / crop_a.scale, 0, crop_a.origin[0] + left / crop_a.scale],
                        [0, 1 / crop_a.scale, crop_a.origin[1] + top / crop_a.scale],
                        [0, 0, 1]])
    to_b = np.array([[crop_b.scale, 0, -crop_b.origin[0] * crop_b.scale],
                     [0, crop_b.scale, -crop_b.origin[1] * crop_b.scale], [0, 0, 1]])
    pixel_map = (to_b @ _homogeneous(page_map) @ to_page)[:2]
    grey_a = _grey(crop_a.image)[top:bottom, left:right]
    grey_b = _grey(crop_b.image)
    size = (right - left, bottom - top)
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP

    def warp(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        warped = cv2.warpAffine(grey_b, matrix, size, flags=flags)
        covered = cv2.warpAffine(np.ones(grey_b.shape, np.uint8), matrix, size,
                                 flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP)
        return warped, cv2.erode(covered, np.ones((3, 3), np.uint8)).astype(bool)

    warped, valid = warp(pixel_map)
    if valid.sum() < 64:
        return None
    residual = _residual(grey_a, warped, valid)
    # What rendering and rounding shifted: keep a sub-pixel correction when it helps.
    (dx, dy), _ = cv2.phaseCorrelate(grey_a, warped, cv2.createHanningWindow(size, cv2.CV_32F))
    if math.hypot(dx, dy) < 4:
        shifted = pixel_map @ _homogeneous(np.array([[1.0, 0, dx], [0, 1.0, dy]]))
        warped2, valid2 = warp(shifted)
        residual2 = _residual(grey_a, warped2, valid2) if valid2.sum() >= 64 else None
        if residual2 is not None and residual2[1] < residual[1]:
            warped, valid, residual = warped2, valid2, residual2
    difference, mean = residual
    shown = np.clip(difference * DIFFERENCE_GAIN, 0, 255).astype(np.uint8)
    image = cv2.cvtColor(shown, cv2.COLOR_GRAY2RGB)
    image[~valid] = UNCOVERED
    shrink = min(1.0, longest_px / max(image.shape[:2]))
    if shrink < 1.0:
        small = (max(1, round(size[0] * shrink)), max(1, round(size[1] * shrink)))
        image = cv2.resize(image, small, interpolation=cv2.INTER_AREA)
    return Difference(image, round(mean, 2), round(float(grey_a[valid].std()), 2))


def _residual(grey_a: np.ndarray, warped: np.ndarray, valid: np.ndarray
              ) -> tuple[np.ndarray, float]:
    """``|a - (g b + o)|`` with the tone ``g, o`` fitted over the covered pixels, and
    its mean there."""
    a, b = grey_a[valid].astype(np.float64), warped[valid].astype(np.float64)
    mean_a, mean_b = float(a.mean()), float(b.mean())
    spread = float(((b - mean_b) ** 2).mean())
    # Least squares a ≈ gain b + offset, in closed form.
    gain = float(((a - mean_a) * (b - mean_b)).mean()) / spread if spread > 1.0 else 1.0
    offset = mean_a - gain * mean_b
    difference = np.abs(grey_a - (gain * warped + offset))
    return difference, float(difference[valid].mean())
