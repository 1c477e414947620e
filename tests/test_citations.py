"""A manuscript citing a retracted article: reported with the sentence that cites it."""

from __future__ import annotations

import pymupdf

from forensics import audit
from forensics.fixtures.papers import plan_paper, write_corpus
from forensics.notices import parse_notice_text

RETRACTED = ("Xu P, Zhang G, Sha L, Hou S. DUSP1 alleviates cerebral ischaemia reperfusion "
             "injury via inactivating JNK/Mff pathways and repressing mitochondrial fission. "
             "Life Sci. 2018;210:251-262. doi:10.1016/j.lfs.2018.08.049")

NOTICE = """Retraction notice to "DUSP1 alleviates cerebral ischaemia reperfusion injury via
inactivating JNK/Mff pathways and repressing mitochondrial fission"
[Life Sciences 210 (2018) 251-262], https://doi.org/10.1016/j.lfs.2018.08.049

This article has been retracted at the request of the Editor-in-Chief, because images in
the article had been duplicated in other articles.
"""


def test_citation_of_a_retracted_article_is_flagged_with_its_sentence(tmp_path):
    import numpy as np

    rng = np.random.default_rng(4)
    spec = plan_paper(0, rng)
    spec.references[1] = RETRACTED
    write_corpus(tmp_path, [spec], [], [], rng)
    path = tmp_path / spec.file
    with pymupdf.open(path) as doc:  # a sentence citing reference 2 in the body
        doc[0].insert_text((56, 800), "Mitochondrial fission was shown to drive injury [2].",
                           fontname="tiro", fontsize=9)
        doc.save(tmp_path / "cites.pdf")
    notice = parse_notice_text(NOTICE, "notice.txt")
    assert notice.kind == "retraction" and notice.article.doi == "10.1016/j.lfs.2018.08.049"

    report = audit.scan([tmp_path / "cites.pdf"], notices=[notice])
    [hit] = report.retracted_citations
    assert hit.doi == "10.1016/j.lfs.2018.08.049"
    assert "DUSP1" in hit.reference
    assert hit.context == "Mitochondrial fission was shown to drive injury [2]."
