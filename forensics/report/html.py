"""The HTML report: one self-contained file an editor opens from disk and acts on.

Everything is inline (CSS, a little JavaScript, the crops as JPEG data URIs) and a
Content-Security-Policy forbids any network load, so the page reads the same offline,
attached to an e-mail or archived with a case. Every string that comes from a PDF or a
notice (titles, captions, file names, claims) is HTML-escaped: shown as text, never run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from html import escape
from pathlib import Path

from forensics.model import Match, PanelRef
from forensics.report.contract import Report
from forensics.report.crops import PageRenderer, crop_panel, data_uri, to_first_orientation
from forensics.report.files import write_atomic
from forensics.report.text import describe_finding, panel_name, transform_words

__all__ = ["render_html", "write_html"]

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em;color:#222}
h1{font-size:1.5em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:1px solid #eee;text-align:left}
.finding{border:1px solid #bbb;border-radius:6px;padding:.8em;margin:1em 0}
.finding.reviewed{opacity:.55}
.sides{display:flex;gap:1em;flex-wrap:wrap}
figure{margin:0;flex:1 1 300px}figure img{max-width:100%;max-height:420px;display:block;
border:1px solid #ddd}
figcaption{font-size:.9em;color:#444}
.printed{display:none}.as-printed .printed{display:block}.as-printed .aligned{display:none}
blockquote{margin:.4em 0;padding:.3em .8em;border-left:4px solid #c33;background:#fafafa}
.score{font-weight:600}.muted{color:#666;font-size:.9em}
.controls{position:sticky;top:0;background:#fff;padding:.4em 0;border-bottom:1px solid #ddd}
"""

_JS = """
(function(){
  var cards = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var paper = document.getElementById('filter-paper');
  var kind = document.getElementById('filter-kind');
  function apply(){
    var n = 0;
    cards.forEach(function(c){
      var ok = (!paper.value || c.dataset.files.split('\\n').indexOf(paper.value) >= 0) &&
               (!kind.value || c.dataset.kind === kind.value);
      c.hidden = !ok; if (ok) n++;
    });
    document.getElementById('shown').textContent = n;
  }
  paper.addEventListener('change', apply); kind.addEventListener('change', apply);
  var store = null; try { store = window.localStorage; } catch (e) {}
  cards.forEach(function(c){
    var key = 'forensics-reviewed:' + c.dataset.key, button = c.querySelector('.review');
    function show(on){ c.classList.toggle('reviewed', on); button.textContent = on ?
      'Reviewed (undo)' : 'Mark reviewed'; button.setAttribute('aria-pressed', on); }
    show(!!(store && store.getItem(key)));
    button.addEventListener('click', function(){
      var on = !c.classList.contains('reviewed');
      if (store) { if (on) store.setItem(key, '1'); else store.removeItem(key); }
      show(on);
    });
    var toggle = c.querySelector('.orientation');
    if (toggle) toggle.addEventListener('change', function(){
      c.classList.toggle('as-printed', toggle.checked); });
  });
  apply();
})();
"""


def write_html(report: Report, path: str | Path,
               pdf_paths: Mapping[str, str | Path] | None = None) -> Path:
    """Write the report as one self-contained HTML file.

    Parameters
    ----------
    report : Report
        What a run found (from :func:`forensics.scan` or :func:`forensics.compare`).
    path : str or Path
        The file to write (atomically: a temporary file renamed over it).
    pdf_paths : mapping of str to path, optional
        Where each PDF named in the report is now, by the report's ``file``; crops of a
        PDF that cannot be opened are replaced by a note saying so.

    Returns
    -------
    Path
        The file written.
    """
    return write_atomic(path, render_html(report, pdf_paths))


def render_html(report: Report, pdf_paths: Mapping[str, str | Path] | None = None) -> str:
    """The HTML text :func:`write_html` writes."""
    matches = sorted(report.matches, key=lambda m: -m.score)
    with PageRenderer(pdf_paths) as renderer:
        cards = [_card(i, m, renderer) for i, m in enumerate(matches, 1)]
    files = sorted({f for m in matches for f in (m.a.file, m.b.file) if f})
    kinds = sorted({m.kind for m in matches})
    body = [
        "<h1>Duplicated image panels: report</h1>",
        _summary(report, matches),
        "<h2 id='findings'>Findings</h2>",
        "<p>Each finding is a pair of panels (or two regions of one panel) whose pixels "
        "agree far beyond chance. They are leads for a person to check by looking, "
        "not conclusions.</p>" if matches else "<p>No duplicated panels were found.</p>",
    ]
    if matches:
        body.append(_controls(files, kinds, len(matches)))
        body.extend(cards)
    body.append(_unconfirmed(report))
    body.append(_citations(report))
    body.append(_errors(report))
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
            "img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
            "<meta name='viewport' content='width=device-width,initial-scale=1'>"
            "<title>forensics report</title><style>" + _CSS + "</style></head><body><main>"
            + "\n".join(b for b in body if b) + "</main><script>" + _JS
            + "</script></body></html>\n")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _file(name: str | None) -> str:
    return (name or "?").rsplit("/", 1)[-1]


