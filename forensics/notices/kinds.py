"""Kinds of notice, reasons and the relation a notice states between two papers."""

from __future__ import annotations

import re
from functools import lru_cache

KINDS = ("retraction", "expression of concern", "correction")
#: The kind of a notice whose text states claims but no kind word (a cut excerpt).
UNKNOWN_KIND = "unknown"


#: The reason vocabulary, in the order reasons are reported.
REASONS = (
    "image duplication",
    "image manipulation",
    "data validity",
    "plagiarism",
    "duplicate publication",
    "authorship",
    "peer review",
    "paper mill",
    "ethics",
    "error",
)


#: Relations that say something is wrong with a panel, not that panels duplicate,
#: overlap or reappear: statements with only these give no claim.
NOT_DUPLICATION = ("concern", "manipulated")

#: Relation words, most specific first (the first one found names the relation).
RELATIONS = (
    "rotated",
    "flipped",
    "overlapping",
    "previously published",
    "duplicated",
    "manipulated",
    "concern",
)


_KIND_PATTERNS = (
    # the noun, or the act ("Reason for expressing concern", "the journal expresses
    # its concern"): what a notice of concern calls itself
    ("expression of concern", re.compile(
        r"(?:expression|notice|statement)\s+of\s+concern"
        r"|\bexpress(?:es|ed|ing)?\s+(?:(?:its|our|their|this)\s+)?concern\b", re.I)),
    ("retraction", re.compile(r"\bretract(?:ion|ed|s|ing)?\b|\bwithdraw(?:n|al)\b", re.I)),
    # an addendum amends the article as a correction does
    ("correction", re.compile(r"\b(?:correction|erratum|corrigendum|corrected|addendum)\b", re.I)),
)


#: The act of retracting stated ("wish to retract this Article", "the paper is being
#: retracted"): it outranks a correction word that only names a document (a "Correction
#: to:" page header, "requested a corrigendum").
_RETRACTION_ACT = re.compile(
    r"\bretract(?:s|ed|ing)?\s+(?:this|the|their|our)\s+(?:\w+\s+){0,2}"
    r"(?:article|paper|publication|study|manuscript)"
    r"|\b(?:article|paper|publication|study|manuscript)\s+(?:is\s+being|has\s+been|have\s+been"
    r"|was|is|will\s+be)\s+(?:\w+\s+)?retracted"
    # the editor's decision: "has ruled that the article should be retracted"
    r"|\b(?:decided|ruled|determined|concluded|agreed)\s+that\s+(?:this|the)\s+(?:\w+\s+)?"
    r"(?:article|paper|publication|study|manuscript)\s+should\s+be\s+retracted",
    re.I,
)

#: The article retracted, as a done act (not "may retract", "should be retracted").
_ARTICLE_WORD = r"(?:this|the)\s+(?:\w+\s+)?(?:article|paper|publication|study|manuscript)"
_RETRACTED_NOW = re.compile(
    r"\b(?:has|have)\s+(?:now\s+|therefore\s+|hereby\s+)?retracted\s+" + _ARTICLE_WORD
    + r"|\b(?:hereby|now)\s+retracts?\s+" + _ARTICLE_WORD
    + r"|\b(?:wish(?:es)?|decided|agreed)\s+to\s+retract\s+" + _ARTICLE_WORD
    + r"|\b" + _ARTICLE_WORD + r"\s+(?:has\s+(?:now\s+)?been|is\s+(?:now\s+)?being"
    r"|is\s+(?:hereby|now))\s+retracted",
    re.I,
)

#: A notice naming itself: "This expression of concern will remain …", "this
#: retraction notice", "this correction".
_NAMES_ITSELF = re.compile(
    r"\b[Tt]his\s+((?:editorial\s+)?expression\s+of\s+concern|retraction(?=\s+(?:notice|note)\b)"
    r"|correction(?=\s+(?:notice|note)\b)|erratum|corrigendum)\b")

