"""Choose where to plant duplications in one real paper and paste them (``bench/realplant.py``).

:func:`make_edited_copy` opens a real PDF, plants ``count`` duplications into its
embedded images (see :mod:`bench.planting` for what can be edited and how it is written
back), saves the edited copy elsewhere and returns the plants whose copies show on the
page where their truth says. The kinds:

- ``region``: a region (a twentieth to half of a photo-like block's area) pasted over
  part of another block, in another image when the paper has one;
- ``clone``: a region (a twentieth to a quarter) pasted elsewhere in its own block;
- ``panel``: a whole block pasted over another whole block (resized to it);
- ``strip``: a blot or gel strip pasted over another strip (of about its width when
  the paper has one), scaled to fit it;
- ``cross``: a region or a whole block of *another* paper pasted over part of a block.

A kind the paper offers no blocks for is replaced by the next one that it does. No two
plants touch the same pixels (each plant's source and target avoid every earlier
plant's), so each truth rectangle shows what it says. Everything is drawn from a
:class:`random.Random` seeded by the caller: the same seed gives the same plants.
"""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Sequence
from pathlib import Path

import cv2

from bench.planting import (
    GEOMETRY,
    TRANSFORMS,
    Block,
    Image,
    Plant,
    Side,
    check_plants,
    find_blocks,
    fit_channels,
    load_images,
    take_source,
    to_page,
    transform_patch,
    write_image,
)

__all__ = ["KINDS", "make_edited_copy", "paper_blocks"]

KINDS = ("region", "clone", "panel", "strip", "cross")
#: Smallest copy, a side in pixels and in points.
MIN_COPY_PX, MIN_COPY_PT = 24, 12.0
#: Least grey-level standard deviation of a copy (as of a block).
MIN_COPY_STD = 8.0


def paper_blocks(doc) -> tuple[list[Image], list[Block]]:
    """The editable images of an open PDF and their blocks."""
    images = load_images(doc)
    blocks = [b for i, im in enumerate(images) for b in find_blocks(im, i)]
    return images, blocks


def _disjoint(box, used: list[tuple[int, tuple]], image: int, margin: int = 4) -> bool:
    for i, u in used:
        if i == image and box[0] < u[2] + margin and u[0] < box[2] + margin \
                and box[1] < u[3] + margin and u[1] < box[3] + margin:
            return False
    return True


def _region(block: Block, share: float, rng: random.Random, ppt: float):
    """A random box (pixels) covering about ``share`` of a block's area."""
    area = share * block.width * block.height
    aspect = rng.uniform(0.67, 1.5)
    w = min(block.width, max(MIN_COPY_PX, round(math.sqrt(area * aspect))))
    h = min(block.height, max(MIN_COPY_PX, round(area / w)))
    if min(w, h) < MIN_COPY_PX or min(w, h) / ppt < MIN_COPY_PT:
        return None
    x0 = block.box[0] + rng.randint(0, block.width - w)
    y0 = block.box[1] + rng.randint(0, block.height - h)
    return (x0, y0, x0 + w, y0 + h)


def _place(block: Block, size: tuple[int, int], rng: random.Random, tries: int = 25):
    """Random boxes of ``size`` (cols, rows) inside a block (none when it is too big)."""
    w, h = size
    if w > block.width or h > block.height:
        return []
    out = []
    for _ in range(tries):
        x0 = block.box[0] + rng.randint(0, block.width - w)
        y0 = block.box[1] + rng.randint(0, block.height - h)
        out.append((x0, y0, x0 + w, y0 + h))
    return out


def _fit_crop(block: Block, aspect: float, rng: random.Random, zoom: float = 1.0):
    """The largest box of a given aspect (cols / rows) inside a block, shrunk by ``zoom``."""
    w = min(block.width, block.height * aspect)
    h = w / aspect
    w, h = max(8, int(w / zoom)), max(8, int(h / zoom))
    x0 = block.box[0] + rng.randint(0, block.width - w)
    y0 = block.box[1] + rng.randint(0, block.height - h)
    return (x0, y0, x0 + w, y0 + h)


