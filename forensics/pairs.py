"""Verifying a pair of panels, whatever order they come in, and using the result.

:func:`forensics.verify.best_correspondence` matches keypoints from one panel to
the other and compares pixels in the first one's frame, so it is not symmetric.
:func:`verify_panels` runs it in one order fixed by the panels themselves (so
``compare A B`` and ``compare B A`` agree), retries a near miss the other way
round, and hands the result back seen from the caller's first panel
(:func:`swap`). :func:`pixel_matrix` and :func:`warp_onto` bring panel b's pixels
into panel a's frame for the checks that follow a verification (strips, hue).
"""

from __future__ import annotations

import cv2
import numpy as np

from forensics.fingerprint import Fingerprint
from forensics.model import Panel
from forensics.settings import VerifyConfig
from forensics.similarity import describe_transform
from forensics.verify import Correspondence, best_correspondence

__all__ = ["pixel_matrix", "swap", "verify_panels", "warp_onto"]


def pixel_matrix(found: Correspondence, fp_a: Fingerprint, fp_b: Fingerprint) -> np.ndarray:
    """The a → b map of a correspondence in panel pixels (it is kept in work pixels,
    which are panel pixels times each fingerprint's ``work_scale``)."""
    linear = found.matrix[:, :2] * (fp_a.work_scale / fp_b.work_scale)
    return np.hstack([linear, found.matrix[:, 2:] / fp_b.work_scale])


def warp_onto(image_b: np.ndarray, matrix: np.ndarray, shape: tuple[int, int]
              ) -> tuple[np.ndarray, np.ndarray]:
    """Panel b's pixels (float32) in a's frame of ``shape`` (``matrix``: a → b), and
    where they exist."""
    rows, cols = shape
    warped = cv2.warpAffine(image_b.astype(np.float32), matrix, (cols, rows),
                            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)
    valid = cv2.warpAffine(np.ones(image_b.shape[:2], np.uint8), matrix, (cols, rows),
                           flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP) > 0
    return warped, valid


def panel_order(panel: Panel, fp: Fingerprint) -> tuple:
    """A total order on panels that does not depend on the order they were given in."""
    return (panel.file, panel.page, panel.figure or "", panel.label or "", panel.bbox,
            fp.shape, int(fp.phash[0]), fp.descriptors.tobytes())


def verify_panels(
    panel_a: Panel, fp_a: Fingerprint, panel_b: Panel, fp_b: Fingerprint, config: VerifyConfig
) -> Correspondence | None:
    """Verify a pair in an order that does not depend on the order it was given in
    (so ``compare A B`` and ``compare B A`` agree); a near miss is verified the other
    way round too.

    Verification is not symmetric: keypoints are matched from one panel to the
    other and the pixels compared in the first panel's frame, and a copy printed
    at a fifth of the size can score 0.36 one way and 0.82 the other.

    Returns
    -------
    Correspondence or None
        From ``panel_a`` to ``panel_b``; None when the pair scores under
        ``config.min_score`` both ways.
    """
    forward = panel_order(panel_a, fp_a) <= panel_order(panel_b, fp_b)
    first, second = (fp_a, fp_b) if forward else (fp_b, fp_a)
    found = best_correspondence(first, second, config)
    if (found is not None and 0 < config.near_miss <= found.score < config.min_score) or (
            found is None and config.near_miss > 0 and _far_apart(first, second)):
        found = best_correspondence(second, first, config)
        forward = not forward
    if found is None or found.score < config.min_score:
        return None
    return found if forward else swap(found)


#: Ratio of work-image areas from which a pair that fails one way is verified the other
#: way too: a copy printed at a fifth of its size keeps too few keypoints to match from.
FAR_APART_AREA = 4.0


def _far_apart(first: Fingerprint, second: Fingerprint) -> bool:
    areas = sorted(float(fp.gray.size) for fp in (first, second))
    return areas[1] >= FAR_APART_AREA * max(areas[0], 1.0)


def swap(found: Correspondence) -> Correspondence:
    """The same correspondence seen from the other panel (b → a)."""
    inverse = np.linalg.inv(np.vstack([found.matrix, [0.0, 0.0, 1.0]]))[:2]
    # The transform in original pixels: invert the original-pixel linear map.
    t = found.transform
    return Correspondence(
        transform=describe_transform(np.linalg.inv(t.scale * t.linear())),
        inliers=found.inliers,
        score=found.score,
        region_a=found.region_b,
        region_b=found.region_a,
        overlap_a=found.overlap_b,
        overlap_b=found.overlap_a,
        agreement=found.agreement,
        detail_ncc=found.detail_ncc,
        matrix=inverse,
        graphics=found.graphics,
        identity=found.identity,
        points=found.points[:, [2, 3, 0, 1]],
    )
