"""The ``forensics`` command: a thin layer that parses arguments, calls the library, prints.

Findings and JSON go to stdout; progress and error messages to stderr.

Exit status:

- 0: every file was read (a paper read in part, with ``warnings``, counts as read);
- 1: some file could not be read or compared (bad input: its reason is in ``errors``
  and on stderr); the report still holds everything else;
- 2: usage error (unknown option, a bad ``--config``, an output path that cannot be
  written), found before any work;
- 3: internal error: an unexpected exception (a bug, or a library's error) in some
  file, recorded as that file's error with ``"internal": true``, the report still
  written for everything else; or one outside any file, and then no report.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import click

from forensics import __version__, audit
from forensics.config import default_config_text, read_config
from forensics.errors import ForensicsError
from forensics.model import FileError, Notice, UnconfirmedClaim
from forensics.report import Report, describe_match, report_json
from forensics.report.files import (
    OutputPathError,
    check_output_dir,
    check_output_file,
    escape_json_controls,
    printable,
    write_atomic,
)
from forensics.settings import Settings


class _Failure(click.ClickException):
    """A clean error message (exit status 1), control characters removed."""

    def format_message(self) -> str:
        return printable(self.message)


class _UsageFailure(_Failure):
    """A usage error found before any work: exit status 2."""

    exit_code = 2


def _say(text: str, err: bool = False) -> None:
    """Print a line that may hold text from a PDF or a notice (captions, file names,
    claims): terminal escape sequences and control characters are removed."""
    click.echo(printable(text), err=err)


def _config(path: str | None, include_graphics: bool = False) -> Settings:
    try:
        settings = read_config(path)
    except ForensicsError as exc:
        raise _UsageFailure(str(exc)) from exc
    if include_graphics:
        settings = replace(settings, detect=replace(settings.detect, include_graphics=True))
    return settings


def _check_outputs(inputs: Sequence[str], json_path: str | None = None,
                   html_path: str | None = None, annotate_dir: str | None = None) -> None:
    """Refuse, before any work, output paths that cannot be written (a folder, a missing
    folder, a device) or that would overwrite an input: exit status 2."""
    try:
        if json_path and json_path != "-":
            check_output_file(json_path, inputs, "--json")
        if html_path:
            check_output_file(html_path, inputs, "--html")
        if annotate_dir:
            check_output_dir(annotate_dir, inputs, "--annotate")
        chosen = [os.path.abspath(p) for p in (json_path, html_path) if p and p != "-"]
        if len(set(chosen)) < len(chosen):
            raise OutputPathError(f"--json and --html name the same file: {json_path}")
    except OutputPathError as exc:
        raise _UsageFailure(str(exc)) from exc


def _notices(paths: tuple[str, ...]) -> list[Notice]:
    if not paths:
        return []
    from forensics.notices import load_notices

    found: list[Notice] = []
    skipped: list[FileError] = []  # bad files in a folder: reported with the run's errors
    for p in paths:
        try:
            found.extend(load_notices(p, skipped=skipped))
        except ForensicsError as exc:
            raise _Failure(str(exc)) from exc
    click.get_current_context().meta["notice_errors"] = tuple(skipped)
    return found


def _finish(report: Report, json_path: str | None, quiet: bool, html_path: str | None = None,
            annotate_dir: str | None = None) -> None:
    """Print findings, write the JSON (and the HTML report, the annotated PDFs), report
    errors; exit with the status of :func:`exit_status` (at least 1 when an output
    could not be written)."""
    notice_errors = click.get_current_context().meta.get("notice_errors", ())
    if notice_errors:
        report = replace(report, errors=report.errors + notice_errors)
    report, unwritten = _write_views(report, html_path, annotate_dir, quiet)
    if json_path:
        data = escape_json_controls(json.dumps(report_json(report), indent=2,
                                               ensure_ascii=False))
        if json_path == "-":
            click.echo(data)
        else:
            try:
                write_atomic(json_path, data + "\n")
            except OSError as exc:
                unwritten.append(f"cannot write {json_path} ({exc})")
    if not quiet and json_path != "-":
        for r in report.papers:
            n_fig, n_pan = len(r.figures), len(r.panels)
            _say(f"{r.paper.file}: {n_fig} figures, {n_pan} panels", err=True)
        for m in report.matches:
            _say(describe_match(m))
        for c in report.unconfirmed_claims:
            _say(f"notice claim not reproduced: {c.notice or ''} {_claim_summary(c)}")
        for cited in report.retracted_citations:
            _say(f"cites retracted article {cited.doi}: {cited.reference[:100]}")
        if not report.matches and report.papers:
            click.echo("no duplicated panels found", err=True)
        if json_path and not unwritten:
            _say(f"report written to {json_path}", err=True)
    for failure in report.errors:
        label = "internal error" if failure.internal else "error"
        _say(f"{label}: {failure.error}", err=True)
    for message in unwritten:
        _say(f"error: {message}", err=True)
    sys.exit(max(exit_status(report), EXIT_FILE_ERROR if unwritten else EXIT_OK))


#: Exit statuses (see the module docstring).
EXIT_OK, EXIT_FILE_ERROR, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _run(work: Callable[[], Report]) -> Report:
    """Run the library's part of a command; an exception that escapes it (not one
    file's: those are in the report) is an internal error, exit status 3."""
    try:
        return work()
    except ForensicsError as exc:
        raise _Failure(str(exc)) from exc
    except Exception as exc:
        logging.getLogger(__name__).debug("internal error", exc_info=True)
        _say(f"internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_INTERNAL)


def exit_status(report: Report) -> int:
    """3 when any error is internal, 1 when any file failed, else 0."""
    if any(e.internal for e in report.errors):
        return EXIT_INTERNAL
    return EXIT_FILE_ERROR if report.errors else EXIT_OK


def _claim_summary(claim: UnconfirmedClaim) -> str:
    """A claim in a few words: its panels and the other side's, or its text cut short
    (two claims of one sentence differ in their other side, not in their first words)."""
    if not claim.parsed or not claim.panels:
        return claim.claim[:120]
    ours = ", ".join(f"Fig {p}" for p in claim.panels)
    if claim.other_doi or claim.other_panels:
        theirs = ", ".join(f"Fig {p}" for p in claim.other_panels) or "a figure"
        where = f" of {claim.other_doi}" if claim.other_doi else ""
        return f"{ours} = {theirs}{where}"
    return f"{ours}: {claim.claim[:100]}"


def _write_views(report: Report, html_path: str | None, annotate_dir: str | None,
                 quiet: bool) -> tuple[Report, list[str]]:
    """Write the HTML report and the annotated PDFs asked for; a PDF that cannot be
    annotated becomes an error of the report, an HTML report that cannot be written
    a message returned."""
    unwritten: list[str] = []
    if annotate_dir:
        from forensics.report.annotate import annotate_pdfs

        written, failed = annotate_pdfs(report, annotate_dir)
        report = replace(report, errors=report.errors + tuple(failed))
        if not quiet:
            for path in written:
                _say(f"annotated copy written to {path}", err=True)
    if html_path:
        from forensics.report.html import write_html

        try:
            write_html(report, html_path)
        except OSError as exc:
            unwritten.append(f"cannot write {html_path} ({exc})")
        else:
            if not quiet:
                _say(f"HTML report written to {html_path}", err=True)
    return report, unwritten


def _progress(total: int):
    """A progress bar on stderr for runs over several files (hidden when not a terminal)."""
    from tqdm import tqdm

    bar = tqdm(total=total, unit="pdf", file=sys.stderr, disable=None, leave=False)
    return bar, (lambda name: bar.update(1))


def _run_options(command):
    """The options ``scan`` and ``compare`` share."""
    for option in reversed([
        click.option("--json", "json_path", type=click.Path(),
                     help="Write the JSON report here ('-' for stdout)."),
        click.option("--html", "html_path", type=click.Path(dir_okay=False),
                     help="Write a self-contained HTML report here (crops of each finding)."),
        click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False),
                     help="Write a copy of each PDF with the findings boxed into this folder."),
        click.option("--config", "config_path", type=click.Path(),
                     help="TOML file overriding the defaults (see `forensics config`)."),
        click.option("--notices", "notice_paths", multiple=True, type=click.Path(),
                     help="Notices to link findings to: a folder, .txt/.pdf notices, a "
                     "Retraction Watch CSV or Crossref JSON (repeatable)."),
        click.option("--include-graphics", is_flag=True,
                     help="Also report agreements resting on graphics (charts, icons, "
                     "schematics), not only on image data."),
        click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors."),
    ]):
        command = option(command)
    return command


