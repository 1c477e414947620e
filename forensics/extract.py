"""PDF → Paper and Figures.

A figure is found from its caption ("Figure 3.", "Fig. 3 |", "Figure S2:") and
the graphics drawn near it: embedded images (one entry per placement, so an
image drawn twice counts twice) and clusters of vector drawings. The figure's
region of the page is rendered to pixels at the resolution of the images inside
it, so that labels and overlays drawn on top of a raster are seen as a reader
sees them.

Only :func:`read_paper` opens files; the rest works on an open document.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pymupdf

from forensics.citations import citing_sentence as find_citing_sentence
from forensics.citations import find_doi, reference_entries
from forensics.drawings import Graphic, page_graphics, touching
from forensics.errors import PdfError
from forensics.figure_numbers import caption_number
from forensics.geometry import inside, union
from forensics.model import BBox, Figure, Paper
from forensics.page_words import prose_blocks, text_labels
from forensics.settings import ExtractConfig

log = logging.getLogger(__name__)

pymupdf.TOOLS.mupdf_display_errors(False)  # we report errors ourselves, per file


# "Figure 3." / "Fig. 3 |" / "Figure S2:" / "Fig.\u202f1\u2002 Title" / "FIGURE 4 Title".
# The number must be followed by punctuation or a space, which rejects in-text
# references that happen to start a line ("Fig. 2c), suggesting"); a sentence of
# body text that opens with a figure ("Figure 2 shows ...") is told apart by its verb.
_FIGURE_WORD = (r"^\s*(?:(?P<supp>Supplementary\s+)|(?P<ext>Extended\s+Data\s+))?"
                r"(?:Figure|FIGURE|Fig\.?|FIG\.?)[\s\u00a0\u202f]*")
CAPTION_RE = re.compile(
    _FIGURE_WORD + r"(?P<number>(?:S|EV)?\d{1,3})(?:[\s\u00a0\u202f\u2002]*[\u2014\u2013-]"
    r"[\s\u00a0\u202f\u2002]*figure\s+supplement\s+(?P<figsupp>\d{1,2}))?"
    r"(?:[\s\u00a0\u202f\u2002]*(?:[.:|]|$)|[\s\u00a0\u202f\u2002]+(?P<next>[^\s]+))"
)

#: The header of a legend continued on a later page: "Figure 4 continued".
CONTINUED_RE = re.compile(_FIGURE_WORD + r"S?\d{1,3}[\s\u00a0\u202f]*\(?continued\)?[.:]?",
                          re.IGNORECASE)
BODY_VERBS = {
    "shows", "show", "showed", "summarises", "summarizes", "summarised", "summarized",
    "illustrates", "depicts", "presents", "demonstrates", "indicates", "reveals", "displays",
    "compares", "confirms", "highlights", "and", "also", "was", "is", "are", "were", "in",
    "for", "to", "of", "with", "suggests", "provides", "gives", "lists", "contains",
}


@dataclass(frozen=True)
class _Caption:
    number: str
    text: str
    bbox: BBox
    # The legend says its figure is on another page ("See figure on next page").
    elsewhere: bool = False
    # The text blocks it is set in (``bbox`` is their union, which may span columns).
    blocks: tuple[BBox, ...] = ()


def open_pdf(path: str | Path) -> pymupdf.Document:
    """Open a PDF for reading, turning every way it can fail into a :class:`PdfError`.

    Parameters
    ----------
    path : str or Path
        The file to open.

    Returns
    -------
    pymupdf.Document
        The open document; the caller closes it.

    Raises
    ------
    PdfError
        The file is missing, not a PDF, damaged beyond repair, encrypted or empty.
    """
    path = Path(path)
    if not path.is_file():
        raise PdfError(f"{path}: no such file")
    with open(path, "rb") as f:
        head = f.read(1024)
    if not head:
        raise PdfError(f"{path}: file is empty")
    if b"%PDF-" not in head:
        raise PdfError(f"{path}: not a PDF (no %PDF- header)")
    with open(path, "rb") as f:
        f.seek(max(0, path.stat().st_size - 4096))
        tail = f.read()
    if b"%%EOF" not in tail:
        # PyMuPDF would silently rebuild what it can; a cut-off download is the user's to fix.
        raise PdfError(f"{path}: PDF is truncated (no %%EOF marker at its end)")
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises several types for damaged files
        raise PdfError(f"{path}: cannot be read as a PDF ({exc})") from exc
    if doc.needs_pass:
        doc.close()
        raise PdfError(f"{path}: PDF is encrypted with a password")
    if doc.page_count == 0:
        doc.close()
        raise PdfError(f"{path}: PDF has no pages (truncated or damaged)")
    return doc


def read_paper(
    path: str | Path, config: ExtractConfig | None = None
) -> tuple[Paper, list[Figure]]:
    """Read a PDF into its :class:`Paper` and its :class:`Figure` list.

    Parameters
    ----------
    path : str or Path
        The PDF file.
    config : ExtractConfig, optional
        Settings of figure extraction (``Settings.extract``); the defaults when omitted.

    Returns
    -------
    paper : Paper
    figures : list of Figure
        In page order, then top to bottom.

    Raises
    ------
    PdfError
        The file cannot be read (see :func:`open_pdf`), or a page fails to parse.
    """
    cfg = config or ExtractConfig()
    pymupdf.TOOLS.mupdf_warnings()  # drop what earlier files left, so what follows is ours
    doc = open_pdf(path)
    warnings: list[str] = []
    try:
        if doc.page_count > cfg.max_pages:
            raise PdfError(f"{path}: {doc.page_count} pages, over the limit of {cfg.max_pages}")
        if doc.is_repaired:
            # MuPDF rebuilt a damaged or truncated file from what it could find: pages,
            # images or whole figures may be missing without any other sign.
            warnings.append("damaged PDF repaired by MuPDF (broken cross-reference table or "
                            "truncated file): pages, figures or images may be missing")
        try:
            paper = _read_metadata(doc, str(path), warnings)
            figures = _read_figures(doc, str(path), cfg, warnings)
        except PdfError:
            raise
        except Exception as exc:  # a damaged object deep in a page
            raise PdfError(f"{path}: failed while reading pages ({exc})") from exc
        damage = _mupdf_damage()
        if damage:
            warnings.append(f"MuPDF reported damage while reading: {damage}")
    finally:
        doc.close()
    return replace(paper, warnings=tuple(warnings)), figures


#: MuPDF warnings that say content was lost (a font substituted is not a loss).
_LOSS_RE = re.compile(r"cannot|could not|error|broken|invalid|truncat|corrupt|premature|"
                      r"repair|unknown|failed|syntax|missing|ignoring", re.IGNORECASE)
#: ... and those about fonts and their encodings, which lose no figure.
_FONT_RE = re.compile(r"font|cmap|glyph|freetype", re.IGNORECASE)


def _mupdf_damage(limit: int = 3) -> str:
    """The first of MuPDF's warnings since the last call that say something was lost."""
    lines = [line.strip() for line in (pymupdf.TOOLS.mupdf_warnings() or "").splitlines()]
    lost = list(dict.fromkeys(line for line in lines if line and _LOSS_RE.search(line)
                              and not _FONT_RE.search(line)))
    more = f" (and {len(lost) - limit} more)" if len(lost) > limit else ""
    return "; ".join(lost[:limit]) + more


