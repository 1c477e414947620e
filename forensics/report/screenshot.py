"""A picture of an HTML report as a browser shows it, for documentation and case files.

Opens the report in headless Chromium (Debian's ``chromium`` driven by Playwright, the
extra ``[report]``), waits for every image, chooses a view on one finding's card
(``plain``, ``stretch``, ``falsecolour`` or ``difference``) and writes a PNG of that
card, or of the whole page. ``make demo`` uses it for the README's picture of the
canonical miR-31 case::

    python -m forensics.report.screenshot demo/canonical/report.html report.png --finding 1
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

__all__ = ["VIEWS", "screenshot"]

#: The views a card offers (the value of its view buttons).
VIEWS = ("plain", "stretch", "falsecolour", "difference")


def screenshot(html: str | Path, png: str | Path, finding: int | None = 1,
               view: str = "plain", width: int = 1000, colours: int = 256,
               chromium: str | None = None, browser: Any = None) -> Path:
    """Write a PNG of an HTML report (one finding's card, or the page).

    Parameters
    ----------
    html : str or Path
        A report written by :func:`forensics.report.html.write_html`.
    png : str or Path
        The picture to write.
    finding : int or None
        The card to show (1 is the highest score); None for the whole page.
    view : str
        One of :data:`VIEWS`, chosen on that card first.
    width : int
        Width of the browser window in CSS pixels.
    colours : int
        The PNG is reduced to a palette of this many colours (about a third of the
        bytes of a full-colour one of micrographs, for docs kept in git); 0 keeps
        every colour.
    chromium : str, optional
        The browser executable; ``chromium`` on the PATH by default.
    browser : playwright Browser, optional
        A browser already launched (by Playwright's sync API) to use instead.

    Raises
    ------
    RuntimeError
        Chromium or Playwright is missing, the page logs an error, or the card is not
        in the report.
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, got {view!r}")
    out = Path(png)
    problems: list[str] = []
    if browser is not None:
        _shoot(browser, Path(html), out, finding, view, width, problems)
    else:
        executable = chromium or shutil.which("chromium") or shutil.which("chromium-browser")
        if executable is None:
            raise RuntimeError("chromium is not installed (Debian: apt-get install chromium)")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as exc:
            raise RuntimeError("playwright is not installed (pip install "
                               "'figure-forensics[report]')") from exc
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=executable,
                                                  args=["--no-sandbox"])
            try:
                _shoot(launched, Path(html), out, finding, view, width, problems)
            finally:
                launched.close()
    if problems:
        raise RuntimeError(f"{html}: the page reported errors: {problems}")
    if colours:
        from PIL import Image

        with Image.open(out) as image:
            reduced = image.convert("RGB").quantize(colors=min(256, colours),
                                                    method=Image.Quantize.MEDIANCUT,
                                                    dither=Image.Dither.NONE)
        reduced.save(out, optimize=True)
    return out


def _shoot(browser: Any, html: Path, out: Path, finding: int | None, view: str, width: int,
           problems: list[str]) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.goto(html.resolve().as_uri(), wait_until="load")
        if finding is None:
            page.screenshot(path=str(out), full_page=True)
            return
        card = page.locator(f"#finding-{finding}")
        if card.count() == 0:
            raise RuntimeError(f"{html} has no finding {finding}")
        if view != "plain":
            card.locator(f".views input[value='{view}']").check()
        card.scroll_into_view_if_needed()
        page.wait_for_timeout(100)  # the lines are drawn once the layout has settled
        card.screenshot(path=str(out))
    finally:
        page.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", help="the HTML report")
    parser.add_argument("png", help="the picture to write")
    parser.add_argument("--finding", type=int, default=1,
                        help="the card to show, 1 the highest score; 0 for the whole page")
    parser.add_argument("--view", choices=VIEWS, default="plain")
    parser.add_argument("--width", type=int, default=1000)
    parser.add_argument("--colours", type=int, default=256,
                        help="palette size of the PNG (0: every colour)")
    args = parser.parse_args(argv)
    try:
        written = screenshot(args.html, args.png, args.finding or None, args.view, args.width,
                             args.colours)
    except RuntimeError as exc:
        print(f"screenshot not written: {exc}", file=sys.stderr)
        return 1
    print(f"screenshot written to {written}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
