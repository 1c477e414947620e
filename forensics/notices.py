"""Retraction notices, expressions of concern and corrections → :class:`Notice`.

A notice names the article it concerns (authors, title, journal, year, DOI),
why (reasons, normalised to a small vocabulary) and, for image problems, which
panels are involved: "Images for Figures 3A and 5E have been duplicated with
images for Figure 2A from Xu P, ... Life Sciences. 2018;210:251-262. doi ...".
Each such statement becomes a :class:`Claim`; a statement that names figures
but whose panels cannot be read is kept as text (``Claim(parsed=False)``).

Inputs, all offline: notice text (``.txt``, also markdown-ish web copies),
notice PDFs (text layer via PyMuPDF), the Retraction Watch CSV export and
Crossref work JSON (``update-to`` / ``updated-by`` relations).
:func:`load_notices` dispatches on the path.

The parser is regular-expression based, built from the shapes notices take
across publishers rather than from a fixed set of sentences:

* figure references: ``Fig. 2A–C``, ``Figs. 2G and 4G``, ``Figure 3A and 5E``,
  ``panels B and D of Figure 4``, ``Figure 4, panels b and d``, ``Figure S3``,
  ``Supplementary Figure 3`` → panels ``"2A", "2B", "2C"``, ``"S3"`` …;
* citations of other articles: DOIs, numbered references (``[2]``) resolved
  through the notice's reference list, and author/year/journal citations;
* relation wording: duplicated, overlapping, rotated, flipped, previously
  published, manipulated (``concern`` when only a problem is stated).
"""

from __future__ import annotations

import csv
import json
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from forensics.citations import (
    AUTHOR_NAME_RE,
    CITATION_ANCHORS,
    DASHES,
    ET_AL_RE,
    REFERENCES_HEADING,
    clean_text,
    find_dois,
    normalise_doi,
    parse_citation,
)
from forensics.errors import NoticeParseError
from forensics.model import Article, Claim, Notice

logger = logging.getLogger(__name__)

KINDS = ("retraction", "expression of concern", "correction")

#: The reason vocabulary, in the order reasons are reported.
REASONS = (
    "image duplication",
    "image manipulation",
    "data validity",
    "plagiarism",
    "duplicate publication",
    "authorship",
    "peer review",
    "paper mill",
    "ethics",
    "error",
)

#: Relation words, most specific first (the first one found names the relation).
RELATIONS = (
    "rotated",
    "flipped",
    "overlapping",
    "previously published",
    "duplicated",
    "manipulated",
    "concern",
)

# ---------------------------------------------------------------------------
# text clean-up

# ---------------------------------------------------------------------------
# figure references

_FIG_KW = re.compile(
    r"(?P<supp>\b(?:supplementary|supplemental|suppl\.?|supporting(?:\s+information)?)"
    r"\s+(?:information\s+)?)?\b(?:figures?|figs?\.?)(?![a-z])",
    re.I,
)
_PANELS_OF = re.compile(
    r"\bpanels?\s+(?P<letters>[A-Za-z](?:\s*(?:,\s*(?:and\s+)?|and|&|-)\s*[A-Za-z])*)"
    r"(?![A-Za-z])\s+(?:of|in|from)\s+(?:the\s+)?(?P<kw>"
    + _FIG_KW.pattern
    + r")\s*(?P<num>S?\d{1,2})(?!\d)",
    re.I,
)
_S_FIG = re.compile(r"\bS(\d{1,2})\s+Fig(?:ure)?\b\.?")  # PLOS: "S3 Fig"
_TOKEN = re.compile(
    r"\s*(?:(?P<num>S?\d{1,2}(?![\d.,]\d))"
    r"|(?P<sep>,\s*and\b|,|\band\b|&)"
    r"|(?P<dash>-|\bto\b)"
    r"|(?P<open>\()|(?P<close>\))"
    r"|(?P<panelword>panels?\b)"
    r"|(?P<letter>[A-Za-z](?![A-Za-z]))"
    r")",
    re.I,
)


@dataclass(frozen=True)
class _FigRef:
    start: int
    end: int
    panels: tuple[str, ...]


def _letters_range(a: str, b: str) -> list[str]:
    a, b = a.upper(), b.upper()
    if ord(b) < ord(a) or ord(b) - ord(a) > 25:
        return [a, b]
    return [chr(c) for c in range(ord(a), ord(b) + 1)]


