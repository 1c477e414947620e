"""Candidate pair → verified correspondence, or nothing.

Verification runs in stages, because no one check alone is reliable on figures:

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
3. **Coarse retry.** A pair the sharp check leaves undecided is checked again with
   both images blurred to the detail the smaller copy still holds (a copy printed at
   a third of the size has a third of the detail); only near-whole agreement counts
   there, since blurred look-alikes agree in pieces.

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
from dataclasses import dataclass, field

import cv2
import numpy as np

from forensics.fingerprint import Fingerprint
from forensics.hamming import ratio_matches
from forensics.model import Transform
from forensics.pixels import (
    alignment_margin,
    detail,
    grain_agreement,
    grain_independent,
    graphic_mask,
    local_stats,
    local_variance,
    straight_edges,
)
from forensics.settings import VerifyConfig
from forensics.similarity import describe_transform, homogeneous, mirror_matrix, plausible_fit

logger = logging.getLogger(__name__)

PixelRegion = tuple[float, float, float, float]




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
    graphics: bool = False  # judged on rendered graphics only (text, axes on white)
    identity: float = 1.0  # share of ink pixels equal after a tone fit
    # A few RANSAC inlier pairs inside the regions, spread over them, as rows
    # (xa, ya, xb, yb) in pixels of the original panels: what a report joins by lines.
    points: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))

    def kind(self, config: VerifyConfig) -> str:
        """``"duplicate"`` when the region covers most of both panels, else ``"overlap"``."""
        if min(self.overlap_a, self.overlap_b) >= config.duplicate_overlap:
            return "duplicate"
        return "overlap"


# --------------------------------------------------------------------------- pixels


@dataclass
class DenseCheck:
    """What the dense pixel comparison of :func:`dense_check` found: the agreeing
    region (work pixels of a), the share of it that agrees, and the detail correlation."""

    region: tuple[int, int, int, int]  # work pixels of a, end-exclusive
    agreement: float
    detail_ncc: float
    textured: int
    matrix: np.ndarray  # a→b, refined
    graphics: bool  # judged on rendered graphics (a chart), not on image content
    chart: bool = False  # mostly flat page-white: chart or line art
    light: bool = False  # mostly page-white by level (JPEG noise allowed): ink must match
    identity: float = 1.0  # share of ink pixels equal after a tone fit
    lane: float = 0.0  # largest share of the agreeing evidence in one lane-wide column band
    lane_rest: float = 0.0  # agreement of the textured pixels beside that band
    # Grain test (:func:`forensics.pixels.grain_agreement`): the correlation of the fine residual
    # over the region's flat, unclipped pixels, and how many independent samples it holds.
    grain: float = 0.0
    grain_samples: float = 0.0
    # How much better the two agree aligned than shifted (:func:`alignment_margin`).
    margin: float | None = None


def dense_check(
    gray_a: np.ndarray,
    gray_b: np.ndarray,
    matrix: np.ndarray,
    inlier_points: np.ndarray,
    config: VerifyConfig,
    local_ncc: float,
    refine: bool = True,
    blur: float = 0.0,
    grain_cell: float = 1.0,
) -> DenseCheck | None:
    """Correlate b, warped onto a's frame by ``matrix`` (a→b), with a.

    ``blur`` (work pixels of a) low-passes both images alike first: a copy that
    was shrunk, re-interpolated or compressed lacks the finest detail of its
    source, and is compared with it at the detail both still hold. ``grain_cell``
    is the number of work pixels of a per pixel of its panel (see
    :func:`forensics.pixels.grain_agreement`).
    """
    rows, cols = gray_a.shape
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    a: np.ndarray = gray_a.astype(np.float32)
    b: np.ndarray = gray_b.astype(np.float32)
    if blur > 0:
        a = cv2.GaussianBlur(a, (0, 0), blur)
        # b's pixels are 1/scale of a's: the same blur in b's own pixels.
        b = cv2.GaussianBlur(b, (0, 0), blur * math.sqrt(abs(np.linalg.det(matrix[:, :2]))))
    warped = cv2.warpAffine(b, matrix, (cols, rows), flags=flags)
    covered = cv2.warpAffine(np.ones(gray_b.shape, np.uint8), matrix, (cols, rows),
                             flags=flags, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    # The window straddling the frame edge mixes in the zero border: stay inside.
    valid: np.ndarray = cv2.erode(covered, np.ones((config.window, config.window),
                                                 np.uint8)).astype(bool)
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
    # The contrast of each image alone (their correlation is judged on the detail below).
    var_a, var_b = local_variance(a, config.window), local_variance(warped, config.window)
    # Agreement is judged on the fine-detail residual: same-layout look-alikes (blots
    # with bands in the same places) align their band shapes, never their grain.
    # At reduced detail the residual and the window grow with it: a copy holding a
    # third of the detail is compared over as many of its own pixels as a sharp one.
    sigma = max(1.5, config.detail_per_blur * blur)
    window = config.window + 2 * int(round(max(0.0, sigma - 1.5)))
    detail_a, detail_b = detail(a, sigma), detail(warped, sigma)
    ncc, _, _ = local_stats(detail_a, detail_b, window)
    flat = config.texture_std ** 2
    textured = valid & (var_a > flat) & (var_b > flat)
    # Graphics, page white and ink identity are judged on the sharp images: blur
    # greys the white around text and would pass a chart off as image content.
    compared_a, compared_b, flat_pixels = a, warped, valid & (var_a <= flat) & (var_b <= flat)
    if blur > 0:
        a = gray_a.astype(np.float32)
        warped = cv2.warpAffine(gray_b.astype(np.float32), matrix, (cols, rows), flags=flags)
    # Rendered graphics (text, axes, tick labels on white page background) are
    # identical between unrelated panels of one style: they count only where the
    # panel has no image content to judge by (a chart).
    graphic = graphic_mask(a) | graphic_mask(warped)
    photo = textured & ~graphic
    graphics_only = photo.sum() < max(config.min_textured_pixels, 0.5 * textured.sum())
    if not graphics_only:
        textured = photo
    agree = textured & (ncc > local_ncc)
    if agree.sum() < config.min_textured_pixels // 2:
        return None
    # Agreement weighs each textured pixel by its contrast: barely textured pixels
    # (quantisation noise after a tone change, JPEG ringing) should not outvote edges.
    weight = np.sqrt(np.minimum(var_a, var_b)) * textured

    def agreement_in(box: tuple[int, int, int, int]) -> float:
        x0, y0, x1, y1 = box
        w = weight[y0:y1, x0:x1]
        return float((w * agree[y0:y1, x0:x1]).sum() / max(1e-6, w.sum()))

    region = _bbox(valid)
    agreement = agreement_in(region)
    if agreement < config.frame_agreement:
        # Not the whole common frame: look for the agreeing area around the inliers
        # (a reused strip, a shared field of view inside otherwise different images).
        frame = region
        agreeing = _agreeing_region(agree, inlier_points, config, clip=blur == 0)
        if agreeing is None:
            return None
        region = agreeing
        if blur > 0 and _area(region) < config.frame_agreement * _area(frame):
            return None  # at coarse detail, one piece of a look-alike is no evidence
        agreement = agreement_in(region)
    x0, y0, x1, y1 = region
    mask = textured[y0:y1, x0:x1]
    # Contrast-weighted mean of the local fine-detail correlation: a global
    # correlation is dominated by a few strong edges, which a one-pixel slip on a
    # strip border turns negative.
    w = weight[y0:y1, x0:x1]
    detail_ncc = float((w * np.clip(ncc[y0:y1, x0:x1], -1, 1)).sum() / max(1e-6, w.sum()))
    # Charts and line art (mostly page-white, a few flat colours): unrelated charts of
    # one style share axes, fonts and bar shapes, so only near-identity of the ink counts.
    box_valid = valid[y0:y1, x0:x1]
    raw_a, raw_b = a[y0:y1, x0:x1][box_valid], warped[y0:y1, x0:x1][box_valid]
    # Flat page white (no grain at all): blots and gels on a light background keep
    # their film grain and are not charts.
    flat_a = (var_a[y0:y1, x0:x1][box_valid] < 1.0) & (raw_a >= _WHITE)
    flat_b = (var_b[y0:y1, x0:x1][box_valid] < 1.0) & (raw_b >= _WHITE)
    white = max(float(flat_a.mean()), float(flat_b.mean())) if raw_a.size else 0.0
    # The same by level alone: a chart saved as JPEG has noisy, not flat, white.
    light = max(float((raw_a >= _WHITE).mean()), float((raw_b >= _WHITE).mean())) \
        if raw_a.size else 0.0
    identity = _ink_identity(a[y0:y1, x0:x1], warped[y0:y1, x0:x1], box_valid)
    lane_width = max(1, int(config.max_lane_width * cols))
    lane, start = _lane_share((w * agree[y0:y1, x0:x1]).sum(axis=0), lane_width)
    # Agreement beside that band: a copy agrees there too, gels sharing a ladder do not.
    beside = np.ones(x1 - x0, bool)
    beside[start:start + lane_width] = False
    w_beside = w[:, beside]
    lane_rest = float((w_beside * agree[y0:y1, x0:x1][:, beside]).sum()
                      / max(1e-6, w_beside.sum())) if beside.any() else 0.0
    grain, samples = grain_agreement(compared_a[y0:y1, x0:x1], compared_b[y0:y1, x0:x1],
                                     flat_pixels[y0:y1, x0:x1], max(1.0, sigma - 0.5),
                                     grain_cell, white=_WHITE)
    margin = None
    if not graphics_only:
        # Frames, gutters and image borders agree with themselves all along their
        # length: left out, with the reach of their detail residual.
        length = max(_SHORTEST_EDGE, min(y1 - y0, x1 - x0) // 3)
        reach = 2 * math.ceil(2 * sigma) + 1
        layout = straight_edges(a[y0:y1, x0:x1], length, reach) | straight_edges(
            warped[y0:y1, x0:x1], length, reach)
        margin = alignment_margin(detail_a[y0:y1, x0:x1], detail_b[y0:y1, x0:x1], layout)
    return DenseCheck(region=region, agreement=float(agreement), detail_ncc=detail_ncc,
                  textured=int(mask.sum()), matrix=matrix, graphics=bool(graphics_only),
                  chart=white >= config.chart_white, light=light >= config.chart_white,
                  identity=identity, lane=lane, lane_rest=lane_rest,
                  grain=grain, grain_samples=samples, margin=margin)


def _lane_share(evidence: np.ndarray, width: int) -> tuple[float, int]:
    """Largest share of a column profile of evidence inside ``width`` adjacent columns,
    and the first of those columns."""
    total = float(evidence.sum())
    if total <= 0 or len(evidence) <= width:
        return 1.0, 0
    running = np.concatenate([[0.0], np.cumsum(evidence, dtype=np.float64)])
    inside = running[width:] - running[:-width]
    start = int(np.argmax(inside))
    return float(inside[start] / total), start


#: Grey level from which a pixel is page background.
_WHITE = 235
#: Shortest straight edge (work pixels) left out of :func:`alignment_margin`.
_SHORTEST_EDGE = 12


def _ink_identity(crop_a: np.ndarray, crop_b: np.ndarray, valid: np.ndarray) -> float:
    """Share of ink pixels (dark in either image) whose grey levels agree after a tone fit.

    A copy (recompressed, rescaled, rotated, re-toned) agrees almost everywhere,
    within one pixel of resampling slip on edges and text; a chart of the same
    style with different bars or labels disagrees over every differing area.
    """
    xa, xb = crop_a[valid].astype(np.float64), crop_b[valid].astype(np.float64)
    if xa.size < 16:
        return 0.0
    # Least-squares tone map b -> a over the region (page white included).
    slope, intercept = np.polyfit(xb, xa, 1) if xb.std() > 0 else (0.0, float(xa.mean()))
    toned = (slope * crop_b + intercept).astype(np.float32)
    kernel = np.ones((3, 3), np.uint8)
    high, low = cv2.dilate(toned, kernel), cv2.erode(toned, kernel)
    tol = 32.0
    agree = (crop_a >= low - tol) & (crop_a <= high + tol)
    ink = valid & ((crop_a < _WHITE) | (crop_b < _WHITE))
    return float(agree[ink].mean()) if ink.any() else 0.0


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
    """Box ``(x0, y0, x1, y1)``, end-exclusive, of a mask's true pixels (at least one)."""
    x, y, w, h = cv2.boundingRect(mask.astype(np.uint8))  # 60x faster than np.nonzero
    return x, y, x + w, y + h


