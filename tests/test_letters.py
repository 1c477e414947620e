"""Panel letters as printed (issue 19, item 1): each principle on a generated figure,
and the real papers where it was found (skipped when ../shared/real-papers is absent)."""

from __future__ import annotations

import functools

import cv2
import numpy as np
import pymupdf
import pytest

from forensics.caption_letters import caption_letters
from forensics.extract import read_paper
from forensics.labels import _core
from forensics.letters import match_template
from forensics.model import Figure
from forensics.panels import split_panels
from tests.conftest import REAL_PAPERS


def _figure(img: np.ndarray, caption: str, **kwargs) -> Figure:
    """Figure 1 on page 1, its pixels at 2 px per pt from the page's top left corner."""
    rows, cols = img.shape[:2]
    return Figure("x.pdf", "1", 1, (0, 0, cols / 2, rows / 2), caption, img, 2.0, **kwargs)


def _glyph(letter: str, font: str, size: float, ink: int, paper: int) -> np.ndarray:
    """``letter`` rendered by MuPDF (antialiased) at 2 px per pt: ``ink`` on ``paper``."""
    page = pymupdf.open().new_page(width=size * 1.4, height=size * 1.4)
    page.insert_text((size * 0.2, size * 1.1), letter, fontname=font, fontsize=size)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(2, 2), colorspace=pymupdf.csGRAY)
    grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width) / 255.0
    return (paper * grey + ink * (1 - grey)).astype(np.uint8)


def _stamp(img: np.ndarray, glyph: np.ndarray, x: int, y: int) -> None:
    img[y:y + glyph.shape[0], x:x + glyph.shape[1]] = glyph[:, :, None]


def _texture(rng, rows: int, cols: int, low: int, high: int) -> np.ndarray:
    return rng.integers(low, high, (rows, cols, 1), np.uint8).repeat(3, axis=2)


# --- the letters a caption names ------------------------------------------------------

@pytest.mark.parametrize("caption, letters", [
    # Nature style naming some panels in brackets: "Also shown are (h) …", "(k, m) PD-1".
    ("Fig. 5 | Title. a Scheme. b Percentage of cells and (c) mean intensity. d Index "
     "and (e) mean. f Proliferation. Also shown are the (g, i) PD-1 and (h) CTLA-4.",
     set("ABCDEFGHI")),
    # NAR: "Panel A shows …", a capital P.
    ("Figure 2. Growth. Panel A shows curves at 37 C and panel B at 30 C.", set("AB")),
    # An italic "(g)" (a doubling time) in a caption naming "(C)" and "(D)".
    ("Figure 2. Growth. Doubling times (g) at 37 C (C) and 30 C (D), curves (A and B).",
     set("ABCD")),
    # An author's ". E. Tumor volume" among "(D)" and "(F)".
    ("Figure 3. Response. (A) Images. (B) Volumes. (C) Control. (D) Responders. "
     "E. Tumor volume of others. (F) Weights.", set("ABCDEF")),
    # A lone bracketed letter that is not the first panel's: no panels named.
    ("Figure 3. Doubling times (g) and standard deviations at 30 C.", set()),
])
def test_caption_letters_of_mixed_styles(caption, letters):
    assert caption_letters(caption) == letters


# --- letters read from pixels -------------------------------------------------------

def test_light_letter_on_a_dark_micrograph_is_read():
    # Author manuscripts set a 7 pt regular "A" in white over a dark micrograph (the
    # real case whose thin strokes a strict threshold broke apart is the Dev Cell test
    # below; MuPDF's clean rendering here is read either way).
    rng = np.random.default_rng(1)
    img = np.full((300, 620, 3), 255, np.uint8)
    img[20:280, 20:300] = _texture(rng, 260, 280, 0, 30)
    img[20:280, 320:600] = _texture(rng, 260, 280, 0, 30)
    for letter, x in (("A", 26), ("B", 326)):
        glyph = _glyph(letter, "helv", 7, ink=235, paper=0)
        img[26:26 + glyph.shape[0], x:x + glyph.shape[1]] = np.maximum(
            img[26:26 + glyph.shape[0], x:x + glyph.shape[1]], glyph[:, :, None])
    figure = _figure(img, "Figure 1. Embryos. (A) FoxF. (B) FoxF ablated.",
                     image_boxes=((10, 10, 150, 140), (160, 10, 300, 140)))
    assert [p.label for p in split_panels(figure)] == ["A", "B"]


