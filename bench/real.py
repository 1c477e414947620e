"""Benchmark: extraction on the real papers, beside the decode-only and naive-peer times.

Per paper of ``../shared/real-papers`` (tuning and test half, split by the SHA-256 of
the file name as in ``tests/data/real_expected.json``):

- main and supplementary figures found against the figures the expected facts list
  (one per caption);
- the letters the captions name, found as panels of the right figure;
- panels by class (``Panel.content`` and ``Panel.category``), and the precision and
  recall of "image data" against the labelled classes (blot, micrograph, histology,
  photograph, image_other are image data; a labelled letter with no panel counts as
  a miss of recall; a letter borne by several panels is judged by its largest), and
  the recall of the classifier alone (letters found as panels only);
- the file's errors (from :func:`forensics.read_panels` and :func:`forensics.scan`);
- CPU seconds of extraction (figures and panels), of decoding every embedded image
  once with PyMuPDF, and of the naive peer (imagehash pHash of every embedded image
  and every pair compared), all in the same worker process, interpreter start
  excluded; and the number of findings of :func:`forensics.scan` with its CPU time;
- the same measures as the issues define them, interpreter start and imports included:
  the CPU seconds (user and system, threads and child processes included) of a fresh
  ``python -m forensics scan FILE`` process, of a fresh interpreter running
  :func:`forensics.read_panels` on the file, of a fresh interpreter running the naive
  peer, and of a fresh interpreter decoding every image; with the median and the worst
  per-paper ratio of the fresh scan to the fresh naive peer (``--no-fresh`` skips them).

Timings are noisy on a shared machine: read the medians and the ratios.

Usage::

    python bench/real.py [--half tune|test|both] [--papers GLOB] [--jobs N]
                         [--dir DIR] [--json OUT] [--no-scan] [--no-fresh]

The directory defaults to ``$FORENSICS_REAL_PAPERS`` or ``../shared/real-papers``.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

if TYPE_CHECKING:
    from forensics.model import Panel

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "data" / "real_expected.json"
IMAGE_CLASSES = frozenset({"blot", "micrograph", "histology", "photograph", "image_other"})


def default_dir() -> Path:
    """Where the real papers are: ``$FORENSICS_REAL_PAPERS`` or ``../shared/real-papers``."""
    env = os.environ.get("FORENSICS_REAL_PAPERS")
    return Path(env) if env else ROOT.parent / "shared" / "real-papers"


def half_of(name: str) -> str:
    """The half a file belongs to: even SHA-256 of its name is tuning, odd is test."""
    return "tune" if int(hashlib.sha256(name.encode()).hexdigest(), 16) % 2 == 0 else "test"


def load_expected() -> dict:
    """The expected facts per file name (without the ``_about`` entry)."""
    data = json.loads(EXPECTED.read_text())
    return {k: v for k, v in data.items() if not k.startswith("_")}


def select(directory: Path, half: str, pattern: str) -> list[Path]:
    """The PDFs of one half (or both) whose names match a glob."""
    return [p for p in sorted(directory.glob("*.pdf"))
            if fnmatch.fnmatch(p.name, pattern) and half in ("both", half_of(p.name))]


def embedded_images(path: Path) -> list[tuple[int, int]]:
    """(page index, xref) of every embedded image, each xref once per document."""
    import pymupdf

    seen: set[int] = set()
    out = []
    with pymupdf.open(path) as doc:
        for page in doc:
            for info in page.get_images(full=True):
                if info[0] not in seen:
                    seen.add(info[0])
                    out.append((page.number, info[0]))
    return out


def decode_all(path: Path) -> tuple[int, float]:
    """Decode every embedded image once with PyMuPDF; (images, CPU seconds)."""
    import pymupdf

    t0 = time.process_time()
    n = 0
    with pymupdf.open(path) as doc:
        seen: set[int] = set()
        for page in doc:
            for info in page.get_images(full=True):
                if info[0] in seen:
                    continue
                seen.add(info[0])
                try:
                    pix = pymupdf.Pixmap(doc, info[0])
                    _ = pix.samples_mv  # the pixels, decoded
                    n += 1
                except Exception:  # an image PyMuPDF cannot decode is skipped
                    continue
    return n, time.process_time() - t0


def phash_images(doc, placements: bool = True) -> list[tuple[int, int, int, tuple]]:
    """(pHash, page index, xref, rect) of every embedded image placement of an open PDF.

    This is the naive peer: one perceptual hash per embedded image (imagehash's
    pHash of the decoded image in RGB), one entry per place the image is drawn.
    """
    import imagehash
    import pymupdf
    from PIL import Image

    hashes: dict[int, int | None] = {}
    out = []
    for page in doc:
        for info in page.get_images(full=True):
            xref = info[0]
            if xref not in hashes:
                try:
                    pix = pymupdf.Pixmap(doc, xref)
                    if pix.alpha:
                        pix = pymupdf.Pixmap(pix, 0)
                    if pix.n != 3:
                        pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
                    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
                    hashes[xref] = int(str(imagehash.phash(image)), 16)
                except Exception:
                    hashes[xref] = None
            h = hashes[xref]
            if h is None:
                continue
            rects = page.get_image_rects(xref) if placements else [page.rect]
            for rect in rects or [page.rect]:
                out.append((h, page.number, xref, tuple(rect)))
    return out


def naive_pairs(left: list, right: list | None = None, threshold: int = 10) -> list[tuple]:
    """Pairs of placements whose pHashes differ in at most ``threshold`` bits.

    With one list, every pair inside it (not an image with itself); with two, every
    pair across them.
    """
    pairs = []
    same = right is None
    other = left if right is None else right
    for i, a in enumerate(left):
        for j, b in enumerate(other):
            if same and j <= i:
                continue
            if same and a[2] == b[2] and a[1] == b[1] and a[3] == b[3]:
                continue
            if int(a[0] ^ b[0]).bit_count() <= threshold:
                pairs.append((a, b))
    return pairs


def naive_peer(path: Path) -> tuple[int, float]:
    """The naive peer on one PDF: (pairs flagged, CPU seconds)."""
    import pymupdf

    t0 = time.process_time()
    with pymupdf.open(path) as doc:
        pairs = naive_pairs(phash_images(doc))
    return len(pairs), time.process_time() - t0


#: What each fresh process runs: ``python -c CODE FILE`` with ``bench/`` on the path.
FRESH_CODE = {
    "extract": "import sys; from forensics import read_panels; read_panels(sys.argv[1])",
    "naive": "import sys; from real import naive_peer; from pathlib import Path; "
             "naive_peer(Path(sys.argv[1]))",
    "decode": "import sys; from real import decode_all; from pathlib import Path; "
              "decode_all(Path(sys.argv[1]))",
}


def fresh_env() -> dict[str, str]:
    """The environment of a fresh process: this checkout and ``bench/`` first on the
    path, and compiled bytecode kept and reused (in a folder of the temporary
    directory, not in the checkout), as it is after ``pip install``: a process that
    compiled every module from source (``PYTHONDONTWRITEBYTECODE`` set, as in some
    sandboxes) would spend about 0.2 CPU s more on it, which no installed copy does."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), str(ROOT / "bench")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "forensics-bench-pycache")
    return env


