"""A page's figure parts: embedded image placements and clusters of vector drawings.

A chart or a diagram is hundreds of separate paths (axes, bars, glyphs set as
outlines); the parts of one figure are the paths that lie within a few points of
each other. :func:`cluster_boxes` joins them as PyMuPDF's ``Page.cluster_drawings``
does (same rule, same boxes) but over numpy arrays: that method compares Python
``Rect`` objects pair by pair, a time in the square of the page's paths, and cost
more than rendering every figure of a paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pymupdf

from forensics.model import BBox
from forensics.settings import ExtractConfig

__all__ = ["Graphic", "page_graphics", "cluster_boxes", "touching"]


@dataclass(frozen=True)
class Graphic:
    """One part of a figure on its page: its box (points) and native pixels per point
    (0 for vector drawings)."""

    bbox: BBox
    scale: float


def page_graphics(page: pymupdf.Page, cfg: ExtractConfig, captions: Sequence[BBox] = (),
                  warnings: list[str] | None = None,
                  placements: list[BBox] | None = None) -> list[Graphic]:
    """Embedded image placements and vector-drawing clusters big enough to be figure parts.

    Parameters
    ----------
    page : pymupdf.Page
        An open page.
    cfg : ExtractConfig
        ``min_graphic_side``, ``min_graphic_area`` and ``max_page_drawings``.
    captions : sequence of (x0, y0, x1, y1)
        The page's caption boxes: a frame or shading drawn behind a caption is not
        part of the figure, and clustering it with the figure's drawings would
        swallow both.
    warnings : list of str, optional
        Told when the page's drawings are left out: over ``max_page_drawings`` paths
        (a time past any limit) or paths that cannot be read.
    placements : list of (x0, y0, x1, y1), optional
        Told the box of every embedded image placement on the page, however small
        (a blot strip of a few points is image data, too small to be a figure part):
        where a figure's pixels come from a recorded image and where from vector
        drawing (:attr:`forensics.model.Figure.raster_boxes`).

    Returns
    -------
    list of Graphic
        Image placements first (one per placement), then drawing clusters.
    """
    page_area = page.rect.width * page.rect.height
    found: list[Graphic] = []
    for info in page.get_image_info():
        r = pymupdf.Rect(info["bbox"]) & page.rect
        if placements is not None and not r.is_empty:
            placements.append(tuple(r))
        if r.is_empty or min(r.width, r.height) < cfg.min_graphic_side:
            continue
        if r.width * r.height < cfg.min_graphic_area or r.width * r.height > 0.95 * page_area:
            continue
        scale = max(info["width"] / max(r.width, 1e-6), info["height"] / max(r.height, 1e-6))
        found.append(Graphic(tuple(r), scale))
    try:
        # The raw paths: only their boxes are needed, not PyMuPDF's Python objects.
        drawings = page.get_cdrawings()
        if len(drawings) > cfg.max_page_drawings:
            if warnings is not None:
                warnings.append(f"page {page.number + 1}: vector drawings skipped: "
                                f"{len(drawings):,} paths, over max_page_drawings "
                                f"({cfg.max_page_drawings:,})")
            drawings = []
        boxes = np.array([d["rect"] for d in drawings], float).reshape(-1, 4)
        for c in captions:
            boxes = boxes[~_contain(boxes, c)]
        clusters = cluster_boxes(boxes, tuple(page.rect)) if len(boxes) else []
    except Exception as exc:  # malformed paths: the page's images still count
        if warnings is not None:
            warnings.append(f"page {page.number + 1}: vector drawings skipped: cannot be "
                            f"read ({exc})")
        clusters = []
    for r in clusters:
        r = r & page.rect
        if r.is_empty or min(r.width, r.height) < cfg.min_graphic_side:
            continue
        if r.width * r.height < cfg.min_graphic_area or r.width * r.height > 0.95 * page_area:
            continue
        found.append(Graphic(tuple(r), 0.0))
    return found


def touching(boxes: Sequence[BBox], region: BBox) -> tuple[BBox, ...]:
    """The boxes that overlap ``region`` (all four in page points)."""
    x0, y0, x1, y1 = region
    return tuple(b for b in boxes if b[0] < x1 and x0 < b[2] and b[1] < y1 and y0 < b[3])


def _contain(boxes: np.ndarray, inner: BBox) -> np.ndarray:
    """Which boxes contain ``inner`` (``pymupdf.Rect.contains`` on rectangles)."""
    x0, y0, x1, y1 = (float(v) for v in inner)
    if x0 > x1 or y0 > y1:
        return np.zeros(len(boxes), bool)
    return ((boxes[:, 0] <= x0) & (x1 <= boxes[:, 2])
            & (boxes[:, 1] <= y0) & (y1 <= boxes[:, 3]))


def cluster_boxes(boxes: np.ndarray, clip: BBox, tolerance: float = 3.0) -> list[pymupdf.Rect]:
    """Boxes joined while within ``tolerance`` points of each other, as
    ``pymupdf.Page.cluster_drawings`` joins them.

    Parameters
    ----------
    boxes : (n, 4) float ndarray
        Path boxes ``x0, y0, x1, y1`` in points.
    clip : (x0, y0, x1, y1)
        Only boxes inside it count (the page).
    tolerance : float
        Two boxes closer than this along both axes are neighbours.

    Returns
    -------
    list of pymupdf.Rect
        The joined boxes wider and higher than ``tolerance``, sorted by bottom then
        left edge. Starting from the box with the highest bottom edge, a cluster takes
        every box neighbouring its box as it grows, until none is left; then the next.
    """
    boxes = np.asarray(boxes, float).reshape(-1, 4)
    inside = ((boxes[:, 0] >= clip[0]) & (boxes[:, 2] <= clip[2])
              & (boxes[:, 1] >= clip[1]) & (boxes[:, 3] <= clip[3]))
    boxes = boxes[inside]
    # Sorted as the seeds are taken: by bottom edge, then left edge.
    boxes = boxes[np.lexsort((boxes[:, 0], boxes[:, 3]))]
    lo_x, hi_x = np.minimum(boxes[:, 0], boxes[:, 2]), np.maximum(boxes[:, 0], boxes[:, 2])
    lo_y, hi_y = np.minimum(boxes[:, 1], boxes[:, 3]), np.maximum(boxes[:, 1], boxes[:, 3])
    left = np.arange(len(boxes))
    joined = []
    while len(left):
        seed, left = left[0], left[1:]
        r = boxes[seed].copy()
        while len(left):
            rx0, rx1 = min(r[0], r[2]), max(r[0], r[2])
            ry0, ry1 = min(r[1], r[3]), max(r[1], r[3])
            near = ~((hi_x[left] < rx0 - tolerance) | (lo_x[left] > rx1 + tolerance)
                     | (hi_y[left] < ry0 - tolerance) | (lo_y[left] > ry1 + tolerance))
            if not near.any():
                break
            taken = left[near]
            # The cluster takes both corners of each neighbour, as a point each.
            r[0] = min(r[0], lo_x[taken].min())
            r[1] = min(r[1], lo_y[taken].min())
            r[2] = max(r[2], hi_x[taken].max())
            r[3] = max(r[3], hi_y[taken].max())
            left = left[~near]
        joined.append(pymupdf.Rect(*r))
    joined = sorted(set(joined), key=lambda r: (r.y1, r.x0))
    return [r for r in joined if r.width > tolerance and r.height > tolerance]
