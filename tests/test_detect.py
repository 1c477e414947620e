"""find_duplicates end to end on panels (no PDFs): scan, compare, symmetry, kinds."""

import itertools
import re
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from forensics.detect import find_duplicates
from forensics.fingerprint import fingerprint_image
from forensics.fixtures import content
from forensics.index import candidate_pairs
from forensics.model import Panel
from forensics.report import describe_match
from forensics.settings import IndexConfig, Settings

_PAGES = itertools.count(1)
DATA = Path(__file__).parent / "data"


def _panel(image: np.ndarray, figure: str, label: str = "A", scale: float = 0.5) -> Panel:
    """A panel on a page of its own (panels overlapping on one page are never compared)."""
    rows, cols = image.shape[:2]
    return Panel(file="x.pdf", figure=figure, label=label, page=next(_PAGES),
                 bbox=(50.0, 100.0, 50.0 + cols * scale, 100.0 + rows * scale), image=image)


def _unrelated(seed: int, count: int) -> list[Panel]:
    rng = np.random.default_rng(seed)
    kinds = ["blot", "fluorescence", "tissue", "gel", "chart"]
    return [_panel(content.make_panel(kinds[i % 5], rng, (220, 260), annotate=True), str(i))
            for i in range(count)]


def _assert_compare_agrees(a: Panel, b: Panel) -> None:
    """``compare`` finds the pair once, the same in both argument orders."""
    forward, backward = find_duplicates([a], [b]), find_duplicates([b], [a])
    assert len(forward) == len(backward) == 1
    assert (forward[0].region_a, forward[0].score) == (backward[0].region_b, backward[0].score)


def _config_with(section: str, key: str, value) -> Settings:
    settings = Settings()
    return replace(settings, **{section: replace(getattr(settings, section), **{key: value})})


def test_no_duplicates_no_matches():
    assert find_duplicates(_unrelated(1, 10)) == []


def test_rotated_copy_found_and_mapped_to_page():
    rng = np.random.default_rng(3)
    image = content.make_panel("tissue", rng, (200, 240))
    copy, _ = content.apply_transform(image, "rot90", rng)
    panels = _unrelated(4, 4) + [_panel(image, "7", "B"), _panel(copy, "8", "C", scale=0.25)]
    matches = find_duplicates(panels)
    assert len(matches) == 1
    match = matches[0]
    assert (match.a.figure, match.b.figure) == ("7", "8")
    assert match.kind == "duplicate"
    assert match.transform.rotation == 90.0 and match.transform.flip is None
    assert match.region_a == pytest.approx(panels[-2].bbox, abs=3)
    assert match.region_b == pytest.approx(panels[-1].bbox, abs=3)
    assert 0.5 < match.score <= 1.0


@pytest.mark.parametrize(("transform", "rotation"), [("rot90", 90.0), ("small_rotation", None)])
def test_blot_on_white_copied_turned_is_found(transform, rotation):
    """A blot is mostly the page white round its strips and labels. It was left out
    as line art when not classed, and its turned copy was refused as not resting on
    image data (tone over a fifth to two fifths of its area): image data is judged
    on its ink, white left out."""
    rng = np.random.default_rng(11)
    blot = content.make_panel("blot", rng, (228, 372), annotate=True)
    copy, info = content.apply_transform(blot, transform, rng)
    panels = _unrelated(5, 3) + [_panel(blot, "2", "A"), _panel(copy, "5", "C")]
    matches = [m for m in find_duplicates(panels) if m.a.figure != m.b.figure]
    assert [(m.a.figure, m.b.figure) for m in matches] == [("2", "5")]
    expected = info["rotation"] if rotation is None else rotation
    assert matches[0].transform.rotation == pytest.approx(expected, abs=2.0)
    assert matches[0].transform.flip is None


def test_compare_is_symmetric():
    rng = np.random.default_rng(6)
    image = content.make_panel("fluorescence", rng, (220, 220))
    copy, _ = content.apply_transform(image, "flip_h", rng)
    side_a = _unrelated(7, 3) + [_panel(image, "1")]
    side_b = [_panel(copy, "9")] + _unrelated(8, 3)
    forward = find_duplicates(side_a, side_b)
    backward = find_duplicates(side_b, side_a)
    assert len(forward) == len(backward) == 1
    f, b = forward[0], backward[0]
    assert (f.a, f.b, f.region_a, f.region_b) == (b.b, b.a, b.region_b, b.region_a)
    assert (f.overlap_a, f.overlap_b, f.score) == (b.overlap_b, b.overlap_a, b.score)
    # A mirror is its own inverse.
    assert f.transform.flip == b.transform.flip == "horizontal"


