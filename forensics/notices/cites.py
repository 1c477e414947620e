"""Citations of other articles inside a claim's statement: reference marks ("[2]"),
references with a DOI, references printed whole without one, and "Xu et al." mentions,
each resolved against the notice's reference list where it can be."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from forensics.citations import (
    AUTHOR_NAME_RE,
    CITATION_ANCHORS,
    ET_AL_RE,
    find_dois,
    normalise_doi,
    parse_citation,
)
from forensics.model import Article
from forensics.notices.figrefs import find_figure_refs
from forensics.notices.kinds import _EXTERNAL, _OWN_BEFORE, _REF_MARK, ANOTHER_ARTICLE, OWN_THE

__all__ = ["bibliographic_lines_left_out", "find_cites", "notice_dois"]

#: The act naming the article a notice is about: "retracts the article entitled".
_RETRACTS_CITED = re.compile(r"\bretract(?:s|ed|ing)?\s+(?:the|this)\s+(?:\w+\s+)?(?:article"
                             r"|paper|publication)\b", re.I)


@dataclass(frozen=True)
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


def find_cites(sentence: str, refs: dict[int, str], own: Article,
               own_refs: frozenset[int] = frozenset(),
               earlier: tuple[tuple[str, str], ...] = ()) -> list[_Cite]:
    """Citations of other articles in a claim sentence, in order.

    ``earlier`` are the notice's DOIs that introduce another article, each with the
    text printed before it (:func:`notice_dois`): an article described again later
    ("Fig. 1E of the J Biol Chem paper") is the one whose DOI was introduced in its
    words.
    """
    # a statement is read for citations several times over (clauses, sides, lists)
    return list(_cites_of(sentence, tuple(sorted(refs.items())), own, own_refs, earlier))


def notice_dois(text: str, own: Article, notice_doi: str | None = None
                ) -> tuple[tuple[str, str], ...]:
    """The DOIs of a notice's text that introduce another article ("… in a 2011
    article in The Journal of Biological Chemistry (…; DOI: …)": an article, a paper,
    a study after "a", "an" or "another" in the :data:`_INTRODUCED` characters before
    it), each with those characters (lower case); never the article's or the notice's
    own (a header citation introduces no other article)."""
    mine = {normalise_doi(d) for d in (own.doi, notice_doi) if d}
    found = []
    for start, _, doi in find_dois(text):
        before = text[max(0, start - _INTRODUCED):start]
        if doi not in mine and ANOTHER_ARTICLE.search(before):
            found.append((doi, before.lower()))
    return tuple(found)



@functools.lru_cache(maxsize=512)
def _cites_of(sentence: str, ref_items: tuple[tuple[int, str], ...], own: Article,
              own_refs: frozenset[int], earlier: tuple[tuple[str, str], ...] = ()
              ) -> tuple[_Cite, ...]:
    refs = dict(ref_items)
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
            if n in own_refs:
                continue  # "this article [1]" elsewhere in the notice
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
        if not any(s < start for s, _ in figure_spans) and _RETRACTS_CITED.search(
                sentence, 0, start):
            # "… retracts the article entitled "…" by Li M … (doi: …) after alerts about
            # duplications between Figure 1A-E and …": the article it retracts, named
            # before any figure, is the notice's own
            continue
        lo = max([prev_end] + [e for s, e in figure_spans if e <= start])
        segment = sentence[lo:end]
        # the first name of either form: in "(Sun et al., 2018, Aging (Albany NY) 10,
        # 973-987, doi…)" the citation starts at Sun, not at the look-alike "Albany NY"
        nm = min((m for m in (AUTHOR_NAME_RE.search(segment), ET_AL_RE.search(segment)) if m),
                 key=lambda m: m.start(), default=None)
        # no author: a citation printed as journal, year, volume ("… of Development
        # (2014) 141, 2414-2428 (doi:…)") starts at the journal's name
        jm = None if nm else _JOURNAL_FIRST.search(segment)
        cstart = lo + nm.start() if nm else lo + jm.start(1) if jm else start
        cstart = _after_whole_references(sentence, cstart, start)
        article = parse_citation(sentence[cstart:end])
        cites.append(_Cite(cstart, end, replace(article, doi=doi)))
        taken.append((cstart, end))
        prev_end = end
    # A whole reference printed in the sentence, without a DOI: "… from Li B, Wang F.
    # Title. Biochem Biophys Res Commun. 2017;491:98-103."
    for start, end in _inline_references(sentence, figure_spans, taken):
        article = parse_citation(sentence[start:end])
        if _same_article(article, own):
            continue
        cites.append(_Cite(start, end, article))
        taken.append((start, end))
    # "Xu et al. (2018)", "Xu P et al., Life Sci 2018" without a DOI
    for m in ET_AL_RE.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken):
            continue
        first = _author_list_start(sentence, m.start())
        if any(a <= first < b for a, b in taken):
            continue
        tail = sentence[first:m.end() + 80]
        stop = re.search(r"\b(?:figs?\.?|figures?|panels?)\b|\b(?:and|was|were)\s", tail[8:], re.I)
        if stop:
            tail = tail[:stop.start() + 8]
        article = parse_citation(tail)
        if own.first_author and article.first_author == own.first_author and (
            not article.year or article.year == own.year
        ):
            continue
        number = _listed_as(article, refs)
        if number is not None:
            article = parse_citation(refs[number])
        cites.append(_Cite(first, m.end(), article, number))
        taken.append((first, m.end()))
    # what the notice prints of its own article: its journal, title, own references
    own_text = " ".join([own.journal or "", own.title or ""]
                        + [refs[n] for n in sorted(own_refs) if n in refs])
    for start, end, article in _described(sentence, figure_spans, taken, earlier, own_text):
        cites.append(_Cite(start, end, article))
        taken.append((start, end))
    cites.sort(key=lambda c: c.start)
    return tuple(_one_citation_each(sentence, cites))


#: Another article described after a figure of it: "Fig. 1E of the J Biol Chem paper",
#: "Fig. 6C of the now-retracted 2008 article" (group 1: the description), or named by
#: journal, volume and pages: "Fig. 3B of Diabetes 55:2713-2722" (group 2: the journal).
_DESCRIBED = re.compile(
    r"\b(?:of|in|from)\s+(?:(?:the|that)\s+((?:[\w-]+\s+){1,5}?)(?:article|paper|publication"
    r"|study)\b|((?-i:[A-Z])[\w.]*(?:\s+(?-i:[A-Z])[\w.]*){0,5})\s+\d{1,4}\s*:\s*\d+)", re.I)
#: First words of a description of the notice's own article: "the same paper", "the
#: above-cited article", "the retracted article".
_OWN_DESCRIPTION = re.compile(
    rf"(?:{OWN_THE}|above-\w+|aforementioned|cited|published|subject|affected|said|this|our"
    r"|submitted)\b", re.I)
#: Words of a description that single out one article among others: a year, a name
#: (a journal's), or words such as "earlier", "now-retracted".
_DISTINCTIVE = re.compile(r"(?:19|20)\d\d|(?-i:[A-Z])[\w.]*|now-\w+|earlier|previous|prior"
                          r"|later|other|second|first|related", re.I)
#: Characters before a DOI searched for the words of a description pointing back at it.
_INTRODUCED = 200
#: How far before a description the figure it follows may end: "Fig. 1E of" (a
#: panel's name and lanes may stand between: "Fig. 3B, lanes 1-3, of").
_DESCRIBED_REACH = 40


def _described(sentence: str, figure_spans: list[tuple[int, int]],
               taken: list[tuple[int, int]], earlier: tuple[tuple[str, str], ...],
               own_text: str) -> list[tuple[int, int, Article]]:
    """Other articles a claim names by a description right after one of their figures
    (:data:`_DESCRIBED`), each resolved to the first DOI of the notice whose preceding
    text holds all the description's distinctive words, else left without a DOI. A
    description by the article's own journal ("the PLOS ONE article" where "this
    article [1]" is a PLoS ONE reference: ``own_text``) is the article itself."""
    own_words = own_text.lower()
    found = []
    for m in _DESCRIBED.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken) or not any(
                0 <= m.start() - e <= _DESCRIBED_REACH
                and not re.search(r"[.;\[\]]", sentence[e:m.start()])
                for _, e in figure_spans):
            continue
        words = m.group(1) or m.group(2)
        if m.group(1) and _OWN_DESCRIPTION.match(words):
            continue
        printed = [w.rstrip(".") for w in _DISTINCTIVE.findall(words)
                   if w.lower() not in ("the", "a", "an")]
        if not printed:
            continue  # "the paper": no telling which
        distinct = [w.lower() for w in printed]
        names = [w.lower() for w in printed if w[0].isupper()]
        if names and all(re.search(rf"\b{re.escape(n)}\b", own_words) for n in names):
            continue  # the article's own journal
        years = [int(w) for w in printed if w.isdigit()]
        article = Article(journal=None if m.group(1) else words.strip(),
                          year=years[0] if years else None)
        if m.group(1):
            # the first DOI so introduced: a later one (the article's own retraction,
            # "The J Biol Chem article was retracted (DOI: …)") is named by it again
            doi = next((d for d, before in earlier if all(w in before for w in distinct)), None)
            if doi is not None:
                article = replace(article, doi=doi)
        found.append((m.start(), m.end(), article))
    return found


