"""Tests of the notice parser and importers (forensics.notices)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from forensics.errors import NoticeParseError
from forensics.notices import (
    find_figure_refs,
    load_notices,
    notice_to_json,
    parse_citation,
    parse_notice_text,
)

FIXTURES = Path(__file__).resolve().parent / "data" / "notices"
TRUTH = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))


def _panels(text: str) -> list[tuple[str, ...]]:
    return [p for _, _, p in find_figure_refs(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Figures 3A and 5E", [("3A", "5E")]),
        ("Fig. 2A–C", [("2A", "2B", "2C")]),
        ("Fig. 2A-2C", [("2A", "2B", "2C")]),
        ("Figs. 2G and 4G", [("2G", "4G")]),
        ("panels B and D of Figure 4", [("4B", "4D")]),
        ("Figure 4, panels b and d", [("4B", "4D")]),
        ("Figure 4 (panels B and D)", [("4B", "4D")]),
        ("Figure S3", [("S3",)]),
        ("Supplementary Figure 3", [("S3",)]),
        ("Supplementary Fig. 4b, c", [("S4B", "S4C")]),
        ("S3 Fig", [("S3",)]),
        ("Figures 2-4", [("2", "3", "4")]),
        ("Figure 1b, c and e", [("1B", "1C", "1E")]),
        ("Figure 3A and a plot", [("3A",)]),
        ("Figure 2B, lanes 3 and 4", [("2B",)]),
        ("Fig. 2f (SKOV3, 48 h)", [("2F",)]),
    ],
)
def test_figure_references(text: str, expected: list[tuple[str, ...]]) -> None:
    assert _panels(text) == expected


def test_canonical_mir31_notice_gives_the_three_claims() -> None:
    [notice] = load_notices(FIXTURES / "dev" / "dove_mir31_retraction.txt")
    assert notice.kind == "retraction"
    assert notice.article.first_author == "Zhang"
    assert notice.article.year == 2020
    assert notice.article.journal == "Onco Targets Ther"
    got = [(c.panels, c.other.doi if c.other else None, c.other_panels, c.other.first_author)
           for c in notice.claims]
    assert got == [
        (("3A", "5E"), "10.1016/j.lfs.2018.08.049", ("2A",), "Xu"),
        (("5E",), "10.1016/j.biopha.2018.11.037", ("3F",), "Zhang"),
        (("5E",), "10.1002/jcp.28935", ("4E",), "Lu"),
    ]
    xu = notice.claims[0].other
    assert (xu.journal, xu.year) == ("Life Sciences", 2018)
    assert notice.reasons == ("image duplication",)


def test_frontiers_notice_has_no_claim_and_data_validity() -> None:
    [notice] = load_notices(FIXTURES / "dev" / "frontiers_wei_retraction.txt")
    assert notice.doi == "10.3389/fcell.2024.1445354"
    assert notice.article.doi == "10.3389/fcell.2021.607001"
    assert notice.article.first_author == "Wei"
    assert notice.reasons == ("data validity",)
    assert notice.claims == ()


@pytest.mark.parametrize("name", sorted(k for k in TRUTH if not k.startswith("_")))
def test_every_fixture_style_parses(name: str) -> None:
    [notice] = load_notices(FIXTURES / name)
    truth = TRUTH[name]
    assert notice.kind == truth["kind"]
    assert notice.claims or not truth["claims"]


def test_unparseable_claim_is_kept_as_text() -> None:
    text = ("Retraction: A study.\n\nThe article is retracted. The lower left image of the "
            "third figure appears duplicated with another image in the article.")
    notice = parse_notice_text(text)
    [claim] = notice.claims
    assert not claim.parsed
    assert claim.panels == ()
    assert "third figure" in claim.text


def test_numbered_reference_resolves_other_article() -> None:
    text = (
        "Retraction: Something\n\nFollowing publication of this article [1], concerns were "
        "raised. Figure 3B appears to duplicate Figure 1C of [2].\n\nReferences\n"
        "1. Doe J, Roe R (2019) Something. PLoS ONE 14: e1. https://doi.org/10.1371/x.1\n"
        "2. Poe E, Moe A (2017) Other thing. Cell Rep 20: 11-20. https://doi.org/10.1016/c.2\n"
    )
    notice = parse_notice_text(text)
    assert notice.article.doi == "10.1371/x.1"
    [claim] = notice.claims
    assert (claim.panels, claim.other.doi, claim.other_panels) == (("3B",), "10.1016/c.2",
                                                                   ("1C",))
    assert claim.other.first_author == "Poe"


def test_citation_shapes() -> None:
    elsevier = parse_citation("P. Xu, G. Zhang, DUSP1 alleviates injury, Life Sci. 210 (2018) "
                              "251-262, https://doi.org/10.1016/j.lfs.2018.08.049")
    assert (elsevier.first_author, elsevier.year, elsevier.journal) == ("Xu", 2018, "Life Sci")
    mdpi = parse_citation("Ferraro, G.; Holm, S. Kaempferol ameliorates injury in mice. "
                          "Nutrients 2018, 10, 1720.")
    assert (mdpi.first_author, mdpi.year, mdpi.journal) == ("Ferraro", 2018, "Nutrients")
    plos = parse_citation("Ivanova D, Moreau C (2015) Cryptotanshinone restrains glioma "
                          "invasion. Oncol Rep 33: 2211-2218.")
    assert (plos.first_author, plos.year, plos.journal) == ("Ivanova", 2015, "Oncol Rep")


def test_notice_to_json_shape() -> None:
    [notice] = load_notices(FIXTURES / "dev" / "dove_mir31_retraction.txt")
    out = notice_to_json(notice)
    assert set(out) == {"file", "kind", "doi", "article", "reasons", "claims"}
    assert set(out["article"]) == {"doi", "title", "journal", "year", "authors"}
    first = out["claims"][0]
    assert set(first) == {"panels", "other", "other_panels", "relation", "transform", "labels",
                          "text"}
    assert first["panels"] == ["3A", "5E"]
    assert first["other"] == {"doi": "10.1016/j.lfs.2018.08.049", "first_author": "Xu",
                              "journal": "Life Sciences", "year": 2018}
    assert first["relation"] == "duplicated"
    json.dumps(out)


def test_within_article_claim_has_no_other() -> None:
    notice = parse_notice_text("Expression of Concern: X\n\nThe image in Figure 3C appears "
                               "to overlap with Figure 6B after a rotation of 90 degrees.")
    [claim] = notice.claims
    assert notice.kind == "expression of concern"
    # the claim contract: a within-article claim lists all its panels in ``panels``
    assert (claim.panels, claim.other, claim.other_panels) == (("3C", "6B"), None, ())
    assert claim.relation == "rotated"
    assert claim.transform == "rotated 90°"


def test_retraction_watch_csv(tmp_path: Path) -> None:
    header = ("Record ID,Title,Subject,Institution,Journal,Publisher,Country,Author,URLS,"
              "ArticleType,RetractionDate,RetractionDOI,RetractionPubMedID,OriginalPaperDate,"
              "OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature,Reason,Paywalled,Notes")
    rows = [
        '101,"miR-31 Modulates Liver Cancer HepG2 Cell Apoptosis",(BLS) Biology;,Uni,'
        'OncoTargets and Therapy,Dove,China,Xin Zhang;Lei Xu;Tao Yang,,Research Article;,'
        '3/2/2021 0:00,10.2147/OTT.S300000,0,1/31/2020 0:00,10.2147/OTT.S229999,0,Retraction,'
        '"+Duplication of Image;+Investigation by Journal/Publisher;",No,'
        '"Figures 3A and 5E duplicated with Figure 2A of 10.1016/j.lfs.2018.08.049"',
        '102,Other paper,(HSC) Medicine;,Uni,Life Sciences,Elsevier,India,A Kumar,,'
        'Research Article;,5/5/2022 0:00,unavailable,0,2/2/2019 0:00,10.1016/j.lfs.2019.1,0,'
        'Expression of concern,+Concerns/Issues About Data;+Paper Mill;,No,',
        '103,Third,(HSC) Medicine;,Uni,J X,Wiley,US,B Smith,,Research Article;,'
        '5/5/2022 0:00,,0,2/2/2019 0:00,10.1002/x.1,0,Reinstatement,,No,',
    ]
    path = tmp_path / "rw.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    notices = load_notices(path)
    assert len(notices) == 2
    first, second = notices
    assert first.kind == "retraction"
    assert first.doi == "10.2147/ott.s300000"
    assert first.article.doi == "10.2147/ott.s229999"
    assert first.article.year == 2020
    assert first.article.authors == ("Xin Zhang", "Lei Xu", "Tao Yang")
    assert first.reasons == ("image duplication",)
    [claim] = first.claims
    assert (claim.panels, claim.other.doi, claim.other_panels) == (
        ("3A", "5E"), "10.1016/j.lfs.2018.08.049", ("2A",))
    assert second.kind == "expression of concern"
    assert second.doi is None
    assert set(second.reasons) == {"data validity", "paper mill"}


def test_csv_without_rw_columns_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(NoticeParseError, match="Retraction Watch"):
        load_notices(path)


def test_crossref_json(tmp_path: Path) -> None:
    notice_work = {"DOI": "10.1016/j.lfs.2022.1", "title": ["Retraction notice to X"],
                   "update-to": [{"DOI": "10.1016/J.LFS.2018.2", "type": "retraction",
                                  "label": "Retraction"}]}
    article_work = {"DOI": "10.2147/OTT.S1", "title": ["miR-31 modulates"],
                    "container-title": ["OncoTargets and Therapy"],
                    "author": [{"family": "Zhang", "given": "Xin"}],
                    "issued": {"date-parts": [[2020, 1, 31]]},
                    "updated-by": [{"DOI": "10.2147/OTT.S2", "type": "retraction"}]}
    (tmp_path / "one.json").write_text(json.dumps({"message": notice_work}))
    (tmp_path / "many.json").write_text(json.dumps({"message": {"items": [article_work]}}))
    [n1] = load_notices(tmp_path / "one.json")
    assert (n1.kind, n1.doi, n1.article.doi) == ("retraction", "10.1016/j.lfs.2022.1",
                                                 "10.1016/j.lfs.2018.2")
    [n2] = load_notices(tmp_path / "many.json")
    assert n2.doi == "10.2147/ott.s2"
    assert n2.article.first_author == "Zhang"
    assert n2.article.year == 2020
    assert n2.article.journal == "OncoTargets and Therapy"
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(NoticeParseError, match="JSON"):
        load_notices(tmp_path / "bad.json")


def test_pdf_notice(tmp_path: Path) -> None:
    import pymupdf

    text = (FIXTURES / "dev" / "dove_mir31_retraction.txt").read_text(encoding="utf-8")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    rc = page.insert_textbox(pymupdf.Rect(40, 40, 555, 800), text, fontsize=7)
    assert rc >= 0, "text did not fit the page"
    path = tmp_path / "notice.pdf"
    doc.save(path)
    doc.close()
    [notice] = load_notices(path)
    assert notice.kind == "retraction"
    assert [c.panels for c in notice.claims] == [("3A", "5E"), ("5E",), ("5E",)]
    assert notice.claims[2].other.doi == "10.1002/jcp.28935"


def test_bad_inputs_raise_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(NoticeParseError, match="no such file"):
        load_notices(tmp_path / "missing.txt")
    (tmp_path / "empty.txt").write_text("  \n")
    with pytest.raises(NoticeParseError, match="empty"):
        load_notices(tmp_path / "empty.txt")
    (tmp_path / "x.docx").write_text("hi")
    with pytest.raises(NoticeParseError, match="unsupported"):
        load_notices(tmp_path / "x.docx")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(NoticeParseError, match="PDF"):
        load_notices(tmp_path / "broken.pdf")
    (tmp_path / "recipe.txt").write_text("Mix flour and water.")
    with pytest.raises(NoticeParseError, match="no retraction"):
        load_notices(tmp_path / "recipe.txt")


def test_folder_skips_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Retraction: X\n\nFigure 2B duplicates Figure 4C.")
    (tmp_path / "b.txt").write_text("")
    notices = load_notices(tmp_path)
    assert len(notices) == 1
