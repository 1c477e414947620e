"""Overlapping crops of one field, found by the shift between them, not by keypoints.

Two panels cut from one larger image with their frames offset share a band along
their borders: one panel's right edge is the other's left, its bottom the other's
top. ORB finds no keypoint within a patch's width of an image's border, so such a
shared band, a quarter of a panel high, can hold a single keypoint pair and fail the
keypoint verification of :mod:`forensics.verify` while every pixel in it agrees.

A translation between two images is what phase correlation measures directly: the
inverse transform of their normalised cross-power spectrum peaks at the shifts where
they agree. Its peaks only propose shifts (periodic content, a row of lanes, peaks
as high between unrelated panels). What decides is how unlikely the agreement at a
proposed shift is by chance: unrelated fine detail correlates about zero, with a
standard error of one over the square root of its independent samples, so a
correlation is judged in standard errors against the number of shifts tried in the
whole search (an a-contrario count, no threshold on the correlation itself). A shift
beyond chance then goes through the dense check of :mod:`forensics.verify` and its
rules for a report (grain, lanes, charts, sizes), with the share of keypoint inliers
not asked for: the shift, not keypoints, located the copy.

Only the pairs the candidate search proposed are tried, only when the keypoint
verification failed, and only as translations at the scale of the panels' pixels:
an overlapping crop is the same pixels, neither turned nor resized.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from forensics.fingerprint import Fingerprint
from forensics.geometry import pixels_per_point
from forensics.model import Panel
from forensics.pixels import local_variance, rule_mask
from forensics.settings import VerifyConfig
from forensics.verify import Correspondence, build_correspondence, dense_check

__all__ = ["shifted_copy", "phase_peaks", "overlap_evidence", "chance_z"]

#: Expected number of chance peaks allowed over all the pairs of one search.
FALSE_ALARMS = 0.01

#: Peaks proposed per pair: the alignment of the two frames' edges can outscore a
#: small shared band, so the next strongest are tried too.
PEAKS = 3

#: Width (px) of the taper that fades each image into its padding, so the step at its
#: frame does not correlate with the other frame's step.
TAPER = 6

#: Blur (px of the compared images) whose residual is the detail compared.
DETAIL_SIGMA = 2.0

#: Shift (px of the compared images) at which a copy's detail no longer agrees.
OFF_SHIFT = int(2 * DETAIL_SIGMA)

#: Rules (:func:`forensics.pixels.rule_mask`) are lines this long, in page points.
RULE_LENGTH_PT = 20.0

#: The correlation is computed on images of at most this many pixels a side (the
#: dense check refines the shift afterwards to a fraction of a pixel).
MAX_SIDE = 256


def phase_peaks(a: np.ndarray, b: np.ndarray, count: int = PEAKS
                ) -> list[tuple[int, int]]:
    """The strongest peaks of the phase correlation of two grey images
    (``cv2.phaseCorrelate`` gives the strongest alone).

    Parameters
    ----------
    a, b : ndarray, shape (rows, cols)
        Grey images, any sizes.
    count : int
        How many peaks, strongest first, at least five cells apart.

    Returns
    -------
    list of (dx, dy)
        ``b`` shifted by ``(dx, dy)`` pixels lies over ``a``: pixel ``(x, y)`` of ``a``
        shows what pixel ``(x - dx, y - dy)`` of ``b`` shows.
    """
    rows = cv2.getOptimalDFTSize(a.shape[0] + b.shape[0])
    cols = cv2.getOptimalDFTSize(a.shape[1] + b.shape[1])
    spectrum_a, spectrum_b = (cv2.dft(_padded(image, rows, cols), flags=cv2.DFT_COMPLEX_OUTPUT)
                              for image in (a, b))
    cross = cv2.mulSpectrums(spectrum_a, spectrum_b, 0, conjB=True)
    cross = cross / np.maximum(cv2.magnitude(cross[..., 0], cross[..., 1]), 1e-9)[..., None]
    surface = cv2.idft(cross, flags=cv2.DFT_REAL_OUTPUT)
    found = []
    for _ in range(count):
        y, x = np.unravel_index(int(np.argmax(surface)), surface.shape)
        # Shifts past half the padded frame wrap round to negative ones.
        found.append((int(x if x <= cols // 2 else x - cols),
                      int(y if y <= rows // 2 else y - rows)))
        # The surface is circular: a peak's neighbours may wrap round its edges.
        surface[np.ix_(np.arange(y - 5, y + 6) % rows, np.arange(x - 5, x + 6) % cols)] = -np.inf
    return found


def _padded(image: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """``image`` less its mean, faded to zero over its outer :data:`TAPER` pixels,
    in the top-left corner of a zero frame of ``rows`` x ``cols``."""
    values = image.astype(np.float32)
    values -= values.mean()
    h, w = values.shape
    ramp_y = np.minimum(np.minimum(np.arange(h), np.arange(h)[::-1]) / TAPER, 1.0)
    ramp_x = np.minimum(np.minimum(np.arange(w), np.arange(w)[::-1]) / TAPER, 1.0)
    frame = np.zeros((rows, cols), np.float32)
    frame[:h, :w] = values * np.outer(ramp_y, ramp_x).astype(np.float32)
    return frame


def overlap_evidence(a: np.ndarray, b: np.ndarray, dx: int, dy: int,
                     usable_a: np.ndarray | None = None, usable_b: np.ndarray | None = None,
                     texture_std: float = 4.0) -> float:
    """How far from chance the fine detail of ``a`` and ``b`` agrees where ``b``
    shifted by ``(dx, dy)`` lies over ``a``, and at that shift only, in standard errors.

    The detail is each image less its blur at :data:`DETAIL_SIGMA`, over the pixels
    textured in both (local grey-level std above ``texture_std``: flat ground holds
    codec noise, whose 8-pixel block grid agrees at every multiple of 8) and usable in
    both (``usable_a``, ``usable_b``: all pixels when None; :func:`shifted_copy`
    leaves out rules). Unrelated detail correlates about zero, with a standard error
    of one over the square root of the independent samples, one per
    ``(2 * DETAIL_SIGMA)**2`` pixels. A copy agrees at its shift and not
    :data:`OFF_SHIFT` pixels beside it in any direction; a straight edge agrees all
    along itself, so what counts is the correlation at the shift less the highest
    beside it.
    """
    return _evidence(_detail_field(a, usable_a, texture_std),
                     _detail_field(b, usable_b, texture_std), dx, dy)


def _evidence(field_a: tuple[np.ndarray, np.ndarray], field_b: tuple[np.ndarray, np.ndarray],
              dx: int, dy: int) -> float:
    """:func:`overlap_evidence` of two detail fields (:func:`_detail_field`)."""
    here, samples = _detail_correlation(field_a, field_b, dx, dy)
    if samples < 1:
        return 0.0
    beside = max(_detail_correlation(field_a, field_b, dx + ox, dy + oy)[0]
                 for ox, oy in ((OFF_SHIFT, 0), (-OFF_SHIFT, 0), (0, OFF_SHIFT), (0, -OFF_SHIFT)))
    return (here - max(0.0, beside)) * math.sqrt(samples)


def _detail_field(image: np.ndarray, usable: np.ndarray | None, texture_std: float
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The fine detail of a grey image and where it counts (textured and usable),
    made once for every shift tried."""
    values = image.astype(np.float32)
    window = 2 * int(2 * DETAIL_SIGMA) + 1
    used = local_variance(values, window) > texture_std ** 2
    if usable is not None:
        used &= usable
    return values - cv2.GaussianBlur(values, (0, 0), DETAIL_SIGMA), used


