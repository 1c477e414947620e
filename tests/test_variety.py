"""The generator's real style (forensics.fixtures.variety): what it draws, what truth says,
and that the pipeline reads such papers without an exception."""

from __future__ import annotations

import json

import numpy as np
import pymupdf
import pytest

from forensics import read_panels, scan
from forensics.fixtures import content, variety
from forensics.fixtures.papers import generate, make_paper, plan_paper

REAL_LAYOUTS = [("1", "raster"), ("2", "separate"), ("3", "tiled"), ("4", "full-page"),
                ("5", "vector")]


@pytest.fixture(scope="module")
def real_paper(tmp_path_factory):
    path = tmp_path_factory.mktemp("real") / "real.pdf"
    return path, make_paper(path, REAL_LAYOUTS, seed=4, style="real")


def test_every_kind_has_a_class():
    kinds = {*content.KINDS, *variety.GRAPHIC_KINDS, "chart-vector"}
    assert kinds == set(variety.CATEGORIES)
    assert {c for c, _ in variety.CATEGORIES.values()} == {"image", "graphics"}


@pytest.mark.parametrize("kind", variety.GRAPHIC_KINDS)
def test_graphics_are_flat_rgb_on_white(kind):
    image = variety.make_graphic(kind, np.random.default_rng(2), (180, 240))
    assert image.shape == (180, 240, 3) and image.dtype == np.uint8
    assert (image == 255).all(axis=2).mean() > 0.2  # page white around the graphics
    assert len(np.unique(image.reshape(-1, 3), axis=0)) > 3  # and something drawn on it


def test_unknown_graphic_kind_is_refused():
    with pytest.raises(ValueError, match="unknown graphic kind 'pie'"):
        variety.make_graphic("pie", np.random.default_rng(0), (64, 64))


def test_heatmap_carries_a_colour_ramp():
    image = variety.heatmap_panel(np.random.default_rng(5), (200, 300)).astype(int)
    # Some column right of the grid runs through many colours from top to bottom: the bar.
    colours_per_column = [len(np.unique(image[:, c], axis=0)) for c in range(200, 300)]
    assert max(colours_per_column) > 40


@pytest.mark.parametrize(("decoration", "lowercase", "printed"),
                         [("", False, "B"), ("()", True, "(b)"), (".", False, "B.")])
def test_letter_style_prints_the_letter(decoration, lowercase, printed):
    style = variety.LetterStyle("tiro", lowercase, decoration, "top-left", 10.0)
    assert style.text("b") == printed


def test_letter_styles_vary_over_seeds():
    styles = [variety.choose_letter_style(np.random.default_rng(s)) for s in range(40)]
    assert len({s.fontname for s in styles}) >= 4
    assert len({s.corner for s in styles}) == 4
    assert {s.decoration for s in styles} == {"", "()", ".", "box"}
    assert {s.outside for s in styles} == {"above", "beside"}
    assert {s.lowercase for s in styles} == {True, False}


def test_default_style_draws_as_before():
    """The real style is an option: the default plan of a seed is the plan it always was."""
    a = plan_paper(0, np.random.default_rng(9))
    b = plan_paper(0, np.random.default_rng(9), "default")
    assert a.variety == b.variety == "default" and a.page_style == "journal"
    assert [f.layout for f in a.figures] == [f.layout for f in b.figures]
    assert all(f.letters is None for f in a.figures)
    for fa, fb in zip(a.figures, b.figures, strict=True):
        for pa, pb in zip(fa.panels or sum(fa.rows, []), fb.panels or sum(fb.rows, []),
                          strict=True):
            assert pa.kind == pb.kind
            assert pa.image is None and pb.image is None or np.array_equal(pa.image, pb.image)


def test_real_truth_names_class_letters_and_tiles(real_paper):
    _, truth = real_paper
    figures = {f["number"]: f for f in truth["figures"]}
    assert figures["4"]["full_page"] and not figures["1"]["full_page"]
    panels = [p for f in truth["figures"] for p in f["panels"]]
    assert all(p["content"] in ("image", "graphics") for p in panels)
    assert all(p["letter_printed"].strip("().").upper() == p["label"] for p in panels)
    tiled = figures["3"]["panels"]
    assert all(len(p["tiles"]) >= 4 and p["category"] in ("micrograph", "histology")
               for p in tiled)
    for p in tiled:  # every tile lies inside its panel
        x0, y0, x1, y1 = p["bbox"]
        assert all(x0 - 0.01 <= t[0] < t[2] <= x1 + 0.01 and y0 - 0.01 <= t[1] < t[3] <= y1 + 0.01
                   for t in p["tiles"])


def test_tiles_are_separate_images(real_paper):
    path, truth = real_paper
    fig = next(f for f in truth["figures"] if f["layout"] == "tiled")
    with pymupdf.open(path) as doc:
        page = doc[fig["page"] - 1]
        boxes = [pymupdf.Rect(info["bbox"]) for info in page.get_image_info()]
    tiles = sum(len(p["tiles"]) for p in fig["panels"])
    assert len(boxes) == tiles


def test_letters_inside_are_in_the_text_layer_of_separate_figures(real_paper):
    path, truth = real_paper
    fig = next(f for f in truth["figures"] if f["layout"] == "separate")
    with pymupdf.open(path) as doc:
        words = {w[4] for w in doc[fig["page"] - 1].get_text("words")}
    assert all(p["letter_printed"] in words for p in fig["panels"])


def test_real_paper_is_read_without_an_exception(real_paper):
    path, truth = real_paper
    result = read_panels(path)
    assert result.figures and result.panels
    found = {f.number for f in result.figures}
    assert found <= {f["number"] for f in truth["figures"]}


def test_real_corpus_scans_without_errors(tmp_path):
    truth = generate(tmp_path, papers=2, seed=8, style="real")
    assert {p["variety"] for p in truth["papers"]} == {"real"}
    report = scan(sorted(tmp_path.glob("*.pdf")))
    assert report.errors == ()
    assert len(report.papers) == 2
    written = json.loads((tmp_path / "truth.json").read_text())
    assert written["papers"][0]["page_style"] in ("journal", "manuscript", "preprint")


def test_unknown_style_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown style 'fancy'"):
        generate(tmp_path, papers=1, style="fancy")