#: Wordings of a correction that carry no kind word ("should have been given as").
_CORRECTION_WORDING = re.compile(
    r"\bshould\s+(?:have\s+)?(?:read|been\s+(?:given|shown|presented|listed|written))\b"
    r"|\bincorrectly\s+(?:shown|given|presented|listed|stated|labell?ed)\b"
    # "There is an error in the primer sequences … The correct primer sequences are",
    # "apologise for some errors … To rectify this"
    r"|\bthere\s+(?:is|was|were|are)\s+(?:an?\s+)?errors?\s+in\b"
    r"|\bthe\s+correct(?:ed)?\s+(?:[\w-]+\s+){0,4}?(?:is|are|has\s+been|have\s+been)\b"
    r"|\bto\s+rectify\s+th(?:is|ese)\b|\bapologi[sz]e\b[^.]{0,40}\berrors?\b",
    re.I,
)


def detect_kind(text: str) -> str | None:
    """The notice kind: the kind word printed first in the text, except that a stated
    act of retraction outranks an earlier correction word; a correction's wording
    ("should have been given as") when no kind word is printed; an expression of concern
    for a text that calls itself a notice and raises concerns with no kind word (None if
    none of these)."""
    named = _NAMES_ITSELF.search(text)
    if named:
        # "This expression of concern will remain in place …": the text says what it is
        word = named.group(1).lower()
        return ("expression of concern" if "concern" in word
                else "retraction" if word.startswith("retraction") else "correction")
    best: tuple[int, str] | None = None
    for kind, pattern in _KIND_PATTERNS:
        m = next((m for m in pattern.finditer(text) if not _of_cited_work(text, m)), None)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    if best is not None and best[1] == "correction" and _RETRACTION_ACT.search(text):
        return "retraction"
    if best is not None and best[1] == "expression of concern" and _RETRACTED_NOW.search(text):
        # "Following the Expression of Concern …, the journal has now retracted this
        # article": the concern came first, the retraction is the act
        return "retraction"
    if best is None and _CORRECTION_WORDING.search(text):
        return "correction"
    if best is None and _SELF_NOTICE.search(text) and _CONCERN_RAISED.search(text):
        # a text that calls itself a notice and raises concerns, retracting and
        # correcting nothing ("The journal will update this notice …")
        return "expression of concern"
    return best[1] if best else None


#: A citation right after a kind word: "has since been retracted [3]", "(10.1007/…)".
_CITED_AFTER = re.compile(r"\s*(?:\[\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*\]|\(\s*(?:doi:?\s*"
                          r"|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/)", re.I)
#: This notice's own article named as the subject.
_OWN_SUBJECT = re.compile(r"\b(?:this|the\s+(?:present|above|original))\s+(?:article|paper"
                          r"|publication|study|manuscript)\b", re.I)


def _of_cited_work(text: str, m: re.Match) -> bool:
    """Whether the kind word ``m`` is said of another work cited right after it ("an
    article [2] which has since been retracted [3]", "One paper discussed in this
    commentary has subsequently been retracted (10.1007/…)"), not of the notice's own."""
    return bool(_CITED_AFTER.match(text, m.end())) and not _OWN_SUBJECT.search(
        text, max(0, m.start() - 60), m.start())


#: Concerns raised (the noun, not "this notice concerns …").
_CONCERN_RAISED = re.compile(
    r"\b(?:raised?|raising|about|regarding|serious|the|some|several|these)\s+(?:\w+\s+)?"
    r"concerns?\b|\bconcerns?\s+(?:were|was|have|has|had|about|regarding|over|with)\b", re.I)


#: A text calling itself a notice ("this notice", "Editor's note", "Publisher's note").
_SELF_NOTICE = re.compile(
    r"\bthis\s+(?:editorial\s+)?notice\b|\b(?:editor(?:'|\u2019)?s|editorial|publisher(?:'|\u2019)?s)"
    r"\s+note\b|\bnotice\s+of\s+concern\b", re.I)


