"""Panel splitting and letters, in the three layouts of generated papers."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest

from forensics.caption_letters import caption_letters as _caption_letters
from forensics.detect import find_duplicates
from forensics.extract import read_paper
from forensics.fixtures import content
from forensics.letters import match_template
from forensics.model import Figure
from forensics.panels import split_panels
from forensics.settings import PanelConfig
from tests.test_extract import iou


def _found(figure_truth: dict, panels) -> list[tuple[str, str | None, float]]:
    out = []
    for tp in figure_truth["panels"]:
        best = max(panels, key=lambda p: iou(p.bbox, tp["bbox"]))
        out.append((tp["label"], best.label, iou(best.bbox, tp["bbox"])))
    return out


@pytest.mark.parametrize("number", ["1", "2", "3", "S2"])
def test_panels_have_true_boxes_and_letters(layouts, number):
    path, truth = layouts
    _, figures = read_paper(path)
    figure = next(f for f in figures if f.number == number)
    want = next(f for f in truth["figures"] if f["number"] == number)
    panels = split_panels(figure)
    assert len(panels) == len(want["panels"])
    for label, got, overlap in _found(want, panels):
        assert overlap >= 0.7, f"panel {number}{label}: IoU {overlap:.2f}"
        assert got == label
    assert all(p.figure == number and p.page == want["page"] for p in panels)


def test_panel_letters_across_a_corpus(corpus):
    folder, truth = corpus
    total = right = 0
    for paper in truth["papers"]:
        _, figures = read_paper(folder / paper["file"])
        for want in paper["figures"]:
            figure = next(f for f in figures if f.number == want["number"])
            for label, got, overlap in _found(want, split_panels(figure)):
                total += 1
                right += overlap >= 0.7 and got == label
    assert right / total >= 0.9, f"{right}/{total}"


def test_panel_pixels_are_the_panel(layouts):
    path, _ = layouts
    _, figures = read_paper(path)
    for p in split_panels(figures[0]):
        h, w = p.image.shape[:2]
        ratio = (p.bbox[2] - p.bbox[0]) / (p.bbox[3] - p.bbox[1])
        assert abs(w / h - ratio) < 0.05 * ratio


def _figure(img: np.ndarray, caption: str = "Figure 1. Cells.", **kwargs) -> Figure:
    """Figure 1 on page 1, its pixels at 2 px per pt from the page's top left corner."""
    rows, cols = img.shape[:2]
    return Figure("x.pdf", "1", 1, (0, 0, cols / 2, rows / 2), caption, img, 2.0, **kwargs)


def test_blank_figure_has_no_panels():
    assert split_panels(_figure(np.full((200, 200, 3), 255, np.uint8), "Figure 1.")) == []


@pytest.mark.parametrize("width", [600, 601])  # a rule's length, 95% of it, odd or even
def test_a_frame_around_the_figure_does_not_join_its_panels(width):
    # Two textured panels inside a thin frame drawn round the whole figure: the frame
    # is no panel's content, and without it the panels are apart.
    rng = np.random.default_rng(3)
    img = np.full((300, width, 3), 255, np.uint8)
    img[40:260, 30:270] = rng.integers(40, 200, (220, 240, 1), np.uint8)
    img[40:260, 330:570] = rng.integers(40, 200, (220, 240, 1), np.uint8)
    img[5:8, 5:width - 5] = img[292:295, 5:width - 5] = 0
    img[5:295, 5:8] = img[5:295, width - 8:width - 5] = 0
    figure = _figure(img)
    boxes = sorted(p.bbox for p in split_panels(figure))
    assert len(boxes) == 2
    assert boxes[0] == pytest.approx((15, 20, 135, 130), abs=1)
    assert boxes[1] == pytest.approx((165, 20, 285, 130), abs=1)


def _draw_letter(img: np.ndarray, letter: str, x: int, y: int) -> None:
    """Render ``letter`` (Helvetica Bold, 16 pt at 2 px per pt) into ``img`` at (x, y)."""
    import pymupdf

    page = pymupdf.open().new_page(width=20, height=20)
    page.insert_text((2, 16), letter, fontname="hebo", fontsize=16)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(2, 2), colorspace=pymupdf.csRGB)
    glyph = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)
    img[y:y + glyph.shape[0], x:x + glyph.shape[1]] = glyph


