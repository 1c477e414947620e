"""Clauses: the parts of a sentence that each state a claim of their own."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from forensics.citations import (
    DASHES,
)
from forensics.notices.figrefs import (
    find_figure_refs,
)
from forensics.notices.kinds import (
    _RELATION_PATTERNS,
    RELATIONS,
    mask_non_relations,
)

_CLAUSE_SEP = re.compile(r";\s+|:\s+|,\s+(?:and|while|whereas|but)\s+(?:that\s+)?|\s+and\s+that\s+"
                         # reported findings in a row: "informed that …, that …"
                         r"|,\s+that\s+(?!is\b)"
                         # a clause detailing the one before ("…, where …")
                         r"|,\s+(?:where|in\s+which|namely|i\.e\.,?|specifically)\s+"
                         # "… overlap, as do those in Fig. 5c and Fig. 5d"
                         r"|,\s+as\s+(?:do|does|did|are|is|were|was)\s+"
                         r"|\s+and\s+(?=(?:the|a|an|also|between)\s)"
                         # a subject with no article before its figure: "… from Figure 4C
                         # of [1] and data in Figure 6A in [2] were also shown in …"
                         r"|\s+and\s+(?=(?:[\w-]+\s+){1,4}?(?:in|of|from)\s+(?:[Ff]igs?\.?"
                         r"|[Ff]igures?)\s)"
                         # "Figure 2A duplicates Figure 2C and Figure 3B duplicates …",
                         # "… whereas Figure 3B overlaps Figure 3D"
                         r"|\s+and\s+(?=(?:[Ff]igs?\.?|[Ff]igures?|[Pp]anels?)\s)"
                         r"|\s+(?:whereas|while)\s+")
#: The separators after which a second pair may leave its verb out: ", and", ";".
_SEP_PAIR = re.compile(r",\s+(?:and|while|whereas)\s+|;\s+"
                       r"|,\s+as\s+(?:do|does|did|are|is|were|was)\s+")
#: A plain "and" (no comma) parts two claims only when each side names a pair.
_PLAIN_AND = re.compile(r"\s+and\s+")
_BETWEEN = re.compile(r"\bbetween\b", re.I)
_AND_WORD = re.compile(r"\s(?:and|&|with)\s", re.I)
#: "… in this article, and Fig. 2 in an article published earlier [1]": the two sides of
#: one pair, this article's marked at the end of the first clause.
_OWN_END = re.compile(r"\b(?:in|of|within)\s+(?:this|the\s+(?:present|current|same))\s+"
                      r"(?:article|paper|study|publication|manuscript)\W*$", re.I)


#: A clause's own subject before its figure: words, not a tie ("with", "to") nor a
#: member of a list ("and Figure 3C").
_OWN_SUBJECT = re.compile(r"(?!(?:with|to|as|and|or|in|of)\b)(?:[\w()'-]+\s+){3,}", re.I)


#: What names a finding of another kind than the pair before it.
_OTHER_FINDING = re.compile(r"\b(?:also|discrepanc\w*|anomal\w*|differences?|errors?|issues?"
                            r"|problems?|irregularit\w*|inconsistenc\w*|mismatch\w*)\b", re.I)


#: Between two references a pair ties when its verb is left out.
_TIED = re.compile(r"\s*(?:with|to)\s+", re.I)
#: A concern that reports a statement: "concerns were raised that", "noted that".
_REPORTED = re.compile(r"\b(?:concerns?|questions?|issues?)\b[^.;:]{0,60}?\bthat\s+(?:the\s+)?"
                       r"(?:[\w-]+\s+){0,6}?$", re.I)


#: The separators of a clause that details the one before.
_DETAILING = re.compile(r",\s+(?:where|in\s+which|namely|i\.e\.,?|specifically)\s+")


#: A reference list number right after a figure reference: the "in [2]" of "Figure 2b
#: in [2]", a figure of another article.
_CITED_AFTER = re.compile(r"\s*,?\s*(?:in|of|from)\s+(?:ref\.?\s*)?\[\d")


def _bracket_depths(text: str) -> list[int]:
    """How many brackets are open at each character of ``text`` (never below zero)."""
    depths = []
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        depths.append(depth)
    return depths


@dataclass(frozen=True)
class _Clause:
    """A clause that states a claim; ``relation`` is the relation of the clause before
    for a pair that leaves it unstated ("similarities between Fig 6D and Fig 5D of [1],
    and [between] the blots of Fig 5B and Fig 6C of [1]")."""

    text: str
    relation: str | None = None


#: A lead that names the figure a sentence's clauses are all about: "In Fig 3A, …".
_SCOPE_LEAD = re.compile(r"\s*(?:in|within|for)\s+(?:the\s+)?$", re.I)
#: Where a clause about labelled images of the lead's figure begins: ", the …",
#: ", and the …".
_SCOPED_SEP = re.compile(r",\s+(?:and\s+)?(?=(?:the|a|an)\s)", re.I)


def _scoped_clauses(sentence: str, work: str, ref: tuple[int, int]) -> list[_Clause]:
    """The clauses of a sentence that names one figure in a lead and then states several
    findings about its images, each with its own verb ("In Fig 3A, the X panel appears
    similar to the Y panel when flipped, the Z panel appears similar to the W panel,
    and …"): one clause each, each led by the figure, so that each finding is a claim
    of its own. Fewer than two findings: the sentence as it is."""
    a, b = ref
    comma = re.compile(r"\s*,\s*").match(work, b)
    if not comma or not _SCOPE_LEAD.fullmatch(work, 0, a):
        return [_Clause(sentence)]
    lead = sentence[:comma.end()]
    masked = mask_non_relations(work)
    cuts = [comma.end()] + [m.start() for m in _SCOPED_SEP.finditer(work, comma.end())]
    bounds = list(zip(cuts, cuts[1:] + [len(work)]))
    pieces: list[str] = []
    for lo, hi in bounds:
        body = re.sub(r"^[\s,]*(?:and\s+)?", "", sentence[lo:hi])
        if not any(_RELATION_PATTERNS[name].search(masked, lo, hi) for name in RELATIONS[:-1]):
            if not pieces:
                return [_Clause(sentence)]
            # a clause with no verb of its own goes on the one before ("…, the
            # bands shown above")
            pieces[-1] = pieces[-1] + sentence[lo:hi]
            continue
        pieces.append(lead + body)
    if len(pieces) < 2:
        return [_Clause(sentence)]
    return [_Clause(p.strip()) for p in pieces]


def _clauses(sentence: str) -> list[_Clause]:
    """Split a sentence into clauses that each state their own claim.

    A split is kept only when both sides name figures and a relation (or the second
    side is a pair under the first side's "between"), so a citation's ``2018;210:251``
    or a list of panels is never cut apart, nor a "between" from its "and". Figure
    references and relation words are found once for the whole sentence, so the
    sentence is read a fixed number of times however many separators it has.
    """
    work = sentence.translate(DASHES)
    refs = find_figure_refs(work)
    if len(refs) == 1:
        return _scoped_clauses(sentence, work, refs[0][:2])
    if len(refs) < 2:
        return [_Clause(sentence)]
    masked = mask_non_relations(work)
    relations = {name: [(m.start(), m.end()) for m in _RELATION_PATTERNS[name].finditer(masked)]
                 for name in RELATIONS}
    starts = {name: [a for a, _ in spans] for name, spans in relations.items()}

    def relation_in(lo: int, hi: int) -> str | None:
        for name in RELATIONS:
            i = bisect_left(starts[name], lo)
            if i < len(starts[name]) and relations[name][i][1] <= hi:
                return name
        return None

    def panels_in(lo: int, hi: int) -> int:
        return sum(len(ps) for a, b, ps in refs if lo <= a and b <= hi)

    inside = [(a, b) for a, b, _ in refs]

    def own_panels_in(lo: int, hi: int) -> int:
        """The panels in lo:hi of this article: not those cited from another ("Figure
        2b in [2]", "Figure 4a of [6]")."""
        return sum(len(ps) for a, b, ps in refs
                   if lo <= a and b <= hi and not _CITED_AFTER.match(work, b))

    def joined(lo: int, hi: int) -> bool:
        """Whether an "and" outside the reference lists joins two things in lo:hi."""
        return any(not any(a <= j.start() < b for a, b in inside)
                   for j in _AND_WORD.finditer(work, lo, hi))

    def between_open(lo: int, hi: int) -> bool:
        """A "between" in ``work[lo:hi]`` still waiting for its "and" (the second side)."""
        found = list(_BETWEEN.finditer(work, lo, hi))
        return bool(found) and not joined(found[-1].end(), hi)

    def first_ref(lo: int) -> int:
        return next((a for a, _, _ in refs if a >= lo), len(work))

    def _tied_pair_at(lo: int) -> bool:
        """Whether the text from ``lo`` opens with two references tied by "with"/"to"."""
        after = [(a, b) for a, b, _ in refs if a >= lo]
        return (len(after) >= 2 and not work[lo:after[0][0]].strip()
                and bool(_TIED.fullmatch(work, after[0][1], after[1][0])))

    pieces: list[_Clause] = []
    begin = 0
    pending: str | None = None
    depth = _bracket_depths(work)
    for m in _CLAUSE_SEP.finditer(work):
        if any(a < m.start() < b for a, b, _ in refs):
            continue  # inside a reference list: "Fig. 4D and 5D"
        if depth[m.start()]:
            continue  # inside brackets: a citation's "(Ma et al., 2016, 380: 1-9; doi: …)"
        if not any(begin <= a and b <= m.start() for a, b, _ in refs):
            continue
        if not any(a >= m.end() for a, _, _ in refs):
            break
        left = relation_in(begin, m.start()) or pending
        if not left:
            if (m.group().startswith(":") and own_panels_in(m.end(), len(work)) >= 2
                    and relation_in(m.end(), len(work)) not in (None, "concern")):
                # "Figures 2C, 2D, 3A and 3B: the control panels in Figure 2C and …":
                # a heading naming the figures the statement after it details
                begin = m.end()
            continue
        if _DETAILING.fullmatch(m.group()) and left == "concern":
            continue  # "concerns about Figure 1C, where the lanes appear duplicated"
        right = relation_in(m.end(), len(work))
        if left == "concern" and right not in (None, "concern") and _REPORTED.search(
                work, begin, first_ref(begin)):
            # "concerns were raised that Figure 3A, the 48h image, and Figure 3B, the
            # 24h image, were duplicated": what was reported is one statement, its
            # subjects before the verb the right side states
            continue
        # a "between" waits for its second side, unless a new "between" follows
        # ("re-use between Fig. 4D and 5D and the overlap between Fig. 6A and …")
        if between_open(begin, m.start()) and not (
            right not in (None, "concern") and _BETWEEN.search(work, m.end(), first_ref(m.end()))
        ):
            continue
        if _PLAIN_AND.fullmatch(m.group()) and (panels_in(begin, m.start()) < 2
                                                 or panels_in(m.end(), len(work)) < 2):
            continue
        if _OWN_END.search(work, begin, m.start()) and right in (None, "concern"):
            continue  # this article's side, then the other's: one pair
        inherited: str | None = None
        if right == "concern" and m.group().startswith(";") and relation_in(
                m.end(), len(work)) == relation_in(m.end(), first_ref(m.end()) + 1):
            # "…; and possible anomalies were identified in Fig. 3C": after a semicolon,
            # a concern of its own, stated before its figure, is no pair of the claim
            pieces.append(_Clause(sentence[begin:m.start()].strip(), pending))
            begin = m.end()
            pending = None
            continue
        if right in (None, "concern"):
            # "… between Fig 6D and Fig 5D of [1], and the blots in Fig 5B and those in
            # Fig 6C of [1]": a second pair, joined by its own "and", under the same
            # relation
            # Likewise a pair after a pair ("Figure 1C overlaps with Figure 1D, and
            # Figure 5A with Figure 6B"): the verb is left out of the second.
            nxt = first_ref(m.end())
            # And the members a colon lists after the relation ("… contain duplicated
            # images: Figure 1B and Figure 3D, and …").
            paired = (_BETWEEN.search(work, begin, m.start())
                      or (_SEP_PAIR.fullmatch(m.group()) and panels_in(begin, m.start()) == 2)
                      # "…, respectively, and Figure 6A with Figure 2 in [2]": a pair
                      # whose verb is left out, tied by "with" or "to"
                      or (_SEP_PAIR.fullmatch(m.group()) and _tied_pair_at(m.end()))
                      or (m.group().startswith(":") and panels_in(m.end(), len(work)) >= 2))
            # the second pair as two references, or as one list of two panels
            # ("Figures 3B and 3C were identical, as were Figures 4B and 4D")
            pair_after = (joined(nxt, len(work))
                          and sum(1 for a, _, _ in refs if a >= m.end()) >= 2) or (
                panels_in(m.end(), len(work)) == 2 and _SEP_PAIR.fullmatch(m.group()))
            if not (paired and pair_after):
                if (right is None and _SEP_PAIR.fullmatch(m.group()) and left != "concern"
                        and panels_in(begin, m.start()) >= 2
                        and _OWN_SUBJECT.match(work, m.end(), first_ref(m.end()))):
                    # after a stated group, a clause with its own subject and no
                    # relation: another finding ("… comparing Fig. 5K with Fig. 7, and
                    # also possible discrepancies between the sizes of the tumours in
                    # Fig. 8A"), or a second object of the same verb, a group of its own
                    # ("images were reused in the GST blots in Fig. 2, A and C, and the
                    # N-tail blots in Fig. 3B")
                    pieces.append(_Clause(sentence[begin:m.start()].strip(), pending))
                    other = _OTHER_FINDING.search(work, m.end(), first_ref(m.end()))
                    begin = m.end()
                    pending = None if other else left
                continue
            # the relation the pair was stated with, not one said of a panel in passing
            # ("between Figure 6D (rotated 90 degrees) and …")
            said = _BETWEEN.search(work, begin, m.start())
            inherited = (relation_in(begin, said.start()) if said else None) or left
        pieces.append(_Clause(sentence[begin:m.start()].strip(), pending))
        begin = m.end()
        pending = inherited
    if not pieces:
        return [_Clause(sentence[begin:].strip() if begin else sentence)]
    pieces.append(_Clause(sentence[begin:].strip(), pending))
    # a clause cut from the middle starts as a sentence does
    return pieces[:1] + [replace(p, text=p.text[0].upper() + p.text[1:])
                         if p.text[:1].islower() else p for p in pieces[1:]]
