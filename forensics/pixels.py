"""Pixel statistics shared by pair verification and the clone search.

Grey images in, arrays out: local correlation and variance over a box window, the
fine-detail residual that copies share and look-alikes do not, how much better two
images agree aligned than shifted, the masks of rendered graphics (text, axes,
labels) on page white and of straight rules and edges, and the darkest channel of a
colour image.
"""

from __future__ import annotations

import math

import cv2
import numpy as np


def local_stats(
    image_a: np.ndarray, image_b: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Local correlation, and local variance of each image, over a box window.

    Parameters
    ----------
    image_a, image_b : ndarray of float32
        Two grey images of one shape.
    window : int
        Side of the box window (pixels).

    Returns
    -------
    ncc, var_a, var_b : ndarray of float32
        Per-pixel normalised cross-correlation and the two local variances.
    """
    size = (window, window)
    mean_a, var_a = _mean_and_variance(image_a, size)
    mean_b, var_b = _mean_and_variance(image_b, size)
    cov = cv2.boxFilter(image_a * image_b, -1, size) - mean_a * mean_b
    ncc = cov / np.sqrt(var_a * var_b + 1e-6)
    return ncc, var_a, var_b


def local_variance(image: np.ndarray, window: int) -> np.ndarray:
    """Local variance of a grey image over a box window: the ``var_a`` of
    :func:`local_stats`, to the last bit, without the other image's statistics.

    Parameters
    ----------
    image : ndarray of float32
    window : int
        Side of the box window (pixels).

    Returns
    -------
    ndarray of float32
    """
    return _mean_and_variance(image, (window, window))[1]


def _mean_and_variance(image: np.ndarray, size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    mean = cv2.boxFilter(image, -1, size)
    var = cv2.boxFilter(image * image, -1, size) - mean * mean
    np.maximum(var, 0, out=var)
    return mean, var


def detail(image: np.ndarray, sigma: float = 1.5) -> np.ndarray:
    """Fine-detail residual: the image minus its blur (grain, noise, sharp edges)."""
    return image - cv2.GaussianBlur(image, (0, 0), sigma)


def correlation(x: np.ndarray, y: np.ndarray) -> float:
    """Normalised cross-correlation of two arrays of one shape (0 when either is flat)."""
    xs = x.astype(np.float64).ravel()
    ys = y.astype(np.float64).ravel()
    if xs.size < 16:
        return 0.0
    xs -= xs.mean()
    ys -= ys.mean()
    denom = math.sqrt(float((xs * xs).sum() * (ys * ys).sum()))
    return float((xs * ys).sum() / denom) if denom > 0 else 0.0


def darkest_channel(image: np.ndarray) -> np.ndarray:
    """The lowest channel value of each pixel of an ``(rows, cols, 3)`` image (a grey
    image is returned as it is): ink is dark in some channel, page white in none."""
    if image.ndim == 2:
        return image
    # OpenCV per channel: numpy's min over the last axis is several times slower.
    first, second, third = cv2.split(image)
    return cv2.min(cv2.min(first, second), third)


def brightest_channel(image: np.ndarray) -> np.ndarray:
    """The highest channel value of each pixel of an ``(rows, cols, 3)`` image (a grey
    image is returned as it is): print set white is bright in every channel."""
    if image.ndim == 2:
        return image
    first, second, third = cv2.split(image)
    return cv2.max(cv2.max(first, second), third)


def mean_grey(image: np.ndarray) -> np.ndarray:
    """The mean of the channels of each pixel, as float64 (``image.mean(axis=2)`` to the
    last bit, summed channel by channel: numpy's reduction over a last axis of three
    is five times slower)."""
    if image.ndim == 2:
        return image.astype(np.float64)
    total = image[..., 0].astype(np.float64)
    total += image[..., 1]
    total += image[..., 2]
    total /= 3
    return total


def graphic_mask(image: np.ndarray) -> np.ndarray:
    """Pixels in page-white neighbourhoods: text, axes, labels, gaps between strips."""
    white = (image >= 246).astype(np.float32)
    return cv2.boxFilter(white, -1, (15, 15)) > 0.4


def aligned_correlation(
    image_a: np.ndarray, image_b: np.ndarray, shift: int = 3
) -> tuple[float, float] | None:
    """Grey and fine-detail correlation of two images of one layout printed at two sizes.

    ``image_b`` is resized to the width of ``image_a``, and the inside of ``a`` (``shift``
    pixels in from each edge) is slid over it by up to ``shift`` pixels each way; the
    best grey correlation and the detail correlation (:func:`detail`) at that place are
    returned. A copy agrees on both; two blots of one layout agree on where the bands
    are, far less on their grey levels and their grain.

    Parameters
    ----------
    image_a, image_b : ndarray of float32
        Grey images.
    shift : int
        Largest offset searched, and the margin left out of ``a``.

    Returns
    -------
    (grey, detail) or None
        None when the two heights disagree by more than ``shift`` once the widths
        agree, or when the inside of ``a`` is less than 4 pixels high.
    """
    rows_a, cols_a = image_a.shape[:2]
    rows_b, cols_b = image_b.shape[:2]
    scale = cols_a / cols_b
    rows = int(round(rows_b * scale))
    if abs(rows - rows_a) > shift or rows_a - 2 * shift < 4 or cols_a - 2 * shift < 4:
        return None
    resized = cv2.resize(image_b, (cols_a, rows),
                         interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    inside = image_a[shift:rows_a - shift, shift:cols_a - shift]
    if resized.shape[0] < inside.shape[0]:
        return None
    scores = cv2.matchTemplate(resized, inside, cv2.TM_CCOEFF_NORMED)
    _, grey, _, (x, y) = cv2.minMaxLoc(scores)
    under = resized[y:y + inside.shape[0], x:x + inside.shape[1]]
    return float(grey), correlation(detail(inside), detail(under))


def runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """Start and end (exclusive) of every run of True in a 1-D boolean array."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


def line_art_share(image: np.ndarray) -> float:
    """How much of an RGB image is flat page white, 0 unless the image is flat almost
    everywhere (white ground, flat fills: charts and diagrams). Micrographs, blots and
    gels carry grain everywhere, even where they are light."""
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32)
    mean = cv2.blur(gray, (5, 5))
    flat = (cv2.blur(gray * gray, (5, 5)) - mean * mean) < 2.0
    if flat.mean() < 0.65:
        return 0.0
    return float((flat & (gray >= 200)).mean())


