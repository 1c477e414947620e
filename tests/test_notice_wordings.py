"""Notices written for the test in wordings the parser was not built on (issue 21,
notices4): other verbs, orders and list styles, labels between figure and verb,
"respectively", primes and sub-numbers, a reference list with no heading, a notice cut
off mid-sentence. Each is read as written and as a PDF column of two widths would give
its text layer (lines wrapped, a DOI cut between two characters), and must give the
claims a reader finds, by the general rules (none of these texts is quoted in the
parser)."""

from __future__ import annotations

from collections import Counter

import pytest

from forensics.fixtures.columns import through_pdf_column
from forensics.notices import parse_notice_text

#: name -> (text, [(panels, other DOI, other panels), ...])
WRITTEN: dict[str, tuple[str, list[tuple[tuple[str, ...], str | None, tuple[str, ...]]]]] = {
    'list_semicolons': (
        'Retraction Note\n'
        'The Editors have retracted this article. Image overlap was identified '
        'between the following panels:\n'
        '(1) Figure 3B and Figure 3E;\n'
        '(2) Figure 4A (upper row) and Figure 7C (lower row);\n'
        '(3) Supplementary Figure S2D and Figure 5F.\n'
        'The authors did not respond to correspondence about this retraction.',
        [(('3B', '3E'), None, ()), (('4A', '7C'), None, ()), (('S2D', '5F'), None, ())]),
    'bullets_labels_rotated': (
        'Expression of Concern\n'
        'Readers have raised questions about several figures. Specifically, the '
        'following panels appear to contain overlapping areas:\n'
        '• Fig 2A siCtrl 24 h and Fig 2C siATF4 48 h\n'
        '• Fig 5B Tubulin and Fig 6D Tubulin, when one of them is rotated 90°\n'
        '• Fig 8E and Fig 8G\n'
        'The journal is investigating these concerns.',
        [(('2A', '2C'), None, ()), (('5B', '6D'), None, ()), (('8E', '8G'), None, ())]),
    'is_a_duplicate_of_rows': (
        'Retraction\n'
        'Following publication, the editors were alerted that the 6 h Tubulin panel '
        'for siCtrl cells in Fig 2A is a duplicate of the Tubulin panel for siATF4 '
        'cells in Fig 2C. In addition, the colony image labelled Vector in Figure 4D '
        'was reused as the miR-21 mimic image in Figure 4F. The article is retracted.',
        [(('2A', '2C'), None, ()), (('4D', '4F'), None, ())]),
    'respectively_other_article': (
        'Retraction\n'
        'This article has been retracted at the request of the Editor-in-Chief. '
        'Figures 1B and 2C appear to have been reused as Figures 3A and 4E of an '
        'earlier article by Smith et al. (Oncol Rep 2015; doi:10.3892/or.2015.1234), '
        'respectively.',
        [(('1B',), '10.3892/or.2015.1234', ('3A',)), (('2C',), '10.3892/or.2015.1234', ('4E',))]),
    'letter_list_across_figures': (
        'Correction\n'
        'The authors noticed that the loading controls in Figs. 3D, 5C and F were '
        'the same blot, and that panels B and D of Figure 6 show the same field of '
        'view.',
        [(('3D', '5C', '5F'), None, ()), (('6B', '6D'), None, ())]),
    'gapped_pairs': (
        'Retraction\n'
        'Concerns were raised about this article after publication. Figure 1C '
        'overlaps with Figure 1D, and Figure 5A with Figure 6B. The authors agreed '
        'to the retraction.',
        [(('1C', '1D'), None, ()), (('5A', '6B'), None, ())]),
    'flipped_stretched_supp': (
        'Expression of Concern\n'
        "It has come to the journal's attention that Supplementary Figure S2B "
        'appears to duplicate Figure 5A after being stretched vertically, and that '
        'the wound-healing image in Figure 7B (0 h) resembles the image in Figure 7D '
        '(0 h) flipped horizontally.',
        [(('S2B', '5A'), None, ()), (('7B', '7D'), None, ())]),
    'sub_panels': (
        'Retraction\n'
        'After publication it was found that panels 9D2 and 9E1 are the same image, '
        "and that Fig. 3B(a) overlaps with Fig. 3B(c). Furthermore, Fig. 6b' and "
        "Fig. 6d' share a region.",
        [(('9D2', '9E1'), None, ()), (('3Ba', '3Bc'), None, ()), (("6B'", "6D'"), None, ())]),
    'pdf_column_breaks': (
        'Retraction Notice\n'
        'The editors retract this\n'
        'article. After publication,\n'
        'questions were raised\n'
        'regarding the Western\n'
        'blots in Fig. 2. The GAPDH\n'
        'band in Fig. 2A matches the\n'
        'GAPDH band in Fig. 2D, and\n'
        'the p-ERK blot in Fig. 3B\n'
        'matches the ERK blot in\n'
        'Fig. 5C. The authors could\n'
        'not provide the raw data.',
        [(('2A', '2D'), None, ()), (('3B', '5C'), None, ())]),
    'previously_published_ref': (
        'Retraction\n'
        'The Western blot of p-AKT shown in Fig. 7 was previously published as '
        'Figure 2 in [1], a study by different authors.\n'
        '[1] Lee K, Park J. Title of an unrelated paper. J Cell Biochem. '
        '2016;117:100-110. doi:10.1002/jcb.25001',
        [(('7',), '10.1002/jcb.25001', ('2',))]),
    'negative_table': (
        'Retraction\n'
        'This article has been retracted at the request of the authors because the '
        'patient data summarised in Table 2 and shown in Figure 3 could not be '
        'verified by the institution. All authors agree with this retraction.',
        []),
    'negative_correction_labels': (
        'Correction\n'
        'In the original version of this article, the labels of Figure 4 were wrong: '
        "the y-axis of Figure 4B should have read 'Relative expression'. The "
        'corrected Figure 4 is given below.',
        []),
    'identical_colon': (
        'Retraction\n'
        'The Editor was alerted to concerns about the images in this article. Two '
        'pairs of images were found to be identical: the invasion images of Figure '
        '4B (HCT116, shNC) and Figure 4F (SW480, shNC), and the migration images of '
        'Figure 5A (HCT116, control) and Figure 5E (SW480, miR-155).',
        [(('4B', '4F'), None, ()), (('5A', '5E'), None, ())]),
    'same_as_cross_doi': (
        'Retraction\n'
        'The flow cytometry plots in Figure 3C of this article are the same as those '
        'in Figure 6A of a paper published by other authors '
        '(https://doi.org/10.1016/j.biopha.2017.05.011). The article is retracted.',
        [(('3C',), '10.1016/j.biopha.2017.05.011', ('6A',))]),
    'lanes_not_panels': (
        'Retraction Note\n'
        'The Editors have retracted this article because of concerns regarding some '
        'of the figures. Specifically: in Fig. 2a, lanes 1-3 of the p53 blot appear '
        'to be duplicated in Fig. 4c, lanes 4-6 of the p21 blot. The Ki-67 '
        'immunostaining images in Fig. 3e (control) and Fig. 5b (shRNA) are '
        'identical.',
        [(('2A', '4C'), None, ()), (('3E', '5B'), None, ())]),
    'hindawi_roman_list': (
        'Retraction\n'
        'This article has been retracted by Hindawi following an investigation. The '
        'concerns include:\n'
        '(i) Similarities between the Western blot bands in Figure 2(b) and Figure '
        '4(c).\n'
        '(ii) Duplicated flow cytometry plots in Figures 5(a) and 5(d).\n'
        '(iii) Overlap between the TUNEL images in Figure 6(a), when rotated by 180 '
        'degrees, and Figure 6(c).',
        [(('2B', '4C'), None, ()), (('5A', '5D'), None, ()), (('6A', '6C'), None, ())]),
    'respectively_within': (
        'Correction\n'
        'The authors regret that the images in Figures 2B and 2D are identical to '
        'the images in Figures 5A and 5C, respectively. The corrected figures are '
        'provided.',
        [(('2B', '5A'), None, ()), (('2D', '5C'), None, ())]),
    'panels_after_figure': (
        'Expression of Concern\n'
        'In Figure 4, panels C and E appear identical, and in Figure 7 panel B '
        'appears to be a mirror image of panel D. The editors are awaiting the '
        'original data.',
        [(('4C', '4E'), None, ()), (('7B', '7D'), None, ())]),
    'dove_group_labels': (
        'Retraction\n'
        'The Editor and Publisher wish to retract the article. Figure 5A, Transwell '
        "invasion assay, 'si-NC' group, appears to have been duplicated in Figure "
        "6B, 'mimic' group, from Li et al 2019 (https://doi.org/10.2147/OTT.S200001).",
        [(('5A',), '10.2147/OTT.S200001', ('6B',))]),
    'cut_off': (
        'Retraction\n'
        'This article has been retracted. Figure 2C and Figure 3D appear to overlap, '
        'and Figure 4B was reused in Figure',
        [(('2C', '3D'), None, ()), (('4B',), None, ())]),
    'header_citation': (
        'Oncology Letters 12: 345-350, 2016\n'
        'RETRACTED: Title of the article that is retracted here\n'
        'This article has been retracted at the request of the Editor. The western '
        'blot data in Figure 3A (Bcl-2) were found to have been duplicated in Figure '
        '5B (Bax).',
        [(('3A', '5B'), None, ())]),
    'ranges_in_list': (
        'Retraction\n'
        'Concerns were raised that Figs 2a-c and 3d-f contain the same images. The '
        'authors could not supply the raw data.',
        [(('2A', '2B', '2C', '3D', '3E', '3F'), None, ())]),
    'colon_figure_labels': (
        'Expression of Concern\n'
        "Figure 1D and Figure 6E: the images representing 'Sham' and 'MCAO' appear "
        "to overlap. Figure 7a: the image for 'TGF-b' duplicates the image for "
        "'TGF-b + inhibitor' in Figure 7b (flipped vertically).",
        [(('1D', '6E'), None, ()), (('7A', '7B'), None, ())]),
    'semicolon_pairs_after_colon': (
        'Retraction\n'
        'The following figure panels appear to be duplicated: Figure 3B (upper left) '
        'and Figure 3D (lower right); Figure 5A and Figure S4C; and Figure 6B and '
        'Figure 6F. The authors were unable to provide the original data.',
        [(('3B', '3D'), None, ()), (('5A', 'S4C'), None, ()), (('6B', '6F'), None, ())]),
    'cross_respectively_ref': (
        'Retraction\n'
        'Fig. 1A and Fig. 1B appear similar to Fig. 3A and Fig. 3B of [2], '
        'respectively.\n'
        'References\n'
        '1. Own A, et al. This article. J Biol Chem. 2018;293:1-10. '
        'doi:10.1074/jbc.RA118.000001\n'
        '2. Other B, et al. Another article. Oncotarget. 2016;7:100-110. '
        'doi:10.18632/oncotarget.9999',
        [
            (('1A',), '10.18632/oncotarget.9999', ('3A',)),
            (('1B',), '10.18632/oncotarget.9999', ('3B',)),
        ]),
    'other_article_no_doi': (
        'Retraction\n'
        'Following the publication of this article, a concerned reader drew to the '
        "Editor's attention that the beta-actin bands in Fig. 3B appeared to be the "
        'same as those shown in Fig. 5A of an article by different authors published '
        'in another journal. The Editor has decided to retract the article.',
        [(('3B',), None, ('5A',))]),
    'same_original_source': (
        'Retraction\n'
        "It was drawn to the Editor's attention that the cell migration data shown "
        'in Figs. 2C and 4B had apparently been derived from the same original '
        'source, although they were intended to show different experiments.',
        [(('2C', '4B'), None, ())]),
    'mdpi_whole_figures_labels': (
        'Retraction\n'
        'The Editorial Office was made aware of possible duplications in Figures 3 '
        'and 5. Following an investigation, the image of Figure 3 (the 24 h group) '
        'was found to overlap with the image of Figure 5 (the 48 h group). This '
        'article is retracted.',
        [(('3', '5'), None, ())]),
    'hindawi_two_refs': (
        'Retraction\n'
        'The article has been retracted because of concerns about the figures. The '
        'GAPDH blots in Figure 6 appear similar to the GAPDH blots in Figure 2 of '
        '[12], and the beta-actin blot in Figure 7 appears to have been duplicated '
        'in Figure 4 of [13].\n'
        'References\n'
        '[12] Wang Y, et al. A first paper. Oncol Lett. 2017;14:1-8. '
        'doi:10.3892/ol.2017.6001\n'
        '[13] Zhao L, et al. A second paper. Biomed Pharmacother. 2018;99:10-18. '
        'doi:10.1016/j.biopha.2018.01.002',
        [
            (('6',), '10.3892/ol.2017.6001', ('2',)),
            (('7',), '10.1016/j.biopha.2018.01.002', ('4',)),
        ]),
    'respectively_three_to_ref': (
        'Retraction\n'
        'Figs. 3D, 5C and F appear identical to Figs. 2A, 4B and 4C of a previously '
        'published article [1], respectively.\n'
        'References\n'
        '1. Kim S, et al. Earlier work. Mol Med Rep. 2015;12:200-210. '
        'doi:10.3892/mmr.2015.3001',
        [
            (('3D',), '10.3892/mmr.2015.3001', ('2A',)),
            (('5C',), '10.3892/mmr.2015.3001', ('4B',)),
            (('5F',), '10.3892/mmr.2015.3001', ('4C',)),
        ]),
    'panels_no_figure_number': (
        'Expression of Concern\n'
        'Concerns have been raised about Figure 5. In this figure, the image in '
        'panel C is the same as the image in panel E. Concerns were also raised '
        'about Figure 6. Two of the images in this figure appear to overlap.',
        [(('5C', '5E'), None, ()), (('6',), None, ())]),
    'springer_colon_item': (
        'Retraction Note\n'
        'The Editors have retracted this article after concerns were raised about '
        'the following:\n'
        'Fig. 3a: the shCtrl and shKLF4 panels of the colony formation assay appear '
        'to overlap.\n'
        'Fig. 6c and Fig. 6e: the tumour images are identical.\n'
        'The authors disagree with this retraction.',
        [(('3A',), None, ()), (('6C', '6E'), None, ())]),
    'elsevier_concerns_then_detail': (
        'Retraction notice\n'
        'This article has been retracted at the request of the Editor-in-Chief. '
        'Concerns were raised about the images in Figures 2 and 4. The journal found '
        'that Figure 2D had been duplicated as Figure 4B, with the image stretched '
        'horizontally.',
        [(('2D', '4B'), None, ())]),
    'two_claims_one_sentence_between': (
        'Expression of Concern\n'
        'The journal has been alerted to duplications between Fig 1B and Fig 3A, and '
        "between Fig 2C and Fig 4D. We await the institution's investigation.",
        [(('1B', '3A'), None, ()), (('2C', '4D'), None, ())]),
    'appear_in_doi_url': (
        'Retraction\n'
        'The image in Figure 4C (Model group) also appears in Figure 3F of Liu et '
        'al., 2019 (https://doi.org/10.1155/2019/1234567), where it represents a '
        'different treatment.',
        [(('4C',), '10.1155/2019/1234567', ('3F',))]),
    'negative_authorship': (
        'Retraction\n'
        'This article has been retracted at the request of the corresponding author, '
        'because two of the listed authors did not agree to the submission. The '
        'figures and data are not in question.',
        []),
    'negative_eoc_data': (
        'Expression of Concern\n'
        'The Editors are issuing this Expression of Concern because the raw data '
        'underlying Figure 2 and Table 1 could not be provided. Figure 2 reports the '
        'survival analysis.',
        []),
    'author_and_number_one_citation': (
        'Retraction\n'
        'Figures 4B and 6C have been identified as duplicates of Figures 1E and 3D '
        'in Chen et al. [2]. Figure 5A is also identical to Figure 2C of Chen et al. '
        '[2].\n'
        'References\n'
        '1. Own A, et al. This article. Oncotarget. 2019;10:1-9.\n'
        '2. Chen X, Li Y. Another article. Cell Death Dis. 2017;8:e3000. '
        'doi:10.1038/cddis.2017.300',
        [
            (('4B', '6C'), '10.1038/cddis.2017.300', ('1E', '3D')),
            (('5A',), '10.1038/cddis.2017.300', ('2C',)),
        ]),
    'summary_then_where_pairs': (
        'Retraction\n'
        'The Editors have retracted this article. After publication, concerns were '
        'raised regarding image duplications in Figs. 1b, 1d, 3a and 3c, where '
        'images appear to have been duplicated between the panels of Fig. 1b and '
        'Fig. 1d and between the panels of Fig. 3a and Fig. 3c.',
        [(('1B', '1D'), None, ()), (('3A', '3C'), None, ())]),
    'semicolon_lanes': (
        'Retraction\n'
        'The immunoblots of Figure 6A (upper panel) overlap with the immunoblots of '
        'Figure 7A (lower panel); Figure 6C, lanes 1 and 2, are identical to Figure '
        '7C, lanes 3 and 4.',
        [(('6A', '7A'), None, ()), (('6C', '7C'), None, ())]),
    'figure_locating_its_panels': (
        'Retraction\n'
        'Several panels of Figure 3 (3A-3C) appear to have been duplicated in Figure '
        '4 (4D-4F).',
        [(('3A', '3B', '3C', '4D', '4E', '4F'), None, ())]),
    'quoted_panels_in_figure': (
        'Retraction\n'
        'Following the publication of the above article, an interested reader drew '
        "to the authors' attention that, in Fig. 4A on p. 1234, the 'NC' and 'miR-21 "
        "inhibitor' data panels for the HepG2 cell line appeared to contain "
        'overlapping sections, such that they may have been derived from the same '
        'original source. Moreover, the western blot data shown in Fig. 5B were '
        'strikingly similar to data that had already been published in a different '
        'form in another article by different authors [Zhang et al, Oncol Rep 35: '
        '1234-1240, 2016].',
        [(('4A',), None, ()), (('5B',), None, ())]),
    'other_verbs': (
        'Retraction\n'
        'The image in Figure 2G is indistinguishable from the image in Figure 4C. '
        'The Figure 3B Tubulin blot is a copy of the Figure 3D Tubulin blot. The '
        'colony images of Figure 5E coincide with those of Figure 5F. The flow '
        'cytometry data in Figure 7b has been recycled in Figure 8c.',
        [
            (('2G', '4C'), None, ()),
            (('3B', '3D'), None, ()),
            (('5E', '5F'), None, ()),
            (('7B', '8C'), None, ()),
        ]),
    'where_clauses_after_concern': (
        'Expression of Concern\n'
        'Questions have been raised about the following figures: Figure 1C, where '
        'the beta-actin lanes appear duplicated; and Figure 4E, where the control '
        'and treated images overlap.',
        [(('1C',), None, ()), (('4E',), None, ())]),
    'same_loading_control': (
        'Retraction\n'
        'The same GAPDH loading control was used for Figures 2A, 3B and 4C, although '
        'they represent different experiments.',
        [(('2A', '3B', '4C'), None, ())]),
    'citation_with_semicolon_in_brackets': (
        'Retraction\n'
        'Figure 2C of this article was previously published as Figure 1D in Cancer '
        'Letters (Ma et al., 2016, 380: 1-9; doi: 10.1016/j.canlet.2016.06.001), and '
        'Figure 4 of this article was previously published in Oncology Reports (doi: '
        '10.3892/or.2015.4000).',
        [
            (('2C',), '10.1016/j.canlet.2016.06.001', ('1D',)),
            (('4',), '10.3892/or.2015.4000', ()),
        ]),
    'groups_each_with_its_subject': (
        'Retraction\n'
        'The Editors retract this article following an investigation. The invasion '
        'images in Figures 2C and 3F, the migration images in Figures 4A and 4D and '
        'the tumour images in Figures 6B and 6E appear to have been duplicated.',
        [(('2C', '3F'), None, ()), (('4A', '4D'), None, ()), (('6B', '6E'), None, ())]),
    'as_do_those': (
        'Retraction\n'
        'This article has been retracted because the images in Fig. 2a (upper left) '
        'and Fig. 2b (lower right) overlap, as do those in Fig. 5c and Fig. 5d, and '
        'those in Fig. 7e and Fig. 8f.',
        [(('2A', '2B'), None, ()), (('5C', '5D'), None, ()), (('7E', '8F'), None, ())]),
    'plos_lines_after_concern': (
        'Retraction\n'
        'After publication, concerns were raised about Figures 2, 3 and 5.\n'
        'In Fig 2A, the GAPDH panel appears similar to the beta-actin panel in Fig '
        '4B.\n'
        'In Fig 3, panels C and D appear to overlap.\n'
        'Fig 5E PCNA and Fig 6A Ki67 appear similar when the contrast is adjusted.\n'
        'In S2 Fig, the 0 h and 24 h images for shNC appear to be the same.\n'
        'The authors did not respond.',
        [
            (('2A', '4B'), None, ()),
            (('3C', '3D'), None, ()),
            (('5E', '6A'), None, ()),
            (('S2',), None, ()),
        ]),
    'colon_lists_the_pairs': (
        'Expression of Concern\n'
        'Figures 1, 3 and 4 of this article contain duplicated images: Figure 1B and '
        'Figure 3D, and Figure 4A and Figure 4F.',
        [(('1B', '3D'), None, ()), (('4A', '4F'), None, ())]),
    'rows_before_the_figure': (
        'Retraction\n'
        'The 2 h Actin panel for Control cells in Fig 1A is a duplicate of the first '
        'three lanes of the Actin panel for siRNA cells in Fig 6A. The 4 h p53 panel '
        'in Fig 1B appears similar to the 8 h p53 panel in Fig 1B when flipped '
        'horizontally.',
        [(('1A', '6A'), None, ()), (('1B',), None, ())]),
    'numbered_issues': (
        'Retraction\n'
        'The Editors retract this article because of the following issues:\n'
        '1. The bands in lanes 2 and 3 of the Fig 2A Bcl-xL blot appear similar.\n'
        '2. The Fig 3C and Fig 4C Actin blots appear to be the same image.\n'
        '3. Fig 5B: the upper and lower panels appear to overlap.',
        [(('2A',), None, ()), (('3C', '4C'), None, ()), (('5B',), None, ())]),
    'hyphenated_noun_after_same': (
        'Retraction\n'
        'Following publication, it was noted that Fig. 3b’ and Fig. 3d’ are '
        'identical, and that Figs. 5c, 5d, 6a and 6b contain the same β-actin blot.',
        [(("3B'", "3D'"), None, ()), (('5C', '5D', '6A', '6B'), None, ())]),
    'heading_naming_the_figures': (
        'Retraction\n'
        'Figures 2C, 2D, 3A and 3B: the control panels in Figure 2C and Figure 3A '
        'are identical, and the treatment panels in Figure 2D and Figure 3B are '
        'identical.',
        [(('2C', '3A'), None, ()), (('2D', '3B'), None, ())]),
    'same_article_then_new_relation': (
        'Expression of Concern\n'
        'The image for Model in Figure 5D appears to be the same as the image for '
        'Model + Drug in Figure 5E of the same article, and the image for Sham in '
        'Figure 6D appears to overlap with the Drug image in Figure 6E.',
        [(('5D', '5E'), None, ()), (('6D', '6E'), None, ())]),
    'taken_twice_shared': (
        'Retraction\n'
        'Figure 3 of this article was taken from Figure 2 of an earlier article [1]. '
        'The Bax blot was used twice, in Figure 4A and Figure 5B. Part of Figure 6C '
        'is shared with Figure 7D.\n'
        'References\n'
        '1. Li Q, et al. Earlier. J Cell Physiol. 2015;230:1-9. doi:10.1002/jcp.24900',
        [
            (('3',), '10.1002/jcp.24900', ('2',)),
            (('4A', '5B'), None, ()),
            (('6C', '7D'), None, ()),
        ]),
    'respectively_two_articles': (
        'Retraction\n'
        'The images in Figure 1C and Figure 2D appear in Figure 3 of Wang et al. '
        '(doi: 10.3892/ol.2016.4100) and in Figure 4 of Zhou et al. (doi: '
        '10.1016/j.biopha.2016.02.011), respectively.',
        [
            (('1C',), '10.3892/ol.2016.4100', ('3',)),
            (('2D',), '10.1016/j.biopha.2016.02.011', ('4',)),
        ]),
    'respectively_within_three': (
        'Retraction\n'
        'Figs 2A, 3B and 4C are identical to Figs 5A, 5B and 5C, respectively.',
        [(('2A', '5A'), None, ()), (('3B', '5B'), None, ()), (('4C', '5C'), None, ())]),
    'adverb_before_same': (
        'Correction\n'
        'In Figure 4, the images for the 24 h and 48 h groups were inadvertently the '
        'same. The authors provide the correct Figure 4 below.',
        [(('4',), None, ())]),
    'hyphenated_at_line_ends': (
        'Retraction\n'
        'After publication, the editors found that the images in Fig. 2A and Fig. 2B '
        'are dupli-\n'
        'cated, and the blots in Figure 4C and Figure 5D appear to over-\n'
        'lap. Concerns were also raised regarding Fig-\n'
        'ure 3A and Fig-\n'
        'ure 6B, which appear to be identical. The si-\n'
        'NC image in Figure 7A and the miR-\n'
        '21 image in Figure 7C are the same. The authors could not provide the '
        'original data for these experi-\n'
        'ments.',
        [
            (('2A', '2B'), None, ()),
            (('4C', '5D'), None, ()),
            (('3A', '6B'), None, ()),
            (('7A', '7C'), None, ()),
        ]),
    'other_article_by_title_or_venue': (
        'Retraction\n'
        'Figure 3D of this article is identical to Figure 4B of the article '
        '‘MicroRNA-21 promotes growth of glioma cells’ published in Cell Physiol '
        'Biochem 2015. In addition, Figure 2A of this article is the same as Figure '
        '1C of a paper published in Oncology Letters in 2017.',
        [(('3D',), None, ('4B',)), (('2A',), None, ('1C',))]),
    'kind_after_concern': (
        'Following the Expression of Concern published in 2019, the journal has now '
        'retracted this article. The institution found that Figure 2A and Figure 3C '
        'are duplicated.',
        [(('2A', '3C'), None, ())]),
    'authors_go_on_stating': (
        'Correction\n'
        'The authors have informed the journal that the image in Figure 2A was '
        'inadvertently duplicated in Figure 2D. The authors also found that Figure '
        '5A was duplicated in Figure 6B. The corrected figures are shown below.',
        [(('2A', '2D'), None, ()), (('5A', '6B'), None, ())]),
    'authors_response_after_claims': (
        'Retraction\n'
        'Concerns were raised that Figure 1B and Figure 3C overlap. The authors '
        'stated that Figure 1B and Figure 4C are different fields that appear '
        'similar. The authors disagree with the retraction.',
        [(('1B', '3C'), None, ())]),
    'summary_then_cross_details': (
        'Retraction\n'
        'The Publisher retracts this article. Concerns were raised about possible '
        'image reuse in Figures 3B, 4D and 6A from articles by other authors, as '
        'follows:\n'
        'Figure 3B, panel Control appears to have been reused as an image in Figure '
        '2A from Gao et al, 2018 (https://doi.org/10.3892/or.2018.6001).\n'
        'Figure 4D, panel si-NC appears to have been reused as an image in Figure 5C '
        'from Lin et al, 2019 (https://doi.org/10.2147/CMAR.S190001).\n'
        'Figure 6A appears to have been reused as an image in Figure 1B from Xu et '
        'al, 2017 (https://doi.org/10.1016/j.biopha.2017.01.001).\n'
        'The authors did not respond.',
        [
            (('3B',), '10.3892/or.2018.6001', ('2A',)),
            (('4D',), '10.2147/CMAR.S190001', ('5C',)),
            (('6A',), '10.1016/j.biopha.2017.01.001', ('1B',)),
        ]),
    'lettered_items_seem_same': (
        'Expression of Concern\n'
        'The editors have been made aware of the following:\n'
        'a) Figure 1C: the beta-actin bands of the MCF-7 and T47D blots appear '
        'identical.\n'
        'b) Figure 3A and Figure 3B: partial overlap between the Ctrl and siRNA '
        'images.\n'
        'c) Figure 5: the tumour images for groups 2 and 4 seem to be the same.\n'
        'The journal will update readers when the investigation concludes.',
        [(('1C',), None, ()), (('3A', '3B'), None, ()), (('5',), None, ())]),
    'roman_items': (
        'Retraction\n'
        'i. Fig. 2D duplicates Fig. 2F\n'
        'ii. Fig. 4B duplicates Fig. S1C\n'
        'iii. Fig. 6E is rotated relative to Fig. 6G\n'
        'The authors agreed to retract the article.',
        [(('2D', '2F'), None, ()), (('4B', 'S1C'), None, ()), (('6E', '6G'), None, ())]),
    'panels_in_brackets_per_figure': (
        'Retraction\n'
        'This article has been retracted following an investigation which found '
        'duplicated images in Figure 1 (panels B and E), Figure 3 (panels A and D) '
        'and Figure 5 (panels C and F).',
        [(('1B', '1E'), None, ()), (('3A', '3D'), None, ()), (('5C', '5F'), None, ())]),
    'own_reference_and_older_others': (
        'Retraction\n'
        'Following the publication of this article [1], concerns were raised that '
        'Figure 3A is similar to Figure 2B in [2], and Figure 5C is similar to '
        'Figure 4D in [3]. In addition, Figure 6 of [1] appears to duplicate Figure '
        '1 of [2].\n'
        'References\n'
        '1. Own A, et al. Title. J Oncol. 2020;2020:100. doi:10.1155/2020/1000001\n'
        '2. Bee B, et al. Other. Oncol Rep. 2016;35:10-20. doi:10.3892/or.2016.4001\n'
        '3. Cee C, et al. Third. Mol Med Rep. 2017;15:5-15. doi:10.3892/mmr.2017.6002',
        [
            (('3A',), '10.3892/or.2016.4001', ('2B',)),
            (('5C',), '10.3892/mmr.2017.6002', ('4D',)),
            (('6',), '10.3892/or.2016.4001', ('1',)),
        ]),
    'labels_in_brackets_list': (
        'Retraction\n'
        'The images in Figures 3C (Control) and 3D (TGF-b1) are identical except for '
        'their colour; the images in Figures 5A (upper) and 5B (lower) overlap.',
        [(('3C', '3D'), None, ()), (('5A', '5B'), None, ())]),
    'share_background_pattern': (
        'Expression of Concern\n'
        'The Editors are issuing this Expression of Concern because the Fig 3A, 3C '
        'and 3E panels appear to share a common background pattern, and the Fig 5B '
        'and 5D panels appear similar after vertical flipping.',
        [(('3A', '3C', '3E'), None, ()), (('5B', '5D'), None, ())]),
    'authors_found_pairs_after_colon': (
        'Retraction\n'
        'This article has been retracted at the request of the authors, who found '
        'that several images in Figures 1 and 2 were inadvertently duplicated during '
        'figure assembly: the DAPI images in Figure 1B and Figure 2B, and the merged '
        'images in Figure 1D and Figure 2D.',
        [(('1B', '2B'), None, ()), (('1D', '2D'), None, ())]),
    # figure families (notices5): Nature's extended data figures, EMBO's expanded-view
    # and appendix figures, supplementary figures named with and without their "S"
    'extended_data_figures': (
        'Retraction Note\n'
        'The authors are retracting this Article. After publication it was noticed that '
        'the confocal images in Extended Data Fig. 3b and Extended Data Fig. 6d show '
        'the same field of view, and that the immunoblot in Fig. 2c was reused in '
        'Extended Data Figs. 5a, c. All authors agree with the retraction.',
        [(('ED3B', 'ED6D'), None, ()), (('2C', 'ED5A', 'ED5C'), None, ())]),
    'expanded_view_and_appendix': (
        'Corrigendum\n'
        'Since publication the authors have become aware that the tubulin loading '
        'control in Figure EV2C was also shown in Figure 4B, and that Appendix Fig S3A '
        'and Appendix Fig S5B are images of one and the same section. Corrected '
        'figures are provided with this notice.',
        [(('EV2C', '4B'), None, ()), (('S3A', 'S5B'), None, ())]),
    'supplementary_families_mixed': (
        'Retraction\n'
        'Following an institutional investigation, the editors retract this paper. The '
        'histology in Supplementary Fig. 4b is identical to the histology in Figure '
        'S7c, and Figures S2A through S2C overlap with Figure 6E.',
        [(('S4B', 'S7C'), None, ()), (('S2A', 'S2B', 'S2C', '6E'), None, ())]),
    # pairs tied by "vs." (notices5): each pair one claim, however the pairs are listed
    'vs_pairs_in_brackets': (
        'Expression of Concern\n'
        'The journal has been made aware of apparent duplications in Figures 2 and 4 '
        '(2B vs. 4A; 2D vs. 4E) and within Figure 6 (C vs. F).',
        [(('2B', '4A'), None, ()), (('2D', '4E'), None, ()), (('6C', '6F'), None, ())]),
    'vs_pairs_after_colon': (
        'Retraction\n'
        'This article is retracted. Image panels appear to overlap as follows: '
        'Fig. 1c vs. Fig. 3a; Fig. 5b versus 5e; and Fig. 7a vs. d. The authors '
        'did not reply.',
        [(('1C', '3A'), None, ()), (('5B', '5E'), None, ()), (('7A', '7D'), None, ())]),
    # how panels of one figure are listed (notices5): brackets, slashes, "through"
    'panel_list_styles': (
        'Retraction\n'
        'The editors were informed that the tumour sections in Figure 3(a) and (c) '
        'appear identical, that the blots in Figures 5A/B and 6D were presented as '
        'Figure 8A, and that Figure 2(b)-(d) was rotated and reused as Figure 7(e).',
        [(('3A', '3C'), None, ()), (('5A', '5B', '6D', '8A'), None, ()),
         (('2B', '2C', '2D', '7E'), None, ())]),
    # groups set apart by their own words (notices5): "within …, between …", ", as
    # well as", ", as were"; a time after a panel ("3C, 24h") is no panel
    'scoped_groups_within_between': (
        'Retraction\n'
        'An analysis by the publisher found repeated regions within Figure 1E, within '
        'Figure 3B and between Figures 6A and 6C. The authors did not provide raw '
        'images.',
        [(('1E',), None, ()), (('3B',), None, ()), (('6A', '6C'), None, ())]),
    'as_well_as_pairs': (
        'Expression of Concern\n'
        'Fig 2C and Fig 5A, as well as Fig 3D and Fig 7B, appear to show the same '
        'cells. Figures 4A and 4E look identical, as do Figures 8B and 8F.',
        [(('2C', '5A'), None, ()), (('3D', '7B'), None, ()), (('4A', '4E'), None, ()),
         (('8B', '8F'), None, ())]),
    'times_after_panels_used_in': (
        'Retraction\n'
        'Figure 2D, 48h, shControl group and Figure 6B, 12h, shSOX2 group were '
        'duplicated. The actin bands shown in Fig. 4c appear to have been used, after '
        'cropping, in Fig. 7a.',
        [(('2D', '6B'), None, ()), (('4C', '7A'), None, ())]),
    # a heading naming one figure, then items that name its images by label
    # (notices5): each item one claim of that figure
    'figure_heading_sentence_items': (
        'Retraction\n'
        'Questions were raised about the migration assays. Specifically:\n'
        'In Fig 4:\n'
        '- The siNC 12 h and siYAP 36 h panels appear similar.\n'
        '- The siNC 0 h panel appears to overlap with the siYAP 0 h panel when rotated.\n'
        'The Editors retract this article.',
        [(('4',), None, ()), (('4',), None, ())]),
    # a concern that reports a statement: its subjects, labels between commas, before
    # the verb (notices5)
    'reported_compound_subject': (
        'Notice of Concern\n'
        'Readers raised concerns that Figure 2C, the 72h shNC image, and Figure 2E, the '
        '24h shEZH2 image, were duplicated; and Figure 6B, the TUNEL image for the '
        'sham group, was reused in Figure 7A.',
        [(('2C', '2E'), None, ()), (('6B', '7A'), None, ())]),
    # the other article's panel named after its citation (notices5)
    'panel_after_citation': (
        'Retraction\n'
        'The western blot in Figure 3C had been published before in [1] (Figure 5A), '
        'and the tumour photograph in Figure 6B also appears in an article by Ortiz et '
        'al. [2] as Figure 2E.\n'
        'References\n'
        '[1] Nakamura T, et al. An earlier study. Exp Ther Med. 2014;8:300-306. '
        'doi:10.3892/etm.2014.1800\n'
        '[2] Ortiz M, et al. A later study. Cancer Biomark. 2017;20:11-19. '
        'doi:10.3233/CBM-170001',
        [(('3C',), '10.3892/etm.2014.1800', ('5A',)),
         (('6B',), '10.3233/cbm-170001', ('2E',))]),
    # a statement that says the one before holds again (notices5)
    'likewise_and_they_also': (
        'Expression of Concern\n'
        'The editors were alerted that Figure 1B and Figure 2F are identical. '
        'Likewise, Figure 3A and Figure 3D. The p21 bands in Figure 5C appear '
        'duplicated; they also appear in Figure 7B.',
        [(('1B', '2F'), None, ()), (('3A', '3D'), None, ()), (('5C',), None, ()),
         (('5C', '7B'), None, ())]),
    # pairs whose verb is left out, tied by "with", "to" or "/" (notices5)
    'gapped_pairs_with_to_slash': (
        'Retraction\n'
        'The journal found that Figure 1A overlaps with Figure 1F, Figure 2B with '
        'Figure 4C and Figure 6A with Figure 6E. In addition, the panel pairs Figure '
        '3B/Figure 5D and Figure 7A/Figure 7C show the same cells.',
        [(('1A', '1F'), None, ()), (('2B', '4C'), None, ()), (('6A', '6E'), None, ()),
         (('3B', '5D'), None, ()), (('7A', '7C'), None, ())]),
    # two statements joined by a bare "and" or "whereas", each with its verb
    # (notices5)
    'two_statements_plain_and': (
        'Expression of Concern\n'
        'Figure 2D duplicates Figure 3A and Figure 5C duplicates Figure 6B, whereas '
        'Figure 7A overlaps Figure 7E.',
        [(('2D', '3A'), None, ()), (('5C', '6B'), None, ()), (('7A', '7E'), None, ())]),
    # one reference listing pairs; enumerators inside a sentence (notices5)
    'pair_list_and_inline_enumerators': (
        'Retraction\n'
        'Identical images were found in Figures 1B and 1E, 2A and 2D, and 4C and 4F. '
        'Overlaps were also found in (a) Figure 5A and Figure 6C, and (b) Figure 8B and '
        'Figure 8D.',
        [(('1B', '1E'), None, ()), (('2A', '2D'), None, ()), (('4C', '4F'), None, ()),
         (('5A', '6C'), None, ()), (('8B', '8D'), None, ())]),
    # PLOS supporting figures named number first, in lists and with panels (notices5)
    'plos_supporting_figure_lists': (
        'Retraction\n'
        'After publication, concerns were raised about the supporting information. '
        'The S2 Fig panels A and D appear similar, and the S4B and S6C Figs appear to '
        'overlap. The Fig 3E and S5A Fig images appear to be the same.',
        [(('S2A', 'S2D'), None, ()), (('S4B', 'S6C'), None, ()), (('3E', 'S5A'), None, ())]),
    # members naming a figure, then after a colon the images in it (notices5)
    'colon_members_semicolons': (
        'Expression of Concern\n'
        'The journal has been alerted to the following apparent duplications: Figure '
        '1D: Sham day 3 and Sham day 7; Figure 4A: si-NC and si-KLF5 (both 48 h); and '
        'Figure 6C: the first and fourth lanes of the p-AKT blot.',
        [(('1D',), None, ()), (('4A',), None, ()), (('6C',), None, ())]),
    # references each with a bracket saying where the duplication lies (notices5)
    'bracketed_scopes_per_reference': (
        'Retraction\n'
        'The publisher identified image duplication in Figure 2B (within the panel), '
        'Figure 4 (between panels A and D) and Figure 7 (panels C and F).',
        [(('2B',), None, ()), (('4A', '4D'), None, ()), (('7C', '7F'), None, ())]),
    # a column broken after a word that leads on, and before the next mark of a list
    # run inside the sentence (notices5)
    'column_breaks_inline_list': (
        'Retraction\n'
        'In Figure 3, the tubulin blots in panels\n'
        'B and E are identical. Further images\n'
        'were duplicated: (1) Fig. 5A and 6C;\n'
        '(2) Fig. 7B and Fig. 7D. The authors\n'
        'could not be reached.',
        [(('3B', '3E'), None, ()), (('5A', '6C'), None, ()), (('7B', '7D'), None, ())]),
    # labels that start with a number or a capital and a slash after a panel's comma
    # (notices5): "48 h" is a time, "I/R" a condition, not panels
    'times_and_conditions_after_commas': (
        'Retraction\n'
        'Concerns were raised about several figures. Specifically:\n'
        '- The following panels appear similar:\n'
        '  - Fig 1C, 72 h siNC and Fig 4B, 12 h siRUNX2\n'
        '  - Fig 2A, H/R + saline and Fig 5D, H/R + drug, when flipped\n'
        'The PLOS ONE Editors retract this article.',
        [(('1C', '4B'), None, ()), (('2A', '5D'), None, ())]),
    # pairs with another article, tied by "vs.", by "with" after "respectively", or
    # named in a bracket after this article's panel (notices5)
    'cross_pairs_vs_with_bracket': (
        'Retraction\n'
        'Figures 1C and 3E overlap with Figures 2A and 4B in [1], respectively, and '
        'Figure 5D with Figure 7 in [2]. Further, Figure 6B vs. Figure 1A of [2], and '
        'Figure 6E vs. Figure 3C of [1], show the same cells. One more panel appears in '
        'an earlier article: Figure 8A (Figure 5F in [2]).\n'
        'References\n'
        '1. Novak P, et al. A first study. Int J Oncol. 2014;44:500-510. '
        'doi:10.3892/ijo.2014.2300\n'
        '2. Silva R, et al. A second study. Exp Ther Med. 2015;9:90-98. '
        'doi:10.3892/etm.2015.2100',
        [(('1C',), '10.3892/ijo.2014.2300', ('2A',)), (('3E',), '10.3892/ijo.2014.2300', ('4B',)),
         (('5D',), '10.3892/etm.2015.2100', ('7',)), (('6B',), '10.3892/etm.2015.2100', ('1A',)),
         (('6E',), '10.3892/ijo.2014.2300', ('3C',)), (('8A',), '10.3892/etm.2015.2100', ('5F',))]),
    # roman sub-panels of a panel named by its letter in brackets (notices5)
    'roman_sub_panels_of_bracketed_letter': (
        'Retraction Note\n'
        'The Editors have retracted this Article. In Figure 5 the panels i and iii of '
        '(D) and the Ki-67 images in column iv of (F) appear to contain repeated '
        'regions.',
        [(('5Di', '5Diii', '5F'), None, ())]),
    # notices6: families found in real notices gathered outside ../shared, each written
    # here in other words
    # letters named before their figure, primed or each in brackets
    'primed_and_bracketed_letters_before_figure': (
        'Retraction\n'
        "Two problems were found. Panels a' and d' in Figure 3 show one field of view "
        'turned upside down, and the blots placed in panels (b) and (f) of Fig. 6 are '
        'identical.',
        [(("3A'", "3D'"), None, ()), (('6B', '6F'), None, ())]),
    # a cell line after "panel" is a label, not a panel letter
    'cell_line_after_panel_word': (
        'Retraction\n'
        'Figure 5B, panel A549 shCtrl appears to have been reused as the image in '
        'Figure 2D of an article by Ota et al. (https://doi.org/10.1016/j.yexcr.2019.11.007).',
        [(('5B',), '10.1016/j.yexcr.2019.11.007', ('2D',))]),
    # eLife's figure supplements are figures of their own
    'figure_supplements': (
        'Correction\n'
        'The authors noticed that the confocal image in Figure 2\u2014figure supplement 1C '
        'is the same as the one in Figure 4\u2014figure supplement 3A. Corrected figure '
        'supplements are provided.',
        [(('2-S1C', '4-S3A'), None, ()),]),
    # the article's citation printed as a sentence after the statement is not the other
    # side of the claim
    'own_citation_after_statement': (
        'Retraction\n'
        'An editorial check found that the Ki-67 images in Figs. 2B, 4D and 6A share '
        'a background pattern. Oncol Lett 19: 301-310, 2020; DOI: 10.3892/ol.2020.11111.',
        [(('2B', '4D', '6A'), None, ())]),
    # "published in another article", "present in other papers"
    'published_in_other_articles': (
        'Retraction\n'
        'The gel in Figure 3 had been published in another article by two of the '
        'authors. The scratch assay images in Figure 6C are present in several '
        'unrelated, already retracted papers [4-6].',
        [(('3',), None, ()), (('6C',), None, ())]),
    # each group opened by its own figure word, items with no marks under a heading
    'unmarked_items_under_heading': (
        'Retraction Note\n'
        'The Editors were told of several anomalies, in particular:\n'
        'Partial duplication between Figs 1B and 3C, and Figs 1D and 3E\n'
        'Repeated regions within Figure 5A and 5F\n'
        'The Editors no longer have confidence in the data.',
        [(('1B', '3C'), None, ()), (('1D', '3E'), None, ()), (('5A', '5F'), None, ())]),
    # an item headed by its figure, the other articles' figures cited after it
    'item_heading_then_cited_figures': (
        'Retraction\n'
        'The investigation identified overlapping images:\n'
        '- Figure 4c: the colony images for the shNC group recur in two other papers '
        '(Figure 3b in [2] and Figure 6a in [3]).\n'
        '- Figure 7b (right): the beta-actin bands are identical to those in Figure 2e '
        'of [4].',
        [(('4C',), None, ('3B',)), (('4C',), None, ('6A',)), (('7B',), None, ('2E',))]),
    # subjects joined by "and" each found in other articles; a concern after ";"
    'coordinated_subjects_and_a_concern': (
        'Retraction\n'
        'A reader noted that the invasion data in Fig. 3B and the tumour photographs '
        'in Fig. 7A strongly resembled data published in other articles by different '
        'groups; furthermore, the flow cytometry plots in Fig. 4C and 4D overlap; and '
        'irregularities were found in the blots of Fig. 5E.',
        [(('3B',), None, ()), (('7A',), None, ()), (('4C', '4D'), None, ())]),
    # labels set two list items about the same panels apart; "It … that" opens anew
    'labelled_items_same_panels': (
        'Expression of Concern\n'
        'Several images appear to overlap, including the following:\n'
        '\u2022 Figure 2A 24h/siNC and Figure 5 24h/vector\n'
        '\u2022 Figure 2A 48h/siNC and Figure 5 48h/vector\n'
        'It was further observed that the Figure 5F Snail blot looks like a mirror '
        'image of the Figure 5F Slug blot.',
        [(('2A', '5'), None, ()), (('2A', '5'), None, ()), (('5F',), None, ())]),
    # the side a relation pairs with cited figures carries the article's own citation
    'own_side_cited_then_others': (
        'Retraction\n'
        'The editors confirmed that Figure 6 as published in [1] overlaps with Figure 2 '
        'of [2] and with Figure S5 of [3], although these report other treatments.',
        [(('6',), None, ('2',)), (('6',), None, ('S5',))]),
    # pairs of letters in a bracket after their figure
    'bracketed_letter_pairs': (
        'Correction\n'
        'The images in Figure 4 (B and E; C and F) were inadvertently duplicated '
        'during figure assembly.',
        [(('4B', '4E'), None, ()), (('4C', '4F'), None, ())]),
    # panel letters with no "panel" word, after a colon
    'bare_letters_after_colon': (
        'Expression of Concern\n'
        'Regarding Figure 8: B and G appear to show the same section of liver.',
        [(('8B', '8G'), None, ())]),
    # a second clause opened by a bare noun, with no comma before its "and"
    'bare_noun_second_clause': (
        'Retraction\n'
        'The tubulin blot in Figure 1E was taken from Figure 3A of [1] and results in '
        'Figure 2F of [2] were presented again as Figure 4B.',
        [(('1E',), None, ('3A',)), (('4B',), None, ('2F',))]),
    # list marks alone on their lines or glued to the item
    'glued_dash_marks': (
        'Retraction\n'
        'A review of the figures found the following problems.\n'
        '-\n'
        '-Figure 1c: the p-STAT3 bands are identical to the STAT3 bands shown in Figure 2d '
        'of [3].\n'
        '-\n'
        '-Figure 6b (left) /6e: the histology images appear to be duplicated.',
        [(('1C',), None, ('2D',)), (('6B', '6E'), None, ())]),
    # items run on as sentences after a heading, each citing another article by DOI
    'run_on_items_with_dois': (
        'Retraction\n'
        'Concerns were raised about images that also appear in unrelated articles, '
        'specifically: Figure 3B, panel HeLa si-NC appears to have been duplicated with '
        'an image in Figure 2F from Sato et al, 2021 '
        '(https://doi.org/10.1080/15384101.2021.1881234). Figure 7A, panel SiHa '
        'si-PLK1 appears to have been duplicated with an image in Figure 5C from Kim '
        'et al, 2020 (https://doi.org/10.2147/OTT.S251234).',
        [(('3B',), '10.1080/15384101.2021.1881234', ('2F',)),
         (('7A',), '10.2147/OTT.S251234', ('5C',))]),
    # a panel named bare after "and", its figure word left out, before its panel word
    'bare_panel_before_panel_word': (
        'Retraction\n'
        'The Figure 4B vector and shPTEN panels and 6D vector panel seem to appear in '
        'Figure 2A from Park et al. 2019 (doi: 10.1042/BSR20190001).',
        [(('4B', '6D'), '10.1042/BSR20190001', ('2A',))]),
    # a superscript reference glued to its word; "the same previous publication"
    'superscript_reference_then_same_publication': (
        'Retraction Note\n'
        'The Editors have retracted this Article. The blots in Figure 3 had been '
        "published before as Figure 4 of the authors' earlier paper2. The images in "
        'Figure 6C were published as part of Figure 7 of the same earlier publication.\n'
        'References\n'
        '1. Other A, et al. Unrelated work. Cells 2015;4:1-9. doi:10.3390/cells4010001\n'
        '2. Ito K, et al. An earlier study of the same cells. J Cell Sci. 2016;129:10-20. '
        'doi:10.1242/jcs.180001',
        [(('3',), '10.1242/jcs.180001', ('4',)), (('6C',), '10.1242/jcs.180001', ('7',))]),
    # "The sections also appear in …": the subject is the claim just stated
    'subject_stated_again_in_another_article': (
        'Retraction\n'
        'The kidney sections in Figure 3d are identical to those in Figure 2b of [4]. '
        'The sections also appear in Figure 6c of [5].',
        [(('3D',), None, ('2B',)), (('3D',), None, ('6C',))]),
    # notices7: families found in a second set of real notices gathered outside
    # ../shared, each written here in other words
    # one figure named in a lead, then several findings about its images, each its own
    'findings_in_one_figure_after_a_lead': (
        'Retraction\n'
        'In Figure 2B, the Vehicle panel looks identical to the 10 uM panel after '
        'rotation, the 6 h panel matches the 12 h panel, and the left half of the '
        'Control panel is the same as the right half of the siRNA panel.',
        [(('2B',), None, ()), (('2B',), None, ()), (('2B',), None, ())]),
    # a heading whose colon was left out, items marked twice
    'heading_without_colon': (
        'Expression of Concern\n'
        'Readers raised concerns about Figs 2, 3 and 5. In detail,\n'
        '  - The following blots appear duplicated\n'
        '    1. o Fig 2B LC3 blot and Fig 5A p62 blot.\n'
        '    2. o The Fig 3C and 3D tubulin blots.\n'
        'The authors could not provide the original scans.',
        [(('2B', '5A'), None, ()), (('3C', '3D'), None, ())]),
    # a citation cut at the full stops of its journal's abbreviation
    'citation_with_abbreviated_journal': (
        'Retraction\n'
        'Figure 2C in this article is identical to Lee et al., 2018, Mol. Ther. Oncolytics 96, '
        '101-112, https://doi.org/10.1007/s00109-017-1600-2, Figure 4B. Figure 5A in this '
        'article is identical to Lee et al., 2018, Mol. Ther. Oncolytics 96, 101-112, '
        'https://doi.org/10.1007/s00109-017-1600-2, Figure 6D.',
        [(('2C',), '10.1007/s00109-017-1600-2', ('4B',)),
         (('5A',), '10.1007/s00109-017-1600-2', ('6D',))]),
    # references numbered "1.", "2." with no heading; the notice's own article is [1]
    'numbered_references_without_heading': (
        'Retraction Note\n'
        'The Editors have retracted this article [1]. The two lower panels of Fig. 3c '
        'of [1] are identical to the two upper panels of Fig. 5a of [2]. The Sham '
        'panel in Fig. 2d of [1] is a reflection of the Model panel in Fig. 2d of [1].\n'
        '1. Abe T, Ono K. A study of heart growth. Gene Ther. 2019. '
        'https://doi.org/10.1038/s41434-019-0001-1\n'
        '2. Sato M, Kudo R. Another study of heart growth. Aging. 2020;12:100-110. '
        'https://doi.org/10.18632/aging.100001',
        [(('3C',), '10.18632/aging.100001', ('5A',)), (('2D',), None, ())]),
    # after a stated pair, a clause with its own subject: a group of its own under the
    # same verb, or a finding of another kind
    'second_object_and_other_finding': (
        'Retraction\n'
        'Images were reused to show different treatments in the tubulin blots in '
        'Fig. 3, B and D, and the LC3 blots in Fig. 5C. The journal also found a '
        'duplication comparing Fig. 4C with Fig. 6A, and also apparent inconsistencies '
        'between the stated and the shown group sizes in Fig. 7B.',
        [(('3B', '3D'), None, ()), (('5C',), None, ()), (('4C', '6A'), None, ())]),
    # "a reproduction of" another paper's figure; this article's figure named again
    'reproduction_of_another_papers_figure': (
        'Retraction\n'
        'A reader noted that Fig. 5 of the above study seems to be a reproduction of '
        'Fig. 2 of a paper by other authors, although Fig. 5 is printed in greyscale '
        'in the above study (Kato H, Mori Y: Cell growth in vitro. Oncol Rep 30: '
        '101-110, 2013).',
        [(('5',), None, ('2',))]),
    # the article a notice retracts, cited before any figure, is its own; an author's
    # initial after "and" ("and R. Sato (…)") ends no sentence; "between" two references
    # of one figure each names the two sides of one claim
    'retracted_article_cited_then_two_sides': (
        'The Editor-in-Chief of Cell Biology International retracts the article entitled, '
        '"A study of growth factors in vitro," by K. Ito and R. Sato (Cell Biol Int '
        '30: 10-20; doi: 10.1000/cbi.2016.0001) after readers noted image duplications '
        'between Figure 2A-C and Figure 5B-D.',
        [(('2A', '2B', '2C', '5B', '5C', '5D'), None, ())]),
    # the decision the findings led to names no new claim about the figures before it
    'decision_after_other_anomalies': (
        'Retraction\n'
        'A reader pointed out that the scratch images in Fig. 3C closely resemble an '
        'image in an earlier paper by the same group. The journal also questioned the '
        'appearance of the actin blots in Fig. 2B and the p53 blot in Fig. 4D. In view '
        'of the reuse of these data, the Editor has decided that the paper should be '
        'retracted.',
        [(('3C',), None, ())]),
    # one reference mark naming two articles: the figure is in each of them
    'one_mark_two_articles': (
        'Retraction\n'
        'After this article [1] was published, concerns were raised. The top Fig 6b '
        'panel of this article [1] appears similar to the Fig 2c panel of [2,3] despite '
        'representing different cell lines.\n'
        'References\n'
        '1. Abe T, et al. A study. PLoS ONE 2015;10:e0100001. '
        'https://doi.org/10.1371/journal.pone.0100001\n'
        '2. Ono K, et al. Another study. Stem Cells 2012;30:1-9. '
        'https://doi.org/10.1002/stem.1001\n'
        '3. Ito R, et al. A third study. Cell Rep 2013;4:5-9. '
        'https://doi.org/10.1016/j.celrep.2013.01.001',
        [(('6B',), '10.1002/stem.1001', ('2C',)),
         (('6B',), '10.1016/j.celrep.2013.01.001', ('2C',))]),
    # notices8: families found in a third set of real notices gathered outside
    # ../shared, each written here in other words
    # a web page copied as text (a line too long to be wrapped): the items under a
    # heading closed by a colon lost their marks; each is one claim, an item citing
    # two articles one claim per article, and prose after the list ends it
    'web_text_list_marks_lost': (
        'Retraction\n'
        'After publication of this article, readers questioned a number of the '
        'immunoblots shown in Figures 2, 4 and 5, and the editors compared each of those '
        'figures with the others and with the raw images before reaching the decision '
        'set out in this notice.\n'
        'Blot panels meant to show separate experiments look alike in these places:\n'
        'Fig 2A LNCaP Akt and Fig 4C p-Akt\n'
        'Fig 4B 22Rv1 Vinculin and Fig 5D PC3 Vinculin\n'
        'Figure 5A matches Figure 3B of Ito et al. (doi:10.1000/xyz.2019.11) and '
        'Figure 1C of Ono et al. (doi:10.1000/abc.2020.7).\n'
        'The authors could not locate the original films, so the editors retract the '
        'article.',
        [(('2A', '4C'), None, ()), (('4B', '5D'), None, ()),
         (('5A',), '10.1000/xyz.2019.11', ('3B',)), (('5A',), '10.1000/abc.2020.7', ('1C',))]),
    # the items under a heading that reports the authors' explanation go on with it:
    # they add no claim, whatever they say of the figures
    'items_of_the_authors_explanation': (
        'Expression of Concern\n'
        'Readers noted that the Fig 2C GAPDH blot duplicates the Fig 4A tubulin blot.\n'
        'The authors explained the two figures as follows:\n'
        '- In the original Fig 2C, the control lanes were taken from a different '
        'experiment.\n'
        '- In Fig 4A, the tubulin panel is the same blot as that of Fig 5B, reused by '
        'mistake.\n'
        'The journal is reviewing these explanations.',
        [(('2C', '4A'), None, ())]),
    # the author named with a title, in apposition, is the subject of the response
    'titled_author_in_apposition_responds': (
        'Editorial Expression of Concern\n'
        'Readers noted the following:\n'
        '• Fig. 2c top image appears highly similar to Fig. 6b bottom image.\n'
        'Prof. Ana Ruiz, the corresponding author, has answered the concern:\n'
        '• In this case, the Fig. 6b bottom image was a duplicate of the Fig. 4a image, '
        'placed there by mistake.\n'
        'The journal continues to investigate.',
        [(('2C', '6B'), None, ())]),
    # a finding hedged as a common origin ("seem to have come from the same …")
    'hedged_common_origin': (
        'Retraction\n'
        'The Sham and Vehicle sections in Figure 3D seem to have come from the same '
        'animal. The 24 h image in Figure 5B and the 48 h image in Figure 6A appear to '
        'have originated from the same well.',
        [(('3D',), None, ()), (('5B', '6A'), None, ())]),
    # a superscript reference glued to the full stop ends the sentence ("group.2 The")
    'footnote_glued_to_the_full_stop': (
        'Retraction\n'
        'The TEM images in Fig. 3b and d were reproduced from a paper by another '
        'group.2 There is also overlap within the SEM images in Fig. 5a and Fig. 5c.',
        [(('3B', '3D'), None, ()), (('5A', '5C'), None, ())]),
    # subjects joined by "in addition to", each found in other articles: one claim each
    'subjects_joined_in_addition_to': (
        'Retraction\n'
        'A reader found that the colony images in Fig. 2C, in addition to certain of the '
        'wound-healing images in Fig. 5A, were strikingly similar to images published in '
        'other articles by different authors.',
        [(('2C',), None, ()), (('5A',), None, ())]),
    # two items about the same panels, set apart by where in them the images lie
    'two_items_set_apart_by_position': (
        'Expression of Concern\n'
        'The editors were alerted to two findings:\n'
        '• The Fig. 2b upper left image resembles the Fig. 4c lower image and the Fig. '
        '6a upper image.\n'
        '• The Fig. 2b upper right image resembles the Fig. 4c upper image and the Fig. '
        '6a lower image.\n'
        'The authors are preparing a correction.',
        [(('2B', '4C', '6A'), None, ()), (('2B', '4C', '6A'), None, ())]),
    # a panel named bare after a tying word, of the figure the reference before names
    'bare_panel_after_a_tying_word': (
        'Retraction\n'
        'The editors found that Figure 6b seems to overlap with 6e, representing '
        'different treatments. Moreover, the band in Fig. 7C is identical to 7F.',
        [(('6B', '6E'), None, ()), (('7C', '7F'), None, ())]),
    # in a PDF's text, an item line ending on "… panel" leads on only to a panel's
    # name; a capitalised word after it starts the next item
    'item_line_ending_on_panel': (
        'Expression of Concern\n'
        'Readers raised concerns about the following images:\n'
        'Fig 2B Sham panel appears to overlap with Fig 5A, Vehicle panel\n'
        'Part of Fig 3C appears similar to Fig 6D, Control panel\n'
        'The journal is looking into these concerns.',
        [(('2B', '5A'), None, ()), (('3C', '6D'), None, ())]),
    # the images just named, said again to be in another article's figure: that figure
    # is the other article's, the subject the claim just stated
    'said_again_of_another_articles_figure': (
        'Retraction\n'
        'Two panels in Fig. 4 appear to overlap. These panels were also seen to overlap with '
        'Fig. 2b and 2d of a paper by other authors [3].',
        [(('4',), None, ()), (('4',), None, ('2B', '2D'))]),
    # the other articles of a claim named after it, each figure with its citation
    'other_side_listed_after_the_claim': (
        'Retraction\n'
        'Readers noticed that the Figure 4C images of this article resemble images in '
        'other articles. These include Figure 1D of Sato et al. 2017 (doi: '
        '10.1000/abc.2017.5) and Figure 6B of Ono et al. 2019 (doi: 10.1000/def.2019.8).',
        [(('4C',), '10.1000/abc.2017.5', ('1D',)), (('4C',), '10.1000/def.2019.8', ('6B',))]),
    # the Greek letter of a cell line's name goes on the name ("22Rν1"), and "b-actin"
    # (β written b) is a name, not panel b
    'greek_letter_names_and_b_actin': (
        'Expression of Concern\n'
        'The Fig 3B 22Rν1 Cdk4 blot looks identical to the Fig 6C PC3 Cdk6 blot. '
        'Figure 2a, b-actin panel, seems to be the same as Figure 4d, a-tubulin panel.',
        [(('3B', '6C'), None, ()), (('2A', '4D'), None, ())]),
}


