"""Figure → Panels: split a compound figure and name each panel by its printed letter.

The figure's pixels are thresholded against the white page; ink closer than a
small gap (``join_gap``, about 2 pt) is joined, and the connected blobs that are
big enough are panels. Small blobs are text: a single glyph near a panel's
top-left corner is a panel letter, other text next to a panel (axis labels,
titles) is folded into it.

Letters come from the PDF text layer when it has them, else from the pixels
(:mod:`forensics.letters`); gaps left in the sequence (A, ?, C) are filled from
reading order when the caption names the missing letter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import cv2
import numpy as np

from forensics.caption_letters import caption_letters
from forensics.category import panel_category
from forensics.classify import classify_panel
from forensics.inner_letters import glyphs_in, label_inside
from forensics.labels import (
    Blob,
    ReadBudget,
    alone_but_decorated,
    decorated_core,
    fill_sequence,
    in_a_word,
    label_from_pixels,
    label_from_text_layer,
    letter_cells,
    near_corner,
    overlaps,
    plausible,
    reading_order,
)
from forensics.letter_split import split_by_letters, split_merged, split_tiles
from forensics.model import Figure, Panel
from forensics.mosaics import (
    absorb_framed_images,
    drop_contained,
    join_cells,
    join_mosaics,
    join_placements,
    union_box,
)
from forensics.overlay import overlay_mask, paint_out
from forensics.pixels import darkest_channel, runs
from forensics.rects import image_rectangles
from forensics.settings import PanelConfig

log = logging.getLogger(__name__)


def _image_like(image: np.ndarray, ink: np.ndarray, blob: Blob, config: PanelConfig) -> bool:
    """Whether a small or thin blob is an image (an inset, a thumbnail, one blot strip):
    ink from edge to edge (a word is mostly white between its strokes), textured (a
    legend swatch is flat), and not a colour scale (a steady ramp along its length)."""
    x0, y0, x1, y1 = blob.box
    filled, gray = ink[y0:y1, x0:x1], image[y0:y1, x0:x1].astype(np.float32).mean(axis=2)
    if max(blob.width, blob.height) > 2 * min(blob.width, blob.height):
        # Long and thin (a blot strip, maybe with its label joined at one end): judge
        # the longest stretch filled across, which must make most of the length.
        axis = 0 if blob.width > blob.height else 1
        across = filled.mean(axis=axis) >= config.small_panel_fill
        start, length = _longest_run(across)
        if length < 0.6 * len(across):
            return False
        core = gray[:, start:start + length] if axis == 0 else gray[start:start + length]
        profile = core.mean(axis=axis)
        ramp = np.corrcoef(np.arange(len(profile)), profile)[0, 1]
        if not np.isfinite(ramp) or abs(ramp) > 0.9:
            return False  # a colour scale: a steady ramp along its length
        return float(core.std()) >= config.small_panel_std
    if float(filled.mean()) < config.small_panel_fill:
        return False
    return float(gray.std()) >= config.small_panel_std


def _longest_run(flags: np.ndarray) -> tuple[int, int]:
    """Start and length of the longest run of True in a 1-D boolean array."""
    best, run_start = (0, 0), None
    for i, flag in enumerate(np.append(flags, False)):
        if flag and run_start is None:
            run_start = i
        elif not flag and run_start is not None:
            if i - run_start > best[1]:
                best = (run_start, i - run_start)
            run_start = None
    return best


def split_panels(figure: Figure, config: PanelConfig | None = None) -> list[Panel]:
    """Split a figure into its panels, each with its printed letter where one is found.

    Parameters
    ----------
    figure : Figure
        A figure from :func:`forensics.extract.read_paper`.
    config : dict, optional
        Parsed configuration; section ``[panels]``.

    Returns
    -------
    list of Panel
        In reading order (top to bottom, left to right). ``label`` is the
        printed letter in upper case, or None.
    """
    cfg = config or PanelConfig()
    s = figure.scale
    image = figure.image
    darkest = darkest_channel(image)
    ink = _erase_rules(darkest < cfg.white_level, s)
    # Image rectangles first, exactly; the rest of the ink is clustered without them.
    rects = image_rectangles(figure, ink, cfg)
    rest = ink.copy()
    for x0, y0, x1, y1 in rects:
        rest[y0:y1, x0:x1] = False
    blobs = _blobs(rest, max(1, round(cfg.join_gap * s / 2)))
    strong = ink & (darkest < cfg.strong_level)
    strong_rest = strong & rest
    blobs = [part for b in blobs for part in _peel_glyph_rows(b, strong_rest, s, cfg)]
    panels: list[Blob] = [Blob(r, image=True) for r in rects]
    small: list[Blob] = []
    for b in blobs:
        side = min(b.width, b.height)
        area = b.width * b.height
        if side >= cfg.min_panel_side * s and area >= cfg.min_panel_area * s * s:
            panels.append(b)
        elif (side >= cfg.min_small_panel_side * s and area >= cfg.min_small_panel_area * s * s
              and _image_like(image, ink, b, cfg)):
            panels.append(b)
        else:
            small.append(b)
    if not panels:
        return []
    panels = drop_contained(absorb_framed_images(panels))

    # A rule between columns or rows is no panel's text: folded, it would stretch a
    # chart's box along it over the images beside.
    small = [b for b in small if not _separator(b, s, ink.shape)]
    # A label printed with brackets or a full stop ("(a)", "B."): its letter's box.
    small = [_undecorated(b, strong, s, cfg) for b in small]
    letters = [b for b in small if _letter_shaped(b, s, cfg)]
    # Fold words and numbers first, so that a chart's corner includes its axis labels,
    # then tell panel letters (near a corner) from stray glyphs (folded in as text).
    loose = _fold_text(panels, [b for b in small if not _letter_shaped(b, s, cfg)],
                       cfg.merge_text_gap * s)
    stray = [b for b in letters if not near_corner(b, panels, s, cfg)]
    loose += _fold_text(panels, [Blob(b.box) for b in stray], cfg.merge_text_gap * s)
    letters = [b for b in letters if near_corner(b, panels, s, cfg)]
    panels = _join_stacks(
        panels, letters, cfg.stack_gap * s, cfg.strip_stack_gap * s, cfg.stack_align * s,
        lambda b: b.width >= _STRIP_ASPECT * b.height and _ink_share(ink, b.box) >= _STRIP_INK)

    named = caption_letters(figure.caption)
    seen = _inner_letters(figure, panels, strong, named, cfg)
    panels = split_by_letters(panels, seen, ink, s, cfg.min_small_panel_area * s * s)
    panels, in_tiles = split_tiles(figure, panels, named, cfg)
    seen = seen + in_tiles
    seen = seen + label_from_text_layer(figure, panels, named, cfg)
    # Stray glyphs are read last: a letter set far from its panel (above a title).
    seen += label_from_pixels(figure, panels, letters + stray, ink, named, cfg)
    panels = split_merged(panels, seen, ink, s, cfg.min_small_panel_area * s * s)
    # Letters read in the pixels are print however bold their strokes: painted out.
    read = [box for _, box in seen] + label_inside(figure, panels, named, cfg)
    fill_sequence(panels, named)
    panels += letter_cells(panels, seen, ink, named, s, cfg)
    panels = join_mosaics(panels, cfg.join_gap * s)
    panels = join_cells(panels, [b for b in loose if not _read(b, seen)],
                         cfg.letter_reach * s, round(2 * s))
    panels = join_placements(figure, panels, named, round(2 * s))
    # Folding text grows boxes: an unlettered piece can end up inside a panel.
    panels = [b for b in panels if b.letter or b in drop_contained(panels, round(2 * s))]

    panels.sort(key=lambda b: reading_order(b.box, s))
    words = [figure.to_pixels(w) for w in figure.word_boxes]
    clean = _paint_out_words(image, words)
    recorded = _recorded(figure)
    out = []
    for b in panels:
        labels = [t for t in b.texts if _printed(t, s)] if b.image else []
        if labels:
            # Row and lane labels, kDa markers beside an image describe it: its panel
            # is the image with them, as printed; the labels are painted out below.
            # Specks and hairlines along its edges (anti-aliasing, JPEG ringing) are
            # the image's own, no labels: they neither grow it nor are painted.
            b.box = union_box([b.box, *labels])
            read = read + labels
        x0, y0, x1, y1 = b.box
        if x1 <= x0 or y1 <= y0:
            # A blob squeezed to nothing by the steps above: no panel, and no reason
            # to fail the figure for it.
            log.debug("figure %s p%d: empty panel box %s dropped", figure.number,
                      figure.page, b.box)
            continue
        crop = clean[y0:y1, x0:x1]
        printed = overlay_mask(crop, s) | _within(read, b.box, round(s))
        pixels = paint_out(crop, printed)
        content = classify_panel(pixels, s,
                                 None if recorded is None else recorded[y0:y1, x0:x1])
        text_boxes = _text_boxes(figure, b, printed, words)
        out.append(Panel(file=figure.file, figure=figure.number,
                         label=b.letter.upper() if b.letter else None, page=figure.page,
                         bbox=figure.to_page(b.box), image=pixels, content=content,
                         category=panel_category(pixels, content, s, text_boxes),
                         text_boxes=text_boxes))
    return out


#: Height, in points, of the smallest print beside an image that is read as a label
#: (about the x-height of 4-pt type); lower marks are specks.
_MIN_PRINT_HEIGHT = 2.0


def _printed(box: tuple[int, int, int, int], s: float) -> bool:
    """Whether a mark folded in beside an image can be print (a label, a marker): of
    the smallest legible type's height and wider than a hairline, as
    :func:`_letter_shaped` judges a stroke. A speck or a one-pixel line hugging an
    image's edge is its anti-aliasing or JPEG ringing."""
    w, h = box[2] - box[0], box[3] - box[1]
    return h >= _MIN_PRINT_HEIGHT * s and w >= max(2, 0.08 * h)


