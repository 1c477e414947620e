"""Candidate pair → verified correspondence, or nothing; clones inside one panel.

Verification runs in two stages, because neither alone is reliable on figures:

1. **Geometry.** ORB descriptors of panel a are matched to the direct and to the
   mirrored descriptors of panel b (binary descriptors are not mirror-invariant),
   with Lowe's ratio test; RANSAC fits a similarity transform (rotation, uniform
   scale, translation; a reflection when the mirrored set wins). This finds crops,
   rotations and flips but also "matches" unrelated blots with repeated bands and
   panels that share rendered text.
2. **Pixels.** Panel b is warped onto panel a with that transform and the two are
   compared by *local* normalised cross-correlation (a box window, so it is
   invariant to tone, contrast and colour changes). Only textured pixels count, so
   flat backgrounds and blank blots give no evidence either way. The matched
   region is the whole common frame when most of its textured pixels agree
   (duplicates, crops, partial overlaps), otherwise the bounding box of the
   agreeing area around the RANSAC inliers (a reused strip in an otherwise
   different blot). A second correlation, of the fine-detail residual (image minus
   its blur), tells a copy (same grain and noise) from a look-alike (same layout,
   independent noise), which the coarse structure alone cannot.

Coordinates: the verifier works on :attr:`Fingerprint.gray` (the downscaled work
image) and returns regions in pixels of the *original* panel images,
``(x0, y0, x1, y1)``, columns first.

Transform convention (:class:`forensics.model.Transform`): b is a mirrored
(``flip``, applied first), then rotated ``rotation`` degrees counter-clockwise as
displayed, then scaled by ``scale`` (pixels of b per pixel of a). Rotation is in
``(-180, 180]``: ``90`` is a quarter turn counter-clockwise, ``-90`` clockwise.
Exact quarter turns are reported exactly, other angles rounded to 0.5°. A
vertical flip equals a horizontal flip plus a half turn; the name with the
smaller rotation is reported (horizontal on a tie).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from forensics.config import load_section
from forensics.fingerprint import Fingerprint
from forensics.model import Transform

logger = logging.getLogger(__name__)

PixelRegion = tuple[float, float, float, float]


@dataclass(frozen=True)
class VerifyConfig:
    """Thresholds of pair verification and clone search (TOML section ``[verify]``).

    Attributes
    ----------
    ratio : float
        Lowe's ratio test on descriptor matches. Higher keeps more matches on
        repetitive texture (recall on blots) and more wrong ones (RANSAC time).
    min_inliers : int
        RANSAC inliers needed before the pixel check runs at all.
    ransac_threshold : float
        RANSAC reprojection tolerance, work-image pixels.
    max_scale : float
        Largest accepted size ratio between the copies (either way).
    window : int
        Side of the local-correlation window, work pixels (odd).
    texture_std : float
        Local standard deviation (grey levels) below which a pixel is flat and
        carries no evidence. Low values let noise of blank areas vote.
    local_ncc : float
        Local correlation at which a textured pixel agrees.
    min_agreement : float
        Fraction of the region's textured pixels that must agree.
    min_region : float
        Smallest matched region, as a fraction of the smaller panel's area.
        Lower finds smaller reused pieces and more coincidences (labels, text).
    min_textured_pixels : int
        Textured work pixels the region must hold: the evidence floor that stops
        blank blots and empty charts from matching.
    min_detail_ncc : float
        Correlation of the fine-detail residual within the region; separates
        copies from same-layout look-alikes.
    min_score : float
        Calibrated score below which a verified pair is dropped.
    duplicate_overlap : float
        A match covering at least this fraction of both panels is a "duplicate",
        otherwise an "overlap".
    clone_min_shift : float
        Smallest displacement (work pixels) between the two copies of a clone.
    clone_local_ncc : float
        Local correlation at which a pixel agrees inside one panel; stricter than
        between panels because a clone is pixel-identical.
    clone_min_detail_ncc : float
        Fine-detail residual correlation of a clone: similar lanes of an ordinary
        blot share shape, not grain, and stay well below it.
    clone_min_region : float
        Smallest cloned region, as a fraction of the panel's area.
    """

    ratio: float = 0.85
    min_inliers: int = 8
    ransac_threshold: float = 3.0
    max_scale: float = 4.0
    window: int = 9
    texture_std: float = 4.0
    local_ncc: float = 0.7
    min_agreement: float = 0.6
    min_region: float = 0.04
    min_textured_pixels: int = 800
    min_detail_ncc: float = 0.3
    min_score: float = 0.5
    duplicate_overlap: float = 0.8
    clone_min_shift: float = 12.0
    clone_local_ncc: float = 0.9
    clone_min_detail_ncc: float = 0.6
    clone_min_region: float = 0.01


@dataclass(frozen=True)
class Correspondence:
    """A verified relation between two panels (or two regions of one panel).

    Regions are ``(x0, y0, x1, y1)`` in pixels of the original panel images.
    """

    transform: Transform
    inliers: int
    score: float
    region_a: PixelRegion
    region_b: PixelRegion
    overlap_a: float
    overlap_b: float
    agreement: float
    detail_ncc: float
    matrix: np.ndarray  # 2×3, work pixels of a → work pixels of b

    def kind(self, config: VerifyConfig) -> str:
        """``"duplicate"`` when the region covers most of both panels, else ``"overlap"``."""
        if min(self.overlap_a, self.overlap_b) >= config.duplicate_overlap:
            return "duplicate"
        return "overlap"


# --------------------------------------------------------------------------- geometry


def _ratio_matches(
    desc_a: np.ndarray, desc_b: np.ndarray, ratio: float
) -> list[tuple[int, int]]:
    if len(desc_a) < 2 or len(desc_b) < 2:
        return []
    matcher = cv2.BFMatcher(cv2.NORM_HAMMING)
    pairs = []
    for knn in matcher.knnMatch(desc_a, desc_b, k=2):
        if len(knn) == 2 and knn[0].distance < ratio * knn[1].distance:
            pairs.append((knn[0].queryIdx, knn[0].trainIdx))
    return pairs


def _fit_similarity(
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


def _mirror_matrix(width: int) -> np.ndarray:
    """3×3 homogeneous left-right mirror of an image ``width`` pixels wide."""
    return np.array([[-1.0, 0.0, width - 1.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])


def _homogeneous(matrix: np.ndarray) -> np.ndarray:
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


# --------------------------------------------------------------------------- pixels


def _local_stats(
    image_a: np.ndarray, image_b: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Local correlation, and local variance of each image, over a box window."""
    size = (window, window)
    mean_a = cv2.boxFilter(image_a, -1, size)
    mean_b = cv2.boxFilter(image_b, -1, size)
    var_a = cv2.boxFilter(image_a * image_a, -1, size) - mean_a * mean_a
    var_b = cv2.boxFilter(image_b * image_b, -1, size) - mean_b * mean_b
    cov = cv2.boxFilter(image_a * image_b, -1, size) - mean_a * mean_b
    np.maximum(var_a, 0, out=var_a)
    np.maximum(var_b, 0, out=var_b)
    ncc = cov / np.sqrt(var_a * var_b + 1e-6)
    return ncc, var_a, var_b


