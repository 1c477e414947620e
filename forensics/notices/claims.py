"""Claims: which panels of which paper a notice says duplicate which others."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial

from forensics.citations import (
    DASHES,
    clean_text,
)
from forensics.errors import NoticeParseError
from forensics.model import Article, Claim
from forensics.notices.cites import bibliographic_lines_left_out, find_cites, notice_dois
from forensics.notices.clauses import (
    _Clause,
    _clauses,
)
from forensics.notices.details import claim_labels, claim_transform
from forensics.notices.figrefs import (
    _FIG_KW,
    find_figure_refs,
    with_figure_numbers,
)
from forensics.notices.groups import (
    bare_panels,
    between_one_list,
    claim_groups,
    vs_chain_starts,
)
from forensics.notices.kinds import (
    _CONNECTIVE,
    _EXTERNAL,
    _OWN_AFTER,
    CITE_MARK,
    NOT_DUPLICATION,
    _relation_position,
    detect_kind,
    detect_relation,
)
from forensics.notices.lists import UNCLOSED_HEADING, ListContext, item_claims, list_context
from forensics.notices.restated import (
    _cited_again,
    _drop_announcements,
    _drop_summaries,
    _figure_of,
)
from forensics.notices.sides_after import more_sources_listed, other_sides_listed
from forensics.notices.text import (
    _blocks,
    _sentences,
)

#: Most claims one notice may state. Real notices state up to about 15; a text with
#: more is a corpus pasted into one file, or made to be slow, and is refused.
MAX_CLAIMS = 500


#: Words after a reference that place it in this article, further on in its clause.
_OWN_LATER = re.compile(r"[^\[\]();]{0,80}?\b(?:of|in|from)\s+(?:this|the\s+(?:present|current"
                        r"|above|retracted|original))\s+(?:article|paper|study|publication"
                        r"|manuscript)\b", re.I)


#: Words that pair the two sides of a relation stated before them.
_PAIRING = re.compile(r"\b(?:between|compar\w*)\b", re.I)
_PAIRED_WITH = re.compile(r".*\b(?:with|to|as|versus|vs\.?)\b", re.I | re.S)


#: Between a citation and the reference naming its panel: "[1] (Figure 2D)", "[1] as".
_AFTER_CITE = re.compile(r"[\s,:]*(?:\(\s*|as\s+(?:the\s+)?|in\s+its\s+)", re.I)


_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
#: Between two citations of one figure's two sources: "… 2017;491:98-103. and".
_JOINED_CITES = re.compile(r"[\s.,]*(?:and|&)\s+", re.I)


def _claims_from_sentence(
    sentence: str, refs: dict[int, str], own: Article, own_refs: frozenset[int] = frozenset(),
    paired: str | None = None, earlier: tuple[tuple[str, str], ...] = (),
) -> list[Claim]:
    """The claims of one statement; ``paired`` is the relation a pair left unstated
    takes from the clause before (its first reference is this article's side);
    ``earlier``: the notice's DOIs (:func:`~forensics.notices.cites.find_cites`)."""
    work = sentence.translate(DASHES)
    figrefs = find_figure_refs(work)
    relation = paired or detect_relation(work)
    if not figrefs:
        mentions = _FIG_KW.search(work) or re.search(r"\bpanels?\b", work, re.I)
        if mentions and relation and relation not in NOT_DUPLICATION:
            return [Claim(panels=(), relation=relation, text=sentence, parsed=False)]
        return []
    if relation is None or relation in NOT_DUPLICATION:
        # "concerns were raised about Figs 1, 2 and 4", "Fig. 2E was spliced": where
        # the problems are, not a statement that panels duplicate or overlap
        return []
    figrefs = bare_panels(work, figrefs)
    figrefs = _duplication_scoped(work, figrefs)
    cites = bibliographic_lines_left_out(work, figrefs,
                                          find_cites(work, refs, own, own_refs, earlier))
    chains = vs_chain_starts(work, figrefs) if cites and not paired else None
    if chains:
        # "Figure 2B vs. Figure 3A of [1], and Figure 6A vs. Figure 2 of [2]": each pair
        # tied by "vs." read as a statement of its own, with the sentence's relation
        bounds = chains + [len(sentence)]
        return [c for a, b in zip(bounds, bounds[1:])
                for c in _claims_from_sentence(sentence[a:b], refs, own, own_refs, relation,
                                              earlier)]
    groups = claim_groups(work, figrefs)
    if groups and not cites:
        return [Claim(panels=g, relation=relation, text=sentence) for g in groups]
    if len(figrefs) == 1 and _relation_position(work, 0) < figrefs[0][0] and _PAIRING.search(
        work, 0, figrefs[0][0]
    ):
        figrefs = between_one_list(work, figrefs[0])
    verb = _relation_position(work, figrefs[0][0])
    # the relation stated before every reference, with no pairing word: one side
    one_side = verb == len(work) and len(figrefs) > 1 and not re.fullmatch(
        r"\s*\(\s*", work[figrefs[0][1]:figrefs[1][0]])  # "Figure 2B (Figure 3A in [1])"
    between_first = (_relation_position(work, 0) < figrefs[0][0]
                     and _PAIRING.search(work, 0, figrefs[0][0]))
    pairs_first = False  # the relation pairs the first reference with the later ones
    if len(figrefs) > 1 and (paired or between_first or (verb == len(work) and (
        _PAIRED_WITH.match(work, figrefs[0][1], figrefs[1][0])
    ))):
        # the relation comes first and pairs two sides ("similarity between Fig 2A and
        # Fig 1A in [1]", "overlap of Figure 5E with Figure 3c in [1]"): the first
        # reference is this article's side, the later ones the other side; without such
        # a pairing word ("duplication in Fig. 3 and Fig. S3 of …") they are one side
        verb = figrefs[0][1]
        one_side = False
        pairs_first = True
    own_panels: list[str] = []
    # "Figure 1(e) in [1]" where [1] is the article itself: this article's, wherever
    # the reference stands
    own_marks = [m.start() for m in CITE_MARK.finditer(work) if int(m.group(1)) in own_refs]
    marked_own: list[int] = []  # starts of references marked as this article's
    own_after: list[tuple[int, tuple[str, ...]]] = []  # "… of this article" after the relation
    unmarked_own: list[tuple[int, tuple[str, ...]]] = []  # taken as this article's by position
    attached: dict[int, list[str]] = {}  # cite index -> panels
    loose: list[str] = []  # other-side panels with no citation
    own_cites: set[int] = set()  # citations of the article itself
    cite_after: dict[int, int | None] = {}
    # a reference right after a citation names its panel: "published in [1] (Figure
    # 2D)", "in an article by Kim et al. [1] as Figure 2D"
    named_after = {j: k for j, (start, _, _) in enumerate(figrefs) for k, c in enumerate(cites)
                   if c.end <= start and _AFTER_CITE.fullmatch(work, c.end, start)}
    for i, (start, end, panels) in enumerate(figrefs):
        nxt = figrefs[i + 1][0] if i + 1 < len(figrefs) else len(work)
        following = work[end:nxt]
        # explicit attachment: "Figure 2A from Xu P ...", "Figure 2A of [3]"
        lead = _CONNECTIVE.match(following)
        lead_end = end + (lead.end() if lead else 0)
        if any(end <= mark <= lead_end + 2 and mark < nxt for mark in own_marks):
            own_panels.extend(panels)
            marked_own.append(start)
            continue
        idx = named_after.get(i)
        if idx is None:
            idx = next((k for k, c in enumerate(cites)
                        if end <= c.start <= lead_end + 2 and c.start < nxt
                        and k not in named_after.values()), None)
        if idx is not None and i == 0 and (pairs_first or end <= verb) and len(cites) > 1 and (
                all(a > verb for a, _, _ in figrefs[1:])
                and not any(k == idx for k in named_after.values())):
            # "overlap of Figure 4 published in [1] with Figure 8 of [2], Figure 7 of
            # [3]", "Figure 6 as published in [1] overlaps with Figure 2 of [2]": the
            # side stated first, that the relation pairs with the others, is this
            # article's (a notice is about its article), so its citation is the article
            own_panels.extend(panels)
            own_cites.add(idx)
            continue
        if idx is not None:  # "Figure 6C of the same paper (Han et al. 2015)"
            attached.setdefault(idx, []).extend(panels)
            continue
        if start > verb and set(panels) <= set(own_panels) and _OWN_LATER.match(
                work, end, min([nxt] + [c.start for c in cites if c.start >= end])):
            # "Fig. 4 … was a reproduction of Fig. 3 from …, albeit Fig. 4 appeared in
            # greyscale in the above paper": this article's panel named again
            continue
        if _OWN_AFTER.match(following):
            # "… in Figure 4C is the same as … in Figure 6B of the same article": after
            # the relation, a panel of this article is the other side, inside it.
            if start > verb and own_panels:
                loose.extend(panels)
                own_after.append((start, panels))
            else:
                own_panels.extend(panels)
                marked_own.append(start)
            continue
        cite_after[i] = idx
        if start < verb or not own_panels:
            own_panels.extend(panels)
            unmarked_own.append((start, panels))
            continue
        nxt_cite = next((k for k, c in enumerate(cites) if c.start >= end), None)
        prv_cite = next((k for k in range(len(cites) - 1, -1, -1) if cites[k].end <= start), None)
        k = nxt_cite if nxt_cite is not None else prv_cite
        if k is not None:
            attached.setdefault(k, []).extend(panels)
        else:
            loose.extend(panels)
    others = [k for k in range(len(cites)) if k not in own_cites]
    if (marked_own or own_after) and unmarked_own and others and all(
            start > verb for start in marked_own) and all(
            start < verb for start, _ in unmarked_own):
        # "the panels of Figure 4(c) [of another article] are duplicated by those of
        # Figure 1(e) in [1]", "In a 2009 article (doi: …), Fig. 1A is the same as Fig.
        # 3G of this 2006 article": the side marked as the article's stands after the
        # relation, so the unmarked side before it is the cited article's
        moved = [p for _, panels in unmarked_own for p in panels]
        back = [p for _, panels in own_after for p in panels]
        own_panels = [p for p in own_panels if p not in moved] + back
        loose = [p for p in loose if p not in back]
        if len(others) == 1:
            attached.setdefault(others[0], []).extend(moved)
        else:
            loose.extend(moved)
    if one_side and not loose and len(attached) == 1:
        # "duplication in Fig. 3 and Fig. S3 of <citation>": the list shares its source
        [k] = attached
        attached[k] = own_panels + attached[k]
        own_panels = []
    if not own_panels and not loose and len(attached) == 1:
        # every panel named belongs to one citation ("duplication in Fig. 3 and Fig. S3
        # of Development (2014) 141 (doi:…)"): a notice is about its own article, so
        # the citation is the article itself and the claim is within it
        [panels_cited] = attached.values()
        return [Claim(panels=tuple(dict.fromkeys(panels_cited)), relation=relation,
                      text=sentence)]
    for k, c in enumerate(cites):
        # "the Fig 2c panel of [2,3]": one mark naming several articles, the figure in each
        twin = next((j for j in attached if j != k and (cites[j].start, cites[j].end)
                     == (c.start, c.end)), None)
        if k not in attached and twin is not None:
            attached[k] = list(attached[twin])
    for k in range(1, len(cites)):
        # "Figure 1C from Li B, … 2017;491:98-103. and Han Y, … 2018;93:107-114.": a
        # citation joined to the one before by "and", no figure between, is a second
        # source of the figure named before the first
        if k not in attached and k - 1 in attached and k - 1 not in own_cites and \
                _JOINED_CITES.fullmatch(work, cites[k - 1].end, cites[k].start):
            attached[k] = list(attached[k - 1])
    own_t = tuple(dict.fromkeys(own_panels))
    listed = {tuple(dict.fromkeys(ps)) for ps in attached.values()}
    if _RESPECTIVELY.search(work) and len(attached) > 1 and not loose and len(listed) == 1 \
            and len(next(iter(listed))) == len(attached):
        # "Fig. 6D is duplicated with Fig. 3A … and Fig. 2b … from <A> and <B>,
        # respectively": as many panels listed as sources, each from one, in order
        [other_t] = listed
        return [Claim(panels=own_t, relation=relation, text=sentence,
                      other=cites[k].article, other_panels=(p,))
                for p, k in zip(other_t, sorted(attached, key=lambda k: cites[k].start))]
    if _RESPECTIVELY.search(work) and len(own_t) > 1:
        # "Fig. 2B and 2D, respectively, are identical to Fig. 4A and 4C": one pair each
        sides = [(None, tuple(dict.fromkeys(loose)))] if not attached else [
            (k, tuple(dict.fromkeys(ps))) for k, ps in attached.items()]
        if len(sides) == 1 and len(sides[0][1]) == len(own_t):
            k, other_t = sides[0]
            article = cites[k].article if k is not None else None
            return [Claim(panels=(a,), relation=relation, text=sentence, other=article,
                          other_panels=(b,)) for a, b in zip(own_t, other_t)]
        if len(sides) == len(own_t) and not loose and all(k is not None for k, _ in sides):
            # "Figure 1C and Figure 2D appear in Figure 3 of [1] and in Figure 4 of [2],
            # respectively": one article each, in the order printed
            ordered = sorted(sides, key=lambda side: cites[side[0] or 0].start)
            return [Claim(panels=(a,), relation=relation, text=sentence,
                          other=cites[k or 0].article, other_panels=ps)
                    for a, (k, ps) in zip(own_t, ordered)]
    claims: list[Claim] = []
    if cites:
        for k, cite in enumerate(cites):
            if k in own_cites:
                continue
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
    if other is not None and not loose and len(figrefs) > 1 and all(
            _COORDINATED_SUBJECT.fullmatch(work, end, figrefs[i + 1][0])
            and not _VERB.search(work, end, figrefs[i + 1][0])
            for i, (_, end, _) in enumerate(figrefs[:-1])):
        # "the blots in Fig. 7, and the tumour images in Fig. 2, were similar to data in
        # other articles": subjects joined by "and", each found elsewhere; not said to
        # duplicate each other, so one claim each
        return [Claim(panels=panels, relation=relation, text=sentence, other=Article())
                for _, _, panels in figrefs]
    loose_t = tuple(dict.fromkeys(loose))
    if other is None and _parallel(own_t, loose_t):
        # "the data in Fig. 2E and F with those in Fig. 5E and F": panel for panel
        return [Claim(panels=(a, b), relation=relation, text=sentence)
                for a, b in zip(own_t, loose_t)]
    return [Claim(panels=own_t, relation=relation, text=sentence, other=other,
                  other_panels=loose_t)]


def _duplication_scoped(work: str, figrefs: list[tuple[int, int, tuple[str, ...]]]
                        ) -> list[tuple[int, int, tuple[str, ...]]]:
    """The references a duplication is said of, when the statement joins another kind of
    finding to it: "image duplication in Figure 8 and copy-paste marks and image
    manipulation in western blot gels (Figures 6, 7, 10)" names duplication in Figure 8
    only."""
    for i in range(1, len(figrefs)):
        between = work[figrefs[i - 1][1]:figrefs[i][0]]
        joined = _OTHER_FINDING.search(between)
        if joined and detect_relation(between[joined.start():]) in (None, *NOT_DUPLICATION):
            return figrefs[:i]
    return figrefs


#: Another kind of finding joined to a duplication by "and": "and image manipulation in".
_OTHER_FINDING = re.compile(r"\band\s+(?:[\w-]+\s+){0,5}?(?:manipulation|splic(?:ing|es)"
                            r"|alterations?|discontinuit(?:y|ies)|tampering|erasures?)\b", re.I)


def _parallel(side_a: tuple[str, ...], side_b: tuple[str, ...]) -> bool:
    """Whether two sides name the same letters of two figures in the same order ("2E,
    2F" and "5E, 5F"): each panel of one is said to match its namesake in the other."""
    if len(side_a) < 2 or len(side_a) != len(side_b):
        return False
    parts_a = [(figure := _figure_of(p), p[len(figure):]) for p in side_a]
    parts_b = [(figure := _figure_of(p), p[len(figure):]) for p in side_b]
    if any(len(letter) != 1 or not letter.isupper() for _, letter in parts_a + parts_b):
        return False
    figures_a, figures_b = {f for f, _ in parts_a}, {f for f, _ in parts_b}
    return (len(figures_a) == len(figures_b) == 1 and figures_a != figures_b
            and [x for _, x in parts_a] == [x for _, x in parts_b])


#: A second subject joined by "and" to the first: ", and the tumour images in", " and two
#: panels of the Transwell data shown in", ", in addition to certain of the data showing
#: the results of EdU assays in".
_COORDINATED_SUBJECT = re.compile(
    r"\s*,?\s*(?:and|in\s+addition\s+to|as\s+well\s+as|along\s+with|together\s+with)\s+"
    r"(?:(?:the|those|two|three|some|certain|several)\s+(?:of\s+the\s+)?)?(?:[\w-]+\s+){1,10}?"
    r"(?:in|of|from|shown\s+in|featured\s+in|presented\s+in)\s+", re.I)
_VERB = re.compile(r"\b(?:is|are|was|were|appears?|seems?|shows?|has|have|had)\b", re.I)


def extract_claims(text: str, article: Article | None = None,
                   references: dict[int, str] | None = None,
                   notice_doi: str | None = None) -> tuple[Claim, ...]:
    """Extract the panel claims of a notice body.

    Parameters
    ----------
    text : str
        Notice text (without its reference list).
    article : Article, optional
        The notice's own article, so that citations of it are not taken as "other".
    references : dict, optional
        The notice's numbered reference list, to resolve ``[2]``-style markers.
    notice_doi : str, optional
        The notice's own DOI: with the article's, never one a description points back
        at ("Fig. 1E of the J Biol Chem paper").

    Returns
    -------
    tuple of Claim
        One per (statement, other article); unreadable statements with ``parsed=False``.

    Raises
    ------
    NoticeParseError
        If the text states more than :data:`MAX_CLAIMS` claims.
    """
    own = article or Article()
    refs = references or {}
    cleaned = clean_text(text)
    own_refs = frozenset(int(m.group(1)) for m in _OWN_REF.finditer(cleaned))
    earlier = notice_dois(cleaned, own, notice_doi)
    claims: list[Claim] = []
    context: ListContext | None = None
    list_figures: set[str] = set()  # panels named by list items under a heading
    announcing: set[int] = set()  # claims of statements that announce details
    last_stated = (0, 0)  # the claims of the statement just read
    figure_before: str | None = None  # the one figure the text before named last
    by_authors = False  # the first claims were stated by the authors
    responding = False  # under a heading that reports the authors' response
    blocks = _blocks(cleaned)
    for i, (block, is_item) in enumerate(blocks):
        if responding and is_item and claims and not by_authors:
            # once claims were stated, "The corresponding author stated … as follows:"
            # / "- In Fig 1A, the panels …": the items go on with the authors' response
            continue
        responding = responding and is_item
        if i + 1 < len(blocks) and blocks[i + 1][1] and UNCLOSED_HEADING.search(block):
            block += ":"  # a heading whose colon was left out, before its items
        if context is not None and not is_item and not block.endswith(":"):
            context = None  # prose after the list
        if block.endswith(":"):
            # the heading is the block's last sentence; prose before it is read as prose
            *prose, heading = _sentences(block) or [block]
            responding = bool(_RESPONSE.match(heading))
            context = list_context(heading, context if is_item else None)
            if context is not None:
                if context.panels:
                    # a heading that states a duplication of its own, then details it
                    claims.append(Claim(panels=context.panels, relation=context.relation
                                        or "duplicated", text=heading))
                if not prose:
                    continue
                block = " ".join(prose)
        if context is not None and is_item:
            # an item may run on in sentences that each state a claim ("Figure 2C, …
            # appears duplicated in Figure 6D from [1]. Figure 5C, …"): each read alone
            sentences = _sentences(block)
            if len(sentences) < 2 or sum(bool(_FIG_KW.search(x)) for x in sentences) < 2:
                sentences = [block]
            read = partial(_clauses_claims, refs=refs, own=own, own_refs=own_refs,
                           earlier=earlier)
            listed = [c for x in sentences for c in item_claims(x, context, read)]
            list_figures.update(p for c in listed for p in c.panels + c.other_panels)
            claims.extend(listed)
            last_stated = (0, 0)
            continue
        previous: tuple[str, ...] = ()  # panels the sentence before named, with no claim
        for printed in _sentences(block):
            # "panel C", "this figure": the figure a reader reads them in
            sentence, figure_before = with_figure_numbers(printed, figure_before)
            if _ANNOUNCED.match(sentence):
                # "… duplication in Figure 4A. Specifically, …": the statement before
                # announces the details that follow
                announcing.update(range(*last_stated))
            first = len(claims)  # the claims this statement adds start here
            named = tuple(p for _, _, ps in find_figure_refs(sentence.translate(DASHES))
                          for p in ps)
            if previous and named and _ANAPHORA.search(sentence):
                # "… corrections to images in Supplemental Figures 3, 4 and 5. Images within
                # these figures appeared to be duplicated and …": the figures just named
                relation = detect_relation(sentence)
                if relation is not None and relation not in NOT_DUPLICATION:
                    claims.append(Claim(panels=previous, relation=relation, text=sentence))
            if not named and previous:
                # "… detected in Fig. 6b. Some images were duplicated …": the statement
                # is about the figure just named
                relation = detect_relation(sentence)
                # (not the decision the findings led to: "In view of the re-use of the
                # data …, the Editor has decided that this paper should be retracted")
                if (relation is not None and relation not in NOT_DUPLICATION
                        and not _FIG_KW.search(sentence) and detect_kind(sentence) is None):
                    claims.append(Claim(panels=previous, relation=relation, text=sentence))
            # only a figure named with no relation, or a concern, is taken up
            relation = detect_relation(sentence)
            previous = named if relation is None or relation in NOT_DUPLICATION else ()
            before = len(claims)
            if claims and not by_authors and _RESPONSE.match(sentence):
                # once the notice has stated its claims, what the authors say or provide
                # ("The corresponding author stated that the Fig 1A panels differ") is
                # their response, not a claim (unless the claims were the authors' own,
                # as in a correction: then they go on stating them)
                last_stated = (first, first)
                continue
            if not claims:
                by_authors = bool(_RESPONSE.match(sentence))
            said_before = claims[last_stated[0]:last_stated[1]]
            clauses = _clauses(sentence)
            if said_before and named and _LIKEWISE.match(sentence) and (
                    detect_relation(sentence) is None):
                # "Likewise, Figure 4C and Figure 5D.": the relation said before
                clauses = [_Clause(sentence, said_before[-1].relation)]
            for clause in clauses:
                found = _claims_from_sentence(clause.text, refs, own, own_refs,
                                              clause.relation, earlier)
                if said_before and said_before[-1] in claims and (sides := other_sides_listed(
                        clause.text, said_before[-1],
                        find_cites(clause.text, refs, own, earlier=earlier))):
                    # "… in other articles. These include Figure 2B of [1] …"
                    at = claims.index(said_before[-1])
                    del claims[at]
                    first -= at < first
                    found = sides
                elif said_before and (more := more_sources_listed(
                        clause.text, said_before[-1],
                        find_cites(clause.text, refs, own, earlier=earlier))):
                    # "… with Figure 2C from [1]; Figure 2C from [2] and Figure 5B from [3]"
                    found = more
                # "They also appear in Figure 3B": the panels of the claim just stated
                again = said_before[-1] if said_before and _AGAIN.match(clause.text) else None
                if again is not None and again.other is None:
                    # (the figure of another article it names is that article's: "These
                    # images also overlap with Fig. 3a of an article by … [2]")
                    found = [replace(c, panels=tuple(dict.fromkeys(again.panels + c.panels)))
                             if c.other is None else c if c.other_panels
                             else replace(c, panels=again.panels, other_panels=c.panels)
                             for c in found]
                elif again is not None and (cited := find_cites(clause.text, refs, own,
                                                                  own_refs, earlier)):
                    # "The tumors also appear in Figure 5a of [7]": after a claim about
                    # another article, the figure named is the cited article's; the
                    # subject is the claim just stated
                    found = [replace(c, panels=again.panels, other=cited[-1].article,
                                     other_panels=c.panels)
                             if not c.other_panels else c for c in found]
                # after a list of claims, prose about the same figures discusses them
                # ("In response to the concern for Fig 7C …"): no new claim
                # (a panel the list did not name is a claim of its own: "It has also been
                # noted that the Figure 6E blots …" after items about 6A)
                kept = [c for c in found if is_item or not list_figures or not all(
                    _listed(p, list_figures) for p in c.panels + c.other_panels)]
                claims.extend(kept)
                said_before = kept or said_before
                if is_item:  # bullet items stating claims are a list too
                    list_figures.update(p for c in kept for p in c.panels + c.other_panels)
            if sentence != printed:  # the claim keeps the sentence as printed
                claims[first:] = [replace(c, text=printed) for c in claims[first:]]
            last_stated = (first, len(claims))
            if _ANNOUNCING.search(sentence):  # "… within Figures 3 and 4. Specifically,"
                announcing.update(range(*last_stated))
            if len(claims) > before:
                previous = ()  # only a figure named without a claim is taken up
        if len(claims) > MAX_CLAIMS:
            raise NoticeParseError(f"over {MAX_CLAIMS} claims in one notice; refused")
    claims = _drop_announcements(claims, announcing)
    return tuple(_with_details(_within_article(c))
                 for c in _cited_again(_drop_summaries(claims)))


def _clauses_claims(sentence: str, refs: dict[int, str], own: Article,
                    own_refs: frozenset[int], earlier: tuple[tuple[str, str], ...] = ()
                    ) -> list[Claim]:
    """The claims of a list item's statement, clause by clause as prose is read ("…
    Figure 2C from Li et al. (doi) and Figure 5D from Chen et al. (doi)": one claim per
    article)."""
    return [c for clause in _clauses(sentence)
            for c in _claims_from_sentence(clause.text, refs, own, own_refs, clause.relation,
                                           earlier)]


def _listed(panel: str, listed: set[str]) -> bool:
    """Whether a list named ``panel``, itself or a sub-panel of it ("2B" for "2Bii"),
    or the panel a sub-panel belongs to; a whole figure listed covers none of its
    panels (a list about Figure 6 and 6A says nothing of 6E)."""
    return panel in listed or any(
        q != _figure_of(q) and (q.startswith(panel) or panel.startswith(q)) and (
            panel != _figure_of(panel)) for q in listed)


def _with_details(claim: Claim) -> Claim:
    """The transform and labels the claim's statement names (kept when already read)."""
    if not claim.parsed:
        return claim
    labels = claim.labels or claim_labels(claim.text, claim.panels + claim.other_panels)
    return replace(claim, transform=claim.transform or claim_transform(claim.text),
                   labels=labels)


#: A statement that says the one before holds of other panels too: "Likewise, …",
#: "The same is true of …", "So are …".
_LIKEWISE = re.compile(r"^(?:likewise|similarly|the\s+same\s+(?:is\s+true|applies|holds"
                       r"|was\s+found|is\s+seen)|so\s+(?:are|were|is|was|do|does|did)"
                       r"|as\s+(?:are|were|is|was))\b", re.I)
#: A statement whose subject is the images of the claim just stated: "They also appear
#: in Figure 3B", "The same images were used again in …".
# ("It has also been noted that …" opens a statement of its own: an "it" that stands
# for what follows, not for the claim before)
_AGAIN = re.compile(r"^(?:they|these|it(?![^.;]{0,40}?\bthat\b)|this"
                    r"|the\s+(?:same\s+)?(?:[\w-]+\s+)?(?:images?|bands?|blots?|panels?|photos?"
                    r"|tumou?rs?|sections?|plots?))\s+(?:\w+\s+){0,2}?(?:also|again)\b", re.I)


#: Words that point back at the figures the sentence before named.
_ANAPHORA = re.compile(r"\b(?:these|those|the\s+same|the\s+above)\s+(?:figures?|panels?)\b",
                       re.I)


#: A statement that details the one before it ("Specifically, …", "In particular, …").
_ANNOUNCED = re.compile(r"^(?:more\s+)?(?:specifically|in\s+particular|namely|in\s+detail"
                        r"|(?:these|they)\s+include)\b", re.I)


_ANNOUNCING = re.compile(r"[.;]\s*(?:more\s+)?(?:specifically|in\s+particular|namely"
                         r"|in\s+detail)\s*[,:]?\s*$|\bas\s+follows\s*[.:]?\s*$", re.I)


#: A sentence whose subject is the authors ("The corresponding author stated …",
#: "Regarding Fig 2, the authors provided …", "They explained …").
_RESPONSE = re.compile(
    # (a name with its title may lead, in apposition: "Dr. Jin Wen, the corresponding
    # author, explained …")
    r"^(?:(?:[^.;]|\b(?:Dr|Prof|Mr|Mrs|Ms)\.){0,250}?,\s*)?(?:(?:the|both|all|two)\s+)?(?:(?:co-?)?(?:corresponding|first|senior|last"
    r"|lead|other|remaining)\s+)?(?:co-?)?authors?\b(?:\s+[A-Z]{1,4}\b)?"
    r"|^(?:[^.;]{0,250}?,\s*)?they\s+(?!appear|seem|are|were|also\s+appear)",
    re.I,
)


#: "this article [1]": the notice's own article under a reference number.
_OWN_REF = re.compile(
    r"(?:\b(?:this|the\s+(?:above|original|present|retracted|published|current|cited|concerned))"
    # "this PLOS ONE publication [1]": the journal's name may stand between
    r"\s+(?:(?-i:[A-Z0-9])[\w-]*\s+){0,3}?(?:article|paper|publication|study|manuscript|work)"
    # "… has retracted the article titled “…” [1]": the notice names its article
    r"|\bretract(?:s|ed|ing)?\s+the\s+(?:article|paper|publication)\s+(?:titled|entitled)"
    r"\s*[\"\u201c][^\"\u201d]{1,400}[\"\u201d]"
    r")\s*\[(\d{1,3})\]",
    re.I,
)


def _within_article(claim: Claim) -> Claim:
    """The claim contract: a claim about panels of the article itself lists them all in
    ``panels`` (its sides are interchangeable); ``other_panels`` is for another article's
    panels only."""
    if claim.other is not None or not claim.other_panels:
        return claim
    group = tuple(dict.fromkeys(claim.panels + claim.other_panels))
    return replace(claim, panels=group, other_panels=())

