"""Shared fixtures: generated PDFs (made once per test session) and bad input files."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from forensics.fixtures.papers import generate, make_paper

REAL_PAPERS = Path(__file__).resolve().parents[2] / "shared" / "real-papers"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    """Four generated papers with planted duplications, and their truth."""
    out = tmp_path_factory.mktemp("corpus")
    generate(out, papers=4, seed=11)
    return out, json.loads((out / "truth.json").read_text())


@pytest.fixture(scope="session")
def layouts(tmp_path_factory) -> tuple[Path, dict]:
    """One paper with a figure in each layout and a supplementary figure."""
    out = tmp_path_factory.mktemp("layouts")
    path = out / "layouts.pdf"
    truth = make_paper(path, [("1", "raster"), ("2", "separate"), ("3", "vector"),
                              ("S2", "raster")], seed=5)
    return path, truth


@pytest.fixture(scope="session")
def bad_files(tmp_path_factory, layouts) -> dict[str, Path]:
    """Inputs that must each give a clear error: not a PDF, truncated, encrypted, no images."""
    out = tmp_path_factory.mktemp("bad")
    good = layouts[0]
    files = {}
    files["text"] = out / "notes.pdf"
    files["text"].write_text("This is a plain text file, not a PDF.\n")
    files["truncated"] = out / "truncated.pdf"
    files["truncated"].write_bytes(good.read_bytes()[:2000])
    files["encrypted"] = out / "encrypted.pdf"
    with pymupdf.open(good) as doc:
        doc.save(files["encrypted"], encryption=pymupdf.PDF_ENCRYPT_AES_256,
                 owner_pw="owner", user_pw="secret")
    files["no_images"] = out / "text_only.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "A manuscript with words and no figures at all.")
    doc.save(files["no_images"])
    files["empty"] = out / "empty.pdf"
    files["empty"].write_bytes(b"")
    return files
