"""DOIs, citations and reference lists: the bibliographic text shared by papers and notices.

A paper's reference list, a notice's citation of the article it retracts, and
the article a notice says a figure was copied from are all written in the same
few shapes (Vancouver, Elsevier, PLOS/Springer, MDPI/Frontiers). This module
reads them; :mod:`forensics.extract`, :mod:`forensics.notices` and
:mod:`forensics.link` all use it, so a DOI or a reference heading is recognised
the same way everywhere.
"""

from __future__ import annotations

import re

from forensics.model import Article

__all__ = [
    "AUTHOR_NAME_RE",
    "CITATION_ANCHORS",
    "DASHES",
    "DOI_RE",
    "ET_AL_RE",
    "REFERENCES_HEADING",
    "cited_numbers",
    "citing_sentence",
    "clean_text",
    "find_doi",
    "find_dois",
    "normalise_doi",
    "parse_citation",
    "reference_entries",
    "surname",
]

#: Every dash and hyphen form, to translate to "-".
DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")
#: A DOI as printed: ``10.`` prefix, registrant, ``/`` and a suffix up to a space,
#: quote, angle bracket or square bracket.
DOI_RE = re.compile(r"\b10\.\d{4,9}/[^\s\"<>\]\[]+", re.I)


def clean_text(text: str) -> str:
    """Strip markdown decoration and unify dashes and quotes (keeps the line structure):
    web copies of notices and references carry ``[label](url)`` links, ``**bold**``
    and typographic dashes that the parsers need not know about."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\u00ad", "")  # soft hyphen

    def link(m: re.Match[str]) -> str:
        label, url = m.group(1), m.group(2)
        if DOI_RE.search(label) or not DOI_RE.search(url):
            return label
        return f"{label} {url}".strip()

    text = _MD_LINK.sub(link, text)
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"[*`]+|^#+\s*|\\(?=[()\[\]*_])", "", text, flags=re.M)
    # a citation mark broken over two lines by a page's layout: "in [" / "1]."
    text = re.sub(r"\[[ \t]*\n[ \t]*(\d{1,3}(?:[ \t]*[,\u2013-][ \t]*\d{1,3})*)\]", r"[\1]", text)
    return text.translate(DASHES).translate(_QUOTES)


def normalise_doi(doi: str | None) -> str | None:
    """Lower-case a DOI and strip ``https://doi.org/``, ``doi:`` and trailing punctuation.

    Examples
    --------
    >>> normalise_doi("https://doi.org/10.1016/J.LFS.2018.08.049.")
    '10.1016/j.lfs.2018.08.049'
    """
    if not doi:
        return None
    m = DOI_RE.search(doi.strip())
    if not m:
        return None
    value = _GLUED_WORD.sub("", m.group(0)).rstrip(".,;:)")
    if value.count("(") < value.count(")"):
        value = value.rstrip(")")
    return value.lower()


#: A word run into the end of a DOI in copied text ("…5199-3The Editor"): after a digit,
#: a capitalised word is not part of the DOI.
_GLUED_WORD = re.compile(r"(?<=\d)[A-Z][a-z]{2,}$")


def find_dois(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in DOI_RE.finditer(text):
        raw = _GLUED_WORD.sub("", m.group(0))
        doi = normalise_doi(raw)
        if doi:
            out.append((m.start(), m.start() + len(raw.rstrip(".,;:)")), doi))
    return out


_SURNAME = r"(?:[A-Z][a-z]{0,2}['\u2019]?)?[A-Z][A-Za-z'\u2019-]*[a-z][A-Za-z'\u2019-]*"
_NAME_V = rf"{_SURNAME}(?:\s{_SURNAME})?\s[A-Z]{{1,3}}(?![A-Za-z])"  # Xu P
_NAME_E = rf"(?:[A-Z]\.\s?-?)+\s?{_SURNAME}"  # P. Xu
_NAME_M = rf"{_SURNAME},\s(?:[A-Z]\.\s?-?)+"  # Xu, P.
#: An author as cited: "Xu P", "P. Xu", "Xu, P.".
AUTHOR_NAME_RE = re.compile(rf"(?:{_NAME_M}|{_NAME_E}|{_NAME_V})")
#: "Xu et al." (group 1: the surname).
ET_AL_RE = re.compile(rf"({_SURNAME})(?:\s[A-Z]{{1,3}})?,?\s+et\s+al\b\.?")
_NAME_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*)?|;\s*|\s+and\s+|\s*&\s*)")
_YEAR = re.compile(r"(?<![\d./])((?:19|20)\d{2})(?![\d/])")

#: Where a citation's journal name ends: the year, volume and page block of each style.
CITATION_ANCHORS = (
    # Vancouver / MDPI: "Life Sciences. 2018;210:251" "Life Sci. 2018, 210, 251"
    re.compile(r"\.?\s*\(?(?P<year>(?:19|20)\d{2})\)?(?:\s[A-Z][a-z]{2}(?:\s\d{1,2})?)?"
               r"\s*[;,]\s*\d"),
    # Elsevier: "Life Sci. 210 (2018) 251"
    re.compile(r"\.?\s+\d{1,4}\s*\((?P<year>(?:19|20)\d{2})\)"),
    # Frontiers: "Life Sci (2018) 210:251"
    re.compile(r"\.?\s+\((?P<year>(?:19|20)\d{2})\)\s*\d"),
    # PLOS / Springer / Spandidos: "Life Sci 210: 251", "PLoS ONE 10(5): e0123"
    re.compile(r"\.?\s+\d{1,4}(?:\s?\([\d-]+\))?\s?:\s?[eE]?\d"),
)
_LEADIN = re.compile(
    r"^\s*(?:(?:retraction|retracted|correction|expression of concern)(?:\s+note)?"
    r"\s*(?:to|of|for)?\s*[:.]?\s*)?"
)


def surname(name: str) -> str:
    """The surname of an author as cited: "Xu P", "P. Xu", "Xu, P." → "Xu"."""
    name = name.strip()
    if "," in name:
        return name.split(",")[0].strip()
    if re.match(r"^(?:[A-Z]\.\s?-?)+", name):
        return re.sub(r"^(?:[A-Z]\.\s?-?)+\s?", "", name).strip()
    parts = name.split()
    if len(parts) > 1 and re.fullmatch(r"[A-Z]{1,3}", parts[-1]):
        return " ".join(parts[:-1])
    return name


def _journal_before(chunk: str) -> str | None:
    """The journal name at the end of ``chunk`` (the text before volume/year)."""
    chunk = chunk.strip().rstrip(".,;: ").strip()
    pieces = [p.strip(" .") for p in re.split(r"\.\s+|,\s+|:\s+|[\"()\[\]]", chunk)]
    pieces = [p for p in pieces if p]
    if not pieces:
        return None
    taken = [pieces[-1]]
    for piece in reversed(pieces[:-1]):
        words = piece.split()
        if (
            len(words) <= 3
            and all(w[0].isupper() or w.lower() in ("of", "and", "&", "the", "in") for w in words)
            and all(len(w) <= 12 and not any(ch.isdigit() for ch in w) for w in words)
            and not AUTHOR_NAME_RE.fullmatch(piece)
        ):
            taken.insert(0, piece)
        else:
            break
    journal = ". ".join(taken).strip()
    if not journal or any(ch.isdigit() for ch in journal) or len(journal) > 90:
        return None
    if AUTHOR_NAME_RE.fullmatch(journal) or re.search(r"\bet al\b", journal):
        return None
    return journal


def parse_citation(text: str) -> Article:
    """Parse a reference string into an :class:`Article` (best effort).

    Handles Vancouver (``Xu P, Zhang G. Title. Life Sci. 2018;210:251-262.``),
    Elsevier (``P. Xu, G. Zhang, Title, Life Sci. 210 (2018) 251``), PLOS and
    Springer (``Xu P, Zhang G (2018) Title. Life Sci 210:251``), Frontiers and
    MDPI (``Xu, P.; Zhang, G. Title. Life Sci. 2018, 210, 251``) shapes and
    ``Xu et al. (2018)`` mentions.

    Parameters
    ----------
    text : str
        One citation.

    Returns
    -------
    Article
        With whatever could be read: DOI, first author, authors, year, journal, title.
    """
    text = clean_text(text).replace("\n", " ")
    text = re.sub(r"\s+", " ", text).strip()
    found = find_dois(text)
    doi = found[0][2] if found else None
    bare = DOI_RE.sub(" ", re.sub(r"(?:https?://)?(?:dx\.)?doi\.org/", "", text))
    bare = re.sub(r"\b(?:doi|DOI)\s*:?\s*(?=\s|$)", " ", bare)
    bare = re.sub(r"\[(?:CrossRef|PubMed|Google Scholar)\]", " ", bare, flags=re.I)
    bare = re.sub(r"\bRETRACTED(?: ARTICLE)?\s*:\s*", "", bare)
    bare = re.sub(r"\s+", " ", bare).strip()
    bare = re.sub(r"^(?:\[?\d{1,3}[\].)]\s+)", "", bare)  # reference number
    bare = _LEADIN.sub("", bare)

    authors: list[str] = []
    title: str | None = None
    etal = ET_AL_RE.search(bare[:120])
    m = AUTHOR_NAME_RE.search(bare[:80])
    authors_end = 0
    if m and (not etal or m.start() <= etal.start()):
        pos = m.start()
        while True:
            nm = AUTHOR_NAME_RE.match(bare, pos)
            if not nm:
                break
            authors.append(nm.group(0).strip())
            pos = nm.end()
            authors_end = pos
            sep = _NAME_SEP.match(bare, pos)
            if not sep:
                break
            pos = sep.end()
        tail = re.match(r"\s*,?\s*et\s+al\b\.?", bare[authors_end:])
        if tail:
            authors_end += tail.end()
    elif etal:
        authors = [etal.group(1)]
        authors_end = etal.end()
    first = surname(authors[0]) if authors else None

    year: int | None = None
    journal: str | None = None
    anchor = None
    for pattern in CITATION_ANCHORS:
        for am in pattern.finditer(bare, authors_end):
            if anchor is None or am.start() < anchor.start():
                anchor = am
            break
    if anchor is not None:
        if "year" in anchor.groupdict() and anchor.group("year"):
            year = int(anchor.group("year"))
        chunk = bare[authors_end:anchor.start()]
        journal = _journal_before(chunk)
        if journal:
            jstart = chunk.rfind(journal.split(". ")[0])
            title_text = chunk[:jstart].strip(" .,;:")
            title_text = re.sub(r"^\(?(?:19|20)\d{2}[a-z]?\)?[.,]?\s*", "", title_text)
            if len(title_text) > 15:
                title = title_text.strip(" .\"")
    if year is None:
        ym = _YEAR.search(bare)
        if ym:
            year = int(ym.group(1))
    return Article(
        doi=doi,
        title=title,
        journal=journal,
        year=year,
        authors=tuple(authors),
        first_author=first,
    )


# ---------------------------------------------------------------------------
# DOIs in a paper, reference lists, citing sentences


def find_doi(text: str) -> str | None:
    """The first DOI in the text, preferring one written as "doi: 10…" or a doi.org link
    (a paper's own DOI is labelled; DOIs of cited work often are not)."""
    labelled = _LABELLED_DOI.search(text)
    found = labelled.group(1) if labelled else (m.group(0) if (m := DOI_RE.search(text)) else None)
    return found.rstrip(".,;)]") if found else None


_LABELLED_DOI = re.compile(r"(?:doi\.org/|doi:?\s*)(" + DOI_RE.pattern.removeprefix(r"\b") + ")",
                           re.I)


#: The heading of a reference list, alone on its line ("References", "5. REFERENCES",
#: "Literature Cited", "References and Notes", "Reference list:").
REFERENCES_HEADING = re.compile(
    r"^\s*(?:\d+\.?\s*)?(?:references?(?:\s+and\s+notes)?|reference\s+list|literature\s+cited"
    r"|bibliography)\s*:?\s*$",
    re.I,
)
_ENTRY_START = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}\.)\s+")


