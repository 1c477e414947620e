"""bench/realplant.py: a copy planted into a real paper lands where its truth says, and the
benchmark counts a finding over it (skipped when ../shared/real-papers is absent)."""

from __future__ import annotations

import cv2
import numpy as np
import pymupdf
import pytest

from bench.planner import make_edited_copy
from bench.real import half_of
from bench.realplant import count_plants, finding_sides, transform_right
from forensics.model import Match, PanelRef, Transform
from tests.conftest import REAL_PAPERS

PAPER = "10.3390_cancers14194849.pdf"  # tuning half: histology and bioluminescence photos


def _render(doc, side, dpi: int = 200) -> np.ndarray:
    pix = doc[side.page - 1].get_pixmap(clip=pymupdf.Rect(side.rect), dpi=dpi,
                                        colorspace=pymupdf.csGRAY, alpha=False)
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Correlation of the detail (a difference of Gaussians): blurred a little because each
    side is rendered on its own pixel grid, shading removed because it agrees either way."""
    b = cv2.resize(b, (a.shape[1], a.shape[0]), interpolation=cv2.INTER_AREA)
    a, b = (cv2.GaussianBlur(x.astype(np.float32), (0, 0), 1.2)
            - cv2.GaussianBlur(x.astype(np.float32), (0, 0), 5.0) for x in (a, b))
    a, b = a[2:-2, 2:-2].astype(float).ravel(), b[2:-2, 2:-2].astype(float).ravel()
    return float(np.corrcoef(a, b)[0, 1])


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    path = REAL_PAPERS / PAPER
    if not path.exists():
        pytest.skip(f"{path} is not present (../shared/real-papers)")
    assert half_of(PAPER) == "tune"
    out = tmp_path_factory.mktemp("realplant") / PAPER
    plants, notes = make_edited_copy(path, out, 1, seed=3, kinds=["clone"],
                                     transforms=["flip_h"])
    return path, out, plants, notes


def test_a_planted_clone_lands_on_the_image_where_the_truth_says(planted):
    path, out, plants, notes = planted
    assert len(plants) == 1, notes
    plant = plants[0]
    assert (plant.kind, plant.transform, plant.flip, plant.rotation) == \
        ("clone", "flip_h", "horizontal", 0.0)
    assert plant.source.file == plant.target.file == PAPER
    assert plant.source.page == plant.target.page
    with pymupdf.open(out) as edited, pymupdf.open(path) as original:
        page = edited[plant.target.page - 1]
        placed = [r for info in page.get_images() for r in page.get_image_rects(info[0])]
        for side in (plant.source, plant.target):
            rect = pymupdf.Rect(side.rect)
            assert any(r.contains(rect) for r in placed), f"{side} lies on no image"
        source, target = _render(edited, plant.source), _render(edited, plant.target)
        # The target shows the source mirrored left to right, on the page as rendered
        # (re-encoded as JPEG at the image's quality, and resampled by the renderer).
        mirrored = _correlation(target, source[:, ::-1])
        assert mirrored > 0.6
        assert _correlation(target, source) < mirrored - 0.3
        # ... and it did not before: the paste changed the page there.
        assert _correlation(_render(original, plant.target), target) < 0.5
        # The source is untouched (but for the image's JPEG re-encoding at its quality).
        assert np.abs(_render(original, plant.source).astype(int) - source).mean() < 6


def _match(plant, a_rect, b_rect, transform: Transform) -> Match:
    a = PanelRef(figure="6", panel="A", file=f"/tmp/x/{plant.source.file}",
                 page=plant.source.page, bbox=a_rect)
    b = PanelRef(figure="6", panel="A", file=f"/tmp/x/{plant.target.file}",
                 page=plant.target.page, bbox=b_rect)
    return Match(a=a, b=b, kind="clone", score=0.9, transform=transform, inliers=20,
                 overlap_a=1.0, overlap_b=1.0, region_a=a_rect, region_b=b_rect)


def test_the_benchmark_counts_a_finding_over_the_planted_rectangles(planted):
    plant = planted[2][0]
    truth = plant.to_json()
    s, t = plant.source.rect, plant.target.rect
    pad = 0.2 * (s[2] - s[0])
    loose = (s[0] - pad, s[1] - pad, s[2] + pad, s[3] + pad)
    flip = Transform(flip="horizontal")
    findings = []
    for m in (_match(plant, loose, t, flip), _match(plant, t, s, flip),
              _match(plant, t, s, Transform()),
              _match(plant, (1.0, 1.0, 20.0, 20.0), t, flip)):
        findings.append({"sides": finding_sides(m), "transform": {
            "flip": m.transform.flip, "rotation": m.transform.rotation}})
    for k, expected in enumerate([True, True, True, False]):
        tally = count_plants([findings[k]], [truth])
        assert tally["found"] == [expected]
        assert tally["false"] == ([] if expected else [0])
    assert count_plants([findings[0]], [truth])["outlined"] == [True]
    assert count_plants([findings[1]], [truth])["named"] == [True]  # reversed, mirror = own inverse
    assert count_plants([findings[2]], [truth])["named"] == [False]  # no flip named


def test_a_turn_named_from_the_other_side_is_its_inverse():
    plant = {"flip": None, "rotation": 90.0}
    assert transform_right({"flip": None, "rotation": 90.0}, plant, 1)
    assert transform_right({"flip": None, "rotation": 270.0}, plant, -1)
    assert not transform_right({"flip": None, "rotation": 90.0}, plant, -1)
    assert transform_right({"flip": None, "rotation": -6.5}, {"flip": None, "rotation": -5.0}, 1)
