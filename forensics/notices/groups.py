"""Groups: which panels of a statement go together into one claim ("Fig. 4B vs. Fig.
5A; Fig. 4D vs. Fig. 5C", "within Figure 2B, within Figure 4C", "Fig. 2d and f, Fig. 5e
and g"), and panels named with no figure number."""

from __future__ import annotations

import re

from forensics.notices.figrefs import _FIG_KW, FIGURE_NUMBER, _letters_range, find_figure_refs
from forensics.notices.kinds import detect_relation
from forensics.notices.restated import _figure_of


def claim_groups(
    work: str, figrefs: list[tuple[int, int, tuple[str, ...]]]
) -> list[tuple[str, ...]] | None:
    """The groups of panels a statement names, one claim each, by the first rule that
    sets groups apart: pairs tied by "vs.", groups opened by their own "within" or
    "between" or added by ", as well as", references side by side each naming panels of
    one figure. None when the statement names one group (or sides, for the claim
    parser to read)."""
    return (_vs_pairs(work, figrefs) or _scoped_groups(work, figrefs)
            or _pair_lists(work, figrefs) or _labelled_members(work, figrefs)
            or _phrase_list(work, figrefs) or _panel_groups(work, figrefs))


#: Where a list after a colon goes on to its next noun phrase: ", the", ", and the".
_NEXT_PHRASE = re.compile(r",\s*(?:and\s+)?(?=the\s)", re.I)
#: A phrase naming several images in one reference: "the p-p38 and p38 panels in".
_SEVERAL_IMAGES = re.compile(r"\b(?:panels|lanes|bands|blots|images)\b", re.I)


def _phrase_list(
    work: str, figrefs: list[tuple[int, int, tuple[str, ...]]]
) -> list[tuple[str, ...]] | None:
    """A list after a colon of noun phrases, each naming the images of one claim: "…
    appear identical: the GRP78 panel in Fig. 7B and the CHOP panel in Fig. 7C, the
    p-p38 and p38 panels in Fig. 7C, and the actin panels from Fig. 7B and 8C" (three
    claims). Each phrase must name two references, or several images in one. None
    otherwise."""
    colon = work.find(":")
    if colon < 0 or any(start < colon for start, _, _ in figrefs):
        return None
    bounds = [colon + 1] + [m.start() for m in _NEXT_PHRASE.finditer(work, colon)] + [len(work)]
    if len(bounds) < 3:
        return None
    groups = []
    for lo, hi in zip(bounds, bounds[1:]):
        refs = [panels for start, _, panels in figrefs if lo <= start < hi]
        if not refs or (len(refs) == 1 and not _SEVERAL_IMAGES.search(work, lo, hi)):
            return None
        groups.append(tuple(dict.fromkeys(p for panels in refs for p in panels)))
    return groups


#: A member of a list that names its figure, then a colon and what it shows: "Figure
#: 2C: SW480 Control and HCT116 miR-21;".
_MEMBER_COLON = re.compile(r"\s*:\s*[^:;]*?(?:;\s*(?:and\s+)?|$)")


def _labelled_members(
    work: str, figrefs: list[tuple[int, int, tuple[str, ...]]]
) -> list[tuple[str, ...]] | None:
    """A list whose members each name a figure and, after a colon, the images in it
    ("Duplicated images: Figure 2C: SW480 Control and HCT116 miR-21; Figure 3B: Vector
    and shRNA"): one claim per member. None otherwise."""
    if len(figrefs) < 2:
        return None
    for i, (_start, end, _panels) in enumerate(figrefs):
        nxt = figrefs[i + 1][0] if i + 1 < len(figrefs) else len(work.rstrip(" ."))
        if not _MEMBER_COLON.fullmatch(work, end, nxt):
            return None
    return [panels for _, _, panels in figrefs]


#: Pairs of panel letters in a bracket after their figure's number: " 5 (A and D, B and
#: E)", " 2 (a and c; b and d)".
_BRACKET_PAIRS = re.compile(
    r"\s*(?P<num>(?:S|EV)?\d{1,2})\s*\((?P<pairs>[A-Za-z]\s+(?:and|&)\s+[A-Za-z]"
    r"(?:\s*[,;]\s*(?:and\s+)?[A-Za-z]\s+(?:and|&)\s+[A-Za-z])+)\s*\)")
_LETTER_PAIR = re.compile(r"\b([A-Za-z])\s+(?:and|&)\s+([A-Za-z])\b")
#: Where a list of pairs goes on to its next pair: "2A and 2C, 3B and 3D, and 5A …".
_NEXT_PAIR = re.compile(r"\s*[,;]\s*(?:and\s+)?")
_PAIR_AND = re.compile(r"\s+(?:and|&)\s+")


