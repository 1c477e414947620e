"""Extraction on generated PDFs: figures, numbers, captions, metadata, bad input."""

from __future__ import annotations

import pytest

from forensics.errors import PdfError
from forensics.extract import CAPTION_RE, read_paper
from forensics.geometry import iou


def test_every_figure_found_with_number_page_and_caption(layouts):
    path, truth = layouts
    paper, figures = read_paper(path)
    assert [f.number for f in figures] == [f["number"] for f in truth["figures"]]
    for got, want in zip(figures, truth["figures"]):
        assert got.page == want["page"]
        assert iou(got.bbox, want["bbox"]) > 0.9
        assert got.caption.split()[:2] == want["caption"].split()[:2]
        assert got.image.shape[2] == 3 and got.image.shape[0] > 100


def test_supplementary_figure_keeps_its_printed_number(layouts):
    path, _ = layouts
    _, figures = read_paper(path)
    assert "S2" in [f.number for f in figures]


def test_layouts_are_told_apart(layouts):
    path, truth = layouts
    _, figures = read_paper(path)
    by_number = {f.number: f for f in figures}
    assert by_number["1"].source == "raster"  # one embedded image for the whole figure
    assert len(by_number["2"].image_boxes) == len(truth["figures"][1]["panels"])
    assert by_number["2"].text_labels  # letters in the text layer


def test_paper_metadata(layouts):
    path, truth = layouts
    paper, _ = read_paper(path)
    assert paper.doi == truth["doi"]
    assert paper.title == truth["title"]
    assert paper.pages >= 5
    assert len(paper.references) >= 8
    assert all("doi:10." in r for r in paper.references)


def test_every_generated_figure_found(corpus):
    folder, truth = corpus
    for want in truth["papers"]:
        _, figures = read_paper(folder / want["file"])
        assert [(f.number, f.page) for f in figures] == [
            (f["number"], f["page"]) for f in want["figures"]]


@pytest.mark.parametrize("text, number", [
    ("Figure 3. Knockdown of X", "3"),
    ("Fig. 2 | amiR reduces", "2"),
    ("Figure S2: Supplementary data", "S2"),
    ("Fig.\u202f1\u2002 G4s are forming", "1"),
    ("Fig. 4 caspase-3 expression in samples", "4"),
])
def test_caption_forms(text, number):
    assert CAPTION_RE.match(text).group("number") == number


@pytest.mark.parametrize("text", ["Fig. 2c), suggesting that", "Figure 3—video 1. Live cells",
                                  "Figure 1 continued on next page", "Figure 2A shows"])
def test_in_text_references_are_not_captions(text):
    m = CAPTION_RE.match(text)
    assert m is None or (m.group("next") or "").lower() in {"continued", "shows"}


@pytest.mark.parametrize("kind, message", [
    ("text", "not a PDF"),
    ("truncated", "truncated"),
    ("encrypted", "encrypted"),
    ("empty", "empty"),
])
def test_bad_input_raises_pdf_error_naming_the_file(bad_files, kind, message):
    with pytest.raises(PdfError, match=message) as info:
        read_paper(bad_files[kind])
    assert str(bad_files[kind]) in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(PdfError, match="no such file"):
        read_paper(tmp_path / "absent.pdf")


def test_pdf_without_figures_gives_no_figures(bad_files):
    paper, figures = read_paper(bad_files["no_images"])
    assert figures == [] and paper.pages == 1


def _insert_blot(page, rect: tuple[float, float, float, float], seed: int = 1) -> None:
    """Print a generated blot as an embedded PNG over ``rect`` (points), 2.5 px per pt."""
    import numpy as np
    import pymupdf

    from forensics.fixtures import content

    x0, y0, x1, y1 = rect
    blot, _ = content.make_blot(np.random.default_rng(seed), lanes=5, strips=3,
                                shape=(round((y1 - y0) * 2.5), round((x1 - x0) * 2.5)))
    page.insert_image(pymupdf.Rect(rect),
                      stream=pymupdf.Pixmap(pymupdf.csRGB, blot.shape[1], blot.shape[0],
                                            blot.tobytes(), False).tobytes("png"))


