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

import numpy as np

from forensics.model import Match, Panel, PanelRef, Transform
from forensics.report.contract import Report
from forensics.report.crops import (
    Crop,
    PageRenderer,
    cut_side,
    data_uri,
    orientation_map,
    outlined,
    stored_panels,
    to_first_orientation,
)
from forensics.report.difference import DIFFERENCE_GAIN, difference_image
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
.sides{position:relative}svg.links{position:absolute;left:0;top:0;pointer-events:none;
overflow:visible}svg.links line{stroke:#00e5ff;stroke-width:1.5}
svg.links circle{fill:none;stroke:#00e5ff;stroke-width:1.5}.no-links svg.links{display:none}
.views{font-size:.9em}.views label{margin-right:.8em}
figure.difference{display:none;margin-top:.6em}.view-difference figure.difference{display:block}
figure.difference img{image-rendering:pixelated;min-width:240px}
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
      c.classList.toggle('as-printed', toggle.checked); links(c); });
    var shown = c.querySelector('input.links-toggle');
    if (shown) shown.addEventListener('change', function(){
      c.classList.toggle('no-links', !shown.checked); links(c); });
    Array.prototype.forEach.call(c.querySelectorAll('.views input'), function(r){
      r.addEventListener('change', function(){ if (r.checked) view(c, r.value); });
    });
  });
  // Matched points: a line from each point of the first panel to the same point of
  // the second, drawn over both images wherever the layout put them.
  function points(img){
    return (img.dataset.points || '').split(' ').filter(Boolean).map(function(p){
      return p.split(',').map(Number); });
  }
  function visible(list){
    for (var i = 0; i < list.length; i++) if (list[i].offsetParent !== null) return list[i];
    return null;
  }
  function links(c){
    var svg = c.querySelector('svg.links');
    if (!svg || c.hidden || c.classList.contains('no-links')) return;
    var a = c.querySelector('img.side-a'), b = visible(c.querySelectorAll('img.side-b'));
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    if (!a || !b || !a.naturalWidth || !b.naturalWidth) return;
    var box = svg.parentNode.getBoundingClientRect();
    svg.setAttribute('width', box.width); svg.setAttribute('height', box.height);
    function place(img, p){
      var r = img.getBoundingClientRect();
      return [r.left - box.left + p[0] * r.width / img.naturalWidth,
              r.top - box.top + p[1] * r.height / img.naturalHeight];
    }
    var pa = points(a), pb = points(b), ns = 'http://www.w3.org/2000/svg';
    for (var i = 0; i < Math.min(pa.length, pb.length); i++) {
      var p = place(a, pa[i]), q = place(b, pb[i]);
      var line = document.createElementNS(ns, 'line');
      line.setAttribute('x1', p[0]); line.setAttribute('y1', p[1]);
      line.setAttribute('x2', q[0]); line.setAttribute('y2', q[1]);
      svg.appendChild(line);
      [p, q].forEach(function(e){
        var dot = document.createElementNS(ns, 'circle');
        dot.setAttribute('cx', e[0]); dot.setAttribute('cy', e[1]); dot.setAttribute('r', 3);
        svg.appendChild(dot);
      });
    }
  }
  function drawAll(){ cards.forEach(links); }
  window.addEventListener('load', drawAll);
  window.addEventListener('resize', drawAll);
  paper.addEventListener('change', drawAll); kind.addEventListener('change', drawAll);
  // Enhancement views, computed here from the crops' own pixels: contrast stretch
  // (histogram equalisation of the grey levels, colours kept in proportion: a dark
  // background or a faint band shows its texture) and false colour (the grey levels,
  // 1st to 99th percentile, through a hue cycled three times, so that steps of a few
  // levels show as bands of colour); the difference image is made by the report.
  var originals = new WeakMap();
  function pixels(img){
    if (!originals.has(img)) {
      var canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
      var g = canvas.getContext('2d'); g.drawImage(img, 0, 0);
      originals.set(img, {src: img.src, canvas: canvas,
        data: g.getImageData(0, 0, canvas.width, canvas.height)});
    }
    return originals.get(img);
  }
  function enhanced(img, mode){
    var o = pixels(img), key = 'view_' + mode;
    if (o[key]) return o[key];
    var src = o.data.data, out = new ImageData(o.data.width, o.data.height), d = out.data;
    var n = src.length / 4, hist = new Uint32Array(256), i;
    for (i = 0; i < n; i++)
      hist[(src[4*i] * 77 + src[4*i+1] * 150 + src[4*i+2] * 29) >> 8]++;
    var lo = 0, hi = 255, seen = 0;
    for (i = 0; i < 256; i++) { seen += hist[i]; if (seen > 0.01 * n) { lo = i; break; } }
    seen = 0;
    for (i = 255; i >= 0; i--) { seen += hist[i]; if (seen > 0.01 * n) { hi = i; break; } }
    var span = Math.max(1, hi - lo), equalised = new Float32Array(256), cdf = 0, first = -1;
    for (i = 0; i < 256; i++) {
      cdf += hist[i]; if (first < 0 && cdf > 0) first = cdf;
      equalised[i] = 255 * Math.max(0, cdf - first) / Math.max(1, n - first);
    }
    for (i = 0; i < src.length; i += 4) {
      if (mode === 'stretch') {
        var l = (src[i] * 77 + src[i+1] * 150 + src[i+2] * 29) >> 8;
        for (var k = 0; k < 3; k++)
          d[i+k] = l ? src[i+k] * equalised[l] / l : equalised[l];
      } else {
        var t = Math.min(1, Math.max(0, (((src[i] * 77 + src[i+1] * 150 + src[i+2] * 29) >> 8)
                                         - lo) / span));
        var h = (t * 3 % 1) * 6, v = 255 * (0.3 + 0.7 * t), x = v * (1 - Math.abs(h % 2 - 1));
        var rgb = h < 1 ? [v, x, 0] : h < 2 ? [x, v, 0] : h < 3 ? [0, v, x] :
                  h < 4 ? [0, x, v] : h < 5 ? [x, 0, v] : [v, 0, x];
        d[i] = rgb[0]; d[i+1] = rgb[1]; d[i+2] = rgb[2];
      }
      d[i+3] = 255;
    }
    o.canvas.getContext('2d').putImageData(out, 0, 0);
    o[key] = o.canvas.toDataURL('image/png');
    return o[key];
  }
  function view(c, mode){
    c.classList.toggle('view-difference', mode === 'difference');
    Array.prototype.forEach.call(c.querySelectorAll('img.panel'), function(img){
      if (mode === 'stretch' || mode === 'falsecolour') img.src = enhanced(img, mode);
      else if (originals.has(img)) img.src = originals.get(img).src;
    });
    c.dataset.view = mode;
  }
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
    stored = stored_panels(p for r in report.papers for p in r.panels)
    with PageRenderer(pdf_paths) as renderer:
        cards = [_card(i, m, renderer, stored) for i, m in enumerate(matches, 1)]
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


