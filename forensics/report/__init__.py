"""Reports of a run: the JSON contract, terminal lines, a self-contained HTML page and
annotated copies of the PDFs.

The modules, one role each: :mod:`~forensics.report.contract` (the data and the JSON
contract), :mod:`~forensics.report.text` (one-line summaries),
:mod:`~forensics.report.html` (the HTML report) and :mod:`~forensics.report.annotate`
(PDF copies with the findings boxed). The HTML and PDF writers are imported on use, so
reading a report's data costs none of their imports.
"""

from forensics.report.contract import (
           SCHEMA,
           PaperResult,
           Report,
           match_json,
           paper_json,
           report_json,
)
from forensics.report.text import describe_match

__all__ = ["SCHEMA", "PaperResult", "Report", "describe_match", "match_json", "paper_json",
           "report_json"]
