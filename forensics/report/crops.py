"""Crops around each side of a finding, the matched region outlined.

The pixels come from the PDFs themselves (rendered by PyMuPDF), so a report can be
written from a stored report and the PDFs alone; when a PDF cannot be opened any more
(an audit's files moved or deleted), from the panel's own pixels when the report
carries them (an audit store keeps them). A :class:`Crop` knows where its pixels sit
on the page, so page points (regions, matched points) can be placed on it.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pymupdf

from forensics.model import BBox, Panel, PanelRef, Transform

__all__ = ["Crop", "PageRenderer", "crop_panel", "cut_side", "data_uri", "orientation_map",
           "outlined", "panel_key", "to_first_orientation"]

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


@dataclass(frozen=True, eq=False)
class Crop:
    """Pixels around one side of a finding, and where they sit on the page.

    A page point ``(x, y)`` is the pixel ``((x - origin[0]) * scale, (y - origin[1]) *
    scale)`` of ``image`` (RGB, ``uint8``). ``source`` says where the pixels come from:
    ``"page"`` (the PDF's page rendered) or ``"stored"`` (the panel's own pixels, kept
    by an audit, when the PDF could not be opened).
    """

    image: np.ndarray
    origin: tuple[float, float]
    scale: float
    source: str = "page"

    def to_pixels(self, points: np.ndarray | Sequence[float]) -> np.ndarray:
        """Page points ``(n, 2)`` (or a box, as its two corners) → pixel coordinates of
        :attr:`image`, ``(n, 2)``."""
        return (np.asarray(points, float).reshape(-1, 2) - self.origin) * self.scale


def panel_key(file: str | None, page: int | None, bbox: BBox | None) -> tuple:
    """How a panel of a report is found again from a finding's side (its box rounded to
    a hundredth of a point, as the JSON keeps it)."""
    return (file, page, None if bbox is None else tuple(round(float(v), 2) for v in bbox))


def stored_panels(panels: Iterable[Panel]) -> dict[tuple, Panel]:
    """The panels that carry their pixels (not the 1 x 1 placeholders of a stored
    report read without them), by :func:`panel_key`."""
    return {panel_key(p.file, p.page, p.bbox): p for p in panels if p.image.size > 1}


def cut_side(renderer: PageRenderer, ref: PanelRef, stored: Mapping[tuple, Panel] | None = None,
             longest_px: int = 420) -> Crop | None:
    """The panel ``ref`` cut from its rendered page with a margin; from its stored
    pixels (``stored``, by :func:`panel_key`) when the PDF cannot be read; None when
    neither is available."""
    if ref.file is None or ref.page is None or ref.bbox is None:
        return None
    x0, y0, x1, y1 = ref.bbox
    clip = (x0 - MARGIN_PT, y0 - MARGIN_PT, x1 + MARGIN_PT, y1 + MARGIN_PT)
    rendered = renderer.render(ref.file, ref.page, clip, longest_px)
    if rendered is not None:
        image, (ox, oy, right, _) = rendered
        return Crop(image, (ox, oy), image.shape[1] / max(1e-6, right - ox))
    panel = (stored or {}).get(panel_key(ref.file, ref.page, ref.bbox))
    if panel is None:
        return None
    image = panel.image
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    rows, cols = image.shape[:2]
    shrink = min(1.0, longest_px / max(rows, cols))
    if shrink < 1.0:
        image = cv2.resize(image, (max(1, round(cols * shrink)), max(1, round(rows * shrink))),
                           interpolation=cv2.INTER_AREA)
    return Crop(np.ascontiguousarray(image), (x0, y0), image.shape[1] / max(1e-6, x1 - x0),
                source="stored")


def outlined(crop: Crop, regions: Iterable[BBox | None]) -> np.ndarray:
    """A copy of the crop's pixels with each of ``regions`` (page points) outlined."""
    image = crop.image.copy()
    thickness = max(2, round(max(image.shape[:2]) / 200))
    for region in regions:
        if region is None:
            continue
        (left, top), (right, bottom) = np.round(crop.to_pixels(region)).astype(int)
        cv2.rectangle(image, (int(left), int(top)), (int(right), int(bottom)), OUTLINE, thickness)
    return image


def crop_panel(renderer: PageRenderer, ref: PanelRef, regions: tuple[BBox | None, ...],
               longest_px: int = 420) -> np.ndarray | None:
    """The panel ``ref`` cut from its rendered page with a margin, each of ``regions``
    (page points) outlined; None when the PDF, the page or the box is unknown."""
    crop = cut_side(renderer, ref, None, longest_px)
    return None if crop is None else outlined(crop, regions)


def orientation_map(shape: tuple[int, ...], transform: Transform) -> np.ndarray:
    """The 2 x 3 map from pixels of an image of ``shape`` to pixels of
    :func:`to_first_orientation`'s output, for placing points on the turned image."""
    h, w = shape[:2]
    matrix = np.eye(3)
    angle = float(transform.rotation) % 360
    quarter = round(angle / 90)
    if angle and abs(angle - 90 * quarter) < 1e-6:
        for _ in range(quarter % 4):  # one clockwise quarter turn each
            matrix = np.array([[0.0, -1.0, h], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]) @ matrix
            h, w = w, h
    elif angle:
        matrix = np.vstack([cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0), [0, 0, 1]])
    if transform.flip == "horizontal":
        matrix = np.array([[-1.0, 0.0, w], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]) @ matrix
    elif transform.flip == "vertical":
        matrix = np.array([[1.0, 0.0, 0.0], [0.0, -1.0, h], [0.0, 0.0, 1.0]]) @ matrix
    return matrix[:2]


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
