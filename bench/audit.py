"""Benchmark: batch audits of a generated corpus, beside the naive baseline.

A generated corpus (``forensics/fixtures/papers.py``, with cross-paper plants) is
audited into a fresh SQLite store exactly as ``forensics audit DIR --db X`` does it
(:func:`forensics.batch.audit_corpus`, local engine), and the stored findings are scored
against ``truth.json`` over the whole corpus: every pair of papers, not sampled pairs.
It reports

- throughput: papers per minute end to end (wall clock, on ``--workers`` processes),
  the wall time of each stage (hash, read, search, compare), CPU seconds per paper
  read and per pair of papers compared;
- recall per class and precision, inside papers and across papers, and the
  cross-paper recall of ``forensics compare`` run on every pair with a planted
  cross-paper copy (plus as many control pairs), for the corpus search's losses;
- the naive baseline (imagehash pHash of every embedded image, every pair of
  images in the corpus within 10 bits: ``bench/detect.py``'s ``run_baseline``) on the
  same corpus, with its CPU time;
- ``scan --against``: ``--against`` papers of the corpus that have a cross-paper copy,
  each checked as a manuscript against the store (its own stored copy left out) by
  the CLI: wall and CPU seconds each, and their cross-paper plants found;
- resume cost: a second run with nothing new, and a run killed (SIGKILL) half way
  through reading and run again, whose findings must equal the uninterrupted run's;
- with ``--dask``: the same audit on a 2-worker Dask ``LocalCluster``, whose findings
  must equal the local engine's.

With ``--scale 10000,100000,1000000`` it measures the corpus candidate search alone
(:func:`forensics.corpus.candidate_panels`) and nothing else: for each number of
stored panels, synthetic keys with 1% planted near duplicates
(:func:`forensics.fixtures.fingerprints.synthetic_keys`) are searched on one thread by
the scalable path (multi-index hashing), and by the exact path (brute force, the naive
peer) up to ``--exact-up-to`` panels. Each size runs in a process of its own, whose
peak resident memory (keys included) is reported with CPU and wall seconds, the
candidates, the share of plants among them per kind, and the growth per 10x.

Counting (a truth panel for an extracted one, a found plant, a true match) is
``bench/detect.py``'s; see its docstring.

Usage::

    python bench/audit.py [--papers 40] [--seed 7] [--corpus DIR] [--workers 2] [--dask]
    python bench/audit.py --scale 1000,10000,100000,1000000 [--exact-up-to 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from detect import CLASSES, Tally, Truth, _tally_matches, cross_pairs, run_baseline  # noqa: E402

from forensics.batch import (  # noqa: E402
    audit_corpus,
    scan_against,
    settings_digest,
    stored_report,
)
from forensics.detect import find_duplicates  # noqa: E402
from forensics.fixtures.papers import generate  # noqa: E402
from forensics.report import match_json  # noqa: E402
from forensics.settings import Settings  # noqa: E402
from forensics.store import Store  # noqa: E402

CLI = [sys.executable, "-c", "from forensics.cli import main; main()"]


def findings(report) -> set[str]:
    """Findings comparable across runs (files by name)."""
    out = set()
    for m in report.matches:
        data = match_json(m)
        for side in ("a", "b"):
            data[side]["file"] = Path(data[side]["file"]).name
        out.add(json.dumps(data, sort_keys=True))
    return out


def tally(truth: Truth, matches, cross_only: bool) -> Tally:
    t = Tally(truth)
    _tally_matches(t, truth, [m for m in matches
                              if not cross_only or m.a.file != m.b.file])
    return t


def recall(tally_: Tally, truth: Truth, which) -> tuple[int, int]:
    idx = [n for n, d in enumerate(truth.truth["duplications"]) if which(d)]
    return sum(1 for n in idx if n in tally_.found), len(idx)


def is_cross(d: dict) -> bool:
    return d["a"]["file"] != d["b"]["file"]


def run_audit(corpus: Path, db: Path, workers: int, engine: str = "local"):
    started = time.perf_counter()
    summary = audit_corpus([corpus], db, engine=engine, workers=workers)
    return summary, time.perf_counter() - started


def killed_and_resumed(corpus: Path, db: Path, workers: int, papers: int) -> tuple[float, float]:
    """Wall seconds of a run killed half way through reading, and of the run after it."""
    started = time.perf_counter()
    process = subprocess.Popen(CLI + ["audit", str(corpus), "--db", str(db), "-j", str(workers)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith(f"read {max(1, papers // 2)}/"):
            process.send_signal(signal.SIGKILL)
            break
    process.wait()
    killed = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run(CLI + ["audit", str(corpus), "--db", str(db), "-j", str(workers), "-q"],
                   check=False, capture_output=True)
    return killed, time.perf_counter() - started


def pairwise_compare(db: Path, truth: Truth, pairs: list[tuple[str, str]]) -> tuple[Tally, list]:
    """``forensics compare`` on whole papers (stored panels), for the given pairs."""
    digest = settings_digest(Settings())
    t, seconds = Tally(truth), []
    with Store(db, readonly=True) as store:
        ids = {Path(r["file"]).name: r["id"] for r in store.papers(settings=digest)
               if r["status"] == "done"}
        for fa, fb in pairs:
            if fa not in ids or fb not in ids:
                continue
            a, b = store.load_panels(ids[fa]), store.load_panels(ids[fb])
            started = time.process_time()
            _tally_matches(t, truth, find_duplicates(a, b, settings=Settings()))
            seconds.append(time.process_time() - started)
    return t, seconds


def against_store(corpus: Path, db: Path, raw: dict, truth: Truth, base: Tally,
                  count: int) -> None:
    """``forensics scan PAPER --against DB``, as a user runs it, for the first ``count``
    papers with a planted cross-paper copy: each is a manuscript checked against the
    store of the whole corpus (its own stored copy, same content, is left out)."""
    cross = [k for k, d in enumerate(raw["duplications"]) if is_cross(d)]
    files = sorted({raw["duplications"][k][s]["file"] for k in cross for s in "ab"})[:count]
    if not files:
        return
    mine = [k for k in cross if {raw["duplications"][k][s]["file"] for s in "ab"} & set(files)]
    walls, cpus, t = [], [], Tally(truth)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "against.json"
        for f in files:
            started = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            # (check: a run that fails is an error of the benchmark, never a time)
            subprocess.run(CLI + ["scan", str(corpus / f), "--against", str(db), "-q",
                                  "--json", str(out)], check=True, capture_output=True)
            walls.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            # The same call in this process, for the findings themselves.
            _tally_matches(t, truth, [m for m in scan_against([corpus / f], db).matches
                                      if m.a.file != m.b.file])
    got = sum(1 for k in mine if k in t.found)
    base_got = sum(1 for k in mine if k in base.found)
    print(f"\nscan --against the store, {len(files)} papers of the corpus as manuscripts: "
          f"wall s median {statistics.median(walls):.1f} (max {max(walls):.1f}), CPU s median "
          f"{statistics.median(cpus):.1f}; their {len(mine)} cross-paper plants found "
          f"{got}, baseline (all pairs) {base_got}; precision across papers "
          f"{t.precision():.1%} ({t.true}/{t.reported})")


def search_once(n: int, seed: int, exact: bool, keypoints: int | None) -> dict:
    """One search over ``n`` synthetic panels, in this process (see the docstring)."""
    import faiss
    import numpy as np

    from forensics import corpus
    from forensics.fixtures.fingerprints import KINDS, synthetic_keys
    from forensics.settings import IndexConfig

    faiss.omp_set_num_threads(1)
    config = IndexConfig()
    if keypoints:
        corpus.MIN_SCALE_KEYPOINTS, corpus.DESCRIPTOR_BUDGET = keypoints, keypoints * n
    keypoints = corpus.scale_keypoints(n, config.vote_keypoints)
    keys = synthetic_keys(n, seed, keypoints=keypoints)
    corpus.EXACT_PANELS = n if exact else 0
    load = os.getloadavg()[0]
    cpu, wall = time.process_time(), time.perf_counter()
    pairs, _ = corpus.candidate_panels(keys.paper_ids, keys.phash, list(keys.direct),
                                       list(keys.mirror), np.unique(keys.paper_ids), config)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    found = set((pairs[:, 0] * n + pairs[:, 1]).tolist())
    hit = np.array([a * n + b in found for a, b in np.sort(keys.planted, axis=1)])
    return {"n": n, "exact": exact, "keypoints": keypoints, "cpu": cpu, "wall": wall, "load": load,
            "candidates": len(pairs), "planted": len(hit), "recall": float(hit.mean()),
            "kinds": {k: float(hit[keys.kinds == k].mean()) for k in KINDS},
            "keys_mb": (keys.direct.nbytes + keys.mirror.nbytes + keys.phash.nbytes) / 1e6,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3}


def scale(sizes: list[int], seed: int, exact_up_to: int, keypoints: int | None) -> None:
    """Part (b): the candidate search alone at each size, each run in its own process."""
    rows = []
    for n in sizes:
        for exact in ([False, True] if n <= exact_up_to else [False]):
            out = subprocess.run([sys.executable, __file__, "--search-once", str(n),
                                  "--seed", str(seed)] + (["--exact"] if exact else [])
                                 + (["--keypoints", str(keypoints)] if keypoints else []),
                                 check=True, capture_output=True, text=True)
            rows.append(json.loads(out.stdout.splitlines()[-1]))
    print(f"\ncandidate search, synthetic keys (seed {seed}, 1% planted), one thread")
    print(f"{'panels':>9} {'path':>8} {'desc':>5} {'CPU s':>8} {'wall s':>8} {'load':>5} "
          f"{'x/10x':>6} {'cands':>8} {'plants':>7} {'recall':>7} {'copy':>6} {'partial':>8} "
          f"{'hash':>6} {'peak MB':>8} {'keys MB':>8}")
    previous: dict[bool, dict] = {}
    for r in rows:
        before = previous.get(r["exact"])
        growth = (f"{r['cpu'] / before['cpu']:.1f}" if before and before["cpu"] > 0
                  and r["n"] == 10 * before["n"] else "")
        previous[r["exact"]] = r
        k = r["kinds"]
        print(f"{r['n']:>9} {'exact' if r['exact'] else 'mih':>8} {r['keypoints']:>5} "
              f"{r['cpu']:>8.2f} "
              f"{r['wall']:>8.2f} {r['load']:>5.1f} {growth:>6} {r['candidates']:>8} "
              f"{r['planted']:>7} {r['recall']:>7.2%} {k['copy']:>6.1%} {k['partial']:>8.1%} "
              f"{k['hash_only']:>6.1%} {r['peak_mb']:>8.0f} {r['keys_mb']:>8.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, help="existing corpus with truth.json "
                        "(generated there when it has none)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--dask", action="store_true", help="also run on a Dask LocalCluster")
    parser.add_argument("--no-resume", action="store_true", help="skip the kill-and-resume run")
    parser.add_argument("--against", type=int, default=4, metavar="N",
                        help="papers checked with scan --against the stored corpus (0: none)")
    parser.add_argument("--scale", help="part (b) only: comma-separated numbers of stored "
                        "panels for the candidate search on synthetic keys")
    parser.add_argument("--exact-up-to", type=int, default=1_000,
                        help="with --scale: also run the exact search up to this many panels")
    parser.add_argument("--keypoints", type=int, help="with --scale: descriptors per panel "
                        "(default: as many as the search keeps at that size)")
    parser.add_argument("--search-once", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--exact", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.search_once:
        print(json.dumps(search_once(args.search_once, args.seed, args.exact, args.keypoints)))
        return 0
    if args.scale:
        scale([int(v) for v in args.scale.split(",")], args.seed, args.exact_up_to,
              args.keypoints)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or Path(tmp) / "corpus"
        if not (corpus / "truth.json").exists():
            generate(corpus, args.papers, args.seed)
        raw = json.loads((corpus / "truth.json").read_text())
        truth = Truth(raw)
        n = len(raw["papers"])
        db = Path(tmp) / "audit.sqlite"

        summary, wall = run_audit(corpus, db, args.workers)
        report = stored_report(db)
        with Store(db, readonly=True) as store:
            pair_rows = store.comparisons()
            size = db.stat().st_size
        ours = tally(truth, report.matches, cross_only=False)
        ours_cross = tally(truth, report.matches, cross_only=True)

        planted, controls = cross_pairs(raw, args.seed)
        compared, compare_s = pairwise_compare(db, truth, planted + controls)

        files = [p["file"] for p in raw["papers"]]
        every_pair = [(a, b) for k, a in enumerate(files) for b in files[k + 1:]]
        started = time.process_time()
        base, base_s, _ = run_baseline(corpus, truth, every_pair)
        base_cpu = time.process_time() - started

        print(f"\n{n} papers (seed {args.seed}), {len(raw['duplications'])} planted "
              f"duplications ({sum(map(is_cross, raw['duplications']))} across papers), "
              f"{args.workers} workers, local engine")
        s = summary.seconds
        print(f"audit: {wall:.0f} s wall, {60 * n / wall:.1f} papers/min "
              f"({3600 * n / wall:.0f}/h); stages: hash {s['hash']:.1f} s, read "
              f"{s['read']:.0f} s, search {s['search']:.1f} s, compare {s['compare']:.0f} s")
        cpu_pairs = [r["cpu_seconds"] for r in pair_rows if r["cpu_seconds"] is not None]
        print(f"  CPU s per paper read: median {statistics.median(summary.cpu_per_paper):.2f}, "
              f"total {sum(summary.cpu_per_paper):.0f}; pairs of papers compared "
              f"{len(pair_rows)} of {len(every_pair)} (median "
              f"{statistics.median([r['panels'] for r in pair_rows]) if pair_rows else 0:.0f} "
              f"panels), CPU s per pair median "
              f"{statistics.median(cpu_pairs) if cpu_pairs else 0:.2f}, total {sum(cpu_pairs):.0f}")
        print(f"  store: {size / 1e6:.1f} MB ({size / n / 1e6:.2f} MB per paper)")

        print(f"\n{'class':<16}{'planted':>8}{'audit':>8}{'baseline':>10}")
        for cls in CLASSES:
            got, total = recall(ours, truth, lambda d, c=cls: d["class"] == c)
            if total:
                bgot, _ = recall(base, truth, lambda d, c=cls: d["class"] == c)
                print(f"{cls:<16}{total:>8}{got / total:>8.0%}{bgot / total:>10.0%}")
        got, total = recall(ours, truth, lambda d: True)
        bgot, _ = recall(base, truth, lambda d: True)
        print(f"{'all':<16}{total:>8}{got / total:>8.1%}{bgot / total:>10.1%}")
        xgot, xtotal = recall(ours_cross, truth, is_cross)
        cgot, _ = recall(compared, truth, is_cross)
        bxgot, _ = recall(base, truth, is_cross)
        print(f"across papers: audit {xgot}/{xtotal}, compare on the {len(planted)} planted "
              f"pairs {cgot}/{xtotal}, baseline {bxgot}/{xtotal}")
        print(f"precision: audit {ours.precision():.1%} ({ours.true}/{ours.reported}), across "
              f"papers {ours_cross.precision():.1%} ({ours_cross.true}/{ours_cross.reported}); "
              f"compare on planted + {len(controls)} control pairs "
              f"{compared.precision():.1%} ({compared.true}/{compared.reported}); baseline "
              f"{base.precision():.1%} ({base.true}/{base.reported})")
        hard = Counter(ours.hard)
        print(f"hard-negative hits: audit {dict(hard) or 'none'}, "
              f"baseline {dict(base.hard) or 'none'}")
        print(f"baseline: CPU s per paper median {statistics.median(base_s):.3f}, all "
              f"{len(every_pair)} pairs of papers {base_cpu:.1f} s CPU in all")
        if compare_s:
            print(f"compare of whole papers (stored panels): CPU s per pair median "
                  f"{statistics.median(compare_s):.2f}")
        missed = [(d["class"], d["a"]["file"], d["a"]["figure"] + (d["a"]["panel"] or ""),
                   d["b"]["file"], d["b"]["figure"] + (d["b"]["panel"] or ""))
                  for k, d in enumerate(raw["duplications"]) if k not in ours.found]
        for row in missed:
            print("  audit missed:", *row)
        for row in ours.false:
            print("  audit false:", row)

        against_store(corpus, db, raw, truth, base, args.against)

        started = time.perf_counter()
        again = audit_corpus([corpus], db, workers=args.workers)
        print(f"\nresume: a second run with nothing new {time.perf_counter() - started:.1f} s "
              f"wall ({again.read} read, {again.pairs_compared} pairs compared)")
        if not args.no_resume:
            resumed_db = Path(tmp) / "resumed.sqlite"
            killed, rest = killed_and_resumed(corpus, resumed_db, args.workers, n)
            same = findings(stored_report(resumed_db)) == findings(report)
            print(f"resume: killed after {n // 2} papers read ({killed:.0f} s), run again "
                  f"{rest:.0f} s: {killed + rest:.0f} s in all against {wall:.0f} s "
                  f"uninterrupted; findings identical: {same}")
        if args.dask:
            dask_db = Path(tmp) / "dask.sqlite"
            _, dask_wall = run_audit(corpus, dask_db, 2, engine="dask")
            same = findings(stored_report(dask_db)) == findings(report)
            print(f"dask (LocalCluster, 2 workers): {dask_wall:.0f} s wall, "
                  f"{60 * n / dask_wall:.1f} papers/min; findings identical to local: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
