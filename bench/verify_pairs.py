"""Panel-level benchmark of duplicate detection (no PDFs involved).

Generates a few hundred procedural panels with ``forensics/fixtures/content.py``, plants
duplicated pairs for every transform class, partial-overlap crops of one field,
reused blot strips and in-panel clones, adds hard negatives (adjacent
non-overlapping crops of one field, blots with the same layout and different
bands, unrelated panels of the same kind), runs :func:`forensics.detect.find_duplicates`
over the whole pool once, and prints recall per class, precision, hits on hard
negatives and panels per second, next to the naive baseline (imagehash pHash,
Hamming ≤ 10, all pairs).

``--curves`` additionally verifies every candidate pair with the pixel checks
switched off and prints how the thresholds of :class:`forensics.settings.VerifyConfig`
trade recall against false positives.

Example::

    python bench/verify_pairs.py --per-class 12 --seed 1
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forensics import detect, index, verify  # noqa: E402
from forensics.fingerprint import fingerprint_panel  # noqa: E402
from forensics.fixtures import content  # noqa: E402
from forensics.geometry import iou as _iou  # noqa: E402
from forensics.model import Panel  # noqa: E402
from forensics.settings import Settings, VerifyConfig  # noqa: E402

TRANSFORM_KINDS = ("blot", "fluorescence", "tissue", "gel", "chart")
HARD_NEGATIVES = ("adjacent", "same_layout")


@dataclasses.dataclass
class Plant:
    """One planted relation between two pool indices (equal for a clone)."""

    cls: str
    a: int
    b: int
    positive: bool
    info: dict = dataclasses.field(default_factory=dict)


def _shape(rng: np.random.Generator) -> tuple[int, int]:
    return int(rng.integers(180, 400)), int(rng.integers(180, 400))


def build_pool(
    seed: int, per_class: int, distractors: int
) -> tuple[list[np.ndarray], list[str], list[Plant]]:
    """Images, what each one shows, and the planted ground truth."""
    rng = np.random.default_rng(seed)
    images: list[np.ndarray] = []
    kinds: list[str] = []
    plants: list[Plant] = []
    current = ["?"]

    def add(image: np.ndarray) -> int:
        images.append(np.ascontiguousarray(image))
        kinds.append(current[0])
        return len(images) - 1

    for name in content.TRANSFORMS:
        for k in range(per_class):
            kind = current[0] = TRANSFORM_KINDS[k % len(TRANSFORM_KINDS)]
            source = content.make_panel(kind, rng, _shape(rng), annotate=bool(rng.random() < 0.5))
            copy, info = content.apply_transform(source, name, rng)
            plants.append(Plant(name, add(source), add(copy), True, info))

    for k in range(per_class):  # partial overlaps: two crops of one field sharing 30-60%
        kind = current[0] = content.FIELD_KINDS[k % len(content.FIELD_KINDS)]
        field = content.make_field(kind, rng, (560, 560))
        side = int(rng.integers(220, 300))
        shift = int(side * rng.uniform(0.35, 0.6))
        y = int(rng.integers(0, 560 - side))
        x = int(rng.integers(0, 560 - side - shift))
        a = field[y:y + side, x:x + side]
        dy = int(rng.integers(-20, 21))
        y2 = min(max(0, y + dy), 560 - side)
        b = field[y2:y2 + side, x + shift:x + shift + side]
        plants.append(Plant("overlap", add(a), add(b), True, {"shift": (shift, y2 - y)}))

    for _ in range(per_class):  # hard negative: adjacent crops, no shared pixels
        kind = current[0] = content.FIELD_KINDS[int(rng.integers(len(content.FIELD_KINDS)))]
        field = content.make_field(kind, rng, (560, 560))
        side = int(rng.integers(200, 270))
        y = int(rng.integers(0, 560 - side))
        a = field[y:y + side, 0:side]
        b = field[y:y + side, side + 4:2 * side + 4]
        plants.append(Plant("adjacent", add(a), add(b), False))

    current[0] = "blot"
    for _ in range(per_class):  # reused strip in an otherwise different blot
        lanes, count = int(rng.integers(5, 11)), int(rng.integers(2, 4))
        shape = (int(rng.integers(160, 260)), int(rng.integers(260, 400)))
        annotate = bool(rng.random() < 0.5)
        first, boxes = content.make_blot(rng, lanes, count, shape=shape, annotate=annotate)
        pick = int(rng.integers(count))
        x0, y0, x1, y1 = boxes[pick]
        target = int(rng.integers(count))
        second, boxes2 = content.make_blot(rng, lanes, count, shape=shape, annotate=annotate,
                                           strip_images={target: first[y0:y1, x0:x1]})
        plants.append(Plant("strip", add(first), add(second), True,
                            {"box_a": boxes[pick], "box_b": boxes2[target]}))

    for _ in range(per_class):  # hard negative: same layout, different bands
        lanes, count = int(rng.integers(5, 11)), int(rng.integers(2, 4))
        shape = (int(rng.integers(160, 260)), int(rng.integers(260, 400)))
        annotate = bool(rng.random() < 0.5)
        first, _ = content.make_blot(rng, lanes, count, shape=shape, annotate=annotate)
        second, _ = content.make_blot(rng, lanes, count, shape=shape, annotate=annotate)
        plants.append(Plant("same_layout", add(first), add(second), False))

    for k in range(per_class):  # clone: a region pasted elsewhere in the same panel
        kind = current[0] = ("fluorescence", "tissue", "blot", "gel")[k % 4]
        image = content.make_panel(kind, rng, (int(rng.integers(240, 400)),
                                               int(rng.integers(240, 400))))
        rows, cols = image.shape[:2]
        side = int(min(rows, cols) * rng.uniform(0.18, 0.3))
        gray = image.mean(axis=2)
        while True:  # paste content (not blank page) somewhere it does not overlap itself
            sx, sy = int(rng.integers(0, cols - side)), int(rng.integers(0, rows - side))
            dx, dy = int(rng.integers(0, cols - side)), int(rng.integers(0, rows - side))
            if (abs(sx - dx) > side or abs(sy - dy) > side) \
                    and gray[sy:sy + side, sx:sx + side].std() > 8:
                break
        image = image.copy()
        image[dy:dy + side, dx:dx + side] = image[sy:sy + side, sx:sx + side]
        i = add(image)
        plants.append(Plant("clone", i, i, True, {"src": (sx, sy, sx + side, sy + side),
                                                  "dst": (dx, dy, dx + side, dy + side)}))

    for k in range(distractors):  # unrelated panels of every kind
        kind = current[0] = TRANSFORM_KINDS[k % len(TRANSFORM_KINDS)]
        add(content.make_panel(kind, rng, _shape(rng), annotate=bool(rng.random() < 0.5)))
    return images, kinds, plants


def _panels(images: list[np.ndarray]) -> list[Panel]:
    # One page per panel: panels drawn over one place of one page are a split
    # artefact to detection (``findings.same_place``), never a duplication.
    return [Panel(file="bench.pdf", figure=str(i), label=None, page=i + 1,
                  bbox=(0.0, 0.0, float(img.shape[1]), float(img.shape[0])), image=img)
            for i, img in enumerate(images)]


def _expected_linear(info: dict) -> np.ndarray:
    return np.array(info["matrix"], float)[:, :2]


def _reported_linear(transform) -> np.ndarray:
    theta = math.radians(transform.rotation)
    rot = np.array([[math.cos(theta), math.sin(theta)], [-math.sin(theta), math.cos(theta)]])
    flip = {None: np.eye(2), "horizontal": np.diag([-1.0, 1.0]),
            "vertical": np.diag([1.0, -1.0])}[transform.flip]
    return transform.scale * rot @ flip


def _transform_ok(match, plant: Plant) -> bool:
    reported = _reported_linear(match.transform)
    if int(match.a.figure) != plant.a:
        reported = np.linalg.inv(reported)
    expected = _expected_linear(plant.info)
    scale_e = math.sqrt(abs(np.linalg.det(expected)))
    scale_r = math.sqrt(abs(np.linalg.det(reported)))
    if abs(scale_r / scale_e - 1) > 0.05:
        return False
    return bool(np.abs(reported / scale_r - expected / scale_e).max() < 0.05)



def evaluate(found: set[tuple[int, int]], extra: dict, plants: list[Plant]) -> dict:
    """Per-class recall, precision and hard-negative hits of a set of reported pairs."""
    truth = {(min(p.a, p.b), max(p.a, p.b)): p for p in plants}
    per_class: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # planted, found, right
    for p in plants:
        if not p.positive:
            continue
        key = (min(p.a, p.b), max(p.a, p.b))
        per_class[p.cls][0] += 1
        if key in found:
            per_class[p.cls][1] += 1
            per_class[p.cls][2] += int(extra.get(key, True))
    true_pos = sum(1 for key in found if key in truth and truth[key].positive)
    hard = Counter(truth[key].cls for key in found if key in truth and not truth[key].positive)
    return {"per_class": dict(per_class), "tp": true_pos, "reported": len(found),
            "precision": true_pos / len(found) if found else 1.0, "hard": hard}


def run_ours(panels: list[Panel], plants: list[Plant], config: Settings | None = None):
    started = time.perf_counter()
    matches = detect.find_duplicates(panels, settings=config)
    elapsed = time.perf_counter() - started
    by_key = {(min(p.a, p.b), max(p.a, p.b)): p for p in plants}
    found: set[tuple[int, int]] = set()
    right: dict[tuple[int, int], bool] = {}
    for m in matches:
        a, b = int(m.a.figure), int(m.b.figure)
        key = (min(a, b), max(a, b))
        if m.kind == "clone" and key not in by_key:
            key = (-1 - a, -1 - a)  # a clone reported on a panel without a planted clone
        found.add(key)
        plant = by_key.get(key)
        if plant is None or not plant.positive:
            continue
        if plant.cls == "clone":
            regions = [m.region_a, m.region_b]
            src, dst = plant.info["src"], plant.info["dst"]
            ok = (max(_iou(regions[0], src), _iou(regions[1], src)) > 0.3
                  and max(_iou(regions[0], dst), _iou(regions[1], dst)) > 0.3)
        elif plant.cls == "strip":
            box_a, box_b = plant.info["box_a"], plant.info["box_b"]
            ra, rb = (m.region_a, m.region_b) if a == plant.a else (m.region_b, m.region_a)
            ok = m.kind == "overlap" and _iou(ra, box_a) > 0.3 and _iou(rb, box_b) > 0.3
        elif plant.cls == "overlap":
            ok = m.kind == "overlap"
        else:
            ok = _transform_ok(m, plant)
        right[key] = right.get(key, False) or ok
    return evaluate(found, right, plants), elapsed, matches


def run_baseline(images: list[np.ndarray], plants: list[Plant], threshold: int = 10):
    import imagehash
    from PIL import Image

    started = time.perf_counter()
    hashes = np.array([int(str(imagehash.phash(Image.fromarray(img))), 16) for img in images],
                      dtype=np.uint64)
    dist = np.bitwise_count(hashes[:, None] ^ hashes[None, :])
    rows, cols = np.nonzero(np.triu(dist <= threshold, k=1))
    elapsed = time.perf_counter() - started
    found = {(int(i), int(j)) for i, j in zip(rows, cols, strict=True)}
    return evaluate(found, {}, plants), elapsed


def print_table(ours: dict, t_ours: float, base: dict, t_base: float, n: int) -> None:
    classes = list(content.TRANSFORMS) + ["overlap", "strip", "clone"]
    print(f"{'class':<16}{'planted':>8}{'ours found':>12}{'ours right':>12}{'baseline':>10}")
    for cls in classes:
        planted, got, right = ours["per_class"].get(cls, [0, 0, 0])
        _, bgot, _ = base["per_class"].get(cls, [0, 0, 0])
        if planted:
            print(f"{cls:<16}{planted:>8}{got / planted:>12.0%}{right / planted:>12.0%}"
                  f"{bgot / planted:>10.0%}")
    for label, res, secs in (("ours", ours, t_ours), ("baseline", base, t_base)):
        hard = ", ".join(f"{k}={res['hard'].get(k, 0)}" for k in HARD_NEGATIVES)
        print(f"{label:<9} precision {res['precision']:.1%} ({res['tp']}/{res['reported']}), "
              f"hard-negative hits: {hard}, {n / secs:.1f} panels/s ({secs:.2f} s)")


def curves(panels: list[Panel], plants: list[Plant]) -> None:
    """Verification features of every candidate pair, and threshold sweeps over them."""
    loose = VerifyConfig(min_agreement=0.0, min_detail_ncc=-1.0, min_score=0.0,
                                min_textured_pixels=50)
    prints = [fingerprint_panel(p) for p in panels]
    pairs = index.candidate_pairs(prints)
    truth = {(min(p.a, p.b), max(p.a, p.b)): p for p in plants}
    rows = []
    for i, j in pairs:
        found = verify.verify_pair(prints[i], prints[j], loose)
        plant = truth.get((i, j))
        label = plant.cls if plant else "unrelated"
        positive = bool(plant and plant.positive)
        if found is not None:
            rows.append((label, positive, found.agreement, found.detail_ncc, found.score,
                         found.inliers))
    planted = sum(1 for p in plants if p.positive and p.cls != "clone")
    candidates = sum(1 for key in pairs if key in truth and truth[key].positive)
    print(f"\ncandidates: {len(pairs)} pairs, planted pairs among them {candidates}/{planted}")
    print("negatives passing geometry (label, agreement, detail, score, inliers):")
    for row in sorted((r for r in rows if not r[1]), key=lambda r: -r[2])[:15]:
        print("   ", row[0], *(round(v, 3) for v in row[2:]))
    print("weakest positives:")
    for row in sorted((r for r in rows if r[1]), key=lambda r: r[2])[:10]:
        print("   ", row[0], *(round(v, 3) for v in row[2:]))
    for name, col in (("agreement", 2), ("detail_ncc", 3), ("score", 4)):
        print(f"sweep {name}: threshold → positives kept / negatives kept")
        for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            pos = sum(1 for r in rows if r[1] and r[col] >= t)
            neg = sum(1 for r in rows if not r[1] and r[col] >= t)
            print(f"   {t:.1f}: {pos} / {neg}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-class", type=int, default=12, help="planted pairs per class")
    parser.add_argument("--distractors", type=int, default=80, help="unrelated single panels")
    parser.add_argument("--curves", action="store_true", help="also print threshold sweeps")
    args = parser.parse_args(argv)

    images, kinds, plants = build_pool(args.seed, args.per_class, args.distractors)
    panels = _panels(images)
    print(f"{len(images)} panels, {sum(p.positive for p in plants)} planted positives, "
          f"{sum(not p.positive for p in plants)} planted hard negatives")
    ours, t_ours, matches = run_ours(panels, plants)
    base, t_base = run_baseline(images, plants)
    print_table(ours, t_ours, base, t_base, len(images))
    if args.curves:
        curves(panels, plants)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
