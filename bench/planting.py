"""Plant duplications into the embedded images of a real PDF, with the truth on the page.

The engine behind ``bench/realplant.py``. A PDF is opened with PyMuPDF; every embedded
image it can edit safely is decoded once (:func:`load_images`): 8-bit grey or RGB,
stored as JPEG (``DCTDecode``), JPEG 2000 (``JPXDecode``) or ``FlateDecode``, drawn
once, upright and unmirrored. Inside each image the *blocks* are found
(:func:`find_blocks`): rectangles of continuous tone separated by page white (the
micrographs, photographs, blots and gels of a figure raster), each judged photo-like
or strip-like (a blot or gel strip: grey, at least 2.5 times wider than high).

A plant copies a region of one block over part of another (or of the same) block,
transformed on the way (:data:`TRANSFORMS`, :func:`transform_patch`), as a
manipulator would in an image editor. Edited images are written back in their own
format (:func:`write_image`): a JPEG with the original's quantisation tables and
chroma subsampling (so at the same quality), a JPEG 2000 at the original's
compression ratio, a Flate image losslessly; the rest of the PDF is untouched.

The truth of a plant is a pair of rectangles in page points (PDF coordinates, origin
top left): where the copied pixels come from and where they were pasted, mapped
through the image's placement on its page. :func:`check_plants` renders the edited
pages and keeps only plants whose copies are visible where the truth says, and images
whose untouched pixels render as before (a format round trip that went wrong, or an
image hidden under a clip, drops the plant instead of giving a false truth).

Transform conventions are those of :class:`forensics.model.Transform`: the pasted
copy ``b`` is the source ``a`` flipped (``"horizontal"`` / ``"vertical"``) and then
rotated counter-clockwise as seen on screen.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, field

import cv2
import numpy as np

from forensics.classify import tone_mask

__all__ = ["TRANSFORMS", "Block", "Image", "Side", "Plant", "find_blocks", "load_images",
           "transform_patch", "write_image", "check_plants", "to_page", "overlap"]

#: The transforms a planted copy undergoes (one per plant).
TRANSFORMS = ("none", "flip_h", "flip_v", "rot90", "rot180", "rot270", "small_rotation",
              "rescale", "retone", "grey", "jpeg")
#: Flip and rotation each transform implies (what a finding should name).
GEOMETRY = {"flip_h": ("horizontal", 0.0), "flip_v": ("vertical", 0.0), "rot90": (None, 90.0),
            "rot180": (None, 180.0), "rot270": (None, 270.0)}
#: Least share of its bounding box a block's ink fills.
MIN_FILL = 0.75
#: Smallest block, in page points (side) and pixels (side), and strips' least height.
MIN_BLOCK_PT, MIN_BLOCK_PX, MIN_STRIP_PT = 36.0, 64, 8.0
#: Tallest strip, points (a taller grey band is a photograph or a whole blot).
MAX_STRIP_PT = 40.0
#: Colour spaces planted into: grey or RGB (an ICC profile with 4 channels is refused
#: when decoded), a palette (Flate only; written back as RGB, still Flate), one ink
#: (samples are ink amounts, kept inverted so that white is 255 like the others).
COLOUR_SPACES = ("DeviceRGB", "DeviceGray", "ICCBased", "Indexed", "Separation")
#: Page white (every channel at least this) separates blocks.
WHITE = 235


@dataclass
class Image:
    """One embedded image that can be edited: its pixels, format and placement."""

    xref: int
    page: int  # 0-based page index
    rect: tuple[float, float, float, float]  # where it is drawn, page points
    pixels: np.ndarray = field(repr=False)  # (rows, cols, 1 or 3) uint8, edited in place
    fmt: str = "jpeg"  # "jpeg" | "jpx" | "flate"
    quality: dict = field(default_factory=dict, repr=False)  # how to re-encode
    edited: bool = False

    @property
    def colour(self) -> bool:
        return self.pixels.shape[2] == 3

    def px_per_pt(self) -> float:
        return self.pixels.shape[1] / (self.rect[2] - self.rect[0])


@dataclass(frozen=True)
class Block:
    """A rectangle of continuous tone inside an image: (x0, y0, x1, y1) in pixels."""

    image: int  # index into the paper's images
    box: tuple[int, int, int, int]
    strip: bool  # blot- or gel-like strip: grey, wide

    @property
    def width(self) -> int:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]


@dataclass(frozen=True)
class Side:
    """One side of a plant: the file, 1-based page and rectangle in page points."""

    file: str
    page: int
    rect: tuple[float, float, float, float]


@dataclass(frozen=True)
class Plant:
    """A planted duplication and its truth."""

    kind: str  # "region" | "clone" | "panel" | "strip" | "cross"
    transform: str  # one of TRANSFORMS
    source: Side
    target: Side
    flip: str | None  # the flip and rotation b = T(a) implies
    rotation: float
    area_share: float  # the copy's area over its source block's area

    def to_json(self) -> dict:
        return {"kind": self.kind, "transform": self.transform,
                "source": vars(self.source), "target": vars(self.target),
                "flip": self.flip, "rotation": self.rotation,
                "area_share": round(self.area_share, 3)}


# --------------------------------------------------------------------------- reading


def _decode(doc, xref: int, filt: str, space: str) -> tuple[np.ndarray, str, dict] | None:
    """Pixels, format and re-encoding parameters of one image, or None if not editable."""
    from PIL import Image as PILImage
    from PIL import JpegImagePlugin

    quality: dict = {"invert": space == "Separation"}
    if filt == "DCTDecode" and space != "Indexed":
        raw = doc.xref_stream_raw(xref)
        jpeg = PILImage.open(io.BytesIO(raw))
        tables = getattr(jpeg, "quantization", None)
        if jpeg.mode not in ("L", "RGB") or tables is None:
            return None
        quality.update(qtables=tables, subsampling=max(0, JpegImagePlugin.get_sampling(jpeg)))
        pixels, fmt = np.asarray(jpeg), "jpeg"
    elif filt == "JPXDecode" and space != "Indexed":
        raw = doc.xref_stream_raw(xref)
        jpx = PILImage.open(io.BytesIO(raw))
        if jpx.mode not in ("L", "RGB"):
            return None
        pixels, fmt = np.asarray(jpx), "jpx"
        quality["ratio"] = max(1.0, pixels.size / max(1, len(raw)))
    elif filt == "FlateDecode":
        info = doc.extract_image(xref)
        if not info or info.get("bpc") != 8:
            return None
        im: PILImage.Image = PILImage.open(io.BytesIO(info["image"]))
        if space == "Indexed":
            if "transparency" in im.info:
                return None
            im = im.convert("RGB")
            quality["colorspace"] = "/DeviceRGB"  # the palette goes: samples are RGB
        if im.mode not in ("L", "RGB"):
            return None
        pixels, fmt = np.asarray(im), "flate"
    else:
        return None
    if quality["invert"]:
        if pixels.ndim == 3 and pixels.shape[2] != 1:
            return None
        pixels = 255 - pixels
    return pixels, fmt, quality


def load_images(doc, min_side_pt: float = MIN_BLOCK_PT) -> list[Image]:
    """Every embedded image of an open PDF that can be edited and planted into.

    Kept: 8-bit grey or RGB (no palette, no CMYK, no separation), JPEG, JPEG 2000 or
    Flate, drawn exactly once in the document, upright and unmirrored, at least
    ``min_side_pt`` points on each side.
    """
    uses: dict[int, int] = {}
    for page in doc:
        for info in page.get_images(full=True):
            uses[info[0]] = uses.get(info[0], 0) + 1
    out: list[Image] = []
    seen: set[int] = set()
    for page in doc:
        for info in page.get_images(full=True):
            xref, filt = info[0], info[8]
            if xref in seen or uses[xref] != 1 or info[4] != 8 or info[5] not in COLOUR_SPACES:
                continue
            seen.add(xref)
            placed = page.get_image_rects(xref, transform=True)
            if len(placed) != 1:
                continue
            rect, m = placed[0]
            if abs(m.b) > 1e-6 or abs(m.c) > 1e-6 or m.a <= 0 or m.d <= 0:
                continue  # rotated or mirrored on the page
            if rect.width < min_side_pt or rect.height < min_side_pt:
                continue
            try:
                decoded = _decode(doc, xref, filt, info[5])
            except Exception:  # an image PIL cannot read is not planted into
                continue
            if decoded is None:
                continue
            pixels, fmt, quality = decoded
            if pixels.ndim == 2:
                pixels = pixels[:, :, None]
            if pixels.shape[:2] != (info[3], info[2]):
                continue
            out.append(Image(xref, page.number, tuple(rect), np.array(pixels), fmt, quality))
    return out


def to_page(image: Image, box) -> tuple[float, float, float, float]:
    """A pixel box of an image → its rectangle in page points (rounded to 0.01)."""
    rows, cols = image.pixels.shape[:2]
    x0, y0, x1, y1 = image.rect
    sx, sy = (x1 - x0) / cols, (y1 - y0) / rows
    return (round(x0 + box[0] * sx, 2), round(y0 + box[1] * sy, 2),
            round(x0 + box[2] * sx, 2), round(y0 + box[3] * sy, 2))


# --------------------------------------------------------------------------- blocks


def _grey(pixels: np.ndarray) -> np.ndarray:
    return pixels[:, :, 0] if pixels.shape[2] == 1 else cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)


def _entropy(grey: np.ndarray) -> float:
    hist = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    p = hist[hist > 0] / hist.sum()
    return float(-(p * np.log2(p)).sum())


def find_blocks(image: Image, index: int) -> list[Block]:
    """Rectangles of continuous-tone image data inside one image.

    Ink (anything darker than page white, thin strokes such as text opened away) is
    split into connected pieces along white gutters; a piece is a block when it fills
    at least :data:`MIN_FILL` of its bounding box (a micrograph or a blot is a solid
    rectangle, a chart is strokes), varies (grey standard deviation at least 8), holds
    continuous tone (:func:`forensics.classify.tone_mask`) over at least half its area
    (or, dark fields such as fluorescence and gels whose black background is flat:
    median grey under 70, a tenth in continuous tone and a grey entropy of at least 3
    bits) and is big enough: :data:`MIN_BLOCK_PT` a side, or a strip (grey, 2.5 times
    wider than high) :data:`MIN_STRIP_PT` to :data:`MAX_STRIP_PT` high.
    """
    px = image.pixels
    ppt = image.px_per_pt()
    rgb = px if px.shape[2] == 3 else np.repeat(px, 3, axis=2)
    ink = (rgb.min(axis=2) < WHITE).astype(np.uint8)
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((7, 7), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=4)
    out = []
    for i in range(1, n):
        x, y, w, h, filled = (int(v) for v in stats[i])
        if w < 16 or h < 8 or filled < MIN_FILL * w * h:
            continue
        crop = rgb[y:y + h, x:x + w]
        grey = _grey(crop)
        if float(grey.std()) < 8:
            continue
        m = 3  # the tone test looks at 3 x 3 and 5 x 5 neighbourhoods: a margin for them
        tone = tone_mask(rgb[max(0, y - m):y + h + m, max(0, x - m):x + w + m])
        oy, ox = min(m, y), min(m, x)
        share = float(tone[oy:oy + h, ox:ox + w].mean())
        dark = float(np.median(grey)) < 70 and share >= 0.1 and _entropy(grey) >= 3.0
        if share < 0.5 and not dark:
            continue
        spread = float(np.abs(crop.astype(np.int16) - crop.mean(axis=2, keepdims=True)).mean())
        strip = (w >= 2.5 * h and spread < 6 and MIN_STRIP_PT <= h / ppt <= MAX_STRIP_PT
                 and w >= 48)
        big = min(w, h) >= MIN_BLOCK_PX and min(w, h) / ppt >= MIN_BLOCK_PT
        if strip or big:
            out.append(Block(index, (x, y, x + w, y + h), strip))
    return out


# --------------------------------------------------------------------------- transforms


def transform_patch(patch: np.ndarray, name: str, rng: random.Random) -> np.ndarray:
    """The pasted copy of ``patch`` under a pixel-wise transform (not the geometry of
    ``small_rotation`` and ``rescale``, which :func:`take_source` applies)."""
    if name == "flip_h":
        return patch[:, ::-1].copy()
    if name == "flip_v":
        return patch[::-1].copy()
    if name in ("rot90", "rot180", "rot270"):
        return np.ascontiguousarray(np.rot90(patch, {"rot90": 1, "rot180": 2, "rot270": 3}[name]))
    if name == "retone":
        gamma = rng.choice([rng.uniform(0.55, 0.8), rng.uniform(1.25, 1.8)])
        contrast = rng.uniform(0.8, 1.2)
        x = (patch.astype(np.float32) / 255.0) ** gamma
        x = (x - 0.5) * contrast + 0.5
        return np.clip(x * 255.0 + 0.5, 0, 255).astype(np.uint8)
    if name == "grey":
        if patch.shape[2] == 1:
            return patch.copy()
        g = cv2.cvtColor(patch, cv2.COLOR_RGB2GRAY)
        return np.repeat(g[:, :, None], 3, axis=2)
    if name == "jpeg":
        quality = rng.randint(20, 45)
        ok, data = cv2.imencode(".jpg", patch[:, :, ::-1] if patch.shape[2] == 3 else patch,
                                [cv2.IMWRITE_JPEG_QUALITY, quality])
        back = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
        if back is None:  # not expected from OpenCV's own encoder; keep the patch as it was
            return patch.copy()
        back = back[:, :, ::-1] if back.ndim == 3 else back[:, :, None]
        return np.ascontiguousarray(back)
    return patch.copy()


def take_source(pixels: np.ndarray, box, name: str, rng: random.Random,
                out_size: tuple[int, int] | None = None):
    """Cut a source region and transform it: (copy, footprint box, rotation applied).

    ``box`` is the source region (pixels). ``small_rotation`` rotates the content about
    the region's centre by 3–10 degrees either way and keeps the region's size, so the
    footprint (what was read) is the rotated region's bounding box; ``rescale`` resizes
    by 0.7–1.4; ``out_size`` (cols, rows), when given, is the size the copy must have
    in the end (a whole panel pasted over another).
    """
    x0, y0, x1, y1 = box
    rows, cols = pixels.shape[:2]
    angle = 0.0
    if name == "small_rotation":
        angle = rng.choice([-1, 1]) * rng.uniform(3.0, 10.0)
        w, h = x1 - x0, y1 - y0
        t = math.radians(abs(angle))
        fw, fh = w * math.cos(t) + h * math.sin(t), w * math.sin(t) + h * math.cos(t)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        foot = (max(0, int(cx - fw / 2)), max(0, int(cy - fh / 2)),
                min(cols, int(math.ceil(cx + fw / 2))), min(rows, int(math.ceil(cy + fh / 2))))
        m = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)
        m[0, 2] -= x0
        m[1, 2] -= y0
        copy = cv2.warpAffine(pixels, m, (w, h), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_REFLECT)
        if copy.ndim == 2:
            copy = copy[:, :, None]
    else:
        foot = (x0, y0, x1, y1)
        copy = transform_patch(pixels[y0:y1, x0:x1], name, rng)
    if name == "rescale" and out_size is None:
        s = rng.choice([rng.uniform(0.7, 0.87), rng.uniform(1.15, 1.4)])
        out_size = (max(8, round(copy.shape[1] * s)), max(8, round(copy.shape[0] * s)))
    if out_size is not None and out_size != (copy.shape[1], copy.shape[0]):
        shrink = out_size[0] < copy.shape[1]
        copy = cv2.resize(copy, out_size, interpolation=cv2.INTER_AREA if shrink
                          else cv2.INTER_CUBIC)
        if copy.ndim == 2:
            copy = copy[:, :, None]
    return np.ascontiguousarray(copy), foot, angle


def fit_channels(copy: np.ndarray, channels: int) -> np.ndarray:
    """A copy with the target image's channel count (RGB → grey, grey → RGB)."""
    if copy.shape[2] == channels:
        return copy
    if channels == 1:
        return cv2.cvtColor(copy, cv2.COLOR_RGB2GRAY)[:, :, None]
    return np.repeat(copy, 3, axis=2)