def _page_with_images(path, sizes: list[tuple[float, float]]) -> None:
    """A one-page paper whose Figure 1 is generated blots printed at ``sizes`` (points),
    side by side, above its caption."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((56, 60), "Results of one small experiment.", fontsize=10)
    x = 56.0
    for k, (w, h) in enumerate(sizes):
        _insert_blot(page, (x, 200, x + w, 200 + h), seed=k)
        x += w + 20
    page.insert_text((56, 260), "Figure 1. Western blots of the loading control.", fontsize=9)
    doc.save(path)


def test_a_blot_printed_33_by_27_pt_is_a_figure(tmp_path):
    # 886 pt2: the size of a blot the generator prints as an image of its own, whose
    # reused strip was lost while the floor on an image's area was 900.
    path = tmp_path / "small_blot.pdf"
    _page_with_images(path, [(33.0, 27.0)])
    _, figures = read_paper(path)
    assert [f.number for f in figures] == ["1"]
    assert iou(figures[0].bbox, (56.0, 200.0, 89.0, 227.0)) > 0.8


def test_an_image_under_800_pt2_is_no_figure_part(tmp_path):
    # An icon-sized image (25 x 25 pt) beside the caption is page furniture.
    path = tmp_path / "icon.pdf"
    _page_with_images(path, [(25.0, 25.0)])
    _, figures = read_paper(path)
    assert figures == [] or all(iou(f.bbox, (56.0, 200.0, 81.0, 225.0)) < 0.5 for f in figures)


def test_a_drawing_set_in_the_caption_text_is_not_part_of_the_figure(tmp_path):
    # Regression (10.3390/cancers14194849 Fig 5): vector drawing inside the caption's
    # text (white fills behind its last lines) was given to the figure, whose box then
    # took in the caption, and a letter of the caption, "(I)", was read as a panel letter.
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _insert_blot(page, (56, 100, 216, 200))
    caption = ("Figure 1. Western blots of the loading control. (A) Cells treated for one "
               "hour. (B) Cells treated for two hours, measured in mm and read by eye. "
               "(C) Tumour volume of each group, measured every three days. (D) Weights of "
               "the lungs of each group. (E) Lesions counted in the lungs of each group. "
               "(I) Representative images of the lungs of each group of mice.")
    for top in (276.0, 286.0, 296.0):  # drawn first, under three of its lines
        page.draw_rect(pymupdf.Rect(56, top, 290, top + 10), color=None, fill=(1, 1, 1))
    page.insert_textbox(pymupdf.Rect(56, 220, 300, 340), caption, fontsize=9)
    doc.save(tmp_path / "rule_in_caption.pdf")
    _, figures = read_paper(tmp_path / "rule_in_caption.pdf")
    [figure] = figures
    assert figure.bbox[3] < 215
    assert not [label for label, _ in figure.text_labels if label == "I"]


def test_an_image_inside_the_box_of_its_captions_text_block_is_the_figure():
    # Regression (a preprint's full-page figure, 10.1101/2024.02.13.580051 Fig 3): the
    # caption's one text block ran from the figure's title above the image to the legend
    # below it, so the block's box held the image; the image was taken for drawing set
    # in the caption's text and the figure was lost. Only vector drawing is a caption's.
    from forensics.drawings import Graphic
    from forensics.extract import _assign, _Caption

    block = (72.0, 71.0, 540.0, 720.0)
    caption = _Caption("3", "Figure 3. Cells.", block, False, (block,))
    image = Graphic((124.0, 72.0, 460.0, 455.0), 2.07)
    fills = Graphic((80.0, 600.0, 530.0, 640.0), 0.0)  # white behind legend lines
    [parts] = _assign([image, fills], [caption])
    assert parts == [image]


def test_an_image_between_a_captions_title_and_its_legend_is_the_figure(tmp_path):
    # The title "Figure 1. …" set above the image and the legend below it are one
    # caption whose box holds the image: the image was taken for a frame drawn behind
    # the caption, and the figure was lost.
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _insert_blot(page, (100, 110, 420, 310))
    text = "Figure 1. Western blots of the loading control." + "\n" * 22 + (
        "(A) Cells treated for one hour. (B) Cells treated for two hours.")
    page.insert_textbox(pymupdf.Rect(72, 90, 540, 400), text, fontsize=9)
    doc.save(tmp_path / "title_above.pdf")
    _, figures = read_paper(tmp_path / "title_above.pdf")
    assert [f.number for f in figures] == ["1"]
    assert iou(figures[0].bbox, (100.0, 110.0, 420.0, 310.0)) > 0.8


def _page_with_lettered_blots(path, text_above: str, text_y: float) -> None:
    """A one-page paper: ``text_above`` set at ``text_y`` (points), then Figure 1, two
    blots lettered "A" and "B" in the text layer, and its caption."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((56, text_y), text_above, fontsize=9)
    for k, x in enumerate((70.0, 250.0)):
        page.insert_text((x - 12, 78), "AB"[k], fontname="hebo", fontsize=11)
        _insert_blot(page, (x, 80, x + 150, 160), seed=k)
    page.insert_text((56, 180), "Figure 1. (A) Blots of one lysate. (B) Blots of another.",
                     fontsize=9)
    doc.save(path)


