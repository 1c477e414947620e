"""Claim rules learned from real notices (issue 21), each on a sentence written for the
test: labels that are not panels, lists under a heading, the side a relation stated
first gives, panel groups, concerns that are not claims, notices with no kind word."""

from __future__ import annotations

import pytest

from forensics.errors import NoticeParseError
from forensics.model import Article
from forensics.notices import find_figure_refs, parse_notice_text


def _refs(text: str) -> list[tuple[str, ...]]:
    return [p for _, _, p in find_figure_refs(text)]


def _claims(text: str) -> list[tuple[tuple[str, ...], bool, tuple[str, ...]]]:
    """(panels, other article named?, other panels) of each claim."""
    notice = parse_notice_text(text)
    return [(c.panels, c.other is not None, c.other_panels) for c in notice.claims]


@pytest.mark.parametrize("text, expected", [
    ("Figure 3B, U-251MG, Vector", [("3B",)]),  # a cell line's letter and digits
    ("Figure 2E, 143B, Control", [("2E",)]),  # three digits are not a figure number
    ("Fig 4C, U-87MG cells", [("4C",)]),
    ("Fig. 6a\u2032 and Fig. 11b", [("6A'",), ("11B",)]),  # primed panel
    ("Figure 2Bii and Figure 9D2", [("2Bii",), ("9D2",)]),  # sub-panels
    ("Figs. 2G and 4G", [("2G", "4G")]),
    ("Figs 7G 7H", [("7G", "7H")]),  # panels with only a space between
    ("Fig 3A 24 h", [("3A",)]),  # a time after a panel is not one
    ("Fig 4A 6h cells", [("4A",)]),
    ("Fig. 2A-C", [("2A", "2B", "2C")]),
    # forms of the reference written for notices4, none from a real notice
    ("Fig. 2, A and C", [("2A", "2C")]),  # panels after the figure's comma
    ("Figure 7, B-D", [("7B", "7C", "7D")]),
    ("Figure 2, A representative image", [("2",)]),  # an article, not a panel
    ("Fig. 1a (right) and 1c (left)", [("1A", "1C")]),  # a position inside the list
    ("S1A Fig and S2 Fig panel B", [("S1A",), ("S2B",)]),
    ("panels 9D2 and 9E1", [("9D2", "9E1")]),
    ("Figure 3 (3A-3C)", [("3A", "3B", "3C")]),  # the figure only locates its panels
    ("Figures 3C (Control) and 3D (TGF-b1)", [("3C", "3D")]),  # labels inside the list
    ("Figure 3C (n = 3) and 12 mice", [("3C",)]),
])
def test_figure_references_leave_labels_out(text: str, expected) -> None:
    assert _refs(text) == expected


def test_label_after_the_panel_does_not_become_a_panel() -> None:
    text = ("Retraction. The image for Figure 5C, 293T, siNC, was duplicated with the image "
            "for Figure 5D, 293T, siRNA-2.")
    assert _claims(text) == [(("5C", "5D"), False, ())]


def test_list_items_under_a_relation_heading_are_one_claim_each() -> None:
    text = ("Retraction\n"
            "After publication, the following concerns were raised:\n"
            "- The following panels appear similar:\n"
            "- Fig 1A Control and Fig 2B Treated\n"
            "- Fig 3C and Fig 3D when rotated\n"
            "- In Fig 4B:\n"
            "- Left Control and Right Control\n"
            "- Upper Control and Lower Control\n"
            "The authors stated that the panels in Fig 1 and Fig 3 differ.\n")
    assert _claims(text) == [
        (("1A", "2B"), False, ()),
        (("3C", "3D"), False, ()),
        (("4B",), False, ()),  # a label list under "In Fig 4B:"
        (("4B",), False, ()),  # a second statement of its own
    ]


