"""End to end on the canonical case: miR-31 Figures 3A and 5E reuse Life Sciences Figure 2A.

The case is generated once per module with ``python -m forensics.fixtures.canonical`` (its
``main``), then run through the real ``forensics`` command and, separately, through the linker with
hand-made findings, so that linking is checked whatever detection finds.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from click.testing import CliRunner

from forensics.cli import main
from forensics.extract import read_paper
from forensics.fixtures import canonical
from forensics.link import link_matches
from forensics.model import Match, PanelRef, Paper, Transform
from forensics.notices import load_notices, normalise_doi

NOTICE_DOI = normalise_doi(canonical.NOTICE_DOI)
MIR31_DOI = normalise_doi(canonical.MIR31_DOI)
LIFESCI_DOI = canonical.LIFESCI_DOI


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> tuple[Path, dict]:
    """The generated case folder (written by the module's command line) and its truth."""
    out = tmp_path_factory.mktemp("canonical")
    canonical.main(["--out", str(out)])
    return out, json.loads((out / "truth.json").read_text())


@pytest.fixture(scope="module")
def compared(case) -> tuple[object, dict]:
    """``forensics compare mir31.pdf lifesci.pdf --notices notice.txt --json out.json``."""
    out, _ = case
    report = out / "out.json"
    result = CliRunner().invoke(main, [
        "compare", str(out / "mir31.pdf"), str(out / "lifesci.pdf"),
        "--notices", str(out / "notice.txt"), "--json", str(report)])
    data = json.loads(report.read_text()) if report.exists() else {}
    return result, data


def _paper(truth: dict, file: str) -> dict:
    return next(p for p in truth["papers"] if p["file"] == file)


def _panel(truth: dict, file: str, figure: str, label: str) -> dict:
    fig = next(f for f in _paper(truth, file)["figures"] if f["number"] == figure)
    return next(p for p in fig["panels"] if p["label"] == label)



def _key(ref: dict) -> tuple[str, str, str | None]:
    return (Path(ref["file"]).name, ref["figure"], ref["panel"])


# --- the generated files -----------------------------------------------------------------


def test_files_written(case):
    out, truth = case
    for name in ("mir31.pdf", "lifesci.pdf", "notice.txt", "truth.json"):
        assert (out / name).stat().st_size > 0, name
    assert (out / "notice.txt").read_text() == canonical.NOTICE_FILE.read_text()
    assert truth["notice"]["doi"] == NOTICE_DOI


def test_figures_and_planted_panels(case):
    _, truth = case
    numbers = {p["file"]: [f["number"] for f in p["figures"]] for p in truth["papers"]}
    assert numbers["mir31.pdf"][:5] == ["1", "2", "3", "4", "5"]
    assert numbers["lifesci.pdf"][:3] == ["1", "2", "3"]
    planted = {(_key(d["a"]), _key(d["b"])): d for d in truth["duplications"]}
    source = ("lifesci.pdf", "2", "A")
    to_3a = planted[(source, ("mir31.pdf", "3", "A"))]
    to_5e = planted[(source, ("mir31.pdf", "5", "E"))]
    assert to_3a["transform"]["flip"] is None and "jpeg" in to_3a["transform"]["parts"]
    assert abs(to_3a["transform"]["scale"] - 1) > 0.2  # printed at another size
    assert to_5e["transform"]["flip"] == "horizontal"
    for file, figure, label in (source, ("mir31.pdf", "3", "A"), ("mir31.pdf", "5", "E")):
        assert _panel(truth, file, figure, label)["kind"] in ("fluorescence", "tissue")


def test_dois_in_text_metadata_and_extracted(case):
    out, truth = case
    for name, doi, title in (("mir31.pdf", canonical.MIR31_DOI, canonical.MIR31["title"]),
                             ("lifesci.pdf", LIFESCI_DOI, canonical.LIFESCI["title"])):
        with pymupdf.open(out / name) as doc:
            assert doi in doc[0].get_text()
            assert doi in doc.metadata["keywords"]
            assert doc.metadata["title"] == title
        paper, figures = read_paper(out / name)
        assert normalise_doi(paper.doi) == normalise_doi(doi), name
        assert paper.title == title
        assert [f.number for f in figures] == [f["number"] for f in _paper(truth, name)["figures"]]


# --- the notice ----------------------------------------------------------------------------


def test_notice_parsed_claims(case):
    out, truth = case
    [notice] = load_notices(out / "notice.txt")
    expected = truth["notice"]
    assert notice.kind == expected["kind"] == "retraction"
    assert notice.doi == NOTICE_DOI
    assert normalise_doi(notice.article.doi) == MIR31_DOI
    assert notice.article.first_author == "Zhang" and notice.article.year == 2020
    got = [(list(c.panels), c.other.doi if c.other else None, list(c.other_panels))
           for c in notice.claims]
    assert got == [(c["panels"], c["other_doi"], c["other_panels"]) for c in expected["claims"]]
    assert "image duplication" in notice.reasons


def test_notices_parse_command(case):
    out, _ = case
    result = CliRunner().invoke(main, ["notices", "parse", str(out / "notice.txt")])
    assert result.exit_code == 0, result.output
    [notice] = json.loads(result.stdout)
    assert notice["doi"] == NOTICE_DOI
    claims = [(c["panels"], c["other"]["doi"], c["other_panels"]) for c in notice["claims"]]
    assert claims == [(["3A", "5E"], LIFESCI_DOI, ["2A"]),
                      (["5E"], "10.1016/j.biopha.2018.11.037", ["3F"]),
                      (["5E"], "10.1002/jcp.28935", ["4E"])]


# --- end to end ----------------------------------------------------------------------------


def test_compare_finds_both_reuses_linked_to_the_notice(compared):
    """Detection + linking on PDFs: both planted findings, each confirmed by the notice."""
    result, data = compared
    assert result.exit_code == 0, result.output
    assert data["schema"] == "forensics-report/1"
    assert data["errors"] == []
    found = {}
    for m in data["matches"]:
        sides = {_key(m["a"]): m["a"], _key(m["b"]): m["b"]}
        found[frozenset(sides)] = m
    wanted = {frozenset({("mir31.pdf", "3", "A"), ("lifesci.pdf", "2", "A")}),
              frozenset({("mir31.pdf", "5", "E"), ("lifesci.pdf", "2", "A")})}
    assert set(found) == wanted, [(_key(m["a"]), _key(m["b"])) for m in data["matches"]]
    for pair in wanted:
        match = found[pair]
        assert {match["a"]["doi"].lower(), match["b"]["doi"].lower()} == {MIR31_DOI, LIFESCI_DOI}
        assert match["notices"], f"{sorted(pair)} not linked to the notice"
        assert {n["doi"] for n in match["notices"]} == {NOTICE_DOI}
        assert all(n["kind"] == "retraction" for n in match["notices"])
        assert "Figures 3A and 5E" in match["notices"][0]["claim"]
    # The two claims about articles not in this run stay "not reproduced".
    others = {c["other_doi"] for c in data.get("unconfirmed_claims", [])}
    assert others == {"10.1016/j.biopha.2018.11.037", "10.1002/jcp.28935"}


def test_unreproduced_claims_of_one_sentence_print_as_two_lines(compared):
    # Both claims come from one sentence ("5E ... with Figure 3F of [X] and with Figure
    # 4E of [Y]"): the terminal printed the sentence's first words twice.
    result, _ = compared
    lines = [line for line in result.output.splitlines()
             if line.startswith("notice claim not reproduced")]
    start = f"notice claim not reproduced: {NOTICE_DOI}"
    assert sorted(lines) == [f"{start} Fig 5E = Fig 3F of 10.1016/j.biopha.2018.11.037",
                             f"{start} Fig 5E = Fig 4E of 10.1002/jcp.28935"]


def test_compare_transforms_match_truth(case, compared):
    _, truth = case
    _, data = compared
    planted = {(_key(d["a"]), _key(d["b"])): d["transform"] for d in truth["duplications"]}
    checked = 0
    for m in data["matches"]:
        a, b = _key(m["a"]), _key(m["b"])
        t = m["transform"]
        found, scale = Transform(rotation=t["rotation"], flip=t["flip"]).linear(), t["scale"]
        if (a, b) in planted:
            want = planted[(a, b)]
        elif (b, a) in planted:  # reported the other way round: invert the finding
            want = planted[(b, a)]
            found, scale = np.linalg.inv(found), 1 / scale
        else:
            continue
        expected = Transform(rotation=want["rotation"], flip=want["flip"]).linear()
        np.testing.assert_allclose(found, expected, atol=0.05, err_msg=f"{a} {b}")
        assert scale == pytest.approx(want["scale"], rel=0.06), f"{a} {b}"
        checked += 1
    assert checked == 2


def test_scan_mir31_finds_the_copies_inside_it(case):
    """Scanning the miR-31 paper alone: 3A and 5E duplicate each other (one mirrored), and
    the notice's claim covers that pair too."""
    out, _ = case
    report = out / "scan.json"
    result = CliRunner().invoke(main, ["scan", str(out / "mir31.pdf"), "--notices",
                                       str(out / "notice.txt"), "--json", str(report)])
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text())
    pairs = {frozenset({_key(m["a"]), _key(m["b"])}): m for m in data["matches"]}
    pair = frozenset({("mir31.pdf", "3", "A"), ("mir31.pdf", "5", "E")})
    assert pair in pairs, list(pairs)
    assert pairs[pair]["transform"]["flip"] == "horizontal"
    assert {n["doi"] for n in pairs[pair]["notices"]} == {NOTICE_DOI}