#: The grain test (:func:`grain_agreement`, :func:`grain_independent`). A grain
#: correlation is told from chance from :data:`GRAIN_Z` standard errors (one-sided,
#: about 1 in 40), and judged only on samples enough for the weakest copy's grain,
#: :data:`GRAIN_MIN_CORRELATION` (re-toned, JPEG'd and rescaled copies measured 0.07 to
#: 1.0), to lie :data:`GRAIN_POWER` standard errors from zero: a copy then falls under
#: :data:`GRAIN_Z` about once in six at worst, usually never.
GRAIN_MIN_CORRELATION = 0.2
GRAIN_Z = 2.0
GRAIN_POWER = 3.0
#: Grain weaker than this (grey levels, std of the residual) is not judged: JPEG
#: replaces it with block noise of its own (a re-compressed dark field: 0.8).
GRAIN_FLOOR = 0.9


def grain_agreement(crop_a: np.ndarray, crop_b: np.ndarray, flat: np.ndarray, sigma: float,
                    cell: float = 1.0, white: float = 235.0) -> tuple[float, float]:
    """Correlation of the fine residual of two aligned crops over their flat pixels,
    and the number of independent samples it rests on.

    Where neither image has structure (a blot's membrane, the dark ground of a
    fluorescence field) all that is left is grain: film noise, sensor noise, dust.
    A copy repeats it, however it was re-toned or compressed; a look-alike (another
    blot with bands of the same shapes, another field of the same cells) has its
    own, independent of the first. Page white and clipped pixels carry no grain.

    Parameters
    ----------
    crop_a, crop_b : ndarray of float32
        The two crops, aligned (b warped onto a).
    flat : ndarray of bool
        Pixels without structure in either crop.
    sigma : float
        Scale (px) of the residual: the image minus its Gaussian blur.
    cell : float, optional
        Pixels of ``crop_a`` per pixel of its source image (an enlarged work image
        repeats each grain over ``cell`` pixels).
    white : float, optional
        Grey level from which a pixel is page white.

    Returns
    -------
    correlation, samples : float
        Pearson correlation (0 when either residual is flat) and the number of
        independent residual values, about one per ``(2 sigma)`` by ``(2 sigma)`` patch.
    """
    usable = flat & (crop_a > 2) & (crop_a < white) & (crop_b > 2) & (crop_b < white)
    count = int(usable.sum())
    if count < 16:
        return 0.0, 0.0
    xa = detail(crop_a, sigma)[usable].astype(np.float64)
    xb = detail(crop_b, sigma)[usable].astype(np.float64)
    xa -= xa.mean()
    xb -= xb.mean()
    # Below it the residual is quantisation and compression noise, not grain.
    if min(xa.std(), xb.std()) < GRAIN_FLOOR:
        return 0.0, 0.0
    correlation = float((xa * xb).sum() / math.sqrt(float((xa * xa).sum() * (xb * xb).sum())))
    return correlation, count / max(2.0 * sigma, cell) ** 2


