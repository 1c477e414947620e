"""What a panel shows: image data (continuous tone) or graphics (flat fills, strokes).

A sleuth tells a micrograph from a chart at a glance, by cues that need no reading:

- **tone**: image data varies a little everywhere (grain, shading, texture, the soft
  edge of a band); graphics are flat fills bounded by sharp strokes, varying only
  along their edges (:func:`tone_mask`); judging a whole panel, fine texture must
  also spread over many grey levels: print set in the raster, hatching and dense
  dots have no flat area beside their strokes either, but are two levels, ink and
  ground (:data:`TWO_LEVEL`);
- **solid tone**: in image data the continuous tone forms areas, not the fringes of
  strokes: what remains of the tone once everything thinner than
  :data:`SOLID_WIDTH` points is opened away (anti-aliased lines, JPEG ringing round a
  chart's curves and letters, scatter dots);
- **the printed rectangle**: image data is printed as an axis-aligned block of ink
  that fills its box (a micrograph, a blot on film, a photograph), whose pixels are
  mostly continuous tone and vary in both directions (a colour bar's ramp varies
  along one only);
- **ripple**: inside the solid tone of image data the grey changes smoothly from
  pixel to pixel (shading, soft grain, blur of optics); where "tone" is a crowd of
  small strokes and dots (a scatter cloud, dense labels, JPEG ringing round them) it
  jumps at every pixel: the median fine residual there is several times larger;
- **one fill**: the solid tone of a drawing is mostly one colour (the fill of its
  dots, bars or shapes, with anti-aliased rims); image data spreads over many levels;
- **colours**: a chart, a diagram or a structure render is drawn from a palette, so
  its ink has many distinct saturated colours at a few levels each, where a blot or a
  fluorescence channel is one hue at many levels.
- **what drew the pixels**: image data is recorded (a camera, a scanner, a
  microscope) and reaches the page as an embedded image; what vector paths drew
  (strokes, fills, shadings, a clip-art cell lit from one side) recorded nothing,
  however smooth its shading. Where the PDF says which pixels its images drew
  (:attr:`forensics.model.Figure.raster_boxes`, every placement however small),
  continuous tone counts only there (``recorded`` of :func:`panel_cues`); a panel
  drawn wholly in paths has no tone and is graphics by :data:`MIN_SOLID`.

:func:`panel_cues` measures these, :func:`image_score` weighs them (a logistic
model fitted on the labelled panels of the tuning half of the real papers, see
:data:`WEIGHTS`), and :func:`classify_panel` says ``"image"`` or ``"graphics"``.
:func:`image_data_share` (the share of a region's ink in continuous tone, ramps left
out) serves detection, to check that a matched region rests on image data.

Images are ``(rows, cols, 3)`` uint8 arrays; print over them should be painted out
first (:mod:`forensics.overlay`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

__all__ = ["tone_mask", "tone_share", "image_data_share", "is_ramp", "panel_cues", "image_score",
           "classify_panel", "PanelCues", "GRAIN", "SHARP", "WEIGHTS", "MAX_PALETTE"]

#: Least and most grey-level range in a 3 x 3 neighbourhood of continuous tone.
GRAIN, SHARP = 2, 50
#: Grey-level range of a flat fill's 3 x 3 neighbourhood (JPEG noise included).
FLAT = 8
#: Print at page scale is two levels, the ink and its ground, with anti-aliased rims:
#: in its 5 x 5 neighbourhood the grey's standard deviation is over this share of its
#: range (half the range at an even split). Recorded texture (cells, tissue, grain)
#: spreads over the levels between: about a quarter of the range for Gaussian grain,
#: 0.29 for an even spread. Set between the two; checked on the tuning half, where
#: raster print in a header bar of flat boxes read as texture (10.1093/nar/gkae222).
TWO_LEVEL = 0.35
#: Page white: every channel at least this.
WHITE = 235
#: A flat ground darker than this (grey level) is a dark field's, not ink.
DARK_GROUND = 64
#: Tone thinner than this (points) is the fringe of a stroke, not an area of tone.
SOLID_WIDTH = 2.0
#: A printed rectangle of image data: at least this many points a side and square
#: points of area, its ink filling at least :data:`RECT_FILL` of its box, at least
#: :data:`RECT_TONE` of it continuous tone (print painted out leaves flat patches).
RECT_SIDE, RECT_AREA, RECT_FILL, RECT_TONE = 6.0, 40.0, 0.8, 0.3
#: A block whose grey varies along one axis this much less than along the other is
#: a ramp (a colour bar, a shaded band of a diagram), not an image.
RAMP = 0.25
#: Rank correlation of a ramp's profile with position: it darkens (or lightens) all
#: the way along, as a colour bar or a concentration wedge does.
RAMP_ORDER = 0.9
#: Pixels of solid tone (its edges left out) needed to measure its ripple.
MIN_INNER = 20
#: Colours are counted on 16 levels a channel; the palette is the number of such
#: colours that hold :data:`PALETTE_SHARE` of the ink.
PALETTE_SHARE = 0.9
#: A drawing's palette is at most a few dozen colours (with their anti-aliased blends);
#: beyond this many, more colours say noise or shading (a colour merge of fluorescence
#: channels), not a larger palette: the palette cue stops growing here.
MAX_PALETTE = 128
#: Logistic weights of the cues (:func:`image_score`), in the cues' own units. Fitted
#: once (ridge-penalised, on standardised cues) on the labelled panels of the tuning
#: half of ``../shared/real-papers`` that hold some solid tone (blank panels are
#: graphics by :data:`MIN_SOLID`); leave-one-paper-out there it gave precision 0.92
#: and recall 0.95 of image data, where tone area alone gave 0.31 and 0.89. Why each
#: sign: a printed rectangle of tone and areas of solid tone are what image data is;
#: a large ripple, one dominant fill and many palette colours are what drawings are.
#: Refitted without each paper in turn (panels as read on 2026-12-06), they class the
#: left-out paper as these do: 0.94 / 0.83 by the count of ``bench/real.py`` (a letter
#: with no panel is a miss), the in-sample figure; most misses there are panels other
#: than the one the letter names (a label block, a schematic strip), six the cues'.
#: The cues depend on how an image was embedded: JPEG at quality 50 multiplies a colour
#: photograph's palette (38 to 210) and a low-contrast micrograph halved and enlarged
#: again reads as flat; over such re-encodings the same estimate is 0.90 / 0.80.
WEIGHTS = {
    "bias": 6.297,
    "log_rect_area": 0.3028,   # log(1 + square points of tone in printed rectangles)
    "solid_share": 4.1506,     # solid tone over inked pixels
    "ripple": -0.2472,         # grey levels of fine residual inside the solid tone
    "fill_share": -6.9552,     # share of the solid tone in its commonest colour
    "log_palette": -2.368,     # log(1 + colours holding 90% of the ink, at most MAX_PALETTE)
}
#: Square points of solid tone below which a panel holds no image data whatever its
#: other cues (a blank or a line drawing).
MIN_SOLID = 30.0
#: Score above which a panel is image data (the logistic's even odds).
THRESHOLD = 0.5


@dataclass(frozen=True)
class PanelCues:
    """What a reader sees in a panel before reading it (see the module docstring).

    Attributes
    ----------
    rect_area : float
        Square points of continuous tone inside printed rectangles (not ramps).
    solid_max : float
        Square points of the largest connected area of solid tone.
    solid_share : float
        Solid tone over the panel's inked (not page-white) pixels.
    ripple : float
        Median grey-level residual (the grey minus its Gaussian blur of one pixel)
        inside the solid tone, its edges left out; 0 without solid tone.
    fill_share : float
        Share of the solid tone in its commonest colour (32 levels a channel); 0
        without solid tone.
    palette : int
        Distinct colours (16 levels a channel) that hold 90% of the ink.
    """

    rect_area: float
    solid_max: float
    solid_share: float
    ripple: float
    fill_share: float
    palette: int


def tone_mask(image: np.ndarray) -> np.ndarray:
    """Pixels of continuous tone, not page white.

    A pixel is continuous tone when its 3 x 3 neighbourhood varies by at least
    :data:`GRAIN` and at most :data:`SHARP` grey levels and no sharp edge lies within
    two pixels (anti-aliasing and JPEG ringing vary softly too, but only there); or,
    fine texture, when no flat area (range at most :data:`FLAT`) lies within two pixels.

    Parameters
    ----------
    image : (rows, cols, 3) uint8 ndarray

    Returns
    -------
    (rows, cols) bool ndarray
    """
    grey, inked = _grey_and_ink(image)
    return _tone(grey, inked)


def _grey_and_ink(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mean of the three channels (float32) and the pixels darker than page white.

    Channel by channel rather than numpy reductions over the last axis, which are
    several times slower on ``(rows, cols, 3)`` arrays; the values are the same.
    """
    image = np.ascontiguousarray(image)
    r, g, b = cv2.split(image)
    grey = (r.astype(np.float32) + g + b) / 3
    return grey, cv2.min(cv2.min(r, g), b) < WHITE