def fresh_cpu(argv: list[str]) -> tuple[float, int]:
    """CPU seconds (user and system) of one fresh process and everything it waited for.

    The process's own threads (OpenCV's, the OCR engine's) count; its output is
    dropped. Returns (CPU seconds, exit status). Measured as the growth of this
    process's children's usage, so calls must not overlap within one process (each
    benchmark worker runs them one by one).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env=fresh_env(), check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, done.returncode


def prime_bytecode(path: Path) -> None:
    """Run every fresh process once on one paper, untimed, so that the bytecode of
    every module they import is written before any of them is measured."""
    fresh_measures(path)


def fresh_measures(path: Path, do_scan: bool = True) -> dict:
    """The issues' measures of one paper: CPU of fresh processes, imports included.

    A process that ends in a crash, a usage error or an internal error (exit status
    other than 0, or 1 for a file that could not be read) is listed in ``errors``.
    """
    runs = {f"fresh_{name}_s": [sys.executable, "-c", code, str(path)]
            for name, code in FRESH_CODE.items()}
    if do_scan:
        runs["fresh_scan_s"] = [sys.executable, "-m", "forensics", "scan", "-q", str(path)]
    out: dict = {"fresh_errors": []}
    for key, argv in runs.items():
        out[key], status = fresh_cpu(argv)
        if status not in (0, 1) or (status == 1 and key != "fresh_scan_s"):
            out["fresh_errors"].append(f"{key}: exit status {status}")
    if do_scan:
        if out["fresh_naive_s"]:
            out["fresh_scan_over_naive"] = out["fresh_scan_s"] / out["fresh_naive_s"]
    return out


def _norm(number: str | None) -> str:
    return (number or "").strip().upper().replace(" ", "")


def _area(p: Panel) -> float:
    x0, y0, x1, y1 = p.bbox
    return (x1 - x0) * (y1 - y0)


def score_paper(expected: dict, figures, panels) -> dict:
    """Compare what extraction found in one paper with its expected facts."""
    found_numbers = {_norm(f.number) for f in figures}
    out: dict = {"figures": {}, "letters": [0, 0], "missing_letters": [],
                 "image_data": {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "unmatched": 0,
                                "unmatched_image": 0},
                 "category_right": [0, 0]}
    for kind in ("main", "supplementary"):
        want = [f for f in expected["figures"] if f["kind"] == kind]
        got = [f for f in want if _norm(f["number"]) in found_numbers]
        out["figures"][kind] = [len(got), len(want)]
    by_figure: dict[str, dict[str, Panel]] = {}
    for p in panels:
        if p.label:
            have = by_figure.setdefault(_norm(p.figure), {})
            # A letter borne by several panels (a splitter's sliver beside the real one)
            # is judged by its largest panel: the bulk of what the letter names, not
            # whichever piece comes first in reading order.
            other = have.get(p.label.upper())
            if other is None or _area(p) > _area(other):
                have[p.label.upper()] = p
    for f in expected["figures"]:
        have = by_figure.get(_norm(f["number"]), {})
        for letter in f.get("caption_letters", []):
            out["letters"][1] += 1
            if letter.upper() in have:
                out["letters"][0] += 1
            else:
                out["missing_letters"].append(f"{f['number']}{letter}")
        for letter, cls in f.get("classes", {}).items():
            if letter == "_":
                continue
            truth = cls in IMAGE_CLASSES
            p = have.get(letter.upper())
            tally = out["image_data"]
            if p is None:
                tally["unmatched"] += 1
                tally["unmatched_image"] += int(truth)
                tally["fn" if truth else "tn"] += 1
                continue
            said = p.content == "image"
            tally[("tp" if said else "fn") if truth else ("fp" if said else "tn")] += 1
            out["category_right"][1] += 1
            out["category_right"][0] += int(p.category == cls)
    out["panels_by_content"] = dict(Counter(p.content for p in panels))
    out["panels_by_category"] = dict(Counter(p.category or "-" for p in panels))
    return out


def warm_up() -> None:
    """Import what the measures use, so no paper's time includes a first import."""
    import cv2  # noqa: F401
    import imagehash  # noqa: F401
    import pymupdf  # noqa: F401

    import forensics  # noqa: F401