def _detail_correlation(field_a: tuple[np.ndarray, np.ndarray],
                        field_b: tuple[np.ndarray, np.ndarray], dx: int, dy: int
                        ) -> tuple[float, float]:
    """Correlation of the fine detail of the shared part and its independent samples."""
    (detail_a, used_a), (detail_b, used_b) = field_a, field_b
    y0, x0 = max(0, dy), max(0, dx)
    y1, x1 = min(detail_a.shape[0], detail_b.shape[0] + dy), \
        min(detail_a.shape[1], detail_b.shape[1] + dx)
    if y1 - y0 < 4 * DETAIL_SIGMA or x1 - x0 < 4 * DETAIL_SIGMA:
        return 0.0, 0.0
    used = used_a[y0:y1, x0:x1] & used_b[y0 - dy:y1 - dy, x0 - dx:x1 - dx]
    part_a = detail_a[y0:y1, x0:x1][used]
    part_b = detail_b[y0 - dy:y1 - dy, x0 - dx:x1 - dx][used]
    norm = math.sqrt(float((part_a * part_a).sum()) * float((part_b * part_b).sum()))
    if norm <= 0:
        return 0.0, 0.0
    return float((part_a * part_b).sum()) / norm, part_a.size / (2 * DETAIL_SIGMA) ** 2


