"""The settings of every stage, as frozen dataclasses: one section per stage.

:class:`Settings` holds one section per stage (``settings.extract``,
``settings.panels`` …); each stage function takes its own section and nothing
else. The defaults here equal the bundled ``forensics/default.toml``, which
documents every value and what it trades; :func:`forensics.config.read_config`
fills a :class:`Settings` from that file and a user's overrides.

This module imports nothing of the pipeline, so that every stage can import its
section from here without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExtractConfig:
    """Thresholds of figure extraction (documented in configs/default.toml)."""

    min_graphic_side: float = 12.0
    min_graphic_area: float = 800.0
    render_scale_min: float = 2.0
    render_scale_max: float = 3.0
    max_figure_pixels: int = 16_000_000
    label_margin: float = 40.0
    max_pages: int = 500
    max_page_area: float = 10_000_000.0
    max_page_drawings: int = 50_000
    max_image_pixels: int = 100_000_000
    max_paper_pixels: int = 150_000_000
    max_seconds: float = 300.0


@dataclass(frozen=True)
class PanelConfig:
    """Thresholds of panel splitting and labelling (documented in configs/default.toml)."""

    white_level: int = 240
    strong_level: int = 215
    join_gap: float = 2.0
    min_panel_side: float = 16.0
    min_panel_area: float = 1200.0
    min_small_panel_area: float = 480.0
    min_small_panel_side: float = 8.0
    small_panel_fill: float = 0.9
    small_panel_std: float = 12.0
    letter_min_height: float = 3.5
    letter_max_height: float = 16.0
    letter_reach: float = 45.0
    far_letter_reach: float = 150.0
    merge_text_gap: float = 12.0
    stack_gap: float = 6.0
    strip_stack_gap: float = 12.0
    stack_align: float = 3.0
    template_threshold: float = 0.85
    ocr_threshold: float = 0.6


@dataclass(frozen=True)
class FingerprintConfig:
    """Thresholds of fingerprint extraction (TOML section ``[fingerprint]``).

    Attributes
    ----------
    work_side : int
        Longest side, in pixels, of the grey copy keypoints are computed on.
        Larger finds more detail in big panels and costs time (ORB ~7 ms at 320).
    max_upscale : float
        Small panels are enlarged at most this much towards ``work_side``, so a
        100-px panel still yields keypoints without inventing detail.
    work_short_side : int
        Shortest side of the grey copy, where reaching it needs no enlarging beyond
        ``max_upscale``: a blot strip 40 px high and 570 wide,
        reduced to 320 wide, would be narrower than an ORB patch and give no keypoints.
    keypoints : int
        Keypoints kept per panel (strongest first). More raises recall on
        crops and low-texture panels and costs matching time per pair.
    fast_threshold : int
        FAST corner threshold. Low values find corners on smooth tissue and faint
        blots; high values keep only strong corners (and more of them on text).
    few_keypoints : int
        A panel with fewer keypoints than this is searched again at half the FAST
        threshold: smooth or enlarged content has few strong corners. (Much lower
        thresholds fill the panel with noise corners that match nothing.)
    """

    work_side: int = 320
    max_upscale: float = 2.0
    work_short_side: int = 96
    keypoints: int = 500
    fast_threshold: int = 8
    few_keypoints: int = 100


@dataclass(frozen=True)
class IndexConfig:
    """Thresholds of the candidate search (TOML section ``[index]``).

    Attributes
    ----------
    phash_distance : int
        Largest Hamming distance (of 64 bits) between whole-image hashes that makes
        a candidate. Higher finds more re-toned/recompressed copies and lets more
        look-alike charts and blots through to the (costly) verifier.
    vote_keypoints : int
        Strongest descriptors per panel that vote. Cost grows with its square.
    vote_distance : int
        Largest Hamming distance (of 256 bits) for a descriptor to vote.
    min_votes : int
        Votes a pair needs to become a candidate.
    max_candidates : int
        Partners per panel kept from the vote, strongest first (inside a pair of
        papers, and across a whole audited corpus).
    corpus_min_score : float
        Weighted votes two panels of different papers need to be compared in an audit
        (:mod:`forensics.corpus`): each shared descriptor counts one divided by the
        number of panels it is close to, so a pattern every blot has counts little
        and a copy's distinctive detail counts fully.
    """

    phash_distance: int = 12
    vote_keypoints: int = 256
    vote_distance: int = 40
    min_votes: int = 6
    max_candidates: int = 5
    corpus_min_score: float = 2.0


@dataclass(frozen=True)
class VerifyConfig:
    """Thresholds of pair verification (TOML section ``[verify]``).

    Attributes
    ----------
    ratio : float
        Lowe's ratio test on descriptor matches. Higher keeps more matches on
        repetitive texture (recall on blots) and more wrong ones (RANSAC time).
    min_inliers : int
        RANSAC inliers needed before the pixel check runs at all.
    ransac_threshold : float
        RANSAC reprojection tolerance, work-image pixels.
    max_scale : float
        Largest accepted size ratio between the copies (either way).
    window : int
        Side of the local-correlation window, work pixels (odd).
    texture_std : float
        Local standard deviation (grey levels) below which a pixel is flat and
        carries no evidence. Low values let noise of blank areas vote.
    local_ncc : float
        Local correlation at which a textured pixel agrees.
    min_agreement : float
        Fraction of the region's textured pixels that must agree.
    frame_agreement : float
        Agreement over the whole common frame at which the match is the frame;
        below it the matched region shrinks to the agreeing area (a reused strip).
        Higher reports more partial reuse as "overlap" instead of "duplicate".
    min_region : float
        Smallest matched region, as a fraction of the smaller panel's area.
        Lower finds smaller reused pieces and more coincidences (labels, text).
    min_side : float
        Smallest side of the matched region as a fraction of panel a's side: a
        lone lane, ladder or axis (thin and identical by construction) is no finding.
    min_textured_pixels : int
        Textured work pixels the region must hold: the evidence floor that stops
        blank blots and empty charts from matching.
    min_detail_ncc : float
        Correlation of the fine-detail residual within the region; separates
        copies from same-layout look-alikes.
    score_midpoint : float
        ``agreement + detail_ncc`` at which the score is 0.5 (image content).
    graphic_agreement : float
        Agreement required when only rendered graphics (text, axes: a chart) carry
        texture; unrelated charts of one style agree on their axes and labels.
    min_score : float
        Calibrated score below which a verified pair is dropped.
    near_miss : float
        A pair scoring from this up to ``min_score`` is verified once more the other
        way round (b's keypoints matched to a's, compared in b's frame; 0 = never).
        Used by :mod:`forensics.detect`, which verifies each pair in one canonical
        order.
    duplicate_overlap : float
        A match covering at least this fraction of both panels is a "duplicate",
        otherwise an "overlap".
    max_lane_width : float
        Width of one lane (or a ladder with its neighbour), as a fraction of the
        panel width: a matched region this narrow and taller than half the panel, in
        both panels, is one lane, identical by design (a DNA ladder): no finding.
    lane_share : float
        Share of the agreeing evidence that, when it lies within one column band
        ``max_lane_width`` wide, makes a match running down most of the panel a lane
        match even when its region is wider: unrelated gels agree on their ladders
        and nowhere else.
    chart_white : float
        Share of page-white pixels from which a panel is a chart or line art.
    chart_min_overlap : float
        Charts match only as (near-)whole panels: the region must cover at least
        this fraction of one of the two panels (a crop of a chart still counts).
    chart_identity : float
        Share of a chart's ink pixels that must agree after a tone fit.
    detail_per_blur : float
        Scale of the fine-detail residual (and, with it, the correlation window) per
        pixel of resolution blur, when a copy holding less detail is compared.
    retry_blur : float
        When the sharp comparison does not settle a pair, it is compared again with
        both images blurred by this (work pixels; 0 = never): a shrunk, rotated or
        re-interpolated copy has lost its source's finest grain. bench/detect.py:
        1.0 found 5 more planted copies and no look-alike; 2.0 let look-alikes in.
    min_inlier_share : float
        RANSAC inliers as a share of the keypoints inside the matched region (of
        the panel with fewer there): a copy repeats a good part of its keypoints,
        a look-alike (repetitive bands, nuclei) only a few per hundred.
    sure_agreement, sure_detail : float
        A pair short of ``min_inlier_share`` still passes when its pixels agree over
        this share of the region and its fine detail correlates this well, with the
        agreement not lying in one lane (``lane_share``): a copy of a row of
        look-alike bands, whose keypoints mostly match the wrong band.
    refits : int
        Times RANSAC is run again, without the previous fit's inliers, when its fit
        collapses the panel (scale under ``1 / max_scale``: many keypoints matched
        to one band).
    """

    ratio: float = 0.85
    min_inliers: int = 8
    ransac_threshold: float = 3.0
    max_scale: float = 4.0
    window: int = 9
    texture_std: float = 4.0
    local_ncc: float = 0.5
    min_agreement: float = 0.6
    frame_agreement: float = 0.8
    min_region: float = 0.03
    min_side: float = 0.12
    min_textured_pixels: int = 800
    min_detail_ncc: float = 0.45
    graphic_agreement: float = 0.9
    score_midpoint: float = 1.5
    min_score: float = 0.5
    near_miss: float = 0.1
    duplicate_overlap: float = 0.8
    max_lane_width: float = 0.3
    lane_share: float = 0.75
    chart_white: float = 0.5
    chart_min_overlap: float = 0.9
    chart_identity: float = 0.9
    detail_per_blur: float = 1.5
    retry_blur: float = 1.0
    min_inlier_share: float = 0.1
    sure_agreement: float = 0.95
    sure_detail: float = 0.85
    refits: int = 3


@dataclass(frozen=True)
class CloneConfig:
    """Thresholds of the clone search (TOML section ``[clones]``).

    Attributes
    ----------
    max_side : int
        Panels larger than this (pixels) are reduced by an integer factor first.
    min_shift : float
        Smallest displacement (pixels) between the two copies.
    keypoints : int
        ORB keypoints detected for self-matching.
    keypoint_offsets : int
        Densest keypoint displacements taken as candidate offsets.
    match_ratio : float
        Lowe's ratio: a keypoint's nearest other keypoint must be this much closer
        than the second-nearest.
    min_votes : int
        Keypoint matches a displacement needs to be a candidate.
    block : int
        Side (pixels) of the blocks compared in the dense search; each is described
        by the mean grey levels of its 4 x 4 cells.
    block_area : int
        Panels of more pixels are reduced to this area for the dense search.
    block_neighbours : int
        Blocks each block is compared with, its neighbours in an ordering by content.
    block_similarity : float
        Cosine similarity (of mean-free cell vectors) a block's partner must reach.
    block_ratio : float
        A block's partner must be this much closer (1 - similarity) than any block
        at another displacement.
    block_offsets : int
        Densest block displacements taken as candidate offsets.
    block_votes : int
        Block matches a displacement needs to be a candidate.
    grey_block_tolerance : float
        Grey panels are also searched with the cells' grey levels as they are; two
        blocks agree within this many grey levels (root mean square per cell). It
        takes ``block_offsets`` displacements with ``block_votes`` blocks, like the
        block search. 0 turns this search off.
    grey_block_area : int
        Panels of more pixels are reduced to this area for the grey-level search.
    grey_tint : float
        A colour panel is grey (to that search) when each channel is a linear function
        of the channels' mean to within this many grey levels (RMS): a tinted film scan.
    grey_block_ratio : float
        A block's partner in the grey-level search must be this much closer (squared
        distance) than any block at another displacement.
    grey_block_neighbours : int
        ``block_neighbours`` of the grey-level search: blocks of a blot alike in
        brightness crowd its ordering, so a copy can lie further from its source.
    refine_share : float
        An offset within 2 pixels of a candidate is tried too when the candidate's
        support repeats there with at most this share of the squared grey-level
        difference (a paste is exact to the pixel; votes are not). 0 turns it off.
    window : int
        Side (pixels) of the local correlation window.
    texture_std : float
        Local grey-level standard deviation below which a pixel is flat.
    local_ncc : float
        Local correlation above which a pixel agrees with its shifted self.
    min_agreement : float
        Share of the region's texture that agrees.
    min_textured_pixels : int
        Textured pixels a region needs.
    min_region : float
        Smallest region, as a share of the panel's area.
    min_region_side : int
        Smallest side (pixels) of a region: an area, not a line (strip borders
        repeat along one axis).
    max_overlap : float
        Largest share of a region covered by its own copy grown by one window.
    exclude : int
        Radius (pixels) around the region and its copy left out of "elsewhere".
    min_match : float
        Correlation of the region's template with its copy.
    max_elsewhere : float
        Correlation of the template with the best other place in the panel.
    max_ratio : float
        ``(1 - copy) / (1 - elsewhere)``: how much closer the copy is than the rest.
    exact_ratio : float
        Ratio under which the copy counts even where the best other place exceeds
        ``max_elsewhere`` (a near-exact paste in self-similar content).
    exact_rms : float
        A region failing the correlation tests still counts when its grey levels
        differ from its copy's by at most this (RMS, re-compression noise) and from
        any other place in the panel by ``exact_margin`` times more (times 0.5 at
        least, so that a digital copy needs a margin too); 0 turns it off.
    exact_margin : float
        See ``exact_rms``.
    grain_window : int
        The grain is the panel minus its median over this many pixels square (odd):
        pixel noise, without the smooth profiles of bands and cells.
    grain_match : float
        A region failing the tests above still counts when it is closer to its copy
        than to anything else (``max_ratio``) and its grain correlates with its copy's
        by at least this, and ``grain_margin`` times more than with any other place's;
        0 turns it off.
    grain_margin : float
        See ``grain_match``.
    core_level : float
        A region failing the uniqueness tests is tried again on its exact core: the
        rows and columns whose pixels repeat the copy's grey level to within this
        (mean absolute difference over 3 x 3). 0 turns it off.
    core_share : float
        Share of a row's (column's) pixels that must repeat for it to be in the core.
    loose_core_share : float
        The same, for a second core tried when the first fails (re-compression can
        blur a thin paste's band edges by more than ``core_level``). 0 turns it off.
    edge_share : float
        Where no area agrees by local correlation at an offset, the exact core of the
        area holding its evidence is tried, and must end abruptly: a side of it is an
        edge when at most this share of the pixels just beyond it repeat the copy.
    edge_sides : int
        Edges such a core needs (a paste has four, fewer where the core is cut short).
    max_part_ratio : float
        The same ratio, under which a textured quarter of the region is unique;
        unique quarters must be two at least and outnumber the look-alike ones.
    overlay_white : int
        Lowest channel value of white lettering and scale bars drawn over an image.
    overlay_contrast : int
        How much lighter than the median of its surroundings (``overlay_surround``
        pixels square) lettering is: on a light blot or gel, near-white pixels are
        the background, not lettering.
    overlay_surround : int
        See ``overlay_contrast`` (odd).
    overlay_page : int
        Median of the surroundings from which they are page white: near-white pixels
        there (and the labels they hold) are lettering whatever their contrast.
    gutter_white : int
        Grey level of a white gutter between two images in one panel box.
    gutter_share : float
        Share of a column or row the gutter must fill (a label may cross it).
    """

    max_side: int = 640
    min_shift: float = 12.0
    keypoints: int = 1000
    keypoint_offsets: int = 4
    match_ratio: float = 0.7
    min_votes: int = 3
    block: int = 12
    block_area: int = 20000
    block_neighbours: int = 16
    block_similarity: float = 0.95
    block_ratio: float = 0.5
    block_offsets: int = 4
    block_votes: int = 10
    grey_block_tolerance: float = 2.0
    grey_tint: float = 3.0
    grey_block_area: int = 40000
    grey_block_ratio: float = 0.25
    grey_block_neighbours: int = 48
    refine_share: float = 0.5
    window: int = 9
    texture_std: float = 3.0
    local_ncc: float = 0.9
    core_level: float = 4.0
    core_share: float = 0.8
    loose_core_share: float = 0.5
    edge_share: float = 0.25
    edge_sides: int = 2
    min_agreement: float = 0.5
    min_textured_pixels: int = 200
    min_region: float = 0.01
    min_region_side: int = 9
    max_overlap: float = 0.2
    exclude: int = 6
    min_match: float = 0.8
    max_elsewhere: float = 0.85
    max_ratio: float = 0.5
    exact_ratio: float = 0.08
    exact_rms: float = 1.75
    exact_margin: float = 2.5
    grain_window: int = 3
    grain_match: float = 0.35
    grain_margin: float = 2.0
    max_part_ratio: float = 0.7
    overlay_white: int = 225
    overlay_contrast: int = 40
    overlay_surround: int = 31
    overlay_page: int = 250
    gutter_white: int = 235
    gutter_share: float = 0.95


@dataclass(frozen=True)
class DetectConfig:
    """Switches of the detection run (TOML section ``[detect]``).

    Attributes
    ----------
    clones : bool
        Search each panel for copy-move clones when scanning one set of panels.
    line_art_white : float
        Share of a panel in flat page white (no grain) from which it is a chart or
        other line art, and left out: unrelated charts of one style share axes, fonts
        and bar shapes, and a chart is not the image data sleuths compare.
    strips : bool
        Also compare the strips of blots (bands of a panel between white rows) with
        each other: a loading control reused under different target blots.
    min_overlap_share : float
        A partial overlap must cover at least this share of one of the two panels;
        smaller shared regions are mostly look-alike bands and lanes.
    channel_hue : float
        Hue difference (degrees) from which the two regions of a clone, both in
        colour, are two channels of one field of view side by side (nuclei in blue, a
        marker in green over the same cells) rather than a paste. 0 turns it off.
    clone_min_side : float
        Shortest side (points, as printed) of a reported clone: a shorter region can
        be one line of printed words repeated in the panel's pixels.
    strip_correlation : float
        Grey-level correlation under the verified transform from which a strip of a
        blot matched whole is repeated in the other; a blot repeating only some of
        its strips is reported as an overlap of those.
    max_hue_mismatch : float
        Largest share of a match's bright, coloured pixels whose hue may differ
        between the two panels; more is two channels of one field, or a channel
        beside its merge, not a copy.
    strip_min_score : float
        Score a reused blot strip needs. A strip is small and framed, labelled and
        banded like its neighbours, so look-alike strips score higher than look-alike
        whole panels do.
    strip_grey, strip_detail : float
        Grey-level and fine-detail correlation from which two blot strips compared
        pixel by pixel (resized to one width) are one strip; ``strip_grey`` above 1
        turns the pixel comparison off.
    strip_min_contrast : float
        Grey-level standard deviation a strip needs to be compared pixel by pixel: a
        blank strip matches any other.
    one_scale : float
        A candidate pair that fails verification is verified again with both panels'
        working copies at one scale when their scales differ by this factor or more (a
        wide panel and a crop of it); 1 or less turns it off.
    one_scale_side : int
        Longest side (pixels) of a working copy made again for that.
    include_graphics : bool
        Also report agreements that rest on graphics (charts, icons, schematics, colour
        bars): by default a finding must rest on image data.
    min_region_tone : float
        Share of each matched region that must be continuous tone
        (:func:`forensics.classify.tone_mask`) for the finding to rest on image data.
    """

    clones: bool = True
    strips: bool = True
    include_graphics: bool = False
    min_region_tone: float = 0.5
    line_art_white: float = 0.4
    min_overlap_share: float = 0.15
    channel_hue: float = 60.0
    clone_min_side: float = 3.5
    strip_min_score: float = 0.85
    max_hue_mismatch: float = 0.01
    strip_correlation: float = 0.9
    strip_grey: float = 0.98
    strip_detail: float = 0.6
    strip_min_contrast: float = 8.0
    one_scale: float = 1.6
    one_scale_side: int = 1000


@dataclass(frozen=True)
class LinkConfig:
    """Thresholds of linking, read from the ``[notices]`` config section."""

    #: Word-set overlap (Jaccard) above which two titles name the same article,
    #: used only when a DOI is missing. Lower links more DOI-less notices but
    #: risks confusing articles with near-identical titles.
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
