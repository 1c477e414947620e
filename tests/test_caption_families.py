"""A caption's figure number keeps its family, as notices name it (issue 21, notices6):
"Extended Data Fig. 3" is ED3 and "Supplementary Figure 2" S2, never Figure 3 or 2 of the
main text, so that a notice's "Extended Data Fig. 3b" links to that figure's panels."""

from __future__ import annotations

import pytest

from forensics.extract import CAPTION_RE
from forensics.figure_numbers import caption_number
from forensics.link import panel_covers
from forensics.model import PanelRef
from forensics.notices.figrefs import find_figure_refs


@pytest.mark.parametrize("caption, number", [
    ("Figure 3. Knockdown of X", "3"),
    ("Extended Data Fig. 3 | Western blots of the lysates", "ED3"),
    ("Supplementary Figure 2. Controls", "S2"),
    ("Supplementary Figure S2. Controls", "S2"),
    ("Figure S4: More controls", "S4"),
    ("Figure EV3. Expanded view", "EV3"),
    ("Figure 3\u2014figure supplement 1. Quantification", "3-S1"),
])
def test_caption_number_keeps_the_figure_family(caption: str, number: str) -> None:
    m = CAPTION_RE.match(caption)
    assert m is not None and caption_number(m) == number


@pytest.mark.parametrize("printed", ["Extended Data Fig. 3b", "Supplementary Figure 2b",
                                     "Figure 3\u2014figure supplement 1B"])
def test_a_notice_panel_names_the_figure_its_caption_names(printed: str) -> None:
    """The number a notice gives a panel's figure is the number its caption is read as."""
    [(_, _, panels)] = find_figure_refs(printed + " is duplicated")
    caption = printed.rstrip("bB") + ". The legend"
    m = CAPTION_RE.match(caption)
    assert m is not None
    ref = PanelRef(figure=caption_number(m), panel="B")
    assert panel_covers(panels[0], ref)
    other = PanelRef(figure=caption_number(m).lstrip("EDS").split("-")[0],
                     panel="B")
    assert not panel_covers(panels[0], other)  # never the main figure of that number