def test_prose_after_a_list_about_the_same_figures_adds_no_claim() -> None:
    text = ("Retraction\nThe following panels appear to overlap:\n"
            "- Fig 7C left and Fig 7D left\n"
            "In response, the authors said the overlap between Fig 7C and Fig 7D is "
            "expected.\n")
    assert _claims(text) == [(("7C", "7D"), False, ())]


def test_relation_stated_first_gives_this_article_the_first_reference() -> None:
    text = ("Retraction. Unexpected similarity was found between Figure 2A and Figure 1B "
            "in a previous publication [2].")
    [claim] = parse_notice_text(text).claims
    assert (claim.panels, claim.other_panels) == (("2A",), ("1B",))
    assert claim.other == Article()  # cited by number only: no DOI known


def test_the_articles_own_reference_number_is_not_another_article() -> None:
    text = ("This article [1] has been retracted: data in Figures 2A and 2C in [1] were "
            "duplicated.")
    assert _claims(text) == [(("2A", "2C"), False, ())]


def test_reference_mark_with_a_note() -> None:
    text = ("Retraction. There was overlap of an image in Figure 5E with Figure 3c in an "
            "article by other authors [1, now retracted].")
    [claim] = parse_notice_text(text).claims
    assert (claim.panels, claim.other is not None, claim.other_panels) == (("5E",), True,
                                                                         ("3C",))


def test_panel_groups_side_by_side_are_separate_claims() -> None:
    text = ("Retraction. There is partial overlap between the panels in Fig. 2d and f, "
            "Fig. 5e and g, and Fig. 6c and d.")
    assert _claims(text) == [(("2D", "2F"), False, ()), (("5E", "5G"), False, ()),
                             (("6C", "6D"), False, ())]


def test_a_concern_about_figures_is_not_a_claim() -> None:
    text = ("Retraction. Concerns were raised regarding results in Figs 1, 2 and 4. "
            "Figure 2A duplicates Figure 4C.")
    assert _claims(text) == [(("2A", "4C"), False, ())]


def test_duplication_without_a_figure_takes_up_the_figure_just_named() -> None:
    text = ("Retraction. Errors were detected in Fig. 6b. Some images were duplicated and "
            "presented as unique.")
    assert _claims(text) == [(("6B",), False, ())]


def test_manipulation_alone_is_not_a_duplication_claim() -> None:
    text = ("Retraction. Allegations of splicing were made for Fig. 1A and Fig. 2E. "
            "Figure 3A duplicates Figure 3B.")
    assert _claims(text) == [(("3A", "3B"), False, ())]


def test_a_mismatch_is_not_a_duplicate() -> None:
    text = ("Retraction. In Fig 1C the background of the bands does not appear to match the "
            "background of the blot. Fig 2A matches Fig 2C.")
    assert _claims(text) == [(("2A", "2C"), False, ())]


def test_a_bullet_written_as_its_glyph_name_starts_an_item() -> None:
    text = ("Retraction\nThe following bands appear similar:\n\n"
            "[white circle] Fig 3A, upper panel\n[white circle] Fig 4B and Fig 4C\n")
    assert _claims(text) == [(("3A",), False, ()), (("4B", "4C"), False, ())]


def test_repetitive_is_a_duplication_word() -> None:
    text = "Retraction. There appear to be repetitive regions within Fig S4B."
    assert _claims(text) == [(("S4B",), False, ())]


@pytest.mark.parametrize("text, kind", [
    ("Correction to: A Journal 12, 3 (2020)\nThe authors wish to retract this Article.",
     "retraction"),
    ("The authors asked for a corrigendum; the Editor has decided that the paper is being "
     "retracted.", "retraction"),
    ("Correction to: A Journal. The label of Figure 2 was wrong.", "correction"),
    ("After publication, the affiliation of the second author was incorrectly shown. It "
     "should have been given as University of X.", "correction"),
    ("Expression of concern. The journal may retract the article later.",
     "expression of concern"),
])
def test_kind_from_the_act_the_notice_states(text: str, kind: str) -> None:
    from forensics.notices import detect_kind

    assert detect_kind(text) == kind