_REASON_PATTERNS: dict[str, re.Pattern[str]] = {
    "image duplication": re.compile(
        r"duplicat\w*\s+(?:of\s+)?(?:\w+\s+){0,2}(?:images?|figures?|panels?|blots?|data)"
        r"|(?:images?|panels?|blots?|figures?)\s+(?:\w+\s+){0,4}(?:duplicat|overlap|reused|re-used"
        r"|identical|rotated|flipped|mirror)|image (?:duplication|overlap|reuse)",
        re.I,
    ),
    "image manipulation": re.compile(
        r"manipulat|splic|(?:image|panel|blot)s?\s+(?:\w+\s+){0,3}(?:altered|edited|tampered)"
        r"|inappropriate(?:ly)?\s+(?:image\s+)?(?:processing|adjust)",
        re.I,
    ),
    "data validity": re.compile(
        r"(?:validity|reliability|integrity|veracity|accuracy)\s+of\s+(?:the\s+)?(?:\w+\s+)?"
        r"(?:data|results|findings|conclusions)|unreliable|cannot vouch|could not be verified"
        r"|(?:raw|original|underlying)\s+data\s+(?:\w+\s+){0,3}(?:(?:not|never)\s+(?:been\s+)?"
        r"(?:provided|available|supplied)|unavailable|(?:could\s+not|cannot)\s+be\s+\w+)"
        r"|(?:data|results)\s+(?:\w+\s+){0,2}(?:fabricat|falsif)|fabricat|falsif|\binvalid\b"
        r"|(?:lack\s+of|lost|loss\s+of|no\s+longer\s+have)\s+confidence\s+in\s+(?:the\s+)?"
        r"(?:\w+\s+){0,3}(?:data|results|findings|conclusions)",
        re.I,
    ),
    "plagiarism": re.compile(
        r"plagiar|text\s+(?:overlap|recycling)|overlapping\s+text|without\s+(?:proper\s+|"
        r"appropriate\s+)?(?:attribution|citation|acknowledg)",
        re.I,
    ),
    "duplicate publication": re.compile(
        r"duplicate\s+publication|redundant\s+publication|(?:substantial|significant)\s+overlap"
        r"\s+with\s+(?:a|an)\s+(?:\w+\s+)?(?:article|paper)|previously\s+published\s+by\s+the"
        r"\s+same\s+authors|simultaneous(?:ly)?\s+submi",
        re.I,
    ),
    "authorship": re.compile(
        r"authorship|without\s+(?:the\s+)?(?:knowledge|consent|approval)\s+of\s+(?:all\s+|the\s+)?"
        r"(?:co-?)?authors|added\s+as\s+an?\s+author|author\s+(?:list|contribution)",
        re.I,
    ),
    "peer review": re.compile(r"peer[\s-]review|reviewers?\s+(?:\w+\s+){0,3}(?:compromised|fake)"
                              r"|fake\s+review", re.I),
    "paper mill": re.compile(r"paper[\s-]mill|third[\s-]party\s+(?:agency|service)", re.I),
    "ethics": re.compile(
        r"ethic(?:s|al)\s+(?:approval|committee|review|board)|informed\s+consent|\bIRB\b|IACUC"
        r"|animal\s+welfare",
        re.I,
    ),
    "error": re.compile(r"\b(?:an?\s+)?(?:error|mistake)s?\b|inadvertent|erroneous", re.I),
}


#: What a photograph shows that one animal or sample cannot be twice.
_SPECIMEN = r"(?:mouse|mice|animals?|rats?|tumou?rs?|specimens?|embryos?|colon(?:y|ies))"