def grain_independent(correlation: float, samples: float) -> bool:
    """Whether a grain correlation (:func:`grain_agreement`) says "not a copy": there
    are samples enough for a copy's grain to show (:data:`GRAIN_MIN_CORRELATION`
    would lie :data:`GRAIN_POWER` standard errors from zero), and the correlation lies
    within :data:`GRAIN_Z` standard errors of zero (agreement by chance).

    Under independent grain the correlation of ``samples`` values has a standard
    error of ``1 / sqrt(samples)``: the test is an a-contrario one, a copy being
    declared only where chance would rarely give the grain agreement seen.
    """
    root = math.sqrt(max(0.0, samples))
    return GRAIN_MIN_CORRELATION * root >= GRAIN_POWER and correlation * root < GRAIN_Z


#: Grey levels by which a rule stands out of what lies either side of it
#: (:func:`rule_mask`).
RULE_CONTRAST = 30


def rule_mask(gray: np.ndarray, length: int, reach: int = 1) -> np.ndarray:
    """Straight rules: thin lines (under 5 px), light or dark, running level or upright
    for ``length`` pixels or more (the frame round a blot, the white gutters of a
    montage, axes), grown to a square of side ``reach``.

    Montages of one layout agree on their gutters and frames wherever they are
    printed; image data is what lies between.

    Parameters
    ----------
    gray : ndarray of uint8
    length : int
        Shortest rule (pixels).
    reach : int, optional
        Side (pixels) of the square the mask is dilated by.

    Returns
    -------
    ndarray of bool
    """
    found = np.zeros(gray.shape, bool)
    for along, across in (((length, 1), (1, 5)), ((1, length), (5, 1))):
        k_along = cv2.getStructuringElement(cv2.MORPH_RECT, along)
        k_across = cv2.getStructuringElement(cv2.MORPH_RECT, across)
        light = cv2.morphologyEx(gray, cv2.MORPH_OPEN, k_along).astype(np.int16) - \
            cv2.morphologyEx(gray, cv2.MORPH_OPEN, k_across)
        dark = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, k_across).astype(np.int16) - \
            cv2.morphologyEx(gray, cv2.MORPH_CLOSE, k_along)
        found |= (light > RULE_CONTRAST) | (dark > RULE_CONTRAST)
    return cv2.dilate(found.astype(np.uint8), np.ones((reach, reach), np.uint8)) > 0


#: Grey levels a straight edge steps by, at least (:func:`straight_edges`).
EDGE_STEP = 20