def test_claims_without_a_kind_word_make_a_notice_of_unknown_kind() -> None:
    text = ("After this article [1] was published, concerns were raised.\n"
            "The following panels appear similar:\n- Fig 2A and Fig 3A\n")
    notice = parse_notice_text(text)
    assert notice.kind == "unknown"
    assert [c.panels for c in notice.claims] == [("2A", "3A")]
    with pytest.raises(NoticeParseError, match="no claim"):
        parse_notice_text("After this article was published, concerns were raised.")


def test_a_word_run_into_a_doi_is_not_part_of_it() -> None:
    from forensics.citations import find_dois, normalise_doi

    assert normalise_doi("https://doi.org/10.1186/s12885-018-5199-3The") == (
        "10.1186/s12885-018-5199-3")
    assert normalise_doi("10.1039/C6BM00587J") == "10.1039/c6bm00587j"
    text = "Cancer 18 (2018)https://doi.org/10.1186/s1-018-5199-3The Editor retracted it."
    [(start, end, doi)] = find_dois(text)
    assert doi == "10.1186/s1-018-5199-3" and text[end:].startswith("The Editor")


def test_a_header_doi_the_text_calls_the_above_paper_is_the_articles() -> None:
    text = ("Oncol Lett 9: 405-410, 2015; DOI: 10.1234/ol.2015.2135\n"
            "Following the publication of the above paper, the Editor found that Fig. 3A "
            "duplicates Fig. 3C, and the paper is retracted.")
    notice = parse_notice_text(text)
    assert (notice.article.doi, notice.doi) == ("10.1234/ol.2015.2135", None)


# --- issue 21, third round: rules read off the tuning half's misses --------------------


def test_a_notice_that_expresses_concern_is_an_expression_of_concern() -> None:
    from forensics.notices import detect_kind

    assert detect_kind("What happened\nThe editors found problems.\nReason for expressing "
                       "concern\nThe results may not be reliable.") == "expression of concern"
    assert detect_kind("The journal expresses its concern about the data.") == (
        "expression of concern")


def test_the_paper_a_notice_of_concern_names_is_its_article() -> None:
    long_line = "x" * 250  # an unwrapped text: a web page copied as text
    text = ("What happened after publication\n"
            "In this paper by Doe and colleagues (J Test 2025;3:e1, doi:10.1234/jt-2025-1, "
            "published 1 May 2025), the journal was alerted to irregularities in the data.\n"
            f"Reason for expressing concern\n{long_line}\n")
    notice = parse_notice_text(text)
    assert notice.kind == "expression of concern"
    assert (notice.article.doi, notice.doi) == ("10.1234/jt-2025-1", None)


def test_an_unwrapped_line_without_a_full_stop_is_a_statement_of_its_own() -> None:
    filler = "The editors looked into these matters at length with the authors. " * 4
    text = ("Retraction\n"
            "There appear to be splice lines within panels presented in Figs 6B and 6G\n"
            "There appear to be repeated regions within panels presented in Fig S4B\n"
            f"{filler}\n")
    assert _claims(text) == [(("S4B",), False, ())]


def test_a_short_line_in_wrapped_text_ends_its_paragraph() -> None:
    from forensics.notices.text import _blocks

    text = ("The editors were told that images in this article were the same as images\n"
            "printed elsewhere, and they asked the authors to explain what happened\n"
            "to them.\n"
            "Figure 2A and Figure 3B are the same image, and the article is retracted\n")
    assert [b for b, _ in _blocks(text)] == [
        "The editors were told that images in this article were the same as images "
        "printed elsewhere, and they asked the authors to explain what happened to them.",
        "Figure 2A and Figure 3B are the same image, and the article is retracted"]


def test_what_the_authors_say_after_the_claims_is_no_claim() -> None:
    text = ("Retraction. Fig 1A and Fig 2A appear similar. The corresponding author "
            "disagreed that Fig 1A and Fig 6A appear similar. Regarding Fig 3B, the "
            "authors provided the same image again.")
    assert _claims(text) == [(("1A", "2A"), False, ())]


