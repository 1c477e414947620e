"""One notice's text or PDF: its kind, reasons, article, the other papers, claims."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from forensics.citations import (
    AUTHOR_NAME_RE,
    CITATION_ANCHORS,
    clean_text,
    find_dois,
    normalise_doi,
    parse_citation,
)
from forensics.errors import NoticeParseError
from forensics.model import Article, Notice
from forensics.notices.claims import (
    extract_claims,
)
from forensics.notices.figrefs import (
    _FIG_KW,
)
from forensics.notices.kinds import (
    _KIND_PATTERNS,
    _REASON_PATTERNS,
    ANOTHER_ARTICLE,
    RELATIONS,
    UNKNOWN_KIND,
    _order_reasons,
    detect_kind,
)
from forensics.notices.reading import (
    MAX_NOTICE_BYTES,
    MAX_NOTICE_PDF_BYTES,
    read_notice_bytes,
)
from forensics.notices.text import (
    _paragraphs,
    _split_references,
    with_run_in_items,
)

_NOTICE_CUE = re.compile(
    r"(?:^|\b)(?:citation|cite this(?: article)?|notice doi|doi of this (?:notice|retraction)"
    r"|this (?:notice|retraction|correction|erratum)(?: notice)?|published online|notice\s*:)\s*:?",
    re.I,
)


#: "overlap … between this Biophysical Journal article and D. Rutkauskas, … doi:…": the
#: citation after "and" is the article this one is compared with.
_COMPARED_WITH = re.compile(
    r"\bbetween\s+(?:this|the\s+(?:present|above|current))\s+(?:[\w-]+\s+){0,3}"
    r"(?:article|paper|publication|study)\s+and\b",
    re.I,
)


_CITED_ABOVE = re.compile(r"\b(?:above-cited|cited\s+above)\s+(?:article|paper|publication)",
                          re.I)
_ABOVE = re.compile(r"\bthe\s+above(?:-mentioned)?\s+(?:paper|article|publication)", re.I)
#: The article's own page marked retracted under its citation: "Life Sci. 2020;250:117519.
#: doi: … This article has been retracted: please see …".
_ARTICLE_PAGE = re.compile(r"\bthis\s+article\s+has\s+been\s+(?:retracted|withdrawn)\b", re.I)


_ARTICLE_CUE = re.compile(
    r"original(?: research)? (?:article|paper|publication)|article reference"
    r"|retraction (?:note )?(?:of|to|for)\b|retraction notice to"
    # "Retraction for "<title>" by …, which was first published November 25, 2002; <DOI>"
    r"|(?:which|that) was (?:first|originally) published\b"
    r"|correction (?:note )?(?:to|for)\b|erratum to|concern (?:for|about|regarding|on)\b"
    r"|the above|the following article|was published in|article cited above|retracts? the"
    r"|retracted article"
    r"|this (?:article|paper)|the article"
    # "Expression of Concern: Z. Li, <title>, J Cell Biochem. 2018 (doi…)": the kind,
    # then the article's authors
    r"|(?:retraction|expression of concern|correction|erratum|corrigendum)\s*:\s+"
    r"(?=(?:[A-Z]\.\s*)+[A-Z][a-z]+,)",
    re.I,
)


_TITLE_PATTERNS = (
    re.compile(r"(?:retraction|correction|erratum|concern) (?:notice )?to\s*\"([^\"]{10,400})\"",
               re.I),
    re.compile(r"(?:article|paper) (?:titled|entitled)\s*,?\s*\"([^\"]{10,400})\"", re.I),
    re.compile(r"^\s*(?:retraction(?: note)?|retracted|correction|erratum|corrigendum"
               r"|(?:editorial )?expression of concern)\s*(?:to|for)?\s*:\s*(.{10,400})$", re.I),
    re.compile(r"^\s*(.{10,400}?)\s*\[(?:retraction|retracted|correction|erratum"
               r"|expression of concern)\]\s*$", re.I),
)


def _doi_roles(body: str, refs: dict[int, str], claim_dois: set[str]) -> tuple[str | None,
                                                                                str | None]:
    """Decide which DOI is the notice's own and which is the article's."""
    notice_doi: str | None = None
    article_doi: str | None = None
    unlabelled: list[str] = []
    # a reference list entry cited as "this article [1]" / "the article [1]"
    for m in re.finditer(r"\[(\d{1,3})\]", body):
        n = int(m.group(1))
        window = body[max(0, m.start() - 160):m.start()]
        if n in refs and _ARTICLE_CUE.search(window) and not _FIG_KW.search(window[-60:]):
            d = find_dois(refs[n])
            if d and d[0][2] not in claim_dois:
                article_doi = d[0][2]
                break
    flat = "\n".join(_paragraphs(body))
    prev_end = 0
    found = find_dois(flat)
    # whether each DOI has an article cue in its own paragraph ("Retraction Note to: J Z
    # 39, 200 (2020) https://doi.org/…"): such a cue is that DOI's, and one in a
    # paragraph before (a title "Retraction Note to: <title>") is not an earlier DOI's
    cued_here = [bool(_ARTICLE_CUE.search(flat, flat.rfind("\n", 0, s_) + 1, s_))
                 for s_, _e, _d in found]
    # "The above-cited article …": the article's citation is printed over the text, so
    # a DOI after those words is another document's (an earlier notice, another article)
    above = _CITED_ABOVE.search(flat)
    after_above = {doi for start, _, doi in found if above and start > above.start()}
    for i, (start, end, doi) in enumerate(found):
        before = flat[max(prev_end, start - 400):start]
        prev_end = end
        if doi in claim_dois or doi in (notice_doi, article_doi):
            continue
        para = flat[flat.rfind("\n", 0, start) + 1:start]
        if _COMPARED_WITH.search(para[-300:]):
            continue  # "overlap between this article and <citation>": another article
        cues = [(m.end(), "notice") for m in _NOTICE_CUE.finditer(before)]
        cues += [(m.end(), "article") for m in _ARTICLE_CUE.finditer(before)]
        if para.lower().startswith(("citation", "cite this")):
            cues.append((len(before) + 1, "notice"))
        figures = list(_FIG_KW.finditer(para[-150:]))
        if figures and ANOTHER_ARTICLE.search(para[-150:], figures[-1].end()):
            continue  # "… in Fig. 8C of a previous paper by … (doi…)": another article
        if figures and not re.search(r"[.;]\s+[A-Z][a-z]", para[-150:][figures[-1].end():]):
            # "… in Fig. 3 and Fig. S3 of Development (2014) 141 (doi:…)": the source of
            # the figures a claim names is the article, never the notice
            cues.append((len(before), "article"))
        para_start = len(before) - len(para)
        if (not cued_here[i] and any(cued_here[i + 1:])
                and max(cues, default=(0, ""))[0] <= para_start
                and max(cues, default=(0, ""))[1] == "article"):
            cues = []  # the article cue before this paragraph is a later DOI's
        if cues:
            role = max(cues)[1]
            if role == "notice" and notice_doi is None:
                notice_doi = doi
                continue
            if role == "article" and article_doi is None and doi not in after_above:
                article_doi = doi
                continue
        unlabelled.append(doi)
    first_kind = min((m.start() for _, pat in _KIND_PATTERNS for m in [pat.search(flat)] if m),
                     default=0)
    for start, end, doi in find_dois(flat):
        # a page header printed before the notice's title carries the notice's own DOI,
        # unless the text then calls what it printed "the above paper"
        if start < first_kind and doi in unlabelled and notice_doi is None:
            if article_doi is None and (_ABOVE.search(flat, end)
                                        or _article_pages(flat[max(0, start - 200):start])
                                        or _ARTICLE_PAGE.search(flat, end, end + 300)):
                article_doi = doi
            else:
                notice_doi = doi
    for doi in unlabelled:
        if doi in (notice_doi, article_doi):
            continue
        if article_doi is None and doi in after_above:
            continue
        if article_doi is None:
            article_doi = doi
        elif notice_doi is None:
            notice_doi = doi
    # A notice comes after its article: many DOIs carry their year, and a notice whose
    # year is earlier than its article's has the two the wrong way round.
    if notice_doi is None and article_doi is not None:
        # "… has retracted the article [1]": the article is in the reference list and
        # the DOI printed with the notice is the notice's own.
        article_year = _doi_year(article_doi)
        # (never a DOI a claim cites as the other article)
        older = [d for ref in refs.values() for _s, _e, d in find_dois(ref)
                 if article_year and d not in claim_dois
                 and (year := _doi_year(d)) and year < article_year]
        if older:
            notice_doi, article_doi = article_doi, older[0]
    if notice_doi and article_doi:
        year_n, year_a = _doi_year(notice_doi), _doi_year(article_doi)
        if year_n and year_a and year_a > year_n:
            notice_doi, article_doi = article_doi, notice_doi
    return notice_doi, article_doi


#: Pages of a citation: "26 (3): 204-219", "2018;13:3907–3920", "pp. 12-20".
_PAGE_RANGE = re.compile(r"(?:[:,]|\bpp?\.)\s*(\d{1,6})\s*[-\u2013\u2014]\s*(\d{1,6})\b")


def _article_pages(citation: str) -> bool:
    """Whether the citation just before a DOI spans more pages than a notice takes
    (one or two): the header of a page that shows a research article's notice."""
    for m in _PAGE_RANGE.finditer(citation):
        first, last = int(m.group(1)), int(m.group(2))
        if last - first >= 3:
            return True
    return False


