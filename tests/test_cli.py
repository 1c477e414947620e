"""The real ``forensics`` command on generated PDFs: scan, compare, notices parse, help, config.

Most runs go through click's ``CliRunner`` (same process, fast); the runs whose exact
stdout/stderr matter (bad-file messages, ``--json -``) go through a subprocess, so that
logging and progress output are what a user sees.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import numpy as np
import pytest
from click.testing import CliRunner

from forensics.cli import main
from forensics.fixtures.papers import make_paper
from forensics.model import Transform
from tests.conftest import REAL_PAPERS

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ROOT / "tests" / "data" / "notices" / "dev" / "dove_mir31_retraction.txt"
CLI = [sys.executable, "-c", "from forensics.cli import main; main()"]

#: What each bad input's error must say (besides the file name).
BAD_REASONS = {
    "text": r"not a pdf",
    "truncated": r"truncat|damag|cannot be read|repair",
    "encrypted": r"encrypt|password",
    "no_images": r"no figures?|no images?",
    "empty": r"empty",
}


def _run(args: list[str]) -> click.testing.Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _cli(args: list, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *[str(a) for a in args]], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def _name(file: str) -> str:
    return Path(file).name


def _key(ref: dict) -> tuple[str, str, str | None]:
    return (_name(ref["file"]), ref["figure"], ref["panel"])


def _iou(a, b) -> float:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[2], b[2]), min(a[3], b[3])
    inter = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union


def _check_paper(entry: dict, truth: dict) -> None:
    """A ``papers[]`` entry reports the paper as generated: DOI, figures, lettered panels."""
    assert entry["doi"].lower() == truth["doi"].lower()
    assert entry["pages"] >= len(truth["figures"]) + 1
    assert [f["number"] for f in entry["figures"]] == [f["number"] for f in truth["figures"]]
    for fig, tfig in zip(entry["figures"], truth["figures"]):
        assert fig["page"] == tfig["page"]
        assert fig["caption"].strip()
        assert len(fig["bbox"]) == 4
        labels = [p["label"] for p in fig["panels"]]
        assert sorted(labels) == sorted(p["label"] for p in tfig["panels"]), fig["number"]
        for panel in fig["panels"]:
            tpanel = next(p for p in tfig["panels"] if p["label"] == panel["label"])
            assert _iou(panel["bbox"], tpanel["bbox"]) > 0.8, (fig["number"], panel)
            x0, y0, x1, y1 = panel["bbox"]
            fx0, fy0, fx1, fy1 = fig["bbox"]
            assert fx0 - 1 <= x0 < x1 <= fx1 + 1 and fy0 - 1 <= y0 < y1 <= fy1 + 1


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """A one-figure paper, for runs where only the command's behaviour matters."""
    path = tmp_path_factory.mktemp("tiny") / "tiny.pdf"
    make_paper(path, [("1", "separate")], seed=3)
    return path


# --- scan ----------------------------------------------------------------------------------


def test_scan_good_paper_writes_report(layouts, tmp_path):
    path, truth = layouts
    out = tmp_path / "report.json"
    result = _run(["scan", path, "--json", out])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["schema"] == "forensics-report/1"
    assert data["errors"] == []
    assert isinstance(data["matches"], list)
    [paper] = data["papers"]
    assert _name(paper["file"]) == path.name
    _check_paper(paper, truth)
    assert f"report written to {out}" in result.stderr


# Real papers with no known inappropriate duplication, each of which once gave a false
# finding: look-alike framed northern-blot strips with the same printed numbers (Nat
# Commun Fig 1), two JPEG'd bar charts of one layout (NAR Fig 8), and the frames of two
# stacked blots repeating exactly along themselves, taken for a clone (BMC Biol Fig 2E).
# Known regression of this round, left open: with exact image rectangles Nat Commun Fig 6D
# is one blot panel, and its two pairs of saturated bands are taken for a clone.
@pytest.mark.parametrize("name", [
    # Fig 6D: two saturated bands on a white blot were reported as a clone of a pair.
    "10.1038_s41467-024-46676-z.pdf",
    "10.1093_nar_gkae069.pdf", "10.1186_s12915-023-01805-w.pdf"])
def test_scan_real_paper_without_duplication_finds_nothing(name, tmp_path):
    path = REAL_PAPERS / name
    if not path.exists():
        pytest.skip(f"{path} is not present (../shared/real-papers)")
    out = tmp_path / "report.json"
    result = _run(["scan", path, "--json", out])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["errors"] == []
    assert sum(len(f["panels"]) for f in data["papers"][0]["figures"]) > 30
    assert data["matches"] == []


