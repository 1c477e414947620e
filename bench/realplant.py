"""Benchmark: duplications planted into the images of real papers, ours beside the naive peer.

For each real paper of ``../shared/real-papers`` (the tuning or test half, split by the
SHA-256 of the file name as in ``tests/data/real_expected.json``), an edited copy is
written to a temporary folder (never into the repository) in which a few embedded
images were edited as a manipulator would (``bench/planner.py``, ``bench/planting.py``):

- kinds: ``region`` (part of one micrograph, blot or photograph pasted over part of
  another image of the paper), ``clone`` (a region repeated inside one block),
  ``panel`` (a whole block pasted over another, resized to it), ``strip`` (a blot or
  gel strip reused over another), ``cross`` (a region or block of the next paper of the
  half pasted into this one);
- transforms: none, horizontal and vertical flips, 90/180/270 degree rotations, a small
  rotation (3-10 degrees), rescaling (0.7-1.4), re-toning (gamma and contrast), grey,
  JPEG re-compression (quality 20-45);
- sizes: a twentieth of a block's area up to whole blocks;
- each image keeps its format (JPEG with its own quantisation tables, JPEG 2000 at its
  own compression ratio, Flate losslessly); the truth is a source and a target
  rectangle in page points, checked on the rendered page.

How it counts
-------------
- The library runs as ``forensics scan`` does, on the unedited and on the edited copy
  of each paper (:func:`forensics.read_panels`, :func:`forensics.find_duplicates`,
  caption declarations), and as ``forensics compare`` does on each pair of a paper
  that received ``cross`` plants and the (unedited) paper they came from.
- A finding's two sides are its regions (``Match.region_a`` / ``region_b``, page
  points), or its panels' boxes when it has no region. A finding *finds* a plant when
  one side lies on the plant's source page and the other on its target page (either
  way round) and each side's box overlaps the plant's rectangle there by at least 30%
  of the smaller of the two boxes (:data:`MIN_OVERLAP`). It *outlines* it when both
  sides also have an IoU of at least 0.25 with the rectangles.
- The transform is *named right* when the finding's flip and rotation, turned round
  when the finding names target before source, equal the plant's within 2 degrees
  (rescaling, re-toning, grey and JPEG imply no flip and no rotation). Scale is not
  judged.
- A finding that finds no plant is *false*. The same count on the unedited paper is
  reported apart (*pre-existing*): the real papers hold no known duplication, so those
  are the detector's false findings on clean papers. *New* false findings are those
  of the edited copy that match no finding of the unedited paper (IoU >= 0.5 on both
  sides).
- The naive peer (``bench/real.py``: imagehash pHash of every embedded image,
  placements within 10 bits paired) runs on the same files; a pair of placements finds
  a plant by the same overlap rule, the placement rectangles standing for its sides
  (generous: a whole-figure raster stands for every region in it). It cannot find a
  clone (it never pairs an image with itself).

Usage::

    python bench/realplant.py [--half tune|test|both] [--papers 8] [--plants 5]
                              [--seed 1] [--jobs 2] [--dir DIR] [--out DIR] [--json OUT] [-v]

By default the first 8 papers of the tuning half (by file name), 5 plants each; ``--papers
0`` takes the whole half. Deterministic for a given ``--seed``, ``--plants`` and
selection of papers (the detector's own determinism aside).
"""

from __future__ import annotations

import argparse
import math
import pickle
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.planner import KINDS, make_edited_copy  # noqa: E402
from bench.planting import TRANSFORMS, overlap  # noqa: E402
from bench.real import default_dir, half_of, naive_pairs, phash_images  # noqa: E402
from forensics.geometry import iou  # noqa: E402
from forensics.model import Transform  # noqa: E402

__all__ = ["count_plants", "finding_sides", "finds", "main", "run_paper", "transform_right"]

#: Least overlap (over the smaller box) of a finding's side with a plant's rectangle.
MIN_OVERLAP = 0.3
#: Least IoU of both sides for a plant to count as outlined.
MIN_OUTLINE_IOU = 0.25
#: Tolerance on the rotation named, degrees.
ROTATION_TOLERANCE = 2.0


# --------------------------------------------------------------------------- counting