def _points_attr(pixels: np.ndarray) -> str:
    """Points as the ``data-points`` attribute the page script reads: ``"x,y x,y"``."""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in pixels)


def _where(ref: PanelRef) -> str:
    return (f"{_e(panel_name(ref))}, {_e(_file(ref.file))}, page {_e(ref.page)}"
            if ref.page else f"{_e(panel_name(ref))}, {_e(_file(ref.file))}")


def _unavailable(ref: PanelRef) -> str:
    return (f"<figure><p class='muted'>Page image unavailable: {_e(_file(ref.file))} "
            "could not be opened and the report carries no pixels of the panel.</p>"
            f"<figcaption>{_where(ref)}</figcaption></figure>")


def _source_note(crop: Crop) -> str:
    return (" <span class='muted'>(from the panel pixels the audit stored: the PDF could "
            "not be opened)</span>" if crop.source == "stored" else "")


def _side_a(ref: PanelRef, crop: Crop, regions, label: str, page_points: np.ndarray) -> str:
    alt = f"{label}: {panel_name(ref)} of {_file(ref.file)}, matched region outlined in red"
    return (f"<figure><img class='panel side-a' src='{data_uri(outlined(crop, regions))}' "
            f"alt='{_e(alt)}' data-points='{_points_attr(crop.to_pixels(page_points))}'>"
            f"<figcaption>{label}: {_where(ref)}{_source_note(crop)}</figcaption></figure>")


def _side_b(ref: PanelRef, crop: Crop, region, page_points: np.ndarray,
            turned: Transform | None) -> str:
    """The second side: the crop, and when ``turned`` also the crop in the first
    panel's orientation (shown by default, the print on a toggle)."""
    alt = f"Second: {panel_name(ref)} of {_file(ref.file)}, matched region outlined in red"
    image = outlined(crop, (region,))
    pixels = crop.to_pixels(page_points)
    if turned is None:
        return (f"<figure><img class='panel side-b' src='{data_uri(image)}' alt='{_e(alt)}' "
                f"data-points='{_points_attr(pixels)}'><figcaption>Second: {_where(ref)}"
                f"{_source_note(crop)}</figcaption></figure>")
    matrix = orientation_map(image.shape, turned)
    turned_pixels = pixels @ matrix[:, :2].T + matrix[:, 2]
    return (
        f"<figure><img class='panel side-b aligned' "
        f"src='{data_uri(to_first_orientation(image, turned))}' "
        f"alt='{_e(alt + ', turned to the first panel orientation')}' "
        f"data-points='{_points_attr(turned_pixels)}'>"
        f"<img class='panel side-b printed' src='{data_uri(image)}' "
        f"alt='{_e(alt + ', as printed')}' data-points='{_points_attr(pixels)}'>"
        f"<figcaption>Second: {_where(ref)} <span class='aligned'>(shown turned back: "
        f"{_e(transform_words_plain(turned))} undone)</span>"
        f"<span class='printed'>(as printed)</span>{_source_note(crop)}</figcaption></figure>")