def _parse_fig_list(
    text: str, pos: int, supp: bool, limit: int | None = None
) -> tuple[list[str], int]:
    """Read ``3A and 5E``, ``2A-C``, ``4 (panels B and D)``, ``S2b, c`` from ``pos``."""
    if limit is not None:
        text = text[:limit]
    panels: list[str] = []
    fig: str | None = None
    last_letter: str | None = None  # letter token just read (for ranges/case)
    pending_dash = False
    in_paren = False
    panel_mode = False
    end = pos
    prev_kind = "start"
    while True:
        m = _TOKEN.match(text, pos)
        if not m:
            break
        kind = m.lastgroup
        tok = m.group(kind)
        tstart = m.start(kind)
        gap = text[pos:tstart]
        if kind == "num":
            if prev_kind not in ("start", "sep", "dash", "open") or (
                prev_kind == "start" and "\n" in gap
            ):
                break
            number = tok.upper()
            if supp and not number.startswith("S"):
                number = "S" + number
            if pending_dash and fig is not None and last_letter is None:
                # figure range "Figures 2-4"
                try:
                    lo, hi = int(fig.lstrip("S")), int(number.lstrip("S"))
                except ValueError:
                    lo, hi = 0, -1
                prefix = "S" if number.startswith("S") else ""
                if 0 < hi - lo <= 20:
                    panels.extend(f"{prefix}{n}" for n in range(lo + 1, hi + 1))
                pending_dash = False
                fig = number
                end = m.end()
                prev_kind = "num"
                continue
            if pending_dash and last_letter is not None and number == fig:
                # "2A-2C": the figure repeated before the range's end letter
                prev_kind = "dash"
                pos = m.end()
                continue
            fig = number
            last_letter = None
            panel_mode = False
            panels.append(fig)
            end = m.end()
            # a letter glued to the number: "3A", "5e"
            glued = re.match(r"([A-Za-z])(?![A-Za-z])", text[m.end():])
            if glued:
                last_letter = glued.group(1)
                panels[-1] = fig + last_letter.upper()
                pos = end = m.end() + 1
                prev_kind = "letter"
                continue
            pos = m.end()
            prev_kind = "num"
            continue
        if kind == "letter":
            if fig is None:
                break
            after = text[m.end():]
            allowed = False
            if pending_dash and last_letter is not None:
                allowed = True
            elif in_paren or panel_mode:
                allowed = True
            elif last_letter is not None and prev_kind == "sep":
                allowed = tok.isupper() == last_letter.isupper()
            elif prev_kind == "num" and tok.isupper() and gap == " ":
                allowed = bool(re.match(r"\s*(?:[,)&.;-]|and\b|$)", after))
            if not allowed:
                break
            if pending_dash and last_letter is not None:
                for letter in _letters_range(last_letter, tok)[1:]:
                    panels.append(fig + letter)
                pending_dash = False
            else:
                if panels and panels[-1] == fig:
                    panels[-1] = fig + tok.upper()
                else:
                    panels.append(fig + tok.upper())
            last_letter = tok
            end = m.end()
            pos = m.end()
            prev_kind = "letter"
            continue
        if kind == "dash":
            if prev_kind not in ("num", "letter") or pending_dash:
                break
            pending_dash = True
            pos = m.end()
            prev_kind = "dash"
            continue
        if kind == "sep":
            if prev_kind not in ("num", "letter", "close"):
                break
            pos = m.end()
            prev_kind = "sep"
            continue
        if kind == "open":
            if prev_kind != "num":
                break
            in_paren = True
            pos = m.end()
            prev_kind = "open"
            continue
        if kind == "close":
            if not in_paren:
                break
            in_paren = False
            panel_mode = False
            end = pos = m.end()
            prev_kind = "close"
            continue
        if kind == "panelword":
            if fig is None or prev_kind not in ("num", "sep", "open"):
                break
            panel_mode = True
            if panels and panels[-1].startswith(fig) and prev_kind == "sep":
                pass
            pos = m.end()
            prev_kind = "open"
            continue
        break
    return panels, end


