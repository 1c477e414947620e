"""Panel letters: which printed letter names which panel.

A compound figure's panels are named by letters ("A", "b") printed near their
top-left corners: in the PDF text layer, drawn as glyphs beside the panel, or
burned into the image's pixels. Given the letters the caption names
(:mod:`forensics.caption_letters`), this module reads glyphs (templates, then OCR,
at most a few OCR calls per figure: :class:`ReadBudget`) and gives each letter to the
panel whose corner it stands at (:func:`assign_letters`), filling gaps in the sequence from
reading order (:func:`fill_sequence`). A letter the caption names and the figure shows
is not lost when no panel takes it: it gets the ink of its cell (:func:`letter_cells`).

Boxes here are pixel boxes ``(x0, y0, x1, y1)`` of the rendered figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from forensics.geometry import mirrored
from forensics.letters import match_template, read_letter
from forensics.model import Figure
from forensics.pixels import darkest_channel
from forensics.settings import PanelConfig


@dataclass
class Blob:
    """A piece of a figure on its way to becoming a panel (or text).

    ``image`` marks an exact rectangle of image data (:mod:`forensics.rects`), whose box
    text is never folded into; ``texts`` are the pixel boxes of printed text over or
    beside it.
    """

    box: tuple[int, int, int, int]  # pixels x0, y0, x1, y1 (exclusive)
    letter: str | None = None
    image: bool = False
    texts: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]


class ReadBudget:
    """Reads glyphs with :func:`read_letter`, but asks the slow OCR engine at most a few
    times per figure: a figure has many stray glyphs and only a handful of letters."""

    def __init__(self, named: set[str]):
        self.named = named
        self.ocr_left = len(named) + 3 if named else 8

    def read(self, glyph: np.ndarray, crop: np.ndarray, cfg: PanelConfig):
        if self.ocr_left <= 0:
            letter, score = match_template(glyph)
            if letter and score >= cfg.template_threshold:
                return letter, score, "template"
            return None, score, "none"
        letter, score, how = read_letter(glyph, crop, cfg.template_threshold,
                                         cfg.ocr_threshold, self.named)
        if how in ("ocr", "bar", "none", "agreed"):
            self.ocr_left -= 1
        return letter, score, how


def _is_decoration(part: tuple, glyph: tuple) -> bool:
    """Whether ink ``part`` is the decoration of the letter ``glyph`` (both boxes
    ``(x0, y0, x1, y1)``): a bracket beside it, at least as tall, far narrower and
    reaching below its baseline (a letter beside it, an "l" or a "b", stands on the
    baseline), or a full stop after it, a dot on its baseline."""
    h = glyph[3] - glyph[1]
    ph, pw = part[3] - part[1], part[2] - part[0]
    left, right = part[2] <= glyph[0] + 1, part[0] >= glyph[2] - 1
    beside = min(part[3], glyph[3]) - max(part[1], glyph[1]) >= 0.6 * h
    below = part[3] >= glyph[3] + max(1.0, 0.08 * h)
    bracket = ph >= 0.8 * h and pw <= 0.5 * ph and beside and below and (left or right)
    stop = ph <= 0.4 * h and pw <= 0.4 * h and abs(part[3] - glyph[3]) <= 0.25 * h and right
    return bracket or stop


def _units(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes of a small mask's connected parts, parts one above the other (the dot and
    stem of an "i") joined."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    boxes = [[x, y, x + w, y + h] for x, y, w, h, _a in stats[1:n].tolist()]
    boxes.sort(key=lambda b: b[0])
    out: list[list[int]] = []
    for b in boxes:
        if out:
            a = out[-1]
            if min(a[2], b[2]) - max(a[0], b[0]) >= 0.5 * min(a[2] - a[0], b[2] - b[0]):
                a[:] = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
                continue
        out.append(list(b))
    return [(a[0], a[1], a[2], a[3]) for a in out]


def decorated_core(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    """The letter inside a printed label token such as "(a)", "B." or "c)": the box of
    its one glyph, relative to ``mask``, when every other part of the token is a bracket
    or a full stop around it (:func:`_is_decoration`); None otherwise. An opening
    bracket needs its closing one: "(A" is more likely a word than a label."""
    units = _units(mask)
    if len(units) < 2:
        return None
    glyph = max(units, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]) * min(
        1.0, (b[2] - b[0]) / max(1, 0.5 * (b[3] - b[1]))))
    rest = [u for u in units if u != glyph]
    if not all(_is_decoration(u, glyph) for u in rest):
        return None
    opening = [u for u in rest if u[2] <= glyph[0] + 1]
    closing = [u for u in rest if u[0] >= glyph[2] - 1]
    if len(opening) > 1 or len(closing) > 2 or (opening and not closing):
        return None
    return glyph


def alone_but_decorated(mask: np.ndarray, box: tuple[int, int, int, int], margin: int,
                        tolerance: float) -> bool:
    """Whether the glyph at ``box`` in ``mask`` stands alone: no other ink within
    ``margin`` pixels around it (at most a ``tolerance`` share of the ring), brackets
    and a full stop around it apart (a label printed "(a)" or "a.")."""
    x0, y0, x1, y1 = box
    top, left = max(0, y0 - margin), max(0, x0 - margin)
    ring = mask[top:y1 + margin, left:x1 + margin].copy()
    ring[y0 - top:y1 - top, x0 - left:x1 - left] = False
    if ring.mean() <= tolerance:
        return True
    glyph = (x0 - left, y0 - top, x1 - left, y1 - top)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ring.astype(np.uint8), connectivity=8)
    for k, (x, y, w, h, _a) in enumerate(stats[1:n].tolist(), start=1):
        if _is_decoration((x, y, x + w, y + h), glyph):
            ring[labels == k] = False
    return bool(ring.mean() <= tolerance)


def in_a_word(mask: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Whether the glyph at ``box`` in ``mask`` has a glyph of about its height on its
    line, within its own height left or right of it: one letter of a loosely set word
    ("TNF" in a heat map's gene names), not a label. A bracket reaching below the line
    is no such neighbour; an arrow or a frame line, of another height, is none either."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    left, top = max(0, x0 - h - 1), max(0, y0 - h)
    window = mask[top:y1 + h, left:x1 + h + 1].copy()
    window[y0 - top:y1 - top, x0 - left:x1 - left] = False
    glyph = (x0 - left, y0 - top, x1 - left, y1 - top)
    n, _, stats, _ = cv2.connectedComponentsWithStats(window.astype(np.uint8), connectivity=8)
    for x, y, w, ph, _a in stats[1:n].tolist():
        part = (x, y, x + w, y + ph)
        level = min(part[3], glyph[3]) - max(part[1], glyph[1]) >= 0.6 * h
        if (0.5 * h <= ph <= 1.5 * h and level and w <= 1.6 * ph
                and not _is_decoration(part, glyph)):
            return True
    return False


def boxed_glyph(mask: np.ndarray) -> np.ndarray | None:
    """The letter cut out of a filled box (a label set on a small white or black
    square): the holes of a mostly filled mask with four full edges, as a mask of the
    same shape; None when ``mask`` is not a filled box with a hole."""
    if mask.size == 0 or mask.mean() < 0.6:
        return None
    # A box has four straight, full edges; a bold "D" or "O" with its counter does not.
    if min(mask[0].mean(), mask[-1].mean(), mask[:, 0].mean(), mask[:, -1].mean()) < 0.9:
        return None
    holes = ~mask
    n, labels, stats, _ = cv2.connectedComponentsWithStats(holes.astype(np.uint8), connectivity=8)
    rows, cols = mask.shape
    out = np.zeros_like(mask)
    for k, (x, y, w, h, _a) in enumerate(stats[1:n].tolist(), start=1):
        if x > 0 and y > 0 and x + w < cols and y + h < rows and h >= 0.4 * rows:
            out |= labels == k
    return out if out.any() else None


def corner_cost(letter: tuple, panel: tuple, s: float, cfg: PanelConfig) -> float | None:
    """Distance from a letter to a panel's top-left corner, or None when out of reach.

    A letter belongs above-left of its panel, or just inside its top-left corner."""
    reach = cfg.letter_reach * s
    cx, cy = (letter[0] + letter[2]) / 2, (letter[1] + letter[3]) / 2
    px0, py0, px1, py1 = panel
    if not (px0 - reach <= cx <= px0 + min(reach, 0.35 * (px1 - px0))):
        return None
    # Beside a short panel (a blot strip) a letter level with its top edge reaches
    # below a third of its height.
    if not (py0 - reach <= cy <= py0 + max(min(reach, 0.35 * (py1 - py0)),
                                            letter[3] - letter[1])):
        return None
    return float(np.hypot(cx - px0, cy - py0))


def _centre_inside(box: tuple, panel: tuple) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return panel[0] <= cx <= panel[2] and panel[1] <= cy <= panel[3]


def _inner_corner_cost(letter: tuple, panel: tuple, s: float, cfg: PanelConfig
                       ) -> float | None:
    """Distance from a letter inside a panel to the nearest of the panel's corners, or
    None when the letter is not inside it within reach of a corner."""
    cx, cy = (letter[0] + letter[2]) / 2, (letter[1] + letter[3]) / 2
    px0, py0, px1, py1 = panel
    if not (px0 <= cx <= px1 and py0 <= cy <= py1):
        return None
    dx, dy = min(cx - px0, px1 - cx), min(cy - py0, py1 - cy)
    reach = cfg.letter_reach * s
    if dx > min(reach, 0.35 * (px1 - px0)) or dy > min(reach, 0.35 * (py1 - py0)):
        return None
    return float(np.hypot(dx, dy))


def near_corner(b: Blob, panels: list[Blob], s: float, cfg: PanelConfig) -> bool:
    return any(corner_cost(b.box, p.box, s, cfg) is not None for p in panels)


def reading_order(box: tuple, s: float) -> tuple[int, int]:
    """Sort key of a pixel box in reading order: rows (20 pt bands), then left to right."""
    return round(box[1] / (20 * s)), box[0]


#: Corners a figure may set its letters at (mirror x, mirror y): top left first.
_CORNERS = ((False, False), (True, False), (False, True), (True, True))
#: Share of the letters found that another corner than the top left must give a
#: panel to be taken as the figure's style, and how many at least: two letters
#: beside a column gap or a row gap stand near a corner of either neighbour.
_STYLE_SHARE = 0.75
_STYLE_LETTERS = 3
#: Placing as many letters as the top left, another corner is the figure's style when
#: its letters stand nearer their corners than this share of the top left's distance.
_NEARER = 0.5


def _claims(panels: list[Blob], found: list[tuple[str, tuple]], s: float, cfg: PanelConfig,
            flip_x: bool, flip_y: bool) -> tuple[dict[int, int], float]:
    """Panel index -> letter index, for letters set at one corner of their panels
    (the top left, mirrored by ``flip_x`` and ``flip_y``), nearest first; and the mean
    distance (pixels) of the letters given from their corners."""
    pairs = []
    for i, (_letter, box) in enumerate(found):
        # A letter printed over an image names that image, whatever stands near it
        # (a graphics blob's box is looser: it may span its neighbours' letters).
        over = [p for p in panels if p.image and _centre_inside(box, p.box)]
        for j, p in enumerate(panels):
            if p.letter is None and (not over or p in over):
                cost = corner_cost(mirrored(box, flip_x, flip_y),
                                   mirrored(p.box, flip_x, flip_y), s, cfg)
                if cost is not None:
                    pairs.append((cost, i, j))
    for i, (_letter, box) in enumerate(found):
        # A letter standing inside an image, in any of its corners (a micrograph's
        # letter set bottom-right): after every claim at the figure's corner.
        for j, p in enumerate(panels):
            if p.letter is None and p.image:
                cost = _inner_corner_cost(box, p.box, s, cfg)
                if cost is not None:
                    pairs.append((cost + cfg.letter_reach * s, i, j))
    claims: dict[int, int] = {}
    costs = []
    for cost, i, j in sorted(pairs):
        if i not in claims.values() and j not in claims:
            claims[j] = i
            costs.append(cost)
    return claims, float(np.mean(costs)) if costs else 0.0


def assign_letters(panels: list[Blob], found: list[tuple[str, tuple]], s: float,
            cfg: PanelConfig) -> None:
    """Give letters (with pixel boxes) to unlabelled panels, nearest corners first.

    A figure sets its letters at one corner of its panels, as a rule the top left.
    Another corner is the figure's style when three or more, nearly all the letters
    found, stand at it, and more of them find a panel there, in reading order, than
    at the top left (or as many, standing much nearer their corners):
    a letter set below-left of its panel stands above-left of the panel under it, but
    then the last panel has none, and the letters run out of order."""
    order = sorted(range(len(panels)), key=lambda j: reading_order(panels[j].box, s))
    best: tuple[int, float, dict[int, int]] | None = None
    for rank, (flip_x, flip_y) in enumerate(_CORNERS):
        claims, distance = _claims(panels, found, s, cfg, flip_x, flip_y)
        if rank == 0:
            claims |= _far_claims(panels, found, claims, s, cfg)
        elif len(claims) < max(_STYLE_LETTERS, _STYLE_SHARE * len(found)):
            continue  # the figure's style places (nearly) all its letters
        named = [(found[claims[j]][0] if j in claims else panels[j].letter or "").upper()
                 for j in order]
        named = [letter for letter in named if letter]
        score = len(claims) - sum(a > b for a, b in zip(named, named[1:]))
        # As many letters placed: the top left, unless the letters stand far nearer
        # another corner (under each panel, not above the next one down).
        if best is None or score > best[0] or (
                score == best[0] and distance < _NEARER * best[1]):
            best = (score, distance, claims)
    for j, i in (best[2] if best else {}).items():
        panels[j].letter = found[i][0]


def _far_claims(panels: list[Blob], found: list[tuple[str, tuple]], claims: dict[int, int],
                s: float, cfg: PanelConfig) -> dict[int, int]:
    """Letters set further off (a title or a legend between a letter and its panel):
    each to the nearest free panel below and to the right of it, unless a panel has
    the letter already."""
    given = {p.letter.upper() for p in panels if p.letter}
    given |= {found[i][0].upper() for i in claims.values()}
    far = cfg.far_letter_reach * s
    out: dict[int, int] = {}
    for i, (letter, box) in enumerate(found):
        if i in claims.values() or letter.upper() in given:
            continue
        free = [j for j, p in enumerate(panels) if p.letter is None and j not in claims
                and j not in out and p.box[0] >= box[0] - (box[2] - box[0])
                and p.box[1] >= box[1]]
        near = [(d, j) for j in free
                if (d := np.hypot(panels[j].box[0] - box[0], panels[j].box[1] - box[1])) <= far]
        if near:
            out[min(near)[1]] = i
            given.add(letter.upper())
    return out


def label_from_text_layer(figure: Figure, panels: list[Blob], named: set[str],
                           cfg: PanelConfig) -> list[tuple[str, tuple]]:
    """Give the text layer's letters to panels; returns every plausible letter read."""
    found = [(letter, figure.to_pixels(box)) for letter, box in figure.text_labels
             if plausible(letter, named)]
    assign_letters(panels, found, figure.scale, cfg)
    return found