def finding_sides(match) -> tuple[tuple, tuple]:
    """A finding's two sides as ``(file name, page, box)``: its regions, else its panels."""
    a = (Path(match.a.file or "").name, match.a.page, tuple(match.region_a or match.a.bbox))
    b = (Path(match.b.file or "").name, match.b.page, tuple(match.b.bbox if match.region_b
                                                            is None else match.region_b))
    return a, b


def _on(side: tuple, plant_side: dict) -> bool:
    return side[0] == plant_side["file"] and side[1] == plant_side["page"] \
        and overlap(side[2], plant_side["rect"]) >= MIN_OVERLAP


def finds(sides: tuple[tuple, tuple], plant: dict) -> int:
    """0 when two sides do not find a plant, 1 when side a is its source, -1 when
    side a is its target (see the module docstring)."""
    a, b = sides
    if _on(a, plant["source"]) and _on(b, plant["target"]):
        return 1
    if _on(a, plant["target"]) and _on(b, plant["source"]):
        return -1
    return 0


def outlines(sides: tuple[tuple, tuple], plant: dict, way: int) -> bool:
    """Whether both sides fit the plant's rectangles (IoU >= :data:`MIN_OUTLINE_IOU`)."""
    a, b = sides if way == 1 else (sides[1], sides[0])
    return iou(a[2], plant["source"]["rect"]) >= MIN_OUTLINE_IOU and \
        iou(b[2], plant["target"]["rect"]) >= MIN_OUTLINE_IOU


def transform_right(transform: dict, plant: dict, way: int) -> bool:
    """Whether a finding's flip and rotation are the plant's (inverted when reversed)."""
    expected = Transform(rotation=plant["rotation"], flip=plant["flip"]).linear()
    reported = Transform(rotation=transform["rotation"], flip=transform["flip"]).linear()
    if way == -1:
        reported = np.linalg.inv(reported)
    if np.linalg.det(expected) * np.linalg.det(reported) < 0:
        return False
    rel = reported @ np.linalg.inv(expected)
    angle = math.degrees(math.atan2(rel[0, 1] - rel[1, 0], rel[0, 0] + rel[1, 1]))
    return abs(angle) <= ROTATION_TOLERANCE


def count_plants(findings: list[dict], plants: list[dict]) -> dict:
    """Which plants the findings find, outline and name right; which findings are false.

    ``findings`` are dicts with ``sides`` (two ``(file, page, box)``) and ``transform``
    (``{"flip", "rotation"}``, absent for the naive peer); ``plants`` are
    :meth:`Plant.to_json` dicts. Returns ``found``, ``outlined``, ``named`` (lists of
    booleans per plant) and ``false`` (indices of findings that find no plant).
    """
    found = [False] * len(plants)
    outlined = [False] * len(plants)
    named = [False] * len(plants)
    false = []
    for k, f in enumerate(findings):
        hit = False
        for n, plant in enumerate(plants):
            way = finds(f["sides"], plant)
            if not way:
                continue
            hit = found[n] = True
            outlined[n] = outlined[n] or outlines(f["sides"], plant, way)
            if f.get("transform") is not None:
                named[n] = named[n] or transform_right(f["transform"], plant, way)
        if not hit:
            false.append(k)
    return {"found": found, "outlined": outlined, "named": named, "false": false}


def _same(f: dict, g: dict) -> bool:
    (a, b), (c, d) = f["sides"], g["sides"]

    def eq(x, y):
        return x[0] == y[0] and x[1] == y[1] and iou(x[2], y[2]) >= 0.5
    return (eq(a, c) and eq(b, d)) or (eq(a, d) and eq(b, c))


# --------------------------------------------------------------------------- running


def _finding(match) -> dict:
    return {"sides": finding_sides(match), "kind": match.kind, "score": match.score,
            "transform": {"flip": match.transform.flip, "rotation": match.transform.rotation},
            "declared": match.declared is not None}


def _naive(doc_paths: list[Path]) -> tuple[list[list[tuple]], list[dict]]:
    """The naive peer's placements of one or two PDFs and its pairs as findings."""
    import pymupdf

    hashed: list[list[tuple]] = []
    for path in doc_paths:
        with pymupdf.open(path) as doc:
            hashed.append([(h, page + 1, xref, rect, path.name)
                           for h, page, xref, rect in phash_images(doc)])
    pairs = naive_pairs(hashed[0]) if len(hashed) == 1 else naive_pairs(hashed[0], hashed[1])
    findings = [{"sides": ((a[4], a[1], a[3]), (b[4], b[1], b[3])), "transform": None}
                for a, b in pairs]
    return hashed, findings