def test_named_letter_with_no_panel_takes_the_ink_of_its_cell():
    # Panel B is a table of small text: no blob of it is big enough to be a panel, but
    # the caption names B and the figure shows it, so the text under B is panel B.
    rng = np.random.default_rng(2)
    img = np.full((320, 640, 3), 255, np.uint8)
    img[50:300, 20:300] = _texture(rng, 250, 280, 40, 200)
    _stamp(img, _glyph("A", "hebo", 12, 0, 255), 14, 10)
    _stamp(img, _glyph("B", "hebo", 12, 0, 255), 360, 10)
    for row in range(8):
        for col, word in enumerate(("UFM1", "142")):
            y, x = 60 + 28 * row, 380 + 120 * col
            for k, ch in enumerate(word):
                _stamp(img, _glyph(ch, "helv", 8, 0, 255), x + 12 * k, y)
    figure = _figure(img, "Figure 1. Partners. (A) Gel. (B) Peptides found.")
    panels = {p.label: p for p in split_panels(figure)}
    assert set(panels) == {"A", "B"}
    x0, y0, x1, y1 = panels["B"].bbox
    assert x0 <= 192 and y0 <= 35 and x1 >= 265 and y1 >= 130  # the whole table


@pytest.mark.parametrize("letter", "abdeh")
def test_a_soft_glyph_is_read_at_mid_tone(letter):
    # A bold letter in a resampled raster has a wide grey rim: taken as ink, every pixel
    # off white fattens it past its template ("b" of Nat Commun 2024 Fig. 4 read as
    # nothing); half-way between paper and ink it has the shape it was drawn with.
    soft = cv2.GaussianBlur(_glyph(letter, "hebo", 12, 0, 255), (0, 0), 1.0)
    crop = np.repeat(soft[:, :, None], 3, axis=2)
    fat, fat_score = match_template(soft < 240)
    core, core_score = match_template((soft < 240) & _core(crop))
    assert core == letter and core_score > fat_score + 0.05


def test_panels_before_the_first_letter_read_take_the_first_letters():
    # The letters of the first row were cut off (or too faint to read): four panels
    # precede "E", and the caption names A to F, so they are A to D.
    rng = np.random.default_rng(4)
    img = np.full((420, 840, 3), 255, np.uint8)
    for k in range(4):
        img[20:180, 20 + 205 * k:200 + 205 * k] = _texture(rng, 160, 180, 40, 200)
    for k, letter in enumerate("EF"):
        img[250:410, 20 + 205 * k:200 + 205 * k] = _texture(rng, 160, 180, 40, 200)
        _stamp(img, _glyph(letter, "hebo", 12, 0, 255), 14 + 205 * k, 212)
    figure = _figure(img, "Figure 3. Structures. (A–D) Surfaces. (E and F) Domains.")
    assert [p.label for p in split_panels(figure)] == list("ABCDEF")


def test_letter_over_the_edge_of_an_image_is_read_whole():
    # "B" printed over the white corner of its panel's image: clustered without the
    # part inside the image it reads as "E"; read whole it is "B".
    rng = np.random.default_rng(5)
    img = np.full((320, 640, 3), 255, np.uint8)
    img[50:300, 20:300] = _texture(rng, 250, 280, 40, 200)
    img[40:300, 350:620] = 255
    img[60:300, 360:620] = _texture(rng, 240, 260, 40, 200)
    _stamp(img, _glyph("A", "hebo", 12, 0, 255), 14, 10)
    _stamp(img, _glyph("B", "hebo", 12, 0, 255), 340, 10)
    figure = _figure(img, "Figure 2. Domains. (A) Globular. (B) Dimerization.",
                     image_boxes=((175, 5, 310, 150),))
    assert [p.label for p in split_panels(figure)] == ["A", "B"]


