"""Batch audits: a corpus of PDFs read once, compared within each paper and across all,
kept in a store (:mod:`forensics.store`) so that later runs read only what is new.

An audit runs in two stages, each on an engine (:mod:`forensics.workers`: a local
process pool, or a Dask cluster) and each written by this process alone:

1. **read**: every new PDF (a content hash not yet stored with these settings) is read
   in a worker exactly as ``forensics scan`` reads it (:func:`forensics.audit.scan`:
   extraction, panels, findings inside the paper), and its panels get their corpus
   search keys (:func:`forensics.corpus.panel_keys`). Each paper is committed as it
   arrives, in one transaction; a file that fails, hangs or kills its worker is
   stored as an error row and the run goes on.
2. **compare**: the keys of every stored paper are searched for pairs of papers, one
   of them new, with some panel pair alike (:func:`forensics.corpus.candidate_papers`),
   and each pair not yet compared is compared in a worker exactly as ``forensics
   compare`` compares two papers (:func:`forensics.detect.find_duplicates` on all
   their panels, from the stored pixels: no PDF is read again). Each pair is
   committed with its findings; the new papers are marked compared at the end.

Killed at any moment, a rerun finds what was committed and does the rest, so it ends
with the findings of a run never interrupted.
"""

from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from forensics import audit as _audit
from forensics.corpus import candidate_panels, panel_keys
from forensics.detect import find_duplicates
from forensics.errors import ForensicsError
from forensics.fingerprint import ALGORITHM, keypoints_from_bytes, remember
from forensics.model import FileError, Match, Notice, Panel, PanelRef
from forensics.report import PaperResult, Report
from forensics.settings import Settings
from forensics.store import PanelBlobs, PanelKeys, Store, StoredKeys, encode_panel
from forensics.workers import Failed, Limits, make_engine

__all__ = ["AuditInputError", "AuditSummary", "PairOutcome", "PaperOutcome", "audit_corpus",
           "collect_pdfs", "compare_panels", "read_one", "scan_against", "settings_digest",
           "stored_report"]

log = logging.getLogger(__name__)

#: ``progress(stage, done, total, item)``: called after each paper read ("read") and
#: each pair compared ("compare").
Progress = Callable[[str, int, int, str], None]

#: ``[index]`` settings that choose which pairs of papers an audit compares, not what
#: is stored of a paper: changing them does not read the corpus again.
PAIR_SETTINGS = ("corpus_min_score", "corpus_lift")

#: Stored panels kept in memory while pairs are handed to workers.
PANEL_CACHE = 256


class AuditInputError(ForensicsError):
    """An input path that names nothing: no such file, folder or matching glob."""


@dataclass(frozen=True)
class PaperOutcome:
    """What a worker returns for one PDF (figures without their pixels)."""

    result: PaperResult | None
    matches: tuple[Match, ...]
    errors: tuple[FileError, ...]
    keys: PanelKeys | None
    wall_seconds: float
    cpu_seconds: float
    blobs: tuple[PanelBlobs, ...] | None = None


@dataclass(frozen=True)
class PairOutcome:
    """What a worker returns for one pair of papers."""

    matches: tuple[Match, ...]
    cpu_seconds: float


@dataclass(frozen=True)
class AuditSummary:
    """What one audit run did.

    Attributes
    ----------
    files : int
        PDFs named by the inputs (after expanding folders, globs and lists).
    read : int
        Papers read in this run (new or changed content); ``failed`` of them failed.
    stored : int
        Papers already in the store with these settings, not read again.
    pairs_compared : int
        Pairs of papers compared in this run (of ``candidate_pairs`` found).
    seconds : dict of str to float
        Wall-clock seconds of each stage (``hash``, ``read``, ``search``, ``compare``).
    cpu_per_paper : tuple of float
        CPU seconds of each paper read in this run (in its worker).
    """

    files: int = 0
    read: int = 0
    failed: int = 0
    stored: int = 0
    candidate_pairs: int = 0
    pairs_compared: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_per_paper: tuple[float, ...] = ()


