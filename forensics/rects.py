"""Image rectangles: the photographs, micrographs and blots of a figure, as printed.

Image data is printed in axis-aligned rectangles, and a reader finds them before
reading anything else of a figure: a micrograph is a block of continuous tone with
straight edges, however close the diagram above it or the next micrograph beside it
stands. Joining ink across small gaps, as graphics need (a chart's bars, axes and
labels are separate strokes), merges such blocks with their neighbours; so the
rectangles are found first, exactly, and the rest of the ink is clustered without
them.

Two sources give rectangles:

- the placements of embedded images smaller than the figure (a figure built from one
  image per panel, or tiles): their boxes are exact, unless white gutters cross the
  image, or two blocks of image (below) lie apart inside it (then it holds several
  panels and its pixels decide);
- in the figure's pixels, connected ink (no gap joined) that fills its bounding box
  (at least :data:`SOLID_FILL` of it) and is not one flat colour: a dark micrograph,
  a blot on grey film, a photograph, a heat map. A bar of a chart is flat; a tissue
  section on white is not solid and is left to the ink clustering.

Boxes are pixel boxes ``(x0, y0, x1, y1)`` of the figure image, end-exclusive.
"""

from __future__ import annotations

import cv2
import numpy as np

from forensics.geometry import inside
from forensics.model import Figure
from forensics.settings import PanelConfig

Box = tuple[int, int, int, int]

#: Share of its bounding box that connected ink must fill to be a solid rectangle.
#: Labels and scale bars drawn over an image in white leave a few holes.
SOLID_FILL = 0.9
#: Grey-level standard deviation below which a solid block is one flat colour (a bar
#: of a chart, a coloured box of a diagram), not an image.
FLAT_STD = 2.0
#: An embedded image covering this share of the figure is the whole figure (a
#: whole-figure raster), whose panels its pixels must show.
WHOLE_FIGURE = 0.6

__all__ = ["image_rectangles"]


def image_rectangles(figure: Figure, ink: np.ndarray, config: PanelConfig) -> list[Box]:
    """Rectangles of image data in a figure (see the module docstring).

    Parameters
    ----------
    figure : Figure
        The figure, for its pixels, scale and embedded image boxes.
    ink : (rows, cols) bool ndarray
        Pixels darker than page white.
    config : PanelConfig
        ``min_panel_side``, ``min_panel_area`` (points) and ``join_gap`` are used.

    Returns
    -------
    list of (x0, y0, x1, y1)
        Non-overlapping pixel boxes, largest first.
    """
    s = figure.scale
    min_side, min_area = config.min_panel_side * s, config.min_panel_area * s * s
    placed = _placed_images(figure, ink, min_side, min_area, max(1, round(config.join_gap * s)))
    solid = _solid_blocks(figure.image, ink, min_side, min_area)
    # Two blocks of image apart inside one placement: a figure printed as one image whose
    # panels are staggered, so that no white gutter runs across all of it.
    placed = [p for p in placed if sum(inside(box, p, 2) for box in solid) < 2]
    rects = list(placed)
    for box in solid:
        tiles = [p for p in placed if inside(p, box, 2)]
        if len(tiles) >= 2:
            continue  # touching tiles: their placements split the block
        if any(inside(box, p, 2) for p in placed):
            continue  # the placement already holds it
        rects.append(box)
    rects.sort(key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)
    kept: list[Box] = []
    for box in rects:
        if not any(_overlap_share(box, k) > 0.5 for k in kept):
            kept.append(box)
    return kept


def _placed_images(figure: Figure, ink: np.ndarray, min_side: float, min_area: float,
                   gap: int) -> list[Box]:
    """Boxes of embedded images drawn in the figure that each hold one panel."""
    rows, cols = ink.shape
    out = []
    for page_box in figure.image_boxes:
        x0, y0, x1, y1 = figure.to_pixels(page_box)
        w, h = x1 - x0, y1 - y0
        if min(w, h) < min_side or w * h < min_area or w * h >= WHOLE_FIGURE * rows * cols:
            continue
        region = ink[y0:y1, x0:x1]
        if not region.any():
            continue
        # Several panels in one image stand apart by white gutters across it.
        if _gutter(np.any(region, axis=0), gap) or _gutter(np.any(region, axis=1), gap):
            continue
        out.append((x0, y0, x1, y1))
    return out


def _solid_blocks(image: np.ndarray, ink: np.ndarray, min_side: float,
                  min_area: float) -> list[Box]:
    """Connected ink that fills its box and is not one flat colour."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    out = []
    # The box tests on every component at once (a figure's text is thousands of them);
    # the colours only of the few that pass.
    xs, ys, ws, hs, counts = (stats[:, i].astype(np.int64) for i in range(5))
    boxed = ((np.minimum(ws, hs) >= min_side) & (ws * hs >= min_area)
             & (counts >= SOLID_FILL * ws * hs))
    boxed[0] = False
    for k in np.flatnonzero(boxed).tolist():
        x, y, w, h = int(xs[k]), int(ys[k]), int(ws[k]), int(hs[k])
        block = image[y:y + h, x:x + w]
        mask = labels[y:y + h, x:x + w] == k
        if float(block[mask].std(axis=0).max()) < FLAT_STD:
            continue
        out.append((x, y, x + w, y + h))
    return out


def _gutter(has_ink: np.ndarray, width: int) -> bool:
    """Whether a run of at least ``width`` inkless lines lies between inked ones."""
    inked = np.nonzero(has_ink)[0]
    return len(inked) > 1 and int(np.diff(inked).max()) > width


def _overlap_share(a: Box, b: Box) -> float:
    """Area common to two boxes, as a share of the smaller."""
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy / smaller if smaller > 0 else 0.0
