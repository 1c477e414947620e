"""Benchmark: duplicate detection end to end on PDFs, ours against the naive baseline.

A generated corpus (``forensics/fixtures/papers.py``: PDFs plus ``truth.json`` with every
planted duplication and hard negative) is run through the pipeline exactly as
``forensics scan`` runs it: :func:`forensics.audit.read_panels` then
:func:`forensics.detect.find_duplicates` within each paper. Every pair of papers
that shares a planted cross-paper duplication is then compared
(``find_duplicates(panels_a, panels_b)``, as ``forensics compare`` does), and as
many other paper pairs, chosen at random, as controls for false positives.

How it counts
-------------
- An extracted panel *is* a truth panel when it lies on the same page of the
  same file and their boxes overlap with IoU >= 0.5.
- A planted pair is *found* when some match links its two truth panels (either
  way round); a planted clone when a ``clone`` match lies on the cloned panel.
- The transform is *right* when the reported flip and rotation equal the truth
  descriptor's (inverted when the match names the panels the other way round),
  rotation within 1.5 degrees; scale is not judged (panels are re-fitted to their
  slot on the page). For overlap/strip: the kind is "overlap", neither flipped nor
  rotated (they are reused as they were).
- A match is *true* when its two truth panels are connected through the planted
  duplication graph (so two copies of one source count), or when it is a clone
  on a panel with a planted clone; otherwise it is false (including matches on
  extracted pieces that are no truth panel).
- The naive baseline sees every embedded image placement (``page.get_images`` +
  ``page.get_image_rects``), hashes its pixels with ``imagehash.phash`` and pairs
  every two placements of a paper (and of each compared pair of papers) with
  Hamming distance <= 10. A placement stands for the truth panel it overlaps with
  IoU >= 0.5, or, when it is a whole-figure raster, for every truth panel inside
  it. A pair of placements finds a planted pair when one holds one panel and the
  other the other (generous: a whole-figure raster matching another stands for
  all its panels); it is true when any such panel pair is connected. Two panels
  inside one raster can never be found (the baseline does not split figures), and
  it has no clone search.

Real papers (``../shared/real-papers``, when present) are scanned the same way and
every finding is listed: they hold no known inappropriate duplication. Only the tuning
half by default (``--half``, split as in ``bench/real.py``): the test half is for a
measurement at the end of a round, asked for by name.

Usage::

    python bench/detect.py [--papers 40] [--seed 7] [--corpus DIR] [--real DIR]
                           [--half tune|test|both|none]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cv2  # noqa: E402

from bench.real import half_of  # noqa: E402
from forensics.audit import read_panels  # noqa: E402
from forensics.captions import with_declarations  # noqa: E402
from forensics.config import read_calibration_file  # noqa: E402
from forensics.detect import find_duplicates  # noqa: E402
from forensics.fixtures import content  # noqa: E402
from forensics.fixtures.papers import generate  # noqa: E402
from forensics.geometry import iou  # noqa: E402
from forensics.model import Transform  # noqa: E402
from forensics.settings import Settings  # noqa: E402

REAL = Path(__file__).resolve().parents[2] / "shared" / "real-papers"
CLASSES = list(content.TRANSFORMS) + ["overlap", "strip", "clone"]
HARD = ("adjacent_crops", "same_layout_blots")



def inside(inner, outer, tol: float = 2.0) -> bool:
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


# --------------------------------------------------------------------------- truth


class Truth:
    """Truth panels by page, the planted duplication graph and the hard negatives."""

    def __init__(self, truth: dict) -> None:
        self.truth = truth
        self.by_page: dict[tuple[str, int], list[tuple[tuple, tuple]]] = defaultdict(list)
        for paper in truth["papers"]:
            for fig in paper["figures"]:
                for p in fig["panels"]:
                    key = (paper["file"], fig["number"], p["label"])
                    self.by_page[(paper["file"], fig["page"])].append((key, tuple(p["bbox"])))
        self.parent: dict[tuple, tuple] = {}
        self.cloned: set[tuple] = set()
        for d in truth["duplications"]:
            if d["class"] == "clone":
                self.cloned.add(self.key(d["b"]))
            else:
                self._union(self.key(d["a"]), self.key(d["b"]))
        self.hard = {frozenset((self.key(n["a"]), self.key(n["b"]))): n["class"]
                     for n in truth["hard_negatives"]}

    @staticmethod
    def key(ref: dict) -> tuple:
        return (ref["file"], ref["figure"], ref["panel"])

    def _find(self, k: tuple) -> tuple:
        while self.parent.get(k, k) != k:
            k = self.parent[k]
        return k

    def _union(self, a: tuple, b: tuple) -> None:
        self.parent.setdefault(a, a)
        self.parent.setdefault(b, b)
        self.parent[self._find(a)] = self._find(b)

    def connected(self, a: tuple | None, b: tuple | None) -> bool:
        return a is not None and b is not None and a != b and a in self.parent \
            and b in self.parent and self._find(a) == self._find(b)

    def panel_at(self, file: str, page: int, bbox) -> tuple | None:
        """The truth panel an extracted box stands for (IoU >= 0.5), or None."""
        best, best_iou = None, 0.5
        for key, box in self.by_page.get((Path(file).name, page), ()):
            score = iou(bbox, box)
            if score >= best_iou:
                best, best_iou = key, score
        return best

    def panels_in(self, file: str, page: int, bbox) -> list[tuple]:
        """Truth panels a placement stands for: the one it overlaps, or all inside it."""
        one = self.panel_at(file, page, bbox)
        if one is not None:
            return [one]
        return [key for key, box in self.by_page.get((Path(file).name, page), ())
                if inside(box, bbox)]



def transform_right(match, dup: dict, reversed_: bool) -> bool:
    cls = dup["class"]
    if cls in ("overlap", "strip"):  # reused as it was: neither turned nor mirrored
        return (match.kind == "overlap" and match.transform.flip is None
                and abs(match.transform.rotation) <= 1.5)
    if cls == "clone":
        return match.kind == "clone"
    t = dup["transform"]
    expected = Transform(rotation=float(t.get("rotation") or 0.0), flip=t.get("flip")).linear()
    reported = Transform(rotation=match.transform.rotation, flip=match.transform.flip).linear()
    if reversed_:
        reported = np.linalg.inv(reported)
    if np.linalg.det(expected) * np.linalg.det(reported) < 0:
        return False
    rel = reported @ np.linalg.inv(expected)
    angle = math.degrees(math.atan2(rel[0, 1] - rel[1, 0], rel[0, 0] + rel[1, 1]))
    return abs(angle) <= 1.5


# --------------------------------------------------------------------------- scoring


class Tally:
    """Recall per class, precision, hard-negative hits of one method."""

    def __init__(self, truth: Truth) -> None:
        self.truth = truth
        self.found: dict[int, bool] = {}  # duplication index -> transform right
        self.true = 0
        self.false: list[str] = []
        self.hard: Counter = Counter()

    def add(self, keys_a: list[tuple], keys_b: list[tuple], clone: bool, match=None,
            what: str = "") -> None:
        truth = self.truth
        is_true = False
        if clone:
            is_true = any(k in truth.cloned for k in keys_a)
        else:
            pairs = [(a, b) for a in keys_a for b in keys_b if a != b]
            is_true = any(truth.connected(a, b) for a, b in pairs)
            for a, b in pairs:
                cls = truth.hard.get(frozenset((a, b)))
                if cls:
                    self.hard[cls] += 1
                    break
        if is_true:
            self.true += 1
        else:
            self.false.append(what)
        for n, dup in enumerate(truth.truth["duplications"]):
            ta, tb = truth.key(dup["a"]), truth.key(dup["b"])
            if dup["class"] == "clone":
                hit = clone and tb in keys_a
                reversed_ = False
            elif clone:
                continue
            else:
                forward = ta in keys_a and tb in keys_b
                backward = tb in keys_a and ta in keys_b
                hit = forward or backward
                reversed_ = not forward
            if not hit:
                continue
            right = transform_right(match, dup, reversed_) if match is not None else False
            self.found[n] = self.found.get(n, False) or right

    @property
    def reported(self) -> int:
        return self.true + len(self.false)

    def precision(self) -> float:
        return self.true / self.reported if self.reported else 1.0


# --------------------------------------------------------------------------- runs


def _describe(m) -> str:
    t = m.transform
    how = []
    if t.flip:
        how.append(f"flipped {t.flip}")
    if t.rotation:
        how.append(f"rotated {t.rotation:g}°")
    return (f"{Path(m.a.file).name} Fig {m.a.figure}{m.a.panel or ''} p{m.a.page} ~ "
            f"{Path(m.b.file).name} Fig {m.b.figure}{m.b.panel or ''} p{m.b.page}: {m.kind}, "
            f"score {m.score:.2f}, "
            f"inliers {m.inliers}, overlap {m.overlap_a:.2f}/{m.overlap_b:.2f}"
            + (f", {', '.join(how)}" if how else ""))


def run_ours(corpus: Path, truth: Truth, pairs: list[tuple[str, str]], config: Settings):
    tally = Tally(truth)
    seconds, counts, panels_by_file = [], [], {}
    unmapped_truth = 0
    for paper in truth.truth["papers"]:
        t0 = time.process_time()
        result = read_panels(corpus / paper["file"], config)
        panels = list(result.panels)
        matches = find_duplicates(panels, settings=config)
        seconds.append(time.process_time() - t0)
        counts.append(len(panels))
        panels_by_file[paper["file"]] = panels
        keys = {truth.panel_at(p.file, p.page, p.bbox) for p in panels}
        unmapped_truth += sum(1 for fig in paper["figures"] for p in fig["panels"]
                              if (paper["file"], fig["number"], p["label"]) not in keys)
        _tally_matches(tally, truth, matches)
    cross_seconds = []
    for fa, fb in pairs:
        t0 = time.process_time()
        matches = find_duplicates(panels_by_file[fa], panels_by_file[fb], settings=config)
        cross_seconds.append(time.process_time() - t0)
        _tally_matches(tally, truth, matches)
    return tally, seconds, counts, cross_seconds, unmapped_truth, panels_by_file


def _tally_matches(tally: Tally, truth: Truth, matches) -> None:
    for m in matches:
        ka = truth.panel_at(m.a.file, m.a.page, m.a.bbox)
        kb = truth.panel_at(m.b.file, m.b.page, m.b.bbox)
        tally.add([ka] if ka else [], [kb] if kb else [], m.kind == "clone", m,
                  _describe(m) + f"  [truth {ka} ~ {kb}]")


def _placements(path: Path, truth: Truth) -> list[tuple[int, list[tuple], str]]:
    """(phash, truth panels, name) of every embedded image placement in a PDF."""
    import imagehash
    import pymupdf
    from PIL import Image

    out = []
    with pymupdf.open(path) as doc:
        for page in doc:
            for info in page.get_images(full=True):
                xref = info[0]
                pix = pymupdf.Pixmap(doc, xref)
                if pix.n - pix.alpha != 3:
                    pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
                image = Image.frombytes("RGB" if not pix.alpha else "RGBA",
                                        (pix.width, pix.height), pix.samples).convert("RGB")
                h = int(str(imagehash.phash(image)), 16)
                for rect in page.get_image_rects(xref):
                    keys = truth.panels_in(path.name, page.number + 1, tuple(rect))
                    out.append((h, keys, f"{path.name} p{page.number + 1} xref {xref}"))
    return out


def run_baseline(corpus: Path, truth: Truth, pairs: list[tuple[str, str]],
                 threshold: int = 10):
    tally = Tally(truth)
    seconds, images_hashed, by_file = [], [], {}

    def compare(left, right, same: bool) -> None:
        for i, (ha, ka, na) in enumerate(left):
            for j, (hb, kb, nb) in enumerate(right):
                if same and j <= i:
                    continue
                if int(ha ^ hb).bit_count() <= threshold:
                    tally.add(ka, kb, False, None, f"{na} ~ {nb}")

    for paper in truth.truth["papers"]:
        t0 = time.process_time()
        images = _placements(corpus / paper["file"], truth)
        compare(images, images, True)
        seconds.append(time.process_time() - t0)
        images_hashed.append(len(images))
        by_file[paper["file"]] = images
    for fa, fb in pairs:
        compare(by_file[fa], by_file[fb], False)
    return tally, seconds, images_hashed


def cross_pairs(truth: dict, seed: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Paper pairs with a planted cross-paper duplication, and as many random others."""
    planted = sorted({tuple(sorted((d["a"]["file"], d["b"]["file"])))
                      for d in truth["duplications"] if d["a"]["file"] != d["b"]["file"]})
    files = [p["file"] for p in truth["papers"]]
    rng = random.Random(seed)
    others: set[tuple[str, str]] = set()
    everything = [(a, b) for k, a in enumerate(files) for b in files[k + 1:]]
    candidates = [p for p in everything if p not in set(planted)]
    rng.shuffle(candidates)
    others = candidates[:len(planted)]
    return planted, sorted(others)