def test_candidate_pairs_symmetric():
    prints = [fingerprint_image(p.image) for p in _unrelated(9, 8)]
    config = IndexConfig(min_votes=1)
    forward = candidate_pairs(prints[:4], prints[4:], config)
    backward = candidate_pairs(prints[4:], prints[:4], config)
    assert sorted(forward) == sorted((j, i) for i, j in backward)


# A full-height blot, and strips about 28 px high (a loading control in a compact
# figure, thinner than an ORB patch at the default working size).
@pytest.mark.parametrize("seed, shape, into", [(12, (220, 330), 0), (14, (100, 370), 2)])
def test_reused_strip_is_an_overlap(seed, shape, into):
    rng = np.random.default_rng(seed)
    first, boxes = content.make_blot(rng, 8, 3, shape=shape)
    x0, y0, x1, y1 = boxes[2]
    second, boxes2 = content.make_blot(rng, 8, 3, shape=shape,
                                       strip_images={into: first[y0:y1, x0:x1]})
    matches = find_duplicates([_panel(first, "1", scale=1.0), _panel(second, "2", scale=1.0)])
    assert len(matches) == 1
    match = matches[0]
    assert match.kind == "overlap"
    # Page = pixels + (50, 100) at scale 1: the regions are the two strip boxes.
    ra = np.array(match.region_a) - [50, 100, 50, 100]
    rb = np.array(match.region_b) - [50, 100, 50, 100]
    assert ra[1] >= y0 - 8 and ra[3] <= y1 + 8
    assert rb[1] >= boxes2[into][1] - 8 and rb[3] <= boxes2[into][3] + 8


@pytest.mark.parametrize("seed", [0, 7])
def test_thin_reused_strip_without_keypoints_is_found_pixel_by_pixel(seed):
    # Blots printed 17 pt high: strips of 13 px, smooth bands, no ORB keypoint. The
    # shared loading control is found by comparing the strips pixel by pixel, at the
    # second blot's slightly larger print; a third blot of the same layout is not.
    rng = np.random.default_rng(seed)
    first, boxes = content.make_blot(rng, 4, 3, shape=(42, 267))
    x0, y0, x1, y1 = boxes[2]
    second, _ = content.make_blot(rng, 4, 3, shape=(42, 267),
                                  strip_images={2: first[y0:y1, x0:x1]})
    second = cv2.resize(second, (275, 43), interpolation=cv2.INTER_AREA)
    third, _ = content.make_blot(rng, 4, 3, shape=(42, 267))
    a, b, c = (_panel(image, str(n), scale=0.4) for n, image in enumerate((first, second, third)))
    matches = find_duplicates([a, b, c])
    assert [(m.a.figure, m.b.figure, m.kind) for m in matches] == [("0", "1", "overlap")]
    match = matches[0]
    assert match.transform.scale == pytest.approx(275 / 267, abs=0.01)
    assert match.transform.rotation == 0 and match.transform.flip is None
    assert match.region_a[1] == pytest.approx(100 + 0.4 * y0, abs=1.5)
    assert match.region_a[3] == pytest.approx(100 + 0.4 * y1, abs=1.5)
    _assert_compare_agrees(a, b)
    # Keypoints alone find nothing here.
    assert find_duplicates([a, b, c], settings=_config_with("detect", "strip_grey", 2.0)) == []


@pytest.mark.parametrize("seed", [1, 2])
def test_crop_of_a_wide_panel_is_found_at_one_scale(seed):
    # A 582 x 144 px panel and a crop of its middle, printed at one resolution: brought
    # to working copies of one height, the crop's part of the wide panel is too small
    # for keypoints; verified again with both copies at one scale, it is an overlap.
    # Working copies as large as the panel (up to 640 px) find it without the retry.
    rng = np.random.default_rng(seed)
    wide = content.make_panel(["tissue", "fluorescence"][seed % 2], rng, (144, 582))
    a, b = _panel(wide, "1", scale=0.4), _panel(wide[51:117, 179:448].copy(), "2", scale=0.4)
    matches = find_duplicates([a, b])
    assert [(m.kind, m.transform.rotation, m.transform.flip) for m in matches] == [
        ("overlap", 0.0, None)]
    assert matches[0].transform.scale == pytest.approx(1.0, abs=0.01)
    assert matches[0].region_a == pytest.approx((50 + 0.4 * 179, 100 + 0.4 * 51,
                                                 50 + 0.4 * 448, 100 + 0.4 * 117), abs=2.5)
    _assert_compare_agrees(a, b)
    assert len(find_duplicates([a, b], settings=_config_with("detect", "one_scale", 0.0))) == 1