def test_two_blocks_with_letters_drawn_in_pixels():
    # A white canvas with two grey panels and the letters "A" and "B" rendered above them.
    img = np.full((300, 600, 3), 255, np.uint8)
    img[60:280, 20:280] = 90
    img[60:280, 320:580] = 140
    for letter, x in (("A", 20), ("B", 320)):
        _draw_letter(img, letter, x, 10)
    figure = _figure(img, "Figure 1. (A) one. (B) two.")
    panels = split_panels(figure)
    assert [p.label for p in panels] == ["A", "B"]
    assert panels[0].bbox == pytest.approx((10, 30, 140, 140), abs=1)


def test_template_reads_bold_letters():
    import pymupdf

    doc = pymupdf.open()
    for letter in "ABCDEFGHabcdefgh":
        page = doc.new_page(width=30, height=30)
        page.insert_text((4, 24), letter, fontname="hebo", fontsize=20)
        pix = page.get_pixmap(matrix=pymupdf.Matrix(2, 2), colorspace=pymupdf.csGRAY)
        gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
        got, score = match_template(gray < 128)
        assert got == letter and score > 0.85


@pytest.mark.parametrize("caption, letters", [
    ("Figure 1. Title. (A) one. (B) two. (C–E) three.", set("ABCDE")),
    ("Fig. 2 | Title. a Diagram. b, c Blots. d Plot.", set("ABD")),
    ("Figure 3. (A and B) pairs.", set("AB")),
    # Author manuscripts (Cell Press): "A. The FoxF enhancer ... B. An enhancer ..."
    ("Figure 1. Title. A. The enhancer drives. B. An enhancer ablated. C. Optimizing.",
     set("ABC")),
    ("Figure 4. Title. a) Violin plots. b) Bars.", set("AB")),
    # Nature sets a comma after the letter, JBC and ASBMB journals after a capital.
    ("Fig. 1 | Title. a, Representative images. b, c, Blots of lysates. d–f, Growth.",
     set("ABCDEF")),
    ("FIGURE 2 Title. A, Western blot analysis. B–D, Quantification (n = 4).",
     set("ABCD")),
    ("Figure 1: Title. A: Schematic representation. B: In normal circumstance.", set("AB")),
    # NAR legends name panels in running text only.
    ("Figure 6. Title. Profiles are shown in panel A. Peak areas in panels B-D.",
     set("ABCD")),
])
def test_caption_letters(caption, letters):
    assert letters <= _caption_letters(caption)


def test_plural_in_parentheses_is_not_a_panel_letter():
    # eLife legends end "... includes the following figure supplement(s) for figure 1".
    caption = ("Figure 1. Title. (A) One. (B) Two. The online version of this article "
               "includes the following figure supplement(s) for figure 1.")
    assert _caption_letters(caption) == set("AB")


def test_sparse_specimen_in_its_own_image_is_one_panel():
    # Two embedded images side by side, each cells scattered on white: the islands of
    # ink inside one image are one panel, whose box is the image's.
    rng = np.random.default_rng(3)
    img = np.full((300, 600, 3), 255, np.uint8)
    for x0 in (20, 320):
        for _ in range(300):
            cy, cx = rng.integers(25, 275), rng.integers(x0 + 5, x0 + 255)
            img[cy - 4:cy + 4, cx - 4:cx + 4] = 60
    boxes = ((8.0, 10.0, 140.0, 140.0), (158.0, 10.0, 290.0, 140.0))
    figure = _figure(img, source="separate", image_boxes=boxes)
    panels = split_panels(figure)
    assert len(panels) == 2
    for panel, box in zip(panels, boxes, strict=True):
        assert iou(panel.bbox, box) > 0.85


