"""The reports a person acts on, on the canonical miR-31 case run through the real command:
the JSON against docs/report.schema.json, the annotated PDFs read back with PyMuPDF, and
the HTML report opened in a real browser (Debian's chromium driven by Playwright).

The browser tests skip when chromium or Playwright is missing, except under CI (env CI
set), where they fail: CI installs chromium in .ci/run.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

import jsonschema
import pymupdf
import pytest
from click.testing import CliRunner

from forensics import audit
from forensics.cli import main
from forensics.fixtures import canonical
from forensics.notices import load_notices
from forensics.report import report_json
from forensics.report.html import render_html, write_html

SCHEMA = json.loads((Path(__file__).parents[1] / "docs" / "report.schema.json").read_text())
HOSTILE = "<script>window.__pwned = 1</script><img src=x onerror='window.__pwned = 2'>"


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> Path:
    """The canonical case, and the command's outputs on it:
    ``compare mir31 lifesci --notices --json --html --annotate`` and
    ``scan mir31 not-a-pdf --notices --json --html``."""
    out = tmp_path_factory.mktemp("report")
    canonical.main(["--out", str(out)])
    (out / "bad.pdf").write_text("not a pdf")
    runner = CliRunner()
    compared = runner.invoke(main, [
        "compare", str(out / "mir31.pdf"), str(out / "lifesci.pdf"),
        "--notices", str(out / "notice.txt"), "--json", str(out / "compare.json"),
        "--html", str(out / "compare.html"), "--annotate", str(out / "annotated")])
    assert compared.exit_code == 0, compared.output
    scanned = runner.invoke(main, [
        "scan", str(out / "mir31.pdf"), str(out / "bad.pdf"),
        "--notices", str(out / "notice.txt"), "--json", str(out / "scan.json"),
        "--html", str(out / "scan.html")])
    assert scanned.exit_code == 1, scanned.output  # bad.pdf failed, the rest is reported
    return out


def _json(case: Path, name: str) -> dict:
    return json.loads((case / name).read_text())


# --- the JSON schema -----------------------------------------------------------------------


def test_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", ["compare.json", "scan.json"])
def test_reports_validate_against_schema(case, name):
    data = _json(case, name)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert data["matches"], "the canonical case has findings"


def test_scan_report_covers_errors_clones_and_claims(case):
    data = _json(case, "scan.json")
    assert [e["file"] for e in data["errors"]] == [str(case / "bad.pdf")]
    assert {m["kind"] for m in data["matches"]} >= {"duplicate"}
    assert data["unconfirmed_claims"], "a claim of the notice names another paper"


@pytest.mark.parametrize("breakage", [
    lambda d: d["matches"][0].update(kind="fraud"),
    lambda d: d["matches"][0]["a"].pop("page"),
    lambda d: d["matches"][0]["transform"].update(flip="diagonal"),
    lambda d: d["papers"][0]["figures"][0].update(bbox=[1, 2, 3]),
    lambda d: d.update(schema="forensics-report/2"),
])
def test_schema_rejects_a_broken_report(case, breakage):
    data = _json(case, "compare.json")
    breakage(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)


# --- annotated PDFs ------------------------------------------------------------------------


def test_annotated_copies_box_each_side_and_name_the_other(case):
    data = _json(case, "compare.json")
    for name in ("mir31", "lifesci"):
        source, copy = case / f"{name}.pdf", case / "annotated" / f"{name}.annotated.pdf"
        with pymupdf.open(source) as original, pymupdf.open(copy) as doc:
            assert doc.page_count == original.page_count
            squares = [(page.number + 1, annot.rect, annot.info["content"])
                       for page in doc for annot in page.annots() if annot.type[1] == "Square"]
            sides = [(m[s], m[o]) for m in data["matches"] for s, o in (("a", "b"), ("b", "a"))
                     if Path(m[s]["file"]).name == f"{name}.pdf"]
            assert len(squares) == len(sides) > 0
            for side, other in sides:
                content = next(c for p, rect, c in squares if p == side["page"]
                               and abs(rect.x0 - side["region"][0]) < 2
                               and abs(rect.y0 - side["region"][1]) < 2)
                assert f"Fig {other['figure']}{other['panel']}" in content
                assert "appears to duplicate" in content
                assert "retraction" in content  # the notice citing it


# --- the HTML text -------------------------------------------------------------------------


def test_html_is_self_contained(case):
    text = (case / "compare.html").read_text()
    assert "Content-Security-Policy" in text
    for attribute in ("src=", "href="):
        for chunk in text.split(attribute)[1:]:
            target = chunk[1:].split(chunk[0], 1)[0]
            assert target.startswith(("data:", "#", "https://doi.org/")), target[:80]


def _hostile_report(case: Path):
    """The compare report with HTML and JavaScript in a title, a file name and a claim."""
    report = audit.compare(case / "mir31.pdf", case / "lifesci.pdf",
                           notices=load_notices(case / "notice.txt"))
    papers = tuple(replace(r, paper=replace(r.paper, title=HOSTILE + " title"))
                   for r in report.papers)
    first = report.matches[0]
    hostile = replace(first, notices=tuple(replace(n, claim=HOSTILE + n.claim)
                                           for n in first.notices),
                      a=replace(first.a, file=str(case / f"{HOSTILE}.pdf")))
    return replace(report, papers=papers, matches=(hostile,) + report.matches[1:]), {
        str(case / f"{HOSTILE}.pdf"): case / "mir31.pdf"}


def test_html_escapes_text_from_pdfs_and_notices(case):
    report, paths = _hostile_report(case)
    text = render_html(report, paths)
    assert "<script>window.__pwned" not in text
    assert "&lt;script&gt;window.__pwned" in text
    assert "<img src=x" not in text


# --- in the browser ------------------------------------------------------------------------


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    missing = None
    if not Path(CHROMIUM).exists():
        missing = "chromium is not installed (apt-get install -y chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "playwright is not installed (pip install -e '.[report]')"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}: CI must run the browser tests")
        pytest.skip(missing)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM,
                                              args=["--no-sandbox"])
        yield launched
        launched.close()


def _open(browser, path: Path):
    """A new page on ``path``; console errors and uncaught exceptions are collected."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(path.as_uri())
    return page, problems


