"""Crossref work records → notices, every field type-checked before it is used.

A Crossref work is JSON from anywhere, so each field the notices need is checked
against the shape Crossref documents (``DOI`` a string, ``title`` a list of strings,
``issued`` ``{"date-parts": [[2020, 5, 1]]}``, ``author`` a list of objects with string
``family``/``given``/``name``, ``update-to``/``updated-by`` lists of objects with
string ``DOI``/``type``/``label``). A record that breaks the shape is skipped with a
message naming the field; the others still load.
"""

from __future__ import annotations

import logging
import re
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
from forensics.notices.kinds import (
    _REASON_PATTERNS,
    RELATIONS,
    _order_reasons,
)
from forensics.notices.reading import (
    MAX_DUMP_BYTES,
    MAX_NOTICE_BYTES,
    iter_json_records,
)

__all__ = ["CrossrefRecordError", "iter_crossref_json", "load_crossref_json",
           "notices_from_crossref"]

logger = logging.getLogger(__name__)

_DATE_KEYS = ("issued", "published-print", "published-online", "published", "created")


class CrossrefRecordError(NoticeParseError):
    """A Crossref record whose field does not have the documented type."""


def _text(work: dict[str, Any], key: str) -> str | None:
    """A string field (absent or null → None)."""
    value = work.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise CrossrefRecordError(f"field {key!r} is {type(value).__name__}, not a string")
    return value


def _first_text(work: dict[str, Any], key: str) -> str | None:
    """``title``/``container-title``: a list of strings (or one string)."""
    value = work.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CrossrefRecordError(f"field {key!r} is not a list of strings")
    return value[0].strip() or None if value else None


