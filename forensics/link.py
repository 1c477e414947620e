"""Link findings to the notices that cite them, and flag citations of retracted work.

Pure functions, no I/O:

* :func:`link_matches` — each :class:`Match` is linked to every notice claim that
  cites it: the same article pair (by DOI; by title, or by first author + year +
  journal, when a DOI is missing) and the same figure/panel. A claim of
  "Figure 2" covers panels 2A–2F; panels listed together in one claim are also
  duplicates of each other inside the article ("Figures 3A and 5E ... Figure 2A
  of Xu P et al." covers 3A–2A, 5E–2A and 3A–5E). Claims about the scanned
  papers that no finding confirms come back as "notice claim not reproduced".
* :func:`find_retracted_citations` — a manuscript's reference strings against
  the articles that notices retract.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from forensics.citations import DOI_RE, normalise_doi, parse_citation
from forensics.model import (
    Article,
    Claim,
    Match,
    Notice,
    NoticeLink,
    PanelRef,
    Paper,
    RetractedCitation,
    UnconfirmedClaim,
)
from forensics.settings import LinkConfig

logger = logging.getLogger(__name__)

NOT_REPRODUCED = "notice claim not reproduced"




# ---------------------------------------------------------------------------
# identities

_STOP = {"and", "of", "the", "in", "for", "on", "a", "an", "to", "with", "by", "via"}


def _words(text: str) -> list[str]:
    text = text.lower().replace("&", " and ")
    return [w for w in re.split(r"[^a-z0-9]+", text) if w]


def normalise_title(title: str | None) -> str:
    """Lower-case alphanumeric words of a title, ``RETRACTED:`` prefixes removed."""
    if not title:
        return ""
    title = re.sub(r"^\s*(?:retracted(?: article)?|retraction)\s*:\s*", "", title, flags=re.I)
    return " ".join(_words(title))


def titles_match(a: str | None, b: str | None, threshold: float = 0.9) -> bool:
    """Whether two titles name the same article (word-set Jaccard ≥ ``threshold``)."""
    wa, wb = set(normalise_title(a).split()), set(normalise_title(b).split())
    if len(wa) < 3 or len(wb) < 3:
        return False
    return len(wa & wb) / len(wa | wb) >= threshold


def journals_match(a: str | None, b: str | None) -> bool:
    """Whether two journal names are the same journal, allowing NLM-style abbreviations.

    Examples
    --------
    >>> journals_match("Onco Targets Ther", "OncoTargets and Therapy")
    True
    >>> journals_match("Cell", "Cell Reports")
    False
    """
    if not a or not b:
        return False
    ta = [w for w in _words(a) if w not in _STOP]
    tb = [w for w in _words(b) if w not in _STOP]
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    short, full = (ta, tb) if len("".join(ta)) <= len("".join(tb)) else (tb, ta)
    joined = "".join(full)
    if not joined.startswith(short[0]) or len(short) > len(full) + 2:
        return False
    pos = 0
    for token in short:
        found = joined.find(token, pos)
        if found < 0:
            return False
        pos = found + len(token)
    last_full = full[-1]
    return short[-1] in last_full and pos > len(joined) - len(last_full)


def _surname_key(name: str | None) -> str:
    return re.sub(r"[^a-z]", "", (name or "").lower())


def same_article(a: Article, b: Article, title_similarity: float = 0.9) -> bool:
    """Whether two citations name the same article.

    By DOI when both have one; otherwise by title, or by first author + year +
    journal (journal abbreviations allowed).
    """
    da, db = normalise_doi(a.doi), normalise_doi(b.doi)
    if da and db:
        return da == db
    if a.title and b.title and titles_match(a.title, b.title, title_similarity):
        return True
    return bool(
        a.first_author and b.first_author and a.year and a.year == b.year
        and _surname_key(a.first_author) == _surname_key(b.first_author)
        and journals_match(a.journal, b.journal)
    )


def _is_unknown(article: Article) -> bool:
    return not (article.doi or article.title or article.first_author)


@dataclass(frozen=True)
class _Side:
    doi: str | None
    title: str | None


def _ref_side(ref: PanelRef, papers: dict[str, Paper]) -> _Side:
    paper = papers.get(ref.file or "")
    doi = normalise_doi(ref.doi) or (normalise_doi(paper.doi) if paper else None)
    return _Side(doi, paper.title if paper else None)


def _side_is(side: _Side, article: Article, cfg: LinkConfig) -> bool:
    doi = normalise_doi(article.doi)
    if doi and side.doi:
        return doi == side.doi
    return bool(article.title and side.title
                and titles_match(article.title, side.title, cfg.title_similarity))


# ---------------------------------------------------------------------------
# panels

_PANEL = re.compile(r"^((?:S|ED|EV)?\d+(?:-S\d+)?)([A-Z]?)$")  # "3-S1B": eLife supplement


def _split_panel(name: str) -> tuple[str, str]:
    m = _PANEL.match(name.strip().upper())
    if not m:
        return name.strip().upper(), ""
    return m.group(1), m.group(2)


def _fig_key(figure: str | None) -> str:
    fig = (figure or "").strip().upper()
    fig = re.sub(r"^(?:SUPPLEMENTARY\s*)?(?:FIGURE|FIG\.?)\s*", "", fig)
    return fig


def panel_covers(claim_panel: str, ref: PanelRef) -> bool:
    """Whether a notice's panel name (``"2"``, ``"2C"``, ``"S3"``) covers a found panel.

    A whole-figure claim covers every panel of the figure; a panel-less ref (a figure
    printed without letters) is covered by any claim on its figure.
    """
    fig, letter = _split_panel(claim_panel)
    if fig != _fig_key(ref.figure):
        return False
    if not letter or not ref.panel:
        return True
    return letter == ref.panel.strip().upper()


@dataclass(frozen=True)
class _Pair:
    side_a: Article | None  # None: "any article other than the own one"
    panels_a: tuple[str, ...]  # () means any panel
    side_b: Article | None
    panels_b: tuple[str, ...]
    distinct: bool  # the two claim panels must differ (within-article pairs)


def _claim_pairs(notice: Notice, claim: Claim) -> list[_Pair]:
    own = notice.article
    if claim.other is None:
        group = tuple(dict.fromkeys(claim.panels + claim.other_panels))
        if not group:
            return []
        return [_Pair(own, group, own, group, distinct=len(group) > 1)]
    other = None if _is_unknown(claim.other) else claim.other
    pairs = [_Pair(own, claim.panels, other, claim.other_panels, distinct=False)]
    if len(claim.panels) > 1:
        pairs.append(_Pair(own, claim.panels, own, claim.panels, distinct=True))
    return pairs


def _pair_links(pair: _Pair, a: PanelRef, b: PanelRef, sa: _Side, sb: _Side,
                own: Article, cfg: LinkConfig) -> bool:
    def on_side(side: _Side, article: Article | None) -> bool:
        if article is None:  # an unnamed other article: anything but the own one
            return not _side_is(side, own, cfg)
        return _side_is(side, article, cfg)

    if not (on_side(sa, pair.side_a) and on_side(sb, pair.side_b)):
        return False
    hits_a = [p for p in pair.panels_a if panel_covers(p, a)] if pair.panels_a else [None]
    hits_b = [p for p in pair.panels_b if panel_covers(p, b)] if pair.panels_b else [None]
    if not hits_a or not hits_b:
        return False
    if pair.distinct:
        return any(x != y for x in hits_a for y in hits_b)
    return True


def claim_links_match(notice: Notice, claim: Claim, match: Match,
                      papers: dict[str, Paper] | None = None,
                      config: LinkConfig | None = None) -> bool:
    """Whether ``claim`` of ``notice`` cites the finding ``match`` (in either direction)."""
    if not claim.parsed:
        return False
    cfg = config or LinkConfig()
    papers = papers or {}
    sa, sb = _ref_side(match.a, papers), _ref_side(match.b, papers)
    for pair in _claim_pairs(notice, claim):
        if _pair_links(pair, match.a, match.b, sa, sb, notice.article, cfg):
            return True
        if _pair_links(pair, match.b, match.a, sb, sa, notice.article, cfg):
            return True
    return False


def _claim_about(notice: Notice, claim: Claim, sides: list[_Side], cfg: LinkConfig) -> bool:
    articles = [notice.article]
    if claim.other is not None and not _is_unknown(claim.other):
        articles.append(claim.other)
    return any(_side_is(side, art, cfg) for side in sides for art in articles)


def link_matches(
    matches: Sequence[Match],
    notices: Sequence[Notice],
    papers: Iterable[Paper] = (),
    config: LinkConfig | None = None,
) -> tuple[list[Match], list[UnconfirmedClaim]]:
    """Link findings to notice claims.

    Parameters
    ----------
    matches : sequence of Match
        Verified findings; ``a``/``b`` carry ``figure``, ``panel``, ``file`` and ``doi``.
    notices : sequence of Notice
        Parsed notices (see :func:`forensics.notices.load_notices`).
    papers : iterable of Paper
        The papers of the run, to know each file's DOI and title, and which
        claims concern this run.
    config : LinkConfig, optional
        Thresholds (defaults when omitted).

    Returns
    -------
    matches : list of Match
        The same findings, ``notices`` filled with a :class:`NoticeLink` for every
        claim that cites them (new objects, via ``dataclasses.replace``).
    unconfirmed : list of UnconfirmedClaim
        Claims about the run's papers that no finding confirms.
    """
    cfg = config or LinkConfig()
    paper_map = {p.file: p for p in papers}
    sides = [_Side(normalise_doi(p.doi), p.title) for p in paper_map.values()]
    confirmed: set[tuple[int, int]] = set()
    linked: list[Match] = []
    for match in matches:
        links: list[NoticeLink] = list(match.notices)
        for ni, notice in enumerate(notices):
            for ci, claim in enumerate(notice.claims):
                if claim_links_match(notice, claim, match, paper_map, cfg):
                    confirmed.add((ni, ci))
                    link = NoticeLink(doi=notice.doi, kind=notice.kind, claim=claim.text)
                    if link not in links:
                        links.append(link)
        linked.append(replace(match, notices=tuple(links)) if links else match)
    unconfirmed: list[UnconfirmedClaim] = []
    for ni, notice in enumerate(notices):
        for ci, claim in enumerate(notice.claims):
            if (ni, ci) in confirmed or not _claim_about(notice, claim, sides, cfg):
                continue
            unconfirmed.append(UnconfirmedClaim(
                notice=notice.doi,
                kind=notice.kind,
                file=notice.file,
                article_doi=notice.article.doi,
                claim=claim.text,
                panels=tuple(claim.panels),
                other_doi=claim.other.doi if claim.other else None,
                other_panels=tuple(claim.other_panels),
                parsed=claim.parsed,
                status=NOT_REPRODUCED,
            ))
    logger.debug("linked %d of %d matches; %d claims not reproduced",
                  sum(1 for m in linked if m.notices), len(linked), len(unconfirmed))
    return linked, unconfirmed


def find_retracted_citations(
    references: Sequence[str],
    notices: Sequence[Notice],
    kinds: Sequence[str] = ("retraction",),
    config: LinkConfig | None = None,
) -> list[RetractedCitation]:
    """Find reference-list entries that cite an article a notice retracts.

    Parameters
    ----------
    references : sequence of str
        A manuscript's reference-list entries, one string each.
    notices : sequence of Notice
        Parsed notices.
    kinds : sequence of str
        Notice kinds that count (default retractions only; add
        ``"expression of concern"`` to flag those too).
    config : LinkConfig, optional
        Thresholds (defaults when omitted).

    Returns
    -------
    list of RetractedCitation
        The reference string, the retracted article's DOI (None if the notice gives
        none) and the notice's DOI. A reference matches by DOI, else by title, else
        by first author + year + journal. The caller fills ``file`` and ``context``.
    """
    cfg = config or LinkConfig()
    wanted = [n for n in notices if n.kind in kinds]
    by_doi: dict[str, list[Notice]] = {}
    for notice in wanted:
        doi = normalise_doi(notice.article.doi)
        if doi:
            by_doi.setdefault(doi, []).append(notice)
    found: list[RetractedCitation] = []
    for reference in references:
        cited = parse_citation(reference)
        hits: list[Notice] = []
        ref_dois = {normalise_doi(m.group(0)) for m in DOI_RE.finditer(reference)}
        for doi in ref_dois:
            hits.extend(by_doi.get(doi or "", []))
        if not hits:
            norm_ref = normalise_title(reference)
            for notice in wanted:
                art = notice.article
                if ref_dois and art.doi:
                    continue  # both have DOIs and they differ
                title = normalise_title(art.title)
                if (len(title) >= 20 and title in norm_ref) or same_article(
                        cited, replace(art, title=None, doi=None), cfg.title_similarity):
                    hits.append(notice)
        seen: set[tuple[str | None, str | None]] = set()
        for notice in hits:
            key = (normalise_doi(notice.article.doi), notice.doi)
            if key in seen:
                continue
            seen.add(key)
            found.append(RetractedCitation(reference=reference, doi=notice.article.doi,
                                           notice=notice.doi))
    return found
