"""The audit store: one SQLite file holding every paper an audit has read.

Papers are keyed by the SHA-256 of the file's bytes and the digest of the settings
they were read with, so a renamed or copied file is not read twice and a changed
setting reads everything again. For each paper the store keeps what a report needs
(title, DOI, figures with captions, panels with class, letter, box and a small JPEG
thumbnail), what a later comparison needs without the PDF (each panel's pixels,
losslessly as PNG, and the keys of the corpus search: whole-image hashes and the
strongest keypoint descriptors), the findings inside the paper, its status, timing
and error. Cross-paper findings are kept per pair of papers, with the pair itself
recorded as compared even when it holds none, so a resumed audit never verifies a
pair twice.

Every paper, and every compared pair, is written in one transaction: a run killed at
any moment (SIGKILL included) leaves either all of it or none of it. The database is
in WAL mode with foreign keys on; its schema version is ``PRAGMA user_version`` and
:data:`MIGRATIONS` brings an older file up to date, each step in a transaction.
Only one audit writes at a time: :meth:`Store.writer_lock` takes an exclusive lock
on a file beside the database and refuses a second writer with a clear message.

Figures are stored without their pixels: a figure loaded back has a 1 x 1 placeholder
image (reports render crops from the PDFs themselves, see :mod:`forensics.report.crops`).
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from forensics.errors import ForensicsError
from forensics.model import Figure, FileError, Match, NoticeLink, Panel, PanelRef, Paper, Transform
from forensics.report import PaperResult

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "PanelBlobs", "PanelKeys", "Store", "StoreError",
           "StoredKeys", "encode_panel", "match_from_json", "match_to_json"]

#: Side (pixels) of the thumbnails kept for reports.
THUMBNAIL_SIDE = 128

#: Each step brings the schema from version ``i`` to ``i + 1``.
MIGRATIONS: tuple[str, ...] = ("""
CREATE TABLE papers (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    settings TEXT NOT NULL,
    file TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'error')),
    doi TEXT, title TEXT, pages INTEGER, refs TEXT,
    error TEXT, stage TEXT,
    wall_seconds REAL, cpu_seconds REAL,
    cross_done INTEGER NOT NULL DEFAULT 0,
    read_at TEXT NOT NULL,
    UNIQUE (sha256, settings)
);
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL
);
CREATE TABLE figures (
    id INTEGER PRIMARY KEY,
    paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    number TEXT, page INTEGER NOT NULL, bbox TEXT NOT NULL, caption TEXT NOT NULL,
    scale REAL NOT NULL, source TEXT NOT NULL
);
CREATE TABLE panels (
    id INTEGER PRIMARY KEY,
    paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    figure TEXT, label TEXT, page INTEGER NOT NULL, bbox TEXT NOT NULL,
    content TEXT NOT NULL, category TEXT, text_boxes TEXT NOT NULL,
    image BLOB NOT NULL, thumbnail BLOB NOT NULL
);
CREATE INDEX panels_paper ON panels(paper_id);
CREATE TABLE fingerprints (
    panel_id INTEGER PRIMARY KEY REFERENCES panels(id) ON DELETE CASCADE,
    algorithm TEXT NOT NULL,
    phash BLOB NOT NULL,
    descriptors BLOB NOT NULL,
    mirror BLOB NOT NULL
);
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    paper_a INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    paper_b INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    score REAL NOT NULL,
    match TEXT NOT NULL
);
CREATE INDEX findings_pair ON findings(paper_a, paper_b);
CREATE TABLE compared (
    paper_a INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    paper_b INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    panels INTEGER NOT NULL,
    cpu_seconds REAL,
    error TEXT,
    PRIMARY KEY (paper_a, paper_b)
);
""", """
ALTER TABLE papers ADD COLUMN internal INTEGER NOT NULL DEFAULT 0;
ALTER TABLE compared ADD COLUMN internal INTEGER NOT NULL DEFAULT 0;
""", """
ALTER TABLE fingerprints ADD COLUMN background REAL NOT NULL DEFAULT 0;
""", """
ALTER TABLE fingerprints ADD COLUMN keypoints BLOB;
""")

SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(ForensicsError):
    """The database cannot be used: newer schema, not a store, or already being written."""


@dataclass(frozen=True)
class PanelKeys:
    """The corpus-search keys of one paper's searchable panels (rows in panel order).

    Attributes
    ----------
    ordinals : ndarray of int64, shape (n,)
        Positions of the panels in the paper's panel list.
    phash : ndarray of uint64, shape (n, 8)
        Whole-image hashes in the 8 orientations (:attr:`Fingerprint.phash`).
    descriptors, mirror : list of ndarray of uint8, shape (k, 32)
        The strongest direct and mirrored descriptors of each panel.
    algorithm : str
        The fingerprint algorithm that made them.
    keypoints : tuple of bytes
        Each panel's whole set of keypoints
        (:func:`forensics.fingerprint.keypoints_to_bytes`), so that comparing it later
        does not search its pixels for keypoints again; empty when not kept.
    """

    ordinals: np.ndarray
    phash: np.ndarray
    descriptors: tuple[np.ndarray, ...]
    mirror: tuple[np.ndarray, ...]
    algorithm: str
    keypoints: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class StoredKeys:
    """The corpus-search keys of every stored panel of one audit (rows by paper, then
    place in the paper).

    Attributes
    ----------
    paper_ids, ordinals : ndarray of int64, shape (n,)
        Each keyed panel's paper and place in that paper's panel list.
    phash : ndarray of uint64, shape (n, 8)
    direct, mirror : list of ndarray of uint8, shape (k, 32)
    background : ndarray of float64, shape (n,)
        Each panel's background score from the last corpus search
        (:func:`forensics.corpus.panel_backgrounds`; 0 before any).
    """

    paper_ids: np.ndarray
    ordinals: np.ndarray
    phash: np.ndarray
    direct: list[np.ndarray]
    mirror: list[np.ndarray]
    background: np.ndarray


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class PanelBlobs:
    """A panel's pixels as the store keeps them: a lossless PNG and a JPEG thumbnail."""

    image: bytes
    thumbnail: bytes


