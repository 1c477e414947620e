"""The report's data and its versioned JSON contract (docs/report.md,
docs/report.schema.json).

Pure functions from results to dicts; writing files is the caller's job.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from forensics.model import (
    Figure,
    FileError,
    Match,
    Panel,
    PanelRef,
    Paper,
    RetractedCitation,
    UnconfirmedClaim,
)

__all__ = ["SCHEMA", "PaperResult", "Report", "match_json", "paper_json", "report_json",
           "rotation_degrees"]

SCHEMA = "forensics-report/1"


@dataclass(frozen=True)
class PaperResult:
    """What one PDF yielded: the paper, its figures and their panels."""

    paper: Paper
    figures: tuple[Figure, ...]
    panels: tuple[Panel, ...]


@dataclass(frozen=True)
class Report:
    """Everything a run found, ready to be written as JSON or printed."""

    papers: tuple[PaperResult, ...] = ()
    matches: tuple[Match, ...] = ()
    errors: tuple[FileError, ...] = ()
    retracted_citations: tuple[RetractedCitation, ...] = ()
    unconfirmed_claims: tuple[UnconfirmedClaim, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def _box(b) -> list[float] | None:
    return None if b is None else [round(float(v), 2) for v in b]


def paper_json(result: PaperResult) -> dict:
    """The ``papers[]`` entry of the JSON contract for one paper."""
    p = result.paper
    figures = []
    for f in result.figures:
        panels = [q for q in result.panels if q.figure == f.number and q.page == f.page]
        figures.append({
            "number": f.number,
            "page": f.page,
            "bbox": _box(f.bbox),
            "caption": f.caption,
            "panels": [{"label": q.label, "bbox": _box(q.bbox), "class": q.content,
                        "category": q.category} for q in panels],
        })
    return {"file": p.file, "doi": p.doi, "title": p.title, "pages": p.pages,
            "warnings": list(p.warnings), "figures": figures}


def _ref_json(ref: PanelRef, region) -> dict:
    return {"file": ref.file, "doi": ref.doi, "figure": ref.figure, "panel": ref.panel,
            "page": ref.page, "bbox": _box(ref.bbox), "region": _box(region)}


def match_json(m: Match) -> dict:
    """The ``matches[]`` entry of the JSON contract for one finding."""
    t = m.transform
    return {
        "a": _ref_json(m.a, m.region_a),
        "b": _ref_json(m.b, m.region_b),
        "score": round(float(m.score), 3),
        "kind": m.kind,
        "transform": {"rotation": rotation_degrees(t.rotation), "flip": t.flip,
                      "scale": round(float(t.scale), 3)},
        "evidence": {"inliers": int(m.inliers), "overlap_a": round(float(m.overlap_a), 3),
                     "overlap_b": round(float(m.overlap_b), 3),
                     "points": [[round(float(v), 2) for v in p] for p in m.points]},
        "notices": [asdict(n) for n in m.notices],
        "declared": m.declared,
    }


def report_json(report: Report) -> dict:
    """The whole report as the JSON contract ``forensics-report/1``."""
    out = {
        "schema": SCHEMA,
        "papers": [paper_json(r) for r in report.papers],
        "matches": [match_json(m) for m in report.matches],
        "retracted_citations": [_citation_json(c) for c in report.retracted_citations],
        "errors": [_error_json(e) for e in report.errors],
    }
    if report.unconfirmed_claims:
        out["unconfirmed_claims"] = [_unconfirmed_json(c) for c in report.unconfirmed_claims]
    out.update(report.extra)
    return out


def _citation_json(c: RetractedCitation) -> dict[str, Any]:
    return {"file": c.file, "reference": c.reference, "doi": c.doi, "notice": c.notice,
            "context": c.context}


def _error_json(e: FileError) -> dict[str, Any]:
    out: dict[str, Any] = {"file": e.file, "error": e.error}
    if e.stage is not None:
        out["stage"] = e.stage
    if e.internal:
        out["internal"] = True
    return out


def _unconfirmed_json(c: UnconfirmedClaim) -> dict[str, Any]:
    out = asdict(c)
    out["panels"], out["other_panels"] = list(c.panels), list(c.other_panels)
    return out


def rotation_degrees(angle: float) -> float | int:
    """An angle as the JSON and the text give it: an int when whole, else to 0.1°."""
    return int(angle) if float(angle).is_integer() else round(float(angle), 1)
