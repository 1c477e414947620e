"""Pair verification on procedural panels."""

import numpy as np
import pytest

from fixtures import content
from forensics.fingerprint import fingerprint_image
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
    assert found.transform == EXPECTED[name]
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
    assert _lane_share(one_lane, 30) == pytest.approx(1.0)
    assert _lane_share(spread, 30) == pytest.approx(0.3)


def test_gels_sharing_only_their_ladder_lane_are_rejected():
    # Unrelated gels agree on their marker lane (same sizes, same place) and nowhere
    # else: no finding, even though the lane's pixels are the same.
    a = content.make_panel("gel", np.random.default_rng(3), (240, 320))
    b = content.make_panel("gel", np.random.default_rng(4), (240, 320)).copy()
    b[:, :48] = a[:, :48]
    assert verify_pair(fingerprint_image(a), fingerprint_image(b)) is None