def test_small_image_is_a_panel_and_a_word_of_its_size_is_not():
    import cv2

    # At 2 px per pt: a 100 x 100 pt micrograph, a 30 x 28 pt thumbnail beside it (under
    # min_panel_area, but an image from edge to edge) and, below, a rotated word about
    # as large (an axis label: mostly white between its strokes).
    img = np.full((300, 400, 3), 255, np.uint8)
    rng = np.random.default_rng(4)
    img[20:220, 20:220] = content.make_panel("tissue", rng, (200, 200))
    img[20:76, 260:320] = content.make_panel("fluorescence", rng, (56, 60))
    word = np.full((40, 110, 3), 255, np.uint8)
    cv2.putText(word, "MIR172b", (4, 28), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (0, 0, 0), 2)
    turned = cv2.warpAffine(word, cv2.getRotationMatrix2D((55, 20), 40, 1.0), (110, 110),
                            borderValue=(255, 255, 255))
    img[210:290, 270:380] = turned[:80]
    figure = _figure(img)
    boxes = [p.bbox for p in split_panels(figure)]
    assert len(boxes) == 2
    assert boxes[1] == pytest.approx((130, 10, 160, 38), abs=1)
    # Judged by size alone, the word would be a third panel.
    assert len(split_panels(figure, PanelConfig(small_panel_fill=0.0))) == 3


def test_thin_blot_strip_is_a_panel_and_a_colour_scale_is_not():
    # At 2 px per pt: a 100 x 100 pt micrograph; right of it, one blot strip 100 x 12 pt
    # (thinner than min_panel_side, but an image from edge to edge) and, under it, a
    # colour scale of the same size (a steady ramp, part of the chart's furniture).
    img = np.full((300, 460, 3), 255, np.uint8)
    rng = np.random.default_rng(4)
    img[20:220, 20:220] = content.make_panel("tissue", rng, (200, 200))
    img[40:64, 250:450] = content.make_strip(rng, 6, 200, 24)
    ramp = np.linspace(30, 230, 200, dtype=np.float32)
    img[150:174, 250:450] = np.stack([ramp, 255 - ramp, ramp / 2], axis=1)[None].astype(np.uint8)
    figure = _figure(img)
    boxes = [p.bbox for p in split_panels(figure)]
    assert len(boxes) == 2
    assert boxes[1] == pytest.approx((125, 20, 225, 32), abs=1)


def test_strips_of_a_tall_blot_spaced_wide_are_one_panel():
    # At 2 px per pt: a micrograph (A) beside a blot (B) of three strips 150 x 25 pt,
    # 9 pt apart (a tall blot spaces its strips wider than a short one).
    img = np.full((320, 640, 3), 255, np.uint8)
    rng = np.random.default_rng(5)
    img[50:290, 20:260] = content.make_panel("tissue", rng, (240, 240))
    for top in (50, 118, 186):
        img[top:top + 50, 320:620] = content.make_strip(rng, 6, 300, 50)
    for letter, x in (("A", 20), ("B", 320)):
        _draw_letter(img, letter, x, 5)
    figure = _figure(img, "Figure 1. (A) Cells. (B) Blot.")
    panels = split_panels(figure)
    assert [p.label for p in panels] == ["A", "B"]
    assert panels[1].bbox == pytest.approx((160, 25, 310, 118), abs=1)
    assert len(split_panels(figure, PanelConfig(strip_stack_gap=6.0))) == 4


def test_wide_charts_stacked_as_close_stay_apart():
    # Two wide charts (mostly page white) 9 pt apart, edges aligned: separate panels,
    # though blot strips that far apart would be one.
    img = np.full((300, 640, 3), 255, np.uint8)
    rng = np.random.default_rng(6)
    for top in (20, 142):
        img[top:top + 120, 20:620] = content.make_panel("chart", rng, (120, 600))
    figure = _figure(img, "Figure 1. Expression.")
    assert len(split_panels(figure)) == 2


def _cells_with_letter(seed: int, letter: str) -> np.ndarray:
    """A dark field of bright round cells with a bold white ``letter`` in its corner."""
    rng = np.random.default_rng(seed)
    img = np.full((320, 320, 3), 255, np.uint8)
    field = np.full((280, 280, 3), 12, np.uint8)
    for _ in range(40):
        x, y, r = rng.integers(15, 265), rng.integers(15, 265), int(rng.integers(7, 13))
        cv2.circle(field, (int(x), int(y)), r, (30, 90, int(rng.integers(150, 240))), -1)
    field = cv2.GaussianBlur(field, (5, 5), 0)
    glyph = np.full((40, 40, 3), 255, np.uint8)
    _draw_letter(glyph, letter, 0, 0)
    np.maximum(field[6:46, 6:46], 255 - glyph, out=field[6:46, 6:46])
    img[20:300, 20:300] = field
    return img