def _claims(text: str) -> Counter:
    notice = parse_notice_text(text)
    return Counter(
        (frozenset(c.panels), (c.other.doi or "").lower() or None if c.other else None,
         frozenset(c.other_panels))
        for c in notice.claims if c.parsed)


def _expected(claims) -> Counter:
    return Counter((frozenset(p), d.lower() if d else None, frozenset(o)) for p, d, o in claims)


@pytest.mark.parametrize("width", [None, 250.0, 180.0])
@pytest.mark.parametrize("name", sorted(WRITTEN))
def test_notice_in_a_new_wording_gives_the_claims_a_reader_finds(name: str, width) -> None:
    text, expected = WRITTEN[name]
    if width is not None:
        text = through_pdf_column(text, width)
    assert _claims(text) == _expected(expected)


#: name -> the (panels, transform, labels) of each claim the notice names them for.
DETAILS = {
    "bullets_labels_rotated": [
        (("2A", "2C"), None, ("siCtrl 24 h", "siATF4 48 h")),
        (("5B", "6D"), "rotated 90°", ("Tubulin",)),
    ],
    "flipped_stretched_supp": [
        (("S2B", "5A"), "stretched", ()),
        (("7B", "7D"), "flipped", ()),
    ],
    "hindawi_roman_list": [(("6A", "6C"), "rotated 180°", ("TUNEL",))],
    "pdf_column_breaks": [(("2A", "2D"), None, ("GAPDH",)), (("3B", "5C"), None, ("p-ERK", "ERK"))],
    "colon_figure_labels": [
        (("1D", "6E"), None, ("Sham", "MCAO")),
        (("7A", "7B"), "flipped", ("TGF-b", "TGF-b + inhibitor")),
    ],
    "header_citation": [(("3A", "5B"), None, ("Bcl-2", "Bax"))],
    "dove_group_labels": [(("5A",), None, ("si-NC", "mimic"))],
    "figure_heading_sentence_items": [(("4",), "rotated", ("siNC 0 h", "siYAP 0 h"))],
}


