"""Batch audits on generated PDFs: the store, resuming after a kill, containment of bad
files and bad jobs, the Dask engine, ``scan --against`` and the ``audit``/``report``
commands.

One audited database (the four-paper corpus, which has a planted copy across two
papers) is made once per module and read by most tests; the tests that write make
their own.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import forensics
from forensics.batch import AuditInputError, audit_corpus, scan_against, stored_report
from forensics.cli import main
from forensics.model import FileError
from forensics.report import match_json
from forensics.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError
from forensics.workers import Failed, Limits, LocalEngine

CLI = [sys.executable, "-c", "from forensics.cli import main; main()"]


def findings(report) -> set[str]:
    """A report's findings, comparable across runs and folders (files by name only)."""
    out = set()
    for m in report.matches:
        data = match_json(m)
        for side in ("a", "b"):
            data[side]["file"] = Path(data[side]["file"]).name
        out.add(json.dumps(data, sort_keys=True))
    return out


def cross(found: set[str]) -> set[str]:
    return {f for f in found if json.loads(f)["a"]["file"] != json.loads(f)["b"]["file"]}


@pytest.fixture(scope="module")
def audited(corpus, tmp_path_factory):
    """The four-paper corpus audited once on two local workers."""
    folder, truth = corpus
    db = tmp_path_factory.mktemp("audit") / "audit.sqlite"
    summary = audit_corpus([folder], db, workers=2)
    return db, summary, stored_report(db)


def test_audit_finds_what_scan_finds_and_the_copy_across_papers(corpus, audited):
    folder, truth = corpus
    db, summary, report = audited
    assert summary.files == summary.read == 4 and summary.failed == 0
    assert not report.errors
    assert sorted(Path(r.paper.file).name for r in report.papers) == \
        sorted(p["file"] for p in truth["papers"])
    # Inside each paper: exactly what `forensics scan` finds.
    scanned = forensics.scan(sorted(folder.glob("*.pdf")))
    assert findings(report) - cross(findings(report)) == findings(scanned)
    # Across papers: the planted copy between two papers, with its flip.
    planted = [d for d in truth["duplications"] if d["a"]["file"] != d["b"]["file"]]
    assert planted
    for d in planted:
        hits = [json.loads(f) for f in cross(findings(report))
                if {json.loads(f)["a"]["file"], json.loads(f)["b"]["file"]}
                == {d["a"]["file"], d["b"]["file"]}]
        assert any({(h["a"]["figure"], h["a"]["panel"]), (h["b"]["figure"], h["b"]["panel"])}
                   == {(d["a"]["figure"], d["a"]["panel"]), (d["b"]["figure"], d["b"]["panel"])}
                   and h["transform"]["flip"] is not None for h in hits), hits
    with Store(db, readonly=True) as store:
        assert store.integrity_check() == "ok"
        rows = store.papers()
        assert all(r["cpu_seconds"] > 0 and r["status"] == "done" for r in rows)
        assert store.thumbnail(rows[0]["id"], 0)[:2] == b"\xff\xd8"  # a JPEG


def test_stored_panels_are_the_pixels_read(corpus, audited):
    folder, _ = corpus
    db, _, _ = audited
    result = forensics.read_panels(folder / "paper_002.pdf")
    with Store(db, readonly=True) as store:
        row = next(r for r in store.papers() if r["file"].endswith("paper_002.pdf"))
        stored = store.load_panels(row["id"])
    assert len(stored) == len(result.panels)
    for a, b in zip(stored, result.panels):
        assert (a.figure, a.label, a.page, a.bbox, a.content) == \
            (b.figure, b.label, b.page, b.bbox, b.content)
        np.testing.assert_array_equal(a.image, b.image)


def test_stored_keypoints_spare_the_search_and_find_the_same(audited):
    """Each keyed panel's keypoints are stored with its search keys; a comparison given
    them finds what one that searches the pixels again finds."""
    from forensics.batch import compare_panels
    from forensics.fingerprint import ALGORITHM, _recent

    db, _, _ = audited
    with Store(db, readonly=True) as store:
        ids = [r["id"] for r in store.papers() if r["status"] == "done"][:2]
        panels = [store.load_panels(i) for i in ids]
        kept = [store.stored_keypoints(i, range(len(p)), ALGORITHM)
                for i, p in zip(ids, panels, strict=True)]
    assert all(any(k is not None for k in side) for side in kept)
    _recent.clear()
    again = compare_panels(panels[0], panels[1], forensics.Settings())
    _recent.clear()
    given = compare_panels(panels[0], panels[1], forensics.Settings(), kept[0], kept[1])
    assert given.matches == again.matches