def transform_words_plain(transform) -> str:
    """The orientation part of a transform in words (scale left out)."""
    parts = []
    if transform.flip:
        parts.append("flip")
    if transform.rotation:
        parts.append(f"rotation by {float(transform.rotation):g}°")
    return " and ".join(parts)


def _difference(m: Match, crop_a: Crop | None, crop_b: Crop | None) -> str:
    """The difference view of a card (hidden until chosen), or a note why there is none."""
    found = difference_image(crop_a, crop_b, m) if crop_a and crop_b else None
    if found is None:
        return ("<figure class='difference'><p class='muted'>No difference image: the "
                "pixels of both sides or their alignment are not available.</p></figure>")
    share = 100 * found.mean / max(1.0, found.contrast)
    what = "the second region" if m.kind == "clone" else "the second panel"
    return (
        f"<figure class='difference'><img src='{data_uri(found.image)}' alt='Difference "
        f"of the aligned regions: {what} brought onto the first region'><figcaption>"
        f"Difference of the aligned regions ({what} brought onto the first region by the "
        "finding's alignment, tone matched; grey levels of difference "
        f"×{DIFFERENCE_GAIN:g}, blue where it does not reach): dark where the pixels agree. "
        f"Mean difference {found.mean:.1f} grey levels, {share:.0f}% of the region's "
        "contrast; a copy leaves dark noise, images that only look alike leave bright "
        "structure.</figcaption></figure>")


def _views(number: int, has_points: bool) -> str:
    choices = [("plain", "as printed", True), ("stretch", "contrast stretch", False),
               ("falsecolour", "false colour", False), ("difference", "difference", False)]
    radios = "".join(
        f"<label><input type='radio' name='view-{number}' value='{value}'"
        f"{' checked' if checked else ''}> {label}</label>"
        for value, label, checked in choices)
    lines = ("<label><input type='checkbox' class='links-toggle' checked> matched points "
             "joined by lines</label>" if has_points else "")
    return f"<p class='views'>View: {radios}{lines}</p>"


def _card(number: int, m: Match, renderer: PageRenderer, stored: Mapping[tuple, Panel]) -> str:
    turned = bool(m.transform.flip) or bool(float(m.transform.rotation) % 360)
    crop_a = cut_side(renderer, m.a, stored)
    crop_b = crop_a if m.kind == "clone" else cut_side(renderer, m.b, stored)
    points = np.asarray(m.points, float).reshape(-1, 4)
    has_points = len(points) > 0 and crop_a is not None and crop_b is not None
    if m.kind == "clone":
        sides = (_unavailable(m.a) if crop_a is None else
                 _side_a(m.a, crop_a, (m.region_a, m.region_b), "Panel, both regions outlined",
                         points[:0, :2]))
    else:
        sides = ((_unavailable(m.a) if crop_a is None else
                  _side_a(m.a, crop_a, (m.region_a,), "First", points[:, :2]))
                 + (_unavailable(m.b) if crop_b is None else
                    _side_b(m.b, crop_b, m.region_b, points[:, 2:],
                            m.transform if turned else None)))
    if has_points:
        sides += "<svg class='links' aria-hidden='true'></svg>"
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
    lines = (f"; {len(points)} of them joined by lines" if has_points else "")
    return (
        f"<section class='finding' id='finding-{number}' data-kind='{_e(m.kind)}' "
        f"data-files='{_e(files)}' data-key='{_e(key)}' aria-labelledby='finding-{number}-h'>"
        f"<h3 id='finding-{number}-h'>{number}. {_e(describe_finding(m))}</h3>"
        f"{_views(number, has_points)}"
        f"<div class='sides'>{sides}</div>{_difference(m, crop_a, crop_b)}"
        f"<p><span class='score'>Score {m.score:.2f}</span> <span class='muted'>(0 to 1: how "
        "closely the aligned pixels agree, weighed by how much detail they hold; "
        "findings are reported from the verifier's minimum score up)</span>. "
        f"Kind: {_e(m.kind)}. Transform: {_e(transform_words(m))}. "
        f"Shared area: {100 * m.overlap_a:.0f}% of the first panel, "
        f"{100 * m.overlap_b:.0f}% of the second; {m.inliers} matched points{lines}.</p>"
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