def _agreeing_region(
    agree: np.ndarray, inlier_points: np.ndarray, config: VerifyConfig, clip: bool = True
) -> tuple[int, int, int, int] | None:
    """Bounding box of the agreeing components that hold RANSAC inliers (with ``clip``,
    no farther than :data:`_HULL_GROW` windows from those inliers)."""
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
    x0, y0, x1, y1 = _bbox(np.isin(labels, keep))
    if not clip:
        return x0, y0, x1, y1
    # Chance agreement in busy texture joins the copy to its surroundings once gaps
    # are closed: the region is kept to the inliers' box, grown by a patch.
    held = (labels[ys, xs] > 0) & np.isin(labels[ys, xs], keep)
    grow = _HULL_GROW * config.window
    hx0, hy0 = xs[held].min() - grow, ys[held].min() - grow
    hx1, hy1 = xs[held].max() + 1 + grow, ys[held].max() + 1 + grow
    box = (max(x0, hx0), max(y0, hy0), min(x1, hx1), min(y1, hy1))
    box = (int(box[0]), int(box[1]), int(box[2]), int(box[3]))
    return box if box[2] > box[0] and box[3] > box[1] else None


#: How far (in correlation windows) the agreeing region may reach beyond the box of
#: the inliers it holds: about an ORB patch, where the outermost keypoints still see.
_HULL_GROW = 2


