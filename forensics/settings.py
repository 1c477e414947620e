"""The settings of every stage, as frozen dataclasses: one section per stage.

:class:`Settings` holds one section per stage (``settings.extract``,
``settings.panels`` …); each stage function takes its own section and nothing
else. The defaults here are the calibrated values, each with a short note on what
it trades (how each was measured: "Calibration" in ``docs/benchmarks.md``).

A few of them are user settings (:data:`forensics.config.USER_KEYS`), documented in
the bundled ``forensics/default.toml`` with these same values;
:func:`forensics.config.read_config` fills a :class:`Settings` from that file and a
user's overrides. Benchmarks and research change any other value with
``dataclasses.replace``::

    settings = Settings()
    looser = replace(settings, verify=replace(settings.verify, ratio=0.9))

Units: pt are PDF points (1/72 inch, as printed); px are pixels of the image a
stage works on; shares and correlations run 0-1; grey levels 0-255.

This module imports nothing of the pipeline, so that every stage can import its
section from here without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExtractConfig:
    """Figure extraction; ``[extract]`` (the resource limits and the render scale are
    user settings, see ``default.toml`` and ``docs/security.md``)."""

    #: Images and drawing clusters with a side under this (pt) are page furniture
    #: (icons, rules, logos), not figure parts. Lower finds tiny insets.
    min_graphic_side: float = 12.0
    #: ... or an area under this (pt²). Low enough for a 33 x 27 pt blot printed alone.
    min_graphic_area: float = 800.0
    #: Render scale (px per pt) of a figure: the resolution of the images inside it,
    #: between ``render_scale_min`` and ``render_scale_max``. Higher keeps detail of
    #: vector figures and costs time and memory.
    render_scale_min: float = 2.0
    render_scale_max: float = 3.0
    #: Pixels of one rendered figure; a larger figure is rendered at a lower scale.
    max_figure_pixels: int = 16_000_000
    #: Single letters up to this far (pt) above or left of a figure's graphics join its
    #: region: panel letters printed in the margin.
    label_margin: float = 40.0
    #: Resource limits for untrusted PDFs (``docs/security.md``): ``max_pages`` (a
    #: longer file is refused), ``max_page_area`` (pt²), ``max_page_drawings`` (vector
    #: paths clustered on one page; the clustering is quadratic), ``max_image_pixels``
    #: (declared, of one image), ``max_paper_pixels`` (rendered per paper) and
    #: ``max_seconds`` of reading; what is over a limit is skipped, with a warning.
    max_pages: int = 500
    max_page_area: float = 10_000_000.0
    max_page_drawings: int = 50_000
    max_image_pixels: int = 100_000_000
    max_paper_pixels: int = 150_000_000
    max_seconds: float = 300.0


@dataclass(frozen=True)
class PanelConfig:
    """Panel splitting and labelling; ``[panels]``, calibrated values only."""

    #: A pixel with every channel at least this is page background. Lower tolerates
    #: JPEG noise in gutters; higher keeps faint axis text with its panel.
    white_level: int = 240
    #: Darker pixels are solid ink: tells a row of glyphs from a panel it is bridged
    #: to by faint JPEG ringing.
    strong_level: int = 215
    #: Ink closer than this (pt) is one blob. Higher keeps panels with thin white seams
    #: whole; lower separates panels (and letters) set close together.
    join_gap: float = 2.0
    #: Blobs with a side (pt) under ``min_panel_side`` or an area (pt²) under
    #: ``min_panel_area`` are text, not panels ...
    min_panel_side: float = 16.0
    min_panel_area: float = 1200.0
    #: ... except images down to ``min_small_panel_area`` and
    #: ``min_small_panel_side``, inked over ``small_panel_fill`` of their box
    #: (a word is mostly white) with a grey-level spread of ``small_panel_std`` (a
    #: legend swatch is flat): small thumbnails and blot strips, not rotated labels.
    min_small_panel_area: float = 480.0
    min_small_panel_side: float = 8.0
    small_panel_fill: float = 0.9
    small_panel_std: float = 12.0
    #: Height (pt) of a single glyph that may be a panel letter, from
    #: ``letter_min_height`` to ``letter_max_height``.
    letter_min_height: float = 3.5
    letter_max_height: float = 16.0
    #: How far (pt) from a panel's top-left corner its letter may stand.
    letter_reach: float = 45.0
    #: A caption-named letter with no panel within ``letter_reach`` goes to the nearest
    #: free panel below and right of it within this (pt): letters above a title.
    far_letter_reach: float = 150.0
    #: Text within this (pt) of a panel is folded into it (axis labels, titles).
    merge_text_gap: float = 12.0
    #: Blobs stacked this close (pt), edges aligned within ``stack_align``, no letter
    #: between, are one panel (the strips of one blot); ``strip_stack_gap`` when both
    #: are inked strips (a tall blot spaces them 7-9 pt). Higher merges stacked charts.
    stack_gap: float = 6.0
    strip_stack_gap: float = 12.0
    stack_align: float = 3.0
    #: Letter reading: template correlation trusted; below it OCR, whose confidence
    #: must reach ``ocr_threshold``. Lower accepts more misread letters.
    template_threshold: float = 0.85
    ocr_threshold: float = 0.6


@dataclass(frozen=True)
class FingerprintConfig:
    """Fingerprints of panels; ``[fingerprint]``, calibrated values only."""

    #: Longest side (px) of the grey copy keypoints are found on. Larger finds more
    #: detail in big panels and costs time (ORB ~7 ms at 320).
    work_side: int = 320
    #: Small panels are enlarged at most this much, so a 100-px panel still yields
    #: keypoints without inventing detail.
    max_upscale: float = 2.0
    #: Shortest side (px) of the grey copy, as far as ``max_upscale`` allows: a thin
    #: blot strip stays taller than an ORB patch (31 px) and keeps its keypoints.
    work_short_side: int = 96
    #: ORB keypoints kept per panel, strongest first. More: recall on crops and faint
    #: panels, for matching time per pair.
    keypoints: int = 500
    #: FAST corner threshold. Lower finds corners on smooth tissue and faint blots,
    #: and more noise.
    fast_threshold: int = 8
    #: A panel with fewer keypoints is searched again at half ``fast_threshold``:
    #: smooth or enlarged content has few strong corners.
    few_keypoints: int = 100


@dataclass(frozen=True)
class IndexConfig:
    """The candidate search; ``[index]``, calibrated values only."""

    #: Largest whole-image pHash distance (of 64 bits, best of 8 orientations) that
    #: makes a candidate. Higher: more re-toned copies, more look-alikes to verify.
    phash_distance: int = 12
    #: Descriptors per panel that vote for crop and overlap candidates, first of the
    #: spread order; cost grows with its square (256 lets a tenth of a panel vote).
    vote_keypoints: int = 256
    #: Largest Hamming distance (of 256 bits) at which a descriptor votes.
    vote_distance: int = 40
    #: Votes a pair needs (``min_votes``) and partners kept per panel, strongest first
    #: (``max_candidates``): recall on small overlaps against verification time.
    min_votes: int = 6
    max_candidates: int = 5
    #: Audits: weighted votes two panels of different papers need to be compared
    #: (a vote is split among the panels it is close to, so common patterns count
    #: little). Lower: more pairs to verify.
    corpus_min_score: float = 2.0
    #: Audits: how far a pair's score must stand above the background of each of its
    #: panels (the score its look-alikes reach, :mod:`forensics.corpus`). Lower: more
    #: look-alike pairs to verify.
    corpus_lift: float = 1.5


@dataclass(frozen=True)
class VerifyConfig:
    """Pair verification; ``[verify]`` (``min_score`` is a user setting)."""

    #: Lowe's ratio on descriptor matches. Higher keeps more matches on repetitive
    #: blots, and more wrong ones (RANSAC time).
    ratio: float = 0.85
    #: RANSAC inliers needed before the pixel check (``min_inliers``), reprojection
    #: tolerance (``ransac_threshold``, work px), largest size ratio between the
    #: copies either way (``max_scale``).
    min_inliers: int = 8
    ransac_threshold: float = 3.0
    max_scale: float = 4.0
    #: Local correlation window (work px, odd) and the grey-level std below which a
    #: pixel is flat, no evidence. Lower ``texture_std`` lets blank-area noise vote.
    window: int = 9
    texture_std: float = 4.0
    #: Local correlation at which a textured pixel agrees.
    local_ncc: float = 0.5
    #: Share of the region's textured pixels that must agree.
    min_agreement: float = 0.6
    #: Agreement over the whole common frame from which the frame is the match; below
    #: it the region shrinks to the agreeing area. Higher: more "overlap" findings.
    frame_agreement: float = 0.8
    #: Smallest region (``min_region``, share of the smaller panel) and side
    #: (``min_side``, share of panel a's side). Lower finds smaller reused pieces, and
    #: lone lanes or axes, identical anyway (0.03: about a twentieth of a panel).
    min_region: float = 0.03
    min_side: float = 0.12
    #: Textured work pixels the region must hold: blank blots and empty charts do not
    #: match.
    min_textured_pixels: int = 800
    #: Correlation of the fine-detail residual in the region: copies share grain,
    #: same-layout look-alikes do not.
    min_detail_ncc: float = 0.45
    #: Agreement needed when only rendered graphics carry texture (a chart): charts of
    #: one style agree on axes and fonts anyway.
    graphic_agreement: float = 0.9
    #: ``agreement + detail_ncc`` at which the score is 0.5. Lower: recall on heavy
    #: JPEG, more look-alikes.
    score_midpoint: float = 1.5
    #: Score a verified pair must reach to be reported (user setting).
    min_score: float = 0.5
    #: A pair scoring from this up to ``min_score`` is verified again the other way
    #: round (verification is not symmetric); 0 never.
    near_miss: float = 0.1
    #: A match covering this share of both panels is a "duplicate", else an "overlap".
    duplicate_overlap: float = 0.8
    #: A region this narrow (share of the width) and over half the height, in both
    #: panels, is one lane (a ladder), identical by design: no finding.
    max_lane_width: float = 0.3
    #: A match down most of the panel whose evidence lies for this share in one such
    #: column band is a lane match too. Lower drops copies of sparse gels.
    lane_share: float = 0.75
    #: Share of flat page white from which a panel's region is a chart or line art.
    chart_white: float = 0.5
    #: Charts match only as (near-)whole panels: the region covers this share of one.
    chart_min_overlap: float = 0.9
    #: Share of a chart's ink pixels that must agree after a tone fit. Lower: re-drawn
    #: charts; higher: JPEG'd copies lost.
    chart_identity: float = 0.9
    #: Fine-detail residual scale (and window) per px of blur when a copy holding less
    #: detail is compared at its level: copies printed much smaller.
    detail_per_blur: float = 1.5
    #: Blur (work px) of a second comparison of an undecided pair: shrunk, rotated or
    #: re-interpolated copies lose their finest grain; 0 never, 2 lets look-alikes in.
    retry_blur: float = 1.0
    #: RANSAC inliers as a share of the keypoints inside the region: copies repeat a
    #: good part of theirs, look-alike blots a few per hundred.
    min_inlier_share: float = 0.1
    #: ... unless the pixels agree over ``sure_agreement`` of the region and its fine
    #: detail correlates ``sure_detail``, not in one lane: a copy of a row of
    #: look-alike bands, its keypoints matched to the wrong band (2: off).
    sure_agreement: float = 0.95
    sure_detail: float = 0.85
    #: Fine detail must agree this much better aligned than shifted, or than each
    #: image with itself shifted (:func:`forensics.pixels.alignment_margin`): copies
    #: 0.3 and more, look-alikes of one layout about 0. -2: off.
    min_margin: float = 0.1
    #: RANSAC fits run again without the previous inliers when a fit collapses a
    #: panel onto one band (scale under ``1 / max_scale``); 0 never.
    refits: int = 3


@dataclass(frozen=True)
class CloneConfig:
    """Copy-move clones inside one panel; ``[clones]``, calibrated values only."""

    #: Panels larger than this (px) are reduced by an integer factor (cost ~ area).
    max_side: int = 640
    #: Smallest displacement (px) between the two copies.
    min_shift: float = 12.0
    #: ORB keypoints matched to the panel's own, and the ``keypoint_offsets`` densest
    #: displacements taken as candidates. 500 keypoints lose pastes.
    keypoints: int = 1000
    keypoint_offsets: int = 4
    #: Lowe's ratio: a row of look-alike bands gives each band near neighbours.
    match_ratio: float = 0.7
    #: Keypoint matches a displacement needs to be a candidate.
    min_votes: int = 3
    #: Dense block search for smooth pastes (bands): blocks of ``block`` px, described
    #: by 4 x 4 cell means without mean and contrast, compared with
    #: ``block_neighbours`` in an ordering by content; a partner reaches
    #: ``block_similarity`` (cosine) and is ``block_ratio`` times closer than any at
    #: another displacement; ``block_offsets`` densest displacements with
    #: ``block_votes`` blocks. Panels over ``block_area`` px are reduced (cost ~ area).
    block: int = 12
    block_area: int = 20000
    block_neighbours: int = 16
    block_similarity: float = 0.95
    block_ratio: float = 0.5
    block_offsets: int = 4
    block_votes: int = 10
    #: Grey panels are also searched by their grey levels as they are (a paste repeats
    #: them, look-alike bands only their shape): cells within this RMS (0: off).
    grey_block_tolerance: float = 2.0
    #: A colour panel is grey when each channel is linear in their mean within this
    #: (RMS): a film scanned with a colour cast.
    grey_tint: float = 3.0
    #: Area (px) of that search: more than ``block_area``, since reducing blurs two
    #: copies differently; its ``grey_block_ratio`` (squared distance) and
    #: ``grey_block_neighbours`` (a blot's blocks alike in brightness crowd the order).
    grey_block_area: int = 40000
    grey_block_ratio: float = 0.25
    grey_block_neighbours: int = 48
    #: An offset within 2 px of a voted one is tried when the support repeats there
    #: with at most this share of the squared difference (votes are a pixel off).
    refine_share: float = 0.5
    #: Local correlation ``window`` (px), ``texture_std`` under which a pixel is flat,
    #: and the ``local_ncc`` at which a pixel agrees with its shifted self (0.7 let
    #: look-alike areas join the region).
    window: int = 9
    texture_std: float = 3.0
    local_ncc: float = 0.9
    #: Exact core of a region failing uniqueness: rows and columns with ``core_share``
    #: (else ``loose_core_share``; 0 off) of pixels within ``core_level`` grey levels
    #: of the copy; an evidence box's core needs ``edge_sides`` abrupt sides, each with
    #: at most ``edge_share`` repeating just beyond (a paste's surroundings differ).
    core_level: float = 4.0
    core_share: float = 0.8
    loose_core_share: float = 0.5
    edge_share: float = 0.25
    edge_sides: int = 2
    #: Share of the region's texture that agrees (``min_agreement``), and the
    #: textured pixels it needs (``min_textured_pixels``).
    min_agreement: float = 0.5
    min_textured_pixels: int = 200
    #: Smallest region (``min_region``, share of the panel) and side
    #: (``min_region_side``, px): an area, not a line.
    min_region: float = 0.01
    min_region_side: int = 9
    #: Largest share of a region its own copy (grown by a window) covers: lanes and
    #: ladders agree with themselves one pitch away; a paste lies apart.
    max_overlap: float = 0.2
    #: Uniqueness: the region's template reaches ``min_match`` on its copy, at most
    #: ``max_elsewhere`` elsewhere (``exclude`` px around both left out), and
    #: ``(1 - copy) / (1 - elsewhere)`` at most ``max_ratio`` (``exact_ratio`` when
    #: elsewhere is higher: self-similar content).
    exclude: int = 6
    min_match: float = 0.8
    max_elsewhere: float = 0.85
    max_ratio: float = 0.5
    exact_ratio: float = 0.08
    #: ... or the grey levels repeat within ``exact_rms`` of the copy's and
    #: ``exact_margin`` times closer than elsewhere: a pasted band repeats its grey
    #: levels, look-alike bands their shape (0: off).
    exact_rms: float = 1.75
    exact_margin: float = 2.5
    #: ... or the grain (panel minus its median over ``grain_window`` px) correlates
    #: ``grain_match`` with the copy's and ``grain_margin`` times more than elsewhere:
    #: a paste carries its source's noise (0: off).
    grain_window: int = 3
    grain_match: float = 0.35
    grain_margin: float = 2.0
    #: Ratio under which a textured quarter of the region is unique; unique quarters
    #: must be two at least and outnumber the others.
    max_part_ratio: float = 0.7
    #: White lettering over an image (a channel at least ``overlay_white``,
    #: ``overlay_contrast`` lighter than the median of ``overlay_surround`` px, or on
    #: page white from ``overlay_page``) is not texture: labels repeat exactly.
    overlay_white: int = 225
    overlay_contrast: int = 40
    overlay_surround: int = 31
    overlay_page: int = 250
    #: A white gutter (``gutter_share`` of a column at ``gutter_white`` or lighter)
    #: between copies level with each other: two images in one box, not a paste.
    gutter_white: int = 235
    gutter_share: float = 0.95


@dataclass(frozen=True)
class DetectConfig:
    """The detection run; ``[detect]`` (``clones``, ``strips``, ``regions`` and
    ``include_graphics`` are user settings)."""

    #: Search each panel for clones when scanning one set of panels.
    clones: bool = True
    #: Also compare blot strips (bands between white rows): a reused loading control.
    strips: bool = True
    #: Also compare the separate images printed inside a panel (each micrograph of a
    #: grid), so that a reused image is weighed against the image it lies in.
    tiles: bool = True
    #: Also search regions of image data keypoint by keypoint across the paper
    #: (:mod:`forensics.keypoint_search`): a region pasted over part of another image.
    regions: bool = True
    #: Also report agreements resting on graphics (charts, icons, colour bars).
    include_graphics: bool = False
    #: Share of each matched region that must be continuous tone, not ramps, for the
    #: finding to rest on image data: of its ink (page white left out) in an
    #: image-data panel, of its area in any other.
    min_region_tone: float = 0.5
    #: Share of flat page white from which a panel not classed as image data is line
    #: art, not compared: charts of one style share axes and fonts. Lower skips more
    #: panels. Image data (a blot on film, mostly white) is always compared.
    line_art_white: float = 0.4
    #: A partial overlap covers this share of one panel at least. Lower finds smaller
    #: reused regions, and look-alike bands and lanes.
    min_overlap_share: float = 0.15
    #: Hue difference (degrees) from which a clone's two colour regions are two
    #: channels of one field side by side, not a paste; 0 off.
    channel_hue: float = 60.0
    #: Shortest side (pt, printed) of a reported clone: printed words repeat exactly.
    clone_min_side: float = 3.5
    #: Score a reused blot strip needs: strips are framed, labelled and banded alike.
    #: So does a region located by a few keypoints (:mod:`forensics.keypoint_search`):
    #: a small part of both panels.
    strip_min_score: float = 0.85
    #: Largest share of a match's bright coloured pixels whose hue differs: a copy keeps
    #: hue, two channels of one field (or a channel and its merge) do not.
    max_hue_mismatch: float = 0.01
    #: Grey-level correlation under the transform from which a strip of a blot matched
    #: whole is repeated; otherwise only the repeated strips are reported.
    strip_correlation: float = 0.9
    #: Strips compared pixel by pixel are one at ``strip_grey`` grey-level and
    #: ``strip_detail`` fine-detail correlation (``strip_grey`` above 1: off); a strip
    #: needs a grey-level std of ``strip_min_contrast`` (a blank one matches any).
    strip_grey: float = 0.98
    strip_detail: float = 0.6
    strip_min_contrast: float = 8.0
    #: A failed pair whose working scales differ by this factor is verified again at
    #: one scale, copies at most ``one_scale_side`` px (a crop of a wide panel); 1 off.
    one_scale: float = 1.6
    one_scale_side: int = 1000


@dataclass(frozen=True)
class LinkConfig:
    """Linking findings and references to notices; ``[notices]`` (a user setting)."""

    #: Word-set overlap (Jaccard) from which two titles name one article, when a DOI
    #: is missing. Lower links more DOI-less notices; risks near-identical titles.
    title_similarity: float = 0.9


@dataclass(frozen=True)
class Settings:
    """Every stage's settings; the TOML section of each field has the field's name
    (``[notices]`` for :attr:`link`, the stage that links findings to notices)."""

    extract: ExtractConfig = field(default_factory=ExtractConfig)
    panels: PanelConfig = field(default_factory=PanelConfig)
    fingerprint: FingerprintConfig = field(default_factory=FingerprintConfig)
    index: IndexConfig = field(default_factory=IndexConfig)
    verify: VerifyConfig = field(default_factory=VerifyConfig)
    clones: CloneConfig = field(default_factory=CloneConfig)
    detect: DetectConfig = field(default_factory=DetectConfig)
    link: LinkConfig = field(default_factory=LinkConfig)


#: TOML section name → field of :class:`Settings`.
SECTIONS: dict[str, str] = {
    "extract": "extract", "panels": "panels", "fingerprint": "fingerprint", "index": "index",
    "verify": "verify", "clones": "clones", "detect": "detect", "notices": "link",
}