@click.group()
@click.version_option(__version__, prog_name="forensics")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
def main(verbose: int) -> None:
    """Find duplicated image panels in scientific papers.

    Example: forensics scan manuscript.pdf --json report.json
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("papers", nargs=-1, required=True, type=click.Path())
@_run_options
@click.option("--against", "against_db", type=click.Path(),
              help="Also compare each PAPER with every paper of this audit database "
              "(see `forensics audit`), without reading their PDFs again.")
def scan(papers, json_path, html_path, annotate_dir, config_path, notice_paths,
         include_graphics, quiet, against_db) -> None:
    """Scan each PAPER: every panel against every other panel of the same paper.

    Example: forensics scan manuscript.pdf --json report.json
    """
    config = _config(config_path, include_graphics)
    _check_outputs([*papers, *([against_db] if against_db else [])], json_path, html_path,
                   annotate_dir)
    notices = _notices(notice_paths)
    if against_db:
        from forensics.batch import scan_against

        report = _run(lambda: scan_against(papers, against_db, config, notices))
        _finish(report, json_path, quiet, html_path, annotate_dir)
        return
    bar, tick = _progress(len(papers))
    with bar:
        report = _run(lambda: audit.scan(papers, config, notices, progress=tick))
    _finish(report, json_path, quiet, html_path, annotate_dir)


@main.command()
@click.argument("paper_a", type=click.Path())
@click.argument("paper_b", type=click.Path())
@_run_options
def compare(paper_a, paper_b, json_path, html_path, annotate_dir, config_path, notice_paths,
            include_graphics, quiet) -> None:
    """Compare two papers: every panel of PAPER_A against every panel of PAPER_B.

    Example: forensics compare suspect.pdf original.pdf --json pair.json
    """
    config = _config(config_path, include_graphics)
    _check_outputs([paper_a, paper_b], json_path, html_path, annotate_dir)
    notices = _notices(notice_paths)
    report = _run(lambda: audit.compare(paper_a, paper_b, config, notices))
    _finish(report, json_path, quiet, html_path, annotate_dir)


@main.command("audit")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--db", "database", required=True, type=click.Path(),
              help="The audit database (SQLite); created when missing, added to when not.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="Where the work runs: a local process pool or Dask.")
@click.option("--scheduler", help="Address of a Dask scheduler (with --engine dask); a "
              "local cluster is started when omitted.")
@click.option("-j", "--jobs", "--workers", "workers", type=click.IntRange(min=1),
              help="Worker processes (default: every core).")
@click.option("--timeout", type=click.FloatRange(min=0), default=300.0, show_default=True,
              help="Seconds one paper (or pair of papers) may take; 0 for no limit.")
@click.option("--max-memory", type=click.IntRange(min=0), default=6144, show_default=True,
              help="Megabytes of address space per worker; 0 for no limit.")
@click.option("--retry-errors", is_flag=True, help="Read again the files that failed before.")
@click.option("--json", "json_path", type=click.Path(),
              help="Write the JSON report of the whole audit here ('-' for stdout).")
@click.option("--html", "html_path", type=click.Path(),
              help="Write the HTML report of the whole audit here.")
@click.option("--config", "config_path", type=click.Path(),
              help="TOML file overriding the defaults (see `forensics config`).")
@click.option("--notices", "notice_paths", multiple=True, type=click.Path(),
              help="Notices to link the findings to (as for scan; repeatable).")
@click.option("--include-graphics", is_flag=True,
              help="Also report agreements resting on graphics, not only on image data.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def audit_command(inputs, database, engine, scheduler, workers, timeout, max_memory,
                  retry_errors, json_path, html_path, config_path, notice_paths,
                  include_graphics, quiet) -> None:
    """Audit a corpus: every paper in INPUTS (folders, globs, PDFs, or .txt lists of
    paths) within itself and against every other paper, kept in a database so that a
    later run reads only new or changed files; killed and run again, it goes on.

    Example: forensics audit papers/ --db audit.sqlite --json audit.json
    """
    from forensics.batch import audit_corpus, stored_report
    from forensics.workers import Limits

    config = _config(config_path, include_graphics)
    _check_outputs([*inputs, database], json_path, html_path)
    notices = _notices(notice_paths)
    limits = Limits(timeout=timeout, max_memory=max_memory << 20)
    show = _AuditProgress(quiet)
    try:
        summary = audit_corpus(inputs, database, config, engine=engine, workers=workers,
                               scheduler=scheduler, limits=limits, retry_errors=retry_errors,
                               progress=show)
        show.close()
        report = stored_report(database, config, notices, with_pixels=bool(html_path))
    except (ForensicsError, RuntimeError) as exc:
        show.close()
        raise _Failure(str(exc)) from exc
    if not quiet:
        click.echo(f"{summary.files} files: {summary.read} read ({summary.failed} failed), "
                   f"{summary.stored} already stored; {summary.pairs_compared} pairs of "
                   f"papers compared", err=True)
    _finish(report, json_path, quiet, html_path)


class _AuditProgress:
    """Progress of an audit on stderr: a bar with rate and time left on a terminal,
    one plain line per item otherwise (logs, CI)."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.bar: Any = None
        self.stage: str | None = None
        self.terminal = sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int, item: str) -> None:
        if self.quiet:
            return
        if not self.terminal:
            _say(f"{stage} {done}/{total}: {item}", err=True)
            return
        from tqdm import tqdm

        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(total=total, desc=stage, unit="pdf" if stage == "read" else "pair",
                            file=sys.stderr, leave=False)
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


