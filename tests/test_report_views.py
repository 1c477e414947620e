"""What the HTML report's cards are made of: the matched points a finding carries, the
alignment and difference image of its two sides, the orientation map that places
points on a turned crop, and crops from stored panel pixels when the PDF is gone.

The images are textures drawn here (a copy is the same texture flipped, turned or
rescaled with OpenCV; a look-alike is another texture of the same kind) and the
canonical miR-31 case run through the real pipeline.
"""

from __future__ import annotations

import numpy as np
import pytest

import forensics
from forensics.fixtures import canonical
from forensics.geometry import area
from forensics.model import Match, Panel, PanelRef, Transform
from forensics.report.crops import (
    Crop,
    PageRenderer,
    cut_side,
    orientation_map,
    panel_key,
    to_first_orientation,
)
from forensics.report.difference import difference_image, page_alignment


def _texture(seed: int, size: int = 160) -> np.ndarray:
    """Blurred noise with blobs: grain and shapes, as a micrograph has."""
    import cv2

    rng = np.random.default_rng(seed)
    noise = rng.normal(128, 60, (size, size)).astype(np.float32)
    image = cv2.GaussianBlur(noise, (0, 0), 2.0) * 2.5 - 190
    return cv2.cvtColor(np.clip(image, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2RGB)


def _match(points=(), transform=None, region_a=(0.0, 0.0, 80.0, 80.0),
           region_b=(200.0, 0.0, 280.0, 80.0), kind="duplicate") -> Match:
    return Match(a=PanelRef("1", "A", "x.pdf", None, 1, region_a),
                 b=PanelRef("1", "B", "x.pdf", None, 1, region_b), kind=kind, score=1.0,
                 transform=transform or Transform(), inliers=len(points), overlap_a=1.0,
                 overlap_b=1.0,
                 region_a=region_a, region_b=region_b, points=tuple(points))


def _flipped_copy(seed: int = 1):
    """Side a (80 pt at 2 px/pt) and side b: the same pixels flipped left to right and
    printed at 1.5 px/pt, placed at x = 200 pt; matched points in page points."""
    import cv2

    image_a = _texture(seed)
    image_b = cv2.resize(image_a[:, ::-1], (120, 120), interpolation=cv2.INTER_AREA)
    crop_a, crop_b = Crop(image_a, (0.0, 0.0), 2.0), Crop(image_b, (200.0, 0.0), 1.5)
    points = [(x, y, 200.0 + 80.0 - x, y) for x, y in ((10, 12), (70, 20), (40, 66), (22, 50))]
    return crop_a, crop_b, points


def test_alignment_from_points_keeps_the_flip():
    _, _, points = _flipped_copy()
    matrix = page_alignment(_match(points, Transform(flip="horizontal")))
    assert matrix is not None
    mapped = np.array([p[:2] for p in points]) @ matrix[:, :2].T + matrix[:, 2]
    assert np.abs(mapped - np.array([p[2:] for p in points])).max() < 0.01
    assert np.linalg.det(matrix[:, :2]) < 0  # a reflection


def test_alignment_from_regions_without_points():
    # A copy at twice the size, turned a quarter anticlockwise: region b is 160 pt.
    m = _match((), Transform(rotation=90, scale=2.0), (0, 0, 80, 80), (300, 0, 460, 160))
    matrix = page_alignment(m)
    corners = np.array([[0.0, 0.0], [80.0, 80.0]]) @ matrix[:, :2].T + matrix[:, 2]
    assert sorted(corners[:, 0].round(3)) == [300.0, 460.0]
    assert sorted(corners[:, 1].round(3)) == [0.0, 160.0]


def test_difference_is_dark_for_a_copy_and_bright_for_a_look_alike():
    crop_a, crop_b, points = _flipped_copy()
    copy = difference_image(crop_a, crop_b, _match(points, Transform(flip="horizontal")))
    import cv2

    other = Crop(cv2.resize(_texture(2)[:, ::-1], (120, 120), interpolation=cv2.INTER_AREA),
                 (200.0, 0.0), 1.5)
    look_alike = difference_image(crop_a, other, _match(points, Transform(flip="horizontal")))
    assert copy is not None and look_alike is not None
    assert copy.image.shape[:2] == (160, 160)  # region a, in a's pixels
    assert copy.mean < 0.15 * copy.contrast
    assert look_alike.mean > 0.5 * look_alike.contrast
    assert look_alike.mean > 4 * copy.mean


def test_difference_of_a_clone_inside_one_panel():
    image = _texture(3, 200)
    image[120:180, 110:170] = image[10:70, 20:80]  # a region pasted twice (2 px/pt)
    crop = Crop(image, (0.0, 0.0), 2.0)
    clone = _match((), Transform(), (10.0, 5.0, 40.0, 35.0), (55.0, 60.0, 85.0, 90.0), "clone")
    found = difference_image(crop, crop, clone)
    assert found is not None and found.mean < 0.05 * found.contrast
    elsewhere = _match((), Transform(), (10.0, 5.0, 40.0, 35.0), (55.0, 5.0, 85.0, 35.0), "clone")
    assert difference_image(crop, crop, elsewhere).mean > 0.5 * found.contrast


@pytest.mark.parametrize("transform", [
    Transform(rotation=90), Transform(rotation=-90), Transform(rotation=180),
    Transform(flip="horizontal"), Transform(flip="vertical"),
    Transform(rotation=90, flip="horizontal"), Transform(rotation=30)])
def test_orientation_map_follows_the_turned_image(transform):
    image = np.full((40, 60, 3), 60, np.uint8)
    image[9:12, 44:47] = (255, 0, 0)  # a red spot centred on (45.5, 10.5), continuous pixels
    turned = to_first_orientation(image, transform)
    matrix = orientation_map(image.shape, transform)
    x, y = matrix @ np.array([45.5, 10.5, 1.0])
    rows, cols = np.nonzero((turned[..., 0] > 120) & (turned[..., 1] < 100))
    assert abs(cols.mean() + 0.5 - x) < 1.0 and abs(rows.mean() + 0.5 - y) < 1.0


@pytest.fixture(scope="module")
def canonical_case(tmp_path_factory):
    out = tmp_path_factory.mktemp("views")
    canonical.main(["--out", str(out)])
    return out, forensics.compare(out / "mir31.pdf", out / "lifesci.pdf")


def test_findings_carry_matched_points_inside_both_regions(canonical_case):
    out, report = canonical_case
    assert report.matches
    for m in report.matches:
        assert 3 <= len(m.points) <= 12
        for xa, ya, xb, yb in m.points:
            assert m.region_a[0] - 1 <= xa <= m.region_a[2] + 1
            assert m.region_a[1] - 1 <= ya <= m.region_a[3] + 1
            assert m.region_b[0] - 1 <= xb <= m.region_b[2] + 1
            assert m.region_b[1] - 1 <= yb <= m.region_b[3] + 1
        # The points agree with the finding's transform: distances scale alike.
        points = np.array(m.points)
        spread_a = np.linalg.norm(points[:, :2] - points[:, :2].mean(0), axis=1).sum()
        spread_b = np.linalg.norm(points[:, 2:] - points[:, 2:].mean(0), axis=1).sum()
        ratio = np.sqrt(area(m.region_b) / area(m.region_a))
        assert spread_b / spread_a == pytest.approx(ratio, rel=0.08)
    swapped = forensics.compare(out / "lifesci.pdf", out / "mir31.pdf")
    assert sorted(tuple(p[2:] + p[:2]) for m in swapped.matches for p in m.points) == \
        sorted(tuple(p) for m in report.matches for p in m.points)


def test_crops_fall_back_to_stored_panel_pixels(canonical_case, tmp_path):
    out, report = canonical_case
    m = report.matches[0]
    with PageRenderer() as renderer:
        from_page = cut_side(renderer, m.a)
    assert from_page is not None and from_page.source == "page"
    x0, y0, x1, y1 = m.a.bbox
    rows = round(100 * (y1 - y0) / (x1 - x0))  # the panel's pixels, as square as the page's
    panel = Panel(file=m.a.file, figure=m.a.figure, label=m.a.panel, page=m.a.page,
                  bbox=m.a.bbox, image=np.full((rows, 100, 3), 77, np.uint8))
    with PageRenderer({m.a.file: tmp_path / "moved-away.pdf"}) as renderer:
        assert cut_side(renderer, m.a) is None
        stored = cut_side(renderer, m.a, {panel_key(m.a.file, m.a.page, m.a.bbox): panel})
    assert stored is not None and stored.source == "stored"
    assert stored.image.shape == (rows, 100, 3) and (stored.image == 77).all()
    corner = stored.to_pixels(np.array([[x1, y1]]))[0]
    assert corner == pytest.approx([100, rows], abs=1.0)


def test_audit_html_report_shows_both_sides_after_the_pdfs_moved(corpus, tmp_path):
    """``forensics audit --html`` crops the pages; once the PDFs are moved away,
    ``forensics report --db --html`` shows each side from the panel pixels the store
    kept, with a note saying so, instead of 'page image unavailable'."""
    import shutil

    from click.testing import CliRunner

    from forensics.cli import main

    folder, _ = corpus
    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(folder / "paper_003.pdf", papers)  # holds a copy inside one figure
    db, before, after = tmp_path / "audit.sqlite", tmp_path / "before.html", tmp_path / "after.html"
    runner = CliRunner()
    audited = runner.invoke(main, ["audit", str(papers), "--db", str(db), "-j", "1",
                                   "--html", str(before), "-q"])
    assert audited.exit_code == 0, audited.output
    findings = before.read_text().count("<section class='finding'")
    assert findings > 0
    assert "audit stored" not in before.read_text()
    shutil.move(papers, tmp_path / "elsewhere")
    reported = runner.invoke(main, ["report", "--db", str(db), "--html", str(after), "-q"])
    assert reported.exit_code == 0, reported.output
    text = after.read_text()
    assert text.count("<section class='finding'") == findings
    assert "Page image unavailable" not in text
    assert text.count("class='panel side-a") == findings  # one per card, clones too
    assert text.count("the panel pixels the audit stored") >= findings
    assert text.count("<figure class='difference'><img") == findings
    from forensics.batch import stored_report

    stored = stored_report(db, with_pixels=True)
    sides = {panel_key(r.file, r.page, r.bbox) for m in stored.matches for r in (m.a, m.b)}
    kept = {panel_key(p.file, p.page, p.bbox) for r in stored.papers for p in r.panels
            if p.image.size > 1}
    assert kept == sides  # only the panels a card shows carry their pixels