@pytest.mark.parametrize("name", sorted(DETAILS))
def test_claim_keeps_the_transform_and_labels_the_notice_names(name: str) -> None:
    claims = {c.panels: c for c in parse_notice_text(WRITTEN[name][0]).claims}
    for panels, transform, labels in DETAILS[name]:
        assert claims[panels].transform == transform
        assert claims[panels].labels == labels


def test_a_denied_or_absent_transform_is_none() -> None:
    notice = parse_notice_text("Retraction. Figure 2A and Figure 3B show the same blot, "
                               "not rotated or flipped.")
    [claim] = notice.claims
    assert claim.transform is None


def test_the_article_titled_in_quotes_under_a_reference_number_is_the_notices_own() -> None:
    text = ("Retracted: A title of the article\n"
            "The journal has retracted the article titled \"A title of the article\" [1] due "
            "to concerns that the Western blots in Figure 4(a) and Figure 5(b) are "
            "duplicated.\n"
            "References\n"
            "[1] A. Author, B. Author, \"A title of the article,\" Some Journal, vol. 2019, "
            "Article ID 1234567, 2019. https://doi.org/10.1155/2019/1234567\n")
    notice = parse_notice_text(text)
    assert notice.article.doi == "10.1155/2019/1234567"
    assert [(c.panels, c.other) for c in notice.claims] == [(("4A", "5B"), None)]


