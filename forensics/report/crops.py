"""Crops of the rendered pages around each side of a finding, the matched region outlined.

The pixels come from the PDFs themselves (rendered by PyMuPDF), not from the panels
the pipeline kept, so a report can be written from a stored report and the PDFs alone.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from pathlib import Path

import cv2
import numpy as np
import pymupdf

from forensics.model import BBox, PanelRef, Transform

__all__ = ["PageRenderer", "crop_panel", "data_uri", "to_first_orientation"]

#: Colour of a matched region's outline (RGB): a red that stays visible on grey blots,
#: on black fluorescence and on white.
OUTLINE = (230, 20, 60)
#: Points of page shown around a panel, so its letter and neighbours are in view.
MARGIN_PT = 6.0


class PageRenderer:
    """Renders crops of pages, keeping each PDF open until :meth:`close`.

    Parameters
    ----------
    pdf_paths : mapping of str to path, optional
        Where to find each PDF named in the report (by the report's ``file``); a file
        not in the mapping is opened at the path the report records.
    """

    def __init__(self, pdf_paths: Mapping[str, str | Path] | None = None):
        self._paths = dict(pdf_paths or {})
        self._docs: dict[str, pymupdf.Document | None] = {}

    def __enter__(self) -> PageRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for doc in self._docs.values():
            if doc is not None:
                doc.close()
        self._docs.clear()

    def _document(self, file: str) -> pymupdf.Document | None:
        if file not in self._docs:
            path = Path(self._paths.get(file, file))
            try:
                self._docs[file] = pymupdf.open(path)
            except Exception:  # missing or unreadable: the report says so instead
                self._docs[file] = None
        return self._docs[file]

    def render(self, file: str, page: int, clip: BBox,
               longest_px: int) -> tuple[np.ndarray, BBox] | None:
        """The page region ``clip`` (points, cut at the page's edges) of ``file`` as an
        RGB array whose longest side is about ``longest_px`` (never below 1 px per point
        nor above 4), with the region actually rendered; None when the file or page
        cannot be read."""
        doc = self._document(file)
        if doc is None or not 1 <= page <= doc.page_count:
            return None
        rect = pymupdf.Rect(clip) & doc[page - 1].rect
        if rect.is_empty:
            return None
        zoom = min(4.0, max(1.0, longest_px / max(rect.width, rect.height)))
        pix = doc[page - 1].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=rect,
                                       alpha=False, colorspace=pymupdf.csRGB)
        image = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)
        return image.copy(), (rect.x0, rect.y0, rect.x1, rect.y1)


def crop_panel(renderer: PageRenderer, ref: PanelRef, regions: tuple[BBox | None, ...],
               longest_px: int = 420) -> np.ndarray | None:
    """The panel ``ref`` cut from its rendered page with a margin, each of ``regions``
    (page points) outlined; None when the PDF, the page or the box is unknown."""
    if ref.file is None or ref.page is None or ref.bbox is None:
        return None
    x0, y0, x1, y1 = ref.bbox
    clip = (x0 - MARGIN_PT, y0 - MARGIN_PT, x1 + MARGIN_PT, y1 + MARGIN_PT)
    rendered = renderer.render(ref.file, ref.page, clip, longest_px)
    if rendered is None:
        return None
    image, (ox, oy, right, _) = rendered
    sx = image.shape[1] / max(1e-6, right - ox)
    thickness = max(2, round(max(image.shape[:2]) / 200))
    for region in regions:
        if region is None:
            continue
        r = [round((region[0] - ox) * sx), round((region[1] - oy) * sx),
             round((region[2] - ox) * sx), round((region[3] - oy) * sx)]
        cv2.rectangle(image, (r[0], r[1]), (r[2], r[3]), OUTLINE, thickness)
    return image


def to_first_orientation(image: np.ndarray, transform: Transform) -> np.ndarray:
    """Undo ``transform`` (b relative to a: flip, then rotation anticlockwise) on b's
    crop, so it can be laid beside a's crop in a's orientation; scale is left alone
    (the two crops are shown at the same height anyway)."""
    out = image
    angle = float(transform.rotation) % 360
    if angle:
        quarter = round(angle / 90)
        if abs(angle - 90 * quarter) < 1e-6:
            # b was turned anticlockwise: turn it back clockwise.
            out = np.ascontiguousarray(np.rot90(out, k=-quarter % 4))
        else:
            h, w = out.shape[:2]
            matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
            out = cv2.warpAffine(out, matrix, (w, h), borderValue=(255, 255, 255))
    if transform.flip == "horizontal":
        out = np.ascontiguousarray(out[:, ::-1])
    elif transform.flip == "vertical":
        out = np.ascontiguousarray(out[::-1])
    return out


def data_uri(image: np.ndarray, quality: int = 80) -> str:
    """An RGB array as a ``data:image/jpeg;base64,...`` URI, for an ``<img src>``."""
    ok, encoded = cv2.imencode(".jpg", cv2.cvtColor(image, cv2.COLOR_RGB2BGR),
                               [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:  # pragma: no cover - OpenCV encodes any uint8 RGB array
        raise ValueError(f"JPEG encoding failed for an image of shape {image.shape}")
    return "data:image/jpeg;base64," + base64.b64encode(encoded.tobytes()).decode("ascii")