# --- metadata ---------------------------------------------------------------------------


def _read_metadata(doc: pymupdf.Document, file: str, warnings: list[str]) -> Paper:
    meta = doc.metadata or {}
    first_text = _page_text(doc, 0, warnings)
    doi = find_doi(" ".join([meta.get("subject") or "", meta.get("keywords") or ""]))
    if doi is None:
        doi = find_doi(first_text)
    title = (meta.get("title") or "").strip()
    if not _plausible_title(title):
        title = _largest_text(doc[0]) or None
    return Paper(
        file=file,
        pages=doc.page_count,
        doi=doi,
        title=title or None,
        references=tuple(_read_references(doc, warnings)),
    )


def _page_text(doc: pymupdf.Document, number: int, warnings: list[str] | None = None) -> str:
    """The text of one page; a page that fails to load is recorded and has no text."""
    try:
        return doc[number].get_text()
    except Exception as exc:  # a damaged page object: the rest of the paper is still read
        if warnings is not None:
            warnings.append(f"page {number + 1}: text not readable ({exc})")
        return ""


def _plausible_title(title: str) -> bool:
    if len(title.split()) < 3:
        return False
    lowered = title.lower()
    return not (lowered.endswith((".pdf", ".doc", ".docx")) or lowered.startswith("microsoft"))