def _pair_lists(
    work: str, figrefs: list[tuple[int, int, tuple[str, ...]]]
) -> list[tuple[str, ...]] | None:
    """A reference that lists pairs, "Figures 2A and 2C, 3B and 3D, and 5A and 5E":
    each member between commas joins two panels by "and", so each is a pair of its own
    (None when the sentence has no such list; "Figs. 3D, 5C and F" is one group)."""
    groups: list[tuple[str, ...]] = []
    found = False
    for start, end, panels in figrefs:
        kw = _FIG_KW.match(work, start)
        bracket = _BRACKET_PAIRS.match(work, kw.end() if kw else start)
        if bracket is not None:
            # "Figure 5 (A and D, B and E)": the pairs of one figure, in a bracket
            number = bracket.group("num").upper()
            groups.extend(tuple(number + x.upper() for x in pair)
                          for pair in _LETTER_PAIR.findall(bracket.group("pairs")))
            found = True
            continue
        members = _NEXT_PAIR.split(work[kw.end() if kw else start:end])
        pairs = [find_figure_refs("Fig " + m) for m in members]
        # each side of each "and" a panel with its figure number: "2A and 2C"
        if (len(members) >= 2 and all(len(_PAIR_AND.findall(m)) == 1 and all(
                re.match(r"\s*S?\d", side) for side in _PAIR_AND.split(m)) for m in members)
                and all(len(r) == 1 and len(r[0][2]) == 2 for r in pairs)):
            groups.extend(r[0][2] for r in pairs)
            found = True
        else:
            groups.append(panels)
    return groups if found and len(figrefs) == 1 else None


_BARE_PANELS = re.compile(
    # a letter standing alone: not the "U" of "panel U2OS" (a cell line)
    r"\bpanels?\s+([A-Z](?![A-Za-z\d])(?:\s*(?:,\s*(?:and\s+)?|and|&|-)\s*[A-Z](?![A-Za-z\d]))*)"
)


#: Panel letters with no "panel" word, the subject of a verb after a colon or comma:
#: "Figure 3: A and C are the same image" (the one figure the sentence names).
_BARE_SUBJECT = re.compile(
    r"(?<=[:,;]\s)([A-Z](?:\s*,\s*[A-Z])*\s*,?\s*(?:and|&)\s+[A-Z])(?![\w'\u2032-])"
    r"(?=\s+(?:are|were|is|was|shows?|showed|appears?|appeared|seems?|looks?|overlap|overlaps"
    r"|depicts?|share|contain)\b)")


def bare_panels(
    work: str, figrefs: list[tuple[int, int, tuple[str, ...]]]
) -> list[tuple[int, int, tuple[str, ...]]]:
    """Resolve "panels A and D" with no figure named, when the sentence names one figure."""
    figures = {m.group(0) for _, _, ps in figrefs for p in ps
               if (m := FIGURE_NUMBER.match(p)) is not None}
    if len(figures) != 1:
        return figrefs
    [fig] = figures
    out = list(figrefs)
    bare = [*_BARE_PANELS.finditer(work), *_BARE_SUBJECT.finditer(work)]
    for m in sorted(bare, key=lambda m: m.start()):
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
    # "panels ii and iv of (B)", "row ii of (C)": sub-panels of a lettered panel, and
    # a panel letter in brackets after "of"
    taken = [(s, e) for s, e, _ in out]
    for m in _SUB_PANELS_OF.finditer(work):
        if any(s <= m.start() < e for s, e in taken):
            continue
        letter = m.group("letter")
        subs = re.findall(r"\b[ivx]{1,4}\b", m.group("subs") or "") if m.group("panel_word") else []
        panels = [fig + letter + x for x in subs] or [fig + letter]
        out = [r for r in out if r[2] != (fig,)]
        out.append((m.start(), m.end(), tuple(panels)))
    return sorted(out)


#: Sub-panels of a panel named by its letter in brackets: "panels ii and iv of (B)",
#: "the slides in row ii of (C)".
_SUB_PANELS_OF = re.compile(
    r"(?:\b(?P<panel_word>panels?)\s+(?P<subs>[ivx]{1,4}(?:\s*(?:,\s*(?:and\s+)?|and|&)\s*"
    r"[ivx]{1,4})*)\s+|\b(?:rows?|columns?)\s+[ivx\d]{1,4}\s+)?\bof\s+(?:panel\s+)?"
    r"\((?P<letter>[A-Z])\)")