def test_the_authors_stating_the_first_claim_is_a_claim() -> None:
    text = "Correction. The authors found that Fig 2C duplicates Fig 2A."
    assert _claims(text) == [(("2C", "2A"), False, ())]


def test_bullet_items_about_one_figure_are_a_claim_each() -> None:
    text = ("Retraction. Concerns were raised about Figs 1 and 4. Specifically,\n"
            "- The Fig 4A left and right results appear more similar than expected.\n"
            "- There appear to be repetitive patterns in the Fig 4A results.\n")
    assert _claims(text) == [(("4A",), False, ()), (("4A",), False, ())]


def test_a_link_cut_from_the_text_ends_its_sentence() -> None:
    text = ("Retraction. The Figure 6 control panel seems to appear as the Figure 7F panel "
            "from Doe et al. 2020 ( The authors were contacted and provided the same image "
            "for Figure 6 as shown in the figure.")
    assert _claims(text) == [(("6",), True, ("7F",))]


@pytest.mark.parametrize("sentence", [
    "A blot was found for Fig. 2E, but no definitive conclusion on any band duplication "
    "could be made.",
    "The data for Fig. 3 could not be provided, so the experiments were repeated.",
    "In Fig. 3C, lanes were rearranged to match the order of the other blots.",
])
def test_relation_words_that_state_no_relation(sentence: str) -> None:
    assert _claims("Retraction. " + sentence) == []


def test_figures_cited_with_the_articles_own_citation_are_within_it() -> None:
    text = ("The journal was told of potential duplication of data in Fig. 3 and Fig. S3 of "
            "Test Journal (2014) 141, 24-28 (doi:10.1234/tj.106492). The journal decided "
            "to publish a Correction.")
    notice = parse_notice_text(text)
    assert [(c.panels, c.other, c.other_panels) for c in notice.claims] == [
        (("3", "S3"), None, ())]
    assert (notice.article.doi, notice.doi) == ("10.1234/tj.106492", None)


def test_a_between_waits_for_its_and() -> None:
    text = ("Retraction. Similarity was found between the cells in Figures 2(a) and 2(e), "
            "and Figures 1(a) and 1(e) in a previous publication [1].")
    assert _claims(text) == [(("2A", "2E"), True, ("1A", "1E"))]


def test_two_between_pairs_joined_by_a_plain_and_are_two_claims() -> None:
    text = ("Retraction. Concerns were raised about image re-use between Fig. 4D and 5D and "
            "the partial overlap between Fig. 6A and Supplementary Fig. 4A.")
    assert _claims(text) == [(("4D", "5D"), False, ()), (("6A", "S4A"), False, ())]


def test_a_second_pair_under_one_between_and_the_same_paper_cited_again() -> None:
    text = ("Expression of concern. Similarities exist between the cells of Figure 6D "
            "(rotated 90 degrees) and Figure 5D from Doe et al. 2015 (10.1234/x.2015.30), "
            "and the blots from Figure 5B and those from Figure 6C of the same paper (Doe et "
            "al. 2015).")
    claims = parse_notice_text(text).claims
    assert [(c.panels, c.other.doi if c.other else None, c.other_panels, c.relation)
            for c in claims] == [
        (("6D",), "10.1234/x.2015.30", ("5D",), "rotated"),
        (("5B",), "10.1234/x.2015.30", ("6C",), "duplicated"),
    ]


def test_this_articles_side_then_the_other_articles_is_one_pair() -> None:
    text = ("Retraction. Images appear to be the same between Fig. 2C, 2D and 4D in this "
            "article, and Fig. 2 and 3 in an article published earlier by other authors "
            "([1], now retracted).")
    assert _claims(text) == [(("2C", "2D", "4D"), True, ("2", "3"))]