@pytest.mark.parametrize("text, kind", [
    ("Following the Expression of Concern published in 2019 [1], the journal has now "
     "retracted this article: Figure 2A and Figure 3C are duplicated.", "retraction"),
    ("Expression of Concern. Figure 2A and Figure 3C appear to be duplicated. The journal "
     "will update this notice, and may retract the article, once the institution reports.",
     "expression of concern"),
])
def test_a_retraction_done_after_an_expression_of_concern_is_a_retraction(text, kind) -> None:
    assert parse_notice_text(text).kind == kind


def test_an_older_doi_a_claim_cites_is_never_the_notices_article() -> None:
    text, _ = WRITTEN["own_reference_and_older_others"]
    notice = parse_notice_text(text)
    assert notice.article.doi == "10.1155/2020/1000001"


@pytest.mark.parametrize("text, notice_doi, article_doi", [
    # the title's "Retraction Note to:" is not the cue of the notice's own DOI below it
    ("Retraction Note to: Long noncoding RNA X promotes Y\nJournal of Z (2021) 40:100\n"
     "https://doi.org/10.1186/s13046-021-02000-1\nRetraction Note to: J Z 39, 200 (2020) "
     "https://doi.org/10.1186/s13046-020-01500-2\nThe Editors-in-Chief have retracted this "
     "article because Figure 2A and Figure 5B overlap.\n",
     "10.1186/s13046-021-02000-1", "10.1186/s13046-020-01500-2"),
    # the kind, then the article's authors and DOI
    ("Expression of Concern: Title of the article\nJournal of Cellular Biochemistry, Volume "
     "120, Issue 5, https://doi.org/10.1002/jcb.29001\nExpression of Concern: Z. Li, Title "
     "of the article, J Cell Biochem. 2018; 119: 100-110 (https://doi.org/10.1002/jcb.26001)."
     "\nThe above article has been subject to an Expression of Concern because Figure 6 and "
     "Figure 7 share overlapping regions.\n",
     "10.1002/jcb.29001", "10.1002/jcb.26001"),
])
def test_the_article_doi_is_the_one_its_cue_stands_with(text, notice_doi, article_doi) -> None:
    notice = parse_notice_text(text)
    assert (notice.doi, notice.article.doi) == (notice_doi, article_doi)