def straight_edges(gray: np.ndarray, length: int, reach: int) -> np.ndarray:
    """Straight edges: steps of :data:`EDGE_STEP` grey levels or more running level
    or upright for ``length`` pixels or more (both sides of a rule, a frame, the
    border of an image on page white), grown to a square of side ``reach``.

    Image data has few straight edges that long; printed layout is made of them.

    Parameters
    ----------
    gray : ndarray
        Grey image, any numeric type.
    length : int
        Shortest edge (pixels).
    reach : int
        Side (pixels) of the square the mask is dilated by.

    Returns
    -------
    ndarray of bool
    """
    g = gray.astype(np.float32)
    # A Sobel kernel reads a step of height h as 4 h.
    across_x = (np.abs(cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3)) > 4 * EDGE_STEP).astype(np.uint8)
    across_y = (np.abs(cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)) > 4 * EDGE_STEP).astype(np.uint8)
    upright = cv2.morphologyEx(across_x, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    level = cv2.morphologyEx(across_y, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    return cv2.dilate(np.maximum(upright, level), np.ones((reach, reach), np.uint8)) > 0


#: Correlation of a detail image with itself shifted, above which the shift is still
#: inside its own peak (the detail is smooth over that distance) and says nothing.
_OWN_PEAK = 0.5


def alignment_margin(detail_a: np.ndarray, detail_b: np.ndarray,
                     ignore: np.ndarray | None = None) -> float | None:
    """How much better two aligned detail images agree where they are than the
    pattern they show agrees with itself, or with the other, shifted.

    A copy agrees with its source at the alignment, and shifted it agrees no
    better than the source does with itself shifted. Two look-alikes (blots with
    bands in the same rows, two fields of like nuclei) agree because their layout
    does, and a layout repeats: shifted by a lane or a row they agree about as well
    as aligned, and each agrees with itself shifted about as well as with the other.

    Parameters
    ----------
    detail_a, detail_b : ndarray of float32
        Fine-detail residuals (:func:`detail`) of one shape, b aligned on a.
    ignore : ndarray of bool, optional
        Pixels left out of both, such as straight edges (:func:`straight_edges`):
        a frame agrees with itself all along its length.

    Returns
    -------
    float or None
        The correlation at the alignment (best within 1.5 px) minus the larger of
        the best correlation of the two shifted and the lesser of each image's best
        with itself shifted, over shifts past twice the radius of the images' own
        peak (at least 2.5 px) and up to a quarter of the shorter side. Copies with
        grain read 0.3 to 0.9 and look-alikes of one layout about 0 or below;
        where grain is scarce (under a grey level or two) both fall in between.
        None when the images are too small to shift.
    """
    rows, cols = detail_a.shape
    reach = max(3, min(rows, cols) // 4)
    if rows <= 2 * reach + 4 or cols <= 2 * reach + 4:
        return None
    if ignore is not None:
        detail_a, detail_b = np.where(ignore, 0, detail_a), np.where(ignore, 0, detail_b)
    core_a = np.ascontiguousarray(detail_a[reach:rows - reach, reach:cols - reach], np.float32)
    core_b = np.ascontiguousarray(detail_b[reach:rows - reach, reach:cols - reach], np.float32)
    a, b = detail_a.astype(np.float32), detail_b.astype(np.float32)
    cross, own_a, own_b = (np.nan_to_num(cv2.matchTemplate(image, core, cv2.TM_CCOEFF_NORMED))
                           for image, core in ((b, core_a), (a, core_a), (b, core_b)))
    dy, dx = np.mgrid[-reach:reach + 1, -reach:reach + 1]
    distance = np.hypot(dy, dx)
    near = distance < reach
    peak = max(1.5, *(math.sqrt(((own > _OWN_PEAK) & near).sum() / math.pi)
                      for own in (own_a, own_b)))
    far = distance > max(2.5, 2 * peak)
    if not far.any():
        return None
    aligned = float(cross[distance <= 1.5].max())
    return aligned - max(float(cross[far].max()),
                         min(float(own_a[far].max()), float(own_b[far].max())))