def test_a_second_run_reads_nothing_and_a_renamed_file_is_not_read_again(corpus, audited,
                                                                         tmp_path):
    folder, _ = corpus
    db, _, report = audited
    copy = tmp_path / "audit.sqlite"
    shutil.copy(db, copy)
    moved = tmp_path / "moved"
    shutil.copytree(folder, moved)
    (moved / "paper_003.pdf").rename(moved / "renamed.pdf")
    summary = audit_corpus([moved], copy, workers=2)
    assert (summary.read, summary.stored, summary.pairs_compared) == (0, 4, 0)
    again = stored_report(copy)
    names = {Path(r.paper.file).name for r in again.papers}
    assert "renamed.pdf" in names and "paper_003.pdf" not in names
    renamed = {f.replace("paper_003.pdf", "renamed.pdf") for f in findings(report)}
    assert findings(again) == renamed


def test_new_papers_are_compared_with_the_stored_ones(corpus, audited, tmp_path):
    """Papers added to an audited corpus are compared with the stored ones: the copy
    between a stored paper and a new one is found, and the findings are those of one
    run over everything."""
    folder, _ = corpus
    db = tmp_path / "grown.sqlite"
    shutil.copy(audited[0], db)
    with Store(db) as store:
        for row in store.papers():
            if row["file"].endswith(("paper_001.pdf", "paper_003.pdf")):
                store.forget(row["id"])
        assert len(store.papers()) == 2 and not store.pending_cross(row["settings"])
    assert not any("paper_001" in f for f in findings(stored_report(db)))
    second = audit_corpus([folder], db, workers=2)
    assert (second.read, second.stored) == (2, 2)
    assert findings(stored_report(db)) == findings(audited[2])