def find_figure_refs(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Find figure references in ``text`` and expand them to panel names.

    Parameters
    ----------
    text : str
        Notice text (dashes already unified to ``-``, or not).

    Returns
    -------
    list of (start, end, panels)
        Character span of each reference and its panels, written as the
        printed figure number plus the upper-case panel letter (``"3A"``,
        ``"S2B"``) or the figure number alone for a whole figure (``"4"``).

    Examples
    --------
    >>> [p for _, _, p in find_figure_refs("Fig. 2A–C and panels b and d of Figure 4")]
    [('2A', '2B', '2C'), ('4B', '4D')]
    """
    text = text.translate(DASHES)
    refs: list[_FigRef] = []
    taken: list[tuple[int, int]] = []
    for m in _PANELS_OF.finditer(text):
        number = m.group("num").upper()
        if m.group("supp") and not number.startswith("S"):
            number = "S" + number
        letters: list[str] = []
        parts = re.findall(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])|-", m.group("letters"))
        for i, part in enumerate(parts):
            if part == "-" and letters and i + 1 < len(parts):
                letters.extend(_letters_range(letters[-1], parts[i + 1])[1:-1])
            elif part != "-":
                letters.append(part.upper())
        refs.append(_FigRef(m.start(), m.end(), tuple(number + x for x in letters)))
        taken.append((m.start(), m.end()))
    for m in _FIG_KW.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        limit = min((a for a, _ in taken if a > m.start()), default=None)
        panels, end = _parse_fig_list(text, m.end(), bool(m.group("supp")), limit)
        if not panels:
            continue
        refs.append(_FigRef(m.start(), end, tuple(dict.fromkeys(panels))))
    for m in _S_FIG.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        refs.append(_FigRef(m.start(), m.end(), ("S" + m.group(1),)))
    refs.sort(key=lambda r: r.start)
    return [(r.start, r.end, r.panels) for r in refs]


# ---------------------------------------------------------------------------
# citations




# ---------------------------------------------------------------------------
# sentences, references, kind, reasons, relation

_ABBREV = re.compile(
    r"(?:\b(?:figs?|et al|e\.g|i\.e|vs|no|nos|ref|refs|dr|prof|st|approx|suppl|ca|cf|vol|pp)"
    r"|\b[A-Z]|\b[A-Z][a-z]?\.[A-Z])\.$",
    re.I,
)
_PROSE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|does|did|will|would|can|could|should"
    r"|may|might|must|shall|we|our|please|regret|apologi[sz]e)\b",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-\u2022\u25cf\u25aa]|\(?[ivx]{1,4}\)|\(?[a-h]\)|\d{1,2}[.)])\s+")
_REF_ENTRY = re.compile(r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)]?)\s+(.*)$")


def _split_references(text: str) -> tuple[str, dict[int, str]]:
    """Split the reference list (``References`` heading + numbered entries) from the body."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if REFERENCES_HEADING.match(line):
            refs: dict[int, str] = {}
            current: int | None = None
            blank = False
            rest: list[str] = []
            for j, entry in enumerate(lines[i + 1:], start=i + 1):
                em = _REF_ENTRY.match(entry)
                if em:
                    current = int(em.group(1) or em.group(2))
                    refs[current] = em.group(3).strip()
                elif not entry.strip():
                    blank = True
                    continue
                elif current is not None and not blank:
                    refs[current] += " " + entry.strip()
                elif current is not None:
                    rest = lines[j:]  # the list ended: text after it is body again
                    break
                blank = False
            if refs:
                return "\n".join(lines[:i] + [""] + rest), refs
    return text, {}


def _paragraphs(text: str) -> list[str]:
    paras: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            if current:
                paras.append(" ".join(current))
            current = []
            continue
        if _BULLET.match(line) and current:
            paras.append(" ".join(current))
            current = []
        current.append(_BULLET.sub("", line).strip() if _BULLET.match(line) else line.strip())
    if current:
        paras.append(" ".join(current))
    return [re.sub(r"\s+", " ", p).strip() for p in paras if p.strip()]


def _sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping a citation's title/journal with its claim."""
    # a DOI ending a line that runs into the next sentence (PDF text has no blank lines)
    paragraph = re.sub(r"(10\.\d{4,9}/\S*[^\s.,;])(\s+)(?=[A-Z][a-z])", r"\1.\2", paragraph)
    pieces: list[str] = []
    start = 0
    for m in re.finditer(r"[.!?][\"')\]]?\s+(?=[A-Z0-9(\[\"]|https?:|doi)", paragraph):
        candidate = paragraph[start:m.start() + 1]
        if _ABBREV.search(candidate.rstrip("\"')]")):
            continue
        pieces.append(paragraph[start:m.end()].strip())
        start = m.end()
    if start < len(paragraph):
        pieces.append(paragraph[start:].strip())
    sentences: list[str] = []
    for piece in pieces:
        starts_new = piece[:1].isupper() or piece[:1] in "(["
        if sentences and (not starts_new or (not _PROSE.search(piece)
                                             and not _FIG_KW.search(piece))):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


_KIND_PATTERNS = (
    ("expression of concern", re.compile(r"expression\s+of\s+concern", re.I)),
    ("retraction", re.compile(r"\bretract(?:ion|ed|s|ing)?\b|\bwithdraw(?:n|al)\b", re.I)),
    ("correction", re.compile(r"\b(?:correction|erratum|corrigendum|corrected)\b", re.I)),
)


def detect_kind(text: str) -> str | None:
    """The notice kind: the kind word printed first in the text (None if none is)."""
    best: tuple[int, str] | None = None
    for kind, pattern in _KIND_PATTERNS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else None


_REASON_PATTERNS: dict[str, re.Pattern[str]] = {
    "image duplication": re.compile(
        r"duplicat\w*\s+(?:of\s+)?(?:\w+\s+){0,2}(?:images?|figures?|panels?|blots?|data)"
        r"|(?:images?|panels?|blots?|figures?)\s+(?:\w+\s+){0,4}(?:duplicat|overlap|reused|re-used"
        r"|identical|rotated|flipped|mirror)|image (?:duplication|overlap|reuse)",
        re.I,
    ),
    "image manipulation": re.compile(
        r"manipulat|splic|(?:image|panel|blot)s?\s+(?:\w+\s+){0,3}(?:altered|edited|tampered)"
        r"|inappropriate(?:ly)?\s+(?:image\s+)?(?:processing|adjust)",
        re.I,
    ),
    "data validity": re.compile(
        r"(?:validity|reliability|integrity|veracity|accuracy)\s+of\s+(?:the\s+)?(?:\w+\s+)?"
        r"(?:data|results|findings|conclusions)|unreliable|cannot vouch|could not be verified"
        r"|(?:raw|original|underlying)\s+data\s+(?:\w+\s+){0,3}(?:(?:not|never)\s+(?:been\s+)?"
        r"(?:provided|available|supplied)|unavailable|(?:could\s+not|cannot)\s+be\s+\w+)"
        r"|(?:data|results)\s+(?:\w+\s+){0,2}(?:fabricat|falsif)|fabricat|falsif|\binvalid\b"
        r"|(?:lack\s+of|lost|loss\s+of|no\s+longer\s+have)\s+confidence\s+in\s+(?:the\s+)?"
        r"(?:\w+\s+){0,3}(?:data|results|findings|conclusions)",
        re.I,
    ),
    "plagiarism": re.compile(
        r"plagiar|text\s+(?:overlap|recycling)|overlapping\s+text|without\s+(?:proper\s+|"
        r"appropriate\s+)?(?:attribution|citation|acknowledg)",
        re.I,
    ),
    "duplicate publication": re.compile(
        r"duplicate\s+publication|redundant\s+publication|(?:substantial|significant)\s+overlap"
        r"\s+with\s+(?:a|an)\s+(?:\w+\s+)?(?:article|paper)|previously\s+published\s+by\s+the"
        r"\s+same\s+authors|simultaneous(?:ly)?\s+submi",
        re.I,
    ),
    "authorship": re.compile(
        r"authorship|without\s+(?:the\s+)?(?:knowledge|consent|approval)\s+of\s+(?:all\s+|the\s+)?"
        r"(?:co-?)?authors|added\s+as\s+an?\s+author|author\s+(?:list|contribution)",
        re.I,
    ),
    "peer review": re.compile(r"peer[\s-]review|reviewers?\s+(?:\w+\s+){0,3}(?:compromised|fake)"
                              r"|fake\s+review", re.I),
    "paper mill": re.compile(r"paper[\s-]mill|third[\s-]party\s+(?:agency|service)", re.I),
    "ethics": re.compile(
        r"ethic(?:s|al)\s+(?:approval|committee|review|board)|informed\s+consent|\bIRB\b|IACUC"
        r"|animal\s+welfare",
        re.I,
    ),
    "error": re.compile(r"\b(?:an?\s+)?(?:error|mistake)s?\b|inadvertent|erroneous", re.I),
}

_RELATION_PATTERNS: dict[str, re.Pattern[str]] = {
    "rotated": re.compile(r"\brotat", re.I),
    "flipped": re.compile(r"\bflip|\bmirror|\bhorizontally\s+inverted|\breflected\b", re.I),
    "overlapping": re.compile(r"\boverlap", re.I),
    "previously published": re.compile(
        r"(?:previously|already|earlier)\s+(?:been\s+)?published|published\s+(?:previously|"
        r"earlier|before)|appeared\s+(?:previously|earlier|before)|previously\s+appeared"
        r"|(?:also|likewise)\s+published",
        re.I,
    ),
    "duplicated": re.compile(
        r"duplicat|identical|\bsame\s+(?:\w+\s+){0,3}(?:images?|data|blots?|panels?|bands?"
        r"|pictures?|photos?|micrographs?|cells|sections?|fields?|source|region)"
        r"|\b(?:are|were|is|was)\s+(?:the\s+)?same\b|\bre-?used?\b|\breus(?:ed|e)"
        r"|\brepeated|\bcopied|\bsimilar(?:ity|ities)?\b|\bresembl|\bused\s+(?:again\s+)?to\s+"
        r"represent|\bused\s+(?:in|for)\s+(?:both|multiple|different)|\bappear(?:s|ed)?\s+to\s+be"
        r"\s+the\s+same|\bmatch(?:es|ed)?\b",
        re.I,
    ),
    "manipulated": re.compile(r"manipulat|splic|\baltered\b|\bedited\b|\btamper", re.I),
    "concern": re.compile(
        r"\bconcerns?\b|\berrors?\b|\bmistakes?\b|\bissues?\b|\bproblem|\birregular|\banomal"
        r"|\bquestion|\bincorrect",
        re.I,
    ),
}

_OWN_AFTER = re.compile(
    r"^\s*,?\s*(?:of|in|from)\s+(?:this|the\s+(?:present|current|above|retracted|original|same|"
    r"corrected|concerned)|our)\s+(?:article|paper|study|publication|manuscript|work)",
    re.I,
)
_OWN_BEFORE = re.compile(
    r"(?:this|the\s+(?:above|original|present|retracted|published|current|cited|concerned))"
    r"\s+(?:research\s+)?(?:article|paper|publication|study|manuscript)\s*(?:titled\s+\"[^\"]*\"\s*)?$",
    re.I,
)
_EXTERNAL = re.compile(
    r"\b(?:other|another|different|separate|earlier|unrelated|prior)\s+"
    r"(?:(?!in\b|of\b|the\b)\w+\s+){0,2}"
    r"(?:articles?|papers?|publications?|studies|study|authors?)\b|previously\s+published"
    r"|published\s+(?:previously|elsewhere|earlier)|by\s+(?:the\s+)?same\s+authors",
    re.I,
)
_REF_MARK = re.compile(
    r"\[(\d{1,3}(?:\s*[,-]\s*\d{1,3})*)\]|\(\s*refs?\.?\s*(\d{1,3})\s*\)|\breferences?\s+(\d{1,3})\b"
    r"|\bref\.\s*(\d{1,3})\b",
    re.I,
)
_CONNECTIVE = re.compile(
    r"^[\s,;:]*(?:(?:and|as|also|were|was|in|of|from|with|by|the|an?|article|paper|study"
    r"|publication|previously|published|reported|respectively|images?|data|for|authored"
    r"|see|which|that|appeared|appears|same)[\s,;:]+){0,8}",
    re.I,
)


def normalise_reason(reason: str) -> str | None:
    """Map a free-text or Retraction Watch reason to the vocabulary in :data:`REASONS`.

    Examples
    --------
    >>> normalise_reason("+Duplication of Image")
    'image duplication'
    >>> normalise_reason("Concerns/Issues About Data") is None
    False
    """
    r = reason.strip().lstrip("+").strip().lower()
    if not r:
        return None
    table = (
        ("paper mill", ("paper mill",)),
        ("image duplication", ("duplication of image", "image duplication", "duplicated image")),
        ("image manipulation", ("manipulation of image", "image manipulation",
                                "manipulated image", "falsification/fabrication of image")),
        ("duplicate publication", ("duplication of article", "duplicate publication",
                                   "duplication of data", "euphemisms for duplication")),
        ("plagiarism", ("plagiarism", "duplication of text", "euphemisms for plagiarism")),
        ("authorship", ("authorship", "author", "forged authorship")),
        ("peer review", ("peer review",)),
        ("ethics", ("ethic", "informed consent", "irb", "iacuc", "human subject",
                    "animal welfare", "approval")),
        ("data validity", ("data", "results", "fabrication", "falsification", "unreliable",
                           "validity", "misconduct", "reproducib")),
        ("error", ("error", "mistake")),
    )
    for name, needles in table:
        if any(n in r for n in needles):
            return name
    if r in REASONS:
        return r
    return None


def _order_reasons(reasons: set[str]) -> tuple[str, ...]:
    return tuple(r for r in REASONS if r in reasons)


def detect_relation(sentence: str) -> str | None:
    """The relation a claim sentence states (see :data:`RELATIONS`), or None."""
    for name in RELATIONS:
        if _RELATION_PATTERNS[name].search(sentence):
            return name
    return None


def _relation_position(sentence: str, after: int) -> int:
    best = len(sentence)
    for name in RELATIONS[:-1]:
        m = _RELATION_PATTERNS[name].search(sentence, after)
        if m and m.start() < best:
            best = m.start()
    return best


# ---------------------------------------------------------------------------
# claims


@dataclass
class _Cite:
    start: int
    end: int
    article: Article
    ref_number: int | None = None


def _same_article(a: Article, b: Article) -> bool:
    if a.doi and b.doi:
        return normalise_doi(a.doi) == normalise_doi(b.doi)
    return bool(
        a.first_author and b.first_author and a.year and a.year == b.year
        and a.first_author.lower() == b.first_author.lower()
    )


def _find_cites(sentence: str, refs: dict[int, str], own: Article) -> list[_Cite]:
    """Citations of other articles in a claim sentence, in order."""
    cites: list[_Cite] = []
    for m in _REF_MARK.finditer(sentence):
        spec = next(g for g in m.groups() if g)
        numbers: list[int] = []
        for part in re.split(r"\s*,\s*", spec):
            if "-" in part:
                lo, hi = (int(x) for x in part.split("-", 1))
                numbers.extend(range(lo, hi + 1) if 0 < hi - lo < 20 else (lo, hi))
            else:
                numbers.append(int(part))
        if _OWN_BEFORE.search(sentence[max(0, m.start() - 60):m.start()]):
            continue
        for n in numbers:
            article = parse_citation(refs[n]) if n in refs else Article()
            if n in refs and _same_article(article, own):
                continue
            cites.append(_Cite(m.start(), m.end(), article, n))
    taken = [(c.start, c.end) for c in cites]
    figure_spans = [(s, e) for s, e, _ in find_figure_refs(sentence)]
    # DOI-bearing citations: from the author names before the DOI to the DOI.
    prev_end = 0
    for start, end, doi in find_dois(sentence):
        if any(a <= start < b for a, b in taken):
            continue
        if own.doi and doi == normalise_doi(own.doi):
            continue
        lo = max([prev_end] + [e for s, e in figure_spans if e <= start])
        segment = sentence[lo:end]
        nm = AUTHOR_NAME_RE.search(segment) or ET_AL_RE.search(segment)
        cstart = lo + nm.start() if nm else start
        article = parse_citation(sentence[cstart:end])
        cites.append(_Cite(cstart, end, replace(article, doi=doi)))
        taken.append((cstart, end))
        prev_end = end
    # "Xu et al. (2018)", "Xu P et al., Life Sci 2018" without a DOI
    for m in ET_AL_RE.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken):
            continue
        tail = sentence[m.start():m.end() + 80]
        stop = re.search(r"\b(?:figs?\.?|figures?|panels?)\b|\b(?:and|was|were)\s", tail[8:], re.I)
        if stop:
            tail = tail[:stop.start() + 8]
        article = parse_citation(tail)
        if own.first_author and article.first_author == own.first_author and (
            not article.year or article.year == own.year
        ):
            continue
        cites.append(_Cite(m.start(), m.end(), article))
        taken.append((m.start(), m.end()))
    cites.sort(key=lambda c: c.start)
    return cites