@pytest.mark.parametrize("text, expected", [
    ("Figures 4C(e) and 5(a)", [("4Ce", "5A")]),  # a sub-panel in brackets
    ("Fig. 3B(ii) and 3B(iv)", [("3Bii", "3Biv")]),
    ("Figure 2(a-c)", [("2A", "2B", "2C")]),  # brackets after a number are panels
])
def test_sub_panels_in_brackets(text: str, expected) -> None:
    assert _refs(text) == expected


def test_both_sides_of_between_in_one_reference_list() -> None:
    text = ("Retraction. Similarities were found between the graph shown in Figures 4C(e) "
            "and 5(a) of [1].")
    assert _claims(text) == [(("4Ce",), True, ("5A",))]


def test_a_statement_announcing_details_adds_no_claim_of_its_own() -> None:
    text = ("Retraction. Concerns were raised about duplication in Figure 4A. Specifically, "
            "the Figure 4A left panel appears to be duplicated with the Figure 4A middle "
            "panel. The Figure 4A right panel appears to be duplicated with the Figure 4A "
            "lower panel.")
    assert _claims(text) == [(("4A",), False, ()), (("4A",), False, ())]


def test_an_announced_figure_no_detail_names_stays_a_claim() -> None:
    text = ("Retraction. Duplication was found in Figures 2 and 3. Specifically, Figure 2A "
            "duplicates Figure 2C.")
    assert _claims(text) == [(("3",), False, ()), (("2A", "2C"), False, ())]


def test_these_figures_are_the_figures_just_named() -> None:
    filler = "The editors asked the authors for the original data of every figure. " * 4
    text = ("Retraction\nThe authors asked to correct images in Supplemental Figures 3, 4 "
            "and 5. Images within these figures appeared to be duplicated and further "
            "duplication was found within Figures 3 and 4. Specifically,\n"
            "Figure 3B appears to be duplicated with Figure 3C.\n"
            "Figure S3C appears to be duplicated with Figure S3D.\n"
            "Figure S4E appears to be duplicated with Figure S4F.\n"
            "Figure 4A appears to be duplicated with Figure 4B.\n"
            f"{filler}\n")
    assert _claims(text) == [(("S5",), False, ()), (("3B", "3C"), False, ()),
                             (("S3C", "S3D"), False, ()), (("S4E", "S4F"), False, ()),
                             (("4A", "4B"), False, ())]


def test_the_same_feature_in_both_panels_is_a_duplication() -> None:
    text = ("Retraction. Specifically,\n\n- Figure 2b, it appears the same feature of "
            "staining appears in both panels for the 12 and 48 h groups.\n")
    assert _claims(text) == [(("2B",), False, ())]


def test_a_list_item_saying_something_else_is_not_a_member_of_the_list() -> None:
    text = ("Retraction\nThe following panels appear to overlap:\n- In Fig 2A:\n"
            "- Left Control and Right Control\n"
            "- In Fig 5A, the upper panels do not appear to match the lower panels.\n"
            "- For Fig 5C:\n"
            "- The raw data for the 0h panel show artifacts that are not pres")  # cut off
    assert _claims(text) == [(("2A",), False, ())]


def test_panels_of_several_figures_named_again_are_one_claim() -> None:
    text = ("Retraction. A reader noted band duplication in Fig. 3B, Fig. 4A,B and Fig. 5B.\n\n"
            "The committee found that mirrored duplication was present in Fig. 3B, Fig. 4A,B "
            "and Fig. 5B.\n\nThe Fig. 2A left panel is the same as the right panel. The Fig. "
            "2A upper panel is the same as the lower panel.")
    assert _claims(text) == [(("3B", "4A", "4B", "5B"), False, ()), (("2A",), False, ()),
                             (("2A",), False, ())]


