"""Clones inside one panel (copy-move): a region pasted a second time elsewhere.

The search runs in three steps:

1. **Candidate offsets.** A paste repeats its content at one displacement, found
   two ways. ORB keypoints matched against the panel's own keypoints, with Lowe's
   ratio test against the second-nearest, so a row of look-alike bands votes
   little. And, for smooth content with few corners (a pasted band), every
   textured block compared by its coarse grey-level layout with the blocks near it
   in an ordering by content, under the same kind of ratio test: with contrast
   removed, and in grey panels (tinted film scans too) also with the grey levels as
   they are (look-alike bands differ in them, a paste does not). The densest
   displacements of each search are candidates; one whose support repeats clearly
   better a pixel or two away is tried there too (a median of votes can miss the
   paste's offset by a pixel). (An autocorrelation of the fine detail, the first
   method, found fewer pastes at a higher cost.)
2. **Region.** The image and the image shifted by the offset are compared by local
   normalised correlation of their grey values (tone-invariant, so a re-compressed
   paste still agrees); the largest agreeing area of textured pixels is the
   candidate pair of regions (judged below on the part holding the matched
   keypoints, since smooth surroundings may agree too). A paste too thin for
   whole windows to agree (a row of bands 10-15 px high) is looked for where the
   offset's evidence lies, as the rows and columns repeating the copy's grey
   levels; these must end abruptly, as a pasted rectangle does; so is one whose
   agreeing area is thinner than two windows. Lettering (text on page white, white
   labels and scale bars standing out from a micrograph) is not texture; the light
   background of a blot or gel is. A
   region that overlaps its own copy is a repeating pattern (lanes, a ladder), not
   a paste, and copies level with each other across a white gutter are two images
   in one panel box.
3. **Uniqueness.** The decisive test. A pasted region matches its copy better than
   anything else in the panel does; a look-alike (one band of a row of similar
   bands, one rung of a ladder, a well of a row of wells) matches several places
   about as well. The region's template is correlated with the whole panel
   (:func:`cv2.matchTemplate`): the copy must correlate strongly, the best other
   place clearly less, and the same must hold for most quarters of the region,
   which a pair of look-alike bands side by side fails. Where correlation cannot
   tell (a band among look-alike bands), a paste still repeats its copy's grey
   levels, and its grain (the pixel noise re-compression leaves in part, without the
   smooth profiles look-alikes share), far closer than anything else does. A region
   that fails is judged once more on its exact core (the rows and columns repeating
   the copy's grey levels): the agreeing area can overrun a paste into look-alike
   surroundings.

The thresholds (:class:`forensics.settings.CloneConfig`; how each was measured:
"Calibration" in ``docs/benchmarks.md``) were chosen on a corpus of
81 generated clones (``python -m forensics.fixtures.papers --classes clone``) and on the image
panels of four ordinary 40-paper corpora and seven real papers, where no panel but
those planted may show a clone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from forensics.clone_offsets import block_offsets, is_grey, keypoint_offsets
from forensics.fingerprint import to_gray
from forensics.pixels import (
    correlation,
    darkest_channel,
    detail,
    grain_agreement,
    grain_independent,
    graphic_mask,
    local_stats,
    runs,
)
from forensics.settings import CloneConfig

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Clone:
    """A region of a panel pasted a second time elsewhere in it, translated.

    Attributes
    ----------
    region_a, region_b : tuple of float
        The upper (on a tie, the left) copy and the other, ``(x0, y0, x1, y1)`` in
        pixels of the panel image.
    score : float
        Template correlation of the two copies, discounted by the best look-alike
        elsewhere in the panel (0..1).
    share : float
        Area of one copy as a share of the panel's.
    agreement : float
        Share of the region's textured pixels agreeing with the copy.
    detail_ncc : float
        Correlation of the fine detail of the two copies.
    """

    region_a: tuple[float, float, float, float]
    region_b: tuple[float, float, float, float]
    score: float
    share: float
    agreement: float
    detail_ncc: float

    @property
    def shift(self) -> tuple[float, float]:
        """Displacement ``(dx, dy)`` in pixels from ``region_a`` to ``region_b``."""
        return (self.region_b[0] - self.region_a[0], self.region_b[1] - self.region_a[1])


def find_clones(image: np.ndarray, config: CloneConfig | None = None) -> list[Clone]:
    """Regions of ``image`` pasted a second time elsewhere in it, translated.

    Parameters
    ----------
    image : numpy.ndarray
        The panel, ``(rows, cols)`` or ``(rows, cols, 3)`` ``uint8``.
    config : CloneConfig, optional
        Thresholds; the defaults when omitted.

    Returns
    -------
    list of Clone
        One per paste. Rotated, mirrored or rescaled pastes are not searched.
    """
    config = config or CloneConfig()
    gray8 = to_gray(image)
    factor = max(1, math.ceil(max(gray8.shape) / config.max_side))
    if factor > 1:
        gray8 = cv2.resize(gray8, (gray8.shape[1] // factor, gray8.shape[0] // factor),
                           interpolation=cv2.INTER_AREA)
    gray = gray8.astype(np.float32)
    rows, cols = gray.shape
    if min(rows, cols) < 4 * config.window:
        return []
    textured = _textured(gray, config) & ~_overlay(image, gray.shape, config)
    if textured.sum() < config.min_textured_pixels:
        return []

    # Keypoints and blocks may agree on an offset but not on where its evidence
    # lies (the support box), so an offset is tried once from each.
    searches = [keypoint_offsets(gray8, config), block_offsets(gray, textured, config)]
    if is_grey(image, config.grey_tint):
        searches.append(block_offsets(gray, textured, config, exact=True))
    offsets = [(dx, dy, support, source) for source, found in enumerate(searches)
               for dx, dy, support in found]
    tried: list[tuple[float, float, int]] = []
    regions: dict[tuple[int, int], tuple[Box, float] | None] = {}
    results: list[Clone] = []
    for dx, dy, support, source in offsets:
        if any(abs(dx - x) <= 2 and abs(dy - y) <= 2 and (s == source or s < 0)
               for x, y, s in tried):
            continue
        tried.append((dx, dy, source))
        rounded = (round(dx), round(dy))
        judged = None
        # The offset voted for can be a pixel off the paste's (the median of
        # keypoint displacements); a nearby one repeating the support's grey levels
        # clearly better is tried next.
        refined = _exact_shift(gray, support, rounded, config.refine_share) \
            if config.refine_share > 0 else rounded
        for shift in dict.fromkeys((rounded, refined)):
            judged = _paste_judged(gray, textured, shift, support, regions, config)
            if judged is not None:
                break
        if judged is None:
            continue
        region, agreement, match, ratio = judged
        if _gutter_between(gray, region, shift, config):
            continue  # two images side by side in one panel box, not a paste
        region_b = (region[0] + shift[0], region[1] + shift[1],
                    region[2] + shift[0], region[3] + shift[1])
        if min(_white_surround(gray8, region), _white_surround(gray8, region_b)) \
                >= WHITE_SURROUND:
            continue  # an object drawn on the page twice (a word, an icon, a band)
        if _grain_independent(gray, textured, region, shift):
            continue  # look-alikes (cells of one kind): same shapes, their own grain
        share = (region[2] - region[0]) * (region[3] - region[1]) / float(rows * cols)
        results.append(Clone(
            region_a=_scaled(region, factor),
            region_b=_scaled(region_b, factor),
            score=round(max(0.0, match * (1.0 - ratio / 2.0)), 4),
            share=round(share, 4),
            agreement=round(agreement, 4),
            detail_ncc=round(_detail_correlation(gray, region, shift), 4),
        ))
        tried.append((dx, dy, -1))  # found: not tried again
    return results


#: Share of page white around both copies above which a repeat is an object drawn on
#: the page (a word, an icon, a rendered sphere, an isolated band), not a paste into
#: image data: a paste lies inside the picture it was pasted into. Generated clones
#: have at most 0.22 (40 papers, seed 7, the smaller of the two sides); the repeats
#: the clone search found on clean real papers of the tuning half, 0.65 and 0.72.
WHITE_SURROUND = 0.5
#: Grey level of page white.
PAGE_WHITE = 235


def _white_surround(gray8: np.ndarray, box: Box) -> float:
    """Share of page white in a ring around ``box`` (a third of its longer side wide,
    at least 4 px), inside the image."""
    x0, y0, x1, y1 = (int(v) for v in box)
    pad = max(4, int(0.35 * max(x1 - x0, y1 - y0)))
    rows, cols = gray8.shape
    outer = gray8[max(0, y0 - pad):min(rows, y1 + pad), max(0, x0 - pad):min(cols, x1 + pad)]
    inner = gray8[max(0, y0):min(rows, y1), max(0, x0):min(cols, x1)]
    ring = outer.size - inner.size
    if ring <= 0:
        return 0.0
    white = int((outer >= PAGE_WHITE).sum()) - int((inner >= PAGE_WHITE).sum())
    return white / ring


def _scaled(box: Box, factor: int) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    return (float(x0 * factor), float(y0 * factor), float(x1 * factor), float(y1 * factor))


def _paste_judged(
    gray: np.ndarray, textured: np.ndarray, shift: tuple[int, int], support: Box,
    regions: dict[tuple[int, int], tuple[Box, float] | None], config: CloneConfig,
) -> tuple[Box, float, float, float] | None:
    """The region pasted at ``shift`` (its agreement, copy correlation and uniqueness
    ratio) when one passes the tests, else None: the agreeing region or its exact
    core, or, when there is no such region or only a thin one, the exact core around
    ``support``. ``regions`` caches the agreeing region by offset, which it depends
    on alone."""
    if shift not in regions:
        regions[shift] = _paste_region(gray, textured, *shift, config)
    found = regions[shift]
    tried: set[Box] = set()
    if found is not None:
        region, agreement = found
        # Judged on the part holding the matched keypoints; reported whole.
        probe = _within(region, support, config.window)
        judged = _judge(gray, probe, shift, config)
        if judged is not None:
            return region, agreement, *judged
        tried.add(probe)
        cored = _core_judged(gray, textured, region, shift, tried, config)
        if cored is not None:  # reported as judged: the part that repeats exactly
            return cored[0], agreement, *cored[1:]
    w = config.window
    if found is not None and min(region[2] - region[0], region[3] - region[1]) >= 2 * w:
        return None
    # A thin paste (a row of bands) has too few whole windows to agree by local
    # correlation: no area, or a thin one running on into look-alike surroundings.
    # Where the offset's evidence lies, its exact core may show it.
    rows, cols = gray.shape
    around = (max(0, -shift[0], support[0] - w), max(0, -shift[1], support[1] - w),
              min(cols, cols - shift[0], support[2] + w),
              min(rows, rows - shift[1], support[3] + w))
    if min(around[2] - around[0], around[3] - around[1]) < 2 * w:
        return None
    cored = _core_judged(gray, textured, around, shift, tried, config, edged=True)
    if cored is None:
        return None
    core = cored[0]
    return core, float(_repeats(gray, core, shift, config).mean()), *cored[1:]


def _core_judged(
    gray: np.ndarray, textured: np.ndarray, region: Box, shift: tuple[int, int],
    tried: set[Box], config: CloneConfig, edged: bool = False,
) -> tuple[Box, float, float] | None:
    """The exact core of ``region`` (strict, then loose) not in ``tried`` that passes
    the tests, with its copy correlation and uniqueness ratio; else None. With
    ``edged``, the core must also be a region of its own and end abruptly on
    ``edge_sides`` sides (``region`` is then no evidence of a paste)."""
    if config.core_level <= 0:
        return None
    for share in (config.core_share, config.loose_core_share):
        if share <= 0:
            continue
        core = _exact_core(gray, region, shift, config, share)
        if core is None or core in tried:
            continue
        tried.add(core)
        if edged and (not _is_region(core, shift, textured, config)
                      or _edges(gray, core, shift, config) < config.edge_sides):
            continue
        judged = _judge(gray, core, shift, config)
        if judged is not None:
            return core, *judged
    return None


def _judge(gray: np.ndarray, probe: Box, shift: tuple[int, int],
           config: CloneConfig) -> tuple[float, float] | None:
    """The copy's correlation and how far the best look-alike falls behind it (a ratio,
    lower is more unique), when ``probe`` at ``shift`` passes the uniqueness tests by
    correlation, by grey levels or by grain; else None."""
    match, elsewhere = _uniqueness(gray, probe, shift, config.exclude)
    if match < config.min_match:
        return None
    ratio = (1.0 - match) / max(1e-6, 1.0 - elsewhere)
    if (ratio <= config.max_ratio
            # self-similar content: only a near-exact copy stands out
            and (elsewhere <= config.max_elsewhere or ratio <= config.exact_ratio)
            and _parts_unique(gray, probe, shift, config)):
        return match, ratio
    # A pasted band correlates with the look-alike bands of its row about as well as
    # with its copy, but repeats the copy's grey levels, which they do not.
    if config.exact_rms > 0:
        copy, other = _grey_uniqueness(gray, probe, shift, config.exclude)
        if copy <= config.exact_rms and other >= config.exact_margin * max(copy, 0.5):
            return match, copy / other
    # A paste carries its source's grain (film, sensor and scan noise) which a
    # look-alike band or cell does not. A median keeps the smooth profile that
    # look-alikes share; what it leaves is the grain.
    if config.grain_match > 0 and ratio <= config.max_ratio:
        gray8 = np.clip(gray, 0, 255).astype(np.uint8)
        grain = gray - cv2.medianBlur(gray8, config.grain_window).astype(np.float32)
        copy, other = _uniqueness(grain, probe, shift, config.exclude)
        if copy >= config.grain_match and copy >= config.grain_margin * max(other, 0.05):
            return match, ratio
    return None


def _exact_core(gray: np.ndarray, region: Box, shift: tuple[int, int],
                config: CloneConfig, share: float) -> Box | None:
    """The rows and columns of ``region`` where it repeats its copy's grey levels: the
    longest run of rows, then of columns, with at least ``share`` of their pixels
    repeating.

    The agreeing area can reach past a paste into surroundings that only look
    alike (the next band of a row, smooth background); a template of them matches
    elsewhere as well as its copy. The paste itself repeats grey levels to within
    re-compression noise.
    """
    x0, y0, x1, y1 = region
    close = _repeats(gray, region, shift, config)
    rows = _longest(runs(close.mean(axis=1) >= share))
    if rows is None:
        return None
    cols = _longest(runs(close[rows[0]:rows[1]].mean(axis=0) >= share))
    if cols is None:
        return None
    core = (x0 + cols[0], y0 + rows[0], x0 + cols[1], y0 + rows[1])
    if min(core[2] - core[0], core[3] - core[1]) < config.min_region_side:
        return None
    # Rules and frames are alike all along themselves and repeat exactly at any
    # shift along them: the core must change along both axes.
    inside = gray[core[1]:core[3], core[0]:core[2]]
    if min(float(inside.mean(axis=0).std()), float(inside.mean(axis=1).std())) < (
            config.texture_std):
        return None
    return core


def _repeats(gray: np.ndarray, box: Box, shift: tuple[int, int], config: CloneConfig,
             margin: int = 0) -> np.ndarray:
    """Where ``box`` grown by ``margin`` repeats its copy's grey level to within
    ``core_level`` (3 x 3 mean of the absolute difference): 1 or 0, NaN where the
    box or its copy leaves the panel."""
    rows, cols = gray.shape
    x0, y0, x1, y1 = box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin
    close = np.full((y1 - y0, x1 - x0), np.nan, np.float32)
    vx0, vy0 = max(x0, 0, -shift[0]), max(y0, 0, -shift[1])
    vx1, vy1 = min(x1, cols, cols - shift[0]), min(y1, rows, rows - shift[1])
    if vx1 > vx0 and vy1 > vy0:
        a = gray[vy0:vy1, vx0:vx1]
        b = gray[vy0 + shift[1]:vy1 + shift[1], vx0 + shift[0]:vx1 + shift[0]]
        close[vy0 - y0:vy1 - y0, vx0 - x0:vx1 - x0] = \
            cv2.blur(np.abs(a - b), (3, 3)) <= config.core_level
    return close


#: Pixels around a core whose repeating is looked at, and the gap left next to it.
_EDGE_MARGIN, _EDGE_GAP = 5, 2


def _edges(gray: np.ndarray, core: Box, shift: tuple[int, int], config: CloneConfig) -> int:
    """How many sides of ``core`` end its repeating abruptly: a side does when at most
    ``edge_share`` of the strip of pixels beyond it (past a gap of ``_EDGE_GAP``)
    repeat the copy's.

    A pasted rectangle has edges: its surroundings were not copied. Two look-alike
    bands repeat each other's grey levels best at their middle, a little less towards
    their edges, and so on.
    """
    close = _repeats(gray, core, shift, config, margin=_EDGE_MARGIN)
    m, out = _EDGE_MARGIN, _EDGE_MARGIN - _EDGE_GAP
    strips = (close[:out, m:-m], close[-out:, m:-m], close[m:-m, :out], close[m:-m, -out:])
    return sum(1 for strip in strips
               if np.isfinite(strip).any() and float(np.nanmean(strip)) <= config.edge_share)


def _exact_shift(gray: np.ndarray, box: Box, shift: tuple[int, int], share: float,
                 radius: int = 2) -> tuple[int, int]:
    """The whole-pixel displacement within ``radius`` of ``shift`` at which the
    content of ``box`` is repeated with the least squared difference, when that is
    at most ``share`` of the difference at ``shift``; else ``shift``."""
    rows, cols = gray.shape
    x0, y0 = max(0, box[0], radius - shift[0]), max(0, box[1], radius - shift[1])
    x1 = min(cols, box[2], cols - shift[0] - radius)
    y1 = min(rows, box[3], rows - shift[1] - radius)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return shift
    template = gray[y0:y1, x0:x1]
    area = gray[y0 + shift[1] - radius:y1 + shift[1] + radius,
                x0 + shift[0] - radius:x1 + shift[0] + radius]
    scores = cv2.matchTemplate(area, template, cv2.TM_SQDIFF)
    least, _, (lx, ly), _ = cv2.minMaxLoc(scores)
    # Unless it repeats clearly better, the offset voted for stands.
    if least > share * float(scores[radius, radius]):
        return shift
    return shift[0] + lx - radius, shift[1] + ly - radius


def _longest(spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The longest of some (start, end) spans, the first on a tie; None if none."""
    return max(spans, key=lambda span: span[1] - span[0], default=None)


