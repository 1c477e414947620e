"""Another article's side named after its claim: "… appear similar to panels in other
articles. These include Figure 2B of Shi et al. (doi: …) and Figure 3A of Wang et al.
(doi: …)", or after a colon ("… in other articles: Figure 2B of [1] and Figure 3A of
[2]")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from forensics.citations import DASHES
from forensics.model import Article, Claim
from forensics.notices.figrefs import find_figure_refs
from forensics.notices.kinds import detect_relation

#: How far after a reference its citation may start ("Figure 2B from Shi et al. 2018
#: (doi: …)": the authors and year between).
CITE_REACH = 60


class _Cited(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def article(self) -> Article: ...


def other_sides_listed(statement: str, before: Claim,
                       cites: Sequence[_Cited]) -> list[Claim] | None:
    """The claims ``statement`` completes when it names, with no relation of its own,
    only references each followed by its citation, after ``before``, a claim about
    other articles left unnamed: one claim per reference, ``before``'s panels against
    the cited figure (None when the statement is no such list)."""
    if (not before.parsed or before.other != Article() or before.other_panels
            or not before.panels or detect_relation(statement.translate(DASHES)) is not None):
        return None
    return _each_cited(statement, before, cites)


def more_sources_listed(statement: str, before: Claim,
                        cites: Sequence[_Cited]) -> list[Claim] | None:
    """The claims ``statement`` adds when, after ``before``, a claim about a named
    other article, it names with no relation of its own only references each followed
    by its citation ("… duplicated with Figure 2C from Li et al. (2017); Figure 2C from
    Han et al. (2018) and Figure 5B from Ke et al. (2019)"): more sources of
    ``before``'s panels, one claim per reference (None when it is no such list)."""
    if (not before.parsed or before.other is None or before.other == Article()
            or not before.other_panels or not before.panels
            or detect_relation(statement.translate(DASHES)) is not None):
        return None
    return _each_cited(statement, before, cites)


def _each_cited(statement: str, before: Claim, cites: Sequence[_Cited]) -> list[Claim] | None:
    """One claim per reference of ``statement``, ``before``'s panels against it, when
    every reference is followed by its own citation (None otherwise)."""
    figrefs = find_figure_refs(statement.translate(DASHES))
    if not figrefs:
        return None
    claims = []
    for i, (_start, end, panels) in enumerate(figrefs):
        nxt = figrefs[i + 1][0] if i + 1 < len(figrefs) else len(statement)
        cite = next((c for c in cites if end <= c.start < nxt and c.start - end <= CITE_REACH),
                    None)
        if cite is None or cite.article == Article():
            return None
        claims.append(replace(before, text=statement, other=cite.article,
                              other_panels=panels))
    return claims