def _read(b: Blob, seen: list[tuple[str, tuple]]) -> bool:
    """Whether a blob is (or holds) a letter already read."""
    return any(overlaps(b.box, box) for _, box in seen)


def _within(boxes: list[tuple[int, int, int, int]], box: tuple[int, int, int, int],
            grow: int) -> np.ndarray:
    """Mask, over ``box``, of the parts of ``boxes`` inside it, each grown by ``grow``
    pixels (a glyph's anti-aliased edge)."""
    x0, y0, x1, y1 = box
    out = np.zeros((y1 - y0, x1 - x0), bool)
    for bx0, by0, bx1, by1 in boxes:
        if overlaps((bx0, by0, bx1, by1), box):
            out[max(0, by0 - grow - y0):max(0, by1 + grow - y0),
                max(0, bx0 - grow - x0):max(0, bx1 + grow - x0)] = True
    return out


def _text_boxes(figure: Figure, b: Blob, printed: np.ndarray,
                words: list[tuple[int, int, int, int]]) -> tuple:
    """Page boxes of the print over or beside a panel: text-layer words touching it
    (``words``: the figure's word boxes in pixels, in order), text folded into it or
    set beside its image, and print found in its pixels."""
    x0, y0 = b.box[0], b.box[1]
    boxes = [w for w, px in zip(figure.word_boxes, words, strict=True) if overlaps(px, b.box)]
    boxes += [figure.to_page(t) for t in b.texts]
    if printed.any():
        n, _, stats, _ = cv2.connectedComponentsWithStats(printed.astype(np.uint8), connectivity=8)
        boxes += [figure.to_page((x0 + x, y0 + y, x0 + x + w, y0 + y + h))
                  for x, y, w, h, _a in stats[1:n].tolist()]
    return tuple(boxes)


