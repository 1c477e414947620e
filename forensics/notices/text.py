"""A notice's text in pieces: its reference list, paragraphs and sentences."""

from __future__ import annotations

import re

from forensics.citations import (
    AUTHOR_NAME_RE,
    ET_AL_RE,
    REFERENCES_HEADING,
)
from forensics.notices.figrefs import (
    _FIG_KW,
)

_ABBREV = re.compile(
    r"(?:\b(?:figs?|et al|e\.g|i\.e|vs|no|nos|ref|refs|dr|prof|st|approx|suppl|ca|cf|vol|pp)"
    # an initial ("Xu P."), not a panel letter ("panel E.", "3A and B.")
    r"|(?<!panel\s)(?<!panels\s)(?<!and\s)(?<!or\s)(?<!to\s)(?<!&\s)\b[A-Z]"
    r"|\b[A-Z][a-z]?\.[A-Z])\.$",
    re.I,
)


_PROSE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|does|did|will|would|can|could|should"
    r"|may|might|must|shall|we|our|please|regret|apologi[sz]e)\b",
    re.I,
)


_BULLET = re.compile(
    r"^\s*(?:(?:[-*\u2022\u25cf\u25aa\u25cb\u25e6]|\(?[ivx]{1,4}\)|\(?[a-h]\)|\(?\d{1,2}[.)]"
    r"|\[(?:white|black)\s+(?:circle|square|bullet)\]|\[bullet\])\s+"  # a glyph's alt text
    # a mark alone on its line, or glued to the item's first word ("-Figure 2b: …")
    r"|[-*\u2022\u25cf\u25aa\u25cb\u25e6](?:\s*$|(?=[A-Z][a-z])))"
)


_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
_MARK = re.compile(r"\s*(\(?)(\d{1,2}|[a-h]|[ivx]{1,4})([.)])\s")


def _inline_list_goes_on(before: str, line: str) -> bool:
    """Whether ``line`` opens with the next mark of a list run inside the text
    ``before`` it in its paragraph ("… duplicated: 1) Fig. 1B and Fig. 2C;" then "2) Fig.
    3A …")."""
    m = _MARK.match(line)
    if m is None:
        return False
    opening, mark, closing = m.groups()
    if mark.isdigit():
        previous = str(int(mark) - 1)
    elif mark in _ROMAN[1:]:
        previous = _ROMAN[_ROMAN.index(mark) - 1]
    elif len(mark) == 1 and mark > "a":
        previous = chr(ord(mark) - 1)
    else:
        return False
    return re.search(r"(?<=\s)" + re.escape(opening + previous + closing) + r"\s", before) \
        is not None


#: An item mark that is also how panels and numbers are written: "(c)", "ii)", "2.".
_MARK_ONLY = re.compile(r"^\s*(?:\(?[ivx]{1,4}\)|\(?[a-h]\)|\(?\d{1,2}[.)])\s")
#: A line ending on a word that leads on to more ("and", "of", "Figure"): the next
#: line goes on with the statement.
_GOES_ON = re.compile(r"\b(?:and|or|of|in|to|with|the|an?|between|from|as|by|than|versus"
                      r"|vs\.?|figures?|figs?\.?|panels?)\s*$", re.I)

#: A line ending on a word that names figures or panels, and what such a word names
#: first: a number ("3B"), a letter alone ("A", "(c)").
_NAMING_WORD_END = re.compile(r"\b(?:figures?|figs?\.?|panels?)\s*$", re.I)
_NAMED_START = re.compile(r"[(\[]?(?:\d|[A-Za-z](?![A-Za-z]))")


#: Marks of a list item or of a reference entry printed without a number.
_BULLETS = "-\u2013\u2022*\u25aa"

#: A numbered entry of a reference list, a bullet before its number at most ("- 1. Guo B").
_REF_ENTRY = re.compile(rf"^\s*(?:[{_BULLETS}]\s+)?(?:\[(\d{{1,3}})\]|(\d{{1,3}})[.)]?)\s+(.*)$")

