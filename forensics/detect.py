"""Find duplicated panels: fingerprint → candidate search → verification → Matches.

:func:`find_duplicates` is the one entry point the orchestration layer needs:
``find_duplicates(panels)`` scans a set of panels against itself (and each panel
for clones inside it); ``find_duplicates(panels, others)`` compares two sets.
The result does not depend on the argument order beyond swapping ``a`` and ``b``:
every pair is verified in a canonical order (by panel identity) and the
correspondence is inverted when the caller's order is the other one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from forensics.classify import classify_panel, image_data_share, image_score, panel_cues
from forensics.clones import find_clones
from forensics.colour import hue_mismatch, other_channel
from forensics.findings import (
    clone_match,
    in_panels,
    match_from,
    ref_key,
    regions_overlap,
    same_place,
)
from forensics.fingerprint import Fingerprint, fingerprint_panel
from forensics.geometry import overlaps, page_to_region, pixels_per_point
from forensics.index import candidate_pairs
from forensics.keypoint_search import shared_regions
from forensics.model import Match, Panel
from forensics.pairs import verify_panels
from forensics.pixels import line_art_share
from forensics.settings import DetectConfig, FingerprintConfig, Settings
from forensics.shifts import shifted_copy
from forensics.strips import strip_matches, strip_overlap
from forensics.tiles import crop_unit, is_one_image, is_strip, tile_units
from forensics.turned_clones import turned_clones

logger = logging.getLogger(__name__)


def find_duplicates(
    panels: Sequence[Panel],
    others: Sequence[Panel] | None = None,
    settings: Settings | None = None,
) -> list[Match]:
    """Verified duplications among ``panels``, or between ``panels`` and ``others``.

    Parameters
    ----------
    panels : sequence of Panel
    others : sequence of Panel, optional
        When given, only pairs with one panel from each set are reported, with
        ``a`` from ``panels`` and ``b`` from ``others``; clones are not searched.
    settings : Settings, optional
        Its ``fingerprint``, ``index``, ``verify``, ``clones`` and ``detect``
        sections are used; the defaults when omitted.

    Returns
    -------
    list of Match
        Highest score first. Regions are in page points; ``transform`` tells how
        ``b`` relates to ``a`` (see :mod:`forensics.verify` for the convention).
    """
    settings = settings or Settings()
    fp_config, index_config = settings.fingerprint, settings.index
    verify_config, clone_config = settings.verify, settings.clones
    detect_config = settings.detect

    started = time.perf_counter()
    panels = [p for p in _usable(panels) if is_searched(p, detect_config)]
    # The units of search: the panels, and the separate images printed inside them.
    units_a, owners_a = _units(panels, detect_config)
    prints_a = [fingerprint_panel(unit, fp_config) for unit in units_a]
    if others is None:
        panels_b, units_b, owners_b, prints_b = panels, units_a, owners_a, prints_a
    else:
        panels_b = [p for p in _usable(others) if is_searched(p, detect_config)]
        units_b, owners_b = _units(panels_b, detect_config)
        prints_b = [fingerprint_panel(unit, fp_config) for unit in units_b]
    fingerprinted = time.perf_counter()

    pairs = candidate_pairs(prints_a, None if others is None else prints_b,
                                         index_config)
    searched = time.perf_counter()

    matches: list[Match] = []
    in_tiles: list[Match] = []
    rescaled: dict[tuple[int, float], Fingerprint] = {}
    for i, j in pairs:
        unit_a, unit_b = units_a[i], units_b[j]
        whole_a, whole_b = panels[owners_a[i]], panels_b[owners_b[j]]
        tiled = unit_a is not whole_a or unit_b is not whole_b
        if same_place(unit_a, unit_b) or (tiled and whole_a is whole_b):
            # Two boxes over one part of a page: a split artefact, not a copy. Images
            # of one panel are the clone search's, whose rules know its channels.
            continue
        match = _verified(unit_a, prints_a[i], unit_b, prints_b[j], whole_a, whole_b,
                          settings, rescaled, shifts=len(pairs))
        if match is not None:
            (in_tiles if tiled else matches).append(match)
    matches += _new_places(in_tiles, matches)
    if detect_config.strips:
        matches += strip_matches(panels, None if others is None else panels_b, matches,
                                  fp_config, index_config, verify_config, detect_config)
    if others is None and detect_config.clones:
        for panel, fp in zip(panels, prints_a[:len(panels)], strict=True):
            for turned in turned_clones(fp, verify_config):
                match = replace(match_from(panel, panel, turned, verify_config.duplicate_overlap),
                                kind="clone")
                if not regions_overlap(match) and _on_image_data(match, panel, panel,
                                                                 detect_config):
                    matches.append(match)
            for clone in find_clones(panel.image, clone_config):
                if other_channel(panel.image, clone.region_a, panel.image, clone.region_b,
                                 detect_config.channel_hue):
                    continue
                match = clone_match(panel, clone)
                x0, y0, x1, y1 = match.region_a or (0.0, 0.0, 0.0, 0.0)
                if min(x1 - x0, y1 - y0) >= detect_config.clone_min_side and \
                        _on_image_data(match, panel, panel, detect_config):
                    matches.append(match)
    if detect_config.regions:
        # Last, so that a copy the searches above found whole is not found twice.
        matches += _new_places(
            _region_matches(panels, None if others is None else panels_b, settings), matches)
    finished = time.perf_counter()
    logger.debug(
        "find_duplicates: %d+%d panels, fingerprints %.3f s, search %.3f s (%d pairs), "
        "verify %.3f s, %d matches",
        len(panels), 0 if others is None else len(others), fingerprinted - started,
        searched - fingerprinted, len(pairs), finished - searched, len(matches),
    )
    matches.sort(key=lambda m: (-m.score, ref_key(m.a), ref_key(m.b)))
    return matches


def _verified(unit_a: Panel, fp_a: Fingerprint, unit_b: Panel, fp_b: Fingerprint,
              whole_a: Panel, whole_b: Panel, settings: Settings,
              rescaled: dict[tuple[int, float], Fingerprint], shifts: int = 0,
              located: bool = False) -> Match | None:
    """The finding between two units of search (whole panels, or parts of the panels
    ``whole_a`` and ``whole_b``), named by their panels, or None.

    Keypoints first, again at one print scale when the two were reduced unequally,
    then (when ``shifts`` counts the pairs tried, for the chance count) a shift with
    no keypoint. Then the rules every finding passes: enough of a unit, one hue,
    image data; parts of panels also one channel and, for blot strips and for
    regions ``located`` by a few keypoints (small parts of both panels), a strip's
    evidence.
    """
    fp_config, verify_config, config = settings.fingerprint, settings.verify, settings.detect
    given = fp_a, fp_b
    found = verify_panels(unit_a, fp_a, unit_b, fp_b, verify_config)
    if found is None:
        again = _at_one_scale(unit_a, fp_a, unit_b, fp_b, fp_config, config, rescaled)
        if again is not None:
            fp_a, fp_b = again
            found = verify_panels(unit_a, fp_a, unit_b, fp_b, verify_config)
    if found is None and shifts:
        # Crops of one field offset from each other share a band along their
        # borders, where keypoints are not found: look for the shift itself.
        fp_a, fp_b = given
        found = shifted_copy(unit_a, fp_a, unit_b, fp_b, verify_config, shifts)
    if found is None or max(found.overlap_a, found.overlap_b) < config.min_overlap_share \
            or hue_mismatch(unit_a, fp_a, unit_b, fp_b, found) > config.max_hue_mismatch:
        return None
    match = match_from(unit_a, unit_b, found, verify_config.duplicate_overlap)
    if match.kind == "duplicate":
        match = strip_overlap(match, unit_a, fp_a, unit_b, fp_b, found, config)
    tiled = unit_a is not whole_a or unit_b is not whole_b
    if regions_overlap(match) or not _on_image_data(match, unit_a, unit_b, config,
                                                    strict=tiled):
        return None
    if not tiled:
        return match
    if other_channel(unit_a.image, found.region_a, unit_b.image, found.region_b,
                     config.channel_hue) or (
            found.score < config.strip_min_score and (
                located or is_strip(unit_a) or is_strip(unit_b))):
        # Images side by side are often one field in several channels, and a
        # channel beside its merge: their hues differ, a copy's do not. Strips of
        # blots are banded alike, and regions found from a few keypoints are small:
        # both need a strip's evidence.
        return None
    return in_panels(match, whole_a, whole_b, verify_config.duplicate_overlap)


def _region_matches(panels: list[Panel], others: list[Panel] | None,
                    settings: Settings) -> list[Match]:
    """Findings between regions of image data whose keypoints agree
    (:func:`forensics.keypoint_search.shared_regions`), each region pair verified as
    two crops: a region pasted over part of another image is too small a part of
    either unit for the candidate search."""
    image_a = [p for p in panels if _content(p) == "image"]
    image_b = None if others is None else [p for p in others if _content(p) == "image"]
    found: list[Match] = []
    for pair in shared_regions(image_a, image_b):
        whole_a = image_a[pair.a]
        whole_b = (image_a if image_b is None else image_b)[pair.b]
        unit_a, unit_b = crop_unit(whole_a, pair.box_a), crop_unit(whole_b, pair.box_b)
        if same_place(unit_a, unit_b):
            continue
        match = _verified(unit_a, fingerprint_panel(unit_a, settings.fingerprint), unit_b,
                          fingerprint_panel(unit_b, settings.fingerprint), whole_a, whole_b,
                          settings, {}, located=True)
        if match is not None:
            found.append(match)
    return found


def _units(panels: list[Panel], config: DetectConfig) -> tuple[list[Panel], list[int]]:
    """The panels followed by the images printed inside them
    (:func:`forensics.tiles.tile_units`), with each unit's panel index."""
    if not config.tiles:
        return list(panels), list(range(len(panels)))
    tiles, parents = tile_units(panels)
    return list(panels) + tiles, list(range(len(panels))) + parents