def _grain_independent(gray: np.ndarray, textured: np.ndarray, region: Box,
                       shift: tuple[int, int]) -> bool:
    """Whether the grain of the flat pixels of the two copies is independent, with
    samples enough to tell (:func:`forensics.pixels.grain_independent`): a paste
    repeats its grain, two look-alike cells or bands each have their own."""
    x0, y0, x1, y1 = (int(v) for v in region)
    dx, dy = shift
    flat = ~textured[y0:y1, x0:x1] & ~textured[y0 + dy:y1 + dy, x0 + dx:x1 + dx]
    correlation, samples = grain_agreement(
        gray[y0:y1, x0:x1], gray[y0 + dy:y1 + dy, x0 + dx:x1 + dx], flat, 1.0,
        white=PAGE_WHITE)
    return grain_independent(correlation, samples)


def _detail_correlation(gray: np.ndarray, region: Box, shift: tuple[int, int]) -> float:
    """Correlation of the fine detail (grain, noise, sharp edges) of the two copies."""
    x0, y0, x1, y1 = region
    a = detail(gray[y0:y1, x0:x1])
    b = detail(gray[y0 + shift[1]:y1 + shift[1], x0 + shift[0]:x1 + shift[0]])
    return correlation(a, b)


def _overlay(image: np.ndarray, shape: tuple[int, int], config: CloneConfig) -> np.ndarray:
    """Near-white pixels and their rims: scale bars, their labels and other lettering
    drawn over a micrograph, which repeat exactly from panel to panel and inside one."""
    lightest = darkest_channel(image)
    if lightest.shape != shape:
        lightest = cv2.resize(lightest, shape[::-1], interpolation=cv2.INTER_AREA)
    # Lettering stands out from what it is drawn over, unless that is page white
    # (labels around a chart). On a light blot or gel, near-white is the background
    # itself, whose grain a paste carries.
    surround = cv2.medianBlur(lightest, config.overlay_surround)
    white = ((lightest >= config.overlay_white)
             & ((lightest.astype(np.int16) - surround >= config.overlay_contrast)
                | (surround >= config.overlay_page))).astype(np.uint8)
    return cv2.dilate(white, np.ones((7, 7), np.uint8)) > 0


