"""Printed marks over an image: labels, letters, scale bars and their numbers.

A figure's authors letter their micrographs and blots in the pixels ("10 µm" under a
white scale bar, "DAPI" in a corner, "kDa" markers beside a blot). The same label in
the same place of two different images is the commonest false agreement there is:
its glyphs are all corners, and keypoint matching rewards corners. An analyst reads
such marks as print, not as data, and so does this module, by their form:

- they are set in the extreme tone against their surroundings (white on a dark
  image, black on a light one), or in a neutral grey far from a flat ground (grey
  row labels and kDa markers set beside a blot on the page; a light label in a
  regular face on a dark fluorescence field, too thin at print scale to reach white,
  whose field's own structures are coloured);
- their strokes are thin: no more than :data:`MAX_STROKE` points from the middle
  of a stroke to its edge (a glyph of a bold 16 pt face), where a band of a blot,
  a nucleus or a cell is thicker;
- they are no taller than a line of large print, or they are a bar (a scale bar:
  long, straight and at most :data:`MAX_BAR` points thick).

:func:`overlay_mask` finds them; :func:`paint_out` fills them from their
surroundings (OpenCV's inpainting), so that neither keypoints, hashes nor the
dense pixel comparison see them. Images are ``(rows, cols, 3)`` uint8 arrays.
"""

from __future__ import annotations

import cv2
import numpy as np

from forensics.pixels import brightest_channel, darkest_channel, mean_grey

__all__ = ["overlay_mask", "paint_out", "MAX_STROKE", "MAX_BAR", "MAX_HEIGHT"]

#: Half the width of a stroke of print, at most (points).
MAX_STROKE = 0.9
#: A scale bar is at most this thick (points) and :data:`BAR_ASPECT` times as long.
MAX_BAR = 3.0
BAR_ASPECT = 5.0
#: Glyphs and words of print are at most this tall (points).
MAX_HEIGHT = 16.0
#: Print differs from its ground by at least this many grey levels.
MIN_CONTRAST = 80.0
#: Grey print is neutral: its channels differ by at most this much (a stained or
#: fluorescent structure is coloured).
MAX_CHROMA = 40
#: ... lies on a flat, light ground: this share of the ring around it within
#: :data:`GROUND_SPREAD` grey levels of the ring's median, itself at least
#: :data:`LIGHT_GROUND`, page white (the page beside a blot, not a micrograph,
#: whose thin dark lines are data) ...
FLAT_GROUND = 0.8
GROUND_SPREAD = 16.0
LIGHT_GROUND = 235.0
#: ... or, light print, on a flat ground darker than this (a fluorescence field's),
#: not a bar: at most this many times longer than thick, or filling less than
#: :data:`BAR_FILL` of its box ...
DARK_FIELD = 64.0
GLYPH_ASPECT = 4.0
BAR_FILL = 0.7
#: ... and is at least this long (points): a dust speck on a light membrane is a
#: specific detail of the image, not a glyph.
MIN_GLYPH = 1.5