_BARE_PANELS = re.compile(
    r"\bpanels?\s+([A-Z](?:\s*(?:,\s*(?:and\s+)?|and|&|-)\s*[A-Z])*)(?![A-Za-z])"
)


def _bare_panels(
    work: str, figrefs: list[tuple[int, int, tuple[str, ...]]]
) -> list[tuple[int, int, tuple[str, ...]]]:
    """Resolve "panels A and D" with no figure named, when the sentence names one figure."""
    figures = {re.match(r"S?\d+", p).group(0) for _, _, ps in figrefs for p in ps}
    if len(figures) != 1:
        return figrefs
    [fig] = figures
    out = list(figrefs)
    for m in _BARE_PANELS.finditer(work):
        if any(s <= m.start() < e for s, e, _ in figrefs):
            continue
        letters = re.findall(r"(?<![A-Za-z])[A-Z](?![A-Za-z])|-", m.group(1))
        panels: list[str] = []
        for i, part in enumerate(letters):
            if part == "-" and panels and i + 1 < len(letters):
                panels.extend(fig + x for x in _letters_range(panels[-1][-1], letters[i + 1])[1:-1])
            elif part != "-":
                panels.append(fig + part)
        if panels:
            out = [r for r in out if r[2] != (fig,)]
            out.append((m.start(), m.end(), tuple(panels)))
    return sorted(out)


