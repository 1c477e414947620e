"""Clone search (copy-move inside one panel) on procedural panels."""

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from forensics import clones
from forensics.clones import find_clones
from forensics.fixtures import content, papers
from forensics.settings import CloneConfig

SOURCE, TARGET = (40, 30, 110, 100), (190, 200, 260, 270)
DATA = Path(__file__).parent / "data"


def _panel(name: str) -> np.ndarray:
    """A panel kept in tests/data, as RGB."""
    return cv2.cvtColor(cv2.imread(str(DATA / name)), cv2.COLOR_BGR2RGB)


def _pasted(kind: str, seed: int) -> np.ndarray:
    image = content.make_panel(kind, np.random.default_rng(seed), (300, 300)).copy()
    (sx0, sy0, sx1, sy1), (tx0, ty0, tx1, ty1) = SOURCE, TARGET
    image[ty0:ty1, tx0:tx1] = image[sy0:sy1, sx0:sx1]
    return image


def _jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(data, cv2.IMREAD_UNCHANGED)


def _assert_regions(clone) -> None:
    regions = sorted([clone.region_a, clone.region_b])
    # The region is where the evidence is: the textured part of the pasted block.
    for region, box in zip(regions, [SOURCE, TARGET], strict=True):
        assert box[0] - 3 <= region[0] < region[2] <= box[2] + 3
        assert box[1] - 3 <= region[1] < region[3] <= box[3] + 3
        assert (region[2] - region[0]) * (region[3] - region[1]) > 0.4 * 70 * 70
    dx, dy = TARGET[0] - SOURCE[0], TARGET[1] - SOURCE[1]
    assert clone.shift == pytest.approx((dx, dy), abs=2)
    assert 0.5 <= clone.score <= 1.0


@pytest.mark.parametrize(("kind", "seed"), [("fluorescence", 2), ("tissue", 5)])
def test_paste_found_with_both_regions(kind, seed):
    clones = find_clones(_pasted(kind, seed))
    assert len(clones) == 1
    _assert_regions(clones[0])


def test_paste_found_after_jpeg():
    # Re-compression breaks pixel identity; the copy still matches its source far
    # better than anything else in the panel does.
    clones = find_clones(_jpeg(_pasted("tissue", 5), 70))
    assert len(clones) == 1
    _assert_regions(clones[0])


@pytest.mark.parametrize("kind", ["fluorescence", "tissue", "gel", "blot"])
@pytest.mark.parametrize("seed", range(3))
def test_ordinary_panels_have_no_clone(kind, seed):
    image = content.make_panel(kind, np.random.default_rng(seed), (240, 360))
    assert find_clones(_jpeg(image, 80)) == []


@pytest.mark.parametrize("seed", range(3))
def test_annotated_blots_with_look_alike_lanes_have_no_clone(seed):
    rng = np.random.default_rng(seed)
    image, _ = content.make_blot(rng, 10, 3, shape=(220, 360), annotate=True)
    assert find_clones(image) == []


def test_flat_paste_is_not_evidence():
    # Blank pasted over blank changes nothing anyone could see.
    image = np.full((240, 300, 3), 30, np.uint8)
    image[150:200, 200:260] = image[20:70, 30:90]
    assert find_clones(image) == []


def test_small_panels_and_bad_input():
    assert find_clones(np.zeros((20, 20), np.uint8)) == []
    # Either search alone finds a textured paste; with neither, nothing is searched.
    assert len(find_clones(_pasted("tissue", 5), CloneConfig(keypoints=0))) == 1
    assert len(find_clones(_pasted("tissue", 5), CloneConfig(block_offsets=0))) == 1
    assert find_clones(_pasted("tissue", 5), CloneConfig(keypoints=0, block_offsets=0)) == []