def overlay_mask(image: np.ndarray, scale: float) -> np.ndarray:
    """Pixels of print set over an image (see the module docstring).

    Parameters
    ----------
    image : (rows, cols, 3) uint8 ndarray
        A panel's pixels.
    scale : float
        Pixels per point.

    Returns
    -------
    (rows, cols) bool ndarray
        True on the print, grown by a pixel to take its anti-aliased edge.
    """
    rows, cols = image.shape[:2]
    out = np.zeros((rows, cols), bool)
    if rows < 3 or cols < 3:
        return out
    grey = mean_grey(image)
    darkest, brightest = darkest_channel(image), brightest_channel(image)
    # White print is bright in every channel, black print dark in every channel.
    for extreme in (darkest > 200, brightest < 60):
        if np.any(extreme):
            out |= _printed(extreme, grey, scale)
    # Grey print (a row label in grey type beside a blot) is no extreme tone: it is a
    # thin neutral mark, glyph-sized, far darker than a flat, light ground (the page).
    neutral = (brightest.astype(np.int16) - darkest) <= MAX_CHROMA
    side = 2 * int(np.ceil(MAX_STROKE * scale)) + 1  # as wide as the widest stroke of print
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
    grey32 = grey.astype(np.float32)
    dark = cv2.morphologyEx(grey32, cv2.MORPH_CLOSE, kernel) - grey32 >= MIN_CONTRAST
    marks = dark & neutral & (brightest >= 60)
    if np.any(marks):
        # Print stands alone on the page: the ink it belongs to (everything off page
        # white, joined) is no taller than a line of print. A thin grey stroke of a
        # drawing (a leg, a tail, an outline) belongs to the whole drawing.
        ink = (grey < LIGHT_GROUND).astype(np.uint8)
        _, owner, boxes, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        lone = boxes[:, cv2.CC_STAT_HEIGHT] <= MAX_HEIGHT * scale
        lone[0] = False
        marks &= lone[owner]
    if np.any(marks):
        out |= _printed(marks, grey, scale, flat_ground=True)
    # Light print too thin for its strokes to reach white (a regular face of 6 pt at
    # under 3 px per point blends with the dark field round it): a thin neutral mark
    # far lighter than the flat, dark ground of a fluorescence field, whose own
    # structures are coloured. Its ink (everything off that ground) is glyph-sized.
    light = grey32 - cv2.morphologyEx(grey32, cv2.MORPH_OPEN, kernel) >= MIN_CONTRAST
    marks = light & neutral & (darkest <= 200)
    if np.any(marks):
        lit = (grey > DARK_FIELD).astype(np.uint8)
        _, owner, boxes, _ = cv2.connectedComponentsWithStats(lit, connectivity=8)
        lone = boxes[:, cv2.CC_STAT_HEIGHT] <= MAX_HEIGHT * scale
        lone[0] = False
        marks &= lone[owner]
    if np.any(marks):
        out |= _printed(marks, grey, scale, flat_ground=True, dark=True)
    if out.any():
        out = cv2.dilate(out.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    return out


def _printed(extreme: np.ndarray, grey: np.ndarray, scale: float,
             flat_ground: bool = False, dark: bool = False) -> np.ndarray:
    """Components of ``extreme`` tone shaped like print, on a contrasting ground
    (``grey``: the image's mean of channels); with ``flat_ground``, only on a flat one,
    page white (or, ``dark``, a dark field's ground)."""
    found = np.zeros(extreme.shape, bool)
    if np.count_nonzero(extreme) / extreme.size > 0.5:
        return found  # the ground itself (a white page, a black field)
    marks = extreme.view(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(marks, connectivity=8)
    dist = cv2.distanceTransform(marks, cv2.DIST_L2, 3)
    xs, ys, ws, hs, counts = (stats[:, i].astype(np.int64) for i in range(5))
    long_side, short_side = np.maximum(ws, hs), np.minimum(ws, hs)
    # A scale bar is a solid, evenly toned rectangle; a blot's band is not. The cheap
    # tests are made on every component at once, the tone of the box on the few left.
    bar = ((counts >= 3) & (short_side <= MAX_BAR * scale)
           & (long_side >= BAR_ASPECT * short_side) & (counts >= 0.95 * ws * hs))
    for k in np.flatnonzero(bar[1:]) + 1:
        x, y, w, h = int(xs[k]), int(ys[k]), int(ws[k]), int(hs[k])
        bar[k] = float(grey[y:y + h, x:x + w].std()) < 20
    # A stroke thicker than print: some pixel of the component lies that far inside it.
    thick = np.zeros(n, bool)
    thick[labels[dist > np.float64(MAX_STROKE * scale)]] = True
    keep = (counts >= 3) & (bar | ((hs <= MAX_HEIGHT * scale) & ~thick))
    if dark:
        # Light marks on a dark field: glyphs and words, not bars. A band of a gel
        # stained on a dark ground is a thin, light, neutral bar as wide as its lane,
        # filling its box; a word is as long, but its strokes leave gaps.
        keep &= (long_side <= GLYPH_ASPECT * short_side) | (counts < BAR_FILL * ws * hs)
    keep[0] = False
    m = max(2, round(scale))
    for k in np.flatnonzero(keep).tolist():
        x, y, w, h = int(xs[k]), int(ys[k]), int(ws[k]), int(hs[k])
        # Print contrasts with what is around it: the ring's tone is far from its own.
        y0, x0 = max(0, y - m), max(0, x - m)
        own = labels[y0:y + h + m, x0:x + w + m] == k
        ring = grey[y0:y + h + m, x0:x + w + m]
        ground = _median(ring[~own])
        if abs(ground - float(ring[own].mean())) < MIN_CONTRAST:
            continue
        if flat_ground and (max(w, h) < MIN_GLYPH * scale or (
                ground > DARK_FIELD if dark else ground < LIGHT_GROUND)):
            continue
        if flat_ground:
            # The ground beyond the mark's anti-aliased edge, and other marks.
            edge = cv2.dilate(own.view(np.uint8) | marks[y0:y + h + m, x0:x + w + m],
                              np.ones((3, 3), np.uint8)).astype(bool)
            around = ring[~edge]
            if not around.size or float(
                    np.mean(np.abs(around - _median(around)) <= GROUND_SPREAD)) < FLAT_GROUND:
                continue
        found[y0:y + h + m, x0:x + w + m] |= own
    return found


def _median(values: np.ndarray) -> float:
    """``np.median`` of a 1-D float array, to the last bit, without its checks (called
    once per mark)."""
    half = len(values) // 2
    if not len(values):
        return float("nan")  # a mark filling the whole image: as np.median, no contrast
    if len(values) % 2:
        return float(np.partition(values, half)[half])
    low, high = np.partition(values, (half - 1, half))[half - 1:half + 1]
    return float((low + high) / 2)


def paint_out(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The image with the masked pixels filled smoothly from their surroundings."""
    if not mask.any():
        return image
    return cv2.inpaint(np.ascontiguousarray(image), mask.astype(np.uint8), 3, cv2.INPAINT_TELEA)
