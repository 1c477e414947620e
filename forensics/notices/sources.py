"""Notices in bulk: Retraction Watch CSV, Crossref JSON, files and folders; JSON output."""

from __future__ import annotations

import csv
import json
import logging
import re
from pathlib import Path
from typing import Any

from forensics.citations import (
    normalise_doi,
)
from forensics.errors import NoticeParseError
from forensics.model import Article, Notice
from forensics.notices.claims import (
    extract_claims,
)
from forensics.notices.kinds import (
    _REASON_PATTERNS,
    RELATIONS,
    _order_reasons,
    normalise_reason,
)
from forensics.notices.parse import (
    parse_notice_pdf,
    parse_notice_text,
)

logger = logging.getLogger(__name__)

RW_COLUMNS = (
    "Record ID", "Title", "Subject", "Institution", "Journal", "Publisher", "Country",
    "Author", "URLS", "ArticleType", "RetractionDate", "RetractionDOI", "RetractionPubMedID",
    "OriginalPaperDate", "OriginalPaperDOI", "OriginalPaperPubMedID", "RetractionNature",
    "Reason", "Paywalled", "Notes",
)


def _kind_from_label(label: str) -> str | None:
    lab = label.strip().lower().replace("_", " ").replace("-", " ")
    if "concern" in lab:
        return "expression of concern"
    if any(w in lab for w in ("retract", "withdraw", "removal", "removed")):
        return "retraction"
    if any(w in lab for w in ("correct", "errat", "corrigend")):
        return "correction"
    return None


def _rw_year(value: str) -> int | None:
    m = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", value or "")
    return int(m.group(1)) if m else None


def load_retraction_watch_csv(path: str | Path) -> list[Notice]:
    """Read the Retraction Watch database export (20 columns, ``;``-separated lists).

    Rows whose ``RetractionNature`` is not a retraction, expression of concern or
    correction (e.g. reinstatements) are skipped with a log message. ``Notes``
    naming figures are parsed for claims.

    Raises
    ------
    NoticeParseError
        If the file cannot be read or lacks the Retraction Watch columns.
    """
    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            missing = [c for c in ("Title", "RetractionNature", "Reason", "OriginalPaperDOI")
                       if c not in header]
            if missing:
                raise NoticeParseError(
                    f"{path}: not a Retraction Watch CSV, missing column(s) {', '.join(missing)}"
                )
            rows = list(reader)
    except (OSError, csv.Error, UnicodeError) as exc:
        raise NoticeParseError(f"{path}: cannot read CSV: {exc}") from exc
    notices: list[Notice] = []
    for row in rows:
        kind = _kind_from_label(row.get("RetractionNature") or "")
        if kind is None:
            logger.info("%s: record %s: skipping nature %r", path, row.get("Record ID"),
                        row.get("RetractionNature"))
            continue
        authors = tuple(a.strip() for a in (row.get("Author") or "").split(";") if a.strip())
        first = authors[0] if authors else None
        if first:
            first = first.split()[-1] if "," not in first else first.split(",")[0]
        article = Article(
            doi=normalise_doi(row.get("OriginalPaperDOI")),
            title=(row.get("Title") or "").strip() or None,
            journal=(row.get("Journal") or "").strip() or None,
            year=_rw_year(row.get("OriginalPaperDate") or ""),
            authors=authors,
            first_author=first,
        )
        reasons = {normalise_reason(r) for r in (row.get("Reason") or "").split(";")}
        notes = (row.get("Notes") or "").strip()
        claims = extract_claims(notes, article) if notes else ()
        notices.append(Notice(
            kind=kind,
            article=article,
            doi=normalise_doi(row.get("RetractionDOI")),
            reasons=_order_reasons({r for r in reasons if r}),
            claims=claims,
            file=f"{path}#{row.get('Record ID') or len(notices) + 1}",
        ))
    return notices