class _Planter:
    """The state of one paper's planting: its images, blocks and the pixels used."""

    def __init__(self, file: str, images: list[Image], blocks: list[Block],
                 rng: random.Random, other=None) -> None:
        self.file, self.images, self.blocks, self.rng = file, images, blocks, rng
        self.other = other  # (file, images, blocks) of the paper cross plants come from
        self.used: list[tuple[int, tuple]] = []
        self.other_used: list[tuple[int, tuple]] = []

    def photo(self) -> list[Block]:
        return [b for b in self.blocks if not b.strip]

    def _paste(self, kind, name, src_images, src_file, src_block, src_box, target_block,
               target_box_of, out_size=None, src_used=None):
        """Cut, transform and paste one copy; the plant and what it wrote, or None."""
        rng = self.rng
        src_image = src_images[src_block.image]
        copy, foot, angle = take_source(src_image.pixels, src_box, name, rng, out_size)
        src_used = self.used if src_used is None else src_used
        if not _disjoint(foot, src_used, src_block.image):
            return None
        target = self.images[target_block.image]
        avoid = self.used + ([(src_block.image, foot)] if src_used is self.used else [])
        box = next((b for b in target_box_of((copy.shape[1], copy.shape[0]))
                    if _disjoint(b, avoid, target_block.image)), None)
        if box is None:
            return None
        if min(copy.shape[:2]) < MIN_COPY_PX // 2 or float(copy.std()) < MIN_COPY_STD:
            return None  # too small, or flat (a patch of black background proves nothing)
        source_pixels = src_image.pixels[foot[1]:foot[3], foot[0]:foot[2]].copy()
        copy = fit_channels(copy, target.pixels.shape[2])
        replaced = target.pixels[box[1]:box[3], box[0]:box[2]].copy()
        target.pixels[box[1]:box[3], box[0]:box[2]] = copy
        target.edited = True
        src_used.append((src_block.image, foot))
        self.used.append((target_block.image, box))
        flip, rotation = GEOMETRY.get(name, (None, 0.0))
        if name == "small_rotation":
            rotation = angle
        share = (foot[2] - foot[0]) * (foot[3] - foot[1]) / (src_block.width * src_block.height)
        plant = Plant(kind, name,
                      Side(src_file, src_image.page + 1, to_page(src_image, foot)),
                      Side(self.file, target.page + 1, to_page(target, box)),
                      flip, rotation, min(1.0, share))
        return plant, {"target_image": target_block.image, "pasted": copy,
                       "source": source_pixels, "replaced": replaced}

    def plant(self, kind: str, name: str):
        rng = self.rng
        photo = self.photo()
        if kind in ("region", "clone", "cross"):
            if kind == "cross":
                if self.other is None:
                    return None
                src_file, src_images, src_blocks = self.other
                sources = [b for b in src_blocks if not b.strip]
            else:
                src_file, src_images, sources = self.file, self.images, photo
            if not sources:
                return None
            src = rng.choice(sources)
            high = 0.25 if kind == "clone" else (1.0 if kind == "cross" else 0.5)
            share = math.exp(rng.uniform(math.log(1 / 20), math.log(high)))
            box = _region(src, share, rng, src_images[src.image].px_per_pt())
            if box is None:
                return None
            if kind == "clone":
                targets = [src]
            else:
                targets = [b for b in photo if b != src or kind == "cross"]
                others = [b for b in targets if b.image != src.image]
                targets = others if others and kind == "region" else targets
            if not targets:
                return None
            tgt = rng.choice(targets)
            return self._paste(kind, name, src_images, src_file, src, box, tgt,
                               lambda size: _place(tgt, size, rng),
                               src_used=self.other_used if kind == "cross" else None)
        if kind == "panel":
            if len(photo) < 2:
                return None
            src, tgt = rng.sample(photo, 2)
            if name in ("rot90", "rot270"):
                return self._paste_turned_panel(src, tgt, name)
            zoom = rng.uniform(1.15, 1.4) if name == "rescale" else 1.0
            box = _fit_crop(src, tgt.width / tgt.height, rng, zoom)
            return self._paste(kind, name, self.images, self.file, src, box, tgt,
                               lambda size: [tgt.box], out_size=(tgt.width, tgt.height))
        if kind == "strip":
            strips = [b for b in self.blocks if b.strip]
            if len(strips) < 2:
                return None
            src = rng.choice(strips)
            # A loading control is reused under a blot of about its width.
            alike = [b for b in strips if b != src and 0.67 <= b.width / src.width <= 1.5]
            tgt = rng.choice(alike or [b for b in strips if b != src])
            s = min(tgt.width / src.width, tgt.height / src.height)
            if name == "rescale":
                s *= rng.uniform(0.7, 0.9)
            out = (max(8, round(src.width * s)), max(8, round(src.height * s)))
            return self._paste(kind, name, self.images, self.file, src, src.box, tgt,
                               lambda size: _place(tgt, size, rng), out_size=out)
        return None

    def _paste_turned_panel(self, src: Block, tgt: Block, name: str):
        """A whole panel turned by 90 or 270 degrees over another: the source crop has
        the target's aspect turned, is resized to it, then turned (exactly)."""
        box = _fit_crop(src, tgt.height / tgt.width, self.rng)
        if not _disjoint(box, self.used, src.image) or not _disjoint(tgt.box, self.used,
                                                                      tgt.image):
            return None
        if tgt.image == src.image and not _disjoint(tgt.box, [(src.image, box)], src.image):
            return None
        src_image, target = self.images[src.image], self.images[tgt.image]
        crop = src_image.pixels[box[1]:box[3], box[0]:box[2]]
        resized = cv2.resize(crop, (tgt.height, tgt.width), interpolation=cv2.INTER_AREA)
        turned = transform_patch(resized.reshape(tgt.width, tgt.height, -1), name, self.rng)
        turned = fit_channels(turned, target.pixels.shape[2])
        replaced = target.pixels[tgt.box[1]:tgt.box[3], tgt.box[0]:tgt.box[2]].copy()
        target.pixels[tgt.box[1]:tgt.box[3], tgt.box[0]:tgt.box[2]] = turned
        target.edited = True
        self.used += [(src.image, box), (tgt.image, tgt.box)]
        flip, rotation = GEOMETRY[name]
        plant = Plant("panel", name, Side(self.file, src_image.page + 1, to_page(src_image, box)),
                      Side(self.file, target.page + 1, to_page(target, tgt.box)),
                      flip, rotation, 1.0)
        return plant, {"target_image": tgt.image, "pasted": turned, "source": crop.copy(),
                              "replaced": replaced}