def test_images_side_by_side_in_one_box_are_not_a_clone():
    # A channel shown again beside its merge, or a split the splitter missed: the copy
    # lies across a white gutter, in another image, not pasted inside this one.
    field = content.make_panel("tissue", np.random.default_rng(5), (200, 200))
    image = np.full((200, 420, 3), 255, np.uint8)
    image[:, :200] = field
    image[:, 220:] = field
    assert find_clones(image) == []
    image[:, 200:220] = field[:, :20]  # no gutter: one image holding a pasted copy
    assert len(find_clones(image)) >= 1


@pytest.mark.parametrize("seed", [0, 3])
def test_paste_from_one_blot_strip_into_the_next_is_found(seed):
    # Bands copied from the upper strip into another place of the lower one: the white
    # row between the strips lies between the copies, but they are not level across
    # it the way a channel stacked over its merge would be.
    blot, boxes = content.make_blot(np.random.default_rng(seed), 6, 2, shape=(300, 580))
    (ax0, ay0, _, ay1), (bx0, by0, _, by1) = boxes
    rows = min(ay1 - ay0, by1 - by0) - 10
    source = (ax0 + 150, ay0 + 5, ax0 + 310, ay0 + 5 + rows)
    target = (bx0 + 385, by0 + 5)
    image = blot.copy()
    image[target[1]:target[1] + rows, target[0]:target[0] + 160] = \
        blot[source[1]:source[3], source[0]:source[2]]
    found = find_clones(image)
    assert len(found) == 1
    region_a, region_b = found[0].region_a, found[0].region_b
    assert source[0] - 3 <= region_a[0] < region_a[2] <= source[2] + 3
    assert source[1] - 3 <= region_a[1] < region_a[3] <= source[3] + 3
    assert (region_b[0] - region_a[0], region_b[1] - region_a[1]) == (
        target[0] - source[0], target[1] - source[1])


def _blot_with_pasted_band(seed: int, shape: tuple[int, int]):
    """A generated blot with a band pasted into it, the paste's source box and offset."""
    rng = np.random.default_rng(seed)
    blot, _ = content.make_blot(rng, int(rng.integers(4, 9)), 3, shape=shape)
    image, source, target = papers.plant_clone(blot, rng)
    return image, source, (target[0] - source[0], target[1] - source[1])


def test_generated_clones_are_pasted_inside_the_image():
    # A copy-move is made before a figure is lettered: the generator never pastes a
    # blot's label margin or the white around its strip.
    planted = 0
    for seed in range(20):
        rng = np.random.default_rng(seed)
        blot, _ = content.make_blot(rng, 8, 1, shape=(62, 373), annotate=True)
        clone = papers.plant_clone(blot, rng)
        if clone is not None:
            planted += 1
            for x0, y0, x1, y1 in clone[1:]:
                assert (blot[y0:y1, x0:x1].min(axis=2) < 255).all()
    assert planted >= 5


@pytest.mark.parametrize("seed", [1, 39])
def test_a_light_gel_saturated_in_single_pixels_still_gets_a_clone(seed):
    # Dark bands on white: the background reaches 255 here and there. That is the
    # image, not the page, and the paste may cover it.
    gel = content.make_panel("gel", np.random.default_rng(seed), (240, 320))
    clone = papers.plant_clone(gel, np.random.default_rng(seed + 1000))
    assert clone is not None
    assert any((gel[y0:y1, x0:x1].min(axis=2) == 255).any() for x0, y0, x1, y1 in clone[1:])


def _found_once(image, source, shift, *needs: dict):
    """The one clone found in ``image``, checked against the planted paste; with each
    of ``needs`` (config changes turning one step off) no clone is found."""
    for off in needs:
        assert find_clones(image, replace(CloneConfig(), **off)) == [], off
    found = find_clones(image)
    assert len(found) == 1
    region_a, region_b = found[0].region_a, found[0].region_b
    assert (region_b[0] - region_a[0], region_b[1] - region_a[1]) == pytest.approx(shift, abs=1)
    assert source[0] - 3 <= region_a[0] < region_a[2] <= source[2] + 3
    return region_a