def _scan(path: Path, settings) -> tuple[list[dict], list, float, list[str]]:
    """Findings of ``forensics scan`` on one PDF, its panels, CPU s and errors."""
    from forensics import find_duplicates, read_panels
    from forensics.captions import with_declarations

    t0 = time.process_time()
    try:
        result = read_panels(path, settings)
        matches = with_declarations(find_duplicates(list(result.panels), settings=settings),
                                    result.figures)
    except Exception as exc:  # the benchmark records every failure and goes on
        return [], [], time.process_time() - t0, [f"{type(exc).__name__}: {exc}"]
    return [_finding(m) for m in matches], list(result.panels), time.process_time() - t0, []


def _settings(config: str | None):
    """The defaults, or with the fields a TOML file names replaced: any field of
    forensics/settings.py, calibrated ones included (benchmarks only)."""
    from forensics.config import read_calibration_file

    return read_calibration_file(config)


def run_paper(path: str, other: str | None, out: str, plants: int, seed: int,
              config: str | None = None) -> dict:
    """One paper: plant, scan the unedited and edited copies, run the naive peer."""
    settings = _settings(config)
    src, work = Path(path), Path(out)
    edited = work / "edited" / src.name
    edited.parent.mkdir(parents=True, exist_ok=True)
    row: dict = {"file": src.name, "half": half_of(src.name), "errors": []}
    t0 = time.process_time()
    planted, notes = make_edited_copy(src, edited, plants, seed,
                                      other=Path(other) if other else None)
    row["plant_s"] = time.process_time() - t0
    row["plants"] = [p.to_json() for p in planted]
    row["dropped"] = notes
    row["original"], panels, row["original_s"], errors = _scan(src, settings)
    row["errors"] += [f"original: {e}" for e in errors]
    with open(work / f"{src.name}.original.pkl", "wb") as fh:
        pickle.dump(panels, fh)
    t0 = time.process_time()
    row["naive_original"] = _naive([src])[1]
    row["naive_s"] = time.process_time() - t0
    if not planted:  # nothing was edited: the copy is the paper
        row["edited"], row["edited_s"] = row["original"], None
        row["naive_edited"] = row["naive_original"]
        return row
    row["edited"], panels, row["edited_s"], errors = _scan(edited, settings)
    row["errors"] += [f"edited: {e}" for e in errors]
    with open(work / f"{src.name}.edited.pkl", "wb") as fh:
        pickle.dump(panels, fh)
    row["naive_edited"] = _naive([edited])[1]
    return row


def run_cross(source: str, target: str, out: str, config: str | None = None) -> dict:
    """``compare`` of an unedited paper with the edited copy that took its copies."""
    from forensics import find_duplicates

    work = Path(out)
    row: dict = {"source": Path(source).name, "target": Path(target).name, "errors": []}
    t0 = time.process_time()
    try:
        with open(work / f"{Path(source).name}.original.pkl", "rb") as fh:
            panels_a = pickle.load(fh)
        with open(work / f"{Path(target).name}.edited.pkl", "rb") as fh:
            panels_b = pickle.load(fh)
        matches = find_duplicates(panels_a, panels_b, settings=_settings(config))
        row["findings"] = [_finding(m) for m in matches]
    except Exception as exc:  # recorded, the run goes on
        row["findings"] = []
        row["errors"].append(f"{type(exc).__name__}: {exc}")
    row["compare_s"] = time.process_time() - t0
    row["naive"] = _naive([Path(source), work / "edited" / Path(target).name])[1]
    return row


# --------------------------------------------------------------------------- tallying