def plausible(letter: str | None, named: set[str], how: str = "") -> bool:
    """A letter the caption names (any letter when the caption names none); a bare
    stroke only when the caption names an "I" or an "L" (it could be a tick label "1")."""
    if not letter:
        return False
    if how == "bar":
        return bool(named & {"I", "L"})
    return not named or letter.upper() in named


def label_from_pixels(figure: Figure, panels: list[Blob], letters: list[Blob],
                       ink: np.ndarray, named: set[str], cfg: PanelConfig
                       ) -> list[tuple[str, tuple]]:
    """Read glyphs beside panels and give them to panels; returns every plausible
    letter read."""
    if all(p.letter for p in panels):
        return []
    words = [figure.to_pixels(box) for box in figure.word_boxes]
    budget = ReadBudget(named)
    found = []
    # Nearest to a panel corner first: those are the likeliest letters, and the
    # OCR budget should be spent on them before stray symbols.
    s = figure.scale
    letters = sorted(letters, key=lambda b: min(
        (c for p in panels if (c := corner_cost(b.box, p.box, s, cfg)) is not None),
        default=float("inf")))
    for b in letters:
        if any(overlaps(b.box, t) for t in words):
            continue  # text-layer glyphs: letters among them came from the text layer
        box = _whole_glyph(b.box, ink, s, cfg)
        if box is None:
            continue
        x0, y0, x1, y1 = box
        crop = figure.image[y0:y1, x0:x1]
        glyph = ink[y0:y1, x0:x1]
        letter, _score, how = budget.read(glyph & _core(crop), crop, cfg)
        if how == "skipped":  # its core like no named letter: try it as clustered
            letter, _score, how = budget.read(glyph, crop, cfg)
        if plausible(letter, named, how):
            found.append((letter, box))
    assign_letters(panels, found, figure.scale, cfg)
    return found


