"""Clones under a flip, a rotation or a rescale: a region pasted turned inside its panel.

:func:`forensics.clones.find_clones` looks for a region repeated at one displacement,
which is what a plain copy-move is; a paste that was mirrored, turned or resized
repeats its content under a map that is no displacement, and no offset search sees
it. Here the panel is matched with itself as :mod:`forensics.verify` matches two
panels:

1. each keypoint's descriptor is matched (Lowe's ratio test, the keypoint itself
   left out) with the panel's own direct descriptors, which finds a turned or
   rescaled paste (ORB descriptors are rotation-invariant and taken over a pyramid),
   and with its mirrored descriptors, which finds a mirrored one;
2. RANSAC fits a similarity to the matches that move a keypoint by more than
   :data:`MIN_SHIFT` (a corner seen at two pyramid levels matches itself);
3. the panel, warped by that map, is compared with itself pixel by pixel exactly as
   two panels are (local correlation of the grey levels and of the fine detail:
   a paste keeps its grain, a look-alike cell does not), and the agreeing region
   around the inliers is the copy; its image under the map is the other copy.

What is left to :func:`~forensics.clones.find_clones`: a map that is a plain
displacement (no flip, no turn of :data:`MIN_TURN` degrees or more, no rescale by
:data:`MIN_RESCALE` or more), since its search judges those with more care (the
uniqueness of the paste among look-alikes). The two copies must stand apart by a
correlation window at least: a symmetric object (a band, a round cell) matches its
own mirror image across its axis, halves side by side.
"""

from __future__ import annotations

import math

import numpy as np

from forensics.fingerprint import Fingerprint
from forensics.hamming import ratio_matches
from forensics.settings import VerifyConfig
from forensics.similarity import homogeneous, mirror_matrix, plausible_fit
from forensics.verify import Correspondence, build_correspondence, dense_check

__all__ = ["turned_clones"]

#: Least displacement (work pixels) of a self-match: about an ORB patch. Nearer, a
#: keypoint matches its own corner found at another pyramid level.
MIN_SHIFT = 16.0
#: Maps fitted per kind (direct, mirrored), each to the matches the others leave.
MAX_MAPS = 3
#: Least turn (degrees) for a map to be a turned paste, not a displacement.
MIN_TURN = 2.0
#: Least relative change of scale for a map to be a rescaled paste.
MIN_RESCALE = 0.06


def turned_clones(fp: Fingerprint, config: VerifyConfig) -> list[Correspondence]:
    """Regions of one panel repeated in it mirrored, turned or rescaled.

    Parameters
    ----------
    fp : Fingerprint
        The panel's fingerprint (:func:`forensics.fingerprint.fingerprint_image`).
    config : VerifyConfig
        The thresholds of pair verification, applied as to two panels.

    Returns
    -------
    list of Correspondence
        At most one per kind of map (direct, mirrored), scoring ``config.min_score``
        or more; ``region_a`` is the copy the map starts from, in pixels of the panel.
    """
    found: list[Correspondence] = []
    if len(fp.descriptors) < 2 * config.min_inliers:
        return found
    for mirrored in (False, True):
        base = fp.mirror_descriptors if mirrored else fp.descriptors
        base_points = fp.mirror_points if mirrored else fp.points
        rows, cols = ratio_matches(fp.descriptors, base, config.ratio, same=not mirrored)
        if mirrored:
            keep = rows != cols  # a symmetric patch matches its own mirror image
            rows, cols = rows[keep], cols[keep]
        far = np.linalg.norm(fp.points[rows] - fp.points[cols], axis=1) >= MIN_SHIFT
        rows, cols = rows[far], cols[far]
        if len(rows) < config.min_inliers:
            continue
        points_a, points_b = fp.points[rows], base_points[cols]
        # A panel holds repeated structure besides a paste (two fields of one slide,
        # a symmetric drawing): the strongest map may be another's, so the next ones
        # are fitted to the matches it leaves.
        for _ in range(MAX_MAPS):
            fitted = plausible_fit(points_a, points_b, config)
            if fitted is None:
                break
            matrix, inlier_mask, pa, pb = fitted
            residual = np.linalg.norm(points_a @ matrix[:, :2].T + matrix[:, 2] - points_b,
                                      axis=1)
            left = residual > config.ransac_threshold
            points_a, points_b = points_a[left], points_b[left]
            result = _judged(fp, matrix, inlier_mask, pa, pb, mirrored, config)
            if result is not None:
                found.append(result)
                break
            if len(points_a) < config.min_inliers:
                break
    return found


def _judged(fp: Fingerprint, matrix: np.ndarray, inlier_mask: np.ndarray, pa: np.ndarray,
            pb: np.ndarray, mirrored: bool, config: VerifyConfig) -> Correspondence | None:
    """The pixel check of one fitted map (``pb`` in the mirrored frame when
    ``mirrored``), as between two panels; None unless it is a turned paste."""
    inliers = int(inlier_mask.sum())
    pairs = np.hstack([pa[inlier_mask], pb[inlier_mask]]).astype(np.float64)
    if mirrored:
        matrix = (mirror_matrix(fp.gray.shape[1]) @ homogeneous(matrix))[:2]
        pairs[:, 2] = fp.gray.shape[1] - 1.0 - pairs[:, 2]
    elif not _turned(matrix):
        return None  # a displacement: find_clones judges those
    dense = dense_check(fp.gray, fp.gray, matrix, pa[inlier_mask], config, config.local_ncc)
    if dense is None:
        return None
    result = build_correspondence(fp, fp, dense.matrix, inliers, dense, config, pairs)
    if result is None or result.score < config.min_score or _overlapping(
            result, config.window / fp.work_scale):
        return None
    return result


def _turned(matrix: np.ndarray) -> bool:
    """Whether a direct a→b map turns or rescales (is more than a displacement)."""
    linear = matrix[:, :2]
    scale = math.sqrt(abs(float(np.linalg.det(linear))))
    angle = math.degrees(math.atan2(linear[1, 0], linear[0, 0]))
    return abs(angle) >= MIN_TURN or abs(scale - 1.0) >= MIN_RESCALE


def _overlapping(found: Correspondence, margin: float) -> bool:
    """Whether the two copies, each grown by ``margin`` pixels, share pixels: a pattern
    mapped onto itself, or a symmetric object (a band, a cell) onto its own mirror
    image across its axis, which puts the two halves side by side."""
    ax0, ay0, ax1, ay1 = found.region_a
    bx0, by0, bx1, by1 = found.region_b
    width = min(ax1, bx1) - max(ax0, bx0) + 2 * margin
    height = min(ay1, by1) - max(ay0, by0) + 2 * margin
    return width > 0 and height > 0