def _largest_text(page: pymupdf.Page) -> str:
    """The text of the largest font on the page: the title on a title page."""
    spans = []
    for block in page.get_text("dict", flags=0)["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                if span["text"].strip():
                    spans.append((round(span["size"], 1), span["text"].strip()))
    if not spans:
        return ""
    biggest = max(size for size, _ in spans)
    return " ".join(text for size, text in spans if size == biggest)


def _read_references(doc: pymupdf.Document, warnings: list[str]) -> list[str]:
    """The reference list: entries after a "References" heading, one string each."""
    return reference_entries([line for i in range(doc.page_count)
                              for line in _page_text(doc, i, warnings).splitlines()])


def citing_sentence(path: str | Path, references: tuple[str, ...], reference: str) -> str | None:
    """The first sentence of the PDF's body that cites ``reference``
    (:func:`forensics.citations.citing_sentence` over its text)."""
    with open_pdf(path) as doc:
        text = "\n".join(_page_text(doc, i) for i in range(doc.page_count))
    return find_citing_sentence(text, references, reference)


# --- figures ----------------------------------------------------------------------------


def _text_blocks(page: pymupdf.Page) -> list[tuple[BBox, str, float]]:
    """Text blocks in content order: box, text, and the font size most of the text has."""
    blocks = []
    for block in page.get_text("dict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE)["blocks"]:
        sizes: dict[float, int] = {}
        lines = []
        for line in block.get("lines", []):
            lines.append("".join(span["text"] for span in line["spans"]))
            for span in line["spans"]:
                size = round(span["size"], 1)
                sizes[size] = sizes.get(size, 0) + len(span["text"].strip())
        text = "\n".join(lines)
        if text.strip():
            blocks.append((tuple(block["bbox"]), text, max(sizes, key=lambda k: sizes[k])))
    return blocks


def find_captions(page: pymupdf.Page) -> list[_Caption]:
    """Captions on a page: a text block that opens with "Figure N" / "Fig. N", and the
    blocks after it in the same font size (legends run on over several blocks and columns).
    """
    blocks = _text_blocks(page)
    captions = []
    for i, (bbox, text, size) in enumerate(blocks):
        # "(See figure on next page.) Fig. 1 ...": a legend set apart from its figure.
        text, elsewhere = _FIGURE_ELSEWHERE_RE.subn("", text, count=1)
        m = CAPTION_RE.match(text)
        if not m:
            continue
        following = m.group("next")
        if following and (following.lower().strip(",;") in BODY_VERBS or following[0] in "),–-—"):
            continue
        parts, boxes = [text], [bbox]
        if CONTINUED_RE.match(text):
            below = _blocks_below(blocks, i)
        else:
            below = []
            for block in blocks[i + 1 :]:
                if abs(block[2] - size) > 0.25 or CAPTION_RE.match(block[1]):
                    break
                below.append(block)
        for next_bbox, next_text, _ in below:
            parts.append(next_text)
            boxes.append(next_bbox)
        caption = " ".join(" ".join(parts).split())
        captions.append(_Caption(caption_number(m), caption, union(boxes), bool(elsewhere),
                                 tuple(boxes)))
    return captions


def _blocks_below(blocks: list[tuple[BBox, str, float]], i: int) -> list[tuple[BBox, str, float]]:
    """The blocks set directly under block ``i`` in its column and font size, top down.

    A legend continued on the next page ("Figure 4 continued") goes on under that
    header, but the text layer can list the header after its continuation.
    """
    bbox, _, size = blocks[i]
    gap = 1.5 * size
    found = []
    bottom, left, right = bbox[3], bbox[0], bbox[2]
    rest = sorted((b for j, b in enumerate(blocks) if j != i), key=lambda b: b[0][1])
    for block in rest:
        (x0, y0, x1, y1), text, block_size = block
        if (abs(block_size - size) <= 0.25 and bottom - 2 <= y0 <= bottom + gap
                and x0 < right and x1 > left and not CAPTION_RE.match(text)):
            found.append(block)
            bottom, right = y1, max(right, x1)
    return found


def _area(b) -> float:
    r = pymupdf.Rect(b)
    return 0.0 if r.is_empty else r.width * r.height


def _h_overlap(a: BBox, b: BBox) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0]))


