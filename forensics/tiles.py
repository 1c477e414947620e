"""The images inside a panel: each micrograph of a grid, each blot of a stack.

A lettered panel of a real figure is often a grid of micrographs a hairline apart
(rows of conditions, columns of stains) or a stack of blot strips under one letter.
An analyst compares the images, not the grid: a micrograph reused in another grid,
turned or flipped, is a whole image repeated, though it is an eighth of either
panel. Searched as whole panels, such a copy is a few per cent of each side, below
any size a finding can be trusted at, and its keypoints are outnumbered by those of
the look-alike images beside it.

:func:`image_tiles` finds the images a panel is printed as: the blocks between its gutters
(lines of page white, hairlines included, cut as a grid is read: rows, then columns
within a row) whose ink is mostly continuous tone
(:func:`forensics.classify.image_data_share`). :func:`tile_units` makes
each one a unit of search (a :class:`~forensics.model.Panel` over the tile's box that
keeps its panel's figure, letter and class), so that detection weighs a copy against
the image it lies in, and names it by the panel's letter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from forensics.classify import image_data_share
from forensics.geometry import area, overlaps, pixels_per_point, region_to_page
from forensics.model import Panel
from forensics.pixels import darkest_channel

__all__ = ["crop_unit", "image_tiles", "is_one_image", "is_strip", "tile_units",
           "MIN_TILE_SIDE"]

#: Shortest side (points) of an image searched on its own: about the smallest
#: micrograph of a printed grid.
MIN_TILE_SIDE = 12.0
#: A gutter lies between straight edges: the lines beside it inked over this share
#: of their length.
EDGE_FILL = 0.9
#: Share of a tile's ink that is continuous tone, not ramps (a micrograph, a blot's
#: strip; not a box of a diagram).
MIN_TONE = 0.5
#: A tile covering this share of its panel or more is the panel itself.
WHOLE_PANEL = 0.8
#: A gutter between images: a line whose pixels are this light in every channel
#: (a hairline of white rendered between two images comes out a shade off white) ...
GUTTER_LEVEL = 200
#: ... over this share of its length (a scale bar or a label may cross it).
GUTTER_SHARE = 0.95
#: The straight edge of an image lies within this many lines of its gutter
#: (anti-aliasing blends the first).
EDGE = 2
#: Cuts at most this deep (a grid of grids).
MAX_CUTS = 6
#: Grey-level standard deviation below which a block is one flat colour (a bar, a
#: box of a diagram), not an image.
FLAT_STD = 2.0
#: A tile this many times wider than high is a strip of a blot (see
#: :func:`is_strip`).
STRIP_ASPECT = 2.5

Box = tuple[int, int, int, int]


def image_tiles(image: np.ndarray, scale: float) -> list[Box]:
    """Boxes of the separate images a panel is printed as.

    Parameters
    ----------
    image : (rows, cols, 3) uint8 ndarray
        The panel's pixels.
    scale : float
        Pixels per point.

    Returns
    -------
    list of (x0, y0, x1, y1)
        Pixel boxes, end-exclusive, in reading order; empty when the panel is one
        image (or holds none).
    """
    if image.size == 0:
        return []
    dark = darkest_channel(image)
    rows, cols = image.shape[:2]
    out: list[Box] = []
    for x0, y0, x1, y1 in _cut(dark >= GUTTER_LEVEL, (0, 0, cols, rows)):
        w, h = x1 - x0, y1 - y0
        if min(w, h) < MIN_TILE_SIDE * scale:
            continue
        if w * h >= WHOLE_PANEL * rows * cols:
            return []  # the panel is this one image
        crop = image[y0:y1, x0:x1]
        if float(crop.reshape(-1, 3).std(axis=0).max()) < FLAT_STD or \
                image_data_share(crop, one_image=True) < MIN_TONE:
            continue
        out.append((x0, y0, x1, y1))
    out.sort(key=lambda b: (b[1], b[0]))
    return out


def _cut(bright: np.ndarray, box: Box, depth: int = 0) -> list[Box]:
    """The blocks of ``box`` between gutters (lines of it mostly page white), cut
    across rows, then across columns within each band, and so on (an XY cut): the
    cells of a grid, whose gutters may be a hairline rendered a shade off white."""
    x0, y0, x1, y1 = box
    block = bright[y0:y1, x0:x1]
    if block.size == 0:
        return []
    row_gutter = block.mean(axis=1) >= GUTTER_SHARE
    col_gutter = block.mean(axis=0) >= GUTTER_SHARE
    if row_gutter.all() or col_gutter.all():
        return []
    # The block without its white margins.
    r = np.flatnonzero(~row_gutter)
    c = np.flatnonzero(~col_gutter)
    x0, y0, x1, y1 = x0 + int(c[0]), y0 + int(r[0]), x0 + int(c[-1]) + 1, y0 + int(r[-1]) + 1
    if depth >= MAX_CUTS:
        return [(x0, y0, x1, y1)]
    for axis in (0, 1):  # rows, then columns
        block = bright[y0:y1, x0:x1]
        share = block.mean(axis=1 - axis)
        runs = _straight(_runs(share < GUTTER_SHARE), share)
        if len(runs) > 1:
            if axis == 0:
                parts = [(x0, y0 + a, x1, y0 + b) for a, b in runs]
            else:
                parts = [(x0 + a, y0, x0 + b, y1) for a, b in runs]
            return [t for part in parts for t in _cut(bright, part, depth + 1)]
    return [(x0, y0, x1, y1)]


def _straight(runs: list[tuple[int, int]], share: np.ndarray) -> list[tuple[int, int]]:
    """The runs of ink joined again across each gutter that is not between two
    straight edges: printed images end in a straight edge (a line of them inked over
    :data:`EDGE_FILL` of its length, within :data:`EDGE` lines of the gutter), where
    a white gap across a tissue section or a field of cells is ragged."""
    if len(runs) < 2:
        return runs
    out = [runs[0]]
    for a, b in runs[1:]:
        before = share[max(out[-1][0], out[-1][1] - EDGE):out[-1][1]]
        after = share[a:min(b, a + EDGE)]
        if before.min() <= 1 - EDGE_FILL and after.min() <= 1 - EDGE_FILL:
            out.append((a, b))
        else:
            out[-1] = (out[-1][0], b)
    return out


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """Start and end (exclusive) of each run of True."""
    padded = np.concatenate([[False], flags, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def is_one_image(image: np.ndarray) -> bool:
    """Whether pixels are printed as one image: no gutter of page white runs across
    them (:func:`image_tiles`' cut finds one block at most)."""
    if image.size == 0:
        return False
    rows, cols = image.shape[:2]
    return len(_cut(darkest_channel(image) >= GUTTER_LEVEL, (0, 0, cols, rows), MAX_CUTS - 1)) <= 1


def is_strip(panel: Panel) -> bool:
    """Whether a unit is a strip of a blot: its bands look like every other strip's
    bands, so an agreement of two strips needs more evidence than one of two fields."""
    x0, y0, x1, y1 = panel.bbox
    return (x1 - x0) >= STRIP_ASPECT * (y1 - y0)


def tile_units(panels: Sequence[Panel]) -> tuple[list[Panel], list[int]]:
    """The tiles of the image-data panels, as panels of their own.

    Parameters
    ----------
    panels : sequence of Panel

    Returns
    -------
    units : list of Panel
        One per tile of a panel classed image data that is printed as two images or
        more: the tile's pixels and page box, its panel's file, figure, letter, page,
        class and category, and the printed-text boxes that touch it.
    parents : list of int
        For each unit, the index of its panel in ``panels``.
    """
    units: list[Panel] = []
    parents: list[int] = []
    for index, panel in enumerate(panels):
        if panel.content != "image":
            continue
        scale = pixels_per_point(panel.bbox, panel.image.shape[1])
        for box in image_tiles(panel.image, scale):
            if area(region_to_page(panel.bbox, panel.image.shape, box)) <= 0:
                continue
            units.append(crop_unit(panel, box))
            parents.append(index)
    return units, parents


def crop_unit(panel: Panel, box: tuple[int, int, int, int]) -> Panel:
    """A part of a panel as a panel of its own: the pixels of ``box`` (``x0, y0, x1,
    y1``, end-exclusive), their page box, the panel's file, figure, letter, page, class
    and category, and the printed-text boxes that touch it."""
    x0, y0, x1, y1 = box
    bbox = region_to_page(panel.bbox, panel.image.shape, box)
    return replace(panel, bbox=bbox, image=panel.image[y0:y1, x0:x1],
                   text_boxes=tuple(t for t in panel.text_boxes if overlaps(t, bbox)))
