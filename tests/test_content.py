"""Tests for forensics.fixtures.content: procedural panels and duplication transforms."""

from __future__ import annotations

import json

import numpy as np
import pytest

from forensics.fixtures.content import (
    FIELD_KINDS,
    KINDS,
    TRANSFORMS,
    apply_transform,
    make_blot,
    make_field,
    make_panel,
    make_strip,
    make_tissue,
)


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


@pytest.fixture(scope="module")
def photo() -> np.ndarray:
    """A textured non-symmetric test image with distinct pixel values."""
    return make_panel("tissue", _rng(7), (96, 128))


@pytest.mark.parametrize("kind", KINDS)
def test_panel_is_deterministic(kind):
    assert np.array_equal(make_panel(kind, _rng(3)), make_panel(kind, _rng(3)))
    assert np.array_equal(make_panel(kind, _rng(3), annotate=True),
                          make_panel(kind, _rng(3), annotate=True))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("shape", [(256, 256), (180, 300), (300, 140)])
def test_panel_shape_and_dtype(kind, shape):
    image = make_panel(kind, _rng(1), shape)
    assert image.shape == (*shape, 3)
    assert image.dtype == np.uint8
    assert image.flags["C_CONTIGUOUS"]
    assert image.std() > 3  # not blank


@pytest.mark.parametrize("kind", KINDS)
def test_seeds_give_different_panels(kind):
    images = [make_panel(kind, _rng(seed)).astype(float) for seed in range(4)]
    for i in range(len(images)):
        for j in range(i + 1, len(images)):
            assert np.abs(images[i] - images[j]).mean() > 2


def test_annotate_changes_pixels():
    for kind in ("blot", "fluorescence", "tissue", "gel"):
        plain = make_panel(kind, _rng(5))
        annotated = make_panel(kind, _rng(5), annotate=True)
        assert not np.array_equal(plain, annotated), kind


def test_unknown_kind_raises():
    with pytest.raises(ValueError, match="western"):
        make_panel("western", _rng(0))
    with pytest.raises(ValueError, match="chart"):
        make_field("chart", _rng(0), (300, 300))
    with pytest.raises(ValueError, match="shape"):
        make_panel("blot", _rng(0), (0, 10))


@pytest.mark.parametrize("kind", FIELD_KINDS)
def test_field(kind):
    field = make_field(kind, _rng(2), (400, 500))
    assert field.shape == (400, 500, 3) and field.dtype == np.uint8
    assert np.array_equal(field, make_field(kind, _rng(2), (400, 500)))
    left, right = field[:200, :250].astype(float), field[:200, 250:].astype(float)
    assert np.abs(left - right).mean() > 2


def test_skimage_tissue_source():
    a = make_tissue(_rng(0), (128, 160), source="skimage")
    assert a.shape == (128, 160, 3) and a.dtype == np.uint8
    assert np.array_equal(a, make_tissue(_rng(0), (128, 160), source="skimage"))
    with pytest.raises(ValueError, match="source"):
        make_tissue(_rng(0), source="web")


def test_strip():
    strip = make_strip(_rng(0), 6, 180, 30)
    assert strip.shape == (30, 180, 3) and strip.dtype == np.uint8
    assert np.array_equal(strip, make_strip(_rng(0), 6, 180, 30))
    # Dark bands on a light membrane.
    assert np.median(strip) > 150 and strip.min() < 120


def test_blot_layout_does_not_depend_on_seed():
    names = ["p-JNK", "JNK", "GAPDH"]
    a, boxes_a = make_blot(_rng(1), 6, names, shape=(200, 256))
    b, boxes_b = make_blot(_rng(2), 6, names, shape=(200, 256))
    assert a.shape == b.shape == (200, 256, 3)
    assert boxes_a == boxes_b
    assert len(boxes_a) == 3
    for x0, y0, x1, y1 in boxes_a:
        assert 0 <= x0 < x1 <= 256 and 0 <= y0 < y1 <= 200
    assert np.abs(a.astype(float) - b.astype(float)).mean() > 2
    # Strips are separated by white gaps.
    for (_, _, _, bottom), (_, top, _, _) in zip(boxes_a, boxes_a[1:], strict=False):
        assert top > bottom
        assert (a[bottom:top] == 255).all()


