"""Benchmark: fuzzing. Hostile and broken inputs, each run contained, each outcome classified.

Inputs (all rebuilt from a seed; nothing is kept but the table):

- ``generated``: seeded mutations (:func:`forensics.fixtures.hostile.mutate`: byte
  flips, truncation with and without ``%%EOF`` appended, deleted and duplicated ranges,
  a broken cross-reference table, corrupt streams, mangled image dictionaries) of small
  generated papers: the crafted two-figure papers of :mod:`forensics.fixtures.hostile`
  (uncompressed and compressed) and a paper of :func:`forensics.fixtures.papers.make_paper`.
- ``real``: the same mutations of a few of the smallest real papers in
  ``../shared/real-papers`` (read only; the mutants live in a temporary folder).
- ``crafted``: every input of :data:`forensics.fixtures.hostile.CRAFTED` (image bomb,
  poster pages, thousands of pages, a repaired truncated file, encryption, a caption
  with terminal escapes, every image encoding), once each.
- ``config``: the default configuration with one value replaced by a hostile one (a
  negative or huge number, nan, a string, a table...) or its text damaged (bytes
  flipped, cut, not UTF-8); a config that is accepted then scans a small paper.

Each input runs in a worker process of :class:`forensics.workers.LocalEngine` under a
time limit and an address-space cap (``--timeout``, ``--max-memory``), with the
extraction time limit ``max_seconds`` lowered to ``--max-seconds``. Its outcome is one of

- ``clean``: read, no error, no warning;
- ``partial``: read, with ``warnings`` saying what was skipped or repaired;
- ``error``: a clear per-file error (ours: not a PDF, truncated, over a limit, a config
  key out of range...);
- ``escaped``: an exception that is not ours: contained as an internal error (exit
  status 3) or, worse, out of :func:`forensics.audit.scan`;
- ``hang``: the worker was killed at the time limit;
- ``over-memory``: a ``MemoryError`` or a resident peak over ``--memory-bound``.

A ``clean`` mutant with fewer figures than the paper it was made from is counted again
in the column ``lost`` (a partial document not flagged).

``peak MB`` is the resident peak of the worker process while it ran the input (Linux
``VmHWM``, reset before each input): it includes what the long-lived worker kept from
earlier inputs, so it bounds each input's own peak from above.

Usage::

    python bench/fuzz.py [--count 2000] [--seed 1] [--jobs 2] [--timeout 60]
                         [--max-memory 4096] [--memory-bound 1536] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forensics.config import default_config_text  # noqa: E402
from forensics.fixtures.hostile import BASES, CRAFTED, MUTATIONS, base, crafted, mutate  # noqa: E402
from forensics.workers import Failed, Limits, LocalEngine  # noqa: E402

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real-papers"
OUTCOMES = ("clean", "partial", "error", "escaped", "hang", "over-memory")

#: Share of the PDF mutants made from real papers (they are slower to read).
REAL_SHARE = 0.03
#: Share of the inputs that are config mutations.
CONFIG_SHARE = 0.08


@dataclass(frozen=True)
class Case:
    """One fuzz input: its class (``generated/flip``), the file, the base it was made
    from (None for crafted inputs), and a config file (config mutations)."""

    group: str
    name: str
    path: str
    base: str | None = None
    config: str | None = None


@dataclass(frozen=True)
class Outcome:
    outcome: str
    seconds: float
    peak_mb: float
    figures: int = 0
    panels: int = 0
    detail: str = ""


# --------------------------------------------------------------------------- the worker


def _reset_peak() -> None:
    """Reset this process's peak resident memory (Linux: VmHWM), so each job's is its own."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def _peak_mb() -> float:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(case: Case, max_seconds: float, memory_bound_mb: float) -> Outcome:
    """Read (and detect in) one input as ``forensics scan`` does; classify the outcome.

    Runs in a worker process; catches everything, so that any exception is counted.
    """
    from forensics import audit
    from forensics.config import read_config, settings_from_mapping
    from forensics.errors import ForensicsError

    _reset_peak()
    started = time.perf_counter()

    def done(outcome: str, detail: str = "", figures: int = 0, panels: int = 0) -> Outcome:
        peak = _peak_mb()
        if outcome not in ("escaped", "hang") and peak > memory_bound_mb:
            outcome, detail = "over-memory", f"peak {peak:.0f} MB; {detail}"
        return Outcome(outcome, time.perf_counter() - started, peak, figures, panels,
                       detail[:300])

    try:
        if case.config is not None:
            try:
                settings = read_config(case.config)
            except ForensicsError as exc:
                return done("error", str(exc))
        else:
            settings = settings_from_mapping({})
        from dataclasses import replace

        extract = replace(settings.extract,
                          max_seconds=min(settings.extract.max_seconds, max_seconds))
        report = audit.scan([case.path], replace(settings, extract=extract))
    except MemoryError as exc:
        return done("over-memory", f"MemoryError out of scan: {exc}")
    except Exception as exc:
        return done("escaped", f"out of scan: {type(exc).__name__}: {exc}")
    figures = sum(len(r.figures) for r in report.papers)
    panels = sum(len(r.panels) for r in report.papers)
    internal = [e for e in report.errors if e.internal]
    if any("MemoryError" in e.error for e in internal):
        return done("over-memory", internal[0].error, figures, panels)
    if internal:
        return done("escaped", internal[0].error, figures, panels)
    if report.errors:
        return done("error", report.errors[0].error, figures, panels)
    warnings = [w for r in report.papers for w in r.paper.warnings]
    if warnings:
        return done("partial", warnings[0], figures, panels)
    return done("clean", "", figures, panels)