def test_a_notice_of_concern_is_an_expression_of_concern() -> None:
    notice = parse_notice_text(WRITTEN["reported_compound_subject"][0])
    assert notice.kind == "expression of concern"


@pytest.mark.parametrize("text, transform", [
    ("Figure 1C resembles Figure 4A turned upside down.", "rotated 180°"),
    ("Figure 1C matches Figure 4A, shown in another orientation.", "rotated"),
    ("Figure 1C matches Figure 4A after horizontal reflection.", "flipped"),
    ("Figure 1C overlaps Figure 4A in reverse orientation.", "flipped"),
    ("Figure 1C matches Figure 4A, horizontally compressed.", "stretched"),
    ("Figure 1C is the same image as Figure 4A at a different scale.", "resized"),
    ("Figure 1C matches Figure 4A with different contrast.", "re-toned"),
    ("Figure 1C is identical to Figure 4A shown in greyscale.", "re-toned"),
    # two transforms named: the one printed first
    ("Figure 1C matches Figure 4A mirrored and then rotated by 90 degrees.", "flipped"),
])
def test_the_transform_is_read_in_other_words(text: str, transform: str) -> None:
    [claim] = parse_notice_text("Retraction. " + text).claims
    assert claim.transform == transform


@pytest.mark.parametrize("text", [
    "Figure 2B and Figure 5C appear similar when the contrast is enhanced to reveal the "
    "background.",
    "Figure 2B and Figure 5C look alike once brightness is adjusted in order to see the "
    "membrane.",
])
def test_a_tone_change_made_to_look_closer_is_no_transform(text: str) -> None:
    """The reader changed the contrast to examine the images; the copy was not re-toned
    (a fresh PLOS-style wording, not from the bench's notices)."""
    [claim] = parse_notice_text("Retraction. " + text).claims
    assert claim.transform is None


