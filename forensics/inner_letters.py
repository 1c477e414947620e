"""Letters printed inside images, found by tone in a panel's corners.

A whole-figure raster draws its panel letters into the pixels: light on a dark
micrograph, dark on a light one, either on a mid-tone field, in any corner. There is
no text layer to read; a reader sees a glyph that stands apart from the image in a
clear tone. :func:`glyphs_in` finds such glyphs in a region, :func:`read_corner`
reads the first that is a letter the caption names, and :func:`label_inside` gives
panels still without a letter the one in their corners.
"""

from __future__ import annotations

import cv2
import numpy as np

from forensics.labels import Blob, alone_but_decorated, boxed_glyph, overlaps, plausible
from forensics.letters import read_letter
from forensics.model import Figure
from forensics.pixels import brightest_channel, darkest_channel
from forensics.settings import PanelConfig

__all__ = ["corners", "glyphs_in", "label_inside", "read_corner", "read_corners"]


def label_inside(figure: Figure, panels: list[Blob], named: set[str],
                 cfg: PanelConfig) -> list[tuple[int, int, int, int]]:
    """Letters printed inside a panel: light on a dark micrograph or dark on a light one.

    Any panel's top-left corner is looked at; an image panel's four corners are (a
    letter burned into a micrograph may sit in any of them), top-left first. A letter
    already given to another panel is not given twice.

    Returns the pixel boxes of the letters read: print, not image content.
    """
    given = {p.letter.upper() for p in panels if p.letter}
    words = [figure.to_pixels(b) for b in figure.word_boxes]
    boxes = []
    for p in panels:
        if p.letter is not None:
            continue
        found = read_corners(figure, p, named, given, words, cfg)
        if found:
            p.letter, box = found
            boxes.append(box)
            given.add(p.letter.upper())
    return boxes


def read_corners(figure: Figure, p: Blob, named: set[str], given: set[str], words: list,
                 cfg: PanelConfig) -> tuple[str, tuple[int, int, int, int]] | None:
    """The letter printed in a corner of ``p`` (an image's four, top-left first; other
    panels' top left only) that the caption names and no panel has, with its box."""
    regions = corners(p, round(cfg.letter_reach * figure.scale))
    for corner in regions if p.image else regions[:1]:
        found = read_corner(figure, corner, named, given, words, cfg)
        if found:
            return found
    return None


