"""Hostile input: crafted PDFs over the resource limits, a repaired truncated file, and
config values out of range; each gives a clear per-file error or a flagged paper."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from forensics import audit
from forensics.cli import main
from forensics.config import USER_KEYS, calibration_settings, settings_from_mapping
from forensics.errors import ConfigError
from forensics.fixtures.hostile import crafted
from forensics.report.files import printable, write_atomic


@pytest.mark.parametrize("name, reason", [
    ("image_bomb", "max_image_pixels"),
    ("huge_pages", "max_page_area"),
    ("many_pages", "over the limit"),
    ("encrypted", "encrypted"),
])
def test_crafted_inputs_fail_with_their_reason(tmp_path, name, reason):
    report = audit.scan([crafted(name, tmp_path)])
    assert not report.papers
    assert len(report.errors) == 1 and reason in report.errors[0].error


def test_truncated_file_with_eof_is_flagged_partial(tmp_path):
    report = audit.scan([crafted("truncated_eof", tmp_path)])
    assert not report.errors
    (paper,) = [r.paper for r in report.papers]
    assert any("repaired" in w for w in paper.warnings)


def test_paper_pixel_budget_skips_figures_with_a_warning(tmp_path):
    settings = settings_from_mapping({"extract": {"max_paper_pixels": 1000}})
    report = audit.scan([crafted("truncated_eof", tmp_path)], settings)
    assert report.errors and "max_paper_pixels" in report.errors[0].error


@pytest.mark.parametrize("section, key, value", [
    ("clones", "keypoints", -5), ("verify", "window", 0), ("verify", "window", 8),
    ("panels", "white_level", 300), ("index", "vote_keypoints", -1),
    ("clones", "keypoints", 2**63 - 1), ("verify", "min_score", float("nan")),
    ("verify", "min_score", 1.5), ("extract", "max_pages", -1),
    ("extract", "render_scale_min", 5.0),
])
def test_config_values_out_of_range_are_refused_by_key(section, key, value):
    """Calibrated values set by a benchmark get the checks a user's file gets."""
    with pytest.raises(ConfigError, match=key):
        calibration_settings({section: {key: value}})
    if key in USER_KEYS.get(section, ()):
        with pytest.raises(ConfigError, match=key):
            settings_from_mapping({section: {key: value}})


# --- containment and exit statuses -------------------------------------------------------


@pytest.fixture
def two_small(tmp_path):
    """Two small readable papers (one figure each)."""
    return crafted("escape_caption", tmp_path), crafted("truncated_eof", tmp_path)


def _panels_bug_in(name: str):
    """split_panels as it is, but raising an ordinary exception (a stand-in for a bug)
    on the figures of one file."""
    from forensics import audit as audit_module
    real = audit_module.split_panels

    def split(figure, config):
        if figure.file.endswith(name):
            raise ZeroDivisionError("a bug in panel splitting")
        return real(figure, config)
    return split


def test_an_internal_error_is_that_files_error_and_exits_3(two_small, tmp_path, monkeypatch):
    bad, good = two_small
    monkeypatch.setattr(audit, "split_panels", _panels_bug_in(bad.name))
    report = audit.scan([bad, good])
    [error] = report.errors
    assert error.internal and error.stage == "panels" and "ZeroDivisionError" in error.error
    assert [r.paper.file for r in report.papers] == [str(good)]
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["scan", str(bad), str(good), "--json", str(out)])
    assert result.exit_code == 3, result.output
    data = json.loads(out.read_text())
    assert [e["internal"] for e in data["errors"]] == [True]
    assert len(data["papers"]) == 1
    assert "internal error:" in result.output


def test_bad_input_alone_exits_1_and_is_not_internal(tmp_path):
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["scan", str(crafted("encrypted", tmp_path)),
                                       "--json", str(out)])
    assert result.exit_code == 1, result.output
    [error] = json.loads(out.read_text())["errors"]
    assert "internal" not in error


# --- output paths, atomic writes, terminal text -------------------------------------------


