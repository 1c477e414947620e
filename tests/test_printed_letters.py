"""Panels and letters as real papers print them (issue 19): decorated letters, letters
inside images in any corner, tiled mosaics, schematics with rows of icons, labels beside
blots, figures alone on their page. Each regression test is named after what broke."""

from __future__ import annotations

import numpy as np
import pymupdf
import pytest

from forensics.extract import read_paper
from forensics.fixtures.papers import generate
from forensics.labels import alone_but_decorated, boxed_glyph, decorated_core
from forensics.model import Figure
from forensics.panels import split_panels
from tests.test_extract import iou


def _render(text: str, size: float = 24.0, fontname: str = "hebo") -> np.ndarray:
    """``text`` rendered by MuPDF, as a boolean ink mask cropped to its ink."""
    page = pymupdf.open().new_page(width=size * len(text) + 20, height=size * 1.6)
    page.insert_text((6, size * 1.2), text, fontname=fontname, fontsize=size)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(2, 2), colorspace=pymupdf.csGRAY)
    ink = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width) < 128
    ys, xs = np.nonzero(ink)
    return ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


@pytest.mark.parametrize("text", ["(a)", "(B)", "c.", "D.", "e)"])
def test_decorated_label_gives_its_letter(text):
    mask = _render(text)
    core = decorated_core(mask)
    assert core is not None
    bare = _render(text.strip("()."))
    assert core[3] - core[1] == pytest.approx(bare.shape[0], abs=2)
    assert core[2] - core[0] == pytest.approx(bare.shape[1], abs=2)


@pytest.mark.parametrize("text", ["(A", "IL6", "ab", "A"])
def test_words_are_no_decorated_label(text):
    assert decorated_core(_render(text)) is None


def test_letter_in_brackets_stands_alone_and_in_a_word_does_not():
    mask = np.zeros((80, 200), bool)
    label = _render("(b)")
    mask[20:20 + label.shape[0], 20:20 + label.shape[1]] = label
    core = decorated_core(label)
    assert core is not None
    box = (20 + core[0], 20 + core[1], 20 + core[2], 20 + core[3])
    assert alone_but_decorated(mask, box, (box[3] - box[1]) // 2, 0.01)
    word = np.zeros((80, 200), bool)
    ink = _render("ab")
    word[20:20 + ink.shape[0], 20:20 + ink.shape[1]] = ink
    first = (20, 20, 20 + ink.shape[1] // 2 - 1, 20 + ink.shape[0])
    assert not alone_but_decorated(word, first, (first[3] - first[1]) // 2, 0.01)


def test_letter_on_a_filled_box_is_its_hole():
    letter = _render("K")
    box = np.ones((letter.shape[0] + 8, letter.shape[1] + 8), bool)
    box[4:-4, 4:-4] &= ~letter
    inner = boxed_glyph(box)
    assert inner is not None
    ys, xs = np.nonzero(inner)
    assert ys.max() - ys.min() + 1 == letter.shape[0]
    assert boxed_glyph(letter) is None  # a bare letter is no box


def test_dark_micrograph_as_tall_as_the_figure_is_not_cut_into_columns():
    # A figure of one row: the micrograph's columns run the whole height of the figure,
    # and bright cells break some of them. They were taken for rules and erased.
    rng = np.random.default_rng(1)
    img = np.full((220, 440, 3), 255, np.uint8)
    img[4:216, 4:210] = rng.integers(0, 40, (212, 206, 1), np.uint8)
    for x in range(10, 200, 7):
        img[50:60, x:x + 2] = 255  # bright specks
    img[4:216, 230:436] = rng.integers(150, 230, (212, 206, 1), np.uint8)
    figure = Figure("x.pdf", "1", 1, (0, 0, 220, 110), "Figure 1. Cells.", img, 2.0)
    boxes = sorted(p.bbox for p in split_panels(figure))
    assert len(boxes) == 2
    assert boxes[0] == pytest.approx((2, 2, 105, 108), abs=1.5)


@pytest.fixture(scope="module")
def real_style_corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("real_style")
    return out, generate(out, papers=3, seed=17, style="real")


def test_real_style_panels_are_found_with_figure_letter_and_box(real_style_corpus):
    """Letters inside images in any corner, decorated, beside panels; mosaics; schematics;
    two columns; figures alone on their page: nearly every panel named right."""
    folder, truth = real_style_corpus
    right = total = 0
    for paper in truth["papers"]:
        _, figures = read_paper(folder / paper["file"])
        panels = [p for f in figures for p in split_panels(f)]
        for fig in paper["figures"]:
            for tp in fig["panels"]:
                total += 1
                same = [p for p in panels if p.page == fig["page"]]
                best = max(same, key=lambda p: iou(p.bbox, tp["bbox"]), default=None)
                right += bool(best and iou(best.bbox, tp["bbox"]) >= 0.7
                              and best.figure == fig["number"] and best.label == tp["label"])
    assert total > 40
    assert right / total >= 0.9, f"{right}/{total}"


def test_every_figure_of_an_author_manuscript_is_found(tmp_path):
    """A figure alone on its page with its legend on the next: found from the legend,
    even when its graphics are small (a row of short blots) or many (tiles)."""
    truth = generate(tmp_path, papers=6, seed=5, style="real")
    manuscripts = [p for p in truth["papers"] if any(f["caption_next_page"]
                                                     for f in p["figures"])]
    assert manuscripts
    for paper in manuscripts:
        _, figures = read_paper(tmp_path / paper["file"])
        assert {(f.number, f.page) for f in figures} == \
            {(f["number"], f["page"]) for f in paper["figures"]}
