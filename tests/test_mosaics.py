"""Pieces of a figure grouped into panels by placement (:mod:`forensics.mosaics`):
tiles set a hairline apart, pieces inside a panel."""

from __future__ import annotations

from forensics.labels import Blob
from forensics.mosaics import drop_contained, join_mosaics, tile_groups


def test_tiles_a_hairline_apart_are_one_mosaic_and_panels_a_gutter_apart_are_not():
    tiles = [(0, 0, 50, 40), (53, 0, 103, 40), (0, 43, 50, 83), (53, 43, 103, 83)]
    assert tile_groups(tiles, 5.0) == [[0, 1, 2, 3]]
    apart = [(0, 0, 50, 40), (90, 0, 140, 40)]
    assert sorted(tile_groups(apart, 5.0)) == [[0], [1]]


def test_touching_images_each_with_its_letter_stay_apart():
    """Micrographs set a hairline apart, each lettered above (Dev Cell, NAR): they were
    joined into one mosaic and lost their letters."""
    tiles = [Blob((0, 0, 50, 40), letter="A", image=True),
             Blob((53, 0, 103, 40), letter="B", image=True),
             Blob((106, 0, 156, 40), image=True)]
    assert len(join_mosaics(tiles, 5.0)) == 3
    grid = [Blob((0, 0, 50, 40), letter="A", image=True), Blob((53, 0, 103, 40), image=True)]
    joined = join_mosaics(grid, 5.0)
    assert [(p.letter, p.box) for p in joined] == [("A", (0, 0, 103, 40))]


def test_pieces_inside_a_panel_within_slack_are_dropped():
    panel, piece = Blob((10, 10, 200, 100)), Blob((50, 60, 120, 101))
    assert drop_contained([panel, piece]) == [panel, piece]  # pokes out by one pixel
    assert drop_contained([panel, piece], slack=4) == [panel]