def _recorded(figure: Figure) -> np.ndarray | None:
    """Pixels of the figure drawn by an embedded image (its :attr:`Figure.raster_boxes`),
    the rest being vector drawing; None when the figure does not say."""
    if figure.raster_boxes is None:
        return None
    h, w = figure.image.shape[:2]
    mask = np.zeros((h, w), bool)
    for box in figure.raster_boxes:
        x0, y0, x1, y1 = figure.to_pixels(box)
        # A pixel more each way: the image's own edge is rounded to the pixel grid.
        mask[max(0, y0 - 1):max(0, y1 + 1), max(0, x0 - 1):max(0, x1 + 1)] = True
    return mask


def _paint_out_words(image: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    """The image with the text layer's words painted over from their surroundings.

    Identical labels ("GAPDH", "DAPI", tick numbers) set in the same font would
    otherwise make unrelated panels match; a panel's evidence is its image data.
    """
    if not boxes:
        return image
    out = image.copy()
    h, w = image.shape[:2]
    for x0, y0, x1, y1 in boxes:
        x0, y0, x1, y1 = max(0, x0 - 1), max(0, y0 - 1), min(w, x1 + 1), min(h, y1 + 1)
        if x1 <= x0 or y1 <= y0:
            continue
        # The box's own border is its surroundings: fill it with their median colour.
        ring = np.concatenate([image[y0, x0:x1], image[y1 - 1, x0:x1],
                               image[y0:y1, x0], image[y0:y1, x1 - 1]])
        out[y0:y1, x0:x1] = np.median(ring, axis=0).astype(np.uint8)
    return out


def _blobs(ink: np.ndarray, radius: int) -> list[Blob]:
    """Bounding boxes of the ink's connected parts after joining gaps up to 2 * radius."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * radius + 1, 2 * radius + 1))
    joined = cv2.dilate(ink.astype(np.uint8), kernel)
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    blobs = []
    h, w = ink.shape
    for x, y, bw, bh, _area in stats[1:n]:
        # Undo the dilation on the box (clipped to the image).
        x0, y0 = min(w, x + radius), min(h, y + radius)
        x1, y1 = max(x0 + 1, x + bw - radius), max(y0 + 1, y + bh - radius)
        blobs.append(Blob((int(x0), int(y0), int(x1), int(y1))))
    return blobs


def _separator(b: Blob, s: float, shape: tuple[int, ...]) -> bool:
    """Whether a blob is a rule set between panels: a line at most 2 pt thick (a
    hairline, its anti-aliasing included), over a quarter of the figure's side along
    it or more (text is never that long and thin; a chart's own axes are part of its
    blob)."""
    thin = max(2, round(2 * s))
    if b.width <= thin:
        return b.height >= 0.25 * shape[0]
    return b.height <= thin and b.width >= 0.25 * shape[1]


#: Share of the figure's side a rule must run along to be erased as a frame or a
#: separator: a chart's axis can run along most of a figure one row high.
ACROSS = 0.95


def _erase_rules(ink: np.ndarray, s: float) -> np.ndarray:
    """Remove thin straight lines across the whole figure (a frame around it, separators
    between rows): they join panels into one blob and are no panel's content."""
    h, w = ink.shape
    thin = max(2, round(1.5 * s))
    out = ink.copy()
    # Only lines across nearly the whole figure: a chart's axes are long thin lines too.
    for transposed, length, across in ((False, int(ACROSS * w), (thin + 1, 1)),
                                       (True, int(ACROSS * h), (1, thin + 1))):
        if length < 20:
            continue
        lines = _long_rows(ink.T, length).T if transposed else _long_rows(ink, length)
        if not lines.any():
            continue
        # Thin means thin in the ink, not among the long runs: a column of a dark
        # micrograph as tall as the figure, between columns broken by a bright cell,
        # is a long run with ink on both sides, and no rule.
        thick = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_OPEN,
                                 cv2.getStructuringElement(cv2.MORPH_RECT, across[::-1]),
                                 borderType=cv2.BORDER_CONSTANT, borderValue=0)
        out &= ~(lines & ~thick.astype(bool))
    return out