def _tone(grey: np.ndarray, inked: np.ndarray, texture_only: bool = False) -> np.ndarray:
    """:func:`tone_mask` from the grey image and the inked pixels; with
    ``texture_only``, fine texture must also not be two grey levels (:func:`_two_level`:
    raster print, hatching and dense strokes are ink on a ground, where recorded texture
    spreads over the levels between). Judging a whole panel needs that; a region of a
    panel known to be image data (:func:`image_data_share`) and the kinds of
    :mod:`forensics.category` (a shaded render beside its outlines) do not."""
    k, k5 = np.ones((3, 3), np.uint8), np.ones((5, 5), np.uint8)
    spread = cv2.dilate(grey, k) - cv2.erode(grey, k)
    sharp = cv2.dilate((spread > SHARP).astype(np.uint8), k5).astype(bool)
    soft = (spread >= GRAIN) & (spread <= SHARP) & ~sharp
    # Fine texture (cells, tissue at print scale) is sharp everywhere; what sets it apart
    # from strokes is that no flat area lies beside it.
    flat = cv2.morphologyEx((spread <= FLAT).astype(np.uint8), cv2.MORPH_OPEN, k5)
    textured = ~cv2.dilate(flat, k5).astype(bool)
    if texture_only:
        textured &= ~_two_level(grey)
    return (soft | textured) & inked