def _detail(image: np.ndarray) -> np.ndarray:
    """Fine-detail residual: the image minus its blur (grain, noise, sharp edges)."""
    return image - cv2.GaussianBlur(image, (0, 0), 1.5)


def _masked_ncc(x: np.ndarray, y: np.ndarray, mask: np.ndarray) -> float:
    if mask.sum() < 16:
        return 0.0
    xs = x[mask].astype(np.float64)
    ys = y[mask].astype(np.float64)
    xs -= xs.mean()
    ys -= ys.mean()
    denom = math.sqrt(float((xs * xs).sum() * (ys * ys).sum()))
    return float((xs * ys).sum() / denom) if denom > 0 else 0.0


@dataclass
class _Dense:
    region: tuple[int, int, int, int]  # work pixels of a, end-exclusive
    agreement: float
    detail_ncc: float
    textured: int
    matrix: np.ndarray  # a→b, refined


def _dense_check(
    gray_a: np.ndarray,
    gray_b: np.ndarray,
    matrix: np.ndarray,
    inlier_points: np.ndarray,
    config: VerifyConfig,
    local_ncc: float,
    refine: bool = True,
) -> _Dense | None:
    """Correlate b, warped onto a's frame by ``matrix`` (a→b), with a."""
    rows, cols = gray_a.shape
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    a = gray_a.astype(np.float32)
    b = gray_b.astype(np.float32)
    warped = cv2.warpAffine(b, matrix, (cols, rows), flags=flags)
    valid = cv2.warpAffine(np.ones(gray_b.shape, np.uint8), matrix, (cols, rows), flags=flags,
                           borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    # The window straddling the frame edge mixes in the zero border: stay inside.
    valid = cv2.erode(valid, np.ones((config.window, config.window), np.uint8)).astype(bool)
    if valid.sum() < config.min_textured_pixels:
        return None
    if refine:
        # Keypoint positions are quantised to pyramid pixels (and shifted by half a
        # pixel in the mirrored set): a sub-pixel phase correlation removes the
        # residual offset, which the fine-detail correlation is very sensitive to.
        shift = _residual_shift(a, warped, valid)
        if shift is not None:
            matrix = matrix.copy()
            matrix[:, 2] += matrix[:, :2] @ shift
            warped = cv2.warpAffine(b, matrix, (cols, rows), flags=flags)
    ncc, var_a, var_b = _local_stats(a, warped, config.window)
    flat = config.texture_std ** 2
    textured = valid & (var_a > flat) & (var_b > flat)
    agree = textured & (ncc > local_ncc)
    if agree.sum() < config.min_textured_pixels // 2:
        return None

    whole = _bbox(valid)
    region = whole
    agreement = agree.sum() / max(1, textured.sum())
    if agreement < config.min_agreement:
        # Not the whole common frame: look for the agreeing area around the inliers
        # (a reused strip, a shared field of view inside otherwise different images).
        region = _agreeing_region(agree, inlier_points, config)
        if region is None:
            return None
        x0, y0, x1, y1 = region
        inside = textured[y0:y1, x0:x1]
        agreement = agree[y0:y1, x0:x1].sum() / max(1, inside.sum())
    x0, y0, x1, y1 = region
    mask = textured[y0:y1, x0:x1]
    detail = _masked_ncc(_detail(a)[y0:y1, x0:x1], _detail(warped)[y0:y1, x0:x1], mask)
    return _Dense(region=region, agreement=float(agreement), detail_ncc=detail,
                  textured=int(mask.sum()), matrix=matrix)


def _residual_shift(a: np.ndarray, warped: np.ndarray, valid: np.ndarray) -> np.ndarray | None:
    """Sub-pixel offset ``t`` with ``warped(p) ≈ a(p - t)``, or None when unsure."""
    x0, y0, x1, y1 = _bbox(valid)
    if min(x1 - x0, y1 - y0) < 32:
        return None
    window = cv2.createHanningWindow((x1 - x0, y1 - y0), cv2.CV_32F)
    (dx, dy), response = cv2.phaseCorrelate(a[y0:y1, x0:x1], warped[y0:y1, x0:x1], window)
    if response < 0.05 or abs(dx) > 3 or abs(dy) > 3:
        return None
    return np.array([dx, dy])


def _bbox(mask: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def _agreeing_region(
    agree: np.ndarray, inlier_points: np.ndarray, config: VerifyConfig
) -> tuple[int, int, int, int] | None:
    """Bounding box of the agreeing components that hold RANSAC inliers."""
    # Close small gaps (flat pixels between textured ones) so one copied piece is one blob.
    kernel = np.ones((2 * config.window + 1, 2 * config.window + 1), np.uint8)
    blobs = cv2.morphologyEx(agree.astype(np.uint8), cv2.MORPH_CLOSE, kernel)
    count, labels = cv2.connectedComponents(blobs, connectivity=8)
    if count <= 1:
        return None
    rows, cols = agree.shape
    xs = np.clip(np.round(inlier_points[:, 0]).astype(int), 0, cols - 1)
    ys = np.clip(np.round(inlier_points[:, 1]).astype(int), 0, rows - 1)
    hit = labels[ys, xs]
    votes = np.bincount(hit[hit > 0], minlength=count)
    keep = np.nonzero(votes >= 3)[0]
    if not len(keep):
        return None
    return _bbox(np.isin(labels, keep))


# --------------------------------------------------------------------------- results


def _score(agreement: float, detail_ncc: float, textured: int, config: VerifyConfig) -> float:
    """Map the pixel evidence to 0..1.

    A logistic in agreement and fine-detail correlation, damped when the region
    holds little texture; fitted on bench/verify_pairs.py so that 0.5 is the
    boundary between the planted copies and the hard negatives.
    """
    z = 10.0 * (agreement - config.min_agreement) + 6.0 * (detail_ncc - config.min_detail_ncc)
    evidence = min(1.0, textured / (4.0 * config.min_textured_pixels))
    return float(round(evidence / (1.0 + math.exp(-z - 1.0)), 4))


def _to_original(region: tuple[int, int, int, int], fp: Fingerprint) -> PixelRegion:
    s = fp.work_scale
    rows, cols = fp.shape
    x0, y0, x1, y1 = region
    return (max(0.0, x0 / s), max(0.0, y0 / s), min(float(cols), x1 / s), min(float(rows), y1 / s))


def _map_region(
    region: tuple[int, int, int, int], matrix: np.ndarray, shape: tuple[int, int]
) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = region
    corners = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], float)
    mapped = corners @ matrix.T
    rows, cols = shape
    return (int(max(0, math.floor(mapped[:, 0].min()))), int(max(0, math.floor(mapped[:, 1].min()))),
            int(min(cols, math.ceil(mapped[:, 0].max()))),
            int(min(rows, math.ceil(mapped[:, 1].max()))))


