"""The data that flows through the pipeline, as frozen dataclasses. No I/O here.

Coordinates: bounding boxes are ``(x0, y0, x1, y1)`` in PDF points, page
coordinates with the origin at the top left (as PyMuPDF gives them). Pixel
regions inside an image are ``(x0, y0, x1, y1)`` in pixels, columns first.
Images are numpy arrays ``(row, col, channel)`` of ``uint8``, RGB.
Page numbers are 1-based, as printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

BBox = tuple[float, float, float, float]


def _check_bbox(bbox: BBox, what: str) -> None:
    if len(bbox) != 4:
        raise ValueError(f"{what} bbox needs 4 numbers, got {bbox!r}")
    x0, y0, x1, y1 = bbox
    if not (x1 > x0 and y1 > y0):
        raise ValueError(f"{what} bbox {bbox!r} is empty: need x1 > x0 and y1 > y0")


#: What a panel shows (:attr:`Panel.content`).
CONTENTS = ("image", "graphics", "unknown")
#: Kinds of image data (:attr:`Panel.category` of an ``"image"`` panel).
IMAGE_CATEGORIES = ("blot", "micrograph", "histology", "photograph", "image_other")
#: Kinds of graphics (:attr:`Panel.category` of a ``"graphics"`` panel).
GRAPHICS_CATEGORIES = ("chart", "diagram", "heatmap", "structure", "text", "colorbar")


@dataclass(frozen=True)
class Paper:
    """One PDF file and what its metadata and first page say about it."""

    file: str
    pages: int
    doi: str | None = None
    title: str | None = None
    references: tuple[str, ...] = ()
    # What was lost reading it: repaired damage, pages or figures skipped over a limit.
    # A paper with warnings is partial, never clean.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Figure:
    """A figure as printed: its number, where it is drawn, its caption and pixels.

    ``image`` is the figure region at ``scale`` pixels per PDF point, so that a
    pixel ``(col, row)`` maps to the page point ``(x0 + col / scale, y0 + row / scale)``.
    ``source`` says how the pixels were obtained: ``"raster"`` (one embedded
    image, its own pixels) or ``"rendered"`` (the page region rendered, for
    vector figures and figures made of several images).
    """

    file: str
    number: str | None
    page: int
    bbox: BBox
    caption: str
    image: np.ndarray = field(repr=False)
    scale: float
    source: str = "raster"
    # Panel letters found in the PDF text layer inside the figure: (letter, bbox).
    text_labels: tuple[tuple[str, BBox], ...] = ()
    # Boxes (page points) of the embedded images drawn inside the figure.
    image_boxes: tuple[BBox, ...] = ()
    # Boxes (page points) of every word of the text layer inside the figure: glyphs
    # there are read from the text layer, never by OCR.
    word_boxes: tuple[BBox, ...] = ()
    # Boxes (page points) of every embedded image placement touching the figure, however
    # small: its pixels elsewhere are vector drawing (strokes, fills, shadings), which
    # records nothing. None when unknown (a figure not read from a PDF page).
    raster_boxes: tuple[BBox, ...] | None = None

    def __post_init__(self) -> None:
        _check_bbox(self.bbox, f"figure {self.number!r} on page {self.page}")
        if self.image.ndim != 3 or self.image.shape[2] != 3:
            raise ValueError(f"figure image must be (rows, cols, 3), got {self.image.shape}")
        if self.scale <= 0:
            raise ValueError(f"figure scale must be positive, got {self.scale}")

    def to_page(self, region: tuple[int, int, int, int]) -> BBox:
        """Convert a pixel region of ``image`` to a page bbox in points."""
        x0, y0, x1, y1 = region
        bx, by = self.bbox[0], self.bbox[1]
        s = self.scale
        return (bx + x0 / s, by + y0 / s, bx + x1 / s, by + y1 / s)

    def to_pixels(self, bbox: BBox) -> tuple[int, int, int, int]:
        """Convert a page bbox in points to a pixel region of ``image`` (clipped)."""
        bx, by = self.bbox[0], self.bbox[1]
        s = self.scale
        h, w = self.image.shape[:2]
        x0 = int(round((bbox[0] - bx) * s))
        y0 = int(round((bbox[1] - by) * s))
        x1 = int(round((bbox[2] - bx) * s))
        y1 = int(round((bbox[3] - by) * s))
        return (max(0, x0), max(0, y0), min(w, x1), min(h, y1))


@dataclass(frozen=True, eq=False)
class Panel:
    """One panel of a figure: its printed letter (or None), its box and pixels.

    ``image`` is the panel as rendered, with the words of the PDF text layer painted
    out (labels set in one font are not evidence of a duplication).

    ``content`` says what the panel shows, as a sleuth sorts it: ``"image"`` (image
    data: blots, gels, micrographs, tissue, photographs, any continuous-tone image)
    or ``"graphics"`` (charts, diagrams, heat maps, colour bars, text, icons,
    structure renders), ``"unknown"`` when not judged; ``category`` names the kind
    within it (``"blot"``, ``"micrograph"``, ``"chart"`` … see
    :data:`IMAGE_CATEGORIES` and :data:`GRAPHICS_CATEGORIES`). ``text_boxes`` are
    the page boxes of printed text over or beside the panel (from the text layer
    and from the pixels): row and lane labels, markers, letters, which detection
    leaves out.
    """

    file: str
    figure: str | None
    label: str | None
    page: int
    bbox: BBox
    image: np.ndarray = field(repr=False)
    content: str = "unknown"
    category: str | None = None
    text_boxes: tuple[BBox, ...] = ()

    def __post_init__(self) -> None:
        _check_bbox(self.bbox, f"panel {self.figure}{self.label or ''}")
        if self.content not in CONTENTS:
            raise ValueError(f"panel content must be one of {CONTENTS}, got {self.content!r}")

    @property
    def name(self) -> str:
        """How a person names the panel: ``"Fig 3A"``, ``"Fig S2"``, ``"Fig ?"``."""
        return f"Fig {self.figure or '?'}{self.label or ''}"


@dataclass(frozen=True)
class PanelRef:
    """A panel as a notice or a report names it: paper, figure number and letter."""

    figure: str
    panel: str | None = None
    file: str | None = None
    doi: str | None = None
    page: int | None = None
    bbox: BBox | None = None

    def __str__(self) -> str:
        return f"{self.figure}{self.panel or ''}"


@dataclass(frozen=True)
class Transform:
    """How image b relates to image a: rotation in degrees (counter-clockwise,
    multiples of 90 when exact), flip applied before rotation, scale b/a."""

    rotation: float = 0.0
    flip: str | None = None  # "horizontal" | "vertical" | None
    scale: float = 1.0

    def linear(self) -> np.ndarray:
        """The 2x2 orthonormal part (flip, then rotation) in image coordinates
        (x right, y down), so that two descriptions can be compared as matrices."""
        theta = np.radians(self.rotation)
        rot = np.array([[np.cos(theta), np.sin(theta)], [-np.sin(theta), np.cos(theta)]])
        mirror = {None: np.eye(2), "horizontal": np.diag([-1.0, 1.0]),
                  "vertical": np.diag([1.0, -1.0])}[self.flip]
        return rot @ mirror


@dataclass(frozen=True)
class NoticeLink:
    """A notice claim that cites a finding: the notice's DOI and kind, and the claim's text."""

    doi: str | None
    kind: str
    claim: str


@dataclass(frozen=True)
class Match:
    """A verified finding: two panels (or two regions of one panel) showing the same data."""

    a: PanelRef
    b: PanelRef
    kind: str  # "duplicate" | "overlap" | "clone"
    score: float
    transform: Transform
    inliers: int
    overlap_a: float
    overlap_b: float
    region_a: BBox | None = None  # page points
    region_b: BBox | None = None
    notices: tuple[NoticeLink, ...] = ()
    # The caption sentence declaring repeated data in the figure of both panels.
    declared: str | None = None
    # A few matched keypoint pairs (RANSAC inliers), ``(xa, ya, xb, yb)`` in page
    # points: a point of panel a and where b shows it. Empty for clones and for
    # strips matched pixel by pixel (no keypoints).
    points: tuple[tuple[float, float, float, float], ...] = ()


@dataclass(frozen=True)
class Article:
    """A cited article: enough to recognise it again."""

    doi: str | None = None
    title: str | None = None
    journal: str | None = None
    year: int | None = None
    authors: tuple[str, ...] = ()
    first_author: str | None = None


@dataclass(frozen=True)
class Claim:
    """One statement of a notice: these panels of the article relate to those panels."""

    panels: tuple[str, ...]
    relation: str
    text: str
    other: Article | None = None
    other_panels: tuple[str, ...] = ()
    parsed: bool = True
    #: The transform the notice names ("rotated 180°", "flipped", "stretched",
    #: "resized", "re-toned"), or None.
    transform: str | None = None
    #: Labels the notice gives the panels ("GAPDH", "Control 2 h"), in printed order.
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Notice:
    """A retraction, expression of concern or correction, and what it claims."""

    kind: str  # "retraction" | "expression of concern" | "correction"
    article: Article
    doi: str | None = None
    reasons: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    file: str | None = None


@dataclass(frozen=True)
class FileError:
    """A file that could not be processed: its name, the reason in one line, and the
    stage that failed (``"read"``, ``"extract"``, ``"panels"``, ``"detect"`` …).

    ``internal`` is true when the cause is not the file as far as we know but an
    unexpected exception (a bug, or a library's error that we do not turn into a
    reason): the command exits with status 3 for it, not 1."""

    file: str
    error: str
    stage: str | None = None
    internal: bool = False


@dataclass(frozen=True)
class UnconfirmedClaim:
    """A notice claim about a scanned paper that no finding reproduces."""

    notice: str | None  # the notice's DOI
    kind: str
    file: str | None  # the notice's file
    article_doi: str | None
    claim: str  # the claim's text
    panels: tuple[str, ...]
    other_doi: str | None
    other_panels: tuple[str, ...]
    parsed: bool
    status: str = "notice claim not reproduced"


@dataclass(frozen=True)
class RetractedCitation:
    """A reference-list entry of a scanned paper citing an article a notice retracts."""

    reference: str
    doi: str | None  # the retracted article's DOI, when the notice gives one
    notice: str | None  # the notice's DOI
    file: str | None = None  # the citing paper
    context: str | None = None  # the body sentence citing it