def _cli(args: list, cwd) -> subprocess.CompletedProcess:
    """The real command in a subprocess: what a terminal would receive."""
    root = str(Path(__file__).resolve().parents[1])  # this checkout, wherever cwd is
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [root, *filter(None, [os.environ.get("PYTHONPATH")])])}
    return subprocess.run([sys.executable, "-m", "forensics.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=300, env=env)


@pytest.fixture(scope="module")
def small_paper(tmp_path_factory):
    """A small paper whose figure shows one image twice, with a caption declaring it."""
    return crafted("escape_caption", tmp_path_factory.mktemp("small"))


@pytest.mark.parametrize("option, target, reason", [
    ("--json", "{dir}", "is a folder"),
    ("--json", "{dir}/missing/report.json", "does not exist"),
    ("--json", "{paper}", "input of this run"),
    ("--json", "/dev/full", "not a regular file"),
    ("--html", "{dir}", "is a (folder|directory)"),
    ("--html", "{paper}", "input of this run"),
    ("--annotate", "{paper}", "not a folder|is a file"),
    ("--annotate", "{dir}", "would overwrite"),
])
def test_bad_output_paths_are_usage_errors_before_the_scan(tmp_path, option, target, reason):
    paper = crafted("escape_caption", tmp_path)
    # A second input where the annotated copy of the first would go.
    (tmp_path / "sub").mkdir()
    other = (tmp_path / "sub" / "escape_caption.pdf")
    other.write_bytes(paper.read_bytes())
    paper = paper.rename(tmp_path / "escape_caption.annotated.pdf")
    before = paper.read_bytes()
    path = target.format(dir=tmp_path, paper=paper)
    result = CliRunner().invoke(main, ["scan", str(paper), str(other), option, path])
    assert result.exit_code == 2, result.output
    assert re.search(reason, result.output) and option in result.output
    assert "figures" not in result.output  # refused before any paper was read
    assert paper.read_bytes() == before


def test_config_errors_exit_2(tmp_path, small_paper):
    config = tmp_path / "bad.toml"
    config.write_text("[extract]\nmax_pages = -5\n")
    result = CliRunner().invoke(main, ["scan", str(small_paper), "--config", str(config)])
    assert result.exit_code == 2 and "max_pages must be above 0" in result.output


def test_reports_are_written_atomically(tmp_path, small_paper):
    out = tmp_path / "report.json"
    out.write_text("old")
    out.chmod(0o640)
    result = CliRunner().invoke(main, ["scan", str(small_paper), "--json", str(out),
                                       "--html", str(tmp_path / "r.html"),
                                       "--annotate", str(tmp_path / "copies" / "deep")])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["schema"] == "forensics-report/1"
    assert oct(out.stat().st_mode & 0o777) == oct(0o640)  # the old file's mode kept
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "copies", "r.html", "report.json"]  # no temporary left
    assert list((tmp_path / "copies" / "deep").iterdir())


def test_write_atomic_leaves_the_old_file_when_it_fails(tmp_path):
    out = tmp_path / "report.json"
    out.write_text("old")
    with pytest.raises(TypeError):
        write_atomic(out, 12345)  # type: ignore[arg-type]  # not text or bytes
    assert out.read_text() == "old" and len(list(tmp_path.iterdir())) == 1


def test_terminal_text_has_no_control_characters(tmp_path, small_paper):
    """A file name holding an OSC sequence (set the window title) and colour codes:
    printed with the paper's line, the finding and an error, never raw."""
    hostile = "\x1b]0;owned\x07\x1b[31mred\x1b[0m\u202e"
    paper = tmp_path / f"{hostile}.pdf"
    paper.write_bytes(small_paper.read_bytes())
    junk = tmp_path / f"{hostile}junk.pdf"
    junk.write_bytes(b"\x1b]0;owned\x07 not a pdf")
    result = _cli(["scan", paper.name, junk.name, "--json", "report.json"], tmp_path)
    assert result.returncode == 1, result.stderr
    printed = result.stdout + result.stderr
    assert "score 1.00" in result.stdout and "not a PDF" in result.stderr
    assert "red.pdf: 1 figures" in result.stderr
    assert not any(c in printed for c in "\x1b\x07\u202e"), repr(printed)
    data = json.loads((tmp_path / "report.json").read_text())
    assert hostile in data["papers"][0]["file"]  # the report keeps the name as it is
    assert "\\u202e" in (tmp_path / "report.json").read_text()


def test_printable_drops_escape_sequences_whole():
    assert printable("a\x1b]0;title\x07b\x1b[1;31mc\x1b[0m\td\r\n\x9b2Je") == "abc\td\ne"


# --- inputs that once hung or escaped -----------------------------------------------------


def test_a_page_of_too_many_drawings_is_skipped_with_a_warning(tmp_path):
    """60,000 tiny strokes: clustered, they took half a minute and more; over
    max_page_drawings their page's drawings are skipped and named, the other figure
    is read."""
    report = audit.scan([crafted("many_drawings", tmp_path)])
    assert not report.errors
    (result,) = report.papers
    assert [f.number for f in result.figures] == ["2"]
    assert any("max_page_drawings" in w for w in result.paper.warnings)