#: A list mark run into the text after a colon or a full stop, before what it lists
#: ("Specifically: - Figure 2c: … - Figure 3a: …"): after such a stop a spaced dash is
#: no range ("2A - C") but an item's mark.
_RUN_IN_ITEM = re.compile(rf"(?<=[.:;])[ \t]+[{_BULLETS}][ \t]+(?=(?:Fig|Figure|Supplementary"
                          r"|Panel|Table)\b)")


#: A roman item mark run into the text after a colon or a full stop, glued to the
#: item's first word as a web page copied as text leaves it: ": (i)Panel 4 … (c).(ii)Panel".
_RUN_IN_ROMAN = re.compile(r"(?<=[.:;])[ \t]*\((?:i{1,3}|iv|vi{0,3}|ix|x)\)[ \t]*(?=[A-Z])")


def with_run_in_items(text: str) -> str:
    """``text`` with list items run into a line set on lines of their own."""
    return _RUN_IN_ROMAN.sub("\n- ", _RUN_IN_ITEM.sub("\n- ", text))


def _split_references(text: str) -> tuple[str, dict[int, str]]:
    """Split the reference list from the body: the numbered entries after a
    ``References`` heading, or, with no heading, a run of ``[1] …``, ``[2] …`` entries
    that closes the text (a notice's sources set under it)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if REFERENCES_HEADING.match(line):
            body, refs = _read_references(lines, i, i + 1)
            if refs:
                return body, refs
    # no heading: the text ends with bracketed entries, the first numbered 1; or with
    # entries numbered "1.", "2." that the text before cites as [1], [2], each a
    # citation (a year in it), not a list item of the notice's own
    for i, line in enumerate(lines):
        bracketed = bool(_FIRST_BRACKET_ENTRY.match(line))
        if i and (bracketed or _FIRST_NUMBERED_ENTRY.match(line)):
            body, refs = _read_references(lines, i, i)
            if not bracketed and not (
                    re.search(r"\[1\]", body)
                    and all(_YEAR.search(r) and not _FIG_KW.match(r) for r in refs.values())):
                continue
            if refs and body.strip() == "\n".join(lines[:i]).strip():
                return body, refs
    return text, {}


#: The first entry of a reference list printed with no heading: "[1] Lee K, …", or
#: "1. Lee K, …" under a text that cites it as [1].
_FIRST_BRACKET_ENTRY = re.compile(r"^\s*\[1\]\s+[A-Z]")
_FIRST_NUMBERED_ENTRY = re.compile(r"^\s*1[.)]\s+[A-Z]")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


#: An entry of a reference list printed without a number (a bullet at most): a cited
#: author first, a year in it.
_UNNUMBERED_ENTRY = re.compile(
    rf"^\s*(?:[{_BULLETS}]\s+)?((?:{AUTHOR_NAME_RE.pattern}|{ET_AL_RE.pattern}).*"
    r"\b(?:19|20)\d\d\b.*)$")


def _read_references(lines: list[str], heading: int, first: int
                     ) -> tuple[str, dict[int, str]]:
    """The numbered entries from line ``first`` on, and the body without them (lines
    before ``heading``, and any text after the list)."""
    refs: dict[int, str] = {}
    current: int | None = None
    blank = False
    rest: list[str] = []
    for j, entry in enumerate(lines[first:], start=first):
        em = _REF_ENTRY.match(entry)
        unnumbered = None if em or heading == first else _UNNUMBERED_ENTRY.match(entry)
        if em:
            current = int(em.group(1) or em.group(2))
            refs[current] = em.group(3).strip()
        elif unnumbered and (current is None or blank or entry.lstrip()[:1] in _BULLETS
                             or _YEAR.search(refs[current])):
            # under a heading, entries printed without numbers count from 1 in order
            current = max(refs, default=0) + 1
            refs[current] = unnumbered.group(1).strip()
        elif not entry.strip():
            blank = True
            continue
        elif current is not None and not blank:
            # an entry's DOI wrapped to the next line goes on without a space
            joined = _CUT_LINK_END.sub(r"\1\2\3", refs[current] + "\n" + entry.strip())
            refs[current] = joined.replace("\n", " ")
        elif current is not None:
            rest = lines[j:]  # the list ended: text after it is body again
            break
        blank = False
    return "\n".join(lines[:heading] + [""] + rest), refs


def _paragraphs(text: str) -> list[str]:
    return [block for block, _item in _blocks(text)]


#: Longest line of text wrapped at a page's width: a PDF's text layer breaks lines at
#: about 50-170 characters. A text with a longer line was not wrapped (a web page
#: copied as text), so each of its lines is a paragraph of its own.
WRAPPED_LINE = 200
#: In wrapped text a line this much shorter than the usual line ended its paragraph
#: (a wrapped line is full but for one word).
SHORT_LINE = 0.7
#: Share of the usual width a line plus the next line's first word must stay under for
#: the break to be the writer's, not the wrap's (character counts of a proportional
#: font vary by about a tenth).
ROOM_LEFT = 0.85


#: Words that open a sentence and, capitalised, hardly occur inside one.
_SENTENCE_OPENER = re.compile(
    r"(?:The|There|This|These|That|Those|It|In|We|Our|However|Moreover|Furthermore"
    r"|Additionally|Also|Specifically|Regarding|Given|As|After|Following|A|An)$")
#: A line that ends inside its sentence: on a comma, a dash, or a word that needs more.
_LEAVES_OPEN = re.compile(
    r"(?:[,;:(\[-]|\b(?:of|in|and|or|the|a|an|to|for|with|by|from|on|at|as|than|that"
    r"|which|between|is|are|was|were|be|been|its|their|this|these))\s*$", re.I)


#: A line ending inside a DOI or URL wrapped after "/", ".", "-" or "_".
_CUT_LINK_END = re.compile(r"((?:https?://|\b10\.\d{4,9}/)[^\s()\[\]]*\w[/._-])\n"
                           r"(?=[a-z0-9/_-]|[A-Z][A-Z._-]*\d)"
                           # cut before its separator: "…/s00109-017" / "-1600-2,"
                           r"|((?:https?://|\b10\.\d{4,9}/)[^\s()\[\]]*\w)\n(?=[/._-]\w)"
                           # too long for the column, cut between two characters: the rest
                           # is no word ("…biopha.20" / "17.05.011)"; "pmid:…" is a label)
                           r"|((?:https?://|\b10\.\d{4,9}/)[^\s()\[\]]*\w)\n"
                           r"(?![a-z]+:)(?=[0-9a-z]\S*?(?:\d|/|[._-]\w)"
                           # or digits alone before the bracket or stop closing it: "4).",
                           # or a digit and a few letters or digits: "…fj.20190315" / "7R,"
                           r"|\d{1,4}[)\].,;]+(?:\s|$)|\d[A-Za-z\d]{1,3}[)\].,;]+(?:\s|$))")


def _line_ends(lines: list[str], items: list[bool] | None = None) -> list[bool]:
    """Whether each line ends its paragraph although no blank line follows: every line
    of an unwrapped text; in wrapped text, a line well short of the usual width, or one
    after which the next line's first word would have fitted, before a line that starts
    as a sentence does (a capital letter: "DOI:" then "10.3892/…" is one paragraph)."""
    items = [] if items is None else items  # whether the next line starts a list item
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if not lengths or lengths[-1] > WRAPPED_LINE:
        items.extend(_unmarked_items(lines))
        return [True] * len(lines)
    usual = lengths[int(0.9 * (len(lengths) - 1))]
    ends = []
    listing = False  # under a heading that announced a list, its marks lost
    opener = ""  # the first word of the list's first item
    for i, line in enumerate(lines):
        size = len(line.strip())
        after = lines[i + 1].split() if i + 1 < len(lines) else []
        # a wrapped line breaks only where the next word does not fit: when it would
        # have (with room for a proportional font's spread), the break was the writer's
        fits = bool(after) and after[0][:1].isupper() and (
            size + 1 + len(after[0]) < ROOM_LEFT * usual)
        # "… in Figs 6B and 6G" / "There appear to be …": a line that does not leave its
        # sentence open, then one that opens with a sentence's first word
        # (a line ending with a full stop is left to the sentence splitter, which keeps
        # a citation's title with its authors)
        opens = bool(after) and bool(_SENTENCE_OPENER.match(after[0])) and (
            line.rstrip()[-1:].isalnum() and not _LEAVES_OPEN.search(line))
        starts_anew = bool(after) and (after[0][:1].isupper() or after[0][:1] in "\"'\u201c")
        # a paragraph's last line: short, closed by a full stop or colon (a short list
        # item's line, "• Fig 7C Control+Veh and Fig 7C", goes on in the next line)
        closed = line.rstrip()[-1:] in ".!?:;\"')\u201d"
        hyphenated = bool(_HYPHEN_END.search(line))  # the word goes on: never an end
        # nor after a word that leads on ("… blots in panels" / "A and C are …")
        # (a figure or panel word leads on only to what names one: "… panels" / "A and
        # C …", not "… Control panel" / "Part of Fig 1D …", the next item)
        hyphenated = hyphenated or (bool(_GOES_ON.search(line)) and not (
            _NAMING_WORD_END.search(line) and after and not _NAMED_START.match(after[0])))
        # a bracket opened and not closed on the line goes on in the next one
        # ("… Figure 3 (panels" / "A and D) …")
        open_bracket = line.count("(") > line.count(")")
        # a heading that announces a list ("… specifically:" / "Partial overlap of …"):
        # the items after its colon start anew, as capitalised lines
        # (when the next line is an item of its own, not the start of a sentence run on:
        # "Figure 1D: Sham day 3 and Sham" / "day 7; Figure 4A: …")
        announces = line.rstrip().endswith(":") and starts_anew
        item_next = not hyphenated and not open_bracket and (
            announces or (listing and starts_anew and not line.rstrip().endswith(",")))
        items.append(item_next)
        ends.append(item_next or (not hyphenated and not open_bracket and (
            (size < SHORT_LINE * usual and starts_anew and closed) or fits or opens)))
        # the items of such a list each start with a capital, until prose (a full stop)
        # (an item closed by a full stop ends the list unless the next line opens as
        # the first item did: items of one list start alike, "Figure 2C, …" / "Figure 4C")
        if announces:
            opener = after[0] if after else ""
        listing = announces or (listing and (line.rstrip()[-1:] not in ".!?" or (
            bool(after) and after[0] == opener)))
    return ends


def _unmarked_items(lines: list[str]) -> list[bool]:
    """In unwrapped text (a web page copied as text, its list marks lost), whether the
    next line is a list item: the short capitalised lines after a line closed by a
    colon ("The following panels appear similar:" / "Fig 3B Cdk-2 and Fig 3C Cyclin
    D1"), until a line closed by a full stop before one that opens otherwise than the
    first item did."""
    items = []
    listing = False
    opener = ""  # the first word of the list's first item
    for i, line in enumerate(lines):
        after = lines[i + 1] if i + 1 < len(lines) else ""
        words = after.split()
        tail = line.rstrip()[-1:]
        short = bool(words) and len(after.strip()) <= 2 * WRAPPED_LINE and (
            words[0][:1].isupper() or words[0][:1] in "\"'\u201c")
        announces = tail == ":" and short
        if announces:
            opener = words[0]
        listing = announces or (listing and bool(words) and (
            tail not in ".!?" or _alike(words[0], opener)))
        items.append(listing and short and tail != ",")
    return items


def _alike(word: str, opener: str) -> bool:
    """Whether an item opens as the list's first did ("Figures 6C and 7F …" after
    "Figure 6: …")."""
    return word.lower().rstrip(".s") == opener.lower().rstrip(".s")


def _blocks(text: str) -> list[tuple[str, bool]]:
    """Paragraphs and list items, each with whether it is a list item.

    In wrapped text (a PDF's, every line at most :data:`WRAPPED_LINE` long) lines run
    together into one paragraph until a blank line, a bullet or a line well short of
    the others (a paragraph's last line); in unwrapped text each line is a paragraph (a
    line that ends with no full stop, "... in Figs 6B and 6G", is a statement of its
    own). A list item ends at the next bullet, a blank line, or a line that starts with
    a capital letter (an item is short; prose after a list starts anew).
    """
    blocks: list[tuple[str, bool]] = []
    current: list[str] = []
    item = False
    lines = text.split("\n")
    unmarked: list[bool] = []  # a list's items whose marks were lost: each line anew
    ends = _line_ends(lines, unmarked)

    def close() -> None:
        if current:
            # a DOI or link wrapped at its "/", "." or "-" goes on without a space; a
            # word hyphenated at the line's end is one word ("dupli-" / "cated",
            # "Fig-" / "ure"), a hyphenated name keeps its hyphen ("miR-" / "21")
            text = _CUT_LINK_END.sub(r"\1\2\3", "\n".join(current))
            text = _HYPHENATED.sub(lambda m: "" if m.group("lower") is not None else "-",
                                   text)
            joined = re.sub(r"\s+", " ", text).strip()
            if joined:
                blocks.append((joined, item))
        current.clear()

    for i, line in enumerate(lines):
        if not line.strip():
            close()
            item = False
            continue
        bullet = _BULLET.match(line)
        if bullet and i > 0 and lines[i - 1].strip() and _MARK_ONLY.match(line) and (
                _GOES_ON.search(lines[i - 1]) or _inline_list_goes_on(" ".join(current), line)):
            # "… in Figure 3(a) and" / "(c) appear identical": a panel letter or number
            # wrapped to the line's start after a word that cannot end a statement; "…
            # duplicated: 1) Fig. 1B and Fig. 2C;" / "2) Fig. 3A …": a list run in the
            # sentence, wrapped before its next mark
            bullet = None
        if bullet:
            close()
            item = True
            line = line[bullet.end():]
            # "- ○ Fig 2G": a bullet inside a bullet
            while (inner := _BULLET.match(line)) is not None:
                line = line[inner.end():]
        elif i > 0 and (ends[i - 1] or (item and _item_closed(lines[i - 1], line))):
            close()
            item = unmarked[i - 1]
        current.append(line.strip())
    close()
    return blocks


_HYPHEN_END = re.compile(r"[A-Za-z0-9]-\s*$")
#: A hyphen ending a line after a letter or digit: the word goes on in the next line
#: (group 1 set when that goes on in lower case: the hyphen was the wrap's).
_HYPHENATED = re.compile(r"(?<=[A-Za-z0-9])-\n(?:(?=[a-z])(?P<lower>)|(?=[A-Z0-9]))")


def _item_closed(line: str, after: str) -> bool:
    """Whether a list item's ``line``, closed by a full stop, ends the item before
    ``after``, a line that starts as a sentence does (a list item is short: prose after
    the list starts anew however wide the line was)."""
    tail = line.rstrip()
    return (tail[-1:] in ".!?" and after.lstrip()[:1].isupper()
            and not _ABBREV.search(tail[-40:]))


#: Longest stretch read as one sentence. Real notices' sentences run to about 1,100
#: characters; a longer run (a notice of one line with no full stop) is cut at clause
#: or word boundaries, which keeps the claim parser linear in the text's length.
MAX_SENTENCE = 3000

def _bounded(sentence: str, limit: int = MAX_SENTENCE) -> list[str]:
    """``sentence`` cut into pieces of at most about ``limit`` characters, each cut at
    the last clause separator (else space) of its window."""
    pieces: list[str] = []
    while len(sentence) > limit:
        window = sentence[limit // 2:limit]
        cut = None
        for pattern in (r"[;:]\s", r",\s", r"\s"):
            found = [m.end() for m in re.finditer(pattern, window)]
            if found:
                cut = limit // 2 + found[-1]
                break
        cut = cut or limit
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:]
    pieces.append(sentence.strip())
    return [p for p in pieces if p]


def _close_cut_links(paragraph: str) -> str:
    """A web page copied as text loses its links: "… from Yang et al. 2020 (, and …",
    "… Liu et al. 2020 ( The authors were …". A "(" that no ")" closes before the next
    "(" is such a cut link: dropped, and when a capitalised word follows, the sentence
    ended there."""
    opens = [m.start() for m in re.finditer(r"\(", paragraph)]
    if not opens:
        return paragraph
    out: list[str] = []
    last = 0
    for i, at in enumerate(opens):
        nxt = opens[i + 1] if i + 1 < len(opens) else len(paragraph)
        if ")" in paragraph[at:nxt]:
            continue
        out.append(paragraph[last:at].rstrip())
        rest = paragraph[at + 1:nxt]
        out.append(". " if re.match(r"\s+[A-Z][a-z]", rest) else " ")
        last = at + 1
    out.append(paragraph[last:].lstrip())
    return "".join(out)


#: The rest of a citation cut at a journal's abbreviation ("… Ma et al., 2019, Mol. Ther."
#: / "Nucleic Acids 18, 1049–1062, https://doi.org/…, Figure 2A."): journal words, then
#: a volume and its pages, before any figure is named.
_CITATION_REST = re.compile(r"(?!(?:[Ff]ig|[Pp]anel|[Tt]able))[A-Z][\w.&-]*"
                            r"(?:\s+[A-Z][\w.&-]*){0,5}"
                            r"\s+\d{1,4}\s*(?:\(\d+\))?\s*[,:]\s*e?\d+")


#: A capital after "and" closed by a full stop ("panels A and B." or "… and R."), and a
#: surname that goes on after it ("Sato (", "Sato,", "Sato and"): the letter was an
#: author's initial.
_INITIAL_AFTER_AND = re.compile(r"\band\s+[A-Z]\.$")
_SURNAME_GOES_ON = re.compile(r"(?!" + _SENTENCE_OPENER.pattern.rstrip("$") + r"\b)[A-Z][a-z]+"
                              r"(?:\s*[,(]|\s+(?:and|et\s+al)\b)")


#: A sentence's end: its stop, a superscript reference glued to the stop after a word
#: ("… by a different author group.1 There are …"), a closing quote or bracket, a space.
_SENTENCE_END = re.compile(r"[.!?](?:(?<=[a-z][.!?])\d{1,3}(?:[,\u2013-]\d{1,3})*(?=\s+[A-Z]))?"
                           r"[\"')\]]?\s+(?=[A-Z0-9(\[\"]|https?:|doi)")


def _sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping a citation's title/journal with its claim."""
    # a DOI ending a line that runs into the next sentence (PDF text has no blank lines)
    paragraph = re.sub(r"(10\.\d{4,9}/\S*[^\s.,;])(\s+)(?=[A-Z][a-z])", r"\1.\2", paragraph)
    paragraph = _close_cut_links(paragraph)
    pieces: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        # only the end of the candidate can be an abbreviation ("Fig.", "et al.")
        candidate = paragraph[max(start, m.start() - 40):m.start() + 1]
        if _ABBREV.search(candidate.rstrip("\"')]")):
            continue
        if _INITIAL_AFTER_AND.search(candidate) and _SURNAME_GOES_ON.match(paragraph, m.end()):
            continue  # "by Kenji Ito and R. Sato (Cell Biol Int …)": an initial, not a panel
        pieces.append(paragraph[start:m.end()].strip())
        start = m.end()
    if start < len(paragraph):
        pieces.append(paragraph[start:].strip())
    groups: list[list[str]] = []
    for piece in pieces:
        starts_new = piece[:1].isupper() or piece[:1] in "(["
        # a heading closed by a colon ("An internal investigation concluded the
        # following:") is a sentence, never the title or journal of a citation
        heading = starts_new and piece.endswith(":")
        if groups and not heading and (not starts_new or (not _PROSE.search(piece) and (
                not _FIG_KW.search(piece) or _CITATION_REST.match(piece)))):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return [part for group in groups for part in _bounded(" ".join(group))]