@main.command("report")
@click.option("--db", "database", required=True, type=click.Path(),
              help="The audit database written by `forensics audit`.")
@click.option("--json", "json_path", type=click.Path(), help="Write the JSON report here "
              "('-' for stdout).")
@click.option("--html", "html_path", type=click.Path(), help="Write the HTML report here.")
@click.option("--config", "config_path", type=click.Path(),
              help="The settings the audit ran with, when not the defaults.")
@click.option("--notices", "notice_paths", multiple=True, type=click.Path(),
              help="Notices to link the findings to (repeatable).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def report_command(database, json_path, html_path, config_path, notice_paths, quiet) -> None:
    """Write the findings of a stored audit, without redoing any of it.

    Example: forensics report --db audit.sqlite --json audit.json --html audit.html
    """
    from forensics.batch import stored_report

    config = _config(config_path)
    _check_outputs([database], json_path, html_path)
    notices = _notices(notice_paths)
    report = _run(lambda: stored_report(database, config, notices,
                                        with_pixels=bool(html_path)))
    _finish(report, json_path, quiet, html_path)


@main.group()
def notices() -> None:
    """Retraction notices, expressions of concern and corrections.

    Example: forensics notices parse notice.txt
    """


@notices.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path())
def notices_parse(files) -> None:
    """Parse notice FILES (.txt, .pdf, Retraction Watch .csv, Crossref .json, or folders)
    and print a JSON list, one object per notice.

    Example: forensics notices parse notice.txt retraction_watch.csv
    """
    from forensics.notices import load_notices, notice_to_json

    out: list[dict] = []
    failed = False
    for f in files:
        skipped: list[FileError] = []
        try:
            out.extend(notice_to_json(n) for n in load_notices(f, skipped=skipped))
        except ForensicsError as exc:
            _say(f"error: {exc}", err=True)
            failed = True
        for bad in skipped:
            _say(f"error: {bad.error}", err=True)
            failed = True
    click.echo(escape_json_controls(json.dumps(out, indent=2, ensure_ascii=False)))
    if failed:
        sys.exit(1)


@main.command("config")
def show_config() -> None:
    """Print the default configuration, with a comment on every value: copy it, keep
    what you change, and pass it with --config.

    Example: forensics config > mine.toml
    """
    try:
        click.echo(default_config_text(), nl=False)
    except ForensicsError as exc:
        raise click.ClickException(str(exc)) from exc


if __name__ == "__main__":  # pragma: no cover
    main()
