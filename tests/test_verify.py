"""Pair verification on procedural panels."""

import cv2
import numpy as np
import pytest

from forensics.fingerprint import fingerprint_image
from forensics.fixtures import content
from forensics.model import Transform
from forensics.verify import (
    VerifyConfig,
    _lane_share,
    describe_transform,
    verify_pair,
)

# content.py names rotations in [0, 360); we report them in (-180, 180].
EXPECTED = {
    "identical": Transform(0.0, None, 1.0),
    "flip_h": Transform(0.0, "horizontal", 1.0),
    "flip_v": Transform(0.0, "vertical", 1.0),
    "rot90": Transform(90.0, None, 1.0),
    "rot180": Transform(180.0, None, 1.0),
    "rot270": Transform(-90.0, None, 1.0),
}


def _pair(name: str, kind: str = "tissue", seed: int = 1):
    rng = np.random.default_rng(seed)
    image = content.make_panel(kind, rng, (240, 300))
    copy, info = content.apply_transform(image, name, rng)
    return fingerprint_image(image), fingerprint_image(copy), info


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_exact_transforms_are_named(name):
    fa, fb, _ = _pair(name)
    found = verify_pair(fa, fb)
    assert found is not None
    expected = EXPECTED[name]
    assert (found.transform.rotation, found.transform.flip) == (expected.rotation,
                                                                 expected.flip)
    assert found.transform.scale == pytest.approx(expected.scale, abs=0.002)
    assert min(found.overlap_a, found.overlap_b) > 0.9
    assert found.kind(VerifyConfig()) == "duplicate"


@pytest.mark.parametrize("name", ["rescaled", "small_rotation", "jpeg", "tone", "crop"])
def test_other_transforms_found_with_parameters(name):
    fa, fb, info = _pair(name, "fluorescence", seed=4)
    found = verify_pair(fa, fb)
    assert found is not None
    assert found.transform.flip is None
    assert found.transform.scale == pytest.approx(info["scale"], rel=0.05)
    assert found.transform.rotation == pytest.approx(info["rotation"], abs=1.0)
    if name == "crop":
        assert found.overlap_b > 0.9 > found.overlap_a


def test_transform_convention():
    # np.rot90 (counter-clockwise on screen) maps (x, y) to (y, W - x): linear [[0, 1], [-1, 0]].
    assert describe_transform(np.array([[0.0, 1.0], [-1.0, 0.0]])) == Transform(90.0, None, 1.0)
    # Horizontal mirror then a quarter turn counter-clockwise.
    assert describe_transform(np.array([[0.0, 1.0], [1.0, 0.0]])) == \
        Transform(90.0, "horizontal", 1.0)
    assert describe_transform(2 * np.diag([1.0, -1.0])) == Transform(0.0, "vertical", 2.0)


@pytest.mark.parametrize("kind", ["blot", "fluorescence", "tissue", "gel"])
def test_unrelated_panels_of_one_kind_are_rejected(kind):
    rng = np.random.default_rng(21)
    a = fingerprint_image(content.make_panel(kind, rng, (240, 300), annotate=True))
    b = fingerprint_image(content.make_panel(kind, rng, (240, 300), annotate=True))
    assert verify_pair(a, b) is None


def test_same_layout_blots_are_rejected():
    rng = np.random.default_rng(5)
    a, _ = content.make_blot(rng, 8, 3, shape=(200, 320), annotate=True)
    b, _ = content.make_blot(rng, 8, 3, shape=(200, 320), annotate=True)
    assert verify_pair(fingerprint_image(a), fingerprint_image(b)) is None


def test_adjacent_crops_of_one_field_are_rejected():
    field = content.make_field("tissue", np.random.default_rng(8), (300, 560))
    a, b = field[:, :270], field[:, 280:550]
    assert verify_pair(fingerprint_image(a), fingerprint_image(b)) is None


def test_blank_panels_do_not_match():
    blank = np.full((200, 200, 3), 235, np.uint8)
    assert verify_pair(fingerprint_image(blank), fingerprint_image(blank.copy())) is None


def test_lane_share_measures_where_the_evidence_lies():
    one_lane = np.zeros(100)
    one_lane[10:25] = 1.0
    spread = np.ones(100)
    assert _lane_share(one_lane, 30)[0] == pytest.approx(1.0)
    assert _lane_share(one_lane, 30)[1] <= 10
    assert _lane_share(spread, 30)[0] == pytest.approx(0.3)