def _claims_from_sentence(
    sentence: str, refs: dict[int, str], own: Article
) -> list[Claim]:
    work = sentence.translate(DASHES)
    figrefs = find_figure_refs(work)
    relation = detect_relation(work)
    if not figrefs:
        mentions = _FIG_KW.search(work) or re.search(r"\bpanels?\b", work, re.I)
        if mentions and relation and relation != "concern":
            return [Claim(panels=(), relation=relation, text=sentence, parsed=False)]
        return []
    if relation is None:
        return []
    figrefs = _bare_panels(work, figrefs)
    cites = _find_cites(work, refs, own)
    verb = _relation_position(work, figrefs[0][0])
    own_panels: list[str] = []
    attached: dict[int, list[str]] = {}  # cite index -> panels
    loose: list[str] = []  # other-side panels with no citation
    cite_after = {}
    for i, (start, end, panels) in enumerate(figrefs):
        nxt = figrefs[i + 1][0] if i + 1 < len(figrefs) else len(work)
        following = work[end:nxt]
        # explicit attachment: "Figure 2A from Xu P ...", "Figure 2A of [3]"
        lead = _CONNECTIVE.match(following)
        lead_end = end + (lead.end() if lead else 0)
        idx = next(
            (k for k, c in enumerate(cites) if end <= c.start <= lead_end + 2 and c.start < nxt),
            None,
        )
        if _OWN_AFTER.match(following):
            # "… in Figure 4C is the same as … in Figure 6B of the same article": after
            # the relation, a panel of this article is the other side, inside it.
            if start > verb and own_panels:
                loose.extend(panels)
            else:
                own_panels.extend(panels)
            continue
        if idx is not None:
            attached.setdefault(idx, []).extend(panels)
            continue
        cite_after[i] = idx
        if start < verb or not own_panels:
            own_panels.extend(panels)
            continue
        nxt_cite = next((k for k, c in enumerate(cites) if c.start >= end), None)
        prv_cite = next((k for k in range(len(cites) - 1, -1, -1) if cites[k].end <= start), None)
        k = nxt_cite if nxt_cite is not None else prv_cite
        if k is not None:
            attached.setdefault(k, []).extend(panels)
        else:
            loose.extend(panels)
    own_t = tuple(dict.fromkeys(own_panels))
    claims: list[Claim] = []
    if cites:
        for k, cite in enumerate(cites):
            other_panels = tuple(dict.fromkeys(attached.get(k, [])))
            if not other_panels and cite.start < verb and k not in attached:
                # a citation before the relation word with no panels: e.g. a source named
                # in passing; keep it only if no other citation carries panels
                if any(attached.values()):
                    continue
            claims.append(Claim(panels=own_t, relation=relation, text=sentence,
                                other=cite.article, other_panels=other_panels))
        if loose:
            claims.append(Claim(panels=own_t, relation=relation, text=sentence,
                                other=None, other_panels=tuple(dict.fromkeys(loose))))
        return claims
    other: Article | None = Article() if _EXTERNAL.search(work) else None
    return [Claim(panels=own_t, relation=relation, text=sentence, other=other,
                  other_panels=tuple(dict.fromkeys(loose)))]