def run_paper(path: str, do_scan: bool = True, do_fresh: bool = True) -> dict:
    """Every measure of one paper, in one process (so the CPU times compare)."""
    from forensics import read_panels, scan

    p = Path(path)
    expected = load_expected().get(p.name, {"figures": [], "half": half_of(p.name)})
    row: dict = {"file": p.name, "half": half_of(p.name), "errors": []}
    t0 = time.process_time()
    try:
        result = read_panels(p)
        figures, panels = result.figures, result.panels
    except Exception as exc:  # the benchmark records every failure and goes on
        figures, panels = (), ()
        row["errors"].append(f"read_panels: {type(exc).__name__}: {exc}")
    row["extract_s"] = time.process_time() - t0
    row["figures_found"] = len(figures)
    row["panels"] = len(panels)
    row.update(score_paper(expected, figures, panels))
    row["images"], row["decode_s"] = decode_all(p)
    row["naive_pairs"], row["naive_s"] = naive_peer(p)
    if do_scan:
        t0 = time.process_time()
        try:
            report = scan([p])
            row["findings"] = len(report.matches)
            row["errors"] += [f"scan/{e.stage}: {e.error}" for e in report.errors]
        except Exception as exc:
            row["findings"] = None
            row["errors"].append(f"scan: {type(exc).__name__}: {exc}")
        row["scan_s"] = time.process_time() - t0
    if do_fresh:
        fresh = fresh_measures(p, do_scan)
        row["errors"] += fresh.pop("fresh_errors")
        row.update(fresh)
    return row


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else f"{a}/{b}"


