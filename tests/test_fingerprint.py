"""Fingerprints: deterministic, orientation-aware, stable across versions (golden values)."""

import numpy as np
import pytest

from forensics.fingerprint import (
    ALGORITHM,
    MAX_WORK_SIDE,
    ORIENTATIONS,
    FingerprintConfig,
    fingerprint_image,
    hamming_distance,
    orient,
    perceptual_hashes,
    to_gray,
)
from forensics.fixtures import content


def _panel(seed: int = 3, kind: str = "tissue") -> np.ndarray:
    return content.make_panel(kind, np.random.default_rng(seed), (200, 240))


def test_fingerprint_is_deterministic():
    image = _panel()
    a, b = fingerprint_image(image), fingerprint_image(image)
    assert a.algorithm == ALGORITHM
    assert np.array_equal(a.phash, b.phash)
    assert np.array_equal(a.descriptors, b.descriptors)
    assert np.array_equal(a.mirror_descriptors, b.mirror_descriptors)


def test_golden_hashes():
    # A stored index is valid only while these stay equal: a change must be deliberate
    # (bump fingerprint.ALGORITHM) and update the pinned values.
    y, x = np.mgrid[0:64, 0:96]
    wave = (127 + 60 * np.sin(x / 7.0) + 60 * np.cos(y / 5.0 + x / 11.0)).astype(np.uint8)
    checker = ((np.indices((64, 96)).sum(axis=0) // 8) % 2 * 200 + 20).astype(np.uint8)
    assert [int(h) for h in perceptual_hashes(wave)[:2]] == [
        509478151620786207, 16234035522819137205]
    assert [int(h) for h in perceptual_hashes(checker)[:2]] == [
        1152939097061330945, 12249978636421081601]


@pytest.mark.parametrize("index", range(8))
def test_dct_orientations_equal_hashing_the_oriented_image(index):
    gray = to_gray(_panel(5, "fluorescence"))
    mirror, turns = ORIENTATIONS[index]
    direct = perceptual_hashes(orient(gray, mirror, turns))[0]
    assert int(np.bitwise_count(direct ^ perceptual_hashes(gray)[index])) <= 2


@pytest.mark.parametrize("name", ["flip_h", "flip_v", "rot90", "rot180", "rot270"])
def test_orientation_invariant_distance(name):
    image = _panel(7)
    copy, _ = content.apply_transform(image, name, np.random.default_rng(0))
    assert hamming_distance(fingerprint_image(image), fingerprint_image(copy)) <= 4


def test_mirror_set_is_aligned_with_direct_set():
    fp = fingerprint_image(_panel(11))
    width = fp.gray.shape[1]
    assert len(fp.points) == len(fp.mirror_points) > 50
    assert np.allclose(fp.mirror_points[:, 0], width - 1 - fp.points[:, 0], atol=1e-3)


def test_work_image_size_and_blank_panel():
    # Small panels are enlarged to work_side (at most max_upscale), large ones reduced to
    # MAX_WORK_SIDE, and those between kept as they are.
    config = FingerprintConfig(work_side=256)
    for rows, longest in ((100, 200), (600, 600), (1200, MAX_WORK_SIDE)):
        fp = fingerprint_image(np.full((rows, rows // 2, 3), 255, np.uint8), config)
        assert max(fp.gray.shape) == longest
    assert fp.keypoint_count == 0  # a blank panel has no keypoints, and that is fine


def test_rejects_bad_input():
    with pytest.raises(TypeError):
        fingerprint_image(np.zeros((50, 50, 3), np.float32))
    with pytest.raises(ValueError):
        fingerprint_image(np.zeros((4, 50, 3), np.uint8))


def test_thin_blot_strip_keeps_keypoints():
    # A strip 40 px high and 570 wide would be 22 px high at work_side 320: narrower
    # than one ORB patch, so no keypoints and no way to find it reused.
    blot, boxes = content.make_blot(np.random.default_rng(4), 10, 1, shape=(44, 570))
    fp = fingerprint_image(blot)
    assert min(fp.gray.shape) >= 80
    assert fp.keypoint_count > 50


def test_a_panel_compared_again_is_not_fingerprinted_again():
    """An audit fingerprints one stored panel in its paper's scan, for its corpus keys and
    in every comparison naming it (each time a new Panel, read back from the store): the
    same pixels and settings give the one fingerprint, whose arrays no caller can change;
    other pixels or other settings give their own."""
    from forensics.fingerprint import fingerprint_panel
    from forensics.model import Panel

    image = _panel(seed=11)

    def read_back(pixels: np.ndarray) -> Panel:
        return Panel(file="x.pdf", figure="1", label="A", page=1, bbox=(0.0, 0.0, 120.0, 100.0),
                     image=pixels.copy())

    first = fingerprint_panel(read_back(image))
    assert fingerprint_panel(read_back(image)) is first
    assert not first.descriptors.flags.writeable and not first.gray.flags.writeable
    changed = image.copy()
    changed[0, 0] ^= 1
    assert fingerprint_panel(read_back(changed)) is not first
    assert fingerprint_panel(read_back(image), FingerprintConfig(work_side=160)) is not first


def test_stored_keypoints_give_back_the_same_fingerprint():
    """An audit keeps each panel's keypoints, so that comparing it with later papers
    does not search its pixels again: read back with the pixels, they are the
    fingerprint made from the pixels, array for array."""
    from forensics.fingerprint import keypoints_from_bytes, keypoints_to_bytes

    for kind, shape in (("tissue", (200, 240)), ("fluorescence", (420, 900)),
                        ("blot", (44, 570))):
        image = content.make_panel(kind, np.random.default_rng(5), shape)
        made = fingerprint_image(image)
        back = keypoints_from_bytes(keypoints_to_bytes(made), image, made.phash)
        assert (back.shape, back.work_scale) == (made.shape, made.work_scale)
        for name in ("phash", "points", "descriptors", "mirror_points",
                     "mirror_descriptors", "gray"):
            a, b = getattr(made, name), getattr(back, name)
            assert a.dtype == b.dtype and np.array_equal(a, b), (kind, name)
    image = _panel()
    kept = keypoints_to_bytes(fingerprint_image(image))
    with pytest.raises(ValueError, match="do not fit"):
        keypoints_from_bytes(kept, image[:, :100], made.phash)
    with pytest.raises(ValueError, match="other settings"):
        keypoints_from_bytes(kept, image, made.phash, FingerprintConfig(work_side=640))