# --------------------------------------------------------------------------- results


def _score(dense: DenseCheck, config: VerifyConfig) -> float:
    """Map the pixel evidence to 0..1, 0.5 on the boundary fitted by bench/verify_pairs.py.

    Image content: a logistic in ``agreement + detail_ncc`` (copies keep both high;
    same-layout look-alikes reach one, rarely both). Rendered graphics: a logistic
    in agreement alone, centred on ``graphic_agreement`` (fonts and axes make the
    fine detail of unrelated charts agree). Both are damped when the region holds
    little texture, so a blank blot never scores high.
    """
    if dense.agreement < config.min_agreement:
        return 0.0
    if dense.graphics:
        z = 40.0 * (dense.agreement - config.graphic_agreement)
    else:
        if dense.detail_ncc < config.min_detail_ncc:
            return 0.0
        z = 20.0 * (dense.agreement + dense.detail_ncc - config.score_midpoint)
    evidence = min(1.0, dense.textured / (2.0 * config.min_textured_pixels))
    return float(round(evidence / (1.0 + math.exp(-z)), 4))


def _to_original(region: tuple[int, int, int, int], fp: Fingerprint) -> PixelRegion:
    s = fp.work_scale
    rows, cols = fp.shape
    x0, y0, x1, y1 = region
    return (max(0.0, x0 / s), max(0.0, y0 / s), min(float(cols), x1 / s), min(float(rows), y1 / s))