def test_blot_reused_strip_is_pixel_identical():
    first, boxes = make_blot(_rng(10), 8, ["p-AKT", "GAPDH"], shape=(160, 256), annotate=True)
    x0, y0, x1, y1 = boxes[1]
    control = first[y0:y1, x0:x1].copy()
    second, boxes2 = make_blot(_rng(11), 8, ["Bax", "GAPDH"], shape=(160, 256),
                               strip_images={1: control}, annotate=True)
    assert boxes2 == boxes
    assert np.array_equal(second[y0:y1, x0:x1], control)
    tx0, ty0, tx1, ty1 = boxes[0]
    assert not np.array_equal(second[ty0:ty1, tx0:tx1], first[ty0:ty1, tx0:tx1])
    # Without a shape the layout follows the strip.
    third, boxes3 = make_blot(_rng(12), 8, 3, strip_images={2: control})
    bx0, by0, bx1, by1 = boxes3[2]
    assert np.array_equal(third[by0:by1, bx0:bx1], control)


def test_blot_rejects_bad_strips():
    strip = make_strip(_rng(0), 6, 120, 20)
    with pytest.raises(ValueError, match="width"):
        make_blot(_rng(0), 6, 2, strip_images={0: strip, 1: strip[:, :100]})
    with pytest.raises(ValueError, match="index"):
        make_blot(_rng(0), 6, 2, strip_images={5: strip})
    with pytest.raises(ValueError, match="fit"):
        make_blot(_rng(0), 6, 2, shape=(100, 100), strip_images={0: strip})


def _check_matrix(source, out, info, tolerance=0.0):
    """Output pixel centres mapped back through the matrix land on the same values."""
    matrix = np.vstack([np.array(info["matrix"]), [0, 0, 1]])
    inverse = np.linalg.inv(matrix)
    rows, cols = out.shape[:2]
    ys, xs = np.mgrid[0:rows:7, 0:cols:5]
    points = np.stack([xs.ravel() + 0.5, ys.ravel() + 0.5, np.ones(xs.size)])
    back = inverse @ points
    sx = np.floor(back[0]).astype(int)
    sy = np.floor(back[1]).astype(int)
    assert (sx >= 0).all() and (sy >= 0).all()
    assert (sx < source.shape[1]).all() and (sy < source.shape[0]).all()
    diff = np.abs(source[sy, sx].astype(float) - out[ys.ravel(), xs.ravel()].astype(float))
    assert diff.mean() <= tolerance


def test_identical(photo):
    out, info = apply_transform(photo, "identical", _rng(0))
    assert np.array_equal(out, photo) and out is not photo
    assert info["rotation"] == 0 and info["flip"] is None and info["crop"] is None
    assert info["scale"] == 1.0 and info["parts"] == ["identical"]


@pytest.mark.parametrize(
    ("name", "expected", "rotation", "flip"),
    [
        ("flip_h", np.fliplr, 0, "horizontal"),
        ("flip_v", np.flipud, 0, "vertical"),
        ("rot90", lambda a: np.rot90(a, 1), 90, None),
        ("rot180", lambda a: np.rot90(a, 2), 180, None),
        ("rot270", lambda a: np.rot90(a, 3), 270, None),
    ],
)
def test_exact_geometric(photo, name, expected, rotation, flip):
    out, info = apply_transform(photo, name, _rng(0))
    assert np.array_equal(out, expected(photo))
    assert info["rotation"] == rotation and info["flip"] == flip
    assert info["scale"] == 1.0 and info["crop"] is None
    _check_matrix(photo, out, info)


