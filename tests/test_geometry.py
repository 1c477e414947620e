"""Pixel regions mapped to the page and back: a region survives the round trip, and
a page region past the image is clipped to it; a box mirrored about the axes."""

from forensics.geometry import mirrored, page_to_region, region_to_page


def test_a_pixel_region_maps_to_the_page_and_back():
    bbox, shape = (100.0, 200.0, 300.0, 300.0), (250, 500, 3)  # 2.5 px per point
    region = (40, 25, 160, 120)
    assert page_to_region(bbox, shape, region_to_page(bbox, shape, region)) == region


def test_a_page_region_past_the_image_is_clipped_outward_to_whole_pixels():
    bbox, shape = (100.0, 200.0, 300.0, 300.0), (250, 500)
    assert page_to_region(bbox, shape, (90.0, 210.1, 150.1, 400.0)) == (0, 25, 126, 250)


def test_mirrored_box_puts_a_corner_at_the_top_left():
    box = (10, 20, 30, 60)
    assert mirrored(box, False, False) == box
    assert mirrored(box, True, False) == (-30, 20, -10, 60)  # top right -> top left
    assert mirrored(box, False, True) == (10, -60, 30, -20)  # bottom left -> top left
    assert mirrored(mirrored(box, True, True), True, True) == box
