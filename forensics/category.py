"""What kind of image data or graphics a panel is: blot, micrograph, chart, ...

:func:`forensics.classify.classify_panel` sorts a panel into image data or graphics;
this module names the kind within each (:data:`forensics.model.IMAGE_CATEGORIES`,
:data:`forensics.model.GRAPHICS_CATEGORIES`), from what a reader sees first:

- **fluorescence**: a micrograph of stained cells is mostly near-black, its signal in
  a few saturated colours (:data:`DARK_SHARE` of the panel under :data:`DARK`);
- **film**: a blot or gel is grey bands on a light ground, printed as wide, low
  strips of continuous tone (:func:`strip_share`), most of the panel page-white
  around them;
- **a stained section**: histology fills its box with tone on a light ground;
- **photographs** are the image data left (animals, plates, gross anatomy, devices);
- **axes**: a chart has a long straight rule and a column of tick labels sharing
  one right edge (from the text layer);
- **a colour bar** is a filled block whose colour changes along one axis only;
- **a heat map** is a block of flat saturated cells;
- **a structure render** (a protein or a molecule, shaded) is graphics whose ink is
  mostly continuous tone, with few words;
- **a diagram** is the graphics left (schematics, workflows, icons, tables).

The thresholds were set on the labelled panels of the tuning half of the real papers
(``tests/data/real_expected.json``); ``docs/benchmarks.md`` has the figures. Text
panels and colour bars are rare there (3 and 0 labelled panels): text falls to
``"diagram"``, and the colour-bar rule is checked on generated bars only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import cv2
import numpy as np

from forensics.classify import RAMP, WHITE, tone_mask
from forensics.pixels import darkest_channel

__all__ = ["panel_category", "strip_share", "tick_column"]

#: Grey under which a pixel is the dark ground of fluorescence.
DARK = 50
#: Share of the panel that dark for a micrograph of stained cells.
DARK_SHARE = 0.3
#: Median grey at or above which the panel is mostly page white (film on a page).
LIGHT_GROUND = 235
#: Share of the continuous tone in wide, low strips for a panel to be a blot.
STRIP_SHARE = 0.3
#: A strip: at least this many times wider than high, this many points high.
STRIP_ASPECT, STRIP_HEIGHT = 2.5, (6.0, 40.0)
#: Share of the ink in saturated colours (HSV saturation over :data:`SATURATED`)
#: under which image data is grey (film), over which graphics are coloured cells.
GREY_INK, COLOURED_INK = 0.1, 0.3
SATURATED = 60
#: Inked share from which a panel fills its box (a section, a heat map).
FILLED, HEATMAP_FILLED = 0.85, 0.6
#: Median grey of a stained section's light ground.
SECTION_GROUND = 170
#: Continuous tone over ink above which graphics are shaded (a render); below which
#: coloured blocks are flat cells (a heat map).
SHADED, FLAT_CELLS = 0.6, 0.5
#: Least continuous-tone share of the panel for a render.
RENDER_TONE = 0.15
#: A render carries fewer printed words than this.
RENDER_WORDS = 25
#: Tick labels: at least this many text boxes sharing a right edge within
#: :data:`TICK_TOLERANCE` points; an axis: a dark rule at least :data:`AXIS_LENGTH`
#: points long.
TICK_LABELS, TICK_TOLERANCE, AXIS_LENGTH = 4, 1.5, 25.0
#: A colour bar's grey changes gradually along its axis, at most this many times
#: reversing (a rainbow map: dark blue, light yellow, dark red); a row of blot bands
#: darkens and lightens again at every band. Reversals count when the grey swings back
#: by :data:`RAMP_SWING` of its range.
RAMP_TURNS, RAMP_SWING = 2, 0.15
#: Grey under which a pixel can belong to a rule.
RULE_GREY = 160


def panel_category(image: np.ndarray, content: str, scale: float,
                   text_boxes: Sequence[tuple[float, float, float, float]] = ()) -> str | None:
    """The kind of a panel within its content.

    Parameters
    ----------
    image : (rows, cols, 3) uint8 ndarray
        The panel, print painted out.
    content : {"image", "graphics", "unknown"}
        What :func:`forensics.classify.classify_panel` said.
    scale : float
        Pixels per point.
    text_boxes : sequence of (x0, y0, x1, y1)
        Boxes of the printed words over or beside the panel, in points.

    Returns
    -------
    str or None
        One of :data:`~forensics.model.IMAGE_CATEGORIES` for image data, of
        :data:`~forensics.model.GRAPHICS_CATEGORIES` for graphics; None when the
        content is unknown or the panel is empty.

    Examples
    --------
    >>> import numpy as np
    >>> field = np.zeros((60, 80, 3), np.uint8)       # a dark fluorescence field
    >>> field[20:30, 20:40, 1] = 200                  # one green cell
    >>> panel_category(field, "image", 2.0)
    'micrograph'
    """
    if content not in ("image", "graphics") or image.size == 0 or min(image.shape[:2]) < 3:
        return None
    image = np.ascontiguousarray(image)
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    ink = darkest_channel(image) < WHITE
    ink_share = float(ink.mean())
    saturation = cv2.cvtColor(image, cv2.COLOR_RGB2HSV)[..., 1]
    coloured = float((ink & (saturation > SATURATED)).mean())
    tone = tone_mask(image)
    if content == "image":
        if float((grey < DARK).mean()) >= DARK_SHARE:
            return "micrograph"
        if np.median(grey) >= LIGHT_GROUND or strip_share(tone, scale) >= STRIP_SHARE:
            return "blot" if coloured < GREY_INK else "micrograph"
        if ink_share >= FILLED and np.median(grey) >= SECTION_GROUND:
            return "histology"
        return "photograph"
    tone_share = float(tone.mean())
    shaded = tone_share / max(ink_share, 1e-6)
    if ink_share >= HEATMAP_FILLED and _one_way(grey, ink):
        return "colorbar"
    if ink_share >= HEATMAP_FILLED and coloured >= COLOURED_INK and shaded < FLAT_CELLS:
        return "heatmap"
    if tick_column(text_boxes) >= TICK_LABELS and _has_rule(grey, scale):
        return "chart"
    if tone_share >= RENDER_TONE and shaded >= SHADED and len(text_boxes) < RENDER_WORDS:
        return "structure"
    return "diagram"


def strip_share(tone: np.ndarray, scale: float) -> float:
    """Share of the continuous tone (a boolean mask) in wide, low, filled strips:
    the lanes of a blot or gel as printed (:data:`STRIP_ASPECT`, :data:`STRIP_HEIGHT`)."""
    mask = cv2.morphologyEx(tone.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    total = int(mask.sum())
    if total == 0:
        return 0.0
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    w, h, area = (stats[1:, k] for k in (cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT,
                                          cv2.CC_STAT_AREA))
    low, high = STRIP_HEIGHT
    strip = (w >= STRIP_ASPECT * h) & (h >= low * scale) & (h <= high * scale) & (
        area >= 0.6 * w * h)
    return float(area[strip].sum()) / total


def tick_column(text_boxes: Sequence[tuple[float, float, float, float]]) -> int:
    """The most text boxes sharing one right edge (within :data:`TICK_TOLERANCE`
    points): the tick labels of a y axis are set flush right against it."""
    if not text_boxes:
        return 0
    return max(Counter(round(box[2] / TICK_TOLERANCE) for box in text_boxes).values())


def _one_way(grey: np.ndarray, ink: np.ndarray) -> bool:
    """Whether the grey inside the ink varies along one axis only (a ramp), by the
    mean Sobel responses of :func:`forensics.classify` (:data:`RAMP`), and gradually
    along it (:func:`_turns` of its mean profile at most :data:`RAMP_TURNS`). Not
    :func:`forensics.classify.is_ramp`: a rainbow colour bar's grey rises and falls,
    but once or twice, where a row of blot bands (which varies mostly along the row
    too) does at every band."""
    inner = cv2.erode(ink.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    if not inner.any():
        return False
    ax = float(np.abs(cv2.Sobel(grey, cv2.CV_32F, 1, 0))[inner].mean())
    ay = float(np.abs(cv2.Sobel(grey, cv2.CV_32F, 0, 1))[inner].mean())
    if min(ax, ay) >= RAMP * max(ax, ay, 1e-6):
        return False
    axis = 0 if ax >= ay else 1  # columns vary (along x) or rows vary (along y)
    counts = inner.sum(axis=axis)
    keep = counts > 0
    profile = np.where(inner, grey, 0).sum(axis=axis)[keep] / counts[keep]
    return _turns(profile, RAMP_SWING) <= RAMP_TURNS


def _turns(profile: np.ndarray, swing: float) -> int:
    """How many times a profile reverses direction by more than ``swing`` of its range
    (a hysteresis count of its extrema: small wiggles of noise are not reversals).

    Examples
    --------
    >>> _turns(np.array([0, 1, 2, 3, 4.0]), 0.15)
    0
    >>> _turns(np.array([0, 4, 0, 4, 0.0]), 0.15)
    3
    """
    span = float(np.ptp(profile)) if len(profile) else 0.0
    if span <= 0:
        return 0
    gap, count, direction = swing * span, 0, 0
    low = high = float(profile[0])
    for value in profile[1:].tolist():
        if direction >= 0 and value < high - gap:
            count += direction > 0
            direction, low = -1, value
        elif direction <= 0 and value > low + gap:
            count += direction < 0
            direction, high = 1, value
        low, high = min(low, value), max(high, value)
    return count


def _has_rule(grey: np.ndarray, scale: float) -> bool:
    """Whether a dark straight line at least :data:`AXIS_LENGTH` points long runs
    across the panel, level or upright (an axis)."""
    dark = (grey < RULE_GREY).astype(np.uint8)
    length = max(8, int(AXIS_LENGTH * scale))
    for kernel in (np.ones((1, length), np.uint8), np.ones((length, 1), np.uint8)):
        if cv2.morphologyEx(dark, cv2.MORPH_OPEN, kernel).any():
            return True
    return False