_RELATION_PATTERNS: dict[str, re.Pattern[str]] = {
    "rotated": re.compile(r"\brotat", re.I),
    # "a reflection of" names the act as "reflected" does
    # (upper case, "FLIP 55KDa", it is a protein's name)
    "flipped": re.compile(r"\b(?-i:(?!FLIP\b))flip|\bmirror|\bhorizontally\s+inverted"
                          r"|\breflect(?:ed|ion)\b",
                          re.I),
    # "share a region", "share an area of background"
    "overlapping": re.compile(r"\boverlap|\bshar(?:e|es|ed|ing)\s+(?:(?:an?|the|same|some|common"
                              r"|similar|number|portion|part|of)\s+){0,4}(?:[\w-]+\s+)?"
                              r"(?:regions?|areas?|portions?|sections?|parts?|features?|fields?"
                              r"|backgrounds?|patterns?)\b", re.I),
    "previously published": re.compile(
        r"(?:previously|already|earlier)\s+(?:been\s+)?published|published\s+(?:previously|"
        r"earlier|before)|appeared\s+(?:previously|earlier|before)|previously\s+appeared"
        r"|(?:also|likewise)\s+published"
        # "were published as part of Figure 5 of …"
        r"|\bpublished\s+as\s+(?:(?:a\s+)?parts?\s+of\s+)?(?:the\s+)?(?:figs?\b|figures?\b)"
        # in, or found in, another article: "have been published in another article",
        # "were present in unrelated and already retracted papers"
        r"|\b(?:published|present|found|included)\s+in\s+(?:an?\s+)?(?:[\w-]+,?\s+){0,3}?"
        r"(?:other|another|different|separate|earlier|unrelated|prior),?\s+(?:[\w-]+,?\s+){0,3}?"
        r"(?:articles?|papers?|publications?|studies|study)\b",
        re.I,
    ),
    "duplicated": re.compile(
        r"duplicat|identical|\bsame\s+(?:[\w-]+\s+){0,3}(?:images?|data|blots?|panels?|bands?"
        r"|(?:loading\s+)?controls?|membranes?|gels?|lanes?"
        r"|pictures?|photos?|micrographs?|cells|sections?|fields?|source|region|views?)"
        # the same specimen shown twice: "the same mouse appears in Fig 2A and 5B",
        # "depict the same tumour" (not "repeated with the same mice")
        r"|\b(?:shows?|showing|depicts?|depicting|displays?|displaying)\s+the\s+same\s+"
        r"(?:[\w-]+\s+)?" + _SPECIMEN + r"|\bsame\s+(?:[\w-]+\s+)?" + _SPECIMEN
        + r"\s+(?:(?:is|was|are|were)\s+)?(?:appears?|appeared|shown|depicted|visible|presented"
        r"|used)\b"
        r"|\b(?:derived|originat\w*|taken|obtained|cropped|cut)\s+from\s+(?:a|the)\s+(?:single"
        r"|same|one)\s+(?:[\w-]+\s+)?(?:images?|photo\w*|pictures?|blots?|gels?|membranes?"
        r"|micrographs?|fields?|sections?|slides?)\b"
        # seen to come from one source: "the two images appear to originate from the
        # same sample" (the hedge of a finding, not a method's "obtained from the same …")
        r"|\b(?:appears?|appeared|seems?|seemed)\s+to\s+(?:have\s+)?(?:originated?|derived?"
        r"|come|been\s+derived)\s+from\s+(?:the\s+)?same\b"
        r"|\breproduced\s+(?:in|as)\s+(?:the\s+)?(?:figs?\b|figures?\b|panels?\b)"
        # the act's noun: "Fig. 4 appeared to be a reproduction of Fig. 3 from …"
        r"|\breproduction\s+of\b"
        r"|\bcontain\w*\s+(?:a\s+|some\s+)?(?:portions?|parts?|sections?|regions?)\s+of\b"
        r"|\b(?:cropped|resized|rescaled|enlarged|modified|altered)\s+version\s+of\b"
        r"|\b(?:also|again)\s+(?:present|visible)\s+in\b"
        r"|\b(?:are|were|is|was)\s+(?:\w+ly\s+)?(?:the\s+)?same\b|\bre-?used?\b|\breus(?:ed|e)"
        r"|\brepe(?:ated|titive)|\brecur(?:s|red|ring)?\b|\bcopied|\bsimilar(?:ity|ities)?\b|\bresembl|\bused\s+(?:again\s+)?to\s+"
        r"represent|\bused\s+(?:in|for)\s+(?:both|multiple|different)"
        r"|\bindistinguishab|\bcop(?:y|ies)\s+of\b|\bcoincid|\brecycl|\balike\b"
        # found in another article's figure: "… appear in Figure 3 of Wang et al."
        r"|\bappear(?:s|ed)?\s+(?:also\s+)?in\b(?=[^.;]{0,200}?(?:\bet\s+al\b|\bdoi\b"
        r"|\b10\.\d{4,9}/|\[\d))"
        # shown twice, or lifted from elsewhere
        r"|\b(?:used|shown|presented|published|appears?|appeared|included)\s+twice\b"
        r"|\b(?:taken|lifted|plagiari[sz]ed|reproduced)\s+(?:\w+\s+)?from\b|\bshared\s+with\b"
        # shown a second time: "also appears in", "was used again in", "reappears"
        r"|\b(?:also|again)\s+(?:appears?|appeared|shown|used|presented|featured)\b"
        r"|\b(?:appears?|appeared|shown|used|presented)\s+(?:again|also)\b|\bre-?appear"
        # "the same feature appears in both panels"
        r"|\b(?:appears?|appearing|seen|present|visible|shown)\s+in\s+(?:both|two|several|multiple)"
        r"\s+(?:\w+\s+)?(?:panels?|images?|lanes?|figures?)\b"
        # "appear to have been used, with some cropping, in Fig. 6d": used for a figure
        r"|\b(?:been|be|being)\s+used\b(?=(?:,[^,.;]{1,60},)?\s+(?:again\s+)?(?:in|as|for)\s+"
        r"(?:the\s+)?(?:figs?\b|figures?\b|panels?\b))"
        # shown again as another panel: "appears as Figure 6A", "was presented as Fig 2B"
        r"|\b(?:appears?|appeared|presented|shown|used|represented)\s+as\s+(?:the\s+)?"
        r"(?:figs?\b|figures?\b|panels?\b|images?\b)"
        r"|\b(?:appear|seem|look)(?:s|ed)?\s+(?:to\s+be\s+)?(?:\w+ly\s+)?the\s+same\b"
        # one image shown twice: "panels B and D show one field of view"
        r"|\b(?:shows?|showing|depicts?|depicting)\s+(?:one|a\s+single)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:fields?|images?|areas?|regions?|sections?|blots?|gels?)\b"
        # "does not appear to match the background": a mismatch, not a duplicate
        r"|(?<!\bnot\s)(?<!\bnot\sappear\sto\s)(?<!\bnot\sseem\sto\s)\bmatch(?:es|ed)?\b",
        re.I,
    ),
    "manipulated": re.compile(r"manipulat|splic|\baltered\b|\bedited\b|\btamper", re.I),
    "concern": re.compile(
        r"\bconcerns?\b|\berrors?\b|\bmistakes?\b|\bissues?\b|\bproblem|\birregular|\banomal"
        r"|\bquestion|\bincorrect",
        re.I,
    ),
}