def test_a_claim_stated_again_takes_the_transform_the_restatement_names() -> None:
    text = ("Retraction\nA reader reported possible duplication in Fig. 2C and Fig. 6A. "
            "The institution's panel later found that Fig. 2C and Fig. 6A are mirrored "
            "copies of one image.")
    [claim] = parse_notice_text(text).claims
    assert claim.panels == ("2C", "6A")
    assert claim.transform == "flipped"


@pytest.mark.parametrize("text, labels", [
    # two labels after the reference, joined by "and", before the images' noun
    ("The Fig 3B Vehicle day 7 and Cisplatin day 7 images appear more alike than "
     "expected.", ("Vehicle day 7", "Cisplatin day 7")),
    # the images named by label after the reference
    ("In Fig 6C, the Sham cortex and MCAO cortex panels appear to overlap.",
     ("Sham cortex", "MCAO cortex")),
])
def test_the_labels_of_one_panel_are_read_in_other_words(text: str, labels) -> None:
    [claim] = parse_notice_text("Expression of Concern. " + text).claims
    assert claim.labels == labels


@pytest.mark.parametrize("statement", [
    "The same mouse is shown in Figure 3C and Figure 6A.",
    "The tumour photographs in Figure 3C and Figure 6A depict the same tumour.",
    "Figure 3C and Figure 6A were derived from a single image.",
    "Figure 3C was reproduced in Figure 6A.",
    "Figure 3C contains a portion of Figure 6A.",
    "Figure 3C is a cropped version of Figure 6A.",
    "Part of Figure 3C is also visible in Figure 6A.",
])
def test_a_duplication_stated_in_other_words_is_a_claim(statement: str) -> None:
    notice = parse_notice_text("Retraction. " + statement)
    assert [c.panels for c in notice.claims] == [("3C", "6A")]


@pytest.mark.parametrize("statement", [
    "The experiments of Figure 3C were repeated with the same mice as in Figure 6A.",
    "Figure 3C was spliced, and Figure 6A was cropped.",
])
def test_a_statement_of_method_or_splicing_is_no_duplication_claim(statement: str) -> None:
    assert parse_notice_text("Retraction. " + statement).claims == ()


@pytest.mark.parametrize("printed, panels", [
    # figure families
    ("Extended Data Figs. 3-5", ["ED3", "ED4", "ED5"]),
    ("Extended Data Fig. 2a, c and Fig. 4b", ["ED2A", "ED2C", "4B"]),
    ("Figure EV1B-D", ["EV1B", "EV1C", "EV1D"]),
    ("Appendix Figure S2B-D", ["S2B", "S2C", "S2D"]),
    ("S3 and S5 Figs", ["S3", "S5"]),
    ("S4 Fig (panels B and E)", ["S4B", "S4E"]),
    # how panels are listed
    ("Figure 3(a) and (c)", ["3A", "3C"]),
    ("Figures 2(a)-(c)", ["2A", "2B", "2C"]),
    ("Figures 5A/B", ["5A", "5B"]),
    ("Figures 6B through 6D", ["6B", "6C", "6D"]),
    ("Fig. 7, panels (A) and (D)", ["7A", "7D"]),
    ("Fig. 3 a-c", ["3A", "3B", "3C"]),
    ("Figure 4 (between panels B and F)", ["4B", "4F"]),
    # sub-panels: "4C-i" is no range from C to I
    ("Figure 4C-i and 4C-ii", ["4Ci", "4Cii"]),
    ("Figure 5Ab and 5Ad", ["5Ab", "5Ad"]),
    # a time after a panel list is no panel
    ("Figure 3C, 24h", ["3C"]),
    # "panels 9D2" names figures, "panels 48h" a time (notices7)
    ("the panels 48h, Vehicle and 48h, Drug in Fig. 5", ["5"]),
    ("panels 9D2 and 9E1", ["9D2", "9E1"]),
    # a letter glued to digits and a Greek letter is a name; "b-actin" is β-actin (notices8)
    ("Fig 3B 22Rν1 and Fig 3C", ["3B", "3C"]),
    ("Figure 3a, b-actin and Figure 4C-ii", ["3A", "4Cii"]),
])
def test_figure_references_of_every_numbering_family(printed: str, panels) -> None:
    from forensics.notices.figrefs import find_figure_refs

    assert [p for _, _, ps in find_figure_refs(printed) for p in ps] == panels


@pytest.mark.parametrize("statement", [
    "Correction. The corrected Figure 2 is also included in the Supplementary Information.",
    "Correction. Figure 2 was presented with the wrong scale bar; the corrected Figure 2 "
    "appears below.",
    "Retraction. The Figure 2 data were obtained from the same patients as reported in "
    "Figure 3 without consent.",
    "Correction. In Figure 3 vs. Figure 4 the units differed; they are corrected here.",
    # an open question and a place name no duplication (notices7)
    "Expression of concern. Given the contrast of Figure 4B, one cannot tell whether "
    "its lanes come from the same gel.",
    "Expression of concern. The band in lane 3 of the Figure 2A actin blot is sharper "
    "than the other bands in the same panel.",
])
def test_figures_named_in_other_matters_give_no_claim(statement: str) -> None:
    assert parse_notice_text(statement).claims == ()


def test_a_retraction_of_another_cited_work_is_not_the_notices_kind() -> None:
    text = ("After publication, questions were raised about similarities between Fig 4 "
            "in this article [1] and Fig 2 in a later article [2], which has since been "
            "retracted [3]. The journal is looking into the concerns.\n"
            "References\n"
            "[1] Own A. This article. PLoS One. 2015. doi:10.1371/journal.pone.0100001\n"
            "[2] Other B. A later article. Onco Targets Ther. 2017. doi:10.2147/OTT.S100001\n"
            "[3] Editors. A note on a later article. Onco Targets Ther. 2020. "
            "doi:10.2147/OTT.S200001\n")
    notice = parse_notice_text(text)
    assert notice.kind == "unknown"
    assert notice.article.doi != "10.2147/OTT.S200001"
    # said of the notice's own article, a kind word with a citation still counts
    own = parse_notice_text("This article [1] has been retracted [2]. Figure 2A and "
                            "Figure 3B are identical.")
    assert own.kind == "retraction"


@pytest.mark.parametrize("cut", [
    "https://doi.org/10.1096/fj.20180001\n7R, Figure 2B",  # between two characters
    "https://doi.org/10.1096/fj\n.201800017R, Figure 2B",  # before its separator
])
def test_a_doi_cut_by_a_narrow_column_is_read_whole(cut: str) -> None:
    text = ("Retraction\nFigure 3C in this article is identical to Sato et al.,\n"
            f"2018, FASEB J. 32, 100-110,\n{cut}.")
    assert _claims(text) == _expected([(("3C",), "10.1096/fj.201800017R", ("2B",))])


def _sides_by_author(notice) -> list[tuple[tuple[str, ...], str | None, tuple[str, ...]]]:
    """Each claim as (panels, the other article's first author, its panels), sorted."""
    return sorted((c.panels, c.other.first_author if c.other else None, c.other_panels)
                  for c in notice.claims)

def test_a_reference_printed_whole_in_the_sentence_is_the_other_article() -> None:
    # Regression: a reference printed in full with no DOI and no "et al." (authors,
    # title, journal, year;volume:pages) was not seen, and the other article's panel
    # was read as one more panel of this article.
    notice = parse_notice_text(
        "Retraction\nThe Editors have retracted this article. Images in Figure 2C and 4A "
        "have been duplicated with images for Figure 1C from Moreau P, Lindqvist A, Okafor "
        "T. Glioma cells under hypoxia: a made-up title. Journal of Imaginary Oncology. "
        "2017;491:98-103. The authors did not reply.")
    (claim,) = notice.claims
    assert claim.panels == ("2C", "4A") and claim.other_panels == ("1C",)
    assert claim.other is not None
    assert (claim.other.first_author, claim.other.year) == ("Moreau", 2017)


