"""Benchmark: figure and panel extraction on generated papers and on real papers.

Generated corpus: the share of true panels found with the right figure number and
letter (IoU of boxes >= 0.7), per layout, and papers per second.
Real papers (../shared/real-papers, when present): every captioned figure found
with its number, and the share of panel letters the captions name that were
found as panels.

Usage::

    python bench/extract.py [--papers 40] [--seed 7] [--corpus DIR] [--real DIR]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forensics.caption_letters import caption_letters as _caption_letters  # noqa: E402
from forensics.extract import read_paper  # noqa: E402
from forensics.fixtures.papers import generate  # noqa: E402
from forensics.geometry import iou  # noqa: E402
from forensics.panels import split_panels  # noqa: E402

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real-papers"



def bench_generated(corpus: Path, truth: dict) -> None:
    found = defaultdict(int)
    total = defaultdict(int)
    boxes_only = defaultdict(int)
    extra = 0
    seconds = []
    misses = []
    for paper in truth["papers"]:
        t0 = time.process_time()
        _, figures = read_paper(corpus / paper["file"])
        panels = [p for f in figures for p in split_panels(f)]
        seconds.append(time.process_time() - t0)
        matched = set()
        for fig in paper["figures"]:
            for tp in fig["panels"]:
                total[fig["layout"]] += 1
                same_page = [p for p in panels if p.page == fig["page"]]
                best = max(same_page, key=lambda p: iou(p.bbox, tp["bbox"]), default=None)
                if best is None or iou(best.bbox, tp["bbox"]) < 0.7:
                    misses.append((paper["file"], fig["number"], tp["label"], fig["layout"], "box"))
                    continue
                boxes_only[fig["layout"]] += 1
                matched.add(id(best))
                if best.figure == fig["number"] and best.label == tp["label"]:
                    found[fig["layout"]] += 1
                else:
                    misses.append((paper["file"], fig["number"], tp["label"], fig["layout"],
                                   f"got {best.figure}{best.label}"))
        extra += sum(1 for p in panels if id(p) not in matched)

    print(f"\nGenerated corpus: {len(truth['papers'])} papers, {sum(total.values())} panels")
    print(f"{'layout':<10} {'panels':>7} {'box IoU>=0.7':>13} {'box+fig+letter':>15}")
    for layout in sorted(total):
        n = total[layout]
        print(f"{layout:<10} {n:>7} {boxes_only[layout] / n:>12.1%} {found[layout] / n:>14.1%}")
    n_all = sum(total.values())
    print(f"{'all':<10} {n_all:>7} {sum(boxes_only.values()) / n_all:>12.1%} "
          f"{sum(found.values()) / n_all:>14.1%}")
    print(f"extra panels (no true panel): {extra}")
    med = statistics.median(seconds)
    print(f"CPU seconds per paper: median {med:.3f}, total {sum(seconds):.1f} "
          f"-> {1 / med:.1f} papers/s/core")
    if misses:
        print("first misses:", misses[:20])


FIG_REF_RE = re.compile(
    r"(?<!Supplementary )(?<!Extended Data )(?<!Appendix )\b(?:Figure|Fig\.?|FIGURE)"
    r"[\s\u00a0\u202f]*(\d{1,2})(?![\d.]\d)"
)


def bench_real(folder: Path) -> None:
    print(f"\nReal papers ({folder}):")
    print(f"{'paper':<36} {'figures':>8} {'letters':>8} {'sec':>6}")
    all_named = all_found = 0
    for pdf in sorted(folder.glob("*.pdf")):
        import pymupdf

        with pymupdf.open(pdf) as doc:
            text = " ".join(page.get_text() for page in doc)
        expected = {int(n) for n in FIG_REF_RE.findall(text) if 0 < int(n) < 20}
        expected = set(range(1, max(expected) + 1)) if expected else set()
        t0 = time.process_time()
        _, figures = read_paper(pdf)
        got = {int(f.number) for f in figures if f.number and f.number.isdigit()}
        named = found = 0
        for f in figures:
            letters = _caption_letters(f.caption)
            labels = {p.label for p in split_panels(f) if p.label}
            named += len(letters)
            found += len(letters & labels)
        dt = time.process_time() - t0
        all_named += named
        all_found += found
        missing = sorted(expected - got)
        share = f"{found / named:.0%}" if named else "-"
        print(f"{pdf.name[:36]:<36} {len(got & expected):>3}/{len(expected):<4} {share:>8} "
              f"{dt:>6.1f}" + (f"  missing figures {missing}" if missing else ""))
    if all_named:
        print(f"caption letters found as panels: {all_found}/{all_named} = "
              f"{all_found / all_named:.1%}")


def baseline_images(corpus: Path, truth: dict) -> None:
    """The naive baseline sees only embedded images: how many true panels is that?"""
    import pymupdf

    n_images = 0
    for paper in truth["papers"]:
        with pymupdf.open(corpus / paper["file"]) as doc:
            n_images += sum(len(page.get_image_info()) for page in doc)
    n_panels = sum(len(f["panels"]) for p in truth["papers"] for f in p["figures"])
    print(f"naive baseline (embedded images as panels): {n_images} images for {n_panels} "
          "true panels")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--style", choices=("default", "real"), default="default",
                        help="generator style: 'real' draws what real papers show")
    parser.add_argument("--corpus", type=Path, help="existing corpus with truth.json")
    parser.add_argument("--real", type=Path, default=REAL)
    parser.add_argument("--keep", type=Path, help="write the generated corpus here and keep it")
    args = parser.parse_args()
    import json

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or Path(args.keep or tmp)
        if args.corpus is None:
            t0 = time.time()
            truth = generate(corpus, args.papers, args.seed, style=args.style)
            print(f"generated {args.papers} papers in {time.time() - t0:.1f}s")
        else:
            truth = json.loads((corpus / "truth.json").read_text())
        bench_generated(corpus, truth)
        baseline_images(corpus, truth)
    if args.real and args.real.is_dir():
        bench_real(args.real)
    else:
        print("\nreal papers not found; skipped")


if __name__ == "__main__":
    main()