@pytest.mark.parametrize("seed, needs", [
    (0, []),
    pytest.param(7, ["sure_agreement", "refits"], marks=pytest.mark.xfail(
        strict=True, reason="lost when the 581 px strip is worked on at its own size "
        "instead of 320 px (region3 branch); found at 320"))])
def test_crop_of_a_strip_of_look_alike_bands_is_found(seed, needs):
    # A strip of ten bands and its crop printed 1.1x larger: most keypoints match a
    # wrong band, so RANSAC can fold one strip onto a single band of the other, and
    # the true fit holds few inliers. The pixels agree everywhere, not along one lane.
    rng = np.random.default_rng(seed)
    strip = content.make_strip(rng, 10, 581, 145, loading_control=True)
    crop = strip[23:130, 1:522]
    crop = cv2.resize(crop, (582, 120), interpolation=cv2.INTER_CUBIC)
    crop = cv2.imdecode(cv2.imencode(".jpg", crop, [cv2.IMWRITE_JPEG_QUALITY, 90])[1],
                        cv2.IMREAD_UNCHANGED)
    a, b = _panel(strip, "1", "C", scale=0.4), _panel(crop, "1", "F", scale=0.4)
    matches = find_duplicates([a, b])
    assert [(m.kind, m.transform.rotation, m.transform.flip) for m in matches] == [
        ("overlap", 0.0, None)]
    assert matches[0].transform.scale == pytest.approx(582 / 521, abs=0.01)
    # With keypoints spread over the strip, the true fit no longer needs every
    # safeguard (some were needed when the strongest keypoints, all on a few bands,
    # were the only ones kept): those in ``needs`` are, the others are not.
    off = {"sure_agreement": 2.0, "refits": 0}
    for name, value in off.items():
        again = find_duplicates([a, b], settings=_config_with("verify", name, value))
        assert [(m.kind, m.transform.rotation, m.transform.flip) for m in again] == (
            [] if name in needs else [("overlap", 0.0, None)]), name


def _data(name: str) -> np.ndarray:
    return cv2.cvtColor(cv2.imread(str(DATA / name)), cv2.COLOR_BGR2RGB)


def test_copy_printed_at_a_fifth_of_its_size_is_verified_both_ways():
    # Panels 4E and 2I of generated paper 28 (seed 13): 2I is 4E re-toned and printed at
    # a fifth of its size. Verified from 2I (the canonical order here) it scores 0.36,
    # from 4E 0.82; the colours are compared in 2I's frame whichever panel comes first.
    big = Panel(file="x.pdf", figure="4", label="E", page=5,
                bbox=(222.97, 214.60, 372.15, 342.98), image=_data("tone_fifth_4E.png"))
    small = Panel(file="x.pdf", figure="2", label="I", page=3,
                  bbox=(312.42, 293.71, 343.11, 320.81), image=_data("tone_fifth_2I.png"))
    [match] = find_duplicates([big, small])
    assert (match.a.panel, match.b.panel, match.transform.rotation, match.transform.flip) == (
        "E", "I", 0.0, None)
    assert match.transform.scale == pytest.approx(0.206, abs=0.01)
    assert match.score > 0.5
    assert find_duplicates([small, big])[0].transform.scale == pytest.approx(4.85, abs=0.2)
    _assert_compare_agrees(big, small)
    # With keypoints spread over every pyramid level, the canonical order finds it too.
    assert len(find_duplicates([big, small],
                               settings=_config_with("verify", "near_miss", 0.0))) == 1