def settings_digest(settings: Settings) -> str:
    """A short digest of the settings and the fingerprint algorithm: papers read with
    another digest are read again. Linking settings are left out (notices are linked
    when a report is written, not stored), and so are the settings that only choose
    which pairs of papers are compared (:data:`PAIR_SETTINGS`)."""
    values = asdict(settings)
    values.pop("link", None)
    for key in PAIR_SETTINGS:
        values["index"].pop(key, None)
    text = json.dumps(values, sort_keys=True, default=str) + ALGORITHM
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def collect_pdfs(inputs: Sequence[str | Path]) -> list[Path]:
    """The files an audit is asked to read, each once, in a stable order.

    Parameters
    ----------
    inputs : sequence of str or Path
        Folders (every ``*.pdf`` below them), glob patterns (``corpus/*/*.pdf``),
        list files (``.txt`` or ``.lst``: one path a line, relative to the list's
        folder, ``#`` for comments) or files (any name: a file that is not a PDF
        becomes that file's error, not the run's).

    Raises
    ------
    AuditInputError
        An input names nothing.
    """
    found: list[Path] = []
    for item in inputs:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf"
                            and p.is_file())
        elif path.is_file() and path.suffix.lower() in (".txt", ".lst"):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    listed = Path(line)
                    found.append(listed if listed.is_absolute() else path.parent / listed)
        elif path.is_file():
            found.append(path)
        elif glob.has_magic(text):
            matched = sorted(Path(p) for p in glob.glob(text, recursive=True))
            if not matched:
                raise AuditInputError(f"{text}: no file matches this pattern")
            found += [p for p in matched if p.is_file()]
        else:
            raise AuditInputError(f"{text}: no such file or folder")
    unique: dict[str, Path] = {}
    for p in found:
        unique.setdefault(os.path.abspath(p), p)
    return list(unique.values())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ------------------------------------------------------------------ worker functions