_CLAUSE_SEP = re.compile(r";\s+|:\s+|,\s+(?:and|while|whereas|but)\s+(?:that\s+)?|\s+and\s+that\s+")


def _clauses(sentence: str) -> list[str]:
    """Split a sentence into clauses that each state their own claim.

    A split is kept only when both sides name figures and a relation, so a
    citation's ``2018;210:251`` or a list of panels is never cut apart.
    """
    work = sentence.translate(DASHES)
    for m in _CLAUSE_SEP.finditer(work):
        left, right = sentence[:m.start()], sentence[m.end():]
        if not find_figure_refs(left) or not find_figure_refs(right):
            continue
        if detect_relation(left) and detect_relation(right) not in (None, "concern"):
            if right[:1].islower():
                right = right[0].upper() + right[1:]
            return [left.strip()] + _clauses(right.strip())
    return [sentence]


def _drop_summaries(claims: list[Claim]) -> list[Claim]:
    """Drop summary statements ("images in Figures 3 and 5 were duplicated ...") that the
    notice then details panel by panel, and exact repeats."""
    out: list[Claim] = []
    detailed = {p for c in claims for p in c.panels + c.other_panels if p[-1:].isalpha()}
    seen = set()
    for c in claims:
        key = (c.panels, c.other_panels, c.other.doi if c.other else None, c.relation)
        if key in seen and c.parsed:
            continue
        seen.add(key)
        whole = c.panels + c.other_panels
        if (
            c.parsed and c.relation == "concern" and whole and c.other is None
            and all(any(d == p or (d.startswith(p) and d[len(p):].isalpha())
                        for o in claims if o is not c and o.relation != "concern"
                        for d in o.panels + o.other_panels) for p in whole)
        ):
            logger.debug("dropping general concern covered by specific claims: %s", c.text)
            continue
        if (
            c.parsed and whole and not c.other_panels
            and (c.other is None or c.other == Article())
            and all(p[-1:].isdigit() for p in whole)
            and all(any(d[: len(p)] == p and d[len(p):].isalpha() for d in detailed)
                    for p in whole)
        ):
            logger.debug("dropping summary claim subsumed by detailed ones: %s", c.text)
            continue
        out.append(c)
    return out


def extract_claims(text: str, article: Article | None = None,
                   references: dict[int, str] | None = None) -> tuple[Claim, ...]:
    """Extract the panel claims of a notice body.

    Parameters
    ----------
    text : str
        Notice text (without its reference list).
    article : Article, optional
        The notice's own article, so that citations of it are not taken as "other".
    references : dict, optional
        The notice's numbered reference list, to resolve ``[2]``-style markers.

    Returns
    -------
    tuple of Claim
        One per (statement, other article); unreadable statements with ``parsed=False``.
    """
    own = article or Article()
    refs = references or {}
    claims: list[Claim] = []
    for paragraph in _paragraphs(clean_text(text)):
        for sentence in _sentences(paragraph):
            for clause in _clauses(sentence):
                claims.extend(_claims_from_sentence(clause, refs, own))
    return tuple(_drop_summaries(claims))


# ---------------------------------------------------------------------------
# the notice's own article and DOI

