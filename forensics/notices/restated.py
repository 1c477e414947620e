"""Claims stated more than once: a summary and its details, an announcement and what
it announces, a citation printed again without its DOI."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from forensics.model import Article, Claim
from forensics.notices.details import claim_labels, claim_transform
from forensics.notices.figrefs import FIGURE_NUMBER
from forensics.notices.kinds import CITE_MARK

logger = logging.getLogger(__name__)


def _drop_summaries(claims: list[Claim]) -> list[Claim]:
    """Drop summary statements ("images in Figures 3 and 5 were duplicated ...") that the
    notice then details panel by panel, and a claim stated twice in one sentence
    (linear in the claims)."""
    out: list[Claim] = []
    # (this article's panels only: another article's Fig. 6A details no claim on Fig. 6)
    detailed = {_figure_of(p) for c in claims
                for p in c.panels + (c.other_panels if c.other is None else ())
                if _figure_of(p) != p}
    seen = set()
    pairs_said: dict[tuple, list[set[str]]] = {}  # cross-article pairs -> their marks
    # within-article claims naming several figures, or whole ones (with their labels)
    # -> its place in out (None: dropped)
    stated: dict[tuple[frozenset[str], tuple[str, ...]], int | None] = {}
    by_panels: dict[frozenset[str], list[tuple[frozenset[str], tuple[str, ...]]]] = {}
    for at, c in enumerate(claims):
        # the same claim stated twice in one sentence; separate statements both count
        # (two other articles printed without DOIs are told apart by author and year)
        other = (c.other.doi, c.other.first_author, c.other.year) if c.other else None
        key = (c.panels, c.other_panels, other, c.relation, c.text)
        if key in seen and c.parsed:
            continue
        seen.add(key)
        whole = c.panels + c.other_panels
        if c.parsed and c.other is not None and c.other_panels:
            # the same panels of the same other article named again in a later
            # statement, neither setting its images apart by label: the pair restated
            # ("Figure 3c [1] is similar to Figure 4a [2]. The values in Figure 3c [1]
            # and Figure 4a [2] are identical if …")
            # (other articles printed without details are told apart by their marks:
            # "… in Figure 2a of [1]" and "… in Figure 2a of [2]" are two claims)
            pair = (c.panels, c.other_panels, other)
            marks = set(CITE_MARK.findall(c.text))
            if not (c.labels or claim_labels(c.text, whole)):
                said_with = pairs_said.setdefault(pair, [])
                if any(m == marks or m & marks for m in said_with):
                    continue
                said_with.append(marks)
        said = None
        if c.parsed and c.other is None and (
            len({_figure_of(p) for p in whole}) > 1 or all(_figure_of(p) == p for p in whole)
        ):
            # panels of several figures, or whole figures, named again: the same claim
            # restated (labels, which set apart two claims about one panel, go with one
            # panel each; an item naming a figure's images by label, "In Fig 3:" then
            # "The 0 h panels appear similar", keeps them: one claim per item)
            # two claims about the same panels set apart by what each calls its images
            # ("Figure 3A 48h/control and Figure 6 48h/control", then "Figure 3A
            # 48h/miR-NC and Figure 6 48h/siRNA-NC"); with no labels on either side,
            # one restates the other
            # (with no labels, where in the panels the images lie sets them apart: "Fig.
            # 1g top left image … Fig. 3i bottom image", then "Fig. 1g top right …")
            labels = c.labels or claim_labels(c.text, whole) or tuple(
                m.group(0).lower() for m in _POSITION.finditer(c.text)) or tuple(
                " ".join(m.group(0).lower().split()) for m in _LANES.finditer(c.text))
            said = next((k for k in by_panels.get(frozenset(whole), ())
                         if not k[1] or not labels or k[1] == labels),
                        (frozenset(whole), labels))
            by_panels.setdefault(said[0], []).append(said)
            if said in stated:
                # the restatement may name the transform ("evidence of mirrored
                # duplication … in Fig. 3B, Fig. 4A,B and Fig. 5B")
                at_out = stated[said]
                if at_out is not None and out[at_out].transform is None and (
                        turned := claim_transform(c.text)):
                    out[at_out] = replace(out[at_out], transform=turned)
                continue
            stated[said] = None
        if (
            c.parsed and whole and not c.other_panels
            and (c.other is None or c.other == Article())
            and (all(_figure_of(p) == p and p in detailed for p in whole)
                 or _detailed_by_others(c, claims[at + 1:at + 1 + _DETAILS_SEEN]))
        ):
            logger.debug("dropping summary claim subsumed by detailed ones: %s", c.text)
            continue
        if said is not None:
            stated[said] = len(out)
        out.append(c)
    return out


#: Lanes of a blot named by number ("Lane 2 … lanes 3, 5, and 6"): two claims about
#: one blot's panels that name different lanes are two claims.
_LANES = re.compile(r"\blanes?\s+\d+(?:\s*(?:,|and|&|-|to)\s*(?:and\s+)?\d+)*", re.I)
#: Where in a panel an image lies: "top left", "bottom", "upper right".
_POSITION = re.compile(r"\b(?:(?:top|bottom|upper|lower|middle)(?:\s+(?:left|right|middle))?"
                       r"|left|right)\b(?=\s+(?:[\w-]+\s+){0,2}?(?:images?|panels?|blots?|bands?"
                       r"|lanes?|rows?|columns?)\b)", re.I)


#: How many claims after a summary are read for its details (a bounded look keeps the
#: summary check linear in the claims).
_DETAILS_SEEN = 20


def _detailed_by_others(claim: Claim, after: list[Claim]) -> bool:
    """Whether two or more claims ``after`` it, each naming some of this claim's panels
    as this article's, together name all of them ("duplications in Figs. 1b, 1d, 3a and
    3c, … between 1b and 1d and between 3a and 3c"): the claim sums them up."""
    mine = set(claim.panels)
    if len(mine) < 3:
        return False
    # a detail's panels of this article: all of a within-article claim's, only the own
    # side of a cross-article one ("Figure 2C … duplicated with … Figure 5B from [1]")
    parts = [ps for d in after if d.parsed
             for ps in [set(d.panels + d.other_panels) if d.other is None else set(d.panels)]
             if ps and ps <= mine and ps != mine]
    return len(parts) >= 2 and set().union(*parts) == mine