def between_one_list(
    work: str, ref: tuple[int, int, tuple[str, ...]]
) -> list[tuple[int, int, tuple[str, ...]]]:
    """"similarities between the graphs in Figures 4C(e) and 5(a) of [1]": one reference
    list holding both sides of "between", cut at its last "and" when the panels before
    it are of one figure and those after it of others."""
    start, end, panels = ref
    cuts = [m for m in re.finditer(r",?\s+(?:and|&)\s+", work[start:end])]
    if not cuts:
        return [ref]
    cut = cuts[-1]
    first = _figure_of(panels[0])
    k = next((i for i, p in enumerate(panels) if _figure_of(p) != first), len(panels))
    if k == len(panels) or any(_figure_of(p) == first for p in panels[k:]):
        return [ref]
    return [(start, start + cut.start(), panels[:k]), (start + cut.end(), end, panels[k:])]


_GROUP_GAP = re.compile(r"[\s,;]*(?:and\s+)?(?:between\s+)?(?:the\s+)?")


def _panel_groups(
    work: str, figrefs: list[tuple[int, int, tuple[str, ...]]]
) -> list[tuple[str, ...]] | None:
    """A list of groups, "overlap between the panels in Fig. 2d and f, Fig. 5e and g, and
    Fig. 6c and d": references next to each other, each naming several panels of one
    figure, are one group each (None when the sentence is not such a list)."""
    if len(figrefs) < 2:
        return None
    if len(figrefs) == 2 and _TWO_SIDES.search(work, 0, figrefs[0][0]) and re.fullmatch(
            r"\s+(?:and|&)\s+", work[figrefs[0][1]:figrefs[1][0]]):
        # "duplications between Figure 1A-E and Figure 4A-B": the two sides of one
        # "between", not two groups
        return None
    if all(len(ps) >= 2 for _, _, ps in figrefs) and all(
        _subject_gap(work[end:figrefs[i + 1][0]])
        for i, (_, end, _) in enumerate(figrefs[:-1])
    ):
        # each group its own subject: "The invasion images in Figures 2C and 3F, the
        # migration images in Figures 4A and 4D and the tumour images in …"
        return [panels for _, _, panels in figrefs]
    if all(len(ps) >= 2 and _FIG_KW.match(work, start) for start, _, ps in figrefs) and all(
        _GROUP_GAP.fullmatch(work, end, figrefs[i + 1][0])
        for i, (_, end, _) in enumerate(figrefs[:-1])
    ):
        # each group opened by a figure word of its own: "overlap between Figures 2G and
        # 4G, and Figures 2H and 4H" (the figure word said again starts the next group)
        return [panels for _, _, panels in figrefs]
    for i, (_start, end, panels) in enumerate(figrefs):
        # "Figure 1C (within the panel)": one panel that is a group of its own
        within = _WITHIN_BRACKET.match(work, end)
        if within is None and (len(panels) < 2 or len({_figure_of(p) for p in panels}) != 1):
            return None
        gap_from = within.end() if within else end
        if i + 1 < len(figrefs) and not _GROUP_GAP.fullmatch(work, gap_from, figrefs[i + 1][0]):
            return None
    return [panels for _, _, panels in figrefs]


#: "between" right before the first of two references: the two sides of one claim.
_TWO_SIDES = re.compile(r"\bbetween\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:in\s+|of\s+)?$", re.I)


#: A bracket after a reference saying the duplication lies inside it: "(within the
#: panel)", "(within panel)".
_WITHIN_BRACKET = re.compile(r"\s*\(\s*(?:within|inside)\b[^()]{0,40}\)", re.I)


_VS_GAP = re.compile(r"\s*(?:vs\.?|versus)\s+", re.I)
#: Words that tie two references into a pair when the verb is left out: "Figure 2A
#: overlaps with Figure 2C, Figure 3B with Figure 3D", "the pairs Figure 2A/Figure 2C".
_TIE_GAP = re.compile(r"\s*(?:with|to|/)\s*", re.I)


def vs_chain_starts(
    work: str, figrefs: list[tuple[int, int, tuple[str, ...]]]
) -> list[int] | None:
    """Where each pair tied by "vs." starts, when a statement names two or more such
    pairs ("Figure 2B vs. Figure 3A of [1], and Figure 6A vs. Figure 2 of [2]"), the
    first from the statement's start; None otherwise."""
    tied = [i > 0 and bool(_VS_GAP.fullmatch(work, figrefs[i - 1][1], figrefs[i][0]))
            for i in range(len(figrefs))]
    # a chain starts at a reference tied to the next one but not to the one before
    starts = [figrefs[i][0] for i in range(len(figrefs) - 1) if tied[i + 1] and not tied[i]]
    if len(starts) < 2:
        return None
    return [0] + starts[1:]


