"""Scan a PDF from Python and look at what was found (the README's example).

Usage: python examples/api.py PAPER.pdf [OTHER.pdf]
"""

import sys

import forensics

paper = sys.argv[1]

# One call: every panel of the paper against every other panel.
report = forensics.scan([paper])
for result in report.papers:
    print(result.paper.file, len(result.figures), "figures,", len(result.panels), "panels")
for match in report.matches:
    print(forensics.describe_match(match))
for failure in report.errors:
    print("could not read", failure.file, "-", failure.error)

# The same, stage by stage, with one setting changed.
settings = forensics.read_config()  # the bundled defaults (or read_config("mine.toml"))
paper_info, figures = forensics.read_paper(paper, settings.extract)
panels = [p for figure in figures for p in forensics.split_panels(figure, settings.panels)]
print(f"{paper_info.title!r}: {len(panels)} panels,",
      sum(p.content == "image" for p in panels), "of them image data")
matches = forensics.find_duplicates(panels, settings=settings)
assert len(matches) == len(report.matches)

# The JSON report, as `forensics scan --json` writes it.
data = forensics.report_json(report)
print(data["schema"], len(data["matches"]), "matches")