# ---------------------------------------------------------------------------- the inputs


def _bases(out: Path, real: int) -> tuple[list[Path], list[Path]]:
    """The generated papers mutants are made from, and the smallest real papers."""
    folder = out / "bases"
    folder.mkdir()
    generated = [base(name, folder) for name in BASES]
    reals = sorted(REAL.glob("*.pdf"), key=lambda p: p.stat().st_size)[:real] \
        if REAL.is_dir() else []
    return generated, reals


_HOSTILE_VALUES: list[object] = [
    -1, 0, 1, 2**63 - 1, -(2**63), 10**30, 0.5, -0.5, 1e308, float("nan"), float("inf"),
    "no", "", "x" * 10000, True, False, [1, 2], {"a": 1}, 3,
]


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf"}.get(str(value), repr(value))
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, list):
        return "[" + ", ".join(map(_toml_value, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return str(value)


def _config_mutant(rng: np.random.Generator) -> tuple[str, bytes]:
    """A damaged configuration: one key given a hostile value, or the text damaged."""
    text = default_config_text()
    lines = text.splitlines()
    keyed = [i for i, line in enumerate(lines) if "=" in line and not line.startswith("#")]
    how = ("value", "value", "value", "flip", "cut", "latin1", "unknown")[int(rng.integers(7))]
    if how == "value":
        i = keyed[int(rng.integers(len(keyed)))]
        key = lines[i].split("=")[0].strip()
        value = _HOSTILE_VALUES[int(rng.integers(len(_HOSTILE_VALUES)))]
        lines[i] = f"{key} = {_toml_value(value)}"
        return "config/value", "\n".join(lines).encode()
    data = text.encode()
    if how == "flip":
        return "config/flip", mutate(data, "flip", int(rng.integers(1 << 30)))
    if how == "cut":
        return "config/cut", data[: int(rng.integers(len(data)))]
    if how == "latin1":
        return "config/latin1", ("# réglages\n" + text).encode("latin-1", "replace")
    # An unknown key inside a section the file already has (a second [extract] table
    # would be invalid TOML and never reach the unknown-key check).
    return "config/unknown", text.replace("[extract]\n", "[extract]\nmystery = 1\n", 1).encode()


def make_cases(out: Path, count: int, seed: int, real: int = 3) -> list[Case]:
    """``count`` inputs (at least every crafted one), written into ``out``."""
    rng = np.random.default_rng(seed)
    generated, reals = _bases(out, real)
    cases = []
    for name in CRAFTED:
        cases.append(Case("crafted", name, str(crafted(name, out))))
    n_config = int(count * CONFIG_SHARE)
    n_real = int(count * REAL_SHARE) if reals else 0
    n_gen = max(0, count - len(cases) - n_config - n_real)
    mutations = sorted(MUTATIONS)
    weights = np.array([3.0] * (len(generated) - 1) + [1.0])
    weights /= weights.sum()
    for i in range(n_gen + n_real):
        if i < n_gen:  # the generated paper of make_paper is the slowest to read: 1 in 10
            group, base = "generated", generated[int(rng.choice(len(generated), p=weights))]
        else:
            group, base = "real", reals[int(rng.integers(len(reals)))]
        how = mutations[int(rng.integers(len(mutations)))]
        mutant_seed = int(rng.integers(1 << 30))
        path = out / f"{group}-{i:05d}-{how}.pdf"
        path.write_bytes(mutate(base.read_bytes(), how, mutant_seed))
        cases.append(Case(f"{group}/{how}", f"{base.name} {how} seed {mutant_seed}",
                          str(path), str(base)))
    for i in range(n_config):
        group, text = _config_mutant(rng)
        path = out / f"config-{i:05d}.toml"
        path.write_bytes(text)
        cases.append(Case(group, path.name, str(generated[0]), None, str(path)))
    return cases


# ----------------------------------------------------------------------------- the run


def run(cases: list[Case], jobs: int, limits: Limits, max_seconds: float,
        memory_bound: float, progress: bool = True) -> dict[Case, Outcome]:
    outcomes: dict[Case, Outcome] = {}
    bases = sorted({c.base for c in cases if c.base})
    base_cases = [Case("base", Path(b).name, b) for b in bases]
    todo = base_cases + cases
    work = ((c, (c, max_seconds, memory_bound)) for c in todo)
    started = time.perf_counter()
    with LocalEngine(jobs, limits, preload=("forensics.batch",)) as engine:
        for n, (case, result) in enumerate(engine.map(run_case, work), 1):
            if isinstance(result, Failed):
                kind = "hang" if "timed out" in result.error else \
                    "over-memory" if "memory" in result.error or "SIGKILL" in result.error \
                    else "escaped"
                seconds = limits.timeout if kind == "hang" else 0.0
                result = Outcome(kind, seconds, 0.0, detail=result.error)
            outcomes[case] = result
            if progress and (n % 100 == 0 or n == len(todo)):
                print(f"  {n}/{len(todo)} inputs, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr, flush=True)
    return outcomes


def _lost(case: Case, outcome: Outcome, base: dict[str, Outcome]) -> bool:
    """A clean mutant with fewer figures than its base: a partial document not flagged.
    (Fewer panels alone is no sign: a flipped bit in an image's pixels may change how
    it splits.)"""
    b = base.get(case.base or "")
    return outcome.outcome == "clean" and b is not None and outcome.figures < b.figures


def table(cases: list[Case], outcomes: dict[Case, Outcome]) -> str:
    """The Markdown table: inputs by class and outcome, worst time, peak memory."""
    base = {c.path: o for c, o in outcomes.items() if c.group == "base"}
    rows: dict[str, Counter] = defaultdict(Counter)
    worst: dict[str, float] = defaultdict(float)
    peak: dict[str, float] = defaultdict(float)
    for c in cases:
        o = outcomes[c]
        for group in (c.group, "all"):
            rows[group][o.outcome] += 1
            worst[group] = max(worst[group], o.seconds)
            peak[group] = max(peak[group], o.peak_mb)
            if _lost(c, o, base):
                rows[group]["lost"] += 1
    head = ["class", "inputs", *OUTCOMES, "lost", "worst s", "peak MB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for group in [*sorted(g for g in rows if g != "all"), "all"]:
        r = rows[group]
        cells = [group, str(sum(r[k] for k in OUTCOMES)), *(str(r[k]) for k in OUTCOMES),
                 str(r["lost"]), f"{worst[group]:.1f}", f"{peak[group]:.0f}"]
        if group == "all":
            cells = [f"**{cell}**" for cell in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="inputs (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--real", type=int, default=3,
                        help="how many of the smallest real papers to mutate")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds one input may take before its worker is killed")
    parser.add_argument("--max-seconds", type=float, default=20.0,
                        help="the extraction time limit (max_seconds) during the run")
    parser.add_argument("--max-memory", type=int, default=4096,
                        help="address-space cap of a worker, MB")
    parser.add_argument("--memory-bound", type=float, default=1536.0,
                        help="resident peak (MB) over which an input counts as over-memory")
    parser.add_argument("--keep", type=Path, help="copy the inputs that failed here")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="forensics-fuzz-"))
    try:
        started = time.perf_counter()
        cases = make_cases(work, args.count, args.seed, args.real)
        made = time.perf_counter() - started
        print(f"{len(cases)} inputs made in {made:.0f} s; running with {args.jobs} workers",
              file=sys.stderr)
        limits = Limits(timeout=args.timeout, max_memory=args.max_memory << 20)
        outcomes = run(cases, args.jobs, limits, args.max_seconds, args.memory_bound)
        elapsed = time.perf_counter() - started
        print(table(cases, outcomes))
        times = sorted(o.seconds for c, o in outcomes.items() if c.group != "base")
        print(f"\n{len(cases)} inputs in {elapsed:.0f} s wall ({args.jobs} workers); "
              f"median {np.median(times):.2f} s per input")
        bad = [(c, o) for c in cases if (o := outcomes[c]).outcome in
               ("escaped", "hang", "over-memory")]
        base = {c.path: o for c, o in outcomes.items() if c.group == "base"}
        for c, o in bad:
            print(f"- {c.group} {c.name}: {o.outcome}: {o.detail}")
        for c in cases:
            if _lost(c, outcomes[c], base):
                b = base[c.base or ""]
                print(f"- {c.group} {c.name}: clean with {outcomes[c].figures} figures, "
                      f"{outcomes[c].panels} panels (its base: {b.figures}, {b.panels})")
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(c.config or c.path, args.keep / Path(c.config or c.path).name)
        return 1 if bad else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