def _two_level(grey: np.ndarray) -> np.ndarray:
    """Pixels whose 5 x 5 neighbourhood is two grey levels rather than a spread of
    levels: its standard deviation over :data:`TWO_LEVEL` of its range."""
    k5 = np.ones((5, 5), np.uint8)
    span = cv2.dilate(grey, k5) - cv2.erode(grey, k5)
    mean = cv2.blur(grey, (5, 5))
    var = cv2.blur(grey * grey, (5, 5)) - mean * mean
    return var > (TWO_LEVEL * span) ** 2


def tone_share(image: np.ndarray) -> float:
    """Share of an image's pixels that are continuous tone (0 for an empty image)."""
    return float(tone_mask(image).mean()) if image.size else 0.0


def image_data_share(image: np.ndarray, of_ink: bool = True,
                     ignore: np.ndarray | None = None, one_image: bool = False) -> float:
    """Share of an image's ink (its pixels not page white) that is image data:
    continuous tone, in an image that is not a ramp (0 for an empty or blank image);
    with ``of_ink=False``, share of all its pixels.

    The page white round a blot's strips is neither image data nor graphics and need
    not dilute either; nor need, in ``one_image`` (a region printed as one image), its
    flat dark ground (:data:`DARK_GROUND`): a fluorescence field's, which a copy of a
    dim cell is mostly. Across several images the dark ground may be an empty
    field beside a chart, and the chart's ink must weigh. A shaded wedge or a
    colour bar varies smoothly, as tone does, but along one axis only and always the
    same way (:func:`is_ramp`), as no photographed or scanned thing does; a row of
    blot bands varies along one axis too, but up and down. Pixels under ``ignore`` (a
    boolean mask: print painted out, whose smooth fill is no evidence either way) are
    left out.
    """
    if not image.size:
        return 0.0
    image = np.ascontiguousarray(image)
    grey, inked = _grey_and_ink(image)
    if ignore is not None:
        inked = inked & ~ignore
    if is_ramp(grey, inked):
        return 0.0
    tone = _tone(grey, inked)
    counted = tone.size if ignore is None else int((~ignore).sum())
    if of_ink and one_image:
        # The black ground of a fluorescence field is the image's, as the page white
        # round a blot is the page's: neither a graphic's fill nor evidence of one.
        inked = inked & ~_dark_ground(grey)
    return float(tone.sum()) / max(1, int(inked.sum()) if of_ink else counted)