def _area(region: tuple[int, int, int, int]) -> float:
    return float(max(0, region[2] - region[0]) * max(0, region[3] - region[1]))


def _build(
    fa: Fingerprint, fb: Fingerprint, matrix: np.ndarray, inliers: int, dense: _Dense,
    config: VerifyConfig,
) -> Correspondence | None:
    region_a = dense.region
    region_b = _map_region(region_a, matrix, fb.gray.shape)
    area_a = _area(region_a)
    # Area of the mapped rectangle itself, not of its (rotated) bounding box.
    scale2 = abs(float(np.linalg.det(matrix[:, :2])))
    overlap_a = min(1.0, area_a / float(fa.gray.shape[0] * fa.gray.shape[1]))
    overlap_b = min(1.0, area_a * scale2 / float(fb.gray.shape[0] * fb.gray.shape[1]))
    if min(overlap_a, overlap_b) < config.min_region and max(overlap_a, overlap_b) < 0.5:
        return None
    if min(overlap_a, overlap_b) < config.min_region / 4:
        return None
    score = _score(dense.agreement, dense.detail_ncc, dense.textured, config)
    linear = matrix[:, :2] * (fa.work_scale / fb.work_scale)
    return Correspondence(
        transform=describe_transform(linear),
        inliers=int(inliers),
        score=score,
        region_a=_to_original(region_a, fa),
        region_b=_to_original(region_b, fb),
        overlap_a=round(overlap_a, 4),
        overlap_b=round(overlap_b, 4),
        agreement=round(dense.agreement, 4),
        detail_ncc=round(dense.detail_ncc, 4),
        matrix=matrix,
    )