def _assign(graphics: list[Graphic], captions: list[_Caption]) -> list[list[Graphic]]:
    """Give each graphic to the caption it belongs to: the nearest caption below it
    in the same column, else the nearest above (figures put captions below them)."""
    groups: list[list[Graphic]] = [[] for _ in captions]
    for g in graphics:
        if g.scale == 0 and any(
                _area(pymupdf.Rect(g.bbox) & pymupdf.Rect(c.bbox)) > 0.5 * _area(c.bbox)
                or any(inside(g.bbox, block, 1.0) for block in c.blocks) for c in captions):
            # a frame or shading drawn behind the caption itself, or vector drawing set
            # in its text (white fills behind its lines, a rule under a word): the
            # caption's, not a figure's (an embedded image is never a caption's: a
            # caption's box may span the figure between its title and its legend)
            continue
        best, best_cost = None, float("inf")
        for i, c in enumerate(captions):
            if _h_overlap(g.bbox, c.bbox) <= 0:
                continue
            if c.bbox[1] >= g.bbox[3] - 2:
                cost = c.bbox[1] - g.bbox[3]
            elif c.bbox[3] <= g.bbox[1] + 2:
                cost = 2 * (g.bbox[1] - c.bbox[3]) + 1000  # above: only when nothing below
            else:
                cost = 5000  # side by side: a caption set beside its figure
            if cost < best_cost:
                best, best_cost = i, cost
        if best is not None:
            groups[best].append(g)
    return groups


def _render(page: pymupdf.Page, bbox: BBox, scale: float) -> np.ndarray:
    pix = page.get_pixmap(
        matrix=pymupdf.Matrix(scale, scale),
        clip=pymupdf.Rect(bbox),
        colorspace=pymupdf.csRGB,
        alpha=False,
    )
    # The pixmap's own memory, copied once (``pix.samples`` would make a second copy).
    return np.frombuffer(pix.samples_mv, np.uint8).reshape(pix.height, pix.width, 3).copy()