def test_clone_reported_with_both_regions():
    image = content.make_panel("tissue", np.random.default_rng(13), (260, 260)).copy()
    image[150:220, 160:230] = image[20:90, 30:100]
    matches = find_duplicates([_panel(image, "3", scale=1.0)])
    assert [m.kind for m in matches] == ["clone"]
    clone = matches[0]
    assert clone.a == clone.b and clone.region_a != clone.region_b
    # The summary line says how large the region is and where its copies lie.
    line = describe_match(clone)
    assert re.search(r"cloned region inside one panel \((\d+) × (\d+) pt, at top left and "
                     r"bottom right\)", line), line
    width, height = (int(v) for v in re.search(r"(\d+) × (\d+) pt", line).groups())
    assert 40 <= width <= 72 and 40 <= height <= 72


def test_clone_printed_smaller_than_a_text_line_is_not_reported():
    # The same paste printed at 0.04 pt per pixel is under 3 pt across: as small as a
    # word printed twice in a panel's pixels, which is not reported.
    image = content.make_panel("tissue", np.random.default_rng(13), (260, 260)).copy()
    image[150:220, 160:230] = image[20:90, 30:100]
    assert [m.kind for m in find_duplicates([_panel(image, "3", scale=0.04)])] == []
    assert [m.kind for m in find_duplicates([_panel(image, "3", scale=0.2)])] == ["clone"]


def _linear(flip, rotation):
    theta = np.radians(rotation)
    rot = np.array([[np.cos(theta), np.sin(theta)], [-np.sin(theta), np.cos(theta)]])
    mirror = {None: np.eye(2), "horizontal": np.diag([-1.0, 1.0]),
              "vertical": np.diag([1.0, -1.0])}[flip]
    return rot @ mirror


def _iou(a, b):
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - ix * iy
    return ix * iy / union


def test_generated_pdf_planted_pair_found_and_hard_negative_not(tmp_path):
    """End to end on a generated PDF: extraction, panels, then detection."""
    from forensics.audit import read_panels
    from forensics.fixtures.papers import generate

    truth = generate(tmp_path, papers=2, seed=3)
    panels = list(read_panels(tmp_path / "paper_000.pdf").panels)
    matches = find_duplicates(panels)

    def same(ref, truth_ref):
        return ref.page == truth_ref["page"] and _iou(ref.bbox, truth_ref["bbox"]) >= 0.5

    planted = [d for d in truth["duplications"]
               if d["a"]["file"] == d["b"]["file"] == "paper_000.pdf"
               and d["class"] in ("flip_h", "flip_v", "rot90", "rot180", "rot270")]
    assert planted, "seed 3 plants a flipped or rotated copy in paper_000"
    for dup in planted:
        found = [m for m in matches if m.kind != "clone" and (
            (same(m.a, dup["a"]) and same(m.b, dup["b"]))
            or (same(m.a, dup["b"]) and same(m.b, dup["a"])))]
        assert found, f"planted {dup['class']} not found"
        m = found[0]
        reported = _linear(m.transform.flip, m.transform.rotation)
        if not same(m.a, dup["a"]):
            reported = np.linalg.inv(reported)
        expected = _linear(dup["transform"]["flip"], dup["transform"]["rotation"])
        assert np.allclose(reported, expected, atol=1e-6), (dup["class"], m.transform)
    negatives = [n for n in truth["hard_negatives"] if n["a"]["file"] == "paper_000.pdf"]
    assert negatives
    for neg in negatives:
        assert not [m for m in matches if (same(m.a, neg["a"]) and same(m.b, neg["b"]))
                    or (same(m.a, neg["b"]) and same(m.b, neg["a"]))], neg["class"]


def test_panels_overlapping_on_the_page_are_not_compared():
    """Two boxes over one part of a page (a split artefact) are not a duplication."""
    rng = np.random.default_rng(12)
    image = content.make_panel("tissue", rng, (200, 240))
    a = Panel(file="x.pdf", figure="1", label="A", page=1, bbox=(50, 100, 170, 200), image=image)
    b = Panel(file="x.pdf", figure="1", label=None, page=1, bbox=(60, 100, 180, 200),
              image=image)
    assert [m for m in find_duplicates([a, b]) if m.kind != "clone"] == []
    b_elsewhere = Panel(file="x.pdf", figure="2", label="A", page=2, bbox=(60, 100, 180, 200),
                        image=image)
    assert [m.kind for m in find_duplicates([a, b_elsewhere]) if m.kind != "clone"] == [
        "duplicate"]


def _channel(gray: np.ndarray, channel: int) -> np.ndarray:
    image = np.zeros(gray.shape + (3,), np.uint8)
    image[:, :, channel] = gray
    return image


