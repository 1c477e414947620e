"""Find duplicated panels: fingerprint → candidate search → verification → Matches.

:func:`find_duplicates` is the one entry point the orchestration layer needs:
``find_duplicates(panels)`` scans a set of panels against itself (and each panel
for clones inside it); ``find_duplicates(panels, others)`` compares two sets.
The result does not depend on the argument order beyond swapping ``a`` and ``b``:
every pair is verified in a canonical order (by panel identity) and the
correspondence is inverted when the caller's order is the other one.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import replace

import cv2
import numpy as np

from forensics import clones as clones_module
from forensics import index as index_module
from forensics import verify as verify_module
from forensics.fingerprint import Fingerprint, fingerprint_panel, to_gray
from forensics.model import BBox, Match, Panel, PanelRef, Transform
from forensics.pixels import aligned_correlation, correlation, darkest_channel, runs
from forensics.settings import DetectConfig, FingerprintConfig, Settings, VerifyConfig
from forensics.verify import Correspondence, describe_transform, map_region

logger = logging.getLogger(__name__)




def line_art_share(image: np.ndarray) -> float:
    """How much of an RGB image is flat page white, 0 unless the image is flat almost
    everywhere (white ground, flat fills: charts and diagrams). Micrographs, blots and
    gels carry grain everywhere, even where they are light."""
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32)
    mean = cv2.blur(gray, (5, 5))
    flat = (cv2.blur(gray * gray, (5, 5)) - mean * mean) < 2.0
    if flat.mean() < 0.65:
        return 0.0
    return float((flat & (gray >= 200)).mean())


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


def _pixel_matrix(found: Correspondence, fp_a: Fingerprint, fp_b: Fingerprint) -> np.ndarray:
    """The a → b map of a correspondence in panel pixels (it is kept in work pixels,
    which are panel pixels times each fingerprint's ``work_scale``)."""
    linear = found.matrix[:, :2] * (fp_a.work_scale / fp_b.work_scale)
    return np.hstack([linear, found.matrix[:, 2:] / fp_b.work_scale])


def _onto(image_b: np.ndarray, matrix: np.ndarray, shape: tuple[int, int]
          ) -> tuple[np.ndarray, np.ndarray]:
    """Panel b's pixels (float32) in a's frame of ``shape``, and where they exist."""
    rows, cols = shape
    warped = cv2.warpAffine(image_b.astype(np.float32), matrix, (cols, rows),
                            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)
    valid = cv2.warpAffine(np.ones(image_b.shape[:2], np.uint8), matrix, (cols, rows),
                           flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP) > 0
    return warped, valid


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
    matrix = _pixel_matrix(found, fp_a, fp_b)
    gray_a = to_gray(panel_a.image).astype(np.float32)
    rows, cols = gray_a.shape
    warped, valid = _onto(to_gray(panel_b.image), matrix, (rows, cols))
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


def hue_mismatch(panel_a: Panel, fp_a: Fingerprint, panel_b: Panel, fp_b: Fingerprint,
                 found: Correspondence) -> float:
    """Share of the bright, coloured pixels of a matched region whose hue differs by
    more than 45 degrees between the two panels, b mapped onto a (0 for grey images).

    A copy keeps each pixel's hue (re-toned, re-compressed or not). A channel and the
    merge it is part of agree on the channel's shapes while the merge adds the other
    channels' colours in places: green in one, white and magenta spots in the other.

    Judged in the frame of the copy with fewer pixels, whichever panel is given first:
    enlarged onto a copy five times its size, a small copy's JPEG colour blocks
    outgrow the blur and turn the hue of whole areas.
    """
    if panel_a.image.ndim != 3 or panel_b.image.ndim != 3:
        return 0.0
    matrix = _pixel_matrix(found, fp_a, fp_b)
    scale = math.sqrt(abs(float(np.linalg.det(matrix[:, :2]))))  # b pixels per a pixel
    if scale < 1.0 or (scale == 1.0 and _panel_key(panel_b, fp_b) < _panel_key(panel_a, fp_a)):
        return hue_mismatch(panel_b, fp_b, panel_a, fp_a, swap(found))
    warped, valid = _onto(panel_b.image, matrix, panel_a.image.shape[:2])
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


def find_duplicates(
    panels: Sequence[Panel],
    others: Sequence[Panel] | None = None,
    settings: Settings | None = None,
) -> list[Match]:
    """Verified duplications among ``panels``, or between ``panels`` and ``others``.

    Parameters
    ----------
    panels : sequence of Panel
    others : sequence of Panel, optional
        When given, only pairs with one panel from each set are reported, with
        ``a`` from ``panels`` and ``b`` from ``others``; clones are not searched.
    settings : Settings, optional
        Its ``fingerprint``, ``index``, ``verify``, ``clones`` and ``detect``
        sections are used; the defaults when omitted.

    Returns
    -------
    list of Match
        Highest score first. Regions are in page points; ``transform`` tells how
        ``b`` relates to ``a`` (see :mod:`forensics.verify` for the convention).
    """
    settings = settings or Settings()
    fp_config, index_config = settings.fingerprint, settings.index
    verify_config, clone_config = settings.verify, settings.clones
    detect_config = settings.detect

    started = time.perf_counter()
    # Slivers (rules, a lone lane, a text line) cannot hold a meaningful duplication
    # and are too thin to fingerprint: they are left out, not errors.
    panels = [p for p in _usable(panels)
              if line_art_share(p.image) < detect_config.line_art_white]
    prints_a = [fingerprint_panel(panel, fp_config) for panel in panels]
    if others is None:
        panels_b, prints_b = panels, prints_a
    else:
        panels_b = [p for p in _usable(others)
                    if line_art_share(p.image) < detect_config.line_art_white]
        prints_b = [fingerprint_panel(p, fp_config) for p in panels_b]
    fingerprinted = time.perf_counter()

    pairs = index_module.candidate_pairs(prints_a, None if others is None else prints_b,
                                         index_config)
    searched = time.perf_counter()

    matches: list[Match] = []
    rescaled: dict[tuple[int, float], Fingerprint] = {}
    for i, j in pairs:
        if _same_place(panels[i], panels_b[j]):
            continue  # two boxes over one part of a page: a split artefact, not a copy
        fp_a, fp_b = prints_a[i], prints_b[j]
        found = _verify_canonical(panels[i], fp_a, panels_b[j], fp_b, verify_config)
        if found is None:
            again = _at_one_scale(panels[i], fp_a, panels_b[j], fp_b, fp_config,
                                  detect_config, rescaled)
            if again is not None:
                fp_a, fp_b = again
                found = _verify_canonical(panels[i], fp_a, panels_b[j], fp_b, verify_config)
        if found is not None and max(found.overlap_a, found.overlap_b) >= (
                detect_config.min_overlap_share) and hue_mismatch(
                panels[i], fp_a, panels_b[j], fp_b, found) <= detect_config.max_hue_mismatch:
            match = _to_match(panels[i], panels_b[j], found, verify_config.duplicate_overlap)
            if match.kind == "duplicate":
                match = _strip_overlap(match, panels[i], fp_a, panels_b[j], fp_b,
                                       found, detect_config)
            if not _regions_overlap(match):
                matches.append(match)
    if detect_config.strips:
        matches += _strip_matches(panels, None if others is None else panels_b, matches,
                                  fp_config, index_config, verify_config, detect_config)
    if others is None and detect_config.clones:
        for panel in panels:
            for clone in clones_module.find_clones(panel.image, clone_config):
                if other_channel(panel.image, clone.region_a, panel.image, clone.region_b,
                                 detect_config.channel_hue):
                    continue
                match = _to_match(panel, panel, clone, None)
                x0, y0, x1, y1 = match.region_a
                if min(x1 - x0, y1 - y0) >= detect_config.clone_min_side:
                    matches.append(match)
    finished = time.perf_counter()
    logger.debug(
        "find_duplicates: %d+%d panels, fingerprints %.3f s, search %.3f s (%d pairs), "
        "verify %.3f s, %d matches",
        len(panels), 0 if others is None else len(others), fingerprinted - started,
        searched - fingerprinted, len(pairs), finished - searched, len(matches),
    )
    matches.sort(key=lambda m: (-m.score, _ref_key(m.a), _ref_key(m.b)))
    return matches


def _at_one_scale(panel_a: Panel, fp_a: Fingerprint, panel_b: Panel, fp_b: Fingerprint,
                  fp_config: FingerprintConfig, config: DetectConfig,
                  made: dict[tuple[int, float], Fingerprint]
                  ) -> tuple[Fingerprint, Fingerprint] | None:
    """The two fingerprints with the one whose working copy is reduced more made again
    at the other's scale, when their scales differ by ``config.one_scale`` or more.

    Working copies bring every panel to about one size, right for a copy printed at
    another size, wrong for a crop: a wide panel reduced to 96 px high holds its crop,
    enlarged to 96 px high, at a third of the crop's size, too small for ORB patches.
    ``made`` caches the fingerprints made again (by panel and scale).
    """
    if config.one_scale <= 1.0:
        return None
    low, high = sorted((fp_a.work_scale, fp_b.work_scale))
    if high < config.one_scale * low:
        return None
    panel = panel_a if fp_a.work_scale == low else panel_b
    longest = max(panel.image.shape[:2])
    scale = min(high, config.one_scale_side / longest)
    if scale < config.one_scale * low:
        return None  # the copy it would need is larger than allowed
    key = (id(panel), round(scale, 3))
    if key not in made:
        made[key] = fingerprint_panel(panel, replace(
            fp_config, work_side=round(longest * scale), work_short_side=0,
            max_upscale=max(scale, 1.0)))
    if panel is panel_a:
        return made[key], fp_b
    return fp_a, made[key]


#: Panels whose image is thinner than this (pixels) are not searched.
MIN_PANEL_PIXELS = 16


def _usable(panels: Sequence[Panel]) -> list[Panel]:
    kept = [p for p in panels if min(p.image.shape[:2]) >= MIN_PANEL_PIXELS]
    if len(kept) < len(panels):
        logger.debug("find_duplicates: %d panel(s) under %d px left out",
                     len(panels) - len(kept), MIN_PANEL_PIXELS)
    return kept


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


def _strip_matches(panels, others, found, fp_config, index_config, verify_config,
                   detect_config) -> list[Match]:
    """Strips reused between two blots whose other strips differ (kind ``overlap``).

    Strips with keypoints are matched like panels (any flip, turn or scale); the rest
    of the strip pairs are compared pixel by pixel at one scale (:func:`_dense_strip`):
    a thin strip of smooth bands gives an ORB detector nothing to hold on to.
    """
    done = {(_ref_key(m.a), _ref_key(m.b)) for m in found}
    done |= {(b, a) for a, b in done}
    strips_a = [(p, s) for p in panels for s in blot_strips(p) if not _printed(s.image)]
    strips_b = strips_a if others is None else [
        (p, s) for p in others for s in blot_strips(p) if not _printed(s.image)]
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
        key = (_ref_key(_ref(pa)), _ref_key(_ref(pb)))
        if pa is pb or key in done or _same_place(pa, pb):
            continue
        corr = _verify_canonical(sa, prints_a[i], sb, prints_b[j], verify_config)
        if corr is None or min(corr.overlap_a, corr.overlap_b) < verify_config.duplicate_overlap:
            continue  # a strip must be reused whole
        if corr.score < detect_config.strip_min_score:
            continue
        if corr.graphics or corr.identity < verify_config.chart_identity:
            # A reused strip is the same ink; a row of lane labels cut like a strip
            # (printed text on white) agrees on its text and is no blot.
            continue
        region_a, region_b = _to_page(sa, corr.region_a), _to_page(sb, corr.region_b)
        done |= {key, key[::-1]}
        out.append(_overlap_match(pa, pb, corr.score, corr.transform, corr.inliers,
                                  region_a, region_b))
    if detect_config.strip_grey <= 1.0:
        greys_a = [to_gray(s.image).astype(np.float32) for _, s in strips_a]
        greys_b = greys_a if others is None else [to_gray(s.image).astype(np.float32)
                                                  for _, s in strips_b]
        for i, (pa, sa) in enumerate(strips_a):
            for j, (pb, sb) in enumerate(strips_b):
                key = (_ref_key(_ref(pa)), _ref_key(_ref(pb)))
                if (others is None and j <= i) or pa is pb or key in done or _same_place(pa, pb):
                    continue
                # One order for the pair whatever the caller's, so that compare A B
                # and compare B A agree.
                first = (key[0], sa.bbox) <= (key[1], sb.bbox)
                score = _dense_strip(*((greys_a[i], greys_b[j]) if first
                                       else (greys_b[j], greys_a[i])), detect_config)
                if score is not None:
                    done |= {key, key[::-1]}
                    scale = sb.image.shape[1] / sa.image.shape[1]
                    out.append(_overlap_match(pa, pb, score, Transform(scale=round(scale, 3)),
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


def _overlap_match(pa: Panel, pb: Panel, score: float, transform: Transform, inliers: int,
                   region_a: BBox, region_b: BBox) -> Match:
    return Match(a=_ref(pa), b=_ref(pb), kind="overlap", score=score, transform=transform,
                 inliers=inliers, overlap_a=_area(region_a) / _area(pa.bbox),
                 overlap_b=_area(region_b) / _area(pb.bbox), region_a=region_a,
                 region_b=region_b)


def _strip_overlap(match: Match, panel_a: Panel, fp_a: Fingerprint, panel_b: Panel,
                   fp_b: Fingerprint, found: Correspondence, config: DetectConfig) -> Match:
    """A whole-blot match narrowed to the strips b really repeats (kind overlap)."""
    shared = shared_strips(panel_a, fp_a, panel_b, fp_b, found, config.strip_correlation)
    if shared is None:
        return match
    return _overlap_match(panel_a, panel_b, match.score, match.transform, match.inliers,
                          _to_page(panel_a, shared[0]), _to_page(panel_b, shared[1]))


def _area(box: BBox) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _same_place(a: Panel, b: Panel) -> bool:
    """Whether two panels overlap on the same page (more than a fifth of the smaller)."""
    if a.file != b.file or a.page != b.page:
        return False
    ix = max(0.0, min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0]))
    iy = max(0.0, min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1]))
    smaller = min((a.bbox[2] - a.bbox[0]) * (a.bbox[3] - a.bbox[1]),
                  (b.bbox[2] - b.bbox[0]) * (b.bbox[3] - b.bbox[1]))
    return ix * iy > 0.2 * smaller