_NOTICE_CUE = re.compile(
    r"(?:^|\b)(?:citation|cite this(?: article)?|notice doi|doi of this (?:notice|retraction)"
    r"|this (?:notice|retraction|correction|erratum)(?: notice)?|published online|notice\s*:)\s*:?",
    re.I,
)
_ARTICLE_CUE = re.compile(
    r"original(?: research)? (?:article|paper|publication)|article reference"
    r"|retraction (?:note )?(?:of|to)\b|retraction notice to"
    r"|correction (?:note )?to\b|erratum to|concern (?:for|about|regarding|on)\b"
    r"|the above|the following article|was published in|article cited above|retracts? the"
    r"|retracted article"
    r"|this article|the article",
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
    for start, end, doi in find_dois(flat):
        before = flat[max(prev_end, start - 400):start]
        prev_end = end
        if doi in claim_dois or doi in (notice_doi, article_doi):
            continue
        para = flat[flat.rfind("\n", 0, start) + 1:start]
        cues = [(m.end(), "notice") for m in _NOTICE_CUE.finditer(before)]
        cues += [(m.end(), "article") for m in _ARTICLE_CUE.finditer(before)]
        if para.lower().startswith(("citation", "cite this")):
            cues.append((len(before) + 1, "notice"))
        if cues:
            role = max(cues)[1]
            if role == "notice" and notice_doi is None:
                notice_doi = doi
                continue
            if role == "article" and article_doi is None:
                article_doi = doi
                continue
        unlabelled.append(doi)
    first_kind = min((m.start() for _, pat in _KIND_PATTERNS for m in [pat.search(flat)] if m),
                     default=0)
    for start, _end, doi in find_dois(flat):
        # a page header printed before the notice's title carries the notice's own DOI
        if start < first_kind and doi in unlabelled and notice_doi is None:
            notice_doi = doi
    for doi in unlabelled:
        if doi in (notice_doi, article_doi):
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
        older = [d for ref in refs.values() for _s, _e, d in find_dois(ref)
                 if _doi_year(d) and _doi_year(article_doi)
                 and _doi_year(d) < _doi_year(article_doi)]
        if older:
            notice_doi, article_doi = article_doi, older[0]
    if notice_doi and article_doi:
        year_n, year_a = _doi_year(notice_doi), _doi_year(article_doi)
        if year_n and year_a and year_a > year_n:
            notice_doi, article_doi = article_doi, notice_doi
    return notice_doi, article_doi


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
            for start, end, doi in find_dois(para):
                if doi == article_doi:
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
        If the text is empty or says nothing a notice says (no kind word).

    Examples
    --------
    >>> n = parse_notice_text("Retraction: X. The article has been retracted because "
    ...                       "Figure 2B duplicates Figure 4C.")
    >>> n.kind, n.claims[0].panels, n.claims[0].other_panels
    ('retraction', ('2B',), ('4C',))
    """
    if not text or not text.strip():
        raise NoticeParseError(f"{file or 'notice'}: empty text")
    cleaned = clean_text(text)
    body, refs = _split_references(cleaned)
    kind = detect_kind(body) or detect_kind(cleaned)
    if kind is None:
        raise NoticeParseError(
            f"{file or 'notice'}: no retraction, expression of concern or correction found"
        )
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    title = _find_title(lines, body)
    # first pass without the own article, to find DOIs cited in claims
    pre_claims = extract_claims(body, None, refs)
    claim_dois = {normalise_doi(c.other.doi) for c in pre_claims if c.other and c.other.doi}
    notice_doi, article_doi = _doi_roles(body, refs, {d for d in claim_dois if d})
    article = _article_citation(body, article_doi, title)
    article = replace(article, doi=article_doi or article.doi, title=title or article.title)
    claims = extract_claims(body, article, refs)
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
    return Notice(kind=kind, article=article, doi=notice_doi,
                  reasons=_order_reasons(reasons), claims=claims, file=file)


def parse_notice_pdf(path: str | Path) -> Notice:
    """Parse a notice PDF (its text layer, read with PyMuPDF).

    Raises
    ------
    NoticeParseError
        If the file cannot be opened as a PDF or holds no text.
    """
    import pymupdf

    path = Path(path)
    try:
        with pymupdf.open(path) as doc:
            text = "\n\n".join(page.get_text("text") for page in doc)
    except Exception as exc:  # PyMuPDF raises its own types; wrap them
        raise NoticeParseError(f"{path}: cannot read PDF: {exc}") from exc
    if not text.strip():
        raise NoticeParseError(f"{path}: PDF has no text layer (scanned notice?)")
    return parse_notice_text(text, file=str(path))


# ---------------------------------------------------------------------------
# Retraction Watch CSV and Crossref JSON

RW_COLUMNS = (
    "Record ID", "Title", "Subject", "Institution", "Journal", "Publisher", "Country",
    "Author", "URLS", "ArticleType", "RetractionDate", "RetractionDOI", "RetractionPubMedID",
    "OriginalPaperDate", "OriginalPaperDOI", "OriginalPaperPubMedID", "RetractionNature",
    "Reason", "Paywalled", "Notes",
)


def _kind_from_label(label: str) -> str | None:
    lab = label.strip().lower().replace("_", " ").replace("-", " ")
    if "concern" in lab:
        return "expression of concern"
    if any(w in lab for w in ("retract", "withdraw", "removal", "removed")):
        return "retraction"
    if any(w in lab for w in ("correct", "errat", "corrigend")):
        return "correction"
    return None


def _rw_year(value: str) -> int | None:
    m = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", value or "")
    return int(m.group(1)) if m else None


def load_retraction_watch_csv(path: str | Path) -> list[Notice]:
    """Read the Retraction Watch database export (20 columns, ``;``-separated lists).

    Rows whose ``RetractionNature`` is not a retraction, expression of concern or
    correction (e.g. reinstatements) are skipped with a log message. ``Notes``
    naming figures are parsed for claims.

    Raises
    ------
    NoticeParseError
        If the file cannot be read or lacks the Retraction Watch columns.
    """
    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            missing = [c for c in ("Title", "RetractionNature", "Reason", "OriginalPaperDOI")
                       if c not in header]
            if missing:
                raise NoticeParseError(
                    f"{path}: not a Retraction Watch CSV, missing column(s) {', '.join(missing)}"
                )
            rows = list(reader)
    except (OSError, csv.Error, UnicodeError) as exc:
        raise NoticeParseError(f"{path}: cannot read CSV: {exc}") from exc
    notices: list[Notice] = []
    for row in rows:
        kind = _kind_from_label(row.get("RetractionNature") or "")
        if kind is None:
            logger.info("%s: record %s: skipping nature %r", path, row.get("Record ID"),
                        row.get("RetractionNature"))
            continue
        authors = tuple(a.strip() for a in (row.get("Author") or "").split(";") if a.strip())
        first = authors[0] if authors else None
        if first:
            first = first.split()[-1] if "," not in first else first.split(",")[0]
        article = Article(
            doi=normalise_doi(row.get("OriginalPaperDOI")),
            title=(row.get("Title") or "").strip() or None,
            journal=(row.get("Journal") or "").strip() or None,
            year=_rw_year(row.get("OriginalPaperDate") or ""),
            authors=authors,
            first_author=first,
        )
        reasons = {normalise_reason(r) for r in (row.get("Reason") or "").split(";")}
        notes = (row.get("Notes") or "").strip()
        claims = extract_claims(notes, article) if notes else ()
        notices.append(Notice(
            kind=kind,
            article=article,
            doi=normalise_doi(row.get("RetractionDOI")),
            reasons=_order_reasons({r for r in reasons if r}),
            claims=claims,
            file=f"{path}#{row.get('Record ID') or len(notices) + 1}",
        ))
    return notices


def _crossref_article(work: dict[str, Any]) -> Article:
    authors = []
    for a in work.get("author") or []:
        if isinstance(a, dict):
            family = a.get("family") or a.get("name") or ""
            given = a.get("given") or ""
            initials = "".join(p[0] for p in re.split(r"[\s.-]+", given) if p)
            authors.append(f"{family} {initials}".strip())
    year = None
    for key in ("issued", "published-print", "published-online", "published", "created"):
        parts = (work.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            year = int(parts[0][0])
            break
    first_family = None
    for a in work.get("author") or []:
        if isinstance(a, dict) and (a.get("family") or a.get("name")):
            first_family = a.get("family") or a.get("name")
            break

    def first(value: Any) -> str | None:
        if isinstance(value, list):
            return str(value[0]).strip() if value else None
        return str(value).strip() if value else None

    return Article(
        doi=normalise_doi(work.get("DOI")),
        title=first(work.get("title")),
        journal=first(work.get("container-title")),
        year=year,
        authors=tuple(authors),
        first_author=first_family,
    )


def notices_from_crossref(work: dict[str, Any], file: str | None = None) -> list[Notice]:
    """Notices from one Crossref work record.

    A record with ``update-to`` is a notice (its DOI) about the updated works; a
    record with ``updated-by`` is an article, and each update is a notice about it.
    The record's ``abstract`` (JATS), when present, is parsed for claims.
    """
    notices: list[Notice] = []
    abstract = re.sub(r"<[^>]+>", " ", work.get("abstract") or "")
    for upd in work.get("update-to") or []:
        kind = _kind_from_label(str(upd.get("type", "")) + " " + str(upd.get("label", "")))
        if kind is None:
            continue
        article = Article(doi=normalise_doi(upd.get("DOI")))
        reasons = set()
        if abstract:
            for name, pattern in _REASON_PATTERNS.items():
                if pattern.search(abstract) and (name != "error" or kind == "correction"):
                    reasons.add(name)
        claims = extract_claims(abstract, article) if abstract else ()
        if any(c.parsed and c.relation in RELATIONS[:5] for c in claims):
            reasons.add("image duplication")
        notices.append(Notice(kind=kind, article=article, doi=normalise_doi(work.get("DOI")),
                              reasons=_order_reasons(reasons), claims=claims, file=file))
    if work.get("updated-by"):
        article = _crossref_article(work)
        for upd in work["updated-by"]:
            kind = _kind_from_label(str(upd.get("type", "")) + " " + str(upd.get("label", "")))
            if kind is None:
                continue
            notices.append(Notice(kind=kind, article=article, doi=normalise_doi(upd.get("DOI")),
                                  file=file))
    return notices


def load_crossref_json(path: str | Path) -> list[Notice]:
    """Read Crossref work JSON: a work, a list of works, or an API envelope.

    Raises
    ------
    NoticeParseError
        If the file is not JSON or holds no work record.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, json.JSONDecodeError) as exc:
        raise NoticeParseError(f"{path}: cannot read JSON: {exc}") from exc
    if isinstance(data, dict) and "message" in data:
        data = data["message"]
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    works = data if isinstance(data, list) else [data]
    if not works or not all(isinstance(w, dict) and "DOI" in w for w in works):
        raise NoticeParseError(f"{path}: not a Crossref work record (no 'DOI' field)")
    notices: list[Notice] = []
    for work in works:
        notices.extend(notices_from_crossref(work, file=str(path)))
    return notices


