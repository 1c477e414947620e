"""Reports: the versioned JSON contract (docs/report.md) and one-line summaries.

Pure functions from results to dicts and strings; writing files is the caller's job.
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
        "transform": {"rotation": _rotation(t.rotation), "flip": t.flip,
                      "scale": round(float(t.scale), 3)},
        "evidence": {"inliers": int(m.inliers), "overlap_a": round(float(m.overlap_a), 3),
                     "overlap_b": round(float(m.overlap_b), 3)},
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
    return out


def _unconfirmed_json(c: UnconfirmedClaim) -> dict[str, Any]:
    out = asdict(c)
    out["panels"], out["other_panels"] = list(c.panels), list(c.other_panels)
    return out


def _rotation(angle: float) -> float | int:
    return int(angle) if float(angle).is_integer() else round(float(angle), 1)


def _name(ref: PanelRef) -> str:
    fig = ref.figure or "?"
    return f"Fig {fig}{ref.panel or ''}"


def _where(ref: PanelRef) -> str:
    file = (ref.file or "?").rsplit("/", 1)[-1]
    return f"{file} p{ref.page}" if ref.page else file


def _clone_places(m: Match) -> str:
    """`` (12 x 5 pt, top left and bottom right)``: the size of a cloned region and
    where its two copies lie in the panel; empty when the boxes are not known."""
    box, region_a, region_b = m.a.bbox, m.region_a, m.region_b
    if box is None or region_a is None or region_b is None:
        return ""
    x0, y0, x1, y1 = region_a
    places = [_place_in(region, box) for region in (region_a, region_b)]
    where = places[0] if places[0] == places[1] else " and ".join(places)
    return f" ({x1 - x0:.0f} × {y1 - y0:.0f} pt, at {where})"


def _place_in(region: tuple[float, float, float, float],
              box: tuple[float, float, float, float]) -> str:
    """Where a region's centre lies in a box, by thirds: "top left", "centre"..."""
    fx = ((region[0] + region[2]) / 2 - box[0]) / max(1e-6, box[2] - box[0])
    fy = ((region[1] + region[3]) / 2 - box[1]) / max(1e-6, box[3] - box[1])
    row = ("top", "middle", "bottom")[min(2, max(0, int(fy * 3)))]
    col = ("left", "centre", "right")[min(2, max(0, int(fx * 3)))]
    if row == "middle":
        return col
    return row if col == "centre" else f"{row} {col}"


def describe_match(m: Match) -> str:
    """One line a person reads, e.g.
    ``Fig 3A (x.pdf p5) ≈ Fig 2A (y.pdf p3): rotated 90°, flipped horizontally, 85% overlap,
    score 0.97``."""
    t = m.transform
    how = []
    if m.kind == "clone":
        how.append("cloned region inside one panel" + _clone_places(m))
    if t.rotation:
        how.append(f"rotated {_rotation(t.rotation)}°")
    if t.flip:
        how.append(f"flipped {t.flip}ly")
    if abs(t.scale - 1) >= 0.05:
        how.append(f"scaled ×{t.scale:.2f}")
    if not how:
        how.append("same orientation")
    if m.kind != "clone":
        how.append(f"{round(100 * min(m.overlap_a, m.overlap_b))}% overlap"
                   + (" (partial)" if m.kind == "overlap" else ""))
    line = f"{_name(m.a)} ({_where(m.a)}) ≈ {_name(m.b)} ({_where(m.b)}): " + ", ".join(how)
    line += f", score {m.score:.2f}"
    if m.declared:
        line += f"\n    the caption declares repeated data: \"{m.declared}\""
    for n in m.notices:
        line += f"\n    confirmed by {n.kind} {n.doi or ''}".rstrip()
    return line