def _new_places(found: list[Match], kept: list[Match]) -> list[Match]:
    """Findings between images inside panels that no finding already ``kept`` (or a
    stronger one of ``found``) shows: a copy found between two whole panels and again
    between the images it lies in is one finding."""
    out: list[Match] = []
    for match in sorted(found, key=lambda m: -m.score):
        if not any(_same_finding(match, other) for other in kept + out):
            out.append(match)
    return out


def _same_finding(m: Match, other: Match) -> bool:
    """Whether two findings outline the same two places (in either order)."""
    for ra, rb in ((other.region_a, other.region_b), (other.region_b, other.region_a)):
        if m.region_a and m.region_b and ra and rb and m.a.page is not None and \
                overlaps(m.region_a, ra) and overlaps(m.region_b, rb):
            return True
    return False


#: Least :func:`forensics.classify.image_score` of a matched region lying in a panel
#: not classed as image data (set on the tuning half: chromatogram traces 0.001-0.01,
#: a generated micrograph's copy classed as graphics 0.3).
MIN_REGION_ODDS = 0.1


def _on_image_data(match: Match, a: Panel, b: Panel, config: DetectConfig,
                   strict: bool = False) -> bool:
    """Whether both regions of a match are image data, or graphics findings are asked
    for. Icons drawn twice, colour bars, shaded wedges and look-alike charts agree on
    flat fills, smooth ramps and sharp strokes; no sleuth reports them.

    A region must be continuous tone that is no ramp
    (:func:`forensics.classify.image_data_share`): over most of its ink in a panel
    classed as image data (the white round a blot's strips is no evidence against
    it), over most of its area in any other panel (a shaded drawing on white, such
    as a schematic mouse drawn in every panel of a figure, is ink that is tone), and
    there the region must not read as graphics beyond doubt (:data:`MIN_REGION_ODDS`).
    Between two panels classed as image data, tied by keypoints that agree, one side
    showing tone is enough: the regions are one content, and re-toning can bury one
    copy's grain in black (a fluorescence field darkened to a mean grey of 9 keeps a
    sixth of its tone). A match found by its shift alone rests on the agreement of
    detail, which means nothing where one side has none (two dark fields of one
    figure, tuning half), so there both sides must show tone; and so must they
    between images inside panels (``strict``): a panel's class speaks for the panel,
    not for each block in it (a grey header box among micrographs, its print
    painted out).
    """
    if config.include_graphics:
        return True
    shares = []
    image_a, image_b = _content(a) == "image", _content(b) == "image"
    both_image = match.inliers > 0 and image_a and image_b and not strict
    for p, region, image in ((a, match.region_a, image_a), (b, match.region_b, image_b)):
        crop = _crop(p, region)
        share = image_data_share(crop, of_ink=image, ignore=_printed(p, region),
                                 one_image=is_one_image(crop))
        if not both_image and share < config.min_region_tone:
            return False
        # Outside image data, the region itself must not read as graphics beyond
        # doubt: chromatogram traces over light fills are tone by area, yet drawn.
        if not image and image_score(panel_cues(
                crop, pixels_per_point(p.bbox, p.image.shape[1]))) < MIN_REGION_ODDS:
            return False
        shares.append(share)
    return max(shares) >= config.min_region_tone