def _make_figure(
    page: pymupdf.Page,
    file: str,
    caption: _Caption,
    parts: list[Graphic],
    cfg: ExtractConfig,
    caption_on_page: bool = True,
    max_pixels: float = float("inf"), placements: list[BBox] | None = None,
) -> Figure:
    bbox = union([g.bbox for g in parts])
    # Text belongs to the figure only above its caption (captions sit below figures).
    limit = caption.bbox[1] if caption_on_page and caption.bbox[1] >= bbox[3] - 2 else None
    h = page.rect.height
    if caption_on_page:
        # Tick labels and axis titles of vector charts are text set around the drawings.
        m = cfg.label_margin / 2
        near = pymupdf.Rect(bbox) + (-m, -m, m, m)
    else:
        # A figure whose caption is on another page: the page's text is the figure's,
        # but for the running header and footer and paragraphs of body text beside it.
        near = page.rect
    def in_body(box: tuple) -> bool:  # running headers and footers stay out
        return box[1] >= 0.05 * h and box[3] <= 0.95 * h and (limit is None or box[3] <= limit)

    found = page.get_text("words", clip=near)
    prose = set() if caption_on_page else prose_blocks(found)
    words = [w[:4] for w in found if w[5] not in prose and in_body(w)]
    if words:
        bbox = union([bbox] + [tuple(w) for w in words])
    # Panel letters often sit just outside the graphics, in the margin above or left.
    m = cfg.label_margin
    halo = (bbox[0] - m, bbox[1] - m, bbox[2], bbox[3])
    # Not in the running header or footer either ("Wang H et al." above a figure).
    letters = [lab for lab in text_labels(page, halo) if in_body(lab[1])]
    if letters:
        bbox = union([bbox] + [b for _, b in letters])
    bbox = tuple(pymupdf.Rect(bbox) & page.rect)
    native = max((g.scale for g in parts), default=0.0)
    scale = min(max(native, cfg.render_scale_min), cfg.render_scale_max)
    area = (bbox[2] - bbox[0]) * (bbox[3] - bbox[1])
    if area * scale * scale > cfg.max_figure_pixels:
        scale = (cfg.max_figure_pixels / area) ** 0.5
    if area * scale * scale > max_pixels:
        raise _OverLimit(f"figure {caption.number} (page {page.number + 1}) not rendered: "
                         f"its {area * scale * scale:,.0f} pixels would take the paper past "
                         f"max_paper_pixels")
    images = tuple(g.bbox for g in parts if g.scale > 0)
    source = "raster" if len(parts) == 1 and images else "rendered"
    words_in = page.get_text("words", clip=pymupdf.Rect(bbox))  # one text page, read twice
    return Figure(
        file=file,
        number=caption.number,
        page=page.number + 1,
        bbox=bbox,
        caption=caption.text,
        image=_render(page, bbox, scale),
        scale=scale,
        source=source,
        text_labels=text_labels(page, bbox, words_in),
        image_boxes=images,
        word_boxes=tuple(tuple(w[:4]) for w in words_in),
        raster_boxes=None if placements is None else touching(placements, bbox),
    )


class _OverLimit(Exception):
    """A page or figure left out because reading it would pass a resource limit."""


def _page_over_limit(page: pymupdf.Page, cfg: ExtractConfig) -> str | None:
    """Why a page must not be decoded or rendered, checked on what it declares."""
    area = page.rect.width * page.rect.height
    if area > cfg.max_page_area:
        return (f"page {page.number + 1} skipped: {page.rect.width:.0f} x "
                f"{page.rect.height:.0f} pt, over max_page_area ({cfg.max_page_area:,.0f})")
    for xref, _smask, width, height, *_ in page.get_images(full=True):
        if width * height > cfg.max_image_pixels:
            return (f"page {page.number + 1} skipped: image {xref} declares {width} x "
                    f"{height} pixels, over max_image_pixels ({cfg.max_image_pixels:,})")
    return None


