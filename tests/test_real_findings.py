"""Findings on clean real papers of the tuning half, as docs/real-findings.md judges
them: what broke once stays fixed, and the one undeclared repeat stays found
(skipped without ../shared/real-papers)."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from forensics import Panel, Settings, find_duplicates, read_panels
from forensics.fingerprint import fingerprint_panel
from forensics.geometry import inside, page_to_region
from forensics.pairs import verify_panels
from forensics.tiles import crop_unit

REAL_PAPERS = Path(__file__).resolve().parents[2] / "shared" / "real-papers"


def _findings(name: str):
    path = REAL_PAPERS / name
    if not path.exists():
        pytest.skip(f"{path} is not present (../shared/real-papers)")
    return list(_scanned(path))


@functools.lru_cache(maxsize=4)
def _scanned(path: Path) -> tuple:
    """Findings of one paper, read once for the tests that ask about it."""
    return tuple(find_duplicates(read_panels(path).panels))


def test_concentration_wedges_over_gels_are_not_a_reused_strip():
    """Six gels, each under the same grey wedge of concentrations: the wedges are as
    wide and low as blot strips but are smooth one-axis ramps, not image data."""
    assert _findings("10.1093_nar_gkae212.pdf") == []


def test_schematic_mouse_drawn_in_every_panel_is_not_a_copy():
    """A shaded drawing of a mouse beside each survival curve of Fig 3 has no page
    white to call it line art, but the panels are graphics: not searched."""
    findings = _findings("10.1126_science.aba1624.pdf")
    assert [m for m in findings if m.a.figure == "3" or m.b.figure == "3"] == []


def test_control_lanes_shown_in_two_figures_are_found():
    """The WT and delta-10 lanes of the primer-extension gel of Fig 5C reappear, dust
    specks and all, in Fig 6C, which its legend does not say. The gel is a blot-like
    panel, mostly white round its lanes and labels, once never compared."""
    findings = _findings("10.1093_nar_gkae222.pdf")
    pairs = {frozenset({(m.a.figure, m.a.panel), (m.b.figure, m.b.panel)}) for m in findings}
    assert frozenset({("5", "C"), ("6", "C")}) in pairs


def test_chromatogram_rows_of_one_sequence_are_not_a_copy():
    """Two rows of Sanger traces of one sequence (Fig 4): coloured peaks over light
    fills are continuous tone by area, but the panel is a chart and the region reads
    as graphics beyond doubt."""
    findings = _findings("10.1186_s12915-024-01918-w.pdf")
    assert [m for m in findings if m.a.figure == "4" and m.b.figure == "4"] == []


def test_header_bar_of_flat_grey_boxes_is_not_a_copy():
    """The header bar over the gradients of Fig 5D and Fig 6A (two flat grey boxes with
    the strain names, one in the raster) is drawn: it was classed image data, its
    print read as fine texture, and the two bars were reported as one image."""
    findings = _findings("10.1093_nar_gkae222.pdf")
    places = {(m.a.figure, m.a.panel) for m in findings} | {(m.b.figure, m.b.panel)
                                                           for m in findings}
    assert ("5", "D") not in places and ("6", "A") not in places


#: Where the yellow triangles marking the +3 and +7 products stand beside the gels of
#: 10.1093/nar/gkae222 (page: box in points).
MARKERS = {7: (270, 540, 305, 635), 9: (355, 265, 380, 325), 10: (332, 255, 368, 350),
           11: (525, 100, 560, 160)}


def test_marker_triangles_beside_several_gels_are_not_a_copy():
    """The same two triangles, "+7" and "+3", are drawn beside four gels: their
    keypoints match in several places, marks printed again and again, not a region
    pasted once (regression: the keypoint search for pasted regions paired them)."""
    def on_marker(ref, region) -> bool:
        box = MARKERS.get(ref.page)
        return box is not None and region is not None and inside(region, box)
    findings = _findings("10.1093_nar_gkae222.pdf")
    assert [m for m in findings if on_marker(m.a, m.region_a) and on_marker(m.b, m.region_b)
            ] == []


def test_look_alike_lanes_of_two_blots_are_not_a_copy():
    """Two blot stacks of Fig 1 (page 3) show lanes of one layout: keypoints on the
    band edges agree, and the crops scored 0.98 as a copy. Their fine detail agrees as
    well one lane over as aligned, and each stack agrees with itself one lane over
    better than with the other: the layout, not the pixels."""
    path = REAL_PAPERS / "10.1038_s41467-024-46676-z.pdf"
    if not path.exists():
        pytest.skip(f"{path} is not present (../shared/real-papers)")
    settings = Settings()
    panels = read_panels(path).panels

    def crop(region: tuple[float, float, float, float]) -> Panel:
        panel = next(p for p in panels if p.page == 3 and inside(region, p.bbox))
        return crop_unit(panel, page_to_region(panel.bbox, panel.image.shape, region))

    a, b = crop((382, 78, 409, 154)), crop((347, 78, 373, 155))
    fa, fb = (fingerprint_panel(u, settings.fingerprint) for u in (a, b))
    assert verify_panels(a, fa, b, fb, settings.verify) is None