def read_one(path: str, settings: Settings) -> PaperOutcome:
    """Read one PDF as ``forensics scan`` does, and make its panels' search keys.

    Runs in a worker process; never raises for a bad file (its errors are in the
    outcome). The figures come back without their pixels (not stored), the panels
    with theirs encoded for the store (``blobs``): what crosses the pipe is small, and
    the one writing process only inserts bytes.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    report = _audit.scan([path], settings)
    errors = list(report.errors)
    result, keys = None, None
    blobs: tuple[PanelBlobs, ...] | None = None
    if report.papers:
        result = report.papers[0]
        placeholder = np.zeros((1, 1, 3), np.uint8)
        figures = tuple(replace(f, image=placeholder, text_labels=(), word_boxes=())
                        for f in result.figures)
        try:
            keys = panel_keys(result.panels, settings)
            blobs = tuple(encode_panel(p.image) for p in result.panels)
        except Exception as exc:  # a bug or a library's error: this file's, not the run's
            log.debug("%s: search keys failed", path, exc_info=True)
            errors.append(FileError(path, f"{path}: internal error in keys "
                                    f"({type(exc).__name__}: {exc})", "keys", internal=True))
            keys, blobs = None, None
        panels = result.panels if blobs is None else \
            tuple(replace(p, image=placeholder) for p in result.panels)
        result = replace(result, figures=figures, panels=panels)
    return PaperOutcome(result, tuple(report.matches), tuple(errors), keys,
                        time.perf_counter() - wall, time.process_time() - cpu, blobs)


#: A stored panel's keypoints and hashes (:meth:`Store.stored_keypoints`), or None.
Kept = tuple[bytes, np.ndarray] | None


def compare_panels(panels_a: Sequence[Panel], panels_b: Sequence[Panel],
                   settings: Settings, kept_a: Sequence[Kept] = (),
                   kept_b: Sequence[Kept] = ()) -> PairOutcome:
    """Panels of one paper against panels of another, as ``forensics compare`` does.

    ``kept_a`` and ``kept_b``, when given, are the panels' stored keypoints, so that
    they are not searched for again (the same fingerprints, a resize instead of a
    keypoint search). Runs in a worker process; an exception is the pair's error
    (recorded by the caller).
    """
    cpu = time.process_time()
    for panel, kept in zip([*panels_a, *panels_b], [*kept_a, *kept_b]):
        if kept is not None:
            try:
                remember(panel.image, settings.fingerprint, keypoints_from_bytes(
                    kept[0], panel.image, kept[1], settings.fingerprint))
            except ValueError:  # kept at other settings: fingerprinted again
                log.debug("stored keypoints of %s not used", panel.name, exc_info=True)
    found = find_duplicates(list(panels_a), list(panels_b), settings=settings)
    return PairOutcome(tuple(found), time.process_time() - cpu)


# ------------------------------------------------------------------------ the audit


def audit_corpus(
    inputs: Sequence[str | Path],
    database: str | Path,
    settings: Settings | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    limits: Limits | None = None,
    retry_errors: bool = False,
    progress: Progress | None = None,
) -> AuditSummary:
    """Audit a corpus into ``database`` (see the module docstring).

    Parameters
    ----------
    inputs : sequence of str or Path
        Folders, globs, list files or PDFs (:func:`collect_pdfs`).
    database : str or Path
        The SQLite store; created when missing, added to when not.
    settings : Settings, optional
    engine : {"local", "dask"}
    workers : int, optional
        Processes (local) or Dask workers started here; all cores by default.
    scheduler : str, optional
        A Dask scheduler's address (engine "dask"); a ``LocalCluster`` when omitted.
    limits : Limits, optional
        Time and memory of one paper or pair.
    retry_errors : bool
        Read again the files that failed before (a time-out may pass on a calmer machine).
    progress : callable, optional
        ``progress(stage, done, total, item)``.

    Returns
    -------
    AuditSummary

    Raises
    ------
    AuditInputError
        An input names nothing.
    StoreError
        The database is not a store, is newer, or another audit is writing to it.
    """
    settings = settings or Settings()
    digest = settings_digest(settings)
    files = collect_pdfs(inputs)
    seconds: dict[str, float] = {}
    with Store(database) as store, store.writer_lock():
        started = time.perf_counter()
        todo = _to_read(store, files, digest, retry_errors)
        seconds["hash"] = time.perf_counter() - started
        with make_engine(engine, workers, limits, scheduler) as runner:
            started = time.perf_counter()
            cpu, failed = [], 0
            jobs = ((sha, (str(path), settings)) for sha, path in todo.items())
            for done, (sha, outcome) in enumerate(runner.map(read_one, jobs), 1):
                path = str(todo[sha])
                if isinstance(outcome, Failed):
                    outcome = PaperOutcome(None, (), (FileError(path, f"{path}: {outcome.error}",
                                                                "worker", outcome.internal),),
                                           None, 0.0, 0.0)
                store.add_paper(sha, digest, path, outcome.result, outcome.matches,
                                outcome.errors, outcome.keys, outcome.wall_seconds,
                                outcome.cpu_seconds, outcome.blobs)
                failed += outcome.result is None
                cpu.append(outcome.cpu_seconds)
                if progress:
                    progress("read", done, len(todo), path)
            seconds["read"] = time.perf_counter() - started
            candidates, compared = _compare(store, digest, settings, runner, seconds, progress)
    return AuditSummary(len(files), len(todo), failed, len(files) - len(todo), candidates,
                        compared, seconds, tuple(cpu))


def _to_read(store: Store, files: Sequence[Path], digest: str,
             retry_errors: bool) -> dict[str, Path]:
    """The files to read, by content hash (a file seen under two names is read once);
    papers already stored are given the name they have now."""
    todo: dict[str, Path] = {}
    for path in files:
        name = str(path)
        try:
            stat = path.stat()
            sha = store.known_hash(name, stat.st_size, stat.st_mtime_ns)
            if sha is None:
                sha = _sha256(path)
                store.remember_file(name, sha, stat.st_size, stat.st_mtime_ns)
        except OSError as exc:
            sha = hashlib.sha256(f"unreadable:{name}".encode()).hexdigest()
            log.info("%s: cannot be hashed (%s); it is read to record the error", name, exc)
        known = store.paper_status(sha, digest)
        if known is not None and not (retry_errors and known[1] == "error"):
            store.set_file(known[0], name)
            continue
        todo.setdefault(sha, path)
    return todo


class _PanelCache:
    """Stored panels asked for lately, by paper and position. Pairs come sorted by
    paper, and decoding the pixels is most of the cost of loading a panel, so only the
    panels a comparison names are loaded, each once while it is in use."""

    def __init__(self, store: Store, size: int = PANEL_CACHE):
        self._store, self._size = store, size
        self._panels: OrderedDict[tuple[int, int], tuple[Panel, Kept]] = OrderedDict()

    def __call__(self, paper_id: int, ordinals: Sequence[int]
                 ) -> tuple[list[Panel], list[Kept]]:
        """The panels at ``ordinals`` and their stored keypoints."""
        missing = [i for i in ordinals if (paper_id, i) not in self._panels]
        if missing:
            loaded = zip(missing, self._store.load_panels(paper_id, missing),
                         self._store.stored_keypoints(paper_id, missing, ALGORITHM),
                         strict=True)
            for i, panel, kept in loaded:
                self._panels[paper_id, i] = (panel, kept)
        for i in ordinals:
            self._panels.move_to_end((paper_id, i))
        picked = [self._panels[paper_id, i] for i in ordinals]
        while len(self._panels) > self._size:
            self._panels.popitem(last=False)
        return [panel for panel, _ in picked], [kept for _, kept in picked]


def _compare(store: Store, digest: str, settings: Settings, runner,
             seconds: dict[str, float], progress: Progress | None) -> tuple[int, int]:
    """Stage 2: candidate panels of the new papers against the corpus, each pair of
    papers compared once on its candidate panels, and stored."""
    started = time.perf_counter()
    pending = store.pending_cross(digest)
    if not pending:
        seconds["search"] = seconds["compare"] = 0.0
        return 0, 0
    keys = store.keys(digest)
    pairs, background = candidate_panels(keys.paper_ids, keys.phash, keys.direct, keys.mirror,
                                         pending, settings.index, keys.background)
    store.set_backgrounds(keys.paper_ids, keys.ordinals, background)
    groups = _by_paper_pair(pairs, keys.paper_ids, keys.ordinals)
    done_before = store.compared()
    todo = [pair for pair in groups if pair not in done_before]
    seconds["search"] = time.perf_counter() - started
    started = time.perf_counter()
    rows = {r["id"]: r for r in store.papers(settings=digest)}
    panels = _PanelCache(store)

    def jobs() -> Iterator[tuple[tuple[int, int], tuple]]:
        for low, high in todo:
            a, b = _oriented(rows, low, high)
            picked_a, picked_b = (groups[low, high][k] for k in ((0, 1) if a == low else (1, 0)))
            (panels_a, kept_a), (panels_b, kept_b) = panels(a, picked_a), panels(b, picked_b)
            yield (low, high), (panels_a, panels_b, settings, kept_a, kept_b)

    for done, ((low, high), outcome) in enumerate(runner.map(compare_panels, jobs()), 1):
        a, b = _oriented(rows, low, high)
        panels_compared = sum(len(side) for side in groups[low, high])
        if isinstance(outcome, Failed):
            store.add_comparison(a, b, (), panels_compared, None, outcome.error,
                                 outcome.internal)
        else:
            store.add_comparison(a, b, [_with_dois(m, rows[a], rows[b])
                                        for m in outcome.matches],
                                 panels_compared, outcome.cpu_seconds)
        if progress:
            progress("compare", done, len(todo), f"{rows[a]['file']} + {rows[b]['file']}")
    store.finish_cross(pending)
    seconds["compare"] = time.perf_counter() - started
    return len(groups), len(todo)


def _by_paper_pair(pairs: np.ndarray, paper_ids: np.ndarray, ordinals: np.ndarray
                   ) -> dict[tuple[int, int], tuple[list[int], list[int]]]:
    """Candidate panel pairs grouped by pair of papers (smaller id first): the panels
    of each side to compare, as positions in each paper's panel list, in order."""
    groups: dict[tuple[int, int], tuple[set[int], set[int]]] = {}
    for i, j in pairs:
        (pa, oa), (pb, ob) = sorted(((int(paper_ids[i]), int(ordinals[i])),
                                     (int(paper_ids[j]), int(ordinals[j]))))
        low, high = groups.setdefault((pa, pb), (set(), set()))
        low.add(oa)
        high.add(ob)
    return {pair: (sorted(low), sorted(high)) for pair, (low, high) in sorted(groups.items())}