# --------------------------------------------------------------------------- writing


def encode(image: Image) -> bytes:
    """The image's pixels in its own format and at its original quality."""
    from PIL import Image as PILImage

    px = image.pixels[:, :, 0] if image.pixels.shape[2] == 1 else image.pixels
    if image.quality.get("invert"):
        px = 255 - px
    if image.fmt == "flate":
        return np.ascontiguousarray(px).tobytes()
    buf = io.BytesIO()
    im = PILImage.fromarray(np.ascontiguousarray(px))
    if image.fmt == "jpeg":
        im.save(buf, "JPEG", qtables=image.quality["qtables"],
                subsampling=image.quality["subsampling"])
    else:
        im.save(buf, "JPEG2000", quality_mode="rates",
                quality_layers=[image.quality["ratio"]], irreversible=True)
    return buf.getvalue()


def write_image(doc, image: Image) -> None:
    """Write an edited image back into its PDF object, keeping its dictionary (colour
    space, ICC profile, soft mask, size) and its format."""
    data = encode(image)
    if image.fmt == "flate":
        doc.update_stream(image.xref, data, compress=True)
        doc.xref_set_key(image.xref, "DecodeParms", "null")
        if image.quality.get("colorspace"):
            doc.xref_set_key(image.xref, "ColorSpace", image.quality["colorspace"])
            doc.xref_set_key(image.xref, "Decode", "null")
        doc.xref_set_key(image.xref, "Filter", "/FlateDecode")
    else:
        doc.update_stream(image.xref, data, compress=False)
        doc.xref_set_key(image.xref, "DecodeParms", "null")
        doc.xref_set_key(image.xref, "Filter", "/DCTDecode" if image.fmt == "jpeg"
                         else "/JPXDecode")


