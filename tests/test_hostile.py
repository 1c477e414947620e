"""Hostile input: crafted PDFs over the resource limits, a repaired truncated file, and
config values out of range; each gives a clear per-file error or a flagged paper."""

from __future__ import annotations

import json

import pytest

from forensics import audit
from forensics.config import settings_from_mapping
from forensics.errors import ConfigError
from forensics.fixtures.hostile import crafted


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
    from click.testing import CliRunner

    from forensics.cli import main

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
    from click.testing import CliRunner

    from forensics.cli import main

    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["scan", str(crafted("encrypted", tmp_path)),
                                       "--json", str(out)])
    assert result.exit_code == 1, result.output
    [error] = json.loads(out.read_text())["errors"]
    assert "internal" not in error