def _oriented(rows: dict[int, dict], low: int, high: int) -> tuple[int, int]:
    """A pair in its canonical order: by content hash, so the same two papers give the
    same ``a`` and ``b`` whichever was read first."""
    return (low, high) if rows[low]["sha256"] <= rows[high]["sha256"] else (high, low)


def _with_dois(match: Match, row_a: dict, row_b: dict) -> Match:
    return replace(match, a=replace(match.a, doi=row_a["doi"]),
                   b=replace(match.b, doi=row_b["doi"]))


# ------------------------------------------------------------------- reading a store


def stored_report(database: str | Path, settings: Settings | None = None,
                  notices: Sequence[Notice] = (), with_pixels: bool = False) -> Report:
    """The findings of a stored audit, as a :class:`Report`, without redoing any of it.

    Parameters
    ----------
    database : str or Path
    settings : Settings, optional
        Which audit: the papers read with these settings (the defaults when omitted).
    notices : sequence of Notice, optional
        Findings are linked to these notices' claims, as ``forensics scan --notices``.
    with_pixels : bool
        The panels that are a side of a finding carry their stored pixels (the others
        a 1 x 1 placeholder, as without), so that the HTML report shows both sides of
        each finding when the PDFs have moved.
    """
    settings = settings or Settings()
    digest = settings_digest(settings)
    with Store(database, readonly=True) as store:
        rows = store.papers(settings=digest)
        ids = {r["id"] for r in rows}
        found = [(a, b, m) for a, b, m in store.findings() if a in ids and b in ids]
        sides = {_side_key(ref) for _, _, m in found for ref in (m.a, m.b)}
        pixels = {i for a, b, _ in found for i in (a, b)} if with_pixels else set()
        results = tuple(sorted((_keep_pixels(store.paper_result(r["id"], r["id"] in pixels),
                                             sides)
                                for r in rows if r["status"] == "done"),
                               key=lambda r: r.paper.file))
        matches = tuple(m for _, _, m in found)
        errors = tuple(store.errors(settings=digest))
    report = Report(results, matches, errors)
    return _audit.link_notices(report, notices, settings)