def test_two_channels_of_one_field_are_not_a_copy():
    # DAPI (blue) and a marker (green) over the same nuclei: same shapes, other stain.
    field = content.make_panel("fluorescence", np.random.default_rng(6), (240, 280))
    gray = field.max(axis=2)
    blue, green = _channel(gray, 2), _channel(gray, 1)
    assert find_duplicates([_panel(blue, "1"), _panel(green, "2")]) == []
    # The same channel shown twice is a copy; so is a grey copy of a coloured panel.
    assert len(find_duplicates([_panel(blue, "1"), _panel(blue.copy(), "2")])) == 1
    grey = np.repeat(gray[:, :, None], 3, axis=2)
    assert len(find_duplicates([_panel(blue, "1"), _panel(grey, "2")])) == 1


def test_a_channel_beside_its_merge_is_not_a_copy():
    # A marker in green, and the merge that adds a second stain in magenta: the merge
    # holds the green channel's shapes, but not as a copy (eLife Fig 2C in the real papers).
    rng = np.random.default_rng(6)
    green = content.make_panel("fluorescence", rng, (240, 280)).max(axis=2)
    other = content.make_panel("fluorescence", rng, (240, 280)).max(axis=2)
    channel = _channel(green, 1)
    merge = channel.copy()
    merge[:, :, 0] = merge[:, :, 2] = (other * 0.8).astype(np.uint8)
    assert find_duplicates([_panel(channel, "1"), _panel(merge, "2")]) == []
    # By shapes alone it would be one: the per-pixel hue is what tells them apart.
    config = _config_with("detect", "max_hue_mismatch", 1.0)
    assert len(find_duplicates([_panel(channel, "1"), _panel(merge, "2")], settings=config)) == 1
    # The merge shown again, saved as JPEG, is a copy.
    ok, data = cv2.imencode(".jpg", merge, [cv2.IMWRITE_JPEG_QUALITY, 80])
    again = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    assert len(find_duplicates([_panel(merge, "1"), _panel(again, "2")])) == 1


def test_label_rows_of_two_blots_are_not_a_reused_strip():
    # The same lane labels printed over two different blots: a row of text between
    # white rows is cut like a strip, agrees on its print and is no finding.
    rng = np.random.default_rng(9)
    first, _ = content.make_blot(rng, 6, 2, shape=(160, 360), annotate=True)
    second, _ = content.make_blot(rng, 6, 2, shape=(160, 360), annotate=True)
    label = np.full((40, 360, 3), 255, np.uint8)
    for k, text in enumerate(["0", "10", "20", "45", "90", "150"]):
        cv2.putText(label, text, (20 + 56 * k, 28), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (0, 0, 0), 2)
    gap = np.full((8, 360, 3), 255, np.uint8)
    panels = [_panel(np.vstack([label, gap, blot]), str(n), scale=1.0)
              for n, blot in enumerate((first, second))]
    assert find_duplicates(panels) == []


def test_regions_sharing_part_of_a_page_are_not_a_copy():
    from forensics.findings import regions_overlap as _regions_overlap
    from forensics.model import Match, PanelRef, Transform

    def match(page_b: int, region_b) -> Match:
        return Match(a=PanelRef("2", "A", "x.pdf", page=6), b=PanelRef("2", "B", "x.pdf",
                     page=page_b), kind="duplicate", score=0.99, transform=Transform(),
                     inliers=50, overlap_a=0.9, overlap_b=0.9,
                     region_a=(88.0, 75.0, 270.0, 511.0), region_b=region_b)

    # Two panel boxes cut across one image: their regions share a band of the page.
    assert _regions_overlap(match(6, (252.0, 75.0, 439.0, 512.0)))
    assert not _regions_overlap(match(6, (290.0, 75.0, 470.0, 512.0)))
    assert not _regions_overlap(match(7, (252.0, 75.0, 439.0, 512.0)))