def _objects(work: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """A list of objects (``author``, ``update-to``, ``updated-by``)."""
    value = work.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise CrossrefRecordError(f"field {key!r} is not a list of objects")
    return value


def _year(work: dict[str, Any]) -> int | None:
    for key in _DATE_KEYS:
        value = work.get(key)
        if value is None:
            continue
        parts = value.get("date-parts") if isinstance(value, dict) else None
        if not (isinstance(parts, list) and all(isinstance(p, list) for p in parts)):
            raise CrossrefRecordError(f"field {key!r} is not {{\"date-parts\": [[year, ...]]}}")
        first = parts[0][0] if parts and parts[0] else None
        if first is None:
            continue
        if isinstance(first, str) and first.isdigit():
            first = int(first)  # Crossref has printed years as strings
        if isinstance(first, bool) or not isinstance(first, int) or not 1000 <= first <= 2999:
            raise CrossrefRecordError(f"field {key!r} has year {first!r}")
        return first
    return None


def _author_names(work: dict[str, Any]) -> tuple[tuple[str, ...], str | None]:
    authors: list[str] = []
    first_family: str | None = None
    for i, a in enumerate(_objects(work, "author")):
        family = _text(a, "family") or _text(a, "name") or ""
        given = _text(a, "given") or ""
        if not isinstance(family, str) or not isinstance(given, str):
            raise CrossrefRecordError(f"author {i + 1}: names are not strings")
        initials = "".join(p[0] for p in re.split(r"[\s.-]+", given) if p)
        authors.append(f"{family} {initials}".strip())
        if first_family is None and family:
            first_family = family
    return tuple(a for a in authors if a), first_family


def _crossref_article(work: dict[str, Any]) -> Article:
    authors, first_family = _author_names(work)
    return Article(
        doi=normalise_doi(_text(work, "DOI")),
        title=_first_text(work, "title"),
        journal=_first_text(work, "container-title"),
        year=_year(work),
        authors=authors,
        first_author=first_family,
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


def _update_kind(update: dict[str, Any]) -> str | None:
    return _kind_from_label(f"{_text(update, 'type') or ''} {_text(update, 'label') or ''}")


def notices_from_crossref(work: dict[str, Any], file: str | None = None) -> list[Notice]:
    """Notices from one Crossref work record.

    A record with ``update-to`` is a notice (its DOI) about the updated works; a
    record with ``updated-by`` is an article, and each update is a notice about it.
    The record's ``abstract`` (JATS), when present, is parsed for claims.

    Raises
    ------
    CrossrefRecordError
        If a field the notices use does not have the type Crossref documents.
    """
    if not isinstance(work, dict):
        raise CrossrefRecordError(f"a record is {type(work).__name__}, not an object")
    notices: list[Notice] = []
    abstract = re.sub(r"<[^>]+>", " ", _text(work, "abstract") or "")
    if len(abstract) > MAX_NOTICE_BYTES:
        raise CrossrefRecordError(f"abstract of {len(abstract):,} characters, over the "
                                  f"{MAX_NOTICE_BYTES:,} a notice may hold")
    own_doi = normalise_doi(_text(work, "DOI"))
    for upd in _objects(work, "update-to"):
        kind = _update_kind(upd)
        if kind is None:
            continue
        article = Article(doi=normalise_doi(_text(upd, "DOI")))
        reasons = set()
        if abstract:
            for name, pattern in _REASON_PATTERNS.items():
                if pattern.search(abstract) and (name != "error" or kind == "correction"):
                    reasons.add(name)
        claims = extract_claims(abstract, article) if abstract else ()
        if any(c.parsed and c.relation in RELATIONS[:5] for c in claims):
            reasons.add("image duplication")
        notices.append(Notice(kind=kind, article=article, doi=own_doi,
                              reasons=_order_reasons(reasons), claims=claims, file=file))
    updated_by = _objects(work, "updated-by")
    if updated_by:
        article = _crossref_article(work)
        for upd in updated_by:
            kind = _update_kind(upd)
            if kind is None:
                continue
            notices.append(Notice(kind=kind, article=article,
                                  doi=normalise_doi(_text(upd, "DOI")), file=file))
    return notices


def _works(records: Iterator[Any]) -> Iterator[Any]:
    """Unwrap API envelopes: ``{"message": work}``, ``{"message": {"items": [...]}}``."""
    for record in records:
        if isinstance(record, dict) and "message" in record and "DOI" not in record:
            record = record["message"]
        if isinstance(record, dict) and isinstance(record.get("items"), list):
            yield from record["items"]
        else:
            yield record


def iter_crossref_json(path: str | Path, max_bytes: int = MAX_DUMP_BYTES,
                       skipped: list[FileError] | None = None) -> Iterator[Notice]:
    """The notices of a Crossref JSON file, read one record at a time.

    Parameters
    ----------
    path : str or Path
        A work, a list of works, an API envelope, or JSON Lines.
    max_bytes : int
        Larger files are refused.
    skipped : list of FileError, optional
        Receives one entry per record skipped (a field of the wrong type, too many
        claims); when omitted, each is logged as a warning.

    Raises
    ------
    NoticeParseError
        If the file cannot be read, is not JSON, or holds no work record at all.
    """
    path = Path(path)
    n_works = 0
    pending: list[str] = []  # problems before the first good record: the file's error
    for i, work in enumerate(_works(iter_json_records(path, max_bytes)), start=1):
        if not isinstance(work, dict) or "DOI" not in work:
            problem = f"{path}: record {i} is not a Crossref work (no 'DOI' field); skipped"
        else:
            try:
                found = notices_from_crossref(work, file=str(path))
            except NoticeParseError as exc:  # a field of the wrong type, too many claims
                problem = f"{path}: record {i} skipped: {exc}"
            else:
                n_works += 1
                for earlier in pending:
                    _report(path, earlier, skipped)
                pending.clear()
                yield from found
                continue
        if n_works:
            _report(path, problem, skipped)
        else:
            pending.append(problem)
    if n_works == 0:
        raise NoticeParseError(pending[0] if pending else
                               f"{path}: not a Crossref work record (no 'DOI' field)")


def _report(path: Path, problem: str, skipped: list[FileError] | None) -> None:
    if skipped is None:
        logger.warning("%s", problem)
    else:
        skipped.append(FileError(str(path), problem, "notices"))


def load_crossref_json(path: str | Path, max_bytes: int = MAX_DUMP_BYTES) -> list[Notice]:
    """Read Crossref work JSON: a work, a list of works, an API envelope or JSON Lines.

    Records whose fields have the wrong type are skipped with a warning; see
    :func:`iter_crossref_json`.

    Raises
    ------
    NoticeParseError
        If the file is not JSON or holds no valid work record.
    """
    return list(iter_crossref_json(path, max_bytes))