def tally(rows: list[dict], crosses: list[dict]) -> dict:
    """Recall per kind and transform, transform named, false findings: ours and naive."""
    cross_by_target = {c["target"]: c for c in crosses}
    per: dict[str, Counter] = {"ours": Counter(), "naive": Counter()}
    total: Counter = Counter()
    papers = []
    for r in rows:
        plants = r["plants"]
        cross = cross_by_target.get(r["file"], {"findings": [], "naive": []})
        ours = count_plants(r["edited"] + cross["findings"], plants)
        naive = count_plants(r["naive_edited"] + cross["naive"], plants)
        for plant, f, o, nm, nf in zip(plants, ours["found"], ours["outlined"], ours["named"],
                                        naive["found"]):
            plant["result"] = {"found": f, "outlined": o, "named": nm, "naive_found": nf}
            for key in (("kind", plant["kind"]), ("transform", plant["transform"]),
                        ("all", "all")):
                total[key] += 1
                per["ours"][key + ("found",)] += f
                per["ours"][key + ("outlined",)] += o
                per["ours"][key + ("named",)] += nm
                per["naive"][key + ("found",)] += nf
        pre = count_plants(r["original"], [])["false"]
        n_naive = len(r["naive_edited"])
        n_scan = len(r["edited"])
        new = [k for k in ours["false"] if k >= n_scan or
               not any(_same(r["edited"][k], g) for g in r["original"])]
        r["false_findings"] = [r["edited"][k] if k < len(r["edited"])
                               else cross["findings"][k - len(r["edited"])]
                               for k in ours["false"]]
        papers.append({
            "file": r["file"], "plants": len(plants),
            "found": sum(ours["found"]), "naive_found": sum(naive["found"]),
            "false": len(ours["false"]), "pre_existing": len(pre), "new_false": len(new),
            "cross_false": sum(1 for k in ours["false"] if k >= n_scan),
            "naive_false": len(naive["false"]),
            "naive_cross_false": sum(1 for k in naive["false"] if k >= n_naive),
            "naive_pre_existing": len(count_plants(r["naive_original"], [])["false"]),
        })
    return {"total": total, "ours": per["ours"], "naive": per["naive"], "papers": papers}


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "-"


def _side(side) -> str:
    file, page, box = side
    return f"{file[:22]} p{page} ({', '.join(f'{v:.0f}' for v in box)})"


def print_details(rows: list[dict]) -> None:
    """Every plant with what found it, and every false finding."""
    for r in rows:
        print(f"\n{r['file']}")
        for p in r["plants"]:
            res = p.get("result", {})
            flags = " ".join(k for k in ("found", "outlined", "named", "naive_found")
                             if res.get(k))
            print(f"  {p['kind']:6} {p['transform']:14} {p['area_share']:.2f} "
                  f"{_side((p['source']['file'], p['source']['page'], p['source']['rect']))} -> "
                  f"p{p['target']['page']} ({', '.join(f'{v:.0f}' for v in p['target']['rect'])})"
                  f"  {flags or 'missed'}")
        for f in r.get("false_findings", []):
            print(f"  false: {f.get('kind')} score {f.get('score', 0):.2f} "
                  f"{_side(f['sides'][0])} ~ {_side(f['sides'][1])}")
        for note in r["dropped"]:
            print(f"  dropped: {note}")


def print_report(name: str, rows: list[dict], crosses: list[dict], t: dict) -> None:
    total, ours, naive = t["total"], t["ours"], t["naive"]
    print(f"\n[{name}] {len(rows)} papers, {total[('all', 'all')]} plants "
          f"({sum(len(r['dropped']) for r in rows)} notes on plants dropped or not made)")
    print(f"{'':16} {'found':>14} {'outlined':>14} {'named right':>14} {'naive found':>14}")
    for group, keys in (("kind", KINDS), ("transform", TRANSFORMS), ("all", ("all",))):
        for k in keys:
            key = (group, k)
            if not total[key]:
                continue
            n = total[key]
            print(f"{k:16} {_pct(ours[key + ('found',)], n):>14} "
                  f"{_pct(ours[key + ('outlined',)], n):>14} "
                  f"{_pct(ours[key + ('named',)], ours[key + ('found',)]):>14} "
                  f"{_pct(naive[key + ('found',)], n):>14}")
    print(f"\n{'paper':36} {'plants':>6} {'found':>5} {'false':>5} {'pre':>4} {'new':>4} "
          f"{'naive found':>11} {'naive false':>11} {'naive pre':>9}")
    for p in t["papers"]:
        print(f"{p['file'][:36]:36} {p['plants']:>6} {p['found']:>5} {p['false']:>5} "
              f"{p['pre_existing']:>4} {p['new_false']:>4} {p['naive_found']:>11} "
              f"{p['naive_false']:>11} {p['naive_pre_existing']:>9}")
    sums = {k: sum(p[k] for p in t["papers"]) for k in
            ("false", "pre_existing", "new_false", "naive_false", "naive_pre_existing",
             "naive_cross_false")}
    cross_false = sum(p["cross_false"] for p in t["papers"])
    print(f"false findings: ours {sums['false']} on edited copies (pre-existing on the "
          f"unedited papers {sums['pre_existing']}, new {sums['new_false']}), "
          f"{cross_false} of them in cross-paper compares; naive {sums['naive_false']} "
          f"(pre-existing {sums['naive_pre_existing']}, in cross-paper compares "
          f"{sums['naive_cross_false']})")
    cpu = sum(r["plant_s"] + r["original_s"] + (r["edited_s"] or 0) + 2 * r["naive_s"]
              for r in rows) + sum(c["compare_s"] for c in crosses)
    print(f"CPU s in all: {cpu:.0f} (planting, both scans, naive peer, compares)")
    scan = [r["original_s"] for r in rows]
    print(f"median CPU s per paper: scan {statistics.median(scan):.1f}, naive "
          f"{statistics.median(r['naive_s'] for r in rows):.1f}, planting "
          f"{statistics.median(r['plant_s'] for r in rows):.1f}")
    for r in rows:
        for e in r["errors"]:
            print(f"error {r['file']}: {e}")