def _vs_pairs(
    work: str, figrefs: list[tuple[int, int, tuple[str, ...]]]
) -> list[tuple[str, ...]] | None:
    """The pairs "vs." ties ("Fig. 4B vs. Fig. 5A; Fig. 4D vs. Fig. 5C", "Figures 4 and 5
    (4B vs. 5A; 4D vs. 5C)"), one group each, or None when no "vs." joins two references.

    "vs." binds tighter than the ";", "," or "and" between pairs, so each pair is one
    claim; whole figures the pairs are in only locate them ("Figures 4 and 5") and are
    left out; other references left over are one group of their own.
    """
    chains: list[list[str]] = []
    tied: list[bool] = []  # whether the chain is two or more references tied
    vs = ties = 0
    for i, (_start, _end, panels) in enumerate(figrefs):
        gap = (figrefs[i - 1][1], figrefs[i][0]) if i else (0, 0)
        if i and _VS_GAP.fullmatch(work, *gap):
            vs += 1
        elif i and _TIE_GAP.fullmatch(work, *gap) and not tied[-1]:
            ties += 1
        else:
            chains.append(list(panels))
            tied.append(False)
            continue
        chains[-1].extend(panels)
        tied[-1] = True
    if not vs and not ties:
        return None
    paired = [c for c, t in zip(chains, tied) if t]
    figures = {_figure_of(p) for c in paired for p in c}
    left = [p for c, t in zip(chains, tied) if not t for p in c
            if not (FIGURE_NUMBER.fullmatch(p) and p in figures)]
    if not vs and (len(paired) + bool(left) < 2 or len(left) == 1):
        return None  # "with", "to" tie pairs only where the verb is left out of a second
    return [tuple(dict.fromkeys(c)) for c in paired] + ([tuple(dict.fromkeys(left))] if left
                                                        else [])


#: What opens a claim's scope before a reference: "within Figure 2B", "between".
_SCOPE = re.compile(r"\b(?:within|between)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:in\s+|of\s+)?$",
                    re.I)
#: Between two groups, a connective that adds the second: ", as well as", "and also".
_ADDING = re.compile(r"[\s,]*(?:as\s+well\s+as|and\s+also|along\s+with)\s+(?:the\s+)?"
                     r"(?:[\w-]+\s+){0,3}?(?:(?:in|of)\s+)?", re.I)


def _scoped_groups(
    work: str, figrefs: list[tuple[int, int, tuple[str, ...]]]
) -> list[tuple[str, ...]] | None:
    """Groups a sentence sets apart by the words before them: "duplications within
    Figure 2B, within Figure 4C and between Figures 5A and 6B" (each "within" or
    "between" opens a claim of its own), "Fig 1D and Fig 4C, as well as Fig 2A and Fig
    6B, show the same images" (", as well as" adds a second group). None when the
    sentence sets no two groups apart so."""
    if len(figrefs) < 2:
        return None
    starts = [0]
    for i in range(1, len(figrefs)):
        gap = work[figrefs[i - 1][1]:figrefs[i][0]]
        if _ADDING.fullmatch(gap) or (_SCOPE.search(gap) and _SCOPE.search(
                work, max(0, figrefs[0][0] - 60), figrefs[0][0])):
            starts.append(i)
    if len(starts) < 2:
        return None
    bounds = starts + [len(figrefs)]
    groups = [tuple(dict.fromkeys(p for _, _, ps in figrefs[a:b] for p in ps))
              for a, b in zip(bounds, bounds[1:])]
    # a group added by ", as well as" is a pair or more, like the one before it
    if any(len(g) < 2 for g, a in zip(groups, starts)
           if not _SCOPE.search(work, max(0, figrefs[a][0] - 60), figrefs[a][0])):
        return None
    return groups


#: Between two groups of a list, the next group's subject: ", the migration images in".
_SUBJECT_GAP = re.compile(r"[\s,;]*(?:and\s+)?(?:those|the\s+(?:[\w-]+\s+){1,4}?)"
                          r"(?:in|of|from|shown\s+in)\s+", re.I)
_VERB = re.compile(r"\b(?:is|are|was|were|appears?|seems?|shows?|has|have|had)\b", re.I)


def _subject_gap(gap: str) -> bool:
    """Whether ``gap`` is only the subject of the next group (no verb, no relation)."""
    return bool(_SUBJECT_GAP.fullmatch(gap)) and not _VERB.search(gap) and (
        detect_relation(gap) is None)
