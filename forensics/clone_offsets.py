"""Candidate offsets of the clone search: displacements at which a panel repeats itself.

A paste repeats its content at one displacement. Two searches propose such
displacements for :func:`forensics.clones.find_clones` to judge:

- :func:`keypoint_offsets`: ORB keypoints matched against the panel's own
  keypoints under Lowe's ratio test (a row of look-alike bands gives each band
  several near neighbours and votes little);
- :func:`block_offsets`: for smooth content with few corners (a pasted band), every
  textured block described by its coarse grey-level layout and compared with its
  neighbours in an ordering by content, contrast removed or, in grey panels
  (:func:`is_grey`), grey levels as they are.

The densest displacements of each search are the candidates.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from forensics.hamming import ratio_matches
from forensics.settings import CloneConfig

Box = tuple[int, int, int, int]

__all__ = ["block_offsets", "is_grey", "keypoint_offsets"]


#: Half the ORB patch (pixels): how far a keypoint's evidence reaches.
_PATCH = 8


def keypoint_offsets(
    gray8: np.ndarray, config: CloneConfig
) -> list[tuple[float, float, Box]]:
    """Displacements shared by many keypoints matched to the panel's own keypoints."""
    # Small patches and three pyramid levels: pastes are small and not rescaled.
    orb = cv2.ORB_create(  # type: ignore[attr-defined]
        nfeatures=config.keypoints, scaleFactor=1.2, nlevels=3, edgeThreshold=15,
        patchSize=15, fastThreshold=5)
    keypoints, descriptors = orb.detectAndCompute(gray8, None)
    if descriptors is None or len(keypoints) < 2 * config.min_votes:
        return []
    points = np.array([k.pt for k in keypoints], np.float32)
    start, end = ratio_matches(descriptors, descriptors, config.match_ratio, same=True)
    starts, ends = points[start], points[end]
    d = ends - starts
    # Each pair counted once, from its upper (on a tie, left) point.
    backward = (d[:, 1] < 0) | ((d[:, 1] == 0) & (d[:, 0] < 0))
    starts = np.where(backward[:, None], ends, starts)
    d = np.where(backward[:, None], -d, d)
    far = np.hypot(*d.astype(np.float64).T) >= config.min_shift
    return _densest(d[far], starts[far], gray8.shape, _PATCH, config.keypoint_offsets,
                    config.min_votes)


def block_offsets(
    gray: np.ndarray, textured: np.ndarray, config: CloneConfig, exact: bool = False
) -> list[tuple[float, float, Box]]:
    """Displacements shared by many blocks whose nearest look-alike is clearly nearest.

    Keypoints miss pastes of smooth content (a band, a blot strip): corners are
    few there, and the lanes beside repeat them. Every textured block of the panel
    is compared instead, by the mean grey levels of its cells: with mean and contrast
    removed (so a re-toned or re-compressed copy still matches), or, with ``exact``,
    as they are. Blocks are put in order of their main component of variation, and
    each is compared with its neighbours in that order: a near copy has nearly the
    same place in it.

    The exact comparison is for grey panels (blots, gels): a row of generated or
    real bands looks alike once contrast is removed, while a paste repeats the grey
    levels themselves. It runs on more pixels (``grey_block_area``), since reducing a
    panel blurs two copies differently unless their offset is a multiple of the
    reduction.
    """
    if (config.grey_block_tolerance if exact else config.block_offsets) <= 0:
        return []
    rows, cols = gray.shape
    area = config.grey_block_area if exact else config.block_area
    reduce = max(1.0, math.sqrt(rows * cols / area))
    small, small_textured = gray, textured
    if reduce > 1.0:
        size = (round(cols / reduce), round(rows / reduce))
        small = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
        small_textured = cv2.resize(textured.astype(np.uint8), size,
                                    interpolation=cv2.INTER_NEAREST) > 0
    scale = np.array([cols / small.shape[1], rows / small.shape[0]])
    features, corners = _block_features(small, small_textured, config, exact)
    if exact:  # squared distances between cell vectors, in grey levels
        close, ratio = 16 * config.grey_block_tolerance ** 2, config.grey_block_ratio
        neighbours = config.grey_block_neighbours
    else:  # for unit vectors, squared distance = 2 (1 - cosine)
        close, ratio = 2.0 * (1.0 - config.block_similarity), config.block_ratio
        neighbours = config.block_neighbours
    pairs = _nearest_blocks(features, corners, close, ratio, neighbours, config)
    if pairs is None:
        return []
    vectors, starts = pairs
    half = config.block // 2
    found = _densest(vectors * scale, (starts + half) * scale, gray.shape,
                     half * float(scale.max()), config.block_offsets, config.block_votes)
    if reduce > 1.0:
        radius = math.ceil(float(scale.max())) + 1
        found = [(*_refine(gray, dx, dy, box, radius), box) for dx, dy, box in found]
    return found