def _plain(value):
    """JSON for what ``json`` does not know: numpy scalars (a flag computed in numpy),
    tuples and other iterables."""
    return value.item() if hasattr(value, "item") else list(value)


def main(argv: list[str] | None = None) -> int:
    import json

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", type=Path, default=None, help="the real papers' directory")
    ap.add_argument("--half", choices=("tune", "test", "both"), default="tune")
    ap.add_argument("--papers", type=int, default=8,
                    help="the first N papers of each half by file name (0: all)")
    ap.add_argument("--plants", type=int, default=5, help="plants per paper")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2, help="worker processes")
    ap.add_argument("--out", type=Path, default=None,
                    help="keep the edited copies here (default: a temporary folder)")
    ap.add_argument("--json", type=Path, help="write plants, findings and tallies here")
    ap.add_argument("--config", help="TOML overriding the default settings: any field of "
                    "forensics/settings.py, calibrated ones included")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list every plant with what found it, and every false finding")
    args = ap.parse_args(argv)
    directory = args.dir or default_dir()
    halves = ("tune", "test") if args.half == "both" else (args.half,)
    tmp = None
    if args.out is None:
        tmp = tempfile.TemporaryDirectory(prefix="realplant-")
        out = Path(tmp.name)
    else:
        out = args.out
        out.mkdir(parents=True, exist_ok=True)
    report: dict = {}
    try:
        with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for half in halves:
                paths = [p for p in sorted(directory.glob("*.pdf")) if half_of(p.name) == half]
                if args.papers:
                    paths = paths[:args.papers]
                if not paths:
                    print(f"no PDFs of the {half} half in {directory}")
                    return 1
                others = [str(paths[(i + 1) % len(paths)]) if len(paths) > 1 else None
                          for i in range(len(paths))]
                rows = list(pool.map(run_paper, [str(p) for p in paths], others,
                                     [str(out)] * len(paths), [args.plants] * len(paths),
                                     [args.seed] * len(paths), [args.config] * len(paths)))
                pairs = [(o, r["file"]) for o, r in zip(others, rows)
                         if o and any(p["kind"] == "cross" for p in r["plants"])]
                crosses = list(pool.map(run_cross, [o for o, _ in pairs],
                                        [str(directory / f) for _, f in pairs],
                                        [str(out)] * len(pairs), [args.config] * len(pairs)))
                t = tally(rows, crosses)
                if args.verbose:
                    print_details(rows)
                print_report(half, rows, crosses, t)
                report[half] = {"rows": rows, "crosses": crosses, "papers": t["papers"],
                                "total": {"/".join(k): v for k, v in t["total"].items()},
                                "ours": {"/".join(k): v for k, v in t["ours"].items()},
                                "naive": {"/".join(k): v for k, v in t["naive"].items()}}
    finally:
        if tmp is not None:
            tmp.cleanup()
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=_plain))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
