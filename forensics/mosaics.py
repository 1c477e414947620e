"""Pieces of a figure grouped into panels by how they are placed.

A figure's image rectangles and ink blobs (found by :mod:`forensics.panels`) are not
yet its panels: a micrograph may be tiled from many small images set edge to edge
(one mosaic, one letter), a drawn frame may hold an image (a heat map's axes), a
small blob may lie inside a bigger one (a plot inside its faint axes), icons and
words may sit under a lettered schematic, and one embedded image may hold a lettered
panel with unlettered pieces. These functions on :class:`~forensics.labels.Blob`
lists join and drop pieces as a reader groups them; image data joined into a panel
is its content, never one of its ``texts`` (print, painted out of its pixels). Boxes
are pixel boxes ``(x0, y0, x1, y1)`` of the rendered figure.
"""

from __future__ import annotations

from forensics.labels import Blob, overlaps
from forensics.model import Figure


def union_box(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    """The smallest box holding all of ``boxes``."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


#: Share of its bounding box a group of touching images must fill to be one mosaic.
_MOSAIC_FILL = 0.85


def tile_groups(rects: list[tuple[int, int, int, int]], gap: float) -> list[list[int]]:
    """Indices of image rectangles set edge to edge, a hairline apart (``gap`` pixels at
    most) and aligned along the edge they share, grouped; groups that do not fill most
    of their bounding box (:data:`_MOSAIC_FILL`, a grid) are split back to single ones."""
    parent = list(range(len(rects)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(rects):
        for j in range(i + 1, len(rects)):
            b = rects[j]
            dx = max(b[0] - a[2], a[0] - b[2])
            dy = max(b[1] - a[3], a[1] - b[3])
            along_x = min(a[2], b[2]) - max(a[0], b[0])
            along_y = min(a[3], b[3]) - max(a[1], b[1])
            side = -1 <= dx <= gap and along_y >= 0.8 * min(a[3] - a[1], b[3] - b[1])
            stacked = -1 <= dy <= gap and along_x >= 0.8 * min(a[2] - a[0], b[2] - b[0])
            # A block found whole over tiles found one by one (tiles on a dark ground).
            over = along_x > 0 and along_y > 0
            if side or stacked or over:
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(rects)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in groups.values():
        boxes = [rects[k] for k in members]
        whole = union_box(boxes)
        area = (whole[2] - whole[0]) * (whole[3] - whole[1])
        if len(boxes) > 1 and sum((b[2] - b[0]) * (b[3] - b[1]) for b in boxes) \
                >= _MOSAIC_FILL * area:
            out.append(members)
        else:
            out.extend([k] for k in members)
    return out


def join_mosaics(panels: list[Blob], gap: float) -> list[Blob]:
    """A panel built from many small images (tiled micrographs): images set edge to
    edge, a hairline apart, in a grid, of which exactly one carries a letter (set over
    the grid's top-left), are that one panel. Touching images that carry letters of their
    own stay apart, and so do groups with no letter at all."""
    images = [p for p in panels if p.image]
    out = [p for p in panels if not p.image]
    for members in tile_groups([p.box for p in images], gap):
        group = [images[k] for k in members]
        lettered = [p for p in group if p.letter]
        if len(group) > 1 and len(lettered) == 1:
            keep = lettered[0]
            keep.box = union_box([p.box for p in group])
            keep.texts = [t for p in group for t in p.texts]
            out.append(keep)
        else:
            out.extend(group)
    return out


def absorb_framed_images(panels: list[Blob]) -> list[Blob]:
    """An image rectangle inside a drawn blob: the blob is an image with a frame (axes,
    a heat map's ticks) when the image fills much of it; a small image inside a
    diagram is part of the diagram."""
    images = [p for p in panels if p.image]
    for p in panels:
        if p.image:
            continue
        inside = [r for r in images if r.box[0] >= p.box[0] and r.box[1] >= p.box[1]
                  and r.box[2] <= p.box[2] and r.box[3] <= p.box[3]]
        if inside and sum(r.width * r.height for r in inside) >= _FRAMED * p.width * p.height:
            p.image = True
    return panels


#: Share of a drawn blob that images inside it must fill for it to be a framed image.
_FRAMED = 0.3


def drop_contained(panels: list[Blob], slack: int = 0) -> list[Blob]:
    """Drop blobs lying inside another blob's box (a plot inside its faint axes),
    within ``slack`` pixels."""
    def inside(a: Blob, b: Blob) -> bool:
        return (a is not b and a.box[0] >= b.box[0] - slack and a.box[1] >= b.box[1] - slack
                and a.box[2] <= b.box[2] + slack and a.box[3] <= b.box[3] + slack)

    return [a for a in panels if not any(inside(a, b) for b in panels)]


def join_cells(panels: list[Blob], loose: list[Blob], reach: float, slack: int
                ) -> list[Blob]:
    """Join small unlettered graphics (``loose``: icons, words next to no panel, too
    small to be panels) into the lettered panel above them, as a reader reads a figure:
    a letter names everything under it down to the next panel (a schematic's rows of
    icons under its row of boxes, a chart's legend under its plot). A piece is
    joined when it lies under exactly one lettered panel, mostly within its width,
    at most ``reach`` pixels below it with no other panel between, and when the
    joined box overlaps no other lettered panel or image. Image data is never joined:
    two micrographs under one letter stay two images; and a panel whose letter was not
    read stays a panel. Pieces not joined are dropped, as before."""
    pieces = loose
    panels = panels + loose

    def between(top: Blob, piece: Blob) -> bool:
        return any(o is not top and o is not piece
                   and min(o.box[2], piece.box[2]) > max(o.box[0], piece.box[0])
                   and o.box[1] >= top.box[3] - slack and o.box[3] <= piece.box[1] + slack
                   for o in panels)

    for piece in sorted(pieces, key=lambda b: b.box[1]):
        owners = [p for p in panels if p.letter and p is not piece
                  and min(p.box[2], piece.box[2]) - max(p.box[0], piece.box[0])
                  >= 0.5 * piece.width
                  and p.box[3] - slack <= piece.box[1] <= p.box[3] + reach
                  and not between(p, piece)]
        if len(owners) != 1:
            continue
        owner = owners[0]
        if owner.image:
            continue  # an image's cell holds image data; text beside it is folded
        box = (min(owner.box[0], piece.box[0]), owner.box[1],
               max(owner.box[2], piece.box[2]), max(owner.box[3], piece.box[3]))
        if any(o is not owner and (o.letter or o.image) and overlaps(o.box, box)
               for o in panels):
            continue
        owner.box, owner.texts = box, owner.texts + [piece.box] + piece.texts
        panels = [p for p in panels if p is not piece]
    loose_ids = {id(b) for b in loose}
    return [p for p in panels if id(p) not in loose_ids]


def join_placements(figure: Figure, panels: list[Blob], named: set[str], slack: int
                     ) -> list[Blob]:
    """An embedded image that holds one lettered panel and unlettered pieces is one
    panel: its author placed it as one (a heat map with its gene names, a blot with its
    labels, set apart by white inside the image). Only when every letter the caption
    names has its panel: otherwise the pieces may be panels whose letters were missed.
    The pieces are the image's content, not print: only their own folded-in text joins
    the panel's ``texts`` (which are painted out of its pixels).
    """
    if not named or not figure.image_boxes:
        return panels
    given = {p.letter.upper() for p in panels if p.letter}
    if not named <= given:
        return panels
    h, w = figure.image.shape[:2]
    for page_box in figure.image_boxes:
        x0, y0, x1, y1 = figure.to_pixels(page_box)
        if (x1 - x0) * (y1 - y0) >= 0.6 * h * w:
            continue  # the whole figure as one image: its pixels hold the panels
        inside = [p for p in panels if p.box[0] >= x0 - slack and p.box[1] >= y0 - slack
                  and p.box[2] <= x1 + slack and p.box[3] <= y1 + slack]
        lettered = [p for p in inside if p.letter]
        if len(inside) < 2 or len(lettered) != 1:
            continue
        keep = lettered[0]
        keep.box = (min(x0, keep.box[0]), min(y0, keep.box[1]), max(x1, keep.box[2]),
                    max(y1, keep.box[3]))
        keep.texts = keep.texts + [t for p in inside if p is not keep for t in p.texts]
        keep.image = True
        panels = [p for p in panels if p is keep or p not in inside]
    return panels