def _printed(panel: Panel, region: tuple[float, float, float, float] | None) -> np.ndarray:
    """Mask, over :func:`_crop` of the region, of the panel's printed-text boxes
    (painted out: their smooth fill is neither image data nor graphics)."""
    mask = np.zeros(panel.image.shape[:2], bool)
    for box in panel.text_boxes:
        mask[_region_slices(panel, box)] = True
    return mask[_region_slices(panel, region)]


def _region_slices(panel: Panel, region: tuple[float, float, float, float] | None
                   ) -> tuple[slice, slice]:
    """Rows and columns of a panel's pixels under a page region (all of them when the
    region is None)."""
    rows, cols = panel.image.shape[:2]
    if region is None:
        return slice(0, rows), slice(0, cols)
    c0, r0, c1, r1 = page_to_region(panel.bbox, panel.image.shape, region)
    return slice(r0, r1), slice(c0, c1)


def _crop(panel: Panel, region: tuple[float, float, float, float] | None) -> np.ndarray:
    """A panel's pixels under a page region (all of it when the region is None)."""
    return panel.image[_region_slices(panel, region)]


def _at_one_scale(panel_a: Panel, fp_a: Fingerprint, panel_b: Panel, fp_b: Fingerprint,
                  fp_config: FingerprintConfig, config: DetectConfig,
                  made: dict[tuple[int, float], Fingerprint]
                  ) -> tuple[Fingerprint, Fingerprint] | None:
    """The two fingerprints with the one whose working copy is reduced more made again
    at the other's scale, when their scales differ by ``config.one_scale`` or more.

    Working copies bring every panel to about one size, right for a copy printed at
    another size, wrong for a crop: a wide panel reduced to 96 px high holds its crop,
    enlarged to 96 px high, at a third of the crop's size, too small for ORB patches.
    ``made`` caches the fingerprints made again (by panel and scale).
    """
    if config.one_scale <= 1.0:
        return None
    low, high = sorted((fp_a.work_scale, fp_b.work_scale))
    if high < config.one_scale * low:
        return None
    panel = panel_a if fp_a.work_scale == low else panel_b
    longest = max(panel.image.shape[:2])
    scale = min(high, config.one_scale_side / longest)
    if scale < config.one_scale * low:
        return None  # the copy it would need is larger than allowed
    key = (id(panel), round(scale, 3))
    if key not in made:
        made[key] = fingerprint_panel(panel, replace(
            fp_config, work_side=round(longest * scale), work_short_side=0,
            max_upscale=max(scale, 1.0)))
    if panel is panel_a:
        return made[key], fp_b
    return fp_a, made[key]