def _audit_process(folder: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(CLI + ["audit", str(folder), "--db", str(db), "-j", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


@pytest.mark.parametrize("kill_after", ["read 1/", "read 3/", "compare 1/"])
def test_killed_and_run_again_ends_with_the_same_findings(corpus, audited, tmp_path,
                                                          kill_after):
    """SIGKILL at a point of each stage (after the first paper, later in reading, after
    the first pair compared), then a second run: nothing lost, nothing twice."""
    folder, _ = corpus
    db = tmp_path / "killed.sqlite"
    process = _audit_process(folder, db)
    assert process.stderr is not None
    seen = []
    for line in process.stderr:
        seen.append(line)
        if line.startswith(kill_after):
            process.send_signal(signal.SIGKILL)
            break
    process.wait(60)
    assert process.returncode == -signal.SIGKILL, "".join(seen)
    with Store(db, readonly=True) as store:
        assert store.integrity_check() == "ok"
    resumed = subprocess.run(CLI + ["audit", str(folder), "--db", str(db), "-j", "2", "-q"],
                             capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    with Store(db, readonly=True) as store:
        assert store.integrity_check() == "ok"
        assert len(store.papers()) == 4
        assert not store.pending_cross(store.papers()[0]["settings"])
    assert findings(stored_report(db)) == findings(audited[2])


def test_a_broken_file_is_an_error_row_and_the_rest_goes_on(corpus, bad_files, tmp_path):
    folder, _ = corpus
    db = tmp_path / "bad.sqlite"
    inputs = [folder / "paper_002.pdf", *bad_files.values()]
    summary = audit_corpus(inputs, db, workers=2)
    assert summary.read == len(inputs) and summary.failed == len(bad_files)
    report = stored_report(db)
    assert [Path(r.paper.file).name for r in report.papers] == ["paper_002.pdf"]
    failed = {Path(e.file).name: e.error for e in report.errors}
    assert set(failed) == {p.name for p in bad_files.values()}
    assert all(name in error for name, error in failed.items())
    # Errors are results too: a second run does not read the same bytes again ...
    assert audit_corpus(inputs, db, workers=2).read == 0
    # ... unless asked to.
    assert audit_corpus(inputs, db, workers=2, retry_errors=True).read == len(bad_files)


# ------------------------------------------------------------------- containment


def sleep_for(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"


def crash() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)  # as a parser's segfault would


def allocate(megabytes: int) -> int:
    return int(np.ones(megabytes << 20, np.uint8).sum())


def fail() -> None:
    raise RuntimeError("a bug in one job")


def test_a_hanging_crashing_or_greedy_job_fails_alone_and_its_worker_is_replaced():
    limits = Limits(timeout=3.0, max_memory=2048 << 20)
    jobs = [("hang", (sleep_for, (60,))), ("crash", (crash, ())),
            ("greedy", (allocate, (8192,))), ("bug", (fail, ())),
            ("ok", (allocate, (16,))), ("quick", (sleep_for, (0.1,)))]
    started = time.monotonic()
    with LocalEngine(2, limits, preload=("tests.test_batch",)) as engine:
        out = dict(engine.map(_call, jobs))
    assert time.monotonic() - started < 30
    assert isinstance(out["hang"], Failed) and "timed out after 3 s" in out["hang"].error
    assert isinstance(out["crash"], Failed) and "SIGSEGV" in out["crash"].error
    assert isinstance(out["greedy"], Failed) and "out of memory" in out["greedy"].error
    assert isinstance(out["bug"], Failed) and "a bug in one job" in out["bug"].error
    assert out["ok"] == 16 << 20 and out["quick"] == "woke"
    # Only the job that raised is a bug (exit status 3); limits and deaths are the file's.
    assert out["bug"].internal
    assert not any(out[k].internal for k in ("hang", "crash", "greedy"))


def _call(func, args):
    return func(*args)


def opencv_threads() -> int:
    import cv2

    return cv2.getNumThreads()


def test_workers_run_opencv_on_one_thread():
    # Two workers on two cores, each with OpenCV's pool of two threads, spent 12%
    # more CPU reading a paper than on one thread each.
    with LocalEngine(2, Limits(timeout=30.0), preload=("tests.test_batch",)) as engine:
        out = dict(engine.map(_call, [(k, (opencv_threads, ())) for k in range(2)]))
    assert out == {0: 1, 1: 1}


# --------------------------------------------------------------------- the engines


def test_the_dask_engine_finds_what_the_local_one_finds(corpus, audited, tmp_path):
    if not os.environ.get("CI"):
        pytest.importorskip("dask.distributed")
    folder, _ = corpus
    db = tmp_path / "dask.sqlite"
    summary = audit_corpus([folder], db, engine="dask", workers=2)
    assert summary.read == 4 and summary.failed == 0
    assert findings(stored_report(db)) == findings(audited[2])


def test_a_second_writer_is_refused_with_a_clear_message(corpus, tmp_path):
    folder, _ = corpus
    db = tmp_path / "locked.sqlite"
    with Store(db) as store, store.writer_lock():
        with pytest.raises(StoreError, match="another audit .* is writing"):
            audit_corpus([folder / "paper_002.pdf"], db, workers=1)


def test_inputs_that_name_nothing_are_refused(tmp_path):
    with pytest.raises(AuditInputError, match="no such file"):
        audit_corpus([tmp_path / "missing"], tmp_path / "x.sqlite")
    with pytest.raises(AuditInputError, match="no file matches"):
        audit_corpus([str(tmp_path / "*.pdf")], tmp_path / "x.sqlite")


def test_an_internal_error_is_kept_as_one_and_an_old_store_is_migrated(tmp_path):
    """Regression: an audit's internal errors were stored as plain errors, so `audit`
    exited 1 where `scan` exits 3 for the same file."""
    db = tmp_path / "old.sqlite"
    old = sqlite3.connect(db)  # a version-1 store, as the first release wrote it
    old.executescript(MIGRATIONS[0])
    old.execute("INSERT INTO papers (sha256, settings, file, status, error, stage, read_at)"
                " VALUES ('x', 's', 'old.pdf', 'error', 'old.pdf: unreadable', 'read', 'now')")
    old.execute("PRAGMA user_version=1")
    old.commit()
    old.close()
    with Store(db) as store:
        store.add_paper("y", "s", "new.pdf", None, (), (FileError(
            "new.pdf", "new.pdf: internal error in keys (ValueError: x)", "keys", True),),
            None, 0.0, 0.0)
        errors = {e.file: e.internal for e in store.errors("s")}
    assert errors == {"old.pdf": False, "new.pdf": True}


def test_a_store_of_a_newer_schema_or_not_a_store_is_refused(tmp_path):
    db = tmp_path / "new.sqlite"
    with Store(db) as store:
        store._db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        Store(db)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="not an audit database"):
        Store(junk)


# ------------------------------------------------------------ against a stored audit


def test_scan_against_a_store_finds_the_copy_in_a_stored_paper(corpus, audited, tmp_path):
    folder, _ = corpus
    db = tmp_path / "others.sqlite"
    shutil.copy(audited[0], db)
    with Store(db) as store:
        store.forget(next(r["id"] for r in store.papers() if r["file"].endswith("001.pdf")))
    report = scan_against([folder / "paper_001.pdf"], db)
    alone = forensics.scan([folder / "paper_001.pdf"])
    found = findings(report)
    assert findings(alone) <= found
    assert {(json.loads(f)["a"]["file"], json.loads(f)["b"]["file"]) for f in cross(found)} \
        == {("paper_001.pdf", "paper_000.pdf")}
    # A manuscript already in the store is not matched with itself.
    again = scan_against([folder / "paper_000.pdf"], db)
    assert not any(json.loads(f)["b"]["file"] == "paper_000.pdf" != json.loads(f)["a"]["file"]
                   for f in findings(again))


def test_audit_and_report_commands_write_the_same_findings(corpus, audited, tmp_path):
    folder, _ = corpus
    db, _, report = audited
    runner = CliRunner()
    out = tmp_path / "report.json"
    html = tmp_path / "report.html"
    result = runner.invoke(main, ["report", "--db", str(db), "--json", str(out),
                                  "--html", str(html), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["schema"] == "forensics-report/1"
    assert len(data["matches"]) == len(report.matches) and len(data["papers"]) == 4
    assert html.read_text().count("class='finding") >= len(report.matches)
    audited_again = runner.invoke(main, ["audit", str(folder), "--db", str(db), "--json", "-"])
    assert audited_again.exit_code == 0, audited_again.output
    assert "4 already stored" in audited_again.output
    missing = runner.invoke(main, ["report", "--db", str(tmp_path / "none.sqlite")])
    assert missing.exit_code == 1 and "no such audit database" in missing.output
