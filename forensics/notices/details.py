"""What a claim says of its panels besides their names: the transform one underwent
("rotated 180°", "flipped", "stretched", "re-toned") and the labels that tell apart
images of one panel ("GAPDH", "Control 2 h").

Both are read from where a reader finds them in the claim's own statement, not from
wordings: a transform word anywhere in it; labels in quotes, after "panel", in brackets
or between a figure reference and the next function word ("Fig 7C Control+L-NAME and
…"), or as the noun phrase before a reference's blot or image ("the GAPDH band in Fig.
2A").
"""

from __future__ import annotations

import re

from forensics.citations import DASHES
from forensics.notices.figrefs import find_figure_refs

#: Transforms, most specific first; the value is the name the claim gives.
_TRANSFORMS = (
    ("rotated", re.compile(
        r"\brotat\w*(?:\s+(?:(?:anti|counter)-?)?clockwise)?(?:\s+(?:by|through|of))?"
        r"(?:\s+(?:about|approximately|~))?"
        r"(?:\s*(?P<after>\d{2,3})\s*(?:°|º|degrees?|deg\b))?"
        r"|(?P<before>\d{2,3})\s*(?:°|º|-?\s*degrees?)\s+(?:\w+\s+)?rotat"
        # "turned upside down" is a half turn; "in a different orientation" some turn
        r"|\bupside[\s-]+down(?P<half>)|\bre-?orient|\b(?:different|another|other)\s+orientation",
        re.I)),
    # (upper case, "FLIP 55KDa", it is a protein's name)
    ("flipped", re.compile(r"\b(?-i:(?!FLIP\b))flip|\bmirror"
                           r"|\b(?:horizontally|vertically)\s+(?:inverted"
                           r"|reversed)|\breflect(?:ed|ion)\b|\binverted\s+(?:horizontally"
                           r"|vertically)|\b(?:reverse|reversed|opposite)\s+orientation",
                           re.I)),
    # "elongated" said of the image, not of what it shows ("the elongated … cells")
    ("stretched", re.compile(r"\bstretch|\belongat(?!\w*\s+(?:[\w-]+\s+){0,2}(?:cells?|nuclei"
                             r"|shapes?|processes|fib[er]{2}s?|axons?)\b)|\bsqueez|\bcompressed\s+(?:horizontally"
                             r"|vertically)|\b(?:horizontally|vertically)\s+compressed"
                             r"|\b(?:aspect\s+ratio|distort)", re.I)),
    ("resized", re.compile(r"\b(?:resiz|rescal|magnif|enlarg|zoomed|shrunk)"
                           r"|\b(?:different|another|other)\s+(?:scales?|sizes?)\b", re.I)),
    ("re-toned", re.compile(r"\bre-?ton|\b(?:contrast|brightness|exposure|colou?r(?:s|ation)?"
                            r"|intensity|gamma|levels)\s+(?:\w+\s+)?(?:adjust|alter|chang"
                            r"|enhanc|modif|differ)|\b(?:adjust|alter|chang|enhanc|modif"
                            r"|different|other)\w*\s+(?:\w+\s+)?(?:contrast|brightness|exposure"
                            r"|(?:pseudo-?)?colou?rs?)\b|\bcolou?r\s+(?:channel|invert)"
                            r"|\binverted\s+colou?rs?|\bgr[ae]y-?scale|\bpseudo-?colou?r", re.I)),
)

#: A transform said not to have happened ("without rotation", "not flipped").
_DENIED = re.compile(r"\b(?:not|no|without)\s+(?:\w+\s+){0,3}$", re.I)
#: What follows a tone change made to look closer ("adjusted to visualize the
#: background"): how the reader examined the image, not how the copy was changed.
_TO_EXAMINE = re.compile(r"\w*(?:\s+\w+){0,3}?\s+(?:in\s+order\s+)?to\s+(?:better\s+)?"
                         r"(?:visuali[sz]e|reveal|see|show|highlight|expose|examine|inspect)\b",
                         re.I)