def test_scan_mir31_reports_no_clone_of_look_alike_cells(case):
    """The demo once reported a clone inside Fig 2A that was never planted: two cells
    of one kind, alike in shape, each with its own grain (regression)."""
    out, _ = case
    report = out / "scan-clones.json"
    result = CliRunner().invoke(main, ["scan", str(out / "mir31.pdf"), "--json", str(report)])
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text())
    assert [m for m in data["matches"] if m["kind"] == "clone"] == []


# --- linking alone, with findings made by hand ---------------------------------------------


def _ref(file: str, doi: str, figure: str, panel: str | None) -> PanelRef:
    return PanelRef(figure=figure, panel=panel, file=file, doi=doi, page=3,
                    bbox=(56.0, 68.0, 200.0, 200.0))


def _match(a: PanelRef, b: PanelRef, flip: str | None = None) -> Match:
    return Match(a=a, b=b, kind="duplicate", score=0.99, transform=Transform(flip=flip),
                 inliers=120, overlap_a=0.95, overlap_b=0.95)


def test_link_matches_by_hand():
    """link_matches on hand-made findings: the notice's pairs link, in either order;
    others do not."""
    [notice] = load_notices(canonical.NOTICE_FILE)
    papers = [Paper(file="mir31.pdf", pages=7, doi=canonical.MIR31_DOI,
                    title=canonical.MIR31["title"]),
              Paper(file="lifesci.pdf", pages=5, doi=LIFESCI_DOI,
                    title=canonical.LIFESCI["title"])]
    m3a = _ref("mir31.pdf", canonical.MIR31_DOI, "3", "A")
    m5e = _ref("mir31.pdf", canonical.MIR31_DOI, "5", "E")
    l2a = _ref("lifesci.pdf", LIFESCI_DOI, "2", "A")
    matches = [
        _match(m3a, l2a),
        _match(l2a, m5e, flip="horizontal"),  # the other order
        _match(m3a, m5e, flip="horizontal"),  # inside the miR-31 paper
        _match(_ref("mir31.pdf", canonical.MIR31_DOI, "4", "B"), l2a),  # not in the notice
        _match(m3a, _ref("lifesci.pdf", LIFESCI_DOI, "2", "B")),  # wrong panel
    ]
    linked, unconfirmed = link_matches(matches, [notice], papers)
    assert [bool(m.notices) for m in linked] == [True, True, True, False, False]
    for m in linked[:3]:
        assert [n.doi for n in m.notices] == [NOTICE_DOI]
        assert m.notices[0].kind == "retraction"
        assert "3A and 5E" in m.notices[0].claim
    assert sorted(c.other_doi for c in unconfirmed) == [
        "10.1002/jcp.28935", "10.1016/j.biopha.2018.11.037"]
    # Without the Life Sciences paper's DOI, the title still identifies it.
    no_doi = [Paper(file="mir31.pdf", pages=7, doi=canonical.MIR31_DOI,
                    title=canonical.MIR31["title"]),
              Paper(file="lifesci.pdf", pages=5, doi=None, title=canonical.LIFESCI["title"])]
    bare = _match(m3a, PanelRef(figure="2", panel="A", file="lifesci.pdf"))
    [relinked], _ = link_matches([bare], [notice], no_doi)
    assert [n.doi for n in relinked.notices] == [NOTICE_DOI]


