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
from forensics.link import find_retracted_citations, link_matches
from forensics.model import FileError, Match, Notice
from forensics.panels import split_panels
from forensics.report import PaperResult, Report
from forensics.settings import Settings

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


class NoFiguresError(ForensicsError):
    """A readable PDF in which no figure was found."""


def read_panels(path: str | Path, settings: Settings | None = None) -> PaperResult:
    """Extract one PDF's paper, figures and panels.

    Raises
    ------
    PdfError
        The file cannot be read as a PDF.
    NoFiguresError
        The PDF holds no captioned figure with images or drawings.
    """
    settings = settings or Settings()
    paper, figures = read_paper(path, settings.extract)
    if not figures:
        raise NoFiguresError(f"{path}: no figures found (no captioned images or drawings)")
    panels = [p for f in figures for p in split_panels(f, settings.panels)]
    return PaperResult(paper, tuple(figures), tuple(panels))


def read_many(
    paths: Iterable[str | Path], settings: Settings | None = None,
    progress: Progress | None = None,
) -> tuple[list[PaperResult], list[FileError]]:
    """Read several PDFs, keeping each failure as a :class:`FileError` and going on."""
    results: list[PaperResult] = []
    errors: list[FileError] = []
    for path in paths:
        try:
            results.append(read_panels(path, settings))
        except ForensicsError as exc:
            errors.append(FileError(str(path), str(exc), "read"))
            log.info("skipped: %s", exc)  # recorded in the report; the CLI prints it
        if progress:
            progress(str(path))
    return results, errors


def _with_doi(matches: list[Match], results: Sequence[PaperResult]) -> list[Match]:
    dois = {r.paper.file: r.paper.doi for r in results}
    return [replace(m, a=replace(m.a, doi=dois.get(m.a.file)),
                    b=replace(m.b, doi=dois.get(m.b.file))) for m in matches]


def _link(report: Report, notices: Sequence[Notice], settings: Settings) -> Report:
    """Link matches to notice claims and flag citations of retracted articles."""
    if not notices:
        return report
    papers = [r.paper for r in report.papers]
    matches, unconfirmed = link_matches(list(report.matches), list(notices), papers,
                                        settings.link)
    citations = []
    for r in report.papers:
        for hit in find_retracted_citations(list(r.paper.references), list(notices),
                                            config=settings.link):
            context = citing_sentence(r.paper.file, r.paper.references, hit.reference)
            citations.append(replace(hit, file=r.paper.file, context=context))
    return replace(report, matches=tuple(matches), unconfirmed_claims=tuple(unconfirmed),
                   retracted_citations=tuple(citations))


def scan(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    notices: Sequence[Notice] = (),
    progress: Progress | None = None,
) -> Report:
    """Every panel of each paper against every other panel of the same paper.

    Parameters
    ----------
    paths : sequence of str or Path
        PDF files; each is scanned on its own.
    settings : Settings, optional
        From :func:`forensics.read_config`; the defaults when omitted.
    notices : sequence of Notice, optional
        When given, findings are linked to the claims of these notices.
    progress : callable, optional
        Called with each file name once that file is done.
    """
    settings = settings or Settings()
    results, errors = read_many(paths, settings, progress)
    matches: list[Match] = []
    for r in results:
        found = find_duplicates(list(r.panels), settings=settings)
        matches.extend(with_declarations(found, r.figures))
    report = Report(tuple(results), tuple(_with_doi(matches, results)), tuple(errors))
    return _link(report, notices, settings)


def compare(
    path_a: str | Path,
    path_b: str | Path,
    settings: Settings | None = None,
    notices: Sequence[Notice] = (),
) -> Report:
    """Every panel of paper A against every panel of paper B."""
    settings = settings or Settings()
    results, errors = read_many([path_a, path_b], settings)
    matches: list[Match] = []
    if len(results) == 2:
        a, b = results
        matches = find_duplicates(list(a.panels), list(b.panels), settings=settings)
    report = Report(tuple(results), tuple(_with_doi(matches, results)), tuple(errors))
    return _link(report, notices, settings)