def _read_pages(doc: pymupdf.Document, cfg: ExtractConfig, warnings: list[str],
                deadline: float, placements: dict[int, list[BBox]]) -> list[tuple]:
    """Each readable page with its captions and graphics; the others named in ``warnings``.

    Graphics are read only where a figure can use them: on a page with a caption and
    on the pages beside it (a full-page figure captioned on the facing page). A page of
    references or methods far from any caption costs its captions only. Every image
    placement of those pages, however small, is told to ``placements`` by page number.
    """
    pages = []
    for i in range(doc.page_count):
        if time.monotonic() > deadline:
            warnings.append(f"pages {i + 1}-{doc.page_count} skipped: reading took longer "
                            f"than max_seconds ({cfg.max_seconds:g})")
            break
        try:
            page = doc.load_page(i)
            reason = _page_over_limit(page, cfg)
            if reason:
                warnings.append(reason)
                continue
            pages.append((page, find_captions(page)))
        except Exception as exc:  # one damaged page: the others are still read
            warnings.append(f"page {i + 1} skipped: cannot be read ({exc})")
    graphics: dict[int, list[Graphic]] = {}
    j = 0
    while j < len(pages):
        page, captions = pages[j]
        near = any(pages[k][1] for k in (j - 1, j, j + 1) if 0 <= k < len(pages))
        if not near or page.number in graphics:
            j += 1
            continue
        if time.monotonic() > deadline:
            warnings.append(f"pages {page.number + 1}-{doc.page_count} skipped: reading took "
                            f"longer than max_seconds ({cfg.max_seconds:g})")
            pages = pages[:j]
            break
        try:
            graphics[page.number] = page_graphics(page, cfg, [c.bbox for c in captions],
                                                  warnings, placements.setdefault(page.number, []))
        except Exception as exc:  # one damaged page: the others are still read
            warnings.append(f"page {page.number + 1} skipped: cannot be read ({exc})")
            del pages[j]
            j = max(0, j - 1)  # its neighbours are now each other's: look again
            continue
        j += 1
    return [(page, captions, graphics.get(page.number, [])) for page, captions in pages]


def _read_figures(doc: pymupdf.Document, file: str, cfg: ExtractConfig,
                  warnings: list[str] | None = None) -> list[Figure]:
    warnings = [] if warnings is None else warnings
    deadline = time.monotonic() + cfg.max_seconds
    placements: dict[int, list[BBox]] = {}
    pages = _read_pages(doc, cfg, warnings, deadline, placements)
    pixels_left = float(cfg.max_paper_pixels)

    figures: list[Figure] = []
    seen_numbers: set[str] = set()
    legends: dict[str, str] = {}  # captions with no graphics: legends set on their own page
    claimed: set[int] = set()  # pages whose graphics a legend on another page took
    for i, (page, captions, graphics) in enumerate(pages):
        groups = _assign(graphics, captions) if captions else []
        for caption, parts in zip(captions, groups):
            if not parts:
                legends.setdefault(caption.number, caption.text)
            if caption.number in seen_numbers:
                # "Figure 1 (continued)" repeats keep the first placement; the legend
                # text they carry belongs to the first caption.
                _continue_caption(figures, caption)
                continue
            caption_on_page = bool(parts)
            if not parts:
                # A caption with no graphics of its own: the figure is on the page
                # before or after, alone and uncaptioned (full-page figure layouts).
                parts, page_of_parts = ([], None) if caption.elsewhere else \
                    _orphan_graphics(pages, i, claimed)
                if not parts:
                    continue
            else:
                page_of_parts = page
            seen_numbers.add(caption.number)
            if i + 1 < len(pages) and not pages[i + 1][1] and not _figure_sized(pages[i + 1]):
                caption = _run_on(caption, pages[i + 1][0])
            if time.monotonic() > deadline:
                warnings.append(f"figure {caption.number} and later ones skipped: reading "
                                f"took longer than max_seconds ({cfg.max_seconds:g})")
                break
            try:
                figure = _make_figure(page_of_parts, file, caption, parts, cfg,
                                      caption_on_page, pixels_left,
                                      placements.get(getattr(page_of_parts, "number", -1)))
            except _OverLimit as exc:
                warnings.append(str(exc))
                continue
            except Exception as exc:  # a damaged image or drawing: the other figures stay
                where = page_of_parts.number + 1 if page_of_parts is not None else i + 1
                warnings.append(f"figure {caption.number} (page {where}) skipped: cannot be "
                                f"rendered ({exc})")
                continue
            pixels_left -= figure.image.shape[0] * figure.image.shape[1]
            figures.append(figure)
        else:
            continue
        break
    # "Figure 1 (See legend on previous page.)": the legend is the caption.
    return [replace(f, caption=legends[f.number])
            if f.number in legends and _LEGEND_ELSEWHERE_RE.search(f.caption[:80]) else f
            for f in figures]