#: One author of a list as cited, with what separates it from the next: "Wang F, ".
_LISTED_AUTHOR = re.compile(rf"(?:{AUTHOR_NAME_RE.pattern})\s*[,;]\s*$")

#: How far after its first author a reference's year and volume may be printed.
_REFERENCE_SPAN = 400


#: Reference-list entries parsed once per notice, however many mentions look them up.
_parsed_entry = functools.lru_cache(maxsize=256)(parse_citation)


def _after_whole_references(sentence: str, start: int, doi_at: int) -> int:
    """Where the citation of a DOI at ``doi_at`` starts, given its first author at
    ``start``: after any whole reference joined to it by "and" ("Wang S, et al, Cell
    Death Dis. 2020;11:491 and Li Z, …; doi: …" cites two articles, the DOI the second's)."""
    for joint in _AND.finditer(sentence, start, doi_at):
        if AUTHOR_NAME_RE.match(sentence, joint.end()) and any(
                anchor.search(sentence, start, joint.start()) for anchor in CITATION_ANCHORS):
            start = joint.end()
    return start


#: "and" joining two references.
_AND = re.compile(r"\s+and\s+")


def _listed_as(mention: Article, refs: dict[int, str]) -> int | None:
    """The one entry of the reference list an author-year mention ("Wang et al.
    (2019)") stands for: the entry with that first author and year, when only one
    has both."""
    if not mention.first_author or not mention.year:
        return None
    found = [n for n, text in refs.items()
             if (entry := _parsed_entry(text)).year == mention.year
             and (entry.first_author or "").casefold() == mention.first_author.casefold()]
    return found[0] if len(found) == 1 else None


