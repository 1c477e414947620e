"""Verified correspondences → :class:`~forensics.model.Match`: named the way a reader
names them (figure and panel, page regions in points, duplicate / overlap / clone).
"""

from __future__ import annotations

from dataclasses import replace

from forensics.clones import Clone
from forensics.geometry import area, intersection, region_to_page
from forensics.model import BBox, Match, Panel, PanelRef, Transform
from forensics.verify import Correspondence


def panel_ref(panel: Panel) -> PanelRef:
    """How a finding names a panel: figure, letter, file, page and box."""
    return PanelRef(figure=panel.figure or "?", panel=panel.label, file=panel.file,
                    page=panel.page, bbox=panel.bbox)


def ref_key(ref: PanelRef) -> tuple:
    """A total order on panel references (findings are sorted by it)."""
    return (ref.file or "", ref.page or 0, ref.figure, ref.panel or "", ref.bbox or ())


def to_page(panel: Panel, region: tuple[float, float, float, float]) -> BBox:
    """Pixel region of the panel image → page points."""
    return region_to_page(panel.bbox, panel.image.shape, region)


def page_points(panel_a: Panel, panel_b: Panel, points) -> tuple[
        tuple[float, float, float, float], ...]:
    """Matched point pairs ``(xa, ya, xb, yb)`` in pixels of the two panels → page points."""
    out = []
    for xa, ya, xb, yb in points:
        pa = region_to_page(panel_a.bbox, panel_a.image.shape, (xa, ya, xa, ya))
        pb = region_to_page(panel_b.bbox, panel_b.image.shape, (xb, yb, xb, yb))
        out.append((float(pa[0]), float(pa[1]), float(pb[0]), float(pb[1])))
    return tuple(out)


def match_from(panel_a: Panel, panel_b: Panel, found: Correspondence,
               duplicate_overlap: float) -> Match:
    """The finding of a verified pair: a duplicate when the region covers
    ``duplicate_overlap`` of both panels, else an overlap."""
    kind = "duplicate" if min(found.overlap_a, found.overlap_b) >= duplicate_overlap \
        else "overlap"
    return Match(a=panel_ref(panel_a), b=panel_ref(panel_b), kind=kind, score=found.score,
                 transform=found.transform, inliers=found.inliers,
                 overlap_a=found.overlap_a, overlap_b=found.overlap_b,
                 region_a=to_page(panel_a, found.region_a),
                 region_b=to_page(panel_b, found.region_b),
                 points=page_points(panel_a, panel_b, found.points))


def clone_match(panel: Panel, clone: Clone) -> Match:
    """The finding of a region pasted twice inside one panel."""
    return Match(a=panel_ref(panel), b=panel_ref(panel), kind="clone", score=clone.score,
                 transform=Transform(), inliers=0, overlap_a=clone.share,
                 overlap_b=clone.share, region_a=to_page(panel, clone.region_a),
                 region_b=to_page(panel, clone.region_b))


def overlap_match(pa: Panel, pb: Panel, score: float, transform: Transform, inliers: int,
                  region_a: BBox, region_b: BBox,
                  points: tuple[tuple[float, float, float, float], ...] = ()) -> Match:
    """A finding of part of one panel repeated in another (page regions given); of
    the matched ``points`` (page points), those inside both regions are kept."""
    kept = tuple(p for p in points if _inside(p[:2], region_a) and _inside(p[2:], region_b))
    return Match(a=panel_ref(pa), b=panel_ref(pb), kind="overlap", score=score,
                 transform=transform, inliers=inliers,
                 overlap_a=area(region_a) / area(pa.bbox),
                 overlap_b=area(region_b) / area(pb.bbox), region_a=region_a,
                 region_b=region_b, points=kept)


def in_panels(match: Match, panel_a: Panel, panel_b: Panel, duplicate_overlap: float) -> Match:
    """A finding between two images printed inside panels, named by those panels: its
    regions stay where they are, its shares are of the panels; two images of one panel
    make a clone."""
    share_a = area(match.region_a) / area(panel_a.bbox) if match.region_a else 0.0
    share_b = area(match.region_b) / area(panel_b.bbox) if match.region_b else 0.0
    if panel_a is panel_b:
        kind = "clone"
    else:
        kind = "duplicate" if min(share_a, share_b) >= duplicate_overlap else "overlap"
    return replace(match, a=panel_ref(panel_a), b=panel_ref(panel_b), kind=kind,
                   overlap_a=min(1.0, share_a), overlap_b=min(1.0, share_b))


def _inside(point, box: BBox, slack: float = 0.5) -> bool:
    return (box[0] - slack <= point[0] <= box[2] + slack
            and box[1] - slack <= point[1] <= box[3] + slack)


def same_place(a: Panel, b: Panel) -> bool:
    """Whether two panels overlap on the same page (more than a fifth of the smaller):
    two boxes over one part of a page, a split artefact, not a copy."""
    if a.file != b.file or a.page != b.page:
        return False
    return intersection(a.bbox, b.bbox) > 0.2 * min(area(a.bbox), area(b.bbox))


def regions_overlap(match: Match) -> bool:
    """Whether the two regions of a match share part of one page: pixels compared with
    themselves (two panel boxes cut across one image), not a copy."""
    a, b = match.a, match.b
    ra, rb = match.region_a, match.region_b
    if a.file != b.file or a.page != b.page or ra is None or rb is None:
        return False
    return intersection(ra, rb) > 0.05 * min(area(ra), area(rb))