def encode_panel(image: np.ndarray) -> PanelBlobs:
    """The blobs :meth:`Store.add_paper` writes for a panel of these pixels.

    Audit workers call it, so the one writing process only inserts bytes (and
    a paper's PNGs, a third of its raw pixels, are what crosses the pipe).
    """
    return PanelBlobs(_png(image), _thumbnail(image))


def _png(image: np.ndarray) -> bytes:
    # Level 1 with run-length matching: 40% less CPU than level 3 and no bigger on
    # figures (flat page white, blots). Each row predicted from the row above only:
    # on 261 generated panels 44% less CPU to encode and 27% less to decode than
    # the adaptive filters, for 11% more bytes (the parent decodes every panel an
    # audit compares, while two workers wait for it).
    ok, data = cv2.imencode(".png", np.ascontiguousarray(image),
                            [cv2.IMWRITE_PNG_COMPRESSION, 1,
                             cv2.IMWRITE_PNG_STRATEGY, cv2.IMWRITE_PNG_STRATEGY_RLE,
                             cv2.IMWRITE_PNG_FILTER, cv2.IMWRITE_PNG_FILTER_UP])
    if not ok:
        raise ValueError(f"cannot encode a panel image of shape {image.shape}")
    return data.tobytes()


def _thumbnail(image: np.ndarray) -> bytes:
    rows, cols = image.shape[:2]
    scale = min(1.0, THUMBNAIL_SIDE / max(rows, cols, 1))
    small = cv2.resize(image, (max(1, round(cols * scale)), max(1, round(rows * scale))),
                       interpolation=cv2.INTER_AREA)
    if small.ndim == 3 and small.shape[2] == 3:
        small = cv2.cvtColor(small, cv2.COLOR_RGB2BGR)  # JPEG viewers read BGR order here
    ok, data = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 80])
    return data.tobytes() if ok else b""