def test_a_bold_letter_read_inside_a_micrograph_is_painted_out():
    """Regression: bold white panel letters ("D") drawn into micrographs were kept in
    the panel's pixels (strokes too thick for print), and two different fields of
    cells with the same letter matched across papers on the letter alone."""
    panels = [split_panels(_figure(_cells_with_letter(seed, "D"), "Figure 1. (D) Cells."))
              for seed in (1, 2)]
    assert [[p.label for p in found] for found in panels] == [["D"], ["D"]]
    for (panel,) in panels:
        corner = panel.image[:50, :50]
        assert (corner.min(axis=2) > 200).sum() == 0  # no white glyph left
        assert any(box[0] < panel.bbox[0] + 25 and box[1] < panel.bbox[1] + 25
                   for box in panel.text_boxes)  # and its box is reported as print
    assert find_duplicates(panels[0], [replace(panels[1][0], file="y.pdf")]) == []


def test_an_image_panel_keeps_its_image_data_when_pieces_join_it(corpus):
    """Regression: pieces joined into an image's panel (a letter's cell, an inner
    rectangle) were painted out as if they were its labels, and specks of JPEG ringing
    along its edges grew its box; the four-paper corpus's copy across papers was lost."""
    folder, truth = corpus
    sides = [side for d in truth["duplications"] if d["a"]["file"] != d["b"]["file"]
             for side in (d["a"], d["b"])]
    assert sides
    for side in sides:
        _, figures = read_paper(folder / side["file"])
        figure = next(f for f in figures if f.number == side["figure"])
        panel = next(p for p in split_panels(figure) if p.label == side["panel"])
        # The image's own box, within a pixel or two (no white margin taken in) ...
        assert max(abs(g - w) for g, w in zip(panel.bbox, side["bbox"], strict=True)) <= 1.0
        # ... and its pixels as rendered, not painted over.
        x0, y0, x1, y1 = figure.to_pixels(panel.bbox)
        h, w = min(y1 - y0, panel.image.shape[0]), min(x1 - x0, panel.image.shape[1])
        rendered = figure.image[y0:y0 + h, x0:x0 + w].astype(int)
        changed = np.abs(panel.image[:h, :w].astype(int) - rendered).max(axis=2) > 8
        assert changed.mean() < 0.02, f"{side['file']} {side['figure']}{side['panel']}"


def test_panels_of_one_image_set_in_a_pinwheel_are_apart():
    # Regression (10.3390/cancers14194849 Fig 5): one embedded image holding four
    # micrographs set round a centre, so that no white gutter runs across the whole
    # image, was taken for one panel, and a copy inside it was never compared.
    rng = np.random.default_rng(5)
    # (the image is half the figure's area: a whole-figure image is read otherwise)
    img = np.full((400, 800, 3), 255, np.uint8)
    fields = [(0, 0, 230, 150), (250, 0, 400, 230), (0, 170, 150, 400), (170, 250, 400, 400)]
    for x0, y0, x1, y1 in fields:
        img[y0:y1, x0:x1] = content.make_panel("tissue", rng, (y1 - y0, x1 - x0))
    figure = _figure(img, image_boxes=((0.0, 0.0, 200.0, 200.0),))
    boxes = sorted(p.bbox for p in split_panels(figure))
    assert len(boxes) == 4
    for box in boxes:
        assert max(iou(box, tuple(v / 2 for v in f)) for f in fields) > 0.85


def test_a_letter_at_the_bottom_right_of_a_tile_names_no_tile():
    # Regression (10.1016/j.devcel.2023.09.005 Fig 2D): the "G" ending a label "T to G"
    # printed in the bottom right corner of a micrograph was read as panel G's letter,
    # and the micrograph was cut at it, its corner made a panel of its own.
    rng = np.random.default_rng(2)
    img = np.full((240, 560, 3), 255, np.uint8)
    img[10:230, 10:280] = rng.integers(0, 40, (220, 270, 1), np.uint8)
    img[10:230, 280:550] = rng.integers(0, 40, (220, 270, 1), np.uint8)  # touching tiles
    ink = np.full((240, 560, 3), 255, np.uint8)
    for letter, x, y in (("A", 16, 14), ("B", 286, 14), ("B", 250, 196)):
        _draw_letter(ink, letter, x, y)
    img[ink.min(axis=2) < 128] = 255  # white letters on the dark tiles
    panels = split_panels(_figure(img, "Figure 1. (A) one. (B) two."))
    assert sorted(p.label for p in panels) == ["A", "B"]
    first = next(p for p in panels if p.label == "A")
    assert first.bbox == pytest.approx((5, 5, 140, 115), abs=2)


