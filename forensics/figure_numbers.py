"""Figure numbers with their family, as captions print them and notices name them."""

from __future__ import annotations

import re

__all__ = ["caption_number"]


def caption_number(m: re.Match) -> str:
    """The figure number a caption match names, its family kept, as notices name it.

    Parameters
    ----------
    m : re.Match
        A match of ``forensics.extract.CAPTION_RE``: groups ``number`` ("3", "S2",
        "EV3"), ``supp`` ("Supplementary "), ``ext`` ("Extended Data ") and ``figsupp``
        (the 1 of eLife's "Figure 3—figure supplement 1").

    Returns
    -------
    str
        "3", "S2" (also for "Supplementary Figure 2"), "ED3" ("Extended Data Fig. 3"),
        "EV3", "3-S1": never the number of the main figure, so that a notice's
        "Extended Data Fig. 3b" is not read as Figure 3's panel B.
    """
    number = m.group("number")
    if m.group("ext"):
        number = "ED" + number
    elif m.group("supp") and not number.startswith("S"):
        number = "S" + number
    if m.group("figsupp"):
        number = f"{number}-S{m.group('figsupp')}"
    return number
