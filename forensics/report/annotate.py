"""Annotated copies of the scanned PDFs: each flagged panel boxed, with a note naming the
other side of the finding, to attach to a case file.

The notes are ordinary PDF annotations (a square around the matched region, a text note
at its corner), so any PDF reader shows them and the page content is left as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

import pymupdf

from forensics.model import BBox, FileError, Match, PanelRef
from forensics.report.contract import Report
from forensics.report.files import annotated_name, write_atomic
from forensics.report.text import describe_finding, panel_name

__all__ = ["annotate_pdfs"]

#: Outline colour of a flagged region (RGB, 0-1), the HTML report's red.
RED = (0.9, 0.08, 0.24)


def _sides(report: Report) -> dict[str, list[tuple[int, Match, PanelRef, BBox, PanelRef]]]:
    """Per file, each side of each finding that lies in it: (number, match, this side,
    the box to draw, the other side)."""
    out: dict[str, list[tuple[int, Match, PanelRef, BBox, PanelRef]]] = defaultdict(list)
    matches = sorted(report.matches, key=lambda m: -m.score)
    for number, m in enumerate(matches, 1):
        for ref, region, other in ((m.a, m.region_a, m.b), (m.b, m.region_b, m.a)):
            box = region or ref.bbox
            if ref.file and ref.page and box is not None:
                out[ref.file].append((number, m, ref, box, other))
    return out


def annotate_pdfs(report: Report, out_dir: str | Path,
                  pdf_paths: Mapping[str, str | Path] | None = None,
                  ) -> tuple[list[Path], list[FileError]]:
    """Write a copy of each PDF holding a finding, the findings drawn on it.

    Parameters
    ----------
    report : Report
        What a run found.
    out_dir : str or Path
        Folder for the copies (created when missing), each named
        ``<stem>.annotated.pdf``.
    pdf_paths : mapping of str to path, optional
        Where each PDF named in the report is now, by the report's ``file``.

    Returns
    -------
    written : list of Path
        The annotated copies.
    errors : list of FileError
        One per PDF that could not be read or written (stage ``"annotate"``); the
        others are still written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = dict(pdf_paths or {})
    written: list[Path] = []
    errors: list[FileError] = []
    for file, sides in _sides(report).items():
        target = out / annotated_name(file)
        try:
            with pymupdf.open(Path(paths.get(file, file))) as doc:
                for number, m, ref, box, other in sides:
                    _annotate(doc, number, m, ref, box, other)
                write_atomic(target, doc.tobytes(garbage=1, deflate=True))
        except Exception as exc:  # this file's failure, not the run's
            errors.append(FileError(file, f"{file}: cannot write annotated copy "
                                          f"({type(exc).__name__}: {exc})", "annotate"))
            continue
        written.append(target)
    return written, errors


def _annotate(doc: pymupdf.Document, number: int, m: Match, ref: PanelRef, box: BBox,
              other: PanelRef) -> None:
    """Box one side of finding ``number`` on its page and pin a note naming the other."""
    if not 1 <= (ref.page or 0) <= doc.page_count:
        raise ValueError(f"finding {number} names page {ref.page}, the PDF has "
                         f"{doc.page_count}")
    page = doc[(ref.page or 1) - 1]
    rect = pymupdf.Rect(box) & page.rect
    text = (f"Finding {number} (score {m.score:.2f}, {m.kind}): {describe_finding(m)}"
            + "".join(f"\nCited by {n.kind} {n.doi or ''}: {n.claim}" for n in m.notices))
    square = page.add_rect_annot(rect)
    square.set_colors(stroke=RED)
    square.set_border(width=1.5)
    square.set_info(title="forensics", subject=f"finding {number}: {panel_name(ref)} ≈ "
                    f"{panel_name(other)} ({Path(other.file or '?').name})", content=text)
    square.update()
    note = page.add_text_annot(rect.tl, text, icon="Note")
    note.set_colors(stroke=RED)
    note.set_info(title="forensics", subject=f"finding {number}")
    note.update()