def test_browser_shows_every_finding_with_decoded_images(case, browser, tmp_path):
    data = _json(case, "compare.json")
    started = time.perf_counter()
    page, problems = _open(browser, case / "compare.html")
    opened = time.perf_counter() - started
    cards = page.locator("section.finding")
    assert cards.count() == len(data["matches"])
    for i in range(cards.count()):
        card = cards.nth(i)
        assert card.is_visible()
        images = card.locator("img:visible")
        assert images.count() == 2
        for j in range(2):
            assert images.nth(j).evaluate("img => img.complete && img.naturalWidth") > 0
            assert images.nth(j).get_attribute("alt")
    heading = page.get_by_role("heading", name="Fig 5E (mir31.pdf, page 6) appears to "
                               "duplicate Fig 2A (lifesci.pdf, page 3)", exact=False)
    assert heading.is_visible()
    assert "flipped left to right" in heading.inner_text()
    assert page.locator("blockquote", has_text="Figures 3A and 5E").count() == 2
    page.screenshot(path=str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000
    assert problems == []
    assert opened < 2.0, f"opened in {opened:.2f} s"


def test_browser_links_lead_to_the_findings_and_the_notices(case, browser):
    page, problems = _open(browser, case / "compare.html")
    index = page.locator("ol.index a")
    assert index.count() == 2
    index.nth(1).click()
    assert page.evaluate("location.hash") == "#finding-2"
    assert page.locator("#finding-2").is_visible()
    assert page.evaluate("(() => { const r = document.querySelector('#finding-2')"
                         ".getBoundingClientRect(); return r.top >= -1 && r.top < innerHeight;"
                         " })()")
    notice = page.locator("#finding-1 blockquote").first.locator("xpath=preceding-sibling::p[1]/a")
    assert notice.get_attribute("href") == f"https://doi.org/{canonical.NOTICE_DOI.lower()}"
    assert problems == []


def test_browser_orientation_toggle_filter_and_review(case, browser):
    page, problems = _open(browser, case / "compare.html")
    card = page.locator("#finding-1")  # Fig 5E, flipped: shown turned back by default
    aligned, printed = card.locator("img.aligned"), card.locator("img.printed")
    assert aligned.is_visible() and not printed.is_visible()
    card.locator("input.orientation").check()
    assert printed.is_visible() and not aligned.is_visible()
    assert printed.evaluate("img => img.naturalWidth") > 0

    page.select_option("#filter-kind", "duplicate")
    assert page.locator("section.finding:visible").count() == 2
    page.select_option("#filter-kind", "")
    page.select_option("#filter-paper", str(case / "lifesci.pdf"))
    assert page.locator("section.finding:visible").count() == 2
    assert page.locator("#shown").inner_text() == "2"

    card.locator("button.review").click()
    page.reload()
    assert "reviewed" in (page.locator("#finding-1").get_attribute("class") or "")
    assert page.locator("#finding-1 button.review").get_attribute("aria-pressed") == "true"
    assert problems == []


def test_browser_scan_report_lists_failures_and_claims(case, browser):
    data = _json(case, "scan.json")
    page, problems = _open(browser, case / "scan.html")
    assert page.locator("section.finding").count() == len(data["matches"])
    assert page.locator("#errors + ul li", has_text="bad.pdf").is_visible()
    assert page.get_by_role("heading", name="Notice claims no finding reproduces").is_visible()
    kinds = {m["kind"] for m in data["matches"]}
    # The canonical case's look-alike-cells "clone" in Fig 2A was false and is gone
    # (grain test), so the case may hold one kind only; each kind's filter still
    # shows exactly its findings.
    assert kinds
    for kind in kinds:
        page.select_option("#filter-kind", kind)
        shown = page.locator("section.finding:visible")
        assert shown.count() == sum(m["kind"] == kind for m in data["matches"])
    assert problems == []


def test_browser_runs_nothing_from_hostile_text(case, browser, tmp_path):
    report, paths = _hostile_report(case)
    path = write_html(report, tmp_path / "hostile.html", paths)
    page, problems = _open(browser, path)
    assert page.evaluate("window.__pwned") is None
    assert page.get_by_text(HOSTILE + " title").first.is_visible()
    assert page.locator("section.finding img:visible").count() == 4  # the crops still load
    assert problems == []


def test_report_json_of_the_hostile_report_still_validates(case):
    report, _ = _hostile_report(case)
    jsonschema.validate(report_json(report), SCHEMA, cls=jsonschema.Draft202012Validator)


_STATS = """img => { const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const g = c.getContext('2d'); g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data; let sum = 0, dark = 0, spread = 0;
  for (let i = 0; i < d.length; i += 4) { const l = (d[i] + d[i+1] + d[i+2]) / 3;
    sum += l; dark += l < 40; spread += Math.max(d[i], d[i+1], d[i+2])
                                       - Math.min(d[i], d[i+1], d[i+2]); }
  const n = d.length / 4; return [sum / n, dark / n, spread / n]; }"""


def _inside(point, box, slack=2.0) -> bool:
    return (box["x"] - slack <= point[0] <= box["x"] + box["width"] + slack
            and box["y"] - slack <= point[1] <= box["y"] + box["height"] + slack)


def _line_ends(page, card_id: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The matched-point lines of a card, in page coordinates."""
    return page.evaluate(f"""() => {{
        const svg = document.querySelector('{card_id} svg.links');
        const r = svg.getBoundingClientRect();
        return Array.from(svg.querySelectorAll('line')).map(l => [
            [r.left + +l.getAttribute('x1'), r.top + +l.getAttribute('y1')],
            [r.left + +l.getAttribute('x2'), r.top + +l.getAttribute('y2')]]); }}""")


def test_browser_lines_join_matched_points_in_both_orientations(case, browser):
    data = _json(case, "compare.json")
    page, problems = _open(browser, case / "compare.html")
    card = page.locator("#finding-1")  # Fig 5E, flipped: the second side turned back
    points = data["matches"][0]["evidence"]["points"]
    assert len(points) >= 3
    assert page.locator("#finding-1 svg.links line").count() == len(points)
    first = card.locator("img.side-a").bounding_box()
    aligned = card.locator("img.side-b.aligned").bounding_box()
    ends = _line_ends(page, "#finding-1")
    assert all(_inside(a, first) and _inside(b, aligned) for a, b in ends)
    # Turned back, the flipped copy's points sit level with their sources.
    assert max(abs(a[1] - b[1]) for a, b in ends) < 0.05 * first["height"]
    card.locator("input.orientation").check()
    printed = card.locator("img.side-b.printed").bounding_box()
    ends_printed = _line_ends(page, "#finding-1")
    assert all(_inside(b, printed) for _, b in ends_printed)
    # As printed, left and right are swapped: the point order across is reversed.
    xa = [a[0] for a, _ in ends_printed]
    xb = [b[0] for _, b in ends_printed]
    assert sorted(range(len(xa)), key=xa.__getitem__) == \
        sorted(range(len(xb)), key=lambda i: -xb[i])
    card.locator("input.links-toggle").uncheck()
    assert not page.locator("#finding-1 svg.links").is_visible()
    assert problems == []


def test_browser_enhancement_views(case, browser):
    page, problems = _open(browser, case / "compare.html")
    card = page.locator("#finding-1")
    first = card.locator("img.side-a")
    original_src = first.get_attribute("src")
    plain = first.evaluate(_STATS)
    difference = card.locator("figure.difference")
    assert not difference.is_visible()

    card.locator(".views input[value='stretch']").check()
    stretched = first.evaluate(_STATS)
    assert first.get_attribute("src").startswith("data:image/png")
    assert stretched[1] < 0.6 * plain[1]  # the dark background shows its texture
    card.locator(".views input[value='falsecolour']").check()
    coloured = first.evaluate(_STATS)
    assert coloured[2] > 1.5 * plain[2]  # grey levels became hues
    assert card.locator("img:visible").count() == 2  # the views replace, never add

    card.locator(".views input[value='difference']").check()
    assert first.get_attribute("src") == original_src
    assert difference.is_visible()
    shown = difference.locator("img")
    assert shown.evaluate("img => img.complete && img.naturalWidth") > 0
    mean, _, _ = shown.evaluate(_STATS)
    assert mean < 40, "a copy's difference image is dark"
    assert "Mean difference" in difference.inner_text()

    card.locator(".views input[value='plain']").check()
    assert not difference.is_visible() and first.get_attribute("src") == original_src
    assert page.locator("#finding-2 figure.difference").is_hidden()
    assert problems == []


def test_screenshot_of_a_card_for_the_docs(case, browser, tmp_path):
    from forensics.report.screenshot import screenshot

    picture = screenshot(case / "compare.html", tmp_path / "card.png", finding=1,
                         view="difference", browser=browser)
    from PIL import Image

    with Image.open(picture) as image:
        assert image.mode == "P" and image.width > 600 and image.height > 400
    assert picture.stat().st_size < 300_000
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    shown = Path(__file__).parents[1] / "docs" / "img" / "canonical-report.png"
    assert "(docs/img/canonical-report.png)" in readme
    assert 20_000 < shown.stat().st_size < 300_000
    with pytest.raises(RuntimeError, match="no finding 99"):
        screenshot(case / "compare.html", tmp_path / "none.png", finding=99, browser=browser)