def test_scan_real_paper_finding_is_a_repeat_its_caption_declares(tmp_path):
    # eLife Fig 4G shows one SC35 speckle image beside each intron probe, "co-staining
    # ... in the same cell" (a legend continued on the next page): a true repeat inside
    # the figure, reported (when found) with the caption's sentence, and nothing else.
    path = REAL_PAPERS / "10.7554_eLife.91357.3.pdf"
    if not path.exists():
        pytest.skip(f"{path} is not present (../shared/real-papers)")
    out = tmp_path / "report.json"
    result = _run(["scan", path, "--json", out])
    assert result.exit_code == 0, result.output
    matches = json.loads(out.read_text())["matches"]
    assert all(m["declared"] and "in the same cell" in m["declared"] for m in matches)
    assert all(m["a"]["figure"] == m["b"]["figure"] == "4" for m in matches)


@pytest.fixture(scope="module")
def bad_scan(layouts, bad_files, tmp_path_factory) -> tuple[subprocess.CompletedProcess, dict]:
    """``forensics scan GOOD BAD...`` as a user runs it, and the JSON it wrote."""
    out = tmp_path_factory.mktemp("bad_scan") / "report.json"
    args = ["scan", layouts[0], *bad_files.values(), "--json", out]
    proc = _cli(args, cwd=out.parent)
    return proc, json.loads(out.read_text())


def test_scan_with_bad_files_exits_1(bad_scan):
    proc, _ = bad_scan
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("bad", sorted(BAD_REASONS))
def test_scan_bad_file_one_stderr_line(bad_scan, bad_files, bad):
    """Each bad file gets exactly one line on stderr, naming the file and the reason."""
    proc, _ = bad_scan
    name = bad_files[bad].name
    lines = [line for line in proc.stderr.splitlines() if name in line]
    assert len(lines) == 1, lines
    assert re.search(BAD_REASONS[bad], lines[0], re.I), lines[0]


def test_scan_bad_files_recorded_good_paper_reported(bad_scan, bad_files, layouts):
    _, data = bad_scan
    assert data["schema"] == "forensics-report/1"
    errors = {_name(e["file"]): e["error"] for e in data["errors"]}
    assert set(errors) == {p.name for p in bad_files.values()}
    for bad, path in bad_files.items():
        assert re.search(BAD_REASONS[bad], errors[path.name], re.I), errors[path.name]
    [paper] = data["papers"]
    assert _name(paper["file"]) == layouts[0].name
    _check_paper(paper, layouts[1])


@pytest.mark.parametrize("bad", sorted(BAD_REASONS))
def test_scan_bad_file_alone(bad_files, bad, tmp_path):
    out = tmp_path / "report.json"
    result = _run(["scan", bad_files[bad], "--json", out])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a crash
    data = json.loads(out.read_text())
    assert data["papers"] == [] and data["matches"] == []
    [error] = data["errors"]
    assert _name(error["file"]) == bad_files[bad].name
    assert re.search(BAD_REASONS[bad], error["error"], re.I)


def test_json_to_stdout(tiny):
    """``--json -``: stdout is the JSON report and nothing else."""
    proc = _cli(["scan", tiny, "--json", "-"], cwd=tiny.parent)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["schema"] == "forensics-report/1"
    assert [_name(p["file"]) for p in data["papers"]] == [tiny.name]
    assert data["papers"][0]["figures"][0]["panels"]


# --- compare -------------------------------------------------------------------------------


def _cross_pair(truth: dict) -> tuple[str, str, list[dict]]:
    """The two corpus papers sharing the most planted cross-paper duplications."""
    pairs: dict[tuple[str, str], list[dict]] = {}
    for d in truth["duplications"]:
        a, b = d["a"]["file"], d["b"]["file"]
        if a != b:
            pairs.setdefault((a, b), []).append(d)
    assert pairs, "the corpus has no cross-paper duplication"
    (a, b), planted = max(pairs.items(), key=lambda item: len(item[1]))
    return a, b, planted


@pytest.fixture(scope="module")
def compared(corpus, tmp_path_factory) -> tuple[list[dict], dict, dict]:
    folder, truth = corpus
    file_a, file_b, planted = _cross_pair(truth)
    out = tmp_path_factory.mktemp("compare")
    reports = {}
    for name, (x, y) in {"ab": (file_a, file_b), "ba": (file_b, file_a)}.items():
        result = _run(["compare", folder / x, folder / y, "--json", out / f"{name}.json"])
        assert result.exit_code == 0, result.output
        reports[name] = json.loads((out / f"{name}.json").read_text())
    return planted, reports["ab"], reports["ba"]


