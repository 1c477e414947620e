"""Blobs of ink split by the panel letters printed in them, as a reader assigns ink.

A reader gives each piece of a figure to the nearest panel letter above and to the left
of it. :func:`split_by_letters` applies that to a blob holding two or more letters
(touching tiles, a frame round several panels); :func:`split_merged` to a blob holding,
away from its corner, a letter in the figure's style that no panel has: two panels
joined across a narrow gutter (a whole-figure raster whose columns of blots nearly
touch). :func:`split_tiles` reads the images of a block set a hairline apart one by
one: two or more of them lettered in a corner are as many panels.
"""

from __future__ import annotations

import cv2
import numpy as np

from forensics.geometry import area as box_area
from forensics.inner_letters import read_corners
from forensics.labels import Blob, overlaps
from forensics.model import Figure
from forensics.mosaics import union_box
from forensics.settings import PanelConfig
from forensics.tiles import image_tiles

__all__ = ["split_by_letters", "split_merged", "split_tiles"]


def split_by_letters(panels: list[Blob], letters: list[tuple[str, tuple]], ink: np.ndarray,
                     s: float, min_area: float) -> list[Blob]:
    """Split a blob holding two or more panel letters: each piece of ink goes to the
    nearest letter above and to the left of it, as a reader assigns them."""
    out = []
    radius = max(1, round(s))
    for p in panels:
        x0, y0, x1, y1 = p.box
        inside = [(ch, b) for ch, b in letters
                  if x0 <= (b[0] + b[2]) / 2 <= x1 and y0 <= (b[1] + b[3]) / 2 <= y1]
        if len(inside) < 2 or len({ch.upper() for ch, _ in inside}) < 2:
            out.append(p)
            continue
        if p.image:
            # A letter names the tile right of and below it: one whose cell has no room
            # for a panel (the last letter of a label, "T to G", at a tile's bottom
            # right) names none, and the cells are drawn again without it.
            cells = _split_image(p, inside)
            while len(cells) > 1 and any(box_area(c.box) < min_area for c in cells):
                inside = [t for t, c in zip(inside, cells) if box_area(c.box) >= min_area]
                cells = _split_image(p, inside) if len({ch.upper() for ch, _ in inside}) > 1 \
                    else [p]
            out += cells
            continue
        for k, g in _ink_by_owner(p, inside, inside, ink, radius).items():
            out.append(Blob(g, letter=inside[k][0]))
    return out


def _split_image(p: Blob, letters: list[tuple[str, tuple]]) -> list[Blob]:
    """Split an image holding several letters (touching tiles) into one cell per letter:
    each letter stands at the same offset from its cell's top-left corner as the first
    letters do from the image's edges; a cell reaches to the next letter's cell."""
    x0, y0, x1, y1 = p.box
    dx = max(0, min(b[0] for _, b in letters) - x0)
    dy = max(0, min(b[1] for _, b in letters) - y0)
    tol = max(b[3] - b[1] for _, b in letters)
    xs = _cuts([b[0] - dx for _, b in letters], tol, x0)
    ys = _cuts([b[1] - dy for _, b in letters], tol, y0)
    out = []
    for letter, b in letters:
        cx0 = max(c for c in xs if c <= b[0] - dx + tol)
        cy0 = max(c for c in ys if c <= b[1] - dy + tol)
        cx1 = min([c for c in xs if c > cx0] + [x1])
        cy1 = min([c for c in ys if c > cy0] + [y1])
        out.append(Blob((cx0, cy0, cx1, cy1), letter=letter, image=True,
                        texts=[t for t in p.texts if overlaps(t, (cx0, cy0, cx1, cy1))]))
    return out


def _cuts(starts: list[int], tol: int, first: int) -> list[int]:
    """Cell edges from the letters' cell starts, near ones taken as one."""
    cuts = [first]
    for c in sorted(starts):
        if c - cuts[-1] > tol:
            cuts.append(c)
    return cuts


def _owner(piece: tuple, letters: list[tuple[str, tuple]]) -> int:
    """Index of the letter a piece of ink belongs to: the nearest one above-left of its
    top-left corner (any nearest one when none is above-left)."""
    px, py = piece[0], piece[1]
    best, best_d = None, float("inf")
    for k, (_, b) in enumerate(letters):
        tol = b[3] - b[1]
        if b[0] <= px + tol and b[1] <= py + tol:
            d = float(np.hypot(px - b[0], py - b[1]))
            if d < best_d:
                best, best_d = k, d
    if best is None:
        best = min(range(len(letters)),
                   key=lambda k: np.hypot(px - letters[k][1][0], py - letters[k][1][1]))
    return best