#: Panels whose image is thinner than this (pixels) are not searched.
MIN_PANEL_PIXELS = 16


def is_searched(panel: Panel, config: DetectConfig) -> bool:
    """Whether duplicates of a panel are searched: image data always, other panels
    unless they are line art. A panel not classed yet is classed here.

    A blot on film is mostly white round its strips and labels: its class keeps it,
    where the white share alone (``config.line_art_white``, charts of one style
    sharing axes and fonts) would leave it out. Panels classed graphics are still
    searched when not line art, since the class can be wrong (a blot strip too thin
    to show an area of tone); their findings are judged more strictly
    (:func:`_on_image_data`).
    """
    return _content(panel) == "image" or \
        line_art_share(panel.image) < config.line_art_white


def _content(panel: Panel) -> str:
    """The panel's class, from its pixels when not given."""
    if panel.content != "unknown":
        return panel.content
    return classify_panel(panel.image, pixels_per_point(panel.bbox, panel.image.shape[1]))


def _usable(panels: Sequence[Panel]) -> list[Panel]:
    """The panels wide enough to fingerprint. Slivers (rules, a lone lane, a text line)
    cannot hold a meaningful duplication: they are left out, not errors."""
    kept = [p for p in panels if min(p.image.shape[:2]) >= MIN_PANEL_PIXELS]
    if len(kept) < len(panels):
        logger.debug("find_duplicates: %d panel(s) under %d px left out",
                     len(panels) - len(kept), MIN_PANEL_PIXELS)
    return kept