def claim_transform(text: str) -> str | None:
    """The transform a claim's statement names, or None.

    Parameters
    ----------
    text : str
        The statement (sentence, clause or list item) the claim came from.

    Returns
    -------
    str or None
        ``"rotated"`` (``"rotated 90°"`` when the angle is printed), ``"flipped"``,
        ``"stretched"``, ``"resized"`` or ``"re-toned"`` (contrast, brightness or
        colour changed).

    Examples
    --------
    >>> claim_transform("Fig 3C and Fig 5A GAPDH when rotated 180°")
    'rotated 180°'
    >>> claim_transform("Fig. 1b Actin (flipped horizontally) and Fig. 2a PRK")
    'flipped'
    >>> claim_transform("Fig. 2A and 2D are identical") is None
    True
    """
    named: list[tuple[int, str]] = []
    for name, pattern in _TRANSFORMS:
        for m in pattern.finditer(text):
            if _DENIED.search(text, max(0, m.start() - 30), m.start()):
                continue
            if name == "re-toned" and _TO_EXAMINE.match(text, m.end()):
                continue
            angle = m.groupdict().get("after") or m.groupdict().get("before")
            if m.groupdict().get("half") is not None:
                angle = "180"
            named.append((m.start(), f"{name} {int(angle)}°" if angle and int(angle) in (
                90, 180, 270) else name))
            break
    # the transform printed first (a statement naming two names the main one first)
    return min(named)[1] if named else None


#: Words that end a label after a figure reference: verbs, prepositions, conjunctions.
_LABEL_STOP = re.compile(
    r"\b(?:and|or|appears?|appeared|seems?|seemed|is|are|was|were|has|have|had|shows?"
    r"|showed|contains?|looks?|overlaps?|overlapping|duplicat\w*|match\w*|resembl\w*"
    r"|share[sd]?|coincid\w*|indistinguishable|recycl\w*|cop(?:y|ies)"
    r"|from|in|of|with|to|when|after|as|at|on|for|by|than|that|which|where"
    r"|compared|similar\w*|identical|results?|images?|panels?|bands?|blots?|data"
    r"|respectively|also|both|the|this|these|those|each|other|it|they|there)\b"
    r"|[,;:.()\[\]]|$", re.I)
#: Words no label is made of alone.
_NOT_LABEL = re.compile(
    r"^(?:a|an|the|this|that|these|those|same|similar|other|another|each|both|all"
    r"|upper|lower|left|right|top|bottom|middle|central|first|second|third|last"
    r"|row|rows|column|columns|lanes?|panels?|images?|bands?|blots?|data|figures?|figs?"
    r"|western|representative|respective|corresponding|original|published|different"
    r"|partial|partially|some|several|portions?|areas?|regions?|sections?|parts?|and|or"
    r"|to|of|in|from|with|between|for|by|on|at|as|is|are|was|were|be|been|duplicated"
    r"|similarit(?:y|ies)|identical|overlapping|reused|repeated|group|groups|condition"
    # what was done, not which sample: an assay or method names no condition
    r"|flow|cytometry|wound(?:-healing)?|healing|scratch|migration|invasion|colony"
    r"|transwell|assays?|immunostaining|immunohistochemi\w*|staining|histolog\w*|cells?"
    r"|tissues?|tumou?rs?|micrographs?|photographs?|pictures?|plots?|slides?|fields?"
    r"|labell?ed|although|though|while|whereas|several|many|most|few|two|three|four"
    r"|respectively|both|each"
    # a notice's own title run into its first sentence
    r"|retraction|retracted|correction|erratum|corrigendum|notice|expression|concern"
    r"|[a-z]|[ivx]+|\d+(?:-\d+)?)$", re.I)
#: Words of a clause, or of the notice's actors, that no label holds.
_NOT_IN_LABEL = re.compile(r"^(?:that|which|who|whom|whose|the|was|were|is|are|has|have|been"
                           r"|journal|editors?|authors?|readers?|publisher)$", re.I)
#: A bracket that says where in the panel, or how it was changed, not what it shows.
_POSITION = re.compile(r"\b(?:upper|lower|left|right|top|bottom|middle|row|column|lanes?"
                       r"|rotat\w*|flip\w*|mirror\w*|inverted|stretch\w*|degrees?|°"
                       r"|doi|https?|et\s+al|\d{4})\b|°", re.I)