def summarise(rows: list[dict]) -> dict:
    """Totals, precision/recall and median times of a set of paper rows."""
    def total(key, i):
        return sum(r[key][i] for r in rows)

    tally: Counter[str] = Counter()
    for r in rows:
        tally.update(r["image_data"])
    tp, fp, fn = tally["tp"], tally["fp"], tally["fn"]

    def median(key):
        vals = [r[key] for r in rows if r.get(key) is not None]
        return statistics.median(vals) if vals else None

    matched_fn = fn - tally["unmatched_image"]
    out = {
        "papers": len(rows),
        "main_figures": [sum(r["figures"]["main"][0] for r in rows),
                         sum(r["figures"]["main"][1] for r in rows)],
        "supplementary_figures": [sum(r["figures"]["supplementary"][0] for r in rows),
                                  sum(r["figures"]["supplementary"][1] for r in rows)],
        "letters": [total("letters", 0), total("letters", 1)],
        "image_data": dict(tally),
        "image_precision": tp / (tp + fp) if tp + fp else None,
        "image_recall": tp / (tp + fn) if tp + fn else None,
        # The classifier alone: labelled letters that were found as panels.
        "classifier_recall": tp / (tp + matched_fn) if tp + matched_fn else None,
        "category_right": [total("category_right", 0), total("category_right", 1)],
        "papers_with_errors": sum(1 for r in rows if r["errors"]),
        "findings": sum(r.get("findings") or 0 for r in rows),
        "naive_pairs": sum(r["naive_pairs"] for r in rows),
        "median_extract_s": median("extract_s"),
        "median_decode_s": median("decode_s"),
        "median_naive_s": median("naive_s"),
        "median_scan_s": median("scan_s"),
        "median_fresh_extract_s": median("fresh_extract_s"),
        "median_fresh_scan_s": median("fresh_scan_s"),
        "median_fresh_naive_s": median("fresh_naive_s"),
        "median_fresh_decode_s": median("fresh_decode_s"),
        "median_fresh_scan_over_naive": median("fresh_scan_over_naive"),
        "worst_fresh_scan_over_naive": max(
            (r["fresh_scan_over_naive"] for r in rows if r.get("fresh_scan_over_naive")),
            default=None),
    }
    scan_ratios = [r["scan_s"] / r["naive_s"] for r in rows
                   if r.get("scan_s") is not None and r.get("naive_s")]
    out["median_scan_over_naive"] = statistics.median(scan_ratios) if scan_ratios else None
    out["worst_scan_over_naive"] = max(scan_ratios, default=None)
    if out["median_extract_s"] and out["median_decode_s"]:
        out["extract_over_decode"] = out["median_extract_s"] / out["median_decode_s"]
    if out["median_extract_s"] and out["median_naive_s"]:
        out["extract_over_naive"] = out["median_extract_s"] / out["median_naive_s"]
    return out


