"""Panel class (forensics.classify): image data against graphics, cue by cue, on
generated pixels, in a generated PDF read end to end, and on real papers."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest

from forensics import read_panels
from forensics.category import panel_category
from forensics.classify import MAX_PALETTE, classify_panel, image_score, panel_cues
from forensics.fixtures import content, variety
from forensics.fixtures.charts import chart_panel

REAL_PAPERS = Path(__file__).resolve().parents[2] / "shared" / "real-papers"
EXPECTED = Path(__file__).resolve().parent / "data" / "real_expected.json"
IMAGE_CLASSES = {"blot", "micrograph", "histology", "photograph", "image_other"}


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _colour_bar(rows: int = 200, cols: int = 24, cmap: int = cv2.COLORMAP_VIRIDIS) -> np.ndarray:
    """A vertical colour bar: a smooth ramp through a colour map, on white."""
    ramp = np.linspace(255, 0, rows).astype(np.uint8)[:, None]
    bar = np.repeat(cv2.applyColorMap(ramp, cmap)[:, :, ::-1], cols, axis=1)
    canvas = np.full((rows + 20, cols + 20, 3), 255, np.uint8)
    canvas[10:10 + rows, 10:10 + cols] = bar
    return canvas


def _grey_ramp_noise(rows: int = 160, cols: int = 200, seed: int = 0) -> np.ndarray:
    """The same ramp with sensor noise on it: tone that varies both ways (image data)."""
    ramp = np.linspace(60, 200, cols)[None, :].repeat(rows, axis=0)
    noisy = ramp + _rng(seed).normal(0, 6, (rows, cols))
    return np.repeat(np.clip(noisy, 0, 255).astype(np.uint8)[:, :, None], 3, axis=2)


# --- one cue at a time, on pixels ----------------------------------------------------------

@pytest.mark.parametrize("cmap", [cv2.COLORMAP_VIRIDIS, cv2.COLORMAP_JET, cv2.COLORMAP_HOT])
def test_colour_bar_is_graphics(cmap):
    bar = _colour_bar(cmap=cmap)
    cues = panel_cues(bar, 2.0)
    assert cues.rect_area == 0.0  # a ramp along one axis is not a printed image
    assert classify_panel(bar, 2.0) == "graphics"


def test_ramp_with_grain_is_image():
    # What sets the colour bar apart is the one-axis ramp: add grain and it is an image.
    noisy = _grey_ramp_noise()
    assert panel_cues(noisy, 2.0).rect_area > 1000
    assert classify_panel(noisy, 2.0) == "image"


@pytest.mark.parametrize("seed", range(4))
def test_heat_map_with_colour_bar_is_graphics(seed):
    heat = variety.heatmap_panel(_rng(seed), (220, 300))
    cues = panel_cues(heat, 2.0)
    assert cues.rect_area == 0.0  # flat cells: no block of continuous tone
    assert classify_panel(heat, 2.0) == "graphics"


@pytest.mark.parametrize("seed", range(4))
def test_chart_with_axes_is_graphics(seed):
    chart = chart_panel(_rng(seed), (220, 300))
    assert classify_panel(chart, 2.0) == "graphics"
    brackets = variety.bracket_chart_panel(_rng(seed), (220, 300))
    assert classify_panel(brackets, 2.0) == "graphics"


def test_jpeg_chart_is_still_graphics():
    # JPEG ringing round strokes is tone, but only a fringe, never an area.
    chart = chart_panel(_rng(3), (240, 320))
    ok, buf = cv2.imencode(".jpg", chart, [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert ok
    jpeg = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    assert panel_cues(jpeg, 2.0).solid_max < 60
    assert classify_panel(jpeg, 2.0) == "graphics"


def _dot_cloud(seed: int, rows: int = 220, cols: int = 300) -> np.ndarray:
    """A dot plot: hundreds of overlapping grey anti-aliased dots between two axes."""
    rng = _rng(seed)
    canvas = np.full((rows, cols, 3), 255, np.uint8)
    cv2.line(canvas, (20, rows - 20), (cols - 10, rows - 20), (0, 0, 0), 2, cv2.LINE_AA)
    cv2.line(canvas, (20, 10), (20, rows - 20), (0, 0, 0), 2, cv2.LINE_AA)
    for group in range(3):
        cx = 70 + 90 * group
        for _ in range(250):
            x, y = int(cx + rng.normal(0, 14)), int(rng.uniform(40, rows - 30))
            cv2.circle(canvas, (x, y), 3, (90, 90, 90), -1, cv2.LINE_AA)
    return canvas


@pytest.mark.parametrize("seed", range(3))
def test_dot_cloud_is_graphics(seed):
    # Overlapping dots have no flat area beside them, as fine texture has not, but they
    # are two levels (the dots' one grey and the page): hardly any area of tone, and
    # what there is, mostly the one grey of the dots' fill.
    image = _dot_cloud(seed)
    cloud = panel_cues(image, 2.0)
    micrograph = panel_cues(content.make_panel("fluorescence", _rng(seed), (220, 300)), 2.0)
    assert cloud.solid_share < 0.2 < micrograph.solid_share
    assert cloud.fill_share > 0.6 > micrograph.fill_share
    assert classify_panel(image, 2.0) == "graphics"


def _header_bar(quality: int = 90, fill: int = 225) -> np.ndarray:
    """A header bar over two gels: two flat grey boxes with a dark rim, each with bold
    coloured print set in the raster (not in the text layer, so never painted out),
    saved as JPEG: the print and the codec's noise round it on the flat fill."""
    image = np.full((130, 620, 3), 255, np.uint8)
    for k, (word, colour) in enumerate((("WT; d10", (30, 80, 170)), ("rsrA sigR", (200, 30, 30)))):
        x0 = 30 + 300 * k
        cv2.rectangle(image, (x0, 10), (x0 + 250, 60), (fill,) * 3, -1)
        cv2.rectangle(image, (x0, 10), (x0 + 250, 60), (130,) * 3, 2)
        cv2.putText(image, word, (x0 + 40, 50), cv2.FONT_HERSHEY_DUPLEX, 1.4, colour, 3,
                    cv2.LINE_AA)
    ok, buf = cv2.imencode(".jpg", image[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)[:, :, ::-1].copy()


def test_grey_header_bar_of_flat_boxes_with_raster_print_is_not_image_data():
    """The header bar over two gradients of 10.1093/nar/gkae222 (Fig 5D, Fig 6A) was
    classed image data and matched itself across the figures: bold print in the raster
    has no flat area beside its strokes, so it read as fine texture. Print is two
    levels, ink and ground; recorded texture spreads over the levels between."""
    bar = _header_bar()
    assert classify_panel(bar, 2.78) == "graphics"
    assert image_score(panel_cues(bar, 2.78)) < 0.4


def _band_row(seed: int) -> np.ndarray:
    """One blot strip, eight dark bands across a grey film: its grey varies mostly
    along the row, as a colour bar's does, but down and up again at every band."""
    rng = _rng(seed)
    x = np.arange(300)
    strip = np.full((40, 300), 215.0)
    for k in range(8):
        strip -= rng.uniform(60, 150) * np.exp(-((x - 20 - 36 * k) / 6.0) ** 2)[None, :]
    strip += rng.normal(0, 2, strip.shape)
    return np.repeat(np.clip(strip, 0, 255).astype(np.uint8)[:, :, None], 3, axis=2)


@pytest.mark.parametrize("seed", range(3))
def test_row_of_blot_bands_is_not_a_colour_bar(seed):
    """A blot strip taken for graphics was named a colour bar: it varies along one axis
    (the colour-bar rule fired on three blots of the test half). A colour bar's grey
    turns at most twice along its axis (a rainbow map), a row of bands at every band."""
    assert panel_category(_band_row(seed), "graphics", 2.0) != "colorbar"


@pytest.mark.parametrize("cmap", [cv2.COLORMAP_VIRIDIS, cv2.COLORMAP_JET, cv2.COLORMAP_HOT,
                                  cv2.COLORMAP_COOL])
def test_colour_bar_is_named_a_colour_bar(cmap):
    assert panel_category(_colour_bar(220, 200, cmap), "graphics", 2.0) == "colorbar"


@pytest.mark.parametrize("seed", range(3))
def test_diagram_is_graphics(seed):
    assert classify_panel(variety.diagram_panel(_rng(seed), (220, 300)), 2.0) == "graphics"


@pytest.mark.parametrize("kind", ["blot", "gel", "fluorescence", "tissue"])
@pytest.mark.parametrize("seed", range(3))
def test_image_data_is_image(kind, seed):
    panel = content.make_panel(kind, _rng(seed), (200, 240), annotate=True)
    assert classify_panel(panel, 2.0) == "image", kind


def test_colour_merge_with_many_colours_is_image():
    # Three fluorescence channels merged: hundreds of colours, from noise and blending,
    # which say nothing of a drawing's palette (the cue stops at MAX_PALETTE).
    channels = [content.make_panel("fluorescence", _rng(seed), (220, 260)).max(axis=2)
                for seed in (11, 12, 13)]
    merge = np.stack(channels, axis=2)
    assert panel_cues(merge, 2.0).palette > MAX_PALETTE
    assert classify_panel(merge, 2.0) == "image"


def test_palette_tells_a_drawing_from_a_blot():
    blot = content.make_panel("blot", _rng(1), (200, 240))
    diagram = variety.diagram_panel(_rng(1), (200, 240))
    assert panel_cues(blot, 2.0).palette < panel_cues(diagram, 2.0).palette


def test_small_thumbnail_of_a_micrograph_is_image():
    # A 40 x 40 pt thumbnail at 2 px/pt: still a printed block of tone.
    thumb = content.make_panel("fluorescence", _rng(4), (80, 80))
    canvas = np.full((120, 120, 3), 255, np.uint8)
    canvas[20:100, 20:100] = thumb
    assert classify_panel(canvas, 2.0) == "image"


def test_score_is_a_probability_and_empty_is_graphics():
    cues = panel_cues(content.make_panel("gel", _rng(0), (100, 100)), 2.0)
    assert 0.0 <= image_score(cues) <= 1.0
    assert classify_panel(np.zeros((0, 0, 3), np.uint8), 2.0) == "graphics"
    assert classify_panel(np.full((2, 50, 3), 90, np.uint8), 2.0) == "graphics"
    assert classify_panel(np.full((60, 60, 3), 255, np.uint8), 2.0) == "graphics"


# --- end to end: a generated PDF, one figure, one panel per cue ----------------------------

def _png(image: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", np.ascontiguousarray(image[:, :, ::-1]))
    assert ok
    return buf.tobytes()


def _vector_chart(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    """A line chart drawn as vector paths: axes, ticks, a curve, tick labels."""
    x0, y0, x1, y1 = rect.x0 + 18, rect.y0 + 6, rect.x1 - 4, rect.y1 - 14
    page.draw_line((x0, y1), (x1, y1), width=0.8)
    page.draw_line((x0, y0), (x0, y1), width=0.8)
    for k in range(5):
        x = x0 + k * (x1 - x0) / 4
        page.draw_line((x, y1), (x, y1 + 3), width=0.6)
        page.insert_text((x - 2, y1 + 11), str(k * 5), fontsize=6)
        y = y1 - k * (y1 - y0) / 4
        page.draw_line((x0 - 3, y), (x0, y), width=0.6)
        # Tick labels set flush right against the axis, as plotting libraries do.
        label = str(k * 25)
        page.insert_text((x0 - 4 - pymupdf.get_text_length(label, fontsize=6), y + 2), label,
                         fontsize=6)
    xs = np.linspace(x0, x1, 30)
    ys = y1 - (y1 - y0) * (0.5 + 0.4 * np.sin(np.linspace(0, 5, 30)))
    page.draw_polyline(list(zip(xs.tolist(), ys.tolist())), color=(0.8, 0.1, 0.1), width=1.2)


@pytest.fixture(scope="module")
def cue_figure(tmp_path_factory) -> dict[str, str]:
    """One figure with six panels A-F, each a cue; the panel letter -> the content read."""
    rng = _rng(21)
    panels = {
        "A": content.make_panel("fluorescence", rng, (240, 240), annotate=True),
        "B": content.make_panel("blot", rng, (200, 280), annotate=True),
        # A colour bar as wide as a panel (a thin one is never a panel: see panels.py).
        "C": _colour_bar(220, 200, cv2.COLORMAP_JET),
        "D": variety.heatmap_panel(rng, (240, 300)),
        "E": content.make_panel("tissue", rng, (240, 240)),
    }
    path = tmp_path_factory.mktemp("classify") / "cues.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    boxes = {"A": (60, 60, 180, 180), "B": (230, 60, 370, 160), "C": (420, 60, 530, 170),
             "D": (60, 230, 210, 350), "E": (250, 230, 370, 350), "F": (410, 230, 560, 350)}
    for letter, box in boxes.items():
        rect = pymupdf.Rect(box)
        if letter in panels:
            page.insert_image(rect, stream=_png(panels[letter]))
        else:
            _vector_chart(page, rect)
        page.insert_text((box[0] - 14, box[1] + 8), letter, fontsize=11, fontname="hebo")
    page.insert_text((60, 390), "Figure 1. Cues. (A) Micrograph. (B) Blot. (C) Colour bar. "
                     "(D) Heat map. (E) Tissue. (F) Chart.", fontsize=9)
    doc.save(path)
    doc.close()
    result = read_panels(path)
    read: dict[str, list[tuple[str, str | None]]] = {}
    for p in result.panels:
        if p.label:
            read.setdefault(p.label, []).append((p.content, p.category))
    return {k: v[0] if len(set(v)) == 1 else ("mixed", None) for k, v in read.items()}


@pytest.mark.parametrize(("letter", "expected", "category"), [
    ("A", "image", "micrograph"), ("B", "image", "blot"), ("E", "image", "histology"),
    ("C", "graphics", "colorbar"), ("D", "graphics", "heatmap"), ("F", "graphics", "chart")])
def test_generated_pdf_panels_are_classed_by_their_cue(cue_figure, letter, expected, category):
    """Content and kind, as a reader names them: a fluorescence field is a micrograph,
    bands on film a blot, a filled stained section histology, a ramp a colour bar,
    flat coloured cells a heat map, axes with flush-right tick labels a chart."""
    assert cue_figure.get(letter) == (expected, category), cue_figure


def _shaded_balls(page: pymupdf.Page, rect: pymupdf.Rect, rng: np.random.Generator,
                  n: int = 6) -> None:
    """Clip-art cells drawn as vector paths: each a stack of filled circles lightening
    towards an off-centre highlight, a smooth shading that varies both ways."""
    for _ in range(n):
        r = rng.uniform(12, 22)
        cx, cy = rng.uniform(rect.x0 + r, rect.x1 - r), rng.uniform(rect.y0 + r, rect.y1 - r)
        hue = rng.uniform(0.2, 0.9, 3)
        for k in range(40):
            t = k / 40
            fill = tuple(float(min(1.0, h * (0.55 + 0.45 * t) + 0.35 * t * t)) for h in hue)
            page.draw_circle((cx - 0.35 * r * t, cy - 0.35 * r * t), r * (1 - t), color=None,
                             fill=fill)


def test_vector_shaded_clip_art_is_graphics_recorded_image_is_not(tmp_path):
    """Continuous tone counts only where an embedded image drew the pixels: a shaded
    ball drawn in vector paths is smooth in both directions as a micrograph is, but
    nothing was recorded there (it read as image data, score 0.9, before the
    figure's image placements were consulted); a tissue image beside it stays image data."""
    rng = _rng(3)
    path = tmp_path / "shaded.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    _shaded_balls(page, pymupdf.Rect(60, 60, 260, 200), rng)
    page.insert_image(pymupdf.Rect(60, 210, 180, 330),
                      stream=_png(content.make_panel("tissue", rng, (240, 240))))
    page.insert_text((60, 360), "Figure 1. Cells. (A) A model. (B) Tissue.", fontsize=9)
    doc.save(path)
    doc.close()
    panels = read_panels(path).panels
    drawn = [p for p in panels if p.bbox[3] <= 202]
    recorded = [p for p in panels if p.bbox[1] >= 208]
    assert drawn and recorded
    assert {p.content for p in drawn} == {"graphics"}, [p.bbox for p in drawn]
    assert {p.content for p in recorded} == {"image"}


def test_tone_outside_recorded_pixels_is_not_image_data():
    tissue = content.make_panel("tissue", _rng(5), (200, 200))
    assert classify_panel(tissue, 2.0) == "image"
    assert classify_panel(tissue, 2.0, np.ones(tissue.shape[:2], bool)) == "image"
    assert classify_panel(tissue, 2.0, np.zeros(tissue.shape[:2], bool)) == "graphics"


# --- real papers (skipped without ../shared/real-papers) -----------------------------------

def _labelled(name: str) -> dict[tuple[str, str], str]:
    figures = json.loads(EXPECTED.read_text())[name]["figures"]
    return {(f["number"], letter): cls for f in figures
            for letter, cls in f.get("classes", {}).items() if letter != "_"}


@pytest.mark.parametrize("name", ["10.3390_cancers14194849.pdf", "10.1093_nar_gkae167.pdf"])
def test_real_paper_classes(name):
    """Histology and blots of a journal paper are image data; structure renders, charts
    and shaded plots of another are graphics (tuning-half papers)."""
    path = REAL_PAPERS / name
    if not path.exists():
        pytest.skip(f"{path} is not present (../shared/real-papers)")
    labelled = _labelled(name)
    result = read_panels(path)
    right = total = 0
    for p in result.panels:
        cls = labelled.get((p.figure or "", p.label or ""))
        if cls is None:
            continue
        total += 1
        right += (p.content == "image") == (cls in IMAGE_CLASSES)
    assert total >= 10
    assert right / total >= 0.9, f"{right}/{total}"


@pytest.mark.parametrize("name", ["10.1093_nar_gkae167.pdf", "10.1038_s41467-023-40886-7.pdf"])
def test_real_paper_categories(name):
    """Where the content is right, the kind is named as the labelled sample names it:
    charts, structure renders, photographs, blots (tuning-half papers)."""
    path = REAL_PAPERS / name
    if not path.exists():
        pytest.skip(f"{path} is not present (../shared/real-papers)")
    labelled = _labelled(name)
    right = total = 0
    for p in read_panels(path).panels:
        cls = labelled.get((p.figure or "", p.label or ""))
        if cls is None or (p.content == "image") != (cls in IMAGE_CLASSES):
            continue
        total += 1
        right += p.category == cls
    assert total >= 10
    assert right / total >= 0.85, f"{right}/{total}"