def test_respectively_pairs_the_panels_in_order() -> None:
    text = ("Retraction. The images in Fig. 2B and Fig. 2D, respectively, are identical to "
            "those in Fig. 4A and Fig. 4C. The blots in Figure 3A and Figure 5B were "
            "previously published in Figure 1C and Figure 2D respectively of Doe J. A "
            "title. Test J. 2016;35:1-9. https://doi.org/10.1234/tj.2016.1.")
    claims = parse_notice_text(text).claims
    assert [(c.panels, c.other.doi if c.other else None, c.other_panels) for c in claims] == [
        (("2B", "4A"), None, ()), (("2D", "4C"), None, ()),
        (("3A",), "10.1234/tj.2016.1", ("1C",)), (("5B",), "10.1234/tj.2016.1", ("2D",))]


def test_the_article_compared_with_is_not_the_notices_article() -> None:
    text = ("This article has been retracted.\n\nThe editors noted a substantial overlap of "
            "figures and text between this Test Journal article and J. Doe, K. Roe. A title. "
            "Biochemistry, 43 (2004) 44-48, doi:10.1234/bi04976.\n")
    assert parse_notice_text(text).article.doi is None


def test_wrapped_text_a_line_closing_its_statement_before_a_sentence_opener() -> None:
    from forensics.notices.text import _blocks

    text = ("The reader noted that there appear to be splice lines within the panels\n"
            "presented in Figs 6B and 6G of the article as it was published online\n"
            "There appear to be repeated regions within the panels of Fig S4B and the\n"
            "editors were told that the authors had no original data for this figure.\n")
    assert [b for b, _ in _blocks(text)] == [
        "The reader noted that there appear to be splice lines within the panels presented "
        "in Figs 6B and 6G of the article as it was published online",
        "There appear to be repeated regions within the panels of Fig S4B and the editors "
        "were told that the authors had no original data for this figure."]


def test_wrapped_text_a_doi_cut_at_the_line_end_goes_on() -> None:
    from forensics.notices.text import _blocks

    text = ("Figure 2C appears to have been duplicated with Figure 5B from Doe et al,\n"
            "2020 (https://doi.org/10.1016/j.prp.2020.\n"
            "152903) and the article is therefore retracted by the journal's editors.\n")
    [(block, _)] = _blocks(text)
    assert "https://doi.org/10.1016/j.prp.2020.152903)" in block


def test_a_heading_is_only_the_last_sentence_of_its_paragraph() -> None:
    text = ("Expression of concern. A reader noted that the 'control' and 'treated' panels of "
            "Fig. 6 contained an overlapping section of data. [Test Journal 48: 2310-2320, "
            "2016; DOI:\n10.1234/tj.2016.3445].")
    notice = parse_notice_text(text)
    assert [c.panels for c in notice.claims] == [("6",)]


def test_wrapped_list_items_go_on_over_their_lines() -> None:
    from forensics.notices.text import _blocks

    text = ("After this article was published, the following\n"
            "concerns were raised about the figures of it:\n"
            "  \u2022 The following panels appear to partially\n"
            "overlap:\n"
            "    \u2022 Fig 7C Control+Veh and Fig 7C\n"
            "Control+L-NAME\n"
            "    \u2022 Fig 10A CHC+Veh and Fig 10B CHC+Veh\n"
            "In response to these concerns the first author\n"
            "stated that the panels are from other regions.\n")
    assert [b for b, _ in _blocks(text)] == [
        "After this article was published, the following concerns were raised about the "
        "figures of it:",
        "The following panels appear to partially overlap:",
        "Fig 7C Control+Veh and Fig 7C Control+L-NAME",
        "Fig 10A CHC+Veh and Fig 10B CHC+Veh",
        "In response to these concerns the first author stated that the panels are from "
        "other regions."]


def test_a_text_calling_itself_a_notice_and_raising_concerns_is_one_of_concern() -> None:
    from forensics.notices import detect_kind

    text = ("Editor's note\nReaders raised concerns about the data of this trial. The journal "
            "will investigate and update this notice.")
    assert detect_kind(text) == "expression of concern"
    assert detect_kind("This notice concerns the author list of the article.") is None
