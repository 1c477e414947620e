"""Boxes in PDF points: areas, unions, overlaps, and pixel regions mapped to the page
and back.

A box is ``(x0, y0, x1, y1)``, origin at the top left, end-exclusive; page boxes
are in PDF points, pixel regions in pixels of an image. One module for the
arithmetic every stage does on them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from forensics.model import BBox

__all__ = ["area", "inside", "intersection", "iou", "mirrored", "overlaps", "page_to_region",
           "pixels_per_point", "region_to_page", "union"]


def area(box: Sequence[float]) -> float:
    """Area of a box; 0 for an empty or inverted one."""
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def intersection(a: Sequence[float], b: Sequence[float]) -> float:
    """Area common to two boxes."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    return ix * iy


def iou(a: Sequence[float], b: Sequence[float]) -> float:
    """Intersection over union of two boxes; 0 when they do not meet.

    Examples
    --------
    >>> iou((0, 0, 2, 2), (1, 0, 3, 2))
    0.3333333333333333
    """
    inter = intersection(a, b)
    union_area = area(a) + area(b) - inter
    return inter / union_area if union_area > 0 else 0.0


def overlaps(a: Sequence[float], b: Sequence[float]) -> bool:
    """Whether two boxes share some area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(inner: Sequence[float], outer: Sequence[float], slack: float = 0.0) -> bool:
    """Whether ``inner`` lies inside ``outer``, up to ``slack`` beyond its edges."""
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def mirrored(box: Sequence[float], flip_x: bool, flip_y: bool) -> tuple:
    """``box`` mirrored about the axes (``x -> -x`` and/or ``y -> -y``): a question
    about one corner of a box asked as one about its top-left corner."""
    x0, y0, x1, y1 = box
    return (-x1 if flip_x else x0, -y1 if flip_y else y0,
            -x0 if flip_x else x1, -y0 if flip_y else y1)


def union(boxes: Sequence[Sequence[float]]) -> BBox:
    """The smallest box holding all ``boxes`` (at least one)."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def region_to_page(bbox: BBox, shape: tuple[int, ...], region: Sequence[float]) -> BBox:
    """A pixel region of an image drawn over the page box ``bbox`` → page points.

    Parameters
    ----------
    bbox : tuple of float
        Where the image is drawn on the page (it spans the box linearly).
    shape : tuple of int
        The image's ``(rows, cols[, channels])``.
    region : sequence of float
        ``(x0, y0, x1, y1)`` in pixels of the image.
    """
    rows, cols = shape[:2]
    x0, y0, x1, y1 = bbox
    sx, sy = (x1 - x0) / cols, (y1 - y0) / rows
    return (round(x0 + region[0] * sx, 2), round(y0 + region[1] * sy, 2),
            round(x0 + region[2] * sx, 2), round(y0 + region[3] * sy, 2))


def page_to_region(bbox: BBox, shape: tuple[int, ...], region: Sequence[float]
                   ) -> tuple[int, int, int, int]:
    """Page points → the pixels of an image drawn over the page box ``bbox`` that lie
    under ``region`` (the inverse of :func:`region_to_page`), outward to whole pixels
    and clipped to the image.

    Returns
    -------
    tuple of int
        ``(x0, y0, x1, y1)`` in pixels, end-exclusive.
    """
    rows, cols = shape[:2]
    x0, y0, x1, y1 = bbox
    sx, sy = cols / max(x1 - x0, 1e-6), rows / max(y1 - y0, 1e-6)
    return (max(0, int((region[0] - x0) * sx)), max(0, int((region[1] - y0) * sy)),
            min(cols, math.ceil((region[2] - x0) * sx)),
            min(rows, math.ceil((region[3] - y0) * sy)))


def pixels_per_point(bbox: Sequence[float], width_px: int) -> float:
    """Pixels per point of an image ``width_px`` wide printed across ``bbox``."""
    return width_px / max(bbox[2] - bbox[0], 1e-6)