def map_region(
    region: tuple[int, int, int, int], matrix: np.ndarray, shape: tuple[int, int]
) -> tuple[int, int, int, int]:
    """Bounding box of ``region`` mapped by the 2×3 ``matrix``, clipped to ``shape``."""
    x0, y0, x1, y1 = region
    corners = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], float)
    mapped = corners @ matrix.T
    rows, cols = shape
    return (int(max(0, math.floor(mapped[:, 0].min()))),
            int(max(0, math.floor(mapped[:, 1].min()))),
            int(min(cols, math.ceil(mapped[:, 0].max()))),
            int(min(rows, math.ceil(mapped[:, 1].max()))))


def _points_inside(points: np.ndarray, region: tuple[int, int, int, int]) -> int:
    x0, y0, x1, y1 = region
    return int(((points[:, 0] >= x0) & (points[:, 0] < x1)
                & (points[:, 1] >= y0) & (points[:, 1] < y1)).sum())


def _area(region: tuple[int, int, int, int]) -> float:
    return float(max(0, region[2] - region[0]) * max(0, region[3] - region[1]))


def build_correspondence(
    fa: Fingerprint, fb: Fingerprint, matrix: np.ndarray, inliers: int, dense: DenseCheck,
    config: VerifyConfig, pairs: np.ndarray | None = None, located: bool = False,
) -> Correspondence | None:
    """The :class:`Correspondence` of a verified transform and its dense check, or None
    when its region is too small to report.

    ``located``: the transform was found beyond chance without keypoints (a shift
    from :mod:`forensics.shifts`), so the share of keypoint inliers is not asked for."""
    region_a = dense.region
    region_b = map_region(region_a, matrix, fb.gray.shape)
    area_a = _area(region_a)
    # Area of the mapped rectangle itself, not of its (rotated) bounding box.
    scale2 = abs(float(np.linalg.det(matrix[:, :2])))
    overlap_a = min(1.0, area_a / float(fa.gray.shape[0] * fa.gray.shape[1]))
    overlap_b = min(1.0, area_a * scale2 / float(fb.gray.shape[0] * fb.gray.shape[1]))
    if min(overlap_a, overlap_b) < config.min_region and max(overlap_a, overlap_b) < 0.5:
        return None
    if min(overlap_a, overlap_b) < config.min_region / 4:
        return None
    # A single lane or axis is a line, not a reused piece: both sides must be sizeable.
    side_fraction = min((region_a[2] - region_a[0]) / fa.gray.shape[1],
                        (region_a[3] - region_a[1]) / fa.gray.shape[0])
    if side_fraction < config.min_side:
        return None
    # A single lane (a ladder, a marker lane) is identical by design: a region that
    # is a tall narrow column in both panels is not a finding.
    region_b_frac = ((region_b[2] - region_b[0]) / fb.gray.shape[1],
                     (region_b[3] - region_b[1]) / fb.gray.shape[0])
    region_a_frac = ((region_a[2] - region_a[0]) / fa.gray.shape[1],
                     (region_a[3] - region_a[1]) / fa.gray.shape[0])
    if all(w < config.max_lane_width and h > 0.5 for w, h in (region_a_frac, region_b_frac)):
        return None
    # Nor is a wider region whose agreement lies in one lane (running down most of
    # the panel) and not beside it: unrelated gels agree on their ladders and nowhere
    # else; a copy of a gel agrees on its ladder most, and on its bands too. A lane is
    # taller than wide; in a wide, short panel the "lane" band is a block of image.
    lane_px = config.max_lane_width * fa.gray.shape[1]
    if (dense.lane >= config.lane_share and region_a_frac[1] > 0.5
            and lane_px < region_a[3] - region_a[1] and dense.lane_rest < config.frame_agreement):
        return None
    # Charts: no partial overlaps (shared axes and legends), and near-identical ink.
    if dense.chart and (max(overlap_a, overlap_b) < config.chart_min_overlap
                        or dense.identity < config.chart_identity):
        return None
    # Judged on rendered graphics alone, or mostly page white by level (a chart whose
    # white is JPEG noise, not flat): same-layout charts align their axes, labels and
    # bar edges, and JPEG blocks of one bar colour agree; the ink must be identical.
    if (dense.graphics or dense.light) and dense.identity < config.chart_identity:
        return None
    # Shapes agree between look-alikes (bands of one shape, cells of one kind); the
    # grain between them does not. Where there is grain enough to tell, it must agree.
    if not dense.graphics and grain_independent(dense.grain, dense.grain_samples):
        return None
    # Nor does a look-alike agree better aligned than its layout agrees with itself
    # shifted by a lane, a row or a cell.
    if not dense.graphics and dense.margin is not None and dense.margin < config.min_margin:
        return None
    in_region = min(_points_inside(fa.points, region_a), _points_inside(fb.points, region_b))
    # In a copy of a row of look-alike bands most keypoints match the wrong band, and
    # few are inliers: the pixels must then agree nearly everywhere, in fine detail
    # too, and not along one lane alone (the ladders of two gels do that).
    if not located and inliers < config.min_inlier_share * in_region and not (
            dense.agreement >= config.sure_agreement
            and dense.detail_ncc >= config.sure_detail and dense.lane < config.lane_share):
        return None
    score = _score(dense, config)
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
        graphics=dense.graphics,
        identity=round(dense.identity, 4),
        points=_shown_points(pairs, region_a, region_b, fa, fb),
    )


