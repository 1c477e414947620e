"""The geometry of a match: a similarity (with an optional mirror) fitted to matched
keypoints, and its name as flip, rotation and scale.

:func:`plausible_fit` fits, by RANSAC, a similarity (rotation, uniform scale,
translation) to point matches and refuses one that collapses a panel onto a point;
:func:`mirror_matrix` turns a fit made on mirrored keypoints into a map that mirrors;
:func:`describe_transform` names a map's linear part as
:class:`forensics.model.Transform` (the convention is :mod:`forensics.verify`'s).
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from forensics.model import Transform
from forensics.settings import VerifyConfig

__all__ = ["describe_transform", "fit_similarity", "homogeneous", "mirror_matrix",
           "plausible_fit"]


def fit_similarity(
    points_a: np.ndarray, points_b: np.ndarray, config: VerifyConfig
) -> tuple[np.ndarray | None, np.ndarray]:
    matrix, mask = cv2.estimateAffinePartial2D(
        points_a, points_b, method=cv2.RANSAC,
        ransacReprojThreshold=config.ransac_threshold,
        maxIters=2000, confidence=0.995, refineIters=10,
    )
    if matrix is None or mask is None:
        return None, np.zeros(len(points_a), bool)
    return matrix, mask.ravel().astype(bool)


def plausible_fit(
    points_a: np.ndarray, points_b: np.ndarray, config: VerifyConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """A similarity fitted to matched points, with its inlier mask and the points of
    ``a`` and ``b`` it was fitted to, when it has ``min_inliers`` inliers and a scale within
    ``max_scale``; else None.

    In a row of look-alike bands many keypoints of one panel match the same band of
    the other, and RANSAC can collapse the whole panel onto it (scale near 0). Those
    matches are dropped and the fit tried again.
    """
    for _ in range(1 + config.refits):
        matrix, inlier_mask = fit_similarity(points_a, points_b, config)
        if matrix is None or int(inlier_mask.sum()) < config.min_inliers:
            return None
        scale = math.sqrt(abs(float(np.linalg.det(matrix[:, :2]))))
        if 1.0 / config.max_scale <= scale <= config.max_scale:
            return matrix, inlier_mask, points_a, points_b
        if scale > 1.0:
            return None
        points_a, points_b = points_a[~inlier_mask], points_b[~inlier_mask]
        if len(points_a) < config.min_inliers:
            return None
    return None


def mirror_matrix(width: int) -> np.ndarray:
    """3×3 homogeneous left-right mirror of an image ``width`` pixels wide."""
    return np.array([[-1.0, 0.0, width - 1.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])


def homogeneous(matrix: np.ndarray) -> np.ndarray:
    return np.vstack([matrix, [0.0, 0.0, 1.0]])


def describe_transform(linear: np.ndarray) -> Transform:
    """Name the 2×2 linear part of an a→b pixel map as flip, rotation and scale.

    Parameters
    ----------
    linear : ndarray, shape (2, 2)
        Maps ``(x, y)`` (y down) of a onto b, in original-pixel units.
    """
    linear = np.asarray(linear, float)
    det = float(np.linalg.det(linear))
    scale = math.sqrt(abs(det))
    if scale == 0:
        raise ValueError("degenerate transform: zero scale")
    flip = None
    rot = linear / scale
    if det < 0:
        rot = rot @ np.diag([-1.0, 1.0])  # undo the horizontal mirror applied first
        flip = "horizontal"
    # Counter-clockwise as displayed (y down): R = [[cos, sin], [-sin, cos]].
    angle = math.degrees(math.atan2(rot[0, 1] - rot[1, 0], rot[0, 0] + rot[1, 1]))
    if flip is not None:
        other = _normalise_angle(angle - 180.0)  # horizontal + θ == vertical + (θ - 180)
        if abs(other) < abs(_normalise_angle(angle)) - 1e-6:
            flip, angle = "vertical", other
    return Transform(rotation=_round_angle(angle), flip=flip, scale=round(scale, 3))


def _normalise_angle(angle: float) -> float:
    angle = math.fmod(angle, 360.0)
    if angle <= -180.0:
        angle += 360.0
    elif angle > 180.0:
        angle -= 360.0
    return angle


def _round_angle(angle: float) -> float:
    angle = _normalise_angle(angle)
    quarter = round(angle / 90.0) * 90.0
    if abs(angle - quarter) < 1.5:
        return float(_normalise_angle(quarter)) + 0.0  # + 0.0 turns -0.0 into 0.0
    return float(round(angle * 2.0) / 2.0) + 0.0
