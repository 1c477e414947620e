# Two commands on a fresh clone (Python 3.10+ only):
#   make demo   set up, generate sample papers, scan them, print where the report is
#               (and the miR-31 case's HTML report, with a screenshot of it)
#   make test   set up and run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean wheel-check

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m forensics.fixtures.papers --out demo --papers 4 --seed 1
	$(BIN)/forensics scan demo/paper_000.pdf demo/paper_001.pdf demo/paper_002.pdf demo/paper_003.pdf --json demo/report.json
	$(BIN)/forensics compare demo/paper_002.pdf demo/paper_000.pdf --json demo/compare.json
	$(BIN)/python -m forensics.fixtures.canonical --out demo/canonical
	$(BIN)/forensics compare demo/canonical/mir31.pdf demo/canonical/lifesci.pdf \
		--notices demo/canonical/notice.txt --json demo/canonical/report.json \
		--html demo/canonical/report.html
	$(BIN)/python -m forensics.report.screenshot demo/canonical/report.html \
		demo/canonical/report.png || echo "(no screenshot: chromium is needed for it)"
	@echo "reports: demo/report.json, demo/compare.json (planted truth: demo/truth.json);"
	@echo "the miR-31 case: demo/canonical/report.html, its first finding in demo/canonical/report.png"

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check forensics tests bench examples
	$(BIN)/mypy

# Build the wheel, install it alone in a fresh virtualenv outside the clone, and use it.
wheel-check: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --wheel --outdir dist . >/dev/null
	sh scripts/wheel-check.sh dist/*.whl

bench: $(STAMP)
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/detect.py
	$(BIN)/python bench/notices.py

clean:
	rm -rf $(VENV) demo dist