def _decode(blob: bytes) -> np.ndarray:
    """A PNG written by :func:`_png`, back as the array it was (channel order kept)."""
    image = cv2.imdecode(np.frombuffer(blob, np.uint8), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise StoreError("a stored panel image cannot be decoded")
    return image


def _box(values: Any) -> tuple[float, float, float, float] | None:
    return None if values is None else (float(values[0]), float(values[1]),
                                        float(values[2]), float(values[3]))


def match_to_json(match: Match) -> str:
    """A finding as the JSON text the store keeps (every field, losslessly)."""
    return json.dumps(asdict(match), sort_keys=True)


def match_from_json(text: str) -> Match:
    """The :class:`Match` :func:`match_to_json` wrote."""
    d = json.loads(text)

    def ref(r: dict) -> PanelRef:
        return PanelRef(figure=r["figure"], panel=r["panel"], file=r["file"], doi=r["doi"],
                        page=r["page"], bbox=_box(r["bbox"]))

    return Match(a=ref(d["a"]), b=ref(d["b"]), kind=d["kind"], score=d["score"],
                 transform=Transform(**d["transform"]), inliers=d["inliers"],
                 overlap_a=d["overlap_a"], overlap_b=d["overlap_b"],
                 region_a=_box(d["region_a"]), region_b=_box(d["region_b"]),
                 notices=tuple(NoticeLink(**n) for n in d["notices"]),
                 declared=d["declared"],
                 points=tuple((p[0], p[1], p[2], p[3])  # not in older stores
                              for p in d.get("points", ())))


class Store:
    """An open audit database (see the module docstring).

    Parameters
    ----------
    path : str or Path
        The SQLite file; created with the current schema when missing.
    readonly : bool
        Open for reading only (``scan --against``, ``report``): the file must exist.

    Raises
    ------
    StoreError
        The file is not an audit store, or was written by a newer version.
    """

    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path)
        if readonly and not self.path.is_file():
            raise StoreError(f"{self.path}: no such audit database")
        try:
            if readonly:
                self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                           isolation_level=None)
            else:
                self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not an audit database ({exc})") from exc
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {version} is newer than this "
                             f"program's ({SCHEMA_VERSION}); upgrade forensics")
        if version < SCHEMA_VERSION:
            if readonly:
                raise StoreError(f"{self.path}: schema version {version}, expected "
                                 f"{SCHEMA_VERSION}; run an audit on it to migrate")
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        for step in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version={step + 1}")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One unit of work: committed whole, or rolled back whole."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold the one writer's lock for the duration of an audit.

        Raises
        ------
        StoreError
            Another audit is writing to this database now.
        """
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
                raise StoreError(f"{self.path}: another audit (pid {holder}) is writing to "
                                 "this database; wait for it to finish") from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    # ------------------------------------------------------------------ files

    def known_hash(self, path: str, size: int, mtime_ns: int) -> str | None:
        """The content hash recorded for ``path``, when its size and mtime are unchanged."""
        row = self._db.execute("SELECT sha256 FROM files WHERE path=? AND size=? AND mtime_ns=?",
                               (path, size, mtime_ns)).fetchone()
        return None if row is None else row[0]

    def remember_file(self, path: str, sha256: str, size: int, mtime_ns: int) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                       (path, sha256, size, mtime_ns))

    # ----------------------------------------------------------------- papers

    def paper_status(self, sha256: str, settings: str) -> tuple[int, str] | None:
        """``(id, status)`` of the paper with this content and settings, or None."""
        row = self._db.execute("SELECT id, status FROM papers WHERE sha256=? AND settings=?",
                               (sha256, settings)).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def set_file(self, paper_id: int, path: str) -> None:
        """Record where the paper is now (a renamed or moved file)."""
        with self.transaction() as db:
            db.execute("UPDATE papers SET file=? WHERE id=?", (path, paper_id))

    def forget(self, paper_id: int) -> None:
        """Delete a paper and everything found with it (to read it again)."""
        with self.transaction() as db:
            db.execute("DELETE FROM papers WHERE id=?", (paper_id,))

    def add_paper(self, sha256: str, settings: str, file: str,
                  result: PaperResult | None, matches: Sequence[Match],
                  errors: Sequence[FileError], keys: PanelKeys | None,
                  wall_seconds: float, cpu_seconds: float,
                  blobs: Sequence[PanelBlobs] | None = None) -> int:
        """Store one paper's outcome in one transaction and return its id.

        ``result`` is None when the file could not be read; ``errors`` then says why
        (a paper whose detection failed has both). ``keys`` are its panels' search keys.
        ``blobs``, one per panel (:func:`encode_panel`), stand for the panels' pixels,
        which are then not read.
        """
        if blobs is not None and result is not None and len(blobs) != len(result.panels):
            raise ValueError(f"{len(blobs)} panel blobs for {len(result.panels)} panels")
        error = "; ".join(e.error for e in errors) or None
        stage = errors[0].stage if errors else None
        internal = any(e.internal for e in errors)
        status = "done" if result is not None else "error"
        paper = result.paper if result is not None else None
        with self.transaction() as db:
            db.execute("DELETE FROM papers WHERE sha256=? AND settings=?", (sha256, settings))
            cursor = db.execute(
                "INSERT INTO papers (sha256, settings, file, status, doi, title, pages, refs,"
                " error, stage, internal, wall_seconds, cpu_seconds, read_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (sha256, settings, file, status, paper and paper.doi, paper and paper.title,
                 paper and paper.pages, json.dumps(list(paper.references)) if paper else None,
                 error, stage, internal, wall_seconds, cpu_seconds, _now()))
            paper_id = int(cursor.lastrowid or 0)
            if result is None:
                return paper_id
            db.executemany(
                "INSERT INTO figures (paper_id, number, page, bbox, caption, scale, source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(paper_id, f.number, f.page, json.dumps(f.bbox), f.caption, f.scale, f.source)
                 for f in result.figures])
            panel_ids = []
            for ordinal, p in enumerate(result.panels):
                blob = blobs[ordinal] if blobs is not None else encode_panel(p.image)
                cursor = db.execute(
                    "INSERT INTO panels (paper_id, ordinal, figure, label, page, bbox, content,"
                    " category, text_boxes, image, thumbnail) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (paper_id, ordinal, p.figure, p.label, p.page, json.dumps(p.bbox),
                     p.content, p.category, json.dumps(p.text_boxes), blob.image,
                     blob.thumbnail))
                panel_ids.append(int(cursor.lastrowid or 0))
            if keys is not None:
                db.executemany(
                    "INSERT INTO fingerprints (panel_id, algorithm, phash, descriptors, mirror,"
                    " keypoints) VALUES (?, ?, ?, ?, ?, ?)",
                    [(panel_ids[int(o)], keys.algorithm, keys.phash[row].tobytes(),
                      keys.descriptors[row].tobytes(), keys.mirror[row].tobytes(),
                      keys.keypoints[row] if keys.keypoints else None)
                     for row, o in enumerate(keys.ordinals)])
            db.executemany(
                "INSERT INTO findings (paper_a, paper_b, score, match) VALUES (?, ?, ?, ?)",
                [(paper_id, paper_id, m.score, match_to_json(m)) for m in matches])
        return paper_id

    def papers(self, settings: str | None = None) -> list[dict[str, Any]]:
        """The rows (id, file, sha256, status, error, timing...) of the papers read with
        these settings (all when None), by id."""
        query = "SELECT * FROM papers" + (" WHERE settings=?" if settings else "") + \
            " ORDER BY id"
        cursor = self._db.execute(query, (settings,) if settings else ())
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def load_panels(self, paper_id: int, ordinals: Sequence[int] | None = None
                    ) -> list[Panel]:
        """One paper's panels with their pixels, in the order they were found, or only
        those at ``ordinals`` (in that order: decoding pixels is most of the cost)."""
        file = self._db.execute("SELECT file FROM papers WHERE id=?", (paper_id,)).fetchone()
        if file is None:
            raise StoreError(f"no paper with id {paper_id} in {self.path}")
        query = ("SELECT ordinal, figure, label, page, bbox, content, category, text_boxes,"
                 " image FROM panels WHERE paper_id=?")
        wanted: tuple[int, ...] = ()
        if ordinals is not None:
            wanted = tuple(sorted({int(i) for i in ordinals}))
            query += f" AND ordinal IN ({','.join('?' * len(wanted))})"
        rows = self._db.execute(query + " ORDER BY ordinal", (paper_id, *wanted)).fetchall()
        if ordinals is not None:
            by_ordinal = {row[0]: row for row in rows}
            try:
                rows = [by_ordinal[int(i)] for i in ordinals]
            except KeyError as exc:
                raise StoreError(f"paper {paper_id} has no panel {exc}") from exc
        return [Panel(file=file[0], figure=figure, label=label, page=page,
                      bbox=_box(json.loads(bbox)) or (0.0, 0.0, 1.0, 1.0), image=_decode(image),
                      content=content, category=category,
                      text_boxes=tuple(_box(b) or (0.0, 0.0, 1.0, 1.0)
                                       for b in json.loads(text_boxes)))
                for _, figure, label, page, bbox, content, category, text_boxes, image
                in rows]

    def stored_keypoints(self, paper_id: int, ordinals: Sequence[int], algorithm: str
                         ) -> list[tuple[bytes, np.ndarray] | None]:
        """The stored keypoints and hashes of one paper's panels at ``ordinals`` (in that
        order), where kept by fingerprint ``algorithm``; None for the others."""
        wanted = tuple(sorted({int(i) for i in ordinals}))
        # only the panels asked for: a paper's keypoints are tens of kilobytes a panel
        rows = self._db.execute(
            "SELECT p.ordinal, f.keypoints, f.phash FROM fingerprints f JOIN panels p"
            " ON p.id = f.panel_id WHERE p.paper_id=? AND f.algorithm=?"
            f" AND f.keypoints IS NOT NULL AND p.ordinal IN ({','.join('?' * len(wanted))})",
            (paper_id, algorithm, *wanted)).fetchall()
        found = {int(o): (bytes(k), np.frombuffer(h, np.uint64)) for o, k, h in rows}
        return [found.get(int(i)) for i in ordinals]

    def thumbnail(self, paper_id: int, ordinal: int) -> bytes | None:
        """The JPEG thumbnail of one stored panel."""
        row = self._db.execute("SELECT thumbnail FROM panels WHERE paper_id=? AND ordinal=?",
                               (paper_id, ordinal)).fetchone()
        return None if row is None else bytes(row[0])

    def keys(self, settings: str) -> StoredKeys:
        """The search keys of every stored panel of the papers read with these settings."""
        rows = self._db.execute(
            "SELECT p.paper_id, p.ordinal, f.phash, f.descriptors, f.mirror, f.background"
            " FROM fingerprints f JOIN panels p ON p.id = f.panel_id"
            " JOIN papers q ON q.id = p.paper_id WHERE q.status='done' AND q.settings=?"
            " ORDER BY p.paper_id, p.ordinal", (settings,)).fetchall()
        return StoredKeys(
            np.array([r[0] for r in rows], np.int64), np.array([r[1] for r in rows], np.int64),
            np.array([np.frombuffer(r[2], np.uint64) for r in rows], np.uint64).reshape(-1, 8),
            [np.frombuffer(r[3], np.uint8).reshape(-1, 32) for r in rows],
            [np.frombuffer(r[4], np.uint8).reshape(-1, 32) for r in rows],
            np.array([r[5] for r in rows], np.float64))

    def set_backgrounds(self, paper_ids: np.ndarray, ordinals: np.ndarray,
                        background: np.ndarray) -> None:
        """Store each keyed panel's background score (rows as :meth:`keys`), in one
        transaction."""
        with self.transaction() as db:
            db.executemany(
                "UPDATE fingerprints SET background=? WHERE panel_id="
                "(SELECT id FROM panels WHERE paper_id=? AND ordinal=?)",
                [(float(v), int(p), int(o)) for p, o, v in zip(paper_ids, ordinals, background,
                                                               strict=True)])

    # ------------------------------------------------------------- cross pairs

    def compared(self) -> set[tuple[int, int]]:
        """Pairs of papers already compared (smaller id first)."""
        return {(min(int(a), int(b)), max(int(a), int(b))) for a, b in
                self._db.execute("SELECT paper_a, paper_b FROM compared").fetchall()}

    def comparisons(self) -> list[dict[str, Any]]:
        """Every compared pair's row (paper_a, paper_b, panels, cpu_seconds, error)."""
        cursor = self._db.execute("SELECT * FROM compared ORDER BY paper_a, paper_b")
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def add_comparison(self, paper_a: int, paper_b: int, matches: Sequence[Match],
                       panels: int, cpu_seconds: float | None = None,
                       error: str | None = None, internal: bool = False) -> None:
        """Store one compared pair of papers (``panels`` of them compared, in
        ``cpu_seconds``) and its findings in one transaction; ``error`` says why the
        pair could not be compared, ``internal`` whether that was a bug."""
        with self.transaction() as db:
            db.execute("DELETE FROM findings WHERE paper_a=? AND paper_b=?", (paper_a, paper_b))
            db.execute("INSERT OR REPLACE INTO compared (paper_a, paper_b, panels, cpu_seconds,"
                       " error, internal) VALUES (?, ?, ?, ?, ?, ?)",
                       (paper_a, paper_b, panels, cpu_seconds, error, internal))
            db.executemany(
                "INSERT INTO findings (paper_a, paper_b, score, match) VALUES (?, ?, ?, ?)",
                [(paper_a, paper_b, m.score, match_to_json(m)) for m in matches])

    def pending_cross(self, settings: str) -> list[int]:
        """Papers read (with these settings) not yet compared with the rest."""
        return [int(r[0]) for r in self._db.execute(
            "SELECT id FROM papers WHERE status='done' AND cross_done=0 AND settings=?"
            " ORDER BY id", (settings,))]

    def finish_cross(self, paper_ids: Sequence[int]) -> None:
        with self.transaction() as db:
            db.executemany("UPDATE papers SET cross_done=1 WHERE id=?",
                           [(i,) for i in paper_ids])

    # ----------------------------------------------------------------- reading

    def findings(self) -> list[tuple[int, int, Match]]:
        """Every finding as ``(paper_a, paper_b, match)``, the files named as they are now
        (a paper inside itself has ``paper_a == paper_b``)."""
        files = {int(i): f for i, f in self._db.execute("SELECT id, file FROM papers")}
        out = []
        for a, b, text in self._db.execute(
                "SELECT paper_a, paper_b, match FROM findings ORDER BY score DESC, id"):
            m = match_from_json(text)
            m = replace(m, a=replace(m.a, file=files[a]), b=replace(m.b, file=files[b]))
            out.append((int(a), int(b), m))
        return out

    def paper_result(self, paper_id: int, with_pixels: bool = False) -> PaperResult:
        """A stored paper as a :class:`PaperResult` (figures without their pixels)."""
        row = self._db.execute("SELECT file, doi, title, pages, refs FROM papers WHERE id=?",
                               (paper_id,)).fetchone()
        if row is None:
            raise StoreError(f"no paper with id {paper_id} in {self.path}")
        file, doi, title, pages, refs = row
        paper = Paper(file=file, pages=int(pages or 0), doi=doi, title=title,
                      references=tuple(json.loads(refs or "[]")))
        placeholder = np.zeros((1, 1, 3), np.uint8)
        figures = tuple(
            Figure(file=file, number=number, page=page,
                   bbox=_box(json.loads(bbox)) or (0.0, 0.0, 1.0, 1.0),
                   caption=caption, image=placeholder, scale=scale, source=source)
            for number, page, bbox, caption, scale, source in self._db.execute(
                "SELECT number, page, bbox, caption, scale, source FROM figures"
                " WHERE paper_id=? ORDER BY id", (paper_id,)))
        if with_pixels:
            panels = tuple(self.load_panels(paper_id))
        else:
            panels = tuple(
                Panel(file=file, figure=figure, label=label, page=page,
                      bbox=_box(json.loads(bbox)) or (0.0, 0.0, 1.0, 1.0),
                      image=np.zeros((1, 1), np.uint8), content=content, category=category)
                for figure, label, page, bbox, content, category in self._db.execute(
                    "SELECT figure, label, page, bbox, content, category FROM panels"
                    " WHERE paper_id=? ORDER BY ordinal", (paper_id,)))
        return PaperResult(paper, figures, panels)

    def errors(self, settings: str) -> list[FileError]:
        """Every file (read with these settings) that could not be read, and every pair
        that could not be compared."""
        out = [FileError(file, error, stage, bool(internal))
               for file, error, stage, internal in self._db.execute(
                   "SELECT file, error, stage, internal FROM papers"
                   " WHERE error IS NOT NULL AND settings=? ORDER BY id", (settings,))]
        out += [FileError(f"{fa} + {fb}", f"{fa} + {fb}: {error}", "compare", bool(internal))
                for fa, fb, error, internal in self._db.execute(
                    "SELECT a.file, b.file, c.error, c.internal FROM compared c"
                    " JOIN papers a ON a.id=c.paper_a JOIN papers b ON b.id=c.paper_b"
                    " WHERE c.error IS NOT NULL AND a.settings=? ORDER BY a.id, b.id",
                    (settings,))]
        return out

    def integrity_check(self) -> str:
        """SQLite's own verdict on the file: ``"ok"`` when sound."""
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])
