"""Figure parts of a page: drawing clusters equal to PyMuPDF's own, at a fraction of the time."""

from __future__ import annotations

import numpy as np
import pymupdf
import pytest

from forensics.drawings import cluster_boxes, page_graphics
from forensics.settings import ExtractConfig
from tests.conftest import REAL_PAPERS


def _boxes(page: pymupdf.Page) -> np.ndarray:
    return np.array([d["rect"] for d in page.get_cdrawings()], float).reshape(-1, 4)


def _drawn_page(seed: int) -> pymupdf.Page:
    """A page of scattered short strokes and small boxes: a chart's worth of paths,
    some close enough to chain, some alone, some off the page."""
    rng = np.random.default_rng(seed)
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=400)
    for _ in range(300):
        x, y = rng.uniform(-20, 400, 2)
        w, h = rng.uniform(0, 12, 2)
        if rng.random() < 0.5:
            page.draw_line((x, y), (x + w, y + h), width=0.5)
        else:
            page.draw_rect(pymupdf.Rect(x, y, x + w, y + h), width=0.5)
    return page


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_clusters_are_pymupdfs_on_drawn_pages(seed):
    page = _drawn_page(seed)
    expected = page.cluster_drawings(drawings=page.get_drawings())
    assert cluster_boxes(_boxes(page), tuple(page.rect)) == expected
    assert len(expected) > 3  # chains joined, loners kept: not one cluster, not none


def test_a_box_joins_the_grown_cluster_not_only_its_neighbour():
    # B is 2 pt right of A; C is 2 pt below the box of A and B, under B's far end only:
    # far from A, near B, so all three are one cluster.
    boxes = np.array([[0, 0, 10, 10], [12, 0, 40, 10], [30, 12, 38, 20], [100, 100, 110, 110]])
    out = cluster_boxes(boxes, (0, 0, 200, 200))
    assert out == [pymupdf.Rect(0, 0, 40, 20), pymupdf.Rect(100, 100, 110, 110)]
    # A box reaching past the clip is not counted at all.
    assert cluster_boxes(boxes, (0, 0, 105, 105)) == [pymupdf.Rect(0, 0, 40, 20)]


@pytest.mark.parametrize("name,page_number", [("10.1016_j.ccell.2022.07.005.pdf", 3),
                                              ("10.1093_nar_gkae088.pdf", 11)])
def test_clusters_are_pymupdfs_on_real_charts(name, page_number):
    path = REAL_PAPERS / name
    if not path.exists():
        pytest.skip(f"{path} is not present (../shared/real-papers)")
    with pymupdf.open(path) as doc:
        page = doc[page_number]
        expected = page.cluster_drawings(drawings=page.get_drawings())
        assert cluster_boxes(_boxes(page), tuple(page.rect)) == expected
        graphics = page_graphics(page, ExtractConfig())
    assert graphics, "the chart's page has figure parts"


def test_a_frame_behind_a_caption_is_left_out():
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=300)
    page.draw_rect(pymupdf.Rect(20, 200, 280, 280), fill=(0.9, 0.9, 0.9))  # shading
    for k in range(10):  # a bar chart well above it
        page.draw_rect(pymupdf.Rect(40 + 20 * k, 150 - 10 * k, 58 + 20 * k, 150), fill=(0, 0, 0))
    caption = (30, 210, 270, 270)
    with_frame = page_graphics(page, ExtractConfig())
    without = page_graphics(page, ExtractConfig(), [caption])
    assert any(g.bbox[3] >= 280 for g in with_frame)
    assert [g.bbox for g in without] == [(40.0, 60.0, 238.0, 150.0)]