@pytest.mark.parametrize("seed", [2, 14])
def test_band_pasted_in_a_blot_is_found_by_the_block_search(seed):
    # A pasted band of a blot has too few corners for keypoints to agree on its
    # offset; the dense comparison of blocks finds it.
    image, source, shift = _blot_with_pasted_band(seed, (80, 240))
    _found_once(image, source, shift, {"block_offsets": 0})


@pytest.mark.parametrize("seed", [0, 3])
def test_band_pasted_in_a_small_blot_is_found_by_its_grey_levels(seed):
    # Printed 37 pt high, the bands of a blot look alike once contrast is removed: the
    # paste is proposed by comparing grey levels as they are, and judged on the part
    # that repeats them exactly (the agreeing area runs on into look-alike bands).
    image, source, shift = _blot_with_pasted_band(seed, (94, 373))
    region_a = _found_once(image, source, shift, {"grey_block_tolerance": 0},
                           {"core_level": 0})
    assert source[1] - 3 <= region_a[1] < region_a[3] <= source[3] + 3


def test_band_pasted_among_look_alike_bands_is_found():
    image, source, shift = _blot_with_pasted_band(28, (94, 300))
    _found_once(image, source, shift)


def test_band_pasted_among_look_alike_bands_is_found_by_its_grey_levels():
    # A blot as extracted from its PDF (tests/data): the pasted band correlates with
    # the bands of its row 0.993, with its copy 0.998; its grain matches the copy's
    # only 0.35. It repeats the copy's grey levels to 1.45 RMS, and no other place
    # comes within 4.1.
    image = _panel("band_pasted_over_band_1A.png")
    _found_once(image, (31, 29, 98, 58), (124, 73), {"exact_rms": 0})


def test_band_pasted_in_a_blue_cast_film_scan_is_found_as_in_a_grey_one():
    # A film scanned with a colour cast is grey to the clone search: each channel is
    # a linear function of the grey level, and the grey-level search runs on it.
    image, source, shift = _blot_with_pasted_band(0, (94, 373))
    cast = np.clip(image * np.array([0.95, 0.97, 1.0]), 0, 255).astype(np.uint8)
    assert len(np.unique(cast[..., 0].astype(int) - cast[..., 2])) > 5  # not grey
    _found_once(cast, source, shift, {"grey_block_tolerance": 0})


def test_thin_paste_with_sharp_edges_is_found_by_its_exact_core():
    # A paste 12 px high in a strip of bands: too few whole windows of it agree by
    # local correlation to make a region, but it repeats its copy exactly and its
    # edges are sharp.
    image, source, shift = _blot_with_pasted_band(42, (60, 373))
    _found_once(image, source, shift, {"edge_sides": 5})


def test_look_alike_band_tails_are_not_a_clone():
    # Two saturated bands of one strip (a generated blot, tests/data) have the same
    # lower edge to within re-compression: their exact cores repeat each other and
    # nothing else, but the likeness fades out around them instead of ending.
    image = _panel("look_alike_band_tails.png")
    assert find_clones(image) == []
    assert len(find_clones(image, replace(CloneConfig(), edge_sides=1))) == 1


def test_pasted_nucleus_is_told_from_look_alikes_by_its_grain():
    # A nucleus pasted into a field of look-alike nuclei (a generated panel as
    # extracted from its PDF, tests/data): re-compressed, the copy correlates with
    # other nuclei nearly as well as with its source, and its grey levels differ by
    # 3.6 RMS. Its fine detail correlates with the source's 0.6, with anything else 0.16.
    image = _panel("pasted_nucleus_S1E.png")
    source = (4, 44, 82, 94)  # where the generator took the block from
    _found_once(image, source, (179, 107), {"grain_match": 0})


def test_paste_in_a_light_gel_is_found():
    # Most of this gel is lighter than the white of lettering drawn over a
    # micrograph; its background is image content all the same, and the grain of the
    # pasted block (bands and background) matches its source's 0.39 and anything
    # else 0.14 at most. Its bands correlate with the next lanes' 0.92.
    image = _panel("light_gel_paste_1B.png")
    _found_once(image, (109, 46, 187, 118), (151, 89), {"grain_match": 0})