_FIG_WORD = re.compile(r"(?:supplementary\s+|supplemental\s+|extended\s+data\s+|appendix\s+)?"
                       r"(?:fig|panel)", re.I)
_QUOTED = re.compile(r"['\u2018\u201c\"]([^'\u2018\u2019\u201c\u201d\"]{1,40})"
                     r"['\u2019\u201d\"](?!\w)")
_PANEL_WORD_LABEL = re.compile(r"^\s*,?\s*panels?\s+(?!of\b|in\b|[A-Za-z]\b)", re.I)
#: The noun a label names in "the GAPDH band in Fig. 2A", "duplicated HPRT blots in".
_NOUN_BEFORE = re.compile(
    r"(?:^|\b(?:the|of|duplicated|similar|identical|overlapping)\s+)"
    r"(?P<label>(?:[^\s,;:.()]+\s+){0,2}?[^\s,;:.()]+)\s+"
    r"(?:western\s+)?(?:bands?|blots?|loading\s+controls?|panels?|images?|slides?"
    r"|staining|micrographs?|plots?|cells|sections?)\s+(?:\w+\s+){0,2}(?:in|of|from|for)\s+$",
    re.I)


def _clean(label: str) -> str:
    """``label`` without the words around it that name no condition ("the", "upper",
    "flow cytometry"); empty when nothing else is left."""
    words = " ".join(label.split()).strip(" ,;:-").split()
    # trimmed of words, not of numbers and units ("siCtrl 24 h")
    while words and _NOT_LABEL.match(words[0].strip(",;:")) and words[0][:1].isalpha():
        words.pop(0)
    while words and _NOT_LABEL.match(words[-1].strip(",;:")) and len(words[-1]) > 1:
        words.pop()
    if all(_NOT_LABEL.match(w.strip(",;:")) for w in words) or any(
            _NOT_IN_LABEL.match(w.strip(",;:")) for w in words):
        return ""
    label = " ".join(words).strip(" ,;:-")
    return "" if _FIG_WORD.search(label) or _TRANSFORM_WORD.search(label) or "=" in label \
        else label


#: A transform said of a panel is no label ("…, rotated 90°").
_TRANSFORM_WORD = re.compile(r"\b(?:rotat|flip|mirror|stretch|degrees?\b)|°", re.I)


def _after_reference(text: str, end: int) -> list[str]:
    """Labels right after a figure reference: "Figure 2C, panel HOS agomir-761 …",
    "Fig 7C Control+L-NAME and …", "Fig. 3e (control)", "Figure 2E, 143B, Control, …"."""
    labels: list[str] = []
    rest = text[end:end + 120]
    bracket = re.match(r"\s*\(([^()]{1,60})\)", rest)
    if bracket:
        if not _POSITION.search(bracket.group(1)):
            labels.append(_clean(bracket.group(1)))
        return labels
    m = _PANEL_WORD_LABEL.match(rest)
    if m:
        rest = rest[m.end():]
        stop = re.search(r"(?:^|\s+)(?:appears?|appeared|seems?|is|are|was|were|has|have|had"
                         r"|from|in|of|with|and)\b|[,;:.(]|$", rest)
        label = _clean(rest[:stop.start() if stop else len(rest)])
        return [label] if label else []
    # "Figure 2E, 143B, Control, has been …": labels in commas, up to a verb
    parts: list[str] = []
    pos = 0
    while pos < len(rest):
        lead = re.match(r"\s*,?\s*", rest[pos:])
        start = pos + (lead.end() if lead else 0)
        stop = _LABEL_STOP.search(rest, start)
        stop_at = stop.start() if stop else len(rest)
        part = _clean(rest[start:stop_at])
        if not part:
            break
        parts.append(part)
        if not stop or rest[stop.start():stop.start() + 1] != ",":
            break
        pos = stop.start()
    if parts:
        labels.append(", ".join(parts))
        # "Fig 1A Control and Treated results …": a second label after "and", when no
        # figure reference follows it
        at = stop.start() if stop else len(rest)
        more = re.match(r"\s*\band\s+", rest[at:])
        if more and not _FIG_WORD.match(rest, at + more.end()):
            start = at + more.end()
            nxt = _LABEL_STOP.search(rest, start)
            label = _clean(rest[start:nxt.start() if nxt else len(rest)])
            if label:
                labels.append(label)
    return labels