def _doi_link(doi: str | None) -> str:
    if not doi:
        return ""
    return f"<a href='https://doi.org/{_e(doi)}'>doi:{_e(doi)}</a>"


def _summary(report: Report, matches: list[Match]) -> str:
    rows = []
    for r in report.papers:
        title = _e(r.paper.title) if r.paper.title else "<span class='muted'>no title</span>"
        rows.append(f"<tr><td>{_e(_file(r.paper.file))}</td><td>{title}</td>"
                    f"<td>{_doi_link(r.paper.doi)}</td><td>{r.paper.pages}</td>"
                    f"<td>{len(r.figures)}</td><td>{len(r.panels)}</td></tr>")
    by_kind = Counter(m.kind for m in matches)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(by_kind.items())) or "none"
    index = "".join(
        f"<li><a href='#finding-{i}'>{_e(describe_finding(m))}</a></li>"
        for i, m in enumerate(matches, 1))
    return (
        "<h2 id='summary'>Summary</h2>"
        f"<p>{len(report.papers)} papers, {sum(len(r.figures) for r in report.papers)} "
        f"figures and {sum(len(r.panels) for r in report.papers)} panels scanned; "
        f"<strong>{len(matches)} findings</strong> ({_e(kinds)}); "
        f"{len(report.errors)} files failed"
        + (" (<a href='#errors'>why</a>)" if report.errors else "") + ".</p>"
        "<table><caption class='muted'>Papers scanned</caption><thead><tr><th scope='col'>"
        "File</th><th scope='col'>Title</th><th scope='col'>DOI</th><th scope='col'>Pages"
        "</th><th scope='col'>Figures</th><th scope='col'>Panels</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>"
        + (f"<ol class='index'>{index}</ol>" if index else ""))


def _controls(files: list[str], kinds: list[str], total: int) -> str:
    paper_options = "".join(f"<option value='{_e(f)}'>{_e(_file(f))}</option>" for f in files)
    kind_options = "".join(f"<option value='{_e(k)}'>{_e(k)}</option>" for k in kinds)
    return (
        "<div class='controls'><label>Paper <select id='filter-paper'><option value=''>"
        f"all</option>{paper_options}</select></label> <label>Kind <select id='filter-kind'>"
        f"<option value=''>all</option>{kind_options}</select></label> "
        f"<span class='muted'><span id='shown'>{total}</span> of {total} shown, "
        "highest score first</span></div>")


def _side(ref: PanelRef, region, other_region, renderer: PageRenderer, label: str,
          aligned_transform=None) -> str:
    """One side of a finding: the crop (and, for b, the crop in a's orientation)."""
    regions = (region,) if other_region is None else (region, other_region)
    image = crop_panel(renderer, ref, regions)
    where = (f"{_e(panel_name(ref))}, {_e(_file(ref.file))}, page {_e(ref.page)}"
             if ref.page else f"{_e(panel_name(ref))}, {_e(_file(ref.file))}")
    if image is None:
        return (f"<figure><p class='muted'>Page image unavailable: {_e(_file(ref.file))} "
                "could not be opened.</p><figcaption>" + where + "</figcaption></figure>")
    alt = f"{label}: {panel_name(ref)} of {_file(ref.file)}, matched region outlined in red"
    if aligned_transform is None:
        return (f"<figure><img src='{data_uri(image)}' alt='{_e(alt)}'>"
                f"<figcaption>{label}: {where}</figcaption></figure>")
    aligned = to_first_orientation(image, aligned_transform)
    return (
        f"<figure><img class='aligned' src='{data_uri(aligned)}' "
        f"alt='{_e(alt + ', turned to the first panel orientation')}'>"
        f"<img class='printed' src='{data_uri(image)}' alt='{_e(alt + ', as printed')}'>"
        f"<figcaption>{label}: {where} <span class='aligned'>(shown turned back: "
        f"{_e(transform_words_plain(aligned_transform))} undone)</span>"
        "<span class='printed'>(as printed)</span></figcaption></figure>")