def split_merged(panels: list[Blob], letters: list[tuple[str, tuple]], ink: np.ndarray,
                 s: float, min_area: float) -> list[Blob]:
    """Split a blob that holds, away from its top-left corner, a letter no panel has.

    Each letter names one panel: a letter read inside a blob that another panel already
    has is a glyph of a label (the "A" of a tRNA site), and only letters in the case of
    the panels' letters count (a capital "M" marking a gel's marker lane in a figure
    lettered a, b, c is no panel letter). The blob's ink goes, piece by piece, to the
    nearest letter above-left of it: those inside, or the blob's own panel, owned from
    its top-left corner (and keeping its letter, or none). It is split when both own
    some, each part large enough for a panel.
    """
    cases = [p.letter.islower() for p in panels if p.letter and p.letter.isalpha()]
    if not cases or not letters:
        return panels
    lower = 2 * sum(cases) > len(cases)
    styled = [(ch, b) for ch, b in letters if ch.isalpha() and ch.islower() == lower]
    taken = {p.letter.upper() for p in panels if p.letter}
    radius = max(1, round(s))
    out: list[Blob] = []
    for p in panels:
        x0, y0, x1, y1 = p.box
        inside = [(ch, b) for ch, b in styled
                  if x0 <= (b[0] + b[2]) / 2 <= x1 and y0 <= (b[1] + b[3]) / 2 <= y1
                  and not _at_corner(b, p.box, radius) and ch.upper() not in taken]
        if p.image or not inside:
            out.append(p)
            continue
        # The blob's own panel is owned from its top-left corner, lettered or not.
        owners = [(p.letter or "", (x0, y0, x0 + 1, y0 + 1)), *inside]
        parts = _ink_by_owner(p, owners, inside, ink, radius)
        if len(parts) < 2 or any(box_area(g) < min_area for g in parts.values()):
            out.append(p)
            continue
        for k, g in parts.items():
            out.append(Blob(g, letter=owners[k][0] or None,
                            texts=[t for t in p.texts if overlaps(t, g)]))
    return out


def _at_corner(letter: tuple, box: tuple, radius: int) -> bool:
    """Whether a letter stands at a box's top-left corner (the box's own letter)."""
    reach = 3 * radius + (letter[3] - letter[1])
    return letter[0] - box[0] <= reach and letter[1] - box[1] <= reach


def _ink_by_owner(p: Blob, letters: list[tuple[str, tuple]], printed: list[tuple[str, tuple]],
                  ink: np.ndarray, radius: int) -> dict[int, tuple[int, int, int, int]]:
    """The boxes of a blob's ink, piece by piece (pieces closer than ``radius`` joined,
    the ``printed`` letters left out), grown per owning letter (:func:`_owner`)."""
    x0, y0, x1, y1 = p.box
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * radius + 1, 2 * radius + 1))
    area = ink[y0:y1, x0:x1].copy()
    for _, b in printed:  # the letters themselves are not panel content
        area[max(0, b[1] - y0):max(0, b[3] - y0), max(0, b[0] - x0):max(0, b[2] - x0)] = False
    n, _, stats, _ = cv2.connectedComponentsWithStats(
        cv2.dilate(area.astype(np.uint8), kernel), connectivity=8)
    boxes: dict[int, list[int]] = {}
    for px, py, pw, ph, _a in stats[1:n].tolist():
        piece = (x0 + px, y0 + py, x0 + px + pw, y0 + py + ph)
        k = _owner(piece, letters)
        grown = boxes.setdefault(k, list(piece))
        grown[0], grown[1] = min(grown[0], piece[0]), min(grown[1], piece[1])
        grown[2], grown[3] = max(grown[2], piece[2]), max(grown[3], piece[3])
    return {k: (g[0] + radius, g[1] + radius, g[2] - radius, g[3] - radius)
            for k, g in boxes.items()}


def split_tiles(figure: Figure, panels: list[Blob], named: set[str], cfg: PanelConfig
                ) -> tuple[list[Blob], list[tuple[str, tuple]]]:
    """Split a block of images set a hairline apart whose images carry letters.

    A whole-figure raster often prints its micrographs a white hairline apart, each
    lettered in a corner; joined across the hairlines they are one block. Each image
    of the block (:func:`forensics.tiles.image_tiles`) is read at its corners, as a
    panel is (:func:`forensics.inner_letters.read_corners`). When two or more carry letters
    the caption names, in sequence in reading order, each lettered image is a panel
    with the unlettered images that follow it (a grid under one letter stays whole);
    otherwise the block is left as it was.

    Returns the panels and the letters read, with their pixel boxes (print, to be
    painted out).
    """
    if not named:
        return panels, []
    s = figure.scale
    words = [figure.to_pixels(b) for b in figure.word_boxes]
    given = {p.letter.upper() for p in panels if p.letter}
    out: list[Blob] = []
    read: list[tuple[str, tuple]] = []
    for p in panels:
        x0, y0, x1, y1 = p.box
        if not p.image or p.letter:
            out.append(p)
            continue
        tiles = [(x0 + a, y0 + b, x0 + c, y0 + d)
                 for a, b, c, d in image_tiles(figure.image[y0:y1, x0:x1], s)]
        if len(tiles) < 2:
            out.append(p)
            continue
        taken = set(given)
        letters: list[tuple[str, tuple] | None] = []
        for tile in tiles:
            found = read_corners(figure, Blob(tile, image=True), named, taken, words, cfg)
            if found:
                taken.add(found[0].upper())
            letters.append(found)
        lettered = [k for k, f in enumerate(letters) if f]
        codes = [ord(letters[k][0].upper()) for k in lettered]  # type: ignore[index]
        if len(lettered) < 2 or any(b != a + 1 for a, b in zip(codes, codes[1:])):
            # The panels of one block are lettered in sequence, in reading order: other
            # glyphs in its images' corners (a stroke read as "I") are no letters.
            out.append(p)
            continue
        # Each unlettered image joins the lettered one before it (the first, if none is).
        groups: dict[int, list[tuple[int, int, int, int]]] = {k: [] for k in lettered}
        owner = lettered[0]
        for k, tile in enumerate(tiles):
            owner = k if letters[k] else owner
            groups[owner].append(tile)
        for k, boxes in groups.items():
            letter, box = letters[k]  # type: ignore[misc]
            group = union_box(boxes)
            out.append(Blob(group, letter=letter, image=True,
                            texts=[t for t in p.texts if overlaps(t, group)]))
            read.append((letter, box))
        given = taken
    return out, read