def is_grey(image: np.ndarray, tint: float) -> bool:
    """Whether an image is grey or one tint of grey: no channels, channels within a few
    levels, or each channel a linear function of their mean to within ``tint`` grey
    levels (RMS; a film scanned with a blue cast)."""
    if image.ndim == 2:
        return True
    b, g, r = cv2.split(image)
    spread = cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))
    if float(cv2.mean(spread)[0]) <= 3.0:
        return True
    pixels = image[::3, ::3].reshape(-1, 3).astype(np.float32)
    mean = pixels.mean(axis=1)
    centred = mean - mean.mean()
    spread_of_mean = float(centred @ centred)
    if spread_of_mean < 1e-6:
        return False
    residual = 0.0
    for channel in pixels.T:
        channel = channel - channel.mean()
        slope = float(centred @ channel) / spread_of_mean
        residual += float(((channel - slope * centred) ** 2).mean())
    return math.sqrt(residual / 3.0) <= tint


def _block_features(
    gray: np.ndarray, textured: np.ndarray, config: CloneConfig, exact: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """The 4 x 4 cell means of every textured block (mean-free unit vectors, or grey
    levels as they are with ``exact``), and the blocks' top-left corners."""
    cell = max(1, config.block // 4)
    side = 4 * cell
    rows, cols = gray.shape
    h, w = rows - side + 1, cols - side + 1
    if h < 1 or w < 1:
        return np.empty((0, 16), np.float32), np.empty((0, 2), np.int32)
    means = cv2.boxFilter(gray, -1, (cell, cell))
    ys, xs = np.nonzero(textured[side // 2:side // 2 + h, side // 2:side // 2 + w])
    c = cell // 2
    # One gather of the 16 cell centres of every block, by flat index.
    centres = np.array([(c + j * cell) * cols + c + i * cell
                        for j in range(4) for i in range(4)])
    cells = means.ravel()[(ys * cols + xs)[:, None] + centres]
    mean_free = cells - cells.mean(axis=1, keepdims=True)
    norm = np.linalg.norm(mean_free, axis=1)
    keep = norm >= 4.0 * config.texture_std
    features = cells[keep] if exact else mean_free[keep] / norm[keep, None]
    return features.astype(np.float32), np.stack([xs[keep], ys[keep]], axis=1).astype(np.int32)


def _nearest_blocks(
    features: np.ndarray, corners: np.ndarray, close: float, ratio: float,
    neighbours: int, config: CloneConfig,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Displacements (upper or left block to the other) and starting corners of the
    blocks whose best partner among their ``neighbours`` nearest in an ordering by
    content is within squared distance ``close`` and ``ratio`` times nearer (squared)
    than any block at another displacement."""
    count = len(features)
    if count < 2 * config.block_votes or neighbours < 2:
        return None
    sample = features[::max(1, count // 2000)]
    sample = sample - sample.mean(axis=0)
    axis = np.linalg.eigh(sample.T @ sample)[1][:, -1]  # the main direction of variation
    order = np.argsort(features @ axis)
    features, corners = features[order], corners[order]
    xs, ys = corners[:, 0], corners[:, 1]
    # Any partner at another displacement closer than this could fail the ratio test.
    loose = np.float32(close / ratio)
    queries, partners, distances = [], [], []
    # Buffers reused from step to step: the loop is bound by memory traffic.
    difference, distance = np.empty_like(features), np.empty(count, features.dtype)
    for step in range(1, min(neighbours, count)):
        n = count - step
        np.subtract(features[:-step], features[step:], out=difference[:n])
        np.einsum("ij,ij->i", difference[:n], difference[:n], out=distance[:n])
        i = np.flatnonzero(distance[:n] <= loose)
        dx, dy = xs[i + step] - xs[i], ys[i + step] - ys[i]
        i = i[dx * dx + dy * dy >= config.min_shift ** 2]
        queries.append(i)
        partners.append(i + step)
        distances.append(distance[i])
    q = np.concatenate(queries + partners)
    t = np.concatenate(partners + queries)
    dist = np.concatenate(distances + distances).astype(np.float32)
    if len(q) == 0:
        return None
    best = np.full(count, np.inf, np.float32)
    np.minimum.at(best, q, dist)
    # Only blocks with a close enough partner go on to the ratio test.
    near = best[q] <= close
    q, t, dist = q[near], t[near], dist[near]
    partner = np.full(count, -1)
    nearest = dist == best[q]
    partner[q[nearest]] = t[nearest]
    # The runner-up must lie at another displacement (not a neighbour of the partner).
    mate = partner[q]
    apart = (np.abs(xs[t] - xs[mate]) > 3) | (np.abs(ys[t] - ys[mate]) > 3)
    second = np.full(count, np.inf, np.float32)
    np.minimum.at(second, q, np.where(apart, dist, np.inf).astype(np.float32))
    good = np.flatnonzero((partner >= 0) & (best < ratio * second))
    if len(good) == 0:
        return None
    start, end = corners[good], corners[partner[good]]
    vectors = end - start
    backward = (vectors[:, 1] < 0) | ((vectors[:, 1] == 0) & (vectors[:, 0] < 0))
    start = np.where(backward[:, None], end, start)
    vectors = np.where(backward[:, None], -vectors, vectors)
    return vectors.astype(np.float64), start.astype(np.float64)


def _densest(
    vectors: np.ndarray, starts: np.ndarray, shape: tuple[int, int], reach: float,
    count: int, min_votes: int,
) -> list[tuple[float, float, Box]]:
    """The ``count`` displacements with most votes (3-pixel bins, neighbours pooled),
    each with the box around its voters' starting points grown by ``reach``."""
    if len(vectors) == 0:
        return []
    rows, cols = shape
    bins = np.round(vectors / 3.0).astype(int)
    bins[:, 0] += cols // 3 + 2
    hist = np.zeros((rows // 3 + 4, 2 * (cols // 3) + 5), np.float32)
    np.add.at(hist, (bins[:, 1], bins[:, 0]), 1.0)
    free = np.ones(len(vectors), bool)
    offsets: list[tuple[float, float, Box]] = []
    while len(offsets) < count and free.any():
        pooled = cv2.boxFilter(hist, -1, (3, 3), normalize=False,
                               borderType=cv2.BORDER_CONSTANT)
        # The displacement with most free displacements in its neighbouring bins.
        votes = np.where(free, pooled[bins[:, 1], bins[:, 0]], 0.0)
        best = int(np.argmax(votes))
        if votes[best] < min_votes:
            break
        members = free & (np.abs(bins - bins[best]).max(axis=1) <= 1)
        dx, dy = np.median(vectors[members], axis=0)
        at = starts[members]
        box = (int(at[:, 0].min() - reach), int(at[:, 1].min() - reach),
               int(at[:, 0].max() + reach) + 1, int(at[:, 1].max() + reach) + 1)
        offsets.append((float(dx), float(dy), box))
        np.subtract.at(hist, (bins[members, 1], bins[members, 0]), 1.0)
        free &= ~members
    return offsets


def _refine(gray: np.ndarray, dx: float, dy: float, box: Box,
            radius: int) -> tuple[float, float]:
    """The displacement found on a reduced panel, made exact: the box's template is
    matched within ``radius`` pixels of where it points."""
    rows, cols = gray.shape
    x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), min(cols, box[2]), min(rows, box[3])
    tx0, ty0 = round(x0 + dx) - radius, round(y0 + dy) - radius
    tx1, ty1 = round(x1 + dx) + radius, round(y1 + dy) + radius
    template = gray[y0:y1, x0:x1]
    if (tx0 < 0 or ty0 < 0 or tx1 > cols or ty1 > rows or min(template.shape) < 4
            or float(template.std()) < 1e-3):
        return dx, dy
    score = cv2.matchTemplate(gray[ty0:ty1, tx0:tx1], template, cv2.TM_CCOEFF_NORMED)
    _, _, _, (lx, ly) = cv2.minMaxLoc(score)
    return float(tx0 + lx - x0), float(ty0 + ly - y0)