def verify_pair(
    fa: Fingerprint, fb: Fingerprint, config: VerifyConfig | None = None
) -> Correspondence | None:
    """Decide whether two panels show the same pixels, and how they relate.

    Parameters
    ----------
    fa, fb : Fingerprint
        Fingerprints of the two panels (:func:`forensics.fingerprint.fingerprint_image`).
    config : VerifyConfig, optional

    Returns
    -------
    Correspondence or None
        None when the pair fails the geometric or the pixel check, or scores
        below ``config.min_score``.
    """
    config = config or VerifyConfig()
    best: Correspondence | None = None
    for mirrored in (False, True):
        desc_b = fb.mirror_descriptors if mirrored else fb.descriptors
        points_b = fb.mirror_points if mirrored else fb.points
        pairs = _ratio_matches(fa.descriptors, desc_b, config.ratio)
        if len(pairs) < config.min_inliers:
            continue
        idx_a, idx_b = np.array(pairs).T
        pa, pb = fa.points[idx_a], points_b[idx_b]
        matrix, inlier_mask = _fit_similarity(pa, pb, config)
        inliers = int(inlier_mask.sum())
        if matrix is None or inliers < config.min_inliers:
            continue
        if mirrored:
            matrix = (_mirror_matrix(fb.gray.shape[1]) @ _homogeneous(matrix))[:2]
        scale = math.sqrt(abs(float(np.linalg.det(matrix[:, :2]))))
        if not (1.0 / config.max_scale <= scale <= config.max_scale):
            continue
        dense = _dense_check(fa.gray, fb.gray, matrix, pa[inlier_mask], config, config.local_ncc)
        if dense is None or dense.detail_ncc < config.min_detail_ncc:
            continue
        if dense.agreement < config.min_agreement:
            continue
        result = _build(fa, fb, dense.matrix, inliers, dense, config)
        if result is None or result.score < config.min_score:
            continue
        if best is None or result.score > best.score:
            best = result
    return best


