"""Figure references as notices write them: "Figs 3A and 5E", "Fig 2(a-c)", "S3 Fig"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from forensics.citations import (
    DASHES,
)

#: The figure word, with what sets a figure family apart printed before it:
#: supplementary figures ("Supplementary Fig. 3", EMBO's "Appendix Fig S2") are named
#: "S3"; Nature's extended data figures ("Extended Data Fig. 4b") "ED4B". EMBO's
#: expanded-view figures carry their family in the number ("Figure EV3" -> "EV3").
_FIG_KW = re.compile(
    r"(?:(?P<supp>\b(?:supplementary|supplemental|suppl\.?|supporting(?:\s+information)?"
    r"|appendix)\s+(?:information\s+|data\s+)?)"
    r"|(?P<ext>\bextended\s+data\s+))?\b(?:figures?|figs?\.?"
    # "panels 9D2 and 9E1": a panel word before a figure number and letter names figures
    # ("Panels 24h, BRAF …": a time glued to its unit names a condition, not a panel)
    r"|panels?(?=\s+S?\d{1,2}[A-Za-z](?![A-Za-z]))(?!\s+\d{2}h\b))(?![a-z])",
    re.I,
)

#: A figure number as panels are named by: "3", "S3", "ED3", "EV3", and "3-S2" for
#: eLife's figure supplements ("Figure 3—figure supplement 2").
FIGURE_NUMBER = re.compile(r"(?:S|ED|EV)?\d+(?:-S\d+)?")
#: The supplement of a figure, after its number: the "—figure supplement 2" of eLife's
#: "Figure 3—figure supplement 2" (dashes unified to "-").
_FIGURE_SUPPLEMENT = re.compile(r"\s*-\s*figure\s+supplement\s+(\d{1,2})(?!\d)", re.I)


def _prefix(m: re.Match) -> str:
    """The family prefix a figure word gives its numbers: "S", "ED" or ""."""
    return "S" if m.group("supp") else "ED" if m.group("ext") else ""


def _numbered(number: str, prefix: str) -> str:
    """``number`` (printed, upper case) in the family ``prefix`` names, unless the number
    carries its family itself ("Supplementary Figure S2", "Figure EV3")."""
    if prefix and not number.startswith(("S", "EV")):
        return prefix + number
    return number


#: "panels B and D of Figure 4", "panels b' and c' in Figure 4", "panels (c) and (e) of
#: Fig. 1": letters (primed, or each in brackets) named before their figure.
_PANEL_LETTER = r"(?:[A-Za-z][\u2032'\u2019]?|\([A-Za-z][\u2032'\u2019]?\))(?![A-Za-z\d])"
_PANELS_OF = re.compile(
    r"\bpanels?\s+(?P<letters>" + _PANEL_LETTER + r"(?:\s*(?:,\s*(?:and\s+)?|and|&|-)\s*"
    + _PANEL_LETTER + r")*)"
    r"\s+(?:of|in|from)\s+(?:the\s+)?(?P<kw>"
    + _FIG_KW.pattern
    + r")\s*(?P<num>(?:S|EV)?\d{1,2})(?!\d)",
    re.I,
)


# PLOS: "S3 Fig", "S1A Fig", "S2 Fig panel B"
_S_FIG = re.compile(
    r"\b(?P<list>S\d{1,2}[A-Z]?(?:\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)S\d{1,2}[A-Z]?)*)"
    r"\s+Fig(?:ure)?s?\b\.?"
    # "S2 Fig panels A and C", "S1 Fig (panels B and E)"
    r"(?:\s*,?\s*\(?\s*panels?\s+(?P<letters>[A-Z](?:\s*(?:,\s*(?:and\s+)?|and|&|-)\s*[A-Z])*)"
    r"(?![A-Za-z])\)?)?")
#: A label in brackets after a panel, with the list going on after it: "Figures 3C
#: (Control) and 3D (TGF-β1)" (the next member a figure number, not a new "Figure").
_LABEL_THEN_MORE = re.compile(r"\s*\([^()]{1,40}\)(?=\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)S?\d{1,2}"
                              r"[A-Za-z](?![\w-]))")
#: A position in brackets after a panel: "(right)", "(upper left)", "(top panel)".
_WHERE = re.compile(r"\s*\((?:upper|lower|top|bottom|left|right|middle|cent(?:er|re)|inset)"
                    r"(?:[\s,-]+(?:upper|lower|top|bottom|left|right|middle|cent(?:er|re)|panels?"
                    r"|rows?|columns?|images?))*\)", re.I)


#: A word after a hyphen that is no roman sub-panel ("4C-i" is a panel, "b-actin" a name).
_NOT_ROMAN = r"(?!(?:iii|ii|iv|i|vi{0,3}|ix|x)(?![^\W\d_]))"

_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:S|EV)?\d{1,2}(?!\d)(?![.,]\d))"
    r"|(?P<sep>,\s*and\b|,|\band\b|&|/)"
    r"|(?P<dash>-|\bto\b|\bthrough\b)"
    r"|(?P<open>\()|(?P<close>\))"
    r"|(?P<panelword>panels?\b)"
    # a letter standing alone, not "U87", "HT29", "U-251MG" (cell lines), "22Rν1" (any
    # script's letter goes on a name) or "b-actin" (β written b), with its prime
    r"|(?P<letter>[A-Za-z](?![^\W_])(?!-\d)(?!-" + _NOT_ROMAN + r"[^\W\d_]{2}))"
    r"(?P<prime>[\u2032'](?![A-Za-z]))?"
    r")",
    re.I,
)


# a panel letter glued to its figure number, with a prime ("6a′"), a roman sub-panel
# ("2Bii") or a sub-number ("9D2"): "87MG" or "143B" are names, not panels
_GLUED = re.compile(r"([A-Za-z])(?:([\u2032'\u2019])(?![A-Za-z])|([ivx]{1,4}|\d)(?![A-Za-z\d])"
                    # a lower-case sub-panel of a capital panel: "3Ab"
                    r"|(?<=[A-Z])([a-z])(?![A-Za-z\d]))?"
                    r"(?![^\W\d_])")
#: A unit after a number: a time, a dose or a share ("48 h", "10 µM", "5 mg/kg").
_UNIT = re.compile(r"\s*(?:h|hrs?|hours?|min|mins|minutes?|d|days?|weeks?|wks?|s|sec|°C"
                   r"|[µμunm]M|mg|µg|μg|ng|ml|mL|µl|μl|%)(?![A-Za-z])")
#: What a number counts: "… in Figure 2a and 1 panel appears …" (a count, not Figure 1).
_COUNTED = re.compile(r"\s*(?:other\s+)?(?:panels?|images?|lanes?|bands?|blots?|photos?"
                      r"|photographs?|fields?|micrographs?|times?|cases?)\b", re.I)
#: A roman sub-panel after a hyphen: the "i" of "4C-i".
_SUB_ROMAN = re.compile(r"(?:iii|ii|iv|i|vi{0,3}|ix|x)(?![A-Za-z\d])")
#: More panel letters after a lower-case letter: the "-c" of "3 a-c", the ", c" of "3 a, c".
_MORE_LETTERS = re.compile(r"\s*(?:-|,|and\b)\s*[a-z](?![A-Za-z])")
_WORD = re.compile(r"[^\W\d_]{2}")
# a sub-panel in brackets right after a panel letter: "4C(e)", "3B(ii)"
_SUB_PANEL = re.compile(r"\(([a-z]|[ivx]{1,4})\)")
#: The words opening a bracket of panels that say where the claim lies: "(between
#: panels B and E)", "(within panels A-C)".
_SCOPE_IN_BRACKET = re.compile(r"\s*(?:between|within|in)\s+(?:the\s+)?panels?\s+", re.I)
#: A panel letter in brackets of its own, going on a list: the "(c)" of "3(a) and (c)".
_BRACKET_LETTER = re.compile(r"\(\s*[A-Za-z]\s*\)")
_LIST_GOES_ON = re.compile(r"\s*(?:[,)&.;-]|and\b|$)")


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
    text: str, pos: int, prefix: str, limit: int | None = None
) -> tuple[list[str], int]:
    """Read ``3A and 5E``, ``2A-C``, ``4 (panels B and D)``, ``S2b, c`` from ``pos``.

    Reads no further than ``limit``; every match is taken in place (no slices of the
    text), so a reference list costs time in its own length only.
    """
    stop = len(text) if limit is None else min(limit, len(text))
    panels: list[str] = []
    fig: str | None = None
    last_letter: str | None = None  # letter token just read (for ranges/case)
    pending_dash = False
    in_paren = False
    letter_in_brackets = False  # the last letter was read in brackets: "3(a)"
    glued_last = False  # the last letter was glued to its number: "5A"
    panel_mode = False
    end = pos
    prev_kind = "start"
    while True:
        sub = _SUB_PANEL.match(text, pos, stop) if prev_kind == "letter" and panels else None
        if sub is not None:
            # "4C(e)", "3B(ii)": a sub-panel of the panel just read
            panels[-1] += sub.group(1).lower()
            end = pos = sub.end()
            continue
        if prev_kind == "letter":
            # "Fig. 1a (right) and 1c (left)": where in the panel, inside the list
            where = _WHERE.match(text, pos, stop) or _LABEL_THEN_MORE.match(text, pos, stop)
            if where is not None:
                pos = where.end()
                continue
        m = _TOKEN.match(text, pos, stop)
        if not m:
            break
        kind = "letter" if m.group("letter") else (m.lastgroup or "")
        tok = m.group(kind)
        prime = "'" if m.group("prime") else ""
        tstart = m.start(kind)
        gap = text[pos:tstart]
        if kind == "num":
            # "Figs 7G 7H": a panel after a panel with only a space between
            after = _GLUED.match(text, m.end(), stop)
            spaced = (prev_kind == "letter" and gap == " " and not in_paren
                      and after is not None and last_letter is not None
                      and after.group(1).isupper() == last_letter.isupper())
            if (prev_kind not in ("start", "sep", "dash", "open") and not spaced) or (
                prev_kind == "start" and "\n" in gap
            ) or tok.strip("0") == "":
                break  # figures count from 1: "Figure 5, 0h" goes on with a time
            number = _numbered(tok.upper(), prefix)
            if (pending_dash and fig is not None and last_letter is None
                    and fig.lstrip("SEDV").isdigit()):
                # figure range "Figures 2-4" (not of supplements: "3-S1")
                family = number.rstrip("0123456789")
                lo, hi = int(fig.lstrip("SEDV")), int(number[len(family):])
                if 0 < hi - lo <= 20 and fig.startswith(family):
                    panels.extend(f"{family}{n}" for n in range(lo + 1, hi + 1))
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
            num_end = m.end()
            supplement = _FIGURE_SUPPLEMENT.match(text, num_end, stop)
            if supplement is not None and not number.startswith(("S", "ED", "EV")):
                # eLife's "Figure 3—figure supplement 2": a figure of its own, "3-S2"
                number = f"{number}-S{supplement.group(1)}"
                num_end = supplement.end()
            glued = _GLUED.match(text, num_end, stop)
            if glued is None and _WORD.match(text, num_end, stop):
                break  # "87MG": a name's digits, not a figure
            if (prev_kind == "sep" and glued is not None and last_letter is not None
                    and glued.group(1).isupper() != last_letter.isupper()):
                break  # "Figure 3C, 24h, …": a list keeps its letters' case; a time
            if prev_kind == "sep" and glued is None and _UNIT.match(text, m.end(), stop):
                break  # "Fig 2B, 48 h Control": a time or a dose, not Figure 48
            if (prev_kind == "sep" and glued is None and last_letter is not None
                    and _COUNTED.match(text, m.end(), stop)):
                # "Figure 2a and 1 panel appears …": a count, not Figure 1 (after a
                # lettered panel; "Figures 2 and 3 images" are two figures' images)
                break
            fig = number
            last_letter = None
            panel_mode = False
            panels.append(fig)
            end = num_end
            # a letter glued to the number: "3A", "5e", "6a′", "2Bii"
            if glued:
                last_letter = glued.group(1)
                glued_last = True
                suffix = "'" if glued.group(2) else (glued.group(3) or glued.group(4) or "")
                panels[-1] = fig + last_letter.upper() + suffix
                pos = end = glued.end()
                prev_kind = "letter"
                continue
            pos = num_end
            prev_kind = "num"
            continue
        if kind == "letter":
            if fig is None:
                break
            allowed = False
            if pending_dash and last_letter is not None:
                allowed = True
            elif in_paren or panel_mode:
                allowed = True
            elif last_letter is not None and prev_kind == "sep":
                # the list's case, and no name such as "I/R" or "A+B" ("Fig 6D, I/R")
                allowed = tok.isupper() == last_letter.isupper() and (
                    text[m.end():m.end() + 1] not in ("/", "+"))
            elif prev_kind == "num" and tok.isupper() and gap == " ":
                allowed = bool(_LIST_GOES_ON.match(text, m.end(), stop))
            elif prev_kind == "num" and gap == " ":
                # "Fig. 3 a-c", "Fig. 3 a, c": a lower-case letter after a space is a
                # panel only when more letters follow it (else it is the article "a")
                allowed = bool(_MORE_LETTERS.match(text, m.end(), stop))
            elif (prev_kind == "sep" and last_letter is None and tok.isupper()
                  and panels and panels[-1] == fig):
                # "Fig. 2, A and C", "Figure 7, B-D": the panels after the figure's comma
                allowed = bool(_LIST_GOES_ON.match(text, m.end(), stop))
            if not allowed:
                break
            if pending_dash and last_letter is not None:
                for letter in _letters_range(last_letter, tok)[1:]:
                    panels.append(fig + letter)
                pending_dash = False
            else:
                if panels and panels[-1] == fig:
                    panels[-1] = fig + tok.upper() + prime
                else:
                    panels.append(fig + tok.upper() + prime)
            last_letter = tok
            glued_last = False
            letter_in_brackets = in_paren
            end = m.end()
            pos = m.end()
            prev_kind = "letter"
            continue
        if kind == "dash":
            if pending_dash or not (prev_kind in ("num", "letter") or (
                    prev_kind == "close" and last_letter is not None)):
                break
            sub_roman = (_SUB_ROMAN.match(text, m.end(), stop)
                         if prev_kind == "letter" and last_letter and last_letter.isupper()
                         else None)
            if sub_roman is not None and panels:
                # "Figure 4C-i and 4C-ii": a sub-panel of 4C, not the range C to I
                panels[-1] += sub_roman.group()
                end = pos = sub_roman.end()
                continue
            pending_dash = True
            pos = m.end()
            prev_kind = "dash"
            continue
        if kind == "sep":
            if prev_kind not in ("num", "letter", "close"):
                break
            if tok == "/" and not (prev_kind == "letter" and glued_last):
                break  # "5A/B", "1B/2C"; not "I/R", a condition's name
            pos = m.end()
            prev_kind = "sep"
            continue
        if kind == "open":
            if ((prev_kind in ("sep", "dash") and letter_in_brackets) or panel_mode) and (
                    _BRACKET_LETTER.match(text, tstart, stop)):
                # "Figure 3(a) and (c)", "Figure 2(A)-(C)", "Fig. 7, panels (A) and (D)"
                pass
            elif prev_kind != "num" or _PAIR_OPENS.match(text, m.end(), stop):
                break  # "Figures 4 and 5 (4B vs. 5A; …)": pairs of their own
            elif scope := _SCOPE_IN_BRACKET.match(text, m.end(), stop):
                # "Figure 3 (between panels B and E)": the panels the claim is between
                in_paren = True
                panel_mode = True
                pos = scope.end()
                prev_kind = "open"
                continue
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


def _letter_list(printed: str) -> list[str]:
    """The panel letters of "A and C", "B-D", "a, c and e", upper case, ranges expanded."""
    letters: list[str] = []
    parts = re.findall(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])[\u2032'\u2019]?|-", printed)
    for i, part in enumerate(parts):
        if part == "-" and letters and i + 1 < len(parts):
            letters.extend(_letters_range(letters[-1][0], parts[i + 1][0])[1:-1])
        elif part != "-":
            # a prime stays on its letter: "b'" -> "B'"
            letters.append(part[0].upper() + ("'" if len(part) > 1 else ""))
    return letters


def _without_located_figures(panels: list[str]) -> tuple[str, ...]:
    """The panels of one reference, a whole figure left out when the reference goes on
    to name panels of it ("Figure 3 (3A-3C)": the figure only locates its panels)."""
    named = dict.fromkeys(panels)
    located = {p for p in named if p.isalnum() and FIGURE_NUMBER.fullmatch(p)
               and any(q != p and re.match(re.escape(p) + r"[A-Z]", q) for q in named)}
    return tuple(p for p in named if p not in located)


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
    # a statement is read for references many times over (clauses, sides, labels)
    return list(_figure_refs(text))


@lru_cache(maxsize=1024)
def _figure_refs(text: str) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    text = text.translate(DASHES)
    refs: list[_FigRef] = []
    taken: list[tuple[int, int]] = []
    for m in _PANELS_OF.finditer(text):
        number = _numbered(m.group("num").upper(), _prefix(m))
        refs.append(_FigRef(m.start(), m.end(),
                            tuple(number + x for x in _letter_list(m.group("letters")))))
        taken.append((m.start(), m.end()))
    # the "panels … of Figure N" spans, in order: a figure word inside one is taken
    starts = [a for a, _ in taken]
    n_taken = len(taken)
    k = 0  # the first span not wholly before the current position
    for m in _FIG_KW.finditer(text):
        while k < n_taken and taken[k][1] <= m.start():
            k += 1
        if k < n_taken and taken[k][0] <= m.start():
            continue
        limit = starts[k] if k < n_taken else None
        panels, end = _parse_fig_list(text, m.end(), _prefix(m), limit)
        if not panels:
            continue
        refs.append(_FigRef(m.start(), end, _without_located_figures(panels)))
    k = 0
    read = [(r.start, r.end) for r in refs]
    for m in _S_FIG.finditer(text):
        while k < n_taken and taken[k][1] <= m.start():
            k += 1
        if k < n_taken and taken[k][0] <= m.start():
            continue
        if any(a <= m.start() < b for a, b in read):
            continue  # "Fig 2C and S1A Fig": read with the list before it
        members = re.findall(r"S\d{1,2}[A-Z]?", m.group("list"))
        letters = _letter_list(m.group("letters") or "")
        if len(members) == 1 and letters and members[0][-1].isdigit():
            members = [members[0] + x for x in letters]
        refs.append(_FigRef(m.start(), m.end(), tuple(members)))
    if refs:
        # "the Figure 2C control panels and 5C control panel": a panel named bare after
        # "and", its figure word left out, before the panel word its labels lead to
        read = [(r.start, r.end) for r in refs]
        for m in _BARE_BEFORE_PANEL_WORD.finditer(text, refs[0].end):
            if not any(a <= m.start() < b for a, b in read):
                refs.append(_FigRef(m.start(), m.end(), (m.group(1).upper(),)))
        refs.extend(_bare_of_the_figure_before(text, sorted(refs, key=lambda r: r.start)))
    refs.sort(key=lambda r: r.start)
    refs = _with_paired_members(text, refs)
    return tuple((r.start, r.end, r.panels) for r in refs)


#: A panel named bare after "and", before a panel word: "… and 5C control panel".
_BARE_BEFORE_PANEL_WORD = re.compile(
    r"(?<=\band\s)((?:S|EV)?\d{1,2}[A-Z])(?![\w'-])(?=\s+(?:[\w/+-]+\s+){0,3}?panels?\b)")


#: A panel named bare after the word that ties it to the reference before: "Fig. 9a
#: appears to overlap with 9b", "Figure 3A is identical to 3C".
_BARE_AFTER_TIE = re.compile(r"\b(?:with|to|as|from|than|resembles|matches|duplicates|mirrors)"
                             r"\s+((?:S|EV)?\d{1,2})([A-Za-z])(?![\w'\u2032-])", re.I)


def _bare_of_the_figure_before(text: str, refs: list[_FigRef]) -> list[_FigRef]:
    """Panels named bare after a tying word ("… overlaps with 9b"), taken only when the
    reference just before names panels of that very figure in the same case ("Fig. 9a"):
    "Fig. 2A, treated with 24h" names a time."""
    out: list[_FigRef] = []
    for m in _BARE_AFTER_TIE.finditer(text, refs[0].end):
        before = [r for r in refs if r.end <= m.start(1)]
        if not before or any(r.start <= m.start(1) < r.end for r in refs):
            continue
        last = before[-1]
        number, letter = m.group(1).upper(), m.group(2)
        glued = re.search(r"\d([A-Za-z])(?![A-Za-z])", text[last.start:last.end])
        figures = {(f.group(0) if (f := FIGURE_NUMBER.match(p)) else p) for p in last.panels}
        if (glued is not None and glued.group(1).isupper() == letter.isupper()
                and figures == {number} and number not in last.panels):
            out.append(_FigRef(m.start(1), m.end(), (number + letter.upper(),)))
    return out


#: "vs." between the two members of a pair.
_VS = r"\s*(?:vs\.?|versus)\s+"
#: A member of a pair written bare: "5A", "S2B", "EV3C" (never "143B", "3T3"), or a
#: panel letter of the figure named before ("Figure 3 (A vs. D)").
_MEMBER = (r"(?:(?<![\w.-])(?P<num>(?:S|ED|EV)?\d{1,2})(?P<letter>[A-Za-z])"
           r"|(?<![\w.-])(?P<bare>[A-Za-z]))(?P<prime>[\u2032'])?(?![\w-])")
_PAIR_OPENS = re.compile(r"\s*" + _MEMBER + _VS)
#: A pair's first member where a list of pairs starts or goes on: "(4B vs. 5A; 4D vs".
_PAIR_FIRST = re.compile(r"(?<=[(;,])\s*(?:and\s+)?" + _MEMBER + r"(?=" + _VS + r")")
#: A pair's second member after a reference: "Fig. 4B vs. 5A".
_PAIR_SECOND = re.compile(_VS + _MEMBER)


def _member(m: re.Match, figure: str | None) -> tuple[str, ...]:
    """The panel a bare member names; a letter alone is a panel of ``figure``."""
    prime = "'" if m.group("prime") else ""
    if m.group("num"):
        return (m.group("num").upper() + m.group("letter").upper() + prime,)
    return (figure + m.group("bare").upper() + prime,) if figure else ()


def _with_paired_members(text: str, refs: list[_FigRef]) -> list[_FigRef]:
    """Add the members "vs." ties to a reference though no figure word precedes them:
    "Fig. 4B vs. 5A", "Figures 4 and 5 (4B vs. 5A; 4D vs. 5C)", "Figure 3 (A vs. D)".

    "vs." pairs two things the sentence compares, so a bare panel name ("5A") or letter
    beside it is a panel, as it would be after "Fig."; a letter alone belongs to the
    figure the reference before it named. Only members next to a reference, or in a
    list of pairs in brackets after one, are read: elsewhere "5A" may be anything.
    """
    if "vs" not in text and "versus" not in text:
        return refs

    def figure_before(pos: int) -> str | None:
        before = [r for r in refs if r.end <= pos]
        return _one_figure(before[-1].panels) if before else None

    def free(a: int) -> bool:
        return not any(r.start <= a < r.end for r in refs)

    i = 0
    while i < len(refs):
        ref = refs[i]
        nxt = refs[i + 1].start if i + 1 < len(refs) else len(text)
        second = _PAIR_SECOND.match(text, ref.end, nxt)
        if second is not None:
            panels = _member(second, _one_figure(ref.panels))
            if panels:  # read next in turn: "4B vs. 5A vs. 6C"
                refs.insert(i + 1, _FigRef(_member_start(second), second.end(), panels))
        elif re.match(r"\s*\(", text[ref.end:nxt]):
            # the bracket after the reference, when it lists pairs: "(4B vs. 5A; 4D vs."
            close = text.find(")", ref.end, nxt)
            for first in _PAIR_FIRST.finditer(text, ref.end, close if close > 0 else nxt):
                start = _member_start(first)
                panels = _member(first, figure_before(start))
                if panels and free(start):
                    refs.append(_FigRef(start, first.end(), panels))
                    refs.sort(key=lambda r: r.start)
        i += 1
    return refs


def _member_start(m: re.Match) -> int:
    """Where the member itself starts in a match that may open with spaces or "vs."."""
    return min(m.start(g) for g in ("num", "bare") if m.group(g) is not None)


#: "panel C", "panels (B) and (D)": panels named with no figure number.
_BARE_PANELS = re.compile(r"\bpanels?\s+(?=\(?[A-Za-z]\)?(?![\w'\u2032-]))", re.I)
#: "this figure", "the same figure": the figure named just before.
_THIS_FIGURE = re.compile(r"\b(?:this|that|the\s+same)\s+figure\b(\s+panel\b)?(?!\s*S?\d)", re.I)


def _one_figure(panels: tuple[str, ...]) -> str | None:
    """The figure number all of ``panels`` belong to, or None."""
    figures = {m.group(0) for p in panels if (m := FIGURE_NUMBER.match(p)) is not None}
    return figures.pop() if len(figures) == 1 else None


def with_figure_numbers(text: str, figure: str | None = None) -> tuple[str, str | None]:
    """Give panels named without a figure number the figure a reader reads them in.

    "Concerns have been raised about Figure 5. In this figure, … The image in panel C
    is the same as the image in panel E": "this figure" is Figure 5, and panels C and E
    are 5C and 5E. Only a sentence that names no figure itself takes the figure the
    text before named last (a sentence naming one, "in Fig. 7 … panels G and K", is
    read by the claim parser, which knows the figure there is only a locator).

    Parameters
    ----------
    text : str
        A sentence.
    figure : str, optional
        What the text before named last: one panel ("1E"), or the one figure its last
        reference named ("5").

    Returns
    -------
    text : str
        ``text`` with the figure number put before each such panel ("panel Fig 5C"),
        or for "this figure" ("Figure 5") and "this figure panel" ("Figure 5C") when it
        names no panel; unchanged otherwise.
    figure : str or None
        What it named last (one panel, or the one figure), to carry to the next sentence.

    Examples
    --------
    >>> with_figure_numbers("the image in panel C matches panel E", "5")
    ('the image in panel Fig 5C matches panel Fig 5E', '5')
    >>> with_figure_numbers("In Fig. 7 panels G and K overlap", "5")
    ('In Fig. 7 panels G and K overlap', '7')
    """
    refs = find_figure_refs(text)
    if refs:
        last_named = refs[-1][2]
        # one panel named last is carried whole, for "this figure panel" after it
        return text, last_named[0] if len(last_named) == 1 else _one_figure(last_named)
    if figure is None:
        return text, None
    panel = figure
    figure = m.group(0) if (m := FIGURE_NUMBER.match(panel)) else panel
    bare = [m for m in _BARE_PANELS.finditer(text) if not _PANELS_OF.match(text, m.start())]
    if bare:
        pieces = []
        last = 0
        for m in bare:
            pieces.append(text[last:m.end()] + f"Fig {figure}")
            last = m.end()
        return "".join(pieces) + text[last:], figure
    # "Figure 1E depicts … The blot depicted in this figure panel was …": that panel
    return _THIS_FIGURE.sub(lambda m: f"Figure {panel if m.group(1) else figure}", text), panel
