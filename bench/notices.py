"""Benchmark the notice parser on the fixture notices and their ground truth.

Run as ``python bench/notices.py [--verbose]``. For each split (``dev``: written
while the parser was built; ``heldout``: written afterwards and never tuned on)
it prints:

* claims exact: claims whose panels, other article's DOI and other panels all
  equal the truth, over (truth claims + spurious extracted claims);
* relation / external: among exactly extracted claims, the share whose relation
  word and inside/outside-the-article flag also agree;
* kind, notice DOI, article DOI, reasons (exact set): per-notice accuracy.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forensics.model import Notice  # noqa: E402
from forensics.notices import load_notices  # noqa: E402

FIXTURES = ROOT / "tests" / "data" / "notices"


def _claim_key(panels, other_doi, other_panels, parsed=True) -> tuple:
    return (frozenset(panels), (other_doi or "").lower() or None, frozenset(other_panels), parsed)


def score_notice(notice: Notice, truth: dict) -> dict:
    """Compare one parsed notice with its truth entry."""
    want = Counter()
    want_extra = {}
    for c in truth["claims"]:
        key = _claim_key(c["panels"], c["other_doi"], c["other_panels"], c.get("parsed", True))
        want[key] += 1
        want_extra[key] = (c["relation"], c["external"])
    got = Counter()
    got_extra = {}
    for c in notice.claims:
        key = _claim_key(c.panels, c.other.doi if c.other else None, c.other_panels, c.parsed)
        got[key] += 1
        got_extra[key] = (c.relation, c.other is not None)
    matched = sum((want & got).values())
    spurious = sum((got - want).values())
    missing = sum((want - got).values())
    rel_ok = sum(1 for k in (want & got) if want_extra[k][0] == got_extra[k][0])
    ext_ok = sum(1 for k in (want & got) if want_extra[k][1] == got_extra[k][1])
    return {
        "claims_total": sum(want.values()) + spurious,
        "claims_exact": matched,
        "missing": missing,
        "spurious": spurious,
        "relation_ok": rel_ok,
        "external_ok": ext_ok,
        "kind": notice.kind == truth["kind"],
        "doi": (notice.doi or None) == truth["doi"],
        "article_doi": (notice.article.doi or None) == truth["article_doi"],
        "reasons": set(notice.reasons) == set(truth["reasons"]),
        "want": sorted(map(str, want - got)),
        "got": sorted(map(str, got - want)),
    }


def run(verbose: bool = False) -> dict[str, dict[str, float]]:
    """Parse every fixture notice, score it, print a table; return the figures per split."""
    truth = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))
    rows: dict[str, list[dict]] = {}
    for name, entry in truth.items():
        if name.startswith("_"):
            continue
        [notice] = load_notices(FIXTURES / name)
        result = score_notice(notice, entry)
        rows.setdefault(entry["split"], []).append(result)
        if verbose and (result["missing"] or result["spurious"] or not all(
                result[k] for k in ("kind", "doi", "article_doi", "reasons"))):
            print(f"-- {name}: kind={notice.kind} doi={notice.doi} "
                  f"article={notice.article.doi} reasons={notice.reasons}")
            print(f"   missing {result['want']}\n   spurious {result['got']}")
    figures: dict[str, dict[str, float]] = {}
    header = (f"{'split':8} {'notices':>7} {'claims':>7} {'exact':>7} {'relation':>8} "
              f"{'external':>8} {'kind':>6} {'n.doi':>6} {'a.doi':>6} {'reasons':>7}")
    print(header)
    print("-" * len(header))
    for split in ("dev", "heldout", "heldout2"):
        rs = rows.get(split, [])
        if not rs:
            continue
        n = len(rs)
        total = sum(r["claims_total"] for r in rs)
        exact = sum(r["claims_exact"] for r in rs)
        f = {
            "notices": n,
            "claims": total,
            "claims_exact": exact / total if total else 1.0,
            "relation": sum(r["relation_ok"] for r in rs) / exact if exact else 1.0,
            "external": sum(r["external_ok"] for r in rs) / exact if exact else 1.0,
            "kind": sum(r["kind"] for r in rs) / n,
            "notice_doi": sum(r["doi"] for r in rs) / n,
            "article_doi": sum(r["article_doi"] for r in rs) / n,
            "reasons": sum(r["reasons"] for r in rs) / n,
        }
        figures[split] = f
        print(f"{split:8} {n:7d} {total:7d} {f['claims_exact']:7.1%} {f['relation']:8.1%} "
              f"{f['external']:8.1%} {f['kind']:6.0%} {f['notice_doi']:6.0%} "
              f"{f['article_doi']:6.0%} {f['reasons']:7.0%}")
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="show each miss")
    run(parser.parse_args().verbose)