def _transforms_for(kind: str, name: str) -> str:
    """A transform a kind can take: a strip is not turned on its side."""
    if kind == "strip" and name in ("rot90", "rot270"):
        return "rot180"
    return name


def make_edited_copy(path: Path, out: Path, count: int, seed: int | str,
                     other: Path | None = None, exclude: frozenset[int] = frozenset(),
                     rounds: int = 3, kinds: Sequence[str] = KINDS,
                     transforms: Sequence[str] = TRANSFORMS) -> tuple[list[Plant], list[str]]:
    """Plant ``count`` duplications into a copy of the PDF ``path`` saved as ``out``.

    Parameters
    ----------
    path, out : Path
        The real paper (never modified) and where its edited copy goes.
    count : int
        Plants to attempt; kinds and transforms are drawn without replacement as far
        as they go (a sample of :data:`KINDS` and of :data:`bench.planting.TRANSFORMS`).
    seed : int or str
        Seeds the drawing.
    other : Path, optional
        The paper ``cross`` plants take their copies from.
    exclude : frozenset of int
        Image xrefs not to plant into (found unsafe in an earlier round).
    rounds : int
        Attempts: after each, images whose plants did not show are excluded.
    kinds, transforms : sequence of str
        The kinds and transforms to draw from (all by default).

    Returns
    -------
    plants : list of Plant
        The plants that show where their truth says.
    notes : list of str
        Plants dropped, and why.
    """
    import pymupdf

    notes: list[str] = []
    kept: list[Plant] = []
    with contextlib.ExitStack() as stack:
        source = None
        other_doc = None
        if other is not None:
            other_doc = stack.enter_context(pymupdf.open(other))
            source = (other.name, *paper_blocks(other_doc))
        for _ in range(rounds):
            rng = random.Random(f"{seed}:{path.name}")
            doc = stack.enter_context(pymupdf.open(path))
            images, blocks = paper_blocks(doc)
            blocks = [b for b in blocks if images[b.image].xref not in exclude]
            planter = _Planter(path.name, images, blocks, rng, source)
            drawn = [kinds[i % len(kinds)] for i in range(count)]
            rng.shuffle(drawn)
            offset = rng.randrange(len(transforms))
            names = [transforms[(i + offset) % len(transforms)] for i in range(count)]
            rng.shuffle(names)
            wrote = []
            for kind, name in zip(drawn, names):
                for attempt_kind in [kind] + [k for k in kinds if k != kind]:
                    done = None
                    for _try in range(12):
                        done = planter.plant(attempt_kind, _transforms_for(attempt_kind, name))
                        if done:
                            break
                    if done:
                        if done[0].kind == "cross":
                            done[1]["source_doc"] = other_doc
                        wrote.append(done)
                        break
            if not wrote:
                return [], notes + ["no place to plant: no blocks of image data"]
            for image in images:
                if image.edited:
                    write_image(doc, image)
            doc.save(out, garbage=1)
            with pymupdf.open(path) as original, pymupdf.open(out) as edited:
                kept, dropped = check_plants(original, edited, images, wrote)
            notes += dropped
            bad = {images[w["target_image"]].xref for p, w in wrote if p not in kept}
            if not bad:
                return kept, notes
            exclude = exclude | frozenset(bad)
    return kept, notes + ["gave up: unsafe images remain after the last round"]
