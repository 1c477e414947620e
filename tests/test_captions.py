"""Captions that declare repeated image data, and legends continued on the next page."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest
from click.testing import CliRunner

from forensics.captions import declaration
from forensics.cli import main
from forensics.extract import read_paper
from forensics.fixtures.content import make_field
from tests.conftest import REAL_PAPERS

OPENING = "Figure 1. Speckle-proximal introns after splicing inhibition. (A) RPL13A introns."
DECLARING = "(B) Co-staining of EEF2 introns and SC35 in the same cell."
PLAIN = "(B) EEF2 introns in another experiment."


def _figure_pdf(path: Path, legend: list[str], continued: list[str] = ()) -> Path:
    """One figure of two panels showing one image; its legend, and optionally more
    legend on the next page under a "Figure 1 continued" header (eLife style)."""
    image = make_field("fluorescence", np.random.default_rng(3), (300, 300))
    png = cv2.imencode(".png", cv2.cvtColor(image, cv2.COLOR_RGB2BGR))[1].tobytes()
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for letter, x in (("A", 60), ("B", 250)):
        page.insert_text((x, 95), letter, fontname="hebo", fontsize=12)
        page.insert_image(pymupdf.Rect(x, 100, x + 150, 250), stream=png)
    page.insert_textbox(pymupdf.Rect(56, 270, 539, 330), " ".join(legend), fontsize=8)
    page.insert_textbox(pymupdf.Rect(56, 400, 539, 700), "Body text of the paper. " * 40,
                        fontsize=10)
    if continued:
        page.insert_textbox(pymupdf.Rect(56, 760, 539, 780), "Figure 1 continued on next page",
                            fontsize=8)
        page = doc.new_page(width=595, height=842)
        # The text layer lists the continued legend before its header, as eLife's does.
        page.insert_textbox(pymupdf.Rect(56, 68, 539, 100), " ".join(continued), fontsize=8)
        page.insert_textbox(pymupdf.Rect(56, 50, 300, 66), "Figure 1 continued", fontsize=8)
        page.insert_textbox(pymupdf.Rect(56, 150, 539, 500), "More body text. " * 60,
                            fontsize=10)
    doc.save(path)
    return path


def _scan(pdf: Path, tmp_path: Path) -> tuple[dict, str]:
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["scan", str(pdf), "--json", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text()), result.output


def test_legend_continued_on_next_page_is_read_whole(tmp_path):
    pdf = _figure_pdf(tmp_path / "continued.pdf", [OPENING], [DECLARING, "Scale bar 5 um."])
    _, figures = read_paper(pdf)
    [figure] = figures
    assert figure.caption.startswith(OPENING)
    assert figure.caption.endswith(f"{DECLARING} Scale bar 5 um.")
    assert "continued" not in figure.caption
    assert "body text" not in figure.caption.lower()


def test_repeat_declared_by_continued_legend_is_reported_with_it(tmp_path):
    pdf = _figure_pdf(tmp_path / "declared.pdf", [OPENING], [DECLARING])
    report, output = _scan(pdf, tmp_path)
    [match] = report["matches"]
    assert {match["a"]["panel"], match["b"]["panel"]} == {"A", "B"}
    assert match["declared"] == DECLARING
    assert f'the caption declares repeated data: "{DECLARING}"' in output


def test_undeclared_repeat_is_reported_plainly(tmp_path):
    pdf = _figure_pdf(tmp_path / "plain.pdf", [OPENING, PLAIN])
    report, output = _scan(pdf, tmp_path)
    [match] = report["matches"]
    assert {match["a"]["panel"], match["b"]["panel"]} == {"A", "B"}
    assert match["declared"] is None
    assert "declares" not in output


@pytest.mark.parametrize("caption, sentence", [
    ("Figure 2. Blots. (C) The same membrane was stripped and re-probed for actin.",
     "(C) The same membrane was stripped and re-probed for actin."),
    ("Figure 3. (A) GAPDH, a shared loading control for (B) and (C).",
     "(A) GAPDH, a shared loading control for (B) and (C)."),
    ("Figure 4. Merged images of the same fields as in Figure 2.",
     "Merged images of the same fields as in Figure 2."),
    ("Figure 5. Cells were treated at the same time; the same conditions as in (A).", None),
    ("Figure 6. Tumour sections of two mice. Bars, 50 um.", None),
])
def test_declaring_sentence(caption, sentence):
    assert declaration(caption) == sentence


def test_elife_legend_continued_on_next_page_declares_the_shared_channel():
    path = REAL_PAPERS / "10.7554_eLife.91357.3.pdf"
    if not path.exists():
        pytest.skip(f"{path} is not present (../shared/real-papers)")
    _, figures = read_paper(path)
    figure = {f.number: f for f in figures}["4"]
    assert "(H) Quantification of speckle decile" in figure.caption
    assert declaration(figure.caption) == (
        "(G) Co-staining of RNA FISH for specified intron and SC35 IF in the same cell "
        "treated with pladeinolide B.")
