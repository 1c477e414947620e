"""Print over images found by form; the per-pixel helpers equal numpy's to the last bit."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from forensics.overlay import _median, overlay_mask, paint_out
from forensics.pixels import brightest_channel, darkest_channel, mean_grey


@pytest.mark.parametrize("shape", [(3, 3, 3), (57, 91, 3), (400, 300, 3)])
def test_channel_helpers_equal_numpy(shape):
    rng = np.random.default_rng(sum(shape))
    image = rng.integers(0, 256, shape, dtype=np.uint8)
    for view in (image, image[1:, 2:], image[:, ::-1]):  # crops are strided views
        grey = mean_grey(view)
        assert grey.dtype == np.float64 and np.array_equal(grey, view.mean(axis=2))
        assert np.array_equal(darkest_channel(view), view.min(axis=2))
        assert np.array_equal(brightest_channel(view), view.max(axis=2))


def test_median_equals_numpys():
    rng = np.random.default_rng(4)
    for n in range(1, 40):
        values = np.round(rng.uniform(0, 255, n) * 3) / 3  # means of three channels
        assert _median(values) == float(np.median(values))


def _micrograph(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    field = cv2.GaussianBlur(rng.uniform(20, 90, (240, 320)).astype(np.float32), (0, 0), 3)
    return np.repeat(field.astype(np.uint8)[:, :, None], 3, axis=2)


def test_white_label_and_scale_bar_are_print_a_bright_nucleus_is_not():
    image = _micrograph()
    cv2.putText(image, "DAPI", (10, 40), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (255, 255, 255), 2)
    image[200:206, 220:300] = 255  # a scale bar: 1.5 pt thick, 20 pt long at 4 px/pt
    cv2.circle(image, (200, 110), 22, (250, 250, 250), -1)  # a nucleus: thick, not print
    mask = overlay_mask(image, 4.0)
    assert mask[15:42, 10:80].sum() > 150  # the word
    assert mask[200:206, 220:300].all()  # the bar
    assert not mask[95:125, 185:215].any()  # the nucleus's middle
    painted = paint_out(image, mask)
    assert painted[25, 10:80].max() < 200  # the word filled from the field around it
    assert np.array_equal(painted[~mask], image[~mask])


def test_a_white_page_is_ground_not_print():
    page = np.full((120, 160, 3), 255, np.uint8)
    cv2.putText(page, "B", (20, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 1)
    mask = overlay_mask(page, 3.0)
    assert mask[30:62, 18:50].any()  # the black letter on white is print
    assert not mask[90:, :].any()  # the white around it is ground


@pytest.mark.parametrize("tone", [60, 110, 150])
def test_grey_row_labels_beside_a_blot_are_print_its_bands_are_not(tone):
    # Row labels and kDa markers set in grey type beside a blot ("Lamin B1", "68 kDa")
    # are no extreme tone; they matched between unrelated blots until masked.
    from forensics.fixtures.blots import make_blot

    blot, _ = make_blot(np.random.default_rng(0), 6, 2, shape=(160, 300))
    page = np.full((160, 420, 3), 255, np.uint8)
    page[:, 120:] = blot
    for text, y in (("Lamin B1", 60), ("68 kDa", 120)):
        cv2.putText(page, text, (4, y), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (tone,) * 3, 1,
                    cv2.LINE_AA)
    mask = overlay_mask(page, 3.0)
    ink = page[:, :118].mean(axis=2) < 200
    assert mask[:, :118][ink].mean() > 0.95
    assert not mask[:, 120:].any()  # bands, grain and dust of the blot are data


def test_thin_dark_lines_of_a_grey_micrograph_are_not_print():
    # An electron micrograph is neutral grey with thin dark membranes: they are on a
    # textured ground, not on page white, and stay.
    rng = np.random.default_rng(1)
    field = cv2.GaussianBlur(rng.uniform(160, 250, (240, 240)).astype(np.float32), (0, 0), 1.5)
    for _ in range(30):
        x, y, a, b = (int(v) for v in rng.integers((0, 0, 8, 8), (240, 240, 30, 30)))
        cv2.ellipse(field, (x, y), (a, b), 0, 0, 360, 80, 1, cv2.LINE_AA)
    image = np.repeat(np.clip(field, 0, 255).astype(np.uint8)[:, :, None], 3, axis=2)
    assert overlay_mask(image, 3.0).mean() < 0.01


def test_thin_grey_strokes_of_a_drawing_are_not_print():
    # A schematic mouse drawn twice (two figures) lost its legs and tail to the grey
    # print rule, and the legless drawings then passed as continuous tone and matched:
    # print stands alone on the page, a stroke of a drawing belongs to the drawing.
    page = np.full((200, 260, 3), 255, np.uint8)
    cv2.ellipse(page, (130, 100), (60, 30), 0, 0, 360, (110, 105, 100), -1, cv2.LINE_AA)
    for x in (90, 110, 150, 170):
        cv2.line(page, (x, 120), (x - 8, 160), (110, 105, 100), 2, cv2.LINE_AA)
    cv2.line(page, (190, 100), (250, 80), (110, 105, 100), 2, cv2.LINE_AA)  # the tail
    mask = overlay_mask(page, 3.0)
    assert not mask.any()


def test_thin_light_label_on_a_dark_field_is_print_its_green_nuclei_are_not():
    # Regression (10.1093/nar/gkae069 Fig 2, images of the grids searched one by one):
    # "1 uM" in a regular face at under 3 px per point never reaches white, so it was
    # not print; two micrographs of one row matched on it.
    rng = np.random.default_rng(3)
    image = np.full((200, 200, 3), 30, np.uint8)
    yy, xx = np.mgrid[:200, :200]
    nuclei = np.zeros((200, 200), bool)
    for cx, cy in ((60, 120), (140, 150), (150, 80)):
        nuclei |= (xx - cx) ** 2 + ((yy - cy) * 1.4) ** 2 < 18 ** 2
    image[nuclei] = (40, 150, 50)
    image = cv2.GaussianBlur(image, (0, 0), 0.8)
    image = np.clip(image.astype(np.int16) + rng.integers(-2, 3, image.shape), 0, 255)
    image = image.astype(np.uint8)
    cv2.putText(image, "1 uM", (10, 25), cv2.FONT_HERSHEY_PLAIN, 1.2, (170, 170, 170), 1,
                cv2.LINE_AA)
    mask = overlay_mask(image, 2.8)
    assert mask[10:28, 10:60].sum() > 40  # the label
    assert not mask[nuclei].any()


def test_thin_bands_of_a_gel_on_a_dark_ground_are_not_print():
    # Regression (a generated DNA gel, bench/detect.py seed 7): the light-print rule on
    # dark fields painted out thin neutral bands, and a JPEG copy of the gel was missed.
    image = np.full((160, 240, 3), 28, np.uint8)
    for lane in range(5):
        for y in (30, 62, 100, 131):
            x = 12 + lane * 46
            cv2.rectangle(image, (x, y), (x + 34, y + 3), (190, 190, 190), -1)
    image = cv2.GaussianBlur(image, (0, 0), 0.7)
    mask = overlay_mask(image, 2.8)
    assert mask.sum() == 0
