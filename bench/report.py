"""Size and opening time of an HTML report of about 100 findings (issue 24: < 15 MB, < 2 s).

The canonical case is generated and compared once; its findings are repeated to 100
(each repeat renders its own crops, as 100 distinct findings would), the report is
written, and Debian's chromium (via Playwright) opens it five times: the median time to
the load event, with every image decoded, is printed, and the time one card takes to
switch to each view computed in the page (contrast stretch, false colour).

    python bench/report.py [--findings 100]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import forensics
from forensics.fixtures import canonical
from forensics.report.html import write_html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        canonical.main(["--out", str(out)])
        report = forensics.compare(out / "mir31.pdf", out / "lifesci.pdf",
                                   notices=forensics.load_notices(out / "notice.txt"))
        base = report.matches
        matches = tuple(replace(base[i % len(base)], score=1 - i / 1000)
                        for i in range(args.findings))
        big = replace(report, matches=matches)
        started = time.perf_counter()
        path = write_html(big, out / "report.html")
        written = time.perf_counter() - started
        size = path.stat().st_size
        from playwright.sync_api import sync_playwright

        times: list[float] = []
        views: dict[str, list[float]] = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--no-sandbox"])
            for _ in range(5):
                page = browser.new_page()
                started = time.perf_counter()
                page.goto(path.as_uri(), wait_until="load")
                decoded = page.evaluate("Array.from(document.images).every("
                                        "i => i.complete && i.naturalWidth > 0)")
                times.append(time.perf_counter() - started)
                assert decoded
                lines = page.locator("svg.links line").count()
                for view in ("stretch", "falsecolour"):
                    started = time.perf_counter()
                    page.locator(f"#finding-1 .views input[value='{view}']").check()
                    page.evaluate("document.querySelector('#finding-1 img.side-a').decode()")
                    views.setdefault(view, []).append(time.perf_counter() - started)
                page.close()
            browser.close()
    print(f"{args.findings} findings: {size / 1e6:.2f} MB, written in {written:.2f} s, "
          f"opened in {statistics.median(times):.2f} s (median of 5; "
          f"min {min(times):.2f}, max {max(times):.2f}); {lines} matched-point lines drawn; "
          + ", ".join(f"{view} view of one card {1000 * statistics.median(t):.0f} ms"
                      for view, t in views.items()))


if __name__ == "__main__":
    main()