def test_a_list_of_authors_before_et_al_is_cited_by_its_first() -> None:
    # Regression: "Ke Y, Chen L, Zhou M, et al." was taken for a work by Zhou.
    notice = parse_notice_text(
        "Retraction\nImages for Figure 3D have been duplicated with images for Figure 5B "
        "from Halvorsen Y, Mbeki L, Tanaka M, et al. Made-up title. Imag Biosci. "
        "2019;24(8):1452-1461.")
    (claim,) = notice.claims
    assert claim.other is not None and claim.other.first_author == "Halvorsen"
    assert claim.panels == ("3D",) and claim.other_panels == ("5B",)


def test_an_author_year_mention_takes_the_doi_of_its_entry_in_an_unnumbered_list() -> None:
    # Regression: "in Moreau et al. (2019)" with a reference list printed without
    # numbers (one bullet per entry) gave the other article no DOI.
    notice = parse_notice_text(
        "Retraction Note: Journal of Imaginary Signalling (2020) 14:193-205\n"
        "10.5555/jis.2020.550\n"
        "The Editor-in-Chief has retracted this article. After publication, concerns were "
        "raised regarding high similarity between Fig. 5g in this article and Fig. 4g in "
        "Moreau et al. (2019).\n"
        "References\n"
        "- Lindqvist A, Okafor T (2018) An unrelated made-up title. Imag Biosci 12, 1-9 "
        "10.5555/imag.2018.001\n"
        "- Moreau P, Lindqvist A, Okafor T et al (2019) A made-up title. J Imag Cell "
        "Signal 13, 549-560 10.5555/jics.2019.522\n")
    (claim,) = notice.claims
    assert claim.panels == ("5G",) and claim.other_panels == ("4G",)
    assert claim.other is not None and claim.other.doi == "10.5555/jics.2019.522"


def test_a_header_citing_many_pages_is_the_retracted_articles() -> None:
    # Regression: a page header with a research article's citation (pages 204-219)
    # and its DOI, printed before the notice, was taken for the notice's own DOI.
    notice = parse_notice_text(
        "Imag Oncol (Pozn) 2022; 26 (3): 204-219\nhttps://doi.org/10.5555/io.2022.1207\n"
        "Retraction\nThe editors have retracted this article: Figure 2B and Figure 4C "
        "show the same microscopy field under different treatments.")
    assert notice.article.doi == "10.5555/io.2022.1207"
    assert notice.doi is None


def test_a_header_of_a_two_page_notice_is_the_notices_own() -> None:
    notice = parse_notice_text(
        "Imag J Nanomed 2022; 17: 2751-2752\nhttps://doi.org/10.5555/ijn.s3795\n"
        "Retraction\nThe editors have retracted this article: Figure 2B and Figure 4C "
        "show the same microscopy field under different treatments.")
    assert notice.doi == "10.5555/ijn.s3795"


def test_a_time_after_a_whole_figure_is_no_figure() -> None:
    # Regression: "Figure 5, 0h, Naked siRNA" gave a panel "0H" (figure 0, panel h).
    from forensics.notices.figrefs import find_figure_refs

    assert [p for _, _, p in find_figure_refs("The image from Figure 5, 0h, Naked siRNA, "
                                              "has been duplicated")] == [("5",)]


def test_one_figure_from_two_references_printed_whole_is_two_claims() -> None:
    # Regression: the second reference was cut off as a sentence of its own at the
    # initials of the first, and two other articles without DOIs counted as one claim.
    notice = parse_notice_text(
        "Retraction\nImages in Figure 2C and 5A have been duplicated with images for "
        "Figure 1C from Moreau P, Lindqvist A. A made-up title. Journal of Imaginary "
        "Oncology. 2017;491:98-103. and Okafor T, Berg S. Another made-up title. "
        "Imaginary Immunology. 2018;93:107-114. The authors did not reply.")
    assert _sides_by_author(notice) == [(("2C", "5A"), "Moreau", ("1C",)),
                                        (("2C", "5A"), "Okafor", ("1C",))]


def test_the_editors_ruling_to_retract_outranks_an_asked_for_corrigendum() -> None:
    # Regression: "an appeal that a Corrigendum be published, the Editor has ruled that
    # the article should be retracted" was read as a correction (the first kind word).
    notice = parse_notice_text(
        "After considering the overlapping images in Fig. 3B and Fig. 5C, and an appeal "
        "from the authors that a Corrigendum be published, the Editor has ruled that the "
        "article should be retracted from the journal.")
    assert notice.kind == "retraction"


def test_a_heading_after_a_sentence_is_a_sentence_of_its_own() -> None:
    # Regression: "… duplicated across the figure. An internal investigation concluded
    # the following:" was read as one sentence (the heading has no auxiliary verb), so
    # the prose's relation became the list's and the items were not read for claims.
    notice = parse_notice_text(
        "The following article has been retracted at the request of the Editor:\n"
        "The authors asked to replace an image in Figure 1C. The authors noted that images "
        "were duplicated across the figure. An internal investigation concluded the "
        "following:\n"
        "1) In Figure 1C, the images of the control and treated cells appear highly "
        "similar.\n"
        "2) In Figure 3D, the images of the sham and stroke groups appear highly similar.\n")
    assert {c.panels for c in notice.claims if c.parsed} == {("1C",), ("3D",)}


def test_the_same_letters_of_two_figures_match_panel_for_panel() -> None:
    # Regression: "the data in Fig. 2E and F with those in Fig. 5E and F" was one claim
    # of four panels; a reader pairs each panel with its namesake.
    notice = parse_notice_text(
        "Retraction\nOverlapping data panels were identified comparing the data in Fig. 2E "
        "and F with those in Fig. 5E and F, which were meant to show different "
        "experiments.")
    assert sorted(c.panels for c in notice.claims) == [("2E", "5E"), ("2F", "5F")]


def test_more_sources_after_a_semicolon_keep_the_subject() -> None:
    # Regression: after "Figure 4D … duplicated with images for Figure 2C from <A>", the
    # clause "; Figure 2C from <B> and Figure 5B from <C>" paired 2C with 5B of C.
    notice = parse_notice_text(
        "Retraction\nImages for Figure 4D have been duplicated with images for Figure 2C "
        "from Moreau P, et al (2017); Figure 2C from Okafor T, et al (2018) and Figure 5B "
        "from Berg S, Lindqvist A, Tanaka M, et al. A made-up title. Imag Biosci. "
        "2019;24(8):1452-1461. The authors did not reply.")
    assert _sides_by_author(notice) == [(("4D",), "Berg", ("5B",)), (("4D",), "Moreau", ("2C",)),
                                        (("4D",), "Okafor", ("2C",))]


def test_bulleted_numbered_references_and_run_in_items_are_read() -> None:
    # Regression: list items run into one line after "Specifically:" (" - Figure 2c:
    # …") were read as one statement, and "- 1. Guo B, …" entries were no reference list.
    notice = parse_notice_text(
        "Retraction\nThe article was retracted after an investigation. Specifically: - "
        "Figure 2c: The blot bands have been duplicated in Figure 2b of [1]. - Figure 3a: "
        "The tumours appear identical to those of Figure 5a in [2].\n"
        "References\n"
        "- 1. Moreau P, Okafor T. A made-up title. Imag Biol. 2016; 37:3841-50. "
        "https://doi.org/10.5555/ib.2016.4235\n"
        "- 2. Berg S, Tanaka M. Another made-up title. Imag Pharm. 2017; 89:1453-61. "
        "https://doi.org/10.5555/ip.2017.012\n")
    got = sorted((c.panels, c.other.doi if c.other else None, c.other_panels)
                 for c in notice.claims)
    assert got == [(("2C",), "10.5555/ib.2016.4235", ("2B",)),
                   (("3A",), "10.5555/ip.2017.012", ("5A",))]


def test_a_notice_that_names_itself_has_that_kind() -> None:
    # Regression: "requesting retraction of these articles" came first, but the text
    # calls itself "This expression of concern".
    notice = parse_notice_text(
        "The journal was contacted by the author, requesting retraction of these articles; "
        "Figure 2B and Figure 4C were said to show the same field. This expression of "
        "concern will remain in place until further evidence is provided.")
    assert notice.kind == "expression of concern"


def test_a_panel_marked_as_the_articles_own_reference_after_the_verb_is_this_articles() -> None:
    # Regression: "[4] …, where Figure 4(c) panels are copied by those of Figure 2(b) in
    # [1]", [1] being the article itself, made Figure 4C this article's and 2B the other's.
    notice = parse_notice_text(
        "The Editors have retracted the article titled \u201cA made-up study of mice\u201d "
        "[1] after duplications with another article by the same group [3] came to light, "
        "where three panels of Figure 4(c) are duplicated by three panels of Figure 2(b) "
        "in [1].")
    assert [(c.panels, c.other is not None, c.other_panels) for c in notice.claims] == [
        (("2B",), True, ("4C",))]


def test_the_article_under_its_reference_number_with_the_journal_between() -> None:
    # Regression: "this PLOS ONE publication [1]" was not read as the article, so
    # "Figure 3c [1]" became another article's panel.
    notice = parse_notice_text(
        "Retraction\nConcerns were raised about this Imag Biol publication [1] and an "
        "article in another journal [2].\n"
        "- Figure 5d [2] is similar to Imag Biol Figure 2b [1].\n")
    assert [(c.panels, c.other is not None, c.other_panels) for c in notice.claims] == [
        (("2B",), True, ("5D",))]


def test_roman_item_marks_glued_to_their_items_start_items() -> None:
    # Regression: ": (i)Panel 2 in Figure 1(b) … (c).(ii)Panel 3 …", as a web page copied
    # as text leaves it, was one statement of four panels.
    notice = parse_notice_text(
        "Retraction\nDuplications were found within the article: (i)Panel 2 in Figure 1(b) "
        "is the same as panel 6 in Figure 3(c).(ii)Panel 1 in Figure 2(a) is the same as "
        "panel 4 in Figure 2(a).")
    assert sorted(c.panels for c in notice.claims) == [("1B", "3C"), ("2A",)]


def test_this_figure_panel_is_the_panel_named_before() -> None:
    # Regression: "Figure 2D shows … The blot in this figure panel …" became Figure 2.
    notice = parse_notice_text(
        "Correction\nFigure 2D shows a Northern blot of the mutant lines. The blot in this "
        "figure panel was mounted with a loading control reused from a previous "
        "publication [Moreau P et al., Imag Biol 12, 345 (2009)].")
    assert [c.panels for c in notice.claims] == [("2D",)]


@pytest.mark.parametrize("wording", [
    "There is an error in the legend of Figure 3. The correct legend is given here.",
    "We apologise for the errors in the labels of Figure 2. To rectify this, a new "
    "figure is supplied.",
])
def test_a_corrections_wording_without_the_word_makes_a_correction(wording: str) -> None:
    # Regression: texts printing no kind word but correcting an error were "unknown".
    notice = parse_notice_text(wording + " Figure 2A duplicates Figure 4B.")
    assert notice.kind == "correction"


def test_the_doi_over_an_article_page_marked_retracted_is_the_articles() -> None:
    # Regression: a catalogue page printing the article's citation and then "This
    # article has been retracted" gave that DOI to the notice.
    notice = parse_notice_text(
        "Imag Biol. 2021 May 3;12:4567. doi: 10.5555/ib.2021.4567. Epub 2021 Feb 1.\n"
        "This article has been retracted at the request of the Editor. Figures 2B and 5C "
        "appear to contain the same images.")
    assert (notice.doi, notice.article.doi) == (None, "10.5555/ib.2021.4567")


def test_a_pair_stated_again_without_labels_is_one_claim() -> None:
    # Regression: a list item naming Figure 3c [1] and Figure 4a [2] in two sentences
    # gave the pair twice.
    notice = parse_notice_text(
        "Retraction\nConcerns were raised about this article [1].\n"
        "- Figure 3c [1] is similar to Figure 4a [2]. The values in Figure 3c [1] and "
        "Figure 4a [2] are identical when offset by 6 ns.\n")
    assert [(c.panels, c.other_panels) for c in notice.claims] == [(("3C",), ("4A",))]


def test_the_same_figures_of_two_articles_without_details_are_two_claims() -> None:
    # Regression (of the rule above): "Figure 2a of a previous article [1]" and "Figure
    # 2a of a previous article [2]", no reference list printed, became one claim.
    notice = parse_notice_text(
        "Retraction\nThe Editors retracted this article because:\n\n"
        "4 panels in Figure 2a appear to be the same as panels in Figure 2a of a previous "
        "article [1]\n\n"
        "3 panels in Figure 2a appear to be the same as panels in Figure 2a of a previous "
        "article [2]\n")
    assert [(c.panels, c.other_panels) for c in notice.claims] == [(("2A",), ("2A",))] * 2


def test_a_panel_of_this_year_journal_article_after_the_relation_is_this_articles() -> None:
    # Regression: "In a 2012 article (… DOI: …), lanes 1 and 2 … in Fig. 1A appear to be
    # the same as … Fig. 3G of this 2008 Imag Biol article" took 1A as this article's;
    # and "FLIP" (a protein) was a flip.
    notice = parse_notice_text(
        "Expression of Concern\nIn a 2012 article (Imag Pharm 2012;4:e4394; DOI: "
        "10.5555/ip.2012.4394), lanes 1 and 2 of the FLIP panel in Fig. 1A appear to be "
        "the same as lanes 2 and 3 of the Actin panel in Fig. 3G of this 2008 Imag Biol "
        "article.")
    [claim] = notice.claims
    assert (claim.panels, claim.other.doi if claim.other else None, claim.other_panels,
            claim.transform) == (("3G",), "10.5555/ip.2012.4394", ("1A",), None)


