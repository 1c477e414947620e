"""Retraction notices, expressions of concern and corrections → :class:`Notice`.

A notice names the article it concerns (authors, title, journal, year, DOI),
why (reasons, normalised to a small vocabulary) and, for image problems, which
panels are involved: "Images for Figures 3A and 5E have been duplicated with
images for Figure 2A from Xu P, ... Life Sciences. 2018;210:251-262. doi ...".
Each such statement becomes a :class:`Claim`; a statement that names figures
but whose panels cannot be read is kept as text (``Claim(parsed=False)``).

Inputs, all offline: notice text (``.txt``, also markdown-ish web copies),
notice PDFs (text layer via PyMuPDF), the Retraction Watch CSV export and
Crossref work JSON (``update-to`` / ``updated-by`` relations).
:func:`load_notices` dispatches on the path. Every file is untrusted input
(:mod:`forensics.notices.reading`): regular files only, sizes capped, encodings
detected, JSON nesting bounded, CSV and JSON dumps streamed.

The parser is regular-expression based, built from the shapes notices take
across publishers rather than from a fixed set of sentences:

* figure references: ``Fig. 2A–C``, ``Figs. 2G and 4G``, ``Figure 3A and 5E``,
  ``panels B and D of Figure 4``, ``Figure 4, panels b and d``, ``Figure S3``,
  ``Supplementary Figure 3`` → panels ``"2A", "2B", "2C"``, ``"S3"`` …;
* citations of other articles: DOIs, numbered references (``[2]``) resolved
  through the notice's reference list, and author/year/journal citations;
* relation wording: duplicated, overlapping, rotated, flipped, previously
  published, manipulated (``concern`` when only a problem is stated).
"""

from __future__ import annotations

from forensics.citations import normalise_doi, parse_citation
from forensics.notices.claims import (
    extract_claims,
)
from forensics.notices.crossref import (
    iter_crossref_json,
    load_crossref_json,
    notices_from_crossref,
)
from forensics.notices.figrefs import (
    find_figure_refs,
)
from forensics.notices.kinds import (
    KINDS,
    REASONS,
    RELATIONS,
    detect_kind,
    detect_relation,
    normalise_reason,
)
from forensics.notices.parse import (
    parse_notice_pdf,
    parse_notice_text,
)
from forensics.notices.reading import (
    MAX_DUMP_BYTES,
    MAX_JSON_DEPTH,
    MAX_NOTICE_BYTES,
)
from forensics.notices.sources import (
    RW_COLUMNS,
    iter_retraction_watch_csv,
    load_notices,
    load_retraction_watch_csv,
    notice_to_json,
)

__all__ = [
    "KINDS",
    "MAX_DUMP_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_NOTICE_BYTES",
    "REASONS",
    "RELATIONS",
    "RW_COLUMNS",
    "detect_kind",
    "detect_relation",
    "extract_claims",
    "find_figure_refs",
    "iter_crossref_json",
    "iter_retraction_watch_csv",
    "load_crossref_json",
    "load_notices",
    "load_retraction_watch_csv",
    "normalise_doi",
    "normalise_reason",
    "notice_to_json",
    "notices_from_crossref",
    "parse_citation",
    "parse_notice_pdf",
    "parse_notice_text",
]
