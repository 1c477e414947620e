"""The words of a page's text layer round a figure: which are panel letters, which prose.

A panel letter printed as text is a one-letter word ("A", "(b)") that stands alone or
leads what it labels ("A  Control"); one that follows a word of its line at word
spacing is an initial or an article ("Wang H et al.", "given a dose"). Body text is
paragraphs: a text block of several rows of many words, a column wide; the text of a
figure is labels, ticks and short legends.
"""

from __future__ import annotations

import pymupdf

from forensics.model import BBox

__all__ = ["PROSE_ROWS", "PROSE_WIDTH", "PROSE_WORDS", "prose_blocks", "text_labels",
           "within_a_line"]


def text_labels(page: pymupdf.Page, bbox: BBox,
                words: list | None = None) -> tuple[tuple[str, BBox], ...]:
    """Single-letter words inside the figure that no word of their line precedes:
    candidate panel letters from the text layer (``words``: the page's words in
    ``bbox``, when already read)."""
    labels = []
    if words is None:
        words = page.get_text("words", clip=pymupdf.Rect(bbox))
    ends = {(w[5], w[6], w[7]): w[2] for w in words if len(w) >= 8}
    for x0, y0, x1, y1, word, *place in words:
        w = word.strip("().,:")
        if len(w) == 1 and w.isalpha() and not within_a_line(x0, y1 - y0, place, ends):
            labels.append((w, (x0, y0, x1, y1)))
    return tuple(labels)


def within_a_line(x0: float, height: float, place: list, ends: dict) -> bool:
    """Whether a word follows another of its text line at word spacing: an initial in
    "Wang H et al.", the article "a" in a sentence. A panel letter leads what it labels
    ("A  Control"), or stands alone."""
    if len(place) < 3:
        return False
    block, line, number = place[:3]
    before = ends.get((block, line, number - 1))
    return before is not None and x0 - before < height


#: A row of prose holds at least this many words over this width (points), and a
#: paragraph at least this many such rows in one text block: figure text is labels,
#: ticks and short legends.
PROSE_WORDS, PROSE_WIDTH, PROSE_ROWS = 6, 150.0, 3


def prose_blocks(words: list) -> set[int]:
    """Blocks (PyMuPDF block numbers) of ``words`` (its word tuples) that are paragraphs
    of prose. Rows are read by baseline: justified text can come one word a line."""
    count: dict[tuple[int, int], int] = {}
    left: dict[tuple[int, int], float] = {}
    right: dict[tuple[int, int], float] = {}
    for x0, _y0, x1, y1, _word, block, *_ in words:
        row = (block, round(y1))
        count[row] = count.get(row, 0) + 1
        left[row] = min(left.get(row, x0), x0)
        right[row] = max(right.get(row, x1), x1)
    rows: dict[int, int] = {}
    for (block, _y), n in count.items():
        if n >= PROSE_WORDS and right[block, _y] - left[block, _y] >= PROSE_WIDTH:
            rows[block] = rows.get(block, 0) + 1
    return {block for block, n in rows.items() if n >= PROSE_ROWS}