#: Words after "the" that make it the notice's own article: "the same paper", "the
#: retracted article".
OWN_THE = r"present|current|above|retracted|original|same|corrected|concerned"

#: An article introduced as one more: "a 2011 article", "an earlier Cell Rep study",
#: "another paper" (in lower case: a title's "A made-up study" introduces nothing).
ANOTHER_ARTICLE = re.compile(r"\b(?-i:a|an|another)\s+(?:[\w-]+\s+){0,4}(?:article|paper"
                             r"|study|publication)\b", re.I)

_OWN_AFTER = re.compile(
    # "of this 2006 Diabetes article": a year or a journal's name may stand between
    rf"^\s*,?\s*(?:of|in|from)\s+(?:this(?:\s+(?-i:[A-Z0-9])[\w-]*){{0,3}}?"
    rf"|the\s+(?:{OWN_THE})|our)\s+(?:article|paper|study|publication|manuscript|work)",
    re.I,
)


_OWN_BEFORE = re.compile(
    r"(?:this|the\s+(?:above|original|present|retracted|published|current|cited|concerned))"
    r"\s+(?:research\s+)?(?:article|paper|publication|study|manuscript)\s*(?:titled\s+\"[^\"]*\"\s*)?$",
    re.I,
)


_EXTERNAL = re.compile(
    r"\b(?:other|another|different|separate|earlier|unrelated|prior|previous)\s+"
    r"(?:(?!in\b|of\b|the\b)\w+\s+){0,2}"
    r"(?:articles?|papers?|publications?|studies|study|authors?)\b|previously\s+published"
    r"|published\s+(?:previously|elsewhere|earlier)|by\s+(?:the\s+)?same\s+authors"
    # a figure of an article named by its title, or by where it was published
    r"|\b(?:of|in|from)\s+(?:the|an?|our|their)\s+(?:article|paper|publication|study)\s+(?:titled|entitled"
    r"|[\"'\u2018\u201c]|published\s+(?:in|by)\b)",
    re.I,
)


#: A numbered citation mark as printed: "[1]".
CITE_MARK = re.compile(r"\[(\d{1,3})\]")
_REF_MARK = re.compile(
    r"\[(\d{1,3}(?:\s*[,-]\s*\d{1,3})*)(?:\s*,\s*(?:now\s+)?[a-z][a-z ]{0,30})?\]"
    r"|\(\s*refs?\.?\s*(\d{1,3})\s*\)|\breferences?\s+(\d{1,3})\b"
    r"|\bref\.\s*(\d{1,3})\b"
    # a superscript number glued to the word it cites: "the authors' previous paper1."
    r"|\b(?:papers?|articles?|publications?|study|studies|reports?)(\d{1,2})(?=[\s.,;:)]|$)",
    re.I,
)