def _textured(gray: np.ndarray, config: CloneConfig) -> np.ndarray:
    """Pixels with local contrast that are image content, not page-white graphics."""
    size = (config.window, config.window)
    mean = cv2.boxFilter(gray, -1, size)
    var = cv2.boxFilter(gray * gray, -1, size) - mean * mean
    return (var > config.texture_std ** 2) & ~graphic_mask(gray)


def _paste_region(
    gray: np.ndarray, textured: np.ndarray, dx: float, dy: float, config: CloneConfig
) -> tuple[Box, float] | None:
    """Largest area where ``gray[p]`` and ``gray[p + (dx, dy)]`` agree, and its agreement."""
    ix, iy = round(dx), round(dy)
    rows, cols = gray.shape
    x0, x1 = max(0, -ix), min(cols, cols - ix)
    y0, y1 = max(0, -iy), min(rows, rows - iy)
    w = config.window
    if x1 - x0 < 2 * w or y1 - y0 < 2 * w:
        return None
    src = gray[y0:y1, x0:x1]
    dst = gray[y0 + iy:y1 + iy, x0 + ix:x1 + ix]
    ncc, var_a, var_b = local_stats(src, dst, w)
    both = textured[y0:y1, x0:x1] & textured[y0 + iy:y1 + iy, x0 + ix:x1 + ix]
    agree = (both & (ncc > config.local_ncc)).astype(np.uint8)
    agree = cv2.morphologyEx(agree, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    # Sparse content (nuclei on black) agrees in islands: join them into one area.
    blobs = cv2.morphologyEx(agree, cv2.MORPH_CLOSE, np.ones((2 * w + 1, 2 * w + 1), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(blobs, connectivity=8)
    if count <= 1:
        return None
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    bx, by, bw, bh = (int(v) for v in stats[best, :4])
    region = (x0 + bx, y0 + by, x0 + bx + bw, y0 + by + bh)
    if not _is_region(region, (ix, iy), textured, config):
        return None
    inside = both[by:by + bh, bx:bx + bw]
    weight = np.sqrt(np.minimum(var_a, var_b))[by:by + bh, bx:bx + bw] * inside
    agreement = float((weight * agree[by:by + bh, bx:bx + bw]).sum() / max(1e-6, weight.sum()))
    if agreement < config.min_agreement:
        return None
    return region, agreement


def _is_region(box: Box, shift: tuple[int, int], textured: np.ndarray,
               config: CloneConfig) -> bool:
    """Whether ``box`` and its copy at ``shift`` can be a paste: an area, not a line
    (strip borders repeat along one axis), of ``min_region`` of the panel at least, with
    texture in both copies, and clear of its own copy."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    rows, cols = textured.shape
    if min(w, h) < config.min_region_side or w * h < config.min_region * rows * cols:
        return False
    both = textured[y0:y1, x0:x1] & textured[y0 + shift[1]:y1 + shift[1],
                                              x0 + shift[0]:x1 + shift[0]]
    if both.sum() < config.min_textured_pixels // 2:
        return False
    # A region that runs into (or within a window of) its own copy is a pattern
    # repeating at the offset: lanes, a ladder, two neighbouring look-alike lanes.
    reach = config.window
    return (max(0, w + reach - abs(shift[0])) * max(0, h + reach - abs(shift[1]))
            <= config.max_overlap * w * h)


def _within(region: Box, support: Box, window: int) -> Box:
    """The agreeing region cut down to where the matched keypoints are.

    Smooth surroundings that happen to agree join the agreeing area; a template
    holding them no longer matches its copy well. The keypoints sit on the paste.
    A cut under three windows a side (too small to judge by quarters) is not made.
    """
    cut = (max(region[0], support[0]), max(region[1], support[1]),
           min(region[2], support[2]), min(region[3], support[3]))
    return region if min(cut[2] - cut[0], cut[3] - cut[1]) < 3 * window else cut


def _uniqueness(
    gray: np.ndarray, region: Box, shift: tuple[int, int], exclude: int
) -> tuple[float, float]:
    """Template correlation of ``region`` with its copy, and with the best other place.

    Both copies serve as template in turn; the weaker copy match and the stronger
    match elsewhere are returned, so that either copy's look-alikes count.
    """
    x0, y0, x1, y1 = region
    for x, y in ((x0, y0), (x0 + shift[0], y0 + shift[1])):
        if float(gray[y:y + y1 - y0, x:x + x1 - x0].std()) < 1e-3:
            return 0.0, 1.0
    found = _copy_and_elsewhere(gray, region, shift, exclude, cv2.TM_CCOEFF_NORMED)
    return min(copy for copy, _ in found), max(other for _, other in found)


def _grey_uniqueness(
    gray: np.ndarray, region: Box, shift: tuple[int, int], exclude: int
) -> tuple[float, float]:
    """RMS grey-level difference of ``region`` from its copy, and from the closest
    other place; the larger difference from the copy and the smaller from elsewhere
    of the two copies as template."""
    x0, y0, x1, y1 = region
    pixels = float((x1 - x0) * (y1 - y0))
    found = _copy_and_elsewhere(gray, region, shift, exclude, cv2.TM_SQDIFF)
    return (math.sqrt(max(copy for copy, _ in found) / pixels),
            math.sqrt(min(other for _, other in found) / pixels))


def _copy_and_elsewhere(
    gray: np.ndarray, region: Box, shift: tuple[int, int], exclude: int, method: int
) -> list[tuple[float, float]]:
    """For each copy of ``region`` as template: its best template score at the other
    copy (within a pixel) and anywhere else (``exclude`` px around both copies left
    out). ``method`` is ``cv2.TM_CCOEFF_NORMED`` (best is highest) or
    ``cv2.TM_SQDIFF`` (best is lowest)."""
    x0, y0, x1, y1 = region
    highest = method == cv2.TM_CCOEFF_NORMED
    best = np.max if highest else np.min
    corner_a, corner_b = (x0, y0), (x0 + shift[0], y0 + shift[1])
    found = []
    for (ax, ay), (bx, by) in ((corner_a, corner_b), (corner_b, corner_a)):
        template = gray[ay:ay + y1 - y0, ax:ax + x1 - x0]
        scores = cv2.matchTemplate(gray, template, method)
        at_copy = float(best(scores[max(0, by - 1):by + 2, max(0, bx - 1):bx + 2]))
        for cx, cy in (corner_a, corner_b):
            scores[max(0, cy - exclude):cy + exclude + 1,
                   max(0, cx - exclude):cx + exclude + 1] = -1.0 if highest else np.inf
        found.append((at_copy, float(best(scores))))
    return found


def _parts_unique(gray: np.ndarray, region: Box, shift: tuple[int, int],
                  config: CloneConfig) -> bool:
    """Whether the textured quarters of the region that match their copy are mostly
    unique too, two at least.

    Two bands side by side can be a unique pair while each band is one of many:
    a look-alike. Every part of a pasted field is its own; a quarter reaching past
    the paste (smooth surroundings joined the region) may not be, and one that no
    longer matches its copy says nothing.
    """
    x0, y0, x1, y1 = region
    w, h = x1 - x0, y1 - y0
    nx, ny = (2 if w >= 3 * config.window else 1), (2 if h >= 3 * config.window else 1)
    unique = common = 0
    for i in range(nx):
        for j in range(ny):
            part = (x0 + i * w // nx, y0 + j * h // ny,
                    x0 + (i + 1) * w // nx, y0 + (j + 1) * h // ny)
            if float(gray[part[1]:part[3], part[0]:part[2]].std()) < 4 * config.texture_std / 3:
                continue
            match, elsewhere = _uniqueness(gray, part, shift, config.exclude)
            if match < config.min_match:
                continue  # beyond the paste: its surroundings joined the agreeing area
            if (1.0 - match) / max(1e-6, 1.0 - elsewhere) > config.max_part_ratio:
                common += 1
            else:
                unique += 1
    return unique >= 2 and unique > common


def _gutter_between(gray: np.ndarray, region: Box, shift: tuple[int, int],
                    config: CloneConfig) -> bool:
    """Whether a white column or row crosses the panel between the two copies' centres,
    with the copies level with each other across it.

    Such a panel is several images side by side (a channel and its merge, a
    missed split), and the copy sits in the same place of the next image. A band
    pasted from one strip of a blot to another place in the next strip does not.
    """
    x0, y0, x1, y1 = region
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    lo_x, hi_x = sorted((cx, cx + shift[0]))
    lo_y, hi_y = sorted((cy, cy + shift[1]))
    white = gray >= config.gutter_white
    if (lo_x < hi_x and abs(shift[1]) <= config.window
            and (white[:, lo_x:hi_x].mean(axis=0) >= config.gutter_share).any()):
        return True
    return (lo_y < hi_y and abs(shift[0]) <= config.window
            and bool((white[lo_y:hi_y, :].mean(axis=1) >= config.gutter_share).any()))
