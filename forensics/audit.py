"""Orchestration of ``scan`` and ``compare``: the only layer that catches errors per file.

Each PDF goes through the pure stages (extract → panels → detect). Whatever one
file raises, in whichever stage (our own :class:`ForensicsError` for bad input, or
any other exception from a bug or a library), becomes that file's
:class:`~forensics.model.FileError`, naming the stage (and marked ``internal`` when
the exception is not ours), and the run goes on with the others; what was computed
before the failure is kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from forensics.captions import with_declarations
from forensics.detect import find_duplicates
from forensics.errors import ForensicsError
from forensics.extract import citing_sentence, read_paper
from forensics.link import find_retracted_citations, link_matches
from forensics.model import FileError, Match, Notice, Panel
from forensics.panels import split_panels
from forensics.report import PaperResult, Report
from forensics.settings import Settings

__all__ = ["NoFiguresError", "StageError", "compare", "detect_each", "link_notices", "read_many",
           "read_panels", "scan"]

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
T = TypeVar("T")


class NoFiguresError(ForensicsError):
    """A readable PDF in which no figure was found."""


class StageError(ForensicsError):
    """An unexpected exception inside one stage of one file, with the stage's name."""

    def __init__(self, file: str, stage: str, exc: BaseException):
        self.file, self.stage = file, stage
        super().__init__(f"{file}: internal error in {stage} ({type(exc).__name__}: {exc})")


def _in_stage(stage: str, file: str, run: Callable[[], T]) -> T:
    """Run one stage of one file; an exception that is not ours becomes a StageError."""
    try:
        return run()
    except ForensicsError:
        raise
    except Exception as exc:  # a bug or a library's error: that file's, not the run's
        log.debug("%s failed in %s", file, stage, exc_info=True)
        raise StageError(file, stage, exc) from exc


def read_panels(path: str | Path, settings: Settings | None = None) -> PaperResult:
    """Extract one PDF's paper, figures and panels.

    Raises
    ------
    PdfError
        The file cannot be read as a PDF.
    NoFiguresError
        The PDF holds no captioned figure with images or drawings.
    StageError
        Anything else went wrong in extraction or panel splitting.
    """
    settings = settings or Settings()
    file = str(path)
    paper, figures = _in_stage("extract", file, lambda: read_paper(path, settings.extract))
    if not figures:
        # What was skipped over a limit or lost to damage is the reason, when there is one.
        why = "; ".join(paper.warnings) or "no captioned images or drawings"
        raise NoFiguresError(f"{path}: no figures found ({why})")
    panels = _in_stage("panels", file, lambda: [
        p for f in figures for p in split_panels(f, settings.panels)])
    return PaperResult(paper, tuple(figures), tuple(panels))


def _file_error(path: str | Path, exc: Exception, default_stage: str) -> FileError:
    """The error of one file: ours (bad input) as it is; any other exception (a bug, or
    a library's error we do not translate) marked internal."""
    if isinstance(exc, StageError):
        return FileError(str(path), str(exc), exc.stage, internal=True)
    if isinstance(exc, ForensicsError):
        return FileError(str(path), str(exc), default_stage)
    log.debug("%s failed in %s", path, default_stage, exc_info=True)
    return FileError(str(path), f"{path}: internal error in {default_stage} "
                     f"({type(exc).__name__}: {exc})", default_stage, internal=True)


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
        except Exception as exc:  # whatever one file raises is that file's error
            errors.append(_file_error(path, exc, "read"))
            log.info("skipped: %s", exc)  # recorded in the report; the CLI prints it
        if progress:
            progress(str(path))
    return results, errors


def _with_doi(matches: list[Match], results: Sequence[PaperResult]) -> list[Match]:
    dois = {r.paper.file: r.paper.doi for r in results}
    return [replace(m, a=replace(m.a, doi=dois.get(m.a.file or "")),
                    b=replace(m.b, doi=dois.get(m.b.file or ""))) for m in matches]


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
        Called with each file name once that file is read.

    Returns
    -------
    Report
        Every paper read (with its figures and panels), every finding, and one
        :class:`~forensics.model.FileError` per file that failed; a paper whose
        detection failed keeps its figures and panels and has an error too.

    Examples
    --------
    >>> report = scan(["manuscript.pdf"])                     # doctest: +SKIP
    >>> [describe_match(m) for m in report.matches]           # doctest: +SKIP
    """
    settings = settings or Settings()
    results, errors = read_many(paths, settings, progress)
    matches, failed = detect_each(results, settings)
    report = Report(tuple(results), tuple(matches), tuple(errors + failed))
    return _link_contained(report, notices, settings)


def detect_each(results: Sequence[PaperResult], settings: Settings
                ) -> tuple[list[Match], list[FileError]]:
    """The findings inside each paper read (the second half of :func:`scan`), and one
    :class:`~forensics.model.FileError` per paper whose detection failed."""
    matches: list[Match] = []
    errors: list[FileError] = []
    for r in results:
        file, panels = r.paper.file, list(r.panels)
        try:
            matches += _in_stage("detect", file, partial(_detect_one, panels, r, settings))
        except ForensicsError as exc:
            errors.append(_file_error(file, exc, "detect"))
    return _with_doi(matches, results), errors


def _detect_one(panels: list[Panel], result: PaperResult, settings: Settings) -> list[Match]:
    """The findings inside one paper, with the caption sentences declaring repeats."""
    return with_declarations(find_duplicates(panels, settings=settings), result.figures)


def compare(
    path_a: str | Path,
    path_b: str | Path,
    settings: Settings | None = None,
    notices: Sequence[Notice] = (),
) -> Report:
    """Every panel of paper A against every panel of paper B (see :func:`scan`)."""
    settings = settings or Settings()
    results, errors = read_many([path_a, path_b], settings)
    matches: list[Match] = []
    if len(results) == 2:
        a, b = results
        pair = f"{a.paper.file} + {b.paper.file}"
        try:
            matches = _in_stage("detect", pair, lambda: find_duplicates(
                list(a.panels), list(b.panels), settings=settings))
        except ForensicsError as exc:
            errors.append(_file_error(pair, exc, "detect"))
    report = Report(tuple(results), tuple(_with_doi(matches, results)), tuple(errors))
    return _link_contained(report, notices, settings)


def _link_contained(report: Report, notices: Sequence[Notice], settings: Settings) -> Report:
    """:func:`_link`, with a failure recorded as an error of the linking stage: the
    findings stand without their notices."""
    try:
        return _in_stage("link", "notices", lambda: _link(report, notices, settings))
    except ForensicsError as exc:
        return replace(report, errors=report.errors + (_file_error("notices", exc, "link"),))


def link_notices(report: Report, notices: Sequence[Notice],
                 settings: Settings | None = None) -> Report:
    """A report's findings linked to the claims of ``notices`` and its papers' citations
    of retracted articles flagged (what :func:`scan` does with ``notices``); a failure
    is recorded as an error of the linking stage. Used on reports made elsewhere, such
    as a stored audit's."""
    return _link_contained(report, notices, settings or Settings())
