"""Orchestration of ``scan`` and ``compare``: the only layer that catches errors per file.

Each PDF goes through the pure stages (extract → panels → detect); a file that
fails becomes a recorded error and the run goes on with the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from forensics.captions import with_declarations
from forensics.detect import find_duplicates
from forensics.errors import ForensicsError
from forensics.extract import citing_sentence, read_paper
from forensics.model import Match, Notice
from forensics.panels import split_panels
from forensics.report import PaperResult, Report

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


class NoFiguresError(ForensicsError):
    """A readable PDF in which no figure was found."""


def read_panels(path: str | Path, config: dict | None = None) -> PaperResult:
    """Extract one PDF's paper, figures and panels.

    Raises
    ------
    PdfError
        The file cannot be read as a PDF.
    NoFiguresError
        The PDF holds no captioned figure with images or drawings.
    """
    paper, figures = read_paper(path, config)
    if not figures:
        raise NoFiguresError(f"{path}: no figures found (no captioned images or drawings)")
    panels = [p for f in figures for p in split_panels(f, config)]
    return PaperResult(paper, tuple(figures), tuple(panels))


def read_many(
    paths: Iterable[str | Path], config: dict | None = None, progress: Progress | None = None
) -> tuple[list[PaperResult], list[tuple[str, str]]]:
    """Read several PDFs, keeping each failure as ``(file, reason)`` and going on."""
    results, errors = [], []
    for path in paths:
        try:
            results.append(read_panels(path, config))
        except ForensicsError as exc:
            errors.append((str(path), str(exc)))
            log.info("skipped: %s", exc)  # recorded in the report; the CLI prints it
        if progress:
            progress(str(path))
    return results, errors


def _with_doi(matches: list[Match], results: Sequence[PaperResult]) -> list[Match]:
    dois = {r.paper.file: r.paper.doi for r in results}
    return [replace(m, a=replace(m.a, doi=dois.get(m.a.file)),
                    b=replace(m.b, doi=dois.get(m.b.file))) for m in matches]


def _link(report: Report, notices: Sequence[Notice], config: dict | None) -> Report:
    """Link matches to notice claims and flag citations of retracted articles."""
    if not notices:
        return report
    from forensics.link import find_retracted_citations, link_matches

    papers = [r.paper for r in report.papers]
    matches, unconfirmed = link_matches(list(report.matches), list(notices), papers, config)
    citations = []
    for r in report.papers:
        for hit in find_retracted_citations(list(r.paper.references), list(notices),
                                            config=config):
            context = citing_sentence(r.paper.file, r.paper.references, hit["reference"])
            citations.append({"file": r.paper.file, **hit, "context": context})
    return replace(report, matches=tuple(matches), unconfirmed_claims=tuple(unconfirmed),
                   retracted_citations=tuple(citations))


def scan(
    paths: Sequence[str | Path],
    config: dict | None = None,
    notices: Sequence[Notice] = (),
    progress: Progress | None = None,
) -> Report:
    """Every panel of each paper against every other panel of the same paper.

    Parameters
    ----------
    paths : sequence of str or Path
        PDF files; each is scanned on its own.
    config : dict, optional
        Parsed configuration (:func:`forensics.config.read_config`).
    notices : sequence of Notice, optional
        When given, findings are linked to the claims of these notices.
    progress : callable, optional
        Called with each file name once that file is done.
    """
    results, errors = read_many(paths, config, progress)
    matches: list[Match] = []
    for r in results:
        found = find_duplicates(list(r.panels), config=config)
        matches.extend(with_declarations(found, r.figures))
    report = Report(tuple(results), tuple(_with_doi(matches, results)), tuple(errors))
    return _link(report, notices, config)


def compare(
    path_a: str | Path,
    path_b: str | Path,
    config: dict | None = None,
    notices: Sequence[Notice] = (),
) -> Report:
    """Every panel of paper A against every panel of paper B."""
    results, errors = read_many([path_a, path_b], config)
    matches: list[Match] = []
    if len(results) == 2:
        a, b = results
        matches = find_duplicates(list(a.panels), list(b.panels), config=config)
    report = Report(tuple(results), tuple(_with_doi(matches, results)), tuple(errors))
    return _link(report, notices, config)