def test_a_list_of_phrases_after_a_colon_is_a_claim_per_phrase() -> None:
    # Regression: ": the A panel in Fig. 2B and the B panel in Fig. 2C, the p-ERK and ERK
    # panels in Fig. 2C, and …" joined the second phrase to the first.
    notice = parse_notice_text(
        "Retraction\nSeveral bands appear to be identical: the first lanes of the Akt panel "
        "in Fig. 2B and the Bax panel in Fig. 2C, the p-ERK and ERK panels in Fig. 2C, and "
        "the tubulin panels from Fig. 2B and 6D.")
    assert [c.panels for c in notice.claims] == [("2B", "2C"), ("2C",), ("2B", "6D")]


def test_an_assay_of_a_figure_done_again_is_no_duplication() -> None:
    # Regression: "the cell death assays (Fig. 1) were repeated" was a claim on Figure 1.
    notice = parse_notice_text(
        "Retraction\nIn Fig. 3A, the gel is identical to that of Fig. 5B. Finally, the "
        "viability assays (Fig. 1) were repeated, with other results.")
    assert [c.panels for c in notice.claims] == [("3A", "5B")]


def test_a_duplication_joined_to_another_kind_of_finding_names_its_own_figures() -> None:
    # Regression: "image duplication in Figure 8 and copy-paste marks and image
    # manipulation in western blot gels (Figures 6, 7, 10)" was one claim on four figures.
    notice = parse_notice_text(
        "Retraction\nThe investigation revealed image duplication in Figure 5 and erased "
        "bands and image manipulation in the blots (Figures 2, 3, 9).")
    assert [c.panels for c in notice.claims] == [("5",)]


def test_a_heading_stating_a_duplication_keeps_its_claim_and_gives_its_lanes_panels() -> None:
    # Regression: a list item "The Akt blot in Fig. 3B and the Akt blot in Fig. 6C appear
    # identical, with these duplicated lanes:" and its sub-items ("Lane 2 appears to be a
    # duplicate of lane 5") gave no claim at all.
    notice = parse_notice_text(
        "Retraction\nThe instances include:\n\n"
        "  \u2022 The Akt blot in Fig. 3B and the Akt blot in Fig. 6C appear to be identical "
        "images that contain the following duplicated lanes:\n\n"
        "    \u2022 \u2218 Lane 2 appears to be a duplicate of lane 5, flipped.\n\n"
        "    \u2022 \u2218 Lane 3 appears to be a duplicate of lane 8.\n\n"
        "The University did not answer.\n")
    assert [(c.panels, c.transform) for c in notice.claims] == [
        (("3B", "6C"), None), (("3B", "6C"), "flipped"), (("3B", "6C"), None)]


def test_dois_after_the_above_cited_article_are_not_the_articles() -> None:
    # Regression: "The above-cited article … was the subject of an expression of concern
    # (Imag Biol 2019;6:345. DOI: …)" gave the earlier notice's DOI to the article.
    notice = parse_notice_text(
        "The above-cited article has been retracted by the publisher. This article was "
        "previously the subject of an expression of concern in the journal (Imag Biol "
        "2019;6:345. DOI: 10.5555/ib19-ec2019a). In Fig. 3B, lanes 4 and 6 appear to be "
        "duplicates.")
    assert notice.article.doi is None


def test_another_articles_panel_does_not_detail_a_claim_on_this_articles_figure() -> None:
    # Regression: "Fig. 9A … identical to Fig. 6A of another article", then "In Fig. 6,
    # some rows … are duplicates": the other article's 6A was taken to detail (and drop)
    # the claim on this article's Figure 6.
    notice = parse_notice_text(
        "Retraction\nIn Fig. 9A, the gel is identical to that published in Fig. 6A of "
        "another article by P. Moreau et al. (Imag Biol 14:1228-1239, 2015). In Fig. 6, "
        "some rows of spotted cells are duplicates of the exact same images.")
    assert sorted((c.panels, c.other_panels) for c in notice.claims) == [
        (("6",), ()), (("9A",), ("6A",))]


def test_a_citation_mark_broken_over_two_lines_is_one_mark() -> None:
    # Regression: "… in Fig. 3 in [" / "1] and …", as a page's layout breaks it, was no
    # citation, so the claim had no other article.
    notice = parse_notice_text(
        "Retraction\nConcerns were raised about the figures:\n-\nThe 0 h panel in Fig. 2a "
        "appears similar to the 0 h panel in Fig. 3 in [\n1] and the 24 h panel in Fig. "
        "2C in [\n2].\n")
    assert sorted((c.panels, c.other is not None, c.other_panels) for c in notice.claims) \
        == [(("2A",), True, ("2C",)), (("2A",), True, ("3",))]


def test_our_article_titled_is_another_article() -> None:
    # Regression: "Figs. 1E and 6C … contain images duplicated from Fig. 2C of our article
    # titled "…"" was read as a duplication inside the article.
    notice = parse_notice_text(
        "We wish to retract the article titled \u201cA made-up study\u201d. Figs. 1E and 6C "
        "of the above manuscript contain images duplicated from Fig. 2C of our article "
        "titled \u201cAnother made-up study\u201d.")
    [claim] = notice.claims
    assert (claim.panels, claim.other is not None, claim.other_panels) == (
        ("1E", "6C"), True, ("2C",))


def test_another_article_described_again_is_the_one_its_doi_introduced() -> None:
    # Regression: "Fig. 2D of this article ... Fig. 4B of the earlier Cell Rep study",
    # after "an earlier Cell Rep study (DOI: …)", read both figures as this article's.
    notice = parse_notice_text(
        "Expression of Concern\nReaders wrote to the journal about this article and an "
        "earlier Cell Rep study by the same group (Cell Rep 2012;3:101-110. DOI: "
        "10.5555/cr.2012.0101). The GAPDH blot in Fig. 2D of this article closely "
        "resembles the Tubulin blot in Fig. 4B of the earlier Cell Rep study. The "
        "earlier Cell Rep study was itself corrected (DOI: 10.5555/cr.2014.0042).")
    [claim] = notice.claims
    assert (claim.panels, claim.other and claim.other.doi, claim.other_panels) == (
        ("2D",), "10.5555/cr.2012.0101", ("4B",))


def test_figures_of_a_journal_volume_and_pages_are_another_articles() -> None:
    # Regression: "lanes 1-4 in Fig. 5C of this article and lanes 2-5 in Fig. 1A of
    # Imag Biol 12:330-341" gave one claim on two panels of this article.
    notice = parse_notice_text(
        "Retraction\nThe publisher found the following: lanes 1-4 of the actin strip in "
        "Fig. 5C of this article and lanes 2-5 of the actin strip in Fig. 1A of Imag Biol "
        "12:330-341 appear to be duplicates.")
    [claim] = notice.claims
    assert (claim.panels, claim.other is not None, claim.other_panels) == (
        ("5C",), True, ("1A",))


def test_the_paper_alone_names_no_other_article() -> None:
    # A description with nothing to tell which article it is ("the paper") is no
    # citation: the two figures stay one claim inside the article.
    notice = parse_notice_text(
        "Retraction\nThe blot in Fig. 2A of the paper appears to duplicate the blot in "
        "Fig. 5C.")
    [claim] = notice.claims
    assert claim.other is None


def test_a_turn_with_its_direction_keeps_its_angle() -> None:
    # Regression: "rotated clockwise by ~90°" gave "rotated" without its angle.
    notice = parse_notice_text(
        "Retraction\nIn Figure 2C, the panel siNC appears to be duplicated with the panel "
        "siATF4 of Figure 4A, which has been rotated anticlockwise by ~90°.")
    [claim] = notice.claims
    assert claim.transform == "rotated 90°"


def test_a_count_after_a_lettered_panel_is_no_figure() -> None:
    # Regression: "… as panels in Figure 2a and 1 panel appears …" read a Figure 1.
    notice = parse_notice_text(
        "Retraction\n3 panels in Figure 4b appear to be the same as panels in Figure 3c "
        "and 1 panel appears to be the same as a panel in Figure 2d of a previous "
        "article [1].\n\nReferences\n1. Doe J, Roe R. A made-up study. Imag Biol. "
        "2012;3:44-50.")
    assert all("1" not in c.panels + c.other_panels for c in notice.claims)
    assert {p for c in notice.claims for p in c.panels + c.other_panels} == {"4B", "3C", "2D"}


def test_the_articles_own_journal_describes_the_article() -> None:
    # "Fig 2A of the PLOS ONE article" where "this article [1]" is a PLoS ONE article is
    # the article itself, not another one.
    notice = parse_notice_text(
        "Retraction: A made-up study\n\nThe PLOS ONE Editors retract this article [1] "
        "because of concerns about the figures. Readers noted that the blot in Fig 2A of "
        "the PLOS ONE article appears to duplicate the blot in Fig 5C.\n\nReference\n1. "
        "Doe J, Roe R (2019) A made-up study. PLoS ONE 14(5): e0212345. "
        "https://doi.org/10.1371/journal.pone.0212345\n")
    [claim] = notice.claims
    assert claim.other is None


def test_the_doi_of_the_work_first_published_is_the_articles() -> None:
    # Regression: "Retraction for "…" by …, which was first published May 3, 2004;
    # <DOI>", under the notice's own page address, gave the notice's DOI to the article.
    notice = parse_notice_text(
        "May 2, 2022 retraction. https://www.imagbiol.org/doi/full/10.5555/ib.2213841119\n"
        "Cell Biology Retraction for \u201cA made-up study of imaginary cells\u201d by J. Doe "
        "and R. Roe, which was first published May 3, 2004; 10.5555/ib.242625399 (Imag Biol "
        "12, 330-341). The authors note, \u201cWe are retracting this article because the "
        "blot in Fig. 2A appears to duplicate the blot in Fig. 4C.\u201d")
    assert notice.article.doi == "10.5555/ib.242625399"


def test_panels_from_sources_respectively_go_one_to_each_source() -> None:
    # Regression: "Figure 5B … duplicates Figure 2C … and Figure 4D … from <A> and <B>,
    # respectively" gave both panels to both articles.
    notice = parse_notice_text(
        "Retraction\nThe image for Figure 5B, control, duplicates the images for Figure "
        "2C, Mock, and Figure 4D, Vehicle, from Doe J, et al. Imag Biol. 2019;12:330-341. "
        "https://doi.org/10.5555/ib.1111 and Roe R, et al. Cell Imag. 2020;3:44-50. "
        "https://doi.org/10.5555/ci.2222, respectively.")
    found = {(c.panels, c.other.doi if c.other else None, c.other_panels)
             for c in notice.claims}
    assert found == {(("5B",), "10.5555/ib.1111", ("2C",)),
                     (("5B",), "10.5555/ci.2222", ("4D",))}


def test_a_whole_reference_joined_by_and_is_a_citation_of_its_own() -> None:
    # Regression: "from Doe J, et al, Imag Biol. 2019;12:330 and Roe R, …; doi: …" read
    # one citation from Doe to the DOI, so Doe's article took Roe's DOI.
    notice = parse_notice_text(
        "Retraction\nFigure 3A duplicates Figure 1B and Figure 2E from Doe J, et al, "
        "Imag Biol. 2019;12:330 and Roe R, Poe S, et al. A made-up title of a study. "
        "Cell Imag. 2021;4(2):55-60. doi: https://doi.org/10.5555/ci.3333, respectively.")
    by_panel = {c.other_panels: c.other for c in notice.claims}
    assert by_panel[("2E",)].doi == "10.5555/ci.3333"
    assert by_panel[("1B",)].first_author == "Doe" and by_panel[("1B",)].doi is None


def test_a_figure_of_a_previous_paper_is_not_the_articles_doi() -> None:
    # Regression: "… in Fig. 4C of a previous paper by Doe et al. (2001) (doi…)" under a
    # notice naming the article's DOI first took the earlier paper's DOI for the article.
    notice = parse_notice_text(
        "Expression of concern\nThe journal was alerted to issues with Imag. Biol. (2003) "
        "12, 330-341 (doi.org/10.5555/ib.12.330). In Fig. 2B the sample size is N=20, but "
        "in Fig. 4C of a previous paper by Doe et al. (2001) (doi.10.5555/ib.10.12) showing "
        "the same experiment it is N=40.")
    assert notice.article.doi == "10.5555/ib.12.330"


def test_a_place_in_a_journal_name_does_not_start_a_second_citation() -> None:
    # Regression: "(Doe et al., 2018, Imag Biol (Boston MA) 10, 97-108, doi…)" read
    # "Boston MA" as an author, so one citation became two claims.
    notice = parse_notice_text(
        "Retraction\nThe editors found that Figure 2 was reused from the authors' earlier "
        "work (Doe et al., 2018, Imag Biol (Boston MA) 10, 97-108, "
        "https://dx.doi.org/10.5555/ib.101441).")
    [claim] = notice.claims
    assert (claim.panels, claim.other.doi, claim.other.first_author) == (
        ("2",), "10.5555/ib.101441", "Doe")
