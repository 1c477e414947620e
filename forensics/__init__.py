"""forensics: find duplicated image panels in scientific papers.

The way in::

    import forensics

    report = forensics.scan(["manuscript.pdf"])          # every panel against every other
    for match in report.matches:
        print(forensics.describe_match(match))

    pair = forensics.compare("suspect.pdf", "original.pdf")
    notices = forensics.load_notices("retraction_notice.txt")
    report = forensics.scan(["manuscript.pdf"], notices=notices)

The stages can also be run one by one, on plain data::

    paper, figures = forensics.read_paper("manuscript.pdf")
    panels = [p for f in figures for p in forensics.split_panels(f)]
    matches = forensics.find_duplicates(panels)

Settings come from :func:`read_config` (the bundled defaults, optionally
overridden by a TOML file); every function takes them, or its own section.
"""

from typing import TYPE_CHECKING

from forensics.audit import compare, read_panels, scan
from forensics.config import read_config
from forensics.detect import find_duplicates
from forensics.errors import ConfigError, ForensicsError, NoticeParseError, PdfError
from forensics.extract import read_paper
from forensics.model import (
    Article,
    Claim,
    Figure,
    FileError,
    Match,
    Notice,
    NoticeLink,
    Panel,
    PanelRef,
    Paper,
    RetractedCitation,
    Transform,
    UnconfirmedClaim,
)
from forensics.panels import split_panels
from forensics.report import PaperResult, Report, describe_match, report_json
from forensics.settings import Settings

if TYPE_CHECKING:
    from forensics.notices import load_notices

__version__ = "0.2.0"

__all__ = [
    "Article",
    "Claim",
    "ConfigError",
    "FileError",
    "Figure",
    "ForensicsError",
    "Match",
    "Notice",
    "NoticeLink",
    "NoticeParseError",
    "Panel",
    "PanelRef",
    "Paper",
    "PaperResult",
    "PdfError",
    "Report",
    "RetractedCitation",
    "Settings",
    "Transform",
    "UnconfirmedClaim",
    "__version__",
    "compare",
    "describe_match",
    "find_duplicates",
    "load_notices",
    "read_config",
    "read_panels",
    "read_paper",
    "report_json",
    "scan",
    "split_panels",
]


def __getattr__(name: str):
    # The notice parser (its patterns take a tenth of a second to build) is imported
    # when first asked for: a scan without notices never needs it.
    if name == "load_notices":
        from forensics.notices import load_notices

        return load_notices
    raise AttributeError(f"module 'forensics' has no attribute {name!r}")