# --- the real papers where each was found (tuning half) -----------------------------

@functools.lru_cache(maxsize=8)
def _real_labels(name: str, number: str) -> dict[str, tuple]:
    path = REAL_PAPERS / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    _paper, figures = read_paper(path)
    figure = next(f for f in figures if f.number == number)
    return {p.label: p.bbox for p in split_panels(figure) if p.label}


@pytest.mark.parametrize("name, number, letters", [
    # Thin white letters over dark micrographs of an author manuscript.
    ("10.1016_j.devcel.2023.09.005.pdf", "1", "ABCD"),
    # Letters named in brackets in a Nature-style caption: "(c) mean", "(k, m) PD-1".
    ("10.1038_s41467-023-40886-7.pdf", "5", "CEKLN"),
    # A table (text only) under its letter "B".
    ("10.1073_pnas.2322520121.pdf", "2", "AB"),
    # A bold "b" with a grey rim, read at mid-tone.
    ("10.1038_s41467-024-46676-z.pdf", "4", "ABCDEFGH"),
    # Letters A-D above the figure's region: four panels before "E".
    ("10.1093_nar_gkae212.pdf", "3", "ABCDEFGHIJK"),
    # A "B" printed over the corner of its image; the bold "A" the OCR engine reads as
    # a full-width "Ａ".
    ("10.1093_nar_gkae212.pdf", "2", "ABCD"),
])
def test_real_caption_letters_found_as_panels(name, number, letters):
    assert set(letters) <= set(_real_labels(name, number))


def test_templates_set_in_a_row_are_the_letters_rendered_alone():
    """The 208 templates are rendered four rows at a time: each must be the letter as
    rendered alone on its own page (cells start at whole pixels)."""
    from forensics.letters import LETTERS, TEMPLATE_FONTS, _normalise, _templates

    vectors, names, _aspects = _templates()
    doc = pymupdf.open()
    for font, ch in [("hebo", "A"), ("helv", "W"), ("tibo", "g"), ("tiro", "z"), ("hebo", "m")]:
        page = doc.new_page(width=40, height=40)
        page.insert_text((8, 30), ch, fontname=font, fontsize=24)
        pix = page.get_pixmap(matrix=pymupdf.Matrix(2, 2), colorspace=pymupdf.csGRAY)
        alone = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width) < 128
        k = TEMPLATE_FONTS.index(font) * len(LETTERS) + LETTERS.index(ch)
        assert names[k] == ch
        assert np.array_equal(vectors[k], _normalise(alone).ravel())


def test_ocr_recogniser_alone_reads_as_the_whole_engine():
    """The recognition model loaded alone gives the engine's own text and confidence."""
    rapidocr = pytest.importorskip("rapidocr_onnxruntime")
    from forensics.letters import _OCR_WIDTH, _ocr_engine

    engine = rapidocr.RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1,
                               rec_img_shape=[3, 48, _OCR_WIDTH])
    crops = []
    for font, letter, size in [("hebo", "B", 9), ("helv", "c", 14), ("tiro", "Q", 7),
                               ("cour", "1", 11), ("hebo", "(d)", 8), ("tibo", "Fig", 10)]:
        glyph = _glyph(letter, font, size, 0, 255)
        ys, xs = np.nonzero(glyph < 200)
        crop = glyph[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
        crops.append(np.ascontiguousarray(np.repeat(crop[:, :, None], 3, axis=2)))
    crops.append(np.full((20, 12, 3), 255, np.uint8))  # nothing to read
    for crop in crops:
        whole = engine.text_rec([crop])
        whole = whole[0] if isinstance(whole, tuple) else whole
        assert _ocr_engine().text_rec([crop]) == [(whole[0][0], whole[0][1])]