def corners(p: Blob, reach: int) -> list[tuple[int, int, int, int]]:
    """The four corner regions of a panel (top-left, top-right, bottom-left,
    bottom-right), each at most ``reach`` pixels and a third of the panel a side."""
    x0, y0, x1, y1 = p.box
    cw, ch = min(reach, (x1 - x0) // 3), min(reach, (y1 - y0) // 3)
    return [(x0, y0, x0 + cw, y0 + ch), (x1 - cw, y0, x1, y0 + ch),
            (x0, y1 - ch, x0 + cw, y1), (x1 - cw, y1 - ch, x1, y1)]


#: How far (grey levels) from the background a glyph's faint stroke pixels stand; its
#: clearest pixels must stand 80 off (and beyond 180 or 90). A 14 px "A" set in a thin
#: face over a dark micrograph (Dev Cell author manuscript) has strokes of 110-230.
_FAINT_STEP = 60.0


def glyphs_in(region: np.ndarray, s: float, cfg: PanelConfig
              ) -> list[tuple[tuple[int, int, int, int], np.ndarray]]:
    """Stand-alone glyphs of the contrasting tone in a region of a figure.

    On a dark background (median grey below 110) glyphs are near-white pixels; on a
    light one (above 150), near-black; on a mid-tone one, either (light ones first).
    A glyph is one connected part of letter height, no wider than 1.4 times its
    height, with no other glyph-tone pixel just around it (text stands apart; a cell
    or a band does not, or is not that tone).

    Returns ``(box, mask)`` pairs: boxes relative to the region, masks of the glyph.
    """
    if region.size == 0:
        return []
    grey = float(np.median(region))
    out = []
    if grey <= 150:  # light glyphs (a mid-tone field may hold either)
        lowest = darkest_channel(region)
        out += _glyph_parts(_grow(lowest > max(180.0, grey + 80),
                                  lowest > grey + _FAINT_STEP), s, cfg)
    if grey >= 110:
        highest = brightest_channel(region)
        out += _glyph_parts(_grow(highest < min(90.0, grey - 80),
                                  highest < grey - _FAINT_STEP), s, cfg)
    return out


def _glyph_parts(mask: np.ndarray, s: float, cfg: PanelConfig
                 ) -> list[tuple[tuple[int, int, int, int], np.ndarray]]:
    """The stand-alone glyphs of a mask of glyph-tone pixels (see :func:`glyphs_in`)."""
    out: list[tuple[tuple[int, int, int, int], np.ndarray]] = []
    # A frame or a rule across the region (the edge of a tile) is not text beside a glyph.
    mask[mask.mean(axis=1) > 0.6, :] = False
    mask[:, mask.mean(axis=0) > 0.6] = False
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    for x, y, w, h in _dotted(stats[1:n, :4].tolist()):
        if not (cfg.letter_min_height * s <= h <= cfg.letter_max_height * s
                and 0.15 * h <= w <= 1.6 * h):
            continue
        if not alone_but_decorated(mask, (x, y, x + w, y + h), max(2, h // 2), 0.02):
            continue
        glyph = mask[y:y + h, x:x + w]
        inner = boxed_glyph(glyph)
        if inner is not None:  # a letter on a box of the glyph tone: the letter is its hole
            ys, xs = np.nonzero(inner)
            gx0, gy0, gx1, gy1 = int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1
            out.append(((x + gx0, y + gy0, x + gx1, y + gy1), inner[gy0:gy1, gx0:gx1]))
            continue
        if w > 1.4 * h:
            continue
        out.append(((x, y, x + w, y + h), glyph))
    return out


def _dotted(boxes: list[list[int]]) -> list[tuple[int, int, int, int]]:
    """Boxes ``(x, y, w, h)`` of glyph parts, a dot joined to the stroke just under it
    (the "i" and the "j" are two parts each)."""
    boxes = sorted(boxes, key=lambda b: b[1])
    out: list[list[int]] = []
    for x, y, w, h in boxes:
        for o in out:
            ox, oy, ow, oh = o
            overlap = min(ox + ow, x + w) - max(ox, x)
            small = oh <= 0.5 * h and ow <= 1.5 * w
            if small and overlap >= 0.5 * min(ow, w) and 0 <= y - (oy + oh) <= max(2, 0.35 * h):
                o[:] = [min(ox, x), oy, max(ox + ow, x + w) - min(ox, x), y + h - oy]
                break
        else:
            out.append([x, y, w, h])
    return [(a[0], a[1], a[2], a[3]) for a in out]


def _grow(seed: np.ndarray, faint: np.ndarray) -> np.ndarray:
    """``seed`` grown by one pixel into ``faint``: a glyph's full strokes from its
    clearest pixels. The thin strokes of a small letter are antialiased to mid-grey, and
    a threshold strict enough to ignore the image breaks them apart; growing further
    would join the letter to a frame line set a pixel or two beside it."""
    grown = cv2.dilate(seed.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    return seed | (grown & faint)


def read_corner(figure: Figure, corner: tuple[int, int, int, int], named: set[str],
                given: set[str], words: list, cfg: PanelConfig
                ) -> tuple[str, tuple[int, int, int, int]] | None:
    """The first stand-alone glyph in a corner region of a figure (pixel box) that reads
    as a letter the caption names and no panel has, with its pixel box; None if none."""
    cx0, cy0, cx1, cy1 = corner
    region = figure.image[cy0:cy1, cx0:cx1]
    for (x0, y0, x1, y1), glyph in glyphs_in(region, figure.scale, cfg):
        box = (cx0 + x0, cy0 + y0, cx0 + x1, cy0 + y1)
        if any(overlaps(box, w) for w in words):
            continue  # text-layer glyphs were read from the text layer
        crop = region[y0:y1, x0:x1]
        if glyph.all() or glyph.any() and crop[glyph].mean() > crop[~glyph].mean():
            crop = 255 - crop  # dark on light for the OCR engine
        letter, _score, how = read_letter(glyph, np.ascontiguousarray(crop),
                                          cfg.template_threshold, cfg.ocr_threshold, named)
        if plausible(letter, named, how) and letter and letter.upper() not in given:
            return letter, box
    return None