def chance_z(tests: int, false_alarms: float = FALSE_ALARMS) -> float:
    """The standard score that ``tests`` standard normal values exceed by chance
    ``false_alarms`` times in all."""
    tail = false_alarms / max(1, tests)
    # Inverse of the Gaussian upper tail, from its asymptotic form (ample here: the
    # tails sought are below 1e-6, where it is within a hundredth of a unit).
    z = math.sqrt(2.0 * math.log(1.0 / tail))
    for _ in range(3):
        z = math.sqrt(2.0 * math.log(1.0 / (tail * z * math.sqrt(2.0 * math.pi))))
    return z


def shifted_copy(panel_a: Panel, fa: Fingerprint, panel_b: Panel, fb: Fingerprint,
                 config: VerifyConfig, tests: int) -> Correspondence | None:
    """A part of ``panel_b``'s pixels that repeats one of ``panel_a``'s at some shift.

    Parameters
    ----------
    panel_a, panel_b : Panel
        The two panels (their print scale sets how long a rule is).
    fa, fb : Fingerprint
        Their fingerprints (the work images and scales are used).
    config : VerifyConfig
        The dense check's and the report rules' settings.
    tests : int
        How many pairs this search tries (the chance count grows with it).

    Returns
    -------
    Correspondence or None
        From ``fa`` to ``fb``, a pure translation at the panels' pixel scale, when a
        shift beyond chance is confirmed by the pixels, with no keypoint inlier.
    """
    # b's work pixels per a's work pixel, for the same original pixels.
    scale = fb.work_scale / fa.work_scale
    shrink = min(1.0, MAX_SIDE / max(fa.gray.shape + fb.gray.shape))
    a = cv2.resize(fa.gray, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA) \
        if shrink < 1 else fa.gray
    b = cv2.resize(fb.gray, None, fx=shrink / scale, fy=shrink / scale,
                   interpolation=cv2.INTER_AREA)
    per_pt = pixels_per_point(panel_a.bbox, panel_a.image.shape[1]) * fa.work_scale * shrink
    length = max(3, int(RULE_LENGTH_PT * per_pt))
    field_a, field_b = (_detail_field(image, ~rule_mask(image, length, 3), config.texture_std)
                        for image in (a, b))
    needed = chance_z(PEAKS * tests)
    best: Correspondence | None = None
    for dx, dy in phase_peaks(a, b):
        if _evidence(field_a, field_b, dx, dy) < needed:
            continue
        # a's work pixel (x, y) shows b's work pixel scale * ((x, y) - shift).
        matrix = np.array([[scale, 0.0, -dx / shrink * scale], [0.0, scale, -dy / shrink * scale]])
        dense = dense_check(fa.gray, fb.gray, matrix, np.empty((0, 2)), config,
                            config.local_ncc, grain_cell=max(1.0, fa.work_scale))
        if dense is None:
            continue
        found = build_correspondence(fa, fb, dense.matrix, 0, dense, config, located=True)
        if found is not None and (best is None or found.score > best.score):
            best = found
    return best if best is not None and best.score >= config.min_score else None