#: Matched point pairs a finding keeps for its report.
SHOWN_POINTS = 12


def _shown_points(pairs: np.ndarray | None, region_a: tuple[int, int, int, int],
                  region_b: tuple[int, int, int, int], fa: Fingerprint,
                  fb: Fingerprint) -> np.ndarray:
    """Up to :data:`SHOWN_POINTS` inlier pairs (work pixels) lying in both regions,
    each the farthest from those already taken (a few lines spread over the match
    read better than a bundle), in pixels of the original panels."""
    if pairs is None or not len(pairs):
        return np.zeros((0, 4))
    ax0, ay0, ax1, ay1 = region_a
    bx0, by0, bx1, by1 = region_b
    pairs = pairs[(pairs[:, 0] >= ax0) & (pairs[:, 0] <= ax1) & (pairs[:, 1] >= ay0)
                  & (pairs[:, 1] <= ay1) & (pairs[:, 2] >= bx0) & (pairs[:, 2] <= bx1)
                  & (pairs[:, 3] >= by0) & (pairs[:, 3] <= by1)]
    if not len(pairs):
        return np.zeros((0, 4))
    taken = [0]
    distance = np.linalg.norm(pairs[:, :2] - pairs[0, :2], axis=1)
    while len(taken) < min(SHOWN_POINTS, len(pairs)) and distance.max() > 0:
        taken.append(int(distance.argmax()))
        distance = np.minimum(distance, np.linalg.norm(pairs[:, :2] - pairs[taken[-1], :2],
                                                       axis=1))
    chosen = pairs[taken]
    return np.hstack([chosen[:, :2] / fa.work_scale, chosen[:, 2:] / fb.work_scale])


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
    best = best_correspondence(fa, fb, config)
    return best if best is not None and best.score >= config.min_score else None