# --------------------------------------------------------------------------- report


def print_report(truth: Truth, ours: Tally, base: Tally, ours_s, counts, cross_s, base_s,
                 base_images, unmapped: int, n_pairs: tuple[int, int]) -> None:
    dups = truth.truth["duplications"]
    planted = Counter(d["class"] for d in dups)
    print(f"\n{len(truth.truth['papers'])} papers, {sum(counts)} extracted panels, "
          f"{len(dups)} planted duplications, {len(truth.truth['hard_negatives'])} hard negatives;"
          f" {unmapped} truth panels without an extracted panel (IoU >= 0.5)")
    print(f"cross-paper comparisons: {n_pairs[0]} pairs with planted duplications + "
          f"{n_pairs[1]} control pairs")
    print(f"\n{'class':<16}{'planted':>8}{'ours recall':>13}{'right transform':>17}"
          f"{'baseline recall':>17}")
    tot = [0, 0, 0, 0]
    for cls in CLASSES:
        idx = [n for n, d in enumerate(dups) if d["class"] == cls]
        if not idx:
            continue
        got = sum(1 for n in idx if n in ours.found)
        right = sum(1 for n in idx if ours.found.get(n))
        bgot = sum(1 for n in idx if n in base.found)
        tot = [tot[0] + len(idx), tot[1] + got, tot[2] + right, tot[3] + bgot]
        print(f"{cls:<16}{planted[cls]:>8}{got / len(idx):>13.0%}{right / len(idx):>17.0%}"
              f"{bgot / len(idx):>17.0%}")
    print(f"{'all':<16}{tot[0]:>8}{tot[1] / tot[0]:>13.1%}{tot[2] / tot[0]:>17.1%}"
          f"{tot[3] / tot[0]:>17.1%}")
    for name, tally in (("ours", ours), ("baseline", base)):
        hard = ", ".join(f"{k}={tally.hard.get(k, 0)}" for k in HARD)
        print(f"{name:<9} precision {tally.precision():.1%} ({tally.true}/{tally.reported}); "
              f"hard-negative hits: {hard}")
    med = statistics.median(ours_s)
    print(f"ours     end to end (extract + panels + detect), CPU s/paper: median {med:.2f}, "
          f"mean {statistics.mean(ours_s):.2f}, max {max(ours_s):.2f}; "
          f"{sum(counts) / sum(ours_s):.1f} panels/s/core "
          f"(median {statistics.median(counts)} panels/paper)")
    if cross_s:
        print(f"ours     compare two papers (panels already extracted): median "
              f"{statistics.median(cross_s):.2f} CPU s/pair")
    # The baseline's unit is an embedded image (often a whole figure); per panel, its
    # speed is given over the same papers' panels as ours.
    print(f"baseline embedded images + pHash + all pairs, CPU s/paper: median "
          f"{statistics.median(base_s):.3f}; {sum(base_images) / sum(base_s):.1f} "
          f"images/s/core, {sum(counts) / sum(base_s):.1f} panels/s/core (our panels)")
    missed = [(d["class"], d["a"]["file"], f"{d['a']['figure']}{d['a']['panel']}",
               d["b"]["file"], f"{d['b']['figure']}{d['b']['panel']}")
              for n, d in enumerate(dups) if n not in ours.found]
    if missed:
        print(f"\nours missed {len(missed)}:")
        for row in missed:
            print("   ", *row)
    wrong = [(d["class"], d["transform"].get("flip"), d["transform"].get("rotation"),
              d["b"]["file"], f"{d['b']['figure']}{d['b']['panel']}")
             for n, d in enumerate(dups) if n in ours.found and not ours.found[n]]
    if wrong:
        print(f"ours found with the wrong transform/kind {len(wrong)}:")
        for row in wrong:
            print("   ", *row)
    if ours.false:
        print(f"ours false positives {len(ours.false)}:")
        for row in ours.false:
            print("   ", row)