def test_a_rule_between_columns_is_no_text_of_the_chart_beside_it():
    # Regression (10.1093/nar/gkae069 Fig 2): a vertical rule between two columns of
    # micrographs, ending beside the chart under the left column, was folded into the
    # chart as its text, and the chart's box grew up the rule over the micrographs.
    rng = np.random.default_rng(8)
    img = np.full((600, 600, 3), 255, np.uint8)
    img[40:300, 20:260] = content.make_panel("tissue", rng, (260, 240))
    img[40:300, 320:560] = content.make_panel("tissue", rng, (260, 240))
    img[330:480, 30:32] = img[478:480, 30:260] = 0  # the chart's axes
    for k, height in enumerate((60, 120, 90, 140)):
        img[480 - height:478, 60 + 50 * k:90 + 50 * k] = 0  # its bars
    img[40:480, 276:279] = 0  # the rule, 1.5 pt thick, ending beside the chart
    panels = split_panels(_figure(img))
    fields = [(10, 20, 130, 150), (160, 20, 280, 150)]
    for field in fields:
        assert max(iou(p.bbox, field) for p in panels) > 0.9
    chart = [p for p in panels if p.bbox[3] > 200]  # what reaches down to the bars
    assert chart and all(p.bbox[1] > 150 for p in chart)  # starts under the micrographs


def test_the_axis_of_a_chart_one_row_high_is_not_erased_as_a_rule():
    # A figure of one row of bar charts, its region tight round them: each y axis runs
    # along 93% of the figure's height. Erased as a rule across the figure, it left the
    # brackets over the bars apart, and the panels lost their tops (generated
    # author-manuscript page, seed 11, paper_018 Fig 1).
    img = np.full((300, 600, 3), 255, np.uint8)
    for left in (40, 340):
        img[8:289, left:left + 2] = 0  # the y axis
        img[287:289, left:left + 240] = 0  # the x axis
        for k, top in enumerate((150, 120, 200)):
            img[top:287, left + 20 + 70 * k:left + 60 + 70 * k] = (70, 120, 180)
        img[40:42, left + 40:left + 190] = 0  # a bracket over the bars
        img[40:60, left + 40:left + 42] = img[40:60, left + 188:left + 190] = 0
    boxes = sorted(p.bbox for p in split_panels(_figure(img)))
    assert len(boxes) == 2
    assert boxes[0] == pytest.approx((20, 4, 140, 144.5), abs=1.5)
    assert boxes[1] == pytest.approx((170, 4, 290, 144.5), abs=1.5)


def _real_figure(name: str, number: str) -> Figure:
    from tests.conftest import REAL_PAPERS

    path = REAL_PAPERS / name
    if not path.is_file():
        pytest.skip(f"{path} is not present (../shared/real-papers)")
    _paper, figures = read_paper(path)[:2]
    return next(f for f in figures if f.number == number)


def test_letter_inside_two_columns_of_blots_joined_gets_its_own_panel():
    # Regression (10.1093/nar/gkae069 Fig 4, one raster of three columns of blots, A B
    # C): the labels of columns B and C nearly touch, so B's lower blots and column C
    # were one blob with the letter C inside it, read but given to no panel.
    panels = split_panels(_real_figure("10.1093_nar_gkae069.pdf", "4"))
    c = [p for p in panels if p.label == "C"]
    assert len(c) == 1
    x0, _y0, x1, y1 = c[0].bbox
    assert x0 > 390 and x1 > 540 and y1 > 200  # column C, from its blots to the bottom
    assert not any(p.bbox[0] < 380 < p.bbox[2] and p.bbox[2] > 450 for p in panels)