def _whole_glyph(box: tuple[int, int, int, int], ink: np.ndarray, s: float,
                 cfg: PanelConfig) -> tuple[int, int, int, int] | None:
    """The box of the whole ink part a glyph's box holds: a letter printed over the edge
    of an image rectangle was clustered without the part inside it ("B" cut to "E").
    None when the whole part is not a glyph standing alone (the first letter of a word
    whose rest lies over the image)."""
    x0, y0, x1, y1 = box
    m = y1 - y0
    ox, oy = max(0, x0 - m), max(0, y0 - m)
    area = ink[oy:y1 + m, ox:x1 + m].astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(area, connectivity=8)
    parts = np.unique(labels[y0 - oy:y1 - oy, x0 - ox:x1 - ox])
    parts = parts[parts > 0]
    if len(parts) == 0:
        return box
    gx0 = min(stats[k, 0] for k in parts)
    gy0 = min(stats[k, 1] for k in parts)
    gx1 = max(stats[k, 0] + stats[k, 2] for k in parts)
    gy1 = max(stats[k, 1] + stats[k, 3] for k in parts)
    whole = (ox + int(gx0), oy + int(gy0), ox + int(gx1), oy + int(gy1))
    if whole == tuple(box):
        return box
    h, w = gy1 - gy0, gx1 - gx0
    if h > cfg.letter_max_height * s or w > 1.4 * h:
        return None
    # Cut by an image's edge, it was not seen whole: no other ink within half its height
    # (but its brackets or full stop).
    return whole if alone_but_decorated(ink, whole, max(2, h // 2), 0.01) else None


def _core(crop: np.ndarray) -> np.ndarray:
    """A dark glyph's pixels darker than half-way between its paper and its ink: the
    shape the templates were drawn at. Antialiased edges counted as ink fatten a small
    glyph ("b" 0.89 at mid-tone, 0.74 at every pixel off white)."""
    dark = darkest_channel(crop)
    return dark < (int(dark.min()) + int(dark.max())) / 2


def letter_cells(panels: list[Blob], seen: list[tuple[str, tuple]], ink: np.ndarray,
                 named: set[str], s: float, cfg: PanelConfig) -> list[Blob]:
    """Panels for letters the caption names and the figure shows that no panel took.

    A letter stands at the top-left of its panel: its panel is the ink not yet in any
    panel from the letter right to the next letter in its row, and down to the next
    letter below it (or the figure's edges). Tables, text panels and panels too faint
    or too clipped to be found from their ink alone are kept this way.
    """
    have = {p.letter.upper() for p in panels if p.letter}
    letters: dict[str, tuple] = {}
    for letter, box in seen:
        letters.setdefault(letter.upper(), box)
    free = ink.copy()
    for p in panels:
        free[p.box[1]:p.box[3], p.box[0]:p.box[2]] = False
    for _letter, (x0, y0, x1, y1) in letters.items():
        free[y0:y1, x0:x1] = False
    out: list[Blob] = []
    rows, cols = ink.shape
    for letter, (x0, y0, x1, y1) in sorted(letters.items()):
        if letter in have or (named and letter not in named):
            continue
        h = y1 - y0
        others = [b for k, b in letters.items() if k != letter]
        right = min([b[0] for b in others if b[0] > x1 and b[1] < y1 + h and b[3] > y0 - h],
                    default=cols)
        bottom = min([b[1] for b in others if b[1] > y1 and x0 - 2 * h < b[0] < right],
                     default=rows)
        cx0, cy0 = max(0, x0 - h), y0
        area = free[cy0:bottom, cx0:right]
        ys, xs = np.nonzero(area)
        if len(ys) == 0:
            continue
        box = (cx0 + int(xs.min()), cy0 + int(ys.min()), cx0 + int(xs.max()) + 1,
               cy0 + int(ys.max()) + 1)
        if min(box[2] - box[0], box[3] - box[1]) < cfg.min_small_panel_side * s:
            continue
        out.append(Blob(box, letter=letter))
        free[box[1]:box[3], box[0]:box[2]] = False
    return out


def fill_sequence(panels: list[Blob], named: set[str]) -> None:
    """Fill unlabelled panels lying between two labelled ones in reading order, when the
    number of panels between them equals the number of letters missing between them and
    the caption names those letters."""
    order = sorted(panels, key=lambda b: (b.box[1], b.box[0]))
    rows: list[list[Blob]] = []
    for b in order:
        if rows and abs(rows[-1][0].box[1] - b.box[1]) < 0.5 * rows[-1][0].height:
            rows[-1].append(b)
        else:
            rows.append([b])
    seq = [b for row in rows for b in sorted(row, key=lambda b: b.box[0])]
    _resolve_bars(seq, named)
    anchors = [(i, b.letter) for i, b in enumerate(seq) if b.letter and len(b.letter) == 1]
    if anchors and named:
        # The caption's first and last letters bound the sequence: panels before the
        # first letter read (its letter cut off, or set too faint) are filled the same way.
        lower = anchors[0][1].islower()
        before, after = chr(ord(min(named)) - 1), chr(ord(max(named)) + 1)
        anchors = [(-1, before.lower() if lower else before), *anchors,
                   (len(seq), after.lower() if lower else after)]
    for (i, first), (j, last) in zip(anchors, anchors[1:]):
        gap = ord(last.upper()) - ord(first.upper()) - 1
        if gap > 0 and j - i - 1 == gap:
            fill = [chr(ord(first.upper()) + k + 1) for k in range(gap)]
            if all(f in named for f in fill) and all(not seq[i + 1 + k].letter
                                                      for k in range(gap)):
                lower = first.islower()
                for k, f in enumerate(fill):
                    seq[i + 1 + k].letter = f.lower() if lower else f


def _resolve_bars(seq: list[Blob], named: set[str]) -> None:
    """A bare vertical bar reads as "I" or "l": pick the one its neighbours call for."""
    for k, b in enumerate(seq):
        if not b.letter or b.letter not in "Il":
            continue
        prev = next((p.letter for p in reversed(seq[:k]) if p.letter), None)
        after = next((p.letter for p in seq[k + 1 :] if p.letter), None)
        lower = (prev or after or "A").islower()
        is_l = (prev and prev.upper() == "K") or (after and after.upper() == "M") or (
            "L" in named and "I" not in named)
        b.letter = ("l" if lower else "L") if is_l else ("i" if lower else "I")


def overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