def _regions_overlap(match: Match) -> bool:
    """Whether the two regions of a match share part of one page: pixels compared with
    themselves (two panel boxes cut across one image), not a copy."""
    a, b = match.a, match.b
    if a.file != b.file or a.page != b.page:
        return False
    ra, rb = match.region_a, match.region_b
    ix = max(0.0, min(ra[2], rb[2]) - max(ra[0], rb[0]))
    iy = max(0.0, min(ra[3], rb[3]) - max(ra[1], rb[1]))
    return ix * iy > 0.05 * min(_area(ra), _area(rb))


def _panel_key(panel: Panel, fp: Fingerprint) -> tuple:
    """Total order on panels that does not depend on the order they were given in."""
    return (panel.file, panel.page, panel.figure or "", panel.label or "", panel.bbox,
            fp.shape, int(fp.phash[0]), fp.descriptors.tobytes())


def _verify_canonical(
    panel_a: Panel, fp_a: Fingerprint, panel_b: Panel, fp_b: Fingerprint, config: VerifyConfig
) -> Correspondence | None:
    """Verify a pair in an order that does not depend on the order it was given in
    (so ``compare A B`` and ``compare B A`` agree); a near miss is verified the other
    way round too.

    Verification is not symmetric: keypoints are matched from one panel to the
    other and the pixels compared in the first panel's frame, and a copy printed
    at a fifth of the size can score 0.36 one way and 0.82 the other.
    """
    forward = _panel_key(panel_a, fp_a) <= _panel_key(panel_b, fp_b)
    first, second = (fp_a, fp_b) if forward else (fp_b, fp_a)
    found = verify_module.best_correspondence(first, second, config)
    if found is not None and 0 < config.near_miss <= found.score < config.min_score:
        found = verify_module.best_correspondence(second, first, config)
        forward = not forward
    if found is None or found.score < config.min_score:
        return None
    return found if forward else swap(found)


