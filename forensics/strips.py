"""Blot strips: the horizontal bands of a blot, and a strip reused under another blot.

A loading control (GAPDH, actin) reused under two different target blots is the
commonest duplication in western blots. The whole panels differ, so the strips
are compared on their own: with keypoints where they have some (any flip, turn or
scale), and pixel by pixel at one scale where they do not (a thin strip of smooth
bands gives a corner detector nothing to hold on to). A blot matched whole whose
strips are not all repeated is narrowed to the strips that are.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from forensics import index as index_module
from forensics.classify import image_data_share
from forensics.findings import (
    overlap_match,
    page_points,
    panel_ref,
    ref_key,
    same_place,
    to_page,
)
from forensics.fingerprint import Fingerprint, fingerprint_panel, to_gray
from forensics.model import Match, Panel, Transform
from forensics.pairs import pixel_matrix, verify_panels, warp_onto
from forensics.pixels import aligned_correlation, correlation, darkest_channel, runs
from forensics.settings import DetectConfig, FingerprintConfig, IndexConfig, VerifyConfig
from forensics.verify import Correspondence, map_region

__all__ = ["blot_strips", "shared_strips", "strip_matches", "strip_overlap"]


def blot_strips(panel: Panel, min_rows: int = 10, min_aspect: float = 2.5) -> list[Panel]:
    """The horizontal strips of a blot panel: runs of rows between nearly white rows,
    each at least ``min_rows`` high and ``min_aspect`` times wider than high.

    Returns no strips for a panel that is not made of two or more of them.
    """
    gray = darkest_channel(panel.image)
    light = (gray > 235).mean(axis=1) > 0.97
    width = panel.image.shape[1]
    bands = [(y0, y1) for y0, y1 in runs(~light)
             if y1 - y0 >= min_rows and width >= min_aspect * (y1 - y0)]
    if len(bands) < 2:
        return []
    x0, top, x1, bottom = panel.bbox
    per_row = (bottom - top) / panel.image.shape[0]
    return [Panel(file=panel.file, figure=panel.figure, label=panel.label, page=panel.page,
                  bbox=(x0, top + y0 * per_row, x1, top + y1 * per_row),
                  image=panel.image[y0:y1]) for y0, y1 in bands]


def _printed(image: np.ndarray) -> bool:
    """Whether the ink of a strip is mostly thin strokes (a row of printed labels)
    rather than bands, which are at least 3 pixels high and 9 wide."""
    gray = darkest_channel(image)
    ink = (gray < np.percentile(gray, 90) - 40).astype(np.uint8)
    if not ink.any():
        return False
    bands = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((3, 9), np.uint8))
    return float(bands.sum()) < 0.5 * float(ink.sum())


def _image_strips(panels: Sequence[Panel], config: DetectConfig) -> list[tuple[Panel, Panel]]:
    """(panel, strip) for the strips of blot panels that hold image data: not a row
    of printed labels, and mostly continuous tone that is no ramp (the grey wedge of
    concentrations drawn over a gel is as wide and low as a strip)."""
    return [(p, s) for p in panels for s in blot_strips(p)
            if not _printed(s.image) and (config.include_graphics or image_data_share(
                s.image) >= config.min_region_tone)]


def strip_matches(
    panels: Sequence[Panel], others: Sequence[Panel] | None, found: Sequence[Match],
    fp_config: FingerprintConfig, index_config: IndexConfig, verify_config: VerifyConfig,
    detect_config: DetectConfig,
) -> list[Match]:
    """Strips reused between two blots whose other strips differ (kind ``overlap``).

    Strips with keypoints are matched like panels (any flip, turn or scale); the rest
    of the strip pairs are compared pixel by pixel at one scale (:func:`_dense_strip`):
    a thin strip of smooth bands gives an ORB detector nothing to hold on to.
    """
    done = {(ref_key(m.a), ref_key(m.b)) for m in found}
    done |= {(b, a) for a, b in done}
    strips_a = _image_strips(panels, detect_config)
    strips_b = strips_a if others is None else _image_strips(others, detect_config)
    if not strips_a or not strips_b:
        return []
    prints_a = [fingerprint_panel(s, fp_config) for _, s in strips_a]
    prints_b = prints_a if others is None else [fingerprint_panel(s, fp_config)
                                                for _, s in strips_b]
    pairs = index_module.candidate_pairs(prints_a, None if others is None else prints_b,
                                         index_config)
    out: list[Match] = []
    for i, j in pairs:
        (pa, sa), (pb, sb) = strips_a[i], strips_b[j]
        key = (ref_key(panel_ref(pa)), ref_key(panel_ref(pb)))
        if pa is pb or key in done or same_place(pa, pb):
            continue
        corr = verify_panels(sa, prints_a[i], sb, prints_b[j], verify_config)
        if corr is None or min(corr.overlap_a, corr.overlap_b) < verify_config.duplicate_overlap:
            continue  # a strip must be reused whole
        if corr.score < detect_config.strip_min_score:
            continue
        if corr.graphics or corr.identity < verify_config.chart_identity:
            # A reused strip is the same ink; a row of lane labels cut like a strip
            # (printed text on white) agrees on its text and is no blot.
            continue
        region_a, region_b = to_page(sa, corr.region_a), to_page(sb, corr.region_b)
        done |= {key, key[::-1]}
        out.append(overlap_match(pa, pb, corr.score, corr.transform, corr.inliers,
                                  region_a, region_b, page_points(sa, sb, corr.points)))
    if detect_config.strip_grey <= 1.0:
        greys_a = [to_gray(s.image).astype(np.float32) for _, s in strips_a]
        greys_b = greys_a if others is None else [to_gray(s.image).astype(np.float32)
                                                  for _, s in strips_b]
        for i, (pa, sa) in enumerate(strips_a):
            for j, (pb, sb) in enumerate(strips_b):
                key = (ref_key(panel_ref(pa)), ref_key(panel_ref(pb)))
                if (others is None and j <= i) or pa is pb or key in done or same_place(pa, pb):
                    continue
                # One order for the pair whatever the caller's, so that compare A B
                # and compare B A agree.
                first = (key[0], sa.bbox) <= (key[1], sb.bbox)
                score = _dense_strip(*((greys_a[i], greys_b[j]) if first
                                       else (greys_b[j], greys_a[i])), detect_config)
                if score is not None:
                    done |= {key, key[::-1]}
                    scale = sb.image.shape[1] / sa.image.shape[1]
                    out.append(overlap_match(pa, pb, score, Transform(scale=round(scale, 3)),
                                              0, sa.bbox, sb.bbox))
    return out


def _dense_strip(grey_a: np.ndarray, grey_b: np.ndarray, config: DetectConfig) -> float | None:
    """The grey correlation of two blot strips when they are one strip at two sizes
    (:func:`forensics.pixels.aligned_correlation`), else None."""
    if min(float(grey_a.std()), float(grey_b.std())) < config.strip_min_contrast:
        return None  # a blank strip: nothing to tell a copy by
    found = aligned_correlation(grey_a, grey_b)
    if found is None or found[0] < config.strip_grey or found[1] < config.strip_detail:
        return None
    return found[0]


def strip_overlap(match: Match, panel_a: Panel, fp_a: Fingerprint, panel_b: Panel,
                   fp_b: Fingerprint, found: Correspondence, config: DetectConfig) -> Match:
    """A whole-blot match narrowed to the strips b really repeats (kind overlap)."""
    shared = shared_strips(panel_a, fp_a, panel_b, fp_b, found, config.strip_correlation)
    if shared is None:
        return match
    return overlap_match(panel_a, panel_b, match.score, match.transform, match.inliers,
                          to_page(panel_a, shared[0]), to_page(panel_b, shared[1]),
                          match.points)


def shared_strips(panel_a: Panel, fp_a: Fingerprint, panel_b: Panel, fp_b: Fingerprint,
                  found: Correspondence, min_correlation: float
                  ) -> tuple[tuple[int, int, int, int], tuple[int, int, int, int]] | None:
    """The strips of blot ``a`` that ``b`` repeats, when it repeats some but not all.

    Blots of one layout printed small agree on band places strip by strip, so a
    blot whose loading control was reused can verify as a whole copy. Under the
    verified transform, each strip of a with visible bands is correlated with the
    pixels of b over it: a copied strip correlates near 1, a look-alike far less.

    Returns
    -------
    (region_a, region_b) or None
        Pixel boxes of the repeated strips in a and of their image in b; None when
        a is not made of strips, or when every strip (or none) is repeated.
    """
    strips = blot_strips(panel_a)
    if len(strips) < 2:
        return None
    matrix = pixel_matrix(found, fp_a, fp_b)
    gray_a = to_gray(panel_a.image).astype(np.float32)
    rows, cols = gray_a.shape
    warped, valid = warp_onto(to_gray(panel_b.image), matrix, (rows, cols))
    per_row = rows / (panel_a.bbox[3] - panel_a.bbox[1])
    kept, judged = [], 0
    for strip in strips:
        y0 = int(round((strip.bbox[1] - panel_a.bbox[1]) * per_row))
        y1 = min(rows, y0 + strip.image.shape[0])
        inside = valid[y0:y1]
        if inside.mean() < 0.8 or float(gray_a[y0:y1][inside].std()) < 8.0:
            continue  # off b, or a blank strip: no evidence either way
        judged += 1
        if correlation(gray_a[y0:y1][inside], warped[y0:y1][inside]) >= min_correlation:
            kept.append((y0, y1))
    if not kept or len(kept) == judged:
        return None
    region_a = (0, min(y0 for y0, _ in kept), cols, max(y1 for _, y1 in kept))
    return region_a, map_region(region_a, matrix, panel_b.image.shape[:2])