def claim_labels(text: str, panels: tuple[str, ...]) -> tuple[str, ...]:
    """Labels the statement gives the claim's panels ("GAPDH", "Control 2 h").

    Parameters
    ----------
    text : str
        The statement the claim came from.
    panels : tuple of str
        The claim's panels, both sides: only labels next to references to them count.

    Returns
    -------
    tuple of str
        The labels in the order printed, without repeats; empty when none is printed.

    Examples
    --------
    >>> claim_labels("Fig 7C Control+L-NAME and Fig 7D Control+L-NAME", ("7C", "7D"))
    ('Control+L-NAME',)
    >>> claim_labels("the 'control' and 'podoplanin' panels in Fig. 2A", ("2A",))
    ('control', 'podoplanin')
    >>> claim_labels("The GAPDH band in Fig. 2A matches the band in Fig. 2D", ("2A", "2D"))
    ('GAPDH',)
    """
    work = text.translate(DASHES)
    refs = [(a, b) for a, b, ps in find_figure_refs(work) if set(ps) & set(panels)]
    labels = [m.group(1).strip() for m in _QUOTED.finditer(work)
              if not find_figure_refs(m.group(1)) and _clean(m.group(1))]
    if not labels:
        ends = [0] + [b for _, b, _ in find_figure_refs(work)]
        for a, b in refs:
            # the noun phrase before a reference, never reaching into the one before it
            lo = max([max(0, a - 80)] + [e for e in ends if e <= a])
            before = _NOUN_BEFORE.search(work, lo, a)
            if before:
                label = _clean(before.group("label"))
                if label and not find_figure_refs(label):
                    labels.append(label)
            labels.extend(_after_reference(work, b))
    if not labels and refs:
        # "In Fig 4A, the Paracentral COH and Central COH panels appear similar": the
        # images named by label after the reference
        labels.extend(_named_images(work[refs[0][1]:]))
    return tuple(dict.fromkeys(label for label in labels if label))


#: "the shCtrl 0 h panel", "The 24 h and 48 h images": what an item's sentence names
#: its images by.
_NAMED_IMAGES = re.compile(r"\bthe\s+((?:[^\s,;.()]+\s+){0,7}?[^\s,;.()]+)\s+"
                           r"(?:panels?|images?|blots?|bands?|micrographs?|photos?)\b", re.I)


_PREPOSITION = re.compile(r"\b(?:within|in|of|from|for|with|between|to|on|these|those)\b",
                          re.I)


def _named_images(text: str) -> tuple[str, ...]:
    """The labels a sentence names its images by: "The shCtrl 0 h panel appears similar
    to the shPTEN 0 h panel" (none when the sentence states nothing of them)."""
    named = [m.group(1) for m in _NAMED_IMAGES.finditer(text)
             if not _PREPOSITION.search(m.group(1))]  # a name, not "section within these"
    if not named or not re.search(r"\b(?:appears?|seems?|is|are|was|were)\b", text, re.I):
        return ()
    parts = [x for n in named for x in re.split(r"\s*(?:,\s*(?:and\s+)?|\band\b|&)\s*", n)]
    return tuple(dict.fromkeys(p for p in (_clean(x) for x in parts) if p))


def item_labels(item: str) -> tuple[str, ...]:
    """The labels an item naming no figure lists under a heading that names one ("In
    Fig 2A:" then "Paracentral Control and Central Control"; "In Fig 3:" then "The
    shCtrl 0 h panel appears similar to the shPTEN 0 h panel")."""
    labels = _named_images(item)
    if labels:
        return labels
    parts = re.split(r"\s*(?:,\s*(?:and\s+)?|\band\b|&)\s*", item.strip().rstrip(".;"))
    return tuple(dict.fromkeys(p for p in (_clean(x) for x in parts) if p))