def _doi_year(doi: str) -> int | None:
    """The publication year a DOI carries (10.1155/2021/…, 10.1016/j.lfs.2018.08.049)."""
    m = re.search(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)", doi)
    return int(m.group(1)) if m else None


def _article_citation(body: str, article_doi: str | None, title: str | None) -> Article:
    """Find and parse the citation of the notice's article."""
    paras = _paragraphs(body)
    candidates: list[str] = []
    if article_doi:
        for para in paras:
            if len(candidates) >= 3:
                break  # a notice prints its article's citation once or twice
            for start, end, doi in find_dois(para):
                if doi == article_doi and len(candidates) < 3:
                    lo = max(0, start - 600)
                    chunk = para[lo:end]
                    # start after the last sentence that is prose
                    cut = max(chunk.rfind(" by "), chunk.rfind(": "), chunk.rfind("\""), 0)
                    candidates.append(chunk[cut:] if cut > len(chunk) // 3 else chunk)
    for para in paras[:12]:
        if AUTHOR_NAME_RE.match(para) and any(p.search(para) for p in CITATION_ANCHORS):
            candidates.append(para)
        m = re.search(r"\bby\s+(" + AUTHOR_NAME_RE.pattern + r".{0,400})", para)
        if m and any(p.search(m.group(1)) for p in CITATION_ANCHORS):
            candidates.append(m.group(1))
    for cand in candidates:
        if title and title in cand:
            cand = cand.replace(title, " ")
        art = parse_citation(cand)
        if art.first_author and (art.year or art.journal):
            return art
    return Article()


def _find_title(lines: list[str], text: str) -> str | None:
    for pattern in _TITLE_PATTERNS[:2]:
        m = pattern.search(text.replace("\n", " "))
        if m:
            return m.group(1).strip(" .")
    for line in lines[:40]:
        for pattern in _TITLE_PATTERNS[2:]:
            m = pattern.match(line)
            if m:
                title = m.group(1).strip(" .")
                title = re.sub(r"^RETRACTED(?: ARTICLE)?\s*:\s*", "", title)
                if not any(a.search(title) for a in CITATION_ANCHORS[:3]) and not find_dois(title):
                    return title
    return None


def parse_notice_text(text: str, file: str | None = None) -> Notice:
    """Parse the text of one notice into a :class:`Notice`.

    Parameters
    ----------
    text : str
        The notice as text (plain, markdown or a PDF's text layer).
    file : str, optional
        Where the text came from, recorded on the notice.

    Returns
    -------
    Notice

    Raises
    ------
    NoticeParseError
        If the text is empty, longer than
        :data:`~forensics.notices.reading.MAX_NOTICE_BYTES` characters (a notice is a
        page or two; a longer text is refused, not cut), says nothing a notice says (no
        kind word and no claim; a text with claims but no kind word is a notice of kind
        ``"unknown"``), or states more than :data:`~forensics.notices.claims.MAX_CLAIMS`
        claims.

    Examples
    --------
    >>> n = parse_notice_text("Retraction: X. The article has been retracted because "
    ...                       "Figure 2B duplicates Figure 4C.")
    >>> n.kind, n.claims[0].panels, n.claims[0].other_panels
    ('retraction', ('2B', '4C'), ())
    """
    if not text or not text.strip():
        raise NoticeParseError(f"{file or 'notice'}: empty text")
    if len(text) > MAX_NOTICE_BYTES:
        raise NoticeParseError(f"{file or 'notice'}: {len(text):,} characters, over the "
                               f"{MAX_NOTICE_BYTES:,} a notice may hold; refused")
    cleaned = with_run_in_items(clean_text(text))
    body, refs = _split_references(cleaned)
    kind = detect_kind(body) or detect_kind(cleaned)
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    title = _find_title(lines, body)
    # first pass without the own article, to find DOIs cited in claims
    pre_claims = extract_claims(body, None, refs)
    claim_dois = {normalise_doi(c.other.doi) for c in pre_claims if c.other and c.other.doi}
    notice_doi, article_doi = _doi_roles(body, refs, {d for d in claim_dois if d})
    article = _article_citation(body, article_doi, title)
    article = replace(article, doi=article_doi or article.doi, title=title or article.title)
    if not article_doi and article.doi and normalise_doi(article.doi) in claim_dois:
        # a DOI a claim cites as the other article is never the notice's own article
        article = replace(article, doi=None)
    claims = extract_claims(body, article, refs, notice_doi)
    reasons = set()
    for name, pattern in _REASON_PATTERNS.items():
        if name == "error" and kind != "correction":
            continue
        if pattern.search(body.replace("\n", " ")):
            reasons.add(name)
    if any(c.relation in RELATIONS[:5] and c.parsed for c in claims):
        reasons.add("image duplication")
    if "image duplication" in reasons and "duplicate publication" in reasons:
        if not re.search(r"duplicate\s+publication|redundant", body, re.I):
            reasons.discard("duplicate publication")
    if kind is None:
        # an excerpt cut before its kind word ("After this article [1] was published,
        # concerns were raised …") is a notice when it states claims; otherwise the
        # text is not a notice at all
        if not any(c.parsed for c in claims):
            raise NoticeParseError(
                f"{file or 'notice'}: no retraction, expression of concern or correction "
                "found, and no claim"
            )
        kind = UNKNOWN_KIND
    return Notice(kind=kind, article=article, doi=notice_doi,
                  reasons=_order_reasons(reasons), claims=claims, file=file)


def parse_notice_pdf(path: str | Path) -> Notice:
    """Parse a notice PDF (its text layer, read with PyMuPDF).

    Raises
    ------
    NoticeParseError
        If the file is not a regular file, is over the size limit
        (:data:`~forensics.notices.reading.MAX_NOTICE_PDF_BYTES`), cannot be opened as a PDF
        or holds no text.
    """
    import pymupdf

    path = Path(path)
    data = read_notice_bytes(path, MAX_NOTICE_PDF_BYTES)
    try:
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            text = "\n\n".join(page.get_text("text") for page in doc)
    except Exception as exc:  # PyMuPDF raises its own types; wrap them
        raise NoticeParseError(f"{path}: cannot read PDF: {exc}") from exc
    if not text.strip():
        raise NoticeParseError(f"{path}: PDF has no text layer (scanned notice?)")
    return parse_notice_text(text, file=str(path))