def _long_rows(ink: np.ndarray, length: int) -> np.ndarray:
    """The pixels of ``ink`` in unbroken horizontal runs at least ``length`` long (an
    opening by a 1 x ``length`` rectangle, with outside the image as background, but
    with only the rows that hold that much ink looked at)."""
    lines = np.zeros(ink.shape, bool)
    if length < 1:
        return lines
    for row in np.flatnonzero(np.count_nonzero(ink, axis=1) >= length):
        for start, end in runs(ink[row]):
            if end - start >= length:
                lines[row, start:end] = True
    return lines


def _inner_letters(figure: Figure, panels: list[Blob], strong: np.ndarray, named: set[str],
                   cfg: PanelConfig) -> list[tuple[str, tuple[int, int, int, int]]]:
    """Panel letters standing inside a blob: several panels that touch each other
    (tiled micrographs, a frame) with their letters set in the corners."""
    s = figure.scale
    found: list[tuple[str, tuple[int, int, int, int]]] = []
    for letter, page_box in figure.text_labels:
        if plausible(letter, named):
            found.append((letter, figure.to_pixels(page_box)))
    words = [figure.to_pixels(b) for b in figure.word_boxes]
    budget = ReadBudget(named)
    for p in panels:
        x0, y0, x1, y1 = p.box
        inside = strong[y0:y1, x0:x1]  # a view: the tests below copy what they change
        area = inside.astype(np.uint8)
        n, _, stats, _ = cv2.connectedComponentsWithStats(area, connectivity=8)
        for gx, gy, gw, gh, _a in stats[1:n].tolist():
            if not (cfg.letter_min_height * s <= gh <= cfg.letter_max_height * s
                    and gw <= 1.4 * gh and gw >= 0.2 * gh):
                continue
            # A label stands alone: no other ink just left, right, above or below it
            # (but its brackets or full stop). In graphics, small words are set loosely
            # (a heat map's gene names): nor a glyph of its size on its line near it.
            glyph_box = (gx, gy, gx + gw, gy + gh)
            if not alone_but_decorated(inside, glyph_box, max(2, gh // 2), 0.01):
                continue
            if not p.image and in_a_word(inside, glyph_box):
                continue
            box = (x0 + gx, y0 + gy, x0 + gx + gw, y0 + gy + gh)
            if any(overlaps(box, b) for _, b in found) or any(overlaps(box, w) for w in words):
                continue
            glyph = area[gy : gy + gh, gx : gx + gw].astype(bool)
            crop = figure.image[box[1] : box[3], box[0] : box[2]]
            letter, _score, how = budget.read(glyph, crop, cfg)
            if letter is not None and plausible(letter, named, how) and how != "bar":
                found.append((letter, box))
        if p.image:
            found += _light_letters(figure, p, found, words, budget, named, cfg)
    return found


def _light_letters(figure: Figure, p: Blob, found: list, words: list, budget: ReadBudget,
                   named: set[str], cfg: PanelConfig) -> list[tuple[str, tuple]]:
    """Light letters standing alone on a dark image (tiles of micrographs)."""
    x0, y0, x1, y1 = p.box
    region = figure.image[y0:y1, x0:x1]
    if np.median(region) >= 110:
        return []
    out: list[tuple[str, tuple]] = []
    for (gx0, gy0, gx1, gy1), glyph in glyphs_in(region, figure.scale, cfg):
        box = (x0 + gx0, y0 + gy0, x0 + gx1, y0 + gy1)
        if any(overlaps(box, b) for _, b in found + out) or any(overlaps(box, w) for w in words):
            continue
        crop = np.ascontiguousarray(255 - region[gy0:gy1, gx0:gx1])
        letter, _score, how = budget.read(glyph, crop, cfg)
        if letter is not None and plausible(letter, named, how) and how != "bar":
            out.append((letter, box))
    return out


def _peel_glyph_rows(b: Blob, strong: np.ndarray, s: float, cfg: PanelConfig) -> list[Blob]:
    """Split off a row of glyphs joined to the top or bottom of a blob by faint ink.

    JPEG ringing around a dark panel reaches a few pixels into the white gutter and
    can bridge the gap to the letter of the panel below. Where the blob's strong ink
    has an empty band and the part beyond it is a short, narrow row (a letter or a
    label), that part is a blob of its own.
    """
    x0, y0, x1, y1 = b.box
    if b.height < 2 * cfg.letter_min_height * s:
        return [b]
    rows = np.any(strong[y0:y1, x0:x1], axis=1)
    max_h = round(cfg.letter_max_height * s)
    out = [b]
    # Bottom: the last empty band with only a short row of ink after it.
    empty = np.nonzero(~rows)[0]
    tail = [y for y in empty if 2 <= len(rows) - y <= max_h and rows[y + 1 :].any()]
    if tail:
        cut = tail[0]
        part = strong[y0 + cut : y1, x0:x1]
        if part.any(axis=0).mean() < 0.3 and rows[:cut].any():
            top_end = int(np.nonzero(rows[:cut])[0][-1]) + 1
            out = [Blob((x0, y0, x1, y0 + top_end)), Blob(_ink_box(part, x0, y0 + cut))]
    # Top: a short row of ink, then an empty band, then the panel.
    first = out[0]
    fx0, fy0, fx1, fy1 = first.box
    rows = np.any(strong[fy0:fy1, fx0:fx1], axis=1)
    empty = np.nonzero(~rows)[0]
    head = [y for y in empty if 2 <= y <= max_h and rows[:y].any() and rows[y:].any()]
    if head:
        cut = head[-1]
        part = strong[fy0:fy0 + cut, fx0:fx1]
        if part.any(axis=0).mean() < 0.3:
            start = cut + int(np.nonzero(rows[cut:])[0][0])
            out = [Blob(_ink_box(part, fx0, fy0)), Blob((fx0, fy0 + start, fx1, fy1))] + out[1:]
    return out


def _ink_share(ink: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """Share of a box's pixels that are ink (the mean of the mask, counted)."""
    part = ink[box[1]:box[3], box[0]:box[2]]
    return np.count_nonzero(part) / part.size if part.size else float("nan")


def _ink_box(mask: np.ndarray, dx: int, dy: int) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask)
    return (dx + int(xs.min()), dy + int(ys.min()), dx + int(xs.max()) + 1, dy + int(ys.max()) + 1)


def _undecorated(b: Blob, strong: np.ndarray, s: float, cfg: PanelConfig) -> Blob:
    """A small blob that is a decorated label ("(a)", "B.") as its letter's blob;
    any other blob as it is."""
    h = b.height / s
    if not (cfg.letter_min_height <= h <= 1.4 * cfg.letter_max_height
            and 1.4 * b.height < b.width <= 3.5 * b.height):
        return b
    x0, y0, x1, y1 = b.box
    core = decorated_core(strong[y0:y1, x0:x1])
    if core is None:
        return b
    return Blob((x0 + core[0], y0 + core[1], x0 + core[2], y0 + core[3]))


def _letter_shaped(b: Blob, s: float, cfg: PanelConfig) -> bool:
    """Of a letter's height and width; a 1-pixel line (the edge of an image left over
    by JPEG ringing) is no printed stroke."""
    h = b.height / s
    return (cfg.letter_min_height <= h <= cfg.letter_max_height
            and max(2, 0.08 * b.height) <= b.width <= 1.4 * b.height)


def _fold_text(panels: list[Blob], text: list[Blob], gap: float) -> list[Blob]:
    """Grow panels over text that sits right next to them (axis labels, titles);
    return the pieces next to no panel."""
    left = []
    for t in sorted(text, key=lambda b: b.width * b.height, reverse=True):
        best, best_d = None, gap
        for p in panels:
            dx = max(p.box[0] - t.box[2], t.box[0] - p.box[2], 0)
            dy = max(p.box[1] - t.box[3], t.box[1] - p.box[3], 0)
            if max(dx, dy) <= best_d:
                best, best_d = p, max(dx, dy)
        if best is not None and best.image:
            best.texts.append(t.box)  # an image's box stays exact: its labels are beside it
        elif best is not None:
            best.box = (min(best.box[0], t.box[0]), min(best.box[1], t.box[1]),
                        max(best.box[2], t.box[2]), max(best.box[3], t.box[3]))
            best.texts.append(t.box)
        else:
            left.append(t)
    return left


#: A blob this many times wider than high, and inked over this share (a chart is mostly
#: page white), is a blot strip to the stacking rule.
_STRIP_ASPECT, _STRIP_INK = 2.5, 0.5


def _join_stacks(panels: list[Blob], letters: list[Blob], gap: float, strip_gap: float,
                 align: float, strip: Callable[[Blob], bool]) -> list[Blob]:
    """Join blobs stacked right on top of each other with the same left and right edges
    (the strips of one blot) unless a letter stands between them: up to ``gap`` apart,
    or ``strip_gap`` when both are image strips (``strip``: a tall blot spaces its
    strips wider; wide charts stacked that close are separate panels)."""
    panels = sorted(panels, key=lambda b: (b.box[1], b.box[0]))
    stacks: set[int] = set()  # blobs joined from strips: still strips to this rule
    joined = True
    while joined:
        joined = False
        for i, a in enumerate(panels):
            for b in panels[i + 1 :]:
                strips = strip(b) and (strip(a) or id(a) in stacks)
                if not (0 <= b.box[1] - a.box[3] <= (strip_gap if strips else gap)):
                    continue
                overlap = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
                narrower = min(a.width, b.width)
                if overlap < narrower - align and overlap < 0.85 * narrower:
                    continue
                between = (a.box[0] - gap, a.box[3], a.box[2], b.box[1] + gap)
                if any(overlaps(t.box, between) for t in letters):
                    continue
                a.box = (min(a.box[0], b.box[0]), a.box[1], max(a.box[2], b.box[2]), b.box[3])
                a.image, a.texts = a.image and b.image, a.texts + b.texts
                if strips:
                    stacks.add(id(a))
                panels.remove(b)
                joined = True
                break
            if joined:
                break
    return panels


