"""Notices in bulk: Retraction Watch CSV, Crossref JSON, files and folders; JSON output."""

from __future__ import annotations

import csv
import logging
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from forensics.citations import (
    normalise_doi,
)
from forensics.errors import NoticeParseError
from forensics.model import Article, FileError, Notice
from forensics.notices.claims import (
    extract_claims,
)
from forensics.notices.crossref import (
    _kind_from_label,
    iter_crossref_json,
)
from forensics.notices.kinds import (
    _order_reasons,
    normalise_reason,
)
from forensics.notices.parse import (
    parse_notice_pdf,
    parse_notice_text,
)
from forensics.notices.reading import (
    MAX_DUMP_BYTES,
    open_notice_text,
    read_notice_text,
)

logger = logging.getLogger(__name__)

RW_COLUMNS = (
    "Record ID", "Title", "Subject", "Institution", "Journal", "Publisher", "Country",
    "Author", "URLS", "ArticleType", "RetractionDate", "RetractionDOI", "RetractionPubMedID",
    "OriginalPaperDate", "OriginalPaperDOI", "OriginalPaperPubMedID", "RetractionNature",
    "Reason", "Paywalled", "Notes",
)


def _rw_year(value: str) -> int | None:
    m = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", value or "")
    return int(m.group(1)) if m else None


def iter_retraction_watch_csv(path: str | Path,
                              max_bytes: int = MAX_DUMP_BYTES) -> Iterator[Notice]:
    """The notices of a Retraction Watch database export, read row by row.

    The file is streamed (memory does not grow with its size beyond the notices
    themselves); its encoding is decided from its bytes (see
    :func:`forensics.notices.reading.open_notice_text`). Rows whose
    ``RetractionNature`` is not a retraction, expression of concern or correction (e.g.
    reinstatements) are skipped with a log message. ``Notes`` naming figures are parsed
    for claims.

    Raises
    ------
    NoticeParseError
        If the file cannot be read, lacks the Retraction Watch columns, or breaks the
        CSV format part-way (the rows before are yielded first).
    """
    path = Path(path)
    with open_notice_text(path, max_bytes) as f:
        reader = csv.DictReader(f)
        try:
            header = reader.fieldnames or []
        except (csv.Error, UnicodeError) as exc:
            raise NoticeParseError(f"{path}: cannot read CSV: {exc}") from exc
        missing = [c for c in ("Title", "RetractionNature", "Reason", "OriginalPaperDOI")
                   if c not in header]
        if missing:
            raise NoticeParseError(
                f"{path}: not a Retraction Watch CSV, missing column(s) {', '.join(missing)}"
            )
        n = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeError) as exc:
                raise NoticeParseError(f"{path}: cannot read CSV at line {reader.line_num}: "
                                       f"{exc}") from exc
            n += 1
            try:
                notice = _rw_notice(row, path, n)
            except NoticeParseError as exc:  # its Notes state too much: that row only
                logger.warning("%s: record %s skipped: %s", path, row.get("Record ID") or n, exc)
                continue
            if notice is not None:
                yield notice


def _rw_notice(row: dict[str, Any], path: Path, n: int) -> Notice | None:
    """One Retraction Watch row as a notice (None for a nature that is not one)."""
    kind = _kind_from_label(row.get("RetractionNature") or "")
    if kind is None:
        logger.info("%s: record %s: skipping nature %r", path, row.get("Record ID"),
                    row.get("RetractionNature"))
        return None
    authors = tuple(a.strip() for a in (row.get("Author") or "").split(";") if a.strip())
    first = authors[0] if authors else None
    if first:
        first = first.split()[-1] if "," not in first else first.split(",")[0]
    journal = (row.get("Journal") or "").strip() or None
    article = Article(
        doi=normalise_doi(row.get("OriginalPaperDOI")),
        title=(row.get("Title") or "").strip() or None,
        journal=sys.intern(journal) if journal else None,  # shared by thousands of rows
        year=_rw_year(row.get("OriginalPaperDate") or ""),
        authors=authors,
        first_author=first,
    )
    reasons = {normalise_reason(r) for r in (row.get("Reason") or "").split(";")}
    notes = (row.get("Notes") or "").strip()
    claims = extract_claims(notes, article) if notes else ()
    return Notice(
        kind=kind,
        article=article,
        doi=normalise_doi(row.get("RetractionDOI")),
        reasons=_order_reasons({r for r in reasons if r}),
        claims=claims,
        file=f"{path}#{row.get('Record ID') or n}",
    )