def _crossref_article(work: dict[str, Any]) -> Article:
    authors = []
    for a in work.get("author") or []:
        if isinstance(a, dict):
            family = a.get("family") or a.get("name") or ""
            given = a.get("given") or ""
            initials = "".join(p[0] for p in re.split(r"[\s.-]+", given) if p)
            authors.append(f"{family} {initials}".strip())
    year = None
    for key in ("issued", "published-print", "published-online", "published", "created"):
        parts = (work.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            year = int(parts[0][0])
            break
    first_family = None
    for a in work.get("author") or []:
        if isinstance(a, dict) and (a.get("family") or a.get("name")):
            first_family = a.get("family") or a.get("name")
            break

    def first(value: Any) -> str | None:
        if isinstance(value, list):
            return str(value[0]).strip() if value else None
        return str(value).strip() if value else None

    return Article(
        doi=normalise_doi(work.get("DOI")),
        title=first(work.get("title")),
        journal=first(work.get("container-title")),
        year=year,
        authors=tuple(authors),
        first_author=first_family,
    )


def notices_from_crossref(work: dict[str, Any], file: str | None = None) -> list[Notice]:
    """Notices from one Crossref work record.

    A record with ``update-to`` is a notice (its DOI) about the updated works; a
    record with ``updated-by`` is an article, and each update is a notice about it.
    The record's ``abstract`` (JATS), when present, is parsed for claims.
    """
    notices: list[Notice] = []
    abstract = re.sub(r"<[^>]+>", " ", work.get("abstract") or "")
    for upd in work.get("update-to") or []:
        kind = _kind_from_label(str(upd.get("type", "")) + " " + str(upd.get("label", "")))
        if kind is None:
            continue
        article = Article(doi=normalise_doi(upd.get("DOI")))
        reasons = set()
        if abstract:
            for name, pattern in _REASON_PATTERNS.items():
                if pattern.search(abstract) and (name != "error" or kind == "correction"):
                    reasons.add(name)
        claims = extract_claims(abstract, article) if abstract else ()
        if any(c.parsed and c.relation in RELATIONS[:5] for c in claims):
            reasons.add("image duplication")
        notices.append(Notice(kind=kind, article=article, doi=normalise_doi(work.get("DOI")),
                              reasons=_order_reasons(reasons), claims=claims, file=file))
    if work.get("updated-by"):
        article = _crossref_article(work)
        for upd in work["updated-by"]:
            kind = _kind_from_label(str(upd.get("type", "")) + " " + str(upd.get("label", "")))
            if kind is None:
                continue
            notices.append(Notice(kind=kind, article=article, doi=normalise_doi(upd.get("DOI")),
                                  file=file))
    return notices


def load_crossref_json(path: str | Path) -> list[Notice]:
    """Read Crossref work JSON: a work, a list of works, or an API envelope.

    Raises
    ------
    NoticeParseError
        If the file is not JSON or holds no work record.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, json.JSONDecodeError) as exc:
        raise NoticeParseError(f"{path}: cannot read JSON: {exc}") from exc
    if isinstance(data, dict) and "message" in data:
        data = data["message"]
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    works = data if isinstance(data, list) else [data]
    if not works or not all(isinstance(w, dict) and "DOI" in w for w in works):
        raise NoticeParseError(f"{path}: not a Crossref work record (no 'DOI' field)")
    notices: list[Notice] = []
    for work in works:
        notices.extend(notices_from_crossref(work, file=str(path)))
    return notices


def load_notices(path: str | Path) -> list[Notice]:
    """Load notices from a folder, a ``.txt``/``.md``/``.pdf`` notice, a Retraction Watch
    ``.csv`` or a Crossref ``.json`` file.

    A folder is read file by file (sorted, not recursive into hidden folders); its
    unreadable files are logged and skipped so one bad file does not lose the rest.

    Raises
    ------
    NoticeParseError
        If ``path`` does not exist, has an unsupported type, or cannot be parsed.
    """
    path = Path(path)
    if not path.exists():
        raise NoticeParseError(f"{path}: no such file or folder")
    if path.is_dir():
        notices: list[Notice] = []
        for child in sorted(path.rglob("*")):
            if not child.is_file() or any(p.startswith(".") for p in child.parts):
                continue
            if child.suffix.lower() not in (".txt", ".md", ".pdf", ".csv", ".json"):
                continue
            if child.name == "truth.json":
                continue
            try:
                notices.extend(load_notices(child))
            except NoticeParseError as exc:
                logger.warning("skipping %s", exc)
        return notices
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise NoticeParseError(f"{path}: cannot read: {exc}") from exc
        return [parse_notice_text(text, file=str(path))]
    if suffix == ".pdf":
        return [parse_notice_pdf(path)]
    if suffix == ".csv":
        return load_retraction_watch_csv(path)
    if suffix == ".json":
        return load_crossref_json(path)
    raise NoticeParseError(f"{path}: unsupported notice file type {suffix!r} "
                           "(expected .txt, .md, .pdf, .csv, .json or a folder)")


def notice_to_json(notice: Notice) -> dict[str, Any]:
    """The CLI's JSON shape of a notice.

    Returns
    -------
    dict
        ``{"file", "kind", "doi", "article": {"doi", "title", "journal", "year",
        "authors"}, "reasons", "claims": [{"panels", "other", "other_panels",
        "relation", "text"}]}``; ``other`` is ``{"doi", "first_author", "journal",
        "year"}`` or None for a duplication inside the article.
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