# One-letter words that are no panel letters, set above a figure whose letters "A" and
# "B" are in the text layer: an author manuscript's running header "Wang H et al."
# within 40 pt of the figure (its "H" named the first panel; generated, --style real),
# and the article "a" of a sentence just above it, which follows a word at word spacing
# (a panel letter leads what it labels).
# The header also no longer stretches the figure's region up to it (the sentence, within
# 20 pt of the blots, is near text the region takes in, as it takes axis titles).
@pytest.mark.parametrize("text, y, top", [
    ("Wang H et al.      Author manuscript", 40, 60),
    ("Cells were given a dose of drug for a day.", 66, 50),
], ids=["initial_in_the_running_header", "article_in_a_sentence"])
def test_a_one_letter_word_of_a_line_of_text_is_no_panel_letter(tmp_path, text, y, top):
    path = tmp_path / "letters.pdf"
    _page_with_lettered_blots(path, text, y)
    _, figures = read_paper(path)
    assert [f.number for f in figures] == ["1"]
    assert sorted(letter for letter, _ in figures[0].text_labels) == ["A", "B"]
    assert figures[0].bbox[1] > top


def test_body_text_beside_a_figure_captioned_on_the_next_page_is_not_the_figures(tmp_path):
    # Nature Communications sets a figure's legend on another page and the article's
    # text under the figure. All of the page's text was taken as the figure's (tick
    # labels, axis titles): the figure and its last panels reached down over two
    # columns of body text (10.1038/s41467-023-40886-7, Figs 2 and 5).
    import pymupdf

    sentence = "The cells were washed twice and lysed in buffer before the blots. "
    path = tmp_path / "legend_elsewhere.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _insert_blot(page, (70, 80, 330, 300), seed=3)
    page.insert_text((60, 320), "Relative level", fontsize=7)
    page.insert_textbox(pymupdf.Rect(56, 340, 290, 460), sentence * 6, fontsize=9)
    page.insert_textbox(pymupdf.Rect(306, 340, 540, 460), sentence * 6, fontsize=9)
    legend = doc.new_page(width=595, height=842)
    legend.insert_text((56, 60), "Figure 1. Western blots of the loading control.", fontsize=9)
    legend.insert_textbox(pymupdf.Rect(56, 80, 540, 300), sentence * 10, fontsize=9)
    doc.save(path)
    _, figures = read_paper(path)
    assert [(f.number, f.page) for f in figures] == [("1", 1)]
    # The label under the blot is the figure's; the paragraphs are not.
    assert 320 <= figures[0].bbox[3] < 335