def bench_real(folder: Path, half: str, config: Settings) -> None:
    print(f"\nReal papers ({folder}, {half} half): every finding (none is a known "
          f"inappropriate duplication)")
    for pdf in sorted(folder.glob("*.pdf")):
        if half != "both" and half_of(pdf.name) != half:
            continue
        t0 = time.process_time()
        try:
            result = read_panels(pdf, config)
        except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
            print(f"  {pdf.name}: error {exc}")
            continue
        matches = with_declarations(find_duplicates(list(result.panels), settings=config),
                                    result.figures)
        dt = time.process_time() - t0
        declared = sum(1 for m in matches if m.declared)
        print(f"  {pdf.name}: {len(result.panels)} panels, {len(matches)} findings "
              f"({declared} declared by their caption), {dt:.1f} s")
        for m in matches:
            print("     ", _describe(m), f"regions {m.region_a} / {m.region_b}")
            if m.declared:
                print(f"        caption: {m.declared}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, help="existing corpus with truth.json "
                        "(generated there when it has none)")
    parser.add_argument("--classes", help="comma-separated duplication classes to plant "
                        "in a generated corpus (default: all)")
    parser.add_argument("--real", type=Path, default=REAL)
    parser.add_argument("--half", choices=("tune", "test", "both", "none"), default="tune",
                        help="which half of the real papers to scan (default: tune)")
    parser.add_argument("--config", type=Path, help="TOML overriding the defaults: any field "
                        "of forensics/settings.py, calibrated ones included")
    args = parser.parse_args(argv)
    classes = [c.strip() for c in args.classes.split(",")] if args.classes else None
    if classes and set(classes) - set(CLASSES):
        parser.error(f"unknown classes {sorted(set(classes) - set(CLASSES))}; "
                     f"known: {', '.join(CLASSES)}")
    config = read_calibration_file(args.config)
    # Core-seconds: one thread per process (an audit runs one process per core).
    cv2.setNumThreads(1)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or Path(tmp)
        if not (corpus / "truth.json").exists():
            t0 = time.time()
            generate(corpus, args.papers, args.seed, classes=classes)
            print(f"generated {args.papers} papers in {time.time() - t0:.1f} s")
        raw = json.loads((corpus / "truth.json").read_text())
        truth = Truth(raw)
        planted_pairs, control_pairs = cross_pairs(raw, args.seed)
        pairs = planted_pairs + control_pairs
        ours, ours_s, counts, cross_s, unmapped, _ = run_ours(corpus, truth, pairs, config)
        base, base_s, base_images = run_baseline(corpus, truth, pairs)
        print_report(truth, ours, base, ours_s, counts, cross_s, base_s, base_images,
                     unmapped, (len(planted_pairs), len(control_pairs)))
    if args.half == "none":
        pass
    elif args.real and args.real.is_dir():
        bench_real(args.real, args.half, config)
    else:
        print("\nreal papers not found; skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