def print_table(rows: list[dict], summaries: dict[str, dict]) -> None:
    head = (f"{'paper':34} {'half':4} {'main':>6} {'supp':>6} {'letters':>8} {'img P/R':>9} "
            f"{'panels':>6} {'find':>4} {'naive':>5} {'extr s':>6} {'dec s':>5} "
            f"{'peer s':>6} {'scan s':>6}  errors")
    print(head)
    for r in rows:
        t = r["image_data"]
        p = f"{t['tp']}/{t['tp'] + t['fp']}" if t["tp"] + t["fp"] else "-"
        rec = f"{t['tp']}/{t['tp'] + t['fn']}" if t["tp"] + t["fn"] else "-"
        main, supp = r["figures"]["main"], r["figures"]["supplementary"]
        print(f"{r['file'][:34]:34} {r['half']:4} {main[0]:>2}/{main[1]:<3} "
              f"{supp[0]:>2}/{supp[1]:<3} {r['letters'][0]:>3}/{r['letters'][1]:<4} "
              f"{p + ' ' + rec:>9} {r['panels']:>6} {r.get('findings', '-')!s:>4} "
              f"{r['naive_pairs']:>5} {r['extract_s']:>6.2f} {r['decode_s']:>5.2f} "
              f"{r['naive_s']:>6.2f} {r.get('scan_s', 0):>6.2f}  "
              f"{'; '.join(e[:60] for e in r['errors'])}")
    print()
    for name, s in summaries.items():
        def f(x):
            return "-" if x is None else f"{x:.2f}"
        print(f"[{name}] {s['papers']} papers: main figures {_ratio(*s['main_figures'])}, "
              f"supplementary {_ratio(*s['supplementary_figures'])}, caption letters as "
              f"panels {_ratio(*s['letters'])}")
        print(f"  image data: precision {f(s['image_precision'])} recall "
              f"{f(s['image_recall'])} (letters found as panels only: recall "
              f"{f(s['classifier_recall'])}) ({s['image_data']}); category right "
              f"{_ratio(*s['category_right'])}; papers with errors {s['papers_with_errors']}")
        print(f"  findings (scan) {s['findings']}, naive pairs {s['naive_pairs']}; median CPU s: "
              f"extraction {f(s['median_extract_s'])}, decode {f(s['median_decode_s'])}, "
              f"naive peer {f(s['median_naive_s'])}, scan {f(s['median_scan_s'])}; "
              f"extraction/decode {f(s.get('extract_over_decode'))}, "
              f"extraction/naive {f(s.get('extract_over_naive'))}; scan/naive per paper: "
              f"median {f(s['median_scan_over_naive'])}, worst {f(s['worst_scan_over_naive'])}")
        if s["median_fresh_naive_s"] is not None:
            print(f"  fresh processes, interpreter start included, median CPU s: scan "
                  f"{f(s['median_fresh_scan_s'])}, extraction {f(s['median_fresh_extract_s'])}, "
                  f"naive peer {f(s['median_fresh_naive_s'])}, decode "
                  f"{f(s['median_fresh_decode_s'])}; scan/naive per paper: median "
                  f"{f(s['median_fresh_scan_over_naive'])}, worst "
                  f"{f(s['worst_fresh_scan_over_naive'])}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", type=Path, default=None, help="the real papers' directory")
    ap.add_argument("--half", choices=("tune", "test", "both"), default="both")
    ap.add_argument("--papers", default="*", help="glob of file names")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument("--json", type=Path, help="write rows and summaries here")
    ap.add_argument("--no-scan", action="store_true", help="skip forensics.scan")
    ap.add_argument("--no-fresh", action="store_true",
                    help="skip the fresh-process measures (interpreter start included)")
    args = ap.parse_args(argv)
    directory = args.dir or default_dir()
    paths = select(directory, args.half, args.papers)
    if not paths:
        print(f"no PDFs in {directory} for half={args.half} papers={args.papers}")
        return 1
    if not args.no_fresh:
        prime_bytecode(paths[0])
    with ProcessPoolExecutor(max_workers=max(1, args.jobs), initializer=warm_up) as pool:
        rows = list(pool.map(run_paper, [str(p) for p in paths],
                             [not args.no_scan] * len(paths),
                             [not args.no_fresh] * len(paths)))
    rows.sort(key=lambda r: (r["half"], r["file"]))
    summaries = {h: summarise([r for r in rows if r["half"] == h])
                 for h in ("tune", "test") if any(r["half"] == h for r in rows)}
    if len(summaries) > 1:
        summaries["both"] = summarise(rows)
    print_table(rows, summaries)
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "summaries": summaries}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