def load_retraction_watch_csv(path: str | Path, max_bytes: int = MAX_DUMP_BYTES) -> list[Notice]:
    """Read the Retraction Watch database export (20 columns, ``;``-separated lists);
    see :func:`iter_retraction_watch_csv`.

    Raises
    ------
    NoticeParseError
        If the file cannot be read or lacks the Retraction Watch columns.
    """
    return list(iter_retraction_watch_csv(path, max_bytes))


_SUFFIXES = (".txt", ".md", ".pdf", ".csv", ".json", ".jsonl")


def _load_file(path: Path, skipped: list[FileError] | None) -> list[Notice]:
    """One notice file, by its suffix; any failure becomes a :class:`NoticeParseError`."""
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise NoticeParseError(f"{path}: unsupported notice file type {suffix!r} "
                               "(expected .txt, .md, .pdf, .csv, .json or a folder)")
    try:
        if suffix in (".txt", ".md"):
            return [parse_notice_text(read_notice_text(path), file=str(path))]
        if suffix == ".pdf":
            return [parse_notice_pdf(path)]
        if suffix == ".csv":
            return load_retraction_watch_csv(path)
        return list(iter_crossref_json(path, skipped=skipped))
    except NoticeParseError:
        raise
    except Exception as exc:
        # a flaw of ours or an input no check foresaw: that file's error, not the run's
        logger.debug("internal error reading %s", path, exc_info=True)
        raise NoticeParseError(f"{path}: internal error while reading "
                               f"({type(exc).__name__}: {exc})") from exc


def load_notices(path: str | Path, skipped: list[FileError] | None = None) -> list[Notice]:
    """Load notices from a folder, a ``.txt``/``.md``/``.pdf`` notice, a Retraction Watch
    ``.csv`` or a Crossref ``.json``/``.jsonl`` file.

    Every file is untrusted input (see :mod:`forensics.notices.reading`): only regular
    files are read, sizes are capped, encodings are detected, JSON nesting is bounded.
    A folder is read file by file (sorted, hidden folders left out); a file that cannot
    be read is skipped and its error reported, so one bad file does not lose the rest.

    Parameters
    ----------
    path : str or Path
        A notice file or a folder of them.
    skipped : list of FileError, optional
        Receives one :class:`~forensics.model.FileError` (stage ``"notices"``) per file
        of a folder, or record of a Crossref dump, that was skipped; when omitted, each
        is logged as a warning instead.

    Raises
    ------
    NoticeParseError
        If ``path`` does not exist, is a file of an unsupported type, or (a file named
        directly) cannot be read.
    """
    path = Path(path)
    if not os.path.lexists(path):
        raise NoticeParseError(f"{path}: no such file or folder")
    if not path.is_dir():
        return _load_file(path, skipped)
    notices: list[Notice] = []
    for child in sorted(path.rglob("*")):
        rel = child.relative_to(path)
        if any(p.startswith(".") for p in rel.parts) or child.is_dir():
            continue
        if child.suffix.lower() not in _SUFFIXES or child.name == "truth.json":
            continue
        try:
            notices.extend(_load_file(child, skipped))
        except NoticeParseError as exc:
            if skipped is None:
                logger.warning("%s (notice file skipped)", exc)
            else:
                skipped.append(FileError(str(child), f"{exc} (notice file skipped)", "notices"))
    return notices


def notice_to_json(notice: Notice) -> dict[str, Any]:
    """The CLI's JSON shape of a notice.

    Returns
    -------
    dict
        ``{"file", "kind", "doi", "article": {"doi", "title", "journal", "year",
        "authors"}, "reasons", "claims": [{"panels", "other", "other_panels",
        "relation", "transform", "labels", "text"}]}``; ``other`` is ``{"doi",
        "first_author", "journal", "year"}`` or None for a duplication inside the
        article; ``transform`` is None or the transform the notice names, ``labels``
        the labels it gives the panels.
    """
    a = notice.article
    claims = []
    for c in notice.claims:
        other = None
        if c.other is not None:
            other = {"doi": c.other.doi, "first_author": c.other.first_author,
                     "journal": c.other.journal, "year": c.other.year}
        claims.append({
            "panels": list(c.panels),
            "other": other,
            "other_panels": list(c.other_panels),
            "relation": c.relation,
            "transform": c.transform,
            "labels": list(c.labels),
            "text": c.text,
        })
    return {
        "file": notice.file,
        "kind": notice.kind,
        "doi": notice.doi,
        "article": {"doi": a.doi, "title": a.title, "journal": a.journal, "year": a.year,
                    "authors": list(a.authors)},
        "reasons": list(notice.reasons),
        "claims": claims,
    }