def swap(found: Correspondence) -> Correspondence:
    """The same correspondence seen from the other panel (b → a)."""
    inverse = np.linalg.inv(np.vstack([found.matrix, [0.0, 0.0, 1.0]]))[:2]
    # The transform in original pixels: invert the original-pixel linear map.
    a_to_b = _original_linear(found)
    return Correspondence(
        transform=describe_transform(np.linalg.inv(a_to_b)),
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
    )


def _original_linear(found: Correspondence) -> np.ndarray:
    """Rebuild the original-pixel linear map from the reported transform."""
    t = found.transform
    theta = np.radians(t.rotation)
    rot = np.array([[np.cos(theta), np.sin(theta)], [-np.sin(theta), np.cos(theta)]])
    flip = {None: np.eye(2), "horizontal": np.diag([-1.0, 1.0]),
            "vertical": np.diag([1.0, -1.0])}[t.flip]
    return t.scale * rot @ flip


def _to_page(panel: Panel, region: tuple[float, float, float, float]) -> BBox:
    """Pixel region of the panel image → page points (the image spans the bbox linearly)."""
    rows, cols = panel.image.shape[:2]
    x0, y0, x1, y1 = panel.bbox
    sx, sy = (x1 - x0) / cols, (y1 - y0) / rows
    return (round(x0 + region[0] * sx, 2), round(y0 + region[1] * sy, 2),
            round(x0 + region[2] * sx, 2), round(y0 + region[3] * sy, 2))


def _ref(panel: Panel) -> PanelRef:
    return PanelRef(figure=panel.figure or "?", panel=panel.label, file=panel.file,
                    page=panel.page, bbox=panel.bbox)


def _ref_key(ref: PanelRef) -> tuple:
    return (ref.file or "", ref.page or 0, ref.figure, ref.panel or "", ref.bbox or ())


def _to_match(
    panel_a: Panel, panel_b: Panel, found: Correspondence, duplicate_overlap: float | None
) -> Match:
    if duplicate_overlap is None:
        kind = "clone"
    elif min(found.overlap_a, found.overlap_b) >= duplicate_overlap:
        kind = "duplicate"
    else:
        kind = "overlap"
    return Match(
        a=_ref(panel_a),
        b=_ref(panel_b),
        kind=kind,
        score=found.score,
        transform=found.transform,
        inliers=found.inliers,
        overlap_a=found.overlap_a,
        overlap_b=found.overlap_b,
        region_a=_to_page(panel_a, found.region_a),
        region_b=_to_page(panel_b, found.region_b),
    )