def find_clones(fp: Fingerprint, config: VerifyConfig | None = None) -> list[Correspondence]:
    """Copy-move inside one panel: regions pasted twice (translated, possibly scaled).

    Descriptors are matched against the same panel's descriptors (skipping each
    keypoint's own and near neighbours), RANSAC finds the displacement, and the
    pixels decide: a clone needs near pixel-identical content over a region of
    meaningful size, texture included, so the look-alike lanes of an ordinary
    blot do not qualify.

    Returns
    -------
    list of Correspondence
        ``region_a`` is the source, ``region_b`` the copy (order is arbitrary:
        the two are interchangeable), in original pixels of the panel.
    """
    config = config or VerifyConfig()
    desc, points = fp.descriptors, fp.points
    if len(desc) < config.min_inliers * 2:
        return []
    matcher = cv2.BFMatcher(cv2.NORM_HAMMING)
    pairs = []
    for knn in matcher.knnMatch(desc, desc, k=4):
        # knn[0] is the keypoint itself; skip neighbours at (almost) the same place.
        others = [m for m in knn if m.trainIdx != m.queryIdx
                  and np.hypot(*(points[m.trainIdx] - points[m.queryIdx])) >= config.clone_min_shift]
        if len(others) >= 2 and others[0].distance < config.ratio * others[1].distance:
            pairs.append((others[0].queryIdx, others[0].trainIdx))
        elif len(others) == 1 and others[0].distance < 40:
            pairs.append((others[0].queryIdx, others[0].trainIdx))
    if len(pairs) < config.min_inliers:
        return []
    # Each clone is found twice (a→b and b→a); keep one direction per pair.
    pairs = list({(min(i, j), max(i, j)) for i, j in pairs})
    src = points[[i for i, _ in pairs]]
    dst = points[[j for _, j in pairs]]
    # Orient consistently: source is the point further up/left, so both directions agree.
    swap = (dst[:, 1] < src[:, 1]) | ((dst[:, 1] == src[:, 1]) & (dst[:, 0] < src[:, 0]))
    src[swap], dst[swap] = dst[swap].copy(), src[swap].copy()

    results: list[Correspondence] = []
    remaining = np.ones(len(src), bool)
    area = float(fp.gray.shape[0] * fp.gray.shape[1])
    for _ in range(3):  # at most three distinct clones per panel
        if remaining.sum() < config.min_inliers:
            break
        matrix, inlier_mask = _fit_similarity(src[remaining], dst[remaining], config)
        idx = np.nonzero(remaining)[0]
        if matrix is None or inlier_mask.sum() < config.min_inliers:
            break
        remaining[idx[inlier_mask]] = False
        shift = np.hypot(*matrix[:, 2]) if np.allclose(matrix[:, :2], np.eye(2), atol=0.05) \
            else np.median(np.hypot(*(dst[idx[inlier_mask]] - src[idx[inlier_mask]]).T))
        if shift < config.clone_min_shift:
            continue
        dense = _dense_check(fp.gray, fp.gray, matrix, src[idx[inlier_mask]], config,
                             config.clone_local_ncc)
        if dense is None or dense.detail_ncc < config.clone_min_detail_ncc:
            continue
        region_a, matrix = dense.region, dense.matrix
        if dense.agreement < config.min_agreement:
            continue
        if _area(region_a) / area < config.clone_min_region:
            continue
        region_b = _map_region(region_a, matrix, fp.gray.shape)
        score = _score(dense.agreement, dense.detail_ncc, dense.textured, config)
        if score < config.min_score:
            continue
        results.append(Correspondence(
            transform=describe_transform(matrix[:, :2]),
            inliers=int(inlier_mask.sum()),
            score=score,
            region_a=_to_original(region_a, fp),
            region_b=_to_original(region_b, fp),
            overlap_a=round(_area(region_a) / area, 4),
            overlap_b=round(_area(region_b) / area, 4),
            agreement=round(dense.agreement, 4),
            detail_ncc=round(dense.detail_ncc, 4),
            matrix=matrix,
        ))
    return results


def load_config(config: dict[str, Any] | None) -> VerifyConfig:
    """Read ``[verify]`` of a parsed TOML config into a :class:`VerifyConfig`."""
    return load_section(VerifyConfig, config, "verify")