def _side_key(ref: PanelRef | Panel) -> tuple:
    return (ref.file, ref.page,
            None if ref.bbox is None else tuple(round(float(v), 2) for v in ref.bbox))


def _keep_pixels(result: PaperResult, sides: set[tuple]) -> PaperResult:
    """The paper with pixels kept only on the panels that are a side of a finding
    (by file, page and box: the store names a paper's file as it is now in both)."""
    placeholder = np.zeros((1, 1), np.uint8)
    panels = tuple(p if p.image.size <= 1 or _side_key(p) in sides
                   else replace(p, image=placeholder) for p in result.panels)
    return replace(result, panels=panels)


def scan_against(paths: Sequence[str | Path], database: str | Path,
                 settings: Settings | None = None, notices: Sequence[Notice] = ()) -> Report:
    """``forensics scan`` of each paper, and each against every paper of a stored audit.

    The stored papers are not read again: their keys are searched, and the candidate
    papers' stored panels compared with the manuscript's. A stored paper with the same
    content as the manuscript is left out (it would match itself everywhere).

    Once the manuscripts are read, the search inside each runs in a second thread
    while this one searches the store: both spend most of their time in numpy and
    OpenCV, which release the interpreter lock, so on two cores the two overlap
    (10.1 s become 7.2 s for one manuscript against a 300-paper store).
    """
    settings = settings or Settings()
    digest = settings_digest(settings)
    results, errors = _audit.read_many(paths, settings)
    matches: list[Match] = []
    failed: list[FileError] = []
    with ThreadPoolExecutor(1, thread_name_prefix="forensics-inside") as pool, \
            Store(database, readonly=True) as store:
        inside = pool.submit(_audit.detect_each, results, settings)
        rows = {r["id"]: r for r in store.papers(settings=digest)}
        stored = store.keys(digest)
        for result in results:
            file = result.paper.file
            try:
                matches += _against(store, rows, result, settings, stored)
            except ForensicsError as exc:
                failed.append(FileError(file, str(exc), "against"))
            except Exception as exc:  # a bug or a library's error: this file's
                log.debug("%s: comparison with the store failed", file, exc_info=True)
                failed.append(FileError(file, f"{file}: internal error comparing with "
                                        f"{database} ({type(exc).__name__}: {exc})", "against",
                                        internal=True))
        found_inside, failed_inside = inside.result()
    report = Report(tuple(results), tuple(found_inside + matches),
                    tuple(errors + failed_inside + failed))
    return _audit.link_notices(report, notices, settings)


def _against(store: Store, rows: dict[int, dict], result: PaperResult, settings: Settings,
             stored: StoredKeys) -> list[Match]:
    """One manuscript against the stored papers, on the candidate panels of each."""
    sha = _sha256(Path(result.paper.file))
    keys = panel_keys(result.panels, settings)
    if not len(keys.ordinals) or not len(stored.paper_ids):
        return []
    manuscript = -1  # an id no stored paper has
    count = len(keys.ordinals)
    all_ids = np.concatenate([stored.paper_ids, np.full(count, manuscript)])
    pairs, _ = candidate_panels(all_ids, np.concatenate([stored.phash, keys.phash]),
                                stored.direct + list(keys.descriptors),
                                stored.mirror + list(keys.mirror), [manuscript], settings.index,
                                np.concatenate([stored.background, np.zeros(count)]))
    groups = _by_paper_pair(pairs, all_ids, np.concatenate([stored.ordinals, keys.ordinals]))
    found: list[Match] = []
    doi = result.paper.doi
    for (_, other), (mine, theirs) in groups.items():
        row = rows[other]
        if row["sha256"] == sha:
            continue
        for m in compare_panels([result.panels[i] for i in mine],
                                store.load_panels(other, theirs), settings, (),
                                store.stored_keypoints(other, theirs, ALGORITHM)).matches:
            found.append(replace(m, a=replace(m.a, doi=doi), b=replace(m.b, doi=row["doi"])))
    return found
