"""The ``forensics`` command: a thin layer that parses arguments, calls the library, prints.

Findings and JSON go to stdout; progress and error messages to stderr.
Exit status: 0 when every file was read, 1 when any file failed, 2 on usage errors.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import replace
from pathlib import Path

import click

from forensics import __version__, audit
from forensics.config import default_config_text, read_config
from forensics.errors import ForensicsError
from forensics.model import Notice
from forensics.report import Report, describe_match, report_json
from forensics.settings import Settings


def _config(path: str | None, include_graphics: bool = False) -> Settings:
    try:
        settings = read_config(path)
    except ForensicsError as exc:
        raise click.ClickException(str(exc)) from exc
    if include_graphics:
        settings = replace(settings, detect=replace(settings.detect, include_graphics=True))
    return settings


def _notices(paths: tuple[str, ...]) -> list[Notice]:
    if not paths:
        return []
    from forensics.notices import load_notices

    found: list[Notice] = []
    for p in paths:
        try:
            found.extend(load_notices(p))
        except ForensicsError as exc:
            raise click.ClickException(str(exc)) from exc
    return found


def _finish(report: Report, json_path: str | None, quiet: bool, html_path: str | None = None,
            annotate_dir: str | None = None) -> None:
    """Print findings, write the JSON (and the HTML report, the annotated PDFs), report
    errors; exit 1 when any file failed."""
    report = _write_views(report, html_path, annotate_dir, quiet)
    if json_path:
        data = json.dumps(report_json(report), indent=2, ensure_ascii=False)
        if json_path == "-":
            click.echo(data)
        else:
            Path(json_path).write_text(data + "\n", encoding="utf-8")
    if not quiet and json_path != "-":
        for r in report.papers:
            n_fig, n_pan = len(r.figures), len(r.panels)
            click.echo(f"{r.paper.file}: {n_fig} figures, {n_pan} panels", err=True)
        for m in report.matches:
            click.echo(describe_match(m))
        for c in report.unconfirmed_claims:
            click.echo(f"notice claim not reproduced: {c.notice or ''} {c.claim[:120]}")
        for cited in report.retracted_citations:
            click.echo(f"cites retracted article {cited.doi}: {cited.reference[:100]}")
        if not report.matches and report.papers:
            click.echo("no duplicated panels found", err=True)
        if json_path:
            click.echo(f"report written to {json_path}", err=True)
    for failure in report.errors:
        click.echo(f"error: {failure.error}", err=True)
    if report.errors:
        sys.exit(1)


def _write_views(report: Report, html_path: str | None, annotate_dir: str | None,
                 quiet: bool) -> Report:
    """Write the HTML report and the annotated PDFs asked for; a PDF that cannot be
    annotated becomes an error of the report."""
    if annotate_dir:
        from dataclasses import replace

        from forensics.report.annotate import annotate_pdfs

        written, failed = annotate_pdfs(report, annotate_dir)
        report = replace(report, errors=report.errors + tuple(failed))
        if not quiet:
            for path in written:
                click.echo(f"annotated copy written to {path}", err=True)
    if html_path:
        from forensics.report.html import write_html

        write_html(report, html_path)
        if not quiet:
            click.echo(f"HTML report written to {html_path}", err=True)
    return report


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
def scan(papers, json_path, html_path, annotate_dir, config_path, notice_paths,
         include_graphics, quiet) -> None:
    """Scan each PAPER: every panel against every other panel of the same paper.

    Example: forensics scan manuscript.pdf --json report.json
    """
    config = _config(config_path, include_graphics)
    notices = _notices(notice_paths)
    bar, tick = _progress(len(papers))
    with bar:
        report = audit.scan(papers, config, notices, progress=tick)
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
    notices = _notices(notice_paths)
    report = audit.compare(paper_a, paper_b, config, notices)
    _finish(report, json_path, quiet, html_path, annotate_dir)


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
        try:
            out.extend(notice_to_json(n) for n in load_notices(f))
        except ForensicsError as exc:
            click.echo(f"error: {exc}", err=True)
            failed = True
    click.echo(json.dumps(out, indent=2, ensure_ascii=False))
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
