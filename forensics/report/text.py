"""One-line summaries of findings, as the terminal prints them and a person reads them."""

from __future__ import annotations

from forensics.model import Match, PanelRef
from forensics.report.contract import rotation_degrees

__all__ = ["FLIP_WORDS", "describe_finding", "describe_match", "panel_name", "place_in",
           "transform_words"]


def panel_name(ref: PanelRef) -> str:
    """How a person names a panel: ``"Fig 3A"``, ``"Fig ?"`` when the figure is unknown."""
    fig = ref.figure or "?"
    return f"Fig {fig}{ref.panel or ''}"


def _where(ref: PanelRef) -> str:
    file = (ref.file or "?").rsplit("/", 1)[-1]
    return f"{file} p{ref.page}" if ref.page else file


def _clone_places(m: Match) -> str:
    """`` (12 x 5 pt, top left and bottom right)``: the size of a cloned region and
    where its two copies lie in the panel; empty when the boxes are not known."""
    box, region_a, region_b = m.a.bbox, m.region_a, m.region_b
    if box is None or region_a is None or region_b is None:
        return ""
    x0, y0, x1, y1 = region_a
    places = [place_in(region, box) for region in (region_a, region_b)]
    where = places[0] if places[0] == places[1] else " and ".join(places)
    return f" ({x1 - x0:.0f} × {y1 - y0:.0f} pt, at {where})"


def place_in(region: tuple[float, float, float, float],
              box: tuple[float, float, float, float]) -> str:
    """Where a region's centre lies in a box, by thirds: "top left", "centre"..."""
    fx = ((region[0] + region[2]) / 2 - box[0]) / max(1e-6, box[2] - box[0])
    fy = ((region[1] + region[3]) / 2 - box[1]) / max(1e-6, box[3] - box[1])
    row = ("top", "middle", "bottom")[min(2, max(0, int(fy * 3)))]
    col = ("left", "centre", "right")[min(2, max(0, int(fx * 3)))]
    if row == "middle":
        return col
    return row if col == "centre" else f"{row} {col}"


def describe_match(m: Match) -> str:
    """One line a person reads, e.g.
    ``Fig 3A (x.pdf p5) ≈ Fig 2A (y.pdf p3): rotated 90°, flipped horizontally, 85% overlap,
    score 0.97``."""
    t = m.transform
    how = []
    if m.kind == "clone":
        how.append("cloned region inside one panel" + _clone_places(m))
    if t.rotation:
        how.append(f"rotated {rotation_degrees(t.rotation)}°")
    if t.flip:
        how.append(f"flipped {t.flip}ly")
    if abs(t.scale - 1) >= 0.05:
        how.append(f"scaled ×{t.scale:.2f}")
    if not how:
        how.append("same orientation")
    if m.kind != "clone":
        how.append(f"{round(100 * min(m.overlap_a, m.overlap_b))}% overlap"
                   + (" (partial)" if m.kind == "overlap" else ""))
    line = (f"{panel_name(m.a)} ({_where(m.a)}) ≈ {panel_name(m.b)} ({_where(m.b)}): "
            + ", ".join(how))
    line += f", score {m.score:.2f}"
    if m.declared:
        line += f"\n    the caption declares repeated data: \"{m.declared}\""
    for n in m.notices:
        line += f"\n    confirmed by {n.kind} {n.doi or ''}".rstrip()
    return line


#: How each flip reads to a person looking at the two panels.
FLIP_WORDS = {"horizontal": "flipped left to right", "vertical": "flipped upside down"}


def transform_words(m: Match) -> str:
    """The transform in words, e.g. ``"flipped left to right, rotated 90°, enlarged ×1.39"``;
    ``"as printed"`` when b is a itself."""
    t = m.transform
    words = []
    if t.flip:
        words.append(FLIP_WORDS.get(t.flip, f"flipped {t.flip}ly"))
    if t.rotation:
        words.append(f"rotated {rotation_degrees(t.rotation)}° anticlockwise")
    if abs(t.scale - 1) >= 0.05:
        words.append(f"{'enlarged' if t.scale > 1 else 'shrunk'} ×{t.scale:.2f}")
    return ", ".join(words) or "in the same orientation and size"


def describe_finding(m: Match) -> str:
    """The finding as one neutral sentence a reader acts on, e.g. ``"Fig 5E (mir31.pdf,
    page 6) appears to duplicate Fig 2A (lifesci.pdf, page 3), flipped left to right,
    over 97% of its area."``; a clone reads ``"Fig 2A (x.pdf, page 3) appears to hold
    one region twice (37 × 43 pt, at top right and top)."``."""
    def where(ref: PanelRef) -> str:
        file = (ref.file or "?").rsplit("/", 1)[-1]
        return f"{panel_name(ref)} ({file}, page {ref.page})" if ref.page else \
            f"{panel_name(ref)} ({file})"

    if m.kind == "clone":
        return f"{where(m.a)} appears to hold one region twice{_clone_places(m)}."
    share = round(100 * min(m.overlap_a, m.overlap_b))
    what = "duplicate" if m.kind == "duplicate" else "share a region with"
    return (f"{where(m.a)} appears to {what} {where(m.b)}, {transform_words(m)}, "
            f"over {share}% of its area.")
