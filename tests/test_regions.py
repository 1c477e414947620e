"""Regions, not only whole panels: a piece of one image pasted turned inside its own
panel (a clone under flip, rotation or rescale) is found from a generated PDF, outlined
on both sides and its transform named."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest

from forensics import find_duplicates, read_panels
from forensics.fixtures.content import make_field
from forensics.geometry import iou
from forensics.settings import Settings

#: Where the piece is cut and pasted, in pixels of the 480 x 360 image.
SOURCE = (40, 30, 140, 130)
TARGET_AT = (300, 200)
#: Points per pixel of the image on the page (about 2.7 px/pt, as in real figures).
PT = 0.375


def _turned(piece: np.ndarray, how: str) -> np.ndarray:
    if how == "rot90":
        return np.ascontiguousarray(np.rot90(piece))
    if how == "flip_h":
        return np.ascontiguousarray(piece[:, ::-1])
    if how == "flip_v":
        return np.ascontiguousarray(piece[::-1])
    if how == "rotate7":
        h, w = piece.shape[:2]
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), 7, 1.0)
        return cv2.warpAffine(piece, turn, (w, h), borderMode=cv2.BORDER_REFLECT)
    if how == "rescale":
        return cv2.resize(piece, None, fx=1.25, fy=1.25, interpolation=cv2.INTER_CUBIC)
    raise ValueError(how)


def _figure(path: Path, how: str, seed: int = 4) -> tuple[Path, tuple, tuple]:
    """A one-figure PDF whose JPEG image holds a piece pasted ``how``; the truth as
    page boxes (source, target)."""
    image = make_field("tissue", np.random.default_rng(seed), (360, 480))
    x0, y0, x1, y1 = SOURCE
    pasted = _turned(image[y0:y1, x0:x1].copy(), how)
    tx, ty = TARGET_AT
    image[ty:ty + pasted.shape[0], tx:tx + pasted.shape[1]] = pasted
    jpeg = cv2.imencode(".jpg", cv2.cvtColor(image, cv2.COLOR_RGB2BGR),
                        [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    left, top = 100.0, 100.0
    page.insert_image(pymupdf.Rect(left, top, left + 480 * PT, top + 360 * PT), stream=jpeg)
    page.insert_textbox(pymupdf.Rect(56, 260, 539, 300),
                        "Figure 1. Tissue section of the treated group.", fontsize=8)
    page.insert_textbox(pymupdf.Rect(56, 400, 539, 700), "Body text of the paper. " * 40,
                        fontsize=10)
    doc.save(path)

    def box(x, y, w, h):
        return (left + x * PT, top + y * PT, left + (x + w) * PT, top + (y + h) * PT)
    return (path, box(x0, y0, x1 - x0, y1 - y0),
            box(tx, ty, pasted.shape[1], pasted.shape[0]))


@pytest.mark.parametrize("how, flip, rotation", [
    ("rot90", None, 90.0), ("flip_h", "horizontal", 0.0), ("flip_v", "vertical", 0.0),
    ("rotate7", None, 7.0), ("rescale", None, 0.0)])
def test_piece_pasted_turned_in_its_panel_is_found_and_outlined(tmp_path, how, flip,
                                                                 rotation):
    pdf, source, target = _figure(tmp_path / f"{how}.pdf", how)
    matches = find_duplicates(read_panels(pdf).panels)
    clones = [m for m in matches if m.kind == "clone"]
    assert len(clones) == 1, matches
    clone = clones[0]
    sides = (clone.region_a, clone.region_b)
    if iou(sides[0], source) < iou(sides[1], source):
        sides = sides[::-1]
        expected = np.linalg.inv(_linear(flip, rotation))
    else:
        expected = _linear(flip, rotation)
    assert iou(sides[0], source) >= 0.5 and iou(sides[1], target) >= 0.5, (sides, source,
                                                                          target)
    reported = _linear(clone.transform.flip, clone.transform.rotation)
    assert np.allclose(reported, expected, atol=0.04), (clone.transform, flip, rotation)


def test_untouched_field_has_no_clone(tmp_path):
    image = make_field("tissue", np.random.default_rng(4), (360, 480))
    jpeg = cv2.imencode(".jpg", cv2.cvtColor(image, cv2.COLOR_RGB2BGR),
                        [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(pymupdf.Rect(100, 100, 100 + 480 * PT, 100 + 360 * PT), stream=jpeg)
    page.insert_textbox(pymupdf.Rect(56, 260, 539, 300),
                        "Figure 1. Tissue section of the treated group.", fontsize=8)
    doc.save(tmp_path / "clean.pdf")
    assert find_duplicates(read_panels(tmp_path / "clean.pdf").panels) == []


def _linear(flip: str | None, rotation: float) -> np.ndarray:
    from forensics.model import Transform

    return Transform(rotation=rotation, flip=flip).linear()


def _two_panel_figure(path: Path, how: str, piece: tuple[int, int, int, int] = (
        30, 40, 160, 170), kind: str = "tissue") -> tuple[Path, tuple, tuple]:
    """Two different fields of ``kind`` side by side in one figure, the ``piece``
    (pixels) of the first pasted ``how`` into the second; the truth as page boxes
    (source, target)."""
    first = make_field(kind, np.random.default_rng(11), (300, 300))
    second = make_field(kind, np.random.default_rng(12), (300, 300))
    x0, y0, x1, y1 = piece
    pasted = _turned(first[y0:y1, x0:x1].copy(), how)
    tx, ty = 130, 120
    second[ty:ty + pasted.shape[0], tx:tx + pasted.shape[1]] = pasted
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lefts, scale = (60.0, 250.0), 0.5  # the layout of tests/test_captions.py
    for letter, left, image in zip("AB", lefts, (first, second), strict=True):
        jpeg = cv2.imencode(".jpg", cv2.cvtColor(image, cv2.COLOR_RGB2BGR),
                            [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()
        page.insert_text((left, 95), letter, fontname="hebo", fontsize=12)
        page.insert_image(pymupdf.Rect(left, 100, left + 150, 250), stream=jpeg)
    page.insert_textbox(pymupdf.Rect(56, 270, 539, 330),
                        "Figure 1. Tissue sections of two groups. (A) Control. (B) Treated.",
                        fontsize=8)
    page.insert_textbox(pymupdf.Rect(56, 400, 539, 700), "Body text of the paper. " * 40,
                        fontsize=10)
    doc.save(path)

    def box(left, x, y, w, h):
        return (left + x * scale, 100 + y * scale, left + (x + w) * scale,
                100 + (y + h) * scale)
    return (path, box(lefts[0], x0, y0, x1 - x0, y1 - y0),
            box(lefts[1], tx, ty, pasted.shape[1], pasted.shape[0]))


@pytest.mark.parametrize("how, flip, rotation", [
    ("rot90", None, 90.0), ("flip_h", "horizontal", 0.0), ("rescale", None, 0.0)])
def test_piece_of_one_panel_pasted_into_another_is_outlined_on_both(tmp_path, how, flip,
                                                                    rotation):
    # A fifth of one panel (130 x 130 of 300 x 300 px) in a fifth to a third of the
    # other: the finding names the two regions, not the two whole panels. (Smaller
    # pieces are verified too, but [detect] min_overlap_share, 0.15, drops them.)
    pdf, source, target = _two_panel_figure(tmp_path / f"{how}.pdf", how)
    matches = [m for m in find_duplicates(read_panels(pdf).panels) if m.kind != "clone"]
    assert len(matches) == 1, matches
    match = matches[0]
    sides, expected = (match.region_a, match.region_b), _linear(flip, rotation)
    if iou(sides[0], source) < iou(sides[1], source):
        sides, expected = sides[::-1], np.linalg.inv(expected)
    assert iou(sides[0], source) >= 0.5 and iou(sides[1], target) >= 0.5, (sides, source,
                                                                          target)
    assert np.allclose(_linear(match.transform.flip, match.transform.rotation), expected,
                       atol=0.04), match.transform


@pytest.mark.parametrize("how", ["flip_h", "rot90"])
def test_a_twentieth_of_a_panel_pasted_into_another_is_found_keypoint_by_keypoint(
        tmp_path, how):
    """Regression: pieces a twentieth of a panel (70 x 70 of 300 x 300 px) pasted into
    another image were missed: their fingerprints are outvoted by the rest of each
    panel and the pair is no candidate. Keypoints matched across the paper find it."""
    pdf, source, target = _two_panel_figure(tmp_path / f"{how}.pdf", how,
                                            piece=(40, 50, 110, 120))
    panels = read_panels(pdf).panels
    found = [m for m in find_duplicates(panels) if m.kind != "clone"]
    assert len(found) == 1, found
    sides = (found[0].region_a, found[0].region_b)
    if iou(sides[0], source) < iou(sides[1], source):
        sides = sides[::-1]
    assert iou(sides[0], source) >= 0.4 and iou(sides[1], target) >= 0.4, (sides, source,
                                                                          target)
    settings = Settings()
    whole = replace(settings, detect=replace(settings.detect, regions=False))
    assert [m for m in find_duplicates(panels, settings=whole) if m.kind != "clone"] == []