_FIGURE_ELSEWHERE_RE = re.compile(
    r"^\s*\(?see figure on (?:the )?(?:previous|next|following|preceding) page\.?\)?\s*",
    re.IGNORECASE)
_LEGEND_ELSEWHERE_RE = re.compile(
    r"legend (?:on|see) (?:the )?(?:previous|next|following|preceding) page", re.IGNORECASE)
_PANEL_OPENING_RE = re.compile(r"\s*\(\s*[A-Za-z]\s*\)")


def _figure_sized(page_entry: tuple) -> bool:
    """Whether a page holds graphics of a figure's size (not a banner or a rule): one
    graphic, or many together (a figure of small tiles or of separate charts), covering
    a twentieth of the page."""
    page, _captions, graphics = page_entry
    area = page.rect.width * page.rect.height
    return sum(_area(g.bbox) for g in graphics) >= 0.05 * area


def _run_on(caption: _Caption, next_page: pymupdf.Page) -> _Caption:
    """A legend cut off mid-sentence at the foot of its page, continued at the top of the
    next page when that page holds only text (author-manuscript layouts)."""
    # Side banners ("Author Manuscript") stand on end; running heads are set smaller.
    blocks = [b for b in _text_blocks(next_page) if b[0][2] - b[0][0] >= 0.3 * (b[0][3] - b[0][1])]
    size = max((b[2] for b in blocks), default=0.0)
    blocks = sorted((b for b in blocks if b[2] >= 0.95 * size), key=lambda b: b[0][1])
    # Cut mid-sentence, or the next page opens with the next panel's legend "(C) ...".
    if not blocks or (caption.text.rstrip().endswith((".", "!", "?"))
                      and not _PANEL_OPENING_RE.match(blocks[0][1])):
        return caption
    parts = []
    for _box, text, _size in blocks:
        parts.append(text)
        if text.rstrip().endswith("."):
            break
    if not parts:
        return caption
    return _Caption(caption.number, " ".join(" ".join([caption.text, *parts]).split()),
                    caption.bbox, blocks=caption.blocks)


def _continue_caption(figures: list[Figure], caption: _Caption) -> None:
    """Append the legend text of a "Figure N continued" header to figure N's caption."""
    m = CONTINUED_RE.match(caption.text)
    if not m:
        return
    rest = caption.text[m.end():].strip()
    if not rest or rest.lower().startswith("on next page"):
        return
    for k, figure in enumerate(figures):
        if figure.number == caption.number:
            figures[k] = replace(figure, caption=f"{figure.caption} {rest}")
            return


#: Share of a page that an uncaptioned page's graphics must cover, together, to be the
#: figure of a caption that has none (a figure alone on its page, its legend on the page
#: before or after): a row of four short blots covers 1.4%, a journal's logo under 1%.
_ORPHAN_SHARE = 0.012


def _orphan_graphics(pages: list, i: int, claimed: set[int]
                     ) -> tuple[list[Graphic], pymupdf.Page | None]:
    """The graphics of the uncaptioned page before page ``i`` (a figure, then its legend
    on the next page), else after it, when they are a figure's worth and no other
    legend took them (``claimed``: page numbers already given to a legend)."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(pages):
            page, captions, graphics = pages[j]
            if not graphics or captions or page.number in claimed:
                continue
            share = sum(_area(g.bbox) for g in graphics) / (page.rect.width * page.rect.height)
            if share >= _ORPHAN_SHARE:
                claimed.add(page.number)
                return graphics, page
    return [], None
