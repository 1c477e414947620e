"""Overlapping crops of one field: the shared band found by its shift (forensics.shifts)."""

import itertools

import cv2
import numpy as np
import pytest

from forensics.detect import find_duplicates
from forensics.fixtures import content
from forensics.model import Panel
from forensics.shifts import chance_z, overlap_evidence, phase_peaks

_PAGES = itertools.count(1)


def _panel(image: np.ndarray, figure: str, label: str = "A") -> Panel:
    rows, cols = image.shape[:2]
    return Panel(file="x.pdf", figure=figure, label=label, page=next(_PAGES),
                 bbox=(50.0, 100.0, 50.0 + cols * 0.4, 100.0 + rows * 0.4), image=image)


@pytest.mark.parametrize("shift", [(37, 12), (-80, 25), (5, -60)])
def test_phase_peaks_give_the_shift_of_a_shared_part(shift):
    rng = np.random.default_rng(1)
    field = cv2.cvtColor(content.make_field("tissue", rng, (300, 400)), cv2.COLOR_RGB2GRAY)
    dx, dy = shift
    a = field[100:220, 100:300]
    b = field[100 + dy:220 + dy, 100 + dx:300 + dx]
    assert phase_peaks(a, b)[0] == (dx, dy)
    assert overlap_evidence(a, b, dx, dy) > chance_z(1000)


def test_unrelated_fields_agree_within_chance_at_every_peak():
    rng = np.random.default_rng(2)
    a, b = (cv2.cvtColor(content.make_field("tissue", rng, (120, 200)), cv2.COLOR_RGB2GRAY)
            for _ in range(2))
    assert all(overlap_evidence(a, b, dx, dy) < chance_z(3)
               for dx, dy in phase_peaks(a, b))


@pytest.mark.parametrize("seed", [0, 1, 2, 4])
def test_crops_sharing_only_a_band_along_their_borders_are_an_overlap(seed):
    # A wide, low crop of a tissue field (373 x 68 px) and a taller one (379 x 197)
    # shifted 138 px right and 27 px down share a 235 x 41 px band, the first's
    # bottom right and the second's top left, where ORB finds almost no keypoint
    # (a regression: such overlaps in generated figures were missed, keypoints
    # matching 1 of 76 pairs there).
    rng = np.random.default_rng(seed)
    field = content.make_field("tissue", rng, (400, 700))
    first = field[50:118, 50:423]
    second = field[77:274, 188:567]
    others = [content.make_panel(kind, rng, (197, 379)) for kind in ("tissue", "fluorescence")]
    panels = [_panel(first, "2", "A"), _panel(second, "2", "E")] + [
        _panel(image, "3", label) for image, label in zip(others, "BC")]
    matches = find_duplicates(panels)
    assert [(m.kind, m.a.panel, m.b.panel) for m in matches] == [("overlap", "A", "E")]
    match = matches[0]
    assert match.transform.rotation == 0 and match.transform.flip is None
    # The band in page points (0.4 pt per px): from (138, 27) px of A to its corner.
    x0, y0, x1, y1 = match.region_a
    assert x0 == pytest.approx(50 + 0.4 * 138, abs=3) and y0 == pytest.approx(100 + 0.4 * 27, abs=3)
    assert x1 == pytest.approx(50 + 0.4 * 373, abs=3) and y1 == pytest.approx(100 + 0.4 * 68, abs=3)