def reference_entries(lines: list[str]) -> list[str]:
    """The entries of a paper's reference list, one string each, from its text lines.

    The list starts after the last reference heading (:data:`REFERENCES_HEADING`);
    an entry starts with "[12]" or "12." (the number is dropped) and runs on over the
    following lines, joined (a hyphen at a line end joins without a space).
    """
    start = None
    for i, line in enumerate(lines):
        if REFERENCES_HEADING.match(line):
            start = i + 1
    if start is None:
        return []
    entries: list[str] = []
    for line in (ln.strip() for ln in lines[start:]):
        if not line:
            continue
        if _ENTRY_START.match(line) or not entries:
            entries.append(_ENTRY_START.sub("", line))
        else:
            joiner = "" if entries[-1].endswith("-") else " "
            entries[-1] = entries[-1] + joiner + line
    return entries


def cited_numbers(group: str) -> set[int]:
    """Reference numbers of a citation group: "3, 10–12" → {3, 10, 11, 12}."""
    out: set[int] = set()
    for part in group.split(","):
        ends = [int(x) for x in re.findall(r"\d+", part)]
        if len(ends) == 2 and ends[0] <= ends[1] <= ends[0] + 50:
            out.update(range(ends[0], ends[1] + 1))
        else:
            out.update(ends)
    return out


def citing_sentence(text: str, references: tuple[str, ...], reference: str) -> str | None:
    """The first sentence of a paper's body text that cites ``reference``.

    A reference is cited by its number in the list ("[12]", "[3, 12]", "[10–14]") or
    by its first author's surname and year ("Xu et al., 2018"). The reference list
    itself (after the last reference heading) is not searched.

    Parameters
    ----------
    text : str
        The paper's whole text, lines kept.
    references : tuple of str
        Its reference list (:func:`reference_entries`).
    reference : str
        One entry of it.
    """
    number = references.index(reference) + 1 if reference in references else None
    cited = parse_citation(reference)
    name = (cited.first_author or "").split(" ")[0]
    lines = text.splitlines()
    heading = None
    for i, line in enumerate(lines):
        if REFERENCES_HEADING.match(line):
            heading = i
    body = " ".join(" ".join(lines[:heading]).split())
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", body):
        for group in re.findall(r"\[([\d,\s\u2013-]+)\]", sentence):
            if number is not None and number in cited_numbers(group):
                return sentence
        if name and cited.year and re.search(
                rf"\b{re.escape(name)}\b[^.;()]{{0,40}}\b{cited.year}\b", sentence):
            return sentence
    return None
