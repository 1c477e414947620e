#!/bin/sh
# Install a built wheel alone in a fresh virtualenv, outside the clone, and use it as a
# user would: generate a paper, scan it with the command, run the API example.
set -eu
wheel=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
example=$(cd "$(dirname "$0")/.." && pwd)/examples/api.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$wheel[fixtures]"
cd "$work"  # nothing of the clone on the path
"$work/venv/bin/python" -c "import forensics, importlib.resources as r; \
assert (r.files('forensics') / 'default.toml').is_file(); \
assert (r.files('forensics') / 'py.typed').is_file(); print('forensics', forensics.__version__)"
"$work/venv/bin/python" -m forensics.fixtures.papers --out "$work/papers" --papers 1 --seed 3
"$work/venv/bin/forensics" scan "$work/papers/paper_000.pdf" --json "$work/report.json"
"$work/venv/bin/python" "$example" "$work/papers/paper_000.pdf"
if "$work/venv/bin/python" -c "import fixtures" 2>/dev/null; then
    echo "the wheel installs a top-level 'fixtures' package" >&2; exit 1
fi
echo "wheel check passed: $(basename "$wheel")"