def test_compare_finds_planted_cross_pairs(compared):
    planted, ab, _ = compared
    found = {(_key(m["a"]), _key(m["b"])) for m in ab["matches"]}
    for d in planted:
        assert (_key(d["a"]), _key(d["b"])) in found, (d["class"], d["a"], d["b"])



def test_compare_is_symmetric(compared):
    """``compare A B`` and ``compare B A`` report the same findings with a and b swapped."""
    _, ab, ba = compared
    assert [_name(p["file"]) for p in ab["papers"]] == \
        [_name(p["file"]) for p in reversed(ba["papers"])]
    forward = {(_key(m["a"]), _key(m["b"])): m for m in ab["matches"]}
    backward = {(_key(m["b"]), _key(m["a"])): m for m in ba["matches"]}
    assert set(forward) == set(backward)
    for pair, f in forward.items():
        b = backward[pair]
        assert (f["kind"], f["score"]) == (b["kind"], b["score"]), pair
        assert f["evidence"]["inliers"] == b["evidence"]["inliers"]
        assert f["evidence"]["overlap_a"] == b["evidence"]["overlap_b"]
        assert f["evidence"]["overlap_b"] == b["evidence"]["overlap_a"]
        assert f["a"]["region"] == b["b"]["region"] and f["b"]["region"] == b["a"]["region"]
        assert f["a"]["bbox"] == b["b"]["bbox"] and f["b"]["bbox"] == b["a"]["bbox"]
        ft, bt = f["transform"], b["transform"]
        there = Transform(rotation=ft["rotation"], flip=ft["flip"]).linear()
        back = Transform(rotation=bt["rotation"], flip=bt["flip"]).linear()
        np.testing.assert_allclose(there, np.linalg.inv(back), atol=1e-6, err_msg=str(pair))
        assert ft["scale"] == pytest.approx(1 / bt["scale"], rel=0.01)


# --- notices -------------------------------------------------------------------------------


def test_notices_parse_prints_json():
    result = _run(["notices", "parse", NOTICE])
    assert result.exit_code == 0, result.output
    [notice] = json.loads(result.stdout)
    assert notice["kind"] == "retraction"
    assert notice["article"]["authors"][:1] == ["Zhang X"]
    claims = [(c["panels"], c["other"]["doi"], c["other_panels"]) for c in notice["claims"]]
    assert claims == [(["3A", "5E"], "10.1016/j.lfs.2018.08.049", ["2A"]),
                      (["5E"], "10.1016/j.biopha.2018.11.037", ["3F"]),
                      (["5E"], "10.1002/jcp.28935", ["4E"])]


def test_notices_parse_missing_file(tmp_path):
    missing = tmp_path / "nowhere.txt"
    result = _run(["notices", "parse", NOTICE, missing])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "nowhere.txt" in result.stderr
    assert len(json.loads(result.stdout)) == 1  # the readable notice is still printed


# --- help and config -----------------------------------------------------------------------


def _commands(command: click.Command = main, path: tuple[str, ...] = ()):
    yield path
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, (*path, name))


@pytest.mark.parametrize("path", list(_commands()), ids=lambda p: " ".join(p) or "forensics")
def test_help_has_example(path):
    result = _run([*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output, f"'forensics {' '.join(path)} --help' has no Example:"


SECTIONS = ["extract", "panels", "fingerprint", "index", "verify", "clones", "detect", "notices"]


@pytest.mark.parametrize("section, key", [*((s, "no_such_key") for s in SECTIONS),
                                          ("no_such_section", "no_such_key"),
                                          ("verify", "ratio"), ("clones", "max_side")])
def test_unknown_config_key_is_a_clean_error(tiny, tmp_path, section, key):
    """A typo, or a calibrated value that is not a user setting, in --config stops the
    run with a message naming it, not a traceback."""
    config = tmp_path / "config.toml"
    config.write_text(f"[{section}]\n{key} = 1\n")
    result = _run(["scan", tiny, "--config", config, "--json", tmp_path / "r.json"])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit), (
        f"[{section}] unknown key crashed: {result.exception!r}")
    assert (section if section == "no_such_section" else key) in result.stderr


def test_printed_default_config_is_accepted(tiny, tmp_path):
    printed = _run(["config"])
    assert printed.exit_code == 0 and "[verify]" in printed.output
    mine = tmp_path / "mine.toml"
    mine.write_text(printed.output)
    result = _run(["scan", tiny, "--config", mine, "--json", tmp_path / "r.json"])
    assert result.exit_code == 0, result.output


def test_python_dash_m_forensics_runs_the_command():
    """``python -m forensics`` is the ``forensics`` command (the issues time it so)."""
    done = subprocess.run([sys.executable, "-m", "forensics", "--version"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "forensics" in done.stdout