def test_gels_sharing_only_their_ladder_lane_are_rejected():
    # Unrelated gels agree on their marker lane (same sizes, same place) and nowhere
    # else: no finding, even though the lane's pixels are the same.
    a = content.make_panel("gel", np.random.default_rng(3), (240, 320))
    b = content.make_panel("gel", np.random.default_rng(4), (240, 320)).copy()
    b[:, :48] = a[:, :48]
    assert verify_pair(fingerprint_image(a), fingerprint_image(b)) is None


def _bar_chart(heights: np.ndarray, quality: int = 60) -> np.ndarray:
    """A bar chart saved as JPEG: axes, tick and group labels fixed, bar heights given.

    The bars have a stippled fill (one pattern for every chart of the style), so
    they are textured like image content while the page around them stays white.
    """
    image = np.full((300, 560, 3), 255, np.uint8)
    font = cv2.FONT_HERSHEY_SIMPLEX
    cv2.line(image, (50, 20), (50, 260), (0, 0, 0), 2)
    cv2.line(image, (50, 260), (550, 260), (0, 0, 0), 2)
    for value in range(0, 125, 25):
        y = 260 - 2 * value
        cv2.line(image, (44, y), (50, y), (0, 0, 0), 2)
        cv2.putText(image, str(value), (12, y + 4), font, 0.4, (0, 0, 0), 1, cv2.LINE_AA)
    for group in range(2):
        cv2.putText(image, f"{24 * (group + 1)} hours", (144 + group * 248, 285), font,
                    0.45, (0, 0, 0), 1, cv2.LINE_AA)
    stipple = np.random.default_rng(0).normal(0, 20, image.shape[:2])[..., None]
    colours = [(60, 60, 60), (90, 180, 90), (80, 160, 80), (200, 130, 130)]
    for group in range(2):
        for bar, colour in enumerate(colours):
            x, top = 64 + group * 248 + bar * 58, 260 - int(2 * heights[group, bar])
            fill = np.array(colour) + stipple[top:259, x:x + 53]
            image[top:259, x:x + 53] = np.clip(fill, 0, 255).astype(np.uint8)
            cv2.line(image, (x + 26, top - 12), (x + 26, top), (0, 0, 0), 1)
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(data, cv2.IMREAD_UNCHANGED)


def test_jpeg_charts_of_one_layout_are_not_copies():
    # Two bar charts of one experiment (NAR Fig 8 in the real papers): same axes, labels,
    # colours and bar places, other bar heights. Their textured, JPEG'd bars read as
    # image content and agree where they overlap; the ink must still be identical.
    rng = np.random.default_rng(8)
    heights = rng.uniform(30, 110, (2, 4))
    other = np.clip(heights + rng.uniform(-25, 25, heights.shape), 3, 115)
    a, b = fingerprint_image(_bar_chart(heights)), fingerprint_image(_bar_chart(other))
    assert verify_pair(a, b) is None
    # The look-alike passes every other test: the ink identity is what rejects it.
    assert verify_pair(a, b, VerifyConfig(chart_identity=0.0)) is not None
    # A copy of the chart, rescaled and saved again, is still found.
    copy = cv2.resize(_bar_chart(heights), (504, 270), interpolation=cv2.INTER_AREA)
    found = verify_pair(a, fingerprint_image(copy))
    assert found is not None and found.overlap_a > 0.9


def test_shared_end_of_two_wide_short_panels_is_found():
    # Two wide, short crops of one tissue field sharing a third of their width: the
    # agreeing evidence sits in one column band, but the band is wider than the panel
    # is tall, so it is a block of image, not a gel lane.
    field = content.make_field("tissue", np.random.default_rng(1), (110, 900))
    a, b = field[:, :520], field[:, 350:870]
    found = verify_pair(fingerprint_image(a), fingerprint_image(b))
    assert found is not None
    assert found.region_a[0] == pytest.approx(350, abs=8) and found.region_a[2] == 520
    assert found.region_b[0] == pytest.approx(0, abs=8)
    assert found.transform.flip is None and found.transform.rotation == 0