def test_blot_repeating_one_strip_is_narrowed_to_it():
    # Printed small, two blots of one layout can verify as a whole copy when only their
    # loading control is shared: under the match, the strips say which part is repeated.
    from forensics.strips import shared_strips
    from forensics.verify import verify_pair

    rng = np.random.default_rng(12)
    first, boxes = content.make_blot(rng, 8, 3, shape=(220, 330))
    x0, y0, x1, y1 = boxes[2]
    second, _ = content.make_blot(rng, 8, 3, shape=(220, 330),
                                  strip_images={2: first[y0:y1, x0:x1]})
    a, b, copy = _panel(first, "1"), _panel(second, "2"), _panel(first.copy(), "3")
    fp_a, fp_b = fingerprint_image(a.image), fingerprint_image(b.image)
    whole = verify_pair(fp_a, fingerprint_image(copy.image))
    assert whole is not None
    assert shared_strips(a, fp_a, copy, fp_a, whole, 0.9) is None  # every strip repeated
    region_a, region_b = shared_strips(a, fp_a, b, fp_b, whole, 0.9)  # same frame as b
    assert y0 - 2 <= region_a[1] and region_a[3] <= y1 + 2
    assert region_b[1] == pytest.approx(region_a[1], abs=2)


def test_a_fluorescence_copy_darkened_towards_black_is_still_reported():
    """Re-toning that darkens a fluorescence field buries most of its grain in black
    (seed 7 audit: four such copies verified, then dropped as 'not image data'); between
    two panels classed as image data, one side showing tone is enough."""
    image = content.make_panel("fluorescence", np.random.default_rng(0), (300, 300),
                               annotate=False)
    darker = (255 * (image / 255.0) ** 1.6 * 0.8).astype(np.uint8)
    a = replace(_panel(image, "1"), content="image")
    b = replace(_panel(darker, "2"), content="image")
    found = find_duplicates([a, b])
    assert [(m.a.figure, m.b.figure, m.kind) for m in found] == [("1", "2", "duplicate")]


def test_hue_of_two_copies_of_one_size_is_judged_in_one_frame():
    # Regression (10.1093/nar/gkae069 with tiles searched: RecursionError ended its
    # scan): two images of one size whose map reads a rounding error under a scale of 1
    # one way round and exactly 1 the other were swapped for ever.
    from forensics.colour import hue_mismatch
    from forensics.fingerprint import fingerprint_panel
    from forensics.model import Transform
    from forensics.pairs import panel_order
    from forensics.verify import Correspondence

    rng = np.random.default_rng(3)
    a = _panel(content.make_panel("fluorescence", rng, (120, 120)), "1")
    b = _panel(content.make_panel("fluorescence", rng, (120, 120)), "2")
    # Work scales of the two images, as read on that paper; the map between them.
    fp_a = replace(fingerprint_panel(a), work_scale=1.6161616161616161)
    fp_b = replace(fingerprint_panel(b), work_scale=1.6243654822335025)
    assert panel_order(a, fp_a) < panel_order(b, fp_b)
    c = 1.0050761421319796
    found = Correspondence(
        transform=Transform(), inliers=12, score=0.9, region_a=(0, 0, 60, 60),
        region_b=(0, 0, 60, 60), overlap_a=0.25, overlap_b=0.25, agreement=0.9,
        detail_ncc=0.9, matrix=np.array([[c, 0.0, 5.0], [0.0, c, 1.0]]))
    share = hue_mismatch(a, fp_a, b, fp_b, found)
    assert 0.0 <= share <= 1.0


def test_a_dim_cell_on_a_dark_field_copied_turned_is_found():
    # Regression (a micrograph of 10.1038/s41467-024-46676-z pasted turned 90° over
    # another, bench/realplant.py): two cells on the flat dark-grey ground of a
    # fluorescence field. The ground is most of the copy; counted as ink that is not
    # tone, it made the copy "not image data" and the finding was dropped.
    rng = np.random.default_rng(5)
    field = np.full((200, 200, 3), 33, np.uint8)
    yy, xx = np.mgrid[:200, :200]
    for cx, cy, r in ((50, 60, 24), (140, 130, 20)):
        cell = (xx - cx) ** 2 + (yy - cy) ** 2 < r * r
        grain = cv2.GaussianBlur(rng.normal(0, 1, (200, 200)).astype(np.float32), (0, 0), 2.0)
        grain = (grain - grain.min()) / (grain.max() - grain.min())
        field[cell, 1] = (80 + 170 * grain[cell]).astype(np.uint8)
        field[cell, 0] = (33 + 40 * grain[cell]).astype(np.uint8)
    turned = np.ascontiguousarray(np.rot90(field))
    found = find_duplicates([_panel(field, "1"), _panel(turned, "2")])
    assert len(found) == 1
    assert abs(abs(found[0].transform.rotation) - 90) < 1