# --------------------------------------------------------------------------- checking


def _render_grey(page, rect, dpi: int) -> np.ndarray:
    import pymupdf

    pix = page.get_pixmap(clip=pymupdf.Rect(rect), dpi=dpi, colorspace=pymupdf.csGRAY,
                          alpha=False)
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a.astype(np.float64).ravel(), b.astype(np.float64).ravel()
    a, b = a - a.mean(), b - b.mean()
    den = math.sqrt(float((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / den) if den > 0 else 0.0


def shows(page, rect, expected: np.ndarray) -> float:
    """How well the page, rendered over ``rect``, shows ``expected`` (grey correlation).

    The page is rendered at the pixels' own resolution (at most 300 dpi) and both are
    blurred a little, so that the renderer's half-pixel offsets do not count.
    """
    dpi = int(min(300, max(72, 72 * expected.shape[1] / max(1e-6, rect[2] - rect[0]))))
    seen = _render_grey(page, rect, dpi)
    if seen.shape[0] < 4 or seen.shape[1] < 4:
        return 0.0
    want = _grey(expected) if expected.shape[2] == 3 else expected[:, :, 0]
    want = cv2.resize(want, (seen.shape[1], seen.shape[0]), interpolation=cv2.INTER_AREA)
    # The clip's edge pixels may be part page (the rectangle is not pixel-aligned).
    edge = 2 if min(seen.shape) > 12 else 0
    seen = seen[edge:seen.shape[0] - edge, edge:seen.shape[1] - edge]
    want = want[edge:want.shape[0] - edge, edge:want.shape[1] - edge]
    return _correlation(cv2.GaussianBlur(seen, (0, 0), 1.0), cv2.GaussianBlur(want, (0, 0), 1.0))


def unchanged_outside(before_page, after_page, rect, planted, dpi: int = 48) -> float:
    """Mean absolute grey difference between two renderings of an image's placement,
    outside the planted rectangles (a faithful round trip is near 0)."""
    a = _render_grey(before_page, rect, dpi).astype(np.int16)
    b = _render_grey(after_page, rect, dpi).astype(np.int16)
    if a.shape != b.shape:
        return 255.0
    keep = np.ones(a.shape, bool)
    s = dpi / 72.0
    for r in planted:
        x0 = max(0, int((r[0] - rect[0]) * s) - 2)
        y0 = max(0, int((r[1] - rect[1]) * s) - 2)
        x1 = int(math.ceil((r[2] - rect[0]) * s)) + 2
        y1 = int(math.ceil((r[3] - rect[1]) * s)) + 2
        keep[y0:y1, x0:x1] = False
    if keep.sum() < 16:
        return 0.0
    return float(np.abs(a - b)[keep].mean())


def check_plants(original_doc, edited_doc, images: list[Image], plants: list[tuple[Plant, dict]],
                 min_corr: float = 0.8, max_drift: float = 4.0) -> tuple[list[Plant], list[str]]:
    """The plants whose copies show on the edited pages where their truth says.

    ``plants`` pairs each plant with what it wrote: the target image index, and the
    source and pasted pixels. A plant is dropped when its pasted pixels do not show
    at the target rectangle (correlation below ``min_corr``), when its source pixels
    do not show at the source rectangle, or when its images render differently
    outside the planted rectangles (mean grey difference over ``max_drift``).
    """
    kept, dropped = [], []
    drift: dict[int, float] = {}
    for plant, wrote in plants:
        image = images[wrote["target_image"]]
        if wrote["target_image"] not in drift:
            planted = [p.target.rect for p, w in plants
                       if w["target_image"] == wrote["target_image"]]
            drift[wrote["target_image"]] = unchanged_outside(
                original_doc[image.page], edited_doc[image.page], image.rect, planted)
        if drift[wrote["target_image"]] > max_drift:
            dropped.append(f"{plant.kind}/{plant.transform}: image xref {image.xref} "
                           f"renders differently after re-encoding")
            continue
        at_target = shows(edited_doc[plant.target.page - 1], plant.target.rect, wrote["pasted"])
        # Print over an image (labels, scale bars) lowers the agreement of its own
        # pixels too: the copy must show as well as the image did there before.
        before = shows(original_doc[plant.target.page - 1], plant.target.rect, wrote["replaced"])
        source_doc = wrote.get("source_doc") or edited_doc
        at_source = shows(source_doc[plant.source.page - 1], plant.source.rect, wrote["source"])
        if at_target < min(min_corr, before - 0.1) or at_target < 0.5 or at_source < 0.5:
            dropped.append(f"{plant.kind}/{plant.transform}: not visible "
                           f"(target {at_target:.2f}, before {before:.2f}, "
                           f"source {at_source:.2f})")
            continue
        kept.append(plant)
    return kept, dropped


def overlap(a, b) -> float:
    """Area common to two boxes over the smaller box's area (0 when disjoint)."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy / small if small > 0 else 0.0