def _author_list_start(sentence: str, at: int) -> int:
    """Where the list of authors ending just before ``at`` starts: "Ke Y, Chen L,
    Zhou M, et al." is cited by its first author, Ke, not by the last before "et al"."""
    start = at
    while (m := _LISTED_AUTHOR.search(sentence, max(0, start - 40), start)) is not None:
        start = m.start()
    return start


def _inline_references(sentence: str, figure_spans: list[tuple[int, int]],
                       taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of whole references printed inside a sentence: a list of authors as
    cited ("Li B, Wang F, Liu N") followed, before any figure reference, by a
    reference's year-and-volume block ("2017;491:98", "491 (2017) 98", "491: 98")."""
    spans: list[tuple[int, int]] = []
    end = 0
    for m in AUTHOR_NAME_RE.finditer(sentence):
        if m.start() < end or any(a <= m.start() < b for a, b in taken) or \
                not re.match(r"\s*[,;]\s*\S", sentence[m.end():]):
            continue  # a reference's authors come as a list
        limit = min([len(sentence), m.start() + _REFERENCE_SPAN]
                    + [s for s, _ in figure_spans if s > m.start()])
        anchors = [a for a in (r.search(sentence, m.end(), limit) for r in CITATION_ANCHORS)
                   if a is not None]
        if not anchors:
            continue
        anchor = min(anchors, key=lambda a: a.start())
        stop = re.compile(r"[.;](?=\s|$)|\s(?:and|or)\s").search(sentence, anchor.end())
        end = stop.start() + 1 if stop else len(sentence)
        spans.append((m.start(), end))
    return spans


#: A sentence's end before the next one: ". International Journal of …".
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")


def bibliographic_lines_left_out(work: str, figrefs: list[tuple[int, int, tuple[str, ...]]],
                                  cites: list[_Cite]) -> list[_Cite]:
    """The citations of a statement, without a citation printed as a sentence of its
    own after the statement ("… were strikingly similar. Int J Mol Med 34: 451-463,
    2014; DOI: …") when the statement names no other article: the notice's article
    printed with the notice, never the other side of a claim about panels of this
    article. A citation after "another article", "previously published" is kept."""
    if not cites or _EXTERNAL.search(work):
        return cites
    last = figrefs[-1][1]

    def own_sentence(c: _Cite) -> bool:
        # a full stop inside a citation before it (initials, a title) ends no sentence
        return c.start > last and any(
            not any(o.start <= m.start() < o.end for o in cites)
            for m in _SENTENCE_END.finditer(work, last, c.start))

    return [c for c in cites if not own_sentence(c)]


def _one_citation_each(sentence: str, cites: list[_Cite]) -> list[_Cite]:
    """Citations printed side by side with only spaces, brackets or commas between
    ("Chen et al. [2]", "Chen et al., 2017 (doi:…)") are one citation: the one that
    resolves (a DOI, a reference number) stands for both."""
    out: list[_Cite] = []
    for cite in cites:
        if out and _CITE_GAP.fullmatch(sentence, out[-1].end, cite.start):
            prev = out[-1]
            keep = cite if (cite.article.doi or cite.ref_number is not None) and not (
                prev.article.doi) else prev
            out[-1] = replace(keep, start=prev.start, end=cite.end)
            continue
        out.append(cite)
    return out


#: What may stand between two halves of one citation: spaces, brackets, commas, a year.
_CITE_GAP = re.compile(r"[\s,;()\[\]]*(?:(?:19|20)\d\d[a-z]?[\s,;()\[\]]*)?")


#: A citation that starts with its journal's name and year, after "of", "in" or "from".
_JOURNAL_FIRST = re.compile(r"\b(?:of|in|from)\s+([A-Z][^()\[\].;]{0,80}?\(?(?:19|20)\d\d\b)")