_CONNECTIVE = re.compile(
    r"^[\s,;:]*(?:(?:and|as|also|were|was|in|of|from|with|by|the|an?|article|paper|study"
    r"|publication|previously|published|reported|respectively|images?|data|for|authored"
    r"|see|which|that|appeared|appears|same)[\s,;:]+){0,8}",
    re.I,
)


def normalise_reason(reason: str) -> str | None:
    """Map a free-text or Retraction Watch reason to the vocabulary in :data:`REASONS`.

    Examples
    --------
    >>> normalise_reason("+Duplication of Image")
    'image duplication'
    >>> normalise_reason("Concerns/Issues About Data") is None
    False
    """
    r = reason.strip().lstrip("+").strip().lower()
    if not r:
        return None
    table = (
        ("paper mill", ("paper mill",)),
        ("image duplication", ("duplication of image", "image duplication", "duplicated image")),
        ("image manipulation", ("manipulation of image", "image manipulation",
                                "manipulated image", "falsification/fabrication of image")),
        ("duplicate publication", ("duplication of article", "duplicate publication",
                                   "duplication of data", "euphemisms for duplication")),
        ("plagiarism", ("plagiarism", "duplication of text", "euphemisms for plagiarism")),
        ("authorship", ("authorship", "author", "forged authorship")),
        ("peer review", ("peer review",)),
        ("ethics", ("ethic", "informed consent", "irb", "iacuc", "human subject",
                    "animal welfare", "approval")),
        ("data validity", ("data", "results", "fabrication", "falsification", "unreliable",
                           "validity", "misconduct", "reproducib")),
        ("error", ("error", "mistake")),
    )
    for name, needles in table:
        if any(n in r for n in needles):
            return name
    if r in REASONS:
        return r
    return None


def _order_reasons(reasons: set[str]) -> tuple[str, ...]:
    return tuple(r for r in REASONS if r in reasons)


#: Relation words that state no relation: a duplication denied ("no definitive
#: conclusion on any band duplication could be made"), experiments done again ("the
#: experiments were repeated"), a purpose ("rearranged to match the order").
_NOT_RELATION = re.compile(
    r"\bno\s+(?:[\w-]+\s+){0,5}(?:duplicat|overlap)\w*"
    r"|\b(?:experiments?|assays?|analys[ie]s|measurements?|studies|study|tests?)\s+"
    r"(?:(?:of|in|for|shown)\s+[^.;,]{1,40}?\s+)?"  # "the experiments of Figure 3C were …"
    r"(?:\([^()]{1,40}\)\s+)?"  # "the cell death assays (Fig. 1) were repeated"
    r"(?:(?:were|was|have|has|had|been|be|then|later|all)\s+){0,3}repeated"
    r"|\brepeat(?:ed|ing)?\s+(?:the|these|all|their|each)\s+(?:[\w-]+\s+){0,2}"
    r"(?:experiments?|assays?|analys[ie]s|measurements?)"
    r"|\bto\s+match\b"
    # an open question states no finding: "one cannot clarify whether the lanes show data
    # from the same blot"
    r"|\bwhether\b[^.;:]*"
    # where something lies, not what is repeated: "than other bands in the same panel"
    r"|\b(?:in|within|on|across)\s+the\s+same\s+(?:panels?|blots?|gels?|membranes?|figures?"
    r"|rows?|columns?)\b",
    re.I,
)


@lru_cache(maxsize=1024)
def mask_non_relations(sentence: str) -> str:
    """``sentence`` with relation words that state no relation blanked out (same length,
    so positions stay valid)."""
    return _NOT_RELATION.sub(lambda m: " " * len(m.group()), sentence)


@lru_cache(maxsize=1024)
def detect_relation(sentence: str) -> str | None:
    """The relation a claim sentence states (see :data:`RELATIONS`), or None."""
    sentence = mask_non_relations(sentence)
    for name in RELATIONS:
        if _RELATION_PATTERNS[name].search(sentence):
            return name
    return None


def _relation_position(sentence: str, after: int) -> int:
    best = len(sentence)
    sentence = mask_non_relations(sentence)
    for name in RELATIONS[:-1]:
        m = _RELATION_PATTERNS[name].search(sentence, after)
        if m and m.start() < best:
            best = m.start()
    return best

