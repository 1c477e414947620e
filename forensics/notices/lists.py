"""List items: the claims of items under a heading that says what they share ("The
following panels appear similar:" / "- Fig 2A and Fig 5B", "In Fig 2A:" / "- Control and
Treated")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from forensics.citations import DASHES
from forensics.model import Claim
from forensics.notices.details import item_labels
from forensics.notices.figrefs import FIGURE_NUMBER, find_figure_refs
from forensics.notices.groups import claim_groups
from forensics.notices.kinds import NOT_DUPLICATION, detect_relation

#: The last words of a block that announces the items after it with no colon ("The
#: following results appear similar"): no closing mark, no figure, a relation.
UNCLOSED_HEADING = re.compile(r"\bfollowing\b[^.;:!?]*\b(?:similar|identical|duplicat\w*"
                               r"|overlap\w*|same|alike)\W{0,3}$", re.I)


@dataclass(frozen=True)
class ListContext:
    """What a list's heading says of its items: "The following panels appear similar:"
    (the relation), "In Fig 2A:" (the figure its items' labels belong to; with no
    relation, items state their own: "In Fig 3:" / "- The 0 h panels appear similar")."""

    relation: str | None
    figure: str | None
    #: the panels of a heading that is a statement of its own ("The IRS1 blots in Fig. 4B
    #: and Fig. 7C appear identical, with these duplicated lanes:"), for items that
    #: name none ("Lane 4 appears to be a duplicate of lane 7")
    panels: tuple[str, ...] = ()


def list_context(heading: str, outer: ListContext | None) -> ListContext | None:
    """The context a heading ending in ":" sets for the list items after it; a heading
    inside a list ("In Fig 2A:") keeps the outer heading's relation."""
    relation = detect_relation(heading.translate(DASHES))
    stated = relation is not None and relation not in NOT_DUPLICATION
    if not stated:
        relation = outer.relation if outer is not None else None
    figures = {p for _, _, ps in find_figure_refs(heading) for p in ps}
    figure = next(iter(figures)) if len(figures) == 1 else None
    if relation is None and figure is None:
        return None
    return ListContext(relation, figure or (outer.figure if outer is not None else None),
                       heading_statement(heading) if stated else ())


def heading_statement(heading: str) -> tuple[str, ...]:
    """The panels of a heading that states a duplication of panels of its own: two or
    more lettered panels ("… in Fig. 4B and … in Fig. 7C appear to be identical images
    that contain the following duplicated lanes:"); () for a heading that only
    announces ("The following panels appear similar:", "In Fig 3, the following:")."""
    panels = tuple(dict.fromkeys(p for _, _, ps in find_figure_refs(heading.translate(DASHES))
                                 for p in ps))
    if len(panels) < 2 or any(FIGURE_NUMBER.fullmatch(p) for p in panels):
        return ()
    return panels


def item_claims(item: str, context: ListContext,
                read_statement: Callable[[str], list[Claim]]) -> list[Claim]:
    """One list item under a heading: one claim, the panels it names (or the heading's
    figure when it names only labels, "Paracentral Control and Central Control"); an
    item that states a relation and names figures is a statement of its own, read by
    ``read_statement``."""
    work = item.translate(DASHES)
    relation = detect_relation(work)
    figrefs = find_figure_refs(work)
    if relation is not None and relation not in NOT_DUPLICATION and figrefs:
        return read_statement(item)  # a statement of its own
    own_relation = relation is not None and relation not in NOT_DUPLICATION
    if not own_relation and _STATEMENT.search(work):
        # "In Fig 5A, the panels do not appear to match …": a sentence saying something
        # else, not one more member of the heading's list
        return []
    panels = tuple(dict.fromkeys(p for _, _, ps in figrefs for p in ps))
    labels: tuple[str, ...] = ()
    if not panels and context.figure is not None:
        panels = (context.figure,)
        labels = item_labels(work)  # the item names the images by labels only
    elif not panels and context.panels and own_relation:
        panels = context.panels  # lanes of the heading's images
    relation = relation if own_relation else context.relation
    if not panels or relation is None:
        return []
    groups = claim_groups(work, figrefs) if len(figrefs) > 1 else None
    if groups:
        # "Figure 1D: Sham day 3 and Sham day 7; Figure 4A: …": members of their own
        return [Claim(panels=g, relation=relation, text=item) for g in groups]
    return [Claim(panels=panels, relation=relation, text=item, labels=labels)]


#: A list item written as a sentence, with a verb of its own ("… do not appear to match
#: …"; an item that only names panels and labels has none).
_STATEMENT = re.compile(r"\b(?:appears?|seems?|is|are|was|were|does|do|did|has|have|had"
                        r"|shows?|showed)\s", re.I)