REAL_NOTICES = Path(__file__).resolve().parents[2] / "shared" / "notices-real"


@pytest.mark.parametrize("command", ["scan", "compare"])
def test_every_real_notice_links_without_breaking_the_run(case, tmp_path, command):
    # Linking must hold with a real corpus of notices (137 texts, 24 publishers) loaded
    # beside the case's own: no crash, a text not read as a notice skipped with its
    # error (exit 1), the canonical findings still confirmed by their retraction and by
    # nothing else.
    if not REAL_NOTICES.is_dir():
        pytest.skip(f"{REAL_NOTICES} is not present (../shared/notices-real)")
    out, _ = case
    papers = [str(out / "mir31.pdf"), str(out / "lifesci.pdf")]
    report = tmp_path / "report.json"
    result = CliRunner().invoke(main, [command, *papers, "--notices", str(REAL_NOTICES),
                                       "--notices", str(out / "notice.txt"),
                                       "--json", str(report)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    data = json.loads(report.read_text())
    assert all(e["stage"] == "notices" and str(REAL_NOTICES) in e["error"]
               for e in data["errors"]), data["errors"]
    assert (result.exit_code == 1) == bool(data["errors"])
    cross = [m for m in data["matches"] if m["a"]["file"] != m["b"]["file"]]
    if command == "compare":
        assert len(cross) == 2
    for m in cross:
        assert {n["doi"] for n in m["notices"]} == {NOTICE_DOI}