def best_correspondence(
    fa: Fingerprint, fb: Fingerprint, config: VerifyConfig
) -> Correspondence | None:
    """The best-scoring correspondence from ``fa`` to ``fb`` passing the geometric and
    pixel checks, whatever its score; None when none does."""
    best: Correspondence | None = None
    for mirrored in (False, True):
        desc_b = fb.mirror_descriptors if mirrored else fb.descriptors
        points_b = fb.mirror_points if mirrored else fb.points
        idx_a, idx_b = ratio_matches(fa.descriptors, desc_b, config.ratio)
        if len(idx_a) < config.min_inliers:
            continue
        fitted = plausible_fit(fa.points[idx_a], points_b[idx_b], config)
        if fitted is None:
            continue
        matrix, inlier_mask, pa, pb = fitted
        inliers = int(inlier_mask.sum())
        pairs = np.hstack([pa[inlier_mask], pb[inlier_mask]]).astype(np.float64)
        if mirrored:
            matrix = (mirror_matrix(fb.gray.shape[1]) @ homogeneous(matrix))[:2]
            pairs[:, 2] = fb.gray.shape[1] - 1.0 - pairs[:, 2]
        scale = math.sqrt(abs(float(np.linalg.det(matrix[:, :2]))))
        retry = max(config.retry_blur, _resolution_blur(fa, fb, scale))
        for blur in (0.0, retry) if config.retry_blur > 0 else (0.0,):
            dense = dense_check(fa.gray, fb.gray, matrix, pa[inlier_mask], config,
                                 config.local_ncc, blur=blur,
                                 grain_cell=max(1.0, fa.work_scale))
            if dense is None:
                continue
            result = build_correspondence(fa, fb, dense.matrix, inliers, dense, config, pairs)
            if result is None:
                continue
            if best is None or (result.score, result.inliers) > (best.score, best.inliers):
                best = result
            if best.score >= 0.9:
                break  # the sharp comparison settled it
    return best


def _resolution_blur(fa: Fingerprint, fb: Fingerprint, scale: float) -> float:
    """Blur (work pixels of a) that brings the sharper of two copies to the detail of
    the other: a copy printed at a third of the size holds a third of the detail.

    ``scale`` is the a→b map's scale in work pixels. A work image enlarged from its
    panel carries detail only down to one panel pixel, not one work pixel.
    """
    spacing_a = max(1.0, fa.work_scale)
    spacing_b = max(1.0, fb.work_scale) / scale  # one b sample, in work pixels of a
    return 0.5 * math.sqrt(abs(spacing_b ** 2 - spacing_a ** 2))