def test_gap_pasted_over_a_look_alike_band_is_found_by_its_grain():
    # The gap between two bands, pasted over the lower half of another: the copy's
    # smooth profile matches look-alike places of the row about as well, its grain
    # only its source.
    image = _panel("look_alike_bands_paste_1C.png")
    _found_once(image, (77, 19, 138, 35), (77, 15), {"grain_match": 0})


def _chart_with_repeated_labels(seed: int) -> np.ndarray:
    """A dot chart on page white whose column labels, set at 45 degrees, repeat words."""
    rng = np.random.default_rng(seed)
    image = np.full((340, 360, 3), 255, np.uint8)
    for column in range(6):
        for _ in range(150):
            x, y = int(40 + 55 * column + rng.normal(0, 9)), int(rng.uniform(40, 200))
            cv2.circle(image, (x, y), 4, (90, 90, 90), 1, cv2.LINE_AA)
    for i, word in enumerate(["Camptothecin", "Camptothecin + B", "Etoposide",
                              "Etoposide + B"]):
        label = np.full((40, 200), 255, np.uint8)
        cv2.putText(label, word, (2, 28), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2, cv2.LINE_AA)
        turn = cv2.getRotationMatrix2D((100, 20), 45, 1.0)
        label = cv2.warpAffine(label, turn, (200, 200), borderValue=255)
        x = 20 + 80 * i
        region = image[190:330, x:x + 160]
        region[:] = np.minimum(region, label[:140, :region.shape[1], None])
    return image


@pytest.mark.parametrize("seed", [0, 1])
def test_repeated_labels_of_a_chart_are_no_clone(seed):
    # The label's page-white surroundings are no image content: a word written twice
    # is not a paste (NAR Fig 6 labels its columns so).
    assert find_clones(_chart_with_repeated_labels(seed)) == []


def test_paste_found_when_the_voted_offset_is_a_pixel_off():
    # A fluorescence field from our generator's clone corpus (seed 21, paper 8, Fig
    # S1B, cropped), a block pasted 365 px right and 158 px down. Its keypoints vote
    # for (364, 158): there the copies no longer agree pixel for pixel.
    image = _panel("clone_offset_S1B.png")
    clones = find_clones(image)
    assert len(clones) == 1
    assert clones[0].shift == (365.0, 158.0)
    a, b = clones[0].region_a, clones[0].region_b
    assert a[0] < 30 and a[2] > 100 and b[0] > 370 and a[1] < 30 and a[3] > 120
    assert find_clones(image, replace(CloneConfig(), refine_share=0)) == []


def _word_printed_twice() -> np.ndarray:
    """A raster figure piece: one word printed twice on page white beside a grainy
    picture, JPEG-compressed and resampled as real figure rasters are."""
    rng = np.random.default_rng(0)
    image = np.full((240, 360, 3), 255, np.uint8)
    image[150:230, 10:350] = np.clip(rng.normal(120, 30, (80, 340, 3)), 0, 255)
    for x, y in ((20, 60), (200, 110)):
        cv2.putText(image, "NY-ESO", (x, y), cv2.FONT_HERSHEY_DUPLEX, 1.2, (120, 40, 150), 2,
                    cv2.LINE_AA)
    _, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 60])
    small = cv2.resize(cv2.imdecode(encoded, cv2.IMREAD_COLOR), None, fx=0.5, fy=0.5,
                       interpolation=cv2.INTER_AREA)
    return cv2.resize(small, None, fx=2, fy=2)


def test_word_printed_twice_on_page_white_is_not_a_clone(monkeypatch):
    # Science 2020 Fig 1F: the label "NY-ESO" printed twice in a raster schematic was
    # reported as a clone. Objects drawn on the page repeat by construction.
    image = _word_printed_twice()
    assert find_clones(image) == []
    monkeypatch.setattr(clones, "WHITE_SURROUND", 2.0)  # the rule off: the repeat is seen
    assert len(find_clones(image)) == 1