def test_a_letter_that_names_a_panel_already_splits_no_other():
    # Each letter names one panel: an "H" and an "I" read inside panels G and D of
    # 10.7554/eLife.91357.3 Fig 2 (glyphs of labels) split them into second H and I
    # panels while the letter that splits a joined blob was any letter read inside it.
    panels = split_panels(_real_figure("10.7554_eLife.91357.3.pdf", "2"))
    letters = [p.label for p in panels if p.label]
    assert len(letters) == len(set(letters)) >= 8


def test_letters_set_below_left_of_their_panels_name_them():
    """Regression (an independent generator's figures): letters printed under the
    bottom-left corner of each panel were given to the panel below, the top left of
    which they also stand near, and the last panel got none."""
    rng = np.random.default_rng(5)
    img = np.full((780, 600, 3), 255, np.uint8)
    for k, top in enumerate((20, 270, 520)):
        img[top:top + 200, 40:560] = rng.integers(40, 200, (200, 520, 1), np.uint8)
        _draw_letter(img, "ABC"[k], 10, top + 206)
    panels = split_panels(_figure(img, "Figure 1. Title. (A) One. (B) Two. (C) Three."))
    assert [(p.label, round(p.bbox[1])) for p in panels] == [("A", 10), ("B", 135), ("C", 260)]


@pytest.mark.parametrize("hairline", [255, 225])  # page white; a JPEG's off-white
def test_letters_in_micrographs_a_hairline_apart_split_them(hairline):
    """Regression (an independent generator's whole-figure rasters): two micrographs
    printed a hairline apart, each with a dark letter on its mid-grey field, lost their
    letters (none was read on a mid-tone field), and a hairline a shade off white
    joined them into one panel."""
    rng = np.random.default_rng(7)
    img = np.full((320, 640, 3), 255, np.uint8)
    img[20:300, 318:322] = hairline
    for x0, letter in ((20, "A"), (322, "B")):
        field = cv2.GaussianBlur(rng.integers(90, 190, (280, 298), np.uint8), (7, 7), 0)
        img[20:300, x0:x0 + 298] = field[:, :, None]
        glyph = np.full((40, 40, 3), 255, np.uint8)
        _draw_letter(glyph, letter, 0, 0)
        img[28:68, x0 + 8:x0 + 48][glyph[:, :, 0] < 128] = 15
    panels = split_panels(_figure(img, "Figure 1. Title. (A) Cells. (B) More cells."))
    assert [(p.label, round(p.bbox[0])) for p in panels] == [("A", 10), ("B", 161)]


def test_letters_under_a_row_name_it_not_the_row_below():
    """Regression (an independent generator's figures): letters set just under the
    bottom-left corners of a row of images were given to the unlettered row below, whose
    top-left corners they also stand near, though much farther off."""
    rng = np.random.default_rng(9)
    img = np.full((560, 900, 3), 255, np.uint8)
    for top in (20, 320):
        for left in (40, 320, 600):
            img[top:top + 200, left:left + 240] = rng.integers(40, 200, (200, 240, 1), np.uint8)
    for letter, left in (("A", 40), ("B", 320), ("C", 600)):
        _draw_letter(img, letter, left - 4, 224)
    panels = split_panels(_figure(img, "Figure 1. Title. (A) One. (B) Two. (C) Three."))
    assert [(p.label, round(p.bbox[1])) for p in panels] == [
        ("A", 10), ("B", 10), ("C", 10), (None, 160), (None, 160), (None, 160)]


def test_a_letter_in_the_gap_between_two_columns_names_the_column_right_of_it():
    """Regression (the project's generator, real style): "b" and "d" set in the gap
    between two columns, nearer the left panels' top-right corners than the right
    panels' top left, were given to the left panels, as if the figure set its letters
    top right (the left panels' own letters stand inside them): two letters show no
    figure's style."""
    rng = np.random.default_rng(11)
    img = np.full((560, 640, 3), 255, np.uint8)
    for top in (30, 300):
        for left in (40, 360):
            img[top:top + 230, left:left + 240] = rng.integers(150, 230, (230, 240, 1),
                                                               np.uint8)
    for letter, x, y in (("a", 46, 36), ("b", 284, 22), ("c", 46, 306), ("d", 284, 292)):
        _draw_letter(img, letter, x, y)
    panels = split_panels(_figure(img, "Fig. 1 | Title. a, One. b, Two. c, Three. d, Four."))
    assert [p.label for p in panels] == ["A", "B", "C", "D"]