def load_notices(path: str | Path) -> list[Notice]:
    """Load notices from a folder, a ``.txt``/``.md``/``.pdf`` notice, a Retraction Watch
    ``.csv`` or a Crossref ``.json`` file.

    A folder is read file by file (sorted, not recursive into hidden folders); its
    unreadable files are logged and skipped so one bad file does not lose the rest.

    Raises
    ------
    NoticeParseError
        If ``path`` does not exist, has an unsupported type, or cannot be parsed.
    """
    path = Path(path)
    if not path.exists():
        raise NoticeParseError(f"{path}: no such file or folder")
    if path.is_dir():
        notices: list[Notice] = []
        for child in sorted(path.rglob("*")):
            if not child.is_file() or any(p.startswith(".") for p in child.parts):
                continue
            if child.suffix.lower() not in (".txt", ".md", ".pdf", ".csv", ".json"):
                continue
            if child.name == "truth.json":
                continue
            try:
                notices.extend(load_notices(child))
            except NoticeParseError as exc:
                logger.warning("skipping %s", exc)
        return notices
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise NoticeParseError(f"{path}: cannot read: {exc}") from exc
        return [parse_notice_text(text, file=str(path))]
    if suffix == ".pdf":
        return [parse_notice_pdf(path)]
    if suffix == ".csv":
        return load_retraction_watch_csv(path)
    if suffix == ".json":
        return load_crossref_json(path)
    raise NoticeParseError(f"{path}: unsupported notice file type {suffix!r} "
                           "(expected .txt, .md, .pdf, .csv, .json or a folder)")


# ---------------------------------------------------------------------------
# JSON


def notice_to_json(notice: Notice) -> dict[str, Any]:
    """The CLI's JSON shape of a notice.

    Returns
    -------
    dict
        ``{"file", "kind", "doi", "article": {"doi", "title", "journal", "year",
        "authors"}, "reasons", "claims": [{"panels", "other", "other_panels",
        "relation", "text"}]}``; ``other`` is ``{"doi", "first_author", "journal",
        "year"}`` or None for a duplication inside the article.
    """
    a = notice.article
    claims = []
    for c in notice.claims:
        other = None
        if c.other is not None:
            other = {"doi": c.other.doi, "first_author": c.other.first_author,
                     "journal": c.other.journal, "year": c.other.year}
        claims.append({
            "panels": list(c.panels),
            "other": other,
            "other_panels": list(c.other_panels),
            "relation": c.relation,
            "text": c.text,
        })
    return {
        "file": notice.file,
        "kind": notice.kind,
        "doi": notice.doi,
        "article": {"doi": a.doi, "title": a.title, "journal": a.journal, "year": a.year,
                    "authors": list(a.authors)},
        "reasons": list(notice.reasons),
        "claims": claims,
    }
