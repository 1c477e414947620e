"""Panel image → Fingerprint: orientation-invariant hashes and keypoint descriptors.

A fingerprint holds everything the later stages need, as compact numpy data:

- ``phash``: a 64-bit DCT perceptual hash of the whole panel for each of the
  8 orientations (the dihedral group: 4 rotations × mirror), so that a flipped or
  rotated copy has one hash equal, or close, to the original's identity hash.
- ``descriptors`` / ``points``: ORB keypoints of a downscaled grey copy, sorted
  strongest first. Keypoints survive crops, partial overlaps and small rotations,
  which whole-image hashes do not; the strongest few are the crop-tolerant keys the
  index votes with (:func:`forensics.index.descriptor_votes`).
- ``mirror_descriptors`` / ``mirror_points``: the same keypoints described on the
  horizontally mirrored image. Binary descriptors are not mirror-invariant, so a
  flipped copy is only found by matching against these. Detection runs once; the
  mirrored set costs one extra ``compute`` call.
- ``gray``: the downscaled grey image itself (the dense check in
  :mod:`forensics.verify` correlates pixels, not hashes).

Orientation order of ``phash`` (see :data:`ORIENTATIONS`): index ``k`` in 0..3 is
the image rotated ``90 * k`` degrees counter-clockwise; ``4 + k`` is the image
mirrored left-right, then rotated ``90 * k`` degrees counter-clockwise.

Coordinates in ``points`` are ``(x, y)`` = ``(col, row)`` pixels of ``gray``;
``work_scale`` converts them back: original pixel = work pixel / ``work_scale``.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

import cv2
import numpy as np

from forensics.model import Panel
from forensics.settings import FingerprintConfig

logger = logging.getLogger(__name__)

#: Name and version of the fingerprint algorithm. Stored hashes are only
#: comparable with hashes of the same algorithm; bump on any change that alters them.
ALGORITHM = "forensics-orb-phash/2"

#: ``(mirror, quarter_turns)`` for each of the 8 entries of ``Fingerprint.phash``.
ORIENTATIONS: tuple[tuple[bool, int], ...] = tuple(
    (mirror, k) for mirror in (False, True) for k in range(4)
)




@dataclass(frozen=True, eq=False)
class Fingerprint:
    """Compact description of one panel image (see the module docstring).

    Attributes
    ----------
    algorithm : str
        :data:`ALGORITHM` at the time the fingerprint was made.
    shape : tuple of int
        ``(rows, cols)`` of the original panel image.
    work_scale : float
        Pixels of ``gray`` per pixel of the original image.
    phash : ndarray of uint64, shape (8,)
        Whole-image perceptual hash for each orientation in :data:`ORIENTATIONS`.
    points, mirror_points : ndarray of float32, shape (n, 2)
        Keypoint ``(x, y)`` in ``gray`` (``mirror_points`` in the mirrored ``gray``);
        row ``r`` of both is the same keypoint.
    descriptors, mirror_descriptors : ndarray of uint8, shape (n, 32)
        ORB descriptors, strongest keypoint first.
    gray : ndarray of uint8, shape (rows, cols)
        The downscaled grey image the keypoints were found on.
    """

    algorithm: str
    shape: tuple[int, int]
    work_scale: float
    phash: np.ndarray
    points: np.ndarray = field(repr=False)
    descriptors: np.ndarray = field(repr=False)
    mirror_points: np.ndarray = field(repr=False)
    mirror_descriptors: np.ndarray = field(repr=False)
    gray: np.ndarray = field(repr=False)

    @property
    def keypoint_count(self) -> int:
        """Number of keypoints in the direct (not mirrored) set."""
        return int(len(self.descriptors))


def to_gray(image: np.ndarray) -> np.ndarray:
    """Return a 2-D ``uint8`` grey copy of an RGB, RGBA or grey image.

    Parameters
    ----------
    image : ndarray
        ``(rows, cols)`` or ``(rows, cols, channels)`` array of ``uint8``.
    """
    image = np.asarray(image)
    if image.dtype != np.uint8:
        raise TypeError(f"panel image must be uint8, got {image.dtype}")
    if image.ndim == 2:
        return np.ascontiguousarray(image)
    if image.ndim == 3 and image.shape[2] == 3:
        return cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2GRAY)
    if image.ndim == 3 and image.shape[2] == 4:
        return cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGBA2GRAY)
    if image.ndim == 3 and image.shape[2] == 1:
        return np.ascontiguousarray(image[:, :, 0])
    raise ValueError(f"panel image must be (rows, cols[, 1|3|4]), got shape {image.shape}")


def orient(image: np.ndarray, mirror: bool, quarter_turns: int) -> np.ndarray:
    """Mirror ``image`` left-right (if asked), then rotate it counter-clockwise.

    This is the convention of :class:`forensics.model.Transform`: flip first,
    then rotation by ``90 * quarter_turns`` degrees counter-clockwise.
    """
    if mirror:
        image = image[:, ::-1]
    return np.ascontiguousarray(np.rot90(image, quarter_turns))


def perceptual_hashes(gray: np.ndarray) -> np.ndarray:
    """64-bit DCT hashes of ``gray`` in the 8 orientations of :data:`ORIENTATIONS`.

    Like imagehash's ``phash``: a 32×32 area-resampled copy, its 2-D DCT, and one
    bit per coefficient of the lowest 8×8 frequencies, set when above their median.
    Mirroring or rotating the image only changes signs and transposes the DCT, so
    one DCT suffices: horizontal mirroring negates odd column frequencies, a
    quarter turn counter-clockwise transposes then negates odd row frequencies.

    Returns
    -------
    ndarray of uint64, shape (8,)
    """
    small = cv2.resize(gray, (32, 32), interpolation=cv2.INTER_AREA).astype(np.float32)
    low = cv2.dct(small)[:8, :8].astype(np.float64)
    odd = (np.arange(8) % 2).astype(bool)
    weights = np.left_shift(np.uint64(1), np.arange(64, dtype=np.uint64))
    hashes = np.empty(8, dtype=np.uint64)
    for index, (mirror, turns) in enumerate(ORIENTATIONS):
        block = low.copy()
        if mirror:
            block[:, odd] *= -1.0
        for _ in range(turns):
            # rot90 counter-clockwise: out[i, j] = in[j, W-1-i]; in DCT terms a
            # transpose, then a sign change on odd row frequencies.
            block = block.T.copy()
            block[odd, :] *= -1.0
        bits = (block > np.median(block)).ravel()
        hashes[index] = np.bitwise_or.reduce(weights[bits]) if bits.any() else np.uint64(0)
    return hashes


#: Longest side (px) a large panel is reduced to (``work_side`` is what a small one is
#: enlarged to): 640 keeps a region a twentieth of a whole-figure raster at 2-4 px/pt
#: large enough for ORB.
MAX_WORK_SIDE = 640


def _work_image(gray: np.ndarray, config: FingerprintConfig) -> tuple[np.ndarray, float]:
    """Resize ``gray`` so its longest side is at least ``work_side`` (enlarging at most
    ``max_upscale``) and at most :data:`MAX_WORK_SIDE`, keeping its shortest side at
    ``work_short_side`` where possible."""
    rows, cols = gray.shape
    # Panels between work_side and MAX_WORK_SIDE are worked on as they are: reduced,
    # a region a twentieth of one is too small for ORB patches; enlarged, a copy
    # printed at a fifth of its size falls outside ORB's pyramid.
    longest = max(rows, cols)
    side = min(max(config.work_side, longest), max(config.work_side, MAX_WORK_SIDE))
    scale = min(side / longest, config.max_upscale)
    scale = max(scale, min(config.work_short_side / min(rows, cols), config.max_upscale))
    if abs(scale - 1.0) < 1e-3:
        return gray, 1.0
    size = (max(1, round(cols * scale)), max(1, round(rows * scale)))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.resize(gray, size, interpolation=interpolation), scale


#: ORB is asked for this many times the keypoints kept, so that every part of the
#: panel has candidates to keep: ORB's own cut keeps the strongest corners of the
#: whole image, which sit on the highest-contrast area and leave a faint region bare.
OVERSAMPLE = 4
#: Side (work pixels) of the grid cells keypoints are spread over: about two ORB
#: patches, so a region a twentieth of a panel still holds several cells.
CELL = 48
#: Work-image area (px²) per keypoint of the budget beyond ``keypoints``: a large panel
#: keeps as dense a set as a small one (a region of it holds as many keypoints as the
#: same region would in a panel of its own). Capped by :data:`MAX_KEYPOINTS`.
AREA_PER_KEYPOINT = 160
MAX_KEYPOINTS = 2500


def _budget(shape: tuple[int, int], config: FingerprintConfig) -> int:
    """Keypoints kept for a work image: ``config.keypoints``, more for a large one."""
    return int(min(MAX_KEYPOINTS, max(config.keypoints,
                                      shape[0] * shape[1] // AREA_PER_KEYPOINT)))


def _spread(keypoints: list, shape: tuple[int, int], budget: int) -> np.ndarray:
    """Indices of the keypoints to keep, ordered so that any prefix is spread over
    the image and the pyramid: the strongest of each :data:`CELL` cell of each level
    first, then the second of each, and so on; the levels taken in turn inside a
    round (strength decides last), so a copy shrunk to a third shares some of the
    first ones.
    """
    if not keypoints:
        return np.zeros(0, int)
    xy = np.array([k.pt for k in keypoints], np.float32)
    response = np.array([k.response for k in keypoints])
    octave = np.array([k.octave for k in keypoints])
    cols = max(1, -(-shape[1] // CELL))
    rows = max(1, -(-shape[0] // CELL))
    # Cells per pyramid level: the coarse levels (what a copy printed at a third of
    # the size shares) hold weaker corners, and would lose every cell to the fine ones.
    cell = (octave * rows + (xy[:, 1] // CELL).astype(int)) * cols \
        + (xy[:, 0] // CELL).astype(int)
    strength = np.argsort(-response, kind="stable")
    rank_in_cell = np.zeros(len(keypoints), int)
    rank_in_level = np.zeros(len(keypoints), int)
    for key, ranks in ((cell, rank_in_cell), (octave, rank_in_level)):
        ordered = key[strength]
        order = np.argsort(ordered, kind="stable")
        sorted_keys = ordered[order]
        starts = np.r_[0, np.nonzero(np.diff(sorted_keys))[0] + 1]
        counts = np.diff(np.r_[starts, len(sorted_keys)])
        within = np.arange(len(sorted_keys)) - np.repeat(starts, counts)
        ranks[strength[order]] = within
    # Rounds over cells; in a round, levels in turn, then strength.
    order = np.lexsort((-response, rank_in_level, rank_in_cell))
    return order[:budget]


def _orb(config: FingerprintConfig, features: int | None = None) -> Any:
    # Patch 31 with edge 16: keypoints closer to the border than the patch radius
    # are dropped by compute(); an equal margin keeps the mirrored set identical.
    return cv2.ORB_create(  # type: ignore[attr-defined]
        nfeatures=features or config.keypoints,
        scaleFactor=1.2,
        nlevels=6,
        edgeThreshold=16,
        patchSize=31,
        fastThreshold=config.fast_threshold,
    )


def fingerprint_image(image: np.ndarray, config: FingerprintConfig | None = None) -> Fingerprint:
    """Compute the fingerprint of one panel image.

    Parameters
    ----------
    image : ndarray of uint8
        ``(rows, cols, 3)`` RGB (or ``(rows, cols)`` grey) panel pixels.
    config : FingerprintConfig, optional
        Thresholds; the defaults when omitted.

    Returns
    -------
    Fingerprint

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> fp = fingerprint_image(rng.integers(0, 255, (200, 300, 3), dtype=np.uint8))
    >>> fp.phash.shape, fp.descriptors.shape[1]
    ((8,), 32)
    """
    config = config or FingerprintConfig()
    gray = to_gray(image)
    if min(gray.shape) < 8:
        raise ValueError(f"panel image {gray.shape} is too small to fingerprint (< 8 px)")
    work, scale = _work_image(gray, config)
    budget = _budget(work.shape, config)
    orb = _orb(config, OVERSAMPLE * budget)
    keypoints, descriptors = orb.detectAndCompute(work, None)
    if len(keypoints) < config.few_keypoints and config.fast_threshold >= 2:
        # Smooth content (blurred nuclei, an enlarged copy) has few strong corners:
        # take the faint ones rather than leave the panel unmatchable.
        orb = _orb(replace(config, fast_threshold=config.fast_threshold // 2),
                   OVERSAMPLE * budget)
        keypoints, descriptors = orb.detectAndCompute(work, None)
    if descriptors is None or not keypoints:
        points = np.zeros((0, 2), np.float32)
        descriptors = np.zeros((0, 32), np.uint8)
        mirror_points, mirror_descriptors = points, descriptors
    else:
        # Spread over the panel and over pyramid levels: the first few (the index's
        # voting keys) then cover every part and scale of it (see _spread).
        order = _spread(keypoints, work.shape, budget)
        keypoints = [keypoints[i] for i in order]
        descriptors = descriptors[order]
        points = np.array([k.pt for k in keypoints], np.float32)
        # Mirror the keypoints instead of detecting again: x -> W-1-x, the
        # orientation angle reflects to 180-angle.
        width = work.shape[1]
        # class_id carries the rank: compute() regroups keypoints by pyramid level.
        mirrored = [
            cv2.KeyPoint(width - 1 - k.pt[0], k.pt[1], k.size, (180.0 - k.angle) % 360.0,
                         k.response, k.octave, rank)
            for rank, k in enumerate(keypoints)
        ]
        mirrored, mirror_descriptors = orb.compute(np.ascontiguousarray(work[:, ::-1]), mirrored)
        if mirror_descriptors is None or not mirrored:
            mirror_points = np.zeros((0, 2), np.float32)
            mirror_descriptors = np.zeros((0, 32), np.uint8)
        else:
            back = np.argsort([k.class_id for k in mirrored], kind="stable")
            kept = np.array([mirrored[i].class_id for i in back], np.int64)
            mirror_points = np.array([mirrored[i].pt for i in back], np.float32).reshape(-1, 2)
            mirror_descriptors = mirror_descriptors[back]
            # Keep the two sets aligned row by row (the index relies on it).
            points, descriptors = points[kept], descriptors[kept]
    return Fingerprint(
        algorithm=ALGORITHM,
        shape=(int(gray.shape[0]), int(gray.shape[1])),
        work_scale=float(scale),
        phash=perceptual_hashes(gray),
        points=points,
        descriptors=np.ascontiguousarray(descriptors, dtype=np.uint8),
        mirror_points=mirror_points,
        mirror_descriptors=np.ascontiguousarray(mirror_descriptors, dtype=np.uint8),
        gray=work,
    )


#: Fingerprints of the panels fingerprinted last in this process, by their pixels and
#: settings. One paper's panels are fingerprinted by its own scan, again for its
#: corpus keys, and again in every comparison of an audit that names them.
RECENT = 96

_recent: OrderedDict[tuple, Fingerprint] = OrderedDict()


def fingerprint_panel(panel: Panel, config: FingerprintConfig | None = None) -> Fingerprint:
    """Fingerprint of a :class:`~forensics.model.Panel` (see :func:`fingerprint_image`).

    The last :data:`RECENT` are kept, keyed by a digest of the pixels, so the same
    panel is fingerprinted once however often it is compared. Their arrays are
    read-only, as every caller treats them.
    """
    config = config or FingerprintConfig()
    image = np.ascontiguousarray(panel.image)
    key = _pixels_key(image, config)
    found = _recent.get(key)
    if found is not None:
        _recent.move_to_end(key)
        return found
    try:
        made = fingerprint_image(image, config)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{panel.name} of {panel.file}: {exc}") from exc
    _keep(key, made)
    return made


def _pixels_key(image: np.ndarray, config: FingerprintConfig) -> tuple:
    """What a kept fingerprint is found by: a digest of the pixels, and the settings."""
    return (hashlib.blake2b(image.data, digest_size=16).digest(), image.shape,
            image.dtype.str, config)


def _keep(key: tuple, made: Fingerprint) -> None:
    """Keep ``made`` among the :data:`RECENT`, its arrays read-only."""
    for array in (made.phash, made.points, made.descriptors, made.mirror_points,
                  made.mirror_descriptors, made.gray):
        array.flags.writeable = False
    _recent[key] = made
    _recent.move_to_end(key)
    if len(_recent) > RECENT:
        _recent.popitem(last=False)


def remember(image: np.ndarray, config: FingerprintConfig, made: Fingerprint) -> None:
    """Keep ``made`` as the fingerprint of these pixels under ``config``, so that
    :func:`fingerprint_panel` returns it instead of fingerprinting them again (a
    fingerprint read back from a store, :func:`keypoints_from_bytes`)."""
    image = np.ascontiguousarray(image)
    _keep(_pixels_key(image, config), made)


#: Layout of :func:`keypoints_to_bytes`: keypoints kept, mirrored keypoints kept (the
#: same or none), rows and columns of the panel, then the work scale.
_HEADER = np.dtype([("n", "<i4"), ("m", "<i4"), ("rows", "<i4"), ("cols", "<i4"),
                    ("scale", "<f8")])


def keypoints_to_bytes(fp: Fingerprint) -> bytes:
    """The keypoints of ``fp`` as bytes for a store: points, descriptors and mirrored
    descriptors (72 bytes a keypoint). Not stored: the mirrored points (the points
    reflected, recomputed exactly), the work image (made again from the pixels, a
    resize) and the hashes (stored apart as search keys)."""
    header = np.array([(len(fp.points), len(fp.mirror_points), fp.shape[0], fp.shape[1],
                        fp.work_scale)], _HEADER)
    return b"".join((header.tobytes(), np.ascontiguousarray(fp.points, "<f4").tobytes(),
                     np.ascontiguousarray(fp.descriptors, np.uint8).tobytes(),
                     np.ascontiguousarray(fp.mirror_descriptors, np.uint8).tobytes()))


def keypoints_from_bytes(data: bytes, image: np.ndarray, phash: np.ndarray,
                         config: FingerprintConfig | None = None) -> Fingerprint:
    """The fingerprint of ``image`` from its stored keypoints (:func:`keypoints_to_bytes`)
    and hashes: equal, array for array, to :func:`fingerprint_image` of the same pixels
    and settings, at the cost of a resize instead of a keypoint search.

    Raises
    ------
    ValueError
        If the bytes are not a fingerprint of an image of this size at these settings.
    """
    config = config or FingerprintConfig()
    if len(data) < _HEADER.itemsize:
        raise ValueError("stored keypoints too short")
    [(n, m, rows, cols, scale)] = np.frombuffer(data, _HEADER, count=1).tolist()
    gray = to_gray(image)
    if (rows, cols) != gray.shape or m not in (0, n) or \
            len(data) != _HEADER.itemsize + n * 8 + (n + m) * 32:
        raise ValueError(f"stored keypoints of a {rows}x{cols} panel with {n}/{m} rows do "
                         f"not fit a {gray.shape[0]}x{gray.shape[1]} panel")
    work, work_scale = _work_image(gray, config)
    if work_scale != scale:
        raise ValueError("stored keypoints were found at other settings")
    at = _HEADER.itemsize
    points = np.frombuffer(data, "<f4", 2 * n, at).reshape(n, 2).astype(np.float32)
    at += 8 * n
    descriptors = np.frombuffer(data, np.uint8, 32 * n, at).reshape(n, 32).copy()
    at += 32 * n
    mirror_descriptors = np.frombuffer(data, np.uint8, 32 * m, at).reshape(m, 32).copy()
    # as fingerprint_image mirrors them: x -> W-1-x, through a cv2.KeyPoint's float32
    mirror_points = points.copy() if m else np.zeros((0, 2), np.float32)
    if m:
        mirror_points[:, 0] = (float(work.shape[1] - 1)
                               - points[:, 0].astype(np.float64)).astype(np.float32)
    return Fingerprint(algorithm=ALGORITHM, shape=(rows, cols), work_scale=scale,
                       phash=np.asarray(phash, np.uint64).copy(), points=points,
                       descriptors=descriptors, mirror_points=mirror_points,
                       mirror_descriptors=mirror_descriptors, gray=work)


def hamming_distance(a: Fingerprint, b: Fingerprint) -> int:
    """Smallest Hamming distance between ``a``'s identity hash and any orientation of ``b``.

    Raises ``ValueError`` when the fingerprints come from different algorithms,
    whose hashes cannot be compared.
    """
    if a.algorithm != b.algorithm:
        raise ValueError(f"cannot compare fingerprints of {a.algorithm!r} and {b.algorithm!r}")
    return int(np.bitwise_count(np.bitwise_xor(a.phash[0], b.phash)).min())
