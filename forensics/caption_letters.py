"""The panel letters a figure's caption names.

A caption names its panels in one of a few house styles: in brackets ("(A)",
"(B–D)", "(A and B)"), in running text ("panels C and D"), Nature style after a full
stop (". b, c Blots of"), BMC style (". B Stacked bar", ". B. The", ". A: Schematic").
:func:`caption_letters` reads them; the panel splitter (:mod:`forensics.panels`)
trusts a letter read in a figure more when its caption names it.
"""

from __future__ import annotations

import re
import string


def _expand(group: str) -> set[str]:
    """ "b, c" → {B, C}; "B–D" / "B-D" → {B, C, D}; "A and B" → {A, B}."""
    letters: set[str] = set()
    items = re.split(r"\s*(?:,|and)\s*", group.strip())
    for item in items:
        ends = re.split(r"\s*[\u2013\u2014-]\s*", item)
        ends = [e for e in ends if len(e) == 1 and e.isalpha()]
        if len(ends) == 2 and ends[0].upper() <= ends[1].upper():
            a, b = ends[0].upper(), ends[1].upper()
            letters.update(string.ascii_uppercase[ord(a) - 65 : ord(b) - 64])
        elif ends:
            letters.add(ends[0].upper())
    return letters


_LETTER_GROUP = r"[A-Za-z](?:\s*(?:,|and|[\u2013\u2014-])\s*[A-Za-z])*"


# "(A)", "( A )", "(B–D)", "(A and B)", but not a plural "supplement(s)"; Nature style
# after a full stop: ". b, c Blots of".
PAREN_LETTERS_RE = re.compile(r"(?<![A-Za-z])\(\s*(" + _LETTER_GROUP + r")\s*\)")


NATURE_LETTERS_RE = re.compile(
    r"(?:^|[.;|:]\s+)([a-z](?:\s*(?:,|and|[\u2013-])\s*[a-z])*)[.),]?\s+(?=[^\s=<>≤≥±\d])"
)


# BMC style: a bold capital after a full stop, then a capitalised word: ". B Stacked bar";
# author manuscripts put a full stop, a bracket or a colon after it: ". B. The WT
# enhancer", ". A: Schematic".
UPPER_LETTERS_RE = re.compile(
    r"(?:^|[.;:]\s+)([A-Z](?:\s*(?:,|and|[\u2013-])\s*[A-Z])*)[.):,]?\s+(?=[A-Z0-9])"
)

# Letters named in running text: "shown in panel A", "(panels B-D)".
PANEL_WORD_RE = re.compile(r"\b[Pp]anels?\s+(" + _LETTER_GROUP + r")(?![A-Za-z])")


def caption_letters(caption: str) -> set[str]:
    """Panel letters a caption names: "(A)", "(B–D)", "panels C and D", Nature-style
    "a ", "b, c ", and BMC-style ". A The bar plot" (". A. The", ". A: The").

    One case per caption: a Nature-style caption that also names panels in brackets
    ("Also shown are (h) the mean ...", "(k, m) PD-1") names those too, while an upper-case
    "(N)" in it is not a panel, and "n = 15" in a "(A)" caption is not one either.
    """
    nature: set[str] = set()
    for m in NATURE_LETTERS_RE.finditer(caption):
        nature |= _expand(m.group(1))
    upper: set[str] = set()
    for m in UPPER_LETTERS_RE.finditer(caption):
        upper |= _expand(m.group(1))
    # A capital at a sentence start may be the article "A" or an initial: only a run
    # from A with no gap reads as panel letters.
    run = ""
    while chr(ord("A") + len(run)) in upper:
        run += chr(ord("A") + len(run))
    bracketed: dict[bool, set[str]] = {True: set(), False: set()}  # by "printed lower"
    for m in [*PAREN_LETTERS_RE.finditer(caption), *PANEL_WORD_RE.finditer(caption)]:
        bracketed[m.group(1)[0].islower()] |= _expand(m.group(1))
    if "(ii)" in caption:
        bracketed[True].discard("I")  # "(i) … (ii)": a roman numeral, not panel i
    # One case in brackets: an italic "(g)" (a doubling time) in a "(A)" caption is not
    # a panel; an upper-case ". E. Tumor" set among "(D)" and "(F)" is one.
    letters = max(bracketed[False], bracketed[True], key=len)
    if letters is bracketed[False]:
        _join_run(letters, upper)
    upper = set(run)
    if len(nature) >= 2:
        _join_run(nature, bracketed[True])  # "a Scheme … Also shown are (h) the mean …"
    # The style naming more letters wins.
    found = max((letters, nature, upper),
                key=lambda found: len(found) if found is letters or len(found) >= 2 else 0)
    # A lone "(g)" (a doubling time, a gene) is no panel: panels are named from "a" on.
    return set() if len(found) == 1 and "A" not in found else found


def _join_run(letters: set[str], more: set[str]) -> None:
    """Add to a caption's letters those of another style that continue or fill their
    run (at most one letter past its end, in turn)."""
    if not letters:
        return
    for ch in sorted(more):
        if ch <= chr(ord(max(letters)) + 1):
            letters.add(ch)
