"""What captions declare about images shown twice.

A figure may show one image data twice on purpose, and say so: channels co-stained
"in the same cell", a blot "stripped and re-probed", a loading control "shared" by
two blots. A finding inside such a figure is still reported (the declaration may
not cover it), with the caption's sentence beside it for the reader to weigh.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from forensics.model import Figure, Match

#: Phrases by which a caption declares that some image data appear more than once.
DECLARING = re.compile(
    r"\b(?:same\s+(?:cells?|fields?|sections?|samples?|membranes?|blots?|gels?|images?"
    r"|nucle(?:us|i)|embryos?|specimens?|animals?|filters?|loading\s+controls?)"
    r"|(?:stripped\s+and\s+)?re-?probed"
    r"|(?:shared|common)\s+loading\s+controls?)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z(])")


def declaration(caption: str) -> str | None:
    """The first sentence of ``caption`` declaring repeated image data, or None.

    Examples
    --------
    >>> declaration("Figure 2. (A) Blots. (B) The same membrane re-probed for actin.")
    '(B) The same membrane re-probed for actin.'
    >>> declaration("Figure 2. (A) Blots of two cell lines.") is None
    True
    """
    text = " ".join(caption.replace("\u00ad", "").split())
    for sentence in _SENTENCE_END.split(text):
        if DECLARING.search(sentence):
            return sentence
    return None


def with_declarations(matches: Sequence[Match], figures: Sequence[Figure]) -> list[Match]:
    """``matches``, each within one figure given the caption sentence declaring
    repeated data in that figure (``Match.declared``), where it has one."""
    declared = {(f.file, f.number or "?"): declaration(f.caption) for f in figures}
    out = []
    for m in matches:
        same_figure = m.a.file == m.b.file and m.a.figure == m.b.figure
        sentence = declared.get((m.a.file or "", m.a.figure)) if same_figure else None
        out.append(replace(m, declared=sentence) if sentence else m)
    return out