def test_crop(photo):
    for seed in range(20):
        out, info = apply_transform(photo, "crop", _rng(seed))
        x0, y0, x1, y1 = info["crop"]
        assert 0.53 <= (x1 - x0) * (y1 - y0) <= 0.87
        rows, cols = photo.shape[:2]
        c0, r0 = round(x0 * cols), round(y0 * rows)
        c1, r1 = round(x1 * cols), round(y1 * rows)
        assert np.array_equal(out, photo[r0:r1, c0:c1])
        assert info["output_shape"] == list(out.shape[:2])
        _check_matrix(photo, out, info)


def test_rescaled(photo):
    for seed in range(10):
        out, info = apply_transform(photo, "rescaled", _rng(seed))
        assert 0.6 <= info["scale"] <= 1.6 and abs(info["scale"] - 1) >= 0.1
        assert out.shape[0] == round(photo.shape[0] * info["scale"])
        assert info["interpolation"] == ("area" if info["scale"] < 1 else "cubic")


def test_small_rotation_keeps_interior(photo):
    for seed in range(10):
        out, info = apply_transform(photo, "small_rotation", _rng(seed))
        assert 2 <= abs(info["rotation"]) <= 8
        matrix = np.vstack([np.array(info["matrix"]), [0, 0, 1]])
        rows, cols = out.shape[:2]
        corners = np.array([[0, 0, 1], [cols, 0, 1], [0, rows, 1], [cols, rows, 1]]).T
        back = np.linalg.inv(matrix) @ corners
        assert (back[0] >= 0).all() and (back[0] <= photo.shape[1]).all()
        assert (back[1] >= 0).all() and (back[1] <= photo.shape[0]).all()
        assert out.size >= 0.6 * photo.size
        _check_matrix(photo, out, info, tolerance=40)


def test_small_rotation_direction():
    # A bright dot right of centre moves up when rotated counter-clockwise.
    image = np.zeros((201, 201, 3), np.uint8)
    image[98:103, 160:165] = 255
    out, info = apply_transform(image, "small_rotation", _rng(1))
    rows, cols = np.nonzero(out[:, :, 0] > 100)
    up = rows.mean() < out.shape[0] / 2 - 1
    assert up == (info["rotation"] > 0)


def test_photometric(photo):
    out, info = apply_transform(photo, "jpeg", _rng(0))
    assert 40 <= info["jpeg_quality"] <= 75 and out.shape == photo.shape
    assert not np.array_equal(out, photo)
    out, info = apply_transform(photo, "grayscale", _rng(0))
    assert info["grayscale"] and (out[:, :, 0] == out[:, :, 1]).all()
    assert (out[:, :, 1] == out[:, :, 2]).all()
    out, info = apply_transform(photo, "tone", _rng(0))
    assert set(info["tone"]) == {"brightness", "contrast", "gamma"}
    assert out.shape == photo.shape


def test_combo(photo):
    for seed in range(30):
        out, info = apply_transform(photo, "combo", _rng(seed))
        assert len(info["parts"]) >= 2
        assert info["output_shape"] == list(out.shape[:2])
        if info["scale"] == 1.0 and "small_rotation" not in info["parts"]:
            tolerance = 0 if set(info["parts"]) <= {"crop", "flip_h", "flip_v", "rot90",
                                                     "rot180", "rot270"} else 60
            _check_matrix(photo, out, info, tolerance=tolerance)


@pytest.mark.parametrize("name", TRANSFORMS)
def test_descriptor_is_json_and_deterministic(photo, name):
    out, info = apply_transform(photo, name, _rng(4))
    again, info_again = apply_transform(photo, name, _rng(4))
    assert np.array_equal(out, again) and info == info_again
    assert json.loads(json.dumps(info)) == info
    assert info["name"] == name
    assert out.dtype == np.uint8 and out.ndim == 3 and out.shape[2] == 3
    keys = {"name", "parts", "flip", "rotation", "scale", "crop", "jpeg_quality", "tone",
            "grayscale", "interpolation", "matrix", "source_shape", "output_shape"}
    assert set(info) == keys


def test_transform_validation(photo):
    with pytest.raises(ValueError, match="spin"):
        apply_transform(photo, "spin", _rng(0))
    with pytest.raises(ValueError, match="uint8"):
        apply_transform(photo.astype(float), "identical", _rng(0))
