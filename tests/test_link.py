"""Tests of linking findings to notices and flagging retracted citations (forensics.link)."""

from __future__ import annotations

from pathlib import Path

import pytest

from forensics.link import find_retracted_citations, journals_match, link_matches
from forensics.model import (
    Article,
    Claim,
    Match,
    Notice,
    NoticeLink,
    PanelRef,
    Paper,
    Transform,
)
from forensics.notices import load_notices

FIXTURES = Path(__file__).resolve().parent / "data" / "notices"
OWN_TITLE = ("miR-31 Modulates Liver Cancer HepG2 Cell Apoptosis and Invasion via "
             "ROCK1/F-Actin Pathways")


def _match(a: PanelRef, b: PanelRef) -> Match:
    return Match(a=a, b=b, kind="duplicate", score=0.9, transform=Transform(), inliers=50,
                 overlap_a=0.9, overlap_b=0.9)


@pytest.fixture()
def canonical() -> Notice:
    [notice] = load_notices(FIXTURES / "dev" / "dove_mir31_retraction.txt")
    return notice


@pytest.fixture()
def papers() -> list[Paper]:
    return [Paper(file="zhang.pdf", pages=12, doi="10.2147/OTT.S229999", title=OWN_TITLE),
            Paper(file="xu.pdf", pages=12, doi="10.1016/j.lfs.2018.08.049")]


def test_cross_article_pair_links(canonical: Notice, papers: list[Paper]) -> None:
    m = _match(PanelRef("2", "A", file="xu.pdf"), PanelRef("5", "E", file="zhang.pdf"))
    [linked], _ = link_matches([m], [canonical], papers)
    assert len(linked.notices) == 1
    assert linked.notices[0].kind == "retraction"
    assert "Figures 3A and 5E" in linked.notices[0].claim


def test_panels_listed_together_link_within_article(canonical: Notice,
                                                    papers: list[Paper]) -> None:
    m = _match(PanelRef("3", "A", file="zhang.pdf"), PanelRef("5", "E", file="zhang.pdf"))
    [linked], _ = link_matches([m], [canonical], papers)
    assert len(linked.notices) == 1


def test_non_matching_pair_does_not_link(canonical: Notice, papers: list[Paper]) -> None:
    wrong_panel = _match(PanelRef("3", "B", file="zhang.pdf"), PanelRef("5", "E",
                                                                         file="zhang.pdf"))
    wrong_paper = _match(PanelRef("3", "A", file="zhang.pdf"),
                         PanelRef("2", "A", file="other.pdf", doi="10.1234/else"))
    linked, _ = link_matches([wrong_panel, wrong_paper], [canonical], papers)
    assert [m.notices for m in linked] == [(), ()]


def test_figure_level_claim_covers_its_panels() -> None:
    own = Article(doi="10.1234/own")
    notice = Notice(kind="expression of concern", article=own, doi="10.1234/notice",
                    claims=(Claim(panels=("2",), relation="duplicated",
                                  text="Figure 2 contains duplicated panels."),))
    papers = [Paper(file="p.pdf", pages=5, doi="10.1234/own")]
    hit = _match(PanelRef("2", "C", file="p.pdf"), PanelRef("2", "A", file="p.pdf"))
    miss = _match(PanelRef("3", "C", file="p.pdf"), PanelRef("2", "A", file="p.pdf"))
    (linked_hit, linked_miss), unconfirmed = link_matches([hit, miss], [notice], papers)
    assert linked_hit.notices == (NoticeLink(doi="10.1234/notice", kind="expression of concern",
                                             claim="Figure 2 contains duplicated panels."),)
    assert linked_miss.notices == ()
    assert unconfirmed == []


def test_unconfirmed_claims_only_for_papers_in_run(canonical: Notice,
                                                   papers: list[Paper]) -> None:
    m = _match(PanelRef("3", "A", file="zhang.pdf"), PanelRef("2", "A", file="xu.pdf"))
    _, unconfirmed = link_matches([m], [canonical], papers)
    assert [(list(u.panels), u.other_doi) for u in unconfirmed] == [
        (["5E"], "10.1016/j.biopha.2018.11.037"), (["5E"], "10.1002/jcp.28935")]
    assert all(u.status == "notice claim not reproduced" for u in unconfirmed)
    _, none = link_matches([], [canonical], [Paper(file="q.pdf", pages=3, doi="10.9999/q")])
    assert none == []


def test_retracted_citation_found_by_doi_and_by_author_year_journal(
        canonical: Notice) -> None:
    frontiers = load_notices(FIXTURES / "dev" / "frontiers_wei_retraction.txt")
    notices = [canonical, *frontiers]
    refs = [
        "23. Wei H, Wang J, Xu Z, et al. Hepatoma cell-derived extracellular vesicles. "
        "Front Cell Dev Biol. 2021;9:607001. doi:10.3389/FCELL.2021.607001",
        "24. Zhang X, Xu L, Yang T. MiR-31 and ROCK1 in HepG2 cells. "
        "OncoTargets and Therapy. 2020;13:877-888.",
        "25. Zhang X, Li Q. Unrelated work. OncoTargets and Therapy. 2019;12:1-9.",
        "26. Smith A. Something else. Cell. 2020;180:1-10. doi:10.1016/j.cell.2020.1",
    ]
    found = find_retracted_citations(refs, notices)
    assert [(f.reference[:3], f.doi, f.notice) for f in found] == [
        ("23.", "10.3389/fcell.2021.607001", "10.3389/fcell.2024.1445354"),
        ("24.", None, None),
    ]


def test_journal_abbreviations() -> None:
    assert journals_match("J Cell Physiol", "Journal of Cellular Physiology")
    assert journals_match("Front. Cell Dev. Biol.", "Frontiers in Cell and Developmental Biology")
    assert journals_match("Biomed Pharmacother", "Biomedicine & Pharmacotherapy")
    assert not journals_match("Cell", "Cell Reports")
    assert not journals_match("Life Sci", "Oncol Lett")