def transform_words_plain(transform) -> str:
    """The orientation part of a transform in words (scale left out)."""
    parts = []
    if transform.flip:
        parts.append("flip")
    if transform.rotation:
        parts.append(f"rotation by {float(transform.rotation):g}°")
    return " and ".join(parts)


def _card(number: int, m: Match, renderer: PageRenderer) -> str:
    turned = bool(m.transform.flip) or bool(float(m.transform.rotation) % 360)
    if m.kind == "clone":
        sides = _side(m.a, m.region_a, m.region_b, renderer, "Panel, both regions outlined")
    else:
        sides = (_side(m.a, m.region_a, None, renderer, "First")
                 + _side(m.b, m.region_b, None, renderer, "Second",
                         m.transform if turned else None))
    toggle = ("<label><input type='checkbox' class='orientation'> show the second panel "
              "as printed</label> " if turned and m.kind != "clone" else "")
    notices = "".join(
        f"<p>Cited by the {_e(n.kind)} {_doi_link(n.doi) or 'notice'}:</p>"
        f"<blockquote>{_e(n.claim)}</blockquote>" for n in m.notices)
    declared = (f"<p>The caption declares repeated data:</p><blockquote>{_e(m.declared)}"
                "</blockquote>" if m.declared else "")
    papers = " · ".join(dict.fromkeys(
        f"{_e(_file(r.file))} {_doi_link(r.doi)}".strip() for r in (m.a, m.b)))
    files = "\n".join(dict.fromkeys(f for f in (m.a.file, m.b.file) if f))
    key = f"{m.a.file}|{m.a.page}|{m.a.bbox}|{m.b.file}|{m.b.page}|{m.b.bbox}|{m.kind}"
    return (
        f"<section class='finding' id='finding-{number}' data-kind='{_e(m.kind)}' "
        f"data-files='{_e(files)}' data-key='{_e(key)}' aria-labelledby='finding-{number}-h'>"
        f"<h3 id='finding-{number}-h'>{number}. {_e(describe_finding(m))}</h3>"
        f"<div class='sides'>{sides}</div>"
        f"<p><span class='score'>Score {m.score:.2f}</span> <span class='muted'>(0 to 1: how "
        "closely the aligned pixels agree, weighed by how much detail they hold; "
        "findings are reported from the verifier's minimum score up)</span>. "
        f"Kind: {_e(m.kind)}. Transform: {_e(transform_words(m))}. "
        f"Shared area: {100 * m.overlap_a:.0f}% of the first panel, "
        f"{100 * m.overlap_b:.0f}% of the second; {m.inliers} matched points.</p>"
        f"<p class='muted'>Papers: {papers}</p>{declared}{notices}"
        f"<p>{toggle}<button type='button' class='review' aria-pressed='false'>Mark reviewed"
        "</button></p></section>")


def _unconfirmed(report: Report) -> str:
    if not report.unconfirmed_claims:
        return ""
    items = "".join(
        f"<li>{_e(c.kind)} {_doi_link(c.notice) or _e(c.file or '')}"
        f"<blockquote>{_e(c.claim)}</blockquote></li>" for c in report.unconfirmed_claims)
    return ("<h2 id='unconfirmed'>Notice claims no finding reproduces</h2><p>Claims of the "
            "notices given about the scanned papers for which no finding was made: the "
            "panels may be in a paper not scanned, or the copy too altered.</p>"
            f"<ul>{items}</ul>")


def _citations(report: Report) -> str:
    if not report.retracted_citations:
        return ""
    items = "".join(
        f"<li>{_e(_file(c.file))} cites {_doi_link(c.doi) or 'a retracted article'} "
        f"(retraction {_doi_link(c.notice) or 'notice'}):<blockquote>{_e(c.reference)}"
        "</blockquote>" + (f"<p class='muted'>In the text: {_e(c.context)}</p>"
                           if c.context else "") + "</li>"
        for c in report.retracted_citations)
    return f"<h2 id='citations'>Citations of retracted articles</h2><ul>{items}</ul>"


def _errors(report: Report) -> str:
    if not report.errors:
        return ""
    items = "".join(f"<li>{_e(_file(e.file))}" + (f" ({_e(e.stage)})" if e.stage else "")
                    + f": {_e(e.error)}</li>" for e in report.errors)
    return f"<h2 id='errors'>Files that failed</h2><ul>{items}</ul>"
