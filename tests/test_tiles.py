"""The images inside a panel: a micrograph of one lettered grid reused, turned, in
another grid of the same figure is found and named by the two panels' letters, though
it is an eighth of either panel. Regression: it was missed whole-panel (the copy was a
few per cent of each grid; on the real papers, micrographs of grids copied turned 90°
were not found)."""

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
from forensics.tiles import image_tiles

#: One micrograph of a grid, in pixels, and the white gutter between micrographs.
TILE, GUTTER = 110, 3
#: Points per pixel of the figure image (about 2.7 px/pt, as in real figures).
PT = 0.375


def _grid(seed: int, reused: np.ndarray | None = None) -> np.ndarray:
    """A 2 x 4 grid of fluorescence micrographs on white, the seventh replaced by
    ``reused`` when given."""
    rng = np.random.default_rng(seed)
    rows, cols = 2, 4
    out = np.full((rows * TILE + GUTTER, cols * TILE + (cols - 1) * GUTTER, 3), 255, np.uint8)
    out = out[:rows * TILE + (rows - 1) * GUTTER]
    for k in range(rows * cols):
        r, c = divmod(k, cols)
        tile = make_field("fluorescence", rng, (TILE, TILE))
        if reused is not None and k == 6:
            tile = reused
        y, x = r * (TILE + GUTTER), c * (TILE + GUTTER)
        out[y:y + TILE, x:x + TILE] = tile
    return out


def _figure(path: Path) -> tuple[Path, tuple, tuple]:
    """A PDF with one figure raster: grids A and B, B's seventh micrograph being A's
    second turned 90°; the truth as page boxes (in A, in B)."""
    first = _grid(11)
    second_of_a = first[0:TILE, TILE + GUTTER:2 * TILE + GUTTER].copy()
    second = _grid(12, reused=np.ascontiguousarray(np.rot90(second_of_a)))
    gap = 40
    image = np.full((first.shape[0], first.shape[1] * 2 + gap, 3), 255, np.uint8)
    image[:, :first.shape[1]] = first
    image[:, first.shape[1] + gap:] = second
    png = cv2.imencode(".png", cv2.cvtColor(image, cv2.COLOR_RGB2BGR))[1].tobytes()
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    left, top = 60.0, 100.0
    h, w = image.shape[:2]
    page.insert_image(pymupdf.Rect(left, top, left + w * PT, top + h * PT), stream=png)
    page.insert_text((left - 10, top + 8), "A", fontsize=10, fontname="hebo")
    page.insert_text((left + (first.shape[1] + gap) * PT - 10, top + 8), "B", fontsize=10,
                     fontname="hebo")
    page.insert_textbox(pymupdf.Rect(56, top + h * PT + 10, 539, top + h * PT + 50),
                        "Figure 1. Cells stained for the marker. (A) Control. (B) Treated.",
                        fontsize=8)
    page.insert_textbox(pymupdf.Rect(56, 400, 539, 700), "Body text of the paper. " * 40,
                        fontsize=10)
    doc.save(path)

    def box(x, y):
        return (left + x * PT, top + y * PT, left + (x + TILE) * PT, top + (y + TILE) * PT)
    offset = first.shape[1] + gap
    return path, box(TILE + GUTTER, 0), box(offset + 2 * (TILE + GUTTER), TILE + GUTTER)


def test_each_micrograph_of_a_grid_is_a_tile():
    grid = _grid(3)
    tiles = image_tiles(grid, 1 / PT)
    assert len(tiles) == 8
    assert all(x1 - x0 == TILE and y1 - y0 == TILE for x0, y0, x1, y1 in tiles)


def test_one_image_is_no_tiles():
    image = make_field("tissue", np.random.default_rng(2), (200, 300))
    assert image_tiles(image, 1 / PT) == []


@pytest.fixture(scope="module")
def grids(tmp_path_factory):
    return _figure(tmp_path_factory.mktemp("tiles") / "grids.pdf")


def test_a_micrograph_reused_turned_in_another_grid_is_found_and_named(grids):
    pdf, in_a, in_b = grids
    panels = read_panels(pdf).panels
    assert sorted(p.label for p in panels if p.label) == ["A", "B"]
    found = [m for m in find_duplicates(panels)
             if {m.a.panel, m.b.panel} == {"A", "B"}]
    assert len(found) == 1, found
    match = found[0]
    regions = (match.region_a, match.region_b) if match.a.panel == "A" else \
        (match.region_b, match.region_a)
    assert iou(regions[0], in_a) > 0.6 and iou(regions[1], in_b) > 0.6
    assert abs(abs(match.transform.rotation) - 90) < 3
    assert match.kind == "overlap"  # an eighth of each grid


def test_whole_panels_alone_miss_it(grids):
    pdf, _, _ = grids
    settings = Settings()
    off = replace(settings, detect=replace(settings.detect, tiles=False, regions=False))
    found = [m for m in find_duplicates(read_panels(pdf).panels, settings=off)
             if {m.a.panel, m.b.panel} == {"A", "B"}]
    assert found == []
