"""Regions two places of a paper's image data share, found keypoint by keypoint.

The candidate search of :mod:`forensics.index` pairs whole units (panels, and the
images printed inside them) whose fingerprints agree. A region pasted over part of
another image is a tenth of either unit or less: its fingerprint is outvoted by the
rest of the unit, and the pair is never a candidate. Copy-move detection inside one
photograph solves the same problem at the level of keypoints, and this module does
it across all the image data of a paper at once:

1. every image-data panel is brought to a local contrast (CLAHE: a dim fluorescence
   field shows structure that a fixed threshold would not find) and its SIFT
   keypoints are found with printed text boxes masked out. Each keypoint is
   described as found and as its mirror image would be (SIFT is not invariant to a
   flip; the mirror's descriptor is the same numbers reordered,
   :func:`_mirror_order`);
2. each keypoint is matched with all others of the paper at once; the neighbours
   kept are those before the first clear gap in descriptor distance (the
   generalised 2-nearest-neighbour test of copy-move detection: a region shown three
   times has two equally near copies). One place on the page counts once: its own
   mirror, and the same place in two overlapping panel boxes, are no evidence;
3. the matches between two panels are grouped by the similarity transform they
   imply (RANSAC, repeatedly, up to :data:`MAX_PER_PAIR` regions a pair); a group of
   :data:`MIN_INLIERS` or more is a region pair, unless its keypoints matched several
   other places (:data:`MAX_COPIES`: a mark printed in every panel) or lie along one
   thin line (:func:`_along_a_line`: a word, a gel's lane).

Repeats inside one panel are left to :mod:`forensics.clones` and
:mod:`forensics.turned_clones`. Agreement of keypoints is only a candidate: detection
hands each region pair to the verifier as two crops, where pixels decide
(:func:`forensics.detect.find_duplicates`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from forensics.model import Panel

__all__ = ["RegionPair", "shared_regions", "MIN_INLIERS"]

#: Keypoints agreeing on one transform that make a region pair. Five is few for
#: RANSAC, but a pair is only a candidate for the verifier.
MIN_INLIERS = 5
#: Neighbours looked at per keypoint (enough for a region shown three times, its
#: mirror images and an overlapping panel box).
NEIGHBOURS = 8
#: A neighbour is kept while it is clearly nearer than the next one: distance ratio.
GAP_RATIO = 0.75
#: Two keypoints this close on one page (points) are one place.
SAME_PLACE = 4.0
#: RANSAC's reprojection tolerance (pixels) and its iterations per fit.
TOLERANCE = 3.0
ITERATIONS = 2000
#: A region whose keypoints match more places than this (median) is printed
#: repeatedly (a label in every panel, an icon), or one field in several channels.
MAX_COPIES = 1
#: Keypoints spread no wider than this (points) across a line this many times longer
#: lie along a line (:func:`_along_a_line`): a word's x-height, a gel's lane.
LINE_WIDTH = 6.0
LINE_ASPECT = 1.5
#: Region pairs sought between two panels at most (a whole image repeated needs one).
MAX_PER_PAIR = 4
#: Contrast is equalised over tiles of about this side (pixels), each limited to this
#: gain, so that dark fields yield keypoints without lifting JPEG noise to structure.
CLAHE_TILE = 32
CLAHE_LIMIT = 3.0
#: SIFT's contrast threshold, after equalisation (OpenCV's default is 0.04).
CONTRAST = 0.02
#: The longest side (pixels) a panel is searched at; larger ones are reduced.
MAX_SIDE = 1600
#: A region pair's boxes are grown by this share of their side each way, and at least
#: by :data:`MARGIN_PX`: keypoints lie inside a copy, a patch's width from its edge.
GROW = 0.25
MARGIN_PX = 8


def _mirror_order() -> np.ndarray:
    """The order of a SIFT descriptor's 128 values that describes the mirror image of
    its patch. A descriptor is 4 x 4 cells of 8 orientation bins, in the patch's own
    frame (x along its orientation); mirroring the image mirrors that orientation, so
    that in the new frame the patch is flipped top to bottom: cell rows reverse and
    each bin's angle changes sign. Computing descriptors once and reordering them costs
    nothing; detecting keypoints in the mirror image again would double the search."""
    order = np.zeros(128, int)
    for row in range(4):
        for col in range(4):
            for angle in range(8):
                order[(row * 4 + col) * 8 + angle] = ((3 - row) * 4 + col) * 8 + (-angle) % 8
    return order


_MIRRORED = _mirror_order()


@dataclass(frozen=True)
class RegionPair:
    """Two regions of image data whose keypoints agree on one transform.

    ``a`` and ``b`` index the panels given to :func:`shared_regions` (``b`` the
    ``others`` when those were given); boxes are ``(x0, y0, x1, y1)`` pixels of each
    panel's image, end-exclusive. ``mirrored`` is True when one is a mirror image of
    the other.
    """

    a: int
    b: int
    box_a: tuple[int, int, int, int]
    box_b: tuple[int, int, int, int]
    inliers: int
    mirrored: bool


@dataclass(frozen=True)
class _Keypoints:
    """The keypoints of one panel: pixel positions (in the panel's image), page
    positions (points) and descriptors."""

    pixels: np.ndarray
    page: np.ndarray
    descriptors: np.ndarray


def shared_regions(panels: Sequence[Panel], others: Sequence[Panel] | None = None
                   ) -> list[RegionPair]:
    """Region pairs of image data between two of ``panels``, or between ``panels`` and
    ``others``. Repeats inside one panel are left to :mod:`forensics.clones`, whose
    rules know the look-alike lanes of a blot and the look-alike cells of a field.

    Parameters
    ----------
    panels : sequence of Panel
        Searched whatever their class: the caller chooses which to give.
    others : sequence of Panel, optional
        When given, only pairs with ``a`` in ``panels`` and ``b`` in ``others``.

    Returns
    -------
    list of RegionPair
        Most inliers first.
    """
    every = list(panels) + list(others or [])
    first = len(panels)
    sift = cv2.SIFT.create(contrastThreshold=CONTRAST)
    found = [_keypoints(p, sift) for p in every]
    # One table of all keypoints, then of their mirror images.
    table = [(k, m) for k in range(len(every)) for m in (0, 1)]
    owner = np.concatenate([np.full(len(found[k][m].pixels), k) for k, m in table] or
                           [np.zeros(0, int)])
    mirror = np.concatenate([np.full(len(found[k][m].pixels), m) for k, m in table] or
                            [np.zeros(0, int)])
    if (mirror == 0).sum() < MIN_INLIERS or (mirror == 1).sum() < 2:
        return []
    pixels = np.concatenate([found[k][m].pixels for k, m in table])
    page_xy = np.concatenate([found[k][m].page for k, m in table])
    page_no = np.array([every[k].page for k in owner])
    described = np.concatenate([found[k][m].descriptors for k, m in table])

    queries = np.flatnonzero(mirror == 0)
    if others is not None:
        queries = queries[owner[queries] < first]  # the other side is found from these
    matcher = cv2.FlannBasedMatcher({"algorithm": 1, "trees": 4}, {"checks": 64})
    near = matcher.knnMatch(described[queries], described, k=NEIGHBOURS)

    neighbour, distance = _places(queries, near, page_no, page_xy)
    groups: dict[tuple[int, int, int], list[tuple[np.ndarray, np.ndarray, int]]] = \
        defaultdict(list)
    counts = (neighbour >= 0).sum(axis=1)
    for row, k in zip(*np.nonzero(neighbour >= 0), strict=True):
        q, j = int(queries[row]), int(neighbour[row, k])
        a, b = int(owner[q]), int(owner[j])
        if a == b or (others is not None and b < first):
            continue  # a panel's own repeats are the clone search's, which knows blots
        pa, pb = pixels[q], pixels[j]
        if others is None and a > b:
            a, b, pa, pb = b, a, pb, pa
        groups[(a, b, int(mirror[j]))].append((pa, pb, int(counts[row])))

    pairs: list[RegionPair] = []
    for (a, b, mirrored), matches in groups.items():
        shape_a, shape_b = every[a].image.shape, every[b].image.shape
        for src, dst, copies in _transforms(matches, shape_b[1] if mirrored else 0):
            if copies > MAX_COPIES:
                continue  # a mark printed in many places (a label, an icon), or channels
            if _along_a_line(src, every[a]):
                continue
            pairs.append(RegionPair(
                a=a, b=b - first if others is not None else b,
                box_a=_grown(src, shape_a), box_b=_grown(dst, shape_b),
                inliers=len(src), mirrored=bool(mirrored)))
    pairs.sort(key=lambda p: -p.inliers)
    return pairs


def _keypoints(panel: Panel, sift: cv2.Feature2D) -> tuple[_Keypoints, _Keypoints]:
    """A panel's keypoints, described as found and as their mirror images would be
    (:data:`_MIRRORED`), at their places in the image."""
    grey = panel.image if panel.image.ndim == 2 else \
        cv2.cvtColor(np.ascontiguousarray(panel.image[..., :3]), cv2.COLOR_RGB2GRAY)
    grey = grey.astype(np.uint8)
    rows, cols = grey.shape
    scale = min(1.0, MAX_SIDE / max(rows, cols))
    if scale < 1.0:
        grey = cv2.resize(grey, (max(1, round(cols * scale)), max(1, round(rows * scale))),
                          interpolation=cv2.INTER_AREA)
    tiles = (max(1, grey.shape[1] // CLAHE_TILE), max(1, grey.shape[0] // CLAHE_TILE))
    grey = cv2.createCLAHE(clipLimit=CLAHE_LIMIT, tileGridSize=tiles).apply(grey)
    mask = _unprinted(panel, grey.shape)
    x0, y0, x1, y1 = panel.bbox
    to_page = np.array([(x1 - x0) / grey.shape[1], (y1 - y0) / grey.shape[0]])
    points, described = sift.detectAndCompute(grey, mask)
    xy = np.array([p.pt for p in points], np.float32).reshape(-1, 2)
    if described is None:
        described = np.zeros((0, 128), np.float32)
    described = described.astype(np.float32)
    out = [_Keypoints(pixels=xy / scale, page=xy * to_page + (x0, y0), descriptors=d)
           for d in (described, described[:, _MIRRORED])]
    return out[0], out[1]


def _unprinted(panel: Panel, shape: tuple[int, int]) -> np.ndarray:
    """Mask (255 where searched) leaving out the panel's printed-text boxes."""
    mask = np.full(shape, 255, np.uint8)
    x0, y0, x1, y1 = panel.bbox
    sx, sy = shape[1] / max(x1 - x0, 1e-6), shape[0] / max(y1 - y0, 1e-6)
    for t in panel.text_boxes:
        c0, r0 = max(0, int((t[0] - x0) * sx) - 2), max(0, int((t[1] - y0) * sy) - 2)
        c1, r1 = int(np.ceil((t[2] - x0) * sx)) + 2, int(np.ceil((t[3] - y0) * sy)) + 2
        mask[r0:max(r0, r1), c0:max(c0, c1)] = 0
    return mask


def _places(queries: np.ndarray, near: Sequence[Sequence[cv2.DMatch]], page_no: np.ndarray,
            page_xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The neighbours of each query kept as matches: ``(queries, NEIGHBOURS)`` arrays
    of keypoint indices (-1 where none) and distances.

    A neighbour at the query's own place, or at the place of a nearer neighbour kept,
    is passed over (one place counts once); of the rest, those before the first clear
    gap in distance (:data:`GAP_RATIO`) are kept, none when there is no gap.
    """
    rows = len(queries)
    index = np.full((rows, NEIGHBOURS), -1, int)
    dist = np.full((rows, NEIGHBOURS), np.inf, np.float32)
    for row, found in enumerate(near):
        for k, m in enumerate(found[:NEIGHBOURS]):
            index[row, k], dist[row, k] = m.trainIdx, m.distance
    valid = index >= 0
    safe = np.where(valid, index, 0)
    at_page, at_xy = page_no[safe], page_xy[safe]

    def one_place(pages_1: np.ndarray, xy_1: np.ndarray, pages_2: np.ndarray,
                  xy_2: np.ndarray) -> np.ndarray:
        return (pages_1 == pages_2) & (np.hypot(*np.moveaxis(xy_1 - xy_2, -1, 0)) < SAME_PLACE)

    own = one_place(at_page, at_xy, page_no[queries][:, None], page_xy[queries][:, None])
    kept = np.zeros_like(valid)
    for k in range(NEIGHBOURS):
        earlier = one_place(at_page[:, :k], at_xy[:, :k], at_page[:, k:k + 1],
                            at_xy[:, k:k + 1]) & kept[:, :k]
        kept[:, k] = valid[:, k] & ~own[:, k] & ~earlier.any(axis=1)
    # The next kept neighbour's distance after each position.
    following = np.full((rows, NEIGHBOURS), np.inf, np.float32)
    ahead = np.full(rows, np.inf, np.float32)
    for k in range(NEIGHBOURS - 1, -1, -1):
        following[:, k] = ahead
        ahead = np.where(kept[:, k], dist[:, k], ahead)
    gap = kept & np.isfinite(following) & (dist < GAP_RATIO * following)
    last = np.where(gap.any(axis=1), gap.argmax(axis=1), -1)
    chosen = kept & (np.arange(NEIGHBOURS)[None, :] <= last[:, None])
    return np.where(chosen, index, -1), dist


def _transforms(matches: list[tuple[np.ndarray, np.ndarray, int]], mirror_width: int
                ) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """Groups of matches agreeing on one similarity transform, largest first: their
    points in a and in b, and the median number of places their keypoints of a
    matched.

    A reflection is no similarity: for mirrored matches, b's points are fitted in
    b's mirror frame (``mirror_width`` its width), where the copy is turned only.
    """
    unique = {(tuple(np.round(p, 1)), tuple(np.round(q, 1))): (p, q, n) for p, q, n in matches}
    src = np.array([p for p, _, _ in unique.values()], np.float32).reshape(-1, 2)
    dst = np.array([q for _, q, _ in unique.values()], np.float32).reshape(-1, 2)
    places = np.array([n for _, _, n in unique.values()], np.float32)
    fit = dst.copy()
    if mirror_width:
        fit[:, 0] = mirror_width - 1 - fit[:, 0]
    out: list[tuple[np.ndarray, np.ndarray, float]] = []
    cv2.setRNGSeed(0)  # RANSAC draws from OpenCV's generator: the same pairs every run
    while len(src) >= MIN_INLIERS and len(out) < MAX_PER_PAIR:
        matrix, inliers = cv2.estimateAffinePartial2D(
            src, fit, method=cv2.RANSAC, ransacReprojThreshold=TOLERANCE,
            maxIters=ITERATIONS)
        if matrix is None or inliers is None:
            break
        chosen = inliers.ravel().astype(bool)
        if chosen.sum() < MIN_INLIERS:
            break
        out.append((src[chosen], dst[chosen], float(np.median(places[chosen]))))
        src, dst, fit, places = src[~chosen], dst[~chosen], fit[~chosen], places[~chosen]
    return out


def _along_a_line(src: np.ndarray, panel: Panel) -> bool:
    """Whether matched keypoints lie along one thin line, in any direction: a word set
    into two images (a coloured label, which :mod:`forensics.overlay` leaves, being
    neither white, black nor grey), the ladder lane of two gels. Points along a line
    do not fix a region's transform: any similarity that slides the line onto itself
    fits them. (Blot strips, banded along a line, are the strip search's.)"""
    per_pt = panel.image.shape[1] / max(panel.bbox[2] - panel.bbox[0], 1e-6)
    centred = src - src.mean(axis=0)
    axes = np.linalg.svd(centred, full_matrices=False)[2]
    along = centred @ axes.T
    extent = along.max(axis=0) - along.min(axis=0)  # along the main axis, then across
    return bool(extent[1] <= LINE_WIDTH * per_pt and extent[0] >= LINE_ASPECT * extent[1])


def _grown(points: np.ndarray, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """The box of a region's keypoints grown to the copy they lie in (pixels)."""
    x0, y0 = points.min(axis=0)
    x1, y1 = points.max(axis=0)
    gx = max(MARGIN_PX, GROW * (x1 - x0))
    gy = max(MARGIN_PX, GROW * (y1 - y0))
    rows, cols = shape[:2]
    return (max(0, int(x0 - gx)), max(0, int(y0 - gy)),
            min(cols, int(np.ceil(x1 + gx)) + 1), min(rows, int(np.ceil(y1 + gy)) + 1))