def _drop_announcements(claims: list[Claim], announcing: set[int]) -> list[Claim]:
    """Drop the claims of a statement that announces details ("Concerns were raised about
    duplication in Figures 2C and 5C. Specifically, …") when the claims after it name
    every one of its panels (a whole figure by any of its panels)."""
    if not announcing:
        return claims
    out: list[Claim] = []
    for i, c in enumerate(claims):
        if i in announcing and c.parsed:
            later = {p for d in claims[i + 1:] if d.parsed for p in d.panels + d.other_panels}
            figures = {_figure_of(p) for p in later}
            named = c.panels + c.other_panels
            left = [p for p in named
                    if not (p in later or (p == _figure_of(p) and p in figures))]
            if not left:
                continue
            if len(left) < len(named) and all(p == _figure_of(p) for p in named):
                # "duplication in Figures 3, 4 and S5. Specifically, <3 and 4 detailed>":
                # the figures no detail names stay claimed
                c = replace(c, panels=tuple(p for p in c.panels if p in left),
                            other_panels=tuple(p for p in c.other_panels if p in left))
        out.append(c)
    return out


def _cited_again(claims: list[Claim]) -> list[Claim]:
    """A citation without a DOI ("of the same paper (Han et al. 2015)") that names the
    first author and year of one the notice printed with its DOI is that article."""
    known: dict[tuple[str, int], Article] = {}
    for c in claims:
        o = c.other
        if o is not None and o.doi and o.first_author and o.year:
            known.setdefault((o.first_author.lower(), o.year), o)
    out = []
    last: Article | None = None  # the other article named last, with its DOI
    for c in claims:
        o = c.other
        if o is not None and not o.doi and o.first_author and o.year:
            same = known.get((o.first_author.lower(), o.year))
            if same is not None:
                c = replace(c, other=same)
        elif o == Article() and last is not None and _SAME_ARTICLE.search(c.text):
            # "… as part of Figure 5 of the same previous publication": the one just cited
            c = replace(c, other=last)
        if c.other is not None and c.other.doi:
            last = c.other
        out.append(c)
    return out


#: An article named as the one cited just before: "the same paper", "the same previous
#: publication".
_SAME_ARTICLE = re.compile(r"\bthe\s+same\s+(?:[\w-]+\s+)?(?:article|paper|publication|study)\b",
                           re.I)


def _figure_of(panel: str) -> str:
    """The figure a panel name belongs to: "S3" for "S3B", "7" for "7" or "7C'"."""
    m = FIGURE_NUMBER.match(panel)
    return m.group(0) if m else panel