def _dark_ground(grey: np.ndarray) -> np.ndarray:
    """Pixels of a flat, near-black ground: darker than :data:`DARK_GROUND` grey
    levels, their 3 x 3 neighbourhood within :data:`GRAIN` levels (no texture)."""
    k = np.ones((3, 3), np.uint8)
    return (cv2.dilate(grey, k) < DARK_GROUND) & (cv2.dilate(grey, k) - cv2.erode(grey, k) < GRAIN)


def is_ramp(grey: np.ndarray, inked: np.ndarray) -> bool:
    """Whether inked pixels vary along one axis only (:data:`RAMP`, mean Sobel
    responses inside the ink) and monotonically along it (the mean grey of the ink
    per column or row ranks with its position, :data:`RAMP_ORDER`)."""
    inner = cv2.erode(inked.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    if inner.sum() < MIN_INNER:
        return False
    g = grey.astype(np.float32)
    ax = float(np.abs(cv2.Sobel(g, cv2.CV_32F, 1, 0))[inner].mean())
    ay = float(np.abs(cv2.Sobel(g, cv2.CV_32F, 0, 1))[inner].mean())
    if min(ax, ay) >= RAMP * max(ax, ay, 1e-6):
        return False
    axis = 0 if ax >= ay else 1  # columns vary (along x) or rows vary (along y)
    counts = inked.sum(axis=axis)
    sums = np.where(inked, g, 0).sum(axis=axis)
    keep = counts > 0
    if keep.sum() < 8:
        return False
    profile = sums[keep] / counts[keep]
    ranks = np.argsort(np.argsort(profile)).astype(np.float64)
    order = np.corrcoef(ranks, np.arange(len(ranks), dtype=np.float64))[0, 1]
    return bool(abs(order) >= RAMP_ORDER)


def panel_cues(image: np.ndarray, scale: float, recorded: np.ndarray | None = None) -> PanelCues:
    """Measure the cues of one panel.

    Parameters
    ----------
    image : (rows, cols, 3) uint8 ndarray
        The panel, print painted out.
    scale : float
        Pixels per point.
    recorded : (rows, cols) bool ndarray, optional
        The pixels drawn by an embedded image; the others are vector drawing, whose
        smooth shadings and soft anti-aliased edges are no continuous tone (nothing
        was recorded there). None when unknown: every pixel may be.

    Returns
    -------
    PanelCues
    """
    image = np.ascontiguousarray(image)
    grey, ink = _grey_and_ink(image)
    tone = _tone(grey, ink, texture_only=True)
    if recorded is not None:
        tone &= recorded
    k = max(3, int(round(SOLID_WIDTH * scale)) | 1)
    solid = cv2.morphologyEx(cv2.morphologyEx(tone.astype(np.uint8), cv2.MORPH_CLOSE,
                                              np.ones((3, 3), np.uint8)),
                             cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    gx = np.abs(cv2.Sobel(grey, cv2.CV_32F, 1, 0))
    gy = np.abs(cv2.Sobel(grey, cv2.CV_32F, 0, 1))
    solid = _drop_ramps(solid, gx, gy)
    n, _, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    area = scale * scale
    solid_max = float(stats[1:, cv2.CC_STAT_AREA].max()) / area if n > 1 else 0.0
    inked = max(1, int(ink.sum()))
    inner = cv2.erode(solid, np.ones((5, 5), np.uint8)).astype(bool)
    ripple = fill_share = 0.0
    if inner.sum() >= MIN_INNER:
        ripple = float(np.median(np.abs(grey - cv2.GaussianBlur(grey, (0, 0), 1.0))[inner]))
    if solid.sum() >= MIN_INNER:
        q = (image[solid.astype(bool)] // 8).astype(np.int32)
        codes = q[:, 0] * 1024 + q[:, 1] * 32 + q[:, 2]
        fill_share = float(np.bincount(codes).max()) / len(codes)
    return PanelCues(rect_area=_rect_tone(gx, gy, ink, tone, scale), solid_max=solid_max,
                     solid_share=float(solid.sum()) / inked, ripple=ripple,
                     fill_share=fill_share, palette=_palette(image, ink))


def _ramps(labels: np.ndarray, n: int, gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """Per connected component (index = label), whether its grey varies along one axis
    only (a colour bar, a shaded band), judged inside it: the step to the page at its
    border is not its own (a component too thin to have an inside is judged whole)."""
    shape = labels > 0
    inner = cv2.erode(shape.astype(np.uint8), np.ones((5, 5), np.uint8),
                      borderType=cv2.BORDER_CONSTANT, borderValue=0).astype(bool)

    def sums(where: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        lab = labels[where]
        return (np.bincount(lab, weights=gx[where], minlength=n),
                np.bincount(lab, weights=gy[where], minlength=n),
                np.bincount(lab, minlength=n).astype(np.float64))

    (sx, sy, count), (wx, wy, whole) = sums(inner), sums(shape)
    hollow = count == 0
    sx, sy = np.where(hollow, wx, sx), np.where(hollow, wy, sy)
    count = np.where(hollow, whole, count)
    ax, ay = sx / np.maximum(count, 1), sy / np.maximum(count, 1)
    return np.minimum(ax, ay) < RAMP * np.maximum(np.maximum(ax, ay), 1e-6)


def _drop_ramps(solid: np.ndarray, gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """The solid tone without its areas that are ramps."""
    n, labels = cv2.connectedComponents(solid, connectivity=8)
    if n <= 1:
        return solid
    ramp = _ramps(labels, n, gx, gy)
    ramp[0] = False
    out = solid.copy()
    out[ramp[labels]] = 0
    return out


def _rect_tone(gx: np.ndarray, gy: np.ndarray, ink: np.ndarray, tone: np.ndarray,
               scale: float) -> float:
    """Square points of continuous tone in printed rectangles that are not ramps."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    if n <= 1:
        return 0.0
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    count = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
    share = np.bincount(labels[tone], minlength=n) / np.maximum(count, 1)
    keep = ((np.minimum(w, h) >= RECT_SIDE * scale) & (count >= RECT_AREA * scale * scale)
            & (count >= RECT_FILL * w * h) & (share >= RECT_TONE))
    keep[0] = False
    if not keep.any():
        return 0.0
    keep &= ~_ramps(labels, n, gx, gy)
    return float((count * share)[keep].sum()) / (scale * scale)


def _palette(image: np.ndarray, ink: np.ndarray) -> int:
    """Colours (16 levels a channel) that hold :data:`PALETTE_SHARE` of the ink."""
    q = (image[ink] // 16).astype(np.int32)
    if not len(q):
        return 0
    counts = np.sort(np.bincount(q[:, 0] * 256 + q[:, 1] * 16 + q[:, 2], minlength=4096))[::-1]
    return int(np.searchsorted(np.cumsum(counts), PALETTE_SHARE * counts.sum()) + 1)


def image_score(cues: PanelCues) -> float:
    """Probability-like score (0 to 1) that a panel is image data, from :data:`WEIGHTS`."""
    z = (WEIGHTS["bias"]
         + WEIGHTS["log_rect_area"] * math.log1p(cues.rect_area)
         + WEIGHTS["solid_share"] * cues.solid_share
         + WEIGHTS["ripple"] * cues.ripple
         + WEIGHTS["fill_share"] * cues.fill_share
         + WEIGHTS["log_palette"] * math.log1p(min(cues.palette, MAX_PALETTE)))
    return 1.0 / (1.0 + math.exp(-z))


def classify_panel(image: np.ndarray, scale: float, recorded: np.ndarray | None = None) -> str:
    """``"image"`` or ``"graphics"``: whether :func:`image_score` reaches
    :data:`THRESHOLD`.

    Parameters
    ----------
    image : (rows, cols, 3) uint8 ndarray
        The panel, print painted out.
    scale : float
        Pixels per point.
    recorded : (rows, cols) bool ndarray, optional
        The pixels drawn by an embedded image (:func:`panel_cues`); a panel drawn
        wholly in vector paths is graphics, whatever its shading.
    """
    if image.size == 0 or min(image.shape[:2]) < 3:
        return "graphics"
    cues = panel_cues(image, scale, recorded)
    if cues.solid_max < MIN_SOLID:
        return "graphics"  # no area of continuous tone at all: strokes and fills only
    return "image" if image_score(cues) >= THRESHOLD else "graphics"
